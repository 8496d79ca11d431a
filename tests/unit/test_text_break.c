/* test_text_break.c - the paragraph engine: text_break_paragraph. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "text_fixture.h"
#include "text/break.h"
#include "text/text.h"
#include "util/mem.h"
#include "util/utf8.h"

static text_stack regular, bold;

static void
setup(void)
{
	fixture_begin();
	fixture_face(&regular, "fonts/NotoSans-Regular.ttf");
	fixture_face(&bold, "fonts/NotoSans-Bold.ttf");
}

static text_span
span(const char *s, const text_stack *st, double size)
{
	text_span sp;
	memset(&sp, 0, sizeof(sp));
	sp.utf8 = s;
	sp.len = strlen(s);
	sp.style.stack = st;
	sp.style.size = size;
	sp.style.link = -1;
	sp.pos.file = "test.yaml";
	sp.pos.line = 3;
	sp.pos.col = 7;
	return sp;
}

static text_span
hard_break(void)
{
	text_span sp = span("", &regular, 10);
	sp.hard_break = 1;
	return sp;
}

static text_para_opts
opts(double measure, text_align align)
{
	text_para_opts o;
	memset(&o, 0, sizeof(o));
	o.measure = measure;
	o.align = align;
	o.lang = "en";
	o.hyphenate = 0;
	return o;
}

/* A long paragraph mixing English, Russian and Kazakh. */
static const char *const mixed_text =
	"The Central Asia Regional Economic Cooperation Program is a "
	"partnership of eleven countries working with development partners "
	"to promote development through cooperation, leading to accelerated "
	"economic growth and poverty reduction. "
	"Программа Центральноазиатского регионального экономического "
	"сотрудничества объединяет одиннадцать стран, которые совместно с "
	"партнёрами по развитию содействуют экономическому росту и сокращению "
	"бедности. "
	"Орталық Азия өңірлік экономикалық ынтымақтастық бағдарламасы он бір "
	"елдің серіктестігі болып табылады және қоршаған ортаны қорғауға, "
	"көлік дәліздерін дамытуға және сауданы жеңілдетуге бағытталған. "
	"Its guiding vision is good neighbors, good partners, and good "
	"prospects; its strategic framework covers energy, transport, trade "
	"facilitation, tourism, education, health, and agriculture.";

/* Every visible character of the paragraph, in order, without spaces and
 * without inserted hyphens. */
static void
para_chars(const text_para *p, buf *out)
{
	for (size_t l = 0; l < p->nlines; l++) {
		const text_line *ln = &p->lines[l];
		for (size_t r = 0; r < ln->nruns; r++) {
			const text_run *run = &ln->runs[r];
			for (size_t g = 0; g < run->nglyphs; g++) {
				int last = r + 1 == ln->nruns && g + 1 == run->nglyphs;
				uint32_t cp = run->glyphs[g].cp;
				if (cp == ' ' || (last && ln->hyphenated))
					continue;
				char tmp[4];
				buf_put(out, tmp, utf8_encode(cp, tmp));
			}
		}
	}
}

static void
text_chars(const char *s, buf *out)
{
	for (; *s; s++)
		if (*s != ' ')
			buf_putc(out, *s);
}

/* The glyph after run r, glyph g of a line, or NULL. */
static const text_glyph *
next_glyph(const text_line *ln, size_t r, size_t g)
{
	if (g + 1 < ln->runs[r].nglyphs)
		return &ln->runs[r].glyphs[g + 1];
	if (r + 1 < ln->nruns)
		return &ln->runs[r + 1].glyphs[0];
	return NULL;
}

