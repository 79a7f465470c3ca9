/*
 * src/inventory/lang.h: the language-package parsers (npm, Python, Ruby, Go,
 * Java, Rust, PHP, .NET) and what they share: adding a package with its
 * purl, bounded JSON loading, a small document tree that the YAML and TOML
 * readers fill, and the path dispatcher that lang_collect.c registers on the
 * file view.
 *
 * Every parser has the shape
 *	int dd_<x>_parse(const char *path, struct dd_slice data,
 *			 struct dd_inventory *inv, struct dd_err *e);
 * path is the file's path relative to the root (recorded as found_in), data
 * its content. It returns 0 (packages appended to inv), or -DDE_FORMAT /
 * -DDE_LIMIT with a message in e when the file is malformed or too big;
 * packages added before the error stay. Parsers never print: the collector
 * turns an error into a warning naming the file.
 */
#ifndef DD_INVENTORY_LANG_H
#define DD_INVENTORY_LANG_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "image/image.h"
#include "inventory/inventory.h"
#include "util/err.h"
#include "util/slice.h"

#define DD_LANG_MAX_FILE	(64u << 20)	/* bytes of one lockfile or manifest */
#define DD_LANG_MAX_DEPTH	64		/* nesting of JSON / YAML / TOML documents */
#define DD_LANG_MAX_NODES	(4u << 20)	/* YAML events / TOML values per document */

/* ---- adding packages ------------------------------------------------------ */

/*
 * Appends a package of eco named name at version found in path, with its
 * purl (pkg:npm/%40scope/x@1, pkg:pypi/<pep503>@v, pkg:maven/g/a@v for name
 * "g:a", pkg:golang/<module>@v, pkg:composer/v/p@v, ...). Returns the
 * package, or NULL when the name or version is empty.
 */
struct dd_pkg *dd_lang_add(struct dd_inventory *inv, enum dd_eco eco, const char *path,
			   const char *name, const char *version);
/* A set of (name, version) pairs, to report each once per file. */
struct dd_lang_seen {
	char **keys;		/* open addressing, "name\0version" heap strings */
	size_t n, cap;
};
#define DD_LANG_SEEN_INIT { NULL, 0, 0 }
void dd_lang_seen_release(struct dd_lang_seen *s);
/* True when (name, version) was already in s; adds it otherwise. */
bool dd_lang_seen_add(struct dd_lang_seen *s, const char *name, const char *version);
/* Like dd_lang_add but returns NULL for a (name, version) already in seen (and adds it there). */
struct dd_pkg *dd_lang_add_once(struct dd_lang_seen *seen, struct dd_inventory *inv, enum dd_eco eco,
				const char *path, const char *name, const char *version);
/* The purl of a package (heap string). */
char *dd_lang_purl(enum dd_eco eco, const char *name, const char *version);
/* PEP 503 normalised name: lower case, runs of "-_." become "-" (heap string). */
char *dd_pep503(const char *name);
/* Frees the strings of p, not p itself (inventory.c). */
void dd_pkg_release(struct dd_pkg *p);
/* Removes packages [i] for which drop(pkg, arg) is true, keeping the order. */
void dd_lang_remove_if(struct dd_inventory *inv, size_t from,
		       bool (*drop)(const struct dd_pkg *p, void *arg), void *arg);

/* ---- JSON ------------------------------------------------------------------ */

/*
 * Parses data as JSON after checking its size (DD_LANG_MAX_FILE) and
 * nesting (DD_LANG_MAX_DEPTH). *out is a new reference (json_decref).
 */
int dd_lang_json(json_t **out, struct dd_slice data, struct dd_err *e);
/* -DDE_LIMIT with "N bytes, more than the DD_LANG_MAX_FILE allowed" (a parser's size check). */
int dd_lang_too_large(struct dd_slice data, struct dd_err *e);
/* The string member key of obj, or NULL when absent or not a string. */
const char *dd_json_str(const json_t *obj, const char *key);

/* ---- YAML and TOML: a small document tree --------------------------------- */

enum dd_tnode_kind { DD_TN_NULL, DD_TN_SCALAR, DD_TN_MAP, DD_TN_SEQ };

struct dd_tnode {
	enum dd_tnode_kind kind;
	char *key;			/* member name when the parent is a map */
	char *str;			/* DD_TN_SCALAR */
	struct dd_tnode **kids;		/* DD_TN_MAP members / DD_TN_SEQ items */
	size_t n_kids, cap_kids;
};

