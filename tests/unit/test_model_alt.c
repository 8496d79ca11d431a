/* test_model_alt.c - alternative text (model_block_alt: as written, made
 * from a chart's data, a QR code's text, the tiles, the logo; decoration)
 * and language spans in inline text ([text]{lang=kk}). */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "model/model.h"
#include "model_fixture.h"

/* The diagnostic whose message contains part, or NULL. */
static const diag *
find(const diag_list *d, const char *part)
{
	for (size_t i = 0; i < d->count; i++)
		if (strstr(d->items[i].message, part))
			return &d->items[i];
	return NULL;
}

/* Nonzero if a diagnostic containing part is at line:col. */
static int
at(const diag_list *d, const char *part, int line, int col)
{
	const diag *g = find(d, part);
	if (g && (g->pos.line != line || g->pos.col != col))
		fprintf(stderr, "'%s' at %d:%d\n", part, g->pos.line,
		        g->pos.col);
	return g && g->pos.line == line && g->pos.col == col;
}

/* The alternative text of block i (NULL when it takes none). */
static const char *
alt_of(const model_doc *doc, size_t i, arena *mem, model_alt *out)
{
	if (model_block_alt(doc, &doc->blocks.items[i], mem, out) != 0)
		return NULL;
	return out->text;
}

static const char chart_yaml[] =
        "document: {title: T, languages: [en, ru], author: {en: CAREC, ru: "
        "РЭЦЦА}}\n"
        "content:\n"
        "  - chart: bar\n"
        "    title: {en: Projects, ru: Проекты}\n"
        "    categories: [2021, 2022]\n"
        "    series:\n"
        "      - name: {en: Water, ru: Вода}\n"
        "        values: [4, 7.5]\n"
        "      - name: {en: Air, ru: Воздух}\n"
        "        values: [-1, 2]\n"
        "    illustrative: true\n"
        "  - chart: pie\n"
        "    categories: [a, b]\n"
        "    series: [{values: [1, 3]}]\n"
        "  - qr: https://carecnet.org\n"
        "  - figures:\n"
        "      - {value: '2001', label: {en: Year founded, ru: Год "
        "основания}}\n"
        "      - {value: '5', label: {en: '**Countries**', ru: Стран}}\n"
        "  - logo\n"
        "  - paragraph: text\n";

TEST(chart_made_from_data_en)
{
	diag_list d;
	arena a;
	model_alt alt;
	model_doc *doc = build_lang(chart_yaml, "en", &d, &a);
	CHECK(doc != NULL);
	if (!doc) {
		done(doc, &d, &a);
		return;
	}
	CHECK_STR(alt_of(doc, 0, &a, &alt),
	          "Bar chart: Projects. Water: 2021 4.0, 2022 7.5; Air: 2021 "
	          "-1.0, 2022 2.0. Illustrative data.");
	CHECK(alt.generated == 1);
	CHECK(alt.decorative == 0);
	CHECK(alt.lang == NULL);
	/* No title, one series without a name, whole numbers. */
	CHECK_STR(alt_of(doc, 1, &a, &alt), "Pie chart. a 1, b 3.");
	CHECK_STR(alt_of(doc, 2, &a, &alt), "QR code: https://carecnet.org");
	CHECK_STR(alt_of(doc, 3, &a, &alt), "2001 Year founded; 5 Countries.");
	CHECK_STR(alt_of(doc, 4, &a, &alt), "CAREC logo");
	CHECK(alt_of(doc, 5, &a, &alt) == NULL);
	CHECK(alt.text == NULL);
	done(doc, &d, &a);
}

TEST(chart_made_from_data_ru)
{
	diag_list d;
	arena a;
	model_alt alt;
	model_doc *doc = build_lang(chart_yaml, "ru", &d, &a);
	CHECK(doc != NULL);
	if (!doc) {
		done(doc, &d, &a);
		return;
	}
	CHECK_STR(alt_of(doc, 0, &a, &alt),
	          "Столбчатая диаграмма: Проекты. Вода: 2021 4,0, 2022 7,5; "
	          "Воздух: 2021 -1,0, 2022 2,0. Иллюстративные данные.");
	CHECK(alt.lang == NULL);
	CHECK_STR(alt_of(doc, 1, &a, &alt), "Круговая диаграмма. a 1, b 3.");
	CHECK_STR(alt_of(doc, 2, &a, &alt), "QR-код: https://carecnet.org");
	CHECK_STR(alt_of(doc, 3, &a, &alt), "2001 Год основания; 5 Стран.");
	CHECK_STR(alt_of(doc, 4, &a, &alt), "Логотип: РЭЦЦА");
	done(doc, &d, &a);
}

