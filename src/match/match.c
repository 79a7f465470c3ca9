/*
 * src/match/match.c: matching dispatch. Picks the namespace and the rule
 * for each package (distribution packages by source name in the OS's
 * namespace, language packages in their ecosystem's), looks the records
 * up, judges them per advisory, and turns verdicts into findings with the
 * advisory's details, the layer that introduced the package and a
 * one-line reason. Also the distribution rule itself, "not covered"
 * entries and pending security updates.
 */
#include "match/match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image/image.h"
#include "match/match_int.h"
#include "util/log.h"
#include "util/xalloc.h"
#include "version/version.h"
#include "vulndb/cvss.h"

#define MAX_RECS 100000	/* records for one package: far above any real feed */

/* ---- records --------------------------------------------------------------- */

static char *dup0(const char *s)
{
	return s ? dd_xstrdup(s) : NULL;
}

static int collect(void *arg, const struct dd_affected *a)
{
	struct dd_recs *rs = arg;
	struct dd_rec *r;
	size_t i;

	if (rs->n >= MAX_RECS)
		return -DDE_LIMIT;
	DD_GROW(rs->v, rs->cap, rs->n + 1);
	r = &rs->v[rs->n++];
	memset(r, 0, sizeof(*r));
	r->id = dd_xstrdup(a->advisory_id ? a->advisory_id : "");
	r->ns = dup0(a->namespace);
	r->package = dup0(a->package);
	r->status = a->status;
	r->fixed = dup0(a->fixed_version);
	r->severity = dup0(a->severity);
	r->range_type = dup0(a->range_type);
	r->source = dup0(a->source);
	if (a->n_events) {
		r->events = dd_xcalloc(a->n_events, sizeof(*r->events));
		for (i = 0; i < a->n_events; i++) {
			r->events[i].kind = a->events[i].kind;
			r->events[i].version = dd_xstrdup(a->events[i].version ? a->events[i].version : "0");
		}
		r->n_events = a->n_events;
	}
	if (a->n_versions) {
		r->versions = dd_xcalloc(a->n_versions, sizeof(char *));
		for (i = 0; i < a->n_versions; i++)
			r->versions[i] = dd_xstrdup(a->versions[i] ? a->versions[i] : "");
		r->n_versions = a->n_versions;
	}
	return 0;
}

int dd_recs_lookup(struct dd_vulndb *db, const char *ns, const char *package, struct dd_recs *out,
		   struct dd_err *e)
{
	int r = dd_vulndb_lookup(db, ns, package, collect, out, e);

	if (r == -DDE_LIMIT)
		return dd_err_set(e, r, "%s %s: more than %d advisory records", ns, package, MAX_RECS);
	return r;
}

void dd_recs_release(struct dd_recs *rs)
{
	size_t i, j;

	for (i = 0; i < rs->n; i++) {
		struct dd_rec *r = &rs->v[i];

		free(r->id);
		free(r->ns);
		free(r->package);
		free(r->fixed);
		free(r->severity);
		free(r->range_type);
		free(r->source);
		for (j = 0; j < r->n_events; j++)
			free((char *)r->events[j].version);
		free(r->events);
		for (j = 0; j < r->n_versions; j++)
			free(r->versions[j]);
		free(r->versions);
	}
	free(rs->v);
	memset(rs, 0, sizeof(*rs));
}

/* ---- matching ---------------------------------------------------------------- */

const char *dd_match_installed(const struct dd_pkg *p)
{
	if (p->eco == DD_ECO_DPKG && p->src_version)
		return p->src_version;
	return p->version ? p->version : "";
}

struct mctx {
	struct dd_vulndb *db;
	const struct dd_inventory *inv;
	const struct dd_match_opts *opts;
	struct dd_findings *out;
	struct dd_err *e;
	char os_ns[64];
	bool os_ns_ok, os_covered;
	enum dd_eco os_eco;
	char *os_target;
	char **ex_ids;	size_t n_ex_ids;	/* --explain id and its aliases */
	size_t ex_hits;
	bool eco_checked[DD_ECO__COUNT], eco_covered[DD_ECO__COUNT];
};

static bool explained(const struct mctx *m, const char *id)
{
	size_t i;

	for (i = 0; i < m->n_ex_ids; i++)
		if (strcmp(m->ex_ids[i], id) == 0)
			return true;
	return false;
}

