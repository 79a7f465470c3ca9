#!/usr/bin/env bash
# tests/cli/0702-lang-gobin.sh: Go build information read from real Go
# binaries. ../shared/testdata holds no Go binaries (Trivy's and Grype's
# gobinary testdata were not copied), so this builds them with Debian's Go,
# offline, from a file:// module proxy made here: a main module with one
# plain dependency, one replaced by another module, one replaced by a local
# directory. Each binary is also rewritten into the pre-1.18 pointer format
# (tests/lib/go_oldbuildinfo.py: pointers to Go string headers, as the
# Go 1.13-1.17 linkers wrote them), for amd64 and for 386 (32-bit ELF,
# 4-byte pointers), and amd64 binaries of both formats lose their section
# headers (found by the magic; old-format pointers mapped through the
# program headers). For every binary the packages of `drydock sbom --format
# json` must equal what Go's own reader (`go version -m`) lists: the main
# module unless "(devel)", each dependency with its replacement applied
# (local directories dropped), and the Go version as "stdlib".
. "$DD_ROOT/tests/lib/cli.sh"

command -v go >/dev/null || { skip "all checks" "no Go toolchain"; exit 0; }
command -v python3 >/dev/null || { skip "all checks" "python3 missing"; exit 0; }
W=$T/go
mkdir -p "$W/proxy" "$W/src/app" "$W/src/local" "$W/bin"
# a file:// GOPROXY with three modules
python3 - "$W/proxy" <<'PY'
import io, os, sys, zipfile
root = sys.argv[1]
for mod, ver, pkg in (("example.com/greet", "v1.2.3", "greet"), ("example.com/old", "v1.0.0", "old"),
                      ("example.com/oldfork", "v1.0.1", "old")):
    d = os.path.join(root, mod, "@v")
    os.makedirs(d, exist_ok=True)
    gomod = f"module {mod}\n\ngo 1.17\n"
    open(os.path.join(d, "list"), "a").write(ver + "\n")
    open(os.path.join(d, ver + ".info"), "w").write('{"Version":"%s","Time":"2024-01-01T00:00:00Z"}' % ver)
    open(os.path.join(d, ver + ".mod"), "w").write(gomod)
    z = io.BytesIO()
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr(f"{mod}@{ver}/go.mod", gomod)
        zf.writestr(f"{mod}@{ver}/{pkg}.go", f"package {pkg}\n\nfunc Name() string {{ return \"{mod}\" }}\n")
    open(os.path.join(d, ver + ".zip"), "wb").write(z.getvalue())
PY
cat >"$W/src/local/go.mod" <<'EOF'
module example.com/local

go 1.17
EOF
printf 'package local\n\nfunc Name() string { return "local" }\n' >"$W/src/local/local.go"
cat >"$W/src/app/go.mod" <<'EOF'
module example.com/app

go 1.17

require (
	example.com/greet v1.2.3
	example.com/local v0.0.0
	example.com/old v1.0.0
)

replace example.com/old v1.0.0 => example.com/oldfork v1.0.1

replace example.com/local => ../local
EOF
cat >"$W/src/app/main.go" <<'EOF'
package main

import (
	"fmt"

	"example.com/greet"
	"example.com/local"
	"example.com/old"
)

func main() { fmt.Println(greet.Name(), local.Name(), old.Name()) }
EOF
goenv=(env GOPROXY="file://$W/proxy" GOSUMDB=off GOFLAGS=-mod=mod GOCACHE="$DD_ROOT/build/test/gocache"
	GOPATH="$W/gopath" GOTOOLCHAIN=local CGO_ENABLED=0)
built=0
for arch in amd64 386; do
	if (cd "$W/src/app" && "${goenv[@]}" GOARCH=$arch go build -trimpath -o "$W/bin/app-$arch" .) \
		>"$T/build.log" 2>&1; then
		built=$((built + 1))
		python3 "$DD_ROOT/tests/lib/go_oldbuildinfo.py" "$W/bin/app-$arch" "$W/bin/app-$arch-pre118"
		chmod +x "$W/bin/app-$arch-pre118"
	else
		echo "# go build GOARCH=$arch failed:"; sed 's/^/#   /' "$T/build.log" | head -n 10
	fi
done
check "Go binaries built (amd64 at least)" test -x "$W/bin/app-amd64"
[ -x "$W/bin/app-amd64" ] || exit 0
# stripped of its section headers too: found through the magic
# (old format: the pointers are then mapped through the program headers)
for f in app-amd64 app-amd64-pre118; do
	python3 - "$W/bin/$f" "$W/bin/$f-nosections" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
struct.pack_into("<Q", b, 0x28, 0)          # e_shoff
struct.pack_into("<HH", b, 0x3c, 0, 0)      # e_shnum, e_shstrndx
open(sys.argv[2], "wb").write(b)
PY
	chmod +x "$W/bin/$f-nosections"
done

dd sbom --format json "$W/bin"
check_rc "sbom of the binaries: exit 0" 0
echo "$out" >"$T/sbom.json"
n=0
for bin in "$W"/bin/app-*; do
	name=$(basename "$bin")
	# the reference: Go's own reader (old-format and header-less binaries read as their original)
	ref=$bin
	ref=${bin%-nosections}
	go version -m "$ref" >"$T/$name.gov" 2>&1
	want=$(python3 - "$T/$name.gov" <<'PY'
import sys
lines = open(sys.argv[1]).read().split("\n")
out, dep = set(), None
ver = lines[0].split(": ", 1)[1].split()[0]
out.add(("stdlib", "v" + ver[2:]))
def flush():
    if dep:
        out.add(dep)
for l in lines[1:]:
    f = l.strip("\n").split("\t")
    if len(f) < 3:
        continue
    kind, path, v = f[1], f[2], (f[3] if len(f) > 3 else "")
    if kind == "mod" and v and v != "(devel)":
        out.add((path, v))
    elif kind == "dep":
        flush()
        dep = (path, v)
    elif kind == "=>":
        dep = None if (not v or v == "(devel)" or path[:1] in "./") else (path, v)
flush()
for n, v in sorted(out):
    print(n, v)
PY
)
	have=$(jq -r --arg f "$name" '.packages[] | select(.found_in == $f) | "\(.name) \(.version)"' \
		"$T/sbom.json" | sort)
	if [ "$want" != "$have" ]; then
		echo "# $name: go version -m:"; sed 's/^/#     /' <<<"$want"
		echo "# $name: drydock:"; sed 's/^/#     /' <<<"$have"
	fi
	check "$name: the same modules as go version -m" test "$want" = "$have"
	check "$name: replacement applied, local directory dropped" \
		bash -c "grep -qx 'example.com/oldfork v1.0.1' <<<'$have' && grep -qx 'example.com/greet v1.2.3' <<<'$have' && ! grep -q 'local\|\.\./' <<<'$have'"
	n=$((n + 1))
done
check "old-format binaries were read ($(ls "$W"/bin/*-pre118 | wc -l))" test -x "$W/bin/app-amd64-pre118"
# the rewrite really is the old format, and Go reads it the same
check "the pre-1.18 rewrite is what go version -m reads as the original" \
	diff <(go version -m "$W/bin/app-amd64" | tail -n +2) <(go version -m "$W/bin/app-amd64-pre118" | tail -n +2)
check "pre-1.18 rewrite: inline-strings flag cleared" \
	python3 -c "import sys; b=open(sys.argv[1],'rb').read(); i=b.index(b'\xff Go buildinf:'); sys.exit(b[i+15] & 2)" "$W/bin/app-amd64-pre118"
