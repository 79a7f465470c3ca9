/*
 * src/image/store.c: the blob store an image lives in: a directory (OCI
 * layout) read with open(2), or a tar archive (docker-archive, oci-archive;
 * plain or compressed) read with libarchive (a gzip'd one inflated by
 * ISA-L, gunzip.c, where it loads). Opening an archive lists its
 * members once; reading a member scans the archive again and streams the
 * member's bytes (plain tars skip over other members by seeking).
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image/internal.h"
#include "util/archive_filters.h"
#include "util/fdio.h"
#include "util/xalloc.h"

#define STORE_BLOCK (128 * 1024)

/*
 * The reader of the last member streamed, kept so that reading members in
 * archive order (docker-archive layers usually are) costs one pass even
 * when the archive is compressed and cannot seek.
 */
struct store_cursor {
	struct archive *a;
	size_t idx;		/* index of the member its last header was */
};

static struct archive *outer_new(void)
{
	struct archive *a = archive_read_new();

	dd_archive_read_filters(a);
	archive_read_support_format_tar(a);
	return a;
}

/*
 * A gzip'd archive (`docker save | gzip`) read through ISA-L (gunzip.c):
 * the file's blocks inflated for libarchive's tar reader.
 */
struct gz_src {
	int fd;
	struct dd_gunzip *g;
	unsigned char *in;	/* STORE_BLOCK bytes of the file */
	struct dd_err err;
};

static int gz_src_input(void *arg, const void **p, size_t *n, struct dd_err *e)
{
	struct gz_src *z = arg;
	ssize_t k = dd_read_full(z->fd, z->in, STORE_BLOCK);

	if (k < 0)
		return dd_err_sys(e, (int)k, "read");
	*p = z->in;
	*n = (size_t)k;
	return 0;
}

static la_ssize_t gz_src_read(struct archive *a, void *arg, const void **buf)
{
	struct gz_src *z = arg;
	ssize_t n = dd_gunzip_read(z->g, gz_src_input, z, buf, &z->err);

	if (n < 0) {
		archive_set_error(a, EIO, "%s", dd_err_msg(&z->err));
		dd_err_release(&z->err);
		return -1;
	}
	return (la_ssize_t)n;
}

static int gz_src_close(struct archive *a, void *arg)
{
	struct gz_src *z = arg;

	(void)a;
	close(z->fd);
	dd_gunzip_free(z->g);
	free(z->in);
	dd_err_release(&z->err);
	free(z);
	return ARCHIVE_OK;
}

/*
 * Opens the archive at path in a: gzip through ISA-L when it can be loaded,
 * anything else with libarchive's own file reader (which seeks over the
 * members of a plain tar).
 */
static int outer_open(struct archive *a, const char *path)
{
	unsigned char magic[3];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	struct dd_gunzip *g;

	if (fd >= 0 && pread(fd, magic, sizeof(magic), 0) == (ssize_t)sizeof(magic) &&
	    dd_gunzip_magic(magic, sizeof(magic)) && (g = dd_gunzip_new())) {
		struct gz_src *z = dd_xcalloc(1, sizeof(*z));

		z->fd = fd;
		z->g = g;
		z->in = dd_xmalloc(STORE_BLOCK);
		dd_gunzip_begin(g, NULL, 0);
		/* the close callback frees z, also when the open fails */
		return archive_read_open(a, z, NULL, gz_src_read, gz_src_close);
	}
	if (fd >= 0)
		close(fd);
	return archive_read_open_filename(a, path, STORE_BLOCK);
}

/* The image path is prepended by dd_image_open / dd_fsview_run. */
static int arch_err(struct archive *a, struct dd_err *e)
{
	const char *m = archive_error_string(a);

	return dd_err_set(e, -DDE_FORMAT, "%s", m ? m : "unreadable archive");
}

static struct store_member *find(const struct store *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->m[i].name, name) == 0)
			return &s->m[i];
	return NULL;
}

