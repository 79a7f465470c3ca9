/*
 * src/util/fdio.h: whole reads and writes on a file descriptor, retried
 * on EINTR and short counts: the loops every reader and writer of files
 * (layer cache entries, feed files, temporary copies) would otherwise
 * repeat.
 */
#ifndef DD_UTIL_FDIO_H
#define DD_UTIL_FDIO_H

#include <stddef.h>
#include <sys/types.h>

/* Reads until n bytes or end of file: the count read (< n only at end of file), or -errno. */
ssize_t dd_read_full(int fd, void *buf, size_t n);
/* The same at offset off (pread), the file position untouched. */
ssize_t dd_pread_full(int fd, void *buf, size_t n, off_t off);
/* Writes all n bytes: 0, or -errno. */
int dd_write_full(int fd, const void *buf, size_t n);

#endif
