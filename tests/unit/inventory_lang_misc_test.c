/*
 * tests/unit/inventory_lang_misc_test.c: the Python, Ruby, Go module, PHP
 * and .NET parsers on real inputs (Trivy's and Grype's fixtures, the test
 * image's wheels are covered by inventory_lang_image_test.c) and small
 * hand-written cases; PEP 503 names; TOML edge cases; malformed files give
 * an error naming the line.
 */
#include "inventory_lang_util.h"
#include "inventory_lang_walk.h"
#include "version/version.h"

#define GRYPE "testdata/inputs/grype-match-coverage/image-debian-match-coverage/"
#define TRIVY "testdata/inputs/trivy-integration/repo/"

TEST(py_metadata_and_pep503)
{
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;
	char *n;

	dd_inventory_new(&inv);
	T_EQ_INT(parse_path(dd_py_parse_metadata, t_shared_path(GRYPE "python/dist-info/METADATA"),
			    "usr/lib/python3/dist-packages/Pygments-2.6.1.dist-info/METADATA", inv, &e), 0);
	T_EQ_INT(inv->n_pkgs, 1);
	T_EQ_STR(inv->pkgs[0].name, "Pygments");
	T_EQ_STR(inv->pkgs[0].version, "2.6.1");
	T_EQ_STR(inv->pkgs[0].purl, "pkg:pypi/pygments@2.6.1");
	T_EQ_INT(parse_str(dd_py_parse_metadata, "Metadata-Version: 2.1\nSummary: x\n\nName: late\n",
			   "x.dist-info/METADATA", inv, &e), -DDE_FORMAT);
	dd_err_release(&e);
	n = dd_pep503("Foo.Bar__baz--Qux");
	T_EQ_STR(n, "foo-bar-baz-qux");
	free(n);
	T_EXPECT(dd_lang_parser_for("usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA", 0100644, 9) ==
		 dd_py_parse_metadata);
	T_EXPECT(dd_lang_parser_for("usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO", 0100644, 9) ==
		 dd_py_parse_metadata);
	T_EXPECT(dd_lang_parser_for("usr/lib/python3/dist-packages/six-1.16.0.egg-info", 0100644, 9) ==
		 dd_py_parse_metadata);
	T_EXPECT(dd_lang_parser_for("src/METADATA", 0100644, 9) == NULL);
	T_EXPECT(dd_lang_parser_for("requirements-dev.txt", 0100644, 9) == dd_py_parse_requirements);
	dd_inventory_free(inv);
}

TEST(py_requirements_pins_only)
{
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;
	const char *req =
		"# comment\n"
		"-r base.txt\n"
		"--index-url https://example.org/simple\n"
		"requests[security]==2.31.0 ; python_version >= \"3.8\"  # pinned\n"
		"Django===4.2.1\n"
		"flask>=2.0\n"
		"numpy == 1.26.0 \\\n"
		"    --hash=sha256:abcd\n"
		"-e git+https://github.com/x/y.git#egg=y\n"
		"wild==1.*\n";

	dd_inventory_new(&inv);
	T_EQ_INT(parse_str(dd_py_parse_requirements, req, "requirements.txt", inv, &e), 0);
	T_EQ_INT(inv->n_pkgs, 3);
	T_ASSERT(find_pkg(inv, "requests", "2.31.0"));
	T_ASSERT(find_pkg(inv, "Django", "4.2.1"));
	T_ASSERT(find_pkg(inv, "numpy", "1.26.0"));
	T_EQ_STR(find_pkg(inv, "Django", "4.2.1")->purl, "pkg:pypi/django@4.2.1");
	dd_inventory_free(inv);
}

