/*
 * src/vulndb/vulndb.c: the read side of the database (vulndb.h): a
 * read-only connection with prepared statements, one indexed query per
 * (namespace, package) lookup with its decoded result cached in memory (so
 * a repeated key, hit or miss, never reaches SQLite), and the merge of an
 * advisory over sources.
 */
#include "vulndb/vulndb.h"

#include <errno.h>
#include <regex.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/xalloc.h"
#include "vulndb/cvss.h"
#include "vulndb/store.h"

enum { Q_LOOKUP, Q_ADV, Q_ALIAS, Q_KEV, Q_EPSS, Q_SEC, Q_NOTE, Q_NS, Q__COUNT };

static const char *const query_sql[Q__COUNT] = {
	"SELECT advisory,status,fixed,severity,range_type,events,versions,detail,src"
	" FROM affected WHERE ns=?1 AND package=?2",
	"SELECT a.summary,a.published,a.modified,a.severity,a.cvss_score,a.cvss_vector,a.aliases,"
	"a.refs FROM advisory a JOIN source s ON s.id=a.src WHERE a.id=?1"
	" ORDER BY (s.feed='nvd'), a.src",
	"SELECT id FROM alias WHERE alias=?1",
	"SELECT 1 FROM kev WHERE cve=?1",
	"SELECT score FROM epss WHERE cve=?1",
	"SELECT version FROM security_update WHERE ns=?1 AND package=?2",
	"SELECT package,regex,note FROM support_note WHERE ns=?1 OR ns=?2"
	" ORDER BY CASE WHEN ns=?1 THEN 0 ELSE 1 END",
	"SELECT 1 FROM affected WHERE ns=?1 LIMIT 1",
};

#define NO_OFF ((size_t)-1)	/* a NULL column while building a cache entry */

/* A cache entry under construction: text offsets, made pointers at the end. */
struct cbuild {
	struct dd_buf text;
	struct { size_t f[5]; int status; sqlite3_int64 src; size_t ev0, nev, v0, nv; } *rows;
	size_t n, cap;
	struct { enum dd_event_kind kind; size_t off; } *ev;
	size_t nev, capev;
	size_t *vers;
	size_t nvers, capvers;
};

struct dd_vulndb {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *q[Q__COUNT];
	char **feeds;		/* by source id */
	size_t n_feeds;
	struct centry **cache;	/* open addressing, cache_cap a power of two */
	size_t cache_cap, cache_used, cache_bytes;
	struct cbuild build;	/* reused while building an entry */
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
	dd_buf_init(&v->build.text, 0);
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

struct centry;
struct cbuild;
static void cbuild_release(struct cbuild *b);

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
	for (i = 0; i < v->cache_cap; i++)
		free(v->cache[i]);
	free(v->cache);
	cbuild_release(&v->build);
	free(v->path);
	free(v);
}

static const char *ctext(sqlite3_stmt *q, int i)
{
	return (const char *)sqlite3_column_text(q, i);
}

/*
 * The lookup cache: every (namespace, package) looked up once is kept
 * decoded in memory, misses included, so a repeated lookup never touches
 * SQLite. Entries are built from the query's rows in one text block
 * (offsets while building, pointers once complete). Memory is capped
 * (CACHE_MAX_BYTES); past the cap lookups are served but not kept.
 */
#define CACHE_MAX_BYTES (256u << 20)

struct centry {
	uint64_t hash;
	char *key;			/* "ns\0package" */
	size_t key_len;
	struct dd_affected *recs;	/* namespace/package set per call */
	size_t n;
	char *text;
	struct dd_event *events;
	const char **versions;
	size_t bytes;			/* of the whole block */
};


