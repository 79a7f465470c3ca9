/*
 * src/vulndb/osv.c: the OSV importer: OSV JSON records (one per file, or an
 * array of them), directories of them, the per-ecosystem all.zip export (the
 * framework opens archives) and OSV YAML (the PyPI advisory database).
 * Ecosystem names map to namespaces as vulndb.h says: language ecosystems
 * keep their OSV name, distribution ecosystems ("Debian:12",
 * "Alpine:v3.19", "Ubuntu:22.04") become "debian:12", "alpine:3.19"...
 *
 * JSON is read with the pull reader of jsonr.h straight into struct
 * osv_rec (no jansson tree; strings and lists live in the reader's arena,
 * reused from file to file); a file is stored only once all of it has been
 * read without error, so a malformed file is skipped whole. YAML is
 * converted to JSON text first and then read the same way.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xalloc.h"
#include "vulndb/cvss.h"
#include "vulndb/import.h"
#include "vulndb/jsonr.h"

#define OSV_MAX_AFFECTED 4096

static bool accepts(const char *name)
{
	size_t n = strlen(name);

	return (n > 5 && strcmp(name + n - 5, ".json") == 0) ||
	       (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	       (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

/* Namespace of an OSV ecosystem; false when it is not one drydock matches. */
static bool osv_namespace(const char *eco, char *out, size_t n)
{
	static const char *const langs[] = {
		"npm", "PyPI", "Go", "crates.io", "Maven", "RubyGems", "NuGet", "Packagist",
		"Hex", "Pub", "Hackage", "CRAN", "SwiftURL", "GitHub Actions", "Bitnami", NULL,
	};
	const char *colon = strchr(eco, ':');
	char fam[32];
	size_t i, fl;

	if (!colon) {
		for (i = 0; langs[i]; i++)
			if (strcmp(langs[i], eco) == 0) {
				snprintf(out, n, "%s", eco);
				return true;
			}
		return false;
	}
	fl = (size_t)(colon - eco);
	if (fl == 0 || fl >= sizeof(fam))
		return false;
	for (i = 0; i < fl; i++) {
		char c = eco[i];

		fam[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : (c == ' ' ? '-' : c));
	}
	fam[fl] = '\0';
	if (strcmp(fam, "debian") == 0)
		return dd_ns_debian(colon + 1, out, n) == 0;
	if (strcmp(fam, "alpine") == 0)
		return dd_ns_alpine(colon + 1, out, n) == 0;
	if (strcmp(fam, "ubuntu") == 0) {
		const char *rel = colon + 1;

		/* "Ubuntu:22.04:LTS", "Ubuntu:Pro:18.04:LTS": plain releases only */
		if (strncmp(rel, "Pro:", 4) == 0 || strncmp(rel, "FIPS", 4) == 0)
			return false;
		snprintf(out, n, "ubuntu:%.*s", (int)strcspn(rel, ":"), rel);
		return true;
	}
	if (strcmp(fam, "rocky-linux") == 0)
		snprintf(fam, sizeof(fam), "rocky");
	if (!dd_text_ok(colon + 1))
		return false;
	snprintf(out, n, "%s:%s", fam, colon + 1);
	return true;
}

static bool is_distro_ns(const char *ns)
{
	return strchr(ns, ':') != NULL;
}

/*
 * One OSV record as read from the JSON, before any storing: the fields the
 * importer uses, in arena memory (jsonr.h). A field is NULL when absent or
 * not a string; lists keep only the entries that will be stored, in order.
 */
struct osv_sev {
	const char *type, *score;
};

struct osv_range {
	const char *type;
	struct dd_event *ev;	size_t n_ev, cap_ev;
};

struct osv_aff {
	const char *eco, *name;
	const char **versions;	size_t n_versions, cap_versions;
	struct osv_range *ranges;	size_t n_ranges, cap_ranges;
};

struct osv_rec {
	bool object;
	const char *id, *summary, *details, *published, *modified, *withdrawn, *db_severity;
	struct osv_sev *sev;	size_t n_sev, cap_sev;
	const char **aliases;	size_t n_aliases, cap_aliases;
	const char **refs;	size_t n_refs, cap_refs;
	struct osv_aff *aff;	size_t n_aff, cap_aff;
	size_t n_aff_all;	/* elements of "affected", kept or not */
};

