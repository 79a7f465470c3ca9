/*
 * bench/lang-inventory.c: a bench driver: opens an image or directory and
 * runs the whole inventory (OS and language collectors), printing the
 * package count. Built by bench/70-lang.sh against build/rel/libdrydock.a;
 * used while `drydock sbom` cannot yet do the same.
 */
#include <stdio.h>

#include "image/image.h"
#include "inventory/collect.h"
#include "util/log.h"

int main(int argc, char **argv)
{
	struct dd_image_opts opts = { 0 };
	struct dd_image *img = NULL;
	struct dd_inventory *inv = NULL;
	struct dd_err e = DD_ERR_INIT;
	int r;

	if (argc != 2) {
		fprintf(stderr, "usage: lang-inventory IMAGE-OR-DIR\n");
		return 2;
	}
	dd_log_init(true, false);
	r = dd_image_open(&img, argv[1], &opts, &e);
	if (r == 0) {
		dd_inventory_new(&inv);
		r = dd_inventory_collect(inv, img, &e);
		if (r == 0)
			printf("%zu packages\n", inv->n_pkgs);
	}
	if (r < 0)
		fprintf(stderr, "lang-inventory: %s\n", dd_err_msg(&e));
	dd_inventory_free(inv);
	dd_image_free(img);
	dd_err_release(&e);
	return r < 0 ? 1 : 0;
}
