#!/usr/bin/env bash
# tests/cli/0401-version-diff.sh: differential tests: drydock's comparators
# against each ecosystem's reference implementation on real version strings
# (tests/fixtures/version/sources.sh), through "drydock version compare
# --batch". References: dpkg --compare-versions and python3-apt (dpkg),
# python3-rpm (rpm), python3-packaging (PyPI, also specifiers), node-semver
# installed from npm into build/cache (npm, also ranges), Ruby's Gem::Version
# (RubyGems), Maven's ComparableVersion jar (Maven), golang.org/x/mod/semver
# built with Debian's Go (Go), PHP's version_compare() (Packagist, normalised
# forms only). A reference that cannot
# be found is skipped with the reason. DD_DIFF_N sets the sample size.
. "$DD_ROOT/tests/lib/cli.sh"
. "$DD_ROOT/tests/fixtures/version/sources.sh"
N=${DD_DIFF_N:-2000}
FX=$DD_ROOT/tests/fixtures/version
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
CACHE=$DD_ROOT/build/cache
mkdir -p "$CACHE"

# diff_check NAME ECO PAIRS REFOUT: compares drydock's batch answers with the reference's
diff_check() {
	local name=$1 eco=$2 pairs=$3 ref=$4
	"$DRYDOCK" --quiet version compare "$eco" --batch <"$pairs" >"$T/got" 2>"$T/err"
	if grep -qE 'AddressSanitizer|runtime error' "$T/err"; then
		echo "not ok - $TESTNAME: $name: sanitizer report"; head -n 20 "$T/err" | sed 's/^/#   /'; return
	fi
	local n bad
	n=$(wc -l <"$pairs")
	paste "$pairs" "$ref" "$T/got" | awk -F'\t' '$3 != $4' >"$T/mismatch"
	bad=$(wc -l <"$T/mismatch")
	if [ "$n" -gt 0 ] && [ "$bad" = 0 ] && [ "$(wc -l <"$T/got")" = "$n" ]; then
		echo "ok - $TESTNAME: $name agrees on $n pairs ($(sort "$T/got" | uniq -c | tr -s " \n" " "))"
	else
		echo "not ok - $TESTNAME: $name disagrees on $bad of $n pairs (A, B, reference, drydock):"
		head -n 15 "$T/mismatch" | sed 's/^/#   /'
	fi
}

# ---- dpkg ----
dpkg_versions >"$T/dpkg.v"
if [ -s "$T/dpkg.v" ]; then
	$PY "$FX/diffref.py" sample "$N" 1 <"$T/dpkg.v" >"$T/dpkg.p"
	if $PY -c 'import apt_pkg' 2>/dev/null; then
		$PY "$FX/diffref.py" dpkg <"$T/dpkg.p" >"$T/dpkg.r"
		diff_check "dpkg vs python3-apt" dpkg "$T/dpkg.p" "$T/dpkg.r"
	else
		skip "dpkg vs python3-apt" "python3-apt is not installed"
	fi
	# dpkg itself, one process per pair: a smaller sample
	head -n 300 "$T/dpkg.p" >"$T/dpkg1.p"
	while IFS=$'\t' read -r a b; do
		if dpkg --compare-versions "$a" lt "$b" 2>/dev/null; then echo '<'
		elif dpkg --compare-versions "$a" eq "$b" 2>/dev/null; then echo '='
		else echo '>'; fi
	done <"$T/dpkg1.p" >"$T/dpkg1.r"
	diff_check "dpkg vs dpkg --compare-versions" dpkg "$T/dpkg1.p" "$T/dpkg1.r"
else
	skip "dpkg" "no apt lists or dpkg status on this machine"
fi

# ---- rpm: real version strings of several ecosystems, through rpm.ver ----
if $PY -c 'import rpm; rpm.ver' 2>/dev/null; then
	{ cat "$T/dpkg.v"; pypi_versions; maven_versions; } | grep -v '^$' >"$T/rpm.v"
	$PY "$FX/diffref.py" sample "$N" 2 <"$T/rpm.v" >"$T/rpm.p"
	$PY "$FX/diffref.py" rpm <"$T/rpm.p" >"$T/rpm.r"
	# rpm.ver() rejects nothing we treat as valid; pairs it rejects are left out
	paste "$T/rpm.p" "$T/rpm.r" | awk -F'\t' '$3 != "!"' | cut -f1,2 >"$T/rpm2.p"
	paste "$T/rpm.p" "$T/rpm.r" | awk -F'\t' '$3 != "!" { print $3 }' >"$T/rpm2.r"
	diff_check "rpm vs python3-rpm" rpm "$T/rpm2.p" "$T/rpm2.r"
