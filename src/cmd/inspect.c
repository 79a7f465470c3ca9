/*
 * src/cmd/inspect.c: "drydock inspect IMAGE": the image's metadata (kind,
 * platform, config, history) and one row per layer (digest, size, the
 * command that made it), as a table or --format json. --walk streams every
 * layer (checking digests and entries); --files GLOB lists the final files
 * of the merged view that match.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "image/image.h"
#include "util/log.h"
#include "util/out.h"
#include "util/parse.h"
#include "util/xalloc.h"

static const char *kind_name(enum dd_image_kind k)
{
	switch (k) {
	case DD_IMAGE_DOCKER_ARCHIVE:
		return "docker-archive";
	case DD_IMAGE_OCI_LAYOUT:
		return "oci-layout";
	case DD_IMAGE_OCI_ARCHIVE:
		return "oci-archive";
	case DD_IMAGE_DIR:
		return "dir";
	}
	return "?";
}

static void human(uint64_t n, char *buf, size_t len)
{
	static const char *const unit[] = { "B", "kB", "MB", "GB", "TB" };
	double d = (double)n;
	int u = 0;

	while (d >= 1000 && u < 4) {
		d /= 1000;
		u++;
	}
	if (u == 0)
		snprintf(buf, len, "%llu B", (unsigned long long)n);
	else
		snprintf(buf, len, "%.1f %s", d, unit[u]);
}

static json_t *jstr_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *jstrv(char *const *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

/* ---- file listing (--files) ------------------------------------------------------- */

struct listing {
	json_t *files;		/* json mode */
	struct dd_out *out;	/* table mode */
	const struct dd_image_meta *m;
};

static int list_file(void *arg, const struct dd_file *f, struct dd_err *e)
{
	struct listing *l = arg;
	const char *d = l->m->layers[f->layer].digest;

	if (l->files) {
		json_t *o = json_object();

		json_object_set_new(o, "path", json_string(f->path));
		json_object_set_new(o, "layer", json_integer(f->layer + 1));
		json_object_set_new(o, "size", json_integer((json_int_t)f->size));
		json_object_set_new(o, "mode", json_integer(f->mode & 07777));
		json_array_append_new(l->files, o);
	} else {
		dd_out_printf(l->out, "%-3d %10llu  %.19s  %s\n", f->layer + 1,
			      (unsigned long long)f->size, d ? d : "-", f->path);
	}
	return 0;
}

/* ---- output -------------------------------------------------------------------------------- */

static json_t *meta_json(const struct dd_image_meta *m)
{
	json_t *o = json_object(), *layers = json_array(), *hist = json_array();
	json_t *labels = json_object();

	json_object_set_new(o, "path", json_string(m->path));
	json_object_set_new(o, "kind", json_string(kind_name(m->kind)));
	json_object_set_new(o, "ref", jstr_or_null(m->ref));
	json_object_set_new(o, "manifest_digest", jstr_or_null(m->manifest_digest));
	json_object_set_new(o, "config_digest", jstr_or_null(m->config_digest));
	json_object_set_new(o, "os", jstr_or_null(m->os));
	json_object_set_new(o, "architecture", jstr_or_null(m->arch));
	json_object_set_new(o, "variant", jstr_or_null(m->variant));
	json_object_set_new(o, "created", jstr_or_null(m->created));
	json_object_set_new(o, "user", jstr_or_null(m->user));
	json_object_set_new(o, "workdir", jstr_or_null(m->workdir));
	json_object_set_new(o, "env", jstrv(m->env, m->n_env));
	json_object_set_new(o, "entrypoint", jstrv(m->entrypoint, m->n_entrypoint));
	json_object_set_new(o, "cmd", jstrv(m->cmd, m->n_cmd));
	json_object_set_new(o, "exposed_ports", jstrv(m->exposed_ports, m->n_exposed_ports));
	for (size_t i = 0; i < m->n_labels; i++)
		json_object_set_new(labels, m->labels[i].key, json_string(m->labels[i].value));
	json_object_set_new(o, "labels", labels);
	for (size_t i = 0; i < m->n_layers; i++) {
		const struct dd_layer_info *l = &m->layers[i];
		json_t *lo = json_object();

		json_object_set_new(lo, "index", json_integer((json_int_t)i + 1));
		json_object_set_new(lo, "digest", jstr_or_null(l->digest));
		json_object_set_new(lo, "diff_id", jstr_or_null(l->diff_id));
		json_object_set_new(lo, "media_type", jstr_or_null(l->media_type));
		json_object_set_new(lo, "size", json_integer((json_int_t)l->size));
		json_object_set_new(lo, "created_by", jstr_or_null(l->created_by));
		json_array_append_new(layers, lo);
	}
	json_object_set_new(o, "layers", layers);
	for (size_t i = 0; i < m->n_history; i++) {
		const struct dd_history *h = &m->history[i];
		json_t *ho = json_object();

		json_object_set_new(ho, "created", jstr_or_null(h->created));
		json_object_set_new(ho, "created_by", jstr_or_null(h->created_by));
		json_object_set_new(ho, "comment", jstr_or_null(h->comment));
		json_object_set_new(ho, "empty_layer", json_boolean(h->empty_layer));
		json_object_set_new(ho, "layer", h->layer >= 0 ? json_integer(h->layer + 1)
							       : json_null());
		json_array_append_new(hist, ho);
	}
	json_object_set_new(o, "history", hist);
	return o;
}

