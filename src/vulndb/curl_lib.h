/*
 * src/vulndb/curl_lib.h: libcurl, loaded when the first download starts.
 * drydock is not linked with -lcurl (Makefile): libcurl and what it pulls in
 * (GnuTLS, Kerberos, LDAP, SSH, RTMP, IDN: 26 shared objects) would cost
 * every command's start-up, a warm scan's included (docs/HACKING.md
 * "Linking"). The table holds the libcurl functions fetch.c calls, with
 * their prototypes taken from libcurl's header. Include this header instead
 * of <curl/curl.h>: it turns off curl's type-checking macros, which would
 * otherwise expand the table's member names.
 */
#ifndef DD_VULNDB_CURL_LIB_H
#define DD_VULNDB_CURL_LIB_H

#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

#include "util/dynlib.h"

#define DD_CURL_FUNCTIONS(X)                                                            \
	X(curl_easy_init) X(curl_easy_setopt) X(curl_easy_perform) X(curl_easy_cleanup) \
	X(curl_easy_getinfo) X(curl_easy_strerror) X(curl_slist_append) X(curl_slist_free_all)

struct dd_curllib {
	DD_CURL_FUNCTIONS(DD_DYNLIB_MEMBER)
};

/*
 * The loaded table, or NULL when libcurl.so.4 (or one of its functions)
 * cannot be loaded; *why then says what failed. Loads once per process.
 */
const struct dd_curllib *dd_curllib(const char **why);

#endif