/* One file read and waiting to be stored: its reader (arena) and records, or why it is skipped. */
struct osv_doc {
	struct dd_jsonr jr;
	struct osv_rec *recs;	size_t n_recs, cap_recs;
	struct dd_buf name;
	struct dd_buf bad;	/* non-empty: the file is skipped for this reason */
};

/*
 * The importer's state across files. Reading and parsing run in the
 * caller's thread; storing runs in one writer thread, fed through a ring of
 * OSV_SLOTS documents in file order (so the database is the same as a
 * serial import). Only the writer touches the store and the record, skip
 * and reason counters of struct dd_import between the first parse and
 * finish; the caller only counts files.
 */
#define OSV_SLOTS 32
#define OSV_BATCH 8	/* a sleeping thread is woken when this much work awaits it */

struct osv_state {
	struct osv_doc slot[OSV_SLOTS];
	size_t head, tail;	/* documents [head, tail) are filled, oldest first */
	bool done;		/* no more documents will come */
	bool writer_waits, reader_waits;	/* asleep on filled / freed */
	int err;		/* the writer's first error (then it stores nothing more) */
	struct dd_err werr;
	pthread_mutex_t mu;
	pthread_cond_t filled, freed;
	pthread_t writer;
	bool started;
	struct dd_import *im;
	char **ptrs;		size_t cap_ptrs;	/* aliases/references handed to the store */
};

/* Makes room for one more element of an arena vector (old copies stay in the arena). */
static void *vgrow(struct dd_jsonr *r, void *v, size_t n, size_t *cap, size_t elem)
{
	void *nv;
	size_t ncap;

	if (n < *cap)
		return v;
	ncap = *cap ? *cap * 2 : 4;
	nv = dd_jsonr_alloc(r, ncap * elem);
	if (n)
		memcpy(nv, v, n * elem);
	*cap = ncap;
	return nv;
}

#define VPUSH(r, arr, n, cap) \
	((arr) = vgrow((r), (arr), (n), &(cap), sizeof(*(arr))), &(arr)[(n)++])

static bool key_is(struct dd_slice k, const char *lit, size_t n)
{
	return k.len == n && memcmp(k.ptr, lit, n) == 0;
}

#define KEY(k, lit) key_is((k), lit, sizeof(lit) - 1)

/* A string value, or NULL after skipping a value of another type. */
static const char *str_or_skip(struct dd_jsonr *r)
{
	const char *s = NULL;

	if (dd_jsonr_peek(r) == DD_JSONR_STRING)
		dd_jsonr_str(r, &s, NULL);
	else
		dd_jsonr_skip(r);
	return s;
}

/* Whether the next value is an object (entered) or array (entered); else it is skipped. */
static bool enter(struct dd_jsonr *r, int type)
{
	int t = dd_jsonr_peek(r);

	if (t == type)
		return (type == DD_JSONR_OBJECT ? dd_jsonr_obj_begin(r) : dd_jsonr_arr_begin(r)) == 0;
	if (t > 0)
		dd_jsonr_skip(r);
	return false;
}

/* An array of strings: the text_ok ones, at most DD_STORE_MAX_LIST. */
static void read_str_list(struct dd_jsonr *r, const char ***v, size_t *n, size_t *cap)
{
	if (!enter(r, DD_JSONR_ARRAY))
		return;
	while (dd_jsonr_arr_next(r) > 0) {
		const char *s = str_or_skip(r);

		if (dd_text_ok(s) && *n < DD_STORE_MAX_LIST)
			*VPUSH(r, *v, *n, *cap) = s;
	}
}

/* The value of the member named key in an object of strings (others skipped); NULL when absent. */
static const char *obj_str(struct dd_jsonr *r, const char *key)
{
	const char *v = NULL;
	struct dd_slice k;

	if (!enter(r, DD_JSONR_OBJECT))
		return NULL;
	while (dd_jsonr_obj_key(r, &k) > 0) {
		if (dd_slice_eq(k, key))
			v = str_or_skip(r);
		else
			dd_jsonr_skip(r);
	}
	return v;
}

