#!/usr/bin/env bash
# bench/40-version.sh: version comparison speed on real version strings
# (tests/fixtures/version/sources.sh), in process through
# dd_version_compare (counting allocations on the way: there must be none)
# and through "drydock version compare --batch", each next to the reference
# implementation's speed measured in the same run (python3-apt, dpkg
# --compare-versions, python3-rpm, python3-packaging, node-semver). Then the
# differential test on a large sample (DD_DIFF_N, default 50000 pairs).
set -uo pipefail
. "$DD_ROOT/bench/lib.sh"
. "$DD_ROOT/tests/fixtures/version/sources.sh"
B=$BENCH_TMP/version
mkdir -p "$B"
FX=$DD_ROOT/tests/fixtures/version
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
PAIRS=${DD_BENCH_PAIRS:-200000}

dpkg_versions >"$B/dpkg.v"
pypi_versions >"$B/pypi.v"
[ -s "$DD_ROOT/build/cache/npm-versions.txt" ] && cp "$DD_ROOT/build/cache/npm-versions.txt" "$B/npm.v" ||
	npm_versions | sort -u >"$B/npm.v"
for e in dpkg pypi npm; do
	$PY "$FX/diffref.py" sample "$PAIRS" 11 <"$B/$e.v" >"$B/$e.p"
done
cp "$B/dpkg.p" "$B/rpm.p"

# in-process loop over the pairs, counting malloc/calloc/realloc calls in the compare path
cat >"$B/vbench.c" <<'CEOF'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "version/version.h"
static unsigned long nalloc;
void *__real_malloc(size_t n);
void *__real_calloc(size_t a, size_t b);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n) { nalloc++; return __real_malloc(n); }
void *__wrap_calloc(size_t a, size_t b) { nalloc++; return __real_calloc(a, b); }
void *__wrap_realloc(void *p, size_t n) { nalloc++; return __real_realloc(p, n); }
int main(int argc, char **argv)
{
	enum dd_eco eco;
	static char buf[64 << 20];
	struct dd_slice *a = NULL, *b = NULL;
	size_t n = 0, cap = 0, len, i, total = 0;
	FILE *f = fopen(argv[2], "rb");
	struct timespec t0, t1;
	double secs;
	long sink = 0;
	char *p;

	if (argc < 3 || dd_eco_parse(argv[1], &eco) || !f)
		return 2;
	len = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	for (p = buf; p < buf + len;) {
		char *nl = memchr(p, '\n', (size_t)(buf + len - p)), *tab;
		if (!nl)
			break;
		tab = memchr(p, '\t', (size_t)(nl - p));
		if (tab) {
			if (n == cap) {
				cap = cap ? 2 * cap : 1024;
				a = realloc(a, cap * sizeof(*a));
				b = realloc(b, cap * sizeof(*b));
			}
			a[n] = dd_slice_of(p, (size_t)(tab - p));
			b[n] = dd_slice_of(tab + 1, (size_t)(nl - tab - 1));
			n++;
		}
		p = nl + 1;
	}
	nalloc = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		for (i = 0; i < n; i++) {
			int c = 0;
			if (dd_version_compare(eco, a[i], b[i], &c) == 0)
				sink += c;
		}
		total += n;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	} while (secs < 2.0);
	printf("%.2f %lu %ld\n", (double)total / secs / 1e6, nalloc, sink);
	free(a);
	free(b);
	return 0;
}
CEOF
if ! cc -O2 -std=c11 -D_GNU_SOURCE -I"$DD_ROOT/src" -o "$B/vbench" "$B/vbench.c" "$DD_ROOT/build/rel/libdrydock.a" \
	-Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc $(pkg-config --libs libarchive sqlite3 jansson libcurl libcrypto yaml-0.1 rpm) -lm; then
	echo "   (could not build the in-process benchmark)"
fi

# reference loops: comparisons per second of the same pairs
ref_rate() { # eco pairs -> million comparisons/s
	case $1 in
	dpkg) $PY - "$2" <<'PYEOF'
import sys, time, apt_pkg
apt_pkg.init_system()
pairs = [l.rstrip("\n").split("\t", 1) for l in open(sys.argv[1])]
t = time.perf_counter(); n = 0
while time.perf_counter() - t < 2:
    for a, b in pairs[:50000]:
        apt_pkg.version_compare(a, b)
    n += min(len(pairs), 50000)
