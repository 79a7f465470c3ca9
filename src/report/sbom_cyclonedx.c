/*
 * src/report/sbom_cyclonedx.c: CycloneDX 1.6 JSON SBOMs: the target as
 * metadata.component, the OS as an operating-system component, every package
 * as a library component with its purl, licenses and drydock:* properties
 * (type, arch, source, epoch, found_in, layers) that sbom_read.c reads back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "inventory/purl.h"
#include "release.h"
#include "report/sbom.h"
#include "util/buf.h"
#include "util/xalloc.h"

static void prop(json_t *props, const char *name, const char *value)
{
	json_t *p;

	if (!value || !*value)
		return;
	p = json_object();
	json_object_set_new(p, "name", json_string(name));
	json_object_set_new(p, "value", json_string(value));
	json_array_append_new(props, p);
}

static void prop_int(json_t *props, const char *name, long long v)
{
	char b[32];

	snprintf(b, sizeof(b), "%lld", v);
	prop(props, name, b);
}

static void set_str(json_t *o, const char *k, const char *v)
{
	if (v && *v)
		json_object_set_new(o, k, json_string(v));
}

/* Unique bom-ref: the purl, or purl + "#<index>" when it repeats. */
static char *bom_ref(json_t *used, const struct dd_pkg *p, size_t i)
{
	char *r;

	if (p->purl && !json_object_get(used, p->purl)) {
		r = dd_xstrdup(p->purl);
	} else {
		struct dd_buf b = DD_BUF_INIT;

		dd_buf_addf(&b, "%s#%zu", p->purl ? p->purl : (p->name ? p->name : "pkg"), i);
		r = dd_buf_detach(&b, NULL);
	}
	json_object_set_new(used, r, json_true());
	return r;
}

static json_t *component(const struct dd_pkg *p, const char *ref, const struct dd_sbom_target *t)
{
	json_t *c = json_object(), *props = json_array();

	json_object_set_new(c, "bom-ref", json_string(ref));
	json_object_set_new(c, "type", json_string("library"));
	set_str(c, "publisher", p->maintainer);
	json_object_set_new(c, "name", json_string(p->name ? p->name : ""));
	set_str(c, "version", p->version);
	if (p->license && *p->license) {
		json_t *l = json_object(), *lic = json_object(), *arr = json_array();

		json_object_set_new(lic, "name", json_string(p->license));
		json_object_set_new(l, "license", lic);
		json_array_append_new(arr, l);
		json_object_set_new(c, "licenses", arr);
	}
	set_str(c, "purl", p->purl);
	prop(props, "drydock:package:type", dd_purl_type(p->eco));
	prop(props, "drydock:package:arch", p->arch);
	prop(props, "drydock:package:src_name", p->src_name);
	prop(props, "drydock:package:src_version", p->src_version);
	if (p->epoch >= 0)
		prop_int(props, "drydock:package:epoch", p->epoch);
	prop(props, "drydock:package:modularity", p->modularity);
	prop(props, "drydock:found_in", p->found_in);
	if (p->layer_first >= 0) {
		prop_int(props, "drydock:layer_first", p->layer_first);
		prop(props, "drydock:layer_first_diff_id", dd_sbom_layer_diff_id(t, p->layer_first));
	}
	if (p->layer_last >= 0) {
		prop_int(props, "drydock:layer_last", p->layer_last);
		prop(props, "drydock:layer_last_diff_id", dd_sbom_layer_diff_id(t, p->layer_last));
	}
	if (p->dep != DD_DEP_UNKNOWN)
		prop(props, "drydock:dependency", dd_dep_name(p->dep));
	if (p->dev)
		prop(props, "drydock:dev", "true");
	if (json_array_size(props))
		json_object_set_new(c, "properties", props);
	else
		json_decref(props);
	return c;
}

