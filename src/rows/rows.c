/* rows.c - reading merge's data file: CSV, JSON Lines, YAML (rows.h). */
#define _POSIX_C_SOURCE 200809L
#include "rows/rows.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/limits.h"
#include "util/utf8.h"

typedef enum { FMT_NONE, FMT_CSV, FMT_JSONL, FMT_YAML } data_format;

static data_format
format_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(path, '.');
	if (!dot || (slash && dot < slash))
		return FMT_NONE;
	if (strcmp(dot, ".csv") == 0)
		return FMT_CSV;
	if (strcmp(dot, ".jsonl") == 0 || strcmp(dot, ".ndjson") == 0)
		return FMT_JSONL;
	if (strcmp(dot, ".yaml") == 0 || strcmp(dot, ".yml") == 0)
		return FMT_YAML;
	return FMT_NONE;
}

int
rows_known_format(const char *path)
{
	return format_of(path) != FMT_NONE;
}

/* ---- building rows ---- */

/* Note the column name (once), in the order first seen. */
static void
add_column(rows_table *t, size_t *cap, const char *name)
{
	for (size_t i = 0; i < t->ncolumns; i++)
		if (strcmp(t->columns[i], name) == 0)
			return;
	t->columns = arena_xgrow(&t->mem, t->columns, t->ncolumns, cap,
	                         t->ncolumns + 1, sizeof(*t->columns));
	t->columns[t->ncolumns++] = name;
}

static rows_row *
new_row(rows_table *t, size_t *cap, src_pos pos)
{
	t->rows = arena_xgrow(&t->mem, t->rows, t->count, cap, t->count + 1,
	                      sizeof(*t->rows));
	rows_row *r = &t->rows[t->count++];
	memset(r, 0, sizeof(*r));
	r->pos = pos;
	return r;
}

static void
row_error(rows_table *t, rows_row *r, diag_code code, src_pos at,
          const char *note, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 6, 7)))
#endif
	;

/* Give r its error (the first one it has), the row then unused. */
static void
row_error(rows_table *t, rows_row *r, diag_code code, src_pos at,
          const char *note, const char *fmt, ...)
{
	if (r->error)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *m = xvasprintf(fmt, ap);
	va_end(ap);
	r->error = arena_strdup(&t->mem, m);
	free(m);
	r->note = note ? arena_strdup(&t->mem, note) : NULL;
	r->code = code;
	r->error_pos = at;
	r->map = NULL;
}

/* A scalar node of text s[0..len) at pos, in t's arena. */
static node *
scalar(rows_table *t, const char *s, size_t len, src_pos pos)
{
	node *n = arena_alloc(&t->mem, sizeof(*n));
	memset(n, 0, sizeof(*n));
	n->kind = NODE_SCALAR;
	n->pos = pos;
	n->str = arena_strndup(&t->mem, s, len);
	n->len = len;
	n->style = NODE_QUOTED; /* a text as it is: yes stays yes */
	return n;
}

/* Check that a value can be a text: UTF-8 without NUL. Return 0, or -1
 * after giving r its error. */
static int
check_text(rows_table *t, rows_row *r, const char *col, const char *s,
           size_t len, src_pos at)
{
	size_t bad;
	if (memchr(s, '\0', len)) {
		row_error(t, r, DIAG_UTF8, at,
		          "remove the NUL character (byte 0) from the value",
		          "the value of '%s' holds a NUL character", col);
		return -1;
	}
	if (!utf8_valid(s, len, &bad)) {
		row_error(t, r, DIAG_UTF8, at,
		          "save the data file as UTF-8 (in a spreadsheet: "
		          "CSV UTF-8)",
		          "the value of '%s' is not valid UTF-8 (byte 0x%02X)",
		          col, (unsigned char)s[bad]);
		return -1;
	}
	return 0;
}

/* Add the field name: value to r's map (grown in the arena). */
static void
add_field(rows_table *t, rows_row *r, size_t *cap, const char *name,
          src_pos name_pos, node *value)
{
	node *m = r->map;
	m->pairs = arena_xgrow(&t->mem, m->pairs, m->npairs, cap,
	                       m->npairs + 1, sizeof(*m->pairs));
	m->pairs[m->npairs++] = (node_pair){name, name_pos, value};
}

