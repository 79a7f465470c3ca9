/*
 * src/vulndb/trivy_fixture.c: the importer of Trivy's fixture database YAML
 * (trivy integration/testdata/fixtures/db/NAME.yaml): buckets "<os> <release>"
 * or "<ecosystem>::<source>" -> package -> advisory id -> {FixedVersion,
 * Status, State, Severity, VendorIDs} (distributions) or
 * {VulnerableVersions, PatchedVersions} (ecosystems); the "vulnerability"
 * bucket holds titles, severities, CVSS and references. Red Hat's CPE-based
 * buckets are not imported (counted as skipped).
 *
 * VulnerableVersions constraints (">= 1.0, < 1.2", "<= 2.0", "= 1.1", joined
 * by "||") become OSV-style ECOSYSTEM events (introduced/fixed/
 * last_affected) and explicit versions.
 */
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/parse.h"
#include "util/xalloc.h"
#include "vulndb/cvss.h"
#include "vulndb/import.h"

static bool accepts(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && strcmp(name + n - 5, ".yaml") == 0;
}

/* Namespace of an OS bucket ("debian 9", "amazon linux 2", "openSUSE Leap 15.1"). */
static bool os_namespace(const char *bucket, char *out, size_t n)
{
	static const struct {
		const char *prefix, *family;
	} t[] = {
		{ "alma ", "almalinux" }, { "rocky ", "rocky" }, { "amazon linux ", "amazon" },
		{ "oracle linux ", "oracle" }, { "photon os ", "photon" },
		{ "cbl-mariner ", "mariner" }, { "opensuse leap ", "opensuse-leap" },
		{ "suse linux enterprise micro ", "sle-micro" }, { "suse linux enterprise ", "sles" },
		{ "debian ", "debian" }, { "ubuntu ", "ubuntu" }, { "alpine ", "alpine" },
	};
	char low[96];
	size_t i, l = strlen(bucket);

	if (l >= sizeof(low))
		return false;
	for (i = 0; i <= l; i++)
		low[i] = (char)(bucket[i] >= 'A' && bucket[i] <= 'Z' ? bucket[i] + 32 : bucket[i]);
	if (strcmp(low, "opensuse tumbleweed") == 0) {
		snprintf(out, n, "opensuse-tumbleweed");
		return true;
	}
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		size_t pl = strlen(t[i].prefix);

		if (strncmp(low, t[i].prefix, pl) == 0 && low[pl]) {
			if (strcmp(t[i].family, "alpine") == 0)
				return dd_ns_alpine(low + pl, out, n) == 0;
			snprintf(out, n, "%s:%s", t[i].family, low + pl);
			return true;
		}
	}
	return false;
}

static bool eco_namespace(const char *bucket, char *out, size_t n, bool *pypi)
{
	static const struct {
		const char *trivy, *osv;
	} t[] = {
		{ "npm", "npm" }, { "pip", "PyPI" }, { "maven", "Maven" }, { "go", "Go" },
		{ "rubygems", "RubyGems" }, { "nuget", "NuGet" }, { "composer", "Packagist" },
		{ "cargo", "crates.io" }, { "erlang", "Hex" }, { "pub", "Pub" }, { "swift", "SwiftURL" },
		{ "conan", "conan" }, { "cocoapods", "cocoapods" }, { "k8s", "k8s" },
	};
	const char *sep = strstr(bucket, "::");
	size_t i, l;

	if (!sep)
		return false;
	l = (size_t)(sep - bucket);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strlen(t[i].trivy) == l && strncmp(bucket, t[i].trivy, l) == 0) {
			snprintf(out, n, "%s", t[i].osv);
			*pypi = strcmp(t[i].osv, "PyPI") == 0;
			return true;
		}
	return false;
}

static const char *trivy_severity(const json_t *v)
{
	static const char *const names[] = { "UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL" };
	const char *s = dd_j_str(v, "Severity");
	double d;

	if (s && dd_severity_norm(s))
		return dd_severity_norm(s);
	d = dd_j_num(v, "Severity");
	if (d >= 0 && d <= 4 && d == (double)(int)d)
		return names[(int)d];
	return NULL;
}

