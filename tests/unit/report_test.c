/*
 * tests/unit/report_test.c: the report writers (table, native JSON, SARIF,
 * CycloneDX) on findings built by hand. SARIF and CycloneDX output is
 * validated against the official schemas in ../shared/schemas with
 * ../shared/scripts/validate-json.js (ajv, installed into build/npm on first
 * use; skipped when node or npm cannot provide it).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "t.h"
#include "match/match.h"
#include "report/report.h"
#include "report/sbom.h"
#include "util/xalloc.h"

static void add_alias(struct dd_finding *x, const char *a)
{
	x->aliases = dd_xrealloc(x->aliases, (x->n_aliases + 1) * sizeof(char *));
	x->aliases[x->n_aliases++] = dd_xstrdup(a);
}

/* Findings shaped like a real bookworm image with an npm lockfile. */
static void sample(struct dd_findings *f)
{
	struct dd_finding *x;
	struct dd_uncovered *u;
	struct dd_pending *p;

	dd_findings_init(f);
	f->artifact = dd_xstrdup("bookworm-layered.docker.tar");
	f->artifact_kind = dd_xstrdup("image");
	f->os_family = dd_xstrdup("debian");
	f->os_version = dd_xstrdup("12.8");
	f->image_digest = dd_xstrdup("sha256:1111111111111111111111111111111111111111111111111111111111111111");
	f->n_pkgs = 142;

	x = dd_findings_add(f);
	x->id = dd_xstrdup("CVE-2024-5535");
	x->title = dd_xstrdup("SSL_select_next_proto buffer overread");
	x->url = dd_xstrdup("https://security-tracker.debian.org/tracker/CVE-2024-5535");
	x->eco = DD_ECO_DPKG;
	x->pkg_name = dd_xstrdup("libssl3");
	x->src_name = dd_xstrdup("openssl");
	x->pkg_purl = dd_xstrdup("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12.8");
	x->installed = dd_xstrdup("3.0.11-1~deb12u2");
	x->fixed = dd_xstrdup("3.0.14-1~deb12u1");
	x->status = DD_STATUS_FIXED;
	x->severity = DD_SEV_LOW;
	x->severity_source = dd_xstrdup("debian");
	x->cvss_score = 9.1;
	x->cvss_vector = dd_xstrdup("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:H");
	x->epss = 0.0042;
	x->target = dd_xstrdup("debian 12.8 (OS packages)");
	x->found_in = dd_xstrdup("var/lib/dpkg/status");
	x->layer = 0;
	x->layer_digest = dd_xstrdup("sha256:aaaa");
	x->created_by = dd_xstrdup("debootstrap --variant=minbase bookworm (slim)");
	x->reason = dd_xstrdup("debian:12 openssl: 3.0.11-1~deb12u2 < fixed 3.0.14-1~deb12u1");

	x = dd_findings_add(f);
	x->id = dd_xstrdup("CVE-2023-0001");
	x->eco = DD_ECO_DPKG;
	x->pkg_name = dd_xstrdup("libc6");
	x->src_name = dd_xstrdup("glibc");
	x->installed = dd_xstrdup("2.36-9+deb12u4");
	x->status = DD_STATUS_WONTFIX;
	x->severity = DD_SEV_CRITICAL;
	x->kev = true;
	x->target = dd_xstrdup("debian 12.8 (OS packages)");
	x->found_in = dd_xstrdup("var/lib/dpkg/status");
	x->layer = 1;

	x = dd_findings_add(f);
	x->id = dd_xstrdup("GHSA-p6mc-m468-83gw");
	add_alias(x, "CVE-2020-8203");
	x->title = dd_xstrdup("Prototype Pollution in lodash");
	x->eco = DD_ECO_NPM;
	x->pkg_name = dd_xstrdup("lodash");
	x->pkg_purl = dd_xstrdup("pkg:npm/lodash@4.17.15");
	x->installed = dd_xstrdup("4.17.15");
	x->fixed = dd_xstrdup("4.17.19");
	x->status = DD_STATUS_FIXED;
	x->severity = DD_SEV_HIGH;
	x->cvss_score = 7.4;
	x->target = dd_xstrdup("app/package-lock.json");
	x->found_in = dd_xstrdup("app/package-lock.json");
	x->layer = 2;

	x = dd_findings_add(f);
	x->id = dd_xstrdup("CVE-2024-9999");
	x->eco = DD_ECO_DPKG;
	x->pkg_name = dd_xstrdup("libssl3");
	x->src_name = dd_xstrdup("openssl");
	x->pkg_purl = dd_xstrdup("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12.8");
	x->installed = dd_xstrdup("3.0.11-1~deb12u2");
	x->status = DD_STATUS_AFFECTED;
	x->severity = DD_SEV_MEDIUM;
	x->target = dd_xstrdup("debian 12.8 (OS packages)");
	x->found_in = dd_xstrdup("var/lib/dpkg/status");
	x->layer = 0;

	u = dd_findings_add_uncovered(f);
	u->target = dd_xstrdup("debian 12.8 (OS packages)");
	u->eco = DD_ECO_DPKG;
	u->pkg_name = dd_xstrdup("google-chrome-stable");
	u->version = dd_xstrdup("120.0");
	u->reason = dd_xstrdup("not a Debian package (third-party repository)");

	p = dd_findings_add_pending(f);
	p->target = dd_xstrdup("debian 12.8 (OS packages)");
	p->pkg_name = dd_xstrdup("libssl3");
	p->src_name = dd_xstrdup("openssl");
	p->installed = dd_xstrdup("3.0.11-1~deb12u2");
	p->available = dd_xstrdup("3.0.15-1~deb12u1");
	p->n_findings = 1;
	dd_findings_sort(f);
}

