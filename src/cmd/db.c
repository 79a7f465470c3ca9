/*
 * src/cmd/db.c: "drydock db": build, update and inspect the vulnerability
 * database. Subcommands: update (download the configured sources), import
 * (offline files), info/status (sources, counts, age), lookup (the records
 * of one namespace and package, as a scan sees them). Every write builds a
 * new file beside the database and renames it into place (vulndb/stage.c).
 */
#include <errno.h>
#include <getopt.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "util/log.h"
#include "util/parse.h"
#include "util/xalloc.h"
#include "vulndb/import.h"
#include "vulndb/update.h"
#include "vulndb/vulndb.h"

static char *db_path(const struct dd_ctx *ctx, const char *opt)
{
	const char *env = getenv("DRYDOCK_DB");

	if (opt)
		return dd_xstrdup(opt);
	if (env && *env)
		return dd_xstrdup(env);
	return dd_cmd_cache_path(ctx, "db/vuln.db");
}

static void now_rfc3339(char *out, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void print_reasons(const struct dd_import *im)
{
	size_t i;

	for (i = 0; i < im->n_reasons; i++)
		fprintf(stderr, "    skipped: %s\n", im->reasons[i]);
	if (im->skipped > im->n_reasons)
		fprintf(stderr, "    (%zu more skipped)\n", im->skipped - im->n_reasons);
}

/* A missing or incompatible database is an environment problem (exit 3). */
static int fail_open(const struct dd_err *e)
{
	dd_error("%s", dd_err_msg(e));
	return DD_EXIT_ENV;
}

/*
 * Takes the database's writer lock (vulndb/stage.c). Another writer holding
 * it is an environment problem (exit 3) unless wait is set, in which case a
 * line says whom we wait for. Returns 0 (*fd set) or an exit code.
 */
static int take_lock(const struct dd_ctx *ctx, const char *path, bool wait, int *fd)
{
	struct dd_err e = DD_ERR_INIT;
	int r = dd_store_lock(path, false, fd, NULL, &e);

	if (r == -EAGAIN && wait) {
		if (!ctx->quiet)
			fprintf(stderr, "%s; waiting for it to finish\n", dd_err_msg(&e));
		dd_err_release(&e);
		r = dd_store_lock(path, true, fd, NULL, &e);
	}
	if (r == -EAGAIN)
		dd_error("%s; try again when it has finished, or use --wait", dd_err_msg(&e));
	else if (r < 0)
		dd_error("%s", dd_err_msg(&e));
	dd_err_release(&e);
	if (r == -DDE_USAGE)
		return DD_EXIT_INPUT;
	return r < 0 ? DD_EXIT_ENV : 0;
}

static int cmd_import(struct dd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "name", required_argument, NULL, 'n' },
		{ "wait", no_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dbopt = NULL, *name = NULL;
	const struct dd_feed *feed;
	struct dd_err e = DD_ERR_INIT;
	struct dd_store *st = NULL;
	struct dd_import im;
	char *path = NULL, *tmp = NULL, when[32];
	double t0 = dd_log_elapsed();
	int c, i, r, ret = DD_EXIT_OK, lock = -1;
	bool wait = false, rebuilt = false;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dbopt = optarg; break;
		case 'n': name = optarg; break;
		case 'w': wait = true; break;
		case 'h': dd_cmd_usage(ctx->cmd); return DD_EXIT_OK;
		default: return dd_cmd_usage_error(ctx, "bad option for 'db import'");
		}
	}
	if (argc - optind < 2)
		return dd_cmd_usage_error(ctx, "'db import' needs FEED and at least one PATH");
	feed = dd_feed_find(argv[optind]);
	if (!feed) {
		struct dd_buf names = DD_BUF_INIT;
		const struct dd_feed *const *f;

		for (f = dd_feeds; *f; f++)
			dd_buf_addf(&names, "%s%s", names.len ? ", " : "", (*f)->name);
		r = dd_cmd_usage_error(ctx, "unknown feed '%s' (known: %s)", argv[optind], names.buf);
		dd_buf_release(&names);
		return r;
	}
	if (!name)
		name = feed->name;
	path = db_path(ctx, dbopt);
	if ((ret = take_lock(ctx, path, wait, &lock)) != 0) {
		free(path);
		return ret;
	}
	dd_import_init(&im, NULL, name);
	if ((r = dd_store_open_staged(path, &st, &tmp, &rebuilt, &e)) < 0 ||
	    (r = dd_store_begin(st, name, feed->name, true, &e)) < 0)
		goto out;
	im.store = st;
	for (i = optind + 1; i < argc && r == 0; i++)
		r = dd_import_path(&im, feed, argv[i], &e);
	if (r < 0) {
		dd_store_end(st, false, &e);
		goto out;
	}
	if ((r = dd_store_end(st, true, &e)) < 0)
		goto out;
	now_rfc3339(when, sizeof(when));
	{
		struct dd_source_state ss = { 0 };
		char *status = dd_xasprintf("imported %s", argv[optind + 1]);

		ss.updated = when;
		ss.status = status;
		ss.records = (int64_t)im.records;
		ss.skipped = (int64_t)im.skipped;
		r = dd_store_source_state(st, name, &ss, &e);
		free(status);
	}
	if (r < 0 || (r = dd_store_meta(st, "built", when, &e)) < 0)
		goto out;
	dd_store_close(st);
	st = NULL;
	if ((r = dd_store_install(tmp, path, &e)) < 0)
		goto out;
	free(tmp);
	tmp = NULL;
	printf("%s (%s): %zu records, %zu affected, %zu skipped from %zu files in %.3f s\n", name,
	       feed->name, im.records, im.affected, im.skipped, im.files, dd_log_elapsed() - t0);
	print_reasons(&im);
	if (im.files == 0)
		dd_warn("no %s file found under the given paths (nothing imported)", feed->name);
	if (!ctx->quiet)
		fprintf(stderr, "database: %s\n", path);
