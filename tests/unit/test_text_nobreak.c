/* test_text_nobreak.c - the no-break rules (src/text/nobreak.c) on real
 * Russian, English, Kazakh and Uzbek sentences: where a line may not end,
 * the expected lines at a narrow measure, a writer's no-break space, and
 * each rule turned off. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "text_fixture.h"
#include "text/text.h"
#include "util/mem.h"
#include "util/utf8.h"

static text_stack regular;

static const char ru_text[] =
        "РЭЦЦА был создан в 2001 году по совместному решению пяти государств "
        "Центральной Азии, Европейского союза и ПРООН в соответствии с "
        "резолюцией IV Общеевропейской конференции министров окружающей "
        "среды, состоявшейся в 1998 году в Орхусе (Дания). Центр — "
        "независимая и некоммерческая организация, а его офисы работают в "
        "пяти странах и к 2016 году отметили 15 лет работы.";

static const char en_text[] =
        "The survey of June 5 found the lake level had risen for 15 years at "
        "a station 10 km from the shore; report No. 4 shows the same trend "
        "since 1998 — a steady rise of 20 cm in all.";

static const char kk_text[] =
        "Орталық Азия өңірлік экологиялық орталығы 2001 жылы құрылды және "
        "Алматы қаласында орналасқан, ал оның кеңселері бес елде жұмыс "
        "істейді.";

static const char uz_text[] =
        "Марказий Осиё минтақавий экологик маркази 2001 йилда ташкил этилган "
        "ва Алматида жойлашган, унинг идоралари беш мамлакатда ишлайди.";

static void
setup(void)
{
	fixture_begin();
	fixture_face(&regular, "fonts/NotoSans-Regular.ttf");
}

static text_para_opts
opts(double measure, const char *lang)
{
	text_para_opts o;
	memset(&o, 0, sizeof(o));
	o.measure = measure;
	o.align = TEXT_ALIGN_LEFT;
	o.lang = lang;
	return o;
}

/* The lines of s broken with o, each line's text (spaces as ' ') and a
 * '|' after each line but the last, in out. */
static size_t
break_lines(const char *s, const text_para_opts *o, buf *out)
{
	text_span sp;
	memset(&sp, 0, sizeof(sp));
	sp.utf8 = s;
	sp.len = strlen(s);
	sp.style.stack = &regular;
	sp.style.size = 10;
	sp.style.link = -1;
	arena a;
	arena_init(&a);
	text_para p;
	size_t n = 0;
	if (text_break_paragraph(&p, &a, &sp, 1, o, &diags) == 0) {
		n = p.nlines;
		for (size_t l = 0; l < p.nlines; l++) {
			const text_line *ln = &p.lines[l];
			for (size_t r = 0; r < ln->nruns; r++)
				for (size_t g = 0; g < ln->runs[r].nglyphs;
				     g++) {
					char tmp[4];
					buf_put(out, tmp,
					        utf8_encode(ln->runs[r]
					                            .glyphs[g]
					                            .cp,
					                    tmp));
				}
			if (l + 1 < p.nlines)
				buf_putc(out, '|');
		}
	}
	arena_free(&a);
	if (!out->data)
		buf_puts(out, "");
	return n;
}

/* Is w one of the words of list (separated by spaces)? */
static int
listed(const char *list, const char *w, size_t n)
{
	for (const char *s = list; *s;) {
		size_t k = strcspn(s, " ");
		if (k == n && memcmp(s, w, n) == 0)
			return 1;
		s += k;
		while (*s == ' ')
			s++;
	}
	return 0;
}

/* How many line ends of s, broken with o, leave one of the words of ends
 * last on a line or one of starts first on the next. */
static int
bad_ends(const char *s, const text_para_opts *o, const char *ends,
         const char *starts)
{
	buf b;
	buf_init(&b);
	break_lines(s, o, &b);
	int bad = 0;
	for (char *bar = strchr(b.data, '|'); bar; bar = strchr(bar + 1, '|')) {
		const char *e = bar;
		while (e > b.data && e[-1] == ' ')
			e--;
		const char *w = e;
		while (w > b.data && w[-1] != ' ' && w[-1] != '|')
			w--;
		const char *n = bar + 1;
		size_t k = strcspn(n, " |");
		if (listed(ends, w, (size_t)(e - w)) || listed(starts, n, k))
			bad++;
	}
	buf_free(&b);
	return bad;
}

/* The narrowest measure swept, points (39 mm): the widest words kept
 * together ("IV Общеевропейской", 95 pt) fit it. Below, a rule gives way
 * rather than push words past the measure. */
