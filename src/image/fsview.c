/*
 * src/image/fsview.c: the merged read-only view of an image's final
 * filesystem. Each layer is streamed once (layer.c); it yields a layer
 * result: its whiteouts, opaque directories, symlinks, and the content of
 * the files some collector wants. Each result is merged onto the view
 * (entries of lower layers hidden by whiteouts, opaque directories and
 * non-directories replacing directories). Then symlinks and hardlinks are
 * resolved inside the root and every collector gets its files in path order.
 */
#include <stdlib.h>
#include <string.h>

#include "image/internal.h"
#include "image/layercache.h"
#include "util/bigmem.h"
#include "util/log.h"
#include "util/xalloc.h"

/* ---- a string -> index hash map (keys borrowed) --------------------------------- */

struct pmap {
	const char **keys;
	size_t *vals;
	size_t n, cap;		/* cap is a power of two, 0 when empty */
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void pmap_free(struct pmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

static bool pmap_get(const struct pmap *m, const char *k, size_t *v)
{
	if (!m->cap)
		return false;
	for (size_t i = hash_str(k) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (!m->keys[i])
			return false;
		if (strcmp(m->keys[i], k) == 0) {
			*v = m->vals[i];
			return true;
		}
	}
}

static void pmap_put(struct pmap *m, const char *k, size_t v);

static void pmap_grow(struct pmap *m)
{
	struct pmap o = *m;

	m->cap = o.cap ? o.cap * 2 : 64;
	m->n = 0;
	m->keys = dd_xcalloc(m->cap, sizeof(*m->keys));
	m->vals = dd_xcalloc(m->cap, sizeof(*m->vals));
	for (size_t i = 0; i < o.cap; i++)
		if (o.keys[i])
			pmap_put(m, o.keys[i], o.vals[i]);
	free(o.keys);
	free(o.vals);
}

/* Inserts or replaces. */
static void pmap_put(struct pmap *m, const char *k, size_t v)
{
	if ((m->n + 1) * 2 > m->cap)
		pmap_grow(m);
	for (size_t i = hash_str(k) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (!m->keys[i]) {
			m->keys[i] = k;
			m->vals[i] = v;
			m->n++;
			return;
		}
		if (strcmp(m->keys[i], k) == 0) {
			m->keys[i] = k;
			m->vals[i] = v;
			return;
		}
	}
}

/* ---- view nodes ----------------------------------------------------------------------- */

struct ver {
	int layer;
	char *data;
	size_t len;
};

struct node {
	char *path;
	char *link;		/* symlink target as stored; hardlink target path */
	char *data;		/* captured content (REG), NULL if not captured */
	size_t len;
	uint64_t size;
	uint32_t mode;
	int layer;
	enum ent_type type;	/* ENT_REG, ENT_SYMLINK or ENT_HARDLINK */
	bool gone;		/* hidden by a whiteout in a later layer */
	bool too_big;		/* matched but larger than every matching collector's max */
	bool dropped;		/* read, but every matching collector's keep() refused it */
	struct ver *vers;	/* older copies, oldest first (want_versions only) */
	size_t n_vers, cap_vers;
};

struct nodes {
	struct node *v;
	size_t n, cap;
	struct pmap idx;
};

static void node_clear(struct node *n)
{
	free(n->link);
	free(n->data);
	for (size_t i = 0; i < n->n_vers; i++)
		free(n->vers[i].data);
	free(n->vers);
	n->link = n->data = NULL;
	n->dropped = false;
	n->vers = NULL;
	n->n_vers = n->cap_vers = 0;
	n->len = 0;
}

static void nodes_free(struct nodes *ns)
{
	for (size_t i = 0; i < ns->n; i++) {
		node_clear(&ns->v[i]);
		free(ns->v[i].path);
	}
	free(ns->v);
	pmap_free(&ns->idx);
	memset(ns, 0, sizeof(*ns));
}

static struct node *nodes_get(const struct nodes *ns, const char *path)
{
	size_t i;

	return pmap_get(&ns->idx, path, &i) ? &ns->v[i] : NULL;
}

/* Returns the node for path, creating it (cleared) if new. */
static struct node *nodes_at(struct nodes *ns, const char *path, bool *is_new)
{
	size_t i;

	if (pmap_get(&ns->idx, path, &i)) {
		*is_new = false;
		return &ns->v[i];
	}
	if (ns->n == ns->cap) {
		/* keys point at node paths (heap strings), so growing v is safe */
		DD_GROW(ns->v, ns->cap, ns->n + 1);
	}
	memset(&ns->v[ns->n], 0, sizeof(ns->v[ns->n]));
	ns->v[ns->n].path = dd_xstrdup(path);
	pmap_put(&ns->idx, ns->v[ns->n].path, ns->n);
	*is_new = true;
	return &ns->v[ns->n++];
}

/* ---- the view ----------------------------------------------------------------------------- */

typedef bool dd_keep_fn(void *arg, const struct dd_file *f);

struct dd_fsview {
	struct dd_image *img;
	const struct dd_want **wants;
	size_t n_wants, cap_wants;
	dd_keep_fn **keeps;	/* per want, NULL: none (dd_fsview_keep) */
	struct nodes view;	/* merged so far */
	struct nodes lay;	/* the layer being streamed */
	struct nodes dirs;	/* directories holding captured files or links (paths only) */
	struct dd_buf hides;	/* this layer's hide prefixes, NUL-separated */
	size_t n_hides;
	char **literals;	/* literal globs */
	size_t n_literals;
	char **aliases;		/* physical paths the literals resolve to through symlinks */
	size_t n_aliases;
	bool aliases_dirty;
	char **extra;		/* final pass: physical paths links lead to, not captured */
	size_t n_extra;
	char **need;		/* this layer's hardlink targets not captured */
	size_t n_need, cap_need;
	uint64_t total, held;
	/* content read only for a keep() verdict (most executables): one buffer
	 * reused, on huge pages, so dropped files cost no allocation and few
	 * page faults (dd_big_alloc) */
	char *scratch;
	size_t scratch_size;
	int cur_layer;
	bool second;		/* re-streaming a layer for hardlink targets */
	/* the layer cache (docs/cache.md) */
	bool lc_on;		/* entries are replayed and (unless lc_sub) written */
	bool lc_sub;		/* a second-pass view: its parent's key, never writes */
	bool lc_warned;		/* a failed write was reported */
	size_t lc_written;	/* entries written by this run */
	uint8_t lc_key[32];
	struct lc_entry *rec;	/* recording the layer being streamed, or NULL */
	const struct lc_entry *rep;	/* the entry being replayed, or NULL */
	bool rep_short;		/* it lacks content this run needs */
	size_t ev_no, rec_idx;	/* entries seen in this pass; the current one */
	/* a Bloom filter of the paths of every file and hardlink entry of every
	 * layer: fill_missing reads layers again only for a target some layer has */
	uint64_t *files;
};

void dd_fsview_new(struct dd_fsview **out, struct dd_image *img)
{
	struct dd_fsview *v = dd_xcalloc(1, sizeof(*v));

	v->img = img;
	dd_buf_init(&v->hides, 0);
	*out = v;
}

static void free_strs(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void dd_fsview_free(struct dd_fsview *v)
{
	if (!v)
		return;
	free(v->wants);
	free(v->keeps);
	free(v->files);
	nodes_free(&v->view);
	nodes_free(&v->lay);
	nodes_free(&v->dirs);
	dd_buf_release(&v->hides);
	dd_big_free(v->scratch, v->scratch_size);
	free_strs(v->literals, v->n_literals);
	free_strs(v->aliases, v->n_aliases);
	free_strs(v->need, v->n_need);
	free(v);
}

static bool is_literal(const char *g)
{
	return !strpbrk(g, "*?[");
}

void dd_fsview_want(struct dd_fsview *v, const struct dd_want *w)
{
	size_t cap = v->cap_wants;

	DD_GROW(v->wants, v->cap_wants, v->n_wants + 1);
	if (cap != v->cap_wants) {
		v->keeps = dd_xrealloc(v->keeps, v->cap_wants * sizeof(*v->keeps));
		for (size_t i = cap; i < v->cap_wants; i++)
			v->keeps[i] = NULL;
	}
	v->wants[v->n_wants++] = w;
	for (size_t i = 0; w->globs && w->globs[i]; i++)
		if (is_literal(w->globs[i])) {
			v->literals = dd_xrealloc(v->literals, (v->n_literals + 1) * sizeof(char *));
			v->literals[v->n_literals++] = dd_xstrdup(w->globs[i]);
		}
	v->aliases_dirty = true;
}

void dd_fsview_keep(struct dd_fsview *v, const struct dd_want *w, dd_keep_fn keep)
{
	for (size_t i = 0; i < v->n_wants; i++)
		if (v->wants[i] == w)
			v->keeps[i] = keep;
}

static bool want_matches(const struct dd_want *w, const char *path, uint32_t mode, uint64_t size)
{
	for (size_t i = 0; w->globs && w->globs[i]; i++)
		if (dd_glob_match(w->globs[i], path))
			return true;
	return w->match && w->match(w->arg, path, mode, size);
}

/* ---- link resolution ------------------------------------------------------------------------------ */

typedef const struct node *(*lookup_fn)(struct dd_fsview *v, const char *path);

static const struct node *lookup_view(struct dd_fsview *v, const char *path)
{
	const struct node *n = nodes_get(&v->view, path);

	return n && !n->gone ? n : NULL;
}

static const struct node *lookup_both(struct dd_fsview *v, const char *path)
{
	const struct node *n = nodes_get(&v->lay, path);

	return n ? n : lookup_view(v, path);
}

/* Pushes the components of s onto the stack in parts (".." pops, never above the root). */
static int push_parts(struct dd_buf *acc, const char *s, size_t len)
{
	const char *p = s, *end = s + len;

	while (p < end) {
		const char *c = p;
		size_t n;

		while (p < end && *p != '/')
			p++;
		n = (size_t)(p - c);
		if (p < end)
			p++;
		if (n == 0 || (n == 1 && c[0] == '.'))
			continue;
		if (n == 2 && c[0] == '.' && c[1] == '.') {
			char *slash = strrchr(acc->buf, '/');

			dd_buf_truncate(acc, slash ? (size_t)(slash - acc->buf) : 0);
			continue;
		}
		if (acc->len)
			dd_buf_addch(acc, '/');
		dd_buf_add(acc, c, n);
		if (acc->len > DD_IMG_MAX_PATH)
			return -DDE_LIMIT;
	}
	return 0;
}

/*
 * Resolves path through the symlinks of the view (directory components
 * and, when follow_last, the last one) into out, a physical path inside
 * the root. Absolute targets are re-rooted, ".." stops at the root.
 */
static int resolve(struct dd_fsview *v, lookup_fn look, const char *path, bool follow_last,
		   struct dd_buf *out, struct dd_err *e)
{
	struct dd_buf rest = DD_BUF_INIT, acc = DD_BUF_INIT, tmp = DD_BUF_INIT;
	int hops = 0, r = 0;

	dd_buf_adds(&rest, path);
	for (;;) {
		const char *p = rest.buf;
		bool restarted = false;

		dd_buf_reset(&acc);
		while (*p) {
			const char *c = p;
			size_t n;
			const struct node *nd;

			while (*p && *p != '/')
				p++;
			n = (size_t)(p - c);
			if (*p)
				p++;
			if (n == 0 || (n == 1 && c[0] == '.'))
				continue;
			if (n == 2 && c[0] == '.' && c[1] == '.') {
				char *slash = strrchr(acc.buf, '/');

				dd_buf_truncate(&acc, slash ? (size_t)(slash - acc.buf) : 0);
				continue;
			}
			{
				size_t before = acc.len;

				if (acc.len)
					dd_buf_addch(&acc, '/');
				dd_buf_add(&acc, c, n);
				nd = look(v, acc.buf);
				if (!nd || nd->type != ENT_SYMLINK || (!*p && !follow_last))
					continue;
				if (++hops > DD_IMG_MAX_LINK_HOPS) {
					r = dd_err_set(e, -DDE_LOOP, "%s: symbolic link loop", path);
					goto out;
				}
				/* new path: base (dir of link, or root) + target + rest */
				dd_buf_reset(&tmp);
				if (nd->link[0] != '/')
					dd_buf_add(&tmp, acc.buf, before);
				if (push_parts(&tmp, nd->link, strlen(nd->link)) < 0 ||
				    push_parts(&tmp, p, strlen(p)) < 0) {
					r = dd_err_set(e, -DDE_LIMIT, "%s: link target too long", path);
					goto out;
				}
				dd_buf_reset(&rest);
				dd_buf_add(&rest, tmp.buf, tmp.len);
				restarted = true;
				break;
			}
		}
		if (!restarted)
			break;
	}
	dd_buf_reset(out);
	dd_buf_add(out, acc.buf, acc.len);
out:
	dd_buf_release(&rest);
	dd_buf_release(&acc);
	dd_buf_release(&tmp);
	return r;
}

static void recompute_aliases(struct dd_fsview *v)
{
	struct dd_buf b = DD_BUF_INIT;
	struct dd_err e = DD_ERR_INIT;

	free_strs(v->aliases, v->n_aliases);
	v->aliases = NULL;
	v->n_aliases = 0;
	for (size_t i = 0; i < v->n_literals; i++) {
		if (resolve(v, lookup_both, v->literals[i], true, &b, &e) < 0) {
			dd_err_release(&e);
			continue;
		}
		if (strcmp(b.buf, v->literals[i]) == 0)
			continue;
		v->aliases = dd_xrealloc(v->aliases, (v->n_aliases + 1) * sizeof(char *));
		v->aliases[v->n_aliases++] = dd_xstrdup(b.buf);
	}
	v->aliases_dirty = false;
	dd_buf_release(&b);
}

/* ---- streaming one layer ----------------------------------------------------------------------------- */

static void add_hide(struct dd_fsview *v, const char *prefix)
{
	dd_buf_adds(&v->hides, prefix);
	dd_buf_addch(&v->hides, '\0');
	v->n_hides++;
}

/* ---- the file paths of all layers (a Bloom filter) ------------------------------------------ */

#define BLOOM_BITS	(1u << 19)	/* 64 KiB: 2e-5 false positives at 9,000 paths */

static void bloom_bits(const char *path, uint32_t out[4])
{
	uint64_t h = hash_str(path);

	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 32;
	for (int k = 0; k < 4; k++)
		out[k] = (uint32_t)(h >> (16 * k)) * 2654435761u % BLOOM_BITS;
}

static void files_add(struct dd_fsview *v, const char *path)
{
	uint32_t b[4];

	if (!v->files)
		v->files = dd_xcalloc(BLOOM_BITS / 64, sizeof(*v->files));
	bloom_bits(path, b);
	for (int k = 0; k < 4; k++)
		v->files[b[k] / 64] |= 1ULL << (b[k] % 64);
}

/* False when no layer has a file or hardlink at path (true when unsure). */
static bool files_may_have(const struct dd_fsview *v, const char *path)
{
	uint32_t b[4];

	if (!v->files)
		return false;
	bloom_bits(path, b);
	for (int k = 0; k < 4; k++)
		if (!(v->files[b[k] / 64] & (1ULL << (b[k] % 64))))
			return false;
	return true;
}

/* Second pass: true when path is a hardlink target to read. */
static bool needed(const struct dd_fsview *v, const char *path)
{
	for (size_t i = 0; i < v->n_need; i++)
		if (strcmp(v->need[i], path) == 0)
			return true;
	return false;
}

/* The largest max_size of the wants matching path, 0 when none matches. */
static size_t wants_max(const struct dd_fsview *v, const char *path, uint32_t mode, uint64_t size)
{
	size_t best = 0;

	for (size_t i = 0; i < v->n_wants; i++)
		if (want_matches(v->wants[i], path, mode, size)) {
			size_t m = v->wants[i]->max_size ? v->wants[i]->max_size : SIZE_MAX;

			if (m > best)
				best = m;
		}
	return best;
}

/* True when path is wanted for a link: a second pass's target, or a literal glob's alias. */
static bool link_wanted(struct dd_fsview *v, const char *path)
{
	for (size_t i = 0; i < v->n_extra; i++)
		if (strcmp(v->extra[i], path) == 0)
			return true;
	if (v->aliases_dirty)
		recompute_aliases(v);
	for (size_t i = 0; i < v->n_aliases; i++)
		if (strcmp(v->aliases[i], path) == 0)
			return true;
	return false;
}

/*
 * True when the content of path may be dropped after reading: wants match
 * it (wm, their largest max_size, is not 0), every one of them has a
 * keep(), and no link needs it.
 */
static bool droppable(struct dd_fsview *v, const struct ent *ent, size_t wm)
{
	if (!wm || v->second)
		return false;
	for (size_t i = 0; i < v->n_wants; i++)
		if (!v->keeps[i] && want_matches(v->wants[i], ent->path, ent->mode, ent->size))
			return false;
	return !link_wanted(v, ent->path);
}

/* Asks the keep() of the wants matching ent (all have one: droppable). */
static bool kept(struct dd_fsview *v, const struct ent *ent, const struct dd_buf *b)
{
	struct dd_file f = { 0 };

	f.path = ent->path;
	f.data = dd_slice_of(b->buf, b->len);
	f.layer = v->cur_layer;
	f.mode = ent->mode;
	f.size = b->len;
	for (size_t i = 0; i < v->n_wants; i++)
		if (want_matches(v->wants[i], ent->path, ent->mode, ent->size) &&
		    v->keeps[i](v->wants[i]->arg, &f))
			return true;
	return false;
}

/* The scratch buffer is freed after a file larger than this (memory, not speed). */
#define SCRATCH_KEEP	(32u << 20)

/* The cache event of the entry being replayed, or NULL. */
static const struct lc_event *rep_event(const struct dd_fsview *v)
{
	return v->rep && v->rec_idx < v->rep->n ? &v->rep->ev[v->rec_idx] : NULL;
}

/*
 * Reads the current entry's content into n (at most max bytes: larger is
 * too_big). may_drop: every matching want has a keep() (droppable), which
 * is asked once the content is read. Replaying a cache entry, the content
 * and the keep() verdict come from it; an entry lacking content this run
 * needs sets rep_short (the caller then reads the layer itself).
 */
static int capture(struct dd_fsview *v, struct node *n, const struct ent *ent, ent_read_fn rd,
		   void *rctx, size_t max, bool may_drop, struct dd_err *e)
{
	struct dd_buf own = DD_BUF_INIT, scr, *b = &own;
	uint64_t cap = max < v->img->max_file ? max : v->img->max_file;
	const struct lc_event *ev = rep_event(v);
	int r;

	if (ent->size > cap) {
		n->too_big = true;
		return 0;
	}
	if (ev && may_drop && (ev->flags & LC_DROPPED)) {
		n->dropped = true;
		return 0;
	}
	if (v->rep && (!ev || !(ev->flags & LC_DATA))) {
		v->rep_short = true;
		return dd_err_set(e, -DDE_NOTFOUND, "%s: not in the cache entry", ent->path);
	}
	if (v->held + ent->size > DD_IMG_MAX_HELD)
		return dd_err_set(e, -DDE_LIMIT, "wanted files exceed %llu bytes in memory",
				  (unsigned long long)DD_IMG_MAX_HELD);
	if (may_drop) {
		if (v->scratch_size < ent->size + 1) {
			dd_big_free(v->scratch, v->scratch_size);
			v->scratch_size = ent->size + 1;
			v->scratch = dd_big_alloc(&v->scratch_size);
		}
		dd_buf_wrap(&scr, v->scratch, v->scratch_size);
		b = &scr;
	}
	r = rd(rctx, b, cap, e);
	if (r < 0)
		goto out;
	if (may_drop && !kept(v, ent, b)) {
		n->dropped = true;
		if (v->rec && !v->rec->failed && v->rec_idx < v->rec->n)
			v->rec->ev[v->rec_idx].flags |= LC_DROPPED;
		goto out;
	}
	if (v->rec)
		lc_rec_data(v->rec, v->rec_idx, b->buf, b->len);
	v->held += b->len;
	n->dropped = false;
	if (b == &scr) {
		/* kept (a Go or Rust binary): its own copy, the scratch stays */
		n->data = dd_xmalloc(b->len + 1);
		memcpy(n->data, b->buf, b->len + 1);
		n->len = b->len;
	} else {
		n->data = dd_buf_detach(b, &n->len);
	}
out:
	dd_buf_release(&own);
	if (v->scratch_size > SCRATCH_KEEP) {
		dd_big_free(v->scratch, v->scratch_size);
		v->scratch = NULL;
		v->scratch_size = 0;
	}
	return r;
}

static int on_entry(void *arg, const struct ent *ent, ent_read_fn rd, void *rctx,
		    struct dd_err *e)
{
	struct dd_fsview *v = arg;
	const struct lc_event *ev;
	struct node *n;
	bool is_new, may_drop;
	size_t max, wm;

	v->rec_idx = v->ev_no++;
	if (v->rec && !v->second)
		lc_rec_add(v->rec, ent);
	if (!v->second && (ent->type == ENT_REG || ent->type == ENT_HARDLINK))
		files_add(v, ent->path);
	if (v->second) {
		if (ent->type != ENT_REG || !needed(v, ent->path))
			return 0;
		n = nodes_at(&v->lay, ent->path, &is_new);
		if (n->data)
			return 0;
		n->type = ENT_REG;
		n->mode = ent->mode;
		n->size = ent->size;
		n->layer = v->cur_layer;
		return capture(v, n, ent, rd, rctx, SIZE_MAX, false, e);
	}
	switch (ent->type) {
	case ENT_WHITEOUT:
		add_hide(v, ent->path);
		return 0;
	case ENT_OPAQUE:
		dd_buf_adds(&v->hides, ent->path);
		dd_buf_adds(&v->hides, ent->path[0] ? "/\x01" : "\x01");
		dd_buf_addch(&v->hides, '\0');
		v->n_hides++;
		return 0;
	case ENT_DIR: {
		/* a directory replacing a lower layer's file or link */
		const struct node *lower = lookup_view(v, ent->path);

		if (lower && lower->layer < v->cur_layer)
			add_hide(v, ent->path);
		return 0;
	}
	case ENT_OTHER:
		if (nodes_get(&v->dirs, ent->path))
			add_hide(v, ent->path);
		return 0;
	case ENT_SYMLINK:
		if (v->view.n + v->lay.n >= DD_IMG_MAX_LINKS)
			return dd_err_set(e, -DDE_LIMIT, "more than %u symbolic links",
					  DD_IMG_MAX_LINKS);
		n = nodes_at(&v->lay, ent->path, &is_new);
		node_clear(n);
		n->type = ENT_SYMLINK;
		n->link = dd_xstrdup(ent->link);
		n->mode = ent->mode;
		n->layer = v->cur_layer;
		v->aliases_dirty = true;
		return 0;
	case ENT_HARDLINK:
	case ENT_REG:
		break;
	}
	/* the wants' verdict is the same in every image: a replayed entry has it */
	ev = rep_event(v);
	wm = ev && !v->lc_sub ? (size_t)ev->wmax : wants_max(v, ent->path, ent->mode, ent->size);
	if (v->rec && !v->rec->failed && v->rec_idx < v->rec->n)
		v->rec->ev[v->rec_idx].wmax = wm;
	max = wm ? wm : link_wanted(v, ent->path) ? SIZE_MAX : 0;
	if (!max) {
		/* an unwanted file replacing a lower directory still hides its contents */
		if (nodes_get(&v->dirs, ent->path))
			add_hide(v, ent->path);
		return 0;
	}
	n = nodes_at(&v->lay, ent->path, &is_new);
	node_clear(n);
	n->mode = ent->mode;
	n->size = ent->size;
	n->layer = v->cur_layer;
	n->too_big = false;
	may_drop = droppable(v, ent, wm);
	if (ent->type == ENT_HARDLINK) {
		const struct node *t = nodes_get(&v->lay, ent->link);

		n->type = ENT_REG;
		if (t && t->type == ENT_REG && t->data) {
			n->data = dd_xmalloc(t->len + 1);
			memcpy(n->data, t->data, t->len + 1);
			n->len = t->len;
			n->size = t->size;
			v->held += t->len;
			return 0;
		}
		if (t && t->type == ENT_REG && t->dropped && may_drop) {
			/* the same content: the same verdict */
			n->dropped = true;
			n->size = t->size;
			return 0;
		}
		/* target not captured: read it again after this layer */
		n->type = ENT_HARDLINK;
		n->link = dd_xstrdup(ent->link);
		DD_GROW(v->need, v->cap_need, v->n_need + 1);
		v->need[v->n_need++] = dd_xstrdup(ent->link);
		return 0;
	}
	n->type = ENT_REG;
	return capture(v, n, ent, rd, rctx, max, may_drop, e);
}

/* ---- merging a layer onto the view ---------------------------------------------------------------------- */

static bool want_versions_for(struct dd_fsview *v, const struct node *n)
{
	for (size_t i = 0; i < v->n_wants; i++)
		if (v->wants[i]->want_versions &&
		    want_matches(v->wants[i], n->path, n->mode, n->size))
			return true;
	return false;
}

/* True when a hide prefix of this layer covers path. */
static bool hidden(const struct pmap *hs, const char *path, struct dd_buf *tmp)
{
	size_t k;

	if (pmap_get(hs, path, &k))
		return true;	/* whiteout of the path itself */
	dd_buf_reset(tmp);
	dd_buf_adds(tmp, path);
	for (;;) {
		char *slash = strrchr(tmp->buf, '/');
		size_t dl = slash ? (size_t)(slash - tmp->buf) : 0;

		dd_buf_truncate(tmp, dl);
		/* tmp is an ancestor directory ("" = root) */
		if (tmp->len && pmap_get(hs, tmp->buf, &k))
			return true;	/* whiteout or non-directory at an ancestor */
		dd_buf_adds(tmp, tmp->len ? "/\x01" : "\x01");
		if (pmap_get(hs, tmp->buf, &k))
			return true;	/* opaque ancestor */
		dd_buf_truncate(tmp, dl);
		if (!slash)
			return false;
	}
}

static void merge_layer(struct dd_fsview *v)
{
	struct pmap hs = { 0 };
	struct dd_buf tmp = DD_BUF_INIT;
	int L = v->cur_layer;

	/* non-directories of this layer hide what lower layers had below them */
	for (size_t i = 0; i < v->lay.n; i++)
		add_hide(v, v->lay.v[i].path);
	for (const char *p = v->hides.buf; p < v->hides.buf + v->hides.len; p += strlen(p) + 1)
		pmap_put(&hs, p, 0);
	if (hs.n) {
		for (size_t i = 0; i < v->view.n; i++) {
			struct node *n = &v->view.v[i];

			if (n->gone || n->layer >= L)
				continue;
			if (nodes_get(&v->lay, n->path))
				continue;	/* replaced below, keeping versions */
			if (hidden(&hs, n->path, &tmp)) {
				v->held -= n->len;
				for (size_t k = 0; k < n->n_vers; k++)
					v->held -= n->vers[k].len;
				node_clear(n);
				n->gone = true;
			}
		}
	}
	for (size_t i = 0; i < v->lay.n; i++) {
		struct node *ln = &v->lay.v[i];
		bool is_new;
		struct node *n = nodes_at(&v->view, ln->path, &is_new);

		if (!is_new && !n->gone && n->type == ENT_REG && n->data && ln->type == ENT_REG &&
		    want_versions_for(v, ln)) {
			DD_GROW(n->vers, n->cap_vers, n->n_vers + 1);
			n->vers[n->n_vers].layer = n->layer;
			n->vers[n->n_vers].data = n->data;
			n->vers[n->n_vers++].len = n->len;
			n->data = NULL;
			n->len = 0;
		} else if (!is_new) {
			v->held -= n->len;
			for (size_t k = 0; k < n->n_vers; k++)
				v->held -= n->vers[k].len;
			node_clear(n);
		}
		/* remember the directories above it */
		{
			char *dp = dd_xstrdup(ln->path), *slash;
			bool nd;

			while ((slash = strrchr(dp, '/'))) {
				*slash = '\0';
				if (nodes_get(&v->dirs, dp))
					break;
				nodes_at(&v->dirs, dp, &nd);
			}
			free(dp);
		}
		/* move the layer node's content into the view node */
		n->link = ln->link;
		n->data = ln->data;
		n->len = ln->len;
		n->size = ln->size;
		n->mode = ln->mode;
		n->layer = ln->layer;
		n->type = ln->type;
		n->too_big = ln->too_big;
		n->dropped = ln->dropped;
		n->gone = false;
		ln->link = ln->data = NULL;
		if (ln->type != ENT_REG && n->n_vers) {
			for (size_t k = 0; k < n->n_vers; k++) {
				v->held -= n->vers[k].len;
				free(n->vers[k].data);
			}
			n->n_vers = 0;
		}
	}
	nodes_free(&v->lay);
	pmap_free(&hs);
	dd_buf_reset(&v->hides);
	v->n_hides = 0;
	dd_buf_release(&tmp);
	v->aliases_dirty = true;
}

/* ---- delivery ---------------------------------------------------------------------------------------------- */

struct hit {
	const char *path;	/* as delivered */
	const struct node *n;	/* the file (after links) */
};

static int cmp_hit(const void *a, const void *b)
{
	return strcmp(((const struct hit *)a)->path, ((const struct hit *)b)->path);
}

static int deliver(struct dd_fsview *v, const struct dd_want *w, struct dd_err *e)
{
	struct hit *hits = NULL;
	size_t n_hits = 0, cap_hits = 0;
	struct dd_buf phys = DD_BUF_INIT;
	char **owned = NULL;
	size_t n_owned = 0;
	int r = 0;

	for (size_t i = 0; i < v->view.n; i++) {
		const struct node *n = &v->view.v[i], *t = n;

		if (n->gone || !want_matches(w, n->path, n->mode, n->size))
			continue;
		if (n->type != ENT_REG) {
			r = resolve(v, lookup_view, n->path, true, &phys, e);
			if (r < 0)
				goto out;
			t = lookup_view(v, phys.buf);
			if (!t || t->type != ENT_REG) {
				dd_debug("%s: %s: link to %s, not a captured file", w->name, n->path,
					 phys.buf);
				continue;
			}
		}
		DD_GROW(hits, cap_hits, n_hits + 1);
		hits[n_hits++] = (struct hit){ n->path, t };
	}
	/* literal globs reached through symlinked directories */
	for (size_t g = 0; w->globs && w->globs[g]; g++) {
		const char *lit = w->globs[g];
		const struct node *n, *t;

		if (!is_literal(lit))
			continue;
		n = lookup_view(v, lit);
		if (n)
			continue;	/* matched above */
		r = resolve(v, lookup_view, lit, true, &phys, e);
		if (r < 0)
			goto out;
		t = lookup_view(v, phys.buf);
		if (!t || t->type != ENT_REG)
			continue;
		owned = dd_xrealloc(owned, (n_owned + 1) * sizeof(char *));
		owned[n_owned++] = dd_xstrdup(lit);
		DD_GROW(hits, cap_hits, n_hits + 1);
		hits[n_hits++] = (struct hit){ owned[n_owned - 1], t };
	}
	if (n_hits)
		qsort(hits, n_hits, sizeof(*hits), cmp_hit);
	for (size_t i = 0; i < n_hits; i++) {
		const struct node *t = hits[i].n;
		struct dd_file f = { 0 };
		struct dd_file_version *vs;
		size_t max = w->max_size ? w->max_size : SIZE_MAX;

		if (i && strcmp(hits[i].path, hits[i - 1].path) == 0)
			continue;
		if (t->too_big || t->size > max || (!t->data && t->type == ENT_REG)) {
			if (t->too_big || t->size > max)
				dd_warn("%s: %s: %llu bytes, more than %zu: skipped", v->img->name,
					hits[i].path, (unsigned long long)t->size, max);
			continue;
		}
		if (!t->data)
			continue;
		vs = dd_xcalloc(t->n_vers + 1, sizeof(*vs));
		for (size_t k = 0; k < t->n_vers; k++)
			vs[k] = (struct dd_file_version){ t->vers[k].layer,
							  dd_slice_of(t->vers[k].data, t->vers[k].len) };
		vs[t->n_vers] = (struct dd_file_version){ t->layer, dd_slice_of(t->data, t->len) };
		f.path = hits[i].path;
		f.data = dd_slice_of(t->data, t->len);
		f.layer = t->layer;
		f.mode = t->mode;
		f.size = t->len;
		f.versions = vs;
		f.n_versions = t->n_vers + 1;
		r = w->fn(w->arg, &f, e);
		free(vs);
		if (r < 0) {
			dd_err_wrap(e, "%s: %s", w->name, hits[i].path);
			goto out;
		}
	}
out:
	free(hits);
	free_strs(owned, n_owned);
	dd_buf_release(&phys);
	return r;
}

/* ---- run --------------------------------------------------------------------------------------------------- */

static int replay(struct dd_fsview *v, size_t i, struct dd_err *e);

/* Re-streams (or replays) the current layer to read the targets of hardlinks whose target was skipped. */
static int fill_hardlinks(struct dd_fsview *v, size_t i, struct dd_err *e)
{
	int r;

	v->second = true;
	v->ev_no = 0;
	r = v->rep ? replay(v, i, e) : dd_layer_stream(v->img, i, false, &v->total, on_entry, v, e);
	v->second = false;
	if (r < 0)
		return r;
	for (size_t k = 0; k < v->lay.n; k++) {
		struct node *n = &v->lay.v[k];
		const struct node *t;

		if (n->type != ENT_HARDLINK)
			continue;
		t = nodes_get(&v->lay, n->link);
		n->type = ENT_REG;
		if (t && t->data) {
			n->data = dd_xmalloc(t->len + 1);
			memcpy(n->data, t->data, t->len + 1);
			n->len = t->len;
			n->size = t->size;
			v->held += t->len;
		}
	}
	free_strs(v->need, v->n_need);
	v->need = NULL;
	v->n_need = v->cap_need = 0;
	return 0;
}

static void add_missing(const struct dd_fsview *v, char ***miss, size_t *n, const char *p)
{
	if (!files_may_have(v, p)) {
		dd_debug("link target %s: no layer has it", p);
		return;
	}
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*miss)[i], p) == 0)
			return;
	*miss = dd_xrealloc(*miss, (*n + 1) * sizeof(char *));
	(*miss)[(*n)++] = dd_xstrdup(p);
}