else
	skip "rpm vs python3-rpm" "python3-rpm (rpm.ver) is not installed"
fi

# ---- PyPI ----
if $PY -c 'import packaging.version' 2>/dev/null; then
	pypi_versions >"$T/pypi.v"
	$PY "$FX/diffref.py" sample "$N" 3 <"$T/pypi.v" >"$T/pypi.p"
	$PY "$FX/diffref.py" pypi <"$T/pypi.p" >"$T/pypi.r"
	diff_check "PyPI vs python3-packaging" PyPI "$T/pypi.p" "$T/pypi.r"
	# specifiers built from real versions
	$PY "$FX/diffref.py" sample 400 4 <"$T/pypi.v" |
		awk -F'\t' 'BEGIN { split(">= <= > < == != ~=", ops, " ") } { srand(NR); o = ops[(NR % 7) + 1]; print $1 "\t" o $2 }' >"$T/spec.p"
	$PY "$FX/diffref.py" pypi-spec <"$T/spec.p" >"$T/spec.r"
	"$DRYDOCK" --quiet version satisfies PyPI --batch <"$T/spec.p" >"$T/spec.got" 2>/dev/null
	bad=$(paste "$T/spec.p" "$T/spec.r" "$T/spec.got" | awk -F'\t' '$3 != $4' | tee "$T/spec.mis" | wc -l)
	if [ "$bad" = 0 ]; then echo "ok - $TESTNAME: PyPI specifiers agree on $(wc -l <"$T/spec.p") cases ($(sort "$T/spec.got" | uniq -c | tr -s " \n" " "))"
	else echo "not ok - $TESTNAME: PyPI specifiers disagree on $bad cases:"; head "$T/spec.mis" | sed 's/^/#   /'; fi
else
	skip "PyPI vs python3-packaging" "python3-packaging is not installed"
fi

# ---- npm ----
npm_semver_install "$CACHE/npm"
if command -v node >/dev/null && [ -d "$CACHE/npm/node_modules/semver" ]; then
	[ -s "$CACHE/npm-versions.txt" ] || npm_versions | sort -u >"$CACHE/npm-versions.txt"
	$PY "$FX/diffref.py" sample "$N" 5 <"$CACHE/npm-versions.txt" >"$T/npm.p"
	NODE_PATH=$CACHE/npm/node_modules node "$FX/diffref.js" compare <"$T/npm.p" >"$T/npm.r"
	diff_check "npm vs node-semver" npm "$T/npm.p" "$T/npm.r"
	# ranges from package.json files, and ranges built from real versions, against real versions
	npm_ranges >"$T/ranges"
	if [ -s "$T/ranges" ]; then
		shuf -n 200 --random-source=<(yes) "$CACHE/npm-versions.txt" >"$T/rv"
		awk 'NR == FNR { v[n++] = $0; next } { for (i = 0; i < n; i += 7) print v[(i + FNR) % n] "\t" $0 }' \
			"$T/rv" "$T/ranges" | head -n 600 >"$T/sat.p"
		$PY "$FX/diffref.py" sample 1200 8 <"$CACHE/npm-versions.txt" |
			awk -F'\t' '{ split($1, m, "."); c = $2; n = NR % 10
				if (n == 0) r = "^" $1; else if (n == 1) r = "~" $1
				else if (n == 2) r = ">=" $1 " <" c; else if (n == 3) r = $1 " - " c
				else if (n == 4) r = "<" $1 " || >=" c; else if (n == 5) r = m[1] ".x"
				else if (n == 6) r = "^" m[1] "." m[2]; else if (n == 7) r = "~" m[1] "." m[2]
				else if (n == 8) r = ">" $1; else r = "<=" m[1] "." m[2]
				print c "\t" r }' >>"$T/sat.p"
		NODE_PATH=$CACHE/npm/node_modules node "$FX/diffref.js" satisfies <"$T/sat.p" >"$T/sat.r"
		"$DRYDOCK" --quiet version satisfies npm --batch <"$T/sat.p" >"$T/sat.got" 2>/dev/null
		bad=$(paste "$T/sat.p" "$T/sat.r" "$T/sat.got" | awk -F'\t' '$3 != $4' | tee "$T/sat.mis" | wc -l)
		if [ "$bad" = 0 ]; then echo "ok - $TESTNAME: npm ranges agree on $(wc -l <"$T/sat.p") cases ($(sort "$T/sat.got" | uniq -c | tr -s " \n" " "))"
		else echo "not ok - $TESTNAME: npm ranges disagree on $bad cases:"; head "$T/sat.mis" | sed 's/^/#   /'; fi
	else
		skip "npm ranges vs node-semver" "no package.json files with dependencies on this machine"
	fi