int dd_sbom_write_cyclonedx(struct dd_out *o, const struct dd_inventory *inv,
			    const struct dd_sbom_target *t, struct dd_err *e)
{
	json_t *root = json_object(), *meta = json_object(), *tools = json_object();
	json_t *tool = json_object(), *tarr = json_array(), *subject = json_object();
	json_t *comps = json_array(), *deps = json_array(), *used = json_object();
	json_t *root_dep = json_object(), *root_on = json_array(), *sprops = json_array();
	char ts[32], uuid[37];
	const char *root_ref = "drydock:target";
	size_t i;

	dd_sbom_timestamp(ts);
	json_object_set_new(tool, "type", json_string("application"));
	json_object_set_new(tool, "name", json_string("drydock"));
	json_object_set_new(tool, "version", json_string(DD_VERSION));
	json_array_append_new(tarr, tool);
	json_object_set_new(tools, "components", tarr);

	json_object_set_new(subject, "bom-ref", json_string(root_ref));
	json_object_set_new(subject, "type", json_string(t->meta ? "container" : "application"));
	json_object_set_new(subject, "name", json_string(t->name ? t->name : "unknown"));
	if (t->meta) {
		const struct dd_image_meta *m = t->meta;

		prop(sprops, "drydock:image:ref", m->ref);
		prop(sprops, "drydock:image:manifest_digest", m->manifest_digest);
		prop(sprops, "drydock:image:config_digest", m->config_digest);
		prop(sprops, "drydock:image:os", m->os);
		prop(sprops, "drydock:image:arch", m->arch);
		for (i = 0; i < m->n_layers; i++)
			prop(sprops, "drydock:image:diff_id", m->layers[i].diff_id);
	}
	if (json_array_size(sprops))
		json_object_set_new(subject, "properties", sprops);
	else
		json_decref(sprops);

	if (inv->os.family) {
		json_t *c = json_object(), *props = json_array();

		json_object_set_new(c, "bom-ref", json_string("drydock:os"));
		json_object_set_new(c, "type", json_string("operating-system"));
		json_object_set_new(c, "name", json_string(inv->os.family));
		set_str(c, "version", inv->os.version_id);
		set_str(c, "description", inv->os.pretty_name);
		prop(props, "drydock:os:codename", inv->os.codename);
		prop(props, "drydock:os:id_like", inv->os.id_like);
		if (inv->os.distroless)
			prop(props, "drydock:os:distroless", "true");
		if (json_array_size(props))
			json_object_set_new(c, "properties", props);
		else
			json_decref(props);
		json_array_append_new(comps, c);
		json_array_append_new(root_on, json_string("drydock:os"));
	}
	for (i = 0; i < inv->n_pkgs; i++) {
		char *ref = bom_ref(used, &inv->pkgs[i], i);

		json_array_append_new(comps, component(&inv->pkgs[i], ref, t));
		json_array_append_new(root_on, json_string(ref));
		free(ref);
	}
	json_decref(used);
	json_object_set_new(root_dep, "ref", json_string(root_ref));
	json_object_set_new(root_dep, "dependsOn", root_on);
	json_array_append_new(deps, root_dep);

	{
		struct dd_buf b = DD_BUF_INIT;

		/* the seed: name, config digest and the components, compact */
		dd_buf_addf(&b, "%s\n%s\n", t->name ? t->name : "",
			    t->meta && t->meta->config_digest ? t->meta->config_digest : "");
		dd_sbom_uuid_json(b.buf, b.len, comps, uuid);
		dd_buf_release(&b);
	}

	json_object_set_new(root, "$schema", json_string("http://cyclonedx.org/schema/bom-1.6.schema.json"));
	json_object_set_new(root, "bomFormat", json_string("CycloneDX"));
	json_object_set_new(root, "specVersion", json_string("1.6"));
	{
		char serial[64];

		snprintf(serial, sizeof(serial), "urn:uuid:%s", uuid);
		json_object_set_new(root, "serialNumber", json_string(serial));
	}
	json_object_set_new(root, "version", json_integer(1));
	json_object_set_new(meta, "timestamp", json_string(ts));
	json_object_set_new(meta, "tools", tools);
	json_object_set_new(meta, "component", subject);
	json_object_set_new(root, "metadata", meta);
	json_object_set_new(root, "components", comps);
	json_object_set_new(root, "dependencies", deps);
	return dd_sbom_dump(o, root, e);
}
