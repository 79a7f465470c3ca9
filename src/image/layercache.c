/*
 * src/image/layercache.c: the layer cache's entry files: recording a
 * layer's stream, the analyzer key, serialising, parsing (the cache
 * directory is hostile input: every count and size is checked, the payload
 * carries a sha256), and atomic reads and writes of one file per
 * (diff_id, analyzer key). The replay itself is in fsview.c. docs/cache.md.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "image/internal.h"
#include "image/layercache.h"
#include "util/fdio.h"
#include "util/log.h"
#include "util/xalloc.h"

#define EV_FIXED	40u	/* bytes of an event's fixed fields */
#define NO_LINK		0xffffffffu

static const char magic[4] = { 'D', 'D', 'L', 'C' };

/*
 * Zeroed memory for what a warm scan reads once: mapped with its pages
 * present (MAP_POPULATE), which costs one call instead of a page fault per
 * page (faults dominate a warm scan's time on some virtual machines).
 * NULL when the mapping fails (the caller then uses malloc).
 */
static void *populated(size_t n)
{
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE,
		       -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

void lc_entry_release(struct lc_entry *le)
{
	if (le->ev_map)
		munmap(le->ev, le->ev_map);
	else
		free(le->ev);
	dd_buf_release(&le->pool);
	if (le->file_map)
		munmap(le->file_map, le->file_map_len);
	memset(le, 0, sizeof(*le));
}

/* ---- recording ------------------------------------------------------------------ */

static void rec_fail(struct lc_entry *le, const char *why)
{
	if (le->failed)
		return;
	le->failed = true;
	le->why = why;
	/* keep nothing: the layer will not be cached */
	free(le->ev);
	le->ev = NULL;
	le->n = le->cap = 0;
	dd_buf_release(&le->pool);
}

static size_t pool_str(struct lc_entry *le, const char *s)
{
	size_t off = le->pool.len;

	dd_buf_adds(&le->pool, s);
	dd_buf_addch(&le->pool, '\0');
	return off;
}

size_t lc_rec_add(struct lc_entry *le, const struct ent *ent)
{
	struct lc_event *ev;

	if (le->failed)
		return SIZE_MAX;
	if ((le->pool.len - le->content) + EV_FIXED * (le->n + 1) > DD_LC_MAX_PATHS) {
		rec_fail(le, "too many entries");
		return SIZE_MAX;
	}
	DD_GROW(le->ev, le->cap, le->n + 1);
	ev = &le->ev[le->n];
	memset(ev, 0, sizeof(*ev));
	ev->type = (uint8_t)ent->type;
	ev->mode = ent->mode;
	ev->size = ent->size;
	ev->path = pool_str(le, ent->path);
	ev->link = ent->link ? pool_str(le, ent->link) : SIZE_MAX;
	return le->n++;
}

void lc_rec_data(struct lc_entry *le, size_t idx, const void *p, size_t n)
{
	struct lc_event *ev;

	if (le->failed || idx >= le->n)
		return;
	ev = &le->ev[idx];
	if (ev->flags & LC_DATA)
		return;
	if (le->content + n > DD_LC_MAX_CONTENT) {
		rec_fail(le, "more than 16 MiB of wanted file content");
		return;
	}
	ev->data = le->pool.len;
	ev->data_len = n;
	ev->flags |= LC_DATA;
	dd_buf_add(&le->pool, p, n);
	le->content += n;
}

/* ---- the key --------------------------------------------------------------------------- */

static void md_u64(EVP_MD_CTX *md, uint64_t v)
{
	unsigned char b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	EVP_DigestUpdate(md, b, 8);
}

static void md_str(EVP_MD_CTX *md, const char *s)
{
	s = s ? s : "";
	md_u64(md, strlen(s));
	EVP_DigestUpdate(md, s, strlen(s));
}

void lc_key(uint8_t out[32], const struct dd_want *const *wants, bool (*const *keeps)(void *, const struct dd_file *),
	    size_t n, uint64_t max_file)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned int len = 0;

	if (!md)
		abort();
	EVP_DigestInit_ex(md, EVP_sha256(), NULL);
	md_str(md, "drydock layer cache");
	md_u64(md, DD_ANALYZER_VERSION);
	md_u64(md, DD_LC_FORMAT);
	md_u64(md, max_file);
	md_u64(md, n);
	for (size_t i = 0; i < n; i++) {
		const struct dd_want *w = wants[i];
		size_t g = 0;

		md_str(md, w->name);
		while (w->globs && w->globs[g])
			md_str(md, w->globs[g++]);
		md_u64(md, g);
		md_u64(md, w->max_size);
		md_u64(md, (uint64_t)w->want_versions | (uint64_t)(w->match != NULL) << 1 |
			   (uint64_t)(keeps[i] != NULL) << 2);
	}
	EVP_DigestFinal_ex(md, out, &len);
	EVP_MD_CTX_free(md);
}

