/*
 * fuzz/version_apk_fuzz.c: the apk comparator, validity check and range
 * parser on arbitrary bytes (see version_fuzz.h).
 */
#include "version_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	version_fuzz(DD_ECO_APK, data, size);
	return 0;
}
