/*
 * src/inventory/dotnet.c: .NET NuGet packages: *.deps.json (the
 * "libraries" map of a built application: "Name/Version" keys, type
 * "package"; the "project" entry is the application itself) and
 * packages.lock.json (per target framework, "Direct"/"Transitive" types).
 */
#include "inventory/lang.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/parse.h"
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

/* ---- Directory.Packages.props / Packages.props ------------------------------------ */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The value of attribute name (any case) in the start tag [p, end), or an empty slice. */
static struct dd_slice xml_attr(const char *p, const char *end, const char *name)
{
	size_t n = strlen(name);

	for (; p + n < end; p++) {
		const char *q = p + n, *v;

		if (!is_space(p[-1]) || strncasecmp(p, name, n) != 0)
			continue;
		while (q < end && is_space(*q))
			q++;
		if (q >= end || *q != '=')
			continue;
		for (q++; q < end && is_space(*q); q++)
			;
		if (q >= end || (*q != '"' && *q != '\''))
			continue;
		v = memchr(q + 1, *q, (size_t)(end - q - 1));
		if (v)
			return dd_slice_of(q + 1, (size_t)(v - q - 1));
	}
	return DD_SLICE_NULL;
}

/*
 * The text of a <Version> child right at p (after blanks and comments), or
 * an empty slice. Only the item's own first child is looked at, and its
 * text ends at the next '<', so every item costs what it spans.
 */
static struct dd_slice version_child(const char *p, const char *end)
{
	const char *t;

	for (;;) {
		while (p < end && is_space(*p))
			p++;
		if ((size_t)(end - p) < 4 || memcmp(p, "<!--", 4) != 0)
			break;
		if (!(t = memmem(p + 4, (size_t)(end - p - 4), "-->", 3)))
			return DD_SLICE_NULL;
		p = t + 3;
	}
	if ((size_t)(end - p) < 9 || memcmp(p, "<Version>", 9) != 0)
		return DD_SLICE_NULL;
	p += 9;
	t = memchr(p, '<', (size_t)(end - p));
	if (!t || (size_t)(end - t) < 10 || memcmp(t, "</Version>", 10) != 0)
		return DD_SLICE_NULL;
	return dd_slice_trim(dd_slice_of(p, (size_t)(t - p)));
}

/*
 * MSBuild files of central package management: <PackageVersion>,
 * <PackageReference> and <GlobalPackageReference> items, the package named
 * by Include (else Update), its version by the Version attribute or a
 * <Version> child. Values made of MSBuild properties ("$(Ver)") cannot be
 * known here and are left out.
 */
int dd_dotnet_parse_packages_props(const char *path, struct dd_slice data, struct dd_inventory *inv,
				   struct dd_err *e)
{
	static const char *const items[] = { "PackageVersion", "PackageReference",
					     "GlobalPackageReference", NULL };
	struct dd_lang_seen seen = DD_LANG_SEEN_INIT;
	const char *p = data.ptr, *end = data.ptr + data.len;

	if (data.len > DD_LANG_MAX_FILE)
		return dd_lang_too_large(data, e);
	while (p < end && (p = memchr(p, '<', (size_t)(end - p)))) {
		const char *gt;
		struct dd_slice nm, ver;
		size_t k, len = 0;
		char *name, *version;

		if ((size_t)(end - p) >= 4 && memcmp(p, "<!--", 4) == 0) {
			const char *c = memmem(p + 4, (size_t)(end - p - 4), "-->", 3);

			if (!c)
				break;
			p = c + 3;
			continue;
		}
		gt = memchr(p, '>', (size_t)(end - p));
		if (!gt) {
			dd_lang_seen_release(&seen);
			return dd_err_set(e, -DDE_FORMAT, "offset %zu: unterminated tag",
					  (size_t)(p - data.ptr));
		}
		while (p + 1 + len < gt && !is_space(p[1 + len]) && p[1 + len] != '/')
			len++;
		for (k = 0; items[k]; k++)
			if (len == strlen(items[k]) && strncasecmp(p + 1, items[k], len) == 0)
				break;
		if (!items[k]) {
			p = gt + 1;
			continue;
		}
		nm = xml_attr(p + 1 + len, gt, "Include");
		if (!nm.len)
			nm = xml_attr(p + 1 + len, gt, "Update");
		ver = xml_attr(p + 1 + len, gt, "Version");
		if (gt[-1] != '/' && !ver.len)
			/* <PackageVersion Include="X"><Version>1.0</Version></PackageVersion> */
			ver = version_child(gt + 1, end);
		nm = dd_slice_trim(nm);
		ver = dd_slice_trim(ver);
		if (nm.len && ver.len && !memmem(nm.ptr, nm.len, "$(", 2) &&
		    !memmem(ver.ptr, ver.len, "$(", 2)) {
			name = dd_slice_dup(nm);
			version = dd_slice_dup(ver);
			dd_lang_add_once(&seen, inv, DD_ECO_NUGET, path, name, version);
			free(name);
			free(version);
		}
		p = gt + 1;
	}
	dd_lang_seen_release(&seen);
	return 0;
}