TEST(no_line_wider_than_measure)
{
	const double measures[] = {60, 95, 140, 200, 287, 410};
	const text_align aligns[] = {TEXT_ALIGN_LEFT, TEXT_ALIGN_RIGHT,
	                             TEXT_ALIGN_CENTER, TEXT_ALIGN_JUSTIFY};
	buf want;
	buf_init(&want);
	text_chars(mixed_text, &want);
	for (size_t mi = 0; mi < sizeof(measures) / sizeof(measures[0]); mi++) {
		for (size_t ai = 0; ai < 4; ai++) {
			arena a;
			arena_init(&a);
			text_span sp = span(mixed_text, &regular, 10);
			text_para_opts o = opts(measures[mi], aligns[ai]);
			text_para p;
			size_t before = diags.count;
			CHECK(text_break_paragraph(&p, &a, &sp, 1, &o, &diags) == 0);
			/* From 140 pt up every word fits (the longest,
			 * 'Центральноазиатского', is 113.5 pt); below, long words
			 * are broken with warnings. */
			if (measures[mi] >= 140)
				CHECK(diags.count == before);
			else
				CHECK(diags.count > before);
			CHECK(p.nlines > 1);
			for (size_t l = 0; l < p.nlines; l++) {
				const text_line *ln = &p.lines[l];
				CHECK(ln->width <= measures[mi] + 0.01);
				CHECK(ln->nruns >= 1);
				CHECK(ln->ascent > 9 && ln->ascent < 12);
				CHECK(ln->descent > 1 && ln->descent < 4);
				for (size_t r = 0; r < ln->nruns; r++) {
					const text_run *run = &ln->runs[r];
					CHECK(run->x0 >= -0.01);
					CHECK(run->x1 <= measures[mi] + 0.01);
					CHECK(run->font == regular.fonts[0]);
					for (size_t g = 0; g < run->nglyphs; g++) {
						const text_glyph *n = next_glyph(ln, r, g);
						CHECK(!n || n->x > run->glyphs[g].x);
					}
				}
				/* No space at either end of a line. */
				CHECK(ln->runs[0].glyphs[0].cp != ' ');
				const text_run *lr = &ln->runs[ln->nruns - 1];
				CHECK(lr->glyphs[lr->nglyphs - 1].cp != ' ');
			}
			buf got;
			buf_init(&got);
			para_chars(&p, &got);
			CHECK_STR(got.data, want.data);
			buf_free(&got);
			arena_free(&a);
		}
	}
	buf_free(&want);
}

static int
has_space(const text_line *ln)
{
	for (size_t r = 0; r < ln->nruns; r++)
		for (size_t g = 0; g < ln->runs[r].nglyphs; g++)
			if (ln->runs[r].glyphs[g].cp == ' ')
				return 1;
	return 0;
}

TEST(justified_lines_fill_measure)
{
	const double measures[] = {140, 200, 287, 410};
	for (size_t mi = 0; mi < sizeof(measures) / sizeof(measures[0]); mi++) {
		double m = measures[mi];
		arena a;
		arena_init(&a);
		text_span sp = span(mixed_text, &regular, 10);
		text_para_opts o = opts(m, TEXT_ALIGN_JUSTIFY);
		text_para p;
		CHECK(text_break_paragraph(&p, &a, &sp, 1, &o, &diags) == 0);
		CHECK(p.nlines > 2);
		/* A line with a word space fills the measure; a line of one
		 * word (no hyphenation here) cannot stretch and stays left. */
		size_t filled = 0;
		for (size_t l = 0; l + 1 < p.nlines; l++) {
			if (has_space(&p.lines[l])) {
				CHECK_NEAR(p.lines[l].width, m, 0.01);
				filled++;
			} else {
				CHECK(p.lines[l].width <= m + 0.01);
			}
		}
		CHECK(filled * 4 >= (p.nlines - 1) * 3);
		CHECK(p.lines[p.nlines - 1].width < m - 1);
		/* The last line keeps natural spaces: its gaps equal the
		 * space's advance. */
		double space = text_measure(regular.fonts[0], 10, " ", 1);
		const text_line *last = &p.lines[p.nlines - 1];
		for (size_t r = 0; r < last->nruns; r++)
			for (size_t g = 0; g < last->runs[r].nglyphs; g++) {
				const text_glyph *n = next_glyph(last, r, g);
				if (last->runs[r].glyphs[g].cp == ' ' && n)
					CHECK_NEAR(n->x - last->runs[r].glyphs[g].x, space,
					           0.001);
			}
		arena_free(&a);
	}
}

static const char *const english_text =
	"In the last decade, the member countries have built more than ten "
	"thousand kilometres of roads and railways along the six corridors, "
	"cut the time needed to cross borders, and opened new markets for "
	"farmers and small businesses across the region. Regional cooperation "
	"in energy lets countries share power surpluses in summer and winter, "
	"lowers the cost of electricity for households, and makes room for "
	"renewable sources such as hydropower, solar and wind.";

