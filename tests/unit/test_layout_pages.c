/* test_layout_pages.c - where a page breaks a paragraph: never after a
 * line that ends with a hyphen, and never leaving fewer lines than the
 * theme's orphans at the foot or widows at the head ('paragraphs:'
 * section, 2 and 2 by default). A real paragraph in English and in
 * Russian is laid out below spacers of many heights, so that the page
 * break falls after each of its lines in turn. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "layout/layout.h"
#include "model_fixture.h"
#include "text/text.h"

/* Sentences of the reports' history chapter (reports/content/). */
static const char *const EN =
        "CAREC was established in 2001 by a joint decision of all five "
        "Central Asian states, together with the European Union and UNDP. "
        "Its creation followed the resolution of the IV Pan-European "
        "Conference, held in Aarhus, Denmark, in 1998. Since its inception, "
        "CAREC has grown into a regional organisation with a well-established "
        "network of country offices, recognised by governments, international "
        "agencies and civil society as a professional partner in environmental "
        "cooperation and sustainable development in Central Asia and "
        "Afghanistan.";
static const char *const RU =
        "РЭЦЦА был учреждён в 2001 году по совместному решению всех пяти "
        "государств Центральной Азии, а также Европейского союза и ПРООН. "
        "Это решение было принято в развитие резолюции IV Общеевропейской "
        "конференции, состоявшейся в 1998 году в Орхусе. За эти годы РЭЦЦА "
        "укрепил свой кадровый, технический и институциональный потенциал и "
        "стал по-настоящему независимой и признанной природоохранной "
        "организацией, которую правительства, международные агентства и "
        "гражданское общество признают профессиональным партнёром.";

/* One line of the paragraph on a page: its baseline and whether its last
 * glyph is a hyphen. */
typedef struct pline {
	double y;
	int hyphen;
} pline;

/* The paragraph's lines on page p, top down, in out (up to max); their
 * number. */
static size_t
page_lines(const layout_page *p, pline *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < p->nitems; i++) {
		const layout_item *it = &p->items[i];
		if (it->kind != LITEM_TEXT ||
		    strcmp(it->role, "paragraph") != 0 ||
		    it->u.text.nglyphs == 0)
			continue;
		const layout_text *t = &it->u.text;
		if (n == 0 || t->y > out[n - 1].y + 0.5) {
			if (n == max)
				break;
			out[n].y = t->y;
			n++;
		}
		/* Runs of a line come left to right: the last says. */
		uint16_t cp = t->cps[t->nglyphs - 1];
		out[n - 1].hyphen = cp == '-' || cp == 0x2010;
	}
	return n;
}

/* How the paragraph split below a spacer of `space` points, or -1 when
 * the layout failed. */
typedef struct split {
	size_t foot, head; /* its lines on the first page and on the second */
	int foot_hyphen;   /* the first page's last line ends with '-' */
	int any_hyphen;    /* some line of the paragraph does */
} split;

/* Lay out the paragraph (text, `times` times over; with keep, its
 * lines all keep together, and a page break has to cut the chain). */
static int
lay_out_text(const char *lang, const char *text, int times, int keep,
             int orphans, int widows, double space, split *out)
{
	char *yaml = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&yaml, &len);
	/* A 90mm measure: English hyphenates too. */
	fprintf(f,
	        "document: {title: T, language: %s}\n"
	        "theme: {paragraphs: {orphans: %d, widows: %d},\n"
	        "        page: {margins: {left: 60mm, right: 60mm}}}\n"
	        "content:\n  - spacer: %.1fpt\n  - paragraph: \"",
	        lang, orphans, widows, space);
	for (int i = 0; i < times; i++)
		fprintf(f, "%s%s", i ? " " : "", text);
	fprintf(f, "\"\n%s", keep ? "    keep-together: true\n" : "");
	fclose(f);
	diag_list d;
	arena a;
	model_doc *doc = build(yaml, &d, &a);
	free(yaml);
	text_fonts *fs = text_fonts_new();
	layout_doc *ld = NULL;
	int rc = -1;
	if (doc && d.errors == 0 &&
	    layout_document(&ld, doc, fs, NULL, &d) == 0) {
		pline a1[64], a2[64];
		memset(out, 0, sizeof(*out));
		out->foot =
		        ld->npages > 0 ? page_lines(&ld->pages[0], a1, 64) : 0;
		out->head =
		        ld->npages > 1 ? page_lines(&ld->pages[1], a2, 64) : 0;
		out->foot_hyphen =
		        out->foot && out->head && a1[out->foot - 1].hyphen;
		for (size_t i = 0; i < out->foot; i++)
			out->any_hyphen |= a1[i].hyphen;
		for (size_t i = 0; i < out->head; i++)
			out->any_hyphen |= a2[i].hyphen;
		rc = 0;
	} else {
		diag_print_all(&d, stderr, 0);
	}
	layout_free(ld);
	text_fonts_free(fs);
	done(doc, &d, &a);
	return rc;
}

static int
lay_out(const char *lang, const char *text, int orphans, int widows,
        double space, split *out)
{
	return lay_out_text(lang, text, 1, 0, orphans, widows, space, out);
}

/* Move the paragraph down a page in steps of a third of a line: each
 * line of it comes to the page's foot. Every split keeps the lines the
 * theme asks for, none ends a page with a hyphen, some do split, and
 * the paragraph has hyphenated lines (so the rule was put to the test). */
