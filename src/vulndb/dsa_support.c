/*
 * src/vulndb/dsa_support.c: the debian-security-support importer:
 * security-support-ended.debN ("source  last-supported-version  YYYY-MM-DD
 * [text]", support ends for versions <= the given one, "0" = all) and
 * security-support-limited ("source  [text]"). Names may be regular
 * expressions ("php-horde.*"). Notes are stored per namespace: ended.debN
 * gives "debian:N"; the limited list applies to the release it ships with
 * (the import's namespace hint, else every Debian release: "debian").
 */
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/parse.h"
#include "util/xalloc.h"
#include "vulndb/import.h"

static bool accepts(const char *name)
{
	return strncmp(name, "security-support-ended", 22) == 0 ||
	       strncmp(name, "security-support-limited", 24) == 0;
}

static bool is_regex(const char *s)
{
	return strpbrk(s, ".*+?[]()|^$\\") != NULL && strpbrk(s, "*+?[]()|^$\\") != NULL;
}

/* Splits off the next run of non-blank characters. */
static struct dd_slice word(struct dd_slice *s)
{
	struct dd_slice w;
	size_t i = 0;

	while (i < s->len && (s->ptr[i] == ' ' || s->ptr[i] == '\t'))
		i++;
	w.ptr = s->ptr + i;
	while (i < s->len && s->ptr[i] != ' ' && s->ptr[i] != '\t')
		i++;
	w.len = (size_t)(s->ptr + i - w.ptr);
	s->ptr += i;
	s->len -= i;
	return w;
}

static int parse(struct dd_import *im, const char *name, struct dd_slice data, struct dd_err *e)
{
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	const char *deb = strstr(base, ".deb");
	bool limited = strstr(base, "limited") != NULL;
	struct dd_slice line;
	size_t lineno = 0;
	char ns[48];
	int r = 0;

	if (!limited && deb && dd_ns_debian(deb + 4, ns, sizeof(ns)) == 0)
		;
	else if (im->ns_hint)
		snprintf(ns, sizeof(ns), "%s", im->ns_hint);
	else if (limited)
		snprintf(ns, sizeof(ns), "debian");
	else
		return dd_err_set(e, -DDE_FORMAT, "%s: cannot tell the Debian release (name it "
				  "security-support-ended.debN or give a namespace)", name);
	while (dd_parse_line(&data, &line)) {
		struct dd_slice rest = line, pkg, ver, date, text;
		char *p = NULL, *note = NULL;

		lineno++;
		if (line.len > 4096) {
			dd_import_skip(im, name, "line %zu: too long", lineno);
			continue;
		}
		pkg = word(&rest);
		if (!pkg.len || pkg.ptr[0] == '#')
			continue;
		p = dd_slice_dup(pkg);
		if (limited) {
			text = dd_slice_trim(rest);
			/* "hdf5  limited  Not covered ...": a stray word */
			if (dd_slice_starts(text, "limited "))
				text = dd_slice_trim(dd_slice_of(text.ptr + 8, text.len - 8));
			note = dd_xasprintf("limited: %.*s", (int)text.len, text.ptr);
		} else {
			ver = word(&rest);
			date = word(&rest);
			text = dd_slice_trim(rest);
			if (!ver.len || date.len != 10 || date.ptr[4] != '-') {
				dd_import_skip(im, name, "line %zu: expected 'package version YYYY-MM-DD'", lineno);
				free(p);
				continue;
			}
			if (dd_slice_eq(ver, "0"))
				note = dd_xasprintf("ended %.*s%s%.*s", (int)date.len, date.ptr,
						    text.len ? ": " : "", (int)text.len, text.ptr);
			else
				note = dd_xasprintf("ended %.*s%s%.*s (versions <= %.*s)", (int)date.len,
						    date.ptr, text.len ? ": " : "", (int)text.len, text.ptr,
						    (int)ver.len, ver.ptr);
		}
		if (!dd_text_ok(p) || !dd_text_ok(note)) {
			dd_import_skip(im, name, "line %zu: control characters", lineno);
		} else {
			r = dd_store_support_note(im->store, ns, p, is_regex(p), note, e);
			im->records++;
		}
		free(p);
		free(note);
		if (r < 0)
			break;
	}
	return r;
}

const struct dd_feed dd_feed_dsa_support = {
	"dsa-support", "debian-security-support lists (ended.debN, limited)", accepts, parse, NULL,
};
