/* test_text_hyphen.c - hyphenation: libhyphen (en, ru), the syllable rule
 * (kk, ky, uz, tk, tg), soft hyphens and hyphenated paragraphs. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "text/break.h"
#include "text/hyphen.h"
#include "text/text.h"
#include "util/mem.h"
#include "util/utf8.h"

static text_fonts *fonts;
static text_stack regular;
static diag_list diags;

/* The word with a '-' at every hyphenation point. */
static const char *
hyph(const char *lang, const char *w)
{
	static char out[512];
	size_t pos[64];
	size_t len = strlen(w);
	size_t n = text_hyphenate_word(lang, w, len, pos, 64);
	size_t o = 0, k = 0;
	for (size_t i = 0; i <= len && o + 2 < sizeof(out); i++) {
		if (k < n && pos[k] == i) {
			out[o++] = '-';
			k++;
		}
		if (i < len)
			out[o++] = w[i];
	}
	out[o] = '\0';
	return out;
}

/*
 * (Қазақстан, Өзбекстан: in a cluster of three consonants "ст" begins the
 * syllable, as Kazakh spelling divides the -стан of place names.)
 *
 * The words and why their answers are right:
 * - en: the US patterns (TeX's hyphen.tex lineage) with the dictionary's
 *   minima (2 left, 3 right): en-vi-ron-men-tal and de-vel-op-ment as in
 *   Merriam-Webster; or-gan-i-sa-tion is what the US patterns give the
 *   British spelling; "table" keeps "ble" (3 right).
 * - ru: Russian patterns (ruhyphal), which follow the syllable rules of
 *   Russian orthography: со-труд-ни-че-ство, про-грам-ма; "окружающей"
 *   would be о-кру-..., but one letter may not stay alone: окру-жа-ю-щей.
 *   These also check that the dictionary is prepared (substrings merged):
 *   read raw by libhyphen, "программа" and "окружающей" get no hyphen.
 * - kk, ky, tg (Cyrillic) and uz, tk (Latin): Turkic and Tajik syllables
 *   start with at most one consonant, so the break goes before the last
 *   consonant between vowels: қор-ша-ған, ор-та-ны, бағ-дар-ла-ма-сы;
 *   кыз-мат-таш-тык; oʻz-be-kis-ton (oʻ is one letter, so "oʻz" has two),
 *   tosh-kent (sh is one letter); türk-me-nis-tan; то-ҷи-кис-тон.
 */
TEST(hyphenate_english)
{
	CHECK_STR(hyph("en", "environmental"), "en-vi-ron-men-tal");
	CHECK_STR(hyph("en", "organisation"), "or-gan-i-sa-tion");
	CHECK_STR(hyph("en", "development"), "de-vel-op-ment");
	CHECK_STR(hyph("en", "partnership"), "part-ner-ship");
	CHECK_STR(hyph("en-GB", "cooperation"), "co-op-er-a-tion");
	CHECK_STR(hyph("en", "Transport"), "Trans-port"); /* capitals */
	CHECK_STR(hyph("en", "table"), "ta-ble");
	CHECK_STR(hyph("en", "the"), "the");
	CHECK_STR(hyph("en", "caf\xc3\xa9"), "caf\xc3\xa9"); /* unknown letter */
}

TEST(hyphenate_russian)
{
	CHECK_STR(hyph("ru", "сотрудничество"), "со-труд-ни-че-ство");
	CHECK_STR(hyph("ru", "окружающей"), "окру-жа-ю-щей");
	CHECK_STR(hyph("ru", "программа"), "про-грам-ма");
	CHECK_STR(hyph("ru", "регионального"), "ре-ги-о-наль-но-го");
	CHECK_STR(hyph("ru-RU", "Развитию"), "Раз-ви-тию");
	CHECK_STR(hyph("ru", "бедности"), "бед-но-сти");
}

TEST(hyphenate_kazakh_kyrgyz)
{
	CHECK_STR(hyph("kk", "қоршаған"), "қор-ша-ған");
	CHECK_STR(hyph("kk", "ортаны"), "ор-та-ны");
	CHECK_STR(hyph("kk", "бағдарламасы"), "бағ-дар-ла-ма-сы");
	CHECK_STR(hyph("kk", "ынтымақтастық"), "ын-ты-мақ-тас-тық");
	CHECK_STR(hyph("kk-KZ", "Қазақстан"), "Қа-зақ-стан");
	CHECK_STR(hyph("kk", "Өзбекстан"), "Өз-бек-стан");
	CHECK_STR(hyph("kk", "ата"), "ата"); /* one letter would stay */
	CHECK_STR(hyph("ky", "кызматташтык"), "кыз-мат-таш-тык");
	CHECK_STR(hyph("ky", "өнүгүү"), "өнү-гүү"); /* no break in a vowel pair */
}

