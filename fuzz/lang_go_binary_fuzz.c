/*
 * fuzz/lang_go_binary_fuzz.c: libFuzzer target for dd_lang_parse_binary (ELF binaries: Go build info, cargo-auditable).
 */
#include <stdint.h>

#include "inventory/lang.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;

	dd_inventory_new(&inv);
	(void)dd_lang_parse_binary("usr/bin/app", dd_slice_of(data, size), inv, &e);
	dd_inventory_free(inv);
	dd_err_release(&e);
	return 0;
}
