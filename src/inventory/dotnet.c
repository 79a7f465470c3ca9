/*
 * src/inventory/dotnet.c: .NET NuGet packages: *.deps.json (the
 * "libraries" map of a built application: "Name/Version" keys, type
 * "package"; the "project" entry is the application itself) and
 * packages.lock.json (per target framework, "Direct"/"Transitive" types).
 */
#include "inventory/lang.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

int dd_dotnet_parse_deps(const char *path, struct dd_slice data, struct dd_inventory *inv,
			 struct dd_err *e)
{
	struct dd_lang_seen seen = DD_LANG_SEEN_INIT;
	json_t *doc = NULL, *libs, *v;
	const char *key;
	int r;

	r = dd_lang_json(&doc, data, e);
	if (r < 0)
		return r;
	libs = json_is_object(doc) ? json_object_get(doc, "libraries") : NULL;
	if (!json_is_object(libs)) {
		r = dd_err_set(e, -DDE_FORMAT, "no \"libraries\" object");
		goto out;
	}
	json_object_foreach(libs, key, v) {
		const char *slash = strchr(key, '/'), *type = dd_json_str(v, "type");
		struct dd_pkg *p;
		char *name;

		if (!slash || !type)
			continue;
		if (strcmp(type, "package") != 0 && strcmp(type, "project") != 0)
			continue;	/* "reference" assemblies ship with the runtime */
		name = dd_xstrndup(key, (size_t)(slash - key));
		p = dd_lang_add_once(&seen, inv, DD_ECO_NUGET, path, name, slash + 1);
		if (p && strcmp(type, "project") == 0)
			p->dep = DD_DEP_ROOT;
		free(name);
	}
out:
	json_decref(doc);
	dd_lang_seen_release(&seen);
	return r;
}

int dd_dotnet_parse_packages_lock(const char *path, struct dd_slice data, struct dd_inventory *inv,
				  struct dd_err *e)
{
	struct dd_lang_seen seen = DD_LANG_SEEN_INIT;
	json_t *doc = NULL, *deps, *fw, *v;
	const char *fwname, *name;
	int r;

	r = dd_lang_json(&doc, data, e);
	if (r < 0)
		return r;
	deps = json_is_object(doc) ? json_object_get(doc, "dependencies") : NULL;
	if (!json_is_object(deps)) {
		r = dd_err_set(e, -DDE_FORMAT, "no \"dependencies\" object");
		goto out;
	}
	json_object_foreach(deps, fwname, fw) {
		if (!json_is_object(fw))
			continue;
		json_object_foreach(fw, name, v) {
			const char *type = dd_json_str(v, "type");
			struct dd_pkg *p;

			if (type && strcmp(type, "Project") == 0)
				continue;
			p = dd_lang_add_once(&seen, inv, DD_ECO_NUGET, path, name,
					     dd_json_str(v, "resolved"));
			if (p && type)
				p->dep = strcmp(type, "Direct") == 0 ? DD_DEP_DIRECT : DD_DEP_INDIRECT;
		}
	}
out:
	json_decref(doc);
	dd_lang_seen_release(&seen);
	return r;
}
