/*
 * src/inventory/elixir.c: Elixir and Erlang packages (ecosystem Hex):
 * mix.lock, an Elixir map literal with one entry per line:
 *   "name": {:hex, :name, "1.6.13", "<hash>", [:mix], [deps...], "hexpm", "<hash>"},
 * Only :hex entries have a Hex version (:git and :path ones are left out).
 * The package is the second element (the Hex name; the map key is the
 * application name, usually the same).
 */
#include "inventory/lang.h"

#include <stdlib.h>
#include <string.h>

#include "util/parse.h"

/* The next Elixir atom (":name") or string ("\"text\"") of s, after blanks and one comma. */
static struct dd_slice term(struct dd_slice *s)
{
	struct dd_slice t = DD_SLICE_NULL;
	size_t i = 0;

	while (i < s->len && (s->ptr[i] == ' ' || s->ptr[i] == '\t' || s->ptr[i] == ','))
		i++;
	if (i < s->len && s->ptr[i] == ':') {
		size_t j = i + 1;

		while (j < s->len && s->ptr[j] != ',' && s->ptr[j] != ' ' && s->ptr[j] != '}')
			j++;
		t = dd_slice_of(s->ptr + i + 1, j - i - 1);
		i = j;
	} else if (i < s->len && s->ptr[i] == '"') {
		const char *q = memchr(s->ptr + i + 1, '"', s->len - i - 1);

		if (!q)
			return DD_SLICE_NULL;
		t = dd_slice_of(s->ptr + i + 1, (size_t)(q - s->ptr - i - 1));
		i = (size_t)(q - s->ptr) + 1;
	} else {
		return DD_SLICE_NULL;
	}
	s->ptr += i;
	s->len -= i;
	return t;
}

int dd_hex_parse_mix_lock(const char *path, struct dd_slice data, struct dd_inventory *inv,
			  struct dd_err *e)
{
	struct dd_lang_seen seen = DD_LANG_SEEN_INIT;
	struct dd_slice in = data, line;

	if (data.len > DD_LANG_MAX_FILE)
		return dd_lang_too_large(data, e);
	while (dd_parse_line(&in, &line)) {
		struct dd_slice s = dd_slice_trim(line), kind, name, version;
		const char *brace = memchr(s.ptr, '{', s.len);
		char *n, *v;

		if (!s.len || s.ptr[0] != '"' || !brace)
			continue;
		s = dd_slice_of(brace + 1, s.len - (size_t)(brace + 1 - s.ptr));
		kind = term(&s);
		if (kind.len != 3 || memcmp(kind.ptr, "hex", 3) != 0)
			continue;
		name = term(&s);
		version = term(&s);
		if (!name.len || !version.len)
			continue;
		n = dd_slice_dup(name);
		v = dd_slice_dup(version);
		dd_lang_add_once(&seen, inv, DD_ECO_HEX, path, n, v);
		free(n);
		free(v);
	}
	dd_lang_seen_release(&seen);
	return 0;
}