struct evlist {
	struct dd_event *ev;
	size_t n, cap;
	const char **vers;
	size_t nv, capv;
};

static void ev_add(struct evlist *l, enum dd_event_kind k, const char *v)
{
	if (l->n >= DD_STORE_MAX_LIST)
		return;
	DD_GROW(l->ev, l->cap, l->n + 1);
	l->ev[l->n].kind = k;
	l->ev[l->n].version = v;
	l->n++;
}

/*
 * One constraint group ">= 1.0, < 1.2" into events. Versions are copied into
 * pool (freed by the caller). Returns false when unparsable.
 */
static bool constraint_group(struct dd_slice g, struct evlist *l, char ***pool, size_t *np,
			     size_t *capp)
{
	const char *lower = NULL, *upper = NULL, *exact = NULL;
	bool upper_incl = false;

	while (g.len) {
		struct dd_slice c = dd_slice_trim(dd_parse_until(&g, ','));
		const char *op;
		char *v;

		if (!c.len)
			continue;
		if (dd_parse_skip(&c, ">="))
			op = ">=";
		else if (dd_parse_skip(&c, "<="))
			op = "<=";
		else if (dd_parse_skip(&c, "<"))
			op = "<";
		else if (dd_parse_skip(&c, ">"))
			return false;	/* exclusive lower bounds have no OSV event */
		else if (dd_parse_skip(&c, "=="))
			op = "=";
		else if (dd_parse_skip(&c, "="))
			op = "=";
		else
			op = "=";
		c = dd_slice_trim(c);
		if (!c.len)
			return false;
		v = dd_slice_dup(c);
		if (!dd_text_ok(v)) {
			free(v);
			return false;
		}
		DD_GROW(*pool, *capp, *np + 1);
		(*pool)[(*np)++] = v;
		if (op[0] == '>')
			lower = v;
		else if (op[0] == '<') {
			upper = v;
			upper_incl = op[1] == '=';
		} else
			exact = v;
	}
	if (exact && !lower && !upper) {
		if (l->nv < DD_STORE_MAX_LIST) {
			DD_GROW(l->vers, l->capv, l->nv + 1);
			l->vers[l->nv++] = exact;
		}
		return true;
	}
	if (!lower && !upper)
		return false;
	ev_add(l, DD_EV_INTRODUCED, lower ? lower : "0");
	if (upper)
		ev_add(l, upper_incl ? DD_EV_LAST_AFFECTED : DD_EV_FIXED, upper);
	return true;
}

static int eco_record(struct dd_import *im, const char *file, const char *ns, const char *pkg,
		      const char *id, const json_t *v, struct dd_err *e)
{
	json_t *vv = json_object_get(v, "VulnerableVersions"), *x;
	struct evlist l = { 0 };
	char **pool = NULL;
	size_t np = 0, capp = 0, i;
	struct dd_affected a = { 0 };
	bool fixed = false;
	int r = 0;

	if (!json_is_array(vv) || json_array_size(vv) == 0) {
		dd_import_skip(im, file, "%s %s: no VulnerableVersions", pkg, id);
		return 0;
	}
	json_array_foreach(vv, i, x) {
		struct dd_slice s = dd_slice_str(json_string_value(x));

		if (!s.ptr) {
			dd_import_skip(im, file, "%s %s: constraint is not a string", pkg, id);
			goto out;
		}
		while (s.len) {
			struct dd_slice g = s;
			const char *bar = NULL;
			size_t k;

			for (k = 0; k + 1 < s.len; k++)
				if (s.ptr[k] == '|' && s.ptr[k + 1] == '|') {
					bar = s.ptr + k;
					break;
				}
			if (bar) {
				g.len = (size_t)(bar - s.ptr);
				s.ptr = bar + 2;
				s.len -= g.len + 2;
			} else {
				s.len = 0;
			}
			if (!constraint_group(dd_slice_trim(g), &l, &pool, &np, &capp)) {
				dd_import_skip(im, file, "%s %s: unsupported constraint '%.*s'", pkg, id,
					       (int)(g.len > 40 ? 40 : g.len), g.ptr);
				goto out;
			}
		}
	}
	for (i = 0; i < l.n; i++)
		fixed |= l.ev[i].kind == DD_EV_FIXED;
	a.advisory_id = id;
	a.namespace = ns;
	a.package = pkg;
	a.status = fixed ? DD_STATUS_FIXED : DD_STATUS_AFFECTED;
	a.range_type = l.n ? "ECOSYSTEM" : NULL;
	a.events = l.ev;
	a.n_events = l.n;
	a.versions = l.vers;
	a.n_versions = l.nv;
	if ((r = dd_store_affected(im->store, &a, e)) == 0)
		im->affected++;
out:
	for (i = 0; i < np; i++)
		free(pool[i]);
	free(pool);
	free(l.ev);
	free(l.vers);
	return r;
}

