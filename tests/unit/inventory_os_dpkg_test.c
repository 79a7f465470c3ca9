/*
 * tests/unit/inventory_os_dpkg_test.c: the dpkg status parser on Trivy's
 * and Grype's real status files, checked against dpkg-query run on the same
 * file; source fields; state filtering; malformed input; layer attribution.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "t.h"
#include "inventory/collect.h"
#include "util/buf.h"
#include "util/log.h"

/* The section "-- name --" of a txtar archive (caller frees), or NULL. */
static char *txtar_section(const char *txt, const char *name, size_t *len)
{
	char hdr[256];
	const char *s, *e;

	snprintf(hdr, sizeof(hdr), "-- %s --\n", name);
	s = strstr(txt, hdr);
	if (!s)
		return NULL;
	s += strlen(hdr);
	e = strstr(s, "\n-- ");
	e = e ? e + 1 : s + strlen(s);
	*len = (size_t)(e - s);
	return strndup(s, *len);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted "name\tversion\tarch\n" lines of the inventory's packages (caller frees). */
static char *inv_lines(const struct dd_inventory *inv)
{
	struct dd_buf b = DD_BUF_INIT;
	char **l = calloc(inv->n_pkgs + 1, sizeof(*l));
	size_t i;

	for (i = 0; i < inv->n_pkgs; i++)
		if (asprintf(&l[i], "%s\t%s\t%s\n", inv->pkgs[i].name, inv->pkgs[i].version,
			     inv->pkgs[i].arch ? inv->pkgs[i].arch : "") < 0)
			abort();
	qsort(l, inv->n_pkgs, sizeof(*l), cmp_str);
	for (i = 0; i < inv->n_pkgs; i++) {
		dd_buf_adds(&b, l[i]);
		free(l[i]);
	}
	free(l);
	return dd_buf_detach(&b, NULL);
}

/* dpkg-query's view of a status file: installed-ish packages, sorted (caller frees). */
static char *dpkg_query_lines(const char *status, size_t len)
{
	char dir[] = "/tmp/dd-dpkgq.XXXXXX", path[256], cmd[512];
	struct dd_buf b = DD_BUF_INIT;
	FILE *f, *p;
	char line[4096];

	if (!mkdtemp(dir))
		return NULL;
	snprintf(path, sizeof(path), "%s/status", dir);
	f = fopen(path, "w");
	fwrite(status, 1, len, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd),
		 "dpkg-query --admindir=%s -W -f '${db:Status-Status}\\t${Package}\\t${Version}\\t"
		 "${Architecture}\\n' 2>/dev/null | grep -E '^(installed|unpacked|half-configured|"
		 "triggers-awaiting|triggers-pending)\t' | cut -f2- | LC_ALL=C sort", dir);
	p = popen(cmd, "r");
	while (p && fgets(line, sizeof(line), p))
		dd_buf_adds(&b, line);
	if (p)
		pclose(p);
	unlink(path);
	rmdir(dir);
	return dd_buf_detach(&b, NULL);
}

static const struct dd_pkg *find(const struct dd_inventory *inv, const char *name)
{
	size_t i;

	for (i = 0; i < inv->n_pkgs; i++)
		if (strcmp(inv->pkgs[i].name, name) == 0)
			return &inv->pkgs[i];
	return NULL;
}

/* Checks the layers attributed to package name. */
static void expect_layers(const struct dd_inventory *inv, const char *name, int first, int last)
{
	const struct dd_pkg *p = find(inv, name);

	T_ASSERT(p);
	if (p->layer_first != first || p->layer_last != last)
		t_fail(__FILE__, __LINE__, "%s: layers %d..%d, want %d..%d", name,
		       p->layer_first, p->layer_last, first, last);
}