TEST(py_lockfiles)
{
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;
	const char *toml =
		"version = 1\n[[package]]\nname = \"app\"\nversion = \"1.0\"\nsource = { editable = \".\" }\n"
		"dependencies = [\n  { name = \"Requests\" }, # trailing comment\n]\n"
		"[package.dev-dependencies]\ndev = [\n { name = \"pytest\" },\n]\n"
		"[[package]]\nname = \"requests\"\nversion = \"2.31.0\"\n"
		"[[package]]\nname = \"pytest\"\nversion = '''7.4.0'''\n"
		"[[package]]\nname = \"idna\"\nversion = \"3.4\"\nmarker = \"a \\\"b\\\" \\u00e9\"\n";

	dd_inventory_new(&inv);
	T_EQ_INT(parse_str(dd_py_parse_uv_lock, toml, "uv.lock", inv, &e), 0);
	T_EQ_INT(inv->n_pkgs, 4);
	T_EQ_INT(find_pkg(inv, "app", "1.0")->dep, DD_DEP_ROOT);
	T_EQ_INT(find_pkg(inv, "requests", "2.31.0")->dep, DD_DEP_DIRECT);
	T_EQ_INT(find_pkg(inv, "pytest", "7.4.0")->dep, DD_DEP_DIRECT);
	T_EXPECT(find_pkg(inv, "pytest", "7.4.0")->dev);
	T_EQ_INT(find_pkg(inv, "idna", "3.4")->dep, DD_DEP_INDIRECT);
	dd_inventory_free(inv);

	dd_inventory_new(&inv);
	T_EQ_INT(parse_path(dd_py_parse_pipfile_lock, t_shared_path(TRIVY "pipenv/Pipfile.lock"), "Pipfile.lock",
			    inv, &e), 0);
	T_EQ_INT(inv->n_pkgs, 1);
	T_ASSERT(find_pkg(inv, "werkzeug", "0.11.1"));
	T_EQ_INT(parse_str(dd_py_parse_poetry_lock, "[[package]\nname = 1", "poetry.lock", inv, &e), -DDE_FORMAT);
	T_EXPECT(strstr(dd_err_msg(&e), "line 1") != NULL);
	dd_err_release(&e);
	T_EQ_INT(parse_str(dd_py_parse_uv_lock, "a = \"unterminated\n", "uv.lock", inv, &e), -DDE_FORMAT);
	dd_err_release(&e);
	T_EQ_INT(parse_str(dd_py_parse_uv_lock, "a = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1",
			   "uv.lock", inv, &e), -DDE_LIMIT);
	dd_err_release(&e);
	dd_inventory_free(inv);
}

TEST(ruby_gemfile_lock_and_gemspec)
{
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;
	const char *lock =
		"GEM\n  remote: https://rubygems.org/\n  specs:\n"
		"    nokogiri (1.13.6-x86_64-linux)\n      racc (~> 1.4)\n"
		"    racc (1.6.0)\n    rails (7.0.4)\n"
		"\nPLATFORMS\n  x86_64-linux\n\nDEPENDENCIES\n  nokogiri\n  rails (= 7.0.4)!\n\nBUNDLED WITH\n   2.3.7\n";
	const char *spec =
		"# -*- encoding: utf-8 -*-\n# stub: rake 13.0.6 ruby lib\n\n"
		"Gem::Specification.new do |s|\n  s.name = \"rake\".freeze\n"
		"  s.version = \"13.0.6\"\n  s.authors = [\"x\".freeze]\nend\n";

	dd_inventory_new(&inv);
	T_EQ_INT(parse_path(dd_ruby_parse_gemfile_lock, t_shared_path(GRYPE "ruby/Gemfile.lock"), "Gemfile.lock",
			    inv, &e), 0);
	T_EQ_INT(inv->n_pkgs, 1);
	T_EQ_INT(find_pkg(inv, "rails", "4.1.1")->dep, DD_DEP_DIRECT);
	T_EQ_STR(find_pkg(inv, "rails", "4.1.1")->purl, "pkg:gem/rails@4.1.1");
	dd_inventory_free(inv);
	dd_inventory_new(&inv);
	T_EQ_INT(parse_str(dd_ruby_parse_gemfile_lock, lock, "Gemfile.lock", inv, &e), 0);
	T_EQ_INT(inv->n_pkgs, 3);
	T_EQ_INT(find_pkg(inv, "nokogiri", "1.13.6")->dep, DD_DEP_DIRECT);
	T_EQ_INT(find_pkg(inv, "racc", "1.6.0")->dep, DD_DEP_INDIRECT);
	T_EQ_INT(find_pkg(inv, "rails", "7.0.4")->dep, DD_DEP_DIRECT);
	T_EQ_INT(parse_str(dd_ruby_parse_gemspec, spec,
			   "usr/lib/ruby/gems/3.1.0/specifications/rake-13.0.6.gemspec", inv, &e), 0);
	T_ASSERT(find_pkg(inv, "rake", "13.0.6"));
	T_EQ_INT(parse_str(dd_ruby_parse_gemspec, "Gem::Specification.new do |s|\nend\n", "x.gemspec", inv, &e),
		 -DDE_FORMAT);
	dd_err_release(&e);
	T_EXPECT(dd_lang_parser_for("var/lib/gems/3.1.0/specifications/rake-13.0.6.gemspec", 0100644, 9) ==
		 dd_ruby_parse_gemspec);
	T_EXPECT(dd_lang_parser_for("src/rake.gemspec", 0100644, 9) == NULL);
	dd_inventory_free(inv);
}

