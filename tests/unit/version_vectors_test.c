/*
 * tests/unit/version_vectors_test.c: every upstream test vector in
 * ../shared/testdata/versions (comparisons, ranges, validity), read in
 * place. Comparisons are checked both ways round (A op B and B op' A).
 */
#include <stdlib.h>

#include "t.h"
#include "version/version.h"
#include "version/vint.h"

enum kind { K_CMP, K_RANGE, K_VALID };

/* How a file's cases are evaluated. */
enum mode { M_PLAIN, M_NPM_LOOSE, M_NPM_PRE };

struct vfile {
	const char *name;
	enum kind kind;
	enum dd_eco eco;
	enum mode mode;
};

static int cmp_of(const struct vfile *f, const char *a, const char *b, int *ok)
{
	int c = 0;

	*ok = 1;
	if (f->mode == M_NPM_LOOSE) {
		if (dd_semver_npm_compare(dd_slice_str(a), dd_slice_str(b), true, &c) < 0)
			*ok = 0;
		return c;
	}
	return dd_version_cmp(f->eco, a, b);
}

static int range_of(const struct vfile *f, const char *v, const char *range, bool *in)
{
	struct dd_err e = DD_ERR_INIT;
	int r;

	*in = false;
	if (f->eco == DD_ECO_NPM) {
		bool loose = f->mode == M_NPM_LOOSE, pre = f->mode == M_NPM_PRE;

		/* node-semver's satisfies(): an invalid version or range is "out" */
		r = dd_semver_npm_satisfies(dd_slice_str(v), dd_slice_str(range), loose, pre, in, &e);
		if (r < 0)
			*in = false;
		r = 0;
	} else {
		r = dd_version_satisfies(f->eco, dd_slice_str(v), dd_slice_str(range), in, &e);
		if (r < 0)
			printf("#   %s in '%s': %s\n", v, range, dd_err_msg(&e));
	}
	dd_err_release(&e);
	return r;
}

static void run_file(const struct vfile *f)
{
	char rel[256];
	char *buf, *line, *next;
	size_t len, lineno = 0, cases = 0;

	snprintf(rel, sizeof(rel), "testdata/versions/%s", f->name);
	buf = t_read_file(t_shared_path(rel), &len);
	if (!buf) {
		t_fail(__FILE__, __LINE__, "cannot read %s", t_shared_path(rel));
		return;
	}
	for (line = buf; line && *line; line = next) {
		char *fld[3] = { NULL, NULL, NULL };
		char *p = line;
		int n = 0;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		while (n < 3) {
			char *tab = strchr(p, '\t');

			fld[n++] = p;
			if (!tab)
				break;
			*tab = '\0';
			p = tab + 1;
		}
		cases++;
		if (f->kind == K_VALID) {
			bool want = n == 2 && strcmp(fld[1], "valid") == 0;
			bool got = f->eco == DD_ECO_NPM ? dd_semver_npm_valid(dd_slice_str(fld[0]), false)
							: dd_version_valid(f->eco, dd_slice_str(fld[0]));

			if (n != 2 || got != want)
				t_fail(f->name, (int)lineno, "'%s': got %s, want %s", fld[0],
				       got ? "valid" : "invalid", n == 2 ? fld[1] : "?");
		} else if (f->kind == K_RANGE) {
			bool in = false;

			if (n != 3 || range_of(f, fld[0], fld[1], &in) < 0 ||
			    in != (strcmp(fld[2], "in") == 0))
				t_fail(f->name, (int)lineno, "'%s' in '%s': got %s, want %s", fld[0],
				       n > 1 ? fld[1] : "?", in ? "in" : "out", n == 3 ? fld[2] : "?");
		} else {
			int want, got, back, ok1, ok2;

			if (n != 3 || strlen(fld[1]) != 1 || !strchr("<=>", fld[1][0])) {
				t_fail(f->name, (int)lineno, "malformed case");
				continue;
			}
			want = fld[1][0] == '<' ? -1 : fld[1][0] == '>' ? 1 : 0;
			got = cmp_of(f, fld[0], fld[2], &ok1);
			back = cmp_of(f, fld[2], fld[0], &ok2);
			if (!ok1 || !ok2 || got != want || back != -want)
				t_fail(f->name, (int)lineno, "'%s' vs '%s': got %d (reverse %d), want %d%s",
				       fld[0], fld[2], got, back, want, ok1 && ok2 ? "" : " (parse failed)");
		}
	}
	free(buf);
	T_EXPECT(cases > 0);
}

#define VFILE(id, file, kind, eco, mode) \
	TEST(version_vectors_##id) \
	{ \
		static const struct vfile f = { file, kind, eco, mode }; \
		run_file(&f); \
	}

VFILE(dpkg, "dpkg.tsv", K_CMP, DD_ECO_DPKG, M_PLAIN)
VFILE(dpkg_valid, "dpkg-valid.tsv", K_VALID, DD_ECO_DPKG, M_PLAIN)
VFILE(apk, "apk.tsv", K_CMP, DD_ECO_APK, M_PLAIN)
VFILE(apk_valid, "apk-valid.tsv", K_VALID, DD_ECO_APK, M_PLAIN)
VFILE(rpm, "rpm.tsv", K_CMP, DD_ECO_RPM, M_PLAIN)
VFILE(npm, "npm.tsv", K_CMP, DD_ECO_NPM, M_PLAIN)
VFILE(npm_loose, "npm-loose.tsv", K_CMP, DD_ECO_NPM, M_NPM_LOOSE)
VFILE(npm_range, "npm-range.tsv", K_RANGE, DD_ECO_NPM, M_PLAIN)
VFILE(npm_range_loose, "npm-range-loose.tsv", K_RANGE, DD_ECO_NPM, M_NPM_LOOSE)
VFILE(npm_range_prerelease, "npm-range-prerelease.tsv", K_RANGE, DD_ECO_NPM, M_NPM_PRE)
VFILE(pypi, "pypi.tsv", K_CMP, DD_ECO_PYPI, M_PLAIN)
VFILE(pypi_valid, "pypi-valid.tsv", K_VALID, DD_ECO_PYPI, M_PLAIN)
VFILE(pypi_range, "pypi-range.tsv", K_RANGE, DD_ECO_PYPI, M_PLAIN)
VFILE(go, "go.tsv", K_CMP, DD_ECO_GO, M_PLAIN)
VFILE(go_valid, "go-valid.tsv", K_VALID, DD_ECO_GO, M_PLAIN)
VFILE(maven, "maven.tsv", K_CMP, DD_ECO_MAVEN, M_PLAIN)
VFILE(rubygems, "rubygems.tsv", K_CMP, DD_ECO_RUBYGEMS, M_PLAIN)
VFILE(rubygems_range, "rubygems-range.tsv", K_RANGE, DD_ECO_RUBYGEMS, M_PLAIN)
