/* theme_contrast.c - the theme's text-on-background colour pairs, checked
 * against WCAG 2's contrast ratio when the theme loads (issue 18, item 9;
 * docs/templates.md, "Contrast"): text needs 4.5:1 against what it is set
 * on, large text (18 pt, or 14 pt bold) 3:1. A pair under that is a
 * warning at the theme's key for the text colour (or for the background,
 * when the theme sets only that), naming both colours and the ratio.
 *
 * The pairs are where the layout sets text over a colour of the theme
 * (src/layout/styles.c, cover.c, block_callout.c, block_figures.c,
 * block_table.c), with the sizes the layout gives that text, in one table
 * below: a new place that does so is a new row. A pair the theme sets no
 * colour of is the built-in defaults' and is not reported (there is no
 * key to point at). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model/model_internal.h"

/* The covers set their soft text (subtitle, date, the back cover's
 * title) in their background mixed this far towards white, and callout
 * boxes are their tone this strong over white: as src/layout/styles.c's
 * COVER_SOFT and block_callout.c's tint. */
#define COVER_SOFT   0.78
#define CALLOUT_TINT 0.11

/* Where text sits, and the colours it is set in. */
typedef enum which {
	/* body pages: white, or the theme's background colour */
	PAGE,
	TEXT,
	PRIMARY,
	MUTED,
	TINT,
	/* callout titles, and their boxes */
	INFO,
	SUCCESS,
	WARNING,
	INFO_BOX,
	SUCCESS_BOX,
	WARNING_BOX,
	TABLE_FILL,
	TABLE_TEXT,
	ZEBRA,
	COVER_BG,
	COVER_TITLE,
	COVER_SUB,
	COVER_TEXT,
	COVER_ACCENT,
	BACK_BG,
	BACK_TEXT,
	BACK_ACCENT,
	BACK_SOFT
} which;

/* The size text is set at: a theme size times a factor. */
typedef enum size_of { BODY, SMALL, H1, H2 } size_of;

typedef struct pair {
	const char *what; /* the text, for the message */
	which fg, bg;
	size_of size;
	double factor; /* of the size */
	int bold;
} pair;

static const pair pairs[] = {
        {"body text", TEXT, PAGE, BODY, 1, 0},
        {"headings", PRIMARY, PAGE, H2, 1, 1},
        {"captions, labels and running heads", MUTED, PAGE, SMALL, 1, 0},
        {"callout text", TEXT, TINT, BODY, 1, 0},
        {"callout titles", PRIMARY, TINT, BODY, 1, 1},
        {"info callout titles", INFO, INFO_BOX, BODY, 1, 1},
        {"success callout titles", SUCCESS, SUCCESS_BOX, BODY, 1, 1},
        {"warning callout titles", WARNING, WARNING_BOX, BODY, 1, 1},
        {"info callout text", TEXT, INFO_BOX, BODY, 1, 0},
        {"success callout text", TEXT, SUCCESS_BOX, BODY, 1, 0},
        {"warning callout text", TEXT, WARNING_BOX, BODY, 1, 0},
        {"key figures", PRIMARY, TINT, H1, 1.2, 1},
        {"key figure labels", MUTED, TINT, SMALL, 1.125, 0},
        {"table headers", TABLE_TEXT, TABLE_FILL, BODY, 1, 1},
        {"striped table rows", TEXT, ZEBRA, BODY, 1, 0},
        {"the cover's title", COVER_TITLE, COVER_BG, H1, 2.1, 1},
        {"the cover's subtitle and date", COVER_SUB, COVER_BG, BODY, 1.05, 0},
        {"the cover's edition and author", COVER_TEXT, COVER_BG, BODY, 1.15, 1},
        {"the cover's links", COVER_ACCENT, COVER_BG, BODY, 1.05, 0},
        {"the back cover's text", BACK_TEXT, BACK_BG, BODY, 1.05, 0},
        {"the back cover's links", BACK_ACCENT, BACK_BG, BODY, 1.05, 0},
        {"the back cover's title", BACK_SOFT, BACK_BG, SMALL, 1, 0},
};

