/*
 * pdf_page.c - a page of the PDF: made, its items drawn (TJ text, rects,
 * lines, links here; images and paths by pdf_image.c and pdf_path.c), its
 * content deflated (pdf_deflate.c) and completed. render.c calls it; it
 * calls the leaves (fonts, images, paths, compression, pdf_haru.c).
 *
 * A body page is drawn as soon as the layout has it and its body
 * deflated on the run's worker (render_page_body); what goes beneath and
 * above the
 * body (backgrounds, running heads), and its links, wait for the end,
 * when the whole document is known (render_page_complete). The content
 * is one zlib stream of the three parts (see pdf_deflate.c).
 */
#include "render/render_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "util/worker.h"

/* PDF's page size limits (ISO 32000-1, annex C), which libharu enforces. */
#define PAGE_MIN_PT 3.0
#define PAGE_MAX_PT 14400.0

/* What is already set in the page's graphics state, so that each operator
 * is written only when its value changes. */
typedef struct page_state {
	HPDF_Page page;
	render_page *rp; /* where the fonts named go */
	double height;
	int in_text;
	render_font *font;
	double size;
	int have_fill, have_stroke, have_width;
	int overprint; /* the print PDF's black text overprints (below) */
	uint32_t fill, stroke;
	double width;
	buf tj; /* reused for every TJ array */
	/* The marked-content sequence open (pdf_struct.c), if mc_open:
	 * of node mc, or an artifact (0). */
	int mc_open, mc_in_text;
	uint32_t mc;
	/* The text matrix last written and where the pen stopped in the
	 * item drawn last, 1/1000 em from its first glyph (draw_text). */
	double tm[6];
	double pen_item;
	/* A word hyphenated at the end of a line of node cont_node goes on
	 * at the start of that node's next text item (cont set). */
	int cont;
	uint32_t cont_node;
	/* The text item drawn now ends a line of a node's text without a
	 * space of its own (draw_text adds one). */
	int space_after;
} page_state;

/* Where a text item's glyphs [from, to) are wrapped in a Span whose
 * /ActualText is the UTF-16 text[0, len) (len may be 0): a word split
 * by an inserted hyphen reads whole, once, where it begins. */
typedef struct text_span_at {
	size_t from, to;
	const uint16_t *text;
	size_t len;
} text_span_at;

/* Bézier control distance for a quarter circle of radius 1. */
#define KAPPA 0.5522847498

static int
check(render_ctx *rc, HPDF_STATUS st, const layout_item *it, const char *what)
{
	if (st == HPDF_OK)
		return 0;
	return render_fail(rc, st, it ? it->pos : (src_pos){NULL, 0, 0}, what);
}

/* The fill colour, as HPDF_Page_SetRGBFill sets it (byte for byte) but
 * faster (pdf_haru.c). */
static int
set_fill(render_ctx *rc, page_state *ps, uint32_t c, const layout_item *it)
{
	if (ps->have_fill && ps->fill == c)
		return 0;
	ps->have_fill = 1;
	ps->fill = c;
	if (rc->printing)
		return check(rc, render_colour_fill(rc, ps->page, c), it,
		             "set a fill colour");
	return check(rc,
	             haru_page_fill_rgb(ps->page, ((c >> 16) & 0xFF) / 255.0f,
	                                ((c >> 8) & 0xFF) / 255.0f,
	                                (c & 0xFF) / 255.0f),
	             it, "set a fill colour");
}

static int
set_stroke(render_ctx *rc, page_state *ps, uint32_t c, double w,
           const layout_item *it)
{
	if (!ps->have_stroke || ps->stroke != c) {
		ps->have_stroke = 1;
		ps->stroke = c;
		if (rc->printing) {
			if (check(rc, render_colour_stroke(rc, ps->page, c), it,
			          "set a stroke colour"))
				return -1;
		} else if (check(rc,
		                 HPDF_Page_SetRGBStroke(
		                         ps->page, ((c >> 16) & 0xFF) / 255.0f,
		                         ((c >> 8) & 0xFF) / 255.0f,
		                         (c & 0xFF) / 255.0f),
		                 it, "set a stroke colour"))
			return -1;
	}
	if (!ps->have_width || ps->width != w) {
		ps->have_width = 1;
		ps->width = w;
		if (check(rc, HPDF_Page_SetLineWidth(ps->page, (HPDF_REAL)w), it,
		          "set a line width"))
			return -1;
	}
	return 0;
}

/* ET, after the end of a marked-content sequence begun inside the
 * text object (they nest). */
static int
end_text(render_ctx *rc, page_state *ps)
{
	if (!ps->in_text)
		return 0;
	if (ps->mc_open && ps->mc_in_text) {
		ps->mc_open = 0;
		if (render_struct_end(rc, ps->rp))
			return -1;
	}
	ps->in_text = 0;
	return check(rc, HPDF_Page_EndText(ps->page), NULL, "end a text object");
}

static int
begin_text(render_ctx *rc, page_state *ps, const layout_item *it)
{
	if (ps->in_text)
		return 0;
	if (check(rc, HPDF_Page_BeginText(ps->page), it, "begin a text object"))
		return -1;
	ps->in_text = 1;
	return 0;
}

/* "/F2 9.5 Tf", with the name the page gives the font (the font itself
 * is loaded at the end). */
