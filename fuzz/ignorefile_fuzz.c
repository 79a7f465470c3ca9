/*
 * fuzz/ignorefile_fuzz.c: the .drydockignore YAML parser, then the filter
 * applying the parsed entries to a small set of findings.
 */
#include <stdint.h>
#include <stdlib.h>

#include "match/match.h"
#include "util/log.h"
#include "util/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dd_ignorefile *ig = NULL;
	struct dd_err e = DD_ERR_INIT;

	dd_log.quiet = true;
	if (dd_ignorefile_parse(&ig, dd_slice_of(data, size), "fuzz.yml", &e) == 0) {
		struct dd_findings f;
		struct dd_finding *x;
		struct dd_filter_opts o = { 0 };

		dd_findings_init(&f);
		x = dd_findings_add(&f);
		x->id = dd_xstrdup("CVE-2024-1");
		x->pkg_name = dd_xstrdup("openssl");
		x->pkg_purl = dd_xstrdup("pkg:deb/debian/openssl@3.0");
		o.ignore = ig;
		o.today = "2025-01-01";
		dd_filter_apply(&f, &o);
		dd_findings_release(&f);
	}
	dd_ignorefile_free(ig);
	dd_err_release(&e);
	return 0;
}
