/*
 * pdf_marks.c - the PDF for the print shop (render_options.print): the
 * page boxes, colour that reaches the trim extended into the bleed, the
 * crop and fold marks and the slug, and the booklet's page count.
 *
 * Geometry, in the page's own coordinates (PDF points, 0 0 the lower
 * left corner of the finished page, which the layout's page is):
 *
 *   TrimBox   0 0 W H                  the finished size
 *   BleedBox  trim plus the bleed b on every side (3 mm by default)
 *   MediaBox  trim plus M on every side: the marks and the slug
 *   CropBox   none: it defaults to the MediaBox, which is what PDF/X
 *             allows (if present it must not cut into the BleedBox, and
 *             print workflows want it equal to the MediaBox)
 *
 * The MediaBox starts at -M -M, so that nothing drawn moves. Crop marks
 * start at an offset o = max(b, 3 mm) from the trim (never inside the
 * bleed) and run MARK_LEN outwards, in line with the trim edges; fold
 * marks (dashed) likewise at each fold the layout gives (panels); the
 * slug (file name, page, date) sits beyond the marks, outside the bleed.
 * Marks and slug are in the registration colour, a /Separation /All: on
 * every plate, as a print shop registers them.
 */
#define _POSIX_C_SOURCE 200809L
#include "render/render_internal.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util/mem.h"
#include "util/utf8.h"

#define MM              (72.0 / 25.4)
#define MARK_LEN        (5 * MM) /* crop and fold marks */
#define MARK_MIN_OFFSET (3 * MM) /* from the trim, at least the bleed */
#define MARK_WIDTH      0.25     /* points, as registration marks are */
#define SLUG_BAND       (4 * MM) /* beyond the marks, for the slug */
#define SLUG_SIZE       6.0      /* points */
#define EDGE_EPS        0.01     /* points: "at the trim" */

static const src_pos nowhere = {NULL, 0, 0};

void
render_print_start(render_ctx *rc, const render_options *opts)
{
	rc->printing = 1;
	buf b;
	buf_init(&b);
	const char *name = opts->name;
	if (name) {
		const char *slash = strrchr(name, '/');
		buf_puts(&b, slash ? slash + 1 : name);
	}
	/* The date only from SOURCE_DATE_EPOCH: the same input gives the
	 * same bytes, as the document dates do. */
	time_t t = (time_t)opts->source_date_epoch;
	struct tm tm;
	if (opts->source_date_epoch >= 0 &&
	    (long long)t == opts->source_date_epoch && gmtime_r(&t, &tm) &&
	    tm.tm_year + 1900 <= 9999)
		buf_printf(&b, "%s%04d-%02d-%02d %02d:%02d UTC",
		           b.len ? "   " : "", tm.tm_year + 1900, tm.tm_mon + 1,
		           tm.tm_mday, tm.tm_hour, tm.tm_min);
	if (!b.data)
		buf_puts(&b, "");
	rc->slug = buf_detach(&b);
}

void
render_print_settings(render_ctx *rc, const layout_doc *ld)
{
	if (!rc->printing)
		return;
	rc->print = ld->print;
	rc->npages_known = ld->npages;
}

/* How far the marks start from the trim. */
static double
mark_offset(const render_ctx *rc)
{
	return rc->print.bleed > MARK_MIN_OFFSET ? rc->print.bleed
	                                         : MARK_MIN_OFFSET;
}

/* How far the MediaBox reaches past the trim. */
static double
media_margin(const render_ctx *rc)
{
	if (!rc->print.marks && !rc->print.slug)
		return rc->print.bleed;
	return mark_offset(rc) + MARK_LEN + SLUG_BAND;
}