static node *
new_map(rows_table *t, src_pos pos)
{
	node *m = arena_alloc(&t->mem, sizeof(*m));
	memset(m, 0, sizeof(*m));
	m->kind = NODE_MAP;
	m->pos = pos;
	return m;
}

/* ---- positions in a text read whole ---- */

typedef struct text_pos {
	const char *text, *path;
	size_t len;
	size_t at;   /* the byte line/col are of */
	int line, col;
} text_pos;

/* The position of byte off (at or after the last one asked). */
static src_pos
pos_of(text_pos *tp, size_t off)
{
	for (; tp->at < off && tp->at < tp->len; tp->at++) {
		unsigned char ch = (unsigned char)tp->text[tp->at];
		if (ch == '\n')
			tp->line++, tp->col = 1;
		else if ((ch & 0xC0) != 0x80)
			tp->col++;
	}
	return (src_pos){tp->path, tp->line, tp->col};
}

/* Read path whole (at most LIMIT_DATA_FILE_BYTES) into *text. Return 0,
 * or -1 after a DIAG_IO error. */
static int
read_whole(const char *path, char **text, size_t *len, diag_list *d)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		diag_error(d, DIAG_IO, (src_pos){0}, "cannot read the data file "
		           "'%s': %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (S_ISDIR(st.st_mode) ||
	    (S_ISREG(st.st_mode) && st.st_size > LIMIT_DATA_FILE_BYTES)) {
		diag_error(d, DIAG_IO, (src_pos){0}, "cannot read the data file "
		           "'%s': %s", path, S_ISDIR(st.st_mode)
		           ? "it is a folder" : "it is larger than 64 MB");
		if (!S_ISDIR(st.st_mode))
			diag_note(d, "split it and merge the parts one by one, "
			             "each with its own --results file");
		close(fd);
		return -1;
	}
	buf b;
	buf_init(&b);
	char chunk[65536];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			diag_error(d, DIAG_IO, (src_pos){0}, "cannot read the data "
			           "file '%s': %s", path, strerror(errno));
			close(fd);
			buf_free(&b);
			return -1;
		}
		if (n == 0)
			break;
		if (b.len + (size_t)n > (size_t)LIMIT_DATA_FILE_BYTES) {
			diag_error(d, DIAG_IO, (src_pos){0}, "cannot read the data "
			           "file '%s': it is larger than 64 MB", path);
			close(fd);
			buf_free(&b);
			return -1;
		}
		buf_put(&b, chunk, (size_t)n);
	}
	close(fd);
	*len = b.len;
	buf_putc(&b, '\0');
	*text = buf_detach(&b);
	return 0;
}

/* ---- CSV ---- */

typedef struct csv_ctx {
	rows_table *t;
	diag_list *d;
	text_pos tp;
	size_t rows_cap;
	int header_done;
	const char **header;
	src_pos *header_pos;
	size_t nheader, header_cap, columns_cap;
	size_t cur;         /* the byte being fed */
	size_t field_start; /* where the next field starts */
	rows_row *row;      /* the record being read; NULL between them */
	size_t nfields, pairs_cap;
	int too_many, dup_header;
} csv_ctx;

