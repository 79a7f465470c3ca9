/*
 * src/report/sbom.h: writing an inventory as an SBOM: CycloneDX 1.6 JSON,
 * SPDX 2.3 JSON and drydock's native JSON (docs/sbom.md). Output is
 * deterministic for the same input (serial numbers and namespaces are
 * derived from the content) except for the creation time, which
 * SOURCE_DATE_EPOCH pins.
 */
#ifndef DD_REPORT_SBOM_H
#define DD_REPORT_SBOM_H

#include "image/image.h"
#include "inventory/inventory.h"
#include "util/err.h"
#include "util/out.h"

enum dd_sbom_format { DD_SBOM_CYCLONEDX, DD_SBOM_SPDX, DD_SBOM_JSON };

/* What the SBOM describes. */
struct dd_sbom_target {
	const char *name;			/* as the user gave it: a path or image reference */
	const struct dd_image_meta *meta;	/* NULL when the target is not an image (an SBOM) */
};

/* Parses "cyclonedx", "spdx" or "json" (any case). Returns 0 or -DDE_NOTFOUND. */
int dd_sbom_format_parse(const char *s, enum dd_sbom_format *out);

/*
 * Writes inv (sorted by the caller) as format to o. Returns 0, or the
 * stream's error (also left sticky in o) with a message in e.
 */
int dd_sbom_write(struct dd_out *o, enum dd_sbom_format format, const struct dd_inventory *inv,
		  const struct dd_sbom_target *t, struct dd_err *e);

int dd_sbom_write_cyclonedx(struct dd_out *o, const struct dd_inventory *inv,
			    const struct dd_sbom_target *t, struct dd_err *e);
int dd_sbom_write_spdx(struct dd_out *o, const struct dd_inventory *inv,
		       const struct dd_sbom_target *t, struct dd_err *e);
int dd_sbom_write_json(struct dd_out *o, const struct dd_inventory *inv,
		       const struct dd_sbom_target *t, struct dd_err *e);

/* ---- helpers shared by the writers (sbom_json.c) ---------------------------- */

/* Creation time "YYYY-MM-DDThh:mm:ssZ" from SOURCE_DATE_EPOCH or now. */
void dd_sbom_timestamp(char out[32]);
/* A UUID (version 5 layout) derived from SHA-256 of seed: "xxxxxxxx-xxxx-...". */
void dd_sbom_uuid(const char *seed, size_t len, char out[37]);
/*
 * The same UUID for the seed prefix followed by json (a json_t *) written
 * compactly, without building that text: hashed as it is serialised.
 */
void dd_sbom_uuid_json(const char *prefix, size_t len, const void *json, char out[37]);
/* diffID of layer i of the target, or NULL. */
const char *dd_sbom_layer_diff_id(const struct dd_sbom_target *t, int i);
/* Serialises root (stolen) to o with 2-space indentation and a final newline. */
int dd_sbom_dump(struct dd_out *o, void *root, struct dd_err *e);

#endif
