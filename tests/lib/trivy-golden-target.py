#!/usr/bin/env python3
# tests/lib/trivy-golden-target.py: builds scan targets for Trivy's
# container-image goldens (../shared/testdata/peers/trivy/*.json.golden)
# from what each golden lists, since the images themselves cannot be had:
#
#   trivy-golden-target.py OUTDIR GOLDEN...
#
# For each container_image or vm golden NAME.json.golden, writes
# OUTDIR/NAME/rows (the golden's (package, installed, fixed, id) rows, tab
# separated, sorted), OUTDIR/NAME/targets (the targets written, one per
# line: "sbom", "root"), OUTDIR/NAME/sbom.cdx.json, a CycloneDX document shaped as Trivy writes
# it (an operating-system component named with Trivy's family and release,
# one component per listed package with its package URL and, where the
# binary package comes from a differently named source package, the
# aquasecurity:trivy:SrcName property), and for dpkg and apk distributions
# also OUTDIR/root/, a root filesystem with etc/os-release and a package
# database (var/lib/dpkg/status, lib/apk/db/installed) holding the listed
# packages. It prints the names of the goldens handled, one per line.
#
#   trivy-golden-target.py --rows JSON...
#
# writes JSON.rows beside each drydock JSON report: its unsuppressed
# findings as the same rows.
#
# The goldens name binary packages only; the source package (Debian
# Source:, Alpine origin, rpm source rpm) decides the lookup, so SOURCES
# below gives it for the binaries the goldens list. Where a real package
# database in ../shared/testdata/inputs lists the same binary, the entry is
# checked against it (a disagreement is an error).
import json
import os
import re
import sys
import urllib.parse

SOURCES = {
	# Debian 9/10 (e2fsprogs, libidn2, openssl binaries)
	("debian", "e2fslibs"): "e2fsprogs",
	("debian", "libcomerr2"): "e2fsprogs",
	("debian", "libss2"): "e2fsprogs",
	("debian", "libidn2-0"): "libidn2",
	("debian", "libssl1.1"): "openssl",
	# Ubuntu 18.04
	("ubuntu", "libcom-err2"): "e2fsprogs",
	("ubuntu", "libext2fs2"): "e2fsprogs",
	("ubuntu", "libss2"): "e2fsprogs",
	# Alpine origins
	("alpine", "libcrypto1.1"): "openssl",
	("alpine", "libssl1.1"): "openssl",
	("alpine", "musl-utils"): "musl",
	# rpm source rpms
	("photon", "curl-libs"): "curl",
	("centos", "openssl-libs"): "openssl",
	("redhat", "openssl-libs"): "openssl",
	("rocky", "openssl-libs"): "openssl",
	("alma", "openssl-libs"): "openssl",
	("opensuse-leap", "libopenssl1_1"): "openssl-1_1",
	("opensuse-tumbleweed", "libopenssl3"): "openssl-3",
}

# os-release ID and VERSION_ID for Trivy's family and release names
def os_release(family, name):
	if family == "debian":
		return "debian", name.split(".")[0]
	return family, name


def real_sources(shared):
	"""binary -> source from the real package databases in testdata."""
	seen = {}
	dpkg = os.path.join(shared, "testdata/inputs/trivy-fanal/pkg/dpkg/testdata/valid.txtar")
	apk = os.path.join(shared, "testdata/inputs/trivy-fanal/pkg/apk/testdata/apk")
	for path, fam, pk, sk in ((dpkg, "dpkg", "Package: ", "Source: "), (apk, "apk", "P:", "o:")):
		name = None
		for line in open(path, encoding="utf-8", errors="replace"):
			line = line.rstrip("\n")
			if line.startswith(pk):
				name = line[len(pk):]
			elif line.startswith(sk) and name:
				seen[(fam, name)] = line[len(sk):].split(" ")[0]
			elif not line:
				name = None
	return seen


def write_rows(path, rows):
	with open(path, "w") as f:
		for x in sorted(rows):
			f.write("\t".join(x) + "\n")


def golden_rows(d):
	rows = set()
	for r in d.get("Results") or []:
		for v in r.get("Vulnerabilities") or []:
			rows.add((v.get("PkgName", ""), v.get("InstalledVersion", ""),
				  v.get("FixedVersion", ""), v.get("VulnerabilityID", ""),
				  v.get("Severity", "")))
	return rows


