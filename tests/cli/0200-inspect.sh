#!/usr/bin/env bash
# tests/cli/0200-inspect.sh: "drydock inspect" on the real test images in
# every form (docker-archive old and Docker 25 layouts, OCI layout,
# oci-archive) and on a directory: metadata, one row per layer, JSON,
# --files through the merged view, --output, usage errors.
. "$DD_ROOT/tests/lib/cli.sh"
need_images

# expectations from the image's own files (the Debian archive moves between builds)
status_layer=$(tar -xOf "$IMAGES/bookworm-layered.docker.tar" manifest.json | jq -r '.[0].Layers[1]')
status_size=$(tar -xOf "$IMAGES/bookworm-layered.docker.tar" "$status_layer" | tar -xOf - var/lib/dpkg/status | wc -c)
first_diff_id=$(sed -n 's/^# bookworm-layered diff_id //p' "$IMAGES/SHA256SUMS" | head -n1)

for f in bookworm-layered.docker.tar bookworm-layered.docker25.tar bookworm-layered.oci bookworm-layered.oci.tar; do
	dd inspect "$IMAGES/$f"
	check_rc "$f: exit 0" 0
	check_out "$f: platform" '^Platform: +linux/amd64$'
	check_out "$f: layer 1 row with its history command" '^1 +sha256:[0-9a-f]{12} +[0-9.]+ MB +debootstrap --variant=minbase bookworm'
	check_out "$f: layer 4 row" '^4 +sha256:[0-9a-f]{12} +[0-9.]+ k?B +rm -rf /opt/legacy /opt/vendor/node_modules/\*$'
	check_out "$f: four layers" '^4 layers, '
	dd inspect --files var/lib/dpkg/status --files etc/os-release --files 'opt/**' "$IMAGES/$f"
	check_rc "$f --files: exit 0" 0
	check_out "$f: dpkg status from layer 2" "^2 +$status_size +sha256:[0-9a-f]+ +var/lib/dpkg/status\$"
	check_out "$f: etc/os-release through its symlink" '^1 +[0-9]+ +sha256:[0-9a-f]+ +etc/os-release$'
	check_out "$f: opaque directory keeps only layer 4's file" '^4 +25 +sha256:[0-9a-f]+ +opt/vendor/node_modules/README.txt$'
	check "$f: /opt/legacy whited out" test -z "$(grep -E 'sha256:[0-9a-f]+ +opt/(legacy|vendor/node_modules/underscore)' "$T/stdout")"
done

dd inspect --format json "$IMAGES/bookworm-layered.oci"
check_rc "json: exit 0" 0
check_out "json: kind" '"kind": "oci-layout"'
check "json: first diff_id as SHA256SUMS records it" test -n "$first_diff_id"
check_out "json: diff_id" "\"diff_id\": \"$first_diff_id\""
check_out "json: media type" '"media_type": "application/vnd.oci.image.layer.v1.tar\+gzip"'
check_out "json: history" '"created_by": "COPY npm projects to /app /opt/legacy /opt/vendor; pip install pip setuptools wheels"'
check "json: parses" python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["layers"]) == 4 and d["workdir"] == "/app"' "$T/stdout"

dd inspect --format json -o "$T/out.json" "$IMAGES/bookworm-minbase.docker.tar"
check_rc "-o FILE: exit 0" 0
check "-o FILE: written" grep -q '"kind": "docker-archive"' "$T/out.json"

mkdir -p "$T/root/etc" "$T/root/usr/lib" "$T/root/.git" "$T/root/app"
echo 'ID=dirtest' >"$T/root/usr/lib/os-release"
ln -s ../usr/lib/os-release "$T/root/etc/os-release"
echo '{"name":"x"}' >"$T/root/app/package.json"
echo '{"name":"git"}' >"$T/root/.git/package.json"
dd inspect --files etc/os-release --files '**/package.json' "$T/root"
check_rc "directory target: exit 0" 0
check_out "directory target: kind dir" '^Kind: +dir$'
check_out "directory target: os-release through symlink" '^1 +11 +- +etc/os-release$'
check_out "directory target: package.json" 'app/package.json$'
check "directory target: .git skipped" test -z "$(grep '\.git' "$T/stdout")"

dd inspect "$T/nonexistent.tar"
check_rc "missing image: exit 2" 2
check_err "missing image: named" 'nonexistent.tar: No such file or directory'
dd inspect --format yaml "$IMAGES/bookworm-layered.oci"
check_rc "unknown format: exit 2" 2
dd inspect --max-total-size 12Q "$IMAGES/bookworm-layered.oci"
check_rc "bad size: exit 2" 2
dd inspect
check_rc "no image: exit 2" 2
dd inspect --walk --max-total-size 10M "$IMAGES/bookworm-layered.oci"
check_rc "total cap crossed: exit 2" 2
check_err "total cap: message names image and layer" 'bookworm-layered.oci: layer 1 \(sha256:[0-9a-f]{64}\): .*more than 10485760 bytes uncompressed'
