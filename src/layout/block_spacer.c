/* block_spacer.c - vertical space, dropped at the top of a page. */
#include "layout/layout_internal.h"

void
layout_block_spacer(lflow *f, const model_block *b, double x, double w)
{
	(void)x;
	(void)w;
	f->pending_space += b->u.spacer.height;
}
