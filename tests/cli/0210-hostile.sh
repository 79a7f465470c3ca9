#!/usr/bin/env bash
# tests/cli/0210-hostile.sh: the hand-made image corpus of
# tests/gen-hostile-images.sh through "drydock inspect": hostile images
# exit 2 with a message naming the image, layer and path (and no sanitizer
# report); edge-case images (zstd, gzip'd docker-archive, multi-platform
# index, hardlinks, symlinked directories) work.
. "$DD_ROOT/tests/lib/cli.sh"

command -v python3 >/dev/null || { skip "all checks" "python3 missing"; exit 0; }
H=$T/hostile
"$DD_ROOT/tests/gen-hostile-images.sh" "$H" || { echo "not ok - $TESTNAME: corpus generated"; exit 0; }

while IFS=$'\t' read -r name want opts regex; do
	[ -n "$name" ] || continue
	[ "$opts" != - ] || opts=""
	# shellcheck disable=SC2086
	dd inspect $opts "$H/$name"
	check_rc "$name $opts: exit $want" "$want"
	if [ "$want" = 2 ]; then
		check_err "$name $opts: message" "^drydock: error: .*$regex"
	elif [ "$regex" != - ]; then
		check_out "$name $opts: output" "$regex"
	fi
done <"$H/MANIFEST.tsv"

# content checks on the edge cases
dd inspect --files 'etc/os-release' --files 'lib/os-release' \
	--files 'bin/tool-link' --files 'app/**' "$H/ok-zstd.oci.tar"
check_rc "zstd image: exit 0" 0
check_out "symlink with a re-rooted absolute target is followed" '^1 +21 +sha256:[0-9a-f]+ +etc/os-release$'
check_out "symlinked directory (lib -> usr/lib) is followed" '^1 +21 +sha256:[0-9a-f]+ +lib/os-release$'
check_out "hardlink gets its target's content" '^1 +9 +sha256:[0-9a-f]+ +bin/tool-link$'
check_out "package.json from layer 2" '^2 +30 +sha256:[0-9a-f]+ +app/package.json$'
check "whiteout removes app/old" test -z "$(grep -o 'app/old' "$T/stdout")"
check "file replacing a directory hides the old contents" test -z "$(grep -o 'app/dir/x' "$T/stdout")"
check_out "file under a directory that replaced a file" '^2 +1 +sha256:[0-9a-f]+ +app/f/y$'
check "directory replacing a file hides the file" test -z "$(grep -E ' app/f$' "$T/stdout")"
dd inspect --files 'app/dir/**' "$H/ok-zstd.oci.tar"
check_rc "unwanted file replacing a directory: exit 0" 0
check "unwanted file replacing a directory hides its old contents" test -z "$(grep -o 'app/dir/x' "$T/stdout")"
dd inspect --format json --files 'app/**' "$H/ok-zstd.oci.tar"
check_out "files listed in JSON" '"path": "app/package.json"'

dd inspect --platform linux/arm64/v8 "$H/ok-multiarch.oci.tar"
check_out "platform with variant picks arm64" '^Platform: +linux/arm64/v8'
dd inspect --format json "$H/good.docker.tar"
check_out "config user in JSON" '"user": "app"'
check_out "exposed ports in JSON" '"8080/tcp"'
check_out "labels in JSON" '"org.test": "yes"'

# gzip (the archive and its layers) inflated by ISA-L or, without it, by
# zlib through libarchive: the same files, digests and layers
for img in ok-gzipped.docker.tar.gz ok-zstd.oci.tar ok-multiarch.oci.tar; do
	[ -e "$H/$img" ] || continue
	dd inspect --walk --files 'app/**' --files 'etc/**' "$H/$img"
	isal_out=$out isal_rc=$rc
	DRYDOCK_NO_ISAL=1 dd inspect --walk --files 'app/**' --files 'etc/**' "$H/$img"
	check "$img: ISA-L and zlib read the same (exit $isal_rc)" test "$isal_out" = "$out" -a "$isal_rc" = "$rc"
done
DRYDOCK_NO_ISAL=1 dd inspect --walk "$H/corrupt-gzip-layer.oci.tar"
check_rc "corrupt gzip layer through zlib: exit 2" 2
