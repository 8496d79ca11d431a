/* test_model_data.c - data references: 'data:' values, {{ }} expressions
 * in texts, and the exact positions and notes of their mistakes. */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "model/model.h"

static const char *const facts =
	"data:\n"
	"  founded: 2001\n"
	"  anniversary: 2016\n"
	"  countries: 5\n"
	"  head-office: {en: Almaty, ru: Алматы}\n"
	"  web: '[carecnet.org](https://carecnet.org)'\n";

/* Build a report of the facts above and one paragraph; on success copy
 * the paragraph's plain text to out, else the first diagnostic as
 * "line:col: message | note". Return the number of diagnostics. */
static size_t
run(const char *para_yaml, const char *lang, char *out, size_t cap)
{
	char yaml[2048];
	snprintf(yaml, sizeof(yaml),
	         "%sdocument: {title: T}\ncontent:\n  - paragraph: %s\n", facts,
	         para_yaml);
	diag_list d;
	arena a;
	diag_init(&d);
	arena_init(&a);
	node *root = NULL;
	model_doc *doc = NULL;
	out[0] = '\0';
	if (load_buffer(&root, &a, "t.yaml", yaml, strlen(yaml), NULL, &d) == 0) {
		model_options o = {lang, NULL, NULL};
		model_build(&doc, root, &o, &d);
	}
	if (doc) {
		const model_text *t = &doc->blocks.items[0].u.paragraph.text;
		for (size_t i = 0; i < t->nruns; i++)
			strncat(out, t->runs[i].text, cap - strlen(out) - 1 <
			                                      t->runs[i].len
			                                  ? cap - strlen(out) - 1
			                                  : t->runs[i].len);
	} else if (d.count) {
		snprintf(out, cap, "%d:%d: %s | %s", d.items[0].pos.line,
		         d.items[0].pos.col, d.items[0].message,
		         d.items[0].note ? d.items[0].note : "");
	}
	size_t n = d.count;
	model_free(doc);
	diag_free(&d);
	arena_free(&a);
	return n;
}

static int
starts(const char *s, const char *prefix)
{
	int ok = strncmp(s, prefix, strlen(prefix)) == 0;
	if (!ok)
		fprintf(stderr, "  got: %s\n", s);
	return ok;
}

TEST(names_and_arithmetic)
{
	char out[512];
	CHECK(run("'Founded in {{ founded }}.'", NULL, out, sizeof(out)) == 0);
	CHECK_STR(out, "Founded in 2001.");
	run("'{{ anniversary - founded }} years'", NULL, out, sizeof(out));
	CHECK_STR(out, "15 years");
	run("'{{anniversary - founded+1}}'", NULL, out, sizeof(out));
	CHECK_STR(out, "16");
	/* Precedence: * before + and -. */
	run("'{{ 2 + countries * 3 - 1 }}'", NULL, out, sizeof(out));
	CHECK_STR(out, "16");
	run("'{{ founded - anniversary }}'", NULL, out, sizeof(out));
	CHECK_STR(out, "\xE2\x88\x92" "15");
	run("'{{head-office}} since {{founded}}'", "ru", out, sizeof(out));
	CHECK_STR(out, "Алматы since 2001");
	run("'{{ head-office }}'", "en", out, sizeof(out));
	CHECK_STR(out, "Almaty");
}

TEST(values_carry_markup_and_braces_escape)
{
	char out[512];
	/* The value is parsed as markup: a link run with its text. */
	CHECK(run("'Visit {{ web }}.'", NULL, out, sizeof(out)) == 0);
	CHECK_STR(out, "Visit carecnet.org.");
	run("'\\{{ founded }} is written as is'", NULL, out, sizeof(out));
	CHECK_STR(out, "{{ founded }} is written as is");
	run("'a }} alone, and {single}'", NULL, out, sizeof(out));
	CHECK_STR(out, "a }} alone, and {single}");
}

TEST(errors_point_at_the_name)
{
	char out[512];
	/* "  - paragraph: 'Founded in {{ foundd }}.'" is line 9; the quote
	 * is column 16, the name column 31. */
	CHECK(run("'Founded in {{ foundd }}.'", NULL, out, sizeof(out)) == 1);
	CHECK_STR(out, "9:31: unknown name 'foundd' | did you mean 'founded'?");
	run("'{{ anniversary-founded }}'", NULL, out, sizeof(out));
	CHECK_STR(out, "9:20: unknown name 'anniversary-founded' | to "
	               "subtract, put spaces around the '-': {{ a - b }}");
	run("'{{ xyz }}'", NULL, out, sizeof(out));
	CHECK_STR(out, "9:20: unknown name 'xyz' | the names in 'data:' are "
	               "'founded', 'anniversary', 'countries', 'head-office' "
	               "and 'web'");
}

