/*
 * fuzz/lang_ruby_gemfile_fuzz.c: libFuzzer target for dd_ruby_parse_gemfile_lock (Gemfile.lock).
 */
#include <stdint.h>

#include "inventory/lang.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;

	dd_inventory_new(&inv);
	(void)dd_ruby_parse_gemfile_lock("Gemfile.lock", dd_slice_of(data, size), inv, &e);
	dd_inventory_free(inv);
	dd_err_release(&e);
	return 0;
}
