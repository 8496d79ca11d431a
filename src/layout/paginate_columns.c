/* paginate_columns.c - columns and panels sections on pages (their
 * slices come from block_columns.c and block_panels.c, laid out in the
 * first column's band). A section is set one segment at a time (the
 * slices between blocks that span all columns), column by column: a
 * full column moves on to the next, and after the last a new page
 * begins. A segment's last page is balanced by finding, with dry runs
 * that place nothing, the least column height it fits in. Panels take
 * whole pages, one panel per column, each with its fill and vertical
 * alignment. */
#include "layout/paginate.h"

/* ---- columns ---- */

/* A fill crosses a fold by this much, so that a fold a little off
 * (0.5 to 1 mm) shows no edge of colour and no white sliver. */
#define FOLD_CROSS (2.5 * 72.0 / 25.4)

/* Where column col (panel n of the section) begins, from the first
 * column's left edge. */
static double
col_offset(const lcols *cs, int col, size_t n)
{
	if (n < cs->ngeom)
		return cs->geom[n].dx;
	return col * (cs->colw + cs->gap);
}

/* A column begins: a panel's fill goes beneath its content. Panels
 * fill whole pages, so a fill runs to the sheet's edges and across its
 * folds. */
static void
begin_column(lflow *f, lpstate *st)
{
	st->placed = 0;
	if (st->dry)
		return;
	const lcols *cs = st->cs;
	layout_page *p = lpag_last_page(f);
	size_t n = (size_t)st->ncol;
	/* A page of panels is folded between them (print marks). */
	for (int c = 1; cs->panels && st->col == 0 && c < cs->count &&
	                n + (size_t)c < cs->ngeom; c++)
		lprint_fold(p, cs->geom[n + (size_t)c].x0);
	if (cs->panels && n < cs->npanels && n < cs->ngeom &&
	    cs->fill[n] != LCOLS_NO_FILL) {
		double x0 = cs->geom[n].x0 - FOLD_CROSS;
		double x1 = cs->geom[n].x1 + FOLD_CROSS;
		if (st->col == 0)
			x0 = 0;
		if (st->col == cs->count - 1)
			x1 = p->width;
		layout_item *it = lsink_push(f, lsink_page(p), LITEM_RECT,
		                             "panel-fill", cs->pos);
		it->u.rect.x = x0;
		it->u.rect.y = 0;
		it->u.rect.w = x1 - x0;
		it->u.rect.h = p->height;
		it->u.rect.fill = 1;
		it->u.rect.fill_color = cs->fill[n];
	}
	st->col_item = p->nitems;
}

/* A column ends: note how far down it went, and move a panel's content
 * to its vertical alignment. */
static void
end_column(lflow *f, lpstate *st)
{
	double foot = st->y;
	if (st->cur.frame >= 0 && st->cur.bottom > foot)
		foot = st->cur.bottom;
	if (st->placed) {
		if (foot > st->sec_bottom)
			st->sec_bottom = foot;
		st->col_used = st->col + 1;
	}
	const lcols *cs = st->cs;
	size_t n = (size_t)st->ncol;
	if (st->dry || !cs->panels || n >= cs->npanels || !st->placed ||
	    cs->valign[n] == MODEL_VALIGN_TOP)
		return;
	double room = st->bottom - foot;
	if (room <= 0)
		return;
	double dy = cs->valign[n] == MODEL_VALIGN_MIDDLE ? room / 2 : room;
	layout_page *p = lpag_last_page(f);
	for (size_t i = st->col_item; i < p->nitems; i++)
		lpag_move_item(f, &p->items[i], 0, dy);
}

int
lpag_next_column(lflow *f, lpstate *st, int force_page)
{
	end_column(f, st);
	if (force_page || st->col + 1 >= st->cs->count)
		return 0;
	st->col++;
	st->ncol++;
	st->dx = col_offset(st->cs, st->col, (size_t)st->ncol);
	st->y = st->sec_top;
	st->at_top = 1;
	begin_column(f, st);
	return 1;
}

void
lpag_columns_page(lflow *f, lpstate *st)
{
	st->col = 0;
	st->ncol++;
	st->sec_top = st->sec_bottom = st->y;
	st->col_used = 0;
	begin_column(f, st);
}

void
lpag_end_columns_page(lflow *f, lpstate *st)
{
	const lcols *cs = st->cs;
	if (st->dry || !cs->rule)
		return;
	double y0 = st->sec_top, y1 = st->sec_bottom;
	int used = st->col_used;
	if (cs->panels) {
		y1 = st->bottom;
		used = cs->count;
	}
	/* The page's first panel (columns: none). */
	size_t first = cs->geom ? (size_t)(st->ncol - st->col) : SIZE_MAX / 2;
	for (int c = 1; c < used && y1 > y0; c++) {
		layout_page *p = lpag_last_page(f);
		layout_item *it = lsink_push(f, lsink_page(p), LITEM_LINE,
		                             "column-rule", cs->pos);
		/* Between columns; between panels, on the fold. */
		it->u.line.x1 = it->u.line.x2 =
			first + (size_t)c < cs->ngeom
			        ? cs->geom[first + (size_t)c].x0
			        : cs->x + col_offset(cs, c, 0) - cs->gap / 2;
		it->u.line.y1 = y0;
		it->u.line.y2 = y1;
		it->u.line.color = cs->rule_color;
		it->u.line.width = 0.5;
	}
}

