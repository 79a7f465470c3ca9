#!/usr/bin/env bash
# tests/cli/0604-scan-severity.sh: where a finding's severity and CVSS come
# from, with real records (docs/scan.md "Severity"): a Debian DSA has no
# rating of its own, so NVD's record for one of its CVEs gives it
# (CVE-2018-0735: CVSS 3.1 5.9 MEDIUM in the NVD record); an OSV record with
# only a CVSS v3 vector is scored from the vector (RUSTSEC-2023-0090:
# AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H = 9.9, CRITICAL); the distribution's
# own rating comes first (Ubuntu's Priority, see 0605).
. "$DD_ROOT/tests/lib/cli.sh"
ADV=$DD_SHARED/testdata/advisories
DB=$T/vuln.db
dd db import --db "$DB" debian "$ADV/debian-security-tracker/data/DSA/list"
check_rc "import the DSA list" 0
dd db import --db "$DB" nvd "$ADV/grype-fixtures/grype/matcher/rpm/testdata/rhel8/nvd/results/2018/cve-2018-0735.json"
check_rc "import NVD's CVE-2018-0735" 0
dd db import --db "$DB" osv "$ADV/rustsec-osv/crates/RUSTSEC-2023-0090.json"
check_rc "import RUSTSEC-2023-0090" 0

# Debian 9 with openssl 1.1.0f (DSA-4348-1 fixed 1.1.0j-1~deb9u1 for stretch)
R=$T/root
mkdir -p "$R/etc" "$R/var/lib/dpkg" "$R/app"
printf 'ID=debian\nVERSION_ID="9"\nVERSION_CODENAME=stretch\n' > "$R/etc/os-release"
printf 'Package: libssl1.1\nStatus: install ok installed\nArchitecture: amd64\nSource: openssl\nVersion: 1.1.0f-3+deb9u2\n\n' \
	> "$R/var/lib/dpkg/status"
printf 'version = 3\n\n[[package]]\nname = "wasmtime"\nversion = "4.0.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n' \
	> "$R/app/Cargo.lock"
dd scan --db "$DB" -f json -o "$T/r.json" "$R"
check_rc "scan" 0
sev() { # id package -> "SEVERITY source score vector"
	python3 - "$T/r.json" "$1" "$2" <<'PY'
import json, sys
for f in json.load(open(sys.argv[1]))["findings"]:
    if f["id"] == sys.argv[2] and f["package"]["name"] == sys.argv[3]:
        c = f.get("cvss") or {}
        print(f["severity"], f.get("severity_source"), c.get("score"), c.get("vector"))
PY
}
s=$(sev DSA-4348-1 libssl1.1)
check "DSA-4348-1: MEDIUM from NVD's CVE-2018-0735 ($s)" \
	test "$s" = "MEDIUM advisory CVE-2018-0735 5.9 CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N"
s=$(sev RUSTSEC-2023-0090 wasmtime)
check "RUSTSEC-2023-0090: CRITICAL from the vector's base score 9.9 ($s)" \
	test "$s" = "CRITICAL advisory 9.9 CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H"
dd scan --db "$DB" "$R"
check_out "the table shows the DSA's severity" '^MEDIUM +DSA-4348-1 +libssl1\.1'
