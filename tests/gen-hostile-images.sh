#!/usr/bin/env bash
# tests/gen-hostile-images.sh: generates small hand-made images into a
# directory (default build/hostile): hostile ones (truncated and corrupt
# archives, bad JSON, wrong media types, missing blobs, ../ and absolute
# names, symlink loops, huge headers, decompression bombs, non-UTF-8 names,
# digest mismatches) and edge cases that must work (multi-platform index,
# zstd and gzip layers, gzip'd docker-archive, hardlinks, symlinked
# directories). Writes MANIFEST.tsv: name, expected exit code, options,
# a regex the error message must match ("-" for an empty field). Needs python3 (standard library).
#   tests/gen-hostile-images.sh [OUTDIR]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT/build/hostile}
mkdir -p "$OUT"
exec python3 - "$OUT" <<'PY'
import gzip, hashlib, io, json, os, sys, tarfile

OUT = sys.argv[1]
rows = []

def sha(b):
    return "sha256:" + hashlib.sha256(b).hexdigest()

def ti(name, kind="f", data=b"", link="", mode=0o644, size=None):
    t = tarfile.TarInfo(name)
    t.mtime = 1735689600
    t.mode = mode
    if kind == "d":
        t.type = tarfile.DIRTYPE
        t.mode = 0o755
    elif kind == "l":
        t.type = tarfile.SYMTYPE
        t.linkname = link
    elif kind == "h":
        t.type = tarfile.LNKTYPE
        t.linkname = link
    else:
        t.size = len(data) if size is None else size
    return t, data

def layer(entries, fmt=tarfile.GNU_FORMAT, pax=None):
    bio = io.BytesIO()
    with tarfile.open(fileobj=bio, mode="w", format=fmt, encoding="utf-8",
                      errors="surrogateescape") as tf:
        for e in entries:
            t, data = ti(*e) if isinstance(e, tuple) else e
            if pax:
                t.pax_headers = pax
            tf.addfile(t, io.BytesIO(data) if t.isreg() else None)
    return bio.getvalue()

def outer(path, members, gz=False):
    bio = io.BytesIO()
    with tarfile.open(fileobj=bio, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for name, data in members:
            t = tarfile.TarInfo(name)
            t.size = len(data)
            t.mtime = 1735689600
            tf.addfile(t, io.BytesIO(data))
    b = bio.getvalue()
    if gz:
        b = gzip.compress(b, 6, mtime=0)
    with open(os.path.join(OUT, path), "wb") as f:
        f.write(b)

def config(diff_ids, history=None, **extra):
    c = {"architecture": "amd64", "os": "linux", "created": "2025-01-01T00:00:00Z",
         "config": {"Env": ["PATH=/usr/bin"], "Cmd": ["/bin/sh"], "User": "app",
                    "ExposedPorts": {"8080/tcp": {}}, "Labels": {"org.test": "yes"}},
         "rootfs": {"type": "layers", "diff_ids": diff_ids},
         "history": history or [{"created_by": "layer %d" % (i + 1)} for i in range(len(diff_ids))]}
    c.update(extra)
    return json.dumps(c).encode()

def docker(path, layers, cfg=None, manifest=None, gz=False, extra=()):
    """layers: list of uncompressed tar bytes."""
    members = []
    names = []
    for l in layers:
        n = hashlib.sha256(l).hexdigest() + ".tar"
        names.append(n)
        members.append((n, l))
    c = cfg if cfg is not None else config([sha(l) for l in layers])
    cn = hashlib.sha256(c).hexdigest() + ".json"
    members.append((cn, c))
    m = manifest if manifest is not None else json.dumps(
        [{"Config": cn, "RepoTags": ["test/" + path.split(".")[0] + ":latest"],
          "Layers": names}]).encode()
    members.append(("manifest.json", m))
    members.extend(extra)
    outer(path, members, gz)

def comp(b, how):
    if how == "gzip":
        return gzip.compress(b, 6, mtime=0)
    if how == "zstd":
        import subprocess
        return subprocess.run(["zstd", "-q", "-c"], input=b, stdout=subprocess.PIPE,
                              check=True).stdout
    return b

MT = {"gzip": "application/vnd.oci.image.layer.v1.tar+gzip",
      "zstd": "application/vnd.oci.image.layer.v1.tar+zstd",
      "none": "application/vnd.oci.image.layer.v1.tar"}

def oci_manifest(layers, how="gzip", cfg=None, lmt=None, blobs=None):
    """Returns (manifest bytes, blob dict)."""
    blobs = {} if blobs is None else blobs
    descs = []
    for l in layers:
        b = comp(l, how)
        blobs[sha(b)] = b
        descs.append({"mediaType": lmt or MT[how], "digest": sha(b), "size": len(b)})
    c = cfg if cfg is not None else config([sha(l) for l in layers])
    blobs[sha(c)] = c
    m = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                    "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                               "digest": sha(c), "size": len(c)},
                    "layers": descs}).encode()
    blobs[sha(m)] = m
    return m, blobs

