/*
 * src/inventory/sbom_read.c: SBOMs as input: CycloneDX (1.2-1.6) and SPDX
 * 2.x JSON documents, and drydock's native JSON, read back into an
 * inventory so that an SBOM can be a scan target and drydock's own SBOMs
 * round-trip. Packages come from package URLs; drydock's own properties /
 * annotations (and Trivy's where they say the same) restore the rest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "inventory/collect.h"
#include "inventory/purl.h"
#include "util/buf.h"
#include "util/parse.h"
#include "util/xalloc.h"

#define SBOM_MAX_BYTES ((size_t)256 << 20)
#define SBOM_MAX_PKGS 1000000
#define SBOM_MAX_DEPTH 32

bool dd_sbom_detect(struct dd_slice d)
{
	size_t i = 0, n = d.len < 4096 ? d.len : 4096;
	struct dd_slice head;

	while (i < n && (d.ptr[i] == ' ' || d.ptr[i] == '\n' || d.ptr[i] == '\r' ||
			 d.ptr[i] == '\t'))
		i++;
	if (i >= n || d.ptr[i] != '{')
		return false;
	head = dd_slice_of(d.ptr + i, n - i);
	return memmem(head.ptr, head.len, "\"bomFormat\"", 11) ||
	       memmem(head.ptr, head.len, "\"spdxVersion\"", 13) ||
	       memmem(head.ptr, head.len, "\"drydock_sbom\"", 14) ||
	       (d.len <= 4096 * 16 && (memmem(d.ptr, d.len, "\"bomFormat\"", 11) ||
				       memmem(d.ptr, d.len, "\"spdxVersion\"", 13)));
}

enum dd_sbom_sniff dd_sbom_sniff(const char *path)
{
	enum { HEAD = 4096 * 16 };	/* dd_sbom_detect looks at most this far */
	enum dd_sbom_sniff k = DD_SNIFF_OTHER;
	struct stat st;
	char *head;
	size_t n, i;
	FILE *f;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || !(f = fopen(path, "rb")))
		return DD_SNIFF_NOT_FILE;
	head = dd_xmalloc(HEAD);
	n = fread(head, 1, HEAD, f);
	fclose(f);
	for (i = 0; i < n && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t');
	     i++)
		;
	if (i < n && head[i] == '{')
		k = dd_sbom_detect(dd_slice_of(head, n)) ? DD_SNIFF_SBOM : DD_SNIFF_JSON;
	free(head);
	return k;
}

