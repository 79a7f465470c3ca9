/*
 * src/image/gunzip.c: gzip layers (layer.c) and gzip'd image archives
 * (store.c) inflated with ISA-L's igzip, about 2.3 times zlib's speed on
 * layer data (a registry image's layers are gzip, and inflating them was
 * two thirds of a cold scan of one). libisal.so.2 is opened with dlopen on
 * the first gzip stream (util/dynlib.h); where it is missing, or
 * DRYDOCK_NO_ISAL is set, they go through libarchive's gzip filter (zlib).
 * Members of a concatenated gzip stream are read in turn, igzip checking
 * each one's header, CRC-32 and length; after a member, ten bytes (gathered
 * across blocks) that are not a valid member header (magic, deflate, no
 * reserved flag bits) end the stream unread, as libarchive does (the layer
 * reader still hashes them).
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
	unsigned char hold[10];	/* the next member's header, gathered across blocks, */
	size_t hold_len, hold_pos;	/* fed to igzip before the rest of the input */
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
	g->hold_len = g->hold_pos = 0;
	g->member_end = false;
	g->done = false;
}

bool dd_gunzip_magic(const void *p, size_t len)
{
	const unsigned char *b = p;

	return len >= 3 && b[0] == 0x1f && b[1] == 0x8b && b[2] == 8;
}

/*
 * Whether h holds the fixed part of a gzip member header: the magic,
 * deflate, no reserved flag bits. Anything else after a member (padding,
 * a cut or invalid header) ends the stream, as libarchive's filter decides.
 */
static bool member_header(const unsigned char *h, size_t len)
{
	return len == 10 && h[0] == 0x1f && h[1] == 0x8b && h[2] == 8 && (h[3] & 0xe0) == 0;
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

		const unsigned char *src;
		size_t src_len;
		bool from_hold;

		if (g->member_end) {
			/* another member, or the end of the stream: look at 10 bytes */
			g->hold_len = g->hold_pos = 0;
			while (g->hold_len < sizeof(g->hold)) {
				size_t take;

				if (!fill(g, in, arg, e, &r)) {
					if (r < 0)
						return r;
					break;
				}
				take = sizeof(g->hold) - g->hold_len;
				if (take > g->in_len)
					take = g->in_len;
				memcpy(g->hold + g->hold_len, g->in, take);
				g->hold_len += take;
				g->in += take;
				g->in_len -= take;
			}
			if (!member_header(g->hold, g->hold_len)) {
				g->done = true;	/* trailing bytes: left to the caller's hashing */
				break;
			}
			g->lib->isal_inflate_reset(&g->st);
			g->st.crc_flag = ISAL_GZIP;
			g->member_end = false;
		}
		from_hold = g->hold_pos < g->hold_len;
		if (from_hold) {
			src = g->hold + g->hold_pos;
			src_len = g->hold_len - g->hold_pos;
		} else if (fill(g, in, arg, e, &r)) {
			src = g->in;
			src_len = g->in_len;
		} else {
			if (r < 0)
				return r;
			return dd_err_set(e, -DDE_FORMAT, "gzip stream ends before its last member");
		}
		chunk = src_len > UINT32_MAX ? UINT32_MAX : (uint32_t)src_len;
		g->st.next_in = (uint8_t *)src;
		g->st.avail_in = chunk;
		g->st.next_out = g->out;
		g->st.avail_out = OUT_SIZE;
		rc = g->lib->isal_inflate(&g->st);
		if (from_hold) {
			g->hold_pos += chunk - g->st.avail_in;
		} else {
			g->in += chunk - g->st.avail_in;
			g->in_len -= chunk - g->st.avail_in;
		}
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
