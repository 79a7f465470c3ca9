/*
 * fuzz/ubuntu_fuzz.c: fuzz target of the ubuntu importer's parser (input
 * named "CVE-2020-0001").
 */
#include "vulndb_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_feed(&dd_feed_ubuntu, "CVE-2020-0001", data, size);
}