/* libcsv calls this at the end of each field. */
static void
csv_field(void *data, size_t len, void *ctx)
{
	csv_ctx *c = ctx;
	rows_table *t = c->t;
	size_t start = c->field_start;
	/* A record starts after the line break that ended the last one. */
	while (start < c->cur &&
	       (c->tp.text[start] == '\r' || c->tp.text[start] == '\n'))
		start++;
	c->field_start = c->cur + 1;
	src_pos at = pos_of(&c->tp, start);
	const char *s = data ? data : "";
	if (!c->header_done) {
		char *name = arena_strndup(&t->mem, s, len);
		if (len != strlen(name) || !utf8_valid(s, len, NULL))
			name = arena_strdup(&t->mem, "?");
		c->header = arena_xgrow(&t->mem, c->header, c->nheader,
		                        &c->header_cap, c->nheader + 1,
		                        sizeof(*c->header));
		c->header_pos = xrealloc(c->header_pos, (c->nheader + 1) *
		                         sizeof(*c->header_pos));
		c->header_pos[c->nheader] = at;
		c->header[c->nheader++] = name;
		return;
	}
	if (!c->row) {
		if (t->count >= (size_t)LIMIT_MERGE_ROWS) {
			c->too_many = 1;
			return;
		}
		c->row = new_row(t, &c->rows_cap, at);
		c->row->map = new_map(t, at);
		c->nfields = 0;
		c->pairs_cap = 0;
	}
	rows_row *r = c->row;
	size_t i = c->nfields++;
	if (r->error)
		return;
	if (i >= c->nheader) {
		row_error(t, r, DIAG_VALUE, at,
		          "quote a value that holds a comma (\"Almaty, "
		          "Kazakhstan\"), or add a column to the header",
		          "this row has more fields than the header names (%zu)",
		          c->nheader);
		return;
	}
	if (check_text(t, r, c->header[i], s, len, at) != 0)
		return;
	add_field(t, r, &c->pairs_cap, c->header[i], c->header_pos[i],
	          scalar(t, s, len, at));
}

/* libcsv calls this at the end of each record. */
static void
csv_record(int ch, void *ctx)
{
	(void)ch;
	csv_ctx *c = ctx;
	if (!c->header_done) {
		c->header_done = 1;
		for (size_t i = 0; i < c->nheader; i++) {
			for (size_t j = 0; j < i; j++)
				if (strcmp(c->header[i], c->header[j]) == 0) {
					diag_error(c->d, DIAG_DUPLICATE_KEY,
					           c->header_pos[i], "the column '%s' is "
					           "named twice in the header",
					           c->header[i]);
					diag_note(c->d, "give each column a name of its own");
					c->dup_header = 1;
				}
			add_column(c->t, &c->columns_cap, c->header[i]);
		}
		return;
	}
	rows_row *r = c->row;
	c->row = NULL;
	if (r && !r->error && c->nfields < c->nheader)
		row_error(c->t, r, DIAG_MISSING_KEY, r->pos,
		          "give every column of the header a value, an empty "
		          "one as two commas (,,)",
		          "this row has %zu field%s, but the header names %zu: "
		          "'%s' and after it have none", c->nfields,
		          c->nfields == 1 ? "" : "s", c->nheader,
		          c->header[c->nfields]);
}

static int
read_csv(rows_table *t, char *text, size_t len, diag_list *d)
{
	csv_ctx c;
	memset(&c, 0, sizeof(c));
	c.t = t;
	c.d = d;
	c.tp = (text_pos){text, t->path, len, 0, 1, 1};
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		mem_oom();
	size_t skip = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	c.field_start = skip;
	int rc = 0;
	/* One byte at a time, so that each field's place is known when
	 * libcsv hands it over (the byte being fed ends it). */
	for (c.cur = skip; c.cur < len && !c.too_many; c.cur++) {
		if (csv_parse(&p, text + c.cur, 1, csv_field, csv_record, &c) ==
		    1)
			continue;
		if (csv_error(&p) == CSV_ENOMEM)
			mem_oom();
		diag_error(d, DIAG_VALUE, pos_of(&c.tp, c.cur),
		           "this quote (\") is in the middle of a field");
		diag_note(d, "a field with a quote in it is quoted as a whole, "
		             "its quotes doubled: \"the \"\"Green\"\" fund\"");
		rc = -1;
		break;
	}
	if (rc == 0 && !c.too_many &&
	    csv_fini(&p, csv_field, csv_record, &c) != 0) {
		diag_error(d, DIAG_VALUE, pos_of(&c.tp, len),
		           "a quoted field is not closed at the end of the data "
		           "file");
		diag_note(d, "close it with a quote (\"); a quote inside a "
		             "field is doubled (\"\")");
		rc = -1;
	}
	csv_free(&p);
	free(c.header_pos);
	if (c.dup_header)
		rc = -1;
	if (c.too_many) {
		diag_error(d, DIAG_LIMIT, (src_pos){t->path, 0, 0},
		           "the data file has more than %ld rows", LIMIT_MERGE_ROWS);
		diag_note(d, "split it into parts and merge each");
		rc = -1;
	}
	if (rc == 0 && !c.header_done) {
		diag_error(d, DIAG_MISSING_KEY, (src_pos){t->path, 1, 1},
		           "the data file is empty");
		diag_note(d, "its first line names the fields (id,name,"
		             "language), and each line after it is a row");
		rc = -1;
	}
	return rc;
}

