/*
 * src/vulndb/import.c: the importer framework: the feed table, walking a
 * file, directory, archive or compressed file into a feed's parser (with
 * size and depth caps), skip counting, JSON helpers and namespace mapping.
 */
#include "vulndb/import.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/archive_filters.h"
#include "util/buf.h"
#include "util/fdio.h"
#include "util/parse.h"
#include "util/readbatch.h"
#include "util/zipread.h"
#include "util/xalloc.h"

const struct dd_feed *const dd_feeds[] = {
	&dd_feed_osv, &dd_feed_debian, &dd_feed_alpine, &dd_feed_ubuntu, &dd_feed_kev,
	&dd_feed_epss, &dd_feed_nvd, &dd_feed_dsa_support, &dd_feed_secsuite, &dd_feed_trivy,
	&dd_feed_debian_changelog,
	NULL,
};

const struct dd_feed *dd_feed_find(const char *name)
{
	const struct dd_feed *const *f;

	for (f = dd_feeds; *f; f++)
		if (strcmp((*f)->name, name) == 0)
			return *f;
	return NULL;
}

void dd_import_init(struct dd_import *im, struct dd_store *store, const char *source)
{
	memset(im, 0, sizeof(*im));
	im->store = store;
	im->source = source;
}

void dd_import_release(struct dd_import *im)
{
	size_t i;

	for (i = 0; i < im->n_reasons; i++)
		free(im->reasons[i]);
	im->n_reasons = 0;
	free(im->rd);
	im->rd = NULL;
	im->rd_cap = 0;
	dd_readbatch_free(im->batch);
	im->batch = NULL;
}

void dd_import_skip(struct dd_import *im, const char *file, const char *fmt, ...)
{
	struct dd_buf b = DD_BUF_INIT;
	va_list ap;

	im->skipped++;
	if (im->n_reasons >= DD_IMPORT_REASONS)
		return;
	dd_buf_addf(&b, "%s: ", file);
	va_start(ap, fmt);
	dd_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	im->reasons[im->n_reasons++] = dd_buf_detach(&b, NULL);
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static bool ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a >= b && strcmp(s + a - b, suf) == 0;
}

static bool is_archive(const char *name)
{
	return ends_with(name, ".zip") || ends_with(name, ".tar") || ends_with(name, ".tar.gz") ||
	       ends_with(name, ".tgz") || ends_with(name, ".tar.xz") || ends_with(name, ".tar.zst");
}

static bool is_compressed(const char *name)
{
	return ends_with(name, ".gz") || ends_with(name, ".xz") || ends_with(name, ".bz2") ||
	       ends_with(name, ".zst");
}

/* Makes im->rd hold at least need bytes, keeping its contents. */
static void rd_reserve(struct dd_import *im, size_t need)
{
	size_t cap = im->rd_cap ? im->rd_cap : 65536;

	if (need <= im->rd_cap)
		return;
	while (cap < need)
		cap *= 2;
	im->rd = dd_xrealloc(im->rd, cap);
	im->rd_cap = cap;
}

/*
 * Reads the current archive entry (or the raw stream) straight into the
 * reused buffer im->rd (no staging copy), capped; *len is its length.
 */
static int read_entry(struct dd_import *im, struct archive *a, struct archive_entry *ent,
		      const char *name, size_t *len, struct dd_err *e)
{
	size_t got = 0;
	la_ssize_t n;

	/* the size the entry claims is only a hint: trusted up to 64 MiB */
	if (ent && archive_entry_size_is_set(ent) && archive_entry_size(ent) >= 0 &&
	    archive_entry_size(ent) <= 64 * 1024 * 1024)
		rd_reserve(im, (size_t)archive_entry_size(ent) + 1);
	for (;;) {
		rd_reserve(im, got + 65536 + 1);
		n = archive_read_data(a, im->rd + got, im->rd_cap - 1 - got);
		if (n <= 0)
			break;
		got += (size_t)n;
		if (got > DD_IMPORT_MAX_FILE)
			return dd_err_set(e, -DDE_LIMIT, "%s: larger than %llu bytes", name,
					  (unsigned long long)DD_IMPORT_MAX_FILE);
	}
	if (n < 0)
		return dd_err_set(e, -DDE_FORMAT, "%s: %s", name, archive_error_string(a));
	im->rd[got] = '\0';
	*len = got;
	return 0;
}

