/* paginate.c - slices onto pages: keep chains, page breaks, frame
 * decorations, tables across pages, and columns.
 *
 * Pages and columns are both "regions": a run of slices fills the
 * current region down to its bottom, and a break moves to the next one
 * (the next column, or a new page after the last column). A columns
 * section is set one segment at a time (the slices between blocks that
 * span all columns); the segment's last page is balanced by finding, with
 * dry runs that place nothing, the least column height it fits in. */
#include <stdlib.h>
#include <string.h>

#include "layout/lbox.h"
#include "layout/nav.h"
#include "util/limits.h"

#define EPS 0.01

/* ---- pages ---- */

layout_page *
lpage_insert(lflow *f, size_t at)
{
	layout_doc *ld = f->ld;
	if (ld->npages == ld->cappages) {
		size_t cap = ld->cappages ? ld->cappages * 2 : 16;
		ld->pages = arena_grow(&ld->mem, ld->pages, ld->npages, cap,
		                       sizeof(layout_page));
		ld->cappages = cap;
	}
	memmove(&ld->pages[at + 1], &ld->pages[at],
	        (ld->npages - at) * sizeof(layout_page));
	ld->npages++;
	layout_page *p = &ld->pages[at];
	memset(p, 0, sizeof(*p));
	p->width = f->th->page_width;
	p->height = f->th->page_height;
	return p;
}

/* Say so, and fail, if page p has more shapes filled with a gradient
 * than a PDF page can name (LIMIT_PAGE_GRADIENTS): several drawings
 * together, each within LIMIT_SVG_GRADIENTS. */
static void
check_gradients(lflow *f, const layout_page *p)
{
	long n = 0;
	for (size_t k = 0; k < p->nitems; k++) {
		const layout_item *it = &p->items[k];
		if (it->kind != LITEM_PATH || it->u.path->fill.kind != 2 ||
		    ++n <= (long)LIMIT_PAGE_GRADIENTS)
			continue;
		diag_error(f->diags, DIAG_LIMIT, it->pos,
		           "this page would have more than %ld shapes filled "
		           "with a gradient, more than a PDF page can hold "
		           "(LIMIT_PAGE_GRADIENTS)", (long)LIMIT_PAGE_GRADIENTS);
		diag_note(f->diags, "put some of the drawings on another page "
		                    "(- page-break), or use drawings with fewer "
		                    "gradients");
		f->failed = 1;
		return;
	}
}

/* Pagination is done with page i: its items are its body. With a sink,
 * draw it, and keep only its links (resolved and drawn at the end). */
static void
page_done(lflow *f, size_t i)
{
	layout_doc *ld = f->ld;
	layout_page *p = &ld->pages[i];
	check_gradients(f, p);
	/* Give back the unused part of its array (it grows ahead of need),
	 * so that only what the pages hold adds up. */
	lsink_trim(lsink_page(p));
	p->flow = 1;
	p->under = 0;
	p->body = p->nitems;
	const layout_sink *sink = f->opts.sink;
	if (!sink)
		return;
	if (f->draw && !f->failed && sink->page(sink->ctx, ld, i, f->diags) != 0)
		f->failed = 1;
	size_t n = 0;
	for (size_t k = 0; k < p->nitems; k++)
		if (p->items[k].kind == LITEM_LINK)
			p->items[n++] = p->items[k];
	p->nitems = p->body = n;
	if (n == 0) {
		free(p->items);
		p->items = NULL;
		p->capitems = 0;
	} else {
		lsink_trim(lsink_page(p));
	}
	/* Only the page after this one, not begun yet, may show glyphs. */
	lglyphs_sweep(f, i + 1);
}

static layout_page *
new_page(lflow *f)
{
	/* The page before is full. */
	layout_doc *ld = f->ld;
	if (ld->npages)
		page_done(f, ld->npages - 1);
	return lpage_insert(f, ld->npages);
}

