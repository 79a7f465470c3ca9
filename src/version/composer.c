/*
 * src/version/composer.c: Composer/Packagist versions and constraints.
 * Versions are normalised as Composer's VersionParser does
 * ("v1.2" -> "1.2.0.0", "1.0-b2" -> "1.0.0.0-beta2", "2.x-dev" ->
 * "2.9999999.9999999.9999999-dev", "dev-main" stays a branch) and then
 * compared with PHP's version_compare() rules (dev < alpha < beta < RC <
 * release < patch). Constraints: "^", "~", wildcards "1.2.*", hyphen
 * ranges "1.0 - 2.0", comparisons (= == != <> < <= > >=), AND by ',' or
 * space, OR by "||" or "|". Branches ("dev-x") only equal themselves.
 * Normalisation writes into a stack buffer: no allocation.
 */
#include <stdio.h>

#include "version/vint.h"

#define CNORM_MAX (DD_VERSION_MAX + 64)

struct cnorm {
	char s[CNORM_MAX];
	size_t len;
	bool branch;		/* "dev-..." */
};

static bool cadd(struct cnorm *n, const char *p, size_t len)
{
	if (n->len + len >= CNORM_MAX)
		return false;
	memcpy(n->s + n->len, p, len);
	n->len += len;
	n->s[n->len] = '\0';
	return true;
}

static bool cadds(struct cnorm *n, const char *s)
{
	return cadd(n, s, strlen(s));
}

static bool ieq_prefix(const char *p, const char *end, const char *lit)
{
	size_t n = strlen(lit), i;

	if ((size_t)(end - p) < n)
		return false;
	for (i = 0; i < n; i++)
		if (v_lower((unsigned char)p[i]) != lit[i])
			return false;
	return true;
}

/*
 * The stability modifier: [._-]?(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\d+)*)?([.-]?dev)?
 * from p to end. Appends "-<stability><n>" and/or "-dev". False if it does not match.
 */
static bool modifier(const char *p, const char *end, struct cnorm *n)
{
	static const char *const words[] = { "stable", "beta", "b", "rc", "alpha", "a", "patch", "pl", "p" };
	static const char *const expand[] = { "", "beta", "beta", "RC", "alpha", "alpha", "patch", "patch",
					      "patch" };
	const char *q = p;
	int w = -1;
	size_t i;

	if (q < end && (*q == '.' || *q == '_' || *q == '-'))
		q++;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (ieq_prefix(q, end, words[i])) {
			w = (int)i;
			q += strlen(words[i]);
			break;
		}
	}
	if (w < 0) {
		q = p;	/* no stability word: only "-dev" may follow */
	} else {
		const char *ns = q, *ne;

		while (q < end) {
			const char *r = q;

			if (*r == '.' || *r == '-')
				r++;
			if (r >= end || !v_isdigit((unsigned char)*r))
				break;
			while (r < end && v_isdigit((unsigned char)*r))
				r++;
			q = r;
		}
		ne = q;
		if (w != 0) {
			if (!cadds(n, "-") || !cadds(n, expand[w]))
				return false;
			while (ns < ne && (*ns == '.' || *ns == '-'))
				ns++;
			if (!cadd(n, ns, (size_t)(ne - ns)))
				return false;
		}
	}
	if (q < end) {
		if (*q == '.' || *q == '-')
			q++;
		if (!ieq_prefix(q, end, "dev") || q + 3 != end)
			return false;
		if (w == 0)
			n->len = n->len;	/* "stable-dev": Composer returns the bare version */
		else if (!cadds(n, "-dev"))
			return false;
	}
	return true;
}

/* Up to four dot-separated numbers (x, X or a star allowed when wild); returns parts read. */
static int numbers(const char **pp, const char *end, struct dd_slice part[4], bool wild, bool *has_x)
{
	const char *p = *pp;
	int k = 0;

	*has_x = false;
	while (k < 4) {
		const char *s = p;

		if (k > 0) {
			if (p + 1 >= end || *p != '.')
				break;
			if (!v_isdigit((unsigned char)p[1]) &&
			    !(wild && (p[1] == 'x' || p[1] == 'X' || p[1] == '*')))
				break;
			s = ++p;
		}
		if (wild && p < end && (*p == 'x' || *p == 'X' || *p == '*')) {
			p++;
			*has_x = true;
		} else {
			while (p < end && v_isdigit((unsigned char)*p))
				p++;
			if (p == s)
				break;
		}
		part[k++] = dd_slice_of(s, (size_t)(p - s));
	}
	*pp = p;
	return k;
}

