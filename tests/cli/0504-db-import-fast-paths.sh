#!/usr/bin/env bash
# tests/cli/0504-db-import-fast-paths.sh: the fast readers of "drydock db
# import" give the same database as the plain ones: a feed directory read
# in io_uring batches or one file at a time (DRYDOCK_NO_IO_URING), an
# all.zip read by the zip reader (deflate) or by libarchive (bzip2 entries,
# which the zip reader leaves to it); a damaged entry is named with its
# offset and fails the import.
. "$DD_ROOT/tests/lib/cli.sh"
A=$DD_SHARED/testdata/advisories
GO=$A/go-vulndb/data/osv

dump() { # db: every row of the record tables, in a stable order
	sqlite3 "$1" "select * from advisory order by id, src; select * from alias order by 1, 2, 3;
		select * from affected order by ns, package, seq;"
}
mkzip() { # file, compression (deflate|bzip2|store)
	(cd "$GO" && python3 -c '
import os, sys, zipfile
c = {"deflate": zipfile.ZIP_DEFLATED, "bzip2": zipfile.ZIP_BZIP2, "store": zipfile.ZIP_STORED}[sys.argv[2]]
with zipfile.ZipFile(sys.argv[1], "w", c) as z:
    z.writestr("README", "not a record")
    for n in sorted(os.listdir(".")):
        if n.endswith(".json"):
            z.write(n, "osv/" + n)
' "$1" "$2")
}

n=$(ls "$GO"/*.json | wc -l)
dd db import --db "$T/dir.db" --name osv osv "$GO"
check_rc "directory import exits 0" 0
check_out "every file is a record" "osv \(osv\): $n records"
DRYDOCK_NO_IO_URING=1 dd db import --db "$T/plain.db" --name osv osv "$GO"
check_rc "import without io_uring exits 0" 0
check "same rows with and without io_uring" cmp -s <(dump "$T/dir.db") <(dump "$T/plain.db")

for c in deflate store bzip2; do
	mkzip "$T/$c.zip" "$c"
	dd db import --db "$T/$c.db" --name osv osv "$T/$c.zip"
	check_rc "$c zip import exits 0" 0
	check_out "$c zip: every entry is a record" "osv \(osv\): $n records"
	check "$c zip: same rows as the directory" cmp -s <(dump "$T/dir.db") <(dump "$T/$c.db")
done

# a damaged deflate stream in one entry: the import fails, naming it
python3 - "$T/deflate.zip" "$T/bad.zip" <<'PY'
import struct, sys, zipfile
data = bytearray(open(sys.argv[1], "rb").read())
info = zipfile.ZipFile(sys.argv[1]).getinfo("osv/GO-2022-0191.json")
o = info.header_offset
n, m = struct.unpack("<HH", data[o + 26:o + 30])
for i in range(8):
    data[o + 30 + n + m + 10 + i] ^= 0xA5
open(sys.argv[2], "wb").write(data)
PY
off=$(python3 -c 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).getinfo("osv/GO-2022-0191.json").header_offset)' "$T/bad.zip")
dd db import --db "$T/bad.db" --name osv osv "$T/bad.zip"
check_rc "damaged zip fails the import (bad input)" 2
check_err "the damaged entry is named with its offset" "bad.zip!osv/GO-2022-0191.json \(local header at offset $off\)"
check "no database from the failed import" test ! -e "$T/bad.db"
