/*
 * src/match/match.h: findings, the result of matching an inventory against
 * the vulnerability database, and the rules that produce them (one file per
 * distribution family: debian.c, alpine.c, rpm.c; lang.c for language
 * ecosystems; match.c dispatches), the --explain verdict trail (explain.c)
 * and the CI gating filters (filter.c).
 *
 * Ownership: a struct dd_findings owns every string in it (heap copies), so
 * it outlives the inventory, the image and the database it came from.
 */
#ifndef DD_MATCH_MATCH_H
#define DD_MATCH_MATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"
#include "version/eco.h"
#include "vulndb/vulndb.h"

struct dd_inventory;
struct dd_pkg;
struct dd_image_meta;

/* Normalised severities, in increasing order (so they compare with <). */
enum dd_severity {
	DD_SEV_UNKNOWN = 0,
	DD_SEV_NEGLIGIBLE,
	DD_SEV_LOW,
	DD_SEV_MEDIUM,
	DD_SEV_HIGH,
	DD_SEV_CRITICAL,
	DD_SEV__COUNT
};

/* "CRITICAL", "HIGH", ... "UNKNOWN". */
const char *dd_severity_name(enum dd_severity s);
/*
 * Parses a severity name in any case, including source spellings: Debian
 * urgencies (unimportant -> LOW, low/medium/high, "not yet assigned" ->
 * UNKNOWN), Ubuntu priorities (negligible), "moderate" -> MEDIUM,
 * "important" -> HIGH. Returns 0, or -DDE_NOTFOUND (then *out is UNKNOWN).
 */
int dd_severity_parse(const char *name, enum dd_severity *out);
/* CVSS v3 qualitative bands: 0 -> UNKNOWN (none), 0.1-3.9 LOW, 4-6.9 MEDIUM, 7-8.9 HIGH, 9+ CRITICAL. */
enum dd_severity dd_severity_from_cvss(double score);
/* Parses "CRITICAL,HIGH" into a bit mask (1u << severity); -DDE_USAGE naming a bad word. */
int dd_severity_parse_list(const char *list, unsigned *mask, struct dd_err *e);
/* "fixed", "affected", "will_not_fix", "fix_deferred", "not_affected", "end_of_life", "needs_triage", "unknown". */
const char *dd_status_name(enum dd_status s);
/* Parses a status name (also "wontfix", "deferred", "eol"); -DDE_NOTFOUND if unknown. */
int dd_status_parse(const char *name, enum dd_status *out);

/* One advisory matched against one installed package. */
struct dd_finding {
	char *id;			/* advisory id: "CVE-2024-1234", "GHSA-..." */
	char **aliases;		size_t n_aliases;
	char *title;			/* the advisory's summary, or NULL */
	char *url;			/* a reference for humans, or NULL */

	enum dd_eco eco;
	char *pkg_name;			/* binary / module name */
	char *src_name;			/* source package when it differs, else NULL */
	char *pkg_purl;			/* or NULL */
	char *installed;		/* installed version (binary package version) */
	char *fixed;			/* lowest fixed version above the installed one, or NULL */
	enum dd_status status;		/* FIXED when a fix exists, AFFECTED, WONTFIX, DEFERRED, EOL */

	enum dd_severity severity;
	char *severity_source;		/* "debian", "nvd", "ghsa", "cvss"... or NULL */
	double cvss_score;		/* -1 when none */
	char *cvss_vector;		/* or NULL */
	bool kev;
	double epss;			/* 0..1, -1 when none */

	char *target;			/* report group: "debian 12.5 (OS packages)", "app/package-lock.json" */
	char *found_in;			/* file the package was found in, or NULL */
	int layer;			/* layer that introduced the package, -1 unknown */
	char *layer_digest;		/* or NULL */
	char *layer_diff_id;		/* or NULL */
	char *created_by;		/* history command of that layer, or NULL */

	char *reason;			/* one line: the rule and comparison that matched */
	char *suppressed;		/* NULL, or why a filter removed it ("ignored by .drydockignore: ...") */
};

/* A package the database cannot judge, with the reason (never silently dropped). */
struct dd_uncovered {
	char *target;
	enum dd_eco eco;
	char *pkg_name;
	char *version;
	char *reason;			/* "no vulnerability data for alpine:3.99", ... */
};

/* The security suite has a newer version than the installed one. */
struct dd_pending {
	char *target;
	char *pkg_name;			/* binary package */
	char *src_name;			/* source package the suite index names */
	char *installed;
	char *available;
	size_t n_findings;		/* findings for this package fixed by the update (0: none recorded) */
};

/* What a scan found, plus the context reports print. */
struct dd_findings {
	struct dd_finding *v;		size_t n, cap;
	struct dd_uncovered *nc;	size_t n_nc, cap_nc;
	struct dd_pending *pu;		size_t n_pu, cap_pu;

