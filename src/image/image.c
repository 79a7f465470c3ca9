/*
 * src/image/image.c: dd_image_open: detects the image form, reads the
 * docker-archive manifest.json or the OCI index and manifest (picking a
 * platform), reads the config and fills struct dd_image_meta; and freeing.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image/internal.h"
#include "util/xalloc.h"

#define MT_OCI_INDEX "application/vnd.oci.image.index.v1+json"
#define MT_OCI_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define MT_DOCKER_LIST "application/vnd.docker.distribution.manifest.list.v2+json"
#define MT_DOCKER_MANIFEST "application/vnd.docker.distribution.manifest.v2+json"
#define MT_OCI_CONFIG "application/vnd.oci.image.config.v1+json"
#define MT_DOCKER_CONFIG "application/vnd.docker.container.image.v1+json"

static char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? dd_xstrdup(json_string_value(v)) : NULL;
}

static int parse_json(const struct dd_buf *b, const char *what, json_t **out, struct dd_err *e)
{
	json_error_t je;

	*out = json_loadb(b->buf, b->len, JSON_REJECT_DUPLICATES, &je);
	if (!*out)
		return dd_err_set(e, -DDE_FORMAT, "%s: invalid JSON at line %d: %s", what, je.line,
				  je.text);
	return 0;
}

static int load_json(struct dd_image *img, const char *name, const char *digest, json_t **out,
		     struct dd_buf *raw, struct dd_err *e)
{
	int r;

	*out = NULL;
	r = store_read_all(&img->store, name, DD_IMG_MAX_JSON, raw, e);
	if (r < 0)
		return r;
	if (digest && !img->skip_verify) {
		char got[72];

		dd_sha256_hex(raw->buf, raw->len, got);
		if (strcmp(got, digest) != 0)
			return dd_err_set(e, -DDE_VERIFY, "%s: digest is %s, expected %s", name, got,
					  digest);
	}
	return parse_json(raw, name, out, e);
}

static char **str_array(json_t *a, size_t *n)
{
	char **v = NULL;
	size_t k = 0;

	*n = 0;
	if (!json_is_array(a))
		return NULL;
	v = dd_xcalloc(json_array_size(a) + 1, sizeof(*v));
	for (size_t i = 0; i < json_array_size(a); i++) {
		json_t *s = json_array_get(a, i);

		if (json_is_string(s))
			v[k++] = dd_xstrdup(json_string_value(s));
	}
	*n = k;
	return v;
}

static int cmp_kv(const void *a, const void *b)
{
	return strcmp(((const struct dd_kv *)a)->key, ((const struct dd_kv *)b)->key);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Fills the metadata from the config blob (raw JSON in cfgraw). */
static int parse_config(struct dd_image *img, struct dd_buf *cfgraw, const char *name,
			struct dd_err *e)
{
	struct dd_image_meta *m = &img->meta;
	json_t *root = NULL, *c, *rootfs, *diff, *hist;
	size_t nl = 0;
	int r;

