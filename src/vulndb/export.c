/*
 * src/vulndb/export.c: offline distribution of a built database:
 * `db export FILE` writes the database zstd-compressed (libarchive's raw
 * format with the zstd filter) plus FILE.sha256 ("<hex>  <name>"), and
 * `db pull URL` downloads URL and URL.sha256, verifies the digest,
 * decompresses into a temporary file beside the database, checks that it
 * opens with this build's schema, and renames it into place.
 */
#include "vulndb/update.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/archive_filters.h"
#include "util/buf.h"
#include "util/out.h"
#include "util/xalloc.h"
#include "vulndb/store.h"
#include "vulndb/vulndb.h"

#define PULL_MAX_DB (8ull * 1024 * 1024 * 1024)

static int sha256_file(const char *path, char hex[65], struct dd_err *e)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char md[32], buf[65536];
	unsigned int n = 0, i;
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC), r = 0;

	if (fd < 0) {
		EVP_MD_CTX_free(ctx);
		return dd_err_sys(e, -errno, path);
	}
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	while ((got = read(fd, buf, sizeof(buf))) > 0)
		EVP_DigestUpdate(ctx, buf, (size_t)got);
	if (got < 0)
		r = dd_err_sys(e, -errno, path);
	EVP_DigestFinal_ex(ctx, md, &n);
	EVP_MD_CTX_free(ctx);
	close(fd);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return r;
}

