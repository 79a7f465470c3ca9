/*
 * src/inventory/rust.c: Rust crates: Cargo.lock ([[package]] tables; the
 * packages without a "source" are the workspace's own, their dependencies
 * the direct ones; with the project's Cargo.toml, crates reachable only
 * through [dev-dependencies] are marked dev) and the dependency list that
 * cargo-auditable embeds in binaries (the zlib-compressed JSON of the
 * ".dep-v0" ELF section).
 */
#include "inventory/lang.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "util/xalloc.h"

#define MAX_AUDIT_JSON	(8u << 20)

struct crate {
	const struct dd_tnode *t;
	const char *name, *version;
	bool local, prod, reached, direct;
};

/* Finds the crate a dependency string names: "name", "name version", "name version (source)". */
static int crate_find(const struct crate *c, size_t n, const char *dep)
{
	const char *sp = strchr(dep, ' ');
	size_t nlen = sp ? (size_t)(sp - dep) : strlen(dep), vlen = 0, i;
	const char *ver = NULL;

	if (sp) {
		ver = sp + 1;
		vlen = strcspn(ver, " ");
	}
	for (i = 0; i < n; i++) {
		if (strlen(c[i].name) != nlen || strncmp(c[i].name, dep, nlen) != 0)
			continue;
		if (ver && (strlen(c[i].version) != vlen || strncmp(c[i].version, ver, vlen) != 0))
			continue;
		return (int)i;
	}
	return -1;
}

static bool toml_has_dep(const struct dd_tnode *toml, const char *section, const char *name)
{
	const struct dd_tnode *target = dd_tnode_get(toml, "target");
	size_t i;

	if (dd_tnode_get(dd_tnode_get(toml, section), name))
		return true;
	for (i = 0; target && target->kind == DD_TN_MAP && i < target->n_kids; i++)
		if (dd_tnode_get(dd_tnode_get(target->kids[i], section), name))
			return true;
	return false;
}

static void crate_walk(struct crate *c, size_t n, int start, bool prod, const struct dd_tnode *toml,
		       bool from_root)
{
	int *stack = NULL;
	size_t sn = 0, cap = 0;

	DD_GROW(stack, cap, 1);
	stack[sn++] = start;
	while (sn) {
		struct crate *cr = &c[stack[--sn]];
		const struct dd_tnode *deps;
		size_t j;

		if (prod ? cr->prod : cr->reached)
			continue;
		if (prod)
			cr->prod = true;
		cr->reached = true;
		deps = dd_tnode_get(cr->t, "dependencies");
		for (j = 0; deps && deps->kind == DD_TN_SEQ && j < deps->n_kids; j++) {
			int k;

			if (deps->kids[j]->kind != DD_TN_SCALAR)
				continue;
			k = crate_find(c, n, deps->kids[j]->str);
			if (k < 0)
				continue;
			if (cr->local && from_root) {
				c[k].direct = true;
				/* a dev-only dependency of the project does not make it prod */
				if (prod && toml && !toml_has_dep(toml, "dependencies", c[k].name) &&
				    !toml_has_dep(toml, "build-dependencies", c[k].name) &&
				    toml_has_dep(toml, "dev-dependencies", c[k].name))
					continue;
			}
			DD_GROW(stack, cap, sn + 1);
			stack[sn++] = k;
		}
	}
	free(stack);
}

int dd_rust_parse_cargo_lock_with(const char *path, struct dd_slice data, struct dd_slice manifest,
				  struct dd_inventory *inv, struct dd_err *e)
{
	struct dd_lang_seen seen = DD_LANG_SEEN_INIT;
	struct dd_err me = DD_ERR_INIT;
	struct dd_tnode *doc = NULL, *toml = NULL;
	const struct dd_tnode *pkgs;
	struct crate *c = NULL;
	size_t n = 0, i;
	bool any_local = false;
	int r;

