/*
 * src/inventory/java.c: Java (Maven) packages: .jar/.war/.ear/.par archives
 * read from memory with libarchive (META-INF/maven/<g>/<a>/pom.properties,
 * else META-INF/MANIFEST.MF and the file name), nested archives too (depth
 * and inflated bytes capped against zip bombs); pom.xml <dependencies>
 * (with ${property} substitution from <properties> and the project's own
 * coordinates); gradle.lockfile lines "group:artifact:version=configs".
 */
#include "inventory/lang.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/parse.h"
#include "util/xalloc.h"

#define JAR_MAX_DEPTH		4
#define JAR_MAX_NESTED		(256u << 20)	/* one nested archive */
#define JAR_MAX_META		(1u << 20)	/* pom.properties / MANIFEST.MF */
#define JAR_MAX_ENTRIES		200000

uint64_t dd_java_max_inflated = 1024ull << 20;

struct jar_ctx {
	struct dd_inventory *inv;
	struct dd_lang_seen seen;
	uint64_t inflated;
	struct dd_err *e;
};

static bool is_archive_name(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && (strcmp(name + n - 4, ".jar") == 0 || strcmp(name + n - 4, ".war") == 0 ||
			 strcmp(name + n - 4, ".ear") == 0 || strcmp(name + n - 4, ".par") == 0);
}

/* The value of "key=value" / "key: value" in properties or manifest text. */
static char *prop_get(struct dd_slice text, const char *key, char sep)
{
	struct dd_slice line;

	while (dd_parse_line(&text, &line)) {
		struct dd_slice s = dd_slice_trim(line);

		if (!dd_parse_skip(&s, key))
			continue;
		s = dd_slice_trim(s);
		if (!s.len || s.ptr[0] != sep)
			continue;
		s = dd_slice_trim(dd_slice_of(s.ptr + 1, s.len - 1));
		return s.len ? dd_slice_dup(s) : NULL;
	}
	return NULL;
}

static int read_entry(struct archive *a, struct jar_ctx *cx, size_t cap, struct dd_buf *out)
{
	char chunk[16384];
	la_ssize_t n;

	dd_buf_init(out, cap);
	while ((n = archive_read_data(a, chunk, sizeof(chunk))) > 0) {
		cx->inflated += (uint64_t)n;
		if (cx->inflated > dd_java_max_inflated)
			return dd_err_set(cx->e, -DDE_LIMIT, "more than %llu bytes inflated",
					  (unsigned long long)dd_java_max_inflated);
		if (dd_buf_add(out, chunk, (size_t)n) < 0)
			return dd_err_set(cx->e, -DDE_LIMIT, "entry larger than %zu bytes", cap);
	}
	if (n < 0)
		return dd_err_set(cx->e, -DDE_FORMAT, "%s", archive_error_string(a));
	return 0;
}

/* "commons-lang3-3.12.0.jar" -> artifact "commons-lang3", version "3.12.0". */
static void split_filename(const char *path, char **artifact, char **version)
{
	const char *b = strrchr(path, '/');
	size_t n, i;

	b = b ? b + 1 : path;
	n = strlen(b);
	if (n > 4)
		n -= 4;
	*artifact = NULL;
	*version = NULL;
	for (i = 1; i + 1 < n; i++) {
		if (b[i] == '-' && b[i + 1] >= '0' && b[i + 1] <= '9') {
			*artifact = dd_xstrndup(b, i);
			*version = dd_xstrndup(b + i + 1, n - i - 1);
			return;
		}
	}
	*artifact = dd_xstrndup(b, n);
}