out:
	dd_store_close(st);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	if (r < 0) {
		print_reasons(&im);
		dd_err_wrap(&e, "db import %s", name);
		ret = dd_cmd_fail(&e);
	}
	dd_import_release(&im);
	dd_err_release(&e);
	dd_store_unlock(lock);
	free(path);
	return ret;
}

static long long count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *q = NULL;
	long long n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

/* Seconds since an RFC 3339 UTC time "YYYY-MM-DDTHH:MM:SSZ"; -1 when unparsable. */
static long long age_of(const char *t)
{
	struct tm tm = { 0 };
	char *end;

	if (!t)
		return -1;
	end = strptime(t, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!end || *end)
		return -1;
	return (long long)(time(NULL) - timegm(&tm));
}

static int cmd_info(struct dd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "max-age", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dbopt = NULL;
	uint64_t max_age_days = 7;
	struct dd_err e = DD_ERR_INIT;
	struct dd_vulndb *v = NULL;
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	struct stat sb;
	char *path;
	int c, ret = DD_EXIT_OK, r;
	long long age;
	const char *built = NULL;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dbopt = optarg; break;
		case 'a':
			if (dd_parse_u64_all(dd_slice_str(optarg), 36500, &max_age_days) < 0)
				return dd_cmd_usage_error(ctx, "--max-age needs a number of days");
			break;
		case 'h': dd_cmd_usage(ctx->cmd); return DD_EXIT_OK;
		default: return dd_cmd_usage_error(ctx, "bad option for 'db info'");
		}
	}
	if (optind < argc)
		return dd_cmd_usage_error(ctx, "'db info' takes no arguments");
	path = db_path(ctx, dbopt);
	/* the read API validates the file and its schema version first */
	if ((r = dd_vulndb_open(&v, path, &e)) < 0) {
		ret = fail_open(&e);
		goto out;
	}
	dd_vulndb_close(v);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		dd_error("%s: %s", path, sqlite3_errmsg(db));
		ret = DD_EXIT_ENV;
		goto out;
	}
	stat(path, &sb);
	printf("database:   %s\n", path);
	printf("schema:     %d\n", DD_VULNDB_SCHEMA);
	printf("size:       %lld bytes\n", (long long)sb.st_size);
	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key='built'", -1, &q, NULL) ==
		    SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		built = (const char *)sqlite3_column_text(q, 0);
	printf("built:      %s\n", built ? built : "unknown");
	age = age_of(built);
	if (age > (long long)max_age_days * 86400)
		dd_warn("the database is %lld days old (more than %llu): run 'drydock db update'",
			age / 86400, (unsigned long long)max_age_days);
	sqlite3_finalize(q);
	q = NULL;
	printf("advisories: %lld\n", count(db, "SELECT count(DISTINCT id) FROM advisory"));
	printf("affected:   %lld\n", count(db, "SELECT count(*) FROM affected"));
	printf("namespaces: %lld\n", count(db, "SELECT count(DISTINCT ns) FROM affected"));
	printf("kev:        %lld\n", count(db, "SELECT count(*) FROM kev"));
	printf("epss:       %lld\n", count(db, "SELECT count(*) FROM epss"));
	printf("security updates: %lld\n", count(db, "SELECT count(*) FROM security_update"));
	printf("support notes:    %lld\n", count(db, "SELECT count(*) FROM support_note"));
	printf("sources:\n");
	if (sqlite3_prepare_v2(db, "SELECT name,feed,records,skipped,updated,status FROM source ORDER BY name",
			       -1, &q, NULL) == SQLITE_OK)
		while (sqlite3_step(q) == SQLITE_ROW) {
			const char *upd = (const char *)sqlite3_column_text(q, 4);
			const char *status = (const char *)sqlite3_column_text(q, 5);

			printf("  %-22s %-12s %9lld records %6lld skipped  %s  %s\n",
			       sqlite3_column_text(q, 0), sqlite3_column_text(q, 1),
			       sqlite3_column_int64(q, 2), sqlite3_column_int64(q, 3),
			       upd ? upd : "never", status ? status : "");
		}
