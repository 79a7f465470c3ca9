/*
 * src/inventory/rpm_lib.c: librpm.so.9 opened with dlopen on first use and
 * its functions looked up by name (see rpm_lib.h).
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#include "inventory/rpm_lib.h"

static struct dd_rpmlib lib;
static bool lib_ok;
static char lib_why[256];
static pthread_once_t lib_once = PTHREAD_ONCE_INIT;

static void load(void)
{
	void *h = dlopen("librpm.so.9", RTLD_NOW | RTLD_LOCAL);
	const char *missing = NULL;

	if (!h) {
		const char *m = dlerror();

		snprintf(lib_why, sizeof(lib_why), "librpm could not be loaded: %s",
			 m ? m : "librpm.so.9 not found");
		return;
	}
#define DD_RPM_LOOKUP(name)                                    \
	if (!(*(void **)&lib.name = dlsym(h, #name)) && !missing) \
		missing = #name;
	DD_RPM_FUNCTIONS(DD_RPM_LOOKUP)
#undef DD_RPM_LOOKUP
	if (missing) {
		snprintf(lib_why, sizeof(lib_why), "librpm.so.9 has no %s", missing);
		return;
	}
	lib_ok = true;
}

const struct dd_rpmlib *dd_rpmlib(const char **why)
{
	pthread_once(&lib_once, load);
	if (!lib_ok && why)
		*why = lib_why;
	return lib_ok ? &lib : NULL;
}