static int jar_walk(const char *path, struct dd_slice data, struct jar_ctx *cx, int depth)
{
	struct archive *a = archive_read_new();
	struct archive_entry *ent;
	struct dd_buf manifest = DD_BUF_INIT;
	size_t entries = 0, found = 0;
	int r = 0, ar;

	archive_read_support_format_zip(a);
	if (archive_read_open_memory(a, data.ptr, data.len) != ARCHIVE_OK) {
		r = dd_err_set(cx->e, -DDE_FORMAT, "%s", archive_error_string(a) ?
			       archive_error_string(a) : "not a zip archive");
		goto out;
	}
	while ((ar = archive_read_next_header(a, &ent)) == ARCHIVE_OK || ar == ARCHIVE_WARN) {
		const char *name = archive_entry_pathname(ent);

		if (++entries > JAR_MAX_ENTRIES) {
			r = dd_err_set(cx->e, -DDE_LIMIT, "more than %d entries", JAR_MAX_ENTRIES);
			goto out;
		}
		if (!name || archive_entry_filetype(ent) != AE_IFREG)
			continue;
		if (strncmp(name, "META-INF/maven/", 15) == 0 &&
		    strcmp(strrchr(name, '/') ? strrchr(name, '/') + 1 : name, "pom.properties") == 0) {
			struct dd_buf b;
			char *g, *art, *v;

			r = read_entry(a, cx, JAR_MAX_META, &b);
			if (r < 0) {
				dd_buf_release(&b);
				goto out;
			}
			g = prop_get(dd_buf_slice(&b), "groupId", '=');
			art = prop_get(dd_buf_slice(&b), "artifactId", '=');
			v = prop_get(dd_buf_slice(&b), "version", '=');
			if (g && art && v) {
				char *full = dd_xasprintf("%s:%s", g, art);

				dd_lang_add_once(&cx->seen, cx->inv, DD_ECO_MAVEN, path, full, v);
				found++;
				free(full);
			}
			free(g);
			free(art);
			free(v);
			dd_buf_release(&b);
		} else if (strcmp(name, "META-INF/MANIFEST.MF") == 0) {
			dd_buf_release(&manifest);
			r = read_entry(a, cx, JAR_MAX_META, &manifest);
			if (r < 0)
				goto out;
		} else if (is_archive_name(name)) {
			struct dd_buf nested;
			char *npath;

			if (depth + 1 > JAR_MAX_DEPTH) {
				r = dd_err_set(cx->e, -DDE_LIMIT, "%s: archives nested deeper than %d", name,
					       JAR_MAX_DEPTH);
				goto out;
			}
			r = read_entry(a, cx, JAR_MAX_NESTED, &nested);
			if (r < 0) {
				dd_buf_release(&nested);
				goto out;
			}
			npath = dd_xasprintf("%s/%s", path, name);
			r = jar_walk(npath, dd_buf_slice(&nested), cx, depth + 1);
			free(npath);
			dd_buf_release(&nested);
			if (r < 0) {
				if (r == -DDE_LIMIT)
					goto out;
				/* a corrupt nested archive only loses its own packages */
				dd_err_wrap(cx->e, "%s", name);
				r = 0;
			}
		}
	}
	if (ar != ARCHIVE_EOF) {
		r = dd_err_set(cx->e, -DDE_FORMAT, "%s", archive_error_string(a) ?
			       archive_error_string(a) : "corrupt zip archive");
		if (found)
			goto out;
	}
	if (!found) {
		/* no Maven metadata: the manifest and the file name */
		char *art = NULL, *fver = NULL, *g, *v;

		split_filename(path, &art, &fver);
		g = prop_get(dd_buf_slice(&manifest), "Implementation-Vendor-Id", ':');
		v = prop_get(dd_buf_slice(&manifest), "Implementation-Version", ':');
		if (!v)
			v = prop_get(dd_buf_slice(&manifest), "Bundle-Version", ':');
		if (fver) {
			free(v);
			v = fver;
			fver = NULL;
		}
		if (art && v) {
			char *full = g ? dd_xasprintf("%s:%s", g, art) : dd_xstrdup(art);

			dd_lang_add_once(&cx->seen, cx->inv, DD_ECO_MAVEN, path, full, v);
			free(full);
		}
		free(art);
		free(fver);
		free(g);
		free(v);
	}
out:
	dd_buf_release(&manifest);
	archive_read_free(a);
	return r;
}

int dd_java_parse_archive(const char *path, struct dd_slice data, struct dd_inventory *inv,
			  struct dd_err *e)
{
	struct jar_ctx cx = { inv, DD_LANG_SEEN_INIT, 0, e };
	int r;

	r = jar_walk(path, data, &cx, 0);
	dd_lang_seen_release(&cx.seen);
	return r;
}

/* ---- pom.xml ----------------------------------------------------------------------- */

/*
 * Walks the elements of a simple XML document and calls fn for each
 * element with its text content (the raw bytes between start and end tag),
 * its depth and the names of its ancestors (path, '/'-joined).
 */
#define POM_MAX_DEPTH 32
typedef void (*xml_fn)(void *arg, const char *path, struct dd_slice text);

