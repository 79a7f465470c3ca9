/*
 * src/vulndb/vulndb.c: the read side of the database (vulndb.h): a
 * read-only connection with prepared statements, one indexed query per
 * (namespace, package) lookup, and the merge of an advisory over sources.
 */
#include "vulndb/vulndb.h"

#include <errno.h>
#include <regex.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/xalloc.h"
#include "vulndb/cvss.h"
#include "vulndb/store.h"

enum { Q_LOOKUP, Q_ADV, Q_ALIAS, Q_REF, Q_KEV, Q_EPSS, Q_SEC, Q_NOTE, Q_NS, Q__COUNT };

static const char *const query_sql[Q__COUNT] = {
	"SELECT advisory,status,fixed,severity,range_type,events,versions,detail,src"
	" FROM affected WHERE ns=?1 AND package=?2",
	"SELECT a.summary,a.published,a.modified,a.severity,a.cvss_score,a.cvss_vector"
	" FROM advisory a JOIN source s ON s.id=a.src WHERE a.id=?1 ORDER BY (s.feed='nvd'), a.src",
	"SELECT alias FROM alias WHERE id=?1 UNION SELECT id FROM alias WHERE alias=?1",
	"SELECT DISTINCT url FROM reference WHERE id=?1",
	"SELECT 1 FROM kev WHERE cve=?1",
	"SELECT score FROM epss WHERE cve=?1",
	"SELECT version FROM security_update WHERE ns=?1 AND package=?2",
	"SELECT package,regex,note FROM support_note WHERE ns=?1 OR ns=?2"
	" ORDER BY CASE WHEN ns=?1 THEN 0 ELSE 1 END",
	"SELECT 1 FROM affected WHERE ns=?1 LIMIT 1",
};

struct dd_vulndb {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *q[Q__COUNT];
	char **feeds;		/* by source id */
	size_t n_feeds;
	struct dd_buf evbuf, verbuf;
	struct dd_event *events;
	size_t events_cap;
	const char **versions;
	size_t versions_cap;
};

static int db_err(struct dd_vulndb *v, struct dd_err *e, const char *what)
{
	return dd_err_set(e, -DDE_DB, "%s: %s: %s", v->path, what, sqlite3_errmsg(v->db));
}

static int load_feeds(struct dd_vulndb *v, struct dd_err *e)
{
	sqlite3_stmt *q = NULL;
	int rc;

	if (sqlite3_prepare_v2(v->db, "SELECT id,feed FROM source WHERE id>=0 AND id<100000", -1, &q,
			       NULL) != SQLITE_OK)
		return db_err(v, e, "sources");
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		size_t id = (size_t)sqlite3_column_int64(q, 0);
		const char *feed = (const char *)sqlite3_column_text(q, 1);

		if (id >= v->n_feeds) {
			v->feeds = dd_xrealloc(v->feeds, (id + 1) * sizeof(*v->feeds));
			memset(v->feeds + v->n_feeds, 0, (id + 1 - v->n_feeds) * sizeof(*v->feeds));
			v->n_feeds = id + 1;
		}
		free(v->feeds[id]);
		v->feeds[id] = dd_xstrdup(feed ? feed : "");
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return db_err(v, e, "sources");
	return 0;
}

/* "file:" URI of path with immutable=1; '%', '?' and '#' percent-encoded. */
static char *file_uri(const char *path)
{
	struct dd_buf b = DD_BUF_INIT;
	const char *p;

	dd_buf_adds(&b, "file:");
	for (p = path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			dd_buf_addf(&b, "%%%02X", (unsigned char)*p);
		else
			dd_buf_addch(&b, *p);
	}
	dd_buf_adds(&b, "?immutable=1");
	return dd_buf_detach(&b, NULL);
}

int dd_vulndb_open(struct dd_vulndb **out, const char *path, struct dd_err *e)
{
	struct dd_vulndb *v;
	struct stat sb;
	char *uri = NULL;
	int r = 0, i;

	*out = NULL;
	if (stat(path, &sb) != 0) {
		if (errno == ENOENT)
			return dd_err_set(e, -DDE_NOTFOUND,
					  "%s: no vulnerability database: run 'drydock db update' "
					  "(or 'drydock db import')", path);
		return dd_err_sys(e, -errno, path);
	}
	v = dd_xcalloc(1, sizeof(*v));
	v->path = dd_xstrdup(path);
	/*
	 * immutable: the file is never written in place (updates build a new
	 * file and rename it), so SQLite may skip locking and change checks,
	 * which otherwise cost two system calls per lookup.
	 */
	uri = file_uri(path);
	if (sqlite3_open_v2(uri, &v->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		r = db_err(v, e, "open");
		goto out;
	}
	if ((r = dd_schema_check(v->db, path, e)) < 0)
		goto out;
	/* scans do many small lookups: map the file and keep pages cached */
	sqlite3_exec(v->db, "PRAGMA mmap_size=1073741824; PRAGMA cache_size=-65536", NULL, NULL, NULL);
	for (i = 0; i < Q__COUNT; i++)
		if (sqlite3_prepare_v3(v->db, query_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &v->q[i],
				       NULL) != SQLITE_OK) {
			r = db_err(v, e, "prepare");
			goto out;
		}
	r = load_feeds(v, e);
out:
	free(uri);
	if (r < 0)
		dd_vulndb_close(v);
	else
		*out = v;
	return r;
}

void dd_vulndb_close(struct dd_vulndb *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < Q__COUNT; i++)
		sqlite3_finalize(v->q[i]);
	sqlite3_close(v->db);
	for (i = 0; i < v->n_feeds; i++)
		free(v->feeds[i]);
	free(v->feeds);
	dd_buf_release(&v->evbuf);
	dd_buf_release(&v->verbuf);
	free(v->events);
	free(v->versions);
	free(v->path);
	free(v);
}

