#!/usr/bin/env bash
# tests/cli/0301-sbom-targets.sh: `drydock sbom` on directory targets built
# from the shared package databases (Alpine apk, CentOS/SLES Berkeley DB rpm,
# a SQLite rpm database made with rpmbuild, distroless dpkg status.d), on
# malformed status files, on SBOM files, and its usage errors and atomic -o.
. "$DD_ROOT/tests/lib/cli.sh"
IN=$DD_SHARED/testdata/inputs

# Alpine: os-release + lib/apk/db/installed
mkdir -p "$T/alpine/etc" "$T/alpine/lib/apk/db"
cp "$IN/grype-match-coverage/image-alpine-match-coverage/etc/os-release" "$T/alpine/etc/"
cp "$IN/grype-match-coverage/image-alpine-match-coverage/lib/apk/db/installed" "$T/alpine/lib/apk/db/"
dd sbom -f json "$T/alpine"
check_rc "alpine dir: exit 0" 0
check "alpine dir: every P:/V: entry is listed" diff \
	<(awk -F: '/^P:/{p=substr($0,3)} /^V:/{print p, substr($0,3)}' "$T/alpine/lib/apk/db/installed" | LC_ALL=C sort) \
	<(jq -r '.packages[] | select(.type=="apk") | "\(.name) \(.version)"' <<<"$out" | LC_ALL=C sort)
check_out "alpine dir: os family alpine" '"family": "alpine"'
check_out "alpine dir: apk purl with distro" 'pkg:apk/alpine/libvncserver@0.9.9\?arch=x86_64&distro=alpine-'

# CentOS and SLES: Berkeley DB rpm databases, checked against rpm -qa
for d in centos sles; do
	src=$IN/grype-match-coverage/image-$d-match-coverage
	mkdir -p "$T/$d/etc" "$T/$d/var/lib/rpm"
	cp "$src/etc/os-release" "$T/$d/etc/"
	cp "$src/var/lib/rpm/Packages" "$T/$d/var/lib/rpm/"
	chmod -R u+w "$T/$d"
	dd sbom -f json "$T/$d"
	check_rc "$d dir: exit 0" 0
	check_err "$d dir: no warnings" '^$'
	ref=$(rpm --define '_db_backend bdb_ro' --dbpath "$T/$d/var/lib/rpm" -qa \
		--qf '%{NAME} %|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE} %{ARCH}\n' 2>/dev/null |
		grep -v '^gpg-pubkey' | LC_ALL=C sort)
	check "$d dir: rpm -qa lists something" test -n "$ref"
	check "$d dir: packages equal rpm -qa" diff <(echo "$ref") \
		<(jq -r '.packages[] | select(.type=="rpm") | "\(.name) \(.version) \(.arch)"' <<<"$out" | LC_ALL=C sort)
	rm -f "$T/$d/var/lib/rpm/.rpm.lock"
done
check_out "sles dir: rpm purl namespace from os-release" '"purl": "pkg:rpm/sles/'

# SQLite rpm database made here with rpmbuild + rpm --justdb
if command -v rpmbuild >/dev/null && "$DD_ROOT/tests/fixtures/inventory/make-rpmdb.sh" "$T/rh/var/lib/rpm" >/dev/null 2>&1; then
	mkdir -p "$T/rh/etc"
	printf 'ID="rocky"\nVERSION_ID="9.3"\n' >"$T/rh/etc/os-release"
	dd sbom -f json "$T/rh"
	check_rc "sqlite rpmdb dir: exit 0" 0
	check_out "sqlite rpmdb: epoch joins the version" '"version": "2:1.2.3-4.dd1"'
	check_out "sqlite rpmdb: purl carries the epoch" 'pkg:rpm/rocky/drydock-tiny@1.2.3-4.dd1\?arch=noarch&distro=rocky-9.3&epoch=2'
	check_out "sqlite rpmdb: license" '"license": "GPL-2.0-only"'
	check "sqlite rpmdb: no temporary copies left" bash -c "! ls -d \${TMPDIR:-/tmp}/drydock-rpm.* 2>/dev/null | grep -q ."
else
	skip "sqlite rpmdb dir" "rpmbuild not installed"
fi

# distroless: status.d entries and no status file
mkdir -p "$T/dl/var/lib/dpkg/status.d" "$T/dl/etc"
printf 'PRETTY_NAME="Distroless"\nID=debian\nVERSION_ID="12"\n' >"$T/dl/etc/os-release"
printf 'Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n' >"$T/dl/var/lib/dpkg/status.d/base-files"
printf 'Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\nStatus: install ok installed\n' \
	>"$T/dl/var/lib/dpkg/status.d/tzdata"