/* ---- serialising ------------------------------------------------------------------------- */

static void put32(struct dd_buf *b, uint32_t v)
{
	unsigned char x[4];

	for (int i = 0; i < 4; i++)
		x[i] = (unsigned char)(v >> (8 * i));
	dd_buf_add(b, x, 4);
}

static void put64(struct dd_buf *b, uint64_t v)
{
	unsigned char x[8];

	for (int i = 0; i < 8; i++)
		x[i] = (unsigned char)(v >> (8 * i));
	dd_buf_add(b, x, 8);
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const unsigned char *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

static void sha256(const void *p, size_t n, uint8_t out[32])
{
	unsigned int len = 0;

	EVP_Digest(p, n, out, &len, EVP_sha256(), NULL);
}

void lc_serialise(const struct lc_entry *le, const uint8_t key[32], const uint8_t diff[32],
		  struct dd_buf *out)
{
	size_t start;
	uint8_t sum[32];

	dd_buf_reset(out);
	dd_buf_add(out, magic, 4);
	put32(out, DD_LC_FORMAT);
	dd_buf_add(out, key, 32);
	dd_buf_add(out, diff, 32);
	put64(out, 0);			/* payload length, below */
	dd_buf_add(out, sum, 32);	/* checksum, below */
	start = out->len;
	put32(out, (uint32_t)le->n);
	for (size_t i = 0; i < le->n; i++) {
		const struct lc_event *ev = &le->ev[i];
		const char *path = lc_str(le, ev->path), *link = lc_str(le, ev->link);
		size_t dl = ev->flags & LC_DATA ? ev->data_len : 0;

		dd_buf_addch(out, (char)ev->type);
		dd_buf_addch(out, (char)ev->flags);
		dd_buf_add(out, "\0\0", 2);
		put32(out, ev->mode);
		put64(out, ev->size);
		put64(out, ev->wmax);
		put32(out, (uint32_t)strlen(path));
		put32(out, link ? (uint32_t)strlen(link) : NO_LINK);
		put64(out, dl);
		dd_buf_add(out, path, strlen(path) + 1);
		if (link)
			dd_buf_add(out, link, strlen(link) + 1);
		if (dl)
			dd_buf_add(out, le->pool.buf + ev->data, dl);
	}
	{
		struct dd_buf len = DD_BUF_INIT;

		put64(&len, out->len - start);
		memcpy(out->buf + 72, len.buf, 8);
		dd_buf_release(&len);
	}
	sha256(out->buf + start, out->len - start, sum);
	memcpy(out->buf + 80, sum, 32);
}

/* ---- parsing -------------------------------------------------------------------------------- */

/* A name from the cache: NUL-terminated at p[len], no NUL, no control bytes, UTF-8. */
static bool name_ok(const unsigned char *p, size_t len)
{
	if (p[len] != '\0')
		return false;
	for (size_t i = 0; i < len; i++)
		if (p[i] < 0x20 || p[i] == 0x7f)
			return false;
	return dd_utf8_valid((const char *)p, len);
}

int lc_parse(struct lc_entry *out, struct dd_buf *file, const uint8_t key[32], const uint8_t diff[32],
	     struct dd_err *e)
{
	const unsigned char *b = (const unsigned char *)file->buf, *p, *end;
	uint64_t plen, content = 0;
	uint32_t n, fmt;
	uint8_t sum[32];
	int r = 0;

	memset(out, 0, sizeof(*out));
	if (file->len < DD_LC_HEADER + 4 || memcmp(b, magic, 4) != 0) {
		r = dd_err_set(e, -DDE_FORMAT, "not a drydock layer cache entry");
		goto out;
	}
	if (file->len > DD_LC_MAX_FILE) {
		r = dd_err_set(e, -DDE_LIMIT, "larger than %u bytes", DD_LC_MAX_FILE);
		goto out;
	}
	fmt = get32(b + 4);
	if (fmt != DD_LC_FORMAT) {
		r = dd_err_set(e, -DDE_NOTFOUND, "format %u, this drydock reads %u", fmt, DD_LC_FORMAT);
		goto out;
	}
	if (key && memcmp(b + 8, key, 32) != 0) {
		r = dd_err_set(e, -DDE_NOTFOUND, "written for another analyzer key");
		goto out;
	}
	if (diff && memcmp(b + 40, diff, 32) != 0) {
		r = dd_err_set(e, -DDE_NOTFOUND, "written for another layer");
		goto out;
	}
	plen = get64(b + 72);
	if (plen != file->len - DD_LC_HEADER) {
		r = dd_err_set(e, -DDE_FORMAT, "truncated: payload of %llu bytes, %zu present",
			       (unsigned long long)plen, file->len - DD_LC_HEADER);
		goto out;
	}
	sha256(b + DD_LC_HEADER, (size_t)plen, sum);
	if (memcmp(sum, b + 80, 32) != 0) {
		r = dd_err_set(e, -DDE_VERIFY, "checksum mismatch");
		goto out;
	}
	p = b + DD_LC_HEADER;
	end = b + file->len;
	n = get32(p);
	p += 4;
	if (n > DD_IMG_MAX_ENTRIES || (uint64_t)n * EV_FIXED > (uint64_t)(end - p)) {
		r = dd_err_set(e, -DDE_LIMIT, "%u entries in %zu bytes", n, (size_t)(end - p));
		goto out;
	}
	if ((size_t)n * sizeof(*out->ev) >= 65536 && (out->ev = populated((size_t)n * sizeof(*out->ev))))
		out->ev_map = (size_t)n * sizeof(*out->ev);
	else
		out->ev = dd_xcalloc(n ? n : 1, sizeof(*out->ev));
	out->cap = n;
	for (uint32_t i = 0; i < n; i++) {
		struct lc_event *ev = &out->ev[i];
		uint32_t pl, ll;
		uint64_t dl;

		if ((size_t)(end - p) < EV_FIXED) {
			r = dd_err_set(e, -DDE_FORMAT, "entry %u: truncated", i);
			goto out;
		}
		ev->type = p[0];
		ev->flags = p[1];
		ev->mode = get32(p + 4);
		ev->size = get64(p + 8);
		ev->wmax = get64(p + 16);
		pl = get32(p + 24);
		ll = get32(p + 28);
		dl = get64(p + 32);
		p += EV_FIXED;
		if (ev->type > ENT_OTHER || (ev->flags & ~(LC_DATA | LC_DROPPED)) || p[-38] || p[-37] ||
		    (ev->flags && ev->type != ENT_REG)) {
			r = dd_err_set(e, -DDE_FORMAT, "entry %u: bad type or flags", i);
			goto out;
		}
		if (pl > DD_IMG_MAX_PATH || (ll != NO_LINK && ll > DD_IMG_MAX_PATH)) {
			r = dd_err_set(e, -DDE_LIMIT, "entry %u: name longer than %d bytes", i,
				       DD_IMG_MAX_PATH);
			goto out;
		}
		if ((ll != NO_LINK) != (ev->type == ENT_SYMLINK || ev->type == ENT_HARDLINK)) {
			r = dd_err_set(e, -DDE_FORMAT, "entry %u: link target on a %s", i,
				       ll != NO_LINK ? "non-link" : "link without one");
			goto out;
		}
		if ((ev->flags & LC_DATA) ? dl != ev->size : dl != 0) {
			r = dd_err_set(e, -DDE_FORMAT, "entry %u: %llu bytes of content for size %llu", i,
				       (unsigned long long)dl, (unsigned long long)ev->size);
			goto out;
		}
		if ((uint64_t)(end - p) < (uint64_t)pl + 1 || !name_ok(p, pl)) {
			r = dd_err_set(e, -DDE_FORMAT, "entry %u: bad name", i);
			goto out;
		}
		ev->path = (size_t)(p - b);
		p += pl + 1;
		ev->link = SIZE_MAX;
		if (ll != NO_LINK) {
			if ((uint64_t)(end - p) < (uint64_t)ll + 1 || !name_ok(p, ll)) {
				r = dd_err_set(e, -DDE_FORMAT, "entry %u: bad link target", i);
				goto out;
			}
			ev->link = (size_t)(p - b);
			p += ll + 1;
		}
		content += dl;
		if (content > DD_LC_MAX_CONTENT || dl > (uint64_t)(end - p)) {
			r = dd_err_set(e, dl > (uint64_t)(end - p) ? -DDE_FORMAT : -DDE_LIMIT,
				       "entry %u: content past the end or over the cap", i);
			goto out;
		}
		ev->data = (size_t)(p - b);
		ev->data_len = (size_t)dl;
		p += dl;
		out->n++;
	}
	if (p != end) {
		r = dd_err_set(e, -DDE_FORMAT, "%zu bytes after the last entry", (size_t)(end - p));
		goto out;
	}
	out->content = (size_t)content;
	out->pool = *file;
	*file = (struct dd_buf)DD_BUF_INIT;
out:
	if (r < 0) {
		if (out->ev_map)
			munmap(out->ev, out->ev_map);
		else
			free(out->ev);
		memset(out, 0, sizeof(*out));
		dd_buf_release(file);
	}
	return r;
}

/* ---- files ------------------------------------------------------------------------------------ */

static void hex(const uint8_t *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = "0123456789abcdef"[p[i] >> 4];
		out[2 * i + 1] = "0123456789abcdef"[p[i] & 15];
	}
	out[2 * n] = '\0';
}

