/*
 * structure.c - the document's logical structure, for tagged PDF
 * (PDF/UA-1): which heading, paragraph, list item, table cell or figure
 * each item of the layout belongs to.
 *
 * Blocks open their node as they are laid out (lstruct_block, from
 * lblock); what a block holds inside (list items, table cells, contents
 * lines, links) gets nodes of its own in the block's file. Every item
 * made is stamped with the current node (lsink_push), so the render
 * needs nothing but the items: an item of node 0, or a rule, fill or
 * path outside a figure, is an artifact.
 *
 * Nodes and items share one count (seq): a node's own content and its
 * children are read in the order they were made, which is the order of
 * the text. Where that is not the order of the pages, the nodes are made
 * first in reading order: the front cover's section (lstruct_start), a
 * tri-fold's panels (block_panels.c).
 */
#include "layout/layout_internal.h"

#include <string.h>

#include "util/mem.h"

uint32_t
lstruct_new(lflow *f, layout_tag tag, uint32_t parent)
{
	layout_doc *ld = f->ld;
	if (ld->nsnodes == ld->capsnodes)
		ld->snodes = xgrow(ld->snodes, &ld->capsnodes, ld->nsnodes + 1,
		                   sizeof(*ld->snodes));
	layout_snode *n = &ld->snodes[ld->nsnodes];
	memset(n, 0, sizeof(*n));
	n->parent = parent;
	n->seq = ++f->seq;
	n->tag = (uint8_t)tag;
	n->rowspan = n->colspan = 1;
	return (uint32_t)ld->nsnodes++;
}

void
lstruct_start(lflow *f)
{
	lstruct_new(f, LTAG_DOCUMENT, 0);
	f->cover_sect = lstruct_new(f, LTAG_SECT, 0);
	f->snode = 0;
}

uint32_t
lstruct_enter(lflow *f, layout_tag tag)
{
	uint32_t was = f->snode;
	f->snode = lstruct_new(f, tag, was);
	return was;
}

/* Block b's figure: what it says to a reader who cannot see it (the
 * model's alternative text, made from the block when not written), in
 * the layout's arena; "" when the block is decoration. */
static void
figure_alt(lflow *f, const model_block *b, layout_snode *n)
{
	model_alt a;
	if (model_block_alt(f->doc, b, &f->ld->mem, &a) != 0)
		return;
	n->alt = arena_strdup(&f->ld->mem, a.decorative ? "" : a.text);
	if (a.lang)
		n->lang = arena_strdup(&f->ld->mem, a.lang);
}

/* A chapter begins (a level-1 heading, the contents): a section of
 * the document from here to the next chapter, made current and kept
 * current after the block (*after), unless the block is inside
 * something else (a panel, a callout). */
static void
chapter(lflow *f, uint32_t *after)
{
	layout_tag cur = (layout_tag)f->ld->snodes[f->snode].tag;
	if (cur != LTAG_DOCUMENT && cur != LTAG_SECT)
		return;
	uint32_t parent = f->snode == f->sect ? f->ld->snodes[f->snode].parent
	                                      : f->snode;
	f->sect = lstruct_new(f, LTAG_SECT, parent);
	f->snode = *after = f->sect;
}

uint32_t
lstruct_block(lflow *f, const model_block *b)
{
	uint32_t after = f->snode;
	layout_tag tag;
	switch (b->kind) {
	case MODEL_HEADING: {
		int level = b->u.heading.level;
		if (level == 1)
			chapter(f, &after);
		tag = level <= 1 ? LTAG_H1 : level == 2 ? LTAG_H2 : LTAG_H3;
		break;
	}
	case MODEL_PARAGRAPH:
		tag = LTAG_P;
		break;
	case MODEL_LIST:
	case MODEL_TIMELINE:
		tag = LTAG_L;
		break;
	case MODEL_QUOTE:
		tag = LTAG_BLOCKQUOTE;
		break;
	case MODEL_CALLOUT:
		tag = LTAG_CALLOUT;
		break;
	case MODEL_TABLE:
		tag = LTAG_TABLE;
		break;
	case MODEL_CONTENTS:
		/* A chapter of its own, as a level-1 heading is. */
		chapter(f, &after);
		tag = LTAG_TOC;
		break;
	case MODEL_IMAGE:
	case MODEL_SVG:
	case MODEL_CHART:
	case MODEL_FIGURES:
	case MODEL_QR:
	case MODEL_LOGO:
		tag = LTAG_FIGURE;
		break;
	default:
		return after;
	}
	f->snode = lstruct_new(f, tag, f->snode);
	if (tag == LTAG_FIGURE)
		figure_alt(f, b, &f->ld->snodes[f->snode]);
	return after;
}

uint32_t
lstruct_link(lflow *f, int k)
{
	llink *l = &f->links[k];
	if (!l->snode)
		l->snode = lstruct_new(f, LTAG_LINK, f->snode);
	return l->snode;
}

uint32_t
lstruct_caption(lflow *f)
{
	uint32_t was = f->snode;
	f->snode = lstruct_new(f, LTAG_CAPTION, f->ld->snodes[was].parent);
	return was;
}

uint32_t
lstruct_lang(lflow *f, const char *lang)
{
	if (f->snode == 0)
		return 0; /* decoration stays decoration */
	uint32_t n = lstruct_new(f, LTAG_SPAN, f->snode);
	f->ld->snodes[n].lang = arena_strdup(&f->ld->mem, lang);
	return n;
}
