/*
 * tests/unit/vulndb_feeds_test.c: the Ubuntu CVE Tracker, Trivy fixture,
 * KEV, EPSS, NVD, debian-security-support and security-suite importers on
 * the real data in ../shared/testdata/advisories (KEV and EPSS on small
 * hand-made files in tests/fixtures/vulndb: no real copy is in the store).
 */
#include "util/parse.h"
#include "vulndb_t.h"

#define ADV "testdata/advisories/"

TEST(ubuntu_uct_statuses)
{
	struct vt_db d;
	struct vt_recs rs;
	const struct vt_rec *x;
	struct dd_advisory *a = NULL;

	T_ASSERT(vt_build(&d, "ubuntu", t_shared_path(ADV "ubuntu-cve-tracker")));
	T_EQ_INT(d.im.records, 410);
	T_EQ_INT(d.im.skipped, 0);
	/* CVE-2005-4890: bionic_shadow not-affected, precise/esm skipped, trusty not-affected */
	vt_lookup(&d, "ubuntu:18.04", "shadow", &rs);
	x = vt_find(&rs, "CVE-2005-4890");
	T_ASSERT(x);
	T_EQ_INT(x->status, DD_STATUS_NOT_AFFECTED);
	T_EQ_STR(x->severity, "LOW");
	vt_recs_free(&rs);
	vt_lookup(&d, "ubuntu:12.04", "shadow", &rs);
	x = vt_find(&rs, "CVE-2005-4890");
	T_ASSERT(x);
	T_EQ_INT(x->status, DD_STATUS_IGNORED);	/* "ignored (reached end-of-life)": not reported */
	T_EQ_STR(x->detail, "ignored");
	vt_recs_free(&rs);
	T_ASSERT(dd_vulndb_advisory(d.v, "CVE-2005-4890", &a, NULL) == 0);
	T_EQ_STR(a->published, "2019-11-04T19:15:00Z");
	T_EQ_STR(a->cvss_vector, "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H");
	T_EXPECT(a->cvss_score == 7.8);
	T_EQ_INT(a->n_references, 5);
	dd_advisory_free(a);
	vt_free(&d);
}

TEST(ubuntu_uct_edge_cases)
{
	struct vt_db d;
	struct vt_recs rs;
	const struct vt_rec *x;

	T_ASSERT(vt_build(&d, "ubuntu", t_shared_path(ADV "format-samples-vuln-list-update/ubuntu/testdata/include_pending")));
	vt_lookup(&d, "ubuntu:19.10", "linux-oem", &rs);
	x = vt_find(&rs, "CVE-2020-0009");
	T_ASSERT(x);
	T_EQ_INT(x->status, DD_STATUS_AFFECTED);
	T_EQ_STR(x->detail, "pending");
	vt_recs_free(&rs);
	vt_lookup(&d, "ubuntu:18.04", "linux-oem", &rs);
	x = vt_find(&rs, "CVE-2020-0009");
	T_ASSERT(x);
	T_EQ_STR(x->fixed, "4.15.0-1080.90");
	vt_recs_free(&rs);
	vt_lookup(&d, "ubuntu:20.04", "linux-oem", &rs);
	T_EXPECT(rs.n == 1 && rs.r[0].status == DD_STATUS_NOT_AFFECTED && strcmp(rs.r[0].detail, "DNE") == 0);
	vt_recs_free(&rs);
	vt_free(&d);
	T_ASSERT(vt_build(&d, "ubuntu", t_shared_path(ADV "format-samples-vuln-list-update/ubuntu/testdata/line_break_between_patches")));
	vt_lookup(&d, "ubuntu:18.04", "wireshark", &rs);
	T_EXPECT(rs.n == 1 && rs.r[0].fixed && strcmp(rs.r[0].fixed, "2.6.3-1~ubuntu18.04.1") == 0);
	vt_recs_free(&rs);
	vt_free(&d);
	T_ASSERT(vt_build(&d, "ubuntu", t_shared_path(ADV "format-samples-vuln-list-update/ubuntu/testdata/more_than_one_package_patches")));
	vt_lookup(&d, "ubuntu:17.04", "php7.0", &rs);
	T_EXPECT(rs.n == 1 && rs.r[0].status == DD_STATUS_FIXED);
	vt_recs_free(&rs);
	vt_free(&d);
}

