/*
 * src/report/table.c: the human-readable report. One section per target
 * (the OS packages, then each lockfile or package directory), findings
 * sorted by severity, columns that fit 80 characters (a longer value pushes
 * its row instead of being cut), then the packages that could not be
 * judged, pending security updates, and a summary line of counts. ANSI
 * colors only when opts->color.
 */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define W_SEV 9
#define W_ID 17
#define W_PKG 20
#define W_VER 17
#define WIDTH 80

static const char *sev_color(enum dd_severity s)
{
	switch (s) {
	case DD_SEV_CRITICAL:
		return "\033[1;31m";
	case DD_SEV_HIGH:
		return "\033[31m";
	case DD_SEV_MEDIUM:
		return "\033[33m";
	case DD_SEV_LOW:
		return "\033[34m";
	default:
		return "\033[2m";
	}
}

/*
 * Prints s at *col and pads to the start of the next column (cumulative
 * width end); a longer value pushes by one space and the next cells absorb
 * the overflow, so rows stay within 80 columns when they can.
 */
static void cell_at(struct dd_out *o, const char *s, int *col, int end)
{
	int n = (int)strlen(s);

	dd_out_puts(o, s);
	*col += n;
	if (*col >= end) {
		dd_out_puts(o, " ");
		*col += 1;
	} else {
		dd_out_printf(o, "%*s", end - *col, "");
		*col = end;
	}
}

/* Prints s padded to width w (or in full followed by one space when longer). */
static void cell(struct dd_out *o, const char *s, int w)
{
	int col = 0;

	cell_at(o, s, &col, w);
}

static const char *fixed_cell(const struct dd_finding *x)
{
	if (x->fixed)
		return x->fixed;
	switch (x->status) {
	case DD_STATUS_WONTFIX:
		return "(won't fix)";
	case DD_STATUS_DEFERRED:
		return "(deferred)";
	case DD_STATUS_EOL:
		return "(end of life)";
	default:
		return "(no fix)";
	}
}

static void counts_line(struct dd_out *o, const size_t *counts, size_t total)
{
	int s;
	bool first = true;

	dd_out_printf(o, "%zu", total);
	dd_out_puts(o, " (");
	for (s = DD_SEV__COUNT - 1; s >= 0; s--) {
		if (!counts[s] && (s == DD_SEV_NEGLIGIBLE || s == DD_SEV_UNKNOWN))
			continue;
		dd_out_printf(o, "%s%s: %zu", first ? "" : ", ", dd_severity_name(s), counts[s]);
		first = false;
	}
	dd_out_puts(o, ")");
}

static void header(struct dd_out *o, bool color)
{
	if (color)
		dd_out_puts(o, "\033[1m");
	cell(o, "SEVERITY", W_SEV);
	cell(o, "ID", W_ID);
	cell(o, "PACKAGE", W_PKG);
	cell(o, "INSTALLED", W_VER);
	dd_out_puts(o, "FIXED");
	if (color)
		dd_out_puts(o, "\033[0m");
	dd_out_puts(o, "\n");
}

static void row(struct dd_out *o, const struct dd_finding *x, const struct dd_report_opts *opts)
{
	const char *sev = dd_severity_name(x->severity);
	int col = 0;

	if (opts->color)
		dd_out_puts(o, sev_color(x->severity));
	dd_out_puts(o, sev);
	if (opts->color)
		dd_out_puts(o, "\033[0m");
	col = (int)strlen(sev);
	dd_out_printf(o, "%*s", W_SEV - col, "");
	col = W_SEV;
	cell_at(o, x->id, &col, W_SEV + W_ID);
	cell_at(o, x->pkg_name ? x->pkg_name : "", &col, W_SEV + W_ID + W_PKG);
	cell_at(o, x->installed ? x->installed : "", &col, W_SEV + W_ID + W_PKG + W_VER);
	if (col + (int)strlen(fixed_cell(x)) + (x->kev ? 6 : 0) > WIDTH &&
	    W_SEV + W_ID + W_PKG + W_VER < col)	/* continue under the FIXED column */
		dd_out_printf(o, "\n%*s", W_SEV + W_ID + W_PKG + W_VER, "");
	dd_out_puts(o, fixed_cell(x));
	if (x->kev)
		dd_out_puts(o, opts->color ? " \033[1;35m[KEV]\033[0m" : " [KEV]");
	dd_out_puts(o, "\n");
	if (x->suppressed)
		dd_out_printf(o, "%*s(suppressed: %s)\n", W_SEV, "", x->suppressed);
}

