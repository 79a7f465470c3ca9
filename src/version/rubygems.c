/*
 * src/version/rubygems.c: RubyGems versions (Gem::Version) and
 * requirements (Gem::Requirement): segments are runs of digits or letters,
 * '-' reads as ".pre.", trailing zeros of the numeric part and of the
 * whole are dropped, a string segment sorts before a number; requirements
 * are "OP VERSION" clauses (= != > < >= <= ~>) joined by commas, all of
 * which must hold.
 */
#include "util/buf.h"
#include "version/vint.h"

struct seg {
	struct dd_slice s;
	bool num;
};

/* Iterates the canonical segments of a version. */
struct git {
	const char *p, *end;
	bool in_str;		/* a string segment was seen */
};

static bool raw_next(struct git *g, struct seg *s)
{
	while (g->p < g->end && !v_isalnum((unsigned char)*g->p)) {
		if (*g->p == '-') {
			g->p++;
			s->s = dd_slice_of("pre", 3);
			s->num = false;
			return true;
		}
		g->p++;
	}
	if (g->p >= g->end)
		return false;
	s->s.ptr = g->p;
	s->num = v_isdigit((unsigned char)*g->p);
	while (g->p < g->end && v_isalnum((unsigned char)*g->p) &&
	       v_isdigit((unsigned char)*g->p) == s->num)
		g->p++;
	s->s.len = (size_t)(g->p - s->s.ptr);
	return true;
}

static bool is_zero(const struct seg *s)
{
	size_t i;

	if (!s->num)
		return false;
	for (i = 0; i < s->s.len; i++)
		if (s->s.ptr[i] != '0')
			return false;
	return true;
}

/* Next canonical segment: zeros ending the numeric part are skipped. */
static bool canon_next(struct git *g, struct seg *s)
{
	for (;;) {
		struct git save;
		struct seg t;
		bool drop = true;

		if (!raw_next(g, s))
			return false;
		if (!s->num)
			g->in_str = true;
		if (g->in_str || !is_zero(s))
			return true;
		/* a zero in the numeric part: dropped if only zeros follow up to a string or the end */
		save = *g;
		while (raw_next(&save, &t)) {
			if (!t.num)
				break;
			if (!is_zero(&t)) {
				drop = false;
				break;
			}
		}
		if (!drop)
			return true;
	}
}

static int seg_cmp(const struct seg *a, const struct seg *b)
{
	if (a->num && b->num)
		return v_numcmp(a->s.ptr, a->s.len, b->s.ptr, b->s.len);
	if (a->num != b->num)
		return a->num ? 1 : -1;
	return v_bytecmp(a->s, b->s);
}

static int gem_order_raw(struct dd_slice a, struct dd_slice b)
{
	struct git x = { a.ptr, a.ptr + a.len, false };
	struct git y = { b.ptr, b.ptr + b.len, false };
	static const struct seg zero = { { "0", 1 }, true };

	for (;;) {
		struct seg s, t;
		bool hs = canon_next(&x, &s), ht = canon_next(&y, &t);
		int r;

		if (!hs && !ht)
			return 0;
		r = seg_cmp(hs ? &s : &zero, ht ? &t : &zero);
		if (r)
			return r;
	}
}

/* Gem::Version::ANCHORED_VERSION_PATTERN; blank is "0". */
static bool gem_valid(struct dd_slice v)
{
	const char *p = v.ptr, *end = v.ptr + v.len;

	if (v.len > DD_VERSION_MAX)
		return false;
	while (p < end && v_isspace((unsigned char)*p))
		p++;
	while (end > p && v_isspace((unsigned char)end[-1]))
		end--;
	if (p == end)
		return true;
	if (!v_isdigit((unsigned char)*p))
		return false;
	while (p < end && v_isdigit((unsigned char)*p))
		p++;
	while (p < end && *p == '.') {
		const char *s = ++p;

		while (p < end && v_isalnum((unsigned char)*p))
			p++;
		if (p == s)
			return false;
	}
	if (p < end && *p == '-') {
		do {
			const char *s = ++p;

			while (p < end && (v_isalnum((unsigned char)*p) || *p == '-'))
				p++;
			if (p == s)
				return false;
		} while (p < end && *p == '.');
	}
	return p == end;
}

static int gem_compare(struct dd_slice a, struct dd_slice b, int *out)
{
	if (!gem_valid(a) || !gem_valid(b))
		return -DDE_FORMAT;
	*out = gem_order_raw(a, b);
	return 0;
}

