/*
 * src/cmd/cache.c: "drydock cache info|prune|clean": the layer cache under
 * CACHE/layers (per-layer inventory results, docs/cache.md): how many
 * entries and bytes it holds, pruning it by age and size, and emptying it.
 * The vulnerability database (CACHE/db) is left alone.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "image/layercache.h"
#include "util/parse.h"
#include "util/xalloc.h"

struct tally {
	size_t entries, temps;
	unsigned long long bytes;
};

/* Counts (and with clean, removes) the cache's files in dir. Returns 0 or -errno (message in e). */
static int walk(const char *dir, bool clean, struct tally *t, struct dd_err *e)
{
	struct lc_file *f;
	size_t n;
	int r;

	memset(t, 0, sizeof(*t));
	r = lc_list(dir, &f, &n, e);
	for (size_t i = 0; r == 0 && i < n; i++) {
		if (clean && unlink(f[i].path) < 0 && errno != ENOENT) {
			r = dd_err_sys(e, -errno, f[i].path);
			break;
		}
		if (f[i].temp)
			t->temps++;
		else
			t->entries++;
		t->bytes += f[i].bytes;
	}
	lc_list_free(f, n);
	return r;
}

/* "90s", "30m", "12h", "7d": seconds in *out. Returns 0 or -1. */
static int parse_age(const char *s, uint64_t *out)
{
	struct dd_slice in = dd_slice_str(s);
	uint64_t v, mul;

	if (dd_parse_u64(&in, UINT64_MAX / 86400, &v) < 0 || in.len != 1 || v == 0)
		return -1;
	switch (in.ptr[0]) {
	case 's': mul = 1; break;
	case 'm': mul = 60; break;
	case 'h': mul = 3600; break;
	case 'd': mul = 86400; break;
	default: return -1;
	}
	*out = v * mul;
	return 0;
}

static int prune(const char *dir, uint64_t max_size, uint64_t max_age)
{
	struct lc_prune_tally t;
	struct dd_err e = DD_ERR_INIT;
	int rc = DD_EXIT_OK;

	if (lc_prune(dir, max_size, max_age, &t, &e) < 0)
		rc = dd_cmd_fail(&e);
	else
		printf("removed %zu layer cache entries (%llu bytes), kept %zu (%llu bytes) in %s\n",
		       t.removed, (unsigned long long)t.removed_bytes, t.kept,
		       (unsigned long long)t.kept_bytes, dir);
	dd_err_release(&e);
	return rc;
}

static int run(struct dd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "max-size", required_argument, NULL, 's' },
		{ "max-age", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	struct dd_err e = DD_ERR_INIT;
	struct tally t;
	uint64_t max_size = 0, max_age = 0;
	const char *sub;
	char *dir = NULL;
	int c, rc = DD_EXIT_OK;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			dd_cmd_usage(ctx->cmd);
			return DD_EXIT_OK;
		case 's':
			if (dd_parse_size(optarg, &max_size) < 0)
				return dd_cmd_usage_error(ctx, "--max-size: '%s' is not a size such as 500M or 2G",
							  optarg);
			break;
		case 'a':
			if (parse_age(optarg, &max_age) < 0)
				return dd_cmd_usage_error(ctx, "--max-age: '%s' is not an age such as 12h or 30d",
							  optarg);
			break;
		default:
			return dd_cmd_usage_error(ctx, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return dd_cmd_usage_error(ctx, "missing subcommand (info, prune or clean)");
	if (optind + 1 != argc)
		return dd_cmd_usage_error(ctx, "'%s' takes no arguments", argv[optind]);
	sub = argv[optind];
	if (strcmp(sub, "info") != 0 && strcmp(sub, "clean") != 0 && strcmp(sub, "prune") != 0)
		return dd_cmd_usage_error(ctx, "unknown subcommand '%s' (info, prune or clean)", sub);
	if ((max_size || max_age) && strcmp(sub, "prune") != 0)
		return dd_cmd_usage_error(ctx, "--max-size and --max-age go with 'prune'");
	if (strcmp(sub, "prune") == 0 && !max_size && !max_age)
		return dd_cmd_usage_error(ctx, "prune needs --max-size SIZE and/or --max-age AGE");
	dir = dd_cmd_layer_cache(ctx, false, NULL);
	if (strcmp(sub, "prune") == 0) {
		rc = prune(dir, max_size, max_age);
		goto out;
	}
	if (walk(dir, strcmp(sub, "clean") == 0, &t, &e) < 0) {
		rc = dd_cmd_fail(&e);
		goto out;
	}
	if (strcmp(sub, "clean") == 0) {
		printf("removed %zu layer cache entries (%llu bytes) from %s\n", t.entries, t.bytes, dir);
	} else {
		printf("layer cache: %s\n", dir);
		printf("entries: %zu\n", t.entries);
		printf("bytes: %llu\n", t.bytes);
		if (t.temps)
			printf("unfinished writes: %zu (removed by 'drydock cache clean')\n", t.temps);
		printf("analyzer version: %d, entry format: %d\n", DD_ANALYZER_VERSION, DD_LC_FORMAT);
	}
out:
	free(dir);
	dd_err_release(&e);
	return rc;
}

const struct dd_cmd dd_cmd_cache = {
	"cache", "show or empty the layer cache",
	"usage: drydock cache info|clean\n"
	"       drydock cache prune [--max-size SIZE] [--max-age AGE]\n"
	"\n"
	"The layer cache keeps each image layer's inventory results (the file\n"
	"entries and the content of the files the collectors read), one file per\n"
	"layer diff_id and analyzer version, in CACHE/layers. A second scan of the\n"
	"same image, or of an image sharing its base layers, reads none of the\n"
	"cached layers again. 'drydock scan --no-cache' and 'drydock sbom\n"
	"--no-cache' bypass it. Matching always uses the current database.\n"
	"\n"
	"CACHE is --cache-dir DIR (a global option), else $DRYDOCK_CACHE_DIR, else\n"
	"$XDG_CACHE_HOME/drydock, else ~/.cache/drydock.\n"
	"\n"
	"A scan or sbom that writes entries then removes the least recently used\n"
	"ones until the cache holds at most $DRYDOCK_CACHE_MAX_SIZE bytes (default\n"
	"4G). An entry counts as used when written or replayed (refreshed hourly).\n"
	"\n"
	"Subcommands:\n"
	"  info     the cache directory, its entries and their size in bytes\n"
	"  prune    remove entries not used for --max-age AGE (90s, 30m, 12h, 7d),\n"
	"           then the least recently used until at most --max-size SIZE\n"
	"           (500M, 2G) remain\n"
	"  clean    remove every entry (the vulnerability database stays)\n"
	"\n"
	"Examples:\n"
	"  drydock cache info\n"
	"  drydock cache prune --max-age 30d --max-size 2G\n"
	"  drydock --cache-dir /tmp/dd cache clean\n",
	run,
};
