/* test_model_limits.c - structural limits enforced by validation
 * (util/limits.h): table cells and table columns, at the limit and one
 * past it, with the exact diagnostic and its position. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "model_fixture.h"
#include "model/model.h"
#include "util/limits.h"

/* A report with one table of rows x cols one-letter cells (malloc'd). */
static char *
table_yaml(size_t rows, size_t cols)
{
	size_t cap = 64 + rows * (cols * 3 + 8);
	char *y = malloc(cap), *p = y;
	p += sprintf(p, "document: {title: T}\ncontent:\n  - table:\n");
	for (size_t r = 0; r < rows; r++) {
		p += sprintf(p, "    - [");
		for (size_t c = 0; c < cols; c++)
			p += sprintf(p, c ? ",x" : "x");
		p += sprintf(p, "]\n");
	}
	return y;
}

/* The first diagnostic, or NULL. */
static const diag *
first(const diag_list *d)
{
	return d->count ? &d->items[0] : NULL;
}

TEST(table_cells)
{
	const size_t cols = 50, rows = (size_t)LIMIT_TABLE_CELLS / cols;
	diag_list d;
	arena a;
	char *y = table_yaml(rows, cols); /* exactly at the limit */
	model_doc *doc = build(y, &d, &a);
	CHECK(doc != NULL && d.errors == 0);
	if (doc)
		CHECK(doc->blocks.items[0].u.table.nrows == rows);
	done(doc, &d, &a);
	free(y);

	y = table_yaml(rows + 1, cols); /* one row more */
	doc = build(y, &d, &a);
	CHECK(doc == NULL && d.errors == 1);
	const diag *e = first(&d);
	CHECK(e && e->code == DIAG_LIMIT);
	CHECK_STR(e ? e->message : NULL,
	          "a table has at most 100000 cells, not 100050 (2001 rows of "
	          "50 columns)");
	CHECK(e && e->pos.line == 4 && e->pos.col == 5);
	CHECK(e && e->note && strstr(e->note, "several tables"));
	done(doc, &d, &a);
	free(y);
}

TEST(table_columns)
{
	diag_list d;
	arena a;
	char *y = table_yaml(2, LIMIT_TABLE_COLUMNS);
	model_doc *doc = build(y, &d, &a);
	CHECK(doc != NULL && d.errors == 0);
	done(doc, &d, &a);
	free(y);

	y = table_yaml(2, LIMIT_TABLE_COLUMNS + 1);
	doc = build(y, &d, &a);
	CHECK(doc == NULL && d.errors == 1);
	const diag *e = first(&d);
	CHECK(e && e->code == DIAG_LIMIT);
	CHECK_STR(e ? e->message : NULL,
	          "a table has at most 64 columns, not 65");
	done(doc, &d, &a);
	free(y);
}

int
main(void)
{
	RUN(table_cells);
	RUN(table_columns);
	return harness_done();
}
