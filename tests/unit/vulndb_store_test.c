/*
 * tests/unit/vulndb_store_test.c: the write and read sides together: a
 * round trip of every record kind, the schema version check, per-source
 * replacement, and staging (the old file is never written).
 */
#include <sqlite3.h>
#include <sys/stat.h>

#include "vulndb_t.h"

static void tmp_path(char *buf, size_t n)
{
	int fd;

	snprintf(buf, n, "/tmp/dd-store-test.XXXXXX");
	fd = mkstemp(buf);
	if (fd >= 0)
		close(fd);
	unlink(buf);
}

static void add_sample(struct dd_store *st, const char *id, const char *fixed)
{
	struct dd_err e = DD_ERR_INIT;
	struct dd_event ev[] = { { DD_EV_INTRODUCED, "0" }, { DD_EV_FIXED, "1.2.3" } };
	const char *vers[] = { "1.0", "1.1" };
	char *aliases[] = { "CVE-2024-1" };
	char *refs[] = { "https://example.org/a" };
	struct dd_advisory a = { 0 };
	struct dd_affected f = { 0 };

	a.id = (char *)id;
	a.summary = "sample";
	a.severity = "HIGH";
	a.cvss_score = 7.5;
	a.cvss_vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N";
	a.aliases = aliases;
	a.n_aliases = 1;
	a.references = refs;
	a.n_references = 1;
	T_EXPECT(dd_store_advisory(st, &a, &e) == 0);
	f.advisory_id = id;
	f.namespace = "npm";
	f.package = "left-pad";
	f.status = DD_STATUS_FIXED;
	f.fixed_version = fixed;
	f.range_type = "SEMVER";
	f.events = ev;
	f.n_events = 2;
	f.versions = vers;
	f.n_versions = 2;
	T_EXPECT(dd_store_affected(st, &f, &e) == 0);
	dd_err_release(&e);
}

TEST(store_round_trip)
{
	char path[64];
	struct dd_err e = DD_ERR_INIT;
	struct dd_store *st = NULL;
	struct dd_vulndb *v = NULL;
	struct dd_advisory *a = NULL;
	struct vt_db d;
	struct vt_recs rs;
	char *s = NULL;

	tmp_path(path, sizeof(path));
	T_ASSERT(dd_store_open(&st, path, &e) == 0);
	T_ASSERT(dd_store_begin(st, "src1", "osv", true, &e) == 0);
	add_sample(st, "GHSA-1", "1.2.3");
	T_EXPECT(dd_store_security_update(st, "debian:12", "openssl", "3.0.17-1~deb12u3", &e) == 0);
	T_EXPECT(dd_store_support_note(st, "debian:12", "golang.*", true, "limited: Go", &e) == 0);
	T_EXPECT(dd_store_end(st, true, &e) == 0);
	T_ASSERT(dd_store_begin(st, "kev", "kev", true, &e) == 0);
	T_EXPECT(dd_store_kev(st, "CVE-2024-1", &e) == 0);
	T_EXPECT(dd_store_epss(st, "CVE-2024-1", 0.25, 0.9, &e) == 0);
	T_EXPECT(dd_store_end(st, true, &e) == 0);
	dd_store_close(st);

	T_ASSERT(dd_vulndb_open(&v, path, &e) == 0);
	d.v = v;
	vt_lookup(&d, "npm", "left-pad", &rs);
	T_ASSERT(rs.n == 1);
	T_EQ_STR(rs.r[0].id, "GHSA-1");
	T_EQ_STR(rs.r[0].range, "i0,f1.2.3");
	T_EQ_INT(rs.r[0].n_versions, 2);
	vt_recs_free(&rs);
	T_ASSERT(dd_vulndb_advisory(v, "GHSA-1", &a, &e) == 0);
	T_EQ_STR(a->severity, "HIGH");
	T_EXPECT(a->cvss_score == 7.5);
	T_EXPECT(a->kev);	/* through the CVE alias */
	T_EXPECT(a->epss == 0.25);
	T_EXPECT(a->n_references == 1);
	dd_advisory_free(a);
	T_ASSERT(dd_vulndb_security_update(v, "debian:12", "openssl", &s, &e) == 0);
	T_EQ_STR(s, "3.0.17-1~deb12u3");
	free(s);
	T_ASSERT(dd_vulndb_support_note(v, "debian:12", "golang-1.19", &s, &e) == 0);
	T_EQ_STR(s, "limited: Go");
	free(s);
	T_ASSERT(dd_vulndb_support_note(v, "debian:12", "xgolang", &s, &e) == 0);
	T_EXPECT(s == NULL);
	dd_vulndb_close(v);
	dd_err_release(&e);
	unlink(path);
}

