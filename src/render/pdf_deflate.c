/*
 * pdf_deflate.c - bytes in, raw deflate parts of a zlib stream out (see
 * render_deflate_part in render_internal.h). No libharu here: pdf_page.c
 * hands over a page's content and puts the parts together.
 *
 * libharu keeps every page's content stream as written until the document
 * is saved, and only then deflates them all: for a long report that is
 * about 10 KB of memory per page held to the end. So a page's content is
 * deflated as soon as it is drawn, and only the compressed bytes are kept
 * (about 2.5 KB a page). It is one zlib stream made of raw deflate parts,
 * each compressed on its own (deflateReset): what is beneath the body
 * (drawn at the end), the body (deflated as soon as it is drawn, ending
 * in a sync flush, so that more can follow), and what is above it (the
 * running heads, drawn at the end, with the final block); behind one zlib
 * header, with the Adler-32 of the whole. The bytes of a part depend only
 * on the part, so the PDF is the same however the pages come.
 *
 * The bodies are deflated as tasks of the run's worker (util/worker.h,
 * pdf_page.c), on either thread, so each thread has its own zlib state
 * (made on first use, freed by render_thread_end), and nothing here adds
 * a diagnostic: the caller, on the main thread, says why it failed.
 */
#include "render/render_internal.h"

#include <stdlib.h>

#include <zlib.h>

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
#define ZLIB_LEVEL 5

/* This thread's zlib state, made on first use. */
static _Thread_local z_stream *zstate;

int
render_deflate_part(const unsigned char *data, size_t len, int last, buf *out,
                    uint32_t *adler, uint32_t *rawlen, const char **why)
{
	if (!zstate) {
		z_stream *z = xcalloc(1, sizeof(*z));
		/* Raw deflate: no zlib header or checksum of its own. */
		if (deflateInit2(z, ZLIB_LEVEL, Z_DEFLATED, -15, 8,
		                 Z_DEFAULT_STRATEGY) != Z_OK) {
			free(z);
			*why = "zlib failed to start";
			return -1;
		}
		zstate = z;
	}
	if (len > 0xFFFFFFFFu - *rawlen) {
		*why = "its content is over 4 GB";
		return -1;
	}
	z_stream *z = zstate;
	/* A sync flush adds an empty stored block (5 bytes) and the bits
	 * pending. */
	uLong bound = deflateBound(z, (uLong)len) + 16;
	buf_reserve(out, bound);
	*why = "zlib failed";
	if (deflateReset(z) != Z_OK)
		return -1;
	z->next_in = (Bytef *)(uintptr_t)data;
	z->avail_in = (uInt)len;
	z->next_out = (Bytef *)out->data + out->len;
	z->avail_out = (uInt)bound;
	if (deflate(z, last ? Z_FINISH : Z_SYNC_FLUSH) == Z_STREAM_ERROR ||
	    z->avail_in != 0 || z->avail_out == 0 ||
	    (last && z->total_in != len))
		return -1;
	out->len += bound - z->avail_out;
	out->data[out->len] = '\0'; /* as buf_* leave it */
	uLong a = adler32(0L, Z_NULL, 0);
	if (len)
		a = adler32(a, data, (uInt)len);
	*adler = render_adler_combine(*adler, (uint32_t)a, len);
	*rawlen += (uint32_t)len;
	return 0;
}

int
render_deflate_failed(render_ctx *rc, const char *why)
{
	diag_error(rc->diags, DIAG_PDF, (src_pos){NULL, 0, 0},
	           "cannot compress a page: %s", why);
	diag_note(rc->diags, "this is usually a lack of memory");
	return -1;
}

void
render_zlib_header(buf *out)
{
	/* Deflate with a 32 KB window, and the level in FLEVEL. */
	unsigned char cmf = 0x78;
	unsigned char flg = (unsigned char)((ZLIB_LEVEL < 2    ? 0
	                                     : ZLIB_LEVEL < 6  ? 1
	                                     : ZLIB_LEVEL == 6 ? 2
	                                                       : 3)
	                                    << 6);
	flg = (unsigned char)(flg + 31 - (cmf * 256 + flg) % 31);
	buf_putc(out, (char)cmf);
	buf_putc(out, (char)flg);
}

void
render_zlib_trailer(buf *out, uint32_t adler)
{
	unsigned char be[4] = {
	        (unsigned char)(adler >> 24), (unsigned char)(adler >> 16),
	        (unsigned char)(adler >> 8), (unsigned char)adler};
	buf_put(out, be, 4);
}

uint32_t
render_adler_combine(uint32_t a, uint32_t b, size_t len)
{
	return (uint32_t)adler32_combine(a, b, (z_off_t)len);
}

void
render_thread_end(void)
{
	if (!zstate)
		return;
	deflateEnd(zstate);
	free(zstate);
	zstate = NULL;
}

int
render_deflate_whole(buf *out, const void *data, size_t len)
{
	uLongf zlen = compressBound((uLong)len);
	buf_reserve(out, out->len + zlen);
	if (compress2((Bytef *)out->data + out->len, &zlen, data, (uLong)len,
	              Z_DEFAULT_COMPRESSION) != Z_OK)
		return -1;
	out->len += zlen;
	return 0;
}
