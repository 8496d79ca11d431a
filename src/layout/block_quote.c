/* block_quote.c - quotations with a bar on the left and an attribution. */
#include <string.h>

#include "layout/lstyle.h"

#define BAR_W 2.5 /* the bar on the left */

/* The bar on one page (lframe_draw_fn), beside the frame's lines. */
static void
draw_bar(const lframe *fr, double dx, double top, double bottom,
         layout_item *it)
{
	it->role = "quote-bar";
	it->u.rect.x = fr->x + dx;
	it->u.rect.y = top;
	it->u.rect.w = BAR_W;
	it->u.rect.h = bottom - top;
	it->u.rect.fill = 1;
	it->u.rect.fill_color = fr->color;
}

void
layout_block_quote(lflow *f, const model_block *b, double x, double w)
{
	const model_theme *th = f->th;
	const model_quote *q = &b->u.quote;
	double indent = 14;
	lpara_style ps = lstyle(f, LSTYLE_QUOTE);
	ps.frame = lframe_new(f, draw_bar, x, w, th->color_accent, b->pos);
	lspace(f, th->paragraph_space);
	/* The quotation and who said it: paragraphs of the BlockQuote. */
	const uint32_t quote = f->snode;
	lstruct_enter(f, LTAG_P);
	lpara(f, &q->text, &ps, x + indent, w - indent);
	f->snode = quote;
	if (q->by.nruns) {
		int frame = ps.frame;
		ps = lstyle(f, LSTYLE_ATTRIBUTION);
		ps.frame = frame;
		/* The attribution starts with an em dash. */
		model_inline *runs = arena_alloc(&f->ld->mem,
		                                 (q->by.nruns + 1) * sizeof(*runs));
		runs[0] = q->by.runs[0];
		runs[0].text = "\xE2\x80\x94 "; /* — */
		runs[0].len = 4;
		runs[0].href = NULL;
		runs[0].hard_break = 0;
		memcpy(runs + 1, q->by.runs, q->by.nruns * sizeof(*runs));
		model_text by = {runs, q->by.nruns + 1, q->by.pos};
		lspace(f, 3);
		lstruct_enter(f, LTAG_P);
		lpara(f, &by, &ps, x + indent, w - indent);
		f->snode = quote;
	}
	lspace(f, th->paragraph_space * 2);
}