static const char *jstr(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static char *dup_or_null(const char *s)
{
	return s && *s ? dd_xstrdup(s) : NULL;
}

static void replace(char **field, const char *v)
{
	if (!v || !*v)
		return;
	free(*field);
	*field = dd_xstrdup(v);
}

static bool to_int(const char *s, int *out)
{
	uint64_t v;

	if (!s || dd_parse_u64_all(dd_slice_str(s), 1000000000, &v) != 0)
		return false;
	*out = (int)v;
	return true;
}

/*
 * Adds a package from its purl (NULL: nothing added). The name is the
 * ecosystem's spelling: npm "@scope/name", maven "group:artifact", Go
 * "module/path"; an rpm epoch qualifier joins the version as "E:V-R".
 */
static struct dd_pkg *add_from_purl(struct dd_inventory *inv, const char *purl, const char *fallback_version)
{
	struct dd_purl p;
	struct dd_pkg *k;
	enum dd_eco eco;
	const char *epoch;
	int ep = -1;

	if (!purl || dd_purl_parse(&p, purl) != 0)
		return NULL;
	if (inv->n_pkgs >= SBOM_MAX_PKGS) {
		dd_purl_release(&p);
		return NULL;
	}
	eco = dd_purl_eco(p.type);
	k = dd_inventory_add(inv);
	k->eco = eco;
	if (p.ns && (eco == DD_ECO_NPM || eco == DD_ECO_GO || eco == DD_ECO_PACKAGIST ||
		     eco == DD_ECO_SWIFT))
		k->name = dd_xasprintf("%s/%s", p.ns, p.name);
	else if (p.ns && eco == DD_ECO_MAVEN)
		k->name = dd_xasprintf("%s:%s", p.ns, p.name);
	else
		k->name = dd_xstrdup(p.name);
	epoch = dd_purl_qual(&p, "epoch");
	if (epoch && to_int(epoch, &ep) && eco == DD_ECO_RPM) {
		k->epoch = ep;
		if (p.version && ep > 0)
			k->version = dd_xasprintf("%d:%s", ep, p.version);
	}
	if (!k->version)
		k->version = dup_or_null(p.version ? p.version : fallback_version);
	k->arch = dup_or_null(dd_purl_qual(&p, "arch"));
	k->purl = dd_xstrdup(purl);
	dd_purl_release(&p);
	return k;
}

/* drydock's own keys, shared by CycloneDX properties and SPDX annotations. */
static void apply_key(struct dd_inventory *inv, struct dd_pkg *k, const char *key, const char *v)
{
	int n;

	(void)inv;
	if (strcmp(key, "type") == 0) {
		enum dd_eco e = dd_purl_eco(v);

		if (e != DD_ECO_UNKNOWN)
			k->eco = e;
	} else if (strcmp(key, "arch") == 0) {
		replace(&k->arch, v);
	} else if (strcmp(key, "src_name") == 0) {
		replace(&k->src_name, v);
	} else if (strcmp(key, "src_version") == 0) {
		replace(&k->src_version, v);
	} else if (strcmp(key, "epoch") == 0 && to_int(v, &n)) {
		k->epoch = n;
	} else if (strcmp(key, "license") == 0) {
		replace(&k->license, v);
	} else if (strcmp(key, "maintainer") == 0) {
		replace(&k->maintainer, v);
	} else if (strcmp(key, "modularity") == 0) {
		replace(&k->modularity, v);
	} else if (strcmp(key, "found_in") == 0) {
		replace(&k->found_in, v);
	} else if (strcmp(key, "layer_first") == 0 && to_int(v, &n)) {
		k->layer_first = n;
	} else if (strcmp(key, "layer_last") == 0 && to_int(v, &n)) {
		k->layer_last = n;
	} else if (strcmp(key, "dependency") == 0) {
		k->dep = strcmp(v, "direct") == 0 ? DD_DEP_DIRECT :
			 strcmp(v, "root") == 0 ? DD_DEP_ROOT : DD_DEP_INDIRECT;
	} else if (strcmp(key, "dev") == 0) {
		k->dev = strcmp(v, "true") == 0;
	}
}

/* ---- CycloneDX ------------------------------------------------------------------ */

static char *cdx_licenses(json_t *lics)
{
	struct dd_buf b = DD_BUF_INIT;
	size_t i;
	json_t *l;

	json_array_foreach(lics, i, l) {
		json_t *lic = json_object_get(l, "license");
		const char *s = jstr(l, "expression");

		if (!s && lic)
			s = jstr(lic, "id") ? jstr(lic, "id") : jstr(lic, "name");
		if (!s || !*s)
			continue;
		if (b.len)
			dd_buf_adds(&b, " AND ");
		dd_buf_adds(&b, s);
	}
	if (!b.len) {
		dd_buf_release(&b);
		return NULL;
	}
	return dd_buf_detach(&b, NULL);
}

static void cdx_component(struct dd_inventory *inv, json_t *c, int depth)
{
	const char *type = jstr(c, "type");
	json_t *props, *sub, *pr;
	struct dd_pkg *k;
	const char *trivy_src_ver = NULL, *trivy_src_rel = NULL, *trivy_src_epoch = NULL;
	size_t i;

	if (depth > SBOM_MAX_DEPTH)
		return;
	sub = json_object_get(c, "components");
	if (json_is_array(sub)) {
		json_t *s;

		json_array_foreach(sub, i, s)
			cdx_component(inv, s, depth + 1);
	}
	if (type && strcmp(type, "operating-system") == 0) {
		if (!inv->os.family) {
			inv->os.family = dup_or_null(jstr(c, "name"));
			inv->os.version_id = dup_or_null(jstr(c, "version"));
			inv->os.pretty_name = dup_or_null(jstr(c, "description"));
			if (inv->os.family) {
				char *f;

				for (f = inv->os.family; *f; f++)
					if (*f >= 'A' && *f <= 'Z')
						*f = (char)(*f - 'A' + 'a');
			}
		}
		props = json_object_get(c, "properties");
		json_array_foreach(props, i, pr) {
			const char *n = jstr(pr, "name"), *v = jstr(pr, "value");

			if (!n || !v)
				continue;
			if (strcmp(n, "drydock:os:codename") == 0)
				replace(&inv->os.codename, v);
			else if (strcmp(n, "drydock:os:id_like") == 0)
				replace(&inv->os.id_like, v);
			else if (strcmp(n, "drydock:os:distroless") == 0)
				inv->os.distroless = strcmp(v, "true") == 0;
		}
		return;
	}
	k = add_from_purl(inv, jstr(c, "purl"), jstr(c, "version"));
	if (!k)
		return;
	k->license = cdx_licenses(json_object_get(c, "licenses"));
	if (jstr(c, "publisher"))
		k->maintainer = dup_or_null(jstr(c, "publisher"));
	else if (json_object_get(c, "supplier"))
		k->maintainer = dup_or_null(jstr(json_object_get(c, "supplier"), "name"));
	props = json_object_get(c, "properties");
	json_array_foreach(props, i, pr) {
		const char *n = jstr(pr, "name"), *v = jstr(pr, "value");

		if (!n || !v)
			continue;
		if (strncmp(n, "drydock:package:", 16) == 0)
			apply_key(inv, k, n + 16, v);
		else if (strncmp(n, "drydock:", 8) == 0)
			apply_key(inv, k, n + 8, v);
		else if (strcmp(n, "aquasecurity:trivy:SrcName") == 0 && strcmp(v, k->name) != 0)
			replace(&k->src_name, v);
		else if (strcmp(n, "aquasecurity:trivy:SrcVersion") == 0)
			trivy_src_ver = v;
		else if (strcmp(n, "aquasecurity:trivy:SrcRelease") == 0)
			trivy_src_rel = v;
		else if (strcmp(n, "aquasecurity:trivy:SrcEpoch") == 0)
			trivy_src_epoch = v;
		else if (strcmp(n, "aquasecurity:trivy:Modularitylabel") == 0)
			replace(&k->modularity, v);
	}
	if (trivy_src_ver && !k->src_version) {
		char *sv;

		if (trivy_src_rel)
			sv = trivy_src_epoch && strcmp(trivy_src_epoch, "0") != 0
				     ? dd_xasprintf("%s:%s-%s", trivy_src_epoch, trivy_src_ver, trivy_src_rel)
				     : dd_xasprintf("%s-%s", trivy_src_ver, trivy_src_rel);
		else
			sv = dd_xstrdup(trivy_src_ver);
		if (k->version && strcmp(sv, k->version) == 0)
			free(sv);
		else
			k->src_version = sv;
	}
}

static void read_cyclonedx(struct dd_inventory *inv, json_t *root)
{
	json_t *comps = json_object_get(root, "components"), *c;
	size_t i;

	json_array_foreach(comps, i, c)
		cdx_component(inv, c, 0);
}

/* ---- SPDX -------------------------------------------------------------------- */

static const char *spdx_purl(json_t *pkg)
{
	json_t *refs = json_object_get(pkg, "externalRefs"), *r;
	size_t i;

	json_array_foreach(refs, i, r) {
		const char *t = jstr(r, "referenceType");

		if (t && strcmp(t, "purl") == 0)
			return jstr(r, "referenceLocator");
	}
	return NULL;
}

static void read_spdx(struct dd_inventory *inv, json_t *root)
{
	json_t *pkgs = json_object_get(root, "packages"), *p;
	size_t i;

	json_array_foreach(pkgs, i, p) {
		const char *purpose = jstr(p, "primaryPackagePurpose"), *id = jstr(p, "SPDXID");
		const char *lic = jstr(p, "licenseDeclared"), *lc = jstr(p, "licenseComments");
		const char *sup = jstr(p, "supplier");
		json_t *anns, *a;
		struct dd_pkg *k;
		size_t j;

		if ((purpose && (strcmp(purpose, "OPERATING_SYSTEM") == 0 ||
				 strcmp(purpose, "OPERATING-SYSTEM") == 0)) ||
		    (!purpose && id && strncmp(id, "SPDXRef-OperatingSystem", 23) == 0)) {
			if (!inv->os.family) {
				inv->os.family = dup_or_null(jstr(p, "name"));
				inv->os.version_id = dup_or_null(jstr(p, "versionInfo"));
				inv->os.pretty_name = dup_or_null(jstr(p, "description"));
			}
			anns = json_object_get(p, "annotations");
			json_array_foreach(anns, j, a) {
				const char *c = jstr(a, "comment");

				if (!c)
					continue;
				if (strncmp(c, "drydock:os_codename=", 20) == 0)
					replace(&inv->os.codename, c + 20);
				else if (strncmp(c, "drydock:os_id_like=", 19) == 0)
					replace(&inv->os.id_like, c + 19);
				else if (strcmp(c, "drydock:os_distroless=true") == 0)
					inv->os.distroless = true;
			}
			continue;
		}
		k = add_from_purl(inv, spdx_purl(p), jstr(p, "versionInfo"));
		if (!k)
			continue;
		if (lic && strcmp(lic, "NOASSERTION") != 0 && strcmp(lic, "NONE") != 0)
			k->license = dd_xstrdup(lic);
		else if (lc && strncmp(lc, "declared license: ", 18) == 0)
			k->license = dup_or_null(lc + 18);
		if (sup && strncmp(sup, "Person: ", 8) == 0)
			k->maintainer = dup_or_null(sup + 8);
		else if (sup && strncmp(sup, "Organization: ", 14) == 0)
			k->maintainer = dup_or_null(sup + 14);
		anns = json_object_get(p, "annotations");
		json_array_foreach(anns, j, a) {
			const char *c = jstr(a, "comment"), *eq;
			char key[64];

			if (!c || strncmp(c, "drydock:", 8) != 0 || !(eq = strchr(c + 8, '=')) ||
			    (size_t)(eq - c - 8) >= sizeof(key))
				continue;
			memcpy(key, c + 8, (size_t)(eq - c - 8));
			key[eq - c - 8] = '\0';
			apply_key(inv, k, key, eq + 1);
		}
	}
}

/* ---- drydock's native JSON ---------------------------------------------------- */

static void read_native(struct dd_inventory *inv, json_t *root)
{
	json_t *os = json_object_get(root, "os"), *pkgs = json_object_get(root, "packages"), *p;
	size_t i;

	if (json_is_object(os)) {
		inv->os.family = dup_or_null(jstr(os, "family"));
		inv->os.version_id = dup_or_null(jstr(os, "version_id"));
		inv->os.codename = dup_or_null(jstr(os, "codename"));
		inv->os.pretty_name = dup_or_null(jstr(os, "pretty_name"));
		inv->os.id_like = dup_or_null(jstr(os, "id_like"));
		inv->os.distroless = json_is_true(json_object_get(os, "distroless"));
	}
	json_array_foreach(pkgs, i, p) {
		static const char *const keys[] = { "arch", "src_name", "src_version", "license",
						     "maintainer", "modularity", "found_in", "dependency" };
		struct dd_pkg *k;
		json_t *v;
		size_t j;

		if (!jstr(p, "name") || inv->n_pkgs >= SBOM_MAX_PKGS)
			continue;
		k = dd_inventory_add(inv);
		k->eco = dd_purl_eco(jstr(p, "type"));
		k->name = dd_xstrdup(jstr(p, "name"));
		k->version = dup_or_null(jstr(p, "version"));
		k->purl = dup_or_null(jstr(p, "purl"));
		for (j = 0; j < sizeof(keys) / sizeof(keys[0]); j++)
			if (jstr(p, keys[j]))
				apply_key(inv, k, keys[j], jstr(p, keys[j]));
		if (json_is_integer(v = json_object_get(p, "epoch")) && json_integer_value(v) >= 0 &&
		    json_integer_value(v) < 1000000000)
			k->epoch = (int)json_integer_value(v);
		if (json_is_integer(v = json_object_get(p, "layer_first")) &&
		    json_integer_value(v) >= 0 && json_integer_value(v) < 1000000)
			k->layer_first = (int)json_integer_value(v);
		if (json_is_integer(v = json_object_get(p, "layer_last")) &&
		    json_integer_value(v) >= 0 && json_integer_value(v) < 1000000)
			k->layer_last = (int)json_integer_value(v);
		k->dev = json_is_true(json_object_get(p, "dev"));
	}
}

int dd_sbom_read(struct dd_inventory *inv, struct dd_slice data, const char *path,
		 struct dd_err *e)
{
	json_error_t je;
	json_t *root;

	if (data.len > SBOM_MAX_BYTES)
		return dd_err_set(e, -DDE_LIMIT, "%s: SBOM larger than %zu MiB", path,
				  SBOM_MAX_BYTES >> 20);
	root = json_loadb(data.ptr, data.len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
	if (!root)
		return dd_err_set(e, -DDE_FORMAT, "%s:%d:%d: not JSON: %s", path, je.line, je.column,
				  je.text);
	if (!json_is_object(root)) {
		json_decref(root);
		return dd_err_set(e, -DDE_FORMAT, "%s: not an SBOM (no JSON object)", path);
	}
	if (jstr(root, "bomFormat") && strcmp(jstr(root, "bomFormat"), "CycloneDX") == 0) {
		read_cyclonedx(inv, root);
	} else if (jstr(root, "spdxVersion") && strncmp(jstr(root, "spdxVersion"), "SPDX-2.", 7) == 0) {
		read_spdx(inv, root);
	} else if (json_is_integer(json_object_get(root, "drydock_sbom"))) {
		read_native(inv, root);
	} else {
		json_decref(root);
		return dd_err_set(e, -DDE_FORMAT,
				  "%s: not a CycloneDX, SPDX 2 or drydock JSON document", path);
	}
	json_decref(root);
	dd_purl_fill_os(inv);
	dd_inventory_sort(inv);
	return 0;
}