out:
	sqlite3_finalize(q);
	sqlite3_close(db);
	dd_err_release(&e);
	free(path);
	return ret;
}

static const char *const status_names[] = {
	"unknown", "fixed", "affected", "wontfix", "deferred", "not-affected", "eol", "needs-triage",
};

static int print_affected(void *arg, const struct dd_affected *a)
{
	size_t i;

	(void)arg;
	printf("%s\t%s\t%s\t%s\t%s", a->advisory_id, status_names[a->status],
	       a->fixed_version ? a->fixed_version : "-", a->severity ? a->severity : "-",
	       a->status_detail ? a->status_detail : "-");
	if (a->n_events) {
		printf("\t%s:", a->range_type ? a->range_type : "?");
		for (i = 0; i < a->n_events; i++) {
			static const char *const k[] = { "introduced", "fixed", "last_affected", "limit" };

			printf("%s%s=%s", i ? "," : "", k[a->events[i].kind], a->events[i].version);
		}
	} else {
		printf("\t-");
	}
	printf("\t%zu versions\t%s\n", a->n_versions, a->source);
	return 0;
}

static int count_affected(void *arg, const struct dd_affected *a)
{
	(void)a;
	(*(size_t *)arg)++;
	return 0;
}

/* CPU time of the process (the bench machine is shared: wall time alone misleads). */
static double cpu_seconds(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
		return 0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --keys FILE: "namespace<TAB>package" lines looked up (repeat times); totals and rate. */
static int lookup_keys(struct dd_vulndb *v, const char *file, uint64_t repeat, struct dd_err *e)
{
	FILE *f = fopen(file, "re");
	char **ns = NULL, **pkg = NULL, line[1024];
	size_t n = 0, cap = 0, i, records = 0;
	uint64_t k;
	double t0, dt, c0, cpu, first = 0;
	int r = 0;

	if (!f)
		return dd_err_sys(e, -errno, file);
	while (fgets(line, sizeof(line), f)) {
		char *tab = strchr(line, '\t'), *nl = strchr(line, '\n');

		if (nl)
			*nl = '\0';
		if (!tab)
			continue;
		*tab = '\0';
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			ns = dd_xrealloc(ns, cap * sizeof(*ns));
			pkg = dd_xrealloc(pkg, cap * sizeof(*pkg));
		}
		ns[n] = dd_xstrdup(line);
		pkg[n++] = dd_xstrdup(tab + 1);
	}
	fclose(f);
	t0 = dd_log_elapsed();
	c0 = cpu_seconds();
	for (k = 0; k < repeat && r == 0; k++) {
		for (i = 0; i < n && r == 0; i++)
			r = dd_vulndb_lookup(v, ns[i], pkg[i], count_affected, &records, e);
		if (k == 0)
			first = dd_log_elapsed() - t0;
	}
	dt = dd_log_elapsed() - t0;
	cpu = cpu_seconds() - c0;
	/* wall-clock rate, then the first pass alone (cold) and the CPU-time rate */
	if (r == 0)
		printf("%llu lookups, %zu records, %.0f lookups/s (first pass %.0f/s; cpu %.0f lookups/s)\n",
		       (unsigned long long)(n * repeat), records,
		       dt > 0 ? (double)(n * repeat) / dt : 0.0, first > 0 ? (double)n / first : 0.0,
		       cpu > 0 ? (double)(n * repeat) / cpu : 0.0);
	for (i = 0; i < n; i++) {
		free(ns[i]);
		free(pkg[i]);
	}
	free(ns);
	free(pkg);
	return r;
}

