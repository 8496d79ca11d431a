/* nav.c - helpers of the navigation files (see nav.h): page-numbering
 * marks, destinations, number formats, and laying out content straight
 * onto a page for covers. */
#include <stdlib.h>
#include <string.h>

#include "layout/nav.h"

int
lnav_dest(lflow *f)
{
	layout_doc *ld = f->ld;
	if (ld->ndests == ld->capdests)
		ld->dests = arena_xgrow(&ld->mem, ld->dests, ld->ndests, &ld->capdests,
		                ld->ndests + 1, sizeof(*ld->dests));
	layout_dest *d = &ld->dests[ld->ndests];
	memset(d, 0, sizeof(*d));
	return (int)ld->ndests++;
}

void
lnav_mark(lflow *f, const model_page_numbering *pn)
{
	lnav *nav = f->nav;
	if (nav->nmarks == nav->capmarks)
		nav->marks = xgrow(nav->marks, &nav->capmarks, nav->nmarks + 1, sizeof(*nav->marks));
	lmark *m = &nav->marks[nav->nmarks++];
	m->slice = f->nslices;
	m->dest = -1;
	m->style = pn->style;
	m->start = pn->start > 0 ? pn->start : 1;
	f->pending_break = 1;
}

void
lnav_marks_dests(lflow *f)
{
	lnav *nav = f->nav;
	for (size_t i = 0; i < nav->nmarks; i++) {
		lmark *m = &nav->marks[i];
		if (m->dest >= 0)
			continue; /* done in an earlier call */
		if (m->slice >= f->nslices)
			continue; /* nothing follows (yet): no page to number */
		lslice *s = &f->slices[m->slice];
		if (s->dest < 0)
			s->dest = lnav_dest(f);
		m->dest = s->dest;
	}
}

void
lnav_slices_dropped(lflow *f, size_t n)
{
	lnav *nav = f->nav;
	for (size_t i = 0; i < nav->nmarks; i++)
		if (nav->marks[i].dest < 0)
			nav->marks[i].slice -= n;
}

static void
roman(buf *b, int n, int upper)
{
	static const int val[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9,
	                          5, 4, 1};
	static const char *const lo[] = {"m", "cm", "d", "cd", "c", "xc", "l",
	                                 "xl", "x", "ix", "v", "iv", "i"};
	static const char *const up[] = {"M", "CM", "D", "CD", "C", "XC", "L",
	                                 "XL", "X", "IX", "V", "IV", "I"};
	for (int i = 0; i < 13; i++)
		while (n >= val[i]) {
			buf_puts(b, upper ? up[i] : lo[i]);
			n -= val[i];
		}
}

const char *
lnav_format(lflow *f, model_pagenum style, int n)
{
	buf b;
	buf_init(&b);
	switch (style) {
	case MODEL_PAGENUM_DECIMAL:
		buf_printf(&b, "%d", n);
		break;
	case MODEL_PAGENUM_ROMAN:
	case MODEL_PAGENUM_UPPER_ROMAN:
		roman(&b, n, style == MODEL_PAGENUM_UPPER_ROMAN);
		break;
	case MODEL_PAGENUM_NONE:
		break;
	}
	const char *s = arena_strdup(&f->ld->mem, b.data ? b.data : "");
	buf_free(&b);
	return s;
}

void
lnav_insert(lflow *f, layout_page *p, size_t at, const layout_item *items,
            size_t n)
{
	if (n == 0)
		return;
	if (at > p->nitems)
		at = p->nitems;
	lsink k = lsink_page(p);
	for (size_t i = 0; i < n; i++)
		lsink_push(f, k, LITEM_RECT, NULL, (src_pos){0});
	memmove(&p->items[at + n], &p->items[at],
	        (p->nitems - n - at) * sizeof(layout_item));
	memcpy(&p->items[at], items, n * sizeof(layout_item));
	/* Beneath the body of a flow page: drawn before it. */
	if (p->flow && at <= p->under)
		p->under += n;
}

/* Move the items of slices first.. onto p, from y down; drop the slices.
 * Text followed by a link area gets link_color unless that is AUTO. */
static double
take_slices(lflow *f, layout_page *p, size_t first, double y,
            uint32_t link_color)
{
	double h = 0;
	lsink k = lsink_page(p);
	for (size_t i = first; i < f->nslices; i++) {
		lslice *s = &f->slices[i];
		if (i > first)
			h += s->space_before;
		for (size_t j = 0; j < s->nitems; j++) {
			layout_item *it = lsink_push(f, k, s->items[j].kind,
			                             s->items[j].role, s->items[j].pos);
			*it = s->items[j];
			if (it->kind == LITEM_TEXT && link_color != MODEL_COLOR_AUTO &&
			    j + 1 < s->nitems && s->items[j + 1].kind == LITEM_LINK)
				it->u.text.color = link_color;
			switch (it->kind) {
			case LITEM_TEXT:
				it->u.text.y += y + h;
				break;
			case LITEM_RECT:
				it->u.rect.y += y + h;
				break;
			case LITEM_LINE:
				it->u.line.y1 += y + h;
				it->u.line.y2 += y + h;
				break;
			case LITEM_LINK:
				it->u.link.y += y + h;
				break;
			case LITEM_IMAGE:
				it->u.image.y += y + h;
				it->u.image.clip_y += y + h;
				break;
			case LITEM_PATH:
				lpath_shift(f, &it->u.path, y + h);
				break;
			}
		}
		h += s->height;
	}
	lslices_drop(f, first);
	return h;
}

double
lnav_block_at(lflow *f, layout_page *p, const model_block *b, double x,
              double w, double y)
{
	size_t first = f->nslices;
	double space = f->pending_space;
	int brk = f->pending_break;
	f->pending_space = 0;
	f->pending_break = 0;
	lblock(f, b, x, w);
	double h = take_slices(f, p, first, y, MODEL_COLOR_AUTO);
	f->pending_space = space;
	f->pending_break = brk;
	return h;
}

double
lnav_text_at(lflow *f, layout_page *p, const model_text *t,
             const lpara_style *ps, double x, double w, double y,
             uint32_t link_color)
{
	size_t first = f->nslices;
	double space = f->pending_space;
	int brk = f->pending_break;
	f->pending_space = 0;
	f->pending_break = 0;
	lpara(f, t, ps, x, w);
	double h = take_slices(f, p, first, y, link_color);
	f->pending_space = space;
	f->pending_break = brk;
	return h;
}