#define NARROW 110

static const char ru_ends[] = "в и а с к у о я по IV 2001 1998 2016 15";
static const char ru_starts[] = "—";

/* Every measure from a narrow column (25 mm) to a wide one: no line of
 * the Russian text ends with a one-letter word, a preposition, a roman
 * numeral or a number before its year word, and none starts with the
 * dash. */
TEST(russian_line_ends)
{
	int bad = 0;
	for (double m = NARROW; m <= 400; m += 1) {
		text_para_opts o = opts(m, "ru");
		bad += bad_ends(ru_text, &o, ru_ends, ru_starts);
	}
	CHECK(bad == 0);
}

/* The same text with every rule turned off does end lines so: the rules
 * are what keeps it from doing so (and the theme's switch works). */
TEST(rules_off)
{
	int bad = 0, dash = 0;
	for (double m = NARROW; m <= 400; m += 1) {
		text_para_opts o = opts(m, "ru");
		o.nobreak_off = ~0u;
		bad += bad_ends(ru_text, &o, "в и а с к", "");
		dash += bad_ends(ru_text, &o, "", ru_starts);
	}
	CHECK(bad > 10);
	CHECK(dash > 0);
}

/* One rule off leaves the others on. */
TEST(one_rule_off)
{
	int one = 0, years = 0;
	for (double m = NARROW; m <= 400; m += 1) {
		text_para_opts o = opts(m, "ru");
		o.nobreak_off = TEXT_NOBREAK_ONE_LETTER;
		one += bad_ends(ru_text, &o, "в и а с к", "");
		years += bad_ends(ru_text, &o, "2001 1998 2016 15 IV по", "—");
	}
	CHECK(one > 0);
	CHECK(years == 0);
}

/* The Russian text at a narrow measure (about 50 mm): where each line
 * ends. */
TEST(russian_lines)
{
	buf b;
	buf_init(&b);
	text_para_opts o = opts(140, "ru");
	break_lines(ru_text, &o, &b);
	CHECK_STR(
	        b.data,
	        "РЭЦЦА был создан|в 2001 году по совместному|решению пяти "
	        "государств|Центральной Азии,|Европейского союза|и ПРООН в "
	        "соответствии|с резолюцией|IV Общеевропейской|конференции "
	        "министров|окружающей среды,|состоявшейся в 1998 году|в Орхусе "
	        "(Дания).|Центр — независимая|и некоммерческая|организация, а "
	        "его офисы|работают в пяти странах|и к 2016 году отметили|15 "
	        "лет работы.");
	buf_free(&b);
}

static const char en_ends[] = "No. June 15 10 20";

TEST(english_line_ends)
{
	int bad = 0;
	for (double m = NARROW; m <= 400; m += 1) {
		text_para_opts o = opts(m, "en");
		bad += bad_ends(en_text, &o, en_ends, "—");
	}
	CHECK(bad == 0);
	int off = 0;
	for (double m = NARROW; m <= 400; m += 1) {
		text_para_opts o = opts(m, "en");
		o.nobreak_off = ~0u;
		off += bad_ends(en_text, &o, en_ends, "—");
	}
	CHECK(off > 0);
}

/* The English text at about 35 mm: without the rules it ends lines
 * with "June", "15", "10" and "No.". */
TEST(english_lines)
{
	buf b;
	buf_init(&b);
	text_para_opts o = opts(100, "en");
	break_lines(en_text, &o, &b);
	CHECK_STR(b.data,
	          "The survey of June 5|found the lake|level had risen for|15 "
	          "years at a station|10 km from the|shore; report No. 4|shows "
	          "the same|trend since 1998 — a|steady rise of 20 cm|in all.");
	buf_free(&b);
}

/* Kazakh: "2001 жылы" stays together, and "және" (and) does not end a
 * line. */
TEST(kazakh)
{
	int bad = 0, off = 0;
	for (double m = NARROW; m <= 400; m += 1) {
		text_para_opts o = opts(m, "kk");
		bad += bad_ends(kk_text, &o, "2001 және ал", "");
		o.nobreak_off = ~0u;
		off += bad_ends(kk_text, &o, "2001 және ал", "");
	}
	CHECK(bad == 0);
	CHECK(off > 0);
	buf b;
	buf_init(&b);
	text_para_opts o = opts(120, "kk");
	break_lines(kk_text, &o, &b);
	CHECK_STR(
	        b.data,
	        "Орталық Азия|өңірлік экологиялық|орталығы 2001 жылы|құрылды "
	        "және Алматы|қаласында орналасқан,|ал оның кеңселері бес|елде "
	        "жұмыс істейді.");
	buf_free(&b);
}

