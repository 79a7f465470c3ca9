/*
 * src/inventory/collect.h: running every collector over an image, and the
 * parsers of the OS package databases and release files behind them.
 *
 * Collectors are a table of registration functions (dd_collectors[] in
 * collect.c): each registers its struct dd_want(s) on the view and may
 * keep state (dd_collect_state) with a finish step that runs after the walk.
 * A new collector (OS or language) is one row in that table.
 *
 * The parsers never fail on malformed input: they keep the packages parsed
 * so far, print a warning naming the file and line (or offset) through
 * dd_warn() and count it in inv->n_warnings.
 */
#ifndef DD_INVENTORY_COLLECT_H
#define DD_INVENTORY_COLLECT_H

#include <stdbool.h>

#include "image/image.h"
#include "inventory/inventory.h"
#include "util/err.h"
#include "util/slice.h"

struct dd_collect;

struct dd_collector {
	const char *name;
	/* Registers the collector's dd_want(s) on dd_collect_view(c). */
	void (*add)(struct dd_collect *c);
};

extern const struct dd_collector dd_collectors[];	/* ends with { NULL, NULL } */

/* Creates the collection over view into inv (both borrowed) and runs every registration. */
void dd_collect_new(struct dd_collect **out, struct dd_fsview *view, struct dd_inventory *inv);
/*
 * After dd_fsview_run: runs every collector's finish step (OS detection,
 * purls), then sorts the inventory. Returns 0 or a finish step's error.
 */
int dd_collect_finish(struct dd_collect *c, struct dd_err *e);
void dd_collect_free(struct dd_collect *c);

struct dd_fsview *dd_collect_view(struct dd_collect *c);
struct dd_inventory *dd_collect_inv(struct dd_collect *c);
/*
 * Zeroed state of size bytes owned by c (freed with it, after release(st)
 * if given); finish(st, c, e), if given, runs in dd_collect_finish in
 * registration order.
 */
void *dd_collect_state(struct dd_collect *c, size_t size,
		       int (*finish)(void *st, struct dd_collect *c, struct dd_err *e),
		       void (*release)(void *st));

/* Parses one copy of a package database into inv (the signature of every OS parser). */
typedef int (*dd_pkgdb_parse_fn)(struct dd_inventory *inv, struct dd_slice data, const char *path);

/*
 * Layer attribution: packages inv->pkgs[first..] were parsed from f's final
 * content; parse every older copy of f (f->versions) with parse, quietly,
 * and set layer_first (the layer from which on every copy lists the
 * package, any version: where its current uninterrupted presence began, so
 * a package removed and installed again later starts over) and layer_last
 * (the layer from which on its copies list the final version).
 * Packages are matched by (name, arch).
 */
void dd_collect_attribute(struct dd_inventory *inv, size_t first, const struct dd_file *f,
			  dd_pkgdb_parse_fn parse);

/*
 * Whole pipeline for a command: view over img, every collector, run,
 * finish. Returns 0 or the view's / a collector's error.
 */
int dd_inventory_collect(struct dd_inventory *inv, struct dd_image *img, struct dd_err *e);

/* Registration functions of the OS collectors (rows of dd_collectors[]). */
void dd_collect_os(struct dd_collect *c);
void dd_collect_dpkg(struct dd_collect *c);
void dd_collect_apk(struct dd_collect *c);
void dd_collect_rpm(struct dd_collect *c);
/* Language packages (npm, Python, Ruby, Go, Java, Rust, PHP, .NET): src/inventory/lang_collect.c. */
void dd_collect_lang(struct dd_collect *c);

/* ---- parsers --------------------------------------------------------------- */

/* Warnings about one file: each counted in inv->n_warnings, the first 20 printed. */
struct dd_pkgdb_warn {
	struct dd_inventory *inv;
	const char *path;
	size_t n;
};

/* Prints "PATH:LINE: message" (LINE 0: "PATH: message") and counts it. */
void dd_pkgdb_warn(struct dd_pkgdb_warn *w, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Reads an os-release style file (KEY=value, shell quoting) into os: fields
 * already set are kept unless overwrite. Returns 0.
 */
int dd_os_parse_release(struct dd_os *os, struct dd_slice data, const char *path, bool overwrite);
/*
 * Reads one of the other release files, chosen by the base name of path:
 * alpine-release, debian_version, lsb-release, redhat-release, centos-release,
 * fedora-release, rocky-release, almalinux-release, oracle-release. Fills
 * only fields still NULL. Returns 0, or -DDE_NOTFOUND for an unknown name.
 */
int dd_os_parse_other(struct dd_os *os, struct dd_slice data, const char *path);

/* dpkg status file or one status.d/ entry: installed packages only. */
int dd_dpkg_parse_status(struct dd_inventory *inv, struct dd_slice data, const char *path);
/* apk's lib/apk/db/installed. */
int dd_apk_parse_installed(struct dd_inventory *inv, struct dd_slice data, const char *path);
/*
 * An rpm database, format by the base name of path: rpmdb.sqlite (SQLite,
 * read from memory), Packages (Berkeley DB hash, read with librpm from a
 * private temporary copy of at most 512 MiB, removed afterwards).
 * Packages.db (NDB, parsed here; every blob's checksum verified).
 */
int dd_rpm_parse_db(struct dd_inventory *inv, struct dd_slice data, const char *path);

/*
 * A token field for the dpkg and apk parsers (names, versions,
 * architectures): 1-256 printable ASCII bytes, no spaces.
 */
static inline bool dd_os_token_ok(struct dd_slice s)
{
	size_t i;

	if (!s.len || s.len > 256)
		return false;
	for (i = 0; i < s.len; i++)
		if ((unsigned char)s.ptr[i] <= ' ' || (unsigned char)s.ptr[i] >= 0x7f)
			return false;
	return true;
}

/* ---- SBOMs as input ---------------------------------------------------------- */

/* True when data looks like a CycloneDX, SPDX or drydock JSON document. */
bool dd_sbom_detect(struct dd_slice data);

enum dd_sbom_sniff {
	DD_SNIFF_NOT_FILE,	/* missing, or not a regular file (directory, OCI layout) */
	DD_SNIFF_OTHER,		/* a regular file that is not a JSON object (an image archive) */
	DD_SNIFF_JSON,		/* a JSON object that is not an SBOM dd_sbom_read knows */
	DD_SNIFF_SBOM,		/* a CycloneDX, SPDX or drydock JSON document (dd_sbom_detect) */
};
/*
 * What a command-line target is as far as SBOMs go, from the first 64 KiB
 * of the file: the one check `scan` and `sbom` use to decide between
 * reading an SBOM and opening an image.
 */
enum dd_sbom_sniff dd_sbom_sniff(const char *path);
/*
 * Reads a CycloneDX (1.2-1.6) or SPDX 2.x JSON document, or drydock's native
 * JSON, into inv: the OS and every component with a package URL. Returns 0,
 * or -DDE_FORMAT (not JSON, not an SBOM) / -DDE_LIMIT with a message naming path.
 */
int dd_sbom_read(struct dd_inventory *inv, struct dd_slice data, const char *path,
		 struct dd_err *e);

#endif
