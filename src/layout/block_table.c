/* block_table.c - tables: column widths from the cells' content, cell
 * text broken into lines, row heights with spans, the header band, zebra
 * fills and rules. The body is cut into slices only where no text line is
 * cut, so a tall row or a rowspan may continue on the next page;
 * paginate_tables.c repeats the header slices there (see lgroup). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout/lstyle.h"

#define EPS 0.01
#define MM (72.0 / 25.4)

/* A cell laid out: its box and its lines. */
typedef struct tcell {
	const model_table_cell *m;
	double x, w;          /* its box across (absolute) */
	double top, bottom;   /* its box down, from the table's top */
	double h;             /* its content with padding */
	text_para para;
	int header;
	size_t first_line;    /* its lines: tb->lines[first_line ..] */
	uint32_t snode;       /* its TH or TD (structure.c) */
} tcell;

/* One text line of a cell, placed. */
typedef struct tline {
	const text_line *ln;
	double x;             /* where the line starts */
	double top;           /* top of its leading, from the table's top */
	size_t cell;
} tline;

typedef struct table {
	lflow *f;
	const model_block *b;
	const model_table *t;
	const model_table_style *st;
	lpara_style body, head;
	double lead, base;    /* leading; baseline below a line's top */
	double x, w;          /* the table's band: w is the columns' sum */
	double *cx, *cw;      /* each column's left edge and width */
	tcell *cells;         /* row by row, left to right */
	size_t ncells;
	size_t *row_first;    /* row r's cells: [row_first[r], row_first[r+1]) */
	double *ry;           /* each row's top; ry[nrows] is the bottom */
	tline *lines;
	size_t nlines;
	int group;            /* the slices' group (index + 1) */
	uint32_t snode;       /* the Table node (structure.c) */
	arena cell_mem;       /* the cells' broken lines, until placed */
} table;

/* ---- column widths ---- */

/* The widest word of a text (what the column cannot go below) and the
 * text set on one line (what it needs at most), in points. The primary
 * font's advances are close enough to choose widths: the real lines are
 * broken afterwards at the width chosen. */
static void
content_widths(table *tb, const model_text *text, const lpara_style *ps,
               double *minw, double *maxw)
{
	double line = 0, word = 0;
	*minw = *maxw = 0;
	for (size_t i = 0; i < text->nruns; i++) {
		const model_inline *r = &text->runs[i];
		if (r->hard_break) {
			if (word > *minw)
				*minw = word;
			if (line > *maxw)
				*maxw = line;
			line = word = 0;
			continue;
		}
		unsigned style = (r->style | ps->base_style) & 3;
		text_font *font = tb->f->stacks[ps->role][style].fonts[0];
		const char *s = r->text, *end = r->text + r->len;
		while (s < end) {
			const char *sp = memchr(s, ' ', (size_t)(end - s));
			const char *e = sp ? sp : end;
			double adv = text_measure(font, ps->size, s, (size_t)(e - s));
			word += adv;
			line += adv;
			if (sp) {
				if (word > *minw)
					*minw = word;
				word = 0;
				line += text_measure(font, ps->size, " ", 1);
				s = sp + 1;
			} else {
				s = end;
			}
		}
	}
	if (word > *minw)
		*minw = word;
	if (line > *maxw)
		*maxw = line;
	*maxw += 1; /* kerning across runs and rounding: never wrap at max */
}

/* Grow the columns c0..c0+n of need[] so that together they hold want:
 * the missing part is shared among the auto columns of the span (or all
 * of them when none is auto). */
static void
spread(const model_table_col *cols, double *need, int c0, int n, double want)
{
	double have = 0;
	int nauto = 0;
	for (int c = c0; c < c0 + n; c++) {
		have += need[c];
		nauto += cols[c].kind == MODEL_COL_AUTO;
	}
	if (want <= have)
		return;
	for (int c = c0; c < c0 + n; c++)
		if (!nauto || cols[c].kind == MODEL_COL_AUTO)
			need[c] += (want - have) / (nauto ? nauto : n);
}

/* Choose the columns' widths in the band w. Fixed columns get their
 * length; auto columns get their content's width, squeezed towards the
 * widest word when the band is narrow; shares (fr) divide what is left.
 * A table of auto columns alone fills the band. Return -1 after an
 * error when the fixed widths do not fit. */
