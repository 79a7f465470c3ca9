/*
 * fuzz/nvd_fuzz.c: fuzz target of the nvd importer's parser (input
 * named "nvd.json").
 */
#include "vulndb_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_feed(&dd_feed_nvd, "nvd.json", data, size);
}
