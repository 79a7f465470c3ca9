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

/* One member of a table: a pointer typed from the library's own prototype. */
#define DD_DYNLIB_MEMBER(name) __typeof__(name) *name;

/*
 * Defines `const TYPE *FN(const char **why)`, the loader of one library's
 * table: TYPE is a struct with one member per function, LIST an X-macro
 * naming them (LIST(X) expands X(name) for each), soname the library. It
 * returns the table, or NULL (the reason in *why, which may be NULL).
 * Prefix `static` for a loader private to its file.
 */
#define DD_DYNLIB_NAME_(name) #name,
#define DD_DYNLIB_SLOT_(name) (void **)&dd_dynlib_table_.name,
#define DD_DYNLIB_LOADER(fn, type, soname, LIST)                                             \
	const type *fn(const char **why)                                                     \
	{                                                                                    \
		static type dd_dynlib_table_;                                                \
		static struct dd_dynlib dl = DD_DYNLIB_INIT;                                 \
		static const char *const names[] = { LIST(DD_DYNLIB_NAME_) };                \
		static void **const slots[] = { LIST(DD_DYNLIB_SLOT_) };                     \
                                                                                             \
		return dd_dynlib_get(&dl, soname, names, slots, sizeof(names) / sizeof(names[0]), \
				     why)                                                    \
			       ? &dd_dynlib_table_                                           \
			       : NULL;                                                       \
	}

#endif
