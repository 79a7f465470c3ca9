/*
 * fuzz/secsuite_fuzz.c: fuzz target of the secsuite importer's parser (input
 * named "bookworm-security/Sources").
 */
#include "vulndb_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_feed(&dd_feed_secsuite, "bookworm-security/Sources", data, size);
}
