/*
 * tests/unit/util_files_test.c: the bulk file readers: batches of small
 * files (util/readbatch.h, with io_uring and without) and the zip reader
 * (util/zipread.h) on archives written by libarchive, damaged by hand.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "t.h"
#include "util/fdio.h"
#include "util/readbatch.h"
#include "util/zipread.h"

static char *tmpdir(void)
{
	char tmpl[] = "/tmp/dd-files-XXXXXX";

	return mkdtemp(tmpl) ? strdup(tmpl) : NULL;
}

static void put(const char *dir, const char *name, const char *data, size_t n)
{
	char p[512];
	int fd;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		(void)dd_write_full(fd, data, n);
		close(fd);
	}
}

static void rm_tree(const char *dir)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	(void)system(cmd);
}

/* Reads the batch fixture; io: with io_uring (skipped where the kernel has none). */
static void check_batch(bool io)
{
	static const char *const names[] = { "a.json", "b.json", "c.json", "d.json",
					     "e.json", "f.json", "g.json", "sub/h.json" };
	const size_t n = sizeof(names) / sizeof(names[0]);
	const struct dd_readbatch_file *r;
	struct dd_readbatch *b;
	char *dir = tmpdir(), *big = malloc(DD_READBATCH_SLOT), p[512];
	int dfd, fifo_w;

	T_ASSERT(dir && big);
	memset(big, 'x', DD_READBATCH_SLOT);
	put(dir, "a.json", "{\"id\":\"A\"}", 10);
	put(dir, "b.json", big, DD_READBATCH_SLOT);		/* fills its slot */
	put(dir, "c.json", big, DD_READBATCH_SLOT - 1);	/* the largest whole file */
	/* d.json: missing */
	snprintf(p, sizeof(p), "%s/e.json", dir);
	T_EXPECT(symlink("a.json", p) == 0);
	snprintf(p, sizeof(p), "%s/f.json", dir);
	T_EXPECT(mkfifo(p, 0600) == 0);
	fifo_w = open(p, O_RDWR | O_NONBLOCK);	/* a writer that never writes */
	put(dir, "g.json", "", 0);
	snprintf(p, sizeof(p), "%s/sub", dir);
	T_EXPECT(mkdir(p, 0755) == 0);
	put(p, "h.json", "[]", 2);
	if (io)
		unsetenv("DRYDOCK_NO_IO_URING");
	else
		setenv("DRYDOCK_NO_IO_URING", "1", 1);
	b = dd_readbatch_new();
	unsetenv("DRYDOCK_NO_IO_URING");
	if (io && !dd_readbatch_uses_io_uring(b)) {
		t_skip("io_uring not available here");
		goto out;
	}
	T_EXPECT(dd_readbatch_uses_io_uring(b) == io);
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	alarm(20);	/* a FIFO must never block the batch */
	r = dd_readbatch_read(b, dfd, names, n);
	alarm(0);
	T_EQ_INT(r[0].err, 0);
	T_EXPECT(r[0].whole);
	T_EQ_INT(r[0].len, 10);
	T_EQ_STR(r[0].data, "{\"id\":\"A\"}");
	T_EQ_INT(r[1].err, 0);
	T_EXPECT(!r[1].whole);
	T_EQ_INT(r[2].err, 0);
	T_EXPECT(r[2].whole);
	T_EQ_INT(r[2].len, DD_READBATCH_SLOT - 1);
	T_EQ_INT(r[2].data[r[2].len], '\0');
	T_EQ_INT(r[3].err, ENOENT);
	T_EQ_INT(r[4].err, ELOOP);	/* never followed */
	T_EQ_INT(r[5].err, 0);	/* the FIFO: left to the caller's own reader */
	T_EXPECT(!r[5].whole);
	T_EQ_INT(r[6].err, 0);
	T_EXPECT(!r[6].whole);	/* empty: left to the caller (a FIFO without a writer reads so) */
	T_EQ_INT(r[7].err, 0);
	T_EQ_STR(r[7].data, "[]");
	/* the buffers are reused: a second batch sees its own files */
	r = dd_readbatch_read(b, dfd, names + 7, 1);
	T_EQ_STR(r[0].data, "[]");
	close(dfd);
out:
	if (fifo_w >= 0)
		close(fifo_w);
	dd_readbatch_free(b);
	rm_tree(dir);
	free(dir);
	free(big);
}

TEST(readbatch_with_io_uring)
{
	check_batch(true);
}

TEST(readbatch_without_io_uring)
{
	check_batch(false);
}

struct zfile {
	const char *name;
	const char *data;	/* NULL: a directory; "->target": a symbolic link */
	size_t len;
};

