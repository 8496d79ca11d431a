/* fuzz_common.c - a private empty project folder for the targets, so that
 * includes and paths in fuzzed YAML can never reach real files. */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char folder[64];
static char report[96];
static path_policy policy;
static int ready;

static void
cleanup(void)
{
	path_policy_free(&policy);
	char marker[128];
	snprintf(marker, sizeof(marker), "%s/.carec-project", folder);
	remove(marker);
	rmdir(folder);
}

void
fuzz_setup(void)
{
	if (ready)
		return;
	snprintf(folder, sizeof(folder), "%s", "/tmp/carec-fuzz-XXXXXX");
	if (!mkdtemp(folder))
		abort();
	char marker[128];
	snprintf(marker, sizeof(marker), "%s/.carec-project", folder);
	FILE *f = fopen(marker, "w");
	if (f)
		fclose(f);
	snprintf(report, sizeof(report), "%s/fuzz.yaml", folder);
	if (path_policy_init(&policy, report) != 0)
		abort();
	atexit(cleanup);
	ready = 1;
}

const char *
fuzz_report_name(void)
{
	return report;
}

const path_policy *
fuzz_policy(void)
{
	return &policy;
}
