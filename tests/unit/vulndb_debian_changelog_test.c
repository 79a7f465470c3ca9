/*
 * tests/unit/vulndb_debian_changelog_test.c: the debian-changelog importer
 * on the real bookworm changelog-derived fixes (232 entries, 476 CVE
 * mentions per the data's README) and on malformed rows.
 */
#include "vulndb_t.h"

#define CHANGELOG "testdata/advisories/debian-bookworm-derived/changelog_cves.tsv"

TEST(debian_changelog_real_rows)
{
	struct vt_db d;
	struct vt_recs rs;
	const struct vt_rec *x;

	T_ASSERT(vt_build(&d, "debian-changelog", t_shared_path(CHANGELOG)));
	T_EQ_INT(d.im.records, 232);
	T_EQ_INT(d.im.affected, 476);
	T_EQ_INT(d.im.skipped, 0);
	vt_lookup(&d, "debian:12", "curl", &rs);
	x = vt_find(&rs, "CVE-2024-11053");
	T_ASSERT(x);
	T_EQ_INT(x->status, DD_STATUS_FIXED);
	T_EQ_STR(x->fixed, "7.88.1-10+deb12u10");
	vt_recs_free(&rs);
	vt_free(&d);
}

TEST(debian_changelog_bad_rows_are_skipped)
{
	static const char data[] =
		"source\tversion\tdistribution\tdate\tcves\tarchive_source\tfrom_binary\n"
		"zlib\t1:1.2.13.dfsg-1\tunstable\tMon\tCVE-2022-37434\tzlib\tzlib1g=1\n"
		"\t1.0\tbookworm\tx\tCVE-2020-1\n"
		"bash\t5.2\tbookworm\tx\tnot-a-cve CVE-2022-3715\n"
		"broken line without tabs\n";
	char dir[] = "/tmp/dd-bookworm-XXXXXX", path[256];
	struct vt_db d;
	struct vt_recs rs;
	FILE *f;

	T_ASSERT(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/changelog_cves.tsv", dir);
	f = fopen(path, "w");
	T_ASSERT(f);
	fputs(data, f);
	fclose(f);
	T_ASSERT(vt_build(&d, "debian-changelog", path));
	unlink(path);
	rmdir(dir);
	T_EQ_INT(d.im.records, 2);
	T_EQ_INT(d.im.affected, 2);
	T_EQ_INT(d.im.skipped, 3);
	vt_lookup(&d, "debian:12", "zlib", &rs);
	T_ASSERT(vt_find(&rs, "CVE-2022-37434"));
	vt_recs_free(&rs);
	vt_free(&d);
}
