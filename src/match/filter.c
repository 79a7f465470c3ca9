/*
 * src/match/filter.c: CI gating. Marks findings suppressed by --severity,
 * --ignore-unfixed, --ignore-status, --exclude-base/--base-layers, the
 * .drydockignore YAML file and OpenVEX documents; decides --fail-on; and
 * detects the base image's layers from the history.
 */
#include "match/match.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <yaml.h>

#include "image/image.h"
#include "util/log.h"
#include "util/parse.h"
#include "util/xalloc.h"

#define MAX_DOC_BYTES (4u << 20)
#define MAX_ENTRIES 10000

/* ---- .drydockignore -------------------------------------------------------- */

struct ignore_entry {
	char *id;
	char *package;		/* or NULL */
	char *expires;		/* "YYYY-MM-DD" or NULL */
	char *reason;		/* or NULL */
	size_t line;
	bool warned;
};

struct dd_ignorefile {
	char *name;
	struct ignore_entry *v;
	size_t n, cap;
};

void dd_ignorefile_free(struct dd_ignorefile *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->n; i++) {
		free(f->v[i].id);
		free(f->v[i].package);
		free(f->v[i].expires);
		free(f->v[i].reason);
	}
	free(f->v);
	free(f->name);
	free(f);
}

size_t dd_ignorefile_count(const struct dd_ignorefile *f)
{
	return f ? f->n : 0;
}

static bool valid_date(const char *s)
{
	static const char shape[] = "dddd-dd-dd";
	size_t i;

	if (strlen(s) != sizeof(shape) - 1)
		return false;
	for (i = 0; shape[i]; i++) {
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != '-')
			return false;
	}
	return !(s[5] > '1' || (s[5] == '1' && s[6] > '2') || (s[5] == '0' && s[6] == '0') ||
		 s[8] > '3' || (s[8] == '0' && s[9] == '0'));
}

static const char *scalar(yaml_document_t *doc, yaml_node_t *n)
{
	(void)doc;
	if (!n || n->type != YAML_SCALAR_NODE)
		return NULL;
	return (const char *)n->data.scalar.value;
}

static int ignore_entry(struct dd_ignorefile *f, yaml_document_t *doc, yaml_node_t *n,
			struct dd_err *e)
{
	struct ignore_entry x = { 0 };
	yaml_node_pair_t *p;
	int r = 0;

	x.line = n->start_mark.line + 1;
	if (n->type == YAML_SCALAR_NODE) {	/* "- CVE-2024-1" shorthand */
		x.id = dd_xstrdup(scalar(doc, n));
		goto add;
	}
	if (n->type != YAML_MAPPING_NODE)
		return dd_err_set(e, -DDE_FORMAT, "%s:%zu: an entry must be a mapping with 'id'", f->name,
				  x.line);
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		const char *k = scalar(doc, yaml_document_get_node(doc, p->key));
		yaml_node_t *vn = yaml_document_get_node(doc, p->value);
		const char *v = scalar(doc, vn);
		char **slot = NULL;

		if (!k)
			continue;
		if (strcmp(k, "id") == 0)
			slot = &x.id;
		else if (strcmp(k, "package") == 0)
			slot = &x.package;
		else if (strcmp(k, "expires") == 0 || strcmp(k, "expiry") == 0)
			slot = &x.expires;
		else if (strcmp(k, "reason") == 0 || strcmp(k, "statement") == 0)
			slot = &x.reason;
		else {
			dd_warn("%s:%zu: unknown key '%s' ignored", f->name,
				(size_t)vn->start_mark.line + 1, k);
			continue;
		}
		if (!v) {
			r = dd_err_set(e, -DDE_FORMAT, "%s:%zu: '%s' must be a plain value", f->name,
				       (size_t)vn->start_mark.line + 1, k);
			goto fail;
		}
		free(*slot);
		*slot = dd_xstrdup(v);
	}
	if (!x.id || !*x.id) {
		r = dd_err_set(e, -DDE_FORMAT, "%s:%zu: entry without 'id'", f->name, x.line);
		goto fail;
	}
	if (x.expires && !valid_date(x.expires)) {
		r = dd_err_set(e, -DDE_FORMAT, "%s:%zu: expires '%s' is not a YYYY-MM-DD date",
			       f->name, x.line, x.expires);
		goto fail;
	}