/* Writes a zip with libarchive; options as archive_write_set_options takes them. */
static bool write_zip(const char *path, const char *options, const struct zfile *f, size_t n)
{
	struct archive *a = archive_write_new();
	bool ok = archive_write_set_format_zip(a) == ARCHIVE_OK &&
		  (!options || archive_write_set_options(a, options) == ARCHIVE_OK) &&
		  archive_write_open_filename(a, path) == ARCHIVE_OK;
	size_t i;

	for (i = 0; ok && i < n; i++) {
		struct archive_entry *ent = archive_entry_new();

		archive_entry_set_pathname(ent, f[i].name);
		archive_entry_set_mtime(ent, 1700000000, 0);
		if (!f[i].data) {
			archive_entry_set_filetype(ent, AE_IFDIR);
			archive_entry_set_perm(ent, 0755);
		} else if (strncmp(f[i].data, "->", 2) == 0) {
			archive_entry_set_filetype(ent, AE_IFLNK);
			archive_entry_set_perm(ent, 0777);
			archive_entry_set_symlink(ent, f[i].data + 2);
		} else {
			archive_entry_set_filetype(ent, AE_IFREG);
			archive_entry_set_perm(ent, 0644);
			archive_entry_set_size(ent, (la_int64_t)f[i].len);
		}
		ok = archive_write_header(a, ent) == ARCHIVE_OK &&
		     (!f[i].data || strncmp(f[i].data, "->", 2) == 0 || f[i].len == 0 ||
		      archive_write_data(a, f[i].data, f[i].len) == (la_ssize_t)f[i].len);
		archive_entry_free(ent);
	}
	ok = archive_write_close(a) == ARCHIVE_OK && ok;
	archive_write_free(a);
	return ok;
}

/* Reads every entry: "name=len;" per entry into out; contents checked against want. */
static int read_all(const char *path, char *out, size_t outn, const struct zfile *want,
		    size_t nwant, struct dd_err *e)
{
	struct dd_zip *z;
	const char *name;
	uint64_t size;
	size_t i;
	int r;

	out[0] = '\0';
	if ((r = dd_zip_open(&z, path, e)) < 0)
		return r;
	while (dd_zip_next(z, &name, &size) > 0) {
		char *buf = malloc((size_t)size + 1);

		if ((r = dd_zip_read(z, buf, e)) < 0) {
			free(buf);
			break;
		}
		snprintf(out + strlen(out), outn - strlen(out), "%s=%llu;", name,
			 (unsigned long long)size);
		for (i = 0; i < nwant; i++)
			if (strcmp(want[i].name, name) == 0 &&
			    (want[i].len != size || memcmp(want[i].data, buf, size) != 0))
				t_fail(__FILE__, __LINE__, "%s: content differs", name);
		T_EQ_INT(buf[size], '\0');
		free(buf);
	}
	dd_zip_close(z);
	return r;
}

static char *big_text(size_t n)
{
	char *s = malloc(n);
	size_t i;

	for (i = 0; s && i < n; i++)
		s[i] = (char)('a' + (i * 7 + i / 13) % 26);
	return s;
}

static const char *const zip_listing = "a.json=10;big.json=200000;empty.json=0;sub/c.json=2;";

static void check_zip(const char *options)
{
	char *dir = tmpdir(), *big = big_text(200000), path[512], out[512];
	struct zfile f[] = {
		{ "a.json", "{\"id\":\"A\"}", 10 }, { "sub/", NULL, 0 },
		{ "big.json", big, 200000 }, { "empty.json", "", 0 },
		{ "sub/c.json", "[]", 2 }, { "link.json", "->a.json", 0 },
	};
	struct dd_err e = DD_ERR_INIT;

	T_ASSERT(dir && big);
	snprintf(path, sizeof(path), "%s/all.zip", dir);
	T_ASSERT(write_zip(path, options, f, sizeof(f) / sizeof(f[0])));
	T_EQ_INT(read_all(path, out, sizeof(out), f, sizeof(f) / sizeof(f[0]), &e), 0);
	T_EQ_STR(out, zip_listing);	/* the directory and the symbolic link passed over */
	dd_err_release(&e);
	rm_tree(dir);
	free(dir);
	free(big);
}

TEST(zip_deflated)
{
	check_zip(NULL);
}

TEST(zip_stored)
{
	check_zip("zip:compression=store");
}

TEST(zip_zip64)
{
	check_zip("zip:zip64");
}

/* Offset of the n-th (0-based) occurrence of a 4-byte signature in buf. */
static long find_sig(const unsigned char *buf, size_t len, uint32_t sig, int nth)
{
	size_t i;

	for (i = 0; i + 4 <= len; i++)
		if ((uint32_t)(buf[i] | buf[i + 1] << 8 | buf[i + 2] << 16 | (uint32_t)buf[i + 3] << 24) ==
			    sig && nth-- == 0)
			return (long)i;
	return -1;
}

