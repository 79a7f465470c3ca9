/*
 * src/version/rpm.c: RPM version ordering: labels [epoch:]version[-release]
 * split like rpm's parseEVR, the parts compared with rpmvercmp's rules
 * (alphanumeric segments, digits above letters, '~' before everything,
 * '^' after the base but before anything else that follows it). A missing
 * epoch is 0; a missing release sorts before any release.
 */
#include "version/vint.h"

struct evr {
	struct dd_slice e, v, r;
	bool has_r;
};

static void parse_evr(struct dd_slice s, struct evr *x)
{
	const char *p = s.ptr, *end = s.ptr + s.len, *q, *hy = NULL;

	while (p < end && v_isdigit((unsigned char)*p))
		p++;
	for (q = end; q > p; q--) {
		if (q[-1] == '-') {
			hy = q - 1;
			break;
		}
	}
	if (p < end && *p == ':') {
		x->e = dd_slice_of(s.ptr, (size_t)(p - s.ptr));
		p++;
	} else {
		x->e = dd_slice_of(s.ptr, 0);
		p = s.ptr;
	}
	if (hy) {
		x->v = dd_slice_of(p, (size_t)(hy - p));
		x->r = dd_slice_of(hy + 1, (size_t)(end - hy - 1));
		x->has_r = true;
	} else {
		x->v = dd_slice_of(p, (size_t)(end - p));
		x->r = dd_slice_of(end, 0);
		x->has_r = false;
	}
}

static inline bool seg_char(int c)
{
	return v_isalnum(c) || c == '~' || c == '^';
}

/* rpmvercmp over slices. */
static int vercmp(struct dd_slice a, struct dd_slice b)
{
	const char *p = a.ptr, *pe = a.ptr + a.len, *q = b.ptr, *qe = b.ptr + b.len;

	if (a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0))
		return 0;
	while (p < pe || q < qe) {
		const char *s1, *s2;
		bool num;
		int r;

		while (p < pe && !seg_char((unsigned char)*p))
			p++;
		while (q < qe && !seg_char((unsigned char)*q))
			q++;
		if ((p < pe && *p == '~') || (q < qe && *q == '~')) {
			if (p >= pe || *p != '~')
				return 1;
			if (q >= qe || *q != '~')
				return -1;
			p++, q++;
			continue;
		}
		if ((p < pe && *p == '^') || (q < qe && *q == '^')) {
			if (p >= pe)
				return -1;
			if (q >= qe)
				return 1;
			if (*p != '^')
				return 1;
			if (*q != '^')
				return -1;
			p++, q++;
			continue;
		}
		if (p >= pe || q >= qe)
			break;
		s1 = p;
		s2 = q;
		num = v_isdigit((unsigned char)*p);
		if (num) {
			while (p < pe && v_isdigit((unsigned char)*p))
				p++;
			while (q < qe && v_isdigit((unsigned char)*q))
				q++;
		} else {
			while (p < pe && v_isalpha((unsigned char)*p))
				p++;
			while (q < qe && v_isalpha((unsigned char)*q))
				q++;
		}
		if (q == s2)
			return num ? 1 : -1;	/* segment types differ: numeric is newer */
		if (num)
			r = v_numcmp(s1, (size_t)(p - s1), s2, (size_t)(q - s2));
		else
			r = v_bytecmp(dd_slice_of(s1, (size_t)(p - s1)), dd_slice_of(s2, (size_t)(q - s2)));
		if (r)
			return r;
	}
	if (p >= pe && q >= qe)
		return 0;
	return p < pe ? 1 : -1;
}

static int rpm_order(struct dd_slice a, struct dd_slice b)
{
	struct evr x, y;
	int r;

	parse_evr(a, &x);
	parse_evr(b, &y);
	r = vercmp(x.e.len ? x.e : dd_slice_of("0", 1), y.e.len ? y.e : dd_slice_of("0", 1));
	if (r)
		return r;
	r = vercmp(x.v, y.v);
	if (r)
		return r;
	if (x.has_r != y.has_r)
		return x.has_r ? 1 : -1;
	return vercmp(x.r, y.r);
}

/* rpm parses any label; only empty strings and blanks or control bytes are refused here. */
static bool rpm_valid(struct dd_slice v)
{
	size_t i;

	if (v.len == 0 || v.len > DD_VERSION_MAX)
		return false;
	for (i = 0; i < v.len; i++) {
		unsigned char c = (unsigned char)v.ptr[i];

		if (c <= ' ' || c == 0x7f)
			return false;
	}
	return true;
}

static int rpm_compare(struct dd_slice a, struct dd_slice b, int *out)
{
	if (!rpm_valid(a) || !rpm_valid(b))
		return -DDE_FORMAT;
	*out = rpm_order(a, b);
	return 0;
}

const struct vops dd_vops_rpm = { rpm_compare, rpm_order, rpm_valid, NULL };
