/* block_callout.c - "- callout: Text" in a tinted box, optional title. */
#include "model/model_internal.h"

static const char *const keys[] = {"title", NULL};

static int
parse(model_ctx *c, const node *block, const node *value, model_block *out)
{
	model_callout *co = &out->u.callout;
	int rc = mget_text(c, value, &co->text);
	const node *v;
	if ((v = node_get(block, "title")) && mget_text(c, v, &co->title) != 0)
		rc = -1;
	return rc;
}

const model_block_spec block_callout = {"callout", keys, 1, parse};
