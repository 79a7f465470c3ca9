/*
 * src/inventory/lang_files.c: the language collector's per-file work. Chooses a parser
 * for each file by its path (dd_lang_parser_for), runs it, records the layer
 * each package first appeared in, turns malformed files into warnings, and
 * ties files of one project together: an npm lockfile hides the project's
 * node_modules copies (reported once), yarn.lock reads the project's
 * package.json, poetry.lock, Cargo.lock and composer.lock read their
 * manifests, a pre-1.17 go.mod is completed by its go.sum.
 * lang_collect.c puts it on a struct dd_fsview.
 */
#include "inventory/lang.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/log.h"
#include "util/parse.h"
#include "util/xalloc.h"

#define MAX_TEXT_FILE	DD_LANG_MAX_FILE
#define MAX_BIN_FILE	(256u << 20)
/*
 * Smallest executable worth reading for Go build info or a cargo-auditable
 * list. The file view buffers every requested executable until the end of
 * the walk, so each small one we skip is memory saved: an empty Go program
 * (gc, -ldflags=-s -w) is 764 KiB and an empty Rust program with std, built
 * for size (opt-level=z, panic=abort, LTO, stripped) 278 KiB; 128 KiB keeps
 * a 2x margin under both. In the four-layer test image this skips 472 of
 * 509 executables (17 of 41 MB).
 */
#define MIN_BIN_FILE	(128u << 10)

struct manifest {
	char *dir;
	const char *base;	/* "package.json", "pyproject.toml", ... */
	char *data;
	size_t len;
};

static const char *const manifest_names[] = {
	"package.json", "pyproject.toml", "Cargo.toml", "composer.json", "go.mod", NULL
};

struct dd_lang_state {
	struct dd_inventory *inv;
	char **lockdirs;	/* directories whose npm lockfile was read */
	size_t n_lockdirs, cap_lockdirs;
	struct manifest *mans;	/* project manifests (package.json outside node_modules, ...) */
	size_t n_mans, cap_mans;
};

void dd_lang_state_new(struct dd_lang_state **out, struct dd_inventory *inv)
{
	*out = dd_xcalloc(1, sizeof(**out));
	(*out)->inv = inv;
}

void dd_lang_state_free(struct dd_lang_state *st)
{
	size_t i;

	if (!st)
		return;
	for (i = 0; i < st->n_lockdirs; i++)
		free(st->lockdirs[i]);
	for (i = 0; i < st->n_mans; i++) {
		free(st->mans[i].dir);
		free(st->mans[i].data);
	}
	free(st->lockdirs);
	free(st->mans);
	free(st);
}

/* ---- paths ---------------------------------------------------------------------- */

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* The directory part of path ("" for a top-level file), heap string. */
static char *dir_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? dd_xstrndup(path, (size_t)(s - path)) : dd_xstrdup("");
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* True when the parent directory of path is named dirname (exactly, or with suffix). */
static bool parent_is(const char *path, const char *dirname, bool suffix)
{
	const char *b = base_name(path), *d;
	size_t len;

	if (b == path)
		return false;
	len = (size_t)(b - 1 - path);
	for (d = b - 1; d > path && d[-1] != '/'; d--)
		;
	len = (size_t)(b - 1 - d);
	if (suffix)
		return len >= strlen(dirname) && memcmp(b - 1 - strlen(dirname), dirname, strlen(dirname)) == 0;
	return len == strlen(dirname) && memcmp(d, dirname, len) == 0;
}

/* Offset of the first "node_modules" path component, or -1. */
static long node_modules_at(const char *path)
{
	const char *p = path;

	while ((p = strstr(p, "node_modules")) != NULL) {
		if ((p == path || p[-1] == '/') && (p[12] == '/' || p[12] == 0))
			return (long)(p - path);
		p += 12;
	}
	return -1;
}

