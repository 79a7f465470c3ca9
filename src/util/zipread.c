/*
 * src/util/zipread.c: the zip reader of zipread.h, after PKWARE's
 * APPNOTE.TXT (6.3): the end of central directory record (and its zip64
 * locator and record) found at the end of the file, the central directory
 * read whole and checked record by record, then each entry's local header
 * and data read through a window of large preads, in file order.
 */
#include "util/zipread.h"

#include <errno.h>
#include <fcntl.h>
#include <libdeflate.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/bigmem.h"
#include "util/buf.h"
#include "util/fdio.h"
#include "util/xalloc.h"

#define SIG_LOCAL	0x04034b50u
#define SIG_CENTRAL	0x02014b50u
#define SIG_END		0x06054b50u
#define SIG_END64	0x06064b50u
#define SIG_LOCATOR64	0x07064b50u
#define END_SIZE	22u
#define END64_SIZE	56u
#define LOCATOR64_SIZE	20u
#define CENTRAL_SIZE	46u
#define LOCAL_SIZE	30u
#define WINDOW		(4u << 20)	/* bytes read at once */

struct zent {
	uint64_t local_off, csize, usize;
	uint32_t crc;
	uint16_t method;	/* 0 stored, 8 deflate */
	size_t name_off;	/* in names */
	size_t index;		/* in the central directory (ties in the sort) */
};

struct dd_zip {
	int fd;
	char *path;
	uint64_t file_size, cdir_off;
	struct zent *ents;
	size_t n, cur;		/* cur: 1 + index of the current entry, 0 before the first */
	uint64_t next_min;	/* where the data of the last entry read ends */
	struct dd_buf names;
	char *win;		/* [win_off, win_off + win_len) of the file */
	size_t win_cap, win_len;
	uint64_t win_off;
	struct libdeflate_decompressor *inflater;
};

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* Reads exactly n bytes at off: 0, -DDE_FORMAT (the file ends first) or -errno. */
static int pread_exact(int fd, void *buf, size_t n, uint64_t off)
{
	ssize_t k = dd_pread_full(fd, buf, n, (off_t)off);

	if (k < 0)
		return (int)k;
	return (size_t)k == n ? 0 : -DDE_FORMAT;
}

static int unsupported(struct dd_err *e, const char *path, const char *why)
{
	return dd_err_set(e, -DDE_UNSUPPORTED, "%s: %s", path, why);
}