static int cmd_lookup(struct dd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "keys", required_argument, NULL, 'k' },
		{ "repeat", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dbopt = NULL, *keys = NULL;
	uint64_t repeat = 1;
	struct dd_err e = DD_ERR_INIT;
	struct dd_vulndb *v = NULL;
	struct dd_advisory *adv = NULL;
	char *path = NULL, *s = NULL;
	int c, ret = DD_EXIT_OK;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dbopt = optarg; break;
		case 'k': keys = optarg; break;
		case 'r':
			if (dd_parse_u64_all(dd_slice_str(optarg), 1000000, &repeat) < 0)
				return dd_cmd_usage_error(ctx, "--repeat needs a number");
			break;
		case 'h': dd_cmd_usage(ctx->cmd); return DD_EXIT_OK;
		default: return dd_cmd_usage_error(ctx, "bad option for 'db lookup'");
		}
	}
	if (keys) {
		path = db_path(ctx, dbopt);
		if (dd_vulndb_open(&v, path, &e) < 0)
			ret = fail_open(&e);
		else if (lookup_keys(v, keys, repeat, &e) < 0)
			ret = dd_cmd_fail(&e);
		dd_vulndb_close(v);
		dd_err_release(&e);
		free(path);
		return ret;
	}
	if (argc - optind != 2 && argc - optind != 1)
		return dd_cmd_usage_error(ctx, "'db lookup' needs NAMESPACE PACKAGE, or an advisory ID");
	path = db_path(ctx, dbopt);
	if (dd_vulndb_open(&v, path, &e) < 0) {
		ret = fail_open(&e);
		goto out;
	}
	if (argc - optind == 1) {
		size_t i;

		if (dd_vulndb_advisory(v, argv[optind], &adv, &e) < 0)
			goto fail;
		printf("id:         %s\n", adv->id);
		printf("summary:    %s\n", adv->summary ? adv->summary : "");
		printf("severity:   %s\n", adv->severity);
		if (adv->cvss_score >= 0)
			printf("cvss:       %.1f %s\n", adv->cvss_score,
			       adv->cvss_vector ? adv->cvss_vector : "");
		printf("published:  %s\n", adv->published ? adv->published : "");
		printf("kev:        %s\n", adv->kev ? "yes" : "no");
		if (adv->epss >= 0)
			printf("epss:       %.5f\n", adv->epss);
		for (i = 0; i < adv->n_aliases; i++)
			printf("alias:      %s\n", adv->aliases[i]);
		for (i = 0; i < adv->n_references; i++)
			printf("reference:  %s\n", adv->references[i]);
		goto out;
	}
	if (dd_vulndb_lookup(v, argv[optind], argv[optind + 1], print_affected, NULL, &e) < 0)
		goto fail;
	if (dd_vulndb_security_update(v, argv[optind], argv[optind + 1], &s, &e) < 0)
		goto fail;
	if (s)
		printf("security-update\t%s\n", s);
	free(s);
	s = NULL;
	if (dd_vulndb_support_note(v, argv[optind], argv[optind + 1], &s, &e) < 0)
		goto fail;
	if (s)
		printf("support\t%s\n", s);
	goto out;
