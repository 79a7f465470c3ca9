/*
 * fuzz/sbom_read_fuzz.c: libFuzzer target for reading SBOMs (CycloneDX,
 * SPDX, drydock JSON) into an inventory, then writing it back as CycloneDX
 * to a discarded temporary file so the writers see whatever the reader accepted.
 */
#include <stddef.h>
#include <stdint.h>

#include "inventory/collect.h"
#include "report/sbom.h"
#include "util/log.h"
#include "util/out.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dd_inventory *inv;
	struct dd_err e = DD_ERR_INIT;
	struct dd_sbom_target t = { "fuzz", NULL };
	struct dd_out *o = NULL;

	dd_log.quiet = true;
	dd_inventory_new(&inv);
	(void)dd_sbom_detect(dd_slice_of(data, size));
	if (dd_sbom_read(inv, dd_slice_of(data, size), "fuzz.json", &e) == 0 &&
	    dd_out_open(&o, "/tmp/drydock-fuzz-sbom.json", &e) == 0) {
		dd_sbom_write_cyclonedx(o, inv, &t, &e);
		dd_sbom_write_spdx(o, inv, &t, &e);
		dd_out_fail(o, -DDE_INTERNAL);	/* discard: the temporary is removed */
		dd_out_close(o, NULL);
	}
	dd_err_release(&e);
	dd_inventory_free(inv);
	return 0;
}
