/*
 * src/util/buf.h: dd_buf, a growable byte buffer that is always
 * NUL-terminated and carries an optional size cap. Appending past the cap
 * fails with -DDE_LIMIT and leaves the contents as they were, so parsers of
 * hostile input can bound memory with one number.
 *
 * Rules: buf is never NULL (DD_BUF_INIT points at a shared ""), only
 * dd_buf_detach() hands out the memory, dd_buf_release() frees it.
 */
#ifndef DD_UTIL_BUF_H
#define DD_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "util/slice.h"

extern char dd_buf_empty[];

struct dd_buf {
	char *buf;
	size_t len;
	size_t alloc;
	size_t cap;		/* 0: no cap */
};

#define DD_BUF_INIT { dd_buf_empty, 0, 0, 0 }

/* Initialises b with a cap (0 for none). */
void dd_buf_init(struct dd_buf *b, size_t cap);
/* Frees the memory and returns b to DD_BUF_INIT (keeping the cap). */
void dd_buf_release(struct dd_buf *b);
/* Empties b without freeing. */
void dd_buf_reset(struct dd_buf *b);
/* Returns the heap string (caller frees) and resets b; never NULL. */
char *dd_buf_detach(struct dd_buf *b, size_t *len_out);

/*
 * Makes b a fixed buffer over caller memory mem of size bytes (size >= 1):
 * empty, capped at size - 1 bytes, never reallocated. The caller owns mem:
 * such a buffer is reset, never released or detached.
 */
void dd_buf_wrap(struct dd_buf *b, char *mem, size_t size);

/* Appends; return 0, or -DDE_LIMIT when the cap would be crossed (b unchanged). */
int dd_buf_add(struct dd_buf *b, const void *p, size_t n);
int dd_buf_adds(struct dd_buf *b, const char *s);
int dd_buf_addch(struct dd_buf *b, char c);
int dd_buf_addf(struct dd_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int dd_buf_vaddf(struct dd_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Inserts at the front (used to prepend error context). */
int dd_buf_prepend(struct dd_buf *b, const char *p, size_t n);
/*
 * Makes room for n more bytes so that the next appends up to len + n do not
 * reallocate (grows to exactly len + n + 1 when short). Returns 0, or
 * -DDE_LIMIT when the cap would be crossed (b unchanged).
 */
int dd_buf_reserve(struct dd_buf *b, size_t n);
/* Shrinks len to n (n <= len). */
void dd_buf_truncate(struct dd_buf *b, size_t n);

struct dd_err;
/*
 * Initialises b with cap and reads the whole file at path into it. Returns
 * 0, or -errno / -DDE_LIMIT ("PATH: larger than CAP bytes") with the
 * message in e and b released.
 */
int dd_buf_read_file(struct dd_buf *b, const char *path, size_t cap, struct dd_err *e);

static inline struct dd_slice dd_buf_slice(const struct dd_buf *b)
{
	return dd_slice_of(b->buf, b->len);
}

#endif
