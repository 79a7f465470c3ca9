/*
 * src/vulndb/alpine.c: the Alpine secdb importer: the JSON feed per branch
 * and repository (secdb.alpinelinux.org/v3.19/main.json) and the older YAML
 * form (alpine-secdb v3.x/main.yaml), same fields. Each secfixes entry
 * "<fixed apk version>": [ids] becomes a fixed record of the origin package
 * in "alpine:<major.minor>"; the key "0" means not affected. Ids may carry
 * trailing text ("CVE-2019-1234 (note)"): the first word is the id.
 */
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "vulndb/import.h"

static bool accepts(const char *name)
{
	size_t n = strlen(name);

	return (n > 5 && strcmp(name + n - 5, ".json") == 0) ||
	       (n > 5 && strcmp(name + n - 5, ".yaml") == 0);
}

/* The release from the file path when distroversion is missing: ".../v3.10/main.yaml". */
static bool ns_from_path(const char *path, char *ns, size_t n)
{
	const char *end = strrchr(path, '/'), *start;
	char rel[32];

	if (!end)
		return false;
	start = end;
	while (start > path && start[-1] != '/' && start[-1] != '!')
		start--;
	if ((size_t)(end - start) >= sizeof(rel))
		return false;
	snprintf(rel, sizeof(rel), "%.*s", (int)(end - start), start);
	return dd_ns_alpine(rel, ns, n) == 0;
}

static int one_fix(struct dd_import *im, const char *file, const char *ns, const char *pkg,
		   const char *ver, const json_t *ids, struct dd_err *e)
{
	json_t *x;
	size_t i;
	int r;

	if (!dd_text_ok(ver)) {
		dd_import_skip(im, file, "%s: secfixes key is not a version", pkg);
		return 0;
	}
	if (!json_is_array(ids))
		return 0;	/* "2.8.0-r0": {} in the JSON feed: a version with no ids */
	json_array_foreach(ids, i, x) {
		const char *s = json_string_value(x);
		struct dd_affected a = { 0 };
		struct dd_advisory adv = { 0 };
		char id[128];
		size_t n;

		if (!s) {
			dd_import_skip(im, file, "%s %s: id is not a string", pkg, ver);
			continue;
		}
		while (*s == ' ')
			s++;
		n = strcspn(s, " \t(");
		if (n == 0 || n >= sizeof(id)) {
			dd_import_skip(im, file, "%s %s: empty or overlong id", pkg, ver);
			continue;
		}
		snprintf(id, sizeof(id), "%.*s", (int)n, s);
		if (!dd_text_ok(id))
			continue;
		adv.id = id;
		adv.cvss_score = -1;
		if ((r = dd_store_advisory(im->store, &adv, e)) < 0)
			return r;
		a.advisory_id = id;
		a.namespace = ns;
		a.package = pkg;
		if (strcmp(ver, "0") == 0) {
			a.status = DD_STATUS_NOT_AFFECTED;
			a.status_detail = "not-affected";
		} else {
			a.status = DD_STATUS_FIXED;
			a.fixed_version = ver;
		}
		if ((r = dd_store_affected(im->store, &a, e)) < 0)
			return r;
		im->affected++;
		im->records++;
	}
	return 0;
}

static int parse(struct dd_import *im, const char *name, struct dd_slice data, struct dd_err *e)
{
	struct dd_err pe = DD_ERR_INIT;
	json_t *root = NULL, *pkgs, *p;
	const char *dv;
	char ns[48];
	size_t len = strlen(name), i;
	int r;

	if (len > 5 && strcmp(name + len - 5, ".yaml") == 0)
		r = dd_yaml_to_json(data, &root, &pe);
	else
		r = dd_json_parse(data, &root, &pe);
	if (r < 0) {
		dd_err_set(e, r, "%s: %s", name, dd_err_msg(&pe));
		dd_err_release(&pe);
		return r;
	}
	dv = dd_j_str(root, "distroversion");
	if (!(dv && dd_ns_alpine(dv, ns, sizeof(ns)) == 0) && !ns_from_path(name, ns, sizeof(ns))) {
		r = dd_err_set(e, -DDE_FORMAT, "%s: no usable distroversion", name);
		goto out;
	}
	pkgs = json_object_get(root, "packages");
	r = 0;
	if (!json_is_array(pkgs))
		goto out;	/* "packages": {} in empty repositories */
	json_array_foreach(pkgs, i, p) {
		json_t *pkg = json_object_get(p, "pkg"), *fixes = json_object_get(pkg, "secfixes"), *ids;
		const char *pname = dd_j_str(pkg, "name"), *ver;

		if (!dd_text_ok(pname)) {
			dd_import_skip(im, name, "package %zu: no name", i);
			continue;
		}
		if (!json_is_object(fixes))
			continue;
		json_object_foreach(fixes, ver, ids)
			if ((r = one_fix(im, name, ns, pname, ver, ids, e)) < 0)
				goto out;
	}
out:
	json_decref(root);
	return r;
}

const struct dd_feed dd_feed_alpine = {
	"alpine", "Alpine secdb JSON (and the older YAML form)", accepts, parse, NULL,
};
