/*
 * src/match/rpm.c: the RPM distributions' side of matching: the namespace
 * ("<family>:<major>", Amazon Linux "amazon:<VERSION_ID>"). Packages are
 * looked up by source rpm name and binary name; versions compare as
 * [E:]V-R with the rpm comparator, a missing epoch being 0 on both sides.
 */
#include <stdio.h>
#include <string.h>

#include "match/match_int.h"

int dd_ns_for_rpm(const struct dd_os *os, char *out, size_t n)
{
	const char *fam = os->family;

	if (!fam || !os->version_id || !*os->version_id)
		return -DDE_NOTFOUND;
	if (strcmp(fam, "amzn") == 0 || strcmp(fam, "amazon") == 0) {
		snprintf(out, n, "amazon:%.*s", (int)strcspn(os->version_id, "."), os->version_id);
		return 0;
	}
	if (strcmp(fam, "fedora") == 0 || strcmp(fam, "rhel") == 0 || strcmp(fam, "centos") == 0 ||
	    strcmp(fam, "rocky") == 0 || strcmp(fam, "almalinux") == 0 || strcmp(fam, "ol") == 0 ||
	    strcmp(fam, "opensuse-leap") == 0 || strcmp(fam, "sles") == 0 ||
	    strcmp(fam, "photon") == 0 || strcmp(fam, "azurelinux") == 0 ||
	    strcmp(fam, "mariner") == 0) {
		if (strcmp(fam, "opensuse-leap") == 0 || strcmp(fam, "sles") == 0)
			snprintf(out, n, "%s:%s", fam, os->version_id);
		else
			snprintf(out, n, "%s:%.*s", fam, (int)strcspn(os->version_id, "."),
				 os->version_id);
		return 0;
	}
	return -DDE_NOTFOUND;
}