	r = parse_json(cfgraw, name, &root, e);
	if (r < 0)
		goto out;
	if (!json_is_object(root)) {
		r = dd_err_set(e, -DDE_FORMAT, "%s: config is not a JSON object", name);
		goto out;
	}
	m->config_json = dd_buf_detach(cfgraw, NULL);
	m->os = jstr(root, "os");
	m->arch = jstr(root, "architecture");
	m->variant = jstr(root, "variant");
	m->created = jstr(root, "created");
	c = json_object_get(root, "config");
	if (json_is_object(c)) {
		const char *k;
		json_t *v;
		json_t *labels = json_object_get(c, "Labels");
		json_t *ports = json_object_get(c, "ExposedPorts");

		m->user = jstr(c, "User");
		m->workdir = jstr(c, "WorkingDir");
		m->env = str_array(json_object_get(c, "Env"), &m->n_env);
		m->entrypoint = str_array(json_object_get(c, "Entrypoint"), &m->n_entrypoint);
		m->cmd = str_array(json_object_get(c, "Cmd"), &m->n_cmd);
		if (json_is_object(labels)) {
			m->labels = dd_xcalloc(json_object_size(labels) + 1, sizeof(*m->labels));
			json_object_foreach(labels, k, v) {
				if (!json_is_string(v))
					continue;
				m->labels[m->n_labels].key = dd_xstrdup(k);
				m->labels[m->n_labels++].value = dd_xstrdup(json_string_value(v));
			}
			qsort(m->labels, m->n_labels, sizeof(*m->labels), cmp_kv);
		}
		if (json_is_object(ports)) {
			m->exposed_ports = dd_xcalloc(json_object_size(ports) + 1, sizeof(char *));
			json_object_foreach(ports, k, v)
				m->exposed_ports[m->n_exposed_ports++] = dd_xstrdup(k);
			qsort(m->exposed_ports, m->n_exposed_ports, sizeof(char *), cmp_str);
		}
	}
	rootfs = json_object_get(root, "rootfs");
	diff = json_object_get(rootfs, "diff_ids");
	if (!json_is_array(diff)) {
		r = dd_err_set(e, -DDE_FORMAT, "%s: config has no rootfs.diff_ids", name);
		goto out;
	}
	if (json_array_size(diff) != m->n_layers) {
		r = dd_err_set(e, -DDE_FORMAT, "%s: %zu diff_ids for %zu layers", name,
			       json_array_size(diff), m->n_layers);
		goto out;
	}
	for (size_t i = 0; i < m->n_layers; i++) {
		json_t *d = json_array_get(diff, i);

		if (!json_is_string(d) || !dd_digest_valid(json_string_value(d))) {
			r = dd_err_set(e, -DDE_FORMAT, "%s: diff_ids[%zu] is not a sha256 digest",
				       name, i);
			goto out;
		}
		m->layers[i].diff_id = dd_xstrdup(json_string_value(d));
	}
	hist = json_object_get(root, "history");
	if (json_is_array(hist)) {
		size_t n = json_array_size(hist);

		if (n > 100000) {
			r = dd_err_set(e, -DDE_LIMIT, "%s: %zu history entries", name, n);
			goto out;
		}
		m->history = dd_xcalloc(n + 1, sizeof(*m->history));
		for (size_t i = 0; i < n; i++) {
			json_t *h = json_array_get(hist, i);
			struct dd_history *dh = &m->history[m->n_history++];

			dh->layer = -1;
			if (!json_is_object(h))
				continue;
			dh->created = jstr(h, "created");
			dh->created_by = jstr(h, "created_by");
			dh->comment = jstr(h, "comment");
			dh->empty_layer = json_is_true(json_object_get(h, "empty_layer"));
			if (!dh->empty_layer && nl < m->n_layers) {
				dh->layer = (int)nl;
				if (dh->created_by)
					m->layers[nl].created_by = dd_xstrdup(dh->created_by);
				nl++;
			}
		}
	}
out:
	json_decref(root);
	return r;
}

/* ---- docker-archive -------------------------------------------------------------- */

static char *digest_from_name(const char *name)
{
	const char *base = strrchr(name, '/');
	char d[80];

	base = base ? base + 1 : name;
	snprintf(d, sizeof(d), "sha256:%.64s", base);
	if (strlen(base) >= 64 && dd_digest_valid(d) &&
	    (base[64] == '\0' || strcmp(base + 64, ".tar") == 0 ||
	     strcmp(base + 64, ".tar.gz") == 0))
		return dd_xstrdup(d);
	return NULL;
}

