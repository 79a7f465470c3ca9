/*
 * src/vulndb/fetch.c: one download with libcurl for `db update`:
 * conditional request (If-None-Match / If-Modified-Since), a stall timeout
 * (no byte for f->timeout seconds), retries with doubling backoff on
 * network errors, truncated bodies, 5xx and 429 (not on other 4xx), a size
 * cap, and an atomic write (dest.part renamed to dest only when complete).
 */
#include "vulndb/update.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "util/xalloc.h"
#include "vulndb/curl_lib.h"

#define FETCH_MAX_BYTES (4ull * 1024 * 1024 * 1024)

struct xfer {
	struct dd_fetch *f;
	FILE *out;
	uint64_t bytes;
	char *etag, *last_modified;
	bool too_big;
};

static size_t on_data(char *p, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * n;

	if (x->bytes + len > FETCH_MAX_BYTES) {
		x->too_big = true;
		return 0;
	}
	if (fwrite(p, 1, len, x->out) != len)
		return 0;
	x->bytes += len;
	return len;
}

/* Copies a header's value (trimmed) when its name matches. */
static char *header_value(const char *line, size_t len, const char *name)
{
	size_t nl = strlen(name);
	const char *v, *end = line + len;

	if (len <= nl + 1 || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
		return NULL;
	v = line + nl + 1;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
		end--;
	if (end == v || end - v > 1024)
		return NULL;
	return dd_xstrndup(v, (size_t)(end - v));
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * n;
	char *v;

	/* a new response (redirect, 100-continue) starts over */
	if (len > 5 && strncmp(p, "HTTP/", 5) == 0) {
		free(x->etag);
		free(x->last_modified);
		x->etag = x->last_modified = NULL;
	}
	if ((v = header_value(p, len, "ETag"))) {
		free(x->etag);
		x->etag = v;
	} else if ((v = header_value(p, len, "Last-Modified"))) {
		free(x->last_modified);
		x->last_modified = v;
	}
	return len;
}

static int on_progress(void *arg, curl_off_t total, curl_off_t now, curl_off_t ut, curl_off_t un)
{
	struct xfer *x = arg;

	(void)ut;
	(void)un;
	if (x->f->progress && now > 0)
		x->f->progress(x->f->progress_arg, x->f->url, (uint64_t)now,
			       total > 0 ? (uint64_t)total : 0);
	return 0;
}

static void sleep_s(double s)
{
	struct timespec ts;

	if (s <= 0)
		return;
	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* One attempt. Returns 0 done, 1 retryable failure, -1 permanent failure (message in e). */
static int attempt(struct dd_fetch *f, const char *part, struct dd_err *e)
{
	struct xfer x = { 0 };
	struct curl_slist *hdrs = NULL;
	char errbuf[CURL_ERROR_SIZE] = "";
	const char *why = NULL;
	const struct dd_curllib *cu = dd_curllib(&why);
	CURL *c = cu ? cu->curl_easy_init() : NULL;
	CURLcode cc;
	long code = 0;
	int r = 0;

	if (!c) {
		dd_err_set(e, -DDE_NETWORK, "%s: %s", f->url, cu ? "curl_easy_init failed" : why);
		return -1;
	}
	x.f = f;
	x.out = fopen(part, "we");
	if (!x.out) {
		dd_err_sys(e, -errno, part);
		cu->curl_easy_cleanup(c);
		return -1;
	}
	if (f->etag) {
		char *h = dd_xasprintf("If-None-Match: %s", f->etag);

		hdrs = cu->curl_slist_append(hdrs, h);
		free(h);
	}
	if (f->last_modified) {
		char *h = dd_xasprintf("If-Modified-Since: %s", f->last_modified);

		hdrs = cu->curl_slist_append(hdrs, h);
		free(h);
	}
	cu->curl_easy_setopt(c, CURLOPT_URL, f->url);
	cu->curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	cu->curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	cu->curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	cu->curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https,file");
	cu->curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	cu->curl_easy_setopt(c, CURLOPT_USERAGENT, "drydock-db-update");
	cu->curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)(f->timeout ? f->timeout : 60));
	cu->curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	cu->curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, (long)(f->timeout ? f->timeout : 60));
	cu->curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)FETCH_MAX_BYTES);
	cu->curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	cu->curl_easy_setopt(c, CURLOPT_WRITEDATA, &x);
	cu->curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	cu->curl_easy_setopt(c, CURLOPT_HEADERDATA, &x);
	cu->curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	cu->curl_easy_setopt(c, CURLOPT_XFERINFODATA, &x);
	cu->curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	cu->curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	cu->curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	cc = cu->curl_easy_perform(c);
	cu->curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	f->http_status = code;
	if (fclose(x.out) != 0 && cc == CURLE_OK) {
		dd_err_sys(e, -errno, part);
		r = -1;
		goto out;
	}
	if (cc != CURLE_OK) {
		dd_err_release(e);
		dd_err_set(e, -DDE_NETWORK, "%s: %s", f->url,
			   x.too_big ? "response too large" : (*errbuf ? errbuf : cu->curl_easy_strerror(cc)));
		/* an unknown host will not resolve a second later */
		r = (x.too_big || cc == CURLE_COULDNT_RESOLVE_HOST || cc == CURLE_UNSUPPORTED_PROTOCOL ||
		     cc == CURLE_URL_MALFORMAT || cc == CURLE_FILE_COULDNT_READ_FILE) ? -1 : 1;
		goto out;
	}
	if (code == 304) {
		f->not_modified = true;
		goto out;
	}
	if (code >= 200 && code < 300) {
		f->bytes = x.bytes;
		f->new_etag = x.etag;
		f->new_last_modified = x.last_modified;
		x.etag = x.last_modified = NULL;
		goto out;
	}
	/* file:// reports code 0 on success */
	if (code == 0 && strncmp(f->url, "file:", 5) == 0) {
		f->bytes = x.bytes;
		goto out;
	}
	dd_err_release(e);
	dd_err_set(e, -DDE_NETWORK, "%s: HTTP %ld", f->url, code);
	r = (code >= 500 || code == 429 || code == 408) ? 1 : -1;
out:
	free(x.etag);
	free(x.last_modified);
	cu->curl_slist_free_all(hdrs);
	cu->curl_easy_cleanup(c);
	return r;
}

int dd_fetch_run(struct dd_fetch *f, struct dd_err *e)
{
	struct dd_err ae = DD_ERR_INIT;
	char *part = dd_xasprintf("%s.part", f->dest);
	double wait = f->backoff;
	int r;

	f->attempts = 0;
	for (;;) {
		f->attempts++;
		f->not_modified = false;
		r = attempt(f, part, &ae);
		if (r <= 0 || f->attempts > f->retries)
			break;
		sleep_s(wait);
		wait *= 2;
	}
	if (r == 0 && !f->not_modified && rename(part, f->dest) != 0) {
		dd_err_set(e, -errno, "%s: %s", f->dest, strerror(errno));
		r = -1;
	} else if (r != 0) {
		if (f->attempts > 1)
			dd_err_wrap(&ae, "after %u attempts", f->attempts);
		dd_err_set(e, -DDE_NETWORK, "%s", dd_err_msg(&ae));
	}
	unlink(part);
	free(part);
	dd_err_release(&ae);
	return r == 0 ? 0 : (e->code ? e->code : -DDE_NETWORK);
}

void dd_fetch_release(struct dd_fetch *f)
{
	free(f->new_etag);
	free(f->new_last_modified);
	f->new_etag = f->new_last_modified = NULL;
}