static const char *lockfile_names[] = {
	"package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "Pipfile.lock",
	"poetry.lock", "requirements.txt", "uv.lock", "pdm.lock", "go.mod", "go.sum", "Cargo.lock",
	"composer.lock", "Gemfile.lock", "packages.lock.json", "pom.xml", "gradle.lockfile",
	"mix.lock", "pubspec.lock", "Podfile.lock", NULL,
};

/* The report group of a language package: its lockfile, or the installed-package tree. */
static char *lang_target(const struct dd_pkg *p)
{
	const char *f = p->found_in, *base;
	size_t i;

	if (!f)
		return dd_xasprintf("%s packages", dd_eco_name(p->eco));
	base = strrchr(f, '/') ? strrchr(f, '/') + 1 : f;
	for (i = 0; lockfile_names[i]; i++)
		if (strcmp(base, lockfile_names[i]) == 0)
			return dd_xstrdup(f);
	if (strstr(f, "node_modules/"))
		return dd_xstrdup("Node.js packages (node_modules)");
	if (strstr(f, ".dist-info/") || strstr(f, ".egg-info"))
		return dd_xstrdup("Python packages (site-packages)");
	if (strstr(f, ".gemspec"))
		return dd_xstrdup("Ruby gems (installed)");
	return dd_xstrdup(f);
}

static const char *advisory_url(const char *ns, const char *id, const struct dd_advisory *adv)
{
	static char buf[256];

	if (ns && strncmp(ns, "debian:", 7) == 0)
		snprintf(buf, sizeof(buf), "https://security-tracker.debian.org/tracker/%s", id);
	else if (ns && strncmp(ns, "ubuntu:", 7) == 0)
		snprintf(buf, sizeof(buf), "https://ubuntu.com/security/%s", id);
	else if (strncmp(id, "GHSA-", 5) == 0)
		snprintf(buf, sizeof(buf), "https://github.com/advisories/%s", id);
	else if (adv && adv->n_references && adv->references[0])
		return adv->references[0];
	else if (strncmp(id, "CVE-", 4) == 0)
		snprintf(buf, sizeof(buf), "https://nvd.nist.gov/vuln/detail/%s", id);
	else
		snprintf(buf, sizeof(buf), "https://osv.dev/vulnerability/%s", id);
	return buf;
}

/* A CVSS v3 score: the one stored, else computed from the vector; -1 when neither. */
static double cvss_of(const struct dd_advisory *a)
{
	if (a->cvss_score >= 0)
		return a->cvss_score;
	return a->cvss_vector ? dd_cvss3_score(a->cvss_vector) : -1;
}

/*
 * Severity and CVSS of a finding when the record gave no rating (*sev
 * UNKNOWN on entry): the advisory's own severity (GHSA's, NVD's...), else
 * the first alias with one (a DSA's CVE from NVD or OSV), else the CVSS v3
 * score band of the advisory or an alias (the score computed from the
 * vector when none is stored). The CVSS score and vector shown are the
 * advisory's, else an alias's. Returns 0 or -DDE_DB.
 */
static int advisory_severity(struct mctx *m, struct dd_finding *x, const struct dd_advisory *adv,
			     enum dd_severity *sev)
{
	struct dd_advisory *al[8];
	size_t i, n = 0;
	double score = -1;
	int r = 0;

	if (!adv)
		return 0;
	x->cvss_score = cvss_of(adv);
	for (i = 0; i < adv->n_aliases && n < sizeof(al) / sizeof(al[0]); i++) {
		if (!adv->aliases[i] || strcmp(adv->aliases[i], adv->id) == 0)
			continue;
		r = dd_vulndb_advisory(m->db, adv->aliases[i], &al[n], m->e);
		if (r == -DDE_NOTFOUND) {
			r = 0;
			continue;
		}
		if (r < 0)
			goto out;
		n++;
	}
	if (x->cvss_score < 0) {
		for (i = 0; i < n; i++) {
			if (cvss_of(al[i]) < 0)
				continue;
			x->cvss_score = cvss_of(al[i]);
			free(x->cvss_vector);
			x->cvss_vector = dup0(al[i]->cvss_vector);
			break;
		}
	}
	if (*sev != DD_SEV_UNKNOWN)
		goto out;
	if (adv->severity && dd_severity_parse(adv->severity, sev) == 0 && *sev != DD_SEV_UNKNOWN) {
		x->severity_source = dd_xstrdup("advisory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (al[i]->severity && dd_severity_parse(al[i]->severity, sev) == 0 &&
		    *sev != DD_SEV_UNKNOWN) {
			x->severity_source = dd_xasprintf("advisory %s", al[i]->id);
			goto out;
		}
	}
	score = x->cvss_score;
	if (score > 0) {
		*sev = dd_severity_from_cvss(score);
		x->severity_source = dd_xstrdup("cvss");
	}
out:
	for (i = 0; i < n; i++)
		dd_advisory_free(al[i]);
	return r;
}

