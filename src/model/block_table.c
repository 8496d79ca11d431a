/* block_table.c - "- table: [[cells], ...]": rows of cells on a grid of
 * columns, with spans, column widths and alignment; and the theme's
 * 'table:' section. Every grid mistake (a ragged row, a span past the
 * edge, two cells on one slot) is reported at its own position. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_internal.h"
#include "util/limits.h"

static const char *const keys[] = {"columns", "header-rows", "align",
                                   "zebra", "caption", "size", NULL};
static const char *const cell_keys[] = {"text", "colspan", "rowspan",
                                        "align", NULL};
static const char *const size_names[] = {"small", "body", NULL};

#define WIDTH_NOTE "a column width is a length (30mm, 1.2in), a share of " \
	"the width left over (1fr, 2fr) or auto"

/* ---- columns ---- */

/* One column width: "auto", "2fr" or a length. */
static int
parse_width(model_ctx *c, const node *n, model_table_col *col)
{
	if (mexpect_scalar(c, n,
	                   "a column width such as 30mm, 1fr or auto") != 0)
		return -1;
	const char *s = n->str;
	if (strcmp(s, "auto") == 0) {
		col->kind = MODEL_COL_AUTO;
		return 0;
	}
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end != s && !errno && isfinite(v)) {
		if (strcmp(end, "fr") == 0) {
			if (v <= 0 || v > 1000) {
				diag_error(c->diags, DIAG_VALUE, n->pos,
				           "the share '%s' must be more than 0fr and at "
				           "most 1000fr", s);
				return -1;
			}
			col->kind = MODEL_COL_SHARE;
			col->value = v;
			return 0;
		}
		const char *u = end;
		while (*u == ' ')
			u++;
		if (strcmp(u, "mm") == 0 || strcmp(u, "cm") == 0 ||
		    strcmp(u, "pt") == 0 || strcmp(u, "in") == 0) {
			col->kind = MODEL_COL_FIXED;
			return mget_length(c, n, 2, 2000 * 72.0 / 25.4, &col->value);
		}
	}
	diag_error(c->diags, DIAG_LENGTH, n->pos, "'%s' is not a column width",
	           s);
	if (end != s && *end == '\0')
		diag_note(c->diags, "give it a unit, %smm, or make it a share, "
		                    "%sfr", s, s);
	else
		diag_note(c->diags, WIDTH_NOTE);
	return -1;
}

static int
parse_columns(model_ctx *c, const node *n, model_table *t)
{
	if (mexpect_seq(c, n,
	                "a list of column widths such as [2fr, 1fr, "
	                "30mm]") != 0)
		return -1;
	if (n->nitems == 0) {
		diag_error(c->diags, DIAG_VALUE, n->pos,
		           "'columns' lists no column");
		diag_note(c->diags, "give one width per column: [2fr, 1fr, 30mm]");
		return -1;
	}
	if (n->nitems > LIMIT_TABLE_COLUMNS) {
		diag_error(c->diags, DIAG_LIMIT, n->pos,
		           "a table has at most %d columns, not %zu",
		           LIMIT_TABLE_COLUMNS, n->nitems);
		return -1;
	}
	t->ncols = n->nitems;
	t->cols = arena_alloc(c->mem, t->ncols * sizeof(*t->cols));
	memset(t->cols, 0, t->ncols * sizeof(*t->cols));
	int rc = 0;
	for (size_t i = 0; i < n->nitems; i++)
		if (parse_width(c, n->items[i], &t->cols[i]) != 0)
			rc = -1;
	return rc;
}

static int
parse_align(model_ctx *c, const node *n, model_table *t)
{
	model_align a;
	if (n->kind != NODE_SEQ) {
		if (mget_align(c, n, &a) != 0)
			return -1;
		for (size_t i = 0; i < t->ncols; i++)
			t->cols[i].align = a;
		return 0;
	}
	if (n->nitems != t->ncols) {
		diag_error(c->diags, DIAG_VALUE, n->pos,
		           "'align' lists %zu alignments but the table has %zu "
		           "columns", n->nitems, t->ncols);
		diag_note(c->diags, "give one alignment per column, or a single "
		                    "one for all: align: right");
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; i < n->nitems; i++) {
		if (mget_align(c, n->items[i], &t->cols[i].align) != 0)
			rc = -1;
	}
	return rc;
}

/* ---- cells ---- */

/* Is n a map of languages ({en: ..., ru: ...}) rather than a cell map? */
static int
is_language_map(const node *n)
{
	for (size_t i = 0; i < n->npairs; i++) {
		const char *k = n->pairs[i].key;
		size_t len = strlen(k);
		if (len < 2 || len > 3)
			return 0;
		for (size_t j = 0; j < len; j++)
			if (k[j] < 'a' || k[j] > 'z')
				return 0;
	}
	return 1;
}

