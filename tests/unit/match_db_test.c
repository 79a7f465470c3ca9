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

#include <jansson.h>

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

/*
 * RPM distributions from Trivy's fixture DB (trivy-fixtures/db): each
 * family's namespace (Amazon Linux AMI 2018.03 is amazon:1, Photon and
 * CBL-Mariner keep major.minor, Oracle Linux's ID "ol" is oracle), binary
 * packages found through their source rpm (photon curl-libs from curl), rpm
 * epochs (alma openssl-libs 1:1.1.1k-4.el8 < 1:1.1.1k-5.el8_5; an explicit
 * 0: epoch on a fix is the same as none and is not shown).
 */
TEST(match_rpm_families_trivy_fixtures)
{
	static const struct feed_path feeds[] = {
		{ "trivy", ADV "trivy-fixtures/db/amazon.yaml" },
		{ "trivy", ADV "trivy-fixtures/db/photon.yaml" },
		{ "trivy", ADV "trivy-fixtures/db/mariner.yaml" },
		{ "trivy", ADV "trivy-fixtures/db/oracle.yaml" },
		{ "trivy", ADV "trivy-fixtures/db/almalinux.yaml" },
		{ NULL, NULL },
	};
	static const struct {
		const char *family, *version, *pkg, *ver, *src, *id, *fixed;
	} cases[] = {
		/* amazon.yaml: amazon linux 1 curl CVE-2019-5481 fixed 7.61.1-12.93.amzn1 */
		{ "amzn", "2018.03", "curl", "7.61.1-11.91.amzn1", NULL, "CVE-2019-5481", "7.61.1-12.93.amzn1" },
		/* amazon linux 2 curl CVE-2019-5436 fixed 7.61.1-11.amzn2.0.2 */
		{ "amzn", "2", "curl", "7.61.1-9.amzn2.0.1", NULL, "CVE-2019-5436", "7.61.1-11.amzn2.0.2" },
		/* Photon OS 3.0 curl CVE-2019-5481 fixed 7.61.1-5.ph3, curl-libs via its source */
		{ "photon", "3.0", "curl-libs", "7.61.1-4.ph3", "curl", "CVE-2019-5481", "7.61.1-5.ph3" },
		/* CBL-Mariner 1.0 vim CVE-2022-0158 fixed 0:8.2.4082-1.cm1 */
		{ "mariner", "1.0", "vim", "8.2.4081-1.cm1", NULL, "CVE-2022-0158", "8.2.4082-1.cm1" },
		/* CVE-2022-0261 listed without a value: affected, no fix */
		{ "mariner", "1.0", "vim", "8.2.4081-1.cm1", NULL, "CVE-2022-0261", NULL },
		/* Oracle Linux 8 curl CVE-2019-3823 fixed 7.61.1-11.el8 */
		{ "ol", "8.0", "curl", "7.61.1-8.el8", NULL, "CVE-2019-3823", "7.61.1-11.el8" },
		/* alma 8 openssl-libs CVE-2021-3712 fixed 1:1.1.1k-5.el8_5 */
		{ "almalinux", "8.5", "openssl-libs", "1:1.1.1k-4.el8", "openssl", "CVE-2021-3712",
		  "1:1.1.1k-5.el8_5" },
	};
	char path[256];
	struct dd_vulndb *db = build_db(path, sizeof(path), feeds);
	struct dd_err e = DD_ERR_INIT;
	size_t i;

	T_ASSERT(db);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dd_inventory *inv = NULL;
		struct dd_findings f;
		const struct dd_finding *x;

		dd_inventory_new(&inv);
		os(inv, cases[i].family, cases[i].version, NULL);
		pkg(inv, DD_ECO_RPM, cases[i].pkg, cases[i].ver, cases[i].src, NULL);
		dd_findings_init(&f);
		T_ASSERT(dd_match_inventory(db, inv, NULL, &f, &e) == 0);
		T_EQ_INT(f.n_nc, 0);
		x = find(&f, cases[i].id, cases[i].pkg);
		T_ASSERT(x);
		if (cases[i].fixed)
			T_EQ_STR(x->fixed, cases[i].fixed);
		else
			T_EXPECT(x->fixed == NULL && x->status == DD_STATUS_AFFECTED);
		dd_findings_release(&f);
		dd_inventory_free(inv);
	}
	/* the same package one epoch up is not affected: 1:1.1.1k-5.el8_5 installed */
	{
		struct dd_inventory *inv = NULL;
		struct dd_findings f;

		dd_inventory_new(&inv);
		os(inv, "almalinux", "8.5", NULL);
		pkg(inv, DD_ECO_RPM, "openssl-libs", "1:1.1.1k-5.el8_5", "openssl", NULL);
		/* without the epoch the version would compare below 1:1.1.1g-15.el8_3 */
		pkg(inv, DD_ECO_RPM, "openssl-libs", "1.1.1k-5.el8_5", "openssl", NULL);
		dd_findings_init(&f);
		T_ASSERT(dd_match_inventory(db, inv, NULL, &f, &e) == 0);
		T_EQ_INT(f.n, 2);	/* only the epoch-less one, for CVE-2021-3450 and -3712 */
		for (i = 0; i < f.n; i++)
			T_EQ_STR(f.v[i].installed, "1.1.1k-5.el8_5");
		dd_findings_release(&f);
		dd_inventory_free(inv);
	}
	dd_vulndb_close(db);
	unlink(path);
	dd_err_release(&e);
}

