/*
 * src/report/sarif.c: the SARIF 2.1.0 report, shaped for GitHub code
 * scanning: one rule per advisory (with a numeric "security-severity"
 * property GitHub ranks by), one result per (advisory, package), located at
 * the file the package was found in (the lockfile, var/lib/dpkg/status) or
 * at the scanned artifact.
 */
#include "report/report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "release.h"
#include "util/xalloc.h"

static const char *level_of(enum dd_severity s)
{
	switch (s) {
	case DD_SEV_CRITICAL:
	case DD_SEV_HIGH:
		return "error";
	case DD_SEV_MEDIUM:
		return "warning";
	default:
		return "note";
	}
}

/* GitHub's bands: >9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low. */
static double security_severity(const struct dd_finding *x)
{
	if (x->cvss_score > 0 && dd_severity_from_cvss(x->cvss_score) == x->severity)
		return x->cvss_score;
	switch (x->severity) {
	case DD_SEV_CRITICAL:
		return 9.5;
	case DD_SEV_HIGH:
		return 8.0;
	case DD_SEV_MEDIUM:
		return 5.5;
	case DD_SEV_LOW:
		return 2.0;
	default:
		return 0.0;
	}
}

static const char *uri_of(const struct dd_findings *f, const struct dd_finding *x)
{
	if (x->found_in)
		return x->found_in;
	if (f->artifact)
		return f->artifact;
	return "unknown";
}

static json_t *text(const char *s)
{
	json_t *o = json_object();

	json_object_set_new(o, "text", json_string(s));
	return o;
}

static json_t *rule_json(const struct dd_finding *x)
{
	json_t *r = json_object(), *props = json_object(), *tags = json_array(), *cfg = json_object();
	char *s;
	char num[16];

	json_object_set_new(r, "id", json_string(x->id));
	json_object_set_new(r, "name", json_string(x->eco == DD_ECO_DPKG || x->eco == DD_ECO_APK ||
							   x->eco == DD_ECO_RPM
						   ? "OsPackageVulnerability"
						   : "LanguageSpecificPackageVulnerability"));
	s = dd_xasprintf("%s%s%s", x->id, x->title ? ": " : "", x->title ? x->title : "");
	json_object_set_new(r, "shortDescription", text(s));
	json_object_set_new(r, "fullDescription", text(x->title ? x->title : x->id));
	free(s);
	if (x->url)
		json_object_set_new(r, "helpUri", json_string(x->url));
	s = dd_xasprintf("Vulnerability %s\nSeverity: %s\nPackage: %s\nFixed version: %s\n%s",
			 x->id, dd_severity_name(x->severity), x->pkg_name ? x->pkg_name : "",
			 x->fixed ? x->fixed : "none", x->url ? x->url : "");
	json_object_set_new(r, "help", text(s));
	free(s);
	json_object_set_new(cfg, "level", json_string(level_of(x->severity)));
	json_object_set_new(r, "defaultConfiguration", cfg);
	json_array_append_new(tags, json_string("vulnerability"));
	json_array_append_new(tags, json_string("security"));
	json_array_append_new(tags, json_string(dd_severity_name(x->severity)));
	json_object_set_new(props, "tags", tags);
	json_object_set_new(props, "precision", json_string("very-high"));
	snprintf(num, sizeof(num), "%.1f", security_severity(x));
	json_object_set_new(props, "security-severity", json_string(num));
	json_object_set_new(r, "properties", props);
	return r;
}