static int
column_widths(table *tb, double w)
{
	const model_table *t = tb->t;
	int n = (int)t->ncols;
	double pad = 2 * tb->st->pad_x;
	double *mn = xcalloc((size_t)n, sizeof(double));
	double *mx = xcalloc((size_t)n, sizeof(double));
	int rc = 0;
	for (int pass = 0; pass < 2; pass++) {
		/* Single-column cells first, then the spanning ones. */
		for (size_t i = 0; i < tb->ncells; i++) {
			const tcell *c = &tb->cells[i];
			if ((c->m->colspan > 1) != pass)
				continue;
			double a, b;
			content_widths(tb, &c->m->text,
			               c->header ? &tb->head : &tb->body, &a, &b);
			spread(t->cols, mn, c->m->col, c->m->colspan, a + pad);
			spread(t->cols, mx, c->m->col, c->m->colspan, b + pad);
		}
	}
	double fixed = 0, amin = 0, amax = 0, smin = 0, shares = 0;
	for (int c = 0; c < n; c++) {
		if (mx[c] < mn[c])
			mx[c] = mn[c];
		switch (t->cols[c].kind) {
		case MODEL_COL_FIXED:
			fixed += t->cols[c].value;
			break;
		case MODEL_COL_AUTO:
			amin += mn[c];
			amax += mx[c];
			break;
		case MODEL_COL_SHARE:
			smin += mn[c];
			shares += t->cols[c].value;
			break;
		}
	}
	if (fixed > w + EPS) {
		diag_error(tb->f->diags, DIAG_LAYOUT, t->columns_pos,
		           "the fixed column widths add up to %.1fmm, more than "
		           "the %.1fmm the table has", fixed / MM, w / MM);
		diag_note(tb->f->diags, "make the columns narrower, or give some "
		                        "of them a share (1fr) or auto");
		rc = -1;
		goto done;
	}
	double room = w - fixed - (shares > 0 ? smin : 0);
	double grow = 0; /* auto columns: 0 at the widest word, 1 at max */
	if (amax <= room || amax - amin < EPS)
		grow = 1;
	else if (amin < room)
		grow = (room - amin) / (amax - amin);
	double used = fixed;
	for (int c = 0; c < n; c++) {
		if (t->cols[c].kind == MODEL_COL_FIXED)
			tb->cw[c] = t->cols[c].value;
		else if (t->cols[c].kind == MODEL_COL_AUTO)
			tb->cw[c] = mn[c] + (mx[c] - mn[c]) * grow;
		else
			tb->cw[c] = 0;
		used += t->cols[c].kind == MODEL_COL_AUTO ? tb->cw[c] : 0;
	}
	double left = w - used;
	if (shares > 0 && left >= smin) {
		for (int c = 0; c < n; c++)
			if (t->cols[c].kind == MODEL_COL_SHARE)
				tb->cw[c] = left * t->cols[c].value / shares;
	} else if (shares == 0 && left > EPS && amax > 0) {
		/* Auto columns fill the band, each in proportion to its text. */
		for (int c = 0; c < n; c++)
			if (t->cols[c].kind == MODEL_COL_AUTO)
				tb->cw[c] += left * mx[c] / amax;
	} else if (left < (shares > 0 ? smin : 0) - EPS) {
		/* Even the widest words do not fit: every column that is not
		 * fixed gets its widest word, scaled down to the band (the
		 * words are broken, with a warning). */
		double scale = (w - fixed) / (amin + smin);
		for (int c = 0; c < n; c++)
			if (t->cols[c].kind != MODEL_COL_FIXED)
				tb->cw[c] = mn[c] * scale;
	}
	double xx = tb->x;
	for (int c = 0; c < n; c++) {
		tb->cx[c] = xx;
		xx += tb->cw[c];
	}
	tb->w = xx - tb->x;
done:
	free(mn);
	free(mx);
	return rc;
}

/* ---- cells and rows ---- */

/* Break every cell's text at its width; measure its height. A word too
 * wide for its column is reported for the first such cell of each
 * column, and the others of the column are counted in one warning
 * after it: a table of 100000 narrow cells gave 100000 warnings. */
