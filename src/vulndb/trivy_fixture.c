/*
 * src/vulndb/trivy_fixture.c: the importer of Trivy's fixture database YAML
 * (trivy integration/testdata/fixtures/db/NAME.yaml): buckets "<os> <release>"
 * or "<ecosystem>::<source>" -> package -> advisory id -> {FixedVersion,
 * Status, State, Severity, VendorIDs} (distributions) or
 * {VulnerableVersions, PatchedVersions} (ecosystems); the "vulnerability"
 * bucket holds titles, severities, CVSS and references. Red Hat's CPE-based
 * buckets ("Red Hat" entries naming "Red Hat CPE" indices) become records
 * per RHEL major release ("rhel:7").
 *
 * Ecosystem records follow Trivy's rule (pkg/detector/library/compare):
 * VulnerableVersions when present, else the complement of PatchedVersions
 * and UnaffectedVersions. Each entry is a constraint string: "||" joins
 * alternatives, a comma inside one means AND (">= 1.0, < 1.2") except in
 * Maven interval notation ("[2.9.0,2.9.10.7)", "(,1.0],[1.2,)"). The
 * intervals become OSV-style ECOSYSTEM events (introduced/fixed/
 * last_affected) and explicit versions; the fixed version is
 * PatchedVersions joined by ", ", the text Trivy prints.
 *
 * Severity of a record without its own: Trivy's VendorSeverity for the
 * bucket's data source (the "data-source" bucket), else GHSA's for a GHSA
 * id, else NVD's, applied in finish() once every file is read
 * (docs/vulndb.md, "Trivy vendor severities").
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "util/buf.h"
#include "util/parse.h"
#include "util/xalloc.h"
#include "vulndb/cvss.h"
#include "version/version.h"
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
		{ "conan", "Conan" }, { "cocoapods", "CocoaPods" }, { "k8s", "k8s" },
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

/* The importer's state across files (Red Hat entries, vendor severities). */
struct rh_state {
	json_t *cpe;		/* object: index -> CPE name */
	json_t *pending;	/* array of [package, advisory id, value] */
	json_t *vendor_sev;	/* object: advisory id -> VendorSeverity object */
	json_t *source_id;	/* object: bucket name -> data source ID ("ubuntu", "ghsa") */
	json_t *records;	/* array of [ns, package, advisory id, bucket] written without a severity */
};
static struct rh_state *rh_state(struct dd_import *im);
static void remember(struct dd_import *im, const char *ns, const char *pkg, const char *id,
		     const char *bucket);

/* Ranges (intervals) one record may carry: the complement sort is quadratic. */
#define MAX_RANGES 256