/* Word gaps of justified lines stay between the space shrunk by its full
 * shrink (2/3 of the space) and the space stretched by its stretch at
 * ratio 2 (2 x the space): on English at 287 pt (a half A4 column) the
 * optimum has no line looser than that, even without hyphenation. */
TEST(justified_word_gaps_in_bounds)
{
	double space = text_measure(regular.fonts[0], 10, " ", 1);
	arena a;
	arena_init(&a);
	text_span sp = span(english_text, &regular, 10);
	text_para_opts o = opts(287, TEXT_ALIGN_JUSTIFY);
	text_para p;
	CHECK(text_break_paragraph(&p, &a, &sp, 1, &o, &diags) == 0);
	double lo = 1e9, hi = 0;
	for (size_t l = 0; l < p.nlines; l++) {
		const text_line *ln = &p.lines[l];
		for (size_t r = 0; r < ln->nruns; r++)
			for (size_t g = 0; g < ln->runs[r].nglyphs; g++) {
				const text_glyph *n = next_glyph(ln, r, g);
				if (ln->runs[r].glyphs[g].cp != ' ' || !n)
					continue;
				double gap = n->x - ln->runs[r].glyphs[g].x;
				lo = gap < lo ? gap : lo;
				hi = gap > hi ? gap : hi;
			}
	}
	printf("  word gaps at 287 pt: %.3f .. %.3f pt (space %.3f)\n", lo, hi,
	       space);
	CHECK(lo >= space * 2.0 / 3.0 - 0.001);
	CHECK(hi <= space * 2.0 + 0.001);
	CHECK(hi > space); /* it did stretch some line */
	arena_free(&a);
}

/* Paragraphs in English, Russian and Kazakh, for the line-breaking
 * comparisons below (mixed_text is a fifth). */
#define CORPUS_EN_ROADS                                                    \
	"In the last decade, the member countries have built more than "       \
	"ten thousand kilometres of roads and railways along the six "         \
	"corridors, cut the time needed to cross borders, and opened new "     \
	"markets for farmers and small businesses across the region."
#define CORPUS_RU                                                          \
	"Совместные проекты в области транспорта и торговли сокращают "        \
	"время пересечения границ, снижают издержки бизнеса и открывают "      \
	"новые рынки для сельского хозяйства и малых предприятий региона."
#define CORPUS_KK                                                          \
	"Өңірлік ынтымақтастық елдерге энергия тасымалдауға, көлік "           \
	"дәліздерін дамытуға, шекарадан өту уақытын қысқартуға және "          \
	"сауданы кеңейтуге мүмкіндік береді."

/* A corpus of five paragraphs (English, Russian, Kazakh, mixed) at two
 * measures: total fit must beat first fit on total demerits, and never
 * lose on any paragraph. */
TEST(total_fit_beats_greedy)
{
	static const char *const corpus[] = {
		CORPUS_EN_ROADS,
		"Regional cooperation in energy lets countries share power "
		"surpluses in summer and winter, lowers the cost of electricity "
		"for households, and makes room for renewable sources such as "
		"hydropower, solar and wind.",
		CORPUS_RU,
		CORPUS_KK,
		mixed_text,
	};
	const double measures[] = {180, 260};
	double tf = 0, gr = 0;
	for (size_t mi = 0; mi < 2; mi++)
		for (size_t i = 0; i < sizeof(corpus) / sizeof(corpus[0]); i++) {
			text_span sp = span(corpus[i], &regular, 10);
			text_para_opts o = opts(measures[mi], TEXT_ALIGN_JUSTIFY);
			double d1, d2;
			size_t n1, n2;
			CHECK(text_break_demerits(&sp, 1, &o, TEXT_BREAK_TOTAL_FIT, &d1,
			                          &n1, &diags) == 0);
			CHECK(text_break_demerits(&sp, 1, &o, TEXT_BREAK_GREEDY, &d2,
			                          &n2, &diags) == 0);
			CHECK(d1 <= d2);
			CHECK(n1 > 1 && n2 > 1);
			tf += d1;
			gr += d2;
		}
	printf("  corpus demerits: total fit %.0f, greedy %.0f\n", tf, gr);
	CHECK(tf < gr);
	CHECK(tf > 0);
}

