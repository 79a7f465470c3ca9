/*
 * src/vulndb/debian.c: the Debian security tracker importer: the tracker's
 * JSON export (security-tracker.debian.org/tracker/data/json: source
 * package -> CVE -> release -> status, fixed_version, urgency, nodsa), the
 * DSA and DLA lists (data/DSA/list, data/DLA/list: advisories with their
 * CVE aliases and per-release fixed versions) and the per-CVE master list
 * (data/CVE/list) in the tracker's text syntax.
 *
 * State mapping (docs/vulndb.md): open/<unfixed>/undetermined -> affected
 * with no fix; no-dsa and postponed -> deferred; ignored -> will not fix;
 * end-of-life (state or urgency) -> EOL; not-affected, removed and
 * fixed_version "0" -> not affected; a version -> fixed. Urgency
 * "unimportant" is severity LOW. The state word is kept in status_detail.
 */
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/parse.h"
#include "util/xalloc.h"
#include "vulndb/import.h"

#define DEB_MAX_LINE 65536

static bool accepts(const char *name)
{
	size_t n = strlen(name);

	return strcmp(name, "list") == 0 || (n > 5 && strcmp(name + n - 5, ".json") == 0);
}

static const char *urgency_severity(const char *u, char *tmp, size_t n)
{
	size_t l;

	if (!u)
		return NULL;
	/* "low*", "medium**": asterisks mark unconfirmed urgencies */
	snprintf(tmp, n, "%s", u);
	l = strlen(tmp);
	while (l && tmp[l - 1] == '*')
		tmp[--l] = '\0';
	if (strcmp(tmp, "end-of-life") == 0 || strcmp(tmp, "not yet assigned") == 0)
		return NULL;
	return dd_severity_norm(tmp);
}

static bool is_cve_id(const char *k)
{
	return strncmp(k, "CVE-", 4) == 0 || strncmp(k, "TEMP-", 5) == 0;
}

/* One release entry of the tracker JSON. */
static int json_release(struct dd_import *im, const char *file, const char *pkg, const char *cve,
			const char *rel, const json_t *r, struct dd_err *e)
{
	struct dd_affected a = { 0 };
	const char *status = dd_j_str(r, "status"), *fixed = dd_j_str(r, "fixed_version");
	const char *urg = dd_j_str(r, "urgency"), *nodsa = dd_j_str(r, "nodsa");
	const char *reason = dd_j_str(r, "nodsa_reason");
	char ns[48], tmp[64];

	if (dd_ns_debian(rel, ns, sizeof(ns)) < 0)
		return 0;	/* unknown release names (experimental...) are not matched */
	if (!status) {
		dd_import_skip(im, file, "%s/%s/%s: release without status", pkg, cve, rel);
		return 0;
	}
	a.advisory_id = cve;
	a.namespace = ns;
	a.package = pkg;
	a.severity = urgency_severity(urg, tmp, sizeof(tmp));
	if (urg && strcmp(urg, "end-of-life") == 0) {
		a.status = DD_STATUS_EOL;
		a.status_detail = "end-of-life";
	} else if (strcmp(status, "resolved") == 0) {
		if (!dd_text_ok(fixed)) {
			dd_import_skip(im, file, "%s/%s/%s: resolved without fixed_version", pkg, cve, rel);
			return 0;
		}
		if (strcmp(fixed, "0") == 0) {
			a.status = DD_STATUS_NOT_AFFECTED;
			a.status_detail = "not-affected";
		} else {
			a.status = DD_STATUS_FIXED;
			a.fixed_version = fixed;
		}
	} else if (strcmp(status, "open") == 0 || strcmp(status, "undetermined") == 0) {
		a.status = DD_STATUS_AFFECTED;
		a.status_detail = strcmp(status, "open") == 0 ? "unfixed" : "undetermined";
		if (reason && strcmp(reason, "ignored") == 0) {
			a.status = DD_STATUS_WONTFIX;
			a.status_detail = "ignored";
		} else if (reason && strcmp(reason, "postponed") == 0) {
			a.status = DD_STATUS_DEFERRED;
			a.status_detail = "postponed";
		} else if ((reason && *reason) || (nodsa && *nodsa)) {
			a.status = DD_STATUS_DEFERRED;
			a.status_detail = "no-dsa";
		}
	} else {
		dd_import_skip(im, file, "%s/%s/%s: unknown status '%.40s'", pkg, cve, rel, status);
		return 0;
	}
	im->affected++;
	return dd_store_affected(im->store, &a, e);
}

