/*
 * src/cmd/sbom.c: "drydock sbom" (placeholder until its module lands).
 */
#include "cmd/cmd.h"
#include "util/log.h"

static int run(struct dd_ctx *ctx, int argc, char **argv)
{
	dd_error("'sbom' is not implemented yet");
	return DD_EXIT_ENV;
}

const struct dd_cmd dd_cmd_sbom = {
	"sbom", "list the packages of an image or directory as an SBOM",
	"usage: drydock sbom ...\n",
	run,
};
