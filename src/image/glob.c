/*
 * src/image/glob.c: dd_glob_match, the path patterns collectors register:
 * "*" and "?" stay inside one path component, "**" crosses directories
 * ("**" "/x" also matches "x" at the root), "[abc]" is a character class.
 */
#include <string.h>

#include "image/image.h"

static bool match_class(const char **gp, char c)
{
	const char *g = *gp + 1;
	bool neg = false, hit = false;

	if (*g == '!' || *g == '^') {
		neg = true;
		g++;
	}
	for (bool first = true; *g && (first || *g != ']'); first = false, g++) {
		if (g[1] == '-' && g[2] && g[2] != ']') {
			if (c >= g[0] && c <= g[2])
				hit = true;
			g += 2;
		} else if (*g == c) {
			hit = true;
		}
	}
	if (*g != ']')
		return false;	/* unterminated class: no match */
	*gp = g + 1;
	return hit != neg;
}

static bool match(const char *g, const char *p, int depth)
{
	if (depth > 32)
		return false;
	while (*g) {
		if (g[0] == '*' && g[1] == '*') {
			while (*g == '*')
				g++;
			if (*g == '\0')
				return true;
			if (*g == '/') {
				g++;
				for (;;) {
					if (match(g, p, depth + 1))
						return true;
					p = strchr(p, '/');
					if (!p)
						return false;
					p++;
				}
			}
			for (; *p; p++)
				if (match(g, p, depth + 1))
					return true;
			return match(g, p, depth + 1);
		}
		if (*g == '*') {
			g++;
			for (;; p++) {
				if (match(g, p, depth + 1))
					return true;
				if (*p == '\0' || *p == '/')
					return false;
			}
		}
		if (*p == '\0')
			return false;
		if (*g == '?') {
			if (*p == '/')
				return false;
			g++;
			p++;
			continue;
		}
		if (*g == '[') {
			if (*p == '/' || !match_class(&g, *p))
				return false;
			p++;
			continue;
		}
		if (*g != *p)
			return false;
		g++;
		p++;
	}
	return *p == '\0';
}

bool dd_glob_match(const char *glob, const char *path)
{
	return match(glob, path, 0);
}
