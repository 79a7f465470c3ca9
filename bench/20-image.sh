#!/usr/bin/env bash
# bench/20-image.sh: reading images. For the four-layer test image: wall
# time and peak RSS of "drydock inspect" and of a full merged-view walk
# (digests verified, files a scan would want), next to decompressing its
# layers to /dev/null with gzip -dc / cat in the same run. Then the same
# walk on a generated image of several GB (zstd layers, built once into
# $BENCH_TMP) next to zstd -dc, to show that peak RSS does not grow.
. "$DD_ROOT/bench/lib.sh"

WANT=(--files 'var/lib/dpkg/status' --files 'lib/apk/db/installed' --files 'etc/os-release'
      --files '**/package.json' --files '**/*.dist-info/METADATA')

layer_blobs() { # OCI layout dir -> layer blob paths
	python3 - "$1" <<'PY'
import json, sys
d = sys.argv[1]
idx = json.load(open(d + "/index.json"))
m = json.load(open(d + "/blobs/sha256/" + idx["manifests"][0]["digest"][7:]))
for l in m["layers"]:
    print(d + "/blobs/sha256/" + l["digest"][7:])
PY
}

if [ -n "${IMAGES:-}" ] && [ -d "$IMAGES/bookworm-layered.oci" ]; then
	OCI=$IMAGES/bookworm-layered.oci
	mapfile -t BL < <(layer_blobs "$OCI")
	echo "   four-layer image, OCI layout (gzip layers, $(du -sh "$OCI" | cut -f1))"
	measure "baseline: gzip -dc of the layers" sh -c 'for b; do gzip -dc "$b"; done' sh "${BL[@]}"
	measure "drydock inspect" "$DRYDOCK" inspect "$OCI"
	measure "drydock inspect --walk (verify, scan globs)" "$DRYDOCK" inspect "${WANT[@]}" "$OCI"
	measure "drydock inspect --walk --skip-verify" "$DRYDOCK" inspect --skip-verify "${WANT[@]}" "$OCI"
	D=$IMAGES/bookworm-layered.docker.tar
	echo "   four-layer image, docker-archive (plain layers, $(du -sh "$D" | cut -f1))"
	measure "baseline: cat of the archive" cat "$D"
	measure "drydock inspect" "$DRYDOCK" inspect "$D"
	measure "drydock inspect --walk (verify, scan globs)" "$DRYDOCK" inspect "${WANT[@]}" "$D"
	G=$BENCH_TMP/layered.docker.tar.gz
	[ -f "$G" ] || gzip -1 -c "$D" >"$G"
	echo "   four-layer image, gzip'd docker-archive ($(du -sh "$G" | cut -f1))"
	measure "baseline: gzip -dc of the archive" gzip -dc "$G"
	measure "drydock inspect" "$DRYDOCK" inspect "$G"
	measure "drydock inspect --walk (verify, scan globs)" "$DRYDOCK" inspect "${WANT[@]}" "$G"
else
	echo "   (test images not available: skipped the four-layer image)"
fi

BIG=$BENCH_TMP/big.oci
GB=${DD_BENCH_BIG_GB:-4}
if [ ! -f "$BIG/index.json" ] || [ "$(cat "$BIG/.gb" 2>/dev/null)" != "$GB" ]; then
	echo "   generating a ${GB} GiB image in $BIG (once)"
	rm -rf "$BIG"
	python3 - "$BIG" "$GB" <<'PY' || { echo "   (generation failed)"; exit 0; }
import hashlib, io, json, os, subprocess, sys, tarfile
out, gb = sys.argv[1], int(sys.argv[2])
os.makedirs(out + "/blobs/sha256")
chunk = os.urandom(1 << 16) * 16          # 1 MiB, compresses well
layers, diffs = [], []
for li in range(gb):
    p = subprocess.Popen(["zstd", "-q", "-1", "-T2", "-c"], stdin=subprocess.PIPE,
                         stdout=open(out + "/tmp", "wb"))
    h = hashlib.sha256()
    class W:
        def write(self, b):
            h.update(b); p.stdin.write(b)
    tf = tarfile.open(fileobj=W(), mode="w|", format=tarfile.GNU_FORMAT)
    for k in range(1024):                  # 1 GiB per layer
        t = tarfile.TarInfo("data%d/d%d/blob%d.bin" % (li, k // 64, k)); t.size = 1 << 20
        tf.addfile(t, io.BytesIO(chunk))
        j = json.dumps({"name": "p%d-%d" % (li, k), "version": "1.0.%d" % k}).encode()
        t = tarfile.TarInfo("app/node_modules/p%d-%d/package.json" % (li, k)); t.size = len(j)
        tf.addfile(t, io.BytesIO(j))
    tf.close()
    p.stdin.close(); p.wait()
    b = hashlib.sha256(open(out + "/tmp", "rb").read()).hexdigest()
    os.rename(out + "/tmp", out + "/blobs/sha256/" + b)
    layers.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+zstd", "digest": "sha256:" + b,
                   "size": os.path.getsize(out + "/blobs/sha256/" + b)})
    diffs.append("sha256:" + h.hexdigest())
def blob(data):
    d = hashlib.sha256(data).hexdigest()
    open(out + "/blobs/sha256/" + d, "wb").write(data)
    return {"digest": "sha256:" + d, "size": len(data)}
c = json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": diffs},
                "history": [{"created_by": "generated layer %d" % i} for i in range(gb)]}).encode()
cd = blob(c); cd["mediaType"] = "application/vnd.oci.image.config.v1+json"
m = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "config": cd, "layers": layers}).encode()
md = blob(m); md["mediaType"] = "application/vnd.oci.image.manifest.v1+json"
json.dump({"schemaVersion": 2, "manifests": [md]}, open(out + "/index.json", "w"))
open(out + "/oci-layout", "w").write('{"imageLayoutVersion":"1.0.0"}')
open(out + "/.gb", "w").write(str(gb))
PY
fi
mapfile -t BL < <(layer_blobs "$BIG")
echo "   generated image: ${GB} GiB uncompressed, $(du -sh "$BIG" | cut -f1) stored, zstd layers"
measure "baseline: zstd -dc of the layers" sh -c 'for b; do zstd -q -dc "$b"; done' sh "${BL[@]}"
measure "drydock inspect" "$DRYDOCK" inspect "$BIG"
measure "drydock inspect --walk (verify, scan globs)" "$DRYDOCK" inspect "${WANT[@]}" "$BIG"
measure "drydock inspect --walk --skip-verify" "$DRYDOCK" inspect --skip-verify "${WANT[@]}" "$BIG"
