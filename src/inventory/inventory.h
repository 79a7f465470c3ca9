/*
 * src/inventory/inventory.h: what an image or directory holds: the OS and
 * every package found, with where it was found. Collectors (one file per
 * ecosystem: dpkg.c, apk.c, rpm.c, npm.c, python.c, ...) register on a
 * struct dd_fsview and add packages here. Nothing in this module knows about
 * vulnerabilities.
 *
 * Ownership: the inventory owns every string in it (heap copies).
 */
#ifndef DD_INVENTORY_INVENTORY_H
#define DD_INVENTORY_INVENTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "version/eco.h"

struct dd_fsview;
struct dd_err;

/* Operating system of the image (from os-release and friends). */
struct dd_os {
	char *family;		/* os-release ID: "debian", "ubuntu", "alpine", "rhel", ...; NULL if none */
	char *version_id;	/* "12", "22.04", "3.19.1" */
	char *codename;		/* "bookworm", "jammy" */
	char *pretty_name;
	char *id_like;
	bool distroless;	/* dpkg status.d without a shell/package manager */
	char *apk_repositories;	/* content of etc/apk/repositories (NUL-free), NULL if none */
};

enum dd_dep_kind {
	DD_DEP_UNKNOWN = 0, DD_DEP_DIRECT, DD_DEP_INDIRECT,
	DD_DEP_ROOT,		/* the project the lockfile belongs to (its own name and version) */
};

struct dd_pkg {
	enum dd_eco eco;
	char *name;		/* binary package / module name as the ecosystem spells it */
	char *version;		/* full comparable version: dpkg "1:2.3-4", rpm "[E:]V-R", npm "1.2.3" */
	char *arch;		/* NULL when not applicable */
	char *src_name;		/* dpkg Source, rpm source rpm name, apk origin; NULL = same as name */
	char *src_version;	/* source version when it differs from version; NULL = same */
	int epoch;		/* rpm epoch, -1 when absent */
	char *license;
	char *maintainer;
	char *modularity;	/* rpm modularity label */
	char *purl;		/* package URL per the purl spec */
	char *found_in;		/* file it was found in, relative to the root: "var/lib/dpkg/status" */
	int layer_first;	/* index of the layer where it first appeared; -1 unknown */
	int layer_last;		/* index of the layer that last changed it; -1 unknown */
	enum dd_dep_kind dep;	/* direct or indirect, where the lockfile says so */
	bool dev;		/* a development-only dependency */
};

struct dd_inventory {
	struct dd_os os;
	struct dd_pkg *pkgs;
	size_t n_pkgs, cap_pkgs;
	size_t n_warnings;	/* warnings printed while collecting (malformed files) */
};

/* "direct", "indirect", "root" (NULL for DD_DEP_UNKNOWN): the names reports use. */
const char *dd_dep_name(enum dd_dep_kind k);

/* Frees the fields of os and zeroes it. */
void dd_os_release(struct dd_os *os);
/* Allocates an empty inventory. */
void dd_inventory_new(struct dd_inventory **out);
/* Frees inv and everything in it; NULL is a no-op. */
void dd_inventory_free(struct dd_inventory *inv);
/*
 * Appends a zeroed package (epoch -1, layers -1) and returns it for the
 * caller to fill with heap strings the inventory then owns.
 */
struct dd_pkg *dd_inventory_add(struct dd_inventory *inv);
/* Sorts packages by (eco, found_in, name, version) for stable output. */
void dd_inventory_sort(struct dd_inventory *inv);

#endif
