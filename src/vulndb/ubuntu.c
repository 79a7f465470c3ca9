/*
 * src/vulndb/ubuntu.c: the Ubuntu CVE Tracker importer (UCT files
 * active/CVE-* and retired/CVE-*: RFC 822-like headers, then per-package
 * "<release>_<source>: <status> (<note>)" lines).
 *
 * Status mapping (docs/vulndb.md): released (version) -> fixed; needed and
 * pending -> affected (no fix published); deferred -> deferred; ignored ->
 * ignored; needs-triage -> needs triage; not-affected and DNE -> not
 * affected. The last four are recorded, never reported by the matcher.
 * Releases are mapped from codenames to VERSION_ID ("bionic" ->
 * "ubuntu:18.04"); "upstream", "devel", ESM and overlay variants are skipped.
 */
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/parse.h"
#include "util/xalloc.h"
#include "vulndb/cvss.h"
#include "vulndb/import.h"

#define UCT_MAX_LINE 65536

static bool accepts(const char *name)
{
	return strncmp(name, "CVE-", 4) == 0 && !strchr(name, '.');
}

struct uct {
	struct dd_buf desc, cvss;
	char *id, *published, *priority;
	char **refs;
	size_t n_refs, cap_refs;
	struct pkgprio {
		char *pkg, *prio;
	} *prios;
	size_t n_prios, cap_prios;
};

static void uct_release(struct uct *u)
{
	size_t i;

	dd_buf_release(&u->desc);
	dd_buf_release(&u->cvss);
	free(u->id);
	free(u->published);
	free(u->priority);
	for (i = 0; i < u->n_refs; i++)
		free(u->refs[i]);
	free(u->refs);
	for (i = 0; i < u->n_prios; i++) {
		free(u->prios[i].pkg);
		free(u->prios[i].prio);
	}
	free(u->prios);
}

/* "2019-11-04 19:15:00 UTC" -> "2019-11-04T19:15:00Z"; a bare date keeps its form. */
static char *uct_date(struct dd_slice v)
{
	char out[32];

	if (v.len >= 19 && v.ptr[10] == ' ') {
		snprintf(out, sizeof(out), "%.10sT%.8sZ", v.ptr, v.ptr + 11);
		return dd_xstrdup(out);
	}
	return v.len ? dd_slice_dup(v) : NULL;
}

static const char *pkg_priority(const struct uct *u, const char *pkg)
{
	size_t i;

	for (i = 0; i < u->n_prios; i++)
		if (strcmp(u->prios[i].pkg, pkg) == 0)
			return u->prios[i].prio;
	return u->priority;
}

/* "bionic_openssl: released (1.1.1-1ubuntu2.1~18.04.6)" */
static int status_line(struct dd_import *im, const char *file, struct uct *u, struct dd_slice key,
		       struct dd_slice val, struct dd_err *e)
{
	struct dd_affected a = { 0 };
	struct dd_slice rel, pkg, word, note = DD_SLICE_NULL;
	char *relname = NULL, *pkgname = NULL, *fixed = NULL;
	char ns[48];
	const char *us = memchr(key.ptr, '_', key.len);
	int r = 0;

	if (!us || !u->id)
		return 0;
	rel = dd_slice_of(key.ptr, (size_t)(us - key.ptr));
	pkg = dd_slice_of(us + 1, key.len - rel.len - 1);
	if (!rel.len || !pkg.len || memchr(rel.ptr, '/', rel.len))
		return 0;	/* ESM, overlays */
	relname = dd_slice_dup(rel);
	if (dd_ns_ubuntu(relname, ns, sizeof(ns)) < 0)
		goto out;	/* upstream, devel, snap... */
	val = dd_slice_trim(val);
	/* "released (1.2)", "needed", "not-affected 3.5.18-1ubuntu1.3)" (a real typo) */
	word = val;
	word.len = 0;
	while (word.len < val.len && val.ptr[word.len] != ' ' && val.ptr[word.len] != '(')
		word.len++;
	val.ptr += word.len;
	val.len -= word.len;
	val = dd_slice_trim(val);
	if (val.len && val.ptr[0] == '(') {
		val.ptr++;
		val.len--;
	}
	if (val.len) {
		note = val;
		if (note.len && note.ptr[note.len - 1] == ')')
			note.len--;
		note = dd_slice_trim(note);
	}
	if (dd_slice_eq(word, "released")) {
		a.status = DD_STATUS_FIXED;
		a.status_detail = "released";
		/* "released (2.2.6, 2.0.12)": the first version */
		if (note.len) {
			struct dd_slice first = dd_slice_trim(dd_parse_until(&note, ','));

			fixed = dd_slice_dup(first);
			if (!dd_text_ok(fixed) || strchr(fixed, ' ')) {
				free(fixed);
				fixed = NULL;
			}
		}
	} else if (dd_slice_eq(word, "needed")) {
		a.status = DD_STATUS_AFFECTED;
		a.status_detail = "needed";
	} else if (dd_slice_eq(word, "pending")) {
		a.status = DD_STATUS_AFFECTED;
		a.status_detail = "pending";
	} else if (dd_slice_eq(word, "deferred")) {
		a.status = DD_STATUS_DEFERRED;
		a.status_detail = "deferred";
	} else if (dd_slice_eq(word, "ignored")) {
		a.status = DD_STATUS_IGNORED;
		a.status_detail = "ignored";
	} else if (dd_slice_eq(word, "needs-triage")) {
		a.status = DD_STATUS_NEEDS_TRIAGE;
		a.status_detail = "needs-triage";
	} else if (dd_slice_eq(word, "not-affected")) {
		a.status = DD_STATUS_NOT_AFFECTED;
		a.status_detail = "not-affected";
	} else if (dd_slice_eq(word, "DNE")) {
		a.status = DD_STATUS_NOT_AFFECTED;
		a.status_detail = "DNE";
	} else {
		dd_import_skip(im, file, "%s: unknown status '%.*s'", u->id, (int)(word.len > 40 ? 40 : word.len),
			       word.ptr);
		goto out;
	}
	pkgname = dd_slice_dup(pkg);
	if (!dd_text_ok(pkgname))
		goto out;
	a.advisory_id = u->id;
	a.namespace = ns;
	a.package = pkgname;
	a.fixed_version = fixed;
	a.severity = dd_severity_norm(pkg_priority(u, pkgname));
	r = dd_store_affected(im->store, &a, e);
	if (r == 0)
		im->affected++;
out:
	free(relname);
	free(pkgname);
	free(fixed);
	return r;
}

