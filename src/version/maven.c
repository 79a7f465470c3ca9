/*
 * src/version/maven.c: Maven versions (ComparableVersion, the rules of
 * Maven 4's maven-artifact): a version is split at '.', '-' and at
 * digit/letter transitions into numbers, qualifiers and letter+number
 * combinations, nested in lists at each '-' or transition; known
 * qualifiers order alpha < beta < milestone < rc < snapshot < "" (ga,
 * final, release) < sp < other text. Ranges use Maven's bracket syntax
 * ("[1.0,2.0)", "(,1.0],[1.2,)"); anything else is a comparison list.
 * Parsing fills a fixed node pool on the stack: no allocation.
 */
#include "version/vint.h"

#define MVN_MAX_LEN 256		/* ComparableVersion's MAX_VERSION_LENGTH */
#define MVN_MAX_NODES (2 * MVN_MAX_LEN + 4)

enum mtype { M_NUM, M_STR, M_COMB, M_LIST };

struct mnode {
	unsigned char type;
	signed char rank;	/* strings: qualifier rank 0..6, 7 = other text */
	short first, next;	/* lists: first child; every node: next sibling (-1: none) */
	struct dd_slice s;	/* number digits (no leading zeros) or string */
	struct dd_slice d;	/* combination: the number part */
};

struct mver {
	struct mnode n[MVN_MAX_NODES];
	int count;
	int root;
};

/* ---- qualifiers ---- */

static bool ieq(struct dd_slice s, const char *lit)
{
	return v_ieq(s, lit);
}

static int rank_of(struct dd_slice s, bool followed_by_digit)
{
	static const char *const q[] = { "alpha", "beta", "milestone", "rc", "snapshot", "", "sp" };
	int i;

	if (followed_by_digit && s.len == 1) {
		int c = v_lower((unsigned char)s.ptr[0]);

		if (c == 'a')
			return 0;
		if (c == 'b')
			return 1;
		if (c == 'm')
			return 2;
	}
	if (ieq(s, "cr"))
		return 3;
	if (ieq(s, "ga") || ieq(s, "final") || ieq(s, "release"))
		return 5;
	for (i = 0; i < 7; i++)
		if (ieq(s, q[i]))
			return i;
	return 7;
}

/* Decodes one UTF-8 code point (invalid bytes stand for themselves). */
static unsigned cp_next(const char **pp, const char *end)
{
	const unsigned char *p = (const unsigned char *)*pp;
	unsigned c = p[0], n = 0, i;

	if (c >= 0xc0 && c < 0xe0)
		n = 1, c &= 0x1f;
	else if (c >= 0xe0 && c < 0xf0)
		n = 2, c &= 0x0f;
	else if (c >= 0xf0 && c < 0xf8)
		n = 3, c &= 0x07;
	if (n > 0 && (size_t)(end - *pp) <= n) {
		*pp += 1;
		return p[0];
	}
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*pp += 1;
			return p[0];
		}
		c = (c << 6) | (p[i] & 0x3f);
	}
	*pp += n + 1;
	return c;
}

/* Lower case as Java's toLowerCase(Locale.ENGLISH) does for common scripts. */
static unsigned cp_lower(unsigned c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7) ||
	    (c >= 0x391 && c <= 0x3ab && c != 0x3a2) || (c >= 0x410 && c <= 0x42f))
		return c + 0x20;
	if (c >= 0x400 && c <= 0x40f)
		return c + 0x50;
	return c;
}

/* Compares unknown qualifiers as lower-cased text (code point order). */
static int text_cmp(struct dd_slice a, struct dd_slice b)
{
	const char *p = a.ptr, *pe = a.ptr + a.len, *q = b.ptr, *qe = b.ptr + b.len;

	while (p < pe && q < qe) {
		unsigned x = cp_lower(cp_next(&p, pe)), y = cp_lower(cp_next(&q, qe));

		if (x != y)
			return x < y ? -1 : 1;
	}
	return (p < pe) - (q < qe);
}

/* ---- parsing ---- */

static int node(struct mver *v, enum mtype t)
{
	struct mnode *n = &v->n[v->count];

	n->type = (unsigned char)t;
	n->rank = 5;
	n->first = n->next = -1;
	n->s = n->d = dd_slice_of("", 0);
	return v->count++;
}

static void list_add(struct mver *v, int list, int item)
{
	short *link = &v->n[list].first;

	while (*link >= 0)
		link = &v->n[*link].next;
	*link = (short)item;
}

static struct dd_slice strip_zeros(struct dd_slice s)
{
	while (s.len > 0 && s.ptr[0] == '0')
		s.ptr++, s.len--;
	return s;
}

