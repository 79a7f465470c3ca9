/*
 * src/cmd/version.c: "drydock version" (placeholder until its module lands).
 */
#include "cmd/cmd.h"
#include "util/log.h"

static int run(struct dd_ctx *ctx, int argc, char **argv)
{
	dd_error("'version' is not implemented yet");
	return DD_EXIT_ENV;
}

const struct dd_cmd dd_cmd_version = {
	"version", "compare and check versions by an ecosystem's rules",
	"usage: drydock version ...\n",
	run,
};
