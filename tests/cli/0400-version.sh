#!/usr/bin/env bash
# tests/cli/0400-version.sh: "drydock version compare|satisfies|valid":
# outputs, exit codes, ecosystem names and aliases, --batch streaming.
. "$DD_ROOT/tests/lib/cli.sh"

dd version compare debian 1:2.0~rc1-1 1:2.0-1
check_rc "compare exits 0" 0
check_out "dpkg: ~ sorts first" '^<$'
dd version compare UBUNTU 2:1.0 1:9.9
check_out "ubuntu alias, any case; epoch wins" '^>$'
dd version compare alpine 1.2.3-r1 1.2.3_rc1-r5
check_out "apk: _rc before release" '^>$'
dd version compare fedora 1.0^git1 1.0
check_out "rpm: ^ after the base" '^>$'
dd version compare npm 1.2.3+build 1.2.3+other
check_out "npm: build metadata ignored" '^=$'
dd version compare PyPI 1.0.post1 1.0rc1
check_out "PyPI: post after rc" '^>$'

dd version compare dpkg 1.0 'a b'
check_rc "invalid version is exit 2" 2
check_err "invalid version is named" "invalid dpkg version 'a b'"

dd version compare nosuch 1 2
check_rc "unknown ecosystem is exit 2" 2
check_err "known ecosystems are listed" 'known: .*PyPI.*Packagist'

dd version compare npm 1.0.0
check_rc "missing B is bad usage" 2

dd version satisfies npm 1.2.3 '^1.0.0 || ^2.0.0'
check_out "npm caret range" '^in$'
dd version satisfies npm 3.0.0 '^1.0.0 || ^2.0.0'
check_out "npm caret range excludes" '^out$'
dd version satisfies PyPI 2.0.1 '>=2.0,!=2.0.1'
check_out "PEP 440 specifiers" '^out$'
dd version satisfies debian 1.2-1 '>= 1.0, < 2.0'
check_out "comparison list for dpkg" '^in$'
dd version satisfies debian 1.2-1 '>> 1.0'
check_rc "bad operator is exit 2" 2
check_err "bad operator is named" "unsupported operator '>>'"

dd version valid Go v1.2.3-pre+meta
check_out "valid" '^valid$'
dd version valid npm 01.2.3
check_out "invalid" '^invalid$'
check_rc "valid exits 0 either way" 0

printf '1.0\t2.0\nbroken line\n1:1\t1\n2.0\t2.0\r\n' >"$T/pairs"
"$DRYDOCK" version compare dpkg --batch <"$T/pairs" >"$T/out" 2>"$T/err"
rc=$?
check "batch writes one line per input line" test "$(tr '\n' ' ' <"$T/out")" = "< ! > = "
check "batch: a bad line names its number" grep -q 'stdin:2:' "$T/err"
check "batch: a bad line makes exit 2" test "$rc" = 2

# streaming: 200000 lines through a pipe, output counted without storing it
n=$(awk 'BEGIN { for (i = 0; i < 200000; i++) printf "1.%d-1\t1.%d-1\n", i, 199999 - i }' |
	"$DRYDOCK" version compare dpkg --batch | sort | uniq -c | awk '{ printf "%s%s ", $2, $1 }')
check "batch streams 200000 lines" test "$n" = "<100000 >100000 "
