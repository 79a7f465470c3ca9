/*
 * src/inventory/npm.c: npm packages: package-lock.json and
 * npm-shrinkwrap.json (lockfile v1 "dependencies" trees, v2/v3 "packages"
 * maps), yarn.lock (v1 and berry), pnpm-lock.yaml (v5 to v9) and installed
 * node_modules/.../package.json files.
 *
 * Relationships: in v2/v3 lockfiles and pnpm lockfiles the root project's
 * own dependency lists say which packages are direct; for yarn.lock they
 * come from the project's package.json when the collector has it, which
 * also marks packages reachable only through devDependencies as dev.
 */
#include "inventory/lang.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/parse.h"
#include "util/xalloc.h"

/* ---- package-lock.json ------------------------------------------------------- */

static bool in_obj(const json_t *root, const char *member, const char *name)
{
	json_t *o = json_object_get(root, member);

	return json_is_object(o) && json_object_get(o, name) != NULL;
}

static bool root_depends_on(const json_t *root, const char *name)
{
	return in_obj(root, "dependencies", name) || in_obj(root, "devDependencies", name) ||
	       in_obj(root, "optionalDependencies", name) || in_obj(root, "peerDependencies", name);
}

/* The name a v2/v3 "packages" key installs: the part after its last "node_modules/". */
static const char *key_name(const char *key)
{
	const char *p = key, *last = NULL;

	while ((p = strstr(p, "node_modules/")) != NULL) {
		if (p == key || p[-1] == '/')
			last = p + strlen("node_modules/");
		p += strlen("node_modules/");
	}
	return last;
}

static int lock_v1(const char *path, json_t *deps, struct dd_lang_seen *seen,
		   struct dd_inventory *inv, int depth, struct dd_err *e)
{
	const char *name;
	json_t *d;

	if (!json_is_object(deps))
		return 0;
	if (depth > DD_LANG_MAX_DEPTH)
		return dd_err_set(e, -DDE_LIMIT, "dependencies nested deeper than %d", DD_LANG_MAX_DEPTH);
	json_object_foreach(deps, name, d) {
		const char *version = dd_json_str(d, "version");
		struct dd_pkg *p;

		if (!json_is_object(d))
			continue;
		if (json_is_true(json_object_get(d, "bundled")) && !version)
			continue;
		p = dd_lang_add_once(seen, inv, DD_ECO_NPM, path, name, version);
		if (p)
			p->dev = json_is_true(json_object_get(d, "dev"));
		if (lock_v1(path, json_object_get(d, "dependencies"), seen, inv, depth + 1, e) < 0)
			return e->code;
	}
	return 0;
}

int dd_npm_parse_lock(const char *path, struct dd_slice data, struct dd_inventory *inv,
		      struct dd_err *e)
{
	struct dd_lang_seen seen = DD_LANG_SEEN_INIT;
	json_t *doc = NULL, *pkgs, *rootpkg, *v;
	const char *key;
	int r;

	r = dd_lang_json(&doc, data, e);
	if (r < 0)
		return r;
	if (!json_is_object(doc)) {
		r = dd_err_set(e, -DDE_FORMAT, "not a JSON object");
		goto out;
	}
	pkgs = json_object_get(doc, "packages");
	if (!json_is_object(pkgs)) {
		r = lock_v1(path, json_object_get(doc, "dependencies"), &seen, inv, 0, e);
		goto out;
	}
	rootpkg = json_object_get(pkgs, "");
	if (json_is_object(rootpkg)) {
		struct dd_pkg *p = dd_lang_add_once(&seen, inv, DD_ECO_NPM, path,
						    dd_json_str(rootpkg, "name"),
						    dd_json_str(rootpkg, "version"));
		if (p)
			p->dep = DD_DEP_ROOT;
	}
	json_object_foreach(pkgs, key, v) {
		const char *name = dd_json_str(v, "name"), *inst = key_name(key);
		struct dd_pkg *p;

		if (!json_is_object(v) || !inst || !*inst)
			continue;
		if (json_is_true(json_object_get(v, "link")))
			continue;
		if (!name)
			name = inst;
		p = dd_lang_add_once(&seen, inv, DD_ECO_NPM, path, name, dd_json_str(v, "version"));
		if (!p)
			continue;
		p->dev = json_is_true(json_object_get(v, "dev"));
		if (json_is_object(rootpkg))
			p->dep = (inst == key + strlen("node_modules/") && root_depends_on(rootpkg, inst)) ?
				DD_DEP_DIRECT : DD_DEP_INDIRECT;
	}
out:
	json_decref(doc);
	dd_lang_seen_release(&seen);
	return r;
}

