/* block_list.c - "- list: [items]" with bullets or numbers; an item is a
 * text, or a map { item: text, list: [nested items] }. */
#include <string.h>

#include "model/model_internal.h"

#define MAX_LIST_DEPTH 8

static const char *const keys[] = {"style", "start", NULL};
static const char *const item_keys[] = {"item", "list", "style", NULL};
static const char *const styles[] = {"bullet", "numbered", NULL};

static int parse_items(model_ctx *c, const node *items, model_list *l,
                       int depth);

static int
parse_item(model_ctx *c, const node *n, model_list_item *it, int depth)
{
	memset(it, 0, sizeof(*it));
	it->pos = n->pos;
	if (n->kind == NODE_MAP && node_get(n, "item")) {
		mcheck_keys(c, n, item_keys, "in a list item");
		int rc = mget_text(c, node_get(n, "item"), &it->text);
		const node *sub = node_get(n, "list");
		if (sub) {
			it->sub = arena_alloc(c->mem, sizeof(*it->sub));
			const node *st = node_get(n, "style");
			int s;
			if (st && mget_enum(c, st, styles, &s) == 0)
				it->sub->numbered = s;
			it->sub->start = 1;
			if (parse_items(c, sub, it->sub, depth + 1) != 0)
				rc = -1;
		}
		return rc;
	}
	if (n->kind == NODE_SEQ) {
		diag_error(c->diags, DIAG_TYPE, n->pos,
		           "expected a list item, got a list");
		diag_note(c->diags, "to nest a list, write the item as "
		                    "'- item: text' with 'list:' under it");
		return -1;
	}
	return mget_text(c, n, &it->text);
}

static int
parse_items(model_ctx *c, const node *items, model_list *l, int depth)
{
	if (depth > MAX_LIST_DEPTH) {
		diag_error(c->diags, DIAG_LIMIT, items->pos,
		           "lists nest at most %d levels deep", MAX_LIST_DEPTH);
		return -1;
	}
	if (!mcheck_seq(c, items, "a list of items"))
		return -1;
	l->count = items->nitems;
	l->items = arena_alloc(c->mem, (l->count ? l->count : 1) *
	                                   sizeof(*l->items));
	int rc = 0;
	for (size_t i = 0; i < items->nitems; i++)
		if (parse_item(c, items->items[i], &l->items[i], depth) != 0)
			rc = -1;
	return rc;
}

static int
parse(model_ctx *c, const node *block, const node *value, model_block *out)
{
	model_list *l = &out->u.list;
	l->start = 1;
	const node *v;
	int s;
	long start;
	if ((v = node_get(block, "style")) && mget_enum(c, v, styles, &s) == 0)
		l->numbered = s;
	if ((v = node_get(block, "start")) &&
	    mget_int(c, v, 0, 100000, &start) == 0)
		l->start = (int)start;
	return parse_items(c, value, l, 1);
}

const model_block_spec block_list = {"list", keys, 1, parse};