static layout_page *
last_page(lflow *f)
{
	return &f->ld->pages[f->ld->npages - 1];
}

/* Move a path right by dx and down by dy (a copy: slices share items). */
static void
path_move(lflow *f, layout_path **pp, double dx, double dy)
{
	lpath_shift(f, pp, dy);
	if (dx == 0)
		return;
	layout_path *p = *pp;
	/* lpath_shift made copies in the layout's arena: ours to change. */
	layout_seg *segs = (layout_seg *)p->segs;
	for (size_t i = 0; i < p->nsegs; i++)
		for (int k = 0; k < 3; k++)
			segs[i].x[k] += dx;
	p->bx += dx;
	layout_gradient *g[2] = {(layout_gradient *)p->fill.gradient,
	                         (layout_gradient *)p->stroke.gradient};
	for (int k = 0; k < 2; k++)
		if (g[k] && (k == 0 || g[1] != g[0])) {
			g[k]->x1 += dx;
			g[k]->x2 += dx;
		}
}

/* Move an item right by dx and down by dy. */
static void
move_item(lflow *f, layout_item *it, double dx, double dy)
{
	switch (it->kind) {
	case LITEM_TEXT:
		it->u.text.x += dx;
		it->u.text.y += dy;
		break;
	case LITEM_RECT:
		it->u.rect.x += dx;
		it->u.rect.y += dy;
		break;
	case LITEM_LINE:
		it->u.line.x1 += dx;
		it->u.line.x2 += dx;
		it->u.line.y1 += dy;
		it->u.line.y2 += dy;
		break;
	case LITEM_LINK:
		it->u.link.x += dx;
		it->u.link.y += dy;
		break;
	case LITEM_IMAGE:
		it->u.image.x += dx;
		it->u.image.clip_x += dx;
		it->u.image.y += dy;
		it->u.image.clip_y += dy;
		break;
	case LITEM_PATH:
		path_move(f, &it->u.path, dx, dy);
		break;
	}
}

/* ---- the state of placement ---- */

/* A frame's extent in one region, to decorate once the region is full. */
typedef struct frame_span {
	int frame;
	size_t first_item; /* where to insert the decoration */
	double top, bottom;
	double dx;         /* the column's offset */
} frame_span;

typedef struct lpstate {
	int dry;           /* measure only: place and draw nothing */
	int no_new_page;   /* dry: needing a new page is an overflow */
	int overflow;
	int stop_at_page;  /* return from run() once a page is begun */
	int page_begun;
	double y, top, bottom; /* the cursor and the current region */
	double dx;         /* the current column's offset from the first */
	int at_top;        /* nothing placed in the region yet */
	frame_span cur;
	/* Inside a columns section (cs NULL at full width): */
	const lcols *cs;
	int col;           /* the column on this page, 0-based */
	int ncol;          /* columns begun in the section (panels: panel) */
	int split_chain;   /* a keep chain that fits a page was split */
	src_pos last_pos;  /* the YAML of the last slice placed */
	double sec_top;    /* the columns' top on this page */
	double sec_bottom; /* the lowest column's foot so far */
	int col_used;      /* columns with content on this page */
	int placed;        /* the current column has content */
	size_t col_item;   /* the current column's first item */
	int panel;         /* panels: the panel being set, 1-based */
	int warned;        /* panels: the last panel reported too full */
	/* What lpaginate_more learnt of the slices waiting from scan_i
	 * (f->pnext) on, so that each call reads only the slices added
	 * since: thousands of headings in a row are one keep chain that
	 * waits whole, and reading it again per block was quadratic. The
	 * slices [scan_i, scan_b) are all of one kind (in columns or not);
	 * scan_cut is the last k in (scan_i, scan_to) whose slice k - 1 is
	 * not kept with the next (scan_i if none). */
	size_t scan_i, scan_b, scan_to, scan_cut;
} pstate;