static int open_docker(struct dd_image *img, struct dd_err *e)
{
	struct dd_image_meta *m = &img->meta;
	struct dd_buf raw = DD_BUF_INIT, nb = DD_BUF_INIT;
	json_t *root = NULL, *man, *layers, *tags;
	const char *cfg;
	bool abs;
	int r;

	r = load_json(img, "manifest.json", NULL, &root, &raw, e);
	if (r < 0)
		goto out;
	if (!json_is_array(root) || json_array_size(root) == 0) {
		r = dd_err_set(e, -DDE_FORMAT, "manifest.json: not a non-empty array");
		goto out;
	}
	man = json_array_get(root, 0);
	cfg = json_string_value(json_object_get(man, "Config"));
	layers = json_object_get(man, "Layers");
	if (!cfg || !json_is_array(layers)) {
		r = dd_err_set(e, -DDE_FORMAT, "manifest.json: entry without Config or Layers");
		goto out;
	}
	if (json_array_size(layers) > DD_IMG_MAX_LAYERS) {
		r = dd_err_set(e, -DDE_LIMIT, "manifest.json: more than %d layers",
			       DD_IMG_MAX_LAYERS);
		goto out;
	}
	tags = json_object_get(man, "RepoTags");
	if (json_is_array(tags) && json_is_string(json_array_get(tags, 0)))
		m->ref = dd_xstrdup(json_string_value(json_array_get(tags, 0)));
	m->n_layers = json_array_size(layers);
	m->layers = dd_xcalloc(m->n_layers + 1, sizeof(*m->layers));
	img->layer_files = dd_xcalloc(m->n_layers + 1, sizeof(char *));
	for (size_t i = 0; i < m->n_layers; i++) {
		const char *l = json_string_value(json_array_get(layers, i));
		int64_t sz;

		if (!l) {
			r = dd_err_set(e, -DDE_FORMAT, "manifest.json: Layers[%zu] is not a string", i);
			goto out;
		}
		r = dd_path_norm(l, &nb, &abs, e);
		if (r < 0) {
			dd_err_wrap(e, "manifest.json: Layers[%zu]", i);
			goto out;
		}
		sz = store_size(&img->store, nb.buf);
		if (sz < 0) {
			r = dd_err_set(e, -DDE_NOTFOUND, "layer %zu: %s: blob missing", i + 1, nb.buf);
			goto out;
		}
		img->layer_files[i] = dd_xstrdup(nb.buf);
		m->layers[i].size = (uint64_t)sz;
		m->layers[i].digest = digest_from_name(nb.buf);
	}
	r = dd_path_norm(cfg, &nb, &abs, e);
	if (r < 0) {
		dd_err_wrap(e, "manifest.json: Config");
		goto out;
	}
	{
		char *cfgname = dd_xstrdup(nb.buf);
		char *cd = digest_from_name(cfgname);
		const char *base = strrchr(cfgname, '/');

		base = base ? base + 1 : cfgname;
		if (!cd && strlen(base) == 69 && strcmp(base + 64, ".json") == 0) {
			char d[80];

			snprintf(d, sizeof(d), "sha256:%.64s", base);
			if (dd_digest_valid(d))
				cd = dd_xstrdup(d);
		}
		r = store_read_all(&img->store, cfgname, DD_IMG_MAX_JSON, &raw, e);
		if (r == 0 && cd && !img->skip_verify) {
			char got[72];

			dd_sha256_hex(raw.buf, raw.len, got);
			if (strcmp(got, cd) != 0)
				r = dd_err_set(e, -DDE_VERIFY, "%s: digest is %s, expected %s",
					       cfgname, got, cd);
		}
		m->config_digest = cd;
		if (r == 0)
			r = parse_config(img, &raw, cfgname, e);
		free(cfgname);
		if (r < 0)
			goto out;
	}
	for (size_t i = 0; i < m->n_layers; i++)
		if (!m->layers[i].digest)
			m->layers[i].digest = dd_xstrdup(m->layers[i].diff_id);
out:
	json_decref(root);
	dd_buf_release(&raw);
	dd_buf_release(&nb);
	return r;
}

/* ---- OCI ----------------------------------------------------------------------------- */

static char *blob_name(const char *digest)
{
	return dd_xasprintf("blobs/sha256/%s", digest + 7);
}

static bool platform_eq(json_t *p, const char *want)
{
	const char *os = json_string_value(json_object_get(p, "os"));
	const char *arch = json_string_value(json_object_get(p, "architecture"));
	const char *var = json_string_value(json_object_get(p, "variant"));
	char have[256], def[256];

	if (!os || !arch)
		return false;
	snprintf(have, sizeof(have), "%s/%s%s%s", os, arch, var ? "/" : "", var ? var : "");
	if (strcmp(have, want) == 0)
		return true;
	/* "linux/arm64" matches "linux/arm64/v8" and the other way round */
	snprintf(def, sizeof(def), "%s/%s", os, arch);
	if (strcmp(def, want) == 0)
		return true;
	return !var && strncmp(want, have, strlen(have)) == 0 && want[strlen(have)] == '/';
}