static void check_file_against_dpkg_query(const char *rel, bool txtar, size_t min_pkgs)
{
	struct dd_inventory *inv;
	char *txt, *status, *mine, *ref;
	size_t len;

	txt = t_read_file(t_shared_path(rel), &len);
	if (!txt) {
		t_skip("shared test data missing");
		return;
	}
	status = txtar ? txtar_section(txt, "var/lib/dpkg/status", &len) : strndup(txt, len);
	T_ASSERT(status);
	dd_inventory_new(&inv);
	T_EQ_INT(dd_dpkg_parse_status(inv, dd_slice_of(status, len), "var/lib/dpkg/status"), 0);
	T_EXPECT(inv->n_pkgs >= min_pkgs);
	mine = inv_lines(inv);
	ref = dpkg_query_lines(status, len);
	T_ASSERT(ref && *ref);
	if (strcmp(mine, ref) != 0)
		t_fail(__FILE__, __LINE__, "%s: drydock:\n%s\ndpkg-query:\n%s", rel, mine, ref);
	free(mine);
	free(ref);
	free(status);
	free(txt);
	dd_inventory_free(inv);
}

TEST(dpkg_matches_dpkg_query_on_trivy_valid)
{
	check_file_against_dpkg_query("testdata/inputs/trivy-fanal/pkg/dpkg/testdata/valid.txtar", true, 80);
}

TEST(dpkg_matches_dpkg_query_on_trivy_corrupted)
{
	check_file_against_dpkg_query("testdata/inputs/trivy-fanal/pkg/dpkg/testdata/corrupsed.txtar",
				      true, 4);
}

TEST(dpkg_matches_dpkg_query_on_trivy_small_files)
{
	check_file_against_dpkg_query("testdata/inputs/trivy-fanal/pkg/dpkg/testdata/third-party.txtar",
				      true, 1);
	check_file_against_dpkg_query("testdata/inputs/trivy-fanal/pkg/dpkg/testdata/digest.txtar", true, 1);
	check_file_against_dpkg_query("testdata/inputs/trivy-fanal/pkg/dpkg/testdata/only-apt.txtar", true, 1);
}

TEST(dpkg_matches_dpkg_query_on_grype_debian)
{
	check_file_against_dpkg_query(
		"testdata/inputs/grype-match-coverage/image-debian-match-coverage/var/lib/dpkg/status",
		false, 1);
}

TEST(dpkg_source_fields)
{
	static const char st[] =
		"Package: libgcc1\nStatus: install ok installed\nArchitecture: amd64\n"
		"Maintainer: Ubuntu Core <u@example.org>\nSource: gcc-5 (5.1.1-12ubuntu1)\n"
		"Version: 1:5.1.1-12ubuntu1\n\n"
		"Package: fdisk\nStatus: install ok installed\nArchitecture: amd64\nSource: util-linux\n"
		"Version: 2.31.1-0.4ubuntu3.1\n\n"
		"Package: bash\nStatus: install ok installed\nArchitecture: amd64\n"
		"Source: bash (5.2.15-2)\nVersion: 5.2.15-2+b13\n";
	struct dd_inventory *inv;
	const struct dd_pkg *p;

	dd_inventory_new(&inv);
	dd_dpkg_parse_status(inv, dd_slice_str(st), "var/lib/dpkg/status");
	T_EQ_INT(inv->n_pkgs, 3);
	T_EQ_INT(inv->n_warnings, 0);
	T_ASSERT((p = find(inv, "libgcc1")));
	T_EQ_STR(p->src_name, "gcc-5");
	T_EQ_STR(p->src_version, "5.1.1-12ubuntu1");
	T_EQ_STR(p->maintainer, "Ubuntu Core <u@example.org>");
	T_EQ_STR(p->found_in, "var/lib/dpkg/status");
	T_EQ_INT(p->eco, DD_ECO_DPKG);
	T_ASSERT((p = find(inv, "fdisk")));
	T_EQ_STR(p->src_name, "util-linux");
	T_EXPECT(p->src_version == NULL);
	T_ASSERT((p = find(inv, "bash")));
	T_EXPECT(p->src_name == NULL);
	T_EQ_STR(p->src_version, "5.2.15-2");
	dd_inventory_free(inv);
}

