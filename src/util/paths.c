/* paths.c - path confinement (see paths.h).
 *
 * A path is never judged by its text, and never resolved by realpath()
 * (which fails on a real path longer than PATH_MAX). It is walked one
 * component at a time from "/", each folder opened from the descriptor of
 * the one before it, each symbolic link read and its target walked in
 * turn: the walk always knows the real path of where it stands.
 *
 * The allowed folders (the project folder and --allow-path folders) are
 * "trees". Once the walk has stood in a tree (or from the start, for a
 * path written as absolute), it may only step into a tree or onto a folder
 * above one (the way down to another tree). Any other step is refused
 * before the file system is asked about it, so nothing outside is opened
 * or even looked up, and a missing file outside cannot be told from an
 * existing one. Before that, the walk follows the path from the current
 * folder to the report's, which the command line gave.
 *
 * openat2()'s RESOLVE_BENEATH would confine a path to one folder, but it
 * refuses every absolute link and cannot follow a link into an allowed
 * folder, so the walk would be needed anyway; one walk on every kernel
 * gives the same answers everywhere.
 */
#define _GNU_SOURCE /* O_PATH */
#include "util/paths.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/datadir.h"
#include "util/limits.h"
#include "util/mem.h"

/* The folder part of path ("." when there is none), malloc'd. */
static char *
folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* The program's own data folder (util/datadir.h), if there is one, is
 * allowed like a --allow-path folder: a report reads the installed fonts,
 * themes and logo without being told where they are. data_dir() found it
 * a folder; if it cannot be resolved now, it is only not allowed. 0. */
static int
allow_data(path_policy *p)
{
	const char *d = data_dir();
	if (d)
		(void)path_policy_allow(p, d);
	return 0;
}

int
path_policy_init(path_policy *p, const char *report_path)
{
	memset(p, 0, sizeof(*p));
	p->cwd = getcwd(NULL, 0);
	if (!p->cwd)
		return -1;
	char *dir = folder_of(report_path);
	char *real = realpath(dir, NULL);
	free(dir);
	if (!real) {
		int err = errno;
		path_policy_free(p);
		errno = err;
		return -1;
	}
	/* Walk up to the nearest folder holding the marker. */
	char *cur = xstrdup(real);
	for (;;) {
		char *marker = xasprintf("%s/%s", strcmp(cur, "/") ? cur : "",
		                         PATHS_MARKER);
		struct stat st;
		int found = stat(marker, &st) == 0 && S_ISREG(st.st_mode);
		free(marker);
		if (found) {
			p->root = cur;
			free(real);
			return allow_data(p);
		}
		if (strcmp(cur, "/") == 0)
			break;
		char *up = folder_of(cur);
		free(cur);
		cur = up;
	}
	free(cur);
	p->root = real;
	return allow_data(p);
}

int
path_policy_allow(path_policy *p, const char *dir)
{
	char *real = realpath(dir, NULL);
	struct stat st;
	if (!real)
		return -1;
	if (stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) {
		free(real);
		errno = ENOTDIR;
		return -1;
	}
	p->allowed = xgrow(p->allowed, &p->capallowed, p->nallowed + 1,
	                   sizeof(*p->allowed));
	p->allowed[p->nallowed++] = real;
	return 0;
}

void
path_policy_free(path_policy *p)
{
	free(p->root);
	free(p->cwd);
	for (size_t i = 0; i < p->nallowed; i++)
		free(p->allowed[i]);
	free(p->allowed);
	memset(p, 0, sizeof(*p));
}

/* Is real inside the folder dir (or dir itself)? */
static int
inside(const char *real, const char *dir)
{
	size_t n = strlen(dir);
	if (n == 1 && dir[0] == '/')
		return 1;
	return strncmp(real, dir, n) == 0 && (real[n] == '/' || real[n] == '\0');
}

enum { TREE_NONE, TREE_ROOT, TREE_ALLOWED };