static bool normalize(struct dd_slice in, struct cnorm *n)
{
	struct dd_slice s = dd_slice_trim(in), part[4];
	const char *p, *end, *sp;
	bool has_x;
	int k, i;

	n->len = 0;
	n->s[0] = '\0';
	n->branch = false;
	if (s.len == 0 || s.len > DD_VERSION_MAX)
		return false;
	/* "1.0 as 2.0" aliases and "@dev" flags */
	sp = memchr(s.ptr, ' ', s.len);
	if (sp)
		return false;
	p = s.ptr;
	end = s.ptr + s.len;
	if (memchr(p, '@', s.len))
		end = memchr(p, '@', s.len);
	if (ieq_prefix(p, end, "dev-")) {
		n->branch = true;
		return cadd(n, p, (size_t)(end - p));
	}
	if ((end - p == 6 && ieq_prefix(p, end, "master")) || (end - p == 5 && ieq_prefix(p, end, "trunk")) ||
	    (end - p == 7 && ieq_prefix(p, end, "default")))
		return cadds(n, "9999999-dev");
	/* build metadata */
	for (sp = p; sp < end; sp++) {
		if (*sp == '+') {
			end = sp;
			break;
		}
	}
	if (p < end && (*p == 'v' || *p == 'V'))
		p++;
	sp = p;
	k = numbers(&p, end, part, false, &has_x);
	if (k > 0 && part[0].len <= 5) {
		for (i = 0; i < 4; i++) {
			if (i && !cadds(n, "."))
				return false;
			if (!(i < k ? cadd(n, part[i].ptr, part[i].len) : cadds(n, "0")))
				return false;
		}
		if (modifier(p, end, n))
			return true;
	}
	/* date versions: 20230101, 2023.01.01, 2023-01-01-1 */
	n->len = 0;
	p = sp;
	if (end - p >= 6 && v_isdigit((unsigned char)p[0]) && v_isdigit((unsigned char)p[3])) {
		const char *q = p;

		while (q < end && (v_isdigit((unsigned char)*q) || *q == '.' || *q == ':' || *q == '-'))
			q++;
		while (q > p && !v_isdigit((unsigned char)q[-1]))
			q--;
		if (q - p >= 6) {
			const char *r;

			for (r = p; r < q; r++)
				if (!cadd(n, v_isdigit((unsigned char)*r) ? r : ".", 1))
					return false;
			if (modifier(q, end, n))
				return true;
		}
	}
	/* branches: "1.x-dev", "2.0.x-dev" */
	n->len = 0;
	p = sp;
	k = numbers(&p, end, part, true, &has_x);
	if (k > 0) {
		const char *q = p;

		if (q < end && (*q == '.' || *q == '-'))
			q++;
		if (ieq_prefix(q, end, "dev") && q + 3 == end) {
			for (i = 0; i < 4; i++) {
				bool x = i >= k || part[i].ptr[0] == 'x' || part[i].ptr[0] == 'X' ||
					 part[i].ptr[0] == '*';

				if (i && !cadds(n, "."))
					return false;
				if (!(x ? cadds(n, "9999999") : cadd(n, part[i].ptr, part[i].len)))
					return false;
			}
			return cadds(n, "-dev");
		}
	}
	return false;
}

/* ---- PHP version_compare() ---- */

static int special_form(const char *s, size_t len)
{
	static const struct {
		const char *name;
		int order;
	} forms[] = {
		{ "dev", 0 }, { "alpha", 1 }, { "a", 1 }, { "beta", 2 }, { "b", 2 }, { "RC", 3 },
		{ "rc", 3 }, { "#", 4 }, { "pl", 5 }, { "p", 5 },
	};
	size_t i;

	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		size_t n = strlen(forms[i].name);

		if (len >= n && memcmp(s, forms[i].name, n) == 0)
			return forms[i].order;
	}
	return -1;
}