TEST(dpkg_skips_packages_not_installed)
{
	static const char st[] =
		"Package: a\nStatus: install ok installed\nVersion: 1\nArchitecture: all\n\n"
		"Package: b\nStatus: deinstall ok config-files\nVersion: 1\nArchitecture: all\n\n"
		"Package: c\nStatus: install reinstreq half-installed\nVersion: 1\nArchitecture: all\n\n"
		"Package: d\nStatus: purge ok not-installed\nArchitecture: all\n\n"
		"Package: e\nStatus: install ok unpacked\nVersion: 1\nArchitecture: all\n\n"
		"Package: f\nStatus: install ok triggers-pending\nVersion: 2\nArchitecture: all\n";
	struct dd_inventory *inv;

	dd_inventory_new(&inv);
	dd_dpkg_parse_status(inv, dd_slice_str(st), "var/lib/dpkg/status");
	T_EQ_INT(inv->n_pkgs, 3);
	T_EXPECT(find(inv, "a") && find(inv, "e") && find(inv, "f"));
	T_EQ_INT(inv->n_warnings, 0);
	dd_inventory_free(inv);
}

TEST(dpkg_distroless_entry_without_status)
{
	static const char st[] = "Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n";
	struct dd_inventory *inv;

	dd_inventory_new(&inv);
	dd_dpkg_parse_status(inv, dd_slice_str(st), "var/lib/dpkg/status.d/tzdata");
	T_EQ_INT(inv->n_pkgs, 1);
	dd_inventory_free(inv);
}

TEST(dpkg_malformed_keeps_what_was_parsed)
{
	static const char head[] =
		"Package: good\nStatus: install ok installed\nVersion: 1.0-1\nArchitecture: amd64\n\n"
		"Package: good\nStatus: install ok installed\nVersion: 1.0-2\nArchitecture: amd64\n\n"
		"Package: nover\nStatus: install ok installed\nArchitecture: amd64\n\n"
		"Package: badver\nStatus: install ok installed\nVersion: 1:5.#\n\n"
		"garbage line without colon\n"
		"Package: two\nStatus: install ok installed\nVersion: 2\n"
		"Package: three\nStatus: install ok installed\nVersion: 3\n\n";
	struct dd_inventory *inv;
	struct dd_buf b = DD_BUF_INIT;
	const struct dd_pkg *p;
	size_t i;
	bool quiet = dd_log.quiet;

	dd_buf_adds(&b, head);
	/* an endless line and binary garbage after the good part */
	for (i = 0; i < 200000; i++)
		dd_buf_addch(&b, 'x');
	dd_buf_add(&b, "\n\0\1\2\377Package: \0zz\n\n", 19);
	dd_log.quiet = true;
	dd_inventory_new(&inv);
	T_EQ_INT(dd_dpkg_parse_status(inv, dd_buf_slice(&b), "var/lib/dpkg/status"), 0);
	dd_log.quiet = quiet;
	T_EQ_INT(inv->n_pkgs, 3);
	T_ASSERT((p = find(inv, "good")));
	T_EQ_STR(p->version, "1.0-1");
	T_EXPECT(find(inv, "two") && find(inv, "three"));
	T_EXPECT(inv->n_warnings >= 5);
	dd_inventory_free(inv);
	dd_buf_release(&b);
}

