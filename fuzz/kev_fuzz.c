/*
 * fuzz/kev_fuzz.c: fuzz target of the kev importer's parser (input
 * named "kev.json").
 */
#include "vulndb_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_feed(&dd_feed_kev, "kev.json", data, size);
}
