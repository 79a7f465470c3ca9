#!/usr/bin/env bash
# tests/cli/0600-scan.sh: drydock scan end to end on the real bookworm test
# image with a database imported from the real Debian DSA list, the PyPI
# advisory database and a hand-made bookworm tracker list
# (tests/fixtures/scan/README.md): the table, the native JSON, SARIF and
# CycloneDX (validated against the official schemas when ajv is at hand),
# -o, --explain, and the errors.
. "$DD_ROOT/tests/lib/cli.sh"
need_images
IMG=$IMAGES/bookworm-layered.docker.tar
ADV=$DD_SHARED/testdata/advisories
FIX=$DD_ROOT/tests/fixtures/scan
DB=$T/vuln.db

dd db import --db "$DB" --name debian-dsa debian "$ADV/debian-security-tracker/data/DSA/list"
check_rc "import the DSA list" 0
dd db import --db "$DB" --name bookworm debian "$FIX/bookworm-tracker"
check_rc "import the bookworm tracker fixture" 0
dd db import --db "$DB" --name pypa osv "$ADV/pypa-advisory-database/vulns"
check_rc "import the PyPI advisories" 0

dd db import --db "$DB" secsuite "$FIX/bookworm-security"
check_rc "import the security-suite fixture" 0

dd scan --db "$DB" "$IMG"
check_rc "scan exits 0 without --fail-on" 0
check_out "pending security update for libssl3 (source openssl)" '^libssl3 +3\.0\.[^ ]+ +3\.0\.99-1~deb12u1$'
check_out "pending security updates are counted" 'pending security updates: 2$'
if grep -qE '^(curl|libcurl4) +7\.88' <<<"$out"; then check "no pending update when the suite is older" false
else check "no pending update when the suite is older" true; fi
check_out "table names the OS section" '^debian 12.* \(OS packages\)$'
check_out "fixed in a later update: libssl3 via its source openssl" '^HIGH +CVE-2999-0001 +libssl3 +3\.0\.[0-9.~a-z+-]+ +3\.0\.99-1~deb12u1$'
check_out "the binary package openssl too" '^HIGH +CVE-2999-0001 +openssl '
check_out "postponed: deferred, no fix" '^MEDIUM +CVE-2999-0003 +tar .*\(deferred\)$'
check_out "ignored: will not fix, unimportant is LOW" '^LOW +CVE-2999-0005 +bash .*\(won.t fix\)$'
check_out "no-dsa on zlib1g (source zlib)" '^LOW +CVE-2999-0002 +zlib1g '
check_out "python3.11 binaries via their source" 'CVE-2999-0006 +libpython3.11-minimal'
check_out "pip from its dist-info, real PyPI advisory" '^LOW +PYSEC-2023-228 +pip +23\.0\.1 +23\.3$'
check_out "python packages get their own section" '^Python packages \(site-packages\)$'
check_out "summary line" '^Total: 8 \(CRITICAL: 0, HIGH: 2, MEDIUM: 1, LOW: 3, UNKNOWN: 2\)$'
if grep -q 'CVE-2999-0004' <<<"$out"; then check "fix older than the installed curl is not reported" false
else check "fix older than the installed curl is not reported" true; fi
check "table fits 80 columns" awk 'length > 80 { exit 1 }' "$T/stdout"
check "no colors when not a terminal" bash -c "! grep -q $'\e' '$T/stdout'"

dd scan --db "$DB" -f json "$IMG"
check_rc "json exits 0" 0
check "json: 8 findings, layer and reason" python3 - "$T/stdout" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "drydock-report/1"
assert d["summary"]["findings"] == 8, d["summary"]
f = {(x["id"], x["package"]["name"]): x for x in d["findings"]}
o = f[("CVE-2999-0001", "libssl3")]
assert o["fixed_version"] == "3.0.99-1~deb12u1" and o["status"] == "fixed"
assert o["package"]["source_name"] == "openssl"
assert o["layer"]["index"] == 1 and "apt-get" in o["layer"]["created_by"], o["layer"]
assert o["layer"]["digest"].startswith("sha256:")
assert "installed" in o["reason"] and "< fixed 3.0.99-1~deb12u1" in o["reason"]
b = f[("CVE-2999-0005", "bash")]
assert b["layer"]["index"] == 0 and b["status"] == "will_not_fix" and b["fixed_version"] is None
assert d["artifact"]["os"]["family"] == "debian"
p = f[("PYSEC-2023-228", "pip")]
assert "CVE-2023-5752" in p["aliases"] and p["fixed_version"] == "23.3" and p["layer"]["index"] == 2
assert p["package"]["purl"] == "pkg:pypi/pip@23.0.1"
PY

