/*
 * src/util/readbatch.h: reading many small files of one directory with few
 * system calls. A feed directory holds thousands of advisories of a few
 * KiB each; opened, read and closed one by one they cost three system calls
 * each, and in some virtual machines a system call costs more than parsing
 * the file. Here a batch of files is opened, read and closed by one
 * io_uring submission where the kernel offers io_uring (falling back to
 * plain open/read/close per file where it does not, or when
 * DRYDOCK_NO_IO_URING is set).
 */
#ifndef DD_UTIL_READBATCH_H
#define DD_UTIL_READBATCH_H

#include <stdbool.h>
#include <stddef.h>

#define DD_READBATCH_FILES 64		/* files per batch */
#define DD_READBATCH_SLOT (16u << 10)	/* bytes read per file */

/* One file's outcome; data stays valid until the next dd_readbatch_read. */
struct dd_readbatch_file {
	const char *data;	/* NUL-terminated at data[len] */
	size_t len;
	int err;		/* 0, or the errno of the open or read */
	bool whole;		/* false: the file fills its slot, read nothing, or is no
				   regular file that could be read at once: read it another
				   way (which checks what it is) */
};

struct dd_readbatch;

struct dd_readbatch *dd_readbatch_new(void);
void dd_readbatch_free(struct dd_readbatch *b);
/* True when batches go through io_uring (tests, diagnostics). */
bool dd_readbatch_uses_io_uring(const struct dd_readbatch *b);

/*
 * Reads names[0..n), n <= DD_READBATCH_FILES, relative to dirfd, never
 * following a symbolic link and never blocking on a FIFO (O_NOFOLLOW,
 * O_NONBLOCK, a timeout on each read). Returns the n outcomes in order. A read shorter than the
 * slot is taken as the whole file (Linux returns short reads of a regular
 * file only at its end); callers walk entries readdir says are regular.
 */
const struct dd_readbatch_file *dd_readbatch_read(struct dd_readbatch *b, int dirfd,
						  const char *const *names, size_t n);

#endif
