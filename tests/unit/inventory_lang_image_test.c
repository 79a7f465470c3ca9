/*
 * tests/unit/inventory_lang_image_test.c: the language collectors through
 * the real merged file view: the four-layer test image (npm projects with
 * lockfiles v1/v2/v3, a nested old minimist, a whited-out project, an
 * opaque node_modules, pip/setuptools dist-info), in every image form, and
 * Trivy's repository fixtures opened as DIR targets.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "image/image.h"
#include "inventory/collect.h"
#include "inventory_lang_util.h"

static const struct dd_pkg *find_in(const struct dd_inventory *inv, enum dd_eco eco, const char *name,
				    const char *version, const char *found_in)
{
	size_t i;

	for (i = 0; i < inv->n_pkgs; i++) {
		const struct dd_pkg *p = &inv->pkgs[i];

		if (p->eco == eco && !strcmp(p->name, name) && !strcmp(p->version, version) &&
		    (!found_in || !strcmp(p->found_in, found_in)))
			return p;
	}
	return NULL;
}

static size_t count_under(const struct dd_inventory *inv, const char *prefix)
{
	size_t i, n = 0;

	for (i = 0; i < inv->n_pkgs; i++)
		if (inv->pkgs[i].eco != DD_ECO_DPKG && !strncmp(inv->pkgs[i].found_in, prefix, strlen(prefix)))
			n++;
	return n;
}

static void check_layered(const char *name)
{
	struct dd_image_opts opts = { 0 };
	struct dd_image *img = NULL;
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;
	const char *path = t_image_path(name);
	const struct dd_pkg *p;

	if (!path) {
		t_skip("test images not built (DD_IMAGES)");
		return;
	}
	T_ASSERT(dd_image_open(&img, path, &opts, &e) == 0);
	dd_inventory_new(&inv);
	T_EQ_INT(dd_inventory_collect(inv, img, &e), 0);

	/* /app: lockfile v2, node_modules reported once (from the lockfile), layer index 2 */
	p = find_in(inv, DD_ECO_NPM, "lodash", "4.17.15", "app/package-lock.json");
	T_ASSERT(p);
	T_EQ_INT(p->layer_first, 2);
	T_EQ_INT(p->layer_last, 2);
	T_EQ_INT(p->dep, DD_DEP_DIRECT);
	T_EQ_STR(p->purl, "pkg:npm/lodash@4.17.15");
	p = find_in(inv, DD_ECO_NPM, "minimist", "0.0.8", "app/package-lock.json");
	T_ASSERT(p);
	T_EQ_INT(p->layer_first, 2);
	T_EQ_INT(p->dep, DD_DEP_INDIRECT);
	T_EXPECT(find_in(inv, DD_ECO_NPM, "minimist", "1.2.0", "app/package-lock.json") != NULL);
	T_EXPECT(find_in(inv, DD_ECO_NPM, "express", "4.17.1", "app/package-lock.json") != NULL);
	T_EXPECT(find_in(inv, DD_ECO_NPM, "axios", "0.21.0", "app/package-lock.json") != NULL);
	T_EXPECT(find_in(inv, DD_ECO_NPM, "mkdirp", "0.5.1", "app/package-lock.json") != NULL);
	T_EQ_INT(count_under(inv, "app/node_modules/"), 0);
	/* /opt/legacy was whited out in layer 4: gone */
	T_EQ_INT(count_under(inv, "opt/legacy/"), 0);
	T_EXPECT(find_in(inv, DD_ECO_NPM, "ansi-regex", "5.0.0", NULL) == NULL);
	/* /opt/vendor: node_modules made opaque in layer 4, the v3 lockfile stays */
	p = find_in(inv, DD_ECO_NPM, "underscore", "1.12.0", "opt/vendor/package-lock.json");
	T_ASSERT(p);
	T_EQ_INT(p->layer_first, 2);
	T_EQ_INT(count_under(inv, "opt/vendor/node_modules/"), 0);
	/* pip-installed wheels */
	p = find_in(inv, DD_ECO_PYPI, "pip", "23.0.1", NULL);
	T_ASSERT(p);
	T_EQ_STR(p->found_in, "usr/local/lib/python3.11/dist-packages/pip-23.0.1.dist-info/METADATA");
	T_EQ_INT(p->layer_first, 2);
	T_EQ_STR(p->purl, "pkg:pypi/pip@23.0.1");
	p = find_in(inv, DD_ECO_PYPI, "setuptools", "66.1.1", NULL);
	T_ASSERT(p);
	T_EQ_INT(p->layer_first, 2);
	T_EQ_INT(inv->n_warnings, 0);
	dd_inventory_free(inv);
	dd_image_free(img);
	dd_err_release(&e);
}

TEST(lang_image_layered_docker_archive)
{
	check_layered("bookworm-layered.docker.tar");
}

TEST(lang_image_layered_oci_layout)
{
	check_layered("bookworm-layered.oci");
}

TEST(lang_image_layered_docker25)
{
	check_layered("bookworm-layered.docker25.tar");
}

TEST(lang_image_minbase_has_no_language_packages)
{
	struct dd_image_opts opts = { 0 };
	struct dd_image *img = NULL;
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;
	const char *path = t_image_path("bookworm-minbase.oci.tar");
	size_t i, n = 0;

	if (!path) {
		t_skip("test images not built (DD_IMAGES)");
		return;
	}
	T_ASSERT(dd_image_open(&img, path, &opts, &e) == 0);
	dd_inventory_new(&inv);
	T_EQ_INT(dd_inventory_collect(inv, img, &e), 0);
	for (i = 0; i < inv->n_pkgs; i++)
		n += inv->pkgs[i].eco != DD_ECO_DPKG;
	T_EQ_INT(n, 0);
	dd_inventory_free(inv);
	dd_image_free(img);
	dd_err_release(&e);
}

/* A project directory through the DIR image form, as `drydock sbom DIR` reads it. */
TEST(lang_dir_target_trivy_npm_and_yarn)
{
	struct dd_image_opts opts = { 0 };
	struct dd_image *img = NULL;
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;
	const struct dd_pkg *p;

	T_ASSERT(dd_image_open(&img, t_shared_path("testdata/inputs/trivy-integration/repo/yarn"), &opts,
			       &e) == 0);
	dd_inventory_new(&inv);
	T_EQ_INT(dd_inventory_collect(inv, img, &e), 0);
	p = find_in(inv, DD_ECO_NPM, "jquery", "3.2.1", "yarn.lock");
	T_ASSERT(p);
	T_EQ_INT(p->dep, DD_DEP_DIRECT);
	T_EQ_INT(p->layer_first, 0);
	T_EXPECT(find_in(inv, DD_ECO_NPM, "integration", "1.0.0", "yarn.lock") != NULL);
	T_EXPECT(find_in(inv, DD_ECO_NPM, "promise", "8.0.3", "yarn.lock")->dev);
	T_EQ_INT(count_under(inv, "node_modules/"), 0);
	dd_inventory_free(inv);
	dd_image_free(img);
	dd_err_release(&e);
}
