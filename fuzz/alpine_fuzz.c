/*
 * fuzz/alpine_fuzz.c: fuzz target of the alpine importer's parser (input
 * named "main.json").
 */
#include "vulndb_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_feed(&dd_feed_alpine, "main.json", data, size);
}
