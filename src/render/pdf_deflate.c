/*
 * pdf_deflate.c - compress each page's content stream as soon as the page
 * is drawn (see render_seal_page in render_internal.h).
 *
 * libharu keeps every page's content stream as written until the document
 * is saved, and only then deflates them all: for a long report that is
 * about 14 KB of memory per page held to the end (500 pages: 7 MB) and
 * all of the compression at the very end. Sealing a page deflates its
 * stream at once, keeps only the compressed bytes (about 2.5 KB a page),
 * and tells libharu to copy them out as they are, with /Filter
 * /FlateDecode written by the stream's dictionary.
 */
#include "render/render_internal.h"

#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "util/mem.h"

/*
 * zlib's level. Measured on the 500-page benchmark report (8.5 MB of
 * decoded streams): level 1 gives 1.87 MB in 0.06 s, 3 gives 1.49 MB in
 * 0.08 s, 6 (zlib's default, what libharu used) 1.23 MB in 0.13 s and 9
 * 1.21 MB in 0.30 s. The output must stay as small as before, so 6.
 */
#define SEAL_LEVEL 6

struct render_deflate {
	z_stream z;
	unsigned char *out;
	size_t cap;
};

static HPDF_STATUS
write_filter(HPDF_Dict dict, HPDF_Stream stream)
{
	(void)dict;
	return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

/* Deflate the stream's bytes into rd->out; return the length, or 0 if
 * zlib failed. */
static size_t
deflate_stream(struct render_deflate *rd, HPDF_Stream s)
{
	uLong bound = deflateBound(&rd->z, (uLong)s->size);
	if (rd->cap < bound) {
		free(rd->out);
		rd->cap = bound;
		rd->out = xmalloc(rd->cap);
	}
	if (deflateReset(&rd->z) != Z_OK)
		return 0;
	rd->z.next_out = rd->out;
	rd->z.avail_out = (uInt)rd->cap;
	HPDF_UINT nbufs = HPDF_MemStream_GetBufCount(s);
	for (HPDF_UINT i = 0; i < nbufs; i++) {
		HPDF_UINT len = 0;
		HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(s, i, &len);
		if (!p)
			return 0;
		rd->z.next_in = p;
		rd->z.avail_in = len;
		if (deflate(&rd->z, i + 1 == nbufs ? Z_FINISH : Z_NO_FLUSH) ==
		    Z_STREAM_ERROR)
			return 0;
	}
	if (nbufs == 0 && deflate(&rd->z, Z_FINISH) == Z_STREAM_ERROR)
		return 0;
	if (rd->z.avail_in != 0 || rd->z.total_in != s->size)
		return 0;
	return rd->cap - rd->z.avail_out;
}

int
render_seal_page(render_ctx *rc, HPDF_Page page)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	HPDF_Dict contents = attr ? attr->contents : NULL;
	/* Only a finished page whose stream libharu would deflate, and whose
	 * dictionary writes nothing of its own. */
	if (!contents || contents->stream != attr->stream ||
	    attr->stream->type != HPDF_STREAM_MEMORY ||
	    contents->filter != HPDF_STREAM_FILTER_FLATE_DECODE ||
	    contents->write_fn || attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION)
		return 0;
	if (!rc->deflate) {
		rc->deflate = xcalloc(1, sizeof(*rc->deflate));
		if (deflateInit(&rc->deflate->z, SEAL_LEVEL) != Z_OK) {
			free(rc->deflate);
			rc->deflate = NULL;
			diag_error(rc->diags, DIAG_PDF, (src_pos){NULL, 0, 0},
			           "cannot compress a page: zlib failed to start");
			diag_note(rc->diags, "this is usually a lack of memory");
			return -1;
		}
	}
	size_t n = deflate_stream(rc->deflate, attr->stream);
	if (n == 0) {
		diag_error(rc->diags, DIAG_PDF, (src_pos){NULL, 0, 0},
		           "cannot compress a page: zlib failed");
		diag_note(rc->diags, "this is usually a lack of memory");
		return -1;
	}
	HPDF_MemStream_FreeData(attr->stream);
	if (HPDF_Stream_Write(attr->stream, rc->deflate->out, (HPDF_UINT)n) !=
	    HPDF_OK)
		return render_fail(rc, 0, (src_pos){NULL, 0, 0},
		                   "store a compressed page");
	contents->filter = HPDF_STREAM_FILTER_NONE;
	contents->write_fn = write_filter;
	return 0;
}

void
render_deflate_free(render_ctx *rc)
{
	if (!rc->deflate)
		return;
	deflateEnd(&rc->deflate->z);
	free(rc->deflate->out);
	free(rc->deflate);
	rc->deflate = NULL;
}
