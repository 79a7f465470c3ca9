/*
 * src/vulndb/jsonr.c: the pull JSON reader of jsonr.h: tokenizing,
 * validation (grammar, UTF-8, escapes, surrogates, numbers), the caps, the
 * duplicate-key sets and the per-document arena.
 */
#include "vulndb/jsonr.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/parse.h"
#include "util/xalloc.h"

#define CHUNK_SIZE (64u * 1024)

struct dd_jsonr_chunk {
	struct dd_jsonr_chunk *next;
	size_t size, used;
	max_align_t data[];
};

struct dd_jsonr_key {
	const char *s;
	size_t len;
	uint32_t hash;
};

/* Open-addressing set of key indexes; a slot is live when its gen is the set's. */
struct dd_jsonr_slot {
	uint32_t gen, idx;
};

struct dd_jsonr_keyset {
	struct dd_jsonr_slot *slot;
	size_t cap, n;
	uint32_t gen;
};

static int fail(struct dd_jsonr *r, int code, const unsigned char *at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(struct dd_jsonr *r, int code, const unsigned char *at, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (r->err)
		return r->err;
	r->err = code;
	r->err_off = (size_t)(at - r->start);
	n = snprintf(r->msg, sizeof(r->msg), "byte %zu: ", r->err_off);
	if (n < 0 || (size_t)n >= sizeof(r->msg))
		return code;
	va_start(ap, fmt);
	vsnprintf(r->msg + n, sizeof(r->msg) - (size_t)n, fmt, ap);
	va_end(ap);
	return code;
}

void dd_jsonr_reset(struct dd_jsonr *r, struct dd_slice data)
{
	struct dd_jsonr_chunk *c;

	r->start = r->p = (const unsigned char *)(data.ptr ? data.ptr : "");
	r->end = r->start + data.len;
	r->depth = 0;
	r->first[0] = true;
	r->is_obj[0] = false;
	r->err = 0;
	r->err_off = 0;
	r->msg[0] = '\0';
	for (c = r->chunks; c; c = c->next)
		c->used = 0;
	r->cur = r->chunks;
	r->n_keys = 0;
	if (!r->sets)
		r->sets = dd_xcalloc(DD_JSONR_MAX_DEPTH + 1, sizeof(*r->sets));
}

void dd_jsonr_release(struct dd_jsonr *r)
{
	struct dd_jsonr_chunk *c, *n;
	int i;

	for (c = r->chunks; c; c = n) {
		n = c->next;
		free(c);
	}
	if (r->sets)
		for (i = 0; i <= DD_JSONR_MAX_DEPTH; i++)
			free(r->sets[i].slot);
	free(r->sets);
	free(r->keys);
	memset(r, 0, sizeof(*r));
}

/* Arena memory, not zeroed. */
static void *alloc_raw(struct dd_jsonr *r, size_t n)
{
	struct dd_jsonr_chunk *c = r->cur, *nc;
	size_t a = sizeof(max_align_t);
	void *p;

	n = (n + a - 1) / a * a;
	if (n == 0)
		n = a;
	while (c && c->size - c->used < n)
		c = c->next == NULL || c->next->used == 0 ? c->next : NULL;
	if (!c) {
		size_t sz = n > CHUNK_SIZE ? n : CHUNK_SIZE;

		nc = dd_xmalloc(sizeof(*nc) + sz);
		nc->size = sz;
		nc->used = 0;
		if (r->cur) {
			nc->next = r->cur->next;
			r->cur->next = nc;
		} else {
			nc->next = r->chunks;
			r->chunks = nc;
		}
		c = nc;
	}
	r->cur = c;
	p = (char *)c->data + c->used;
	c->used += n;
	return p;
}

void *dd_jsonr_alloc(struct dd_jsonr *r, size_t n)
{
	void *p = alloc_raw(r, n);

	memset(p, 0, n);
	return p;
}

static inline void skip_ws(struct dd_jsonr *r)
{
	const unsigned char *p = r->p, *end = r->end;

	while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++;
	r->p = p;
}

static int unexpected(struct dd_jsonr *r, const char *what)
{
	if (r->p >= r->end)
		return fail(r, -DDE_FORMAT, r->p, "unexpected end of input (expected %s)", what);
	if (*r->p >= 0x20 && *r->p < 0x7f)
		return fail(r, -DDE_FORMAT, r->p, "unexpected '%c' (expected %s)", *r->p, what);
	return fail(r, -DDE_FORMAT, r->p, "unexpected byte 0x%02x (expected %s)", *r->p, what);
}

int dd_jsonr_peek(struct dd_jsonr *r)
{
	if (r->err)
		return r->err;
	skip_ws(r);
	if (r->p >= r->end)
		return unexpected(r, "a value");
	switch (*r->p) {
	case '{': return DD_JSONR_OBJECT;
	case '[': return DD_JSONR_ARRAY;
	case '"': return DD_JSONR_STRING;
	case 't': return DD_JSONR_TRUE;
	case 'f': return DD_JSONR_FALSE;
	case 'n': return DD_JSONR_NULL;
	case '-': case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		return DD_JSONR_NUMBER;
	default:
		return unexpected(r, "a value");
	}
}

static int open_container(struct dd_jsonr *r, char c, bool obj)
{
	struct dd_jsonr_keyset *ks;

	if (r->err)
		return r->err;
	skip_ws(r);
	if (r->p >= r->end || *r->p != c)
		return unexpected(r, obj ? "'{'" : "'['");
	if (r->depth >= DD_JSONR_MAX_DEPTH)
		return fail(r, -DDE_LIMIT, r->p, "nested deeper than %d", DD_JSONR_MAX_DEPTH);
	r->p++;
	r->depth++;
	r->first[r->depth] = true;
	r->is_obj[r->depth] = obj;
	if (obj) {
		r->key_base[r->depth] = r->n_keys;
		ks = &r->sets[r->depth];
		ks->n = 0;
		if (++ks->gen == 0) {
			if (ks->slot)
				memset(ks->slot, 0, ks->cap * sizeof(*ks->slot));
			ks->gen = 1;
		}
	}
	return 0;
}

int dd_jsonr_obj_begin(struct dd_jsonr *r)
{
	return open_container(r, '{', true);
}

int dd_jsonr_arr_begin(struct dd_jsonr *r)
{
	return open_container(r, '[', false);
}

static int read_u4(struct dd_jsonr *r, const unsigned char *p, unsigned *out)
{
	unsigned v = 0;
	int i, h;

	if (r->end - p < 4)
		return fail(r, -DDE_FORMAT, p - 2, "truncated \\u escape");
	for (i = 0; i < 4; i++) {
		if ((h = dd_hexval(p[i])) < 0)
			return fail(r, -DDE_FORMAT, p - 2, "invalid \\u escape");
		v = v << 4 | (unsigned)h;
	}
	*out = v;
	return 0;
}

/* Length of the valid UTF-8 sequence at p (lead byte >= 0x80), or 0. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
	unsigned char c = p[0];
	size_t n, i;
	unsigned char lo = 0x80, hi = 0xbf;

	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;	/* no UTF-16 surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if ((size_t)(end - p) < n)
		return 0;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return n;
}

static size_t put_utf8(unsigned char *d, unsigned cp)
{
	if (cp < 0x80) {
		d[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = (unsigned char)(0xc0 | cp >> 6);
		d[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		d[0] = (unsigned char)(0xe0 | cp >> 12);
		d[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		d[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	d[0] = (unsigned char)(0xf0 | cp >> 18);
	d[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	d[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	d[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * Reads the string at r->p (a '"'): finds its end, then decodes and
 * validates it into the arena (or only validates, with out NULL).
 */
static int read_string(struct dd_jsonr *r, const char **out, size_t *len_out)
{
	const unsigned char *s = r->p + 1, *q = s, *p, *end = r->end;
	unsigned char *d = NULL, *d0 = NULL;
	size_t raw;

	/* the closing quote: the first '"' preceded by an even run of backslashes */
	for (;;) {
		const unsigned char *b;

		q = memchr(q, '"', (size_t)(end - q));
		if (!q)
			return fail(r, -DDE_FORMAT, r->p, "unterminated string");
		for (b = q; b > s && b[-1] == '\\'; b--)
			;
		if ((q - b) % 2 == 0)
			break;
		q++;
	}
	raw = (size_t)(q - s);
	if (raw > DD_JSONR_MAX_STRING)
		return fail(r, -DDE_LIMIT, r->p, "string longer than %u bytes", DD_JSONR_MAX_STRING);
	if (out)
		d = d0 = alloc_raw(r, raw + 1);
	for (p = s; p < q;) {
		const unsigned char *run = p;
		unsigned cp, lo;
		size_t n;

		while (p < q && *p >= 0x20 && *p < 0x80 && *p != '\\')
			p++;
		if (d && p > run) {
			memcpy(d, run, (size_t)(p - run));
			d += p - run;
		}
		if (p >= q)
			break;
		if (*p < 0x20)
			return fail(r, -DDE_FORMAT, p, "control character 0x%02x in string", *p);
		if (*p >= 0x80) {
			if ((n = utf8_len(p, q)) == 0)
				return fail(r, -DDE_FORMAT, p, "invalid UTF-8 in string");
			if (d) {
				memcpy(d, p, n);
				d += n;
			}
			p += n;
			continue;
		}
		/* an escape */
		if (p + 1 >= q)
			return fail(r, -DDE_FORMAT, p, "truncated escape");
		switch (p[1]) {
		case '"': cp = '"'; break;
		case '\\': cp = '\\'; break;
		case '/': cp = '/'; break;
		case 'b': cp = '\b'; break;
		case 'f': cp = '\f'; break;
		case 'n': cp = '\n'; break;
		case 'r': cp = '\r'; break;
		case 't': cp = '\t'; break;
		case 'u':
			if (read_u4(r, p + 2, &cp) < 0)
				return r->err;
			if (cp == 0)
				return fail(r, -DDE_FORMAT, p, "NUL (\\u0000) in string");
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return fail(r, -DDE_FORMAT, p, "lone low surrogate \\u%04x", cp);
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (q - (p + 6) < 6 || p[6] != '\\' || p[7] != 'u')
					return fail(r, -DDE_FORMAT, p, "high surrogate \\u%04x without a low one",
						    cp);
				if (read_u4(r, p + 8, &lo) < 0)
					return r->err;
				if (lo < 0xdc00 || lo > 0xdfff)
					return fail(r, -DDE_FORMAT, p,
						    "high surrogate \\u%04x followed by \\u%04x", cp, lo);
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				p += 6;
			}
			if (d)
				d += put_utf8(d, cp);
			p += 6;
			continue;
		default:
			if (p[1] >= 0x20 && p[1] < 0x7f)
				return fail(r, -DDE_FORMAT, p, "invalid escape '\\%c'", p[1]);
			return fail(r, -DDE_FORMAT, p, "invalid escape (byte 0x%02x)", p[1]);
		}
		if (d)
			*d++ = (unsigned char)cp;
		p += 2;
	}
	r->p = q + 1;
	if (d) {
		*d = '\0';
		*out = (const char *)d0;
		if (len_out)
			*len_out = (size_t)(d - d0);
	}
	return 0;
}