/* The fast first search (lines no looser than a bound) and the one-line
 * shortcut must give exactly the full search's optimum, at measures from
 * very narrow (where the search must fall back to the full one) to wide,
 * justified and ragged. */
TEST(fast_total_fit_is_exact)
{
	static const char *const corpus[] = {
		CORPUS_EN_ROADS,
		CORPUS_RU,
		CORPUS_KK,
		mixed_text,
		/* Short texts: one line (the shortcut) from some measure on. */
		"Page 12 of 497",
		"Қазақстан — Өзбекстан",
		"12 345.6",
		"well-known co-operation",
	};
	const text_align aligns[] = {TEXT_ALIGN_JUSTIFY, TEXT_ALIGN_LEFT};
	size_t cases = 0, loose = 0;
	for (size_t ai = 0; ai < 2; ai++)
		for (double m = 40; m <= 400; m += 9)
			for (size_t i = 0; i < sizeof(corpus) / sizeof(corpus[0]);
			     i++) {
				text_span sp = span(corpus[i], &regular, 10);
				text_para_opts o = opts(m, aligns[ai]);
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
				cases++;
				if (full > 4.1e7) /* beyond the first search's bound */
					loose++;
			}
	printf("  %zu cases, %zu of them beyond the first search\n", cases,
	       loose);
	CHECK(loose > 0);
	CHECK(loose < cases);
}

TEST(kerning_narrows_av)
{
	text_font *f = regular.fonts[0];
	double av = text_measure(f, 20, "AV", 2);
	double sep = text_measure(f, 20, "A", 1) + text_measure(f, 20, "V", 1);
	CHECK(av < sep - 0.5);
	/* The paragraph engine keeps that kerning. */
	arena a;
	arena_init(&a);
	text_span sp = span("AVAV", &regular, 20);
	text_para_opts o = opts(500, TEXT_ALIGN_LEFT);
	text_para p;
	CHECK(text_break_paragraph(&p, &a, &sp, 1, &o, &diags) == 0);
	CHECK(p.nlines == 1);
	CHECK_NEAR(p.lines[0].runs[0].glyphs[1].x, text_measure(f, 20, "AV", 2) -
	           text_measure(f, 20, "V", 1) + 0.0, 0.5);
	CHECK_NEAR(p.lines[0].width, text_measure(f, 20, "AVAV", 4), 0.001);
	/* Cyrillic pairs are kerned too: Т before у. */
	double tu = text_measure(f, 20, "\xd0\xa2\xd1\x83", 4);
	double tu_sep = text_measure(f, 20, "\xd0\xa2", 2) +
	                text_measure(f, 20, "\xd1\x83", 2);
	printf("  AV %.2f pt (%.2f apart), Ту %.2f pt (%.2f apart)\n", av, sep,
	       tu, tu_sep);
	CHECK(tu < tu_sep - 0.5);
	arena_free(&a);
}

/* The DejaVu Sans of Debian's fonts-dejavu-core (script/bootstrap), a
 * fallback that has the arrows Noto Sans lacks; NULL if absent. */
static text_font *
dejavu(diag_list *d)
{
	src_pos at = {"test", 1, 1};
	return text_fonts_open(fonts,
	                       "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
	                       at, d);
}

