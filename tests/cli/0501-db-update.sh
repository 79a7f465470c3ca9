#!/usr/bin/env bash
# tests/cli/0501-db-update.sh: "drydock db update" against a real HTTP
# server on 127.0.0.1 (tests/fixtures/vulndb/httpd.py) serving real
# advisory files: downloads, ETag/304, retries on 500, 404, stall timeout,
# truncated bodies, fallback files, --offline, --source, and a failing
# source keeping its previous records while the others update.
. "$DD_ROOT/tests/lib/cli.sh"
A=$DD_SHARED/testdata/advisories
DB=$T/db/vuln.db
SRV=$T/srv
LOG=$T/http.log
mkdir -p "$SRV/v3.10" "$SRV/DSA"
: > "$LOG"

mkzip() { # out, go record files...
	local out=$1; shift
	(cd "$A/go-vulndb/data/osv" && python3 -c '
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    for n in sys.argv[2:]:
        z.write(n, n)
' "$out" "$@")
}
mkzip "$SRV/go.zip" GO-2020-0001.json GO-2021-0052.json GO-2022-0191.json
ln -s "$A/debian-security-tracker/data/DSA/list" "$SRV/DSA/list"
ln -s "$A/alpine-secdb/v3.10/main.yaml" "$SRV/v3.10/main.yaml"
cp "$DD_ROOT/tests/fixtures/vulndb/kev.json" "$SRV/kev.json"
cp "$DD_ROOT/tests/fixtures/vulndb/epss.csv" "$SRV/epss.csv"

python3 "$DD_ROOT/tests/fixtures/vulndb/httpd.py" "$SRV" "$T/port" "$LOG" &
SRVPID=$!
trap 'kill $SRVPID 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
P=$(cat "$T/port")
U=http://127.0.0.1:$P

cat > "$T/sources.conf" <<CONF
# test sources
[go]
feed = osv
url = $U/go.zip
backoff = 0.1

[dsa]
feed = debian
url = $U/DSA/list

[alpine]
feed = alpine
url = $U/v3.10/main.yaml

[kev]
feed = kev
url = $U/kev.json

[epss]
feed = epss
url = $U/noetag/epss.csv

[broken]
feed = kev
url = $U/500/kev.json
retries = 1
backoff = 0.1
default = no

[flaky]
feed = kev
url = $U/flaky/kev.json
retries = 3
backoff = 0.1
default = no

[missing]
feed = kev
url = $U/nope.json
default = no

[slow]
feed = kev
url = $U/slow/kev.json
timeout = 1
retries = 0
default = no

[trunc]
feed = kev
url = $U/trunc/kev.json
retries = 0
default = no

[withfallback]
feed = osv
url = $U/500/go.zip
retries = 0
fallback = \${DD_TEST_ADV}/rustsec-osv/crates
default = no

[nofallbackvar]
feed = osv
url = $U/500/go.zip
retries = 0
fallback = \${DD_TEST_UNSET_VARIABLE}/x
default = no
CONF

dd db update --db "$DB" --sources "$T/sources.conf"
check_rc "first update exits 0" 0
check_out "go updated" "^  go +updated +3 records"
check_out "dsa updated" "^  dsa +updated +5406 records"
check_out "alpine updated" "^  alpine +updated +1182 records"
check_out "kev updated" "^  kev +updated +3 records"
check_out "epss updated" "^  epss +updated +3 records"
check "not a TTY: no progress bar" bash -c "! grep -q '\[#' '$T/stderr'"
check "no temporary file left" bash -c "! ls '$T/db' | grep -q tmp"
dd db lookup --db "$DB" CVE-2021-44228
check_out "KEV flag in the database" "^kev: +yes"
if command -v script >/dev/null 2>&1; then
	script -qec "'$DRYDOCK' db update --db '$T/tty.db' --sources '$T/sources.conf' --source go" \
		/dev/null > "$T/tty.out" 2>&1
	check "on a terminal a progress bar is drawn" grep -q '\[#' "$T/tty.out"
	check "the bar is erased before the summary line" grep -q $'\033\\[K  go  ' "$T/tty.out"
else
	skip "progress bar on a terminal" "no script(1)"
fi
dd db lookup --db "$DB" alpine:3.10 apache2
check_out "alpine record in the database" "^CVE-2019-9517"

: > "$LOG"
dd db update --db "$DB" --sources "$T/sources.conf"
check_rc "second update exits 0" 0
check_out "unchanged go is not modified" "^  go +not modified"
check_out "unchanged dsa is not modified" "^  dsa +not modified"
check_out "a server without validators downloads again" "^  epss +updated"
check "If-None-Match sent" grep -q '^GET /go.zip "' "$LOG"
dd db lookup --db "$DB" Go github.com/gin-gonic/gin
check_out "not-modified source keeps its records" "^GO-2020-0001"

mkzip "$SRV/go.zip" GO-2020-0001.json GO-2021-0052.json GO-2022-0191.json GO-2023-1737.json
dd db update --db "$DB" --sources "$T/sources.conf" --source go
check_rc "changed file updates" 0
check_out "changed go.zip is imported again" "^  go +updated +4 records"
check "only the named source ran" bash -c "! grep -q '^  dsa' '$T/stdout'"

: > "$LOG"
dd db update --db "$DB" --sources "$T/sources.conf" --source broken --source kev
check_rc "a failed source exits 3" 3
check_out "500 is reported" "^  broken +FAILED .*HTTP 500.*previous data kept"
check_out "the other source still updates" "^  kev +(updated|not modified)"
check "500 is retried once" test "$(grep -c '^GET /500/kev.json' "$LOG")" = 2
dd db lookup --db "$DB" alpine:3.10 apache2
check_out "sources not updated are kept" "^CVE-2019-9517"

# a failing source keeps its own previous data: make kev fail
: > "$LOG"
sed -i "s|^url = $U/kev.json|url = $U/500/kev.json|" "$T/sources.conf"
dd db update --db "$DB" --sources "$T/sources.conf" --source kev
check_rc "kev failing exits 3" 3
dd db lookup --db "$DB" CVE-2021-44228
check_out "failed source keeps its previous records" "^kev: +yes"
dd db info --db "$DB"
check_out "info shows the failure" "^  kev .*failed: .*HTTP 500"

: > "$LOG"
dd db update --db "$DB" --sources "$T/sources.conf" --source flaky
check_rc "flaky source recovers" 0
check_out "flaky source updated after retries" "^  flaky +updated +3 records"
check "flaky: three requests" test "$(grep -c '^GET /flaky/kev.json' "$LOG")" = 3

: > "$LOG"
dd db update --db "$DB" --sources "$T/sources.conf" --source missing
check_rc "404 exits 3" 3
check_out "404 is reported" "HTTP 404"
check "404 is not retried" test "$(grep -c '^GET /nope.json' "$LOG")" = 1

dd db update --db "$DB" --sources "$T/sources.conf" --source slow
check_rc "a stalled download fails" 3
check_out "stall is reported" "^  slow +FAILED"

dd db update --db "$DB" --sources "$T/sources.conf" --source trunc
check_rc "a truncated download fails" 3
check_out "truncation is reported" "^  trunc +FAILED"
check "no partial download left" bash -c "! ls -R '$T/db/downloads' | grep -q '\.part$'"

DD_TEST_ADV=$A dd db update --db "$DB" --sources "$T/sources.conf" --source withfallback
check_rc "fallback counts as success" 0
n=$(ls "$A/rustsec-osv/crates"/*.json | wc -l)
check_out "fallback imported" "^  withfallback +fallback +$n records .*from $A/rustsec-osv/crates \(.*HTTP 500"

dd db update --db "$DB" --sources "$T/sources.conf" --source nofallbackvar
check_rc "an unset fallback variable disables the fallback" 3

: > "$LOG"
DD_TEST_ADV=$A dd db update --db "$DB" --sources "$T/sources.conf" --offline --source withfallback --source go
check_out "offline uses the fallback" "^  withfallback +fallback"
check_out "offline source without fallback fails" "^  go +FAILED +offline"
check "offline makes no request" test ! -s "$LOG"

dd db update --db "$DB" --sources "$T/sources.conf" --source nosuch
check_rc "unknown --source is bad usage" 2
dd db update --db "$DB" --sources "$T/nonexistent.conf"
check_rc "missing sources file" 2
printf '[x]\nfeed = bogus\n' > "$T/bad.conf"
dd db update --db "$DB" --sources "$T/bad.conf"
check_rc "bad sources file is bad input" 2
check_err "bad sources file names the line" "bad.conf:2: unknown feed"

# offline distribution: export, then pull from the server into a new place
dd db export --db "$DB" "$SRV/vuln.db.zst"
check_rc "export exits 0" 0
check "export writes the digest file" grep -qE '^[0-9a-f]{64}  vuln.db.zst$' "$SRV/vuln.db.zst.sha256"
check "the digest matches" bash -c "cd '$SRV' && sha256sum -c vuln.db.zst.sha256"
dd db pull --db "$T/pulled/vuln.db" "$U/vuln.db.zst"
check_rc "pull exits 0" 0
# a target that is not a regular file (a FIFO here, /dev/null for a user) is never replaced
mkfifo "$T/fifo"
dd db export --db "$DB" "$T/fifo"
check_rc "export onto a FIFO is refused" 2
check_err "and says why" "fifo: not a regular file"
check "the FIFO is still a FIFO" test -p "$T/fifo"
dd db pull --db "$T/fifo" "$U/vuln.db.zst"
check_rc "a database path that is a FIFO is refused" 2
check "no lock file beside it" test ! -e "$T/fifo.lock"
dd db lookup --db "$T/pulled/vuln.db" alpine:3.10 apache2
check_out "pulled database answers lookups" "^CVE-2019-9517"
before=$(stat -c %i "$T/pulled/vuln.db")
printf 'tampered' >> "$SRV/vuln.db.zst"
dd db pull --db "$T/pulled/vuln.db" "$U/vuln.db.zst"
check_rc "a digest mismatch is refused" 2
check_err "mismatch is named" "sha256 .* expected"
check "the installed database is untouched" test "$(stat -c %i "$T/pulled/vuln.db")" = "$before"
dd db pull --db "$T/pulled/vuln.db" "$U/none.db.zst"
check_rc "pull of a missing file fails" 3
