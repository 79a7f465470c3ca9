/*
 * src/match/alpine.c: the Alpine side of matching: the namespace
 * ("alpine:<major.minor>", or "alpine:edge") and the check that
 * /etc/apk/repositories points at the image's own branch. Packages are
 * matched by origin (source) name against the secdb fixed versions with
 * the distribution rule in match.c.
 */
#include <stdio.h>
#include <string.h>

#include "match/match_int.h"
#include "util/log.h"
#include "util/parse.h"

/* "3.19.1" -> "3.19"; "edge" or a pre-release ("3.20_alpha2024") -> "edge". */
static int branch_of(const char *version_id, char *out, size_t n)
{
	size_t l1, l2;

	if (!version_id)
		return -DDE_NOTFOUND;
	if (strcmp(version_id, "edge") == 0 || strchr(version_id, '_')) {
		snprintf(out, n, "edge");
		return 0;
	}
	l1 = strspn(version_id, "0123456789");
	if (l1 == 0 || version_id[l1] != '.')
		return -DDE_NOTFOUND;
	l2 = strspn(version_id + l1 + 1, "0123456789");
	if (l2 == 0)
		return -DDE_NOTFOUND;
	snprintf(out, n, "%.*s", (int)(l1 + 1 + l2), version_id);
	return 0;
}

int dd_ns_for_alpine(const struct dd_os *os, char *out, size_t n)
{
	char b[32];

	if (branch_of(os->version_id, b, sizeof(b)) < 0)
		return -DDE_NOTFOUND;
	snprintf(out, n, "alpine:%s", b);
	return 0;
}

size_t dd_alpine_check_repositories(const struct dd_os *os, const char *repositories)
{
	struct dd_slice in = dd_slice_str(repositories), line;
	char own[32];
	size_t bad = 0, lineno = 0;

	if (!repositories || branch_of(os->version_id, own, sizeof(own)) < 0)
		return 0;
	while (dd_parse_line(&in, &line)) {
		struct dd_slice l = dd_slice_trim(line);
		const char *p, *end = l.ptr + l.len;
		char branch[32];
		size_t k;

		lineno++;
		if (l.len == 0 || l.ptr[0] == '#')
			continue;
		/* ".../alpine/v3.19/main" or ".../alpine/edge/community" */
		for (p = l.ptr; p < end; p++) {
			if (*p != '/')
				continue;
			if (end - p > 2 && p[1] == 'v' && p[2] >= '0' && p[2] <= '9') {
				k = strspn(p + 2, "0123456789.");
				if ((size_t)(end - p - 2) < k)
					k = (size_t)(end - p - 2);
				snprintf(branch, sizeof(branch), "%.*s", (int)k, p + 2);
				break;
			}
			if (end - p >= 5 && memcmp(p + 1, "edge", 4) == 0 &&
			    (end - p == 5 || p[5] == '/')) {
				snprintf(branch, sizeof(branch), "edge");
				break;
			}
		}
		if (p == end)
			continue;
		if (strcmp(branch, own) != 0) {
			dd_warn("etc/apk/repositories:%zu: repository branch %s differs from the OS "
				"branch %s; packages from it are judged against alpine:%s data",
				lineno, branch, own, own);
			bad++;
		}
	}
	return bad;
}