TEST(trivy_fixture_db)
{
	struct vt_db d;
	struct vt_recs rs;
	const struct vt_rec *x;
	struct dd_advisory *a = NULL;

	T_ASSERT(vt_build(&d, "trivy", t_shared_path(ADV "trivy-fixtures/db")));
	vt_lookup(&d, "debian:9", "bash", &rs);
	x = vt_find(&rs, "CVE-2019-18276");
	T_ASSERT(x);
	T_EQ_INT(x->status, DD_STATUS_EOL);	/* Status: 7 */
	T_EQ_STR(x->severity, "LOW");	/* Severity: 1.0 */
	vt_recs_free(&rs);
	vt_lookup(&d, "debian:9", "openssl", &rs);
	x = vt_find(&rs, "CVE-2019-1551");
	T_ASSERT(x);
	T_EQ_INT(x->status, DD_STATUS_DEFERRED);	/* State: postponed */
	x = vt_find(&rs, "CVE-2019-1563");
	T_ASSERT(x);
	T_EQ_STR(x->fixed, "1.1.0l-1~deb9u1");
	vt_recs_free(&rs);
	vt_lookup(&d, "alpine:3.9", "openssl", &rs);
	T_EXPECT(vt_find(&rs, "CVE-2019-1549") != NULL);
	vt_recs_free(&rs);
	vt_lookup(&d, "Maven", "com.fasterxml.jackson.core:jackson-databind", &rs);
	x = vt_find(&rs, "CVE-2020-9548");
	T_ASSERT(x);
	T_EQ_STR(x->range, "i2.0.0,l2.9.10.3");
	vt_recs_free(&rs);
	vt_lookup(&d, "mariner:1.0", "vim", &rs);
	x = vt_find(&rs, "CVE-2022-0261");
	T_EXPECT(x && x->status == DD_STATUS_AFFECTED);
	vt_recs_free(&rs);
	T_ASSERT(dd_vulndb_advisory(d.v, "CVE-2022-38177", &a, NULL) == 0);
	T_EQ_STR(a->severity, "HIGH");
	T_EXPECT(a->cvss_score == 7.5);
	dd_advisory_free(a);
	/* VendorIDs become aliases */
	T_ASSERT(dd_vulndb_advisory(d.v, "DSA-4539-1", &a, NULL) == 0);
	T_EXPECT(a->n_aliases >= 1);
	dd_advisory_free(a);
	vt_free(&d);
}

