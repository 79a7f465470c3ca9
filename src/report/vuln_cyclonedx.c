/*
 * src/report/vuln_cyclonedx.c: the CycloneDX 1.6 vulnerability report (a
 * VDR): the vulnerable components, and a "vulnerabilities" section with one
 * entry per advisory listing the components it affects, its ratings, the
 * fix recommendation and drydock's analysis state.
 */
#include "report/report.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "release.h"
#include "util/xalloc.h"

static const char *cdx_severity(enum dd_severity s)
{
	switch (s) {
	case DD_SEV_CRITICAL:
		return "critical";
	case DD_SEV_HIGH:
		return "high";
	case DD_SEV_MEDIUM:
		return "medium";
	case DD_SEV_LOW:
		return "low";
	case DD_SEV_NEGLIGIBLE:
		return "info";
	default:
		return "unknown";
	}
}

static const char *cvss_method(const char *vector)
{
	if (!vector)
		return NULL;
	if (strncmp(vector, "CVSS:4", 6) == 0)
		return "CVSSv4";
	if (strncmp(vector, "CVSS:3.1", 8) == 0)
		return "CVSSv31";
	if (strncmp(vector, "CVSS:3", 6) == 0)
		return "CVSSv3";
	return "CVSSv2";
}

/* A deterministic RFC 4122 (version 5 style) URN from the report's content. */
static void serial_number(const struct dd_findings *f, const char *stamp, char out[64])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	struct dd_buf b = DD_BUF_INIT;
	size_t i;

	dd_buf_adds(&b, stamp);
	if (f->artifact)
		dd_buf_adds(&b, f->artifact);
	for (i = 0; i < f->n; i++)
		dd_buf_addf(&b, "\n%s %s", f->v[i].id, f->v[i].pkg_name ? f->v[i].pkg_name : "");
	if (!EVP_Digest(b.buf, b.len, md, &mdlen, EVP_sha256(), NULL))
		memset(md, 0, sizeof(md));
	dd_buf_release(&b);
	md[6] = (md[6] & 0x0f) | 0x50;
	md[8] = (md[8] & 0x3f) | 0x80;
	snprintf(out, 64,
		 "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 md[0], md[1], md[2], md[3], md[4], md[5], md[6], md[7], md[8], md[9], md[10], md[11],
		 md[12], md[13], md[14], md[15]);
}

static json_t *component_json(const struct dd_finding *x, const char *ref)
{
	json_t *c = json_object(), *props = json_array(), *p;

	json_object_set_new(c, "bom-ref", json_string(ref));
	json_object_set_new(c, "type", json_string("library"));
	json_object_set_new(c, "name", json_string(x->pkg_name ? x->pkg_name : ""));
	if (x->installed)
		json_object_set_new(c, "version", json_string(x->installed));
	if (x->pkg_purl)
		json_object_set_new(c, "purl", json_string(x->pkg_purl));
	if (x->src_name) {
		p = json_object();
		json_object_set_new(p, "name", json_string("drydock:package:source_name"));
		json_object_set_new(p, "value", json_string(x->src_name));
		json_array_append_new(props, p);
	}
	if (x->found_in) {
		p = json_object();
		json_object_set_new(p, "name", json_string("drydock:package:found_in"));
		json_object_set_new(p, "value", json_string(x->found_in));
		json_array_append_new(props, p);
	}
	if (x->layer_diff_id) {
		p = json_object();
		json_object_set_new(p, "name", json_string("drydock:layer:diff_id"));
		json_object_set_new(p, "value", json_string(x->layer_diff_id));
		json_array_append_new(props, p);
	}
	if (json_array_size(props))
		json_object_set_new(c, "properties", props);
	else
		json_decref(props);
	return c;
}

