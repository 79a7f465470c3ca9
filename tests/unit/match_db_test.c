/*
 * tests/unit/match_db_test.c: dd_match_inventory against a real SQLite
 * database built with the real importers from the real advisory data in
 * ../shared/testdata/advisories: Debian (tracker CVE/DSA lists: source
 * package + source version, fixed and deferred records), Alpine secdb
 * (origin against fixed versions), PyPI OSV ranges; "not covered" entries;
 * and the --explain trail including why a package was not matched.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "t.h"
#include "inventory/inventory.h"
#include "match/match.h"
#include "util/xalloc.h"
#include "vulndb/import.h"
#include "vulndb/store.h"
#include "vulndb/vulndb.h"

#define ADV "testdata/advisories/"

struct feed_path {
	const char *feed, *rel;
};

/* Builds a database from (feed, path) pairs under ../shared and opens it; NULL on error. */
static struct dd_vulndb *build_db(char *path, size_t n, const struct feed_path *fp)
{
	struct dd_err e = DD_ERR_INIT;
	struct dd_store *st = NULL;
	struct dd_vulndb *db = NULL;
	int fd, r = 0;

	snprintf(path, n, "/tmp/dd-match-test.XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	close(fd);
	unlink(path);
	if (dd_store_open(&st, path, &e) < 0)
		goto out;
	for (; fp->feed && r == 0; fp++) {
		struct dd_import im;
		const struct dd_feed *f = dd_feed_find(fp->feed);
		char name[64];

		if (!f) {
			r = -1;
			break;
		}
		snprintf(name, sizeof(name), "%s-%p", fp->feed, (const void *)fp);
		dd_import_init(&im, st, name);
		r = dd_store_begin(st, name, f->name, true, &e);
		if (r == 0)
			r = dd_import_path(&im, f, t_shared_path(fp->rel), &e);
		if (r == 0)
			r = dd_store_end(st, true, &e);
		dd_import_release(&im);
	}
	dd_store_close(st);
	if (r == 0 && dd_vulndb_open(&db, path, &e) < 0)
		db = NULL;
out:
	if (e.code)
		fprintf(stderr, "# build_db: %s\n", dd_err_msg(&e));
	dd_err_release(&e);
	return db;
}

static struct dd_pkg *pkg(struct dd_inventory *inv, enum dd_eco eco, const char *name, const char *version,
			  const char *src, const char *src_version)
{
	struct dd_pkg *p = dd_inventory_add(inv);

	p->eco = eco;
	p->name = dd_xstrdup(name);
	p->version = dd_xstrdup(version);
	p->src_name = src ? dd_xstrdup(src) : NULL;
	p->src_version = src_version ? dd_xstrdup(src_version) : NULL;
	return p;
}

static void os(struct dd_inventory *inv, const char *family, const char *version_id, const char *codename)
{
	inv->os.family = dd_xstrdup(family);
	inv->os.version_id = version_id ? dd_xstrdup(version_id) : NULL;
	inv->os.codename = codename ? dd_xstrdup(codename) : NULL;
}

static const struct dd_finding *find(const struct dd_findings *f, const char *id, const char *name)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->v[i].id, id) == 0 && strcmp(f->v[i].pkg_name, name) == 0)
			return &f->v[i];
	return NULL;
}

static size_t count_pkg(const struct dd_findings *f, const char *name)
{
	size_t i, n = 0;

	for (i = 0; i < f->n; i++)
		n += strcmp(f->v[i].pkg_name, name) == 0;
	return n;
}

static const struct feed_path debian_feeds[] = {
	{ "debian", ADV "debian-security-tracker/data/DSA/list" },
	{ "debian", ADV "format-samples-vuln-list-update/debian/tracker/testdata/happy/data" },
	{ NULL, NULL },
};

