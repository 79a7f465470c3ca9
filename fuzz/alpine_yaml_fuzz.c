/*
 * fuzz/alpine_yaml_fuzz.c: fuzz target of the alpine importer's parser (input
 * named "v3.10/main.yaml").
 */
#include "vulndb_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_feed(&dd_feed_alpine, "v3.10/main.yaml", data, size);
}