TEST(allow_missing_glyphs)
{
	arena a;
	arena_init(&a);
	diag_list d;
	diag_init(&d);
	/* U+05D0 twice: one warning, and the letter is left out. */
	text_span sp = span("shalom \xd7\x90 and \xd7\x90 again", &regular,
	                    10);
	sp.verbatim = sp.len;
	text_para_opts o = opts(300, TEXT_ALIGN_LEFT);
	o.allow_missing = 1;
	text_para p;
	CHECK(text_break_paragraph(&p, &a, &sp, 1, &o, &d) == 0);
	CHECK(d.count == 1);
	CHECK(d.errors == 0 && d.warnings == 1);
	if (d.count) {
		CHECK(d.items[0].code == DIAG_GLYPH);
		CHECK(d.items[0].severity == DIAG_WARNING);
		CHECK_STR(d.items[0].message, "no font has the character "
		          "'\xd7\x90' (U+05D0); tried NotoSans-Regular");
		/* Verbatim text: the column of the character itself. */
		CHECK(d.items[0].pos.line == 3 && d.items[0].pos.col == 7 + 7);
		CHECK(d.items[0].note &&
		      strstr(d.items[0].note, "left out") != NULL);
	}
	CHECK(p.nlines == 1);
	size_t n = 0;
	for (size_t r = 0; p.nlines && r < p.lines[0].nruns; r++)
		for (size_t g = 0; g < p.lines[0].runs[r].nglyphs; g++) {
			CHECK(p.lines[0].runs[r].glyphs[g].cp != 0x05D0);
			n++;
		}
	CHECK(n == strlen("shalom and again")); /* a run of spaces is one */
	/* The words around the gap are measured as if it were not there. */
	text_span plain = span("shalom  and  again", &regular, 10);
	text_para q;
	CHECK(text_break_paragraph(&q, &a, &plain, 1, &o, &d) == 0);
	CHECK_NEAR(p.lines[0].width, q.lines[0].width, 0.001);
	diag_free(&d);

	/* Without verbatim text the position is the span's start; the
	 * strict list makes the warning an error, as --strict would. */
	diag_init(&d);
	d.strict = 1;
	sp.verbatim = 0;
	CHECK(text_break_paragraph(&p, &a, &sp, 1, &o, &d) == 0);
	CHECK(d.count == 1 && d.errors == 1);
	if (d.count)
		CHECK(d.items[0].pos.col == 7);
	diag_free(&d);
	arena_free(&a);
}

TEST(verbose_fallback_notes)
{
	arena a;
	arena_init(&a);
	diag_list d;
	diag_init(&d);
	text_stack st = regular;
	st.fonts[1] = dejavu(&d);
	st.count = 2;
	CHECK(st.fonts[1] != NULL);
	if (!st.fonts[1]) {
		diag_free(&d);
		arena_free(&a);
		return;
	}
	/* → twice and ↑ once: two notes, each at its character. */
	const char *s = "north \xe2\x86\x92 east \xe2\x86\x92 up "
	                "\xe2\x86\x91";
	text_span sp = span(s, &st, 10);
	sp.verbatim = sp.len;
	text_para_opts o = opts(300, TEXT_ALIGN_LEFT);
	text_para p;
	CHECK(text_break_paragraph(&p, &a, &sp, 1, &o, &d) == 0);
	CHECK(d.count == 0); /* quiet unless verbose */
	o.verbose = 1;
	CHECK(text_break_paragraph(&p, &a, &sp, 1, &o, &d) == 0);
	CHECK(d.count == 2 && d.errors == 0 && d.warnings == 0);
	if (d.count == 2) {
		CHECK(d.items[0].severity == DIAG_NOTE);
		CHECK(d.items[0].code == DIAG_GLYPH);
		CHECK_STR(d.items[0].message, "the character '\xe2\x86\x92' "
		          "(U+2192) is set in DejaVuSans (NotoSans-Regular lacks "
		          "it)");
		CHECK(d.items[0].pos.col == 7 + 6);
		CHECK_STR(d.items[1].message, "the character '\xe2\x86\x91' "
		          "(U+2191) is set in DejaVuSans (NotoSans-Regular lacks "
		          "it)");
		CHECK(d.items[1].pos.col == 7 + 18);
	}
	/* The arrows are set in DejaVu Sans, the rest in Noto Sans. */
	CHECK(p.nlines == 1 && p.lines[0].nruns == 6);
	if (p.nlines == 1 && p.lines[0].nruns == 6) {
		CHECK(p.lines[0].runs[0].font == regular.fonts[0]);
		CHECK(p.lines[0].runs[1].font == st.fonts[1]);
		CHECK(p.lines[0].runs[1].nglyphs == 1);
	}
	/* The same paragraph again (a running head on the next page) says
	 * nothing new. */
	CHECK(text_break_paragraph(&p, &a, &sp, 1, &o, &d) == 0);
	CHECK(d.count == 2);
	diag_free(&d);
	arena_free(&a);
}