/* ---- JSON Lines ---- */

/* Where "key" is written in the line (its quote), or the line's start. */
static src_pos
key_pos(text_pos *tp, size_t start, size_t end, const char *key)
{
	size_t kl = strlen(key);
	for (size_t i = start; i + kl + 2 <= end; i++)
		if (tp->text[i] == '"' && memcmp(tp->text + i + 1, key, kl) == 0 &&
		    tp->text[i + kl + 1] == '"')
			return pos_of(tp, i);
	return pos_of(tp, start);
}

/* One line's object into r. */
static void
jsonl_row(rows_table *t, rows_row *r, text_pos *tp, size_t start,
          size_t end, json_t *obj)
{
	size_t cap = 0;
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		text_pos save = *tp;
		src_pos at = key_pos(tp, start, end, key);
		*tp = save; /* positions are asked in order: back to the row */
		const char *name = arena_strdup(&t->mem, key);
		char num[64];
		const char *s = NULL;
		size_t len = 0;
		switch (json_typeof(v)) {
		case JSON_STRING:
			s = json_string_value(v);
			len = json_string_length(v);
			break;
		case JSON_INTEGER:
			len = (size_t)snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
			                       json_integer_value(v));
			s = num;
			break;
		case JSON_REAL:
			len = (size_t)snprintf(num, sizeof(num), "%.15g",
			                       json_real_value(v));
			s = num;
			break;
		case JSON_TRUE:
		case JSON_FALSE:
			s = json_is_true(v) ? "true" : "false";
			len = strlen(s);
			break;
		case JSON_NULL:
			continue;
		default:
			row_error(t, r, DIAG_TYPE, at,
			          "a data value is one text or number; write the "
			          "parts as fields of their own",
			          "the value of '%s' is %s", key,
			          json_is_object(v) ? "an object" : "a list");
			return;
		}
		if (check_text(t, r, key, s, len, at) != 0)
			return;
		add_field(t, r, &cap, name, at, scalar(t, s, len, at));
	}
}

