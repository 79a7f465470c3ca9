/*
 * src/inventory/ruby.c: RubyGems: installed gem specifications
 * (specifications/<name>-<version>.gemspec, the Ruby source RubyGems
 * writes: `s.name = "rake".freeze`, `s.version = "13.0.6"`) and
 * Gemfile.lock (the specs of every GEM/GIT/PATH source; DEPENDENCIES names
 * the direct ones).
 */
#include "inventory/lang.h"

#include <stdlib.h>
#include <string.h>

#include "util/parse.h"
#include "util/xalloc.h"

/* The first quoted string after "<attr> =" on a gemspec line, if any. */
static bool gemspec_attr(struct dd_slice line, const char *attr, struct dd_slice *out)
{
	const char *p;
	struct dd_slice s = dd_slice_trim(line);
	size_t i;
	char q;

	/* "s.name = ", "spec.name = " ... */
	p = memchr(s.ptr, '.', s.len);
	if (!p)
		return false;
	s = dd_slice_of(p + 1, s.len - (size_t)(p + 1 - s.ptr));
	if (!dd_parse_skip(&s, attr))
		return false;
	s = dd_slice_trim(s);
	if (!dd_parse_skip(&s, "="))
		return false;
	s = dd_slice_trim(s);
	if (dd_parse_skip(&s, "Gem::Version.new("))
		s = dd_slice_trim(s);
	if (!s.len || (s.ptr[0] != '"' && s.ptr[0] != '\''))
		return false;
	q = s.ptr[0];
	for (i = 1; i < s.len && s.ptr[i] != q; i++)
		;
	if (i >= s.len)
		return false;
	*out = dd_slice_of(s.ptr + 1, i - 1);
	return true;
}

int dd_ruby_parse_gemspec(const char *path, struct dd_slice data, struct dd_inventory *inv,
			  struct dd_err *e)
{
	struct dd_slice in = data, line, name = DD_SLICE_NULL, version = DD_SLICE_NULL, v;
	char *n, *ver;

	if (data.len > DD_LANG_MAX_FILE)
		return dd_lang_too_large(data, e);
	while (dd_parse_line(&in, &line)) {
		if (!name.len && gemspec_attr(line, "name", &v))
			name = v;
		else if (!version.len && gemspec_attr(line, "version", &v))
			version = v;
	}
	if (!name.len || !version.len)
		return dd_err_set(e, -DDE_FORMAT, "no name or version assignment");
	n = dd_slice_dup(name);
	ver = dd_slice_dup(version);
	dd_lang_add(inv, DD_ECO_RUBYGEMS, path, n, ver);
	free(n);
	free(ver);
	return 0;
}

static size_t indent_of(struct dd_slice line)
{
	size_t i = 0;

	while (i < line.len && line.ptr[i] == ' ')
		i++;
	return i;
}

int dd_ruby_parse_gemfile_lock(const char *path, struct dd_slice data, struct dd_inventory *inv,
			       struct dd_err *e)
{
	struct dd_lang_seen seen = DD_LANG_SEEN_INIT;
	struct dd_slice in = data, line;
	char **direct = NULL;
	size_t n_direct = 0, from = inv->n_pkgs, i, j;
	enum { NONE, SPECS, DEPS } sec = NONE;
	bool any_section = false;

	if (data.len > DD_LANG_MAX_FILE)
		return dd_lang_too_large(data, e);
	while (dd_parse_line(&in, &line)) {
		size_t ind = indent_of(line);
		struct dd_slice s = dd_slice_trim(line), nm;

		if (!s.len)
			continue;
		if (ind == 0) {
			any_section = true;
			sec = dd_slice_eq(s, "DEPENDENCIES") ? DEPS : NONE;
			continue;
		}
		if (ind == 2 && sec != DEPS) {
			sec = dd_slice_eq(s, "specs:") ? SPECS : NONE;
			continue;
		}
		if (sec == SPECS && ind == 4) {
			struct dd_slice ver;
			char *n, *v;

			nm = dd_parse_until(&s, ' ');
			if (!dd_parse_skip(&s, "(") || !s.len || s.ptr[s.len - 1] != ')')
				continue;
			ver = dd_slice_of(s.ptr, s.len - 1);
			/* "1.13.6-x86_64-linux": the platform is not part of the version */
			for (i = 0; i < ver.len; i++)
				if (ver.ptr[i] == '-')
					ver.len = i;
			n = dd_slice_dup(nm);
			v = dd_slice_dup(ver);
			dd_lang_add_once(&seen, inv, DD_ECO_RUBYGEMS, path, n, v);
			free(n);
			free(v);
		} else if (sec == DEPS && ind == 2) {
			nm = dd_parse_until(&s, ' ');
			if (nm.len && nm.ptr[nm.len - 1] == '!')
				nm.len--;
			direct = dd_xrealloc(direct, (n_direct + 1) * sizeof(char *));
			direct[n_direct++] = dd_slice_dup(nm);
		}
	}
	if (!any_section && data.len) {
		dd_lang_seen_release(&seen);
		return dd_err_set(e, -DDE_FORMAT, "no Gemfile.lock sections");
	}
	for (i = from; n_direct && i < inv->n_pkgs; i++) {
		inv->pkgs[i].dep = DD_DEP_INDIRECT;
		for (j = 0; j < n_direct; j++)
			if (strcmp(inv->pkgs[i].name, direct[j]) == 0)
				inv->pkgs[i].dep = DD_DEP_DIRECT;
	}
	for (j = 0; j < n_direct; j++)
		free(direct[j]);
	free(direct);
	dd_lang_seen_release(&seen);
	return 0;
}