static void read_events(struct dd_jsonr *r, struct osv_range *rg)
{
	static const char *const kinds[] = { "introduced", "fixed", "last_affected", "limit" };

	if (!enter(r, DD_JSONR_ARRAY))
		return;
	while (dd_jsonr_arr_next(r) > 0) {
		const char *v[4] = { NULL, NULL, NULL, NULL };
		struct dd_slice k;
		int kk;

		if (!enter(r, DD_JSONR_OBJECT))
			continue;
		while (dd_jsonr_obj_key(r, &k) > 0) {
			for (kk = 0; kk < 4; kk++)
				if (dd_slice_eq(k, kinds[kk]))
					break;
			if (kk < 4)
				v[kk] = str_or_skip(r);
			else
				dd_jsonr_skip(r);
		}
		/* the first kind (in this order, not the document's) with a usable version */
		if (rg->n_ev >= DD_STORE_MAX_LIST)
			continue;
		for (kk = 0; kk < 4; kk++)
			if (dd_text_ok(v[kk])) {
				struct dd_event *ev = VPUSH(r, rg->ev, rg->n_ev, rg->cap_ev);

				ev->kind = (enum dd_event_kind)kk;
				ev->version = v[kk];
				break;
			}
	}
}

static void read_affected(struct dd_jsonr *r, struct osv_aff *a)
{
	struct dd_slice k;

	if (!enter(r, DD_JSONR_OBJECT))
		return;
	while (dd_jsonr_obj_key(r, &k) > 0) {
		if (KEY(k, "package")) {
			struct dd_slice pk;

			if (!enter(r, DD_JSONR_OBJECT))
				continue;
			while (dd_jsonr_obj_key(r, &pk) > 0) {
				if (KEY(pk, "ecosystem"))
					a->eco = str_or_skip(r);
				else if (KEY(pk, "name"))
					a->name = str_or_skip(r);
				else
					dd_jsonr_skip(r);
			}
		} else if (KEY(k, "versions")) {
			read_str_list(r, &a->versions, &a->n_versions, &a->cap_versions);
		} else if (KEY(k, "ranges")) {
			if (!enter(r, DD_JSONR_ARRAY))
				continue;
			while (dd_jsonr_arr_next(r) > 0) {
				struct osv_range rg = { 0 };
				struct dd_slice rk;

				if (!enter(r, DD_JSONR_OBJECT))
					continue;
				while (dd_jsonr_obj_key(r, &rk) > 0) {
					if (KEY(rk, "type"))
						rg.type = str_or_skip(r);
					else if (KEY(rk, "events"))
						read_events(r, &rg);
					else
						dd_jsonr_skip(r);
				}
				if (rg.type && strcmp(rg.type, "GIT") != 0)
					*VPUSH(r, a->ranges, a->n_ranges, a->cap_ranges) = rg;
			}
		} else {
			dd_jsonr_skip(r);
		}
	}
}

/* Reads one record (any JSON value; only objects are records). */
static void read_record(struct dd_jsonr *r, struct osv_rec *x)
{
	struct dd_slice k;

	memset(x, 0, sizeof(*x));
	if (!enter(r, DD_JSONR_OBJECT))
		return;
	x->object = true;
	while (dd_jsonr_obj_key(r, &k) > 0) {
		if (KEY(k, "id"))
			x->id = str_or_skip(r);
		else if (KEY(k, "summary"))
			x->summary = str_or_skip(r);
		else if (KEY(k, "details"))
			x->details = str_or_skip(r);
		else if (KEY(k, "published"))
			x->published = str_or_skip(r);
		else if (KEY(k, "modified"))
			x->modified = str_or_skip(r);
		else if (KEY(k, "withdrawn"))
			x->withdrawn = str_or_skip(r);
		else if (KEY(k, "database_specific"))
			x->db_severity = obj_str(r, "severity");
		else if (KEY(k, "aliases"))
			read_str_list(r, &x->aliases, &x->n_aliases, &x->cap_aliases);
		else if (KEY(k, "references")) {
			if (!enter(r, DD_JSONR_ARRAY))
				continue;
			while (dd_jsonr_arr_next(r) > 0) {
				const char *u = obj_str(r, "url");

				if (dd_text_ok(u) && x->n_refs < DD_STORE_MAX_LIST)
					*VPUSH(r, x->refs, x->n_refs, x->cap_refs) = u;
			}
		} else if (KEY(k, "severity")) {
			if (!enter(r, DD_JSONR_ARRAY))
				continue;
			while (dd_jsonr_arr_next(r) > 0) {
				struct osv_sev sv = { NULL, NULL };
				struct dd_slice sk;

				if (!enter(r, DD_JSONR_OBJECT))
					continue;
				while (dd_jsonr_obj_key(r, &sk) > 0) {
					if (KEY(sk, "type"))
						sv.type = str_or_skip(r);
					else if (KEY(sk, "score"))
						sv.score = str_or_skip(r);
					else
						dd_jsonr_skip(r);
				}
				*VPUSH(r, x->sev, x->n_sev, x->cap_sev) = sv;
			}
		} else if (KEY(k, "affected")) {
			if (!enter(r, DD_JSONR_ARRAY))
				continue;
			while (dd_jsonr_arr_next(r) > 0) {
				/* entries past the cap are read (validated) but not kept */
				struct osv_aff tmp = { 0 }, *a = &tmp;

				if (x->n_aff_all++ < OSV_MAX_AFFECTED)
					a = VPUSH(r, x->aff, x->n_aff, x->cap_aff);
				memset(a, 0, sizeof(*a));
				read_affected(r, a);
			}
		} else {
			dd_jsonr_skip(r);
		}
	}
}