static int
set_font(render_ctx *rc, page_state *ps, render_font *rf, double size,
         const layout_item *it)
{
	if (size > HPDF_MAX_FONTSIZE) {
		diag_error(rc->diags, DIAG_PDF, it->pos,
		           "cannot draw text at font size %g", size);
		diag_note(rc->diags, "PDF font sizes go up to %d points",
		          (int)HPDF_MAX_FONTSIZE);
		return -1;
	}
	char name[RENDER_FONT_NAME_MAX];
	render_page_font_name(ps->rp, rf, name);
	return check(rc, haru_page_font(ps->page, name, (HPDF_REAL)size), it,
	             "set the font");
}

/* Fill alpha for what follows, from an ExtGState made once per value. */
static int
set_text_alpha(render_ctx *rc, page_state *ps, double opacity,
               const layout_item *it)
{
	long k = lround(opacity * 100);
	if (k >= 100)
		return 0;
	if (k < 0)
		k = 0;
	if (!rc->text_alpha[k]) {
		HPDF_ExtGState gs = HPDF_CreateExtGState(rc->pdf);
		if (!gs || HPDF_ExtGState_SetAlphaFill(gs, (HPDF_REAL)(k / 100.0))
		           != HPDF_OK)
			return render_fail(rc, 0, it->pos, "make text translucent");
		rc->text_alpha[k] = gs;
	}
	return check(rc, HPDF_Page_SetExtGState(ps->page, rc->text_alpha[k]), it,
	             "make text translucent");
}

/* In the print PDF, text in solid black overprints: the inks beneath it
 * (a panel's tint, a cover's green) stay whole instead of having the
 * letters cut out of them, so that a plate shifted on press leaves no
 * white edge around them. Everything else knocks out, as PDF's default.
 * The state is written only when it changes, and a part of the content
 * ends with it off (where the next part starts). */
static int
set_overprint(render_ctx *rc, page_state *ps, int on, const layout_item *it)
{
	if (ps->overprint == on)
		return 0;
	ps->overprint = on;
	if (!rc->overprint[on]) {
		HPDF_ExtGState gs = HPDF_CreateExtGState(rc->pdf);
		if (!gs || HPDF_Dict_AddBoolean(gs, "OP", on) != HPDF_OK ||
		    HPDF_Dict_AddBoolean(gs, "op", on) != HPDF_OK ||
		    HPDF_Dict_AddNumber(gs, "OPM", 1) != HPDF_OK)
			return render_fail(rc, 0,
			                   it ? it->pos : (src_pos){NULL, 0, 0},
			                   "make black text overprint");
		rc->overprint[on] = gs;
	}
	/* libharu sets a graphics state outside text objects only. */
	if (end_text(rc, ps))
		return -1;
	return check(rc, HPDF_Page_SetExtGState(ps->page, rc->overprint[on]),
	             it, "make black text overprint");
}

/* Whether item it is text in solid black ink alone (print PDF). */
static int
is_black_text(const render_ctx *rc, const layout_item *it)
{
	if (it->kind != LITEM_TEXT)
		return 0;
	model_cmyk p = render_colour_cmyk(rc, it->u.text.color);
	return p.c == 0 && p.m == 0 && p.y == 0 && p.k >= 1;
}

/* lround(v), without the library call for what this file rounds: the
 * cast truncates toward zero and v minus that is exact, so halves go
 * away from zero as with lround. Beyond 2^31 (and NaN), lround itself. */
static long
round_long(double v)
{
	if (!(v > -2147483647.0 && v < 2147483647.0))
		return lround(v);
	long i = (long)v;
	const double f = v - (double)i;
	if (f >= 0.5)
		i++;
	else if (f <= -0.5)
		i--;
	return i;
}

/* Longest number put_long writes: a sign and 19 digits. */
#define TJ_NUM_MAX 20

/* Write v in decimal at o (what printf's %ld writes) and return the end. */
static char *
put_long(char *o, long v)
{
	char tmp[TJ_NUM_MAX];
	size_t n = 0;
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*o++ = '-';
	while (n)
		*o++ = tmp[--n];
	return o;
}

/* Longest number put_fixed writes: "-32767." and 5 decimals. */
#define FIXED_MAX 13

/* Write v rounded to `decimals` (3 or 5) decimal places, without trailing
 * zeros ("12.5", "-0.70711", "0"), and return the end. Like libharu, keep
 * to PDF's +-32767 for reals; NaN becomes 0. */
static char *
put_fixed(char *o, double v, int decimals)
{
	const long scale = decimals == 5 ? 100000 : 1000;
	if (!(v == v))
		v = 0;
	if (v > 32767)
		v = 32767;
	if (v < -32767)
		v = -32767;
	long q = round_long(v * (double)scale);
	if (q < 0) {
		*o++ = '-';
		q = -q;
	}
	o = put_long(o, q / scale);
	long frac = q % scale;
	if (frac) {
		char d[5];
		for (int i = decimals - 1; i >= 0; i--) {
			d[i] = (char)('0' + frac % 10);
			frac /= 10;
		}
		int n = decimals;
		while (d[n - 1] == '0')
			n--;
		*o++ = '.';
		memcpy(o, d, (size_t)n);
		o += n;
	}
	return o;
}