static int parse_item(struct mver *v, bool comb, bool digit, const char *s, const char *e)
{
	int id;

	if (comb) {
		const char *d = s;

		id = node(v, M_COMB);
		while (d < e && !v_isdigit((unsigned char)*d))
			d++;
		/* "rc-1" counts as "rc1": the string part ends at the '-' */
		v->n[id].s = dd_slice_of(s, (size_t)(d - s));
		if (v->n[id].s.len && v->n[id].s.ptr[v->n[id].s.len - 1] == '-')
			v->n[id].s.len--;
		v->n[id].rank = (signed char)rank_of(v->n[id].s, true);
		v->n[id].d = strip_zeros(dd_slice_of(d, (size_t)(e - d)));
		return id;
	}
	if (digit) {
		id = node(v, M_NUM);
		v->n[id].s = strip_zeros(dd_slice_of(s, (size_t)(e - s)));
		return id;
	}
	id = node(v, M_STR);
	v->n[id].s = dd_slice_of(s, (size_t)(e - s));
	v->n[id].rank = (signed char)rank_of(v->n[id].s, false);
	return id;
}

static bool is_null(const struct mver *v, int id)
{
	const struct mnode *n = &v->n[id];

	switch (n->type) {
	case M_NUM: return n->s.len == 0;
	case M_STR: return n->s.len == 0;
	case M_LIST: return n->first < 0;
	default: return false;
	}
}

static void normalize(struct mver *v, int list)
{
	int items[MVN_MAX_NODES], k = 0, i;
	int id;

	for (id = v->n[list].first; id >= 0; id = v->n[id].next)
		items[k++] = id;
	for (i = k - 1; i >= 0; i--) {
		bool drop = false;

		if (!is_null(v, items[i]))
			continue;
		if (i == k - 1 || v->n[items[i + 1]].type == M_STR) {
			drop = true;
		} else if (v->n[items[i + 1]].type == M_LIST) {
			int f = v->n[items[i + 1]].first;

			drop = f >= 0 && (v->n[f].type == M_COMB || v->n[f].type == M_STR);
		}
		if (drop) {
			memmove(&items[i], &items[i + 1], (size_t)(k - i - 1) * sizeof(int));
			k--;
		}
	}
	if (k == 1 && v->n[items[0]].type == M_LIST) {
		/* a list holding only a list takes its contents */
		int inner = items[0];

		k = 0;
		for (id = v->n[inner].first; id >= 0; id = v->n[id].next)
			items[k++] = id;
	}
	v->n[list].first = (short)(k ? items[0] : -1);
	for (i = 0; i < k; i++)
		v->n[items[i]].next = (short)(i + 1 < k ? items[i + 1] : -1);
}

static bool mparse(struct dd_slice in, struct mver *v)
{
	const char *s = in.ptr, *end = in.ptr + in.len;
	int stack[MVN_MAX_NODES], sp = 0, list;
	bool digit = false, comb = false;
	size_t i, start = 0, len = in.len;

	if (len > MVN_MAX_LEN)
		return false;
	v->count = 0;
	list = v->root = node(v, M_LIST);
	stack[sp++] = list;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c == '.') {
			if (i == start) {
				int z = node(v, M_NUM);

				list_add(v, list, z);
			} else {
				list_add(v, list, parse_item(v, comb, digit, s + start, s + i));
			}
			comb = false;
			start = i + 1;
		} else if (c == '-') {
			if (i == start) {
				list_add(v, list, node(v, M_NUM));
			} else {
				if (!digit && i != len - 1 && v_isdigit((unsigned char)s[i + 1])) {
					comb = true;
					continue;
				}
				list_add(v, list, parse_item(v, comb, digit, s + start, s + i));
			}
			start = i + 1;
			if (v->n[list].first >= 0) {
				int nl = node(v, M_LIST);

				list_add(v, list, nl);
				list = stack[sp++] = nl;
			}
			comb = false;
		} else if (v_isdigit((unsigned char)c)) {
			if (!digit && i > start) {
				comb = true;
				if (v->n[list].first >= 0) {
					int nl = node(v, M_LIST);

					list_add(v, list, nl);
					list = stack[sp++] = nl;
				}
			}
			digit = true;
		} else {
			if (digit && i > start) {
				int nl;

				list_add(v, list, parse_item(v, comb, true, s + start, s + i));
				start = i;
				nl = node(v, M_LIST);
				list_add(v, list, nl);
				list = stack[sp++] = nl;
				comb = false;
			}
			digit = false;
		}
	}
	if (len > start) {
		if (!digit && v->n[list].first >= 0) {
			int nl = node(v, M_LIST);

			list_add(v, list, nl);
			list = stack[sp++] = nl;
		}
		list_add(v, list, parse_item(v, comb, digit, s + start, end));
	}
	while (sp > 0)
		normalize(v, stack[--sp]);
	return true;
}

/* ---- comparison (item.compareTo(other); other < 0 is null) ---- */

