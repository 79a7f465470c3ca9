/*
 * src/inventory/rpm_lib.c: librpm.so.9 opened on first use, its functions
 * looked up into the table of rpm_lib.h (util/dynlib.c does the loading).
 */
#include "inventory/rpm_lib.h"
#include "util/dynlib.h"

static struct dd_rpmlib lib;
static struct dd_dynlib dl = DD_DYNLIB_INIT;

const struct dd_rpmlib *dd_rpmlib(const char **why)
{
#define DD_RPM_NAME(name) #name,
#define DD_RPM_SLOT(name) (void **)&lib.name,
	static const char *const names[] = { DD_RPM_FUNCTIONS(DD_RPM_NAME) };
	static void **const slots[] = { DD_RPM_FUNCTIONS(DD_RPM_SLOT) };
#undef DD_RPM_NAME
#undef DD_RPM_SLOT

	return dd_dynlib_get(&dl, "librpm.so.9", names, slots, sizeof(names) / sizeof(names[0]), why)
		       ? &lib : NULL;
}
