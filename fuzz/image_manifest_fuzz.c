/*
 * fuzz/image_manifest_fuzz.c: the OCI index, manifest and config JSON
 * parsers behind dd_image_open. The first byte picks what the rest is:
 * 0: index.json; 1: a manifest (its "@C@" replaced by the config digest)
 * then, after a NUL, the config; 2: a config under a generated index and
 * manifest; 3: a whole docker-archive or oci-archive (the outer tar), then
 * walked. Modes 0-2 are written as an OCI layout in a temporary directory.
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

static char written[2][96];	/* blobs written by this input, removed after it */
static int n_written;

/* Writes a blob; returns its digest in d. */
static void put_blob(const void *p, size_t n, char d[72])
{
	char rel[96];

	dd_sha256_hex(p, n, d);
	snprintf(rel, sizeof(rel), "blobs/sha256/%s", d + 7);
	put(rel, p, n);
	if (n_written < 2)
		snprintf(written[n_written++], sizeof(written[0]), "%s", rel);
}

static int sink(void *arg, const struct dd_file *f, struct dd_err *e)
{
	return f->data.len > (1u << 20) ? -DDE_INTERNAL : 0;
}

static void index_for(const char *mdigest, size_t msize)
{
	struct dd_buf b = DD_BUF_INIT;

	dd_buf_addf(&b, "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
		    "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"%s\",\"size\":%zu}]}",
		    mdigest, msize);
	put("index.json", b.buf, b.len);
	dd_buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dd_image *img = NULL;
	struct dd_err e = DD_ERR_INIT;
	struct dd_buf m = DD_BUF_INIT;
	char cd[72], md[72];
	int mode;

	if (size < 1 || size > 1 << 20)
		return 0;
	setup_layout("/tmp/dd-fuzz-manifest-XXXXXX");
	mode = data[0] % 4;
	data++;
	size--;
	if (mode == 3) {
		static const char *const globs[] = { "etc/os-release", "**/package.json", NULL };
		struct dd_image_opts o = { .max_total_bytes = 64 << 20, .max_file_bytes = 16 << 20 };
		struct dd_want w = { "fuzz", globs, NULL, 1 << 20, true, NULL, NULL };
		struct dd_fsview *v = NULL;
		char *path = dd_xasprintf("%s/archive.tar", dir);
		FILE *f = fopen(path, "wb");

		w.fn = sink;
		if (f) {
			fwrite(data, 1, size, f);
			fclose(f);
			if (dd_image_open(&img, path, &o, &e) == 0) {
				dd_fsview_new(&v, img);
				dd_fsview_want(v, &w);
				(void)dd_fsview_run(v, &e);
				dd_fsview_free(v);
			}
		}
		free(path);
		dd_image_free(img);
		dd_err_release(&e);
		return 0;
	}
	if (mode == 0) {
		put("index.json", data, size);
	} else if (mode == 1) {
		const uint8_t *nul = memchr(data, 0, size);
		size_t mlen = nul ? (size_t)(nul - data) : size;
		const char *cfg = nul ? (const char *)nul + 1 : "{}";
		size_t clen = nul ? size - mlen - 1 : 2;

		put_blob(cfg, clen, cd);
		for (size_t i = 0; i < mlen; i++) {
			if (i + 3 <= mlen && memcmp(data + i, "@C@", 3) == 0) {
				dd_buf_adds(&m, cd);
				i += 2;
			} else {
				dd_buf_addch(&m, (char)data[i]);
			}
		}
		put_blob(m.buf, m.len, md);
		index_for(md, m.len);
	} else {
		put_blob(data, size, cd);
		dd_buf_addf(&m, "{\"schemaVersion\":2,\"config\":{\"mediaType\":"
			    "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"%s\",\"size\":%zu},"
			    "\"layers\":[]}", cd, size);
		put_blob(m.buf, m.len, md);
		index_for(md, m.len);
	}
	if (dd_image_open(&img, dir, NULL, &e) == 0) {
		const struct dd_image_meta *meta = dd_image_meta(img);

		(void)meta->n_layers;
	}
	dd_image_free(img);
	dd_err_release(&e);
	dd_buf_release(&m);
	for (int i = 0; i < n_written; i++) {
		char *path = dd_xasprintf("%s/%s", dir, written[i]);

		unlink(path);
		free(path);
	}
	n_written = 0;
	return 0;
}