/* Place slice s with its top at y in the current region. */
static void
place(lflow *f, pstate *st, const lslice *s, double y)
{
	if (s->nitems && s->items[0].pos.line > 0)
		st->last_pos = s->items[0].pos;
	st->placed = 1;
	if (st->dry)
		return;
	layout_doc *ld = f->ld;
	layout_page *p = last_page(f);
	lsink k = lsink_page(p);
	for (size_t i = 0; i < s->nitems; i++) {
		layout_item *it = lsink_push(f, k, s->items[i].kind,
		                             s->items[i].role, s->items[i].pos);
		*it = s->items[i];
		move_item(f, it, st->dx, y);
	}
	if (s->dest >= 0) {
		ld->dests[s->dest].page = (int)ld->npages - 1;
		ld->dests[s->dest].y = y;
	}
	/* {chapter}: the first h1 (or contents) that starts on the page,
	 * and the last, which runs on. */
	if (s->chapter) {
		if (!p->chapter_first)
			p->chapter_first = s->chapter;
		p->chapter_last = s->chapter;
	}
}

/* Draw the frame of fs in the region just filled: its block's look
 * (lframe.draw), beneath the frame's items. */
static void
decorate(lflow *f, pstate *st, const frame_span *fs)
{
	if (st->dry)
		return;
	layout_page *p = last_page(f);
	const lframe *fr = &f->frames[fs->frame];
	/* Insert the decoration before the frame's items: drawn beneath. */
	lsink k = lsink_page(p);
	lsink_push(f, k, LITEM_RECT, "frame", fr->pos);
	layout_item it = p->items[p->nitems - 1];
	memmove(&p->items[fs->first_item + 1], &p->items[fs->first_item],
	        (p->nitems - 1 - fs->first_item) * sizeof(layout_item));
	memset(&it.u, 0, sizeof(it.u));
	fr->draw(fr, fs->dx, fs->top, fs->bottom, &it);
	p->items[fs->first_item] = it;
}

/* ---- tables across pages ---- */

/* The group (index + 1) that a break between slices a and b cuts through
 * its body, or 0. A break before the header is an ordinary break. */
static int
cut_group(const lflow *f, size_t a, size_t b)
{
	if (a >= f->nslices)
		return 0;
	int g = f->slices[a].group;
	if (!g || b >= f->nslices || f->slices[b].group != g)
		return 0;
	const lgroup *gr = &f->groups[g - 1];
	if (b >= gr->head && b < gr->head + gr->nhead)
		return 0;
	return g;
}

static void
group_rule(lflow *f, pstate *st, const lgroup *gr, double y,
           layout_role role)
{
	if (st->dry)
		return;
	layout_item *it = lsink_push(f, lsink_page(last_page(f)), LITEM_LINE,
	                             role, gr->pos);
	it->u.line.x1 = gr->x + st->dx;
	it->u.line.x2 = gr->x + gr->w + st->dx;
	it->u.line.y1 = it->u.line.y2 = y;
	it->u.line.color = gr->rule_color;
	it->u.line.width = gr->rule_width;
}

/* The space to keep free below slice k: a cut in a table row there
 * adds padding. */
static double
reserve(const lflow *f, size_t k)
{
	if (k + 1 >= f->nslices || !f->slices[k + 1].cont ||
	    !f->slices[k].group)
		return 0;
	return f->groups[f->slices[k].group - 1].cut_pad;
}

/* Draw the fills and column rules of slice s on over [y0, y1) of the
 * current page: those that touch its foot (foot set) or its head. This
 * pads a table row where a page cuts it. */
