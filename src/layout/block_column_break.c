/* block_column_break.c - "- column-break": block_columns.c marks the
 * slice after it; alone it adds nothing. */
#include "layout/layout_internal.h"

void
layout_block_column_break(lflow *f, const model_block *b, double x,
                          double w)
{
	(void)f;
	(void)b;
	(void)x;
	(void)w;
}
