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
base_entry() { ls "$L"/98f6204d*.ddlc; }

# ---- the size cap applied after a cold run -----------------------------------------
DRYDOCK_CACHE_MAX_SIZE=600K dd --debug --cache-dir "$C" sbom -f json "$LAYERED"
check_rc "cold sbom under a 600K cap" 0
check_err "the cap removes least recently used entries" 'least recently used entries removed .*cap 614400'
check "at most 600K remain" test "$(bytes)" -le 614400
check "some entries remain" test "$(entries)" -ge 1
rm -rf "$C"

# ---- a replayed entry counts as used ------------------------------------------------
dd --cache-dir "$C" sbom -f json "$LAYERED"
check_rc "cold sbom, default cap" 0
check "default cap: all four entries kept" test "$(entries)" = 4
touch -d '3 days ago' "$L"/*.ddlc
dd --debug --cache-dir "$C" sbom -f json "$LAYERED"
check_err "warm sbom hits the base layer" 'layer 1/4 sha256:98f6204d[0-9a-f]{56}: cache hit'
check "a hit refreshes the entry's use time" test -n "$(find "$(base_entry)" -mmin -60)"

# ---- cache prune --max-age / --max-size ------------------------------------------------
touch -d '40 days ago' "$L"/27d55a2e*.ddlc
dd --cache-dir "$C" cache prune --max-age 30d
check_rc "prune --max-age 30d" 0
check_out "prune reports what it removed" 'removed 1 layer cache entries \([0-9]+ bytes\), kept 3'
check "the 40-day-old entry is gone" test -z "$(ls "$L"/27d55a2e*.ddlc 2>/dev/null)"
check "the recent ones stay" test "$(entries)" = 3
touch -d '2 hours ago' "$L"/a0dda7c8*.ddlc
: > "$L/.tmp-young"; : > "$L/.tmp-stale"; touch -d '2 hours ago' "$L/.tmp-stale"
size_base=$(stat -c %s "$(base_entry)")
dd --cache-dir "$C" cache prune --max-size "$((size_base / 1024 + 1))K"
check_rc "prune --max-size" 0
check "the least recently used entry went first" test -z "$(ls "$L"/a0dda7c8*.ddlc 2>/dev/null)"
check "the most recently used entry stays" test -f "$(base_entry)"
check "within the size" test "$(bytes)" -le "$(( (size_base / 1024 + 1) * 1024 ))"
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
