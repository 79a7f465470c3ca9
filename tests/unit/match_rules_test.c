/*
 * tests/unit/match_rules_test.c: the matching rules on records shaped like
 * the real feeds, with the real comparators: OSV range events
 * (introduced / fixed / last_affected / limit, several ranges, explicit
 * version lists) and the distribution rule (fixed / unfixed / will not
 * fix, a source saying "already fixed" winning); the OS namespaces and the
 * Alpine repositories check.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "t.h"
#include "inventory/inventory.h"
#include "match/match_int.h"

static struct dd_rec rec(const char *id, enum dd_status st, const char *fixed)
{
	struct dd_rec r = { 0 };

	r.id = (char *)id;
	r.ns = (char *)"ns";
	r.package = (char *)"pkg";
	r.status = st;
	r.fixed = (char *)fixed;
	r.source = (char *)"test";
	return r;
}

static bool osv(enum dd_eco eco, const char *installed, struct dd_rec *recs, size_t n, char **fixed)
{
	const struct dd_rec *p[8];
	struct dd_verdict v = { 0 };
	size_t i;
	bool vuln;

	for (i = 0; i < n; i++)
		p[i] = &recs[i];
	dd_rule_osv(eco, installed, p, n, &v, NULL);
	vuln = v.vulnerable;
	*fixed = v.fixed;
	v.fixed = NULL;
	dd_verdict_release(&v);
	return vuln;
}

TEST(osv_ranges_npm)
{
	/* GHSA-p6mc-m468-83gw (lodash): introduced 0, fixed 4.17.19 */
	struct dd_event ev[] = { { DD_EV_INTRODUCED, "0" }, { DD_EV_FIXED, "4.17.19" } };
	/* two ranges, as for a fix backported to an older line */
	struct dd_event ev2[] = { { DD_EV_INTRODUCED, "3.0.0" }, { DD_EV_FIXED, "3.10.2" },
				  { DD_EV_INTRODUCED, "4.0.0" }, { DD_EV_FIXED, "4.17.12" } };
	struct dd_rec r = rec("GHSA-p6mc-m468-83gw", DD_STATUS_FIXED, NULL);
	char *fixed = NULL;

	r.events = ev;
	r.n_events = 2;
	r.range_type = (char *)"SEMVER";
	T_EXPECT(osv(DD_ECO_NPM, "4.17.15", &r, 1, &fixed));
	T_EQ_STR(fixed, "4.17.19");
	free(fixed);
	T_EXPECT(!osv(DD_ECO_NPM, "4.17.19", &r, 1, &fixed));
	T_EXPECT(!osv(DD_ECO_NPM, "4.17.21", &r, 1, &fixed));
	T_EXPECT(osv(DD_ECO_NPM, "4.17.19-beta.1", &r, 1, &fixed));	/* pre-release sorts below */
	free(fixed);

	r.events = ev2;
	r.n_events = 4;
	T_EXPECT(osv(DD_ECO_NPM, "3.5.0", &r, 1, &fixed));
	T_EQ_STR(fixed, "3.10.2");
	free(fixed);
	T_EXPECT(!osv(DD_ECO_NPM, "3.10.2", &r, 1, &fixed));
	T_EXPECT(!osv(DD_ECO_NPM, "2.9.9", &r, 1, &fixed));
	T_EXPECT(osv(DD_ECO_NPM, "4.1.0", &r, 1, &fixed));
	T_EQ_STR(fixed, "4.17.12");
	free(fixed);
}

