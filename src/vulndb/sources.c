/*
 * src/vulndb/sources.c: the sources file of `drydock db update`
 * (etc/sources.conf, documented in docs/vulndb.md): INI-style sections
 * "[name]" with keys feed, url (repeatable), fallback (repeatable),
 * namespace, default, timeout, retries, backoff; "#" comments. ${VAR} is
 * expanded from the environment in url and fallback values.
 */
#include "vulndb/update.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/parse.h"
#include "util/xalloc.h"
#include "vulndb/import.h"

#define SOURCES_MAX_FILE (1024 * 1024)

static void source_free(struct dd_source *s)
{
	size_t i;

	for (i = 0; i < s->n_urls; i++)
		free(s->urls[i]);
	for (i = 0; i < s->n_fallbacks; i++)
		free(s->fallbacks[i]);
	free(s->urls);
	free(s->fallbacks);
	free(s->name);
	free(s->feed);
	free(s->ns);
}

void dd_sources_release(struct dd_sources *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		source_free(&s->s[i]);
	free(s->s);
	free(s->path);
	memset(s, 0, sizeof(*s));
}

const struct dd_source *dd_sources_find(const struct dd_sources *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->s[i].name, name) == 0)
			return &s->s[i];
	return NULL;
}

/* Expands ${VAR}; returns NULL when a variable is unset or empty. */
static char *expand(struct dd_slice v)
{
	struct dd_buf b = DD_BUF_INIT;
	size_t i = 0;

	while (i < v.len) {
		if (v.ptr[i] == '$' && i + 1 < v.len && v.ptr[i + 1] == '{') {
			const char *end = memchr(v.ptr + i, '}', v.len - i);
			char *name;
			const char *val;

			if (!end)
				break;
			name = dd_xstrndup(v.ptr + i + 2, (size_t)(end - v.ptr - i - 2));
			val = getenv(name);
			free(name);
			if (!val || !*val) {
				dd_buf_release(&b);
				return NULL;
			}
			dd_buf_adds(&b, val);
			i = (size_t)(end - v.ptr) + 1;
			continue;
		}
		dd_buf_addch(&b, v.ptr[i++]);
	}
	return dd_buf_detach(&b, NULL);
}

static int bad(struct dd_err *e, const char *path, size_t line, const char *what)
{
	return dd_err_set(e, -DDE_FORMAT, "%s:%zu: %s", path, line, what);
}

static void push(char ***arr, size_t *n, char *s)
{
	*arr = dd_xrealloc(*arr, (*n + 1) * sizeof(**arr));
	(*arr)[(*n)++] = s;
}

