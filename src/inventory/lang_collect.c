/*
 * src/inventory/lang_collect.c: registers the language collectors on a
 * struct dd_fsview: one want per phase (dd_lang_phase: manifests, lockfiles,
 * installed node_modules packages, archives and binaries), each handing
 * its files to dd_lang_parse_file (lang_files.c). dd_collect_lang is the
 * row of the collector table (collect.c); dd_lang_register serves callers
 * that drive a view themselves.
 */
#include "inventory/lang.h"
#include "inventory/collect.h"

#include <stdlib.h>
#include <sys/stat.h>

#include "util/xalloc.h"

#define MAX_TEXT_FILE	DD_LANG_MAX_FILE
#define MAX_BIN_FILE	(256u << 20)

/* ---- on the file view ---------------------------------------------------------------- */

struct lang_reg;
struct phase_want {
	struct dd_want w;
	struct lang_reg *reg;
	int phase;
};

struct lang_reg {
	struct dd_lang_state *st;
	struct dd_inventory *inv;
	struct phase_want wants[4];
};

static bool match_phase(void *arg, const char *path, uint32_t mode, uint64_t size)
{
	const struct phase_want *pw = arg;

	return S_ISREG(mode) && dd_lang_phase(path, mode, size) == pw->phase;
}

static int deliver(void *arg, const struct dd_file *f, struct dd_err *e)
{
	const struct phase_want *pw = arg;

	return dd_lang_parse_file(pw->reg->st, f->path, f->data, f->mode, f->layer,
				  pw->w.want_versions ? f->versions : NULL,
				  pw->w.want_versions ? f->n_versions : 0);
}

/*
 * The binaries want's keep(): executables are most of what it reads and
 * nearly none holds packages, so each is parsed when read and its content
 * kept only when the parse finds packages or something to warn about (the
 * same parse runs again on delivery). Depends only on the content, so the
 * layer cache can store the verdict (bump DD_ANALYZER_VERSION when the
 * binary parsers change what they find).
 */
static bool keep_binary(void *arg, const struct dd_file *f)
{
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;
	bool keep;
	int r;

	(void)arg;
	if (dd_lang_parser_for(f->path, f->mode, f->data.len) != dd_lang_parse_binary)
		return true;
	dd_inventory_new(&inv);
	r = dd_lang_parse_binary(f->path, f->data, inv, &e);
	keep = (r < 0 && r != -DDE_UNSUPPORTED) || inv->n_pkgs > 0;
	dd_inventory_free(inv);
	dd_err_release(&e);
	return keep;
}

/* Fills reg (zeroed, owned by the caller) and registers its wants on v. */
static void reg_setup(struct lang_reg *reg, struct dd_fsview *v, struct dd_inventory *inv)
{
	static const char *const names[4] = { "lang-manifest", "lang", "lang-node_modules", "lang-binary" };
	int k;

	reg->inv = inv;
	dd_lang_state_new(&reg->st, inv);
	for (k = 0; k < 4; k++) {
		struct phase_want *pw = &reg->wants[k];

		pw->reg = reg;
		pw->phase = k + 1;
		pw->w.name = names[k];
		pw->w.match = match_phase;
		pw->w.max_size = k == 3 ? MAX_BIN_FILE : MAX_TEXT_FILE;
		/* every layer's copy of text files, to find the layer a package appeared in */
		pw->w.want_versions = k != 3;
		pw->w.fn = deliver;
		pw->w.arg = pw;
	}
	for (k = 0; k < 4; k++)
		dd_fsview_want(v, &reg->wants[k].w);
	dd_fsview_keep(v, &reg->wants[3].w, keep_binary);
}

static void reg_release(void *arg)
{
	struct lang_reg *reg = arg;

	dd_lang_state_free(reg->st);
	reg->st = NULL;
}

/* The row of dd_collectors[]: state owned by the collection. */
void dd_collect_lang(struct dd_collect *c)
{
	struct lang_reg *reg = dd_collect_state(c, sizeof(*reg), NULL, reg_release);

	reg_setup(reg, dd_collect_view(c), dd_collect_inv(c));
}

/*
 * Standalone registration (without a struct dd_collect): the fsview API has
 * no hook for the end of a walk, so these registrations are kept here, one
 * per inventory, and freed by dd_lang_release or at exit.
 */
#define MAX_REGS 16
static struct lang_reg *regs[MAX_REGS];

void dd_lang_release(struct dd_inventory *inv)
{
	size_t i;

	for (i = 0; i < MAX_REGS; i++) {
		if (regs[i] && (!inv || regs[i]->inv == inv)) {
			reg_release(regs[i]);
			free(regs[i]);
			regs[i] = NULL;
		}
	}
}

static void release_all(void)
{
	dd_lang_release(NULL);
}

int dd_lang_register(struct dd_fsview *v, struct dd_inventory *inv)
{
	static bool hooked;
	size_t i;

	dd_lang_release(inv);
	for (i = 0; i < MAX_REGS && regs[i]; i++)
		;
	if (i == MAX_REGS)
		return -DDE_LIMIT;
	if (!hooked) {
		atexit(release_all);
		hooked = true;
	}
	regs[i] = dd_xcalloc(1, sizeof(*regs[i]));
	reg_setup(regs[i], v, inv);
	return 0;
}