TEST(kev_epss_enrichment)
{
	struct dd_err e = DD_ERR_INIT;
	struct dd_store *st = NULL;
	struct dd_import im;
	char path[] = "/tmp/dd-enrich.XXXXXX";
	struct dd_vulndb *v = NULL;
	struct dd_advisory *a = NULL;
	int fd = mkstemp(path);

	T_ASSERT(fd >= 0);
	close(fd);
	unlink(path);
	T_ASSERT(dd_store_open(&st, path, &e) == 0);
	dd_import_init(&im, st, "kev");
	T_ASSERT(dd_store_begin(st, "kev", "kev", true, &e) == 0);
	T_EQ_INT(dd_import_path(&im, &dd_feed_kev, t_tests_path("fixtures/vulndb/kev.json"), &e), 0);
	T_EQ_INT(im.records, 3);
	T_EQ_INT(im.skipped, 1);
	dd_store_end(st, true, &e);
	dd_import_release(&im);
	dd_import_init(&im, st, "epss");
	T_ASSERT(dd_store_begin(st, "epss", "epss", true, &e) == 0);
	T_EQ_INT(dd_import_path(&im, &dd_feed_epss, t_tests_path("fixtures/vulndb/epss.csv"), &e), 0);
	T_EQ_INT(im.records, 3);
	T_EQ_INT(im.skipped, 2);
	dd_store_end(st, true, &e);
	dd_import_release(&im);
	/* an OSV record whose alias is in KEV */
	dd_import_init(&im, st, "osv");
	T_ASSERT(dd_store_begin(st, "osv", "osv", true, &e) == 0);
	T_EQ_INT(dd_import_path(&im, &dd_feed_osv,
				t_shared_path(ADV "go-vulndb/data/osv/GO-2020-0001.json"), &e), 0);
	dd_store_end(st, true, &e);
	dd_import_release(&im);
	dd_store_close(st);
	T_ASSERT(dd_vulndb_open(&v, path, &e) == 0);
	T_ASSERT(dd_vulndb_advisory(v, "CVE-2021-44228", &a, &e) == 0);
	T_EXPECT(a->kev);
	T_EXPECT(a->epss > 0.94 && a->epss < 0.95);
	dd_advisory_free(a);
	T_ASSERT(dd_vulndb_advisory(v, "GO-2020-0001", &a, &e) == 0);
	T_EXPECT(a->kev);
	T_EXPECT(a->epss > 0.001 && a->epss < 0.0012);
	dd_advisory_free(a);
	dd_vulndb_close(v);
	/* a file that is not a KEV catalogue fails the source */
	T_ASSERT(dd_store_open(&st, ":memory:", &e) == 0);
	dd_import_init(&im, st, "kev");
	T_ASSERT(dd_store_begin(st, "kev", "kev", true, &e) == 0);
	T_EQ_INT(dd_import_path(&im, &dd_feed_kev, t_tests_path("fixtures/vulndb/debian-tracker.json"), &e),
		 -DDE_FORMAT);
	dd_import_release(&im);
	dd_store_close(st);
	dd_err_release(&e);
	unlink(path);
}

TEST(nvd_vunnel_records)
{
	struct vt_db d;
	struct dd_advisory *a = NULL;

	T_ASSERT(vt_build(&d, "nvd", t_shared_path(ADV "grype-fixtures/grype/matcher/dpkg/testdata/eol-debian8/nvd/results")));
	T_EXPECT(d.im.records >= 1);
	T_EQ_INT(d.im.skipped, 0);
	T_ASSERT(dd_vulndb_advisory(d.v, "CVE-2024-0727", &a, NULL) == 0);
	T_EXPECT(a->summary && strncmp(a->summary, "Issue summary: Processing a maliciously formatted PKCS12", 56) == 0);
	T_EXPECT(a->cvss_vector && strncmp(a->cvss_vector, "CVSS:3.", 7) == 0);
	T_EXPECT(a->cvss_score > 0 && a->cvss_score <= 10);
	T_EXPECT(a->n_references > 0);
	dd_advisory_free(a);
	vt_free(&d);
}

TEST(dsa_support_notes)
{
	struct vt_db d;
	char *s = NULL;

	T_ASSERT(vt_build(&d, "dsa-support", t_shared_path(ADV "debian-security-support")));
	/* README: 16 + 0 + 8 + 21 ended lines, 32 limited */
	T_EQ_INT(d.im.records, 16 + 8 + 21 + 32);
	T_ASSERT(dd_vulndb_support_note(d.v, "debian:12", "wpewebkit", &s, NULL) == 0);
	T_EQ_STR(s, "ended 2023-05-09: https://bugs.debian.org/1035794 (versions <= 2.38.6-1)");
	free(s);
	T_ASSERT(dd_vulndb_support_note(d.v, "debian:12", "php-horde-imp", &s, NULL) == 0);
	T_EXPECT(s && strncmp(s, "ended 2025-03-22: ", 18) == 0);
	free(s);
	T_ASSERT(dd_vulndb_support_note(d.v, "debian:11", "wpewebkit", &s, NULL) == 0);
	T_EXPECT(s == NULL);
	T_ASSERT(dd_vulndb_support_note(d.v, "debian:12", "golang-1.19", &s, NULL) == 0);
	T_EXPECT(s && strncmp(s, "limited: See https://www.debian.org/releases/bookworm", 53) == 0);
	free(s);
	T_ASSERT(dd_vulndb_support_note(d.v, "debian:12", "hdf5", &s, NULL) == 0);
	T_EXPECT(s && strncmp(s, "limited: Not covered", 20) == 0);
	free(s);
	vt_free(&d);
}

