/*
 * src/util/zipread.h: a reader for the plain zip archives advisory feeds
 * publish (OSV's per-ecosystem all.zip: thousands of small deflated JSON
 * files). It reads the central directory once, then each entry's data in
 * file order through a window of large reads, and inflates with libdeflate
 * straight into the caller's buffer (about twice zlib's speed, no copy).
 * Only what such archives use is taken: stored and deflated entries, no
 * encryption, zip64 sizes and counts, one disk, every entry's data its own
 * (entries sharing or overlapping data, a way to inflate the same bytes
 * many times over, are refused). Anything else is
 * -DDE_UNSUPPORTED from dd_zip_open, and the caller reads the archive with
 * libarchive instead. Every offset and size is checked against the file;
 * an entry's data must inflate to exactly its recorded size and CRC-32.
 */
#ifndef DD_UTIL_ZIPREAD_H
#define DD_UTIL_ZIPREAD_H

#include <stdint.h>

#include "util/err.h"

#define DD_ZIP_MAX_ENTRIES (16u << 20)		/* central directory records */
#define DD_ZIP_MAX_CDIR (1024u << 20)		/* bytes of the central directory */

struct dd_zip;

/*
 * Opens path and reads its central directory. -DDE_UNSUPPORTED when the
 * archive is not one this reader takes (not a zip, split, encrypted, a
 * method other than stored or deflate...): read it another way. Else 0,
 * or -errno.
 */
int dd_zip_open(struct dd_zip **out, const char *path, struct dd_err *e);
/* The same on an open file (path names it in messages); the zip owns fd, even on failure. */
int dd_zip_open_fd(struct dd_zip **out, int fd, const char *path, struct dd_err *e);
void dd_zip_close(struct dd_zip *z);

/*
 * Moves to the next regular-file entry (directories and symbolic links are
 * passed over), in the order of the data in the file: 1 with its name and
 * uncompressed size, 0 at the end.
 */
int dd_zip_next(struct dd_zip *z, const char **name, uint64_t *size);

/*
 * Reads the current entry into buf, which holds at least its size + 1
 * bytes (a NUL is written after the data). 0, -DDE_FORMAT (data outside
 * the file, corrupt deflate stream, wrong size or CRC: e names the entry
 * and its offset) or -errno.
 */
int dd_zip_read(struct dd_zip *z, char *buf, struct dd_err *e);

#endif