struct evlist {
	struct dd_event *ev;
	size_t n, cap;
	const char **vers;
	size_t nv, capv;
	char **pool;		/* owned copies the events and versions point into */
	size_t np, capp;
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

static void vers_add(struct evlist *l, const char *v)
{
	if (l->nv >= DD_STORE_MAX_LIST)
		return;
	DD_GROW(l->vers, l->capv, l->nv + 1);
	l->vers[l->nv++] = v;
}

/* A copy of s kept in l's pool, or NULL when s is not acceptable text. */
static const char *pool_dup(struct evlist *l, struct dd_slice s)
{
	char *v = dd_slice_dup(dd_slice_trim(s));

	if (!dd_text_ok(v)) {
		free(v);
		return NULL;
	}
	DD_GROW(l->pool, l->capp, l->np + 1);
	l->pool[l->np++] = v;
	return v;
}

static void evlist_release(struct evlist *l)
{
	size_t i;

	for (i = 0; i < l->np; i++)
		free(l->pool[i]);
	free(l->pool);
	free(l->ev);
	free(l->vers);
	memset(l, 0, sizeof(*l));
}

/*
 * One interval of versions: lo (NULL: from the beginning) to hi (NULL: no
 * end), each bound inclusive or not. exact is lo == hi, both inclusive.
 */
struct interval {
	const char *lo, *hi;
	bool lo_incl, hi_incl;
};

/*
 * One AND group of comparisons (">= 1.0, < 1.2", "<= 2.0", "= 1.1", "1.1")
 * into an interval. A bare version is "= v". Returns false when the group
 * is not of that form.
 */
static bool comparison_group(struct dd_slice g, struct evlist *l, struct interval *iv)
{
	memset(iv, 0, sizeof(*iv));
	while (g.len) {
		struct dd_slice c = dd_slice_trim(dd_parse_until(&g, ','));
		const char *v;
		char op;
		bool incl;

		if (!c.len)
			continue;
		if (dd_parse_skip(&c, ">="))
			op = '>', incl = true;
		else if (dd_parse_skip(&c, "<="))
			op = '<', incl = true;
		else if (dd_parse_skip(&c, "<"))
			op = '<', incl = false;
		else if (dd_parse_skip(&c, ">"))
			op = '>', incl = false;
		else if (dd_parse_skip(&c, "==") || dd_parse_skip(&c, "="))
			op = '=', incl = true;
		else
			op = '=', incl = true;
		c = dd_slice_trim(c);
		if (!c.len || memchr(c.ptr, ' ', c.len) || !(v = pool_dup(l, c)))
			return false;
		if (op != '<') {
			if (iv->lo)
				return false;
			iv->lo = v;
			iv->lo_incl = incl;
		}
		if (op != '>') {
			if (iv->hi)
				return false;
			iv->hi = v;
			iv->hi_incl = incl;
		}
	}
	return iv->lo || iv->hi;
}

/*
 * Maven interval notation: "[1.0,2.0)", "(,1.5]", "[1.2]", and several
 * intervals joined by commas ("(,1.0],[1.2,)", which means OR). Each one is
 * appended to ivs. Returns false when g is not well formed.
 */
static bool maven_intervals(struct dd_slice g, struct evlist *l, struct interval **ivs, size_t *n,
			    size_t *cap)
{
	while (g.len) {
		struct interval iv = { 0 };
		struct dd_slice body, lo, hi;
		const char *close;
		bool two;

		g = dd_slice_trim(g);
		if (!g.len)
			break;
		if ((g.ptr[0] != '[' && g.ptr[0] != '(') || *n >= MAX_RANGES)
			return false;
		close = NULL;
		for (size_t k = 1; k < g.len && !close; k++)
			if (g.ptr[k] == ']' || g.ptr[k] == ')')
				close = g.ptr + k;
		if (!close)
			return false;
		body = dd_slice_of(g.ptr + 1, (size_t)(close - g.ptr - 1));
		two = memchr(body.ptr, ',', body.len) != NULL;
		lo = dd_slice_trim(dd_parse_until(&body, ','));
		hi = two ? dd_slice_trim(body) : lo;
		if (memchr(hi.ptr, ',', hi.len) || (!two && (g.ptr[0] != '[' || *close != ']')))
			return false;
		if (lo.len && !(iv.lo = pool_dup(l, lo)))
			return false;
		if (hi.len && !(iv.hi = pool_dup(l, hi)))
			return false;
		if (!iv.lo && !iv.hi)
			return false;
		iv.lo_incl = g.ptr[0] == '[';
		iv.hi_incl = *close == ']';
		DD_GROW(*ivs, *cap, *n + 1);
		(*ivs)[(*n)++] = iv;
		g.len -= (size_t)(close + 1 - g.ptr);
		g.ptr = close + 1;
		g = dd_slice_trim(g);
		if (g.len && !dd_parse_skip(&g, ","))
			return false;
	}
	return true;
}

/*
 * One constraint string of a Trivy list: groups joined by "||" (OR), each a
 * comparison list where a comma means AND, or Maven interval notation where
 * a comma separates the bounds. Intervals are appended to ivs.
 */
static bool constraint_string(struct dd_slice s, struct evlist *l, struct interval **ivs,
			      size_t *n, size_t *cap)
{
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
		g = dd_slice_trim(g);
		if (!g.len || *n >= MAX_RANGES)
			return false;
		if (g.ptr[0] == '[' || g.ptr[0] == '(') {
			if (!maven_intervals(g, l, ivs, n, cap))
				return false;
		} else {
			struct interval iv;

			if (!comparison_group(g, l, &iv))
				return false;
			DD_GROW(*ivs, *cap, *n + 1);
			(*ivs)[(*n)++] = iv;
		}
	}
	return true;
}

/*
 * Affected intervals into events: [lo, hi) is introduced lo, fixed hi;
 * [lo, hi] is introduced lo, last_affected hi; an exact version is listed.
 * An exclusive lower bound has no OSV event: such an interval is kept as a
 * listed range in comparison syntax (the matcher checks it with the
 * ecosystem's satisfies).
 */
