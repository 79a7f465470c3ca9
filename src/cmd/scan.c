/*
 * src/cmd/scan.c: "drydock scan TARGET": read the target (an image in any
 * form, a root filesystem or project directory, or a CycloneDX/SPDX SBOM),
 * take its inventory, match it against the vulnerability database, apply
 * the gating filters, write the report, and exit 1 when --fail-on says so.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "image/image.h"
#include "inventory/collect.h"
#include "inventory/inventory.h"
#include "match/match.h"
#include "report/report.h"
#include "util/log.h"
#include "util/parse.h"
#include "util/xalloc.h"
#include "vulndb/vulndb.h"

#define MAX_SBOM_BYTES (256u << 20)
#define MAX_VEX 16

struct scan_opts {
	enum dd_report_format format;
	const char *output;
	const char *db_path;
	const char *platform;
	const char *explain;
	const char *ignorefile;
	const char *vex[MAX_VEX];
	size_t n_vex;
	bool skip_verify;
	bool no_cache;
	bool exclude_base;
	bool show_suppressed;
	bool fail_set;
	enum dd_severity fail_on;
	struct dd_filter_opts filter;
};

/* ---- reading the target ------------------------------------------------------ */

/* Reads a CycloneDX or SPDX file (the target) into inv. */
static int read_sbom(const char *path, struct dd_inventory *inv, struct dd_err *e)
{
	struct dd_buf b;
	int r;

	r = dd_buf_read_file(&b, path, MAX_SBOM_BYTES, e);
	if (r == 0)
		r = dd_sbom_read(inv, dd_buf_slice(&b), path, e);
	dd_buf_release(&b);
	return r;
}

/* The same collectors as "drydock sbom", so both commands share layer cache entries. */
static int read_image(struct dd_image *img, struct dd_inventory *inv, struct dd_err *e)
{
	int r;

	dd_phase_begin("read image");
	r = dd_inventory_collect(inv, img, e);
	dd_phase_end();
	return r;
}

/* ---- options ----------------------------------------------------------------- */

static char *default_db(const struct dd_ctx *ctx)
{
	const char *env = getenv("DRYDOCK_DB");

	if (env && *env)
		return dd_xstrdup(env);
	return dd_cmd_cache_path(ctx, "db/vuln.db");
}

static int parse_status_list(const char *list, unsigned *mask, struct dd_err *e)
{
	char *copy = dd_xstrdup(list), *p = copy, *comma;
	int r = 0;

	*mask = 0;
	while (p && *p) {
		enum dd_status st;

		comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		if (dd_status_parse(p, &st) < 0) {
			r = dd_err_set(e, -DDE_USAGE,
				       "unknown status '%s' (use fixed, affected, will_not_fix, "
				       "fix_deferred, end_of_life)", p);
			break;
		}
		*mask |= 1u << st;
		p = comma ? comma + 1 : NULL;
	}
	free(copy);
	return r;
}

enum {
	OPT_DB = 256, OPT_SEVERITY, OPT_FAIL_ON, OPT_IGNORE_UNFIXED, OPT_IGNORE_STATUS, OPT_EXCLUDE_BASE,
	OPT_BASE_LAYERS, OPT_IGNOREFILE, OPT_VEX, OPT_EXPLAIN, OPT_PLATFORM, OPT_SKIP_VERIFY,
	OPT_SHOW_SUPPRESSED, OPT_NO_CACHE,
};

