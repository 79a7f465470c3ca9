/*
 * src/util/out.h: struct dd_out, an output stream with a sticky error that
 * writes either to stdout or atomically to a file: the data goes to a
 * temporary file beside the target and is renamed into place only by a
 * successful dd_out_close(), so a failed run never leaves a half-written
 * file (apk ostream style). An existing target that is not a regular file
 * (/dev/null, a FIFO) is written in place, never replaced.
 */
#ifndef DD_UTIL_OUT_H
#define DD_UTIL_OUT_H

#include <stddef.h>
#include <stdio.h>

#include "util/err.h"

struct dd_out;

/* Opens path ("-" or NULL for stdout). Returns 0 or -errno (message in e). */
int dd_out_open(struct dd_out **out, const char *path, struct dd_err *e);
/* The underlying stream (for jansson's json_dumpf and friends). */
FILE *dd_out_file(struct dd_out *o);
void dd_out_write(struct dd_out *o, const void *p, size_t n);
void dd_out_puts(struct dd_out *o, const char *s);
void dd_out_printf(struct dd_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Records an error (e.g. the producer failed); close will then discard. */
void dd_out_fail(struct dd_out *o, int code);
/*
 * Flushes and, for a file, renames the temporary into place. On any sticky
 * error the temporary is removed and the target left untouched. Frees o
 * (NULL is a no-op). Returns 0 or the first error.
 */
int dd_out_close(struct dd_out *o, struct dd_err *e);

/*
 * For writers that build a file beside path and rename it into place (the
 * database, exports): 0 when path is absent or a regular file, else
 * -DDE_USAGE with "PATH: not a regular file" (renaming over /dev/null or a
 * FIFO would replace the node itself).
 */
int dd_out_check_replaceable(const char *path, struct dd_err *e);

#endif
