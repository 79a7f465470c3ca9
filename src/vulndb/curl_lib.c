/*
 * src/vulndb/curl_lib.c: libcurl.so.4 opened on first use, its functions
 * looked up into the table of curl_lib.h (util/dynlib.c does the loading).
 */
#include "util/dynlib.h"
#include "vulndb/curl_lib.h"

DD_DYNLIB_LOADER(dd_curllib, struct dd_curllib, "libcurl.so.4", DD_CURL_FUNCTIONS)
