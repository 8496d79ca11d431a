/* block_page_break.c - "- page-break": the next block starts a page. */
#include "model/model_internal.h"

static int
parse(model_ctx *c, const node *block, const node *value, model_block *out)
{
	(void)block;
	(void)out;
	int on = 1;
	if (value && mget_bool(c, value, &on) != 0)
		return -1;
	if (!on)
		out->kind = MODEL_SPACER; /* "page-break: false": nothing */
	return 0;
}

const model_block_spec block_page_break = {"page-break", NULL, 0, parse};
