/*
 * src/util/fdio.c: whole reads and writes on a file descriptor (fdio.h).
 */
#include <errno.h>
#include <unistd.h>

#include "util/fdio.h"

/* The loop of both reads: read(2) when off is negative, else pread(2) from off. */
static ssize_t read_full(int fd, void *buf, size_t n, off_t off)
{
	char *p = buf;
	size_t got = 0;

	while (got < n) {
		ssize_t k = off < 0 ? read(fd, p + got, n - got)
				    : pread(fd, p + got, n - got, off + (off_t)got);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -errno;
		if (k == 0)
			break;
		got += (size_t)k;
	}
	return (ssize_t)got;
}

ssize_t dd_read_full(int fd, void *buf, size_t n)
{
	return read_full(fd, buf, n, -1);
}

ssize_t dd_pread_full(int fd, void *buf, size_t n, off_t off)
{
	return off < 0 ? -EINVAL : read_full(fd, buf, n, off);
}

int dd_write_full(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n) {
		ssize_t k = write(fd, p, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -errno;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}
