/*
 * pdf_deflate.c - compress each page's content stream as soon as the page
 * is drawn (see render_seal_page in render_internal.h), on the drawing
 * thread.
 *
 * libharu keeps every page's content stream as written until the document
 * is saved, and only then deflates them all: for a long report that is
 * about 10 KB of memory per page held to the end. Sealing a page deflates
 * its stream at once and keeps only the compressed bytes (about 2.5 KB a
 * page), which libharu copies out as they are, with /Filter /FlateDecode
 * written by the stream's dictionary.
 *
 * A page's content is one zlib stream made of raw deflate parts, each
 * compressed on its own: what is beneath the body (drawn at the end),
 * the body (sealed as soon as it is drawn, ending in a sync flush, so
 * that more can follow), and what is above it (the running heads, drawn
 * at the end, with the final block). render_complete_page puts them
 * together behind a zlib header and the Adler-32 of the whole: one
 * stream object per page, however late its last part is drawn.
 */
#include "render/render_internal.h"

#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "util/mem.h"

/*
 * zlib's level. Measured on the 500-page benchmark report with literal
 * glyph strings: the PDF's size, and the instructions deflate takes:
 *
 *   level 1  1,829,438 B          level 5  1,624,105 B  0.48 G
 *   level 3  1,746,730 B          level 6  1,620,948 B  0.51 G
 *   level 4  1,655,810 B  0.42 G  level 9  1,620,491 B
 *
 * Level 5 costs 0.2 % more bytes than 6 for 6 % fewer instructions.
 */
#define SEAL_LEVEL 5

struct render_deflate {
	z_stream z;
};

/* A raw stream's buffers, borrowed from libharu. */
typedef struct seal_job {
	HPDF_BYTE **seg;
	HPDF_UINT *seglen;
	size_t nseg;
	size_t size; /* their total */
	int flush;   /* Z_SYNC_FLUSH, or Z_FINISH for the last part */
	unsigned char *out; /* the deflated bytes */
	size_t cap, outlen;
} seal_job;

static HPDF_STATUS
write_filter(HPDF_Dict dict, HPDF_Stream stream)
{
	(void)dict;
	return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

/* Deflate j's raw buffers into j->out with z; return 0, or -1 if zlib
 * failed. */
static int
deflate_job(z_stream *z, seal_job *j)
{
	/* A sync flush adds an empty stored block (5 bytes) and the
	 * bits pending. */
	uLong bound = deflateBound(z, (uLong)j->size) + 16;
	if (j->cap < bound) {
		free(j->out);
		j->cap = bound;
		j->out = xmalloc(j->cap);
	}
	if (deflateReset(z) != Z_OK)
		return -1;
	z->next_out = j->out;
	z->avail_out = (uInt)j->cap;
	for (size_t i = 0; i < j->nseg; i++) {
		z->next_in = j->seg[i];
		z->avail_in = j->seglen[i];
		if (deflate(z, i + 1 == j->nseg ? j->flush : Z_NO_FLUSH) ==
		    Z_STREAM_ERROR)
			return -1;
	}
	if (j->nseg == 0 && deflate(z, j->flush) == Z_STREAM_ERROR)
		return -1;
	if (z->avail_in != 0 || z->total_in != j->size || z->avail_out == 0)
		return -1;
	j->outlen = j->cap - z->avail_out;
	return 0;
}

static int
fail_zlib(render_ctx *rc, const char *what)
{
	diag_error(rc->diags, DIAG_PDF, (src_pos){NULL, 0, 0},
	           "cannot compress a page: %s", what);
	diag_note(rc->diags, "this is usually a lack of memory");
	return -1;
}

/* Make rc->deflate. Return 0, or -1 after a DIAG_PDF error. */
static int
start(render_ctx *rc)
{
	struct render_deflate *rd = xcalloc(1, sizeof(*rd));
	/* Raw deflate (no zlib header or checksum): the parts of a page are
	 * put together behind one header (render_complete_page). */
	if (deflateInit2(&rd->z, SEAL_LEVEL, Z_DEFLATED, -15, 8,
	                 Z_DEFAULT_STRATEGY) != Z_OK) {
		free(rd);
		return fail_zlib(rc, "zlib failed to start");
	}
	rc->deflate = rd;
	return 0;
}

/* Fill job j with the raw buffers of stream. Return 0, or -1 if they
 * cannot be read. */
static int
fill_job(seal_job *j, HPDF_Stream stream, int flush)
{
	HPDF_UINT nbufs = HPDF_MemStream_GetBufCount(stream);
	j->seg = xcalloc(nbufs ? nbufs : 1, sizeof(*j->seg));
	j->seglen = xcalloc(nbufs ? nbufs : 1, sizeof(*j->seglen));
	j->nseg = 0;
	for (HPDF_UINT i = 0; i < nbufs; i++) {
		HPDF_UINT len = 0;
		HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(stream, i, &len);
		if (!p)
			return -1;
		j->seg[j->nseg] = p;
		j->seglen[j->nseg++] = len;
	}
	j->size = stream->size;
	j->flush = flush;
	return 0;
}

static uint32_t
job_adler(const seal_job *j)
{
	uLong a = adler32(0L, Z_NULL, 0);
	for (size_t i = 0; i < j->nseg; i++)
		a = adler32(a, j->seg[i], j->seglen[i]);
	return (uint32_t)a;
}

static void
job_free(seal_job *j)
{
	free(j->seg);
	free(j->seglen);
	free(j->out);
}

int
render_seal_page(render_ctx *rc, render_page *rp)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)rp->page->attr;
	HPDF_Dict contents = attr ? attr->contents : NULL;
	/* A finished page whose stream libharu would deflate, and whose
	 * dictionary writes nothing of its own. */
	if (!contents || contents->stream != attr->stream ||
	    attr->stream->type != HPDF_STREAM_MEMORY ||
	    contents->filter != HPDF_STREAM_FILTER_FLATE_DECODE ||
	    contents->write_fn || attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION ||
	    attr->stream->size > 0xFFFFFFFFu) {
		diag_error(rc->diags, DIAG_INTERNAL, (src_pos){NULL, 0, 0},
		           "a page's content stream is not as expected");
		return -1;
	}
	if (!rc->deflate && start(rc))
		return -1;
	seal_job j;
	memset(&j, 0, sizeof(j));
	int r = fill_job(&j, attr->stream, Z_SYNC_FLUSH);
	if (r == 0)
		r = deflate_job(&rc->deflate->z, &j);
	if (r != 0) {
		job_free(&j);
		return fail_zlib(rc, "zlib failed");
	}
	rp->adler = job_adler(&j);
	rp->rawlen = (uint32_t)j.size;
	r = render_spill_put(rc, contents, attr, j.out, j.outlen);
	job_free(&j);
	if (r != 0)
		return -1;
	contents->filter = HPDF_STREAM_FILTER_NONE;
	contents->write_fn = write_filter;
	return 0;
}