print(f"{n / (time.perf_counter() - t) / 1e6:.2f}")
PYEOF
	;;
	rpm) $PY - "$2" <<'PYEOF'
import sys, time, rpm
pairs = [l.rstrip("\n").split("\t", 1) for l in open(sys.argv[1])][:50000]
t = time.perf_counter(); n = 0
while time.perf_counter() - t < 2:
    for a, b in pairs:
        rpm.labelCompare(("0", a, ""), ("0", b, ""))
    n += len(pairs)
print(f"{n / (time.perf_counter() - t) / 1e6:.2f}")
PYEOF
	;;
	PyPI) $PY - "$2" <<'PYEOF'
import sys, time
from packaging.version import Version, InvalidVersion
pairs = [l.rstrip("\n").split("\t", 1) for l in open(sys.argv[1])][:50000]
t = time.perf_counter(); n = 0
while time.perf_counter() - t < 2:
    for a, b in pairs:
        try:
            Version(a) < Version(b)
        except InvalidVersion:
            pass
    n += len(pairs)
print(f"{n / (time.perf_counter() - t) / 1e6:.2f}")
PYEOF
	;;
	npm) NODE_PATH=$DD_ROOT/build/cache/npm/node_modules node -e '
const s = require("semver"); const fs = require("fs");
const pairs = fs.readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean).slice(0, 50000).map(l => l.split("\t"));
let n = 0; const t = process.hrtime.bigint();
while (Number(process.hrtime.bigint() - t) < 2e9) { for (const [a, b] of pairs) { try { s.compare(a, b) } catch (e) {} } n += pairs.length }
console.log((n / (Number(process.hrtime.bigint() - t) / 1e9) / 1e6).toFixed(2))' "$2" 2>/dev/null
	;;
	esac
}

echo "   in-process comparisons (Mcmp/s, real versions; allocations counted in the compare path)"
for e in dpkg rpm PyPI npm; do
	f=$B/$(echo "$e" | tr 'A-Z' 'a-z').p
	ours=$([ -x "$B/vbench" ] && "$B/vbench" "$e" "$f")
	ref=$(ref_rate "$e" "$f" 2>/dev/null)
	case $e in dpkg) rn="python3-apt apt_pkg.version_compare";; rpm) rn="python3-rpm labelCompare";;
		PyPI) rn="python3-packaging Version()";; npm) rn="node-semver compare";; esac
	printf '   %-8s drydock %8s M/s (%s allocations)   baseline %-38s %6s M/s\n' "$e" \
		"$(echo "$ours" | cut -d' ' -f1)" "$(echo "$ours" | cut -d' ' -f2)" "$rn" "${ref:-n/a}"
done
# dpkg itself, one process per comparison
head -n 300 "$B/dpkg.p" >"$B/dpkg300.p"
t0=$(date +%s.%N)
while IFS=$'\t' read -r a b; do dpkg --compare-versions "$a" lt "$b"; done <"$B/dpkg300.p"
t1=$(date +%s.%N)
printf '   %-8s baseline dpkg --compare-versions (one process per pair): %.0f cmp/s\n' dpkg \
	"$(echo "300 / ($t1 - $t0)" | bc -l)"

# the command line: 1M lines through --batch
awk '{ for (i = 0; i < 5; i++) print }' "$B/dpkg.p" | head -n 1000000 >"$B/dpkg1m.p"
measure "drydock version compare dpkg --batch (1M lines)" sh -c "'$DRYDOCK' version compare dpkg --batch <'$B/dpkg1m.p' >/dev/null"
measure "baseline: sort -V of the same 2M strings (coreutils)" sh -c "tr '\t' '\n' <'$B/dpkg1m.p' | sort -V >/dev/null"

# the differential test on a large sample
echo "   differential test, DD_DIFF_N=${DD_DIFF_N:=50000} pairs per ecosystem:"
DD_TEST_TMP=$B DD_DIFF_N=$DD_DIFF_N bash "$DD_ROOT/tests/cli/0401-version-diff.sh" 2>&1 | sed 's/^/   /'