TEST(malformed_expressions)
{
	char out[512];
	run("'{{ founded + }}'", NULL, out, sizeof(out));
	CHECK(starts(out, "9:30: expected a name or a number after '+' |"));
	run("'{{ }}'", NULL, out, sizeof(out));
	CHECK(starts(out, "9:17: '{{ }}' is empty |"));
	run("'{{ founded'", NULL, out, sizeof(out));
	CHECK(starts(out, "9:17: '{{' is never closed with '}}' |"));
	run("'{{ anniversary / 2 }}'", NULL, out, sizeof(out));
	CHECK(starts(out, "9:32: '/' cannot be used in '{{ }}' |"));
	run("'{{ founded 2 }}'", NULL, out, sizeof(out));
	CHECK(starts(out, "9:28: expected '+', '-', '*' or '}}' here |"));
	run("'{{ head-office + 1 }}'", NULL, out, sizeof(out));
	CHECK(starts(out, "9:20: 'head-office' is a text, not a number; it "
	                   "cannot be used with '+'"));
	run("'{{ 1 + head-office }}'", NULL, out, sizeof(out));
	CHECK(starts(out, "9:24: 'head-office' is a text"));
	run("'{{ 99999999 * 99999999 * 999 }}'", NULL, out, sizeof(out));
	CHECK(starts(out, "9:17: the result of this expression is too large"));
}

TEST(multi_line_values_are_located_in_the_source)
{
	char out[512];
	/* A folded value: the error is on the value's third line. */
	CHECK(run(">\n      Founded in {{ founded }},\n"
	          "      {{ anniversary - founded }} years\n"
	          "      and {{ countriez }} states.", NULL, out,
	          sizeof(out)) == 1);
	CHECK_STR(out, "12:14: unknown name 'countriez' | did you mean "
	               "'countries'?");
}

TEST(data_section_mistakes)
{
	const char *yaml =
		"data:\n"
		"  - founded: 2001\n"
		"    2nd: x\n"
		"  - founded: 2002\n"
		"    list: [1, 2]\n"
		"document: {title: 'Since {{ founded }}'}\n"
		"content: [{paragraph: x}]\n";
	diag_list d;
	arena a;
	diag_init(&d);
	arena_init(&a);
	node *root = NULL;
	model_doc *doc = NULL;
	CHECK(load_buffer(&root, &a, "t.yaml", yaml, strlen(yaml), NULL, &d) ==
	      0);
	CHECK(model_build(&doc, root, NULL, &d) != 0);
	CHECK(d.count == 3);
	if (d.count == 3) {
		CHECK_STR(d.items[0].message, "'2nd' cannot be a data name");
		CHECK(d.items[0].pos.line == 3 && d.items[0].pos.col == 5);
		CHECK_STR(d.items[1].message,
		          "the data name 'founded' is given twice");
		CHECK(d.items[1].pos.line == 4 && d.items[1].pos.col == 5);
		CHECK_STR(d.items[2].message,
		          "expected a number or a text for 'list', got a list");
	}
	model_free(doc);
	diag_free(&d);
	arena_free(&a);

	/* No data at all: the note says how to add it. */
	yaml = "document: {title: T}\ncontent: [{paragraph: 'In {{ founded }}'}]\n";
	diag_init(&d);
	arena_init(&a);
	CHECK(load_buffer(&root, &a, "t.yaml", yaml, strlen(yaml), NULL, &d) ==
	      0);
	doc = NULL;
	CHECK(model_build(&doc, root, NULL, &d) != 0);
	CHECK(d.count == 1);
	if (d.count == 1) {
		CHECK_STR(d.items[0].message, "unknown name 'founded'");
		CHECK(d.items[0].pos.line == 2 && d.items[0].pos.col == 30);
		CHECK(d.items[0].note && strstr(d.items[0].note, "no 'data:'"));
	}
	model_free(doc);
	diag_free(&d);
	arena_free(&a);
}

int
main(void)
{
	RUN(names_and_arithmetic);
	RUN(values_carry_markup_and_braces_escape);
	RUN(errors_point_at_the_name);
	RUN(malformed_expressions);
	RUN(multi_line_values_are_located_in_the_source);
	RUN(data_section_mistakes);
	return harness_done();
}
