/*
 * src/util/dynlib.h: a shared library opened with dlopen on first use, its
 * functions looked up by name into a table. drydock does not link the
 * libraries only some commands need (libcurl for downloads, librpm for rpm
 * databases): what they pull in would cost every start-up, a warm scan's
 * included (docs/HACKING.md "Linking"). Each user keeps a table whose
 * members are typed from the library's own headers (rpm_lib.h, curl_lib.h).
 */
#ifndef DD_UTIL_DYNLIB_H
#define DD_UTIL_DYNLIB_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

/* One library's loading state: static, initialised with DD_DYNLIB_INIT. */
struct dd_dynlib {
	pthread_mutex_t mu;
	int state;		/* 0 not tried, 1 loaded, -1 failed */
	char why[256];
};
#define DD_DYNLIB_INIT { PTHREAD_MUTEX_INITIALIZER, 0, "" }

/*
 * On the first call, opens soname and stores the address of names[i] into
 * *slots[i], for n functions; later calls return the first one's answer.
 * False when the library or one of the functions is missing, with the
 * reason in *why ("librpm.so.9 has no headerImport"; why may be NULL).
 */
bool dd_dynlib_get(struct dd_dynlib *d, const char *soname, const char *const *names,
		   void **const *slots, size_t n, const char **why);

#endif
