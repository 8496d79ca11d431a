/* block_page_numbering.c - "- page-numbering": the next block starts a
 * page, and numbering restarts there (see nav.h, chrome.c). */
#include "layout/nav.h"

void
layout_block_page_numbering(lflow *f, const model_block *b, double x,
                            double w)
{
	(void)x;
	(void)w;
	lnav_mark(f, &b->u.page_numbering);
}