static uint64_t key_hash(const char *ns, size_t nl, const char *pkg, size_t pl)
{
	uint64_t h = 1469598103934665603ull;	/* FNV-1a */
	size_t i;

	for (i = 0; i < nl; i++)
		h = (h ^ (unsigned char)ns[i]) * 1099511628211ull;
	h = (h ^ 0xff) * 1099511628211ull;
	for (i = 0; i < pl; i++)
		h = (h ^ (unsigned char)pkg[i]) * 1099511628211ull;
	return h ? h : 1;
}

static size_t add_text(struct cbuild *b, const char *t, size_t len)
{
	size_t off;

	if (!t)
		return NO_OFF;
	off = b->text.len;
	dd_buf_add(&b->text, t, len);
	dd_buf_addch(&b->text, '\0');
	return off;
}

static size_t add_col(struct cbuild *b, sqlite3_stmt *q, int i)
{
	const char *t = (const char *)sqlite3_column_text(q, i);

	return add_text(b, t, t ? (size_t)sqlite3_column_bytes(q, i) : 0);
}

/* Appends the events (column 5) and versions (column 6) of the row; sets its ranges. */
static void add_lists(struct cbuild *b, sqlite3_stmt *q, size_t row)
{
	const char *t = (const char *)sqlite3_column_text(q, 5), *end, *p;

	b->rows[row].ev0 = b->nev;
	if (t && *t) {
		end = t + sqlite3_column_bytes(q, 5);
		for (p = t; p < end;) {
			const char *sep = memchr(p, DD_EV_SEP, (size_t)(end - p));
			const char *stop = sep ? sep : end;
			enum dd_event_kind kind;

			switch (*p) {
			case 'i': kind = DD_EV_INTRODUCED; break;
			case 'f': kind = DD_EV_FIXED; break;
			case 'l': kind = DD_EV_LAST_AFFECTED; break;
			default: kind = DD_EV_LIMIT; break;
			}
			DD_GROW(b->ev, b->capev, b->nev + 1);
			b->ev[b->nev].kind = kind;
			b->ev[b->nev].off = p < stop ? add_text(b, p + 1, (size_t)(stop - p - 1))
						     : add_text(b, "", 0);
			b->nev++;
			if (!sep)
				break;
			p = sep + 1;
		}
	}
	b->rows[row].nev = b->nev - b->rows[row].ev0;
	b->rows[row].v0 = b->nvers;
	t = (const char *)sqlite3_column_text(q, 6);
	if (t && *t) {
		end = t + sqlite3_column_bytes(q, 6);
		for (p = t;;) {
			const char *sep = memchr(p, DD_LIST_SEP, (size_t)(end - p));
			const char *stop = sep ? sep : end;

			DD_GROW(b->vers, b->capvers, b->nvers + 1);
			b->vers[b->nvers++] = add_text(b, p, (size_t)(stop - p));
			if (!sep)
				break;
			p = sep + 1;
		}
	}
	b->rows[row].nv = b->nvers - b->rows[row].v0;
}

static const char *at(const char *text, size_t off)
{
	return off == NO_OFF ? NULL : text + off;
}

/*
 * Runs the lookup query for (ns, package) and returns its entry: one block
 * holding the entry, the records, events, version pointers, text and key.
 */