/* ---- the layer cache: replaying an entry instead of reading the layer ---------------------------- */

/* The content of the replayed entry's current event (the entry callback's reader). */
static int rep_read(void *rctx, struct dd_buf *out, uint64_t cap, struct dd_err *e)
{
	const struct dd_fsview *v = rctx;
	const struct lc_event *ev = rep_event(v);

	dd_buf_reset(out);
	if (!ev || !(ev->flags & LC_DATA))
		return dd_err_set(e, -DDE_INTERNAL, "no content in the cache entry");
	if (ev->data_len > cap)
		return dd_err_set(e, -DDE_LIMIT, "larger than %llu bytes", (unsigned long long)cap);
	if (!out->alloc && !out->cap) {
		/* one allocation of the exact size, not a growing buffer */
		out->buf = dd_xmalloc(ev->data_len + 1);
		out->alloc = ev->data_len + 1;
		memcpy(out->buf, v->rep->pool.buf + ev->data, ev->data_len);
		out->buf[ev->data_len] = '\0';
		out->len = ev->data_len;
		return 0;
	}
	if (dd_buf_add(out, v->rep->pool.buf + ev->data, ev->data_len) < 0)
		return dd_err_set(e, -DDE_LIMIT, "larger than %llu bytes", (unsigned long long)cap);
	return 0;
}