/*
 * What follows a backslash for the bytes that cannot stand as they are in
 * a literal string (ISO 32000-1, 7.3.4.2); 0 for the others. Parentheses
 * and the backslash would end the string or start an escape. A raw CR
 * (or CR LF) is read as a single LF, so CR must be escaped; a raw LF
 * would be read right, but is escaped too, so that nothing that rewrites
 * line ends can change a glyph.
 */
static const char lit_escape[256] = {
	['\n'] = 'n', ['\r'] = 'r', ['('] = '(', [')'] = ')', ['\\'] = '\\',
};

/* Longest glyph put_glyph writes: two escaped bytes. */
#define GLYPH_MAX 4

/* Write cp (below 0x10000) as its two bytes, high first, escaped for a
 * literal string, and return the end. */
static char *
put_glyph(char *o, uint32_t cp)
{
	const unsigned char hi = (unsigned char)(cp >> 8);
	const unsigned char lo = (unsigned char)(cp & 0xFF);
	if (lit_escape[hi])
		*o++ = '\\';
	*o++ = lit_escape[hi] ? lit_escape[hi] : (char)hi;
	if (lit_escape[lo])
		*o++ = '\\';
	*o++ = lit_escape[lo] ? lit_escape[lo] : (char)lo;
	return o;
}

/*
 * Write one text item as a single TJ array. The glyph positions of the
 * layout are absolute; the viewer advances the pen by each glyph's /W
 * width, so between two glyphs we insert the (rounded) difference between
 * where the next glyph must go and where the pen actually is. Comparing
 * with the actual pen, not the previous target, keeps rounding from
 * accumulating along the line. Glyphs go in literal strings, two bytes
 * each (the CID, high byte first), half the bytes of <0041> hex strings
 * for zlib to go through.
 */
static int
draw_text(render_ctx *rc, page_state *ps, const layout_item *it, size_t g0,
          size_t g1, int cont)
{
	const layout_text *t = &it->u.text;
	if (g1 > t->nglyphs)
		g1 = t->nglyphs;
	if (g0 >= g1)
		return 0;
	if (!(t->size > 0)) {
		diag_error(rc->diags, DIAG_PDF, it->pos,
		           "cannot draw text at font size %g", t->size);
		diag_note(rc->diags, "font sizes must be positive");
		return -1;
	}
	/* Turned or translucent text (a watermark) gets its own graphics
	 * state, q alpha BT ... ET Q, and the cached state is put back. */
	render_font *rf = render_font_get(rc, t->font);
	const int own = t->angle != 0 || t->opacity < 1;
	render_font *const had_font = ps->font;
	const double had_size = ps->size;
	const int had_fill = ps->have_fill;
	const uint32_t fill = ps->fill;
	if (own &&
	    (end_text(rc, ps) ||
	     check(rc, HPDF_Page_GSave(ps->page), it, "save the state") ||
	     set_text_alpha(rc, ps, t->opacity, it)))
		return -1;
	if (begin_text(rc, ps, it))
		return -1;
	if (ps->font != rf || ps->size != t->size) {
		if (set_font(rc, ps, rf, t->size, it))
			return -1;
		ps->font = rf;
		ps->size = t->size;
	}
	if (set_fill(rc, ps, t->color, it))
		return -1;

	/* Counter-clockwise by angle about (x, y); the first glyph's offset
	 * runs along the turned baseline. */
	const double rad = t->angle * M_PI / 180;
	const double ca = t->angle != 0 ? cos(rad) : 1;
	const double sa = t->angle != 0 ? sin(rad) : 0;
	const double x0 = t->x + ca * t->xs[g0];
	const double y0 = ps->height - t->y + sa * t->xs[g0];

	buf *b = &ps->tj;
	b->len = 0;
	/* Written straight into the buffer (this loop runs once per glyph
	 * of the document): a glyph takes at most ')', a number, '(' and
	 * two escaped bytes; the matrix six numbers and "Tm". */
	buf_reserve(b, (g1 - g0) * (TJ_NUM_MAX + 2 + GLYPH_MAX) +
	                   6 * (FIXED_MAX + 1) + 16);
	char *o = b->data;
	/* The text matrix, as HPDF_Page_SetTextMatrix would write it (which
	 * costs more than the whole TJ array): the turn to 5 decimals, the
	 * position to 3 (0.0005 pt at most off). */
	const double per_pt = 1000.0 / t->size;
	/* A later part of the item (cont) goes on where the part before
	 * left the pen, in the same text object: no new matrix. */
	double m[6] = {ca, sa, sa != 0 ? -sa : 0, ca, x0, y0};
	double pen = 0.0;  /* where the viewer's pen is, 1/1000 em */
	if (cont) {
		memcpy(m, ps->tm, sizeof(m));
		pen = ps->pen_item - ((double)t->xs[g0] - t->xs[0]) * per_pt;
	} else {
		for (int k = 0; k < 6; k++) {
			o = put_fixed(o, m[k], k < 4 ? 5 : 3);
			*o++ = ' ';
		}
		memcpy(o, "Tm\n", 3);
		o += 3;
	}
	*o++ = '[';
	int open = 0;      /* inside a (...) string */
	for (size_t i = g0; i < g1; i++) {
		uint32_t cp = t->cps[i];
		if (cp >= 0x10000 || (cp >= 0xD800 && cp <= 0xDFFF)) {
			if (!rc->warned_astral) {
				rc->warned_astral = 1;
				diag_warning(rc->diags, DIAG_GLYPH, it->pos,
				             "character U+%04X cannot be written to the PDF "
				             "and was left out",
				             (unsigned)cp);
				diag_note(rc->diags, "libharu 2.3 writes only characters "
				                     "of the Basic Multilingual Plane "
				                     "(U+0000 to U+FFFF)");
			}
			continue;
		}
		double target = ((double)t->xs[i] - t->xs[g0]) * per_pt;
		long adj = round_long(target - pen);
		if (adj != 0) {
			if (open)
				*o++ = ')';
			open = 0;
			/* A positive TJ number moves the pen left. */
			o = put_long(o, -adj);
			pen += (double)adj;
		}
		if (!open)
			*o++ = '(';
		open = 1;
		o = put_glyph(o, cp);
		pen += render_font_use(rf, cp);
	}
	if (ps->space_after && g1 == t->nglyphs) {
		/* The line ends here and its words go on on the next: a
		 * space, drawn as nothing, keeps them apart for a reader. */
		if (!open)
			*o++ = '(';
		open = 1;
		o = put_glyph(o, ' ');
		pen += render_font_use(rf, ' ');
	}
	if (open)
		*o++ = ')';
	memcpy(o, "] TJ\n", 5);
	o += 5;
	*o = '\0';
	b->len = (size_t)(o - b->data);

	if (check(rc, haru_page_write(ps->page, b->data, b->len), it,
	          "write text"))
		return -1;
	memcpy(ps->tm, m, sizeof(m));
	ps->pen_item = ((double)t->xs[g0] - t->xs[0]) * per_pt + pen;
	/* Keep libharu's idea of the text position in step with the pen. */
	const double along = t->xs[0] + ps->pen_item / per_pt;
	haru_page_text_moved(ps->page, m, t->x + ca * along,
	                     ps->height - t->y + sa * along);
	if (own) {
		if (end_text(rc, ps) || check(rc, HPDF_Page_GRestore(ps->page),
		                              it, "restore the state"))
			return -1;
		ps->font = had_font;
		ps->size = had_size;
		ps->have_fill = had_fill;
		ps->fill = fill;
	}
	return 0;
}

