/*
 * src/inventory/php.c: PHP Composer packages: composer.lock ("packages" and
 * "packages-dev"; direct ones named by the project's composer.json when the
 * collector has it) and vendor/composer/installed.json (Composer 1 array or
 * Composer 2 {"packages": [...], "dev-package-names": [...]}).
 */
#include "inventory/lang.h"

#include <string.h>

static bool name_listed(json_t *arr, const char *name)
{
	size_t i;
	json_t *v;

	if (!json_is_array(arr))
		return false;
	json_array_foreach(arr, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), name) == 0)
			return true;
	return false;
}

static void add_list(const char *path, json_t *arr, bool dev, json_t *manifest, json_t *devnames,
		     struct dd_lang_seen *seen, struct dd_inventory *inv)
{
	size_t i;
	json_t *v;

	if (!json_is_array(arr))
		return;
	json_array_foreach(arr, i, v) {
		const char *name = dd_json_str(v, "name");
		struct dd_pkg *p;

		p = dd_lang_add_once(seen, inv, DD_ECO_PACKAGIST, path, name, dd_json_str(v, "version"));
		if (!p)
			continue;
		p->dev = dev || name_listed(devnames, name);
		if (json_is_object(manifest)) {
			json_t *req = json_object_get(manifest, "require");
			json_t *rdev = json_object_get(manifest, "require-dev");

			p->dep = (json_is_object(req) && json_object_get(req, name)) ||
					 (json_is_object(rdev) && json_object_get(rdev, name)) ?
				DD_DEP_DIRECT : DD_DEP_INDIRECT;
		}
	}
}

int dd_php_parse_composer_lock_with(const char *path, struct dd_slice data, struct dd_slice manifest,
				    struct dd_inventory *inv, struct dd_err *e)
{
	struct dd_lang_seen seen = DD_LANG_SEEN_INIT;
	struct dd_err me = DD_ERR_INIT;
	json_t *doc = NULL, *man = NULL;
	int r;

	r = dd_lang_json(&doc, data, e);
	if (r < 0)
		return r;
	if (!json_is_object(doc)) {
		r = dd_err_set(e, -DDE_FORMAT, "not a JSON object");
		goto out;
	}
	if (manifest.len && dd_lang_json(&man, manifest, &me) < 0)
		man = NULL;	/* a broken composer.json only costs the relationships */
	add_list(path, json_object_get(doc, "packages"), false, man, NULL, &seen, inv);
	add_list(path, json_object_get(doc, "packages-dev"), true, man, NULL, &seen, inv);
out:
	json_decref(doc);
	json_decref(man);
	dd_err_release(&me);
	dd_lang_seen_release(&seen);
	return r;
}

int dd_php_parse_composer_lock(const char *path, struct dd_slice data, struct dd_inventory *inv,
			       struct dd_err *e)
{
	return dd_php_parse_composer_lock_with(path, data, DD_SLICE_NULL, inv, e);
}

int dd_php_parse_installed(const char *path, struct dd_slice data, struct dd_inventory *inv,
			   struct dd_err *e)
{
	struct dd_lang_seen seen = DD_LANG_SEEN_INIT;
	const char *b = strrchr(path, '/');
	bool composer_dir = b && b - path >= 8 && memcmp(b - 8, "composer", 8) == 0;
	json_t *doc = NULL;
	int r;

	/* other tools name files installed.json too: only vendor/composer/ ones are surely ours */
	r = dd_lang_json(&doc, data, e);
	if (r < 0) {
		if (composer_dir)
			return r;
		dd_err_release(e);
		return -DDE_UNSUPPORTED;
	}
	if (!composer_dir && !json_is_array(doc) && !json_is_array(json_object_get(doc, "packages"))) {
		json_decref(doc);
		return -DDE_UNSUPPORTED;
	}
	if (json_is_array(doc))
		add_list(path, doc, false, NULL, NULL, &seen, inv);
	else if (json_is_object(doc))
		add_list(path, json_object_get(doc, "packages"), false, NULL,
			 json_object_get(doc, "dev-package-names"), &seen, inv);
	else
		r = dd_err_set(e, -DDE_FORMAT, "neither a JSON array nor an object");
	json_decref(doc);
	dd_lang_seen_release(&seen);
	return r;
}