/* node_modules/<n>/package.json or node_modules/@s/<n>/package.json. */
static bool installed_pkgjson(const char *path)
{
	const char *b = base_name(path), *p;
	const char *comp[3] = { NULL, NULL, NULL };
	int i;

	if (b == path)
		return false;
	p = b - 1;	/* the '/' before package.json */
	for (i = 0; i < 3; i++) {
		const char *s = p;

		if (s == path)
			break;
		s--;
		while (s > path && s[-1] != '/')
			s--;
		comp[i] = s;
		p = s == path ? path : s - 1;
		if (s == path)
			break;
	}
	/* comp[0] = <n>, comp[1] = node_modules or @s, comp[2] = node_modules */
	if (comp[1] && strncmp(comp[1], "node_modules/", 13) == 0)
		return comp[0][0] != '.' && comp[0][0] != '@';
	if (comp[1] && comp[2] && comp[1][0] == '@' && strncmp(comp[2], "node_modules/", 13) == 0)
		return true;
	return false;
}

static bool fnmatch_req(const char *b)
{
	return strncmp(b, "requirements", 12) == 0 && ends_with(b, ".txt");
}

dd_lang_parser_fn dd_lang_parser_for(const char *path, unsigned int mode, unsigned long long size)
{
	const char *b = base_name(path);
	bool in_nm = node_modules_at(path) >= 0;

	if (!in_nm && (strcmp(b, "package-lock.json") == 0 || strcmp(b, "npm-shrinkwrap.json") == 0))
		return dd_npm_parse_lock;
	if (!in_nm && strcmp(b, "yarn.lock") == 0)
		return dd_npm_parse_yarn;
	if (!in_nm && strcmp(b, "pnpm-lock.yaml") == 0)
		return dd_npm_parse_pnpm;
	if (!in_nm && strcmp(b, "bun.lock") == 0)
		return dd_npm_parse_bun_lock;
	if (strcmp(b, "package.json") == 0)
		return installed_pkgjson(path) ? dd_npm_parse_pkgjson : NULL;
	if (strcmp(b, "METADATA") == 0 && parent_is(path, ".dist-info", true))
		return dd_py_parse_metadata;
	if (strcmp(b, "PKG-INFO") == 0 && parent_is(path, ".egg-info", true))
		return dd_py_parse_metadata;
	if (ends_with(b, ".egg-info") && S_ISREG(mode))
		return dd_py_parse_metadata;
	if (fnmatch_req(b))
		return dd_py_parse_requirements;
	if (strcmp(b, "Pipfile.lock") == 0)
		return dd_py_parse_pipfile_lock;
	if (strcmp(b, "poetry.lock") == 0)
		return dd_py_parse_poetry_lock;
	if (strcmp(b, "uv.lock") == 0)
		return dd_py_parse_uv_lock;
	if (strcmp(b, "pylock.toml") == 0 ||
	    (strncmp(b, "pylock.", 7) == 0 && ends_with(b, ".toml") && strlen(b) > 12))
		return dd_py_parse_pylock;
	if (ends_with(b, ".gemspec") && parent_is(path, "specifications", false))
		return dd_ruby_parse_gemspec;
	if (strcmp(b, "Gemfile.lock") == 0)
		return dd_ruby_parse_gemfile_lock;
	if (strcmp(b, "go.mod") == 0)
		return dd_go_parse_gomod;
	if (strcmp(b, "go.sum") == 0)
		return dd_go_parse_gosum;
	if (ends_with(b, ".jar") || ends_with(b, ".war") || ends_with(b, ".ear") ||
	    ends_with(b, ".par"))
		return dd_java_parse_archive;
	if (strcmp(b, "pom.xml") == 0)
		return dd_java_parse_pom;
	if (strcmp(b, "gradle.lockfile") == 0)
		return dd_java_parse_gradle_lock;
	if (strcmp(b, "build.sbt.lock") == 0)
		return dd_java_parse_sbt_lock;
	if (strcmp(b, "Cargo.lock") == 0)
		return dd_rust_parse_cargo_lock;
	if (strcmp(b, "composer.lock") == 0)
		return dd_php_parse_composer_lock;
	if (strcmp(b, "installed.json") == 0)
		return dd_php_parse_installed;
	if (ends_with(b, ".deps.json"))
		return dd_dotnet_parse_deps;
	if (strcmp(b, "packages.lock.json") == 0)
		return dd_dotnet_parse_packages_lock;
	if (strcasecmp(b, "Directory.Packages.props") == 0 || strcasecmp(b, "Packages.props") == 0)
		return dd_dotnet_parse_packages_props;
	if (strcmp(b, "pubspec.lock") == 0)
		return dd_dart_parse_pubspec_lock;
	if (strcmp(b, "mix.lock") == 0)
		return dd_hex_parse_mix_lock;
	if (strcmp(b, "Package.resolved") == 0)
		return dd_swift_parse_resolved;
	if (strcmp(b, "Podfile.lock") == 0)
		return dd_cocoapods_parse_podfile_lock;
	if (strcmp(b, "conan.lock") == 0)
		return dd_conan_parse_lock;
	/* executables (not shared libraries: Go and Rust link their packages statically) */
	if (S_ISREG(mode) && (mode & 0111) && size >= MIN_BIN_FILE && size <= MAX_BIN_FILE &&
	    !ends_with(b, ".so") && !strstr(b, ".so.") && !ends_with(b, ".sh") && !ends_with(b, ".py") &&
	    !ends_with(b, ".pl"))
		return dd_lang_parse_binary;
	return NULL;
}

