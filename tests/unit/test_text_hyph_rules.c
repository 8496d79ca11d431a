/* test_text_hyph_rules.c - the typesetting rules of the paragraph engine
 * (issue 16): at most two hyphenated lines in a row, no paragraph ending
 * with a word's tail, the fewest letters on each side of a hyphen per
 * language, compounds with a hyphen or a digit, and bounded word gaps. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "text_fixture.h"
#include "text/break.h"
#include "text/text.h"
#include "util/mem.h"
#include "util/utf8.h"

static text_stack regular;

static void
setup(void)
{
	fixture_begin();
	fixture_face(&regular, "fonts/NotoSans-Regular.ttf");
}

static text_span
span(const char *s, double size)
{
	text_span sp;
	memset(&sp, 0, sizeof(sp));
	sp.utf8 = s;
	sp.len = strlen(s);
	sp.style.stack = &regular;
	sp.style.size = size;
	sp.style.link = -1;
	sp.pos.file = "test.yaml";
	sp.pos.line = 1;
	sp.pos.col = 1;
	return sp;
}

static text_para_opts
opts(double measure, text_align align, const char *lang)
{
	text_para_opts o;
	memset(&o, 0, sizeof(o));
	o.measure = measure;
	o.align = align;
	o.lang = lang;
	o.hyphenate = 1;
	return o;
}

/* The text with '-' at each hyphenation point and '|' at each other
 * break inside a word (text_break_points), in a static buffer. */
static const char *
points_with(const char *text, const text_para_opts *o)
{
	static char out[1024];
	text_span sp = span(text, 10);
	buf b;
	buf_init(&b);
	CHECK(text_break_points(&sp, 1, o, &b, &diags) == 0);
	snprintf(out, sizeof(out), "%s", b.data ? b.data : "");
	buf_free(&b);
	return out;
}

static const char *
points(const char *text, const char *lang)
{
	text_para_opts o = opts(1000, TEXT_ALIGN_LEFT, lang);
	return points_with(text, &o);
}

/* Does the line end with a hyphen, inserted or written? */
static int
ends_hyphen(const text_line *ln)
{
	if (ln->hyphenated)
		return 1;
	if (ln->nruns == 0)
		return 0;
	const text_run *r = &ln->runs[ln->nruns - 1];
	uint32_t cp = r->nglyphs ? r->glyphs[r->nglyphs - 1].cp : 0;
	return cp == '-' || cp == 0x2010 || cp == 0x2013;
}

/* The longest run of lines ending in a hyphen. */
static size_t
longest_run(const text_para *p)
{
	size_t run = 0, worst = 0;
	for (size_t l = 0; l < p->nlines; l++) {
		run = ends_hyphen(&p->lines[l]) ? run + 1 : 0;
		worst = run > worst ? run : worst;
	}
	return worst;
}

/* The gaps between the words of line l: smallest and widest. */
static void
gaps(const text_line *ln, double *lo, double *hi)
{
	for (size_t r = 0; r < ln->nruns; r++)
		for (size_t g = 0; g < ln->runs[r].nglyphs; g++) {
			if (ln->runs[r].glyphs[g].cp != ' ')
				continue;
			const text_glyph *n = NULL;
			if (g + 1 < ln->runs[r].nglyphs)
				n = &ln->runs[r].glyphs[g + 1];
			else if (r + 1 < ln->nruns && ln->runs[r + 1].nglyphs)
				n = &ln->runs[r + 1].glyphs[0];
			if (!n)
				continue;
			double w = n->x - ln->runs[r].glyphs[g].x;
			*lo = w < *lo ? w : *lo;
			*hi = w > *hi ? w : *hi;
		}
}

/* From the brochure's Russian inside panel, where the lines of a 75 mm
 * panel ended in seven hyphens in a row. */
static const char *const ru_panel =
	"Правительства стран Центральной Азии рассматривают РЭЦЦА как "
	"инструмент участия в международных природоохранных процессах, "
	"расширения доступа к международному финансированию в области "
	"изменения климата и биоразнообразия и продвижения региональных "
	"моделей управления, таких как Исполнительный комитет Международного "
	"фонда спасения Арала (ИК МФСА) и Межгосударственная комиссия по "
	"устойчивому развитию (МКУР).";

