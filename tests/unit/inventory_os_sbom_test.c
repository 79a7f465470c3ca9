/*
 * tests/unit/inventory_os_sbom_test.c: the SBOM writers and reader: an
 * inventory from a real dpkg status file written as CycloneDX 1.6, SPDX 2.3
 * and native JSON, each validated against the official schema (ajv, via
 * tests/lib/validate-json.sh) and read back field for field; Trivy's
 * CycloneDX and SPDX documents of the same image read to the same packages;
 * malformed documents rejected.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "t.h"
#include "inventory/collect.h"
#include "inventory/purl.h"
#include "report/sbom.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/out.h"

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

/* A realistic inventory: Trivy's Ubuntu status file, an OS, a few hand-set fields. */
static struct dd_inventory *sample(void)
{
	struct dd_inventory *inv;
	size_t len, i;
	char *txt = t_read_file(t_shared_path("testdata/inputs/trivy-fanal/pkg/dpkg/testdata/valid.txtar"), &len);
	char *st;
	struct dd_pkg *p;

	if (!txt)
		return NULL;
	st = txtar_section(txt, "var/lib/dpkg/status", &len);
	dd_inventory_new(&inv);
	dd_dpkg_parse_status(inv, dd_slice_of(st, len), "var/lib/dpkg/status");
	free(st);
	free(txt);
	for (i = 0; i < inv->n_pkgs; i++) {
		inv->pkgs[i].layer_first = (int)(i % 2);
		inv->pkgs[i].layer_last = 1;
	}
	p = dd_inventory_add(inv);
	p->eco = DD_ECO_RPM;
	p->name = strdup("openssl-libs");
	p->version = strdup("1:1.0.2k-16.el7");
	p->epoch = 1;
	p->arch = strdup("x86_64");
	p->src_name = strdup("openssl");
	p->license = strdup("OpenSSL and weird/licence");
	p->modularity = strdup("mod:1:2:3");
	p->found_in = strdup("var/lib/rpm/rpmdb.sqlite");
	inv->os.family = strdup("ubuntu");
	inv->os.version_id = strdup("18.04");
	inv->os.codename = strdup("bionic");
	inv->os.pretty_name = strdup("Ubuntu 18.04.2 LTS");
	dd_purl_fill_os(inv);
	dd_inventory_sort(inv);
	return inv;
}

static const char *s0(const char *s)
{
	return s ? s : "";
}

static void same_inventory(const struct dd_inventory *a, const struct dd_inventory *b, const char *what)
{
	size_t i;

	T_EQ_INT(b->n_pkgs, a->n_pkgs);
	T_EQ_STR(s0(b->os.family), s0(a->os.family));
	T_EQ_STR(s0(b->os.version_id), s0(a->os.version_id));
	T_EQ_STR(s0(b->os.codename), s0(a->os.codename));
	for (i = 0; i < a->n_pkgs && i < b->n_pkgs; i++) {
		const struct dd_pkg *x = &a->pkgs[i], *y = &b->pkgs[i];

		if (x->eco != y->eco || strcmp(s0(x->name), s0(y->name)) ||
		    strcmp(s0(x->version), s0(y->version)) || strcmp(s0(x->arch), s0(y->arch)) ||
		    strcmp(s0(x->src_name), s0(y->src_name)) ||
		    strcmp(s0(x->src_version), s0(y->src_version)) || x->epoch != y->epoch ||
		    strcmp(s0(x->license), s0(y->license)) ||
		    strcmp(s0(x->maintainer), s0(y->maintainer)) ||
		    strcmp(s0(x->modularity), s0(y->modularity)) || strcmp(s0(x->purl), s0(y->purl)) ||
		    strcmp(s0(x->found_in), s0(y->found_in)) || x->layer_first != y->layer_first ||
		    x->layer_last != y->layer_last) {
			t_fail(__FILE__, __LINE__, "%s: package %zu differs: %s %s / %s %s (maint %s / %s)",
			       what, i, s0(x->name), s0(x->version), s0(y->name), s0(y->version),
			       s0(x->maintainer), s0(y->maintainer));
			return;
		}
	}
}