static const char *ctext(sqlite3_stmt *q, int i)
{
	return (const char *)sqlite3_column_text(q, i);
}

/* Splits the encoded events of column i into v->events. */
static size_t decode_events(struct dd_vulndb *v, sqlite3_stmt *q, int i)
{
	const char *t = ctext(q, i);
	size_t n = 0, k, len;
	char *p, *end;

	if (!t || !*t)
		return 0;
	len = (size_t)sqlite3_column_bytes(q, i);
	dd_buf_reset(&v->evbuf);
	dd_buf_add(&v->evbuf, t, len);
	p = v->evbuf.buf;
	end = p + v->evbuf.len;
	while (p < end) {
		char *sep = memchr(p, DD_EV_SEP, (size_t)(end - p));
		enum dd_event_kind kind;

		if (sep)
			*sep = '\0';
		switch (*p) {
		case 'i': kind = DD_EV_INTRODUCED; break;
		case 'f': kind = DD_EV_FIXED; break;
		case 'l': kind = DD_EV_LAST_AFFECTED; break;
		default: kind = DD_EV_LIMIT; break;
		}
		DD_GROW(v->events, v->events_cap, n + 1);
		v->events[n].kind = kind;
		v->events[n].version = *p ? p + 1 : p;
		n++;
		if (!sep)
			break;
		p = sep + 1;
	}
	for (k = 0; k < n; k++)
		if (!v->events[k].version)
			v->events[k].version = "";
	return n;
}

static size_t decode_versions(struct dd_vulndb *v, sqlite3_stmt *q, int i)
{
	const char *t = ctext(q, i);
	size_t n = 0, len;
	char *p, *end;

	if (!t || !*t)
		return 0;
	len = (size_t)sqlite3_column_bytes(q, i);
	dd_buf_reset(&v->verbuf);
	dd_buf_add(&v->verbuf, t, len);
	p = v->verbuf.buf;
	end = p + v->verbuf.len;
	for (;;) {
		char *sep = memchr(p, DD_LIST_SEP, (size_t)(end - p));

		if (sep)
			*sep = '\0';
		DD_GROW(v->versions, v->versions_cap, n + 1);
		v->versions[n++] = p;
		if (!sep)
			break;
		p = sep + 1;
	}
	return n;
}

int dd_vulndb_lookup(struct dd_vulndb *v, const char *ns, const char *package,
		     int (*fn)(void *arg, const struct dd_affected *a), void *arg, struct dd_err *e)
{
	sqlite3_stmt *q = v->q[Q_LOOKUP];
	int rc, r = 0;

	sqlite3_bind_text(q, 1, ns, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, package, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct dd_affected a = { 0 };
		sqlite3_int64 src = sqlite3_column_int64(q, 8);
		int st = sqlite3_column_int(q, 1);

		a.advisory_id = ctext(q, 0);
		a.namespace = ns;
		a.package = package;
		a.status = st >= 0 && st <= DD_STATUS_IGNORED ? (enum dd_status)st
								    : DD_STATUS_UNKNOWN;
		a.fixed_version = ctext(q, 2);
		a.severity = ctext(q, 3);
		a.range_type = ctext(q, 4);
		a.n_events = decode_events(v, q, 5);
		a.events = a.n_events ? v->events : NULL;
		a.n_versions = decode_versions(v, q, 6);
		a.versions = a.n_versions ? v->versions : NULL;
		a.status_detail = ctext(q, 7);
		a.source = src >= 0 && (size_t)src < v->n_feeds && v->feeds[src] ? v->feeds[src] : "";
		if (!a.advisory_id)
			continue;
		if ((r = fn(arg, &a)) < 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE && rc != SQLITE_ROW)
		r = db_err(v, e, "lookup");
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return r;
}

static void push_str(char ***arr, size_t *n, size_t *cap, const char *s)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*arr)[i], s) == 0)
			return;
	DD_GROW(*arr, *cap, *n + 1);
	(*arr)[(*n)++] = dd_xstrdup(s);
}

/* KEV and EPSS for one id (the advisory or an alias). */
static void enrich(struct dd_vulndb *v, struct dd_advisory *a, const char *id)
{
	sqlite3_stmt *q = v->q[Q_KEV];

	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		a->kev = true;
	sqlite3_reset(q);
	q = v->q[Q_EPSS];
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW && a->epss < 0)
		a->epss = sqlite3_column_double(q, 0);
	sqlite3_reset(q);
}