static const char *const en_panel =
	"Central Asian governments consider the centre a tool to engage in "
	"international environmental processes, to widen their access to "
	"international funding for climate change and biodiversity, and to "
	"promote regional environmental management models such as the "
	"Executive Committee of the International Fund for Saving the Aral "
	"Sea and the Intergovernmental Commission on Sustainable Development.";

/* ---- hyphen runs ---- */

/* At every measure from a narrow panel to a column, justified and
 * ragged, no paragraph has three hyphenated lines in a row (the old
 * demerits for two in a row let the Russian panel have up to seven). */
TEST(no_third_hyphen_in_a_row)
{
	const char *const texts[] = {ru_panel, en_panel};
	const char *const langs[] = {"ru", "en"};
	const text_align aligns[] = {TEXT_ALIGN_LEFT, TEXT_ALIGN_JUSTIFY};
	size_t cases = 0, twos = 0;
	for (size_t t = 0; t < 2; t++)
		for (size_t ai = 0; ai < 2; ai++)
			for (double m = 110; m <= 320; m += 3) {
				arena a;
				arena_init(&a);
				text_span sp = span(texts[t], 10.5);
				text_para_opts o = opts(m, aligns[ai], langs[t]);
				text_para p;
				CHECK(text_break_paragraph(&p, &a, &sp, 1, &o,
				                           &diags) == 0);
				size_t run = longest_run(&p);
				CHECK(run <= 2);
				twos += run == 2;
				cases++;
				arena_free(&a);
			}
	printf("  %zu cases, %zu with two hyphens in a row\n", cases, twos);
	CHECK(twos > 0); /* two are still allowed */
}

/* The last line of a paragraph never starts with the tail of a word: the
 * line before it does not end in a hyphen, and the last word is never
 * hyphenated ("re-/gion." was set). (From 90 pt on: narrower, the last
 * compound does not fit a line whole and must break.) */
TEST(last_line_not_a_fragment)
{
	const char *const texts[] = {
		"Regional cooperation in energy lets countries share power "
		"surpluses, and makes room for renewable sources in the "
		"region.",
		"Совместные проекты сокращают время пересечения границ и "
		"открывают новые рынки для предприятий региона.",
		ru_panel,
		"The centre works with governmental and non-governmental",
	};
	const char *const langs[] = {"en", "ru", "ru", "en"};
	size_t cases = 0;
	for (size_t t = 0; t < sizeof(texts) / sizeof(texts[0]); t++)
		for (double m = 90; m <= 300; m += 2) {
			arena a;
			arena_init(&a);
			text_span sp = span(texts[t], 10);
			text_para_opts o = opts(m, TEXT_ALIGN_JUSTIFY, langs[t]);
			text_para p;
			CHECK(text_break_paragraph(&p, &a, &sp, 1, &o,
			                           &diags) == 0);
			if (p.nlines > 1) {
				CHECK(!ends_hyphen(&p.lines[p.nlines - 2]));
				cases++;
			}
			arena_free(&a);
		}
	CHECK(cases > 250);
	/* Its last word takes no hyphenation point at all. */
	CHECK_STR(points("in the region", "en"), "in the region");
	CHECK_STR(points("development in the region", "en"),
	          "de-vel-op-ment in the region");
	CHECK_STR(points("региона сотрудничество", "ru"),
	          "региона сотрудничество");
	CHECK_STR(points("сотрудничество региона", "ru"),
	          "сотруд-ни-че-ство региона");
}

/* ---- the fewest letters on each side ---- */

/* Russian and the Cyrillic languages: 3 before and 3 after ("меж-ду",
 * "клима-та", "ре-гион" are out; "реги-ональные" too, as Russian does
 * not part two vowels); English: 2 before, 3 after. The last word is a
 * dash, so that every word before it is hyphenated. */
