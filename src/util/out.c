/*
 * src/util/out.c: atomic output files with a sticky error.
 */
#include "util/out.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

struct dd_out {
	FILE *f;
	char *path;		/* NULL for stdout */
	char *tmp;
	int rc;
};

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
	o->tmp = dd_xasprintf("%s.tmp.XXXXXX", path);
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		int r = -errno;

		dd_err_sys(e, r, path);
		free(o->path);
		free(o->tmp);
		free(o);
		return r;
	}
	(void)fchmod(fd, 0644);
	o->f = fdopen(fd, "w");
	if (!o->f) {
		int r = -errno;

		close(fd);
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
	if (o->path) {
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
