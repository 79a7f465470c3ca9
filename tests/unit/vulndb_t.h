/*
 * tests/unit/vulndb_t.h: helpers shared by the vulndb unit tests: build a
 * database in a temporary file from one feed and path, then collect the
 * records of a (namespace, package) lookup as a scan would see them.
 */
#ifndef DD_TESTS_VULNDB_T_H
#define DD_TESTS_VULNDB_T_H

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "t.h"
#include "util/xalloc.h"
#include "vulndb/import.h"
#include "vulndb/vulndb.h"

struct vt_db {
	char path[256];
	struct dd_vulndb *v;
	struct dd_import im;
};

/* Imports path with feed into a fresh database and opens it read-only; false on error. */
static inline bool vt_build(struct vt_db *d, const char *feed, const char *path)
{
	struct dd_err e = DD_ERR_INIT;
	struct dd_store *st = NULL;
	const struct dd_feed *f = dd_feed_find(feed);
	int fd, r;

	snprintf(d->path, sizeof(d->path), "/tmp/dd-vulndb-test.XXXXXX");
	fd = mkstemp(d->path);
	if (fd < 0 || !f)
		return false;
	close(fd);
	unlink(d->path);
	d->v = NULL;
	dd_import_init(&d->im, NULL, feed);
	r = dd_store_open(&st, d->path, &e);
	if (r == 0)
		r = dd_store_begin(st, feed, feed, true, &e);
	d->im.store = st;
	if (r == 0)
		r = dd_import_path(&d->im, f, path, &e);
	if (st)
		dd_store_end(st, r == 0, &e);
	dd_store_close(st);
	if (r == 0)
		r = dd_vulndb_open(&d->v, d->path, &e);
	if (r < 0)
		printf("#   %s: %s\n", path, dd_err_msg(&e));
	dd_err_release(&e);
	return r == 0;
}

static inline void vt_free(struct vt_db *d)
{
	dd_vulndb_close(d->v);
	dd_import_release(&d->im);
	unlink(d->path);
}

/* One collected record, owned copies. */
struct vt_rec {
	char *id, *fixed, *severity, *detail, *range;
	char *vers;	/* explicit versions joined by '|' */
	enum dd_status status;
	size_t n_events, n_versions;
};

struct vt_recs {
	struct vt_rec *r;
	size_t n, cap;
};

static inline int vt_collect(void *arg, const struct dd_affected *a)
{
	struct vt_recs *rs = arg;
	struct vt_rec *x;
	struct dd_buf b = DD_BUF_INIT;
	size_t i;

	DD_GROW(rs->r, rs->cap, rs->n + 1);
	x = &rs->r[rs->n++];
	memset(x, 0, sizeof(*x));
	x->id = dd_xstrdup(a->advisory_id);
	x->fixed = a->fixed_version ? dd_xstrdup(a->fixed_version) : NULL;
	x->severity = a->severity ? dd_xstrdup(a->severity) : NULL;
	x->detail = a->status_detail ? dd_xstrdup(a->status_detail) : NULL;
	x->status = a->status;
	x->n_events = a->n_events;
	x->n_versions = a->n_versions;
	for (i = 0; i < a->n_events; i++)
		dd_buf_addf(&b, "%s%c%s", i ? "," : "", "iflx"[a->events[i].kind], a->events[i].version);
	x->range = dd_buf_detach(&b, NULL);
	for (i = 0; i < a->n_versions; i++)
		dd_buf_addf(&b, "%s%s", i ? "|" : "", a->versions[i]);
	x->vers = dd_buf_detach(&b, NULL);
	return 0;
}

static inline void vt_recs_free(struct vt_recs *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++) {
		free(rs->r[i].id);
		free(rs->r[i].fixed);
		free(rs->r[i].severity);
		free(rs->r[i].detail);
		free(rs->r[i].range);
		free(rs->r[i].vers);
	}
	free(rs->r);
	memset(rs, 0, sizeof(*rs));
}

static inline const struct vt_rec *vt_find(const struct vt_recs *rs, const char *id)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (strcmp(rs->r[i].id, id) == 0)
			return &rs->r[i];
	return NULL;
}

static inline void vt_lookup(struct vt_db *d, const char *ns, const char *pkg, struct vt_recs *rs)
{
	struct dd_err e = DD_ERR_INIT;

	memset(rs, 0, sizeof(*rs));
	if (dd_vulndb_lookup(d->v, ns, pkg, vt_collect, rs, &e) < 0)
		t_fail(__FILE__, __LINE__, "lookup %s %s: %s", ns, pkg, dd_err_msg(&e));
	dd_err_release(&e);
}

#endif
