/*
 * src/report/report_json.c: drydock's native JSON report (format
 * "drydock-report/1", documented in docs/report-json.md), the format
 * dispatcher dd_report_write and the helpers the JSON-based writers share.
 */
#include "report/report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "release.h"
#include "util/parse.h"
#include "util/xalloc.h"
#include "version/eco.h"

int dd_report_format_parse(const char *name, enum dd_report_format *out)
{
	if (strcasecmp(name, "table") == 0)
		*out = DD_REPORT_TABLE;
	else if (strcasecmp(name, "json") == 0)
		*out = DD_REPORT_JSON;
	else if (strcasecmp(name, "sarif") == 0)
		*out = DD_REPORT_SARIF;
	else if (strcasecmp(name, "cyclonedx") == 0 || strcasecmp(name, "cdx") == 0)
		*out = DD_REPORT_CYCLONEDX;
	else
		return -DDE_NOTFOUND;
	return 0;
}

int dd_report_write(struct dd_out *o, enum dd_report_format fmt, const struct dd_findings *f,
		    const struct dd_report_opts *opts, struct dd_err *e)
{
	switch (fmt) {
	case DD_REPORT_TABLE:
		return dd_report_table(o, f, opts, e);
	case DD_REPORT_JSON:
		return dd_report_json(o, f, opts, e);
	case DD_REPORT_SARIF:
		return dd_report_sarif(o, f, opts, e);
	case DD_REPORT_CYCLONEDX:
		return dd_report_cyclonedx(o, f, opts, e);
	}
	return dd_err_set(e, -DDE_INTERNAL, "unknown report format %d", (int)fmt);
}

int dd_report_dump_json(struct dd_out *o, void *json_root, struct dd_err *e)
{
	json_t *root = json_root;
	char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));

	json_decref(root);
	if (!s)
		return dd_err_set(e, -DDE_INTERNAL, "JSON encoding of the report");
	dd_out_puts(o, s);
	dd_out_puts(o, "\n");
	free(s);
	return 0;
}

void dd_report_timestamp(const struct dd_report_opts *opts, char buf[32])
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	uint64_t secs;
	time_t t;
	struct tm tm;

	if (opts && opts->timestamp) {
		snprintf(buf, 32, "%s", opts->timestamp);
		return;
	}
	if (sde && dd_parse_u64_all(dd_slice_str(sde), (uint64_t)1 << 40, &secs) == 0)
		t = (time_t)secs;
	else
		t = time(NULL);
	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

char *dd_report_pkg_ref(const struct dd_finding *x)
{
	if (x->pkg_purl)
		return dd_xstrdup(x->pkg_purl);
	return dd_xasprintf("drydock:%s/%s@%s", dd_eco_name(x->eco), x->pkg_name ? x->pkg_name : "",
			    x->installed ? x->installed : "");
}

static void set_str(json_t *obj, const char *k, const char *v)
{
	if (v)
		json_object_set_new(obj, k, json_string(v));
}

static json_t *finding_json(const struct dd_finding *x)
{
	json_t *o = json_object(), *a;
	size_t i;

	set_str(o, "id", x->id);
	a = json_array();
	for (i = 0; i < x->n_aliases; i++)
		json_array_append_new(a, json_string(x->aliases[i]));
	json_object_set_new(o, "aliases", a);
	set_str(o, "target", x->target);
	json_object_set_new(o, "package", json_object());
	{
		json_t *p = json_object_get(o, "package");

		set_str(p, "name", x->pkg_name);
		set_str(p, "source_name", x->src_name);
		set_str(p, "ecosystem", dd_eco_name(x->eco));
		set_str(p, "purl", x->pkg_purl);
		set_str(p, "found_in", x->found_in);
	}
	set_str(o, "installed_version", x->installed);
	json_object_set_new(o, "fixed_version", x->fixed ? json_string(x->fixed) : json_null());
	set_str(o, "status", dd_status_name(x->status));
	set_str(o, "severity", dd_severity_name(x->severity));
	set_str(o, "severity_source", x->severity_source);
	if (x->cvss_score >= 0 || x->cvss_vector) {
		json_t *c = json_object();

		if (x->cvss_score >= 0)
			json_object_set_new(c, "score", json_real(x->cvss_score));
		set_str(c, "vector", x->cvss_vector);
		json_object_set_new(o, "cvss", c);
	}
	json_object_set_new(o, "kev", json_boolean(x->kev));
	if (x->epss >= 0)
		json_object_set_new(o, "epss", json_real(x->epss));
	if (x->layer >= 0) {
		json_t *l = json_object();

		json_object_set_new(l, "index", json_integer(x->layer));
		set_str(l, "digest", x->layer_digest);
		set_str(l, "diff_id", x->layer_diff_id);
		set_str(l, "created_by", x->created_by);
		json_object_set_new(o, "layer", l);
	}
	set_str(o, "title", x->title);
	set_str(o, "url", x->url);
	set_str(o, "reason", x->reason);
	set_str(o, "suppressed_by", x->suppressed);
	return o;
}

