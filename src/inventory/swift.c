/*
 * src/inventory/swift.c: Apple-platform packages. Swift Package Manager's
 * Package.resolved (ecosystem SwiftURL): version 1 {"object": {"pins":
 * [{"repositoryURL", "state": {"version"}}]}}, versions 2 and 3 {"pins":
 * [{"location", "state": {"version"}}]}; a package is named by its
 * repository URL without scheme, user and ".git" ("github.com/apple/
 * swift-nio"), as the advisories name it; pins on a branch or revision
 * have no version and are left out. CocoaPods' Podfile.lock (ecosystem
 * CocoaPods): the PODS list, "Name (1.2.3)" scalars or maps of such a key
 * to its dependencies; subspecs keep their "Pod/Subspec" names.
 */
#include "inventory/lang.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* "https://user@github.com/apple/swift-nio.git" -> "github.com/apple/swift-nio" (caller frees). */
static char *swift_name(const char *url)
{
	const char *p = strstr(url, "://"), *at;
	size_t n;

	p = p ? p + 3 : url;
	at = strchr(p, '@');
	if (at && (!strchr(p, '/') || at < strchr(p, '/')))
		p = at + 1;
	n = strlen(p);
	while (n && p[n - 1] == '/')
		n--;
	if (n > 4 && memcmp(p + n - 4, ".git", 4) == 0)
		n -= 4;
	return n ? dd_xstrndup(p, n) : NULL;
}

int dd_swift_parse_resolved(const char *path, struct dd_slice data, struct dd_inventory *inv,
			    struct dd_err *e)
{
	struct dd_lang_seen seen = DD_LANG_SEEN_INIT;
	json_t *doc = NULL, *pins, *pin;
	size_t i;
	int r;

	r = dd_lang_json(&doc, data, e);
	if (r < 0)
		return r;
	pins = json_object_get(doc, "pins");
	if (!pins)
		pins = json_object_get(json_object_get(doc, "object"), "pins");
	if (!json_is_array(pins)) {
		json_decref(doc);
		return dd_err_set(e, -DDE_FORMAT, "no \"pins\" array (not a Package.resolved)");
	}
	json_array_foreach(pins, i, pin) {
		const char *url = dd_json_str(pin, "location");
		char *name;

		if (!url)
			url = dd_json_str(pin, "repositoryURL");
		if (!url || !(name = swift_name(url)))
			continue;
		dd_lang_add_once(&seen, inv, DD_ECO_SWIFT, path, name,
				 dd_json_str(json_object_get(pin, "state"), "version"));
		free(name);
	}
	json_decref(doc);
	dd_lang_seen_release(&seen);
	return 0;
}

/* Adds "Name (1.2.3)"; other forms (no version in parentheses) are left out. */
static void pod_add(struct dd_lang_seen *seen, struct dd_inventory *inv, const char *path,
		    const char *spec)
{
	const char *open = strstr(spec ? spec : "", " ("), *close;
	char *name, *version;

	if (!open || !(close = strchr(open, ')')) || close == open + 2)
		return;
	name = dd_xstrndup(spec, (size_t)(open - spec));
	version = dd_xstrndup(open + 2, (size_t)(close - open - 2));
	dd_lang_add_once(seen, inv, DD_ECO_COCOAPODS, path, name, version);
	free(name);
	free(version);
}

int dd_cocoapods_parse_podfile_lock(const char *path, struct dd_slice data,
				    struct dd_inventory *inv, struct dd_err *e)
{
	struct dd_lang_seen seen = DD_LANG_SEEN_INIT;
	const struct dd_tnode *pods;
	struct dd_tnode *doc = NULL;
	size_t i;
	int r;

	r = dd_lang_yaml(&doc, data, e);
	if (r < 0)
		return r;
	pods = dd_tnode_get(doc, "PODS");
	for (i = 0; pods && pods->kind == DD_TN_SEQ && i < pods->n_kids; i++) {
		const struct dd_tnode *it = pods->kids[i];

		if (it->kind == DD_TN_SCALAR)
			pod_add(&seen, inv, path, it->str);
		else if (it->kind == DD_TN_MAP && it->n_kids == 1)
			pod_add(&seen, inv, path, it->kids[0]->key);
	}
	dd_tnode_free(doc);
	dd_lang_seen_release(&seen);
	return 0;
}
