/* block_figures.c - "- figures: [{value: '2001', label: text}, ...]": key
 * figures shown as tiles, 2 to 4 to a row. */
#include <string.h>

#include "model/model_internal.h"

static const char *const keys[] = {"per-row", "alt", NULL};
static const char *const figure_keys[] = {"value", "label", NULL};

static int
parse_figure(model_ctx *c, const node *n, model_figure *fig)
{
	memset(fig, 0, sizeof(*fig));
	fig->pos = n->pos;
	if (mexpect_map(c, n,
	                "a figure such as {value: '2001', label: "
	                "Founded}") != 0)
		return -1;
	mcheck_keys(c, n, figure_keys, "in a figure");
	int rc = 0;
	const node *v;
	if ((v = node_get(n, "value"))) {
		if (mget_string(c, v, &fig->value) != 0)
			rc = -1;
		else if (!fig->value[0]) {
			diag_error(c->diags, DIAG_VALUE, v->pos,
			           "a figure's value is empty");
			rc = -1;
		}
		fig->value_pos = v->pos;
	} else {
		mmissing(c, n, "value", figure_keys, "a figure",
		         "value: '2001'");
		rc = -1;
	}
	if ((v = node_get(n, "label"))) {
		if (mget_text(c, v, &fig->label) != 0)
			rc = -1;
	} else {
		mmissing(c, n, "label", figure_keys, "a figure",
		         "label: Year founded");
		rc = -1;
	}
	return rc;
}

static int
parse(model_ctx *c, const node *block, const node *value, model_block *out)
{
	model_figures *fs = &out->u.figures;
	int rc = 0;
	const node *v;
	if ((v = node_get(block, "per-row"))) {
		long n;
		if (v->kind == NODE_SCALAR && strcmp(v->str, "fit") == 0)
			fs->per_row = 0;
		else if (v->kind == NODE_SCALAR && mget_int(c, v, 2, 4, &n) == 0)
			fs->per_row = (int)n;
		else {
			if (v->kind != NODE_SCALAR)
				diag_error(c->diags, DIAG_TYPE, v->pos,
				           "expected 2, 3, 4 or fit, got %s",
				           node_kind_name(v->kind));
			diag_note(c->diags, "per-row is 2, 3 or 4 tiles, or "
			                    "'fit' to choose");
			rc = -1;
		}
	}
	if (mget_alt(c, node_get(block, "alt"), &fs->alt, &fs->alt_lang) != 0)
		rc = -1;
	if (mexpect_seq(c, value,
	                "a list of figures, each with a value and "
	                "a label") != 0)
		return -1;
	if (value->nitems == 0) {
		diag_error(c->diags, DIAG_VALUE, value->pos,
		           "the figures block has no figures");
		return -1;
	}
	fs->count = value->nitems;
	fs->items = arena_alloc(c->mem, fs->count * sizeof(*fs->items));
	for (size_t i = 0; i < value->nitems; i++)
		if (parse_figure(c, value->items[i], &fs->items[i]) != 0)
			rc = -1;
	return rc;
}

const model_block_spec block_figures = {"figures", keys, 1, parse};
