/*
 * tests/unit/version_rules_test.c: ecosystem names, the comparators that
 * have no upstream vector files (NuGet, Composer, crates.io, generic), the
 * generic comparison lists, interval ranges and the error paths of
 * src/version/version.h. Expected results follow each ecosystem's
 * documentation (NuGet version precedence, Composer's docs on versions and
 * constraints, SemVer 2.0.0).
 */
#include "t.h"
#include "version/version.h"

static int cmp(enum dd_eco eco, const char *a, const char *b)
{
	int c = 99;

	if (dd_version_compare(eco, dd_slice_str(a), dd_slice_str(b), &c) < 0)
		return 99;
	return c;
}

static int sat(enum dd_eco eco, const char *v, const char *range)
{
	struct dd_err e = DD_ERR_INIT;
	bool in = false;
	int r = dd_version_satisfies(eco, dd_slice_str(v), dd_slice_str(range), &in, &e);

	dd_err_release(&e);
	return r < 0 ? -1 : in;
}

TEST(version_eco_names)
{
	enum dd_eco e = DD_ECO_UNKNOWN;

	T_EQ_INT(dd_eco_parse("Ubuntu", &e), 0);
	T_EQ_INT(e, DD_ECO_DPKG);
	T_EQ_INT(dd_eco_parse("ALPINE", &e), 0);
	T_EQ_INT(e, DD_ECO_APK);
	T_EQ_INT(dd_eco_parse("almalinux", &e), 0);
	T_EQ_INT(e, DD_ECO_RPM);
	T_EQ_INT(dd_eco_parse("pypi", &e), 0);
	T_EQ_STR(dd_eco_name(e), "PyPI");
	T_EQ_INT(dd_eco_parse("crates.io", &e), 0);
	T_EQ_STR(dd_eco_name(e), "crates.io");
	T_EQ_INT(dd_eco_parse("packagist", &e), 0);
	T_EQ_INT(e, DD_ECO_PACKAGIST);
	T_EQ_INT(dd_eco_parse("cobol", &e), -DDE_NOTFOUND);
	T_EXPECT(strstr(dd_eco_known_names(), "RubyGems") != NULL);
}

TEST(version_invalid_is_format_error)
{
	int c = 0;

	T_EQ_INT(dd_version_compare(DD_ECO_DPKG, dd_slice_str("1.0"), dd_slice_str("a:1"), &c), -DDE_FORMAT);
	T_EQ_INT(dd_version_compare(DD_ECO_NPM, dd_slice_str("1.0"), dd_slice_str("1.0.0"), &c), -DDE_FORMAT);
	T_EQ_INT(dd_version_compare(DD_ECO_PYPI, dd_slice_str("french toast"), dd_slice_str("1"), &c),
		 -DDE_FORMAT);
	/* the C-string convenience still orders them */
	T_EQ_INT(dd_version_cmp(DD_ECO_GO, "bad", "v1.0.0"), -1);
	T_EQ_INT(dd_version_cmp(DD_ECO_APK, "1.0", "1.0bc"), -1);
}

TEST(version_nuget)
{
	T_EQ_INT(cmp(DD_ECO_NUGET, "1.0", "1.0.0.0"), 0);
	T_EQ_INT(cmp(DD_ECO_NUGET, "1.0.0-beta", "1.0.0-BETA"), 0);
	T_EQ_INT(cmp(DD_ECO_NUGET, "1.0.0-alpha.2", "1.0.0-alpha.10"), -1);
	T_EQ_INT(cmp(DD_ECO_NUGET, "1.0.0-2", "1.0.0-a"), -1);
	T_EQ_INT(cmp(DD_ECO_NUGET, "1.0.0-rc.1", "1.0.0"), -1);
	T_EQ_INT(cmp(DD_ECO_NUGET, "1.0.0+build", "1.0.0+other"), 0);
	T_EQ_INT(cmp(DD_ECO_NUGET, "1.2.3.4", "1.2.3.10"), -1);
	T_EXPECT(!dd_version_valid(DD_ECO_NUGET, dd_slice_str("1.2.3.4.5")));
	T_EXPECT(!dd_version_valid(DD_ECO_NUGET, dd_slice_str("1.0.0-")));
	T_EQ_INT(sat(DD_ECO_NUGET, "1.5.0", "[1.0,2.0)"), 1);
	T_EQ_INT(sat(DD_ECO_NUGET, "2.0.0", "[1.0,2.0)"), 0);
	T_EQ_INT(sat(DD_ECO_NUGET, "0.9", "(,1.0],[1.2,)"), 1);
	T_EQ_INT(sat(DD_ECO_NUGET, "1.1", "(,1.0],[1.2,)"), 0);
	T_EQ_INT(sat(DD_ECO_NUGET, "1.1", ">= 1.0, < 1.2"), 1);
}

