#!/usr/bin/env bash
# tests/cli/0605-scan-distros.sh: drydock scan end to end beyond Debian, on
# root filesystems made of real package databases and real advisories; the
# expected findings were read from the advisory files, not from drydock:
#   Alpine  Trivy's apk analyzer test DB (musl 1.1.14-r10, libcrypto1.0
#           1.0.2h-r1 from openssl, zlib 1.2.8-r2, busybox 1.24.2-r9: Alpine
#           3.4) + the 3.4 secdb (main.yaml): openssl CVE-2016-2180 fixed
#           1.0.2h-r2 (CVE-2016-2177 fixed 1.0.2h-r1 = installed: no),
#           musl CVE-2016-8859 fixed 1.1.14-r13, zlib CVE-2016-9840 fixed
#           1.2.11-r0, busybox CVE-2016-6301 fixed 1.24.2-r12 (CVE-2016-2147
#           fixed 1.24.2-r0: no); etc/apk/repositories naming edge warns.
#   Ubuntu  Trivy's dpkg analyzer test status file (bionic) + the Ubuntu CVE
#           tracker: CVE-2018-10844 bionic_gnutls28 released
#           3.5.18-1ubuntu1.1 > libgnutls30 3.5.18-1ubuntu1, Priority medium;
#           CVE-2018-11236 bionic_glibc needed (libc6), medium;
#           CVE-2016-10228 bionic_glibc deferred, negligible; CVE-2016-9401
#           bionic_bash released 4.4-5ubuntu1 < 4.4.18-2ubuntu1: no.
#   RPM     an rpm database built here (rpmbuild, rpm --justdb) holding
#           openssl-libs 1:1.1.1k-4.el8 from source rpm openssl, on Rocky 8.5
#           + Trivy's fixture rockylinux.yaml: CVE-2021-3712 fixed
#           1:1.1.1k-5.el8_5.
. "$DD_ROOT/tests/lib/cli.sh"
ADV=$DD_SHARED/testdata/advisories
IN=$DD_SHARED/testdata/inputs
DB=$T/vuln.db
row() { # report.json id package -> "installed fixed status severity"
	python3 - "$1" "$2" "$3" <<'PY'
import json, sys
for f in json.load(open(sys.argv[1]))["findings"]:
    if f["id"] == sys.argv[2] and f["package"]["name"] == sys.argv[3]:
        print(f["installed_version"], f["fixed_version"] or "-", f["status"], f["severity"])
PY
}

# ---- Alpine 3.4 ----
dd db import --db "$DB" alpine "$ADV/alpine-secdb/v3.4/main.yaml"
check_rc "import the Alpine 3.4 secdb" 0
A=$T/alpine
mkdir -p "$A/etc/apk" "$A/lib/apk/db"
cp "$IN/trivy-fanal/pkg/apk/testdata/apk" "$A/lib/apk/db/installed"
printf 'ID=alpine\nVERSION_ID=3.4.6\nPRETTY_NAME="Alpine Linux v3.4"\n' > "$A/etc/os-release"
printf 'http://dl-cdn.alpinelinux.org/alpine/v3.4/main\n' > "$A/etc/apk/repositories"
dd scan --db "$DB" -f json -o "$T/a.json" "$A"
check_rc "alpine: scan" 0
if grep -q "repository branch" <<<"$err"; then check "alpine: own branch: no warning" false
else check "alpine: own branch: no warning" true; fi
check "alpine: libcrypto1.0 CVE-2016-2180 via origin openssl" \
	test "$(row "$T/a.json" CVE-2016-2180 libcrypto1.0)" = "1.0.2h-r1 1.0.2h-r2 fixed UNKNOWN"
check "alpine: libssl1.0 CVE-2016-2180" test "$(row "$T/a.json" CVE-2016-2180 libssl1.0 | cut -d' ' -f2)" = "1.0.2h-r2"
check "alpine: CVE-2016-2177 fixed in the installed 1.0.2h-r1: not reported" \
	test -z "$(row "$T/a.json" CVE-2016-2177 libcrypto1.0)"
check "alpine: musl CVE-2016-8859" test "$(row "$T/a.json" CVE-2016-8859 musl | cut -d' ' -f1,2)" = "1.1.14-r10 1.1.14-r13"
check "alpine: musl-utils CVE-2016-8859 via origin musl" \
	test "$(row "$T/a.json" CVE-2016-8859 musl-utils | cut -d' ' -f2)" = "1.1.14-r13"
check "alpine: zlib CVE-2016-9840" test "$(row "$T/a.json" CVE-2016-9840 zlib | cut -d' ' -f2)" = "1.2.11-r0"
check "alpine: busybox CVE-2016-6301" test "$(row "$T/a.json" CVE-2016-6301 busybox | cut -d' ' -f2)" = "1.24.2-r12"
check "alpine: busybox CVE-2016-2147 fixed long before: not reported" test -z "$(row "$T/a.json" CVE-2016-2147 busybox)"
printf 'http://dl-cdn.alpinelinux.org/alpine/v3.4/main\n# http://dl-cdn.alpinelinux.org/alpine/edge/main\nhttp://dl-cdn.alpinelinux.org/alpine/edge/community\n' \
	> "$A/etc/apk/repositories"
