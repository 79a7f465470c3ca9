/*
 * src/inventory/dart.c: Dart and Flutter packages (ecosystem Pub):
 * pubspec.lock, the YAML map "packages" of name -> {dependency, source,
 * version}. "direct main" and "direct dev" packages are direct ("direct
 * dev" also dev), "transitive" ones indirect; SDK packages (source sdk,
 * flutter itself) have no Pub version and are left out.
 */
#include "inventory/lang.h"

#include <string.h>

int dd_dart_parse_pubspec_lock(const char *path, struct dd_slice data, struct dd_inventory *inv,
			       struct dd_err *e)
{
	struct dd_lang_seen seen = DD_LANG_SEEN_INIT;
	const struct dd_tnode *pkgs;
	struct dd_tnode *doc = NULL;
	size_t i;
	int r;

	r = dd_lang_yaml(&doc, data, e);
	if (r < 0)
		return r;
	pkgs = dd_tnode_get(doc, "packages");
	for (i = 0; pkgs && pkgs->kind == DD_TN_MAP && i < pkgs->n_kids; i++) {
		const struct dd_tnode *pk = pkgs->kids[i];
		const char *dep = dd_tnode_str(pk, "dependency"), *src = dd_tnode_str(pk, "source");
		struct dd_pkg *p;

		if (src && strcmp(src, "sdk") == 0)
			continue;
		p = dd_lang_add_once(&seen, inv, DD_ECO_PUB, path, pk->key, dd_tnode_str(pk, "version"));
		if (!p || !dep)
			continue;
		p->dep = strncmp(dep, "direct", 6) == 0 ? DD_DEP_DIRECT : DD_DEP_INDIRECT;
		p->dev = strcmp(dep, "direct dev") == 0;
	}
	dd_tnode_free(doc);
	dd_lang_seen_release(&seen);
	return 0;
}