static int parse_json(struct dd_import *im, const char *file, struct dd_slice data,
		      struct dd_err *e)
{
	struct dd_err pe = DD_ERR_INIT;
	json_t *root = NULL, *cves, *cv, *rels, *rv;
	const char *pkg, *cve, *rel;
	int r;

	if ((r = dd_json_parse(data, &root, &pe)) < 0) {
		dd_err_set(e, r, "%s: %s", file, dd_err_msg(&pe));
		dd_err_release(&pe);
		return r;
	}
	if (!json_is_object(root)) {
		json_decref(root);
		return dd_err_set(e, -DDE_FORMAT, "%s: not a Debian tracker JSON object", file);
	}
	r = 0;
	json_object_foreach(root, pkg, cves) {
		if (!json_is_object(cves) || !dd_text_ok(pkg))
			continue;
		json_object_foreach(cves, cve, cv) {
			struct dd_advisory adv = { 0 };
			const char *desc = dd_j_str(cv, "description");

			if (!is_cve_id(cve) || !dd_text_ok(cve))
				continue;
			rels = json_object_get(cv, "releases");
			if (!json_is_object(rels)) {
				dd_import_skip(im, file, "%s/%s: no releases", pkg, cve);
				continue;
			}
			adv.id = (char *)cve;
			adv.summary = dd_text_ok(desc) ? (char *)desc : NULL;
			adv.cvss_score = -1;
			if ((r = dd_store_advisory(im->store, &adv, e)) < 0)
				goto out;
			im->records++;
			json_object_foreach(rels, rel, rv)
				if ((r = json_release(im, file, pkg, cve, rel, rv, e)) < 0)
					goto out;
		}
	}
out:
	json_decref(root);
	return r;
}

/*
 * Parses "pkg <state> (notes)" or "pkg version (notes)" (the text after
 * "- "). Fills a (pointing into buf). Returns false when malformed.
 */
static bool parse_pkg_line(char *s, struct dd_affected *a, char **pkg_out)
{
	char *pkg = s, *p, *word, *notes = NULL;
	static char sev_tmp[32];

	p = strchr(s, ' ');
	if (p)
		*p++ = '\0';
	if (!*pkg)
		return false;
	*pkg_out = pkg;
	a->package = pkg;
	if (!p || !*p) {
		/* "- pkg" with no version: affected, fix unknown (tracker: unfixed) */
		a->status = DD_STATUS_AFFECTED;
		a->status_detail = "unfixed";
		return true;
	}
	while (*p == ' ')
		p++;
	word = p;
	if (*word == '(') {
		notes = word + 1;
		word = NULL;
	} else {
		p = strchr(word, ' ');
		if (p) {
			*p++ = '\0';
			while (*p == ' ')
				p++;
			if (*p == '(')
				notes = p + 1;
		}
	}
	if (notes) {
		char *end = strchr(notes, ')');
		size_t n;

		if (end)
			*end = '\0';
		n = strcspn(notes, ";");
		snprintf(sev_tmp, sizeof(sev_tmp), "%.*s", (int)(n < 31 ? n : 31), notes);
		a->severity = dd_severity_norm(sev_tmp);
	}
	if (!word) {
		a->status = DD_STATUS_AFFECTED;
		a->status_detail = "unfixed";
	} else if (*word == '<') {
		static const struct {
			const char *w;
			enum dd_status st;
			const char *detail;
		} t[] = {
			{ "<unfixed>", DD_STATUS_AFFECTED, "unfixed" },
			{ "<undetermined>", DD_STATUS_AFFECTED, "undetermined" },
			{ "<no-dsa>", DD_STATUS_DEFERRED, "no-dsa" },
			{ "<postponed>", DD_STATUS_DEFERRED, "postponed" },
			{ "<ignored>", DD_STATUS_WONTFIX, "ignored" },
			{ "<end-of-life>", DD_STATUS_EOL, "end-of-life" },
			{ "<not-affected>", DD_STATUS_NOT_AFFECTED, "not-affected" },
			{ "<removed>", DD_STATUS_NOT_AFFECTED, "removed" },
		};
		size_t i;

		for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
			if (strcmp(word, t[i].w) == 0) {
				a->status = t[i].st;
				a->status_detail = t[i].detail;
				return true;
			}
		return false;	/* <itp> and unknown states */
	} else if (strcmp(word, "0") == 0) {
		a->status = DD_STATUS_NOT_AFFECTED;
		a->status_detail = "not-affected";
	} else {
		a->status = DD_STATUS_FIXED;
		a->fixed_version = word;
	}
	return true;
}

