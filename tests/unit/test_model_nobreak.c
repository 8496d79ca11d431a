/* test_model_nobreak.c - the theme's 'no-break:' section
 * (src/model/theme_nobreak.c): every rule on by default, turned off all
 * at once or one by one, and the short words of the language shown. */
#include "harness.h"
#include "model_fixture.h"
#include "text/text.h"

/* The layout hands the theme's bits to the text engine as they are. */
#define SAME(rule)                                                             \
	_Static_assert((int)MODEL_NOBREAK_##rule == TEXT_NOBREAK_##rule, #rule)
SAME(ONE_LETTER);
SAME(SHORT_WORDS);
SAME(NUMBERS);
SAME(ROMAN);
SAME(DASH);
SAME(ABBREV);

#define DOC "document: {title: T, language: en}\ncontent: [{paragraph: x}]\n"

TEST(defaults_on)
{
	diag_list d;
	arena a;
	model_doc *doc = build(DOC, &d, &a);
	CHECK(doc != NULL);
	if (doc) {
		CHECK(doc->theme.nobreak_off == 0);
		CHECK(doc->theme.nobreak_words == NULL);
	}
	done(doc, &d, &a);
}

TEST(all_off_and_on)
{
	diag_list d;
	arena a;
	model_doc *doc = build(DOC "theme: {no-break: false}\n", &d, &a);
	/* Every rule off, those to come too. */
	CHECK(doc && doc->theme.nobreak_off == ~0u);
	done(doc, &d, &a);
	doc = build(DOC "theme: {no-break: yes}\n", &d, &a);
	CHECK(doc && doc->theme.nobreak_off == 0);
	done(doc, &d, &a);
}

TEST(one_by_one)
{
	diag_list d;
	arena a;
	model_doc *doc = build(DOC "theme:\n  no-break:\n    numbers: false\n"
	                           "    dashes: off\n    roman-numerals: true\n"
	                           "    short-words: false\n",
	                       &d, &a);
	CHECK(doc != NULL);
	if (doc)
		CHECK(doc->theme.nobreak_off ==
		      (unsigned)(MODEL_NOBREAK_NUMBERS | MODEL_NOBREAK_DASH |
		                 MODEL_NOBREAK_SHORT_WORDS));
	done(doc, &d, &a);
	doc = build(DOC "theme:\n  no-break:\n    one-letter-words: no\n"
	                "    abbreviations: false\n    short-words: true\n",
	            &d, &a);
	CHECK(doc &&
	      doc->theme.nobreak_off == (unsigned)(MODEL_NOBREAK_ONE_LETTER |
	                                           MODEL_NOBREAK_ABBREV));
	done(doc, &d, &a);
}

/* The list of the language shown is kept; a string of words counts as
 * its words. */
TEST(short_words_of_the_language_shown)
{
	static const char y[] =
	        "document: {title: T, language: ru}\ncontent: [{paragraph: "
	        "x}]\n"
	        "theme:\n  no-break:\n    short-words:\n"
	        "      ru: [на, из-за, \"по  за\"]\n      kk: [және]\n";
	diag_list d;
	arena a;
	model_doc *doc = build(y, &d, &a);
	CHECK(doc != NULL);
	if (doc)
		CHECK_STR(doc->theme.nobreak_words, "на из-за по за");
	done(doc, &d, &a);
	doc = build_lang(y, "kk", &d, &a);
	CHECK(doc != NULL);
	if (doc)
		CHECK_STR(doc->theme.nobreak_words, "және");
	done(doc, &d, &a);
	doc = build_lang(y, "en", &d, &a);
	CHECK(doc && doc->theme.nobreak_words == NULL);
	done(doc, &d, &a);
}

/* A bad value is an error, and the model is not built. */
TEST(bad_values)
{
	static const char *const bad[] = {
	        DOC "theme: {no-break: [numbers]}\n",
	        DOC "theme: {no-break: {numbers: maybe}}\n",
	        DOC "theme: {no-break: {short-words: maybe}}\n",
	        DOC "theme: {no-break: {short-words: [на]}}\n",
	        DOC "theme: {no-break: {short-words: {en: [{a: b}]}}}\n",
	        DOC "theme: {no-break: {short-words: {xx: [a]}}}\n",
	        DOC "theme: {no-break: {short-words: {en: [a1]}}}\n",
	        DOC "theme: {no-break: {short-words: {en: [-a]}}}\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		diag_list d;
		arena a;
		model_doc *doc = build(bad[i], &d, &a);
		CHECK(doc == NULL);
		CHECK(d.errors > 0);
		done(doc, &d, &a);
	}
}

int
main(void)
{
	RUN(defaults_on);
	RUN(all_off_and_on);
	RUN(one_by_one);
	RUN(short_words_of_the_language_shown);
	RUN(bad_values);
	return harness_done();
}
