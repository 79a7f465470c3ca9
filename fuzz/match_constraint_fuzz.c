/*
 * fuzz/match_constraint_fuzz.c: the GHSA-style constraint lists of
 * src/match/lang.c (dd_ghsa_constraint) on arbitrary bytes, then through
 * the OSV rule as a record's affected-version entry (which falls back to
 * the ecosystem's own range parser). Input: one byte picking the ecosystem,
 * then "installed\nconstraint". Checks the result is -1/0/1, that
 * "C || C" gives the same answer as C (or -1 past the caps), that
 * "< V" / ">= V", "<= V" / "> V" and "= V" / "!= V" are complements
 * whenever both are answered (V the constraint taken as one version), that
 * "== I" is never false for the installed version I, and that the OSV
 * rule matches whenever C holds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "match/match_int.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* dd_ghsa_constraint on op followed by v. */
static int with_op(enum dd_eco eco, const char *inst, const char *op, const char *v)
{
	size_t a = strlen(op), b = strlen(v);
	char *s = malloc(a + b + 1);
	int r;

	if (!s)
		return -1;
	memcpy(s, op, a);
	memcpy(s + a, v, b + 1);
	r = dd_ghsa_constraint(eco, inst, s);
	free(s);
	return r;
}

/* Aborts unless x and y are complements (or either is unanswered). */
static void complements(int x, int y)
{
	if (x >= 0 && y >= 0 && x == y)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum dd_eco eco;
	const char *p, *nl;
	char *inst, *con, *twice;
	size_t rest, clen;
	int r;

	if (size < 1)
		return 0;
	eco = (enum dd_eco)(1 + data[0] % (DD_ECO__COUNT - 1));
	p = (const char *)data + 1;
	rest = size - 1;
	nl = memchr(p, '\n', rest);
	inst = strndup(p, nl ? (size_t)(nl - p) : rest);
	con = nl ? strndup(nl + 1, rest - (size_t)(nl - p) - 1) : strdup("");
	if (!inst || !con)
		goto out;
	r = dd_ghsa_constraint(eco, inst, con);
	if (r < -1 || r > 1)
		abort();
	clen = strlen(con);
	if (r >= 0 && 2 * clen + 4 <= DD_GHSA_MAX_LEN) {
		twice = malloc(2 * clen + 5);
		if (twice) {
			memcpy(twice, con, clen);
			memcpy(twice + clen, " || ", 4);
			memcpy(twice + clen + 4, con, clen + 1);
			int t = dd_ghsa_constraint(eco, inst, twice);

			/* -1 allowed: the doubled list may pass the comparator cap */
			if (t >= 0 && t != r)
				abort();
			free(twice);
		}
	}
	/* only when con and inst are one version token each, as the parser cuts them */
	if (clen <= DD_GHSA_MAX_VERSION && !strpbrk(con, " \t,|")) {
		complements(with_op(eco, inst, "< ", con), with_op(eco, inst, ">= ", con));
		complements(with_op(eco, inst, "<= ", con), with_op(eco, inst, "> ", con));
		complements(with_op(eco, inst, "= ", con), with_op(eco, inst, "!= ", con));
	}
	if (strlen(inst) <= DD_GHSA_MAX_VERSION && !strpbrk(inst, " \t,|<>=!") &&
	    with_op(eco, inst, "== ", inst) == 0)
		abort();
	{
		struct dd_rec rec = { 0 };
		const struct dd_rec *recs[1] = { &rec };
		struct dd_verdict v = { 0 };
		struct dd_buf trail = DD_BUF_INIT;
		char *versions[1] = { con };

		rec.id = (char *)"GHSA-fuzz";
		rec.ns = (char *)"ns";
		rec.package = (char *)"pkg";
		rec.status = DD_STATUS_FIXED;
		rec.source = (char *)"fuzz";
		rec.versions = versions;
		rec.n_versions = 1;
		dd_rule_osv(eco, inst, recs, 1, &v, &trail);
		if (r == 1 && !v.vulnerable)
			abort();
		dd_verdict_release(&v);
		dd_buf_release(&trail);
	}
out:
	free(inst);
	free(con);
	return 0;
}
