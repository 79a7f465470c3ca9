/*
 * tests/unit/inventory_lang_util.h: helpers for the language parser tests:
 * run a parser on a file, find a package, count packages.
 */
#ifndef DD_TESTS_LANG_UTIL_H
#define DD_TESTS_LANG_UTIL_H

#include <stdlib.h>
#include <string.h>

#include "inventory/lang.h"
#include "t.h"

static inline const struct dd_pkg *find_pkg(const struct dd_inventory *inv, const char *name,
				     const char *version)
{
	size_t i;

	for (i = 0; i < inv->n_pkgs; i++)
		if (!strcmp(inv->pkgs[i].name, name) && (!version || !strcmp(inv->pkgs[i].version, version)))
			return &inv->pkgs[i];
	return NULL;
}

/* Runs fn on the file at full (read from disk) as if found at path; returns its result. */
static inline int parse_path(dd_lang_parser_fn fn, const char *full, const char *path,
		      struct dd_inventory *inv, struct dd_err *e)
{
	size_t len = 0;
	char *data = t_read_file(full, &len);
	int r;

	if (!data) {
		t_fail(__FILE__, __LINE__, "cannot read %s", full);
		return -1;
	}
	r = fn(path, dd_slice_of(data, len), inv, e);
	free(data);
	return r;
}

static inline int parse_str(dd_lang_parser_fn fn, const char *text, const char *path,
		     struct dd_inventory *inv, struct dd_err *e)
{
	return fn(path, dd_slice_str(text), inv, e);
}

#endif