add:
	if (f->n >= MAX_ENTRIES) {
		r = dd_err_set(e, -DDE_LIMIT, "%s: more than %d entries", f->name, MAX_ENTRIES);
		goto fail;
	}
	DD_GROW(f->v, f->cap, f->n + 1);
	f->v[f->n++] = x;
	return 0;
fail:
	free(x.id);
	free(x.package);
	free(x.expires);
	free(x.reason);
	return r;
}

int dd_ignorefile_parse(struct dd_ignorefile **out, struct dd_slice data, const char *name,
			struct dd_err *e)
{
	struct dd_ignorefile *f = dd_xcalloc(1, sizeof(*f));
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root, *list = NULL;
	yaml_node_item_t *it;
	int r = 0;

	*out = NULL;
	f->name = dd_xstrdup(name);
	if (data.len > MAX_DOC_BYTES) {
		dd_ignorefile_free(f);
		return dd_err_set(e, -DDE_LIMIT, "%s: larger than %u bytes", name, MAX_DOC_BYTES);
	}
	if (!yaml_parser_initialize(&parser))
		abort();
	yaml_parser_set_input_string(&parser, (const unsigned char *)data.ptr, data.len);
	if (!yaml_parser_load(&parser, &doc)) {
		r = dd_err_set(e, -DDE_FORMAT, "%s:%zu: %s", name, parser.problem_mark.line + 1,
			       parser.problem ? parser.problem : "YAML syntax error");
		yaml_parser_delete(&parser);
		dd_ignorefile_free(f);
		return r;
	}
	root = yaml_document_get_root_node(&doc);
	if (!root)
		goto done;	/* empty file: nothing ignored */
	if (root->type == YAML_SEQUENCE_NODE) {
		list = root;
	} else if (root->type == YAML_MAPPING_NODE) {
		yaml_node_pair_t *p;

		for (p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
			const char *k = scalar(&doc, yaml_document_get_node(&doc, p->key));

			if (k && (strcmp(k, "ignore") == 0 || strcmp(k, "vulnerabilities") == 0))
				list = yaml_document_get_node(&doc, p->value);
		}
		if (!list) {
			r = dd_err_set(e, -DDE_FORMAT, "%s: expected a list of entries or an 'ignore:' list",
				       name);
			goto done;
		}
	} else if (root->type == YAML_SCALAR_NODE && !*root->data.scalar.value) {
		goto done;
	} else {
		r = dd_err_set(e, -DDE_FORMAT, "%s: expected a list of entries", name);
		goto done;
	}
	if (list->type == YAML_SCALAR_NODE && !*list->data.scalar.value)
		goto done;	/* "ignore:" with nothing under it */
	if (list->type != YAML_SEQUENCE_NODE) {
		r = dd_err_set(e, -DDE_FORMAT, "%s:%zu: 'ignore' must be a list", name,
			       (size_t)list->start_mark.line + 1);
		goto done;
	}
	for (it = list->data.sequence.items.start; it < list->data.sequence.items.top; it++) {
		yaml_node_t *n = yaml_document_get_node(&doc, *it);

		if (!n)
			continue;
		r = ignore_entry(f, &doc, n, e);
		if (r < 0)
			break;
	}
done:
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	if (r < 0) {
		dd_ignorefile_free(f);
		return r;
	}
	*out = f;
	return 0;
}

int dd_ignorefile_load(struct dd_ignorefile **out, const char *path, struct dd_err *e)
{
	struct dd_buf b;
	int r;

	*out = NULL;
	r = dd_buf_read_file(&b, path, MAX_DOC_BYTES, e);
	if (r < 0)
		return r;
	r = dd_ignorefile_parse(out, dd_buf_slice(&b), path, e);
	dd_buf_release(&b);
	return r;
}

