/*
 * src/match/distro.c: the distribution rule shared by Debian, Ubuntu,
 * Alpine and the RPM distributions: fixed versions compared with the
 * family's comparator, unfixed / will-not-fix / deferred / end-of-life
 * records, and "already fixed" evidence winning over "affected".
 */
#include <stdlib.h>
#include <string.h>

#include "match/match_int.h"
#include "util/xalloc.h"
#include "version/version.h"

static char *dup0(const char *s)
{
	return s ? dd_xstrdup(s) : NULL;
}

void dd_verdict_release(struct dd_verdict *v)
{
	free(v->fixed);
	free(v->severity);
	free(v->source);
	dd_buf_release(&v->reason);
	memset(v, 0, sizeof(*v));
}

/* ---- the distribution rule --------------------------------------------------- */

static int vcmp(enum dd_eco eco, const char *a, const char *b, bool *ok)
{
	int c = 0;

	if (dd_version_compare(eco, dd_slice_str(a), dd_slice_str(b), &c) < 0) {
		*ok = false;
		return dd_version_cmp(eco, a, b);
	}
	return c;
}

void dd_rule_distro(enum dd_eco eco, const char *installed, const struct dd_rec *const *recs,
		    size_t n, struct dd_verdict *v, struct dd_buf *trail)
{
	const struct dd_rec *fixed_by = NULL;	/* a record saying the installed version has the fix */
	size_t i;

	for (i = 0; i < n; i++) {
		const struct dd_rec *r = recs[i];
		const char *src = r->source ? r->source : "?";
		bool ok = true;

		if (r->n_events || r->n_versions) {
			struct dd_verdict ov = { 0 };

			dd_rule_osv(eco, installed, &recs[i], 1, &ov, trail);
			if (ov.vulnerable && (!v->vulnerable || (ov.fixed && (!v->fixed ||
						     vcmp(eco, ov.fixed, v->fixed, &ok) < 0)))) {
				free(v->fixed);
				v->fixed = ov.fixed;
				ov.fixed = NULL;
				dd_buf_reset(&v->reason);
				dd_buf_adds(&v->reason, ov.reason.buf);
				free(v->source);
				v->source = dup0(r->source);
				v->status = v->fixed ? DD_STATUS_FIXED : DD_STATUS_AFFECTED;
				v->vulnerable = true;
			}
			if (!v->severity && r->severity)
				v->severity = dd_xstrdup(r->severity);
			dd_verdict_release(&ov);
			continue;
		}
		switch (r->status) {
		case DD_STATUS_FIXED:
			if (!r->fixed || strcmp(r->fixed, "0") == 0) {
				if (trail)
					dd_buf_addf(trail, "  %s %s [%s]: NOT matched: fixed in every version\n",
						    r->ns, r->package, src);
				fixed_by = r;
				break;
			}
			if (vcmp(eco, installed, r->fixed, &ok) < 0) {
				if (trail)
					dd_buf_addf(trail, "  %s %s [%s]: MATCHED: %s < fixed %s%s\n", r->ns,
						    r->package, src, installed, r->fixed,
						    ok ? "" : " (not valid versions: byte comparison)");
				if (!v->vulnerable || v->status != DD_STATUS_FIXED || !v->fixed ||
				    vcmp(eco, r->fixed, v->fixed, &ok) < 0) {
					free(v->fixed);
					v->fixed = dd_xstrdup(r->fixed);
					v->status = DD_STATUS_FIXED;
					dd_buf_reset(&v->reason);
					dd_buf_addf(&v->reason, "%s %s: installed %s < fixed %s (%s)", r->ns,
						    r->package, installed, r->fixed, dd_eco_name(eco));
					free(v->source);
					v->source = dup0(r->source);
				}
				v->vulnerable = true;
			} else {
				if (trail)
					dd_buf_addf(trail, "  %s %s [%s]: NOT matched: %s >= fixed %s\n", r->ns,
						    r->package, src, installed, r->fixed);
				fixed_by = r;
			}
			break;
		case DD_STATUS_AFFECTED:
		case DD_STATUS_WONTFIX:
		case DD_STATUS_DEFERRED:
		case DD_STATUS_EOL:
			if (trail)
				dd_buf_addf(trail, "  %s %s [%s]: MATCHED: %s, every version affected\n", r->ns,
					    r->package, src, dd_status_name(r->status));
			if (!v->vulnerable) {
				v->status = r->status;
				dd_buf_reset(&v->reason);
				dd_buf_addf(&v->reason, "%s %s: %s, no fixed version", r->ns, r->package,
					    dd_status_name(r->status));
				free(v->source);
				v->source = dup0(r->source);
			}
			v->vulnerable = true;
			break;
		default:
			if (trail)
				dd_buf_addf(trail, "  %s %s [%s]: NOT matched: %s\n", r->ns, r->package, src,
					    dd_status_name(r->status));
			break;
		}
		if (r->severity && (!v->severity || r->status != DD_STATUS_NOT_AFFECTED)) {
			if (!v->severity)
				v->severity = dd_xstrdup(r->severity);
		}
	}
	if (v->vulnerable && fixed_by && v->status != DD_STATUS_FIXED) {
		/* one source says the installed version has the fix: that evidence wins */
		if (trail)
			dd_buf_addf(trail, "  => %s [%s] records the installed version as fixed; "
				    "not reported\n", fixed_by->ns, fixed_by->source ? fixed_by->source : "?");
		v->vulnerable = false;
	}
}

