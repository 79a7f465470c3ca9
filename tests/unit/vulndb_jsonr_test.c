/*
 * tests/unit/vulndb_jsonr_test.c: the pull JSON reader (src/vulndb/jsonr.c):
 * valid documents walked value by value, and malformed ones (truncation,
 * nesting, escapes, surrogates, numbers, duplicate keys, NUL, bad UTF-8)
 * refused with the byte offset of the fault; the OSV importer naming the
 * file and offset when it skips such a file; and every real OSV JSON file
 * of the Go and RustSec databases read into the same value as jansson's.
 */
#include <dirent.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "util/buf.h"
#include "util/xalloc.h"
#include "vulndb/import.h"
#include "vulndb/jsonr.h"

/* Validates s as a whole document (skip + finish); returns the error code (0 when valid). */
static int check(struct dd_jsonr *r, const char *s, size_t n)
{
	dd_jsonr_reset(r, dd_slice_of(s, n));
	dd_jsonr_skip(r);
	return dd_jsonr_finish(r);
}

#define CHECK(r, lit) check((r), (lit), sizeof(lit) - 1)

/* Expects lit to be refused with code at byte off, with word in the message. */
#define BAD(r, lit, code, off, word) do { \
	T_EQ_INT(CHECK(r, lit), code); \
	T_EQ_INT(dd_jsonr_offset(r), off); \
	if (!strstr(dd_jsonr_msg(r), word)) \
		t_fail(__FILE__, __LINE__, "message '%s' lacks '%s'", dd_jsonr_msg(r), word); \
} while (0)

TEST(jsonr_walks_values)
{
	static const char doc[] =
		" {\"id\": \"A-1\", \"n\": -12.5e+3, \"ok\": true, \"no\": false, \"z\": null,\n"
		"  \"list\": [\"x\", \"caf\\u00e9 \\ud83d\\ude00\", [], {}], \"esc\": \"a\\\"b\\\\c\\/\\n\"} ";
	struct dd_jsonr r = DD_JSONR_INIT;
	struct dd_slice k;
	const char *s = NULL;
	size_t len = 0;
	int n = 0;

	dd_jsonr_reset(&r, dd_slice_of(doc, sizeof(doc) - 1));
	T_EQ_INT(dd_jsonr_peek(&r), DD_JSONR_OBJECT);
	T_EQ_INT(dd_jsonr_obj_begin(&r), 0);
	T_EQ_INT(dd_jsonr_obj_key(&r, &k), 1);
	T_ASSERT(dd_slice_eq(k, "id"));
	T_EQ_INT(dd_jsonr_str(&r, &s, &len), 0);
	T_EQ_STR(s, "A-1");
	T_EQ_INT(len, 3);
	while (dd_jsonr_obj_key(&r, &k) > 0) {
		n++;
		if (dd_slice_eq(k, "list")) {
			T_EQ_INT(dd_jsonr_arr_begin(&r), 0);
			T_EQ_INT(dd_jsonr_arr_next(&r), 1);
			T_EQ_INT(dd_jsonr_str(&r, &s, NULL), 0);
			T_EQ_STR(s, "x");
			T_EQ_INT(dd_jsonr_arr_next(&r), 1);
			T_EQ_INT(dd_jsonr_str(&r, &s, &len), 0);
			T_EQ_STR(s, "caf\xc3\xa9 \xf0\x9f\x98\x80");
			T_EQ_INT(len, 10);
			T_EQ_INT(dd_jsonr_arr_next(&r), 1);
			T_EQ_INT(dd_jsonr_peek(&r), DD_JSONR_ARRAY);
			T_EQ_INT(dd_jsonr_skip(&r), 0);
			T_EQ_INT(dd_jsonr_arr_next(&r), 1);
			T_EQ_INT(dd_jsonr_skip(&r), 0);
			T_EQ_INT(dd_jsonr_arr_next(&r), 0);
		} else if (dd_slice_eq(k, "esc")) {
			T_EQ_INT(dd_jsonr_str(&r, &s, NULL), 0);
			T_EQ_STR(s, "a\"b\\c/\n");
		} else if (dd_slice_eq(k, "n")) {
			T_EQ_INT(dd_jsonr_peek(&r), DD_JSONR_NUMBER);
			T_EQ_INT(dd_jsonr_skip(&r), 0);
		} else {
			T_EQ_INT(dd_jsonr_skip(&r), 0);
		}
	}
	T_EQ_INT(n, 6);
	T_EQ_INT(dd_jsonr_finish(&r), 0);
	T_EQ_INT(dd_jsonr_error(&r), 0);
	/* the reader and its arena are reused for the next document */
	T_EQ_INT(CHECK(&r, "[1, 0, -0.5, 1E9, \"\", [[[]]], {\"a\": {\"a\": 1}}]"), 0);
	T_EQ_INT(CHECK(&r, "9223372036854775807"), 0);
	T_EQ_INT(CHECK(&r, "-9223372036854775808"), 0);
	dd_jsonr_release(&r);
}