void
lpag_panel_overflow(lflow *f, lpstate *st, size_t k)
{
	if (st->dry || st->warned == st->panel)
		return;
	st->warned = st->panel;
	const lslice *s = &f->slices[k];
	diag_warning(f->diags, DIAG_LAYOUT,
	             s->nitems ? s->items[0].pos : st->cs->pos,
	             "panel %d is too full: its content runs on into the next "
	             "panel from here", st->panel);
	diag_note(f->diags, "shorten the panel's text, or move some of it "
	                    "to another panel");
}

/* ---- balancing ---- */

/* Whether slices [i, end) fit in the columns left on this page with the
 * columns h tall. */
static int
fits(lflow *f, const lpstate *st, size_t i, size_t end, double h)
{
	lpstate d = *st;
	d.dry = 1;
	d.no_new_page = 1;
	d.overflow = 0;
	d.stop_at_page = 0;
	d.bottom = d.sec_top + h;
	d.split_chain = 0;
	size_t stop = lpag_run(f, &d, i, end);
	/* A height that only fits by splitting what must stay together
	 * (a QR code and its caption) does not fit. */
	return !d.overflow && !d.split_chain && stop == end;
}

/* The least column height, from the columns' top, in which slices [i,
 * end) fit on this page, in *h; 0 if they do not fit on it at all. */
static int
balance(lflow *f, const lpstate *st, size_t i, size_t end, double *h)
{
	double hi = st->bottom - st->sec_top;
	if (hi <= 0 || !fits(f, st, i, end, hi))
		return 0;
	double lo = 0;
	for (size_t k = i; k < end; k++)
		if (f->slices[k].height > lo)
			lo = f->slices[k].height;
	if (lo > hi)
		lo = hi;
	lo += st->y - st->sec_top; /* a table's header placed above */
	if (lo < hi && fits(f, st, i, end, lo)) {
		*h = lo;
		return 1;
	}
	/* fits(lo) fails and fits(hi) holds: halve the difference. */
	while (hi - lo > 0.05) {
		double mid = (lo + hi) / 2;
		if (fits(f, st, i, end, mid))
			hi = mid;
		else
			lo = mid;
	}
	*h = hi;
	return 1;
}

/* ---- a section ---- */

void
lpag_segment(lflow *f, lpstate *st, size_t a, size_t b)
{
	const layout_doc *ld = f->ld;
	const lcols *cs = &f->cols[f->slices[a].cols - 1];
	lpag_close_frame(f, st);
	/* Panels take whole pages. */
	if (!st->at_top && (f->slices[a].break_before || cs->panels))
		if (lpag_advance(f, st, 1) != 0)
			return;
	if (!st->at_top)
		st->y += f->slices[a].space_before;
	st->cs = cs;
	st->col = st->ncol = 0;
	st->dx = 0;
	st->warned = 0;
	st->top = st->sec_top = st->sec_bottom = st->y;
	st->col_used = 0;
	st->at_top = 1;
	begin_column(f, st);
	size_t i = a;
	while (i < b && !f->failed) {
		st->bottom = ld->area_y + ld->area_h;
		double h;
		if (cs->balance && !cs->panels && balance(f, st, i, b, &h)) {
			st->bottom = st->sec_top + h + EPS;
			st->stop_at_page = 0;
			i = lpag_run(f, st, i, b);
			break;
		}
		st->stop_at_page = 1;
		i = lpag_run(f, st, i, b);
	}
	st->stop_at_page = 0;
	if (f->failed)
		return;
	lpag_close_frame(f, st);
	end_column(f, st);
	if (cs->panels) {
		/* Every panel of the last page gets its fill. */
		while (st->col + 1 < cs->count && (size_t)st->ncol + 1 <
		       cs->npanels) {
			st->col++;
			st->ncol++;
			st->dx = col_offset(cs, st->col, (size_t)st->ncol);
			begin_column(f, st);
		}
	}
	st->bottom = ld->area_y + ld->area_h;
	lpag_end_columns_page(f, st);
	int empty = st->col_used == 0;
	st->y = empty ? st->sec_top : st->sec_bottom;
	st->cs = NULL;
	st->dx = 0;
	st->top = ld->area_y;
	st->at_top = empty && st->sec_top <= ld->area_y + EPS;
}