static bool affected_events(const struct interval *ivs, size_t n, struct evlist *l)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct interval *iv = &ivs[i];
		struct dd_buf b = DD_BUF_INIT;
		const char *v;

		if (iv->lo && iv->hi && iv->lo_incl && iv->hi_incl && strcmp(iv->lo, iv->hi) == 0) {
			vers_add(l, iv->lo);
			continue;
		}
		if (!iv->lo || iv->lo_incl) {
			ev_add(l, DD_EV_INTRODUCED, iv->lo ? iv->lo : "0");
			if (iv->hi)
				ev_add(l, iv->hi_incl ? DD_EV_LAST_AFFECTED : DD_EV_FIXED, iv->hi);
			continue;
		}
		dd_buf_addf(&b, "> %s", iv->lo);
		if (iv->hi)
			dd_buf_addf(&b, ", %s %s", iv->hi_incl ? "<=" : "<", iv->hi);
		v = pool_dup(l, dd_slice_of(b.buf, b.len));
		dd_buf_release(&b);
		if (!v)
			return false;
		vers_add(l, v);
	}
	return true;
}

/* Sorts intervals by lower bound (none first) under eco: insertion sort, n is capped. */
static void sort_intervals(struct interval *ivs, size_t n, enum dd_eco eco)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		struct interval x = ivs[i];

		for (j = i; j > 0; j--) {
			const struct interval *p = &ivs[j - 1];
			bool before = p->lo && (!x.lo || dd_version_cmp(eco, x.lo, p->lo) < 0);

			if (!before)
				break;
			ivs[j] = ivs[j - 1];
		}
		ivs[j] = x;
	}
}

/*
 * Trivy's rule for a record with only PatchedVersions (and
 * UnaffectedVersions): a version is affected when it is in none of them.
 * The complement of the union of the patched intervals becomes events. A
 * bare version "v" in such a list means "fixed from v on" (>= v): the
 * record then covers the versions below the lowest patched version. Returns
 * false when the complement cannot be written as events (a patched range
 * with an inclusive upper bound that is followed by affected versions).
 */
static bool patched_complement(struct interval *ivs, size_t n, enum dd_eco eco, struct evlist *l)
{
	const char *open = "0";	/* start of the next affected region; NULL: none */
	bool at_start = true;
	size_t i;

	for (i = 0; i < n; i++)
		if (ivs[i].lo && ivs[i].hi && ivs[i].lo_incl && ivs[i].hi_incl &&
		    strcmp(ivs[i].lo, ivs[i].hi) == 0)
			ivs[i].hi = NULL;	/* bare "v": >= v */
	sort_intervals(ivs, n, eco);
	for (i = 0; i < n && open; i++) {
		const struct interval *iv = &ivs[i];

		if (iv->lo && (at_start || dd_version_cmp(eco, iv->lo, open) > 0)) {
			ev_add(l, DD_EV_INTRODUCED, open);
			ev_add(l, iv->lo_incl ? DD_EV_FIXED : DD_EV_LAST_AFFECTED, iv->lo);
		}
		if (!iv->hi) {
			open = NULL;
			break;
		}
		if (at_start || dd_version_cmp(eco, iv->hi, open) > 0) {
			if (iv->hi_incl)
				return false;
			open = iv->hi;
		}
		at_start = false;
	}
	if (open)
		ev_add(l, DD_EV_INTRODUCED, open);
	return true;
}

/* Appends the strings of list (a JSON array) joined by ", " to b; false if one is not a string. */
static bool join_list(const json_t *list, struct dd_buf *b)
{
	const json_t *x;
	size_t i;

	json_array_foreach(list, i, x) {
		if (!json_is_string(x))
			return false;
		if (b->len + json_string_length(x) + 2 > DD_STORE_MAX_FIELD)
			return true;	/* long lists are cut: the text is only shown */
		dd_buf_addf(b, "%s%s", b->len ? ", " : "", json_string_value(x));
	}
	return true;
}

/* Parses every string of list into intervals; false (and *bad) on the first bad one. */
static bool parse_list(const json_t *list, struct evlist *l, struct interval **ivs, size_t *n,
		       size_t *cap, const char **bad)
{
	const json_t *x;
	size_t i;

	json_array_foreach(list, i, x) {
		const char *s = json_string_value(x);

		*bad = s ? s : "(not a string)";
		if (!s || !constraint_string(dd_slice_str(s), l, ivs, n, cap))
			return false;
	}
	return true;
}

