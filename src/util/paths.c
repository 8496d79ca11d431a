/* paths.c - path confinement (see paths.h). */
#include "util/paths.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

int
path_policy_init(path_policy *p, const char *report_path)
{
	memset(p, 0, sizeof(*p));
	char *dir = folder_of(report_path);
	char *real = realpath(dir, NULL);
	free(dir);
	if (!real)
		return -1;
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
			return 0;
		}
		if (strcmp(cur, "/") == 0)
			break;
		char *up = folder_of(cur);
		free(cur);
		cur = up;
	}
	free(cur);
	p->root = real;
	return 0;
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
	p->allowed = xrealloc(p->allowed, (p->nallowed + 1) * sizeof(char *));
	p->allowed[p->nallowed++] = real;
	return 0;
}

void
path_policy_free(path_policy *p)
{
	free(p->root);
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

/* Collapse "." and ".." segments and repeated slashes of the absolute
 * path p, in place, lexically. The result never runs ahead of the input
 * (out < in), so reading and writing one buffer is safe. */
static void
collapse(char *p)
{
	char *out = p; /* end of the result, without a final slash */
	const char *in = p + 1;
	while (*in) {
		size_t l = strcspn(in, "/");
		if (l == 0 || (l == 1 && in[0] == '.')) {
			/* nothing */
		} else if (l == 2 && in[0] == '.' && in[1] == '.') {
			while (out > p && *--out != '/')
				;
		} else {
			*out++ = '/';
			memmove(out, in, l);
			out += l;
		}
		in += l;
		if (*in == '/')
			in++;
	}
	if (out == p)
		out++; /* the root: p[0] is still '/' */
	*out = '\0';
}

/* Where the missing file path would be: the real path of its deepest
 * existing folder, then the rest of path taken lexically (a missing
 * folder cannot be a symbolic link). Malloc'd; NULL when not even the
 * current folder resolves. */
static char *
would_be(const char *path)
{
	size_t cut = strlen(path);
	for (;;) {
		while (cut > 0 && path[cut - 1] != '/')
			cut--;
		char *head = cut == 0 ? xstrdup(".")
		             : cut == 1 ? xstrdup("/")
		                        : xstrndup(path, cut - 1);
		char *real = realpath(head, NULL);
		free(head);
		if (real) {
			char *full = xasprintf("%s/%s", real, path + cut);
			free(real);
			collapse(full);
			return full;
		}
		if (cut == 0)
			return NULL;
		cut--;
	}
}

/* The policy's verdict on the real path real: PATH_OK, PATH_ABSOLUTE or
 * PATH_OUTSIDE. */
static path_verdict
confine(const path_policy *p, const char *written, const char *real)
{
	for (size_t i = 0; i < p->nallowed; i++)
		if (inside(real, p->allowed[i]))
			return PATH_OK;
	if (written[0] == '/')
		return PATH_ABSOLUTE;
	if (!inside(real, p->root))
		return PATH_OUTSIDE;
	return PATH_OK;
}

path_verdict
path_check(const path_policy *p, const char *written, const char *resolved)
{
	char *real = realpath(resolved, NULL);
	path_verdict v = PATH_OK;
	if (!real) {
		/* A missing file outside the project is refused as outside, so
		 * that the messages do not tell which files exist there. */
		if (p && (real = would_be(resolved)) != NULL)
			v = confine(p, written, real);
		free(real);
		return v == PATH_OK ? PATH_MISSING : v;
	}
	struct stat st;
	if (stat(real, &st) != 0) {
		v = PATH_MISSING;
		goto done;
	}
	if (p && (v = confine(p, written, real)) != PATH_OK)
		goto done;
	if (!S_ISREG(st.st_mode))
		v = PATH_NOT_FILE;
done:
	free(real);
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
	case PATH_OK:
	case PATH_MISSING:
		break;
	}
}
