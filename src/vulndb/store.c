/*
 * src/vulndb/store.c: the write side of the database: one connection, one
 * transaction per source, prepared statements for every insert, and the
 * text encodings of events and version lists (store.h).
 */
#include "vulndb/store.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "util/bigmem.h"
#include "util/buf.h"
#include "util/xalloc.h"

enum {
	ST_ADV, ST_ADV_GET, ST_ADV_SET, ST_ALIAS, ST_AFF, ST_KEV, ST_EPSS, ST_SEC, ST_NOTE, ST__COUNT
};

static const char *const stmt_sql[ST__COUNT] = {
	/* a second row for (id, src) is merged into the first (dd_store_advisory) */
	[ST_ADV] = ("INSERT INTO advisory(id,src,summary,published,modified,severity,cvss_score,"
		    "cvss_vector,aliases,refs) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)"
		    " ON CONFLICT(id,src) DO NOTHING"),
	[ST_ADV_GET] = "SELECT aliases,refs FROM advisory WHERE id=?1 AND src=?2",
	[ST_ADV_SET] = ("UPDATE advisory SET summary=?3,published=?4,modified=?5,severity=?6,"
			"cvss_score=?7,cvss_vector=?8,aliases=?9,refs=?10 WHERE id=?1 AND src=?2"),
	[ST_ALIAS] = "INSERT OR IGNORE INTO alias(alias,id,src) VALUES(?1,?2,?3)",
	[ST_AFF] = ("INSERT INTO affected(ns,package,advisory,status,fixed,severity,range_type,"
		    "events,versions,detail,src,seq) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)"),
	[ST_KEV] = "INSERT OR REPLACE INTO kev(cve,src) VALUES(?1,?2)",
	[ST_EPSS] = "INSERT OR REPLACE INTO epss(cve,score,percentile,src) VALUES(?1,?2,?3,?4)",
	[ST_SEC] = "INSERT OR REPLACE INTO security_update(ns,package,version,src) VALUES(?1,?2,?3,?4)",
	[ST_NOTE] = "INSERT INTO support_note(ns,package,regex,note,src) VALUES(?1,?2,?3,?4,?5)",
};

static const char *const delete_sql[] = {
	"DELETE FROM advisory WHERE src=?1", "DELETE FROM alias WHERE src=?1",
	"DELETE FROM affected WHERE src=?1",
	"DELETE FROM kev WHERE src=?1", "DELETE FROM epss WHERE src=?1",
	"DELETE FROM security_update WHERE src=?1", "DELETE FROM support_note WHERE src=?1",
};

struct dd_store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *st[ST__COUNT];
	sqlite3_int64 src;	/* current source id, 0 outside a transaction */
	sqlite3_int64 seq;	/* last affected.seq used */
	struct dd_buf tmp, tmp2;	/* encoded lists of one row (events and versions, or
					   aliases and references) */
};

/*
 * SQLite's page cache while a database is written: one mapping on huge
 * pages, so the ~1,000 pages of an OSV feed cost a few page faults instead
 * of one each (25-50 us apiece in some virtual machines, a third of the
 * writer's time). SQLite threads a free list through every slot when it
 * starts, so the whole mapping is touched (and zeroed by the kernel) at
 * once: 8 MiB holds a large feed's pages for about 4 ms. Pages past it
 * come from malloc as usual. Only possible before SQLite's first use in
 * the process (else SQLITE_MISUSE: nothing changes); the mapping lives as
 * long as the process.
 */
#define PAGECACHE_BYTES	(8u << 20)

static void page_cache_on_huge_pages(void)
{
	static bool done;
	size_t size = PAGECACHE_BYTES, slot;
	int hdr = 0;
	void *mem;

	if (done)
		return;
	done = true;
	if (sqlite3_config(SQLITE_CONFIG_PCACHE_HDRSZ, &hdr) != SQLITE_OK || hdr <= 0)
		return;
	slot = ((size_t)4096 + (size_t)hdr + 7) & ~(size_t)7;
	mem = dd_big_alloc(&size);
	if (sqlite3_config(SQLITE_CONFIG_PAGECACHE, mem, (int)slot, (int)(size / slot)) != SQLITE_OK)
		dd_big_free(mem, size);
}

