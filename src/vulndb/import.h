/*
 * src/vulndb/import.h: the importer framework shared by the feed files
 * (osv.c, debian.c, alpine.c, ...): the feed table, walking a path (file,
 * directory, zip/tar archive, compressed file) into a feed's parser, the
 * skip counter for malformed records, YAML-to-JSON conversion, JSON field
 * helpers and namespace mapping (codenames to release numbers).
 */
#ifndef DD_VULNDB_IMPORT_H
#define DD_VULNDB_IMPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"
#include "util/slice.h"
#include "vulndb/store.h"

#define DD_IMPORT_REASONS 5		/* reasons kept for the summary */
#define DD_IMPORT_MAX_FILE (1024ull * 1024 * 1024)	/* bytes of one file or archive entry */
#define DD_IMPORT_MAX_DEPTH 16		/* directory depth */

struct dd_readbatch;

struct dd_import {
	struct dd_store *store;
	const char *source;		/* source name the records are stored under */
	size_t files;			/* files (or archive entries) parsed */
	size_t records;			/* records imported */
	size_t affected;		/* affected rows written */
	size_t skipped;			/* malformed records skipped */
	char *reasons[DD_IMPORT_REASONS];
	size_t n_reasons;
	void *state;			/* the feed's own state across files */
	const char *ns_hint;		/* namespace for feeds whose files do not say it
					   (secsuite, dsa-support), e.g. "debian:12"; or NULL */
	char *rd;	size_t rd_cap;	/* read buffer reused from file to file (import.c) */
	struct dd_readbatch *batch;	/* batched reads of a directory's files (import.c) */
};

struct dd_feed {
	const char *name;		/* "osv", "debian", ... (used by `db import FEED`) */
	const char *summary;
	/* Whether a file met while walking a directory or archive is for this feed. */
	bool (*accepts)(const char *name);
	/*
	 * Parses one file. Malformed records are skipped (dd_import_skip);
	 * returns <0 only when the whole file is unusable for a single-file
	 * feed. name is the file's path or "archive!entry".
	 */
	int (*parse)(struct dd_import *im, const char *name, struct dd_slice data, struct dd_err *e);
	/* Optional: called once after all files (writes collected state); frees state. */
	int (*finish)(struct dd_import *im, bool ok, struct dd_err *e);
};

extern const struct dd_feed dd_feed_osv, dd_feed_debian, dd_feed_alpine, dd_feed_ubuntu,
	dd_feed_kev, dd_feed_epss, dd_feed_nvd, dd_feed_dsa_support, dd_feed_secsuite,
	dd_feed_trivy, dd_feed_debian_changelog;
extern const struct dd_feed *const dd_feeds[];	/* ends with NULL */
const struct dd_feed *dd_feed_find(const char *name);

void dd_import_init(struct dd_import *im, struct dd_store *store, const char *source);
void dd_import_release(struct dd_import *im);
/*
 * Imports path (a file, a directory walked recursively, a .zip/.tar(.gz)
 * archive or a .gz/.xz/.bz2/.zst file) with feed f into the source already
 * begun on im->store. Returns 0 or a negative code (message in e).
 */
int dd_import_path(struct dd_import *im, const struct dd_feed *f, const char *path,
		   struct dd_err *e);
/* Imports one in-memory file (fuzzing, tests). Calls finish too. */
int dd_import_data(struct dd_import *im, const struct dd_feed *f, const char *name,
		   struct dd_slice data, struct dd_err *e);
/* Counts a skipped record and keeps the first few reasons ("FILE: reason"). */
void dd_import_skip(struct dd_import *im, const char *file, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Parses YAML (first document; anchors refused) into JSON; scalars become strings. */
int dd_yaml_to_json(struct dd_slice data, json_t **out, struct dd_err *e);
/* Parses data as JSON (objects nest at most 64 deep). */
int dd_json_parse(struct dd_slice data, json_t **out, struct dd_err *e);

/* The string of o[key] (NULL when absent or not a string). */
const char *dd_j_str(const json_t *o, const char *key);
/* The number of o[key], from a JSON number or a numeric string; -1 when absent. */
double dd_j_num(const json_t *o, const char *key);
/* True for a non-empty string without control characters, at most DD_STORE_MAX_FIELD bytes. */
bool dd_text_ok(const char *s);

/* Namespaces. Each returns a static or caller-sized string; NULL when unknown. */
/* "bookworm" -> "debian:12", "sid"/"unstable" -> "debian:unstable"; "12" accepted. */
int dd_ns_debian(const char *release, char *out, size_t n);
/* "jammy" -> "ubuntu:22.04" (also "22.04"); NULL for devel/upstream/esm variants. */
int dd_ns_ubuntu(const char *release, char *out, size_t n);
/* "v3.19" / "3.19" / "edge" -> "alpine:3.19" / "alpine:edge". */
int dd_ns_alpine(const char *release, char *out, size_t n);
/* Normalised severity word ("CRITICAL"...), or NULL for an unknown word. */
const char *dd_severity_norm(const char *word);
/* PEP 503 normalisation of a PyPI name into out. */
void dd_pypi_norm(const char *name, char *out, size_t n);

#endif