static void
stretch(lflow *f, pstate *st, const lslice *s, int foot, double y0,
        double y1)
{
	if (st->dry)
		return;
	layout_page *p = last_page(f);
	for (size_t i = 0; i < s->nitems; i++) {
		const layout_item *src = &s->items[i];
		double a, b;
		if (src->kind == LITEM_RECT) {
			a = src->u.rect.y;
			b = a + src->u.rect.h;
		} else if (src->kind == LITEM_LINE &&
		           src->u.line.x1 == src->u.line.x2) {
			a = src->u.line.y1;
			b = src->u.line.y2;
		} else {
			continue;
		}
		if (foot ? b < s->height - EPS : a > EPS)
			continue;
		layout_item *it = lsink_push(f, lsink_page(p), src->kind,
		                             src->role, src->pos);
		*it = *src;
		move_item(f, it, st->dx, 0);
		if (it->kind == LITEM_RECT) {
			it->u.rect.y = y0;
			it->u.rect.h = y1 - y0;
		} else {
			it->u.line.y1 = y0;
			it->u.line.y2 = y1;
		}
	}
}

/* At the head of a new region: the group's header slices again, or a
 * rule that reopens a table without a header. Return the y below them. */
static double
reopen_group(lflow *f, pstate *st, const lgroup *gr, double y)
{
	if (gr->nhead == 0) {
		group_rule(f, st, gr, y + gr->rule_width / 2, "table-reopen");
		return y;
	}
	for (size_t k = gr->head; k < gr->head + gr->nhead; k++) {
		place(f, st, &f->slices[k], y);
		y += f->slices[k].height;
	}
	return y;
}

/* ---- columns ---- */

static double
col_offset(const lcols *cs, int col)
{
	return col * (cs->colw + cs->gap);
}

/* A column begins: a panel's fill goes beneath its content. Panels
 * fill whole pages, so a fill runs to the page's edges and meets the
 * next panel's at the middle of the gap (where the sheet is folded). */
static void
begin_column(lflow *f, pstate *st)
{
	st->placed = 0;
	if (st->dry)
		return;
	const lcols *cs = st->cs;
	layout_page *p = last_page(f);
	size_t n = (size_t)st->ncol;
	if (cs->panels && n < cs->npanels && cs->fill[n] != LCOLS_NO_FILL) {
		double x0 = cs->x + st->dx - cs->gap / 2;
		double x1 = cs->x + st->dx + cs->colw + cs->gap / 2;
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
end_column(lflow *f, pstate *st)
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
	layout_page *p = last_page(f);
	for (size_t i = st->col_item; i < p->nitems; i++)
		move_item(f, &p->items[i], 0, dy);
}

/* The columns on this page are done: rules between those with content. */
static void
end_columns_page(lflow *f, pstate *st)
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
	for (int c = 1; c < used && y1 > y0; c++) {
		layout_item *it = lsink_push(f, lsink_page(last_page(f)),
		                             LITEM_LINE, "column-rule", cs->pos);
		it->u.line.x1 = it->u.line.x2 =
			cs->x + col_offset(cs, c) - cs->gap / 2;
		it->u.line.y1 = y0;
		it->u.line.y2 = y1;
		it->u.line.color = cs->rule_color;
		it->u.line.width = 0.5;
	}
}

/* ---- breaks ---- */

/* Move to the next region: the next column, or a new page (force_page:
 * a new page even with columns left). Return 0, or -1 on an overflow (a
 * dry run that may not begin a page) or past the page limit. */
static int
advance(lflow *f, pstate *st, int force_page)
{
	const layout_doc *ld = f->ld;
	if (st->cs) {
		end_column(f, st);
		if (!force_page && st->col + 1 < st->cs->count) {
			st->col++;
			st->ncol++;
			st->dx = col_offset(st->cs, st->col);
			st->y = st->sec_top;
			st->at_top = 1;
			begin_column(f, st);
			return 0;
		}
	}
	if (st->dry && st->no_new_page) {
		st->overflow = 1;
		return -1;
	}
	if (st->cs)
		end_columns_page(f, st);
	if (!st->dry) {
		if ((long)ld->npages >= LIMIT_PAGES) {
			/* Point where the pages run away: the last content placed. */
			src_pos at = st->last_pos;
			src_pos first = lblocks_first_pos(f->blocks);
			if (at.line <= 0 && first.line > 0)
				at = first;
			diag_error(f->diags, DIAG_LIMIT, at,
			           "the document would have more than %d pages",
			           LIMIT_PAGES);
			diag_note(f->diags, "this is where the pages run on; check for "
			                    "repeated page breaks or content included "
			                    "many times (LIMIT_PAGES)");
			f->failed = 1;
			return -1;
		}
		new_page(f);
	}
	st->page_begun = 1;
	st->top = st->y = ld->area_y;
	st->bottom = ld->area_y + ld->area_h;
	st->at_top = 1;
	st->dx = 0;
	if (st->cs) {
		st->col = 0;
		st->ncol++;
		st->sec_top = st->sec_bottom = st->y;
		st->col_used = 0;
		begin_column(f, st);
	}
	return 0;
}