static int db_err(struct dd_store *s, struct dd_err *e, const char *what)
{
	return dd_err_set(e, -DDE_DB, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

static int exec(struct dd_store *s, const char *sql, struct dd_err *e)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_err(s, e, sql);
	return 0;
}

int dd_store_open(struct dd_store **out, const char *path, struct dd_err *e)
{
	struct dd_store *s = dd_xcalloc(1, sizeof(*s));
	sqlite3_stmt *q = NULL;
	int r = 0, n = 0, i;

	*out = NULL;
	s->path = dd_xstrdup(path);
	/*
	 * No memory statistics (a global mutex around every allocation; it only
	 * takes effect before SQLite's first use in the process, else it is a
	 * harmless SQLITE_MISUSE), and no per-connection mutex: a store is used
	 * by one thread at a time (osv.c's writer thread hands it back by
	 * pthread_join).
	 */
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	page_cache_on_huge_pages();
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		r = db_err(s, e, "open");
		goto out;
	}
	sqlite3_busy_timeout(s->db, 5000);
	/*
	 * The file is private to this process (staged beside the database, under
	 * the writer lock) until renamed into place, so a crash only loses the
	 * copy: no journal, no syncs (dd_store_install fsyncs once), no file
	 * locking, and a page cache large enough that a bulk import never spills.
	 * ROLLBACK still works for a failed source: it needs no journal as long
	 * as the cache holds the transaction, and a dropped copy costs nothing.
	 */
	if ((r = exec(s, "PRAGMA journal_mode=MEMORY", e)) < 0 ||
	    (r = exec(s, "PRAGMA synchronous=OFF", e)) < 0 ||
	    (r = exec(s, "PRAGMA locking_mode=EXCLUSIVE", e)) < 0 ||
	    (r = exec(s, "PRAGMA cache_size=-131072", e)) < 0 ||
	    (r = exec(s, "PRAGMA temp_store=MEMORY", e)) < 0)
		goto out;
	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM sqlite_master", -1, &q, NULL) !=
		    SQLITE_OK ||
	    sqlite3_step(q) != SQLITE_ROW) {
		r = db_err(s, e, "not a database");
		goto out;
	}
	n = sqlite3_column_int(q, 0);
	if (n == 0)
		r = dd_schema_create(s->db, e);
	else
		r = dd_schema_check(s->db, path, e);
	if (r < 0)
		goto out;
	sqlite3_finalize(q);
	q = NULL;
	if (sqlite3_prepare_v2(s->db, "SELECT coalesce(max(seq),0) FROM affected", -1, &q, NULL) !=
		    SQLITE_OK ||
	    sqlite3_step(q) != SQLITE_ROW) {
		r = db_err(s, e, "affected");
		goto out;
	}
	s->seq = sqlite3_column_int64(q, 0);
	for (i = 0; i < ST__COUNT; i++)
		if (sqlite3_prepare_v3(s->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->st[i],
				       NULL) != SQLITE_OK) {
			r = db_err(s, e, "prepare");
			goto out;
		}
out:
	sqlite3_finalize(q);
	if (r < 0)
		dd_store_close(s);
	else
		*out = s;
	return r;
}

void dd_store_close(struct dd_store *s)
{
	int i;

	if (!s)
		return;
	if (s->src)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	for (i = 0; i < ST__COUNT; i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_close(s->db);
	dd_buf_release(&s->tmp);
	dd_buf_release(&s->tmp2);
	free(s->path);
	free(s);
}

struct sqlite3 *dd_store_sqlite(struct dd_store *s)
{
	return s->db;
}

static int source_id(struct dd_store *s, const char *name, const char *feed, sqlite3_int64 *id,
		     struct dd_err *e)
{
	sqlite3_stmt *q = NULL;
	int r = 0;

	if (sqlite3_prepare_v2(s->db, "INSERT INTO source(name,feed) VALUES(?1,?2) "
				      "ON CONFLICT(name) DO UPDATE SET feed=excluded.feed",
			       -1, &q, NULL) != SQLITE_OK)
		return db_err(s, e, "source");
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, feed, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE)
		r = db_err(s, e, "source");
	sqlite3_finalize(q);
	q = NULL;
	if (r < 0)
		return r;
	if (sqlite3_prepare_v2(s->db, "SELECT id FROM source WHERE name=?1", -1, &q, NULL) !=
	    SQLITE_OK)
		return db_err(s, e, "source");
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		*id = sqlite3_column_int64(q, 0);
	else
		r = db_err(s, e, "source");
	sqlite3_finalize(q);
	return r;
}

int dd_store_begin(struct dd_store *s, const char *name, const char *feed, bool replace,
		   struct dd_err *e)
{
	sqlite3_int64 id = 0;
	size_t i;
	int r;