TEST(missing_glyph_error)
{
	arena a;
	arena_init(&a);
	diag_list d;
	diag_init(&d);
	text_span sp = span("shalom \xd7\x90 and \xd7\x90 again", &regular, 10);
	text_para_opts o = opts(300, TEXT_ALIGN_LEFT);
	text_para p;
	CHECK(text_break_paragraph(&p, &a, &sp, 1, &o, &d) == -1);
	CHECK(d.count == 1); /* once per character, not per occurrence */
	CHECK(d.errors == 1);
	if (d.count) {
		CHECK(d.items[0].code == DIAG_GLYPH);
		CHECK_STR(d.items[0].message, "no font has the character '\xd7\x90' "
		                              "(U+05D0); tried NotoSans-Regular");
		CHECK(d.items[0].pos.line == 3 && d.items[0].pos.col == 7);
	}
	diag_free(&d);

	/* With a fallback, the fallback's name is listed and the fallback
	 * serves the characters it has. */
	diag_init(&d);
	text_stack two = regular;
	two.fonts[1] = bold.fonts[0];
	two.count = 2;
	sp = span("x \xe4\xb8\xad", &two, 10);
	CHECK(text_break_paragraph(&p, &a, &sp, 1, &o, &d) == -1);
	if (d.count)
		CHECK_STR(d.items[0].message, "no font has the character "
		          "'\xe4\xb8\xad' (U+4E2D); tried NotoSans-Regular, "
		          "NotoSans-Bold");
	diag_free(&d);

	/* Outside the BMP. */
	diag_init(&d);
	sp = span("smile \xf0\x9f\x98\x80", &regular, 10);
	CHECK(text_break_paragraph(&p, &a, &sp, 1, &o, &d) == -1);
	CHECK(d.count == 1);
	if (d.count) {
		CHECK(d.items[0].code == DIAG_GLYPH);
		CHECK(strstr(d.items[0].message, "U+1F600") != NULL);
		CHECK(strstr(d.items[0].message, "Basic Multilingual Plane") != NULL);
	}
	diag_free(&d);
	arena_free(&a);
}

TEST(fallback_font_used)
{
	/* A stack whose primary lacks nothing here still picks it; a stack
	 * Bold, Regular uses Bold. The run reports the font actually used. */
	arena a;
	arena_init(&a);
	text_stack st = bold;
	st.fonts[1] = regular.fonts[0];
	st.count = 2;
	text_span sp = span("Qazaq \xd2\x9b", &st, 10);
	text_para_opts o = opts(300, TEXT_ALIGN_LEFT);
	text_para p;
	CHECK(text_break_paragraph(&p, &a, &sp, 1, &o, &diags) == 0);
	CHECK(p.nlines == 1 && p.lines[0].nruns == 1);
	CHECK(p.lines[0].runs[0].font == bold.fonts[0]);
	arena_free(&a);
}

TEST(overlong_word_warning)
{
	arena a;
	arena_init(&a);
	diag_list d;
	diag_init(&d);
	text_span sp = span("A Donaudampfschifffahrtsgesellschaftskapitaen came",
	                    &regular, 10);
	text_para_opts o = opts(60, TEXT_ALIGN_JUSTIFY);
	text_para p;
	CHECK(text_break_paragraph(&p, &a, &sp, 1, &o, &d) == 0);
	CHECK(d.count == 1);
	CHECK(d.warnings == 1);
	if (d.count) {
		CHECK(d.items[0].code == DIAG_LAYOUT);
		CHECK(d.items[0].severity == DIAG_WARNING);
		CHECK(strstr(d.items[0].message,
		             "'Donaudampfschifffahrtsgesellschaftskapitaen'") != NULL);
		CHECK(d.items[0].pos.line == 3);
	}
	CHECK(p.nlines >= 4);
	for (size_t l = 0; l < p.nlines; l++) {
		CHECK(p.lines[l].width <= 60.01);
		CHECK(!p.lines[l].hyphenated);
	}
	buf got, want;
	buf_init(&got);
	buf_init(&want);
	para_chars(&p, &got);
	text_chars("A Donaudampfschifffahrtsgesellschaftskapitaen came", &want);
	CHECK_STR(got.data, want.data);
	buf_free(&got);
	buf_free(&want);
	diag_free(&d);
	arena_free(&a);
}

static void
line_text(const text_line *ln, buf *out)
{
	for (size_t r = 0; r < ln->nruns; r++)
		for (size_t g = 0; g < ln->runs[r].nglyphs; g++) {
			char tmp[4];
			buf_put(out, tmp, utf8_encode(ln->runs[r].glyphs[g].cp, tmp));
		}
	buf_putc(out, '\0');
	out->len--;
}