TEST(fewest_letters_russian_english)
{
	CHECK_STR(points("между климата региональные сотрудничество —", "ru"),
	          "между кли-мата регио-наль-ные сотруд-ни-че-ство —");
	CHECK_STR(points("окружающей программа бедности —", "ru"),
	          "окру-жаю-щей про-грамма бед-но-сти —");
	CHECK_STR(points("development region table environmental —", "en"),
	          "de-vel-op-ment re-gion ta-ble en-vi-ron-men-tal —");
	/* A Russian word in an English text is Russian, minima included. */
	CHECK_STR(points("климата and climate —", "en"),
	          "кли-мата and cli-mate —");
}

/* Kazakh and Uzbek in Cyrillic: 3 and 3 (the syllable rule alone gives
 * бағ-дар-ла-ма-сы, ор-та-ны, мин-та-қа); Uzbek in Latin: 2 and 3. */
TEST(fewest_letters_kazakh_uzbek)
{
	CHECK_STR(points("бағдарламасы ортаны қоршаған —", "kk"),
	          "бағ-дар-ла-масы ортаны қор-ша-ған —");
	CHECK_STR(points("минтақа ҳамкорлик мамлакатлар —", "uz"),
	          "мин-тақа ҳам-кор-лик мам-ла-кат-лар —");
	CHECK_STR(points("mintaqa hamkorlik mamlakatlar —", "uz"),
	          "min-taqa ham-kor-lik mam-la-kat-lar —");
}

/* The theme's table: a language's own entry, its script's first. */
TEST(fewest_letters_from_table)
{
	const char *tags[] = {"ru", "uz", "uz-Cyrl"};
	const int before[] = {2, 3, 2};
	const int after[] = {2, 4, 2};
	text_para_opts o = opts(1000, TEXT_ALIGN_LEFT, "ru");
	o.hyph_lang = tags;
	o.hyph_before = before;
	o.hyph_after = after;
	o.nhyph = 3;
	CHECK_STR(points_with("между климата —", &o), "меж-ду кли-ма-та —");
	o.lang = "uz";
	CHECK_STR(points_with("минтақа mamlakatlar —", &o),
	          "мин-та-қа mam-la-katlar —");
	o.lang = "kk"; /* not in the table: 3 and 3 */
	CHECK_STR(points_with("бағдарламасы —", &o), "бағ-дар-ла-масы —");
}

/* ---- compounds ---- */

/* A word with a hyphen breaks only there; a word with a digit never
 * breaks at all; names and acronyms are not hyphenated. */
TEST(compounds_and_numbers)
{
	CHECK_STR(points("non-governmental organisations —", "en"),
	          "non-|governmental or-gan-i-sa-tions —");
	CHECK_STR(points("the 15th anniversary in the 1990s —", "en"),
	          "the 15th an-niver-sary in the 1990s —");
	CHECK_STR(points("from 2001-2016 and 2001\xe2\x80\x93" "2016 —", "en"),
	          "from 2001-2016 and 2001\xe2\x80\x93" "2016 —");
	CHECK_STR(points("к 15-летию организации —", "ru"),
	          "к 15-летию орга-ни-за-ции —");
	CHECK_STR(points("северо-западный регион —", "ru"),
	          "северо-|западный регион —");
	CHECK_STR(points("the Kazakhstan office of РЭЦЦА —", "en"),
	          "the Kazakhstan of-fice of РЭЦЦА —");
}

/* ---- word spacing ---- */

/* With max_space 2, a justified line's gaps are at most twice the space;
 * a paragraph that cannot keep to it is set ragged-right, with natural
 * spaces on every line. Without the bound the narrow measures stretch
 * their gaps past it, so the bound is what keeps them. */
