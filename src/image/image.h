/*
 * src/image/image.h: opening a container image in any supported form and
 * reading its metadata; and struct dd_fsview, the merged read-only view of
 * the image's final filesystem that collectors read files through.
 *
 * Forms (auto-detected by dd_image_open): docker-archive (`docker save`
 * tar, plain or gzip'd, old and Docker >= 25 layouts), OCI image layout
 * directory, oci-archive tar, and an unpacked root filesystem or project
 * directory (one pseudo-layer, no config).
 *
 * Data path: dd_image_open -> dd_fsview_new -> collectors call
 * dd_fsview_want -> dd_fsview_run streams each layer once, applies
 * whiteouts and opaque directories across layers, resolves links inside the
 * root, and calls each collector with the final content of every file it
 * asked for. Nothing is extracted to disk.
 */
#ifndef DD_IMAGE_IMAGE_H
#define DD_IMAGE_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/slice.h"

enum dd_image_kind {
	DD_IMAGE_DOCKER_ARCHIVE,
	DD_IMAGE_OCI_LAYOUT,
	DD_IMAGE_OCI_ARCHIVE,
	DD_IMAGE_DIR,		/* unpacked root filesystem or project directory */
};

struct dd_image_opts {
	const char *platform;		/* "linux/amd64" (default), "linux/arm64/v8" */
	bool skip_verify;		/* do not check layer and blob digests */
	uint64_t max_total_bytes;	/* cap on uncompressed bytes over all layers; 0 = default */
	uint64_t max_file_bytes;	/* cap on bytes read for one file; 0 = default */
	const char *const *skip_dirs;	/* DIR targets: directories to skip (".git" always) */
	/* Layer cache directory (docs/cache.md): layers are replayed from entries there
	 * instead of being read, and entries are written for layers read. NULL: no cache. */
	const char *layer_cache;
	/* After a run that wrote entries, the least recently used entries are removed
	 * until the cache holds at most this many bytes (lc_prune). 0: no cap. */
	uint64_t layer_cache_max;
};

struct dd_history {
	char *created;
	char *created_by;	/* the command that made the layer */
	char *comment;
	bool empty_layer;
	int layer;		/* index into layers, -1 for empty_layer entries */
};

struct dd_layer_info {
	char *digest;		/* blob digest as stored ("sha256:..."), NULL for DIR */
	char *diff_id;		/* uncompressed digest from the config's rootfs.diff_ids */
	char *media_type;
	uint64_t size;		/* stored (compressed) size in bytes */
	char *created_by;	/* from the matching history entry, NULL if none */
};

struct dd_kv {
	char *key;
	char *value;
};

struct dd_image_meta {
	enum dd_image_kind kind;
	char *path;		/* as given by the user */
	char *ref;		/* repo tag or ref name if the image names one, else NULL */
	char *manifest_digest;	/* NULL for docker-archive without one, and DIR */
	char *config_digest;
	char *os, *arch, *variant;
	char *created;
	char *user, *workdir;
	char **env;		size_t n_env;
	char **entrypoint;	size_t n_entrypoint;
	char **cmd;		size_t n_cmd;
	char **exposed_ports;	size_t n_exposed_ports;
	struct dd_kv *labels;	size_t n_labels;
	struct dd_history *history;	size_t n_history;
	struct dd_layer_info *layers;	size_t n_layers;
	char *config_json;	/* the raw config blob (NUL-terminated), NULL for DIR */
};

struct dd_image;

/*
 * Opens the image at path (any supported form) and reads its manifest and
 * config; verifies the config and manifest digests unless skip_verify.
 * Returns 0, or -DDE_FORMAT / -DDE_NOTFOUND / -DDE_VERIFY / -DDE_LIMIT /
 * -errno with a message naming the file in e. An OCI index without the
 * requested platform is -DDE_NOTFOUND listing the platforms it has.
 */
int dd_image_open(struct dd_image **out, const char *path, const struct dd_image_opts *opts,
		  struct dd_err *e);
void dd_image_free(struct dd_image *img);
/* Borrowed; lives as long as img. */
const struct dd_image_meta *dd_image_meta(const struct dd_image *img);

/* ---- the merged file view ------------------------------------------------ */

/* One layer's copy of a file, for collectors that care when a file changed. */
struct dd_file_version {
	int layer;
	struct dd_slice data;
};

struct dd_file {
	const char *path;	/* normalised, relative to the root, no leading '/': "var/lib/dpkg/status" */
	struct dd_slice data;	/* final content */
	int layer;		/* index of the layer that last wrote it (0 for DIR) */
	uint32_t mode;		/* st_mode bits: type and permissions */
	uint64_t size;
	/* Every layer's copy of this path that the final view still shows, oldest first;
	 * the last one is the final content. For DIR targets n_versions is 1. */
	const struct dd_file_version *versions;
	size_t n_versions;
};

/*
 * A collector's request. A file is delivered when its final path matches
 * one of globs ("**" crosses directories, "*" does not: "var/lib/dpkg/status",
 * "**" "/package.json", "**" "/" "*.dist-info/METADATA") or when match() says so.
 * Files larger than max_size are not delivered: a warning names them.
 */
struct dd_want {
	const char *name;		/* collector name, for messages: "dpkg" */
	const char *const *globs;	/* NULL-terminated, or NULL */
	bool (*match)(void *arg, const char *path, uint32_t mode, uint64_t size);	/* or NULL */
	size_t max_size;
	bool want_versions;		/* keep every layer's copy (costs memory) */
	/* Called once per matching final file, in path order. Return 0, or a
	 * negative code to stop the walk (message in e). */
	int (*fn)(void *arg, const struct dd_file *f, struct dd_err *e);
	void *arg;
};

struct dd_fsview;

/* Creates a view over img (borrowed; must outlive the view). */
void dd_fsview_new(struct dd_fsview **out, struct dd_image *img);
void dd_fsview_free(struct dd_fsview *v);
/* Registers a collector; w and what it points to must outlive dd_fsview_run. */
void dd_fsview_want(struct dd_fsview *v, const struct dd_want *w);
/*
 * Gives the registered want w a content check: keep(w->arg, f) is called
 * once a matching file's content is read (f->versions NULL); false says
 * w->fn would find nothing in it (no package, no warning). When every want
 * matching a file says so, the view drops the content and never delivers
 * the file. The verdict must depend only on the content, for any path w
 * matches (the layer cache stores it; docs/cache.md).
 */
void dd_fsview_keep(struct dd_fsview *v, const struct dd_want *w,
		    bool (*keep)(void *arg, const struct dd_file *f));
/*
 * Streams the layers and delivers files. Returns 0, or a negative code:
 * corrupt layers, digest mismatches, limits and collector errors, with a
 * message naming the image, layer and path.
 */
int dd_fsview_run(struct dd_fsview *v, struct dd_err *e);
/* Matches path against a glob as dd_want does (exposed for collectors and tests). */
bool dd_glob_match(const char *glob, const char *path);

#endif
