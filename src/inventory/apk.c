/*
 * src/inventory/apk.c: the apk collector: lib/apk/db/installed (Alpine,
 * Wolfi, Chainguard): name, version, architecture, origin, license and
 * maintainer of every installed package.
 */
#include <stdlib.h>
#include <string.h>

#include "inventory/collect.h"
#include "util/parse.h"
#include "util/xalloc.h"

#define APK_MAX_PKGS 100000
#define APK_MAX_FIELD 4096
#define APK_MAX_FILE (256u << 20)

struct stanza {
	size_t line;
	struct dd_slice name, version, arch, origin, license, maint;
	bool any;
};

static bool text_ok(struct dd_slice s)
{
	size_t i;

	if (!s.len || s.len > APK_MAX_FIELD)
		return false;
	for (i = 0; i < s.len; i++)
		if ((unsigned char)s.ptr[i] < ' ' && s.ptr[i] != '\t')
			return false;
	return true;
}

static void emit(struct dd_inventory *inv, const struct stanza *st, struct dd_pkgdb_warn *w,
		 const char *path, size_t *count)
{
	struct dd_pkg *p;

	if (!st->any)
		return;
	if (!dd_os_token_ok(st->name)) {
		dd_pkgdb_warn(w, st->line, "%s package name (P:), entry skipped",
			      st->name.len ? "invalid" : "missing");
		return;
	}
	if (!dd_os_token_ok(st->version)) {
		dd_pkgdb_warn(w, st->line, "package %.*s: %s version (V:), skipped",
			      DD_SLICE_FMT(st->name), st->version.len ? "invalid" : "missing");
		return;
	}
	if (*count >= APK_MAX_PKGS) {
		if (*count == APK_MAX_PKGS)
			dd_pkgdb_warn(w, st->line, "more than %d packages, the rest ignored",
				      APK_MAX_PKGS);
		(*count)++;
		return;
	}
	(*count)++;
	p = dd_inventory_add(inv);
	p->eco = DD_ECO_APK;
	p->name = dd_slice_dup(st->name);
	p->version = dd_slice_dup(st->version);
	if (dd_os_token_ok(st->arch))
		p->arch = dd_slice_dup(st->arch);
	if (dd_os_token_ok(st->origin) && !dd_slice_eq(st->origin, p->name))
		p->src_name = dd_slice_dup(st->origin);
	if (text_ok(st->license))
		p->license = dd_slice_dup(st->license);
	if (text_ok(st->maint))
		p->maintainer = dd_slice_dup(st->maint);
	p->found_in = dd_xstrdup(path);
}

int dd_apk_parse_installed(struct dd_inventory *inv, struct dd_slice data, const char *path)
{
	struct dd_pkgdb_warn w = { inv, path, 0 };
	struct stanza st = { 0 };
	struct dd_slice line;
	size_t n = 0, count = 0;
	bool bad = false;

	while (dd_parse_line(&data, &line)) {
		struct dd_slice v;

		n++;
		if (!dd_slice_trim(line).len) {
			emit(inv, &st, &w, path, &count);
			memset(&st, 0, sizeof(st));
			bad = false;
			continue;
		}
		if (!st.any) {
			st.any = true;
			st.line = n;
		}
		if (line.len < 2 || line.ptr[1] != ':') {
			if (!bad)
				dd_pkgdb_warn(&w, n, "line is not a field (\"X:value\")");
			bad = true;
			continue;
		}
		v = dd_slice_of(line.ptr + 2, line.len - 2);
		switch (line.ptr[0]) {
		case 'P':
			if (st.name.len) {
				dd_pkgdb_warn(&w, n, "P: inside an entry (missing blank line?)");
				emit(inv, &st, &w, path, &count);
				memset(&st, 0, sizeof(st));
				st.any = true;
				st.line = n;
			}
			st.name = v;
			break;
		case 'V':
			st.version = v;
			break;
		case 'A':
			st.arch = v;
			break;
		case 'o':
			st.origin = v;
			break;
		case 'L':
			st.license = v;
			break;
		case 'm':
			st.maint = v;
			break;
		default:
			break;
		}
	}
	emit(inv, &st, &w, path, &count);
	return 0;
}

/* ---- the collector -------------------------------------------------------- */

struct apk_state {
	struct dd_want want;
	struct dd_inventory *inv;
};

static const char *const apk_globs[] = { "lib/apk/db/installed", NULL };

static int apk_file(void *arg, const struct dd_file *f, struct dd_err *e)
{
	struct apk_state *st = arg;
	size_t first = st->inv->n_pkgs;

	dd_apk_parse_installed(st->inv, f->data, f->path);
	dd_collect_attribute(st->inv, first, f, dd_apk_parse_installed);
	return 0;
}

void dd_collect_apk(struct dd_collect *c)
{
	struct apk_state *st = dd_collect_state(c, sizeof(*st), NULL, NULL);

	st->inv = dd_collect_inv(c);
	st->want.name = "apk";
	st->want.globs = apk_globs;
	st->want.max_size = APK_MAX_FILE;
	st->want.want_versions = true;
	st->want.fn = apk_file;
	st->want.arg = st;
	dd_fsview_want(dd_collect_view(c), &st->want);
}
