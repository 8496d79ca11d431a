/* outfile.c - output files that never replace the wrong file (see
 * outfile.h). */
#define _GNU_SOURCE /* fopencookie */
#include "util/outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "util/mem.h"
#include "util/tmpfiles.h"

/* Links followed at most before giving up (ELOOP), as Linux does. */
#define MAX_LINKS 40

/* The temporary file: "." STEM TMP_MARK PID "-" XXXXXX. Room is kept for
 * a pid of 10 digits, so that the stem of a given output is always the
 * same (leftovers are found by it). */
#define TMP_MARK ".carec-tmp-"
#define TMP_EXTRA (1 + (sizeof(TMP_MARK) - 1) + 10 + 1 + 6)

/* A leftover whose writer is gone is removed once it has not been
 * written to for a minute: a writer writes its file from start to end
 * without pausing, and a pid that looks gone may be a live writer's in
 * another pid namespace (a container sharing the folder). */
#define STALE_GONE_SECONDS 60
/* Any leftover is removed after a day, whatever its pid says: pids are
 * used again (after a reboot too). */
#define STALE_ANY_SECONDS (24L * 60 * 60)

#define BUF_SIZE (64 * 1024)

struct outfile {
	outfile_kind kind;
	outfile_role role;
	char *path;       /* as given */
	char *final;      /* NEW, REPLACE: path with its links followed */
	char *dir;        /* final's folder ("." when it names none) */
	const char *base; /* final's last component (in final) */
	int has_id;       /* dev, ino: the file replaced or written in place */
	unsigned long long dev, ino;
	int has_dir_id; /* NEW: the identity of dir */
	unsigned long long dir_dev, dir_ino;
	mode_t mode; /* REPLACE: the mode the file had */
	int dirfd, fd;
	char *tmp; /* the temporary file's name in dir, while it exists */
	int slot;  /* its tmpfiles slot, or -1 */
	int err;   /* errno of the first failed write, or 0 */
	FILE *stream;
	unsigned char *buf;
	size_t len;
};

static const src_pos nowhere = {NULL, 0, 0};

/* --- Messages ---------------------------------------------------------- */

static const char *
noun(const outfile *of)
{
	return of->role == OUTFILE_PDF ? "the PDF" : "the layout dump";
}

/* Explain errno e for writing of's file in its folder, with what to do. */
static void
io_error(const outfile *of, diag_list *d, int e, const char *doing)
{
	const char *path = of->path, *dir = of->dir ? of->dir : ".";
	switch (e) {
	case ENOSPC:
#ifdef EDQUOT
	case EDQUOT:
#endif
		diag_error(d, DIAG_IO, nowhere,
		           "cannot write '%s': the disk holding folder '%s' is full "
		           "(%s)", path, dir, strerror(e));
		diag_note(d, "free some space there, or write %s to another "
		             "folder; '%s' was left unchanged", noun(of), path);
		break;
	case EFBIG:
		diag_error(d, DIAG_IO, nowhere,
		           "cannot write '%s': the file size limit was reached (%s)",
		           path, strerror(e));
		diag_note(d, "the limit is set with 'ulimit -f' (RLIMIT_FSIZE); "
		             "raise it, or write %s where no such limit applies; "
		             "'%s' was left unchanged", noun(of), path);
		break;
	case EROFS:
		diag_error(d, DIAG_IO, nowhere,
		           "cannot write '%s': folder '%s' is on a read-only file "
		           "system", path, dir);
		diag_note(d, "write %s to a writable folder", noun(of));
		break;
	case EACCES:
	case EPERM:
		diag_error(d, DIAG_IO, nowhere,
		           "cannot write '%s': no permission to %s in folder '%s'",
		           path, doing, dir);
		diag_note(d, "choose a folder you may write to, or ask for "
		             "write permission on '%s'", dir);
		break;
	case ENOENT:
	case ENOTDIR:
		diag_error(d, DIAG_IO, nowhere,
		           "cannot write '%s': folder '%s' does not exist", path, dir);
		diag_note(d, "create it first (mkdir -p '%s') or choose another "
		             "output path", dir);
		break;
	case EISDIR:
		diag_error(d, DIAG_IO, nowhere, "cannot write '%s': it is a folder",
		           path);
		diag_note(d, "give the name of %s file to write, e.g. '%s/%s'",
		          of->role == OUTFILE_PDF ? "the PDF" : "the JSON", path,
		          of->role == OUTFILE_PDF ? "report.pdf" : "layout.json");
		break;
	default:
		diag_error(d, DIAG_IO, nowhere, "cannot write '%s': %s (while "
		           "trying to %s in folder '%s')", path, strerror(e), doing,
		           dir);
		break;
	}
}