/*
 * Parses YAML (first document) with libyaml. Aliases are not expanded
 * (they read as null), so no alias bomb can grow; events and depth are
 * capped. *out is freed with dd_tnode_free.
 */
int dd_lang_yaml(struct dd_tnode **out, struct dd_slice data, struct dd_err *e);
/*
 * Parses the TOML subset lockfiles use: [table], [[array.of.tables]], dotted
 * keys, basic/literal strings (also multi-line), numbers, booleans, arrays
 * and inline tables. Scalars keep their text.
 */
int dd_lang_toml(struct dd_tnode **out, struct dd_slice data, struct dd_err *e);
void dd_tnode_free(struct dd_tnode *n);
/* Member key of a map, or NULL. */
const struct dd_tnode *dd_tnode_get(const struct dd_tnode *map, const char *key);
/* Scalar member key of a map, or NULL. */
const char *dd_tnode_str(const struct dd_tnode *map, const char *key);

/* ---- parsers (see the top comment for the contract) ------------------------ */

#define DD_LANG_PARSER(fn) \
	int fn(const char *path, struct dd_slice data, struct dd_inventory *inv, struct dd_err *e)

DD_LANG_PARSER(dd_npm_parse_lock);		/* package-lock.json, npm-shrinkwrap.json v1-v3 */
DD_LANG_PARSER(dd_npm_parse_yarn);		/* yarn.lock v1 and berry */
DD_LANG_PARSER(dd_npm_parse_pnpm);		/* pnpm-lock.yaml v5-v9 */
DD_LANG_PARSER(dd_npm_parse_bun_lock);		/* bun.lock (JSONC) */
DD_LANG_PARSER(dd_npm_parse_pkgjson);		/* installed node_modules/.../package.json */
DD_LANG_PARSER(dd_py_parse_metadata);		/* *.dist-info/METADATA, *.egg-info/PKG-INFO */
DD_LANG_PARSER(dd_py_parse_requirements);	/* requirements*.txt: name==version pins */
DD_LANG_PARSER(dd_py_parse_pipfile_lock);
DD_LANG_PARSER(dd_py_parse_poetry_lock);
DD_LANG_PARSER(dd_py_parse_uv_lock);
DD_LANG_PARSER(dd_py_parse_pylock);		/* pylock.toml, pylock.NAME.toml (PEP 751) */
DD_LANG_PARSER(dd_ruby_parse_gemspec);		/* specifications/NAME.gemspec */
DD_LANG_PARSER(dd_ruby_parse_gemfile_lock);
DD_LANG_PARSER(dd_go_parse_binary);		/* ELF with Go build info */
DD_LANG_PARSER(dd_go_parse_gomod);
DD_LANG_PARSER(dd_go_parse_gosum);
DD_LANG_PARSER(dd_java_parse_archive);		/* .jar/.war/.ear, nested */
DD_LANG_PARSER(dd_java_parse_pom);
DD_LANG_PARSER(dd_java_parse_gradle_lock);
DD_LANG_PARSER(dd_java_parse_sbt_lock);		/* build.sbt.lock */
DD_LANG_PARSER(dd_rust_parse_cargo_lock);
DD_LANG_PARSER(dd_rust_parse_binary);		/* cargo-auditable .dep-v0 */
DD_LANG_PARSER(dd_php_parse_composer_lock);
DD_LANG_PARSER(dd_php_parse_installed);		/* vendor/composer/installed.json */
DD_LANG_PARSER(dd_dotnet_parse_deps);		/* *.deps.json */
DD_LANG_PARSER(dd_dotnet_parse_packages_lock);	/* packages.lock.json */
DD_LANG_PARSER(dd_dotnet_parse_packages_props);	/* Directory.Packages.props, Packages.props */
DD_LANG_PARSER(dd_dart_parse_pubspec_lock);	/* pubspec.lock (Pub) */
DD_LANG_PARSER(dd_hex_parse_mix_lock);		/* mix.lock (Hex) */
DD_LANG_PARSER(dd_swift_parse_resolved);	/* Package.resolved v1-v3 (SwiftURL) */
DD_LANG_PARSER(dd_cocoapods_parse_podfile_lock);	/* Podfile.lock (CocoaPods) */
DD_LANG_PARSER(dd_conan_parse_lock);		/* conan.lock v1 graph, v2 (Conan) */

