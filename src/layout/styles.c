/* styles.c - the named paragraph styles (lstyle.h), built from the
 * theme: its sizes, line height and colours, and the covers' colours.
 * What the theme does not say (a quote is 1.15 times the body size, a
 * heading's leading is 1.25) is fixed here, in one table. */
#include <string.h>

#include "layout/lgraphics.h"
#include "layout/lstyle.h"
#include "layout/nav.h"

/* Covers set their soft text (subtitle, date, the back cover's title)
 * in their background mixed this far towards white. */
#define COVER_SOFT 0.78

#define L TEXT_ALIGN_LEFT
#define R TEXT_ALIGN_RIGHT
#define C TEXT_ALIGN_CENTER

/* One style: what is not given is 0 (no hyphenation, lines may part),
 * and no frame. */
static void
put(lstyles *out, lstyle_id id, int role, unsigned base, double size,
    double lh, uint32_t color, text_align align, int hyphenate,
    int keep_lines, layout_role name)
{
	lpara_style *ps = &out->s[id];
	memset(ps, 0, sizeof(*ps));
	ps->role = role;
	ps->base_style = base;
	ps->size = size;
	ps->line_height = lh;
	ps->color = color;
	ps->align = align;
	ps->hyphenate = hyphenate;
	ps->keep_lines = keep_lines;
	ps->role_name = name;
	ps->frame = -1;
}

/* The covers' styles: their colours are the cover's (cover.c paints the
 * background they are set on). */
static void
covers(lstyles *o, const model_theme *th)
{
	const model_cover_style *cv = &th->templates.cover;
	const model_cover_style *bk = &th->templates.back;
	uint32_t soft = lgfx_mix(lcover_background(th, cv), 0xffffff,
	                         COVER_SOFT);
	uint32_t sub = cv->subtitle_color == MODEL_COLOR_AUTO
	               ? soft : cv->subtitle_color;
	uint32_t back_soft = lgfx_mix(lcover_background(th, bk), 0xffffff,
	                              COVER_SOFT);
	const int H = ROLE_HEADING, B = ROLE_BODY;
	const unsigned BOLD = MODEL_BOLD;
	double body = th->size_body;
	put(o, LSTYLE_COVER_TITLE, H, BOLD, th->size_heading[0] * 2.1, 1.1,
	    cv->title_color, L, 0, 1, "cover-title");
	put(o, LSTYLE_COVER_SUBTITLE, B, 0, th->size_heading[1] * 1.1, 1.3,
	    sub, L, 0, 1, "cover-subtitle");
	put(o, LSTYLE_COVER_AUTHOR, H, BOLD, body * 1.15, 1.35, cv->text_color,
	    R, 0, 1, "cover-author");
	put(o, LSTYLE_COVER_EDITION, B, BOLD, body * 1.15, 1.35,
	    cv->text_color, L, 0, 1, "cover-edition");
	put(o, LSTYLE_COVER_DATE, B, 0, body * 1.05, 1.35, sub, L, 0, 1,
	    "cover-date");
	put(o, LSTYLE_COVER_NAME, H, BOLD, 15, 1.2, cv->text_color, L, 0, 1,
	    "cover-logo");
	put(o, LSTYLE_BACK_COVER_NAME, H, BOLD, 18, 1.2, bk->text_color, C, 0,
	    1, "cover-logo");
	put(o, LSTYLE_BACK_COVER_TEXT, B, 0, body * 1.05, 1.6, bk->text_color,
	    C, 0, 1, "back-cover-text");
	put(o, LSTYLE_BACK_COVER_TITLE, B, 0, th->size_small, 1.3, back_soft,
	    C, 0, 1, "back-cover-title");
}