dd scan --db "$DB" -f sarif -o "$T/scan.sarif" "$IMG"
check_rc "sarif to a file" 0
check "nothing on stdout with -o" test -z "$out"
check "sarif: one rule per advisory, results located" python3 - "$T/scan.sarif" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
run = d["runs"][0]
rules = run["tool"]["driver"]["rules"]
assert len(rules) == 6 and len(run["results"]) == 8
for r in rules:
    float(r["properties"]["security-severity"])
uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
assert uris == {"var/lib/dpkg/status", "usr/local/lib/python3.11/dist-packages/pip-23.0.1.dist-info/METADATA"}, uris
PY
dd scan --db "$DB" -f cyclonedx -o "$T/scan.cdx.json" "$IMG"
check_rc "cyclonedx to a file" 0
check "cyclonedx: components and vulnerabilities" python3 - "$T/scan.cdx.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["specVersion"] == "1.6" and d["metadata"]["component"]["type"] == "container"
assert len(d["vulnerabilities"]) == 6
refs = {c["bom-ref"] for c in d["components"]}
for v in d["vulnerabilities"]:
    for a in v["affects"]:
        assert a["ref"] in refs
PY
AJV=$DD_ROOT/build/npm/node_modules
if [ -d "$AJV/ajv-formats" ] || (mkdir -p "$DD_ROOT/build/npm" && cd "$DD_ROOT/build/npm" &&
	npm install --no-audit --no-fund ajv@8 ajv-formats@3 >/dev/null 2>&1); then
	check "sarif valid against the SARIF 2.1.0 schema" env NODE_PATH="$AJV" node \
		"$DD_SHARED/scripts/validate-json.js" "$DD_SHARED/schemas" sarif-2.1.0.schema.json "$T/scan.sarif"
	check "cyclonedx valid against the CycloneDX 1.6 schema" env NODE_PATH="$AJV" node \
		"$DD_SHARED/scripts/validate-json.js" "$DD_SHARED/schemas" bom-1.6.SNAPSHOT.schema.json "$T/scan.cdx.json"
else
	skip "schema validation" "ajv could not be installed with npm"
fi

dd scan --db "$DB" --explain CVE-2999-0004 "$IMG"
check_rc "--explain exits 0" 0
check_out "explain: why curl is not matched" 'NOT matched: 7\.88\.1-10\+deb12u[0-9]+ >= fixed 7\.88\.1-10\+deb12u5'
check_out "explain: the outcome" 'Outcome: CVE-2999-0004 is not reported'
dd scan --db "$DB" --explain CVE-2999-0001 --severity CRITICAL "$IMG"
check_out "explain: matched record" 'MATCHED: 3\.0\.[^ ]+ < fixed 3\.0\.99-1~deb12u1'
check_out "explain: suppressed by --severity" 'SUPPRESSED'
check_out "explain: by what" 'by severity HIGH not selected by --severity'
dd scan --db "$DB" --explain CVE-1999-9999 "$IMG"
check_out "explain: unknown advisory" 'not in the vulnerability database'

dd scan --db "$T/missing.db" "$IMG"
check_rc "missing database: exit 3" 3
check_err "missing database: says what to run" "drydock db update"
dd scan --db "$DB" "$T/no-such-image.tar"
check_rc "missing target: exit 2" 2
dd scan --db "$DB"
check_rc "no target: exit 2" 2
dd scan --db "$DB" -f xml "$IMG"
check_rc "unknown format: exit 2" 2
dd scan --db "$DB" --fail-on SEVERE "$IMG"
check_rc "unknown severity: exit 2" 2
check_err "unknown severity is named" "SEVERE"
echo '{"hello": 1}' > "$T/not-sbom.json"
dd scan --db "$DB" "$T/not-sbom.json"
check_rc "JSON that is not an SBOM: exit 2" 2

# an SBOM written by drydock itself is a scan target too
dd sbom -f cyclonedx -o "$T/image.cdx.json" "$IMG"
check_rc "sbom of the image" 0
dd scan --db "$DB" -f json "$T/image.cdx.json"
check_rc "scan the SBOM" 0
check "SBOM scan finds the same OS and PyPI findings" python3 - "$T/stdout" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["artifact"]["kind"] == "sbom"
ids = {(x["id"], x["package"]["name"]) for x in d["findings"]}
for want in [("CVE-2999-0001", "libssl3"), ("CVE-2999-0003", "tar"), ("PYSEC-2023-228", "pip")]:
    assert want in ids, (want, sorted(ids))
PY