/*
 * An ecosystem record, with Trivy's rule (pkg/detector/library/compare):
 * affected when VulnerableVersions matches, or, without VulnerableVersions,
 * when no PatchedVersions/UnaffectedVersions entry matches; no list at all
 * means every version. The fixed version shown is PatchedVersions joined by
 * ", ", as Trivy shows it.
 */
static int eco_record(struct dd_import *im, const char *file, const char *bucket, const char *ns,
		      const char *pkg, const char *id, const json_t *v, struct dd_err *e)
{
	json_t *vv = json_object_get(v, "VulnerableVersions");
	json_t *pv = json_object_get(v, "PatchedVersions");
	json_t *uv = json_object_get(v, "UnaffectedVersions");
	struct evlist l = { 0 };
	struct interval *ivs = NULL;
	size_t nv = 0, capv = 0, i;
	struct dd_affected a = { 0 };
	struct dd_buf fixed = DD_BUF_INIT;
	const char *bad = NULL;
	enum dd_eco eco = DD_ECO_GENERIC;
	bool has_fix = false;
	int r = 0;

	if ((vv && !json_is_array(vv)) || (pv && !json_is_array(pv)) || (uv && !json_is_array(uv))) {
		dd_import_skip(im, file, "%s %s: version lists are not lists", pkg, id);
		goto out;
	}
	if (!join_list(pv, &fixed)) {
		dd_import_skip(im, file, "%s %s: PatchedVersions entry is not a string", pkg, id);
		goto out;
	}
	if (json_array_size(vv)) {
		if (!parse_list(vv, &l, &ivs, &nv, &capv, &bad) || !affected_events(ivs, nv, &l)) {
			dd_import_skip(im, file, "%s %s: unsupported constraint '%.40s'", pkg, id, bad);
			goto out;
		}
	} else if (json_array_size(pv) || json_array_size(uv)) {
		if (dd_eco_parse(ns, &eco) < 0)
			eco = DD_ECO_GENERIC;
		if (!parse_list(pv, &l, &ivs, &nv, &capv, &bad) ||
		    !parse_list(uv, &l, &ivs, &nv, &capv, &bad) ||
		    !patched_complement(ivs, nv, eco, &l)) {
			dd_import_skip(im, file, "%s %s: unsupported patched constraint '%.40s'", pkg, id,
				       bad ? bad : "");
			goto out;
		}
	} else {
		ev_add(&l, DD_EV_INTRODUCED, "0");
	}
	for (i = 0; i < l.n; i++)
		has_fix |= l.ev[i].kind == DD_EV_FIXED;
	a.advisory_id = id;
	a.namespace = ns;
	a.package = pkg;
	a.status = has_fix || fixed.len ? DD_STATUS_FIXED : DD_STATUS_AFFECTED;
	a.fixed_version = fixed.len ? fixed.buf : NULL;
	a.range_type = l.n ? "ECOSYSTEM" : NULL;
	a.events = l.ev;
	a.n_events = l.n;
	a.versions = l.vers;
	a.n_versions = l.nv;
	if (l.n == 0 && l.nv == 0)
		dd_import_skip(im, file, "%s %s: no affected version", pkg, id);
	else if ((r = dd_store_affected(im->store, &a, e)) == 0) {
		im->affected++;
		remember(im, ns, pkg, id, bucket);
	}
out:
	dd_buf_release(&fixed);
	free(ivs);
	evlist_release(&l);
	return r;
}

/* Fills a distribution record from a Trivy value {FixedVersion, Status, State, Severity}. */
static void os_fill(struct dd_affected *a, const char *ns, const char *pkg, const char *id,
		    const json_t *v)
{
	static const enum dd_status by_status[] = {
		DD_STATUS_UNKNOWN, DD_STATUS_NOT_AFFECTED, DD_STATUS_AFFECTED, DD_STATUS_FIXED,
		DD_STATUS_NEEDS_TRIAGE, DD_STATUS_WONTFIX, DD_STATUS_DEFERRED, DD_STATUS_EOL,
	};
	static const char *const status_words[] = {
		NULL, "not_affected", "affected", "fixed", "under_investigation", "will_not_fix",
		"fix_deferred", "end_of_life",
	};
	const char *fixed = dd_j_str(v, "FixedVersion"), *state = dd_j_str(v, "State");
	double st = dd_j_num(v, "Status");

	a->advisory_id = id;
	a->namespace = ns;
	a->package = pkg;
	a->severity = trivy_severity(v);
	if (dd_text_ok(fixed)) {
		a->status = DD_STATUS_FIXED;
		a->fixed_version = fixed;
	} else if (st >= 1 && st <= 7 && st == (double)(int)st) {
		a->status = by_status[(int)st];
		a->status_detail = status_words[(int)st];
	} else if (state && (strcmp(state, "postponed") == 0 || strcmp(state, "no-dsa") == 0)) {
		a->status = DD_STATUS_DEFERRED;
		a->status_detail = state;
	} else if (state && strcmp(state, "ignored") == 0) {
		a->status = DD_STATUS_WONTFIX;
		a->status_detail = state;
	} else if (state && strcmp(state, "end-of-life") == 0) {
		a->status = DD_STATUS_EOL;
		a->status_detail = state;
	} else {
		a->status = DD_STATUS_AFFECTED;
	}
}

