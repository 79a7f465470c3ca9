/*
 * fuzz/osv_fuzz.c: fuzz target of the osv importer's parser (input
 * named "rec.json").
 */
#include "vulndb_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_feed(&dd_feed_osv, "rec.json", data, size);
}
