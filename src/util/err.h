/*
 * src/util/err.h: drydock's error codes and struct dd_err, the one carrier of
 * error messages between modules.
 *
 * Functions return 0 on success or a negative code: -errno for system
 * errors, -DDE_* for drydock's own (>= 1024, never colliding with errno).
 * The message is set once where the error is detected (dd_err_set); callers
 * only prepend context such as the layer or file (dd_err_wrap). Success
 * leaves a dd_err untouched, so calls chain.
 */
#ifndef DD_UTIL_ERR_H
#define DD_UTIL_ERR_H

#include "util/buf.h"

#define DD_ERROR_TABLE(X) \
	X(DDE_FORMAT,      1024, "malformed input") \
	X(DDE_LIMIT,       1025, "size or depth limit exceeded") \
	X(DDE_NOTFOUND,    1026, "not found") \
	X(DDE_VERIFY,      1027, "digest mismatch") \
	X(DDE_USAGE,       1028, "bad usage") \
	X(DDE_UNSUPPORTED, 1029, "unsupported") \
	X(DDE_ESCAPE,      1030, "path escapes the image root") \
	X(DDE_LOOP,        1031, "symbolic link loop") \
	X(DDE_DB,          1032, "database error") \
	X(DDE_NETWORK,     1033, "network error") \
	X(DDE_SCHEMA,      1034, "incompatible database schema") \
	X(DDE_INTERNAL,    1035, "internal error")

enum dd_errcode {
#define DD_X(name, num, text) name = num,
	DD_ERROR_TABLE(DD_X)
#undef DD_X
};

struct dd_err {
	int code;		/* 0, -DDE_* or -errno */
	struct dd_buf msg;	/* "layer 3 (sha256:ab12..): var/lib/dpkg/status:41: ..." */
};

#define DD_ERR_INIT { 0, DD_BUF_INIT }

/* Returns a static description of code (negative or positive accepted). */
const char *dd_strerror(int code);

/*
 * Records the root cause unless one is already recorded; returns code
 * (which must be negative). fmt describes the problem; no "failed to".
 */
int dd_err_set(struct dd_err *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Like dd_err_set with the message "<what>: strerror(-code)". */
int dd_err_sys(struct dd_err *e, int code, const char *what);
/* Prepends "<context>: " to the message; returns e->code. */
int dd_err_wrap(struct dd_err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees the message and clears the code. */
void dd_err_release(struct dd_err *e);
/* The message, never NULL (falls back to dd_strerror(code)). */
const char *dd_err_msg(const struct dd_err *e);

#endif
