#!/usr/bin/env bash
# tests/cli/0503-db-update-lock.sh: writers of one database exclude each
# other through the flock on DB.lock: while a `db update` runs (held up by a
# stalled download from the local HTTP server) a second update or import
# exits 3 naming the holder's pid, `--wait` waits and then succeeds, and a
# killed holder frees the lock. A first update where every source fails
# installs nothing (exit 3); with a previous database, it is kept, and an
# incompatible old database is left as it was.
. "$DD_ROOT/tests/lib/cli.sh"
DB=$T/db/vuln.db
SRV=$T/srv
mkdir -p "$SRV"
cp "$DD_ROOT/tests/fixtures/vulndb/kev.json" "$SRV/kev.json"
python3 "$DD_ROOT/tests/fixtures/vulndb/httpd.py" "$SRV" "$T/port" "$T/http.log" &
SRVPID=$!
trap 'kill $SRVPID 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
U=http://127.0.0.1:$(cat "$T/port")

cat > "$T/sources.conf" <<CONF
[kev]
feed = kev
url = $U/kev.json

[slow]
feed = kev
url = $U/slow/kev.json
timeout = 10
retries = 0
default = no

[missing]
feed = kev
url = $U/nope.json
default = no

[offline-only]
feed = kev
url = $U/kev.json
default = no
CONF

dd db update --db "$DB" --sources "$T/sources.conf"
check_rc "first update" 0

holder() { # starts a db update held up by the stalled download; waits for its lock
	"$DRYDOCK" db update --db "$DB" --sources "$T/sources.conf" --source slow \
		>/dev/null 2>"$T/holder.err" &
	HOLDER=$!
	for _ in $(seq 100); do
		[ "$(cat "$DB.lock" 2>/dev/null)" = "$HOLDER" ] && return 0
		sleep 0.05
	done
	return 1
}

check "the lock file names the running writer" holder
dd db update --db "$DB" --sources "$T/sources.conf"
check_rc "a second update exits 3" 3
check_err "it names the lock and the holder" "vuln\.db\.lock: another drydock \(pid $HOLDER\) is writing this database"
check_err "it says how to proceed" "use --wait"
dd db import --db "$DB" kev "$SRV/kev.json"
check_rc "an import is refused too" 3
dd db pull --db "$DB" "$U/none.db.zst"
check_rc "a pull is refused too" 3
check "the database is intact meanwhile" test -s "$DB"
dd db update --db "$DB" --sources "$T/sources.conf" --wait
check_rc "--wait waits for the holder, then updates" 0
check_err "--wait says whom it waits for" "another drydock \(pid $HOLDER\) is writing this database; waiting for it to finish"
check_out "the waiting update ran" "^  kev +(updated|not modified)"
check "the holder had finished first" bash -c "! kill -0 $HOLDER 2>/dev/null"
wait "$HOLDER"
check "the holder itself failed on the stall (exit 3)" test $? = 3

holder
kill -9 "$HOLDER"
wait "$HOLDER" 2>/dev/null
dd db update --db "$DB" --sources "$T/sources.conf"
check_rc "a killed writer frees the lock" 0
check "the lock file stays (never removed)" test -e "$DB.lock"

# every source failing on the first update: no database
NEW=$T/new/vuln.db
dd db update --db "$NEW" --sources "$T/sources.conf" --source missing
check_rc "first update with every source failing exits 3" 3
check_out "the source line says why" "^  missing +FAILED .*HTTP 404"
check_err "the error says nothing was installed" "every source failed \(1\): no database was installed at .*new/vuln\.db"
check "no database file" test ! -e "$NEW"
check "no temporary file" bash -c "! ls '$T/new' | grep -q tmp"
dd db update --db "$NEW" --sources "$T/sources.conf" --offline --source kev --source offline-only
check_rc "offline with no fallback: every source fails, exit 3" 3
check "still no database file" test ! -e "$NEW"
dd db info --db "$NEW"
check_rc "db info: no database (exit 3)" 3

# one of two failing on the first update: installed, exit 3
dd db update --db "$NEW" --sources "$T/sources.conf" --source missing --source kev
check_rc "one source failing exits 3" 3
check "but the database is installed" test -s "$NEW"
dd db lookup --db "$NEW" CVE-2021-44228
check_out "with the other source's records" "^kev: +yes"

# every source failing with a previous database: it is kept
dd db update --db "$NEW" --sources "$T/sources.conf" --source missing
check_rc "all failing with a previous database exits 3" 3
dd db lookup --db "$NEW" CVE-2021-44228
check_out "the previous records are kept" "^kev: +yes"

# an incompatible old database and every source failing: left as it was
OLD=$T/old/vuln.db
mkdir -p "$T/old"
python3 -c "import sqlite3,sys; d=sqlite3.connect(sys.argv[1]); d.execute('pragma user_version=999'); d.execute('create table x(y)'); d.commit()" "$OLD"
before=$(sha256sum < "$OLD")
dd db update --db "$OLD" --sources "$T/sources.conf" --source missing
check_rc "incompatible database, every source failing: exit 3" 3
check "the old file is untouched" test "$(sha256sum < "$OLD")" = "$before"

# an incompatible old database and a source that updates: a new database
# replaces it, with a warning that says so
dd db update --db "$OLD" --sources "$T/sources.conf" --source kev
check_rc "incompatible database, a source updating: exit 0" 0
check_err "the rebuild is announced" "written by a drydock with another schema \(this one writes version [0-9]+\): building a new database"
check "the new file has this drydock's schema" test "$(sqlite3 "$OLD" 'pragma user_version')" = "$(sqlite3 "$DB" 'pragma user_version')"
dd db lookup --db "$OLD" CVE-2021-44228
check_out "and the source's records" "^kev: +yes"
