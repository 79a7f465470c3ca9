/*
 * src/inventory/rpm.c: the rpm collector: var/lib/rpm/rpmdb.sqlite (SQLite),
 * Packages (Berkeley DB hash) and Packages.db (NDB).
 *  - SQLite: the database is opened from memory (sqlite3_deserialize,
 *    read-only) and each row of the Packages table is a header blob, turned
 *    into a Header by librpm's headerImport (which validates it).
 *  - Berkeley DB: librpm's bdb_ro backend needs the file on disk, so the copy
 *    is written into a private temporary directory (bounded in size), opened
 *    read-only with a private _dbpath and _db_backend, and removed afterwards.
 *    librpm's error messages are captured and turned into warnings naming the
 *    file.
 *  - NDB: parsed here (Debian's librpm has no NDB backend), each blob checked
 *    (magics, length, adler32) and turned into a Header by headerImport.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "inventory/collect.h"
#include "inventory/rpm_lib.h"
#include "util/buf.h"
#include "util/fdio.h"
#include "util/log.h"
#include "util/xalloc.h"

#define RPM_MAX_DB ((size_t)512 << 20)
#define RPM_MAX_PKGS 100000

/* librpm's functions, loaded by dd_rpm_parse_db before any other use. */
static const struct dd_rpmlib *rpm;

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* Backend and on-disk file name for a database file name; NULL if unknown. */
static const char *backend_of(const char *base, const char **file)
{
	if (strcmp(base, "rpmdb.sqlite") == 0) {
		*file = "rpmdb.sqlite";
		return "sqlite";
	}
	if (strcmp(base, "Packages.db") == 0) {
		*file = "Packages.db";
		return "ndb";
	}
	if (strcmp(base, "Packages") == 0) {
		*file = "Packages";
		return "bdb_ro";
	}
	return NULL;
}

struct logcap {
	struct dd_pkgdb_warn *w;
	size_t n;
};

static int log_cb(rpmlogRec rec, rpmlogCallbackData data)
{
	struct logcap *lc = data;
	const char *m = rpm->rpmlogRecMessage(rec);
	size_t n = m ? strlen(m) : 0;

	/* warnings are about missing index files next to a lone Packages file */
	if (rpm->rpmlogRecPriority(rec) > RPMLOG_ERR || !n)
		return 0;
	while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
		n--;
	lc->n++;
	dd_pkgdb_warn(lc->w, 0, "rpm: %.*s", (int)n, m);
	return 0;
}

static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d) {
		while ((de = readdir(d))) {
			char p[4096];

			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			if ((size_t)snprintf(p, sizeof(p), "%s/%s", dir, de->d_name) < sizeof(p))
				unlink(p);
		}
		closedir(d);
	}
	rmdir(dir);
}

static char *hstr(Header h, rpmTagVal tag)
{
	const char *s = rpm->headerGetString(h, tag);

	if (!s || !*s || strlen(s) > 4096)
		return NULL;
	return dd_xstrdup(s);
}

/* "bash-4.2.46-34.el7.src.rpm" -> name "bash", "4.2.46-34.el7". */
static void split_srpm(const char *srpm, char **name, char **vr)
{
	size_t n = strlen(srpm);
	const char *r, *v;
	char *s;

	*name = *vr = NULL;
	if (n > 8 && strcmp(srpm + n - 8, ".src.rpm") == 0)
		n -= 8;
	else if (n > 10 && strcmp(srpm + n - 10, ".nosrc.rpm") == 0)
		n -= 10;
	else
		return;
	s = dd_xstrndup(srpm, n);
	r = strrchr(s, '-');
	if (r) {
		v = r;
		while (v > s && v[-1] != '-')
			v--;
		if (v > s + 1) {
			*name = dd_xstrndup(s, (size_t)(v - 1 - s));
			*vr = dd_xstrdup(v);
		}
	}
	free(s);
}