dd scan --db "$DB" -f json -o "$T/a2.json" "$A"
check_rc "alpine with an edge repository: scan still exits 0" 0
check_err "alpine: the edge line warns, naming the file and line" \
	'etc/apk/repositories:3: repository branch edge differs from the OS branch 3\.4'
check "alpine: only that line warns" test "$(grep -c 'repository branch' <<<"$err")" = 1
check "alpine: still judged against alpine:3.4" \
	test "$(row "$T/a2.json" CVE-2016-2180 libcrypto1.0)" = "1.0.2h-r1 1.0.2h-r2 fixed UNKNOWN"

# ---- Ubuntu 18.04 ----
dd db import --db "$DB" ubuntu "$ADV/ubuntu-cve-tracker/active" "$ADV/ubuntu-cve-tracker/retired"
check_rc "import the Ubuntu CVE tracker files" 0
U=$T/ubuntu
mkdir -p "$U/etc" "$U/var/lib/dpkg"
awk '/^-- var\/lib\/dpkg\/status --$/{p=1; next} /^-- /{p=0} p' \
	"$IN/trivy-fanal/pkg/dpkg/testdata/valid.txtar" > "$U/var/lib/dpkg/status"
printf 'ID=ubuntu\nVERSION_ID="18.04"\nVERSION_CODENAME=bionic\nPRETTY_NAME="Ubuntu 18.04.6 LTS"\n' > "$U/etc/os-release"
dd scan --db "$DB" -f json -o "$T/u.json" "$U"
check_rc "ubuntu: scan" 0
check "ubuntu: libgnutls30 CVE-2018-10844 released 3.5.18-1ubuntu1.1, priority medium" \
	test "$(row "$T/u.json" CVE-2018-10844 libgnutls30)" = "3.5.18-1ubuntu1 3.5.18-1ubuntu1.1 fixed MEDIUM"
check "ubuntu: libc6 CVE-2018-11236 needed: affected, no fix, medium" \
	test "$(row "$T/u.json" CVE-2018-11236 libc6)" = "2.27-3ubuntu1 - affected MEDIUM"
check "ubuntu: libc6 CVE-2016-10228 deferred, negligible" \
	test "$(row "$T/u.json" CVE-2016-10228 libc6)" = "2.27-3ubuntu1 - fix_deferred NEGLIGIBLE"
check "ubuntu: bash CVE-2016-9401 released before the installed version: not reported" \
	test -z "$(row "$T/u.json" CVE-2016-9401 bash)"
dd scan --db "$DB" "$U"
check_out "ubuntu: table section" '^ubuntu 18\.04 \(OS packages\)'

# ---- Rocky Linux 8 (rpm) ----
if ! command -v rpmbuild >/dev/null; then
	skip "rocky rpm database" "rpmbuild not installed"
	exit 0
fi
w=$T/rpmbuild
mkdir -p "$w"
cat > "$w/openssl.spec" <<'SPEC'
Name: openssl
Version: 1.1.1k
Release: 4.el8
Epoch: 1
Summary: test package named as Rocky's
License: OpenSSL
BuildArch: x86_64
%description
Test.
%package libs
Summary: libs
%description libs
Test libs.
%files libs
SPEC
rpmbuild --define "_topdir $w/top" --define '_build_id_links none' -bb "$w/openssl.spec" >/dev/null 2>&1
R=$T/rocky
mkdir -p "$R/etc" "$R/var/lib/rpm"
rpm --define '_db_backend sqlite' --dbpath "$R/var/lib/rpm" --initdb
rpm --define '_db_backend sqlite' --dbpath "$R/var/lib/rpm" -i --justdb --nodeps --noscripts --ignorearch \
	"$w"/top/RPMS/*/*.rpm 2>/dev/null
sqlite3 "$R/var/lib/rpm/rpmdb.sqlite" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null 2>&1
printf 'ID="rocky"\nVERSION_ID="8.5"\nPRETTY_NAME="Rocky Linux 8.5 (Green Obsidian)"\n' > "$R/etc/os-release"
dd db import --db "$DB" trivy "$ADV/trivy-fixtures/db/rockylinux.yaml"
check_rc "import Trivy's rockylinux.yaml" 0
dd scan --db "$DB" -f json -o "$T/r.json" "$R"
check_rc "rocky: scan" 0
check "rocky: openssl-libs 1:1.1.1k-4.el8 CVE-2021-3712 fixed 1:1.1.1k-5.el8_5" \
	test "$(row "$T/r.json" CVE-2021-3712 openssl-libs | cut -d' ' -f1-3)" = "1:1.1.1k-4.el8 1:1.1.1k-5.el8_5 fixed"
check "rocky: the finding names the source rpm; the record is keyed by the binary" python3 -c 'import json, sys
f = json.load(open(sys.argv[1]))["findings"]
x = [x for x in f if x["id"] == "CVE-2021-3712"]
assert len(x) == 1 and x[0]["package"]["source_name"] == "openssl"
assert x[0]["reason"].startswith("rocky:8 openssl-libs: installed 1:1.1.1k-4.el8 < fixed 1:1.1.1k-5.el8_5")' "$T/r.json"