TEST(osv_last_affected_limit_and_lists_pypi)
{
	struct dd_event la[] = { { DD_EV_INTRODUCED, "1.0" }, { DD_EV_LAST_AFFECTED, "1.4.2" } };
	struct dd_event lim[] = { { DD_EV_INTRODUCED, "0" }, { DD_EV_LIMIT, "2.0" } };
	struct dd_event fx[] = { { DD_EV_INTRODUCED, "0" }, { DD_EV_FIXED, "1.4.3" } };
	const char *const vers[] = { "0.9", "0.9.1" };
	struct dd_rec r[2];
	char *fixed = NULL;

	r[0] = rec("PYSEC-1", DD_STATUS_AFFECTED, NULL);
	r[0].events = la;
	r[0].n_events = 2;
	T_EXPECT(osv(DD_ECO_PYPI, "1.4.2", r, 1, &fixed));
	T_EXPECT(fixed == NULL);
	T_EXPECT(osv(DD_ECO_PYPI, "1.4.2.post1", r, 1, &fixed) == false);	/* after last_affected */
	T_EXPECT(!osv(DD_ECO_PYPI, "1.5", r, 1, &fixed));
	T_EXPECT(!osv(DD_ECO_PYPI, "0.9", r, 1, &fixed));
	T_EXPECT(osv(DD_ECO_PYPI, "1.0", r, 1, &fixed));
	T_EXPECT(osv(DD_ECO_PYPI, "1.4.0rc1", r, 1, &fixed));

	/* a second record with a fix: the fix is reported */
	r[1] = rec("PYSEC-1", DD_STATUS_FIXED, NULL);
	r[1].events = fx;
	r[1].n_events = 2;
	T_EXPECT(osv(DD_ECO_PYPI, "1.2", r, 2, &fixed));
	T_EQ_STR(fixed, "1.4.3");
	free(fixed);

	r[0].events = lim;
	r[0].n_events = 2;
	T_EXPECT(osv(DD_ECO_PYPI, "1.9.9", r, 1, &fixed));
	T_EXPECT(!osv(DD_ECO_PYPI, "2.0", r, 1, &fixed));

	/* explicit versions only */
	r[0].events = NULL;
	r[0].n_events = 0;
	r[0].versions = (char **)vers;
	r[0].n_versions = 2;
	T_EXPECT(osv(DD_ECO_PYPI, "0.9.1", r, 1, &fixed));
	T_EXPECT(osv(DD_ECO_PYPI, "0.9.0", r, 1, &fixed));	/* PEP 440: 0.9.0 == 0.9 */
	T_EXPECT(!osv(DD_ECO_PYPI, "0.9.2", r, 1, &fixed));

	/* GIT ranges are never judged against versions */
	r[0].versions = NULL;
	r[0].n_versions = 0;
	r[0].events = fx;
	r[0].n_events = 2;
	r[0].range_type = (char *)"GIT";
	T_EXPECT(!osv(DD_ECO_PYPI, "1.0", r, 1, &fixed));
}

static bool distro(enum dd_eco eco, const char *installed, struct dd_rec *recs, size_t n,
		   struct dd_verdict *v)
{
	const struct dd_rec *p[8];
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = &recs[i];
	memset(v, 0, sizeof(*v));
	dd_rule_distro(eco, installed, p, n, v, NULL);
	return v->vulnerable;
}

TEST(distro_rule_dpkg)
{
	struct dd_rec r[3];
	struct dd_verdict v;

	/* openssl in bookworm: CVE fixed in 3.0.14-1~deb12u1 */
	r[0] = rec("CVE-2024-5535", DD_STATUS_FIXED, "3.0.14-1~deb12u1");
	T_EXPECT(distro(DD_ECO_DPKG, "3.0.11-1~deb12u2", r, 1, &v));
	T_EQ_STR(v.fixed, "3.0.14-1~deb12u1");
	T_EQ_INT(v.status, DD_STATUS_FIXED);
	T_EXPECT(strstr(v.reason.buf, "installed 3.0.11-1~deb12u2 < fixed 3.0.14-1~deb12u1"));
	dd_verdict_release(&v);
	T_EXPECT(!distro(DD_ECO_DPKG, "3.0.14-1~deb12u1", r, 1, &v));
	dd_verdict_release(&v);
	T_EXPECT(!distro(DD_ECO_DPKG, "3.0.15-1~deb12u1", r, 1, &v));
	dd_verdict_release(&v);
	/* epoch: 1:1.0 is above 2.0 */
	r[0] = rec("CVE-X", DD_STATUS_FIXED, "2.0-1");
	T_EXPECT(!distro(DD_ECO_DPKG, "1:1.0-1", r, 1, &v));
	dd_verdict_release(&v);

	/* unfixed and will-not-fix */
	r[0] = rec("CVE-2023-1", DD_STATUS_AFFECTED, NULL);
	T_EXPECT(distro(DD_ECO_DPKG, "1.0-1", r, 1, &v));
	T_EQ_INT(v.status, DD_STATUS_AFFECTED);
	T_EXPECT(v.fixed == NULL);
	dd_verdict_release(&v);
	r[0] = rec("CVE-2023-1", DD_STATUS_WONTFIX, NULL);
	T_EXPECT(distro(DD_ECO_DPKG, "1.0-1", r, 1, &v));
	T_EQ_INT(v.status, DD_STATUS_WONTFIX);
	dd_verdict_release(&v);
	r[0] = rec("CVE-2023-1", DD_STATUS_NOT_AFFECTED, NULL);
	T_EXPECT(!distro(DD_ECO_DPKG, "1.0-1", r, 1, &v));
	dd_verdict_release(&v);
	/* Ubuntu "ignored" and "needs-triage" are recorded, never reported */
	r[0] = rec("CVE-2023-1", DD_STATUS_IGNORED, NULL);
	T_EXPECT(!distro(DD_ECO_DPKG, "1.0-1", r, 1, &v));
	dd_verdict_release(&v);
	r[0] = rec("CVE-2023-1", DD_STATUS_NEEDS_TRIAGE, NULL);
	T_EXPECT(!distro(DD_ECO_DPKG, "1.0-1", r, 1, &v));
	dd_verdict_release(&v);
	r[0] = rec("CVE-2023-1", DD_STATUS_FIXED, "0");
	T_EXPECT(!distro(DD_ECO_DPKG, "1.0-1", r, 1, &v));
	dd_verdict_release(&v);

	/* two sources: the lowest fix above the installed version */
	r[0] = rec("CVE-2", DD_STATUS_FIXED, "1.4-1");
	r[1] = rec("CVE-2", DD_STATUS_FIXED, "1.2-1");
	r[2] = rec("CVE-2", DD_STATUS_AFFECTED, NULL);
	T_EXPECT(distro(DD_ECO_DPKG, "1.0-1", r, 3, &v));
	T_EQ_STR(v.fixed, "1.2-1");
	T_EQ_INT(v.status, DD_STATUS_FIXED);
	dd_verdict_release(&v);
	/* one source says fixed at or below the installed version: not reported */
	T_EXPECT(!distro(DD_ECO_DPKG, "1.2-1", &r[1], 2, &v));
	dd_verdict_release(&v);
}

