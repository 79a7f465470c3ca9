# tests/lib/cli.sh: helpers for tests/cli/*.sh scripts, sourced by each.
# Each check prints "ok - NAME" or "not ok - NAME" (tests/run counts them).
#   dd ARGS...               run the binary under test; sets $out, $err, $rc
#   check NAME CMD...        ok when CMD succeeds
#   check_rc NAME WANT       ok when the last dd exit code is WANT
#   check_out NAME REGEX     ok when the last dd stdout matches (grep -E)
#   check_err NAME REGEX     ok when the last dd stderr matches
#   skip NAME WHY
#   need_images              builds the test images once (tests/lib/images.sh);
#                            sets $IMAGES, or skips the rest of the script
# Any sanitizer report in stderr fails the check that follows it.
set -u
: "${DRYDOCK:?run through tests/run}"
T=$(mktemp -d "$DD_TEST_TMP/$(basename "$0" .sh).XXXXXX")
trap 'rm -rf "$T"' EXIT
# never the user's cache (layer cache, default database): one per script
export XDG_CACHE_HOME=$T/xdg-cache
unset DRYDOCK_CACHE_DIR
TESTNAME=$(basename "$0" .sh)
out=""; err=""; rc=0

dd() {
	"$DRYDOCK" "$@" >"$T/stdout" 2>"$T/stderr"
	rc=$?
	out=$(cat "$T/stdout")
	err=$(cat "$T/stderr")
	if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$T/stderr"; then
		echo "# sanitizer report from: drydock $*"
		head -n 40 "$T/stderr" | sed 's/^/#   /'
		echo "not ok - $TESTNAME: sanitizer clean: drydock $*"
	fi
	return 0
}

_report() { # ok?, name
	if [ "$1" = 0 ]; then echo "ok - $TESTNAME: $2"; else
		echo "not ok - $TESTNAME: $2"
		echo "#   exit=$rc"
		echo "$out" | head -n 15 | sed 's/^/#   out: /'
		echo "$err" | head -n 15 | sed 's/^/#   err: /'
	fi
}
check() { local n=$1; shift; "$@" >/dev/null 2>&1; _report $? "$n"; }
check_rc() { [ "$rc" = "$2" ]; _report $? "$1"; }
check_out() { grep -qE -- "$2" <<<"$out"; _report $? "$1"; }
check_err() { grep -qE -- "$2" <<<"$err"; _report $? "$1"; }
skip() { echo "skip - $TESTNAME: $1 ($2)"; }

need_images() {
	IMAGES=$("$DD_ROOT/tests/lib/images.sh") || {
		if [ "${CI:-}" = true ]; then echo "not ok - $TESTNAME: test images could not be built"; exit 1; fi
		skip "all checks" "test images could not be built (needs root and the Debian archive)"
		exit 0
	}
}