int
render_print_boxes(render_ctx *rc, const layout_page *lp, render_page *rp)
{
	const double w = lp->width, h = lp->height, b = rc->print.bleed;
	const double m = media_margin(rc);
	HPDF_Box media = {(HPDF_REAL)-m, (HPDF_REAL)-m, (HPDF_REAL)(w + m),
	                  (HPDF_REAL)(h + m)};
	HPDF_Box bleed = {(HPDF_REAL)-b, (HPDF_REAL)-b, (HPDF_REAL)(w + b),
	                  (HPDF_REAL)(h + b)};
	HPDF_Box trim = {0, 0, (HPDF_REAL)w, (HPDF_REAL)h};
	if (haru_page_boxes(rc->pdf, rp->page, media, bleed, trim) != 0)
		return render_fail(rc, 0, nowhere, "set the page's boxes");
	return 0;
}

/* ---- the bleed ---- */

/* v (a coordinate across a page of extent e) moved out to the bleed b
 * when it lies at the trim edge or within the bleed beyond it; what
 * reaches further out already covers the bleed. */
static double
to_bleed(double v, double e, double b)
{
	if (v <= EDGE_EPS && v > -b)
		return -b;
	if (v >= e - EDGE_EPS && v < e + b)
		return e + b;
	return v;
}

/* Whether [lo, hi] reaches the trim edge at 0 or e. */
static int
reaches(double lo, double hi, double e)
{
	return lo <= EDGE_EPS || hi >= e - EDGE_EPS;
}

static const layout_item *
bleed_rect(render_ctx *rc, const layout_page *lp, const layout_item *it)
{
	const layout_rect *r = &it->u.rect;
	const double b = rc->print.bleed;
	/* A fill only: a frame's stroke on the trim would be trimmed away
	 * unevenly wherever it went. */
	if (!r->fill || !(r->w > 0) || !(r->h > 0) ||
	    !(reaches(r->x, r->x + r->w, lp->width) ||
	      reaches(r->y, r->y + r->h, lp->height)))
		return it;
	layout_item *o = &rc->bleed_item;
	*o = *it;
	double x0 = to_bleed(r->x, lp->width, b);
	double x1 = to_bleed(r->x + r->w, lp->width, b);
	double y0 = to_bleed(r->y, lp->height, b);
	double y1 = to_bleed(r->y + r->h, lp->height, b);
	o->u.rect.x = x0;
	o->u.rect.w = x1 - x0;
	o->u.rect.y = y0;
	o->u.rect.h = y1 - y0;
	return o;
}

static const layout_item *
bleed_path(render_ctx *rc, const layout_page *lp, const layout_item *it)
{
	const layout_path *p = it->u.path;
	const double b = rc->print.bleed;
	if (p->fill.kind == 0 || !(reaches(p->bx, p->bx + p->bw, lp->width) ||
	                           reaches(p->by, p->by + p->bh, lp->height)))
		return it;
	if (p->nsegs > rc->capbleed)
		rc->bleed_segs = xgrow(rc->bleed_segs, &rc->capbleed, p->nsegs,
		                       sizeof(*rc->bleed_segs));
	for (size_t i = 0; i < p->nsegs; i++) {
		layout_seg s = p->segs[i];
		for (int k = 0; k < 3; k++) {
			s.x[k] = to_bleed(s.x[k], lp->width, b);
			s.y[k] = to_bleed(s.y[k], lp->height, b);
		}
		rc->bleed_segs[i] = s;
	}
	rc->bleed_path = *p;
	rc->bleed_path.segs = rc->bleed_segs;
	rc->bleed_path.bx = to_bleed(p->bx, lp->width, b);
	rc->bleed_path.by = to_bleed(p->by, lp->height, b);
	rc->bleed_path.bw =
	        to_bleed(p->bx + p->bw, lp->width, b) - rc->bleed_path.bx;
	rc->bleed_path.bh =
	        to_bleed(p->by + p->bh, lp->height, b) - rc->bleed_path.by;
	layout_item *o = &rc->bleed_item;
	*o = *it;
	o->u.path = &rc->bleed_path;
	return o;
}