static void
break_cells(table *tb)
{
	const model_table_style *st = tb->st;
	size_t ncols = tb->t->ncols;
	size_t *broken = xcalloc(ncols ? ncols : 1, sizeof(*broken));
	int *first = xcalloc(ncols ? ncols : 1, sizeof(*first));
	for (size_t i = 0; i < tb->ncells; i++) {
		tcell *c = &tb->cells[i];
		const model_table_cell *m = c->m;
		c->x = tb->cx[m->col];
		c->w = 0;
		for (int k = m->col; k < m->col + m->colspan; k++)
			c->w += tb->cw[k];
		lpara_style ps = c->header ? tb->head : tb->body;
		model_align a = m->align >= 0 ? (model_align)m->align
		                              : tb->t->cols[m->col].align;
		ps.align = lalign(a);
		/* A header is display text: never hyphenated. */
		ps.hyphenate = !c->header && a == MODEL_ALIGN_LEFT;
		double mw = c->w - 2 * st->pad_x;
		if (mw < 1)
			mw = 1;
		memset(&c->para, 0, sizeof(c->para));
		ps.quiet_words = broken[m->col] > 0;
		if (m->text.nruns)
			lpara_lines(tb->f, &m->text, &ps, mw, &c->para,
			            &tb->cell_mem);
		if (c->para.broken_words && !broken[m->col]++)
			first[m->col] = m->text.pos.line;
		size_t nl = c->para.nlines ? c->para.nlines : 1;
		c->h = 2 * st->pad_y + (double)nl * tb->lead;
	}
	for (size_t k = 0; k < ncols; k++) {
		if (broken[k] < 2)
			continue;
		diag_warning(
		        tb->f->diags, DIAG_LAYOUT, tb->b->pos,
		        "%zu cells of column %zu have a word wider than the "
		        "column, broken between characters (the first on "
		        "line %d is shown)",
		        broken[k], k + 1, first[k]);
		diag_note(tb->f->diags, "widen the column, make the text "
		                        "smaller, or add break points");
	}
	free(broken);
	free(first);
}

/* Row heights: each row as tall as its tallest single-row cell; a cell
 * spanning rows that needs more grows the last row it spans. */
static void
row_heights(table *tb)
{
	const model_table *t = tb->t;
	double minh = 2 * tb->st->pad_y + tb->lead;
	double *rh = xcalloc(t->nrows, sizeof(double));
	for (size_t r = 0; r < t->nrows; r++)
		rh[r] = minh;
	for (size_t i = 0; i < tb->ncells; i++) {
		const tcell *c = &tb->cells[i];
		if (c->m->rowspan == 1 && c->h > rh[c->m->row])
			rh[c->m->row] = c->h;
	}
	for (size_t i = 0; i < tb->ncells; i++) {
		const tcell *c = &tb->cells[i];
		if (c->m->rowspan == 1)
			continue;
		double have = 0;
		int last = c->m->row + c->m->rowspan - 1;
		for (int r = c->m->row; r <= last; r++)
			have += rh[r];
		if (c->h > have)
			rh[last] += c->h - have;
	}
	tb->ry[0] = 0;
	for (size_t r = 0; r < t->nrows; r++)
		tb->ry[r + 1] = tb->ry[r] + rh[r];
	free(rh);
	for (size_t i = 0; i < tb->ncells; i++) {
		tcell *c = &tb->cells[i];
		c->top = tb->ry[c->m->row];
		c->bottom = tb->ry[c->m->row + c->m->rowspan];
	}
}

/* Place the lines: body cells at the top of their box, header cells at
 * its foot, so that header labels of one, two or three lines end on one
 * baseline. */
static void
place_lines(table *tb)
{
	size_t total = 0;
	for (size_t i = 0; i < tb->ncells; i++)
		total += tb->cells[i].para.nlines;
	tb->lines = xcalloc(total ? total : 1, sizeof(*tb->lines));
	tb->nlines = 0;
	for (size_t i = 0; i < tb->ncells; i++) {
		tcell *c = &tb->cells[i];
		double top = c->top + tb->st->pad_y;
		if (c->header)
			top += (c->bottom - c->top) - c->h;
		c->first_line = tb->nlines;
		for (size_t k = 0; k < c->para.nlines; k++) {
			tline *l = &tb->lines[tb->nlines++];
			l->ln = &c->para.lines[k];
			l->x = c->x + tb->st->pad_x;
			l->top = top + (double)k * tb->lead;
			l->cell = i;
		}
	}
}

/* A cell taller than a page, or a header taller than half of one, can
 * never be placed: say so at the table, with what to do. */
