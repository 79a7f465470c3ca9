#!/usr/bin/env bash
# tests/cli/0502-db-update-kill.sh: killing `drydock db update` (SIGKILL)
# at random points never damages the installed database: after each kill
# the previous database still opens, passes SQLite's integrity check, has
# its schema version and still answers lookups. Uses --offline with
# fallback directories of real data so the update does real work.
. "$DD_ROOT/tests/lib/cli.sh"
A=$DD_SHARED/testdata/advisories
DB=$T/db/vuln.db

cat > "$T/sources.conf" <<CONF
[rust]
feed = osv
fallback = $A/rustsec-osv/crates

[dsa]
feed = debian
fallback = $A/debian-security-tracker/data

[alpine]
feed = alpine
fallback = $A/alpine-secdb
CONF

validate() { # prints "ok" when the database is intact
	python3 - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
ok = db.execute("pragma integrity_check").fetchone()[0] == "ok"
ok = ok and db.execute("pragma user_version").fetchone()[0] >= 1
print("ok" if ok else "bad")
PY
}

# the previous database: only the Alpine source
dd db update --db "$DB" --sources "$T/sources.conf" --offline --source alpine
check_rc "initial database built" 0
before=$(stat -c %i "$DB")

start=$(date +%s%N)
"$DRYDOCK" db update --db "$T/full.db" --sources "$T/sources.conf" --offline >/dev/null 2>&1
full_ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$full_ms" -gt 100 ] || full_ms=100

killed=0
for i in 1 2 3 4 5 6; do
	delay_ms=$(( RANDOM % full_ms ))
	"$DRYDOCK" db update --db "$DB" --sources "$T/sources.conf" --offline >/dev/null 2>&1 &
	pid=$!
	sleep "$(awk -v ms="$delay_ms" 'BEGIN { printf "%.3f", ms / 1000 }')"
	if kill -KILL "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
	wait "$pid" 2>/dev/null
	check "kill $i after ${delay_ms} ms: database intact" test "$(validate)" = ok
	dd db lookup --db "$DB" alpine:3.10 apache2
	check "kill $i: previous records still there" grep -q '^CVE-2019-9517' "$T/stdout"
done
check "at least one run was killed mid-way" test "$killed" -ge 1
echo "# killed $killed of 6 runs (full update takes ${full_ms} ms)"

dd db update --db "$DB" --sources "$T/sources.conf" --offline
check_rc "a complete update after the kills works" 0
check "the database was replaced by rename" test "$(stat -c %i "$DB")" != "$before"
dd db lookup --db "$DB" debian:11 xorg-server
check_out "new records present" "^DSA-5380-1"
