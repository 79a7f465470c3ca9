/*
 * src/cmd/db.c: "drydock db" (placeholder until its module lands).
 */
#include "cmd/cmd.h"
#include "util/log.h"

static int run(struct dd_ctx *ctx, int argc, char **argv)
{
	dd_error("'db' is not implemented yet");
	return DD_EXIT_ENV;
}

const struct dd_cmd dd_cmd_db = {
	"db", "build, update and inspect the vulnerability database",
	"usage: drydock db ...\n",
	run,
};
