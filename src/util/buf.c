/*
 * src/util/buf.c: dd_buf, the capped growable string buffer, and reading
 * a whole file into one.
 */
#include "util/buf.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/err.h"
#include "util/xalloc.h"

char dd_buf_empty[1];

void dd_buf_init(struct dd_buf *b, size_t cap)
{
	b->buf = dd_buf_empty;
	b->len = 0;
	b->alloc = 0;
	b->cap = cap;
}

void dd_buf_release(struct dd_buf *b)
{
	if (b->alloc)
		free(b->buf);
	dd_buf_init(b, b->cap);
}

void dd_buf_reset(struct dd_buf *b)
{
	b->len = 0;
	if (b->alloc)
		b->buf[0] = '\0';
}

char *dd_buf_detach(struct dd_buf *b, size_t *len_out)
{
	char *p;

	if (len_out)
		*len_out = b->len;
	if (!b->alloc)
		p = dd_xstrdup("");
	else
		p = b->buf;
	dd_buf_init(b, b->cap);
	return p;
}

/*
 * Makes room for extra more bytes (and the NUL): exact allocates just that
 * (dd_buf_reserve, a known final size), otherwise the allocation doubles.
 */
static int grow(struct dd_buf *b, size_t extra, bool exact)
{
	size_t need, n;

	if (extra > (size_t)-1 / 2 - b->len)
		return -DDE_LIMIT;
	need = b->len + extra + 1;
	if (b->cap && need - 1 > b->cap)
		return -DDE_LIMIT;
	if (need <= b->alloc)
		return 0;
	n = exact ? need : b->alloc ? b->alloc : 64;
	while (n < need)
		n *= 2;
	if (!b->alloc) {
		b->buf = dd_xmalloc(n);
		b->buf[0] = '\0';
	} else {
		b->buf = dd_xrealloc(b->buf, n);
	}
	b->alloc = n;
	return 0;
}

void dd_buf_wrap(struct dd_buf *b, char *mem, size_t size)
{
	assert(mem && size >= 1);
	b->buf = mem;
	b->buf[0] = '\0';
	b->len = 0;
	b->alloc = size;
	b->cap = size - 1;
}

int dd_buf_reserve(struct dd_buf *b, size_t n)
{
	return grow(b, n, true);
}

int dd_buf_add(struct dd_buf *b, const void *p, size_t n)
{
	int r = grow(b, n, false);

	if (r < 0)
		return r;
	if (n)
		memcpy(b->buf + b->len, p, n);
	b->len += n;
	b->buf[b->len] = '\0';
	return 0;
}

int dd_buf_adds(struct dd_buf *b, const char *s)
{
	return dd_buf_add(b, s, strlen(s));
}

int dd_buf_addch(struct dd_buf *b, char c)
{
	return dd_buf_add(b, &c, 1);
}

int dd_buf_vaddf(struct dd_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n, r;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return -DDE_FORMAT;
	r = grow(b, (size_t)n, false);
	if (r < 0)
		return r;
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int dd_buf_addf(struct dd_buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = dd_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return r;
}

int dd_buf_prepend(struct dd_buf *b, const char *p, size_t n)
{
	int r = grow(b, n, false);

	if (r < 0)
		return r;
	memmove(b->buf + n, b->buf, b->len + 1);
	memcpy(b->buf, p, n);
	b->len += n;
	return 0;
}

void dd_buf_truncate(struct dd_buf *b, size_t n)
{
	if (n >= b->len)
		return;
	b->len = n;
	b->buf[n] = '\0';
}

int dd_buf_read_file(struct dd_buf *b, const char *path, size_t cap, struct dd_err *e)
{
	char chunk[65536];
	ssize_t n;
	int fd, r = 0;

	dd_buf_init(b, cap);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return dd_err_sys(e, -errno, path);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = dd_err_sys(e, -errno, path);
			break;
		}
		if (dd_buf_add(b, chunk, (size_t)n) < 0) {
			r = dd_err_set(e, -DDE_LIMIT, "%s: larger than %zu bytes", path, cap);
			break;
		}
	}
	close(fd);
	if (r < 0)
		dd_buf_release(b);
	return r;
}
