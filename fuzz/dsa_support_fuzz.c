/*
 * fuzz/dsa_support_fuzz.c: fuzz target of the dsa_support importer's parser (input
 * named "security-support-ended.deb12").
 */
#include "vulndb_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_feed(&dd_feed_dsa_support, "security-support-ended.deb12", data, size);
}
