/*
 * src/cmd/cache.c: "drydock cache info|clean": the layer cache under
 * CACHE/layers (per-layer inventory results, docs/cache.md): how many
 * entries and bytes it holds, and emptying it. The vulnerability database
 * (CACHE/db) is left alone.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "image/layercache.h"
#include "util/xalloc.h"

struct tally {
	size_t entries, temps;
	unsigned long long bytes;
};

/* True for the files the layer cache writes: entries and temporaries of an interrupted write. */
static bool ours(const char *name, bool *temp)
{
	size_t n = strlen(name), s = strlen(DD_LC_SUFFIX);

	*temp = strncmp(name, ".tmp-", 5) == 0;
	return *temp || (n > s && strcmp(name + n - s, DD_LC_SUFFIX) == 0);
}

/* Counts (and with clean, removes) the cache's files in dir. Returns 0 or -errno (message in e). */
static int walk(const char *dir, bool clean, struct tally *t, struct dd_err *e)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int r = 0;

	memset(t, 0, sizeof(*t));
	if (!d)
		return errno == ENOENT ? 0 : dd_err_sys(e, -errno, dir);
	while ((de = readdir(d))) {
		struct stat st;
		bool temp;
		char *p;

		if (!ours(de->d_name, &temp))
			continue;
		p = dd_xasprintf("%s/%s", dir, de->d_name);
		if (lstat(p, &st) == 0 && S_ISREG(st.st_mode)) {
			if (clean && unlink(p) < 0 && errno != ENOENT) {
				r = dd_err_sys(e, -errno, p);
				free(p);
				break;
			}
			if (temp)
				t->temps++;
			else
				t->entries++;
			t->bytes += (unsigned long long)st.st_size;
		}
		free(p);
	}
	closedir(d);
	return r;
}

static int run(struct dd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct dd_err e = DD_ERR_INIT;
	struct tally t;
	char *dir = NULL;
	bool clean;
	int c, rc = DD_EXIT_OK;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		if (c == 'h') {
			dd_cmd_usage(ctx->cmd);
			return DD_EXIT_OK;
		}
		return dd_cmd_usage_error(ctx, "unknown option '%s'", argv[optind - 1]);
	}
	if (optind >= argc)
		return dd_cmd_usage_error(ctx, "missing subcommand (info or clean)");
	if (optind + 1 != argc)
		return dd_cmd_usage_error(ctx, "'%s' takes no arguments", argv[optind]);
	if (strcmp(argv[optind], "info") == 0)
		clean = false;
	else if (strcmp(argv[optind], "clean") == 0)
		clean = true;
	else
		return dd_cmd_usage_error(ctx, "unknown subcommand '%s' (info or clean)", argv[optind]);
	dir = dd_cmd_layer_cache(ctx, false);
	if (walk(dir, clean, &t, &e) < 0) {
		rc = dd_cmd_fail(&e);
		goto out;
	}
	if (clean) {
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
	"Subcommands:\n"
	"  info     the cache directory, its entries and their size in bytes\n"
	"  clean    remove every entry (the vulnerability database stays)\n"
	"\n"
	"Examples:\n"
	"  drydock cache info\n"
	"  drydock --cache-dir /tmp/dd cache clean\n",
	run,
};