TEST(go_mod_and_sum)
{
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;
	const char *mod =
		"module example.com/app\n\ngo 1.21\n\nrequire (\n\tgithub.com/a/b v1.2.3\n"
		"\tgithub.com/c/d v0.1.0 // indirect\n\tgithub.com/local/x v0.0.0\n)\n"
		"require golang.org/x/net v0.17.0\n"
		"replace github.com/a/b => github.com/fork/b v1.2.4\n"
		"replace github.com/local/x => ../x\n"
		"exclude (\n\tgithub.com/bad/one v1.0.0\n)\n";
	const struct dd_pkg *p;

	dd_inventory_new(&inv);
	T_EQ_INT(parse_str(dd_go_parse_gomod, mod, "go.mod", inv, &e), 0);
	T_EQ_INT(inv->n_pkgs, 3);
	p = find_pkg(inv, "github.com/fork/b", "v1.2.4");
	T_ASSERT(p);
	T_EQ_INT(p->dep, DD_DEP_DIRECT);
	T_EQ_INT(find_pkg(inv, "github.com/c/d", "v0.1.0")->dep, DD_DEP_INDIRECT);
	T_EQ_STR(find_pkg(inv, "golang.org/x/net", NULL)->purl, "pkg:golang/golang.org/x/net@v0.17.0");
	T_EXPECT(!find_pkg(inv, "github.com/local/x", NULL));
	T_EQ_INT(parse_str(dd_go_parse_gomod, "require (\n\tgithub.com/x\n)\n", "go.mod", inv, &e), -DDE_FORMAT);
	T_EXPECT(strstr(dd_err_msg(&e), "line 2") != NULL);
	dd_err_release(&e);
	dd_inventory_free(inv);

	/* Trivy's fixture: the root go.mod (1.17) lists everything; submod2's (1.15) needs go.sum */
	dd_inventory_new(&inv);
	T_EXPECT(lang_scan_dir(t_shared_path(TRIVY "gomod"), inv) > 0);
	p = find_pkg(inv, "github.com/docker/distribution", "v2.7.1+incompatible");
	T_ASSERT(p);
	T_EQ_STR(p->purl, "pkg:golang/github.com/docker/distribution@v2.7.1%2Bincompatible");
	{
		size_t i, sub2 = 0;

		for (i = 0; i < inv->n_pkgs; i++)
			sub2 += !strcmp(inv->pkgs[i].found_in, "submod2/go.mod") &&
				!strcmp(inv->pkgs[i].name, "github.com/docker/distribution");
		T_EQ_INT(sub2, 1);
	}
	dd_inventory_free(inv);
}

