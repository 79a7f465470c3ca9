/*
 * fuzz/version_fuzz.h: the body shared by the fuzz/version_*_fuzz.c
 * targets. The input is "A\nB": both are compared (the result must be
 * antisymmetric), validated, ordered with the total-order fallback, and B
 * is used as a range for A.
 */
#ifndef DD_FUZZ_VERSION_FUZZ_H
#define DD_FUZZ_VERSION_FUZZ_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "version/version.h"

static inline void version_fuzz(enum dd_eco eco, const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *nl = memchr(data, '\n', size);
	struct dd_slice a = dd_slice_of(p, nl ? (size_t)(nl - p) : size);
	struct dd_slice b = nl ? dd_slice_of(nl + 1, size - a.len - 1) : dd_slice_of(p, 0);
	struct dd_err e = DD_ERR_INIT;
	char *ca, *cb;
	int x = 0, y = 0;
	bool in;

	if (dd_version_compare(eco, a, b, &x) == 0) {
		if (dd_version_compare(eco, b, a, &y) != 0 || x != -y)
			abort();
		if (dd_version_compare(eco, a, a, &y) != 0 || y != 0)
			abort();
		if (!dd_version_valid(eco, a) || !dd_version_valid(eco, b))
			abort();
	}
	(void)dd_version_satisfies(eco, a, b, &in, &e);
	dd_err_release(&e);
	ca = strndup(a.ptr, a.len);
	cb = strndup(b.ptr, b.len);
	if (ca && cb && dd_version_cmp(eco, ca, cb) != -dd_version_cmp(eco, cb, ca) &&
	    memchr(a.ptr, 0, a.len) == NULL && memchr(b.ptr, 0, b.len) == NULL)
		abort();
	free(ca);
	free(cb);
}

#endif
