/*
 * src/match/explain.c: the end of the --explain verdict trail: what became
 * of each finding for the advisory once the gating filters ran (reported,
 * or suppressed and by what). The per-record lines are written while
 * matching (match.c, lang.c).
 */
#include <string.h>

#include "match/match.h"

static bool names(const struct dd_finding *x, const char *id)
{
	size_t i;

	if (strcmp(x->id, id) == 0)
		return true;
	for (i = 0; i < x->n_aliases; i++)
		if (strcmp(x->aliases[i], id) == 0)
			return true;
	return false;
}

size_t dd_explain_outcome(struct dd_buf *trail, const struct dd_findings *f, const char *id)
{
	size_t i, n = 0;

	for (i = 0; i < f->n; i++) {
		const struct dd_finding *x = &f->v[i];

		if (!names(x, id))
			continue;
		if (!n)
			dd_buf_adds(trail, "Outcome:\n");
		n++;
		dd_buf_addf(trail, "  %s %s %s (%s): %s, severity %s%s%s%s\n", x->id,
			    x->pkg_name ? x->pkg_name : "?", x->installed ? x->installed : "?",
			    x->target ? x->target : "?", x->suppressed ? "SUPPRESSED" : "REPORTED",
			    dd_severity_name(x->severity), x->fixed ? ", fixed in " : ", no fix",
			    x->fixed ? x->fixed : "", "");
		if (x->suppressed)
			dd_buf_addf(trail, "    by %s\n", x->suppressed);
		dd_buf_addf(trail, "    reason: %s\n", x->reason ? x->reason : "?");
	}
	if (!n)
		dd_buf_addf(trail, "Outcome: %s is not reported for this target.\n", id);
	return n;
}