/* The manifest name path has, or NULL. */
static const char *manifest_base(const char *path)
{
	const char *b = base_name(path);
	size_t i;

	for (i = 0; manifest_names[i]; i++)
		if (strcmp(b, manifest_names[i]) == 0)
			break;
	if (!manifest_names[i] || node_modules_at(path) >= 0)
		return NULL;
	return manifest_names[i];
}

int dd_lang_phase(const char *path, unsigned int mode, unsigned long long size)
{
	dd_lang_parser_fn fn;

	if (manifest_base(path))
		return 1;
	fn = dd_lang_parser_for(path, mode, size);
	if (!fn)
		return 0;
	if (fn == dd_npm_parse_pkgjson)
		return 3;
	if (fn == dd_java_parse_archive || fn == dd_lang_parse_binary)
		return 4;
	return 2;
}

/* ---- project ties ---------------------------------------------------------------- */

static bool has_lockdir(const struct dd_lang_state *st, const char *dir)
{
	size_t i;

	for (i = 0; i < st->n_lockdirs; i++)
		if (strcmp(st->lockdirs[i], dir) == 0)
			return true;
	return false;
}

struct nm_prefix {
	const char *prefix;	/* "<dir>/node_modules/" */
};

static bool drop_installed(const struct dd_pkg *p, void *arg)
{
	const struct nm_prefix *np = arg;

	return p->eco == DD_ECO_NPM && p->found_in &&
	       strncmp(p->found_in, np->prefix, strlen(np->prefix)) == 0 &&
	       strcmp(base_name(p->found_in), "package.json") == 0;
}

/* An npm lockfile in dir was read: forget the node_modules copies already reported. */
static void add_lockdir(struct dd_lang_state *st, const char *dir)
{
	struct nm_prefix np;
	char *prefix;

	if (has_lockdir(st, dir))
		return;
	DD_GROW(st->lockdirs, st->cap_lockdirs, st->n_lockdirs + 1);
	st->lockdirs[st->n_lockdirs++] = dd_xstrdup(dir);
	prefix = *dir ? dd_xasprintf("%s/node_modules/", dir) : dd_xstrdup("node_modules/");
	np.prefix = prefix;
	dd_lang_remove_if(st->inv, 0, drop_installed, &np);
	free(prefix);
}

static struct dd_slice find_manifest(const struct dd_lang_state *st, const char *path,
				     const char *base)
{
	char *dir = dir_name(path);
	size_t i;

	for (i = 0; i < st->n_mans; i++)
		if (st->mans[i].base == base && strcmp(st->mans[i].dir, dir) == 0)
			break;
	free(dir);
	return i < st->n_mans ? dd_slice_of(st->mans[i].data, st->mans[i].len) : DD_SLICE_NULL;
}

