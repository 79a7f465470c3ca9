#!/usr/bin/env bash
# bench/30-sbom.sh: `drydock sbom` (CycloneDX) on both test images, next to
# the raw cost of reading the same bytes (decompressing the OCI layout's
# gzip'd layers; reading the docker-archive tar) and, where Trivy can be had
# (../shared/scripts/get-trivy.sh, from the npm registry), next to
# `trivy image --input IMAGE --format cyclonedx` on the same image, cold cache.
. "$DD_ROOT/bench/lib.sh"
# cpu LABEL CMD...: user+sys CPU seconds of CMD (steadier than wall time on a
# shared machine; the hashing thread's time is included)
cpu() {
	local label=$1; shift
	local tf; tf=$(mktemp)
	/usr/bin/time -f '%U %S' -o "$tf" "$@" >/dev/null 2>&1
	printf '   %-52s %8.3f s CPU\n' "$label" "$(tail -n1 "$tf" | awk '{print $1 + $2}')"
	rm -f "$tf"
}
[ -n "${IMAGES:-}" ] || { echo "   (no test images: skipped)"; exit 0; }
TRIVY=$(trivy_bin) || TRIVY=""
for name in bookworm-minbase bookworm-layered; do
	tar=$IMAGES/$name.docker.tar
	oci=$IMAGES/$name.oci
	[ -f "$tar" ] || continue
	echo "   $name ($(du -h "$tar" | cut -f1) docker-archive, $(jq '.packages|length' \
		< <("$DRYDOCK" sbom -f json "$tar" 2>/dev/null)) packages)"
	measure "baseline: read the docker-archive (cat > /dev/null)" cat "$tar"
	measure "baseline: gunzip the OCI layout's blobs" bash -c \
		"for b in '$oci'/blobs/sha256/*; do gzip -dc \"\$b\" >/dev/null 2>&1; done"
	measure "drydock sbom --no-cache (docker-archive)" "$DRYDOCK" sbom --no-cache -o "$BENCH_TMP/$name.cdx.json" "$tar"
	measure "drydock sbom --skip-verify (docker-archive)" "$DRYDOCK" sbom --no-cache --skip-verify \
		-o "$BENCH_TMP/$name.cdx.json" "$tar"
	measure "drydock sbom --no-cache (OCI layout, gzip)" "$DRYDOCK" sbom --no-cache -o "$BENCH_TMP/$name.oci.cdx.json" "$oci"
	measure "drydock sbom --format spdx (docker-archive)" "$DRYDOCK" sbom --no-cache -f spdx \
		-o "$BENCH_TMP/$name.spdx.json" "$tar"
	[ -x /usr/bin/time ] && cpu "drydock sbom (docker-archive)" "$DRYDOCK" sbom \
		-o "$BENCH_TMP/$name.cdx.json" "$tar"
	if [ -n "$TRIVY" ]; then
		rm -rf "$BENCH_TMP/trivy-cache"
		measure "trivy image --format cyclonedx (cold cache)" "$TRIVY" image --input "$tar" \
			--cache-dir "$BENCH_TMP/trivy-cache" --format cyclonedx -o "$BENCH_TMP/$name.trivy.cdx.json"
		rm -rf "$BENCH_TMP/trivy-cache"
		[ -x /usr/bin/time ] && cpu "trivy image --format cyclonedx (cold cache)" "$TRIVY" image \
			--input "$tar" --cache-dir "$BENCH_TMP/trivy-cache" --format cyclonedx \
			-o "$BENCH_TMP/$name.trivy.cdx.json"
		if [ "$name" = bookworm-layered ]; then
			# the cold-path goal: 10x faster than Trivy, digests verified, no layer cache
			d=$(best_ms 5 "$DRYDOCK" sbom --no-cache -o "$BENCH_TMP/$name.cdx.json" "$tar")
			tv=$(best_ms 3 bash -c "rm -rf '$BENCH_TMP/trivy-cache'; exec '$TRIVY' image --input '$tar' \
				--cache-dir '$BENCH_TMP/trivy-cache' --format cyclonedx -o '$BENCH_TMP/$name.trivy.cdx.json'")
			rm -rf "$BENCH_TMP/trivy-cache"
			printf '   %-52s %5s ms vs %s ms: %s\n' "cold sbom, best of 5 / Trivy best of 3" "$d" "$tv" \
				"$(times_faster "$d" "$tv")"
		fi
	else
		echo "   (trivy not available: no side-by-side figure)"
	fi
done