printf 'deadbeef  usr/share/zoneinfo/UTC\n' >"$T/dl/var/lib/dpkg/status.d/tzdata.md5sums"
dd sbom -f json "$T/dl"
check_rc "distroless: exit 0" 0
check "distroless: both entries" test "$(jq '.packages|length' <<<"$out")" = 2
check_out "distroless: recognised" '"distroless": true'
check_out "distroless: found in status.d" '"found_in": "var/lib/dpkg/status.d/tzdata"'

# malformed status: packages before the damage are kept, the warning names file and line
mkdir -p "$T/bad/var/lib/dpkg"
{
	printf 'Package: good\nStatus: install ok installed\nVersion: 1.0\nArchitecture: amd64\n\n'
	printf 'Package: noversion\nStatus: install ok installed\nArchitecture: amd64\n\n'
	head -c 300000 /dev/zero | tr '\0' 'x'; printf '\n'
	head -c 2000 /dev/urandom
} >"$T/bad/var/lib/dpkg/status"
dd sbom -f json "$T/bad"
check_rc "malformed status: exit 0" 0
check_out "malformed status: the good package is kept" '"name": "good"'
check_err "malformed status: warning names the file and line" 'var/lib/dpkg/status:6: package noversion'

# usage errors and atomic output
dd sbom
check_rc "no target: exit 2" 2
dd sbom --format xml "$T/alpine"
check_rc "unknown format: exit 2" 2
check_err "unknown format is named" "unknown format 'xml'"
dd sbom "$T/does-not-exist"
check_rc "missing target: exit 2" 2
echo "previous content" >"$T/keep.json"
dd sbom -o "$T/keep.json" "$T/does-not-exist"
check "failed run leaves -o FILE untouched" grep -qx "previous content" "$T/keep.json"
check "failed run leaves no temporary file" bash -c "! ls '$T'/keep.json.tmp.* 2>/dev/null | grep -q ."
dd sbom -o "$T/no-such-dir/x.json" "$T/alpine"
check "unwritable -o: fails" test "$rc" != 0
check_err "unwritable -o: the file is named" 'no-such-dir/x.json' 
dd sbom -o "$T/out.spdx" -f spdx "$T/alpine"
check_rc "-o FILE: exit 0" 0
check "-o FILE: nothing on stdout" test -z "$out"
check "-o FILE: the document is there" grep -q '"spdxVersion": "SPDX-2.3"' "$T/out.spdx"

# SBOM files as targets: Trivy's CycloneDX, converted to SPDX
dd sbom -f spdx "$IN/trivy-integration/sbom/centos-7-cyclonedx.json"
check_rc "trivy cyclonedx as a target: exit 0" 0
check_out "trivy cyclonedx: openssl-libs keeps its purl" '"referenceLocator": "pkg:rpm/centos/openssl-libs@1.0.2k-16.el7\?arch=x86_64&epoch=1&distro=centos-7.6.1810"'
dd sbom -f json "$IN/trivy-integration/sbom/centos-7-cyclonedx.json"
check_out "trivy cyclonedx: the epoch joins the version" '"version": "1:1.0.2k-16.el7"'
check_out "trivy cyclonedx: source name from Trivy's properties" '"src_name": "openssl"'
echo '{"bomFormat": "CycloneDX", "components": [' >"$T/broken.cdx.json"
dd sbom "$T/broken.cdx.json"
check_rc "truncated SBOM: exit 2" 2
check_err "truncated SBOM: the file is named" 'broken.cdx.json'

# the same rpm database seen twice (var/lib/rpm -> usr/lib/sysimage/rpm) and
# a stale Packages next to rpmdb.sqlite: one copy of each package
if [ -f "$T/rh/var/lib/rpm/rpmdb.sqlite" ]; then
	mkdir -p "$T/rh2/usr/lib/sysimage" "$T/rh2/var/lib" "$T/rh2/etc"
	cp -r "$T/rh/var/lib/rpm" "$T/rh2/usr/lib/sysimage/rpm"
	cp "$IN/grype-match-coverage/image-centos-match-coverage/var/lib/rpm/Packages" "$T/rh2/usr/lib/sysimage/rpm/"
	ln -s ../../usr/lib/sysimage/rpm "$T/rh2/var/lib/rpm"
	cp "$T/rh/etc/os-release" "$T/rh2/etc/"
	dd sbom -f json "$T/rh2"
	check_rc "rpmdb seen twice: exit 0" 0
	check "rpmdb seen twice: each package once" test \
		"$(jq '[.packages[] | select(.type=="rpm")] | length' <<<"$out")" = 2
	check_out "rpmdb seen twice: read from rpmdb.sqlite" '"found_in": "[a-z/]*/rpmdb.sqlite"'
	printf 'not ndb' >"$T/rh2/usr/lib/sysimage/rpm/Packages.db"
	dd sbom -f json "$T/rh2"
	check_err "NDB database: warned as not supported" 'Packages.db: rpm NDB databases are not supported yet'
else
	skip "rpmdb seen twice" "no SQLite rpm database was made"
fi