static int mcmp(const struct mver *a, int x, const struct mver *b, int y);

static int num_cmp(struct dd_slice a, struct dd_slice b)
{
	return v_numcmp(a.ptr, a.len, b.ptr, b.len);
}

static int str_key_cmp(int ra, struct dd_slice a, int rb, struct dd_slice b)
{
	if (ra != rb)
		return ra < rb ? -1 : 1;
	return ra == 7 ? text_cmp(a, b) : 0;
}

/* string part of a combination compared with null */
static int str_null(int rank)
{
	return rank < 5 ? -1 : rank > 5 ? 1 : 0;
}

static int num_null(struct dd_slice d)
{
	return d.len ? 1 : 0;
}

static int list_null(const struct mver *a, int x)
{
	int id;

	for (id = a->n[x].first; id >= 0; id = a->n[id].next) {
		int r = mcmp(a, id, NULL, -1);

		if (r)
			return r;
	}
	return 0;
}

static int mcmp(const struct mver *a, int x, const struct mver *b, int y)
{
	const struct mnode *p = &a->n[x], *q = y >= 0 ? &b->n[y] : NULL;
	int r, id;

	switch (p->type) {
	case M_NUM:
		if (!q)
			return num_null(p->s);
		return q->type == M_NUM ? num_cmp(p->s, q->s) : 1;
	case M_STR:
		if (!q)
			return str_null(p->rank);
		switch (q->type) {
		case M_NUM:
			return -1;
		case M_STR:
			return str_key_cmp(p->rank, p->s, q->rank, q->s);
		case M_COMB:
			r = str_key_cmp(p->rank, p->s, q->rank, q->s);
			if (r == 0)
				return str_null(p->rank) == 0 ? -num_null(q->d) : -1;
			return r;
		default:
			return -mcmp(b, y, a, x);
		}
	case M_COMB:
		if (!q) {
			r = str_null(p->rank);
			return r ? r : num_null(p->d);
		}
		switch (q->type) {
		case M_NUM:
			return -1;
		case M_STR:
			r = str_key_cmp(p->rank, p->s, q->rank, q->s);
			if (r == 0)
				return str_null(p->rank) == 0 ? num_null(p->d) : 1;
			return r;
		case M_COMB:
			r = str_key_cmp(p->rank, p->s, q->rank, q->s);
			return r ? r : num_cmp(p->d, q->d);
		default:
			return -mcmp(b, y, a, x);
		}
	default:
		break;
	}
	/* list */
	if (!q)
		return p->first < 0 ? 0 : list_null(a, x);
	switch (q->type) {
	case M_NUM:
		return -1;
	case M_STR:
	case M_COMB:
		if (p->first < 0)
			return -mcmp(b, y, NULL, -1);
		r = mcmp(a, p->first, b, y);
		for (id = a->n[p->first].next; r == 0 && id >= 0; id = a->n[id].next)
			r = mcmp(a, id, NULL, -1);
		return r;
	default:
		break;
	}
	{
		int l = p->first, rr = q->first;

		while (l >= 0 || rr >= 0) {
			if (l < 0)
				r = -mcmp(b, rr, NULL, -1);
			else
				r = mcmp(a, l, b, rr);
			if (r)
				return r;
			if (l >= 0)
				l = a->n[l].next;
			if (rr >= 0)
				rr = b->n[rr].next;
		}
		return 0;
	}
}

static bool maven_valid(struct dd_slice v)
{
	size_t i;

	if (v.len == 0 || v.len > MVN_MAX_LEN)
		return false;
	for (i = 0; i < v.len; i++) {
		unsigned char c = (unsigned char)v.ptr[i];

		if (c <= ' ' || c == 0x7f || c == ',' || c == '[' || c == ']' || c == '(' || c == ')')
			return false;
	}
	return true;
}

static int maven_order(struct dd_slice a, struct dd_slice b)
{
	struct mver x, y;

	if (a.len > MVN_MAX_LEN || b.len > MVN_MAX_LEN) {
		if ((a.len > MVN_MAX_LEN) != (b.len > MVN_MAX_LEN))
			return a.len > MVN_MAX_LEN ? 1 : -1;
		return v_bytecmp(a, b);
	}
	mparse(a, &x);
	mparse(b, &y);
	return v_sign(mcmp(&x, x.root, &y, y.root));
}

static int maven_compare(struct dd_slice a, struct dd_slice b, int *out)
{
	if (!maven_valid(a) || !maven_valid(b))
		return -DDE_FORMAT;
	*out = maven_order(a, b);
	return 0;
}

static int maven_satisfies(struct dd_slice v, struct dd_slice range, bool *out, struct dd_err *e)
{
	return dd_version_brackets(&dd_vops_maven, v, range, out, e);
}

const struct vops dd_vops_maven = { maven_compare, maven_order, maven_valid, maven_satisfies };