static void
check_splits(const char *lang, const char *text, int orphans, int widows)
{
	int splits = 0, hyphens = 0, ok = 1;
	for (double space = 480; space < 700; space += 14.5 / 3) {
		split s;
		if (lay_out(lang, text, orphans, widows, space, &s) != 0) {
			CHECK(!"the document lays out");
			return;
		}
		hyphens |= s.any_hyphen;
		if (!s.foot || !s.head)
			continue;
		splits++;
		if (s.foot < (size_t)orphans || s.head < (size_t)widows ||
		    s.foot_hyphen) {
			fprintf(stderr,
			        "%s, orphans %d, widows %d, spacer %.1fpt: "
			        "%zu lines at the foot%s, %zu at the head\n",
			        lang, orphans, widows, space, s.foot,
			        s.foot_hyphen ? " (the last hyphenated)" : "",
			        s.head);
			ok = 0;
		}
	}
	CHECK(ok);
	CHECK(splits >= 3);
	CHECK(hyphens);
}

TEST(english_breaks_keep_two_lines_and_whole_words)
{
	check_splits("en", EN, 2, 2);
}

TEST(russian_breaks_keep_two_lines_and_whole_words)
{
	check_splits("ru", RU, 2, 2);
}

TEST(three_lines_at_the_foot_when_the_theme_asks)
{
	check_splits("en", EN, 3, 2);
	check_splits("ru", RU, 3, 3);
}

TEST(one_line_alone_when_the_theme_allows_it)
{
	/* orphans 1: some spacer leaves the first line alone at the foot
	 * (which the defaults forbid), but still not a hyphenated one. */
	int alone = 0;
	for (double space = 480; space < 700; space += 14.5 / 3) {
		split s;
		if (lay_out("en", EN, 1, 1, space, &s) != 0) {
			CHECK(!"the document lays out");
			return;
		}
		if (s.foot == 1 && s.head)
			alone++;
		CHECK(!s.foot_hyphen);
	}
	CHECK(alone > 0);
}

TEST(a_chain_taller_than_a_page_is_cut_after_a_whole_word)
{
	/* Kept together, five times the paragraph is taller than a page:
	 * the break cuts it where the page is full, but a line up when the
	 * last line there ends with a hyphen. */
	int cut = 0;
	for (double space = 0; space < 60; space += 14.5 / 3) {
		split s;
		if (lay_out_text("ru", RU, 5, 1, 2, 2, space, &s) != 0) {
			CHECK(!"the document lays out");
			return;
		}
		CHECK(s.foot > 20 && s.head > 0);
		CHECK(!s.foot_hyphen);
		cut += s.any_hyphen;
	}
	CHECK(cut > 0);
}

TEST(theme_section_defaults_and_values)
{
	diag_list d;
	arena a;
	model_doc *doc = build(
	        "document: {title: T}\ncontent: [paragraph: x]\n", &d, &a);
	CHECK(doc && doc->theme.orphans == 2 && doc->theme.widows == 2);
	done(doc, &d, &a);
	doc = build("document: {title: T}\n"
	            "theme: {paragraphs: {orphans: 3, widows: 4}}\n"
	            "content: [paragraph: x]\n",
	            &d, &a);
	CHECK(doc && doc->theme.orphans == 3 && doc->theme.widows == 4);
	done(doc, &d, &a);
}

/* Each bad value is an error at its own place, with a note that says
 * what the number means. */
TEST(theme_section_bad_values)
{
	static const struct {
		const char *theme, *message;
		int line, col;
	} cases[] = {
	        {"{paragraphs: {orphans: 0}}",
	         "0 is out of range; use a number from 1 to 5", 2, 31},
	        {"{paragraphs: {widows: two}}",
	         "expected a whole number, got 'two'", 2, 30},
	        {"{paragraphs: {orphan: 3}}", "unknown key 'orphan'", 2, 22},
	        {"{paragraphs: {orphans: [3]}}", "got a list", 2, 31},
	        {"{paragraphs: 3}", "expected the paragraph settings", 2, 21},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char yaml[256];
		snprintf(yaml, sizeof(yaml),
		         "document: {title: T}\ntheme: %s\ncontent: "
		         "[paragraph: x]\n",
		         cases[i].theme);
		diag_list d;
		arena a;
		model_doc *doc = build(yaml, &d, &a);
		CHECK(d.errors == 1);
		const diag *g = d.count ? &d.items[0] : NULL;
		CHECK(g && strstr(g->message, cases[i].message));
		CHECK(g && g->pos.line == cases[i].line &&
		      g->pos.col == cases[i].col);
		/* A number out of range or not a number says what it means;
		 * a list is plainly no number. */
		if (i < 2)
			CHECK(g && g->note &&
			      strstr(g->note, "lines of a paragraph"));
		if (i == 3)
			CHECK(g && !g->note);
		done(doc, &d, &a);
	}
}

int
main(void)
{
	RUN(english_breaks_keep_two_lines_and_whole_words);
	RUN(russian_breaks_keep_two_lines_and_whole_words);
	RUN(three_lines_at_the_foot_when_the_theme_asks);
	RUN(one_line_alone_when_the_theme_allows_it);
	RUN(a_chain_taller_than_a_page_is_cut_after_a_whole_word);
	RUN(theme_section_defaults_and_values);
	RUN(theme_section_bad_values);
	return harness_done();
}
