/*
 * src/util/xalloc.c: the xmalloc family and dd_oom; the one place that handles OOM.
 */
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Noreturn void dd_oom(size_t n)
{
	fprintf(stderr, "drydock: out of memory (allocating %zu bytes)\n", n);
	abort();
}

void *dd_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		dd_oom(n);
	return p;
}

void *dd_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		dd_oom(nmemb * size);
	return p;
}

void *dd_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		dd_oom(n);
	return q;
}

char *dd_xstrdup(const char *s)
{
	return dd_xstrndup(s, strlen(s));
}

char *dd_xstrndup(const char *s, size_t n)
{
	char *p;
	size_t len = strnlen(s, n);

	p = dd_xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *dd_xasprintf(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		dd_oom(0);
	p = dd_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void dd_xgrow(void **p, size_t *cap, size_t need, size_t elem)
{
	size_t n;

	if (need <= *cap)
		return;
	n = *cap ? *cap : 8;
	while (n < need) {
		if (n > SIZE_MAX / 2 / elem)
			dd_oom(SIZE_MAX);
		n *= 2;
	}
	*p = dd_xrealloc(*p, n * elem);
	*cap = n;
}
