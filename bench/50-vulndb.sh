#!/usr/bin/env bash
# bench/50-vulndb.sh: vulnerability database figures: import throughput per
# feed (records/s; goal >= 50,000 OSV records/s), database bytes per 1,000
# advisories, and lookups/s for random (namespace, package) keys (goal >=
# 1,000,000/s). Baselines in the same run: Python's json module parsing the
# same OSV files, and Python's sqlite3 running the same lookup query.
. "$(dirname "$0")/lib.sh"
A=$DD_SHARED/testdata/advisories
W=$BENCH_TMP/vulndb
rm -rf "$W"; mkdir -p "$W"
DB=$W/vuln.db

imp() { # label, feed, path...
	local label=$1; shift
	local out
	out=$("$DRYDOCK" --quiet db import --db "$DB" --name "$label" "$@" 2>/dev/null | head -n1)
	local recs secs
	recs=$(sed -E 's/.*: ([0-9]+) records.*/\1/' <<<"$out")
	secs=$(sed -E 's/.* in ([0-9.]+) s$/\1/' <<<"$out")
	printf '   %-40s %8s records %7s s %10s records/s\n' "import $label" "$recs" "$secs" \
		"$(awk -v r="$recs" -v s="$secs" 'BEGIN { if (s > 0) printf "%.0f", r / s; else print "-" }')"
}

imp osv-go osv "$A/go-vulndb/data/osv"
imp osv-crates osv "$A/rustsec-osv/crates"
imp osv-pypi-yaml osv "$A/pypa-advisory-database/vulns"
imp debian-dsa-dla debian "$A/debian-security-tracker/data"
imp alpine-secdb alpine "$A/alpine-secdb"
imp ubuntu-uct ubuntu "$A/ubuntu-cve-tracker"
imp trivy-fixtures trivy "$A/trivy-fixtures/db"
imp dsa-support dsa-support "$A/debian-security-support"

python3 - "$A/go-vulndb/data/osv" <<'PY'
import json, os, sys, time
d = sys.argv[1]
t = time.time(); n = 0
for f in os.listdir(d):
    if f.endswith(".json"):
        with open(os.path.join(d, f)) as fh:
            json.load(fh)
        n += 1
dt = time.time() - t
print("   %-40s %8d records %7.2f s %10.0f records/s" % ("baseline: python json.load osv-go", n, dt, n / dt))
PY

python3 - "$DB" "$W/keys.tsv" <<'PY'
import os, random, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
size = os.path.getsize(sys.argv[1])
adv = db.execute("select count(distinct id) from advisory").fetchone()[0]
print("   %-40s %8d bytes per 1,000 advisories (%d advisories, %.1f MB)" % (
    "database size", size * 1000 // max(adv, 1), adv, size / 1e6))
keys = db.execute("select distinct ns, package from affected").fetchall()
random.seed(1)
sample = [random.choice(keys) for _ in range(9000)] + [("debian:12", "no-such-%d" % i) for i in range(1000)]
random.shuffle(sample)
with open(sys.argv[2], "w") as f:
    for ns, p in sample:
        f.write("%s\t%s\n" % (ns, p))
q = "select advisory,status,fixed,severity,range_type,events,versions,detail,src from affected where ns=? and package=?"
t = time.time(); rows = 0
for _ in range(5):
    for ns, p in sample:
        rows += len(db.execute(q, (ns, p)).fetchall())
dt = time.time() - t
print("   %-40s %8d lookups %7.2f s %10.0f lookups/s" % ("baseline: python sqlite3 same query", 5 * len(sample), dt, 5 * len(sample) / dt))
PY
out=$("$DRYDOCK" --quiet db lookup --db "$DB" --keys "$W/keys.tsv" --repeat 20)
printf '   %-40s %s\n' "drydock lookups (random keys, 10% misses)" "$out"
measure "db info" "$DRYDOCK" db info --db "$DB"