fail:
	ret = dd_cmd_fail(&e);
out:
	free(s);
	dd_advisory_free(adv);
	dd_vulndb_close(v);
	dd_err_release(&e);
	free(path);
	return ret;
}

struct update_ui {
	bool bar;		/* stderr is a TTY and not --quiet */
	bool bar_shown;
};

static void human(char *out, size_t n, uint64_t b)
{
	if (b >= 1024 * 1024)
		snprintf(out, n, "%.1f MB", (double)b / (1024.0 * 1024.0));
	else if (b >= 1024)
		snprintf(out, n, "%.1f kB", (double)b / 1024.0);
	else
		snprintf(out, n, "%llu B", (unsigned long long)b);
}

static void on_progress(void *arg, const char *url, uint64_t now, uint64_t total)
{
	struct update_ui *ui = arg;
	const char *base = strrchr(url, '/');
	char a[32], b[32];

	if (!ui->bar)
		return;
	human(a, sizeof(a), now);
	if (total) {
		int w = (int)(now * 30 / (total ? total : 1)), i;
		char bar[31];

		for (i = 0; i < 30; i++)
			bar[i] = i < w ? '#' : '.';
		bar[30] = '\0';
		human(b, sizeof(b), total);
		fprintf(stderr, "\r\033[K  %-28.28s [%s] %s / %s", base ? base + 1 : url, bar, a, b);
	} else {
		fprintf(stderr, "\r\033[K  %-28.28s %s", base ? base + 1 : url, a);
	}
	ui->bar_shown = true;
}

static void on_result(void *arg, const struct dd_update_result *r)
{
	static const char *const what[] = { "updated", "not modified", "fallback", "FAILED" };
	struct update_ui *ui = arg;
	char sz[32];
	size_t i;

	if (ui->bar_shown) {
		fputs("\r\033[K", stderr);
		ui->bar_shown = false;
	}
	human(sz, sizeof(sz), r->bytes);
	printf("  %-22s %-12s", r->src->name, what[r->outcome]);
	if (r->outcome == DD_UPD_UPDATED || r->outcome == DD_UPD_FALLBACK)
		printf(" %8zu records %6zu skipped", r->records, r->skipped);
	if (r->outcome == DD_UPD_UPDATED)
		printf("  %s in %.1f s", sz, r->seconds);
	if (r->outcome == DD_UPD_FALLBACK)
		printf("  from %s", r->message);
	if (r->outcome == DD_UPD_FAILED)
		printf(" %s (previous data kept)", r->message ? r->message : "");
	putchar('\n');
	fflush(stdout);
	for (i = 0; i < r->n_reasons; i++)
		fprintf(stderr, "    skipped: %s\n", r->reasons[i]);
	if (r->skipped > r->n_reasons)
		fprintf(stderr, "    (%zu more skipped)\n", r->skipped - r->n_reasons);
}

