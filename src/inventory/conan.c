/*
 * src/inventory/conan.c: C and C++ packages (ecosystem Conan): conan.lock.
 * Conan 1 lockfiles hold a graph ("graph_lock": {"nodes": {"0": {"requires":
 * ["1"]}, "1": {"ref": "poco/1.9.4"}, ...}}): node 0 is the project, the
 * nodes it requires are direct, the rest indirect, build requirements
 * ("build_requires") dev. Conan 2 lockfiles list references ("requires",
 * "build_requires", "python_requires"). A reference is
 * "name/version[@user/channel][#revision][%timestamp]".
 */
#include "inventory/lang.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* Adds the package of reference ref; NULL when it names none. */
static struct dd_pkg *ref_add(struct dd_lang_seen *seen, struct dd_inventory *inv,
			      const char *path, const char *ref)
{
	const char *slash = ref ? strchr(ref, '/') : NULL;
	size_t vl;
	char *name, *version;
	struct dd_pkg *p;

	if (!slash || slash == ref)
		return NULL;
	vl = strcspn(slash + 1, "@#%");
	name = dd_xstrndup(ref, (size_t)(slash - ref));
	version = dd_xstrndup(slash + 1, vl);
	p = dd_lang_add_once(seen, inv, DD_ECO_CONAN, path, name, version);
	free(name);
	free(version);
	return p;
}

/* The strings of arr as the keys of a new object (a set: one lookup per node, not a scan). */
static json_t *id_set(json_t *arr)
{
	json_t *set = json_object(), *v;
	size_t i;

	json_array_foreach(arr, i, v)
		if (json_is_string(v))
			json_object_set(set, json_string_value(v), json_true());
	return set;
}

int dd_conan_parse_lock(const char *path, struct dd_slice data, struct dd_inventory *inv,
			struct dd_err *e)
{
	struct dd_lang_seen seen = DD_LANG_SEEN_INIT;
	json_t *doc = NULL, *nodes, *n, *root_req, *v;
	const char *id;
	size_t i;
	int r;

	r = dd_lang_json(&doc, data, e);
	if (r < 0)
		return r;
	if (!json_is_object(doc)) {
		json_decref(doc);
		return dd_err_set(e, -DDE_FORMAT, "not a JSON object");
	}
	nodes = json_object_get(json_object_get(doc, "graph_lock"), "nodes");
	if (json_is_object(nodes)) {
		json_t *build = id_set(json_object_get(json_object_get(doc, "graph_lock"),
						       "build_requires"));

		root_req = id_set(json_object_get(json_object_get(nodes, "0"), "requires"));
		json_object_foreach(nodes, id, n) {
			struct dd_pkg *p = ref_add(&seen, inv, path, dd_json_str(n, "ref"));

			if (!p)
				continue;
			p->dep = json_object_get(root_req, id) ? DD_DEP_DIRECT : DD_DEP_INDIRECT;
			p->dev = json_object_get(build, id) ||
				 json_object_get(n, "build_requires") == json_true();
		}
		json_decref(root_req);
		json_decref(build);
	} else {
		json_array_foreach(json_object_get(doc, "requires"), i, v)
			ref_add(&seen, inv, path, json_string_value(v));
		json_array_foreach(json_object_get(doc, "build_requires"), i, v) {
			struct dd_pkg *p = ref_add(&seen, inv, path, json_string_value(v));

			if (p)
				p->dev = true;
		}
		json_array_foreach(json_object_get(doc, "python_requires"), i, v) {
			struct dd_pkg *p = ref_add(&seen, inv, path, json_string_value(v));

			if (p)
				p->dev = true;
		}
	}
	json_decref(doc);
	dd_lang_seen_release(&seen);
	return 0;
}
