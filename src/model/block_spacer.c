/* block_spacer.c - "- spacer: 12mm": vertical space. */
#include "model/model_internal.h"

static int
parse(model_ctx *c, const node *block, const node *value, model_block *out)
{
	(void)block;
	return mget_length(c, value, 0, 1000, &out->u.spacer.height);
}

const model_block_spec block_spacer = {"spacer", NULL, 1, parse};