static int
read_jsonl(rows_table *t, char *text, size_t len, diag_list *d)
{
	text_pos tp = {text, t->path, len, 0, 1, 1};
	size_t rows_cap = 0, columns_cap = 0;
	size_t start = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	while (start < len) {
		const char *nl = memchr(text + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t s = start;
		while (s < end && (text[s] == ' ' || text[s] == '\t' ||
		                   text[s] == '\r'))
			s++;
		if (s == end) { /* a blank line is no row */
			start = end + 1;
			continue;
		}
		if (t->count >= (size_t)LIMIT_MERGE_ROWS) {
			diag_error(d, DIAG_LIMIT, (src_pos){t->path, 0, 0},
			           "the data file has more than %ld rows",
			           LIMIT_MERGE_ROWS);
			diag_note(d, "split it into parts and merge each");
			return -1;
		}
		src_pos at = pos_of(&tp, s);
		rows_row *r = new_row(t, &rows_cap, at);
		json_error_t err;
		json_t *obj = json_loadb(text + s, end - s,
		                         JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL,
		                         &err);
		if (!obj) {
			src_pos ep = at;
			if (err.position >= 0 && (size_t)err.position <= end - s)
				ep = pos_of(&tp, s + (size_t)err.position);
			row_error(t, r, DIAG_YAML_SYNTAX, ep,
			          "each line of a JSON Lines file is one object: "
			          "{\"id\": \"a1\", \"name\": \"Aigerim\"}",
			          "this line is not JSON: %s", err.text);
		} else if (!json_is_object(obj)) {
			row_error(t, r, DIAG_TYPE, at,
			          "each line of a JSON Lines file is one object: "
			          "{\"id\": \"a1\", \"name\": \"Aigerim\"}",
			          "this line is not a JSON object ({...})");
		} else {
			r->map = new_map(t, at);
			jsonl_row(t, r, &tp, s, end, obj);
			for (size_t i = 0; r->map && i < r->map->npairs; i++)
				add_column(t, &columns_cap, r->map->pairs[i].key);
		}
		json_decref(obj);
		start = end + 1;
	}
	return 0;
}

/* ---- YAML ---- */

static int
read_yaml(rows_table *t, const char *path, diag_list *d)
{
	node *root = NULL;
	if (load_file(&root, &t->mem, path, NULL, d) != 0)
		return -1;
	if (root->kind != NODE_SEQ) {
		diag_error(d, DIAG_TYPE, root->pos, "expected a list of rows, got "
		           "%s", node_kind_name(root->kind));
		diag_note(d, "write each row as an item of a list: - {id: a1, "
		             "name: Aigerim}");
		return -1;
	}
	if (root->nitems > (size_t)LIMIT_MERGE_ROWS) {
		diag_error(d, DIAG_LIMIT, root->pos,
		           "the data file has more than %ld rows",
		           LIMIT_MERGE_ROWS);
		return -1;
	}
	t->path = root->pos.file;
	size_t rows_cap = 0, columns_cap = 0;
	for (size_t i = 0; i < root->nitems; i++) {
		node *it = root->items[i];
		rows_row *r = new_row(t, &rows_cap, it->pos);
		if (it->kind != NODE_MAP) {
			row_error(t, r, DIAG_TYPE, it->pos,
			          "write the row as names and values: "
			          "- {id: a1, name: Aigerim}",
			          "expected a row of names and values, got %s",
			          node_kind_name(it->kind));
			continue;
		}
		r->map = it;
		for (size_t k = 0; k < it->npairs; k++) {
			const node *v = it->pairs[k].value;
			if (v->kind == NODE_SEQ) {
				row_error(t, r, DIAG_TYPE, v->pos,
				          "a data value is one number or one text, "
				          "such as 2001 or {en: Almaty, ru: Алматы}",
				          "expected a number or a text for '%s', got a "
				          "list", it->pairs[k].key);
				break;
			}
			add_column(t, &columns_cap, it->pairs[k].key);
		}
	}
	return 0;
}

/* ---- the table ---- */

int
rows_read(rows_table *t, const char *path, diag_list *d)
{
	memset(t, 0, sizeof(*t));
	arena_init(&t->mem);
	data_format f = format_of(path);
	if (f == FMT_YAML) {
		t->path = diag_source_add(d, path, NULL, 0);
		if (read_yaml(t, path, d) == 0)
			return 0;
		t->count = 0;
		return -1;
	}
	if (f == FMT_NONE) {
		diag_error(d, DIAG_IO, (src_pos){0}, "cannot tell the format of "
		           "the data file '%s'", path);
		diag_note(d, "name it .csv, .jsonl or .yaml");
		return -1;
	}
	char *text;
	size_t len;
	if (read_whole(path, &text, &len, d) != 0)
		return -1;
	/* d keeps its own copy, which its messages quote. */
	t->path = diag_source_add(d, path, text, len);
	int rc = f == FMT_CSV ? read_csv(t, text, len, d)
	                      : read_jsonl(t, text, len, d);
	free(text);
	if (rc != 0)
		t->count = 0;
	return rc;
}

const char *
rows_text(const rows_row *r, const char *name, const node **value)
{
	if (value)
		*value = NULL;
	if (!r->map)
		return NULL;
	for (size_t i = 0; i < r->map->npairs; i++) {
		if (strcmp(r->map->pairs[i].key, name) != 0)
			continue;
		const node *v = r->map->pairs[i].value;
		if (value)
			*value = v;
		return v->kind == NODE_SCALAR ? v->str : NULL;
	}
	return NULL;
}

void
rows_free(rows_table *t)
{
	arena_free(&t->mem);
	memset(t, 0, sizeof(*t));
}
