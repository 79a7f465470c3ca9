/*
 * src/match/findings.c: the findings container (struct dd_findings) and the
 * severity and status vocabularies every report shares.
 */
#include "match/match.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/xalloc.h"

static const char *const sev_names[DD_SEV__COUNT] = {
	"UNKNOWN", "NEGLIGIBLE", "LOW", "MEDIUM", "HIGH", "CRITICAL",
};

const char *dd_severity_name(enum dd_severity s)
{
	return (unsigned)s < DD_SEV__COUNT ? sev_names[s] : "UNKNOWN";
}

int dd_severity_parse(const char *name, enum dd_severity *out)
{
	static const struct {
		const char *word;
		enum dd_severity sev;
	} words[] = {
		{ "critical", DD_SEV_CRITICAL }, { "high", DD_SEV_HIGH }, { "important", DD_SEV_HIGH },
		{ "medium", DD_SEV_MEDIUM }, { "moderate", DD_SEV_MEDIUM }, { "low", DD_SEV_LOW },
		{ "unimportant", DD_SEV_LOW }, { "negligible", DD_SEV_NEGLIGIBLE },
		{ "unknown", DD_SEV_UNKNOWN }, { "not yet assigned", DD_SEV_UNKNOWN },
		{ "untriaged", DD_SEV_UNKNOWN }, { "none", DD_SEV_UNKNOWN },
	};
	size_t i;

	*out = DD_SEV_UNKNOWN;
	if (!name)
		return -DDE_NOTFOUND;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (strcasecmp(name, words[i].word) == 0) {
			*out = words[i].sev;
			return 0;
		}
	}
	return -DDE_NOTFOUND;
}

enum dd_severity dd_severity_from_cvss(double score)
{
	if (score >= 9.0)
		return DD_SEV_CRITICAL;
	if (score >= 7.0)
		return DD_SEV_HIGH;
	if (score >= 4.0)
		return DD_SEV_MEDIUM;
	if (score > 0.0)
		return DD_SEV_LOW;
	return DD_SEV_UNKNOWN;
}

int dd_severity_parse_list(const char *list, unsigned *mask, struct dd_err *e)
{
	const char *p = list;

	*mask = 0;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char word[32];
		enum dd_severity s;

		if (n == 0 || n >= sizeof(word))
			return dd_err_set(e, -DDE_USAGE, "bad severity list '%s'", list);
		memcpy(word, p, n);
		word[n] = '\0';
		if (dd_severity_parse(word, &s) < 0 || strcasecmp(word, dd_severity_name(s)) != 0)
			return dd_err_set(e, -DDE_USAGE,
					  "unknown severity '%s' (use CRITICAL, HIGH, MEDIUM, LOW, NEGLIGIBLE, UNKNOWN)",
					  word);
		*mask |= 1u << s;
		p += n;
		if (*p == ',')
			p++;
	}
	if (!*mask)
		return dd_err_set(e, -DDE_USAGE, "empty severity list");
	return 0;
}

static const char *const status_names[] = {
	[DD_STATUS_UNKNOWN] = "unknown",
	[DD_STATUS_FIXED] = "fixed",
	[DD_STATUS_AFFECTED] = "affected",
	[DD_STATUS_WONTFIX] = "will_not_fix",
	[DD_STATUS_DEFERRED] = "fix_deferred",
	[DD_STATUS_NOT_AFFECTED] = "not_affected",
	[DD_STATUS_EOL] = "end_of_life",
	[DD_STATUS_NEEDS_TRIAGE] = "needs_triage",
	[DD_STATUS_IGNORED] = "ignored",
};

const char *dd_status_name(enum dd_status s)
{
	if ((unsigned)s < sizeof(status_names) / sizeof(status_names[0]) && status_names[s])
		return status_names[s];
	return "unknown";
}

int dd_status_parse(const char *name, enum dd_status *out)
{
	static const struct {
		const char *word;
		enum dd_status st;
	} extra[] = {
		{ "wontfix", DD_STATUS_WONTFIX }, { "will-not-fix", DD_STATUS_WONTFIX },
		{ "deferred", DD_STATUS_DEFERRED }, { "eol", DD_STATUS_EOL },
		{ "end-of-life", DD_STATUS_EOL }, { "unfixed", DD_STATUS_AFFECTED },
	};
	size_t i;

	for (i = 0; i < sizeof(status_names) / sizeof(status_names[0]); i++) {
		if (strcasecmp(name, status_names[i]) == 0) {
			*out = (enum dd_status)i;
			return 0;
		}
	}
	for (i = 0; i < sizeof(extra) / sizeof(extra[0]); i++) {
		if (strcasecmp(name, extra[i].word) == 0) {
			*out = extra[i].st;
			return 0;
		}
	}
	return -DDE_NOTFOUND;
}