/* Canonicalises like php_canonicalize_version into out. */
static size_t canon(const char *v, size_t len, char *out)
{
	size_t i, q = 0;
	int lp;

	if (len == 0)
		return 0;
	out[q++] = v[0];
	lp = (unsigned char)v[0];
	for (i = 1; i < len; i++) {
		int c = (unsigned char)v[i], lq = (unsigned char)out[q - 1];
		bool dig = v_isdigit(c), ldig = v_isdigit(lp);

		if (c == '-' || c == '_' || c == '+') {
			if (lq != '.')
				out[q++] = '.';
		} else if ((lp != '.' && !ldig && dig) || (ldig && c != '.' && !dig)) {
			if (lq != '.')
				out[q++] = '.';
			out[q++] = (char)c;
		} else if (!v_isalnum(c)) {
			if (lq != '.')
				out[q++] = '.';
		} else {
			out[q++] = (char)c;
		}
		lp = c;
	}
	return q;
}

static int php_cmp(const char *a, size_t al, const char *b, size_t bl)
{
	char ca[2 * CNORM_MAX], cb[2 * CNORM_MAX];
	size_t la = canon(a, al, ca), lb = canon(b, bl, cb), i = 0, j = 0;
	int r = 0;

	while (i < la && j < lb && r == 0) {
		size_t si = i, sj = j;

		while (i < la && ca[i] != '.')
			i++;
		while (j < lb && cb[j] != '.')
			j++;
		if (i > si && j > sj && v_isdigit((unsigned char)ca[si]) && v_isdigit((unsigned char)cb[sj]))
			r = v_numcmp(ca + si, i - si, cb + sj, j - sj);
		else if (i > si && j > sj && !v_isdigit((unsigned char)ca[si]) &&
			 !v_isdigit((unsigned char)cb[sj]))
			r = v_sign(special_form(ca + si, i - si) - special_form(cb + sj, j - sj));
		else if (i > si && v_isdigit((unsigned char)ca[si]))
			r = v_sign(4 - special_form(cb + sj, j - sj));
		else
			r = v_sign(special_form(ca + si, i - si) - 4);
		if (i < la)
			i++;
		if (j < lb)
			j++;
	}
	if (r == 0) {
		if (i < la)
			r = v_isdigit((unsigned char)ca[i]) ? 1 : v_sign(special_form(ca + i, la - i) - 4);
		else if (j < lb)
			r = v_isdigit((unsigned char)cb[j]) ? -1 : v_sign(4 - special_form(cb + j, lb - j));
	}
	return r;
}

static int ncmp(const struct cnorm *a, const struct cnorm *b)
{
	if (a->branch || b->branch) {
		if (a->branch != b->branch)
			return a->branch ? -1 : 1;
		return v_bytecmp(dd_slice_of(a->s, a->len), dd_slice_of(b->s, b->len));
	}
	return php_cmp(a->s, a->len, b->s, b->len);
}

static int composer_compare(struct dd_slice a, struct dd_slice b, int *out)
{
	struct cnorm x, y;

	if (!normalize(a, &x) || !normalize(b, &y))
		return -DDE_FORMAT;
	*out = ncmp(&x, &y);
	return 0;
}

static int composer_order(struct dd_slice a, struct dd_slice b)
{
	struct cnorm x, y;
	bool va = normalize(a, &x), vb = normalize(b, &y);

	if (va && vb)
		return ncmp(&x, &y);
	if (va != vb)
		return va ? 1 : -1;
	return v_bytecmp(a, b);
}

static bool composer_valid(struct dd_slice v)
{
	struct cnorm x;

	return normalize(v, &x);
}

/* ---- constraints ---- */

enum cop { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };

static bool holds(const struct cnorm *v, enum cop op, const struct cnorm *b)
{
	int c;

	if (v->branch || b->branch) {
		bool eq = v->branch == b->branch && v->len == b->len && memcmp(v->s, b->s, v->len) == 0;

		return op == OP_EQ ? eq : op == OP_NE ? !eq : false;
	}
	c = php_cmp(v->s, v->len, b->s, b->len);
	switch (op) {
	case OP_EQ: return c == 0;
	case OP_NE: return c != 0;
	case OP_LT: return c < 0;
	case OP_LE: return c <= 0;
	case OP_GT: return c > 0;
	default: return c >= 0;
	}
}