/* A write to standard output, a pipe, a device or a socket failed. */
static void
direct_error(const outfile *of, diag_list *d, int e)
{
	if (of->kind == OUTFILE_STDOUT)
		diag_error(d, DIAG_IO, nowhere, "cannot write %s to standard "
		           "output: %s", noun(of), strerror(e));
	else if (e == EFBIG)
		diag_error(d, DIAG_IO, nowhere, "cannot write %s to '%s': the "
		           "file size limit was reached (%s)", noun(of), of->path,
		           strerror(e));
	else
		diag_error(d, DIAG_IO, nowhere, "cannot write %s to '%s': %s",
		           noun(of), of->path, strerror(e));
	if (e == EPIPE)
		diag_note(d, "the program reading the output exited early");
}

/* --- Planning ---------------------------------------------------------- */

/* path with its symbolic links followed, as the kernel would follow them,
 * up to a name that is not a link (or does not exist): malloc'd, or NULL
 * with errno set. Each link's text is read relative to its own folder. */
static char *
follow_links(const char *path)
{
	char *cur = xstrdup(path);
	for (int hops = 0;; hops++) {
		struct stat st;
		if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
			return cur;
		char target[PATH_MAX];
		ssize_t n = hops < MAX_LINKS
		            ? readlink(cur, target, sizeof(target)) : -1;
		if (hops >= MAX_LINKS)
			errno = ELOOP;
		else if (n == (ssize_t)sizeof(target))
			errno = ENAMETOOLONG;
		if (n < 0 || n == (ssize_t)sizeof(target)) {
			free(cur);
			return NULL;
		}
		target[n] = '\0';
		const char *slash = strrchr(cur, '/');
		char *next = target[0] == '/' || !slash
		             ? xstrdup(target)
		             : xasprintf("%.*s/%s", (int)(slash - cur), cur, target);
		free(cur);
		cur = next;
	}
}

int
outfile_plan(outfile **out, const char *path, outfile_role role,
             diag_list *d)
{
	outfile *of = xcalloc(1, sizeof(*of));
	of->role = role;
	of->path = xstrdup(path);
	of->dirfd = of->fd = of->slot = -1;
	*out = NULL;
	if (strcmp(path, "-") == 0) {
		of->kind = OUTFILE_STDOUT;
		*out = of;
		return 0;
	}
	struct stat st;
	of->kind = OUTFILE_NEW;
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			io_error(of, d, EISDIR, "create the file");
			goto fail;
		}
		if (S_ISBLK(st.st_mode)) {
			diag_error(d, DIAG_IO, nowhere, "cannot write '%s': it is a "
			           "disk (a block device)", path);
			diag_note(d, "write %s to a file; copy it onto the disk "
			             "afterwards if that is what you meant", noun(of));
			goto fail;
		}
		of->has_id = 1;
		of->dev = (unsigned long long)st.st_dev;
		of->ino = (unsigned long long)st.st_ino;
		if (!S_ISREG(st.st_mode)) {
			of->kind = OUTFILE_DIRECT;
			*out = of;
			return 0;
		}
		of->kind = OUTFILE_REPLACE;
		of->mode = st.st_mode & 07777;
	}
	of->final = follow_links(path);
	if (!of->final) {
		io_error(of, d, errno, "follow the link");
		goto fail;
	}
	const char *slash = strrchr(of->final, '/');
	of->base = slash ? slash + 1 : of->final;
	of->dir = !slash ? xstrdup(".")
	          : slash == of->final
	          ? xstrdup("/")
	          : xstrndup(of->final, (size_t)(slash - of->final));
	if (*of->base == '\0') {
		io_error(of, d, EISDIR, "create the file");
		goto fail;
	}
	struct stat fs;
	if (of->kind == OUTFILE_REPLACE &&
	    (lstat(of->final, &fs) != 0 || !S_ISREG(fs.st_mode) ||
	     fs.st_dev != st.st_dev || fs.st_ino != st.st_ino)) {
		/* A link the system makes (/proc/self/fd/N to a file since
		 * removed), whose text is not where the file is. */
		diag_error(d, DIAG_IO, nowhere, "cannot write '%s': it leads to "
		           "a file that has no name of its own to replace", path);
		diag_note(d, "give the path of the file itself");
		goto fail;
	}
	if (of->kind == OUTFILE_NEW && stat(of->dir, &fs) == 0) {
		of->has_dir_id = 1;
		of->dir_dev = (unsigned long long)fs.st_dev;
		of->dir_ino = (unsigned long long)fs.st_ino;
	}
	*out = of;
	return 0;
