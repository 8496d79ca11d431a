/*
 * paths.h - which files a report may read: path confinement.
 *
 * Any stage that reads a file named in YAML (includes, fonts, images,
 * SVGs, logos) opens it here, with path_open, and reads the descriptor it
 * gets. By default a report reads only regular files inside its project
 * folder: the nearest folder, from the report's own folder upwards, that
 * holds a file named ".carec-project" (or the report's own folder if
 * there is none). A path written as absolute, or one that leaves the
 * project folder (through ".." or a symbolic link), is refused unless it
 * lies inside a folder given with --allow-path. The program's own data
 * folder (util/datadir.h: the installed fonts, themes and logo) is always
 * allowed so. A path that cannot be followed to its end is refused too,
 * never judged by its text.
 */
#ifndef CAREC_UTIL_PATHS_H
#define CAREC_UTIL_PATHS_H

#include <stddef.h>

#include "util/diag.h"

#define PATHS_MARKER ".carec-project"

/* Told of a file the report reads or looks for (watch and serve rebuild
 * when one changes): path as path_open and path_check were given it.
 * Called from any thread that opens files (the layout's worker too). */
typedef void (*path_note_fn)(void *ctx, const char *path);

typedef struct path_policy {
	char *root;       /* real path of the project folder */
	char **allowed;   /* real paths of --allow-path folders (and first
	                   * the data folder, when there is one) */
	size_t nallowed, capallowed;
	char *cwd;        /* real path of the current folder */
	path_note_fn note; /* NULL, or told of every path path_open or
	                    * path_check allows or finds missing: the one
	                    * place that knows every file a build reads
	                    * (bar the report itself and the bundled fonts,
	                    * which are opened without a policy) */
	void *note_ctx;
} path_policy;

typedef enum path_verdict {
	PATH_OK,
	PATH_MISSING,   /* inside, but cannot be opened (errno says why: most
	                 * often ENOENT): the caller reports it as missing */
	PATH_ABSOLUTE,  /* written as an absolute path, not in an allowed folder */
	PATH_OUTSIDE,   /* resolves outside the project and allowed folders */
	PATH_NOT_FILE,  /* a folder, device, pipe or socket */
	PATH_LINKS      /* more than LIMIT_PATH_LINKS symbolic links */
} path_verdict;

/* Set up the policy for the report at report_path, the data folder
 * allowed. Return 0, or -1 with errno set when the report's folder or the
 * current folder cannot be resolved. */
int path_policy_init(path_policy *p, const char *report_path);

/* Also allow reading inside dir. Return 0, or -1 with errno set when dir
 * is not an existing folder. */
int path_policy_allow(path_policy *p, const char *dir);

void path_policy_free(path_policy *p);

/* Open the file at `path` (the path the program reaches it by: relative
 * to the current folder, or absolute) for reading, if the policy allows
 * it. `written` is the path as the YAML gives it (to tell an absolute path
 * from a relative one), or NULL for a path checked before as written
 * (path_check): a file in any allowed folder is then opened. Return a
 * descriptor of a regular file (read-only, close-on-exec), which the
 * caller reads and closes: what was checked is what is read. Else return
 * -1 with the reason in *v; for PATH_MISSING errno is set. A path out of
 * the allowed folders is refused the same way whether its file exists or
 * not. A NULL policy allows any regular file. */
int path_open(const path_policy *p, const char *written, const char *path,
              path_verdict *v);

/* path_open's verdict, without opening the file (it must be readable):
 * for checks made before the file is needed, so that it is opened once,
 * by its reader. */
path_verdict path_check(const path_policy *p, const char *written,
                        const char *path);

/* Add the diagnostic for a refused path (any verdict but PATH_OK and
 * PATH_MISSING) at pos, with a note on how to fix it. what names the
 * kind of file ("font", "included file", "image"). */
void path_report(diag_list *d, diag_code code, src_pos pos,
                 path_verdict v, const char *written, const char *what);

#endif