/* Builds "a.b.c.d" from parts, bumping part pos (0-based) by one and zeroing the rest. */
static bool bound(struct cnorm *n, const struct dd_slice part[4], int k, int pos, bool bump, const char *suffix)
{
	char num[32];
	int i;

	n->len = 0;
	n->branch = false;
	for (i = 0; i < 4; i++) {
		if (i && !cadds(n, "."))
			return false;
		if (i > pos || i >= k) {
			if (!cadds(n, "0"))
				return false;
		} else if (i == pos && bump) {
			uint64_t v = 0;
			size_t j;

			if (part[i].len > 18)
				return false;
			for (j = 0; j < part[i].len; j++)
				v = v * 10 + (uint64_t)(part[i].ptr[j] - '0');
			snprintf(num, sizeof(num), "%llu", (unsigned long long)(v + 1));
			if (!cadds(n, num))
				return false;
		} else if (!cadd(n, part[i].ptr, part[i].len)) {
			return false;
		}
	}
	return cadds(n, suffix);
}

static bool has_stability(struct dd_slice s)
{
	const char *p;

	for (p = s.ptr; p < s.ptr + s.len; p++)
		if (v_isalpha((unsigned char)*p) && !(p == s.ptr && (*p == 'v' || *p == 'V')))
			return true;
	return false;
}

/* One constraint: sets *in. */
static int one(const struct cnorm *v, struct dd_slice c, bool *in, struct dd_err *e)
{
	struct dd_slice part[4];
	struct cnorm lo, hi;
	const char *p, *end;
	bool has_x, tilde;
	int k, pos;
	enum cop op = OP_EQ;

	if (c.len && memchr(c.ptr, '@', c.len))
		c.len = (size_t)((const char *)memchr(c.ptr, '@', c.len) - c.ptr);
	if (c.len == 0 || dd_slice_eq(c, "*") || dd_slice_eq(c, "*.*") || dd_slice_eq(c, "*.*.*")) {
		*in = true;
		return 0;
	}
	p = c.ptr;
	end = c.ptr + c.len;
	if (*p == '^' || *p == '~') {
		tilde = *p == '~';
		p++;
		if (tilde && p < end && *p == '>')
			p++;
		if (p < end && (*p == 'v' || *p == 'V'))
			p++;
		k = numbers(&p, end, part, false, &has_x);
		if (k == 0 || !normalize(dd_slice_of(c.ptr + (tilde && c.ptr[1] == '>' ? 2 : 1),
						      (size_t)(end - c.ptr) - (tilde && c.ptr[1] == '>' ? 2 : 1)),
					  &lo))
			goto bad;
		if (!has_stability(dd_slice_of(p, (size_t)(end - p))) && !cadds(&lo, "-dev"))
			goto bad;
		if (tilde) {
			pos = k > 1 ? k - 2 : 0;
		} else {
			pos = 0;
			if (v_numcmp(part[0].ptr, part[0].len, "0", 1) == 0 && k > 1) {
				pos = 1;
				if (v_numcmp(part[1].ptr, part[1].len, "0", 1) == 0 && k > 2)
					pos = 2;
			}
		}
		if (!bound(&hi, part, k, pos, true, "-dev"))
			goto bad;
		*in = holds(v, OP_GE, &lo) && holds(v, OP_LT, &hi);
		return 0;
	}
	if (p < end && (*p == 'v' || *p == 'V') && p + 1 < end && v_isdigit((unsigned char)p[1]))
		p++;
	{
		const char *q = p;

		k = numbers(&q, end, part, true, &has_x);
		if (k > 0 && q == end && has_x) {
			/* wildcard: 1.2.* */
			int nx = 0;

			while (nx < k && !(part[nx].ptr[0] == 'x' || part[nx].ptr[0] == 'X' ||
					   part[nx].ptr[0] == '*'))
				nx++;
			if (nx == 0) {
				*in = true;
				return 0;
			}
			if (!bound(&lo, part, nx, nx - 1, false, "-dev") ||
			    !bound(&hi, part, nx, nx - 1, true, "-dev"))
				goto bad;
			*in = holds(v, OP_GE, &lo) && holds(v, OP_LT, &hi);
			return 0;
		}
	}
	p = c.ptr;
	if (dd_slice_starts(c, "<>") || dd_slice_starts(c, "!="))
		op = OP_NE, p += 2;
	else if (dd_slice_starts(c, ">="))
		op = OP_GE, p += 2;
	else if (dd_slice_starts(c, "<="))
		op = OP_LE, p += 2;
	else if (dd_slice_starts(c, "=="))
		op = OP_EQ, p += 2;
	else if (*p == '>')
		op = OP_GT, p++;
	else if (*p == '<')
		op = OP_LT, p++;
	else if (*p == '=')
		op = OP_EQ, p++;
	while (p < end && v_isspace((unsigned char)*p))
		p++;
	if (!normalize(dd_slice_of(p, (size_t)(end - p)), &lo))
		goto bad;
	if ((op == OP_LT || op == OP_GE) && !lo.branch &&
	    !has_stability(dd_slice_of(p, (size_t)(end - p))) && !cadds(&lo, "-dev"))
		goto bad;
	*in = holds(v, op, &lo);
	return 0;
bad:
	return dd_err_set(e, -DDE_FORMAT, "invalid constraint '%.*s'", DD_SLICE_FMT(c));
}