int dd_report_json(struct dd_out *o, const struct dd_findings *f, const struct dd_report_opts *opts,
		   struct dd_err *e)
{
	json_t *root = json_object(), *tool, *art, *sum, *sev, *list, *supp, *nc, *pu;
	size_t counts[DD_SEV__COUNT];
	size_t i, n = 0;
	int s;

	(void)opts;
	json_object_set_new(root, "schema", json_string("drydock-report/1"));
	tool = json_object();
	json_object_set_new(tool, "name", json_string("drydock"));
	json_object_set_new(tool, "version", json_string(DD_VERSION));
	json_object_set_new(root, "tool", tool);
	art = json_object();
	set_str(art, "name", f->artifact);
	set_str(art, "kind", f->artifact_kind);
	set_str(art, "digest", f->image_digest);
	if (f->os_family) {
		json_t *os = json_object();

		set_str(os, "family", f->os_family);
		set_str(os, "version", f->os_version);
		json_object_set_new(art, "os", os);
	}
	json_object_set_new(root, "artifact", art);

	list = json_array();
	supp = json_array();
	for (i = 0; i < f->n; i++) {
		if (f->v[i].suppressed) {
			json_array_append_new(supp, finding_json(&f->v[i]));
		} else {
			json_array_append_new(list, finding_json(&f->v[i]));
			n++;
		}
	}
	dd_findings_count(f, counts);
	sum = json_object();
	json_object_set_new(sum, "packages", json_integer((json_int_t)f->n_pkgs));
	json_object_set_new(sum, "findings", json_integer((json_int_t)n));
	sev = json_object();
	for (s = DD_SEV__COUNT - 1; s >= 0; s--)
		json_object_set_new(sev, dd_severity_name(s), json_integer((json_int_t)counts[s]));
	json_object_set_new(sum, "by_severity", sev);
	json_object_set_new(sum, "suppressed", json_integer((json_int_t)f->n_suppressed));
	json_object_set_new(sum, "not_covered", json_integer((json_int_t)f->n_nc));
	json_object_set_new(sum, "pending_security_updates", json_integer((json_int_t)f->n_pu));
	json_object_set_new(root, "summary", sum);
	json_object_set_new(root, "findings", list);
	json_object_set_new(root, "suppressed", supp);

	nc = json_array();
	for (i = 0; i < f->n_nc; i++) {
		json_t *x = json_object();

		set_str(x, "target", f->nc[i].target);
		set_str(x, "ecosystem", dd_eco_name(f->nc[i].eco));
		set_str(x, "name", f->nc[i].pkg_name);
		set_str(x, "version", f->nc[i].version);
		set_str(x, "reason", f->nc[i].reason);
		json_array_append_new(nc, x);
	}
	json_object_set_new(root, "not_covered", nc);
	pu = json_array();
	for (i = 0; i < f->n_pu; i++) {
		json_t *x = json_object();

		set_str(x, "target", f->pu[i].target);
		set_str(x, "name", f->pu[i].pkg_name);
		set_str(x, "source_name", f->pu[i].src_name);
		set_str(x, "installed_version", f->pu[i].installed);
		set_str(x, "available_version", f->pu[i].available);
		json_object_set_new(x, "findings_fixed", json_integer((json_int_t)f->pu[i].n_findings));
		json_array_append_new(pu, x);
	}
	json_object_set_new(root, "pending_security_updates", pu);
	return dd_report_dump_json(o, root, e);
}
