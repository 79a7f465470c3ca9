/*
 * fuzz/image_layer_fuzz.c: the layer walker: decompression, the tar
 * reader, path normalisation, whiteouts, opaque directories, link
 * resolution and delivery. The input is one layer blob (any compression)
 * of a generated OCI layout whose config lists it twice (so whiteouts and
 * links act across layers). Inputs of odd length are verified (the
 * hashing thread, reused for both layers; a compressed blob fails its
 * diff_id), and executables go through a keep() verdict (the reused
 * scratch buffer).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image/image.h"
#include "image/internal.h"
#include "util/buf.h"
#include "util/xalloc.h"

#include "oci_layout_fuzz.h"

static char blobs[3][96];

static void put_blob(const void *p, size_t n, char d[72], int slot)
{
	dd_sha256_hex(p, n, d);
	snprintf(blobs[slot], sizeof(blobs[slot]), "blobs/sha256/%s", d + 7);
	put(blobs[slot], p, n);
}

static int sink(void *arg, const struct dd_file *f, struct dd_err *e)
{
	size_t *sum = arg;

	for (size_t i = 0; i < f->n_versions; i++)
		*sum += f->versions[i].data.len;
	*sum += f->data.len ? (unsigned char)f->data.ptr[0] : 0;
	return 0;
}

static bool is_exec(void *arg, const char *path, uint32_t mode, uint64_t size)
{
	return S_ISREG(mode) && (mode & 0111);
}

/* Keeps executables whose first byte is even. */
static bool keep_even(void *arg, const struct dd_file *f)
{
	return f->data.len && !((unsigned char)f->data.ptr[0] & 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const globs[] = { "etc/os-release", "lib/apk/db/installed",
					     "**/package.json", "a/**", NULL };
	struct dd_image_opts o = { .skip_verify = !(size & 1), .max_total_bytes = 64 << 20,
				   .max_file_bytes = 16 << 20 };
	struct dd_image *img = NULL;
	struct dd_fsview *v = NULL;
	struct dd_err e = DD_ERR_INIT;
	struct dd_buf b = DD_BUF_INIT;
	char ld[72], cd[72], md[72];
	size_t sum = 0;
	struct dd_want w = { "fuzz", globs, NULL, 1 << 20, true, sink, &sum };
	struct dd_want x = { "fuzz-exec", NULL, is_exec, 8 << 20, false, sink, &sum };

	if (size > 4 << 20)
		return 0;
	setup_layout("/tmp/dd-fuzz-layer-XXXXXX");
	put_blob(data, size, ld, 0);
	dd_buf_addf(&b, "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
		    "\"diff_ids\":[\"%s\",\"%s\"]}}", ld, ld);
	put_blob(b.buf, b.len, cd, 1);
	dd_buf_reset(&b);
	dd_buf_addf(&b, "{\"schemaVersion\":2,\"config\":{\"digest\":\"%s\",\"size\":1},"
		    "\"layers\":[{\"digest\":\"%s\",\"size\":%zu},{\"digest\":\"%s\",\"size\":%zu}]}",
		    cd, ld, size, ld, size);
	put_blob(b.buf, b.len, md, 2);
	dd_buf_reset(&b);
	dd_buf_addf(&b, "{\"schemaVersion\":2,\"manifests\":[{\"digest\":\"%s\",\"size\":1}]}", md);
	put("index.json", b.buf, b.len);
	if (dd_image_open(&img, dir, &o, &e) == 0) {
		dd_fsview_new(&v, img);
		dd_fsview_want(v, &w);
		dd_fsview_want(v, &x);
		dd_fsview_keep(v, &x, keep_even);
		(void)dd_fsview_run(v, &e);
	}
	dd_fsview_free(v);
	dd_image_free(img);
	dd_err_release(&e);
	dd_buf_release(&b);
	for (int i = 0; i < 3; i++) {
		char *path = dd_xasprintf("%s/%s", dir, blobs[i]);

		unlink(path);
		free(path);
	}
	return 0;
}
