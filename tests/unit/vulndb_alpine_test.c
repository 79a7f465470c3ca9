/*
 * tests/unit/vulndb_alpine_test.c: the Alpine secdb importer on the real
 * YAML secdb (v3.3-v3.11) and the JSON feed samples.
 */
#include "vulndb_t.h"

/* Counts list items indented 8+ columns (the ids under secfixes): the expected record count. */
static size_t count_yaml_ids(const char *path)
{
	size_t len = 0, n = 0;
	char *s = t_read_file(path, &len), *p;

	if (!s)
		return 0;
	for (p = s; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		size_t ind = strspn(p, " ");

		if (ind >= 8 && p[ind] == '-' && p[ind + 1] == ' ')
			n++;
	}
	free(s);
	return n;
}

TEST(alpine_yaml_secdb)
{
	struct vt_db d;
	struct vt_recs rs;
	const struct vt_rec *x;
	size_t want = count_yaml_ids(t_shared_path("testdata/advisories/alpine-secdb/v3.10/main.yaml"));

	T_ASSERT(want > 1000);
	T_ASSERT(vt_build(&d, "alpine", t_shared_path("testdata/advisories/alpine-secdb/v3.10/main.yaml")));
	T_EQ_INT(d.im.records, want);
	T_EQ_INT(d.im.skipped, 0);
	vt_lookup(&d, "alpine:3.10", "apache2", &rs);
	x = vt_find(&rs, "CVE-2019-9517");
	T_ASSERT(x);
	T_EQ_INT(x->status, DD_STATUS_FIXED);
	T_EQ_STR(x->fixed, "2.4.41-r0");
	vt_recs_free(&rs);
	vt_free(&d);
}

TEST(alpine_all_branches)
{
	struct vt_db d;
	bool has = false;

	T_ASSERT(vt_build(&d, "alpine", t_shared_path("testdata/advisories/alpine-secdb")));
	T_EQ_INT(d.im.records, 12028);	/* README: 12,028 (package, fixed-version, CVE) entries */
	T_ASSERT(dd_vulndb_has_namespace(d.v, "alpine:3.3", &has, NULL) == 0);
	T_EXPECT(has);
	T_ASSERT(dd_vulndb_has_namespace(d.v, "alpine:3.11", &has, NULL) == 0);
	T_EXPECT(has);
	vt_free(&d);
}

TEST(alpine_json_feed)
{
	struct vt_db d;
	struct vt_recs rs;
	const struct vt_rec *x;

	T_ASSERT(vt_build(&d, "alpine", t_shared_path("testdata/advisories/format-samples-vuln-list-update/"
						       "alpine/testdata/312-main.json")));
	vt_lookup(&d, "alpine:3.12", "ansible", &rs);
	x = vt_find(&rs, "CVE-2018-16876");
	T_ASSERT(x);
	T_EQ_STR(x->fixed, "2.7.9-r0");
	T_EQ_INT(rs.n, 1);	/* "2.8.0-r0": {} carries no id */
	vt_recs_free(&rs);
	vt_free(&d);
}
