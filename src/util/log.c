/*
 * src/util/log.c: warnings, errors, debug lines and phase timing on stderr.
 */
#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

struct dd_log_opts dd_log;

static struct timespec start;
static const char *phase_name;
static double phase_start;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool dd_color_ok(int fd)
{
	const char *nc = getenv("NO_COLOR");

	if (nc && *nc)
		return false;
	return isatty(fd) == 1;
}

void dd_log_init(bool quiet, bool debug)
{
	clock_gettime(CLOCK_MONOTONIC, &start);
	dd_log.quiet = quiet;
	dd_log.debug = debug;
	dd_log.color = dd_color_ok(2);
}

double dd_log_elapsed(void)
{
	return now() - ((double)start.tv_sec + (double)start.tv_nsec / 1e9);
}

__attribute__((format(printf, 3, 0)))
static void vlog(const char *tag, const char *color, const char *fmt, va_list ap)
{
	if (dd_log.color)
		fprintf(stderr, "drydock: %s%s\033[0m: ", color, tag);
	else
		fprintf(stderr, "drydock: %s: ", tag);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void dd_warn(const char *fmt, ...)
{
	va_list ap;

	if (dd_log.quiet)
		return;
	va_start(ap, fmt);
	vlog("warning", "\033[33m", fmt, ap);
	va_end(ap);
}

void dd_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("error", "\033[31m", fmt, ap);
	va_end(ap);
}

void dd_debug(const char *fmt, ...)
{
	va_list ap;

	if (!dd_log.debug)
		return;
	fprintf(stderr, "drydock: [%8.3fs] ", dd_log_elapsed());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void dd_phase_begin(const char *name)
{
	if (phase_name)
		dd_phase_end();
	phase_name = name;
	phase_start = now();
	dd_debug("phase %s: start", name);
}

void dd_phase_end(void)
{
	if (!phase_name)
		return;
	dd_debug("phase %s: %.3fs", phase_name, now() - phase_start);
	phase_name = NULL;
}
