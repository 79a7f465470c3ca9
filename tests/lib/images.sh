#!/usr/bin/env bash
# tests/lib/images.sh: builds the real test images once with
# ../shared/scripts/build-images.sh (root, Debian archive, npm registry) into
# build/images/ and prints that directory. Later calls reuse the result.
# DD_IMAGES=DIR points at images built elsewhere.
set -euo pipefail
ROOT=${DD_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
if [ -n "${DD_IMAGES:-}" ] && [ -f "$DD_IMAGES/bookworm-layered.docker.tar" ]; then
	echo "$DD_IMAGES"; exit 0
fi
OUT=$ROOT/build/images
if [ -f "$OUT/SHA256SUMS" ] && [ -f "$OUT/bookworm-layered.docker.tar" ]; then
	echo "$OUT"; exit 0
fi
SHARED=${DD_SHARED:-$(cd "$ROOT/.." && pwd)/shared}
[ "$(id -u)" = 0 ] || { echo "images.sh: building test images needs root" >&2; exit 1; }
mkdir -p "$ROOT/build"
exec 9>"$ROOT/build/images.lock"
flock 9
if [ ! -f "$OUT/SHA256SUMS" ]; then
	echo "images.sh: building test images (about 3 minutes), log in build/images-build.log" >&2
	WORK=$ROOT/build/images-work OUT=$OUT bash "$SHARED/scripts/build-images.sh" \
		>"$ROOT/build/images-build.log" 2>&1 || {
		tail -n 30 "$ROOT/build/images-build.log" >&2; exit 1; }
fi
echo "$OUT"
