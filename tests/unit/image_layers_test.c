/*
 * tests/unit/image_layers_test.c: the merged view on small OCI layouts
 * built here with libarchive's writer: versions across layers and
 * whiteouts, match() callbacks, link chains that try to leave the root,
 * hardlinks to skipped files, links whose target came first, limits,
 * keep() verdicts through the reused scratch buffer, digests per layer,
 * gzip layers read by ISA-L and by zlib alike.
 */
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "t.h"
#include "image/image.h"
#include "image/internal.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* One tar entry: type 'f' file, 'l' symlink, 'h' hardlink, 'd' directory. */
struct tent {
	char type;
	const char *path;
	const char *arg;	/* content or link target */
	int mode;
};

/* Writes a gzip'd tar of the entries into b; *diff gets the uncompressed digest. */
static void make_layer(const struct tent *ents, size_t n, struct dd_buf *b, char diff[72])
{
	size_t cap = 16 << 20, used = 0;
	char *mem = dd_xmalloc(cap);
	struct archive *a;

	for (int pass = 0; pass < 2; pass++) {
		a = archive_write_new();
		archive_write_set_format_pax_restricted(a);
		if (pass == 1)
			archive_write_add_filter_gzip(a);
		archive_write_set_bytes_in_last_block(a, 1);
		archive_write_open_memory(a, mem, cap, &used);
		for (size_t i = 0; i < n; i++) {
			struct archive_entry *e = archive_entry_new();
			size_t len = ents[i].type == 'f' ? strlen(ents[i].arg) : 0;

			archive_entry_set_pathname(e, ents[i].path);
			archive_entry_set_mode(e, (ents[i].mode ? ents[i].mode : 0644) |
						   (ents[i].type == 'd' ? AE_IFDIR :
						    ents[i].type == 'l' ? AE_IFLNK : AE_IFREG));
			if (ents[i].type == 'l')
				archive_entry_set_symlink(e, ents[i].arg);
			if (ents[i].type == 'h')
				archive_entry_set_hardlink(e, ents[i].arg);
			archive_entry_set_size(e, (la_int64_t)len);
			archive_write_header(a, e);
			if (len)
				archive_write_data(a, ents[i].arg, len);
			archive_entry_free(e);
		}
		archive_write_close(a);
		archive_write_free(a);
		if (pass == 0)
			dd_sha256_hex(mem, used, diff);
	}
	dd_buf_reset(b);
	dd_buf_add(b, mem, used);
	free(mem);
}

struct layout {
	char dir[64];
	struct dd_buf layers;	/* manifest "layers" JSON */
	struct dd_buf diffs;	/* config diff_ids JSON */
};

static void put(struct layout *l, const char *rel, const void *p, size_t n)
{
	char *path = dd_xasprintf("%s/%s", l->dir, rel);
	FILE *f = fopen(path, "wb");

	if (f) {
		fwrite(p, 1, n, f);
		fclose(f);
	}
	free(path);
}

static void put_blob(struct layout *l, const void *p, size_t n, char d[72])
{
	char rel[96];

	dd_sha256_hex(p, n, d);
	snprintf(rel, sizeof(rel), "blobs/sha256/%s", d + 7);
	put(l, rel, p, n);
}

static void layout_init(struct layout *l)
{
	char *p;

	memset(l, 0, sizeof(*l));
	snprintf(l->dir, sizeof(l->dir), "/tmp/dd-layers-XXXXXX");
	if (!mkdtemp(l->dir))
		abort();
	p = dd_xasprintf("%s/blobs", l->dir);
	mkdir(p, 0755);
	free(p);
	p = dd_xasprintf("%s/blobs/sha256", l->dir);
	mkdir(p, 0755);
	free(p);
	put(l, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}", 30);
}

static void layout_add(struct layout *l, const struct tent *ents, size_t n)
{
	struct dd_buf b = DD_BUF_INIT;
	char diff[72], d[72];

	make_layer(ents, n, &b, diff);
	put_blob(l, b.buf, b.len, d);
	dd_buf_addf(&l->layers, "%s{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
		    "\"digest\":\"%s\",\"size\":%zu}", l->layers.len ? "," : "", d, b.len);
	dd_buf_addf(&l->diffs, "%s\"%s\"", l->diffs.len ? "," : "", diff);
	dd_buf_release(&b);
}