static int
check_heights(table *tb)
{
	lflow *f = tb->f;
	const model_table *t = tb->t;
	double area = f->ld->area_h;
	double head = tb->ry[t->header_rows];
	int rc = 0;
	if (head > area / 2) {
		diag_error(f->diags, DIAG_LAYOUT, tb->b->pos,
		           "the table's header rows are %.0fmm tall, more than half "
		           "a page (%.0fmm), and are repeated on every page",
		           head / MM, area / MM);
		diag_note(f->diags, "use fewer header rows (header-rows: 1) or "
		                    "shorter header texts");
		return -1;
	}
	for (size_t i = 0; i < tb->ncells; i++) {
		const tcell *c = &tb->cells[i];
		double room = c->header ? area : area - head;
		if (c->h <= room + EPS)
			continue;
		diag_error(f->diags, DIAG_LAYOUT, tb->b->pos,
		           "the cell in row %d, column %d is %.0fmm tall, taller "
		           "than a page holds (%.0fmm%s)", c->m->row + 1,
		           c->m->col + 1, c->h / MM, room / MM,
		           c->header || head == 0 ? ""
		                                  : " below the table's header");
		diag_note(f->diags, "shorten the cell's text, or split the row: "
		                    "put the rest of the text in a row below");
		rc = -1;
	}
	return rc;
}

/* ---- drawing ---- */

static void
rect(table *tb, lslice *s, double x, double y, double w, double h,
     uint32_t color, layout_role role)
{
	layout_item *it = lslice_item(tb->f, s, LITEM_RECT, role, tb->b->pos);
	it->u.rect.x = x;
	it->u.rect.y = y;
	it->u.rect.w = w;
	it->u.rect.h = h;
	it->u.rect.fill = 1;
	it->u.rect.fill_color = color;
}

static layout_item *
line(table *tb, lslice *s, double x1, double y1, double x2, double y2,
     uint32_t color, double width, layout_role role)
{
	if (!(width > 0))
		return NULL;
	layout_item *it = lslice_item(tb->f, s, LITEM_LINE, role, tb->b->pos);
	it->u.line.x1 = x1;
	it->u.line.y1 = y1;
	it->u.line.x2 = x2;
	it->u.line.y2 = y2;
	it->u.line.color = color;
	it->u.line.width = width;
	return it;
}

/* The strong rule that opens and closes the table on each page. */
static double
strong_width(const model_table_style *st)
{
	return st->border_width * 2 > 1 ? st->border_width * 2 : 1;
}

/* The text lines of cells [c0, c1) whose top is in [ya, yb), into s
 * (whose top is ya). */
static void
add_lines(table *tb, lslice *s, size_t c0, size_t c1, double ya, double yb)
{
	for (size_t i = c0; i < c1; i++) {
		const tcell *c = &tb->cells[i];
		layout_role role = c->header ? "table-header" : "table-cell";
		for (size_t k = 0; k < c->para.nlines; k++) {
			const tline *l = &tb->lines[c->first_line + k];
			if (l->top < ya - EPS || l->top >= yb - EPS)
				continue;
			tb->f->snode = c->snode;
			lline_items(tb->f, lsink_slice(s), l->ln, l->x,
			            l->top - ya + tb->base, role, c->m->pos);
		}
	}
	tb->f->snode = tb->snode;
}

/* The table's structure under its node (current): the caption's node,
 * then THead and TBody, a TR for each row and a TH (of the column
 * below it) or TD for each cell, with its spans. */
static uint32_t
table_nodes(table *tb)
{
	lflow *f = tb->f;
	const model_table *t = tb->t;
	uint32_t caption = t->caption.nruns
	                           ? lstruct_new(f, LTAG_CAPTION, tb->snode)
	                           : 0;
	uint32_t head = 0, body = 0;
	for (size_t r = 0; r < t->nrows; r++) {
		int h = (int)r < t->header_rows;
		uint32_t *part = h ? &head : &body;
		if (!*part)
			*part = lstruct_new(f, h ? LTAG_THEAD : LTAG_TBODY,
			                    tb->snode);
		uint32_t tr = lstruct_new(f, LTAG_TR, *part);
		for (size_t i = tb->row_first[r]; i < tb->row_first[r + 1]; i++) {
			tcell *c = &tb->cells[i];
			c->snode = lstruct_new(f, h ? LTAG_TH : LTAG_TD, tr);
			layout_snode *n = &f->ld->snodes[c->snode];
			n->scope = h ? LSCOPE_COLUMN : LSCOPE_NONE;
			n->rowspan = (uint16_t)c->m->rowspan;
			n->colspan = (uint16_t)c->m->colspan;
		}
	}
	return caption;
}

