/* flow.c - slices, frames, block dispatch and font stacks. */
#include <stdlib.h>
#include <string.h>

#include "layout/layout_internal.h"
#include "layout/lbox.h"
#include "util/limits.h"

/* ---- slices and frames ---- */

lslice *
lslice_new(lflow *f, double height)
{
	/* The slice before is most likely done: give back what doubling
	 * left over in its array (more items may still come; they grow it
	 * again). */
	if (f->nslices)
		lsink_trim(lsink_slice(&f->slices[f->nslices - 1]));
	if (f->nslices == f->capslices)
		f->slices = xgrow(f->slices, &f->capslices, f->nslices + 1, sizeof(*f->slices));
	lslice *s = &f->slices[f->nslices++];
	memset(s, 0, sizeof(*s));
	s->height = height;
	s->space_before = f->pending_space;
	s->break_before = f->pending_break;
	s->frame = -1;
	s->dest = -1;
	f->pending_space = 0;
	f->pending_break = 0;
	return s;
}

void
lslices_drop(lflow *f, size_t first)
{
	for (size_t i = first; i < f->nslices; i++) {
		free(f->slices[i].items);
		f->slices[i].items = NULL;
	}
	if (first < f->nslices)
		f->nslices = first;
}

void
lslices_free_items(lflow *f)
{
	for (size_t i = 0; i < f->nslices; i++) {
		free(f->slices[i].items);
		f->slices[i].items = NULL;
		f->slices[i].nitems = f->slices[i].capitems = 0;
	}
	f->slices_released = f->nslices;
}

layout_item *
lslice_item(lflow *f, lslice *s, layout_kind kind, layout_role role,
            src_pos pos)
{
	return lsink_push(f, lsink_slice(s), kind, role, pos);
}

void
lspace(lflow *f, double pt)
{
	if (pt > f->pending_space)
		f->pending_space = pt; /* spaces collapse, as margins do */
}

int
lframe_new(lflow *f, lframe_draw_fn draw, double x, double w, uint32_t color,
           src_pos pos)
{
	if (f->nframes == f->capframes)
		f->frames = xgrow(f->frames, &f->capframes, f->nframes + 1, sizeof(*f->frames));
	lframe *fr = &f->frames[f->nframes];
	fr->draw = draw;
	fr->x = x;
	fr->w = w;
	fr->color = color;
	fr->pos = pos;
	return (int)f->nframes++;
}

/* ---- the side column ---- */

#define SIDE_GAP (6 * 72 / 25.4) /* between the side column and the text */

/* Make the slices from first on one slice of no height: the block sits
 * in the side column beside what follows it, which starts at its top.
 * Its frames (a quote's bar, a callout's box) are drawn here, beneath
 * its items, as the block is never split. */
static void
side_collapse(lflow *f, size_t first)
{
	if (first >= f->nslices)
		return;
	size_t total = 0;
	for (size_t i = first; i < f->nslices; i++)
		total += f->slices[i].nitems + 1;
	layout_item *items = xcalloc(total, sizeof(*items));
	size_t n = 0;
	double y = 0;
	lslice *top = &f->slices[first];
	for (size_t i = first; i < f->nslices; i++) {
		lslice *s = &f->slices[i];
		if (i > first)
			y += s->space_before;
		if (s->frame >= 0 &&
		    (i == first || f->slices[i - 1].frame != s->frame)) {
			/* The frame's extent: this slice to its last. */
			double bottom = y;
			for (size_t j = i;
			     j < f->nslices && f->slices[j].frame == s->frame;
			     j++)
				bottom += (j > i ? f->slices[j].space_before
				                 : 0) +
				          f->slices[j].height;
			const lframe *fr = &f->frames[s->frame];
			layout_item *it = &items[n++];
			it->kind = LITEM_RECT;
			it->role = "frame";
			it->pos = fr->pos;
			fr->draw(fr, 0, y, bottom, it);
		}
		for (size_t j = 0; j < s->nitems; j++) {
			items[n] = s->items[j];
			lbox_shift(f, &items[n], y);
			n++;
		}
		y += s->height;
		if (i > first) {
			if (top->dest < 0)
				top->dest = s->dest;
			if (!top->chapter)
				top->chapter = s->chapter;
		}
	}
	/* The block's own items go into its first slice. */
	int dest = top->dest;
	const char *chapter = top->chapter;
	double space_before = top->space_before;
	int break_before = top->break_before;
	lslices_drop(f, first + 1);
	free(top->items);
	top->items = items;
	top->nitems = n;
	top->capitems = total;
	top->height = 0;
	top->side_h = y;
	top->frame = -1;
	top->dest = dest;
	top->chapter = chapter;
	top->space_before = space_before;
	top->break_before = break_before;
	top->keep_with_next = 1; /* with the text beside it */
	top->hyphen_end = 0;
}