static void layout_finish(struct layout *l)
{
	struct dd_buf b = DD_BUF_INIT;
	char cd[72], md[72];

	dd_buf_addf(&b, "{\"os\":\"linux\",\"architecture\":\"amd64\",\"rootfs\":{\"type\":\"layers\","
		    "\"diff_ids\":[%s]}}", l->diffs.buf);
	put_blob(l, b.buf, b.len, cd);
	dd_buf_reset(&b);
	dd_buf_addf(&b, "{\"schemaVersion\":2,\"config\":{\"mediaType\":"
		    "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"%s\",\"size\":1},"
		    "\"layers\":[%s]}", cd, l->layers.buf);
	put_blob(l, b.buf, b.len, md);
	dd_buf_reset(&b);
	dd_buf_addf(&b, "{\"schemaVersion\":2,\"manifests\":[{\"digest\":\"%s\",\"size\":1}]}", md);
	put(l, "index.json", b.buf, b.len);
	dd_buf_release(&b);
}

static void layout_release(struct layout *l)
{
	char *cmd = dd_xasprintf("rm -rf '%s'", l->dir);

	T_EXPECT(system(cmd) == 0);
	free(cmd);
	dd_buf_release(&l->layers);
	dd_buf_release(&l->diffs);
}

struct got {
	struct dd_buf out;	/* "path@layer=content[versions]\n" */
};

static int collect(void *arg, const struct dd_file *f, struct dd_err *e)
{
	struct got *g = arg;

	dd_buf_addf(&g->out, "%s@%d=%.*s", f->path, f->layer, DD_SLICE_FMT(f->data));
	if (f->n_versions > 1) {
		dd_buf_adds(&g->out, "[");
		for (size_t i = 0; i < f->n_versions; i++)
			dd_buf_addf(&g->out, "%s%d", i ? "," : "", f->versions[i].layer);
		dd_buf_adds(&g->out, "]");
	}
	dd_buf_adds(&g->out, "\n");
	return 0;
}

static bool is_exec(void *arg, const char *path, uint32_t mode, uint64_t size)
{
	return S_ISREG(mode) && (mode & 0111);
}

/* Runs one want; returns the result code, output in g. */
static int run(struct layout *l, const char *const *globs, bool exec_only, bool versions,
	       const struct dd_image_opts *o, struct got *g, struct dd_err *e)
{
	struct dd_image *img = NULL;
	struct dd_fsview *v = NULL;
	struct dd_want w = { "test", globs, exec_only ? is_exec : NULL, 1 << 20, versions,
			     collect, g };
	int r;

	dd_buf_init(&g->out, 0);
	r = dd_image_open(&img, l->dir, o, e);
	if (r == 0) {
		dd_fsview_new(&v, img);
		dd_fsview_want(v, &w);
		r = dd_fsview_run(v, e);
	}
	dd_fsview_free(v);
	dd_image_free(img);
	return r;
}

TEST(image_layers_versions_and_whiteouts)
{
	static const struct tent l0[] = { { 'f', "var/lib/db", "v0", 0 }, { 'f', "keep", "k0", 0 } };
	static const struct tent l1[] = { { 'f', "var/lib/db", "v1", 0 }, { 'f', "keep", "k1", 0 } };
	static const struct tent l2[] = { { 'f', "var/lib/.wh.db", "", 0 } };
	static const struct tent l3[] = { { 'f', "var/lib/db", "v3", 0 }, { 'f', "keep", "k3", 0 } };
	static const char *const globs[] = { "var/lib/db", "keep", NULL };
	struct layout l;
	struct got g;
	struct dd_err e = DD_ERR_INIT;

	layout_init(&l);
	layout_add(&l, l0, 2);
	layout_add(&l, l1, 2);
	layout_add(&l, l2, 1);
	layout_add(&l, l3, 2);
	layout_finish(&l);
	T_EQ_INT(run(&l, globs, false, true, NULL, &g, &e), 0);
	/* the whiteout in layer 2 drops the older copies of var/lib/db */
	T_EQ_STR(g.out.buf, "keep@3=k3[0,1,3]\nvar/lib/db@3=v3\n");
	dd_buf_release(&g.out);
	T_EQ_INT(run(&l, globs, false, false, NULL, &g, &e), 0);
	T_EQ_STR(g.out.buf, "keep@3=k3\nvar/lib/db@3=v3\n");
	dd_buf_release(&g.out);
	dd_err_release(&e);
	layout_release(&l);
}