/* ---- installed package.json -------------------------------------------------- */

int dd_npm_parse_pkgjson(const char *path, struct dd_slice data, struct dd_inventory *inv,
			 struct dd_err *e)
{
	json_t *doc = NULL;
	int r;

	r = dd_lang_json(&doc, data, e);
	if (r < 0)
		return r;
	if (!json_is_object(doc)) {
		r = dd_err_set(e, -DDE_FORMAT, "not a JSON object");
		goto out;
	}
	/* files without a name and version (test fixtures, "type" stubs) are not packages */
	dd_lang_add(inv, DD_ECO_NPM, path, dd_json_str(doc, "name"), dd_json_str(doc, "version"));
out:
	json_decref(doc);
	return r;
}

/* ---- yarn.lock ------------------------------------------------------------------ */

struct yarn_entry {
	char *name, *version;
	char **specs;		/* "name@range" keys of the entry */
	size_t n_specs;
	char **deps;		/* "name@range" it depends on */
	size_t n_deps, cap_deps;
	bool prod, reached;
};

struct yarn_key;
struct yarn {
	struct yarn_entry *ents;
	size_t n, cap;
	struct yarn_key *keys;	/* every spec, sorted, for lookups */
	size_t n_keys;
};

static void yarn_release(struct yarn *y)
{
	size_t i, j;

	for (i = 0; i < y->n; i++) {
		struct yarn_entry *en = &y->ents[i];

		for (j = 0; j < en->n_specs; j++)
			free(en->specs[j]);
		for (j = 0; j < en->n_deps; j++)
			free(en->deps[j]);
		free(en->specs);
		free(en->deps);
		free(en->name);
		free(en->version);
	}
	free(y->ents);
	free(y->keys);
}

static struct dd_slice unquote(struct dd_slice s)
{
	s = dd_slice_trim(s);
	if (s.len >= 2 && (s.ptr[0] == '"' || s.ptr[0] == '\'') && s.ptr[s.len - 1] == s.ptr[0])
		return dd_slice_of(s.ptr + 1, s.len - 2);
	return s;
}

/* The package name of "name@range" / "@scope/name@range". */
static struct dd_slice spec_name(struct dd_slice spec)
{
	size_t i;

	for (i = spec.len && spec.ptr[0] == '@' ? 1 : 0; i < spec.len; i++)
		if (spec.ptr[i] == '@')
			return dd_slice_of(spec.ptr, i);
	return spec;
}

static size_t indent_of(struct dd_slice line)
{
	size_t i = 0;

	while (i < line.len && line.ptr[i] == ' ')
		i++;
	return i;
}

/* Splits "key value" or "key: value" (key may be quoted). */
static void yarn_kv(struct dd_slice s, struct dd_slice *k, struct dd_slice *v)
{
	size_t i = 0;

	s = dd_slice_trim(s);
	if (s.len && s.ptr[0] == '"') {
		for (i = 1; i < s.len && s.ptr[i] != '"'; i++)
			;
		if (i < s.len)
			i++;
	} else {
		while (i < s.len && s.ptr[i] != ' ' && s.ptr[i] != ':')
			i++;
	}
	*k = unquote(dd_slice_of(s.ptr, i));
	s = dd_slice_of(s.ptr + i, s.len - i);
	if (s.len && s.ptr[0] == ':')
		s = dd_slice_of(s.ptr + 1, s.len - 1);
	*v = unquote(s);
}

struct yarn_key {
	const char *spec;
	int ent;
};

static int cmp_key(const void *a, const void *b)
{
	return strcmp(((const struct yarn_key *)a)->spec, ((const struct yarn_key *)b)->spec);
}

