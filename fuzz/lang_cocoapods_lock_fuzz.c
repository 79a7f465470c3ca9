/*
 * fuzz/lang_cocoapods_lock_fuzz.c: libFuzzer target for dd_cocoapods_parse_podfile_lock (Podfile.lock).
 */
#include <stdint.h>

#include "inventory/lang.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;

	dd_inventory_new(&inv);
	(void)dd_cocoapods_parse_podfile_lock("Podfile.lock", dd_slice_of(data, size), inv, &e);
	dd_inventory_free(inv);
	dd_err_release(&e);
	return 0;
}
