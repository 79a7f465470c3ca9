/*
 * tests/unit/image_fsview_test.c: dd_image_open and the merged file view
 * on the real four-layer test image (DD_IMAGES or build/images): files from
 * the right layer, whiteouts, opaque directories, symlinks inside the root,
 * versions; and DIR targets built in a temporary directory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "t.h"
#include "image/image.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* The first diff_id SHA256SUMS records for image name (build-images.sh writes them), or "". */
static const char *first_diff_id(const char *image_file, const char *name)
{
	static char id[128];
	char dir[4096], *sums, *line;
	const char *slash = strrchr(image_file, '/');

	id[0] = '\0';
	snprintf(dir, sizeof(dir), "%.*s/SHA256SUMS", (int)(slash ? slash - image_file : 1),
		 slash ? image_file : ".");
	sums = t_read_file(dir, NULL);
	if (!sums)
		return id;
	for (line = sums; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		char prefix[256];
		size_t n;

		snprintf(prefix, sizeof(prefix), "# %s diff_id ", name);
		n = strlen(prefix);
		if (strncmp(line, prefix, n) == 0) {
			snprintf(id, sizeof(id), "%.*s", (int)strcspn(line + n, "\n"), line + n);
			break;
		}
	}
	free(sums);
	return id;
}

/* Counts the packages of the image's dpkg.txt listing missing from a status file's text. */
static int missing_packages(const char *image_file, const char *name, const char *status,
			    size_t *listed)
{
	char path[4096], *list, *line;
	const char *slash = strrchr(image_file, '/');
	int missing = 0;

	*listed = 0;
	snprintf(path, sizeof(path), "%.*s/%s.dpkg.txt", (int)(slash ? slash - image_file : 1),
		 slash ? image_file : ".", name);
	list = t_read_file(path, NULL);
	if (!list)
		return -1;
	for (line = list; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		char want[512];

		snprintf(want, sizeof(want), "Package: %.*s\n", (int)strcspn(line, " \n"), line);
		(*listed)++;
		if (!strstr(status, want))
			missing++;
	}
	free(list);
	return missing;
}

struct got {
	struct dd_buf paths;	/* "path@layer\n" per delivered file */
	struct dd_buf data;	/* content of the last delivered file */
	size_t n, n_versions;
	int first_layer;
};

static int collect(void *arg, const struct dd_file *f, struct dd_err *e)
{
	struct got *g = arg;

	dd_buf_addf(&g->paths, "%s@%d\n", f->path, f->layer);
	dd_buf_reset(&g->data);
	dd_buf_add(&g->data, f->data.ptr, f->data.len);
	g->n++;
	g->n_versions = f->n_versions;
	g->first_layer = f->versions[0].layer;
	T_EXPECT(f->versions[f->n_versions - 1].data.len == f->data.len);
	return 0;
}

static void got_release(struct got *g)
{
	dd_buf_release(&g->paths);
	dd_buf_release(&g->data);
}

/* Runs one want over the image; returns the view's result code. */
static int run_want(const char *image, const char *const *globs, bool versions, struct got *g,
		    struct dd_err *e)
{
	struct dd_image *img = NULL;
	struct dd_fsview *v = NULL;
	struct dd_want w = { "test", globs, NULL, 1 << 20, versions, collect, g };
	int r;

	memset(g, 0, sizeof(*g));
	dd_buf_init(&g->paths, 0);
	dd_buf_init(&g->data, 0);
	r = dd_image_open(&img, image, NULL, e);
	if (r < 0)
		return r;
	dd_fsview_new(&v, img);
	dd_fsview_want(v, &w);
	r = dd_fsview_run(v, e);
	dd_fsview_free(v);
	dd_image_free(img);
	return r;
}

TEST(image_glob_match)
{
	T_EXPECT(dd_glob_match("var/lib/dpkg/status", "var/lib/dpkg/status"));
	T_EXPECT(!dd_glob_match("var/lib/dpkg/status", "var/lib/dpkg/status-old"));
	T_EXPECT(dd_glob_match("**/package.json", "package.json"));
	T_EXPECT(dd_glob_match("**/package.json", "app/node_modules/a/package.json"));
	T_EXPECT(!dd_glob_match("**/package.json", "app/package.json.bak"));
	T_EXPECT(dd_glob_match("**/*.dist-info/METADATA",
			       "usr/lib/python3/dist-packages/pip-23.0.dist-info/METADATA"));
	T_EXPECT(!dd_glob_match("*/status", "var/lib/status"));
	T_EXPECT(dd_glob_match("var/*/dpkg/st?tus", "var/lib/dpkg/status"));
	T_EXPECT(dd_glob_match("usr/lib/**", "usr/lib/a/b/c"));
	T_EXPECT(!dd_glob_match("usr/lib/**", "usr/libx/a"));
	T_EXPECT(dd_glob_match("lib/apk/db/[ai]nstalled", "lib/apk/db/installed"));
	T_EXPECT(!dd_glob_match("a/[!x]", "a/x"));
	T_EXPECT(!dd_glob_match("a/[x", "a/x"));
}

