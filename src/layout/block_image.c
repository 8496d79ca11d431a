/* block_image.c - an image, sized from its keys and its proportions,
 * never wider than the column nor taller than the text area, with a
 * caption kept below it. Each file is decoded once per run (media.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "image/image.h"
#include "layout/lstyle.h"
#include "util/limits.h"

/* Below this, print shows pixels. */
#define MIN_DPI 150.0
/* Space between the image and its caption. */
#define CAPTION_GAP 6.0
/* A caption is never set narrower than this, however small the image. */
#define CAPTION_MIN_W 240.0

/* What an image holds in memory (LIMIT_DOC_IMAGE_BYTES): its samples, or
 * the bytes of a JPEG embedded as it is (jpeg_len > 0). */
static long long
image_bytes(int w, int h, int components, int alpha, size_t jpeg_len)
{
	if (jpeg_len > 0)
		return (long long)jpeg_len;
	return (long long)w * h * (components + (alpha ? 1 : 0));
}

/* Remember that the image at real path real (may be NULL) failed. */
static void
bad_image(lflow *f, const char *real)
{
	if (!real)
		return;
	if (f->nbad_images == f->capbad_images)
		f->bad_images = arena_xgrow(&f->ld->mem, f->bad_images, f->nbad_images, &f->capbad_images,
		                f->nbad_images + 1, sizeof(*f->bad_images));
	f->bad_images[f->nbad_images++] = arena_strdup(&f->ld->mem, real);
}

/* The image at path, decoded now or found among those decoded before
 * (by real path, so two spellings of one file share it). NULL after an
 * error. */
static const layout_image *
get_image(lflow *f, const model_image *mi)
{
	layout_doc *ld = f->ld;
	char *real = realpath(mi->path, NULL);
	if (real) {
		for (size_t i = 0; i < ld->nimages; i++) {
			if (f->image_keys[i] && strcmp(f->image_keys[i], real) == 0) {
				free(real);
				return ld->images[i];
			}
		}
		for (size_t i = 0; i < f->nbad_images; i++)
			if (strcmp(f->bad_images[i], real) == 0) {
				free(real);
				return NULL; /* said at its first use */
			}
	}
	if (f->images_full) {
		/* LIMIT_DOC_IMAGE_BYTES was passed (and said): no more is
		 * decoded, so that memory stays bounded. */
		free(real);
		return NULL;
	}
	image im;
	image_status st = lmedia_image(f, real, mi, &im);
	if (st != IMAGE_OK) {
		bad_image(f, real);
		free(real);
		return NULL;
	}
	long long total = image_bytes(im.width, im.height, im.components,
	                              im.alpha != NULL, im.jpeg ? im.jpeg_len : 0);
	for (size_t i = 0; i < ld->nimages; i++) {
		const layout_image *o = ld->images[i];
		total += image_bytes(o->width, o->height, o->components,
		                     o->alpha != NULL, o->jpeg ? o->jpeg_len : 0);
	}
	if (total > LIMIT_DOC_IMAGE_BYTES) {
		diag_error(f->diags, DIAG_LIMIT, mi->path_pos,
		           "with '%s' the document's images take more than %ld MB "
		           "once decoded (LIMIT_DOC_IMAGE_BYTES)",
		           mi->path, LIMIT_DOC_IMAGE_BYTES / (1024L * 1024));
		diag_note(f->diags, "scale the images down (300 dpi at the size "
		                    "they are shown is enough for print), or save "
		                    "photographs as JPEG");
		f->images_full = 1;
		free(real);
		return NULL;
	}

	if (ld->nimages == ld->capimages) {
		ld->images = arena_xgrow(&ld->mem, ld->images, ld->nimages,
		                         &ld->capimages, ld->nimages + 1,
		                         sizeof(*ld->images));
		/* The keys run beside the images, with the same capacity. */
		f->image_keys = arena_grow(&ld->mem, f->image_keys, ld->nimages,
		                           ld->capimages, sizeof(*f->image_keys));
	}
	layout_image *li = arena_alloc(&ld->mem, sizeof(*li));
	li->id = (int)ld->nimages;
	li->path = arena_strdup(&ld->mem, mi->path);
	li->width = im.width;
	li->height = im.height;
	li->components = im.components;
	li->pixels = im.pixels;
	li->alpha = im.alpha;
	li->jpeg = im.jpeg;
	li->jpeg_len = im.jpeg_len;
	li->jpeg_inverted = im.jpeg_inverted;
	f->image_keys[ld->nimages] = real ? arena_strdup(&ld->mem, real) : NULL;
	ld->images[ld->nimages++] = li;
	free(real);
	return li;
}

static double
x_for(const model_image *mi, double x, double colw, double w)
{
	switch (mi->align) {
	case MODEL_ALIGN_LEFT:
		return x;
	case MODEL_ALIGN_RIGHT:
		return x + colw - w;
	default:
		return x + (colw - w) / 2;
	}
}

