/*
 * src/report/report.h: the vulnerability report writers: a table for
 * people (table.c), drydock's native JSON (report_json.c, documented in
 * docs/report-json.md), SARIF 2.1.0 for code-scanning tools (sarif.c) and
 * CycloneDX 1.6 with its vulnerabilities section (vuln_cyclonedx.c). Each
 * writes a struct dd_findings to a struct dd_out and prints nothing else.
 */
#ifndef DD_REPORT_REPORT_H
#define DD_REPORT_REPORT_H

#include <stdbool.h>

#include "match/match.h"
#include "util/err.h"
#include "util/out.h"

enum dd_report_format {
	DD_REPORT_TABLE,
	DD_REPORT_JSON,
	DD_REPORT_SARIF,
	DD_REPORT_CYCLONEDX,
};

struct dd_report_opts {
	bool color;		/* ANSI colors in the table */
	bool show_suppressed;	/* table: list suppressed findings too */
	const char *timestamp;	/* RFC 3339 time stamp for SBOM metadata; NULL = now (or SOURCE_DATE_EPOCH) */
};

/* Parses "table", "json", "sarif", "cyclonedx" (also "cdx"); -DDE_NOTFOUND otherwise. */
int dd_report_format_parse(const char *name, enum dd_report_format *out);

/*
 * Writes findings (sorted by the caller with dd_findings_sort) in the
 * format. Suppressed findings are left out of the table, SARIF and
 * CycloneDX, and listed apart in the native JSON. Returns 0 or a negative
 * code with a message in e (write errors stay sticky in o).
 */
int dd_report_write(struct dd_out *o, enum dd_report_format fmt, const struct dd_findings *f,
		    const struct dd_report_opts *opts, struct dd_err *e);

int dd_report_table(struct dd_out *o, const struct dd_findings *f, const struct dd_report_opts *opts,
		    struct dd_err *e);
int dd_report_json(struct dd_out *o, const struct dd_findings *f, const struct dd_report_opts *opts,
		   struct dd_err *e);
int dd_report_sarif(struct dd_out *o, const struct dd_findings *f, const struct dd_report_opts *opts,
		    struct dd_err *e);
int dd_report_cyclonedx(struct dd_out *o, const struct dd_findings *f, const struct dd_report_opts *opts,
			struct dd_err *e);

/* Internal helpers shared by the writers (report_json.c). */
/* Heap JSON dump of root (steals the reference) followed by '\n' to o. */
int dd_report_dump_json(struct dd_out *o, void *json_root, struct dd_err *e);
/* RFC 3339 UTC time stamp of opts->timestamp, SOURCE_DATE_EPOCH or now into buf[32]. */
void dd_report_timestamp(const struct dd_report_opts *opts, char buf[32]);
/* A purl, or a stable stand-in "drydock:<eco>/<name>@<version>" (caller frees). */
char *dd_report_pkg_ref(const struct dd_finding *x);

#endif