TEST(match_debian_source_package_and_version)
{
	char path[256];
	struct dd_vulndb *db = build_db(path, sizeof(path), debian_feeds);
	struct dd_inventory *inv = NULL;
	struct dd_findings f;
	struct dd_err e = DD_ERR_INIT;
	const struct dd_finding *x;

	T_ASSERT(db);
	dd_inventory_new(&inv);
	os(inv, "debian", "11", "bullseye");
	/* binary libssl1.1 from source openssl: matched by the source name */
	pkg(inv, DD_ECO_DPKG, "libssl1.1", "1.1.1n-0+deb11u3", "openssl", NULL);
	/* binNMU: the binary version differs, the source version is compared */
	pkg(inv, DD_ECO_DPKG, "putty-tools", "0.74-1+b2", "putty", "0.74-1");
	/* fully patched openssl: nothing */
	pkg(inv, DD_ECO_DPKG, "openssl", "1.1.1n-0+deb11u4", NULL, NULL);
	dd_findings_init(&f);
	T_ASSERT(dd_match_inventory(db, inv, NULL, &f, &e) == 0);

	x = find(&f, "DSA-5343-1", "libssl1.1");
	T_ASSERT(x);
	T_EQ_STR(x->fixed, "1.1.1n-0+deb11u4");
	T_EQ_STR(x->installed, "1.1.1n-0+deb11u3");
	T_EQ_STR(x->src_name, "openssl");
	T_EQ_INT(x->status, DD_STATUS_FIXED);
	T_EXPECT(strstr(x->reason, "debian:11 openssl: installed 1.1.1n-0+deb11u3 < fixed 1.1.1n-0+deb11u4"));
	T_EQ_STR(x->target, "debian 11 (OS packages)");
	T_EXPECT(!find(&f, "DSA-5169-1", "libssl1.1"));	/* fixed in deb11u3 = installed */
	T_EQ_INT(count_pkg(&f, "openssl"), 0);

	/* bullseye: putty <no-dsa> -> deferred, no fix, severity from the urgency (low) */
	x = find(&f, "CVE-2021-36367", "putty-tools");
	T_ASSERT(x);
	T_EQ_INT(x->status, DD_STATUS_DEFERRED);
	T_EXPECT(x->fixed == NULL);
	T_EQ_INT(x->severity, DD_SEV_LOW);
	T_EQ_STR(x->installed, "0.74-1+b2");
	dd_findings_release(&f);
	dd_inventory_free(inv);

	/* bookworm: foot fixed in 1.13.1-2+deb12u1 */
	dd_inventory_new(&inv);
	os(inv, "debian", "12", "bookworm");
	pkg(inv, DD_ECO_DPKG, "foot", "1.13.1-2", NULL, NULL);
	pkg(inv, DD_ECO_DPKG, "foot-terminfo", "1.13.1-2+deb12u1", "foot", NULL);
	dd_findings_init(&f);
	T_ASSERT(dd_match_inventory(db, inv, NULL, &f, &e) == 0);
	x = find(&f, "CVE-2023-XXXX", "foot");
	T_ASSERT(x);
	T_EQ_STR(x->fixed, "1.13.1-2+deb12u1");
	T_EQ_INT(count_pkg(&f, "foot-terminfo"), 0);
	T_EQ_INT(f.n_nc, 0);
	dd_findings_release(&f);
	dd_inventory_free(inv);

	dd_vulndb_close(db);
	unlink(path);
	dd_err_release(&e);
}

TEST(match_not_covered_reasons)
{
	char path[256];
	struct dd_vulndb *db = build_db(path, sizeof(path), debian_feeds);
	struct dd_inventory *inv = NULL;
	struct dd_findings f;
	struct dd_err e = DD_ERR_INIT;
	size_t i;

	T_ASSERT(db);
	dd_inventory_new(&inv);
	os(inv, "debian", "14", "forky");	/* no data imported for debian:14 */
	pkg(inv, DD_ECO_DPKG, "openssl", "3.5.1-1", NULL, NULL);
	pkg(inv, DD_ECO_NPM, "lodash", "4.17.15", NULL, NULL)->found_in = dd_xstrdup("app/package-lock.json");
	pkg(inv, DD_ECO_GENERIC, "mystery", "1.0", NULL, NULL);
	dd_findings_init(&f);
	T_ASSERT(dd_match_inventory(db, inv, NULL, &f, &e) == 0);
	T_EQ_INT(f.n, 0);
	T_EQ_INT(f.n_nc, 3);
	for (i = 0; i < f.n_nc; i++) {
		if (strcmp(f.nc[i].pkg_name, "openssl") == 0)
			T_EXPECT(strstr(f.nc[i].reason, "no vulnerability data for debian:14"));
		else if (strcmp(f.nc[i].pkg_name, "lodash") == 0) {
			T_EXPECT(strstr(f.nc[i].reason, "no vulnerability data for ecosystem npm"));
			T_EQ_STR(f.nc[i].target, "app/package-lock.json");
		} else
			T_EXPECT(strstr(f.nc[i].reason, "ecosystem has no vulnerability data"));
	}
	dd_findings_release(&f);
	dd_inventory_free(inv);

	/* a distribution with no namespace at all */
	dd_inventory_new(&inv);
	os(inv, "gentoo", "2.14", NULL);
	pkg(inv, DD_ECO_RPM, "bash", "5.1-1", NULL, NULL);
	dd_findings_init(&f);
	T_ASSERT(dd_match_inventory(db, inv, NULL, &f, &e) == 0);
	T_EQ_INT(f.n_nc, 1);
	dd_findings_release(&f);
	dd_inventory_free(inv);
	dd_vulndb_close(db);
	unlink(path);
}

