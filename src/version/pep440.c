/*
 * src/version/pep440.c: Python versions (PEP 440, as pypa/packaging
 * implements it): parsing with all the spellings PEP 440 normalises
 * (alpha/a, c/rc, rev/r/post, "-N" posts, separators, a leading "v", case),
 * ordering (epoch, release with trailing zeros ignored, pre, post, dev,
 * local segments), and version specifiers (~= == != <= >= < > ===,
 * prefix matches "==1.2.*"), evaluated with pre-releases allowed.
 */
#include "version/vint.h"

enum { PRE_NONE = 0, PRE_A = 1, PRE_B = 2, PRE_RC = 3 };

struct pv {
	struct dd_slice epoch;		/* digits; empty is 0 */
	struct dd_slice release;	/* "1.2.3" */
	int pre;
	struct dd_slice pre_n;
	bool post, dev, local;
	struct dd_slice post_n, dev_n;
	struct dd_slice local_s;	/* without '+' */
	unsigned nrel;			/* release segments */
};

struct cur {
	const char *p, *end;
};

static bool peek_sep(const struct cur *c)
{
	return c->p < c->end && (*c->p == '-' || *c->p == '_' || *c->p == '.');
}

static struct dd_slice take_digits(struct cur *c)
{
	const char *s = c->p;

	while (c->p < c->end && v_isdigit((unsigned char)*c->p))
		c->p++;
	return dd_slice_of(s, (size_t)(c->p - s));
}

/* Matches a case-insensitive word at c->p (after an optional separator). */
static bool word_at(const struct cur *c, size_t off, const char *w)
{
	size_t n = strlen(w), i;

	if ((size_t)(c->end - c->p) < off + n)
		return false;
	for (i = 0; i < n; i++)
		if (v_lower((unsigned char)c->p[off + i]) != w[i])
			return false;
	return true;
}

/* [-_.]? WORD [-_.]? N? where WORD is one of words; returns the index or -1. */
static int lettered(struct cur *c, const char *const *words, size_t nw, struct dd_slice *num)
{
	size_t off = peek_sep(c) ? 1 : 0, i;

	for (i = 0; i < nw; i++) {
		if (word_at(c, off, words[i])) {
			c->p += off + strlen(words[i]);
			if (peek_sep(c) && c->p + 1 < c->end && v_isdigit((unsigned char)c->p[1]))
				c->p++;
			else if (peek_sep(c) && c->p + 1 == c->end)
				c->p++;	/* a trailing separator belongs to this part */
			*num = take_digits(c);
			return (int)i;
		}
	}
	return -1;
}

static bool pv_parse(struct dd_slice s, struct pv *v)
{
	static const char *const pre_w[] = { "alpha", "a", "beta", "b", "preview", "pre", "c", "rc" };
	static const int pre_k[] = { PRE_A, PRE_A, PRE_B, PRE_B, PRE_RC, PRE_RC, PRE_RC, PRE_RC };
	static const char *const post_w[] = { "post", "rev", "r" };
	static const char *const dev_w[] = { "dev" };
	struct cur c = { s.ptr, s.ptr + s.len };
	struct dd_slice d;
	const char *rs;
	int k;

	memset(v, 0, sizeof(*v));
	if (s.len > DD_VERSION_MAX)
		return false;
	while (c.p < c.end && v_isspace((unsigned char)*c.p))
		c.p++;
	while (c.end > c.p && v_isspace((unsigned char)c.end[-1]))
		c.end--;
	if (c.p < c.end && (*c.p == 'v' || *c.p == 'V'))
		c.p++;
	rs = c.p;
	d = take_digits(&c);
	if (d.len == 0)
		return false;
	if (c.p < c.end && *c.p == '!') {
		v->epoch = d;
		c.p++;
		rs = c.p;
		if (take_digits(&c).len == 0)
			return false;
	}
	v->nrel = 1;
	while (c.p + 1 < c.end && *c.p == '.' && v_isdigit((unsigned char)c.p[1])) {
		c.p++;
		take_digits(&c);
		v->nrel++;
	}
	v->release = dd_slice_of(rs, (size_t)(c.p - rs));
	k = lettered(&c, pre_w, 8, &v->pre_n);
	if (k >= 0)
		v->pre = pre_k[k];
	if (c.p + 1 < c.end && *c.p == '-' && v_isdigit((unsigned char)c.p[1])) {
		c.p++;
		v->post = true;
		v->post_n = take_digits(&c);
	} else if (lettered(&c, post_w, 3, &v->post_n) >= 0) {
		v->post = true;
	}
	if (lettered(&c, dev_w, 1, &v->dev_n) >= 0)
		v->dev = true;
	if (c.p < c.end && *c.p == '+') {
		const char *ls = ++c.p;

		for (;;) {
			const char *ss = c.p;

			while (c.p < c.end && v_isalnum((unsigned char)*c.p))
				c.p++;
			if (c.p == ss)
				return false;
			if (c.p < c.end && (*c.p == '-' || *c.p == '_' || *c.p == '.'))
				c.p++;
			else
				break;
		}
		v->local = true;
		v->local_s = dd_slice_of(ls, (size_t)(c.p - ls));
	}
	return c.p == c.end;
}