TEST(version_composer)
{
	T_EQ_INT(cmp(DD_ECO_PACKAGIST, "v1.0", "1.0.0.0"), 0);
	T_EQ_INT(cmp(DD_ECO_PACKAGIST, "1.0.0-b2", "1.0.0-beta2"), 0);
	T_EQ_INT(cmp(DD_ECO_PACKAGIST, "1.0.0-dev", "1.0.0-alpha1"), -1);
	T_EQ_INT(cmp(DD_ECO_PACKAGIST, "1.0.0-alpha1", "1.0.0-beta1"), -1);
	T_EQ_INT(cmp(DD_ECO_PACKAGIST, "1.0.0-RC1", "1.0.0"), -1);
	T_EQ_INT(cmp(DD_ECO_PACKAGIST, "1.0.0", "1.0.0-patch1"), -1);
	T_EQ_INT(cmp(DD_ECO_PACKAGIST, "1.10.0", "1.9.0"), 1);
	T_EQ_INT(cmp(DD_ECO_PACKAGIST, "2.x-dev", "2.99.0"), 1);
	T_EXPECT(dd_version_valid(DD_ECO_PACKAGIST, dd_slice_str("dev-main")));
	T_EXPECT(!dd_version_valid(DD_ECO_PACKAGIST, dd_slice_str("not a version")));
	T_EQ_INT(sat(DD_ECO_PACKAGIST, "1.2.3", "^1.2"), 1);
	T_EQ_INT(sat(DD_ECO_PACKAGIST, "2.0.0", "^1.2"), 0);
	T_EQ_INT(sat(DD_ECO_PACKAGIST, "0.3.5", "^0.3"), 1);
	T_EQ_INT(sat(DD_ECO_PACKAGIST, "0.4.0", "^0.3"), 0);
	T_EQ_INT(sat(DD_ECO_PACKAGIST, "1.9.0", "~1.2"), 1);
	T_EQ_INT(sat(DD_ECO_PACKAGIST, "1.3.0", "~1.2.3"), 0);
	T_EQ_INT(sat(DD_ECO_PACKAGIST, "1.2.9", "1.2.*"), 1);
	T_EQ_INT(sat(DD_ECO_PACKAGIST, "2.0.5", "1.0 - 2.0"), 1);
	T_EQ_INT(sat(DD_ECO_PACKAGIST, "2.1.0", "1.0 - 2.0"), 0);
	T_EQ_INT(sat(DD_ECO_PACKAGIST, "1.5.0", ">=1.0 <1.4 || ^1.5"), 1);
	T_EQ_INT(sat(DD_ECO_PACKAGIST, "1.4.0", ">=1.0,<1.4 | ^1.5"), 0);
	/* "<1.0" means below 1.0.0.0-dev: 1.0 pre-releases are not "below 1.0" */
	T_EQ_INT(sat(DD_ECO_PACKAGIST, "1.0.0-beta1", "<1.0"), 0);
	T_EQ_INT(sat(DD_ECO_PACKAGIST, "0.9.9", "<1.0"), 1);
	T_EQ_INT(sat(DD_ECO_PACKAGIST, "dev-main", "dev-main"), 1);
}