def oci(path, index, blobs, drop=()):
    members = [("oci-layout", b'{"imageLayoutVersion":"1.0.0"}'),
               ("index.json", json.dumps(index).encode())]
    for d, b in blobs.items():
        if d not in drop:
            members.append(("blobs/sha256/" + d[7:], b))
    outer(path, members)

def oci_simple(path, layers, how="gzip", **kw):
    m, blobs = oci_manifest(layers, how, **kw)
    oci(path, {"schemaVersion": 2, "manifests": [
        {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": sha(m),
         "size": len(m), "annotations": {"org.opencontainers.image.ref.name": path}}]}, blobs)
    return m, blobs

def row(name, rc, opts, regex):
    # "-" for an empty field: tab is whitespace to bash's read
    rows.append("\t".join([name, str(rc), opts or "-", regex or "-"]))

base = layer([("etc", "d"), ("etc/os-release", "f", b"ID=hostile\nVERSION_ID=1\n"),
              ("usr", "d"), ("usr/lib", "d"), ("usr/lib/os-release", "f", b"ID=test\n")])

# ---- edge cases that must work -----------------------------------------------------------
l1 = layer([("usr", "d"), ("usr/lib", "d"), ("usr/lib/os-release", "f", b"ID=edge\nVERSION_ID=2\n"),
            ("lib", "l", b"", "usr/lib"), ("etc", "d"),
            ("etc/os-release", "l", b"", "/usr/lib/../lib/os-release"),
            ("bin", "d"), ("bin/tool", "f", b"\x7fELF tool", "", 0o755),
            ("bin/tool-link", "h", b"", "bin/tool"),
            ("app", "d"), ("app/package.json", "f", b'{"name":"a","version":"1.0.0"}'),
            ("app/old", "f", b"old"), ("app/dir", "d"), ("app/dir/x", "f", b"x"),
            ("app/f", "f", b"file, then a directory")])
l2 = layer([("app", "d"), ("app/.wh.old", "f"), ("app/dir", "f", b"now a file"),
            ("app/f", "d"), ("app/f/y", "f", b"y"),
            ("app/package.json", "f", b'{"name":"a","version":"2.0.0"}')])
oci_simple("ok-zstd.oci.tar", [l1, l2], "zstd")
row("ok-zstd.oci.tar", 0, "--files etc/os-release --files lib/os-release --files bin/tool-link --files app/**",
    "lib/os-release")
docker("ok-gzipped.docker.tar.gz", [l1, l2], gz=True)
row("ok-gzipped.docker.tar.gz", 0, "--files app/package.json", "app/package.json")
oci_simple("ok-plain-layers.oci.tar", [l1, l2], "none")
row("ok-plain-layers.oci.tar", 0, "--files etc/os-release", "etc/os-release")
# multi-platform index
ma, blobs = oci_manifest([base], "gzip")
mb, blobs = oci_manifest([layer([("arm", "f", b"arm64")])], "gzip",
                         cfg=config([sha(layer([("arm", "f", b"arm64")]))], architecture="arm64", variant="v8"),
                         blobs=blobs)
def plat_desc(m, arch, var=None):
    p = {"os": "linux", "architecture": arch}
    if var:
        p["variant"] = var
    return {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": sha(m),
            "size": len(m), "platform": p}
idx = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
       "manifests": [plat_desc(mb, "arm64", "v8"), plat_desc(ma, "amd64")]}
oci("ok-multiarch.oci.tar", idx, blobs)
row("ok-multiarch.oci.tar", 0, "--platform linux/arm64 --files arm", "arm")
row("ok-multiarch.oci.tar", 0, "--files etc/os-release", "etc/os-release")
row("ok-multiarch.oci.tar", 2, "--platform linux/s390x", "no manifest for platform linux/s390x.*linux/arm64/v8, linux/amd64")
oci("multiarch-noamd64.oci.tar", {"schemaVersion": 2, "manifests": [plat_desc(mb, "arm64", "v8")]}, blobs)
row("multiarch-noamd64.oci.tar", 2, "", "multiarch-noamd64.oci.tar: index.json: no manifest for platform linux/amd64 \\(platforms: linux/arm64/v8\\)")

