/* paginate.c - slices onto pages: keep chains, page breaks, frame
 * decorations. */
#include <stdlib.h>
#include <string.h>

#include "layout/layout_internal.h"
#include "util/limits.h"

/* ---- pages ---- */

static layout_page *
new_page(lflow *f)
{
	layout_doc *ld = f->ld;
	if (ld->npages == ld->cappages) {
		size_t cap = ld->cappages ? ld->cappages * 2 : 16;
		ld->pages = arena_grow(&ld->mem, ld->pages, ld->npages, cap,
		                       sizeof(layout_page));
		ld->cappages = cap;
	}
	layout_page *p = &ld->pages[ld->npages++];
	memset(p, 0, sizeof(*p));
	p->width = f->th->page_width;
	p->height = f->th->page_height;
	return p;
}

/* Place slice s with its top at y on page p (the last page). */
static void
place(lflow *f, lslice *s, double y)
{
	layout_doc *ld = f->ld;
	layout_page *p = &ld->pages[ld->npages - 1];
	lsink k = lsink_page(p);
	for (size_t i = 0; i < s->nitems; i++) {
		layout_item *it = lsink_push(f, k, s->items[i].kind,
		                             s->items[i].role, s->items[i].pos);
		*it = s->items[i];
		switch (it->kind) {
		case LITEM_TEXT:
			it->u.text.y += y;
			break;
		case LITEM_RECT:
			it->u.rect.y += y;
			break;
		case LITEM_LINE:
			it->u.line.y1 += y;
			it->u.line.y2 += y;
			break;
		case LITEM_LINK:
			it->u.link.y += y;
			break;
		case LITEM_IMAGE:
			it->u.image.y += y;
			it->u.image.clip_y += y;
			break;
		case LITEM_PATH:
			lpath_shift(f, &it->u.path, y);
			break;
		}
	}
	if (s->dest >= 0) {
		ld->dests[s->dest].page = (int)ld->npages - 1;
		ld->dests[s->dest].y = y;
	}
}

/* A frame's extent on one page, to decorate once the page is full. */
typedef struct frame_span {
	int frame;
	size_t first_item; /* where to insert the decoration */
	double top, bottom;
	int starts, ends;  /* the frame starts / ends on this page */
} frame_span;

static void
decorate(lflow *f, layout_page *p, const frame_span *fs)
{
	const lframe *fr = &f->frames[fs->frame];
	double top = fs->top - (fs->starts ? fr->pad_top : 0);
	double bottom = fs->bottom + (fs->ends ? fr->pad_bottom : 0);
	/* Insert the decoration before the frame's items: drawn beneath. */
	lsink k = lsink_page(p);
	lsink_push(f, k, LITEM_RECT, "frame", fr->pos);
	layout_item it = p->items[p->nitems - 1];
	memmove(&p->items[fs->first_item + 1], &p->items[fs->first_item],
	        (p->nitems - 1 - fs->first_item) * sizeof(layout_item));
	memset(&it.u, 0, sizeof(it.u));
	if (fr->is_box) {
		it.role = "callout-box";
		it.u.rect.x = fr->x;
		it.u.rect.y = top;
		it.u.rect.w = fr->w;
		it.u.rect.h = bottom - top;
		it.u.rect.fill = 1;
		it.u.rect.fill_color = fr->color;
		it.u.rect.radius = 3;
	} else {
		it.role = "quote-bar";
		it.u.rect.x = fr->x;
		it.u.rect.y = top;
		it.u.rect.w = 2.5;
		it.u.rect.h = bottom - top;
		it.u.rect.fill = 1;
		it.u.rect.fill_color = fr->color;
	}
	p->items[fs->first_item] = it;
}

/* ---- tables across pages ---- */

/* The group (index + 1) that a break between slices a and b cuts through
 * its body, or 0. A break before the header is an ordinary break. */
static int
cut_group(const lflow *f, size_t a, size_t b)
{
	int g = f->slices[a].group;
	if (!g || b >= f->nslices || f->slices[b].group != g)
		return 0;
	const lgroup *gr = &f->groups[g - 1];
	if (b >= gr->head && b < gr->head + gr->nhead)
		return 0;
	return g;
}

static void
group_rule(lflow *f, const lgroup *gr, double y, layout_role role)
{
	layout_page *p = &f->ld->pages[f->ld->npages - 1];
	layout_item *it = lsink_push(f, lsink_page(p), LITEM_LINE, role,
	                             gr->pos);
	it->u.line.x1 = gr->x;
	it->u.line.x2 = gr->x + gr->w;
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
stretch(lflow *f, const lslice *s, int foot, double y0, double y1)
{
	const double eps = 0.01;
	layout_page *p = &f->ld->pages[f->ld->npages - 1];
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
		if (foot ? b < s->height - eps : a > eps)
			continue;
		layout_item *it = lsink_push(f, lsink_page(p), src->kind,
		                             src->role, src->pos);
		*it = *src;
		if (it->kind == LITEM_RECT) {
			it->u.rect.y = y0;
			it->u.rect.h = y1 - y0;
		} else {
			it->u.line.y1 = y0;
			it->u.line.y2 = y1;
		}
	}
}

