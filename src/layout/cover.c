/* cover.c - the front and back covers: full-bleed colour, contour rings,
 * the title, subtitle, edition and date, contact text, and the logo (or
 * the author's name where there is none). */
#include <stdio.h>
#include <string.h>

#include "layout/lgraphics.h"
#include "layout/lstyle.h"
#include "layout/nav.h"

/* ---- the covers' geometry ----
 *
 * Where things sit on a cover, as fractions of the page's width (W) or
 * height (H), or in points. The colours and the text styles come from
 * the theme (its cover: and back-cover: sections, and the cover styles
 * of styles.c); these are the design's fixed proportions. */

/* Contour rings: centred at (cx W, cy H), the first r0 in radius and
 * each next one step wider, its centre drifting (dx, dy) per ring. */
typedef struct rings {
	double cx, cy, r0, step;
	int n;
	double dx, dy;
} rings;

static const rings FRONT_RINGS = {0.90, 0.20, 26, 21, 16, -2.2, 1.4};
static const rings BACK_RINGS = {0.08, 0.86, 26, 21, 14, 2.0, -1.2};
#define RING_WIDTH 0.7         /* a ring's line, points */
#define RING_WIDTH_BOLD 1.3    /* every fourth ring's */
#define RING_TINT 0.13         /* rings: the background this far to white */

/* The front cover. */
#define BAND_TOP 0.80          /* H: the band across the foot */
#define BAND_SHADE 0.28        /* the band: the background this far to black */
#define BAND_ACCENT_W 0.36     /* W: the accent strip on the band's edge */
#define BAND_ACCENT_H 6        /* its height, centred on the edge */
#define FRONT_LOGO_W 0.5       /* of the text width: the logo, at most */
#define FRONT_LOGO_H 44        /* the logo's height */
#define TITLE_TOP 0.40         /* H: the accent bar over the title */
#define TITLE_BAR_W 56         /* the bar */
#define TITLE_BAR_H 5
#define TITLE_GAP 26           /* from the bar's top to the title */
#define TITLE_W 0.88           /* of the text width: the title's */
#define SUBTITLE_GAP 12        /* between the title and the subtitle */
#define BAND_TEXT 0.30         /* of the band: the edition's top */

/* The back cover. */
#define BACK_LOGO_TOP 0.56     /* H */
#define BACK_LOGO_H 52
#define BACK_RULE_GAP 14       /* below the logo: a short accent rule */
#define BACK_RULE_W 40
#define BACK_RULE_H 3
#define BACK_TEXT_GAP 20       /* from the rule to the contact text */
#define BACK_TEXT_X 0.1        /* of the text width: the contact text's */
#define BACK_TEXT_W 0.8        /* left edge and width, centred */

/* ---- colours ---- */

static uint32_t
or_auto(uint32_t c, uint32_t dflt)
{
	return c == MODEL_COLOR_AUTO ? dflt : c;
}

uint32_t
lcover_background(const model_theme *th, const model_cover_style *cs)
{
	return or_auto(cs->background, th->color_primary);
}

/* ---- pages ---- */

static layout_item *
rect(lflow *f, layout_page *p, layout_role role, double x, double y,
     double w, double h, uint32_t color)
{
	layout_item *it = lsink_push(f, lsink_page(p), LITEM_RECT, role,
	                             f->th->pos);
	it->u.rect.x = x;
	it->u.rect.y = y;
	it->u.rect.w = w;
	it->u.rect.h = h;
	it->u.rect.fill = 1;
	it->u.rect.fill_color = color;
	return it;
}

/* Contour rings: circles whose centres drift a little, like the lines of
 * a relief map. */
static void
contours(lflow *f, layout_page *p, const rings *rg, uint32_t color)
{
	double cx = p->width * rg->cx, cy = p->height * rg->cy;
	for (int i = 0; i < rg->n; i++) {
		double r = rg->r0 + rg->step * i;
		double x = cx + rg->dx * i, y = cy + rg->dy * i;
		layout_item *it = lsink_push(f, lsink_page(p), LITEM_RECT,
		                             "cover-pattern", f->th->pos);
		it->u.rect.x = x - r;
		it->u.rect.y = y - r;
		it->u.rect.w = 2 * r;
		it->u.rect.h = 2 * r;
		it->u.rect.radius = r;
		it->u.rect.stroke = 1;
		it->u.rect.stroke_color = color;
		it->u.rect.stroke_width = i % 4 == 3 ? RING_WIDTH_BOLD
		                                     : RING_WIDTH;
	}
}

/* The text s at y, written at pos with its first verbatim bytes as they
 * are there (the title: its characters are reported where written). */