static int cache_build(struct dd_vulndb *v, const char *ns, const char *package, const char *key,
		       size_t key_len, uint64_t h, struct centry **out, struct dd_err *e)
{
	sqlite3_stmt *q = v->q[Q_LOOKUP];
	struct cbuild *b = &v->build;
	struct centry *ce;
	size_t i, k, size;
	char *p;
	int rc, r = 0;

	*out = NULL;
	dd_buf_reset(&b->text);
	b->n = b->nev = b->nvers = 0;
	sqlite3_bind_text(q, 1, ns, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, package, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (!sqlite3_column_text(q, 0))
			continue;
		DD_GROW(b->rows, b->cap, b->n + 1);
		b->rows[b->n].f[0] = add_col(b, q, 0);	/* advisory */
		b->rows[b->n].f[1] = add_col(b, q, 2);	/* fixed */
		b->rows[b->n].f[2] = add_col(b, q, 3);	/* severity */
		b->rows[b->n].f[3] = add_col(b, q, 4);	/* range_type */
		b->rows[b->n].f[4] = add_col(b, q, 7);	/* detail */
		b->rows[b->n].status = sqlite3_column_int(q, 1);
		b->rows[b->n].src = sqlite3_column_int64(q, 8);
		add_lists(b, q, b->n);
		b->n++;
	}
	if (rc != SQLITE_DONE)
		r = db_err(v, e, "lookup");
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	if (r < 0)
		return r;
	size = sizeof(*ce) + b->n * sizeof(*ce->recs) + b->nev * sizeof(*ce->events) +
	       b->nvers * sizeof(*ce->versions) + b->text.len + key_len + 1;
	ce = dd_xmalloc(size);
	memset(ce, 0, sizeof(*ce));
	ce->bytes = size;
	ce->hash = h;
	ce->n = b->n;
	ce->recs = (struct dd_affected *)(ce + 1);
	ce->events = (struct dd_event *)(ce->recs + b->n);
	ce->versions = (const char **)(ce->events + b->nev);
	p = (char *)(ce->versions + b->nvers);
	if (b->text.len)
		memcpy(p, b->text.buf, b->text.len);
	ce->text = p;
	ce->key = p + b->text.len;
	memcpy(ce->key, key, key_len + 1);
	ce->key_len = key_len;
	for (k = 0; k < b->nev; k++) {
		ce->events[k].kind = b->ev[k].kind;
		ce->events[k].version = at(ce->text, b->ev[k].off);
	}
	for (k = 0; k < b->nvers; k++)
		ce->versions[k] = at(ce->text, b->vers[k]);
	for (i = 0; i < b->n; i++) {
		struct dd_affected *a = &ce->recs[i];
		int st = b->rows[i].status;
		sqlite3_int64 src = b->rows[i].src;

		memset(a, 0, sizeof(*a));
		a->advisory_id = at(ce->text, b->rows[i].f[0]);
		a->fixed_version = at(ce->text, b->rows[i].f[1]);
		a->severity = at(ce->text, b->rows[i].f[2]);
		a->range_type = at(ce->text, b->rows[i].f[3]);
		a->status_detail = at(ce->text, b->rows[i].f[4]);
		a->status = st >= 0 && st <= DD_STATUS_IGNORED ? (enum dd_status)st : DD_STATUS_UNKNOWN;
		a->source = src >= 0 && (size_t)src < v->n_feeds && v->feeds[src] ? v->feeds[src] : "";
		a->n_events = b->rows[i].nev;
		a->events = a->n_events ? ce->events + b->rows[i].ev0 : NULL;
		a->n_versions = b->rows[i].nv;
		a->versions = a->n_versions ? ce->versions + b->rows[i].v0 : NULL;
	}
	*out = ce;
	return 0;
}

static void cbuild_release(struct cbuild *b)
{
	dd_buf_release(&b->text);
	free(b->rows);
	free(b->ev);
	free(b->vers);
}

/* Finds the slot of (hash, key) in the open-addressing table: the entry or an empty slot. */
static struct centry **cache_slot(struct dd_vulndb *v, uint64_t h, const char *key, size_t key_len)
{
	size_t mask = v->cache_cap - 1, i = (size_t)h & mask;

	for (;;) {
		struct centry *ce = v->cache[i];

		if (!ce || (ce->hash == h && ce->key_len == key_len && memcmp(ce->key, key, key_len) == 0))
			return &v->cache[i];
		i = (i + 1) & mask;
	}
}

static void cache_grow(struct dd_vulndb *v)
{
	struct centry **old = v->cache;
	size_t oldcap = v->cache_cap, i;

	v->cache_cap = oldcap ? oldcap * 2 : 1024;
	v->cache = dd_xcalloc(v->cache_cap, sizeof(*v->cache));
	for (i = 0; i < oldcap; i++)
		if (old[i])
			*cache_slot(v, old[i]->hash, old[i]->key, old[i]->key_len) = old[i];
	free(old);
}

