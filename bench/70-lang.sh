#!/usr/bin/env bash
# bench/70-lang.sh: language-package inventory of a generated project tree
# (3000 installed npm packages under node_modules, nested copies, a v3
# package-lock.json, and a directory of 200 jars with nested jars) and of
# the four-layer test image. Figures: wall time and peak RSS of drydock
# (`drydock sbom DIR` when it works, else the bench driver
# bench/lang-inventory.c on the same library code), next to reading the same
# files with `cat` (the I/O floor) and Trivy's `fs` scan when a Trivy binary
# can be had (TRIVY=path, or ../shared/scripts/get-trivy.sh).
. "$DD_ROOT/bench/lib.sh"
B=$BENCH_TMP/lang
T=$B/tree
mkdir -p "$B"

if [ ! -f "$T/package-lock.json" ]; then
	rm -rf "$T"
	python3 - "$T" <<'PY'
import json, os, sys, zipfile, io
root = sys.argv[1]
os.makedirs(root)
pk = {"": {"name": "bench-app", "version": "1.0.0", "dependencies": {}}}
for i in range(3000):
    name = f"pkg-{i:04d}" if i % 10 else f"@scope{i % 7}/pkg-{i:04d}"
    ver = f"{i % 13}.{i % 7}.{i % 5}"
    d = os.path.join(root, "node_modules", name)
    os.makedirs(d, exist_ok=True)
    json.dump({"name": name, "version": ver, "description": "x" * 200,
               "dependencies": {f"pkg-{(i + 1) % 3000:04d}": "*"}}, open(os.path.join(d, "package.json"), "w"))
    pk[f"node_modules/{name}"] = {"version": ver, "resolved": f"https://registry.npmjs.org/{name}/-/x.tgz",
                                 "integrity": "sha512-" + "A" * 86}
    if i < 100:
        pk[""]["dependencies"][name] = ver
    if i % 50 == 0:
        nd = os.path.join(d, "node_modules", "minimist")
        os.makedirs(nd, exist_ok=True)
        json.dump({"name": "minimist", "version": "0.0.8"}, open(os.path.join(nd, "package.json"), "w"))
        pk[f"node_modules/{name}/node_modules/minimist"] = {"version": "0.0.8"}
json.dump({"name": "bench-app", "version": "1.0.0", "lockfileVersion": 3, "packages": pk},
          open(os.path.join(root, "package-lock.json"), "w"), indent=2)
# a second project without a lockfile: installed copies only
for i in range(500):
    d = os.path.join(root, "srv", "node_modules", f"lib-{i:03d}")
    os.makedirs(d, exist_ok=True)
    json.dump({"name": f"lib-{i:03d}", "version": "1.0.0"}, open(os.path.join(d, "package.json"), "w"))
jd = os.path.join(root, "opt", "jars")
os.makedirs(jd)
def jar(entries):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in entries:
            z.writestr(n, data)
    return b.getvalue()
for i in range(200):
    props = f"groupId=org.bench{i}\nartifactId=art{i}\nversion=1.{i}.0\n"
    classes = [(f"org/bench{i}/C{k}.class", b"\xca\xfe\xba\xbe" + os.urandom(2000)) for k in range(50)]
    inner = jar([(f"META-INF/maven/org.inner{i}/inner{i}/pom.properties",
                  f"groupId=org.inner{i}\nartifactId=inner{i}\nversion=2.0.{i}\n")])
    data = jar([(f"META-INF/maven/org.bench{i}/art{i}/pom.properties", props),
                (f"BOOT-INF/lib/inner{i}-2.0.{i}.jar", inner)] + classes)
    open(os.path.join(jd, f"art{i}-1.{i}.0.jar"), "wb").write(data)
PY
fi
echo "   tree: $(find "$T" -type f | wc -l) files, $(du -sh "$T" | cut -f1)"

RUN=()
if "$DRYDOCK" sbom --format json "$T" >/dev/null 2>&1; then
	RUN=("$DRYDOCK" sbom --format json "$T")
	label="drydock sbom DIR"
else
	DRV=$B/lang-inventory
	if [ ! -x "$DRV" ] || [ bench/lang-inventory.c -nt "$DRV" ] || [ build/rel/libdrydock.a -nt "$DRV" ]; then
		gcc -std=c11 -D_GNU_SOURCE -O2 -Isrc -o "$DRV" bench/lang-inventory.c build/rel/libdrydock.a \
			$(pkg-config --libs libarchive sqlite3 jansson libcurl libcrypto yaml-0.1 rpm zlib) -lm || exit 1
	fi
	RUN=("$DRV" "$T")
	label="drydock inventory (bench driver; sbom not available)"
fi
if [ "${RUN[0]}" = "$DRYDOCK" ] && command -v jq >/dev/null; then
	echo "   $("${RUN[@]}" 2>/dev/null | jq '.packages | length') packages"
else
	echo "   $("${RUN[@]}" 2>/dev/null | tail -n1)"
fi
measure "$label" "${RUN[@]}"
measure "baseline: cat every file (I/O floor)" sh -c "find '$T' -type f -exec cat {} + >/dev/null"

# Trivy, fetched as bench/30-sbom.sh does (shared $BENCH_TMP/trivy); it runs
# offline for package analysis (--scanners license: no vulnerability DB).
TRIVY=$(trivy_bin) || TRIVY=""
if [ -n "$TRIVY" ] && [ -x "$TRIVY" ]; then
	rm -rf "$B/trivy-cache"
	measure "trivy fs --list-all-pkgs (cold cache)" "$TRIVY" fs --cache-dir "$B/trivy-cache" \
		--scanners license --format json --list-all-pkgs -o "$B/trivy.json" "$T"
	measure "trivy fs --list-all-pkgs (warm cache)" "$TRIVY" fs --cache-dir "$B/trivy-cache" \
		--scanners license --format json --list-all-pkgs -o "$B/trivy.json" "$T"
	command -v jq >/dev/null && [ -s "$B/trivy.json" ] &&
		echo "   (trivy: $(jq '[.Results[]?.Packages[]?] | length' "$B/trivy.json") packages)"
else
	echo "   (trivy not available: no side-by-side figure)"
fi

if [ -n "${IMAGES:-}" ] && [ -f "$IMAGES/bookworm-layered.docker.tar" ]; then
	if [ "${RUN[0]}" = "$DRYDOCK" ]; then
		measure "drydock sbom bookworm-layered.docker.tar" "$DRYDOCK" sbom --format json \
			"$IMAGES/bookworm-layered.docker.tar"
	else
		measure "drydock inventory: bookworm-layered.docker.tar" "${RUN[0]}" "$IMAGES/bookworm-layered.docker.tar"
	fi
fi