fail:
	outfile_free(of);
	return -1;
}

outfile_kind
outfile_kind_of(const outfile *of)
{
	return of->kind;
}

const char *
outfile_path(const outfile *of)
{
	return of->path;
}

int
outfile_identity(const outfile *of, unsigned long long *dev,
                 unsigned long long *ino)
{
	if (!of->has_id)
		return -1;
	*dev = of->dev;
	*ino = of->ino;
	return 0;
}

int
outfile_same(const outfile *a, const outfile *b)
{
	if (a->kind == OUTFILE_STDOUT || b->kind == OUTFILE_STDOUT)
		return a->kind == b->kind;
	if (a->has_id || b->has_id)
		return a->has_id && b->has_id && a->dev == b->dev &&
		       a->ino == b->ino;
	/* Both new: the same name in the same folder. */
	return a->has_dir_id && b->has_dir_id && a->dir_dev == b->dir_dev &&
	       a->dir_ino == b->dir_ino && strcmp(a->base, b->base) == 0;
}

/* --- Leftovers of killed builds ---------------------------------------- */

/* The temporary name's stem: base, shortened (at a character's start)
 * so that the whole name fits in NAME_MAX bytes. Its length. */
static size_t
stem_len(const char *base)
{
	size_t n = strlen(base), max = NAME_MAX - TMP_EXTRA;
	if (n <= max)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)base[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/* Is name one of this output's temporary files ("." stem TMP_MARK PID
 * "-" 6 letters or digits)? Its writer's pid in *pid. */
static int
tmp_name_of(const char *name, const char *stem, size_t stemlen, long *pid)
{
	size_t marklen = sizeof(TMP_MARK) - 1;
	if (name[0] != '.' || strncmp(name + 1, stem, stemlen) != 0 ||
	    strncmp(name + 1 + stemlen, TMP_MARK, marklen) != 0)
		return 0;
	const char *p = name + 1 + stemlen + marklen;
	long v = 0;
	int digits = 0;
	for (; *p >= '0' && *p <= '9' && digits < 10; p++, digits++)
		v = v * 10 + (*p - '0');
	if (digits == 0 || v <= 0 || v > INT_MAX || *p++ != '-')
		return 0;
	for (int i = 0; i < 6; i++, p++) {
		unsigned char c = (unsigned char)*p;
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z')))
			return 0;
	}
	*pid = v;
	return *p == '\0';
}

/* Remove the temporary files that builds of this output left when they
 * were killed (SIGKILL cannot be caught): only regular files of ours
 * named as this output's temporary files, whose writer is gone and which
 * have not been written to for STALE_GONE_SECONDS (or for
 * STALE_ANY_SECONDS). Best effort: a folder that cannot be read is left
 * as it is. */
static void
remove_leftovers(outfile *of)
{
	int fd = dup(of->dirfd);
	DIR *dh = fd >= 0 ? fdopendir(fd) : NULL;
	if (!dh) {
		if (fd >= 0)
			close(fd);
		return;
	}
	size_t stemlen = stem_len(of->base);
	time_t now = time(NULL);
	struct dirent *e;
	while ((e = readdir(dh)) != NULL) {
		long pid;
		struct stat st;
		if (!tmp_name_of(e->d_name, of->base, stemlen, &pid) ||
		    pid == (long)getpid() ||
		    fstatat(of->dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode) || st.st_uid != geteuid())
			continue;
		double age = difftime(now, st.st_mtime);
		int gone = kill((pid_t)pid, 0) != 0 && errno == ESRCH;
		if ((gone && age >= STALE_GONE_SECONDS) || age >= STALE_ANY_SECONDS)
			(void)unlinkat(of->dirfd, e->d_name, 0);
	}
	closedir(dh);
}

void
outfile_remove_abandoned(const char *path, long pid)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char *dir = !slash ? xstrdup(".")
	            : slash == path ? xstrdup("/")
	                            : xstrndup(path, (size_t)(slash - path));
	DIR *dh = opendir(dir);
	free(dir);
	if (!dh)
		return;
	const size_t stemlen = stem_len(base);
	struct dirent *e;
	while ((e = readdir(dh)) != NULL) {
		long writer;
		if (tmp_name_of(e->d_name, base, stemlen, &writer) &&
		    writer == pid)
			(void)unlinkat(dirfd(dh), e->d_name, 0);
	}
	closedir(dh);
}

