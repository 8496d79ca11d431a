/*
 * pdf_spill.c - the compressed content of drawn pages kept in a temporary
 * file until the PDF is written, not in memory (see render_spill_put in
 * render_internal.h).
 *
 * libharu writes nothing before HPDF_SaveToStream, so every page's content
 * stream would be held to the end: its compressed bytes are most of the
 * output (about 2.5 KB a page). Here each page's bytes go to the end of
 * one unlinked temporary file, and its stream becomes a libharu callback
 * reader over that range, which the save copies out as it would copy the
 * bytes from memory. A page keeps a 24-byte note of where its bytes are.
 *
 * Only an optimisation: when no temporary file can be made or written
 * (no space left), the bytes stay in memory, as libharu keeps them. A
 * file that cannot be read back when the PDF is written fails the save
 * (a libharu I/O error, reported as such).
 */
#define _GNU_SOURCE /* O_TMPFILE */

#include "render/render_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


/* Where a page's bytes are in the file, and how far the save has read. */
typedef struct spill_ref {
	int fd;
	uint32_t len, pos;
	uint64_t off;
} spill_ref;

static HPDF_STATUS
spill_read(HPDF_Stream s, HPDF_BYTE *ptr, HPDF_UINT *siz)
{
	spill_ref *r = s->attr;
	HPDF_UINT want = *siz, got = 0;
	if (want > r->len - r->pos)
		want = r->len - r->pos;
	while (got < want) {
		ssize_t n = pread(r->fd, ptr + got, want - got,
		                  (off_t)(r->off + r->pos + got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			*siz = got;
			return HPDF_SetError(s->error, HPDF_FILE_IO_ERROR,
			                     n < 0 ? errno : EIO);
		}
		got += (HPDF_UINT)n;
	}
	r->pos += got;
	*siz = got;
	return r->pos == r->len ? HPDF_STREAM_EOF : HPDF_OK;
}

static HPDF_STATUS
spill_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
	spill_ref *r = s->attr;
	long long to = mode == HPDF_SEEK_CUR ? (long long)r->pos + pos
	               : mode == HPDF_SEEK_END ? (long long)r->len - pos
	                                       : (long long)pos;
	if (to < 0 || to > (long long)r->len)
		return HPDF_SetError(s->error, HPDF_STREAM_EOF, 0);
	r->pos = (uint32_t)to;
	return HPDF_OK;
}

static HPDF_INT32
spill_tell(HPDF_Stream s)
{
	return (HPDF_INT32)((spill_ref *)s->attr)->pos;
}

static HPDF_UINT32
spill_size(HPDF_Stream s)
{
	return ((spill_ref *)s->attr)->len;
}

static void
spill_free(HPDF_Stream s)
{
	HPDF_FreeMem(s->mmgr, s->attr);
	s->attr = NULL;
}

/* The temporary file, made on first use in $TMPDIR (or /tmp) and
 * unlinked at once: -1 when none can be made. */
static int
spill_file(render_ctx *rc)
{
	if (rc->spill_state)
		return rc->spill_state > 0 ? rc->spill_fd : -1;
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0) {
		/* A file system without O_TMPFILE: a named file, unlinked. */
		char *path = xasprintf("%s/carec-report.XXXXXX", dir);
		fd = mkostemp(path, O_CLOEXEC);
		if (fd >= 0)
			unlink(path);
		free(path);
	}
	rc->spill_state = fd >= 0 ? 1 : -1;
	rc->spill_fd = fd;
	return fd;
}

/* Append len bytes to the file: 0 with their offset in *off, or -1. */
static int
spill_write(render_ctx *rc, const unsigned char *data, size_t len,
            uint64_t *off)
{
	int fd = spill_file(rc);
	if (fd < 0 || len >= UINT32_MAX)
		return -1;
	size_t put = 0;
	while (put < len) {
		ssize_t n = pwrite(fd, data + put, len - put,
		                   (off_t)(rc->spill_end + put));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1; /* the space is given back with the file */
		put += (size_t)n;
	}
	*off = rc->spill_end;
	rc->spill_end += len;
	return 0;
}

