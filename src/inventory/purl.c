/*
 * src/inventory/purl.c: package URLs: building with percent-encoding,
 * parsing, the purl type <-> ecosystem table, and the purls of OS packages.
 */
#include "inventory/purl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/parse.h"
#include "util/xalloc.h"

#define PURL_MAX_LEN (64 * 1024)
#define PURL_MAX_QUALS 64

static const struct {
	enum dd_eco eco;
	const char *type;
} types[] = {
	{ DD_ECO_DPKG, "deb" },
	{ DD_ECO_APK, "apk" },
	{ DD_ECO_RPM, "rpm" },
	{ DD_ECO_NPM, "npm" },
	{ DD_ECO_PYPI, "pypi" },
	{ DD_ECO_GO, "golang" },
	{ DD_ECO_CRATES, "cargo" },
	{ DD_ECO_MAVEN, "maven" },
	{ DD_ECO_RUBYGEMS, "gem" },
	{ DD_ECO_NUGET, "nuget" },
	{ DD_ECO_PACKAGIST, "composer" },
	{ DD_ECO_PUB, "pub" },
	{ DD_ECO_HEX, "hex" },
	{ DD_ECO_SWIFT, "swift" },
	{ DD_ECO_COCOAPODS, "cocoapods" },
	{ DD_ECO_CONAN, "conan" },
	{ DD_ECO_GENERIC, "generic" },
};

const char *dd_purl_type(enum dd_eco eco)
{
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (types[i].eco == eco)
			return types[i].type;
	return "generic";
}

enum dd_eco dd_purl_eco(const char *type)
{
	size_t i;

	if (!type)
		return DD_ECO_UNKNOWN;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcasecmp(types[i].type, type) == 0)
			return types[i].eco;
	return DD_ECO_UNKNOWN;
}

/* Unreserved per the purl spec (RFC 3986 unreserved); ':' is never encoded. */
static int is_plain(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~' || c == ':';
}

static int add_enc(struct dd_buf *b, const char *s, int keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	int r = 0;

	for (; *s && r == 0; s++) {
		unsigned char c = (unsigned char)*s;

		if (is_plain(c) || (keep_slash && c == '/')) {
			r = dd_buf_addch(b, (char)c);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };

			r = dd_buf_add(b, e, 3);
		}
	}
	return r;
}

static int qual_cmp(const void *a, const void *b)
{
	const struct dd_purl_qual *x = a, *y = b;

	return strcmp(x->key, y->key);
}

int dd_purl_build(struct dd_buf *out, const char *type, const char *ns, const char *name,
		  const char *version, const struct dd_purl_qual *quals, size_t n_quals)
{
	struct dd_purl_qual *q = NULL;
	size_t i, n = 0;
	int r;

	r = dd_buf_adds(out, "pkg:");
	if (!r)
		r = dd_buf_adds(out, type);
	if (!r && ns && *ns) {
		r = dd_buf_addch(out, '/');
		if (!r)
			r = add_enc(out, ns, 1);
	}
	if (!r)
		r = dd_buf_addch(out, '/');
	if (!r)
		r = add_enc(out, name ? name : "", 0);
	if (!r && version && *version) {
		r = dd_buf_addch(out, '@');
		if (!r)
			r = add_enc(out, version, 0);
	}
	if (r || !n_quals)
		return r;
	q = dd_xmalloc(n_quals * sizeof(*q));
	for (i = 0; i < n_quals; i++)
		if (quals[i].value && *quals[i].value)
			q[n++] = quals[i];
	qsort(q, n, sizeof(*q), qual_cmp);
	for (i = 0; i < n && !r; i++) {
		r = dd_buf_addch(out, i ? '&' : '?');
		if (!r)
			r = dd_buf_adds(out, q[i].key);
		if (!r)
			r = dd_buf_addch(out, '=');
		if (!r)
			r = add_enc(out, q[i].value, 0);
	}
	free(q);
	return r;
}

/* Decodes s[0..n) into a heap string; NULL on a bad escape or an embedded NUL. */
static char *decode(const char *s, size_t n)
{
	char *o = dd_xmalloc(n + 1);
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '%') {
			int h, l;

			if (i + 2 >= n)
				goto bad;
			h = dd_hexval(s[i + 1]);
			l = dd_hexval(s[i + 2]);
			if (h < 0 || l < 0 || (h == 0 && l == 0))
				goto bad;
			o[k++] = (char)(h * 16 + l);
			i += 2;
		} else {
			o[k++] = s[i];
		}
	}
	o[k] = '\0';
	return o;
bad:
	free(o);
	return NULL;
}

void dd_purl_release(struct dd_purl *p)
{
	size_t i;

	free(p->type);
	free(p->ns);
	free(p->name);
	free(p->version);
	free(p->subpath);
	for (i = 0; i < p->n_quals; i++) {
		free(p->quals[i].key);
		free(p->quals[i].value);
	}
	free(p->quals);
	memset(p, 0, sizeof(*p));
}

const char *dd_purl_qual(const struct dd_purl *p, const char *key)
{
	size_t i;

	for (i = 0; i < p->n_quals; i++)
		if (strcmp(p->quals[i].key, key) == 0)
			return p->quals[i].value;
	return NULL;
}