/* At the head of a new page: the group's header slices again, or a rule
 * that reopens a table without a header. Return the y below them. */
static double
reopen_group(lflow *f, const lgroup *gr, double y)
{
	if (gr->nhead == 0) {
		group_rule(f, gr, y + gr->rule_width / 2, "table-reopen");
		return y;
	}
	for (size_t k = gr->head; k < gr->head + gr->nhead; k++) {
		place(f, &f->slices[k], y);
		y += f->slices[k].height;
	}
	return y;
}

void
lpaginate(lflow *f)
{
	layout_doc *ld = f->ld;
	const double top = ld->area_y, bottom = ld->area_y + ld->area_h;
	const double eps = 0.01;
	double y = top;
	int at_top = 1;
	frame_span cur = {-1, 0, 0, 0, 0, 0};

	new_page(f);
	for (size_t i = 0; i < f->nslices;) {
		/* The chain of slices that must stay on one page. */
		size_t j = i;
		double h = f->slices[i].height;
		while (j + 1 < f->nslices && f->slices[j].keep_with_next &&
		       !f->slices[j + 1].break_before) {
			j++;
			h += f->slices[j].space_before + f->slices[j].height;
		}
		int need_break = f->slices[i].break_before && !at_top;
		double sb = at_top ? 0 : f->slices[i].space_before;
		h += reserve(f, j);
		if (!at_top && y + sb + h > bottom + eps && h <= ld->area_h + eps)
			need_break = 1;
		size_t end = need_break ? i : j; /* place i..end now */
		if (need_break)
			end = i - 1; /* nothing: break first */
		for (size_t k = i; !need_break && k <= end; k++) {
			lslice *s = &f->slices[k];
			double space = at_top ? 0 : s->space_before;
			if (!at_top && y + space + s->height + reserve(f, k) >
			               bottom + eps) {
				/* A chain taller than a page: break inside it. */
				end = k - 1;
				need_break = 1;
				break;
			}
			if (at_top && y + s->height > bottom + eps) {
				diag_warning(f->diags, DIAG_LAYOUT,
				             s->nitems ? s->items[0].pos : (src_pos){0},
				             "content %.0fpt tall does not fit on a "
				             "page (%.0fpt) and runs into the margin",
				             s->height, ld->area_h);
			}
			y += space;
			layout_page *p = &ld->pages[ld->npages - 1];
			if (s->frame != cur.frame) {
				if (cur.frame >= 0) {
					cur.ends = 1;
					decorate(f, p, &cur);
				}
				cur.frame = s->frame;
				cur.first_item = p->nitems;
				cur.top = y;
				cur.starts = 1;
				cur.ends = 0;
			}
			place(f, s, y);
			y += s->height;
			cur.bottom = y;
			at_top = 0;
		}
		int frame_goes_on = 0;
		if (need_break) {
			layout_page *p = &ld->pages[ld->npages - 1];
			if (cur.frame >= 0) {
				/* The frame goes on only if the next slice is in it;
				 * a cut frame keeps its padding at the foot, as far as
				 * the page allows. */
				frame_goes_on = end + 1 < f->nslices &&
				                f->slices[end + 1].frame == cur.frame;
				cur.ends = !frame_goes_on;
				if (frame_goes_on) {
					double room = bottom - cur.bottom;
					double padb = f->frames[cur.frame].pad_bottom;
					cur.bottom += room < padb ? (room > 0 ? room : 0)
					                          : padb;
				}
				decorate(f, p, &cur);
				if (!frame_goes_on)
					cur.frame = -1;
			}
			/* end is the last slice placed: a table cut here is
			 * closed at the foot and reopened at the next head. */
			int g = cut_group(f, end, end + 1);
			double pad = g && f->slices[end + 1].cont
			             ? f->groups[g - 1].cut_pad : 0;
			if (pad > 0) {
				stretch(f, &f->slices[end], 1, y, y + pad);
				y += pad;
			}
			if (g)
				group_rule(f, &f->groups[g - 1],
				           y - f->groups[g - 1].rule_width / 2,
				           "table-close");
			if ((long)ld->npages >= LIMIT_PAGES) {
				diag_error(f->diags, DIAG_LIMIT, f->doc->blocks.count
				           ? f->doc->blocks.items[0].pos : (src_pos){0},
				           "the document would have more than %d pages",
				           LIMIT_PAGES);
				f->failed = 1;
				return;
			}
			new_page(f);
			y = top;
			at_top = 1;
			if (g)
				y = reopen_group(f, &f->groups[g - 1], y);
			if (pad > 0) {
				stretch(f, &f->slices[end + 1], 0, y, y + pad);
				y += pad;
			}
			if (cur.frame >= 0) {
				/* The frame continues: its box starts at the head of
				 * the page, and its text after the padding. */
				cur.first_item = 0;
				cur.top = y;
				cur.starts = 0;
				y += f->frames[cur.frame].pad_top;
			}
			i = end + 1;
			continue;
		}
		i = j + 1;
	}
	if (cur.frame >= 0) {
		cur.ends = 1;
		decorate(f, &ld->pages[ld->npages - 1], &cur);
	}
}
