/*
 * tests/unit/image_layercache_test.c: the layer cache's entry files
 * (src/image/layercache.c): recording, serialising and parsing round trip;
 * every kind of damaged, foreign or hostile entry rejected; atomic store
 * and load in a temporary directory; and the merged view over the real
 * four-layer test image giving the same files cold and warm, keep()
 * verdicts included.
 */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "t.h"
#include "image/internal.h"
#include "image/layercache.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/xalloc.h"

static const uint8_t key_a[32] = { 1, 2, 3 };
static const uint8_t key_b[32] = { 9, 9, 9 };
static const char *diff_id = "sha256:98f6204d247983f8f826bbce93f517f700bfaa6b0469d7d301326fb5391049dd";

/* A small recorded layer: every entry type, content, a dropped file. */
static void record(struct lc_entry *le)
{
	struct ent e = { 0 };
	size_t i;

	memset(le, 0, sizeof(*le));
	e = (struct ent){ "etc", ENT_DIR, 040755, 0, NULL };
	lc_rec_add(le, &e);
	e = (struct ent){ "etc/os-release", ENT_SYMLINK, 0120777, 0, "../usr/lib/os-release" };
	lc_rec_add(le, &e);
	e = (struct ent){ "usr/lib/os-release", ENT_REG, 0100644, 12, NULL };
	i = lc_rec_add(le, &e);
	le->ev[i].wmax = 65536;
	lc_rec_data(le, i, "ID=debian\n\n", 12);
	e = (struct ent){ "usr/bin/ls", ENT_REG, 0100755, 140000, NULL };
	i = lc_rec_add(le, &e);
	le->ev[i].flags |= LC_DROPPED;
	le->ev[i].wmax = SIZE_MAX;
	e = (struct ent){ "usr/bin/dir", ENT_HARDLINK, 0100755, 0, "usr/bin/ls" };
	lc_rec_add(le, &e);
	e = (struct ent){ "var/cache/apt", ENT_WHITEOUT, 0, 0, NULL };
	lc_rec_add(le, &e);
	e = (struct ent){ "", ENT_OPAQUE, 0, 0, NULL };
	lc_rec_add(le, &e);
	e = (struct ent){ "dev/null", ENT_OTHER, 020666, 0, NULL };
	lc_rec_add(le, &e);
	e = (struct ent){ "empty", ENT_REG, 0100644, 0, NULL };
	i = lc_rec_add(le, &e);
	lc_rec_data(le, i, "", 0);
}

static void serialised(struct dd_buf *out)
{
	struct lc_entry le;
	uint8_t diff[32];

	record(&le);
	T_EXPECT(lc_digest_raw(diff_id, diff));
	dd_buf_init(out, 0);
	lc_serialise(&le, key_a, diff, out);
	lc_entry_release(&le);
}

/* Parses a copy of b with key_a and diff_id; returns the result code (message in msg). */
static int parse_copy(const struct dd_buf *b, struct lc_entry *out, char *msg, size_t n)
{
	struct dd_buf copy = DD_BUF_INIT;
	struct dd_err e = DD_ERR_INIT;
	uint8_t diff[32];
	int r;

	lc_digest_raw(diff_id, diff);
	dd_buf_add(&copy, b->buf, b->len);
	r = lc_parse(out, &copy, key_a, diff, &e);
	snprintf(msg, n, "%s", r < 0 ? dd_err_msg(&e) : "");
	dd_buf_release(&copy);
	dd_err_release(&e);
	return r;
}

/* Rewrites the checksum after a deliberate edit (a hostile writer can do that). */
static void reseal(struct dd_buf *b)
{
	unsigned int len = 0;

	EVP_Digest(b->buf + DD_LC_HEADER, b->len - DD_LC_HEADER, (unsigned char *)b->buf + 80, &len,
		   EVP_sha256(), NULL);
}

