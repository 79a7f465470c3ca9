/*
 * tests/unit/match_filter_test.c: CI gating on hand-built findings:
 * --severity, --ignore-unfixed, --ignore-status, base layers, the
 * .drydockignore file (with expiry), OpenVEX, --fail-on, base-layer
 * detection from history; and the severity/status vocabularies.
 */
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "image/image.h"
#include "match/match.h"
#include "util/xalloc.h"

static struct dd_finding *add(struct dd_findings *f, const char *id, const char *pkg, const char *purl,
			      enum dd_severity sev, const char *fixed, enum dd_status st, int layer)
{
	struct dd_finding *x = dd_findings_add(f);

	x->id = dd_xstrdup(id);
	x->pkg_name = dd_xstrdup(pkg);
	x->pkg_purl = purl ? dd_xstrdup(purl) : NULL;
	x->installed = dd_xstrdup("1.0");
	x->fixed = fixed ? dd_xstrdup(fixed) : NULL;
	x->severity = sev;
	x->status = st;
	x->layer = layer;
	x->target = dd_xstrdup("t");
	return x;
}

static void sample(struct dd_findings *f)
{
	struct dd_finding *x;

	dd_findings_init(f);
	add(f, "CVE-1", "openssl", "pkg:deb/debian/openssl@1.0?arch=amd64", DD_SEV_CRITICAL, "1.1",
	    DD_STATUS_FIXED, 0);
	add(f, "CVE-2", "zlib", "pkg:deb/debian/zlib@1.0", DD_SEV_HIGH, NULL, DD_STATUS_AFFECTED, 0);
	add(f, "CVE-3", "glibc", NULL, DD_SEV_LOW, NULL, DD_STATUS_WONTFIX, 1);
	x = add(f, "GHSA-xxxx", "lodash", "pkg:npm/lodash@1.0", DD_SEV_MEDIUM, "2.0", DD_STATUS_FIXED, 2);
	x->aliases = dd_xmalloc(sizeof(char *));
	x->aliases[0] = dd_xstrdup("CVE-4");
	x->n_aliases = 1;
	x = add(f, "CVE-5", "libssl3", NULL, DD_SEV_HIGH, "1.2", DD_STATUS_FIXED, 2);
	x->src_name = dd_xstrdup("openssl");
}

static size_t live(const struct dd_findings *f)
{
	size_t i, n = 0;

	for (i = 0; i < f->n; i++)
		n += !f->v[i].suppressed;
	return n;
}

static bool is_suppressed(const struct dd_findings *f, const char *id)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->v[i].id, id) == 0)
			return f->v[i].suppressed != NULL;
	return false;
}

TEST(filter_severity_unfixed_status_base)
{
	struct dd_findings f;
	struct dd_filter_opts o = { 0 };
	struct dd_err e = DD_ERR_INIT;

	sample(&f);
	T_EQ_INT(dd_severity_parse_list("CRITICAL,high", &o.severities, &e), 0);
	dd_filter_apply(&f, &o);
	T_EQ_INT(live(&f), 3);
	T_EQ_INT(f.n_suppressed, 2);
	T_EXPECT(is_suppressed(&f, "CVE-3") && is_suppressed(&f, "GHSA-xxxx"));
	dd_findings_release(&f);

	sample(&f);
	memset(&o, 0, sizeof(o));
	o.ignore_unfixed = true;
	dd_filter_apply(&f, &o);
	T_EXPECT(is_suppressed(&f, "CVE-2") && is_suppressed(&f, "CVE-3") && !is_suppressed(&f, "CVE-1"));
	dd_findings_release(&f);

	sample(&f);
	memset(&o, 0, sizeof(o));
	o.ignore_status = 1u << DD_STATUS_WONTFIX;
	dd_filter_apply(&f, &o);
	T_EQ_INT(live(&f), 4);
	T_EXPECT(is_suppressed(&f, "CVE-3"));
	dd_findings_release(&f);

	sample(&f);
	memset(&o, 0, sizeof(o));
	o.base_layers = 2;
	dd_filter_apply(&f, &o);
	T_EQ_INT(live(&f), 2);
	T_EXPECT(!is_suppressed(&f, "GHSA-xxxx") && !is_suppressed(&f, "CVE-5"));
	T_EXPECT(dd_filter_fails(&f, DD_SEV_HIGH));
	T_EXPECT(!dd_filter_fails(&f, DD_SEV_CRITICAL));
	dd_findings_release(&f);

	T_EQ_INT(dd_severity_parse_list("HIGH,SEVERE", &o.severities, &e), -DDE_USAGE);
	T_EXPECT(strstr(dd_err_msg(&e), "SEVERE"));
	dd_err_release(&e);
}