TEST(match_alpine_secdb_origin)
{
	static const struct feed_path feeds[] = {
		{ "alpine", ADV "alpine-secdb/v3.10" },
		{ NULL, NULL },
	};
	char path[256];
	struct dd_vulndb *db = build_db(path, sizeof(path), feeds);
	struct dd_inventory *inv = NULL;
	struct dd_findings f;
	struct dd_match_opts mo = { 0 };
	struct dd_err e = DD_ERR_INIT;
	const struct dd_finding *x;

	T_ASSERT(db);
	dd_inventory_new(&inv);
	os(inv, "alpine", "3.10.2", NULL);
	pkg(inv, DD_ECO_APK, "musl-utils", "1.1.22-r2", "musl", NULL);	/* origin musl */
	pkg(inv, DD_ECO_APK, "musl", "1.1.22-r3", NULL, NULL);
	dd_findings_init(&f);
	mo.apk_repositories = "http://dl-cdn.alpinelinux.org/alpine/v3.10/main\n";
	T_ASSERT(dd_match_inventory(db, inv, &mo, &f, &e) == 0);
	x = find(&f, "CVE-2019-14697", "musl-utils");
	T_ASSERT(x);
	T_EQ_STR(x->fixed, "1.1.22-r3");
	T_EQ_STR(x->src_name, "musl");
	T_EXPECT(!find(&f, "CVE-2016-8859", "musl-utils"));	/* fixed in 1.1.15-r4 */
	T_EQ_INT(count_pkg(&f, "musl"), 0);
	T_EQ_STR(f.os_family, "alpine");
	dd_findings_release(&f);
	dd_inventory_free(inv);
	dd_vulndb_close(db);
	unlink(path);
}

TEST(match_pypi_osv_and_explain)
{
	static const struct feed_path feeds[] = {
		{ "osv", ADV "pypa-advisory-database/vulns/jinja2" },
		{ NULL, NULL },
	};
	char path[256];
	struct dd_vulndb *db = build_db(path, sizeof(path), feeds);
	struct dd_inventory *inv = NULL;
	struct dd_findings f;
	struct dd_match_opts mo = { 0 };
	struct dd_buf trail = DD_BUF_INIT;
	struct dd_err e = DD_ERR_INIT;
	const struct dd_finding *x;
	struct dd_pkg *p;

	T_ASSERT(db);
	dd_inventory_new(&inv);
	p = pkg(inv, DD_ECO_PYPI, "jinja2", "2.10", NULL, NULL);
	p->found_in = dd_xstrdup("srv/requirements.txt");
	p = pkg(inv, DD_ECO_PYPI, "jinja2", "3.1.4", NULL, NULL);
	p->found_in = dd_xstrdup("usr/lib/python3/dist-packages/Jinja2-3.1.4.dist-info/METADATA");
	dd_findings_init(&f);
	mo.explain_id = "PYSEC-2019-217";
	mo.explain = &trail;
	T_ASSERT(dd_match_inventory(db, inv, &mo, &f, &e) == 0);
	x = find(&f, "PYSEC-2019-217", "jinja2");
	T_ASSERT(x);
	T_EQ_STR(x->installed, "2.10");
	T_EQ_STR(x->fixed, "2.10.1");
	T_EQ_STR(x->target, "srv/requirements.txt");
	T_EXPECT(strstr(x->reason, "introduced 0 <= 2.10"));
	T_EXPECT(x->aliases && x->n_aliases >= 1);
	/* the explain trail says why 3.1.4 was not matched */
	T_EXPECT(strstr(trail.buf, "PyPI jinja2 (srv/requirements.txt 2.10"));
	T_EXPECT(strstr(trail.buf, "MATCHED"));
	T_EXPECT(strstr(trail.buf, "NOT matched: 3.1.4 is outside every range"));
	dd_explain_outcome(&trail, &f, "PYSEC-2019-217");
	T_EXPECT(strstr(trail.buf, "REPORTED"));
	dd_buf_release(&trail);
	dd_findings_release(&f);
	dd_inventory_free(inv);
	dd_vulndb_close(db);
	unlink(path);
}