void
layout_block_image(lflow *f, const model_block *b, double x, double colw)
{
	const model_theme *th = f->th;
	const model_image *mi = &b->u.image;
	const layout_image *img = get_image(f, mi);
	if (!img)
		return; /* the error is reported; layout fails at the end */

	const double pw = img->width, ph = img->height;
	const double aspect = ph / pw;
	/* Leave room for two lines of caption on the page. */
	double maxh = f->ld->area_h;
	if (mi->caption.nruns)
		maxh -= CAPTION_GAP + 2 * th->size_small * th->line_height;
	if (maxh < f->ld->area_h / 2)
		maxh = f->ld->area_h / 2;

	double want_w = mi->width_pct > 0 ? mi->width_pct * colw : mi->width;
	double want_h = mi->height;
	if (want_w > colw + 0.01) {
		diag_warning(f->diags, DIAG_LAYOUT, mi->path_pos,
		             "'%s' is asked to be %.0fmm wide, wider than the "
		             "column (%.0fmm); it is shown as wide as the column",
		             mi->path, want_w * 25.4 / 72, colw * 25.4 / 72);
		want_w = colw;
	}
	if (want_h > maxh + 0.01) {
		diag_warning(f->diags, DIAG_LAYOUT, mi->path_pos,
		             "'%s' is asked to be %.0fmm tall, taller than fits "
		             "on a page (%.0fmm); it is shown smaller",
		             mi->path, want_h * 25.4 / 72, maxh * 25.4 / 72);
		want_h = maxh;
	}

	double bw, bh; /* the visible box */
	double dw, dh; /* the whole image as drawn */
	if (want_w > 0 && want_h > 0) {
		bw = want_w;
		bh = want_h;
		double s;
		switch (mi->fit) {
		case MODEL_FIT_COVER:
			s = fmax(bw / pw, bh / ph);
			dw = pw * s;
			dh = ph * s;
			break;
		case MODEL_FIT_STRETCH:
			dw = bw;
			dh = bh;
			break;
		default:
			s = fmin(bw / pw, bh / ph);
			dw = bw = pw * s;
			dh = bh = ph * s;
			break;
		}
	} else {
		if (want_w > 0) {
			dw = want_w;
			dh = dw * aspect;
		} else if (want_h > 0) {
			dh = want_h;
			dw = dh / aspect;
		} else {
			dw = colw;
			dh = dw * aspect;
		}
		if (dw > colw) {
			dw = colw;
			dh = dw * aspect;
		}
		if (dh > maxh) {
			dh = maxh;
			dw = dh / aspect;
		}
		bw = dw;
		bh = dh;
	}

	/* Pixels per inch where the image is shown; a stretched image is as
	 * sharp as its blurrier direction. */
	double dpi = fmin(pw / (dw / 72.0), ph / (dh / 72.0));
	if (dpi < MIN_DPI - 0.5) {
		diag_warning(f->diags, DIAG_IMAGE, mi->path_pos,
		             "'%s' is shown at %.0f dpi; print needs at least "
		             "%.0f dpi: use a larger image or show it smaller",
		             mi->path, floor(dpi), MIN_DPI);
		diag_note(f->diags, "at %.0f dpi its %d x %d pixels are %.0fmm "
		                    "wide at most",
		          MIN_DPI, img->width, img->height,
		          pw / MIN_DPI * 25.4);
	}

	const double bx = x_for(mi, x, colw, bw);
	lspace(f, th->paragraph_space);
	lslice *s = lslice_new(f, bh);
	layout_item *it = lslice_item(f, s, LITEM_IMAGE, "image", b->pos);
	layout_image_item *ii = &it->u.image;
	ii->image = img;
	ii->x = bx + (bw - dw) / 2;
	ii->y = (bh - dh) / 2;
	ii->w = dw;
	ii->h = dh;
	ii->clip_x = bx;
	ii->clip_y = 0;
	ii->clip_w = bw;
	ii->clip_h = bh;
	ii->alt = mi->alt ? arena_strdup(&f->ld->mem, mi->alt) : NULL;

	if (mi->caption.nruns) {
		s->keep_with_next = 1;
		lpara_style ps = lstyle(f, LSTYLE_CAPTION);
		ps.align = mi->align == MODEL_ALIGN_LEFT    ? TEXT_ALIGN_LEFT
		           : mi->align == MODEL_ALIGN_RIGHT ? TEXT_ALIGN_RIGHT
		                                            : TEXT_ALIGN_CENTER;
		double cw = fmax(bw, fmin(colw, CAPTION_MIN_W));
		lspace(f, CAPTION_GAP);
		uint32_t fig = lstruct_caption(f);
		lpara(f, &mi->caption, &ps, x_for(mi, x, colw, cw), cw);
		f->snode = fig;
	}
	lspace(f, th->paragraph_space);
}
