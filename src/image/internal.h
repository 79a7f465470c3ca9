/*
 * src/image/internal.h: what the files of src/image/ share and nobody else
 * sees: the blob store (a directory or a tar archive holding the image's
 * files), the opened image, the layer streamer and path helpers.
 */
#ifndef DD_IMAGE_INTERNAL_H
#define DD_IMAGE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "image/image.h"
#include "util/buf.h"

/* Caps on hostile input (see docs/image.md "Limits"). */
#define DD_IMG_DEFAULT_MAX_TOTAL	(64ULL << 30)	/* uncompressed bytes over all layers */
#define DD_IMG_DEFAULT_MAX_FILE		(16ULL << 30)	/* declared size of one layer entry */
#define DD_IMG_MAX_JSON			(8u << 20)	/* manifest, config, index */
#define DD_IMG_MAX_MEMBERS		1000000		/* entries of an outer archive */
#define DD_IMG_MAX_PATH			4096		/* bytes of a path or link target */
#define DD_IMG_MAX_ENTRIES		(1u << 24)	/* entries in one layer */
#define DD_IMG_MAX_LINKS		(1u << 20)	/* symlinks kept over the whole view */
#define DD_IMG_MAX_HELD			(1ULL << 30)	/* bytes of file content held at once */
#define DD_IMG_MAX_LAYERS		1024
#define DD_IMG_MAX_LINK_HOPS		40
#define DD_IMG_MAX_DEPTH		256		/* path components, directory depth */

/* ---- blob store ----------------------------------------------------------- */

struct store_member {
	char *name;		/* normalised path inside the archive */
	char *link;		/* resolved target member for symlinks/hardlinks, else NULL */
	uint64_t size;
	bool is_dir;
	char *data;		/* small members (JSON) read during the listing, else NULL */
};

struct store_cursor;

struct store {
	bool is_dir;		/* a directory (OCI layout) or a tar archive */
	char *path;
	struct store_member *m;
	size_t n, cap;
	struct store_cursor *cur;	/* archive: reader left after the last member read */
};

int store_open(struct store *s, const char *path, bool is_dir, struct dd_err *e);
void store_release(struct store *s);
/* True when the store has a file (member) called name. */
bool store_has(const struct store *s, const char *name);
/* Size of a member, or -1 when absent. */
int64_t store_size(const struct store *s, const char *name);
/* Reads a whole file of at most cap bytes into out (NUL-terminated). */
int store_read_all(const struct store *s, const char *name, size_t cap, struct dd_buf *out,
		   struct dd_err *e);

/* A sequential reader of one stored file. */
struct store_stream;
int store_stream_open(struct store_stream **out, const struct store *s, const char *name,
		      struct dd_err *e);
/* Next chunk; *len 0 at the end. Returns 0 or a negative code (message in e). */
int store_stream_read(struct store_stream *st, const void **p, size_t *len, struct dd_err *e);
void store_stream_free(struct store_stream *st);

/* ---- the image ------------------------------------------------------------ */

struct dd_image {
	struct dd_image_meta meta;
	struct store store;
	char **layer_files;	/* store names of the layer blobs (not for DIR) */
	uint64_t max_total, max_file;
	bool skip_verify;
	bool check_blobs;	/* blob digests come from a manifest (OCI), not file names */
	const char **skip_dirs;	/* DIR: copied names, NULL-terminated */
	char *name;		/* short name for messages: the path as given */
	char *layer_cache;	/* layer cache directory, NULL: none (not for DIR) */
	uint64_t layer_cache_max;	/* prune to this many bytes after writing; 0: no cap */
	struct dd_hasher *hasher;	/* digest verification, made by the first layer read */
	struct dd_gunzip *gunzip;	/* gzip layers, made by the first one (NULL: libarchive) */
	bool gunzip_tried;
};

/* ---- layer streaming ------------------------------------------------------- */

enum ent_type { ENT_REG, ENT_DIR, ENT_SYMLINK, ENT_HARDLINK, ENT_WHITEOUT, ENT_OPAQUE, ENT_OTHER };