/* Follows symlink/hardlink members to the member holding the data. */
static const struct store_member *resolve(const struct store *s, const char *name)
{
	const struct store_member *m = find(s, name);

	for (int hops = 0; m && m->link; hops++) {
		if (hops > 8)
			return NULL;
		m = find(s, m->link);
	}
	return m;
}

/* Resolves a member link target relative to the member's directory. */
static char *member_link(const char *name, const char *target, bool hard)
{
	struct dd_buf b = DD_BUF_INIT, n = DD_BUF_INIT;
	char *out = NULL;

	if (!hard && target[0] != '/') {
		const char *slash = strrchr(name, '/');

		if (slash)
			dd_buf_add(&b, name, (size_t)(slash - name + 1));
	}
	dd_buf_adds(&b, target);
	/* resolve ".." by hand: only inside the archive */
	{
		char *parts[DD_IMG_MAX_DEPTH];
		size_t np = 0;
		char *save = b.buf, *p;
		bool bad = false;

		while (*save && !bad) {
			p = save;
			while (*save && *save != '/')
				save++;
			if (*save)
				*save++ = '\0';
			if (!*p || strcmp(p, ".") == 0)
				continue;
			if (strcmp(p, "..") == 0) {
				if (np == 0)
					bad = true;
				else
					np--;
				continue;
			}
			if (np == DD_IMG_MAX_DEPTH)
				bad = true;
			else
				parts[np++] = p;
		}
		if (!bad) {
			for (size_t i = 0; i < np; i++) {
				if (i)
					dd_buf_addch(&n, '/');
				dd_buf_adds(&n, parts[i]);
			}
			out = dd_buf_detach(&n, NULL);
		}
	}
	dd_buf_release(&b);
	dd_buf_release(&n);
	return out;
}

#define CACHE_MEMBER_MAX (1u << 20)	/* JSON-sized members kept from the listing pass */
#define CACHE_TOTAL_MAX (16u << 20)

static bool cacheable(const struct store_member *m)
{
	size_t n = strlen(m->name);

	if (m->is_dir || m->link || m->size > CACHE_MEMBER_MAX)
		return false;
	return (n >= 5 && strcmp(m->name + n - 5, ".json") == 0) ||
	       strcmp(m->name, "repositories") == 0 || strcmp(m->name, "oci-layout") == 0 ||
	       (strncmp(m->name, "blobs/", 6) == 0 && m->size <= 64 * 1024);
}

static int list_archive(struct store *s, struct dd_err *e)
{
	size_t cached = 0;
	struct archive *a = outer_new();
	struct archive_entry *ent;
	struct dd_buf nb = DD_BUF_INIT;
	int r = 0, ar;

	if (outer_open(a, s->path) != ARCHIVE_OK) {
		r = arch_err(a, e);
		goto out;
	}
	while ((ar = archive_read_next_header(a, &ent)) == ARCHIVE_OK ||
	       ar == ARCHIVE_WARN) {
		const char *name = archive_entry_pathname(ent);
		const char *sl = archive_entry_symlink(ent);
		const char *hl = archive_entry_hardlink(ent);
		struct store_member *m;
		bool abs;

		if (!name) {
			r = dd_err_set(e, -DDE_FORMAT, "member without a name");
			goto out;
		}
		if (s->n >= DD_IMG_MAX_MEMBERS) {
			r = dd_err_set(e, -DDE_LIMIT, "more than %d members", DD_IMG_MAX_MEMBERS);
			goto out;
		}
		dd_buf_reset(&nb);
		r = dd_path_norm(name, &nb, &abs, e);
		if (r < 0)
			goto out;
		DD_GROW(s->m, s->cap, s->n + 1);
		m = &s->m[s->n++];
		memset(m, 0, sizeof(*m));
		m->name = dd_xstrdup(nb.buf);
		m->size = archive_entry_size_is_set(ent) ? (uint64_t)archive_entry_size(ent) : 0;
		m->is_dir = archive_entry_filetype(ent) == AE_IFDIR;
		if (hl)
			m->link = member_link(m->name, hl, true);
		else if (sl && archive_entry_filetype(ent) == AE_IFLNK)
			m->link = member_link(m->name, sl, false);
		if ((hl || sl) && !m->link)
			m->link = dd_xstrdup("");	/* dangling: resolves to nothing */
		if (cacheable(m) && cached + m->size <= CACHE_TOTAL_MAX) {
			struct dd_buf d = DD_BUF_INIT;
			char tmp[16384];
			la_ssize_t k;

			while ((k = archive_read_data(a, tmp, sizeof(tmp))) > 0 &&
			       d.len + (size_t)k <= CACHE_MEMBER_MAX)
				dd_buf_add(&d, tmp, (size_t)k);
			if (k < 0) {
				dd_buf_release(&d);
				r = arch_err(a, e);
				goto out;
			}
			if (d.len == m->size) {
				cached += d.len;
				m->data = dd_buf_detach(&d, NULL);
			}
			dd_buf_release(&d);
		}
	}
	if (ar != ARCHIVE_EOF) {
		r = arch_err(a, e);
		goto out;
	}
	if (s->n == 0)
		r = dd_err_set(e, -DDE_FORMAT, "empty or not a tar archive");
out:
	dd_buf_release(&nb);
	archive_read_free(a);
	return r;
}

