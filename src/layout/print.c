/* print.c - what the layout hands the PDF for the print shop (--print,
 * layout_print): the theme's print settings, the slug's font, and where
 * each page is folded. The render draws the bleed, marks and slug from
 * them; the screen PDF reads none of it. */
#include "layout/layout_internal.h"

void
lprint_setup(lflow *f)
{
	const model_print *mp = &f->th->print;
	layout_print *p = &f->ld->print;
	p->bleed = mp->bleed;
	p->marks = mp->marks;
	p->slug = mp->slug;
	p->booklet = mp->booklet;
	p->booklet_pos = mp->booklet_pos;
	const text_stack *s = &f->stacks[ROLE_BODY][STYLE_REGULAR];
	p->font = s->count ? s->fonts[0] : NULL;
}

void
lprint_fold(layout_page *p, double x)
{
	for (size_t i = 0; i < p->nfolds; i++)
		if (p->folds[i] == x)
			return;
	if (p->nfolds < LAYOUT_FOLDS_MAX && x > 0 && x < p->width)
		p->folds[p->nfolds++] = x;
}
