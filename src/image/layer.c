/*
 * src/image/layer.c: streaming one layer blob, once: stored bytes (hashed:
 * blob digest) -> decompression (gzip through ISA-L when it can be loaded,
 * gunzip.c; otherwise libarchive's filters: gzip, zstd, bzip2, xz or none;
 * output hashed: diff_id, counted against the total cap) -> (only the
 * digests the image form can check are computed, and an uncompressed
 * layer is hashed once for both) -> libarchive's tar reader -> one callback
 * per entry with a normalised path. Entries the callback does not read are
 * skipped without buffering.
 */
#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>

#include "image/internal.h"
#include "util/archive_filters.h"
#include "util/xalloc.h"

struct lstream {
	struct dd_image *img;
	size_t idx;
	struct store_stream *src;
	struct archive *raw, *tar;
	struct dd_hasher *hasher;
	bool hash_src;		/* hash the stored bytes (slot 0) */
	bool hash_raw;		/* hash the uncompressed bytes (slot 1) */
	uint64_t *total;
	struct dd_err cb_err;	/* errors raised inside libarchive callbacks */
	bool raw_eof, src_eof;
	const void *first;	/* the first stored block, read to sniff gzip, */
	size_t first_len;	/* handed to libarchive by the next src_read */
	struct dd_gunzip *gz;	/* gzip through ISA-L, or NULL: libarchive */
};

static la_ssize_t src_read(struct archive *a, void *arg, const void **buf)
{
	struct lstream *ls = arg;
	size_t n = 0;

	(void)a;
	if (ls->first) {
		/* already read (and hashed) to sniff the compression */
		*buf = ls->first;
		n = ls->first_len;
		ls->first = NULL;
		return (la_ssize_t)n;
	}
	if (ls->src_eof)
		return 0;
	if (store_stream_read(ls->src, buf, &n, &ls->cb_err) < 0)
		return -1;
	if (n == 0)
		ls->src_eof = true;
	else if (ls->hash_src)
		dd_hasher_feed(ls->hasher, 0, *buf, n);
	return (la_ssize_t)n;
}

/* The stored bytes as the gzip reader's input (dd_gunzip_input_fn). */
static int gz_input(void *arg, const void **p, size_t *n, struct dd_err *e)
{
	struct lstream *ls = arg;
	la_ssize_t k = src_read(NULL, ls, p);

	(void)e;	/* src_read's errors are in ls->cb_err */
	if (k < 0)
		return -1;
	*n = (size_t)k;
	return 0;
}

static la_ssize_t raw_read(struct archive *a, void *arg, const void **buf)
{
	struct lstream *ls = arg;

	(void)a;
	for (;;) {
		size_t n;
		int64_t off;
		int ar;

		if (ls->raw_eof)
			return 0;
		if (ls->gz) {
			ssize_t k = dd_gunzip_read(ls->gz, gz_input, ls, buf, &ls->cb_err);

			if (k < 0) {
				if (!ls->cb_err.code)
					dd_err_set(&ls->cb_err, -DDE_FORMAT, "corrupt gzip data");
				return -1;
			}
			if (k == 0) {
				ls->raw_eof = true;
				return 0;
			}
			n = (size_t)k;
			goto got;
		}
		ar = archive_read_data_block(ls->raw, buf, &n, &off);
		if (ar == ARCHIVE_EOF) {
			ls->raw_eof = true;
			return 0;
		}
		if (ar != ARCHIVE_OK && ar != ARCHIVE_WARN) {
			const char *m = archive_error_string(ls->raw);

			dd_err_set(&ls->cb_err, -DDE_FORMAT, "%s", m ? m : "corrupt compressed data");
			return -1;
		}
		if (n == 0)
			continue;
got:
		if (dd_layer_count_total(ls->img, ls->total, n, &ls->cb_err) < 0)
			return -1;
		if (ls->hash_raw)
			dd_hasher_feed(ls->hasher, 1, *buf, n);
		return (la_ssize_t)n;
	}
}

