/*
 * src/vulndb/curl_lazy.c: libcurl loaded when first used. drydock is not
 * linked with -lcurl (Makefile): these definitions of the few libcurl
 * functions fetch.c calls open libcurl.so.4 with dlopen on the first call
 * and forward to it. libcurl and what it pulls in (GnuTLS, Kerberos, LDAP,
 * SSH, RTMP, IDN: 26 shared objects) then cost nothing to commands that
 * never download, such as a warm "drydock scan" (docs/cache.md: about half
 * of its process start-up). Without libcurl.so.4, curl_easy_init returns
 * NULL and the download fails with a message.
 */
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static struct {
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	void (*easy_cleanup)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	const char *(*easy_strerror)(CURLcode);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
	bool ok;
} lib;

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
	void *h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);

	if (!h)
		return;
	*(void **)&lib.easy_init = dlsym(h, "curl_easy_init");
	*(void **)&lib.easy_setopt = dlsym(h, "curl_easy_setopt");
	*(void **)&lib.easy_perform = dlsym(h, "curl_easy_perform");
	*(void **)&lib.easy_cleanup = dlsym(h, "curl_easy_cleanup");
	*(void **)&lib.easy_getinfo = dlsym(h, "curl_easy_getinfo");
	*(void **)&lib.easy_strerror = dlsym(h, "curl_easy_strerror");
	*(void **)&lib.slist_append = dlsym(h, "curl_slist_append");
	*(void **)&lib.slist_free_all = dlsym(h, "curl_slist_free_all");
	lib.ok = lib.easy_init && lib.easy_setopt && lib.easy_perform && lib.easy_cleanup &&
		 lib.easy_getinfo && lib.easy_strerror && lib.slist_append && lib.slist_free_all;
}

static bool loaded(void)
{
	pthread_once(&once, load);
	return lib.ok;
}

CURL *curl_easy_init(void)
{
	return loaded() ? lib.easy_init() : NULL;
}

/* The one variadic argument, passed on with the type its option number says. */
CURLcode curl_easy_setopt(CURL *c, CURLoption opt, ...)
{
	va_list ap;
	CURLcode r;

	if (!loaded())
		return CURLE_FAILED_INIT;
	va_start(ap, opt);
	if (opt < CURLOPTTYPE_OBJECTPOINT)
		r = lib.easy_setopt(c, opt, va_arg(ap, long));
	else if (opt >= CURLOPTTYPE_OFF_T && opt < CURLOPTTYPE_BLOB)
		r = lib.easy_setopt(c, opt, va_arg(ap, curl_off_t));
	else
		r = lib.easy_setopt(c, opt, va_arg(ap, void *));
	va_end(ap);
	return r;
}

CURLcode curl_easy_perform(CURL *c)
{
	return loaded() ? lib.easy_perform(c) : CURLE_FAILED_INIT;
}

void curl_easy_cleanup(CURL *c)
{
	if (loaded())
		lib.easy_cleanup(c);
}

CURLcode curl_easy_getinfo(CURL *c, CURLINFO info, ...)
{
	va_list ap;
	CURLcode r;

	if (!loaded())
		return CURLE_FAILED_INIT;
	va_start(ap, info);
	r = lib.easy_getinfo(c, info, va_arg(ap, void *));
	va_end(ap);
	return r;
}

const char *curl_easy_strerror(CURLcode code)
{
	return loaded() ? lib.easy_strerror(code) : "libcurl.so.4 could not be loaded";
}

struct curl_slist *curl_slist_append(struct curl_slist *l, const char *s)
{
	return loaded() ? lib.slist_append(l, s) : NULL;
}

void curl_slist_free_all(struct curl_slist *l)
{
	if (loaded())
		lib.slist_free_all(l);
}