int store_open(struct store *s, const char *path, bool is_dir, struct dd_err *e)
{
	memset(s, 0, sizeof(*s));
	s->is_dir = is_dir;
	s->path = dd_xstrdup(path);
	s->cur = dd_xcalloc(1, sizeof(*s->cur));
	if (is_dir)
		return 0;
	return list_archive(s, e);
}

void store_release(struct store *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->m[i].name);
		free(s->m[i].link);
		free(s->m[i].data);
	}
	free(s->m);
	free(s->path);
	if (s->cur && s->cur->a)
		archive_read_free(s->cur->a);
	free(s->cur);
	memset(s, 0, sizeof(*s));
}

static char *dir_path(const struct store *s, const char *name)
{
	return dd_xasprintf("%s/%s", s->path, name);
}

bool store_has(const struct store *s, const char *name)
{
	return store_size(s, name) >= 0;
}

int64_t store_size(const struct store *s, const char *name)
{
	if (s->is_dir) {
		char *p = dir_path(s, name);
		struct stat st;
		int r = stat(p, &st);

		free(p);
		if (r < 0 || !S_ISREG(st.st_mode))
			return -1;
		return (int64_t)st.st_size;
	}
	const struct store_member *m = resolve(s, name);

	return m && !m->is_dir ? (int64_t)m->size : -1;
}

/* ---- streams ----------------------------------------------------------------- */

struct store_stream {
	int fd;
	struct archive *a;
	struct store_cursor *cur;	/* where a goes back when the stream ends */
	size_t idx;
	char *buf;
	const char *name;
	char *what;		/* for messages */
	int64_t off;
};

int store_stream_open(struct store_stream **out, const struct store *s, const char *name,
		      struct dd_err *e)
{
	struct store_stream *st = dd_xcalloc(1, sizeof(*st));
	int r = 0;