static void platform_list(json_t *ms, struct dd_buf *b)
{
	for (size_t i = 0; i < json_array_size(ms); i++) {
		json_t *p = json_object_get(json_array_get(ms, i), "platform");
		const char *os = json_string_value(json_object_get(p, "os"));
		const char *arch = json_string_value(json_object_get(p, "architecture"));
		const char *var = json_string_value(json_object_get(p, "variant"));

		if (!os || !arch || strcmp(os, "unknown") == 0)
			continue;
		dd_buf_addf(b, "%s%s/%s%s%s", b->len ? ", " : "", os, arch, var ? "/" : "",
			    var ? var : "");
	}
}

/*
 * Picks the manifest descriptor from an index (index.json or a nested
 * index): by platform when entries name one.
 */
static int pick_manifest(json_t *idx, const char *what, const char *platform, json_t **out,
			 struct dd_err *e)
{
	json_t *ms = json_object_get(idx, "manifests");
	json_t *only = NULL;
	size_t n_plain = 0;

	*out = NULL;
	if (!json_is_array(ms) || json_array_size(ms) == 0)
		return dd_err_set(e, -DDE_FORMAT, "%s: no manifests", what);
	for (size_t i = 0; i < json_array_size(ms); i++) {
		json_t *d = json_array_get(ms, i);
		json_t *p = json_object_get(d, "platform");

		if (!json_is_object(d))
			return dd_err_set(e, -DDE_FORMAT, "%s: manifests[%zu] is not an object",
					  what, i);
		if (!json_is_object(p)) {
			if (!only)
				only = d;
			n_plain++;
			continue;
		}
		if (platform_eq(p, platform)) {
			*out = d;
			return 0;
		}
	}
	if (only && n_plain == json_array_size(ms)) {
		*out = only;
		return 0;
	}
	{
		struct dd_buf pl = DD_BUF_INIT;

		platform_list(ms, &pl);
		dd_err_set(e, -DDE_NOTFOUND, "%s: no manifest for platform %s (platforms: %s)",
			   what, platform, pl.len ? pl.buf : "none");
		dd_buf_release(&pl);
	}
	return e->code;
}