/* Append the path of a rectangle with corners of radius r (PDF coords,
 * (x, y) the lower left corner). */
static int
rect_path(render_ctx *rc, page_state *ps, const layout_item *it, double x,
          double y, double w, double h, double r)
{
	HPDF_Page p = ps->page;
	HPDF_STATUS st = 0;
	if (r > w / 2)
		r = w / 2;
	if (r > h / 2)
		r = h / 2;
	if (!(r > 0)) {
		st = HPDF_Page_Rectangle(p, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w,
		                         (HPDF_REAL)h);
		return check(rc, st, it, "draw a rectangle");
	}
	const double k = r * KAPPA, x1 = x + w, y1 = y + h;
#define R(v) ((HPDF_REAL)(v))
	st |= HPDF_Page_MoveTo(p, R(x + r), R(y));
	st |= HPDF_Page_LineTo(p, R(x1 - r), R(y));
	st |= HPDF_Page_CurveTo(p, R(x1 - r + k), R(y), R(x1), R(y + r - k),
	                        R(x1), R(y + r));
	st |= HPDF_Page_LineTo(p, R(x1), R(y1 - r));
	st |= HPDF_Page_CurveTo(p, R(x1), R(y1 - r + k), R(x1 - r + k), R(y1),
	                        R(x1 - r), R(y1));
	st |= HPDF_Page_LineTo(p, R(x + r), R(y1));
	st |= HPDF_Page_CurveTo(p, R(x + r - k), R(y1), R(x), R(y1 - r + k),
	                        R(x), R(y1 - r));
	st |= HPDF_Page_LineTo(p, R(x), R(y + r));
	st |= HPDF_Page_CurveTo(p, R(x), R(y + r - k), R(x + r - k), R(y),
	                        R(x + r), R(y));
	st |= HPDF_Page_ClosePath(p);
#undef R
	return check(rc, st, it, "draw a rounded rectangle");
}

static int
draw_rect(render_ctx *rc, page_state *ps, const layout_item *it)
{
	const layout_rect *r = &it->u.rect;
	int fill = r->fill;
	int stroke = r->stroke && r->stroke_width > 0;
	if ((!fill && !stroke) || !(r->w > 0) || !(r->h > 0))
		return 0;
	if (end_text(rc, ps))
		return -1;
	if (fill && set_fill(rc, ps, r->fill_color, it))
		return -1;
	if (stroke && set_stroke(rc, ps, r->stroke_color, r->stroke_width, it))
		return -1;
	if (rect_path(rc, ps, it, r->x, ps->height - r->y - r->h, r->w, r->h,
	              r->radius))
		return -1;
	HPDF_STATUS st = fill && stroke ? HPDF_Page_FillStroke(ps->page)
	                 : fill         ? HPDF_Page_Fill(ps->page)
	                                : HPDF_Page_Stroke(ps->page);
	return check(rc, st, it, "paint a rectangle");
}