/*
 * RPM modularity. The fixture DB of Trivy carries no module streams; Red
 * Hat's own data does, as in Grype's fixture (vunnel record, rhel:8
 * CVE-2021-40438: httpd fixed in 0:2.4.37-39.module+el8.4.0+12865+a7065a39.1
 * for Module "httpd:2.4"). Its FixedIn entries are stored as an importer
 * does (docs/vulndb.md): a record with a module under the key
 * "<module:stream>::<package>". A package of that stream (MODULARITYLABEL
 * httpd:2.4:...) is judged by it; one of another stream or outside modules is
 * not; and a plain record for the same advisory does not override the
 * stream's.
 */
TEST(match_rpm_module_streams)
{
	const char *rec = t_shared_path(ADV "grype-fixtures/grype/matcher/rpm/testdata/alma8/rhel/"
					     "results/rhel@8/cve-2021-40438.json");
	json_error_t je;
	json_t *root = json_load_file(rec, 0, &je), *fixed, *x;
	char path[256], key[256];
	struct dd_store *st = NULL;
	struct dd_vulndb *db = NULL;
	struct dd_err e = DD_ERR_INIT;
	struct dd_affected a = { 0 };
	struct dd_inventory *inv = NULL;
	struct dd_findings f;
	const struct dd_finding *y;
	size_t i, n_mod = 0;
	int fd;

	T_ASSERT(root);
	fixed = json_object_get(json_object_get(json_object_get(root, "item"), "Vulnerability"), "FixedIn");
	T_ASSERT(json_array_size(fixed) >= 1);
	snprintf(path, sizeof(path), "/tmp/dd-match-test.XXXXXX");
	fd = mkstemp(path);
	T_ASSERT(fd >= 0);
	close(fd);
	unlink(path);
	T_ASSERT(dd_store_open(&st, path, &e) == 0);
	T_ASSERT(dd_store_begin(st, "rhel-fixture", "test", true, &e) == 0);
	a.advisory_id = "CVE-2021-40438";
	a.namespace = "rhel:8";
	a.status = DD_STATUS_FIXED;
	a.source = "test";
	json_array_foreach(fixed, i, x) {
		const char *mod = json_string_value(json_object_get(x, "Module"));
		const char *name = json_string_value(json_object_get(x, "Name"));

		T_ASSERT(name);
		if (mod && *mod) {
			snprintf(key, sizeof(key), "%s::%s", mod, name);
			n_mod++;
		} else {
			snprintf(key, sizeof(key), "%s", name);
		}
		a.package = key;
		a.fixed_version = json_string_value(json_object_get(x, "Version"));
		T_ASSERT(dd_store_affected(st, &a, &e) == 0);
	}
	T_EQ_INT(n_mod, 1);
	/* a non-modular httpd record for the same advisory, fixed later */
	a.package = "httpd";
	a.fixed_version = "2.4.37-99.el8";
	T_ASSERT(dd_store_affected(st, &a, &e) == 0);
	T_ASSERT(dd_store_end(st, true, &e) == 0);
	dd_store_close(st);
	T_ASSERT(dd_vulndb_open(&db, path, &e) == 0);

	dd_inventory_new(&inv);
	os(inv, "rhel", "8.4", NULL);
	pkg(inv, DD_ECO_RPM, "httpd", "2.4.37-30.module+el8.3.0+7001+0766b9e7", NULL, NULL)->modularity =
		dd_xstrdup("httpd:2.4:8030020200818000036:9edba152");
	pkg(inv, DD_ECO_RPM, "mod_ssl", "2.4.37-30.module+el8.3.0+7001+0766b9e7", "httpd", NULL)
		->modularity = dd_xstrdup("httpd:2.6:8030020200818000036:9edba152");
	pkg(inv, DD_ECO_RPM, "httpd-tools", "2.4.37-30.el8", "httpd", NULL);
	dd_findings_init(&f);
	T_ASSERT(dd_match_inventory(db, inv, NULL, &f, &e) == 0);
	y = find(&f, "CVE-2021-40438", "httpd");
	T_ASSERT(y);
	T_EQ_STR(y->fixed, "2.4.37-39.module+el8.4.0+12865+a7065a39.1");	/* the stream's fix, no 0: */
	T_EXPECT(strstr(y->reason, "httpd:2.4::httpd"));
	/* another stream: only the plain record applies, with its own fix */
	y = find(&f, "CVE-2021-40438", "mod_ssl");
	T_ASSERT(y);
	T_EQ_STR(y->fixed, "2.4.37-99.el8");
	/* outside modules: the plain record */
	y = find(&f, "CVE-2021-40438", "httpd-tools");
	T_ASSERT(y);
	T_EQ_STR(y->fixed, "2.4.37-99.el8");
	T_EQ_INT(f.n, 3);
	dd_findings_release(&f);
	dd_inventory_free(inv);
	dd_vulndb_close(db);
	unlink(path);
	json_decref(root);
	dd_err_release(&e);
}