/* Severity and CVSS of a record into a (borrowed strings). */
static void osv_severity(const struct osv_rec *x, struct dd_advisory *a)
{
	size_t i;

	for (i = 0; i < x->n_sev; i++) {
		const char *type = x->sev[i].type, *score = x->sev[i].score;

		if (!type || !dd_text_ok(score))
			continue;
		if (strcmp(type, "CVSS_V3") != 0 && strcmp(type, "CVSS_V4") != 0)
			continue;
		/* v3 preferred (a score can be computed); v4 kept when alone */
		if (a->cvss_vector && strcmp(type, "CVSS_V4") == 0)
			continue;
		a->cvss_vector = (char *)score;
		a->cvss_score = dd_cvss3_score(score);
	}
	a->severity = (char *)dd_severity_norm(x->db_severity);
	if (!a->severity && a->cvss_score >= 0)
		a->severity = (char *)dd_cvss_severity(a->cvss_score);
}

static int store_affected(struct dd_import *im, const char *file, const char *id,
			  const struct osv_aff *x, struct dd_err *e)
{
	const char *eco = x->eco, *name = x->name;
	char ns[96], pname[512];
	size_t i, k, rows = 0;
	bool distro;
	int r;

	if (!dd_text_ok(eco) || !dd_text_ok(name) || strlen(name) >= sizeof(pname)) {
		dd_import_skip(im, file, "%s: affected entry without package name/ecosystem", id);
		return 0;
	}
	if (!osv_namespace(eco, ns, sizeof(ns)))
		return 0;	/* an ecosystem drydock does not match: not an error */
	distro = is_distro_ns(ns);
	if (strcmp(ns, "PyPI") == 0)
		dd_pypi_norm(name, pname, sizeof(pname));
	else
		snprintf(pname, sizeof(pname), "%s", name);
	for (i = 0; i < x->n_ranges; i++) {
		const struct osv_range *rg = &x->ranges[i];
		struct dd_affected a = { 0 };
		const char *fixed = NULL;

		if (rg->n_ev == 0) {
			dd_import_skip(im, file, "%s: range without events", id);
			continue;
		}
		for (k = 0; k < rg->n_ev; k++)
			if (rg->ev[k].kind == DD_EV_FIXED)
				fixed = rg->ev[k].version;
		a.advisory_id = id;
		a.namespace = ns;
		a.package = pname;
		a.status = fixed ? DD_STATUS_FIXED : DD_STATUS_AFFECTED;
		a.fixed_version = distro ? fixed : NULL;
		a.range_type = rg->type;
		a.events = rg->ev;
		a.n_events = rg->n_ev;
		if (rows == 0) {
			a.versions = x->versions;
			a.n_versions = x->n_versions;
		}
		if ((r = dd_store_affected(im->store, &a, e)) < 0)
			return r;
		rows++;
		im->affected++;
	}
	if (rows == 0 && x->n_versions) {
		struct dd_affected a = { 0 };

		a.advisory_id = id;
		a.namespace = ns;
		a.package = pname;
		a.status = DD_STATUS_AFFECTED;
		a.versions = x->versions;
		a.n_versions = x->n_versions;
		if ((r = dd_store_affected(im->store, &a, e)) < 0)
			return r;
		im->affected++;
	}
	return 0;
}

