/*
 * tests/unit/inventory_lang_walk.h: a directory walker for the language
 * collector tests: reads every file under a directory (skipping .git) and
 * hands it to dd_lang_parse_file in dd_lang_phase order, then path order,
 * as the file view does. Static functions; included by the lang tests.
 */
#ifndef DD_TESTS_LANG_WALK_H
#define DD_TESTS_LANG_WALK_H

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "inventory/lang.h"
#include "t.h"

struct walk_file {
	char *rel;
	unsigned int mode;
	unsigned long long size;
};

static inline int walk_cmp(const void *a, const void *b)
{
	return strcmp(((const struct walk_file *)a)->rel, ((const struct walk_file *)b)->rel);
}

static inline void walk_collect(const char *root, const char *rel, struct walk_file **files, size_t *n)
{
	char path[16384];
	DIR *d;
	struct dirent *de;

	snprintf(path, sizeof(path), "%s%s%s", root, *rel ? "/" : "", rel);
	d = opendir(path);
	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		char sub[8192], full[16384];
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") || !strcmp(de->d_name, ".git"))
			continue;
		snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", de->d_name);
		snprintf(full, sizeof(full), "%s/%s", root, sub);
		if (lstat(full, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			walk_collect(root, sub, files, n);
		} else if (S_ISREG(st.st_mode)) {
			*files = realloc(*files, (*n + 1) * sizeof(**files));
			(*files)[*n].rel = strdup(sub);
			(*files)[*n].mode = st.st_mode;
			(*files)[*n].size = (unsigned long long)st.st_size;
			(*n)++;
		}
	}
	closedir(d);
}

/* Runs the language collectors over dir into inv; returns the number of files parsed. */
static inline size_t lang_scan_dir(const char *dir, struct dd_inventory *inv)
{
	struct dd_lang_state *st = NULL;
	struct walk_file *files = NULL;
	size_t n = 0, i, parsed = 0;
	int phase;

	walk_collect(dir, "", &files, &n);
	if (n > 1)
		qsort(files, n, sizeof(*files), walk_cmp);
	dd_lang_state_new(&st, inv);
	for (phase = 1; phase <= 4; phase++) {
		for (i = 0; i < n; i++) {
			char full[16384];
			size_t len = 0;
			char *data;

			if (dd_lang_phase(files[i].rel, files[i].mode, files[i].size) != phase)
				continue;
			snprintf(full, sizeof(full), "%s/%s", dir, files[i].rel);
			data = t_read_file(full, &len);
			if (!data)
				continue;
			dd_lang_parse_file(st, files[i].rel, dd_slice_of(data, len), files[i].mode, 0,
					   NULL, 0);
			parsed++;
			free(data);
		}
	}
	dd_lang_state_free(st);
	for (i = 0; i < n; i++)
		free(files[i].rel);
	free(files);
	return parsed;
}

#endif