static int xml_walk(struct dd_slice d, xml_fn fn, void *arg, struct dd_err *e)
{
	struct dd_slice stack[POM_MAX_DEPTH];
	const char *starts[POM_MAX_DEPTH];
	struct dd_buf path = DD_BUF_INIT;
	size_t depth = 0, i = 0;
	int r = 0;

	while (i < d.len) {
		const char *lt = memchr(d.ptr + i, '<', d.len - i), *gt;
		size_t j;

		if (!lt)
			break;
		i = (size_t)(lt - d.ptr);
		if (d.len - i >= 4 && memcmp(lt, "<!--", 4) == 0) {
			const char *end = memmem(lt + 4, d.len - i - 4, "-->", 3);

			if (!end)
				break;
			i = (size_t)(end - d.ptr) + 3;
			continue;
		}
		if (d.len - i >= 9 && memcmp(lt, "<![CDATA[", 9) == 0) {
			const char *end = memmem(lt + 9, d.len - i - 9, "]]>", 3);

			if (!end)
				break;
			i = (size_t)(end - d.ptr) + 3;
			continue;
		}
		gt = memchr(lt, '>', d.len - i);
		if (!gt) {
			r = dd_err_set(e, -DDE_FORMAT, "offset %zu: unterminated tag", i);
			goto out;
		}
		if (lt[1] == '?' || lt[1] == '!') {
			i = (size_t)(gt - d.ptr) + 1;
			continue;
		}
		if (lt[1] == '/') {
			if (depth) {
				depth--;
				dd_buf_reset(&path);
				for (j = 0; j < depth; j++) {
					dd_buf_add(&path, stack[j].ptr, stack[j].len);
					dd_buf_addch(&path, '/');
				}
				dd_buf_add(&path, stack[depth].ptr, stack[depth].len);
				fn(arg, path.buf, dd_slice_of(starts[depth], (size_t)(lt - starts[depth])));
			}
			i = (size_t)(gt - d.ptr) + 1;
			continue;
		}
		/* a start tag */
		{
			struct dd_slice nm = dd_slice_of(lt + 1, 0);
			const char *colon;

			while (lt + 1 + nm.len < gt && lt[1 + nm.len] != ' ' && lt[1 + nm.len] != '/' &&
			       lt[1 + nm.len] != '\t' && lt[1 + nm.len] != '\n' && lt[1 + nm.len] != '\r')
				nm.len++;
			colon = memchr(nm.ptr, ':', nm.len);
			if (colon)
				nm = dd_slice_of(colon + 1, nm.len - (size_t)(colon + 1 - nm.ptr));
			if (gt[-1] != '/') {
				if (depth == POM_MAX_DEPTH) {
					r = dd_err_set(e, -DDE_LIMIT, "XML nested deeper than %d", POM_MAX_DEPTH);
					goto out;
				}
				stack[depth] = nm;
				starts[depth] = gt + 1;
				depth++;
			}
		}
		i = (size_t)(gt - d.ptr) + 1;
	}
out:
	dd_buf_release(&path);
	return r;
}

struct pom_dep {
	char *g, *a, *v, *scope;
};

struct pom {
	char *g, *a, *v, *parent_g, *parent_v;
	char **pk, **pv;	/* properties */
	size_t n_props;
	struct pom_dep *deps;
	size_t n_deps, cap_deps;
	struct pom_dep cur;
};

