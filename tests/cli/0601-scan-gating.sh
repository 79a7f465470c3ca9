#!/usr/bin/env bash
# tests/cli/0601-scan-gating.sh: CI gating of drydock scan on the real
# bookworm image: --fail-on exit codes, --severity, --ignore-unfixed,
# --ignore-status, --base-layers / --exclude-base, .drydockignore (package,
# expiry) and OpenVEX.
. "$DD_ROOT/tests/lib/cli.sh"
need_images
IMG=$IMAGES/bookworm-layered.docker.tar
FIX=$DD_ROOT/tests/fixtures/scan
DB=$T/vuln.db
dd db import --db "$DB" --name bookworm debian "$FIX/bookworm-tracker"
check_rc "import the bookworm tracker fixture" 0
total() { sed -n 's/^Total: \([0-9]*\) .*/\1/p' <<<"$out"; }

dd scan --db "$DB" --fail-on HIGH "$IMG"
check_rc "--fail-on HIGH with HIGH findings: exit 1" 1
check_out "the report is still written" '^Total: 7 '
dd scan --db "$DB" --fail-on CRITICAL "$IMG"
check_rc "--fail-on CRITICAL without CRITICAL findings: exit 0" 0
dd scan --db "$DB" --fail-on high --severity MEDIUM,LOW "$IMG"
check_rc "--severity filters before --fail-on" 0
check "--severity MEDIUM,LOW keeps 3" test "$(total)" = 3

dd scan --db "$DB" --ignore-unfixed "$IMG"
check "--ignore-unfixed keeps the 4 with a fix" test "$(total)" = 4
check_out "--ignore-unfixed counts the suppressed" '^Suppressed: 3,'
dd scan --db "$DB" --ignore-status will_not_fix,fix_deferred "$IMG"
check "--ignore-status drops 3" test "$(total)" = 4
dd scan --db "$DB" --ignore-status bogus "$IMG"
check_rc "--ignore-status with an unknown word: exit 2" 2

dd scan --db "$DB" --base-layers 1 "$IMG"
check "--base-layers 1 drops the minbase packages (bash, tar, zlib1g)" test "$(total)" = 4
if grep -qE ' (bash|tar|zlib1g) ' <<<"$out"; then check "no base packages left" false
else check "no base packages left" true; fi
dd scan --db "$DB" --exclude-base "$IMG"
check_err "--exclude-base without a history marker warns" 'give --base-layers N'
check "... and drops nothing" test "$(total)" = 7

cd "$T"
dd scan --db "$DB" --ignorefile "$FIX/drydockignore.yml" --show-suppressed "$IMG"
check_err "expired ignore entry warns" 'drydockignore.yml:[0-9]+: ignore entry for CVE-2999-0003 expired on 2020-01-01'
check "ignore file: libssl3 and both python3.11 packages suppressed" test "$(total)" = 4
check_out "the package-scoped entry leaves openssl" '^HIGH +CVE-2999-0001 +openssl '
check_out "--show-suppressed says why" 'suppressed: ignored by .*drydockignore.yml:3: the image never'
cp "$FIX/drydockignore.yml" "$T/.drydockignore"
dd scan --db "$DB" "$IMG"
check "./.drydockignore is read by default" test "$(total)" = 4
rm -f "$T/.drydockignore"
printf 'ignore:\n  - package: x\n' > "$T/bad.yml"
dd scan --db "$DB" --ignorefile "$T/bad.yml" "$IMG"
check_rc "malformed ignore file: exit 2" 2
check_err "malformed ignore file: named with its line" "bad.yml:2: entry without 'id'"

dd scan --db "$DB" --vex "$FIX/vex.json" -f json "$IMG"
check "VEX not_affected suppresses zlib1g; under_investigation does not" python3 - "$T/stdout" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ids = {(x["id"], x["package"]["name"]) for x in d["findings"]}
sup = {(x["id"], x["package"]["name"]): x["suppressed_by"] for x in d["suppressed"]}
assert ("CVE-2999-0002", "zlib1g") in sup and "not_affected" in sup[("CVE-2999-0002", "zlib1g")]
assert ("CVE-2999-0005", "bash") in ids
assert d["summary"]["findings"] == 6
PY
echo '{"statements": [{"status": "fixed"}]}' > "$T/bad-vex.json"
dd scan --db "$DB" --vex "$T/bad-vex.json" "$IMG"
check_rc "malformed VEX: exit 2" 2
