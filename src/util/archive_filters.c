/*
 * src/util/archive_filters.c: the compression filters drydock reads
 * (see archive_filters.h).
 */
#include <archive.h>

#include "util/archive_filters.h"

void dd_archive_read_filters(struct archive *a)
{
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_zstd(a);
}
