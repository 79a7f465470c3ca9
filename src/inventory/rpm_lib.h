/*
 * src/inventory/rpm_lib.h: librpm, loaded when the first rpm database is
 * read. drydock is not linked with -lrpm (Makefile): librpm and what it pulls
 * in (liblua, libgcrypt, libpopt, libcap...) cost a few milliseconds of
 * start-up that images without rpm databases, and every warm scan, would pay
 * for nothing (docs/HACKING.md "Linking"). The table holds the librpm
 * functions rpm.c calls, with their prototypes taken from librpm's headers.
 */
#ifndef DD_INVENTORY_RPM_LIB_H
#define DD_INVENTORY_RPM_LIB_H

#include <rpm/header.h>
#include <rpm/rpmdb.h>
#include <rpm/rpmlib.h>
#include <rpm/rpmlog.h>
#include <rpm/rpmmacro.h>
#include <rpm/rpmts.h>

#include "util/dynlib.h"

#define DD_RPM_FUNCTIONS(X)                                                                  \
	X(headerImport) X(headerFree) X(headerGetString) X(headerGetNumber) X(headerIsEntry) \
	X(rpmReadConfigFiles) X(rpmPushMacro) X(rpmPopMacro) X(rpmlogSetCallback)            \
	X(rpmlogRecMessage) X(rpmlogRecPriority) X(rpmtsCreate) X(rpmtsFree)                 \
	X(rpmtsSetRootDir) X(rpmtsSetVSFlags) X(rpmtsInitIterator) X(rpmtsCloseDB)          \
	X(rpmdbNextIterator) X(rpmdbFreeIterator)

struct dd_rpmlib {
	DD_RPM_FUNCTIONS(DD_DYNLIB_MEMBER)
};

/*
 * The loaded table, or NULL when librpm.so.9 (or one of its functions) cannot
 * be loaded; *why then says what failed. Loads once per process.
 */
const struct dd_rpmlib *dd_rpmlib(const char **why);

#endif
