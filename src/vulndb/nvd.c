/*
 * src/vulndb/nvd.c: the NVD CVE importer (CVE API 2.0 JSON: the API's pages
 * and the yearly feeds {"vulnerabilities": [{"cve": {...}}]}, plus vunnel's
 * per-CVE records {"item": {"cve": {...}}} as in Grype's fixtures). Each CVE
 * becomes an advisory of source "nvd" with its English description, dates,
 * references and the primary CVSS v3.x (else v4.0) metric. The read side
 * prefers any other source's data and falls back to NVD's.
 */
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "vulndb/cvss.h"
#include "vulndb/import.h"

static bool accepts(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && strcmp(name + n - 5, ".json") == 0;
}

/* The best metric of a metrics array: "Primary" first. */
static const json_t *pick_metric(const json_t *arr)
{
	const json_t *m, *first = NULL;
	size_t i;

	json_array_foreach(arr, i, m) {
		const char *type = dd_j_str(m, "type");

		if (!first)
			first = m;
		if (type && strcmp(type, "Primary") == 0)
			return m;
	}
	return first;
}

static int nvd_cve(struct dd_import *im, const char *file, const json_t *cve, struct dd_err *e)
{
	static const char *const keys[] = { "cvssMetricV31", "cvssMetricV30", "cvssMetricV40" };
	struct dd_advisory a = { 0 };
	const char *id = dd_j_str(cve, "id");
	json_t *descs = json_object_get(cve, "descriptions"), *metrics, *x, *refs;
	char **rv = NULL;
	size_t i, cap = 0;
	int r;

	if (!dd_text_ok(id) || strncmp(id, "CVE-", 4) != 0 || strlen(id) > 64) {
		dd_import_skip(im, file, "record without a CVE id");
		return 0;
	}
	a.id = (char *)id;
	a.cvss_score = -1;
	a.published = (char *)dd_j_str(cve, "published");
	a.modified = (char *)dd_j_str(cve, "lastModified");
	json_array_foreach(descs, i, x) {
		const char *lang = dd_j_str(x, "lang"), *v = dd_j_str(x, "value");

		if (lang && strcmp(lang, "en") == 0 && v && strlen(v) < DD_STORE_MAX_FIELD) {
			a.summary = (char *)v;
			break;
		}
	}
	metrics = json_object_get(cve, "metrics");
	for (i = 0; i < 3 && !a.cvss_vector; i++) {
		const json_t *m = pick_metric(json_object_get(metrics, keys[i]));
		json_t *data = json_object_get(m, "cvssData");
		const char *vec = dd_j_str(data, "vectorString");

		if (!dd_text_ok(vec))
			continue;
		a.cvss_vector = (char *)vec;
		a.cvss_score = dd_j_num(data, "baseScore");
		if (a.cvss_score < 0 || a.cvss_score > 10)
			a.cvss_score = dd_cvss3_score(vec);
		a.severity = (char *)dd_severity_norm(dd_j_str(data, "baseSeverity"));
		if (!a.severity)
			a.severity = (char *)dd_cvss_severity(a.cvss_score);
	}
	refs = json_object_get(cve, "references");
	json_array_foreach(refs, i, x) {
		const char *u = dd_j_str(x, "url");

		if (!dd_text_ok(u) || a.n_references >= DD_STORE_MAX_LIST)
			continue;
		DD_GROW(rv, cap, a.n_references + 1);
		rv[a.n_references++] = (char *)u;
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
	json_t *root = NULL, *vulns, *v, *item;
	size_t i;
	int r;

	if ((r = dd_json_parse(data, &root, &pe)) < 0) {
		dd_import_skip(im, name, "%s", dd_err_msg(&pe));
		dd_err_release(&pe);
		return 0;
	}
	r = 0;
	vulns = json_object_get(root, "vulnerabilities");
	item = json_object_get(root, "item");
	if (json_is_array(vulns)) {
		json_array_foreach(vulns, i, v)
			if ((r = nvd_cve(im, name, json_object_get(v, "cve"), e)) < 0)
				break;
	} else if (json_is_object(item)) {
		r = nvd_cve(im, name, json_object_get(item, "cve"), e);
	} else if (dd_j_str(root, "id")) {
		r = nvd_cve(im, name, root, e);
	} else {
		dd_import_skip(im, name, "neither an NVD 2.0 feed nor a CVE record");
	}
	json_decref(root);
	return r;
}

const struct dd_feed dd_feed_nvd = {
	"nvd", "NVD CVE API 2.0 JSON (feeds, pages, vunnel records)", accepts, parse, NULL,
};