TEST(filter_ignorefile_with_expiry)
{
	static const char doc[] =
		"# accepted risks\n"
		"ignore:\n"
		"  - id: CVE-1\n"
		"    package: openssl\n"
		"    reason: not reachable\n"
		"  - id: CVE-2\n"
		"    expires: 2024-01-31\n"
		"    reason: temporary\n"
		"  - id: CVE-4\n"	/* by alias */
		"    expires: 2030-01-01\n"
		"  - id: CVE-5\n"
		"    package: openssl\n"	/* source package name */
		"  - id: CVE-3\n"
		"    package: not-glibc\n";
	struct dd_ignorefile *ig = NULL;
	struct dd_err e = DD_ERR_INIT;
	struct dd_findings f;
	struct dd_filter_opts o = { 0 };
	size_t i;

	T_ASSERT(dd_ignorefile_parse(&ig, dd_slice_str(doc), ".drydockignore", &e) == 0);
	T_EQ_INT(dd_ignorefile_count(ig), 5);
	sample(&f);
	o.ignore = ig;
	o.today = "2025-06-01";
	dd_filter_apply(&f, &o);
	T_EXPECT(is_suppressed(&f, "CVE-1"));
	T_EXPECT(!is_suppressed(&f, "CVE-2"));	/* expired: warns, no longer applies */
	T_EXPECT(is_suppressed(&f, "GHSA-xxxx"));
	T_EXPECT(is_suppressed(&f, "CVE-5"));
	T_EXPECT(!is_suppressed(&f, "CVE-3"));	/* other package */
	for (i = 0; i < f.n; i++)
		if (strcmp(f.v[i].id, "CVE-1") == 0)
			T_EQ_STR(f.v[i].suppressed, "ignored by .drydockignore:3: not reachable");
	dd_findings_release(&f);

	sample(&f);
	o.today = "2024-01-31";	/* the expiry day itself still applies */
	dd_filter_apply(&f, &o);
	T_EXPECT(is_suppressed(&f, "CVE-2"));
	dd_findings_release(&f);
	dd_ignorefile_free(ig);
}

TEST(filter_ignorefile_errors)
{
	struct dd_ignorefile *ig = NULL;
	struct dd_err e = DD_ERR_INIT;

	T_EQ_INT(dd_ignorefile_parse(&ig, dd_slice_str("- package: x\n"), "f.yml", &e), -DDE_FORMAT);
	T_EXPECT(strstr(dd_err_msg(&e), "f.yml:1: entry without 'id'"));
	dd_err_release(&e);
	T_EQ_INT(dd_ignorefile_parse(&ig, dd_slice_str("- id: CVE-1\n  expires: 2024-13-01\n"), "f.yml", &e),
		 -DDE_FORMAT);
	T_EXPECT(strstr(dd_err_msg(&e), "not a YYYY-MM-DD date"));
	dd_err_release(&e);
	T_EQ_INT(dd_ignorefile_parse(&ig, dd_slice_str("ignore: [a, {id: [1]}]\n"), "f.yml", &e),
		 -DDE_FORMAT);
	dd_err_release(&e);
	T_EQ_INT(dd_ignorefile_parse(&ig, dd_slice_str("ignore: [\n"), "f.yml", &e), -DDE_FORMAT);
	dd_err_release(&e);
	/* short forms and an empty file */
	T_EQ_INT(dd_ignorefile_parse(&ig, dd_slice_str("- CVE-1\n- CVE-2\n"), "f.yml", &e), 0);
	T_EQ_INT(dd_ignorefile_count(ig), 2);
	dd_ignorefile_free(ig);
	T_EQ_INT(dd_ignorefile_parse(&ig, dd_slice_str(""), "f.yml", &e), 0);
	T_EQ_INT(dd_ignorefile_count(ig), 0);
	dd_ignorefile_free(ig);
}