/* Stores one record read by read_record. */
static int store_record(struct dd_import *im, struct osv_state *st, const char *file,
			const struct osv_rec *x, struct dd_err *e)
{
	struct dd_advisory a = { 0 };
	size_t i, need = x->n_aliases + x->n_refs;
	int r;

	if (!x->object || !dd_text_ok(x->id) || strlen(x->id) > 256) {
		dd_import_skip(im, file, "record without an id");
		return 0;
	}
	a.id = (char *)x->id;
	a.summary = (char *)x->summary;
	if (!dd_text_ok(a.summary)) {
		a.summary = NULL;
		if (x->details && strlen(x->details) < DD_STORE_MAX_FIELD)
			a.summary = (char *)x->details;
	}
	a.published = (char *)x->published;
	a.modified = (char *)x->modified;
	a.cvss_score = -1;
	a.epss = -1;
	osv_severity(x, &a);
	if (need)
		DD_GROW(st->ptrs, st->cap_ptrs, need);
	for (i = 0; i < x->n_aliases; i++)
		st->ptrs[i] = (char *)x->aliases[i];
	for (i = 0; i < x->n_refs; i++)
		st->ptrs[x->n_aliases + i] = (char *)x->refs[i];
	a.aliases = st->ptrs;
	a.n_aliases = x->n_aliases;
	a.references = need ? st->ptrs + x->n_aliases : NULL;
	a.n_references = x->n_refs;
	if ((r = dd_store_advisory(im->store, &a, e)) < 0)
		return r;
	im->records++;
	if (x->withdrawn)
		return 0;	/* kept for its aliases, never matched */
	if (x->n_aff_all > OSV_MAX_AFFECTED) {
		dd_import_skip(im, file, "%s: more than %d affected entries", x->id, OSV_MAX_AFFECTED);
		return 0;
	}
	for (i = 0; i < x->n_aff; i++)
		if ((r = store_affected(im, file, x->id, &x->aff[i], e)) < 0)
			return r;
	return 0;
}