static int cmd_update(struct dd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "sources", required_argument, NULL, 'S' },
		{ "source", required_argument, NULL, 's' },
		{ "offline", no_argument, NULL, 'o' },
		{ "wait", no_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dbopt = NULL, *srcfile = NULL;
	const char **only = NULL;
	size_t n_only = 0, n_failed = 0;
	struct dd_sources srcs = { 0 };
	struct dd_update_opts uo = { 0 };
	struct update_ui ui = { 0 };
	struct dd_err e = DD_ERR_INIT;
	char *path = NULL, *conf = NULL, *cache = NULL, *slash;
	int c, ret = DD_EXIT_OK, lock = -1;
	bool wait = false;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dbopt = optarg; break;
		case 'S': srcfile = optarg; break;
		case 's':
			only = dd_xrealloc(only, (n_only + 1) * sizeof(*only));
			only[n_only++] = optarg;
			break;
		case 'o': uo.offline = true; break;
		case 'w': wait = true; break;
		case 'h': dd_cmd_usage(ctx->cmd); free(only); return DD_EXIT_OK;
		default: free(only); return dd_cmd_usage_error(ctx, "bad option for 'db update'");
		}
	}
	if (optind < argc) {
		free(only);
		return dd_cmd_usage_error(ctx, "'db update' takes no arguments (use --source NAME)");
	}
	conf = srcfile ? dd_xstrdup(srcfile) : dd_sources_default_path();
	if (!conf) {
		dd_error("no sources file: give --sources FILE or set DRYDOCK_SOURCES "
			 "(the repository ships etc/sources.conf)");
		ret = DD_EXIT_ENV;
		goto out;
	}
	if (dd_sources_load(&srcs, conf, &e) < 0) {
		ret = dd_cmd_fail(&e);
		goto out;
	}
	path = db_path(ctx, dbopt);
	cache = dd_xstrdup(path);
	slash = strrchr(cache, '/');
	if (slash)
		*slash = '\0';
	else {
		free(cache);
		cache = dd_xstrdup(".");
	}
	{
		char *d = dd_xasprintf("%s/downloads", cache);

		free(cache);
		cache = d;
	}
	ui.bar = !ctx->quiet && isatty(2);
	uo.db_path = path;
	uo.cache_dir = cache;
	uo.only = only;
	uo.n_only = n_only;
	uo.progress = on_progress;
	uo.on_result = on_result;
	uo.arg = &ui;
	if ((ret = take_lock(ctx, path, wait, &lock)) != 0)
		goto out;
	if (!ctx->quiet)
		fprintf(stderr, "updating %s from %s\n", path, srcs.path);
	if (dd_update_run(&srcs, &uo, &n_failed, &e) < 0) {
		ret = e.code == -DDE_USAGE ? (dd_error("%s", dd_err_msg(&e)), DD_EXIT_INPUT)
					   : dd_cmd_fail(&e);
		goto out;
	}
	if (n_failed) {
		dd_error("%zu source%s failed and kept their previous data", n_failed,
			 n_failed == 1 ? "" : "s");
		ret = DD_EXIT_ENV;
	}
out:
	dd_store_unlock(lock);
	dd_sources_release(&srcs);
	dd_err_release(&e);
	free(only);
	free(conf);
	free(cache);
	free(path);
	return ret;
}

/* Directory of the database path (caller frees). */
static char *db_dir(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? dd_xstrndup(path, (size_t)((s - path) ? (s - path) : 1)) : dd_xstrdup(".");
}

static int cmd_export_pull(struct dd_ctx *ctx, int argc, char **argv, bool pull)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "wait", no_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dbopt = NULL;
	struct dd_err e = DD_ERR_INIT;
	char *path, hex[65] = "";
	int c, ret = DD_EXIT_OK, r, lock = -1;
	bool wait = false;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dbopt = optarg; break;
		case 'w': wait = true; break;
		case 'h': dd_cmd_usage(ctx->cmd); return DD_EXIT_OK;
		default: return dd_cmd_usage_error(ctx, "bad option for 'db %s'", pull ? "pull" : "export");
		}
	}
	if (argc - optind != 1)
		return dd_cmd_usage_error(ctx, "'db %s' needs one %s", pull ? "pull" : "export",
					  pull ? "URL" : "FILE");
	path = db_path(ctx, dbopt);
	if (pull && (ret = take_lock(ctx, path, wait, &lock)) != 0) {
		free(path);
		return ret;
	}
	if (pull) {
		char *dir = db_dir(path), *dl = dd_xasprintf("%s/downloads", dir);

		if (mkdir(dir, 0755) != 0 && errno != EEXIST)
			r = dd_err_sys(&e, -errno, dir);
		else
			r = dd_vulndb_pull(argv[optind], path, dl, hex, &e);
		free(dir);
		free(dl);
		if (r == 0)
			printf("installed %s (sha256 %s)\n", path, hex);
	} else {
		r = dd_vulndb_export(path, argv[optind], hex, &e);
		if (r == 0)
			printf("%s  %s\n", hex, argv[optind]);
	}
	if (r < 0)
		ret = (r == -DDE_NOTFOUND || r == -DDE_SCHEMA || r == -DDE_DB) ? fail_open(&e)
										 : dd_cmd_fail(&e);
	dd_store_unlock(lock);
	dd_err_release(&e);
	free(path);
	return ret;
}