static void yarn_index(struct yarn *y)
{
	size_t i, j, n = 0;

	for (i = 0; i < y->n; i++)
		n += y->ents[i].n_specs;
	y->keys = dd_xcalloc(n + 1, sizeof(*y->keys));
	for (i = 0; i < y->n; i++)
		for (j = 0; j < y->ents[i].n_specs; j++)
			y->keys[y->n_keys++] = (struct yarn_key){ y->ents[i].specs[j], (int)i };
	if (y->n_keys > 1)
		qsort(y->keys, y->n_keys, sizeof(*y->keys), cmp_key);
}

static int yarn_lookup(const struct yarn *y, const char *spec)
{
	struct yarn_key k = { spec, -1 };
	const struct yarn_key *f;

	if (!y->n_keys)
		return -1;
	f = bsearch(&k, y->keys, y->n_keys, sizeof(*y->keys), cmp_key);
	return f ? f->ent : -1;
}

static void yarn_mark(struct yarn *y, int start, bool prod)
{
	int *stack = NULL;
	size_t n = 0, cap = 0;

	if (start < 0)
		return;
	DD_GROW(stack, cap, 1);
	stack[n++] = start;
	while (n) {
		struct yarn_entry *en = &y->ents[stack[--n]];
		size_t j;

		if (prod ? en->prod : en->reached)
			continue;
		if (prod)
			en->prod = true;
		en->reached = true;
		for (j = 0; j < en->n_deps; j++) {
			int k = yarn_lookup(y, en->deps[j]);

			if (k < 0) {
				/* berry keys carry the protocol: name@npm:range */
				struct dd_slice nm = spec_name(dd_slice_str(en->deps[j]));
				char *alt = dd_xasprintf("%.*s@npm:%s", DD_SLICE_FMT(nm),
							 en->deps[j] + nm.len + 1);
				k = yarn_lookup(y, alt);
				free(alt);
			}
			if (k >= 0) {
				DD_GROW(stack, cap, n + 1);
				stack[n++] = k;
			}
		}
	}
	free(stack);
}

/* Marks the entries a package.json dependency list reaches; returns the direct ones via flags. */
static void yarn_roots(struct yarn *y, json_t *deps, bool prod, bool *direct)
{
	const char *name;
	json_t *range;

	if (!json_is_object(deps))
		return;
	json_object_foreach(deps, name, range) {
		char *spec;
		int k;

		if (!json_is_string(range))
			continue;
		spec = dd_xasprintf("%s@%s", name, json_string_value(range));
		k = yarn_lookup(y, spec);
		free(spec);
		if (k < 0) {
			spec = dd_xasprintf("%s@npm:%s", name, json_string_value(range));
			k = yarn_lookup(y, spec);
			free(spec);
		}
		if (k < 0)
			continue;
		if (prod)
			direct[k] = true;
		yarn_mark(y, k, prod);
	}
}

int dd_npm_parse_yarn_with(const char *path, struct dd_slice data, struct dd_slice pkgjson,
			   struct dd_inventory *inv, struct dd_err *e)
{
	struct dd_lang_seen seen = DD_LANG_SEEN_INIT;
	struct yarn y = { NULL, 0, 0, NULL, 0 };
	struct yarn_entry *cur = NULL;
	struct dd_slice in = data, line;
	json_t *pj = NULL;
	bool in_deps = false, *direct = NULL;
	size_t lineno = 0, i;
	int r = 0;

