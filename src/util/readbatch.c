/*
 * src/util/readbatch.c: batches of small files read with io_uring
 * (readbatch.h). Each file is a linked chain of three requests: open into
 * a slot of the ring's own file table (no descriptor in the process; the
 * next open into the slot closes it), read into the file's slot of one
 * buffer, and a timeout on that read: a FIFO swapped in for a regular file
 * after readdir would otherwise block the batch, as io_uring waits on a
 * pipe even when it was opened O_NONBLOCK. A read cut short by the timeout
 * leaves the file to the caller's own reader. A whole batch is one
 * io_uring_enter. Without io_uring (kernel older than 5.19, io_uring
 * disabled by sysctl or a seccomp policy, DRYDOCK_NO_IO_URING set) the
 * same requests are made one system call at a time.
 */
#include "util/readbatch.h"

#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "util/bigmem.h"
#include "util/xalloc.h"

#define OPEN_FLAGS (O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY)

enum { REQ_OPEN, REQ_READ, REQ_TIMEOUT };

#define READ_TIMEOUT_NS 500000000	/* a regular file read never takes this long from the page cache */

struct dd_readbatch {
	struct io_uring ring;
	bool ring_ok;		/* batches go through the ring */
	bool ring_broken;	/* the ring failed: kept (with its buffer) until freed */
	char *mem;		/* DD_READBATCH_FILES slots of DD_READBATCH_SLOT bytes */
	size_t mem_size;
	char *old_mem;		/* the buffer the broken ring may still write to */
	struct __kernel_timespec timeout;
	struct dd_readbatch_file out[DD_READBATCH_FILES];
};

struct dd_readbatch *dd_readbatch_new(void)
{
	struct dd_readbatch *b = dd_xcalloc(1, sizeof(*b));
	const char *off = getenv("DRYDOCK_NO_IO_URING");

	b->mem_size = (size_t)DD_READBATCH_FILES * DD_READBATCH_SLOT;
	b->mem = dd_big_alloc(&b->mem_size);
	b->timeout.tv_nsec = READ_TIMEOUT_NS;
	if ((!off || !*off) && io_uring_queue_init(DD_READBATCH_FILES * 4, &b->ring, 0) == 0) {
		/* a sparse file table needs Linux 5.19, as the open-into-a-slot requests do */
		if (io_uring_register_files_sparse(&b->ring, DD_READBATCH_FILES) == 0)
			b->ring_ok = true;
		else
			io_uring_queue_exit(&b->ring);
	}
	return b;
}

void dd_readbatch_free(struct dd_readbatch *b)
{
	if (!b)
		return;
	if (b->ring_ok || b->ring_broken)
		io_uring_queue_exit(&b->ring);
	dd_big_free(b->mem, b->mem_size);
	dd_big_free(b->old_mem, b->mem_size);
	free(b);
}

bool dd_readbatch_uses_io_uring(const struct dd_readbatch *b)
{
	return b->ring_ok;
}

static void read_plain(struct dd_readbatch *b, int dirfd, const char *name, size_t i)
{
	struct dd_readbatch_file *f = &b->out[i];
	ssize_t n;
	int fd;

	fd = openat(dirfd, name, OPEN_FLAGS | O_CLOEXEC);
	if (fd < 0) {
		f->err = errno;
		return;
	}
	do
		n = read(fd, (char *)f->data, DD_READBATCH_SLOT);
	while (n < 0 && errno == EINTR);
	if (n < 0 && errno == EAGAIN)
		f->len = DD_READBATCH_SLOT;	/* a FIFO: not whole, the caller's reader refuses it */
	else if (n < 0)
		f->err = errno;
	else
		f->len = (size_t)n;
	close(fd);
}

