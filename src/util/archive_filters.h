/*
 * src/util/archive_filters.h: the one list of compression filters drydock
 * asks libarchive for (gzip, bzip2, xz, zstd). Naming them instead of
 * archive_read_support_filter_all/format_all keeps the rarely used readers
 * (xar pulls in libxml2 and ICU, the external-program filters) out of the
 * statically linked release binary, which is most of its start-up time
 * (docs/HACKING.md "Linking").
 */
#ifndef DD_UTIL_ARCHIVE_FILTERS_H
#define DD_UTIL_ARCHIVE_FILTERS_H

struct archive;

/* Enables gzip, bzip2, xz and zstd decompression on a reader. */
void dd_archive_read_filters(struct archive *a);

#endif
