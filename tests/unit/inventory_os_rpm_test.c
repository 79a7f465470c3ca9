/*
 * tests/unit/inventory_os_rpm_test.c: the rpm database reader on Grype's
 * real Berkeley DB databases (CentOS, SLES), checked against `rpm -qa` on
 * the same file, and on a SQLite database made here with rpmbuild and
 * `rpm --justdb`; corrupt and truncated databases.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "t.h"
#include "inventory/collect.h"
#include "util/buf.h"
#include "util/log.h"

static const struct dd_pkg *find(const struct dd_inventory *inv, const char *name)
{
	size_t i;

	for (i = 0; i < inv->n_pkgs; i++)
		if (strcmp(inv->pkgs[i].name, name) == 0)
			return &inv->pkgs[i];
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *inv_lines(const struct dd_inventory *inv)
{
	struct dd_buf b = DD_BUF_INIT;
	char **l = calloc(inv->n_pkgs + 1, sizeof(*l));
	size_t i;

	for (i = 0; i < inv->n_pkgs; i++)
		if (asprintf(&l[i], "%s\t%s\t%s\n", inv->pkgs[i].name, inv->pkgs[i].version,
			     inv->pkgs[i].arch ? inv->pkgs[i].arch : "") < 0)
			abort();
	qsort(l, inv->n_pkgs, sizeof(*l), cmp_str);
	for (i = 0; i < inv->n_pkgs; i++) {
		dd_buf_adds(&b, l[i]);
		free(l[i]);
	}
	free(l);
	return dd_buf_detach(&b, NULL);
}

static char *run_lines(const char *cmd)
{
	struct dd_buf b = DD_BUF_INIT;
	char line[4096];
	FILE *p = popen(cmd, "r");

	while (p && fgets(line, sizeof(line), p))
		dd_buf_adds(&b, line);
	if (p)
		pclose(p);
	return dd_buf_detach(&b, NULL);
}

static void check_bdb(const char *rel, size_t min)
{
	const char *path = t_shared_path(rel);
	struct dd_inventory *inv;
	char *data, *mine, *ref, dir[512], cmd[2048];
	size_t len;

	data = t_read_file(path, &len);
	if (!data) {
		t_skip("shared test data missing");
		return;
	}
	dd_inventory_new(&inv);
	T_EQ_INT(dd_rpm_parse_db(inv, dd_slice_of(data, len), "var/lib/rpm/Packages"), 0);
	T_EXPECT(inv->n_pkgs >= min);
	T_EQ_INT(inv->n_warnings, 0);
	mine = inv_lines(inv);
	/* rpm needs a writable dbpath (lock file): query a copy */
	snprintf(dir, sizeof(dir), "/tmp/dd-rpmq.XXXXXX");
	T_ASSERT(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd),
		 "cp '%s' '%s/Packages' && rpm --define '_db_backend bdb_ro' --dbpath '%s' -qa --qf "
		 "'%%{NAME}\\t%%|EPOCH?{%%{EPOCH}:}:{}|%%{VERSION}-%%{RELEASE}\\t%%{ARCH}\\n' 2>/dev/null "
		 "| grep -v '^gpg-pubkey' | LC_ALL=C sort; rm -rf '%s'", path, dir, dir, dir);
	ref = run_lines(cmd);
	T_EXPECT(*ref);
	if (*ref && strcmp(mine, ref) != 0)
		t_fail(__FILE__, __LINE__, "%s: drydock:\n%s\nrpm:\n%s", rel, mine, ref);
	free(mine);
	free(ref);
	free(data);
	dd_inventory_free(inv);
}

TEST(rpm_bdb_centos_matches_rpm_qa)
{
	check_bdb("testdata/inputs/grype-match-coverage/image-centos-match-coverage/var/lib/rpm/Packages", 1);
}

TEST(rpm_bdb_sles_matches_rpm_qa)
{
	check_bdb("testdata/inputs/grype-match-coverage/image-sles-match-coverage/var/lib/rpm/Packages", 1);
}

/* Builds the SQLite fixture database into dir; false (test skipped) without rpmbuild. */
static char *make_sqlite_db(char *dir, size_t *len)
{
	char cmd[1024], path[600];

	if (system("command -v rpmbuild >/dev/null 2>&1") != 0) {
		t_skip("rpmbuild not installed");
		return NULL;
	}
	if (!mkdtemp(dir))
		return NULL;
	snprintf(cmd, sizeof(cmd), "%s %s >/dev/null 2>&1",
		 t_tests_path("fixtures/inventory/make-rpmdb.sh"), dir);
	if (system(cmd) != 0) {
		t_fail(__FILE__, __LINE__, "make-rpmdb.sh failed");
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/rpmdb.sqlite", dir);
	return t_read_file(path, len);
}

static void rm_dir(const char *dir)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		t_fail(__FILE__, __LINE__, "rm failed");
}