static lstyles *
build(arena *mem, const model_theme *th)
{
	lstyles *o = arena_alloc(mem, sizeof(*o));
	const int H = ROLE_HEADING, B = ROLE_BODY;
	const unsigned BOLD = MODEL_BOLD, ITALIC = MODEL_ITALIC;
	const double body = th->size_body, small = th->size_small;
	const double lh = th->line_height;
	/* Cells set tighter than running text: rows read as rows. */
	const double cell_lh = lh < 1.3 ? lh : 1.3;
	const uint32_t text = th->color_text, primary = th->color_primary;
	const uint32_t muted = th->color_muted;

	put(o, LSTYLE_PARAGRAPH, B, 0, body, lh, text, L, 1, 0, "paragraph");
	put(o, LSTYLE_HEADING1, H, BOLD, th->size_heading[0], 1.25, primary, L,
	    0, 1, "heading");
	put(o, LSTYLE_HEADING2, H, BOLD, th->size_heading[1], 1.25, primary, L,
	    0, 1, "heading");
	put(o, LSTYLE_HEADING3, H, BOLD, th->size_heading[2], 1.25, text, L,
	    0, 1, "heading");
	put(o, LSTYLE_LIST_ITEM, B, 0, body, lh, text, L, 1, 0, "list-item");
	/* Display text (everything but paragraphs and list items) is never
	 * hyphenated: a broken word in a title, a callout or a caption is
	 * the first thing a reader's eye meets. */
	put(o, LSTYLE_QUOTE, B, ITALIC, body * 1.15, lh, text, L, 0, 0,
	    "quote");
	put(o, LSTYLE_ATTRIBUTION, B, 0, small * 1.1, lh, muted, L, 0, 0,
	    "attribution");
	put(o, LSTYLE_CALLOUT, B, 0, body, lh, text, L, 0, 0, "callout");
	put(o, LSTYLE_CALLOUT_TITLE, H, BOLD, body, lh, primary, L, 0, 1,
	    "callout-title");
	put(o, LSTYLE_CAPTION, B, ITALIC, small, lh, muted, C, 0, 1, "caption");
	put(o, LSTYLE_GRAPHIC_CAPTION, B, ITALIC, small, lh, muted, C, 0, 1,
	    "caption");
	put(o, LSTYLE_FIGURE_VALUE, H, BOLD, th->size_heading[0] * 1.2, 1.15,
	    primary, C, 0, 1, "figure-value");
	put(o, LSTYLE_FIGURE_LABEL, B, 0, small * 1.125, 1.35, muted, C, 0, 1,
	    "figure-label");
	put(o, LSTYLE_TIMELINE_YEAR, H, BOLD, body * 1.1, 1.25, primary, R, 0,
	    1, "timeline-year");
	put(o, LSTYLE_TIMELINE_TITLE, H, BOLD, body * 1.05, lh, text, L, 0, 1,
	    "timeline-title");
	put(o, LSTYLE_TIMELINE_TEXT, B, 0, body, lh, text, L, 0, 1,
	    "timeline-text");
	/* Centred text in narrow columns reads better unhyphenated. */
	put(o, LSTYLE_TIMELINE_YEAR_ACROSS, H, BOLD, body * 1.3, 1.25, primary,
	    C, 0, 1, "timeline-year");
	put(o, LSTYLE_TIMELINE_TITLE_ACROSS, H, BOLD, body * 1.05, lh, text, C,
	    0, 1, "timeline-title");
	put(o, LSTYLE_TIMELINE_TEXT_ACROSS, B, 0, body * 0.9, lh, text, C, 0,
	    1, "timeline-text");
	/* A cell's alignment and hyphenation are its column's. */
	const double cell[2] = {body, small};
	for (int k = 0; k < 2; k++) {
		int d = k * (LSTYLE_SMALL_TABLE_CELL - LSTYLE_TABLE_CELL);
		double sz = cell[k];
		put(o, (lstyle_id)(LSTYLE_TABLE_CELL + d), B, 0, sz, cell_lh, text,
		    L, 0, 0, NULL);
		put(o, (lstyle_id)(LSTYLE_TABLE_HEADER + d), B, BOLD, sz, cell_lh,
		    th->table.header_text, L, 0, 0, NULL);
		put(o, (lstyle_id)(LSTYLE_TABLE_CAPTION + d), B, BOLD, sz, lh,
		    text, L, 0, 1, "table-caption");
	}
	put(o, LSTYLE_CONTENTS_TITLE, H, BOLD, th->size_heading[0], 1.25,
	    primary, L, 0, 1, "contents-title");
	put(o, LSTYLE_CONTENTS_ENTRY1, B, BOLD, body + 0.5, 1.35, text, L, 0, 1,
	    "contents-entry");
	put(o, LSTYLE_CONTENTS_ENTRY2, B, 0, body, 1.35, text, L, 0, 1,
	    "contents-entry");
	put(o, LSTYLE_CONTENTS_ENTRY3, B, 0, body, 1.35, muted, L, 0, 1,
	    "contents-entry");
	put(o, LSTYLE_RUNNING_HEAD, B, 0, small, 0, muted, L, 0, 0, NULL);
	put(o, LSTYLE_TITLE, H, BOLD, th->size_heading[0] * 1.35, 1.15, primary,
	    L, 0, 1, "title");
	put(o, LSTYLE_SUBTITLE, B, 0, th->size_heading[1], 1.3, muted, L, 0, 1,
	    "subtitle");
	covers(o, th);
	/* Display lines: two or more lines of similar length, broken by
	 * sense, never one word alone on the last (para.c, lpara_balance). */
	static const lstyle_id balanced[] = {
	        LSTYLE_HEADING1,       LSTYLE_HEADING2,
	        LSTYLE_HEADING3,       LSTYLE_CALLOUT_TITLE,
	        LSTYLE_FIGURE_VALUE,   LSTYLE_FIGURE_LABEL,
	        LSTYLE_TIMELINE_TITLE, LSTYLE_TIMELINE_TITLE_ACROSS,
	        LSTYLE_CONTENTS_TITLE, LSTYLE_TITLE,
	        LSTYLE_SUBTITLE,       LSTYLE_COVER_TITLE,
	        LSTYLE_COVER_SUBTITLE, LSTYLE_BACK_COVER_TITLE,
	};
	for (size_t i = 0; i < sizeof(balanced) / sizeof(*balanced); i++)
		o->s[balanced[i]].balance = 1;
	return o;
}

const lstyles *
lstyles_new(arena *mem, const model_theme *th)
{
	return build(mem, th);
}

const lstyles *
lstyles_reversed(arena *mem, const model_theme *th)
{
	/* Reversed text is read as display type: a short tagline on a
	 * cover, a contact panel. */
	lstyles *o = build(mem, th);
	o->s[LSTYLE_PARAGRAPH].hyphenate = 0;
	o->s[LSTYLE_PARAGRAPH].balance = 1;
	o->s[LSTYLE_LIST_ITEM].hyphenate = 0;
	return o;
}

lpara_style
lstyle(const lflow *f, lstyle_id id)
{
	return f->styles->s[id];
}
