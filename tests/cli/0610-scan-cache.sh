#!/usr/bin/env bash
# tests/cli/0610-scan-cache.sh: the layer cache (docs/cache.md) on the real
# test images: a cold and a warm scan give byte-identical reports; the warm
# scan reads no layer (every layer is a hit, and it still succeeds after the
# layer blobs of a copy of the image are destroyed, where --no-cache fails);
# an image sharing the base layer hits it; a corrupt or truncated entry is
# a warning, the layer is read again and the entry rewritten; --no-cache,
# --skip-verify and directory targets write nothing; the cache directory
# follows --cache-dir, DRYDOCK_CACHE_DIR and XDG_CACHE_HOME; "drydock cache
# info" counts the entries and "drydock cache clean" removes them.
. "$DD_ROOT/tests/lib/cli.sh"
need_images
LAYERED=$IMAGES/bookworm-layered.oci
MINBASE=$IMAGES/bookworm-minbase.docker.tar
DB=$T/vuln.db
C=$T/cache
export SOURCE_DATE_EPOCH=1700000000

dd db import --db "$DB" --name bookworm debian "$DD_ROOT/tests/fixtures/scan/bookworm-tracker"
check_rc "import the bookworm tracker fixture" 0

n_entries() { find "$1" -name '*.ddlc' 2>/dev/null | wc -l; }

# ---- cold, then warm ---------------------------------------------------------
dd --debug --cache-dir "$C" scan --db "$DB" -f json "$LAYERED"
check_rc "cold scan" 0
cp "$T/stdout" "$T/cold.json"
check_err "cold: the base layer is a miss" 'layer 1/4 sha256:98f6204d[0-9a-f]{56}: cache miss'
check_err "cold: entries are written" 'layer 4/4 sha256:[0-9a-f]{64}: cache entry written'
check "cold: one entry per layer" test "$(n_entries "$C/layers")" = 4
check "cold: findings reported" python3 -c "import json,sys; assert json.load(open(sys.argv[1]))['summary']['findings'] > 0" "$T/cold.json"

dd --debug --cache-dir "$C" scan --db "$DB" -f json "$LAYERED"
check_rc "warm scan" 0
check "warm: the same report, byte for byte" cmp "$T/cold.json" "$T/stdout"
hits=$(grep -E 'layer [1-4]/4 sha256:[0-9a-f]{64}: cache hit \(' <<<"$err" | grep -vc 'second pass')
check "warm: all four layers are hits" test "$hits" = 4
if grep -qE 'cache miss|layer [0-9]+/4: sha256' <<<"$err"; then check "warm: no layer is read" false
else check "warm: no layer is read" true; fi

# sbom and scan register the same wants: the entries the scan wrote serve the sbom
before=$(n_entries "$C/layers")
dd --debug --cache-dir "$C" sbom -f cyclonedx "$LAYERED"
check_rc "sbom after scan" 0
hits=$(grep -cE 'layer [1-4]/4 sha256:[0-9a-f]{64}: cache hit \(' <<<"$err")
check "sbom after scan: all four layers are hits (entries shared with scan)" test "$hits" = 4
check "sbom after scan: no new entry" test "$(n_entries "$C/layers")" = "$before"
cp "$T/stdout" "$T/sbom-warm.json"
dd sbom --no-cache -f cyclonedx "$LAYERED"
check "sbom --no-cache: identical to the cached one" cmp "$T/sbom-warm.json" "$T/stdout"

# ---- the warm scan reads no layer: destroy the layer blobs of a copy --------------
COPY=$T/copy.oci
mkdir -p "$COPY/blobs/sha256"
cp "$LAYERED/index.json" "$LAYERED/oci-layout" "$COPY/"
python3 - "$LAYERED" "$COPY" <<'PY'
import json, os, shutil, sys
src, dst = sys.argv[1:]
idx = json.load(open(src + "/index.json"))
man = idx["manifests"][0]["digest"][7:]
m = json.load(open(src + "/blobs/sha256/" + man))
layers = {l["digest"][7:] for l in m["layers"]}
for b in os.listdir(src + "/blobs/sha256"):
    if b in layers:
        with open(dst + "/blobs/sha256/" + b, "wb") as f:
            f.write(b"not a layer any more\n")
    else:
        shutil.copy(src + "/blobs/sha256/" + b, dst + "/blobs/sha256/" + b)
PY
dd --cache-dir "$C" scan --db "$DB" -f json "$COPY"
check_rc "layers destroyed: the warm scan still succeeds" 0
check "layers destroyed: the same report" cmp "$T/cold.json" "$T/stdout"
dd --cache-dir "$C" scan --no-cache --db "$DB" -f json "$COPY"
check_rc "layers destroyed: --no-cache fails on the layer" 2
check_err "layers destroyed: --no-cache names the layer" 'layer 1 \(sha256:'

# ---- shared base layer ---------------------------------------------------------------
before=$(n_entries "$C/layers")
dd --debug --cache-dir "$C" scan --db "$DB" -f json "$MINBASE"
check_rc "minbase after layered" 0
check_err "minbase: its layer (the shared base) is a hit" 'layer 1/1 sha256:98f6204d[0-9a-f]{56}: cache hit \('
cp "$T/stdout" "$T/minbase-warm.json"
dd scan --no-cache --db "$DB" -f json "$MINBASE"
check "minbase: the same report as without the cache" cmp "$T/minbase-warm.json" "$T/stdout"
check "shared layer: no new entry" test "$(n_entries "$C/layers")" = "$before"

