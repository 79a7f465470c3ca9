/*
 * src/util/dynlib.c: opening a shared library on first use (dynlib.h).
 */
#include <dlfcn.h>
#include <stdio.h>

#include "util/dynlib.h"

static bool load(const char *soname, const char *const *names, void **const *slots, size_t n,
		 char *why, size_t why_len)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);

	if (!h) {
		const char *m = dlerror();

		snprintf(why, why_len, "%s could not be loaded: %s", soname, m ? m : "not found");
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		*slots[i] = dlsym(h, names[i]);
		if (!*slots[i]) {
			snprintf(why, why_len, "%s has no %s", soname, names[i]);
			return false;
		}
	}
	return true;
}

bool dd_dynlib_get(struct dd_dynlib *d, const char *soname, const char *const *names,
		   void **const *slots, size_t n, const char **why)
{
	pthread_mutex_lock(&d->mu);
	if (!d->state)
		d->state = load(soname, names, slots, n, d->why, sizeof(d->why)) ? 1 : -1;
	pthread_mutex_unlock(&d->mu);
	if (d->state < 0 && why)
		*why = d->why;
	return d->state > 0;
}
