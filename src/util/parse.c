/*
 * src/util/parse.c: bounded, advancing tokenizers over dd_slice.
 */
#include "util/parse.h"

#include "util/err.h"
#include "util/xalloc.h"

int dd_parse_u64(struct dd_slice *in, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;

	while (i < in->len && in->ptr[i] >= '0' && in->ptr[i] <= '9') {
		unsigned d = (unsigned)(in->ptr[i] - '0');

		if (v > (max - d) / 10)
			return -DDE_LIMIT;
		v = v * 10 + d;
		i++;
	}
	if (i == 0)
		return -DDE_FORMAT;
	in->ptr += i;
	in->len -= i;
	*out = v;
	return 0;
}

int dd_parse_u64_all(struct dd_slice s, uint64_t max, uint64_t *out)
{
	int r = dd_parse_u64(&s, max, out);

	if (r < 0)
		return r;
	return s.len ? -DDE_FORMAT : 0;
}

bool dd_parse_line(struct dd_slice *in, struct dd_slice *line)
{
	const char *nl;
	size_t n;

	if (!in->len)
		return false;
	nl = memchr(in->ptr, '\n', in->len);
	n = nl ? (size_t)(nl - in->ptr) : in->len;
	*line = dd_slice_of(in->ptr, n);
	if (n && line->ptr[n - 1] == '\r')
		line->len--;
	in->ptr += nl ? n + 1 : n;
	in->len -= nl ? n + 1 : n;
	return true;
}

struct dd_slice dd_parse_until(struct dd_slice *in, char delim)
{
	const char *p = in->len ? memchr(in->ptr, delim, in->len) : NULL;
	struct dd_slice tok;

	if (!p) {
		tok = *in;
		in->ptr += in->len;
		in->len = 0;
		return tok;
	}
	tok = dd_slice_of(in->ptr, (size_t)(p - in->ptr));
	in->len -= tok.len + 1;
	in->ptr = p + 1;
	return tok;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

struct dd_slice dd_slice_trim(struct dd_slice s)
{
	while (s.len && is_space(s.ptr[0])) {
		s.ptr++;
		s.len--;
	}
	while (s.len && is_space(s.ptr[s.len - 1]))
		s.len--;
	return s;
}

bool dd_parse_skip(struct dd_slice *in, const char *prefix)
{
	size_t n = strlen(prefix);

	if (in->len < n || memcmp(in->ptr, prefix, n) != 0)
		return false;
	in->ptr += n;
	in->len -= n;
	return true;
}

char *dd_slice_dup(struct dd_slice s)
{
	return dd_xstrndup(s.len ? s.ptr : "", s.len);
}

/* Sizes given by users (see parse.h). */
int dd_parse_size(const char *s, uint64_t *out)
{
	struct dd_slice in = dd_slice_str(s);
	uint64_t v, mul = 1;

	if (dd_parse_u64(&in, UINT64_MAX >> 10, &v) < 0)
		return -1;
	if (in.len == 1 || (in.len == 2 && (in.ptr[1] == 'B' || in.ptr[1] == 'b'))) {
		switch (in.ptr[0]) {
		case 'k': case 'K': mul = 1ULL << 10; break;
		case 'm': case 'M': mul = 1ULL << 20; break;
		case 'g': case 'G': mul = 1ULL << 30; break;
		case 't': case 'T': mul = 1ULL << 40; break;
		default: return -1;
		}
	} else if (in.len != 0) {
		return -1;
	}
	if (v > UINT64_MAX / mul || v == 0)
		return -1;
	*out = v * mul;
	return 0;
}
