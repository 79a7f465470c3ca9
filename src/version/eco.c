/*
 * src/version/eco.c: ecosystem names: the canonical name of each enum dd_eco
 * and the case-insensitive parser of names and aliases (OSV ecosystem names,
 * distribution names).
 */
#include <strings.h>

#include "util/err.h"
#include "version/eco.h"

static const char *const names[DD_ECO__COUNT] = {
	[DD_ECO_UNKNOWN] = "unknown",
	[DD_ECO_DPKG] = "dpkg",
	[DD_ECO_APK] = "apk",
	[DD_ECO_RPM] = "rpm",
	[DD_ECO_NPM] = "npm",
	[DD_ECO_PYPI] = "PyPI",
	[DD_ECO_GO] = "Go",
	[DD_ECO_CRATES] = "crates.io",
	[DD_ECO_MAVEN] = "Maven",
	[DD_ECO_RUBYGEMS] = "RubyGems",
	[DD_ECO_NUGET] = "NuGet",
	[DD_ECO_PACKAGIST] = "Packagist",
	[DD_ECO_PUB] = "Pub",
	[DD_ECO_HEX] = "Hex",
	[DD_ECO_SWIFT] = "SwiftURL",
	[DD_ECO_COCOAPODS] = "CocoaPods",
	[DD_ECO_CONAN] = "Conan",
	[DD_ECO_GENERIC] = "generic",
};

static const struct {
	const char *name;
	enum dd_eco eco;
} aliases[] = {
	{ "debian", DD_ECO_DPKG }, { "ubuntu", DD_ECO_DPKG }, { "deb", DD_ECO_DPKG },
	{ "alpine", DD_ECO_APK }, { "wolfi", DD_ECO_APK }, { "chainguard", DD_ECO_APK },
	{ "redhat", DD_ECO_RPM }, { "rhel", DD_ECO_RPM }, { "rocky", DD_ECO_RPM },
	{ "rocky linux", DD_ECO_RPM }, { "almalinux", DD_ECO_RPM }, { "alma", DD_ECO_RPM },
	{ "fedora", DD_ECO_RPM }, { "centos", DD_ECO_RPM }, { "opensuse", DD_ECO_RPM },
	{ "suse", DD_ECO_RPM }, { "sles", DD_ECO_RPM }, { "amazon", DD_ECO_RPM },
	{ "amazonlinux", DD_ECO_RPM }, { "oraclelinux", DD_ECO_RPM }, { "ol", DD_ECO_RPM },
	{ "mariner", DD_ECO_RPM }, { "azurelinux", DD_ECO_RPM }, { "photon", DD_ECO_RPM },
	{ "pypi", DD_ECO_PYPI }, { "python", DD_ECO_PYPI }, { "pep440", DD_ECO_PYPI },
	{ "golang", DD_ECO_GO }, { "gomod", DD_ECO_GO }, { "crates", DD_ECO_CRATES },
	{ "cargo", DD_ECO_CRATES }, { "rust", DD_ECO_CRATES }, { "gem", DD_ECO_RUBYGEMS },
	{ "gems", DD_ECO_RUBYGEMS }, { "composer", DD_ECO_PACKAGIST }, { "semver", DD_ECO_NPM },
	{ "dart", DD_ECO_PUB }, { "flutter", DD_ECO_PUB }, { "erlang", DD_ECO_HEX },
	{ "elixir", DD_ECO_HEX }, { "mix", DD_ECO_HEX }, { "swift", DD_ECO_SWIFT },
	{ "swiftpm", DD_ECO_SWIFT }, { "pods", DD_ECO_COCOAPODS }, { "cocoapod", DD_ECO_COCOAPODS },
};

const char *dd_eco_name(enum dd_eco eco)
{
	if ((int)eco < 0 || eco >= DD_ECO__COUNT)
		return names[DD_ECO_UNKNOWN];
	return names[eco];
}

int dd_eco_parse(const char *name, enum dd_eco *out)
{
	size_t i;

	if (!name)
		return -DDE_NOTFOUND;
	for (i = 1; i < DD_ECO__COUNT; i++) {
		if (strcasecmp(name, names[i]) == 0) {
			*out = (enum dd_eco)i;
			return 0;
		}
	}
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++) {
		if (strcasecmp(name, aliases[i].name) == 0) {
			*out = aliases[i].eco;
			return 0;
		}
	}
	return -DDE_NOTFOUND;
}

const char *dd_eco_known_names(void)
{
	return "dpkg (debian, ubuntu), apk (alpine, wolfi), rpm (redhat, rocky, almalinux, fedora, "
	       "centos, suse, amazon, ...), npm, PyPI, Go, crates.io, Maven, RubyGems, NuGet, "
	       "Packagist (composer), Pub (dart), Hex (erlang, elixir), SwiftURL (swift), CocoaPods, "
	       "Conan, generic";
}
