/* block_contents.c - the table of contents: one entry per heading (down
 * to the block's depth) with dot leaders, the page label right-aligned,
 * and the whole entry a link to its heading. The entries and labels come
 * from the previous pass (see nav.h). */
#include <math.h>
#include <string.h>

#include "layout/lstyle.h"
#include "layout/nav.h"

/* Distance between leader dots; dots sit on a grid of this pitch from
 * the page edge, so they line up from one entry to the next. */
#define LEADER_PITCH 4.6
/* Room kept right of a title for the leader and the number. */
#define NUMBER_ROOM 42.0

static void
title(lflow *f, const model_block *b, double x, double w)
{
	const char *s = b->u.contents.title
	                ? b->u.contents.title
	                : model_builtin(f->doc->lang, MODEL_STR_CONTENTS);
	if (!*s)
		return;
	lpara_style ps = lstyle(f, LSTYLE_CONTENTS_TITLE);
	model_inline run = {s, strlen(s), 0, NULL, 0, b->pos, 0, NULL};
	model_text t = {&run, 1, b->pos};
	lspace(f, ps.size * 1.6);
	size_t first = f->nslices;
	if (lpara(f, &t, &ps, x, w) == 0)
		return;
	/* The contents is a chapter of its own for the running heads: its
	 * pages do not go on with the chapter before. */
	f->slices[first].chapter = arena_strdup(&f->ld->mem, s);
	f->slices[f->nslices - 1].keep_with_next = 1;
	lspace(f, ps.size * 0.8);
}

/* A row of dots from x0 to x1 on the baseline y of slice s. */
static void
leader(lflow *f, lslice *s, double x0, double x1, double y, double size,
       uint32_t color, src_pos pos)
{
	text_font *font = f->stacks[ROLE_BODY][STYLE_REGULAR].fonts[0];
	if (!text_font_has(font, '.'))
		return;
	double dot = text_measure(font, size, ".", 1);
	double first = ceil(x0 / LEADER_PITCH) * LEADER_PITCH;
	size_t n = 0;
	for (double d = first; d + dot <= x1; d += LEADER_PITCH)
		n++;
	if (n < 2)
		return;
	uint16_t *cps;
	float *xs;
	uint32_t block = lglyphs_alloc(f, n, &cps, &xs);
	for (size_t i = 0; i < n; i++) {
		cps[i] = '.';
		xs[i] = (float)(i * LEADER_PITCH);
	}
	text_metrics m;
	text_font_metrics(font, &m);
	layout_item *it = lslice_item(f, s, LITEM_TEXT, "contents-leader", pos);
	layout_text *t = &it->u.text;
	t->font = font;
	t->size = size;
	t->color = color;
	t->x = first;
	t->y = y;
	t->width = (double)(n - 1) * LEADER_PITCH + dot;
	t->ascent = m.ascender * size;
	t->descent = m.descender * size;
	t->glyph_block = block;
	t->cps = cps;
	t->xs = xs;
	t->nglyphs = n;
}

static void
entry(lflow *f, const ltoc_entry *e, double x, double w, src_pos pos)
{
	const model_theme *th = f->th;
	int top = e->level == 1;
	double indent = (e->level - 1) * 14.0;
	lpara_style ps = lstyle(f, top               ? LSTYLE_CONTENTS_ENTRY1
	                           : e->level == 3 ? LSTYLE_CONTENTS_ENTRY3
	                                           : LSTYLE_CONTENTS_ENTRY2);
	if (e->dest >= 0)
		llink_count(f, pos);
	model_inline run = {e->title, strlen(e->title), 0, NULL, 0, pos, 0,
	                    NULL};
	model_text t = {&run, 1, pos};
	lspace(f, top ? ps.size * 0.75 : ps.size * 0.15);
	size_t first = f->nslices;
	/* A TOCI of the contents (TOC, current): the title and the page
	 * number are a Link to the heading; the leader is decoration. */
	const uint32_t toc = f->snode;
	uint32_t toci = lstruct_new(f, LTAG_TOCI, toc);
	f->snode = e->dest >= 0 ? lstruct_new(f, LTAG_LINK, toci) : toci;
	if (lpara(f, &t, &ps, x + indent, w - indent - NUMBER_ROOM) == 0) {
		f->snode = toc;
		return;
	}
	lslice *last = &f->slices[f->nslices - 1];
	double base = 0, end = x + indent;
	for (size_t i = 0; i < last->nitems; i++) {
		const layout_item *it = &last->items[i];
		if (it->kind != LITEM_TEXT)
			continue;
		base = it->u.text.y;
		if (it->u.text.x + it->u.text.width > end)
			end = it->u.text.x + it->u.text.width;
	}
	/* The number, right-aligned; the leader runs up to its left edge. */
	size_t before = last->nitems;
	double left = x + w;
	if (*e->label)
		lplain_line(f, lsink_slice(last), e->label, ROLE_BODY,
		            ps.base_style, ps.size, ps.color, x, w,
		            TEXT_ALIGN_RIGHT, base, "contents-page", pos);
	for (size_t i = before; i < last->nitems; i++)
		if (last->items[i].kind == LITEM_TEXT &&
		    last->items[i].u.text.x < left)
			left = last->items[i].u.text.x;
	const uint32_t link = f->snode;
	f->snode = 0;
	if (left < x + w)
		leader(f, last, end + ps.size * 0.6, left - ps.size * 0.6, base,
		       ps.size, th->color_muted, pos);
	f->snode = link;
	/* The whole entry, line by line, is a link to its heading. */
	for (size_t i = first; e->dest >= 0 && i < f->nslices; i++) {
		lslice *s = &f->slices[i];
		layout_item *li = lslice_item(f, s, LITEM_LINK, "contents-link",
		                              pos);
		li->u.link.x = x + indent;
		li->u.link.y = 0;
		li->u.link.w = w - indent;
		li->u.link.h = s->height;
		li->u.link.uri = NULL;
		li->u.link.dest = e->dest;
	}
	f->snode = toc;
}

void
layout_block_contents(lflow *f, const model_block *b, double x, double w)
{
	lnav *nav = f->nav;
	nav->contents_blocks++;
	/* The title is a heading read before the contents (TOC, current):
	 * the two nodes trade places in the reading order. */
	const uint32_t toc = f->snode;
	layout_snode *sn = f->ld->snodes;
	f->snode = lstruct_new(f, LTAG_H1, sn[toc].parent);
	sn = f->ld->snodes;
	uint32_t seq = sn[f->snode].seq;
	sn[f->snode].seq = sn[toc].seq;
	sn[toc].seq = seq;
	title(f, b, x, w);
	f->snode = toc;
	for (size_t i = 0; i < nav->ntoc; i++)
		if (nav->toc[i].level <= b->u.contents.depth)
			entry(f, &nav->toc[i], x, w, b->pos);
	lspace(f, f->th->size_body * 2);
}