/* Break after slice last (the last one placed, or the one before the
 * next): close the frame and any table cut there, move to the next
 * region, and reopen them. Return 0 or -1 as advance() does. */
static int
do_break(lflow *f, pstate *st, size_t last, int force_page)
{
	frame_span *cur = &st->cur;
	size_t next = last + 1;
	int frame_goes_on = 0;
	if (cur->frame >= 0) {
		/* The frame goes on only if the next slice is in it. */
		frame_goes_on = next < f->nslices &&
		                f->slices[next].frame == cur->frame;
		decorate(f, st, cur);
	}
	/* A table cut here is closed at the foot and reopened at the next
	 * head. */
	int g = cut_group(f, last, next);
	double pad = g && f->slices[next].cont ? f->groups[g - 1].cut_pad : 0;
	if (pad > 0) {
		stretch(f, st, &f->slices[last], 1, st->y, st->y + pad);
		st->y += pad;
	}
	if (g)
		group_rule(f, st, &f->groups[g - 1],
		           st->y - f->groups[g - 1].rule_width / 2,
		           "table-close");
	if (cur->frame >= 0 && !frame_goes_on)
		cur->frame = -1;
	if (advance(f, st, force_page) != 0)
		return -1;
	/* A continued frame's box goes beneath everything in the region
	 * (a panel's fill excepted). */
	size_t region_item = !st->dry && st->cs ? st->col_item : 0;
	if (g)
		st->y = reopen_group(f, st, &f->groups[g - 1], st->y);
	if (pad > 0) {
		stretch(f, st, &f->slices[next], 0, st->y, st->y + pad);
		st->y += pad;
	}
	if (cur->frame >= 0) {
		/* The frame continues: its box starts at the head of the
		 * region. */
		cur->first_item = region_item;
		cur->top = st->y;
		cur->dx = st->dx;
	}
	return 0;
}

/* The height of the chain of slices that keep together from a on,
 * within its columns section: what must fit under a heading that
 * keeps with the columns' first lines. */
static double
chain_from(const lflow *f, size_t a)
{
	double h = f->slices[a].height;
	for (size_t j = a; j + 1 < f->nslices && f->slices[j].keep_with_next &&
	     f->slices[j + 1].cols == f->slices[a].cols &&
	     !f->slices[j + 1].break_before && !f->slices[j + 1].col_break;
	     j++)
		h += f->slices[j + 1].space_before + f->slices[j + 1].height;
	return h;
}

/* A panel's content is taller than its panel. */
static void
panel_overflow(lflow *f, pstate *st, size_t k)
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

/* ---- the main loop ---- */

/* Free the header slices of the tables before group index g that are
 * not freed yet: no page repeats them any more. */
static void
release_headers(lflow *f, size_t g)
{
	for (; f->groups_released < g; f->groups_released++) {
		const lgroup *gr = &f->groups[f->groups_released];
		for (size_t k = gr->head; k < gr->head + gr->nhead; k++) {
			free(f->slices[k].items);
			f->slices[k].items = NULL;
			f->slices[k].nitems = f->slices[k].capitems = 0;
		}
	}
}

