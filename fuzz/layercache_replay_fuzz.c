/*
 * fuzz/layercache_replay_fuzz.c: libFuzzer target for replaying a layer
 * cache entry (fsview.c): the input is an entry's payload (the events),
 * sealed with the right header, key and checksum as a hostile writer of
 * the cache directory could, and replayed as the one layer of a small OCI
 * layout built once in a temporary directory, under two wants (one with
 * versions, one with a keep()). Whatever the events say, the view must
 * neither crash nor leak; an entry that falls short reads the (empty)
 * layer instead.
 */
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image/internal.h"
#include "image/layercache.h"
#include "util/log.h"
#include "util/xalloc.h"

static char *image_dir, *cache_dir;
static char diff_id[72];
static uint8_t diff_raw[32], key[32];

static int sink(void *arg, const struct dd_file *f, struct dd_err *e)
{
	size_t *sum = arg;

	(void)e;
	*sum += f->data.len + f->n_versions;
	return 0;
}

static bool keep_some(void *arg, const struct dd_file *f)
{
	(void)arg;
	return f->data.len && f->data.ptr[0] == '#';
}

static const char *const globs_a[] = { "etc/os-release", "var/lib/dpkg/status", "**/*.txt", NULL };
static const char *const globs_b[] = { "usr/bin/*", NULL };
static size_t sum_a, sum_b;
static struct dd_want want_a = { "a", globs_a, NULL, 1 << 16, true, sink, &sum_a };
static struct dd_want want_b = { "b", globs_b, NULL, 1 << 16, false, sink, &sum_b };

static void put_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(p, 1, n, f) != n)
		abort();
	fclose(f);
}

/* The blob path of data, written; its digest in out. */
static void blob(const void *p, size_t n, char out[72])
{
	char *path;

	dd_sha256_hex(p, n, out);
	path = dd_xasprintf("%s/blobs/sha256/%s", image_dir, out + 7);
	put_file(path, p, n);
	free(path);
}

static char *top;

static void cleanup(void)
{
	char *cmd = dd_xasprintf("rm -rf '%s'", top);

	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", top);
	free(cmd);
	free(top);
	free(image_dir);
	free(cache_dir);
}

static void setup(void)
{
	char tmpl[] = "/tmp/dd-lc-replay-fuzz.XXXXXX", cfg_d[72], man_d[72];
	static char tar[1024];
	char *s, *p;
	const struct dd_want *wants[2] = { &want_a, &want_b };
	bool (*keeps[2])(void *, const struct dd_file *) = { NULL, keep_some };

	if (!mkdtemp(tmpl))
		abort();
	top = dd_xstrdup(tmpl);
	atexit(cleanup);
	image_dir = dd_xasprintf("%s/image", tmpl);
	cache_dir = dd_xasprintf("%s/cache", tmpl);
	p = dd_xasprintf("%s/blobs", image_dir);
	mkdir(image_dir, 0700);
	mkdir(p, 0700);
	free(p);
	p = dd_xasprintf("%s/blobs/sha256", image_dir);
	mkdir(p, 0700);
	free(p);
	blob(tar, sizeof(tar), diff_id);	/* an empty tar: two zero blocks */
	lc_digest_raw(diff_id, diff_raw);
	s = dd_xasprintf("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
			 "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"%s\"]}}", diff_id);
	blob(s, strlen(s), cfg_d);
	free(s);
	s = dd_xasprintf("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
			 "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"%s\",\"size\":1},"
			 "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"%s\",\"size\":1024}]}",
			 cfg_d, diff_id);
	blob(s, strlen(s), man_d);
	free(s);
	s = dd_xasprintf("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
			 "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"%s\",\"size\":1}]}", man_d);
	p = dd_xasprintf("%s/index.json", image_dir);
	put_file(p, s, strlen(s));
	free(p);
	free(s);
	p = dd_xasprintf("%s/oci-layout", image_dir);
	put_file(p, "{\"imageLayoutVersion\":\"1.0.0\"}", 30);
	free(p);
	lc_key(key, wants, keeps, 2, DD_IMG_DEFAULT_MAX_FILE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dd_image_opts o = { 0 };
	struct dd_image *img = NULL;
	struct dd_fsview *v = NULL;
	struct dd_err e = DD_ERR_INIT;
	struct dd_buf f = DD_BUF_INIT;
	unsigned char hdr[DD_LC_HEADER] = { 'D', 'D', 'L', 'C', 1, 0, 0, 0 };
	unsigned int len = 0;
	char *name;

	dd_log.quiet = true;
	if (!image_dir)
		setup();
	if (size > (1u << 20))
		return 0;
	memcpy(hdr + 8, key, 32);
	memcpy(hdr + 40, diff_raw, 32);
	for (int i = 0; i < 8; i++)
		hdr[72 + i] = (unsigned char)((uint64_t)size >> (8 * i));
	EVP_Digest(data, size, hdr + 80, &len, EVP_sha256(), NULL);
	dd_buf_add(&f, hdr, sizeof(hdr));
	dd_buf_add(&f, data, size);
	mkdir(cache_dir, 0700);
	name = lc_file_name(cache_dir, diff_id, key);
	put_file(name, f.buf, f.len);
	o.layer_cache = cache_dir;
	if (dd_image_open(&img, image_dir, &o, &e) == 0) {
		dd_fsview_new(&v, img);
		dd_fsview_want(v, &want_a);
		dd_fsview_want(v, &want_b);
		dd_fsview_keep(v, &want_b, keep_some);
		(void)dd_fsview_run(v, &e);
	}
	dd_fsview_free(v);
	dd_image_free(img);
	dd_err_release(&e);
	dd_buf_release(&f);
	free(name);
	return 0;
}