/* An image cropped at the trim shows what it has beyond, up to the
 * bleed; one that ends at the trim stays as it is (stretching it would
 * change what shows inside). */
static const layout_item *
bleed_image(render_ctx *rc, const layout_page *lp, const layout_item *it)
{
	const layout_image_item *ii = &it->u.image;
	const double b = rc->print.bleed;
	double x0 = to_bleed(ii->clip_x, lp->width, b);
	double x1 = to_bleed(ii->clip_x + ii->clip_w, lp->width, b);
	double y0 = to_bleed(ii->clip_y, lp->height, b);
	double y1 = to_bleed(ii->clip_y + ii->clip_h, lp->height, b);
	/* Only as far as the image goes. */
	x0 = x0 < ii->x ? ii->x : x0;
	y0 = y0 < ii->y ? ii->y : y0;
	x1 = x1 > ii->x + ii->w ? ii->x + ii->w : x1;
	y1 = y1 > ii->y + ii->h ? ii->y + ii->h : y1;
	if (x0 >= ii->clip_x && y0 >= ii->clip_y &&
	    x1 <= ii->clip_x + ii->clip_w && y1 <= ii->clip_y + ii->clip_h)
		return it;
	layout_item *o = &rc->bleed_item;
	*o = *it;
	o->u.image.clip_x = x0 < ii->clip_x ? x0 : ii->clip_x;
	o->u.image.clip_y = y0 < ii->clip_y ? y0 : ii->clip_y;
	double cx1 =
	        x1 > ii->clip_x + ii->clip_w ? x1 : ii->clip_x + ii->clip_w;
	double cy1 =
	        y1 > ii->clip_y + ii->clip_h ? y1 : ii->clip_y + ii->clip_h;
	o->u.image.clip_w = cx1 - o->u.image.clip_x;
	o->u.image.clip_h = cy1 - o->u.image.clip_y;
	return o;
}

/* A rule across the page (a band's edge) runs on into the bleed along
 * its length; a line along the trim stays. */
static const layout_item *
bleed_line(render_ctx *rc, const layout_page *lp, const layout_item *it)
{
	const layout_line *l = &it->u.line;
	const double b = rc->print.bleed;
	layout_item *o = &rc->bleed_item;
	*o = *it;
	if (l->y1 == l->y2) {
		o->u.line.x1 = to_bleed(l->x1, lp->width, b);
		o->u.line.x2 = to_bleed(l->x2, lp->width, b);
	} else if (l->x1 == l->x2) {
		o->u.line.y1 = to_bleed(l->y1, lp->height, b);
		o->u.line.y2 = to_bleed(l->y2, lp->height, b);
	}
	return o;
}

const layout_item *
render_bleed_item(render_ctx *rc, const layout_page *lp, const layout_item *it)
{
	if (!rc->printing || !(rc->print.bleed > 0))
		return it;
	switch (it->kind) {
	case LITEM_RECT:
		return bleed_rect(rc, lp, it);
	case LITEM_PATH:
		return bleed_path(rc, lp, it);
	case LITEM_IMAGE:
		return bleed_image(rc, lp, it);
	case LITEM_LINE:
		return bleed_line(rc, lp, it);
	default:
		return it;
	}
}

/* ---- marks and slug ---- */

/* The registration colour space, [/Separation /All /DeviceCMYK fn]
 * with fn taking the tint t to C = M = Y = K = t: made once, shared by
 * every page. */