TEST(hyphenate_uzbek_turkmen_tajik)
{
	CHECK_STR(hyph("uz", "o\xca\xbbzbekiston"), "o\xca\xbbz-be-kis-ton");
	CHECK_STR(hyph("uz", "o\xe2\x80\x98zbekiston"),
	          "o\xe2\x80\x98z-be-kis-ton");
	CHECK_STR(hyph("uz", "o'zbekiston"), "o'z-be-kis-ton");
	CHECK_STR(hyph("uz", "g\xca\xbb" "alaba"), "g\xca\xbb" "a-la-ba");
	CHECK_STR(hyph("uz", "toshkent"), "tosh-kent");
	CHECK_STR(hyph("uz", "maktablar"), "mak-tab-lar");
	CHECK_STR(hyph("uz-Cyrl", "ўзбекистон"), "ўз-бе-кис-тон");
	CHECK_STR(hyph("tk", "türkmenistan"), "türk-me-nis-tan");
	CHECK_STR(hyph("tk", "ýaşaýyş"), "ýa-şa-ýyş");
	CHECK_STR(hyph("tg", "тоҷикистон"), "то-ҷи-кис-тон");
	CHECK_STR(hyph("tg", "ҳамкорӣ"), "ҳам-ко-рӣ");
}

TEST(hyphenate_other_languages)
{
	CHECK_STR(hyph("fr", "organisation"), "organisation");
	CHECK_STR(hyph(NULL, "organisation"), "organisation");
	CHECK_STR(hyph("kk", "abc123def"), "abc123def");
}

