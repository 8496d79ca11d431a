/* block_callout.c - a tinted box with an optional title, in a tone (the
 * theme's info, success or warning colour) and with an optional accent
 * bar on the left. The box is a frame, so it is drawn on every page the
 * callout lands on. */
#include <string.h>

#include "layout/lbox.h"
#include "layout/lstyle.h"

#define PAD 10     /* inside the box */
#define BAR_W 3    /* the accent bar */
#define RADIUS 3    /* the box's corners */

/* The box's background and the title and bar colour for a tone: the
 * theme's colour of that name, and a pale tint of it. */
static void
tone_colours(const model_theme *th, model_tone tone, uint32_t *bg,
             uint32_t *ink, uint32_t *bar)
{
	static const model_colour named[] = {
		[MODEL_TONE_INFO] = MODEL_COLOUR_INFO,
		[MODEL_TONE_SUCCESS] = MODEL_COLOUR_SUCCESS,
		[MODEL_TONE_WARNING] = MODEL_COLOUR_WARNING,
	};
	if (tone == MODEL_TONE_NONE) {
		*bg = th->color_tint;
		*ink = th->color_primary;
		*bar = th->color_accent;
		return;
	}
	uint32_t c = model_theme_colour(th, named[tone]);
	*bg = lbox_tint(c, 0.11);
	*ink = c;
	*bar = c;
}

/* The box on one page (lframe_draw_fn): the frame's band, tinted. */
static void
draw_box(const lframe *fr, double dx, double top, double bottom,
         layout_item *it)
{
	it->role = "callout-box";
	it->u.rect.x = fr->x + dx;
	it->u.rect.y = top;
	it->u.rect.w = fr->w;
	it->u.rect.h = bottom - top;
	it->u.rect.radius = RADIUS;
	it->u.rect.fill = 1;
	it->u.rect.fill_color = fr->color;
}

/* An empty slice of the box: its padding. */
static lslice *
pad_slice(lflow *f, int frame, double h)
{
	lslice *s = lslice_new(f, h);
	s->frame = frame;
	return s;
}

void
layout_block_callout(lflow *f, const model_block *b, double x, double w)
{
	const model_theme *th = f->th;
	const model_callout *co = &b->u.callout;
	uint32_t bg, ink, bar;
	tone_colours(th, co->tone, &bg, &ink, &bar);
	double inset = co->bar ? BAR_W + PAD : PAD;
	lpara_style ps = lstyle(f, LSTYLE_CALLOUT);
	/* The padding is made of slices (a frame has none of its own): the
	 * page then counts it (it never runs into the margin), and the bar,
	 * drawn slice by slice, runs through it. */
	ps.frame = lframe_new(f, draw_box, x, w, bg, b->pos);
	lspace(f, th->paragraph_space);
	size_t first = f->nslices;
	pad_slice(f, ps.frame, PAD)->keep_with_next = 1;
	/* The title and the text are paragraphs of the callout's node. */
	const uint32_t box = f->snode;
	if (co->title.nruns) {
		lstruct_enter(f, LTAG_P);
		lpara_style ts = lstyle(f, LSTYLE_CALLOUT_TITLE);
		ts.color = ink;
		ts.frame = ps.frame;
		if (lpara(f, &co->title, &ts, x + inset, w - inset - PAD))
			f->slices[f->nslices - 1].keep_with_next = 1;
	}
	f->snode = lstruct_new(f, LTAG_P, box);
	lpara(f, &co->text, &ps, x + inset, w - inset - PAD);
	f->snode = box;
	f->slices[f->nslices - 1].keep_with_next = 1;
	pad_slice(f, ps.frame, PAD);
	if (co->bar) {
		for (size_t i = first; i < f->nslices; i++) {
			lslice *s = &f->slices[i];
			layout_item *it = lslice_item(f, s, LITEM_RECT,
			                              "callout-bar", b->pos);
			it->u.rect.x = x;
			it->u.rect.y = 0;
			it->u.rect.w = BAR_W;
			it->u.rect.h = s->height;
			it->u.rect.fill = 1;
			it->u.rect.fill_color = bar;
		}
	}
	lspace(f, th->paragraph_space);
}