static int
draw_line(render_ctx *rc, page_state *ps, const layout_item *it)
{
	const layout_line *l = &it->u.line;
	if (!(l->width > 0))
		return 0;
	if (end_text(rc, ps) || set_stroke(rc, ps, l->color, l->width, it))
		return -1;
	HPDF_STATUS st = 0;
	st |= HPDF_Page_MoveTo(ps->page, (HPDF_REAL)l->x1,
	                       (HPDF_REAL)(ps->height - l->y1));
	st |= HPDF_Page_LineTo(ps->page, (HPDF_REAL)l->x2,
	                       (HPDF_REAL)(ps->height - l->y2));
	st |= HPDF_Page_Stroke(ps->page);
	return check(rc, st, it, "draw a line");
}

/* Percent-encode what may not appear raw in a URI: libharu writes the
 * bytes as they are, and viewers expect 7-bit ASCII. */
static char *
encode_uri(const char *uri)
{
	static const char hex[] = "0123456789ABCDEF";
	buf b;
	buf_init(&b);
	for (const unsigned char *s = (const unsigned char *)uri; *s; s++) {
		if (*s <= 0x20 || *s >= 0x7F || strchr("\"<>\\^`{|}", *s)) {
			buf_putc(&b, '%');
			buf_putc(&b, hex[*s >> 4]);
			buf_putc(&b, hex[*s & 15]);
		} else {
			buf_putc(&b, (char)*s);
		}
	}
	if (!b.data)
		buf_puts(&b, "");
	return buf_detach(&b);
}

static int
draw_link(render_ctx *rc, page_state *ps, const layout_item *it)
{
	const layout_link *l = &it->u.link;
	HPDF_Rect rect;
	rect.left = (HPDF_REAL)l->x;
	rect.right = (HPDF_REAL)(l->x + l->w);
	rect.top = (HPDF_REAL)(ps->height - l->y);
	rect.bottom = (HPDF_REAL)(ps->height - l->y - l->h);
	HPDF_Annotation a = NULL;
	char *uri = NULL;
	if (l->dest >= 0) {
		if ((size_t)l->dest >= rc->ndests) {
			diag_error(rc->diags, DIAG_INTERNAL, it->pos,
			           "a link points to destination %d of %zu", l->dest,
			           rc->ndests);
			return -1;
		}
		a = HPDF_Page_CreateLinkAnnot(ps->page, rect, rc->dests[l->dest]);
	} else if (l->uri) {
		uri = encode_uri(l->uri);
		a = HPDF_Page_CreateURILinkAnnot(ps->page, rect, uri);
	} else {
		return 0;
	}
	/* No border: viewers would draw a box around the link. PDF/A, UA:
	 * printable, described (pdf_meta.c). */
	HPDF_STATUS st = a ? HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0) : 0;
	if (a && st == HPDF_OK)
		st = render_link_annotate(rc, ps->page, a, l, uri);
	free(uri);
	if (!a)
		return render_fail(rc, 0, it->pos, "create a link");
	if (check(rc, st, it, "style a link"))
		return -1;
	return render_struct_annot(rc, ps->rp, a, it);
}

/* Whether item it paints anything (a link paints nothing). */
static int
item_draws(const layout_item *it)
{
	switch (it->kind) {
	case LITEM_TEXT:
		return it->u.text.nglyphs > 0;
	case LITEM_RECT:
		return (it->u.rect.fill ||
		        (it->u.rect.stroke && it->u.rect.stroke_width > 0)) &&
		       it->u.rect.w > 0 && it->u.rect.h > 0;
	case LITEM_LINE:
		return it->u.line.width > 0;
	case LITEM_IMAGE:
		return render_image_shows(it);
	case LITEM_PATH:
		return render_path_shows(it);
	case LITEM_LINK:
		break;
	}
	return 0;
}

/* Marked content: the sequence for node (0: an artifact) open around
 * what is drawn next. Text goes in a sequence inside its text object
 * (in_text), so that a paragraph after a heading, or a table's cells,
 * share one BT ... ET; the rest, and a figure's text, in one around
 * whole text objects and paths. */
static int
mark_content(render_ctx *rc, page_state *ps, uint32_t sn, uint32_t seq,
             int in_text, const layout_item *it)
{
	if (ps->mc_open && ps->mc == sn && ps->mc_in_text == in_text)
		return 0;
	if (ps->mc_open) {
		if (!ps->mc_in_text && end_text(rc, ps))
			return -1;
		ps->mc_open = 0;
		if (render_struct_end(rc, ps->rp))
			return -1;
	}
	if (in_text ? begin_text(rc, ps, it) : end_text(rc, ps))
		return -1;
	if (render_struct_begin(rc, ps->rp, sn, seq))
		return -1;
	ps->mc_open = 1;
	ps->mc_in_text = in_text;
	ps->mc = sn;
	return 0;
}

/* Inside the text object (begun if need be), a Span whose glyphs read
 * as the len UTF-16 units at text (len may be 0: as nothing), ISO
 * 32000-1 14.9.4; span_end ends it. Within the marked content of the
 * node, so it costs no MCID. */