/* The i-th release segment ("0" past the end). */
static struct dd_slice rel_seg(struct dd_slice *rest)
{
	const char *dot;
	struct dd_slice seg;

	if (rest->len == 0)
		return dd_slice_of("0", 1);
	dot = memchr(rest->ptr, '.', rest->len);
	seg = dd_slice_of(rest->ptr, dot ? (size_t)(dot - rest->ptr) : rest->len);
	*rest = dot ? dd_slice_of(dot + 1, rest->len - seg.len - 1) : dd_slice_of(rest->ptr + rest->len, 0);
	return seg;
}

static int num(struct dd_slice a, struct dd_slice b)
{
	return v_numcmp(a.ptr, a.len, b.ptr, b.len);
}

static int release_cmp(struct dd_slice a, struct dd_slice b)
{
	while (a.len || b.len) {
		int r = num(rel_seg(&a), rel_seg(&b));

		if (r)
			return r;
	}
	return 0;
}

static int local_cmp(const struct pv *a, const struct pv *b)
{
	const char *p = a->local_s.ptr, *pe;
	const char *q = b->local_s.ptr, *qe;

	if (!a->local || !b->local)
		return (int)a->local - (int)b->local;
	if (a->local_s.len == 0 || b->local_s.len == 0)	/* an empty slice's ptr may be NULL */
		return (a->local_s.len != 0) - (b->local_s.len != 0);
	pe = p + a->local_s.len;
	qe = q + b->local_s.len;
	for (;;) {
		const char *ps = p, *qs = q;
		bool pn = true, qn = true;
		int r;

		if (p >= pe || q >= qe)
			return (p < pe) - (q < qe);
		while (p < pe && v_isalnum((unsigned char)*p))
			pn = pn && v_isdigit((unsigned char)*p), p++;
		while (q < qe && v_isalnum((unsigned char)*q))
			qn = qn && v_isdigit((unsigned char)*q), q++;
		if (pn && qn) {
			r = v_numcmp(ps, (size_t)(p - ps), qs, (size_t)(q - qs));
		} else if (pn != qn) {
			r = pn ? 1 : -1;
		} else {
			size_t i, la = (size_t)(p - ps), lb = (size_t)(q - qs);

			r = 0;
			for (i = 0; i < la && i < lb && !r; i++)
				r = v_lower((unsigned char)ps[i]) - v_lower((unsigned char)qs[i]);
			if (!r)
				r = (la > lb) - (la < lb);
		}
		if (r)
			return v_sign(r);
		if (p < pe)
			p++;
		if (q < qe)
			q++;
	}
}

/* Public part (epoch, release, pre, post, dev). */
static int public_cmp(const struct pv *a, const struct pv *b)
{
	int r, ra, rb;

	r = num(a->epoch, b->epoch);
	if (r)
		return r;
	r = release_cmp(a->release, b->release);
	if (r)
		return r;
	/* pre: a dev release without pre or post sorts before any pre-release */
	ra = a->pre ? 1 : (!a->post && a->dev ? 0 : 2);
	rb = b->pre ? 1 : (!b->post && b->dev ? 0 : 2);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (ra == 1) {
		if (a->pre != b->pre)
			return a->pre < b->pre ? -1 : 1;
		r = num(a->pre_n, b->pre_n);
		if (r)
			return r;
	}
	if (a->post != b->post)
		return a->post ? 1 : -1;
	if (a->post && (r = num(a->post_n, b->post_n)))
		return r;
	if (a->dev != b->dev)
		return a->dev ? -1 : 1;
	if (a->dev && (r = num(a->dev_n, b->dev_n)))
		return r;
	return 0;
}

static int pv_cmp(const struct pv *a, const struct pv *b)
{
	int r = public_cmp(a, b);

	return r ? r : local_cmp(a, b);
}

static int base_cmp(const struct pv *a, const struct pv *b)
{
	int r = num(a->epoch, b->epoch);

	return r ? r : release_cmp(a->release, b->release);
}

static int pypi_compare(struct dd_slice a, struct dd_slice b, int *out)
{
	struct pv x, y;

	if (!pv_parse(a, &x) || !pv_parse(b, &y))
		return -DDE_FORMAT;
	*out = pv_cmp(&x, &y);
	return 0;
}

/* packaging's LegacyVersion is gone: invalid strings sort before valid ones, by bytes. */
static int pypi_order(struct dd_slice a, struct dd_slice b)
{
	struct pv x, y;
	bool va = pv_parse(a, &x), vb = pv_parse(b, &y);

	if (va && vb)
		return pv_cmp(&x, &y);
	if (va != vb)
		return va ? 1 : -1;
	return v_bytecmp(a, b);
}

static bool pypi_valid(struct dd_slice v)
{
	struct pv x;

	return pv_parse(v, &x);
}

