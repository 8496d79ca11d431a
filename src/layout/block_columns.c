/* block_columns.c - "- columns:": the blocks are laid out in the first
 * column's band and their slices marked with the section;
 * paginate_columns.c moves them column by column and balances the
 * columns. A block with "span: all" is laid out at full width and
 * interrupts the columns. */
#include <string.h>

#include "layout/lbox.h"

#define GAP_DEFAULT (6 * 72.0 / 25.4)  /* 6mm */
#define MIN_COLUMN 72.0                 /* narrower is unreadable */

int
lcols_add(lflow *f, const lcols *c)
{
	if (f->ncols == f->capcols)
		f->cols = arena_xgrow(&f->ld->mem, f->cols, f->ncols, &f->capcols,
		                f->ncols + 1, sizeof(lcols));
	f->cols[f->ncols] = *c;
	return (int)++f->ncols;
}

double
lcols_width(lflow *f, const model_block *b, double w, double gap, int count)
{
	double colw = (w - gap * (count - 1)) / count;
	if (colw < MIN_COLUMN) {
		diag_error(f->diags, DIAG_LAYOUT, b->pos,
		           "%d %s with a gap of %.0fpt leave %.0fpt per column, "
		           "too narrow for text", count,
		           b->kind == MODEL_PANELS ? "panels" : "columns", gap,
		           colw);
		diag_note(f->diags, "use fewer columns or a smaller gap");
		f->failed = 1;
		return 0;
	}
	return colw;
}

void
layout_block_columns(lflow *f, const model_block *b, double x, double w)
{
	const model_columns *co = &b->u.columns;
	lcols c;
	memset(&c, 0, sizeof(c));
	c.count = co->count;
	c.gap = co->gap >= 0 ? co->gap : GAP_DEFAULT;
	c.colw = lcols_width(f, b, w, c.gap, c.count);
	if (c.colw <= 0)
		return;
	c.x = x;
	c.rule = co->rule;
	c.balance = co->balance;
	c.rule_color = lbox_tint(f->th->color_muted, 0.45);
	c.pos = b->pos;
	int id = lcols_add(f, &c);
	int brk = 0;
	for (size_t i = 0; i < co->blocks.count; i++) {
		const model_block *k = &co->blocks.items[i];
		if (k->kind == MODEL_COLUMN_BREAK) {
			brk = 1;
			continue;
		}
		size_t first = f->nslices;
		if (k->span_all) {
			lblock(f, k, x, w);
			brk = 0;
			continue;
		}
		lblock(f, k, x, c.colw);
		for (size_t s = first; s < f->nslices; s++)
			f->slices[s].cols = id;
		if (brk && f->nslices > first) {
			f->slices[first].col_break = 1;
			brk = 0;
		}
	}
}