static int os_record(struct dd_import *im, const char *ns, const char *pkg, const char *id,
		     const json_t *v, struct dd_err *e)
{
	static const enum dd_status by_status[] = {
		DD_STATUS_UNKNOWN, DD_STATUS_NOT_AFFECTED, DD_STATUS_AFFECTED, DD_STATUS_FIXED,
		DD_STATUS_NEEDS_TRIAGE, DD_STATUS_WONTFIX, DD_STATUS_DEFERRED, DD_STATUS_EOL,
	};
	static const char *const status_words[] = {
		NULL, "not_affected", "affected", "fixed", "under_investigation", "will_not_fix",
		"fix_deferred", "end_of_life",
	};
	struct dd_affected a = { 0 };
	const char *fixed = dd_j_str(v, "FixedVersion"), *state = dd_j_str(v, "State");
	double st = dd_j_num(v, "Status");
	json_t *vendor = json_object_get(v, "VendorIDs"), *x;
	size_t i;
	int r;

	a.advisory_id = id;
	a.namespace = ns;
	a.package = pkg;
	a.severity = trivy_severity(v);
	if (dd_text_ok(fixed)) {
		a.status = DD_STATUS_FIXED;
		a.fixed_version = fixed;
	} else if (st >= 1 && st <= 7 && st == (double)(int)st) {
		a.status = by_status[(int)st];
		a.status_detail = status_words[(int)st];
	} else if (state && (strcmp(state, "postponed") == 0 || strcmp(state, "no-dsa") == 0)) {
		a.status = DD_STATUS_DEFERRED;
		a.status_detail = state;
	} else if (state && strcmp(state, "ignored") == 0) {
		a.status = DD_STATUS_WONTFIX;
		a.status_detail = state;
	} else if (state && strcmp(state, "end-of-life") == 0) {
		a.status = DD_STATUS_EOL;
		a.status_detail = state;
	} else {
		a.status = DD_STATUS_AFFECTED;
	}
	if ((r = dd_store_affected(im->store, &a, e)) < 0)
		return r;
	im->affected++;
	json_array_foreach(vendor, i, x)
		if (dd_text_ok(json_string_value(x)) &&
		    (r = dd_store_alias(im->store, json_string_value(x), id, e)) < 0)
			return r;
	return 0;
}

