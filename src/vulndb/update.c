/*
 * src/vulndb/update.c: `drydock db update`: for each selected source,
 * download its URLs into the cache directory (conditional on the ETag /
 * Last-Modified recorded in the database), import the files into a staged
 * copy of the database, fall back to local files when the network fails,
 * keep the previous records when a source fails, and install the copy by
 * rename at the end (stage.c). The per-URL validators are stored in the
 * source row of the database itself, so they change only together with the
 * data they describe.
 */
#include "vulndb/update.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/log.h"
#include "util/xalloc.h"
#include "vulndb/import.h"
#include "vulndb/store.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void now_rfc3339(char *out, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int mkdirs(const char *path, struct dd_err *e)
{
	char *p = dd_xstrdup(path), *s;
	int r = 0;

	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST)
			r = dd_err_sys(e, -errno, p);
		*s = '/';
		if (r < 0)
			break;
	}
	if (r == 0 && mkdir(p, 0755) != 0 && errno != EEXIST)
		r = dd_err_sys(e, -errno, p);
	free(p);
	return r;
}

/* Cache file of URL i: "<dir>/<i>-<last path segment without query>". */
static char *cache_file(const char *dir, size_t i, const char *url)
{
	const char *q = url + strcspn(url, "?#"), *s = q;
	struct dd_buf b = DD_BUF_INIT;
	const char *p;

	while (s > url && s[-1] != '/')
		s--;
	dd_buf_addf(&b, "%s/%zu-", dir, i);
	for (p = s; p < q && b.len < 200; p++) {
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  c == '.' || c == '-' || c == '_';

		dd_buf_addch(&b, ok ? c : '_');
	}
	if (p == s)
		dd_buf_adds(&b, "data");
	return dd_buf_detach(&b, NULL);
}

/* Line i of a '\n'-joined list, or NULL when empty/absent. Caller frees. */
static char *nth_line(const char *list, size_t i)
{
	const char *p = list, *end;

	if (!list)
		return NULL;
	while (i-- > 0) {
		p = strchr(p, '\n');
		if (!p)
			return NULL;
		p++;
	}
	end = strchr(p, '\n');
	if (!end)
		end = p + strlen(p);
	return end > p ? dd_xstrndup(p, (size_t)(end - p)) : NULL;
}

static void join_line(struct dd_buf *b, size_t i, const char *v)
{
	if (i)
		dd_buf_addch(b, '\n');
	if (v && !strchr(v, '\n'))
		dd_buf_adds(b, v);
}

static void keep_reasons(struct dd_update_result *res, struct dd_import *im)
{
	size_t i;

	for (i = 0; i < im->n_reasons && i < 5; i++) {
		res->reasons[i] = im->reasons[i];
		im->reasons[i] = NULL;
	}
	res->n_reasons = i;
	im->n_reasons = 0;
}

/* Imports paths with the source's feed, replacing its records; rolled back on error. */
static int import_paths(struct dd_store *st, const struct dd_source *s, char *const *paths,
			size_t n, struct dd_update_result *res, struct dd_err *e)
{
	const struct dd_feed *f = dd_feed_find(s->feed);
	struct dd_import im;
	size_t i;
	int r;

	dd_import_init(&im, st, s->name);
	im.ns_hint = s->ns;
	if ((r = dd_store_begin(st, s->name, s->feed, true, e)) < 0)
		return r;
	for (i = 0; i < n && r == 0; i++)
		r = dd_import_path(&im, f, paths[i], e);
	if (r == 0 && im.records == 0 && im.skipped > 0)
		r = dd_err_set(e, -DDE_FORMAT, "no usable record (%zu skipped)", im.skipped);
	if (r < 0) {
		dd_store_end(st, false, NULL);
	} else {
		r = dd_store_end(st, true, e);
	}
	res->records = im.records;
	res->affected = im.affected;
	res->skipped = im.skipped;
	keep_reasons(res, &im);
	dd_import_release(&im);
	return r;
}

