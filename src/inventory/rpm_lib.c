/*
 * src/inventory/rpm_lib.c: librpm.so.9 opened on first use, its functions
 * looked up into the table of rpm_lib.h (util/dynlib.c does the loading).
 */
#include "inventory/rpm_lib.h"
#include "util/dynlib.h"

DD_DYNLIB_LOADER(dd_rpmlib, struct dd_rpmlib, "librpm.so.9", DD_RPM_FUNCTIONS)
