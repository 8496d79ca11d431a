/* fuzz_common.c - a private project folder for the targets, so that
 * includes and paths in fuzzed YAML can never reach real files. It holds
 * two files a report may include as items of its content list (read
 * item by item when streamed): ch.yaml, a list with an anchor, an alias
 * and an include of one.yaml, a single block. */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char folder[64];
static char report[96];
static path_policy policy;
static int ready;

static const char *const files[][2] = {
	{".carec-project", ""},
	{"ch.yaml", "- heading: Chapter\n- paragraph: &p Said once.\n"
	            "- include: one.yaml\n- quote: *p\n"},
	{"one.yaml", "paragraph: One block.\n"},
};

static void
cleanup(void)
{
	path_policy_free(&policy);
	char path[128];
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", folder, files[i][0]);
		remove(path);
	}
	remove(report); /* written by the pipeline target */
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
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[128];
		snprintf(path, sizeof(path), "%s/%s", folder, files[i][0]);
		FILE *f = fopen(path, "w");
		if (f) {
			fputs(files[i][1], f);
			fclose(f);
		}
	}
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