bool lc_digest_raw(const char *digest, uint8_t out[32])
{
	if (!dd_digest_valid(digest))
		return false;
	for (int i = 0; i < 32; i++) {
		char a = digest[7 + 2 * i], c = digest[8 + 2 * i];
		int hi = a <= '9' ? a - '0' : a - 'a' + 10, lo = c <= '9' ? c - '0' : c - 'a' + 10;

		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

char *lc_file_name(const char *dir, const char *diff_id, const uint8_t key[32])
{
	char k[33];

	hex(key, 8, k);
	return dd_xasprintf("%s/%s-%s%s", dir, diff_id + 7, k, DD_LC_SUFFIX);
}

/*
 * Reads a whole file of at most cap bytes into one populated mapping (*map,
 * *map_len; out then points into it and does not own it). Returns 0 or
 * -errno / -DDE_LIMIT.
 */
#define LC_USE_GRAIN 3600	/* seconds */

static int read_whole(const char *path, size_t cap, struct dd_buf *out, void **map,
		      size_t *map_len, struct dd_err *e)
{
	struct stat st;
	char *p = NULL;
	size_t got = 0, len = 0;
	int fd, r = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno == -ENOENT ? -ENOENT : dd_err_sys(e, -errno, path);
	if (fstat(fd, &st) < 0) {
		r = dd_err_sys(e, -errno, path);
		goto out;
	}
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > cap) {
		r = dd_err_set(e, -DDE_LIMIT, "not a regular file of at most %zu bytes", cap);
		goto out;
	}
	/* "last used", for pruning: refreshed at most hourly, not on every warm scan */
	if (st.st_mtime < time(NULL) - LC_USE_GRAIN)
		(void)futimens(fd, NULL);
	len = (size_t)st.st_size + 1;
	p = populated(len);
	if (!p) {
		r = dd_err_sys(e, -ENOMEM, path);
		goto out;
	}
	{
		ssize_t n = dd_read_full(fd, p, (size_t)st.st_size);

		if (n < 0) {
			r = dd_err_sys(e, (int)n, path);
			goto out;
		}
		got = (size_t)n;	/* short if it shrank meanwhile: the length check will say so */
	}
	p[got] = '\0';
	out->buf = p;
	out->len = got;
	out->alloc = 0;		/* not owned: the mapping is */
	out->cap = 0;
	*map = p;
	*map_len = len;
	p = NULL;
out:
	if (p)
		munmap(p, len);
	close(fd);
	return r;
}

int lc_load(struct lc_entry *out, const char *dir, const char *diff_id, const uint8_t key[32])
{
	struct dd_buf file = DD_BUF_INIT;
	struct dd_err e = DD_ERR_INIT;
	uint8_t diff[32];
	char *name = NULL;
	void *map = NULL;
	size_t map_len = 0;
	int r;

	memset(out, 0, sizeof(*out));
	if (!lc_digest_raw(diff_id, diff))
		return 0;
	name = lc_file_name(dir, diff_id, key);
	r = read_whole(name, DD_LC_MAX_FILE, &file, &map, &map_len, &e);
	if (r == -ENOENT) {
		r = 0;
		goto out;
	}
	if (r == 0)
		r = lc_parse(out, &file, key, diff, &e);
	if (r < 0) {
		dd_warn("layer cache %s: %s: ignored, the layer is read again", name, dd_err_msg(&e));
		r = 0;
		goto out;
	}
	out->file_map = map;
	out->file_map_len = map_len;
	map = NULL;
	r = 1;
out:
	if (map)
		munmap(map, map_len);
	dd_buf_release(&file);
	dd_err_release(&e);
	free(name);
	return r;
}

/* mkdir -p with mode 0700 for what it creates. */
static int make_dirs(const char *dir, struct dd_err *e)
{
	char *p = dd_xstrdup(dir);
	int r = 0;

	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		{
			char c = *s;

			*s = '\0';
			if (mkdir(p, 0700) < 0 && errno != EEXIST) {
				r = dd_err_sys(e, -errno, p);
				break;
			}
			*s = c;
		}
		if (!*s)
			break;
	}
	free(p);
	return r;
}