/* yarn.lock with the project's package.json (may be empty): root, direct and dev packages. */
int dd_npm_parse_yarn_with(const char *path, struct dd_slice data, struct dd_slice pkgjson,
			   struct dd_inventory *inv, struct dd_err *e);
/*
 * The direct dependencies a pyproject.toml names ([tool.poetry.dependencies]
 * without python, [project].dependencies), PEP 503 normalised: *names_out
 * is a heap array of *n_out heap strings.
 */
int dd_py_pyproject_direct(struct dd_slice data, char ***names_out, size_t *n_out,
			   struct dd_err *e);

/* composer.lock with the project's composer.json (may be empty): direct packages. */
int dd_php_parse_composer_lock_with(const char *path, struct dd_slice data, struct dd_slice manifest,
				    struct dd_inventory *inv, struct dd_err *e);
/* Cargo.lock with the project's Cargo.toml (may be empty): dev-only crates. */
int dd_rust_parse_cargo_lock_with(const char *path, struct dd_slice data, struct dd_slice manifest,
				  struct dd_inventory *inv, struct dd_err *e);
/* poetry.lock with the project's pyproject.toml (may be empty): direct packages. */
int dd_py_parse_poetry_lock_with(const char *path, struct dd_slice data, struct dd_slice manifest,
				 struct dd_inventory *inv, struct dd_err *e);
/*
 * Any ELF binary: Go build info, then cargo-auditable. -DDE_UNSUPPORTED
 * (no message) when the file is not ELF or carries neither.
 */
DD_LANG_PARSER(dd_lang_parse_binary);
/*
 * The bytes of ELF section name in data. -DDE_UNSUPPORTED (no message) when
 * data is not ELF, -DDE_NOTFOUND (no message) without that section,
 * -DDE_FORMAT when headers point outside the file.
 */
int dd_elf_section(struct dd_slice data, const char *name, struct dd_slice *out, struct dd_err *e);

/* Cap on bytes inflated from one top-level Java archive, nested ones included (zip bombs). */
extern uint64_t dd_java_max_inflated;

typedef int (*dd_lang_parser_fn)(const char *path, struct dd_slice data, struct dd_inventory *inv,
				 struct dd_err *e);

/*
 * The parser for a file, chosen by its path (and, for binaries, by mode
 * and size), or NULL when no parser wants it. ELF binaries are chosen by
 * mode (executable) and read by dd_lang_parse_file, which tries Go and
 * cargo-auditable.
 */
dd_lang_parser_fn dd_lang_parser_for(const char *path, unsigned int mode, unsigned long long size);

/*
 * When a file is read: 1 project manifests (package.json outside
 * node_modules, pyproject.toml, Cargo.toml, composer.json, go.mod), 2
 * lockfiles and other text files, 3 installed node_modules package.json
 * files, 4 archives and binaries; 0 for files no parser wants. Reading in
 * phase order lets lockfiles see their manifest and lets an npm lockfile
 * hide its project's node_modules copies.
 */
int dd_lang_phase(const char *path, unsigned int mode, unsigned long long size);

/*
 * Registers the language collectors on v: files are parsed in dd_lang_phase
 * order and packages appended to inv (which must outlive dd_fsview_run).
 * The collector state is freed at exit, or by dd_lang_release(inv).
 * Returns 0, or -DDE_LIMIT when too many inventories are registered at once.
 */
int dd_lang_register(struct dd_fsview *v, struct dd_inventory *inv);
void dd_lang_release(struct dd_inventory *inv);

/*
 * The language collector state: the inventory, and which project
 * directories hold an npm lockfile (their node_modules copies are then not
 * reported twice).
 */
struct dd_lang_state;
void dd_lang_state_new(struct dd_lang_state **out, struct dd_inventory *inv);
void dd_lang_state_free(struct dd_lang_state *st);
/*
 * Parses one file with the parser its path selects, appends its packages
 * (with layer first/last when versions are known), and turns a malformed
 * file into a warning naming it (counted in inv->n_warnings). Returns 0;
 * the scan continues. layer is the layer that last wrote the file;
 * versions/n_versions (may be NULL/0) are its earlier copies, oldest
 * first, from which each package's first layer is found.
 */
int dd_lang_parse_file(struct dd_lang_state *st, const char *path, struct dd_slice data,
		       unsigned int mode, int layer, const struct dd_file_version *versions, size_t n_versions);

#endif