TEST(layercache_round_trip)
{
	struct dd_buf b;
	struct lc_entry le;
	char msg[256];

	serialised(&b);
	T_ASSERT(parse_copy(&b, &le, msg, sizeof(msg)) == 0);
	T_EQ_INT(le.n, 9);
	T_EQ_STR(lc_str(&le, le.ev[1].path), "etc/os-release");
	T_EQ_STR(lc_str(&le, le.ev[1].link), "../usr/lib/os-release");
	T_EQ_INT(le.ev[1].type, ENT_SYMLINK);
	T_EQ_INT(le.ev[2].flags, LC_DATA);
	T_EQ_INT(le.ev[2].wmax, 65536);
	T_EQ_INT(le.ev[2].data_len, 12);
	T_EXPECT(memcmp(le.pool.buf + le.ev[2].data, "ID=debian\n\n", 12) == 0);
	T_EQ_INT(le.ev[3].flags, LC_DROPPED);
	T_EQ_INT(le.ev[3].size, 140000);
	T_EXPECT(le.ev[3].wmax == (uint64_t)SIZE_MAX);
	T_EQ_INT(le.ev[4].type, ENT_HARDLINK);
	T_EQ_STR(lc_str(&le, le.ev[4].link), "usr/bin/ls");
	T_EQ_STR(lc_str(&le, le.ev[6].path), "");
	T_EQ_INT(le.ev[6].type, ENT_OPAQUE);
	T_EXPECT(lc_str(&le, le.ev[7].link) == NULL);
	T_EQ_INT(le.ev[7].mode, 020666);
	T_EQ_INT(le.ev[8].flags, LC_DATA);
	T_EQ_INT(le.ev[8].data_len, 0);
	T_EQ_INT(le.content, 12);
	lc_entry_release(&le);
	dd_buf_release(&b);
}

TEST(layercache_rejects_damage)
{
	struct dd_buf b, d = DD_BUF_INIT;
	struct lc_entry le;
	struct dd_err e = DD_ERR_INIT;
	uint8_t diff[32];
	char msg[256];

	serialised(&b);
	/* one flipped payload byte */
	dd_buf_add(&d, b.buf, b.len);
	d.buf[d.len - 20] ^= 1;
	T_EQ_INT(parse_copy(&d, &le, msg, sizeof(msg)), -DDE_VERIFY);
	T_EQ_STR(msg, "checksum mismatch");
	/* truncated anywhere */
	for (size_t cut = 0; cut < b.len; cut += 7) {
		dd_buf_reset(&d);
		dd_buf_add(&d, b.buf, cut);
		T_EXPECT(parse_copy(&d, &le, msg, sizeof(msg)) < 0);
	}
	/* another analyzer key, another layer, another format, not ours */
	lc_digest_raw(diff_id, diff);
	dd_buf_reset(&d);
	dd_buf_add(&d, b.buf, b.len);
	T_EQ_INT(lc_parse(&le, &d, key_b, diff, &e), -DDE_NOTFOUND);
	dd_err_release(&e);
	diff[0] ^= 1;
	dd_buf_add(&d, b.buf, b.len);
	T_EQ_INT(lc_parse(&le, &d, key_a, diff, &e), -DDE_NOTFOUND);
	T_EQ_STR(dd_err_msg(&e), "written for another layer");
	dd_err_release(&e);
	dd_buf_add(&d, b.buf, b.len);
	d.buf[4] = 2;
	T_EQ_INT(parse_copy(&d, &le, msg, sizeof(msg)), -DDE_NOTFOUND);
	dd_buf_reset(&d);
	dd_buf_add(&d, b.buf, b.len);
	d.buf[0] = 'X';
	T_EQ_INT(parse_copy(&d, &le, msg, sizeof(msg)), -DDE_FORMAT);
	dd_buf_release(&d);
	dd_buf_release(&b);
}

TEST(layercache_rejects_hostile_entries)
{
	struct dd_buf b, d = DD_BUF_INIT;
	struct lc_entry le;
	char msg[256];
	size_t ev0 = DD_LC_HEADER + 4;	/* the first event: "etc", a directory */

	serialised(&b);
	/* each edit keeps a valid checksum: only the content checks can catch it */
	struct {
		size_t off;
		unsigned char val;
		int want;
	} edits[] = {
		{ ev0 + 0, 9, -DDE_FORMAT },		/* unknown type */
		{ ev0 + 1, 4, -DDE_FORMAT },		/* unknown flag */
		{ ev0 + 2, 1, -DDE_FORMAT },		/* reserved byte */
		{ ev0 + 25, 0x20, -DDE_LIMIT },		/* name longer than DD_IMG_MAX_PATH */
		{ ev0 + 40, 0x1b, -DDE_FORMAT },	/* escape byte in the name */
		{ ev0 + 43, 'x', -DDE_FORMAT },		/* name not NUL-terminated */
		{ ev0 + 1, LC_DATA, -DDE_FORMAT },	/* content flag without content */
		{ ev0 + 28, 0, -DDE_LIMIT },		/* a link target longer than the cap */
		{ ev0 + 0, ENT_SYMLINK, -DDE_FORMAT },	/* a symlink without a target */
		{ DD_LC_HEADER + 3, 0x10, -DDE_LIMIT },	/* entry count past the cap */
	};
	for (size_t i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
		dd_buf_reset(&d);
		dd_buf_add(&d, b.buf, b.len);
		d.buf[edits[i].off] = (char)edits[i].val;
		reseal(&d);
		T_EQ_INT(parse_copy(&d, &le, msg, sizeof(msg)), edits[i].want);
	}
	/* trailing garbage */
	dd_buf_reset(&d);
	dd_buf_add(&d, b.buf, b.len);
	dd_buf_add(&d, "junk", 4);
	T_EQ_INT(parse_copy(&d, &le, msg, sizeof(msg)), -DDE_FORMAT);
	dd_buf_release(&d);
	dd_buf_release(&b);
}

