/* block_page_numbering.c - "- page-numbering: decimal": the next block
 * starts a new page, and pages from there on are numbered in that style
 * from 'start' (default 1). Also "- page-numbering: {style: decimal,
 * start: 1}". */
#include "model/model_internal.h"

static const char *const keys[] = {"start", NULL};
static const char *const map_keys[] = {"style", "start", NULL};

static int
parse(model_ctx *c, const node *block, const node *value, model_block *out)
{
	model_page_numbering *pn = &out->u.page_numbering;
	pn->style = MODEL_PAGENUM_DECIMAL;
	pn->start = 1;
	const node *style = value, *start = NULL;
	if (value && value->kind == NODE_MAP) {
		mcheck_keys(c, value, map_keys, "in the page numbering");
		style = node_get(value, "style");
		start = node_get(value, "start");
	}
	if (block->kind == NODE_MAP && node_get(block, "start")) {
		if (start) {
			diag_error(c->diags, DIAG_DUPLICATE_KEY,
			           node_get(block, "start")->pos,
			           "the page numbering's start is given twice");
			diag_note(c->diags, "keep 'start' in one place");
			return -1;
		}
		start = node_get(block, "start");
	}
	return mpage_numbering(c, style, start, &pn->style, &pn->start);
}

const model_block_spec block_page_numbering = {"page-numbering", keys, 0,
                                               parse};