static bool is_yaml(const char *name)
{
	size_t n = strlen(name);

	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	       (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

/*
 * Reads a whole document (one record or an array of them) into st->recs;
 * nothing is stored unless the whole document is valid JSON.
 */
static int read_document(struct osv_doc *st, struct dd_slice data)
{
	struct dd_jsonr *r = &st->jr;
	int t;

	dd_jsonr_reset(r, data);
	st->n_recs = 0;
	st->recs = NULL;
	st->cap_recs = 0;
	t = dd_jsonr_peek(r);
	if (t == DD_JSONR_ARRAY) {
		dd_jsonr_arr_begin(r);
		while (dd_jsonr_arr_next(r) > 0)
			read_record(r, VPUSH(r, st->recs, st->n_recs, st->cap_recs));
	} else if (t == DD_JSONR_OBJECT) {
		read_record(r, VPUSH(r, st->recs, st->n_recs, st->cap_recs));
	} else if (t > 0) {
		dd_jsonr_obj_begin(r);	/* a scalar document: refused with "expected '{'" */
	}
	return dd_jsonr_finish(r);
}

/* Stores one document (the writer thread). */
static int store_doc(struct osv_state *st, struct osv_doc *d, struct dd_err *e)
{
	size_t i;
	int r;

	if (d->bad.len) {
		dd_import_skip(st->im, d->name.buf, "%s", d->bad.buf);
		return 0;
	}
	for (i = 0; i < d->n_recs; i++)
		if ((r = store_record(st->im, st, d->name.buf, &d->recs[i], e)) < 0)
			return r;
	return 0;
}

static void *writer_main(void *arg)
{
	struct osv_state *st = arg;
	struct osv_doc *d;
	int r = 0;

	pthread_mutex_lock(&st->mu);
	for (;;) {
		while (st->head == st->tail && !st->done) {
			st->writer_waits = true;
			pthread_cond_wait(&st->filled, &st->mu);
			st->writer_waits = false;
		}
		if (st->head == st->tail)
			break;
		d = &st->slot[st->head % OSV_SLOTS];
		pthread_mutex_unlock(&st->mu);
		if (r == 0)
			r = store_doc(st, d, &st->werr);
		pthread_mutex_lock(&st->mu);
		if (r < 0 && st->err == 0)
			st->err = r;
		st->head++;
		/* the reader sleeps on a full ring: wake it when a batch is free (or on error) */
		if (st->reader_waits && (st->err || st->tail - st->head <= OSV_SLOTS - OSV_BATCH))
			pthread_cond_signal(&st->freed);
	}
	if (st->reader_waits)
		pthread_cond_signal(&st->freed);
	pthread_mutex_unlock(&st->mu);
	return NULL;
}

static struct osv_state *state_of(struct dd_import *im, struct dd_err *e)
{
	struct osv_state *st = im->state;
	struct dd_err e0 = DD_ERR_INIT;
	size_t i;

	if (st)
		return st;
	st = dd_xcalloc(1, sizeof(*st));
	st->im = im;
	st->werr = e0;
	for (i = 0; i < OSV_SLOTS; i++) {
		dd_buf_init(&st->slot[i].name, 0);
		dd_buf_init(&st->slot[i].bad, 0);
	}
	pthread_mutex_init(&st->mu, NULL);
	pthread_cond_init(&st->filled, NULL);
	pthread_cond_init(&st->freed, NULL);
	im->state = st;
	return st;
}

/* Copies the writer's error into e (the caller's thread, writer stopped or failed). */
static int writer_error(struct osv_state *st, struct dd_err *e)
{
	return dd_err_set(e, st->err, "%s", dd_err_msg(&st->werr));
}

static int parse(struct dd_import *im, const char *name, struct dd_slice data, struct dd_err *e)
{
	struct osv_state *st = state_of(im, e);
	struct dd_err pe = DD_ERR_INIT;
	struct osv_doc *d;
	char *text = NULL;

	if (!st->started) {
		if (pthread_create(&st->writer, NULL, writer_main, st) != 0)
			return dd_err_set(e, -DDE_INTERNAL, "cannot start the OSV writer thread");
		st->started = true;
	}
	pthread_mutex_lock(&st->mu);
	while (st->tail - st->head == OSV_SLOTS && st->err == 0) {
		st->reader_waits = true;
		pthread_cond_wait(&st->freed, &st->mu);
		st->reader_waits = false;
	}
	if (st->err) {
		pthread_mutex_unlock(&st->mu);
		return writer_error(st, e);
	}
	d = &st->slot[st->tail % OSV_SLOTS];
	pthread_mutex_unlock(&st->mu);

	dd_buf_reset(&d->name);
	dd_buf_adds(&d->name, name);
	dd_buf_reset(&d->bad);
	if (is_yaml(name)) {
		/* YAML: converted to JSON text, then read as any other record */
		json_t *root = NULL;

		if (dd_yaml_to_json(data, &root, &pe) < 0) {
			dd_buf_adds(&d->bad, dd_err_msg(&pe));
			dd_err_release(&pe);
			goto queue;
		}
		text = json_dumps(root, JSON_COMPACT | JSON_ENCODE_ANY);
		json_decref(root);
		if (!text) {
			dd_buf_adds(&d->bad, "YAML document not convertible to JSON");
			goto queue;
		}
		data = dd_slice_of(text, strlen(text));
	}
	if (read_document(d, data) < 0)
		dd_buf_adds(&d->bad, dd_jsonr_msg(&d->jr));
queue:
	free(text);
	pthread_mutex_lock(&st->mu);
	st->tail++;
	/* wake the writer once a batch is waiting (always before the ring can fill up) */
	if (st->writer_waits && st->tail - st->head >= OSV_BATCH)
		pthread_cond_signal(&st->filled);
	pthread_mutex_unlock(&st->mu);
	return 0;
}

/* Waits for the writer to store every queued document; frees the state. */
static int finish(struct dd_import *im, bool ok, struct dd_err *e)
{
	struct osv_state *st = im->state;
	size_t i;
	int r = 0;

	if (!st)
		return 0;
	if (st->started) {
		pthread_mutex_lock(&st->mu);
		st->done = true;
		pthread_cond_signal(&st->filled);
		pthread_mutex_unlock(&st->mu);
		pthread_join(st->writer, NULL);
	}
	if (st->err)
		r = writer_error(st, e);
	for (i = 0; i < OSV_SLOTS; i++) {
		dd_jsonr_release(&st->slot[i].jr);
		dd_buf_release(&st->slot[i].name);
		dd_buf_release(&st->slot[i].bad);
	}
	pthread_mutex_destroy(&st->mu);
	pthread_cond_destroy(&st->filled);
	pthread_cond_destroy(&st->freed);
	dd_err_release(&st->werr);
	free(st->ptrs);
	free(st);
	im->state = NULL;
	return r;
}

const struct dd_feed dd_feed_osv = {
	"osv", "OSV JSON/YAML records: files, directories, all.zip", accepts, parse, finish,
};
