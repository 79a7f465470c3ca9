/*
 * src/main.c: global options, then dispatch to one command of dd_cmds[].
 * Global options (--quiet, --debug, --cache-dir, --version, --help) may
 * stand before or after the command name; they are removed from argv before
 * the command sees it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "release.h"
#include "util/log.h"
#include "util/xalloc.h"

static char *default_cache_dir(void)
{
	const char *dd = getenv("DRYDOCK_CACHE_DIR");
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");

	if (dd && *dd)
		return dd_xstrdup(dd);
	if (xdg && *xdg == '/')
		return dd_xasprintf("%s/drydock", xdg);
	if (home && *home)
		return dd_xasprintf("%s/.cache/drydock", home);
	return dd_xstrdup("/tmp/drydock-cache");
}

int main(int argc, char **argv)
{
	struct dd_ctx ctx = { 0 };
	char **args = dd_xcalloc((size_t)argc + 1, sizeof(*args));
	char *cache_dir = NULL;
	const struct dd_cmd *cmd;
	int nargs = 0, i, rc;
	bool after_dashdash = false, want_help = false;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (after_dashdash) {
			args[nargs++] = argv[i];
		} else if (strcmp(a, "--") == 0) {
			after_dashdash = true;
			args[nargs++] = argv[i];
		} else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
			ctx.quiet = true;
		} else if (strcmp(a, "--debug") == 0) {
			ctx.debug = true;
		} else if (strcmp(a, "--cache-dir") == 0) {
			if (i + 1 >= argc) {
				free(args);
				free(cache_dir);
				return dd_cmd_usage_error(NULL, "--cache-dir needs a directory");
			}
			free(cache_dir);
			cache_dir = dd_xstrdup(argv[++i]);
		} else if (strncmp(a, "--cache-dir=", 12) == 0) {
			free(cache_dir);
			cache_dir = dd_xstrdup(a + 12);
		} else if (nargs == 0 && (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0)) {
			printf("drydock %s\n", DD_VERSION);
			free(args);
			free(cache_dir);
			return DD_EXIT_OK;
		} else if (nargs == 0 && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
			want_help = true;
		} else {
			args[nargs++] = argv[i];
		}
	}
	dd_log_init(ctx.quiet, ctx.debug);
	ctx.color = dd_color_ok(1);
	ctx.cache_dir = cache_dir ? cache_dir : (cache_dir = default_cache_dir());

	if (nargs == 0 || want_help) {
		char *help_argv[] = { "help", NULL };

		rc = dd_cmd_help.run(&ctx, 1, help_argv);
		if (nargs == 0 && !want_help)
			rc = DD_EXIT_INPUT;
		goto out;
	}
	cmd = dd_cmd_find(args[0]);
	if (!cmd) {
		rc = dd_cmd_usage_error(NULL, "unknown command '%s'", args[0]);
		goto out;
	}
	ctx.cmd = cmd;
	for (i = 1; i < nargs; i++) {
		if (strcmp(args[i], "--") == 0)
			break;
		if (strcmp(args[i], "--help") == 0 || strcmp(args[i], "-h") == 0) {
			dd_cmd_usage(cmd);
			rc = DD_EXIT_OK;
			goto out;
		}
	}
	dd_debug("command %s, cache dir %s", cmd->name, ctx.cache_dir);
	rc = cmd->run(&ctx, nargs, args);
	dd_phase_end();
	dd_debug("done, exit %d", rc);
out:
	if (fflush(stdout) != 0 && rc == DD_EXIT_OK) {
		dd_error("writing standard output failed");
		rc = DD_EXIT_ENV;
	}
	free(args);
	free(cache_dir);
	return rc;
}
