/*
 * fuzz/vulndb_fuzz.h: the body shared by the importer fuzz targets: one
 * in-memory database opened once, each input parsed by one feed inside a
 * transaction that is rolled back (so memory stays flat).
 */
#ifndef DD_FUZZ_VULNDB_FUZZ_H
#define DD_FUZZ_VULNDB_FUZZ_H

#include <stdint.h>
#include <stdlib.h>

#include "vulndb/import.h"

static struct dd_store *fuzz_store;

static void fuzz_close(void)
{
	dd_store_close(fuzz_store);
}

static int fuzz_feed(const struct dd_feed *f, const char *name, const uint8_t *data, size_t size)
{
	struct dd_err e = DD_ERR_INIT;
	struct dd_import im;

	if (!fuzz_store) {
		if (dd_store_open(&fuzz_store, ":memory:", &e) < 0)
			abort();
		atexit(fuzz_close);
	}
	dd_import_init(&im, fuzz_store, "fuzz");
	if (dd_store_begin(fuzz_store, "fuzz", f->name, false, &e) == 0) {
		(void)dd_import_data(&im, f, name, dd_slice_of(data, size), &e);
		dd_store_end(fuzz_store, false, &e);
	}
	dd_import_release(&im);
	dd_err_release(&e);
	return 0;
}

#endif
