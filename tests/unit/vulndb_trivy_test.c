/*
 * tests/unit/vulndb_trivy_test.c: the Trivy fixture-DB importer's version
 * constraints: comma-AND comparison lists, Maven interval notation, records
 * with only PatchedVersions/UnaffectedVersions (Trivy's complement rule),
 * the fixed-version text, and malformed constraints (skipped, counted). On
 * the hand-made tests/fixtures/vulndb/trivy-ranges.yaml and on Trivy's own
 * fixture DB in ../shared/testdata/advisories/trivy-fixtures.
 */
#include "vulndb_t.h"

static void expect_rec(const struct vt_recs *rs, const char *id, const char *range, const char *vers,
		       const char *fixed, enum dd_status st)
{
	const struct vt_rec *x = vt_find(rs, id);

	if (!x) {
		t_fail(__FILE__, __LINE__, "%s: not imported", id);
		return;
	}
	T_EQ_STR(x->range, range);
	T_EQ_STR(x->vers, vers);
	if (fixed)
		T_EQ_STR(x->fixed, fixed);
	else
		T_EXPECT(x->fixed == NULL);
	T_EQ_INT(x->status, st);
}

TEST(trivy_constraints_handmade)
{
	struct vt_db d;
	struct vt_recs rs;

	T_ASSERT(vt_build(&d, "trivy", t_tests_path("fixtures/vulndb/trivy-ranges.yaml")));
	vt_lookup(&d, "Maven", "org.example:interval", &rs);
	/* Maven interval: the comma separates bounds, it is not a second constraint */
	expect_rec(&rs, "CVE-0000-0001", "i2.9.0,f2.9.10.7", "", "2.9.10.7", DD_STATUS_FIXED);
	/* several intervals in one string (OR) and an exact one */
	expect_rec(&rs, "CVE-0000-0002", "i0,l1.0,i1.2,f1.5", "3.0", NULL, DD_STATUS_FIXED);
	/* an exclusive lower bound has no event: kept as a comparison range */
	expect_rec(&rs, "CVE-0000-0003", "", "> 1.0, < 2.0", NULL, DD_STATUS_AFFECTED);
	/* comma = AND; PatchedVersions gives the fixed-version text */
	expect_rec(&rs, "CVE-0000-0004", "i2.0.0,l2.9.10.3", "", "2.9.10.4", DD_STATUS_FIXED);
	T_EXPECT(vt_find(&rs, "CVE-0000-0005") == NULL);	/* "[1.0,2.0": unclosed */
	T_EXPECT(vt_find(&rs, "CVE-0000-0006") == NULL);	/* two lower bounds */
	T_EQ_INT(rs.n, 4);
	vt_recs_free(&rs);

	vt_lookup(&d, "crates.io", "crate", &rs);
	/* only PatchedVersions: affected = in no patched range */
	expect_rec(&rs, "CVE-0000-0010", "i0,f2.1.0", "", ">= 2.1.0", DD_STATUS_FIXED);
	expect_rec(&rs, "CVE-0000-0011", "i0,f2.1.3,i3.0.0,f3.1.0", "", ">= 3.1.0, >= 2.1.3, < 3.0.0",
		   DD_STATUS_FIXED);
	/* bare patched versions: fixed from the lowest on; the text lists them as Trivy does */
	expect_rec(&rs, "CVE-0000-0012", "i0,f5.2.4.3", "", "6.0.3.1, 5.2.4.3", DD_STATUS_FIXED);
	/* UnaffectedVersions count as not affected too */
	expect_rec(&rs, "CVE-0000-0013", "i1.0.0,f1.5.0,i2.0.0", "", ">= 1.5.0, < 2.0.0", DD_STATUS_FIXED);
	/* "<= 1.9.0" patched followed by affected versions: not expressible, skipped */
	T_EXPECT(vt_find(&rs, "CVE-0000-0014") == NULL);
	/* no list at all: every version (Trivy's rule) */
	expect_rec(&rs, "CVE-0000-0015", "i0", "", NULL, DD_STATUS_AFFECTED);
	vt_recs_free(&rs);

	/* Red Hat entries resolve their CPE indices once every file is read */
	vt_lookup(&d, "rhel:8", "rh-pkg", &rs);
	T_EQ_INT(rs.n, 1);	/* indices 1 and 2 both name RHEL 8: one record */
	expect_rec(&rs, "CVE-0000-0100", "", "", "1.0-1.el8", DD_STATUS_FIXED);
	T_ASSERT(rs.n == 1);
	T_EQ_STR(rs.r[0].severity, "HIGH");	/* Cves[0].Severity 3 */
	vt_recs_free(&rs);
	vt_lookup(&d, "rhel:3", "rh-pkg", &rs);
	T_EQ_INT(rs.n, 0);	/* a layered product's CPE is not a RHEL release */
	vt_recs_free(&rs);
	/* 3 constraints, the layered-product entry, the unknown index 999 */
	T_EQ_INT(d.im.skipped, 5);
	T_EXPECT(d.im.n_reasons >= 1 && strstr(d.im.reasons[0], "CVE-0000-0005") != NULL);
	vt_free(&d);
}

