/*
 * src/cmd/scan.c: "drydock scan" (placeholder until its module lands).
 */
#include "cmd/cmd.h"
#include "util/log.h"

static int run(struct dd_ctx *ctx, int argc, char **argv)
{
	dd_error("'scan' is not implemented yet");
	return DD_EXIT_ENV;
}

const struct dd_cmd dd_cmd_scan = {
	"scan", "find vulnerabilities in an image, directory or SBOM",
	"usage: drydock scan ...\n",
	run,
};