static void add_header(struct dd_inventory *inv, Header h, const char *path)
{
	const char *name = rpm->headerGetString(h, RPMTAG_NAME);
	const char *ver = rpm->headerGetString(h, RPMTAG_VERSION);
	const char *rel = rpm->headerGetString(h, RPMTAG_RELEASE);
	const char *srpm = rpm->headerGetString(h, RPMTAG_SOURCERPM);
	struct dd_pkg *p;
	int epoch = -1;

	if (!name || !ver || !*name || !*ver || strcmp(name, "gpg-pubkey") == 0)
		return;
	if (strlen(name) > 256 || strlen(ver) > 256 || (rel && strlen(rel) > 256))
		return;
	if (rpm->headerIsEntry(h, RPMTAG_EPOCH)) {
		uint64_t e = rpm->headerGetNumber(h, RPMTAG_EPOCH);

		epoch = e > 1000000000 ? -1 : (int)e;
	}
	p = dd_inventory_add(inv);
	p->eco = DD_ECO_RPM;
	p->name = dd_xstrdup(name);
	p->epoch = epoch;
	if (epoch > 0)
		p->version = rel && *rel ? dd_xasprintf("%d:%s-%s", epoch, ver, rel)
					 : dd_xasprintf("%d:%s", epoch, ver);
	else
		p->version = rel && *rel ? dd_xasprintf("%s-%s", ver, rel) : dd_xstrdup(ver);
	p->arch = hstr(h, RPMTAG_ARCH);
	p->license = hstr(h, RPMTAG_LICENSE);
	p->maintainer = hstr(h, RPMTAG_VENDOR);
	p->modularity = hstr(h, RPMTAG_MODULARITYLABEL);
	if (srpm && strlen(srpm) < 4096) {
		char *sn = NULL, *svr = NULL;

		split_srpm(srpm, &sn, &svr);
		if (sn && strcmp(sn, p->name) != 0)
			p->src_name = sn;
		else
			free(sn);
		if (svr) {
			char *full = epoch > 0 ? dd_xasprintf("%d:%s", epoch, svr) : dd_xstrdup(svr);

			if (strcmp(full, p->version) != 0)
				p->src_version = full;
			else
				free(full);
		}
		free(svr);
	}
	p->found_in = dd_xstrdup(path);
}

#define RPM_MAX_HEADER (64u << 20)

