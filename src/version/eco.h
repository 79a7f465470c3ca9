/*
 * src/version/eco.h: the ecosystems drydock knows (package managers and
 * distribution package formats), their canonical names and aliases. Every
 * module names an ecosystem with enum dd_eco; the version comparators in
 * src/version/ are chosen by it.
 */
#ifndef DD_VERSION_ECO_H
#define DD_VERSION_ECO_H

enum dd_eco {
	DD_ECO_UNKNOWN = 0,
	DD_ECO_DPKG,		/* Debian, Ubuntu: "dpkg", "debian", "ubuntu" */
	DD_ECO_APK,		/* Alpine, Wolfi: "apk", "alpine" */
	DD_ECO_RPM,		/* "rpm", "redhat", "rocky", "almalinux", "fedora", ... */
	DD_ECO_NPM,		/* "npm" */
	DD_ECO_PYPI,		/* "PyPI" */
	DD_ECO_GO,		/* "Go" */
	DD_ECO_CRATES,		/* "crates.io" */
	DD_ECO_MAVEN,		/* "Maven" */
	DD_ECO_RUBYGEMS,	/* "RubyGems" */
	DD_ECO_NUGET,		/* "NuGet" */
	DD_ECO_PACKAGIST,	/* "Packagist" (Composer) */
	DD_ECO_PUB,		/* "Pub" (Dart, Flutter) */
	DD_ECO_HEX,		/* "Hex" (Elixir, Erlang) */
	DD_ECO_SWIFT,		/* "SwiftURL" (Swift Package Manager) */
	DD_ECO_COCOAPODS,	/* "CocoaPods" */
	DD_ECO_CONAN,		/* "Conan" (C, C++) */
	DD_ECO_GENERIC,		/* fallback: dotted numbers, then text */
	DD_ECO__COUNT
};

/* The canonical name: OSV ecosystem names for language ecosystems ("PyPI"), "dpkg"/"apk"/"rpm". */
const char *dd_eco_name(enum dd_eco eco);
/*
 * Parses a name in any case, including aliases (debian/ubuntu -> dpkg,
 * alpine -> apk, redhat/rocky/almalinux/fedora/... -> rpm, OSV names).
 * Returns 0 and sets *out, or -DDE_NOTFOUND.
 */
int dd_eco_parse(const char *name, enum dd_eco *out);
/* Comma-separated list of the names dd_eco_parse accepts, for error messages. */
const char *dd_eco_known_names(void);

#endif
