/*
 * src/inventory/dpkg.c: the dpkg collector: var/lib/dpkg/status and the
 * distroless var/lib/dpkg/status.d/ entries. Keeps installed packages only
 * (not-installed, config-files and half-installed entries are skipped), with
 * binary name, version, architecture, source name and version, maintainer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/collect.h"
#include "util/log.h"
#include "util/parse.h"
#include "util/xalloc.h"

#define DPKG_MAX_PKGS 100000
#define DPKG_MAX_FIELD 4096
#define DPKG_MAX_FILE (256u << 20)

struct stanza {
	size_t line;		/* first line */
	struct dd_slice package, version, arch, source, status, maint;
	bool any;
};

/* Set of (name, arch) already added from this file: open addressing over inv indices. */
struct seen {
	size_t *slot;		/* index + 1; 0 = empty */
	size_t cap, n;
};

static uint64_t hash_pkg(const char *name, const char *arch)
{
	uint64_t h = 1469598103934665603ull;
	const char *s;

	for (s = name; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	h = (h ^ 0xff) * 1099511628211ull;
	for (s = arch ? arch : ""; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static bool same(const struct dd_pkg *p, const char *name, const char *arch)
{
	return strcmp(p->name, name) == 0 && strcmp(p->arch ? p->arch : "", arch ? arch : "") == 0;
}

/* Returns true when (name, arch) was there already; else records index. */
static bool seen_add(struct seen *s, const struct dd_inventory *inv, const char *name,
		     const char *arch, size_t index)
{
	size_t i, mask;

	if (2 * (s->n + 1) > s->cap) {
		struct seen t = { 0 };
		size_t k;

		t.cap = s->cap ? s->cap * 2 : 64;
		t.slot = dd_xcalloc(t.cap, sizeof(*t.slot));
		for (k = 0; k < s->cap; k++) {
			const struct dd_pkg *p;

			if (!s->slot[k])
				continue;
			p = &inv->pkgs[s->slot[k] - 1];
			i = hash_pkg(p->name, p->arch) & (t.cap - 1);
			while (t.slot[i])
				i = (i + 1) & (t.cap - 1);
			t.slot[i] = s->slot[k];
		}
		free(s->slot);
		s->slot = t.slot;
		s->cap = t.cap;
	}
	mask = s->cap - 1;
	i = hash_pkg(name, arch) & mask;
	while (s->slot[i]) {
		if (same(&inv->pkgs[s->slot[i] - 1], name, arch))
			return true;
		i = (i + 1) & mask;
	}
	s->slot[i] = index + 1;
	s->n++;
	return false;
}

static bool name_ok(struct dd_slice s)
{
	size_t i;

	if (!s.len || s.len > 256)
		return false;
	for (i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.ptr[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '+' || c == '-' || c == '.' || c == '_'))
			return false;
	}
	return true;
}

static bool text_ok(struct dd_slice s)
{
	size_t i;

	if (s.len > DPKG_MAX_FIELD)
		return false;
	for (i = 0; i < s.len; i++)
		if ((unsigned char)s.ptr[i] < ' ' && s.ptr[i] != '\t')
			return false;
	return true;
}

static bool is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* dpkg's version syntax: [epoch:]upstream[-revision], the characters it allows. */
static bool version_ok(struct dd_slice v)
{
	const char *p, *end, *colon, *hyphen = NULL, *q;

	if (!dd_os_token_ok(v))
		return false;
	p = v.ptr;
	end = v.ptr + v.len;
	colon = memchr(p, ':', v.len);
	if (colon) {
		if (colon == p || colon - p > 9)
			return false;
		for (q = p; q < colon; q++)
			if (*q < '0' || *q > '9')
				return false;
		p = colon + 1;
	}
	for (q = p; q < end; q++)
		if (*q == '-')
			hyphen = q;
	if (hyphen) {
		if (hyphen + 1 == end)
			return false;
		for (q = hyphen + 1; q < end; q++)
			if (!is_alnum((unsigned char)*q) && *q != '+' && *q != '.' && *q != '~')
				return false;
		end = hyphen;
	}
	if (p == end)
		return false;
	for (q = p; q < end; q++)
		if (!is_alnum((unsigned char)*q) && *q != '+' && *q != '.' && *q != '~' &&
		    *q != '-')
			return false;
	return true;
}

/* The third word of "install ok installed" decides. */
static bool installed(struct dd_slice status)
{
	struct dd_slice w = status, word = DD_SLICE_NULL;
	int i;

	for (i = 0; i < 3; i++) {
		w = dd_slice_trim(w);
		if (!w.len)
			return false;
		word = dd_parse_until(&w, ' ');
	}
	word = dd_slice_trim(word);
	return dd_slice_eq(word, "installed") || dd_slice_eq(word, "unpacked") ||
	       dd_slice_eq(word, "half-configured") || dd_slice_eq(word, "triggers-awaiting") ||
	       dd_slice_eq(word, "triggers-pending");
}

static void emit(struct dd_inventory *inv, struct stanza *st, struct dd_pkgdb_warn *w,
		 struct seen *seen, const char *path)
{
	struct dd_slice src = st->source, srcver = DD_SLICE_NULL;
	struct dd_pkg *p;
	char *name, *arch;

	if (!st->any)
		return;
	if (!st->package.len) {
		dd_pkgdb_warn(w, st->line, "stanza without Package field, skipped");
		return;
	}
	if (!name_ok(st->package)) {
		dd_pkgdb_warn(w, st->line, "invalid package name, stanza skipped");
		return;
	}
	if (!st->status.ptr && strstr(path, "status.d/")) {
		/* distroless entries may carry no Status: they are installed */
	} else if (!st->status.ptr) {
		dd_pkgdb_warn(w, st->line, "package %.*s: no Status field, taken as not installed",
			      DD_SLICE_FMT(st->package));
		return;
	} else if (!installed(st->status)) {
		return;
	}
	if (!version_ok(st->version)) {
		dd_pkgdb_warn(w, st->line, "package %.*s: %s Version, skipped",
			      DD_SLICE_FMT(st->package), st->version.len ? "invalid" : "missing");
		return;
	}
	if (st->arch.len && !dd_os_token_ok(st->arch)) {
		dd_pkgdb_warn(w, st->line, "package %.*s: invalid Architecture, skipped",
			      DD_SLICE_FMT(st->package));
		return;
	}
	if (src.len) {
		struct dd_slice rest = src;

		src = dd_slice_trim(dd_parse_until(&rest, '('));
		rest = dd_slice_trim(rest);
		if (rest.len && rest.ptr[rest.len - 1] == ')')
			srcver = dd_slice_trim(dd_slice_of(rest.ptr, rest.len - 1));
		if (!name_ok(src) || (srcver.len && !dd_os_token_ok(srcver))) {
			dd_pkgdb_warn(w, st->line, "package %.*s: invalid Source ignored",
				      DD_SLICE_FMT(st->package));
			src = srcver = DD_SLICE_NULL;
		}
	}
	if (inv->n_pkgs >= DPKG_MAX_PKGS) {
		dd_pkgdb_warn(w, st->line, "more than %d packages, the rest ignored", DPKG_MAX_PKGS);
		return;
	}
	name = dd_slice_dup(st->package);
	arch = st->arch.len ? dd_slice_dup(st->arch) : NULL;
	if (seen_add(seen, inv, name, arch, inv->n_pkgs)) {
		dd_pkgdb_warn(w, st->line, "duplicate stanza for %s%s%s, skipped", name,
			      arch ? ":" : "", arch ? arch : "");
		free(name);
		free(arch);
		return;
	}
	p = dd_inventory_add(inv);
	p->eco = DD_ECO_DPKG;
	p->name = name;
	p->arch = arch;
	p->version = dd_slice_dup(st->version);
	if (src.len && !dd_slice_eq(src, p->name))
		p->src_name = dd_slice_dup(src);
	if (srcver.len && !dd_slice_eq(srcver, p->version))
		p->src_version = dd_slice_dup(srcver);
	if (st->maint.len && text_ok(st->maint))
		p->maintainer = dd_slice_dup(st->maint);
	p->found_in = dd_xstrdup(path);
}

int dd_dpkg_parse_status(struct dd_inventory *inv, struct dd_slice data, const char *path)
{
	struct dd_pkgdb_warn w = { inv, path, 0 };
	struct stanza st = { 0 };
	struct seen seen = { 0 };
	struct dd_slice line;
	size_t n = 0;
	bool bad_line = false;

	while (dd_parse_line(&data, &line)) {
		struct dd_slice key, value;

		n++;
		if (!dd_slice_trim(line).len) {
			emit(inv, &st, &w, &seen, path);
			memset(&st, 0, sizeof(st));
			bad_line = false;
			continue;
		}
		if (line.ptr[0] == ' ' || line.ptr[0] == '\t')
			continue;	/* continuation of a multi-line field */
		if (line.ptr[0] == '#')
			continue;
		if (!st.any) {
			st.any = true;
			st.line = n;
		}
		if (!memchr(line.ptr, ':', line.len)) {
			if (!bad_line)
				dd_pkgdb_warn(&w, n, "line is not a field (\"Name: value\")");
			bad_line = true;
			continue;
		}
		key = dd_slice_trim(dd_parse_until(&line, ':'));
		value = dd_slice_trim(line);
		if (key.len == 7 && strncasecmp(key.ptr, "Package", 7) == 0) {
			if (st.package.len) {
				/* a missing blank line: treat as a new stanza */
				dd_pkgdb_warn(&w, n, "Package field inside a stanza (missing blank line?)");
				emit(inv, &st, &w, &seen, path);
				memset(&st, 0, sizeof(st));
				st.any = true;
				st.line = n;
			}
			st.package = value;
		} else if (key.len == 7 && strncasecmp(key.ptr, "Version", 7) == 0) {
			st.version = value;
		} else if (key.len == 12 && strncasecmp(key.ptr, "Architecture", 12) == 0) {
			st.arch = value;
		} else if (key.len == 6 && strncasecmp(key.ptr, "Source", 6) == 0) {
			st.source = value;
		} else if (key.len == 6 && strncasecmp(key.ptr, "Status", 6) == 0) {
			st.status = value;
		} else if (key.len == 10 && strncasecmp(key.ptr, "Maintainer", 10) == 0) {
			st.maint = value;
		}
	}
	emit(inv, &st, &w, &seen, path);
	free(seen.slot);
	return 0;
}

/* ---- the collector -------------------------------------------------------- */

struct dpkg_state {
	struct dd_want want;
	struct dd_inventory *inv;
	bool status, status_d;
};

static const char *const dpkg_globs[] = {
	"var/lib/dpkg/status", "var/lib/dpkg/status.d/*", NULL
};

static int dpkg_file(void *arg, const struct dd_file *f, struct dd_err *e)
{
	struct dpkg_state *st = arg;
	struct dd_inventory *inv = st->inv;
	const char *base = strrchr(f->path, '/') + 1;
	size_t first = inv->n_pkgs;

	if (strncmp(f->path, "var/lib/dpkg/status.d/", 22) == 0) {
		/* distroless: one file per package; skip the *.md5sums companions */
		if (strchr(base, '.') && strstr(base, ".md5sums"))
			return 0;
		st->status_d = true;
	} else {
		st->status = true;
	}
	dd_dpkg_parse_status(inv, f->data, f->path);
	dd_collect_attribute(inv, first, f, dd_dpkg_parse_status);
	return 0;
}

static int dpkg_finish(void *arg, struct dd_collect *c, struct dd_err *e)
{
	struct dpkg_state *st = arg;

	if (st->status_d && !st->status)
		st->inv->os.distroless = true;
	return 0;
}

void dd_collect_dpkg(struct dd_collect *c)
{
	struct dpkg_state *st = dd_collect_state(c, sizeof(*st), dpkg_finish, NULL);

	st->inv = dd_collect_inv(c);
	st->want.name = "dpkg";
	st->want.globs = dpkg_globs;
	st->want.max_size = DPKG_MAX_FILE;
	st->want.want_versions = true;
	st->want.fn = dpkg_file;
	st->want.arg = st;
	dd_fsview_want(dd_collect_view(c), &st->want);
}