# ---- hostile: archives --------------------------------------------------------------------------
docker("good.docker.tar", [base])
with open(os.path.join(OUT, "good.docker.tar"), "rb") as f:
    good = f.read()
with open(os.path.join(OUT, "truncated.docker.tar"), "wb") as f:
    f.write(good[: len(good) // 2 + 100])
row("truncated.docker.tar", 2, "--walk", "truncated.docker.tar.*([Tt]runcated|missing)")
with open(os.path.join(OUT, "not-an-archive.tar"), "wb") as f:
    f.write(b"\x00\x01garbage" * 100)
row("not-an-archive.tar", 2, "", "not-an-archive.tar")
open(os.path.join(OUT, "empty.tar"), "wb").close()
row("empty.tar", 2, "", "empty.tar")
trunc_layer = base[: 1024 + 10]
docker("truncated-layer.docker.tar", [trunc_layer], cfg=config([sha(trunc_layer)]))
row("truncated-layer.docker.tar", 2, "--walk", "truncated-layer.docker.tar: layer 1 \\(sha256:[0-9a-f]{64}\\).*(etc/os-release|[Tt]runcated)")
gzl = bytearray(gzip.compress(base + b"\0" * 4096, 6, mtime=0))
for i in range(30, min(len(gzl) - 10, 80)):
    gzl[i] ^= 0x55
m, blobs = oci_manifest([base], "gzip")
bad = bytes(gzl)
ld = json.loads(m)["layers"][0]["digest"]
blobs[ld] = bad
oci("corrupt-gzip-layer.oci.tar", {"schemaVersion": 2, "manifests": [
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": sha(m), "size": len(m)}]}, blobs)
row("corrupt-gzip-layer.oci.tar", 2, "--skip-verify --walk", "corrupt-gzip-layer.oci.tar: layer 1 \\(sha256:")
row("corrupt-gzip-layer.oci.tar", 2, "--walk", "corrupt-gzip-layer.oci.tar: layer 1 \\(sha256:")

# ---- hostile: JSON, media types, blobs -----------------------------------------------------------
docker("bad-json-manifest.docker.tar", [base], manifest=b'[{"Config": ')
row("bad-json-manifest.docker.tar", 2, "", "bad-json-manifest.docker.tar: manifest.json: invalid JSON")
docker("bad-json-config.docker.tar", [base], cfg=b'{"rootfs": [1,2,')
row("bad-json-config.docker.tar", 2, "", "bad-json-config.docker.tar: .*json: invalid JSON")
docker("config-not-object.docker.tar", [base], cfg=b'[]')
row("config-not-object.docker.tar", 2, "", "config-not-object.docker.tar: .*not a JSON object")
docker("diffids-count.docker.tar", [base], cfg=config([]))
row("diffids-count.docker.tar", 2, "", "diffids-count.docker.tar: .*0 diff_ids for 1 layers")
oci_simple("wrong-layer-media-type.oci.tar", [base], lmt="application/vnd.example.not-a-layer")
row("wrong-layer-media-type.oci.tar", 2, "", "wrong-layer-media-type.oci.tar: layer 1 \\(sha256:.*unsupported media type application/vnd.example.not-a-layer")
m, blobs = oci_manifest([base])
mj = json.loads(m); mj["mediaType"] = "application/vnd.example.manifest"; m2 = json.dumps(mj).encode()
blobs[sha(m2)] = m2
oci("wrong-manifest-media-type.oci.tar", {"schemaVersion": 2, "manifests": [
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": sha(m2), "size": len(m2)}]}, blobs)
row("wrong-manifest-media-type.oci.tar", 2, "", "wrong-manifest-media-type.oci.tar: blobs/sha256/[0-9a-f]+: unsupported manifest media type")
m, blobs = oci_manifest([base])
ld = json.loads(m)["layers"][0]["digest"]
oci("missing-layer-blob.oci.tar", {"schemaVersion": 2, "manifests": [
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": sha(m), "size": len(m)}]},
    blobs, drop=[ld])
row("missing-layer-blob.oci.tar", 2, "", "missing-layer-blob.oci.tar: layer 1 \\(sha256:[0-9a-f]{64}\\): blob missing")
oci("missing-manifest-blob.oci.tar", {"schemaVersion": 2, "manifests": [
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": sha(m), "size": len(m)}]},
    blobs, drop=[sha(m)])
row("missing-manifest-blob.oci.tar", 2, "", "missing-manifest-blob.oci.tar: .*blobs/sha256/[0-9a-f]{64}: blob missing")
oci("bad-digest-string.oci.tar", {"schemaVersion": 2, "manifests": [
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:../../../etc/passwd", "size": 1}]}, {})
row("bad-digest-string.oci.tar", 2, "", "bad-digest-string.oci.tar: index.json: manifest digest is not sha256:<hex>")
docker("missing-layer.docker.tar", [base], manifest=json.dumps(
    [{"Config": hashlib.sha256(config([sha(base)])).hexdigest() + ".json", "Layers": ["nope/layer.tar"]}]).encode())
row("missing-layer.docker.tar", 2, "", "missing-layer.docker.tar: layer 1: nope/layer.tar: blob missing")
docker("dotdot-manifest-path.docker.tar", [base], manifest=json.dumps(
    [{"Config": "../../etc/passwd", "Layers": []}]).encode())
row("dotdot-manifest-path.docker.tar", 2, "", "dotdot-manifest-path.docker.tar: manifest.json: Config: .*'\\.\\.'")

# ---- hostile: digests -----------------------------------------------------------------------------
docker("diffid-mismatch.docker.tar", [base], cfg=config(["sha256:" + "0" * 64]))
row("diffid-mismatch.docker.tar", 2, "--walk", "diffid-mismatch.docker.tar: layer 1 \\(sha256:[0-9a-f]{64}\\): uncompressed digest is sha256:[0-9a-f]{64}, expected diff_id sha256:0{64}")
row("diffid-mismatch.docker.tar", 0, "--walk --skip-verify", "")
m, blobs = oci_manifest([base])
ld = json.loads(m)["layers"][0]["digest"]
blobs[ld] = gzip.compress(base, 1, mtime=0) + b""   # same content, other bytes
if sha(blobs[ld]) == ld:
    blobs[ld] = gzip.compress(base, 9, mtime=1)
oci("blob-digest-mismatch.oci.tar", {"schemaVersion": 2, "manifests": [
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": sha(m), "size": len(m)}]}, blobs)
row("blob-digest-mismatch.oci.tar", 2, "--walk", "blob-digest-mismatch.oci.tar: layer 1 \\(sha256:[0-9a-f]{64}\\): blob digest is sha256:")
# uncompressed OCI layers: one hash serves as blob digest and diff_id; both are still checked
oci_simple("diffid-mismatch-plain.oci.tar", [base], "none", cfg=config(["sha256:" + "0" * 64]))
row("diffid-mismatch-plain.oci.tar", 2, "--walk", "diffid-mismatch-plain.oci.tar: layer 1 \\(sha256:[0-9a-f]{64}\\): uncompressed digest is sha256:[0-9a-f]{64}, expected diff_id sha256:0{64}")
m, blobs = oci_manifest([base], "none")
ld = json.loads(m)["layers"][0]["digest"]
blobs[ld] = blobs[ld] + b"\0" * 512   # still a valid tar, other bytes
oci("blob-digest-mismatch-plain.oci.tar", {"schemaVersion": 2, "manifests": [
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": sha(m), "size": len(m)}]}, blobs)
row("blob-digest-mismatch-plain.oci.tar", 2, "--walk", "blob-digest-mismatch-plain.oci.tar: layer 1 \\(sha256:[0-9a-f]{64}\\): blob digest is sha256:")
row("blob-digest-mismatch-plain.oci.tar", 0, "--walk --skip-verify", "")
m, blobs = oci_manifest([base])
cd = json.loads(m)["config"]["digest"]
blobs[cd] = blobs[cd] + b" "
oci("config-digest-mismatch.oci.tar", {"schemaVersion": 2, "manifests": [
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": sha(m), "size": len(m)}]}, blobs)
row("config-digest-mismatch.oci.tar", 2, "", "config-digest-mismatch.oci.tar: blobs/sha256/[0-9a-f]{64}: digest is sha256:[0-9a-f]{64}, expected")

# ---- hostile: layer entries -------------------------------------------------------------------------
def one_layer(name, entries, rc, opts, regex, **kw):
    l = layer(entries, **kw)
    docker(name, [l])
    row(name, rc, opts, regex)

one_layer("dotdot-entry.docker.tar", [("../../etc/passwd", "f", b"root:x:0:0")], 2, "--walk",
          "dotdot-entry.docker.tar: layer 1 \\(sha256:[0-9a-f]{64}\\): \\.\\./\\.\\./etc/passwd: name contains '\\.\\.'")
one_layer("absolute-entry.docker.tar", [("/etc/passwd", "f", b"root:x:0:0")], 2, "--walk",
          "absolute-entry.docker.tar: layer 1 \\(sha256:[0-9a-f]{64}\\): /etc/passwd: absolute name")
one_layer("dotdot-hardlink.docker.tar", [("etc", "d"), ("etc/passwd", "h", b"", "../../../etc/shadow")], 2, "--walk",
          "dotdot-hardlink.docker.tar: layer 1 .*'\\.\\.'")
one_layer("non-utf8-name.docker.tar", [("bad\udcff\udcfe.txt", "f", b"x")], 2, "--walk",
          "non-utf8-name.docker.tar: layer 1 \\(sha256:[0-9a-f]{64}\\): bad\\\\xff\\\\xfe.txt: name is not valid UTF-8")
one_layer("symlink-loop.docker.tar", [("etc", "d"), ("etc/os-release", "l", b"", "os-release2"),
                                      ("etc/os-release2", "l", b"", "/etc/os-release")], 2,
          "--files etc/os-release", "symlink-loop.docker.tar: .*etc/os-release: symbolic link loop")
one_layer("symlink-dir-loop.docker.tar", [("a", "l", b"", "b/x"), ("b", "l", b"", "a/y")], 2,
          "--files a/x/package.json", "symlink-dir-loop.docker.tar: .*a/x/package.json: symbolic link loop")
one_layer("symlink-escape.docker.tar", [("etc", "d"), ("etc/os-release", "l", b"", "../../../../../usr/lib/os-release"),
                                        ("usr", "d"), ("usr/lib", "d"), ("usr/lib/os-release", "f", b"ID=inside\n")],
          0, "--files etc/os-release", "etc/os-release")
one_layer("huge-pax-path.docker.tar", [("x" * 100 + "/" + "y" * 20000, "f", b"z")], 2, "--walk",
          "huge-pax-path.docker.tar: layer 1 \\(sha256:[0-9a-f]{64}\\): .*(longer than 4096|[Pp]ax|header)",
          fmt=tarfile.PAX_FORMAT)
t = tarfile.TarInfo("big"); t.size = 1 << 40; t.mtime = 1735689600
hl = t.tobuf(format=tarfile.GNU_FORMAT) + b"\0" * 2048
docker("huge-size-header.docker.tar", [hl])
row("huge-size-header.docker.tar", 2, "--walk",
    "huge-size-header.docker.tar: layer 1 \\(sha256:[0-9a-f]{64}\\): big: 1099511627776 bytes, more than")
one_layer("deep-path.docker.tar", [("/".join(["d"] * 300) + "/f", "f", b"x")], 2, "--walk",
          "deep-path.docker.tar: layer 1 .*deeper than 256", fmt=tarfile.PAX_FORMAT)

# decompression bomb: 256 MiB of zeros in one file, about 250 kB gzip'd
bomb_size = 256 << 20
bio = io.BytesIO()
with gzip.GzipFile(fileobj=bio, mode="wb", compresslevel=9, mtime=0) as gz:
    t = tarfile.TarInfo("bomb"); t.size = bomb_size; t.mtime = 1735689600
    gz.write(t.tobuf(format=tarfile.GNU_FORMAT))
    z = b"\0" * (1 << 20)
    for _ in range(bomb_size >> 20):
        gz.write(z)
    gz.write(b"\0" * 1024)
bomb = bio.getvalue()
diff = hashlib.sha256()
diff.update(t.tobuf(format=tarfile.GNU_FORMAT))
for _ in range(bomb_size >> 20):
    diff.update(z)
diff.update(b"\0" * 1024)
c = config(["sha256:" + diff.hexdigest()])
blobs = {sha(bomb): bomb, sha(c): c}
m = json.dumps({"schemaVersion": 2, "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
               "digest": sha(c), "size": len(c)},
               "layers": [{"mediaType": MT["gzip"], "digest": sha(bomb), "size": len(bomb)}]}).encode()
blobs[sha(m)] = m
oci("bomb.oci.tar", {"schemaVersion": 2, "manifests": [
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": sha(m), "size": len(m)}]}, blobs)
row("bomb.oci.tar", 2, "--walk --max-total-size 64M", "bomb.oci.tar: layer 1 \\(sha256:[0-9a-f]{64}\\): .*more than 67108864 bytes uncompressed")
row("bomb.oci.tar", 2, "--walk --max-file-size 16M", "bomb.oci.tar: layer 1 \\(sha256:[0-9a-f]{64}\\): bomb: 268435456 bytes, more than the 16777216 allowed per file")

with open(os.path.join(OUT, "MANIFEST.tsv"), "w") as f:
    f.write("\n".join(rows) + "\n")
PY
