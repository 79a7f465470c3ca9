/*
 * src/inventory/collect.c: the collector table and the collection that runs
 * it over a merged file view: per-collector state and finish steps, layer
 * attribution from a file's per-layer copies, per-file warning counting, and
 * dd_inventory_collect, the whole pipeline the commands call.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/collect.h"
#include "inventory/purl.h"
#include "util/log.h"
#include "util/xalloc.h"

#define WARN_PRINT_MAX 20
#define ATTR_MAX_VERSIONS 64

/*
 * The collectors, in registration order. OS collectors first; language
 * collectors add their rows below.
 */
const struct dd_collector dd_collectors[] = {
	{ "os", dd_collect_os },
	{ "dpkg", dd_collect_dpkg },
	{ "apk", dd_collect_apk },
	{ "rpm", dd_collect_rpm },
	{ "lang", dd_collect_lang },
	{ NULL, NULL },
};

struct state {
	void *st;
	int (*finish)(void *st, struct dd_collect *c, struct dd_err *e);
	void (*release)(void *st);
};

struct dd_collect {
	struct dd_fsview *view;
	struct dd_inventory *inv;
	struct state *states;
	size_t n_states, cap_states;
};

void dd_collect_new(struct dd_collect **out, struct dd_fsview *view, struct dd_inventory *inv)
{
	struct dd_collect *c = dd_xcalloc(1, sizeof(*c));
	size_t i;

	c->view = view;
	c->inv = inv;
	for (i = 0; dd_collectors[i].name; i++)
		dd_collectors[i].add(c);
	*out = c;
}

struct dd_fsview *dd_collect_view(struct dd_collect *c)
{
	return c->view;
}

struct dd_inventory *dd_collect_inv(struct dd_collect *c)
{
	return c->inv;
}

void *dd_collect_state(struct dd_collect *c, size_t size,
		       int (*finish)(void *st, struct dd_collect *c, struct dd_err *e),
		       void (*release)(void *st))
{
	struct state *s;

	DD_GROW(c->states, c->cap_states, c->n_states + 1);
	s = &c->states[c->n_states++];
	s->st = dd_xcalloc(1, size ? size : 1);
	s->finish = finish;
	s->release = release;
	return s->st;
}

int dd_collect_finish(struct dd_collect *c, struct dd_err *e)
{
	size_t i;
	int r;

	for (i = 0; i < c->n_states; i++) {
		if (!c->states[i].finish)
			continue;
		r = c->states[i].finish(c->states[i].st, c, e);
		if (r < 0)
			return r;
	}
	dd_purl_fill_os(c->inv);
	dd_inventory_sort(c->inv);
	return 0;
}

void dd_collect_free(struct dd_collect *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n_states; i++) {
		if (c->states[i].release)
			c->states[i].release(c->states[i].st);
		free(c->states[i].st);
	}
	free(c->states);
	free(c);
}

void dd_pkgdb_warn(struct dd_pkgdb_warn *w, size_t line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	w->inv->n_warnings++;
	if (++w->n > WARN_PRINT_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line)
		dd_warn("%s:%zu: %s", w->path, line, msg);
	else
		dd_warn("%s: %s", w->path, msg);
	if (w->n == WARN_PRINT_MAX)
		dd_warn("%s: further warnings about this file are not shown", w->path);
}

/* ---- layer attribution ------------------------------------------------------ */

struct key {
	const char *name, *arch, *version;
};

static int key_cmp(const void *pa, const void *pb)
{
	const struct key *a = pa, *b = pb;
	int r = strcmp(a->name, b->name);

	return r ? r : strcmp(a->arch, b->arch);
}

void dd_collect_attribute(struct dd_inventory *inv, size_t first, const struct dd_file *f,
			  dd_pkgdb_parse_fn parse)
{
	size_t nv = f->n_versions, j, i;
	struct dd_inventory **old = NULL;
	struct key **keys = NULL;
	bool quiet = dd_log.quiet;
	int final_layer = f->layer;

	if (!f->versions || nv <= 1 || nv > ATTR_MAX_VERSIONS) {
		for (i = first; i < inv->n_pkgs; i++)
			inv->pkgs[i].layer_first = inv->pkgs[i].layer_last = final_layer;
		return;
	}
	final_layer = f->versions[nv - 1].layer;
	old = dd_xcalloc(nv - 1, sizeof(*old));
	keys = dd_xcalloc(nv - 1, sizeof(*keys));
	dd_log.quiet = true;	/* the older copies' warnings are not news */
	for (j = 0; j + 1 < nv; j++) {
		struct dd_inventory *o;

		dd_inventory_new(&o);
		parse(o, f->versions[j].data, f->path);
		keys[j] = dd_xcalloc(o->n_pkgs + 1, sizeof(**keys));
		for (i = 0; i < o->n_pkgs; i++) {
			keys[j][i].name = o->pkgs[i].name;
			keys[j][i].arch = o->pkgs[i].arch ? o->pkgs[i].arch : "";
			keys[j][i].version = o->pkgs[i].version ? o->pkgs[i].version : "";
		}
		qsort(keys[j], o->n_pkgs, sizeof(**keys), key_cmp);
		old[j] = o;
	}
	dd_log.quiet = quiet;
	for (i = first; i < inv->n_pkgs; i++) {
		struct dd_pkg *p = &inv->pkgs[i];
		struct key k = { p->name, p->arch ? p->arch : "", NULL };
		int lfirst = -1, run = -1;

		for (j = 0; j + 1 < nv; j++) {
			const struct key *hit = bsearch(&k, keys[j], old[j]->n_pkgs, sizeof(k), key_cmp);

			/* the current continuous presence: a copy without it starts over */
			if (!hit)
				lfirst = -1;
			else if (lfirst < 0)
				lfirst = f->versions[j].layer;
			if (hit && strcmp(hit->version, p->version ? p->version : "") == 0) {
				if (run < 0)
					run = f->versions[j].layer;
			} else {
				run = -1;
			}
		}
		p->layer_first = lfirst >= 0 ? lfirst : final_layer;
		p->layer_last = run >= 0 ? run : final_layer;
	}
	for (j = 0; j + 1 < nv; j++) {
		free(keys[j]);
		dd_inventory_free(old[j]);
	}
	free(keys);
	free(old);
}

/* ---- the pipeline ------------------------------------------------------------ */

int dd_inventory_collect(struct dd_inventory *inv, struct dd_image *img, struct dd_err *e)
{
	struct dd_fsview *view = NULL;
	struct dd_collect *c = NULL;
	int r;

	dd_fsview_new(&view, img);
	dd_collect_new(&c, view, inv);
	r = dd_fsview_run(view, e);
	if (r == 0)
		r = dd_collect_finish(c, e);
	dd_collect_free(c);
	dd_fsview_free(view);
	return r;
}
