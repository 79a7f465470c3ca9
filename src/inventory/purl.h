/*
 * src/inventory/purl.h: package URLs per the purl specification
 * (github.com/package-url/purl-spec): building them with the spec's
 * percent-encoding, parsing them back, and the mapping between purl types
 * and drydock's ecosystems.
 */
#ifndef DD_INVENTORY_PURL_H
#define DD_INVENTORY_PURL_H

#include <stddef.h>

#include "inventory/inventory.h"
#include "util/buf.h"

struct dd_purl_qual {
	const char *key;	/* lowercase ASCII */
	const char *value;	/* NULL or "" = qualifier left out */
};

/*
 * Builds "pkg:type/namespace/name@version?k=v&...#subpath" into out (appended).
 * ns may be NULL and hold several '/'-separated segments; version may be NULL.
 * Qualifiers are written sorted by key, empty ones left out. Returns 0 or
 * -DDE_LIMIT when out's cap is crossed.
 */
int dd_purl_build(struct dd_buf *out, const char *type, const char *ns, const char *name,
		  const char *version, const struct dd_purl_qual *quals, size_t n_quals);

/* A parsed purl: every string is decoded and owned by the struct. */
struct dd_purl {
	char *type;		/* lowercased */
	char *ns;		/* NULL if none; segments joined by '/' */
	char *name;
	char *version;		/* NULL if none */
	char *subpath;
	struct { char *key, *value; } *quals;
	size_t n_quals;
};

/*
 * Parses s. Returns 0, or -DDE_FORMAT (no "pkg:", no type or name, bad
 * percent-escape) / -DDE_LIMIT (longer than 64 KiB, more than 64 qualifiers)
 * and leaves *out released.
 */
int dd_purl_parse(struct dd_purl *out, const char *s);
void dd_purl_release(struct dd_purl *p);
/* The value of qualifier key, or NULL. Borrowed. */
const char *dd_purl_qual(const struct dd_purl *p, const char *key);

/* The purl type of an ecosystem ("deb", "apk", "rpm", "npm", "pypi", ...); "generic" if none. */
const char *dd_purl_type(enum dd_eco eco);
/* The ecosystem of a purl type, DD_ECO_UNKNOWN if drydock has none for it. */
enum dd_eco dd_purl_eco(const char *type);

/*
 * Sets the purl of every OS package (dpkg, apk, rpm) in inv that has none,
 * from its fields and inv->os (namespace = os family, distro qualifier =
 * "<family>-<version_id>").
 */
void dd_purl_fill_os(struct dd_inventory *inv);

#endif