static int os_record(struct dd_import *im, const char *bucket, const char *ns, const char *pkg,
		     const char *id, const json_t *v, struct dd_err *e)
{
	struct dd_affected a = { 0 };
	json_t *vendor = json_object_get(v, "VendorIDs"), *x;
	size_t i;
	int r;

	os_fill(&a, ns, pkg, id, v);
	if ((r = dd_store_affected(im->store, &a, e)) < 0)
		return r;
	im->affected++;
	if (!a.severity)
		remember(im, ns, pkg, id, bucket);
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
	if (r == 0 && json_is_object(json_object_get(v, "VendorSeverity")))
		json_object_set(rh_state(im)->vendor_sev, id, json_object_get(v, "VendorSeverity"));
	return r;
}

/*
 * Red Hat buckets. "Red Hat CPE" maps CPE indices to CPE names ("cpe" ->
 * "869" -> "cpe:/o:redhat:enterprise_linux:7::server"); "Red Hat" holds
 * package -> advisory (RHSA or CVE) -> Entries[{Affected: [CPE indices],
 * Cves: [{ID, Severity}], FixedVersion, Status}]. The two may come in
 * different files, so the entries are kept until finish() and written then,
 * one record per RHEL major release the entry's CPEs name ("rhel:7").
 * Indices without a known CPE, and CPEs that are not a RHEL release
 * (layered products), are skipped and counted. The state (struct rh_state,
 * above) also keeps what the vendor severities need until finish().
 */
static struct rh_state *rh_state(struct dd_import *im)
{
	struct rh_state *st = im->state;

	if (!st) {
		st = im->state = dd_xcalloc(1, sizeof(*st));
		st->cpe = json_object();
		st->pending = json_array();
		st->vendor_sev = json_object();
		st->source_id = json_object();
		st->records = json_array();
	}
	return st;
}

static void rh_cpe_bucket(struct dd_import *im, const char *file, const json_t *pairs)
{
	struct rh_state *st = rh_state(im);
	const json_t *b, *p;
	size_t i, j;

	json_array_foreach(pairs, i, b) {
		const char *name = dd_j_str(b, "bucket");

		if (!name || strcmp(name, "cpe") != 0)
			continue;
		json_array_foreach(json_object_get(b, "pairs"), j, p) {
			const char *k = dd_j_str(p, "key"), *v = dd_j_str(p, "value");

			if (!dd_text_ok(k) || !dd_text_ok(v) || json_object_size(st->cpe) >= 100000) {
				dd_import_skip(im, file, "Red Hat CPE entry %zu: no index or name", j);
				continue;
			}
			json_object_set_new(st->cpe, k, json_string(v));
		}
	}
}

static void rh_bucket(struct dd_import *im, const char *file, const json_t *pairs)
{
	struct rh_state *st = rh_state(im);
	const json_t *p, *q;
	size_t i, j;

	json_array_foreach(pairs, i, p) {
		const char *pkg = dd_j_str(p, "bucket");

		if (!dd_text_ok(pkg)) {
			dd_import_skip(im, file, "Red Hat: package without a name");
			continue;
		}
		json_array_foreach(json_object_get(p, "pairs"), j, q) {
			const char *id = dd_j_str(q, "key");
			json_t *v = json_object_get(q, "value");

			if (!dd_text_ok(id) || !json_is_object(v) || json_array_size(st->pending) >= 1000000) {
				dd_import_skip(im, file, "Red Hat %s: entry without id or value", pkg);
				continue;
			}
			json_array_append_new(st->pending, json_pack("[ssO]", pkg, id, v));
		}
	}
}