static double
text_at(lflow *f, layout_page *p, const char *s, src_pos pos, size_t verbatim,
        const lpara_style *ps, double x, double w, double y)
{
	model_inline run = {s, strlen(s), 0, NULL, 0, pos, verbatim, NULL};
	model_text t = {&run, 1, pos};
	return lnav_text_at(f, p, &t, ps, x, w, y, MODEL_COLOR_AUTO);
}

/* A text with no place of its own in the report (a name, a date): its
 * messages point at the theme. */
static double
plain_at(lflow *f, layout_page *p, const char *s, const lpara_style *ps,
         double x, double w, double y)
{
	return text_at(f, p, s, f->th->pos, 0, ps, x, w, y);
}

/* What follows on a cover is a new node of tag in the cover's section
 * (the parent of the current node, or the section itself). */
static void
cover_node(lflow *f, layout_tag tag)
{
	uint32_t sect = f->ld->snodes[f->snode].tag == LTAG_SECT
	                        ? f->snode
	                        : f->ld->snodes[f->snode].parent;
	f->snode = sect;
	f->snode = lstruct_new(f, tag, sect);
}

/* The alternative text of a cover's logo: whose logo it is (the
 * model's words for a logo block). */
static const char *
logo_alt(lflow *f)
{
	model_block b;
	memset(&b, 0, sizeof(b));
	b.kind = MODEL_LOGO;
	model_alt a;
	if (model_block_alt(f->doc, &b, &f->ld->mem, &a) != 0)
		return "Logo";
	return arena_strdup(&f->ld->mem, a.text);
}

/* Does the path name an SVG file? */
static int
is_svg(const char *path)
{
	size_t n = strlen(path);
	return n > 4 && (strcmp(path + n - 4, ".svg") == 0 ||
	                 strcmp(path + n - 4, ".SVG") == 0);
}

/*
 * The logo, h tall and at most w wide, at x, y (centred in the band when
 * centred), or the author's name where there is no logo. Return the
 * height used. The logo goes through the image or SVG block's own
 * layout, as if the report had that block, so it is checked, sized and
 * embedded the same way (and its mistakes reported the same way).
 */
static double
logo(lflow *f, layout_page *p, const model_cover_style *cs, double x,
     double y, double w, double h, int centred)
{
	if (cs->logo) {
		model_block b;
		memset(&b, 0, sizeof(b));
		b.pos = cs->logo_pos;
		model_align al = centred ? MODEL_ALIGN_CENTER : MODEL_ALIGN_LEFT;
		if (is_svg(cs->logo)) {
			b.kind = MODEL_SVG;
			b.u.svg.path = cs->logo;
			b.u.svg.path_pos = cs->logo_pos;
			b.u.svg.height = h;
			b.u.svg.align = al;
			b.u.svg.reverse = cs->logo_reverse;
			b.u.svg.reverse_bg = lcover_background(f->th, cs);
			b.u.svg.reverse_fg = cs->text_color;
		} else {
			b.kind = MODEL_IMAGE;
			b.u.image.path = cs->logo;
			b.u.image.path_pos = cs->logo_pos;
			b.u.image.height = h;
			b.u.image.fit = MODEL_FIT_CONTAIN;
			b.u.image.align = al;
		}
		/* The block's figure says whose logo it is. */
		size_t fig = f->ld->nsnodes;
		double used = lnav_block_at(f, p, &b, x, w, y);
		if (fig < f->ld->nsnodes)
			f->ld->snodes[fig].alt = logo_alt(f);
		return used;
	}
	const char *name = f->doc->author;
	if (!name || !*name)
		return 0;
	lpara_style ps = lstyle(f, centred ? LSTYLE_BACK_COVER_NAME
	                                   : LSTYLE_COVER_NAME);
	cover_node(f, LTAG_P);
	return plain_at(f, p, name, &ps, x, w, y);
}

/* ---- the front cover ---- */

