/*
 * tests/unit/image_path_test.c: archive name normalisation, UTF-8 checks
 * and digest syntax (src/image/path.c).
 */
#include <string.h>

#include "t.h"
#include "image/internal.h"

static int norm(const char *in, const char *want, bool want_abs)
{
	struct dd_buf b = DD_BUF_INIT;
	struct dd_err e = DD_ERR_INIT;
	bool abs = false;
	int r = dd_path_norm(in, &b, &abs, &e);

	if (r == 0) {
		T_EQ_STR(b.buf, want);
		T_EQ_INT(abs, want_abs);
	}
	dd_buf_release(&b);
	dd_err_release(&e);
	return r;
}

TEST(image_path_norm)
{
	T_EQ_INT(norm("./etc//os-release", "etc/os-release", false), 0);
	T_EQ_INT(norm("usr/lib/", "usr/lib", false), 0);
	T_EQ_INT(norm("/etc/passwd", "etc/passwd", true), 0);
	T_EQ_INT(norm("./", "", false), 0);
	T_EQ_INT(norm("a/./b/.", "a/b", false), 0);
	T_EQ_INT(norm("../etc/passwd", NULL, false), -DDE_ESCAPE);
	T_EQ_INT(norm("a/../../b", NULL, false), -DDE_ESCAPE);
	T_EQ_INT(norm("a/..", NULL, false), -DDE_ESCAPE);
	T_EQ_INT(norm("bad\xff", NULL, false), -DDE_FORMAT);
	T_EQ_INT(norm("tab\there", NULL, false), -DDE_FORMAT);
	T_EQ_INT(norm("caf\xc3\xa9/\xe2\x82\xac", "caf\xc3\xa9/\xe2\x82\xac", false), 0);
}

TEST(image_path_limits_and_messages)
{
	char longname[5000];
	struct dd_buf b = DD_BUF_INIT;
	struct dd_err e = DD_ERR_INIT;
	bool abs;

	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	T_EQ_INT(dd_path_norm(longname, &b, &abs, &e), -DDE_LIMIT);
	dd_err_release(&e);
	T_EQ_INT(dd_path_norm("ok/bad\xfe\xff.txt", &b, &abs, &e), -DDE_FORMAT);
	T_EQ_STR(dd_err_msg(&e), "ok/bad\\xfe\\xff.txt: name is not valid UTF-8");
	dd_err_release(&e);
	dd_buf_release(&b);
}

TEST(image_utf8)
{
	T_EXPECT(dd_utf8_valid("plain", 5));
	T_EXPECT(dd_utf8_valid("\xf0\x9f\x90\xb3", 4));
	T_EXPECT(!dd_utf8_valid("\xc0\xaf", 2));		/* overlong '/' */
	T_EXPECT(!dd_utf8_valid("\xed\xa0\x80", 3));	/* surrogate */
	T_EXPECT(!dd_utf8_valid("\xe2\x82", 2));		/* truncated */
	T_EXPECT(!dd_utf8_valid("\xf4\x90\x80\x80", 4));	/* > U+10FFFF */
}

TEST(image_digest_syntax)
{
	T_EXPECT(dd_digest_valid("sha256:98f6204d247983f8f826bbce93f517f700bfaa6b0469d7d301326fb5391049dd"));
	T_EXPECT(!dd_digest_valid("sha256:98F6204d247983f8f826bbce93f517f700bfaa6b0469d7d301326fb5391049dd"));
	T_EXPECT(!dd_digest_valid("sha256:../../../../etc/passwd"));
	T_EXPECT(!dd_digest_valid("sha512:98f6204d247983f8f826bbce93f517f700bfaa6b0469d7d301326fb5391049dd"));
	T_EXPECT(!dd_digest_valid(NULL));
}
