/* block_svg.c - an SVG drawing as vector paths, sized and aligned in the
 * band, with an optional caption. */
#include <math.h>
#include <string.h>

#include "layout/lgraphics.h"

/* Relative luminance of 0xRRGGBB (WCAG). */
static double
luminance(uint32_t c)
{
	double ch[3];
	for (int i = 0; i < 3; i++) {
		double v = ((c >> (16 - 8 * i)) & 0xff) / 255.0;
		ch[i] = v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
	}
	return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
}

static double
contrast(uint32_t a, uint32_t b)
{
	double la = luminance(a), lb = luminance(b);
	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

static void
reverse_paint(svg_paint *p, uint32_t bg, uint32_t fg)
{
	if (p->kind != SVG_PAINT_COLOR)
		return;
	if (contrast(p->color, bg) < 1.8)
		p->color = fg;       /* would vanish into the ground */
	else if (contrast(p->color, fg) < 1.2)
		p->color = bg;       /* was the light detail: now a cut-out */
}

/* A full-colour logo on a dark ground: its dark parts turn light and its
 * light details take the ground's colour; other colours stay. */
static void
reverse(svg_image *img, uint32_t bg, uint32_t fg)
{
	for (size_t i = 0; i < img->nshapes; i++) {
		reverse_paint(&img->shapes[i].fill, bg, fg);
		reverse_paint(&img->shapes[i].stroke, bg, fg);
	}
}

void
layout_block_svg(lflow *f, const model_block *b, double x, double w)
{
	const model_svg *m = &b->u.svg;
	svg_image *img;
	if (lmedia_svg(f, m->path, m->path_pos, &img) != 0) {
		f->failed = 1;
		return;
	}
	if (m->reverse)
		reverse(img, m->reverse_bg, m->reverse_fg);
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