TEST(store_replace_keeps_other_sources)
{
	char path[64];
	struct dd_err e = DD_ERR_INIT;
	struct dd_store *st = NULL;
	struct vt_db d;
	struct vt_recs rs;

	tmp_path(path, sizeof(path));
	T_ASSERT(dd_store_open(&st, path, &e) == 0);
	T_ASSERT(dd_store_begin(st, "a", "osv", true, &e) == 0);
	add_sample(st, "A-1", "1");
	dd_store_end(st, true, &e);
	T_ASSERT(dd_store_begin(st, "b", "osv", true, &e) == 0);
	add_sample(st, "B-1", "1");
	dd_store_end(st, true, &e);
	/* replacing "a" drops A-1 only; a rolled-back source keeps its rows */
	T_ASSERT(dd_store_begin(st, "a", "osv", true, &e) == 0);
	add_sample(st, "A-2", "2");
	dd_store_end(st, true, &e);
	T_ASSERT(dd_store_begin(st, "b", "osv", true, &e) == 0);
	dd_store_end(st, false, &e);
	dd_store_close(st);
	T_ASSERT(dd_vulndb_open(&d.v, path, &e) == 0);
	vt_lookup(&d, "npm", "left-pad", &rs);
	T_EQ_INT(rs.n, 2);
	T_EXPECT(vt_find(&rs, "A-2") && vt_find(&rs, "B-1") && !vt_find(&rs, "A-1"));
	vt_recs_free(&rs);
	dd_vulndb_close(d.v);
	dd_err_release(&e);
	unlink(path);
}

TEST(store_schema_version_checked)
{
	char path[64];
	struct dd_err e = DD_ERR_INIT;
	struct dd_store *st = NULL;
	struct dd_vulndb *v = NULL;
	sqlite3 *db = NULL;

	tmp_path(path, sizeof(path));
	T_EQ_INT(dd_vulndb_open(&v, path, &e), -DDE_NOTFOUND);
	T_EXPECT(strstr(dd_err_msg(&e), "db update") != NULL);
	dd_err_release(&e);
	T_ASSERT(dd_store_open(&st, path, &e) == 0);
	dd_store_close(st);
	T_ASSERT(sqlite3_open(path, &db) == SQLITE_OK);
	sqlite3_exec(db, "PRAGMA user_version=99", NULL, NULL, NULL);
	sqlite3_close(db);
	T_EQ_INT(dd_vulndb_open(&v, path, &e), -DDE_SCHEMA);
	T_EXPECT(strstr(dd_err_msg(&e), "version 99") != NULL);
	dd_err_release(&e);
	T_EQ_INT(dd_store_open(&st, path, &e), -DDE_SCHEMA);
	dd_err_release(&e);
	unlink(path);
}

TEST(store_stage_copies_and_installs)
{
	char path[64];
	struct dd_err e = DD_ERR_INIT;
	struct dd_store *st = NULL;
	struct vt_db d;
	struct vt_recs rs;
	char *tmp = NULL;
	struct stat sb1, sb2;

	tmp_path(path, sizeof(path));
	T_ASSERT(dd_store_open(&st, path, &e) == 0);
	T_ASSERT(dd_store_begin(st, "a", "osv", true, &e) == 0);
	add_sample(st, "A-1", "1");
	dd_store_end(st, true, &e);
	dd_store_close(st);
	T_ASSERT(stat(path, &sb1) == 0);
	T_ASSERT(dd_store_stage(path, &tmp, &e) == 0);
	T_ASSERT(dd_store_open(&st, tmp, &e) == 0);
	T_ASSERT(dd_store_begin(st, "b", "osv", true, &e) == 0);
	add_sample(st, "B-1", "1");
	dd_store_end(st, true, &e);
	dd_store_close(st);
	/* the old file is untouched until install */
	T_ASSERT(stat(path, &sb2) == 0);
	T_EXPECT(sb1.st_ino == sb2.st_ino && sb1.st_size == sb2.st_size);
	T_ASSERT(dd_store_install(tmp, path, &e) == 0);
	T_ASSERT(dd_vulndb_open(&d.v, path, &e) == 0);
	vt_lookup(&d, "npm", "left-pad", &rs);
	T_EQ_INT(rs.n, 2);
	vt_recs_free(&rs);
	dd_vulndb_close(d.v);
	free(tmp);
	dd_err_release(&e);
	unlink(path);
}

