#!/usr/bin/env bash
# tests/cli/0603-scan-trivy-images.sh: drydock against Trivy's container-image
# (and VM) goldens in ../shared/testdata/peers/trivy. The images cannot be
# had, so each golden's own listed packages become the target
# (tests/lib/trivy-golden-target.py): a CycloneDX SBOM shaped as Trivy
# writes it (OS component with Trivy's family and release names), and for
# dpkg/apk distributions also a root filesystem with os-release and a
# package database. Each is scanned with Trivy's fixture DB imported (the
# DB the goldens were produced from) and the options of Trivy's test case,
# and the (package, installed version, fixed version, advisory id,
# severity) rows must equal the golden's. Known differences are listed with their reason
# (docs/scan-trivy-reference.md explains each); a known case that starts to
# agree is reported so the list stays honest.
. "$DD_ROOT/tests/lib/cli.sh"
P=$DD_SHARED/testdata/peers/trivy
DB=$T/trivy.db
GEN=$DD_ROOT/tests/lib/trivy-golden-target.py
dd db import --db "$DB" trivy "$DD_SHARED/testdata/advisories/trivy-fixtures/db"
check_rc "import Trivy's fixture DB" 0

declare -A KNOWN=(
	[alpine-distroless]="Trivy takes the branch from etc/apk/repositories (edge); drydock judges against the OS release (3.16) and warns"
)
# cases whose rows agree but whose severity differs for a stated reason
declare -A SEVKNOWN=(
	[spring4shell-jre8]="Trivy's test loads the spring4shell WASM module, which lowers the rating to LOW on Java 8"
)
# Trivy's options for the case (integration/*_test.go)
printf -- '- CVE-2019-1549\n- CVE-2019-14697\n' > "$T/ignore-cveids.yaml"
declare -A OPTS=(
	[alpine-39-high-critical]="--ignore-unfixed --severity HIGH,CRITICAL"
	[alpine-39-ignore-cveids]="--ignorefile $T/ignore-cveids.yaml"
	[centos-7-medium]="--severity MEDIUM"
	[centos-7-ignore-unfixed]="--ignore-unfixed"
	[debian-buster-ignore-unfixed]="--ignore-unfixed"
	[ubuntu-1804-ignore-unfixed]="--ignore-unfixed"
)

# one python run builds every target and the golden rows (python starts slowly)
python3 "$GEN" "$T/g" "$P"/*.json.golden > "$T/names" || check "targets built from the goldens" false
n_same=0
reports=()
while read -r n; do
	if [ ! -s "$T/g/$n/rows" ]; then
		skip "$n" "the golden lists no vulnerable package to build a target from"
		continue
	fi
	while read -r k; do
		tgt=$T/g/$n/sbom.cdx.json
		[ "$k" = root ] && tgt=$T/g/$n/root
		# shellcheck disable=SC2086
		dd scan --db "$DB" -f json -o "$T/g/$n/$k.json" ${OPTS[$n]:-} "$tgt"
		if [ "$rc" != 0 ]; then
			check "$n ($k): scan runs" false
			continue
		fi
		reports+=("$T/g/$n/$k.json")
	done < "$T/g/$n/targets"
done < "$T/names"
python3 "$GEN" --rows "${reports[@]}"
for r in "${reports[@]}"; do
	d=$(dirname "$r")
	n=$(basename "$d")
	k=$(basename "$r" .json)
	if cmp -s "$d/rows" "$r.rows"; then
		if [ -n "${KNOWN[$n]:-}${SEVKNOWN[$n]:-}" ]; then
			echo "# $n now agrees with Trivy: remove it from KNOWN/SEVKNOWN and docs/scan-trivy-reference.md"
		fi
		check "$n ($k): same rows as Trivy ($(wc -l < "$d/rows"))" true
		n_same=$((n_same + 1))
	elif [ -n "${KNOWN[$n]:-}" ]; then
		skip "$n ($k): same rows as Trivy" "known difference: ${KNOWN[$n]}"
	elif [ -n "${SEVKNOWN[$n]:-}" ] && cmp -s <(cut -f1-4 "$d/rows") <(cut -f1-4 "$r.rows"); then
		check "$n ($k): same rows as Trivy but the severity ($(wc -l < "$d/rows"))" true
		skip "$n ($k): same severities as Trivy" "known difference: ${SEVKNOWN[$n]}"
	else
		diff "$d/rows" "$r.rows" | head -n 10 | sed 's/^/#   /'
		check "$n ($k): same rows as Trivy" false
	fi
done
# every family the fixture DB covers is compared at least once
check "at least 25 targets agree with Trivy ($n_same)" test "$n_same" -ge 25

# the generated root filesystems are read by the real collectors: the
# package database gives the package's origin and file, os-release the namespace
dd scan --db "$DB" -f json -o "$T/a310.json" "$T/g/alpine-310/root"
check "alpine-310 root: libssl1.1 judged through its origin openssl in alpine:3.10" \
	python3 -c 'import json, sys
f = [x for x in json.load(open(sys.argv[1]))["findings"]
     if x["package"]["name"] == "libssl1.1" and x["id"] == "CVE-2019-1551"]
assert len(f) == 1 and f[0]["package"]["found_in"] == "lib/apk/db/installed"
assert f[0]["reason"].startswith("alpine:3.10 openssl: installed 1.1.1c-r0 < fixed 1.1.1d-r2")' "$T/a310.json"
