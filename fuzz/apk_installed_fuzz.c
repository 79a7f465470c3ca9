/*
 * fuzz/apk_installed_fuzz.c: libFuzzer target for the apk installed
 * database parser (dd_apk_parse_installed), then purls for what it found.
 */
#include <stddef.h>
#include <stdint.h>

#include "inventory/collect.h"
#include "inventory/purl.h"
#include "util/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dd_inventory *inv;

	dd_log.quiet = true;
	dd_inventory_new(&inv);
	dd_apk_parse_installed(inv, dd_slice_of(data, size), "lib/apk/db/installed");
	dd_purl_fill_os(inv);
	dd_inventory_free(inv);
	return 0;
}
