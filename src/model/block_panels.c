/* block_panels.c - "- panels: [panel, ...]": whole-page panels side by
 * side, one per column, for folded leaflets (a tri-fold brochure: A4
 * landscape, three panels a side). A panel is a list of blocks, or a map
 * with content, background, color and valign. */
#include <string.h>

#include "model/model_internal.h"
#include "util/limits.h"

static const char *const keys[] = {"count", "gap", "rule", "fold", NULL};
static const char *const folds[] = {"auto", "roll", "equal", NULL};
static const char *const panel_keys[] = {"content", "background", "color",
                                         "valign", NULL};
static const char *const valigns[] = {"top", "middle", "bottom", NULL};
/* The theme's colours a panel may name instead of a hex value. */
static const char *const theme_fills[] = {"primary", "accent", "tint",
                                          NULL};

static int
parse_fill(model_ctx *c, const node *n, model_panel *p)
{
	if (n->kind == NODE_SCALAR && n->str[0] != '#' && !mnode_is_null(n)) {
		for (int i = 0; theme_fills[i]; i++)
			if (strcmp(n->str, theme_fills[i]) == 0) {
				p->fill = (model_fill)(MODEL_FILL_PRIMARY + i);
				return 0;
			}
		diag_error(c->diags, DIAG_COLOUR, n->pos,
		           "'%s' is not a panel background", n->str);
		diag_note(c->diags, "write a colour in quotes, \"#0b6e4f\", or "
		                    "one of the theme's: primary, accent, tint");
		return -1;
	}
	if (mget_colour(c, n, &p->background) != 0)
		return -1;
	p->fill = MODEL_FILL_COLOR;
	return 0;
}

static int
parse_panel(model_ctx *c, const node *n, model_panel *p)
{
	memset(p, 0, sizeof(*p));
	p->pos = n->pos;
	if (n->kind == NODE_SEQ)
		return mblocks_parse(c, n, &p->blocks);
	if (mexpect_map(c, n,
	                "a panel: a list of blocks, or a map with "
	                "'content:'") != 0)
		return -1;
	mcheck_keys(c, n, panel_keys, "in a panel");
	int rc = 0;
	const node *v;
	if ((v = node_get(n, "background")) && parse_fill(c, v, p) != 0)
		rc = -1;
	if ((v = node_get(n, "color"))) {
		if (mget_colour(c, v, &p->color) == 0)
			p->has_color = 1;
		else
			rc = -1;
	}
	int va;
	if ((v = node_get(n, "valign"))) {
		if (mget_enum(c, v, valigns, &va) == 0)
			p->valign = (model_valign)va;
		else
			rc = -1;
	}
	if ((v = node_get(n, "content")) && !mnode_is_null(v) &&
	    mblocks_parse(c, v, &p->blocks) != 0)
		rc = -1;
	return rc;
}

static int
parse(model_ctx *c, const node *block, const node *value, model_block *out)
{
	model_columns *co = &out->u.columns;
	co->count = 3;
	co->gap = -1;
	co->balance = 0;
	int rc = 0;
	if (c->in_columns) {
		diag_error(c->diags, DIAG_VALUE, block->pos,
		           "a panels block cannot be inside %s",
		           c->in_columns == 2 ? "panels" : "columns");
		diag_note(c->diags, "panels fill whole pages: put '- panels:' at "
		                    "the top level of 'content:'");
		rc = -1;
	}
	const node *v;
	long n;
	if ((v = node_get(block, "count"))) {
		if (mget_int(c, v, 2, LIMIT_PANELS, &n) == 0)
			co->count = (int)n;
		else
			rc = -1;
	}
	if ((v = node_get(block, "gap")) &&
	    mget_length(c, v, 0, 100, &co->gap) != 0)
		rc = -1;
	if ((v = node_get(block, "rule")) && mget_bool(c, v, &co->rule) != 0)
		rc = -1;
	int fold;
	if ((v = node_get(block, "fold"))) {
		if (mget_enum(c, v, folds, &fold) == 0)
			co->fold = (model_fold)fold;
		else
			rc = -1;
	}
	if (mexpect_seq(c, value, "a list of panels") != 0)
		return -1;
	co->panels = arena_alloc(c->mem, (value->nitems ? value->nitems : 1) *
	                                     sizeof(model_panel));
	int was = c->in_columns;
	c->in_columns = 2;
	for (size_t i = 0; i < value->nitems; i++)
		if (parse_panel(c, value->items[i], &co->panels[co->npanels++]))
			rc = -1;
	c->in_columns = was;
	return rc;
}

const model_block_spec block_panels = {"panels", keys, 1, parse};