TEST(distro_rule_apk_rpm)
{
	struct dd_rec r[1];
	struct dd_verdict v;

	r[0] = rec("CVE-2019-14697", DD_STATUS_FIXED, "1.1.20-r5");
	T_EXPECT(distro(DD_ECO_APK, "1.1.20-r4", r, 1, &v));
	T_EQ_STR(v.fixed, "1.1.20-r5");
	dd_verdict_release(&v);
	T_EXPECT(!distro(DD_ECO_APK, "1.1.20-r5", r, 1, &v));
	dd_verdict_release(&v);
	T_EXPECT(!distro(DD_ECO_APK, "1.1.22-r0", r, 1, &v));
	dd_verdict_release(&v);

	r[0] = rec("CVE-2021-3711", DD_STATUS_FIXED, "1:1.1.1k-5.el8_5");
	T_EXPECT(distro(DD_ECO_RPM, "1:1.1.1k-4.el8", r, 1, &v));
	dd_verdict_release(&v);
	T_EXPECT(!distro(DD_ECO_RPM, "1:1.1.1k-5.el8_5", r, 1, &v));
	dd_verdict_release(&v);
	T_EXPECT(!distro(DD_ECO_RPM, "2:1.0-1.el8", r, 1, &v));	/* epoch wins */
	dd_verdict_release(&v);
}