/* A language with no words of ours: English ones, said to be English. */
TEST(other_language_words_in_english)
{
	diag_list d;
	arena a;
	model_alt alt;
	model_doc *doc = build("document: {title: T, language: kk}\n"
	                       "content:\n"
	                       "  - qr: https://carecnet.org\n"
	                       "  - logo\n",
	                       &d, &a);
	CHECK(doc != NULL);
	if (doc) {
		CHECK_STR(alt_of(doc, 0, &a, &alt),
		          "QR code: https://carecnet.org");
		CHECK_STR(alt.lang, "en");
		CHECK_STR(alt_of(doc, 1, &a, &alt), "Logo");
		CHECK_STR(alt.lang, "en");
	}
	done(doc, &d, &a);
}

TEST(written_decorative_and_missing)
{
	diag_list d;
	arena a;
	model_alt alt;
	model_doc *doc = build_lang(
	        "document: {title: T, languages: [en, ru]}\n"
	        "content:\n"
	        "  - image: a.png\n"
	        "    alt: {en: A field station, ru: Полевая станция}\n"
	        "  - svg: b.svg\n"
	        "    alt: ''\n"
	        "  - image: c.png\n"
	        "    caption: The *station*\n"
	        "  - svg: d.svg\n"
	        "  - qr: https://carecnet.org\n"
	        "    alt: {en: Our web site}\n"
	        "  - chart: line\n"
	        "    categories: [a]\n"
	        "    series: [{values: [1]}]\n"
	        "    alt: \"\"\n",
	        "ru", &d, &a);
	CHECK(doc != NULL);
	if (!doc) {
		done(doc, &d, &a);
		return;
	}
	CHECK_STR(alt_of(doc, 0, &a, &alt), "Полевая станция");
	CHECK(alt.generated == 0 && alt.decorative == 0 && alt.lang == NULL);
	CHECK_STR(alt_of(doc, 1, &a, &alt), "");
	CHECK(alt.decorative == 1);
	/* No alt: warned, and the caption stands in. */
	CHECK(at(&d, "this image has no 'alt' text", 7, 5));
	CHECK(at(&d, "this drawing has no 'alt' text", 9, 5));
	CHECK_STR(alt_of(doc, 2, &a, &alt), "The station");
	CHECK(alt.generated == 1 && alt.decorative == 0);
	CHECK_STR(alt_of(doc, 3, &a, &alt), "Рисунок");
	/* A fallback: the English text, said to be English. */
	CHECK_STR(alt_of(doc, 4, &a, &alt), "Our web site");
	CHECK_STR(alt.lang, "en");
	CHECK(find(&d, "no 'ru' translation here") != NULL);
	CHECK_STR(alt_of(doc, 5, &a, &alt), "");
	CHECK(alt.decorative == 1);
	CHECK(d.warnings == 3);
	CHECK(d.errors == 0);
	done(doc, &d, &a);
}

/* A title that ends a sentence, and a value that rounds to zero: "0.00",
 * not "-0.00". */
TEST(chart_title_sentence_and_zero)
{
	diag_list d;
	arena a;
	model_alt alt;
	model_doc *doc =
	        build("document: {title: T}\n"
	              "content:\n"
	              "  - chart: line\n"
	              "    title: Growth.\n"
	              "    categories: [2021, 2022]\n"
	              "    series: [{name: Total, values: [-0.001, 2]}]\n",
	              &d, &a);
	CHECK(doc != NULL);
	if (doc)
		CHECK_STR(alt_of(doc, 0, &a, &alt),
		          "Line chart: Growth. Total: 2021 0.00, 2022 2.00.");
	done(doc, &d, &a);
}

