#!/usr/bin/env bash
# tests/cli/0612-cache-prune.sh: keeping the layer cache bounded
# (docs/cache.md, "Size and pruning"): a scan that writes entries removes
# the least recently used ones beyond $DRYDOCK_CACHE_MAX_SIZE; a replayed
# entry counts as used again (its mtime is refreshed); "drydock cache prune"
# removes entries by age and by size, and stale temporaries; bad values are
# usage errors (exit 2) or, for the variable, a warning.
. "$DD_ROOT/tests/lib/cli.sh"
need_images
LAYERED=$IMAGES/bookworm-layered.docker.tar
C=$T/cache
L=$C/layers

entries() { find "$L" -name '*.ddlc' 2>/dev/null | wc -l; }
bytes() { find "$L" -name '*.ddlc' -printf '%s\n' 2>/dev/null | awk '{ s += $1 } END { print s + 0 }'; }
# the entry of layer N (1-4) of the image: its diff_id from the cold run's --debug log
entry() { ls "$L/${LAYER[$1]}"-*.ddlc 2>/dev/null; }
base_entry() { entry 1; }

# ---- the size cap applied after a cold run -----------------------------------------
DRYDOCK_CACHE_MAX_SIZE=600K dd --debug --cache-dir "$C" sbom -f json "$LAYERED"
check_rc "cold sbom under a 600K cap" 0
check_err "the cap removes least recently used entries" 'least recently used entries removed .*cap 614400'
check "at most 600K remain" test "$(bytes)" -le 614400
check "some entries remain" test "$(entries)" -ge 1
rm -rf "$C"

# ---- a replayed entry counts as used ------------------------------------------------
dd --debug --cache-dir "$C" sbom -f json "$LAYERED"
check_rc "cold sbom, default cap" 0
declare -A LAYER
for n in 1 2 3 4; do
	LAYER[$n]=$(grep -oE "layer $n/4 sha256:[0-9a-f]{64}: cache entry written" <<<"$err" |
		sed -E 's/.*sha256:([0-9a-f]{64}).*/\1/')
done
check "the four layers' entries are named by diff_id" test -n "$(entry 1)" -a -n "$(entry 2)" \
	-a -n "$(entry 3)" -a -n "$(entry 4)"
check "default cap: all four entries kept" test "$(entries)" = 4
touch -d '3 days ago' "$L"/*.ddlc
dd --debug --cache-dir "$C" sbom -f json "$LAYERED"
check_err "warm sbom hits the base layer" "layer 1/4 sha256:${LAYER[1]}: cache hit"
check "a hit refreshes the entry's use time" test -n "$(find "$(base_entry)" -mmin -60)"

# ---- cache prune --max-age / --max-size ------------------------------------------------
touch -d '40 days ago' "$(entry 2)"
dd --cache-dir "$C" cache prune --max-age 30d
check_rc "prune --max-age 30d" 0
check_out "prune reports what it removed" 'removed 1 layer cache entries \([0-9]+ bytes\), kept 3'
check "the 40-day-old entry is gone" test -z "$(entry 2)"
check "the recent ones stay" test "$(entries)" = 3
# use order made explicit: layer 3's entry least recently, then layer 4's, the base now
touch -d '3 hours ago' "$(entry 3)"
touch -d '2 hours ago' "$(entry 4)"
touch "$(base_entry)"
: > "$L/.tmp-young"; : > "$L/.tmp-stale"; touch -d '2 hours ago' "$L/.tmp-stale"
size_base=$(stat -c %s "$(base_entry)")
size_small=$(stat -c %s "$(entry 4)")
dd --cache-dir "$C" cache prune --max-size "$((size_base + size_small))"
check_rc "prune --max-size" 0
check_out "prune --max-size reports one entry removed" 'removed 1 layer cache entries'
check "the least recently used entry went first" test -z "$(entry 3)"
check "the most recently used entry stays" test -f "$(base_entry)"
check "the next one stays: the size was reached" test -n "$(entry 4)"
check "within the size" test "$(bytes)" -le "$((size_base + size_small))"
check "a stale temporary is removed" test ! -e "$L/.tmp-stale"
check "a young temporary (a write in progress) stays" test -e "$L/.tmp-young"
dd --cache-dir "$C/none" cache prune --max-age 1d
check_rc "prune of a missing cache directory" 0
check_out "nothing removed" 'removed 0 layer cache entries'

# ---- bad values --------------------------------------------------------------------
dd cache prune
check_rc "prune without a limit: usage error" 2
check_err "names the options" '--max-size SIZE and/or --max-age AGE'
dd cache prune --max-age 30x
check_rc "bad age: usage error" 2
check_err "bad age named" "--max-age: '30x'"
dd cache prune --max-size lots
check_rc "bad size: usage error" 2
dd cache info --max-size 1G
check_rc "--max-size outside prune: usage error" 2
DRYDOCK_CACHE_MAX_SIZE=huge dd --cache-dir "$C" sbom -f json "$LAYERED"
check_rc "bad DRYDOCK_CACHE_MAX_SIZE: the sbom still runs" 0
check_err "bad DRYDOCK_CACHE_MAX_SIZE: a warning" 'DRYDOCK_CACHE_MAX_SIZE=huge is not a size'
