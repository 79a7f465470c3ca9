/*
 * src/util/err.c: error codes to text, and the dd_err message chain.
 */
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *dd_strerror(int code)
{
	if (code < 0)
		code = -code;
	switch (code) {
#define DD_X(name, num, text) case num: return text;
		DD_ERROR_TABLE(DD_X)
#undef DD_X
	case 0:
		return "success";
	default:
		return strerror(code);
	}
}

int dd_err_set(struct dd_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (!e || e->code)
		return code;
	e->code = code;
	dd_buf_reset(&e->msg);
	va_start(ap, fmt);
	(void)dd_buf_vaddf(&e->msg, fmt, ap);
	va_end(ap);
	return code;
}

int dd_err_sys(struct dd_err *e, int code, const char *what)
{
	return dd_err_set(e, code, "%s: %s", what, dd_strerror(code));
}

int dd_err_wrap(struct dd_err *e, const char *fmt, ...)
{
	struct dd_buf ctx = DD_BUF_INIT;
	va_list ap;

	if (!e)
		return 0;
	va_start(ap, fmt);
	(void)dd_buf_vaddf(&ctx, fmt, ap);
	va_end(ap);
	(void)dd_buf_adds(&ctx, ": ");
	if (!e->msg.len)
		(void)dd_buf_adds(&e->msg, dd_strerror(e->code));
	(void)dd_buf_prepend(&e->msg, ctx.buf, ctx.len);
	dd_buf_release(&ctx);
	return e->code;
}

void dd_err_release(struct dd_err *e)
{
	dd_buf_release(&e->msg);
	e->code = 0;
}

const char *dd_err_msg(const struct dd_err *e)
{
	if (e->msg.len)
		return e->msg.buf;
	return dd_strerror(e->code);
}
