/*
 * tests/unit/main.c: runs the registered unit tests and prints one TAP-like
 * line per test ("ok - suite/name", "not ok - ...", "skip - ..."), which
 * tests/run counts. -s PREFIX runs only tests whose file or name starts so.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "t.h"

static struct t_case *head, **tail = &head;
int t_failed_now;
static const char *skip_reason;

void t_register(struct t_case *c)
{
	*tail = c;
	tail = &c->next;
}

void t_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (t_failed_now < 20) {
		fprintf(stdout, "#   %s:%d: ", file, line);
		va_start(ap, fmt);
		vfprintf(stdout, fmt, ap);
		va_end(ap);
		fputc('\n', stdout);
	} else if (t_failed_now == 20) {
		fputs("#   (more failures not shown)\n", stdout);
	}
	t_failed_now++;
}

void t_skip(const char *why)
{
	skip_reason = why;
}

static const char *shared_dir(void)
{
	const char *d = getenv("DD_SHARED");

	return d && *d ? d : "../shared";
}

const char *t_shared_path(const char *rel)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/%s", shared_dir(), rel);
	return path;
}

const char *t_tests_path(const char *rel)
{
	static char path[4096];

	snprintf(path, sizeof(path), "tests/%s", rel);
	return path;
}

const char *t_image_path(const char *name)
{
	static char p[4096];
	const char *dir = getenv("DD_IMAGES");

	if (dir && *dir) {
		snprintf(p, sizeof(p), "%s/%s", dir, name);
		if (access(p, R_OK) == 0)
			return p;
	}
	snprintf(p, sizeof(p), "tests/../build/images/%s", name);
	return access(p, R_OK) == 0 ? p : NULL;
}

char *t_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;

	if (!f)
		return NULL;
	for (;;) {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap + 1);
			if (!buf)
				abort();
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static const char *suite_of(const char *file)
{
	const char *s = strrchr(file, '/');

	return s ? s + 1 : file;
}

int main(int argc, char **argv)
{
	const char *only = NULL;
	struct t_case *c;
	int passed = 0, failed = 0, skipped = 0;

	if (argc == 3 && strcmp(argv[1], "-s") == 0)
		only = argv[2];
	for (c = head; c; c = c->next) {
		const char *suite = suite_of(c->file);
		char name[512];

		snprintf(name, sizeof(name), "%.*s/%s",
			 (int)(strstr(suite, "_test.c") ? strstr(suite, "_test.c") - suite : (long)strlen(suite)),
			 suite, c->name);
		if (only && strncmp(name, only, strlen(only)) != 0 && strncmp(c->name, only, strlen(only)) != 0)
			continue;
		t_failed_now = 0;
		skip_reason = NULL;
		c->fn();
		if (t_failed_now) {
			printf("not ok - unit/%s\n", name);
			failed++;
		} else if (skip_reason) {
			printf("skip - unit/%s (%s)\n", name, skip_reason);
			skipped++;
		} else {
			printf("ok - unit/%s\n", name);
			passed++;
		}
		fflush(stdout);
	}
	printf("# unit: %d passed, %d failed, %d skipped\n", passed, failed, skipped);
	return failed ? 1 : 0;
}
