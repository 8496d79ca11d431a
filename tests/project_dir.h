/*
 * project_dir.h - a scratch project folder for tests that load reports:
 * a temporary folder marked with .carec-project (so that paths in it pass
 * the path policy), a report path in it, and the policy for that report.
 *
 *   project_dir pd;
 *   if (project_dir_open(&pd, "release", "release.yaml") != 0) return 1;
 *   ... load with &pd.policy, name the report pd.report ...
 *   project_dir_close(&pd);
 *
 * Files the test writes in pd.folder must be removed by the test first.
 */
#ifndef CAREC_TESTS_PROJECT_DIR_H
#define CAREC_TESTS_PROJECT_DIR_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "util/paths.h"

typedef struct project_dir {
	char folder[64];
	char report[128];
	path_policy policy;
} project_dir;

static void
project_dir_marker(const project_dir *pd, char *buf, size_t n)
{
	snprintf(buf, n, "%s/.carec-project", pd->folder);
}

static int
project_dir_open(project_dir *pd, const char *tag, const char *report)
{
	snprintf(pd->folder, sizeof(pd->folder), "/tmp/carec-%s-XXXXXX", tag);
	if (!mkdtemp(pd->folder))
		return -1;
	char marker[128];
	project_dir_marker(pd, marker, sizeof(marker));
	FILE *f = fopen(marker, "w");
	if (f)
		fclose(f);
	snprintf(pd->report, sizeof(pd->report), "%s/%s", pd->folder, report);
	return path_policy_init(&pd->policy, pd->report);
}

static void
project_dir_close(project_dir *pd)
{
	path_policy_free(&pd->policy);
	char marker[128];
	project_dir_marker(pd, marker, sizeof(marker));
	remove(marker);
	rmdir(pd->folder);
}

#endif
