/*
 * src/util/bigmem.h: large, long-lived buffers on 2 MiB-aligned mappings
 * marked for transparent huge pages (bigmem.c says why).
 */
#ifndef DD_UTIL_BIGMEM_H
#define DD_UTIL_BIGMEM_H

#include <stddef.h>

/*
 * Large buffers reused across files, layers or a whole run: *size is
 * rounded up to 2 MiB and the mapping asks for transparent huge pages (one
 * page fault per 2 MiB instead of 512). Never NULL: out of memory aborts,
 * as dd_xmalloc.
 */
void *dd_big_alloc(size_t *size);
void dd_big_free(void *p, size_t size);

#endif
