/*
 * src/version/semver.c: Semantic Versioning for npm (node-semver's rules:
 * strict and loose parsing, precedence, and its range language with
 * hyphen ranges, x-ranges, ~, ^, ||, and the prerelease opt-in rule) and
 * for crates.io (strict SemVer 2.0.0; ranges are comparison lists).
 * Build metadata never affects ordering.
 */
#include <stdlib.h>

#include "util/xalloc.h"
#include "version/vint.h"

#define SAFE_MAX 9007199254740991ULL	/* Number.MAX_SAFE_INTEGER */
#define NPM_MAX_LENGTH 256		/* node-semver's MAX_LENGTH */
#define MAX_COMPARATORS 128

struct sv {
	uint64_t n[3];
	struct dd_slice pre;	/* dot-separated identifiers, empty when none */
	struct dd_slice build;
};

/* A run of [0-9A-Za-z-]; returns its end. */
static const char *ident_end(const char *p, const char *end)
{
	while (p < end && (v_isalnum((unsigned char)*p) || *p == '-'))
		p++;
	return p;
}

static bool all_digits(const char *p, const char *e)
{
	if (p == e)
		return false;
	for (; p < e; p++)
		if (!v_isdigit((unsigned char)*p))
			return false;
	return true;
}

/* Number: strict forbids leading zeros. Advances *pp; false if none or too large. */
static bool number(const char **pp, const char *end, bool loose, uint64_t *out)
{
	const char *p = *pp, *s = p;
	uint64_t v = 0;

	while (p < end && v_isdigit((unsigned char)*p)) {
		if (v > SAFE_MAX / 10)
			return false;
		v = v * 10 + (uint64_t)(*p - '0');
		if (v > SAFE_MAX)
			return false;
		p++;
	}
	if (p == s || (!loose && p - s > 1 && *s == '0'))
		return false;
	*out = v;
	*pp = p;
	return true;
}

/* Dot-separated identifiers up to end; strict: numeric ones have no leading zero. */
static bool idents(const char *p, const char *end, bool numeric_rule)
{
	for (;;) {
		const char *e = ident_end(p, end);

		if (e == p)
			return false;
		if (numeric_rule && all_digits(p, e) && e - p > 1 && *p == '0')
			return false;
		if (e == end)
			return true;
		if (*e != '.')
			return false;
		p = e + 1;
	}
}

/* The prerelease and build after the core version; p points after the patch number. */
static bool tail(const char *p, const char *end, bool loose, struct sv *v)
{
	const char *plus, *ps;

	v->pre = dd_slice_of(p, 0);
	v->build = dd_slice_of(end, 0);
	plus = memchr(p, '+', (size_t)(end - p));
	if (plus) {
		if (!idents(plus + 1, end, false))
			return false;
		v->build = dd_slice_of(plus + 1, (size_t)(end - plus - 1));
		end = plus;
	}
	if (p == end)
		return true;
	ps = p;
	if (*p == '-')
		ps = p + 1;
	else if (!loose)
		return false;
	if (!idents(ps, end, !loose))
		return false;
	v->pre = dd_slice_of(ps, (size_t)(end - ps));
	return true;
}

/* node-semver's SemVer constructor (after trim). */
static bool npm_parse(struct dd_slice s, bool loose, struct sv *v)
{
	const char *p = s.ptr, *end = s.ptr + s.len;
	int i;

	if (s.len > NPM_MAX_LENGTH)
		return false;
	while (p < end && v_isspace((unsigned char)*p))
		p++;
	while (end > p && v_isspace((unsigned char)end[-1]))
		end--;
	if (loose) {
		while (p < end && (*p == 'v' || *p == '=' || v_isspace((unsigned char)*p)))
			p++;
	} else if (p < end && *p == 'v') {
		p++;
	}
	for (i = 0; i < 3; i++) {
		if (i > 0) {
			if (p >= end || *p != '.')
				return false;
			p++;
		}
		if (!number(&p, end, loose, &v->n[i]))
			return false;
	}
	return tail(p, end, loose, v);
}