	/* context, all optional (NULL / 0) */
	char *artifact;			/* the target as given: image path or ref, directory, SBOM file */
	char *artifact_kind;		/* "image", "directory", "sbom" */
	char *os_family, *os_version;	/* "debian", "12.5" */
	char *image_digest;		/* manifest or config digest */
	size_t n_pkgs;			/* packages examined */
	size_t n_suppressed;		/* findings with suppressed != NULL */
};

void dd_findings_init(struct dd_findings *f);
void dd_findings_release(struct dd_findings *f);
/* Appends a zeroed finding (cvss/epss -1, layer -1) for the caller to fill with heap strings. */
struct dd_finding *dd_findings_add(struct dd_findings *f);
struct dd_uncovered *dd_findings_add_uncovered(struct dd_findings *f);
struct dd_pending *dd_findings_add_pending(struct dd_findings *f);
/*
 * Sorts for output: by target, then severity (highest first), then
 * package name, then id. Stable across runs.
 */
void dd_findings_sort(struct dd_findings *f);
/* Number of unsuppressed findings per severity (counts[DD_SEV__COUNT]). */
void dd_findings_count(const struct dd_findings *f, size_t counts[DD_SEV__COUNT]);

/* ---- matching -------------------------------------------------------------- */

struct dd_match_opts {
	const struct dd_image_meta *meta;	/* for layer digests and history; NULL for directories */
	const char *explain_id;			/* --explain: record the trail for this advisory id */
	struct dd_buf *explain;			/* where the trail goes (when explain_id) */
	const char *apk_repositories;		/* content of etc/apk/repositories, or NULL */
};

/*
 * Matches every package of inv against db and appends findings, "not
 * covered" entries and pending security updates to out. Warnings (e.g. an
 * Alpine repository pointing at another branch) go through dd_warn().
 * Returns 0 or -DDE_DB (message in e).
 */
int dd_match_inventory(struct dd_vulndb *db, const struct dd_inventory *inv,
		       const struct dd_match_opts *opts, struct dd_findings *out, struct dd_err *e);

/*
 * Appends to trail what became of the findings for id (or an alias) after
 * filtering: reported, or suppressed and why. Returns how many there were.
 */
size_t dd_explain_outcome(struct dd_buf *trail, const struct dd_findings *f, const char *id);

/* ---- gating (filter.c) ----------------------------------------------------- */

struct dd_ignorefile;
struct dd_vex;

struct dd_filter_opts {
	unsigned severities;		/* bit mask of severities to keep; 0 keeps all */
	bool ignore_unfixed;		/* drop findings without a fixed version */
	unsigned ignore_status;		/* bit mask (1u << enum dd_status) of statuses to drop */
	int base_layers;		/* drop findings whose layer < base_layers; <= 0: keep */
	struct dd_ignorefile *ignore;	/* or NULL; entries remember they warned */
	const struct dd_vex *vex;		/* or NULL */
	const char *today;		/* "YYYY-MM-DD" for ignore-file expiry; NULL = the real date */
};

/*
 * Marks findings removed by the filters (finding->suppressed says why) and
 * counts them in f->n_suppressed. Expired ignore entries warn (dd_warn)
 * and do not apply.
 */
void dd_filter_apply(struct dd_findings *f, const struct dd_filter_opts *o);
/* True when an unsuppressed finding has severity >= fail_on. */
bool dd_filter_fails(const struct dd_findings *f, enum dd_severity fail_on);

/*
 * Parses a .drydockignore YAML document: a list (top level, or under
 * "ignore:") of mappings {id, package?, expires? (YYYY-MM-DD), reason?}.
 * name is the file name for messages. Returns 0, -DDE_FORMAT or -DDE_LIMIT
 * (more than 10000 entries or a document over 4 MiB) with a message in e.
 */
int dd_ignorefile_parse(struct dd_ignorefile **out, struct dd_slice data, const char *name,
			struct dd_err *e);
/* Reads and parses path. -errno when it cannot be read. */
int dd_ignorefile_load(struct dd_ignorefile **out, const char *path, struct dd_err *e);
void dd_ignorefile_free(struct dd_ignorefile *f);
size_t dd_ignorefile_count(const struct dd_ignorefile *f);

/*
 * Parses an OpenVEX JSON document: statements whose status is
 * "not_affected" or "fixed" suppress findings of their vulnerability (name
 * or aliases) for the products they list (purls; a product without
 * version matches any version; no products matches every package).
 * Returns 0, -DDE_FORMAT or -DDE_LIMIT with a message in e.
 */
int dd_vex_parse(struct dd_vex **out, struct dd_slice data, const char *name, struct dd_err *e);
int dd_vex_load(struct dd_vex **out, const char *path, struct dd_err *e);
void dd_vex_free(struct dd_vex *v);
size_t dd_vex_count(const struct dd_vex *v);

/*
 * Number of layers that belong to the base image, detected from the
 * history: the layers up to the last CMD/ENTRYPOINT metadata entry that has
 * more layers after it (the end of the base image's Dockerfile), or from
 * the org.opencontainers.image.base.* labels' layer count when present.
 * Returns -1 when the history says nothing.
 */
int dd_base_layers_detect(const struct dd_image_meta *meta);

#endif
