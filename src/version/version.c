/*
 * src/version/version.c: the public entry points of src/version/version.h:
 * dispatch by ecosystem to the comparator tables, and the generic
 * comparison-list range syntax (">= 1.0, < 2.0 || = 3.0") used by the
 * ecosystems without a range language of their own.
 */
#include "version/version.h"
#include "version/vint.h"

static const struct vops *ops_of(enum dd_eco eco)
{
	switch (eco) {
	case DD_ECO_DPKG: return &dd_vops_dpkg;
	case DD_ECO_APK: return &dd_vops_apk;
	case DD_ECO_RPM: return &dd_vops_rpm;
	case DD_ECO_NPM: return &dd_vops_npm;
	case DD_ECO_PYPI: return &dd_vops_pypi;
	case DD_ECO_GO: return &dd_vops_go;
	case DD_ECO_CRATES: return &dd_vops_crates;
	case DD_ECO_MAVEN: return &dd_vops_maven;
	case DD_ECO_RUBYGEMS: return &dd_vops_rubygems;
	case DD_ECO_NUGET: return &dd_vops_nuget;
	case DD_ECO_PACKAGIST: return &dd_vops_packagist;
	/* Dart's pub_semver, Elixir's Version and SwiftPM all follow SemVer 2.0 */
	case DD_ECO_PUB: return &dd_vops_crates;
	case DD_ECO_HEX: return &dd_vops_crates;
	case DD_ECO_SWIFT: return &dd_vops_crates;
	/* CocoaPods' Pod::Version is RubyGems' Gem::Version */
	case DD_ECO_COCOAPODS: return &dd_vops_rubygems;
	default: return &dd_vops_generic;
	}
}

int dd_version_compare(enum dd_eco eco, struct dd_slice a, struct dd_slice b, int *out)
{
	int r, c = 0;

	if (!a.ptr)
		a = dd_slice_of("", 0);
	if (!b.ptr)
		b = dd_slice_of("", 0);
	r = ops_of(eco)->compare(a, b, &c);
	if (r < 0)
		return r;
	*out = v_sign(c);
	return 0;
}

int dd_version_cmp(enum dd_eco eco, const char *a, const char *b)
{
	const struct vops *ops = ops_of(eco);
	struct dd_slice sa = dd_slice_str(a ? a : ""), sb = dd_slice_str(b ? b : "");
	int c = 0;

	if (ops->compare(sa, sb, &c) == 0)
		return v_sign(c);
	return v_sign(ops->order(sa, sb));
}

bool dd_version_valid(enum dd_eco eco, struct dd_slice v)
{
	if (!v.ptr)
		v = dd_slice_of("", 0);
	return ops_of(eco)->valid(v);
}

int dd_version_satisfies(enum dd_eco eco, struct dd_slice v, struct dd_slice range, bool *out,
			 struct dd_err *e)
{
	const struct vops *ops = ops_of(eco);

	if (!v.ptr)
		v = dd_slice_of("", 0);
	if (!range.ptr)
		range = dd_slice_of("", 0);
	if (range.len > DD_VERSION_MAX)
		return dd_err_set(e, -DDE_FORMAT, "range longer than %d bytes", DD_VERSION_MAX);
	if (!ops->valid(v))
		return dd_err_set(e, -DDE_FORMAT, "invalid %s version '%.*s'", dd_eco_name(eco),
				  DD_SLICE_FMT(v));
	if (ops->satisfies)
		return ops->satisfies(v, range, out, e);
	return dd_version_cmplist(ops, v, range, out, e);
}

enum op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };

static int parse_op(struct dd_slice s, enum op *out)
{
	static const struct {
		const char *s;
		enum op op;
	} tab[] = {
		{ "", OP_EQ }, { "=", OP_EQ }, { "==", OP_EQ }, { "!=", OP_NE }, { "<", OP_LT },
		{ "<=", OP_LE }, { ">", OP_GT }, { ">=", OP_GE },
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		if (dd_slice_eq(s, tab[i].s)) {
			*out = tab[i].op;
			return 0;
		}
	}
	return -DDE_FORMAT;
}

static bool op_holds(enum op op, int c)
{
	switch (op) {
	case OP_EQ: return c == 0;
	case OP_NE: return c != 0;
	case OP_LT: return c < 0;
	case OP_LE: return c <= 0;
	case OP_GT: return c > 0;
	case OP_GE: return c >= 0;
	}
	return false;
}

static inline bool is_op_char(int c)
{
	return c == '<' || c == '>' || c == '=' || c == '!' || c == '~' || c == '^';
}

