/*
 * src/inventory/gomod.c: Go modules from go.mod (require directives, the
 * "// indirect" marks, replace directives applied; a replacement by a local
 * path drops the module) and go.sum (every module version with a source
 * hash; used for projects whose go.mod predates Go 1.17 and so lists only
 * direct requirements).
 */
#include "inventory/lang.h"

#include <stdlib.h>
#include <string.h>

#include "util/parse.h"
#include "util/xalloc.h"

struct gomod_req {
	char *name, *version;
	bool indirect, dropped;
};

struct gomod_repl {
	char *old, *old_version;	/* old_version NULL: every version */
	char *name, *version;		/* version NULL: a local directory */
};

static struct dd_slice next_word(struct dd_slice *s)
{
	size_t i = 0;

	*s = dd_slice_trim(*s);
	while (i < s->len && s->ptr[i] != ' ' && s->ptr[i] != '\t')
		i++;
	struct dd_slice w = dd_slice_of(s->ptr, i);
	*s = dd_slice_of(s->ptr + i, s->len - i);
	if (w.len >= 2 && (w.ptr[0] == '"' || w.ptr[0] == '`'))
		w = dd_slice_of(w.ptr + 1, w.len - 2);
	return w;
}

int dd_go_parse_gomod(const char *path, struct dd_slice data, struct dd_inventory *inv,
		      struct dd_err *e)
{
	struct dd_lang_seen seen = DD_LANG_SEEN_INIT;
	struct gomod_req *reqs = NULL;
	struct gomod_repl *repls = NULL;
	size_t n_reqs = 0, cap_reqs = 0, n_repls = 0, cap_repls = 0, i, j, lineno = 0;
	struct dd_slice in = data, line;
	enum { TOP, REQ, REPL, OTHER } blk = TOP;
	bool have_module = false;
	int r = 0;

