/*
 * src/util/bigmem.c: large, reused buffers (the image hashing ring, the
 * file view's scratch buffer for executables, SQLite's page cache while a
 * database is written) mapped on 2 MiB boundaries and
 * marked for transparent huge pages. The first touch of a 4 KiB page costs
 * a page fault; in some virtual machines that is 25-50 us, so a 7 MiB
 * buffer cost ~50 ms to fill once, and about 1 ms as four 2 MiB pages. Where
 * the kernel offers no huge pages the buffer is an ordinary mapping.
 */
#include <stdint.h>
#include <sys/mman.h>

#include "util/bigmem.h"
#include "util/xalloc.h"

#define HUGE_SIZE	(2u << 20)

void *dd_big_alloc(size_t *size)
{
	size_t n, span;
	char *p, *a;

	if (*size > SIZE_MAX - 2 * (size_t)HUGE_SIZE)
		dd_oom(*size);
	n = (*size + HUGE_SIZE - 1) & ~((size_t)HUGE_SIZE - 1);
	if (n == 0)
		n = HUGE_SIZE;
	span = n + HUGE_SIZE;
	p = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		dd_oom(span);
	/* keep the 2 MiB-aligned part, unmap the rest */
	a = (char *)(((uintptr_t)p + HUGE_SIZE - 1) & ~((uintptr_t)HUGE_SIZE - 1));
	if (a > p)
		munmap(p, (size_t)(a - p));
	if (p + span > a + n)
		munmap(a + n, (size_t)(p + span - (a + n)));
#ifdef MADV_HUGEPAGE
	madvise(a, n, MADV_HUGEPAGE);	/* a hint: failure leaves 4 KiB pages */
#endif
	*size = n;
	return a;
}

void dd_big_free(void *p, size_t size)
{
	if (p)
		munmap(p, size);
}