/* Prints s on one line: control characters as '?', at most max bytes. */
static void put_clean(struct dd_out *o, const char *s, size_t max)
{
	size_t n = 0;

	for (; s && *s && n < max; s++, n++)
		dd_out_write(o, (unsigned char)*s < 0x20 || *s == 0x7f ? "?" : s, 1);
	if (s && *s)
		dd_out_puts(o, "...");
}

static void put_field(struct dd_out *o, const char *name, const char *val)
{
	if (!val || !*val)
		return;
	dd_out_printf(o, "%-12s ", name);
	put_clean(o, val, 200);
	dd_out_puts(o, "\n");
}

static void put_list(struct dd_out *o, const char *name, char *const *v, size_t n)
{
	if (!n)
		return;
	dd_out_printf(o, "%-12s ", name);
	for (size_t i = 0; i < n; i++) {
		if (i)
			dd_out_puts(o, " ");
		put_clean(o, v[i], 200);
	}
	dd_out_puts(o, "\n");
}

static void meta_table(struct dd_out *o, const struct dd_image_meta *m)
{
	char plat[256], sz[32];
	uint64_t total = 0;

	put_field(o, "Image:", m->path);
	put_field(o, "Ref:", m->ref);
	put_field(o, "Kind:", kind_name(m->kind));
	if (m->os) {
		snprintf(plat, sizeof(plat), "%s/%s%s%s", m->os, m->arch ? m->arch : "?",
			 m->variant ? "/" : "", m->variant ? m->variant : "");
		put_field(o, "Platform:", plat);
	}
	put_field(o, "Created:", m->created);
	put_field(o, "Manifest:", m->manifest_digest);
	put_field(o, "Config:", m->config_digest);
	put_field(o, "User:", m->user);
	put_field(o, "Workdir:", m->workdir);
	put_list(o, "Entrypoint:", m->entrypoint, m->n_entrypoint);
	put_list(o, "Cmd:", m->cmd, m->n_cmd);
	for (size_t i = 0; i < m->n_env; i++)
		put_field(o, i ? "" : "Env:", m->env[i]);
	put_list(o, "Ports:", m->exposed_ports, m->n_exposed_ports);
	for (size_t i = 0; i < m->n_labels; i++) {
		char *kv = dd_xasprintf("%s=%s", m->labels[i].key, m->labels[i].value);

		put_field(o, i ? "" : "Labels:", kv);
		free(kv);
	}
	if (m->kind == DD_IMAGE_DIR)
		return;
	dd_out_printf(o, "\n%-5s %-19s %10s  %s\n", "LAYER", "DIGEST", "SIZE", "CREATED BY");
	for (size_t i = 0; i < m->n_layers; i++) {
		const struct dd_layer_info *l = &m->layers[i];

		human(l->size, sz, sizeof(sz));
		total += l->size;
		dd_out_printf(o, "%-5zu %-19.19s %10s  ", i + 1, l->digest ? l->digest : "-", sz);
		put_clean(o, l->created_by ? l->created_by : "-", 100);
		dd_out_puts(o, "\n");
	}
	human(total, sz, sizeof(sz));
	dd_out_printf(o, "%zu layer%s, %s\n", m->n_layers, m->n_layers == 1 ? "" : "s", sz);
}

/* ---- the command ------------------------------------------------------------------------------- */