static void roundtrip(enum dd_sbom_format f, const char *schema)
{
	struct dd_inventory *inv = sample(), *back = NULL;
	struct dd_sbom_target t = { "ubuntu-test.tar", NULL };
	struct dd_err e = DD_ERR_INIT;
	struct dd_out *o = NULL;
	char path[] = "/tmp/dd-sbom.XXXXXX", cmd[1024];
	char *data;
	size_t len;
	int fd, rc;

	if (!inv) {
		t_skip("shared test data missing");
		return;
	}
	fd = mkstemp(path);
	T_ASSERT(fd >= 0);
	close(fd);
	T_EQ_INT(dd_out_open(&o, path, &e), 0);
	T_EQ_INT(dd_sbom_write(o, f, inv, &t, &e), 0);
	T_EQ_INT(dd_out_close(o, &e), 0);
	data = t_read_file(path, &len);
	T_ASSERT(data);
	T_EXPECT(dd_sbom_detect(dd_slice_of(data, len)));
	if (schema) {
		snprintf(cmd, sizeof(cmd), "%s %s %s", t_tests_path("lib/validate-json.sh"), schema, path);
		rc = system(cmd);
		if (WEXITSTATUS(rc) == 77)
			t_skip("node/npm (ajv) not available: schema not checked");
		else if (rc != 0)
			t_fail(__FILE__, __LINE__, "%s does not validate against %s", path, schema);
	}
	dd_inventory_new(&back);
	T_EQ_INT(dd_sbom_read(back, dd_slice_of(data, len), path, &e), 0);
	same_inventory(inv, back, schema ? schema : "json");
	free(data);
	unlink(path);
	dd_inventory_free(inv);
	dd_inventory_free(back);
	dd_err_release(&e);
}

TEST(sbom_cyclonedx_validates_and_roundtrips)
{
	roundtrip(DD_SBOM_CYCLONEDX, "bom-1.6.SNAPSHOT.schema.json");
}

TEST(sbom_spdx_validates_and_roundtrips)
{
	roundtrip(DD_SBOM_SPDX, "spdx-2.3.schema.json");
}

TEST(sbom_native_json_roundtrips)
{
	roundtrip(DD_SBOM_JSON, NULL);
}

static struct dd_inventory *read_shared(const char *rel)
{
	struct dd_inventory *inv;
	struct dd_err e = DD_ERR_INIT;
	size_t len;
	char *d = t_read_file(t_shared_path(rel), &len);

	if (!d)
		return NULL;
	dd_inventory_new(&inv);
	if (dd_sbom_read(inv, dd_slice_of(d, len), rel, &e) != 0)
		t_fail(__FILE__, __LINE__, "%s: %s", rel, dd_err_msg(&e));
	dd_err_release(&e);
	free(d);
	return inv;
}

TEST(sbom_read_trivy_cyclonedx_and_spdx_agree)
{
	struct dd_inventory *cdx = read_shared("testdata/inputs/trivy-integration/sbom/centos-7-cyclonedx.json");
	struct dd_inventory *spdx = read_shared("testdata/inputs/trivy-integration/sbom/centos-7-spdx.json");
	const struct dd_pkg *p;
	size_t i;

	if (!cdx || !spdx) {
		dd_inventory_free(cdx);
		dd_inventory_free(spdx);
		t_skip("shared test data missing");
		return;
	}
	T_EQ_STR(cdx->os.family, "centos");
	T_EQ_STR(cdx->os.version_id, "7.6.1810");
	T_EQ_STR(spdx->os.family, "centos");
	T_EQ_INT(cdx->n_pkgs, 2);
	T_EQ_INT(spdx->n_pkgs, cdx->n_pkgs);
	for (i = 0; i < cdx->n_pkgs && i < spdx->n_pkgs; i++) {
		T_EQ_STR(spdx->pkgs[i].name, cdx->pkgs[i].name);
		T_EQ_STR(spdx->pkgs[i].version, cdx->pkgs[i].version);
		T_EQ_STR(spdx->pkgs[i].arch, cdx->pkgs[i].arch);
	}
	p = &cdx->pkgs[1];
	T_EQ_STR(p->name, "openssl-libs");
	T_EQ_STR(p->version, "1:1.0.2k-16.el7");
	T_EQ_INT(p->epoch, 1);
	T_EQ_INT(p->eco, DD_ECO_RPM);
	T_EQ_STR(p->src_name, "openssl");
	T_EQ_STR(cdx->pkgs[0].license, "GPLv3+");
	dd_inventory_free(cdx);
	dd_inventory_free(spdx);
}

TEST(sbom_read_rejects_non_sboms)
{
	static const char *const bad[] = {
		"", "not json", "[1,2]", "{\"a\":1}", "{\"bomFormat\":\"CycloneDX\",\"bomFormat\":\"x\"}",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct dd_inventory *inv;
		struct dd_err e = DD_ERR_INIT;

		dd_inventory_new(&inv);
		T_EQ_INT(dd_sbom_read(inv, dd_slice_str(bad[i]), "x.json", &e), -DDE_FORMAT);
		T_EXPECT(strstr(dd_err_msg(&e), "x.json") != NULL);
		dd_err_release(&e);
		dd_inventory_free(inv);
	}
	T_EXPECT(!dd_sbom_detect(dd_slice_str("{\"name\": 1}")));
	T_EXPECT(dd_sbom_detect(dd_slice_str("  {\"spdxVersion\": \"SPDX-2.3\"}")));
}