TEST(alt_errors)
{
	diag_list d;
	arena a;
	model_doc *doc = build("document: {title: T}\n"
	                       "content:\n"
	                       "  - image: a.png\n"
	                       "    alt: [one, two]\n"
	                       "  - qr: x\n"
	                       "    alt:\n",
	                       &d, &a);
	CHECK(doc == NULL);
	CHECK(at(&d, "expected text, got a list", 4, 10));
	CHECK(at(&d, "'alt' is empty", 6, 9));
	/* A bad alt is not also a missing one. */
	CHECK(find(&d, "has no 'alt' text") == NULL);
	done(doc, &d, &a);
}

/* The runs of the first paragraph. */
static const model_text *
para(const model_doc *doc, size_t i)
{
	return &doc->blocks.items[i].u.paragraph.text;
}

static int
run_is(const model_text *t, size_t i, const char *text, unsigned style,
       const char *lang, const char *href)
{
	if (i >= t->nruns)
		return 0;
	const model_inline *r = &t->runs[i];
	int ok = r->len == strlen(text) && memcmp(r->text, text, r->len) == 0 &&
	         r->style == style &&
	         ((!lang && !r->lang) ||
	          (lang && r->lang && strcmp(lang, r->lang) == 0)) &&
	         ((!href && !r->href) ||
	          (href && r->href && strcmp(href, r->href) == 0));
	if (!ok)
		fprintf(stderr, "run %zu: '%.*s' style %u lang %s href %s\n", i,
		        (int)r->len, r->text, r->style, r->lang ? r->lang : "-",
		        r->href ? r->href : "-");
	return ok;
}

TEST(spans)
{
	diag_list d;
	arena a;
	model_doc *doc = build(
	        "document: {title: T}\n"
	        "content:\n"
	        "  - paragraph: Kazakhstan ([Қазақстан]{lang=kk}) and more\n"
	        "  - paragraph: '**[Oʻzbekiston]{lang=UZ-latn}** [*a* "
	        "[b]{lang=ru}]{lang=tg}'\n"
	        "  - paragraph: '[[Алматы]{lang=kk}](https://a.org) [[x](#h) "
	        "y]{lang=ky}'\n"
	        "  - paragraph: '\\[not]{lang=kk} [a]{x} [b] {lang=kk} [c]{ "
	        "lang = tk-TM }'\n"
	        "  - paragraph: '[English]{lang=en}'\n"
	        "  - heading: H\n"
	        "    id: h\n",
	        &d, &a);
	CHECK(doc != NULL);
	CHECK(d.errors == 0);
	if (!doc) {
		done(doc, &d, &a);
		return;
	}
	const model_text *t = para(doc, 0);
	CHECK(t->nruns == 3);
	CHECK(run_is(t, 0, "Kazakhstan (", 0, NULL, NULL));
	CHECK(run_is(t, 1, "Қазақстан", 0, "kk", NULL));
	CHECK(run_is(t, 2, ") and more", 0, NULL, NULL));
	/* The column of the span's text: after the bracket. */
	CHECK(t->runs[1].pos.line == 3 && t->runs[1].pos.col == 29);

	t = para(doc, 1);
	CHECK(t->nruns == 5);
	CHECK(run_is(t, 0, "Oʻzbekiston", MODEL_BOLD, "uz-Latn", NULL));
	CHECK(run_is(t, 1, " ", 0, NULL, NULL));
	CHECK(run_is(t, 2, "a", MODEL_ITALIC, "tg", NULL));
	CHECK(run_is(t, 3, " ", 0, "tg", NULL));
	CHECK(run_is(t, 4, "b", 0, "ru", NULL));

	t = para(doc, 2);
	CHECK(run_is(t, 0, "Алматы", 0, "kk", "https://a.org"));
	CHECK(run_is(t, 1, " ", 0, NULL, NULL));
	CHECK(run_is(t, 2, "x", 0, "ky", "#h"));
	CHECK(run_is(t, 3, " y", 0, "ky", NULL));

	/* An escaped bracket, braces without '=', a space before the
	 * braces: plain text. Spaces inside the braces are fine. */
	t = para(doc, 3);
	CHECK(run_is(t, 0, "[not]{lang=kk} [a]{x} [b] {lang=kk} ", 0, NULL,
	             NULL));
	CHECK(run_is(t, 1, "c", 0, "tk-TM", NULL));

	/* The document's own language needs no tag. */
	CHECK(run_is(para(doc, 4), 0, "English", 0, NULL, NULL));
	done(doc, &d, &a);
}