TEST(image_layers_links_and_match)
{
	static const struct tent l0[] = {
		/* links before their targets: needs the second pass */
		{ 'l', "etc/os-release", "../../../../usr/lib/os-release", 0 },
		{ 'l', "lib", "/usr/lib", 0 },
		{ 'l', "loop1", "loop2", 0 },
		{ 'l', "loop2", "/loop1", 0 },
		{ 'd', "usr", NULL, 0755 },
		{ 'd', "usr/lib", NULL, 0755 },
		{ 'f', "usr/lib/os-release", "ID=layers\n", 0 },
		{ 'f', "usr/bin/tool", "#!/bin/sh\n", 0755 },
		{ 'h', "usr/bin/tool2", "usr/bin/tool", 0 },
		{ 'f', "usr/share/doc", "text", 0 },
	};
	static const char *const globs[] = { "etc/os-release", "lib/os-release", "usr/bin/tool2", NULL };
	static const char *const loop[] = { "loop1", NULL };
	struct layout l;
	struct got g;
	struct dd_err e = DD_ERR_INIT;

	layout_init(&l);
	layout_add(&l, l0, sizeof(l0) / sizeof(l0[0]));
	layout_finish(&l);
	T_EQ_INT(run(&l, globs, false, false, NULL, &g, &e), 0);
	T_EQ_STR(g.out.buf, "etc/os-release@0=ID=layers\n\nlib/os-release@0=ID=layers\n\n"
			    "usr/bin/tool2@0=#!/bin/sh\n\n");
	dd_buf_release(&g.out);
	/* match(): executables only (the hardlink has the target's mode in the tar) */
	T_EQ_INT(run(&l, NULL, true, false, NULL, &g, &e), 0);
	T_EXPECT(strstr(g.out.buf, "usr/bin/tool@0=") != NULL);
	T_EXPECT(strstr(g.out.buf, "usr/share/doc") == NULL);
	T_EXPECT(strstr(g.out.buf, "os-release") == NULL);
	dd_buf_release(&g.out);
	T_EQ_INT(run(&l, loop, false, false, NULL, &g, &e), -DDE_LOOP);
	T_EXPECT(strstr(dd_err_msg(&e), "loop1: symbolic link loop") != NULL);
	dd_buf_release(&g.out);
	dd_err_release(&e);
	layout_release(&l);
}

TEST(image_layers_limits)
{
	static const struct tent l0[] = { { 'f', "big", "0123456789abcdef0123456789abcdef", 0 } };
	static const char *const globs[] = { "big", NULL };
	struct dd_image_opts file_cap = { .max_file_bytes = 16 };
	struct dd_image_opts total_cap = { .max_total_bytes = 1000 };
	struct layout l;
	struct got g;
	struct dd_err e = DD_ERR_INIT;

	layout_init(&l);
	layout_add(&l, l0, 1);
	layout_finish(&l);
	T_EQ_INT(run(&l, globs, false, false, &file_cap, &g, &e), -DDE_LIMIT);
	T_EXPECT(strstr(dd_err_msg(&e), "layer 1 (sha256:") != NULL);
	T_EXPECT(strstr(dd_err_msg(&e), "big: 32 bytes, more than the 16 allowed per file") != NULL);
	dd_err_release(&e);
	dd_buf_release(&g.out);
	T_EQ_INT(run(&l, globs, false, false, &total_cap, &g, &e), -DDE_LIMIT);
	T_EXPECT(strstr(dd_err_msg(&e), "more than 1000 bytes uncompressed") != NULL);
	dd_err_release(&e);
	dd_buf_release(&g.out);
	T_EQ_INT(run(&l, globs, false, false, NULL, &g, &e), 0);
	T_EQ_STR(g.out.buf, "big@0=0123456789abcdef0123456789abcdef\n");
	dd_buf_release(&g.out);
	layout_release(&l);
}