int dd_jsonr_str(struct dd_jsonr *r, const char **out, size_t *len)
{
	if (r->err)
		return r->err;
	skip_ws(r);
	if (r->p >= r->end || *r->p != '"')
		return unexpected(r, "a string");
	return read_string(r, out, len);
}

static uint32_t hash_key(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void set_insert(struct dd_jsonr_keyset *ks, uint32_t hash, uint32_t idx)
{
	size_t m = ks->cap - 1, i = hash & m;

	while (ks->slot[i].gen == ks->gen)
		i = (i + 1) & m;
	ks->slot[i].gen = ks->gen;
	ks->slot[i].idx = idx;
	ks->n++;
}

/* Adds key k (already on the key stack at index idx) to the set of depth d; false if present. */
static bool add_key(struct dd_jsonr *r, size_t idx)
{
	struct dd_jsonr_keyset *ks = &r->sets[r->depth];
	const struct dd_jsonr_key *k = &r->keys[idx];
	size_t m, i, j;

	if ((ks->n + 1) * 2 > ks->cap) {
		size_t ncap = ks->cap ? ks->cap * 2 : 16;

		free(ks->slot);
		ks->slot = dd_xcalloc(ncap, sizeof(*ks->slot));
		ks->cap = ncap;
		ks->gen = 1;
		ks->n = 0;
		for (j = r->key_base[r->depth]; j < idx; j++)
			set_insert(ks, r->keys[j].hash, (uint32_t)j);
	}
	m = ks->cap - 1;
	for (i = k->hash & m; ks->slot[i].gen == ks->gen; i = (i + 1) & m) {
		const struct dd_jsonr_key *o = &r->keys[ks->slot[i].idx];

		if (o->hash == k->hash && o->len == k->len && memcmp(o->s, k->s, k->len) == 0)
			return false;
	}
	set_insert(ks, k->hash, (uint32_t)idx);
	return true;
}

static int close_container(struct dd_jsonr *r)
{
	if (r->is_obj[r->depth])
		r->n_keys = r->key_base[r->depth];
	r->p++;
	r->depth--;
	return 0;
}

int dd_jsonr_obj_key(struct dd_jsonr *r, struct dd_slice *key)
{
	const unsigned char *at;
	struct dd_jsonr_key *k;
	const char *s = NULL;
	size_t len = 0;

	if (r->err)
		return r->err;
	if (r->depth == 0 || !r->is_obj[r->depth])
		return fail(r, -DDE_INTERNAL, r->p, "not in an object");
	skip_ws(r);
	if (r->p < r->end && *r->p == '}') {
		/* "{}" or after a member; never right after a ',' (checked below) */
		return close_container(r);
	}
	if (!r->first[r->depth]) {
		if (r->p >= r->end || *r->p != ',')
			return unexpected(r, "',' or '}'");
		r->p++;
		skip_ws(r);
	}
	if (r->p >= r->end || *r->p != '"')
		return unexpected(r, "a key string");
	at = r->p;
	if (read_string(r, &s, &len) < 0)
		return r->err;
	skip_ws(r);
	if (r->p >= r->end || *r->p != ':')
		return unexpected(r, "':'");
	r->p++;
	r->first[r->depth] = false;
	if (r->n_keys - r->key_base[r->depth] >= DD_JSONR_MAX_KEYS)
		return fail(r, -DDE_LIMIT, at, "object with more than %d keys", DD_JSONR_MAX_KEYS);
	DD_GROW(r->keys, r->cap_keys, r->n_keys + 1);
	k = &r->keys[r->n_keys];
	k->s = s;
	k->len = len;
	k->hash = hash_key(s, len);
	if (!add_key(r, r->n_keys))
		return fail(r, -DDE_FORMAT, at, "duplicate key \"%.40s\"", s);
	r->n_keys++;
	key->ptr = s;
	key->len = len;
	return 1;
}

int dd_jsonr_arr_next(struct dd_jsonr *r)
{
	if (r->err)
		return r->err;
	if (r->depth == 0 || r->is_obj[r->depth])
		return fail(r, -DDE_INTERNAL, r->p, "not in an array");
	skip_ws(r);
	if (r->first[r->depth]) {
		if (r->p < r->end && *r->p == ']')
			return close_container(r);
		r->first[r->depth] = false;
		return 1;
	}
	if (r->p < r->end && *r->p == ']')
		return close_container(r);
	if (r->p >= r->end || *r->p != ',')
		return unexpected(r, "',' or ']'");
	r->p++;
	return 1;
}

static int read_number(struct dd_jsonr *r)
{
	const unsigned char *s = r->p, *p = s, *end = r->end;
	bool real = false;
	char tmp[DD_JSONR_MAX_NUMBER + 1];
	size_t n;
	double v;

	if (p < end && *p == '-')
		p++;
	if (p >= end || *p < '0' || *p > '9')
		return fail(r, -DDE_FORMAT, s, "invalid number");
	if (*p == '0')
		p++;
	else
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	if (p < end && *p == '.') {
		real = true;
		p++;
		if (p >= end || *p < '0' || *p > '9')
			return fail(r, -DDE_FORMAT, s, "invalid number (digit expected after '.')");
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		real = true;
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || *p < '0' || *p > '9')
			return fail(r, -DDE_FORMAT, s, "invalid number (digit expected in exponent)");
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	n = (size_t)(p - s);
	if (n > DD_JSONR_MAX_NUMBER)
		return fail(r, -DDE_LIMIT, s, "number longer than %d characters", DD_JSONR_MAX_NUMBER);
	if (!real) {
		/* integers must fit in 64 bits (as jansson requires) */
		size_t digits = n - (*s == '-');
		const char *lim = *s == '-' ? "9223372036854775808" : "9223372036854775807";

		if (digits > 19 || (digits == 19 && memcmp(s + (*s == '-'), lim, 19) > 0))
			return fail(r, -DDE_LIMIT, s, "integer out of 64-bit range");
	} else {
		memcpy(tmp, s, n);
		tmp[n] = '\0';
		v = strtod(tmp, NULL);
		if (isinf(v))
			return fail(r, -DDE_LIMIT, s, "number out of range");
	}
	r->p = p;
	return 0;
}

int dd_jsonr_num(struct dd_jsonr *r, struct dd_slice *text)
{
	const unsigned char *s;

	if (dd_jsonr_peek(r) != DD_JSONR_NUMBER)
		return r->err ? r->err : unexpected(r, "a number");
	s = r->p;
	if (read_number(r) < 0)
		return r->err;
	*text = dd_slice_of(s, (size_t)(r->p - s));
	return 0;
}

static int read_lit(struct dd_jsonr *r, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(r->end - r->p) < n || memcmp(r->p, lit, n) != 0)
		return fail(r, -DDE_FORMAT, r->p, "invalid literal (expected %s)", lit);
	r->p += n;
	return 0;
}