TEST(rpm_sqlite_made_with_rpm_tool)
{
	char dir[] = "/tmp/dd-rpmdb.XXXXXX";
	struct dd_inventory *inv;
	const struct dd_pkg *p;
	char *data;
	size_t len;

	data = make_sqlite_db(dir, &len);
	if (!data)
		return;
	dd_inventory_new(&inv);
	T_EQ_INT(dd_rpm_parse_db(inv, dd_slice_of(data, len), "var/lib/rpm/rpmdb.sqlite"), 0);
	T_EQ_INT(inv->n_pkgs, 2);
	T_EQ_INT(inv->n_warnings, 0);
	T_ASSERT((p = find(inv, "drydock-tiny")));
	T_EQ_INT(p->eco, DD_ECO_RPM);
	T_EQ_STR(p->version, "2:1.2.3-4.dd1");
	T_EQ_INT(p->epoch, 2);
	T_EQ_STR(p->arch, "noarch");
	T_EQ_STR(p->license, "MIT AND (Apache-2.0 OR BSD-3-Clause)");
	T_EQ_STR(p->maintainer, "drydock tests");
	T_EXPECT(p->src_name == NULL);	/* drydock-tiny-1.2.3-4.dd1.src.rpm */
	T_EXPECT(p->src_version == NULL);
	T_EQ_STR(p->found_in, "var/lib/rpm/rpmdb.sqlite");
	T_ASSERT((p = find(inv, "other-pkg")));
	T_EQ_STR(p->version, "0.9-1");
	T_EQ_INT(p->epoch, -1);
	T_EQ_STR(p->arch, "x86_64");
	dd_inventory_free(inv);

	/* a truncated copy: no crash, a warning, no temporary files left */
	{
		bool quiet = dd_log.quiet;

		dd_log.quiet = true;
		dd_inventory_new(&inv);
		T_EQ_INT(dd_rpm_parse_db(inv, dd_slice_of(data, len / 3), "var/lib/rpm/rpmdb.sqlite"), 0);
		T_EXPECT(inv->n_warnings >= 1 || inv->n_pkgs <= 2);
		dd_inventory_free(inv);
		dd_log.quiet = quiet;
	}
	free(data);
	rm_dir(dir);
}

TEST(rpm_garbage_is_a_warning)
{
	static const char junk[] = "this is not a database at all, just text\n";
	struct dd_inventory *inv;
	bool quiet = dd_log.quiet;

	dd_log.quiet = true;
	dd_inventory_new(&inv);
	T_EQ_INT(dd_rpm_parse_db(inv, dd_slice_str(junk), "var/lib/rpm/rpmdb.sqlite"), 0);
	T_EQ_INT(dd_rpm_parse_db(inv, dd_slice_str(junk), "var/lib/rpm/Packages"), 0);
	T_EQ_INT(inv->n_pkgs, 0);
	T_EXPECT(inv->n_warnings >= 2);
	dd_inventory_free(inv);
	dd_log.quiet = quiet;
}

static char *lines_of(struct dd_inventory *inv)
{
	return inv_lines(inv);
}

TEST(rpm_ndb_written_from_the_sqlite_database)
{
	char dir[] = "/tmp/dd-rpmndb.XXXXXX", cmd[1024], ndb[600];
	struct dd_inventory *a, *b;
	char *sq, *nd, *la, *lb;
	size_t sl, nl;
	bool quiet = dd_log.quiet;

	sq = make_sqlite_db(dir, &sl);
	if (!sq)
		return;
	snprintf(ndb, sizeof(ndb), "%s/Packages.db", dir);
	snprintf(cmd, sizeof(cmd), "python3 %s %s/rpmdb.sqlite %s",
		 t_tests_path("fixtures/inventory/sqlite-to-ndb.py"), dir, ndb);
	T_ASSERT(system(cmd) == 0);
	nd = t_read_file(ndb, &nl);
	T_ASSERT(nd);
	dd_inventory_new(&a);
	dd_inventory_new(&b);
	dd_rpm_parse_db(a, dd_slice_of(sq, sl), "var/lib/rpm/rpmdb.sqlite");
	dd_rpm_parse_db(b, dd_slice_of(nd, nl), "var/lib/rpm/Packages.db");
	T_EQ_INT(b->n_pkgs, 2);
	T_EQ_INT(b->n_warnings, 0);
	la = lines_of(a);
	lb = lines_of(b);
	T_EQ_STR(lb, la);
	free(la);
	free(lb);
	dd_inventory_free(b);

	/* a flipped byte in the first blob: that package is skipped, the other kept */
	dd_log.quiet = true;
	nd[4096 + 40] ^= 0x55;
	dd_inventory_new(&b);
	dd_rpm_parse_db(b, dd_slice_of(nd, nl), "var/lib/rpm/Packages.db");
	T_EQ_INT(b->n_pkgs, 1);
	T_EQ_INT(b->n_warnings, 1);
	dd_inventory_free(b);
	/* truncated: slots point past the end */
	dd_inventory_new(&b);
	dd_rpm_parse_db(b, dd_slice_of(nd, 4096 + 64), "var/lib/rpm/Packages.db");
	T_EQ_INT(b->n_pkgs, 0);
	T_EXPECT(b->n_warnings >= 1);
	dd_inventory_free(b);
	dd_log.quiet = quiet;

	dd_inventory_free(a);
	free(sq);
	free(nd);
	rm_dir(dir);
}
