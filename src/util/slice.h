/*
 * src/util/slice.h: dd_slice, a borrowed {ptr, len} view of bytes that are
 * owned elsewhere. Slices are never NUL-terminated by contract; print them
 * with printf("%.*s", DD_SLICE_FMT(s)).
 */
#ifndef DD_UTIL_SLICE_H
#define DD_UTIL_SLICE_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

struct dd_slice {
	const char *ptr;
	size_t len;
};

#define DD_SLICE_NULL ((struct dd_slice){ NULL, 0 })
#define DD_SLICE_FMT(s) (int)(s).len, (s).ptr

static inline struct dd_slice dd_slice_of(const void *p, size_t n)
{
	return (struct dd_slice){ (const char *)p, n };
}

static inline struct dd_slice dd_slice_str(const char *s)
{
	return (struct dd_slice){ s, s ? strlen(s) : 0 };
}

static inline bool dd_slice_eq(struct dd_slice a, const char *s)
{
	size_t n = strlen(s);

	return a.len == n && (n == 0 || memcmp(a.ptr, s, n) == 0);
}

static inline bool dd_slice_starts(struct dd_slice a, const char *prefix)
{
	size_t n = strlen(prefix);

	return a.len >= n && memcmp(a.ptr, prefix, n) == 0;
}

#endif