static json_t *vuln_json(const struct dd_finding *x)
{
	json_t *v = json_object(), *ratings = json_array(), *r = json_object();

	json_object_set_new(v, "id", json_string(x->id));
	if (x->severity_source || x->url) {
		json_t *src = json_object();

		if (x->severity_source)
			json_object_set_new(src, "name", json_string(x->severity_source));
		if (x->url)
			json_object_set_new(src, "url", json_string(x->url));
		json_object_set_new(v, "source", src);
	}
	if (x->cvss_score >= 0)
		json_object_set_new(r, "score", json_real(x->cvss_score));
	json_object_set_new(r, "severity", json_string(cdx_severity(x->severity)));
	if (x->cvss_vector) {
		json_object_set_new(r, "method", json_string(cvss_method(x->cvss_vector)));
		json_object_set_new(r, "vector", json_string(x->cvss_vector));
	}
	json_array_append_new(ratings, r);
	json_object_set_new(v, "ratings", ratings);
	if (x->n_aliases) {
		json_t *refs = json_array();
		size_t i;

		for (i = 0; i < x->n_aliases; i++) {
			json_t *ref = json_object(), *src = json_object();

			json_object_set_new(ref, "id", json_string(x->aliases[i]));
			json_object_set_new(src, "name", json_string(strncmp(x->aliases[i], "CVE-", 4) == 0
									     ? "NVD"
									     : "alias"));
			json_object_set_new(ref, "source", src);
			json_array_append_new(refs, ref);
		}
		json_object_set_new(v, "references", refs);
	}
	if (x->title)
		json_object_set_new(v, "description", json_string(x->title));
	if (x->fixed) {
		char *s = dd_xasprintf("Upgrade %s to %s or later.", x->pkg_name ? x->pkg_name : "",
				       x->fixed);

		json_object_set_new(v, "recommendation", json_string(s));
		free(s);
	}
	if (x->url) {
		json_t *adv = json_array(), *a = json_object();

		json_object_set_new(a, "url", json_string(x->url));
		json_array_append_new(adv, a);
		json_object_set_new(v, "advisories", adv);
	}
	json_object_set_new(v, "affects", json_array());
	return v;
}

static json_t *affect_json(const struct dd_finding *x, const char *ref)
{
	json_t *a = json_object(), *vers = json_array(), *ver = json_object();

	json_object_set_new(a, "ref", json_string(ref));
	json_object_set_new(ver, "version", json_string(x->installed ? x->installed : ""));
	json_object_set_new(ver, "status", json_string("affected"));
	json_array_append_new(vers, ver);
	json_object_set_new(a, "versions", vers);
	return a;
}

int dd_report_cyclonedx(struct dd_out *o, const struct dd_findings *f,
			const struct dd_report_opts *opts, struct dd_err *e)
{
	json_t *root = json_object(), *meta = json_object(), *tools = json_object();
	json_t *tcomps = json_array(), *tool = json_object(), *comps = json_array();
	json_t *vulns = json_array(), *seen = json_object(), *vindex = json_object();
	char stamp[32], serial[64];
	size_t i;

	dd_report_timestamp(opts, stamp);
	serial_number(f, stamp, serial);
	json_object_set_new(root, "$schema", json_string("http://cyclonedx.org/schema/bom-1.6.schema.json"));
	json_object_set_new(root, "bomFormat", json_string("CycloneDX"));
	json_object_set_new(root, "specVersion", json_string("1.6"));
	json_object_set_new(root, "serialNumber", json_string(serial));
	json_object_set_new(root, "version", json_integer(1));
	json_object_set_new(meta, "timestamp", json_string(stamp));
	json_object_set_new(tool, "type", json_string("application"));
	json_object_set_new(tool, "name", json_string("drydock"));
	json_object_set_new(tool, "version", json_string(DD_VERSION));
	json_array_append_new(tcomps, tool);
	json_object_set_new(tools, "components", tcomps);
	json_object_set_new(meta, "tools", tools);
	if (f->artifact) {
		json_t *c = json_object();

		json_object_set_new(c, "bom-ref", json_string("drydock:artifact"));
		json_object_set_new(c, "type", json_string(f->artifact_kind &&
							   strcmp(f->artifact_kind, "image") == 0
								   ? "container"
								   : "application"));
		json_object_set_new(c, "name", json_string(f->artifact));
		if (f->image_digest)
			json_object_set_new(c, "version", json_string(f->image_digest));
		json_object_set_new(meta, "component", c);
	}
	json_object_set_new(root, "metadata", meta);

	for (i = 0; i < f->n; i++) {
		const struct dd_finding *x = &f->v[i];
		char *ref;
		json_t *v;

		if (x->suppressed)
			continue;
		ref = dd_report_pkg_ref(x);
		if (!json_object_get(seen, ref)) {
			json_object_set_new(seen, ref, json_true());
			json_array_append_new(comps, component_json(x, ref));
		}
		v = json_object_get(vindex, x->id);
		if (!v) {
			v = vuln_json(x);
			json_object_set_new(vindex, x->id, json_integer((json_int_t)json_array_size(vulns)));
			json_array_append_new(vulns, v);
		} else {
			v = json_array_get(vulns, (size_t)json_integer_value(v));
		}
		{
			json_t *aff = json_object_get(v, "affects"), *a;
			size_t k;
			bool dup = false;

			json_array_foreach(aff, k, a)
				dup = dup || strcmp(json_string_value(json_object_get(a, "ref")), ref) == 0;
			if (!dup)
				json_array_append_new(aff, affect_json(x, ref));
		}
		free(ref);
	}
	json_decref(seen);
	json_decref(vindex);
	json_object_set_new(root, "components", comps);
	json_object_set_new(root, "vulnerabilities", vulns);
	return dd_report_dump_json(o, root, e);
}