# ---- corrupt and truncated entries ---------------------------------------------------
BASE=$(ls "$C"/layers/98f6204d*.ddlc | head -n 1)
python3 - "$BASE" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[len(b) // 2] ^= 0x55
open(p, "wb").write(bytes(b))
PY
cp "$BASE" "$T/corrupt.ddlc"
dd --debug --cache-dir "$C" scan --db "$DB" -f json "$LAYERED"
check_rc "corrupt entry: scan succeeds" 0
check_err "corrupt entry: a warning names the file" "warning: layer cache .*98f6204d[0-9a-f]*-[0-9a-f]{16}\.ddlc: checksum mismatch"
check "corrupt entry: the same report" cmp "$T/cold.json" "$T/stdout"
check_err "corrupt entry: the layer is read again" 'layer 1/4: sha256:'
check "corrupt entry: rewritten" bash -c "! cmp -s '$T/corrupt.ddlc' '$BASE'"
dd --debug --cache-dir "$C" scan --db "$DB" -f json "$LAYERED"
check_err "rewritten entry: a hit again" 'layer 1/4 sha256:98f6204d[0-9a-f]{56}: cache hit \('
if grep -q 'warning: layer cache' <<<"$err"; then check "rewritten entry: no warning" false
else check "rewritten entry: no warning" true; fi

head -c 1000 "$BASE" > "$T/short" && cat "$T/short" > "$BASE"
dd --cache-dir "$C" scan --db "$DB" -f json "$LAYERED"
check_err "truncated entry: a warning" 'warning: layer cache .*: truncated'
check "truncated entry: the same report" cmp "$T/cold.json" "$T/stdout"
printf 'something else entirely' > "$BASE"
dd --cache-dir "$C" scan --db "$DB" -f json "$LAYERED"
check_err "foreign file: a warning" 'warning: layer cache .*: not a drydock layer cache entry'
check "foreign file: the same report" cmp "$T/cold.json" "$T/stdout"

# ---- what writes nothing -------------------------------------------------------------
dd --cache-dir "$T/c2" scan --no-cache --db "$DB" "$LAYERED"
check_rc "--no-cache scan" 0
check "--no-cache writes nothing" test ! -e "$T/c2/layers"
dd --cache-dir "$T/c3" sbom --skip-verify "$MINBASE"
check_rc "--skip-verify sbom" 0
check "--skip-verify writes nothing (unverified layers are never cached)" test ! -e "$T/c3/layers"
mkdir -p "$T/rootfs/etc"
printf 'ID=debian\nVERSION_ID="12"\n' > "$T/rootfs/etc/os-release"
dd --cache-dir "$T/c4" sbom "$T/rootfs"
check_rc "directory target" 0
check "directory targets are not cached" test ! -e "$T/c4/layers"

# ---- where the cache lives -------------------------------------------------------------
dd sbom "$MINBASE"
check "default: \$XDG_CACHE_HOME/drydock/layers" test "$(n_entries "$XDG_CACHE_HOME/drydock/layers")" = 1
DRYDOCK_CACHE_DIR=$T/env dd sbom "$MINBASE"
check "DRYDOCK_CACHE_DIR moves it" test "$(n_entries "$T/env/layers")" = 1

# ---- drydock cache info / clean ----------------------------------------------------------
printf 'half an entry' > "$C/layers/.tmp-AbC123"	# what a killed scan leaves
printf 'keep me' > "$C/layers/README"			# not the cache's
dd --cache-dir "$C" scan --db "$DB" -f json "$LAYERED"
check "a leftover temporary does not disturb a scan" cmp "$T/cold.json" "$T/stdout"
dd --cache-dir "$C" cache info
check_rc "cache info" 0
check_out "cache info: counts the unfinished write" '^unfinished writes: 1 '
dd cache info --cache-dir "$C"
check_out "--cache-dir after the command name works too" '^entries: 4$'
dd --cache-dir "$C" cache info
check_out "cache info: the directory" "^layer cache: $C/layers$"
check_out "cache info: the entries (shared by scan and sbom)" '^entries: 4$'
check_out "cache info: the bytes" '^bytes: [1-9][0-9]+$'
dd --cache-dir "$C" cache clean
check_rc "cache clean" 0
check_out "cache clean: says what it removed" '^removed 4 layer cache entries'
check "cache clean: empty" test "$(n_entries "$C/layers")" = 0
check "cache clean: leaves the rest of the cache dir" test -d "$C"
check "cache clean: removes temporaries" test ! -e "$C/layers/.tmp-AbC123"
check "cache clean: leaves files that are not the cache's" test -f "$C/layers/README"
dd --cache-dir "$C" cache info
check_out "cache info after clean" '^entries: 0$'
dd --cache-dir "$T/none" cache info
check_rc "cache info without a cache" 0
check_out "cache info without a cache: no entries" '^entries: 0$'
dd cache frobnicate
check_rc "unknown subcommand" 2
dd cache
check_rc "missing subcommand" 2