static int run(struct dd_ctx *ctx, int argc, char **argv)
{
	const char *sub;

	if (argc < 2)
		return dd_cmd_usage_error(ctx, "'db' needs a subcommand (update, import, info, lookup)");
	sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		dd_cmd_usage(ctx->cmd);
		return DD_EXIT_OK;
	}
	if (strcmp(sub, "import") == 0)
		return cmd_import(ctx, argc - 1, argv + 1);
	if (strcmp(sub, "info") == 0 || strcmp(sub, "status") == 0)
		return cmd_info(ctx, argc - 1, argv + 1);
	if (strcmp(sub, "lookup") == 0)
		return cmd_lookup(ctx, argc - 1, argv + 1);
	if (strcmp(sub, "export") == 0)
		return cmd_export_pull(ctx, argc - 1, argv + 1, false);
	if (strcmp(sub, "pull") == 0)
		return cmd_export_pull(ctx, argc - 1, argv + 1, true);
	if (strcmp(sub, "update") == 0)
		return cmd_update(ctx, argc - 1, argv + 1);
	return dd_cmd_usage_error(ctx, "unknown 'db' subcommand '%s'", sub);
}

const struct dd_cmd dd_cmd_db = {
	"db", "build, update and inspect the vulnerability database",
	"usage: drydock db update [--db PATH] [--sources FILE] [--source NAME]... [--offline] [--wait]\n"
	"       drydock db import [--db PATH] [--name NAME] [--wait] FEED PATH...\n"
	"       drydock db info [--db PATH] [--max-age DAYS]\n"
	"       drydock db export [--db PATH] FILE\n"
	"       drydock db pull [--db PATH] [--wait] URL\n"
	"       drydock db lookup [--db PATH] NAMESPACE PACKAGE | ADVISORY-ID\n"
	"       drydock db lookup [--db PATH] --keys FILE [--repeat N]\n"
	"\n"
	"The database is one SQLite file, by default $XDG_CACHE_HOME/drydock/db/vuln.db\n"
	"($DRYDOCK_DB or --db to choose). Every write builds a new file beside it and\n"
	"renames it into place, so an interrupted run leaves the previous database.\n"
	"update, import and pull hold a lock (PATH.lock): a second writer exits 3\n"
	"at once, or with --wait waits until the first has finished.\n"
	"\n"
	"update   downloads the sources listed in the sources file (etc/sources.conf,\n"
	"         see docs/vulndb.md) with conditional requests; a source that fails\n"
	"         keeps its previous data (or imports its 'fallback' path).\n"
	"           --sources FILE  sources file   --source NAME  only these (repeatable)\n"
	"           --offline       use fallback paths only, no network\n"
	"         When every source fails on the first update no database is created\n"
	"         (exit 3).\n"
	"import   imports local files, directories or archives (.zip, .tar.gz, .gz)\n"
	"         with one feed: osv, debian, alpine, ubuntu, kev, epss, nvd,\n"
	"         dsa-support, secsuite, trivy, debian-changelog. The records\n"
	"         replace those of the source NAME (default: the feed name).\n"
	"info     sources, record counts, last update; warns when older than\n"
	"         --max-age days (default 7). 'status' is the same.\n"
	"export   writes the database zstd-compressed to FILE and its digest to\n"
	"         FILE.sha256, for machines without network.\n"
	"pull     downloads URL and URL.sha256 (as written by export), verifies the\n"
	"         digest and the schema, and installs the database.\n"
	"lookup   prints the records of a namespace and package (\"debian:12\" openssl,\n"
	"         \"npm\" lodash) or one advisory. --keys FILE looks up every\n"
	"         \"namespace<TAB>package\" line (N times) and prints totals and the rate\n"
	"         (wall clock; the first, uncached pass; per CPU second).\n"
	"\n"
	"Examples:\n"
	"  drydock db import osv ../go-vulndb/data/osv\n"
	"  drydock db import --name debian-dsa debian data/DSA/list\n"
	"  drydock db update --source kev --source epss\n",
	run,
};
