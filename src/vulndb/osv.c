/*
 * src/vulndb/osv.c: the OSV importer: OSV JSON records (one per file, or an
 * array of them), directories of them, the per-ecosystem all.zip export (the
 * framework opens archives) and OSV YAML (the PyPI advisory database).
 * Ecosystem names map to namespaces as vulndb.h says: language ecosystems
 * keep their OSV name, distribution ecosystems ("Debian:12",
 * "Alpine:v3.19", "Ubuntu:22.04") become "debian:12", "alpine:3.19"...
 */
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "vulndb/cvss.h"
#include "vulndb/import.h"

#define OSV_MAX_AFFECTED 4096

static bool accepts(const char *name)
{
	size_t n = strlen(name);

	return (n > 5 && strcmp(name + n - 5, ".json") == 0) ||
	       (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	       (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

/* Namespace of an OSV ecosystem; false when it is not one drydock matches. */
static bool osv_namespace(const char *eco, char *out, size_t n)
{
	static const char *const langs[] = {
		"npm", "PyPI", "Go", "crates.io", "Maven", "RubyGems", "NuGet", "Packagist",
		"Hex", "Pub", "Hackage", "CRAN", "SwiftURL", "GitHub Actions", "Bitnami", NULL,
	};
	const char *colon = strchr(eco, ':');
	char fam[32];
	size_t i, fl;

	if (!colon) {
		for (i = 0; langs[i]; i++)
			if (strcmp(langs[i], eco) == 0) {
				snprintf(out, n, "%s", eco);
				return true;
			}
		return false;
	}
	fl = (size_t)(colon - eco);
	if (fl == 0 || fl >= sizeof(fam))
		return false;
	for (i = 0; i < fl; i++) {
		char c = eco[i];

		fam[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : (c == ' ' ? '-' : c));
	}
	fam[fl] = '\0';
	if (strcmp(fam, "debian") == 0)
		return dd_ns_debian(colon + 1, out, n) == 0;
	if (strcmp(fam, "alpine") == 0)
		return dd_ns_alpine(colon + 1, out, n) == 0;
	if (strcmp(fam, "ubuntu") == 0) {
		const char *rel = colon + 1;

		/* "Ubuntu:22.04:LTS", "Ubuntu:Pro:18.04:LTS": plain releases only */
		if (strncmp(rel, "Pro:", 4) == 0 || strncmp(rel, "FIPS", 4) == 0)
			return false;
		snprintf(out, n, "ubuntu:%.*s", (int)strcspn(rel, ":"), rel);
		return true;
	}
	if (strcmp(fam, "rocky-linux") == 0)
		snprintf(fam, sizeof(fam), "rocky");
	if (!dd_text_ok(colon + 1))
		return false;
	snprintf(out, n, "%s:%s", fam, colon + 1);
	return true;
}

static bool is_distro_ns(const char *ns)
{
	return strchr(ns, ':') != NULL;
}

static char **str_list(const json_t *arr, size_t *n)
{
	char **v = NULL;
	size_t i, cap = 0;
	json_t *x;

	*n = 0;
	if (!json_is_array(arr))
		return NULL;
	json_array_foreach(arr, i, x) {
		const char *s = json_string_value(x);

		if (!dd_text_ok(s) || *n >= DD_STORE_MAX_LIST)
			continue;
		DD_GROW(v, cap, *n + 1);
		v[(*n)++] = (char *)s;
	}
	return v;
}

/* Severity and CVSS of an OSV record into a (borrowed strings). */
static void osv_severity(const json_t *rec, struct dd_advisory *a)
{
	json_t *sev = json_object_get(rec, "severity"), *x, *ds;
	size_t i;

	json_array_foreach(sev, i, x) {
		const char *type = dd_j_str(x, "type"), *score = dd_j_str(x, "score");
		double s;

		if (!type || !dd_text_ok(score))
			continue;
		if (strcmp(type, "CVSS_V3") != 0 && strcmp(type, "CVSS_V4") != 0)
			continue;
		/* v3 preferred (a score can be computed); v4 kept when alone */
		if (a->cvss_vector && strcmp(type, "CVSS_V4") == 0)
			continue;
		a->cvss_vector = (char *)score;
		s = dd_cvss3_score(score);
		a->cvss_score = s;
	}
	ds = json_object_get(rec, "database_specific");
	a->severity = (char *)dd_severity_norm(dd_j_str(ds, "severity"));
	if (!a->severity && a->cvss_score >= 0)
		a->severity = (char *)dd_cvss_severity(a->cvss_score);
}

static int osv_affected(struct dd_import *im, const char *file, const char *id, const json_t *aff,
			struct dd_err *e)
{
	json_t *pkg = json_object_get(aff, "package"), *ranges, *rg;
	const char *eco = dd_j_str(pkg, "ecosystem"), *name = dd_j_str(pkg, "name");
	char ns[96], pname[512];
	char **versions = NULL;
	size_t n_versions = 0, i, rows = 0;
	bool distro;
	int r = 0;

	if (!dd_text_ok(eco) || !dd_text_ok(name) || strlen(name) >= sizeof(pname)) {
		dd_import_skip(im, file, "%s: affected entry without package name/ecosystem", id);
		return 0;
	}
	if (!osv_namespace(eco, ns, sizeof(ns)))
		return 0;	/* an ecosystem drydock does not match: not an error */
	distro = is_distro_ns(ns);
	if (strcmp(ns, "PyPI") == 0)
		dd_pypi_norm(name, pname, sizeof(pname));
	else
		snprintf(pname, sizeof(pname), "%s", name);
	versions = str_list(json_object_get(aff, "versions"), &n_versions);
	ranges = json_object_get(aff, "ranges");
	json_array_foreach(ranges, i, rg) {
		const char *type = dd_j_str(rg, "type");
		json_t *evs = json_object_get(rg, "events"), *ev;
		struct dd_event *events = NULL;
		size_t n_ev = 0, cap = 0, k;
		struct dd_affected a = { 0 };
		const char *fixed = NULL;

		if (!type || strcmp(type, "GIT") == 0)
			continue;
		json_array_foreach(evs, k, ev) {
			static const char *const kinds[] = { "introduced", "fixed", "last_affected", "limit" };
			int kk;

			if (n_ev >= DD_STORE_MAX_LIST)
				break;
			for (kk = 0; kk < 4; kk++) {
				const char *v = dd_j_str(ev, kinds[kk]);

				if (!dd_text_ok(v))
					continue;
				DD_GROW(events, cap, n_ev + 1);
				events[n_ev].kind = (enum dd_event_kind)kk;
				events[n_ev].version = v;
				n_ev++;
				if (kk == DD_EV_FIXED)
					fixed = v;
				break;
			}
		}
		if (n_ev == 0) {
			free(events);
			dd_import_skip(im, file, "%s: range without events", id);
			continue;
		}
		a.advisory_id = id;
		a.namespace = ns;
		a.package = pname;
		a.status = fixed ? DD_STATUS_FIXED : DD_STATUS_AFFECTED;
		a.fixed_version = distro ? fixed : NULL;
		a.range_type = type;
		a.events = events;
		a.n_events = n_ev;
		if (rows == 0) {
			a.versions = (const char *const *)versions;
			a.n_versions = n_versions;
		}
		r = dd_store_affected(im->store, &a, e);
		free(events);
		if (r < 0)
			goto out;
		rows++;
		im->affected++;
	}
	if (rows == 0 && n_versions) {
		struct dd_affected a = { 0 };

		a.advisory_id = id;
		a.namespace = ns;
		a.package = pname;
		a.status = DD_STATUS_AFFECTED;
		a.versions = (const char *const *)versions;
		a.n_versions = n_versions;
		if ((r = dd_store_affected(im->store, &a, e)) < 0)
			goto out;
		im->affected++;
	}
out:
	free(versions);
	return r;
}

/* Imports one OSV record (JSON object, from JSON or YAML). */
int dd_osv_record(struct dd_import *im, const char *file, const json_t *rec, struct dd_err *e)
{
	struct dd_advisory a = { 0 };
	const char *id = dd_j_str(rec, "id");
	json_t *refs, *x, *affected;
	char **refv = NULL;
	size_t i, cap = 0;
	int r = 0;

	if (!json_is_object(rec) || !dd_text_ok(id) || strlen(id) > 256) {
		dd_import_skip(im, file, "record without an id");
		return 0;
	}
	a.id = (char *)id;
	a.summary = (char *)dd_j_str(rec, "summary");
	if (!dd_text_ok(a.summary)) {
		const char *d = dd_j_str(rec, "details");

		a.summary = NULL;
		if (d && strlen(d) < DD_STORE_MAX_FIELD)
			a.summary = (char *)d;
	}
	a.published = (char *)dd_j_str(rec, "published");
	a.modified = (char *)dd_j_str(rec, "modified");
	a.cvss_score = -1;
	a.epss = -1;
	osv_severity(rec, &a);
	a.aliases = str_list(json_object_get(rec, "aliases"), &a.n_aliases);
	refs = json_object_get(rec, "references");
	json_array_foreach(refs, i, x) {
		const char *u = dd_j_str(x, "url");

		if (!dd_text_ok(u) || a.n_references >= DD_STORE_MAX_LIST)
			continue;
		DD_GROW(refv, cap, a.n_references + 1);
		refv[a.n_references++] = (char *)u;
	}
	a.references = refv;
	if ((r = dd_store_advisory(im->store, &a, e)) < 0)
		goto out;
	im->records++;
	if (dd_j_str(rec, "withdrawn"))
		goto out;	/* kept for its aliases, never matched */
	affected = json_object_get(rec, "affected");
	if (json_array_size(affected) > OSV_MAX_AFFECTED) {
		dd_import_skip(im, file, "%s: more than %d affected entries", id, OSV_MAX_AFFECTED);
		goto out;
	}
	json_array_foreach(affected, i, x)
		if ((r = osv_affected(im, file, id, x, e)) < 0)
			goto out;
out:
	free(a.aliases);
	free(refv);
	return r;
}

static bool is_yaml(const char *name)
{
	size_t n = strlen(name);

	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	       (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static int parse(struct dd_import *im, const char *name, struct dd_slice data, struct dd_err *e)
{
	struct dd_err pe = DD_ERR_INIT;
	json_t *root = NULL, *x;
	size_t i;
	int r;

	r = is_yaml(name) ? dd_yaml_to_json(data, &root, &pe) : dd_json_parse(data, &root, &pe);
	if (r < 0) {
		dd_import_skip(im, name, "%s", dd_err_msg(&pe));
		dd_err_release(&pe);
		return 0;
	}
	r = 0;
	if (json_is_array(root)) {
		json_array_foreach(root, i, x)
			if ((r = dd_osv_record(im, name, x, e)) < 0)
				break;
	} else {
		r = dd_osv_record(im, name, root, e);
	}
	json_decref(root);
	return r;
}

const struct dd_feed dd_feed_osv = {
	"osv", "OSV JSON/YAML records: files, directories, all.zip", accepts, parse, NULL,
};