/* "A - B" */
static int hyphen(const struct cnorm *v, struct dd_slice a, struct dd_slice b, bool *in,
		  struct dd_err *e)
{
	struct cnorm lo, hi;
	struct dd_slice part[4];
	const char *p = b.ptr, *end = b.ptr + b.len;
	bool has_x;
	int k;

	if (!normalize(a, &lo) || !normalize(b, &hi))
		return dd_err_set(e, -DDE_FORMAT, "invalid range '%.*s - %.*s'", DD_SLICE_FMT(a),
				  DD_SLICE_FMT(b));
	if (!has_stability(a))
		cadds(&lo, "-dev");
	if (p < end && (*p == 'v' || *p == 'V'))
		p++;
	k = numbers(&p, end, part, false, &has_x);
	*in = holds(v, OP_GE, &lo);
	if (k >= 3 || has_stability(b)) {
		*in = *in && holds(v, OP_LE, &hi);
	} else {
		if (!bound(&hi, part, k, k - 1, true, "-dev"))
			return dd_err_set(e, -DDE_FORMAT, "invalid range end '%.*s'", DD_SLICE_FMT(b));
		*in = *in && holds(v, OP_LT, &hi);
	}
	return 0;
}

static int group(const struct cnorm *v, struct dd_slice g, bool *out, struct dd_err *e)
{
	const char *p = g.ptr, *end = g.ptr + g.len;
	bool all = true;

	for (;;) {
		const char *s, *opend;
		struct dd_slice tok, nxt;
		bool in = false;
		int r;

		while (p < end && (v_isspace((unsigned char)*p) || *p == ','))
			p++;
		if (p >= end)
			break;
		s = p;
		while (p < end && (*p == '<' || *p == '>' || *p == '=' || *p == '!' || *p == '^' || *p == '~'))
			p++;
		opend = p;
		while (p < end && v_isspace((unsigned char)*p) && opend > s)
			p++;
		while (p < end && !v_isspace((unsigned char)*p) && *p != ',')
			p++;
		tok = dd_slice_of(s, (size_t)(p - s));
		/* hyphen range "A - B" */
		{
			const char *q = p;

			while (q < end && v_isspace((unsigned char)*q))
				q++;
			if (opend == s && q + 1 < end && q[0] == '-' && v_isspace((unsigned char)q[1])) {
				const char *bs = q + 1, *be;

				while (bs < end && v_isspace((unsigned char)*bs))
					bs++;
				be = bs;
				while (be < end && !v_isspace((unsigned char)*be) && *be != ',')
					be++;
				nxt = dd_slice_of(bs, (size_t)(be - bs));
				r = hyphen(v, tok, nxt, &in, e);
				if (r < 0)
					return r;
				all = all && in;
				p = be;
				continue;
			}
		}
		r = one(v, tok, &in, e);
		if (r < 0)
			return r;
		all = all && in;
	}
	*out = all;
	return 0;
}

static int composer_satisfies(struct dd_slice v, struct dd_slice range, bool *out, struct dd_err *e)
{
	const char *p = range.ptr, *end = range.ptr + range.len;
	struct cnorm nv;
	bool any = false;

	if (!normalize(v, &nv))
		return dd_err_set(e, -DDE_FORMAT, "invalid Packagist version '%.*s'", DD_SLICE_FMT(v));
	for (;;) {
		const char *bar = memchr(p, '|', (size_t)(end - p));
		bool in = false;
		int r = group(&nv, dd_slice_of(p, (size_t)((bar ? bar : end) - p)), &in, e);

		if (r < 0)
			return r;
		any = any || in;
		if (!bar)
			break;
		p = bar + 1;
		if (p < end && *p == '|')
			p++;
	}
	*out = any;
	return 0;
}

const struct vops dd_vops_packagist = { composer_compare, composer_order, composer_valid,
					composer_satisfies };