static int run(struct dd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "platform", required_argument, NULL, 'p' },
		{ "skip-verify", no_argument, NULL, 'S' },
		{ "max-total-size", required_argument, NULL, 'T' },
		{ "max-file-size", required_argument, NULL, 'F' },
		{ "walk", no_argument, NULL, 'w' },
		{ "files", required_argument, NULL, 'l' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct dd_image_opts opts = { 0 };
	struct dd_image *img = NULL;
	struct dd_fsview *v = NULL;
	struct dd_out *o = NULL;
	struct dd_err e = DD_ERR_INIT;
	const char *format = "table", *output = NULL;
	const char **globs = NULL;
	size_t n_globs = 0;
	bool walk = false, json;
	json_t *doc = NULL;
	struct listing lst = { 0 };
	int c, rc = DD_EXIT_OK;

	optind = 0;
	while ((c = getopt_long(argc, argv, "f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'p':
			opts.platform = optarg;
			break;
		case 'S':
			opts.skip_verify = true;
			break;
		case 'T':
		case 'F':
			if (dd_parse_size(optarg, c == 'T' ? &opts.max_total_bytes
							 : &opts.max_file_bytes) < 0) {
				rc = dd_cmd_usage_error(ctx, "bad size '%s' (e.g. 512M, 2G)", optarg);
				goto out;
			}
			break;
		case 'w':
			walk = true;
			break;
		case 'l':
			globs = dd_xrealloc(globs, (n_globs + 2) * sizeof(*globs));
			globs[n_globs++] = optarg;
			globs[n_globs] = NULL;
			walk = true;
			break;
		case 'o':
			output = optarg;
			break;
		case 'h':
			dd_cmd_usage(ctx->cmd);
			goto out;
		default:
			rc = dd_cmd_usage_error(ctx, "unknown option");
			goto out;
		}
	}
	if (strcmp(format, "table") != 0 && strcmp(format, "json") != 0) {
		rc = dd_cmd_usage_error(ctx, "unknown format '%s' (table, json)", format);
		goto out;
	}
	json = strcmp(format, "json") == 0;
	if (optind != argc - 1) {
		rc = dd_cmd_usage_error(ctx, optind >= argc ? "missing IMAGE" : "one IMAGE only");
		goto out;
	}
	dd_phase_begin("open image");
	if (dd_image_open(&img, argv[optind], &opts, &e) < 0) {
		dd_phase_end();
		rc = dd_cmd_fail(&e);
		goto out;
	}
	dd_phase_end();
	if (dd_out_open(&o, output, &e) < 0) {
		rc = dd_cmd_fail(&e);
		goto out;
	}
	lst.out = o;
	lst.m = dd_image_meta(img);
	if (json) {
		doc = meta_json(dd_image_meta(img));
		if (globs) {
			lst.files = json_array();
			json_object_set_new(doc, "files", lst.files);
		}
	} else {
		meta_table(o, dd_image_meta(img));
	}
	if (walk) {
		struct dd_want w = { "inspect", globs, NULL, 0, false, list_file, &lst };

		dd_phase_begin("walk layers");
		dd_fsview_new(&v, img);
		if (globs) {
			if (!json)
				dd_out_printf(o, "\n%-3s %10s  %-19s  %s\n", "L", "SIZE", "LAYER DIGEST",
					      "PATH");
			dd_fsview_want(v, &w);
		}
		if (dd_fsview_run(v, &e) < 0) {
			dd_phase_end();
			dd_out_fail(o, e.code);
			dd_out_close(o, NULL);
			o = NULL;
			rc = dd_cmd_fail(&e);
			goto out;
		}
		dd_phase_end();
	}
	if (json) {
		json_dumpf(doc, dd_out_file(o), JSON_INDENT(2) | JSON_ENSURE_ASCII);
		dd_out_puts(o, "\n");
	}
	if (dd_out_close(o, &e) < 0)
		rc = dd_cmd_fail(&e);
	o = NULL;
out:
	json_decref(doc);
	dd_fsview_free(v);
	dd_image_free(img);
	free(globs);
	dd_err_release(&e);
	return rc;
}

const struct dd_cmd dd_cmd_inspect = {
	"inspect", "show an image's metadata and layers",
	"usage: drydock inspect [OPTIONS] IMAGE\n"
	"\n"
	"Prints an image's metadata: form, platform, config (user, env,\n"
	"entrypoint, cmd, ports, labels) and one row per layer with its digest,\n"
	"size and the history command that made it.\n"
	"\n"
	"IMAGE is a docker-archive (`docker save` tar, plain or gzip'd), an OCI\n"
	"image layout directory, an oci-archive tar, or a root filesystem or\n"
	"project directory; the form is detected.\n"
	"\n"
	"Options:\n"
	"  -f, --format FORMAT     table (default) or json\n"
	"  -o, --output FILE       write to FILE (atomically) instead of stdout\n"
	"      --platform P        pick P from a multi-platform index (default linux/amd64)\n"
	"      --skip-verify       do not check layer, config and manifest digests\n"
	"      --walk              stream every layer: checks digests and entries\n"
	"      --files GLOB        list the final files matching GLOB (\"**\" crosses\n"
	"                          directories); implies --walk; repeatable\n"
	"      --max-total-size N  cap on uncompressed bytes over all layers (default 64G)\n"
	"      --max-file-size N   cap on the size of one layer entry (default 16G)\n"
	"  -h, --help              show this help\n"
	"\n"
	"Examples:\n"
	"  drydock inspect app.tar\n"
	"  drydock inspect --format json --platform linux/arm64 ./oci-dir\n"
	"  drydock inspect --files 'etc/os-release' --files '**/package.json' app.tar\n",
	run,
};