TEST(dpkg_layer_attribution)
{
	static const char v0[] =
		"Package: a\nStatus: install ok installed\nVersion: 1\nArchitecture: all\n\n"
		"Package: b\nStatus: install ok installed\nVersion: 1\nArchitecture: all\n";
	static const char v1[] =
		"Package: a\nStatus: install ok installed\nVersion: 1\nArchitecture: all\n\n"
		"Package: b\nStatus: install ok installed\nVersion: 2\nArchitecture: all\n\n"
		"Package: c\nStatus: install ok installed\nVersion: 1\nArchitecture: all\n";
	static const char v2[] =
		"Package: a\nStatus: install ok installed\nVersion: 1\nArchitecture: all\n\n"
		"Package: b\nStatus: install ok installed\nVersion: 2\nArchitecture: all\n\n"
		"Package: c\nStatus: install ok installed\nVersion: 1\nArchitecture: all\n\n"
		"Package: d\nStatus: install ok installed\nVersion: 1\nArchitecture: all\n";
	struct dd_file_version vs[3] = {
		{ 0, { v0, sizeof(v0) - 1 } }, { 1, { v1, sizeof(v1) - 1 } }, { 3, { v2, sizeof(v2) - 1 } },
	};
	struct dd_file f = { "var/lib/dpkg/status", { v2, sizeof(v2) - 1 }, 3, 0100644, sizeof(v2) - 1,
			     vs, 3 };
	struct dd_inventory *inv;

	dd_inventory_new(&inv);
	dd_dpkg_parse_status(inv, f.data, f.path);
	dd_collect_attribute(inv, 0, &f, dd_dpkg_parse_status);
	expect_layers(inv, "a", 0, 0);
	expect_layers(inv, "b", 0, 1);
	expect_layers(inv, "c", 1, 1);
	expect_layers(inv, "d", 3, 3);
	dd_inventory_free(inv);
}

/* A package removed in one layer and installed again later: its first layer
 * is the reinstalling one, not the first it ever appeared in. */
TEST(dpkg_layer_attribution_reinstalled)
{
	static const char v0[] =
		"Package: a\nStatus: install ok installed\nVersion: 1\nArchitecture: all\n\n"
		"Package: x\nStatus: install ok installed\nVersion: 1\nArchitecture: all\n";
	static const char v1[] =	/* x removed (config files kept: not installed) */
		"Package: a\nStatus: install ok installed\nVersion: 1\nArchitecture: all\n\n"
		"Package: x\nStatus: deinstall ok config-files\nVersion: 1\nArchitecture: all\n";
	static const char v2[] =	/* x back, same version */
		"Package: a\nStatus: install ok installed\nVersion: 1\nArchitecture: all\n\n"
		"Package: x\nStatus: install ok installed\nVersion: 1\nArchitecture: all\n";
	static const char v3[] =	/* z new */
		"Package: a\nStatus: install ok installed\nVersion: 1\nArchitecture: all\n\n"
		"Package: x\nStatus: install ok installed\nVersion: 1\nArchitecture: all\n\n"
		"Package: z\nStatus: install ok installed\nVersion: 2\nArchitecture: all\n";
	struct dd_file_version vs[4] = {
		{ 0, { v0, sizeof(v0) - 1 } }, { 1, { v1, sizeof(v1) - 1 } },
		{ 2, { v2, sizeof(v2) - 1 } }, { 4, { v3, sizeof(v3) - 1 } },
	};
	struct dd_file f = { "var/lib/dpkg/status", { v3, sizeof(v3) - 1 }, 4, 0100644, sizeof(v3) - 1,
			     vs, 4 };
	struct dd_inventory *inv;

	dd_inventory_new(&inv);
	dd_dpkg_parse_status(inv, f.data, f.path);
	dd_collect_attribute(inv, 0, &f, dd_dpkg_parse_status);
	expect_layers(inv, "a", 0, 0);
	expect_layers(inv, "x", 2, 2);
	expect_layers(inv, "z", 4, 4);
	/* the final copy itself without an older one: final layer */
	vs[2].data = dd_slice_of(v1, sizeof(v1) - 1);
	dd_inventory_free(inv);
	dd_inventory_new(&inv);
	dd_dpkg_parse_status(inv, f.data, f.path);
	dd_collect_attribute(inv, 0, &f, dd_dpkg_parse_status);
	expect_layers(inv, "x", 4, 4);
	dd_inventory_free(inv);
}