/* ---- OpenVEX --------------------------------------------------------------- */

struct vex_stmt {
	char **vulns;		size_t n_vulns;		/* name and aliases */
	char **products;	size_t n_products;	/* purls; none = every package */
	char *status;
	char *justification;
};

struct dd_vex {
	char *name;
	struct vex_stmt *v;
	size_t n, cap;
};

void dd_vex_free(struct dd_vex *x)
{
	size_t i, j;

	if (!x)
		return;
	for (i = 0; i < x->n; i++) {
		for (j = 0; j < x->v[i].n_vulns; j++)
			free(x->v[i].vulns[j]);
		free(x->v[i].vulns);
		for (j = 0; j < x->v[i].n_products; j++)
			free(x->v[i].products[j]);
		free(x->v[i].products);
		free(x->v[i].status);
		free(x->v[i].justification);
	}
	free(x->v);
	free(x->name);
	free(x);
}

size_t dd_vex_count(const struct dd_vex *x)
{
	return x ? x->n : 0;
}

static void strv_add(char ***v, size_t *n, const char *s)
{
	*v = dd_xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = dd_xstrdup(s);
}

static void vex_product(struct vex_stmt *s, json_t *p)
{
	json_t *subs, *sub;
	const char *id;
	size_t i;

	if (json_is_string(p)) {
		strv_add(&s->products, &s->n_products, json_string_value(p));
		return;
	}
	if (!json_is_object(p))
		return;
	subs = json_object_get(p, "subcomponents");
	if (json_is_array(subs) && json_array_size(subs) > 0) {
		json_array_foreach(subs, i, sub) {
			id = json_string_value(json_is_object(sub) ? json_object_get(sub, "@id") : sub);
			if (id)
				strv_add(&s->products, &s->n_products, id);
		}
		return;
	}
	id = json_string_value(json_object_get(p, "@id"));
	if (id)
		strv_add(&s->products, &s->n_products, id);
}

int dd_vex_parse(struct dd_vex **out, struct dd_slice data, const char *name, struct dd_err *e)
{
	struct dd_vex *x = dd_xcalloc(1, sizeof(*x));
	json_error_t je;
	json_t *root = NULL, *stmts, *st;
	size_t i;
	int r = 0;

	*out = NULL;
	x->name = dd_xstrdup(name);
	if (data.len > MAX_DOC_BYTES) {
		r = dd_err_set(e, -DDE_LIMIT, "%s: larger than %u bytes", name, MAX_DOC_BYTES);
		goto out;
	}
	root = json_loadb(data.ptr, data.len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		r = dd_err_set(e, -DDE_FORMAT, "%s:%d: %s", name, je.line, je.text);
		goto out;
	}
	stmts = json_object_get(root, "statements");
	if (!json_is_array(stmts)) {
		r = dd_err_set(e, -DDE_FORMAT, "%s: not an OpenVEX document (no 'statements' list)", name);
		goto out;
	}
	if (json_array_size(stmts) > MAX_ENTRIES) {
		r = dd_err_set(e, -DDE_LIMIT, "%s: more than %d statements", name, MAX_ENTRIES);
		goto out;
	}
	json_array_foreach(stmts, i, st) {
		struct vex_stmt s = { 0 };
		json_t *v = json_object_get(st, "vulnerability"), *a, *p;
		const char *status = json_string_value(json_object_get(st, "status"));
		size_t j;

		if (!json_is_object(st) || !status) {
			r = dd_err_set(e, -DDE_FORMAT, "%s: statement %zu has no 'status'", name, i + 1);
			goto out;
		}
		if (json_is_string(v)) {
			strv_add(&s.vulns, &s.n_vulns, json_string_value(v));
		} else if (json_is_object(v)) {
			const char *vn = json_string_value(json_object_get(v, "name"));

			if (vn)
				strv_add(&s.vulns, &s.n_vulns, vn);
			json_array_foreach(json_object_get(v, "aliases"), j, a)
				if (json_is_string(a))
					strv_add(&s.vulns, &s.n_vulns, json_string_value(a));
		}
		if (s.n_vulns == 0) {
			free(s.vulns);
			r = dd_err_set(e, -DDE_FORMAT, "%s: statement %zu names no vulnerability", name,
				       i + 1);
			goto out;
		}
		json_array_foreach(json_object_get(st, "products"), j, p)
			vex_product(&s, p);
		s.status = dd_xstrdup(status);
		if (json_string_value(json_object_get(st, "justification")))
			s.justification = dd_xstrdup(json_string_value(json_object_get(st, "justification")));
		DD_GROW(x->v, x->cap, x->n + 1);
		x->v[x->n++] = s;
	}
out:
	json_decref(root);
	if (r < 0) {
		dd_vex_free(x);
		return r;
	}
	*out = x;
	return 0;
}