static int add_finding(struct mctx *m, const struct dd_pkg *p, const char *ns, const char *id,
		       struct dd_verdict *v, const char *target)
{
	struct dd_advisory *adv = NULL;
	struct dd_finding *x;
	const struct dd_image_meta *meta = m->opts ? m->opts->meta : NULL;
	enum dd_severity sev = DD_SEV_UNKNOWN;
	size_t i;
	int r;

	r = dd_vulndb_advisory(m->db, id, &adv, m->e);
	if (r < 0 && r != -DDE_NOTFOUND)
		return r;
	x = dd_findings_add(m->out);
	x->id = dd_xstrdup(id);
	if (adv) {
		for (i = 0; i < adv->n_aliases; i++) {
			if (!adv->aliases[i] || strcmp(adv->aliases[i], id) == 0)
				continue;
			x->aliases = dd_xrealloc(x->aliases, (x->n_aliases + 1) * sizeof(char *));
			x->aliases[x->n_aliases++] = dd_xstrdup(adv->aliases[i]);
		}
		x->title = dup0(adv->summary);
		x->cvss_vector = dup0(adv->cvss_vector);
		x->kev = adv->kev;
		x->epss = adv->epss;
	}
	x->url = dd_xstrdup(advisory_url(ns, id, adv));
	x->eco = p->eco;
	x->pkg_name = dup0(p->name);
	if (p->src_name && p->name && strcmp(p->src_name, p->name) != 0)
		x->src_name = dd_xstrdup(p->src_name);
	x->pkg_purl = dup0(p->purl);
	x->installed = dd_xstrdup(p->version ? p->version : "");
	x->fixed = v->fixed;
	v->fixed = NULL;
	if (x->fixed && p->eco == DD_ECO_RPM && strncmp(x->fixed, "0:", 2) == 0)
		memmove(x->fixed, x->fixed + 2, strlen(x->fixed + 2) + 1);	/* epoch 0 = none */
	x->status = v->status;
	if (v->severity && dd_severity_parse(v->severity, &sev) == 0 && sev != DD_SEV_UNKNOWN)
		x->severity_source = dup0(v->source);
	r = advisory_severity(m, x, adv, &sev);
	if (r < 0) {
		dd_advisory_free(adv);
		return r;
	}
	x->severity = sev;
	x->target = dd_xstrdup(target);
	x->found_in = dup0(p->found_in);
	x->layer = p->layer_first;
	if (meta && p->layer_first >= 0 && (size_t)p->layer_first < meta->n_layers) {
		const struct dd_layer_info *l = &meta->layers[p->layer_first];

		x->layer_digest = dup0(l->digest);
		x->layer_diff_id = dup0(l->diff_id);
		x->created_by = dup0(l->created_by);
	}
	x->reason = dd_xasprintf("%s [%s]", v->reason.buf, v->source ? v->source : "?");
	dd_advisory_free(adv);
	return 0;
}

static int rec_cmp(const void *pa, const void *pb)
{
	const struct dd_rec *a = pa, *b = pb;

	return strcmp(a->id, b->id);
}

/* A record keyed by module stream: "<module>:<stream>::<package>". */
static bool is_module_key(const char *package)
{
	return package && strstr(package, "::") != NULL;
}

/*
 * RPM modularity: a package built in a module stream (MODULARITYLABEL
 * "name:stream:version:context") is also looked up as
 * "<name>:<stream>::<package>" (source and binary name), the key under which
 * importers store records that apply to one stream only (as Trivy's DB
 * does; docs/scan.md).
 * Packages of another stream, and packages outside modules, never see them.
 */
