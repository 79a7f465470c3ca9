#!/usr/bin/env bash
# tests/cli/0606-scan-modules.sh: RPM module streams end to end: records
# keyed "<module>:<stream>::<package>" imported with the trivy feed
# (tests/fixtures/scan/trivy-modules), a Trivy-style CycloneDX SBOM whose
# packages carry aquasecurity:trivy:Modularitylabel. httpd of stream 2.4 is
# judged by the stream's record (fixed 2.4.37-39.module...), mod_ssl of
# another stream and httpd-tools outside modules by the plain record
# (fixed 2.4.37-99.el8).
. "$DD_ROOT/tests/lib/cli.sh"
DB=$T/vuln.db
dd db import --db "$DB" trivy "$DD_ROOT/tests/fixtures/scan/trivy-modules/rhel-modules.yaml"
check_rc "import the module-stream records" 0
cat > "$T/sbom.cdx.json" <<'JSON'
{"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1, "components": [
 {"type": "operating-system", "name": "rocky", "version": "8.4"},
 {"type": "library", "name": "httpd",
  "purl": "pkg:rpm/rocky/httpd@2.4.37-30.module%2Bel8.3.0%2B7001%2B0766b9e7?arch=x86_64&distro=rocky-8.4",
  "properties": [{"name": "aquasecurity:trivy:Modularitylabel", "value": "httpd:2.4:8030020200818000036:9edba152"}]},
 {"type": "library", "name": "mod_ssl",
  "purl": "pkg:rpm/rocky/mod_ssl@2.4.37-30.module%2Bel8.3.0%2B7001%2B0766b9e7?arch=x86_64&distro=rocky-8.4",
  "properties": [{"name": "aquasecurity:trivy:SrcName", "value": "httpd"},
                 {"name": "aquasecurity:trivy:Modularitylabel", "value": "httpd:2.6:8030020200818000036:9edba152"}]},
 {"type": "library", "name": "httpd-tools",
  "purl": "pkg:rpm/rocky/httpd-tools@2.4.37-30.el8?arch=x86_64&distro=rocky-8.4",
  "properties": [{"name": "aquasecurity:trivy:SrcName", "value": "httpd"}]}
]}
JSON
dd scan --db "$DB" -f json -o "$T/r.json" "$T/sbom.cdx.json"
check_rc "scan" 0
fix() { # package -> "installed fixed"
	python3 - "$T/r.json" "$1" <<'PY'
import json, sys
for f in json.load(open(sys.argv[1]))["findings"]:
    if f["id"] == "CVE-2021-40438" and f["package"]["name"] == sys.argv[2]:
        print(f["installed_version"], f["fixed_version"])
PY
}
check "httpd (stream 2.4): the stream's fix, shown without the 0: epoch" \
	test "$(fix httpd)" = "2.4.37-30.module+el8.3.0+7001+0766b9e7 2.4.37-39.module+el8.4.0+12865+a7065a39.1"
check "mod_ssl (stream 2.6): the plain record" \
	test "$(fix mod_ssl)" = "2.4.37-30.module+el8.3.0+7001+0766b9e7 2.4.37-99.el8"
check "httpd-tools (no module): the plain record" test "$(fix httpd-tools)" = "2.4.37-30.el8 2.4.37-99.el8"
dd scan --db "$DB" --explain CVE-2021-40438 "$T/sbom.cdx.json"
check_out "explain names the stream's record" 'rocky:8 httpd:2\.4::httpd \[trivy\]: MATCHED'