/* Which tree the real path real is in (an allowed folder first). */
static int
tree_of(const path_policy *p, const char *real)
{
	for (size_t i = 0; i < p->nallowed; i++)
		if (inside(real, p->allowed[i]))
			return TREE_ALLOWED;
	return inside(real, p->root) ? TREE_ROOT : TREE_NONE;
}

/* Is the real path real in a tree, or a folder above one? */
static int
on_the_way(const path_policy *p, const char *real)
{
	if (tree_of(p, real) != TREE_NONE)
		return 1;
	for (size_t i = 0; i <= p->nallowed; i++)
		if (inside(i < p->nallowed ? p->allowed[i] : p->root, real))
			return 1;
	return 0;
}

typedef struct walk {
	const path_policy *p;
	int dir;         /* the folder reached (O_PATH) */
	char *at;        /* its real path */
	struct stat *up; /* the identity of each folder of at, "/" first */
	size_t nup, capup;
	int entered; /* has stood in a tree: may step only on the way */
	int links;   /* symbolic links followed */
	int err;     /* why the walk failed (an errno value) */
	int check;   /* only check that the file may be read: no open */
} walk;

/* at/name, malloc'd. */
static char *
child(const char *at, const char *name)
{
	return xasprintf("%s/%s", strcmp(at, "/") ? at : "", name);
}

/* Stand in the folder real, whose descriptor is fd, below the folders of
 * w->up (all of them, or after "/" when from_root). */
static void
stand(walk *w, int fd, char *real, const struct stat *id, int from_root)
{
	if (w->dir >= 0)
		close(w->dir);
	free(w->at);
	w->dir = fd;
	w->at = real;
	if (from_root)
		w->nup = 0;
	if (w->nup == w->capup)
		w->up = xgrow(w->up, &w->capup, w->nup + 1, sizeof(*w->up));
	w->up[w->nup++] = *id;
	if (tree_of(w->p, real) != TREE_NONE)
		w->entered = 1;
}

static int
same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* Go to "/". 0, or -1 with w->err set. */
static int
go_root(walk *w)
{
	struct stat st;
	int fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0) {
		w->err = errno;
		if (fd >= 0)
			close(fd);
		return -1;
	}
	stand(w, fd, xstrdup("/"), &st, 1);
	return 0;
}

/* Go up to the folder above w->at, which must be the one the walk came
 * down from (a folder moved meanwhile is not followed out). 0, or -1. */
static int
go_up(walk *w)
{
	if (w->nup < 2)
		return 0; /* "/.." is "/" */
	struct stat st;
	int fd = openat(w->dir, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0 ||
	    !same_file(&st, &w->up[w->nup - 2])) {
		w->err = fd < 0 ? errno : EAGAIN;
		if (fd >= 0)
			close(fd);
		return -1;
	}
	char *real = xstrdup(w->at);
	char *slash = strrchr(real, '/');
	slash[slash == real] = '\0';
	w->nup -= 2;
	stand(w, fd, real, &st, 0);
	return 0;
}

/* The first component of *rest (NUL-terminated in place), *rest moved
 * past it; NULL when none is left. "." and empty components are
 * skipped. */
static char *
next_name(char **rest)
{
	for (;;) {
		char *s = *rest;
		while (*s == '/')
			s++;
		if (!*s)
			return NULL;
		char *e = s + strcspn(s, "/");
		*rest = *e ? e + 1 : e;
		*e = '\0';
		if (strcmp(s, ".") != 0)
			return s;
	}
}

/* Would the rest of a path, taken by its text from real, which is missing
 * (so is no link), step only where it may and end in a tree? Used only to
 * refuse a path that would leave, never to allow one. */
static int
would_stay(const path_policy *p, const char *real, char *rest)
{
	char *at = xstrdup(real), *name;
	int ok = 1;
	while (ok && (name = next_name(&rest)) != NULL) {
		char *next;
		if (strcmp(name, "..") == 0) {
			next = xstrdup(at);
			char *slash = strrchr(next, '/');
			slash[slash == next] = '\0';
		} else {
			next = child(at, name);
		}
		free(at);
		at = next;
		ok = on_the_way(p, at);
	}
	ok = ok && tree_of(p, at) != TREE_NONE;
	free(at);
	return ok;
}