static int module_lookup(struct mctx *m, const struct dd_pkg *p, const char *ns, const char *key,
			 const char *key2, struct dd_recs *rs)
{
	const char *l = p->modularity, *c1, *c2;
	char mk[512];
	int r;

	if (!l || !(c1 = strchr(l, ':')) || c1 == l || !(c2 = strchr(c1 + 1, ':')) || c2 == c1 + 1)
		return 0;
	if (snprintf(mk, sizeof(mk), "%.*s::%s", (int)(c2 - l), l, key) >= (int)sizeof(mk))
		return 0;
	r = dd_recs_lookup(m->db, ns, mk, rs, m->e);
	if (r == 0 && key2 && strcmp(key, key2) != 0 &&
	    snprintf(mk, sizeof(mk), "%.*s::%s", (int)(c2 - l), l, key2) < (int)sizeof(mk))
		r = dd_recs_lookup(m->db, ns, mk, rs, m->e);
	return r;
}

/* Looks up the package under key (and key2 when different) and judges each advisory. */
static int match_pkg(struct mctx *m, const struct dd_pkg *p, const char *ns, const char *key,
		     const char *key2, bool distro, const char *target, size_t *n_found)
{
	struct dd_recs rs = { 0 };
	const struct dd_rec **group = NULL;
	const char *installed = dd_match_installed(p);
	struct dd_buf *trail = m->opts ? m->opts->explain : NULL;
	size_t i, j;
	int r;

	*n_found = 0;
	r = dd_recs_lookup(m->db, ns, key, &rs, m->e);
	if (r == 0 && key2 && strcmp(key, key2) != 0)
		r = dd_recs_lookup(m->db, ns, key2, &rs, m->e);
	if (r == 0 && distro && p->eco == DD_ECO_RPM)
		r = module_lookup(m, p, ns, key, key2, &rs);
	if (r < 0)
		goto out;
	if (rs.n > 1)
		qsort(rs.v, rs.n, sizeof(*rs.v), rec_cmp);
	group = dd_xmalloc((rs.n ? rs.n : 1) * sizeof(*group));
	for (i = 0; i < rs.n; i = j) {
		struct dd_verdict v = { 0 };
		bool ex = false, modular = false;
		size_t k, ng = 0;

		for (j = i; j < rs.n && strcmp(rs.v[j].id, rs.v[i].id) == 0; j++)
			modular |= is_module_key(rs.v[j].package);
		/* records of the package's module stream decide over plain ones */
		for (k = i; k < j; k++)
			if (!modular || is_module_key(rs.v[k].package))
				group[ng++] = &rs.v[k];
		if (m->n_ex_ids && trail && explained(m, rs.v[i].id)) {
			ex = true;
			m->ex_hits++;
			dd_buf_addf(trail, "%s %s (%s %s, compared as %s) in %s, looked up as %s:\n",
				    dd_eco_name(p->eco), p->name ? p->name : "?", target,
				    p->version ? p->version : "?", installed, ns, key);
		}
		if (distro)
			dd_rule_distro(p->eco, installed, group, ng, &v, ex ? trail : NULL);
		else
			dd_rule_osv(p->eco, installed, group, ng, &v, ex ? trail : NULL);
		if (ex)
			dd_buf_addf(trail, "  => %s\n", v.vulnerable ? "MATCHED: reported unless a filter "
								       "suppresses it"
								     : "not matched");
		if (v.vulnerable) {
			r = add_finding(m, p, ns, rs.v[i].id, &v, target);
			(*n_found)++;
		}
		dd_verdict_release(&v);
		if (r < 0)
			goto out;
	}
out:
	free(group);
	dd_recs_release(&rs);
	return r;
}

/* The lookup key of a language package: PEP 503 for PyPI, lower case for NuGet. */
static char *lang_key(const struct dd_pkg *p)
{
	char *k = dd_xstrdup(p->name), *w = k;
	const char *r;

	if (p->eco != DD_ECO_PYPI && p->eco != DD_ECO_NUGET)
		return k;
	for (r = p->name; *r; r++) {
		char c = *r;

		if (p->eco == DD_ECO_PYPI && (c == '-' || c == '_' || c == '.')) {
			if (w > k && w[-1] == '-')
				continue;
			c = '-';
		} else if (c >= 'A' && c <= 'Z') {
			c = (char)(c - 'A' + 'a');
		}
		*w++ = c;
	}
	*w = '\0';
	return k;
}