/* A zip archive opened by the fast reader (util/zipread.h): every feed file in it. */
static int walk_zip(struct dd_import *im, const struct dd_feed *f, struct dd_zip *z,
		    const char *path, struct dd_err *e)
{
	const char *en;
	uint64_t size;
	int r = 0;

	while (dd_zip_next(z, &en, &size) > 0) {
		char *name;

		if (!f->accepts(base_name(en)))
			continue;
		name = dd_xasprintf("%s!%s", path, en);
		if (size > DD_IMPORT_MAX_FILE) {
			r = dd_err_set(e, -DDE_LIMIT, "%s: larger than %llu bytes", name,
				       (unsigned long long)DD_IMPORT_MAX_FILE);
		} else {
			rd_reserve(im, (size_t)size + 1);
			if ((r = dd_zip_read(z, im->rd, e)) == 0) {
				im->files++;
				r = f->parse(im, name, dd_slice_of(im->rd, (size_t)size), e);
			}
		}
		free(name);
		if (r < 0)
			break;
	}
	return r;
}

static int walk_archive(struct dd_import *im, const struct dd_feed *f, const char *path,
			bool raw, struct dd_err *e)
{
	struct archive *a;
	struct archive_entry *ent;
	size_t len = 0;
	int r = 0, rc;

	if (!raw && ends_with(path, ".zip")) {
		struct dd_err ze = DD_ERR_INIT;
		struct dd_zip *z = NULL;

		r = dd_zip_open(&z, path, &ze);
		if (r != -DDE_UNSUPPORTED) {
			/* the fast reader takes it: whatever happens next is the answer */
			if (r < 0)
				dd_err_set(e, r, "%s", dd_err_msg(&ze));
			else
				r = walk_zip(im, f, z, path, e);
			dd_zip_close(z);
			dd_err_release(&ze);
			return r;
		}
		dd_err_release(&ze);	/* libarchive reads what the fast reader does not */
		r = 0;
	}
	a = archive_read_new();
	dd_archive_read_filters(a);
	if (raw)
		archive_read_support_format_raw(a);
	else {
		archive_read_support_format_tar(a);
		archive_read_support_format_zip(a);
	}
	if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK) {
		r = dd_err_set(e, -DDE_FORMAT, "%s: %s", path, archive_error_string(a));
		goto out;
	}
	while ((rc = archive_read_next_header(a, &ent)) == ARCHIVE_OK) {
		const char *en = archive_entry_pathname(ent);
		char *name;

		if (!raw && (archive_entry_filetype(ent) != AE_IFREG || !en || !f->accepts(base_name(en))))
			continue;
		if ((r = read_entry(im, a, raw ? NULL : ent, path, &len, e)) < 0)
			goto out;
		name = raw ? dd_xstrdup(path) : dd_xasprintf("%s!%s", path, en);
		im->files++;
		r = f->parse(im, name, dd_slice_of(im->rd, len), e);
		free(name);
		if (r < 0)
			goto out;
	}
	if (rc != ARCHIVE_EOF)
		r = dd_err_set(e, -DDE_FORMAT, "%s: %s", path, archive_error_string(a));
out:
	archive_read_free(a);
	return r;
}

/*
 * Reads the regular file name (relative to dirfd) whole into im->rd with
 * one open, fstat and read (no stdio, no copy): the buffer is reused from
 * file to file, so a directory of small files costs four system calls each.
 * Symbolic links are not followed (a directory walk never follows them).
 */
static int read_small(struct dd_import *im, int dirfd, const char *name, const char *path,
		      size_t *len, struct dd_err *e)
{
	struct stat st;
	size_t want, got = 0;
	ssize_t n;
	int fd, r = 0;

	/* O_NONBLOCK: a FIFO put in a regular file's place opens at once (and is refused) */
	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return dd_err_sys(e, -errno, path);
	if (fstat(fd, &st) != 0) {
		r = dd_err_sys(e, -errno, path);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		r = dd_err_set(e, -DDE_FORMAT, "%s: not a regular file", path);
		goto out;
	}
	if ((unsigned long long)st.st_size > DD_IMPORT_MAX_FILE) {
		r = dd_err_set(e, -DDE_LIMIT, "%s: larger than %llu bytes", path,
			       (unsigned long long)DD_IMPORT_MAX_FILE);
		goto out;
	}
	want = (size_t)st.st_size;
	if (want + 1 > im->rd_cap) {
		size_t cap = im->rd_cap ? im->rd_cap : 65536;

		while (cap < want + 1)
			cap *= 2;
		free(im->rd);
		im->rd = dd_xmalloc(cap);
		im->rd_cap = cap;
	}
	n = dd_read_full(fd, im->rd, want);
	if (n < 0) {
		r = dd_err_sys(e, (int)n, path);
		goto out;
	}
	got = (size_t)n;	/* short if it shrank under us: what was read is the file */
	im->rd[got] = '\0';
	*len = got;
out:
	close(fd);
	return r;
}