int dd_layer_count_total(const struct dd_image *img, uint64_t *total, uint64_t n, struct dd_err *e)
{
	*total += n;
	if (*total > img->max_total)
		return dd_err_set(e, -DDE_LIMIT,
				  "more than %llu bytes uncompressed over all layers (max total size)",
				  (unsigned long long)img->max_total);
	return 0;
}

/* The message of a failed libarchive call on a (callback errors first). */
static int arch_fail(struct lstream *ls, struct archive *a, struct dd_err *e)
{
	const char *m;

	if (ls->cb_err.code) {
		dd_err_set(e, ls->cb_err.code, "%s", dd_err_msg(&ls->cb_err));
		return e->code;
	}
	m = a ? archive_error_string(a) : NULL;
	return dd_err_set(e, -DDE_FORMAT, "%s", m ? m : "corrupt archive");
}

struct rctx {
	struct lstream *ls;
	uint64_t size;
};

static int read_entry(void *arg, struct dd_buf *out, uint64_t cap, struct dd_err *e)
{
	struct rctx *rc = arg;

	dd_buf_reset(out);
	if (rc->size > cap || dd_buf_reserve(out, rc->size) < 0)
		return dd_err_set(e, -DDE_LIMIT, "larger than %llu bytes", (unsigned long long)cap);
	/*
	 * the entry's size is reserved once (no growing); blocks straight from
	 * libarchive's buffer (no bounce copy); holes of sparse entries are zeros
	 */
	for (;;) {
		const void *p;
		size_t n;
		int64_t off;
		int ar = archive_read_data_block(rc->ls->tar, &p, &n, &off);

		if (ar == ARCHIVE_EOF)
			break;
		if (ar != ARCHIVE_OK && ar != ARCHIVE_WARN)
			return arch_fail(rc->ls, rc->ls->tar, e);
		if (off < 0 || (uint64_t)off < out->len || (uint64_t)off > rc->size ||
		    n > rc->size - (uint64_t)off)
			return dd_err_set(e, -DDE_FORMAT, "data block at %lld outside the entry",
					  (long long)off);
		/* within the reserved size (checked above): these appends cannot fail */
		while (out->len < (uint64_t)off)
			dd_buf_addch(out, '\0');
		dd_buf_add(out, p, n);
	}
	while (out->len < rc->size)
		dd_buf_addch(out, '\0');
	return 0;
}

/* Classifies an archive entry; fills ent (path in pb, link in lb). */
static int classify(struct archive_entry *ae, struct ent *ent, struct dd_buf *pb,
		    struct dd_buf *lb, struct dd_buf *scratch, struct dd_err *e)
{
	const char *name = archive_entry_pathname(ae);
	const char *hl = archive_entry_hardlink(ae);
	const char *base;
	bool abs;
	int r;

