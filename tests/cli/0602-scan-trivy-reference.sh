#!/usr/bin/env bash
# tests/cli/0602-scan-trivy-reference.sh: drydock against Trivy's own
# integration expectations (../shared/testdata/peers/trivy), produced from
# Trivy's fixture DB, which is imported here with the trivy feed. For every
# lockfile/filesystem case and every SBOM case the (package, installed
# version, fixed version, advisory id, severity) rows must be the same. Cases known to
# differ are listed below with the reason; docs/scan-trivy-reference.md
# explains each. A known case that starts to agree is reported, so the list
# stays honest.
. "$DD_ROOT/tests/lib/cli.sh"
P=$DD_SHARED/testdata/peers/trivy
IN=$DD_SHARED/testdata/inputs/trivy-integration
DB=$T/trivy.db
dd db import --db "$DB" trivy "$DD_SHARED/testdata/advisories/trivy-fixtures/db"
check_rc "import Trivy's fixture DB" 0

declare -A KNOWN=(
	[minikube-kbom]="Kubernetes (k8s) is not an ecosystem drydock knows"
)

rows_trivy() {
	python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
rows = set()
for r in d.get("Results") or []:
    for v in r.get("Vulnerabilities") or []:
        rows.add((v.get("PkgName", ""), v.get("InstalledVersion", ""), v.get("FixedVersion", ""),
                  v.get("VulnerabilityID", ""), v.get("Severity", "")))
for x in sorted(rows):
    print("\t".join(x))
PY
}
rows_dd() {
	python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
rows = {(v["package"]["name"], v["installed_version"], v["fixed_version"] or "", v["id"],
         v["severity"]) for v in d["findings"]}
for x in sorted(rows):
    print("\t".join(x))
PY
}

compare() { # name, golden, input
	local n=$1 golden=$2 input=$3
	dd scan --db "$DB" -f json -o "$T/$n.json" "$input"
	if [ "$rc" != 0 ]; then
		check "$n: scan runs" false
		return
	fi
	rows_trivy "$golden" > "$T/$n.trivy"
	rows_dd "$T/$n.json" > "$T/$n.dd"
	if cmp -s "$T/$n.trivy" "$T/$n.dd"; then
		if [ -n "${KNOWN[$n]:-}" ]; then
			echo "# $n now agrees with Trivy: remove it from KNOWN and docs/scan-trivy-reference.md"
		fi
		check "$n: same rows as Trivy ($(wc -l < "$T/$n.trivy"))" true
	elif [ -n "${KNOWN[$n]:-}" ]; then
		skip "$n: same rows as Trivy" "known difference: ${KNOWN[$n]}"
	else
		diff "$T/$n.trivy" "$T/$n.dd" | head -n 10 | sed 's/^/#   /'
		check "$n: same rows as Trivy" false
	fi
}

# repository inputs whose golden is named after the lockfile
declare -A GOLDEN=(
	[cargo]=cargo.lock [composer]=composer.lock [composer-vendor]=composer.vendor
	[mixlock]=mix.lock [pubspec]=pubspec.lock [trivy-ci-test]=test-repo
)
for d in "$IN"/repo/*/; do
	n=$(basename "$d")
	g=$P/${GOLDEN[$n]:-$n}.json.golden
	[ -f "$g" ] || continue
	compare "$n" "$g" "$d"
done
compare fluentd-multiple-lockfiles "$P/fluentd-multiple-lockfiles.json.golden" \
	"$IN/sbom/fluentd-multiple-lockfiles-cyclonedx.json"
compare license-cyclonedx "$P/license-cyclonedx.json.golden" "$IN/sbom/license-cyclonedx.json"
compare minikube-kbom "$P/minikube-kbom.json.golden" "$IN/sbom/minikube-kbom.json"