static int
parse_cell(model_ctx *c, const node *n, model_table_cell *cell,
           const node **colspan, const node **rowspan)
{
	memset(cell, 0, sizeof(*cell));
	cell->pos = n->pos;
	cell->text.pos = n->pos;
	cell->rowspan = cell->colspan = 1;
	cell->align = -1;
	*colspan = *rowspan = NULL;
	if (mnode_is_null(n))
		return 0; /* an empty cell */
	if (n->kind == NODE_SEQ) {
		diag_error(c->diags, DIAG_TYPE, n->pos,
		           "expected a table cell, got a list");
		diag_note(c->diags, "a cell is a text, or a map such as "
		                    "{text: Total, colspan: 2}");
		return -1;
	}
	if (n->kind == NODE_SCALAR ||
	    (n->kind == NODE_MAP && is_language_map(n)))
		return mget_text(c, n, &cell->text);
	mcheck_keys(c, n, cell_keys, "in a table cell");
	int rc = 0;
	const node *v;
	long span;
	if ((v = node_get(n, "text")) && !mnode_is_null(v) &&
	    mget_text(c, v, &cell->text) != 0)
		rc = -1;
	if ((v = node_get(n, "colspan"))) {
		if (mget_int(c, v, 1, LIMIT_TABLE_COLUMNS, &span) == 0) {
			cell->colspan = (int)span;
			*colspan = v;
		} else {
			rc = -1;
		}
	}
	if ((v = node_get(n, "rowspan"))) {
		if (mget_int(c, v, 1, 100000, &span) == 0) {
			cell->rowspan = (int)span;
			*rowspan = v;
		} else {
			rc = -1;
		}
	}
	model_align a;
	if ((v = node_get(n, "align"))) {
		if (mget_align(c, v, &a) == 0)
			cell->align = (int)a;
		else
			rc = -1;
	}
	return rc;
}

/* Where a cell spanning down came from, for messages. */
typedef struct slot {
	int left;            /* rows it still covers, this one included */
	int row, col, span;  /* the spanning cell: 1-based row, column */
} slot;

/* Place the cells of row r on the grid. slots[] tracks the cells from
 * rows above that reach into this row. */
static int
place_row(model_ctx *c, model_table *t, size_t r, const node *rn,
          slot *slots)
{
	model_table_row *row = &t->rows[r];
	int ncols = (int)t->ncols;
	int rc = 0, col = 0, overflow = 0;
	char filled[LIMIT_TABLE_COLUMNS];
	for (int k = 0; k < ncols; k++)
		filled[k] = slots[k].left > 0;
	row->pos = rn->pos;
	row->count = 0;
	row->cells = arena_alloc(c->mem, (rn->nitems ? rn->nitems : 1) *
	                                     sizeof(*row->cells));
	for (size_t i = 0; i < rn->nitems; i++) {
		model_table_cell *cell = &row->cells[row->count];
		const node *cs, *rs;
		if (parse_cell(c, rn->items[i], cell, &cs, &rs) != 0)
			rc = -1;
		while (col < ncols && slots[col].left > 0)
			col++;
		if (col >= ncols) {
			if (!overflow) {
				diag_error(c->diags, DIAG_VALUE, rn->items[i]->pos,
				           "row %zu has more cells than the table's "
				           "%d columns", r + 1, ncols);
				int k = 0;
				while (k < ncols && !(slots[k].left > 0 &&
				                      slots[k].row <= (int)r))
					k++;
				if (k < ncols)
					diag_note(c->diags, "column %d is taken by the cell "
					          "of row %d that spans down (rowspan %d): "
					          "leave it out of this row", k + 1,
					          slots[k].row, slots[k].span);
				else
					diag_note(c->diags, "remove the extra cells, or add "
					          "a width to 'columns' for another "
					          "column");
				overflow = 1;
			}
			rc = -1;
			continue;
		}
		if (col + cell->colspan > ncols) {
			diag_error(c->diags, DIAG_VALUE, cs->pos,
			           "colspan %d from column %d runs past the "
			           "table's %d columns", cell->colspan, col + 1,
			           ncols);
			diag_note(c->diags, "make it at most colspan: %d",
			          ncols - col);
			cell->colspan = ncols - col;
			rc = -1;
		}
		for (int k = col; k < col + cell->colspan; k++) {
			if (slots[k].left <= 0)
				continue;
			diag_error(c->diags, DIAG_VALUE,
			           cs ? cs->pos : cell->pos,
			           "this cell overlaps the cell of row %d, column %d, "
			           "which reaches down into row %zu with rowspan %d",
			           slots[k].row, slots[k].col, r + 1, slots[k].span);
			diag_note(c->diags, "make the spans smaller, or leave this "
			                    "cell out: the cell above already fills "
			                    "column %d here", k + 1);
			cell->colspan = k - col;
			rc = -1;
			break;
		}
		if (cell->colspan == 0) {
			col++; /* nothing left of it to place */
			continue;
		}
		if (r + (size_t)cell->rowspan > t->nrows) {
			diag_error(c->diags, DIAG_VALUE, rs->pos,
			           "rowspan %d from row %zu runs past the table's "
			           "last row (row %zu)", cell->rowspan, r + 1,
			           t->nrows);
			diag_note(c->diags, "make it at most rowspan: %zu",
			          t->nrows - r);
			cell->rowspan = (int)(t->nrows - r);
			rc = -1;
		} else if ((int)r < t->header_rows &&
		           (int)r + cell->rowspan > t->header_rows) {
			diag_error(c->diags, DIAG_VALUE, rs->pos,
			           "rowspan %d in header row %zu reaches into the "
			           "body rows (the table has %d header rows)",
			           cell->rowspan, r + 1, t->header_rows);
			diag_note(c->diags, "a header cell spans header rows only; "
			                    "make it at most rowspan: %d",
			          t->header_rows - (int)r);
			cell->rowspan = t->header_rows - (int)r;
			rc = -1;
		}
		cell->row = (int)r;
		cell->col = col;
		for (int k = col; k < col + cell->colspan; k++) {
			slots[k].left = cell->rowspan;
			slots[k].row = (int)r + 1;
			slots[k].col = col + 1;
			slots[k].span = cell->rowspan;
			filled[k] = 1;
		}
		col += cell->colspan;
		row->count++;
	}
	int nfilled = 0;
	for (int k = 0; k < ncols; k++)
		nfilled += filled[k];
	if (nfilled < ncols && !overflow) {
		diag_error(c->diags, DIAG_VALUE, rn->pos,
		           "row %zu fills %d of the table's %d columns", r + 1,
		           nfilled, ncols);
		diag_note(c->diags, "add the missing cells (an empty cell is '') "
		                    "or widen a cell with colspan");
		rc = -1;
	}
	for (int k = 0; k < ncols; k++)
		if (slots[k].left > 0)
			slots[k].left--;
	return rc;
}

