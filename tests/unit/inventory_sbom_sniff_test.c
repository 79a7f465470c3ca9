/*
 * tests/unit/inventory_sbom_sniff_test.c: dd_sbom_sniff, the one check the
 * scan and sbom commands use to tell an SBOM file from an image or a
 * directory, on real files from ../shared/testdata: Trivy's CycloneDX and
 * SPDX SBOMs, a JSON report that is no SBOM, a text file, a directory;
 * and the rpm modularity label read from Trivy's CycloneDX property.
 */
#include "t.h"
#include "inventory/collect.h"
#include "inventory/inventory.h"

TEST(sbom_sniff_targets)
{
	T_EQ_INT(dd_sbom_sniff(t_shared_path("testdata/inputs/trivy-integration/sbom/centos-7-cyclonedx.json")),
		 DD_SNIFF_SBOM);
	T_EQ_INT(dd_sbom_sniff(t_shared_path("testdata/inputs/trivy-integration/sbom/centos-7-spdx.json")),
		 DD_SNIFF_SBOM);
	/* a Trivy JSON report: JSON, not an SBOM */
	T_EQ_INT(dd_sbom_sniff(t_shared_path("testdata/peers/trivy/alpine-310.json.golden")), DD_SNIFF_JSON);
	/* SPDX tag-value is not JSON: left to the image reader (which rejects it) */
	T_EQ_INT(dd_sbom_sniff(t_shared_path("testdata/inputs/trivy-integration/sbom/centos-7-spdx.txt")),
		 DD_SNIFF_OTHER);
	T_EQ_INT(dd_sbom_sniff(t_shared_path("testdata/inputs/trivy-fanal/os/release/testdata/alpine")),
		 DD_SNIFF_OTHER);
	T_EQ_INT(dd_sbom_sniff(t_shared_path("testdata/inputs/trivy-integration/repo/npm")), DD_SNIFF_NOT_FILE);
	T_EQ_INT(dd_sbom_sniff("/nonexistent/drydock/sbom.json"), DD_SNIFF_NOT_FILE);
}

/* Trivy's CycloneDX carries the rpm modularity label as a property; the matcher needs it. */
TEST(sbom_trivy_modularity_label)
{
	static const char doc[] =
		"{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\", \"components\": ["
		"{\"type\": \"operating-system\", \"name\": \"rocky\", \"version\": \"8.5\"},"
		"{\"type\": \"library\", \"name\": \"nodejs\", "
		"\"purl\": \"pkg:rpm/rocky/nodejs@12.22.5-1.module%2Bel8.4.0%2B643%2B4dae0ad6?arch=x86_64&epoch=1\","
		"\"properties\": [{\"name\": \"aquasecurity:trivy:Modularitylabel\","
		" \"value\": \"nodejs:12:8040020210817085431:c0a6a8a1\"}]}]}";
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;

	dd_inventory_new(&inv);
	T_ASSERT(dd_sbom_read(inv, dd_slice_of(doc, sizeof(doc) - 1), "trivy.cdx.json", &e) == 0);
	T_ASSERT(inv->n_pkgs == 1);
	T_EQ_STR(inv->pkgs[0].modularity, "nodejs:12:8040020210817085431:c0a6a8a1");
	T_EQ_STR(inv->pkgs[0].version, "1:12.22.5-1.module+el8.4.0+643+4dae0ad6");
	dd_inventory_free(inv);
	dd_err_release(&e);
}