static void uncovered(struct mctx *m, const struct dd_pkg *p, const char *target, const char *why)
{
	struct dd_uncovered *u = dd_findings_add_uncovered(m->out);

	u->target = dd_xstrdup(target);
	u->eco = p->eco;
	u->pkg_name = dup0(p->name);
	u->version = dup0(p->version);
	u->reason = dd_xstrdup(why);
}

/* Pending security update for a Debian/Ubuntu package (from the security suite index). */
static int pending(struct mctx *m, const struct dd_pkg *p, const char *src, size_t first_finding)
{
	char *avail = NULL;
	const char *installed = dd_match_installed(p);
	int r = dd_vulndb_security_update(m->db, m->os_ns, src, &avail, m->e);
	struct dd_pending *pu;
	size_t i;

	if (r < 0 || !avail)
		goto out;
	if (dd_version_cmp(DD_ECO_DPKG, installed, avail) >= 0)
		goto out;
	pu = dd_findings_add_pending(m->out);
	pu->target = dd_xstrdup(m->os_target);
	pu->pkg_name = dup0(p->name);
	pu->src_name = dd_xstrdup(src);
	pu->installed = dup0(p->version);
	pu->available = avail;
	avail = NULL;
	for (i = first_finding; i < m->out->n; i++)
		if (m->out->v[i].fixed &&
		    dd_version_cmp(DD_ECO_DPKG, m->out->v[i].fixed, pu->available) <= 0)
			pu->n_findings++;
out:
	free(avail);
	return r;
}

static void os_setup(struct mctx *m)
{
	const struct dd_os *os = &m->inv->os;
	const char *fam = os->family;
	int r = -DDE_NOTFOUND;

	m->os_eco = DD_ECO_UNKNOWN;
	if (!fam)
		return;
	if (strcmp(fam, "debian") == 0) {
		r = dd_ns_for_debian(os, m->os_ns, sizeof(m->os_ns));
		m->os_eco = DD_ECO_DPKG;
	} else if (strcmp(fam, "ubuntu") == 0) {
		r = dd_ns_for_ubuntu(os, m->os_ns, sizeof(m->os_ns));
		m->os_eco = DD_ECO_DPKG;
	} else if (strcmp(fam, "alpine") == 0) {
		r = dd_ns_for_alpine(os, m->os_ns, sizeof(m->os_ns));
		m->os_eco = DD_ECO_APK;
	} else {
		r = dd_ns_for_rpm(os, m->os_ns, sizeof(m->os_ns));
		if (r == 0)
			m->os_eco = DD_ECO_RPM;
	}
	m->os_ns_ok = r == 0;
}

