/* block_paragraph.c - body paragraphs. */
#include <string.h>

#include "layout/lstyle.h"

text_align
lalign(model_align a)
{
	switch (a) {
	case MODEL_ALIGN_JUSTIFY:
		return TEXT_ALIGN_JUSTIFY;
	case MODEL_ALIGN_CENTER:
		return TEXT_ALIGN_CENTER;
	case MODEL_ALIGN_RIGHT:
		return TEXT_ALIGN_RIGHT;
	case MODEL_ALIGN_LEFT:
		break;
	}
	return TEXT_ALIGN_LEFT;
}

void
lparagraph_style(const lflow *f, const model_paragraph *p, lpara_style *ps)
{
	*ps = lstyle(f, LSTYLE_PARAGRAPH);
	ps->align = lalign(p->align);
	ps->hyphenate = p->hyphenate && ps->hyphenate;
}

void
layout_block_paragraph(lflow *f, const model_block *b, double x, double w)
{
	const model_paragraph *p = &b->u.paragraph;
	lpara_style ps;
	lparagraph_style(f, p, &ps);
	text_para lines;
	arena mem;
	if (lprefetch_take(f, b, w, &lines, &mem)) {
		lpara_place(f, &p->text, &ps, x, &lines);
		arena_free(&mem);
	} else {
		lpara(f, &p->text, &ps, x, w);
	}
	lspace(f, f->th->paragraph_space);
}