/* Free the item arrays of the slices before upto, which nothing places
 * again (the pages hold copies): all but a table's header slices, which
 * every page the table goes on to gets again, until a slice after the
 * table is released. Measuring runs (dry) free nothing: the real run
 * places the same slices afterwards. This keeps the slices' and the
 * pages' copies of the items from adding up. */
static void
release_slices(lflow *f, const pstate *st, size_t upto)
{
	if (st->dry)
		return;
	for (size_t k = f->slices_released; k < upto; k++) {
		lslice *s = &f->slices[k];
		if (s->group) {
			/* The tables before this one are done with. */
			release_headers(f, (size_t)s->group - 1);
			const lgroup *g = &f->groups[s->group - 1];
			if (k >= g->head && k < g->head + g->nhead)
				continue;
		} else {
			/* Outside any table: every table made so far is over, but
			 * one laid out after this slice (none: the slices are in
			 * order, and a group's head is its first slice). */
			size_t g = f->groups_released;
			while (g < f->ngroups && f->groups[g].head < k)
				g++;
			release_headers(f, g);
		}
		free(s->items);
		s->items = NULL;
		s->nitems = s->capitems = 0;
	}
	if (upto > f->slices_released) {
		f->slices_placed += upto - f->slices_released;
		f->slices_released = upto;
	}
}

/* Set slices [i, end) from the cursor on, in the current region and the
 * ones after it. Return the first slice not set: end, or earlier when a
 * page was begun and st->stop_at_page is set, or on an overflow or
 * failure. */
static size_t
run(lflow *f, pstate *st, size_t i, size_t end)
{
	const layout_doc *ld = f->ld;
	const double page_bottom = ld->area_y + ld->area_h;
	const lcols *cs = st->cs;
	while (i < end) {
		/* Everything before the slice placed last is done with. */
		release_slices(f, st, i ? i - 1 : 0);
		st->page_begun = 0;
		/* A panel starts its own column. */
		if (cs && cs->panels && f->slices[i].col_break) {
			st->panel = f->slices[i].col_break;
			while (st->ncol < f->slices[i].col_break - 1)
				if (do_break(f, st, i - 1, 0) != 0)
					return i;
			if (st->page_begun && st->stop_at_page)
				return i;
		}
		/* The chain of slices that must stay in one region. */
		size_t j = i;
		double h = f->slices[i].height;
		while (j + 1 < end && f->slices[j].keep_with_next &&
		       !f->slices[j + 1].break_before &&
		       !f->slices[j + 1].col_break) {
			j++;
			h += f->slices[j].space_before + f->slices[j].height;
		}
		double need = h;
		/* A heading before columns keeps with their first lines. */
		if (!cs && j + 1 == end && end < f->nslices &&
		    f->slices[j].keep_with_next && f->slices[end].cols &&
		    !f->slices[end].break_before)
			need += f->slices[end].space_before + chain_from(f, end);
		int at_top = st->at_top;
		/* Columns that start part-way down a page are not a page's
		 * top: what does not fit there moves on. */
		int low = cs && st->sec_top > ld->area_y + EPS;
		int force_page = f->slices[i].break_before && !at_top;
		int need_break = force_page ||
		                 (cs && !cs->panels && f->slices[i].col_break &&
		                  !at_top);
		double sb = at_top ? 0 : f->slices[i].space_before;
		need += reserve(f, j);
		/* A chain that would fit in a whole region moves on rather than
		 * splitting. The whole region is the page's full height even
		 * while balancing tries shorter columns, so a trial height that
		 * would split a chain (a QR code from its caption) fails. */
		if ((!at_top || low) && st->y + sb + need > st->bottom + EPS &&
		    need <= page_bottom - st->top + EPS)
			need_break = 1;
		size_t last = i - 1; /* the last slice placed */
		for (size_t k = i; !need_break && k <= j; k++) {
			lslice *s = &f->slices[k];
			double space = st->at_top ? 0 : s->space_before;
			if ((!st->at_top || low) &&
			    st->y + space + s->height + reserve(f, k) >
			    st->bottom + EPS) {
				/* A chain taller than the region: break inside. */
				if (k > i && need <= page_bottom - st->top + EPS)
					st->split_chain = 1;
				need_break = 1;
				break;
			}
			if (st->at_top && !st->dry &&
			    st->y + s->height > page_bottom + EPS) {
				diag_warning(f->diags, DIAG_LAYOUT,
				             s->nitems ? s->items[0].pos : (src_pos){0},
				             "content %.0fpt tall does not fit on a "
				             "page (%.0fpt) and runs into the margin",
				             s->height, ld->area_h);
			}
			st->y += space;
			if (s->frame != st->cur.frame) {
				if (st->cur.frame >= 0)
					decorate(f, st, &st->cur);
				st->cur.frame = s->frame;
				st->cur.first_item = st->dry ? 0 : last_page(f)->nitems;
				st->cur.top = st->y;
				st->cur.dx = st->dx;
			}
			place(f, st, s, st->y);
			st->y += s->height;
			st->cur.bottom = st->y;
			st->at_top = 0;
			last = k;
		}
		if (!need_break) {
			i = j + 1;
			continue;
		}
		if (cs && cs->panels && !force_page)
			panel_overflow(f, st, last + 1);
		if (do_break(f, st, last, force_page) != 0)
			return last + 1;
		i = last + 1;
		if (st->page_begun && st->stop_at_page)
			return i;
	}
	return i;
}