TEST(hard_breaks)
{
	arena a;
	arena_init(&a);
	text_span sp[6] = {
		span("First line  ", &regular, 10), hard_break(),
		span(" second line", &regular, 10), hard_break(), hard_break(),
		span("after an empty line", &regular, 10),
	};
	text_para_opts o = opts(300, TEXT_ALIGN_JUSTIFY);
	text_para p;
	CHECK(text_break_paragraph(&p, &a, sp, 6, &o, &diags) == 0);
	CHECK(p.nlines == 4);
	if (p.nlines == 4) {
		const char *want[4] = {"First line", "second line", "",
		                       "after an empty line"};
		for (size_t l = 0; l < 4; l++) {
			buf b;
			buf_init(&b);
			line_text(&p.lines[l], &b);
			CHECK_STR(b.data ? b.data : "", want[l]);
			buf_free(&b);
			/* Lines ending in a hard break are ragged. */
			CHECK(p.lines[l].width < 150);
		}
		CHECK(p.lines[2].nruns == 0);
		CHECK(p.lines[2].ascent > 9);
		CHECK_NEAR(p.lines[0].width,
		           text_measure(regular.fonts[0], 10, "First line", 10),
		           0.001);
	}
	/* A trailing hard break adds no line. */
	text_span sp2[2] = {span("only", &regular, 10), hard_break()};
	CHECK(text_break_paragraph(&p, &a, sp2, 2, &o, &diags) == 0);
	CHECK(p.nlines == 1);
	arena_free(&a);
}

TEST(mixed_styles_continuous)
{
	arena a;
	arena_init(&a);
	text_span sp[3] = {
		span("Regular text with ", &regular, 10),
		span("bold words", &bold, 10),
		span(" inside it.", &regular, 10),
	};
	text_para_opts o = opts(400, TEXT_ALIGN_LEFT);
	text_para p;
	CHECK(text_break_paragraph(&p, &a, sp, 3, &o, &diags) == 0);
	CHECK(p.nlines == 1);
	const text_line *ln = &p.lines[0];
	CHECK(ln->nruns == 3);
	if (ln->nruns == 3) {
		CHECK(ln->runs[0].font == regular.fonts[0]);
		CHECK(ln->runs[1].font == bold.fonts[0]);
		CHECK(ln->runs[2].font == regular.fonts[0]);
		CHECK(ln->runs[1].style.stack == &bold);
		CHECK_NEAR(ln->runs[0].x0, 0, 1e-9);
		CHECK_NEAR(ln->runs[0].x1, ln->runs[1].x0, 0.001);
		CHECK_NEAR(ln->runs[1].x1, ln->runs[2].x0, 0.001);
		CHECK_NEAR(ln->runs[2].x1, ln->width, 0.001);
		CHECK_NEAR(ln->runs[1].x1 - ln->runs[1].x0,
		           text_measure(bold.fonts[0], 10, "bold words", 10), 0.001);
		CHECK_NEAR(ln->width,
		           text_measure(regular.fonts[0], 10, "Regular text with ",
		                        18) +
		               text_measure(bold.fonts[0], 10, "bold words", 10) +
		               text_measure(regular.fonts[0], 10, " inside it.", 11),
		           0.01);
	}
	/* Justified over several lines, runs still tile each line. */
	text_span sp2[3] = {
		span(mixed_text, &regular, 10), span(" and in bold ", &bold, 12),
		span(mixed_text, &regular, 10),
	};
	o = opts(220, TEXT_ALIGN_JUSTIFY);
	CHECK(text_break_paragraph(&p, &a, sp2, 3, &o, &diags) == 0);
	int saw_bold = 0;
	for (size_t l = 0; l < p.nlines; l++) {
		const text_line *li = &p.lines[l];
		CHECK(li->width <= 220.01);
		for (size_t r = 0; r + 1 < li->nruns; r++)
			CHECK_NEAR(li->runs[r].x1, li->runs[r + 1].x0, 0.001);
		for (size_t r = 0; r < li->nruns; r++)
			if (li->runs[r].font == bold.fonts[0]) {
				saw_bold = 1;
				CHECK(li->runs[r].style.size == 12);
				CHECK(li->ascent > 12);
			}
	}
	CHECK(saw_bold);
	arena_free(&a);
}

