# bench/lib.sh: helpers for bench sections, sourced by each.
#   measure LABEL CMD...   runs CMD once, prints "LABEL  wall  peak-RSS"
#   (GNU time is used when installed; otherwise wall time only)
measure() {
	local label=$1; shift
	local tf; tf=$(mktemp)
	local t0 t1
	t0=$(date +%s.%N)
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%M' -o "$tf" "$@" >/dev/null 2>&1
	else
		"$@" >/dev/null 2>&1
	fi
	local rc=$?
	t1=$(date +%s.%N)
	local rss=""
	[ -s "$tf" ] && rss=$(tail -n1 "$tf")
	printf '   %-52s %8.3f s  %8s\n' "$label" "$(echo "$t1 - $t0" | bc -l)" \
		"${rss:+$((rss / 1024)) MB}${rc:+$([ "$rc" = 0 ] || echo " (exit $rc)")}"
	rm -f "$tf"
}
