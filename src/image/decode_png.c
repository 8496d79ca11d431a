/* decode_png.c - PNG through libpng, from memory, with a setjmp error
 * handler and no warnings printed. Every colour type and bit depth comes
 * out as 8-bit grey or RGB, plus 8-bit alpha when the image has any. */
#include "image/image_internal.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

#include "util/limits.h"

/* State that must survive a longjmp: kept outside the function that
 * calls setjmp. */
typedef struct pngctx {
	idecode *d;
	size_t pos;          /* next byte to read */
	int truncated;       /* the read callback ran out of data */
	char msg[200];       /* libpng's error message */
	png_structp png;
	png_infop info;
	png_bytep *rows;     /* malloc'd */
	unsigned char *interleaved; /* malloc'd: grey+alpha or RGBA rows */
} pngctx;

static void
on_error(png_structp png, png_const_charp msg)
{
	pngctx *c = png_get_error_ptr(png);
	snprintf(c->msg, sizeof(c->msg), "%s", msg ? msg : "unknown error");
	png_longjmp(png, 1);
}

static void
on_warning(png_structp png, png_const_charp msg)
{
	/* Warnings are about ancillary data libpng skips; say nothing. */
	(void)png;
	(void)msg;
}

static void
on_read(png_structp png, png_bytep out, png_size_t n)
{
	pngctx *c = png_get_io_ptr(png);
	if (n > c->d->len - c->pos) {
		c->truncated = 1;
		png_error(png, "the file ends early");
	}
	memcpy(out, c->d->data + c->pos, n);
	c->pos += n;
}

static unsigned long
be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	       (unsigned long)p[2] << 8 | p[3];
}

static int
has(const char *s, const char *needle)
{
	return strstr(s, needle) != NULL;
}

/* Run libpng; return 0, or -1 after a libpng error (c->msg). */
static int
run(pngctx *c)
{
	idecode *d = c->d;
	image *out = d->out;
	if (setjmp(png_jmpbuf(c->png)))
		return -1;
	/* Our own pixel limit applies, not libpng's 1-million-wide one. */
	png_set_user_limits(c->png, 0x7fffffffL, 0x7fffffffL);
	png_set_read_fn(c->png, c, on_read);
	png_read_info(c->png, c->info);

	png_uint_32 w = 0, h = 0;
	int depth = 0, type = 0, interlace = 0;
	png_get_IHDR(c->png, c->info, &w, &h, &depth, &type, &interlace, NULL,
	             NULL);
	if (ioversize(d, w, h)) {
		d->status = IMAGE_ERR_TOO_LARGE;
		return 0;
	}
	if (type == PNG_COLOR_TYPE_PALETTE)
		png_set_palette_to_rgb(c->png);
	if (type == PNG_COLOR_TYPE_GRAY && depth < 8)
		png_set_expand_gray_1_2_4_to_8(c->png);
	if (png_get_valid(c->png, c->info, PNG_INFO_tRNS))
		png_set_tRNS_to_alpha(c->png);
	if (depth == 16)
		png_set_scale_16(c->png);
	if (interlace != PNG_INTERLACE_NONE)
		png_set_interlace_handling(c->png);
	png_read_update_info(c->png, c->info);

	int channels = png_get_channels(c->png, c->info);
	size_t rowbytes = png_get_rowbytes(c->png, c->info);
	if (png_get_bit_depth(c->png, c->info) != 8 || channels < 1 ||
	    channels > 4 || rowbytes != (size_t)w * (size_t)channels) {
		d->status = IMAGE_ERR_UNSUPPORTED;
		snprintf(d->detail, sizeof(d->detail),
		         "colour type %d at %d bits", type, depth);
		return 0;
	}
	const int comps = channels >= 3 ? 3 : 1;
	const int has_alpha = channels == 2 || channels == 4;
	const size_t npx = (size_t)w * h;
	unsigned char *target;
	if (has_alpha) {
		c->interleaved = xmalloc(npx * (size_t)channels);
		target = c->interleaved;
	} else {
		target = arena_alloc(d->mem, npx * (size_t)comps);
	}
	c->rows = xmalloc(h * sizeof(*c->rows));
	for (png_uint_32 y = 0; y < h; y++)
		c->rows[y] = target + (size_t)y * rowbytes;
	png_read_image(c->png, c->rows);
	/* The rest of the file: its chunks' checksums and the IEND. */
	png_read_end(c->png, NULL);

	out->width = (int)w;
	out->height = (int)h;
	out->components = comps;
	out->orientation = 1;
	if (!has_alpha) {
		out->pixels = target;
		return 0;
	}
	out->pixels = arena_alloc(d->mem, npx * (size_t)comps);
	unsigned char *alpha = arena_alloc(d->mem, npx);
	int opaque = 1;
	for (size_t i = 0; i < npx; i++) {
		const unsigned char *px = target + i * (size_t)channels;
		memcpy(out->pixels + i * (size_t)comps, px, (size_t)comps);
		alpha[i] = px[comps];
		opaque &= alpha[i] == 255;
	}
	/* A fully opaque alpha channel needs no soft mask. */
	out->alpha = opaque ? NULL : alpha;
	return 0;
}

image_status
idecode_png(idecode *d)
{
	pngctx c;
	memset(&c, 0, sizeof(c));
	c.d = d;
	d->status = IMAGE_OK;
	/* The declared size, before libpng allocates anything for it. */
	if (d->len >= 24 && memcmp(d->data + 12, "IHDR", 4) == 0 &&
	    ioversize(d, be32(d->data + 16), be32(d->data + 20)))
		return d->status = IMAGE_ERR_TOO_LARGE;

	c.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &c, on_error,
	                               on_warning);
	if (!c.png || !(c.info = png_create_info_struct(c.png))) {
		d->status = IMAGE_ERR_UNSUPPORTED;
		snprintf(d->detail, sizeof(d->detail), "libpng could not start");
		goto done;
	}
	if (run(&c) != 0) {
		if (c.truncated || has(c.msg, "Not enough image data") ||
		    has(c.msg, "Read Error")) {
			d->status = IMAGE_ERR_TRUNCATED;
		} else if (has(c.msg, "CRC error")) {
			d->status = IMAGE_ERR_CRC;
			if (strncmp(c.msg, "IDAT", 4) == 0)
				snprintf(d->detail, sizeof(d->detail), "in the picture "
				         "data");
			else if (strncmp(c.msg, "IHDR", 4) == 0)
				snprintf(d->detail, sizeof(d->detail), "in the header");
			else
				snprintf(d->detail, sizeof(d->detail), "in the %.4s chunk",
				         c.msg);
		} else {
			d->status = IMAGE_ERR_DAMAGED;
			snprintf(d->detail, sizeof(d->detail), "libpng: %s", c.msg);
		}
	}
done:
	if (c.png)
		png_destroy_read_struct(&c.png, c.info ? &c.info : NULL, NULL);
	free(c.rows);
	free(c.interleaved);
	return d->status;
}