else
	skip "npm vs node-semver" "node or the semver package (npm install semver) is unavailable"
fi

# ---- RubyGems ----
if command -v ruby >/dev/null; then
	any_versions | ruby "$FX/diffref.rb" filter >"$T/gem.v"
	$PY "$FX/diffref.py" sample "$N" 6 <"$T/gem.v" >"$T/gem.p"
	ruby "$FX/diffref.rb" compare <"$T/gem.p" >"$T/gem.r"
	diff_check "RubyGems vs Gem::Version" RubyGems "$T/gem.p" "$T/gem.r"
else
	skip "RubyGems vs Gem::Version" "ruby is not installed"
fi

# ---- Maven ----
jar=$(ls /usr/share/maven/lib/maven-artifact-*.jar 2>/dev/null | head -n1)
if command -v java >/dev/null && [ -n "$jar" ]; then
	{ maven_versions; pypi_versions | head -n 3000; } | grep -E '^[A-Za-z0-9._-]+$' >"$T/mvn.v"
	$PY "$FX/diffref.py" sample "$N" 7 <"$T/mvn.v" >"$T/mvn.p"
	# ComparableVersion's main compares neighbours: give it A1 B1 A2 B2 ... and keep the odd lines
	# (xargs -n keeps each JVM's argument count even; its header line restarts the count)
	tr '\t' '\n' <"$T/mvn.p" | xargs -d '\n' -n 2000 java -cp "$jar" \
		org.apache.maven.artifact.versioning.ComparableVersion 2>/dev/null |
		awk '/^Display/ { n = 0 } /^   / { n++; if (n % 2) print ($2 == "==" ? "=" : $2) }' >"$T/mvn.r"
	# Debian's jar is Maven 3.8; drydock follows Maven 4 (the upstream vectors). Pairs whose
	# strings hold a letter+digit combination item ("dev0", "rc-1") or a qualifier whose
	# rank changed (sp, ga, final, release, cr) are compared by rules that differ between
	# the two: they are listed, not failed.
	"$DRYDOCK" --quiet version compare Maven --batch <"$T/mvn.p" >"$T/mvn.got" 2>/dev/null
	paste "$T/mvn.p" "$T/mvn.r" "$T/mvn.got" | awk -F'\t' '$3 != $4' >"$T/mvn.mis"
	known='[A-Za-z]-?[0-9]|(^|[.-])(sp|ga|final|release|cr)([.-]|$)'
	grep -iE "$known" "$T/mvn.mis" >"$T/mvn.known"
	grep -viE "$known" "$T/mvn.mis" >"$T/mvn.bad"
	n=$(wc -l <"$T/mvn.p")
	if [ "$n" -gt 0 ] && [ "$(wc -l <"$T/mvn.r")" = "$n" ] && [ ! -s "$T/mvn.bad" ]; then
		echo "ok - $TESTNAME: Maven vs ComparableVersion ($(basename "$jar")) agrees on $n pairs" \
			"but $(wc -l <"$T/mvn.known") with Maven 4 rule changes ($(sort "$T/mvn.got" | uniq -c | tr -s " \n" " "))"
		head -n 5 "$T/mvn.known" | sed 's/^/#   Maven 3.8 vs 4 (A, B, 3.8, drydock): /'
	else
		echo "not ok - $TESTNAME: Maven vs ComparableVersion disagrees on $(wc -l <"$T/mvn.bad") of $n pairs (A, B, reference, drydock):"
		head -n 15 "$T/mvn.bad" | sed 's/^/#   /'
	fi
else
	skip "Maven vs ComparableVersion" "java or Debian's maven package (maven-artifact jar) is not installed"
fi