static int parse_args(struct dd_ctx *ctx, int argc, char **argv, struct scan_opts *o,
		      const char **target)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "db", required_argument, NULL, OPT_DB },
		{ "severity", required_argument, NULL, OPT_SEVERITY },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		{ "ignore-unfixed", no_argument, NULL, OPT_IGNORE_UNFIXED },
		{ "ignore-status", required_argument, NULL, OPT_IGNORE_STATUS },
		{ "exclude-base", no_argument, NULL, OPT_EXCLUDE_BASE },
		{ "base-layers", required_argument, NULL, OPT_BASE_LAYERS },
		{ "ignorefile", required_argument, NULL, OPT_IGNOREFILE },
		{ "vex", required_argument, NULL, OPT_VEX },
		{ "explain", required_argument, NULL, OPT_EXPLAIN },
		{ "platform", required_argument, NULL, OPT_PLATFORM },
		{ "skip-verify", no_argument, NULL, OPT_SKIP_VERIFY },
		{ "show-suppressed", no_argument, NULL, OPT_SHOW_SUPPRESSED },
		{ "no-cache", no_argument, NULL, OPT_NO_CACHE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct dd_err e = DD_ERR_INIT;
	uint64_t n;
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (dd_report_format_parse(optarg, &o->format) < 0)
				return dd_cmd_usage_error(ctx, "unknown format '%s' (use table, json, sarif, cyclonedx)",
							  optarg);
			break;
		case 'o':
			o->output = optarg;
			break;
		case OPT_DB:
			o->db_path = optarg;
			break;
		case OPT_SEVERITY:
			if (dd_severity_parse_list(optarg, &o->filter.severities, &e) < 0)
				goto bad;
			break;
		case OPT_FAIL_ON: {
			unsigned mask;

			if (dd_severity_parse_list(optarg, &mask, &e) < 0)
				goto bad;
			if (mask & (mask - 1))
				return dd_cmd_usage_error(ctx, "--fail-on takes one severity");
			for (o->fail_on = 0; !(mask & (1u << o->fail_on)); o->fail_on++)
				;
			o->fail_set = true;
			break;
		}
		case OPT_IGNORE_UNFIXED:
			o->filter.ignore_unfixed = true;
			break;
		case OPT_IGNORE_STATUS:
			if (parse_status_list(optarg, &o->filter.ignore_status, &e) < 0)
				goto bad;
			break;
		case OPT_EXCLUDE_BASE:
			o->exclude_base = true;
			break;
		case OPT_BASE_LAYERS:
			if (dd_parse_u64_all(dd_slice_str(optarg), 4096, &n) < 0 || n == 0)
				return dd_cmd_usage_error(ctx, "--base-layers takes a layer count (1-4096)");
			o->filter.base_layers = (int)n;
			o->exclude_base = true;
			break;
		case OPT_IGNOREFILE:
			o->ignorefile = optarg;
			break;
		case OPT_VEX:
			if (o->n_vex >= MAX_VEX)
				return dd_cmd_usage_error(ctx, "at most %d --vex documents", MAX_VEX);
			o->vex[o->n_vex++] = optarg;
			break;
		case OPT_EXPLAIN:
			o->explain = optarg;
			break;
		case OPT_PLATFORM:
			o->platform = optarg;
			break;
		case OPT_SKIP_VERIFY:
			o->skip_verify = true;
			break;
		case OPT_SHOW_SUPPRESSED:
			o->show_suppressed = true;
			break;
		case OPT_NO_CACHE:
			o->no_cache = true;
			break;
		case 'h':
			dd_cmd_usage(ctx->cmd);
			return -1;
		case ':':
			return dd_cmd_usage_error(ctx, "option '%s' needs a value", argv[optind - 1]);
		default:
			return dd_cmd_usage_error(ctx, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return dd_cmd_usage_error(ctx, optind >= argc ? "no target given" : "one target only");
	*target = argv[optind];
	return 0;
bad:
	c = dd_cmd_usage_error(ctx, "%s", dd_err_msg(&e));
	dd_err_release(&e);
	return c;
}

/* ---- the command ------------------------------------------------------------- */

static int run(struct dd_ctx *ctx, int argc, char **argv)
{
	struct scan_opts o = { 0 };
	struct dd_err e = DD_ERR_INIT;
	struct dd_vulndb *db = NULL;
	struct dd_image *img = NULL;
	struct dd_inventory *inv = NULL;
	struct dd_ignorefile *ig = NULL;
	struct dd_vex **vex = NULL;
	struct dd_findings f;
	struct dd_match_opts mo = { 0 };
	struct dd_report_opts ro = { 0 };
	struct dd_buf trail = DD_BUF_INIT;
	struct dd_out *out = NULL;
	const struct dd_image_meta *meta = NULL;
	const char *target = NULL;
	char *db_path = NULL, *cwd_ignore = NULL, *layer_cache = NULL;
	bool is_sbom = false;
	enum dd_sbom_sniff sniff;
	struct stat st;
	size_t i;
	int r, rc = DD_EXIT_OK;

	dd_findings_init(&f);
	r = parse_args(ctx, argc, argv, &o, &target);
	if (r != 0)
		return r < 0 ? DD_EXIT_OK : r;

	/* gating inputs first: a bad ignore file or VEX is bad usage before any work */
	if (!o.ignorefile && access(".drydockignore", R_OK) == 0)
		o.ignorefile = cwd_ignore = dd_xstrdup(".drydockignore");
	if (!o.ignorefile && stat(target, &st) == 0 && S_ISDIR(st.st_mode)) {
		char *p = dd_xasprintf("%s/.drydockignore", target);

		if (access(p, R_OK) == 0)
			o.ignorefile = cwd_ignore = p;
		else
			free(p);
	}
	if (o.ignorefile) {
		r = dd_ignorefile_load(&ig, o.ignorefile, &e);
		if (r < 0)
			goto fail;
		dd_debug("ignore file %s: %zu entries", o.ignorefile, dd_ignorefile_count(ig));
	}
	vex = dd_xcalloc(MAX_VEX, sizeof(*vex));
	for (i = 0; i < o.n_vex; i++) {
		r = dd_vex_load(&vex[i], o.vex[i], &e);
		if (r < 0)
			goto fail;
	}

	db_path = o.db_path ? dd_xstrdup(o.db_path) : default_db(ctx);
	r = dd_vulndb_open(&db, db_path, &e);
	if (r < 0) {
		if (r == -DDE_NOTFOUND || r == -DDE_SCHEMA)
			dd_err_wrap(&e, "vulnerability database %s (run 'drydock db update')", db_path);
		dd_error("%s", dd_err_msg(&e));
		rc = DD_EXIT_ENV;
		goto out;
	}

	dd_inventory_new(&inv);
	sniff = dd_sbom_sniff(target);
	if (sniff == DD_SNIFF_JSON) {
		r = dd_err_set(&e, -DDE_FORMAT, "%s: a JSON file that is neither a CycloneDX nor an SPDX SBOM",
			       target);
		goto fail;
	} else if (sniff == DD_SNIFF_SBOM) {
		is_sbom = true;
		r = read_sbom(target, inv, &e);
		if (r < 0)
			goto fail;
	} else {
		struct dd_image_opts io = { 0 };

		io.platform = o.platform;
		io.skip_verify = o.skip_verify;
		layer_cache = dd_cmd_layer_cache(ctx, o.no_cache, &io);
		r = dd_image_open(&img, target, &io, &e);
		if (r < 0)
			goto fail;
		meta = dd_image_meta(img);
		r = read_image(img, inv, &e);
		if (r < 0)
			goto fail;
	}

	f.artifact = dd_xstrdup(meta && meta->ref ? meta->ref : target);
	f.artifact_kind = dd_xstrdup(is_sbom ? "sbom" : meta && meta->kind == DD_IMAGE_DIR ? "directory"
										   : "image");
	if (meta && (meta->manifest_digest || meta->config_digest))
		f.image_digest = dd_xstrdup(meta->manifest_digest ? meta->manifest_digest
								  : meta->config_digest);
	mo.meta = meta;
	mo.apk_repositories = inv->os.apk_repositories;
	if (o.explain) {
		mo.explain_id = o.explain;
		mo.explain = &trail;
	}
	dd_phase_begin("match");
	r = dd_match_inventory(db, inv, &mo, &f, &e);
	dd_phase_end();
	if (r < 0)
		goto fail;

	if (o.exclude_base && o.filter.base_layers <= 0) {
		o.filter.base_layers = dd_base_layers_detect(meta);
		if (o.filter.base_layers <= 0)
			dd_warn("--exclude-base: the image history does not show where the base image "
				"ends; give --base-layers N");
		else
			dd_debug("base image: %d layers", o.filter.base_layers);
	}
	o.filter.ignore = ig;
	for (i = 0; i < o.n_vex; i++) {
		o.filter.vex = vex[i];
		dd_filter_apply(&f, &o.filter);
	}
	o.filter.vex = NULL;
	dd_filter_apply(&f, &o.filter);
	dd_findings_sort(&f);

	if (o.explain) {
		dd_explain_outcome(&trail, &f, o.explain);
		fputs(trail.buf, stdout);
	}
	if (!o.explain || o.output) {
		r = dd_out_open(&out, o.output, &e);
		if (r < 0)
			goto fail;
		ro.color = ctx->color && !o.output;
		ro.show_suppressed = o.show_suppressed;
		r = dd_report_write(out, o.format, &f, &ro, &e);
		if (r < 0)
			dd_out_fail(out, r);
		r = dd_out_close(out, &e);
		if (r < 0)
			goto fail;
	}
	if (o.fail_set && dd_filter_fails(&f, o.fail_on)) {
		dd_debug("findings at or above %s remain: exit 1", dd_severity_name(o.fail_on));
		rc = DD_EXIT_POLICY;
	}
	goto out;
fail:
	rc = dd_cmd_fail(&e);
out:
	dd_findings_release(&f);
	dd_buf_release(&trail);
	dd_inventory_free(inv);
	dd_image_free(img);
	dd_vulndb_close(db);
	dd_ignorefile_free(ig);
	if (vex)
		for (i = 0; i < MAX_VEX; i++)
			dd_vex_free(vex[i]);
	free(vex);
	free(db_path);
	free(cwd_ignore);
	free(layer_cache);
	dd_err_release(&e);
	return rc;
}

const struct dd_cmd dd_cmd_scan = {
	"scan", "find vulnerabilities in an image, directory or SBOM",
	"usage: drydock scan [options] TARGET\n"
	"\n"
	"Finds the known vulnerabilities of the packages in TARGET: a container image\n"
	"(docker-archive tar, OCI layout directory, oci-archive tar), a root filesystem\n"
	"or project directory (language lockfiles), or a CycloneDX / SPDX JSON SBOM.\n"
	"Needs the vulnerability database ('drydock db update').\n"
	"\n"
	"Output:\n"
	"  -f, --format FMT        table (default), json, sarif, cyclonedx\n"
	"  -o, --output FILE       write the report to FILE (atomically)\n"
	"      --show-suppressed   table: list the findings filters removed, and why\n"
	"      --explain ID        print the verdict trail for advisory ID (or an alias):\n"
	"                          every record looked at, why it matched or did not, and\n"
	"                          what the filters did; the report goes only to -o\n"
	"Gating (exit 1 when a finding at or above --fail-on remains after filtering):\n"
	"      --fail-on SEV       CRITICAL, HIGH, MEDIUM, LOW, NEGLIGIBLE or UNKNOWN\n"
	"      --severity LIST     keep only these severities (comma-separated)\n"
	"      --ignore-unfixed    drop findings without a fixed version\n"
	"      --ignore-status L   drop these statuses: affected, will_not_fix,\n"
	"                          fix_deferred, end_of_life, fixed\n"
	"      --exclude-base      drop findings from the base image's layers (from the\n"
	"                          history); --base-layers N gives the count\n"
	"      --ignorefile FILE   YAML list of {id, package?, expires?, reason}\n"
	"                          (default: ./.drydockignore, else TARGET/.drydockignore)\n"
	"      --vex FILE          OpenVEX document: not_affected / fixed statements\n"
	"                          suppress findings (repeatable)\n"
	"Input:\n"
	"      --db FILE           the database (default $DRYDOCK_DB or\n"
	"                          CACHE/db/vuln.db)\n"
	"      --platform P        platform in a multi-platform image (linux/amd64)\n"
	"      --skip-verify       do not check layer digests\n"
	"      --no-cache          neither read nor write the layer cache (CACHE/layers)\n"
	"\n"
	"Examples:\n"
	"  drydock scan app.tar\n"
	"  drydock scan --fail-on HIGH --ignore-unfixed -f sarif -o scan.sarif app.tar\n"
	"  drydock scan --explain CVE-2023-4911 app.tar\n",
	run,
};