/* The column count when 'columns' is not given: the first row's. */
static size_t
count_columns(const node *first)
{
	size_t n = 0;
	for (size_t i = 0; i < first->nitems; i++) {
		const node *cell = first->items[i];
		const node *v = cell->kind == NODE_MAP ? node_get(cell, "colspan")
		                                       : NULL;
		long span = 1;
		if (v && v->kind == NODE_SCALAR) {
			char *end;
			span = strtol(v->str, &end, 10);
			if (*end || span < 1 || span > LIMIT_TABLE_COLUMNS)
				span = 1; /* reported when the cell is parsed */
		}
		n += (size_t)span;
	}
	return n;
}

static int
parse(model_ctx *c, const node *block, const node *value, model_block *out)
{
	model_table *t = &out->u.table;
	memset(t, 0, sizeof(*t));
	t->header_rows = 1;
	t->columns_pos = block->pos;
	if (mexpect_seq(c, value, "a list of rows, each a list of cells") != 0)
		return -1;
	if (value->nitems == 0) {
		diag_error(c->diags, DIAG_VALUE, value->pos, "the table has no rows");
		diag_note(c->diags, "write each row as a list of cells: "
		                    "- [Country, Area]");
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; i < value->nitems; i++) {
		const node *rn = value->items[i];
		if (rn->kind != NODE_SEQ) {
			diag_error(c->diags, DIAG_TYPE, rn->pos,
			           "expected a table row (a list of cells), got %s",
			           mnode_is_null(rn) ? "nothing"
			                             : node_kind_name(rn->kind));
			diag_note(c->diags, "write a row as a list: - [Kazakhstan, "
			                    "'2001']");
			rc = -1;
		}
	}
	if (rc != 0)
		return -1;
	t->nrows = value->nitems;

	const node *v;
	long hr;
	if ((v = node_get(block, "header-rows"))) {
		if (mget_int(c, v, 0, 1000, &hr) != 0) {
			rc = -1;
		} else if ((size_t)hr > t->nrows) {
			diag_error(c->diags, DIAG_VALUE, v->pos,
			           "header-rows is %ld but the table has %zu rows",
			           hr, t->nrows);
			rc = -1;
		} else {
			t->header_rows = (int)hr;
		}
	}
	if (t->header_rows > (int)t->nrows)
		t->header_rows = (int)t->nrows;
	if ((v = node_get(block, "zebra")) && mget_bool(c, v, &t->zebra) != 0)
		rc = -1;
	int sz;
	if ((v = node_get(block, "size"))) {
		if (mget_enum(c, v, size_names, &sz) == 0)
			t->small = sz == 0;
		else
			rc = -1;
	}
	if ((v = node_get(block, "caption")) &&
	    mget_text(c, v, &t->caption) != 0)
		rc = -1;

	if ((v = node_get(block, "columns"))) {
		t->columns_pos = v->pos;
		if (parse_columns(c, v, t) != 0)
			rc = -1;
		if (t->ncols == 0)
			return -1;
	} else {
		t->ncols = count_columns(value->items[0]);
		if (t->ncols == 0) {
			diag_error(c->diags, DIAG_VALUE, value->items[0]->pos,
			           "the first row of the table is empty");
			return -1;
		}
		if (t->ncols > LIMIT_TABLE_COLUMNS) {
			diag_error(c->diags, DIAG_LIMIT, value->items[0]->pos,
			           "a table has at most %d columns, not %zu",
			           LIMIT_TABLE_COLUMNS, t->ncols);
			return -1;
		}
		t->cols = arena_alloc(c->mem, t->ncols * sizeof(*t->cols));
		memset(t->cols, 0, t->ncols * sizeof(*t->cols));
	}
	if ((v = node_get(block, "align")) && parse_align(c, v, t) != 0)
		rc = -1;

	if (t->nrows * t->ncols > (size_t)LIMIT_TABLE_CELLS) {
		diag_error(c->diags, DIAG_LIMIT, value->pos,
		           "a table has at most %ld cells, not %zu (%zu rows of "
		           "%zu columns)", LIMIT_TABLE_CELLS, t->nrows * t->ncols,
		           t->nrows, t->ncols);
		diag_note(c->diags, "split the data into several tables, or "
		                    "publish the full data set separately");
		return -1;
	}
	t->rows = arena_alloc(c->mem, t->nrows * sizeof(*t->rows));
	slot slots[LIMIT_TABLE_COLUMNS];
	memset(slots, 0, sizeof(slots));
	for (size_t r = 0; r < t->nrows; r++)
		if (place_row(c, t, r, value->items[r], slots) != 0)
			rc = -1;
	return rc;
}