static int
span_begin(render_ctx *rc, page_state *ps, const uint16_t *text, size_t len,
           const layout_item *it)
{
	if (begin_text(rc, ps, it))
		return -1;
	buf *b = &ps->tj;
	b->len = 0;
	buf_reserve(b, 32 + (len + 1) * GLYPH_MAX);
	char *o = b->data;
	memcpy(o, "/Span <</ActualText (", 21);
	o += 21;
	o = put_glyph(o, 0xFEFF);
	for (size_t k = 0; k < len; k++)
		o = put_glyph(o, text[k]);
	memcpy(o, ")>> BDC\n", 8);
	o += 8;
	return check(rc, haru_page_write(ps->page, b->data, (size_t)(o - b->data)),
	             it, "write text");
}

static int
span_end(render_ctx *rc, page_state *ps, const layout_item *it)
{
	return check(rc, haru_page_write(ps->page, "EMC\n", 4), it,
	             "write text");
}

static int
is_space(uint32_t cp)
{
	return cp == ' ' || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x3000;
}

/* Whether text item i of lp (of node sn, drawn among [.., to)) ends a
 * line of the node's text, a part of a line set apart, or the node's
 * text on the page, with neither a space nor a hyphen of its own at the
 * end. */
static int
ends_line(const layout_page *lp, size_t i, size_t to, uint32_t sn)
{
	const layout_text *t = &lp->items[i].u.text;
	if (sn == 0 || t->nglyphs == 0 || t->hyphenated ||
	    is_space(t->cps[t->nglyphs - 1]))
		return 0;
	/* A word broken at a hyphen of its own ("non-/governmental") goes
	 * on on the next line with no space. */
	const uint32_t last = t->cps[t->nglyphs - 1];
	if (last == '-' || last == 0x2010)
		return 0;
	/* Not when the next text goes on right after it on the line (a
	 * run in another style or language); else the next line, a part
	 * set apart (a contents line's page number), or the node's text on
	 * the page, which may go on on the next. */
	for (size_t j = i + 1; j < to; j++) {
		const layout_item *n = &lp->items[j];
		if (n->kind != LITEM_TEXT || n->u.text.nglyphs == 0)
			continue;
		double gap = n->u.text.x - (t->x + t->width);
		return !(fabs(n->u.text.y - t->y) <= 0.5 && gap > -0.5 &&
		         gap <= 0.25 * t->size);
	}
	return 1;
}

/* The Spans of text item i of lp (of node, drawn now) that make words
 * read whole where a hyphen was inserted, in order, at most two: the
 * rest of a word hyphenated at the end of the line before, at the
 * item's start, reads as nothing; a word hyphenated at the item's end
 * (a line's end) reads as the whole word (the next text item of the
 * node, on the next line, holds the rest). A line may be both. word is
 * room for the word. Return how many spans are in span. */
static size_t
hyphen_spans(page_state *ps, const layout_page *lp, size_t i, size_t to,
             uint32_t sn, text_span_at span[2], buf *word)
{
	const layout_text *t = &lp->items[i].u.text;
	size_t n = 0;
	if (sn == 0 || t->nglyphs == 0)
		return 0;
	if (ps->cont && ps->cont_node == sn) {
		ps->cont = 0;
		size_t e = 0;
		while (e < t->nglyphs && !is_space(t->cps[e]))
			e++;
		span[n++] = (text_span_at){0, e, NULL, 0};
	}
	if (!t->hyphenated || t->nglyphs < 2)
		return n;
	size_t end = t->nglyphs - 1; /* the hyphen */
	size_t from = end;
	while (from > 0 && !is_space(t->cps[from - 1]))
		from--;
	if (n && from < span[0].to)
		return n; /* one word over three lines: its middle reads as
		           * nothing, as the rest of the word before */
	word->len = 0;
	for (size_t k = from; k < end; k++)
		buf_put(word, &t->cps[k], sizeof(uint16_t));
	for (size_t j = i + 1; j < to; j++) {
		const layout_item *nx = &lp->items[j];
		if (nx->kind != LITEM_TEXT || nx->snode != lp->items[i].snode ||
		    nx->u.text.nglyphs == 0)
			continue;
		for (size_t k = 0; k < nx->u.text.nglyphs &&
		                   !is_space(nx->u.text.cps[k]); k++)
			buf_put(word, &nx->u.text.cps[k], sizeof(uint16_t));
		ps->cont = 1;
		ps->cont_node = sn;
		break;
	}
	span[n++] = (text_span_at){from, t->nglyphs,
	                           (const uint16_t *)word->data,
	                           word->len / sizeof(uint16_t)};
	return n;
}

/* Draw items [from, to) of lp into rp's page's content stream, their
 * links as annotations when links. */