void dd_findings_init(struct dd_findings *f)
{
	memset(f, 0, sizeof(*f));
}

static void finding_release(struct dd_finding *x)
{
	size_t i;

	free(x->id);
	for (i = 0; i < x->n_aliases; i++)
		free(x->aliases[i]);
	free(x->aliases);
	free(x->title);
	free(x->url);
	free(x->pkg_name);
	free(x->src_name);
	free(x->pkg_purl);
	free(x->installed);
	free(x->fixed);
	free(x->severity_source);
	free(x->cvss_vector);
	free(x->target);
	free(x->found_in);
	free(x->layer_digest);
	free(x->layer_diff_id);
	free(x->created_by);
	free(x->reason);
	free(x->suppressed);
}

void dd_findings_release(struct dd_findings *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		finding_release(&f->v[i]);
	free(f->v);
	for (i = 0; i < f->n_nc; i++) {
		free(f->nc[i].target);
		free(f->nc[i].pkg_name);
		free(f->nc[i].version);
		free(f->nc[i].reason);
	}
	free(f->nc);
	for (i = 0; i < f->n_pu; i++) {
		free(f->pu[i].target);
		free(f->pu[i].pkg_name);
		free(f->pu[i].src_name);
		free(f->pu[i].installed);
		free(f->pu[i].available);
	}
	free(f->pu);
	free(f->artifact);
	free(f->artifact_kind);
	free(f->os_family);
	free(f->os_version);
	free(f->image_digest);
	memset(f, 0, sizeof(*f));
}

struct dd_finding *dd_findings_add(struct dd_findings *f)
{
	struct dd_finding *x;

	DD_GROW(f->v, f->cap, f->n + 1);
	x = &f->v[f->n++];
	memset(x, 0, sizeof(*x));
	x->cvss_score = -1;
	x->epss = -1;
	x->layer = -1;
	return x;
}

struct dd_uncovered *dd_findings_add_uncovered(struct dd_findings *f)
{
	struct dd_uncovered *x;

	DD_GROW(f->nc, f->cap_nc, f->n_nc + 1);
	x = &f->nc[f->n_nc++];
	memset(x, 0, sizeof(*x));
	return x;
}

struct dd_pending *dd_findings_add_pending(struct dd_findings *f)
{
	struct dd_pending *x;

	DD_GROW(f->pu, f->cap_pu, f->n_pu + 1);
	x = &f->pu[f->n_pu++];
	memset(x, 0, sizeof(*x));
	return x;
}

static int strcmp0(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int finding_cmp(const void *pa, const void *pb)
{
	const struct dd_finding *a = pa, *b = pb;
	int c;

	if ((c = strcmp0(a->target, b->target)) != 0)
		return c;
	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	if ((c = strcmp0(a->pkg_name, b->pkg_name)) != 0)
		return c;
	if ((c = strcmp0(a->installed, b->installed)) != 0)
		return c;
	return strcmp0(a->id, b->id);
}

static int uncovered_cmp(const void *pa, const void *pb)
{
	const struct dd_uncovered *a = pa, *b = pb;
	int c;

	if ((c = strcmp0(a->target, b->target)) != 0)
		return c;
	if ((c = strcmp0(a->pkg_name, b->pkg_name)) != 0)
		return c;
	return strcmp0(a->version, b->version);
}

static int pending_cmp(const void *pa, const void *pb)
{
	const struct dd_pending *a = pa, *b = pb;
	int c;

	if ((c = strcmp0(a->target, b->target)) != 0)
		return c;
	return strcmp0(a->pkg_name, b->pkg_name);
}

void dd_findings_sort(struct dd_findings *f)
{
	if (f->n > 1)
		qsort(f->v, f->n, sizeof(*f->v), finding_cmp);
	if (f->n_nc > 1)
		qsort(f->nc, f->n_nc, sizeof(*f->nc), uncovered_cmp);
	if (f->n_pu > 1)
		qsort(f->pu, f->n_pu, sizeof(*f->pu), pending_cmp);
}

void dd_findings_count(const struct dd_findings *f, size_t counts[DD_SEV__COUNT])
{
	size_t i;

	memset(counts, 0, sizeof(size_t) * DD_SEV__COUNT);
	for (i = 0; i < f->n; i++)
		if (!f->v[i].suppressed)
			counts[f->v[i].severity < DD_SEV__COUNT ? f->v[i].severity : 0]++;
}
