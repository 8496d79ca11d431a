/*
 * paths.h - which files a report may read: path confinement.
 *
 * Any stage that resolves a path written in YAML (includes, fonts,
 * images, SVGs) checks it here. By default a report reads only regular
 * files inside its project folder: the nearest folder, from the report's
 * own folder upwards, that holds a file named ".carec-project" (or the
 * report's own folder if there is none). A path written as absolute, or
 * one that leaves the project folder (through ".." or a symbolic link),
 * is refused unless it lies inside a folder given with --allow-path.
 */
#ifndef CAREC_UTIL_PATHS_H
#define CAREC_UTIL_PATHS_H

#include <stddef.h>

#include "util/diag.h"

#define PATHS_MARKER ".carec-project"

typedef struct path_policy {
	char *root;       /* real path of the project folder */
	char **allowed;   /* real paths of --allow-path folders */
	size_t nallowed;
} path_policy;

typedef enum path_verdict {
	PATH_OK,
	PATH_MISSING,   /* does not exist: the caller reports it as missing */
	PATH_ABSOLUTE,  /* written as an absolute path, not in an allowed folder */
	PATH_OUTSIDE,   /* resolves outside the project and allowed folders */
	PATH_NOT_FILE   /* a folder, device, pipe or socket */
} path_verdict;

/* Set up the policy for the report at report_path. Return 0, or -1 with
 * errno set when the report's folder cannot be resolved. */
int path_policy_init(path_policy *p, const char *report_path);

/* Also allow reading inside dir. Return 0, or -1 with errno set when dir
 * is not an existing folder. */
int path_policy_allow(path_policy *p, const char *dir);

void path_policy_free(path_policy *p);

/* May the file `resolved` be read? `written` is the path as the YAML
 * gives it (to tell an absolute path from a relative one). A NULL policy
 * allows everything that exists and is a regular file. */
path_verdict path_check(const path_policy *p, const char *written,
                        const char *resolved);

/* Add the diagnostic for a refused path (any verdict but PATH_OK and
 * PATH_MISSING) at pos, with a note on how to fix it. what names the
 * kind of file ("font", "included file", "image"). */
void path_report(diag_list *d, diag_code code, src_pos pos,
                 path_verdict v, const char *written, const char *what);

#endif