/* One AND-group: sets *out; returns 0 or -DDE_FORMAT. */
static int eval_group(const struct vops *ops, struct dd_slice v, struct dd_slice g, bool *out,
		      struct dd_err *e)
{
	const char *p = g.ptr, *end = g.ptr + g.len;
	bool all = true;

	for (;;) {
		const char *os, *vs;
		struct dd_slice opsl, ver;
		enum op op;
		int c = 0;

		while (p < end && (v_isspace((unsigned char)*p) || *p == ','))
			p++;
		if (p >= end)
			break;
		os = p;
		while (p < end && is_op_char((unsigned char)*p))
			p++;
		opsl = dd_slice_of(os, (size_t)(p - os));
		while (p < end && v_isspace((unsigned char)*p))
			p++;
		vs = p;
		while (p < end && !v_isspace((unsigned char)*p) && *p != ',')
			p++;
		ver = dd_slice_of(vs, (size_t)(p - vs));
		if (parse_op(opsl, &op) < 0)
			return dd_err_set(e, -DDE_FORMAT, "unsupported operator '%.*s' in '%.*s'",
					  DD_SLICE_FMT(opsl), DD_SLICE_FMT(g));
		if (ver.len == 0)
			return dd_err_set(e, -DDE_FORMAT, "operator '%.*s' without a version",
					  DD_SLICE_FMT(opsl));
		if (opsl.len == 0 && dd_slice_eq(ver, "*"))
			continue;
		if (ops->compare(v, ver, &c) < 0)
			return dd_err_set(e, -DDE_FORMAT, "invalid version '%.*s' in range",
					  DD_SLICE_FMT(ver));
		if (!op_holds(op, c))
			all = false;
	}
	*out = all;
	return 0;
}

int dd_version_cmplist(const struct vops *ops, struct dd_slice v, struct dd_slice range, bool *out,
		       struct dd_err *e)
{
	const char *p = range.ptr, *end = range.ptr + range.len;
	bool any = false;

	for (;;) {
		const char *bar = NULL, *q;
		bool in = false;
		int r;

		for (q = p; q + 1 < end; q++) {
			if (q[0] == '|' && q[1] == '|') {
				bar = q;
				break;
			}
		}
		r = eval_group(ops, v, dd_slice_of(p, (size_t)((bar ? bar : end) - p)), &in, e);
		if (r < 0)
			return r;
		any = any || in;
		if (!bar)
			break;
		p = bar + 2;
	}
	*out = any;
	return 0;
}

/* Interval notation shared by Maven and NuGet: [a,b) (,b] [v] [a,) and unions of them. */
int dd_version_brackets(const struct vops *ops, struct dd_slice v, struct dd_slice range, bool *out,
			struct dd_err *e)
{
	const char *p = range.ptr, *end = range.ptr + range.len;
	bool any = false;

	while (p < end && v_isspace((unsigned char)*p))
		p++;
	if (p >= end || (*p != '[' && *p != '('))
		return dd_version_cmplist(ops, v, range, out, e);
	while (p < end) {
		const char *close, *comma;
		struct dd_slice lo, hi;
		bool lo_inc, hi_inc, in = true;
		int c = 0;

		while (p < end && (v_isspace((unsigned char)*p) || *p == ','))
			p++;
		if (p >= end)
			break;
		if (*p != '[' && *p != '(')
			goto bad;
		lo_inc = *p == '[';
		for (close = p + 1; close < end && *close != ']' && *close != ')'; close++)
			;
		if (close >= end)
			goto bad;
		hi_inc = *close == ']';
		comma = memchr(p + 1, ',', (size_t)(close - p - 1));
		if (comma) {
			lo = dd_slice_trim(dd_slice_of(p + 1, (size_t)(comma - p - 1)));
			hi = dd_slice_trim(dd_slice_of(comma + 1, (size_t)(close - comma - 1)));
		} else {
			/* "[1.0]" is exactly 1.0 */
			lo = hi = dd_slice_trim(dd_slice_of(p + 1, (size_t)(close - p - 1)));
			if (!lo_inc || !hi_inc || lo.len == 0)
				goto bad;
		}
		if (lo.len) {
			if (ops->compare(v, lo, &c) < 0)
				goto bad;
			in = in && (lo_inc ? c >= 0 : c > 0);
		}
		if (hi.len) {
			if (ops->compare(v, hi, &c) < 0)
				goto bad;
			in = in && (hi_inc ? c <= 0 : c < 0);
		}
		any = any || in;
		p = close + 1;
	}
	*out = any;
	return 0;
bad:
	return dd_err_set(e, -DDE_FORMAT, "invalid interval range '%.*s'", DD_SLICE_FMT(range));
}