/* Deflate what stream holds as one raw part (flush: Z_SYNC_FLUSH, or
 * Z_FINISH for the last) on this thread, appending to out. Adds the
 * part's Adler-32 to *adler and its length to *rawlen. */
static int
deflate_part(render_ctx *rc, HPDF_Stream stream, int flush, buf *out,
             uint32_t *adler, uint32_t *rawlen)
{
	seal_job j;
	memset(&j, 0, sizeof(j));
	int r = fill_job(&j, stream, flush);
	if (r == 0)
		r = deflate_job(&rc->deflate->z, &j);
	if (r == 0) {
		uLong a = job_adler(&j);
		*adler = (uint32_t)adler32_combine(*adler, a, (z_off_t)j.size);
		*rawlen += (uint32_t)j.size;
		buf_put(out, j.out, j.outlen);
	}
	job_free(&j);
	return r == 0 ? 0 : fail_zlib(rc, "zlib failed");
}

/* Draw items [from, to) of lp into a stream of their own and deflate it
 * as a part. */
static int
late_part(render_ctx *rc, const layout_page *lp, size_t from, size_t to,
          render_page *rp, int flush, buf *out, uint32_t *adler,
          uint32_t *rawlen)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)rp->page->attr;
	HPDF_Stream page_stream = attr->stream;
	HPDF_Stream tmp = HPDF_MemStream_New(rp->page->mmgr, 1024);
	if (!tmp)
		return render_fail(rc, 0, (src_pos){NULL, 0, 0}, "draw a page");
	attr->stream = tmp;
	int r = render_page_items(rc, lp, from, to, rp, 0);
	attr->stream = page_stream;
	if (r == 0)
		r = deflate_part(rc, tmp, flush, out, adler, rawlen);
	HPDF_Stream_Free(tmp);
	return r;
}

int
render_complete_page(render_ctx *rc, const layout_page *lp, size_t under,
                     size_t over, render_page *rp)
{
	if (!rc->deflate && start(rc))
		return -1;
	HPDF_PageAttr attr = (HPDF_PageAttr)rp->page->attr;
	buf back;
	buf_init(&back);
	size_t bodylen = 0;
	size_t errors = rc->diags->errors;
	const unsigned char *body = render_spill_get(rc, attr->contents,
	                                             &bodylen, &back);
	if (!body || attr->contents->write_fn != write_filter) {
		buf_free(&back);
		if (rc->diags->errors > errors)
			return -1;
		diag_error(rc->diags, DIAG_INTERNAL, (src_pos){NULL, 0, 0},
		           "a page was completed before its body was compressed");
		return -1;
	}
	buf b;
	buf_init(&b);
	/* The zlib header: deflate with a 32 KB window, and the level. */
	unsigned char cmf = 0x78;
	unsigned char flg = (unsigned char)((SEAL_LEVEL < 2 ? 0
	                                     : SEAL_LEVEL < 6 ? 1
	                                     : SEAL_LEVEL == 6 ? 2 : 3) << 6);
	flg = (unsigned char)(flg + 31 - (cmf * 256 + flg) % 31);
	buf_putc(&b, (char)cmf);
	buf_putc(&b, (char)flg);
	uint32_t adler = adler32(0L, Z_NULL, 0), rawlen = 0;
	int r = 0;
	if (under > 0)
		r = late_part(rc, lp, 0, under, rp, Z_SYNC_FLUSH, &b, &adler,
		              &rawlen);
	if (r == 0) {
		buf_put(&b, body, bodylen);
		adler = (uint32_t)adler32_combine(adler, rp->adler,
		                                  (z_off_t)rp->rawlen);
		rawlen += rp->rawlen;
		/* The last part ends the stream, even if it is empty. */
		r = late_part(rc, lp, lp->nitems - over, lp->nitems, rp, Z_FINISH,
		              &b, &adler, &rawlen);
	}
	if (r == 0) {
		unsigned char be[4] = {(unsigned char)(adler >> 24),
		                       (unsigned char)(adler >> 16),
		                       (unsigned char)(adler >> 8),
		                       (unsigned char)adler};
		buf_put(&b, be, 4);
		r = render_spill_put(rc, attr->contents, attr,
		                     (const unsigned char *)b.data, b.len);
	}
	buf_free(&b);
	buf_free(&back);
	return r;
}

void
render_deflate_free(render_ctx *rc)
{
	struct render_deflate *rd = rc->deflate;
	if (!rd)
		return;
	deflateEnd(&rd->z);
	free(rd);
	rc->deflate = NULL;
}
