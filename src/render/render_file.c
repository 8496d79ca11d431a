/* render_file.c - writing the PDF atomically to a file (see render.h). */
#define _POSIX_C_SOURCE 200809L
#include "render/render.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/mem.h"

static const src_pos nowhere = {NULL, 0, 0};

/* Explain errno e for writing `path` in folder `dir`, with what to do. */
static void
io_error(diag_list *diags, int e, const char *path, const char *dir,
         const char *doing)
{
	switch (e) {
	case ENOSPC:
#ifdef EDQUOT
	case EDQUOT:
#endif
		diag_error(diags, DIAG_IO, nowhere,
		           "cannot write '%s': the disk holding folder '%s' is full "
		           "(%s)", path, dir, strerror(e));
		diag_note(diags, "free some space there, or write the PDF to "
		                 "another folder; '%s' was left unchanged", path);
		break;
	case EROFS:
		diag_error(diags, DIAG_IO, nowhere,
		           "cannot write '%s': folder '%s' is on a read-only file "
		           "system", path, dir);
		diag_note(diags, "write the PDF to a writable folder");
		break;
	case EACCES:
	case EPERM:
		diag_error(diags, DIAG_IO, nowhere,
		           "cannot write '%s': no permission to %s in folder '%s'",
		           path, doing, dir);
		diag_note(diags, "choose a folder you may write to, or ask for "
		                 "write permission on '%s'", dir);
		break;
	case ENOENT:
	case ENOTDIR:
		diag_error(diags, DIAG_IO, nowhere,
		           "cannot write '%s': folder '%s' does not exist", path, dir);
		diag_note(diags, "create it first (mkdir -p '%s') or choose "
		                 "another output path", dir);
		break;
	case EISDIR:
		diag_error(diags, DIAG_IO, nowhere,
		           "cannot write '%s': it is a folder", path);
		diag_note(diags, "give the name of the PDF file to write, e.g. "
		                 "'%s/report.pdf'", path);
		break;
	default:
		diag_error(diags, DIAG_IO, nowhere, "cannot write '%s': %s (while "
		           "trying to %s in folder '%s')", path, strerror(e), doing,
		           dir);
		break;
	}
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

/* The mode a new output file gets: an existing target's mode, else
 * 0666 less the umask (mkstemp alone would make it private). */
static mode_t
output_mode(const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return st.st_mode & 07777;
	/* Reading the umask means setting it; the CLI is single-threaded. */
	mode_t mask = umask(022);
	umask(mask);
	return 0666 & ~mask;
}

static int
write_stdout(const unsigned char *data, size_t len, diag_list *diags)
{
	if (write_all(STDOUT_FILENO, data, len) != 0) {
		int e = errno;
		diag_error(diags, DIAG_IO, nowhere,
		           "cannot write the PDF to standard output: %s",
		           strerror(e));
		if (e == EPIPE)
			diag_note(diags, "the program reading the output exited "
			                 "early");
		return -1;
	}
	return 0;
}

/* The PDF's bytes go to the file as libharu makes them, through a
 * buffer (libharu writes a token at a time). */
typedef struct file_writer {
	int fd;
	int err;             /* errno of the first failure, 0 if none */
	unsigned char buf[64 * 1024];
	size_t len;
} file_writer;

static int
flush_writer(file_writer *w)
{
	if (w->len && !w->err && write_all(w->fd, w->buf, w->len) != 0)
		w->err = errno ? errno : EIO;
	w->len = 0;
	return w->err ? -1 : 0;
}

static int
to_file(void *ctx, const void *data, size_t len)
{
	file_writer *w = ctx;
	const unsigned char *p = data;
	if (w->err)
		return -1;
	while (len > 0) {
		size_t n = sizeof(w->buf) - w->len;
		if (n > len)
			n = len;
		memcpy(w->buf + w->len, p, n);
		w->len += n;
		p += n;
		len -= n;
		if (w->len == sizeof(w->buf) && flush_writer(w) != 0)
			return -1;
	}
	return 0;
}

/* The temporary file being written, if any, for render_file_abandon. */
static char *volatile pending;

void
render_file_abandon(void)
{
	char *tmp = pending;
	if (tmp)
		unlink(tmp);
}

/* Finish rs into path: the bytes go to a temporary file in the same
 * folder, renamed over path only when complete. rs is freed. */
static int
finish_file(render_stream *rs, const layout_doc *ld, const char *path,
            diag_list *diags)
{
	int ret = -1;
	if (strcmp(path, "-") == 0) {
		/* Standard output cannot be taken back: all or nothing. */
		unsigned char *data = NULL;
		size_t len = 0;
		if (render_stream_finish(rs, ld, &data, &len, diags) == 0)
			ret = write_stdout(data, len, diags);
		free(data);
		render_stream_free(rs);
		return ret;
	}
	char *dir = NULL, *tmp = NULL;
	file_writer *w = NULL;
	int fd = -1;
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	if (*base == '\0') {
		io_error(diags, EISDIR, path, path, "create the PDF");
		goto done;
	}
	dir = slash ? (slash == path ? xstrdup("/")
	                             : xstrndup(path, (size_t)(slash - path)))
	            : xstrdup(".");
	/* Everything but the bytes first: a report that fails does not touch
	 * the file system. */
	if (render_stream_prepare(rs, ld, diags) != 0)
		goto done;
	tmp = xasprintf("%s/.%s.XXXXXX", dir, base);
	fd = mkstemp(tmp);
	if (fd >= 0)
		pending = tmp;
	if (fd < 0) {
		io_error(diags, errno, path, dir, "create a file");
		free(tmp);
		tmp = NULL; /* nothing was created */
		goto done;
	}
	if (fchmod(fd, output_mode(path)) != 0) {
		io_error(diags, errno, path, dir, "write a file");
		goto done;
	}
	w = xcalloc(1, sizeof(*w));
	w->fd = fd;
	int r = render_stream_write(rs, to_file, w, diags);
	if (r == 0)
		flush_writer(w);
	if (w->err) {
		io_error(diags, w->err, path, dir, "write a file");
		goto done;
	}
	if (r != 0)
		goto done;
	if (fsync(fd) != 0) {
		io_error(diags, errno, path, dir, "write a file");
		goto done;
	}
	int cfd = fd;
	fd = -1;
	if (close(cfd) != 0) {
		io_error(diags, errno, path, dir, "write a file");
		goto done;
	}
	pending = NULL;
	if (rename(tmp, path) != 0) {
		io_error(diags, errno, path, dir, "replace the file");
		goto done;
	}
	free(tmp);
	tmp = NULL; /* renamed: nothing to remove */
	/* Make the rename itself durable; failing here loses nothing. */
	int dfd = open(dir, O_RDONLY);
	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	ret = 0;
done:
	render_stream_free(rs);
	if (fd >= 0)
		close(fd);
	pending = NULL;
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	free(w);
	free(dir);
	return ret;
}

int
render_pdf_file(const layout_doc *ld, const render_options *opts,
                const char *path, diag_list *diags)
{
	return finish_file(render_stream_layout(ld, opts, diags), ld, path,
	                   diags);
}

int
render_stream_finish_file(render_stream *rs, const layout_doc *ld,
                          const char *path, diag_list *diags)
{
	return finish_file(rs, ld, path, diags);
}