/* A colour of the layout's making: a mixed towards c by t (0..1). */
static uint32_t
mix(uint32_t a, uint32_t c, double t)
{
	uint32_t out = 0;
	for (int sh = 16; sh >= 0; sh -= 8) {
		double x = (a >> sh) & 0xff, y = (c >> sh) & 0xff;
		out |= (uint32_t)lround(x + (y - x) * t) << sh;
	}
	return out;
}

/* The theme's node at key, then sub (NULL: none), n the theme. */
static const node *
key_at(const node *n, const char *key, const char *sub)
{
	const node *v = n && n->kind == NODE_MAP ? node_get(n, key) : NULL;
	if (v && sub)
		v = v->kind == NODE_MAP ? node_get(v, sub) : NULL;
	return v;
}

/* Colour w of theme t; *at is the node of the theme n that set it (NULL
 * when it is the default), *name what to call it in a message. */
static uint32_t
colour(const model_theme *t, const node *n, which w, const node **at,
       const char **name)
{
	const model_cover_style *cv = &t->templates.cover;
	const model_cover_style *bk = &t->templates.back;
	const node *a = NULL;
	uint32_t c = 0xffffff;
	*name = "white";
	switch (w) {
	case PAGE:
		*name = "the page";
		if (t->templates.background.has_color) {
			c = t->templates.background.color;
			a = key_at(n, "background", NULL);
		}
		break;
	case TEXT:
		c = t->color_text, *name = "text";
		a = key_at(n, "colours", "text");
		break;
	case PRIMARY:
		c = t->color_primary, *name = "primary";
		a = key_at(n, "colours", "primary");
		break;
	case MUTED:
		c = t->color_muted, *name = "muted";
		a = key_at(n, "colours", "muted");
		break;
	case TINT:
		c = t->color_tint, *name = "tint";
		a = key_at(n, "colours", "tint");
		break;
	case INFO:
	case INFO_BOX:
		c = t->color_info, *name = "info";
		a = key_at(n, "colours", "info");
		break;
	case SUCCESS:
	case SUCCESS_BOX:
		c = t->color_success, *name = "success";
		a = key_at(n, "colours", "success");
		break;
	case WARNING:
	case WARNING_BOX:
		c = t->color_warning, *name = "warning";
		a = key_at(n, "colours", "warning");
		break;
	case TABLE_FILL:
		c = t->table.header_fill, *name = "table header-fill";
		a = key_at(n, "table", "header-fill");
		if (!a)
			return colour(t, n, PRIMARY, at, name);
		break;
	case TABLE_TEXT:
		c = t->table.header_text, *name = "table header-text";
		a = key_at(n, "table", "header-text");
		break;
	case ZEBRA:
		c = t->table.zebra_fill, *name = "table zebra-fill";
		a = key_at(n, "table", "zebra-fill");
		if (!a)
			return colour(t, n, TINT, at, name);
		break;
	case COVER_BG:
	case BACK_BG:
	case COVER_SUB:
	case BACK_SOFT: {
		int back = w == BACK_BG || w == BACK_SOFT;
		const model_cover_style *cs = back ? bk : cv;
		*name = back ? "back-cover background" : "cover background";
		a = key_at(n, back ? "back-cover" : "cover", "background");
		c = cs->background;
		if (c == MODEL_COLOR_AUTO)
			c = colour(t, n, PRIMARY, &a, name);
		if (w == COVER_SUB && cv->subtitle_color != MODEL_COLOR_AUTO) {
			c = cv->subtitle_color, *name = "cover subtitle-colour";
			a = key_at(n, "cover", "subtitle-colour");
		} else if (w == COVER_SUB || w == BACK_SOFT) {
			/* The background lightened: set where it is set. */
			c = mix(c, 0xffffff, COVER_SOFT);
			*name = back ? "the back-cover background lightened"
			             : "the cover background lightened";
		}
		break;
	}
	case COVER_TITLE:
		c = cv->title_color, *name = "cover title-colour";
		a = key_at(n, "cover", "title-colour");
		break;
	case COVER_TEXT:
	case BACK_TEXT:
		c = w == BACK_TEXT ? bk->text_color : cv->text_color;
		*name = w == BACK_TEXT ? "back-cover text-colour"
		                       : "cover text-colour";
		a = key_at(n, w == BACK_TEXT ? "back-cover" : "cover",
		           "text-colour");
		break;
	case COVER_ACCENT:
	case BACK_ACCENT:
		c = w == BACK_ACCENT ? bk->accent : cv->accent;
		*name = w == BACK_ACCENT ? "back-cover accent" : "cover accent";
		a = key_at(n, w == BACK_ACCENT ? "back-cover" : "cover",
		           "accent");
		if (c == MODEL_COLOR_AUTO) {
			c = t->color_accent, *name = "accent";
			a = key_at(n, "colours", "accent");
		}
		break;
	}
	if (w == INFO_BOX || w == SUCCESS_BOX || w == WARNING_BOX) {
		c = mix(0xffffff, c, CALLOUT_TINT);
		*name = w == INFO_BOX      ? "the info box (info, pale)"
		        : w == SUCCESS_BOX ? "the success box (success, pale)"
		                           : "the warning box (warning, pale)";
	}
	*at = a;
	return c;
}