static int open_oci(struct dd_image *img, const char *platform, struct dd_err *e)
{
	struct dd_image_meta *m = &img->meta;
	struct dd_buf raw = DD_BUF_INIT;
	json_t *idx = NULL, *man = NULL, *desc, *cfg, *layers;
	char *name = NULL, *what = dd_xstrdup("index.json");
	const char *mt, *digest;
	int r, depth = 0;

	r = load_json(img, "index.json", NULL, &idx, &raw, e);
	if (r < 0)
		goto out;
	for (;;) {
		r = pick_manifest(idx, what, platform, &desc, e);
		if (r < 0)
			goto out;
		digest = json_string_value(json_object_get(desc, "digest"));
		if (!dd_digest_valid(digest)) {
			r = dd_err_set(e, -DDE_FORMAT, "%s: manifest digest is not sha256:<hex>",
				       what);
			goto out;
		}
		if (!m->ref) {
			json_t *ann = json_object_get(desc, "annotations");

			m->ref = jstr(ann, "io.containerd.image.name");
			if (!m->ref)
				m->ref = jstr(ann, "org.opencontainers.image.ref.name");
		}
		free(name);
		name = blob_name(digest);
		json_decref(man);
		r = load_json(img, name, digest, &man, &raw, e);
		if (r < 0)
			goto out;
		mt = json_string_value(json_object_get(man, "mediaType"));
		if (json_is_array(json_object_get(man, "manifests")) &&
		    (!mt || strcmp(mt, MT_OCI_INDEX) == 0 || strcmp(mt, MT_DOCKER_LIST) == 0)) {
			if (++depth > 4) {
				r = dd_err_set(e, -DDE_LIMIT, "%s: indexes nested too deep", name);
				goto out;
			}
			json_decref(idx);
			idx = man;
			man = NULL;
			free(what);
			what = dd_xstrdup(name);
			continue;
		}
		break;
	}
	if (mt && strcmp(mt, MT_OCI_MANIFEST) != 0 && strcmp(mt, MT_DOCKER_MANIFEST) != 0) {
		r = dd_err_set(e, -DDE_FORMAT, "%s: unsupported manifest media type %s", name, mt);
		goto out;
	}
	m->manifest_digest = dd_xstrdup(digest);
	cfg = json_object_get(man, "config");
	layers = json_object_get(man, "layers");
	if (!json_is_object(cfg) || !json_is_array(layers)) {
		r = dd_err_set(e, -DDE_FORMAT, "%s: manifest without config or layers", name);
		goto out;
	}
	if (json_array_size(layers) > DD_IMG_MAX_LAYERS) {
		r = dd_err_set(e, -DDE_LIMIT, "%s: more than %d layers", name, DD_IMG_MAX_LAYERS);
		goto out;
	}
	mt = json_string_value(json_object_get(cfg, "mediaType"));
	if (mt && strcmp(mt, MT_OCI_CONFIG) != 0 && strcmp(mt, MT_DOCKER_CONFIG) != 0) {
		r = dd_err_set(e, -DDE_FORMAT, "%s: unsupported config media type %s", name, mt);
		goto out;
	}
	m->n_layers = json_array_size(layers);
	m->layers = dd_xcalloc(m->n_layers + 1, sizeof(*m->layers));
	img->layer_files = dd_xcalloc(m->n_layers + 1, sizeof(char *));
	for (size_t i = 0; i < m->n_layers; i++) {
		json_t *l = json_array_get(layers, i);
		const char *d = json_string_value(json_object_get(l, "digest"));
		const char *lmt = json_string_value(json_object_get(l, "mediaType"));
		int64_t sz;

		if (!dd_digest_valid(d)) {
			r = dd_err_set(e, -DDE_FORMAT, "%s: layers[%zu]: digest is not sha256:<hex>",
				       name, i);
			goto out;
		}
		if (lmt && !strstr(lmt, "image.layer.v1.tar") &&
		    !strstr(lmt, "image.rootfs.diff.tar") &&
		    !strstr(lmt, "image.rootfs.foreign.diff.tar")) {
			r = dd_err_set(e, -DDE_FORMAT, "layer %zu (%s): unsupported media type %s",
				       i + 1, d, lmt);
			goto out;
		}
		m->layers[i].digest = dd_xstrdup(d);
		m->layers[i].media_type = lmt ? dd_xstrdup(lmt) : NULL;
		img->layer_files[i] = blob_name(d);
		sz = store_size(&img->store, img->layer_files[i]);
		if (sz < 0) {
			r = dd_err_set(e, -DDE_NOTFOUND, "layer %zu (%s): blob missing", i + 1, d);
			goto out;
		}
		m->layers[i].size = (uint64_t)sz;
	}
	digest = json_string_value(json_object_get(cfg, "digest"));
	if (!dd_digest_valid(digest)) {
		r = dd_err_set(e, -DDE_FORMAT, "%s: config digest is not sha256:<hex>", name);
		goto out;
	}
	m->config_digest = dd_xstrdup(digest);
	free(name);
	name = blob_name(digest);
	{
		json_t *c = NULL;

		r = load_json(img, name, digest, &c, &raw, e);
		json_decref(c);
		if (r == 0) {
			/* load_json left the raw bytes in raw */
			r = parse_config(img, &raw, name, e);
		}
	}
out:
	json_decref(idx);
	json_decref(man);
	dd_buf_release(&raw);
	free(name);
	free(what);
	return r;
}

/* ---- open / free ----------------------------------------------------------------------- */

