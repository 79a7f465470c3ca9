/*
 * src/vulndb/store.h: the write side of the vulnerability database (used by
 * the importers and `drydock db`, never by scans): opening a database file
 * for writing (creating the schema), replacing one source's records inside
 * a transaction, and the per-source bookkeeping (ETag, Last-Modified,
 * counts). The schema itself lives in schema.c and docs/vulndb.md.
 */
#ifndef DD_VULNDB_STORE_H
#define DD_VULNDB_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "util/err.h"
#include "vulndb/vulndb.h"

/* The schema version this build writes and reads (PRAGMA user_version). */
#define DD_VULNDB_SCHEMA 3

struct sqlite3;
struct dd_store;

/* Caps on what one record may carry (hostile feeds). */
#define DD_STORE_MAX_FIELD (64u * 1024)	/* bytes of one text field */
#define DD_STORE_MAX_LIST 4096		/* aliases, references, events, versions */

/* Creates the tables and indexes in an empty database; 0 or -DDE_DB. */
int dd_schema_create(struct sqlite3 *db, struct dd_err *e);
/* Checks PRAGMA user_version; 0, -DDE_SCHEMA, -DDE_DB. */
int dd_schema_check(struct sqlite3 *db, const char *path, struct dd_err *e);

/*
 * Opens (creating when absent) path for writing; the schema is created in
 * an empty file and checked in an existing one. ":memory:" works (fuzzing).
 */
int dd_store_open(struct dd_store **out, const char *path, struct dd_err *e);
/* Closes; NULL is a no-op. An open source transaction is rolled back. */
void dd_store_close(struct dd_store *s);
struct sqlite3 *dd_store_sqlite(struct dd_store *s);

/*
 * Starts writing records of source name (feed: the importer's name) in a
 * transaction. With replace, the source's previous records are deleted
 * first (inside the same transaction). Returns 0 or -DDE_DB.
 */
int dd_store_begin(struct dd_store *s, const char *name, const char *feed, bool replace,
		   struct dd_err *e);
/* Commits (commit true) or rolls back the source's transaction. */
int dd_store_end(struct dd_store *s, bool commit, struct dd_err *e);

/* Adds (or replaces, for this source) one advisory with its aliases and references. */
int dd_store_advisory(struct dd_store *s, const struct dd_advisory *a, struct dd_err *e);
/* Adds one alias pair (id <-> alias) for the current source, followed both ways. */
int dd_store_alias(struct dd_store *s, const char *id, const char *alias, struct dd_err *e);
/* Adds one affected record for the current source (a->source is ignored). */
int dd_store_affected(struct dd_store *s, const struct dd_affected *a, struct dd_err *e);
/* Enrichment: KEV membership, EPSS score (percentile may be -1). */
int dd_store_kev(struct dd_store *s, const char *cve, struct dd_err *e);
int dd_store_epss(struct dd_store *s, const char *cve, double score, double percentile,
		  struct dd_err *e);
/* Security-suite index: keeps the given version for (ns, package) (caller picks the newest). */
int dd_store_security_update(struct dd_store *s, const char *ns, const char *package,
			     const char *version, struct dd_err *e);
/* Security-support note; package may be a regular expression when regex is set. */
int dd_store_support_note(struct dd_store *s, const char *ns, const char *package, bool regex,
			  const char *note, struct dd_err *e);

/* Source bookkeeping, outside the record transaction. NULL fields are kept. */
struct dd_source_state {
	const char *url, *etag, *last_modified;
	const char *updated;	/* RFC 3339 time of the last successful update */
	const char *status;	/* "ok", "not modified", "failed: ...", "fallback: PATH" */
	int64_t records, skipped;	/* -1: keep */
};
int dd_store_source_state(struct dd_store *s, const char *name, const struct dd_source_state *st,
			  struct dd_err *e);
/* Reads etag and last_modified of a source (caller frees; NULL when unknown). */
int dd_store_source_cache(struct dd_store *s, const char *name, char **etag, char **last_modified,
			  struct dd_err *e);
/* Sets a key in the meta table. */
int dd_store_meta(struct dd_store *s, const char *key, const char *value, struct dd_err *e);

/* Text encodings shared with the read side (vulndb.c). */
#define DD_EV_SEP '\x1e'	/* between events: "<kind><version>" with kind i/f/l/x */
#define DD_LIST_SEP '\x1f'	/* between explicit versions, aliases, references */


/*
 * Staging for atomic replacement (stage.c): creates a temporary file beside
 * db_path (mkdir -p of its directory) holding a copy of db_path when it
 * exists; *tmp_out is the caller's. Nothing ever writes db_path itself.
 */
int dd_store_stage(const char *db_path, char **tmp_out, struct dd_err *e);
/*
 * dd_store_stage, then dd_store_open of the copy: the way every writer
 * starts. A database of another schema is not an error here: the copy is
 * emptied and a new database built in it (a warning says so, *rebuilt is
 * set; the old file stays in place until dd_store_install), since this
 * drydock can neither write nor read the old one. On failure nothing is
 * left behind (*st and *tmp_out NULL).
 */
int dd_store_open_staged(const char *db_path, struct dd_store **st, char **tmp_out, bool *rebuilt,
			 struct dd_err *e);
/* fsyncs tmp and renames it over db_path (then fsyncs the directory). */
int dd_store_install(const char *tmp, const char *db_path, struct dd_err *e);
/*
 * Takes the writer lock: an exclusive flock(2) on "<db_path>.lock" (created
 * beside the database, with its directory; never removed), held until
 * dd_store_unlock(*fd_out) or the process ends (a killed writer frees it).
 * With wait, blocks until the lock is free; otherwise returns -EAGAIN
 * ("another drydock (pid N) is writing this database") and sets *holder to
 * the holder's pid (0 when unknown; holder may be NULL). 0 or -errno.
 */
int dd_store_lock(const char *db_path, bool wait, int *fd_out, long *holder, struct dd_err *e);
void dd_store_unlock(int fd);

#endif
