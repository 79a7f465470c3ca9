/*
 * fuzz/lang_npm_bun_fuzz.c: libFuzzer target for dd_npm_parse_bun_lock (bun.lock).
 */
#include <stdint.h>

#include "inventory/lang.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;

	dd_inventory_new(&inv);
	(void)dd_npm_parse_bun_lock("bun.lock", dd_slice_of(data, size), inv, &e);
	dd_inventory_free(inv);
	dd_err_release(&e);
	return 0;
}
