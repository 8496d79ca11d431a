/* cover.c - the front and back covers: full-bleed colour, contour rings,
 * the title, subtitle, edition and date, contact text, and the logo (or
 * the author's name where there is none). */
#include <math.h>
#include <string.h>

#include "layout/nav.h"

/* ---- colours ---- */

/* a mixed towards b by t (0: a, 1: b). */
static uint32_t
mix(uint32_t a, uint32_t b, double t)
{
	uint32_t out = 0;
	for (int sh = 16; sh >= 0; sh -= 8) {
		double ca = (a >> sh) & 0xff, cb = (b >> sh) & 0xff;
		long v = lround(ca + (cb - ca) * t);
		out |= (uint32_t)(v < 0 ? 0 : v > 255 ? 255 : v) << sh;
	}
	return out;
}

static uint32_t
or_auto(uint32_t c, uint32_t dflt)
{
	return c == MODEL_COLOR_AUTO ? dflt : c;
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

/* Contour rings around (cx, cy): circles whose centres drift a little,
 * like the lines of a relief map. */
static void
contours(lflow *f, layout_page *p, double cx, double cy, double r0,
         double step, int n, uint32_t color, double dx, double dy)
{
	for (int i = 0; i < n; i++) {
		double r = r0 + step * i;
		double x = cx + dx * i, y = cy + dy * i;
		layout_item *it = lsink_push(f, lsink_page(p), LITEM_RECT,
		                             "cover-pattern", f->th->pos);
		it->u.rect.x = x - r;
		it->u.rect.y = y - r;
		it->u.rect.w = 2 * r;
		it->u.rect.h = 2 * r;
		it->u.rect.radius = r;
		it->u.rect.stroke = 1;
		it->u.rect.stroke_color = color;
		it->u.rect.stroke_width = i % 4 == 3 ? 1.3 : 0.7;
	}
}

static lpara_style
style(int role, unsigned base, double size, double lh, uint32_t color,
      text_align align, layout_role name)
{
	lpara_style ps;
	memset(&ps, 0, sizeof(ps));
	ps.role = role;
	ps.base_style = base;
	ps.size = size;
	ps.line_height = lh;
	ps.color = color;
	ps.align = align;
	ps.role_name = name;
	ps.keep_lines = 1;
	ps.frame = -1;
	return ps;
}

/* The text s at y, written at pos with its first verbatim bytes as they
 * are there (the title: its characters are reported where written). */
static double
text_at(lflow *f, layout_page *p, const char *s, src_pos pos, size_t verbatim,
        const lpara_style *ps, double x, double w, double y)
{
	model_inline run = {s, strlen(s), 0, NULL, 0, pos, verbatim};
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
     double y, double w, double h, int centred, uint32_t color)
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
			b.u.svg.reverse_bg = or_auto(cs->background,
			                             f->th->color_primary);
			b.u.svg.reverse_fg = color;
		} else {
			b.kind = MODEL_IMAGE;
			b.u.image.path = cs->logo;
			b.u.image.path_pos = cs->logo_pos;
			b.u.image.height = h;
			b.u.image.fit = MODEL_FIT_CONTAIN;
			b.u.image.align = al;
		}
		return lnav_block_at(f, p, &b, x, w, y);
	}
	const char *name = f->doc->author;
	if (!name || !*name)
		return 0;
	lpara_style ps = style(ROLE_HEADING, MODEL_BOLD, centred ? 18 : 15, 1.2,
	                       color, centred ? TEXT_ALIGN_CENTER
	                                      : TEXT_ALIGN_LEFT,
	                       "cover-logo");
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
	uint32_t bg = or_auto(cs->background, th->color_primary);
	uint32_t accent = or_auto(cs->accent, th->color_accent);
	uint32_t sub = or_auto(cs->subtitle_color, mix(bg, 0xffffff, 0.78));
	uint32_t band = or_auto(cs->band_color, mix(bg, 0x000000, 0.28));

	rect(f, p, "cover-background", 0, 0, W, H, bg);
	if (cs->pattern)
		contours(f, p, W * 0.90, H * 0.20, 26, 21, 16,
		         mix(bg, 0xffffff, 0.13), -2.2, 1.4);
	double band_top = H * 0.80;
	if (cs->band) {
		rect(f, p, "cover-band", 0, band_top, W, H - band_top, band);
		rect(f, p, "cover-accent", 0, band_top - 3, W * 0.36, 6, accent);
	}

	logo(f, p, cs, mx, th->margin_top, w * 0.5, 44, 0, cs->text_color);

	/* The title block sits a little above the middle and grows down. */
	double y = H * 0.40;
	rect(f, p, "cover-accent", mx, y, 56, 5, accent);
	y += 26;
	double tw = w * 0.88;
	if (doc->title) {
		double size = th->size_heading[0] * 2.1;
		lpara_style ps = style(ROLE_HEADING, MODEL_BOLD, size, 1.1,
		                       cs->title_color, TEXT_ALIGN_LEFT,
		                       "cover-title");
		y += text_at(f, p, doc->title, doc->title_pos,
		             doc->title_verbatim, &ps, mx, tw, y);
	}
	if (doc->subtitle) {
		lpara_style ps = style(ROLE_BODY, 0, th->size_heading[1] * 1.1,
		                       1.3, sub, TEXT_ALIGN_LEFT, "cover-subtitle");
		y += 12;
		text_at(f, p, doc->subtitle, doc->subtitle_pos,
		        doc->subtitle_verbatim, &ps, mx, tw, y);
	}

	/* Edition and date in the band (or where it would be); the author
	 * on the right when a logo stands for the name at the top. */
	double by = band_top + (H - band_top) * 0.30;
	uint32_t on_band = cs->text_color;
	if (cs->logo && doc->author) {
		lpara_style ps = style(ROLE_HEADING, MODEL_BOLD,
		                       th->size_body * 1.15, 1.35, on_band,
		                       TEXT_ALIGN_RIGHT, "cover-author");
		plain_at(f, p, doc->author, &ps, mx, w, by);
	}
	if (doc->pages.edition.nruns) {
		lpara_style ps = style(ROLE_BODY, MODEL_BOLD, th->size_body * 1.15,
		                       1.35, on_band, TEXT_ALIGN_LEFT,
		                       "cover-edition");
		by += lnav_text_at(f, p, &doc->pages.edition, &ps, mx, w, by,
		                   accent);
	}
	if (doc->pages.date.nruns) {
		lpara_style ps = style(ROLE_BODY, 0, th->size_body * 1.05, 1.35,
		                       sub, TEXT_ALIGN_LEFT, "cover-date");
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
	uint32_t bg = or_auto(cs->background, th->color_primary);
	uint32_t accent = or_auto(cs->accent, th->color_accent);
	uint32_t soft = mix(bg, 0xffffff, 0.78);

	rect(f, p, "cover-background", 0, 0, W, H, bg);
	if (cs->pattern)
		contours(f, p, W * 0.08, H * 0.86, 26, 21, 14,
		         mix(bg, 0xffffff, 0.13), 2.0, -1.2);

	double y = H * 0.56;
	y += logo(f, p, cs, mx, y, w, 52, 1, cs->text_color);
	y += 14;
	rect(f, p, "cover-accent", W / 2 - 20, y, 40, 3, accent);
	y += 20;
	if (doc->pages.back_text.nruns) {
		lpara_style ps = style(ROLE_BODY, 0, th->size_body * 1.05, 1.6,
		                       cs->text_color, TEXT_ALIGN_CENTER,
		                       "back-cover-text");
		lnav_text_at(f, p, &doc->pages.back_text, &ps, mx + w * 0.1,
		             w * 0.8, y, accent);
	}
	if (doc->title) {
		lpara_style ps = style(ROLE_BODY, 0, th->size_small, 1.3, soft,
		                       TEXT_ALIGN_CENTER, "back-cover-title");
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
}
