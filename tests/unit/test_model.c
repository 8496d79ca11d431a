/* test_model.c - validation: typed values, all errors in one run, did-you-
 * mean, languages, inline markup. */
#include <string.h>

#include "harness.h"
#include "model_fixture.h"
#include "model/model.h"

TEST(minimal_report)
{
	diag_list d;
	arena a;
	model_doc *doc = build_lang("document: {title: T}\n"
	                       "content:\n"
	                       "  - heading: Hello\n"
	                       "    level: 2\n"
	                       "  - paragraph: Some **bold** and *it*.\n"
	                       "  - page-break\n"
	                       "  - spacer: 1in\n",
	                       NULL, &d, &a);
	CHECK(doc != NULL);
	CHECK(d.count == 0);
	if (doc) {
		CHECK_STR(doc->title, "T");
		CHECK_STR(doc->lang, "en");
		CHECK(doc->blocks.count == 4);
		CHECK(doc->blocks.items[0].kind == MODEL_HEADING);
		CHECK(doc->blocks.items[0].u.heading.level == 2);
		const model_text *t = &doc->blocks.items[1].u.paragraph.text;
		CHECK(t->nruns == 5);
		if (t->nruns == 5) {
			CHECK(t->runs[1].style == MODEL_BOLD);
			CHECK(t->runs[1].len == 4 && !memcmp(t->runs[1].text, "bold", 4));
			CHECK(t->runs[3].style == MODEL_ITALIC);
			/* "Some " starts at column 16 of line 5. */
			CHECK(t->runs[1].pos.line == 5);
			CHECK(t->runs[1].pos.col == 23);
		}
		CHECK(doc->blocks.items[2].kind == MODEL_PAGE_BREAK);
		CHECK_NEAR(doc->blocks.items[3].u.spacer.height, 72.0, 1e-9);
	}
	done(doc, &d, &a);
}

TEST(collects_all_errors)
{
	diag_list d;
	arena a;
	model_doc *doc = build_lang("document:\n"
	                       "  titel: T\n"
	                       "theme:\n"
	                       "  colours: {primary: \"#12345\"}\n"
	                       "  page: {size: A6}\n"
	                       "content:\n"
	                       "  - paragrph: x\n"
	                       "  - spacer: 12\n"
	                       "  - heading: H\n"
	                       "    level: 7\n",
	                       NULL, &d, &a);
	CHECK(doc == NULL);
	/* titel (unknown; not also "title missing"), colour, enum, block,
	 * unit, level */
	CHECK(d.errors == 6);
	CHECK(d.items[0].code == DIAG_UNKNOWN_KEY);
	CHECK(d.items[0].pos.line == 2 && d.items[0].pos.col == 3);
	CHECK_STR(d.items[0].note, "did you mean 'title'?");
	for (size_t i = 0; i < d.count; i++)
		CHECK(d.items[i].code != DIAG_MISSING_KEY);
	int colour = 0, en = 0, block = 0, unit = 0, range = 0;
	for (size_t i = 0; i < d.count; i++) {
		const diag *x = &d.items[i];
		if (x->code == DIAG_COLOUR && x->pos.line == 4 && x->pos.col == 22)
			colour = 1;
		if (x->code == DIAG_ENUM && strstr(x->message, "'A4'"))
			en = 1;
		if (x->code == DIAG_UNKNOWN_KEY && x->pos.line == 7 &&
		    strcmp(x->note, "did you mean 'paragraph'?") == 0)
			block = 1;
		if (x->code == DIAG_LENGTH && x->pos.line == 8 && x->pos.col == 13)
			unit = 1;
		if (x->code == DIAG_VALUE && x->pos.line == 10)
			range = 1;
	}
	CHECK(colour && en && block && unit && range);
	done(doc, &d, &a);
}

TEST(wrong_types)
{
	diag_list d;
	arena a;
	model_doc *doc = build_lang("document: {title: T}\ncontent: hello\n", NULL,
	                       &d, &a);
	CHECK(doc == NULL);
	CHECK(d.errors == 1);
	CHECK_STR(d.items[0].message, "expected a list of blocks, got a string");
	CHECK(d.items[0].pos.line == 2 && d.items[0].pos.col == 10);
	done(doc, &d, &a);
}