TEST(jsonr_refuses_malformed_input)
{
	struct dd_jsonr r = DD_JSONR_INIT;
	char deep[200];
	size_t i;

	BAD(&r, "", -DDE_FORMAT, 0, "end of input");
	BAD(&r, "{\"id\": \"A-1\", \"x\": [1, 2", -DDE_FORMAT, 24, "end of input");
	BAD(&r, "{\"id\": \"A-1", -DDE_FORMAT, 7, "unterminated string");
	BAD(&r, "{\"a\": 1,}", -DDE_FORMAT, 8, "key string");
	BAD(&r, "[1 2]", -DDE_FORMAT, 3, "','");
	BAD(&r, "{\"a\" 1}", -DDE_FORMAT, 5, "':'");
	BAD(&r, "{} x", -DDE_FORMAT, 3, "end of input");
	BAD(&r, "[tru]", -DDE_FORMAT, 1, "literal");
	BAD(&r, "{'a': 1}", -DDE_FORMAT, 1, "key string");
	/* escapes, surrogates, NUL, control characters, UTF-8 */
	BAD(&r, "[\"ab\\q\"]", -DDE_FORMAT, 4, "invalid escape '\\q'");
	BAD(&r, "[\"\\u12G4\"]", -DDE_FORMAT, 2, "\\u escape");
	BAD(&r, "[\"\\u12\"]", -DDE_FORMAT, 2, "\\u escape");
	BAD(&r, "[\"x\\ud800\"]", -DDE_FORMAT, 3, "high surrogate");
	BAD(&r, "[\"\\ud800\\u0041\"]", -DDE_FORMAT, 2, "followed by");
	BAD(&r, "[\"\\udc00\"]", -DDE_FORMAT, 2, "low surrogate");
	BAD(&r, "{\"a\": \"x\\u0000y\"}", -DDE_FORMAT, 8, "NUL");
	BAD(&r, "[\"a\nb\"]", -DDE_FORMAT, 3, "control character");
	T_EQ_INT(check(&r, "[\"a\0b\"]", 7), -DDE_FORMAT);
	T_EQ_INT(dd_jsonr_offset(&r), 3);
	BAD(&r, "[\"\xc3\x28\"]", -DDE_FORMAT, 2, "UTF-8");
	BAD(&r, "[\"\xed\xa0\x80\"]", -DDE_FORMAT, 2, "UTF-8");	/* an encoded surrogate */
	BAD(&r, "[\"\xe2\x82\"]", -DDE_FORMAT, 2, "UTF-8");		/* truncated sequence */
	/* numbers */
	BAD(&r, "[01]", -DDE_FORMAT, 2, "','");
	BAD(&r, "[1.]", -DDE_FORMAT, 1, "number");
	BAD(&r, "[-]", -DDE_FORMAT, 1, "number");
	BAD(&r, "[1e]", -DDE_FORMAT, 1, "number");
	BAD(&r, "[99999999999999999999]", -DDE_LIMIT, 1, "64-bit");
	BAD(&r, "[9223372036854775808]", -DDE_LIMIT, 1, "64-bit");
	BAD(&r, "[1e999]", -DDE_LIMIT, 1, "out of range");
	/* duplicate keys, at any depth, also when spelled with escapes */
	BAD(&r, "{\"a\": 1, \"b\": 2, \"a\": 3}", -DDE_FORMAT, 17, "duplicate key \"a\"");
	BAD(&r, "{\"x\": {\"k\": 1, \"\\u006b\": 2}}", -DDE_FORMAT, 15, "duplicate key \"k\"");
	T_EQ_INT(CHECK(&r, "[{\"a\": 1}, {\"a\": 2}, {\"b\": {\"a\": 1}, \"a\": 1}]"), 0);
	/* nesting */
	for (i = 0; i < sizeof(deep); i++)
		deep[i] = '[';
	T_EQ_INT(check(&r, deep, sizeof(deep)), -DDE_LIMIT);
	T_EQ_INT(dd_jsonr_offset(&r), DD_JSONR_MAX_DEPTH);
	T_ASSERT(strstr(dd_jsonr_msg(&r), "nested deeper") != NULL);
	dd_jsonr_release(&r);
}