int lc_store(const struct lc_entry *le, const char *dir, const char *diff_id, const uint8_t key[32],
	     struct dd_err *e)
{
	struct dd_buf data = DD_BUF_INIT;
	uint8_t diff[32];
	char *name = NULL, *tmp = NULL;
	int fd = -1, r;

	if (le->failed || !lc_digest_raw(diff_id, diff))
		return dd_err_set(e, -DDE_INTERNAL, "layer not recorded");
	r = make_dirs(dir, e);
	if (r < 0)
		return r;
	lc_serialise(le, key, diff, &data);
	name = lc_file_name(dir, diff_id, key);
	tmp = dd_xasprintf("%s/.tmp-XXXXXX", dir);
	fd = mkstemp(tmp);
	if (fd < 0) {
		r = dd_err_sys(e, -errno, dir);
		free(tmp);
		tmp = NULL;
		goto out;
	}
	r = dd_write_full(fd, data.buf, data.len);
	if (r < 0) {
		r = dd_err_sys(e, r, tmp);
		goto out;
	}
	if (close(fd) < 0) {
		fd = -1;
		r = dd_err_sys(e, -errno, tmp);
		goto out;
	}
	fd = -1;
	if (rename(tmp, name) < 0) {
		r = dd_err_sys(e, -errno, name);
		goto out;
	}
	free(tmp);
	tmp = NULL;
out:
	if (fd >= 0)
		close(fd);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	free(name);
	dd_buf_release(&data);
	return r;
}