/* Writes the fixture zip, lets damage() change its bytes, and opens/reads it. */
static int damaged(const char *options, void (*damage)(unsigned char *, size_t *), char *msg,
		   size_t msgn)
{
	char *dir = tmpdir(), path[512], out[512];
	char *big = big_text(5000);
	struct zfile f[] = { { "a.json", "{\"id\":\"A\"}", 10 }, { "big.json", big, 5000 } };
	struct dd_err e = DD_ERR_INIT;
	unsigned char *buf;
	size_t len = 0;
	int r = 1, fd;

	snprintf(path, sizeof(path), "%s/all.zip", dir);
	if (write_zip(path, options, f, 2) && (buf = (unsigned char *)t_read_file(path, &len))) {
		damage(buf, &len);
		fd = open(path, O_WRONLY | O_TRUNC);
		(void)dd_write_full(fd, buf, len);
		close(fd);
		free(buf);
		r = read_all(path, out, sizeof(out), NULL, 0, &e);
		snprintf(msg, msgn, "%s", dd_err_msg(&e));
	}
	dd_err_release(&e);
	rm_tree(dir);
	free(dir);
	free(big);
	return r;
}

/* Offset of the data of the n-th local header's entry. */
static long data_of(const unsigned char *b, size_t len, int nth)
{
	long lh = find_sig(b, len, 0x04034b50u, nth);

	return lh < 0 ? -1 : lh + 30 + (b[lh + 26] | b[lh + 27] << 8) + (b[lh + 28] | b[lh + 29] << 8);
}

static void flip_deflate_data(unsigned char *b, size_t *len)
{
	long d = data_of(b, *len, 1);	/* big.json */

	if (d >= 0)
		b[d + 20] ^= 0x55;	/* inside its compressed data */
}

static void flip_stored_data(unsigned char *b, size_t *len)
{
	long d = data_of(b, *len, 0);

	if (d >= 0)
		b[d + 2] ^= 0x20;	/* a.json's third byte */
}

static void set_encrypted(unsigned char *b, size_t *len)
{
	long c = find_sig(b, *len, 0x02014b50u, 0);

	if (c >= 0)
		b[c + 8] |= 1;
}

static void lie_about_size(unsigned char *b, size_t *len)
{
	long c = find_sig(b, *len, 0x02014b50u, 1);	/* big.json: 1 GiB from a few KiB */

	if (c >= 0)
		memcpy(b + c + 24, "\x00\x00\x00\x40", 4);
}

static void cut_end(unsigned char *b, size_t *len)
{
	(void)b;
	*len -= 10;
}

static void move_local_header(unsigned char *b, size_t *len)
{
	long c = find_sig(b, *len, 0x02014b50u, 1);

	if (c >= 0)
		b[c + 42] += 3;	/* big.json's local header offset, off by three */
}

static void share_local_header(unsigned char *b, size_t *len)
{
	long c = find_sig(b, *len, 0x02014b50u, 1);

	if (c >= 0)
		memset(b + c + 42, 0, 4);	/* big.json's data is a.json's */
}

static void overlap_entries(unsigned char *b, size_t *len)
{
	long c = find_sig(b, *len, 0x02014b50u, 1);

	if (c >= 0)
		memcpy(b + c + 42, "\x01\x00\x00\x00", 4);	/* inside a.json's entry */
}

TEST(zip_damage_is_named)
{
	char msg[512];

	T_EQ_INT(damaged(NULL, flip_deflate_data, msg, sizeof(msg)), -DDE_FORMAT);
	T_EXPECT(strstr(msg, "all.zip!big.json (local header at offset ") != NULL);
	T_EQ_INT(damaged("zip:compression=store", flip_stored_data, msg, sizeof(msg)), -DDE_FORMAT);
	T_EXPECT(strstr(msg, "a.json") && strstr(msg, "CRC-32 mismatch"));
	T_EQ_INT(damaged(NULL, move_local_header, msg, sizeof(msg)), -DDE_FORMAT);
	T_EXPECT(strstr(msg, "no local header where the central directory says") != NULL);
	/* what the fast reader does not take is left to libarchive */
	T_EQ_INT(damaged(NULL, set_encrypted, msg, sizeof(msg)), -DDE_UNSUPPORTED);
	T_EQ_INT(damaged(NULL, lie_about_size, msg, sizeof(msg)), -DDE_UNSUPPORTED);
	T_EQ_INT(damaged(NULL, cut_end, msg, sizeof(msg)), -DDE_UNSUPPORTED);
	/* records sharing or overlapping data (each would be inflated again: a bomb) */
	T_EQ_INT(damaged(NULL, share_local_header, msg, sizeof(msg)), -DDE_UNSUPPORTED);
	T_EQ_INT(damaged(NULL, overlap_entries, msg, sizeof(msg)), -DDE_FORMAT);
	T_EXPECT(strstr(msg, "overlaps the entry before it") != NULL);
}