static json_t *result_json(const struct dd_findings *f, const struct dd_finding *x, size_t rule_index)
{
	json_t *r = json_object(), *locs = json_array(), *loc = json_object(), *phys = json_object();
	json_t *art = json_object(), *region = json_object(), *props;
	char *msg;

	json_object_set_new(r, "ruleId", json_string(x->id));
	json_object_set_new(r, "ruleIndex", json_integer((json_int_t)rule_index));
	json_object_set_new(r, "level", json_string(level_of(x->severity)));
	msg = dd_xasprintf("Package: %s\nInstalled Version: %s\nVulnerability %s\nSeverity: %s\n"
			   "Fixed Version: %s\nTarget: %s",
			   x->pkg_name ? x->pkg_name : "", x->installed ? x->installed : "", x->id,
			   dd_severity_name(x->severity), x->fixed ? x->fixed : "none",
			   x->target ? x->target : "");
	json_object_set_new(r, "message", text(msg));
	free(msg);
	json_object_set_new(art, "uri", json_string(uri_of(f, x)));
	json_object_set_new(art, "uriBaseId", json_string("ROOTPATH"));
	json_object_set_new(phys, "artifactLocation", art);
	json_object_set_new(region, "startLine", json_integer(1));
	json_object_set_new(region, "startColumn", json_integer(1));
	json_object_set_new(region, "endLine", json_integer(1));
	json_object_set_new(region, "endColumn", json_integer(1));
	json_object_set_new(phys, "region", region);
	json_object_set_new(loc, "physicalLocation", phys);
	msg = dd_xasprintf("%s: %s@%s", x->target ? x->target : uri_of(f, x),
			   x->pkg_name ? x->pkg_name : "", x->installed ? x->installed : "");
	json_object_set_new(loc, "message", text(msg));
	free(msg);
	json_array_append_new(locs, loc);
	json_object_set_new(r, "locations", locs);
	props = json_object();
	if (x->pkg_purl)
		json_object_set_new(props, "purl", json_string(x->pkg_purl));
	json_object_set_new(props, "installedVersion", json_string(x->installed ? x->installed : ""));
	if (x->fixed)
		json_object_set_new(props, "fixedVersion", json_string(x->fixed));
	json_object_set_new(props, "status", json_string(dd_status_name(x->status)));
	json_object_set_new(r, "properties", props);
	return r;
}

int dd_report_sarif(struct dd_out *o, const struct dd_findings *f, const struct dd_report_opts *opts,
		    struct dd_err *e)
{
	json_t *root = json_object(), *runs = json_array(), *run = json_object();
	json_t *tool = json_object(), *driver = json_object(), *rules = json_array();
	json_t *results = json_array(), *bases = json_object(), *rootpath = json_object();
	json_t *index = json_object();	/* rule id -> index */
	size_t i;

	(void)opts;
	json_object_set_new(root, "version", json_string("2.1.0"));
	json_object_set_new(root, "$schema",
			    json_string("https://json.schemastore.org/sarif-2.1.0.json"));
	json_object_set_new(driver, "name", json_string("drydock"));
	json_object_set_new(driver, "fullName", json_string("drydock container image scanner"));
	json_object_set_new(driver, "version", json_string(DD_VERSION));
	json_object_set_new(driver, "informationUri", json_string("https://github.com/drydock/drydock"));
	for (i = 0; i < f->n; i++) {
		const struct dd_finding *x = &f->v[i];
		json_t *ix;

		if (x->suppressed)
			continue;
		ix = json_object_get(index, x->id);
		if (!ix) {
			ix = json_integer((json_int_t)json_array_size(rules));
			json_object_set_new(index, x->id, ix);
			json_array_append_new(rules, rule_json(x));
		}
		json_array_append_new(results, result_json(f, x, (size_t)json_integer_value(ix)));
	}
	json_decref(index);
	json_object_set_new(driver, "rules", rules);
	json_object_set_new(tool, "driver", driver);
	json_object_set_new(run, "tool", tool);
	json_object_set_new(run, "results", results);
	json_object_set_new(run, "columnKind", json_string("utf16CodeUnits"));
	json_object_set_new(rootpath, "uri", json_string("file:///"));
	json_object_set_new(bases, "ROOTPATH", rootpath);
	json_object_set_new(run, "originalUriBaseIds", bases);
	if (f->artifact) {
		json_t *props = json_object();

		json_object_set_new(props, "artifactName", json_string(f->artifact));
		if (f->artifact_kind)
			json_object_set_new(props, "artifactKind", json_string(f->artifact_kind));
		if (f->image_digest)
			json_object_set_new(props, "imageDigest", json_string(f->image_digest));
		json_object_set_new(run, "properties", props);
	}
	json_array_append_new(runs, run);
	json_object_set_new(root, "runs", runs);
	return dd_report_dump_json(o, root, e);
}