/* The block beside the side block at si starts at slice ni: they start
 * together, after the larger of their spaces, and the side block's first
 * baseline moves to the first baseline of the block beside it. */
static void
side_align(lflow *f, size_t si, size_t ni)
{
	lslice *s = &f->slices[si], *n = &f->slices[ni];
	const layout_item *a = NULL, *b = NULL;
	for (size_t i = 0; i < s->nitems && !a; i++)
		if (s->items[i].kind == LITEM_TEXT)
			a = &s->items[i];
	for (size_t i = 0; i < n->nitems && !b; i++)
		if (n->items[i].kind == LITEM_TEXT)
			b = &n->items[i];
	if (a && b) {
		double dy = b->u.text.y - a->u.text.y;
		for (size_t i = 0; i < s->nitems; i++)
			lbox_shift(f, &s->items[i], dy);
		s->side_h += dy;
	}
	if (n->space_before > s->space_before)
		s->space_before = n->space_before;
	n->space_before = 0;
	s->break_before |= n->break_before;
	n->break_before = 0;
}

/* The side column of b and its gap do not fit in the left margin, x. */
static void
side_misfit(lflow *f, const model_block *b, double x)
{
	const double mm = 25.4 / 72;
	diag_error(f->diags, DIAG_VALUE, b->pos,
	           "a side column of %.0f mm does not fit in the left margin "
	           "(%.0f mm)",
	           b->side * mm, x * mm);
	diag_note(f->diags,
	          "the side column and the 6 mm gap after it need a left "
	          "margin of at least %.0f mm: widen it in the theme (page: "
	          "margins: left), or make 'side' narrower",
	          (b->side + SIDE_GAP) * mm + 0.5);
	f->failed = 1;
}

void
lblock(lflow *f, const model_block *b, double x, double w)
{
	static const lblock_fn fns[MODEL_BLOCK_COUNT] = {
#define BLOCK(kind, name, file) [kind] = layout_##file,
#include "model/blocks.def"
#undef BLOCK
	};
	size_t first = f->nslices;
	if (b->page_break_before)
		f->pending_break = 1;
	uint32_t after = lstruct_block(f, b);
	if (b->side > 0) {
		double sx = x - SIDE_GAP - b->side;
		if (sx < 0) {
			side_misfit(f, b, x);
			f->snode = after;
			return;
		}
		fns[b->kind](f, b, sx, b->side);
		side_collapse(f, first);
		f->side_slice = f->nslices > first ? first + 1 : 0;
	} else {
		size_t side = f->side_slice;
		f->side_slice = 0;
		fns[b->kind](f, b, x, w);
		if (side && side == first && f->nslices > first)
			side_align(f, side - 1, first);
	}
	f->snode = after;
	if (b->keep_together)
		for (size_t i = first; i + 1 < f->nslices; i++)
			f->slices[i].keep_with_next = 1;
}

/* ---- fonts ---- */

void
lopen_stacks(lflow *f, const model_font_role *r, int role, text_fonts *fs)
{
	for (int st = 0; st < STYLE_COUNT; st++) {
		text_stack *s = &f->stacks[role][st];
		s->count = 0;
		for (int i = 0; i < r->count && i < TEXT_STACK_MAX; i++) {
			const model_family *fam = &r->families[i];
			const char *path = st == STYLE_BOLD     ? fam->bold
			                   : st == STYLE_ITALIC ? fam->italic
			                   : st == STYLE_BOLD_ITALIC
			                       ? fam->bold_italic
			                       : fam->regular;
			if (!path)
				continue;
			src_pos at = fam->at[st].line ? fam->at[st]
			             : fam->pos.line ? fam->pos : r->pos;
			text_font *font = text_fonts_open(fs, path, at, f->diags);
			if (font)
				s->fonts[s->count++] = font;
		}
		if (s->count == 0)
			f->failed = 1;
	}
}

void
lpath_shift(lflow *f, layout_path **pp, double dy)
{
	layout_path *p = arena_alloc(&f->ld->mem, sizeof(*p));
	*p = **pp;
	*pp = p;
	layout_seg *segs = arena_alloc(&f->ld->mem,
	                               (p->nsegs ? p->nsegs : 1) * sizeof(*segs));
	for (size_t i = 0; i < p->nsegs; i++) {
		segs[i] = p->segs[i];
		for (int k = 0; k < 3; k++)
			segs[i].y[k] += dy;
	}
	p->segs = segs;
	p->by += dy;
	if (p->fill.gradient || p->stroke.gradient) {
		const layout_gradient *src[2] = {p->fill.gradient,
		                                 p->stroke.gradient};
		for (int k = 0; k < 2; k++) {
			if (!src[k])
				continue;
			layout_gradient *g = arena_alloc(&f->ld->mem, sizeof(*g));
			*g = *src[k];
			g->y1 += dy;
			g->y2 += dy;
			if (k == 0)
				p->fill.gradient = g;
			else
				p->stroke.gradient = g;
		}
	}
}