TEST(trivy_constraints_real_fixture_db)
{
	struct vt_db d;
	struct vt_recs rs;
	const struct vt_rec *x;

	T_ASSERT(vt_build(&d, "trivy", t_shared_path("testdata/advisories/trivy-fixtures/db")));
	vt_lookup(&d, "Maven", "com.fasterxml.jackson.core:jackson-databind", &rs);
	expect_rec(&rs, "CVE-2021-20190", "i2.9.0,f2.9.10.7", "", "2.9.10.7", DD_STATUS_FIXED);
	expect_rec(&rs, "CVE-2020-9548", "i2.0.0,l2.9.10.3", "", "2.9.10.4", DD_STATUS_FIXED);
	vt_recs_free(&rs);
	vt_lookup(&d, "RubyGems", "activesupport", &rs);
	expect_rec(&rs, "CVE-2020-8165", "i6.0.0,l6.0.3,i5.0.0,l5.2.4.2", "", "6.0.3.1, 5.2.4.3",
		   DD_STATUS_FIXED);
	vt_recs_free(&rs);
	/* cargo::Open Source Vulnerability carries only PatchedVersions */
	vt_lookup(&d, "crates.io", "ammonia", &rs);
	expect_rec(&rs, "CVE-2019-15542", "i0,f2.1.0", "", ">= 2.1.0", DD_STATUS_FIXED);
	x = vt_find(&rs, "CVE-2021-38193");
	T_ASSERT(x);
	T_EQ_STR(x->range, "i0,f2.1.3,i3.0.0,f3.1.0");
	vt_recs_free(&rs);
	/* Red Hat: cpe.yaml indices 857 (RHEL 6) and 869 (RHEL 7) */
	/* one record per CVE of an RHSA entry, as Trivy reports them */
	vt_lookup(&d, "rhel:7", "openssl", &rs);
	T_EQ_INT(rs.n, 2);
	expect_rec(&rs, "CVE-2018-0734", "", "", "1:1.0.2k-19.el7", DD_STATUS_FIXED);
	expect_rec(&rs, "CVE-2019-1559", "", "", "1:1.0.2k-19.el7", DD_STATUS_FIXED);
	x = vt_find(&rs, "CVE-2018-0734");
	T_EXPECT(x && x->severity && strcmp(x->severity, "LOW") == 0);
	x = vt_find(&rs, "CVE-2019-1559");
	T_EXPECT(x && x->severity && strcmp(x->severity, "MEDIUM") == 0);
	vt_recs_free(&rs);
	vt_lookup(&d, "rhel:6", "openssl", &rs);
	T_EQ_INT(rs.n, 1);
	expect_rec(&rs, "CVE-2019-1559", "", "", "0:1.0.1e-58.el6_10", DD_STATUS_FIXED);
	vt_recs_free(&rs);
	vt_lookup(&d, "rhel:7", "bash", &rs);
	x = vt_find(&rs, "CVE-2019-18276");
	T_ASSERT(x);
	T_EQ_INT(x->status, DD_STATUS_WONTFIX);	/* Status 5 */
	T_EQ_STR(x->severity, "LOW");
	vt_recs_free(&rs);
	{
		struct dd_advisory *a = NULL;
		size_t i;
		bool alias = false;

		/* the RHSA's Cves become aliases (the advisory text itself is not in the fixture) */
		T_ASSERT(dd_vulndb_advisory(d.v, "CVE-2019-1559", &a, NULL) == 0 ||
			 dd_vulndb_advisory(d.v, "RHSA-2019:2304", &a, NULL) == 0);
		for (i = 0; i < a->n_aliases; i++)
			alias |= strcmp(a->aliases[i], "RHSA-2019:2304") == 0 ||
				 strcmp(a->aliases[i], "CVE-2019-1559") == 0;
		T_EXPECT(alias);
		dd_advisory_free(a);
	}
	vt_free(&d);
}

