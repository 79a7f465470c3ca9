/*
 * tests/unit/util_test.c: dd_buf, dd_err, the parse helpers and dd_out.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "t.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fdio.h"
#include "util/out.h"
#include "util/parse.h"

TEST(buf_cap_is_enforced)
{
	struct dd_buf b;

	dd_buf_init(&b, 8);
	T_EQ_INT(dd_buf_adds(&b, "12345678"), 0);
	T_EQ_INT(dd_buf_addch(&b, '9'), -DDE_LIMIT);
	T_EQ_STR(b.buf, "12345678");
	T_EQ_INT(b.len, 8);
	dd_buf_release(&b);
	T_EQ_STR(b.buf, "");
}

TEST(buf_printf_prepend_detach)
{
	struct dd_buf b = DD_BUF_INIT;
	char *s;
	size_t n;

	T_EQ_INT(dd_buf_addf(&b, "%d-%s", 42, "x"), 0);
	T_EQ_INT(dd_buf_prepend(&b, "ab:", 3), 0);
	s = dd_buf_detach(&b, &n);
	T_EQ_STR(s, "ab:42-x");
	T_EQ_INT(n, 7);
	T_EQ_STR(b.buf, "");
	free(s);
}

TEST(buf_reserve_exact_and_capped)
{
	struct dd_buf b;
	char *p;

	dd_buf_init(&b, 100);
	T_EQ_INT(dd_buf_adds(&b, "ab"), 0);
	T_EQ_INT(dd_buf_reserve(&b, 98), 0);
	T_EQ_INT(b.alloc, 101);
	p = b.buf;
	T_EQ_INT(dd_buf_add(&b, "0123456789", 10), 0);
	T_ASSERT(b.buf == p);	/* no reallocation inside the reserved room */
	T_EQ_STR(b.buf, "ab0123456789");
	T_EQ_INT(dd_buf_reserve(&b, 10), 0);	/* already there: unchanged */
	T_EQ_INT(b.alloc, 101);
	T_EQ_INT(dd_buf_reserve(&b, 89), -DDE_LIMIT);
	T_EQ_STR(b.buf, "ab0123456789");
	dd_buf_release(&b);
	b = (struct dd_buf)DD_BUF_INIT;
	T_EQ_INT(dd_buf_reserve(&b, 0), 0);
	T_EQ_STR(b.buf, "");
	dd_buf_release(&b);
}

TEST(err_keeps_root_cause_and_wraps)
{
	struct dd_err e = DD_ERR_INIT;

	T_EQ_INT(dd_err_set(&e, -DDE_FORMAT, "line %d: bad field", 3), -DDE_FORMAT);
	dd_err_set(&e, -DDE_LIMIT, "second error is ignored");
	dd_err_wrap(&e, "var/lib/dpkg/status");
	dd_err_wrap(&e, "layer %d", 2);
	T_EQ_STR(dd_err_msg(&e), "layer 2: var/lib/dpkg/status: line 3: bad field");
	T_EQ_INT(e.code, -DDE_FORMAT);
	dd_err_release(&e);
	T_EQ_STR(dd_strerror(-DDE_LIMIT), "size or depth limit exceeded");
	T_EQ_STR(dd_strerror(-ENOENT), "No such file or directory");
}

TEST(parse_numbers_bounded)
{
	struct dd_slice s = dd_slice_str("123abc");
	uint64_t v = 0;

	T_EQ_INT(dd_parse_u64(&s, 1000, &v), 0);
	T_EQ_INT(v, 123);
	T_EQ_INT(s.len, 3);
	T_EQ_INT(dd_parse_u64(&s, 1000, &v), -DDE_FORMAT);
	T_EQ_INT(dd_parse_u64_all(dd_slice_str("1001"), 1000, &v), -DDE_LIMIT);
	T_EQ_INT(dd_parse_u64_all(dd_slice_str("99999999999999999999999"), UINT64_MAX, &v), -DDE_LIMIT);
	T_EQ_INT(dd_parse_u64_all(dd_slice_str("18446744073709551615"), UINT64_MAX, &v), 0);
	T_EQ_INT(dd_parse_u64_all(dd_slice_str("12 "), 1000, &v), -DDE_FORMAT);
}

TEST(parse_lines_and_fields)
{
	struct dd_slice in = dd_slice_str("a: b\r\n\nlast"), line, key;
	int n = 0;

	while (dd_parse_line(&in, &line))
		n++;
	T_EQ_INT(n, 3);
	in = dd_slice_str("Package: curl");
	key = dd_parse_until(&in, ':');
	T_EXPECT(dd_slice_eq(key, "Package"));
	T_EXPECT(dd_slice_eq(dd_slice_trim(in), "curl"));
}