TEST(image_docker_archive_meta)
{
	const char *p = t_image_path("bookworm-layered.docker.tar");
	struct dd_image *img = NULL;
	struct dd_err e = DD_ERR_INIT;
	const struct dd_image_meta *m;

	if (!p) {
		t_skip("test images not built (DD_IMAGES)");
		return;
	}
	T_ASSERT(dd_image_open(&img, p, NULL, &e) == 0);
	m = dd_image_meta(img);
	T_EQ_INT(m->kind, DD_IMAGE_DOCKER_ARCHIVE);
	T_EQ_STR(m->os, "linux");
	T_EQ_STR(m->arch, "amd64");
	T_EQ_STR(m->ref, "docker.io/drydock-tests/bookworm-layered:latest");
	T_EQ_INT(m->n_layers, 4);
	T_EQ_STR(m->workdir, "/app");
	T_EQ_INT(m->n_cmd, 1);
	T_EQ_STR(m->layers[3].created_by, "rm -rf /opt/legacy /opt/vendor/node_modules/*");
	T_ASSERT(*first_diff_id(p, "bookworm-layered"));
	T_EQ_STR(m->layers[0].diff_id, first_diff_id(p, "bookworm-layered"));
	T_EQ_INT(m->layers[3].size, 10240);
	dd_image_free(img);
	dd_err_release(&e);
}

TEST(image_dpkg_status_from_upgrade_layer)
{
	const char *p = t_image_path("bookworm-layered.docker.tar");
	static const char *const globs[] = { "var/lib/dpkg/status", NULL };
	struct dd_err e = DD_ERR_INIT;
	struct got g;

	if (!p) {
		t_skip("test images not built (DD_IMAGES)");
		return;
	}
	T_EQ_INT(run_want(p, globs, true, &g, &e), 0);
	T_EQ_STR(g.paths.buf, "var/lib/dpkg/status@1\n");
	{
		/* the final status lists exactly the packages dpkg-query saw in the image */
		size_t listed = 0, stanzas = 0;
		const char *s;

		T_EQ_INT(missing_packages(p, "bookworm-layered", g.data.buf, &listed), 0);
		for (s = g.data.buf; (s = strstr(s, "Package: ")) != NULL; s++)
			if (s == g.data.buf || s[-1] == '\n')
				stanzas++;
		T_ASSERT(listed > 100);
		T_EQ_INT(stanzas, listed);
	}
	T_EQ_INT(g.n_versions, 2);
	T_EQ_INT(g.first_layer, 0);
	T_EXPECT(strstr(g.data.buf, "Package: curl\n") != NULL);
	got_release(&g);
	dd_err_release(&e);
}

TEST(image_whiteouts_and_opaque_dirs)
{
	const char *p = t_image_path("bookworm-layered.docker.tar");
	static const char *const globs[] = { "opt/**", "etc/issue.net", NULL };
	struct dd_err e = DD_ERR_INIT;
	struct got g;

	if (!p) {
		t_skip("test images not built (DD_IMAGES)");
		return;
	}
	T_EQ_INT(run_want(p, globs, false, &g, &e), 0);
	/* layer 3 removed /opt/legacy (whiteout) and made opt/vendor/node_modules opaque */
	T_EXPECT(strstr(g.paths.buf, "opt/legacy") == NULL);
	T_EXPECT(strstr(g.paths.buf, "opt/vendor/node_modules/README.txt@3\n") != NULL);
	T_EXPECT(strstr(g.paths.buf, "opt/vendor/node_modules/underscore") == NULL);
	T_EXPECT(strstr(g.paths.buf, "opt/vendor/node_modules/.package-lock.json") == NULL);
	T_EXPECT(strstr(g.paths.buf, "etc/issue.net") == NULL);
	/* files beside the opaque directory stay */
	T_EXPECT(strstr(g.paths.buf, "opt/vendor/package.json@2\n") != NULL);
	got_release(&g);
	dd_err_release(&e);
}

