#!/usr/bin/env python3
"""tests/lib/peers_os.py: helpers of 0302-sbom-peers.sh (not a test itself).

  peers_os.py roots SHARED DEST     build one root directory per OS input of
                                    SHARED/testdata/inputs under DEST, print
                                    the case names
  peers_os.py ours SBOM.json        drydock's native JSON -> normalised rows
  peers_os.py trivy REPORT.json     Trivy's JSON report -> normalised rows
  peers_os.py diff WANT HAVE        rows missing / extra / different, one a line
  peers_os.py compare GOLDEN ACCEPTED DIR CASES...
                                    for each case: the golden rows (GOLDEN:
                                    "CASE<TAB>ROW" lines) against DIR/CASE.json
                                    (drydock's JSON); prints "CASE<TAB>DIFF"
                                    lines, each marked "accepted" when ACCEPTED
                                    lists it, then ACCEPTED lines that no
                                    longer occur ("stale")

A row is tab-separated: "os FAMILY VERSION" once, then per OS package
"pkg TYPE NAME VERSION ARCH SRC_NAME SRC_VERSION" where VERSION and
SRC_VERSION are full strings ([epoch:]version[-release]) and empty source
fields mean "same as the binary".
"""
import json
import os
import shutil
import sys
from urllib.parse import unquote

OS_TYPES = ("deb", "apk", "rpm")


def txtar(path):
    """The files of a txtar archive: {name: bytes}."""
    files, name = {}, None
    for line in open(path, "rb").read().split(b"\n"):
        if line.startswith(b"-- ") and line.endswith(b" --"):
            name = line[3:-3].decode().strip()
            files[name] = b""
        elif name is not None:
            files[name] += line + b"\n"
    return files