static void set_state(struct dd_store *st, const struct dd_source *s, struct dd_update_result *res,
		      const char *etags, const char *lms, bool touch)
{
	struct dd_source_state ss = { 0 };
	char when[32];
	char *status;

	now_rfc3339(when, sizeof(when));
	switch (res->outcome) {
	case DD_UPD_UPDATED: status = dd_xstrdup("ok"); break;
	case DD_UPD_NOT_MODIFIED: status = dd_xstrdup("ok (not modified)"); break;
	case DD_UPD_FALLBACK: status = dd_xasprintf("fallback: %s", res->message); break;
	default: status = dd_xasprintf("failed: %s", res->message ? res->message : "?"); break;
	}
	ss.url = s->n_urls ? s->urls[0] : NULL;
	ss.etag = etags;
	ss.last_modified = lms;
	ss.updated = touch ? when : NULL;
	ss.status = status;
	ss.records = touch && res->outcome != DD_UPD_NOT_MODIFIED ? (int64_t)res->records : -1;
	ss.skipped = touch && res->outcome != DD_UPD_NOT_MODIFIED ? (int64_t)res->skipped : -1;
	/* make sure the row exists (a source that never succeeded) */
	if (dd_store_begin(st, s->name, s->feed, false, NULL) == 0)
		dd_store_end(st, true, NULL);
	dd_store_source_state(st, s->name, &ss, NULL);
	free(status);
}

static void update_one(struct dd_store *st, const struct dd_source *s,
		       const struct dd_update_opts *o, struct dd_update_result *res)
{
	struct dd_err e = DD_ERR_INIT;
	char *old_etags = NULL, *old_lms = NULL, *dir = NULL;
	char **files = NULL;
	struct dd_buf etags = DD_BUF_INIT, lms = DD_BUF_INIT;
	size_t i, n_nm = 0;
	bool net_ok = false;
	double t0 = now_s();
	int r = 0;

	res->src = s;
	files = dd_xcalloc(s->n_urls + 1, sizeof(*files));
	if (o->offline || s->n_urls == 0) {
		res->message = dd_xstrdup(o->offline ? "offline" : "no url");
		goto fallback;
	}
	dir = dd_xasprintf("%s/%s", o->cache_dir, s->name);
	if ((r = mkdirs(dir, &e)) < 0) {
		res->message = dd_xstrdup(dd_err_msg(&e));
		goto fallback;
	}
	dd_store_source_cache(st, s->name, &old_etags, &old_lms, NULL);
	for (i = 0; i < s->n_urls; i++) {
		struct dd_fetch f = { 0 };
		char *et = NULL, *lm = NULL;

		files[i] = cache_file(dir, i, s->urls[i]);
		if (access(files[i], R_OK) == 0) {
			et = nth_line(old_etags, i);
			lm = nth_line(old_lms, i);
		}
		f.url = s->urls[i];
		f.dest = files[i];
		f.etag = et;
		f.last_modified = lm;
		f.timeout = s->timeout;
		f.retries = s->retries;
		f.backoff = s->backoff;
		f.progress = o->progress;
		f.progress_arg = o->arg;
		r = dd_fetch_run(&f, &e);
		res->bytes += f.bytes;
		if (r == 0 && f.not_modified) {
			n_nm++;
			join_line(&etags, i, et);
			join_line(&lms, i, lm);
		} else if (r == 0) {
			join_line(&etags, i, f.new_etag);
			join_line(&lms, i, f.new_last_modified);
		}
		free(et);
		free(lm);
		dd_fetch_release(&f);
		if (r < 0) {
			res->message = dd_xstrdup(dd_err_msg(&e));
			goto fallback;
		}
	}
	net_ok = true;
	if (n_nm == s->n_urls) {
		res->outcome = DD_UPD_NOT_MODIFIED;
		set_state(st, s, res, NULL, NULL, true);
		goto out;
	}
	if ((r = import_paths(st, s, files, s->n_urls, res, &e)) < 0) {
		res->message = dd_xstrdup(dd_err_msg(&e));
		goto fallback;
	}
	res->outcome = DD_UPD_UPDATED;
	set_state(st, s, res, etags.buf, lms.buf, true);
	goto out;
fallback:
	dd_err_release(&e);
	if (s->n_fallbacks) {
		for (i = 0; i < s->n_fallbacks; i++)
			if (access(s->fallbacks[i], R_OK) != 0)
				break;
		if (i == s->n_fallbacks && import_paths(st, s, s->fallbacks, s->n_fallbacks, res, &e) == 0) {
			char *m = dd_xasprintf("%s (%s)", s->fallbacks[0],
					       res->message ? res->message : "network failed");

			free(res->message);
			res->message = m;
			res->outcome = DD_UPD_FALLBACK;
			/* forget the validators: the next run downloads in full */
			set_state(st, s, res, "", "", true);
			goto out;
		}
		if (i < s->n_fallbacks) {
			char *m = dd_xasprintf("%s; fallback %s: %s", res->message ? res->message : "",
					       s->fallbacks[i], strerror(errno));

			free(res->message);
			res->message = m;
		} else if (e.code) {
			char *m = dd_xasprintf("%s; fallback: %s", res->message ? res->message : "",
					       dd_err_msg(&e));

			free(res->message);
			res->message = m;
		}
	}
	(void)net_ok;
	res->outcome = DD_UPD_FAILED;
	set_state(st, s, res, NULL, NULL, false);
out:
	res->seconds = now_s() - t0;
	for (i = 0; i < s->n_urls; i++)
		free(files[i]);
	free(files);
	free(dir);
	free(old_etags);
	free(old_lms);
	dd_buf_release(&etags);
	dd_buf_release(&lms);
	dd_err_release(&e);
}

