/*
 * src/inventory/python.c: Python packages: installed distributions
 * (*.dist-info/METADATA, *.egg-info/PKG-INFO and egg-info files), pinned
 * requirements*.txt lines, Pipfile.lock, poetry.lock (with pyproject.toml
 * for direct dependencies) and uv.lock.
 *
 * Names are reported as the file spells them; purls and comparisons use
 * the PEP 503 form (dd_pep503).
 */
#include "inventory/lang.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/parse.h"
#include "util/xalloc.h"

/* ---- METADATA / PKG-INFO ------------------------------------------------------- */

int dd_py_parse_metadata(const char *path, struct dd_slice data, struct dd_inventory *inv,
			 struct dd_err *e)
{
	struct dd_slice in = data, line, name = DD_SLICE_NULL, version = DD_SLICE_NULL;
	char *n, *v;
	struct dd_pkg *p;

	if (data.len > DD_LANG_MAX_FILE)
		return dd_lang_too_large(data, e);
	while (dd_parse_line(&in, &line)) {
		if (!line.len)
			break;	/* end of the headers; the description follows */
		if (dd_parse_skip(&line, "Name:") && !name.len)
			name = dd_slice_trim(line);
		else if (dd_parse_skip(&line, "Version:") && !version.len)
			version = dd_slice_trim(line);
	}
	if (!name.len || !version.len)
		return dd_err_set(e, -DDE_FORMAT, "no Name or Version header");
	n = dd_slice_dup(name);
	v = dd_slice_dup(version);
	p = dd_lang_add(inv, DD_ECO_PYPI, path, n, v);
	free(n);
	free(v);
	return p ? 0 : dd_err_set(e, -DDE_FORMAT, "empty Name or Version");
}

/* ---- requirements.txt ---------------------------------------------------------- */

static bool req_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.';
}

int dd_py_parse_requirements(const char *path, struct dd_slice data, struct dd_inventory *inv,
			     struct dd_err *e)
{
	struct dd_lang_seen seen = DD_LANG_SEEN_INIT;
	struct dd_slice in = data, line;

	if (data.len > DD_LANG_MAX_FILE)
		return dd_lang_too_large(data, e);
	while (dd_parse_line(&in, &line)) {
		struct dd_slice s = dd_slice_trim(line), nm, ver;
		const char *hash;
		size_t i = 0;
		char *n, *v;

		hash = s.len ? memchr(s.ptr, '#', s.len) : NULL;
		if (hash)
			s.len = (size_t)(hash - s.ptr);
		s = dd_slice_trim(s);
		if (!s.len || s.ptr[0] == '-')
			continue;	/* options: -r, -e, --hash, -i */
		while (i < s.len && req_name_char(s.ptr[i]))
			i++;
		nm = dd_slice_of(s.ptr, i);
		if (!nm.len)
			continue;
		s = dd_slice_of(s.ptr + i, s.len - i);
		if (s.len && s.ptr[0] == '[') {	/* extras */
			const char *close = memchr(s.ptr, ']', s.len);

			if (!close)
				continue;
			s = dd_slice_of(close + 1, s.len - (size_t)(close + 1 - s.ptr));
		}
		s = dd_slice_trim(s);
		if (!dd_parse_skip(&s, "==="))
			if (!dd_parse_skip(&s, "=="))
				continue;	/* only exact pins name a version */
		s = dd_slice_trim(s);
		for (i = 0; i < s.len && s.ptr[i] != ';' && s.ptr[i] != ' ' && s.ptr[i] != '\t' &&
			    s.ptr[i] != ',' && s.ptr[i] != '\\'; i++)
			;
		ver = dd_slice_of(s.ptr, i);
		if (!ver.len || memchr(ver.ptr, '*', ver.len))
			continue;
		n = dd_slice_dup(nm);
		v = dd_slice_dup(ver);
		dd_lang_add_once(&seen, inv, DD_ECO_PYPI, path, n, v);
		free(n);
		free(v);
	}
	dd_lang_seen_release(&seen);
	return 0;
}

/* ---- Pipfile.lock ------------------------------------------------------------------ */

static void pipfile_section(const char *path, json_t *sec, bool dev, struct dd_lang_seen *seen,
			    struct dd_inventory *inv)
{
	const char *name;
	json_t *v;

	if (!json_is_object(sec))
		return;
	json_object_foreach(sec, name, v) {
		const char *ver = dd_json_str(v, "version");
		struct dd_pkg *p;

		if (!ver)
			continue;
		while (*ver == '=')
			ver++;
		p = dd_lang_add_once(seen, inv, DD_ECO_PYPI, path, name, ver);
		if (p)
			p->dev = dev;
	}
}

