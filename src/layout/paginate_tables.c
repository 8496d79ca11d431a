/* paginate_tables.c - tables across pages (their slices and groups come
 * from block_table.c): a page break inside a table's body closes it
 * with a rule at the page foot, and the next page's head repeats its
 * header slices (or, with no header, a reopening rule). A row cut in
 * two gets padding below and above the cut, its fills and column rules
 * drawn on. */
#include <stdlib.h>

#include "layout/paginate.h"

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
group_rule(lflow *f, lpstate *st, const lgroup *gr, double y,
           layout_role role)
{
	if (st->dry)
		return;
	layout_item *it = lsink_push(f, lsink_page(lpag_last_page(f)),
	                             LITEM_LINE, role, gr->pos);
	it->u.line.x1 = gr->x + st->dx;
	it->u.line.x2 = gr->x + gr->w + st->dx;
	it->u.line.y1 = it->u.line.y2 = y;
	it->u.line.color = gr->rule_color;
	it->u.line.width = gr->rule_width;
}

double
lpag_reserve(const lflow *f, size_t k)
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
stretch(lflow *f, lpstate *st, const lslice *s, int foot, double y0,
        double y1)
{
	if (st->dry)
		return;
	layout_page *p = lpag_last_page(f);
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
		lpag_move_item(f, it, st->dx, 0);
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
reopen_group(lflow *f, lpstate *st, const lgroup *gr, double y)
{
	if (gr->nhead == 0) {
		group_rule(f, st, gr, y + gr->rule_width / 2, "table-reopen");
		return y;
	}
	for (size_t k = gr->head; k < gr->head + gr->nhead; k++) {
		layout_page *p = lpag_last_page(f);
		size_t n0 = p->nitems;
		lpag_place(f, st, &f->slices[k], y);
		/* The header again is a page's decoration (an artifact): the
		 * table's structure has it once, where it first is. */
		for (size_t i = n0; i < p->nitems; i++)
			p->items[i].snode = 0;
		y += f->slices[k].height;
	}
	return y;
}

int
lpag_table_cut(lflow *f, lpstate *st, size_t last, double *pad)
{
	size_t next = last + 1;
	int g = cut_group(f, last, next);
	*pad = g && f->slices[next].cont ? f->groups[g - 1].cut_pad : 0;
	if (*pad > 0) {
		stretch(f, st, &f->slices[last], 1, st->y, st->y + *pad);
		st->y += *pad;
	}
	if (g)
		group_rule(f, st, &f->groups[g - 1],
		           st->y - f->groups[g - 1].rule_width / 2,
		           "table-close");
	return g;
}

void
lpag_table_reopen(lflow *f, lpstate *st, int g, size_t next, double pad)
{
	if (g)
		st->y = reopen_group(f, st, &f->groups[g - 1], st->y);
	if (pad > 0) {
		stretch(f, st, &f->slices[next], 0, st->y, st->y + pad);
		st->y += pad;
	}
}

void
lpag_release_headers(lflow *f, size_t g)
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
