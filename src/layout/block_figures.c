/* block_figures.c - key figures as tinted tiles: a big value over a small
 * label, 2 to 4 tiles to a row, tiles of a row equally tall. A row is one
 * slice, so it never splits across pages. */
#include <string.h>

#include "layout/lbox.h"
#include "layout/lstyle.h"

#define GAP 8        /* between tiles, across and down */
#define PAD_X 10     /* inside a tile, left and right */
#define PAD_X_MIN   3      /* ... where a value needs the room */
#define PAD_Y 11     /* inside a tile, top and bottom */
#define RULE_W 18    /* the short accent rule under the value */
#define MAX_PER_ROW 4

static double
tile_width(double w, int per)
{
	return (w - GAP * (per - 1)) / per;
}

/* The value as rich text of one run, so that it can wrap if it must. */
static model_text
value_text(lflow *f, const model_figure *fig)
{
	model_inline *run = arena_alloc(&f->ld->mem, sizeof(*run));
	memset(run, 0, sizeof(*run));
	run->text = fig->value;
	run->len = strlen(fig->value);
	run->pos = fig->value_pos;
	model_text t = {run, 1, fig->value_pos};
	return t;
}

/* How many tiles go on a row, the padding inside a tile, and the
 * value's size so that the widest value fits its tile. A value a little
 * too wide takes some of the padding first, and is made smaller only
 * past that: so "Алматы" keeps the size of "Almaty", and the figures of
 * one report are one size in every language. */
static int
choose_per_row(lflow *f, const model_figures *fs, double w, double *vsize,
               double *pad)
{
	double widest = 0;
	for (size_t i = 0; i < fs->count; i++) {
		double vw = lbox_measure(f, fs->items[i].value, ROLE_HEADING,
		                         MODEL_BOLD, *vsize);
		if (vw > widest)
			widest = vw;
	}
	int per = fs->per_row;
	if (per == 0) {
		size_t n = fs->count;
		per = n < 2 ? 2 : n > MAX_PER_ROW ? MAX_PER_ROW : (int)n;
		/* Fewer tiles a row only when the widest value would have
		 * to shrink by more than a quarter. */
		while (per > 2 && tile_width(w, per) - 2 * PAD_X < widest * 0.75)
			per--;
		/* Balance the rows: 5 tiles make 3 + 2, not 4 + 1. */
		if (n > (size_t)per) {
			size_t rows = (n + (size_t)per - 1) / (size_t)per;
			per = (int)((n + rows - 1) / rows);
			if (per < 2)
				per = 2;
		}
	}
	double tw = tile_width(w, per);
	*pad = PAD_X;
	if (widest > tw - 2 * PAD_X)
		*pad = (tw - widest) / 2 < PAD_X_MIN ? PAD_X_MIN
		                                     : (tw - widest) / 2;
	double inner = tw - 2 * *pad;
	if (widest > inner && widest > 0)
		*vsize *= inner / widest;
	return per;
}

void
layout_block_figures(lflow *f, const model_block *b, double x, double w)
{
	const model_theme *th = f->th;
	const model_figures *fs = &b->u.figures;
	lpara_style vs = lstyle(f, LSTYLE_FIGURE_VALUE);
	lpara_style ls = lstyle(f, LSTYLE_FIGURE_LABEL);
	/* The values are made smaller where the widest would not fit. */
	double pad;
	int per = choose_per_row(f, fs, w, &vs.size, &pad);
	double tw = tile_width(w, per);
	double inner = tw - 2 * pad;

	lspace(f, th->paragraph_space * 1.5);
	for (size_t r0 = 0; r0 < fs->count; r0 += (size_t)per) {
		size_t r1 = r0 + (size_t)per;
		if (r1 > fs->count)
			r1 = fs->count;
		size_t cnt = r1 - r0;
		/* A short last row is centred under the full ones. */
		double x0 = x + (w - (cnt * tw + (cnt - 1) * GAP)) / 2;
		lslice row;
		memset(&row, 0, sizeof(row));
		lsink k = lsink_slice(&row);
		/* First the tiles' backgrounds (drawn beneath), sized once
		 * the tallest content is known. */
		size_t rect0 = row.nitems;
		for (size_t i = r0; i < r1; i++) {
			layout_item *it = lsink_push(f, k, LITEM_RECT,
			                             "figure-tile",
			                             fs->items[i].pos);
			it->u.rect.fill = 1;
			it->u.rect.fill_color = th->color_tint;
			it->u.rect.radius = 4;
		}
		double row_h = 0;
		for (size_t i = r0; i < r1; i++) {
			const model_figure *fig = &fs->items[i];
			double tx = x0 + (double)(i - r0) * (tw + GAP);
			model_text vt = value_text(f, fig);
			double y = PAD_Y;
			y += lbox_text(f, k, &vt, &vs, tx + pad, inner, y,
			               NULL);
			y += 3;
			layout_item *ru = lsink_push(f, k, LITEM_RECT,
			                             "figure-rule", fig->pos);
			ru->u.rect.x = tx + (tw - RULE_W) / 2;
			ru->u.rect.y = y;
			ru->u.rect.w = RULE_W;
			ru->u.rect.h = 1.5;
			ru->u.rect.fill = 1;
			ru->u.rect.fill_color = th->color_accent;
			y += 1.5 + 5;
			y += lbox_text(f, k, &fig->label, &ls, tx + pad, inner,
			               y, NULL);
			y += PAD_Y;
			if (y > row_h)
				row_h = y;
		}
		for (size_t i = r0; i < r1; i++) {
			layout_rect *rc = &row.items[rect0 + (i - r0)].u.rect;
			rc->x = x0 + (double)(i - r0) * (tw + GAP);
			rc->y = 0;
			rc->w = tw;
			rc->h = row_h;
		}
		lslice *s = lslice_new(f, row_h);
		s->items = row.items;
		s->nitems = row.nitems;
		s->capitems = row.capitems;
		lspace(f, GAP);
	}
	lspace(f, th->paragraph_space * 1.5);
}