TEST(colour_after_hash_comment)
{
	diag_list d;
	arena a;
	model_doc *doc = build_lang("document: {title: T}\n"
	                       "theme:\n  colours:\n    text: #123456\n"
	                       "content: []\n", NULL, &d, &a);
	CHECK(doc == NULL);
	CHECK(d.errors == 1);
	CHECK(d.items[0].code == DIAG_COLOUR);
	CHECK(d.items[0].note && strstr(d.items[0].note, "starts a comment"));
	done(doc, &d, &a);
}

TEST(languages)
{
	diag_list d;
	arena a;
	const char *y = "document: {title: {en: About, ru: О центре}}\n"
	                "content:\n"
	                "  - paragraph: {en: Hello, ru: Привет}\n"
	                "  - paragraph: {en: Only English}\n";
	model_doc *doc = build_lang(y, "ru", &d, &a);
	CHECK(doc != NULL);
	if (doc) {
		CHECK_STR(doc->title, "О центре");
		CHECK_STR(doc->lang, "ru");
		CHECK(d.warnings == 1);
		CHECK(d.items[0].code == DIAG_LANG && d.items[0].pos.line == 4);
	}
	done(doc, &d, &a);

	/* --strict makes the missing translation an error. */
	node *root = NULL;
	diag_init(&d);
	d.strict = 1;
	arena_init(&a);
	load_buffer(&root, &a, "t.yaml", y, strlen(y), NULL, &d);
	model_options o = {"ru", NULL, NULL};
	doc = NULL;
	CHECK(model_build(&doc, root, &o, &d) == -1);
	CHECK(d.errors == 1);
	done(doc, &d, &a);
}

TEST(markup_errors_point_inside_the_string)
{
	diag_list d;
	arena a;
	model_doc *doc = build_lang("document: {title: T}\n"
	                       "content:\n"
	                       "  - paragraph: Start **never closed\n"
	                       "  - paragraph: Go [there](javascript:alert)\n"
	                       "  - paragraph: 5 * 3 is fine, as is a*b*c\n"
	                       "  - paragraph: '**bold**, *it*. and (*x*)'\n",
	                       NULL, &d, &a);
	CHECK(doc == NULL);
	CHECK(d.errors == 2);
	CHECK(d.items[0].code == DIAG_MARKUP);
	CHECK(d.items[0].pos.line == 3 && d.items[0].pos.col == 22);
	CHECK(d.items[1].code == DIAG_LINK);
	CHECK(d.items[1].pos.line == 4 && d.items[1].pos.col == 27);
	done(doc, &d, &a);
}

TEST(link_targets)
{
	diag_list d;
	arena a;
	model_doc *doc = build_lang("document: {title: T}\n"
	                       "content:\n"
	                       "  - paragraph: '[a](HTTPS://carecnet.org) "
	                       "[b](https://en.wikipedia.org/wiki/Aral_(sea)) "
	                       "[c](JavaScript:void(0))'\n",
	                       NULL, &d, &a);
	CHECK(doc == NULL);
	CHECK(d.errors == 1);
	CHECK(d.items[0].code == DIAG_LINK);
	CHECK(strstr(d.items[0].message, "'JavaScript:void(0)'") != NULL);
	done(doc, &d, &a);
	doc = build_lang("document: {title: T}\n"
	            "content:\n"
	            "  - paragraph: '[b](https://e.org/Aral_(sea)) after'\n",
	            NULL, &d, &a);
	CHECK(doc != NULL);
	if (doc) {
		const model_text *t = &doc->blocks.items[0].u.paragraph.text;
		CHECK(t->nruns == 2);
		CHECK_STR(t->runs[0].href, "https://e.org/Aral_(sea)");
		CHECK(t->runs[1].len == 6 && !memcmp(t->runs[1].text, " after", 6));
	}
	done(doc, &d, &a);
}

TEST(nested_lists)
{
	diag_list d;
	arena a;
	model_doc *doc = build_lang("document: {title: T}\n"
	                       "content:\n"
	                       "  - list:\n"
	                       "      - one\n"
	                       "      - item: two\n"
	                       "        style: numbered\n"
	                       "        list: [a, b]\n"
	                       "    style: numbered\n"
	                       "    start: 3\n",
	                       NULL, &d, &a);
	CHECK(doc != NULL);
	if (doc) {
		const model_list *l = &doc->blocks.items[0].u.list;
		CHECK(l->numbered == 1 && l->start == 3 && l->count == 2);
		CHECK(l->items[1].sub && l->items[1].sub->count == 2);
		CHECK(l->items[1].sub->numbered == 1);
	}
	done(doc, &d, &a);
}

