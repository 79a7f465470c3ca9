/*
 * src/vulndb/secsuite.c: the security-suite index importer: Debian's
 * bookworm-security (and other <codename>-security) Sources or Packages
 * files, stanzas "Package:"/"Source:"/"Version:". For each source package
 * the newest version in the suite (dpkg order) is stored, so a scan can
 * tell that a security update exists even before a CVE record says so.
 * The release comes from the import's namespace hint, else from a codename
 * in the file's path (".../bookworm-security/main/source/Sources.xz").
 */
#include <stdlib.h>
#include <string.h>

#include "util/parse.h"
#include "util/xalloc.h"
#include "vulndb/import.h"

#define SEC_MAX_PACKAGES 1000000

struct entry {
	char *pkg, *ver;
	char ns[48];
};

struct state {
	struct entry *e;
	size_t n, cap;
	char ns[48];		/* of the file being parsed */
};

static bool accepts(const char *name)
{
	return strncmp(name, "Sources", 7) == 0 || strncmp(name, "Packages", 8) == 0;
}

static int order(char c)
{
	if (c >= '0' && c <= '9')
		return 0;
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
		return c;
	if (c == '~')
		return -1;
	if (c)
		return c + 256;
	return 0;
}

/* dpkg's comparison of one upstream or revision part. */
static int verrevcmp(const char *a, const char *b)
{
	while (*a || *b) {
		int first_diff = 0;

		while ((*a && !(*a >= '0' && *a <= '9')) || (*b && !(*b >= '0' && *b <= '9'))) {
			int ac = order(*a), bc = order(*b);

			if (ac != bc)
				return ac - bc;
			a++;
			b++;
		}
		while (*a == '0')
			a++;
		while (*b == '0')
			b++;
		while (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			if (!first_diff)
				first_diff = *a - *b;
			a++;
			b++;
		}
		if (*a >= '0' && *a <= '9')
			return 1;
		if (*b >= '0' && *b <= '9')
			return -1;
		if (first_diff)
			return first_diff;
	}
	return 0;
}

/* Splits "epoch:upstream-revision" in place-free fashion and compares. */
static int dpkg_cmp(const char *a, const char *b)
{
	const char *ca = strchr(a, ':'), *cb = strchr(b, ':');
	unsigned long ea = 0, eb = 0;
	char *ua, *ub, *ra, *rb;
	int r;

	if (ca) {
		for (const char *p = a; p < ca; p++)
			ea = ea * 10 + (unsigned long)(*p >= '0' && *p <= '9' ? *p - '0' : 0);
		a = ca + 1;
	}
	if (cb) {
		for (const char *p = b; p < cb; p++)
			eb = eb * 10 + (unsigned long)(*p >= '0' && *p <= '9' ? *p - '0' : 0);
		b = cb + 1;
	}
	if (ea != eb)
		return ea < eb ? -1 : 1;
	ua = dd_xstrdup(a);
	ub = dd_xstrdup(b);
	ra = strrchr(ua, '-');
	rb = strrchr(ub, '-');
	if (ra)
		*ra++ = '\0';
	if (rb)
		*rb++ = '\0';
	r = verrevcmp(ua, ub);
	if (r == 0)
		r = verrevcmp(ra ? ra : "", rb ? rb : "");
	free(ua);
	free(ub);
	return r;
}

static const char *const codenames[] = {
	"jessie", "stretch", "buster", "bullseye", "bookworm", "trixie", "forky", NULL,
};

static int add(struct dd_import *im, struct state *st, const char *file, struct dd_slice pkg,
	       struct dd_slice ver)
{
	size_t i;

	if (!pkg.len || !ver.len) {
		dd_import_skip(im, file, "stanza without Package or Version");
		return 0;
	}
	for (i = 0; i < st->n; i++)
		if (strlen(st->e[i].pkg) == pkg.len && memcmp(st->e[i].pkg, pkg.ptr, pkg.len) == 0 &&
		    strcmp(st->e[i].ns, st->ns) == 0) {
			char *v = dd_slice_dup(ver);

			if (dpkg_cmp(v, st->e[i].ver) > 0) {
				free(st->e[i].ver);
				st->e[i].ver = v;
			} else {
				free(v);
			}
			return 0;
		}
	if (st->n >= SEC_MAX_PACKAGES)
		return -DDE_LIMIT;
	DD_GROW(st->e, st->cap, st->n + 1);
	st->e[st->n].pkg = dd_slice_dup(pkg);
	st->e[st->n].ver = dd_slice_dup(ver);
	memcpy(st->e[st->n].ns, st->ns, sizeof(st->ns));
	st->n++;
	return 0;
}

static int parse(struct dd_import *im, const char *name, struct dd_slice data, struct dd_err *e)
{
	struct state *st = im->state;
	struct dd_slice line, pkg = DD_SLICE_NULL, src = DD_SLICE_NULL, ver = DD_SLICE_NULL;
	bool in = false;
	int r = 0;
	size_t i;

	if (!st)
		st = im->state = dd_xcalloc(1, sizeof(*st));
	st->ns[0] = '\0';
	if (im->ns_hint)
		snprintf(st->ns, sizeof(st->ns), "%s", im->ns_hint);
	else
		for (i = 0; codenames[i]; i++)
			if (strstr(name, codenames[i])) {
				dd_ns_debian(codenames[i], st->ns, sizeof(st->ns));
				break;
			}
	if (!st->ns[0])
		return dd_err_set(e, -DDE_FORMAT, "%s: no release codename in the path and no namespace given",
				  name);
	for (;;) {
		bool more = dd_parse_line(&data, &line);

		if (!more || line.len == 0) {
			if (in && (r = add(im, st, name, src.len ? src : pkg, ver)) < 0)
				return dd_err_set(e, r, "%s: more than %d packages", name, SEC_MAX_PACKAGES);
			in = false;
			pkg = src = ver = DD_SLICE_NULL;
			if (!more)
				break;
			continue;
		}
		if (line.ptr[0] == ' ' || line.ptr[0] == '\t')
			continue;
		in = true;
		if (dd_parse_skip(&line, "Package:"))
			pkg = dd_slice_trim(line);
		else if (dd_parse_skip(&line, "Source:"))
			src = dd_slice_trim(dd_parse_until(&line, '('));	/* "Source: x (1.2)" */
		else if (dd_parse_skip(&line, "Version:"))
			ver = dd_slice_trim(line);
	}
	return 0;
}

static int finish(struct dd_import *im, bool ok, struct dd_err *e)
{
	struct state *st = im->state;
	size_t i;
	int r = 0;

	if (!st)
		return 0;
	for (i = 0; i < st->n; i++) {
		if (ok && r == 0 && dd_text_ok(st->e[i].pkg) && dd_text_ok(st->e[i].ver)) {
			r = dd_store_security_update(im->store, st->e[i].ns, st->e[i].pkg, st->e[i].ver, e);
			im->records++;
		}
		free(st->e[i].pkg);
		free(st->e[i].ver);
	}
	free(st->e);
	free(st);
	im->state = NULL;
	return r;
}

const struct dd_feed dd_feed_secsuite = {
	"secsuite", "Debian <codename>-security Sources/Packages index", accepts, parse, finish,
};