/*
 * Feeds the events of v->rep to the entry callback, as dd_layer_stream
 * would feed the layer's tar entries. On an entry lacking content this run
 * needs, returns < 0 with v->rep_short set.
 */
static int replay(struct dd_fsview *v, size_t i, struct dd_err *e)
{
	const struct lc_entry *le = v->rep;
	const struct dd_layer_info *li = &v->img->meta.layers[i];
	int r = 0;

	for (size_t k = 0; k < le->n; k++) {
		const struct lc_event *ev = &le->ev[k];
		struct ent ent;

		ent.path = lc_str(le, ev->path);
		ent.type = (enum ent_type)ev->type;
		ent.mode = ev->mode;
		ent.size = ev->size;
		ent.link = lc_str(le, ev->link);
		if (ent.size > v->img->max_file) {
			r = dd_err_set(e, -DDE_LIMIT, "%s: %llu bytes, more than the %llu allowed per file",
				       ent.path, (unsigned long long)ent.size,
				       (unsigned long long)v->img->max_file);
			break;
		}
		/*
		 * The max total size counts as if the layer were read: a tar
		 * header and the padded content per entry (pax headers and the
		 * end blocks aside), so a warm run stops where a cold one would.
		 */
		r = dd_layer_count_total(v->img, &v->total, 512 + ((ent.size + 511) & ~(uint64_t)511), e);
		if (r < 0)
			break;
		r = on_entry(v, &ent, rep_read, v, e);
		if (r < 0) {
			if (!v->rep_short)
				dd_err_wrap(e, "%s", ent.path);
			break;
		}
	}
	if (r < 0 && !v->rep_short)
		dd_err_wrap(e, "layer %zu (%s, from the layer cache)", i + 1,
			    li->digest ? li->digest : "?");
	return r;
}

