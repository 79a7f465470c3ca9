/*
 * src/vulndb/stage.c: building a new database beside the old one. The old
 * file is copied into a temporary file in the same directory, all writes go
 * to the copy, and only a complete, fsynced copy is renamed over the old
 * file, so a crash or SIGKILL at any point leaves the previous database as
 * it was (plus at most a stale "*.tmp.*" file, removed by the next run).
 */
#include "vulndb/store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/xalloc.h"

static int mkdir_p(char *dir, struct dd_err *e)
{
	char *p;

	for (p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
			int r = dd_err_sys(e, -errno, dir);

			*p = '/';
			return r;
		}
		*p = '/';
	}
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return dd_err_sys(e, -errno, dir);
	return 0;
}

static char *dir_of(const char *path)
{
	const char *s = strrchr(path, '/');

	if (!s)
		return dd_xstrdup(".");
	if (s == path)
		return dd_xstrdup("/");
	return dd_xstrndup(path, (size_t)(s - path));
}

/* Removes temporaries left by killed runs (older than an hour, so a running one is spared). */
static void sweep_stale(const char *dir, const char *base)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t bl = strlen(base);
	time_t now = time(NULL);

	if (!d)
		return;
	while ((de = readdir(d))) {
		char *p;
		struct stat st;

		if (strncmp(de->d_name, base, bl) != 0 || strncmp(de->d_name + bl, ".tmp.", 5) != 0)
			continue;
		p = dd_xasprintf("%s/%s", dir, de->d_name);
		if (lstat(p, &st) == 0 && S_ISREG(st.st_mode) && now - st.st_mtime > 3600)
			unlink(p);
		free(p);
	}
	closedir(d);
}

int dd_store_stage(const char *db_path, char **tmp_out, struct dd_err *e)
{
	char *dir = dir_of(db_path), *tmp = NULL;
	const char *base = strrchr(db_path, '/') ? strrchr(db_path, '/') + 1 : db_path;
	int in = -1, out = -1, r = 0;
	char buf[1 << 16];
	ssize_t n;

	*tmp_out = NULL;
	if ((r = mkdir_p(dir, e)) < 0)
		goto out;
	sweep_stale(dir, base);
	tmp = dd_xasprintf("%s.tmp.XXXXXX", db_path);
	out = mkstemp(tmp);
	if (out < 0) {
		r = dd_err_sys(e, -errno, tmp);
		goto out;
	}
	fchmod(out, 0644);
	in = open(db_path, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		if (errno != ENOENT)
			r = dd_err_sys(e, -errno, db_path);
		goto out;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		char *p = buf;

		while (n > 0) {
			ssize_t w = write(out, p, (size_t)n);

			if (w < 0) {
				if (errno == EINTR)
					continue;
				r = dd_err_sys(e, -errno, tmp);
				goto out;
			}
			p += w;
			n -= w;
		}
	}
	if (n < 0)
		r = dd_err_sys(e, -errno, db_path);
out:
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	if (r < 0 && tmp && out >= 0)
		unlink(tmp);
	if (r < 0)
		free(tmp);
	else
		*tmp_out = tmp;
	free(dir);
	return r;
}

int dd_store_install(const char *tmp, const char *db_path, struct dd_err *e)
{
	char *dir;
	int fd = open(tmp, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return dd_err_sys(e, -errno, tmp);
	if (fsync(fd) != 0) {
		int r = dd_err_sys(e, -errno, tmp);

		close(fd);
		return r;
	}
	close(fd);
	if (rename(tmp, db_path) != 0)
		return dd_err_sys(e, -errno, db_path);
	dir = dir_of(db_path);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
	return 0;
}