/* ---- columns sections ---- */

/* Whether slices [i, end) fit in the columns left on this page with the
 * columns h tall. */
static int
fits(lflow *f, const pstate *st, size_t i, size_t end, double h)
{
	pstate d = *st;
	d.dry = 1;
	d.no_new_page = 1;
	d.overflow = 0;
	d.stop_at_page = 0;
	d.bottom = d.sec_top + h;
	d.split_chain = 0;
	size_t stop = run(f, &d, i, end);
	/* A height that only fits by splitting what must stay together
	 * (a QR code and its caption) does not fit. */
	return !d.overflow && !d.split_chain && stop == end;
}

/* The least column height, from the columns' top, in which slices [i,
 * end) fit on this page, in *h; 0 if they do not fit on it at all. */
static int
balance(lflow *f, const pstate *st, size_t i, size_t end, double *h)
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

/* Close the frame that is open, if any. */
static void
close_frame(lflow *f, pstate *st)
{
	if (st->cur.frame >= 0) {
		decorate(f, st, &st->cur);
		st->cur.frame = -1;
	}
}

/* Set the slices [a, b) of one columns section (up to a block that spans
 * the columns) from the cursor on, and leave the cursor below the
 * lowest column. */
static void
segment(lflow *f, pstate *st, size_t a, size_t b)
{
	const layout_doc *ld = f->ld;
	const lcols *cs = &f->cols[f->slices[a].cols - 1];
	close_frame(f, st);
	/* Panels take whole pages. */
	if (!st->at_top && (f->slices[a].break_before || cs->panels))
		if (advance(f, st, 1) != 0)
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
			i = run(f, st, i, b);
			break;
		}
		st->stop_at_page = 1;
		i = run(f, st, i, b);
	}
	st->stop_at_page = 0;
	if (f->failed)
		return;
	close_frame(f, st);
	end_column(f, st);
	if (cs->panels) {
		/* Every panel of the last page gets its fill. */
		while (st->col + 1 < cs->count && (size_t)st->ncol + 1 <
		       cs->npanels) {
			st->col++;
			st->ncol++;
			st->dx = col_offset(cs, st->col);
			begin_column(f, st);
		}
	}
	st->bottom = ld->area_y + ld->area_h;
	end_columns_page(f, st);
	int empty = st->col_used == 0;
	st->y = empty ? st->sec_top : st->sec_bottom;
	st->cs = NULL;
	st->dx = 0;
	st->top = ld->area_y;
	st->at_top = empty && st->sec_top <= ld->area_y + EPS;
}