def put(root, rel, data):
    p = os.path.join(root, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(data)


def roots(shared, dest):
    ins = os.path.join(shared, "testdata/inputs")
    fan = os.path.join(ins, "trivy-fanal")
    gry = os.path.join(ins, "grype-match-coverage")
    cases = []

    def new(name):
        r = os.path.join(dest, name)
        os.makedirs(r, exist_ok=True)
        cases.append(name)
        return r

    # Grype's tiny image filesystems, as they are
    for d in sorted(os.listdir(gry)) if os.path.isdir(gry) else []:
        shutil.copytree(os.path.join(gry, d), new("grype-" + d.replace("image-", "")),
                        dirs_exist_ok=True)
    # Trivy's apk database, at its standard path, with Trivy's Alpine os-release
    apk = os.path.join(fan, "pkg/apk/testdata/apk")
    if os.path.isfile(apk):
        r = new("trivy-apk")
        put(r, "lib/apk/db/installed", open(apk, "rb").read())
        put(r, "etc/os-release", open(os.path.join(fan, "os/release/testdata/alpine"), "rb").read())
    # Trivy's dpkg txtars (the files at the paths they name), with Debian 9's debian_version
    dd = os.path.join(fan, "pkg/dpkg/testdata")
    for f in sorted(os.listdir(dd)) if os.path.isdir(dd) else []:
        if not f.endswith(".txtar"):
            continue
        r = new("trivy-dpkg-" + f[:-6])
        for name, data in txtar(os.path.join(dd, f)).items():
            put(r, name, data)
        put(r, "etc/debian_version",
            open(os.path.join(fan, "os/debian/testdata/debian_9/etc/debian_version"), "rb").read())
    # every os-release file alone at etc/os-release
    rd = os.path.join(fan, "os/release/testdata")
    for f in sorted(os.listdir(rd)) if os.path.isdir(rd) else []:
        put(new("trivy-os-release-" + f), "etc/os-release", open(os.path.join(rd, f), "rb").read())
    # the other release files at their standard paths
    for sub in ("os/redhatbase/testdata", "os/debian/testdata"):
        base = os.path.join(fan, sub)
        for d in sorted(os.listdir(base)) if os.path.isdir(base) else []:
            src = os.path.join(base, d)
            if not os.path.isdir(src):
                continue
            r = new("trivy-" + sub.split("/")[1] + "-" + d)
            for dp, _, fs in os.walk(src):
                for fn in fs:
                    rel = os.path.relpath(os.path.join(dp, fn), src)
                    if "/" not in rel:
                        rel = "etc/" + rel
                    put(r, rel, open(os.path.join(dp, fn), "rb").read())
    lsb = os.path.join(fan, "os/ubuntu/testdata/lsb-release")
    if os.path.isfile(lsb):
        put(new("trivy-ubuntu-lsb-release"), "etc/lsb-release", open(lsb, "rb").read())
    for c in cases:
        print(c)


def row(*f):
    return "\t".join("" if x is None else str(x) for x in f)


def ours(path):
    d = json.load(open(path))
    o = d.get("os") or {}
    out = [row("os", o.get("family", ""), o.get("version_id", ""))]
    for p in d.get("packages", []):
        if p.get("type") not in OS_TYPES:
            continue
        v = p["version"]
        if p.get("epoch") not in (None, "", 0, "0") and not v.startswith("%s:" % p["epoch"]):
            v = "%s:%s" % (p["epoch"], v)
        sn = p.get("src_name") or ""
        sv = p.get("src_version") or ""
        out.append(row("pkg", p["type"], p["name"], v, p.get("arch", ""),
                       "" if sn == p["name"] else sn, "" if sv == v else sv))
    return sorted(set(out))


# Trivy's OS family -> package type
PKG_TYPE = {"alpine": "apk", "wolfi": "apk", "chainguard": "apk", "debian": "deb", "ubuntu": "deb"}


def trivy(path):
    """Trivy's JSON (rootfs --scanners license --list-all-pkgs) -> rows."""
    d = json.load(open(path))
    o = (d.get("Metadata") or {}).get("OS") or {}
    fam = o.get("Family", "")
    out = [row("os", "" if fam == "none" else fam, o.get("Name", ""))]
    for res in d.get("Results") or []:
        if res.get("Class") != "os-pkgs":
            continue
        for p in res.get("Packages") or []:
            def full(e, v, r):
                s = v + ("-" + r if r else "")
                return ("%s:" % e if e else "") + s
            v = full(p.get("Epoch"), p.get("Version", ""), p.get("Release"))
            sv = full(p.get("SrcEpoch"), p.get("SrcVersion", ""), p.get("SrcRelease")) \
                if p.get("SrcVersion") else ""
            sn = p.get("SrcName", "")
            out.append(row("pkg", PKG_TYPE.get(res.get("Type"), "rpm" if fam not in ("", "none") else "?"),
                           p["Name"], v, p.get("Arch", ""),
                           "" if sn == p["Name"] else sn, "" if sv == v else sv))
    return sorted(set(out))


def diff(want_path, have_path):
    want = [l for l in open(want_path).read().split("\n") if l and not l.startswith("#")]
    have = [l for l in open(have_path).read().split("\n") if l and not l.startswith("#")]
    for l in diff_rows(want, have):
        print(l)


def diff_rows(want, have):
    res = []
    # the package type is unknown ("?") when Trivy finds no OS: match by name then
    key = lambda l: (l.split("\t")[0], l.split("\t")[2]) if l.startswith("pkg") else ("os",)
    w = {key(l): l for l in want}
    h = {key(l): l for l in have}
    for k in sorted(set(w) | set(h)):
        if k not in h:
            res.append("missing " + w[k].replace("\t", " | "))
        elif k not in w:
            res.append("extra " + h[k].replace("\t", " | "))
        elif w[k] != h[k] and w[k].replace("\t?\t", "\t" + h[k].split("\t")[1] + "\t", 1) != h[k]:
            res.append("peer " + w[k].replace("\t", " | ") + " / drydock " + h[k].replace("\t", " | "))
    return res


def compare(golden, accepted, d, cases):
    gold = {}
    for l in open(golden).read().split("\n"):
        if l and not l.startswith("#"):
            c, _, r = l.partition("\t")
            gold.setdefault(c, []).append(r)
    acc = {}
    for l in open(accepted).read().split("\n"):
        if l and not l.startswith("#"):
            f = l.split("\t")
            acc[(f[0], f[1])] = f[2] if len(f) > 2 else ""
    seen = set()
    for c in cases:
        if c not in gold:
            print("%s\tno golden rows" % c)
            continue
        for r in diff_rows(gold[c], ours(os.path.join(d, c + ".json"))):
            if (c, r) in acc:
                seen.add((c, r))
                print("%s\t%s\taccepted: %s" % (c, r, acc[(c, r)]))
            else:
                print("%s\t%s" % (c, r))
    for k in sorted(set(acc) - seen):
        print("%s\t%s\tstale" % k)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "roots":
        roots(sys.argv[2], sys.argv[3])
    elif cmd == "ours":
        print("\n".join(ours(sys.argv[2])))
    elif cmd == "trivy":
        print("\n".join(trivy(sys.argv[2])))
    elif cmd == "diff":
        diff(sys.argv[2], sys.argv[3])
    elif cmd == "compare":
        compare(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
    else:
        sys.exit("unknown command " + cmd)
