/* block_svg.c - an SVG drawing as vector paths, sized and aligned in the
 * band, with an optional caption. */
#include <string.h>

#include "layout/lgraphics.h"

void
layout_block_svg(lflow *f, const model_block *b, double x, double w)
{
	const model_svg *m = &b->u.svg;
	svg_image *img;
	if (svg_parse_file(&img, m->path, m->path_pos, f->diags) != 0) {
		f->failed = 1;
		return;
	}
	double aspect = lgfx_svg_aspect(img);
	double dw = m->width, dh = m->height;
	if (dw <= 0 && dh <= 0) {
		/* The drawing's own size (CSS px are 0.75 pt), else half the
		 * band: a logo, not a full-width banner. */
		dw = img->width > 0 ? img->width * 0.75 : w / 2;
		dh = dw / aspect;
	} else if (dw <= 0) {
		dw = dh * aspect;
	} else if (dh <= 0) {
		dh = dw / aspect;
	}
	if (dw > w + 0.01) {
		if (m->width > 0) {
			diag_warning(f->diags, DIAG_LAYOUT, b->pos,
			             "the drawing is %.0fmm wide but the text is "
			             "only %.0fmm wide; it is scaled down",
			             dw * 25.4 / 72, w * 25.4 / 72);
			diag_note(f->diags, "give a smaller 'width'");
		}
		if (m->height <= 0 || m->width <= 0)
			dh *= w / dw;
		dw = w;
	}
	double dx = x;
	if (m->align == MODEL_ALIGN_CENTER)
		dx = x + (w - dw) / 2;
	else if (m->align == MODEL_ALIGN_RIGHT)
		dx = x + w - dw;
	lspace(f, f->th->paragraph_space);
	lslice *s = lslice_new(f, dh);
	lgfx_svg_place(f, lsink_slice(s), img, dx, 0, dw, dh, "svg", b->pos);
	svg_free(img);
	if (m->caption.nruns) {
		s->keep_with_next = 1;
		lgfx_caption(f, &m->caption, NULL, x, w, b->pos);
	}
	lspace(f, f->th->paragraph_space);
}