/* Forgets what a replay put in the layer result (it fell short). */
static void reset_layer(struct dd_fsview *v, uint64_t held)
{
	nodes_free(&v->lay);
	dd_buf_reset(&v->hides);
	v->n_hides = 0;
	free_strs(v->need, v->n_need);
	v->need = NULL;
	v->n_need = v->cap_need = 0;
	v->held = held;
	v->aliases_dirty = true;
	v->rep_short = false;
}

/*
 * Layer i from its cache entry. Returns 1 when replayed, 0 when the layer
 * must be read (no entry, or it lacks content this run needs), < 0 on an
 * error of the layer's content.
 */
static int from_cache(struct dd_fsview *v, size_t i, struct dd_err *e)
{
	const struct dd_layer_info *li = &v->img->meta.layers[i];
	const char *what = v->lc_sub ? " (second pass)" : "";
	struct lc_entry ent;
	struct dd_err le = DD_ERR_INIT;
	uint64_t held = v->held;
	int r;

	if (!lc_load(&ent, v->img->layer_cache, li->diff_id, v->lc_key)) {
		dd_debug("layer %zu/%zu %s: cache miss%s", i + 1, v->img->meta.n_layers, li->diff_id,
			 what);
		return 0;
	}
	v->rep = &ent;
	v->ev_no = 0;
	r = replay(v, i, &le);
	if (r == 0 && v->n_need)
		r = fill_hardlinks(v, i, &le);
	v->rep = NULL;
	if (r == 0) {
		dd_debug("layer %zu/%zu %s: cache hit%s (%zu entries, %zu bytes of content)", i + 1,
			 v->img->meta.n_layers, li->diff_id, what, ent.n, ent.content);
		r = 1;
	} else if (v->rep_short) {
		dd_debug("layer %zu/%zu %s: cache entry falls short%s (%s): reading the layer", i + 1,
			 v->img->meta.n_layers, li->diff_id, what, dd_err_msg(&le));
		reset_layer(v, held);
		r = 0;
	} else {
		dd_err_set(e, r, "%s", dd_err_msg(&le));
	}
	lc_entry_release(&ent);
	dd_err_release(&le);
	return r;
}

