/*
 * tests/unit/inventory_lang_trivy_test.c: runs the language collectors over
 * every Trivy repository fixture (../shared/testdata/inputs/trivy-integration/
 * repo/<case>) and compares the packages (name, version, relationship) with
 * Trivy's expected reports (../shared/testdata/peers/trivy/NAME.json.golden).
 * Goldens that list packages are compared as sets (and purls); goldens that only list
 * vulnerabilities must have each vulnerable package found. Each case runs
 * twice: through the test walker and through dd_image_open (DIR form) and
 * dd_inventory_collect, the path `drydock sbom DIR` takes. Every difference
 * is printed; those documented in docs/lang.md ("Differences from Trivy")
 * are listed in known[] and do not fail the test.
 */
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image/image.h"
#include "inventory/collect.h"
#include "inventory/lang.h"
#include "inventory_lang_walk.h"
#include "t.h"

/* Ecosystems drydock does not collect (docs/lang.md lists them). */
static const char *const unsupported[] = {
	"conda", "conda-environment", "julia", NULL
};

/* Documented differences: "<golden>: <+|-><name>@<version> <relationship>". */
static const char *const known[] = {
	NULL
};

static const char *rel_name(enum dd_dep_kind k)
{
	switch (k) {
	case DD_DEP_ROOT: return "root";
	case DD_DEP_DIRECT: return "direct";
	case DD_DEP_INDIRECT: return "indirect";
	default: return "-";
	}
}

static bool is_known(const char *diff)
{
	size_t i;

	for (i = 0; known[i]; i++)
		if (strcmp(known[i], diff) == 0)
			return true;
	return false;
}

static bool listed(const char *const *list, const char *s)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

static size_t report(const char *golden, char sign, const char *name, const char *version,
		     const char *rel)
{
	char diff[1024];

	snprintf(diff, sizeof(diff), "%s: %c%s@%s %s", golden, sign, name, version, rel);
	if (is_known(diff)) {
		printf("#   known difference: %s\n", diff);
		return 0;
	}
	printf("#   DIFFERENCE: %s\n", diff);
	return 1;
}

/* Compares one golden with the inventory of its case; returns unexplained differences. */
static size_t compare(const char *golden, json_t *doc, const struct dd_inventory *inv)
{
	bool with_dev = strstr(golden, "with-dev") != NULL;
	json_t *results = json_object_get(doc, "Results"), *res;
	size_t i, j, k, bad = 0;

	json_array_foreach(results, i, res) {
		const char *target = dd_json_str(res, "Target");
		json_t *pkgs = json_object_get(res, "Packages"), *vulns = json_object_get(res, "Vulnerabilities");
		json_t *p;
		bool *matched = calloc(inv->n_pkgs + 1, sizeof(bool));

		if (json_array_size(pkgs)) {
			json_array_foreach(pkgs, j, p) {
				const char *name = dd_json_str(p, "Name"), *ver = dd_json_str(p, "Version");
				const char *rel = dd_json_str(p, "Relationship");
				const char *purl = dd_json_str(json_object_get(p, "Identifier"), "PURL");
				bool found = false;

				for (k = 0; k < inv->n_pkgs && !found; k++) {
					const struct dd_pkg *q = &inv->pkgs[k];

					if (strcmp(q->found_in, target) || strcmp(q->name, name) ||
					    strcmp(q->version, ver))
						continue;
					if (strcmp(rel_name(q->dep), rel ? rel : "-") != 0)
						continue;
					found = matched[k] = true;
					if (purl && strcmp(purl, q->purl) != 0)
						bad += report(golden, '~', name, q->purl, purl);
				}
				if (!found)
					bad += report(golden, '-', name, ver, rel ? rel : "-");
			}
			for (k = 0; k < inv->n_pkgs; k++) {
				const struct dd_pkg *q = &inv->pkgs[k];

				if (matched[k] || strcmp(q->found_in, target) || (q->dev && !with_dev))
					continue;
				bad += report(golden, '+', q->name, q->version, rel_name(q->dep));
			}
		} else {
			json_array_foreach(vulns, j, p) {
				const char *name = dd_json_str(p, "PkgName");
				const char *ver = dd_json_str(p, "InstalledVersion");
				bool found = false;

				for (k = 0; k < inv->n_pkgs && !found; k++)
					found = !strcmp(inv->pkgs[k].found_in, target) &&
						!strcmp(inv->pkgs[k].name, name) &&
						!strcmp(inv->pkgs[k].version, ver) &&
						(with_dev || !inv->pkgs[k].dev);
				if (!found)
					bad += report(golden, '-', name, ver, "(vulnerable)");
			}
		}
		free(matched);
	}
	return bad;
}

TEST(lang_trivy_repo_cases_match)
{
	char gdir[4096], rdir[4096];
	DIR *d;
	struct dirent *de;
	size_t cases = 0, bad = 0;

	snprintf(gdir, sizeof(gdir), "%s", t_shared_path("testdata/peers/trivy"));
	snprintf(rdir, sizeof(rdir), "%s", t_shared_path("testdata/inputs/trivy-integration/repo"));
	d = opendir(gdir);
	if (!d) {
		t_skip("no ../shared/testdata/peers/trivy");
		return;
	}
	while ((de = readdir(d)) != NULL) {
		char path[4096 + 256], cdir[4096 + 256];
		const char *art, *type, *cname;
		struct dd_inventory *inv = NULL;
		json_error_t je;
		json_t *doc;

		if (!strstr(de->d_name, ".json.golden"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", gdir, de->d_name);
		doc = json_load_file(path, 0, &je);
		if (!doc)
			continue;
		art = dd_json_str(doc, "ArtifactName");
		type = dd_json_str(doc, "ArtifactType");
		if (!art || !type || (strcmp(type, "repository") && strcmp(type, "filesystem"))) {
			json_decref(doc);
			continue;
		}
		if (strncmp(art, "testdata/fixtures/repo/", 23) == 0)
			cname = art + 23;
		else if (strcmp(art, "https://github.com/knqyf263/trivy-ci-test") == 0)
			cname = "trivy-ci-test";	/* test-repo.json.golden: a clone of it */
		else {
			json_decref(doc);
			continue;
		}
		if (listed(unsupported, cname)) {
			printf("#   %s: %s is not a supported ecosystem\n", de->d_name, cname);
			json_decref(doc);
			continue;
		}
		snprintf(cdir, sizeof(cdir), "%s/%s", rdir, cname);
		dd_inventory_new(&inv);
		if (lang_scan_dir(cdir, inv) == 0)
			t_fail(__FILE__, __LINE__, "%s: no files read in %s", de->d_name, cdir);
		bad += compare(de->d_name, doc, inv);
		dd_inventory_free(inv);
		/* the same through the DIR image form and the merged file view */
		{
			struct dd_image_opts opts = { 0 };
			struct dd_image *img = NULL;
			struct dd_err e = DD_ERR_INIT;

			dd_inventory_new(&inv);
			if (dd_image_open(&img, cdir, &opts, &e) == 0 && dd_inventory_collect(inv, img, &e) == 0)
				bad += compare(de->d_name, doc, inv);
			else
				t_fail(__FILE__, __LINE__, "%s: %s", cdir, dd_err_msg(&e));
			dd_image_free(img);
			dd_err_release(&e);
		}
		cases++;
		dd_inventory_free(inv);
		json_decref(doc);
	}
	closedir(d);
	printf("#   %zu Trivy repository goldens compared\n", cases);
	T_EXPECT(cases >= 29);	/* 29 today: every supported-ecosystem golden */
	T_EQ_INT(bad, 0);
}