static int import_file(struct dd_import *im, const struct dd_feed *f, int dirfd, const char *name,
		       const char *path, struct dd_err *e)
{
	size_t len = 0;
	int r;

	if (is_archive(path))
		return walk_archive(im, f, path, false, e);
	if (is_compressed(path))
		return walk_archive(im, f, path, true, e);
	if (dirfd == AT_FDCWD) {
		/* a path given by the user: symbolic links followed, FIFOs read too */
		struct dd_buf b;

		if ((r = dd_buf_read_file(&b, path, DD_IMPORT_MAX_FILE, e)) < 0)
			return r;
		im->files++;
		r = f->parse(im, path, dd_buf_slice(&b), e);
		dd_buf_release(&b);
		return r;
	}
	if ((r = read_small(im, dirfd, name, path, &len, e)) < 0)
		return r;
	im->files++;
	return f->parse(im, path, dd_slice_of(im->rd, len), e);
}

struct dir_ent {
	size_t off;		/* of the name in the walk's name buffer */
	unsigned char type;	/* d_type (DT_UNKNOWN resolved) */
	bool batch;		/* a plain feed file: read in a batch */
};

static int cmp_ent(const void *a, const void *b, void *names)
{
	return strcmp((const char *)names + ((const struct dir_ent *)a)->off,
		      (const char *)names + ((const struct dir_ent *)b)->off);
}

/*
 * Imports the n plain feed files ents[0..n) of one directory, read as one
 * batch (readbatch.h), in order; a file larger than a batch slot is read
 * alone. path holds "dir/" (dl bytes) and is reused for each name.
 */
static int import_batch(struct dd_import *im, const struct dd_feed *f, int fd,
			const char *names, const struct dir_ent *ents, size_t n,
			struct dd_buf *path, size_t dl, struct dd_err *e)
{
	const char *bn[DD_READBATCH_FILES];
	const struct dd_readbatch_file *res;
	size_t i, len;
	int r = 0;

	if (!im->batch)
		im->batch = dd_readbatch_new();
	for (i = 0; i < n; i++)
		bn[i] = names + ents[i].off;
	res = dd_readbatch_read(im->batch, fd, bn, n);
	for (i = 0; i < n && r == 0; i++) {
		dd_buf_truncate(path, dl);
		dd_buf_adds(path, bn[i]);
		if (res[i].err) {
			r = dd_err_sys(e, -res[i].err, path->buf);
		} else if (res[i].whole) {
			im->files++;
			r = f->parse(im, path->buf, dd_slice_of(res[i].data, res[i].len), e);
		} else if ((r = read_small(im, fd, bn[i], path->buf, &len, e)) == 0) {
			im->files++;
			r = f->parse(im, path->buf, dd_slice_of(im->rd, len), e);
		}
	}
	return r;
}

static int walk_dir(struct dd_import *im, const struct dd_feed *f, const char *dir, int depth,
		    struct dd_err *e)
{
	DIR *d;
	struct dirent *de;
	struct dir_ent *ents = NULL;
	struct dd_buf names = DD_BUF_INIT, path = DD_BUF_INIT;
	size_t n = 0, cap = 0, i, k, dl = strlen(dir);
	int r = 0, fd;

