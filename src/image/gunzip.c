/*
 * src/image/gunzip.c: gzip layers (layer.c) and gzip'd image archives
 * (store.c) inflated with ISA-L's igzip, about 2.3 times zlib's speed on
 * layer data (a registry image's layers are gzip, and inflating them was
 * two thirds of a cold scan of one). libisal.so.2 is opened with dlopen on
 * the first gzip stream (util/dynlib.h); where it is missing, or
 * DRYDOCK_NO_ISAL is set, they go through libarchive's gzip filter (zlib). Members of a concatenated gzip stream are read
 * in turn, igzip checking each one's header, CRC-32 and length; bytes
 * after the last member that do not start another one end the stream
 * unread, as libarchive does (the layer reader still hashes them).
 */
#include <isa-l/igzip_lib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "image/internal.h"
#include "util/bigmem.h"
#include "util/dynlib.h"
#include "util/xalloc.h"

#define DD_ISAL_FUNCTIONS(X) X(isal_inflate_init) X(isal_inflate_reset) X(isal_inflate)

struct isal_lib {
	DD_ISAL_FUNCTIONS(DD_DYNLIB_MEMBER)
};

static DD_DYNLIB_LOADER(isal_lib, struct isal_lib, "libisal.so.2", DD_ISAL_FUNCTIONS)

#define OUT_SIZE (1u << 20)	/* bytes handed to the tar reader at once */

struct dd_gunzip {
	struct inflate_state st;
	const struct isal_lib *lib;
	const unsigned char *in;	/* unread input of the current block */
	size_t in_len;
	bool in_eof;		/* the input has ended */
	bool member_end;	/* the current member is complete */
	bool done;		/* the stream has ended */
	unsigned char *out;	/* OUT_SIZE bytes, after the struct in one mapping */
	size_t map_size;
};

struct dd_gunzip *dd_gunzip_new(void)
{
	const struct isal_lib *lib;
	const char *off = getenv("DRYDOCK_NO_ISAL");
	struct dd_gunzip *g;
	size_t size = sizeof(*g) + OUT_SIZE;

	if ((off && *off) || !(lib = isal_lib(NULL)))
		return NULL;
	g = dd_big_alloc(&size);
	g->lib = lib;
	g->map_size = size;
	g->out = (unsigned char *)(g + 1);
	return g;
}

void dd_gunzip_free(struct dd_gunzip *g)
{
	if (g)
		dd_big_free(g, g->map_size);
}

void dd_gunzip_begin(struct dd_gunzip *g, const void *first, size_t len)
{
	g->lib->isal_inflate_init(&g->st);
	g->st.crc_flag = ISAL_GZIP;
	g->in = first;
	g->in_len = len;
	g->in_eof = false;
	g->member_end = false;
	g->done = false;
}

bool dd_gunzip_magic(const void *p, size_t len)
{
	const unsigned char *b = p;

	return len >= 3 && b[0] == 0x1f && b[1] == 0x8b && b[2] == 8;
}

/*
 * Whether the input starts another member: the gzip magic and method, as
 * far as this block holds them (igzip reads a header across blocks).
 */
static bool member_start(const unsigned char *p, size_t len)
{
	static const unsigned char magic[3] = { 0x1f, 0x8b, 8 };

	return memcmp(p, magic, len < 3 ? len : 3) == 0;
}

static const char *isal_error(int rc)
{
	switch (rc) {
	case ISAL_INVALID_WRAPPER:
		return "bad gzip header";
	case ISAL_UNSUPPORTED_METHOD:
		return "gzip compression method other than deflate";
	case ISAL_INCORRECT_CHECKSUM:
		return "gzip CRC-32 or length mismatch";
	case ISAL_INVALID_BLOCK:
	case ISAL_INVALID_SYMBOL:
	case ISAL_INVALID_LOOKBACK:
		return "corrupt deflate data";
	default:
		return "gzip stream not readable";
	}
}

/* Makes input available; false at its end. */
static bool fill(struct dd_gunzip *g, dd_gunzip_input_fn in, void *arg, struct dd_err *e,
		 int *r)
{
	const void *p;
	size_t n = 0;

	*r = 0;
	while (g->in_len == 0 && !g->in_eof) {
		if ((*r = in(arg, &p, &n, e)) < 0)
			return false;
		if (n == 0)
			g->in_eof = true;
		g->in = p;
		g->in_len = n;
	}
	return g->in_len > 0;
}

ssize_t dd_gunzip_read(struct dd_gunzip *g, dd_gunzip_input_fn in, void *arg, const void **out,
		       struct dd_err *e)
{
	int r, rc;

	while (!g->done) {
		uint32_t chunk;
		size_t produced;

		if (g->member_end) {
			/* another member, or the end of the stream */
			if (!fill(g, in, arg, e, &r)) {
				if (r < 0)
					return r;
				g->done = true;
				break;
			}
			if (!member_start(g->in, g->in_len)) {
				g->done = true;	/* trailing bytes: left to the caller's hashing */
				break;
			}
			g->lib->isal_inflate_reset(&g->st);
			g->st.crc_flag = ISAL_GZIP;
			g->member_end = false;
		}
		if (!fill(g, in, arg, e, &r)) {
			if (r < 0)
				return r;
			return dd_err_set(e, -DDE_FORMAT, "gzip stream ends before its last member");
		}
		chunk = g->in_len > UINT32_MAX ? UINT32_MAX : (uint32_t)g->in_len;
		g->st.next_in = (uint8_t *)g->in;
		g->st.avail_in = chunk;
		g->st.next_out = g->out;
		g->st.avail_out = OUT_SIZE;
		rc = g->lib->isal_inflate(&g->st);
		g->in += chunk - g->st.avail_in;
		g->in_len -= chunk - g->st.avail_in;
		if (rc < 0 || rc == ISAL_NEED_DICT)
			return dd_err_set(e, -DDE_FORMAT, "%s", isal_error(rc));
		if (g->st.block_state == ISAL_BLOCK_FINISH)
			g->member_end = true;
		produced = OUT_SIZE - g->st.avail_out;
		if (!produced && !g->member_end && g->st.avail_in == chunk)
			return dd_err_set(e, -DDE_FORMAT, "gzip stream not readable (no progress)");
		if (produced) {
			*out = g->out;
			return (ssize_t)produced;
		}
	}
	return 0;
}