static int
draw_items(render_ctx *rc, const layout_page *lp, size_t from, size_t to,
           render_page *rp, int links)
{
	page_state ps;
	memset(&ps, 0, sizeof(ps));
	ps.page = rp->page;
	ps.rp = rp;
	ps.height = lp->height;
	buf_init(&ps.tj);

	buf word;
	buf_init(&word);
	text_span_at span[2];
	size_t nspans = 0;
	int ret = 0;
	for (size_t i = from; i < to && ret == 0; i++) {
		/* For print, colour reaching the trim runs into the bleed. */
		const layout_item *it =
		        render_bleed_item(rc, lp, &lp->items[i]);
		/* (The overprint state first: it may end a text object.) */
		if (rc->printing && it->kind != LITEM_LINK &&
		    set_overprint(rc, &ps, is_black_text(rc, it), it)) {
			ret = -1;
			break;
		}
		uint32_t sn = 0;
		nspans = 0;
		if (item_draws(it)) {
			sn = render_struct_node(rc, it);
			if (it->kind == LITEM_TEXT) {
				nspans = hyphen_spans(&ps, lp, i, to, sn, span,
				                      &word);
				ps.space_after = ends_line(lp, i, to, sn);
			}
			const int in_text =
			        it->kind == LITEM_TEXT && it->u.text.angle == 0 &&
			        it->u.text.opacity >= 1 &&
			        (sn == 0 ||
			         rc->ld->snodes[sn].tag != LTAG_FIGURE);
			if (mark_content(rc, &ps, sn, it->seq, in_text, it)) {
				ret = -1;
				break;
			}
		}
		switch (it->kind) {
		case LITEM_TEXT: {
			/* A word split by an inserted hyphen is tagged to read
			 * whole: its parts go in sequences of their own. */
			const size_t n = it->u.text.nglyphs;
			size_t at = 0;
			for (size_t k = 0; k < nspans && ret == 0; k++) {
				const text_span_at *sp = &span[k];
				ret = draw_text(rc, &ps, it, at, sp->from, at > 0) ||
				      span_begin(rc, &ps, sp->text, sp->len, it) ||
				      draw_text(rc, &ps, it, sp->from, sp->to,
				                sp->from > 0) ||
				      span_end(rc, &ps, it);
				at = sp->to;
			}
			if (ret == 0)
				ret = draw_text(rc, &ps, it, at, n, at > 0);
			break;
		}
		case LITEM_RECT:
			ret = draw_rect(rc, &ps, it);
			break;
		case LITEM_LINE:
			ret = draw_line(rc, &ps, it);
			break;
		case LITEM_LINK:
			if (links)
				ret = draw_link(rc, &ps, it);
			break;
		case LITEM_IMAGE:
			if (render_image_shows(it))
				ret = end_text(rc, &ps) ||
				      render_draw_image(rc, ps.page, ps.height,
				                        it);
			break;
		case LITEM_PATH:
			/* It saves and restores the graphics state: what ps
			 * knows of it stays true. */
			if (render_path_shows(it))
				ret = end_text(rc, &ps) ||
				      render_draw_path(rc, ps.page, ps.height,
				                       it);
			break;
		}
	}
	if (ret == 0)
		ret = end_text(rc, &ps);
	if (ret == 0)
		ret = set_overprint(rc, &ps, 0, NULL);
	if (ret == 0)
		ret = end_text(rc, &ps);
	if (ret == 0 && ps.mc_open)
		ret = render_struct_end(rc, rp);
	buf_free(&ps.tj);
	buf_free(&word);
	return ret ? -1 : 0;
}

/* Only the links of items [from, to) of lp, as annotations on rp's page. */
static int
draw_links(render_ctx *rc, const layout_page *lp, size_t from, size_t to,
           render_page *rp)
{
	page_state ps;
	memset(&ps, 0, sizeof(ps));
	ps.page = rp->page;
	ps.rp = rp;
	ps.height = lp->height;
	for (size_t i = from; i < to; i++)
		if (lp->items[i].kind == LITEM_LINK &&
		    draw_link(rc, &ps, &lp->items[i]) != 0)
			return -1;
	return 0;
}

/* ---- the page and its content ---- */

int
render_page_new(render_ctx *rc, const layout_page *lp, size_t i,
                HPDF_Page before, render_page *rp)
{
	static const src_pos nowhere = {NULL, 0, 0};
	memset(rp, 0, sizeof(*rp));
	rp->skey = -1;
	double w = lp->width, h = lp->height;
	if (!(w >= PAGE_MIN_PT && w <= PAGE_MAX_PT && h >= PAGE_MIN_PT &&
	      h <= PAGE_MAX_PT)) {
		diag_error(rc->diags, DIAG_PDF, nowhere,
		           "page %zu is %g x %g pt, outside what PDF allows",
		           i + 1, w, h);
		diag_note(rc->diags,
		          "PDF pages are 3 to 14400 pt (about 1 mm to "
		          "5 m) on each side; check the theme's page "
		          "size");
		return -1;
	}
	HPDF_Page p = before ? HPDF_InsertPage(rc->pdf, before)
	                     : HPDF_AddPage(rc->pdf);
	if (!p)
		return render_fail(rc, 0, nowhere, "add a page");
	rp->page = p;
	rp->index = i;
	if (HPDF_Page_SetWidth(p, (HPDF_REAL)w) != HPDF_OK ||
	    HPDF_Page_SetHeight(p, (HPDF_REAL)h) != HPDF_OK)
		return render_fail(rc, 0, nowhere, "set the page size");
	if (rc->printing && render_print_boxes(rc, lp, rp) != 0)
		return -1;
	if (haru_page_trim(rc->pdf, p) != 0)
		return render_fail(rc, 0, nowhere, "make a page");
	return 0;
}

/* Move what rp's page's content stream holds into raw (emptied first). */
static int
take_drawn(render_ctx *rc, render_page *rp, buf *raw)
{
	raw->len = 0;
	if (haru_page_take(rp->page, raw) == 0)
		return 0;
	diag_error(rc->diags, DIAG_INTERNAL, (src_pos){NULL, 0, 0},
	           "a page's content stream is not as expected");
	return -1;
}