int dd_jsonr_skip(struct dd_jsonr *r)
{
	struct dd_slice k;
	int t = dd_jsonr_peek(r), rc;

	switch (t) {
	case DD_JSONR_OBJECT:
		if (dd_jsonr_obj_begin(r) < 0)
			return r->err;
		while ((rc = dd_jsonr_obj_key(r, &k)) > 0)
			if (dd_jsonr_skip(r) < 0)
				return r->err;
		return rc;
	case DD_JSONR_ARRAY:
		if (dd_jsonr_arr_begin(r) < 0)
			return r->err;
		while ((rc = dd_jsonr_arr_next(r)) > 0)
			if (dd_jsonr_skip(r) < 0)
				return r->err;
		return rc;
	case DD_JSONR_STRING:
		return read_string(r, NULL, NULL);
	case DD_JSONR_NUMBER:
		return read_number(r);
	case DD_JSONR_TRUE:
		return read_lit(r, "true");
	case DD_JSONR_FALSE:
		return read_lit(r, "false");
	case DD_JSONR_NULL:
		return read_lit(r, "null");
	default:
		return t;
	}
}

int dd_jsonr_finish(struct dd_jsonr *r)
{
	if (r->err)
		return r->err;
	if (r->depth != 0)
		return fail(r, -DDE_INTERNAL, r->p, "document not read to its end");
	skip_ws(r);
	if (r->p < r->end)
		return unexpected(r, "end of input");
	return 0;
}

int dd_jsonr_error(const struct dd_jsonr *r)
{
	return r->err;
}

const char *dd_jsonr_msg(const struct dd_jsonr *r)
{
	return r->msg;
}

size_t dd_jsonr_offset(const struct dd_jsonr *r)
{
	return r->err_off;
}