	if ((r = exec(s, "BEGIN", e)) < 0)
		return r;
	if ((r = source_id(s, name, feed, &id, e)) < 0)
		goto fail;
	if (replace) {
		for (i = 0; i < sizeof(delete_sql) / sizeof(delete_sql[0]); i++) {
			sqlite3_stmt *q = NULL;

			if (sqlite3_prepare_v2(s->db, delete_sql[i], -1, &q, NULL) != SQLITE_OK) {
				r = db_err(s, e, "delete");
				goto fail;
			}
			sqlite3_bind_int64(q, 1, id);
			if (sqlite3_step(q) != SQLITE_DONE)
				r = db_err(s, e, "delete");
			sqlite3_finalize(q);
			if (r < 0)
				goto fail;
		}
	}
	s->src = id;
	return 0;
fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return r;
}

int dd_store_end(struct dd_store *s, bool commit, struct dd_err *e)
{
	int r = 0;

	if (!s->src)
		return 0;
	s->src = 0;
	if (commit)
		r = exec(s, "COMMIT", e);
	if (!commit || r < 0)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return r;
}

static int run(struct dd_store *s, sqlite3_stmt *st, struct dd_err *e)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return db_err(s, e, "insert");
	return 0;
}

/*
 * Text is bound without a copy (SQLITE_STATIC): every statement is stepped
 * at once by run(), which clears the bindings, so the caller's strings only
 * need to live for the call.
 */
static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* One "alias names id" row: followed from alias to id (alias_rows). */
static int alias_row(struct dd_store *s, const char *alias, const char *id, struct dd_err *e)
{
	sqlite3_stmt *st = s->st[ST_ALIAS];

	bind_text(st, 1, alias);
	bind_text(st, 2, id);
	sqlite3_bind_int64(st, 3, s->src);
	return run(s, st, e);
}

/* A name usable in a list column: not empty, not the advisory's own id, no control byte. */
static bool list_item_ok(const char *v, const char *id)
{
	const unsigned char *p = (const unsigned char *)v;

	if (!p || !*p || (id && strcmp(v, id) == 0))
		return false;
	for (; *p; p++)
		if (*p < 0x20)
			return false;
	return true;
}

int dd_store_alias(struct dd_store *s, const char *id, const char *alias, struct dd_err *e)
{
	int r;

	if (!s->src || !list_item_ok(id, NULL) || !list_item_ok(alias, id))
		return 0;
	/* no advisory row carries this pair: both directions become rows */
	if ((r = alias_row(s, alias, id, e)) < 0)
		return r;
	return alias_row(s, id, alias, e);
}

