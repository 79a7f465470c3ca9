/*
 * src/cmd/inspect.c: "drydock inspect" (placeholder until its module lands).
 */
#include "cmd/cmd.h"
#include "util/log.h"

static int run(struct dd_ctx *ctx, int argc, char **argv)
{
	dd_error("'inspect' is not implemented yet");
	return DD_EXIT_ENV;
}

const struct dd_cmd dd_cmd_inspect = {
	"inspect", "show an image's metadata and layers",
	"usage: drydock inspect ...\n",
	run,
};