int dd_vulndb_advisory(struct dd_vulndb *v, const char *id, struct dd_advisory **out,
		       struct dd_err *e)
{
	struct dd_advisory *a = dd_xcalloc(1, sizeof(*a));
	sqlite3_stmt *q = v->q[Q_ADV];
	size_t cap_alias = 0, cap_ref = 0, i;
	bool found = false;
	int rc, r = 0;

	*out = NULL;
	a->id = dd_xstrdup(id);
	a->cvss_score = -1;
	a->epss = -1;
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		found = true;
		if (!a->summary && ctext(q, 0))
			a->summary = dd_xstrdup(ctext(q, 0));
		if (!a->published && ctext(q, 1))
			a->published = dd_xstrdup(ctext(q, 1));
		if (!a->modified && ctext(q, 2))
			a->modified = dd_xstrdup(ctext(q, 2));
		if (!a->severity && ctext(q, 3))
			a->severity = dd_xstrdup(ctext(q, 3));
		if (a->cvss_score < 0 && sqlite3_column_type(q, 4) != SQLITE_NULL)
			a->cvss_score = sqlite3_column_double(q, 4);
		if (!a->cvss_vector && ctext(q, 5))
			a->cvss_vector = dd_xstrdup(ctext(q, 5));
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		r = db_err(v, e, "advisory");
		goto out;
	}
	q = v->q[Q_ALIAS];
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW && a->n_aliases < DD_STORE_MAX_LIST) {
		found = true;
		push_str(&a->aliases, &a->n_aliases, &cap_alias, ctext(q, 0));
	}
	sqlite3_reset(q);
	q = v->q[Q_REF];
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW && a->n_references < DD_STORE_MAX_LIST)
		push_str(&a->references, &a->n_references, &cap_ref, ctext(q, 0));
	sqlite3_reset(q);
	enrich(v, a, id);
	for (i = 0; i < a->n_aliases; i++)
		enrich(v, a, a->aliases[i]);
	if (a->kev || a->epss >= 0)
		found = true;
	if (!found) {
		r = dd_err_set(e, -DDE_NOTFOUND, "advisory %s not in the database", id);
		goto out;
	}
	if (!a->severity)
		a->severity = dd_xstrdup(a->cvss_score > 0 ? dd_cvss_severity(a->cvss_score)
							   : "UNKNOWN");
out:
	if (r < 0)
		dd_advisory_free(a);
	else
		*out = a;
	return r;
}

void dd_advisory_free(struct dd_advisory *a)
{
	size_t i;

	if (!a)
		return;
	for (i = 0; i < a->n_aliases; i++)
		free(a->aliases[i]);
	for (i = 0; i < a->n_references; i++)
		free(a->references[i]);
	free(a->aliases);
	free(a->references);
	free(a->id);
	free(a->summary);
	free(a->published);
	free(a->modified);
	free(a->severity);
	free(a->cvss_vector);
	free(a);
}

int dd_vulndb_security_update(struct dd_vulndb *v, const char *ns, const char *package, char **out,
			      struct dd_err *e)
{
	sqlite3_stmt *q = v->q[Q_SEC];
	int rc;

	*out = NULL;
	sqlite3_bind_text(q, 1, ns, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, package, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && ctext(q, 0))
		*out = dd_xstrdup(ctext(q, 0));
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_err(v, e, "security update");
	return 0;
}

static bool regex_full_match(const char *pattern, const char *s)
{
	char *anchored = dd_xasprintf("^(%s)$", pattern);
	regex_t re;
	bool m = false;

	if (regcomp(&re, anchored, REG_EXTENDED | REG_NOSUB) == 0) {
		m = regexec(&re, s, 0, NULL, 0) == 0;
		regfree(&re);
	}
	free(anchored);
	return m;
}

int dd_vulndb_support_note(struct dd_vulndb *v, const char *ns, const char *package, char **out,
			   struct dd_err *e)
{
	sqlite3_stmt *q = v->q[Q_NOTE];
	int rc;

	*out = NULL;
	sqlite3_bind_text(q, 1, ns, -1, SQLITE_STATIC);
	/* family-wide notes ("debian") apply to every release */
	sqlite3_bind_text(q, 2, ns, (int)strcspn(ns, ":"), SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *p = ctext(q, 0), *note = ctext(q, 2);
		bool regex = sqlite3_column_int(q, 1) != 0;

		if (!p || !note)
			continue;
		if (strcmp(p, package) == 0 || (regex && regex_full_match(p, package))) {
			*out = dd_xstrdup(note);
			break;
		}
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_err(v, e, "support note");
	return 0;
}

int dd_vulndb_has_namespace(struct dd_vulndb *v, const char *ns, bool *out, struct dd_err *e)
{
	sqlite3_stmt *q = v->q[Q_NS];
	int rc;

	sqlite3_bind_text(q, 1, ns, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	*out = rc == SQLITE_ROW;
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_err(v, e, "namespace");
	return 0;
}