/* The header rows: one slice, never split: the band, white rules
 * between header rows (and columns, in a grid), and the labels. */
static void
header_slice(table *tb)
{
	const model_table_style *st = tb->st;
	size_t end = tb->row_first[tb->t->header_rows];
	double h = tb->ry[tb->t->header_rows];
	lslice *s = lslice_new(tb->f, h);
	s->group = tb->group;
	s->keep_with_next = 1;
	rect(tb, s, tb->x, 0, tb->w, h, st->header_fill, "table-header-fill");
	for (size_t i = 0; i < end; i++) {
		const tcell *c = &tb->cells[i];
		if (c->bottom < h - EPS)
			line(tb, s, c->x, c->bottom, c->x + c->w, c->bottom,
			     st->header_text, st->border_width, "table-rule");
		if (st->grid && c->m->col + c->m->colspan < (int)tb->t->ncols)
			line(tb, s, c->x + c->w, c->top, c->x + c->w, c->bottom,
			     st->header_text, st->border_width, "table-grid");
	}
	add_lines(tb, s, 0, end, 0, h);
}

/* One slice of the body: the part [ya, yb) of the rows whose cells are
 * [c0, c1). first and last: the body's first and last slices. A slice
 * that does not start at its rows' top continues them (cont): a page
 * break before it cuts a row. */