static HPDF_Array
registration(render_ctx *rc)
{
	if (rc->registration)
		return rc->registration;
	HPDF_MMgr mm = haru_mmgr(rc->pdf);
	HPDF_Array cs = HPDF_Array_New(mm);
	HPDF_Dict fn = HPDF_Dict_New(mm);
	HPDF_Array dom = HPDF_Array_New(mm);
	HPDF_Array c0 = HPDF_Array_New(mm);
	HPDF_Array c1 = HPDF_Array_New(mm);
	if (!cs || !fn || !dom || !c0 || !c1)
		return NULL;
	HPDF_STATUS st = haru_add_object(rc->pdf, cs);
	st |= HPDF_Array_AddReal(dom, 0);
	st |= HPDF_Array_AddReal(dom, 1);
	for (int i = 0; i < 4; i++) {
		st |= HPDF_Array_AddReal(c0, 0);
		st |= HPDF_Array_AddReal(c1, 1);
	}
	st |= HPDF_Dict_AddNumber(fn, "FunctionType", 2);
	st |= HPDF_Dict_Add(fn, "Domain", dom);
	st |= HPDF_Dict_Add(fn, "C0", c0);
	st |= HPDF_Dict_Add(fn, "C1", c1);
	st |= HPDF_Dict_AddNumber(fn, "N", 1);
	st |= HPDF_Array_AddName(cs, "Separation");
	st |= HPDF_Array_AddName(cs, "All");
	st |= HPDF_Array_AddName(cs, "DeviceCMYK");
	st |= HPDF_Array_Add(cs, fn);
	if (st != HPDF_OK)
		return NULL;
	rc->registration = cs;
	return cs;
}

/* Name the registration colour space /Reg in the page's resources. */
static int
use_registration(render_ctx *rc, HPDF_Page page)
{
	HPDF_Array cs = registration(rc);
	HPDF_Dict res = HPDF_Page_GetInheritableItem(page, "Resources",
	                                             HPDF_OCLASS_DICT);
	if (!cs || !res)
		return render_fail(rc, 0, nowhere,
		                   "add the registration colour");
	HPDF_Dict d = HPDF_Dict_GetItem(res, "ColorSpace", HPDF_OCLASS_DICT);
	if (!d) {
		d = HPDF_Dict_New(haru_mmgr(rc->pdf));
		if (!d || HPDF_Dict_Add(res, "ColorSpace", d) != HPDF_OK)
			return render_fail(rc, 0, nowhere,
			                   "add the registration colour");
	}
	if (HPDF_Dict_Add(d, "Reg", cs) != HPDF_OK)
		return render_fail(rc, 0, nowhere,
		                   "add the registration colour");
	return 0;
}

static void
put_line(buf *b, double x1, double y1, double x2, double y2)
{
	buf_printf(b, "%.3f %.3f m %.3f %.3f l S\n", x1, y1, x2, y2);
}

/* The four corners' crop marks: in line with the trim edges, from the
 * offset o outwards. */
static void
crop_marks(buf *b, double w, double h, double o)
{
	const double l = MARK_LEN;
	const double xs[2] = {0, w}, ys[2] = {0, h};
	for (int i = 0; i < 2; i++)
		for (int j = 0; j < 2; j++) {
			const double x = xs[i], y = ys[j];
			const double sx = i ? 1 : -1, sy = j ? 1 : -1;
			put_line(b, x + sx * o, y, x + sx * (o + l), y);
			put_line(b, x, y + sy * o, x, y + sy * (o + l));
		}
}

/* The slug, "name   date   page 2 of 8", at the foot beyond the marks,
 * in the body's regular font: its characters as two-byte CIDs. */
static void
slug(render_ctx *rc, buf *b, render_page *rp, double y)
{
	render_font *rf = render_font_get(rc, rc->print.font);
	char name[RENDER_FONT_NAME_MAX];
	render_page_font_name(rp, rf, name);
	char *text = xasprintf("%s%spage %zu of %zu", rc->slug,
	                       *rc->slug ? "   " : "", rp->index + 1,
	                       rc->npages_known);
	buf_printf(b, "BT /%s %.1f Tf 1 0 0 1 0 %.3f Tm <", name, SLUG_SIZE, y);
	size_t len = strlen(text);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(text + i, len - i, &cp);
		i += n ? n : 1;
		/* What the font cannot show (or PDF, past the BMP) as '?'. */
		if (cp >= 0x10000 || !text_font_has(rc->print.font, cp))
			cp = '?';
		render_font_use(rf, cp);
		buf_printf(b, "%04X", (unsigned)cp);
	}
	buf_puts(b, "> Tj ET\n");
	free(text);
}