/* A file of n bytes starting with tag, the rest a pattern depending on seed. */
static char *pattern(const char *tag, size_t n, unsigned seed)
{
	char *p = dd_xmalloc(n + 1);
	size_t k = strlen(tag);

	for (size_t i = 0; i < n; i++)
		p[i] = (char)('a' + (i * 7 + seed) % 26);
	memcpy(p, tag, k < n ? k : n);
	p[n] = '\0';
	return p;
}

struct kept_files {
	char *want[8];		/* expected content by name, NULL: must not come */
	const char *name[8];
	size_t n, seen, bad;
};

static bool keep_tagged(void *arg, const struct dd_file *f)
{
	(void)arg;
	return f->data.len >= 4 && memcmp(f->data.ptr, "KEEP", 4) == 0;
}

static int check_kept(void *arg, const struct dd_file *f, struct dd_err *e)
{
	struct kept_files *k = arg;

	for (size_t i = 0; i < k->n; i++) {
		if (strcmp(f->path, k->name[i]) != 0)
			continue;
		k->seen++;
		if (!k->want[i] || f->data.len != strlen(k->want[i]) ||
		    memcmp(f->data.ptr, k->want[i], f->data.len) != 0)
			k->bad++;
		return 0;
	}
	k->bad++;
	return 0;
}

TEST(image_layers_keep_scratch)
{
	/* dropped and kept executables of growing and shrinking sizes: the
	 * scratch buffer is reused and replaced, kept content stays intact */
	struct kept_files k = { .n = 6 };
	char *drop3m = pattern("DROP", 3u << 20, 1), *drop100 = pattern("DROP", 100, 2);
	static const char *const names[6] = { "bin/a", "bin/b", "bin/c", "bin/d", "bin/e", "bin/f" };
	struct tent l0[4], l1[2];
	struct dd_want w = { "keep", NULL, is_exec, 64u << 20, false, check_kept, &k };
	struct dd_image *img = NULL;
	struct dd_fsview *v = NULL;
	struct dd_err e = DD_ERR_INIT;
	struct layout l;

	for (int i = 0; i < 6; i++)
		k.name[i] = names[i];
	k.want[1] = pattern("KEEP-b", 1000, 3);
	k.want[2] = pattern("KEEP-c", 5u << 20, 4);
	k.want[4] = pattern("KEEP-e", 2u << 20, 5);
	k.want[5] = pattern("KEEP-f", 7u << 20, 6);
	l0[0] = (struct tent){ 'f', "bin/a", drop3m, 0755 };
	l0[1] = (struct tent){ 'f', "bin/b", k.want[1], 0755 };
	l0[2] = (struct tent){ 'f', "bin/c", k.want[2], 0755 };
	l0[3] = (struct tent){ 'f', "bin/d", drop100, 0755 };
	l1[0] = (struct tent){ 'f', "bin/e", k.want[4], 0755 };
	l1[1] = (struct tent){ 'f', "bin/f", k.want[5], 0755 };
	layout_init(&l);
	layout_add(&l, l0, 4);
	layout_add(&l, l1, 2);
	layout_finish(&l);
	T_EQ_INT(dd_image_open(&img, l.dir, NULL, &e), 0);
	dd_fsview_new(&v, img);
	dd_fsview_want(v, &w);
	dd_fsview_keep(v, &w, keep_tagged);
	T_EQ_INT(dd_fsview_run(v, &e), 0);
	T_EQ_INT(k.seen, 4);
	T_EQ_INT(k.bad, 0);
	dd_fsview_free(v);
	dd_image_free(img);
	dd_err_release(&e);
	layout_release(&l);
	for (int i = 0; i < 6; i++)
		free(k.want[i]);
	free(drop3m);
	free(drop100);
}

