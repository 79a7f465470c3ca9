/*
 * src/version/nuget.c: NuGet versions (NuGetVersion): 1 to 4 numeric
 * parts (missing ones are 0, so 1.0 = 1.0.0.0), an optional "-label.label"
 * prerelease and "+metadata". Labels compare numerically when both are
 * numbers, a number before text, text case-insensitively; a release sorts
 * after its prereleases; metadata is ignored. Ranges use interval notation
 * ("[1.0,2.0)") or a comparison list.
 */
#include "version/vint.h"

struct nv {
	struct dd_slice n[4];
	struct dd_slice pre;
};

static bool nparse(struct dd_slice s, struct nv *v)
{
	const char *p = s.ptr, *end = s.ptr + s.len, *plus;
	int i;

	if (s.len == 0 || s.len > DD_VERSION_MAX)
		return false;
	memset(v, 0, sizeof(*v));
	plus = memchr(p, '+', s.len);
	if (plus) {
		const char *q = plus + 1;

		if (q == end)
			return false;
		for (; q < end; q++)
			if (!v_isalnum((unsigned char)*q) && *q != '-' && *q != '.')
				return false;
		end = plus;
	}
	for (i = 0; i < 4; i++) {
		const char *st;

		if (i > 0) {
			if (p >= end || *p != '.')
				break;
			p++;
		}
		st = p;
		while (p < end && v_isdigit((unsigned char)*p))
			p++;
		if (p == st || p - st > 10)
			return false;
		/* parts are Int32 */
		if (v_numcmp(st, (size_t)(p - st), "2147483647", 10) > 0)
			return false;
		v->n[i] = dd_slice_of(st, (size_t)(p - st));
	}
	if (p == end)
		return true;
	if (*p != '-' || p + 1 == end)
		return false;
	v->pre = dd_slice_of(p + 1, (size_t)(end - p - 1));
	for (p = v->pre.ptr; p < end; p++) {
		if (*p == '.' && (p == v->pre.ptr || p + 1 == end || p[1] == '.'))
			return false;
		if (!v_isalnum((unsigned char)*p) && *p != '-' && *p != '.')
			return false;
	}
	return true;
}

static int nv_cmp(const struct nv *a, const struct nv *b)
{
	int i, r;

	for (i = 0; i < 4; i++) {
		r = v_numcmp(a->n[i].ptr, a->n[i].len, b->n[i].ptr, b->n[i].len);
		if (r)
			return r;
	}
	return v_dotcmp(a->pre, b->pre, true);
}

static int nuget_compare(struct dd_slice a, struct dd_slice b, int *out)
{
	struct nv x, y;

	if (!nparse(a, &x) || !nparse(b, &y))
		return -DDE_FORMAT;
	*out = nv_cmp(&x, &y);
	return 0;
}

static int nuget_order(struct dd_slice a, struct dd_slice b)
{
	struct nv x, y;
	bool va = nparse(a, &x), vb = nparse(b, &y);

	if (va && vb)
		return nv_cmp(&x, &y);
	if (va != vb)
		return va ? 1 : -1;
	return v_bytecmp(a, b);
}

static bool nuget_valid(struct dd_slice v)
{
	struct nv x;

	return nparse(v, &x);
}

static int nuget_satisfies(struct dd_slice v, struct dd_slice range, bool *out, struct dd_err *e)
{
	return dd_version_brackets(&dd_vops_nuget, v, range, out, e);
}

const struct vops dd_vops_nuget = { nuget_compare, nuget_order, nuget_valid, nuget_satisfies };
