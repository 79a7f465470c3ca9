/*
 * src/util/xalloc.h: allocation wrappers that abort with a message when the
 * system runs out of memory. Hostile input never reaches these limits: every
 * parser caps its sizes first and returns -DDE_LIMIT instead.
 */
#ifndef DD_UTIL_XALLOC_H
#define DD_UTIL_XALLOC_H

#include <stddef.h>

/* Never return NULL; abort the process on exhaustion (size 0 yields a valid pointer). */
void *dd_xmalloc(size_t n);
void *dd_xcalloc(size_t nmemb, size_t size);
void *dd_xrealloc(void *p, size_t n);
char *dd_xstrdup(const char *s);
char *dd_xstrndup(const char *s, size_t n);
/* Prints "out of memory (allocating n bytes)" and aborts: for allocators outside this family. */
_Noreturn void dd_oom(size_t n);
/* Allocates and formats like asprintf. */
char *dd_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grows *p (an array of elem-sized items with capacity *cap) to hold at least need items. */
void dd_xgrow(void **p, size_t *cap, size_t need, size_t elem);
#define DD_GROW(arr, cap, need) dd_xgrow((void **)&(arr), &(cap), (need), sizeof(*(arr)))

#endif
