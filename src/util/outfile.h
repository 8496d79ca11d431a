/*
 * outfile.h - writing an output file (the PDF, the layout dump) so that it
 * never replaces the wrong file and never leaves a partial one.
 *
 * Who may include this: src/cli/ and src/render/. What a path names is
 * told by what it is on disk, not by its text:
 *
 *  - "-" is standard output;
 *  - an existing regular file is replaced atomically: the bytes go to a
 *    temporary file in its folder, renamed over it once complete;
 *  - a symbolic link is followed (through any number of links, as the
 *    kernel would): the file it leads to is replaced, or created if it
 *    does not exist yet, and the link stays;
 *  - a pipe (FIFO), a character device (a terminal, /dev/null) or a
 *    socket is written to in place, as standard output is, and never
 *    replaced;
 *  - a folder or a block device (a disk) is an error;
 *  - anything else (nothing there yet) is created as a regular file is
 *    replaced.
 *
 * The temporary file is ".NAME.carec-tmp-PID-XXXXXX" beside the target,
 * NAME shortened so that the whole stays within NAME_MAX (an output named
 * with 255 bytes can be written). It is registered with util/tmpfiles.h,
 * so that a signal removes it; one a SIGKILL left behind is recognised by
 * that pattern and removed by the next build of the same output, once its
 * writer is gone (see outfile_begin).
 *
 * Failures are DIAG_IO errors (exit code 3 in the CLI) that say why and
 * what to do: the disk is full, the folder is read-only, the file size
 * limit (ulimit -f) was reached, ...
 */
#ifndef CAREC_UTIL_OUTFILE_H
#define CAREC_UTIL_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

#include "util/diag.h"

typedef struct outfile outfile;

typedef enum outfile_kind {
	OUTFILE_STDOUT,  /* "-" */
	OUTFILE_DIRECT,  /* a pipe, a character device or a socket */
	OUTFILE_REPLACE, /* an existing regular file, replaced by a rename */
	OUTFILE_NEW      /* nothing there yet: created by a rename */
} outfile_kind;

/* What the file is, in messages. */
typedef enum outfile_role {
	OUTFILE_PDF,
	OUTFILE_DUMP /* the layout dump (JSON) */
} outfile_role;

/* Look at what path names and decide how to write it (nothing is
 * written). Return 0 with the plan in *out (the caller frees it with
 * outfile_free), or -1 after a DIAG_IO error (a folder, a disk, a link
 * that cannot be followed). */
int outfile_plan(outfile **out, const char *path, outfile_role role,
                 diag_list *d);

outfile_kind outfile_kind_of(const outfile *of);

/* The path as given. */
const char *outfile_path(const outfile *of);

/* The existing file that would be written (OUTFILE_REPLACE: the file
 * replaced, links followed; OUTFILE_DIRECT: the device or pipe): 0 with
 * its device and inode, or -1 when there is none (new, standard output). */
int outfile_identity(const outfile *of, unsigned long long *dev,
                     unsigned long long *ino);

/* Would a and b write the same file? */
int outfile_same(const outfile *a, const outfile *b);

/* Start writing: standard output is taken as it is; a pipe, device or
 * socket is opened (a FIFO waits for a reader); otherwise a temporary
 * file is made beside the target, once the leftovers of builds of the
 * same output that were killed are removed. Return 0, or -1 after a
 * DIAG_IO error (nothing is left then). */
int outfile_begin(outfile *of, diag_list *d);

/* Write len bytes (buffered). ctx is the outfile (the shape of
 * render_stream_write's writer). Return 0, or -1 when this or an earlier
 * write failed: outfile_finish says why. */
int outfile_write(void *ctx, const void *data, size_t len);

/* A stdio stream over the output, owned by of (outfile_finish closes
 * it), or NULL when none can be made. Not mixed with outfile_write. */
FILE *outfile_stream(outfile *of);

/* Everything is written: flush it, and make a temporary file durable and
 * close it (it is not in place yet: outfile_commit). Return 0, or -1
 * after a DIAG_IO error saying why a write failed. */
int outfile_finish(outfile *of, diag_list *d);

/* Put the finished temporary file in place (rename); nothing for output
 * written in place. The caller holds off signals first (tmpfiles_hold).
 * Return 0, or -1 after a DIAG_IO error (the temporary file is then
 * removed by outfile_free). */
int outfile_commit(outfile *of, diag_list *d);

/* Free of, removing its temporary file unless it was committed. NULL is
 * ignored. */
void outfile_free(outfile *of);

/* Remove the temporary files of the output path (followed by no link)
 * that process pid left: the caller knows it is gone (it reaped it after
 * a SIGKILL). Best effort, as the removal of leftovers. */
void outfile_remove_abandoned(const char *path, long pid);

#endif