TEST(image_symlinks_resolved_inside_root)
{
	const char *p = t_image_path("bookworm-layered.docker.tar");
	static const char *const globs[] = { "etc/os-release", "lib/os-release", NULL };
	struct dd_err e = DD_ERR_INIT;
	struct got g;

	if (!p) {
		t_skip("test images not built (DD_IMAGES)");
		return;
	}
	T_EQ_INT(run_want(p, globs, false, &g, &e), 0);
	/* etc/os-release -> ../usr/lib/os-release; lib -> usr/lib */
	T_EQ_STR(g.paths.buf, "etc/os-release@0\nlib/os-release@0\n");
	T_EXPECT(strstr(g.data.buf, "ID=debian") != NULL);
	got_release(&g);
	dd_err_release(&e);
}

TEST(image_oci_layout_and_archive_same_view)
{
	static const char *const names[] = { "bookworm-layered.oci", "bookworm-layered.oci.tar",
					     "bookworm-layered.docker25.tar" };
	static const char *const globs[] = { "var/lib/dpkg/status", "opt/**", NULL };

	for (size_t i = 0; i < 3; i++) {
		const char *p = t_image_path(names[i]);
		struct dd_err e = DD_ERR_INIT;
		struct got g;

		if (!p) {
			t_skip("test images not built (DD_IMAGES)");
			return;
		}
		T_EQ_INT(run_want(p, globs, false, &g, &e), 0);
		if (e.code)
			fprintf(stderr, "%s\n", dd_err_msg(&e));
		T_EXPECT(strstr(g.paths.buf, "var/lib/dpkg/status@1\n") != NULL);
		T_EXPECT(strstr(g.paths.buf, "opt/vendor/node_modules/README.txt@3\n") != NULL);
		T_EXPECT(strstr(g.paths.buf, "opt/legacy") == NULL);
		got_release(&g);
		dd_err_release(&e);
	}
}

static void write_file(const char *dir, const char *rel, const char *text)
{
	char *p = dd_xasprintf("%s/%s", dir, rel);
	FILE *f = fopen(p, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
	free(p);
}

TEST(image_dir_target)
{
	char tmpl[] = "/tmp/dd-dir-XXXXXX";
	char *d = mkdtemp(tmpl), *p;
	static const char *const globs[] = { "**/package.json", "etc/os-release", NULL };
	static const char *const skip[] = { "vendor", NULL };
	struct dd_image_opts o = { .skip_dirs = skip };
	struct dd_image *img = NULL;
	struct dd_fsview *v = NULL;
	struct dd_err e = DD_ERR_INIT;
	struct got g = { DD_BUF_INIT, DD_BUF_INIT, 0, 0, 0 };
	struct dd_want w = { "test", globs, NULL, 1 << 20, false, collect, &g };

	T_ASSERT(d != NULL);
	p = dd_xasprintf("mkdir -p %s/a/b %s/.git/x %s/vendor/y %s/etc %s/usr/lib && "
			 "ln -s ../../../../../usr/lib/os-release %s/etc/os-release && "
			 "ln -s /etc/passwd %s/a/package.json", d, d, d, d, d, d, d);
	T_ASSERT(system(p) == 0);
	free(p);
	write_file(d, "a/b/package.json", "{\"name\":\"b\"}");
	write_file(d, ".git/x/package.json", "{}");
	write_file(d, "vendor/y/package.json", "{}");
	write_file(d, "usr/lib/os-release", "ID=test\n");
	T_ASSERT(dd_image_open(&img, d, &o, &e) == 0);
	T_EQ_INT(dd_image_meta(img)->kind, DD_IMAGE_DIR);
	dd_fsview_new(&v, img);
	dd_fsview_want(v, &w);
	T_EQ_INT(dd_fsview_run(v, &e), 0);
	/* a/package.json -> /etc/passwd is re-rooted inside d: nothing there, not delivered */
	T_EQ_STR(g.paths.buf, "a/b/package.json@0\netc/os-release@0\n");
	T_EQ_STR(g.data.buf, "ID=test\n");
	dd_fsview_free(v);
	dd_image_free(img);
	got_release(&g);
	dd_err_release(&e);
	p = dd_xasprintf("rm -rf %s", d);
	T_EXPECT(system(p) == 0);
	free(p);
}