int dd_vex_load(struct dd_vex **out, const char *path, struct dd_err *e)
{
	struct dd_buf b;
	int r;

	*out = NULL;
	r = dd_buf_read_file(&b, path, MAX_DOC_BYTES, e);
	if (r < 0)
		return r;
	r = dd_vex_parse(out, dd_buf_slice(&b), path, e);
	dd_buf_release(&b);
	return r;
}

/* ---- applying -------------------------------------------------------------- */

static bool names_vuln(const struct dd_finding *x, const char *id)
{
	size_t i;

	if (strcmp(x->id, id) == 0)
		return true;
	for (i = 0; i < x->n_aliases; i++)
		if (strcmp(x->aliases[i], id) == 0)
			return true;
	return false;
}

/* Length of the purl without qualifiers and subpath. */
static size_t purl_core(const char *p)
{
	return strcspn(p, "?#");
}

/*
 * A VEX product matches when it is the image itself (pkg:oci, pkg:docker),
 * or the finding's purl: equal up to qualifiers, or equal up to '@' when
 * the product names no version.
 */
static bool purl_matches(const char *product, const char *purl)
{
	size_t pn = purl_core(product), fn;
	const char *at;

	if (strncmp(product, "pkg:oci/", 8) == 0 || strncmp(product, "pkg:docker/", 11) == 0)
		return true;
	if (!purl)
		return false;
	fn = purl_core(purl);
	if (pn == fn && strncmp(product, purl, pn) == 0)
		return true;
	at = memchr(product, '@', pn);
	if (at)
		return false;
	at = memchr(purl, '@', fn);
	return at && (size_t)(at - purl) == pn && strncmp(product, purl, pn) == 0;
}

static const struct vex_stmt *vex_verdict(const struct dd_vex *x, const struct dd_finding *f)
{
	const struct vex_stmt *last = NULL;
	size_t i, j;

	for (i = 0; i < x->n; i++) {
		const struct vex_stmt *s = &x->v[i];
		bool vuln = false, prod = s->n_products == 0;

		for (j = 0; j < s->n_vulns && !vuln; j++)
			vuln = names_vuln(f, s->vulns[j]);
		for (j = 0; j < s->n_products && !prod; j++)
			prod = purl_matches(s->products[j], f->pkg_purl);
		if (vuln && prod)
			last = s;	/* later statements override earlier ones */
	}
	return last;
}

