/* block_contents.c - "- contents": a table of contents of the headings,
 * with an optional title and depth (1 to 3). */
#include "model/model_internal.h"

static const char *const keys[] = {"title", "depth", NULL};

static int
parse(model_ctx *c, const node *block, const node *value, model_block *out)
{
	model_contents *t = &out->u.contents;
	t->title = NULL;
	t->depth = 2;
	int rc = 0;
	/* "- contents: true" reads as the bare word; anything else is a
	 * mistake worth saying. */
	if (value) {
		int on = 1;
		if (mget_bool(c, value, &on) != 0)
			rc = -1;
		else if (!on) {
			out->kind = MODEL_SPACER; /* "contents: false": nothing */
			out->u.spacer.height = 0;
			return 0;
		}
	}
	if (block->kind != NODE_MAP)
		return rc;
	const node *v;
	long depth;
	if ((v = node_get(block, "title")) && mget_string(c, v, &t->title) != 0)
		rc = -1;
	if ((v = node_get(block, "depth"))) {
		if (mget_int(c, v, 1, 3, &depth) == 0)
			t->depth = (int)depth;
		else
			rc = -1;
	}
	return rc;
}

const model_block_spec block_contents = {"contents", keys, 0, parse};
