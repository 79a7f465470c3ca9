/*
 * fuzz/trivy_fuzz.c: fuzz target of the trivy importer's parser (input
 * named "db.yaml").
 */
#include "vulndb_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_feed(&dd_feed_trivy, "db.yaml", data, size);
}