TEST(os_namespaces)
{
	struct dd_os os = { 0 };
	char ns[64];

	os.family = (char *)"debian";
	os.version_id = (char *)"12";
	T_EQ_INT(dd_ns_for_debian(&os, ns, sizeof(ns)), 0);
	T_EQ_STR(ns, "debian:12");
	os.version_id = (char *)"12.8";
	T_EQ_INT(dd_ns_for_debian(&os, ns, sizeof(ns)), 0);
	T_EQ_STR(ns, "debian:12");
	os.version_id = NULL;
	os.codename = (char *)"bullseye";
	T_EQ_INT(dd_ns_for_debian(&os, ns, sizeof(ns)), 0);
	T_EQ_STR(ns, "debian:11");
	os.codename = (char *)"sid";
	T_EQ_INT(dd_ns_for_debian(&os, ns, sizeof(ns)), -DDE_NOTFOUND);
	os.version_id = (char *)"22.04";
	T_EQ_INT(dd_ns_for_ubuntu(&os, ns, sizeof(ns)), 0);
	T_EQ_STR(ns, "ubuntu:22.04");
	os.version_id = (char *)"3.19.1";
	T_EQ_INT(dd_ns_for_alpine(&os, ns, sizeof(ns)), 0);
	T_EQ_STR(ns, "alpine:3.19");
	os.version_id = (char *)"3.20.0_alpha20240329";
	T_EQ_INT(dd_ns_for_alpine(&os, ns, sizeof(ns)), 0);
	T_EQ_STR(ns, "alpine:edge");
	os.family = (char *)"rocky";
	os.version_id = (char *)"9.3";
	T_EQ_INT(dd_ns_for_rpm(&os, ns, sizeof(ns)), 0);
	T_EQ_STR(ns, "rocky:9");
	os.family = (char *)"amzn";
	os.version_id = (char *)"2023";
	T_EQ_INT(dd_ns_for_rpm(&os, ns, sizeof(ns)), 0);
	T_EQ_STR(ns, "amazon:2023");
	os.family = (char *)"gentoo";
	T_EQ_INT(dd_ns_for_rpm(&os, ns, sizeof(ns)), -DDE_NOTFOUND);
	{
		/* os-release IDs and the family / release spellings of Trivy's SBOMs */
		static const char *const v[][3] = {
			{ "amzn", "2018.03", "amazon:1" }, { "amazon", "AMI release 2018.03", "amazon:1" },
			{ "amazon", "2 (Karoo)", "amazon:2" }, { "amzn", "2", "amazon:2" },
			{ "ol", "8.10", "oracle:8" }, { "oracle", "8.0", "oracle:8" },
			{ "photon", "3.0", "photon:3.0" }, { "photon", "4", "photon:4.0" },
			{ "mariner", "1.0", "mariner:1.0" }, { "cbl-mariner", "2.0", "mariner:2.0" },
			{ "alma", "8.5", "almalinux:8" }, { "almalinux", "9.4", "almalinux:9" },
			{ "redhat", "7.7", "rhel:7" }, { "centos", "7.6.1810", "rhel:7" }, { "opensuse-leap", "15.1", "opensuse-leap:15.1" },
			{ "opensuse-tumbleweed", "20240607", "opensuse-tumbleweed" },
			{ "opensuse-tumbleweed", NULL, "opensuse-tumbleweed" },
			{ "slem", "5.3", "sle-micro:5.3" }, { "azurelinux", "3.0", "azurelinux:3.0" },
		};
		size_t i;

		for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
			os.family = (char *)v[i][0];
			os.version_id = (char *)v[i][1];
			T_EQ_INT(dd_ns_for_rpm(&os, ns, sizeof(ns)), 0);
			T_EQ_STR(ns, v[i][2]);
		}
		os.family = (char *)"rocky";
		os.version_id = (char *)"rolling";
		T_EQ_INT(dd_ns_for_rpm(&os, ns, sizeof(ns)), -DDE_NOTFOUND);
	}
}

TEST(alpine_repositories_branch)
{
	struct dd_os os = { 0 };

	os.family = (char *)"alpine";
	os.version_id = (char *)"3.19.1";
	T_EQ_INT(dd_alpine_check_repositories(&os, "https://dl-cdn.alpinelinux.org/alpine/v3.19/main\n"
						   "https://dl-cdn.alpinelinux.org/alpine/v3.19/community\n"),
		 0);
	T_EQ_INT(dd_alpine_check_repositories(&os, "# comment\n"
						   "https://dl-cdn.alpinelinux.org/alpine/v3.18/main\n"
						   "https://dl-cdn.alpinelinux.org/alpine/edge/testing\n"
						   "/local/repo\n"),
		 2);
}

TEST(osv_version_list_with_ranges_maven)
{
	/* Trivy's fixture DB: jackson-databind CVE-2021-20190 "[2.9.0,2.9.10.7)" */
	const char *const vers[] = { "[2.9.0,2.9.10.7)" };
	struct dd_rec r = rec("CVE-2021-20190", DD_STATUS_AFFECTED, NULL);
	char *fixed = NULL;

	r.versions = (char **)vers;
	r.n_versions = 1;
	T_EXPECT(osv(DD_ECO_MAVEN, "2.9.1", &r, 1, &fixed));
	T_EXPECT(osv(DD_ECO_MAVEN, "2.9.10.6", &r, 1, &fixed));
	T_EXPECT(!osv(DD_ECO_MAVEN, "2.9.10.7", &r, 1, &fixed));
	T_EXPECT(!osv(DD_ECO_MAVEN, "2.8.11", &r, 1, &fixed));
}