	if (!name)
		name = archive_entry_pathname_utf8(ae);
	if (!name)
		return dd_err_set(e, -DDE_FORMAT, "entry without a usable name");
	r = dd_path_norm(name, pb, &abs, e);
	if (r < 0)
		return r;
	if (abs) {
		dd_path_escape(name, scratch);
		return dd_err_set(e, -DDE_ESCAPE, "%s: absolute name", scratch->buf);
	}
	memset(ent, 0, sizeof(*ent));
	ent->path = pb->buf;
	ent->mode = (uint32_t)archive_entry_mode(ae);
	ent->size = archive_entry_size_is_set(ae) ? (uint64_t)archive_entry_size(ae) : 0;
	base = strrchr(pb->buf, '/');
	base = base ? base + 1 : pb->buf;
	if (strncmp(base, ".wh.", 4) == 0) {
		size_t dirlen = (size_t)(base - pb->buf);

		if (strcmp(base, ".wh..wh..opq") == 0) {
			ent->type = ENT_OPAQUE;
			dd_buf_truncate(pb, dirlen ? dirlen - 1 : 0);
		} else if (strncmp(base, ".wh..wh.", 8) == 0) {
			ent->type = ENT_OTHER;	/* aufs metadata (.wh..wh.plnk, ...) */
		} else {
			dd_buf_reset(scratch);
			dd_buf_add(scratch, pb->buf, dirlen);
			dd_buf_adds(scratch, base + 4);
			dd_buf_reset(pb);
			dd_buf_add(pb, scratch->buf, scratch->len);
			ent->type = ENT_WHITEOUT;
		}
		ent->path = pb->buf;
		ent->size = 0;
		return 0;
	}
	if (hl) {
		r = dd_path_norm(hl, lb, &abs, e);
		if (r < 0)
			return r;
		ent->type = ENT_HARDLINK;
		ent->link = lb->buf;
		return 0;
	}
	switch (archive_entry_filetype(ae)) {
	case AE_IFREG:
		ent->type = ENT_REG;
		break;
	case AE_IFDIR:
		ent->type = ENT_DIR;
		break;
	case AE_IFLNK: {
		const char *t = archive_entry_symlink(ae);

		if (!t)
			t = archive_entry_symlink_utf8(ae);
		if (!t)
			return dd_err_set(e, -DDE_FORMAT, "symlink without a target");
		if (strlen(t) > DD_IMG_MAX_PATH)
			return dd_err_set(e, -DDE_LIMIT, "symlink target longer than %d bytes",
					  DD_IMG_MAX_PATH);
		dd_buf_reset(lb);
		dd_buf_adds(lb, t);
		ent->type = ENT_SYMLINK;
		ent->link = lb->buf;
		break;
	}
	default:
		ent->type = ENT_OTHER;
		break;
	}
	return 0;
}