TEST(filter_openvex)
{
	static const char doc[] =
		"{\"@context\": \"https://openvex.dev/ns/v0.2.0\", \"@id\": \"x\", \"author\": \"me\",\n"
		" \"timestamp\": \"2024-01-01T00:00:00Z\", \"version\": 1, \"statements\": [\n"
		"  {\"vulnerability\": {\"name\": \"CVE-1\"}, \"products\": [{\"@id\": \"pkg:deb/debian/openssl\"}],\n"
		"   \"status\": \"not_affected\", \"justification\": \"vulnerable_code_not_in_execute_path\"},\n"
		"  {\"vulnerability\": {\"name\": \"CVE-2\"}, \"products\": [{\"@id\": \"pkg:deb/debian/zlib@9.9\"}],\n"
		"   \"status\": \"not_affected\"},\n"
		"  {\"vulnerability\": {\"name\": \"GHSA-other\", \"aliases\": [\"CVE-4\"]},\n"
		"   \"products\": [{\"@id\": \"pkg:oci/app\", \"subcomponents\": [{\"@id\": \"pkg:npm/lodash@1.0\"}]}],\n"
		"   \"status\": \"fixed\"},\n"
		"  {\"vulnerability\": {\"name\": \"CVE-5\"}, \"products\": [{\"@id\": \"pkg:oci/app\"}],\n"
		"   \"status\": \"not_affected\"},\n"
		"  {\"vulnerability\": {\"name\": \"CVE-5\"}, \"products\": [{\"@id\": \"pkg:oci/app\"}],\n"
		"   \"status\": \"affected\"},\n"
		"  {\"vulnerability\": \"CVE-3\", \"status\": \"under_investigation\"}\n"
		"]}\n";
	struct dd_vex *vex = NULL;
	struct dd_err e = DD_ERR_INIT;
	struct dd_findings f;
	struct dd_filter_opts o = { 0 };

	T_ASSERT(dd_vex_parse(&vex, dd_slice_str(doc), "app.vex.json", &e) == 0);
	T_EQ_INT(dd_vex_count(vex), 6);
	sample(&f);
	o.vex = vex;
	dd_filter_apply(&f, &o);
	T_EXPECT(is_suppressed(&f, "CVE-1"));	/* versionless product matches any version */
	T_EXPECT(!is_suppressed(&f, "CVE-2"));	/* other version */
	T_EXPECT(is_suppressed(&f, "GHSA-xxxx"));	/* alias + subcomponent */
	T_EXPECT(!is_suppressed(&f, "CVE-5"));	/* a later "affected" statement wins */
	T_EXPECT(!is_suppressed(&f, "CVE-3"));	/* under_investigation does not suppress */
	dd_findings_release(&f);
	dd_vex_free(vex);

	T_EQ_INT(dd_vex_parse(&vex, dd_slice_str("{\"statements\": [{\"status\": \"fixed\"}]}"), "v.json", &e),
		 -DDE_FORMAT);
	dd_err_release(&e);
	T_EQ_INT(dd_vex_parse(&vex, dd_slice_str("[1,2"), "v.json", &e), -DDE_FORMAT);
	T_EXPECT(strstr(dd_err_msg(&e), "v.json:1:"));
	dd_err_release(&e);
}

TEST(filter_base_layers_from_history)
{
	struct dd_history h[] = {
		{ NULL, "/bin/sh -c #(nop) ADD file:abc in / ", NULL, false, 0 },
		{ NULL, "/bin/sh -c #(nop)  CMD [\"bash\"]", NULL, true, -1 },
		{ NULL, "RUN /bin/sh -c apt-get update # buildkit", NULL, false, 1 },
		{ NULL, "COPY . /app # buildkit", NULL, false, 2 },
		{ NULL, "CMD [\"node\", \"app.js\"]", NULL, true, -1 },
	};
	struct dd_image_meta m = { 0 };

	m.history = h;
	m.n_history = 5;
	T_EQ_INT(dd_base_layers_detect(&m), 1);
	m.n_history = 2;	/* the base image alone: nothing after its CMD */
	T_EQ_INT(dd_base_layers_detect(&m), -1);
	m.n_history = 0;
	T_EQ_INT(dd_base_layers_detect(&m), -1);
}

TEST(severity_and_status_names)
{
	enum dd_severity s;
	enum dd_status st;

	T_EQ_INT(dd_severity_parse("unimportant", &s), 0);
	T_EQ_INT(s, DD_SEV_LOW);
	T_EQ_INT(dd_severity_parse("Moderate", &s), 0);
	T_EQ_INT(s, DD_SEV_MEDIUM);
	T_EQ_INT(dd_severity_parse("negligible", &s), 0);
	T_EQ_INT(s, DD_SEV_NEGLIGIBLE);
	T_EQ_INT(dd_severity_parse("bogus", &s), -DDE_NOTFOUND);
	T_EQ_INT(dd_severity_from_cvss(9.8), DD_SEV_CRITICAL);
	T_EQ_INT(dd_severity_from_cvss(7.0), DD_SEV_HIGH);
	T_EQ_INT(dd_severity_from_cvss(6.9), DD_SEV_MEDIUM);
	T_EQ_INT(dd_severity_from_cvss(0.1), DD_SEV_LOW);
	T_EQ_INT(dd_severity_from_cvss(0), DD_SEV_UNKNOWN);
	T_EQ_INT(dd_status_parse("wontfix", &st), 0);
	T_EQ_INT(st, DD_STATUS_WONTFIX);
	T_EQ_INT(dd_status_parse("fix_deferred", &st), 0);
	T_EQ_INT(st, DD_STATUS_DEFERRED);
	T_EQ_STR(dd_status_name(DD_STATUS_NOT_AFFECTED), "not_affected");
}