const model_block_spec block_table = {"table", keys, 1, parse};

/* ---- the theme's table section ---- */

static const char *const theme_keys[] = {"header-fill", "header-text",
                                         "zebra-fill", "border",
                                         "border-width", "padding", "grid",
                                         NULL};
static const char *const pad_keys[] = {"vertical", "horizontal", NULL};

void
mtheme_table_defaults(model_theme *t)
{
	model_table_style *s = &t->table;
	s->header_fill = t->color_primary;
	s->header_text = 0xffffff;
	s->zebra_fill = t->color_tint;
	s->border = 0xc8d3cf;
	s->border_width = 0.5;
	s->pad_x = 6;
	s->pad_y = 4;
	s->grid = 0;
}

void
mtheme_table_parse(model_ctx *c, const node *n, model_theme *t)
{
	model_table_style *s = &t->table;
	/* Follow the theme's colours unless the table names its own. */
	s->header_fill = t->color_primary;
	s->zebra_fill = t->color_tint;
	if (!n || mexpect_map(c, n,
	                      "the table settings (header-fill, "
	                      "border, padding...)") != 0)
		return;
	mcheck_keys(c, n, theme_keys, "in the theme's table settings");
	const node *v;
	if ((v = node_get(n, "header-fill")))
		mget_colour(c, v, &s->header_fill);
	if ((v = node_get(n, "header-text")))
		mget_colour(c, v, &s->header_text);
	if ((v = node_get(n, "zebra-fill")))
		mget_colour(c, v, &s->zebra_fill);
	if ((v = node_get(n, "border")))
		mget_colour(c, v, &s->border);
	if ((v = node_get(n, "border-width")))
		mget_length(c, v, 0, 4, &s->border_width);
	if ((v = node_get(n, "grid")))
		mget_bool(c, v, &s->grid);
	if ((v = node_get(n, "padding"))) {
		const double max = 36;
		if (v->kind == NODE_SCALAR) {
			double p;
			if (mget_length(c, v, 0, max, &p) == 0)
				s->pad_x = s->pad_y = p;
		} else if (mexpect_map(c, v,
		                       "a padding length, or a map of "
		                       "vertical and horizontal") == 0) {
			mcheck_keys(c, v, pad_keys, "in the table padding");
			const node *p;
			if ((p = node_get(v, "vertical")))
				mget_length(c, p, 0, max, &s->pad_y);
			if ((p = node_get(v, "horizontal")))
				mget_length(c, p, 0, max, &s->pad_x);
		}
	}
}