static int stop_at_first(void *arg, const struct dd_affected *a)
{
	(void)a;
	(*(int *)arg)++;
	return -DDE_INTERNAL;
}

/* Every record of a lookup as one line, for comparing a cached answer with the first. */
static char *lookup_text(struct dd_vulndb *v, const char *ns, const char *pkg)
{
	struct vt_db d;
	struct vt_recs rs;
	struct dd_buf b = DD_BUF_INIT;
	size_t i;

	d.v = v;
	vt_lookup(&d, ns, pkg, &rs);
	for (i = 0; i < rs.n; i++)
		dd_buf_addf(&b, "%s|%d|%s|%s|%s|%s|%s;", rs.r[i].id, (int)rs.r[i].status,
			    rs.r[i].fixed ? rs.r[i].fixed : "-", rs.r[i].severity ? rs.r[i].severity : "-",
			    rs.r[i].detail ? rs.r[i].detail : "-", rs.r[i].range, rs.r[i].vers);
	vt_recs_free(&rs);
	return dd_buf_detach(&b, NULL);
}

TEST(vulndb_lookup_cache_repeats_and_misses)
{
	char path[64], pkg[32], id[48], fixed[32];
	struct dd_err e = DD_ERR_INIT;
	struct dd_store *st = NULL;
	struct dd_vulndb *v = NULL;
	struct dd_event ev[] = { { DD_EV_INTRODUCED, "0" }, { DD_EV_FIXED, "" } };
	const char *vers[] = { "1.0", "" };
	char *first[3000], *again;
	int i, k, calls = 0;

	tmp_path(path, sizeof(path));
	T_ASSERT(dd_store_open(&st, path, &e) == 0);
	T_ASSERT(dd_store_begin(st, "src", "osv", true, &e) == 0);
	for (i = 0; i < 3000; i++) {
		for (k = 0; k <= i % 3; k++) {
			struct dd_affected f = { 0 };

			snprintf(pkg, sizeof(pkg), "pkg-%d", i);
			snprintf(id, sizeof(id), "GHSA-%d-%d", i, k);
			snprintf(fixed, sizeof(fixed), "%d.%d", i, k);
			ev[1].version = fixed;
			f.advisory_id = id;
			f.namespace = i % 2 ? "npm" : "debian:12";
			f.package = pkg;
			f.status = k ? DD_STATUS_AFFECTED : DD_STATUS_FIXED;
			f.fixed_version = k ? NULL : fixed;	/* NULL columns stay NULL */
			f.severity = k == 1 ? "LOW" : NULL;
			f.status_detail = k == 2 ? "no-dsa" : NULL;
			f.events = ev;
			f.n_events = k == 2 ? 0 : 2;
			f.versions = vers;
			f.n_versions = k;	/* 0, 1 or 2 (an empty version kept) */
			T_EXPECT(dd_store_affected(st, &f, &e) == 0);
		}
	}
	T_EXPECT(dd_store_end(st, true, &e) == 0);
	dd_store_close(st);
	T_ASSERT(dd_vulndb_open(&v, path, &e) == 0);
	/* a miss as the very first lookup (nothing built yet) */
	again = lookup_text(v, "npm", "no-such-package");
	T_EQ_STR(again, "");
	free(again);
	for (i = 0; i < 3000; i++) {
		snprintf(pkg, sizeof(pkg), "pkg-%d", i);
		first[i] = lookup_text(v, i % 2 ? "npm" : "debian:12", pkg);
	}
	T_EQ_STR(first[4], "GHSA-4-0|1|4.0|-|-|i0,f4.0|;GHSA-4-1|2|-|LOW|-|i0,f4.1|1.0;");
	T_EQ_STR(first[5], "GHSA-5-0|1|5.0|-|-|i0,f5.0|;GHSA-5-1|2|-|LOW|-|i0,f5.1|1.0;"
			   "GHSA-5-2|2|-|-|no-dsa||1.0|;");
	/* the cached answers (table grown many times since) are the same */
	for (i = 2999; i >= 0; i--) {
		snprintf(pkg, sizeof(pkg), "pkg-%d", i);
		again = lookup_text(v, i % 2 ? "npm" : "debian:12", pkg);
		if (strcmp(again, first[i]) != 0)
			t_fail(__FILE__, __LINE__, "pkg-%d: cached '%s', first '%s'", i, again, first[i]);
		free(again);
		free(first[i]);
	}
	/* misses, twice; the same package in another namespace is another key */
	for (k = 0; k < 2; k++) {
		again = lookup_text(v, "npm", "no-such-package");
		T_EQ_STR(again, "");
		free(again);
		again = lookup_text(v, "npm", "pkg-0");
		T_EQ_STR(again, "");
		free(again);
	}
	/* a callback's stop code is returned, from SQLite and from the cache alike */
	T_EQ_INT(dd_vulndb_lookup(v, "npm", "pkg-5", stop_at_first, &calls, &e), -DDE_INTERNAL);
	T_EQ_INT(dd_vulndb_lookup(v, "npm", "pkg-5", stop_at_first, &calls, &e), -DDE_INTERNAL);
	T_EQ_INT(dd_vulndb_lookup(v, "npm", "pkg-7", stop_at_first, &calls, &e), -DDE_INTERNAL);
	T_EQ_INT(calls, 3);
	dd_vulndb_close(v);
	dd_err_release(&e);
	unlink(path);
}