static const char *base_of(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

int dd_vulndb_export(const char *db_path, const char *out, char hex[65], struct dd_err *e)
{
	struct dd_vulndb *v = NULL;
	struct archive *a = NULL;
	struct archive_entry *ent = NULL;
	char *tmp = dd_xasprintf("%s.tmp", out), *sum = NULL, *sumtmp = NULL;
	char buf[65536];
	ssize_t n;
	int fd = -1, r;
	FILE *f;

	if ((r = dd_out_check_replaceable(out, e)) < 0)
		goto out;
	/* only a valid database of this schema is exported */
	if ((r = dd_vulndb_open(&v, db_path, e)) < 0)
		goto out;
	dd_vulndb_close(v);
	fd = open(db_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		r = dd_err_sys(e, -errno, db_path);
		goto out;
	}
	a = archive_write_new();
	archive_write_add_filter_zstd(a);
	archive_write_set_format_raw(a);
	if (archive_write_open_filename(a, tmp) != ARCHIVE_OK) {
		r = dd_err_set(e, -DDE_FORMAT, "%s: %s", tmp, archive_error_string(a));
		goto out;
	}
	ent = archive_entry_new();
	archive_entry_set_pathname(ent, "vuln.db");
	archive_entry_set_filetype(ent, AE_IFREG);
	if (archive_write_header(a, ent) != ARCHIVE_OK) {
		r = dd_err_set(e, -DDE_FORMAT, "%s: %s", tmp, archive_error_string(a));
		goto out;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (archive_write_data(a, buf, (size_t)n) != n) {
			r = dd_err_set(e, -DDE_FORMAT, "%s: %s", tmp, archive_error_string(a));
			goto out;
		}
	if (n < 0) {
		r = dd_err_sys(e, -errno, db_path);
		goto out;
	}
	if (archive_write_close(a) != ARCHIVE_OK) {
		r = dd_err_set(e, -DDE_FORMAT, "%s: %s", tmp, archive_error_string(a));
		goto out;
	}
	if ((r = sha256_file(tmp, hex, e)) < 0)
		goto out;
	sum = dd_xasprintf("%s.sha256", out);
	sumtmp = dd_xasprintf("%s.sha256.tmp", out);
	f = fopen(sumtmp, "we");
	if (!f || fprintf(f, "%s  %s\n", hex, base_of(out)) < 0 || fclose(f) != 0) {
		r = dd_err_sys(e, -errno, sumtmp);
		goto out;
	}
	if (rename(tmp, out) != 0 || rename(sumtmp, sum) != 0)
		r = dd_err_sys(e, -errno, out);
out:
	if (fd >= 0)
		close(fd);
	archive_entry_free(ent);
	if (a)
		archive_write_free(a);
	if (r < 0) {
		unlink(tmp);
		if (sumtmp)
			unlink(sumtmp);
	}
	free(tmp);
	free(sum);
	free(sumtmp);
	return r;
}

/* Decompresses the raw zstd stream src into dst (capped). */
static int decompress(const char *src, const char *dst, struct dd_err *e)
{
	struct archive *a = archive_read_new();
	struct archive_entry *ent;
	char buf[65536];
	la_ssize_t n;
	uint64_t total = 0;
	int fd = -1, r = 0;

	dd_archive_read_filters(a);
	archive_read_support_format_raw(a);
	if (archive_read_open_filename(a, src, 65536) != ARCHIVE_OK ||
	    archive_read_next_header(a, &ent) != ARCHIVE_OK) {
		r = dd_err_set(e, -DDE_FORMAT, "%s: %s", src, archive_error_string(a));
		goto out;
	}
	fd = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		r = dd_err_sys(e, -errno, dst);
		goto out;
	}
	while ((n = archive_read_data(a, buf, sizeof(buf))) > 0) {
		total += (uint64_t)n;
		if (total > PULL_MAX_DB) {
			r = dd_err_set(e, -DDE_LIMIT, "%s: database larger than %llu bytes", src,
				       (unsigned long long)PULL_MAX_DB);
			goto out;
		}
		if (write(fd, buf, (size_t)n) != n) {
			r = dd_err_sys(e, -errno, dst);
			goto out;
		}
	}
	if (n < 0)
		r = dd_err_set(e, -DDE_FORMAT, "%s: %s", src, archive_error_string(a));
out:
	if (fd >= 0)
		close(fd);
	archive_read_free(a);
	return r;
}

int dd_vulndb_pull(const char *url, const char *db_path, const char *cache_dir, char hex[65],
		   struct dd_err *e)
{
	struct dd_fetch f = { 0 };
	struct dd_vulndb *v = NULL;
	char *dl = NULL, *sumfile = NULL, *sumurl = NULL, *tmp = NULL, want[65] = "";
	struct dd_buf sum = DD_BUF_INIT;
	int r;

	if ((r = mkdir(cache_dir, 0755)) != 0 && errno != EEXIST)
		return dd_err_sys(e, -errno, cache_dir);
	dl = dd_xasprintf("%s/pull.db.zst", cache_dir);
	sumfile = dd_xasprintf("%s/pull.db.zst.sha256", cache_dir);
	sumurl = dd_xasprintf("%s.sha256", url);
	f.url = sumurl;
	f.dest = sumfile;
	f.timeout = 60;
	f.retries = 2;
	f.backoff = 1;
	if ((r = dd_fetch_run(&f, e)) < 0)
		goto out;
	dd_fetch_release(&f);
	if ((r = dd_buf_read_file(&sum, sumfile, 4096, e)) < 0) {
		dd_err_wrap(e, "%s", sumurl);
		goto out;
	}
	if (sum.len < 64 || strspn(sum.buf, "0123456789abcdef") != 64) {
		r = dd_err_set(e, -DDE_FORMAT, "%s: not a sha256 file", sumurl);
		goto out;
	}
	memcpy(want, sum.buf, 64);
	want[64] = '\0';
	f.url = url;
	f.dest = dl;
	if ((r = dd_fetch_run(&f, e)) < 0)
		goto out;
	if ((r = sha256_file(dl, hex, e)) < 0)
		goto out;
	if (strcmp(hex, want) != 0) {
		r = dd_err_set(e, -DDE_VERIFY, "%s: sha256 %s, expected %s", url, hex, want);
		goto out;
	}
	if ((r = dd_store_stage(db_path, &tmp, e)) < 0)
		goto out;
	if ((r = decompress(dl, tmp, e)) < 0)
		goto out;
	if ((r = dd_vulndb_open(&v, tmp, e)) < 0) {
		dd_err_wrap(e, "%s", url);
		goto out;
	}
	dd_vulndb_close(v);
	r = dd_store_install(tmp, db_path, e);
out:
	dd_fetch_release(&f);
	dd_buf_release(&sum);
	if (tmp && r < 0)
		unlink(tmp);
	unlink(dl);
	unlink(sumfile);
	free(tmp);
	free(dl);
	free(sumfile);
	free(sumurl);
	return r;
}