int dd_py_parse_pipfile_lock(const char *path, struct dd_slice data, struct dd_inventory *inv,
			     struct dd_err *e)
{
	struct dd_lang_seen seen = DD_LANG_SEEN_INIT;
	json_t *doc = NULL;
	int r;

	r = dd_lang_json(&doc, data, e);
	if (r < 0)
		return r;
	if (!json_is_object(doc))
		r = dd_err_set(e, -DDE_FORMAT, "not a JSON object");
	else {
		pipfile_section(path, json_object_get(doc, "default"), false, &seen, inv);
		pipfile_section(path, json_object_get(doc, "develop"), true, &seen, inv);
	}
	json_decref(doc);
	dd_lang_seen_release(&seen);
	return r;
}

/* ---- poetry.lock ------------------------------------------------------------------- */

static bool name_in(const char *name, char **names, size_t n);

int dd_py_parse_poetry_lock_with(const char *path, struct dd_slice data, struct dd_slice manifest,
				 struct dd_inventory *inv, struct dd_err *e)
{
	struct dd_lang_seen seen = DD_LANG_SEEN_INIT;
	struct dd_err me = DD_ERR_INIT;
	const struct dd_tnode *pkgs;
	struct dd_tnode *doc = NULL;
	char **direct = NULL;
	size_t n_direct = 0, i;
	bool have_manifest = false;
	int r;

	r = dd_lang_toml(&doc, data, e);
	if (r < 0)
		return r;
	if (manifest.len)
		have_manifest = dd_py_pyproject_direct(manifest, &direct, &n_direct, &me) == 0;
	pkgs = dd_tnode_get(doc, "package");
	for (i = 0; pkgs && pkgs->kind == DD_TN_SEQ && i < pkgs->n_kids; i++) {
		const struct dd_tnode *pk = pkgs->kids[i];
		const char *cat = dd_tnode_str(pk, "category"), *name = dd_tnode_str(pk, "name");
		struct dd_pkg *p;

		p = dd_lang_add_once(&seen, inv, DD_ECO_PYPI, path, name, dd_tnode_str(pk, "version"));
		if (!p)
			continue;
		p->dev = cat && strcmp(cat, "dev") == 0;
		if (have_manifest)
			p->dep = name_in(name, direct, n_direct) ? DD_DEP_DIRECT : DD_DEP_INDIRECT;
	}
	for (i = 0; i < n_direct; i++)
		free(direct[i]);
	free(direct);
	dd_err_release(&me);
	dd_tnode_free(doc);
	dd_lang_seen_release(&seen);
	return 0;
}

int dd_py_parse_poetry_lock(const char *path, struct dd_slice data, struct dd_inventory *inv,
			    struct dd_err *e)
{
	return dd_py_parse_poetry_lock_with(path, data, DD_SLICE_NULL, inv, e);
}

/* Adds the PEP 503 name of a PEP 508 requirement string ("requests[x]>=2; ...") to names. */
static void req_add_name(const char *req, char ***names, size_t *n)
{
	size_t i = 0;
	char *raw;

	while (req[i] && req_name_char(req[i]))
		i++;
	if (!i)
		return;
	raw = dd_xstrndup(req, i);
	*names = dd_xrealloc(*names, (*n + 1) * sizeof(char *));
	(*names)[(*n)++] = dd_pep503(raw);
	free(raw);
}

int dd_py_pyproject_direct(struct dd_slice data, char ***names_out, size_t *n_out,
			   struct dd_err *e)
{
	const struct dd_tnode *tool, *deps, *proj;
	struct dd_tnode *doc = NULL;
	char **names = NULL;
	size_t n = 0, i;
	int r;

	*names_out = NULL;
	*n_out = 0;
	r = dd_lang_toml(&doc, data, e);
	if (r < 0)
		return r;
	tool = dd_tnode_get(dd_tnode_get(doc, "tool"), "poetry");
	deps = dd_tnode_get(tool, "dependencies");
	for (i = 0; deps && deps->kind == DD_TN_MAP && i < deps->n_kids; i++)
		if (deps->kids[i]->key && strcmp(deps->kids[i]->key, "python") != 0)
			req_add_name(deps->kids[i]->key, &names, &n);
	proj = dd_tnode_get(doc, "project");
	deps = dd_tnode_get(proj, "dependencies");
	for (i = 0; deps && deps->kind == DD_TN_SEQ && i < deps->n_kids; i++)
		if (deps->kids[i]->kind == DD_TN_SCALAR)
			req_add_name(deps->kids[i]->str, &names, &n);
	dd_tnode_free(doc);
	*names_out = names;
	*n_out = n;
	return 0;
}

