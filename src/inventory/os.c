/*
 * src/inventory/os.c: operating-system detection: os-release (etc/ and
 * usr/lib/), alpine-release, debian_version, lsb-release and the Red Hat
 * family's *-release files; the "os" collector that picks the best source
 * after the walk and notices distroless images by their PRETTY_NAME (dpkg.c
 * notices status.d without status).
 */
#include <stdlib.h>
#include <string.h>

#include "inventory/collect.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/parse.h"
#include "util/xalloc.h"

#define OS_MAX_VALUE 4096

/* Unquotes an os-release value (shell-like: "...", '...', backslash escapes). */
static char *unquote(struct dd_slice v)
{
	struct dd_buf b;
	size_t i;
	char q = 0;

	dd_buf_init(&b, OS_MAX_VALUE);
	for (i = 0; i < v.len; i++) {
		char c = v.ptr[i];

		if (c == '\0')
			break;
		if (!q && (c == '"' || c == '\'')) {
			q = c;
			continue;
		}
		if (q && c == q) {
			q = 0;
			continue;
		}
		if (q != '\'' && c == '\\' && i + 1 < v.len) {
			c = v.ptr[++i];
		} else if (!q && (c == ' ' || c == '\t' || c == '#')) {
			break;
		}
		if (dd_buf_addch(&b, c) < 0)
			break;
	}
	return dd_buf_detach(&b, NULL);
}

static void set_field(char **field, char *v, bool overwrite)
{
	if (!*v || (*field && !overwrite)) {
		free(v);
		return;
	}
	free(*field);
	*field = v;
}

