/* block_panels.c - "- panels:": whole-page panels, one per column, for
 * folded leaflets. Each panel's blocks are laid out in the first
 * column's band (paginate_columns.c moves them into their column); a
 * panel with a colour of its own is laid out with a theme whose text,
 * heading and muted colours are that colour. */
#include <stdlib.h>
#include <string.h>

#include "layout/lbox.h"
#include "layout/lstyle.h"

/* In a roll fold each panel that folds in is this much narrower than
 * the one it folds under, so that it tucks in and the leaflet closes
 * flat (a tri-fold on A4 landscape: 97 | 100 | 100 mm outside, 100 | 100
 * | 97 inside). */
#define ROLL_STEP (3.0 * 72.0 / 25.4)

/* Where the panels sit on the sheet: each side's panels, left to right,
 * with their widths from the fold, and each panel's content inset from
 * a fold by half the gap and from the sheet's edge by its margin.
 * Pages alternate between the outside of the sheet (the first: its
 * panels that fold in are at the left, under the flap's back) and the
 * inside (mirrored). Fill geom with npages * count panels. */
static void
place_panels(const model_theme *th, model_fold fold, int count, double gap,
             size_t npages, lpanel *geom)
{
	const double sheet = th->page_width;
	/* Widths from the cover's side: two of w, then each next one a
	 * step narrower (roll), summing to the sheet. */
	double step = fold == MODEL_FOLD_ROLL ? ROLL_STEP : 0;
	double steps = 0;
	for (int k = 1; k <= count - 2; k++)
		steps += k;
	double w = (sheet + step * steps) / count;
	for (size_t pg = 0; pg < npages; pg++) {
		int outside = pg % 2 == 0;
		double x = 0;
		for (int col = 0; col < count; col++) {
			/* The col'th panel from the cover's side. */
			int from_cover = outside ? count - 1 - col : col;
			double pw = w - (from_cover < 2 ? 0 : step * (from_cover - 1));
			lpanel *p = &geom[pg * (size_t)count + (size_t)col];
			double inl = col == 0 ? th->margin_left : gap / 2;
			double inr = col == count - 1 ? th->margin_right : gap / 2;
			p->x0 = x;
			p->x1 = col == count - 1 ? sheet : x + pw;
			p->dx = x + inl - th->margin_left;
			p->w = p->x1 - p->x0 - inl - inr;
			x = p->x1;
		}
	}
}

/* A panel's fill: its own colour, or the theme's colour of that name. */
static uint32_t
fill_of(const model_theme *th, const model_panel *p)
{
	switch (p->fill) {
	case MODEL_FILL_COLOR:
		return p->background;
	case MODEL_FILL_PRIMARY:
		return model_theme_colour(th, MODEL_COLOUR_PRIMARY);
	case MODEL_FILL_ACCENT:
		return model_theme_colour(th, MODEL_COLOUR_ACCENT);
	case MODEL_FILL_TINT:
		return model_theme_colour(th, MODEL_COLOUR_TINT);
	case MODEL_FILL_NONE:
	default:
		return LCOLS_NO_FILL;
	}
}

void
layout_block_panels(lflow *f, const model_block *b, double x, double w)
{
	const model_columns *co = &b->u.columns;
	const model_theme *th = f->th;
	const lstyles *styles = f->styles;
	lcols c;
	memset(&c, 0, sizeof(c));
	c.count = co->count;
	/* With equal side margins, a gap of both margins puts the folds
	 * (at a third and two thirds of the sheet) in the gaps' middles. */
	c.gap = co->gap >= 0 ? co->gap : th->margin_left + th->margin_right;
	c.colw = lcols_width(f, b, w, c.gap, c.count);
	if (c.colw <= 0)
		return;
	model_fold fold = co->fold;
	if (fold == MODEL_FOLD_AUTO)
		fold = c.count == 3 ? MODEL_FOLD_ROLL : MODEL_FOLD_EQUAL;
	size_t npages = (co->npanels + (size_t)c.count - 1) / (size_t)c.count;
	if (npages == 0)
		npages = 1;
	lpanel *geom = arena_alloc(&f->ld->mem,
	                           npages * (size_t)c.count * sizeof(*geom));
	place_panels(th, fold, c.count, c.gap, npages, geom);
	c.geom = geom;
	c.ngeom = npages * (size_t)c.count;
	c.x = x;
	c.rule = co->rule;
	c.rule_color = lbox_tint(th->color_muted, 0.45);
	c.panels = 1;
	c.pos = b->pos;
	size_t n = co->npanels;
	uint32_t *fills = arena_alloc(&f->ld->mem, (n ? n : 1) * sizeof(*fills));
	int *valign = arena_alloc(&f->ld->mem, (n ? n : 1) * sizeof(*valign));
	for (size_t i = 0; i < n; i++) {
		fills[i] = fill_of(th, &co->panels[i]);
		valign[i] = (int)co->panels[i].valign;
	}
	c.fill = fills;
	c.valign = valign;
	c.npanels = n;
	int id = lcols_add(f, &c);
	/* Each panel is a division of the structure, made in the order the
	 * panels are read, not the order they are written: a sheet folded
	 * in panels (two sides) is read from its cover, the outside's last
	 * panel, then the inside, then the rest of the outside. */
	uint32_t *pnode = xcalloc(n ? n : 1, sizeof(*pnode));
	uint32_t parent = f->snode;
	int sheet = npages == 2 && n == 2 * (size_t)c.count;
	for (size_t r = 0; r < n; r++) {
		size_t i = !sheet ? r
		           : r == 0 ? (size_t)c.count - 1
		           : r <= (size_t)c.count ? (size_t)c.count + r - 1
		                                  : r - (size_t)c.count - 1;
		pnode[i] = lstruct_new(f, LTAG_DIV, parent);
	}
	for (size_t i = 0; i < n; i++) {
		const model_panel *p = &co->panels[i];
		f->snode = pnode[i];
		if (p->has_color) {
			model_theme *t = arena_alloc(&f->ld->mem, sizeof(*t));
			*t = *th;
			t->color_text = t->color_primary = p->color;
			t->color_muted = p->color;
			f->th = t;
			f->styles = lstyles_reversed(&f->ld->mem, t);
		}
		/* Each panel starts at its top: no space carried over. */
		f->pending_space = 0;
		size_t first = f->nslices;
		for (size_t k = 0; k < p->blocks.count; k++)
			lblock(f, &p->blocks.items[k], x, geom[i].w);
		if (f->nslices == first)
			lslice_new(f, 0); /* an empty panel still has its fill */
		f->slices[first].col_break = (int)i + 1;
		for (size_t s = first; s < f->nslices; s++)
			f->slices[s].cols = id;
		f->th = th;
		f->styles = styles;
	}
	f->snode = parent;
	free(pnode);
	/* What follows the panels starts a page of its own. */
	f->pending_space = 0;
	f->pending_break = 1;
}