TEST(php_and_dotnet)
{
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;
	const struct dd_pkg *p;

	dd_inventory_new(&inv);
	T_EQ_INT(parse_path(dd_dotnet_parse_deps, t_shared_path(GRYPE "dotnet/TestLibrary.deps.json"),
			    "app/TestLibrary.deps.json", inv, &e), 0);
	p = find_pkg(inv, "AWSSDK.Core", "3.7.10.6");
	T_ASSERT(p);
	T_EQ_STR(p->purl, "pkg:nuget/AWSSDK.Core@3.7.10.6");
	T_EQ_INT(inv->n_pkgs, 2);
	T_EQ_INT(find_pkg(inv, "TestLibrary", "1.0.0")->dep, DD_DEP_ROOT);
	T_EQ_INT(parse_path(dd_dotnet_parse_packages_lock, t_shared_path(TRIVY "nuget/packages.lock.json"),
			    "packages.lock.json", inv, &e), 0);
	T_EQ_INT(find_pkg(inv, "NuGet.Frameworks", "5.7.0")->dep, DD_DEP_DIRECT);
	T_EQ_INT(parse_str(dd_dotnet_parse_deps, "{\"targets\": {}}", "x.deps.json", inv, &e), -DDE_FORMAT);
	dd_err_release(&e);
	dd_inventory_free(inv);

	dd_inventory_new(&inv);
	T_EQ_INT(parse_path(dd_php_parse_installed, t_shared_path(TRIVY "composer-vendor/installed.json"),
			    "vendor/composer/installed.json", inv, &e), 0);
	T_EQ_INT(inv->n_pkgs, 3);
	T_EQ_STR(find_pkg(inv, "guzzlehttp/psr7", "1.8.3")->purl, "pkg:composer/guzzlehttp/psr7@1.8.3");
	/* an unrelated installed.json elsewhere is not ours: silently skipped */
	T_EQ_INT(parse_str(dd_php_parse_installed, "{\"apps\": 1}", "opt/tool/installed.json", inv, &e),
		 -DDE_UNSUPPORTED);
	T_EQ_INT(parse_str(dd_php_parse_installed, "{\"apps\": ", "vendor/composer/installed.json", inv, &e),
		 -DDE_FORMAT);
	dd_err_release(&e);
	dd_inventory_free(inv);
}

/* Layer attribution of language packages: a pin dropped in one layer's copy
 * of the file and added again later starts over at the re-adding layer. */
TEST(lang_layer_attribution_reinstalled)
{
	static const char v0[] = "six==1.16.0\nidna==3.4\n";
	static const char v1[] = "six==1.16.0\n";
	static const char v2[] = "six==1.16.0\nidna==3.4\n";
	static const char v3[] = "six==1.17.0\nidna==3.4\n";
	struct dd_file_version vs[4] = {
		{ 0, { v0, sizeof(v0) - 1 } }, { 1, { v1, sizeof(v1) - 1 } },
		{ 2, { v2, sizeof(v2) - 1 } }, { 3, { v3, sizeof(v3) - 1 } },
	};
	struct dd_inventory *inv = NULL;
	struct dd_lang_state *st = NULL;
	size_t i;
	int seen = 0;

	dd_inventory_new(&inv);
	dd_lang_state_new(&st, inv);
	T_EQ_INT(dd_lang_parse_file(st, "app/requirements.txt", vs[3].data, 0100644, 3, vs, 4), 0);
	for (i = 0; i < inv->n_pkgs; i++) {
		const struct dd_pkg *p = &inv->pkgs[i];

		if (strcmp(p->name, "idna") == 0) {
			T_EQ_INT(p->layer_first, 2);
			T_EQ_INT(p->layer_last, 2);
			seen++;
		} else if (strcmp(p->name, "six") == 0) {
			T_EQ_INT(p->layer_first, 0);
			T_EQ_INT(p->layer_last, 3);
			seen++;
		}
	}
	T_EQ_INT(seen, 2);
	dd_lang_state_free(st);
	dd_inventory_free(inv);
}