static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
				      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* "[29 Mar 2023" -> "2023-03-29T00:00:00Z"; false when malformed. */
static bool list_date(struct dd_slice s, char *out, size_t n)
{
	uint64_t day, year;
	struct dd_slice mon;
	int m;

	if (!dd_parse_skip(&s, "[") || dd_parse_u64(&s, 31, &day) < 0 || !dd_parse_skip(&s, " "))
		return false;
	mon = dd_parse_until(&s, ' ');
	for (m = 0; m < 12; m++)
		if (dd_slice_eq(mon, months[m]))
			break;
	if (m == 12 || dd_parse_u64(&s, 9999, &year) < 0)
		return false;
	snprintf(out, n, "%04u-%02d-%02uT00:00:00Z", (unsigned)year, m + 1, (unsigned)day);
	return true;
}

struct list_entry {
	char *id;		/* DSA-5380-1 or CVE-2023-1234 */
	char *summary;
	char date[32];
	char **aliases;
	size_t n_aliases, cap_aliases;
	const char *severity;	/* from the sid line, applied to release lines without one */
};

static void entry_clear(struct list_entry *le)
{
	size_t i;

	for (i = 0; i < le->n_aliases; i++)
		free(le->aliases[i]);
	free(le->aliases);
	free(le->id);
	free(le->summary);
	memset(le, 0, sizeof(*le));
}

static int entry_flush(struct dd_import *im, struct list_entry *le, struct dd_err *e)
{
	struct dd_advisory a = { 0 };
	int r;

	if (!le->id)
		return 0;
	a.id = le->id;
	a.summary = le->summary;
	a.published = le->date[0] ? le->date : NULL;
	a.aliases = le->aliases;
	a.n_aliases = le->n_aliases;
	a.cvss_score = -1;
	r = dd_store_advisory(im->store, &a, e);
	if (r == 0)
		im->records++;
	entry_clear(le);
	return r;
}

/* DSA/DLA list and CVE list: the shared line syntax. */
static int parse_list(struct dd_import *im, const char *file, struct dd_slice data,
		      struct dd_err *e)
{
	struct list_entry le = { 0 };
	struct dd_slice line;
	size_t lineno = 0;
	int r = 0;