/* Writes the entry recorded for layer i (a failed write is a warning, once). */
static void to_cache(struct dd_fsview *v, size_t i, struct lc_entry *rec)
{
	const struct dd_layer_info *li = &v->img->meta.layers[i];
	struct dd_err e = DD_ERR_INIT;

	if (rec->failed) {
		dd_debug("layer %zu/%zu %s: not cached: %s", i + 1, v->img->meta.n_layers, li->diff_id,
			 rec->why);
		return;
	}
	if (lc_store(rec, v->img->layer_cache, li->diff_id, v->lc_key, &e) < 0) {
		if (!v->lc_warned)
			dd_warn("layer cache: %s: entries are not written", dd_err_msg(&e));
		v->lc_warned = true;
	} else {
		dd_debug("layer %zu/%zu %s: cache entry written (%zu entries, %zu bytes of content)", i + 1,
			 v->img->meta.n_layers, li->diff_id, rec->n, rec->content);
		v->lc_written++;
	}
	dd_err_release(&e);
}

/* After writing entries: keeps the cache within its size cap, least recently used out first. */
static void prune_cache(struct dd_fsview *v)
{
	struct lc_prune_tally t;
	struct dd_err e = DD_ERR_INIT;

	if (lc_prune(v->img->layer_cache, v->img->layer_cache_max, 0, &t, &e) < 0)
		dd_debug("layer cache: pruning failed: %s", dd_err_msg(&e));
	else if (t.removed)
		dd_debug("layer cache: %zu least recently used entries removed (%llu bytes), "
			 "%llu bytes kept (cap %llu)", t.removed, (unsigned long long)t.removed_bytes,
			 (unsigned long long)t.kept_bytes, (unsigned long long)v->img->layer_cache_max);
	dd_err_release(&e);
}

