/*
 * src/cmd/version.c: "drydock version compare|satisfies|valid": compares
 * versions, checks them against ranges and validates them by an
 * ecosystem's rules (src/version/). "compare --batch" streams TAB-separated
 * pairs from standard input in constant memory.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "util/log.h"
#include "version/version.h"

#define BATCH_LINE_MAX 65536	/* longer input lines are reported as '!' */
#define BATCH_MAX_WARNINGS 100

static int parse_eco(struct dd_ctx *ctx, const char *name, enum dd_eco *eco)
{
	if (dd_eco_parse(name, eco) == 0)
		return 0;
	return dd_cmd_usage_error(ctx, "unknown ecosystem '%s'; known: %s", name,
				  dd_eco_known_names());
}

static char cmp_char(int c)
{
	return c < 0 ? '<' : c > 0 ? '>' : '=';
}

static void batch_bad(unsigned long long lineno, unsigned long *nbad, const char *fmt, const char *a)
{
	(*nbad)++;
	if (*nbad <= BATCH_MAX_WARNINGS)
		dd_warn("stdin:%llu: %s%s", lineno, fmt, a);
	else if (*nbad == BATCH_MAX_WARNINGS + 1)
		dd_warn("stdin: further invalid lines are not reported");
}

/*
 * Reads lines "A<TAB>B" and writes one of < = > ! per line (compare), or
 * lines "VERSION<TAB>RANGE" and writes in, out or ! (satisfies).
 */
static int batch(enum dd_eco eco, bool satisfies)
{
	static char line[BATCH_LINE_MAX + 2];
	unsigned long long lineno = 0;
	unsigned long nbad = 0;
	size_t len = 0;
	bool overlong = false;
	int ch;

	for (;;) {
		ch = getchar_unlocked();
		if (ch != '\n' && ch != EOF) {
			if (len < BATCH_LINE_MAX)
				line[len++] = (char)ch;
			else
				overlong = true;
			continue;
		}
		if (ch == EOF && len == 0 && !overlong)
			break;
		lineno++;
		if (len > 0 && line[len - 1] == '\r')
			len--;
		if (overlong) {
			batch_bad(lineno, &nbad, "line longer than 65536 bytes", "");
			putchar_unlocked('!');
		} else {
			char *tab = memchr(line, '\t', len);
			int c = 0;

			if (!tab) {
				batch_bad(lineno, &nbad, "no TAB between the two versions", "");
				putchar_unlocked('!');
			} else if (satisfies) {
				struct dd_err e = DD_ERR_INIT;
				bool in = false;

				if (dd_version_satisfies(eco, dd_slice_of(line, (size_t)(tab - line)),
							 dd_slice_of(tab + 1, len - (size_t)(tab + 1 - line)),
							 &in, &e) < 0) {
					batch_bad(lineno, &nbad, "", dd_err_msg(&e));
					putchar_unlocked('!');
				} else {
					fputs_unlocked(in ? "in" : "out", stdout);
				}
				dd_err_release(&e);
			} else if (dd_version_compare(eco, dd_slice_of(line, (size_t)(tab - line)),
						      dd_slice_of(tab + 1, len - (size_t)(tab + 1 - line)),
						      &c) < 0) {
				batch_bad(lineno, &nbad, "invalid version for ", dd_eco_name(eco));
				putchar_unlocked('!');
			} else {
				putchar_unlocked(cmp_char(c));
			}
		}
		putchar_unlocked('\n');
		len = 0;
		overlong = false;
		if (ch == EOF)
			break;
	}
	if (ferror(stdin)) {
		dd_error("reading standard input failed");
		return DD_EXIT_ENV;
	}
	if (fflush(stdout) != 0) {
		dd_error("writing standard output failed");
		return DD_EXIT_ENV;
	}
	return nbad ? DD_EXIT_INPUT : DD_EXIT_OK;
}

static int invalid(enum dd_eco eco, const char *v)
{
	dd_error("invalid %s version '%s'", dd_eco_name(eco), v);
	return DD_EXIT_INPUT;
}

