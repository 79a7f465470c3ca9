/*
 * fuzz/dpkg_status_fuzz.c: libFuzzer target for the dpkg status parser
 * (dd_dpkg_parse_status), as the main status file and as a status.d entry.
 */
#include <stddef.h>
#include <stdint.h>

#include "inventory/collect.h"
#include "util/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dd_inventory *inv;

	dd_log.quiet = true;
	dd_inventory_new(&inv);
	dd_dpkg_parse_status(inv, dd_slice_of(data, size), "var/lib/dpkg/status");
	dd_dpkg_parse_status(inv, dd_slice_of(data, size), "var/lib/dpkg/status.d/x");
	dd_inventory_free(inv);
	return 0;
}