/*
 * The security-suite index keeps the newest version per source: checked
 * against the real bookworm-security vs bookworm table (dpkg order decided
 * by apt on the machine that made it).
 */
TEST(secsuite_newest_version)
{
	size_t len = 0, checked = 0;
	char *tsv = t_read_file(t_shared_path(ADV "debian-bookworm-derived/security_vs_main_sources.tsv"), &len);
	struct dd_buf sources = DD_BUF_INIT;
	struct dd_err e = DD_ERR_INIT;
	struct dd_store *st = NULL;
	struct dd_import im;
	struct dd_vulndb *v = NULL;
	char path[] = "/tmp/dd-secsuite.XXXXXX";
	struct dd_slice in, line;
	int fd = mkstemp(path);

	T_ASSERT(tsv && fd >= 0);
	close(fd);
	unlink(path);
	/* two stanzas per source: its security and main versions, newest second half the time */
	in = dd_slice_of(tsv, len);
	dd_parse_line(&in, &line);
	while (dd_parse_line(&in, &line)) {
		struct dd_slice src = dd_parse_until(&line, '\t'), sec = dd_parse_until(&line, '\t');
		struct dd_slice mainv = dd_parse_until(&line, '\t');

		if (!mainv.len || dd_slice_eq(mainv, "-"))
			mainv = sec;
		dd_buf_addf(&sources, "Package: %.*s\nVersion: %.*s\n\nPackage: %.*s\nVersion: %.*s\n\n",
			    DD_SLICE_FMT(src), DD_SLICE_FMT(mainv), DD_SLICE_FMT(src), DD_SLICE_FMT(sec));
	}
	T_ASSERT(dd_store_open(&st, path, &e) == 0);
	dd_import_init(&im, st, "secsuite");
	im.ns_hint = "debian:12";
	T_ASSERT(dd_store_begin(st, "secsuite", "secsuite", true, &e) == 0);
	T_EQ_INT(dd_import_data(&im, &dd_feed_secsuite, "Sources", dd_buf_slice(&sources), &e), 0);
	dd_store_end(st, true, &e);
	dd_store_close(st);
	T_EQ_INT(im.records, 632);
	dd_import_release(&im);
	T_ASSERT(dd_vulndb_open(&v, path, &e) == 0);
	in = dd_slice_of(tsv, len);
	dd_parse_line(&in, &line);
	while (dd_parse_line(&in, &line)) {
		struct dd_slice src = dd_parse_until(&line, '\t'), sec = dd_parse_until(&line, '\t');
		struct dd_slice mainv = dd_parse_until(&line, '\t'), status = dd_parse_until(&line, '\t');
		char *name = dd_slice_dup(src), *got = NULL;
		struct dd_slice want = dd_slice_eq(status, "main-newer") ? mainv : sec;

		T_EXPECT(dd_vulndb_security_update(v, "debian:12", name, &got, &e) == 0);
		if (!got || !dd_slice_eq(want, got))
			t_fail(__FILE__, __LINE__, "%s: newest %s, expected %.*s", name, got ? got : "(none)",
			       DD_SLICE_FMT(want));
		checked++;
		free(got);
		free(name);
	}
	T_EQ_INT(checked, 632);
	dd_vulndb_close(v);
	dd_buf_release(&sources);
	dd_err_release(&e);
	free(tsv);
	unlink(path);
}
