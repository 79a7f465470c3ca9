#!/usr/bin/env bash
# tests/cli/0611-scan-cache-links.sh: a cached layer replayed on top of
# other layers than the ones it was recorded on (docs/cache.md, "When an
# entry falls short"). Two hand-made OCI layouts share a layer holding
# opt/data/release. Alone (image A) nothing wants that file; below a layer
# whose symlink etc/os-release points at it (image B) the OS collector
# wants it. After A is scanned, B's warm scan finds the shared layer's
# entry without that content, reads the layer, rewrites the entry, and
# reports what a scan without the cache reports. Also: a whiteout in an
# upper layer hides a file of a cached lower layer.
. "$DD_ROOT/tests/lib/cli.sh"
C=$T/cache
export SOURCE_DATE_EPOCH=1700000000

python3 - "$T" <<'PY'
import gzip, hashlib, io, json, os, sys, tarfile

root = sys.argv[1]

def layer(entries):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name, kind, arg in entries:
            ti = tarfile.TarInfo(name)
            ti.mtime = 0
            if kind == "dir":
                ti.type, ti.mode = tarfile.DIRTYPE, 0o755
                t.addfile(ti)
            elif kind == "link":
                ti.type, ti.linkname = tarfile.SYMTYPE, arg
                t.addfile(ti)
            else:
                data = arg.encode()
                ti.size, ti.mode = len(data), 0o644
                t.addfile(ti, io.BytesIO(data))
    raw = buf.getvalue()
    return raw, gzip.compress(raw, mtime=0)

def image(name, layers):
    d = os.path.join(root, name)
    os.makedirs(d + "/blobs/sha256")
    def blob(data):
        h = hashlib.sha256(data).hexdigest()
        open(d + "/blobs/sha256/" + h, "wb").write(data)
        return "sha256:" + h, len(data)
    descs, diffs = [], []
    for raw, gz in layers:
        dg, n = blob(gz)
        descs.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": dg, "size": n})
        diffs.append("sha256:" + hashlib.sha256(raw).hexdigest())
    cfg = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                      "rootfs": {"type": "layers", "diff_ids": diffs},
                      "history": [{"created_by": "layer %d" % i} for i in range(len(layers))]}).encode()
    cd, cn = blob(cfg)
    man = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                      "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cd, "size": cn},
                      "layers": descs}).encode()
    md, mn = blob(man)
    json.dump({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
               "digest": md, "size": mn}]}, open(d + "/index.json", "w"))
    open(d + "/oci-layout", "w").write('{"imageLayoutVersion": "1.0.0"}')

shared = layer([("opt", "dir", None), ("opt/data", "dir", None),
                ("opt/data/release", "file", 'ID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME="Alpine Linux v3.19"\n'),
                ("opt/data/notes.txt", "file", "hello\n")])
links = layer([("etc", "dir", None), ("etc/os-release", "link", "../opt/data/release")])
# A: the shared layer alone; B: the link layer below it; W: a whiteout above it
image("a.oci", [shared])
image("b.oci", [links, shared])
image("w.oci", [links, shared, layer([("opt/data", "dir", None), ("opt/data/.wh.release", "file", "")])])
PY
check "fixtures built" test -f "$T/b.oci/index.json"

dd --cache-dir "$C" sbom -f json "$T/a.oci"
check_rc "A: cold" 0
check "A: no OS (nothing points at the release file)" python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert not d.get('os') or not d['os'].get('name'), d.get('os')" "$T/stdout"

dd sbom --no-cache -f json "$T/b.oci"
cp "$T/stdout" "$T/b-nocache.json"
check "B without the cache: alpine through the symlink" grep -q '"alpine"' "$T/b-nocache.json"

dd --debug --cache-dir "$C" sbom -f json "$T/b.oci"
check_rc "B after A" 0
check_err "B: the link layer is a miss" 'layer 1/2 sha256:[0-9a-f]{64}: cache miss'
check_err "B: the shared entry falls short (recorded where nothing wanted the file)" \
	'layer 2/2 sha256:[0-9a-f]{64}: cache entry falls short \(opt/data/release: not in the cache entry\)'
check_err "B: so that layer is read" 'layer 2/2: sha256:'
check "B: the same SBOM as without the cache" cmp "$T/b-nocache.json" "$T/stdout"

dd --debug --cache-dir "$C" sbom -f json "$T/b.oci"
check_err "B again: the rewritten entry is a hit" 'layer 2/2 sha256:[0-9a-f]{64}: cache hit \('
if grep -q 'falls short' <<<"$err"; then check "B again: nothing falls short" false
else check "B again: nothing falls short" true; fi
check "B again: the same SBOM" cmp "$T/b-nocache.json" "$T/stdout"

dd --debug --cache-dir "$C" sbom -f json "$T/a.oci"
check_err "A again: a hit on the rewritten entry" 'layer 1/1 sha256:[0-9a-f]{64}: cache hit \('
check "A again: still no OS" python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert not d.get('os') or not d['os'].get('name'), d.get('os')" "$T/stdout"

dd sbom --no-cache -f json "$T/w.oci"
cp "$T/stdout" "$T/w-nocache.json"
dd --debug --cache-dir "$C" sbom -f json "$T/w.oci"
check_rc "W: whiteout over cached layers" 0
check_err "W: the shared layer is a hit" 'layer 2/3 sha256:[0-9a-f]{64}: cache hit \('
check "W: the whited-out release file is gone, as without the cache" cmp "$T/w-nocache.json" "$T/stdout"
if grep -q '"alpine"' "$T/stdout"; then check "W: no OS from a deleted file" false
else check "W: no OS from a deleted file" true; fi