/* Queues the three requests of file i; false when the submission queue is full. */
static bool queue_file(struct dd_readbatch *b, int dirfd, const char *name, size_t i)
{
	struct io_uring_sqe *open, *rd, *to;

	if (io_uring_sq_space_left(&b->ring) < 3)
		return false;
	open = io_uring_get_sqe(&b->ring);
	rd = io_uring_get_sqe(&b->ring);
	to = io_uring_get_sqe(&b->ring);
	io_uring_prep_openat_direct(open, dirfd, name, OPEN_FLAGS, 0, (unsigned)i);
	io_uring_sqe_set_flags(open, IOSQE_IO_LINK);
	io_uring_sqe_set_data64(open, i * 4 + REQ_OPEN);
	io_uring_prep_read(rd, (int)i, (void *)b->out[i].data, DD_READBATCH_SLOT, 0);
	io_uring_sqe_set_flags(rd, IOSQE_FIXED_FILE | IOSQE_IO_LINK);
	io_uring_sqe_set_data64(rd, i * 4 + REQ_READ);
	io_uring_prep_link_timeout(to, &b->timeout, 0);
	io_uring_sqe_set_data64(to, i * 4 + REQ_TIMEOUT);
	return true;
}

/* Submits the queued requests and takes every completion; false if the ring failed. */
static bool reap(struct dd_readbatch *b, size_t want)
{
	struct io_uring_cqe *cqe;
	unsigned head, seen;
	size_t got = 0;
	int rc;

	do
		rc = io_uring_submit_and_wait(&b->ring, (unsigned)want);
	while (rc == -EINTR);
	if (rc != (int)want)
		return false;	/* not all submitted: their completions would never come */
	while (got < want) {
		rc = io_uring_wait_cqe(&b->ring, &cqe);
		if (rc == -EINTR)
			continue;
		if (rc < 0)
			return false;
		seen = 0;
		io_uring_for_each_cqe(&b->ring, head, cqe) {
			uint64_t ud = io_uring_cqe_get_data64(cqe);
			struct dd_readbatch_file *f = &b->out[(ud / 4) % DD_READBATCH_FILES];
			int res = cqe->res;

			seen++;
			if (ud % 4 == REQ_OPEN && res < 0)
				f->err = -res;
			else if (ud % 4 == REQ_READ && f->err == 0) {
				if (res >= 0)
					f->len = (size_t)res;
				else if (res == -ECANCELED)	/* timed out: not whole */
					f->len = DD_READBATCH_SLOT;
				else
					f->err = -res;
			}
		}
		io_uring_cq_advance(&b->ring, seen);
		got += seen;
	}
	return true;
}

const struct dd_readbatch_file *dd_readbatch_read(struct dd_readbatch *b, int dirfd,
						  const char *const *names, size_t n)
{
	size_t i;

	if (n > DD_READBATCH_FILES)
		n = DD_READBATCH_FILES;
	for (i = 0; i < n; i++) {
		b->out[i].data = b->mem + i * DD_READBATCH_SLOT;
		b->out[i].len = 0;
		b->out[i].err = 0;
	}
	if (b->ring_ok) {
		for (i = 0; i < n && queue_file(b, dirfd, names[i], i); i++)
			;
		if (i < n || !reap(b, n * 3)) {
			/*
			 * Not expected with a ring sized for a batch. Requests may
			 * still be in flight: the ring and its buffer stay as they
			 * are until dd_readbatch_free, reads go on without it.
			 */
			b->ring_ok = false;
			b->ring_broken = true;
			b->old_mem = b->mem;
			b->mem = dd_big_alloc(&b->mem_size);
			for (i = 0; i < n; i++) {
				b->out[i].data = b->mem + i * DD_READBATCH_SLOT;
				b->out[i].len = 0;
				b->out[i].err = 0;
			}
		}
	}
	if (!b->ring_ok)
		for (i = 0; i < n; i++)
			read_plain(b, dirfd, names[i], i);
	for (i = 0; i < n; i++) {
		struct dd_readbatch_file *f = &b->out[i];

		/* an empty read is not trusted either: a FIFO without a writer reads so */
		f->whole = f->err == 0 && f->len > 0 && f->len < DD_READBATCH_SLOT;
		if (f->whole)
			((char *)f->data)[f->len] = '\0';
	}
	return b->out;
}
