#!/usr/bin/env bash
# tests/cli/0500-db-import.sh: "drydock db import/info/lookup" on the real
# advisory data: OSV directories and all.zip-style archives, the Debian
# DSA list, Alpine secdb; exit codes for bad usage and a missing database.
. "$DD_ROOT/tests/lib/cli.sh"
A=$DD_SHARED/testdata/advisories
DB=$T/db/vuln.db

dd db info --db "$DB"
check_rc "info without a database exits 3" 3
check_err "missing database names the fix" "db update"

dd db import --db "$DB" nosuchfeed "$A/go-vulndb/data/osv"
check_rc "unknown feed is bad usage" 2
check_err "unknown feed lists the known ones" "known: osv"

dd db import --db "$DB" osv
check_rc "import without a path is bad usage" 2

dd db import --db "$DB" osv "$T/does-not-exist"
check_rc "a missing path is bad input" 2
check "a failed import leaves no database" test ! -e "$DB"
check "a failed import leaves no temporary file" bash -c "! ls '$T/db/' | grep -q tmp"

# an all.zip-style archive built from the real Go records
(cd "$A/go-vulndb/data/osv" && python3 -c '
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for n in ["GO-2020-0001.json", "GO-2021-0052.json", "GO-2022-0191.json"]:
        z.write(n, n)
' "$T/all.zip")
dd db import --db "$DB" --name osv-go osv "$T/all.zip"
check_rc "import of a zip exits 0" 0
check_out "zip: 3 records" "osv-go \(osv\): 3 records"
dd db lookup --db "$DB" Go github.com/gin-gonic/gin
check_out "zip: lookup finds GO-2020-0001" "^GO-2020-0001	fixed	-	-	-	SEMVER:introduced=0,fixed=1.6.0"

n=$(ls "$A/pypa-advisory-database/vulns"/*/*.yaml | wc -l)
dd db import --db "$DB" --name osv-pypi osv "$A/pypa-advisory-database/vulns"
check_rc "import of OSV YAML exits 0" 0
check_out "every PyPI YAML file is a record" "osv-pypi \(osv\): $n records"

dd db import --db "$DB" debian "$A/debian-security-tracker/data/DSA/list"
check_rc "import of the DSA list exits 0" 0
check_out "DSA list: 5406 records" "debian \(debian\): 5406 records"
dd db lookup --db "$DB" debian:11 xorg-server
check_out "DSA fix for bullseye" "^DSA-5380-1	fixed	2:1.20.11-1\+deb11u6"
dd db lookup --db "$DB" DSA-5380-1
check_out "DSA aliases its CVE" "^alias: +CVE-2023-1393"

dd db import --db "$DB" alpine "$A/alpine-secdb"
check_rc "import of the Alpine secdb exits 0" 0
dd db lookup --db "$DB" alpine:3.10 apache2
check_out "Alpine fix" "^CVE-2019-9517	fixed	2.4.41-r0"

# the earlier sources survive later imports
dd db lookup --db "$DB" Go github.com/gin-gonic/gin
check_out "earlier source kept" "^GO-2020-0001"
# re-importing a source replaces its records (no duplicates)
dd db import --db "$DB" --name osv-go osv "$A/go-vulndb/data/osv/GO-2020-0001.json"
dd db lookup --db "$DB" Go github.com/gin-gonic/gin
check "re-import replaces the source's records" test "$(grep -c . <<<"$out")" = 1

dd db info --db "$DB"
check_rc "info exits 0" 0
check_out "info lists sources" "^  osv-pypi +osv +$n records"
check_out "info counts affected rows" "^affected: +[0-9]+"

DRYDOCK_DB=$DB dd db lookup alpine:3.10 apache2
check_out "DRYDOCK_DB selects the database" "^CVE-2019-9517"

dd db lookup --db "$DB" NO-SUCH-ID
check_rc "unknown advisory exits 2" 2

printf 'not a database at all, just some bytes\n%.0s' {1..200} > "$T/junk.db"
dd db info --db "$T/junk.db"
check_rc "a corrupt database exits 3" 3
dd db import --db "$T/junk.db" osv "$A/go-vulndb/data/osv/GO-2020-0001.json"
check_rc "importing into a corrupt database fails" 3
check "the corrupt file is left as it was" grep -q "not a database" "$T/junk.db"

printf 'alpine:3.10\tapache2\nGo\tgithub.com/gin-gonic/gin\nnpm\tno-such-package\n' > "$T/keys.tsv"
want=$(( $("$DRYDOCK" db lookup --db "$DB" alpine:3.10 apache2 | grep -c .) + 1 ))
dd db lookup --db "$DB" --keys "$T/keys.tsv" --repeat 2
check_rc "batch lookup exits 0" 0
check_out "batch lookup counts every record" "^6 lookups, $((want * 2)) records, [0-9]+ lookups/s"

dd db import --db "$DB" --name uct-empty ubuntu "$DD_ROOT/tests/fixtures/vulndb"
check_rc "a directory without feed files still exits 0" 0
check_err "but says nothing was imported" "no ubuntu file found"

# importing into a database of another schema (an older drydock's): a new
# database is built, with a warning; offline, there is no other way out
OLDDB=$T/olddb/vuln.db
mkdir -p "$T/olddb"
python3 -c "import sqlite3,sys; d=sqlite3.connect(sys.argv[1]); d.execute('pragma user_version=2'); d.execute('create table advisory(id)'); d.commit()" "$OLDDB"
dd db import --db "$OLDDB" --name osv-go osv "$A/go-vulndb/data/osv/GO-2020-0001.json"
check_rc "import into an old-schema database exits 0" 0
check_err "the rebuild is announced" "written by a drydock with another schema .*building a new database"
dd db lookup --db "$OLDDB" Go github.com/gin-gonic/gin
check_out "the imported record is there" "^GO-2020-0001"
