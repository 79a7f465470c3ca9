/*
 * tests/unit/vulndb_osv_test.c: the OSV importer on the real Go vulndb,
 * RustSec and PyPI advisory database data (JSON and YAML), and the CVSS v3
 * calculator it uses.
 */
#include <dirent.h>

#include "vulndb/cvss.h"
#include "vulndb_t.h"

static size_t count_files(const char *dir, const char *suffix)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0, sl = strlen(suffix);

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);

		if (de->d_name[0] != '.' && l > sl && strcmp(de->d_name + l - sl, suffix) == 0)
			n++;
	}
	closedir(d);
	return n;
}

TEST(osv_go_vulndb)
{
	const char *dir = t_shared_path("testdata/advisories/go-vulndb/data/osv");
	size_t files = count_files(dir, ".json");
	struct dd_advisory *a = NULL;
	struct dd_err e = DD_ERR_INIT;
	struct vt_db d;
	struct vt_recs rs;
	const struct vt_rec *x;
	size_t i;
	bool cve = false, ghsa = false;

	T_ASSERT(files > 4000);
	T_ASSERT(vt_build(&d, "osv", dir));
	T_EQ_INT(d.im.records, files);
	T_EQ_INT(d.im.skipped, 0);
	vt_lookup(&d, "Go", "github.com/gin-gonic/gin", &rs);
	x = vt_find(&rs, "GO-2020-0001");
	T_ASSERT(x != NULL);
	T_EQ_INT(x->status, DD_STATUS_FIXED);
	T_EQ_STR(x->range, "i0,f1.6.0");
	T_EXPECT(x->fixed == NULL);
	vt_recs_free(&rs);
	T_ASSERT(dd_vulndb_advisory(d.v, "GO-2020-0001", &a, &e) == 0);
	for (i = 0; i < a->n_aliases; i++) {
		cve |= strcmp(a->aliases[i], "CVE-2020-36567") == 0;
		ghsa |= strcmp(a->aliases[i], "GHSA-6vm3-jj99-7229") == 0;
	}
	T_EXPECT(cve && ghsa);
	T_EQ_STR(a->summary, "Arbitrary log line injection in github.com/gin-gonic/gin");
	T_EXPECT(a->n_references >= 2);
	dd_advisory_free(a);
	a = NULL;
	/* the alias resolves back to the advisory */
	T_ASSERT(dd_vulndb_advisory(d.v, "CVE-2020-36567", &a, &e) == 0);
	T_EXPECT(a->n_aliases >= 1 && strcmp(a->aliases[0], "GO-2020-0001") == 0);
	dd_advisory_free(a);
	T_EXPECT(dd_vulndb_advisory(d.v, "GO-1999-9999", &a, &e) == -DDE_NOTFOUND);
	dd_err_release(&e);
	vt_free(&d);
}

TEST(osv_pypi_yaml)
{
	struct vt_db d;
	struct vt_recs rs;
	const struct vt_rec *x;
	bool has = false;

	T_ASSERT(vt_build(&d, "osv", t_shared_path("testdata/advisories/pypa-advisory-database/vulns")));
	T_EXPECT(d.im.records > 2600);
	T_EQ_INT(d.im.skipped, 0);
	vt_lookup(&d, "PyPI", "apache-skywalking", &rs);
	x = vt_find(&rs, "PYSEC-2020-342");
	T_ASSERT(x != NULL);
	T_EQ_INT(x->status, DD_STATUS_AFFECTED);	/* introduced 0, no fix */
	T_EQ_INT(x->n_versions, 10);
	T_EQ_STR(x->range, "i0");
	vt_recs_free(&rs);
	/* PEP 503: "jw.util" is stored as "jw-util" */
	vt_lookup(&d, "PyPI", "jw-util", &rs);
	x = vt_find(&rs, "PYSEC-2020-341");
	T_ASSERT(x != NULL);
	T_EQ_STR(x->range, "i0,f2.3");
	vt_recs_free(&rs);
	vt_lookup(&d, "PyPI", "jw.util", &rs);
	T_EQ_INT(rs.n, 0);
	vt_recs_free(&rs);
	T_ASSERT(dd_vulndb_has_namespace(d.v, "PyPI", &has, NULL) == 0);
	T_EXPECT(has);
	T_ASSERT(dd_vulndb_has_namespace(d.v, "npm", &has, NULL) == 0);
	T_EXPECT(!has);
	vt_free(&d);
}

TEST(osv_rustsec)
{
	const char *dir = t_shared_path("testdata/advisories/rustsec-osv/crates");
	struct vt_db d;

	T_ASSERT(vt_build(&d, "osv", dir));
	T_EQ_INT(d.im.records, count_files(dir, ".json"));
	T_EXPECT(d.im.affected > 1000);
	vt_free(&d);
}

TEST(osv_malformed_records_are_skipped)
{
	struct dd_err e = DD_ERR_INIT;
	struct dd_store *st = NULL;
	struct dd_import im;
	static const char bad[] = "{\"id\": 5, \"affected\": []}";
	static const char trunc[] = "{\"id\": \"X-1\", \"affected\": [";

	T_ASSERT(dd_store_open(&st, ":memory:", &e) == 0);
	T_ASSERT(dd_store_begin(st, "osv", "osv", true, &e) == 0);
	dd_import_init(&im, st, "osv");
	T_EQ_INT(dd_import_data(&im, &dd_feed_osv, "bad.json", dd_slice_of(bad, sizeof(bad) - 1), &e), 0);
	T_EQ_INT(dd_import_data(&im, &dd_feed_osv, "trunc.json", dd_slice_of(trunc, sizeof(trunc) - 1), &e), 0);
	T_EQ_INT(im.skipped, 2);
	T_EQ_INT(im.n_reasons, 2);
	T_EXPECT(strstr(im.reasons[0], "bad.json") != NULL);
	dd_import_release(&im);
	dd_store_close(st);
	dd_err_release(&e);
}

TEST(cvss3_base_scores)
{
	T_EXPECT(dd_cvss3_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H") == 9.8);
	T_EXPECT(dd_cvss3_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N") == 6.1);
	T_EXPECT(dd_cvss3_score("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H") == 7.8);
	T_EXPECT(dd_cvss3_score("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N") == 0);
	T_EXPECT(dd_cvss3_score("AV:N/AC:L/Au:N/C:P/I:P/A:P") < 0);
	T_EXPECT(dd_cvss3_score("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H") < 0);
	T_EQ_STR(dd_cvss_severity(9.8), "CRITICAL");
	T_EQ_STR(dd_cvss_severity(4.0), "MEDIUM");
}
