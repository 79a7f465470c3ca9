/*
 * src/util/out.c: atomic output files with a sticky error. A target that
 * exists and is not a regular file (a character device such as /dev/null,
 * a FIFO, a socket) is written in place: renaming a temporary over it
 * would replace the device node itself.
 */
#include "util/out.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

struct dd_out {
	FILE *f;
	char *path;		/* NULL for stdout */
	char *tmp;		/* NULL when writing in place (not a regular file) */
	int rc;
};

/* The file type bits of an existing path that is not a regular file, else 0. */
static mode_t special_type(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0 || S_ISREG(st.st_mode))
		return 0;
	return st.st_mode & S_IFMT;
}

/* Opens an existing non-regular target (not a directory) for writing in place; -1 otherwise. */
static int open_special(const char *path)
{
	mode_t t = special_type(path);

	if (!t || t == S_IFDIR)
		return -1;
	return open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
}

int dd_out_open(struct dd_out **out, const char *path, struct dd_err *e)
{
	struct dd_out *o = dd_xcalloc(1, sizeof(*o));
	int fd;

	*out = NULL;
	if (!path || strcmp(path, "-") == 0) {
		o->f = stdout;
		*out = o;
		return 0;
	}
	o->path = dd_xstrdup(path);
	fd = open_special(path);
	if (fd < 0) {
		o->tmp = dd_xasprintf("%s.tmp.XXXXXX", path);
		fd = mkstemp(o->tmp);
	}
	if (fd < 0) {
		int r = -errno;

		dd_err_sys(e, r, path);
		free(o->path);
		free(o->tmp);
		free(o);
		return r;
	}
	if (o->tmp)
		(void)fchmod(fd, 0644);
	o->f = fdopen(fd, "w");
	if (!o->f) {
		int r = -errno;

		close(fd);
		if (o->tmp)
			unlink(o->tmp);
		dd_err_sys(e, r, path);
		free(o->path);
		free(o->tmp);
		free(o);
		return r;
	}
	*out = o;
	return 0;
}

FILE *dd_out_file(struct dd_out *o)
{
	return o->f;
}

void dd_out_write(struct dd_out *o, const void *p, size_t n)
{
	if (o->rc || !n)
		return;
	if (fwrite(p, 1, n, o->f) != n)
		o->rc = errno ? -errno : -EIO;
}

void dd_out_puts(struct dd_out *o, const char *s)
{
	dd_out_write(o, s, strlen(s));
}

void dd_out_printf(struct dd_out *o, const char *fmt, ...)
{
	va_list ap;

	if (o->rc)
		return;
	va_start(ap, fmt);
	if (vfprintf(o->f, fmt, ap) < 0)
		o->rc = errno ? -errno : -EIO;
	va_end(ap);
}

void dd_out_fail(struct dd_out *o, int code)
{
	if (!o->rc)
		o->rc = code < 0 ? code : -DDE_INTERNAL;
}

int dd_out_close(struct dd_out *o, struct dd_err *e)
{
	int rc;

	if (!o)
		return 0;
	if (fflush(o->f) != 0 && !o->rc)
		o->rc = errno ? -errno : -EIO;
	if (ferror(o->f) && !o->rc)
		o->rc = -EIO;
	if (o->path && !o->tmp) {
		if (fclose(o->f) != 0 && !o->rc)
			o->rc = errno ? -errno : -EIO;
	} else if (o->path) {
		if (fsync(fileno(o->f)) != 0 && !o->rc)
			o->rc = -errno;
		if (fclose(o->f) != 0 && !o->rc)
			o->rc = errno ? -errno : -EIO;
		if (!o->rc && rename(o->tmp, o->path) != 0)
			o->rc = -errno;
		if (o->rc)
			unlink(o->tmp);
	}
	rc = o->rc;
	if (rc)
		dd_err_sys(e, rc, o->path ? o->path : "standard output");
	free(o->path);
	free(o->tmp);
	free(o);
	return rc;
}

int dd_out_check_replaceable(const char *path, struct dd_err *e)
{
	if (!special_type(path))
		return 0;
	return dd_err_set(e, -DDE_USAGE, "%s: not a regular file (drydock replaces this file by "
			  "renaming a new one into place)", path);
}