TEST(image_layers_digest_per_layer)
{
	/* one hashing thread serves every layer: a wrong diff_id of the middle
	 * layer is found and named, the layers around it verify */
	static const struct tent l0[] = { { 'f', "a", "layer zero", 0 } };
	static const struct tent l1[] = { { 'f', "b", "layer one", 0 } };
	static const struct tent l2[] = { { 'f', "c", "layer two", 0 } };
	static const char *const globs[] = { "a", "b", "c", NULL };
	static const char *const bad = "\"sha256:0000000000000000000000000000000000000000000000000000000000000000\"";
	struct layout l;
	struct got g;
	struct dd_err e = DD_ERR_INIT;
	char *second;

	layout_init(&l);
	layout_add(&l, l0, 1);
	layout_add(&l, l1, 1);
	layout_add(&l, l2, 1);
	layout_finish(&l);
	T_EQ_INT(run(&l, globs, false, false, NULL, &g, &e), 0);
	T_EQ_STR(g.out.buf, "a@0=layer zero\nb@1=layer one\nc@2=layer two\n");
	dd_buf_release(&g.out);
	/* the same layers, the second diff_id replaced */
	second = strchr(l.diffs.buf, ',') + 1;
	memcpy(second, bad, strlen(bad));
	layout_finish(&l);
	T_EQ_INT(run(&l, globs, false, false, NULL, &g, &e), -DDE_VERIFY);
	T_EXPECT(strstr(dd_err_msg(&e), "layer 2 (sha256:") != NULL);
	T_EXPECT(strstr(dd_err_msg(&e), "expected diff_id sha256:0000000000") != NULL);
	dd_err_release(&e);
	dd_buf_release(&g.out);
	/* skipping verification reads the same layers */
	{
		struct dd_image_opts skip = { .skip_verify = true };

		T_EQ_INT(run(&l, globs, false, false, &skip, &g, &e), 0);
		T_EQ_STR(g.out.buf, "a@0=layer zero\nb@1=layer one\nc@2=layer two\n");
		dd_buf_release(&g.out);
	}
	layout_release(&l);
}

/* gzip of p (one member) appended to out, with zlib. */
static void gzip_append(struct dd_buf *out, const void *p, size_t n)
{
	z_stream z;
	unsigned char buf[65536];
	int rc;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	z.next_in = (unsigned char *)p;
	z.avail_in = (uInt)n;
	do {
		z.next_out = buf;
		z.avail_out = sizeof(buf);
		rc = deflate(&z, Z_FINISH);
		dd_buf_add(out, buf, sizeof(buf) - z.avail_out);
	} while (rc == Z_OK);
	deflateEnd(&z);
}

/* A one-layer layout whose blob is given; diff is the tar's digest. */
static void layout_blob(struct layout *l, const struct dd_buf *blob, const char diff[72])
{
	char d[72];

	layout_init(l);
	put_blob(l, blob->buf, blob->len, d);
	dd_buf_addf(&l->layers, "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
		    "\"digest\":\"%s\",\"size\":%zu}", d, blob->len);
	dd_buf_addf(&l->diffs, "\"%s\"", diff);
	layout_finish(l);
}

