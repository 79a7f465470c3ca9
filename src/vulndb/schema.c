/*
 * src/vulndb/schema.c: the SQL schema of the vulnerability database and its
 * version check. The version is PRAGMA user_version (DD_VULNDB_SCHEMA); a
 * file with another version is refused with -DDE_SCHEMA. docs/vulndb.md
 * describes every table; keep the two in step.
 */
#include <sqlite3.h>
#include <stdio.h>

#include "vulndb/store.h"

static const char schema_sql[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
	"CREATE TABLE source(id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, feed TEXT NOT NULL,"
	" url TEXT, etag TEXT, last_modified TEXT, updated TEXT, status TEXT,"
	" records INTEGER NOT NULL DEFAULT 0, skipped INTEGER NOT NULL DEFAULT 0);"
	/* aliases and refs: lists separated by DD_LIST_SEP, one row per (advisory, source) */
	"CREATE TABLE advisory(id TEXT NOT NULL, src INTEGER NOT NULL, summary TEXT,"
	" published TEXT, modified TEXT, severity TEXT, cvss_score REAL, cvss_vector TEXT,"
	" aliases TEXT, refs TEXT, PRIMARY KEY(id, src)) WITHOUT ROWID;"
	/* "alias names id": the way back from an alias to the advisories it names */
	"CREATE TABLE alias(alias TEXT NOT NULL, id TEXT NOT NULL, src INTEGER NOT NULL,"
	" PRIMARY KEY(alias, id, src)) WITHOUT ROWID;"
	/* clustered by (ns, package): a lookup is one b-tree descent and a short scan */
	"CREATE TABLE affected(ns TEXT NOT NULL, package TEXT NOT NULL, seq INTEGER NOT NULL,"
	" advisory TEXT NOT NULL, status INTEGER NOT NULL, fixed TEXT, severity TEXT,"
	" range_type TEXT, events TEXT, versions TEXT, detail TEXT, src INTEGER NOT NULL,"
	" PRIMARY KEY(ns, package, seq)) WITHOUT ROWID;"
	"CREATE TABLE kev(cve TEXT PRIMARY KEY, src INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE epss(cve TEXT PRIMARY KEY, score REAL NOT NULL, percentile REAL,"
	" src INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE security_update(ns TEXT NOT NULL, package TEXT NOT NULL,"
	" version TEXT NOT NULL, src INTEGER NOT NULL, PRIMARY KEY(ns, package)) WITHOUT ROWID;"
	"CREATE TABLE support_note(ns TEXT NOT NULL, package TEXT NOT NULL, regex INTEGER NOT NULL,"
	" note TEXT NOT NULL, src INTEGER NOT NULL);"
	"CREATE INDEX support_note_key ON support_note(ns, package);";

int dd_schema_create(struct sqlite3 *db, struct dd_err *e)
{
	char *msg = NULL;
	char pragma[64];

	if (sqlite3_exec(db, "BEGIN", NULL, NULL, &msg) != SQLITE_OK ||
	    sqlite3_exec(db, schema_sql, NULL, NULL, &msg) != SQLITE_OK)
		goto fail;
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d", DD_VULNDB_SCHEMA);
	if (sqlite3_exec(db, pragma, NULL, NULL, &msg) != SQLITE_OK ||
	    sqlite3_exec(db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK)
		goto fail;
	return 0;
fail:
	dd_err_set(e, -DDE_DB, "creating the schema: %s", msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return -DDE_DB;
}

int dd_schema_check(struct sqlite3 *db, const char *path, struct dd_err *e)
{
	sqlite3_stmt *st = NULL;
	int v = -1, r = 0;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		r = dd_err_set(e, -DDE_DB, "%s: %s", path, sqlite3_errmsg(db));
		goto out;
	}
	v = sqlite3_column_int(st, 0);
	if (v != DD_VULNDB_SCHEMA)
		r = dd_err_set(e, -DDE_SCHEMA,
			       "%s: database schema version %d, this drydock needs %d: run 'drydock db update'",
			       path, v, DD_VULNDB_SCHEMA);
out:
	sqlite3_finalize(st);
	return r;
}