static int cmp_item(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The union of the stored list old (DD_LIST_SEP-separated, may be NULL) and
 * the usable items of v, sorted, without repeats, at most DD_STORE_MAX_LIST
 * items, joined into b; false when empty. Every list column is written so. Linear in the two lists (sort
 * aside), so a source repeating an id many times costs no more per repeat.
 */
static bool merge_list(struct dd_buf *b, const char *old, char *const *v, size_t n, const char *id)
{
	char *copy = old ? dd_xstrdup(old) : NULL, *p, **items = NULL;
	size_t k = 0, cap = 0, i, kept = 0;

	for (p = copy; p && *p;) {
		char *sep = strchr(p, DD_LIST_SEP);

		if (sep)
			*sep = '\0';
		DD_GROW(items, cap, k + 1);
		items[k++] = p;
		p = sep ? sep + 1 : NULL;
	}
	for (i = 0; i < n && i < DD_STORE_MAX_LIST; i++)
		if (list_item_ok(v[i], id)) {
			DD_GROW(items, cap, k + 1);
			items[k++] = v[i];
		}
	if (k)
		qsort(items, k, sizeof(*items), cmp_item);
	dd_buf_reset(b);
	for (i = 0; i < k && kept < DD_STORE_MAX_LIST; i++) {
		if (i && strcmp(items[i], items[i - 1]) == 0)
			continue;
		if (kept++)
			dd_buf_addch(b, DD_LIST_SEP);
		dd_buf_adds(b, items[i]);
	}
	free(items);
	free(copy);
	return kept > 0;
}

/* Binds list column i: old merged with v (merge_list), or NULL when that is empty. */
static void bind_list(sqlite3_stmt *st, int i, struct dd_buf *b, const char *old, char *const *v,
		      size_t n, const char *id)
{
	if (merge_list(b, old, v, n, id))
		sqlite3_bind_text(st, i, b->buf, (int)b->len, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Binds the scalar columns of a (?1..?8) to st. */
static void bind_advisory(struct dd_store *s, sqlite3_stmt *st, const struct dd_advisory *a)
{
	bind_text(st, 1, a->id);
	sqlite3_bind_int64(st, 2, s->src);
	bind_text(st, 3, a->summary);
	bind_text(st, 4, a->published);
	bind_text(st, 5, a->modified);
	bind_text(st, 6, a->severity);
	if (a->cvss_score >= 0)
		sqlite3_bind_double(st, 7, a->cvss_score);
	else
		sqlite3_bind_null(st, 7);
	bind_text(st, 8, a->cvss_vector);
}

/*
 * A second row for (id, src): its scalar columns replace the first's, the
 * lists are merged (merge_list).
 */
static int merge_advisory(struct dd_store *s, const struct dd_advisory *a, struct dd_err *e)
{
	sqlite3_stmt *get = s->st[ST_ADV_GET], *set = s->st[ST_ADV_SET];
	char *old_aliases = NULL, *old_refs = NULL;
	int rc;

	bind_text(get, 1, a->id);
	sqlite3_bind_int64(get, 2, s->src);
	if ((rc = sqlite3_step(get)) == SQLITE_ROW) {
		const char *x = (const char *)sqlite3_column_text(get, 0);
		const char *y = (const char *)sqlite3_column_text(get, 1);

		old_aliases = x ? dd_xstrdup(x) : NULL;
		old_refs = y ? dd_xstrdup(y) : NULL;
	}
	sqlite3_reset(get);
	sqlite3_clear_bindings(get);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_err(s, e, "advisory");
	bind_advisory(s, set, a);
	bind_list(set, 9, &s->tmp, old_aliases, a->aliases, a->n_aliases, a->id);
	bind_list(set, 10, &s->tmp2, old_refs, a->references, a->n_references, NULL);
	free(old_aliases);
	free(old_refs);
	return run(s, set, e);
}

/*
 * The advisory row carries its aliases and references as lists (one row
 * instead of one per name); each alias also gets an "alias names id" row
 * so that it leads back to the advisory.
 */
int dd_store_advisory(struct dd_store *s, const struct dd_advisory *a, struct dd_err *e)
{
	sqlite3_stmt *st = s->st[ST_ADV];
	size_t i;
	int r;

	if (!s->src || !a->id || !*a->id)
		return 0;
	bind_advisory(s, st, a);
	bind_list(st, 9, &s->tmp, NULL, a->aliases, a->n_aliases, a->id);
	bind_list(st, 10, &s->tmp2, NULL, a->references, a->n_references, NULL);
	if ((r = run(s, st, e)) < 0)
		return r;
	if (sqlite3_changes(s->db) == 0 && (r = merge_advisory(s, a, e)) < 0)
		return r;	/* the row existed: merged instead */
	for (i = 0; i < a->n_aliases && i < DD_STORE_MAX_LIST; i++)
		if (list_item_ok(a->aliases[i], a->id) &&
		    (r = alias_row(s, a->aliases[i], a->id, e)) < 0)
			return r;
	return 0;
}

static const char ev_kind_char[] = { 'i', 'f', 'l', 'x' };

int dd_store_affected(struct dd_store *s, const struct dd_affected *a, struct dd_err *e)
{
	sqlite3_stmt *st = s->st[ST_AFF];
	size_t i;

	if (!s->src)
		return 0;
	bind_text(st, 1, a->namespace);
	bind_text(st, 2, a->package);
	bind_text(st, 3, a->advisory_id);
	sqlite3_bind_int(st, 4, (int)a->status);
	bind_text(st, 5, a->fixed_version);
	bind_text(st, 6, a->severity);
	bind_text(st, 7, a->range_type);
	if (a->n_events) {
		dd_buf_reset(&s->tmp);
		for (i = 0; i < a->n_events; i++) {
			if (i)
				dd_buf_addch(&s->tmp, DD_EV_SEP);
			dd_buf_addch(&s->tmp, ev_kind_char[a->events[i].kind & 3]);
			dd_buf_adds(&s->tmp, a->events[i].version ? a->events[i].version : "");
		}
		sqlite3_bind_text(st, 8, s->tmp.buf, (int)s->tmp.len, SQLITE_STATIC);
	} else {
		sqlite3_bind_null(st, 8);
	}
	if (a->n_versions) {
		dd_buf_reset(&s->tmp2);
		for (i = 0; i < a->n_versions; i++) {
			if (i)
				dd_buf_addch(&s->tmp2, DD_LIST_SEP);
			dd_buf_adds(&s->tmp2, a->versions[i]);
		}
		sqlite3_bind_text(st, 9, s->tmp2.buf, (int)s->tmp2.len, SQLITE_STATIC);
	} else {
		sqlite3_bind_null(st, 9);
	}
	bind_text(st, 10, a->status_detail);
	sqlite3_bind_int64(st, 11, s->src);
	sqlite3_bind_int64(st, 12, ++s->seq);
	return run(s, st, e);
}

int dd_store_kev(struct dd_store *s, const char *cve, struct dd_err *e)
{
	sqlite3_stmt *st = s->st[ST_KEV];

	if (!s->src)
		return 0;
	bind_text(st, 1, cve);
	sqlite3_bind_int64(st, 2, s->src);
	return run(s, st, e);
}

int dd_store_epss(struct dd_store *s, const char *cve, double score, double percentile,
		  struct dd_err *e)
{
	sqlite3_stmt *st = s->st[ST_EPSS];

	if (!s->src)
		return 0;
	bind_text(st, 1, cve);
	sqlite3_bind_double(st, 2, score);
	if (percentile >= 0)
		sqlite3_bind_double(st, 3, percentile);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_int64(st, 4, s->src);
	return run(s, st, e);
}

int dd_store_security_update(struct dd_store *s, const char *ns, const char *package,
			     const char *version, struct dd_err *e)
{
	sqlite3_stmt *st = s->st[ST_SEC];

	if (!s->src)
		return 0;
	bind_text(st, 1, ns);
	bind_text(st, 2, package);
	bind_text(st, 3, version);
	sqlite3_bind_int64(st, 4, s->src);
	return run(s, st, e);
}

int dd_store_support_note(struct dd_store *s, const char *ns, const char *package, bool regex,
			  const char *note, struct dd_err *e)
{
	sqlite3_stmt *st = s->st[ST_NOTE];

	if (!s->src)
		return 0;
	bind_text(st, 1, ns);
	bind_text(st, 2, package);
	sqlite3_bind_int(st, 3, regex);
	bind_text(st, 4, note);
	sqlite3_bind_int64(st, 5, s->src);
	return run(s, st, e);
}

int dd_store_source_state(struct dd_store *s, const char *name, const struct dd_source_state *stt,
			  struct dd_err *e)
{
	sqlite3_stmt *q = NULL;
	int r = 0;

	if (sqlite3_prepare_v2(s->db,
			       "UPDATE source SET url=coalesce(?2,url), etag=coalesce(?3,etag),"
			       " last_modified=coalesce(?4,last_modified), updated=coalesce(?5,updated),"
			       " status=coalesce(?6,status),"
			       " records=CASE WHEN ?7>=0 THEN ?7 ELSE records END,"
			       " skipped=CASE WHEN ?8>=0 THEN ?8 ELSE skipped END WHERE name=?1",
			       -1, &q, NULL) != SQLITE_OK)
		return db_err(s, e, "source state");
	bind_text(q, 1, name);
	bind_text(q, 2, stt->url);
	bind_text(q, 3, stt->etag);
	bind_text(q, 4, stt->last_modified);
	bind_text(q, 5, stt->updated);
	bind_text(q, 6, stt->status);
	sqlite3_bind_int64(q, 7, stt->records);
	sqlite3_bind_int64(q, 8, stt->skipped);
	if (sqlite3_step(q) != SQLITE_DONE)
		r = db_err(s, e, "source state");
	sqlite3_finalize(q);
	return r;
}

static char *col_dup(sqlite3_stmt *q, int i)
{
	const unsigned char *t = sqlite3_column_text(q, i);

	return t ? dd_xstrdup((const char *)t) : NULL;
}

int dd_store_source_cache(struct dd_store *s, const char *name, char **etag, char **last_modified,
			  struct dd_err *e)
{
	sqlite3_stmt *q = NULL;

	*etag = *last_modified = NULL;
	if (sqlite3_prepare_v2(s->db, "SELECT etag,last_modified FROM source WHERE name=?1", -1, &q,
			       NULL) != SQLITE_OK)
		return db_err(s, e, "source cache");
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW) {
		*etag = col_dup(q, 0);
		*last_modified = col_dup(q, 1);
	}
	sqlite3_finalize(q);
	return 0;
}

int dd_store_meta(struct dd_store *s, const char *key, const char *value, struct dd_err *e)
{
	sqlite3_stmt *q = NULL;
	int r = 0;

	if (sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO meta(key,value) VALUES(?1,?2)", -1, &q,
			       NULL) != SQLITE_OK)
		return db_err(s, e, "meta");
	bind_text(q, 1, key);
	bind_text(q, 2, value);
	if (sqlite3_step(q) != SQLITE_DONE)
		r = db_err(s, e, "meta");
	sqlite3_finalize(q);
	return r;
}
