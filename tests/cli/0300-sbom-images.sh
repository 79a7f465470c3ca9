#!/usr/bin/env bash
# tests/cli/0300-sbom-images.sh: `drydock sbom` on the real test images in
# every form: the package list equals the image's own dpkg database as
# dpkg-query reads it (name, version, architecture; source name and version
# against the *.dpkg.txt recorded at build time); layer attribution against
# the per-layer copies of the status file; CycloneDX and SPDX validate against
# the official schemas and round-trip.
. "$DD_ROOT/tests/lib/cli.sh"
need_images

# dpkg-query over the status file as of layer N (0-based) of a docker-archive:
# the newest copy at or below N. Prints "name version arch" lines, sorted.
status_at_layer() { # image.docker.tar N
	local img=$1 n=$2 i layers
	mapfile -t layers < <(tar -xOf "$img" manifest.json | jq -r '.[0].Layers[]')
	rm -rf "$T/adm"; mkdir -p "$T/adm"
	for ((i = n; i >= 0; i--)); do
		if tar -xOf "$img" "${layers[$i]}" | tar -xOf - var/lib/dpkg/status >"$T/adm/status" 2>/dev/null &&
			[ -s "$T/adm/status" ]; then
			break
		fi
	done
	dpkg-query --admindir="$T/adm" -W -f '${db:Status-Status} ${Package} ${Version} ${Architecture}\n' |
		awk '$1=="installed"{print $2, $3, $4}' | LC_ALL=C sort
}

for name in bookworm-minbase bookworm-layered; do
	tar=$IMAGES/$name.docker.tar
	nlayers=$(tar -xOf "$tar" manifest.json | jq '.[0].Layers|length')
	status_at_layer "$tar" $((nlayers - 1)) >"$T/$name.ref"
	check "$name: dpkg-query reference is not empty" test -s "$T/$name.ref"
	for form in docker.tar docker25.tar oci oci.tar; do
		dd sbom --format json "$IMAGES/$name.$form"
		check_rc "$name.$form: exit 0" 0
		echo "$out" >"$T/$name.$form.json"
		jq -r '.packages[] | select(.type=="deb") | "\(.name) \(.version) \(.arch)"' "$T/$name.$form.json" |
			LC_ALL=C sort >"$T/mine"
		check "$name.$form: packages equal dpkg-query (name, version, arch)" diff "$T/$name.ref" "$T/mine"
		jq -r '.packages[] | select(.type=="deb") | "\(.name) \(.version) \(.src_name // .name) \(.src_version // .version)"' \
			"$T/$name.$form.json" | LC_ALL=C sort >"$T/mine-src"
		check "$name.$form: source names and versions equal $name.dpkg.txt" \
			diff <(LC_ALL=C sort "$IMAGES/$name.dpkg.txt") "$T/mine-src"
	done
	check_out "$name: os is debian 12" '"version_id": "12"'
	check "$name: purls name the distro" grep -q 'pkg:deb/debian/bash@[^"]*arch=amd64&distro=debian-12' \
		"$T/$name.docker.tar.json"
done

# layer attribution on the 4-layer image: layer_first = first layer whose
# status lists the package, layer_last = the layer from which on its version
# is the final one. Computed here from each layer's copy with dpkg-query.
tar=$IMAGES/bookworm-layered.docker.tar
status_at_layer "$tar" 0 >"$T/l0"
status_at_layer "$tar" 3 >"$T/l3"
awk 'NR==FNR { v[$1" "$3]=$2; next }
     { k=$1" "$3; first = (k in v) ? 0 : 1; last = (k in v && v[k]==$2) ? 0 : 1; print $1, first, last }' \
	"$T/l0" "$T/l3" | LC_ALL=C sort >"$T/attr-ref"
jq -r '.packages[] | select(.type=="deb") | "\(.name) \(.layer_first) \(.layer_last)"' "$T/bookworm-layered.docker.tar.json" |
	LC_ALL=C sort >"$T/attr"
check "layered: layer_first/layer_last match the per-layer status files" diff "$T/attr-ref" "$T/attr"
check "layered: some packages came with layer 2 (curl)" grep -qx 'curl 1 1' "$T/attr"
check "layered: purged e2fsprogs is gone" bash -c "! grep -q '^e2fsprogs ' '$T/attr'"
check "layered: diffIDs of the layers are named" grep -q '"layer_last_diff_id": "sha256:' \
	"$T/bookworm-layered.docker.tar.json"

# CycloneDX and SPDX: schema-valid, and they read back to the same packages
for f in cyclonedx spdx; do
	schema=bom-1.6.SNAPSHOT.schema.json
	[ $f = spdx ] && schema=spdx-2.3.schema.json
	dd sbom --format $f -o "$T/l.$f.json" "$IMAGES/bookworm-layered.oci"
	check_rc "$f: exit 0" 0
	"$DD_ROOT/tests/lib/validate-json.sh" $schema "$T/l.$f.json" >"$T/valid.out" 2>&1
	vrc=$?
	if [ $vrc = 77 ]; then skip "$f: validates against $schema" "node/npm not available"
	else check "$f: validates against $schema" test $vrc = 0; fi
	dd sbom --format json "$T/l.$f.json"
	check_rc "$f: the SBOM is accepted as a target" 0
	echo "$out" >"$T/back.json"
	check "$f: round trip keeps name, version, arch, source, purl, layers" diff \
		<(jq -c '.os, (.packages[] | [.type,.name,.version,.arch,.src_name,.src_version,.purl,.found_in,.layer_first,.layer_last,.maintainer])' "$T/bookworm-layered.docker.tar.json") \
		<(jq -c '.os, (.packages[] | [.type,.name,.version,.arch,.src_name,.src_version,.purl,.found_in,.layer_first,.layer_last,.maintainer])' "$T/back.json")
done

# same input, same bytes (with the creation time pinned)
SOURCE_DATE_EPOCH=1735689600 "$DRYDOCK" sbom -o "$T/a.cdx" "$IMAGES/bookworm-minbase.docker.tar" 2>/dev/null
SOURCE_DATE_EPOCH=1735689600 "$DRYDOCK" sbom -o "$T/b.cdx" "$IMAGES/bookworm-minbase.oci.tar" 2>/dev/null
check "cyclonedx: components identical across image forms" \
	diff <(jq -c '.components' "$T/a.cdx") <(jq -c '.components' "$T/b.cdx")
SOURCE_DATE_EPOCH=1735689600 "$DRYDOCK" sbom -o "$T/c.cdx" "$IMAGES/bookworm-minbase.oci.tar" 2>/dev/null
check "cyclonedx: same input, same bytes" cmp "$T/b.cdx" "$T/c.cdx"
check "cyclonedx: the creation time is SOURCE_DATE_EPOCH" grep -q '"timestamp": "2025-01-01T00:00:00Z"' "$T/a.cdx"