/* --- Writing ------------------------------------------------------------ */

/* Six letters or digits, different from call to call and process to
 * process (the name is taken with O_EXCL, so only a clash costs). */
static void
random_suffix(char *x)
{
	static const char set[] = "abcdefghijklmnopqrstuvwxyz"
	                          "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	static unsigned long long state;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	state ^= (unsigned long long)ts.tv_nsec ^
	         ((unsigned long long)ts.tv_sec << 30) ^
	         ((unsigned long long)getpid() << 42) ^ 0x9E3779B97F4A7C15ULL;
	for (int i = 0; i < 6; i++) {
		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
		x[i] = set[state % (sizeof(set) - 1)];
	}
}

/* The mode a new output file gets: 0666 less the umask (as any program
 * creating a file; the temporary file itself is made private). */
static mode_t
new_mode(void)
{
	/* Reading the umask means setting it; nothing else here makes
	 * files meanwhile. */
	mode_t mask = umask(022);
	umask(mask);
	return 0666 & ~mask;
}

/* Make the temporary file in of->dir: 0, or -1 with errno set. */
static int
make_temp(outfile *of)
{
	size_t stemlen = stem_len(of->base);
	for (int tries = 0; tries < 100; tries++) {
		char *name = xasprintf(".%.*s" TMP_MARK "%ld-XXXXXX", (int)stemlen,
		                       of->base, (long)getpid());
		random_suffix(name + strlen(name) - 6);
		/* Registered first: a signal right after it is made removes
		 * it too (a name not made yet is no harm). */
		of->slot = tmpfiles_add(of->dirfd, name);
		int fd = openat(of->dirfd, name,
		                O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		                O_CLOEXEC, 0600);
		if (fd >= 0) {
			of->fd = fd;
			of->tmp = name;
			return 0;
		}
		int e = errno;
		tmpfiles_forget(of->slot);
		of->slot = -1;
		free(name);
		if (e != EEXIST) {
			errno = e;
			return -1;
		}
	}
	errno = EEXIST;
	return -1;
}

/* Open a pipe, device or socket to write to: the fd, or -1 with errno. */
static int
open_direct(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISSOCK(st.st_mode))
		return open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sa.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

int
outfile_begin(outfile *of, diag_list *d)
{
	of->buf = xmalloc(BUF_SIZE);
	of->len = 0;
	of->err = 0;
	if (of->kind == OUTFILE_STDOUT) {
		of->fd = STDOUT_FILENO;
		return 0;
	}
	if (of->kind == OUTFILE_DIRECT) {
		of->fd = open_direct(of->path);
		if (of->fd < 0) {
			direct_error(of, d, errno);
			return -1;
		}
		struct stat st;
		if (fstat(of->fd, &st) == 0 &&
		    (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))) {
			/* Not what it was when planned: not written in place. */
			diag_error(d, DIAG_IO, nowhere, "cannot write '%s': it "
			           "changed while the report was built", of->path);
			diag_note(d, "build again");
			close(of->fd);
			of->fd = -1;
			return -1;
		}
		return 0;
	}
	of->dirfd = open(of->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (of->dirfd < 0) {
		io_error(of, d, errno, "create a file");
		return -1;
	}
	remove_leftovers(of);
	if (make_temp(of) != 0) {
		io_error(of, d, errno, "create a file");
		return -1;
	}
	if (fchmod(of->fd, of->kind == OUTFILE_REPLACE ? of->mode
	                                               : new_mode()) != 0) {
		io_error(of, d, errno, "write a file");
		return -1;
	}
	return 0;
}