static int serve(const struct centry *ce, const char *ns, const char *package,
		 int (*fn)(void *arg, const struct dd_affected *a), void *arg)
{
	size_t i;
	int r;

	for (i = 0; i < ce->n; i++) {
		struct dd_affected a = ce->recs[i];

		a.namespace = ns;
		a.package = package;
		if ((r = fn(arg, &a)) < 0)
			return r;
	}
	return 0;
}

int dd_vulndb_lookup(struct dd_vulndb *v, const char *ns, const char *package,
		     int (*fn)(void *arg, const struct dd_affected *a), void *arg, struct dd_err *e)
{
	size_t nl = strlen(ns), pl = strlen(package), key_len = nl + 1 + pl;
	uint64_t h = key_hash(ns, nl, package, pl);
	struct centry **slot, *ce = NULL;
	char stackkey[256], *key = key_len < sizeof(stackkey) ? stackkey : dd_xmalloc(key_len + 1);
	int r;

	memcpy(key, ns, nl);
	key[nl] = '\0';
	memcpy(key + nl + 1, package, pl + 1);
	if (v->cache_cap && *(slot = cache_slot(v, h, key, key_len))) {
		r = serve(*slot, ns, package, fn, arg);
		goto out;
	}
	if ((r = cache_build(v, ns, package, key, key_len, h, &ce, e)) < 0)
		goto out;
	if (v->cache_bytes + ce->bytes > CACHE_MAX_BYTES) {
		r = serve(ce, ns, package, fn, arg);	/* full: served, not kept */
		free(ce);
		goto out;
	}
	if ((v->cache_used + 1) * 2 > v->cache_cap)
		cache_grow(v);
	*cache_slot(v, h, key, key_len) = ce;
	v->cache_used++;
	v->cache_bytes += ce->bytes;
	r = serve(ce, ns, package, fn, arg);
out:
	if (key != stackkey)
		free(key);
	return r;
}

/* Appends the items of a DD_LIST_SEP-separated list (NULL: none), at most DD_STORE_MAX_LIST in all. */
static void push_list(char ***arr, size_t *n, size_t *cap, const char *list)
{
	const char *p = list, *sep;

	while (p && *p && *n < DD_STORE_MAX_LIST) {
		sep = strchr(p, DD_LIST_SEP);
		DD_GROW(*arr, *cap, *n + 1);
		(*arr)[(*n)++] = sep ? dd_xstrndup(p, (size_t)(sep - p)) : dd_xstrdup(p);
		p = sep ? sep + 1 : NULL;
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts a list and drops repeats, empty items and the item equal to id (stable output). */
static void sort_unique(char **arr, size_t *n, const char *id)
{
	size_t i, k = 0;

	if (*n == 0)
		return;
	qsort(arr, *n, sizeof(*arr), cmp_str);
	for (i = 0; i < *n; i++) {
		if (!*arr[i] || (k && strcmp(arr[k - 1], arr[i]) == 0) || (id && strcmp(arr[i], id) == 0))
			free(arr[i]);
		else
			arr[k++] = arr[i];
	}
	*n = k;
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
		push_list(&a->aliases, &a->n_aliases, &cap_alias, ctext(q, 6));
		push_list(&a->references, &a->n_references, &cap_ref, ctext(q, 7));
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
		DD_GROW(a->aliases, cap_alias, a->n_aliases + 1);
		a->aliases[a->n_aliases++] = dd_xstrdup(ctext(q, 0) ? ctext(q, 0) : "");
	}
	sqlite3_reset(q);
	sort_unique(a->aliases, &a->n_aliases, id);
	sort_unique(a->references, &a->n_references, NULL);
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
