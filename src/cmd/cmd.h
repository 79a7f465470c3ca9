/*
 * src/cmd/cmd.h: the command table and the context every command gets.
 *
 * Adding a command:
 *   1. write src/cmd/<name>.c defining `const struct dd_cmd dd_cmd_<name>`
 *      (name, one-line summary, full --help text, run function); run parses
 *      its own options (getopt_long) and returns a DD_EXIT_* code;
 *   2. declare it below and add it to dd_cmds[] in src/cmd/cmd.c;
 *   3. add tests under tests/cli/ and document it in README.md.
 * Only src/cmd/ and src/main.c print results or choose exit codes.
 */
#ifndef DD_CMD_CMD_H
#define DD_CMD_CMD_H

#include <stdbool.h>

#include "cmd/exit.h"
#include "util/err.h"

struct dd_ctx {
	bool quiet;
	bool debug;
	bool color;		/* stdout is a TTY and NO_COLOR is unset */
	const char *cache_dir;	/* --cache-dir, $DRYDOCK_CACHE_DIR, $XDG_CACHE_HOME/drydock or ~/.cache/drydock */
	const struct dd_cmd *cmd;	/* the command being run */
};

struct dd_cmd {
	const char *name;
	const char *summary;	/* one line, shown by "drydock help" */
	const char *usage;	/* full --help text: synopsis, options, examples */
	int (*run)(struct dd_ctx *ctx, int argc, char **argv);
};

extern const struct dd_cmd *const dd_cmds[];	/* ends with NULL */

const struct dd_cmd *dd_cmd_find(const char *name);
/* Prints the usage text of cmd to stdout. */
void dd_cmd_usage(const struct dd_cmd *cmd);
/* Prints "drydock: error: <msg>" and "Try 'drydock CMD --help'." and returns DD_EXIT_INPUT. */
int dd_cmd_usage_error(const struct dd_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints the error message of e and returns dd_exit_from_err(e->code). */
int dd_cmd_fail(const struct dd_err *e);
/* Path under the cache dir (caller frees): dd_cmd_cache_path(ctx, "db/vuln.db"). */
char *dd_cmd_cache_path(const struct dd_ctx *ctx, const char *rel);
/*
 * The layer cache directory, CACHE/layers, or NULL when no_cache
 * (--no-cache); caller frees. With io, also sets io->layer_cache to it and
 * io->layer_cache_max to $DRYDOCK_CACHE_MAX_SIZE (default
 * DD_CMD_CACHE_MAX_DEFAULT; a bad value warns and keeps the default).
 */
struct dd_image_opts;
#define DD_CMD_CACHE_MAX_DEFAULT (4ULL << 30)
char *dd_cmd_layer_cache(const struct dd_ctx *ctx, bool no_cache, struct dd_image_opts *io);

/* Commands, one file each in src/cmd/. */
extern const struct dd_cmd dd_cmd_help;
extern const struct dd_cmd dd_cmd_inspect;
extern const struct dd_cmd dd_cmd_sbom;
extern const struct dd_cmd dd_cmd_scan;
extern const struct dd_cmd dd_cmd_db;
extern const struct dd_cmd dd_cmd_cache;
extern const struct dd_cmd dd_cmd_version;

#endif
