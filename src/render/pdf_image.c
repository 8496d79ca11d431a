/* pdf_image.c - raster images: pixels with a soft mask, or a validated
 * JPEG passed through as DCT, each embedded once however often used. A
 * leaf of pdf_page.c, which calls it outside any text object.
 *
 * libharu's own PNG loader is never used (it aborts on bad files and
 * mangles tRNS, interlaced and 16-bit images): src/image/ has decoded
 * and checked every file, and hands over 8-bit pixels or JPEG bytes. */
#include "render/render_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

static int
check(render_ctx *rc, HPDF_STATUS st, const layout_item *it, const char *what)
{
	if (st == HPDF_OK)
		return 0;
	return render_fail(rc, st, it->pos, what);
}

/* Load raw 8-bit samples as an image XObject, Flate-compressed. */
static HPDF_Image
load_raw(render_ctx *rc, const unsigned char *px, int w, int h,
         HPDF_ColorSpace cs)
{
	HPDF_Image im = HPDF_LoadRawImageFromMem(rc->pdf, px, (HPDF_UINT)w,
	                                         (HPDF_UINT)h, cs, 8);
	if (im)
		haru_image_deflate(im);
	return im;
}

/* The image's XObject, embedded on first use. NULL after a diagnostic. */
static HPDF_Image
embed(render_ctx *rc, const layout_image *li, const layout_item *it)
{
	if (li->id < 0 || li->width <= 0 || li->height <= 0) {
		diag_error(rc->diags, DIAG_INTERNAL, it->pos,
		           "image '%s' has no pixels to draw",
		           li->path ? li->path : "");
		return NULL;
	}
	size_t id = (size_t)li->id;
	if (id >= rc->nimages) {
		size_t old = rc->nimages;
		rc->images = xgrow(rc->images, &rc->nimages, id + 1,
		                   sizeof(*rc->images));
		memset(rc->images + old, 0,
		       (rc->nimages - old) * sizeof(*rc->images));
	}
	if (rc->images[id])
		return rc->images[id];

	HPDF_Image im;
	if (li->jpeg) {
		im = HPDF_LoadJpegImageFromMem(rc->pdf, li->jpeg,
		                               (HPDF_UINT)li->jpeg_len);
		if (!im) {
			render_fail(rc, 0, it->pos, "embed a JPEG image");
			return NULL;
		}
		/* libharu writes the inverted /Decode of Adobe CMYK for every
		 * CMYK JPEG; a plain one needs none. */
		if (li->components == 4 && !li->jpeg_inverted &&
		    HPDF_Dict_GetItem(im, "Decode", HPDF_OCLASS_ARRAY))
			HPDF_Dict_RemoveElement(im, "Decode");
	} else if (li->pixels) {
		HPDF_ColorSpace cs = li->components == 1   ? HPDF_CS_DEVICE_GRAY
		                     : li->components == 4 ? HPDF_CS_DEVICE_CMYK
		                                           : HPDF_CS_DEVICE_RGB;
		im = load_raw(rc, li->pixels, li->width, li->height, cs);
		if (!im) {
			render_fail(rc, 0, it->pos, "embed an image");
			return NULL;
		}
		if (li->alpha) {
			HPDF_Image mask = load_raw(rc, li->alpha, li->width,
			                           li->height, HPDF_CS_DEVICE_GRAY);
			if (!mask) {
				render_fail(rc, 0, it->pos, "embed an image's transparency");
				return NULL;
			}
			if (check(rc, HPDF_Image_AddSMask(im, mask), it,
			          "attach an image's transparency"))
				return NULL;
		}
	} else {
		diag_error(rc->diags, DIAG_INTERNAL, it->pos,
		           "image '%s' has neither pixels nor JPEG data",
		           li->path ? li->path : "");
		return NULL;
	}
	rc->images[id] = im;
	return im;
}

int
render_image_shows(const layout_item *it)
{
	const layout_image_item *ii = &it->u.image;
	return ii->image && ii->w > 0 && ii->h > 0 && ii->clip_w > 0 &&
	       ii->clip_h > 0;
}

int
render_draw_image(render_ctx *rc, HPDF_Page page, double height,
                  const layout_item *it)
{
	const layout_image_item *ii = &it->u.image;
	if (!render_image_shows(it))
		return 0;
	HPDF_Image im = embed(rc, ii->image, it);
	if (!im)
		return -1;
	const double eps = 0.01;
	int crop = ii->clip_x > ii->x + eps || ii->clip_y > ii->y + eps ||
	           ii->clip_x + ii->clip_w < ii->x + ii->w - eps ||
	           ii->clip_y + ii->clip_h < ii->y + ii->h - eps;
	if (check(rc, HPDF_Page_GSave(page), it, "draw an image"))
		return -1;
	if (crop) {
		HPDF_STATUS st = HPDF_Page_Rectangle(
		        page, (HPDF_REAL)ii->clip_x,
		        (HPDF_REAL)(height - ii->clip_y - ii->clip_h),
		        (HPDF_REAL)ii->clip_w, (HPDF_REAL)ii->clip_h);
		if (st == HPDF_OK)
			st = HPDF_Page_Clip(page);
		if (st == HPDF_OK)
			st = HPDF_Page_EndPath(page);
		if (check(rc, st, it, "crop an image"))
			return -1;
	}
	if (check(rc,
	          HPDF_Page_DrawImage(page, im, (HPDF_REAL)ii->x,
	                              (HPDF_REAL)(height - ii->y - ii->h),
	                              (HPDF_REAL)ii->w, (HPDF_REAL)ii->h),
	          it, "draw an image") ||
	    check(rc, HPDF_Page_GRestore(page), it, "draw an image"))
		return -1;
	return 0;
}