/* Prints the section of findings with target t, starting at index *i. */
static void section(struct dd_out *o, const struct dd_findings *f, size_t *i,
		    const struct dd_report_opts *opts)
{
	const char *t = f->v[*i].target ? f->v[*i].target : "(unknown target)";
	size_t counts[DD_SEV__COUNT] = { 0 };
	size_t j, n = 0, end;

	for (end = *i; end < f->n; end++) {
		const char *tt = f->v[end].target ? f->v[end].target : "(unknown target)";

		if (strcmp(tt, t) != 0)
			break;
		if (!f->v[end].suppressed) {
			counts[f->v[end].severity]++;
			n++;
		}
	}
	if (n || opts->show_suppressed) {
		dd_out_puts(o, "\n");
		if (opts->color)
			dd_out_printf(o, "\033[1m%s\033[0m\n", t);
		else
			dd_out_printf(o, "%s\n", t);
		dd_out_puts(o, "Vulnerabilities: ");
		counts_line(o, counts, n);
		dd_out_puts(o, "\n\n");
		header(o, opts->color);
		for (j = *i; j < end; j++)
			if (!f->v[j].suppressed || opts->show_suppressed)
				row(o, &f->v[j], opts);
	}
	*i = end;
}

/* The packages not covered, grouped by reason, names wrapped at WIDTH. */
static void uncovered(struct dd_out *o, const struct dd_findings *f)
{
	bool *done = dd_xcalloc(f->n_nc ? f->n_nc : 1, sizeof(bool));
	size_t i, j;

	for (i = 0; i < f->n_nc; i++) {
		const char *reason = f->nc[i].reason ? f->nc[i].reason : "no reason recorded";
		size_t col = WIDTH;

		if (done[i])
			continue;
		dd_out_printf(o, "\n%s:", reason);
		for (j = i; j < f->n_nc; j++) {
			const char *rj = f->nc[j].reason ? f->nc[j].reason : "no reason recorded";
			char *nv;
			size_t n;

			if (done[j] || strcmp(rj, reason) != 0)
				continue;
			done[j] = true;
			nv = dd_xasprintf("%s %s", f->nc[j].pkg_name ? f->nc[j].pkg_name : "",
					  f->nc[j].version ? f->nc[j].version : "");
			n = strlen(nv);
			if (col + n + 2 > WIDTH) {
				dd_out_puts(o, "\n ");
				col = 1;
			} else if (col > 1) {
				dd_out_puts(o, ",");
				col++;
			}
			dd_out_printf(o, " %s", nv);
			col += n + 1;
			free(nv);
		}
		dd_out_puts(o, "\n");
	}
	free(done);
}

int dd_report_table(struct dd_out *o, const struct dd_findings *f, const struct dd_report_opts *opts,
		    struct dd_err *e)
{
	static const struct dd_report_opts defaults = { 0 };
	size_t counts[DD_SEV__COUNT];
	size_t i, total = 0;

	(void)e;
	if (!opts)
		opts = &defaults;
	dd_out_printf(o, "%s", f->artifact ? f->artifact : "(unnamed target)");
	if (f->os_family)
		dd_out_printf(o, " (%s%s%s)", f->os_family, f->os_version ? " " : "",
			      f->os_version ? f->os_version : "");
	dd_out_printf(o, ": %zu packages\n", f->n_pkgs);
	for (i = 0; i < f->n;)
		section(o, f, &i, opts);

	if (f->n_pu) {
		dd_out_printf(o, "\nPending security updates (%zu)\n\n", f->n_pu);
		cell(o, "PACKAGE", W_PKG + W_SEV);
		cell(o, "INSTALLED", W_VER + 8);
		dd_out_puts(o, "AVAILABLE\n");
		for (i = 0; i < f->n_pu; i++) {
			cell(o, f->pu[i].pkg_name ? f->pu[i].pkg_name : "", W_PKG + W_SEV);
			cell(o, f->pu[i].installed ? f->pu[i].installed : "", W_VER + 8);
			dd_out_printf(o, "%s\n", f->pu[i].available ? f->pu[i].available : "");
		}
	}
	if (f->n_nc) {
		dd_out_printf(o, "\nNot covered by the vulnerability data (%zu)\n", f->n_nc);
		uncovered(o, f);
	}
	dd_findings_count(f, counts);
	for (i = 0; i < DD_SEV__COUNT; i++)
		total += counts[i];
	dd_out_puts(o, "\nTotal: ");
	counts_line(o, counts, total);
	dd_out_printf(o, "\nSuppressed: %zu, not covered: %zu, pending security updates: %zu\n",
		      f->n_suppressed, f->n_nc, f->n_pu);
	return 0;
}