static void take_manifest(struct dd_lang_state *st, const char *path, const char *base,
			  struct dd_slice data)
{
	struct manifest *m;

	if (data.len > MAX_TEXT_FILE)
		return;
	DD_GROW(st->mans, st->cap_mans, st->n_mans + 1);
	m = &st->mans[st->n_mans++];
	m->dir = dir_name(path);
	m->base = base;
	m->data = dd_xstrndup(data.ptr ? data.ptr : "", data.len);
	m->len = data.len;
}

/* ---- parsing one file -------------------------------------------------------------- */

/* The "go" directive of a go.mod is older than 1.17 (its go.sum then completes it). */
static bool gomod_before_117(struct dd_slice gomod)
{
	struct dd_slice line;

	while (dd_parse_line(&gomod, &line)) {
		struct dd_slice s = dd_slice_trim(line);
		uint64_t major = 0, minor = 0;

		if (!dd_parse_skip(&s, "go ") && !dd_parse_skip(&s, "go\t"))
			continue;
		s = dd_slice_trim(s);
		if (dd_parse_u64(&s, 1000, &major) < 0 || !dd_parse_skip(&s, ".") ||
		    dd_parse_u64(&s, 100000, &minor) < 0)
			return false;
		return major == 1 && minor < 17;
	}
	return true;	/* no directive: Go 1.16 semantics */
}

static bool pkg_in(const struct dd_inventory *inv, size_t from, size_t to, const char *name)
{
	size_t i;

	for (i = from; i < to; i++)
		if (strcmp(inv->pkgs[i].name, name) == 0)
			return true;
	return false;
}

/* go.sum: only for a pre-1.17 go.mod beside it, adding what go.mod does not list. */
static int parse_gosum(struct dd_lang_state *st, const char *path, struct dd_slice data,
		       struct dd_inventory *inv, struct dd_err *e)
{
	struct dd_slice gomod = find_manifest(st, path, "go.mod");
	struct dd_inventory *mod = NULL, *sum = NULL;
	struct dd_err me = DD_ERR_INIT;
	char *dir, *modpath;
	size_t i;
	int r;

	if (!gomod.ptr || !gomod_before_117(gomod))
		return 0;
	/* the modules join the go.mod's list, as Trivy reports them */
	dir = dir_name(path);
	modpath = *dir ? dd_xasprintf("%s/go.mod", dir) : dd_xstrdup("go.mod");
	free(dir);
	dd_inventory_new(&mod);
	dd_inventory_new(&sum);
	(void)dd_go_parse_gomod(path, gomod, mod, &me);
	r = dd_go_parse_gosum(path, data, sum, e);
	for (i = 0; r == 0 && i < sum->n_pkgs; i++) {
		struct dd_pkg *s = &sum->pkgs[i], *p;

		if (pkg_in(mod, 0, mod->n_pkgs, s->name))
			continue;
		p = dd_lang_add(inv, DD_ECO_GO, modpath, s->name, s->version);
		if (p)
			p->dep = DD_DEP_INDIRECT;
	}
	dd_inventory_free(mod);
	dd_inventory_free(sum);
	dd_err_release(&me);
	free(modpath);
	return r;
}

static int run_parser(struct dd_lang_state *st, dd_lang_parser_fn fn, const char *path,
		      struct dd_slice data, struct dd_inventory *inv, struct dd_err *e)
{
	if (fn == dd_npm_parse_yarn)
		return dd_npm_parse_yarn_with(path, data, find_manifest(st, path, "package.json"), inv, e);
	if (fn == dd_py_parse_poetry_lock)
		return dd_py_parse_poetry_lock_with(path, data, find_manifest(st, path, "pyproject.toml"),
						    inv, e);
	if (fn == dd_rust_parse_cargo_lock)
		return dd_rust_parse_cargo_lock_with(path, data, find_manifest(st, path, "Cargo.toml"),
						     inv, e);
	if (fn == dd_php_parse_composer_lock)
		return dd_php_parse_composer_lock_with(path, data,
						       find_manifest(st, path, "composer.json"), inv, e);
	if (fn == dd_go_parse_gosum)
		return parse_gosum(st, path, data, inv, e);
	return fn(path, data, inv, e);
}

