/* block_heading.c - "- heading: Text" with level 1 to 3. */
#include "model/model_internal.h"

static const char *const keys[] = {"level", NULL};

static int
parse(model_ctx *c, const node *block, const node *value, model_block *out)
{
	model_heading *h = &out->u.heading;
	h->level = 1;
	const node *v;
	long level;
	if ((v = node_get(block, "level")) &&
	    mget_int(c, v, 1, 3, &level) == 0)
		h->level = (int)level;
	return mget_text(c, value, &h->text);
}

const model_block_spec block_heading = {"heading", keys, 1, parse};