TEST(version_crates)
{
	T_EQ_INT(cmp(DD_ECO_CRATES, "1.0.0-alpha", "1.0.0-alpha.1"), -1);
	T_EQ_INT(cmp(DD_ECO_CRATES, "1.0.0-alpha.beta", "1.0.0-beta"), -1);
	T_EQ_INT(cmp(DD_ECO_CRATES, "1.0.0-beta.11", "1.0.0-rc.1"), -1);
	T_EQ_INT(cmp(DD_ECO_CRATES, "1.0.0-rc.1", "1.0.0"), -1);
	T_EXPECT(!dd_version_valid(DD_ECO_CRATES, dd_slice_str("v1.0.0")));
	T_EXPECT(!dd_version_valid(DD_ECO_CRATES, dd_slice_str("01.0.0")));
	T_EQ_INT(sat(DD_ECO_CRATES, "0.9.3", ">= 0.9.0, < 0.9.4"), 1);
}

TEST(version_go_without_v)
{
	T_EQ_INT(cmp(DD_ECO_GO, "1.2.3", "v1.2.3"), 0);
	T_EQ_INT(cmp(DD_ECO_GO, "v2.0.0+incompatible", "v2.0.0"), 0);
	T_EQ_INT(cmp(DD_ECO_GO, "v0.0.0-20230101000000-abcdef123456", "v0.0.1"), -1);
	T_EQ_INT(sat(DD_ECO_GO, "v1.4.0", ">= 0, < 1.4.1"), 1);
}

TEST(version_generic_and_lists)
{
	T_EQ_INT(cmp(DD_ECO_GENERIC, "1.0rc1", "1.0"), -1);
	T_EQ_INT(cmp(DD_ECO_GENERIC, "1.0", "1.0.1"), -1);
	T_EQ_INT(cmp(DD_ECO_GENERIC, "1.10", "1.9"), 1);
	T_EQ_INT(cmp(DD_ECO_GENERIC, "1.0-A", "1.0.a"), 0);
	T_EQ_INT(sat(DD_ECO_DPKG, "1.2-1", ">= 1.0, < 2.0"), 1);
	T_EQ_INT(sat(DD_ECO_DPKG, "2.0-1", ">= 1.0, < 2.0"), 0);
	T_EQ_INT(sat(DD_ECO_DPKG, "2.0-1", "< 1.0 || >= 2.0"), 1);
	T_EQ_INT(sat(DD_ECO_RPM, "1.0-1", "= 1.0-1"), 1);
	T_EQ_INT(sat(DD_ECO_APK, "1.2.3-r0", "!= 1.2.3-r0"), 0);
	T_EQ_INT(sat(DD_ECO_APK, "1.2.3-r0", "*"), 1);
	T_EQ_INT(sat(DD_ECO_DPKG, "1.0", ">> 1.0"), -1);
	T_EQ_INT(sat(DD_ECO_DPKG, "1.0", "< bad version"), -1);
	T_EQ_INT(sat(DD_ECO_DPKG, "not a version", "< 1.0"), -1);
}

TEST(version_maven_ranges)
{
	T_EQ_INT(sat(DD_ECO_MAVEN, "1.5", "[1.0,2.0)"), 1);
	T_EQ_INT(sat(DD_ECO_MAVEN, "2.0", "[1.0,2.0)"), 0);
	T_EQ_INT(sat(DD_ECO_MAVEN, "2.0-SNAPSHOT", "[1.0,2.0)"), 1);
	T_EQ_INT(sat(DD_ECO_MAVEN, "1.2", "[1.2]"), 1);
	T_EQ_INT(sat(DD_ECO_MAVEN, "1.2.1", "[1.2]"), 0);
	T_EQ_INT(sat(DD_ECO_MAVEN, "3.0", "(,1.0],[1.2,)"), 1);
	T_EQ_INT(sat(DD_ECO_MAVEN, "1.5", "[1.0,2.0"), -1);
}