	r = dd_lang_toml(&doc, data, e);
	if (r < 0)
		return r;
	if (manifest.len && dd_lang_toml(&toml, manifest, &me) < 0)
		toml = NULL;
	pkgs = dd_tnode_get(doc, "package");
	if (!pkgs || pkgs->kind != DD_TN_SEQ)
		goto out;
	c = dd_xcalloc(pkgs->n_kids + 1, sizeof(*c));
	for (i = 0; i < pkgs->n_kids; i++) {
		const struct dd_tnode *pk = pkgs->kids[i];

		if (!dd_tnode_str(pk, "name") || !dd_tnode_str(pk, "version"))
			continue;
		c[n].t = pk;
		c[n].name = dd_tnode_str(pk, "name");
		c[n].version = dd_tnode_str(pk, "version");
		c[n].local = !dd_tnode_get(pk, "source");
		any_local = any_local || c[n].local;
		n++;
	}
	for (i = 0; i < n; i++)
		if (c[i].local)
			crate_walk(c, n, (int)i, true, toml, true);
	for (i = 0; i < n; i++) {
		struct dd_pkg *p = dd_lang_add_once(&seen, inv, DD_ECO_CRATES, path, c[i].name,
						    c[i].version);
		if (!p || !any_local)
			continue;
		p->dep = c[i].local ? DD_DEP_ROOT : c[i].direct ? DD_DEP_DIRECT : DD_DEP_INDIRECT;
		p->dev = toml && !c[i].local && !c[i].prod;
	}
out:
	free(c);
	dd_tnode_free(doc);
	dd_tnode_free(toml);
	dd_err_release(&me);
	dd_lang_seen_release(&seen);
	return 0;
}

int dd_rust_parse_cargo_lock(const char *path, struct dd_slice data, struct dd_inventory *inv,
			     struct dd_err *e)
{
	return dd_rust_parse_cargo_lock_with(path, data, DD_SLICE_NULL, inv, e);
}

int dd_rust_parse_binary(const char *path, struct dd_slice data, struct dd_inventory *inv,
			 struct dd_err *e)
{
	struct dd_lang_seen seen = DD_LANG_SEEN_INIT;
	struct dd_slice sec;
	json_t *doc = NULL, *pkgs, *v;
	unsigned char *out = NULL;
	z_stream zs;
	size_t i;
	int r, zr;

	r = dd_elf_section(data, ".dep-v0", &sec, e);
	if (r < 0)
		return r;
	memset(&zs, 0, sizeof(zs));
	if (inflateInit(&zs) != Z_OK)
		return dd_err_set(e, -DDE_INTERNAL, "zlib initialisation");
	out = dd_xmalloc(MAX_AUDIT_JSON);
	zs.next_in = (unsigned char *)sec.ptr;
	zs.avail_in = (uInt)sec.len;
	zs.next_out = out;
	zs.avail_out = MAX_AUDIT_JSON;
	zr = inflate(&zs, Z_FINISH);
	if (zr != Z_STREAM_END) {
		r = zr == Z_BUF_ERROR && zs.avail_out == 0 ?
			dd_err_set(e, -DDE_LIMIT, ".dep-v0: more than %u bytes inflated", MAX_AUDIT_JSON) :
			dd_err_set(e, -DDE_FORMAT, ".dep-v0: corrupt zlib data");
		goto out;
	}
	r = dd_lang_json(&doc, dd_slice_of(out, zs.total_out), e);
	if (r < 0)
		goto out;
	pkgs = json_object_get(doc, "packages");
	json_array_foreach(pkgs, i, v) {
		struct dd_pkg *p;

		p = dd_lang_add_once(&seen, inv, DD_ECO_CRATES, path, dd_json_str(v, "name"),
				     dd_json_str(v, "version"));
		if (!p)
			continue;
		if (json_is_true(json_object_get(v, "root")))
			p->dep = DD_DEP_ROOT;
	}
out:
	inflateEnd(&zs);
	free(out);
	json_decref(doc);
	dd_lang_seen_release(&seen);
	return r;
}
