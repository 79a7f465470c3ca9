/*
 * src/report/sbom_json.c: drydock's native JSON SBOM (documented in
 * docs/sbom.md), the format dispatcher, and the helpers every SBOM writer
 * shares: timestamps, content-derived UUIDs, layer diffIDs, serialising.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include "inventory/purl.h"
#include "release.h"
#include "report/sbom.h"
#include "util/parse.h"

int dd_sbom_format_parse(const char *s, enum dd_sbom_format *out)
{
	if (strcasecmp(s, "cyclonedx") == 0 || strcasecmp(s, "cdx") == 0)
		*out = DD_SBOM_CYCLONEDX;
	else if (strcasecmp(s, "spdx") == 0 || strcasecmp(s, "spdx-json") == 0)
		*out = DD_SBOM_SPDX;
	else if (strcasecmp(s, "json") == 0)
		*out = DD_SBOM_JSON;
	else
		return -DDE_NOTFOUND;
	return 0;
}

int dd_sbom_write(struct dd_out *o, enum dd_sbom_format format, const struct dd_inventory *inv,
		  const struct dd_sbom_target *t, struct dd_err *e)
{
	switch (format) {
	case DD_SBOM_CYCLONEDX:
		return dd_sbom_write_cyclonedx(o, inv, t, e);
	case DD_SBOM_SPDX:
		return dd_sbom_write_spdx(o, inv, t, e);
	default:
		return dd_sbom_write_json(o, inv, t, e);
	}
}

void dd_sbom_timestamp(char out[32])
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	uint64_t v;
	time_t now = time(NULL);
	struct tm tm;

	if (sde && dd_parse_u64_all(dd_slice_str(sde), (uint64_t)1 << 40, &v) == 0)
		now = (time_t)v;
	gmtime_r(&now, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void uuid_format(unsigned char h[SHA256_DIGEST_LENGTH], char out[37])
{
	h[6] = (unsigned char)((h[6] & 0x0f) | 0x50);	/* version 5 layout (name-based) */
	h[8] = (unsigned char)((h[8] & 0x3f) | 0x80);	/* RFC 4122 variant */
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9], h[10], h[11], h[12],
		 h[13], h[14], h[15]);
}

void dd_sbom_uuid(const char *seed, size_t len, char out[37])
{
	unsigned char h[SHA256_DIGEST_LENGTH];

	SHA256((const unsigned char *)seed, len, h);
	uuid_format(h, out);
}

static int uuid_feed(const char *buf, size_t size, void *md)
{
	return EVP_DigestUpdate(md, buf, size) == 1 ? 0 : -1;
}

void dd_sbom_uuid_json(const char *prefix, size_t len, const void *json, char out[37])
{
	unsigned char h[SHA256_DIGEST_LENGTH];
	unsigned int n = 0;
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	if (!md)
		abort();
	EVP_DigestInit_ex(md, EVP_sha256(), NULL);
	EVP_DigestUpdate(md, prefix, len);
	/* a failed dump hashes what was written so far (json_dumps gave "" then) */
	(void)json_dump_callback(json, uuid_feed, md, JSON_COMPACT);
	EVP_DigestFinal_ex(md, h, &n);
	EVP_MD_CTX_free(md);
	uuid_format(h, out);
}

const char *dd_sbom_layer_diff_id(const struct dd_sbom_target *t, int i)
{
	if (!t->meta || i < 0 || (size_t)i >= t->meta->n_layers)
		return NULL;
	return t->meta->layers[i].diff_id;
}

