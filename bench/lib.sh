# bench/lib.sh: helpers for bench sections, sourced by each.
#   measure LABEL CMD...   runs CMD once, prints "LABEL  wall  peak-RSS"
#   (GNU time is used when installed; otherwise wall time only). The wall
#   time is taken with bash's $EPOCHREALTIME, without forking date(1), so it
#   includes only starting GNU time (about 1 ms) besides CMD itself.
#   best_ms N CMD...       the best wall time of N runs of CMD, in ms (bash's
#                          $EPOCHREALTIME around the command: no wrapper
#                          process; spawning a process costs ~2-4 ms of it);
#                          "FAILED(exit N)" and status 1 when a run exits with 2
#                          or more (bad input, missing or incompatible database:
#                          a failing run is fast, its time is no figure)
#   times_faster A B       "B / A x", or "no figure" when either is not a number
#   trivy_bin              prints the path of a Trivy binary ($TRIVY, or fetched
#                          once into $BENCH_TMP/trivy by ../shared/scripts/get-trivy.sh);
#                          fails when none can be had or DD_BENCH_NO_TRIVY is set
measure() {
	local label=$1; shift
	local tf; tf=$(mktemp)
	local t0 t1
	t0=$EPOCHREALTIME
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%M' -o "$tf" "$@" >/dev/null 2>&1
	else
		"$@" >/dev/null 2>&1
	fi
	local rc=$?
	t1=$EPOCHREALTIME
	local rss=""
	[ -s "$tf" ] && rss=$(tail -n1 "$tf")
	printf '   %-52s %8.3f s  %8s\n' "$label" "$(echo "$t1 - $t0" | bc -l)" \
		"${rss:+$((rss / 1024)) MB}${rc:+$([ "$rc" = 0 ] || echo " (exit $rc)")}"
	rm -f "$tf"
}

trivy_bin() {
	if [ -n "${TRIVY:-}" ] && [ -x "$TRIVY" ]; then
		echo "$TRIVY"
		return 0
	fi
	[ -z "${DD_BENCH_NO_TRIVY:-}" ] || return 1
	[ -x "$BENCH_TMP/trivy/trivy-unpacked" ] ||
		bash "$DD_SHARED/scripts/get-trivy.sh" "$BENCH_TMP/trivy" >/dev/null 2>&1 || return 1
	[ -x "$BENCH_TMP/trivy/trivy-unpacked" ] && echo "$BENCH_TMP/trivy/trivy-unpacked"
}

best_ms() {
	local n=$1 best="" t0 t1 us k rc
	shift
	for ((k = 0; k < n; k++)); do
		t0=$EPOCHREALTIME
		"$@" >/dev/null 2>&1
		rc=$?
		t1=$EPOCHREALTIME
		if [ "$rc" -ge 2 ]; then
			echo "FAILED(exit $rc)"
			return 1
		fi
		us=$((10#${t1/./} - 10#${t0/./}))
		if [ -z "$best" ] || [ "$us" -lt "$best" ]; then best=$us; fi
	done
	echo $((best / 1000))
}

times_faster() {
	case "$1$2" in
	*[!0-9]*) echo "no figure" ;;
	*) echo "$(echo "scale=1; $2 / $1" | bc) x" ;;
	esac
}