int dd_purl_parse(struct dd_purl *out, const char *s)
{
	const char *end, *q, *at, *slash, *p;
	size_t len = strlen(s), cap = 0;
	int r = -DDE_FORMAT;

	memset(out, 0, sizeof(*out));
	if (len > PURL_MAX_LEN)
		return -DDE_LIMIT;
	if (strncasecmp(s, "pkg:", 4) != 0)
		return -DDE_FORMAT;
	s += 4;
	while (*s == '/')
		s++;
	end = s + strlen(s);
	if ((p = memchr(s, '#', (size_t)(end - s)))) {
		const char *sp = p + 1;

		while (*sp == '/')
			sp++;
		if (*sp && !(out->subpath = decode(sp, strlen(sp))))
			goto out;
		end = p;
	}
	if ((q = memchr(s, '?', (size_t)(end - s)))) {
		const char *k = q + 1;

		while (k < end) {
			const char *amp = memchr(k, '&', (size_t)(end - k));
			const char *eq, *stop = amp ? amp : end;

			eq = memchr(k, '=', (size_t)(stop - k));
			if (eq && eq > k) {
				char *key, *val;
				size_t i;

				if (out->n_quals >= PURL_MAX_QUALS) {
					r = -DDE_LIMIT;
					goto out;
				}
				key = dd_xstrndup(k, (size_t)(eq - k));
				for (i = 0; key[i]; i++)
					if (key[i] >= 'A' && key[i] <= 'Z')
						key[i] = (char)(key[i] - 'A' + 'a');
				val = decode(eq + 1, (size_t)(stop - eq - 1));
				if (!val) {
					free(key);
					goto out;
				}
				DD_GROW(out->quals, cap, out->n_quals + 1);
				out->quals[out->n_quals].key = key;
				out->quals[out->n_quals].value = val;
				out->n_quals++;
			}
			k = amp ? amp + 1 : end;
		}
		end = q;
	}
	while (end > s && end[-1] == '/')
		end--;
	slash = memchr(s, '/', (size_t)(end - s));
	if (!slash || slash == s)
		goto out;
	out->type = dd_xstrndup(s, (size_t)(slash - s));
	for (p = out->type; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			out->type[p - out->type] = (char)(*p - 'A' + 'a');
	s = slash + 1;
	/* version: after the last '@' of the last segment */
	p = end;
	while (p > s && p[-1] != '/')
		p--;
	at = NULL;
	{
		const char *t;

		for (t = p; t < end; t++)
			if (*t == '@')
				at = t;
	}
	if (at) {
		if (!(out->version = decode(at + 1, (size_t)(end - at - 1))))
			goto out;
		end = at;
	}
	if (p == end)
		goto out;
	if (!(out->name = decode(p, (size_t)(end - p))))
		goto out;
	if (p > s) {
		const char *ne = p - 1;

		while (ne > s && ne[-1] == '/')
			ne--;
		if (ne > s && !(out->ns = decode(s, (size_t)(ne - s))))
			goto out;
	}
	if (!*out->name)
		goto out;
	return 0;
out:
	dd_purl_release(out);
	return r;
}

static const char *os_ns(const struct dd_os *os, enum dd_eco eco)
{
	if (os->family && *os->family)
		return os->family;
	switch (eco) {
	case DD_ECO_DPKG:
		return "debian";
	case DD_ECO_APK:
		return "alpine";
	default:
		return "redhat";
	}
}

void dd_purl_fill_os(struct dd_inventory *inv)
{
	struct dd_buf b = DD_BUF_INIT;
	char *distro = NULL;
	size_t i;

	if (inv->os.family && inv->os.version_id)
		distro = dd_xasprintf("%s-%s", inv->os.family, inv->os.version_id);
	for (i = 0; i < inv->n_pkgs; i++) {
		struct dd_pkg *p = &inv->pkgs[i];
		struct dd_purl_qual q[4];
		const char *version = p->version;
		char epoch[24] = "";
		size_t n = 0;

		if (p->purl || !p->name)
			continue;
		if (p->eco != DD_ECO_DPKG && p->eco != DD_ECO_APK && p->eco != DD_ECO_RPM)
			continue;
		q[n++] = (struct dd_purl_qual){ "arch", p->arch };
		q[n++] = (struct dd_purl_qual){ "distro", distro };
		if (p->eco == DD_ECO_RPM && p->epoch > 0) {
			const char *c = version ? strchr(version, ':') : NULL;

			snprintf(epoch, sizeof(epoch), "%d", p->epoch);
			q[n++] = (struct dd_purl_qual){ "epoch", epoch };
			if (c)
				version = c + 1;
		}
		if (p->src_name && strcmp(p->src_name, p->name) != 0 && p->eco != DD_ECO_RPM)
			q[n++] = (struct dd_purl_qual){ "upstream", p->src_name };
		dd_buf_reset(&b);
		dd_purl_build(&b, dd_purl_type(p->eco), os_ns(&inv->os, p->eco), p->name, version, q, n);
		p->purl = dd_buf_detach(&b, NULL);
	}
	dd_buf_release(&b);
	free(distro);
}