/* ---- listing and pruning ------------------------------------------------------- */

/* True for the files the layer cache writes: entries and temporaries of an interrupted write. */
static bool ours(const char *name, bool *temp)
{
	size_t n = strlen(name), s = strlen(DD_LC_SUFFIX);

	*temp = strncmp(name, ".tmp-", 5) == 0;
	return *temp || (n > s && strcmp(name + n - s, DD_LC_SUFFIX) == 0);
}

static int by_use(const void *a, const void *b)
{
	const struct lc_file *x = a, *y = b;

	if (x->used != y->used)
		return x->used < y->used ? -1 : 1;
	return strcmp(x->path, y->path);
}

int lc_list(const char *dir, struct lc_file **out, size_t *n, struct dd_err *e)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	if (!d)
		return errno == ENOENT ? 0 : dd_err_sys(e, -errno, dir);
	while ((de = readdir(d))) {
		struct stat st;
		bool temp;
		char *p;

		if (!ours(de->d_name, &temp))
			continue;
		p = dd_xasprintf("%s/%s", dir, de->d_name);
		if (lstat(p, &st) < 0 || !S_ISREG(st.st_mode)) {
			free(p);
			continue;
		}
		DD_GROW(*out, cap, *n + 1);
		(*out)[*n].path = p;
		(*out)[*n].bytes = (uint64_t)st.st_size;
		(*out)[*n].used = (int64_t)st.st_mtime;
		(*out)[*n].temp = temp;
		(*n)++;
	}
	closedir(d);
	if (*n)
		qsort(*out, *n, sizeof(**out), by_use);
	return 0;
}

void lc_list_free(struct lc_file *files, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(files[i].path);
	free(files);
}

int lc_prune(const char *dir, uint64_t max_bytes, uint64_t max_age, struct lc_prune_tally *t,
	     struct dd_err *e)
{
	struct lc_file *f;
	size_t n;
	uint64_t total = 0;
	int64_t now = (int64_t)time(NULL);
	int r;

	memset(t, 0, sizeof(*t));
	r = lc_list(dir, &f, &n, e);
	if (r < 0)
		return r;
	for (size_t i = 0; i < n; i++)
		total += f[i].bytes;
	/* oldest first: age, then size, decide each file in turn */
	for (size_t i = 0; i < n; i++) {
		int64_t age = now - f[i].used;
		bool drop;

		if (f[i].temp)
			drop = age > LC_USE_GRAIN;
		else
			drop = (max_age && age > 0 && (uint64_t)age > max_age) ||
			       (max_bytes && total > max_bytes);
		if (drop && unlink(f[i].path) < 0 && errno != ENOENT) {
			r = dd_err_sys(e, -errno, f[i].path);
			break;
		}
		if (drop) {
			t->removed += !f[i].temp;
			t->removed_bytes += f[i].bytes;
			total -= f[i].bytes;
		} else if (!f[i].temp) {
			t->kept++;
			t->kept_bytes += f[i].bytes;
		}
	}
	lc_list_free(f, n);
	return r;
}
