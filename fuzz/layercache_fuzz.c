/*
 * fuzz/layercache_fuzz.c: libFuzzer target for the layer cache's entry
 * parser (lc_parse, src/image/layercache.c): the input as an entry file,
 * then the same input with its checksum recomputed (so that mutations
 * reach the event parser, as a hostile writer of the cache directory
 * could), and every entry that parses serialised and parsed again.
 */
#include <openssl/evp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "image/internal.h"
#include "image/layercache.h"
#include "util/log.h"

static void parse(const uint8_t *data, size_t size)
{
	struct dd_buf file = DD_BUF_INIT, again = DD_BUF_INIT;
	struct dd_err e = DD_ERR_INIT;
	struct lc_entry le, le2;

	dd_buf_add(&file, data, size);
	if (lc_parse(&le, &file, NULL, NULL, &e) == 0) {
		uint8_t key[32], diff[32];
		size_t n = le.n, content = le.content;

		memcpy(key, le.pool.buf + 8, 32);
		memcpy(diff, le.pool.buf + 40, 32);
		lc_serialise(&le, key, diff, &again);
		if (lc_parse(&le2, &again, key, diff, &e) != 0 || le2.n != n || le2.content != content)
			__builtin_trap();
		lc_entry_release(&le2);
		lc_entry_release(&le);
	}
	dd_buf_release(&file);
	dd_buf_release(&again);
	dd_err_release(&e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dd_log.quiet = true;
	parse(data, size);
	if (size >= DD_LC_HEADER && size < (4u << 20)) {
		uint8_t *copy = malloc(size);
		unsigned int len = 0;

		memcpy(copy, data, size);
		EVP_Digest(copy + DD_LC_HEADER, size - DD_LC_HEADER, copy + 80, &len, EVP_sha256(), NULL);
		parse(copy, size);
		free(copy);
	}
	return 0;
}