/* "cpe:/o:redhat:enterprise_linux:7::server" -> "rhel:7"; false for other products. */
static bool rhel_namespace(const char *cpe, char *out, size_t n)
{
	static const char prefix[] = "cpe:/o:redhat:enterprise_linux:";
	const char *p;
	size_t k = 0;

	if (!cpe || strncmp(cpe, prefix, sizeof(prefix) - 1) != 0)
		return false;
	p = cpe + sizeof(prefix) - 1;
	while (p[k] >= '0' && p[k] <= '9' && k < 4)
		k++;
	if (k == 0 || (p[k] && p[k] != ':' && p[k] != '.'))
		return false;
	snprintf(out, n, "rhel:%.*s", (int)k, p);
	return true;
}

static int rh_entry(struct dd_import *im, const struct rh_state *st, const char *pkg,
		    const char *id, const json_t *ent, struct dd_err *e)
{
	static const char *const names[] = { "UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL" };
	const json_t *x, *cves = json_object_get(ent, "Cves");
	char done[16][16];
	size_t i, k, n_done = 0;
	int r;

	json_array_foreach(json_object_get(ent, "Affected"), i, x) {
		char key[32], ns[16];
		struct dd_affected a = { 0 };
		bool seen = false;

		if (json_is_integer(x))
			snprintf(key, sizeof(key), "%lld", (long long)json_integer_value(x));
		else if (json_is_string(x) && json_string_length(x) < sizeof(key))
			snprintf(key, sizeof(key), "%s", json_string_value(x));
		else
			continue;
		if (!rhel_namespace(dd_j_str(st->cpe, key), ns, sizeof(ns)))
			continue;
		for (k = 0; k < n_done; k++)
			seen |= strcmp(done[k], ns) == 0;
		if (seen || n_done >= 16)
			continue;
		snprintf(done[n_done++], sizeof(done[0]), "%s", ns);
		/* one record per CVE of the entry, as Trivy reports them; else the key itself */
		for (k = 0; k < DD_STORE_MAX_LIST && (k == 0 || k < json_array_size(cves)); k++) {
			json_t *c = json_array_get(cves, k);
			const char *cve = dd_j_str(c, "ID");
			double sev = dd_j_num(c, "Severity");

			memset(&a, 0, sizeof(a));
			os_fill(&a, ns, pkg, dd_text_ok(cve) ? cve : id, ent);
			if (!a.severity && sev >= 0 && sev <= 4 && sev == (double)(int)sev)
				a.severity = names[(int)sev];
			if ((r = dd_store_affected(im->store, &a, e)) < 0)
				return r;
			im->affected++;
			if (!a.severity)
				remember(im, ns, pkg, a.advisory_id, "Red Hat");
			if (!dd_text_ok(cve) || k + 1 >= json_array_size(cves))
				break;
		}
	}
	if (n_done == 0) {
		dd_import_skip(im, "Red Hat", "%s %s: no Affected index names a RHEL release", pkg, id);
		return 0;
	}
	json_array_foreach(cves, i, x)
		if (dd_text_ok(dd_j_str(x, "ID")) &&
		    (r = dd_store_alias(im->store, id, dd_j_str(x, "ID"), e)) < 0)
			return r;
	return 0;
}

/* Keeps (ns, package, id, bucket) of a record written without a severity of its own. */
static void remember(struct dd_import *im, const char *ns, const char *pkg, const char *id,
		     const char *bucket)
{
	struct rh_state *st = rh_state(im);

	if (json_array_size(st->records) < 4000000)
		json_array_append_new(st->records, json_pack("[ssss]", ns, pkg, id, bucket));
}

/*
 * The vendor's severity of advisory id for a record of bucket, as Trivy
 * picks it: VendorSeverity[the bucket's data source ID] ("ubuntu",
 * "amazon", "oracle-oval", "ghsa"; Red Hat's buckets are "redhat"), else
 * for a GHSA id VendorSeverity["ghsa"], else VendorSeverity["nvd"]; NULL
 * when none is there (the advisory's Severity then applies). A bucket the
 * data-source bucket does not name (a release the fixtures do not list)
 * has no vendor: Trivy shows NVD's rating then, and so does this.
 */