static void lower(char *s)
{
	for (; s && *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

int dd_os_parse_release(struct dd_os *os, struct dd_slice data, const char *path, bool overwrite)
{
	struct dd_slice line;
	size_t n = 0;

	while (dd_parse_line(&data, &line)) {
		struct dd_slice key;
		char **field = NULL;
		char *v;

		n++;
		line = dd_slice_trim(line);
		if (!line.len || line.ptr[0] == '#')
			continue;
		if (!memchr(line.ptr, '=', line.len)) {
			dd_warn("%s:%zu: not KEY=value", path, n);
			continue;
		}
		key = dd_slice_trim(dd_parse_until(&line, '='));
		if (dd_slice_eq(key, "ID"))
			field = &os->family;
		else if (dd_slice_eq(key, "VERSION_ID"))
			field = &os->version_id;
		else if (dd_slice_eq(key, "VERSION_CODENAME"))
			field = &os->codename;
		else if (dd_slice_eq(key, "PRETTY_NAME"))
			field = &os->pretty_name;
		else if (dd_slice_eq(key, "ID_LIKE"))
			field = &os->id_like;
		if (!field)
			continue;
		v = unquote(dd_slice_trim(line));
		if (field == &os->family)
			lower(v);
		set_field(field, v, overwrite);
	}
	return 0;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* First line, trimmed, as a heap string (capped). */
static char *first_line(struct dd_slice data)
{
	struct dd_slice line = DD_SLICE_NULL;

	dd_parse_line(&data, &line);
	line = dd_slice_trim(line);
	if (line.len > OS_MAX_VALUE)
		line.len = OS_MAX_VALUE;
	if (memchr(line.ptr ? line.ptr : "", '\0', line.len))
		return dd_xstrdup("");
	return dd_slice_dup(line);
}

static void fill(char **field, const char *v)
{
	if (!*field && v && *v)
		*field = dd_xstrdup(v);
}

/* "CentOS Linux release 7.6.1810 (Core)" -> family id and version. */
static void parse_redhat(struct dd_os *os, const char *text)
{
	static const struct {
		const char *prefix, *id;
	} fam[] = {
		{ "CentOS Stream", "centos" }, { "CentOS", "centos" },
		{ "Red Hat", "rhel" }, { "Fedora", "fedora" },
		{ "Rocky", "rocky" }, { "AlmaLinux", "almalinux" },
		{ "Oracle", "ol" }, { "Amazon", "amzn" },
	};
	const char *rel = strstr(text, "release ");
	size_t i;

	for (i = 0; i < sizeof(fam) / sizeof(fam[0]); i++)
		if (strncmp(text, fam[i].prefix, strlen(fam[i].prefix)) == 0) {
			fill(&os->family, fam[i].id);
			break;
		}
	if (rel) {
		const char *v = rel + 8;
		size_t n = 0;

		while (v[n] && v[n] != ' ' && v[n] != '(')
			n++;
		if (n && v[0] >= '0' && v[0] <= '9' && !os->version_id)
			os->version_id = dd_xstrndup(v, n);
	}
	fill(&os->pretty_name, text);
}

int dd_os_parse_other(struct dd_os *os, struct dd_slice data, const char *path)
{
	const char *base = base_name(path);
	char *text;

	if (strcmp(base, "lsb-release") == 0) {
		struct dd_os t = { 0 };
		struct dd_slice line;

		while (dd_parse_line(&data, &line)) {
			struct dd_slice key;
			char **f = NULL;

			if (!memchr(line.ptr, '=', line.len))
				continue;
			key = dd_slice_trim(dd_parse_until(&line, '='));
			if (dd_slice_eq(key, "DISTRIB_ID"))
				f = &t.family;
			else if (dd_slice_eq(key, "DISTRIB_RELEASE"))
				f = &t.version_id;
			else if (dd_slice_eq(key, "DISTRIB_CODENAME"))
				f = &t.codename;
			else if (dd_slice_eq(key, "DISTRIB_DESCRIPTION"))
				f = &t.pretty_name;
			if (f)
				set_field(f, unquote(dd_slice_trim(line)), true);
		}
		lower(t.family);
		fill(&os->family, t.family);
		fill(&os->version_id, t.version_id);
		fill(&os->codename, t.codename);
		fill(&os->pretty_name, t.pretty_name);
		free(t.family);
		free(t.version_id);
		free(t.codename);
		free(t.pretty_name);
		return 0;
	}
	text = first_line(data);
	if (strcmp(base, "alpine-release") == 0) {
		fill(&os->family, "alpine");
		fill(&os->version_id, text);
	} else if (strcmp(base, "debian_version") == 0) {
		fill(&os->family, "debian");
		if (text[0] >= '0' && text[0] <= '9') {
			char *dot = strchr(text, '.');

			if (dot)
				*dot = '\0';
			fill(&os->version_id, text);
		} else if (strchr(text, '/')) {
			*strchr(text, '/') = '\0';
			fill(&os->codename, text);
		}
	} else if (strcmp(base, "redhat-release") == 0 || strcmp(base, "centos-release") == 0 ||
		   strcmp(base, "fedora-release") == 0 || strcmp(base, "rocky-release") == 0 ||
		   strcmp(base, "almalinux-release") == 0 || strcmp(base, "oracle-release") == 0 ||
		   strcmp(base, "system-release") == 0) {
		parse_redhat(os, text);
	} else {
		free(text);
		return -DDE_NOTFOUND;
	}
	free(text);
	return 0;
}

/* ---- the collector -------------------------------------------------------- */

enum { SRC_ETC, SRC_USR, SRC_OTHER, SRC__N };

struct os_state {
	struct dd_want want;
	struct dd_os found[SRC__N];
	bool seen[SRC__N];
	char *apk_repositories;	/* the last etc/apk/repositories seen */
};

static const char *const os_globs[] = {
	"etc/os-release", "usr/lib/os-release", "etc/alpine-release", "etc/debian_version",
	"etc/lsb-release", "etc/redhat-release", "etc/centos-release", "etc/fedora-release",
	"etc/rocky-release", "etc/almalinux-release", "etc/oracle-release", "etc/system-release",
	"etc/apk/repositories", NULL
};

static int os_file(void *arg, const struct dd_file *f, struct dd_err *e)
{
	struct os_state *st = arg;

	if (strcmp(f->path, "etc/apk/repositories") == 0) {
		/* kept for the matcher's branch check (match/alpine.c); up to a NUL */
		free(st->apk_repositories);
		st->apk_repositories = dd_xstrndup(f->data.ptr, f->data.len);
	} else if (strcmp(f->path, "etc/os-release") == 0) {
		dd_os_parse_release(&st->found[SRC_ETC], f->data, f->path, true);
		st->seen[SRC_ETC] = true;
	} else if (strcmp(f->path, "usr/lib/os-release") == 0) {
		dd_os_parse_release(&st->found[SRC_USR], f->data, f->path, true);
		st->seen[SRC_USR] = true;
	} else {
		dd_os_parse_other(&st->found[SRC_OTHER], f->data, f->path);
		st->seen[SRC_OTHER] = true;
	}
	return 0;
}

static int os_finish(void *arg, struct dd_collect *c, struct dd_err *e)
{
	struct os_state *st = arg;
	struct dd_inventory *inv = dd_collect_inv(c);
	struct dd_os *os = &inv->os;
	int i;

	for (i = 0; i < SRC__N; i++) {
		struct dd_os *s = &st->found[i];

		if (!st->seen[i])
			continue;
		fill(&os->family, s->family);
		fill(&os->version_id, s->version_id);
		fill(&os->codename, s->codename);
		fill(&os->pretty_name, s->pretty_name);
		fill(&os->id_like, s->id_like);
	}
	if (st->apk_repositories) {
		free(os->apk_repositories);
		os->apk_repositories = st->apk_repositories;
		st->apk_repositories = NULL;
	}
	if (os->pretty_name && strstr(os->pretty_name, "Distroless"))
		os->distroless = true;
	return 0;
}

static void os_release_state(void *arg)
{
	struct os_state *st = arg;
	int i;

	for (i = 0; i < SRC__N; i++)
		dd_os_release(&st->found[i]);
	free(st->apk_repositories);
}

void dd_collect_os(struct dd_collect *c)
{
	struct os_state *st = dd_collect_state(c, sizeof(*st), os_finish, os_release_state);

	st->want.name = "os";
	st->want.globs = os_globs;
	st->want.max_size = 64 * 1024;
	st->want.fn = os_file;
	st->want.arg = st;
	dd_fsview_want(dd_collect_view(c), &st->want);
}