def drydock_rows(path):
	d = json.load(open(path))
	return {(v["package"]["name"], v["installed_version"], v["fixed_version"] or "", v["id"],
		 v["severity"]) for v in d["findings"] if not v.get("suppressed")}


def build(golden, outdir, real):
	d = json.load(open(golden))
	osi = (d.get("Metadata") or {}).get("OS") or {}
	family, release = osi.get("Family", ""), osi.get("Name", "")
	comps, pkgs, seen = [], [], set()
	for r in d.get("Results") or []:
		for v in r.get("Vulnerabilities") or []:
			purl = (v.get("PkgIdentifier") or {}).get("PURL")
			if not purl or purl in seen:
				continue
			seen.add(purl)
			name = v["PkgName"]
			kind = purl[4:purl.index("/")]
			src = None
			if r.get("Class") == "os-pkgs":
				src = SOURCES.get((family, name))
				rf = {"deb": "dpkg", "apk": "apk"}.get(kind)
				if rf and (rf, name) in real and real[(rf, name)] != (src or name):
					sys.exit("%s: SOURCES says %s comes from %s, the real database says %s" %
						 (golden, name, src or name, real[(rf, name)]))
			props = []
			if src:
				props.append({"name": "aquasecurity:trivy:SrcName", "value": src})
			comps.append({"bom-ref": purl, "type": "library", "name": name,
				      "version": v.get("InstalledVersion", ""), "purl": purl,
				      "properties": props})
			q = urllib.parse.parse_qs(purl.split("?", 1)[1]) if "?" in purl else {}
			pkgs.append((kind, name, v.get("InstalledVersion", ""), src,
				     (q.get("arch") or [""])[0]))
	if family:
		comps.append({"bom-ref": "os", "type": "operating-system", "name": family,
			      "version": release})
	os.makedirs(outdir, exist_ok=True)
	write_rows(os.path.join(outdir, "rows"), golden_rows(d))
	targets = open(os.path.join(outdir, "targets"), "w")
	json.dump({"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
		   "metadata": {"component": {"type": "container", "name": d.get("ArtifactName", "")}},
		   "components": comps},
		  open(os.path.join(outdir, "sbom.cdx.json"), "w"), indent=1)
	targets.write("sbom\n")
	if family not in ("debian", "ubuntu", "alpine") or not pkgs:
		return
	if any(k not in ("deb", "apk") for k, *_ in pkgs):
		return		# language packages: the SBOM carries them
	root = os.path.join(outdir, "root")
	os.makedirs(os.path.join(root, "etc"), exist_ok=True)
	oid, vid = os_release(family, release)
	with open(os.path.join(root, "etc/os-release"), "w") as f:
		f.write('ID=%s\nVERSION_ID="%s"\nPRETTY_NAME="%s %s"\n' % (oid, vid, family, release))
	if family == "debian":
		open(os.path.join(root, "etc/debian_version"), "w").write(release + "\n")
	if family == "alpine":
		os.makedirs(os.path.join(root, "lib/apk/db"), exist_ok=True)
		with open(os.path.join(root, "lib/apk/db/installed"), "w") as f:
			for _, name, ver, src, arch in pkgs:
				f.write("P:%s\nV:%s\nA:%s\no:%s\n\n" % (name, ver, arch or "x86_64", src or name))
	else:
		os.makedirs(os.path.join(root, "var/lib/dpkg"), exist_ok=True)
		with open(os.path.join(root, "var/lib/dpkg/status"), "w") as f:
			for _, name, ver, src, arch in pkgs:
				f.write("Package: %s\nStatus: install ok installed\nArchitecture: %s\n" %
					(name, arch or "amd64"))
				if src:
					f.write("Source: %s\n" % src)
				f.write("Version: %s\n\n" % ver)
	targets.write("root\n")


def main():
	if sys.argv[1] == "--rows":
		for path in sys.argv[2:]:
			write_rows(path + ".rows", drydock_rows(path))
		return
	outdir = sys.argv[1]
	shared = os.environ.get("DD_SHARED", os.path.join(os.path.dirname(__file__), "../../../shared"))
	real = real_sources(shared)
	for golden in sys.argv[2:]:
		if json.load(open(golden)).get("ArtifactType") not in ("container_image", "vm"):
			continue
		name = os.path.basename(golden)[:-len(".json.golden")]
		build(golden, os.path.join(outdir, name), real)
		print(name)


main()