	if (data.len > DD_LANG_MAX_FILE)
		return dd_lang_too_large(data, e);
	while (dd_parse_line(&in, &line)) {
		struct dd_slice s = dd_slice_trim(line), comment = DD_SLICE_NULL, w;
		const char *c;
		bool is_req = false, is_repl = false;

		lineno++;
		c = s.len ? memmem(s.ptr, s.len, "//", 2) : NULL;
		if (c) {
			comment = dd_slice_trim(dd_slice_of(c + 2, s.len - (size_t)(c + 2 - s.ptr)));
			s = dd_slice_trim(dd_slice_of(s.ptr, (size_t)(c - s.ptr)));
		}
		if (!s.len)
			continue;
		if (blk != TOP) {
			if (dd_slice_eq(s, ")")) {
				blk = TOP;
				continue;
			}
			is_req = blk == REQ;
			is_repl = blk == REPL;
		} else {
			w = next_word(&s);
			if (dd_slice_eq(w, "module"))
				have_module = true;
			if (dd_slice_eq(w, "require") || dd_slice_eq(w, "replace")) {
				bool req = dd_slice_eq(w, "require");

				s = dd_slice_trim(s);
				if (dd_slice_eq(s, "(")) {
					blk = req ? REQ : REPL;
					continue;
				}
				is_req = req;
				is_repl = !req;
			} else if (s.len && s.ptr[s.len - 1] == '(') {
				blk = OTHER;
				continue;
			}
		}
		if (is_req) {
			struct dd_slice name = next_word(&s), ver = next_word(&s);

			if (!name.len || !ver.len) {
				r = dd_err_set(e, -DDE_FORMAT, "line %zu: require without a version", lineno);
				goto out;
			}
			DD_GROW(reqs, cap_reqs, n_reqs + 1);
			reqs[n_reqs].name = dd_slice_dup(name);
			reqs[n_reqs].version = dd_slice_dup(ver);
			reqs[n_reqs].indirect = dd_slice_starts(comment, "indirect");
			reqs[n_reqs].dropped = false;
			n_reqs++;
		} else if (is_repl) {
			struct dd_slice old = next_word(&s), ov = next_word(&s), nn, nv;

			if (dd_slice_eq(ov, "=>")) {
				ov = DD_SLICE_NULL;
			} else if (!dd_slice_eq(next_word(&s), "=>")) {
				r = dd_err_set(e, -DDE_FORMAT, "line %zu: replace without =>", lineno);
				goto out;
			}
			nn = next_word(&s);
			nv = next_word(&s);
			DD_GROW(repls, cap_repls, n_repls + 1);
			repls[n_repls].old = dd_slice_dup(old);
			repls[n_repls].old_version = ov.len ? dd_slice_dup(ov) : NULL;
			repls[n_repls].name = dd_slice_dup(nn);
			repls[n_repls].version = nv.len ? dd_slice_dup(nv) : NULL;
			n_repls++;
		}
	}
	if (!have_module && !n_reqs) {
		r = dd_err_set(e, -DDE_FORMAT, "no module or require directive");
		goto out;
	}
	for (i = 0; i < n_reqs; i++) {
		struct gomod_req *q = &reqs[i];
		struct dd_pkg *p;

		for (j = 0; j < n_repls; j++) {
			struct gomod_repl *rp = &repls[j];

			if (strcmp(rp->old, q->name) != 0 ||
			    (rp->old_version && strcmp(rp->old_version, q->version) != 0))
				continue;
			if (!rp->version) {
				q->dropped = true;
			} else {
				free(q->name);
				free(q->version);
				q->name = dd_xstrdup(rp->name);
				q->version = dd_xstrdup(rp->version);
			}
			break;
		}
		if (q->dropped)
			continue;
		p = dd_lang_add_once(&seen, inv, DD_ECO_GO, path, q->name, q->version);
		if (p)
			p->dep = q->indirect ? DD_DEP_INDIRECT : DD_DEP_DIRECT;
	}
out:
	for (i = 0; i < n_reqs; i++) {
		free(reqs[i].name);
		free(reqs[i].version);
	}
	for (i = 0; i < n_repls; i++) {
		free(repls[i].old);
		free(repls[i].old_version);
		free(repls[i].name);
		free(repls[i].version);
	}
	free(reqs);
	free(repls);
	dd_lang_seen_release(&seen);
	return r;
}

int dd_go_parse_gosum(const char *path, struct dd_slice data, struct dd_inventory *inv,
		      struct dd_err *e)
{
	struct dd_lang_seen seen = DD_LANG_SEEN_INIT;
	struct dd_slice in = data, line;
	struct dd_slice *names = NULL, *vers = NULL;
	size_t n = 0, cap = 0, capv = 0, lineno = 0, i;
	int r = 0;

	if (data.len > DD_LANG_MAX_FILE)
		return dd_lang_too_large(data, e);
	while (dd_parse_line(&in, &line)) {
		struct dd_slice s = dd_slice_trim(line), name, ver;

		lineno++;
		if (!s.len)
			continue;
		name = next_word(&s);
		ver = next_word(&s);
		if (!ver.len || !dd_slice_trim(s).len) {
			r = dd_err_set(e, -DDE_FORMAT, "line %zu: expected module, version and hash", lineno);
			break;
		}
		/* "v1.2.3/go.mod": only the go.mod was hashed; the version still counts */
		if (ver.len >= 7 && memcmp(ver.ptr + ver.len - 7, "/go.mod", 7) == 0)
			ver.len -= 7;
		DD_GROW(names, cap, n + 1);
		DD_GROW(vers, capv, n + 1);
		names[n] = name;
		vers[n] = ver;
		n++;
	}
	/* one version per module: the last line names the newest */
	for (i = n; r == 0 && i-- > 0;) {
		char *nm = dd_slice_dup(names[i]), *v = dd_slice_dup(vers[i]);

		if (!dd_lang_seen_add(&seen, nm, ""))
			dd_lang_add(inv, DD_ECO_GO, path, nm, v);
		free(nm);
		free(v);
	}
	free(names);
	free(vers);
	dd_lang_seen_release(&seen);
	return r;
}