static int
write_all(int fd, const unsigned char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
flush_buf(outfile *of)
{
	if (of->len && !of->err && write_all(of->fd, of->buf, of->len) != 0)
		of->err = errno ? errno : EIO;
	of->len = 0;
	return of->err ? -1 : 0;
}

int
outfile_write(void *ctx, const void *data, size_t len)
{
	outfile *of = ctx;
	const unsigned char *p = data;
	if (of->err || of->fd < 0)
		return -1;
	while (len > 0) {
		size_t n = BUF_SIZE - of->len;
		if (n > len)
			n = len;
		memcpy(of->buf + of->len, p, n);
		of->len += n;
		p += n;
		len -= n;
		if (of->len == BUF_SIZE && flush_buf(of) != 0)
			return -1;
	}
	return 0;
}

static ssize_t
cookie_write(void *ctx, const char *data, size_t len)
{
	outfile *of = ctx;
	if (outfile_write(of, data, len) != 0) {
		errno = of->err;
		return -1;
	}
	return (ssize_t)len;
}

FILE *
outfile_stream(outfile *of)
{
	if (!of->stream && of->fd >= 0) {
		cookie_io_functions_t io = {NULL, cookie_write, NULL, NULL};
		of->stream = fopencookie(of, "w", io);
	}
	return of->stream;
}

int
outfile_finish(outfile *of, diag_list *d)
{
	if (of->stream) {
		if (fclose(of->stream) != 0 && !of->err)
			of->err = errno ? errno : EIO;
		of->stream = NULL;
	}
	flush_buf(of);
	if (of->err) {
		if (of->kind == OUTFILE_STDOUT || of->kind == OUTFILE_DIRECT)
			direct_error(of, d, of->err);
		else
			io_error(of, d, of->err, "write a file");
		return -1;
	}
	if (of->kind == OUTFILE_STDOUT)
		return 0;
	if (of->kind != OUTFILE_DIRECT && fsync(of->fd) != 0) {
		io_error(of, d, errno, "write a file");
		return -1;
	}
	int fd = of->fd;
	of->fd = -1;
	if (close(fd) != 0) {
		if (of->kind == OUTFILE_DIRECT)
			direct_error(of, d, errno);
		else
			io_error(of, d, errno, "write a file");
		return -1;
	}
	return 0;
}

int
outfile_commit(outfile *of, diag_list *d)
{
	if (!of->tmp)
		return 0;
	if (renameat(of->dirfd, of->tmp, of->dirfd, of->base) != 0) {
		io_error(of, d, errno, "replace the file");
		return -1;
	}
	tmpfiles_forget(of->slot);
	of->slot = -1;
	free(of->tmp);
	of->tmp = NULL; /* renamed: nothing to remove */
	/* Make the rename itself durable; failing here loses nothing. */
	(void)fsync(of->dirfd);
	return 0;
}

void
outfile_free(outfile *of)
{
	if (!of)
		return;
	if (of->stream) {
		/* Abandoned: what it still buffers goes nowhere. */
		if (!of->err)
			of->err = ECANCELED;
		fclose(of->stream);
	}
	if (of->fd >= 0 && of->kind != OUTFILE_STDOUT)
		close(of->fd);
	if (of->tmp)
		unlinkat(of->dirfd, of->tmp, 0);
	tmpfiles_forget(of->slot);
	if (of->dirfd >= 0)
		close(of->dirfd);
	free(of->tmp);
	free(of->buf);
	free(of->final);
	free(of->dir);
	free(of->path);
	free(of);
}
