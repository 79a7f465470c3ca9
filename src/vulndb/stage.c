/*
 * src/vulndb/stage.c: building a new database beside the old one. The old
 * file is copied into a temporary file in the same directory, all writes go
 * to the copy, and only a complete, fsynced copy is renamed over the old
 * file, so a crash or SIGKILL at any point leaves the previous database as
 * it was (plus at most a stale "*.tmp.*" file, removed by the next run).
 * Writers also hold an exclusive flock on "<db>.lock" so two of them never
 * build from the same old file and overwrite each other's result.
 */
#include "vulndb/store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/fdio.h"
#include "util/log.h"
#include "util/out.h"
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
		if ((r = dd_write_full(out, buf, (size_t)n)) < 0) {
			r = dd_err_sys(e, r, tmp);
			goto out;
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

int dd_store_open_staged(const char *db_path, struct dd_store **st, char **tmp_out, bool *rebuilt,
			 struct dd_err *e)
{
	char *tmp = NULL;
	int r;

	*st = NULL;
	*tmp_out = NULL;
	*rebuilt = false;
	if ((r = dd_store_stage(db_path, &tmp, e)) < 0)
		return r;
	r = dd_store_open(st, tmp, e);
	if (r == -DDE_SCHEMA) {
		dd_warn("%s: written by a drydock with another schema (this one writes version %d): "
			"building a new database", db_path, DD_VULNDB_SCHEMA);
		dd_err_release(e);
		if (truncate(tmp, 0) != 0)
			r = dd_err_sys(e, -errno, tmp);
		else
			r = dd_store_open(st, tmp, e);
		*rebuilt = true;
	}
	if (r < 0) {
		unlink(tmp);
		free(tmp);
		return r;
	}
	*tmp_out = tmp;
	return 0;
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
	if (dd_out_check_replaceable(db_path, e) < 0)
		return -DDE_USAGE;
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

/* Reads the pid written in the lock file (0 when unknown). */
static long lock_holder(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	long pid = 0;
	ssize_t i;

	for (i = 0; i < n && buf[i] >= '0' && buf[i] <= '9' && pid < 100000000; i++)
		pid = pid * 10 + (buf[i] - '0');
	return pid;
}

int dd_store_lock(const char *db_path, bool wait, int *fd_out, long *holder, struct dd_err *e)
{
	char *dir = dir_of(db_path), *lock = dd_xasprintf("%s.lock", db_path), pid[32];
	int fd = -1, r, len;

	*fd_out = -1;
	if (holder)
		*holder = 0;
	if ((r = dd_out_check_replaceable(db_path, e)) < 0)
		goto out;
	if ((r = mkdir_p(dir, e)) < 0)
		goto out;
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		r = dd_err_sys(e, -errno, lock);
		goto out;
	}
	while (flock(fd, wait ? LOCK_EX : LOCK_EX | LOCK_NB) != 0) {
		if (errno == EINTR)
			continue;
		if (errno == EWOULDBLOCK) {
			long p = lock_holder(fd);

			if (holder)
				*holder = p;
			if (p)
				r = dd_err_set(e, -EAGAIN, "%s: another drydock (pid %ld) is writing this database",
					       lock, p);
			else
				r = dd_err_set(e, -EAGAIN, "%s: another drydock is writing this database", lock);
		} else {
			r = dd_err_sys(e, -errno, lock);
		}
		goto out;
	}
	/* the holder's pid, for the message of a second writer; the file itself is never removed */
	len = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == 0 && pwrite(fd, pid, (size_t)len, 0) < 0)
		dd_warn("%s: %s", lock, strerror(errno));
	*fd_out = fd;
	fd = -1;
out:
	if (fd >= 0)
		close(fd);
	free(lock);
	free(dir);
	return r;
}

void dd_store_unlock(int fd)
{
	if (fd < 0)
		return;
	if (ftruncate(fd, 0) != 0) {
		/* only the pid shown to the next writer is stale */
	}
	close(fd);	/* releases the flock */
}
