/*
 * src/util/log.h: diagnostics on stderr. Warnings are printed unless
 * --quiet; debug lines (with elapsed time) only with --debug. Phases time a
 * stretch of work: dd_phase_begin("read image") ... dd_phase_end().
 * Only these functions and src/cmd/ write to the terminal.
 */
#ifndef DD_UTIL_LOG_H
#define DD_UTIL_LOG_H

#include <stdbool.h>

struct dd_log_opts {
	bool quiet;
	bool debug;
	bool color;		/* stderr is a TTY and NO_COLOR is unset */
};

extern struct dd_log_opts dd_log;

/* Sets the options and the start time for elapsed-time stamps. */
void dd_log_init(bool quiet, bool debug);
void dd_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void dd_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Always printed (even with --quiet): "drydock: error: ..." */
void dd_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Phase timing for --debug; phases do not nest. */
void dd_phase_begin(const char *name);
void dd_phase_end(void);
/* Seconds since dd_log_init, monotonic. */
double dd_log_elapsed(void);
/* True when colors may be used on the given stream (TTY, NO_COLOR unset). */
bool dd_color_ok(int fd);

#endif
