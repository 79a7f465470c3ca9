/*
 * src/cmd/exit.h: the only table of drydock's exit codes, and the mapping
 * from error codes to them. Documented in README.md ("Exit codes").
 */
#ifndef DD_CMD_EXIT_H
#define DD_CMD_EXIT_H

enum dd_exit {
	DD_EXIT_OK = 0,		/* success */
	DD_EXIT_POLICY = 1,	/* policy failure: findings at or above --fail-on */
	DD_EXIT_INPUT = 2,	/* bad usage or bad input (image, file, option) */
	DD_EXIT_ENV = 3,	/* environment or internal error (I/O, network, DB missing) */
};

/* Maps a negative error code (-DDE_* or -errno) to an exit code. */
int dd_exit_from_err(int code);

#endif