int dd_match_inventory(struct dd_vulndb *db, const struct dd_inventory *inv,
		       const struct dd_match_opts *opts, struct dd_findings *out, struct dd_err *e)
{
	struct mctx m = { 0 };
	struct dd_buf *trail = opts ? opts->explain : NULL;
	size_t i;
	int r = 0;

	m.db = db;
	m.inv = inv;
	m.opts = opts;
	m.out = out;
	m.e = e;
	out->n_pkgs += inv->n_pkgs;
	if (!out->os_family && inv->os.family) {
		out->os_family = dd_xstrdup(inv->os.family);
		out->os_version = dup0(inv->os.version_id);
	}
	os_setup(&m);
	m.os_target = dd_xasprintf("%s%s%s (OS packages)", inv->os.family ? inv->os.family : "unknown OS",
				   inv->os.version_id ? " " : "",
				   inv->os.version_id ? inv->os.version_id : "");
	if (m.os_ns_ok) {
		r = dd_vulndb_has_namespace(db, m.os_ns, &m.os_covered, e);
		if (r < 0)
			goto out;
	}
	if (m.os_eco == DD_ECO_APK && opts && opts->apk_repositories)
		dd_alpine_check_repositories(&inv->os, opts->apk_repositories);
	if (opts && opts->explain_id && trail) {
		struct dd_advisory *adv = NULL;

		m.ex_ids = dd_xmalloc(sizeof(char *));
		m.ex_ids[m.n_ex_ids++] = dd_xstrdup(opts->explain_id);
		r = dd_vulndb_advisory(db, opts->explain_id, &adv, e);
		if (r < 0 && r != -DDE_NOTFOUND)
			goto out;
		r = 0;
		if (adv) {
			dd_buf_addf(trail, "%s: %s\n", adv->id, adv->summary ? adv->summary : "(no summary)");
			for (i = 0; i < adv->n_aliases; i++) {
				m.ex_ids = dd_xrealloc(m.ex_ids, (m.n_ex_ids + 1) * sizeof(char *));
				m.ex_ids[m.n_ex_ids++] = dd_xstrdup(adv->aliases[i]);
				dd_buf_addf(trail, "  alias %s\n", adv->aliases[i]);
			}
			dd_advisory_free(adv);
		} else {
			dd_buf_addf(trail, "%s: not in the vulnerability database\n", opts->explain_id);
		}
		if (m.os_ns_ok)
			dd_buf_addf(trail, "OS %s -> namespace %s (%s)\n", m.os_target, m.os_ns,
				    m.os_covered ? "covered" : "NO DATA: OS packages not covered");
		else if (inv->os.family)
			dd_buf_addf(trail, "OS %s: no vulnerability namespace for this distribution\n",
				    m.os_target);
	}

	for (i = 0; i < inv->n_pkgs && r == 0; i++) {
		const struct dd_pkg *p = &inv->pkgs[i];
		const char *src = p->src_name && *p->src_name ? p->src_name : p->name;
		size_t first = out->n, nf = 0;
		char why[160];

		if (!p->name)
			continue;
		if (p->eco == DD_ECO_DPKG || p->eco == DD_ECO_APK || p->eco == DD_ECO_RPM) {
			if (!m.os_ns_ok || p->eco != m.os_eco) {
				snprintf(why, sizeof(why), "no vulnerability data for %s packages on %s",
					 dd_eco_name(p->eco), inv->os.pretty_name ? inv->os.pretty_name
						 : inv->os.family ? inv->os.family : "an unknown OS");
				uncovered(&m, p, m.os_target, why);
				continue;
			}
			if (!m.os_covered) {
				snprintf(why, sizeof(why),
					 "no vulnerability data for %s (release end-of-life or not imported)",
					 m.os_ns);
				uncovered(&m, p, m.os_target, why);
				continue;
			}
			if (p->eco == DD_ECO_DPKG && strncmp(m.os_ns, "debian:", 7) == 0) {
				char *note = NULL;

				r = dd_vulndb_support_note(db, m.os_ns, src, &note, e);
				if (r < 0)
					break;
				if (note && strncmp(note, "ended", 5) == 0) {
					snprintf(why, sizeof(why), "Debian security support %s", note);
					uncovered(&m, p, m.os_target, why);
				}
				free(note);
			}
			r = match_pkg(&m, p, m.os_ns, src, p->eco == DD_ECO_RPM ? p->name : NULL, true,
				      m.os_target, &nf);
			if (r == 0 && p->eco == DD_ECO_DPKG)
				r = pending(&m, p, src, first);
			continue;
		}
		{
			const char *ns = dd_eco_name(p->eco);
			char *target = lang_target(p);

			if (p->eco == DD_ECO_UNKNOWN || p->eco == DD_ECO_GENERIC || !ns) {
				uncovered(&m, p, target, "ecosystem has no vulnerability data");
				free(target);
				continue;
			}
			if (!m.eco_checked[p->eco]) {
				r = dd_vulndb_has_namespace(db, ns, &m.eco_covered[p->eco], e);
				m.eco_checked[p->eco] = true;
				if (r < 0) {
					free(target);
					break;
				}
			}
			if (!m.eco_covered[p->eco]) {
				snprintf(why, sizeof(why), "no vulnerability data for ecosystem %s", ns);
				uncovered(&m, p, target, why);
			} else {
				char *key = lang_key(p);

				r = match_pkg(&m, p, ns, key, NULL, false, target, &nf);
				free(key);
			}
			free(target);
		}
	}
	if (r == 0 && m.n_ex_ids && trail && m.ex_hits == 0)
		dd_buf_addf(trail, "No installed package has a record for %s in the namespaces looked up: "
			    "nothing matched.\n", opts->explain_id);
out:
	for (i = 0; i < m.n_ex_ids; i++)
		free(m.ex_ids[i]);
	free(m.ex_ids);
	free(m.os_target);
	return r;
}
