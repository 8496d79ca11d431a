/* test_rows.c - merge's data files (src/rows/): every field at its line
 * and column, CSV quoting, JSON values, and the rows with errors. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "rows/rows.h"

static char dir[64];

/* Write text to dir/name and return its path (static). */
static const char *
write_file(const char *name, const char *text, size_t len)
{
	static char path[128];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (f) {
		fwrite(text, 1, len, f);
		fclose(f);
	}
	return path;
}

static const node *
field(const rows_row *r, const char *name)
{
	const node *v = NULL;
	(void)rows_text(r, name, &v);
	return v;
}

TEST(csv_fields_at_their_places)
{
	static const char csv[] = "id,name,note\n"
	                          "a1,\"Fund, Ltd.\",\"say \"\"hi\"\"\"\n"
	                          "a2,\"two\nlines\",x\n"
	                          "a3,Ж,y\n";
	const char *p = write_file("d.csv", csv, sizeof(csv) - 1);
	diag_list d;
	diag_init(&d);
	rows_table t;
	CHECK(rows_read(&t, p, &d) == 0);
	CHECK(d.count == 0);
	CHECK(t.count == 3);
	CHECK(t.ncolumns == 3);
	if (t.count == 3 && t.ncolumns == 3) {
		CHECK_STR(t.columns[2], "note");
		CHECK_STR(rows_text(&t.rows[0], "name", NULL), "Fund, Ltd.");
		CHECK_STR(rows_text(&t.rows[0], "note", NULL), "say \"hi\"");
		CHECK(field(&t.rows[0], "note")->pos.line == 2);
		CHECK(field(&t.rows[0], "note")->pos.col == 17);
		CHECK_STR(rows_text(&t.rows[1], "name", NULL), "two\nlines");
		CHECK(t.rows[2].pos.line == 5);
		CHECK(field(&t.rows[2], "note")->pos.col == 6); /* Ж: one column */
		CHECK(rows_text(&t.rows[2], "none", NULL) == NULL);
	}
	rows_free(&t);
	diag_free(&d);
}

TEST(csv_rows_with_errors_keep_theirs)
{
	static const char csv[] = "id,name\nb1\nb2,x,y\nb3,ok\n";
	const char *p = write_file("e.csv", csv, sizeof(csv) - 1);
	diag_list d;
	diag_init(&d);
	rows_table t;
	CHECK(rows_read(&t, p, &d) == 0);
	CHECK(t.count == 3);
	if (t.count == 3) {
		CHECK(t.rows[0].error && t.rows[0].code == DIAG_MISSING_KEY);
		CHECK(t.rows[0].map == NULL);
		CHECK(t.rows[1].error && t.rows[1].error_pos.col == 6);
		CHECK(!t.rows[2].error);
		CHECK(rows_text(&t.rows[0], "id", NULL) == NULL);
	}
	rows_free(&t);
	diag_free(&d);
}

TEST(jsonl_values_as_text)
{
	static const char js[] = "{\"id\": \"j1\", \"n\": 12, \"r\": 2.5, "
	                         "\"b\": false, \"z\": null}\n"
	                         "   \n"
	                         "{\"id\": \"j2\",  \"n\": -3}\n";
	const char *p = write_file("d.jsonl", js, sizeof(js) - 1);
	diag_list d;
	diag_init(&d);
	rows_table t;
	CHECK(rows_read(&t, p, &d) == 0);
	CHECK(t.count == 2);
	if (t.count == 2) {
		CHECK_STR(rows_text(&t.rows[0], "n", NULL), "12");
		CHECK_STR(rows_text(&t.rows[0], "r", NULL), "2.5");
		CHECK_STR(rows_text(&t.rows[0], "b", NULL), "false");
		CHECK(field(&t.rows[0], "z") == NULL);
		CHECK(field(&t.rows[0], "r")->pos.col == 23);
		CHECK(t.rows[1].pos.line == 3);
		CHECK(field(&t.rows[1], "n")->pos.col == 15);
		CHECK_STR(rows_text(&t.rows[1], "n", NULL), "-3");
	}
	CHECK(t.ncolumns == 4); /* id n r b: a null is no field */
	rows_free(&t);
	diag_free(&d);
}

TEST(formats_by_extension)
{
	CHECK(rows_known_format("a/b.csv"));
	CHECK(rows_known_format("b.jsonl") && rows_known_format("b.ndjson"));
	CHECK(rows_known_format("b.yaml") && rows_known_format("b.yml"));
	CHECK(!rows_known_format("b.txt"));
	CHECK(!rows_known_format("a.csv/b"));
	CHECK(!rows_known_format("csv"));
	diag_list d;
	diag_init(&d);
	rows_table t;
	CHECK(rows_read(&t, "x.txt", &d) == -1);
	CHECK(d.errors == 1 && t.count == 0);
	rows_free(&t);
	diag_free(&d);
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/carec-rows-XXXXXX",
	         tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return 1;
	RUN(csv_fields_at_their_places);
	RUN(csv_rows_with_errors_keep_theirs);
	RUN(jsonl_values_as_text);
	RUN(formats_by_extension);
	static const char *const names[] = {"d.csv", "e.csv", "d.jsonl"};
	for (size_t i = 0; i < 3; i++) {
		char path[128];
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
	return harness_done();
}