int
render_bleed_clip(render_ctx *rc, const layout_page *lp, render_page *rp)
{
	if (!rc->printing)
		return 0;
	const double b = rc->print.bleed;
	char op[128];
	int n = snprintf(op, sizeof(op), "q %.3f %.3f %.3f %.3f re W n\n", -b,
	                 -b, lp->width + 2 * b, lp->height + 2 * b);
	HPDF_STATUS st = haru_page_write(rp->page, op, (size_t)n);
	if (st != HPDF_OK)
		return render_fail(rc, st, nowhere, "clip a page to its bleed");
	return 0;
}

int
render_marks_draw(render_ctx *rc, const layout_page *lp, render_page *rp)
{
	if (!rc->printing)
		return 0;
	if (!rc->print.marks && !rc->print.slug)
		return haru_page_write(rp->page, "Q\n", 2) == HPDF_OK
		               ? 0
		               : render_fail(rc, 0, nowhere,
		                             "clip a page to its bleed");
	const double w = lp->width, h = lp->height, o = mark_offset(rc);
	if (use_registration(rc, rp->page) != 0)
		return -1;
	buf b;
	buf_init(&b);
	/* The marks and the slug are for the print shop, no part of the
	 * document: an artifact (tagged PDF). */
	buf_printf(&b,
	           "Q\n/Artifact BMC\nq /Reg CS 1 SCN /Reg cs 1 scn %.2f w 0 J 0 j "
	           "[] 0 d\n",
	           MARK_WIDTH);
	if (rc->print.marks) {
		crop_marks(&b, w, h, o);
		/* Folds: dashed, above and below the sheet. */
		if (lp->nfolds)
			buf_puts(&b, "[3 2] 0 d\n");
		for (size_t i = 0; i < lp->nfolds; i++) {
			const double x = lp->folds[i];
			put_line(&b, x, h + o, x, h + o + MARK_LEN);
			put_line(&b, x, -o, x, -o - MARK_LEN);
		}
	}
	if (rc->print.slug && rc->print.font)
		slug(rc, &b, rp, -(o + MARK_LEN + 2.5 * MM));
	buf_puts(&b, "Q\nEMC\n");
	HPDF_STATUS st = haru_page_write(rp->page, b.data, b.len);
	buf_free(&b);
	if (st != HPDF_OK)
		return render_fail(rc, st, nowhere, "draw the print marks");
	return 0;
}

void
render_booklet_check(render_ctx *rc, const layout_doc *ld)
{
	if (!rc->printing || !rc->print.booklet || ld->npages % 4 == 0)
		return;
	const size_t n = ld->npages, down = n / 4 * 4, up = down + 4;
	diag_warning(rc->diags, DIAG_LAYOUT, rc->print.booklet_pos,
	             "the booklet has %zu pages, which is not a multiple "
	             "of 4",
	             n);
	if (down > 0)
		diag_note(rc->diags,
		          "a saddle-stitched booklet is printed on sheets of 4 "
		          "pages: make it %zu pages (add %zu, e.g. blank pages "
		          "before the back cover) or %zu (cut %zu), or set "
		          "'booklet: false' if it is not stitched",
		          up, up - n, down, n - down);
	else
		diag_note(rc->diags,
		          "a saddle-stitched booklet is printed on sheets of 4 "
		          "pages: make it %zu pages (add %zu, e.g. blank pages "
		          "before the back cover), or set 'booklet: false' if "
		          "it is not stitched",
		          up, up - n);
}

void
render_print_free(render_ctx *rc)
{
	free(rc->slug);
	free(rc->bleed_segs);
	rc->slug = NULL;
	rc->bleed_segs = NULL;
}
