/* block_quote.c - "- quote: Text" with an optional "by: Name". */
#include "model/model_internal.h"

static const char *const keys[] = {"by", NULL};

static int
parse(model_ctx *c, const node *block, const node *value, model_block *out)
{
	model_quote *q = &out->u.quote;
	int rc = mget_text(c, value, &q->text);
	const node *v;
	if ((v = node_get(block, "by")) && mget_text(c, v, &q->by) != 0)
		rc = -1;
	return rc;
}

const model_block_spec block_quote = {"quote", keys, 1, parse};
