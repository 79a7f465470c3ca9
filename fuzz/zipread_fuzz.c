/*
 * fuzz/zipread_fuzz.c: libFuzzer target for the zip reader
 * (src/util/zipread.c): the input as an archive file (a memfd), every
 * entry of at most 1 MiB read.
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "util/fdio.h"
#include "util/zipread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dd_err e = DD_ERR_INIT;
	struct dd_zip *z = NULL;
	const char *name;
	uint64_t n;
	char *buf;
	int fd = memfd_create("fuzz.zip", MFD_CLOEXEC);

	if (fd < 0 || dd_write_full(fd, data, size) != 0)
		abort();
	if (dd_zip_open_fd(&z, fd, "fuzz.zip", &e) == 0) {
		while (dd_zip_next(z, &name, &n) > 0) {
			if (n > (1u << 20))
				continue;
			buf = malloc((size_t)n + 1);
			if (!buf)
				abort();
			(void)dd_zip_read(z, buf, &e);
			dd_err_release(&e);
			free(buf);
		}
		dd_zip_close(z);
	}
	dd_err_release(&e);
	return 0;
}