	if (data.len > DD_LANG_MAX_FILE)
		return dd_lang_too_large(data, e);
	while (dd_parse_line(&in, &line)) {
		size_t ind = indent_of(line);
		struct dd_slice body = dd_slice_trim(line), k, v;

		lineno++;
		if (!body.len || body.ptr[0] == '#')
			continue;
		if (ind == 0) {
			struct dd_slice specs;

			in_deps = false;
			cur = NULL;
			if (body.ptr[body.len - 1] != ':')
				continue;
			specs = dd_slice_of(body.ptr, body.len - 1);
			if (dd_slice_eq(specs, "__metadata"))
				continue;
			DD_GROW(y.ents, y.cap, y.n + 1);
			cur = &y.ents[y.n++];
			memset(cur, 0, sizeof(*cur));
			while (specs.len) {
				struct dd_slice s = dd_slice_trim(dd_parse_until(&specs, ','));

				/* berry quotes the whole list: "a@npm:^1, a@npm:^1.1" */
				if (s.len && s.ptr[0] == '"')
					s = dd_slice_of(s.ptr + 1, s.len - 1);
				if (s.len && s.ptr[s.len - 1] == '"')
					s.len--;
				if (!s.len)
					continue;
				if (!cur->name)
					cur->name = dd_slice_dup(spec_name(s));
				cur->specs = dd_xrealloc(cur->specs, (cur->n_specs + 1) * sizeof(char *));
				cur->specs[cur->n_specs++] = dd_slice_dup(s);
			}
			continue;
		}
		if (!cur)
			continue;
		if (ind <= 2) {
			yarn_kv(body, &k, &v);
			in_deps = dd_slice_eq(k, "dependencies") || dd_slice_eq(k, "optionalDependencies");
			if (dd_slice_eq(k, "version") && v.len && !cur->version)
				cur->version = dd_slice_dup(v);
			continue;
		}
		if (in_deps) {
			yarn_kv(body, &k, &v);
			if (!k.len)
				continue;
			DD_GROW(cur->deps, cur->cap_deps, cur->n_deps + 1);
			cur->deps[cur->n_deps++] = dd_xasprintf("%.*s@%.*s", DD_SLICE_FMT(k), DD_SLICE_FMT(v));
		}
	}
	if (!y.n && data.len && !dd_slice_starts(dd_slice_trim(data), "#")) {
		r = dd_err_set(e, -DDE_FORMAT, "no yarn.lock entries");
		goto out;
	}
	direct = dd_xcalloc(y.n + 1, sizeof(*direct));
	yarn_index(&y);
	if (pkgjson.len && dd_lang_json(&pj, pkgjson, e) == 0 && json_is_object(pj)) {
		struct dd_pkg *p = dd_lang_add_once(&seen, inv, DD_ECO_NPM, path, dd_json_str(pj, "name"),
						    dd_json_str(pj, "version"));
		if (p)
			p->dep = DD_DEP_ROOT;
		yarn_roots(&y, json_object_get(pj, "dependencies"), true, direct);
		yarn_roots(&y, json_object_get(pj, "optionalDependencies"), true, direct);
		yarn_roots(&y, json_object_get(pj, "peerDependencies"), true, direct);
		yarn_roots(&y, json_object_get(pj, "devDependencies"), false, direct);
	} else if (pkgjson.len) {
		dd_err_release(e);	/* a broken package.json only costs the relationships */
	}
	for (i = 0; i < y.n; i++) {
		struct yarn_entry *en = &y.ents[i];
		struct dd_pkg *p;

		if (!en->version || strcmp(en->version, "0.0.0-use.local") == 0)
			continue;
		if (en->n_specs && strstr(en->specs[0], "@workspace:"))
			continue;
		p = dd_lang_add_once(&seen, inv, DD_ECO_NPM, path, en->name, en->version);
		if (!p || !pj)
			continue;
		p->dep = direct[i] ? DD_DEP_DIRECT : DD_DEP_INDIRECT;
		p->dev = en->reached && !en->prod;
	}
out:
	free(direct);
	json_decref(pj);
	yarn_release(&y);
	dd_lang_seen_release(&seen);
	return r;
}

int dd_npm_parse_yarn(const char *path, struct dd_slice data, struct dd_inventory *inv,
		      struct dd_err *e)
{
	return dd_npm_parse_yarn_with(path, data, DD_SLICE_NULL, inv, e);
}

/* ---- pnpm-lock.yaml ------------------------------------------------------------- */

/*
 * Splits a packages key into name and version: v5 "/name/1.0.0_peer",
 * "/@s/name/1.0.0"; v6 "/name@1.0.0(peer@1)"; v9 "name@1.0.0".
 */
static bool pnpm_key(const char *key, bool v5, char **name, char **version)
{
	struct dd_slice s = dd_slice_str(key);
	size_t i, at = 0, slash = 0, start;

	if (s.len && s.ptr[0] == '/')
		s = dd_slice_of(s.ptr + 1, s.len - 1);
	start = s.len && s.ptr[0] == '@' ? 1 : 0;
	for (i = start; i < s.len; i++) {
		if (s.ptr[i] == '(')
			break;
		if (s.ptr[i] == '@' && !at)
			at = i;
	}
	s.len = i;
	if (at && !v5) {
		*name = dd_xstrndup(s.ptr, at);
		*version = dd_xstrndup(s.ptr + at + 1, s.len - at - 1);
		return true;
	}
	/* v5: the version follows the last '/' */
	for (i = 0; i < s.len; i++)
		if (s.ptr[i] == '/')
			slash = i;
	if (!slash)
		return false;
	*name = dd_xstrndup(s.ptr, slash);
	s = dd_slice_of(s.ptr + slash + 1, s.len - slash - 1);
	*version = dd_slice_dup(dd_parse_until(&s, '_'));
	return true;
}

