/*
 * src/util/parse.h: bounded tokenizers over dd_slice that advance their
 * input. They replace atoi/strtol/sscanf (banned in drydock). Each returns 0
 * on success or -DDE_FORMAT, and on failure leaves the input where it was.
 */
#ifndef DD_UTIL_PARSE_H
#define DD_UTIL_PARSE_H

#include <stdbool.h>
#include <stdint.h>

#include "util/slice.h"

/* Reads decimal digits (at least one) into *out; -DDE_LIMIT on overflow of max. */
int dd_parse_u64(struct dd_slice *in, uint64_t max, uint64_t *out);
/* Parses the whole slice as a decimal number <= max. */
int dd_parse_u64_all(struct dd_slice s, uint64_t max, uint64_t *out);
/* The value of a hexadecimal digit, or -1. */
static inline int dd_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
/*
 * A size given by a user: "123", "10K", "64M", "2G", "1T" (powers of 1024, an
 * optional B after the letter); 0 and overflow are errors. Returns 0 or -1.
 */
int dd_parse_size(const char *s, uint64_t *out);
/* Splits off the next line (without '\n' or "\r\n"); false at end of input. */
bool dd_parse_line(struct dd_slice *in, struct dd_slice *line);
/* Splits off the text up to delim (consumed); the rest if delim is absent. */
struct dd_slice dd_parse_until(struct dd_slice *in, char delim);
/* Strips ASCII whitespace from both ends. */
struct dd_slice dd_slice_trim(struct dd_slice s);
/* Consumes prefix if present. */
bool dd_parse_skip(struct dd_slice *in, const char *prefix);
/* Heap copy of the slice as a C string (caller frees). */
char *dd_slice_dup(struct dd_slice s);

#endif
