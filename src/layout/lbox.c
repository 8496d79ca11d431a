/* lbox.c - text into boxes, measuring and colours (see lbox.h). */
#include <string.h>

#include "layout/lbox.h"

void
lbox_shift(lflow *f, layout_item *it, double dy)
{
	switch (it->kind) {
	case LITEM_TEXT:
		it->u.text.y += dy;
		break;
	case LITEM_RECT:
		it->u.rect.y += dy;
		break;
	case LITEM_LINE:
		it->u.line.y1 += dy;
		it->u.line.y2 += dy;
		break;
	case LITEM_LINK:
		it->u.link.y += dy;
		break;
	case LITEM_IMAGE:
		it->u.image.y += dy;
		it->u.image.clip_y += dy;
		break;
	case LITEM_PATH:
		lpath_shift(f, &it->u.path, dy);
		break;
	}
}

double
lbox_text(lflow *f, lsink k, const model_text *t, const lpara_style *ps,
          double x, double w, double y, size_t *nlines)
{
	/* lpara adds slices and takes the pending space and break: let it,
	 * then move the items out and put the flow back as it was. */
	double pending_space = f->pending_space;
	int pending_break = f->pending_break;
	size_t first = f->nslices;
	size_t n = lpara(f, t, ps, x, w);
	double h = 0;
	for (size_t i = first; i < f->nslices; i++) {
		const lslice *s = &f->slices[i];
		for (size_t j = 0; j < s->nitems; j++) {
			layout_item *it = lsink_push(f, k, s->items[j].kind,
			                             s->items[j].role,
			                             s->items[j].pos);
			*it = s->items[j];
			lbox_shift(f, it, y + h);
		}
		h += s->height;
	}
	lslices_drop(f, first);
	f->pending_space = pending_space;
	f->pending_break = pending_break;
	if (nlines)
		*nlines = n;
	return h;
}

double
lbox_measure(lflow *f, const char *s, int role, unsigned style, double size)
{
	const text_stack *st = &f->stacks[role][style & 3];
	if (st->count == 0)
		return 0;
	return text_measure(st->fonts[0], size, s, strlen(s));
}

void
lbox_metrics(lflow *f, int role, unsigned style, text_metrics *m)
{
	const text_stack *st = &f->stacks[role][style & 3];
	memset(m, 0, sizeof(*m));
	if (st->count > 0)
		text_font_metrics(st->fonts[0], m);
}

uint32_t
lbox_tint(uint32_t c, double amount)
{
	uint32_t out = 0;
	for (int shift = 16; shift >= 0; shift -= 8) {
		double v = (double)((c >> shift) & 0xff);
		double m = 255 - (255 - v) * amount;
		out |= (uint32_t)(m + 0.5) << shift;
	}
	return out;
}

void
lbox_dot(lflow *f, lsink k, double cx, double cy, double d, uint32_t color,
         double ring_w, uint32_t ring_color, layout_role role, src_pos pos)
{
	layout_item *it = lsink_push(f, k, LITEM_RECT, role, pos);
	layout_rect *r = &it->u.rect;
	r->x = cx - d / 2;
	r->y = cy - d / 2;
	r->w = d;
	r->h = d;
	r->radius = d / 2;
	r->fill = 1;
	r->fill_color = color;
	if (ring_w > 0) {
		r->stroke = 1;
		r->stroke_color = ring_color;
		r->stroke_width = ring_w;
	}
}