/* The fuzz seeds of the four lockfiles added in session 4, read back. */
static char *seed(const char *rel)
{
	size_t n;

	return t_read_file(t_tests_path(rel), &n);
}

TEST(lockfiles_pylock_sbt_props_bun)
{
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;
	const struct dd_pkg *p;
	char *s;

	/* pylock.toml: packages with a version; a directory package has none */
	dd_inventory_new(&inv);
	T_ASSERT((s = seed("../fuzz/corpus/lang_py_pylock/seed-pylock.toml")));
	T_EQ_INT(parse_str(dd_py_parse_pylock, s, "pylock.toml", inv, &e), 0);
	free(s);
	T_EQ_INT(inv->n_pkgs, 1);
	T_EQ_STR(inv->pkgs[0].purl, "pkg:pypi/werkzeug@0.11.1");
	T_EXPECT(dd_lang_parser_for("app/pylock.toml", 0100644, 9) == dd_py_parse_pylock);
	T_EXPECT(dd_lang_parser_for("app/pylock.dev.toml", 0100644, 9) == dd_py_parse_pylock);
	T_EXPECT(dd_lang_parser_for("app/pylock..toml", 0100644, 9) == NULL);
	dd_inventory_free(inv);

	/* build.sbt.lock: test-only dependencies are not shipped */
	dd_inventory_new(&inv);
	T_ASSERT((s = seed("../fuzz/corpus/lang_java_sbt/seed-build.sbt.lock")));
	T_EQ_INT(parse_str(dd_java_parse_sbt_lock, s, "build.sbt.lock", inv, &e), 0);
	free(s);
	T_EQ_INT(inv->n_pkgs, 1);
	T_EQ_STR(inv->pkgs[0].purl, "pkg:maven/a/b@1.0");
	T_EQ_INT(parse_str(dd_java_parse_sbt_lock, "[1]", "build.sbt.lock", inv, &e), -DDE_FORMAT);
	dd_err_release(&e);
	dd_inventory_free(inv);

	/* Directory.Packages.props: attributes or a <Version> child; no properties, no comments */
	dd_inventory_new(&inv);
	T_ASSERT((s = seed("../fuzz/corpus/lang_dotnet_props/seed-Directory.Packages.props")));
	T_EQ_INT(parse_str(dd_dotnet_parse_packages_props, s, "Directory.Packages.props", inv, &e), 0);
	free(s);
	T_EQ_INT(inv->n_pkgs, 2);
	T_EXPECT((p = find_pkg(inv, "A", "1.0")) != NULL);
	T_EXPECT((p = find_pkg(inv, "C", "2.0")) != NULL);
	T_EXPECT(dd_lang_parser_for("src/directory.packages.props", 0100644, 9) ==
		 dd_dotnet_parse_packages_props);
	dd_inventory_free(inv);

	/* bun.lock: JSONC; nested keys resolve first; dev = only through devDependencies */
	dd_inventory_new(&inv);
	T_ASSERT((s = seed("../fuzz/corpus/lang_npm_bun/seed-bun.lock")));
	T_EQ_INT(parse_str(dd_npm_parse_bun_lock, s, "bun.lock", inv, &e), 0);
	free(s);
	T_EQ_INT(inv->n_pkgs, 5);	/* the workspace package w has no registry version */
	T_ASSERT((p = find_pkg(inv, "a", "1.0.0")) != NULL);
	T_EQ_INT(p->dep, DD_DEP_DIRECT);
	T_EXPECT(!p->dev);
	T_ASSERT((p = find_pkg(inv, "b", "1.0.0")) != NULL);	/* "a/b": a's own copy */
	T_EQ_INT(p->dep, DD_DEP_INDIRECT);
	T_EXPECT(!p->dev);
	T_ASSERT((p = find_pkg(inv, "d", "3.0.0")) != NULL);
	T_EQ_INT(p->dep, DD_DEP_DIRECT);
	T_EXPECT(p->dev);
	T_ASSERT((p = find_pkg(inv, "@s/e", "1.0.0")) != NULL);
	T_EQ_INT(p->dep, DD_DEP_INDIRECT);
	T_EXPECT(p->dev);
	T_EXPECT(dd_lang_parser_for("app/bun.lock", 0100644, 9) == dd_npm_parse_bun_lock);
	dd_inventory_free(inv);

	/* a production chain 100 deep that a dev dependency also reaches near its end: not dev */
	{
		struct dd_buf b = DD_BUF_INIT;
		int i;

		dd_buf_adds(&b, "{\"workspaces\":{\"\":{\"dependencies\":{\"p0\":\"1\"},"
			    "\"devDependencies\":{\"devtool\":\"1\"}}},\"packages\":{"
			    "\"devtool\":[\"devtool@1.0.0\",\"\",{\"dependencies\":{\"p95\":\"1\"}},\"s\"]");
		for (i = 0; i < 100; i++)
			dd_buf_addf(&b, ",\"p%d\":[\"p%d@1.0.0\",\"\",{\"dependencies\":{\"p%d\":\"1\"}},\"s\"]",
				    i, i, i + 1);
		dd_buf_adds(&b, "}}");
		dd_inventory_new(&inv);
		T_EQ_INT(parse_str(dd_npm_parse_bun_lock, b.buf, "bun.lock", inv, &e), 0);
		T_ASSERT((p = find_pkg(inv, "p97", "1.0.0")) != NULL);
		T_EXPECT(!p->dev);
		T_ASSERT((p = find_pkg(inv, "devtool", "1.0.0")) != NULL);
		T_EXPECT(p->dev);
		dd_buf_release(&b);
	}
	T_EXPECT(dd_lang_parser_for("app/node_modules/x/bun.lock", 0100644, 9) == NULL);
	dd_inventory_free(inv);
}