# ---- Go: golang.org/x/mod/semver from Debian's golang-golang-x-mod-dev ----
# Versions: every version in the Go vulnerability database's OSV ranges and in
# the go.sum files of ../shared/testdata/inputs (pseudo-versions, +incompatible,
# prereleases), all with a "v" prefix: x/mod requires it, drydock also accepts
# it missing (a documented extension), so only "v" forms are compared.
GOSRC=/usr/share/gocode/src/golang.org/x/mod/semver
if command -v go >/dev/null && [ -f "$GOSRC/semver.go" ]; then
	mkdir -p "$CACHE/go"
	if GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE=$CACHE/go GOPROXY=off GOTOOLCHAIN=local \
		go build -o "$CACHE/go-semver-ref" "$FX/diffref.go" 2>"$T/gobuild"; then
		{
			find "$DD_SHARED/testdata/advisories/go-vulndb/data/osv" -name '*.json' -print0 2>/dev/null |
				xargs -0 -r jq -r '.affected[]?.ranges[]?.events[]? | to_entries[] | .value' 2>/dev/null
			find "$DD_SHARED/testdata/inputs" -name go.sum -print0 2>/dev/null |
				xargs -0 -r awk '{ sub(/\/go\.mod$/, "", $2); print $2 }'
		} | grep -E '^v?[0-9]' | sed 's/^v\{0,1\}/v/' | sort -u >"$T/go.v"
		$PY "$FX/diffref.py" sample "$N" 9 <"$T/go.v" >"$T/go.p"
		"$CACHE/go-semver-ref" <"$T/go.p" >"$T/go.r"
		diff_check "Go vs golang.org/x/mod/semver" Go "$T/go.p" "$T/go.r"
	else
		echo "not ok - $TESTNAME: Go reference program does not build:"; head "$T/gobuild" | sed 's/^/#   /'
	fi
else
	skip "Go vs golang.org/x/mod/semver" "golang-go or golang-golang-x-mod-dev is not installed"
fi

# ---- Packagist: PHP's version_compare() ----
# Composer normalises a version (VersionParser::normalize) and then orders it
# with version_compare(); PHP alone has no normaliser, so only Composer's
# normalised output form is compared: exactly four numeric parts, optionally
# followed by -dev, or by -alpha, -beta, -RC or -patch with an optional number
# (e.g. 1.8.3.0, 2.0.0.0-RC1, 1.0.0.0-beta). Real versions of that shape with 1
# to 4 parts (numbers padded with .0 to four parts, which is what normalize
# does to them) come from the composer.lock and installed.json files of
# ../shared/testdata/inputs and trivy's Composer advisories, plus, because that
# corpus is small, the PyPA advisory database's versions of the same shape.
# Not compared: v prefixes, short stability spellings (b2, p1, pl), branches
# (dev-main, 2.x-dev), dates and other forms that need normalize first.
if command -v php >/dev/null; then
	{
		find "$DD_SHARED/testdata/inputs" \( -name composer.lock -o -name installed.json \) -print0 2>/dev/null |
			xargs -0 -r jq -r '.. | .version? // empty | strings' 2>/dev/null
		grep -E '^ *- [<>=!~^ ]*[0-9]' "$DD_SHARED/testdata/advisories/trivy-fixtures/db/composer.yaml" 2>/dev/null |
			grep -ohE '[0-9]+(\.[0-9]+){0,3}(-(alpha|beta|RC|patch)[0-9]*|-dev)?' 
		pypi_versions
	} | grep -E '^[0-9]+(\.[0-9]+){0,3}(-(alpha|beta|RC|patch)[0-9]*|-dev)?$' |
		awk -F- '{ v = $1; n = split(v, p, "."); while (n++ < 4) v = v ".0"; print v (NF > 1 ? "-" $2 : "") }' |
		sort -u >"$T/php.v"
	$PY "$FX/diffref.py" sample "$N" 10 <"$T/php.v" >"$T/php.p"
	# the few versions with a stability suffix: each against the others and against its release
	grep -- - "$T/php.v" | head -n 60 >"$T/php.s"
	awk 'NR == FNR { s[n++] = $0; next } END { for (i = 0; i < n; i++) { split(s[i], b, "-"); print s[i] "\t" b[1]
		for (j = i + 1; j < n; j++) print s[i] "\t" s[j] } }' "$T/php.s" /dev/null >>"$T/php.p"
	php -r 'while (($l = fgets(STDIN)) !== false) { [$a, $b] = explode("\t", rtrim($l, "\n")); $c = version_compare($a, $b); echo $c < 0 ? "<" : ($c > 0 ? ">" : "="), "\n"; }' \
		<"$T/php.p" >"$T/php.r"
	diff_check "Packagist vs PHP version_compare (normalised forms)" Packagist "$T/php.p" "$T/php.r"
else
	skip "Packagist vs PHP version_compare" "php-cli is not installed"
fi
skip "apk, NuGet, crates.io differential" "no reference implementation packaged in Debian; covered by the upstream vectors and unit tests"
