/* flow.c - slices, frames, block dispatch and font stacks. */
#include <stdlib.h>
#include <string.h>

#include "layout/layout_internal.h"
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
	fns[b->kind](f, b, x, w);
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
