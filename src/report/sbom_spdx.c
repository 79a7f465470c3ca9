/*
 * src/report/sbom_spdx.c: SPDX 2.3 JSON SBOMs: the target as a CONTAINER
 * package the document DESCRIBES, the OS as an OPERATING_SYSTEM package,
 * every package with its purl (externalRefs), supplier, source and declared
 * license, and "drydock:key=value" annotations carrying the fields SPDX has
 * no place for (found_in, layers, arch, ...), which sbom_read.c reads back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "inventory/purl.h"
#include "release.h"
#include "report/sbom.h"
#include "util/buf.h"

static void set_str(json_t *o, const char *k, const char *v)
{
	if (v && *v)
		json_object_set_new(o, k, json_string(v));
}

struct ann_ctx {
	const char *annotator;
	const char *date;
};

static void annotate(json_t *anns, const struct ann_ctx *a, const char *key, const char *value)
{
	json_t *j;
	char *c;

	if (!value || !*value)
		return;
	j = json_object();
	json_object_set_new(j, "annotator", json_string(a->annotator));
	json_object_set_new(j, "annotationDate", json_string(a->date));
	json_object_set_new(j, "annotationType", json_string("OTHER"));
	if (asprintf(&c, "drydock:%s=%s", key, value) < 0)
		abort();
	json_object_set_new(j, "comment", json_string(c));
	free(c);
	json_array_append_new(anns, j);
}

static void annotate_int(json_t *anns, const struct ann_ctx *a, const char *key, long long v)
{
	char b[32];

	snprintf(b, sizeof(b), "%lld", v);
	annotate(anns, a, key, b);
}

/* A license that reads as an SPDX expression: ids, + and parentheses joined by AND/OR/WITH. */
static bool spdx_expression_like(const char *s)
{
	size_t i;
	bool word = false;

	if (!s || !*s)
		return false;
	for (i = 0; s[i]; i++) {
		char c = s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '-' || c == '+') {
			word = true;
			continue;
		}
		if (c != ' ' && c != '(' && c != ')')
			return false;
	}
	/* a single-word non-identifier like "GPLv2+" is still a valid-looking id */
	return word;
}

