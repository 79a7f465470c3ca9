/*
 * src/version/vint.h: internals shared by the comparators in src/version/
 * (not for other modules). Each ecosystem file exports a comparator table
 * (struct vops) that version.c dispatches through, plus small helpers for
 * numeric strings, dot-separated prerelease identifiers, comparison lists
 * and bounded scanning.
 */
#ifndef DD_VERSION_VINT_H
#define DD_VERSION_VINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/parse.h"
#include "util/slice.h"
#include "version/eco.h"

/* Longest version or range string any comparator looks at; longer is invalid. */
#define DD_VERSION_MAX 4096

struct vops {
	/* 0 and *out, or -DDE_FORMAT when either side is invalid. No allocation. */
	int (*compare)(struct dd_slice a, struct dd_slice b, int *out);
	/* A total order over all byte strings (the ecosystem's own handling of invalid input). */
	int (*order)(struct dd_slice a, struct dd_slice b);
	bool (*valid)(struct dd_slice v);
	/* NULL: a generic comparison list (">= 1.0, < 2.0") through compare. */
	int (*satisfies)(struct dd_slice v, struct dd_slice range, bool *out, struct dd_err *e);
};

extern const struct vops dd_vops_dpkg, dd_vops_apk, dd_vops_rpm, dd_vops_npm, dd_vops_pypi,
	dd_vops_go, dd_vops_crates, dd_vops_maven, dd_vops_rubygems, dd_vops_nuget,
	dd_vops_packagist, dd_vops_generic;

/* npm with node-semver's options (loose parsing, includePrerelease in ranges). */
int dd_semver_npm_compare(struct dd_slice a, struct dd_slice b, bool loose, int *out);
bool dd_semver_npm_valid(struct dd_slice v, bool loose);
int dd_semver_npm_satisfies(struct dd_slice v, struct dd_slice range, bool loose, bool prerelease,
			    bool *out, struct dd_err *e);

/*
 * A comparison list through ops->compare: clauses "OP VERSION" (OP one of
 * = == != < <= > >=, none meaning =) joined by ',' or whitespace are ANDed;
 * groups joined by "||" are ORed. "*" or an empty group matches anything.
 */
int dd_version_cmplist(const struct vops *ops, struct dd_slice v, struct dd_slice range, bool *out,
		       struct dd_err *e);

/*
 * Interval notation (Maven, NuGet): "[1.0,2.0)", "(,1.0]", "[1.2]", "[1.0,)",
 * several ORed ("(,1.0],[1.2,)"). A range not starting with '[' or '(' is a
 * comparison list (dd_version_cmplist).
 */
int dd_version_brackets(const struct vops *ops, struct dd_slice v, struct dd_slice range, bool *out,
			struct dd_err *e);

static inline bool v_isdigit(int c) { return c >= '0' && c <= '9'; }
static inline bool v_isalpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static inline bool v_isalnum(int c) { return v_isdigit(c) || v_isalpha(c); }
static inline bool v_isspace(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
static inline int v_lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* Compares two runs of decimal digits by value (any length): <0, 0, >0. */
static inline int v_numcmp(const char *a, size_t an, const char *b, size_t bn)
{
	int r;

	while (an > 0 && *a == '0')
		a++, an--;
	while (bn > 0 && *b == '0')
		b++, bn--;
	if (an != bn)
		return an < bn ? -1 : 1;
	r = an ? memcmp(a, b, an) : 0;
	return (r > 0) - (r < 0);
}

/* Byte comparison of two slices, shorter prefix first: <0, 0, >0. */
static inline int v_bytecmp(struct dd_slice a, struct dd_slice b)
{
	size_t n = a.len < b.len ? a.len : b.len;
	int r = n ? memcmp(a.ptr, b.ptr, n) : 0;

	if (r)
		return r < 0 ? -1 : 1;
	return (a.len > b.len) - (a.len < b.len);
}

/* Case-insensitive (ASCII) equality of a slice and a lowercase literal. */
static inline bool v_ieq(struct dd_slice s, const char *lit)
{
	size_t i, n = strlen(lit);

	if (s.len != n)
		return false;
	for (i = 0; i < n; i++)
		if (v_lower((unsigned char)s.ptr[i]) != lit[i])
			return false;
	return true;
}

static inline int v_sign(int r) { return (r > 0) - (r < 0); }

/*
 * Compares dot-separated prerelease identifiers (SemVer-style, as Go and
 * NuGet use them): an empty list (a release) sorts after any non-empty one;
 * identifiers compare numerically when both are all digits, a numeric one
 * before a non-numeric one, otherwise by bytes (ASCII case-insensitively if
 * nocase), shorter first on a common prefix; fewer identifiers first.
 * Returns <0, 0, >0 as -1, 0, 1.
 */
static inline int v_dotcmp(struct dd_slice a, struct dd_slice b, bool nocase)
{
	const char *p = a.ptr, *pe, *q = b.ptr, *qe;

	if (a.len == 0 || b.len == 0)
		return (a.len == 0) - (b.len == 0);
	pe = p + a.len;	/* only now: an empty slice's ptr may be NULL */
	qe = q + b.len;
	for (;;) {
		const char *ps = p, *qs = q;
		bool pd = true, qd = true;
		size_t la, lb, i;
		int r = 0;

		if (p >= pe || q >= qe)
			return (p < pe) - (q < qe);
		while (p < pe && *p != '.')
			pd = pd && v_isdigit((unsigned char)*p), p++;
		while (q < qe && *q != '.')
			qd = qd && v_isdigit((unsigned char)*q), q++;
		la = (size_t)(p - ps);
		lb = (size_t)(q - qs);
		if (pd && qd) {
			r = v_numcmp(ps, la, qs, lb);
		} else if (pd != qd) {
			r = pd ? -1 : 1;
		} else {
			for (i = 0; i < la && i < lb && !r; i++) {
				int c = (unsigned char)ps[i], d = (unsigned char)qs[i];

				r = nocase ? v_lower(c) - v_lower(d) : c - d;
			}
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

#endif