static int ident_cmp(struct dd_slice a, struct dd_slice b)
{
	bool an = all_digits(a.ptr, a.ptr + a.len), bn = all_digits(b.ptr, b.ptr + b.len);

	if (an && bn)
		return v_numcmp(a.ptr, a.len, b.ptr, b.len);
	if (an != bn)
		return an ? -1 : 1;
	return v_bytecmp(a, b);
}

static struct dd_slice next_ident(struct dd_slice *rest)
{
	const char *dot = memchr(rest->ptr, '.', rest->len);
	struct dd_slice id;

	if (!dot) {
		id = *rest;
		*rest = dd_slice_of(rest->ptr + rest->len, 0);
		return id;
	}
	id = dd_slice_of(rest->ptr, (size_t)(dot - rest->ptr));
	*rest = dd_slice_of(dot + 1, rest->len - id.len - 1);
	return id;
}

static int pre_cmp(struct dd_slice a, struct dd_slice b)
{
	if (a.len == 0 || b.len == 0)
		return (a.len == 0) - (b.len == 0);
	while (a.len > 0 || b.len > 0) {
		int r;

		if (a.len == 0)
			return -1;
		if (b.len == 0)
			return 1;
		r = ident_cmp(next_ident(&a), next_ident(&b));
		if (r)
			return r;
	}
	return 0;
}

static int sv_cmp(const struct sv *a, const struct sv *b)
{
	int i;

	for (i = 0; i < 3; i++)
		if (a->n[i] != b->n[i])
			return a->n[i] < b->n[i] ? -1 : 1;
	return pre_cmp(a->pre, b->pre);
}

int dd_semver_npm_compare(struct dd_slice a, struct dd_slice b, bool loose, int *out)
{
	struct sv x, y;

	if (!npm_parse(a, loose, &x) || !npm_parse(b, loose, &y))
		return -DDE_FORMAT;
	*out = sv_cmp(&x, &y);
	return 0;
}

bool dd_semver_npm_valid(struct dd_slice v, bool loose)
{
	struct sv x;

	return npm_parse(v, loose, &x);
}

/* ---- npm ranges ---- */

enum cop { C_ANY, C_EQ, C_LT, C_LE, C_GT, C_GE };

struct comp {
	enum cop op;
	struct sv v;
};

struct rctx {
	bool loose, incpre;
	struct comp c[MAX_COMPARATORS];
	size_t n;
	struct dd_err *e;
};

/* An x-range operand: up to three parts, each a number or a wildcard. */
struct xr {
	int nparts;		/* parts present (1..3) */
	bool x[3];		/* part is x, X, * or absent */
	uint64_t n[3];
	struct dd_slice pre, build;
	struct dd_slice prefix;	/* the [v=\s]* before the numbers */
};

static int add(struct rctx *r, enum cop op, uint64_t M, uint64_t m, uint64_t p, struct dd_slice pre)
{
	struct comp *c;

	if (r->n >= MAX_COMPARATORS)
		return dd_err_set(r->e, -DDE_FORMAT, "more than %d comparators in a range",
				  MAX_COMPARATORS);
	if (M > SAFE_MAX || m > SAFE_MAX || p > SAFE_MAX)
		return dd_err_set(r->e, -DDE_FORMAT, "version number too large in range");
	c = &r->c[r->n++];
	c->op = op;
	c->v.n[0] = M;
	c->v.n[1] = m;
	c->v.n[2] = p;
	c->v.pre = pre;
	c->v.build = dd_slice_of("", 0);
	/* node-semver turns ">=0.0.0" (">=0.0.0-0" with includePrerelease) into "any" */
	if (op == C_GE && M == 0 && m == 0 && p == 0 &&
	    (r->incpre ? dd_slice_eq(pre, "0") : pre.len == 0))
		c->op = C_ANY;
	return 0;
}

static int add_any(struct rctx *r)
{
	return add(r, C_ANY, 0, 0, 0, dd_slice_of("", 0));
}

static const struct dd_slice ZERO_PRE = { "0", 1 };
static const struct dd_slice NO_PRE = { "", 0 };

static bool is_x(const char *p, const char *e)
{
	return e - p == 1 && (*p == 'x' || *p == 'X' || *p == '*');
}