/* Replace what memory stream s holds with len bytes of data, in one block
 * of exactly that size, not libharu's 4 KB blocks (a page's 2.5 KB would
 * take a whole one): nothing writes to it any more. */
static HPDF_STATUS
store(HPDF_Stream s, const unsigned char *data, size_t len)
{
	HPDF_MemStream_FreeData(s);
	HPDF_MemStreamAttr ma = (HPDF_MemStreamAttr)s->attr;
	ma->buf_siz = len ? (HPDF_UINT)len : 1;
	ma->w_pos = ma->buf_siz;
	return HPDF_Stream_Write(s, data, (HPDF_UINT)len);
}

/* Make s, the stream of contents (and the one page attr draws into),
 * stream n instead, freeing s. */
static void
swap_stream(HPDF_Dict contents, HPDF_PageAttr attr, HPDF_Stream n)
{
	HPDF_Stream s = contents->stream;
	if (attr && attr->stream == s)
		attr->stream = n;
	contents->stream = n;
	HPDF_Stream_Free(s);
}

int
render_spill_put(render_ctx *rc, HPDF_Dict contents, HPDF_PageAttr attr,
                 const unsigned char *data, size_t len)
{
	HPDF_Stream s = contents->stream;
	HPDF_MMgr mmgr = s->mmgr;
	uint64_t off;
	if (spill_write(rc, data, len, &off) == 0) {
		if (s->read_fn != spill_read) {
			spill_ref *r = HPDF_GetMem(mmgr, sizeof(*r));
			HPDF_Stream n = r ? HPDF_CallbackReader_New(mmgr, spill_read,
			                    spill_seek, spill_tell, spill_size, r)
			                  : NULL;
			if (!n) {
				if (r)
					HPDF_FreeMem(mmgr, r);
				return render_fail(rc, 0, (src_pos){NULL, 0, 0},
				                   "keep a page's content");
			}
			n->free_fn = spill_free;
			swap_stream(contents, attr, n);
			s = n;
		}
		spill_ref *r = s->attr;
		r->fd = rc->spill_fd;
		r->off = off;
		r->len = (uint32_t)len;
		r->pos = 0;
		return 0;
	}
	/* No file to keep it in: memory, then. */
	if (s->read_fn == spill_read) {
		HPDF_Stream n = HPDF_MemStream_New(mmgr, len ? (HPDF_UINT)len : 1);
		if (!n)
			return render_fail(rc, 0, (src_pos){NULL, 0, 0},
			                   "keep a page's content");
		swap_stream(contents, attr, n);
		s = n;
	}
	if (store(s, data, len) != HPDF_OK)
		return render_fail(rc, 0, (src_pos){NULL, 0, 0},
		                   "keep a page's content");
	return 0;
}

const unsigned char *
render_spill_get(render_ctx *rc, HPDF_Dict contents, size_t *len, buf *b)
{
	HPDF_Stream s = contents->stream;
	*len = 0;
	if (s->read_fn != spill_read) {
		HPDF_UINT n = 0;
		HPDF_BYTE *p = HPDF_MemStream_GetBufCount(s) == 1
		               ? HPDF_MemStream_GetBufPtr(s, 0, &n)
		               : NULL;
		*len = n;
		return p;
	}
	spill_ref *r = s->attr;
	b->len = 0;
	buf_reserve(b, (size_t)r->len + 1);
	size_t got = 0;
	while (got < r->len) {
		ssize_t n = pread(r->fd, b->data + got, r->len - got,
		                  (off_t)(r->off + got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			render_fail(rc, 0, (src_pos){NULL, 0, 0},
			            "read back a page's content from a temporary "
			            "file");
			return NULL;
		}
		got += (size_t)n;
	}
	b->len = got;
	*len = got;
	return (const unsigned char *)b->data;
}

void
render_spill_close(render_ctx *rc)
{
	if (rc->spill_state > 0)
		close(rc->spill_fd);
	rc->spill_state = 0;
	rc->spill_end = 0;
}
