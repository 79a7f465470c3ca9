/*
 * src/vulndb/debian_changelog.c: the "debian-changelog" importer: fixed
 * versions derived from the Debian archive itself, one row per changelog
 * entry that names CVE ids (tab-separated: source, version, distribution,
 * date, space-separated CVE ids, archive source, binary; a header line
 * starting with "source" is skipped). Each row says: packages built from
 * that source are fixed for those CVEs from that version on. Rows are
 * recorded under the import's namespace hint, else "debian:12" when the
 * file name says bookworm, else the distribution column's codename when it
 * names a release ("bookworm-security" -> debian:12). Rows of unstable or
 * experimental uploads are fixes that predate the release, kept as fixed
 * records of the hinted namespace.
 */
#include <stdio.h>
#include <string.h>

#include "util/parse.h"
#include "util/xalloc.h"
#include "vulndb/import.h"

#define MAX_LINE 65536
#define MAX_FIELD 512

static bool accepts(const char *name)
{
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;

	return strcmp(base, "changelog_cves.tsv") == 0;
}

/* The namespace of a row: the hint, else the codename before "-security". */
static bool row_namespace(struct dd_import *im, const char *file, struct dd_slice dist, char *ns,
			  size_t n)
{
	char rel[64];
	size_t k;

	if (im->ns_hint) {
		snprintf(ns, n, "%s", im->ns_hint);
		return true;
	}
	if (strstr(file, "bookworm")) {
		snprintf(ns, n, "debian:12");
		return true;
	}
	k = 0;
	while (k < dist.len && k + 1 < sizeof(rel) && dist.ptr[k] != '-')
		k++;
	snprintf(rel, sizeof(rel), "%.*s", (int)k, dist.ptr);
	return dd_ns_debian(rel, ns, n) == 0 && strcmp(ns, "debian:unstable") != 0;
}

static int one_cve(struct dd_import *im, const char *ns, const char *src, const char *ver,
		   const char *cve, struct dd_err *e)
{
	struct dd_advisory adv = { 0 };
	struct dd_affected a = { 0 };
	int r;

	adv.id = (char *)cve;
	adv.cvss_score = -1;
	adv.epss = -1;
	if ((r = dd_store_advisory(im->store, &adv, e)) < 0)
		return r;
	a.advisory_id = cve;
	a.namespace = ns;
	a.package = src;
	a.status = DD_STATUS_FIXED;
	a.fixed_version = ver;
	if ((r = dd_store_affected(im->store, &a, e)) < 0)
		return r;
	im->affected++;
	return 0;
}

static int parse(struct dd_import *im, const char *name, struct dd_slice data, struct dd_err *e)
{
	struct dd_slice line;
	size_t lineno = 0;
	int r;

	while (dd_parse_line(&data, &line)) {
		struct dd_slice rest = line, f_src, f_ver, f_dist, f_cves;
		char src[MAX_FIELD], ver[MAX_FIELD], ns[48];

		lineno++;
		if (line.len == 0 || dd_slice_starts(line, "source\t"))
			continue;
		if (line.len > MAX_LINE) {
			dd_import_skip(im, name, "line %zu: longer than %d bytes", lineno, MAX_LINE);
			continue;
		}
		f_src = dd_parse_until(&rest, '\t');
		f_ver = dd_parse_until(&rest, '\t');
		f_dist = dd_parse_until(&rest, '\t');
		(void)dd_parse_until(&rest, '\t');	/* date */
		f_cves = dd_parse_until(&rest, '\t');
		if (!f_src.len || !f_ver.len || !f_cves.len || f_src.len >= MAX_FIELD ||
		    f_ver.len >= MAX_FIELD) {
			dd_import_skip(im, name, "line %zu: missing or overlong source, version or CVE "
				       "column", lineno);
			continue;
		}
		snprintf(src, sizeof(src), "%.*s", DD_SLICE_FMT(f_src));
		snprintf(ver, sizeof(ver), "%.*s", DD_SLICE_FMT(f_ver));
		if (!dd_text_ok(src) || !dd_text_ok(ver)) {
			dd_import_skip(im, name, "line %zu: control characters in a field", lineno);
			continue;
		}
		if (!row_namespace(im, name, f_dist, ns, sizeof(ns))) {
			dd_import_skip(im, name, "line %zu: no Debian release for distribution '%.*s'",
				       lineno, DD_SLICE_FMT(f_dist));
			continue;
		}
		while (f_cves.len) {
			struct dd_slice c = dd_slice_trim(dd_parse_until(&f_cves, ' '));
			char cve[64];

			if (!c.len)
				continue;
			if (c.len >= sizeof(cve) || !dd_slice_starts(c, "CVE-")) {
				dd_import_skip(im, name, "line %zu: '%.*s' is not a CVE id", lineno,
					       (int)(c.len > 40 ? 40 : c.len), c.ptr);
				continue;
			}
			snprintf(cve, sizeof(cve), "%.*s", DD_SLICE_FMT(c));
			if ((r = one_cve(im, ns, src, ver, cve, e)) < 0)
				return r;
		}
		im->records++;
	}
	return 0;
}

const struct dd_feed dd_feed_debian_changelog = {
	"debian-changelog",
	"CVE fixes named in Debian changelogs (source, version, distribution, date, CVEs TSV)",
	accepts, parse, NULL,
};