/* Adds the names of an importer's dependency map to a list of direct names. */
static void pnpm_direct(const struct dd_tnode *deps, char ***names, size_t *n, size_t *cap)
{
	size_t i;

	if (!deps || deps->kind != DD_TN_MAP)
		return;
	for (i = 0; i < deps->n_kids; i++) {
		if (!deps->kids[i]->key)
			continue;
		DD_GROW(*names, *cap, *n + 1);
		(*names)[(*n)++] = deps->kids[i]->key;
	}
}

int dd_npm_parse_pnpm(const char *path, struct dd_slice data, struct dd_inventory *inv,
		      struct dd_err *e)
{
	struct dd_lang_seen seen = DD_LANG_SEEN_INIT;
	const struct dd_tnode *pkgs, *imp, *root_imp = NULL, *lv;
	struct dd_tnode *doc = NULL;
	char **direct = NULL, **devdirect = NULL;
	size_t n_direct = 0, cap_direct = 0, n_dev = 0, cap_dev = 0, i, j;
	bool v5;
	int r;

	r = dd_lang_yaml(&doc, data, e);
	if (r < 0)
		return r;
	if (doc->kind != DD_TN_MAP) {
		r = dd_err_set(e, -DDE_FORMAT, "not a YAML mapping");
		goto out;
	}
	lv = dd_tnode_get(doc, "lockfileVersion");
	if (!lv || lv->kind != DD_TN_SCALAR) {
		r = dd_err_set(e, -DDE_FORMAT, "no lockfileVersion");
		goto out;
	}
	/* "5.3", "5.4": slash-separated keys; "6.0", "9.0": name@version */
	{
		struct dd_slice vs = dd_slice_str(lv->str);
		uint64_t major = 0;

		v5 = dd_parse_u64(&vs, 1000, &major) == 0 && major < 6;
	}
	imp = dd_tnode_get(doc, "importers");
	root_imp = imp ? dd_tnode_get(imp, ".") : doc;
	pnpm_direct(dd_tnode_get(root_imp, "dependencies"), &direct, &n_direct, &cap_direct);
	pnpm_direct(dd_tnode_get(root_imp, "optionalDependencies"), &direct, &n_direct, &cap_direct);
	pnpm_direct(dd_tnode_get(root_imp, "devDependencies"), &devdirect, &n_dev, &cap_dev);
	pkgs = dd_tnode_get(doc, "packages");
	if (!pkgs || pkgs->kind != DD_TN_MAP)
		goto out;
	for (i = 0; i < pkgs->n_kids; i++) {
		const struct dd_tnode *pk = pkgs->kids[i];
		const char *dev, *pv;
		char *name = NULL, *version = NULL;
		struct dd_pkg *p;

		if (!pk->key || !pnpm_key(pk->key, v5, &name, &version))
			continue;
		/* "name" and "version" fields win for tarball and git dependencies */
		if (dd_tnode_str(pk, "name")) {
			free(name);
			name = dd_xstrdup(dd_tnode_str(pk, "name"));
		}
		pv = dd_tnode_str(pk, "version");
		if (pv) {
			free(version);
			version = dd_xstrdup(pv);
		}
		p = dd_lang_add_once(&seen, inv, DD_ECO_NPM, path, name, version);
		if (p) {
			bool prod = false, devd = false;

			for (j = 0; j < n_direct; j++)
				prod = prod || strcmp(direct[j], name) == 0;
			for (j = 0; j < n_dev; j++)
				devd = devd || strcmp(devdirect[j], name) == 0;
			p->dep = prod || devd ? DD_DEP_DIRECT : DD_DEP_INDIRECT;
			dev = dd_tnode_str(pk, "dev");
			p->dev = dev ? strcmp(dev, "true") == 0 : (devd && !prod);
		}
		free(name);
		free(version);
	}
out:
	free(direct);
	free(devdirect);
	dd_tnode_free(doc);
	dd_lang_seen_release(&seen);
	return r;
}

