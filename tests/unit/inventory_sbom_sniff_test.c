/*
 * tests/unit/inventory_sbom_sniff_test.c: dd_sbom_sniff, the one check the
 * scan and sbom commands use to tell an SBOM file from an image or a
 * directory, on real files from ../shared/testdata: Trivy's CycloneDX and
 * SPDX SBOMs, a JSON report that is no SBOM, a text file, a directory.
 */
#include "t.h"
#include "inventory/collect.h"

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