	while (dd_parse_line(&data, &line)) {
		char *buf;
		struct dd_slice t;

		lineno++;
		if (line.len > DEB_MAX_LINE) {
			dd_import_skip(im, file, "line %zu: longer than %d bytes", lineno, DEB_MAX_LINE);
			continue;
		}
		if (line.len == 0)
			continue;
		if (line.ptr[0] != ' ' && line.ptr[0] != '\t') {
			/* a new entry */
			if ((r = entry_flush(im, &le, e)) < 0)
				goto out;
			if (line.ptr[0] == '[') {
				/* "[29 Mar 2023] DSA-5380-1 xorg-server - security update" */
				struct dd_slice rest = line, id;

				if (!list_date(dd_parse_until(&rest, ']'), le.date, sizeof(le.date)))
					le.date[0] = '\0';
				rest = dd_slice_trim(rest);
				id = dd_parse_until(&rest, ' ');
				if (!dd_slice_starts(id, "DSA-") && !dd_slice_starts(id, "DLA-") &&
				    !dd_slice_starts(id, "DTSA-")) {
					dd_import_skip(im, file, "line %zu: no advisory id", lineno);
					continue;
				}
				le.id = dd_slice_dup(id);
				rest = dd_slice_trim(rest);
				le.summary = rest.len ? dd_slice_dup(rest) : NULL;
			} else if (dd_slice_starts(line, "CVE-")) {
				struct dd_slice rest = line, id = dd_parse_until(&rest, ' ');

				le.id = dd_slice_dup(id);
				rest = dd_slice_trim(rest);
				if (rest.len > 2 && (rest.ptr[0] == '(' || rest.ptr[0] == '[')) {
					rest.ptr++;
					rest.len -= 2;
					if (rest.len > 4 && memcmp(rest.ptr + rest.len - 4, " ...", 4) == 0)
						rest.len -= 4;
					le.summary = dd_slice_dup(rest);
				}
			} else {
				dd_import_skip(im, file, "line %zu: unexpected text", lineno);
			}
			continue;
		}
		if (!le.id)
			continue;
		t = dd_slice_trim(line);
		if (t.len && t.ptr[0] == '{') {
			/* {CVE-1 CVE-2}: aliases */
			struct dd_slice ids = t;

			ids.ptr++;
			ids.len--;
			if (ids.len && ids.ptr[ids.len - 1] == '}')
				ids.len--;
			while (ids.len) {
				struct dd_slice one = dd_slice_trim(dd_parse_until(&ids, ' '));

				if (one.len && le.n_aliases < DD_STORE_MAX_LIST) {
					DD_GROW(le.aliases, le.cap_aliases, le.n_aliases + 1);
					le.aliases[le.n_aliases++] = dd_slice_dup(one);
				}
			}
			continue;
		}
		if (t.len && (t.ptr[0] == '[' || t.ptr[0] == '-')) {
			struct dd_affected a = { 0 };
			char ns[48], *pkg = NULL;
			struct dd_slice rel = DD_SLICE_NULL, rest = t;
			bool sid = t.ptr[0] == '-';
			char *relname;

			if (!sid) {
				rest.ptr++;
				rest.len--;
				rel = dd_parse_until(&rest, ']');
				rest = dd_slice_trim(rest);
			}
			if (!dd_parse_skip(&rest, "- ")) {
				dd_import_skip(im, file, "line %zu: malformed package line", lineno);
				continue;
			}
			relname = sid ? dd_xstrdup("sid") : dd_slice_dup(rel);
			if (dd_ns_debian(relname, ns, sizeof(ns)) < 0) {
				free(relname);
				continue;	/* release names outside the table */
			}
			free(relname);
			buf = dd_slice_dup(dd_slice_trim(rest));
			if (!parse_pkg_line(buf, &a, &pkg) || !dd_text_ok(pkg)) {
				if (!strstr(buf, "<itp>"))
					dd_import_skip(im, file, "line %zu: malformed package line", lineno);
				free(buf);
				continue;
			}
			if (sid)
				le.severity = a.severity;
			else if (!a.severity)
				a.severity = le.severity;
			a.advisory_id = le.id;
			a.namespace = ns;
			r = dd_store_affected(im->store, &a, e);
			free(buf);
			if (r < 0)
				goto out;
			im->affected++;
		}
		/* NOTE:, TODO:, NOT-FOR-US:, RESERVED, REJECTED: informational */
	}
	r = entry_flush(im, &le, e);
out:
	entry_clear(&le);
	return r;
}

static int parse(struct dd_import *im, const char *name, struct dd_slice data, struct dd_err *e)
{
	struct dd_slice t = dd_slice_trim(data);

	if (t.len && t.ptr[0] == '{')
		return parse_json(im, name, data, e);
	if (t.len && (t.ptr[0] == '[' || dd_slice_starts(t, "CVE-")))
		return parse_list(im, name, data, e);
	if (t.len == 0)
		return 0;
	return dd_err_set(e, -DDE_FORMAT, "%s: neither tracker JSON nor a DSA/DLA/CVE list", name);
}

const struct dd_feed dd_feed_debian = {
	"debian", "Debian security tracker JSON, DSA/DLA lists, CVE list", accepts, parse, NULL,
};
