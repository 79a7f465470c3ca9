/*
 * src/vulndb/cvss.c: CVSS v3 base score computation (the formula of the
 * CVSS v3.1 specification, section 7.1, with its Roundup function) and
 * severity bands.
 */
#include "vulndb/cvss.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static double roundup(double x)
{
	long long i = llround(x * 100000.0);

	if (i % 10000 == 0)
		return (double)i / 100000.0;
	return (floor((double)i / 10000.0) + 1.0) / 10.0;
}

/* Value of metric m ("AV") in vector v: the letter after "/AV:"; 0 when absent. */
static char metric(const char *v, const char *m)
{
	char key[8];
	const char *p;
	size_t n;

	n = (size_t)snprintf(key, sizeof(key), "/%s:", m);
	p = strstr(v, key);
	if (!p || !p[n])
		return 0;
	if (p[n + 1] != '\0' && p[n + 1] != '/')
		return 0;
	return p[n];
}

static double cia(char c, bool *ok)
{
	switch (c) {
	case 'H': return 0.56;
	case 'L': return 0.22;
	case 'N': return 0;
	default: *ok = false; return 0;
	}
}

double dd_cvss3_score(const char *v)
{
	double av, ac, pr, ui, c, i, a, iss, impact, expl;
	bool ok = true, changed;
	char s;

	if (!v || (strncmp(v, "CVSS:3.0/", 9) != 0 && strncmp(v, "CVSS:3.1/", 9) != 0))
		return -1;
	s = metric(v, "S");
	if (s != 'U' && s != 'C')
		return -1;
	changed = s == 'C';
	switch (metric(v, "AV")) {
	case 'N': av = 0.85; break;
	case 'A': av = 0.62; break;
	case 'L': av = 0.55; break;
	case 'P': av = 0.2; break;
	default: return -1;
	}
	switch (metric(v, "AC")) {
	case 'L': ac = 0.77; break;
	case 'H': ac = 0.44; break;
	default: return -1;
	}
	switch (metric(v, "PR")) {
	case 'N': pr = 0.85; break;
	case 'L': pr = changed ? 0.68 : 0.62; break;
	case 'H': pr = changed ? 0.5 : 0.27; break;
	default: return -1;
	}
	switch (metric(v, "UI")) {
	case 'N': ui = 0.85; break;
	case 'R': ui = 0.62; break;
	default: return -1;
	}
	c = cia(metric(v, "C"), &ok);
	i = cia(metric(v, "I"), &ok);
	a = cia(metric(v, "A"), &ok);
	if (!ok)
		return -1;
	iss = 1 - (1 - c) * (1 - i) * (1 - a);
	if (changed)
		impact = 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15);
	else
		impact = 6.42 * iss;
	expl = 8.22 * av * ac * pr * ui;
	if (impact <= 0)
		return 0;
	if (changed)
		return roundup(fmin(1.08 * (impact + expl), 10));
	return roundup(fmin(impact + expl, 10));
}

const char *dd_cvss_severity(double s)
{
	if (s < 0)
		return NULL;
	if (s >= 9.0)
		return "CRITICAL";
	if (s >= 7.0)
		return "HIGH";
	if (s >= 4.0)
		return "MEDIUM";
	if (s > 0)
		return "LOW";
	return "NONE";
}