TEST(store_same_advisory_twice_merges_lists)
{
	/* a second row for (id, source) replaces the scalars and merges the
	 * aliases and references (sorted, no repeats); repeating it many times
	 * does not grow the row */
	static char *al1[] = { "CVE-2024-2", "CVE-2024-1" }, *al2[] = { "CVE-2024-3", "CVE-2024-1" };
	static char *rf1[] = { "https://b", "https://a" }, *rf2[] = { "https://c", "https://a" };
	char path[64];
	struct dd_err e = DD_ERR_INIT;
	struct dd_store *st = NULL;
	struct dd_vulndb *v = NULL;
	struct dd_advisory a = { 0 }, *got = NULL;
	int i;

	tmp_path(path, sizeof(path));
	T_ASSERT(dd_store_open(&st, path, &e) == 0);
	T_ASSERT(dd_store_begin(st, "src1", "osv", true, &e) == 0);
	a.id = "GHSA-2";
	a.cvss_score = -1;
	a.summary = "first";
	a.aliases = al1;
	a.n_aliases = 2;
	a.references = rf1;
	a.n_references = 2;
	T_EXPECT(dd_store_advisory(st, &a, &e) == 0);
	a.summary = "second";
	a.aliases = al2;
	a.references = rf2;
	for (i = 0; i < 50; i++)
		T_EXPECT(dd_store_advisory(st, &a, &e) == 0);
	T_EXPECT(dd_store_end(st, true, &e) == 0);
	dd_store_close(st);
	T_ASSERT(dd_vulndb_open(&v, path, &e) == 0);
	T_ASSERT(dd_vulndb_advisory(v, "GHSA-2", &got, &e) == 0);
	T_EQ_STR(got->summary, "second");
	T_EQ_INT(got->n_aliases, 3);
	T_EQ_STR(got->aliases[0], "CVE-2024-1");
	T_EQ_STR(got->aliases[2], "CVE-2024-3");
	T_EQ_INT(got->n_references, 3);
	T_EQ_STR(got->references[1], "https://b");
	dd_advisory_free(got);
	dd_vulndb_close(v);
	{
		sqlite3 *db = NULL;
		sqlite3_stmt *q = NULL;

		T_ASSERT(sqlite3_open(path, &db) == SQLITE_OK);
		T_ASSERT(sqlite3_prepare_v2(db, "SELECT aliases, refs FROM advisory", -1, &q, NULL) ==
			 SQLITE_OK);
		T_ASSERT(sqlite3_step(q) == SQLITE_ROW);
		T_EQ_STR((const char *)sqlite3_column_text(q, 0), "CVE-2024-1\x1f" "CVE-2024-2\x1f" "CVE-2024-3");
		T_EQ_STR((const char *)sqlite3_column_text(q, 1), "https://a\x1fhttps://b\x1fhttps://c");
		sqlite3_finalize(q);
		sqlite3_close(db);
	}
	dd_err_release(&e);
	unlink(path);
}