/* Finds the end records: sets *count, *cdir_off, *cdir_size. */
static int read_end(struct dd_zip *z, uint64_t *count, uint64_t *cdir_size, struct dd_err *e)
{
	unsigned char *tail, loc[LOCATOR64_SIZE], rec[END64_SIZE];
	size_t tn = z->file_size < 65535 + END_SIZE ? (size_t)z->file_size : 65535 + END_SIZE;
	size_t i;
	uint64_t end_off, off64;
	int r;

	tail = dd_xmalloc(tn);
	if ((r = pread_exact(z->fd, tail, tn, z->file_size - tn)) < 0) {
		free(tail);
		return r == -DDE_FORMAT ? unsupported(e, z->path, "shrank while read")
					: dd_err_sys(e, r, z->path);
	}
	/* the record whose comment reaches exactly the end of the file */
	for (i = tn - END_SIZE + 1; i-- > 0;)
		if (le32(tail + i) == SIG_END && i + END_SIZE + le16(tail + i + 20) == tn)
			break;
	if (i == (size_t)-1) {
		free(tail);
		return unsupported(e, z->path, "no end of central directory record at the end");
	}
	end_off = z->file_size - tn + i;
	if (le16(tail + i + 4) != 0 || le16(tail + i + 6) != 0 ||
	    le16(tail + i + 8) != le16(tail + i + 10)) {
		free(tail);
		return unsupported(e, z->path, "archive split over several disks");
	}
	*count = le16(tail + i + 10);
	*cdir_size = le32(tail + i + 12);
	z->cdir_off = le32(tail + i + 16);
	free(tail);
	if (*count != 0xffff && *cdir_size != 0xffffffffu && z->cdir_off != 0xffffffffu) {
		if (z->cdir_off + *cdir_size > end_off)
			return unsupported(e, z->path, "central directory outside the file");
		return 0;
	}
	/* zip64: the locator sits right before the end record */
	if (end_off < LOCATOR64_SIZE ||
	    (r = pread_exact(z->fd, loc, sizeof(loc), end_off - LOCATOR64_SIZE)) < 0 ||
	    le32(loc) != SIG_LOCATOR64)
		return unsupported(e, z->path, "zip64 end record locator missing");
	off64 = le64(loc + 8);
	if (le32(loc + 4) != 0 || off64 > end_off - LOCATOR64_SIZE ||
	    end_off - LOCATOR64_SIZE - off64 < END64_SIZE ||
	    (r = pread_exact(z->fd, rec, sizeof(rec), off64)) < 0 || le32(rec) != SIG_END64 ||
	    le32(rec + 16) != 0 || le32(rec + 20) != 0 || le64(rec + 24) != le64(rec + 32))
		return unsupported(e, z->path, "bad zip64 end record");
	*count = le64(rec + 32);
	*cdir_size = le64(rec + 40);
	z->cdir_off = le64(rec + 48);
	if (z->cdir_off > off64 || *cdir_size > off64 - z->cdir_off)
		return unsupported(e, z->path, "central directory outside the file");
	return 0;
}

/* Takes the zip64 extended information extra field's values for the fields saturated at 0xffffffff. */
static bool zip64_sizes(const unsigned char *x, size_t xn, struct zent *z)
{
	size_t i = 0, k;

	while (i + 4 <= xn) {
		uint16_t id = le16(x + i), len = le16(x + i + 2);
		const unsigned char *d = x + i + 4;

		if (len > xn - i - 4)
			return false;
		if (id == 0x0001) {
			k = 0;
			if (z->usize == 0xffffffffu) {
				if (k + 8 > len)
					return false;
				z->usize = le64(d + k);
				k += 8;
			}
			if (z->csize == 0xffffffffu) {
				if (k + 8 > len)
					return false;
				z->csize = le64(d + k);
				k += 8;
			}
			if (z->local_off == 0xffffffffu) {
				if (k + 8 > len)
					return false;
				z->local_off = le64(d + k);
			}
			return true;
		}
		i += 4 + (size_t)len;
	}
	return false;
}

/* Whether a central record is a directory or a symbolic link (passed over). */
static bool not_regular(const unsigned char *c, const char *name, size_t nlen)
{
	uint32_t ext = le32(c + 38);
	uint32_t type = (ext >> 16) & 0170000u;

	if (nlen && name[nlen - 1] == '/')
		return true;
	if ((le16(c + 4) >> 8) == 3)	/* made on Unix: the high half is st_mode */
		return type != 0 && type != 0100000u;
	return (ext & 0x10) != 0;	/* MS-DOS directory attribute */
}