int dd_layer_stream(struct dd_image *img, size_t i, bool verify, uint64_t *total, ent_fn fn,
		    void *arg, struct dd_err *e)
{
	const struct dd_layer_info *li = &img->meta.layers[i];
	struct lstream ls = { .img = img, .idx = i, .total = total, .cb_err = DD_ERR_INIT };
	struct dd_buf pb = DD_BUF_INIT, lb = DD_BUF_INIT, scratch = DD_BUF_INIT;
	struct archive_entry *ae;
	size_t n_ent = 0;
	bool want_blob = verify && img->check_blobs && li->digest;
	bool want_diff = verify && li->diff_id;
	bool same = false;
	la_ssize_t k;
	int r, ar;

	r = store_stream_open(&ls.src, &img->store, img->layer_files[i], e);
	if (r < 0)
		goto out;
	/*
	 * Each byte is hashed at most once: the stored bytes are hashed whenever
	 * a digest is wanted, because an uncompressed layer's stored bytes are
	 * its tar (blob digest == diff_id) and that is only known once the filter
	 * has been detected, after the first reads; the uncompressed stream is
	 * hashed separately only when a filter really decompresses.
	 */
	if (want_blob || want_diff) {
		if (!img->hasher)
			img->hasher = dd_hasher_new();
		ls.hasher = img->hasher;
		dd_hasher_begin(ls.hasher);
		ls.hash_src = true;
	}
	/* the first stored block tells gzip (ISA-L) from anything else (libarchive) */
	k = src_read(NULL, &ls, &ls.first);
	if (k < 0) {
		r = arch_fail(&ls, NULL, e);
		goto out;
	}
	ls.first_len = (size_t)k;
	if (!img->gunzip_tried) {
		img->gunzip = dd_gunzip_new();
		img->gunzip_tried = true;
	}
	if (img->gunzip && dd_gunzip_magic(ls.first, ls.first_len)) {
		ls.gz = img->gunzip;
		dd_gunzip_begin(ls.gz, ls.first, ls.first_len);
		ls.first = NULL;
		same = false;
	} else {
		if (ls.first_len == 0)
			ls.first = NULL;	/* an empty blob: libarchive sees the end at once */
		ls.raw = archive_read_new();
		dd_archive_read_filters(ls.raw);
		archive_read_support_format_raw(ls.raw);
		if (archive_read_open(ls.raw, &ls, NULL, src_read, NULL) != ARCHIVE_OK) {
			r = arch_fail(&ls, ls.raw, e);
			goto out;
		}
		ar = archive_read_next_header(ls.raw, &ae);
		if (ar != ARCHIVE_OK && ar != ARCHIVE_WARN) {
			r = arch_fail(&ls, ls.raw, e);
			goto out;
		}
		same = archive_filter_count(ls.raw) == 1 &&
		       archive_filter_code(ls.raw, 0) == ARCHIVE_FILTER_NONE;
	}
	ls.hash_raw = want_diff && !same;
	ls.hash_src = want_blob || (want_diff && same);
	ls.tar = archive_read_new();
	archive_read_support_format_tar(ls.tar);
	if (archive_read_open(ls.tar, &ls, NULL, raw_read, NULL) != ARCHIVE_OK) {
		r = arch_fail(&ls, ls.tar, e);
		goto out;
	}
	for (;;) {
		struct ent ent;
		struct rctx rc = { &ls, 0 };

		ar = archive_read_next_header(ls.tar, &ae);
		if (ar == ARCHIVE_EOF)
			break;
		if (ar != ARCHIVE_OK && ar != ARCHIVE_WARN) {
			r = arch_fail(&ls, ls.tar, e);
			if (pb.len)
				dd_err_wrap(e, "after %s", pb.buf);
			goto out;
		}
		if (++n_ent > DD_IMG_MAX_ENTRIES) {
			r = dd_err_set(e, -DDE_LIMIT, "more than %u entries", DD_IMG_MAX_ENTRIES);
			goto out;
		}
		r = classify(ae, &ent, &pb, &lb, &scratch, e);
		if (r < 0)
			goto out;
		if (ent.size > img->max_file) {
			r = dd_err_set(e, -DDE_LIMIT, "%s: %llu bytes, more than the %llu allowed per file",
				       ent.path, (unsigned long long)ent.size,
				       (unsigned long long)img->max_file);
			goto out;
		}
		rc.size = ent.size;
		r = fn(arg, &ent, read_entry, &rc, e);
		if (r < 0) {
			dd_err_wrap(e, "%s", ent.path);
			goto out;
		}
	}
	/* hash what follows the tar end marker, then what follows the compressed stream */
	while (!ls.raw_eof) {
		const void *p;

		if (raw_read(NULL, &ls, &p) < 0) {
			r = arch_fail(&ls, ls.raw, e);
			goto out;
		}
	}
	while (!ls.src_eof) {
		const void *p;

		if (src_read(NULL, &ls, &p) < 0) {
			r = arch_fail(&ls, ls.raw, e);
			goto out;
		}
	}
	if (ls.hasher) {
		char blob[72], diff[72];

		dd_hasher_end(ls.hasher, blob, diff);
		if (same)
			memcpy(diff, blob, sizeof(diff));
		if (want_blob && strcmp(blob, li->digest) != 0) {
			r = dd_err_set(e, -DDE_VERIFY, "blob digest is %s, expected %s", blob,
				       li->digest);
			goto out;
		}
		if (want_diff && strcmp(diff, li->diff_id) != 0) {
			r = dd_err_set(e, -DDE_VERIFY, "uncompressed digest is %s, expected diff_id %s",
				       diff, li->diff_id);
			goto out;
		}
	}
out:
	if (r < 0)
		dd_err_wrap(e, "layer %zu (%s)", i + 1, li->digest ? li->digest : "?");
	if (ls.tar)
		archive_read_free(ls.tar);
	if (ls.raw)
		archive_read_free(ls.raw);
	store_stream_free(ls.src);
	dd_err_release(&ls.cb_err);
	dd_buf_release(&pb);
	dd_buf_release(&lb);
	dd_buf_release(&scratch);
	return r;
}