int dd_sbom_dump(struct dd_out *o, void *root, struct dd_err *e)
{
	json_t *j = root;
	int r = 0;

	if (json_dumpf(j, dd_out_file(o), JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0) {
		dd_out_fail(o, -DDE_INTERNAL);
		r = dd_err_set(e, -DDE_INTERNAL, "JSON output could not be written");
	} else {
		dd_out_puts(o, "\n");
	}
	json_decref(j);
	return r;
}

static void set_str(json_t *o, const char *k, const char *v)
{
	if (v)
		json_object_set_new(o, k, json_string(v));
}

static const char *kind_name(enum dd_image_kind k)
{
	switch (k) {
	case DD_IMAGE_DOCKER_ARCHIVE:
		return "docker-archive";
	case DD_IMAGE_OCI_LAYOUT:
		return "oci-layout";
	case DD_IMAGE_OCI_ARCHIVE:
		return "oci-archive";
	default:
		return "directory";
	}
}

int dd_sbom_write_json(struct dd_out *o, const struct dd_inventory *inv,
		       const struct dd_sbom_target *t, struct dd_err *e)
{
	json_t *root = json_object(), *tgt = json_object(), *os = json_object();
	json_t *pkgs = json_array(), *tool = json_object();
	char ts[32];
	size_t i;

	dd_sbom_timestamp(ts);
	json_object_set_new(root, "drydock_sbom", json_integer(1));
	set_str(tool, "name", "drydock");
	set_str(tool, "version", DD_VERSION);
	json_object_set_new(root, "tool", tool);
	set_str(root, "created", ts);
	set_str(tgt, "name", t->name);
	if (t->meta) {
		const struct dd_image_meta *m = t->meta;
		json_t *layers = json_array();

		set_str(tgt, "kind", kind_name(m->kind));
		set_str(tgt, "ref", m->ref);
		set_str(tgt, "manifest_digest", m->manifest_digest);
		set_str(tgt, "config_digest", m->config_digest);
		set_str(tgt, "os", m->os);
		set_str(tgt, "arch", m->arch);
		set_str(tgt, "variant", m->variant);
		for (i = 0; i < m->n_layers; i++) {
			json_t *l = json_object();

			set_str(l, "digest", m->layers[i].digest);
			set_str(l, "diff_id", m->layers[i].diff_id);
			set_str(l, "created_by", m->layers[i].created_by);
			json_array_append_new(layers, l);
		}
		json_object_set_new(tgt, "layers", layers);
	} else {
		set_str(tgt, "kind", "sbom");
	}
	json_object_set_new(root, "target", tgt);
	set_str(os, "family", inv->os.family);
	set_str(os, "version_id", inv->os.version_id);
	set_str(os, "codename", inv->os.codename);
	set_str(os, "pretty_name", inv->os.pretty_name);
	set_str(os, "id_like", inv->os.id_like);
	json_object_set_new(os, "distroless", json_boolean(inv->os.distroless));
	json_object_set_new(root, "os", os);
	for (i = 0; i < inv->n_pkgs; i++) {
		const struct dd_pkg *p = &inv->pkgs[i];
		json_t *j = json_object();

		set_str(j, "type", dd_purl_type(p->eco));
		set_str(j, "name", p->name);
		set_str(j, "version", p->version);
		set_str(j, "arch", p->arch);
		set_str(j, "src_name", p->src_name);
		set_str(j, "src_version", p->src_version);
		if (p->epoch >= 0)
			json_object_set_new(j, "epoch", json_integer(p->epoch));
		set_str(j, "license", p->license);
		set_str(j, "maintainer", p->maintainer);
		set_str(j, "modularity", p->modularity);
		set_str(j, "purl", p->purl);
		set_str(j, "found_in", p->found_in);
		if (p->layer_first >= 0) {
			json_object_set_new(j, "layer_first", json_integer(p->layer_first));
			set_str(j, "layer_first_diff_id", dd_sbom_layer_diff_id(t, p->layer_first));
		}
		if (p->layer_last >= 0) {
			json_object_set_new(j, "layer_last", json_integer(p->layer_last));
			set_str(j, "layer_last_diff_id", dd_sbom_layer_diff_id(t, p->layer_last));
		}
		if (p->dep != DD_DEP_UNKNOWN)
			set_str(j, "dependency", dd_dep_name(p->dep));
		if (p->dev)
			json_object_set_new(j, "dev", json_true());
		json_array_append_new(pkgs, j);
	}
	json_object_set_new(root, "packages", pkgs);
	json_object_set_new(root, "warnings", json_integer((json_int_t)inv->n_warnings));
	return dd_sbom_dump(o, root, e);
}