/* The "range" strings of a GHSA record in Grype's fixtures (vunnel), as version-list entries. */
static size_t ghsa_ranges(const char *rel, char **out, size_t max)
{
	json_t *root = json_load_file(t_shared_path(rel), 0, NULL), *x;
	json_t *fixed = json_object_get(json_object_get(json_object_get(root, "item"), "Advisory"),
					"FixedIn");
	size_t i, n = 0;

	json_array_foreach(fixed, i, x)
		if (n < max && json_is_string(json_object_get(x, "range")))
			out[n++] = strdup(json_string_value(json_object_get(x, "range")));
	json_decref(root);
	return n;
}

/*
 * GHSA constraints: "," is AND (">= 9.5.1, < 9.5.5"), which node-semver and
 * Go's module versions do not parse; alternatives are separate entries or
 * joined by "||". Records: GHSA-92cp-5422-2mw7 (go-redis, three comma
 * ranges) and GHSA-7xfp-9c55-5vqj (npm request, ">= 2.49.0 < 2.68.0" and
 * ">= 2.2.6 < 2.47.0"), plus the comma spelling GitHub's API gives the
 * latter.
 */
TEST(osv_ghsa_comma_ranges_npm_go)
{
	char *v[8], *fixed = NULL;
	struct dd_rec r = rec("GHSA-92cp-5422-2mw7", DD_STATUS_FIXED, NULL);
	size_t n, i;

	n = ghsa_ranges("testdata/advisories/grype-fixtures/grype/matcher/golang/testdata/"
			"govulndb-and-ghsa/github/results/github@go/ghsa-92cp-5422-2mw7.json", v, 8);
	T_ASSERT(n == 3);
	T_EXPECT(strchr(v[0], ','));
	r.versions = v;
	r.n_versions = n;
	T_EXPECT(osv(DD_ECO_GO, "9.5.1", &r, 1, &fixed));
	T_EXPECT(osv(DD_ECO_GO, "9.5.4", &r, 1, &fixed));
	T_EXPECT(!osv(DD_ECO_GO, "9.5.5", &r, 1, &fixed));
	T_EXPECT(!osv(DD_ECO_GO, "9.5.0", &r, 1, &fixed));
	T_EXPECT(osv(DD_ECO_GO, "9.7.2", &r, 1, &fixed));
	T_EXPECT(osv(DD_ECO_GO, "9.7.0-beta.2", &r, 1, &fixed));
	T_EXPECT(!osv(DD_ECO_GO, "9.7.3", &r, 1, &fixed));
	T_EXPECT(!osv(DD_ECO_GO, "9.8.0", &r, 1, &fixed));
	for (i = 0; i < n; i++)
		free(v[i]);

	n = ghsa_ranges("testdata/advisories/grype-fixtures/grype/matcher/javascript/testdata/"
			"npm-scope-handling/github/results/github@npm/ghsa-7xfp-9c55-5vqj.json", v, 7);
	T_ASSERT(n == 2);
	v[n++] = strdup(">= 2.49.0, < 2.68.0");	/* the same range as GitHub's API writes it */
	r.id = (char *)"GHSA-7xfp-9c55-5vqj";
	r.versions = v + 2;
	r.n_versions = 1;
	T_EXPECT(osv(DD_ECO_NPM, "2.60.0", &r, 1, &fixed));
	T_EXPECT(!osv(DD_ECO_NPM, "2.68.0", &r, 1, &fixed));
	T_EXPECT(!osv(DD_ECO_NPM, "2.48.0", &r, 1, &fixed));
	r.versions = v;
	r.n_versions = 2;
	T_EXPECT(osv(DD_ECO_NPM, "2.60.0", &r, 1, &fixed));
	T_EXPECT(osv(DD_ECO_NPM, "2.2.6", &r, 1, &fixed));
	T_EXPECT(!osv(DD_ECO_NPM, "2.47.0", &r, 1, &fixed));
	T_EXPECT(!osv(DD_ECO_NPM, "2.48.0", &r, 1, &fixed));
	for (i = 0; i < n; i++)
		free(v[i]);
	/* alternatives joined by "||", and syntaxes left to the ecosystem (caret) */
	v[0] = (char *)"< 1.0.0 || >= 2.0.0, < 2.1.0";
	v[1] = (char *)"^3.1.0";
	r.versions = v;
	r.n_versions = 2;
	T_EXPECT(osv(DD_ECO_NPM, "0.9.0", &r, 1, &fixed));
	T_EXPECT(osv(DD_ECO_NPM, "2.0.5", &r, 1, &fixed));
	T_EXPECT(!osv(DD_ECO_NPM, "1.5.0", &r, 1, &fixed));
	T_EXPECT(!osv(DD_ECO_NPM, "2.1.0", &r, 1, &fixed));
	T_EXPECT(osv(DD_ECO_NPM, "3.2.0", &r, 1, &fixed));
	T_EXPECT(!osv(DD_ECO_NPM, "4.0.0", &r, 1, &fixed));
	T_EXPECT(fixed == NULL);
}

