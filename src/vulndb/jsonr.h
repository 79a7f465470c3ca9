/*
 * src/vulndb/jsonr.h: a pull reader for JSON held in memory, for importers
 * that fill their own record structures instead of building a jansson tree
 * (osv.c). The caller walks the document with peek/obj/arr/str/skip calls;
 * every value is validated as it is read (RFC 8259 grammar, UTF-8, escapes
 * and surrogate pairs, no NUL in strings, no duplicate keys in an object),
 * and every size and depth is capped. The first error is kept with the byte
 * offset where it was found ("byte 1234: invalid escape '\q'"), and every
 * later call returns it, so callers may check only at the end.
 *
 * Decoded strings and dd_jsonr_alloc() memory live in the reader's arena
 * until dd_jsonr_reset() or dd_jsonr_release(); the arena's chunks are kept
 * for the next document, so a bulk import allocates almost nothing per file.
 */
#ifndef DD_VULNDB_JSONR_H
#define DD_VULNDB_JSONR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/slice.h"

#define DD_JSONR_MAX_DEPTH 64			/* nested objects and arrays */
#define DD_JSONR_MAX_STRING (16u * 1024 * 1024)	/* bytes of one decoded string */
#define DD_JSONR_MAX_NUMBER 256			/* characters of one number */
#define DD_JSONR_MAX_KEYS 100000		/* keys of one object */

enum dd_jsonr_type {
	DD_JSONR_OBJECT = 1, DD_JSONR_ARRAY, DD_JSONR_STRING, DD_JSONR_NUMBER, DD_JSONR_TRUE,
	DD_JSONR_FALSE, DD_JSONR_NULL,
};

struct dd_jsonr_chunk;
struct dd_jsonr_key;
struct dd_jsonr_keyset;

struct dd_jsonr {
	const unsigned char *start, *p, *end;
	int depth;
	bool first[DD_JSONR_MAX_DEPTH + 1];	/* no member read yet at this depth */
	bool is_obj[DD_JSONR_MAX_DEPTH + 1];
	int err;				/* 0 or the first -DDE_FORMAT / -DDE_LIMIT */
	size_t err_off;
	char msg[128];
	/* arena */
	struct dd_jsonr_chunk *chunks, *cur;
	/* duplicate-key detection: keys of the open objects, one hash set per depth */
	struct dd_jsonr_key *keys;	size_t n_keys, cap_keys;
	size_t key_base[DD_JSONR_MAX_DEPTH + 1];
	struct dd_jsonr_keyset *sets;
};

#define DD_JSONR_INIT { 0 }

/* Starts reading data (borrowed until the next reset); the arena is emptied. */
void dd_jsonr_reset(struct dd_jsonr *r, struct dd_slice data);
/* Frees everything. */
void dd_jsonr_release(struct dd_jsonr *r);

/* Type of the next value (whitespace skipped, nothing consumed), or the error (< 0). */
int dd_jsonr_peek(struct dd_jsonr *r);
/* Consumes '{' / '['. 0 or the error (wrong type, depth cap). */
int dd_jsonr_obj_begin(struct dd_jsonr *r);
int dd_jsonr_arr_begin(struct dd_jsonr *r);
/*
 * Next member of the current object: 1 with its decoded key in *key (arena
 * memory, NUL-terminated) and the ':' consumed, so the value comes next; 0
 * after consuming the closing '}'; or the error. A key seen before in the
 * same object is an error.
 */
int dd_jsonr_obj_key(struct dd_jsonr *r, struct dd_slice *key);
/* Next element of the current array: 1 (a value comes next), 0 after ']', or the error. */
int dd_jsonr_arr_next(struct dd_jsonr *r);
/*
 * Reads a string value: *out is the decoded, NUL-terminated text in the
 * arena (no NUL inside: "\u0000" is an error), *len its length (len may be
 * NULL). 0 or the error (also when the next value is not a string).
 */
int dd_jsonr_str(struct dd_jsonr *r, const char **out, size_t *len);
/* Reads a number value: *text is its JSON text (borrowed from the input). 0 or the error. */
int dd_jsonr_num(struct dd_jsonr *r, struct dd_slice *text);
/* Reads and validates any value, discarding it. 0 or the error. */
int dd_jsonr_skip(struct dd_jsonr *r);
/* Checks that only whitespace is left. 0 or the error. */
int dd_jsonr_finish(struct dd_jsonr *r);

/* The first error: code (0 when none), and "byte N: what" (static until reset). */
int dd_jsonr_error(const struct dd_jsonr *r);
const char *dd_jsonr_msg(const struct dd_jsonr *r);
/* Byte offset of the first error. */
size_t dd_jsonr_offset(const struct dd_jsonr *r);

/* Arena memory (aligned for any type, zeroed), freed by the next reset; never NULL. */
void *dd_jsonr_alloc(struct dd_jsonr *r, size_t n);

#endif