TEST(alignment)
{
	arena a;
	arena_init(&a);
	text_span sp = span("short line", &regular, 10);
	double w = text_measure(regular.fonts[0], 10, "short line", 10);
	text_para p;
	text_para_opts o = opts(200, TEXT_ALIGN_RIGHT);
	CHECK(text_break_paragraph(&p, &a, &sp, 1, &o, &diags) == 0);
	CHECK_NEAR(p.lines[0].runs[0].x0, 200 - w, 0.001);
	CHECK_NEAR(p.lines[0].width, 200, 0.001);
	o = opts(200, TEXT_ALIGN_CENTER);
	CHECK(text_break_paragraph(&p, &a, &sp, 1, &o, &diags) == 0);
	CHECK_NEAR(p.lines[0].runs[0].x0, (200 - w) / 2, 0.001);
	o = opts(200, TEXT_ALIGN_LEFT);
	CHECK(text_break_paragraph(&p, &a, &sp, 1, &o, &diags) == 0);
	CHECK_NEAR(p.lines[0].runs[0].x0, 0, 0.001);
	CHECK_NEAR(p.lines[0].width, w, 0.001);
	/* Empty text: no lines. */
	sp = span("   ", &regular, 10);
	CHECK(text_break_paragraph(&p, &a, &sp, 1, &o, &diags) == 0);
	CHECK(p.nlines == 0);
	arena_free(&a);
}

TEST(breaks_after_dash)
{
	/* UAX #14 allows a break after a hyphen in the text; no hyphen is
	 * added there. */
	arena a;
	arena_init(&a);
	text_span sp = span("state-of-the-art", &regular, 10);
	double w = text_measure(regular.fonts[0], 10, "state-of-", 9);
	text_para_opts o = opts(w + 1, TEXT_ALIGN_LEFT);
	text_para p;
	CHECK(text_break_paragraph(&p, &a, &sp, 1, &o, &diags) == 0);
	CHECK(p.nlines == 2);
	if (p.nlines == 2) {
		buf b;
		buf_init(&b);
		line_text(&p.lines[0], &b);
		CHECK_STR(b.data, "state-of-");
		CHECK(!p.lines[0].hyphenated);
		buf_free(&b);
	}
	arena_free(&a);
}

TEST(shaping_cache)
{
	/* A new font set: fresh caches. */
	text_fonts *fs = text_fonts_new();
	diag_list d;
	diag_init(&d);
	text_stack st = {{NULL}, 1};
	st.fonts[0] = text_fonts_open(fs, "fonts/NotoSans-Regular.ttf",
	                              (src_pos){0}, &d);
	arena a;
	arena_init(&a);
	text_span sp = span(mixed_text, &st, 10);
	text_para_opts o = opts(250, TEXT_ALIGN_JUSTIFY);
	text_para p;
	size_t hits, misses;
	CHECK(text_break_paragraph(&p, &a, &sp, 1, &o, &d) == 0);
	text_font_cache_stats(st.fonts[0], &hits, &misses);
	size_t m1 = misses;
	for (int i = 0; i < 20; i++)
		CHECK(text_break_paragraph(&p, &a, &sp, 1, &o, &d) == 0);
	text_font_cache_stats(st.fonts[0], &hits, &misses);
	CHECK(misses == m1); /* nothing shaped again */
	CHECK(hits >= 20 * 100);
	arena_free(&a);
	diag_free(&d);
	text_fonts_free(fs);
}

int
main(void)
{
	setup();
	RUN(no_line_wider_than_measure);
	RUN(justified_lines_fill_measure);
	RUN(justified_word_gaps_in_bounds);
	RUN(total_fit_beats_greedy);
	RUN(fast_total_fit_is_exact);
	RUN(kerning_narrows_av);
	RUN(missing_glyph_error);
	RUN(fallback_font_used);
	RUN(allow_missing_glyphs);
	RUN(verbose_fallback_notes);
	RUN(overlong_word_warning);
	RUN(hard_breaks);
	RUN(mixed_styles_continuous);
	RUN(alignment);
	RUN(breaks_after_dash);
	RUN(shaping_cache);
	text_fonts_free(fonts);
	diag_free(&diags);
	return harness_done();
}
