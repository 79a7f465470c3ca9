/*
 * src/version/gomod.c: Go module versions (golang.org/x/mod/semver):
 * "v" MAJOR[.MINOR[.PATCH[-PRERELEASE][+BUILD]]], where "v1" and "v1.2"
 * are short for v1.0.0 and v1.2.0 (only without prerelease or build).
 * Build metadata ("+incompatible") is ignored, pseudo-versions order as the
 * prereleases they are. As in x/mod, every invalid string sorts before
 * every valid one and invalid strings are equal to each other. OSV writes
 * Go versions without the "v"; a missing "v" is accepted.
 */
#include "version/vint.h"

struct gv {
	struct dd_slice n[3];	/* digits; empty = "0" (shorthand) */
	struct dd_slice pre;
};

static bool gnum(const char **pp, const char *end, struct dd_slice *out)
{
	const char *p = *pp, *s = p;

	while (p < end && v_isdigit((unsigned char)*p))
		p++;
	if (p == s || (p - s > 1 && *s == '0'))
		return false;
	*out = dd_slice_of(s, (size_t)(p - s));
	*pp = p;
	return true;
}

/* Dot-separated [0-9A-Za-z-]+ identifiers; numeric ones without leading zeros if strict. */
static bool gidents(const char *p, const char *end, bool strict)
{
	for (;;) {
		const char *s = p;
		bool digits = true;

		while (p < end && (v_isalnum((unsigned char)*p) || *p == '-')) {
			digits = digits && v_isdigit((unsigned char)*p);
			p++;
		}
		if (p == s || (strict && digits && p - s > 1 && *s == '0'))
			return false;
		if (p == end)
			return true;
		if (*p != '.')
			return false;
		p++;
	}
}

static bool gparse(struct dd_slice s, struct gv *v)
{
	const char *p = s.ptr, *end = s.ptr + s.len, *plus;
	int i;

	if (s.len == 0 || s.len > DD_VERSION_MAX)
		return false;
	if (*p == 'v')
		p++;
	memset(v, 0, sizeof(*v));
	if (!gnum(&p, end, &v->n[0]))
		return false;
	for (i = 1; i < 3; i++) {
		if (p == end)
			return true;	/* shorthand: v1, v1.2 */
		if (*p != '.')
			return false;	/* "v1-pre", "v1.2+meta" */
		p++;
		if (!gnum(&p, end, &v->n[i]))
			return false;
	}
	plus = memchr(p, '+', (size_t)(end - p));
	if (plus) {
		if (!gidents(plus + 1, end, false))
			return false;
		end = plus;
	}
	if (p == end)
		return true;
	if (*p != '-' || !gidents(p + 1, end, true))
		return false;
	v->pre = dd_slice_of(p + 1, (size_t)(end - p - 1));
	return true;
}

static int gv_cmp(const struct gv *a, const struct gv *b)
{
	int i, r;

	for (i = 0; i < 3; i++) {
		r = v_numcmp(a->n[i].ptr, a->n[i].len, b->n[i].ptr, b->n[i].len);
		if (r)
			return r;
	}
	return v_dotcmp(a->pre, b->pre, false);
}

static int go_compare(struct dd_slice a, struct dd_slice b, int *out)
{
	struct gv x, y;

	if (!gparse(a, &x) || !gparse(b, &y))
		return -DDE_FORMAT;
	*out = gv_cmp(&x, &y);
	return 0;
}

static int go_order(struct dd_slice a, struct dd_slice b)
{
	struct gv x, y;
	bool va = gparse(a, &x), vb = gparse(b, &y);

	if (va && vb)
		return gv_cmp(&x, &y);
	return (int)va - (int)vb;
}

static bool go_valid(struct dd_slice v)
{
	struct gv x;

	return gparse(v, &x);
}

const struct vops dd_vops_go = { go_compare, go_order, go_valid, NULL };
