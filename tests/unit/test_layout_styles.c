/* test_layout_styles.c - the named paragraph styles (layout/lstyle.h),
 * built from a theme, and the reader of the theme's named colours. */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "model_fixture.h"
#include "layout/lgraphics.h"
#include "layout/lstyle.h"

/* The diagnostic whose message contains part, or NULL. */
static const diag *
find(const diag_list *d, const char *part)
{
	for (size_t i = 0; i < d->count; i++)
		if (strstr(d->items[i].message, part))
			return &d->items[i];
	return NULL;
}

/* A theme with its own sizes and colours, and a front cover with a
 * title colour but no subtitle colour (it is then derived). */
static const char *const THEME =
	"document: {title: T}\n"
	"theme:\n"
	"  sizes: {body: 9pt, small: 7pt, h1: 21pt, h2: 17pt, h3: 13pt,\n"
	"          line-height: 1.6}\n"
	"  colours: {text: '#010203', primary: '#123456', accent: '#aa5500',\n"
	"            muted: '#0a0b0c', tint: '#f0f1f2', info: '#000011',\n"
	"            success: '#002200', warning: '#330000'}\n"
	"  cover: {title-colour: '#fedcba'}\n"
	"content: [paragraph: x]\n";

TEST(styles_come_from_the_theme)
{
	diag_list d;
	arena a;
	model_doc *doc = build(THEME, &d, &a);
	CHECK(doc != NULL);
	CHECK(d.errors == 0);
	if (!doc) {
		done(doc, &d, &a);
		return;
	}
	arena mem;
	arena_init(&mem);
	const lstyles *st = lstyles_new(&mem, &doc->theme);
	const lpara_style *p = &st->s[LSTYLE_PARAGRAPH];
	CHECK(p->role == ROLE_BODY && p->base_style == 0);
	CHECK_NEAR(p->size, 9, 1e-9);
	CHECK_NEAR(p->line_height, 1.6, 1e-9);
	CHECK(p->color == 0x010203);
	CHECK_STR(p->role_name, "paragraph");

	/* Headings: the heading font in bold, at the theme's sizes; the
	 * third level in the text colour, the others in the primary. */
	const double hs[3] = {21, 17, 13};
	for (int k = 0; k < 3; k++) {
		const lpara_style *h = &st->s[LSTYLE_HEADING1 + k];
		CHECK(h->role == ROLE_HEADING && h->base_style == MODEL_BOLD);
		CHECK_NEAR(h->size, hs[k], 1e-9);
		CHECK(h->color == (k == 2 ? 0x010203u : 0x123456u));
		CHECK(h->keep_lines == 1);
	}
	const lpara_style *q = &st->s[LSTYLE_QUOTE];
	CHECK(q->role == ROLE_BODY && q->base_style == MODEL_ITALIC);
	CHECK_NEAR(q->size, 9 * 1.15, 1e-9);
	const lpara_style *c = &st->s[LSTYLE_CAPTION];
	CHECK(c->base_style == MODEL_ITALIC && c->color == 0x0a0b0c);
	CHECK_NEAR(c->size, 7, 1e-9);
	const lpara_style *v = &st->s[LSTYLE_FIGURE_VALUE];
	CHECK(v->role == ROLE_HEADING && v->color == 0x123456);
	CHECK_NEAR(v->size, 21 * 1.2, 1e-9);
	const lpara_style *rh = &st->s[LSTYLE_RUNNING_HEAD];
	CHECK_NEAR(rh->size, 7, 1e-9);
	CHECK(rh->color == 0x0a0b0c);
	/* Small tables: the small size, the header in the table's colour. */
	CHECK_NEAR(st->s[LSTYLE_SMALL_TABLE_CELL].size, 7, 1e-9);
	CHECK_NEAR(st->s[LSTYLE_TABLE_CELL].line_height, 1.3, 1e-9);
	CHECK(st->s[LSTYLE_TABLE_HEADER].color ==
	      doc->theme.table.header_text);

	/* The cover: its own title colour; the subtitle's derived from the
	 * background (the primary colour here). */
	const lpara_style *ct = &st->s[LSTYLE_COVER_TITLE];
	CHECK(ct->color == 0xfedcba);
	CHECK_NEAR(ct->size, 21 * 2.1, 1e-9);
	CHECK(st->s[LSTYLE_COVER_SUBTITLE].color ==
	      lgfx_mix(0x123456, 0xffffff, 0.78));

	/* Every style is set: a size, and no frame. */
	for (int k = 0; k < LSTYLE_COUNT; k++) {
		CHECK(st->s[k].size > 0);
		CHECK(st->s[k].frame == -1);
	}
	arena_free(&mem);
	done(doc, &d, &a);
}

