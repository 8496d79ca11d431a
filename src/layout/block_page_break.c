/* block_page_break.c - the next block starts on a new page. */
#include "layout/layout_internal.h"

void
layout_block_page_break(lflow *f, const model_block *b, double x, double w)
{
	(void)b;
	(void)x;
	(void)w;
	f->pending_break = 1;
}
