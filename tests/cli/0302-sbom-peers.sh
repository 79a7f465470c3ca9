#!/usr/bin/env bash
# tests/cli/0302-sbom-peers.sh: every OS package database and release file
# in ../shared/testdata/inputs (Trivy's fanal analyzer testdata: apk, dpkg
# txtars, ~30 os-release files, Red Hat and Debian release files,
# lsb-release; Grype's tiny image filesystems: apk, dpkg, rpm Berkeley DB)
# placed at its standard path in a root directory per input
# (tests/lib/peers_os.py roots), then `drydock sbom --format json ROOT`
# against what Trivy v0.44.1 reports for the same root: the OS (family,
# version) and per OS package name, [epoch:]version[-release], arch, source
# name and version. ../shared/testdata/peers holds no OS package lists for
# these inputs (its READMEs: the analyzer expectations live in Go test code,
# not copied), so Trivy's output was recorded once into
# tests/fixtures/inventory/peers/trivy-0.44.1-os.tsv; with DD_TRIVY=TRIVY
# the recording is checked against a live run (DD_PEERS_REGEN=1 rewrites
# it). Every difference is printed; each must be listed in
# tests/fixtures/inventory/peers/accepted-os.tsv and justified in
# docs/sbom.md ("Differences from Trivy"), and listed ones that no longer
# occur fail too.
. "$DD_ROOT/tests/lib/cli.sh"

command -v python3 >/dev/null || { skip "all checks" "python3 is needed to compare JSON"; exit 0; }
[ -d "$DD_SHARED/testdata/inputs/trivy-fanal" ] || { skip "all checks" "shared test data missing"; exit 0; }
PY=$DD_ROOT/tests/lib/peers_os.py
FIX=$DD_ROOT/tests/fixtures/inventory/peers
GOLD=$FIX/trivy-0.44.1-os.tsv
mkdir -p "$T/ours" "$T/trivy"
mapfile -t CASES < <(python3 "$PY" roots "$DD_SHARED" "$T/roots")
check "root directories built from the shared inputs (${#CASES[@]})" test "${#CASES[@]}" -ge 45

bad=0
for c in "${CASES[@]}"; do
	dd sbom --format json "$T/roots/$c"
	[ "$rc" = 0 ] || { echo "# $c: exit $rc: $err"; bad=$((bad + 1)); }
	printf '%s\n' "$out" >"$T/ours/$c.json"
done
check "drydock sbom succeeds on every root" test "$bad" = 0

# the package databases must yield packages (a parser that finds nothing would
# otherwise only show up as a difference)
for c in grype-alpine-match-coverage grype-centos-match-coverage grype-sles-match-coverage \
	grype-debian-match-coverage trivy-apk trivy-dpkg-valid; do
	check "$c: OS packages found" test "$(python3 "$PY" ours "$T/ours/$c.json" | grep -c '^pkg')" -gt 0
done

python3 "$PY" compare "$GOLD" "$FIX/accepted-os.tsv" "$T/ours" "${CASES[@]}" >"$T/diff"
n_acc=$(grep -c $'\taccepted: ' "$T/diff")
grep -v $'\taccepted: ' "$T/diff" | sed 's/^/#   /'
echo "#   ($n_acc documented differences, see docs/sbom.md)"
check "same OS and packages as Trivy, or a documented difference" \
	test -z "$(grep -v $'\taccepted: ' "$T/diff")"
pk=$(grep -c $'\tpkg\t' "$GOLD")
check "the recording holds OS packages of apk, deb and rpm ($pk)" \
	sh -c "test $pk -ge 100 && grep -q '	apk	' '$GOLD' && grep -q '	deb	' '$GOLD' && grep -q '	rpm	' '$GOLD'"

# a live Trivy: its output must still be the recording
if [ -n "${DD_TRIVY:-}" ] && [ -x "$DD_TRIVY" ]; then
	: >"$T/live.tsv"
	for c in "${CASES[@]}"; do
		"$DD_TRIVY" rootfs --cache-dir "$T/trivy-cache" --scanners license --list-all-pkgs \
			--format json -o "$T/trivy/$c.json" "$T/roots/$c" >/dev/null 2>&1 ||
			echo "# trivy failed on $c"
		python3 "$PY" trivy "$T/trivy/$c.json" | sed "s/^/$c\t/" >>"$T/live.tsv"
	done
	if [ -n "${DD_PEERS_REGEN:-}" ]; then
		{ grep '^#' "$GOLD"; cat "$T/live.tsv"; } >"$T/new.tsv" && cp "$T/new.tsv" "$GOLD"
	fi
	check "live Trivy agrees with the recording" diff <(grep -v '^#' "$GOLD") "$T/live.tsv"
else
	skip "live Trivy agrees with the recording" "DD_TRIVY not set"
fi