/* The record's vendor severity, or NULL when the record has none (expect NULL then). */
static void expect_sev(struct vt_db *d, const char *ns, const char *pkg, const char *id,
		       const char *sev)
{
	struct vt_recs rs;
	const struct vt_rec *x;

	vt_lookup(d, ns, pkg, &rs);
	x = vt_find(&rs, id);
	if (!x)
		t_fail(__FILE__, __LINE__, "%s %s %s: not imported", ns, pkg, id);
	else if (!sev)
		T_EXPECT(x->severity == NULL);
	else
		T_EQ_STR(x->severity, sev);
	vt_recs_free(&rs);
}

TEST(trivy_vendor_severity_handmade)
{
	struct vt_db d;
	struct dd_advisory *a = NULL;

	/* the vulnerability bucket comes in a later file than the records it rates */
	T_ASSERT(vt_build(&d, "trivy", t_tests_path("fixtures/vulndb/trivy-vendor")));
	/* VendorSeverity[the bucket's data source ID] */
	expect_sev(&d, "ubuntu:18.04", "pkg", "CVE-0000-0201", "LOW");
	/* a release the data-source bucket does not name: NVD's */
	expect_sev(&d, "ubuntu:22.04", "pkg", "CVE-0000-0201", "HIGH");
	/* the record's own Severity wins over the vendor map */
	expect_sev(&d, "debian:10", "pkg", "CVE-0000-0201", "MEDIUM");
	/* another vendor's rating only, no NVD: none (the advisory's Severity applies) */
	expect_sev(&d, "ubuntu:18.04", "pkg", "CVE-0000-0202", NULL);
	/* no VendorSeverity at all */
	expect_sev(&d, "ubuntu:18.04", "pkg", "CVE-0000-0203", NULL);
	/* ecosystem records: the GHSA data source */
	expect_sev(&d, "npm", "lib", "GHSA-0000-0000-0001", "CRITICAL");
	/* a CVE from a non-GHSA source does not take GHSA's rating */
	expect_sev(&d, "npm", "lib2", "CVE-0000-0204", NULL);
	/* the advisory keeps the record's Severity */
	T_ASSERT(dd_vulndb_advisory(d.v, "CVE-0000-0201", &a, NULL) == 0);
	T_EQ_STR(a->severity, "MEDIUM");
	dd_advisory_free(a);
	T_EQ_INT(d.im.skipped, 0);
	vt_free(&d);
}

TEST(trivy_vendor_severity_real_fixture_db)
{
	struct vt_db d;

	T_ASSERT(vt_build(&d, "trivy", t_shared_path("testdata/advisories/trivy-fixtures/db")));
	/* VendorSeverity {ubuntu: 1, nvd: 2}; Severity MEDIUM */
	expect_sev(&d, "ubuntu:18.04", "bash", "CVE-2016-9401", "LOW");
	/* ubuntu 22.04 has no data-source entry: nvd 3 (Trivy's golden: HIGH from nvd) */
	expect_sev(&d, "ubuntu:22.04", "bash", "CVE-2022-3715", "HIGH");
	/* no amazon rating: nvd 2 (Trivy's amazonlinux2 golden: MEDIUM from nvd) */
	expect_sev(&d, "amazon:2", "bind-export-libs", "CVE-2022-38177", "MEDIUM");
	vt_free(&d);
}
