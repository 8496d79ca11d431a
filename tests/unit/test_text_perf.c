/* test_text_perf.c - the caches that make the text stage fast give the
 * same answers as the work they save: hyphenation points per word and
 * the fonts' coverage. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "text/hyphen.h"
#include "text/text.h"

/* The points of w, as "2,5,9" (n is stored in *count). */
static const char *
points(const char *lang, const char *w, size_t max, size_t *count)
{
	static char out[512];
	size_t pos[64];
	size_t n = text_hyphenate_word(lang, w, strlen(w), pos, max);
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n && o + 8 < sizeof(out); i++)
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%zu",
		                      i ? "," : "", pos[i]);
	if (count)
		*count = n;
	return out;
}

TEST(hyphenation_cache_answers_as_first_time)
{
	static const struct {
		const char *lang, *word, *want;
	} cases[] = {
		/* en-vi-ron-men-tal, pro-gram-ma, ор-та-ны (byte offsets) */
		{"en", "environmental", "2,4,7,10"},
		{"ru", "программа", "6,14"},
		{"kk", "ортаны", "4,8"},
		/* The same word in another language is another entry:
		 * pro-gramma (the English minimum is 3 letters after). */
		{"en", "programma", "3"},
		/* and in Kazakh (Latin) the syllable rule: prog-ram-ma. */
		{"kk", "programma", "4,7"},
	};
	for (int round = 0; round < 3; round++)
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			const char *got = points(cases[i].lang, cases[i].word, 64, NULL);
			if (strcmp(got, cases[i].want) != 0)
				fprintf(stderr, "round %d: %s %s: %s, want %s\n", round,
				        cases[i].lang, cases[i].word, got, cases[i].want);
			CHECK_STR(got, cases[i].want);
		}
	/* A smaller max gives the first points of the cached answer. */
	size_t n = 0;
	CHECK_STR(points("en", "environmental", 2, &n), "2,4");
	CHECK(n == 2);
	CHECK_STR(points("en", "environmental", 64, &n), "2,4,7,10");
	CHECK(n == 4);
	/* No language, or max 0: nothing, cached or not. */
	CHECK_STR(points("xx", "environmental", 64, &n), "");
	CHECK(n == 0);
	CHECK_STR(points("en", "environmental", 0, &n), "");
	CHECK(n == 0);
}

TEST(hyphenation_cache_survives_its_reset)
{
	/* Enough different words to fill the cache's pool several times:
	 * the answers of the first words are the same afterwards. */
	static const char *const syl[] = {"ба", "ке", "ты", "ло", "му",
	                                  "ра", "се", "ді", "жо", "қа"};
	char first[50][64], want[50][128];
	char w[64];
	for (int k = 0; k < 400000; k++) {
		int v = k;
		size_t o = 0;
		for (int s = 0; s < 6; s++) {
			memcpy(w + o, syl[v % 10], strlen(syl[v % 10]));
			o += strlen(syl[v % 10]);
			v /= 10;
		}
		w[o] = '\0';
		const char *got = points("kk", w, 64, NULL);
		if (k < 50) {
			strcpy(first[k], w);
			strcpy(want[k], got);
		}
	}
	int same = 1;
	for (int k = 0; k < 50; k++)
		same &= strcmp(points("kk", first[k], 64, NULL), want[k]) == 0;
	CHECK(same);
	/* балакебақа...: ба-ла-ке-... a break before each consonant
	 * between vowels. */
	CHECK_STR(want[0], "4,8,12,16,20");
}

TEST(font_coverage_cache)
{
	text_fonts *fs = text_fonts_new();
	diag_list d;
	diag_init(&d);
	text_font *f = text_fonts_open(fs, "fonts/NotoSans-Regular.ttf",
	                               (src_pos){0}, &d);
	CHECK(f != NULL);
	if (!f) {
		text_fonts_free(fs);
		diag_free(&d);
		return;
	}
	for (int round = 0; round < 2; round++) {
		CHECK(text_font_has(f, 'A'));
		CHECK(text_font_has(f, 0x0416));  /* Ж */
		CHECK(text_font_has(f, 0x04D9));  /* ә */
		CHECK(!text_font_has(f, 0x4E00)); /* a CJK ideograph */
		CHECK(!text_font_has(f, 0xFFFF));
		CHECK(!text_font_has(f, 0x1F600)); /* beyond the BMP */
	}
	/* Every code point answers the same asked once or many times. */
	int same = 1;
	for (uint32_t cp = 0; cp < 0x10000; cp += 3) {
		int a = text_font_has(f, cp);
		same &= a == text_font_has(f, cp);
	}
	CHECK(same);
	text_fonts_free(fs);
	diag_free(&d);
}

int
main(void)
{
	RUN(hyphenation_cache_answers_as_first_time);
	RUN(hyphenation_cache_survives_its_reset);
	RUN(font_coverage_cache);
	return harness_done();
}