/* Uzbek in Cyrillic: "2001 йилда" together, "ва" (and) not last. */
TEST(uzbek_cyrillic)
{
	int bad = 0, off = 0;
	for (double m = NARROW; m <= 400; m += 1) {
		text_para_opts o = opts(m, "uz");
		bad += bad_ends(uz_text, &o, "2001 ва", "");
		o.nobreak_off = ~0u;
		off += bad_ends(uz_text, &o, "2001 ва", "");
	}
	CHECK(bad == 0);
	CHECK(off > 0);
	buf b;
	buf_init(&b);
	text_para_opts o = opts(120, "uz");
	break_lines(uz_text, &o, &b);
	CHECK_STR(
	        b.data,
	        "Марказий Осиё|минтақавий экологик|маркази 2001 йилда|ташкил "
	        "этилган|ва Алматида|жойлашган, унинг|идоралари беш|мамлакатда "
	        "ишлайди.");
	buf_free(&b);
}

/* A Russian phrase in an English paragraph keeps the Cyrillic rules
 * (the one-letter words and the Russian prepositions). */
TEST(cyrillic_in_english)
{
	int bad = 0;
	for (double m = NARROW; m <= 400; m += 1) {
		text_para_opts o = opts(m, "en");
		bad += bad_ends(ru_text, &o, ru_ends, ru_starts);
	}
	CHECK(bad == 0);
}

/* The theme's list of short words replaces the language's. */
TEST(theme_short_words)
{
	int own = 0, by = 0;
	for (double m = NARROW; m <= 400; m += 1) {
		text_para_opts o = opts(m, "ru");
		o.short_words = "пяти";
		own += bad_ends(ru_text, &o, "пяти", "");
		by += bad_ends(ru_text, &o, "по", "");
	}
	CHECK(own == 0);
	CHECK(by > 0);
}

/* A writer's no-break space (U+00A0, "\ " in the markup) never ends a
 * line, whatever the rules; it is shown as a space and, in a justified
 * line, stretches as the other spaces do. */
TEST(writer_no_break_space)
{
	static const char s[] =
	        "The Aral\xC2\xA0Sea basin lies between the Amu\xC2\xA0"
	        "Darya and the Syr\xC2\xA0"
	        "Darya rivers, and its water is shared by five states.";
	int bad = 0;
	for (double m = 60; m <= 300; m += 1) {
		text_para_opts o = opts(m, "en");
		o.nobreak_off = ~0u;
		bad += bad_ends(s, &o, "Aral Amu Syr", "");
	}
	CHECK(bad == 0);

	text_span sp;
	memset(&sp, 0, sizeof(sp));
	sp.utf8 = s;
	sp.len = strlen(s);
	sp.style.stack = &regular;
	sp.style.size = 10;
	sp.style.link = -1;
	text_para_opts o = opts(150, "en");
	o.align = TEXT_ALIGN_JUSTIFY;
	arena a;
	arena_init(&a);
	text_para p;
	CHECK(text_break_paragraph(&p, &a, &sp, 1, &o, &diags) == 0);
	double space = text_measure(regular.fonts[0], 10, " ", 1);
	int stretched_nbsp = 0;
	for (size_t l = 0; l + 1 < p.nlines; l++) {
		const text_line *ln = &p.lines[l];
		CHECK(ln->nruns == 1);
		const text_run *r = &ln->runs[0];
		double gap0 = -1;
		int nbsp_here = 0;
		for (size_t g = 0; g + 1 < r->nglyphs; g++) {
			CHECK(r->glyphs[g].cp != 0xA0);
			if (r->glyphs[g].cp != ' ')
				continue;
			double gap = r->glyphs[g + 1].x - r->glyphs[g].x;
			if (gap0 < 0)
				gap0 = gap;
			CHECK_NEAR(gap, gap0, 0.01);
			if (g > 0 && (r->glyphs[g - 1].cp == 'l' ||
			              r->glyphs[g - 1].cp == 'u' ||
			              r->glyphs[g - 1].cp == 'r'))
				nbsp_here = 1;
		}
		if (nbsp_here && gap0 > space + 0.1)
			stretched_nbsp = 1;
	}
	CHECK(stretched_nbsp);
	arena_free(&a);
}

/* The first line of "prefix prev next" at a measure that holds "prefix
 * prev" (and "prev next") but not all three: "prefix prev" when the line
 * may end after prev (the fuller first line is the better), "prefix"
 * when a rule keeps prev with next. Return 1 kept, 0 apart, -1 when the
 * words do not suit the test. */
