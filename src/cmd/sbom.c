/*
 * src/cmd/sbom.c: "drydock sbom TARGET": lists the OS (and, once their
 * collectors register, language) packages of an image, a directory or an
 * SBOM file as CycloneDX 1.6, SPDX 2.3 or drydock's native JSON, to stdout
 * or atomically to -o FILE.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "image/image.h"
#include "inventory/collect.h"
#include "report/sbom.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/out.h"

#define SBOM_FILE_MAX ((size_t)256 << 20)

static int run(struct dd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "platform", required_argument, NULL, 'p' },
		{ "skip-verify", no_argument, NULL, 'S' },
		{ "no-cache", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct dd_image_opts opts = { 0 };
	struct dd_image *img = NULL;
	struct dd_inventory *inv = NULL;
	struct dd_out *o = NULL;
	struct dd_err e = DD_ERR_INIT;
	struct dd_buf doc = DD_BUF_INIT;
	struct dd_sbom_target t = { NULL, NULL };
	enum dd_sbom_format format = DD_SBOM_CYCLONEDX;
	const char *output = NULL;
	char *layer_cache = NULL;
	bool no_cache = false;
	int c, rc = DD_EXIT_OK;

	optind = 0;
	while ((c = getopt_long(argc, argv, "f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (dd_sbom_format_parse(optarg, &format) < 0) {
				rc = dd_cmd_usage_error(ctx, "unknown format '%s' (cyclonedx, spdx, json)",
							optarg);
				goto out;
			}
			break;
		case 'o':
			output = optarg;
			break;
		case 'p':
			opts.platform = optarg;
			break;
		case 'S':
			opts.skip_verify = true;
			break;
		case 'N':
			no_cache = true;
			break;
		case 'h':
			dd_cmd_usage(ctx->cmd);
			goto out;
		default:
			rc = dd_cmd_usage_error(ctx, "unknown option");
			goto out;
		}
	}
	if (optind != argc - 1) {
		rc = dd_cmd_usage_error(ctx, optind >= argc ? "missing TARGET" : "one TARGET only");
		goto out;
	}
	t.name = argv[optind];
	dd_inventory_new(&inv);
	if (dd_sbom_sniff(t.name) == DD_SNIFF_SBOM) {
		dd_phase_begin("read SBOM");
		if (dd_buf_read_file(&doc, t.name, SBOM_FILE_MAX, &e) < 0 ||
		    dd_sbom_read(inv, dd_buf_slice(&doc), t.name, &e) < 0) {
			dd_phase_end();
			rc = dd_cmd_fail(&e);
			goto out;
		}
		dd_phase_end();
	} else {
		dd_phase_begin("open image");
		layer_cache = dd_cmd_layer_cache(ctx, no_cache, &opts);
		if (dd_image_open(&img, t.name, &opts, &e) < 0) {
			dd_phase_end();
			rc = dd_cmd_fail(&e);
			goto out;
		}
		dd_phase_end();
		t.meta = dd_image_meta(img);
		if (t.meta->ref)
			t.name = t.meta->ref;
		dd_phase_begin("collect packages");
		if (dd_inventory_collect(inv, img, &e) < 0) {
			dd_phase_end();
			rc = dd_cmd_fail(&e);
			goto out;
		}
		dd_phase_end();
	}
	dd_debug("%zu packages, %zu warnings", inv->n_pkgs, inv->n_warnings);
	if (dd_out_open(&o, output, &e) < 0) {
		rc = dd_cmd_fail(&e);
		goto out;
	}
	dd_phase_begin("write SBOM");
	if (dd_sbom_write(o, format, inv, &t, &e) < 0)
		dd_out_fail(o, e.code ? e.code : -DDE_INTERNAL);
	dd_phase_end();
	if (dd_out_close(o, &e) < 0)
		rc = dd_cmd_fail(&e);
out:
	dd_buf_release(&doc);
	dd_inventory_free(inv);
	dd_image_free(img);
	free(layer_cache);
	dd_err_release(&e);
	return rc;
}

const struct dd_cmd dd_cmd_sbom = {
	"sbom", "list the packages of an image or directory as an SBOM",
	"usage: drydock sbom [OPTIONS] TARGET\n"
	"\n"
	"Lists the packages in TARGET as a software bill of materials: the\n"
	"operating system (os-release and friends), every installed dpkg, apk\n"
	"and rpm package, and the language packages of lockfiles and installed\n"
	"modules (npm, Python, Ruby, Go, Java, Rust, PHP, .NET), each with its\n"
	"package URL, source package, license, the file it was found in and the\n"
	"layers where it first appeared and last changed.\n"
	"\n"
	"TARGET is a docker-archive tar, an OCI image layout directory, an\n"
	"oci-archive tar, a root filesystem or project directory, or a CycloneDX / SPDX /\n"
	"drydock JSON SBOM (converted to the requested format).\n"
	"\n"
	"Options:\n"
	"  -f, --format FORMAT  cyclonedx (CycloneDX 1.6 JSON, the default),\n"
	"                       spdx (SPDX 2.3 JSON) or json (drydock's own)\n"
	"  -o, --output FILE    write to FILE (atomically: a failed run leaves no\n"
	"                       half-written file) instead of standard output\n"
	"      --platform P     the platform to pick from a multi-platform index\n"
	"                       (default linux/amd64)\n"
	"      --skip-verify    do not check layer and blob digests\n"
	"      --no-cache       neither read nor write the layer cache (CACHE/layers:\n"
	"                       per-layer results, keyed by diff_id; see 'drydock cache')\n"
	"  -h, --help           this text\n"
	"\n"
	"SOURCE_DATE_EPOCH, when set, fixes the creation time written in the SBOM.\n"
	"\n"
	"Examples:\n"
	"  drydock sbom debian.tar\n"
	"  drydock sbom --format spdx -o app.spdx.json oci-layout/\n"
	"  drydock sbom --format json app.cdx.json\n",
	run,
};