static void read_sqlite(struct dd_inventory *inv, struct dd_slice data, const char *path,
			struct dd_pkgdb_warn *w)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	unsigned char *copy;
	size_t count = 0;
	int rc;

	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		dd_pkgdb_warn(w, 0, "sqlite: %s", db ? sqlite3_errmsg(db) : "out of memory");
		goto out;
	}
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	copy = sqlite3_malloc64(data.len);
	if (!copy)
		goto out;
	memcpy(copy, data.ptr, data.len);
	/* rpm keeps its database in WAL mode, which a memory database cannot
	 * open: mark the copy as a rollback-journal database (header bytes 18-19) */
	if (data.len >= 100 && copy[18] == 2 && copy[19] == 2)
		copy[18] = copy[19] = 1;
	rc = sqlite3_deserialize(db, "main", copy, (sqlite3_int64)data.len, (sqlite3_int64)data.len,
				 SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY);
	if (rc != SQLITE_OK) {
		dd_pkgdb_warn(w, 0, "sqlite: %s", sqlite3_errmsg(db));
		goto out;
	}
	if (sqlite3_prepare_v2(db, "SELECT hnum, blob FROM Packages", -1, &st, NULL) != SQLITE_OK) {
		dd_pkgdb_warn(w, 0, "not an rpm SQLite database: %s", sqlite3_errmsg(db));
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const void *blob = sqlite3_column_blob(st, 1);
		int n = sqlite3_column_bytes(st, 1);
		Header h;

		if (count++ >= RPM_MAX_PKGS) {
			dd_pkgdb_warn(w, 0, "more than %d packages, the rest ignored", RPM_MAX_PKGS);
			break;
		}
		if (!blob || n <= 0 || (unsigned)n > RPM_MAX_HEADER) {
			dd_pkgdb_warn(w, 0, "package #%lld: empty or oversized header, skipped",
				      (long long)sqlite3_column_int64(st, 0));
			continue;
		}
		h = rpm->headerImport((void *)blob, (unsigned)n, HEADERIMPORT_COPY);
		if (!h) {
			dd_pkgdb_warn(w, 0, "package #%lld: corrupt header, skipped",
				      (long long)sqlite3_column_int64(st, 0));
			continue;
		}
		add_header(inv, h, path);
		rpm->headerFree(h);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		dd_pkgdb_warn(w, 0, "sqlite: %s (after %zu packages)", sqlite3_errmsg(db), count);
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* ---- NDB (SUSE): rpm's own format, read directly ----------------------------
 * Little-endian. A 32-byte header ("RpmP", version 0, generation, number of
 * 4096-byte slot pages, next package index) shares page 0 with 16-byte slots
 * ("Slot", package index, block offset, block count; offset 0 = free). A
 * blob sits at offset*16: "BlbS", package index, timestamp, length, the
 * header blob, zero padding, then adler32 (of everything before it in the
 * blocks), length, "BlbE".
 */
#define NDB_PAGE 4096u
#define NDB_BLK 16u
#define NDB_MAX_PAGES 4096u

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t adler32(const unsigned char *p, size_t n)
{
	uint32_t a = 1, b = 0;

	while (n) {
		size_t k = n > 5552 ? 5552 : n;

		n -= k;
		while (k--) {
			a += *p++;
			b += a;
		}
		a %= 65521;
		b %= 65521;
	}
	return (b << 16) | a;
}

static void read_ndb(struct dd_inventory *inv, struct dd_slice data, const char *path,
		     struct dd_pkgdb_warn *w)
{
	const unsigned char *d = (const unsigned char *)data.ptr;
	uint64_t fileblks = data.len / NDB_BLK, minblk;
	uint32_t npages, page, o;
	size_t count = 0;

	if (data.len < 32 || memcmp(d, "RpmP", 4) != 0) {
		dd_pkgdb_warn(w, 0, "not an rpm NDB database (no RpmP magic)");
		return;
	}
	if (le32(d + 4) != 0) {
		dd_pkgdb_warn(w, 0, "NDB version %u not supported", le32(d + 4));
		return;
	}
	npages = le32(d + 12);
	if (!npages || npages > NDB_MAX_PAGES || (uint64_t)npages * NDB_PAGE > data.len) {
		dd_pkgdb_warn(w, 0, "offset 12: bad slot page count %u", npages);
		return;
	}
	minblk = (uint64_t)npages * (NDB_PAGE / NDB_BLK);
	for (page = 0; page < npages; page++) {
		for (o = page ? 0 : 32; o < NDB_PAGE; o += 16) {
			const unsigned char *s = d + (size_t)page * NDB_PAGE + o;
			uint64_t off, cnt, len, need;
			uint32_t idx, blkoff, blkcnt;
			const unsigned char *b;
			Header h;

			if (memcmp(s, "Slot", 4) != 0) {
				dd_pkgdb_warn(w, 0, "offset %zu: bad slot, the rest ignored",
					      (size_t)page * NDB_PAGE + o);
				return;
			}
			idx = le32(s + 4);
			blkoff = le32(s + 8);
			blkcnt = le32(s + 12);
			if (!blkoff)
				continue;
			off = (uint64_t)blkoff * NDB_BLK;
			cnt = (uint64_t)blkcnt * NDB_BLK;
			if (!idx || blkcnt < 2 || blkoff < minblk || (uint64_t)blkoff + blkcnt > fileblks) {
				dd_pkgdb_warn(w, 0, "offset %zu: slot points outside the file, skipped",
					      (size_t)page * NDB_PAGE + o);
				continue;
			}
			b = d + off;
			len = le32(b + 12);
			need = (16 + len + 12 + NDB_BLK - 1) / NDB_BLK * NDB_BLK;
			if (memcmp(b, "BlbS", 4) != 0 || le32(b + 4) != idx || need != cnt ||
			    memcmp(b + cnt - 4, "BlbE", 4) != 0 || le32(b + cnt - 8) != len) {
				dd_pkgdb_warn(w, 0, "offset %llu: bad blob for package #%u, skipped",
					      (unsigned long long)off, idx);
				continue;
			}
			if (le32(b + cnt - 12) != adler32(b, (size_t)cnt - 12)) {
				dd_pkgdb_warn(w, 0, "offset %llu: blob checksum mismatch, skipped",
					      (unsigned long long)off);
				continue;
			}
			if (len > RPM_MAX_HEADER || count++ >= RPM_MAX_PKGS) {
				dd_pkgdb_warn(w, 0, "offset %llu: too large or too many, the rest ignored",
					      (unsigned long long)off);
				return;
			}
			h = rpm->headerImport((void *)(b + 16), (unsigned)len, HEADERIMPORT_COPY);
			if (!h) {
				dd_pkgdb_warn(w, 0, "offset %llu: corrupt header, skipped",
					      (unsigned long long)off);
				continue;
			}
			add_header(inv, h, path);
			rpm->headerFree(h);
		}
	}
}

int dd_rpm_parse_db(struct dd_inventory *inv, struct dd_slice data, const char *path)
{
	static int configured;
	struct dd_pkgdb_warn w = { inv, path, 0 };
	struct logcap lc = { &w, 0 };
	const char *file = NULL, *backend = backend_of(base_name(path), &file);
	const char *tmp = getenv("TMPDIR"), *why = NULL;
	char dir[4096], dbfile[4200];
	rpmlogCallback old_cb;
	rpmlogCallbackData old_data = NULL;
	rpmdbMatchIterator mi = NULL;
	rpmts ts = NULL;
	Header h;
	size_t count = 0;
	int fd, r = 0;

	if (!backend) {
		dd_pkgdb_warn(&w, 0, "not an rpm database name");
		return 0;
	}
	if (data.len > RPM_MAX_DB) {
		dd_pkgdb_warn(&w, 0, "database larger than %zu MiB, skipped", RPM_MAX_DB >> 20);
		return 0;
	}
	if (!data.len) {
		dd_pkgdb_warn(&w, 0, "empty database");
		return 0;
	}
	if (!(rpm = dd_rpmlib(&why))) {
		dd_pkgdb_warn(&w, 0, "%s", why);
		return 0;
	}
	if (strcmp(backend, "sqlite") == 0) {
		read_sqlite(inv, data, path, &w);
		return 0;
	}
	if (strcmp(backend, "ndb") == 0) {
		read_ndb(inv, data, path, &w);
		return 0;
	}
	if ((size_t)snprintf(dir, sizeof(dir), "%s/drydock-rpm.XXXXXX",
			     tmp && *tmp ? tmp : "/tmp") >= sizeof(dir) || !mkdtemp(dir)) {
		dd_pkgdb_warn(&w, 0, "cannot make a temporary directory: %s", strerror(errno));
		return 0;
	}
	snprintf(dbfile, sizeof(dbfile), "%s/%s", dir, file);
	fd = open(dbfile, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || dd_write_full(fd, data.ptr, data.len) < 0) {
		dd_pkgdb_warn(&w, 0, "cannot write a temporary copy: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	close(fd);
	if (!configured) {
		if (rpm->rpmReadConfigFiles(NULL, NULL) != 0) {
			dd_pkgdb_warn(&w, 0, "librpm configuration could not be read");
			goto out;
		}
		configured = 1;
	}
	old_cb = rpm->rpmlogSetCallback(log_cb, &lc);
	(void)old_data;
	rpm->rpmPushMacro(NULL, "_dbpath", NULL, dir, RMIL_CMDLINE);
	rpm->rpmPushMacro(NULL, "_db_backend", NULL, backend, RMIL_CMDLINE);
	ts = rpm->rpmtsCreate();
	rpm->rpmtsSetRootDir(ts, "/");
	rpm->rpmtsSetVSFlags(ts, _RPMVSF_NOSIGNATURES | _RPMVSF_NODIGESTS);
	mi = rpm->rpmtsInitIterator(ts, RPMDBI_PACKAGES, NULL, 0);
	if (!mi) {
		if (!lc.n)
			dd_pkgdb_warn(&w, 0, "not a readable %s rpm database", backend);
	} else {
		while ((h = rpm->rpmdbNextIterator(mi))) {
			if (count++ >= RPM_MAX_PKGS) {
				dd_pkgdb_warn(&w, 0, "more than %d packages, the rest ignored",
					      RPM_MAX_PKGS);
				break;
			}
			add_header(inv, h, path);
		}
	}
	rpm->rpmdbFreeIterator(mi);
	rpm->rpmtsCloseDB(ts);
	rpm->rpmtsFree(ts);
	rpm->rpmPopMacro(NULL, "_db_backend");
	rpm->rpmPopMacro(NULL, "_dbpath");
	rpm->rpmlogSetCallback(old_cb, NULL);
out:
	remove_dir(dir);
	return r;
}

/* ---- the collector -------------------------------------------------------- */

/*
 * Each database file is read into a private inventory; the finish step keeps
 * one of them (SQLite before Berkeley DB, then path order): images often show
 * the same database twice (var/lib/rpm -> usr/lib/sysimage/rpm) or keep a
 * stale Packages next to rpmdb.sqlite.
 */
struct rpm_db {
	char *path;
	int rank;
	struct dd_inventory *inv;
};

struct rpm_state {
	struct dd_want want;
	struct dd_inventory *inv;
	struct rpm_db *dbs;
	size_t n_dbs;
};

static const char *const rpm_globs[] = {
	"var/lib/rpm/rpmdb.sqlite", "var/lib/rpm/Packages", "var/lib/rpm/Packages.db",
	"usr/lib/sysimage/rpm/rpmdb.sqlite", "usr/lib/sysimage/rpm/Packages",
	"usr/lib/sysimage/rpm/Packages.db", NULL
};

static int rpm_file(void *arg, const struct dd_file *f, struct dd_err *e)
{
	struct rpm_state *st = arg;
	const char *file = NULL, *backend = backend_of(base_name(f->path), &file);
	struct rpm_db *db;

	st->dbs = dd_xrealloc(st->dbs, (st->n_dbs + 1) * sizeof(*st->dbs));
	db = &st->dbs[st->n_dbs++];
	db->path = dd_xstrdup(f->path);
	db->rank = backend && strcmp(backend, "sqlite") == 0 ? 0 : strcmp(backend ? backend : "", "ndb") == 0 ? 1 : 2;
	dd_inventory_new(&db->inv);
	dd_rpm_parse_db(db->inv, f->data, f->path);
	dd_collect_attribute(db->inv, 0, f, dd_rpm_parse_db);
	st->inv->n_warnings += db->inv->n_warnings;
	return 0;
}

static int rpm_finish(void *arg, struct dd_collect *c, struct dd_err *e)
{
	struct rpm_state *st = arg;
	struct rpm_db *best = NULL;
	size_t i;

	for (i = 0; i < st->n_dbs; i++)
		if (st->dbs[i].inv->n_pkgs && (!best || st->dbs[i].rank < best->rank))
			best = &st->dbs[i];
	if (!best)
		return 0;
	for (i = 0; i < st->n_dbs; i++)
		if (&st->dbs[i] != best && st->dbs[i].inv->n_pkgs)
			dd_debug("rpm: %s ignored, %s read instead", st->dbs[i].path, best->path);
	for (i = 0; i < best->inv->n_pkgs; i++) {
		struct dd_pkg *p = dd_inventory_add(st->inv);

		*p = best->inv->pkgs[i];	/* the strings move over */
	}
	best->inv->n_pkgs = 0;
	return 0;
}

static void rpm_release(void *arg)
{
	struct rpm_state *st = arg;
	size_t i;

	for (i = 0; i < st->n_dbs; i++) {
		free(st->dbs[i].path);
		dd_inventory_free(st->dbs[i].inv);
	}
	free(st->dbs);
}

void dd_collect_rpm(struct dd_collect *c)
{
	struct rpm_state *st = dd_collect_state(c, sizeof(*st), rpm_finish, rpm_release);

	st->inv = dd_collect_inv(c);
	st->want.name = "rpm";
	st->want.globs = rpm_globs;
	st->want.max_size = RPM_MAX_DB;
	st->want.want_versions = true;
	st->want.fn = rpm_file;
	st->want.arg = st;
	dd_fsview_want(dd_collect_view(c), &st->want);
}
