/*
 * tests/unit/inventory_lang_npm_test.c: the npm parsers on real lockfiles
 * (the test image's v1/v2/v3 package-lock.json files, Trivy's fixtures) and
 * small hand-made yarn berry and pnpm v5/v9 lockfiles; purls; malformed
 * and hostile input.
 */
#include "inventory_lang_util.h"
#include "inventory_lang_walk.h"

TEST(npm_lock_v2_app_with_nested_minimist)
{
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;
	const struct dd_pkg *p;

	dd_inventory_new(&inv);
	T_EQ_INT(parse_path(dd_npm_parse_lock, t_shared_path("scripts/npm/app/package-lock.json"),
			    "app/package-lock.json", inv, &e), 0);
	p = find_pkg(inv, "peers-demo-app", "1.0.0");
	T_ASSERT(p);
	T_EQ_INT(p->dep, DD_DEP_ROOT);
	p = find_pkg(inv, "lodash", "4.17.15");
	T_ASSERT(p);
	T_EQ_INT(p->dep, DD_DEP_DIRECT);
	T_EQ_STR(p->purl, "pkg:npm/lodash@4.17.15");
	T_EQ_STR(p->found_in, "app/package-lock.json");
	T_ASSERT(find_pkg(inv, "minimist", "1.2.0"));
	p = find_pkg(inv, "minimist", "0.0.8");	/* node_modules/mkdirp/node_modules/minimist */
	T_ASSERT(p);
	T_EQ_INT(p->dep, DD_DEP_INDIRECT);
	p = find_pkg(inv, "accepts", "1.3.8");
	T_ASSERT(p);
	T_EQ_INT(p->dep, DD_DEP_INDIRECT);
	T_EXPECT(find_pkg(inv, "express", "4.17.1") != NULL);
	T_EXPECT(find_pkg(inv, "axios", "0.21.0") != NULL);
	dd_inventory_free(inv);
	dd_err_release(&e);
}

TEST(npm_lock_v1_and_v3)
{
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;

	dd_inventory_new(&inv);
	T_EQ_INT(parse_path(dd_npm_parse_lock, t_shared_path("scripts/npm/legacy/package-lock.json"),
			    "opt/legacy/package-lock.json", inv, &e), 0);
	T_EQ_INT(inv->n_pkgs, 1);
	T_ASSERT(find_pkg(inv, "ansi-regex", "5.0.0"));
	T_EQ_INT(find_pkg(inv, "ansi-regex", "5.0.0")->dep, DD_DEP_UNKNOWN);
	T_EQ_INT(parse_path(dd_npm_parse_lock, t_shared_path("scripts/npm/vendor/package-lock.json"),
			    "opt/vendor/package-lock.json", inv, &e), 0);
	T_ASSERT(find_pkg(inv, "underscore", "1.12.0"));
	T_EQ_INT(find_pkg(inv, "underscore", "1.12.0")->dep, DD_DEP_DIRECT);
	T_ASSERT(find_pkg(inv, "peers-vendor-bundle", "0.1.0"));
	T_EQ_INT(inv->n_pkgs, 3);
	dd_inventory_free(inv);
	dd_err_release(&e);
}

TEST(npm_lock_v1_nested_and_dev)
{
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;
	const char *lock =
		"{\"lockfileVersion\":1,\"dependencies\":{"
		"\"mkdirp\":{\"version\":\"0.5.1\",\"dependencies\":{\"minimist\":{\"version\":\"0.0.8\"}}},"
		"\"minimist\":{\"version\":\"1.2.0\",\"dev\":true},"
		"\"@types/node\":{\"version\":\"18.0.0\"}}}";

	dd_inventory_new(&inv);
	T_EQ_INT(parse_str(dd_npm_parse_lock, lock, "package-lock.json", inv, &e), 0);
	T_EQ_INT(inv->n_pkgs, 4);
	T_ASSERT(find_pkg(inv, "minimist", "0.0.8"));
	T_EXPECT(!find_pkg(inv, "minimist", "0.0.8")->dev);
	T_EXPECT(find_pkg(inv, "minimist", "1.2.0")->dev);
	T_EQ_STR(find_pkg(inv, "@types/node", NULL)->purl, "pkg:npm/%40types/node@18.0.0");
	dd_inventory_free(inv);
	dd_err_release(&e);
}

