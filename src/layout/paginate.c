/* paginate.c - slices onto pages: keep chains, page breaks, the frames
 * of each region (each drawn by its block, through lframe.draw), and
 * the main loop. Columns sections are set by paginate_columns.c; a
 * table that a break cuts is closed and reopened by paginate_tables.c.
 *
 * Pages and columns are both "regions": a run of slices fills the
 * current region down to its bottom, and a break moves to the next one
 * (the next column, or a new page after the last column). */
#include <stdlib.h>
#include <string.h>

#include "layout/nav.h"
#include "layout/paginate.h"
#include "util/limits.h"

/* ---- pages ---- */

layout_page *
lpage_insert(lflow *f, size_t at)
{
	layout_doc *ld = f->ld;
	if (ld->npages == ld->cappages)
		ld->pages = arena_xgrow(&ld->mem, ld->pages, ld->npages, &ld->cappages,
		                ld->npages + 1, sizeof(layout_page));
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

layout_page *
lpag_last_page(lflow *f)
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

void
lpag_move_item(lflow *f, layout_item *it, double dx, double dy)
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

/* ---- placement ---- */

void
lpag_place(lflow *f, lpstate *st, const lslice *s, double y)
{
	if (s->nitems && s->items[0].pos.line > 0)
		st->last_pos = s->items[0].pos;
	st->placed = 1;
	if (st->dry)
		return;
	layout_doc *ld = f->ld;
	layout_page *p = lpag_last_page(f);
	lsink k = lsink_page(p);
	for (size_t i = 0; i < s->nitems; i++) {
		layout_item *it = lsink_push(f, k, s->items[i].kind,
		                             s->items[i].role, s->items[i].pos);
		*it = s->items[i];
		lpag_move_item(f, it, st->dx, y);
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
decorate(lflow *f, lpstate *st, const frame_span *fs)
{
	if (st->dry)
		return;
	layout_page *p = lpag_last_page(f);
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

/* ---- breaks ---- */

int
lpag_advance(lflow *f, lpstate *st, int force_page)
{
	const layout_doc *ld = f->ld;
	if (st->cs && lpag_next_column(f, st, force_page))
		return 0;
	if (st->dry && st->no_new_page) {
		st->overflow = 1;
		return -1;
	}
	if (st->cs)
		lpag_end_columns_page(f, st);
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
	if (st->cs)
		lpag_columns_page(f, st);
	return 0;
}

/* Break after slice last (the last one placed, or the one before the
 * next): close the frame and any table cut there, move to the next
 * region, and reopen them. Return 0 or -1 as lpag_advance does. */
static int
do_break(lflow *f, lpstate *st, size_t last, int force_page)
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
	double pad;
	int g = lpag_table_cut(f, st, last, &pad);
	if (cur->frame >= 0 && !frame_goes_on)
		cur->frame = -1;
	if (lpag_advance(f, st, force_page) != 0)
		return -1;
	/* A continued frame's box goes beneath everything in the region
	 * (a panel's fill excepted). */
	size_t region_item = !st->dry && st->cs ? st->col_item : 0;
	lpag_table_reopen(f, st, g, next, pad);
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

/* Whether slice k, set at y, would be the last in the region and end
 * with a hyphen: the slice after it (k + 1, in its chain) does not fit
 * below it. */
static int
hyphen_at_foot(const lflow *f, const lpstate *st, size_t k, double y)
{
	const lslice *s = &f->slices[k], *next = &f->slices[k + 1];
	double foot = y + s->height + next->space_before + next->height;
	return s->hyphen_end &&
	       foot + lpag_reserve(f, k + 1) > st->bottom + EPS;
}

/* ---- the main loop ---- */

/* Free the item arrays of the slices before upto, which nothing places
 * again (the pages hold copies): all but a table's header slices, which
 * every page the table goes on to gets again, until a slice after the
 * table is released. Measuring runs (dry) free nothing: the real run
 * places the same slices afterwards. This keeps the slices' and the
 * pages' copies of the items from adding up. */
static void
release_slices(lflow *f, const lpstate *st, size_t upto)
{
	if (st->dry)
		return;
	for (size_t k = f->slices_released; k < upto; k++) {
		lslice *s = &f->slices[k];
		if (s->group) {
			/* The tables before this one are done with. */
			lpag_release_headers(f, (size_t)s->group - 1);
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
			lpag_release_headers(f, g);
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

size_t
lpag_run(lflow *f, lpstate *st, size_t i, size_t end)
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
		/* A side column block is drawn taller than its slice: the
		 * chain needs room for all of it. */
		double at = 0;
		for (size_t k = i; k <= j; k++) {
			double tall = at + f->slices[k].side_h;
			if (tall > need)
				need = tall;
			at += f->slices[k].height +
			      (k < j ? f->slices[k + 1].space_before : 0);
		}
		need += lpag_reserve(f, j);
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
			    st->y + space + s->height + lpag_reserve(f, k) >
			    st->bottom + EPS) {
				/* A chain taller than the region: break inside. */
				if (k > i && need <= page_bottom - st->top + EPS)
					st->split_chain = 1;
				need_break = 1;
				break;
			}
			/* A chain split inside does not end the region with a
			 * line that ends with a hyphen: the line goes on with
			 * the rest of its word when the next does not fit. */
			if (k > i && k < j &&
			    hyphen_at_foot(f, st, k, st->y + space)) {
				if (need <= page_bottom - st->top + EPS)
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
				st->cur.first_item =
					st->dry ? 0 : lpag_last_page(f)->nitems;
				st->cur.top = st->y;
				st->cur.dx = st->dx;
			}
			lpag_place(f, st, s, st->y);
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
			lpag_panel_overflow(f, st, last + 1);
		if (do_break(f, st, last, force_page) != 0)
			return last + 1;
		i = last + 1;
		if (st->page_begun && st->stop_at_page)
			return i;
	}
	return i;
}

void
lpag_close_frame(lflow *f, lpstate *st)
{
	if (st->cur.frame >= 0) {
		decorate(f, st, &st->cur);
		st->cur.frame = -1;
	}
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
		lpstate *st = xcalloc(1, sizeof(*st));
		st->top = st->y = ld->area_y;
		st->bottom = ld->area_y + ld->area_h;
		st->at_top = 1;
		st->cur.frame = -1;
		f->pst = st;
		new_page(f);
	}
	lpstate *st = f->pst;
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
				i = lpag_run(f, st, i, e);
			break;
		}
		if (cols)
			lpag_segment(f, st, i, b);
		else
			lpag_run(f, st, i, b);
		i = b;
	}
	f->pnext = i;
	if (final) {
		if (!f->failed) {
			lpag_close_frame(f, st);
			page_done(f, ld->npages - 1);
		}
		release_slices(f, st, f->nslices);
		lpag_release_headers(f, f->ngroups);
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