static int stream_all(struct dd_fsview *v, bool verify, struct dd_err *e)
{
	struct dd_image *img = v->img;
	int r = 0;

	if (img->meta.kind == DD_IMAGE_DIR) {
		v->cur_layer = 0;
		r = dd_dir_walk(img, on_entry, v, e);
		if (r == 0)
			merge_layer(v);
		return r;
	}
	for (size_t i = 0; i < img->meta.n_layers; i++) {
		const struct dd_layer_info *li = &img->meta.layers[i];
		struct lc_entry rec = { 0 };
		bool recording;

		v->cur_layer = (int)i;
		r = 0;
		if (v->lc_on && li->diff_id)
			r = from_cache(v, i, e);
		if (r < 0)
			return r;
		if (r == 0) {
			dd_debug("layer %zu/%zu: %s", i + 1, img->meta.n_layers, li->digest);
			/* only a verified layer is worth an entry keyed by its diff_id */
			recording = v->lc_on && !v->lc_sub && verify && li->diff_id;
			if (recording)
				v->rec = &rec;
			v->ev_no = 0;
			r = dd_layer_stream(img, i, verify, &v->total, on_entry, v, e);
			if (r == 0 && v->n_need)
				r = fill_hardlinks(v, i, e);
			v->rec = NULL;
			if (r == 0 && recording)
				to_cache(v, i, &rec);
			lc_entry_release(&rec);
			if (r < 0)
				return r;
		}
		merge_layer(v);
	}
	return 0;
}