	if (depth > DD_IMPORT_MAX_DEPTH)
		return dd_err_set(e, -DDE_LIMIT, "%s: directories nest deeper than %d", dir,
				  DD_IMPORT_MAX_DEPTH);
	d = opendir(dir);
	if (!d)
		return dd_err_sys(e, -errno, dir);
	fd = dirfd(d);
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		DD_GROW(ents, cap, n + 1);
		ents[n].off = names.len;
		ents[n].type = de->d_type;
		dd_buf_add(&names, de->d_name, strlen(de->d_name) + 1);
		n++;
	}
	if (n)
		qsort_r(ents, n, sizeof(*ents), cmp_ent, names.buf);
	for (i = 0; i < n; i++) {
		const char *name = names.buf + ents[i].off;
		struct stat st;

		if (ents[i].type == DT_UNKNOWN) {
			if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
				ents[i].type = DT_LNK;	/* gone: skipped */
			else
				ents[i].type = S_ISDIR(st.st_mode) ? DT_DIR
					       : S_ISREG(st.st_mode) ? DT_REG : DT_LNK;
		}
		ents[i].batch = ents[i].type == DT_REG && f->accepts(name) && !is_archive(name) &&
				!is_compressed(name);
	}
	dd_buf_add(&path, dir, dl);
	dd_buf_addch(&path, '/');
	for (i = 0; i < n && r == 0; i += k) {
		const char *name = names.buf + ents[i].off;

		k = 1;
		if (ents[i].batch) {
			while (i + k < n && k < DD_READBATCH_FILES && ents[i + k].batch)
				k++;
			r = import_batch(im, f, fd, names.buf, ents + i, k, &path, dl + 1, e);
			continue;
		}
		dd_buf_truncate(&path, dl + 1);
		dd_buf_adds(&path, name);
		if (ents[i].type == DT_DIR)
			r = walk_dir(im, f, path.buf, depth + 1, e);
		else if (ents[i].type == DT_REG && (f->accepts(name) || is_archive(name)))
			r = import_file(im, f, fd, name, path.buf, e);
	}
	closedir(d);
	free(ents);
	dd_buf_release(&names);
	dd_buf_release(&path);
	return r;
}

int dd_import_path(struct dd_import *im, const struct dd_feed *f, const char *path,
		   struct dd_err *e)
{
	struct stat st;
	int r;

	/*
	 * libarchive converts each zip entry's DOS time with mktime(), and glibc
	 * stats /etc/localtime at every call while TZ is unset (two system calls
	 * per entry); naming the same zone file in TZ makes it read it once. Set
	 * here, before a feed can start a thread (setenv is not thread-safe).
	 */
	if (!getenv("TZ"))
		setenv("TZ", ":/etc/localtime", 0);
	if (stat(path, &st) != 0)
		return dd_err_sys(e, -errno, path);
	if (S_ISDIR(st.st_mode))
		r = walk_dir(im, f, path, 0, e);
	else
		r = import_file(im, f, AT_FDCWD, path, path, e);
	if (f->finish) {
		int r2 = f->finish(im, r == 0, e);

		if (r == 0)
			r = r2;
	}
	return r;
}

int dd_import_data(struct dd_import *im, const struct dd_feed *f, const char *name,
		   struct dd_slice data, struct dd_err *e)
{
	int r;

	im->files++;
	r = f->parse(im, name, data, e);
	if (f->finish) {
		int r2 = f->finish(im, r == 0, e);

		if (r == 0)
			r = r2;
	}
	return r;
}

int dd_json_parse(struct dd_slice data, json_t **out, struct dd_err *e)
{
	json_error_t je;

	*out = json_loadb(data.ptr ? data.ptr : "", data.len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
	if (!*out)
		return dd_err_set(e, -DDE_FORMAT, "line %d: %s", je.line, je.text);
	return 0;
}

const char *dd_j_str(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

double dd_j_num(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	const char *s;
	char *end;
	double d;

	if (json_is_number(v))
		return json_number_value(v);
	s = json_string_value(v);
	if (!s || !*s)
		return -1;
	d = strtod(s, &end);
	return *end ? -1 : d;
}

bool dd_text_ok(const char *s)
{
	size_t n = 0;

	if (!s || !*s)
		return false;
	for (; *s; s++, n++)
		if ((unsigned char)*s < 0x20 || n >= DD_STORE_MAX_FIELD)
			return false;
	return true;
}

struct codename {
	const char *name, *num;
};

static const struct codename debian_names[] = {
	{ "buzz", "1.1" }, { "rex", "1.2" }, { "bo", "1.3" }, { "hamm", "2.0" },
	{ "slink", "2.1" }, { "potato", "2.2" }, { "woody", "3.0" }, { "sarge", "3.1" },
	{ "etch", "4" }, { "lenny", "5" }, { "squeeze", "6" }, { "wheezy", "7" },
	{ "jessie", "8" }, { "stretch", "9" }, { "buster", "10" }, { "bullseye", "11" },
	{ "bookworm", "12" }, { "trixie", "13" }, { "forky", "14" }, { "duke", "15" },
	{ "sid", "unstable" }, { "unstable", "unstable" }, { NULL, NULL },
};

static const struct codename ubuntu_names[] = {
	{ "warty", "4.10" }, { "hoary", "5.04" }, { "breezy", "5.10" }, { "dapper", "6.06" },
	{ "edgy", "6.10" }, { "feisty", "7.04" }, { "gutsy", "7.10" }, { "hardy", "8.04" },
	{ "intrepid", "8.10" }, { "jaunty", "9.04" }, { "karmic", "9.10" }, { "lucid", "10.04" },
	{ "maverick", "10.10" }, { "natty", "11.04" }, { "oneiric", "11.10" },
	{ "precise", "12.04" }, { "quantal", "12.10" }, { "raring", "13.04" },
	{ "saucy", "13.10" }, { "trusty", "14.04" }, { "utopic", "14.10" }, { "vivid", "15.04" },
	{ "wily", "15.10" }, { "xenial", "16.04" }, { "yakkety", "16.10" }, { "zesty", "17.04" },
	{ "artful", "17.10" }, { "bionic", "18.04" }, { "cosmic", "18.10" }, { "disco", "19.04" },
	{ "eoan", "19.10" }, { "focal", "20.04" }, { "groovy", "20.10" }, { "hirsute", "21.04" },
	{ "impish", "21.10" }, { "jammy", "22.04" }, { "kinetic", "22.10" }, { "lunar", "23.04" },
	{ "mantic", "23.10" }, { "noble", "24.04" }, { "oracular", "24.10" },
	{ "plucky", "25.04" }, { "questing", "25.10" }, { NULL, NULL },
};

static bool all_version_chars(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || *s == '.'))
			return false;
	return true;
}

