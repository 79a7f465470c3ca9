/*
 * src/match/match_int.h: what the files of src/match/ share inside the
 * module: the copied advisory records of one lookup, the per-family rules
 * (debian.c, alpine.c, rpm.c, lang.c) and the --explain trail (explain.c).
 */
#ifndef DD_MATCH_MATCH_INT_H
#define DD_MATCH_MATCH_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "inventory/inventory.h"
#include "match/match.h"

/* An affected record copied out of a lookup (the lookup's are borrowed). */
struct dd_rec {
	char *id;
	char *ns;
	char *package;
	enum dd_status status;
	char *fixed;
	char *severity;
	char *range_type;
	struct dd_event *events;	size_t n_events;	/* versions are heap copies */
	char **versions;		size_t n_versions;
	char *source;
};

struct dd_recs {
	struct dd_rec *v;
	size_t n, cap;
};

/* Appends every record of (ns, package) from db to out. */
int dd_recs_lookup(struct dd_vulndb *db, const char *ns, const char *package, struct dd_recs *out,
		   struct dd_err *e);
void dd_recs_release(struct dd_recs *r);

/* The verdict of one rule on one advisory for one package. */
struct dd_verdict {
	bool vulnerable;
	enum dd_status status;	/* FIXED (a fix exists), AFFECTED, WONTFIX, DEFERRED, EOL */
	char *fixed;		/* lowest fix above the installed version, heap, or NULL */
	char *severity;		/* the record's own severity word (distro's), heap, or NULL */
	char *source;		/* the record's source feed */
	struct dd_buf reason;	/* one line */
};

/*
 * The distribution rule (Debian, Ubuntu, Alpine, RPM distros): a record
 * with a fixed version affects installed versions below it; affected,
 * will-not-fix, deferred and end-of-life records affect every version;
 * not-affected and needs-triage never. Records with OSV ranges are judged
 * as ranges with eco's comparator. A record saying the installed version
 * already has the fix wins over one saying affected. trail gets one line
 * per record (for --explain), may be NULL.
 */
void dd_rule_distro(enum dd_eco eco, const char *installed, const struct dd_rec *const *recs,
		    size_t n, struct dd_verdict *v, struct dd_buf *trail);
/*
 * The OSV rule (lang.c): the installed version is affected when it falls in
 * any range (events introduced / fixed / last_affected / limit, evaluated in
 * version order with eco's comparator) or equals one of the listed
 * versions. The fix is the lowest "fixed" event above the installed version
 * among the ranges that contain it.
 */
void dd_rule_osv(enum dd_eco eco, const char *installed, const struct dd_rec *const *recs, size_t n,
		 struct dd_verdict *v, struct dd_buf *trail);
void dd_verdict_release(struct dd_verdict *v);

/*
 * One GHSA-style constraint list (lang.c): comparators "<", "<=", ">",
 * ">=", "=", "==", "!=" each followed by a version, ANDed when separated
 * by "," or spaces (">= 1.0.0, < 1.2.3", ">=1.0.0 <1.2.3"), alternatives
 * joined by "||". Returns 1 when installed satisfies it, 0 when not, -1
 * when lv is not in this syntax (carets, tildes, x-ranges, Maven
 * intervals: the ecosystem's own range parser is tried then), is longer
 * than DD_GHSA_MAX_LEN, has more than DD_GHSA_MAX_COMPARATORS comparators
 * or a version longer than DD_GHSA_MAX_VERSION, or when a version cannot be
 * compared under eco.
 */
#define DD_GHSA_MAX_LEN 4096
#define DD_GHSA_MAX_COMPARATORS 64
#define DD_GHSA_MAX_VERSION 255
int dd_ghsa_constraint(enum dd_eco eco, const char *installed, const char *lv);

/* Namespaces of an OS (debian.c, alpine.c, rpm.c); 0, or -DDE_NOTFOUND when unknown. */
int dd_ns_for_debian(const struct dd_os *os, char *out, size_t n);
int dd_ns_for_ubuntu(const struct dd_os *os, char *out, size_t n);
int dd_ns_for_alpine(const struct dd_os *os, char *out, size_t n);
int dd_ns_for_rpm(const struct dd_os *os, char *out, size_t n);
/*
 * Warns (dd_warn) for each line of /etc/apk/repositories that names an
 * Alpine branch other than the OS's (e.g. v3.18 on 3.19, or edge).
 * Returns the number of such lines.
 */
size_t dd_alpine_check_repositories(const struct dd_os *os, const char *repositories);

/* The version compared for a package under eco (Debian: source version; Go: without "v"). */
const char *dd_match_installed(const struct dd_pkg *p);

#endif