TEST(styles_follow_another_theme)
{
	/* A panel's own colour: the styles built from a changed copy of the
	 * theme use it, and the document's are unchanged. */
	diag_list d;
	arena a;
	model_doc *doc = build(THEME, &d, &a);
	CHECK(doc != NULL);
	if (!doc) {
		done(doc, &d, &a);
		return;
	}
	arena mem;
	arena_init(&mem);
	const lstyles *st = lstyles_new(&mem, &doc->theme);
	model_theme t = doc->theme;
	t.color_text = t.color_primary = t.color_muted = 0x445566;
	const lstyles *pt = lstyles_new(&mem, &t);
	CHECK(pt->s[LSTYLE_PARAGRAPH].color == 0x445566);
	CHECK(pt->s[LSTYLE_HEADING1].color == 0x445566);
	CHECK(st->s[LSTYLE_PARAGRAPH].color == 0x010203);
	CHECK(st->s[LSTYLE_HEADING1].color == 0x123456);
	arena_free(&mem);
	done(doc, &d, &a);
}

TEST(colour_reader)
{
	diag_list d;
	arena a;
	model_doc *doc = build(THEME, &d, &a);
	CHECK(doc != NULL);
	if (!doc) {
		done(doc, &d, &a);
		return;
	}
	const model_theme *th = &doc->theme;
	const uint32_t want[MODEL_COLOUR_COUNT] = {
		0x010203, 0x123456, 0xaa5500, 0x0a0b0c,
		0xf0f1f2, 0x000011, 0x002200, 0x330000};
	for (int k = 0; k < MODEL_COLOUR_COUNT; k++)
		CHECK(model_theme_colour(th, (model_colour)k) == want[k]);
	CHECK(th->color_primary == 0x123456 && th->color_warning == 0x330000);
	CHECK_STR(model_colour_names[MODEL_COLOUR_TEXT], "text");
	CHECK_STR(model_colour_names[MODEL_COLOUR_TINT], "tint");
	CHECK_STR(model_colour_names[MODEL_COLOUR_WARNING], "warning");
	CHECK(model_colour_names[MODEL_COLOUR_COUNT] == NULL);
	done(doc, &d, &a);
}

TEST(unknown_colour_name)
{
	/* A name the theme has no colour for is an error at its key, with
	 * the nearest name (as before the one reader), and the only one. */
	diag_list d;
	arena a;
	model_doc *doc = build("document: {title: T}\n"
	                       "theme:\n"
	                       "  colours: {text: '#010203', primery: '#ff0000',\n"
	                       "            muted: '#0a0b0c'}\n"
	                       "content: [paragraph: x]\n",
	                       &d, &a);
	CHECK(doc == NULL);
	CHECK(d.errors == 1);
	const diag *g = find(&d, "unknown key 'primery' in the colours");
	CHECK(g != NULL);
	CHECK(g && g->pos.line == 3 && g->pos.col == 30);
	CHECK(g && g->note && strstr(g->note, "'primary'"));
	done(doc, &d, &a);
}

/* Display text (issue 16): only running text is hyphenated, and titles,
 * headings, callout titles and figure labels are balanced; on a colour of
 * its own (a cover panel) paragraphs and list items are display text. */
TEST(display_text_is_not_hyphenated)
{
	diag_list d;
	arena a;
	model_doc *doc = build(THEME, &d, &a);
	CHECK(doc != NULL);
	if (!doc) {
		done(doc, &d, &a);
		return;
	}
	arena mem;
	arena_init(&mem);
	const lstyles *st = lstyles_new(&mem, &doc->theme);
	const lstyles *rev = lstyles_reversed(&mem, &doc->theme);
	static const lstyle_id balanced[] = {
	        LSTYLE_HEADING1,       LSTYLE_HEADING2,
	        LSTYLE_HEADING3,       LSTYLE_CALLOUT_TITLE,
	        LSTYLE_FIGURE_VALUE,   LSTYLE_FIGURE_LABEL,
	        LSTYLE_TIMELINE_TITLE, LSTYLE_TIMELINE_TITLE_ACROSS,
	        LSTYLE_CONTENTS_TITLE, LSTYLE_TITLE,
	        LSTYLE_SUBTITLE,       LSTYLE_COVER_TITLE,
	        LSTYLE_COVER_SUBTITLE, LSTYLE_BACK_COVER_TITLE,
	};
	for (int id = 0; id < LSTYLE_COUNT; id++) {
		int running = id == LSTYLE_PARAGRAPH || id == LSTYLE_LIST_ITEM;
		int bal = 0;
		for (size_t i = 0; i < sizeof(balanced) / sizeof(*balanced);
		     i++)
			bal |= balanced[i] == (lstyle_id)id;
		if (st->s[id].hyphenate != running || st->s[id].balance != bal)
			printf("  style %d: hyphenate %d, balance %d\n", id,
			       st->s[id].hyphenate, st->s[id].balance);
		CHECK(st->s[id].hyphenate == running);
		CHECK(st->s[id].balance == bal);
		CHECK(rev->s[id].hyphenate == 0);
		CHECK(rev->s[id].balance == (bal || id == LSTYLE_PARAGRAPH));
		/* Everything else is the theme's, as on white. */
		CHECK_NEAR(rev->s[id].size, st->s[id].size, 1e-9);
		CHECK(rev->s[id].color == st->s[id].color);
	}
	arena_free(&mem);
	done(doc, &d, &a);
}

int
main(void)
{
	RUN(styles_come_from_the_theme);
	RUN(display_text_is_not_hyphenated);
	RUN(styles_follow_another_theme);
	RUN(colour_reader);
	RUN(unknown_colour_name);
	return harness_done();
}