/* "Name <mail>" -> "Person: Name (mail)"; anything else -> "Organization: ...". */
static char *supplier(const char *m)
{
	const char *lt = strchr(m, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	char *r;

	if (lt && gt && lt > m) {
		size_t n = (size_t)(lt - m);

		while (n && m[n - 1] == ' ')
			n--;
		if (asprintf(&r, "Person: %.*s (%.*s)", (int)n, m, (int)(gt - lt - 1), lt + 1) < 0)
			abort();
	} else if (asprintf(&r, "Organization: %s", m) < 0) {
		abort();
	}
	return r;
}

static json_t *relationship(const char *a, const char *type, const char *b)
{
	json_t *r = json_object();

	json_object_set_new(r, "spdxElementId", json_string(a));
	json_object_set_new(r, "relationshipType", json_string(type));
	json_object_set_new(r, "relatedSpdxElement", json_string(b));
	return r;
}

static json_t *purl_ref(const char *purl)
{
	json_t *refs = json_array(), *r = json_object();

	json_object_set_new(r, "referenceCategory", json_string("PACKAGE-MANAGER"));
	json_object_set_new(r, "referenceType", json_string("purl"));
	json_object_set_new(r, "referenceLocator", json_string(purl));
	json_array_append_new(refs, r);
	return refs;
}

static json_t *package(const struct dd_pkg *p, const char *id, const struct dd_sbom_target *t,
		       const struct ann_ctx *a)
{
	json_t *j = json_object(), *anns = json_array();

	json_object_set_new(j, "name", json_string(p->name ? p->name : ""));
	json_object_set_new(j, "SPDXID", json_string(id));
	set_str(j, "versionInfo", p->version);
	if (p->maintainer && *p->maintainer) {
		char *s = supplier(p->maintainer);

		json_object_set_new(j, "supplier", json_string(s));
		free(s);
	}
	json_object_set_new(j, "downloadLocation", json_string("NOASSERTION"));
	json_object_set_new(j, "filesAnalyzed", json_false());
	if (p->src_name || p->src_version) {
		char *s;

		if (asprintf(&s, "built package from: %s %s", p->src_name ? p->src_name : p->name,
			     p->src_version ? p->src_version : (p->version ? p->version : "")) < 0)
			abort();
		json_object_set_new(j, "sourceInfo", json_string(s));
		free(s);
	}
	json_object_set_new(j, "licenseConcluded", json_string("NOASSERTION"));
	if (spdx_expression_like(p->license)) {
		json_object_set_new(j, "licenseDeclared", json_string(p->license));
	} else {
		json_object_set_new(j, "licenseDeclared", json_string("NOASSERTION"));
		if (p->license && *p->license) {
			char *s;

			if (asprintf(&s, "declared license: %s", p->license) < 0)
				abort();
			json_object_set_new(j, "licenseComments", json_string(s));
			free(s);
		}
	}
	json_object_set_new(j, "copyrightText", json_string("NOASSERTION"));
	if (p->purl)
		json_object_set_new(j, "externalRefs", purl_ref(p->purl));
	json_object_set_new(j, "primaryPackagePurpose", json_string("LIBRARY"));
	annotate(anns, a, "type", dd_purl_type(p->eco));
	annotate(anns, a, "arch", p->arch);
	annotate(anns, a, "src_name", p->src_name);
	annotate(anns, a, "src_version", p->src_version);
	if (p->epoch >= 0)
		annotate_int(anns, a, "epoch", p->epoch);
	annotate(anns, a, "license", p->license);
	annotate(anns, a, "maintainer", p->maintainer);
	annotate(anns, a, "modularity", p->modularity);
	annotate(anns, a, "found_in", p->found_in);
	if (p->layer_first >= 0) {
		annotate_int(anns, a, "layer_first", p->layer_first);
		annotate(anns, a, "layer_first_diff_id", dd_sbom_layer_diff_id(t, p->layer_first));
	}
	if (p->layer_last >= 0) {
		annotate_int(anns, a, "layer_last", p->layer_last);
		annotate(anns, a, "layer_last_diff_id", dd_sbom_layer_diff_id(t, p->layer_last));
	}
	if (p->dep != DD_DEP_UNKNOWN)
		annotate(anns, a, "dependency", dd_dep_name(p->dep));
	if (p->dev)
		annotate(anns, a, "dev", "true");
	if (json_array_size(anns))
		json_object_set_new(j, "annotations", anns);
	else
		json_decref(anns);
	return j;
}

int dd_sbom_write_spdx(struct dd_out *o, const struct dd_inventory *inv,
		       const struct dd_sbom_target *t, struct dd_err *e)
{
	json_t *root = json_object(), *ci = json_object(), *creators = json_array();
	json_t *pkgs = json_array(), *rels = json_array(), *subject = json_object();
	struct ann_ctx a = { "Tool: drydock-" DD_VERSION, NULL };
	char ts[32], uuid[37], ns[512];
	const char *name = t->name ? t->name : "unknown";
	size_t i;

	dd_sbom_timestamp(ts);
	a.date = ts;
	json_object_set_new(subject, "name", json_string(name));
	json_object_set_new(subject, "SPDXID", json_string("SPDXRef-Target"));
	if (t->meta && t->meta->config_digest)
		set_str(subject, "versionInfo", t->meta->config_digest);
	json_object_set_new(subject, "downloadLocation", json_string("NOASSERTION"));
	json_object_set_new(subject, "filesAnalyzed", json_false());
	json_object_set_new(subject, "primaryPackagePurpose",
			    json_string(t->meta ? "CONTAINER" : "APPLICATION"));
	json_array_append_new(pkgs, subject);
	json_array_append_new(rels, relationship("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-Target"));
	if (inv->os.family) {
		json_t *os = json_object(), *anns = json_array();

		json_object_set_new(os, "name", json_string(inv->os.family));
		json_object_set_new(os, "SPDXID", json_string("SPDXRef-OperatingSystem"));
		set_str(os, "versionInfo", inv->os.version_id);
		json_object_set_new(os, "downloadLocation", json_string("NOASSERTION"));
		json_object_set_new(os, "filesAnalyzed", json_false());
		set_str(os, "description", inv->os.pretty_name);
		json_object_set_new(os, "primaryPackagePurpose", json_string("OPERATING_SYSTEM"));
		annotate(anns, &a, "os_codename", inv->os.codename);
		annotate(anns, &a, "os_id_like", inv->os.id_like);
		if (inv->os.distroless)
			annotate(anns, &a, "os_distroless", "true");
		if (json_array_size(anns))
			json_object_set_new(os, "annotations", anns);
		else
			json_decref(anns);
		json_array_append_new(pkgs, os);
		json_array_append_new(rels, relationship("SPDXRef-Target", "CONTAINS",
							 "SPDXRef-OperatingSystem"));
	}
	for (i = 0; i < inv->n_pkgs; i++) {
		char id[64];

		snprintf(id, sizeof(id), "SPDXRef-Package-%zu", i + 1);
		json_array_append_new(pkgs, package(&inv->pkgs[i], id, t, &a));
		json_array_append_new(rels, relationship("SPDXRef-Target", "CONTAINS", id));
	}
	{
		struct dd_buf b = DD_BUF_INIT;
		const char *base = strrchr(name, '/');
		size_t k;

		/* the seed: name and the packages, compact */
		dd_buf_addf(&b, "%s\n", name);
		dd_sbom_uuid_json(b.buf, b.len, pkgs, uuid);
		dd_buf_release(&b);
		snprintf(ns, sizeof(ns), "https://spdx.org/spdxdocs/drydock-%s-%s",
			 base && base[1] ? base + 1 : name, uuid);
		for (k = 30; ns[k]; k++)
			if (!((ns[k] >= 'a' && ns[k] <= 'z') || (ns[k] >= 'A' && ns[k] <= 'Z') ||
			      (ns[k] >= '0' && ns[k] <= '9') || ns[k] == '-' || ns[k] == '.'))
				ns[k] = '-';
	}
	json_object_set_new(root, "spdxVersion", json_string("SPDX-2.3"));
	json_object_set_new(root, "dataLicense", json_string("CC0-1.0"));
	json_object_set_new(root, "SPDXID", json_string("SPDXRef-DOCUMENT"));
	json_object_set_new(root, "name", json_string(name));
	json_object_set_new(root, "documentNamespace", json_string(ns));
	json_array_append_new(creators, json_string("Tool: drydock-" DD_VERSION));
	json_object_set_new(ci, "creators", creators);
	json_object_set_new(ci, "created", json_string(ts));
	json_object_set_new(root, "creationInfo", ci);
	json_object_set_new(root, "packages", pkgs);
	json_object_set_new(root, "relationships", rels);
	return dd_sbom_dump(o, root, e);
}
