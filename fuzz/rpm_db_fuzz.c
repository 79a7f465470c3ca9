/*
 * fuzz/rpm_db_fuzz.c: libFuzzer target for the rpm database reader. The
 * first byte picks the format: even = SQLite (read from memory, header
 * blobs through headerImport), odd = Berkeley DB (through librpm's bdb_ro
 * from a private temporary copy).
 */
#include <stddef.h>
#include <stdint.h>

#include "inventory/collect.h"
#include "util/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dd_inventory *inv;

	if (size < 1)
		return 0;
	dd_log.quiet = true;
	dd_inventory_new(&inv);
	dd_rpm_parse_db(inv, dd_slice_of(data + 1, size - 1),
			(data[0] & 1) ? "var/lib/rpm/Packages" : "var/lib/rpm/rpmdb.sqlite");
	dd_inventory_free(inv);
	return 0;
}