TEST(out_is_atomic)
{
	char dir[] = "/tmp/dd-out-XXXXXX";
	char path[256];
	struct dd_out *o = NULL;
	struct dd_err e = DD_ERR_INIT;
	char *got;

	T_ASSERT(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/report.json", dir);
	T_EQ_INT(dd_out_open(&o, path, &e), 0);
	dd_out_puts(o, "first");
	T_EQ_INT(dd_out_close(o, &e), 0);
	T_EQ_INT(dd_out_open(&o, path, &e), 0);
	dd_out_puts(o, "half-written");
	dd_out_fail(o, -DDE_FORMAT);
	T_EQ_INT(dd_out_close(o, &e), -DDE_FORMAT);
	got = t_read_file(path, NULL);
	T_EQ_STR(got, "first");
	free(got);
	unlink(path);
	rmdir(dir);
	dd_err_release(&e);
}

/* A target that is not a regular file (here a FIFO, as /dev/null would be) is written in place, not replaced. */
TEST(out_special_file_written_in_place)
{
	char dir[] = "/tmp/dd-out-XXXXXX";
	char path[256], got[64] = "";
	struct dd_out *o = NULL;
	struct dd_err e = DD_ERR_INIT;
	struct stat st;
	int rd;
	ssize_t n;

	T_ASSERT(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/pipe", dir);
	T_EQ_INT(mkfifo(path, 0600), 0);
	rd = open(path, O_RDONLY | O_NONBLOCK);
	T_ASSERT(rd >= 0);
	T_EQ_INT(dd_out_open(&o, path, &e), 0);
	dd_out_puts(o, "report");
	T_EQ_INT(dd_out_close(o, &e), 0);
	n = read(rd, got, sizeof(got) - 1);
	T_EQ_INT(n, 6);
	T_EQ_STR(got, "report");
	T_EQ_INT(stat(path, &st), 0);
	T_ASSERT(S_ISFIFO(st.st_mode));
	close(rd);
	unlink(path);
	rmdir(dir);
	dd_err_release(&e);
}

TEST(fdio_whole_reads_and_writes)
{
	/* a pipe hands data over in pieces: the loops must gather them */
	static char big[300000], back[300001];
	int fds[2];
	pid_t pid;

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)('a' + i % 23);
	T_ASSERT(pipe(fds) == 0);
	pid = fork();
	T_ASSERT(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		_exit(dd_write_full(fds[1], big, sizeof(big)) == 0 ? 0 : 1);
	}
	close(fds[1]);
	/* asks for one byte more than there is: the count read, short only at end of file */
	T_EQ_INT(dd_read_full(fds[0], back, sizeof(back)), (ssize_t)sizeof(big));
	T_EXPECT(memcmp(big, back, sizeof(big)) == 0);
	T_EQ_INT(dd_read_full(fds[0], back, 10), 0);
	close(fds[0]);
	T_EQ_INT(dd_read_full(-1, back, 1), -EBADF);
	T_EQ_INT(dd_write_full(-1, back, 1), -EBADF);
	T_EQ_INT(dd_pread_full(-1, back, 1, 0), -EBADF);
	{
		/* pread: at an offset, short only at end of file, the position untouched */
		int fd = memfd_create("pread", 0);

		T_ASSERT(fd >= 0 && dd_write_full(fd, "0123456789", 10) == 0);
		T_EQ_INT(lseek(fd, 2, SEEK_SET), 2);
		T_EQ_INT(dd_pread_full(fd, back, 4, 5), 4);
		T_EXPECT(memcmp(back, "5678", 4) == 0);
		T_EQ_INT(dd_pread_full(fd, back, 8, 7), 3);
		T_EQ_INT(lseek(fd, 0, SEEK_CUR), 2);
		close(fd);
	}
	{
		int st = 0;

		T_ASSERT(waitpid(pid, &st, 0) == pid);
		T_EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
}

TEST(parse_hexval)
{
	T_EQ_INT(dd_hexval('0'), 0);
	T_EQ_INT(dd_hexval('9'), 9);
	T_EQ_INT(dd_hexval('a'), 10);
	T_EQ_INT(dd_hexval('F'), 15);
	T_EQ_INT(dd_hexval('g'), -1);
	T_EQ_INT(dd_hexval(-61), -1);	/* a high byte as a signed char */
}
