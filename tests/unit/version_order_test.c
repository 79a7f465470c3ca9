/*
 * tests/unit/version_order_test.c: every comparator is a total order on
 * real version strings: antisymmetric, transitive and consistent in its
 * equalities, checked on random triples (fixed seed) drawn from all the
 * version strings of ../shared/testdata/versions and, for dpkg, the dpkg
 * status file of this machine.
 */
#include <stdlib.h>

#include "t.h"
#include "version/version.h"

#define MAX_POOL 20000
#define TRIPLES 30000

struct pool {
	char *bufs[32];
	int nbufs;
	const char *v[MAX_POOL];
	size_t n;
};

static const char *const files[] = {
	"apk.tsv", "dpkg.tsv", "go.tsv", "maven.tsv", "npm.tsv", "npm-loose.tsv", "pypi.tsv", "rpm.tsv",
	"rubygems.tsv", "apk-valid.tsv", "dpkg-valid.tsv", "go-valid.tsv", "pypi-valid.tsv",
};

static void add(struct pool *p, enum dd_eco eco, const char *s)
{
	size_t i;

	if (p->n >= MAX_POOL || !dd_version_valid(eco, dd_slice_str(s)))
		return;
	for (i = 0; i < p->n; i++)
		if (strcmp(p->v[i], s) == 0)
			return;
	p->v[p->n++] = s;
}

/* Every field of every file, then the Version: lines of a dpkg status file. */
static void fill(struct pool *p, enum dd_eco eco)
{
	size_t f, len;

	memset(p, 0, sizeof(*p));
	for (f = 0; f < sizeof(files) / sizeof(files[0]) + 1 && p->nbufs < 32; f++) {
		char rel[128], *buf, *s, *next;
		bool status = f == sizeof(files) / sizeof(files[0]);

		if (status) {
			if (eco != DD_ECO_DPKG)
				break;
			buf = t_read_file("/var/lib/dpkg/status", &len);
		} else {
			snprintf(rel, sizeof(rel), "testdata/versions/%s", files[f]);
			buf = t_read_file(t_shared_path(rel), &len);
		}
		if (!buf)
			continue;
		p->bufs[p->nbufs++] = buf;
		for (s = buf; s && *s; s = next) {
			next = strpbrk(s, "\t\n");
			if (next)
				*next++ = '\0';
			if (status) {
				if (strncmp(s, "Version: ", 9) == 0)
					add(p, eco, s + 9);
			} else if (strlen(s) > 1 || (s[0] != '<' && s[0] != '=' && s[0] != '>')) {
				add(p, eco, s);
			}
		}
	}
}

static void release(struct pool *p)
{
	int i;

	for (i = 0; i < p->nbufs; i++)
		free(p->bufs[i]);
}

static unsigned long long rng = 0x9e3779b97f4a7c15ULL;

static size_t pick(size_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (size_t)(rng % n);
}

static int cmp(enum dd_eco eco, const char *a, const char *b)
{
	int c = 2;

	if (dd_version_compare(eco, dd_slice_str(a), dd_slice_str(b), &c) < 0)
		t_fail(__FILE__, __LINE__, "%s: valid '%s' or '%s' rejected", dd_eco_name(eco), a, b);
	return c;
}

static void check_order(enum dd_eco eco)
{
	struct pool *p = calloc(1, sizeof(*p));
	size_t i;

	fill(p, eco);
	if (p->n < 10) {
		t_fail(__FILE__, __LINE__, "%s: only %zu valid versions found", dd_eco_name(eco), p->n);
		goto out;
	}
	for (i = 0; i < TRIPLES && t_failed_now < 5; i++) {
		/* half the triples come from a small corner of the pool, where equal versions meet */
		size_t span = i % 2 ? p->n : (p->n < 40 ? p->n : 40);
		size_t base = i % 2 ? 0 : pick(p->n - span + 1);
		const char *a = p->v[base + pick(span)], *b = p->v[base + pick(span)];
		const char *c = p->v[base + pick(span)];
		int ab = cmp(eco, a, b), ba = cmp(eco, b, a), bc = cmp(eco, b, c), ac = cmp(eco, a, c);

		if (ab != -ba || cmp(eco, a, a) != 0)
			t_fail(__FILE__, __LINE__, "%s: not antisymmetric: '%s' vs '%s': %d, %d",
			       dd_eco_name(eco), a, b, ab, ba);
		if (ab <= 0 && bc <= 0 && ac > 0)
			t_fail(__FILE__, __LINE__, "%s: not transitive: '%s' <= '%s' <= '%s' but %d",
			       dd_eco_name(eco), a, b, c, ac);
		if (ab == 0 && ac != bc)
			t_fail(__FILE__, __LINE__, "%s: '%s' = '%s' but they compare differently with '%s'",
			       dd_eco_name(eco), a, b, c);
	}
out:
	release(p);
	free(p);
}

#define ORDER(id, eco) TEST(version_order_##id) { check_order(eco); }

ORDER(dpkg, DD_ECO_DPKG)
ORDER(apk, DD_ECO_APK)
ORDER(rpm, DD_ECO_RPM)
ORDER(npm, DD_ECO_NPM)
ORDER(pypi, DD_ECO_PYPI)
ORDER(go, DD_ECO_GO)
ORDER(crates, DD_ECO_CRATES)
ORDER(maven, DD_ECO_MAVEN)
ORDER(rubygems, DD_ECO_RUBYGEMS)
ORDER(nuget, DD_ECO_NUGET)
ORDER(packagist, DD_ECO_PACKAGIST)
ORDER(generic, DD_ECO_GENERIC)
