/*
 * fuzz/debian_fuzz.c: fuzz target of the debian importer's parser (input
 * named "list").
 */
#include "vulndb_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_feed(&dd_feed_debian, "list", data, size);
}