TEST(jsonr_many_keys_and_long_strings)
{
	struct dd_jsonr r = DD_JSONR_INIT;
	struct dd_buf b = DD_BUF_INIT;
	char *big;
	size_t i, len, n = 300000;

	/* 5,000 distinct keys (the hash set grows), then one repeated */
	dd_buf_addch(&b, '{');
	for (i = 0; i < 5000; i++)
		dd_buf_addf(&b, "%s\"k%zu\": %zu", i ? ", " : "", i, i);
	len = b.len;
	dd_buf_addch(&b, '}');
	T_EQ_INT(check(&r, b.buf, b.len), 0);
	dd_buf_truncate(&b, len);
	dd_buf_adds(&b, ", \"k4321\": 0}");
	T_EQ_INT(check(&r, b.buf, b.len), -DDE_FORMAT);
	T_ASSERT(strstr(dd_jsonr_msg(&r), "duplicate key \"k4321\"") != NULL);
	dd_buf_release(&b);
	/* a string longer than one arena chunk */
	big = malloc(n + 4);
	T_ASSERT(big != NULL);
	big[0] = '[';
	big[1] = '"';
	memset(big + 2, 'x', n);
	big[n + 2] = '"';
	big[n + 3] = ']';
	T_EQ_INT(check(&r, big, n + 4), 0);
	free(big);
	dd_jsonr_release(&r);
}

TEST(osv_skip_names_file_and_offset)
{
	static const char *const bad[] = {
		"{\"id\": \"X-1\", \"id\": \"X-2\"}",
		"{\"id\": \"X-1\", \"summary\": \"a\\u0000b\"}",
		"{\"id\": \"X-1\", \"summary\": \"\\ud800\"}",
		"[{\"id\": \"X-1\"}, {\"id\": \"X-2\", \"affected\": [",
		"\"X-1\"",
	};
	struct dd_err e = DD_ERR_INIT;
	struct dd_store *st = NULL;
	struct dd_import im;
	size_t i;

	T_ASSERT(dd_store_open(&st, ":memory:", &e) == 0);
	T_ASSERT(dd_store_begin(st, "osv", "osv", true, &e) == 0);
	dd_import_init(&im, st, "osv");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		T_EQ_INT(dd_import_data(&im, &dd_feed_osv, "bad.json",
					dd_slice_of(bad[i], strlen(bad[i])), &e), 0);
	/* nothing of a malformed file is stored, not even its valid first record */
	T_EQ_INT(im.records, 0);
	T_EQ_INT(im.skipped, 5);
	T_EQ_INT(im.n_reasons, 5);
	T_EQ_STR(im.reasons[0], "bad.json: byte 14: duplicate key \"id\"");
	T_EQ_STR(im.reasons[1], "bad.json: byte 27: NUL (\\u0000) in string");
	T_ASSERT(strstr(im.reasons[2], "bad.json: byte 26: high surrogate") == im.reasons[2]);
	T_ASSERT(strstr(im.reasons[3], "bad.json: byte 43: unexpected end of input") == im.reasons[3]);
	T_ASSERT(strstr(im.reasons[4], "bad.json: byte 0: unexpected '\"'") == im.reasons[4]);
	dd_import_release(&im);
	dd_store_close(st);
	dd_err_release(&e);
}

