/*
 * src/image/layercache.h: the layer cache's entries (src/image/layercache.c):
 * a layer's recorded stream (every tar entry in order, with the content of
 * the files some collector captured) serialised into one file per
 * (diff_id, analyzer key) under the cache directory, and read back so that
 * fsview.c can replay a layer without decompressing it. Format and rules:
 * docs/cache.md. Seen by src/image/ and the "cache" command only.
 */
#ifndef DD_IMAGE_LAYERCACHE_H
#define DD_IMAGE_LAYERCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "image/image.h"
#include "util/buf.h"
#include "util/err.h"

/*
 * Bump whenever a collector's selection logic changes in a way the
 * registered wants do not show: a match() or keep() function, or a
 * parser whose verdict keep() relies on (docs/HACKING.md). Old entries
 * then stop matching and are rewritten.
 */
#define DD_ANALYZER_VERSION	1
#define DD_LC_FORMAT		1			/* the entry file layout below */
#define DD_LC_MAX_CONTENT	(16u << 20)		/* captured bytes in one entry */
#define DD_LC_MAX_PATHS		(32u << 20)		/* bytes of names and fixed fields */
#define DD_LC_MAX_FILE		(DD_LC_MAX_CONTENT + DD_LC_MAX_PATHS + 4096u)
#define DD_LC_HEADER		112u
#define DD_LC_SUFFIX		".ddlc"

enum { LC_DATA = 1, LC_DROPPED = 2 };

/* One tar entry of the layer, as the view's entry callback saw it. */
struct lc_event {
	uint8_t type;		/* enum ent_type (internal.h) */
	uint8_t flags;		/* LC_DATA: content recorded; LC_DROPPED: every matching
				 * collector's keep() refused the content */
	uint32_t mode;
	uint64_t size;
	uint64_t wmax;		/* largest max_size of the wants matching it (REG, HARDLINK) */
	size_t path, link;	/* offsets of NUL-terminated strings in pool; link SIZE_MAX: none */
	size_t data, data_len;	/* content in pool (LC_DATA) */
};

/* A recorded layer (being written) or a loaded entry (being replayed). */
struct lc_entry {
	struct lc_event *ev;
	size_t n, cap;
	struct dd_buf pool;	/* recorder: strings and content; loaded: the whole file */
	size_t content;		/* bytes of content recorded */
	bool failed;		/* recorder: a cap was crossed, the layer is not cacheable */
	const char *why;	/* recorder: what made it fail */
	size_t ev_map;		/* loaded: bytes of the mapping ev lives in (0: malloc) */
	void *file_map;		/* loaded by lc_load: the mapping pool points into */
	size_t file_map_len;
};

void lc_entry_release(struct lc_entry *le);
static inline const char *lc_str(const struct lc_entry *le, size_t off)
{
	return off == SIZE_MAX ? NULL : le->pool.buf + off;
}

/* Recorder: appends one entry (path, type, mode, size, link of ent); returns its index. */
struct ent;
size_t lc_rec_add(struct lc_entry *le, const struct ent *ent);
/* Recorder: the content of event idx (read by the view). Over the cap, le->failed. */
void lc_rec_data(struct lc_entry *le, size_t idx, const void *p, size_t n);

/* The analyzer key: sha256 of DD_ANALYZER_VERSION, the format and every want. */
void lc_key(uint8_t out[32], const struct dd_want *const *wants,
	    bool (*const *keeps)(void *arg, const struct dd_file *f), size_t n, uint64_t max_file);

/* Serialises le for the layer whose diff_id is diff (raw 32 bytes) into out. */
void lc_serialise(const struct lc_entry *le, const uint8_t key[32], const uint8_t diff[32],
		  struct dd_buf *out);
/*
 * Parses an entry file held in file (taken over: released on error, kept
 * as out->pool on success). key and diff: what the entry must be for
 * (NULL: not checked). Returns 0, or -DDE_FORMAT / -DDE_LIMIT /
 * -DDE_VERIFY / -DDE_NOTFOUND (another key or layer) with the reason in e.
 */
int lc_parse(struct lc_entry *out, struct dd_buf *file, const uint8_t key[32], const uint8_t diff[32],
	     struct dd_err *e);

/* "<dir>/<diff hex>-<key hex 16>.ddlc" (caller frees). diff_id: "sha256:<hex>". */
char *lc_file_name(const char *dir, const char *diff_id, const uint8_t key[32]);
/* Raw bytes of a "sha256:<hex>" digest (false when not one). */
bool lc_digest_raw(const char *digest, uint8_t out[32]);
/*
 * Loads the entry for (diff_id, key) from dir. Returns 1 (out filled),
 * 0 when there is none, and 0 after a warning naming the file when it is
 * unreadable, corrupt or foreign.
 */
int lc_load(struct lc_entry *out, const char *dir, const char *diff_id, const uint8_t key[32]);
/*
 * Writes le atomically (temporary file in dir, renamed into place),
 * creating dir. Returns 0 or -errno with the message in e.
 */
int lc_store(const struct lc_entry *le, const char *dir, const char *diff_id, const uint8_t key[32],
	     struct dd_err *e);

/* One file of the cache directory: an entry, or the temporary of an unfinished write. */
struct lc_file {
	char *path;
	uint64_t bytes;
	int64_t used;		/* mtime: written, or last replayed (lc_load refreshes it hourly) */
	bool temp;
};
/*
 * Lists the cache's files in dir, least recently used first (none when dir
 * does not exist). Returns 0 or -errno with the message in e.
 */
int lc_list(const char *dir, struct lc_file **out, size_t *n, struct dd_err *e);
void lc_list_free(struct lc_file *files, size_t n);

struct lc_prune_tally {
	size_t removed, kept;
	uint64_t removed_bytes, kept_bytes;
};
/*
 * Removes the entries not used for max_age seconds (0: any age), then the
 * least recently used ones until at most max_bytes remain (0: any size),
 * and temporaries older than an hour (a write in progress is younger).
 * Returns 0 or -errno with the message in e; the tally says what was done.
 */
int lc_prune(const char *dir, uint64_t max_bytes, uint64_t max_age, struct lc_prune_tally *t,
	     struct dd_err *e);

#endif