static int
kept_with_next(const char *prefix, const char *prev, const char *next,
               const char *lang, unsigned off)
{
	char head[256], pair[256], all[512];
	snprintf(head, sizeof(head), "%s %s", prefix, prev);
	snprintf(pair, sizeof(pair), "%s %s", prev, next);
	snprintf(all, sizeof(all), "%s %s %s", prefix, prev, next);
	text_font *f = regular.fonts[0];
	double w = text_measure(f, 10, head, strlen(head)) + 0.5;
	if (text_measure(f, 10, pair, strlen(pair)) > w ||
	    text_measure(f, 10, all, strlen(all)) <= w) {
		fprintf(stderr, "kept_with_next: '%s' does not suit\n", all);
		return -1;
	}
	text_para_opts o = opts(w, lang);
	o.nobreak_off = off;
	buf b;
	buf_init(&b);
	break_lines(all, &o, &b);
	size_t n = strcspn(b.data, "|");
	int kept = n == strlen(prefix) && strncmp(b.data, prefix, n) == 0;
	int apart = n == strlen(head) && strncmp(b.data, head, n) == 0;
	if (!kept && !apart)
		fprintf(stderr, "kept_with_next: unexpected lines '%s'\n",
		        b.data);
	buf_free(&b);
	return kept ? 1 : apart ? 0 : -1;
}

/* Each rule on a pair of words, with the rule on and off. */
TEST(each_rule)
{
	static const struct {
		const char *prefix, *prev, *next, *lang;
		unsigned rule;
	} kept[] = {
	        {"Работа идёт", "в", "Алматы", "ru", TEXT_NOBREAK_ONE_LETTER},
	        {"Работа идёт", "(и", "Алматы)", "ru", TEXT_NOBREAK_ONE_LETTER},
	        {"Письмо писал", "А.", "Пушкину", "ru",
	         TEXT_NOBREAK_ONE_LETTER},
	        {"Работа идёт", "по", "плану", "ru", TEXT_NOBREAK_SHORT_WORDS},
	        {"Работа идёт.", "Для", "плана", "ru",
	         TEXT_NOBREAK_SHORT_WORDS},
	        {"Бұл кітап", "және", "мына", "kk", TEXT_NOBREAK_SHORT_WORDS},
	        {"Маркази нав", "дар", "шаҳр", "tg", TEXT_NOBREAK_SHORT_WORDS},
	        {"Центр создан", "2001", "году", "ru", TEXT_NOBREAK_NUMBERS},
	        {"Уже прошло", "15", "лет.", "ru", TEXT_NOBREAK_NUMBERS},
	        {"Итоги работы", "2016", "г.", "ru", TEXT_NOBREAK_NUMBERS},
	        {"Уже прошло", "15", "«лет»", "ru", TEXT_NOBREAK_NUMBERS},
	        {"Собрано", "10", "000", "ru", TEXT_NOBREAK_NUMBERS},
	        {"The work of", "15", "years,", "en", TEXT_NOBREAK_NUMBERS},
	        {"Since", "10", "km", "en", TEXT_NOBREAK_NUMBERS},
	        {"On", "June", "5", "en", TEXT_NOBREAK_NUMBERS},
	        {"On", "Dec.", "5", "en", TEXT_NOBREAK_NUMBERS},
	        {"Решение принято", "IV", "конференции", "ru",
	         TEXT_NOBREAK_ROMAN},
	        {"Центр", "работает", "—", "ru", TEXT_NOBREAK_DASH},
	        {"Centre", "works", "–", "en", TEXT_NOBREAK_DASH},
	        {"Centre", "works", "-", "en", TEXT_NOBREAK_DASH},
	        {"Report", "No.", "4", "en", TEXT_NOBREAK_ABBREV},
	        {"Reports", "Nos.", "4", "en", TEXT_NOBREAK_ABBREV},
	        {"Закон", "№", "5", "ru", TEXT_NOBREAK_ABBREV},
	        {"Article", "§", "3", "en", TEXT_NOBREAK_ABBREV},
	};
	for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
		int on = kept_with_next(kept[i].prefix, kept[i].prev,
		                        kept[i].next, kept[i].lang, 0);
		int off = kept_with_next(kept[i].prefix, kept[i].prev,
		                         kept[i].next, kept[i].lang,
		                         kept[i].rule);
		if (on != 1 || off != 0)
			fprintf(stderr,
			        "each_rule: '%s %s %s': on %d, off %d\n",
			        kept[i].prefix, kept[i].prev, kept[i].next, on,
			        off);
		CHECK(on == 1);
		CHECK(off == 0);
	}
	/* No rule here: a lower-case "may", an English "a", a number and
	 * a word that is no unit, a roman numeral before a Latin word, a
	 * one-letter word with a comma, a four-digit group. */
	static const struct {
		const char *prefix, *prev, *next, *lang;
	} apart[] = {
	        {"They", "may", "5", "en"},
	        {"This is", "a", "test", "en"},
	        {"The work of", "15", "lakes", "en"},
	        {"World", "IV", "war", "en"},
	        {"Работа идёт,", "а,", "может", "ru"},
	        {"Собрано", "10", "0000", "ru"},
	        {"Маркази нав", "по", "шаҳр", "tg"},
	};
	for (size_t i = 0; i < sizeof(apart) / sizeof(apart[0]); i++)
		CHECK(kept_with_next(apart[i].prefix, apart[i].prev,
		                     apart[i].next, apart[i].lang, 0) == 0);
}

