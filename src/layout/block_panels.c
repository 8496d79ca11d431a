/* block_panels.c - "- panels:": whole-page panels, one per column, for
 * folded leaflets. Each panel's blocks are laid out in the first
 * column's band (paginate_columns.c moves them into their column); a
 * panel with a colour of its own is laid out with a theme whose text,
 * heading and muted colours are that colour. */
#include <string.h>

#include "layout/lbox.h"
#include "layout/lstyle.h"

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
	for (size_t i = 0; i < n; i++) {
		const model_panel *p = &co->panels[i];
		if (p->has_color) {
			model_theme *t = arena_alloc(&f->ld->mem, sizeof(*t));
			*t = *th;
			t->color_text = t->color_primary = p->color;
			t->color_muted = p->color;
			f->th = t;
			f->styles = lstyles_new(&f->ld->mem, t);
		}
		/* Each panel starts at its top: no space carried over. */
		f->pending_space = 0;
		size_t first = f->nslices;
		for (size_t k = 0; k < p->blocks.count; k++)
			lblock(f, &p->blocks.items[k], x, c.colw);
		if (f->nslices == first)
			lslice_new(f, 0); /* an empty panel still has its fill */
		f->slices[first].col_break = (int)i + 1;
		for (size_t s = first; s < f->nslices; s++)
			f->slices[s].cols = id;
		f->th = th;
		f->styles = styles;
	}
	/* What follows the panels starts a page of its own. */
	f->pending_space = 0;
	f->pending_break = 1;
}