static int gem_order(struct dd_slice a, struct dd_slice b)
{
	bool va = gem_valid(a), vb = gem_valid(b);

	if (va && vb)
		return gem_order_raw(a, b);
	if (va != vb)
		return va ? 1 : -1;
	return v_bytecmp(a, b);
}

/* ---- requirements ---- */

static bool has_letter(struct dd_slice v)
{
	size_t i;

	for (i = 0; i < v.len; i++)
		if (v_isalpha((unsigned char)v.ptr[i]))
			return true;
	return false;
}

/* The numeric segments before the first string segment, joined by '.'. */
static void numeric_prefix(struct dd_slice v, struct dd_buf *out, size_t *count)
{
	struct git g = { v.ptr, v.ptr + v.len, false };
	struct seg s;

	*count = 0;
	while (raw_next(&g, &s) && s.num) {
		if (*count)
			dd_buf_addch(out, '.');
		dd_buf_add(out, s.s.ptr, s.s.len);
		(*count)++;
	}
}

/* Gem::Version#bump: drop strings, drop the last segment (if more than one), add 1. */
static void bump(struct dd_slice v, struct dd_buf *out)
{
	size_t n, i, cut;
	char *p;

	numeric_prefix(v, out, &n);
	if (n > 1) {
		p = strrchr(out->buf, '.');
		dd_buf_truncate(out, (size_t)(p - out->buf));
	}
	/* decimal increment of the last segment */
	cut = out->len;
	p = strrchr(out->buf, '.');
	i = p ? (size_t)(p - out->buf) + 1 : 0;
	while (cut > i && out->buf[cut - 1] == '9') {
		out->buf[cut - 1] = '0';
		cut--;
	}
	if (cut > i) {
		out->buf[cut - 1]++;
	} else {
		dd_buf_addch(out, '0');
		memmove(out->buf + i + 1, out->buf + i, out->len - i - 1);
		out->buf[i] = '1';
	}
}

static int req_eval(struct dd_slice v, struct dd_slice clause, bool *out, struct dd_err *e)
{
	static const char *const ops[] = { "~>", ">=", "<=", "!=", "=", ">", "<" };
	struct dd_slice op = dd_slice_of("=", 1), rv;
	size_t i;
	int c;

	clause = dd_slice_trim(clause);
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (dd_slice_starts(clause, ops[i])) {
			op = dd_slice_of(clause.ptr, strlen(ops[i]));
			clause = dd_slice_of(clause.ptr + op.len, clause.len - op.len);
			break;
		}
	}
	rv = dd_slice_trim(clause);
	if (rv.len == 0 || !gem_valid(rv))
		return dd_err_set(e, -DDE_FORMAT, "invalid requirement '%.*s'", DD_SLICE_FMT(clause));
	c = gem_order_raw(v, rv);
	if (dd_slice_eq(op, "="))
		*out = c == 0;
	else if (dd_slice_eq(op, "!="))
		*out = c != 0;
	else if (dd_slice_eq(op, ">"))
		*out = c > 0;
	else if (dd_slice_eq(op, "<"))
		*out = c < 0;
	else if (dd_slice_eq(op, ">="))
		*out = c >= 0;
	else if (dd_slice_eq(op, "<="))
		*out = c <= 0;
	else {
		/* ~> R: v >= R and v.release < R.bump */
		struct dd_buf rel = DD_BUF_INIT, b = DD_BUF_INIT;
		size_t n;

		*out = c >= 0;
		if (*out) {
			if (has_letter(v))
				numeric_prefix(v, &rel, &n);
			else
				dd_buf_add(&rel, v.ptr, v.len);
			bump(rv, &b);
			*out = gem_order_raw(dd_buf_slice(&rel), dd_buf_slice(&b)) < 0;
		}
		dd_buf_release(&rel);
		dd_buf_release(&b);
	}
	return 0;
}

static int gem_satisfies(struct dd_slice v, struct dd_slice range, bool *out, struct dd_err *e)
{
	const char *p = range.ptr, *end = range.ptr + range.len;
	bool all = true;

	for (;;) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		struct dd_slice cl = dd_slice_of(p, (size_t)((comma ? comma : end) - p));
		bool in = false;
		int r;

		if (dd_slice_trim(cl).len == 0 && !comma && p == range.ptr) {
			in = true;	/* an empty requirement is ">= 0" */
		} else {
			r = req_eval(v, cl, &in, e);
			if (r < 0)
				return r;
		}
		all = all && in;
		if (!comma)
			break;
		p = comma + 1;
	}
	*out = all;
	return 0;
}

const struct vops dd_vops_rubygems = { gem_compare, gem_order, gem_valid, gem_satisfies };