static int vuln_record(struct dd_import *im, const char *id, const json_t *v, struct dd_err *e)
{
	struct dd_advisory a = { 0 };
	json_t *cvss = json_object_get(v, "CVSS"), *refs = json_object_get(v, "References"), *x;
	const char *title = dd_j_str(v, "Title"), *desc = dd_j_str(v, "Description");
	static const char *const pref[] = { "nvd", "redhat", "ghsa" };
	char **rv = NULL;
	size_t i, cap = 0;
	int r;

	a.id = (char *)id;
	a.summary = (char *)(dd_text_ok(title) ? title : (dd_text_ok(desc) ? desc : NULL));
	a.published = (char *)dd_j_str(v, "PublishedDate");
	a.modified = (char *)dd_j_str(v, "LastModifiedDate");
	a.severity = (char *)trivy_severity(v);
	a.cvss_score = -1;
	for (i = 0; i < 3 && !a.cvss_vector; i++) {
		json_t *c = json_object_get(cvss, pref[i]);
		const char *vec = dd_j_str(c, "V3Vector");

		if (dd_text_ok(vec)) {
			a.cvss_vector = (char *)vec;
			a.cvss_score = dd_j_num(c, "V3Score");
			if (a.cvss_score < 0)
				a.cvss_score = dd_cvss3_score(vec);
		}
	}
	json_array_foreach(refs, i, x) {
		if (!dd_text_ok(json_string_value(x)) || a.n_references >= DD_STORE_MAX_LIST)
			continue;
		DD_GROW(rv, cap, a.n_references + 1);
		rv[a.n_references++] = (char *)json_string_value(x);
	}
	a.references = rv;
	r = dd_store_advisory(im->store, &a, e);
	if (r == 0)
		im->records++;
	free(rv);
	return r;
}

static int parse(struct dd_import *im, const char *name, struct dd_slice data, struct dd_err *e)
{
	struct dd_err pe = DD_ERR_INIT;
	json_t *root = NULL, *b, *p, *q;
	size_t i, j, k;
	int r;

	if ((r = dd_yaml_to_json(data, &root, &pe)) < 0) {
		dd_err_set(e, r, "%s: %s", name, dd_err_msg(&pe));
		dd_err_release(&pe);
		return r;
	}
	r = 0;
	if (!json_is_array(root)) {
		r = dd_err_set(e, -DDE_FORMAT, "%s: not a list of buckets", name);
		goto out;
	}
	json_array_foreach(root, i, b) {
		const char *bucket = dd_j_str(b, "bucket");
		json_t *pairs = json_object_get(b, "pairs");
		char ns[96];
		bool pypi = false, os;

		if (!bucket) {
			dd_import_skip(im, name, "bucket %zu: no name", i);
			continue;
		}
		if (strcmp(bucket, "vulnerability") == 0) {
			json_array_foreach(pairs, j, p) {
				const char *id = dd_j_str(p, "key");

				if (dd_text_ok(id) && (r = vuln_record(im, id, json_object_get(p, "value"), e)) < 0)
					goto out;
			}
			continue;
		}
		if (strcmp(bucket, "data-source") == 0)
			continue;
		os = os_namespace(bucket, ns, sizeof(ns));
		if (!os && !eco_namespace(bucket, ns, sizeof(ns), &pypi)) {
			dd_import_skip(im, name, "bucket '%.60s' is not supported", bucket);
			continue;
		}
		json_array_foreach(pairs, j, p) {
			const char *pkg = dd_j_str(p, "bucket");
			json_t *advs = json_object_get(p, "pairs");
			char pname[512];

			if (!dd_text_ok(pkg) || strlen(pkg) >= sizeof(pname)) {
				dd_import_skip(im, name, "%s: package without a name", bucket);
				continue;
			}
			if (pypi)
				dd_pypi_norm(pkg, pname, sizeof(pname));
			else
				snprintf(pname, sizeof(pname), "%s", pkg);
			json_array_foreach(advs, k, q) {
				const char *id = dd_j_str(q, "key");
				json_t *v = json_object_get(q, "value");

				if (os && dd_text_ok(id) && (!v || json_is_null(v)))
					v = NULL;	/* "key: CVE-..." alone: affected, no fix */
				else if (!dd_text_ok(id) || !json_is_object(v)) {
					dd_import_skip(im, name, "%s %s: entry without id or value", bucket, pkg);
					continue;
				}
				r = os ? os_record(im, ns, pname, id, v, e)
				       : eco_record(im, name, ns, pname, id, v, e);
				if (r < 0)
					goto out;
			}
		}
	}
out:
	json_decref(root);
	return r;
}

const struct dd_feed dd_feed_trivy = {
	"trivy", "Trivy's fixture database YAML (integration tests)", accepts, parse, NULL,
};