/* Move what rp's page's content stream holds into rc->raw and deflate
 * it, appended to out, as one part. */
static int
deflate_drawn(render_ctx *rc, render_page *rp, int last, buf *out,
              uint32_t *adler, uint32_t *rawlen)
{
	const char *why;
	if (take_drawn(rc, rp, &rc->raw) != 0)
		return -1;
	if (render_deflate_part((const unsigned char *)rc->raw.data,
	                        rc->raw.len, last, out, adler, rawlen,
	                        &why) != 0)
		return render_deflate_failed(rc, why);
	return 0;
}

/* A page's body, deflated as a task of the run's worker (or where it is
 * finished, without one): the bytes depend only on the body, so the PDF
 * is the same whichever thread deflates it. */
typedef struct render_zjob {
	wtask task; /* first: the task is the job */
	buf raw;    /* the body as drawn, until deflated */
	/* The raw deflate part, malloc'd at its size, and the Adler-32 and
	 * length of what it encodes; or why it failed. */
	unsigned char *z;
	size_t zlen;
	uint32_t adler, rawlen;
	const char *why;
} render_zjob;

/* Body pages drawn and not yet deflated, at most: each holds its drawn
 * content (about 10 KB) until then. */
#define RENDER_ZJOBS_AHEAD 32

static void
deflate_body(wtask *t)
{
	render_zjob *j = (render_zjob *)t;
	buf z;
	buf_init(&z);
	j->adler = 1; /* the Adler-32 of nothing */
	j->rawlen = 0;
	if (render_deflate_part((const unsigned char *)j->raw.data, j->raw.len,
	                        0, &z, &j->adler, &j->rawlen, &j->why) == 0) {
		j->why = NULL;
		/* Kept at its size until the page is completed. */
		j->z = xmalloc(z.len ? z.len : 1);
		memcpy(j->z, z.data, z.len);
		j->zlen = z.len;
	}
	buf_free(&z);
	buf_free(&j->raw);
}

void
render_page_free_body(render_ctx *rc, render_page *rp)
{
	render_zjob *j = rp->zbody;
	if (!j)
		return;
	worker_withdraw(rc->worker, &j->task);
	buf_free(&j->raw);
	free(j->z);
	free(j);
	rp->zbody = NULL;
}

int
render_page_body(render_ctx *rc, const layout_page *lp, size_t from, size_t to,
                 int links, render_page *rp)
{
	if (draw_items(rc, lp, from, to, rp, links) != 0)
		return -1;
	render_page_free_body(rc, rp);
	render_zjob *j = xcalloc(1, sizeof(*j));
	buf_init(&j->raw);
	rp->zbody = j;
	if (take_drawn(rc, rp, &j->raw) != 0)
		return -1;
	j->task.run = deflate_body;
	worker_post(rc->worker, &j->task);
	/* Hold at most so many drawn bodies (the body pages are deflated
	 * in order, and this one is among them unless it is a cover). */
	while (rc->zfinished < rc->nbody &&
	       rc->nbody - rc->zfinished > RENDER_ZJOBS_AHEAD) {
		render_zjob *old = rc->body[rc->zfinished++].zbody;
		if (old)
			worker_finish(rc->worker, &old->task);
	}
	return 0;
}

int
render_page_complete(render_ctx *rc, const layout_page *lp, size_t from,
                     size_t to, int body_links, render_page *rp)
{
	if (!rp->zbody || from > to || to > lp->nitems) {
		diag_error(rc->diags, DIAG_INTERNAL, (src_pos){NULL, 0, 0},
		           "a page was completed before its body was drawn");
		return -1;
	}
	if (body_links && draw_links(rc, lp, from, to, rp) != 0)
		return -1;
	buf z;
	buf_init(&z);
	render_zlib_header(&z);
	uint32_t adler = 1, rawlen = 0;
	int r = 0;
	/* For print, what is drawn is clipped to the bleed (a design may
	 * run further out), and the marks go outside it. */
	if (from > 0 || rc->printing)
		r = render_bleed_clip(rc, lp, rp) ||
		    draw_items(rc, lp, 0, from, rp, 1) ||
		    deflate_drawn(rc, rp, 0, &z, &adler, &rawlen);
	render_zjob *j = rp->zbody;
	if (r == 0) {
		worker_finish(rc->worker, &j->task);
		if (j->why)
			r = render_deflate_failed(rc, j->why);
	}
	if (r == 0) {
		buf_put(&z, j->z, j->zlen);
		adler = render_adler_combine(adler, j->adler, j->rawlen);
		rawlen += j->rawlen;
		/* The last part ends the stream, even if it is empty. */
		r = draw_items(rc, lp, to, lp->nitems, rp, 1) ||
		    render_marks_draw(rc, lp, rp) ||
		    deflate_drawn(rc, rp, 1, &z, &adler, &rawlen);
	}
	if (r == 0) {
		render_zlib_trailer(&z, adler);
		HPDF_STATUS st = haru_page_set_deflated(
		        rp->page, (const unsigned char *)z.data, z.len);
		if (st != HPDF_OK)
			r = render_fail(rc, st, (src_pos){NULL, 0, 0},
			                "keep a page's content");
	}
	buf_free(&z);
	render_page_free_body(rc, rp);
	return r ? -1 : 0;
}
