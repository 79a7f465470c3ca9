/*
 * src/match/debian.c: the Debian and Ubuntu side of matching: which
 * namespace an image's os-release maps to (Debian: the major release from
 * VERSION_ID, else from the codename; Ubuntu: VERSION_ID). Packages are
 * matched by source package name and source version (dd_match_installed)
 * with the distribution rule in match.c.
 */
#include <stdio.h>
#include <string.h>

#include "match/match_int.h"

static const struct {
	const char *codename, *num;
} debian_releases[] = {
	{ "buzz", "1.1" }, { "potato", "2.2" }, { "woody", "3.0" }, { "sarge", "3.1" }, { "etch", "4" },
	{ "lenny", "5" }, { "squeeze", "6" }, { "wheezy", "7" }, { "jessie", "8" }, { "stretch", "9" },
	{ "buster", "10" }, { "bullseye", "11" }, { "bookworm", "12" }, { "trixie", "13" },
	{ "forky", "14" }, { "duke", "15" },
};

int dd_ns_for_debian(const struct dd_os *os, char *out, size_t n)
{
	size_t i;

	if (os->version_id && *os->version_id >= '0' && *os->version_id <= '9') {
		snprintf(out, n, "debian:%.*s", (int)strcspn(os->version_id, "."), os->version_id);
		return 0;
	}
	if (os->codename) {
		for (i = 0; i < sizeof(debian_releases) / sizeof(debian_releases[0]); i++) {
			if (strcmp(os->codename, debian_releases[i].codename) == 0) {
				snprintf(out, n, "debian:%s", debian_releases[i].num);
				return 0;
			}
		}
	}
	return -DDE_NOTFOUND;
}

int dd_ns_for_ubuntu(const struct dd_os *os, char *out, size_t n)
{
	if (!os->version_id || !*os->version_id)
		return -DDE_NOTFOUND;
	snprintf(out, n, "ubuntu:%s", os->version_id);
	return 0;
}
