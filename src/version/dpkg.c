/*
 * src/version/dpkg.c: Debian version ordering (deb-version(7)):
 * [epoch:]upstream[-revision], compared part by part with dpkg's verrevcmp
 * ('~' before everything, even the end; letters before other symbols;
 * digit runs by numeric value). Validity follows dpkg's parser: what it
 * rejects or warns about is invalid here.
 */
#include "version/vint.h"

struct dver {
	struct dd_slice epoch;	/* digits, possibly empty (= 0) */
	struct dd_slice upstream;
	struct dd_slice revision;	/* empty when absent */
};

static void split(struct dd_slice s, struct dver *v)
{
	const char *p = s.ptr, *end = s.ptr + s.len, *colon, *hyphen = NULL, *q;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	v->epoch = dd_slice_of(p, 0);
	colon = memchr(p, ':', (size_t)(end - p));
	if (colon) {
		v->epoch = dd_slice_of(p, (size_t)(colon - p));
		p = colon + 1;
	}
	for (q = end; q > p; q--) {
		if (q[-1] == '-') {
			hyphen = q - 1;
			break;
		}
	}
	if (hyphen) {
		v->upstream = dd_slice_of(p, (size_t)(hyphen - p));
		v->revision = dd_slice_of(hyphen + 1, (size_t)(end - hyphen - 1));
	} else {
		v->upstream = dd_slice_of(p, (size_t)(end - p));
		v->revision = dd_slice_of(end, 0);
	}
}

static inline int weight(int c)
{
	if (v_isdigit(c))
		return 0;
	if (v_isalpha(c))
		return c;
	if (c == '~')
		return -1;
	if (c)
		return c + 256;
	return 0;
}

/* dpkg's verrevcmp over two slices. */
static int verrevcmp(struct dd_slice a, struct dd_slice b)
{
	const unsigned char *p = (const unsigned char *)a.ptr, *pe = p + a.len;
	const unsigned char *q = (const unsigned char *)b.ptr, *qe = q + b.len;

	while (p < pe || q < qe) {
		int first_diff = 0;

		while ((p < pe && !v_isdigit(*p)) || (q < qe && !v_isdigit(*q))) {
			int ac = p < pe ? weight(*p) : 0;
			int bc = q < qe ? weight(*q) : 0;

			if (ac != bc)
				return ac < bc ? -1 : 1;
			p++;
			q++;
		}
		while (p < pe && *p == '0')
			p++;
		while (q < qe && *q == '0')
			q++;
		while (p < pe && q < qe && v_isdigit(*p) && v_isdigit(*q)) {
			if (!first_diff)
				first_diff = *p - *q;
			p++;
			q++;
		}
		if (p < pe && v_isdigit(*p))
			return 1;
		if (q < qe && v_isdigit(*q))
			return -1;
		if (first_diff)
			return first_diff < 0 ? -1 : 1;
	}
	return 0;
}

static bool epoch_ok(struct dd_slice e)
{
	size_t i;

	if (e.len == 0)
		return true;
	for (i = 0; i < e.len; i++)
		if (!v_isdigit((unsigned char)e.ptr[i]))
			return false;
	/* dpkg caps the epoch at INT_MAX */
	return v_numcmp(e.ptr, e.len, "2147483647", 10) <= 0;
}

static int cmp_parts(const struct dver *a, const struct dver *b)
{
	int r = v_numcmp(a->epoch.ptr, a->epoch.len, b->epoch.ptr, b->epoch.len);

	if (r)
		return r;
	r = verrevcmp(a->upstream, b->upstream);
	if (r)
		return r;
	return verrevcmp(a->revision, b->revision);
}

/* Character classes for the one-pass validity check. */
enum { C_UP = 1, C_REV = 2, C_DIGIT = 4 };

static const unsigned char cls[256] = {
	['0' ... '9'] = C_UP | C_REV | C_DIGIT,
	['a' ... 'z'] = C_UP | C_REV,
	['A' ... 'Z'] = C_UP | C_REV,
	['.'] = C_UP | C_REV, ['+'] = C_UP | C_REV, ['~'] = C_UP | C_REV,
	['-'] = C_UP, [':'] = C_UP,
};

/*
 * Splits and validates in one pass over the trimmed string: the epoch is
 * digits (at most INT_MAX), upstream starts with a digit and holds
 * [A-Za-z0-9.+~:-], the revision [A-Za-z0-9.+~] and is not empty after '-'.
 */
static bool parse_valid(struct dd_slice s, struct dver *v)
{
	const unsigned char *p = (const unsigned char *)s.ptr, *end = p + s.len, *q;
	const unsigned char *colon = NULL, *hyphen = NULL;
	unsigned bad_up = 0, bad_rev = 0;

	if (s.len == 0 || s.len > DD_VERSION_MAX)
		return false;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	for (q = p; q < end; q++) {
		unsigned c = cls[*q];

		if (*q == ':' && !colon) {
			colon = q;
			bad_up = 0;	/* what came before was the epoch */
			continue;
		}
		bad_up |= !(c & C_UP);
		if (*q == '-') {
			hyphen = q;
			bad_rev = 0;
			continue;
		}
		bad_rev |= !(c & C_REV);
	}
	if (colon) {
		if (colon == p)
			return false;	/* empty epoch */
		for (q = p; q < colon; q++)
			if (!(cls[*q] & C_DIGIT))
				return false;
		v->epoch = dd_slice_of(p, (size_t)(colon - p));
		if (v->epoch.len >= 10 && !epoch_ok(v->epoch))
			return false;
		p = colon + 1;
	} else {
		v->epoch = dd_slice_of(p, 0);
	}
	if (hyphen && hyphen > p) {
		/* the revision is after the last '-': it must be non-empty and clean */
		if (hyphen + 1 == end || bad_rev)
			return false;
		v->upstream = dd_slice_of(p, (size_t)(hyphen - p));
		v->revision = dd_slice_of(hyphen + 1, (size_t)(end - hyphen - 1));
	} else {
		if (hyphen)
			return false;	/* "-1": empty upstream */
		v->upstream = dd_slice_of(p, (size_t)(end - p));
		v->revision = dd_slice_of(end, 0);
	}
	if (v->upstream.len == 0 || bad_up || !(cls[(unsigned char)v->upstream.ptr[0]] & C_DIGIT))
		return false;
	return true;
}

static int dpkg_compare(struct dd_slice a, struct dd_slice b, int *out)
{
	struct dver va, vb;

	if (!parse_valid(a, &va) || !parse_valid(b, &vb))
		return -DDE_FORMAT;
	*out = cmp_parts(&va, &vb);
	return 0;
}

/* Invalid strings: split the same way; a non-numeric epoch counts as text before 0. */
static int dpkg_order(struct dd_slice a, struct dd_slice b)
{
	struct dver va, vb;
	bool ea, eb;

	split(a, &va);
	split(b, &vb);
	ea = epoch_ok(va.epoch);
	eb = epoch_ok(vb.epoch);
	if (ea != eb)
		return ea ? 1 : -1;
	if (!ea) {
		int r = v_bytecmp(va.epoch, vb.epoch);

		if (r)
			return r;
		va.epoch = vb.epoch = dd_slice_of("", 0);
	}
	return cmp_parts(&va, &vb);
}

static bool dpkg_valid(struct dd_slice v)
{
	struct dver d;

	return parse_valid(v, &d);
}

const struct vops dd_vops_dpkg = { dpkg_compare, dpkg_order, dpkg_valid, NULL };
