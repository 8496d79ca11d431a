/*
 * rows.h - the data file of merge: one row for each personalised PDF.
 *
 * Who may include this: src/cli/ and tests. Only src/rows/ includes
 * <csv.h> (libcsv) and <jansson.h>.
 *
 * A data file is one of
 *  - CSV (.csv): RFC 4180, a header row of field names, then one row a
 *    record; quoted fields may hold commas, quotes ("") and line breaks;
 *  - JSON Lines (.jsonl, .ndjson): one JSON object a line; a string,
 *    number or true/false value is a field, null leaves it out;
 *  - YAML (.yaml, .yml): a list of maps, read by the loader.
 *
 * Each row becomes a map node (load.h) of its fields, each value a node
 * at its own line and column in the data file, so that a message about a
 * value points into the data file. A row that cannot be used (a CSV
 * record with the wrong number of fields, a line that is not JSON, a NUL
 * or bad UTF-8 in a value) keeps its error, and the other rows are still
 * read: merge writes them and reports that one. A data file that cannot
 * be read at all (missing, too large, a CSV quote never closed, not a
 * list) is an error of the file: no row then.
 */
#ifndef CAREC_ROWS_ROWS_H
#define CAREC_ROWS_ROWS_H

#include <stddef.h>

#include "load/load.h"
#include "util/diag.h"
#include "util/mem.h"

/* One row of the data file. */
typedef struct rows_row {
	node *map;      /* its fields as a map of scalars (YAML: as written);
	                 * NULL when the row has an error */
	src_pos pos;    /* where the row starts in the data file */
	/* The row's error (NULL: none): code, place, message, note. */
	const char *error, *note;
	diag_code code;
	src_pos error_pos;
} rows_row;

typedef struct rows_table {
	arena mem;          /* everything below */
	const char *path;   /* the data file, as registered in the diag list */
	rows_row *rows;
	size_t count;
	const char **columns; /* every field name, in the order first seen */
	size_t ncolumns;
} rows_table;

/* Read the data file at path into t (rows_free frees it), the format told
 * by its extension. Its text is registered in d (the messages quote its
 * lines); a file-level problem is an error in d, a column name that
 * cannot be a data name a warning (that column is left out). Return 0, or
 * -1 after an error (t then has no rows). */
int rows_read(rows_table *t, const char *path, diag_list *d);

/* Whether the extension of path is one rows_read knows. */
int rows_known_format(const char *path);

/* The value of field name in row r as text (a YAML map value: NULL), or
 * NULL when the row has no such field (or an error). */
const char *rows_text(const rows_row *r, const char *name,
                      const node **value);

void rows_free(rows_table *t);

#endif
