/*
 * src/version/generic.c: the fallback ordering for versions of unknown
 * ecosystems: the string is cut into runs of digits and runs of letters
 * (anything else separates); digit runs compare by value, letter runs
 * case-insensitively, a digit run above a letter run; when one version
 * runs out, the other is greater if it goes on with a number and smaller
 * if it goes on with letters ("1.0rc1" < "1.0" < "1.0.1").
 */
#include "version/vint.h"

struct run {
	const char *p;
	size_t n;
	bool digit;
};

static bool next_run(const char **pp, const char *end, struct run *r)
{
	const char *p = *pp;

	while (p < end && !v_isalnum((unsigned char)*p))
		p++;
	if (p >= end) {
		*pp = p;
		return false;
	}
	r->p = p;
	r->digit = v_isdigit((unsigned char)*p);
	while (p < end && v_isalnum((unsigned char)*p) && v_isdigit((unsigned char)*p) == r->digit)
		p++;
	r->n = (size_t)(p - r->p);
	*pp = p;
	return true;
}

static int run_cmp(const struct run *a, const struct run *b)
{
	size_t i;

	if (a->digit != b->digit)
		return a->digit ? 1 : -1;
	if (a->digit)
		return v_numcmp(a->p, a->n, b->p, b->n);
	for (i = 0; i < a->n && i < b->n; i++) {
		int x = v_lower((unsigned char)a->p[i]), y = v_lower((unsigned char)b->p[i]);

		if (x != y)
			return x < y ? -1 : 1;
	}
	return (a->n > b->n) - (a->n < b->n);
}

static int generic_order(struct dd_slice a, struct dd_slice b)
{
	const char *p = a.ptr, *pe = a.ptr + a.len, *q = b.ptr, *qe = b.ptr + b.len;

	for (;;) {
		struct run x, y;
		bool hx = next_run(&p, pe, &x), hy = next_run(&q, qe, &y);
		int r;

		if (!hx && !hy)
			return 0;
		if (!hx)
			return y.digit ? -1 : 1;
		if (!hy)
			return x.digit ? 1 : -1;
		r = run_cmp(&x, &y);
		if (r)
			return r;
	}
}

static bool generic_valid(struct dd_slice v)
{
	size_t i;
	bool alnum = false;

	if (v.len == 0 || v.len > DD_VERSION_MAX)
		return false;
	for (i = 0; i < v.len; i++) {
		unsigned char c = (unsigned char)v.ptr[i];

		if (c <= ' ' || c == 0x7f)
			return false;
		alnum = alnum || v_isalnum(c);
	}
	return alnum;
}

static int generic_compare(struct dd_slice a, struct dd_slice b, int *out)
{
	if (!generic_valid(a) || !generic_valid(b))
		return -DDE_FORMAT;
	*out = generic_order(a, b);
	return 0;
}

const struct vops dd_vops_generic = { generic_compare, generic_order, generic_valid, NULL };