/* Parses an XRANGEPLAIN operand (the whole slice). */
static bool parse_xr(struct dd_slice s, bool loose, struct xr *x)
{
	const char *p = s.ptr, *end = s.ptr + s.len, *ps = p;
	int i;
	struct sv tmp;

	memset(x, 0, sizeof(*x));
	/* node-semver strips build metadata from ranges before parsing them */
	for (i = 0; p + i < end; i++) {
		if (p[i] == '+' && idents(p + i + 1, end, false)) {
			end = p + i;
			break;
		}
	}
	while (p < end && (*p == 'v' || *p == '=' || v_isspace((unsigned char)*p)))
		p++;
	x->prefix = dd_slice_of(ps, (size_t)(p - ps));
	for (i = 0; i < 3; i++)
		x->x[i] = true;
	for (i = 0; i < 3; i++) {
		if (i > 0) {
			if (p >= end || *p != '.')
				break;
			p++;
		}
		if (p < end && is_x(p, p + 1)) {
			p++;
		} else {
			if (!number(&p, end, loose, &x->n[i]))
				return false;
			x->x[i] = false;
		}
		x->nparts = i + 1;
	}
	/* "x.1" and "1.x.2" are not x-ranges */
	if ((x->x[0] && x->nparts > 1 && !x->x[1]) || (x->x[1] && x->nparts > 2 && !x->x[2]))
		return false;
	if (x->nparts < 3)
		return p == end;
	if (!tail(p, end, loose, &tmp))
		return false;
	x->pre = tmp.pre;
	x->build = tmp.build;
	return true;
}

static bool any_x(const struct xr *x)
{
	return x->x[0] || x->x[1] || x->x[2];
}

static int caret(struct rctx *r, const struct xr *x)
{
	struct dd_slice z = r->incpre ? ZERO_PRE : NO_PRE;
	uint64_t M = x->n[0], m = x->n[1], p = x->n[2];
	int rc;

	if (x->x[0])
		return add_any(r);
	if (x->x[1]) {
		if ((rc = add(r, C_GE, M, 0, 0, z)) < 0)
			return rc;
		return add(r, C_LT, M + 1, 0, 0, ZERO_PRE);
	}
	if (x->x[2]) {
		if ((rc = add(r, C_GE, M, m, 0, z)) < 0)
			return rc;
		if (M == 0)
			return add(r, C_LT, M, m + 1, 0, ZERO_PRE);
		return add(r, C_LT, M + 1, 0, 0, ZERO_PRE);
	}
	if ((rc = add(r, C_GE, M, m, p, x->pre)) < 0)
		return rc;
	if (M == 0 && m == 0)
		return add(r, C_LT, 0, 0, p + 1, ZERO_PRE);
	if (M == 0)
		return add(r, C_LT, 0, m + 1, 0, ZERO_PRE);
	return add(r, C_LT, M + 1, 0, 0, ZERO_PRE);
}

static int tilde(struct rctx *r, const struct xr *x)
{
	struct dd_slice z = r->incpre ? ZERO_PRE : NO_PRE;
	uint64_t M = x->n[0], m = x->n[1], p = x->n[2];
	int rc;

	if (x->x[0])
		return add_any(r);
	if (x->x[1]) {
		if ((rc = add(r, C_GE, M, 0, 0, z)) < 0)
			return rc;
		return add(r, C_LT, M + 1, 0, 0, ZERO_PRE);
	}
	if ((rc = add(r, C_GE, M, m, x->x[2] ? 0 : p, x->x[2] ? z : x->pre)) < 0)
		return rc;
	return add(r, C_LT, M, m + 1, 0, ZERO_PRE);
}