/* The refusal of the path written. */
static path_verdict
refused(const char *written)
{
	return written[0] == '/' ? PATH_ABSOLUTE : PATH_OUTSIDE;
}

/* The verdict for a walk that ended, or failed, at the real path real:
 * `in` if real is where the written path may lead, else a refusal. */
static path_verdict
judge(const path_policy *p, const char *written, const char *real,
      path_verdict in)
{
	int t = tree_of(p, real);
	if (t == TREE_ALLOWED || (t == TREE_ROOT && written[0] != '/'))
		return in;
	return refused(written);
}

/* Walk path (absolute) and open its file. The descriptor, or -1 with the
 * verdict in *v and the reason in w->err. */
static int
walk_open(walk *w, const char *written, const char *path, path_verdict *v)
{
	char *text = xstrdup(path), *rest = text, *name, *real = NULL;
	int fd = -1;
	*v = PATH_OK;
	w->entered = written[0] == '/';
	if (go_root(w) != 0)
		goto failed_here;
	while ((name = next_name(&rest)) != NULL) {
		if (strcmp(name, "..") == 0) {
			if (go_up(w) != 0)
				goto failed_here;
			continue;
		}
		free(real);
		real = child(w->at, name);
		if (w->entered && !on_the_way(w->p, real)) {
			*v = refused(written); /* not even looked up */
			goto done;
		}
		struct stat st;
		if (fstatat(w->dir, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			w->err = errno;
			/* A missing folder and ".." out of the project:
			 * outside, as if the folder were there. */
			if (!would_stay(w->p, real, rest)) {
				*v = refused(written);
				goto done;
			}
			goto failed;
		}
		if (S_ISLNK(st.st_mode)) {
			char target[PATH_MAX];
			ssize_t n = readlinkat(w->dir, name, target,
			                       sizeof(target));
			if (++w->links > LIMIT_PATH_LINKS) {
				*v = judge(w->p, written, real, PATH_LINKS);
				goto done;
			}
			if (n < 0 || n == (ssize_t)sizeof(target)) {
				w->err = n < 0 ? errno : ENAMETOOLONG;
				goto failed;
			}
			target[n] = '\0';
			char *more = xasprintf("%s/%s", target, rest);
			free(text);
			rest = text = more;
			if (target[0] == '/' && go_root(w) != 0)
				goto failed_here;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			struct stat got;
			int d = openat(w->dir, name,
			               O_PATH | O_DIRECTORY | O_NOFOLLOW |
			                       O_CLOEXEC);
			if (d < 0 || fstat(d, &got) != 0 ||
			    !same_file(&got, &st)) {
				w->err = d < 0 ? errno : EAGAIN;
				if (d >= 0)
					close(d);
				goto failed;
			}
			stand(w, d, real, &got, 0);
			real = NULL;
			continue;
		}
		if (next_name(&rest) != NULL) {
			w->err = ENOTDIR; /* a file with more path after it */
			goto failed;
		}
		/* The last component: a file. Opened only if it may be. */
		if ((*v = judge(w->p, written, real, PATH_OK)) != PATH_OK)
			goto done;
		if (!S_ISREG(st.st_mode)) {
			*v = PATH_NOT_FILE;
			goto done;
		}
		if (w->check) {
			/* A path checked (path_check), read later: the file is
			 * opened once, by its reader. */
			if (faccessat(w->dir, name, R_OK, 0) != 0) {
				w->err = errno;
				goto failed;
			}
			goto done;
		}
		struct stat got;
		fd = openat(w->dir, name,
		            O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0 || fstat(fd, &got) != 0 || !same_file(&got, &st) ||
		    !S_ISREG(got.st_mode)) {
			w->err = fd < 0 ? errno : EAGAIN;
			if (fd >= 0)
				close(fd);
			fd = -1;
			goto failed;
		}
		goto done;
	}
	/* The path ends on a folder. */
	*v = judge(w->p, written, w->at, PATH_NOT_FILE);
	goto done;
failed_here:
	free(real);
	real = xstrdup(w->at ? w->at : "/");
failed:
	*v = judge(w->p, written, real, PATH_MISSING);
done:
	free(real);
	free(text);
	return fd;
}

/* path_open, or with check only whether it could (fd -1 then). */
static int
open_or_check(const path_policy *p, const char *written, const char *path,
              path_verdict *v, int check)
{
	struct stat st;
	int fd;
	if (!p && check) {
		*v = stat(path, &st) != 0 ? PATH_MISSING
		     : !S_ISREG(st.st_mode) ? PATH_NOT_FILE
		     : access(path, R_OK) != 0 ? PATH_MISSING : PATH_OK;
		return -1;
	}
	if (!p) {
		/* Not confined: only never a pipe or a device. */
		*v = PATH_MISSING;
		if (stat(path, &st) != 0)
			return -1;
		*v = PATH_NOT_FILE;
		if (!S_ISREG(st.st_mode))
			return -1;
		fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0) {
			*v = PATH_MISSING;
			return -1;
		}
		if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
			close(fd);
			return -1;
		}
		*v = PATH_OK;
		return fd;
	}
	if (!written) {
		written = ""; /* checked before as written: any tree will do */
	} else if (strlen(written) >= PATH_MAX) {
		*v = written[0] == '/' ? refused(written) : PATH_MISSING;
		errno = ENAMETOOLONG;
		return -1;
	}
	char *full = path[0] == '/' ? xstrdup(path)
	                            : xasprintf("%s/%s", p->cwd, path);
	walk w;
	memset(&w, 0, sizeof(w));
	w.p = p;
	w.dir = -1;
	w.check = check;
	fd = walk_open(&w, written, full, v);
	if (w.dir >= 0)
		close(w.dir);
	free(w.at);
	free(w.up);
	free(full);
	errno = w.err ? w.err : ENOENT;
	return fd;
}

