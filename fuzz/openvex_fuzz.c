/*
 * fuzz/openvex_fuzz.c: the OpenVEX JSON parser, then the filter applying
 * the parsed statements to a small set of findings.
 */
#include <stdint.h>
#include <stdlib.h>

#include "match/match.h"
#include "util/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dd_vex *vex = NULL;
	struct dd_err e = DD_ERR_INIT;

	if (dd_vex_parse(&vex, dd_slice_of(data, size), "fuzz.json", &e) == 0) {
		struct dd_findings f;
		struct dd_finding *x;
		struct dd_filter_opts o = { 0 };

		dd_findings_init(&f);
		x = dd_findings_add(&f);
		x->id = dd_xstrdup("CVE-2024-1");
		x->pkg_name = dd_xstrdup("lodash");
		x->pkg_purl = dd_xstrdup("pkg:npm/lodash@4.17.15");
		x = dd_findings_add(&f);
		x->id = dd_xstrdup("GHSA-1");
		x->pkg_name = dd_xstrdup("zlib");
		o.vex = vex;
		dd_filter_apply(&f, &o);
		dd_findings_release(&f);
	}
	dd_vex_free(vex);
	dd_err_release(&e);
	return 0;
}