/* WCAG 2's relative luminance of an sRGB colour. */
static double
luminance(uint32_t c)
{
	double l[3];
	for (int i = 0; i < 3; i++) {
		double v = ((c >> (16 - 8 * i)) & 0xff) / 255.0;
		l[i] = v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
	}
	return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
}

double
model_contrast(uint32_t a, uint32_t b)
{
	double la = luminance(a), lb = luminance(b);
	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

static double
size_pt(const model_theme *t, const pair *p)
{
	switch (p->size) {
	case SMALL:
		return t->size_small * p->factor;
	case H1:
		return t->size_heading[0] * p->factor;
	case H2:
		return t->size_heading[1] * p->factor;
	case BODY:
	default:
		return t->size_body * p->factor;
	}
}

void
mtheme_contrast_check(model_ctx *c, const node *n, const model_theme *t)
{
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		const pair *p = &pairs[i];
		const node *fa, *ba;
		const char *fname, *bname;
		uint32_t fg = colour(t, n, p->fg, &fa, &fname);
		uint32_t bg = colour(t, n, p->bg, &ba, &bname);
		const node *at = fa ? fa : ba;
		if (!at)
			continue; /* the defaults' */
		double pt = size_pt(t, p);
		int large = pt >= 18 - 0.05 || (p->bold && pt >= 14 - 0.05);
		double need = large ? 3.0 : 4.5;
		double r = model_contrast(fg, bg);
		if (r >= need)
			continue;
		/* Rounded down, as the ratio is compared: 4.497 is not 4.50. */
		diag_warning(c->diags, DIAG_COLOUR, at->pos,
		             "%s: %s #%06x on %s #%06x has a contrast of "
		             "%.2f:1; text of %.3g pt%s needs %.3g:1",
		             p->what, fname, (unsigned)fg, bname, (unsigned)bg,
		             floor(r * 100) / 100, pt, p->bold ? " bold" : "",
		             need);
		int lighter = luminance(fg) > luminance(bg);
		/* White cannot be lighter, black darker, and a colour made
		 * from the background follows it. */
		int stuck = (lighter && fg == 0xffffff) ||
		            (!lighter && fg == 0) ||
		            strncmp(fname, "the ", 4) == 0;
		int bg_stuck =
		        (!lighter && bg == 0xffffff) || (lighter && bg == 0);
		if (bg_stuck && !stuck)
			diag_note(
			        c->diags,
			        "make the text (%s) %s until the pair reaches "
			        "%.3g:1 (WCAG 2): readers with low vision "
			        "cannot "
			        "read it as it is",
			        fname, lighter ? "lighter" : "darker", need);
		else if (stuck)
			diag_note(c->diags,
			          "make the background (%s) %s until the pair "
			          "reaches %.3g:1 (WCAG 2): readers with low "
			          "vision "
			          "cannot read it as it is",
			          bname, lighter ? "darker" : "lighter", need);
		else
			diag_note(c->diags,
			          "make the text (%s) %s or its background "
			          "(%s) %s "
			          "until they reach %.3g:1 (WCAG 2): readers "
			          "with "
			          "low vision cannot read it as it is",
			          fname, lighter ? "lighter" : "darker", bname,
			          lighter ? "darker" : "lighter", need);
	}
}
