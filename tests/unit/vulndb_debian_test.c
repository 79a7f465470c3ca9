/*
 * tests/unit/vulndb_debian_test.c: the Debian importer: tracker JSON state
 * mapping (hand-made fixture covering every state), the real DSA and DLA
 * lists (2023 snapshot) and the tracker's CVE list syntax (sample).
 */
#include "vulndb_t.h"

TEST(debian_tracker_json_states)
{
	struct vt_db d;
	struct vt_recs rs;
	const struct vt_rec *x;

	T_ASSERT(vt_build(&d, "debian", t_tests_path("fixtures/vulndb/debian-tracker.json")));
	T_EQ_INT(d.im.skipped, 1);	/* curl/bullseye has no status */
	vt_lookup(&d, "debian:12", "openssl", &rs);
	x = vt_find(&rs, "CVE-2024-0001");
	T_ASSERT(x);
	T_EQ_INT(x->status, DD_STATUS_FIXED);
	T_EQ_STR(x->fixed, "3.0.11-1~deb12u2");
	T_EQ_STR(x->severity, "MEDIUM");
	x = vt_find(&rs, "CVE-2024-0002");
	T_ASSERT(x);
	T_EQ_INT(x->status, DD_STATUS_DEFERRED);
	T_EQ_STR(x->detail, "no-dsa");
	vt_recs_free(&rs);
	vt_lookup(&d, "debian:unstable", "openssl", &rs);
	x = vt_find(&rs, "CVE-2024-0001");
	T_ASSERT(x);
	T_EQ_INT(x->status, DD_STATUS_AFFECTED);
	T_EXPECT(x->fixed == NULL);
	T_EQ_STR(x->severity, "LOW");	/* unimportant */
	vt_recs_free(&rs);
	vt_lookup(&d, "debian:11", "openssl", &rs);
	x = vt_find(&rs, "CVE-2024-0002");
	T_ASSERT(x);
	T_EQ_INT(x->status, DD_STATUS_DEFERRED);
	T_EQ_STR(x->detail, "postponed");
	x = vt_find(&rs, "TEMP-0000000-ABCDEF");
	T_ASSERT(x);
	T_EQ_INT(x->status, DD_STATUS_EOL);
	vt_recs_free(&rs);
	vt_lookup(&d, "debian:10", "openssl", &rs);
	x = vt_find(&rs, "CVE-2024-0002");
	T_ASSERT(x);
	T_EQ_INT(x->status, DD_STATUS_WONTFIX);
	T_EQ_STR(x->detail, "ignored");
	vt_recs_free(&rs);
	vt_lookup(&d, "debian:13", "openssl", &rs);
	x = vt_find(&rs, "CVE-2024-0002");
	T_ASSERT(x);
	T_EQ_INT(x->status, DD_STATUS_NOT_AFFECTED);	/* fixed_version "0" */
	vt_recs_free(&rs);
	vt_lookup(&d, "debian:12", "curl", &rs);
	T_EQ_INT(rs.n, 1);	/* experimental is not a release */
	T_ASSERT(rs.n == 1);
	T_EQ_INT(rs.r[0].status, DD_STATUS_AFFECTED);
	T_EQ_STR(rs.r[0].severity, "HIGH");
	T_EQ_STR(rs.r[0].detail, "undetermined");
	vt_recs_free(&rs);
	/* open, a real urgency, no nodsa: affected with no fix ("<unfixed>") */
	vt_lookup(&d, "debian:12", "zlib", &rs);
	T_ASSERT(rs.n == 1);
	T_EQ_STR(rs.r[0].id, "CVE-2024-0100");
	T_EQ_INT(rs.r[0].status, DD_STATUS_AFFECTED);
	T_EXPECT(rs.r[0].fixed == NULL);
	T_EQ_STR(rs.r[0].severity, "MEDIUM");	/* "medium*": the star only marks uncertainty */
	T_EQ_STR(rs.r[0].detail, "unfixed");
	vt_recs_free(&rs);
	vt_lookup(&d, "debian:11", "zlib", &rs);
	T_ASSERT(rs.n == 1);
	T_EQ_INT(rs.r[0].status, DD_STATUS_AFFECTED);
	T_EQ_STR(rs.r[0].severity, "HIGH");
	vt_recs_free(&rs);
	vt_free(&d);
}