int dd_image_open(struct dd_image **out, const char *path, const struct dd_image_opts *opts,
		  struct dd_err *e)
{
	static const struct dd_image_opts defaults = { 0 };
	struct dd_image *img = dd_xcalloc(1, sizeof(*img));
	const char *platform;
	struct stat st;
	int r;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	platform = opts->platform && *opts->platform ? opts->platform : "linux/amd64";
	img->skip_verify = opts->skip_verify;
	img->max_total = opts->max_total_bytes ? opts->max_total_bytes : DD_IMG_DEFAULT_MAX_TOTAL;
	img->max_file = opts->max_file_bytes ? opts->max_file_bytes : DD_IMG_DEFAULT_MAX_FILE;
	img->meta.path = dd_xstrdup(path);
	img->name = dd_xstrdup(path);
	if (opts->layer_cache && *opts->layer_cache)
		img->layer_cache = dd_xstrdup(opts->layer_cache);
	img->layer_cache_max = opts->layer_cache_max;
	if (stat(path, &st) < 0) {
		r = dd_err_set(e, -errno, "%s", dd_strerror(-errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		char *lay = dd_xasprintf("%s/oci-layout", path);
		char *idx = dd_xasprintf("%s/index.json", path);
		bool oci = access(lay, F_OK) == 0 || access(idx, F_OK) == 0;

		free(lay);
		free(idx);
		r = store_open(&img->store, path, true, e);
		if (r < 0)
			goto out;
		if (!oci) {
			size_t n = 0;

			img->meta.kind = DD_IMAGE_DIR;
			while (opts->skip_dirs && opts->skip_dirs[n])
				n++;
			img->skip_dirs = dd_xcalloc(n + 1, sizeof(char *));
			for (size_t i = 0; i < n; i++)
				img->skip_dirs[i] = dd_xstrdup(opts->skip_dirs[i]);
			img->meta.n_layers = 1;
			img->meta.layers = dd_xcalloc(1, sizeof(*img->meta.layers));
			r = 0;
			goto out;
		}
		img->meta.kind = DD_IMAGE_OCI_LAYOUT;
		img->check_blobs = true;
		r = open_oci(img, platform, e);
	} else if (S_ISREG(st.st_mode)) {
		r = store_open(&img->store, path, false, e);
		if (r < 0)
			goto out;
		if (store_has(&img->store, "manifest.json")) {
			img->meta.kind = DD_IMAGE_DOCKER_ARCHIVE;
			r = open_docker(img, e);
		} else if (store_has(&img->store, "index.json")) {
			img->meta.kind = DD_IMAGE_OCI_ARCHIVE;
			img->check_blobs = true;
			r = open_oci(img, platform, e);
		} else {
			r = dd_err_set(e, -DDE_FORMAT,
				       "neither a docker-archive (manifest.json) nor an OCI archive (index.json)");
		}
	} else {
		r = dd_err_set(e, -DDE_FORMAT, "not a file or directory");
	}
out:
	if (r < 0) {
		dd_err_wrap(e, "%s", path);
		dd_image_free(img);
		return r;
	}
	*out = img;
	return 0;
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void dd_image_free(struct dd_image *img)
{
	struct dd_image_meta *m;

	if (!img)
		return;
	m = &img->meta;
	free(m->path);
	free(m->ref);
	free(m->manifest_digest);
	free(m->config_digest);
	free(m->os);
	free(m->arch);
	free(m->variant);
	free(m->created);
	free(m->user);
	free(m->workdir);
	free_strv(m->env, m->n_env);
	free_strv(m->entrypoint, m->n_entrypoint);
	free_strv(m->cmd, m->n_cmd);
	free_strv(m->exposed_ports, m->n_exposed_ports);
	for (size_t i = 0; i < m->n_labels; i++) {
		free(m->labels[i].key);
		free(m->labels[i].value);
	}
	free(m->labels);
	for (size_t i = 0; i < m->n_history; i++) {
		free(m->history[i].created);
		free(m->history[i].created_by);
		free(m->history[i].comment);
	}
	free(m->history);
	for (size_t i = 0; i < m->n_layers; i++) {
		free(m->layers[i].digest);
		free(m->layers[i].diff_id);
		free(m->layers[i].media_type);
		free(m->layers[i].created_by);
		if (img->layer_files)
			free(img->layer_files[i]);
	}
	free(m->layers);
	free(m->config_json);
	free(img->layer_files);
	if (img->skip_dirs)
		for (size_t i = 0; img->skip_dirs[i]; i++)
			free((char *)img->skip_dirs[i]);
	free(img->skip_dirs);
	store_release(&img->store);
	free(img->name);
	free(img->layer_cache);
	dd_hasher_free(img->hasher);
	dd_gunzip_free(img->gunzip);
	free(img);
}

const struct dd_image_meta *dd_image_meta(const struct dd_image *img)
{
	return &img->meta;
}
