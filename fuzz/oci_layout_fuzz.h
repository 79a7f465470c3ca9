/*
 * fuzz/oci_layout_fuzz.h: the scratch OCI layout shared by the image
 * fuzz targets (image_layer, image_manifest): one temporary directory per
 * process (dir) with blobs/sha256/ and an oci-layout file, files written
 * into it with put(), removed at exit.
 */
#ifndef DD_FUZZ_OCI_LAYOUT_FUZZ_H
#define DD_FUZZ_OCI_LAYOUT_FUZZ_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "util/xalloc.h"

static char dir[64];

static void cleanup(void)
{
	char *cmd = dd_xasprintf("rm -rf '%s'", dir);

	if (system(cmd) != 0)
		fprintf(stderr, "cleanup of %s failed\n", dir);
	free(cmd);
}

/* Writes n bytes of p to dir/rel (best effort). */
static void put(const char *rel, const void *p, size_t n)
{
	char *path = dd_xasprintf("%s/%s", dir, rel);
	FILE *f = fopen(path, "wb");

	if (f) {
		if (n)
			fwrite(p, 1, n, f);
		fclose(f);
	}
	free(path);
}

/* Creates the layout from mkdtemp template tmpl ("...XXXXXX") on the first call. */
static void setup_layout(const char *tmpl)
{
	char *p;

	if (dir[0])
		return;
	snprintf(dir, sizeof(dir), "%s", tmpl);
	if (!mkdtemp(dir))
		abort();
	p = dd_xasprintf("%s/blobs", dir);
	mkdir(p, 0755);
	free(p);
	p = dd_xasprintf("%s/blobs/sha256", dir);
	mkdir(p, 0755);
	free(p);
	put("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}", 30);
	atexit(cleanup);
}

#endif