TEST(debian_dsa_dla_lists)
{
	struct dd_advisory *a = NULL;
	struct dd_err e = DD_ERR_INIT;
	struct vt_db d;
	struct vt_recs rs;
	const struct vt_rec *x;

	T_ASSERT(vt_build(&d, "debian", t_shared_path("testdata/advisories/debian-security-tracker/data")));
	/* README: 5,406 DSAs + 3,534 DLAs */
	T_EQ_INT(d.im.records, 5406 + 3534);
	T_EQ_INT(d.im.skipped, 0);
	vt_lookup(&d, "debian:11", "xorg-server", &rs);
	x = vt_find(&rs, "DSA-5380-1");
	T_ASSERT(x);
	T_EQ_INT(x->status, DD_STATUS_FIXED);
	T_EQ_STR(x->fixed, "2:1.20.11-1+deb11u6");
	vt_recs_free(&rs);
	vt_lookup(&d, "debian:10", "systemd", &rs);
	x = vt_find(&rs, "DLA-3377-1");
	T_ASSERT(x);
	T_EQ_STR(x->fixed, "241-7~deb10u9");
	vt_recs_free(&rs);
	vt_lookup(&d, "debian:8", "virtualbox", &rs);
	T_EXPECT(rs.n >= 1 && rs.r[0].status == DD_STATUS_EOL);
	vt_recs_free(&rs);
	T_ASSERT(dd_vulndb_advisory(d.v, "DSA-5380-1", &a, &e) == 0);
	T_EXPECT(a->n_aliases == 1 && strcmp(a->aliases[0], "CVE-2023-1393") == 0);
	T_EQ_STR(a->published, "2023-03-29T00:00:00Z");
	dd_advisory_free(a);
	dd_err_release(&e);
	vt_free(&d);
}

TEST(debian_cve_list_syntax)
{
	struct vt_db d;
	struct vt_recs rs;
	const struct vt_rec *x;

	T_ASSERT(vt_build(&d, "debian", t_shared_path("testdata/advisories/format-samples-vuln-list-update/"
						       "debian/tracker/testdata/happy/data/CVE/list")));
	vt_lookup(&d, "debian:11", "putty", &rs);
	x = vt_find(&rs, "CVE-2021-36367");
	T_ASSERT(x);
	T_EQ_INT(x->status, DD_STATUS_DEFERRED);
	T_EQ_STR(x->detail, "no-dsa");
	T_EQ_STR(x->severity, "LOW");	/* inherited from the sid line "(low; bug #990901)" */
	vt_recs_free(&rs);
	vt_lookup(&d, "debian:unstable", "putty", &rs);
	x = vt_find(&rs, "CVE-2021-36367");
	T_ASSERT(x);
	T_EQ_INT(x->status, DD_STATUS_FIXED);
	T_EQ_STR(x->fixed, "0.75-3");
	vt_recs_free(&rs);
	vt_lookup(&d, "debian:unstable", "ant", &rs);
	x = vt_find(&rs, "CVE-2021-36373");
	T_ASSERT(x);
	T_EQ_INT(x->status, DD_STATUS_AFFECTED);
	T_EQ_STR(x->severity, "LOW");	/* unimportant */
	vt_recs_free(&rs);
	vt_lookup(&d, "debian:12", "foot", &rs);
	T_EXPECT(rs.n == 1 && rs.r[0].status == DD_STATUS_FIXED);
	vt_recs_free(&rs);
	vt_free(&d);
}

TEST(debian_namespaces)
{
	char ns[48];

	T_ASSERT(dd_ns_debian("bookworm", ns, sizeof(ns)) == 0);
	T_EQ_STR(ns, "debian:12");
	T_ASSERT(dd_ns_debian("sid", ns, sizeof(ns)) == 0);
	T_EQ_STR(ns, "debian:unstable");
	T_ASSERT(dd_ns_debian("trixie", ns, sizeof(ns)) == 0);
	T_EQ_STR(ns, "debian:13");
	T_EXPECT(dd_ns_debian("experimental", ns, sizeof(ns)) < 0);
	T_ASSERT(dd_ns_ubuntu("jammy", ns, sizeof(ns)) == 0);
	T_EQ_STR(ns, "ubuntu:22.04");
	T_ASSERT(dd_ns_alpine("v3.19", ns, sizeof(ns)) == 0);
	T_EQ_STR(ns, "alpine:3.19");
	T_ASSERT(dd_ns_alpine("3.19.1", ns, sizeof(ns)) == 0);
	T_EQ_STR(ns, "alpine:3.19");
}