/* Drop the slices before `from`, which pagination is done with (their
 * arrays are freed), renumbering what points to the rest: the memory
 * the slices take stays that of the blocks being paginated. */
static void
compact(lflow *f, size_t from)
{
	for (size_t k = 0; k < from; k++)
		free(f->slices[k].items);
	memmove(f->slices, f->slices + from,
	        (f->nslices - from) * sizeof(*f->slices));
	f->nslices -= from;
	f->pnext -= from;
	if (f->pst && f->pst->scan_i >= from) {
		f->pst->scan_i -= from;
		f->pst->scan_b -= from;
		f->pst->scan_to -= from;
		f->pst->scan_cut -= from;
	} else if (f->pst) {
		f->pst->scan_b = 0; /* read them again */
	}
	f->slices_released = f->slices_released > from
	                     ? f->slices_released - from : 0;
	for (size_t g = f->groups_released; g < f->ngroups; g++)
		f->groups[g].head -= from;
	lnav_slices_dropped(f, from);
}

/* The first slice pagination may still read: the one placed last (a
 * break after it may pad it), and the header slices of a table that may
 * go on. */
static size_t
keep_from(const lflow *f)
{
	size_t from = f->pnext ? f->pnext - 1 : 0;
	for (size_t g = f->groups_released; g < f->ngroups; g++)
		if (f->groups[g].head < from)
			from = f->groups[g].head;
	return from;
}

void
lpaginate_more(lflow *f, int final)
{
	layout_doc *ld = f->ld;
	if (!f->pst) {
		pstate *st = xcalloc(1, sizeof(*st));
		st->top = st->y = ld->area_y;
		st->bottom = ld->area_y + ld->area_h;
		st->at_top = 1;
		st->cur.frame = -1;
		f->pst = st;
		new_page(f);
	}
	pstate *st = f->pst;
	/* The page-numbering marks whose slices exist get destinations,
	 * which tell the pages they land on. */
	lnav_marks_dests(f);
	size_t i = f->pnext;
	while (i < f->nslices && !f->failed) {
		int cols = f->slices[i].cols;
		if (st->scan_i != i && i == st->scan_cut && i < st->scan_b) {
			/* Set up to the last cut: the rest is still one chain.
			 */
			st->scan_i = i;
		} else if (st->scan_i != i || st->scan_b <= i) {
			st->scan_i = i;
			st->scan_b = st->scan_to = i + 1;
			st->scan_cut = i;
		}
		size_t b = st->scan_b;
		while (b < f->nslices && (f->slices[b].cols != 0) == (cols != 0) &&
		       (!cols || f->slices[b].cols == cols))
			b++;
		st->scan_b = b;
		if (!final && b == f->nslices) {
			/* The section may go on with the next block. Columns need
			 * all of theirs (to balance them); a run can be set up to
			 * a slice no chain crosses. The last slice waits: the
			 * next block may keep it with its own first. */
			if (cols)
				break;
			for (; st->scan_to < b; st->scan_to++)
				if (!f->slices[st->scan_to - 1].keep_with_next)
					st->scan_cut = st->scan_to;
			size_t e = st->scan_cut;
			if (e > i)
				i = run(f, st, i, e);
			break;
		}
		if (cols)
			segment(f, st, i, b);
		else
			run(f, st, i, b);
		i = b;
	}
	f->pnext = i;
	if (final) {
		if (!f->failed) {
			close_frame(f, st);
			page_done(f, ld->npages - 1);
		}
		release_slices(f, st, f->nslices);
		release_headers(f, f->ngroups);
		return;
	}
	size_t from = keep_from(f);
	if (from >= 64 && from * 2 >= f->nslices)
		compact(f, from);
}

void
lpaginate_end(lflow *f)
{
	free(f->pst);
	f->pst = NULL;
}
