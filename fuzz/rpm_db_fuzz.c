/*
 * fuzz/rpm_db_fuzz.c: libFuzzer target for the rpm database reader. The
 * first byte picks the format: 0 = SQLite (read from memory, header blobs
 * through headerImport), 1 = Berkeley DB (through librpm's bdb_ro from a
 * private temporary copy), 2 = NDB (parsed here).
 */
#include <stddef.h>
#include <stdint.h>

#include "inventory/collect.h"
#include "util/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "var/lib/rpm/rpmdb.sqlite", "var/lib/rpm/Packages",
					     "var/lib/rpm/Packages.db" };
	struct dd_inventory *inv;

	if (size < 1)
		return 0;
	dd_log.quiet = true;
	dd_inventory_new(&inv);
	dd_rpm_parse_db(inv, dd_slice_of(data + 1, size - 1), names[data[0] % 3]);
	dd_inventory_free(inv);
	return 0;
}
