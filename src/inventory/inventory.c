/*
 * src/inventory/inventory.c: the package list container (struct
 * dd_inventory): allocation, adding packages, sorting, freeing.
 */
#include "inventory/inventory.h"

#include <stdlib.h>
#include <string.h>

#include "inventory/lang.h"
#include "util/xalloc.h"

const char *dd_dep_name(enum dd_dep_kind k)
{
	switch (k) {
	case DD_DEP_DIRECT: return "direct";
	case DD_DEP_INDIRECT: return "indirect";
	case DD_DEP_ROOT: return "root";
	default: return NULL;
	}
}

void dd_inventory_new(struct dd_inventory **out)
{
	*out = dd_xcalloc(1, sizeof(**out));
}

void dd_os_release(struct dd_os *os)
{
	free(os->family);
	free(os->version_id);
	free(os->codename);
	free(os->pretty_name);
	free(os->id_like);
	free(os->apk_repositories);
	memset(os, 0, sizeof(*os));
}

void dd_pkg_release(struct dd_pkg *p)
{
	free(p->name);
	free(p->version);
	free(p->arch);
	free(p->src_name);
	free(p->src_version);
	free(p->license);
	free(p->maintainer);
	free(p->modularity);
	free(p->purl);
	free(p->found_in);
}

void dd_inventory_free(struct dd_inventory *inv)
{
	size_t i;

	if (!inv)
		return;
	for (i = 0; i < inv->n_pkgs; i++)
		dd_pkg_release(&inv->pkgs[i]);
	free(inv->pkgs);
	dd_os_release(&inv->os);
	free(inv);
}

struct dd_pkg *dd_inventory_add(struct dd_inventory *inv)
{
	struct dd_pkg *p;

	DD_GROW(inv->pkgs, inv->cap_pkgs, inv->n_pkgs + 1);
	p = &inv->pkgs[inv->n_pkgs++];
	memset(p, 0, sizeof(*p));
	p->epoch = -1;
	p->layer_first = -1;
	p->layer_last = -1;
	return p;
}

static int strcmp_null(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int pkg_cmp(const void *pa, const void *pb)
{
	const struct dd_pkg *a = pa, *b = pb;
	int r;

	if (a->eco != b->eco)
		return a->eco < b->eco ? -1 : 1;
	if ((r = strcmp_null(a->found_in, b->found_in)) != 0)
		return r;
	if ((r = strcmp_null(a->name, b->name)) != 0)
		return r;
	if ((r = strcmp_null(a->version, b->version)) != 0)
		return r;
	return strcmp_null(a->arch, b->arch);
}

void dd_inventory_sort(struct dd_inventory *inv)
{
	if (inv->n_pkgs > 1)
		qsort(inv->pkgs, inv->n_pkgs, sizeof(*inv->pkgs), pkg_cmp);
}
