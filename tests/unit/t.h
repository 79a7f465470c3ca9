/*
 * tests/unit/t.h: the unit-test harness. TEST(name) defines and registers a
 * test; T_EXPECT and friends record failures without stopping the test;
 * T_ASSERT stops it. Tests run in one process, under ASan and UBSan.
 * tests/unit/main.c runs them: `build/test/unit [-s PREFIX]`.
 * Test data: t_shared_path("testdata/versions/dpkg.tsv") resolves ../shared.
 */
#ifndef DD_TESTS_T_H
#define DD_TESTS_T_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

struct t_case {
	const char *name;
	const char *file;
	void (*fn)(void);
	struct t_case *next;
};

void t_register(struct t_case *c);
void t_fail(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Marks the running test as skipped (with a reason); return from it afterwards. */
void t_skip(const char *why);
/* Path of a file under the shared folder (DD_SHARED or ../shared); static buffer. */
const char *t_shared_path(const char *rel);
/* Path of a file under the repository's tests/ folder; static buffer. */
const char *t_tests_path(const char *rel);
/* Path of a built test image (DD_IMAGES or build/images), NULL when absent (skip the test); static buffer. */
const char *t_image_path(const char *name);
/* Reads a whole file (caller frees); NULL if it cannot be read. */
char *t_read_file(const char *path, size_t *len);
extern int t_failed_now;

#define TEST(name) \
	static void t_fn_##name(void); \
	static struct t_case t_case_##name = { #name, __FILE__, t_fn_##name, NULL }; \
	__attribute__((constructor)) static void t_reg_##name(void) { t_register(&t_case_##name); } \
	static void t_fn_##name(void)

#define T_EXPECT(cond) do { if (!(cond)) t_fail(__FILE__, __LINE__, "expected: %s", #cond); } while (0)
#define T_ASSERT(cond) do { if (!(cond)) { t_fail(__FILE__, __LINE__, "assertion: %s", #cond); return; } } while (0)
#define T_EQ_INT(a, b) do { long long t_a = (long long)(a), t_b = (long long)(b); \
	if (t_a != t_b) t_fail(__FILE__, __LINE__, "%s == %lld, expected %s == %lld", #a, t_a, #b, t_b); } while (0)
#define T_EQ_STR(a, b) do { const char *t_a = (a), *t_b = (b); \
	if (!t_a || !t_b || strcmp(t_a, t_b) != 0) t_fail(__FILE__, __LINE__, "%s == \"%s\", expected \"%s\"", #a, \
		t_a ? t_a : "(null)", t_b ? t_b : "(null)"); } while (0)

#endif