TEST(lockfiles_pub_hex_swift_cocoapods_conan)
{
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;
	const struct dd_pkg *p;
	enum dd_eco eco;
	int c = 0;
	char *s;

	/* the ecosystems and their comparators: SemVer 2.0 for Pub, Hex and
	 * SwiftURL (a prerelease sorts first), Gem::Version for CocoaPods,
	 * dotted numbers for Conan ("8.43") */
	T_EQ_INT(dd_eco_parse("dart", &eco), 0);
	T_EQ_STR(dd_eco_name(eco), "Pub");
	T_EQ_INT(dd_eco_parse("elixir", &eco), 0);
	T_EQ_STR(dd_eco_name(eco), "Hex");
	T_EQ_INT(dd_eco_parse("swift", &eco), 0);
	T_EQ_STR(dd_eco_name(eco), "SwiftURL");
	T_EQ_INT(dd_version_compare(DD_ECO_PUB, dd_slice_str("1.0.0-beta"), dd_slice_str("1.0.0"), &c), 0);
	T_EQ_INT(c < 0, 1);
	T_EQ_INT(dd_version_compare(DD_ECO_COCOAPODS, dd_slice_str("1.0.a"), dd_slice_str("1.0"), &c), 0);
	T_EQ_INT(c < 0, 1);
	T_EQ_INT(dd_version_compare(DD_ECO_CONAN, dd_slice_str("8.43"), dd_slice_str("8.45"), &c), 0);
	T_EQ_INT(c < 0, 1);

	/* pubspec.lock: SDK packages have no Pub version; "direct dev" is dev */
	dd_inventory_new(&inv);
	T_ASSERT((s = seed("../fuzz/corpus/lang_dart_pubspec/seed-pubspec.lock")));
	T_EQ_INT(parse_str(dd_dart_parse_pubspec_lock, s, "pubspec.lock", inv, &e), 0);
	free(s);
	T_EQ_INT(inv->n_pkgs, 3);
	T_ASSERT((p = find_pkg(inv, "lints", "2.0.1")) != NULL);
	T_EQ_INT(p->dep, DD_DEP_DIRECT);
	T_EXPECT(p->dev);
	T_EQ_STR(p->purl, "pkg:pub/lints@2.0.1");
	T_ASSERT((p = find_pkg(inv, "path_dep", "1.0.0")) != NULL);
	T_EQ_INT(p->dep, DD_DEP_INDIRECT);
	T_EXPECT(find_pkg(inv, "flutter", NULL) == NULL);
	dd_inventory_free(inv);

	/* mix.lock: :hex entries by their Hex name; :git ones have no version */
	dd_inventory_new(&inv);
	T_ASSERT((s = seed("../fuzz/corpus/lang_hex_mix/seed-mix.lock")));
	T_EQ_INT(parse_str(dd_hex_parse_mix_lock, s, "mix.lock", inv, &e), 0);
	free(s);
	T_EQ_INT(inv->n_pkgs, 2);
	T_EXPECT(find_pkg(inv, "phoenix", "1.6.13") != NULL);
	T_EXPECT(find_pkg(inv, "real_name", "0.1.0") != NULL);
	dd_inventory_free(inv);

	/* Package.resolved v3: names from the location; a branch pin has no version */
	dd_inventory_new(&inv);
	T_ASSERT((s = seed("../fuzz/corpus/lang_swift_resolved/seed-Package.resolved")));
	T_EQ_INT(parse_str(dd_swift_parse_resolved, s, "Package.resolved", inv, &e), 0);
	free(s);
	T_EQ_INT(inv->n_pkgs, 2);
	T_ASSERT((p = find_pkg(inv, "github.com/apple/swift-nio", "2.41.0")) != NULL);
	T_EQ_STR(p->purl, "pkg:swift/github.com/apple/swift-nio@2.41.0");
	T_EXPECT(find_pkg(inv, "gitlab.com/me/ssh-pkg", "1.0.0") != NULL);
	T_EQ_INT(parse_str(dd_swift_parse_resolved, "{}", "Package.resolved", inv, &e), -DDE_FORMAT);
	dd_err_release(&e);
	dd_inventory_free(inv);

	/* Podfile.lock: scalar and map items; subspecs keep their names */
	dd_inventory_new(&inv);
	T_ASSERT((s = seed("../fuzz/corpus/lang_cocoapods_lock/seed-Podfile.lock")));
	T_EQ_INT(parse_str(dd_cocoapods_parse_podfile_lock, s, "Podfile.lock", inv, &e), 0);
	free(s);
	T_EQ_INT(inv->n_pkgs, 3);
	T_EXPECT(find_pkg(inv, "Firebase/Core", "10.0.0") != NULL);
	T_EXPECT(find_pkg(inv, "Alamofire", "5.6.1") != NULL);
	dd_inventory_free(inv);

	/* conan.lock v2: references with user/channel, revision and timestamp; build requirements dev */
	dd_inventory_new(&inv);
	T_ASSERT((s = seed("../fuzz/corpus/lang_conan_lock/seed-conan.lock")));
	T_EQ_INT(parse_str(dd_conan_parse_lock, s, "conan.lock", inv, &e), 0);
	free(s);
	T_EQ_INT(inv->n_pkgs, 3);
	T_ASSERT((p = find_pkg(inv, "zlib", "1.2.13")) != NULL);
	T_EXPECT(!p->dev);
	T_EXPECT(find_pkg(inv, "openssl", "3.1.2") != NULL);
	T_ASSERT((p = find_pkg(inv, "cmake", "3.27.4")) != NULL);
	T_EXPECT(p->dev);
	T_EXPECT(dd_lang_parser_for("ios/Podfile.lock", 0100644, 9) == dd_cocoapods_parse_podfile_lock);
	T_EXPECT(dd_lang_parser_for("app/conan.lock", 0100644, 9) == dd_conan_parse_lock);
	dd_inventory_free(inv);
}