static int xrange(struct rctx *r, enum cop op, bool has_op, const struct xr *x)
{
	struct dd_slice pr = r->incpre ? ZERO_PRE : NO_PRE;
	uint64_t M = x->n[0], m = x->n[1], p = x->n[2];
	bool xM = x->x[0], xm = xM || x->x[1];
	int rc;

	if (op == C_EQ)
		has_op = false;
	if (xM) {
		if (has_op && (op == C_GT || op == C_LT))
			return add(r, C_LT, 0, 0, 0, ZERO_PRE);	/* nothing */
		return add_any(r);
	}
	if (has_op) {
		if (xm)
			m = 0;
		p = 0;
		if (op == C_GT) {
			op = C_GE;
			if (xm)
				M++, m = 0;
			else
				m++;
		} else if (op == C_LE) {
			op = C_LT;
			if (xm)
				M++;
			else
				m++;
		}
		if (op == C_LT)
			pr = ZERO_PRE;
		return add(r, op, M, m, p, pr);
	}
	if (xm) {
		if ((rc = add(r, C_GE, M, 0, 0, pr)) < 0)
			return rc;
		return add(r, C_LT, M + 1, 0, 0, ZERO_PRE);
	}
	if ((rc = add(r, C_GE, M, m, 0, pr)) < 0)
		return rc;
	return add(r, C_LT, M, m + 1, 0, ZERO_PRE);
}

static int bad(struct rctx *r, struct dd_slice tok)
{
	return dd_err_set(r->e, -DDE_FORMAT, "invalid comparator '%.*s'", DD_SLICE_FMT(tok));
}

/* One comparator token: operator (possibly with spaces after it) and operand. */
static int token(struct rctx *r, struct dd_slice opsl, struct dd_slice operand, struct dd_slice whole)
{
	struct xr x;
	enum cop op = C_EQ;
	bool has_op = opsl.len > 0;

	if (dd_slice_eq(opsl, "^") || dd_slice_eq(opsl, "~") || dd_slice_eq(opsl, "~>")) {
		if (!parse_xr(operand, r->loose, &x))
			return r->loose ? 0 : bad(r, whole);
		return opsl.ptr[0] == '^' ? caret(r, &x) : tilde(r, &x);
	}
	if (dd_slice_eq(opsl, "<"))
		op = C_LT;
	else if (dd_slice_eq(opsl, "<="))
		op = C_LE;
	else if (dd_slice_eq(opsl, ">"))
		op = C_GT;
	else if (dd_slice_eq(opsl, ">="))
		op = C_GE;
	else if (opsl.len > 0 && !dd_slice_eq(opsl, "="))
		return r->loose ? 0 : bad(r, whole);
	if (!parse_xr(operand, r->loose, &x))
		return r->loose ? 0 : bad(r, whole);
	if (x.nparts < 3 || any_x(&x))
		return xrange(r, op, has_op, &x);
	/* a full version: the comparator keeps it, so its prefix must suit the parser */
	if (!r->loose && !(x.prefix.len == 0 || dd_slice_eq(x.prefix, "v")))
		return bad(r, whole);
	return add(r, op == C_EQ && has_op ? C_EQ : op, x.n[0], x.n[1], x.n[2], x.pre);
}

/* Splits "A - B" when the whole group is a hyphen range. */
static bool hyphen_split(struct dd_slice g, struct dd_slice *a, struct dd_slice *b)
{
	const char *p = g.ptr, *end = g.ptr + g.len, *q;

	for (q = p; q + 2 < end; q++) {
		if (v_isspace((unsigned char)q[0]) && q[1] == '-' && q + 2 < end &&
		    v_isspace((unsigned char)q[2])) {
			const char *ae = q, *bs = q + 2;

			while (ae > p && v_isspace((unsigned char)ae[-1]))
				ae--;
			while (bs < end && v_isspace((unsigned char)*bs))
				bs++;
			*a = dd_slice_trim(dd_slice_of(p, (size_t)(ae - p)));
			*b = dd_slice_trim(dd_slice_of(bs, (size_t)(end - bs)));
			return a->len > 0 && b->len > 0 && !memchr(a->ptr, ' ', a->len) &&
			       !memchr(b->ptr, ' ', b->len);
		}
	}
	return false;
}

