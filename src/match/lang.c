/*
 * src/match/lang.c: the OSV rule for language ecosystems (and any record
 * that carries OSV range events): range events introduced / fixed /
 * last_affected / limit evaluated in version order with the ecosystem's
 * comparator, and explicit affected-version lists.
 */
#include <stdlib.h>
#include <string.h>

#include "match/match_int.h"
#include "util/xalloc.h"
#include "version/version.h"

/* Compares a with b under eco; "0" (the start of time) sorts first. -2 when incomparable. */
static int vcmp(enum dd_eco eco, const char *a, const char *b)
{
	int c = 0;

	if (strcmp(a, "0") == 0 || strcmp(b, "0") == 0)
		return strcmp(a, "0") == 0 ? (strcmp(b, "0") == 0 ? 0 : -1) : 1;
	if (dd_version_compare(eco, dd_slice_str(a), dd_slice_str(b), &c) < 0)
		return -2;
	return c < 0 ? -1 : c > 0;
}

static const char *kind_name(enum dd_event_kind k)
{
	switch (k) {
	case DD_EV_INTRODUCED:
		return "introduced";
	case DD_EV_FIXED:
		return "fixed";
	case DD_EV_LAST_AFFECTED:
		return "last_affected";
	case DD_EV_LIMIT:
		return "limit";
	}
	return "?";
}

/*
 * Evaluates one range. Sets *in when installed is inside it and *fix to the
 * fixed event closing the segment that holds installed (or NULL). Returns
 * false when a version could not be compared.
 */
static bool eval_range(enum dd_eco eco, const char *installed, const struct dd_rec *r, bool *in,
		       const char **fix, struct dd_buf *why)
{
	const struct dd_event **ev;
	size_t i, j, n = r->n_events;
	bool ok = true;

	*in = false;
	*fix = NULL;
	if (n == 0)
		return true;
	ev = dd_xmalloc(n * sizeof(*ev));
	for (i = 0; i < n; i++)
		ev[i] = &r->events[i];
	/* insertion sort by version; ties keep feed order */
	for (i = 1; i < n; i++) {
		const struct dd_event *x = ev[i];

		for (j = i; j > 0; j--) {
			int c = vcmp(eco, ev[j - 1]->version, x->version);

			if (c == -2)
				ok = false;
			if (c <= 0)
				break;
			ev[j] = ev[j - 1];
		}
		ev[j] = x;
	}
	for (i = 0; i < n && ok; i++) {
		int c = vcmp(eco, installed, ev[i]->version);

		if (c == -2) {
			ok = false;
			break;
		}
		switch (ev[i]->kind) {
		case DD_EV_INTRODUCED:
			if (c >= 0 && !*in) {
				*in = true;
				dd_buf_addf(why, "introduced %s <= %s", ev[i]->version, installed);
			}
			break;
		case DD_EV_FIXED:
		case DD_EV_LIMIT:
			if (c >= 0) {
				if (*in)
					dd_buf_addf(why, ", %s %s <= %s", kind_name(ev[i]->kind),
						    ev[i]->version, installed);
				*in = false;
			} else if (*in && !*fix) {
				if (ev[i]->kind == DD_EV_FIXED)
					*fix = ev[i]->version;
				dd_buf_addf(why, " < %s %s", kind_name(ev[i]->kind), ev[i]->version);
				i = n;	/* the segment holding installed is closed here */
			}
			break;
		case DD_EV_LAST_AFFECTED:
			if (c > 0) {
				if (*in)
					dd_buf_addf(why, ", last_affected %s < %s", ev[i]->version, installed);
				*in = false;
			} else if (*in) {
				dd_buf_addf(why, " <= last_affected %s", ev[i]->version);
				i = n;
			}
			break;
		}
	}
	free(ev);
	return ok;
}

/* The comparison operators of a GHSA constraint, longest first. */
static const char *const ghsa_ops[] = { "<=", ">=", "!=", "==", "<", ">", "=" };

/*
 * GHSA-style constraints ("< 1.2.3", ">= 1.0.0, < 1.2.3", alternatives
 * joined by "||"), as GitHub advisories and Trivy's DB write them for every
 * ecosystem. The comma means AND, which node-semver and others do not
 * accept, so each comparator is evaluated here with eco's comparator.
 * Comparators separated by spaces (node-semver ">=1.0.0 <1.2.3") are ANDed
 * too. See match_int.h for the result and the caps.
 */