/* The text of a one-paragraph report's first paragraph, in lang. */
static char *
para_text(const char *para, const char *lang)
{
	static char out[512];
	char yaml[512];
	snprintf(yaml, sizeof(yaml),
	         "document: {title: T}\ncontent:\n  - paragraph: '%s'\n", para);
	diag_list d;
	arena a;
	model_doc *doc = build_lang(yaml, lang, &d, &a);
	out[0] = '\0';
	if (doc) {
		const model_text *t = &doc->blocks.items[0].u.paragraph.text;
		for (size_t i = 0; i < t->nruns; i++)
			strncat(out, t->runs[i].text, t->runs[i].len);
	}
	done(doc, &d, &a);
	return out;
}

TEST(typography)
{
	CHECK_STR(para_text("He said \"yes\" -- in 2001---2016.", "en"),
	          "He said \u201Cyes\u201D \u2013 in 2001\u20142016.");
	CHECK_STR(para_text("Он сказал \"да\".", "ru"),
	          "Он сказал \u00ABда\u00BB.");
	CHECK_STR(para_text("CAREC''s \"work\"", "en"),
	          "CAREC\u2019s \u201Cwork\u201D");
	CHECK_STR(para_text("O''zbekiston, ma''no", "uz"),
	          "O\u02BBzbekiston, ma\u02BCno");
	CHECK_STR(para_text("**1998**\u00A0\u2013 and \u00AB*x*\u00BB", "ru"),
	          "1998\u00A0\u2013 and \u00ABx\u00BB");
	CHECK_STR(para_text("5\\ km and \\-- and \\\"", "en"),
	          "5\u00A0km and -- and \"");
}

/* The theme's hyphenation and word spacing: every report has the
 * defaults; a theme changes a side of a language, adds a script's own
 * entry (its other side from the language's) and the widest gap. */
static int
hyph_entry(const model_typeset *t, const char *tag, int *before, int *after)
{
	for (size_t i = 0; i < t->nhyph; i++)
		if (strcmp(t->hyph_lang[i], tag) == 0) {
			*before = t->hyph_before[i];
			*after = t->hyph_after[i];
			return 1;
		}
	return 0;
}

TEST(theme_typesetting)
{
	diag_list d;
	arena a;
	int b = 0, f = 0;
	model_doc *doc = build_lang("document: {title: T}\n"
	                            "content:\n  - paragraph: x\n",
	                            NULL, &d, &a);
	CHECK(doc != NULL);
	if (doc) {
		const model_typeset *t = &doc->theme.typeset;
		CHECK(hyph_entry(t, "ru", &b, &f) && b == 3 && f == 3);
		CHECK(hyph_entry(t, "en", &b, &f) && b == 2 && f == 3);
		CHECK(hyph_entry(t, "kk", &b, &f) && b == 3 && f == 3);
		CHECK(hyph_entry(t, "uz-Cyrl", &b, &f) && b == 3 && f == 3);
		CHECK_NEAR(t->max_space, 2.5, 1e-9);
	}
	done(doc, &d, &a);
	doc = build_lang("document: {title: T}\n"
	                 "theme:\n"
	                 "  hyphenation:\n"
	                 "    ru: {after: 2}\n"
	                 "    uz-Latn: {after: 4}\n"
	                 "    ky-Cyrl: {before: 4}\n"
	                 "  word-spacing: {max: 1.5}\n"
	                 "content:\n  - paragraph: x\n",
	                 NULL, &d, &a);
	CHECK(doc != NULL);
	CHECK(d.count == 0);
	if (doc) {
		const model_typeset *t = &doc->theme.typeset;
		CHECK(hyph_entry(t, "ru", &b, &f) && b == 3 && f == 2);
		CHECK(hyph_entry(t, "uz-Latn", &b, &f) && b == 2 && f == 4);
		CHECK(hyph_entry(t, "ky-Cyrl", &b, &f) && b == 4 && f == 3);
		CHECK(hyph_entry(t, "uz", &b, &f) && b == 2 && f == 3);
		CHECK_NEAR(t->max_space, 1.5, 1e-9);
	}
	done(doc, &d, &a);
}

int
main(void)
{
	RUN(minimal_report);
	RUN(collects_all_errors);
	RUN(wrong_types);
	RUN(colour_after_hash_comment);
	RUN(languages);
	RUN(markup_errors_point_inside_the_string);
	RUN(nested_lists);
	RUN(link_targets);
	RUN(typography);
	RUN(theme_typesetting);
	return harness_done();
}