TEST(image_layers_gzip_isal_and_zlib_agree)
{
	/* gzip layers are inflated by ISA-L when it loads (gunzip.c), else by
	 * libarchive's zlib filter: both read the same layers the same way,
	 * concatenated members and trailing bytes included, and both refuse a
	 * cut stream. A bad CRC-32 in a member's trailer (the data intact) is
	 * refused by ISA-L, as by Go's gzip reader (Docker, Trivy); libarchive's
	 * filter does not look at the trailer. */
	static const struct tent ents[] = {
		{ 'd', "etc", NULL, 0755 }, { 'f', "etc/os-release", "ID=debian\n", 0 },
		{ 'f', "a", "alpha", 0 }, { 'f', "b", "beta", 0 },
	};
	static const char *const globs[] = { "etc/os-release", "a", "b", NULL };
	static const char *const want = "a@0=alpha\nb@0=beta\netc/os-release@0=ID=debian\n\n";
	struct dd_buf gz = DD_BUF_INIT, tar = DD_BUF_INIT, blob = DD_BUF_INIT;
	struct dd_gunzip *probe = dd_gunzip_new();
	char diff[72];
	int variant;

	if (!probe) {
		t_skip("libisal.so.2 cannot be loaded");
		return;
	}
	dd_gunzip_free(probe);
	/* the uncompressed tar: make_layer's gzip undone by libarchive */
	make_layer(ents, sizeof(ents) / sizeof(ents[0]), &gz, diff);
	{
		struct archive *a = archive_read_new();
		const void *p;
		size_t n;
		la_int64_t off;
		struct archive_entry *ae;

		archive_read_support_filter_gzip(a);
		archive_read_support_format_raw(a);
		T_ASSERT(archive_read_open_memory(a, gz.buf, gz.len) == ARCHIVE_OK);
		T_ASSERT(archive_read_next_header(a, &ae) == ARCHIVE_OK);
		while (archive_read_data_block(a, &p, &n, &off) == ARCHIVE_OK)
			dd_buf_add(&tar, p, n);
		archive_read_free(a);
	}
	for (variant = 0; variant < 8; variant++) {
		int codes[2];
		char out[2][256];

		dd_buf_reset(&blob);
		if (variant == 1) {
			/* two members: the tar cut in the middle */
			gzip_append(&blob, tar.buf, tar.len / 2);
			gzip_append(&blob, tar.buf + tar.len / 2, tar.len - tar.len / 2);
		} else {
			gzip_append(&blob, tar.buf, tar.len);
		}
		if (variant == 2)
			dd_buf_add(&blob, "\0\0\0\0padding", 11);	/* trailing bytes */
		if (variant == 5)
			dd_buf_add(&blob, "\x1f\x8b\x07zz", 5);	/* almost a member */
		if (variant == 6)	/* a header with reserved flag bits */
			dd_buf_add(&blob, "\x1f\x8b\x08\xe0\0\0\0\0\0\x03zz", 12);
		if (variant == 7)
			dd_buf_add(&blob, "\x1f\x8b\x08", 3);	/* a header cut at the end */
		if (variant == 3)
			blob.buf[blob.len - 6] ^= 0x40;		/* the CRC-32 */
		if (variant == 4)
			dd_buf_truncate(&blob, blob.len - 20);	/* cut */
		for (int isal = 0; isal < 2; isal++) {
			struct layout l;
			struct got g;
			struct dd_err e = DD_ERR_INIT;

			if (isal)
				unsetenv("DRYDOCK_NO_ISAL");
			else
				setenv("DRYDOCK_NO_ISAL", "1", 1);
			layout_blob(&l, &blob, diff);
			codes[isal] = run(&l, globs, false, false, NULL, &g, &e);
			snprintf(out[isal], sizeof(out[isal]), "%s", codes[isal] == 0 ? g.out.buf : "");
			if (variant == 3 && isal)
				T_EXPECT(strstr(dd_err_msg(&e), "gzip CRC-32 or length mismatch") != NULL);
			dd_err_release(&e);
			dd_buf_release(&g.out);
			layout_release(&l);
		}
		unsetenv("DRYDOCK_NO_ISAL");
		if (variant <= 2 || variant >= 5) {
			T_EQ_INT(codes[0], 0);
			T_EQ_INT(codes[1], 0);
			T_EQ_STR(out[0], want);
			T_EQ_STR(out[1], want);
		} else if ((variant == 4 && codes[0] >= 0) || codes[1] >= 0) {
			t_fail(__FILE__, __LINE__, "variant %d: zlib %d, ISA-L %d", variant, codes[0],
			       codes[1]);
		}
	}
	dd_buf_release(&gz);
	dd_buf_release(&tar);
	dd_buf_release(&blob);
}
