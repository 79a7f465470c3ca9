/*
 * fuzz/os_release_fuzz.c: libFuzzer target for the OS release file parsers
 * (os-release, lsb-release, debian_version, alpine-release, *-release) and
 * for purl parsing of the same bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/collect.h"
#include "inventory/purl.h"
#include "util/log.h"

static void os_clear(struct dd_os *os)
{
	free(os->family);
	free(os->version_id);
	free(os->codename);
	free(os->pretty_name);
	free(os->id_like);
	memset(os, 0, sizeof(*os));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "etc/lsb-release", "etc/debian_version",
					     "etc/alpine-release", "etc/redhat-release" };
	struct dd_os os = { 0 };
	struct dd_purl p;
	size_t i;
	char *s;

	dd_log.quiet = true;
	dd_os_parse_release(&os, dd_slice_of(data, size), "etc/os-release", true);
	dd_os_parse_release(&os, dd_slice_of(data, size), "etc/os-release", false);
	os_clear(&os);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		dd_os_parse_other(&os, dd_slice_of(data, size), names[i]);
		os_clear(&os);
	}
	s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	if (dd_purl_parse(&p, s) == 0)
		dd_purl_release(&p);
	free(s);
	return 0;
}