/* A dash written against a word does not start a line either. */
TEST(dash_against_a_word)
{
	buf b;
	buf_init(&b);
	const char *head = "Это работа";
	double w = text_measure(regular.fonts[0], 10, head, strlen(head));
	text_para_opts o = opts(w + 0.5, "ru");
	break_lines("Это работа—итог", &o, &b);
	CHECK(strstr(b.data, "|—") == NULL);
	CHECK(strchr(b.data, '|') != NULL);
	buf_free(&b);
	buf_init(&b);
	o.nobreak_off = TEXT_NOBREAK_DASH;
	break_lines("Это работа—итог", &o, &b);
	CHECK_STR(b.data, "Это работа|—итог");
	buf_free(&b);
}

/* Words kept together that would not fit the line are not kept: the
 * one-letter word ends the line rather than push a word past it. */
TEST(too_wide_to_keep)
{
	buf b;
	buf_init(&b);
	const char *s = "в Центральноазиатского";
	double w = text_measure(regular.fonts[0], 10, s, strlen(s));
	text_para_opts o = opts(w - 2, "ru");
	CHECK(break_lines(s, &o, &b) == 2);
	CHECK_STR(b.data, "в|Центральноазиатского");
	buf_free(&b);
}

/* Hard breaks and spaces around them: a word after a hard break has no
 * word before it on its line, and spaces before a hard break or at the
 * end keep nothing together. */
TEST(around_hard_breaks)
{
	text_span sp[3];
	memset(sp, 0, sizeof(sp));
	const char *t0 = "\xC2\xA0Первая строка и ";
	const char *t2 = "в Алматы и ";
	sp[0].utf8 = t0;
	sp[0].len = strlen(t0);
	sp[1].hard_break = 1;
	sp[2].utf8 = t2;
	sp[2].len = strlen(t2);
	for (int i = 0; i < 3; i++) {
		sp[i].style.stack = &regular;
		sp[i].style.size = 10;
		sp[i].style.link = -1;
	}
	arena a;
	arena_init(&a);
	text_para p;
	text_para_opts o = opts(60, "ru");
	CHECK(text_break_paragraph(&p, &a, sp, 3, &o, &diags) == 0);
	buf b;
	buf_init(&b);
	for (size_t l = 0; l < p.nlines; l++) {
		for (size_t r = 0; r < p.lines[l].nruns; r++)
			for (size_t g = 0; g < p.lines[l].runs[r].nglyphs;
			     g++) {
				char tmp[4];
				buf_put(&b, tmp,
				        utf8_encode(
				                p.lines[l].runs[r].glyphs[g].cp,
				                tmp));
			}
		buf_putc(&b, '|');
	}
	/* The leading no-break space goes, as any space at a line start. */
	CHECK_STR(b.data, "Первая|строка и|в Алматы и|");
	buf_free(&b);
	arena_free(&a);
}

int
main(void)
{
	setup();
	RUN(russian_line_ends);
	RUN(rules_off);
	RUN(one_rule_off);
	RUN(russian_lines);
	RUN(english_line_ends);
	RUN(english_lines);
	RUN(kazakh);
	RUN(uzbek_cyrillic);
	RUN(cyrillic_in_english);
	RUN(theme_short_words);
	RUN(writer_no_break_space);
	RUN(each_rule);
	RUN(dash_against_a_word);
	RUN(too_wide_to_keep);
	RUN(around_hard_breaks);
	text_fonts_free(fonts);
	diag_free(&diags);
	return harness_done();
}