/*
 * dd_ghsa_constraint directly: only the seven comparison operators are
 * read ("=!" and "!<" used to pass as "="), a version cannot start with an
 * operator (">= >= 1.0.0" used to read ">=" as a version), and the caps
 * on comparators, length and version length answer -1 (left to the
 * ecosystem parser) instead of evaluating.
 */
TEST(ghsa_constraint_operators_and_caps)
{
	struct dd_buf b = DD_BUF_INIT;
	char big[DD_GHSA_MAX_VERSION + 2];
	size_t i;

	T_EXPECT(dd_ghsa_constraint(DD_ECO_NPM, "1.0.0", "= 1.0.0") == 1);
	T_EXPECT(dd_ghsa_constraint(DD_ECO_NPM, "1.0.0", "== 1.0.0") == 1);
	T_EXPECT(dd_ghsa_constraint(DD_ECO_NPM, "1.0.0", "!= 1.0.0") == 0);
	T_EXPECT(dd_ghsa_constraint(DD_ECO_NPM, "1.0.0", "=! 1.0.0") == -1);
	T_EXPECT(dd_ghsa_constraint(DD_ECO_NPM, "1.0.0", "!< 2.0.0") == -1);
	T_EXPECT(dd_ghsa_constraint(DD_ECO_NPM, "1.0.0", "! 1.0.0") == -1);
	T_EXPECT(dd_ghsa_constraint(DD_ECO_NPM, "1.0.0", "=< 2.0.0") == -1);
	T_EXPECT(dd_ghsa_constraint(DD_ECO_NPM, "1.0.0", ">= >= 1.0.0") == -1);
	T_EXPECT(dd_ghsa_constraint(DD_ECO_NPM, "1.0.0", "< 2.0.0 ||") == -1);
	T_EXPECT(dd_ghsa_constraint(DD_ECO_NPM, "1.0.0", "< 2.0.0 | > 3.0.0") == -1);
	T_EXPECT(dd_ghsa_constraint(DD_ECO_PYPI, "9.6.1", ">= 9.6.0b1, < 9.6.3") == 1);
	T_EXPECT(dd_ghsa_constraint(DD_ECO_PYPI, "9.6.3", ">= 9.6.0b1, < 9.6.3") == 0);

	/* DD_GHSA_MAX_COMPARATORS comparators are evaluated, one more is not */
	for (i = 0; i < DD_GHSA_MAX_COMPARATORS; i++)
		dd_buf_addf(&b, "%s>= 1.0.0", i ? ", " : "");
	T_EXPECT(dd_ghsa_constraint(DD_ECO_NPM, "1.0.0", b.buf) == 1);
	dd_buf_addf(&b, ", >= 1.0.0");
	T_EXPECT(dd_ghsa_constraint(DD_ECO_NPM, "1.0.0", b.buf) == -1);
	dd_buf_reset(&b);
	/* the same count across "||" alternatives */
	for (i = 0; i <= DD_GHSA_MAX_COMPARATORS; i++)
		dd_buf_addf(&b, "%s< 0.1.0", i ? " || " : "");
	T_EXPECT(dd_ghsa_constraint(DD_ECO_NPM, "0.0.1", b.buf) == -1);
	dd_buf_reset(&b);
	/* longer than DD_GHSA_MAX_LEN */
	dd_buf_addf(&b, "< 2.0.0");
	while (b.len <= DD_GHSA_MAX_LEN)
		dd_buf_addf(&b, " ");
	T_EXPECT(dd_ghsa_constraint(DD_ECO_NPM, "1.0.0", b.buf) == -1);
	dd_buf_release(&b);
	/* a version longer than DD_GHSA_MAX_VERSION */
	memset(big, '1', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	dd_buf_addf(&b, "< %s", big);
	T_EXPECT(dd_ghsa_constraint(DD_ECO_GENERIC, "1", b.buf) == -1);
	dd_buf_reset(&b);
	dd_buf_addf(&b, "< %s", big + 1);
	T_EXPECT(dd_ghsa_constraint(DD_ECO_GENERIC, "1", b.buf) == 1);
	dd_buf_release(&b);
}