static void today_str(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static void suppress(struct dd_findings *f, struct dd_finding *x, char *why)
{
	x->suppressed = why;
	f->n_suppressed++;
}

static bool ignore_matches(struct ignore_entry *ie, const struct dd_finding *x)
{
	if (!names_vuln(x, ie->id))
		return false;
	if (!ie->package)
		return true;
	return (x->pkg_name && strcmp(ie->package, x->pkg_name) == 0) ||
	       (x->src_name && strcmp(ie->package, x->src_name) == 0) ||
	       (x->pkg_purl && purl_matches(ie->package, x->pkg_purl));
}

void dd_filter_apply(struct dd_findings *f, const struct dd_filter_opts *o)
{
	char today[11];
	size_t i, j;

	if (o->today && valid_date(o->today))
		memcpy(today, o->today, sizeof(today));
	else
		today_str(today);
	if (o->ignore) {
		for (j = 0; j < o->ignore->n; j++) {
			struct ignore_entry *ie = &o->ignore->v[j];

			if (ie->expires && strcmp(today, ie->expires) > 0 && !ie->warned) {
				dd_warn("%s:%zu: ignore entry for %s expired on %s; it no longer applies",
					o->ignore->name, ie->line, ie->id, ie->expires);
				ie->warned = true;
			}
		}
	}
	for (i = 0; i < f->n; i++) {
		struct dd_finding *x = &f->v[i];
		const struct vex_stmt *vs;

		if (x->suppressed)
			continue;
		if (o->severities && !(o->severities & (1u << x->severity))) {
			suppress(f, x, dd_xasprintf("severity %s not selected by --severity",
						    dd_severity_name(x->severity)));
			continue;
		}
		if (o->ignore_unfixed && !x->fixed) {
			suppress(f, x, dd_xstrdup("no fixed version (--ignore-unfixed)"));
			continue;
		}
		if (o->ignore_status & (1u << x->status)) {
			suppress(f, x, dd_xasprintf("status %s (--ignore-status)", dd_status_name(x->status)));
			continue;
		}
		if (o->base_layers > 0 && x->layer >= 0 && x->layer < o->base_layers) {
			suppress(f, x, dd_xasprintf("package from base image layer %d (--exclude-base)",
						    x->layer + 1));
			continue;
		}
		if (o->ignore) {
			for (j = 0; j < o->ignore->n; j++) {
				struct ignore_entry *ie = &o->ignore->v[j];

				if (ie->expires && strcmp(today, ie->expires) > 0)
					continue;
				if (ignore_matches(ie, x))
					break;
			}
			if (j < o->ignore->n) {
				suppress(f, x, dd_xasprintf("ignored by %s:%zu%s%s", o->ignore->name,
							    o->ignore->v[j].line,
							    o->ignore->v[j].reason ? ": " : "",
							    o->ignore->v[j].reason ? o->ignore->v[j].reason : ""));
				continue;
			}
		}
		if (o->vex && (vs = vex_verdict(o->vex, x)) != NULL &&
		    (strcmp(vs->status, "not_affected") == 0 || strcmp(vs->status, "fixed") == 0)) {
			suppress(f, x, dd_xasprintf("VEX %s: %s%s%s", o->vex->name, vs->status,
						    vs->justification ? " " : "",
						    vs->justification ? vs->justification : ""));
			continue;
		}
	}
}

bool dd_filter_fails(const struct dd_findings *f, enum dd_severity fail_on)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (!f->v[i].suppressed && f->v[i].severity >= fail_on)
			return true;
	return false;
}

/* ---- base image layers ----------------------------------------------------- */

static bool is_config_step(const char *cb)
{
	const char *p;

	if (!cb)
		return false;
	p = strstr(cb, "#(nop)");
	if (p)
		p += 6;
	else
		p = cb;
	while (*p == ' ')
		p++;
	return strncmp(p, "CMD ", 4) == 0 || strncmp(p, "CMD[", 4) == 0 ||
	       strncmp(p, "ENTRYPOINT ", 11) == 0 || strncmp(p, "ENTRYPOINT[", 11) == 0;
}

int dd_base_layers_detect(const struct dd_image_meta *meta)
{
	size_t i, layers = 0, total = 0;
	int best = -1;

	if (!meta)
		return -1;
	for (i = 0; i < meta->n_history; i++)
		total += !meta->history[i].empty_layer;
	for (i = 0; i < meta->n_history; i++) {
		const struct dd_history *h = &meta->history[i];

		if (!h->empty_layer)
			layers++;
		else if (is_config_step(h->created_by) && layers > 0 && layers < total)
			best = (int)layers;	/* the base's Dockerfile ended here */
	}
	return best;
}
