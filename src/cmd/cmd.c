/*
 * src/cmd/cmd.c: the command table, usage printing, and the helpers every
 * command shares for reporting errors and finding the cache directory.
 */
#include "cmd/cmd.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image/image.h"
#include "util/log.h"
#include "util/parse.h"
#include "util/xalloc.h"

const struct dd_cmd *const dd_cmds[] = {
	&dd_cmd_scan,
	&dd_cmd_sbom,
	&dd_cmd_inspect,
	&dd_cmd_db,
	&dd_cmd_cache,
	&dd_cmd_version,
	&dd_cmd_help,
	NULL,
};

const struct dd_cmd *dd_cmd_find(const char *name)
{
	const struct dd_cmd *const *c;

	for (c = dd_cmds; *c; c++)
		if (strcmp((*c)->name, name) == 0)
			return *c;
	return NULL;
}

void dd_cmd_usage(const struct dd_cmd *cmd)
{
	fputs(cmd->usage, stdout);
}

int dd_cmd_usage_error(const struct dd_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	fputs("drydock: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (ctx && ctx->cmd)
		fprintf(stderr, "Try 'drydock %s --help'.\n", ctx->cmd->name);
	else
		fputs("Try 'drydock help'.\n", stderr);
	return DD_EXIT_INPUT;
}

int dd_cmd_fail(const struct dd_err *e)
{
	dd_error("%s", dd_err_msg(e));
	return dd_exit_from_err(e->code);
}

int dd_exit_from_err(int code)
{
	if (code >= 0)
		return DD_EXIT_OK;
	switch (-code) {
	case DDE_FORMAT:
	case DDE_LIMIT:
	case DDE_NOTFOUND:
	case DDE_VERIFY:
	case DDE_USAGE:
	case DDE_UNSUPPORTED:
	case DDE_ESCAPE:
	case DDE_LOOP:
	case ENOENT:
	case ENOTDIR:
	case EISDIR:
	case ELOOP:
	case ENAMETOOLONG:
		return DD_EXIT_INPUT;
	default:
		return DD_EXIT_ENV;
	}
}

char *dd_cmd_cache_path(const struct dd_ctx *ctx, const char *rel)
{
	return dd_xasprintf("%s/%s", ctx->cache_dir, rel);
}

char *dd_cmd_layer_cache(const struct dd_ctx *ctx, bool no_cache, struct dd_image_opts *io)
{
	const char *env = getenv("DRYDOCK_CACHE_MAX_SIZE");
	char *dir = no_cache ? NULL : dd_cmd_cache_path(ctx, "layers");
	uint64_t max = DD_CMD_CACHE_MAX_DEFAULT;

	if (!io)
		return dir;
	if (dir && env && *env && dd_parse_size(env, &max) < 0) {
		dd_warn("DRYDOCK_CACHE_MAX_SIZE=%s is not a size such as 500M or 4G: using 4G", env);
		max = DD_CMD_CACHE_MAX_DEFAULT;
	}
	io->layer_cache = dir;
	io->layer_cache_max = max;
	return dir;
}