static int read_cdir(struct dd_zip *z, uint64_t count, uint64_t size, struct dd_err *e)
{
	unsigned char *cd;
	size_t off = 0, i;
	int r = 0;

	if (count > DD_ZIP_MAX_ENTRIES || size > DD_ZIP_MAX_CDIR || count > size / CENTRAL_SIZE + 1)
		return unsupported(e, z->path, "central directory too large");
	cd = dd_xmalloc(size ? (size_t)size : 1);
	if ((r = pread_exact(z->fd, cd, (size_t)size, z->cdir_off)) < 0) {
		free(cd);
		return r == -DDE_FORMAT ? unsupported(e, z->path, "shrank while read")
					: dd_err_sys(e, r, z->path);
	}
	z->ents = dd_xcalloc(count ? (size_t)count : 1, sizeof(*z->ents));
	for (i = 0; i < count; i++) {
		const unsigned char *c = cd + off;
		struct zent *t = &z->ents[z->n];
		size_t nlen, xlen, clen;

		if (size - off < CENTRAL_SIZE || le32(c) != SIG_CENTRAL) {
			r = unsupported(e, z->path, "bad central directory record");
			break;
		}
		nlen = le16(c + 28);
		xlen = le16(c + 30);
		clen = le16(c + 32);
		if (size - off - CENTRAL_SIZE < nlen + xlen + clen) {
			r = unsupported(e, z->path, "central directory record past its end");
			break;
		}
		off += CENTRAL_SIZE + nlen + xlen + clen;
		if (nlen == 0 || memchr(c + CENTRAL_SIZE, '\0', nlen) ||
		    not_regular(c, (const char *)c + CENTRAL_SIZE, nlen))
			continue;
		if (le16(c + 8) & 0x41) {	/* encrypted, strongly encrypted */
			r = unsupported(e, z->path, "encrypted entry");
			break;
		}
		t->method = le16(c + 10);
		t->crc = le32(c + 16);
		t->csize = le32(c + 20);
		t->usize = le32(c + 24);
		t->local_off = le32(c + 42);
		if ((t->method != 0 && t->method != 8) || le16(c + 34) != 0 ||
		    ((t->usize == 0xffffffffu || t->csize == 0xffffffffu ||
		      t->local_off == 0xffffffffu) &&
		     !zip64_sizes(c + CENTRAL_SIZE + nlen, xlen, t)) ||
		    (t->method == 0 && t->csize != t->usize) ||
		    /* deflate cannot expand more than 1032:1: a larger claim is a lie */
		    (t->method == 8 && t->usize / 1032 > t->csize + 1) || t->local_off >= z->cdir_off ||
		    t->csize > z->cdir_off - t->local_off) {
			r = unsupported(e, z->path, "entry not read by the fast reader");
			break;
		}
		t->name_off = z->names.len;
		t->index = z->n;
		dd_buf_add(&z->names, c + CENTRAL_SIZE, nlen);
		dd_buf_addch(&z->names, '\0');
		z->n++;
	}
	free(cd);
	return r;
}