int dd_ghsa_constraint(enum dd_eco eco, const char *installed, const char *lv)
{
	const char *p = lv;
	bool any = false, alt = true;
	int result = 0;
	size_t count = 0;

	if (strnlen(lv, DD_GHSA_MAX_LEN + 1) > DD_GHSA_MAX_LEN)
		return -1;
	for (;;) {
		char ver[DD_GHSA_MAX_VERSION + 1];
		const char *op = NULL;
		size_t n = 0, k;
		int c;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '\0' || (p[0] == '|' && p[1] == '|')) {
			if (!any)
				return -1;	/* empty alternative */
			if (alt)
				result = 1;
			if (*p == '\0')
				return result;
			p += 2;
			alt = true;
			any = false;
			continue;
		}
		if (++count > DD_GHSA_MAX_COMPARATORS)
			return -1;
		for (k = 0; k < sizeof(ghsa_ops) / sizeof(ghsa_ops[0]); k++) {
			n = strlen(ghsa_ops[k]);
			if (strncmp(p, ghsa_ops[k], n) == 0) {
				op = ghsa_ops[k];
				break;
			}
		}
		if (!op)
			return -1;
		p += n;
		if (*p == '<' || *p == '>' || *p == '=' || *p == '!')
			return -1;	/* "=<", "<>", ">>", "=!", "!<"... */
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '^' || *p == '~' || *p == '*' || *p == '<' || *p == '>' || *p == '=' ||
		    *p == '!')
			return -1;	/* a caret or tilde range, or ">= >= 1" */
		for (n = 0; p[n] && p[n] != ' ' && p[n] != '\t' && p[n] != ',' && p[n] != '|'; n++)
			;
		if (n == 0 || n > DD_GHSA_MAX_VERSION)
			return -1;
		memcpy(ver, p, n);
		ver[n] = '\0';
		p += n;
		if (strchr(ver, 'x') == ver + n - 1 || strchr(ver, '*'))
			return -1;	/* x-ranges ("1.x", "1.2.*") */
		c = vcmp(eco, installed, ver);
		if (c == -2)
			return -1;
		any = true;
		if (strcmp(op, "<") == 0)
			alt &= c < 0;
		else if (strcmp(op, "<=") == 0)
			alt &= c <= 0;
		else if (strcmp(op, ">") == 0)
			alt &= c > 0;
		else if (strcmp(op, ">=") == 0)
			alt &= c >= 0;
		else if (strcmp(op, "!=") == 0)
			alt &= c != 0;
		else	/* "=" and "==" */
			alt &= c == 0;
	}
}

void dd_rule_osv(enum dd_eco eco, const char *installed, const struct dd_rec *const *recs, size_t n,
		 struct dd_verdict *v, struct dd_buf *trail)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		const struct dd_rec *r = recs[i];
		struct dd_buf why = DD_BUF_INIT;
		bool in = false, listed = false;
		const char *fix = NULL;

		if (r->range_type && strcmp(r->range_type, "GIT") == 0) {
			if (trail)
				dd_buf_addf(trail, "  %s [%s]: GIT range, commits cannot be compared with versions\n",
					    r->ns, r->source ? r->source : "?");
			continue;
		}
		if (r->status == DD_STATUS_NOT_AFFECTED) {
			if (trail)
				dd_buf_addf(trail, "  %s [%s]: recorded as not affected\n", r->ns,
					    r->source ? r->source : "?");
			continue;
		}
		for (k = 0; k < r->n_versions && !listed; k++) {
			const char *lv = r->versions[k];

			if (strpbrk(lv, " ,<>=[]()|") ||
			    (eco != DD_ECO_DPKG && eco != DD_ECO_APK && eco != DD_ECO_RPM &&
			     strpbrk(lv, "^~*"))) {
				/*
				 * a GHSA-style constraint (">= 1.0.0, < 1.2.3"), else a range
				 * in the ecosystem's own syntax ("[2.9.0,2.9.10.7)", "^1.2")
				 */
				struct dd_err e = DD_ERR_INIT;
				bool in_range = false;
				int g = dd_ghsa_constraint(eco, installed, lv);

				if (g == 1) {
					listed = true;
					dd_buf_addf(&why, "%s satisfies %s", installed, lv);
				} else if (g < 0 &&
					   dd_version_satisfies(eco, dd_slice_str(installed), dd_slice_str(lv),
								&in_range, &e) == 0 && in_range) {
					listed = true;
					dd_buf_addf(&why, "%s satisfies %s", installed, lv);
				}
				dd_err_release(&e);
				continue;
			}
			listed = strcmp(lv, installed) == 0 || vcmp(eco, lv, installed) == 0;
		}
		if (!eval_range(eco, installed, r, &in, &fix, &why)) {
			if (trail)
				dd_buf_addf(trail, "  %s [%s]: NOT matched: %s or a range version is not a valid %s version\n",
					    r->ns, r->source ? r->source : "?", installed, dd_eco_name(eco));
			dd_buf_release(&why);
			continue;
		}
		if ((in || listed) && r->fixed && eco != DD_ECO_DPKG && eco != DD_ECO_APK &&
		    eco != DD_ECO_RPM)
			fix = r->fixed;	/* the source's own fixed-version text (Trivy's PatchedVersions) */
		if (in || listed) {
			bool better = !v->vulnerable ||
				      (fix && (!v->fixed || vcmp(eco, fix, v->fixed) < 0));

			if (better) {
				free(v->fixed);
				v->fixed = fix ? dd_xstrdup(fix) : NULL;
				dd_buf_reset(&v->reason);
				if (in)
					dd_buf_addf(&v->reason, "%s %s %s: %s", dd_eco_name(eco), r->package,
						    installed, why.buf);
				else
					dd_buf_addf(&v->reason, "%s %s %s: %s", dd_eco_name(eco), r->package,
						    installed, why.len ? why.buf : "listed as an affected version");
				free(v->source);
				v->source = r->source ? dd_xstrdup(r->source) : NULL;
			}
			if (!v->severity && r->severity)
				v->severity = dd_xstrdup(r->severity);
			v->vulnerable = true;
			if (trail)
				dd_buf_addf(trail, "  %s [%s]: MATCHED: %s\n", r->ns, r->source ? r->source : "?",
					    why.len ? why.buf : "installed version is listed");
		} else if (trail) {
			dd_buf_addf(trail, "  %s [%s]: NOT matched: %s is outside every range%s%s%s\n", r->ns,
				    r->source ? r->source : "?", installed, why.len ? " (" : "",
				    why.buf, why.len ? ")" : "");
		}
		dd_buf_release(&why);
	}
	if (v->vulnerable)
		v->status = v->fixed ? DD_STATUS_FIXED : DD_STATUS_AFFECTED;
}