static bool selected(const struct dd_source *s, const struct dd_update_opts *o)
{
	size_t i;

	if (o->n_only == 0)
		return s->by_default;
	for (i = 0; i < o->n_only; i++)
		if (strcmp(o->only[i], s->name) == 0)
			return true;
	return false;
}

int dd_update_run(const struct dd_sources *srcs, const struct dd_update_opts *o, size_t *n_failed,
		  struct dd_err *e)
{
	struct dd_store *st = NULL;
	char *tmp = NULL, when[32];
	size_t i, n_selected = 0;
	bool fresh = access(o->db_path, F_OK) != 0;	/* no database yet */
	bool rebuilt;
	int r;

	*n_failed = 0;
	for (i = 0; i < o->n_only; i++)
		if (!dd_sources_find(srcs, o->only[i]))
			return dd_err_set(e, -DDE_USAGE, "%s: no source named '%s'", srcs->path, o->only[i]);
	if ((r = dd_store_open_staged(o->db_path, &st, &tmp, &rebuilt, e)) < 0)
		return r;
	if (rebuilt)
		fresh = true;	/* nothing of the old file is kept */
	for (i = 0; i < srcs->n; i++) {
		struct dd_update_result res = { 0 };
		size_t k;

		if (!selected(&srcs->s[i], o))
			continue;
		update_one(st, &srcs->s[i], o, &res);
		n_selected++;
		if (res.outcome == DD_UPD_FAILED)
			(*n_failed)++;
		if (o->on_result)
			o->on_result(o->arg, &res);
		free(res.message);
		for (k = 0; k < res.n_reasons; k++)
			free(res.reasons[k]);
	}
	if (fresh && n_selected && *n_failed == n_selected) {
		/* nothing but failures: an empty database would scan as "no vulnerabilities" */
		r = dd_err_set(e, -DDE_NETWORK, "every source failed (%zu): no database was installed at %s",
			       n_selected, o->db_path);
		goto out;
	}
	now_rfc3339(when, sizeof(when));
	if ((r = dd_store_meta(st, "built", when, e)) < 0)
		goto out;
	dd_store_close(st);
	st = NULL;
	r = dd_store_install(tmp, o->db_path, e);
out:
	dd_store_close(st);
	if (r < 0)
		unlink(tmp);
	free(tmp);
	return r;
}