/* Tell the policy's note of a path the report reads, or would read once
 * it is there; not of one refused (the report must change first). errno
 * is kept for the caller. */
static void
noted(const path_policy *p, const char *path, path_verdict v)
{
	if (!p || !p->note || (v != PATH_OK && v != PATH_MISSING))
		return;
	int err = errno;
	p->note(p->note_ctx, path);
	errno = err;
}

int
path_open(const path_policy *p, const char *written, const char *path,
          path_verdict *v)
{
	int fd = open_or_check(p, written, path, v, 0);
	noted(p, path, *v);
	return fd;
}

path_verdict
path_check(const path_policy *p, const char *written, const char *path)
{
	path_verdict v;
	(void)open_or_check(p, written, path, &v, 1);
	noted(p, path, v);
	return v;
}

void
path_report(diag_list *d, diag_code code, src_pos pos, path_verdict v,
            const char *written, const char *what)
{
	switch (v) {
	case PATH_ABSOLUTE:
		diag_error(d, code, pos, "the %s '%s' is an absolute path; "
		           "write it relative to this YAML file", what, written);
		diag_note(d, "files outside the project folder can be allowed "
		             "with --allow-path FOLDER");
		break;
	case PATH_OUTSIDE:
		diag_error(d, code, pos, "the %s '%s' is outside the project "
		           "folder", what, written);
		diag_note(d, "the project folder is the nearest folder holding a "
		             "'" PATHS_MARKER "' file; keep files inside it, or "
		             "allow a folder with --allow-path FOLDER");
		break;
	case PATH_NOT_FILE:
		diag_error(d, code, pos, "the %s '%s' is not a regular file", what,
		           written);
		break;
	case PATH_LINKS:
		diag_error(d, DIAG_LIMIT, pos,
		           "the %s '%s' goes through more "
		           "than %d symbolic links (LIMIT_PATH_LINKS)",
		           what, written, LIMIT_PATH_LINKS);
		diag_note(d, "a link may lead to another link, but not in a "
		             "circle; point the link at the file itself");
		break;
	case PATH_OK:
	case PATH_MISSING:
		break;
	}
}
