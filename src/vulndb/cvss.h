/*
 * src/vulndb/cvss.h: CVSS helpers for the importers and advisory lookups:
 * the base score of a CVSS v3.0/v3.1 vector (FIRST's specification
 * formula) and the severity band of a score.
 */
#ifndef DD_VULNDB_CVSS_H
#define DD_VULNDB_CVSS_H

/* Base score 0.0-10.0 of a "CVSS:3.x/AV:../..." vector; -1 when not a valid v3 vector. */
double dd_cvss3_score(const char *vector);
/* "CRITICAL" (>= 9), "HIGH" (>= 7), "MEDIUM" (>= 4), "LOW" (> 0), "NONE" (0); NULL when < 0. */
const char *dd_cvss_severity(double score);

#endif
