/*
 * src/version/apk.c: Alpine apk-tools version ordering:
 * digit{.digit}...{letter}{_suffix{number}}...{~hash}{-rN}. Pre-release
 * suffixes (_alpha _beta _pre _rc) sort before the bare version, the
 * post-release ones (_cvs _svn _git _hg _p) after; a digit group with a
 * leading zero compares as text. Like apk, the comparison walks tokens
 * until they differ, so it also orders invalid strings.
 */
#include "version/vint.h"

enum tok {
	T_FIRST,	/* the leading number */
	T_DIGIT,	/* .N */
	T_LETTER,
	T_SUFFIX,
	T_SUFFIX_NO,
	T_HASH,		/* ~hex */
	T_REV,		/* -rN */
	T_END,
	T_INVALID,
};

enum suf { S_INVALID, S_ALPHA, S_BETA, S_PRE, S_RC, S_NONE, S_CVS, S_SVN, S_GIT, S_HG, S_P };

struct tstate {
	enum tok tok;
	int suffix;
	uint64_t num;		/* wraps like apk's own parser on absurd lengths */
	struct dd_slice val;
	const char *p, *end;
};

static int suffix_of(struct dd_slice s)
{
	static const struct {
		const char *name;
		int val;
	} tab[] = {
		{ "alpha", S_ALPHA }, { "beta", S_BETA }, { "pre", S_PRE }, { "rc", S_RC },
		{ "cvs", S_CVS }, { "svn", S_SVN }, { "git", S_GIT }, { "hg", S_HG }, { "p", S_P },
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (dd_slice_eq(s, tab[i].name))
			return tab[i].val;
	return S_INVALID;
}

static void digits(struct tstate *t)
{
	const char *s = t->p;

	t->num = 0;
	while (t->p < t->end && v_isdigit((unsigned char)*t->p)) {
		t->num = t->num * 10 + (uint64_t)(*t->p - '0');
		t->p++;
	}
	t->val = dd_slice_of(s, (size_t)(t->p - s));
	if (t->val.len == 0)
		t->tok = T_INVALID;
}

static void first(struct tstate *t, struct dd_slice s)
{
	t->p = s.ptr;
	t->end = s.ptr + s.len;
	t->tok = T_FIRST;
	t->suffix = S_INVALID;
	digits(t);
}

static void next(struct tstate *t)
{
	int c;
	const char *s;

	if (t->p >= t->end) {
		t->tok = T_END;
		return;
	}
	c = (unsigned char)*t->p;
	if (c >= 'a' && c <= 'z') {
		if (t->tok > T_DIGIT)
			goto invalid;
		t->val = dd_slice_of(t->p, 1);
		t->tok = T_LETTER;
		t->p++;
		return;
	}
	if (c == '.' || v_isdigit(c)) {
		if (c == '.') {
			if (t->tok > T_DIGIT)
				goto invalid;
			t->p++;
		}
		if (t->tok == T_FIRST || t->tok == T_DIGIT)
			t->tok = T_DIGIT;
		else if (t->tok == T_SUFFIX)
			t->tok = T_SUFFIX_NO;
		else
			goto invalid;
		digits(t);
		return;
	}
	switch (c) {
	case '_':
		if (t->tok > T_SUFFIX_NO)
			goto invalid;
		s = ++t->p;
		while (t->p < t->end && *t->p >= 'a' && *t->p <= 'z')
			t->p++;
		t->val = dd_slice_of(s, (size_t)(t->p - s));
		t->suffix = suffix_of(t->val);
		if (t->suffix == S_INVALID)
			goto invalid;
		t->tok = T_SUFFIX;
		return;
	case '~':
		if (t->tok >= T_HASH)
			goto invalid;
		s = ++t->p;
		while (t->p < t->end && (v_isdigit((unsigned char)*t->p) ||
					 (*t->p >= 'a' && *t->p <= 'f')))
			t->p++;
		t->val = dd_slice_of(s, (size_t)(t->p - s));
		if (t->val.len == 0)
			goto invalid;
		t->tok = T_HASH;
		return;
	case '-':
		if (t->tok >= T_REV || t->end - t->p < 2 || t->p[1] != 'r')
			goto invalid;
		t->p += 2;
		t->tok = T_REV;
		digits(t);
		return;
	default:
		break;
	}
invalid:
	t->tok = T_INVALID;
}

static int tok_cmp(const struct tstate *a, const struct tstate *b)
{
	switch (a->tok) {
	case T_DIGIT:
		if (a->val.ptr[0] == '0' || b->val.ptr[0] == '0')
			return v_bytecmp(a->val, b->val);
		/* fall through */
	case T_FIRST:
	case T_SUFFIX_NO:
	case T_REV:
		return (a->num > b->num) - (a->num < b->num);
	case T_LETTER:
		return (a->val.ptr[0] > b->val.ptr[0]) - (a->val.ptr[0] < b->val.ptr[0]);
	case T_SUFFIX:
		return (a->suffix > b->suffix) - (a->suffix < b->suffix);
	default:
		return v_bytecmp(a->val, b->val);
	}
}

static int apk_order(struct dd_slice a, struct dd_slice b)
{
	struct tstate ta, tb;

	for (first(&ta, a), first(&tb, b); ta.tok == tb.tok && ta.tok < T_END; next(&ta), next(&tb)) {
		int r = tok_cmp(&ta, &tb);

		if (r)
			return r;
	}
	if (ta.tok == tb.tok)
		return 0;
	/* the longer one is greater unless it continues with a pre-release suffix */
	if (ta.tok == T_SUFFIX && ta.suffix < S_NONE)
		return -1;
	if (tb.tok == T_SUFFIX && tb.suffix < S_NONE)
		return 1;
	return ta.tok > tb.tok ? -1 : 1;
}

static bool apk_valid(struct dd_slice v)
{
	struct tstate t;

	if (v.len > DD_VERSION_MAX)
		return false;
	for (first(&t, v); t.tok < T_END; next(&t))
		;
	return t.tok == T_END;
}

static int apk_compare(struct dd_slice a, struct dd_slice b, int *out)
{
	if (!apk_valid(a) || !apk_valid(b))
		return -DDE_FORMAT;
	*out = apk_order(a, b);
	return 0;
}

const struct vops dd_vops_apk = { apk_compare, apk_order, apk_valid, NULL };