TEST(npm_yarn_v1_with_package_json)
{
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;
	const char *dir = t_shared_path("testdata/inputs/trivy-integration/repo/yarn");
	char lock[4200], pj[4200];
	char *l, *m;
	size_t ll = 0, ml = 0;

	snprintf(lock, sizeof(lock), "%s/yarn.lock", dir);
	snprintf(pj, sizeof(pj), "%s/package.json", dir);
	l = t_read_file(lock, &ll);
	m = t_read_file(pj, &ml);
	T_ASSERT(l && m);
	dd_inventory_new(&inv);
	T_EQ_INT(dd_npm_parse_yarn_with("yarn.lock", dd_slice_of(l, ll), dd_slice_of(m, ml), inv, &e), 0);
	T_EQ_INT(inv->n_pkgs, 4);
	T_EQ_INT(find_pkg(inv, "integration", "1.0.0")->dep, DD_DEP_ROOT);
	T_EQ_INT(find_pkg(inv, "jquery", "3.2.1")->dep, DD_DEP_DIRECT);
	T_EXPECT(!find_pkg(inv, "jquery", "3.2.1")->dev);
	T_EXPECT(find_pkg(inv, "promise", "8.0.3")->dev);
	T_EXPECT(find_pkg(inv, "asap", "2.0.6")->dev);	/* only through the dev dependency */
	T_EQ_INT(find_pkg(inv, "asap", "2.0.6")->dep, DD_DEP_INDIRECT);
	dd_inventory_free(inv);
	dd_inventory_new(&inv);
	/* without the package.json: packages, no relationships */
	T_EQ_INT(dd_npm_parse_yarn("yarn.lock", dd_slice_of(l, ll), inv, &e), 0);
	T_EQ_INT(inv->n_pkgs, 3);
	T_EQ_INT(find_pkg(inv, "asap", "2.0.6")->dep, DD_DEP_UNKNOWN);
	dd_inventory_free(inv);
	free(l);
	free(m);
	dd_err_release(&e);
}

TEST(npm_yarn_berry)
{
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;
	char *l, *m;
	size_t ll = 0, ml = 0;

	l = t_read_file(t_tests_path("fixtures/lang/yarn-berry.lock"), &ll);
	m = t_read_file(t_tests_path("fixtures/lang/yarn-berry.package.json"), &ml);
	T_ASSERT(l && m);
	dd_inventory_new(&inv);
	T_EQ_INT(dd_npm_parse_yarn_with("yarn.lock", dd_slice_of(l, ll), dd_slice_of(m, ml), inv, &e), 0);
	T_EQ_INT(inv->n_pkgs, 4);	/* demo (root), code-frame, highlight, jest */
	T_EXPECT(find_pkg(inv, "demo", "0.0.0-use.local") == NULL);
	T_EQ_INT(find_pkg(inv, "demo", "1.0.0")->dep, DD_DEP_ROOT);
	T_EQ_INT(find_pkg(inv, "@babel/code-frame", "7.12.13")->dep, DD_DEP_DIRECT);
	T_EQ_INT(find_pkg(inv, "@babel/highlight", "7.13.10")->dep, DD_DEP_INDIRECT);
	T_EXPECT(!find_pkg(inv, "@babel/highlight", "7.13.10")->dev);
	T_EXPECT(find_pkg(inv, "jest", "26.6.3")->dev);
	dd_inventory_free(inv);
	free(l);
	free(m);
	dd_err_release(&e);
}

TEST(npm_pnpm_v5_v6_v9)
{
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;
	const struct dd_pkg *p;

	dd_inventory_new(&inv);
	T_EQ_INT(parse_path(dd_npm_parse_pnpm, t_tests_path("fixtures/lang/pnpm-v5.yaml"), "pnpm-lock.yaml",
			    inv, &e), 0);
	T_EQ_INT(inv->n_pkgs, 5);
	T_EQ_INT(find_pkg(inv, "react", "18.2.0")->dep, DD_DEP_DIRECT);
	T_EQ_INT(find_pkg(inv, "loose-envify", "1.4.0")->dep, DD_DEP_INDIRECT);
	p = find_pkg(inv, "@types/node", "18.11.9");	/* "_typescript@4.9.5" peer suffix cut */
	T_ASSERT(p);
	T_EXPECT(p->dev);
	T_EXPECT(find_pkg(inv, "typescript", "4.9.5")->dev);
	dd_inventory_free(inv);

	dd_inventory_new(&inv);
	T_EQ_INT(parse_path(dd_npm_parse_pnpm, t_tests_path("fixtures/lang/pnpm-v9.yaml"), "pnpm-lock.yaml",
			    inv, &e), 0);
	T_EQ_INT(inv->n_pkgs, 3);
	T_EQ_INT(find_pkg(inv, "@scope/lib", "2.1.0")->dep, DD_DEP_DIRECT);
	T_EQ_INT(find_pkg(inv, "ms", "2.1.3")->dep, DD_DEP_INDIRECT);
	T_EXPECT(find_pkg(inv, "vitest", "1.6.0")->dev);
	T_EXPECT(!find_pkg(inv, "ms", "2.1.3")->dev);
	dd_inventory_free(inv);

	dd_inventory_new(&inv);
	T_EQ_INT(parse_path(dd_npm_parse_pnpm,
			    t_shared_path("testdata/inputs/trivy-integration/repo/pnpm/pnpm-lock.yaml"),
			    "pnpm-lock.yaml", inv, &e), 0);
	T_EQ_INT(inv->n_pkgs, 2);
	T_EQ_INT(find_pkg(inv, "jquery", "3.3.9")->dep, DD_DEP_DIRECT);
	dd_inventory_free(inv);
	dd_err_release(&e);
}