static int run(struct dd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "batch", no_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	bool want_batch = false;
	const char *sub;
	enum dd_eco eco;
	int c, n;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			want_batch = true;
			break;
		default:
			return dd_cmd_usage_error(ctx, "unknown option '%s'", argv[optind - 1]);
		}
	}
	n = argc - optind;
	if (n < 1)
		return dd_cmd_usage_error(ctx, "missing subcommand (compare, satisfies or valid)");
	sub = argv[optind];
	if (strcmp(sub, "compare") != 0 && strcmp(sub, "satisfies") != 0 && strcmp(sub, "valid") != 0)
		return dd_cmd_usage_error(ctx, "unknown subcommand '%s'", sub);
	if (n < 2)
		return dd_cmd_usage_error(ctx, "missing ECOSYSTEM");
	if (parse_eco(ctx, argv[optind + 1], &eco) != 0)
		return DD_EXIT_INPUT;
	if (want_batch && strcmp(sub, "valid") == 0)
		return dd_cmd_usage_error(ctx, "--batch goes with 'compare' and 'satisfies'");
	if (strcmp(sub, "compare") == 0) {
		int r = 0;

		if (want_batch) {
			if (n != 2)
				return dd_cmd_usage_error(ctx, "compare --batch takes no versions");
			return batch(eco, false);
		}
		if (n != 4)
			return dd_cmd_usage_error(ctx, "compare needs ECOSYSTEM A B");
		if (!dd_version_valid(eco, dd_slice_str(argv[optind + 2])))
			return invalid(eco, argv[optind + 2]);
		if (dd_version_compare(eco, dd_slice_str(argv[optind + 2]),
				       dd_slice_str(argv[optind + 3]), &r) < 0)
			return invalid(eco, argv[optind + 3]);
		printf("%c\n", cmp_char(r));
		return DD_EXIT_OK;
	}
	if (strcmp(sub, "valid") == 0) {
		if (n != 3)
			return dd_cmd_usage_error(ctx, "valid needs ECOSYSTEM VERSION");
		puts(dd_version_valid(eco, dd_slice_str(argv[optind + 2])) ? "valid" : "invalid");
		return DD_EXIT_OK;
	} else {
		struct dd_err e = DD_ERR_INIT;
		bool in = false;
		int rc;

		if (want_batch) {
			if (n != 2)
				return dd_cmd_usage_error(ctx, "satisfies --batch takes no version or range");
			return batch(eco, true);
		}
		if (n != 4)
			return dd_cmd_usage_error(ctx, "satisfies needs ECOSYSTEM VERSION RANGE");
		if (dd_version_satisfies(eco, dd_slice_str(argv[optind + 2]),
					 dd_slice_str(argv[optind + 3]), &in, &e) < 0) {
			rc = dd_cmd_fail(&e);
			dd_err_release(&e);
			return rc;
		}
		puts(in ? "in" : "out");
		return DD_EXIT_OK;
	}
}

const struct dd_cmd dd_cmd_version = {
	"version", "compare and check versions by an ecosystem's rules",
	"usage: drydock version compare ECOSYSTEM A B\n"
	"       drydock version compare ECOSYSTEM --batch < PAIRS\n"
	"       drydock version satisfies ECOSYSTEM VERSION RANGE\n"
	"       drydock version satisfies ECOSYSTEM --batch < VERSION-RANGE-PAIRS\n"
	"       drydock version valid ECOSYSTEM VERSION\n"
	"\n"
	"Compares versions the way ECOSYSTEM's own tools do.\n"
	"\n"
	"  compare     prints <, = or > (A compared with B)\n"
	"  --batch     reads lines \"A<TAB>B\" from standard input and writes one line per\n"
	"              input line: <, =, >, or ! when either side is invalid (a warning\n"
	"              names the line); exit 2 if any line was invalid\n"
	"  satisfies   prints in or out: is VERSION inside RANGE, in the ecosystem's range\n"
	"              syntax (npm ranges, PEP 440 specifiers, RubyGems requirements, Maven\n"
	"              ranges, Composer constraints; elsewhere a comparison list such as\n"
	"              \">= 1.0, < 2.0\", with || between alternatives)\n"
	"              with --batch: reads lines \"VERSION<TAB>RANGE\", writes in, out or !\n"
	"  valid       prints valid or invalid\n"
	"\n"
	"ECOSYSTEM (any case): dpkg (debian, ubuntu), apk (alpine), rpm (redhat, rocky,\n"
	"almalinux, fedora, ...), npm, PyPI, Go, crates.io, Maven, RubyGems, NuGet,\n"
	"Packagist (composer), generic.\n"
	"Put \"--\" before versions that begin with '-'.\n"
	"\n"
	"Examples:\n"
	"  drydock version compare debian 1:2.0~rc1-1 1:2.0-1        # <\n"
	"  drydock version satisfies npm 1.2.3 '^1.0.0 || ^2.0.0'    # in\n"
	"  drydock version satisfies PyPI 2.0.1 '>=2.0,!=2.0.1'      # out\n"
	"  drydock version valid Go v1.2.3-pre+meta                  # valid\n",
	run,
};