struct ent {
	const char *path;	/* normalised: no leading '/', no '.', no '..', no trailing '/' */
	enum ent_type type;
	uint32_t mode;
	uint64_t size;
	const char *link;	/* symlink target as stored; hardlink target normalised */
};

/* Reads the current entry's content (at most cap bytes, else -DDE_LIMIT). */
typedef int (*ent_read_fn)(void *rctx, struct dd_buf *out, uint64_t cap, struct dd_err *e);
typedef int (*ent_fn)(void *arg, const struct ent *ent, ent_read_fn rd, void *rctx,
		      struct dd_err *e);

/*
 * Streams layer i of img once, calling fn for every entry, and (when verify)
 * checks the blob digest and diff_id. Errors name the layer and the path.
 * *total counts uncompressed bytes across calls (capped by img->max_total).
 */
int dd_layer_stream(struct dd_image *img, size_t i, bool verify, uint64_t *total, ent_fn fn,
		    void *arg, struct dd_err *e);
/*
 * Adds n uncompressed bytes to *total; -DDE_LIMIT (message in e) once it
 * passes img->max_total. Streamed layers and replayed cache entries
 * (fsview.c) both count through it.
 */
int dd_layer_count_total(const struct dd_image *img, uint64_t *total, uint64_t n, struct dd_err *e);
/*
 * sha256 of two streams (0: stored blob, 1: uncompressed) on a worker
 * thread, reused for every layer of an image: begin, feed, end.
 */
struct dd_hasher;
struct dd_hasher *dd_hasher_new(void);
/* Starts two fresh digests (what was fed since the last end is dropped). */
void dd_hasher_begin(struct dd_hasher *h);
void dd_hasher_feed(struct dd_hasher *h, int which, const void *p, size_t n);
/* Waits for the worker, writes "sha256:<hex>" digests (when not NULL). */
void dd_hasher_end(struct dd_hasher *h, char blob[72], char diff[72]);
/* Stops the worker and frees h (NULL: no-op). */
void dd_hasher_free(struct dd_hasher *h);

/*
 * gzip layers inflated with ISA-L (gunzip.c). dd_gunzip_new is NULL when
 * libisal.so.2 cannot be loaded or DRYDOCK_NO_ISAL is set: libarchive's
 * zlib path then reads the layer. A stream starts with the first input
 * block already read (dd_gunzip_begin); dd_gunzip_read pulls further
 * blocks through in and returns the next inflated bytes (valid until the
 * next call), 0 at the end of the stream, or a negative code (message in e).
 */
typedef int (*dd_gunzip_input_fn)(void *arg, const void **p, size_t *n, struct dd_err *e);
struct dd_gunzip;
struct dd_gunzip *dd_gunzip_new(void);
void dd_gunzip_free(struct dd_gunzip *g);
/* Whether a stream starts with the gzip magic and the deflate method. */
bool dd_gunzip_magic(const void *p, size_t len);
void dd_gunzip_begin(struct dd_gunzip *g, const void *first, size_t len);
ssize_t dd_gunzip_read(struct dd_gunzip *g, dd_gunzip_input_fn in, void *arg, const void **out,
		       struct dd_err *e);

/* Walks a DIR target as its single layer. */
int dd_dir_walk(struct dd_image *img, ent_fn fn, void *arg, struct dd_err *e);

/* ---- paths --------------------------------------------------------------------- */

/*
 * Normalises an archive member name into out: strips "./" and a leading
 * '/' (flagged in *absolute), collapses "//", refuses ".." (-DDE_ESCAPE),
 * non-UTF-8 bytes and control characters (-DDE_FORMAT), and over-long
 * names (-DDE_LIMIT). "" is the root.
 */
int dd_path_norm(const char *in, struct dd_buf *out, bool *absolute, struct dd_err *e);
/* Printable form of a hostile name: bytes outside ASCII shown as \xNN (first 512). */
void dd_path_escape(const char *in, struct dd_buf *out);
bool dd_utf8_valid(const char *s, size_t n);
/* True when digest is "sha256:" and 64 lowercase hex digits. */
bool dd_digest_valid(const char *digest);
/* "sha256:<hex>" of the bytes. */
void dd_sha256_hex(const void *p, size_t n, char out[72]);

#endif