static void
body_slice(table *tb, size_t c0, size_t c1, double ya, double yb, int first,
           int last)
{
	const model_table *t = tb->t;
	const model_table_style *st = tb->st;
	lslice *s = lslice_new(tb->f, yb - ya);
	s->group = tb->group;
	/* A cut at a row's top needs no padding: only a row cut inside. */
	s->cont = 1;
	for (size_t r = (size_t)tb->cells[c0].m->row;
	     r <= tb->t->nrows && tb->ry[r] < ya + EPS; r++)
		if (fabs(tb->ry[r] - ya) < EPS)
			s->cont = 0;
	/* Zebra fills, clipped to the slice; neighbours of one colour and
	 * extent are one rectangle, so that no seam shows between them. */
	layout_item *prev = NULL;
	for (size_t i = c0; t->zebra && i < c1; i++) {
		const tcell *c = &tb->cells[i];
		if ((c->m->row - t->header_rows) % 2 == 0)
			continue;
		double top = c->top > ya ? c->top : ya;
		double bot = c->bottom < yb ? c->bottom : yb;
		if (bot - top < EPS)
			continue;
		if (prev && fabs(prev->u.rect.x + prev->u.rect.w - c->x) < EPS &&
		    fabs(prev->u.rect.y - (top - ya)) < EPS &&
		    fabs(prev->u.rect.h - (bot - top)) < EPS) {
			prev->u.rect.w += c->w;
			continue;
		}
		rect(tb, s, c->x, top - ya, c->w, bot - top, st->zebra_fill,
		     "table-zebra");
		prev = &s->items[s->nitems - 1];
	}
	/* Rules under the cells that end in this slice (the table's foot
	 * gets the strong rule instead), and between columns in a grid. */
	prev = NULL;
	for (size_t i = c0; i < c1; i++) {
		const tcell *c = &tb->cells[i];
		size_t below = (size_t)(c->m->row + c->m->rowspan);
		if (below < t->nrows && c->bottom > ya + EPS &&
		    c->bottom <= yb + EPS) {
			/* Inside the cell, so that the next row's fill, drawn
			 * later, does not cover half of it. */
			double y = c->bottom - ya - st->border_width / 2;
			if (prev && fabs(prev->u.line.x2 - c->x) < EPS &&
			    fabs(prev->u.line.y1 - y) < EPS) {
				prev->u.line.x2 += c->w;
			} else {
				prev = line(tb, s, c->x, y, c->x + c->w, y, st->border,
				            st->border_width, "table-rule");
			}
		}
	}
	if (st->grid) {
		for (size_t i = c0; i < c1; i++) {
			const tcell *c = &tb->cells[i];
			double top = c->top > ya ? c->top : ya;
			double bot = c->bottom < yb ? c->bottom : yb;
			if (bot - top < EPS ||
			    c->m->col + c->m->colspan >= (int)t->ncols)
				continue;
			line(tb, s, c->x + c->w, top - ya, c->x + c->w, bot - ya,
			     st->border, st->border_width, "table-grid");
		}
		/* The outer rules inside the table's band, not astride it. */
		double l = tb->x + st->border_width / 2;
		double r = tb->x + tb->w - st->border_width / 2;
		line(tb, s, l, 0, l, yb - ya, st->border, st->border_width,
		     "table-grid");
		line(tb, s, r, 0, r, yb - ya, st->border, st->border_width,
		     "table-grid");
	}
	double sw = strong_width(st);
	if (first && t->header_rows == 0)
		line(tb, s, tb->x, sw / 2, tb->x + tb->w, sw / 2, st->header_fill,
		     sw, "table-top");
	if (last)
		line(tb, s, tb->x, yb - ya - sw / 2, tb->x + tb->w, yb - ya - sw / 2,
		     st->header_fill, sw, "table-bottom");
	add_lines(tb, s, c0, c1, ya, yb);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Whether a page may break at y (from the table's top) across the cells
 * [c0, c1): each cell that the cut splits keeps the theme's orphans and
 * widows lines on either side, and its line above the cut does not end
 * with a hyphen. */
static int
may_cut(const table *tb, size_t c0, size_t c1, double y)
{
	for (size_t i = c0; i < c1; i++) {
		const tcell *c = &tb->cells[i];
		size_t n = c->para.nlines, above = 0;
		while (above < n &&
		       tb->lines[c->first_line + above].top + tb->lead <=
		               y + EPS)
			above++;
		if (above == 0 || above == n)
			continue;
		const tline *l = &tb->lines[c->first_line + above - 1];
		if (!lpara_may_break(tb->f, above - 1, n,
		                     lline_ends_hyphen(l->ln)))
			return 0;
	}
	return 1;
}

/* The rows r0..r1 that spans tie together, as slices. A page may break
 * wherever no text line is cut; like a paragraph, at least two such
 * pieces stay on each side of a break, so a row of three lines or fewer
 * never splits; and a cell split keeps its lines as a paragraph does
 * (may_cut). */
static void
row_group(table *tb, size_t r0, size_t r1, int first, int last)
{
	size_t c0 = tb->row_first[r0], c1 = tb->row_first[r1];
	double ya = tb->ry[r0], yb = tb->ry[r1];
	size_t l0 = c0 < tb->ncells ? tb->cells[c0].first_line : tb->nlines;
	size_t l1 = c1 < tb->ncells ? tb->cells[c1].first_line : tb->nlines;
	size_t ncand = (l1 - l0) + (r1 - r0);
	double *cand = xcalloc(ncand ? ncand : 1, sizeof(double));
	size_t n = 0;
	for (size_t l = l0; l < l1; l++)
		cand[n++] = tb->lines[l].top + tb->lead;
	for (size_t r = r0 + 1; r < r1; r++)
		cand[n++] = tb->ry[r];
	qsort(cand, n, sizeof(double), cmp_double);
	size_t nok = 0;
	for (size_t i = 0; i < n; i++) {
		double y = cand[i];
		if (y <= ya + EPS || y >= yb - EPS ||
		    (nok && y - cand[nok - 1] < EPS))
			continue;
		int cuts = 0;
		for (size_t l = l0; l < l1 && !cuts; l++)
			cuts = tb->lines[l].top < y - EPS &&
			       tb->lines[l].top + tb->lead > y + EPS;
		if (!cuts)
			cand[nok++] = y;
	}
	/* nok + 1 pieces; breaks allowed after the second and before the
	 * last but one. */
	double at = ya;
	if (nok >= 3) {
		for (size_t k = 1; k + 2 <= nok; k++) {
			if (!may_cut(tb, c0, c1, cand[k]))
				continue;
			body_slice(tb, c0, c1, at, cand[k], first, 0);
			first = 0;
			at = cand[k];
		}
	}
	body_slice(tb, c0, c1, at, yb, first, last);
	free(cand);
}

static void
caption(table *tb)
{
	lflow *f = tb->f;
	lpara_style ps = lstyle(f, tb->t->small ? LSTYLE_SMALL_TABLE_CAPTION
	                                        : LSTYLE_TABLE_CAPTION);
	if (lpara(f, &tb->t->caption, &ps, tb->x, tb->w))
		f->slices[f->nslices - 1].keep_with_next = 1;
	lspace(f, tb->lead * 0.35);
}

static int
new_group(lflow *f, const table *tb)
{
	if (f->ngroups == f->capgroups)
		f->groups = arena_xgrow(&f->ld->mem, f->groups, f->ngroups, &f->capgroups,
		                f->ngroups + 1, sizeof(*f->groups));
	lgroup *g = &f->groups[f->ngroups];
	memset(g, 0, sizeof(*g));
	g->x = tb->x;
	g->w = tb->w;
	g->rule_color = tb->st->header_fill;
	g->rule_width = strong_width(tb->st);
	g->cut_pad = tb->st->pad_y;
	g->pos = tb->b->pos;
	return (int)++f->ngroups;
}

void
layout_block_table(lflow *f, const model_block *b, double x, double w)
{
	const model_theme *th = f->th;
	const model_table *t = &b->u.table;
	table tb;
	memset(&tb, 0, sizeof(tb));
	arena_init(&tb.cell_mem);
	tb.f = f;
	tb.b = b;
	tb.t = t;
	tb.st = &th->table;
	tb.x = x;

	tb.body = lstyle(f, t->small ? LSTYLE_SMALL_TABLE_CELL
	                             : LSTYLE_TABLE_CELL);
	tb.head = lstyle(f, t->small ? LSTYLE_SMALL_TABLE_HEADER
	                             : LSTYLE_TABLE_HEADER);
	tb.lead = tb.body.size * tb.body.line_height;
	text_metrics m;
	text_font_metrics(f->stacks[ROLE_BODY][0].fonts[0], &m);
	tb.base = (tb.lead - (m.ascender + m.descender) * tb.body.size) / 2 +
	          m.ascender * tb.body.size;

	tb.ncells = 0;
	for (size_t r = 0; r < t->nrows; r++)
		tb.ncells += t->rows[r].count;
	tb.cells = xcalloc(tb.ncells ? tb.ncells : 1, sizeof(*tb.cells));
	tb.row_first = xcalloc(t->nrows + 1, sizeof(size_t));
	tb.ry = xcalloc(t->nrows + 1, sizeof(double));
	tb.cx = xcalloc(t->ncols, sizeof(double));
	tb.cw = xcalloc(t->ncols, sizeof(double));
	size_t k = 0;
	for (size_t r = 0; r < t->nrows; r++) {
		tb.row_first[r] = k;
		for (size_t i = 0; i < t->rows[r].count; i++, k++) {
			tb.cells[k].m = &t->rows[r].cells[i];
			tb.cells[k].header = (int)r < t->header_rows;
		}
	}
	tb.row_first[t->nrows] = k;

	if (column_widths(&tb, w) != 0) {
		f->failed = 1;
		goto done;
	}
	break_cells(&tb);
	if (f->failed)
		goto done;
	row_heights(&tb);
	place_lines(&tb);
	if (check_heights(&tb) != 0) {
		f->failed = 1;
		goto done;
	}

	tb.snode = f->snode;
	uint32_t cap = table_nodes(&tb);
	lspace(f, th->paragraph_space * 2);
	if (t->caption.nruns) {
		f->snode = cap;
		caption(&tb);
		f->snode = tb.snode;
	}
	tb.group = new_group(f, &tb);
	lgroup *g = &f->groups[tb.group - 1];
	g->head = f->nslices;
	if (t->header_rows > 0) {
		header_slice(&tb);
		g->nhead = 1;
	}
	/* The body, in groups of rows that spans tie together. */
	size_t hr = (size_t)t->header_rows;
	for (size_t r = hr; r < t->nrows;) {
		size_t r1 = r + 1;
		for (size_t q = r; q < r1; q++)
			for (size_t i = tb.row_first[q]; i < tb.row_first[q + 1]; i++) {
				size_t end = (size_t)(tb.cells[i].m->row +
				                      tb.cells[i].m->rowspan);
				if (end > r1)
					r1 = end;
			}
		row_group(&tb, r, r1, r == hr, r1 == t->nrows);
		r = r1;
	}
	lspace(f, th->paragraph_space * 2);

done:
	free(tb.cells);
	free(tb.row_first);
	free(tb.ry);
	free(tb.cx);
	free(tb.cw);
	free(tb.lines);
	/* The slices have the glyphs now (lline_items copied them). */
	arena_free(&tb.cell_mem);
}
