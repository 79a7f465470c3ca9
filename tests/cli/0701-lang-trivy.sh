#!/usr/bin/env bash
# tests/cli/0701-lang-trivy.sh: every Trivy repository/filesystem golden
# (../shared/testdata/peers/trivy) against `drydock sbom --format json DIR`
# on its input directory: the same packages (name, version, relationship,
# purl) per file, or at least every vulnerable package for goldens that list
# only vulnerabilities. Differences are printed; docs/lang.md ("Differences
# from Trivy") lists the ecosystems drydock does not read, skipped here.
. "$DD_ROOT/tests/lib/cli.sh"

command -v python3 >/dev/null || { skip "all checks" "python3 is needed to compare JSON"; exit 0; }
G=$DD_SHARED/testdata/peers/trivy
R=$DD_SHARED/testdata/inputs/trivy-integration/repo
UNSUPPORTED=" bun cocoapods conan conda conda-environment julia mixlock packagesprops pubspec pylock sbt swift "
n=0
for g in "$G"/*.json.golden; do
	read -r type art < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get("ArtifactType",""), d.get("ArtifactName",""))' "$g")
	case "$type" in repository|filesystem) ;; *) continue ;; esac
	case "$art" in
	testdata/fixtures/repo/*) case=${art#testdata/fixtures/repo/} ;;
	https://github.com/knqyf263/trivy-ci-test) case=trivy-ci-test ;;
	*) continue ;;
	esac
	[[ $UNSUPPORTED == *" $case "* ]] && continue
	dd sbom --format json "$R/$case"
	echo "$out" >"$T/ours.json"
	diffs=$(python3 - "$g" "$T/ours.json" <<'PY'
import json, sys
gold = json.load(open(sys.argv[1]))
ours = json.load(open(sys.argv[2]))["packages"]
with_dev = "with-dev" in sys.argv[1]
for res in gold.get("Results", []):
    t = res["Target"]
    mine = [p for p in ours if p.get("found_in") == t and (with_dev or not p.get("dev"))]
    have = {(p["name"], p["version"], p.get("dependency", "-")): p.get("purl") for p in mine}
    if res.get("Packages"):
        want = {(p["Name"], p["Version"], p.get("Relationship", "-")): p.get("Identifier", {}).get("PURL")
                for p in res["Packages"]}
        for k in sorted(set(want) - set(have)):
            print(f"{t}: missing {k}")
        for k in sorted(set(have) - set(want)):
            print(f"{t}: extra {k}")
        for k in sorted(set(want) & set(have)):
            if want[k] and want[k] != have[k]:
                print(f"{t}: purl {have[k]} != {want[k]}")
    else:
        names = {(p["name"], p["version"]) for p in mine}
        for v in res.get("Vulnerabilities") or []:
            if (v["PkgName"], v["InstalledVersion"]) not in names:
                print(f"{t}: vulnerable package missing: {v['PkgName']} {v['InstalledVersion']}")
PY
)
	[ -n "$diffs" ] && sed 's/^/#   /' <<<"$diffs"
	check "$(basename "$g"): same packages as Trivy" test -z "$diffs"
	n=$((n + 1))
done
check "every supported golden was compared ($n)" test "$n" -ge 20