TEST(word_gaps_bounded)
{
	const char *const texts[] = {ru_panel, en_panel};
	const char *const langs[] = {"ru", "en"};
	double space = text_measure(regular.fonts[0], 10, " ", 1);
	size_t ragged = 0, justified = 0, wide_unbounded = 0;
	for (size_t t = 0; t < 2; t++)
		for (double m = 100; m <= 320; m += 4) {
			for (int bound = 0; bound < 2; bound++) {
				arena a;
				arena_init(&a);
				text_span sp = span(texts[t], 10);
				text_para_opts o =
					opts(m, TEXT_ALIGN_JUSTIFY, langs[t]);
				o.max_space = bound ? 2.0 : 0;
				text_para p;
				CHECK(text_break_paragraph(&p, &a, &sp, 1, &o,
				                           &diags) == 0);
				double lo = 1e9, hi = 0;
				for (size_t l = 0; l + 1 < p.nlines; l++)
					gaps(&p.lines[l], &lo, &hi);
				if (!bound) {
					CHECK(!p.ragged);
					wide_unbounded += hi > 2 * space + 0.01;
				} else if (p.ragged) {
					CHECK_NEAR(lo, space, 0.001);
					CHECK_NEAR(hi, space, 0.001);
					ragged++;
				} else {
					CHECK(hi <= 2 * space + 0.001);
					justified++;
				}
				arena_free(&a);
			}
		}
	printf("  bounded: %zu justified, %zu ragged; unbounded: %zu with a "
	       "gap over twice the space\n", justified, ragged,
	       wide_unbounded);
	CHECK(wide_unbounded > 0);
	CHECK(ragged > 0);
	CHECK(justified > 0);
}

/* The fast first search and the full search agree with the rules in
 * force (hyphens, a spacing bound), as without them; and total fit beats
 * first fit, which knows no rules (a line it should refuse costs it
 * REFUSED_DEMERITS). */
TEST(fast_search_exact_with_rules)
{
	const char *const texts[] = {ru_panel, en_panel};
	const char *const langs[] = {"ru", "en"};
	size_t better = 0;
	for (size_t t = 0; t < 2; t++)
		for (double m = 60; m <= 400; m += 7)
			for (int bound = 0; bound < 2; bound++) {
				text_span sp = span(texts[t], 10);
				text_para_opts o =
					opts(m, TEXT_ALIGN_JUSTIFY, langs[t]);
				o.max_space = bound ? 2.0 : 0;
				double fast, full;
				size_t n1, n2;
				CHECK(text_break_demerits(&sp, 1, &o,
				                          TEXT_BREAK_TOTAL_FIT, &fast,
				                          &n1, &diags) == 0);
				CHECK(text_break_demerits(&sp, 1, &o,
				                          TEXT_BREAK_TOTAL_FIT_FULL,
				                          &full, &n2, &diags) == 0);
				CHECK(fast == full);
				CHECK(n1 == n2);
				double greedy;
				CHECK(text_break_demerits(&sp, 1, &o,
				                          TEXT_BREAK_GREEDY, &greedy,
				                          &n2, &diags) == 0);
				CHECK(fast <= greedy);
				if (fast < greedy)
					better++;
			}
	CHECK(better > 0);
}

/* When no path keeps to the rules (the last word of a narrow line does
 * not fit a line whole, so the line before must end in its hyphen),
 * the paragraph is set by first fit: ragged-right under a spacing bound,
 * justified as before without one. */
TEST(no_path_falls_back_to_first_fit)
{
	const char *t = "The centre works with governmental and "
	                "non-governmental";
	for (int bound = 0; bound < 2; bound++) {
		arena a;
		arena_init(&a);
		text_span sp = span(t, 10);
		text_para_opts o = opts(74, TEXT_ALIGN_JUSTIFY, "en");
		o.max_space = bound ? 2.0 : 0;
		text_para p;
		CHECK(text_break_paragraph(&p, &a, &sp, 1, &o, &diags) == 0);
		CHECK(p.ragged == bound);
		CHECK(p.nlines >= 3);
		for (size_t l = 0; l < p.nlines; l++)
			CHECK(p.lines[l].width <= 74 + 0.01);
		/* First fit breaks the compound at its hyphen. */
		if (p.nlines >= 2)
			CHECK(ends_hyphen(&p.lines[p.nlines - 2]));
		arena_free(&a);
	}
}

int
main(void)
{
	setup();
	RUN(no_third_hyphen_in_a_row);
	RUN(last_line_not_a_fragment);
	RUN(fewest_letters_russian_english);
	RUN(fewest_letters_kazakh_uzbek);
	RUN(fewest_letters_from_table);
	RUN(compounds_and_numbers);
	RUN(word_gaps_bounded);
	RUN(fast_search_exact_with_rules);
	RUN(no_path_falls_back_to_first_fit);
	text_fonts_free(fonts);
	diag_free(&diags);
	return harness_done();
}
