/*
 * src/version/version.h: version comparison, validity and range checks for
 * every ecosystem, behind one interface. Each ecosystem's rules live in its
 * own file (dpkg.c, apk.c, rpm.c, semver.c, pep440.c, maven.c, rubygems.c,
 * gomod.c, nuget.c, composer.c, generic.c). The compare path allocates
 * nothing.
 */
#ifndef DD_VERSION_VERSION_H
#define DD_VERSION_VERSION_H

#include <stdbool.h>

#include "util/err.h"
#include "util/slice.h"
#include "version/eco.h"

/*
 * Compares a with b by eco's rules: sets *out to <0, 0 or >0 and returns 0,
 * or returns -DDE_FORMAT when either is not a valid version for eco.
 */
int dd_version_compare(enum dd_eco eco, struct dd_slice a, struct dd_slice b, int *out);
/* Convenience for C strings; invalid versions sort by byte comparison. */
int dd_version_cmp(enum dd_eco eco, const char *a, const char *b);
/* True when v is a valid version for eco. */
bool dd_version_valid(enum dd_eco eco, struct dd_slice v);
/*
 * Checks v against range in eco's own syntax (npm ranges, PEP 440
 * specifiers, RubyGems requirements, Maven ranges, Composer constraints,
 * comparison lists like ">= 1.0, < 2.0" elsewhere). Sets *out and returns
 * 0, or -DDE_FORMAT with a message in e.
 */
int dd_version_satisfies(enum dd_eco eco, struct dd_slice v, struct dd_slice range, bool *out,
			 struct dd_err *e);

#endif