TEST(layercache_recorder_caps_content)
{
	struct lc_entry le = { 0 };
	struct ent e = { "big", ENT_REG, 0100644, DD_LC_MAX_CONTENT + 1ull, NULL };
	char *big = dd_xcalloc(1, DD_LC_MAX_CONTENT + 1u);
	size_t i = lc_rec_add(&le, &e);

	lc_rec_data(&le, i, big, DD_LC_MAX_CONTENT + 1u);
	T_EXPECT(le.failed);
	T_EXPECT(le.why != NULL);
	T_EQ_INT(le.n, 0);
	/* and a failed recording is never stored */
	{
		struct dd_err err = DD_ERR_INIT;

		T_EXPECT(lc_store(&le, "/nonexistent", diff_id, key_a, &err) < 0);
		dd_err_release(&err);
	}
	free(big);
	lc_entry_release(&le);
}

static char *temp_dir(void)
{
	char tmpl[] = "/tmp/dd-lc-test.XXXXXX";
	char *d = mkdtemp(tmpl);

	return d ? dd_xstrdup(d) : NULL;
}

static void rm_dir(const char *dir)
{
	char *cmd = dd_xasprintf("rm -rf '%s'", dir);

	T_EXPECT(system(cmd) == 0);
	free(cmd);
}

TEST(layercache_store_and_load)
{
	struct lc_entry le, got;
	struct dd_err e = DD_ERR_INIT;
	char *dir = temp_dir(), *sub, *name;
	bool quiet = dd_log.quiet;

	T_ASSERT(dir);
	sub = dd_xasprintf("%s/a/b/layers", dir);
	record(&le);
	T_EQ_INT(lc_load(&got, sub, diff_id, key_a), 0);	/* nothing yet */
	T_EQ_INT(lc_store(&le, sub, diff_id, key_a, &e), 0);
	T_EQ_INT(lc_load(&got, sub, diff_id, key_a), 1);
	T_EQ_INT(got.n, le.n);
	lc_entry_release(&got);
	T_EQ_INT(lc_load(&got, sub, diff_id, key_b), 0);	/* another key: another file */
	/* a damaged file is ignored (with a warning) */
	name = lc_file_name(sub, diff_id, key_a);
	{
		FILE *f = fopen(name, "r+b");

		T_ASSERT(f);
		fseek(f, 200, SEEK_SET);
		fputc('!', f);
		fclose(f);
	}
	dd_log.quiet = true;
	T_EQ_INT(lc_load(&got, sub, diff_id, key_a), 0);
	dd_log.quiet = quiet;
	/* no temporary left behind */
	{
		char *cmd = dd_xasprintf("ls -A '%s' | grep -q '^.tmp-'", sub);

		T_EXPECT(system(cmd) != 0);
		free(cmd);
	}
	lc_entry_release(&le);
	dd_err_release(&e);
	rm_dir(dir);
	free(name);
	free(sub);
	free(dir);
}

/* ---- the view over the real image, cold and warm ---------------------------------------- */

struct seen {
	struct dd_buf log;	/* "path@layer:len:versions\n" and the content's digest */
	size_t kept, refused;
};

static int note(void *arg, const struct dd_file *f, struct dd_err *e)
{
	struct seen *s = arg;
	char d[72];

	dd_sha256_hex(f->data.ptr, f->data.len, d);
	dd_buf_addf(&s->log, "%s@%d:%zu:%zu %s\n", f->path, f->layer, f->data.len, f->n_versions, d);
	return 0;
}

/* keep(): only files whose content starts with '#' (a content-only verdict). */
static bool keep_hash(void *arg, const struct dd_file *f)
{
	struct seen *s = arg;
	bool k = f->data.len && f->data.ptr[0] == '#';

	if (k)
		s->kept++;
	else
		s->refused++;
	return k;
}