static int hyphen(struct rctx *r, const struct xr *f, const struct xr *t)
{
	struct dd_slice z = r->incpre ? ZERO_PRE : NO_PRE;
	int rc = 0;

	if (f->x[0])
		rc = 0;
	else if (f->x[1])
		rc = add(r, C_GE, f->n[0], 0, 0, z);
	else if (f->x[2])
		rc = add(r, C_GE, f->n[0], f->n[1], 0, z);
	else
		rc = add(r, C_GE, f->n[0], f->n[1], f->n[2], f->pre.len ? f->pre : z);
	if (rc < 0)
		return rc;
	if (t->x[0])
		rc = 0;
	else if (t->x[1])
		rc = add(r, C_LT, t->n[0] + 1, 0, 0, ZERO_PRE);
	else if (t->x[2])
		rc = add(r, C_LT, t->n[0], t->n[1] + 1, 0, ZERO_PRE);
	else if (t->pre.len)
		rc = add(r, C_LE, t->n[0], t->n[1], t->n[2], t->pre);
	else if (r->incpre)
		rc = add(r, C_LT, t->n[0], t->n[1], t->n[2] + 1, ZERO_PRE);
	else
		rc = add(r, C_LE, t->n[0], t->n[1], t->n[2], NO_PRE);
	if (rc < 0)
		return rc;
	if (f->x[0] && t->x[0])
		return add_any(r);
	return 0;
}

static int parse_group(struct rctx *r, struct dd_slice g)
{
	struct dd_slice a, b;
	struct xr xa, xb;
	const char *p, *end;
	int rc;

	r->n = 0;
	g = dd_slice_trim(g);
	if (hyphen_split(g, &a, &b) && parse_xr(a, r->loose, &xa) && parse_xr(b, r->loose, &xb))
		return hyphen(r, &xa, &xb);
	p = g.ptr;
	end = g.ptr + g.len;
	if (p == end)
		return add_any(r);
	while (p < end) {
		const char *os, *vs, *ts;
		struct dd_slice opsl;

		while (p < end && v_isspace((unsigned char)*p))
			p++;
		if (p >= end)
			break;
		ts = os = p;
		while (p < end && (*p == '<' || *p == '>' || *p == '=' || *p == '~' || *p == '^'))
			p++;
		opsl = dd_slice_of(os, (size_t)(p - os));
		/* "==1.0" is "=" then an operand prefixed by "=" (node-semver's GTLT) */
		if (opsl.len >= 2 && opsl.ptr[opsl.len - 1] == '=' && opsl.ptr[opsl.len - 2] == '=') {
			opsl.len--;
			p--;
		}
		if (opsl.len > 0)
			while (p < end && v_isspace((unsigned char)*p))
				p++;
		vs = p;
		while (p < end && !v_isspace((unsigned char)*p))
			p++;
		if (p == vs && opsl.len == 0)
			break;
		rc = token(r, opsl, dd_slice_of(vs, (size_t)(p - vs)), dd_slice_of(ts, (size_t)(p - ts)));
		if (rc < 0)
			return rc;
	}
	return 0;
}

static bool comp_test(const struct comp *c, const struct sv *v)
{
	int x;

	if (c->op == C_ANY)
		return true;
	x = sv_cmp(v, &c->v);
	switch (c->op) {
	case C_EQ: return x == 0;
	case C_LT: return x < 0;
	case C_LE: return x <= 0;
	case C_GT: return x > 0;
	case C_GE: return x >= 0;
	default: return true;
	}
}

static bool test_set(const struct rctx *r, const struct sv *v)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (!comp_test(&r->c[i], v))
			return false;
	if (v->pre.len && !r->incpre) {
		for (i = 0; i < r->n; i++) {
			const struct comp *c = &r->c[i];

			if (c->op == C_ANY || c->v.pre.len == 0)
				continue;
			if (c->v.n[0] == v->n[0] && c->v.n[1] == v->n[1] && c->v.n[2] == v->n[2])
				return true;
		}
		return false;
	}
	return true;
}

static bool set_is_any(const struct rctx *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->c[i].op != C_ANY)
			return false;
	return r->n > 0;
}

static bool set_is_null(const struct rctx *r)
{
	const struct comp *c = &r->c[0];

	return r->n > 0 && c->op == C_LT && c->v.n[0] == 0 && c->v.n[1] == 0 && c->v.n[2] == 0 &&
	       dd_slice_eq(c->v.pre, "0");
}

