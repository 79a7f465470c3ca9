/*
 * src/vulndb/update.h: `drydock db update`: the sources file (sources.c),
 * downloads with libcurl (fetch.c) and the update itself (update.c): each
 * selected source is fetched (conditional requests, retries, timeouts),
 * falls back to local files when the network fails, and is imported into a
 * copy of the database that is renamed into place at the end. A source that
 * fails keeps its previous records.
 */
#ifndef DD_VULNDB_UPDATE_H
#define DD_VULNDB_UPDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define DD_SOURCES_MAX 256
#define DD_SOURCE_MAX_URLS 64

struct dd_source {
	char *name;		/* "[name]" */
	char *feed;		/* importer: "osv", "debian", ... */
	char **urls;		size_t n_urls;
	char **fallbacks;	size_t n_fallbacks;	/* expanded; empty when a variable was unset */
	char *ns;		/* namespace hint ("debian:12") or NULL */
	bool by_default;	/* "default = no" leaves it out unless named */
	unsigned timeout;	/* seconds without progress before giving up (default 60) */
	unsigned retries;	/* extra attempts after a failure (default 3) */
	double backoff;		/* seconds before the first retry, doubled each time (default 1) */
};

struct dd_sources {
	char *path;		/* the file read */
	struct dd_source *s;
	size_t n;
};

/*
 * Parses a sources file (docs/vulndb.md). ${VAR} in url/fallback values is
 * expanded from the environment; a fallback naming an unset variable is
 * dropped. Relative fallback paths are relative to the file's directory.
 */
int dd_sources_load(struct dd_sources *out, const char *path, struct dd_err *e);
/* Finds the default sources file: $DRYDOCK_SOURCES, then beside the binary. Caller frees. */
char *dd_sources_default_path(void);
void dd_sources_release(struct dd_sources *s);
const struct dd_source *dd_sources_find(const struct dd_sources *s, const char *name);

/* One download (fetch.c). */
struct dd_fetch {
	const char *url;
	const char *dest;		/* file written on 200 (via dest.part + rename) */
	const char *etag, *last_modified;	/* sent as If-None-Match / If-Modified-Since, or NULL */
	unsigned timeout, retries;
	double backoff;
	/* progress (may be NULL): bytes so far and total (0 when unknown) */
	void (*progress)(void *arg, const char *url, uint64_t now, uint64_t total);
	void *progress_arg;
	/* results */
	long http_status;		/* last HTTP status, 0 when none */
	bool not_modified;		/* 304 */
	char *new_etag, *new_last_modified;	/* from the 200 response; caller frees */
	uint64_t bytes;
	unsigned attempts;
};
/* Downloads f->url. Returns 0 (200 or 304) or -DDE_NETWORK with the reason in e. */
int dd_fetch_run(struct dd_fetch *f, struct dd_err *e);
void dd_fetch_release(struct dd_fetch *f);

/* What happened to one source. */
enum dd_update_outcome {
	DD_UPD_UPDATED,		/* downloaded and imported */
	DD_UPD_NOT_MODIFIED,	/* every URL answered 304: previous data kept */
	DD_UPD_FALLBACK,	/* network failed; imported the fallback files */
	DD_UPD_FAILED,		/* previous data kept */
};

struct dd_update_result {
	const struct dd_source *src;
	enum dd_update_outcome outcome;
	size_t records, affected, skipped;
	uint64_t bytes;
	double seconds;
	char *message;		/* failure reason or fallback path */
	char *reasons[5];	/* first skip reasons */
	size_t n_reasons;
};

struct dd_update_opts {
	const char *db_path;
	const char *cache_dir;	/* downloaded files, kept for conditional requests */
	const char *const *only;	size_t n_only;	/* --source NAMEs; all defaults when 0 */
	bool offline;		/* no network: fallbacks only */
	void (*progress)(void *arg, const char *url, uint64_t now, uint64_t total);
	void (*on_result)(void *arg, const struct dd_update_result *r);	/* one per source */
	void *arg;
};

/*
 * Updates the database from the sources. Returns 0 when the new database
 * was installed (even if some sources failed: *n_failed counts them), or a
 * negative code when nothing was installed (unknown --source, I/O error;
 * -DDE_NETWORK when there was no usable database before and every selected
 * source failed: an empty database is never installed). The caller holds
 * the writer lock (dd_store_lock).
 */
int dd_update_run(const struct dd_sources *srcs, const struct dd_update_opts *o, size_t *n_failed,
		  struct dd_err *e);

/*
 * Offline distribution (export.c). export writes FILE (the database,
 * zstd-compressed) and FILE.sha256; pull downloads URL and URL.sha256,
 * verifies (-DDE_VERIFY on mismatch), checks the schema and installs the
 * database at db_path by rename. hex receives the sha256 of the compressed file.
 */
int dd_vulndb_export(const char *db_path, const char *out, char hex[65], struct dd_err *e);
int dd_vulndb_pull(const char *url, const char *db_path, const char *cache_dir, char hex[65],
		   struct dd_err *e);

#endif