static void pom_el(void *arg, const char *path, struct dd_slice text)
{
	struct pom *p = arg;
	char *t;

	if (strncmp(path, "project/", 8) != 0)
		return;
	path += 8;
	t = dd_slice_dup(dd_slice_trim(text));
	if (strcmp(path, "groupId") == 0) {
		free(p->g);
		p->g = t;
	} else if (strcmp(path, "artifactId") == 0) {
		free(p->a);
		p->a = t;
	} else if (strcmp(path, "version") == 0) {
		free(p->v);
		p->v = t;
	} else if (strcmp(path, "parent/groupId") == 0) {
		free(p->parent_g);
		p->parent_g = t;
	} else if (strcmp(path, "parent/version") == 0) {
		free(p->parent_v);
		p->parent_v = t;
	} else if (strncmp(path, "properties/", 11) == 0 && !strchr(path + 11, '/')) {
		p->pk = dd_xrealloc(p->pk, (p->n_props + 1) * sizeof(char *));
		p->pv = dd_xrealloc(p->pv, (p->n_props + 1) * sizeof(char *));
		p->pk[p->n_props] = dd_xstrdup(path + 11);
		p->pv[p->n_props++] = t;
	} else if (strcmp(path, "dependencies/dependency/groupId") == 0) {
		free(p->cur.g);
		p->cur.g = t;
	} else if (strcmp(path, "dependencies/dependency/artifactId") == 0) {
		free(p->cur.a);
		p->cur.a = t;
	} else if (strcmp(path, "dependencies/dependency/version") == 0) {
		free(p->cur.v);
		p->cur.v = t;
	} else if (strcmp(path, "dependencies/dependency/scope") == 0) {
		free(p->cur.scope);
		p->cur.scope = t;
	} else if (strcmp(path, "dependencies/dependency") == 0) {
		free(t);
		DD_GROW(p->deps, p->cap_deps, p->n_deps + 1);
		p->deps[p->n_deps++] = p->cur;
		memset(&p->cur, 0, sizeof(p->cur));
	} else {
		free(t);
	}
}

/* Expands ${name} references (a few rounds, for properties naming properties). */
static char *pom_expand(const struct pom *p, const char *s)
{
	char *cur = dd_xstrdup(s ? s : "");
	int round;

	for (round = 0; round < 4 && strstr(cur, "${"); round++) {
		struct dd_buf b = DD_BUF_INIT;
		const char *q = cur;

		dd_buf_init(&b, 1u << 16);
		while (*q) {
			const char *open = strstr(q, "${"), *close;
			const char *val = NULL;
			size_t k;
			char *key;

			if (!open) {
				dd_buf_adds(&b, q);
				break;
			}
			close = strchr(open, '}');
			if (!close) {
				dd_buf_adds(&b, q);
				break;
			}
			dd_buf_add(&b, q, (size_t)(open - q));
			key = dd_xstrndup(open + 2, (size_t)(close - open - 2));
			for (k = 0; k < p->n_props && !val; k++)
				if (strcmp(p->pk[k], key) == 0)
					val = p->pv[k];
			if (!val && (strcmp(key, "project.version") == 0 || strcmp(key, "version") == 0))
				val = p->v ? p->v : p->parent_v;
			if (!val && (strcmp(key, "project.groupId") == 0 || strcmp(key, "groupId") == 0))
				val = p->g ? p->g : p->parent_g;
			if (!val && strcmp(key, "project.parent.version") == 0)
				val = p->parent_v;
			if (val)
				dd_buf_adds(&b, val);
			else
				dd_buf_add(&b, open, (size_t)(close - open + 1));
			free(key);
			q = close + 1;
		}
		free(cur);
		cur = dd_buf_detach(&b, NULL);
	}
	return cur;
}

static void pom_dep_release(struct pom_dep *d)
{
	free(d->g);
	free(d->a);
	free(d->v);
	free(d->scope);
}

int dd_java_parse_pom(const char *path, struct dd_slice data, struct dd_inventory *inv,
		      struct dd_err *e)
{
	struct dd_lang_seen seen = DD_LANG_SEEN_INIT;
	struct pom p;
	size_t i;
	int r;

