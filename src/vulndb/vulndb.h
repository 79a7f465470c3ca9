/*
 * src/vulndb/vulndb.h: the read side of drydock's vulnerability database,
 * one SQLite file opened read-only during scans. The write side (schema
 * creation, feed importers, `db update`) lives in the other files of
 * src/vulndb/; the schema is documented in docs/vulndb.md.
 *
 * Namespaces say where an affected record applies:
 *   distributions  "<family>:<release>": "debian:12", "ubuntu:22.04",
 *                  "alpine:3.19", "rhel:9", "rocky:9", "amazon:2023", ...
 *                  (Debian: major version; Ubuntu: VERSION_ID; Alpine:
 *                  major.minor; RPM distros: major version)
 *   ecosystems     the OSV ecosystem name from dd_eco_name(): "npm", "PyPI", "Go", ...
 * Distribution records are keyed by source package name; ecosystem
 * records by the package name as the ecosystem spells it (PyPI names
 * normalised per PEP 503, Maven "group:artifact").
 */
#ifndef DD_VULNDB_VULNDB_H
#define DD_VULNDB_VULNDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

enum dd_status {
	DD_STATUS_UNKNOWN = 0,
	DD_STATUS_FIXED,	/* fixed in fixed_version (or range events) */
	DD_STATUS_AFFECTED,	/* affected, no fix yet */
	DD_STATUS_WONTFIX,	/* the distribution will not fix (Debian ignored, Ubuntu ignored...) */
	DD_STATUS_DEFERRED,	/* postponed / deferred / no-dsa: fix may come in a point release */
	DD_STATUS_NOT_AFFECTED,	/* recorded as not vulnerable: never reported */
	DD_STATUS_EOL,		/* the release or package is out of support */
	DD_STATUS_NEEDS_TRIAGE,	/* not yet assessed (Ubuntu needs-triage): not reported */
	DD_STATUS_IGNORED,	/* Ubuntu "ignored" for the release: recorded, not reported */
};

enum dd_event_kind { DD_EV_INTRODUCED, DD_EV_FIXED, DD_EV_LAST_AFFECTED, DD_EV_LIMIT };

struct dd_event {
	enum dd_event_kind kind;
	const char *version;	/* "0" for introduced-at-the-beginning */
};

/* One affected record: an advisory's verdict on one package in one namespace. */
struct dd_affected {
	const char *advisory_id;	/* "CVE-2024-1234", "GHSA-...", "DSA-5555-1" */
	const char *namespace;
	const char *package;
	enum dd_status status;
	const char *fixed_version;	/* distro records: the fix; NULL when none */
	const char *severity;		/* the source's own rating for this record, or NULL */
	const char *range_type;		/* OSV range type "ECOSYSTEM", "SEMVER", "GIT"; NULL for distro records */
	const struct dd_event *events;	size_t n_events;	/* in feed order */
	const char *const *versions;	size_t n_versions;	/* explicit affected versions */
	const char *source;		/* feed name: "debian-tracker", "osv", "alpine-secdb", ... */
	const char *status_detail;	/* the source's own state word ("no-dsa", "postponed",
					   "end-of-life", "needs-triage", "DNE"...), or NULL */
};

/* The advisory itself, merged over sources. */
struct dd_advisory {
	char *id;
	char **aliases;		size_t n_aliases;
	char *summary;
	char *published, *modified;	/* RFC 3339, or NULL */
	char *severity;		/* normalised: "CRITICAL", "HIGH", "MEDIUM", "LOW", "NEGLIGIBLE", "UNKNOWN" */
	double cvss_score;	/* -1 when none */
	char *cvss_vector;	/* CVSS v3.x or v4 vector, or NULL */
	bool kev;		/* in CISA's Known Exploited Vulnerabilities catalogue */
	double epss;		/* EPSS probability 0..1, -1 when none */
	char **references;	size_t n_references;
};

struct dd_vulndb;

/*
 * Opens the database read-only and checks its schema version. Returns 0,
 * -DDE_NOTFOUND (no database: run `drydock db update`), -DDE_SCHEMA
 * (incompatible version: run `drydock db update`) or -DDE_DB.
 */
int dd_vulndb_open(struct dd_vulndb **out, const char *path, struct dd_err *e);
void dd_vulndb_close(struct dd_vulndb *db);

/*
 * Calls fn for every affected record of (namespace, package): one indexed
 * lookup. The record is borrowed for the duration of the call. fn returns
 * 0 to go on or a negative code to stop (returned). Returns 0 or -DDE_DB.
 */
int dd_vulndb_lookup(struct dd_vulndb *db, const char *ns, const char *package,
		     int (*fn)(void *arg, const struct dd_affected *a), void *arg, struct dd_err *e);
/* Reads one advisory; *out is the caller's (dd_advisory_free). -DDE_NOTFOUND if absent. */
int dd_vulndb_advisory(struct dd_vulndb *db, const char *id, struct dd_advisory **out, struct dd_err *e);
void dd_advisory_free(struct dd_advisory *a);
/*
 * The newest version of a source package in the distribution's security
 * suite for the namespace (e.g. bookworm-security), or NULL in *out. *out
 * is the caller's. Returns 0 or -DDE_DB.
 */
int dd_vulndb_security_update(struct dd_vulndb *db, const char *ns, const char *package, char **out,
			      struct dd_err *e);
/*
 * Security support notes (debian-security-support): *out is NULL or a note
 * such as "ended 2024-06-10: ..." / "limited: ...". Caller frees.
 */
int dd_vulndb_support_note(struct dd_vulndb *db, const char *ns, const char *package, char **out,
			   struct dd_err *e);
/* Whether the database holds any data for the namespace (for "not covered" verdicts). */
int dd_vulndb_has_namespace(struct dd_vulndb *db, const char *ns, bool *out, struct dd_err *e);

#endif