static int ns_from(const struct codename *t, const char *family, const char *rel, char *out,
		   size_t n)
{
	size_t i;

	if (!rel)
		return -DDE_NOTFOUND;
	for (i = 0; t[i].name; i++)
		if (strcmp(t[i].name, rel) == 0) {
			snprintf(out, n, "%s:%s", family, t[i].num);
			return 0;
		}
	for (i = 0; t[i].name; i++)
		if (strcmp(t[i].num, rel) == 0) {
			snprintf(out, n, "%s:%s", family, rel);
			return 0;
		}
	return -DDE_NOTFOUND;
}

int dd_ns_debian(const char *release, char *out, size_t n)
{
	if (release && all_version_chars(release) && strlen(release) < 8) {
		snprintf(out, n, "debian:%s", release);
		return 0;
	}
	return ns_from(debian_names, "debian", release, out, n);
}

int dd_ns_ubuntu(const char *release, char *out, size_t n)
{
	return ns_from(ubuntu_names, "ubuntu", release, out, n);
}

int dd_ns_alpine(const char *release, char *out, size_t n)
{
	const char *r = release;
	const char *dot;

	if (!r)
		return -DDE_NOTFOUND;
	if (*r == 'v')
		r++;
	if (strcmp(r, "edge") == 0) {
		snprintf(out, n, "alpine:edge");
		return 0;
	}
	if (!all_version_chars(r) || strlen(r) > 12)
		return -DDE_NOTFOUND;
	/* major.minor only */
	dot = strchr(r, '.');
	if (dot && strchr(dot + 1, '.'))
		snprintf(out, n, "alpine:%.*s", (int)(strchr(dot + 1, '.') - r), r);
	else
		snprintf(out, n, "alpine:%s", r);
	return 0;
}

const char *dd_severity_norm(const char *w)
{
	static const struct {
		const char *word, *norm;
	} t[] = {
		{ "critical", "CRITICAL" }, { "high", "HIGH" }, { "important", "HIGH" },
		{ "medium", "MEDIUM" }, { "moderate", "MEDIUM" }, { "low", "LOW" },
		{ "unimportant", "LOW" }, { "negligible", "NEGLIGIBLE" }, { "untriaged", "UNKNOWN" },
		{ "unknown", "UNKNOWN" }, { "not yet assigned", "UNKNOWN" },
	};
	size_t i;

	if (!w)
		return NULL;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcasecmp(w, t[i].word) == 0)
			return t[i].norm;
	return NULL;
}

void dd_pypi_norm(const char *name, char *out, size_t n)
{
	size_t j = 0;
	bool sep = false;

	if (!n)
		return;
	for (; *name && j + 1 < n; name++) {
		char c = *name;

		if (c == '-' || c == '_' || c == '.') {
			sep = true;
			continue;
		}
		if (sep && j > 0 && j + 2 < n)
			out[j++] = '-';
		sep = false;
		out[j++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	out[j] = '\0';
}