/*
 * Layer attribution, as for the OS package databases: layer_first is the
 * layer from which on every copy of the file lists the package (any
 * version: where its current, uninterrupted presence began; a package
 * removed and later added again starts over), layer_last the layer from
 * which on the copies list the final version. Older copies are parsed
 * quietly; at most the 64 most recent of them are read.
 */
#define MAX_VERSIONS 64
static void attribute_layers(struct dd_lang_state *st, dd_lang_parser_fn fn, const char *path,
			     size_t from, int final_layer, const struct dd_file_version *versions,
			     size_t n_versions)
{
	struct dd_inventory *old[MAX_VERSIONS];
	size_t nv = n_versions - 1, v, i, j;

	if (nv > MAX_VERSIONS) {
		versions += nv - MAX_VERSIONS;
		nv = MAX_VERSIONS;
	}
	for (v = 0; v < nv; v++) {
		struct dd_err e = DD_ERR_INIT;

		dd_inventory_new(&old[v]);
		(void)run_parser(st, fn, path, versions[v].data, old[v], &e);
		dd_err_release(&e);
	}
	for (i = from; i < st->inv->n_pkgs; i++) {
		struct dd_pkg *p = &st->inv->pkgs[i];
		int lfirst = -1, run = -1;

		for (v = 0; v < nv; v++) {
			bool name = false, same = false;

			for (j = 0; j < old[v]->n_pkgs && !same; j++) {
				if (strcmp(old[v]->pkgs[j].name, p->name) != 0)
					continue;
				name = true;
				same = strcmp(old[v]->pkgs[j].version, p->version) == 0;
			}
			/* the current continuous presence: a copy without it starts over */
			if (!name)
				lfirst = -1;
			else if (lfirst < 0)
				lfirst = versions[v].layer;
			if (same) {
				if (run < 0)
					run = versions[v].layer;
			} else {
				run = -1;
			}
		}
		p->layer_first = lfirst >= 0 ? lfirst : final_layer;
		p->layer_last = run >= 0 ? run : final_layer;
	}
	for (v = 0; v < nv; v++)
		dd_inventory_free(old[v]);
}

int dd_lang_parse_file(struct dd_lang_state *st, const char *path, struct dd_slice data,
		       unsigned int mode, int layer, const struct dd_file_version *versions, size_t n_versions)
{
	struct dd_err e = DD_ERR_INIT;
	dd_lang_parser_fn fn;
	size_t from = st->inv->n_pkgs, i;
	int r;
	const char *mbase = manifest_base(path);

	if (mbase) {
		take_manifest(st, path, mbase, data);
		if (strcmp(mbase, "go.mod") != 0)
			return 0;
	}
	fn = dd_lang_parser_for(path, mode, data.len);
	if (!fn)
		return 0;
	if (fn == dd_npm_parse_pkgjson) {
		long at = node_modules_at(path);
		char *root = at > 0 ? dd_xstrndup(path, (size_t)at - 1) : dd_xstrdup("");
		bool skip = has_lockdir(st, root);

		free(root);
		if (skip)
			return 0;
	}
	r = run_parser(st, fn, path, data, st->inv, &e);
	if (r < 0) {
		if (r != -DDE_UNSUPPORTED) {
			dd_warn("%s: %s", path, dd_err_msg(&e));
			st->inv->n_warnings++;
		}
	}
	for (i = from; i < st->inv->n_pkgs; i++) {
		st->inv->pkgs[i].layer_first = layer;
		st->inv->pkgs[i].layer_last = layer;
	}
	if (n_versions > 1 && st->inv->n_pkgs > from)
		attribute_layers(st, fn, path, from, layer, versions, n_versions);
	if (r == 0 && (fn == dd_npm_parse_lock || fn == dd_npm_parse_yarn || fn == dd_npm_parse_pnpm)) {
		char *dir = dir_name(path);

		add_lockdir(st, dir);
		free(dir);
	}
	dd_err_release(&e);
	return 0;
}