int dd_sources_load(struct dd_sources *out, const char *path, struct dd_err *e)
{
	struct dd_buf data;
	struct dd_slice in, line;
	struct dd_source *cur = NULL;
	char *dir = NULL, *slash;
	size_t lineno = 0, i;
	int r = 0;

	memset(out, 0, sizeof(*out));
	if ((r = dd_buf_read_file(&data, path, SOURCES_MAX_FILE, e)) < 0)
		return r;
	out->path = dd_xstrdup(path);
	dir = dd_xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else {
		free(dir);
		dir = dd_xstrdup(".");
	}
	in = dd_buf_slice(&data);
	while (dd_parse_line(&in, &line)) {
		struct dd_slice key, val;

		lineno++;
		line = dd_slice_trim(line);
		if (!line.len || line.ptr[0] == '#' || line.ptr[0] == ';')
			continue;
		if (line.ptr[0] == '[') {
			if (line.ptr[line.len - 1] != ']' || line.len < 3) {
				r = bad(e, path, lineno, "malformed section header");
				goto out;
			}
			if (out->n >= DD_SOURCES_MAX) {
				r = dd_err_set(e, -DDE_LIMIT, "%s: more than %d sources", path, DD_SOURCES_MAX);
				goto out;
			}
			out->s = dd_xrealloc(out->s, (out->n + 1) * sizeof(*out->s));
			cur = &out->s[out->n++];
			memset(cur, 0, sizeof(*cur));
			cur->name = dd_slice_dup(dd_slice_trim(dd_slice_of(line.ptr + 1, line.len - 2)));
			cur->by_default = true;
			cur->timeout = 60;
			cur->retries = 3;
			cur->backoff = 1;
			for (i = 0; i + 1 < out->n; i++)
				if (strcmp(out->s[i].name, cur->name) == 0) {
					r = bad(e, path, lineno, "duplicate source name");
					goto out;
				}
			continue;
		}
		if (!cur) {
			r = bad(e, path, lineno, "key outside a [source] section");
			goto out;
		}
		key = dd_slice_trim(dd_parse_until(&line, '='));
		val = dd_slice_trim(line);
		if (dd_slice_eq(key, "feed")) {
			free(cur->feed);
			cur->feed = dd_slice_dup(val);
			if (!dd_feed_find(cur->feed)) {
				r = bad(e, path, lineno, "unknown feed");
				goto out;
			}
		} else if (dd_slice_eq(key, "url")) {
			char *u = expand(val);

			if (u && cur->n_urls < DD_SOURCE_MAX_URLS)
				push(&cur->urls, &cur->n_urls, u);
			else
				free(u);
		} else if (dd_slice_eq(key, "fallback")) {
			char *p = expand(val);

			if (p && *p && *p != '/') {
				char *abs = dd_xasprintf("%s/%s", dir, p);

				free(p);
				p = abs;
			}
			if (p && *p && cur->n_fallbacks < DD_SOURCE_MAX_URLS)
				push(&cur->fallbacks, &cur->n_fallbacks, p);
			else
				free(p);
		} else if (dd_slice_eq(key, "namespace")) {
			free(cur->ns);
			cur->ns = val.len ? dd_slice_dup(val) : NULL;
		} else if (dd_slice_eq(key, "default")) {
			cur->by_default = !(dd_slice_eq(val, "no") || dd_slice_eq(val, "false") ||
					    dd_slice_eq(val, "0"));
		} else if (dd_slice_eq(key, "timeout") || dd_slice_eq(key, "retries")) {
			uint64_t v;

			if (dd_parse_u64_all(val, 3600, &v) < 0) {
				r = bad(e, path, lineno, "expected a number (0-3600)");
				goto out;
			}
			if (dd_slice_eq(key, "timeout"))
				cur->timeout = (unsigned)v;
			else
				cur->retries = (unsigned)(v > 10 ? 10 : v);
		} else if (dd_slice_eq(key, "backoff")) {
			char tmp[32], *end;
			double d;

			if (val.len == 0 || val.len >= sizeof(tmp)) {
				r = bad(e, path, lineno, "expected seconds");
				goto out;
			}
			memcpy(tmp, val.ptr, val.len);
			tmp[val.len] = '\0';
			d = strtod(tmp, &end);
			if (*end || !(d >= 0 && d <= 600)) {
				r = bad(e, path, lineno, "expected seconds (0-600)");
				goto out;
			}
			cur->backoff = d;
		} else {
			r = bad(e, path, lineno, "unknown key");
			goto out;
		}
	}
	for (i = 0; i < out->n; i++)
		if (!out->s[i].feed) {
			r = dd_err_set(e, -DDE_FORMAT, "%s: source [%s] has no feed", path, out->s[i].name);
			goto out;
		}
out:
	free(dir);
	dd_buf_release(&data);
	if (r < 0)
		dd_sources_release(out);
	return r;
}

char *dd_sources_default_path(void)
{
	static const char *const rel[] = {
		"etc/sources.conf", "../etc/drydock/sources.conf", "../share/drydock/sources.conf",
		"../../etc/sources.conf",
	};
	const char *env = getenv("DRYDOCK_SOURCES");
	char exe[PATH_MAX];
	ssize_t n;
	size_t i;

	if (env && *env)
		return dd_xstrdup(env);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
			char *p = dd_xasprintf("%s/%s", exe, rel[i]);

			if (access(p, R_OK) == 0)
				return p;
			free(p);
		}
	}
	if (access("/etc/drydock/sources.conf", R_OK) == 0)
		return dd_xstrdup("/etc/drydock/sources.conf");
	return NULL;
}
