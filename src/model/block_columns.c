/* block_columns.c - "- columns: [blocks]": content in 2 or 3 columns,
 * with count, gap, rule and balance; and the "span: all" key that a block
 * inside the columns takes to cross them at full width. */
#include <string.h>

#include "model/model_internal.h"
#include "util/limits.h"

static const char *const keys[] = {"count", "gap", "rule", "balance", NULL};

/* Columns and panels do not nest: a column of a column is too narrow to
 * read, and a panel is a page's own column. */
static int
check_nesting(model_ctx *c, const node *block, const char *name)
{
	if (!c->in_columns)
		return 0;
	diag_error(c->diags, DIAG_VALUE, block->pos,
	           "a %s block cannot be inside %s", name,
	           c->in_columns == 2 ? "panels" : "columns");
	diag_note(c->diags, "end the outer section first: put '- %s:' at the "
	                    "top level of 'content:'", name);
	return -1;
}

static int
parse(model_ctx *c, const node *block, const node *value, model_block *out)
{
	model_columns *co = &out->u.columns;
	co->count = 2;
	co->gap = -1;
	co->balance = 1;
	int rc = check_nesting(c, block, "columns");
	const node *v;
	long n;
	if ((v = node_get(block, "count"))) {
		if (mget_int(c, v, 2, LIMIT_COLUMNS, &n) == 0) {
			co->count = (int)n;
		} else {
			diag_note(c->diags, "narrower columns cannot hold a line of "
			                    "text; for a folded leaflet use "
			                    "'- panels:'");
			rc = -1;
		}
	}
	if ((v = node_get(block, "gap")) &&
	    mget_length(c, v, 0, 100, &co->gap) != 0)
		rc = -1;
	if ((v = node_get(block, "rule")) && mget_bool(c, v, &co->rule) != 0)
		rc = -1;
	if ((v = node_get(block, "balance")) &&
	    mget_bool(c, v, &co->balance) != 0)
		rc = -1;
	int was = c->in_columns;
	c->in_columns = 1;
	if (mblocks_parse(c, value, &co->blocks) != 0)
		rc = -1;
	c->in_columns = was;
	return rc;
}

const model_block_spec block_columns = {"columns", keys, 1, parse};

int
mspan_parse(model_ctx *c, const node *n, model_block *out)
{
	if (mexpect_scalar(c, n, "'all'") != 0)
		return -1;
	if (strcmp(n->str, "all") != 0) {
		diag_error(c->diags, DIAG_VALUE, n->pos,
		           "'span: %s' is not a span", n->str);
		diag_note(c->diags, "write 'span: all' to set the block across "
		                    "every column");
		return -1;
	}
	if (c->in_columns != 1) {
		diag_error(c->diags, DIAG_VALUE, n->pos,
		           "'span: all' works only on a block inside '- columns:'");
		diag_note(c->diags, "%s", c->in_columns == 2
		          ? "a panel is one column: put full-width content "
		            "before or after the panels"
		          : "outside columns every block is already full width: "
		            "remove 'span'");
		return -1;
	}
	out->span_all = 1;
	return 0;
}
