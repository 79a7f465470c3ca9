/*
 * src/match/rpm.c: the RPM distributions' side of matching: the namespace
 * of an OS, from the os-release ID or the family names Trivy writes in its
 * SBOMs ("alma", "oracle", "amazon", "cbl-mariner", "redhat"), and the
 * release as the database spells it (docs/vulndb.md): the major version
 * for RHEL-like distributions ("rocky:9", "oracle:8"), major.minor for
 * Photon, CBL-Mariner / Azure Linux, SLES and openSUSE Leap ("photon:3.0",
 * "mariner:1.0"), "amazon:1" for Amazon Linux AMI (2017.09, 2018.03),
 * "amazon:2", "amazon:2023", and "opensuse-tumbleweed" (rolling, no
 * release). CentOS is judged with Red Hat's data, "rhel:<major>", as Trivy
 * and Grype do. Packages are looked up by source rpm name and binary name;
 * versions compare as [E:]V-R with the rpm comparator, a missing epoch
 * being 0 on both sides.
 */
#include <stdio.h>
#include <string.h>

#include "match/match_int.h"

enum rel { REL_MAJOR, REL_MINOR, REL_WHOLE, REL_NONE, REL_AMAZON };

static const struct {
	const char *id, *ns;
	enum rel rel;
} families[] = {
	{ "rhel", "rhel", REL_MAJOR }, { "redhat", "rhel", REL_MAJOR },
	{ "centos", "rhel", REL_MAJOR }, { "fedora", "fedora", REL_MAJOR },
	{ "rocky", "rocky", REL_MAJOR }, { "almalinux", "almalinux", REL_MAJOR },
	{ "alma", "almalinux", REL_MAJOR }, { "ol", "oracle", REL_MAJOR },
	{ "oracle", "oracle", REL_MAJOR }, { "amzn", "amazon", REL_AMAZON },
	{ "amazon", "amazon", REL_AMAZON }, { "photon", "photon", REL_MINOR },
	{ "mariner", "mariner", REL_MINOR }, { "cbl-mariner", "mariner", REL_MINOR },
	{ "azurelinux", "azurelinux", REL_MINOR }, { "sles", "sles", REL_WHOLE },
	{ "opensuse-leap", "opensuse-leap", REL_WHOLE }, { "sle-micro", "sle-micro", REL_WHOLE },
	{ "slem", "sle-micro", REL_WHOLE }, { "opensuse-tumbleweed", "opensuse-tumbleweed", REL_NONE },
};

static size_t digits(const char *s)
{
	return strspn(s, "0123456789");
}

int dd_ns_for_rpm(const struct dd_os *os, char *out, size_t n)
{
	const char *fam = os->family, *v = os->version_id;
	size_t i, l1, l2;

	if (!fam)
		return -DDE_NOTFOUND;
	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (strcmp(fam, families[i].id) == 0)
			break;
	if (i == sizeof(families) / sizeof(families[0]))
		return -DDE_NOTFOUND;
	if (families[i].rel == REL_NONE) {
		snprintf(out, n, "%s", families[i].ns);
		return 0;
	}
	if (!v)
		return -DDE_NOTFOUND;
	if (families[i].rel == REL_AMAZON)	/* Trivy writes "AMI release 2018.03", "2 (Karoo)" */
		v += strcspn(v, "0123456789");
	l1 = digits(v);
	if (l1 == 0)
		return -DDE_NOTFOUND;
	switch (families[i].rel) {
	case REL_AMAZON:
		/* Amazon Linux AMI is versioned by year.month (2018.03); 2022+ are AL2022/AL2023 */
		if (l1 == 4 && v[4] == '.' && memcmp(v, "2022", 4) < 0)
			snprintf(out, n, "amazon:1");
		else
			snprintf(out, n, "amazon:%.*s", (int)l1, v);
		return 0;
	case REL_MINOR:
		l2 = v[l1] == '.' ? digits(v + l1 + 1) : 0;
		if (l2)
			snprintf(out, n, "%s:%.*s", families[i].ns, (int)(l1 + 1 + l2), v);
		else
			snprintf(out, n, "%s:%.*s.0", families[i].ns, (int)l1, v);
		return 0;
	case REL_WHOLE:
		snprintf(out, n, "%s:%s", families[i].ns, v);
		return 0;
	default:
		snprintf(out, n, "%s:%.*s", families[i].ns, (int)l1, v);
		return 0;
	}
}
