/*
 * src/vulndb/curl_lib.c: libcurl.so.4 opened on first use, its functions
 * looked up into the table of curl_lib.h (util/dynlib.c does the loading).
 */
#include "util/dynlib.h"
#include "vulndb/curl_lib.h"

static struct dd_curllib lib;
static struct dd_dynlib dl = DD_DYNLIB_INIT;

const struct dd_curllib *dd_curllib(const char **why)
{
#define DD_CURL_NAME(name) #name,
#define DD_CURL_SLOT(name) (void **)&lib.name,
	static const char *const names[] = { DD_CURL_FUNCTIONS(DD_CURL_NAME) };
	static void **const slots[] = { DD_CURL_FUNCTIONS(DD_CURL_SLOT) };
#undef DD_CURL_NAME
#undef DD_CURL_SLOT

	return dd_dynlib_get(&dl, "libcurl.so.4", names, slots, sizeof(names) / sizeof(names[0]), why)
		       ? &lib : NULL;
}