/* ---- uv.lock ------------------------------------------------------------------------ */

static bool name_in(const char *name, char **names, size_t n)
{
	char *norm = dd_pep503(name);
	size_t i;
	bool found = false;

	for (i = 0; i < n && !found; i++)
		found = strcmp(norm, names[i]) == 0;
	free(norm);
	return found;
}

int dd_py_parse_uv_lock(const char *path, struct dd_slice data, struct dd_inventory *inv,
			struct dd_err *e)
{
	struct dd_lang_seen seen = DD_LANG_SEEN_INIT;
	const struct dd_tnode *pkgs, *root = NULL;
	struct dd_tnode *doc = NULL;
	char **direct = NULL, **devd = NULL;
	size_t n_direct = 0, n_devd = 0, i, j;
	int r;

	r = dd_lang_toml(&doc, data, e);
	if (r < 0)
		return r;
	pkgs = dd_tnode_get(doc, "package");
	if (!pkgs || pkgs->kind != DD_TN_SEQ)
		goto out;
	/* the project itself: source = { editable = "." } or { virtual = "." } */
	for (i = 0; i < pkgs->n_kids && !root; i++) {
		const struct dd_tnode *src = dd_tnode_get(pkgs->kids[i], "source");
		const char *ed = dd_tnode_str(src, "editable"), *vi = dd_tnode_str(src, "virtual");

		if ((ed && strcmp(ed, ".") == 0) || (vi && strcmp(vi, ".") == 0))
			root = pkgs->kids[i];
	}
	if (root) {
		const struct dd_tnode *deps = dd_tnode_get(root, "dependencies");
		const struct dd_tnode *dev = dd_tnode_get(root, "dev-dependencies");

		for (i = 0; deps && deps->kind == DD_TN_SEQ && i < deps->n_kids; i++)
			if (dd_tnode_str(deps->kids[i], "name"))
				req_add_name(dd_tnode_str(deps->kids[i], "name"), &direct, &n_direct);
		for (j = 0; dev && dev->kind == DD_TN_MAP && j < dev->n_kids; j++) {
			const struct dd_tnode *grp = dev->kids[j];

			for (i = 0; grp->kind == DD_TN_SEQ && i < grp->n_kids; i++)
				if (dd_tnode_str(grp->kids[i], "name"))
					req_add_name(dd_tnode_str(grp->kids[i], "name"), &devd, &n_devd);
		}
	}
	for (i = 0; i < pkgs->n_kids; i++) {
		const struct dd_tnode *pk = pkgs->kids[i];
		const char *name = dd_tnode_str(pk, "name");
		struct dd_pkg *p;

		p = dd_lang_add_once(&seen, inv, DD_ECO_PYPI, path, name, dd_tnode_str(pk, "version"));
		if (!p || !root)
			continue;
		if (pk == root) {
			p->dep = DD_DEP_ROOT;
		} else if (name_in(name, direct, n_direct)) {
			p->dep = DD_DEP_DIRECT;
		} else if (name_in(name, devd, n_devd)) {
			p->dep = DD_DEP_DIRECT;
			p->dev = true;
		} else {
			p->dep = DD_DEP_INDIRECT;
		}
	}
out:
	for (i = 0; i < n_direct; i++)
		free(direct[i]);
	for (i = 0; i < n_devd; i++)
		free(devd[i]);
	free(direct);
	free(devd);
	dd_tnode_free(doc);
	dd_lang_seen_release(&seen);
	return 0;
}

/*
 * pylock.toml (PEP 751, `pylock.toml` or `pylock.NAME.toml`): every
 * [[packages]] entry with a name and a version (entries for a directory or
 * a VCS checkout may have no version: there is nothing to match them by).
 */
int dd_py_parse_pylock(const char *path, struct dd_slice data, struct dd_inventory *inv,
		       struct dd_err *e)
{
	struct dd_lang_seen seen = DD_LANG_SEEN_INIT;
	const struct dd_tnode *pkgs;
	struct dd_tnode *doc = NULL;
	size_t i;
	int r;

	r = dd_lang_toml(&doc, data, e);
	if (r < 0)
		return r;
	pkgs = dd_tnode_get(doc, "packages");
	for (i = 0; pkgs && pkgs->kind == DD_TN_SEQ && i < pkgs->n_kids; i++)
		dd_lang_add_once(&seen, inv, DD_ECO_PYPI, path, dd_tnode_str(pkgs->kids[i], "name"),
				 dd_tnode_str(pkgs->kids[i], "version"));
	dd_tnode_free(doc);
	dd_lang_seen_release(&seen);
	return 0;
}