TEST(hyphenate_other_script)
{
	/* A Russian word in an English report takes the Russian patterns,
	 * an English word in a Russian or Kyrgyz one the English patterns. */
	char ru[64];
	snprintf(ru, sizeof(ru), "%s", hyph("ru", "организация"));
	CHECK(strchr(ru, '-') != NULL);
	CHECK_STR(hyph("en", "организация"), ru);
	CHECK_STR(hyph("tk", "организация"), ru);
	char en[64];
	snprintf(en, sizeof(en), "%s", hyph("en", "environmental"));
	CHECK(strchr(en, '-') != NULL);
	CHECK_STR(hyph("ru", "environmental"), en);
	CHECK_STR(hyph("ky", "environmental"), en);
	/* Kazakh, Uzbek and Turkmen Latin words keep their own rules. */
	CHECK_STR(hyph("kk", "qazaqstan"), "qa-zaq-stan");
	CHECK_STR(hyph("uz", "toshkent"), "tosh-kent");
	CHECK_STR(hyph("tk", "türkmenistan"), "türk-me-nis-tan");
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
	sp.pos.line = 1;
	sp.pos.col = 1;
	return sp;
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

static int
has_glyph(const text_para *p, uint32_t cp)
{
	for (size_t l = 0; l < p->nlines; l++)
		for (size_t r = 0; r < p->lines[l].nruns; r++)
			for (size_t g = 0; g < p->lines[l].runs[r].nglyphs; g++)
				if (p->lines[l].runs[r].glyphs[g].cp == cp)
					return 1;
	return 0;
}

TEST(soft_hyphens)
{
	arena a;
	arena_init(&a);
	const char *t = "super\xc2\xad" "cali\xc2\xad" "fragilistic";
	text_span sp = span(t, 10);
	text_para_opts o = {400, TEXT_ALIGN_LEFT, "en", 0, 0, 0, 0, 0, NULL};
	text_para p;
	/* Wide: one line, the soft hyphens invisible and not emitted. */
	CHECK(text_break_paragraph(&p, &a, &sp, 1, &o, &diags) == 0);
	CHECK(p.nlines == 1);
	CHECK(!has_glyph(&p, 0xAD) && !has_glyph(&p, '-'));
	CHECK_NEAR(p.lines[0].width,
	           text_measure(regular.fonts[0], 10, "supercali", 9) +
	               text_measure(regular.fonts[0], 10, "fragilistic", 11),
	           0.5);
	/* Narrow: broken at a soft hyphen, shown as '-'; works even with
	 * hyphenation off. */
	double w = text_measure(regular.fonts[0], 10, "supercali-", 10);
	o.measure = w + 0.5;
	CHECK(text_break_paragraph(&p, &a, &sp, 1, &o, &diags) == 0);
	CHECK(p.nlines == 2);
	if (p.nlines == 2) {
		buf b;
		buf_init(&b);
		line_text(&p.lines[0], &b);
		CHECK_STR(b.data, "supercali-");
		CHECK(p.lines[0].hyphenated);
		CHECK(p.lines[0].width <= o.measure + 0.01);
		CHECK(!p.lines[1].hyphenated);
		buf_free(&b);
	}
	/* Author's soft hyphens replace the dictionary's points. */
	o.hyphenate = 1;
	CHECK(text_break_paragraph(&p, &a, &sp, 1, &o, &diags) == 0);
	CHECK(p.nlines == 2);
	arena_free(&a);
}

/* Every line of text t (lang) broken at measure m, hyphenated, justified:
 * no line is wider than m, lines with spaces fill it, and every hyphen
 * ends a line at a point text_hyphenate_word gives. Return the number of
 * hyphenated lines. */
static size_t
check_hyphenated_para(const char *t, const char *lang, double m)
{
	arena a;
	arena_init(&a);
	text_span sp = span(t, 10);
	text_para_opts o = {m, TEXT_ALIGN_JUSTIFY, lang, 1, 0, 0, 0, 0, NULL};
	text_para p;
	size_t before = diags.count;
	CHECK(text_break_paragraph(&p, &a, &sp, 1, &o, &diags) == 0);
	CHECK(diags.count == before);
	size_t nh = 0;
	buf all;
	buf_init(&all);
	for (size_t l = 0; l < p.nlines; l++) {
		const text_line *ln = &p.lines[l];
		CHECK(ln->width <= m + 0.01);
		if (l + 1 < p.nlines)
			CHECK_NEAR(ln->width, m, 0.01);
		buf b;
		buf_init(&b);
		line_text(ln, &b);
		if (ln->hyphenated) {
			nh++;
			CHECK(b.len > 0 && b.data[b.len - 1] == '-');
			/* The broken word's own hyphenation has that point. */
			/* The fragment: after the last space or hyphen of the
			 * text (a compound's parts are hyphenated apart). */
			b.data[b.len - 1] = '\0';
			const char *sp_at = strrchr(b.data, ' ');
			const char *frag = sp_at ? sp_at + 1 : b.data;
			if (strrchr(frag, '-'))
				frag = strrchr(frag, '-') + 1;
			b.data[b.len - 1] = '-';
			size_t flen = strlen(frag) - 1;
			char head[256];
			snprintf(head, sizeof(head), "%.*s", (int)flen, frag);
			size_t pos[64];
			const char *wend = strstr(t, head);
			CHECK(wend != NULL);
			if (wend) {
				size_t wl = strcspn(wend, " ,.;-");
				size_t n = text_hyphenate_word(lang, wend, wl, pos, 64);
				int found = 0;
				for (size_t k = 0; k < n; k++)
					found |= pos[k] == flen;
				CHECK(found);
			}
			b.len--;
			b.data[b.len] = '\0';
			buf_puts(&all, b.data);
		} else {
			buf_puts(&all, b.data ? b.data : "");
			/* After a hyphen of the text the line breaks without a
			 * space. */
			if (!b.len || b.data[b.len - 1] != '-')
				buf_putc(&all, ' ');
		}
		buf_free(&b);
	}
	/* The text comes back whole. */
	if (all.len && all.data[all.len - 1] == ' ')
		all.data[--all.len] = '\0';
	CHECK_STR(all.data, t);
	buf_free(&all);
	arena_free(&a);
	return nh;
}

TEST(hyphenated_paragraphs)
{
	const char *en =
		"Environmental organisations cooperate with development partners "
		"on transport infrastructure, regional trade facilitation and "
		"energy interconnection across the participating countries.";
	const char *ru =
		"Программа регионального экономического сотрудничества "
		"содействует развитию транспортных коридоров, окружающей среды и "
		"торговли между странами-участницами.";
	const char *kk =
		"Орталық Азия өңірлік экономикалық ынтымақтастық бағдарламасы "
		"қоршаған ортаны қорғауға және көлік дәліздерін дамытуға "
		"бағытталған.";
	size_t total = 0;
	const double ms[] = {110, 150, 200};
	for (size_t i = 0; i < 3; i++) {
		total += check_hyphenated_para(en, "en", ms[i]);
		total += check_hyphenated_para(ru, "ru", ms[i]);
		total += check_hyphenated_para(kk, "kk", ms[i]);
	}
	printf("  hyphenated lines over 9 paragraphs: %zu\n", total);
	CHECK(total >= 5);
}

TEST(hyphenation_lowers_demerits)
{
	const char *ru =
		"Региональный центр содействует диалогу и сотрудничеству всех "
		"заинтересованных сторон в области охраны окружающей среды и "
		"устойчивого развития, укрепляя региональное экологическое "
		"управление и международное партнёрство.";
	text_span sp = span(ru, 10);
	text_para_opts o = {150, TEXT_ALIGN_JUSTIFY, "ru", 0, 0, 0, 0, 0, NULL};
	double off, on;
	size_t n1, n2;
	CHECK(text_break_demerits(&sp, 1, &o, TEXT_BREAK_TOTAL_FIT, &off, &n1,
	                          &diags) == 0);
	o.hyphenate = 1;
	CHECK(text_break_demerits(&sp, 1, &o, TEXT_BREAK_TOTAL_FIT, &on, &n2,
	                          &diags) == 0);
	printf("  ru at 150 pt: demerits %.0f without hyphenation, %.0f with\n",
	       off, on);
	CHECK(on * 10 < off);
}

/* Is any line of t, set at measure m, broken inside the word w? */
static int
splits_word(const char *t, double m, const char *w)
{
	arena a;
	arena_init(&a);
	text_span sp = span(t, 10);
	text_para_opts o = {m, TEXT_ALIGN_JUSTIFY, "en", 1, 0, 0, 0, 0, NULL};
	text_para p;
	int split = 0;
	CHECK(text_break_paragraph(&p, &a, &sp, 1, &o, &diags) == 0);
	size_t wl = strlen(w);
	for (size_t l = 0; l + 1 < p.nlines; l++) {
		buf b;
		buf_init(&b);
		line_text(&p.lines[l], &b);
		/* A line ending in a prefix of w plus '-' broke inside it. */
		for (size_t k = 2; k < wl; k++)
			if (b.len > k && b.data[b.len - 1] == '-' &&
			    memcmp(b.data + b.len - 1 - k, w, k) == 0 &&
			    (b.len == k + 1 || b.data[b.len - 2 - k] == ' '))
				split = 1;
		buf_free(&b);
	}
	arena_free(&a);
	return split;
}

TEST(names_are_not_hyphenated)
{
	/* At every measure from 60 to 200 pt, a mid-sentence name stays
	 * whole, while the same kind of word starting a sentence, or a
	 * common word, does get hyphenated at some measure. */
	const char *t = "The centre works across Kazakhstan, Turkmenistan and "
	                "Afghanistan. Environmental cooperation continues. "
	                "UNDPCARECIFAS. Organisation.";
	int name = 0, initial = 0;
	for (double m = 60; m <= 200; m += 2) {
		name |= splits_word(t, m, "Kazakhstan");
		name |= splits_word(t, m, "Turkmenistan");
		name |= splits_word(t, m, "Afghanistan");
		name |= splits_word(t, m, "UNDPCARECIFAS");
		initial |= splits_word(t, m, "Environmental");
	}
	CHECK(!name);
	CHECK(initial);
}

int
main(void)
{
	diag_init(&diags);
	fonts = text_fonts_new();
	regular.fonts[0] = text_fonts_open(fonts, "fonts/NotoSans-Regular.ttf",
	                                   (src_pos){0}, &diags);
	regular.count = 1;
	if (!regular.fonts[0]) {
		fprintf(stderr, "cannot open fonts (run from the repo root)\n");
		return 1;
	}
	RUN(hyphenate_english);
	RUN(hyphenate_russian);
	RUN(hyphenate_kazakh_kyrgyz);
	RUN(hyphenate_uzbek_turkmen_tajik);
	RUN(hyphenate_other_languages);
	RUN(hyphenate_other_script);
	RUN(soft_hyphens);
	RUN(hyphenated_paragraphs);
	RUN(hyphenation_lowers_demerits);
	RUN(names_are_not_hyphenated);
	text_fonts_free(fonts);
	diag_free(&diags);
	return harness_done();
}