TEST(npm_node_modules_hidden_by_lockfile)
{
	struct dd_inventory *inv = NULL;
	size_t i;

	/* Trivy's npm fixture: a v1 lockfile and node_modules copies: reported once, from the lockfile */
	dd_inventory_new(&inv);
	T_EXPECT(lang_scan_dir(t_shared_path("testdata/inputs/trivy-integration/repo/npm"), inv) > 0);
	T_EQ_INT(inv->n_pkgs, 13);
	for (i = 0; i < inv->n_pkgs; i++)
		T_EQ_STR(inv->pkgs[i].found_in, "package-lock.json");
	dd_inventory_free(inv);
	/* without a lockfile, installed package.json files are the packages */
	dd_inventory_new(&inv);
	T_EXPECT(lang_scan_dir(t_shared_path("testdata/inputs/grype-match-coverage/image-alpine-match-coverage"),
			       inv) > 0);
	T_EQ_INT(inv->n_pkgs, 1);
	T_EQ_STR(inv->pkgs[0].found_in,
		 "lib/node_modules/npm-apk-subpackage-with-false-positive/package.json");
	dd_inventory_free(inv);
}

TEST(npm_installed_paths)
{
	T_EXPECT(dd_lang_parser_for("app/node_modules/x/package.json", 0100644, 10) == dd_npm_parse_pkgjson);
	T_EXPECT(dd_lang_parser_for("node_modules/@s/x/package.json", 0100644, 10) == dd_npm_parse_pkgjson);
	T_EXPECT(dd_lang_parser_for("a/node_modules/x/node_modules/y/package.json", 0100644, 10) ==
		 dd_npm_parse_pkgjson);
	T_EXPECT(dd_lang_parser_for("node_modules/x/lib/package.json", 0100644, 10) == NULL);
	T_EXPECT(dd_lang_parser_for("app/package.json", 0100644, 10) == NULL);
	T_EXPECT(dd_lang_parser_for("node_modules/x/package-lock.json", 0100644, 10) == NULL);
	T_EXPECT(dd_lang_parser_for("app/node_modules/.package-lock.json", 0100644, 10) == NULL);
	T_EQ_INT(dd_lang_phase("app/package.json", 0100644, 10), 1);
	T_EQ_INT(dd_lang_phase("app/package-lock.json", 0100644, 10), 2);
	T_EQ_INT(dd_lang_phase("app/node_modules/x/package.json", 0100644, 10), 3);
}

TEST(npm_malformed_and_hostile)
{
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;
	struct dd_buf deep = DD_BUF_INIT;
	int i;

	dd_inventory_new(&inv);
	T_EQ_INT(parse_str(dd_npm_parse_lock, "{\"packages\": {", "package-lock.json", inv, &e), -DDE_FORMAT);
	T_EXPECT(strstr(dd_err_msg(&e), "line") != NULL);
	dd_err_release(&e);
	T_EQ_INT(parse_str(dd_npm_parse_lock, "[1,2]", "package-lock.json", inv, &e), -DDE_FORMAT);
	dd_err_release(&e);
	for (i = 0; i < 100000; i++)
		dd_buf_addch(&deep, '[');
	T_EQ_INT(dd_npm_parse_lock("package-lock.json", dd_buf_slice(&deep), inv, &e), -DDE_LIMIT);
	dd_err_release(&e);
	dd_buf_reset(&deep);
	/* a YAML alias bomb is not expanded */
	dd_buf_adds(&deep, "lockfileVersion: '6.0'\na: &a [x, x, x, x, x, x, x, x, x]\n");
	for (i = 0; i < 20; i++)
		dd_buf_addf(&deep, "%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", 'b' + i, 'b' + i,
			    'a' + i, 'a' + i, 'a' + i, 'a' + i, 'a' + i, 'a' + i, 'a' + i, 'a' + i, 'a' + i);
	T_EQ_INT(dd_npm_parse_pnpm("pnpm-lock.yaml", dd_buf_slice(&deep), inv, &e), 0);
	dd_buf_reset(&deep);
	for (i = 0; i < 1000; i++)
		dd_buf_adds(&deep, "- ");
	dd_buf_adds(&deep, "x\n");
	T_EQ_INT(dd_npm_parse_pnpm("pnpm-lock.yaml", dd_buf_slice(&deep), inv, &e), -DDE_LIMIT);
	dd_err_release(&e);
	T_EQ_INT(parse_str(dd_npm_parse_pnpm, "a: [", "pnpm-lock.yaml", inv, &e), -DDE_FORMAT);
	dd_err_release(&e);
	T_EQ_INT(parse_str(dd_npm_parse_yarn, "garbage\n", "yarn.lock", inv, &e), -DDE_FORMAT);
	T_EQ_INT(inv->n_pkgs, 0);
	dd_buf_release(&deep);
	dd_inventory_free(inv);
	dd_err_release(&e);
}
