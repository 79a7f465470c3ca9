/*
 * fuzz/lang_py_pylock_fuzz.c: libFuzzer target for dd_py_parse_pylock (pylock.toml).
 */
#include <stdint.h>

#include "inventory/lang.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;

	dd_inventory_new(&inv);
	(void)dd_py_parse_pylock("pylock.toml", dd_slice_of(data, size), inv, &e);
	dd_inventory_free(inv);
	dd_err_release(&e);
	return 0;
}