static void
front(lflow *f, layout_page *p)
{
	const model_doc *doc = f->doc;
	const model_theme *th = f->th;
	const model_cover_style *cs = &th->templates.cover;
	const double W = p->width, H = p->height;
	const double mx = th->margin_left, w = W - th->margin_left -
	                                       th->margin_right;
	uint32_t bg = lcover_background(th, cs);
	uint32_t accent = or_auto(cs->accent, th->color_accent);
	uint32_t band = or_auto(cs->band_color, lgfx_mix(bg, 0x000000,
	                                                 BAND_SHADE));

	/* Read first, though made last. */
	f->snode = f->cover_sect;
	rect(f, p, "cover-background", 0, 0, W, H, bg);
	if (cs->pattern)
		contours(f, p, &FRONT_RINGS, lgfx_mix(bg, 0xffffff, RING_TINT));
	double band_top = H * BAND_TOP;
	if (cs->band) {
		rect(f, p, "cover-band", 0, band_top, W, H - band_top, band);
		rect(f, p, "cover-accent", 0, band_top - BAND_ACCENT_H / 2,
		     W * BAND_ACCENT_W, BAND_ACCENT_H, accent);
	}

	logo(f, p, cs, mx, th->margin_top, w * FRONT_LOGO_W, FRONT_LOGO_H, 0);

	/* The title block sits a little above the middle and grows down. */
	double y = H * TITLE_TOP;
	rect(f, p, "cover-accent", mx, y, TITLE_BAR_W, TITLE_BAR_H, accent);
	y += TITLE_GAP;
	double tw = w * TITLE_W;
	if (doc->title) {
		lpara_style ps = lstyle(f, LSTYLE_COVER_TITLE);
		cover_node(f, LTAG_H1);
		y += text_at(f, p, doc->title, doc->title_pos,
		             doc->title_verbatim, &ps, mx, tw, y);
	}
	if (doc->subtitle) {
		lpara_style ps = lstyle(f, LSTYLE_COVER_SUBTITLE);
		cover_node(f, LTAG_P);
		y += SUBTITLE_GAP;
		text_at(f, p, doc->subtitle, doc->subtitle_pos,
		        doc->subtitle_verbatim, &ps, mx, tw, y);
	}

	/* Edition and date in the band (or where it would be); the author
	 * on the right when a logo stands for the name at the top. */
	double by = band_top + (H - band_top) * BAND_TEXT;
	if (cs->logo && doc->author) {
		lpara_style ps = lstyle(f, LSTYLE_COVER_AUTHOR);
		cover_node(f, LTAG_P);
		plain_at(f, p, doc->author, &ps, mx, w, by);
	}
	if (doc->pages.edition.nruns) {
		lpara_style ps = lstyle(f, LSTYLE_COVER_EDITION);
		cover_node(f, LTAG_P);
		by += lnav_text_at(f, p, &doc->pages.edition, &ps, mx, w, by,
		                   accent);
	}
	if (doc->pages.date.nruns) {
		lpara_style ps = lstyle(f, LSTYLE_COVER_DATE);
		cover_node(f, LTAG_P);
		lnav_text_at(f, p, &doc->pages.date, &ps, mx, w, by, accent);
	}
}

/* ---- the back cover ---- */

static void
back(lflow *f, layout_page *p)
{
	const model_doc *doc = f->doc;
	const model_theme *th = f->th;
	const model_cover_style *cs = &th->templates.back;
	const double W = p->width, H = p->height;
	const double mx = th->margin_left, w = W - th->margin_left -
	                                       th->margin_right;
	uint32_t bg = lcover_background(th, cs);
	uint32_t accent = or_auto(cs->accent, th->color_accent);

	/* Read last: a section of its own, made now. */
	f->snode = lstruct_new(f, LTAG_SECT, 0);
	rect(f, p, "cover-background", 0, 0, W, H, bg);
	if (cs->pattern)
		contours(f, p, &BACK_RINGS, lgfx_mix(bg, 0xffffff, RING_TINT));

	double y = H * BACK_LOGO_TOP;
	y += logo(f, p, cs, mx, y, w, BACK_LOGO_H, 1);
	y += BACK_RULE_GAP;
	rect(f, p, "cover-accent", W / 2 - BACK_RULE_W / 2, y, BACK_RULE_W,
	     BACK_RULE_H, accent);
	y += BACK_TEXT_GAP;
	if (doc->pages.back_text.nruns) {
		lpara_style ps = lstyle(f, LSTYLE_BACK_COVER_TEXT);
		cover_node(f, LTAG_P);
		lnav_text_at(f, p, &doc->pages.back_text, &ps,
		             mx + w * BACK_TEXT_X, w * BACK_TEXT_W, y, accent);
	}
	if (doc->title) {
		lpara_style ps = lstyle(f, LSTYLE_BACK_COVER_TITLE);
		cover_node(f, LTAG_P);
		text_at(f, p, doc->title, doc->title_pos, doc->title_verbatim,
		        &ps, mx, w, H - th->margin_bottom);
	}
}

void
lcovers(lflow *f)
{
	layout_doc *ld = f->ld;
	const model_pages *pg = &f->doc->pages;
	if (pg->cover) {
		layout_page *p = lpage_insert(f, 0);
		for (size_t i = 0; i < ld->ndests; i++)
			ld->dests[i].page++;
		front(f, p);
	}
	if (pg->back_cover)
		back(f, lpage_insert(f, ld->npages));
	f->snode = 0;
}