static const char *vendor_severity(const struct rh_state *st, const char *id, const char *bucket)
{
	static const char *const names[] = { "UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL" };
	const json_t *vs = json_object_get(st->vendor_sev, id);
	const char *src = dd_j_str(st->source_id, bucket);
	double d = -1;

	if (!vs)
		return NULL;
	if (!src && strcmp(bucket, "Red Hat") == 0)
		src = "redhat";
	if (src)
		d = dd_j_num(vs, src);
	if (d < 0 && strncmp(id, "GHSA-", 5) == 0)
		d = dd_j_num(vs, "ghsa");
	if (d < 0)
		d = dd_j_num(vs, "nvd");
	if (d >= 1 && d <= 4 && d == (double)(int)d)
		return names[(int)d];
	return NULL;
}

/* Writes the vendors' severities into the records that have none of their own. */
static int apply_vendor_severity(struct dd_import *im, const struct rh_state *st, struct dd_err *e)
{
	sqlite3 *db = dd_store_sqlite(im->store);
	sqlite3_stmt *q = NULL;
	const json_t *x;
	size_t i;
	int r = 0;

	if (json_array_size(st->records) == 0 || json_object_size(st->vendor_sev) == 0)
		return 0;
	if (sqlite3_prepare_v2(db, "UPDATE affected SET severity=?1 WHERE ns=?2 AND package=?3"
				   " AND advisory=?4 AND severity IS NULL"
				   " AND src=(SELECT id FROM source WHERE name=?5)",
			       -1, &q, NULL) != SQLITE_OK)
		return dd_err_set(e, -DDE_DB, "trivy: %s", sqlite3_errmsg(db));
	json_array_foreach(st->records, i, x) {
		const char *id = json_string_value(json_array_get(x, 2));
		const char *sev = vendor_severity(st, id, json_string_value(json_array_get(x, 3)));

		if (!sev)
			continue;
		sqlite3_reset(q);
		sqlite3_bind_text(q, 1, sev, -1, SQLITE_STATIC);
		for (int k = 0; k < 3; k++)
			sqlite3_bind_text(q, 2 + k, json_string_value(json_array_get(x, (size_t)k)), -1,
					  SQLITE_STATIC);
		sqlite3_bind_text(q, 5, im->source, -1, SQLITE_STATIC);
		if (sqlite3_step(q) != SQLITE_DONE) {
			r = dd_err_set(e, -DDE_DB, "trivy: %s", sqlite3_errmsg(db));
			break;
		}
	}
	sqlite3_finalize(q);
	return r;
}

static int finish(struct dd_import *im, bool ok, struct dd_err *e)
{
	struct rh_state *st = im->state;
	const json_t *p, *ent;
	size_t i, j;
	int r = 0;

	if (!st)
		return 0;
	json_array_foreach(st->pending, i, p) {
		const char *pkg = json_string_value(json_array_get(p, 0));
		const char *id = json_string_value(json_array_get(p, 1));
		json_t *ents = json_object_get(json_array_get(p, 2), "Entries");

		if (!ok)
			break;
		if (!json_is_array(ents) || json_array_size(ents) == 0) {
			dd_import_skip(im, "Red Hat", "%s %s: no Entries", pkg, id);
			continue;
		}
		json_array_foreach(ents, j, ent)
			if ((r = rh_entry(im, st, pkg, id, ent, e)) < 0)
				goto out;
	}
	if (ok)
		r = apply_vendor_severity(im, st, e);
out:
	im->state = NULL;
	json_decref(st->cpe);
	json_decref(st->pending);
	json_decref(st->vendor_sev);
	json_decref(st->source_id);
	json_decref(st->records);
	free(st);
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
		if (strcmp(bucket, "data-source") == 0) {
			json_array_foreach(pairs, j, p) {
				const char *k = dd_j_str(p, "key");
				const char *sid = dd_j_str(json_object_get(p, "value"), "ID");

				if (dd_text_ok(k) && dd_text_ok(sid))
					json_object_set_new(rh_state(im)->source_id, k, json_string(sid));
			}
			continue;
		}
		if (strcmp(bucket, "Red Hat CPE") == 0) {
			rh_cpe_bucket(im, name, pairs);
			continue;
		}
		if (strcmp(bucket, "Red Hat") == 0) {
			rh_bucket(im, name, pairs);
			continue;
		}
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
				r = os ? os_record(im, bucket, ns, pname, id, v, e)
				       : eco_record(im, name, bucket, ns, pname, id, v, e);
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
	"trivy", "Trivy's fixture database YAML (integration tests)", accepts, parse, finish,
};
