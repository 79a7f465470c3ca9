/*
 * tests/unit/inventory_os_release_test.c: os-release and the other release
 * files (Trivy's and Grype's real ones), the apk database parser, and
 * package URLs (building, encoding, parsing back).
 */
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "inventory/collect.h"
#include "inventory/purl.h"
#include "util/buf.h"
#include "util/log.h"

static void os_clear(struct dd_os *os)
{
	free(os->family);
	free(os->version_id);
	free(os->codename);
	free(os->pretty_name);
	free(os->id_like);
	memset(os, 0, sizeof(*os));
}

static bool read_os(const char *rel, struct dd_os *os, bool release)
{
	size_t len;
	char *d = t_read_file(t_shared_path(rel), &len);

	if (!d)
		return false;
	if (release)
		dd_os_parse_release(os, dd_slice_of(d, len), rel, true);
	else
		dd_os_parse_other(os, dd_slice_of(d, len), rel);
	free(d);
	return true;
}

#define REL "testdata/inputs/trivy-fanal/os/release/testdata/"

TEST(os_release_real_files)
{
	static const struct {
		const char *file, *id, *version;
	} cases[] = {
		{ "alpine", "alpine", "3.15.4" },
		{ "centos", "centos", "7" },
		{ "rocky", "rocky", "9.3" },
		{ "fedora", "fedora", "42" },
		{ "unknown", "unknown", "4.3.2" },
		{ "no-id", NULL, "3.15.4" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dd_os os = { 0 };
		char rel[256];

		snprintf(rel, sizeof(rel), REL "%s", cases[i].file);
		if (!read_os(rel, &os, true)) {
			t_skip("shared test data missing");
			return;
		}
		if (cases[i].id)
			T_EQ_STR(os.family, cases[i].id);
		else
			T_EXPECT(os.family == NULL);
		if (cases[i].version)
			T_EQ_STR(os.version_id, cases[i].version);
		T_EXPECT(os.pretty_name != NULL || strcmp(cases[i].file, "unknown") == 0);
		os_clear(&os);
	}
}

TEST(os_release_grype_debian_and_quoting)
{
	struct dd_os os = { 0 };
	static const char q[] = "ID=\"debian\"\nVERSION_ID='12'\nVERSION_CODENAME=bookworm\n"
				"PRETTY_NAME=\"Debian \\\"GNU\\\"/Linux 12 (bookworm)\"\n# comment\nNOEQ\n";
	bool quiet = dd_log.quiet;

	T_ASSERT(read_os("testdata/inputs/grype-match-coverage/image-debian-match-coverage/usr/lib/os-release",
			 &os, true));
	T_EQ_STR(os.family, "debian");
	T_EXPECT(os.version_id != NULL);
	os_clear(&os);
	dd_log.quiet = true;
	dd_os_parse_release(&os, dd_slice_str(q), "etc/os-release", true);
	dd_log.quiet = quiet;
	T_EQ_STR(os.family, "debian");
	T_EQ_STR(os.version_id, "12");
	T_EQ_STR(os.codename, "bookworm");
	T_EQ_STR(os.pretty_name, "Debian \"GNU\"/Linux 12 (bookworm)");
	os_clear(&os);
}

TEST(os_other_release_files)
{
	static const struct {
		const char *file, *id, *version;
	} cases[] = {
		{ "redhatbase/testdata/centos/centos-release", "centos", "7.6.1810" },
		{ "redhatbase/testdata/alma/almalinux-release", "almalinux", "8.4" },
		{ "redhatbase/testdata/rocky/rocky-release", "rocky", "8.4" },
		{ "redhatbase/testdata/fedora_29/fedora-release", "fedora", "29" },
		{ "redhatbase/testdata/oracle_7/oracle-release", "ol", "7.6" },
		{ "redhatbase/testdata/redhat_6/redhat-release", "rhel", "6.2" },
		{ "debian/testdata/debian_9/etc/debian_version", "debian", "9" },
		{ "debian/testdata/debian_sid/etc/debian_version", "debian", NULL },
		{ "ubuntu/testdata/lsb-release", "ubuntu", "18.04" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dd_os os = { 0 };
		char rel[256];

		snprintf(rel, sizeof(rel), "testdata/inputs/trivy-fanal/os/%s", cases[i].file);
		if (!read_os(rel, &os, false)) {
			t_skip("shared test data missing");
			return;
		}
		T_EQ_STR(os.family, cases[i].id);
		if (cases[i].version)
			T_EQ_STR(os.version_id, cases[i].version);
		else
			T_EXPECT(os.version_id == NULL);
		os_clear(&os);
	}
}

static const struct dd_pkg *find(const struct dd_inventory *inv, const char *name)
{
	size_t i;

	for (i = 0; i < inv->n_pkgs; i++)
		if (strcmp(inv->pkgs[i].name, name) == 0)
			return &inv->pkgs[i];
	return NULL;
}

TEST(apk_trivy_installed_db)
{
	struct dd_inventory *inv;
	const struct dd_pkg *p;
	bool quiet = dd_log.quiet;
	size_t len, i, n_p = 0;
	char *d = t_read_file(t_shared_path("testdata/inputs/trivy-fanal/pkg/apk/testdata/apk"), &len);

	if (!d) {
		t_skip("shared test data missing");
		return;
	}
	for (i = 0; i + 2 < len; i++)
		if ((i == 0 || d[i - 1] == '\n') && d[i] == 'P' && d[i + 1] == ':')
			n_p++;
	dd_inventory_new(&inv);
	dd_log.quiet = true;
	dd_apk_parse_installed(inv, dd_slice_of(d, len), "lib/apk/db/installed");
	dd_log.quiet = quiet;
	/* every P: entry but the one without a version */
	T_EQ_INT(inv->n_pkgs, n_p - 1);
	T_EQ_INT(inv->n_warnings, 1);
	T_EXPECT(find(inv, "invalidPackageWithoutAVersion") == NULL);
	T_ASSERT((p = find(inv, "musl")));
	T_EQ_STR(p->version, "1.1.14-r10");
	T_EQ_STR(p->arch, "x86_64");
	T_EQ_STR(p->license, "MIT");
	T_EQ_STR(p->maintainer, "Timo Teräs <timo.teras@iki.fi>");
	T_EXPECT(p->src_name == NULL);
	T_EQ_INT(p->eco, DD_ECO_APK);
	T_ASSERT((p = find(inv, "busybox")));
	T_EQ_STR(p->version, "1.24.2-r9");
	dd_inventory_free(inv);
	free(d);
}

TEST(apk_grype_and_malformed)
{
	static const char bad[] = "P:a\nV:1-r0\nA:x86_64\no:base\n\nnot a field\nP:b\nV:2\nP:c\nV:3\n\n\377\0garbage";
	struct dd_inventory *inv;
	const struct dd_pkg *p;
	bool quiet = dd_log.quiet;
	size_t len;
	char *d = t_read_file(t_shared_path(
		"testdata/inputs/grype-match-coverage/image-alpine-match-coverage/lib/apk/db/installed"), &len);

	T_ASSERT(d);
	dd_inventory_new(&inv);
	dd_apk_parse_installed(inv, dd_slice_of(d, len), "lib/apk/db/installed");
	T_EQ_INT(inv->n_pkgs, 3);
	T_EQ_INT(inv->n_warnings, 0);
	T_ASSERT((p = find(inv, "libvncserver")));
	T_EQ_STR(p->license, "GPL-2.0-or-later");
	dd_inventory_free(inv);
	free(d);

	dd_inventory_new(&inv);
	dd_log.quiet = true;
	dd_apk_parse_installed(inv, dd_slice_of(bad, sizeof(bad) - 1), "lib/apk/db/installed");
	dd_log.quiet = quiet;
	T_EQ_INT(inv->n_pkgs, 3);
	T_ASSERT((p = find(inv, "a")));
	T_EQ_STR(p->src_name, "base");
	T_EXPECT(inv->n_warnings >= 2);
	dd_inventory_free(inv);
}

TEST(purl_build_and_parse)
{
	struct dd_buf b = DD_BUF_INIT;
	struct dd_purl_qual q[] = { { "distro", "debian-12" }, { "arch", "amd64" }, { "epoch", NULL } };
	struct dd_purl p;

	T_EQ_INT(dd_purl_build(&b, "deb", "debian", "curl", "7.88.1-10+deb12u5", q, 3), 0);
	T_EQ_STR(b.buf, "pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&distro=debian-12");
	T_EQ_INT(dd_purl_parse(&p, b.buf), 0);
	T_EQ_STR(p.type, "deb");
	T_EQ_STR(p.ns, "debian");
	T_EQ_STR(p.name, "curl");
	T_EQ_STR(p.version, "7.88.1-10+deb12u5");
	T_EQ_STR(dd_purl_qual(&p, "arch"), "amd64");
	T_EQ_STR(dd_purl_qual(&p, "distro"), "debian-12");
	dd_purl_release(&p);

	dd_buf_reset(&b);
	dd_purl_build(&b, "npm", "@babel", "core", "7.0.0 beta", NULL, 0);
	T_EQ_STR(b.buf, "pkg:npm/%40babel/core@7.0.0%20beta");
	T_EQ_INT(dd_purl_parse(&p, "pkg:npm/%40babel/core@7.0.0%20beta#sub/path"), 0);
	T_EQ_STR(p.ns, "@babel");
	T_EQ_STR(p.version, "7.0.0 beta");
	T_EQ_STR(p.subpath, "sub/path");
	dd_purl_release(&p);

	T_EQ_INT(dd_purl_parse(&p, "pkg:rpm/centos/bash@1:4.2.46-34.el7?Arch=x86_64&epoch=1"), 0);
	T_EQ_STR(p.version, "1:4.2.46-34.el7");
	T_EQ_STR(dd_purl_qual(&p, "arch"), "x86_64");
	dd_purl_release(&p);

	T_EQ_INT(dd_purl_parse(&p, "http://example.org/x"), -DDE_FORMAT);
	T_EQ_INT(dd_purl_parse(&p, "pkg:deb"), -DDE_FORMAT);
	T_EQ_INT(dd_purl_parse(&p, "pkg:deb/debian/a%2"), -DDE_FORMAT);
	T_EQ_INT(dd_purl_parse(&p, "pkg:deb/debian/a%00b"), -DDE_FORMAT);
	T_EQ_INT(dd_purl_eco("deb"), DD_ECO_DPKG);
	T_EQ_STR(dd_purl_type(DD_ECO_RPM), "rpm");
	dd_buf_release(&b);
}

TEST(purl_fill_os_packages)
{
	struct dd_inventory *inv;
	struct dd_pkg *p;

	dd_inventory_new(&inv);
	inv->os.family = strdup("debian");
	inv->os.version_id = strdup("12");
	p = dd_inventory_add(inv);
	p->eco = DD_ECO_DPKG;
	p->name = strdup("curl");
	p->version = strdup("7.88.1-10+deb12u5");
	p->arch = strdup("amd64");
	p = dd_inventory_add(inv);
	p->eco = DD_ECO_RPM;
	p->name = strdup("bash");
	p->version = strdup("1:4.2.46-34.el7");
	p->epoch = 1;
	p->arch = strdup("x86_64");
	dd_purl_fill_os(inv);
	T_EQ_STR(inv->pkgs[0].purl, "pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&distro=debian-12");
	T_EQ_STR(inv->pkgs[1].purl, "pkg:rpm/debian/bash@4.2.46-34.el7?arch=x86_64&distro=debian-12&epoch=1");
	dd_inventory_free(inv);
}
