/*
 * src/vulndb/kev.c: the CISA Known Exploited Vulnerabilities catalogue
 * importer (known_exploited_vulnerabilities.json: {"vulnerabilities":
 * [{"cveID", "vulnerabilityName", "dateAdded", ...}]}): each CVE id is
 * flagged in the kev table, an enrichment of advisories and their aliases.
 */
#include <string.h>

#include "vulndb/import.h"

static bool accepts(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && strcmp(name + n - 5, ".json") == 0;
}

static int parse(struct dd_import *im, const char *name, struct dd_slice data, struct dd_err *e)
{
	struct dd_err pe = DD_ERR_INIT;
	json_t *root = NULL, *vulns, *v;
	size_t i;
	int r;

	if ((r = dd_json_parse(data, &root, &pe)) < 0) {
		dd_err_set(e, r, "%s: %s", name, dd_err_msg(&pe));
		dd_err_release(&pe);
		return r;
	}
	vulns = json_object_get(root, "vulnerabilities");
	if (!json_is_array(vulns)) {
		json_decref(root);
		return dd_err_set(e, -DDE_FORMAT, "%s: no \"vulnerabilities\" array (not a KEV catalogue)",
				  name);
	}
	r = 0;
	json_array_foreach(vulns, i, v) {
		const char *cve = dd_j_str(v, "cveID");

		if (!dd_text_ok(cve) || strncmp(cve, "CVE-", 4) != 0 || strlen(cve) > 64) {
			dd_import_skip(im, name, "entry %zu: no cveID", i);
			continue;
		}
		if ((r = dd_store_kev(im->store, cve, e)) < 0)
			break;
		im->records++;
	}
	json_decref(root);
	return r;
}

const struct dd_feed dd_feed_kev = {
	"kev", "CISA Known Exploited Vulnerabilities catalogue (JSON)", accepts, parse, NULL,
};