/* ---- specifiers ---- */

/* "==" prefix match: spec is epoch + release only. */
static bool prefix_match(const struct pv *v, const struct pv *spec, unsigned nseg)
{
	struct dd_slice a = v->release, b = spec->release;
	unsigned i;

	if (num(v->epoch, spec->epoch) != 0)
		return false;
	for (i = 0; i < nseg; i++)
		if (num(rel_seg(&a), rel_seg(&b)) != 0)
			return false;
	return true;
}

static bool is_ordinary(const struct pv *s)
{
	return !s->local;
}

static int spec_eval(const struct pv *v, struct dd_slice raw, struct dd_slice spec, bool *out,
		     struct dd_err *e)
{
	static const char *const ops[] = { "===", "~=", "==", "!=", "<=", ">=", "<", ">" };
	struct dd_slice op = DD_SLICE_NULL, vs;
	struct pv s;
	bool star = false;
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (dd_slice_starts(spec, ops[i])) {
			op = dd_slice_of(spec.ptr, strlen(ops[i]));
			break;
		}
	}
	if (!op.ptr)
		return dd_err_set(e, -DDE_FORMAT, "specifier '%.*s' has no operator", DD_SLICE_FMT(spec));
	vs = dd_slice_trim(dd_slice_of(spec.ptr + op.len, spec.len - op.len));
	if (dd_slice_eq(op, "===")) {
		size_t k;

		*out = vs.len == raw.len;
		for (k = 0; *out && k < vs.len; k++)
			*out = v_lower((unsigned char)vs.ptr[k]) == v_lower((unsigned char)raw.ptr[k]);
		return 0;
	}
	if ((dd_slice_eq(op, "==") || dd_slice_eq(op, "!=")) && vs.len >= 2 &&
	    vs.ptr[vs.len - 1] == '*' && vs.ptr[vs.len - 2] == '.') {
		star = true;
		vs.len -= 2;
	}
	if (!pv_parse(vs, &s) || memchr(vs.ptr, ' ', vs.len) || memchr(vs.ptr, '\t', vs.len))
		goto bad;
	if (star && (s.pre || s.post || s.dev || s.local))
		goto bad;
	if (star) {
		bool m = prefix_match(v, &s, s.nrel);

		*out = op.ptr[0] == '=' ? m : !m;
		return 0;
	}
	if (dd_slice_eq(op, "==") || dd_slice_eq(op, "!=")) {
		bool m = s.local ? pv_cmp(v, &s) == 0 : public_cmp(v, &s) == 0;

		*out = op.ptr[0] == '=' ? m : !m;
		return 0;
	}
	if (!is_ordinary(&s))
		goto bad;
	if (dd_slice_eq(op, "~=")) {
		if (s.nrel < 2)
			goto bad;
		*out = public_cmp(v, &s) >= 0 && prefix_match(v, &s, s.nrel - 1);
		return 0;
	}
	if (dd_slice_eq(op, "<=")) {
		*out = public_cmp(v, &s) <= 0;
		return 0;
	}
	if (dd_slice_eq(op, ">=")) {
		*out = public_cmp(v, &s) >= 0;
		return 0;
	}
	if (dd_slice_eq(op, "<")) {
		*out = pv_cmp(v, &s) < 0;
		if (*out && !(s.pre || s.dev) && (v->pre || v->dev) && base_cmp(v, &s) == 0)
			*out = false;
		return 0;
	}
	/* ">" */
	*out = pv_cmp(v, &s) > 0;
	if (*out && !s.post && v->post && base_cmp(v, &s) == 0)
		*out = false;
	/* a local version is not "greater" than its own public version */
	if (*out && v->local && public_cmp(v, &s) == 0)
		*out = false;
	return 0;
bad:
	return dd_err_set(e, -DDE_FORMAT, "invalid specifier '%.*s'", DD_SLICE_FMT(spec));
}

static int pypi_satisfies(struct dd_slice v, struct dd_slice range, bool *out, struct dd_err *e)
{
	const char *p = range.ptr, *end = range.ptr + range.len;
	struct pv x;
	bool all = true;

	if (!pv_parse(v, &x))
		return dd_err_set(e, -DDE_FORMAT, "invalid PyPI version '%.*s'", DD_SLICE_FMT(v));
	while (p <= end) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		struct dd_slice spec = dd_slice_trim(dd_slice_of(p, (size_t)((comma ? comma : end) - p)));
		bool in = false;
		int r;

		if (spec.len == 0) {
			if (comma || p != range.ptr)
				return dd_err_set(e, -DDE_FORMAT, "empty specifier in '%.*s'",
						  DD_SLICE_FMT(range));
		} else {
			r = spec_eval(&x, v, spec, &in, e);
			if (r < 0)
				return r;
			all = all && in;
		}
		if (!comma)
			break;
		p = comma + 1;
	}
	*out = all;
	return 0;
}

const struct vops dd_vops_pypi = { pypi_compare, pypi_order, pypi_valid, pypi_satisfies };