static int parse(struct dd_import *im, const char *name, struct dd_slice data, struct dd_err *e)
{
	struct uct u = { 0 };
	struct dd_slice line;
	enum { F_NONE, F_DESC, F_REFS, F_CVSS } field = F_NONE;
	struct dd_advisory a = { 0 };
	size_t lineno = 0, i;
	bool any_status = false;
	int r = 0;

	dd_buf_init(&u.desc, DD_STORE_MAX_FIELD - 1);
	while (dd_parse_line(&data, &line)) {
		struct dd_slice key, val;
		const char *colon;

		lineno++;
		if (line.len > UCT_MAX_LINE) {
			dd_import_skip(im, name, "line %zu: longer than %d bytes", lineno, UCT_MAX_LINE);
			continue;
		}
		if (line.len && (line.ptr[0] == ' ' || line.ptr[0] == '\t')) {
			struct dd_slice t = dd_slice_trim(line);

			if (field == F_DESC && t.len) {
				if (u.desc.len)
					dd_buf_addch(&u.desc, ' ');
				dd_buf_add(&u.desc, t.ptr, t.len);
			} else if (field == F_REFS && t.len && u.n_refs < DD_STORE_MAX_LIST) {
				char *ref = dd_slice_dup(dd_parse_until(&t, ' '));

				DD_GROW(u.refs, u.cap_refs, u.n_refs + 1);
				u.refs[u.n_refs++] = ref;
			} else if (field == F_CVSS && t.len && !u.cvss.len) {
				/* " nvd: CVSS:3.1/AV:N/..." */
				struct dd_slice src = dd_parse_until(&t, ':');

				(void)src;
				t = dd_slice_trim(t);
				dd_buf_add(&u.cvss, t.ptr, t.len);
			}
			continue;
		}
		field = F_NONE;
		if (!line.len || line.ptr[0] == '#')
			continue;
		colon = memchr(line.ptr, ':', line.len);
		if (!colon) {
			dd_import_skip(im, name, "line %zu: no field name", lineno);
			continue;
		}
		key = dd_slice_of(line.ptr, (size_t)(colon - line.ptr));
		val = dd_slice_trim(dd_slice_of(colon + 1, line.len - key.len - 1));
		if (dd_slice_eq(key, "Candidate")) {
			free(u.id);
			u.id = val.len ? dd_slice_dup(val) : NULL;
		} else if (dd_slice_eq(key, "PublicDate")) {
			free(u.published);
			u.published = uct_date(val);
		} else if (dd_slice_eq(key, "Priority")) {
			free(u.priority);
			u.priority = dd_slice_dup(dd_parse_until(&val, ' '));
		} else if (dd_slice_starts(key, "Priority_")) {
			DD_GROW(u.prios, u.cap_prios, u.n_prios + 1);
			u.prios[u.n_prios].pkg = dd_slice_dup(dd_slice_of(key.ptr + 9, key.len - 9));
			u.prios[u.n_prios++].prio = dd_slice_dup(dd_parse_until(&val, ' '));
		} else if (dd_slice_eq(key, "Description")) {
			field = F_DESC;
			if (val.len)
				dd_buf_add(&u.desc, val.ptr, val.len);
		} else if (dd_slice_eq(key, "References")) {
			field = F_REFS;
		} else if (dd_slice_eq(key, "CVSS")) {
			field = F_CVSS;
		} else if (memchr(key.ptr, '_', key.len) && !dd_slice_starts(key, "Patches_") &&
			   !dd_slice_starts(key, "Tags_")) {
			if (!u.id || !dd_text_ok(u.id)) {
				r = 0;
				break;
			}
			any_status = true;
			if ((r = status_line(im, name, &u, key, val, e)) < 0)
				goto out;
		}
	}
	if (!u.id || !dd_text_ok(u.id)) {
		dd_import_skip(im, name, "no Candidate field");
		goto out;
	}
	a.id = u.id;
	a.summary = u.desc.len ? u.desc.buf : NULL;
	a.published = u.published;
	a.severity = (char *)dd_severity_norm(u.priority);
	a.cvss_score = -1;
	if (u.cvss.len && dd_text_ok(u.cvss.buf)) {
		a.cvss_vector = u.cvss.buf;
		a.cvss_score = dd_cvss3_score(u.cvss.buf);
	}
	for (i = 0; i < u.n_refs; i++)
		if (!dd_text_ok(u.refs[i]))
			u.refs[i][0] = '\0';
	a.references = u.refs;
	a.n_references = u.n_refs;
	if ((r = dd_store_advisory(im->store, &a, e)) < 0)
		goto out;
	im->records++;
	(void)any_status;
out:
	uct_release(&u);
	return r;
}

const struct dd_feed dd_feed_ubuntu = {
	"ubuntu", "Ubuntu CVE Tracker files (active/, retired/)", accepts, parse, NULL,
};