/* Rebuilds the next value as a jansson value (NULL after an error). */
static json_t *to_jansson(struct dd_jsonr *r)
{
	struct dd_slice k, num;
	json_t *v = NULL, *x;
	const char *str;
	size_t len;
	char tmp[DD_JSONR_MAX_NUMBER + 1];

	switch (dd_jsonr_peek(r)) {
	case DD_JSONR_OBJECT:
		if (dd_jsonr_obj_begin(r) < 0)
			return NULL;
		v = json_object();
		while (dd_jsonr_obj_key(r, &k) > 0) {
			char *key = dd_xstrndup(k.ptr, k.len);

			x = to_jansson(r);
			if (x)
				json_object_set_new(v, key, x);
			free(key);
		}
		break;
	case DD_JSONR_ARRAY:
		if (dd_jsonr_arr_begin(r) < 0)
			return NULL;
		v = json_array();
		while (dd_jsonr_arr_next(r) > 0)
			if ((x = to_jansson(r)))
				json_array_append_new(v, x);
		break;
	case DD_JSONR_STRING:
		if (dd_jsonr_str(r, &str, &len) == 0)
			v = json_stringn(str, len);
		break;
	case DD_JSONR_NUMBER:
		if (dd_jsonr_num(r, &num) == 0 && num.len < sizeof(tmp)) {
			memcpy(tmp, num.ptr, num.len);
			tmp[num.len] = '\0';
			v = json_loads(tmp, JSON_DECODE_ANY, NULL);
		}
		break;
	case DD_JSONR_TRUE:
		if (dd_jsonr_skip(r) == 0)
			v = json_true();
		break;
	case DD_JSONR_FALSE:
		if (dd_jsonr_skip(r) == 0)
			v = json_false();
		break;
	case DD_JSONR_NULL:
		if (dd_jsonr_skip(r) == 0)
			v = json_null();
		break;
	default:
		break;
	}
	if (dd_jsonr_error(r)) {
		json_decref(v);
		return NULL;
	}
	return v;
}

/* Reads every .json file under dir (one level) both ways; returns the files compared. */
static size_t same_as_jansson(struct dd_jsonr *r, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		struct dd_buf b;
		struct dd_err e = DD_ERR_INIT;
		json_t *ref, *mine;
		char path[4096];
		size_t l = strlen(de->d_name);

		if (l < 6 || strcmp(de->d_name + l - 5, ".json") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (dd_buf_read_file(&b, path, 0, &e) < 0) {
			t_fail(__FILE__, __LINE__, "%s", dd_err_msg(&e));
			dd_err_release(&e);
			continue;
		}
		ref = json_loadb(b.buf, b.len, JSON_REJECT_DUPLICATES, NULL);
		dd_jsonr_reset(r, dd_buf_slice(&b));
		mine = to_jansson(r);
		if (!ref || !mine || dd_jsonr_finish(r) < 0 || !json_equal(ref, mine))
			t_fail(__FILE__, __LINE__, "%s: differs from jansson (%s)", path, dd_jsonr_msg(r));
		else
			n++;
		json_decref(ref);
		json_decref(mine);
		dd_buf_release(&b);
	}
	closedir(d);
	return n;
}

TEST(jsonr_reads_real_osv_files_as_jansson_does)
{
	struct dd_jsonr r = DD_JSONR_INIT;

	T_EXPECT(same_as_jansson(&r, t_shared_path("testdata/advisories/go-vulndb/data/osv")) > 4000);
	T_EXPECT(same_as_jansson(&r, t_shared_path("testdata/advisories/rustsec-osv/crates")) > 1000);
	dd_jsonr_release(&r);
}