static int cmp_offset(const void *a, const void *b)
{
	const struct zent *x = a, *y = b;

	if (x->local_off != y->local_off)
		return x->local_off < y->local_off ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

int dd_zip_open_fd(struct dd_zip **out, int fd, const char *path, struct dd_err *e)
{
	struct dd_zip *z = dd_xcalloc(1, sizeof(*z));
	struct stat st;
	uint64_t count = 0, size = 0;
	int r;

	*out = NULL;
	z->fd = fd;
	z->path = dd_xstrdup(path);
	dd_buf_init(&z->names, 0);
	if (fstat(z->fd, &st) != 0) {
		r = dd_err_sys(e, -errno, path);
		goto fail;
	}
	if (!S_ISREG(st.st_mode) || st.st_size < (off_t)END_SIZE) {
		r = unsupported(e, path, "not a regular file holding a zip archive");
		goto fail;
	}
	z->file_size = (uint64_t)st.st_size;
	if ((r = read_end(z, &count, &size, e)) < 0 || (r = read_cdir(z, count, size, e)) < 0)
		goto fail;
	qsort(z->ents, z->n, sizeof(*z->ents), cmp_offset);
	for (size_t i = 1; i < z->n; i++)
		if (z->ents[i].local_off == z->ents[i - 1].local_off) {
			/* records sharing data: each would be inflated again (a bomb) */
			r = unsupported(e, path, "entries sharing one local header");
			goto fail;
		}
	z->inflater = libdeflate_alloc_decompressor();
	if (!z->inflater)
		dd_oom(sizeof(struct dd_zip));
	*out = z;
	return 0;
fail:
	dd_zip_close(z);
	return r;
}

int dd_zip_open(struct dd_zip **out, const char *path, struct dd_err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	*out = NULL;
	if (fd < 0)
		return dd_err_sys(e, -errno, path);
	return dd_zip_open_fd(out, fd, path, e);
}

void dd_zip_close(struct dd_zip *z)
{
	if (!z)
		return;
	if (z->fd >= 0)
		close(z->fd);
	if (z->inflater)
		libdeflate_free_decompressor(z->inflater);
	dd_big_free(z->win, z->win_cap);
	dd_buf_release(&z->names);
	free(z->ents);
	free(z->path);
	free(z);
}

int dd_zip_next(struct dd_zip *z, const char **name, uint64_t *size)
{
	if (z->cur >= z->n)
		return 0;
	z->cur++;
	*name = z->names.buf + z->ents[z->cur - 1].name_off;
	*size = z->ents[z->cur - 1].usize;
	return 1;
}

/* Makes [off, off + n) of the file readable at z->win + (off - z->win_off). */
static int window(struct dd_zip *z, uint64_t off, size_t n)
{
	size_t want;

	if (off >= z->win_off && off - z->win_off <= z->win_len && n <= z->win_len - (off - z->win_off))
		return 0;
	if (off > z->file_size || n > z->file_size - off)
		return -DDE_FORMAT;
	want = n > WINDOW ? n : WINDOW;
	if (want > z->file_size - off)
		want = (size_t)(z->file_size - off);
	if (want > z->win_cap) {
		dd_big_free(z->win, z->win_cap);
		z->win_cap = want;
		z->win = dd_big_alloc(&z->win_cap);
	}
	z->win_len = 0;
	z->win_off = off;
	if (pread_exact(z->fd, z->win, want, off) < 0)
		return -DDE_FORMAT;
	z->win_len = want;
	return 0;
}

int dd_zip_read(struct dd_zip *z, char *buf, struct dd_err *e)
{
	const struct zent *t;
	const unsigned char *lh;
	const char *name;
	uint64_t data;
	const char *why;

	if (z->cur == 0 || z->cur > z->n)
		return dd_err_set(e, -DDE_INTERNAL, "%s: no current zip entry", z->path);
	t = &z->ents[z->cur - 1];
	name = z->names.buf + t->name_off;
	if (window(z, t->local_off, LOCAL_SIZE) < 0) {
		why = "local header past the end of the file";
		goto bad;
	}
	if (t->local_off < z->next_min) {
		/* overlapping entries would inflate the same bytes again and again */
		why = "overlaps the entry before it";
		goto bad;
	}
	lh = (const unsigned char *)z->win + (t->local_off - z->win_off);
	if (le32(lh) != SIG_LOCAL) {
		why = "no local header where the central directory says";
		goto bad;
	}
	data = t->local_off + LOCAL_SIZE + le16(lh + 26) + le16(lh + 28);
	if (data > z->cdir_off || t->csize > z->cdir_off - data ||
	    window(z, data, (size_t)t->csize) < 0) {
		why = "data past the central directory";
		goto bad;
	}
	lh = (const unsigned char *)z->win + (data - z->win_off);
	if (t->method == 0)
		memcpy(buf, lh, (size_t)t->usize);
	else if (libdeflate_deflate_decompress(z->inflater, lh, (size_t)t->csize, buf,
					       (size_t)t->usize, NULL) != LIBDEFLATE_SUCCESS) {
		why = "corrupt deflate data or a size other than recorded";
		goto bad;
	}
	if ((uint32_t)libdeflate_crc32(0, buf, (size_t)t->usize) != t->crc) {
		why = "CRC-32 mismatch";
		goto bad;
	}
	buf[t->usize] = '\0';
	z->next_min = data + t->csize;
	return 0;
bad:
	return dd_err_set(e, -DDE_FORMAT, "%s!%s (local header at offset %llu): %s", z->path, name,
			  (unsigned long long)t->local_off, why);
}