/* ---- bun.lock ------------------------------------------------------------------------ */

/* The end of the comment at p ("//" to the line's end, or a block), or p when none starts there. */
static const char *skip_comment(const char *p, const char *end)
{
	const char *c;

	if (end - p < 2 || p[0] != '/')
		return p;
	if (p[1] == '/')
		return (c = memchr(p, '\n', (size_t)(end - p))) ? c : end;
	if (p[1] == '*')
		return (c = memmem(p + 2, (size_t)(end - p - 2), "*/", 2)) ? c + 2 : end;
	return p;
}

/*
 * bun.lock is JSONC: JSON with comments and trailing commas. Copies d into
 * out without them (strings untouched), so jansson can read it.
 */
static void jsonc_to_json(struct dd_slice d, struct dd_buf *out)
{
	const char *p = d.ptr, *end = d.ptr + d.len, *q;

	while (p < end) {
		if (*p == '"') {
			q = p + 1;
			while (q < end && *q != '"')
				q += (*q == '\\' && q + 1 < end) ? 2 : 1;
			q = q < end ? q + 1 : end;
			dd_buf_add(out, p, (size_t)(q - p));
			p = q;
		} else if ((q = skip_comment(p, end)) != p) {
			p = q;
		} else if (*p == ',') {
			/* dropped when only blanks and comments come before '}' or ']' */
			const char *next;

			for (q = p + 1; q < end; q = next) {
				while (q < end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
					q++;
				if ((next = skip_comment(q, end)) == q)
					break;
			}
			if (q >= end || (*q != '}' && *q != ']'))
				dd_buf_addch(out, ',');
			p++;
		} else {
			dd_buf_addch(out, *p++);
		}
	}
}

/* Length of key k[0..n) without its last package ("name" or "@scope/name"): "a/@s/b" -> "a". */
static size_t strip_last_pkg(const char *k, size_t n)
{
	size_t i = n, j;

	while (i && k[i - 1] != '/')
		i--;
	if (i == 0)
		return 0;
	j = i - 1;
	while (j && k[j - 1] != '/')
		j--;
	if (k[j] == '@')
		return j ? j - 1 : 0;
	return i - 1;
}

/*
 * The "packages" entry a dependency dep of the package at key from resolves
 * to, its key left in kb: bun nests a package that cannot be hoisted under
 * its dependent ("a/b"), so "a/b" + "c" looks for "a/b/c", "a/c", then "c".
 */
static json_t *bun_resolve(json_t *pkgs, const char *from, const char *dep, struct dd_buf *kb)
{
	size_t fl = from ? strlen(from) : 0;

	for (;;) {
		json_t *v;

		dd_buf_reset(kb);
		if (fl) {
			dd_buf_add(kb, from, fl);
			dd_buf_addch(kb, '/');
		}
		dd_buf_adds(kb, dep);
		if ((v = json_object_get(pkgs, kb->buf)))
			return v;
		if (!fl)
			return NULL;
		fl = strip_last_pkg(from, fl);
	}
}

/* Queues the packages that the dependency object deps of the package at key from names. */
static void bun_queue(json_t *pkgs, const char *from, json_t *deps, int bit, json_t *marks,
		      json_t *queue, struct dd_buf *kb)
{
	const char *dep;
	json_t *v;

	if (!json_is_object(deps))
		return;
	json_object_foreach(deps, dep, v) {
		json_t *m;
		int old;

		if (!bun_resolve(pkgs, from, dep, kb))
			continue;
		m = json_object_get(marks, kb->buf);
		old = m ? (int)json_integer_value(m) : 0;
		if (old & bit)
			continue;
		json_object_set_new(marks, kb->buf, json_integer(old | bit));
		json_array_append_new(queue, json_string(kb->buf));
	}
}

/*
 * Marks (bit) every package reachable from the dependency object deps of
 * the root workspace: a worklist, each package taken once per bit, so any
 * depth of graph is walked in linear time.
 */
static void bun_mark(json_t *pkgs, json_t *deps, int bit, json_t *marks, struct dd_buf *kb)
{
	json_t *queue = json_array();
	size_t i;

	bun_queue(pkgs, NULL, deps, bit, marks, queue, kb);
	for (i = 0; i < json_array_size(queue); i++) {
		char *key = dd_xstrdup(json_string_value(json_array_get(queue, i)));
		json_t *meta = json_array_get(json_object_get(pkgs, key), 2);

		bun_queue(pkgs, key, json_object_get(meta, "dependencies"), bit, marks, queue, kb);
		bun_queue(pkgs, key, json_object_get(meta, "optionalDependencies"), bit, marks, queue,
			  kb);
		bun_queue(pkgs, key, json_object_get(meta, "peerDependencies"), bit, marks, queue, kb);
		free(key);
	}
	json_decref(queue);
}

/*
 * bun.lock (text lockfile, bun >= 1.2): "packages" maps a key to
 * ["name@version", registry, {dependencies...}, integrity]. Packages not
 * from the registry ("name@workspace:...", "github:", "file:", "link:")
 * have no registry version and are left out. The root workspace's
 * dependency lists say which are direct; a package reached only through
 * its devDependencies is dev.
 */
int dd_npm_parse_bun_lock(const char *path, struct dd_slice data, struct dd_inventory *inv,
			  struct dd_err *e)
{
	struct dd_lang_seen seen = DD_LANG_SEEN_INIT;
	struct dd_buf text = DD_BUF_INIT, kb = DD_BUF_INIT;
	json_t *doc = NULL, *pkgs, *root, *marks = json_object(), *combo = json_object(), *v;
	const char *key;
	int r;

	if (data.len > DD_LANG_MAX_FILE) {
		r = dd_lang_too_large(data, e);
		goto out;
	}
	jsonc_to_json(data, &text);
	if ((r = dd_lang_json(&doc, dd_buf_slice(&text), e)) < 0)
		goto out;
	pkgs = json_object_get(doc, "packages");
	if (!json_is_object(doc) || !json_is_object(pkgs)) {
		r = dd_err_set(e, -DDE_FORMAT, "not a bun lockfile (no \"packages\" object)");
		goto out;
	}
	root = json_object_get(json_object_get(doc, "workspaces"), "");
	bun_mark(pkgs, json_object_get(root, "dependencies"), 1, marks, &kb);
	bun_mark(pkgs, json_object_get(root, "optionalDependencies"), 1, marks, &kb);
	bun_mark(pkgs, json_object_get(root, "peerDependencies"), 1, marks, &kb);
	bun_mark(pkgs, json_object_get(root, "devDependencies"), 2, marks, &kb);
	/*
	 * One name@version may sit under several keys (hoisted and nested): it is
	 * dev only if no copy is reachable from production, direct if a copy is
	 * a root dependency.
	 */
	json_object_foreach(pkgs, key, v) {
		const char *spec = json_string_value(json_array_get(v, 0));
		int m = (int)json_integer_value(json_object_get(marks, key));
		json_t *c;

		if (!spec)
			continue;
		if (json_object_get(json_object_get(root, "dependencies"), key) ||
		    json_object_get(json_object_get(root, "devDependencies"), key) ||
		    json_object_get(json_object_get(root, "optionalDependencies"), key) ||
		    json_object_get(json_object_get(root, "peerDependencies"), key))
			m |= 4;
		c = json_object_get(combo, spec);
		json_object_set_new(combo, spec, json_integer((c ? json_integer_value(c) : 0) | m));
	}
	json_object_foreach(pkgs, key, v) {
		const char *spec = json_string_value(json_array_get(v, 0)), *at;
		char *name;
		struct dd_pkg *p;
		int m;

		if (!spec || !*spec || !(at = strrchr(spec + 1, '@')) || strchr(at, ':'))
			continue;
		name = dd_xstrndup(spec, (size_t)(at - spec));
		p = dd_lang_add_once(&seen, inv, DD_ECO_NPM, path, name, at + 1);
		free(name);
		if (!p || !root)
			continue;
		m = (int)json_integer_value(json_object_get(combo, spec));
		p->dep = (m & 4) ? DD_DEP_DIRECT : DD_DEP_INDIRECT;
		p->dev = (m & 3) == 2;
	}
out:
	json_decref(doc);
	json_decref(marks);
	json_decref(combo);
	dd_buf_release(&text);
	dd_buf_release(&kb);
	dd_lang_seen_release(&seen);
	return r;
}
