/*
 * src/vulndb/epss.c: the EPSS scores importer (FIRST's
 * epss_scores-current.csv.gz: an optional "#model_version:..." comment, the
 * header "cve,epss,percentile", then one row per CVE). Scores are stored in
 * the epss table, an enrichment of advisories and their aliases.
 */
#include <stdlib.h>
#include <string.h>

#include "util/parse.h"
#include "vulndb/import.h"

static bool accepts(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && strcmp(name + n - 4, ".csv") == 0;
}

/* A probability "0.00043" or "1.0" or "1e-05" in [0, 1]; -1 when malformed. */
static double prob(struct dd_slice s)
{
	char tmp[32], *end;
	double d;

	s = dd_slice_trim(s);
	if (!s.len || s.len >= sizeof(tmp))
		return -1;
	memcpy(tmp, s.ptr, s.len);
	tmp[s.len] = '\0';
	d = strtod(tmp, &end);
	if (*end || !(d >= 0 && d <= 1))
		return -1;
	return d;
}

static int parse(struct dd_import *im, const char *name, struct dd_slice data, struct dd_err *e)
{
	struct dd_slice line;
	size_t lineno = 0;
	bool header = false;
	int r = 0;

	while (dd_parse_line(&data, &line)) {
		struct dd_slice cve, score, pct;
		char id[64];
		double s, p;

		lineno++;
		if (!line.len || line.ptr[0] == '#')
			continue;
		if (!header) {
			if (!dd_slice_starts(line, "cve,epss"))
				return dd_err_set(e, -DDE_FORMAT, "%s: line %zu: no \"cve,epss,percentile\" header",
						  name, lineno);
			header = true;
			continue;
		}
		cve = dd_slice_trim(dd_parse_until(&line, ','));
		score = dd_parse_until(&line, ',');
		pct = dd_parse_until(&line, ',');
		s = prob(score);
		p = pct.len ? prob(pct) : -1;
		if (!dd_slice_starts(cve, "CVE-") || cve.len >= sizeof(id) || s < 0) {
			dd_import_skip(im, name, "line %zu: malformed row", lineno);
			continue;
		}
		memcpy(id, cve.ptr, cve.len);
		id[cve.len] = '\0';
		if (!dd_text_ok(id)) {
			dd_import_skip(im, name, "line %zu: malformed row", lineno);
			continue;
		}
		if ((r = dd_store_epss(im->store, id, s, p, e)) < 0)
			break;
		im->records++;
	}
	if (r == 0 && !header)
		r = dd_err_set(e, -DDE_FORMAT, "%s: empty EPSS file", name);
	return r;
}

const struct dd_feed dd_feed_epss = {
	"epss", "FIRST EPSS scores (CSV, optionally .gz)", accepts, parse, NULL,
};
