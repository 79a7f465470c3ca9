/*
 * src/image/path.c: path and digest helpers for image members: normalising
 * archive names (no "..", no leading '/', valid UTF-8), validating
 * "sha256:<hex>" digests, hashing.
 */
#include <openssl/evp.h>
#include <string.h>

#include "image/internal.h"

bool dd_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		unsigned c = p[i];
		size_t k;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			k = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			k = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			k = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		for (size_t j = 1; j <= k; j++) {
			if (i + j >= n || (p[i + j] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i + j] & 0x3f);
		}
		if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += k + 1;
	}
	return true;
}

void dd_path_escape(const char *in, struct dd_buf *out)
{
	dd_buf_reset(out);
	for (const unsigned char *p = (const unsigned char *)in; *p && out->len < 512; p++) {
		if (*p < 0x20 || *p >= 0x7f || *p == '\\')
			dd_buf_addf(out, "\\x%02x", *p);
		else
			dd_buf_addch(out, (char)*p);
	}
}

int dd_path_norm(const char *in, struct dd_buf *out, bool *absolute, struct dd_err *e)
{
	size_t n = strlen(in), depth = 0;
	const char *p = in, *end = in + n;

	dd_buf_reset(out);
	*absolute = n > 0 && in[0] == '/';
	if (n > DD_IMG_MAX_PATH)
		return dd_err_set(e, -DDE_LIMIT, "%.64s...: name longer than %d bytes", in,
				  DD_IMG_MAX_PATH);
	if (!dd_utf8_valid(in, n)) {
		dd_path_escape(in, out);
		dd_err_set(e, -DDE_FORMAT, "%s: name is not valid UTF-8", out->buf);
		dd_buf_reset(out);
		return e->code;
	}
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)in[i] < 0x20 || in[i] == 0x7f) {
			dd_path_escape(in, out);
			dd_err_set(e, -DDE_FORMAT, "%s: name has a control character", out->buf);
			dd_buf_reset(out);
			return e->code;
		}
	while (p < end) {
		const char *c = p;
		size_t len;

		while (p < end && *p != '/')
			p++;
		len = (size_t)(p - c);
		if (p < end)
			p++;
		if (len == 0 || (len == 1 && c[0] == '.'))
			continue;
		if (len == 2 && c[0] == '.' && c[1] == '.')
			return dd_err_set(e, -DDE_ESCAPE, "%s: name contains '..'", in);
		if (++depth > DD_IMG_MAX_DEPTH)
			return dd_err_set(e, -DDE_LIMIT, "%.64s...: deeper than %d directories", in,
					  DD_IMG_MAX_DEPTH);
		if (out->len)
			dd_buf_addch(out, '/');
		dd_buf_add(out, c, len);
	}
	return 0;
}

bool dd_digest_valid(const char *d)
{
	if (!d || strncmp(d, "sha256:", 7) != 0 || strlen(d) != 7 + 64)
		return false;
	for (const char *p = d + 7; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

void dd_sha256_hex(const void *p, size_t n, char out[72])
{
	unsigned char md[32];
	unsigned int mdlen = 0;

	EVP_Digest(p, n, md, &mdlen, EVP_sha256(), NULL);
	memcpy(out, "sha256:", 7);
	for (unsigned i = 0; i < 32; i++) {
		out[7 + 2 * i] = "0123456789abcdef"[md[i] >> 4];
		out[8 + 2 * i] = "0123456789abcdef"[md[i] & 15];
	}
	out[71] = '\0';
}
