/*
 * fuzz/epss_fuzz.c: fuzz target of the epss importer's parser (input
 * named "epss.csv").
 */
#include "vulndb_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_feed(&dd_feed_epss, "epss.csv", data, size);
}