	*out = NULL;
	st->fd = -1;
	if (s->is_dir) {
		char *p = dir_path(s, name);
		struct stat sb;

		st->what = dd_xstrdup(name);
		st->fd = open(p, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		free(p);
		if (st->fd < 0) {
			r = -errno;
			if (r == -ENOENT || r == -ELOOP)
				r = dd_err_set(e, -DDE_NOTFOUND, "%s: blob missing", name);
			else
				dd_err_sys(e, r, name);
			goto out;
		}
		if (fstat(st->fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
			r = dd_err_set(e, -DDE_FORMAT, "%s: not a regular file", name);
			goto out;
		}
		st->buf = dd_xmalloc(STORE_BLOCK);
	} else {
		const struct store_member *m = resolve(s, name);
		struct archive_entry *ent;
		int ar;

		st->what = dd_xstrdup(name);
		if (!m || m->is_dir) {
			r = dd_err_set(e, -DDE_NOTFOUND, "%s: blob missing", name);
			goto out;
		}
		size_t want = (size_t)(m - s->m), idx = 0;

		st->cur = s->cur;
		if (s->cur->a && s->cur->idx < want) {
			/* continue from where the last member read ended */
			st->a = s->cur->a;
			idx = s->cur->idx + 1;
			s->cur->a = NULL;
		} else {
			st->a = outer_new();
			if (outer_open(st->a, s->path) != ARCHIVE_OK) {
				r = arch_err(st->a, e);
				goto out;
			}
		}
		for (;; idx++) {
			struct dd_buf nb = DD_BUF_INIT;
			struct dd_err ign = DD_ERR_INIT;
			bool abs, hit;

			ar = archive_read_next_header(st->a, &ent);
			if (ar != ARCHIVE_OK && ar != ARCHIVE_WARN) {
				r = ar == ARCHIVE_EOF
					? dd_err_set(e, -DDE_NOTFOUND, "%s: blob missing", name)
					: arch_err(st->a, e);
				goto out;
			}
			hit = idx == want && archive_entry_pathname(ent) &&
			      dd_path_norm(archive_entry_pathname(ent), &nb, &abs, &ign) == 0 &&
			      strcmp(nb.buf, m->name) == 0;
			dd_buf_release(&nb);
			dd_err_release(&ign);
			if (hit)
				break;
			if (idx >= want) {
				r = dd_err_set(e, -DDE_FORMAT, "%s: archive changed while reading it",
					       name);
				goto out;
			}
		}
	}
out:
	if (r < 0) {
		st->cur = NULL;	/* a failed reader is not reused */
		store_stream_free(st);
	} else {
		st->idx = st->a ? (size_t)(resolve(s, name) - s->m) : 0;
		*out = st;
	}
	return r;
}

int store_stream_read(struct store_stream *st, const void **p, size_t *len, struct dd_err *e)
{
	if (st->fd >= 0) {
		ssize_t n;

		do
			n = read(st->fd, st->buf, STORE_BLOCK);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			return dd_err_sys(e, -errno, st->what);
		*p = st->buf;
		*len = (size_t)n;
		return 0;
	}
	for (;;) {
		const void *buf;
		size_t n;
		int64_t off;
		int ar = archive_read_data_block(st->a, &buf, &n, &off);

		if (ar == ARCHIVE_EOF) {
			*p = NULL;
			*len = 0;
			return 0;
		}
		if (ar != ARCHIVE_OK && ar != ARCHIVE_WARN)
			return arch_err(st->a, e);
		if (off != st->off)
			return dd_err_set(e, -DDE_FORMAT, "%s: sparse member", st->what);
		st->off += (int64_t)n;
		if (n == 0)
			continue;
		*p = buf;
		*len = n;
		return 0;
	}
}

void store_stream_free(struct store_stream *st)
{
	if (!st)
		return;
	if (st->fd >= 0)
		close(st->fd);
	if (st->a && st->cur) {
		if (st->cur->a)
			archive_read_free(st->cur->a);
		st->cur->a = st->a;
		st->cur->idx = st->idx;
	} else if (st->a) {
		archive_read_free(st->a);
	}
	free(st->buf);
	free(st->what);
	free(st);
}

int store_read_all(const struct store *s, const char *name, size_t cap, struct dd_buf *out,
		   struct dd_err *e)
{
	struct store_stream *st = NULL;
	int r;

	dd_buf_reset(out);
	if (!s->is_dir) {
		const struct store_member *m = resolve(s, name);

		if (m && m->data) {
			if (m->size > cap)
				return dd_err_set(e, -DDE_LIMIT, "%s: larger than %zu bytes", name, cap);
			dd_buf_add(out, m->data, (size_t)m->size);
			return 0;
		}
	}
	r = store_stream_open(&st, s, name, e);
	while (r == 0) {
		const void *p;
		size_t n;

		r = store_stream_read(st, &p, &n, e);
		if (r < 0 || n == 0)
			break;
		if (out->len + n > cap) {
			r = dd_err_set(e, -DDE_LIMIT, "%s: larger than %zu bytes", name, cap);
			break;
		}
		dd_buf_add(out, p, n);
	}
	store_stream_free(st);
	return r;
}