int dd_semver_npm_satisfies(struct dd_slice v, struct dd_slice range, bool loose, bool prerelease,
			    bool *out, struct dd_err *e)
{
	struct rctx *r = NULL;
	struct sv ver;
	const char *p = range.ptr, *end = range.ptr + range.len;
	bool valid_ver, matched = false, any_set = false, any_match = false;
	int ngroups = 0, rc = 0;

	r = dd_xcalloc(1, sizeof(*r));
	r->loose = loose;
	r->incpre = prerelease;
	r->e = e;
	valid_ver = npm_parse(v, loose, &ver);
	for (;;) {
		const char *bar = NULL, *q;

		for (q = p; q + 1 < end; q++) {
			if (q[0] == '|' && q[1] == '|') {
				bar = q;
				break;
			}
		}
		rc = parse_group(r, dd_slice_of(p, (size_t)((bar ? bar : end) - p)));
		if (rc < 0)
			goto out;
		if (r->n > 0) {
			bool hit = valid_ver && test_set(r, &ver);

			ngroups++;
			/* node-semver keeps only the first all-"any" set when there are several */
			if (set_is_any(r) && !any_set && !set_is_null(r)) {
				any_set = true;
				any_match = hit;
			}
			matched = matched || hit;
		}
		if (!bar)
			break;
		p = bar + 2;
	}
	if (ngroups == 0) {
		rc = dd_err_set(e, -DDE_FORMAT, "invalid range '%.*s'", DD_SLICE_FMT(range));
		goto out;
	}
	*out = (ngroups > 1 && any_set) ? any_match : matched;
out:
	free(r);
	return rc;
}

static int npm_compare(struct dd_slice a, struct dd_slice b, int *out)
{
	return dd_semver_npm_compare(a, b, false, out);
}

static int npm_order(struct dd_slice a, struct dd_slice b)
{
	struct sv x, y;
	bool va = npm_parse(a, true, &x), vb = npm_parse(b, true, &y);

	if (va && vb)
		return sv_cmp(&x, &y);
	if (va != vb)
		return va ? 1 : -1;
	return v_bytecmp(a, b);
}

static bool npm_valid(struct dd_slice v)
{
	return dd_semver_npm_valid(v, false);
}

static int npm_satisfies(struct dd_slice v, struct dd_slice range, bool *out, struct dd_err *e)
{
	return dd_semver_npm_satisfies(v, range, false, false, out, e);
}

const struct vops dd_vops_npm = { npm_compare, npm_order, npm_valid, npm_satisfies };

/* ---- crates.io: strict SemVer 2.0.0 ---- */

static bool crate_parse(struct dd_slice s, struct sv *v)
{
	const char *p = s.ptr, *end = s.ptr + s.len;
	int i;

	if (s.len == 0 || s.len > DD_VERSION_MAX)
		return false;
	for (i = 0; i < 3; i++) {
		const char *st = p;

		if (i > 0) {
			if (p >= end || *p != '.')
				return false;
			st = ++p;
		}
		v->n[i] = 0;
		while (p < end && v_isdigit((unsigned char)*p)) {
			if (v->n[i] > (UINT64_MAX - 9) / 10)
				return false;
			v->n[i] = v->n[i] * 10 + (uint64_t)(*p - '0');
			p++;
		}
		if (p == st || (p - st > 1 && *st == '0'))
			return false;
	}
	if (p < end && *p != '-' && *p != '+')
		return false;
	return tail(p, end, false, v);
}

static int crates_compare(struct dd_slice a, struct dd_slice b, int *out)
{
	struct sv x, y;

	if (!crate_parse(a, &x) || !crate_parse(b, &y))
		return -DDE_FORMAT;
	*out = sv_cmp(&x, &y);
	return 0;
}

static int crates_order(struct dd_slice a, struct dd_slice b)
{
	struct sv x, y;
	bool va = crate_parse(a, &x), vb = crate_parse(b, &y);

	if (va && vb)
		return sv_cmp(&x, &y);
	if (va != vb)
		return va ? 1 : -1;
	return v_bytecmp(a, b);
}

static bool crates_valid(struct dd_slice v)
{
	struct sv x;

	return crate_parse(v, &x);
}

const struct vops dd_vops_crates = { crates_compare, crates_order, crates_valid, NULL };
