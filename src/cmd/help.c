/*
 * src/cmd/help.c: "drydock help [COMMAND]".
 */
#include <stdio.h>

#include "cmd/cmd.h"
#include "release.h"

static int run(struct dd_ctx *ctx, int argc, char **argv)
{
	const struct dd_cmd *c;
	const struct dd_cmd *const *cp;

	if (argc > 2)
		return dd_cmd_usage_error(ctx, "help takes at most one command name");
	if (argc == 2) {
		c = dd_cmd_find(argv[1]);
		if (!c)
			return dd_cmd_usage_error(NULL, "unknown command '%s'", argv[1]);
		dd_cmd_usage(c);
		return DD_EXIT_OK;
	}
	printf("drydock %s: find what is inside container images and what is vulnerable\n"
	       "\n"
	       "usage: drydock [GLOBAL OPTIONS] COMMAND [OPTIONS] [ARGS]\n"
	       "\n"
	       "Commands:\n", DD_VERSION);
	for (cp = dd_cmds; *cp; cp++)
		printf("  %-10s %s\n", (*cp)->name, (*cp)->summary);
	printf("\n"
	       "Global options (before or after the command):\n"
	       "  --quiet            print no warnings\n"
	       "  --debug            log progress and the time of each phase to stderr\n"
	       "  --cache-dir DIR    cache and database directory\n"
	       "                     (default $DRYDOCK_CACHE_DIR, else $XDG_CACHE_HOME/drydock,\n"
	       "                     else ~/.cache/drydock; layer cache in DIR/layers)\n"
	       "  --version          print the version and exit\n"
	       "\n"
	       "Exit codes: 0 success, 1 policy failure, 2 bad usage or bad input,\n"
	       "3 environment or internal error.\n"
	       "Run 'drydock help COMMAND' or 'drydock COMMAND --help' for a command's options.\n");
	return DD_EXIT_OK;
}

const struct dd_cmd dd_cmd_help = {
	"help", "show help for drydock or one command",
	"usage: drydock help [COMMAND]\n"
	"\n"
	"Shows the list of commands, or the full help of COMMAND.\n",
	run,
};
