/*
 * src/image/dir.c: an unpacked root filesystem or project directory as the
 * single pseudo-layer of a DIR target. Walks with openat/fstatat, never
 * following symlinks (they are reported as links, resolved inside the root
 * by the view), skipping .git and the configured directories.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image/internal.h"
#include "util/log.h"
#include "util/xalloc.h"

struct walk {
	struct dd_image *img;
	ent_fn fn;
	void *arg;
	struct dd_buf path;
	size_t n_ent;
};

struct frd {
	int dirfd;
	const char *name;
	const char *path;
	uint64_t size;
};

static int read_file(void *arg, struct dd_buf *out, uint64_t cap, struct dd_err *e)
{
	struct frd *f = arg;
	char tmp[65536];
	int fd, r = 0;

	dd_buf_reset(out);
	if (f->size > cap || dd_buf_reserve(out, f->size) < 0)
		return dd_err_set(e, -DDE_LIMIT, "larger than %llu bytes", (unsigned long long)cap);
	fd = openat(f->dirfd, f->name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return dd_err_sys(e, -errno, f->path);
	for (;;) {
		ssize_t n = read(fd, tmp, sizeof(tmp));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = dd_err_sys(e, -errno, f->path);
			break;
		}
		if (n == 0)
			break;
		if (out->len + (size_t)n > cap) {
			r = dd_err_set(e, -DDE_LIMIT, "larger than %llu bytes",
				       (unsigned long long)cap);
			break;
		}
		if (dd_buf_add(out, tmp, (size_t)n) < 0) {
			/* a fixed buffer sized from stat(): the file grew meanwhile */
			r = dd_err_set(e, -DDE_FORMAT, "%s: grew while being read", f->path);
			break;
		}
	}
	close(fd);
	return r;
}

static bool skipped(const struct walk *w, const char *name, const char *rel)
{
	if (strcmp(name, ".git") == 0)
		return true;
	for (size_t i = 0; w->img->skip_dirs && w->img->skip_dirs[i]; i++)
		if (strcmp(w->img->skip_dirs[i], name) == 0 || strcmp(w->img->skip_dirs[i], rel) == 0)
			return true;
	return false;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_dir(struct walk *w, int dfd, int depth, struct dd_err *e)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, base = w->path.len;
	int r = 0;

	if (depth > DD_IMG_MAX_DEPTH) {
		close(dfd);
		return dd_err_set(e, -DDE_LIMIT, "%s: deeper than %d directories", w->path.buf,
				  DD_IMG_MAX_DEPTH);
	}
	d = fdopendir(dfd);
	if (!d) {
		r = dd_err_sys(e, -errno, w->path.len ? w->path.buf : ".");
		close(dfd);
		return r;
	}
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		DD_GROW(names, cap, n + 1);
		names[n++] = dd_xstrdup(de->d_name);
	}
	qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; i < n && r == 0; i++) {
		struct stat st;
		struct ent ent = { 0 };
		struct frd f;
		char link[DD_IMG_MAX_PATH + 1];

		dd_buf_truncate(&w->path, base);
		if (base)
			dd_buf_addch(&w->path, '/');
		dd_buf_adds(&w->path, names[i]);
		if (!dd_utf8_valid(names[i], strlen(names[i]))) {
			struct dd_buf esc = DD_BUF_INIT;

			dd_path_escape(w->path.buf, &esc);
			dd_warn("%s: %s: name is not valid UTF-8: skipped", w->img->name, esc.buf);
			dd_buf_release(&esc);
			continue;
		}
		if (fstatat(dirfd(d), names[i], &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;	/* vanished */
		if (++w->n_ent > DD_IMG_MAX_ENTRIES) {
			r = dd_err_set(e, -DDE_LIMIT, "more than %u entries", DD_IMG_MAX_ENTRIES);
			break;
		}
		ent.path = w->path.buf;
		ent.mode = (uint32_t)st.st_mode;
		ent.size = (uint64_t)st.st_size;
		if (S_ISDIR(st.st_mode)) {
			int cfd;

			if (skipped(w, names[i], w->path.buf))
				continue;
			cfd = openat(dirfd(d), names[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (cfd < 0) {
				dd_warn("%s: %s: %s: skipped", w->img->name, w->path.buf, strerror(errno));
				continue;
			}
			r = walk_dir(w, cfd, depth + 1, e);
			continue;
		}
		if (S_ISLNK(st.st_mode)) {
			ssize_t l = readlinkat(dirfd(d), names[i], link, sizeof(link) - 1);

			if (l < 0)
				continue;
			link[l] = '\0';
			ent.type = ENT_SYMLINK;
			ent.link = link;
		} else if (S_ISREG(st.st_mode)) {
			ent.type = ENT_REG;
		} else {
			ent.type = ENT_OTHER;
		}
		f = (struct frd){ dirfd(d), names[i], w->path.buf, ent.size };
		r = w->fn(w->arg, &ent, read_file, &f, e);
		if (r < 0)
			dd_err_wrap(e, "%s", w->path.buf);
	}
	dd_buf_truncate(&w->path, base);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return r;
}

int dd_dir_walk(struct dd_image *img, ent_fn fn, void *arg, struct dd_err *e)
{
	struct walk w = { img, fn, arg, DD_BUF_INIT, 0 };
	int fd = open(img->meta.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int r;

	if (fd < 0)
		return dd_err_sys(e, -errno, img->meta.path);
	r = walk_dir(&w, fd, 0, e);
	dd_buf_release(&w.path);
	return r;
}