	memset(&p, 0, sizeof(p));
	if (data.len > DD_LANG_MAX_FILE)
		return dd_lang_too_large(data, e);
	r = xml_walk(data, pom_el, &p, e);
	if (r < 0)
		goto out;
	if (!p.a) {
		r = dd_err_set(e, -DDE_FORMAT, "no <project><artifactId>");
		goto out;
	}
	{
		char *g = pom_expand(&p, p.g ? p.g : p.parent_g), *v = pom_expand(&p, p.v ? p.v : p.parent_v);
		char *full = dd_xasprintf("%s:%s", g, p.a);
		struct dd_pkg *pk = *g && *v && !strstr(v, "${") ?
			dd_lang_add_once(&seen, inv, DD_ECO_MAVEN, path, full, v) : NULL;

		if (pk)
			pk->dep = DD_DEP_ROOT;
		free(full);
		free(g);
		free(v);
	}
	for (i = 0; i < p.n_deps; i++) {
		struct pom_dep *d = &p.deps[i];
		char *g, *a, *v, *full;
		struct dd_pkg *pk;

		if (!d->g || !d->a || !d->v)
			continue;	/* versions from dependencyManagement/parents are not resolved */
		g = pom_expand(&p, d->g);
		a = pom_expand(&p, d->a);
		v = pom_expand(&p, d->v);
		full = dd_xasprintf("%s:%s", g, a);
		if (!strstr(full, "${") && !strstr(v, "${")) {
			pk = dd_lang_add_once(&seen, inv, DD_ECO_MAVEN, path, full, v);
			if (pk) {
				pk->dep = DD_DEP_DIRECT;
				pk->dev = d->scope && strcmp(d->scope, "test") == 0;
			}
		}
		free(full);
		free(g);
		free(a);
		free(v);
	}
out:
	for (i = 0; i < p.n_deps; i++)
		pom_dep_release(&p.deps[i]);
	pom_dep_release(&p.cur);
	for (i = 0; i < p.n_props; i++) {
		free(p.pk[i]);
		free(p.pv[i]);
	}
	free(p.pk);
	free(p.pv);
	free(p.deps);
	free(p.g);
	free(p.a);
	free(p.v);
	free(p.parent_g);
	free(p.parent_v);
	dd_lang_seen_release(&seen);
	return r;
}

/* ---- gradle.lockfile ------------------------------------------------------------------ */

int dd_java_parse_gradle_lock(const char *path, struct dd_slice data, struct dd_inventory *inv,
			      struct dd_err *e)
{
	struct dd_lang_seen seen = DD_LANG_SEEN_INIT;
	struct dd_slice in = data, line;

	if (data.len > DD_LANG_MAX_FILE)
		return dd_lang_too_large(data, e);
	while (dd_parse_line(&in, &line)) {
		struct dd_slice s = dd_slice_trim(line), coord, g, a, v;
		char *full, *ver;

		if (!s.len || s.ptr[0] == '#')
			continue;
		coord = dd_parse_until(&s, '=');
		g = dd_parse_until(&coord, ':');
		a = dd_parse_until(&coord, ':');
		v = coord;
		if (!g.len || !a.len || !v.len)
			continue;	/* "empty=" */
		full = dd_xasprintf("%.*s:%.*s", DD_SLICE_FMT(g), DD_SLICE_FMT(a));
		ver = dd_slice_dup(v);
		dd_lang_add_once(&seen, inv, DD_ECO_MAVEN, path, full, ver);
		free(full);
		free(ver);
	}
	dd_lang_seen_release(&seen);
	return 0;
}

/* ---- build.sbt.lock ----------------------------------------------------------------- */

/* Whether a dependency's sbt configurations put it on the application's classpath. */
static bool sbt_shipped(const json_t *configs)
{
	size_t i;
	json_t *c;

	json_array_foreach(configs, i, c) {
		const char *s = json_string_value(c);

		if (s && (strcmp(s, "compile") == 0 || strcmp(s, "runtime") == 0))
			return true;
	}
	return false;
}

/*
 * build.sbt.lock (sbt-dependency-lock): "dependencies" entries with org,
 * name, version and configurations; those only in other configurations
 * (test, provided, optional) are left out, as Trivy does.
 */
int dd_java_parse_sbt_lock(const char *path, struct dd_slice data, struct dd_inventory *inv,
			   struct dd_err *e)
{
	struct dd_lang_seen seen = DD_LANG_SEEN_INIT;
	json_t *doc = NULL, *deps, *d;
	size_t i;
	int r;

	r = dd_lang_json(&doc, data, e);
	if (r < 0)
		return r;
	deps = json_object_get(doc, "dependencies");
	if (!json_is_object(doc) || (deps && !json_is_array(deps))) {
		json_decref(doc);
		return dd_err_set(e, -DDE_FORMAT, "not an sbt lockfile (no \"dependencies\" array)");
	}
	json_array_foreach(deps, i, d) {
		const char *org = dd_json_str(d, "org"), *name = dd_json_str(d, "name");
		char *full;

		if (!org || !*org || !name || !*name || !sbt_shipped(json_object_get(d, "configurations")))
			continue;
		full = dd_xasprintf("%s:%s", org, name);
		dd_lang_add_once(&seen, inv, DD_ECO_MAVEN, path, full, dd_json_str(d, "version"));
		free(full);
	}
	json_decref(doc);
	dd_lang_seen_release(&seen);
	return 0;
}