/*
 * Files reached through links whose target was not captured (the link came
 * after its target in the stream, or a later layer added it): a second
 * pass over the layers reads just those.
 */
static int fill_missing(struct dd_fsview *v, struct dd_err *e)
{
	struct dd_buf phys = DD_BUF_INIT;
	struct dd_err ign = DD_ERR_INIT;
	struct dd_fsview *sub = NULL;
	char **miss = NULL;
	size_t n_miss = 0;
	int r = 0;

	for (size_t k = 0; k < v->n_wants; k++) {
		const struct dd_want *w = v->wants[k];

		for (size_t i = 0; i < v->view.n; i++) {
			const struct node *n = &v->view.v[i];

			if (n->gone || n->type == ENT_REG || !want_matches(w, n->path, n->mode, n->size))
				continue;
			if (resolve(v, lookup_view, n->path, true, &phys, &ign) == 0 &&
			    !lookup_view(v, phys.buf))
				add_missing(v, &miss, &n_miss, phys.buf);
			dd_err_release(&ign);
		}
		for (size_t g = 0; w->globs && w->globs[g]; g++) {
			if (!is_literal(w->globs[g]) || lookup_view(v, w->globs[g]))
				continue;
			if (resolve(v, lookup_view, w->globs[g], true, &phys, &ign) == 0 &&
			    strcmp(phys.buf, w->globs[g]) != 0 && !lookup_view(v, phys.buf))
				add_missing(v, &miss, &n_miss, phys.buf);
			dd_err_release(&ign);
		}
	}
	if (!n_miss)
		goto out;
	dd_debug("second pass for %zu link target(s), first %s", n_miss, miss[0]);
	dd_fsview_new(&sub, v->img);
	sub->lc_on = v->lc_on;
	sub->lc_sub = true;
	memcpy(sub->lc_key, v->lc_key, sizeof(sub->lc_key));
	sub->extra = miss;
	sub->n_extra = n_miss;
	r = stream_all(sub, false, e);
	if (r < 0)
		goto out;
	for (size_t i = 0; i < n_miss; i++) {
		struct node *t = nodes_get(&sub->view, miss[i]);
		struct node *n;
		bool is_new;

		if (!t || t->gone || t->type != ENT_REG || (!t->data && !t->too_big))
			continue;
		n = nodes_at(&v->view, miss[i], &is_new);
		if (!is_new && !n->gone)
			continue;
		node_clear(n);
		n->data = t->data;
		n->len = t->len;
		n->size = t->size;
		n->mode = t->mode;
		n->layer = t->layer;
		n->type = ENT_REG;
		n->too_big = t->too_big;
		n->gone = false;
		t->data = NULL;
	}
out:
	if (sub) {
		sub->extra = NULL;
		sub->n_extra = 0;
	}
	dd_fsview_free(sub);
	free_strs(miss, n_miss);
	dd_buf_release(&phys);
	dd_err_release(&ign);
	return r;
}

int dd_fsview_run(struct dd_fsview *v, struct dd_err *e)
{
	struct dd_image *img = v->img;
	int r;

	if (img->layer_cache && img->meta.kind != DD_IMAGE_DIR && v->n_wants) {
		v->lc_on = true;
		lc_key(v->lc_key, v->wants, v->keeps, v->n_wants, img->max_file);
	}
	r = stream_all(v, !img->skip_verify, e);
	if (r == 0)
		r = fill_missing(v, e);
	if (v->lc_written && img->layer_cache_max)
		prune_cache(v);
	for (size_t i = 0; r == 0 && i < v->n_wants; i++)
		r = deliver(v, v->wants[i], e);
	if (r < 0)
		dd_err_wrap(e, "%s", img->name);
	return r;
}