TEST(nested_span_runs)
{
	diag_list d;
	arena a;
	model_doc *doc = build("document: {title: T}\n"
	                       "content:\n"
	                       "  - paragraph: '[a [b]{lang=ru} c]{lang=tg}'\n",
	                       &d, &a);
	CHECK(doc != NULL);
	if (doc) {
		const model_text *t = para(doc, 0);
		CHECK(t->nruns == 3);
		CHECK(run_is(t, 0, "a ", 0, "tg", NULL));
		CHECK(run_is(t, 1, "b", 0, "ru", NULL));
		CHECK(run_is(t, 2, " c", 0, "tg", NULL));
	}
	done(doc, &d, &a);
}

TEST(span_errors)
{
	diag_list d;
	arena a;
	model_doc *doc = build("document: {title: T}\n"
	                       "content:\n"
	                       "  - paragraph: 'A [b]{lang=kaz1} c'\n"
	                       "  - paragraph: 'A [b]{class=x}'\n"
	                       "  - paragraph: 'A [b]{lang=}'\n"
	                       "  - paragraph: 'A [b]{lang=kk'\n"
	                       "  - paragraph: '[b]{lang=kk-Cyrl-KZ-x}'\n",
	                       &d, &a);
	CHECK(doc == NULL);
	CHECK(at(&d, "'kaz1' is not a language tag", 3, 28));
	CHECK(at(&d, "a span takes only 'lang=', not 'class='", 4, 23));
	CHECK(at(&d, "the span's language is empty", 5, 28));
	CHECK(at(&d, "the language span's '{' is never closed", 6, 22));
	CHECK(at(&d, "'kk-Cyrl-KZ-x' is not a language tag", 7, 26));
	CHECK(d.errors == 5);
	done(doc, &d, &a);
}

TEST(tag_shapes)
{
	static const char *const good[] = {"kk",    "uzb",    "uz-Latn",
	                                   "en-GB", "es-419", "sr-Cyrl-RS",
	                                   "KK",    NULL};
	static const char *const bad[] = {
	        "",     "k",          "kaze",  "kk-", "-kk",    "kk-Cyr",
	        "kk-G", "kk-GB-Latn", "kk-12", "k1",  "kk--GB", NULL};
	for (size_t i = 0; good[i]; i++)
		CHECK(model_lang_tag_valid(good[i], strlen(good[i])));
	for (size_t i = 0; bad[i]; i++)
		if (model_lang_tag_valid(bad[i], strlen(bad[i])))
			CHECK(!bad[i]);
}

/* A language map's fallback: its runs say which language they are in. */
TEST(fallback_text_language)
{
	diag_list d;
	arena a;
	model_doc *doc =
	        build_lang("document: {title: T, languages: [en, ru]}\n"
	                   "content:\n"
	                   "  - paragraph: {en: 'In **English** "
	                   "[Алматы]{lang=kk} [Москва]{lang=ru}'}\n"
	                   "  - paragraph: {en: One, ru: Один}\n",
	                   "ru", &d, &a);
	CHECK(doc != NULL);
	if (doc) {
		const model_text *t = para(doc, 0);
		CHECK(run_is(t, 0, "In ", 0, "en", NULL));
		CHECK(run_is(t, 1, "English", MODEL_BOLD, "en", NULL));
		CHECK(run_is(t, 2, " ", 0, "en", NULL));
		CHECK(run_is(t, 3, "Алматы", 0, "kk", NULL));
		CHECK(run_is(t, 4, " ", 0, "en", NULL));
		/* In the shown language: no tag. */
		CHECK(run_is(t, 5, "Москва", 0, NULL, NULL));
		CHECK(run_is(para(doc, 1), 0, "Один", 0, NULL, NULL));
	}
	done(doc, &d, &a);
}

int
main(void)
{
	RUN(chart_made_from_data_en);
	RUN(chart_made_from_data_ru);
	RUN(other_language_words_in_english);
	RUN(written_decorative_and_missing);
	RUN(chart_title_sentence_and_zero);
	RUN(alt_errors);
	RUN(spans);
	RUN(nested_span_runs);
	RUN(span_errors);
	RUN(tag_shapes);
	RUN(fallback_text_language);
	return harness_done();
}
