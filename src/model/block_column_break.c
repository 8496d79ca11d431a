/* block_column_break.c - "- column-break": inside columns, what follows
 * starts the next column (or the next page after the last column). */
#include "model/model_internal.h"

static int
parse(model_ctx *c, const node *block, const node *value, model_block *out)
{
	(void)out;
	if (value) {
		diag_error(c->diags, DIAG_TYPE, value->pos,
		           "a column-break takes no value");
		diag_note(c->diags, "write it alone: '- column-break'");
		return -1;
	}
	if (c->in_columns == 1)
		return 0;
	diag_error(c->diags, DIAG_VALUE, block->pos,
	           "a column-break works only inside '- columns:'");
	diag_note(c->diags, "%s", c->in_columns == 2
	          ? "each panel is its own column: start a new panel instead"
	          : "to start a new page, write '- page-break'");
	return -1;
}

const model_block_spec block_column_break = {"column-break", NULL, 0, parse};