static int view_run(const char *image, const char *cache, uint64_t max_total, struct seen *a,
		    struct seen *b, struct dd_err *out)
{
	static const char *const globs_a[] = { "var/lib/dpkg/status", "etc/os-release", "**/METADATA",
					       "usr/share/doc/*/copyright", NULL };
	static const char *const globs_b[] = { "etc/*", "usr/bin/*", NULL };
	struct dd_image_opts o = { 0 };
	struct dd_image *img = NULL;
	struct dd_fsview *v = NULL;
	struct dd_err e = DD_ERR_INIT;
	struct dd_want wa = { "a", globs_a, NULL, 1 << 20, true, note, a };
	struct dd_want wb = { "b", globs_b, NULL, 1 << 20, false, note, b };
	int r;

	o.layer_cache = cache;
	o.max_total_bytes = max_total;
	r = dd_image_open(&img, image, &o, &e);
	if (r == 0) {
		dd_fsview_new(&v, img);
		dd_fsview_want(v, &wa);
		dd_fsview_want(v, &wb);
		dd_fsview_keep(v, &wb, keep_hash);
		r = dd_fsview_run(v, &e);
	}
	if (r < 0 && out)
		dd_err_set(out, r, "%s", dd_err_msg(&e));
	else if (r < 0)
		fprintf(stderr, "# %s\n", dd_err_msg(&e));
	dd_fsview_free(v);
	dd_image_free(img);
	dd_err_release(&e);
	return r;
}

TEST(layercache_view_cold_and_warm_agree)
{
	const char *image = t_image_path("bookworm-layered.oci");
	struct seen plain_a = { 0 }, plain_b = { 0 }, cold_a = { 0 }, cold_b = { 0 };
	struct seen warm_a = { 0 }, warm_b = { 0 };
	char *dir, *layers, *cmd;
	bool quiet = dd_log.quiet;

	if (!image) {
		t_skip("no test images (DD_IMAGES)");
		return;
	}
	dir = temp_dir();
	T_ASSERT(dir);
	layers = dd_xasprintf("%s/layers", dir);
	dd_log.quiet = true;	/* "more than 1048576 bytes: skipped", three times */
	T_EQ_INT(view_run(image, NULL, 0, &plain_a, &plain_b, NULL), 0);
	T_EQ_INT(view_run(image, layers, 0, &cold_a, &cold_b, NULL), 0);
	cmd = dd_xasprintf("test $(ls '%s' | grep -c 'ddlc$') = 4", layers);
	T_EXPECT(system(cmd) == 0);
	T_EQ_INT(view_run(image, layers, 0, &warm_a, &warm_b, NULL), 0);
	dd_log.quiet = quiet;
	T_EXPECT(plain_a.log.len > 1000);
	T_EXPECT(strstr(plain_a.log.buf, "var/lib/dpkg/status@1:") != NULL);
	T_EQ_STR(cold_a.log.buf, plain_a.log.buf);
	T_EQ_STR(warm_a.log.buf, plain_a.log.buf);
	/* keep(): shell scripts in usr/bin are kept, binaries dropped, the same warm */
	T_EXPECT(plain_b.kept > 0 && plain_b.refused > 100);
	T_EXPECT(strstr(plain_b.log.buf, "usr/bin/ls@") == NULL);
	T_EQ_STR(cold_b.log.buf, plain_b.log.buf);
	T_EQ_STR(warm_b.log.buf, plain_b.log.buf);
	T_EQ_INT(warm_b.refused, 0);	/* the refusals came from the cache */
	T_EQ_INT(warm_b.kept, cold_b.kept);
	/* the max total size stops a warm run where it stops a cold one */
	{
		struct seen ca = { 0 }, cb = { 0 }, wa = { 0 }, wb = { 0 };
		struct dd_err ce = DD_ERR_INIT, we = DD_ERR_INIT;

		dd_log.quiet = true;
		T_EQ_INT(view_run(image, NULL, 20 << 20, &ca, &cb, &ce), -DDE_LIMIT);
		T_EQ_INT(view_run(image, layers, 20 << 20, &wa, &wb, &we), -DDE_LIMIT);
		dd_log.quiet = quiet;
		T_EXPECT(strstr(dd_err_msg(&ce), "(max total size)") != NULL);
		T_EXPECT(strstr(dd_err_msg(&we), "(max total size)") != NULL);
		T_EXPECT(strstr(dd_err_msg(&we), "from the layer cache") != NULL);
		dd_buf_release(&ca.log);
		dd_buf_release(&cb.log);
		dd_buf_release(&wa.log);
		dd_buf_release(&wb.log);
		dd_err_release(&ce);
		dd_err_release(&we);
	}
	dd_buf_release(&plain_a.log);
	dd_buf_release(&plain_b.log);
	dd_buf_release(&cold_a.log);
	dd_buf_release(&cold_b.log);
	dd_buf_release(&warm_a.log);
	dd_buf_release(&warm_b.log);
	rm_dir(dir);
	free(cmd);
	free(layers);
	free(dir);
}