/* Runs a writer into a temporary file; returns its content (caller frees). */
static char *render(enum dd_report_format fmt, const struct dd_findings *f,
		    const struct dd_report_opts *opts, char *path, size_t pathsz)
{
	struct dd_err e = DD_ERR_INIT;
	struct dd_out *o = NULL;
	const char *tmp = getenv("DD_TEST_TMP");
	char *data;
	int fd;

	snprintf(path, pathsz, "%s/report-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	close(fd);
	if (dd_out_open(&o, path, &e) < 0)
		return NULL;
	if (dd_report_write(o, fmt, f, opts, &e) < 0)
		dd_out_fail(o, e.code);
	if (dd_out_close(o, &e) < 0) {
		dd_err_release(&e);
		return NULL;
	}
	data = t_read_file(path, NULL);
	dd_err_release(&e);
	return data;
}

/*
 * Validates path against schema with ajv; 1 valid, 0 invalid, -1 when the
 * validator is unavailable.
 */
static int validate(const char *schema, const char *path)
{
	const char *root = getenv("DD_ROOT");
	char cmd[4096];
	char ajv[1024];
	char script[1024];

	if (!root || !*root)
		root = ".";
	snprintf(ajv, sizeof(ajv), "%s/build/npm/node_modules/ajv-formats/package.json", root);
	if (access(ajv, R_OK) != 0) {
		snprintf(cmd, sizeof(cmd),
			 "mkdir -p '%s/build/npm' && cd '%s/build/npm' && "
			 "npm install --no-audit --no-fund ajv@8 ajv-formats@3 >/dev/null 2>&1",
			 root, root);
		if (system(cmd) != 0 || access(ajv, R_OK) != 0)
			return -1;
	}
	snprintf(script, sizeof(script), "%s", t_shared_path("scripts/validate-json.js"));
	snprintf(cmd, sizeof(cmd),
		 "NODE_PATH='%s/build/npm/node_modules' node '%s' '%s' '%s' '%s' >&2",
		 root, script, t_shared_path("schemas"), schema, path);
	return system(cmd) == 0 ? 1 : 0;
}

TEST(report_table_groups_and_fits_80_columns)
{
	struct dd_findings f;
	struct dd_report_opts opts = { 0 };
	char path[4096];
	char *s, *line, *save = NULL;
	const char *os, *app, *crit, *low;

	sample(&f);
	s = render(DD_REPORT_TABLE, &f, &opts, path, sizeof(path));
	T_ASSERT(s);
	T_EXPECT(!strchr(s, '\033'));
	os = strstr(s, "debian 12.8 (OS packages)\n");
	app = strstr(s, "app/package-lock.json\n");
	T_EXPECT(os && app && app < os);	/* sections sorted by target name */
	crit = strstr(s, "CRITICAL CVE-2023-0001");
	low = strstr(s, "LOW      CVE-2024-5535");
	T_EXPECT(crit && low && crit < low);	/* severity order within a section */
	T_EXPECT(strstr(s, "(won't fix)"));
	T_EXPECT(strstr(s, "(no fix)"));
	T_EXPECT(strstr(s, "[KEV]"));
	T_EXPECT(strstr(s, "google-chrome-stable"));
	T_EXPECT(strstr(s, "third-party repository"));
	T_EXPECT(strstr(s, "Pending security updates (1)"));
	T_EXPECT(strstr(s, "3.0.15-1~deb12u1"));
	T_EXPECT(strstr(s, "Total: 4 (CRITICAL: 1, HIGH: 1, MEDIUM: 1, LOW: 1)\n"
			   "Suppressed: 0, not covered: 1, pending security updates: 1\n"));
	for (line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (strlen(line) > 80)
			t_fail(__FILE__, __LINE__, "line over 80 columns: %s", line);
	free(s);
	unlink(path);

	opts.color = true;
	s = render(DD_REPORT_TABLE, &f, &opts, path, sizeof(path));
	T_ASSERT(s);
	T_EXPECT(strstr(s, "\033[1;31mCRITICAL\033[0m"));
	free(s);
	unlink(path);
	dd_findings_release(&f);
}

TEST(report_table_hides_suppressed)
{
	struct dd_findings f;
	struct dd_report_opts opts = { 0 };
	struct dd_filter_opts fo = { 0 };
	char path[4096];
	char *s;

	sample(&f);
	fo.ignore_unfixed = true;
	dd_filter_apply(&f, &fo);
	s = render(DD_REPORT_TABLE, &f, &opts, path, sizeof(path));
	T_ASSERT(s);
	T_EXPECT(!strstr(s, "CVE-2023-0001"));
	T_EXPECT(strstr(s, "Total: 2 (CRITICAL: 0, HIGH: 1, MEDIUM: 0, LOW: 1)\nSuppressed: 2,"));
	free(s);
	unlink(path);
	opts.show_suppressed = true;
	s = render(DD_REPORT_TABLE, &f, &opts, path, sizeof(path));
	T_ASSERT(s);
	T_EXPECT(strstr(s, "(suppressed: no fixed version (--ignore-unfixed))"));
	free(s);
	unlink(path);
	dd_findings_release(&f);
}

TEST(report_json_native)
{
	struct dd_findings f;
	struct dd_filter_opts fo = { 0 };
	char path[4096];
	char *s;
	json_t *root, *x, *first;
	json_error_t je;

	sample(&f);
	fo.ignore_status = 1u << DD_STATUS_WONTFIX;
	dd_filter_apply(&f, &fo);
	s = render(DD_REPORT_JSON, &f, NULL, path, sizeof(path));
	T_ASSERT(s);
	root = json_loads(s, 0, &je);
	T_ASSERT(root);
	T_EQ_STR(json_string_value(json_object_get(root, "schema")), "drydock-report/1");
	x = json_object_get(root, "summary");
	T_EQ_INT(json_integer_value(json_object_get(x, "findings")), 3);
	T_EQ_INT(json_integer_value(json_object_get(x, "suppressed")), 1);
	T_EQ_INT(json_integer_value(json_object_get(x, "packages")), 142);
	T_EQ_INT(json_integer_value(json_object_get(json_object_get(x, "by_severity"), "HIGH")), 1);
	T_EQ_INT(json_array_size(json_object_get(root, "findings")), 3);
	T_EQ_INT(json_array_size(json_object_get(root, "suppressed")), 1);
	x = json_array_get(json_object_get(root, "suppressed"), 0);
	T_EQ_STR(json_string_value(json_object_get(x, "id")), "CVE-2023-0001");
	T_EQ_STR(json_string_value(json_object_get(x, "status")), "will_not_fix");
	T_EXPECT(json_is_null(json_object_get(x, "fixed_version")));
	/* findings sorted: app/package-lock.json first */
	first = json_array_get(json_object_get(root, "findings"), 0);
	T_EQ_STR(json_string_value(json_object_get(first, "id")), "GHSA-p6mc-m468-83gw");
	T_EQ_STR(json_string_value(json_array_get(json_object_get(first, "aliases"), 0)), "CVE-2020-8203");
	T_EQ_STR(json_string_value(json_object_get(json_object_get(first, "package"), "ecosystem")), "npm");
	x = json_array_get(json_object_get(root, "findings"), 2);
	T_EQ_STR(json_string_value(json_object_get(x, "id")), "CVE-2024-5535");
	T_EQ_STR(json_string_value(json_object_get(x, "fixed_version")), "3.0.14-1~deb12u1");
	T_EXPECT(json_real_value(json_object_get(json_object_get(x, "cvss"), "score")) == 9.1);
	T_EQ_STR(json_string_value(json_object_get(json_object_get(x, "layer"), "created_by")),
		 "debootstrap --variant=minbase bookworm (slim)");
	T_EQ_STR(json_string_value(json_object_get(json_object_get(x, "package"), "source_name")), "openssl");
	T_EQ_INT(json_array_size(json_object_get(root, "not_covered")), 1);
	T_EQ_INT(json_array_size(json_object_get(root, "pending_security_updates")), 1);
	json_decref(root);
	free(s);
	unlink(path);
	dd_findings_release(&f);
}

TEST(report_sarif_valid_and_one_rule_per_advisory)
{
	struct dd_findings f;
	char path[4096];
	char *s;
	json_t *root, *run, *rules, *results, *r;
	json_error_t je;
	size_t i;
	int v;

	sample(&f);
	/* a second package hit by the same advisory: one rule, two results */
	{
		struct dd_finding *x = dd_findings_add(&f);

		x->id = dd_xstrdup("CVE-2024-5535");
		x->eco = DD_ECO_DPKG;
		x->pkg_name = dd_xstrdup("openssl");
		x->installed = dd_xstrdup("3.0.11-1~deb12u2");
		x->fixed = dd_xstrdup("3.0.14-1~deb12u1");
		x->status = DD_STATUS_FIXED;
		x->severity = DD_SEV_LOW;
		x->target = dd_xstrdup("debian 12.8 (OS packages)");
		dd_findings_sort(&f);
	}
	s = render(DD_REPORT_SARIF, &f, NULL, path, sizeof(path));
	T_ASSERT(s);
	root = json_loads(s, 0, &je);
	T_ASSERT(root);
	T_EQ_STR(json_string_value(json_object_get(root, "version")), "2.1.0");
	run = json_array_get(json_object_get(root, "runs"), 0);
	rules = json_object_get(json_object_get(json_object_get(run, "tool"), "driver"), "rules");
	results = json_object_get(run, "results");
	T_EQ_INT(json_array_size(rules), 4);
	T_EQ_INT(json_array_size(results), 5);
	json_array_foreach(results, i, r) {
		json_t *rule = json_array_get(rules, (size_t)json_integer_value(json_object_get(r, "ruleIndex")));

		T_EQ_STR(json_string_value(json_object_get(rule, "id")),
			 json_string_value(json_object_get(r, "ruleId")));
	}
	/* GitHub ranks by security-severity: the CVSS score when it agrees with the severity */
	json_array_foreach(rules, i, r) {
		const char *id = json_string_value(json_object_get(r, "id"));
		const char *ss = json_string_value(
			json_object_get(json_object_get(r, "properties"), "security-severity"));

		T_ASSERT(ss);
		if (strcmp(id, "GHSA-p6mc-m468-83gw") == 0)
			T_EQ_STR(ss, "7.4");
		if (strcmp(id, "CVE-2024-5535") == 0)
			T_EQ_STR(ss, "2.0");	/* Debian says LOW; the CVSS 9.1 is not used */
		if (strcmp(id, "CVE-2023-0001") == 0)
			T_EQ_STR(json_string_value(json_object_get(
					 json_object_get(r, "defaultConfiguration"), "level")),
				 "error");
	}
	r = json_array_get(results, 0);
	T_EQ_STR(json_string_value(json_object_get(json_object_get(json_object_get(
			 json_array_get(json_object_get(r, "locations"), 0), "physicalLocation"),
			 "artifactLocation"), "uri")),
		 "app/package-lock.json");
	json_decref(root);
	v = validate("sarif-2.1.0.schema.json", path);
	if (v < 0)
		t_skip("ajv not available (node/npm)");
	else
		T_EQ_INT(v, 1);
	free(s);
	unlink(path);
	dd_findings_release(&f);
}

TEST(report_cyclonedx_valid_with_vulnerabilities)
{
	struct dd_findings f;
	struct dd_report_opts opts = { .timestamp = "2026-11-22T00:00:00Z" };
	char path[4096];
	char *s, *s2;
	json_t *root, *vulns, *comps, *v;
	json_error_t je;
	size_t i;
	int val;

	sample(&f);
	s = render(DD_REPORT_CYCLONEDX, &f, &opts, path, sizeof(path));
	T_ASSERT(s);
	root = json_loads(s, 0, &je);
	T_ASSERT(root);
	T_EQ_STR(json_string_value(json_object_get(root, "specVersion")), "1.6");
	comps = json_object_get(root, "components");
	vulns = json_object_get(root, "vulnerabilities");
	T_EQ_INT(json_array_size(comps), 3);	/* libssl3 once, libc6, lodash */
	T_EQ_INT(json_array_size(vulns), 4);
	json_array_foreach(vulns, i, v) {
		const char *id = json_string_value(json_object_get(v, "id"));
		json_t *aff = json_array_get(json_object_get(v, "affects"), 0);

		T_ASSERT(aff);
		if (strcmp(id, "CVE-2024-5535") == 0) {
			T_EQ_STR(json_string_value(json_object_get(aff, "ref")),
				 "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12.8");
			T_EQ_STR(json_string_value(json_object_get(
					 json_array_get(json_object_get(v, "ratings"), 0), "severity")),
				 "low");
			T_EQ_STR(json_string_value(json_object_get(v, "recommendation")),
				 "Upgrade libssl3 to 3.0.14-1~deb12u1 or later.");
		}
	}
	json_decref(root);
	val = validate("bom-1.6.SNAPSHOT.schema.json", path);
	if (val < 0)
		t_skip("ajv not available (node/npm)");
	else
		T_EQ_INT(val, 1);
	unlink(path);
	/* same input, same time stamp: same serial number, byte-identical output */
	s2 = render(DD_REPORT_CYCLONEDX, &f, &opts, path, sizeof(path));
	T_ASSERT(s2);
	T_EQ_STR(s2, s);
	free(s);
	free(s2);
	unlink(path);
	dd_findings_release(&f);
}

TEST(report_format_names)
{
	enum dd_report_format fmt;

	T_EQ_INT(dd_report_format_parse("sarif", &fmt), 0);
	T_EQ_INT(fmt, DD_REPORT_SARIF);
	T_EQ_INT(dd_report_format_parse("CycloneDX", &fmt), 0);
	T_EQ_INT(fmt, DD_REPORT_CYCLONEDX);
	T_EQ_INT(dd_report_format_parse("xml", &fmt), -DDE_NOTFOUND);
}

TEST(report_sbom_uuid_streamed_equals_text)
{
	/* the serial number is hashed while the JSON is serialised: the same
	 * UUID as hashing the prefix and the compact text */
	json_t *j = json_pack("[{s:s, s:s, s:[i, f, b, n]}, {s:s}]", "name", "curl",
			      "version", "7.88.1-10+deb12u5", "n", 1, 2.5, 1, "purl",
			      "pkg:deb/debian/curl@7.88.1?arch=amd64");
	char *text = json_dumps(j, JSON_COMPACT);
	char *seed = dd_xasprintf("image.tar\nsha256:abc\n%s", text);
	char a[37], b[37], c[37];

	dd_sbom_uuid(seed, strlen(seed), a);
	dd_sbom_uuid_json("image.tar\nsha256:abc\n", 21, j, b);
	T_EQ_STR(a, b);
	T_EQ_INT(a[14], '5');	/* version 5 layout */
	dd_sbom_uuid_json("image.tar\nsha256:abd\n", 21, j, c);
	T_EXPECT(strcmp(a, c) != 0);
	free(seed);
	free(text);
	json_decref(j);
}
