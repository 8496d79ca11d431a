/* pdf_page.c - drawing a layout page's items: TJ text, rects, lines, links. */
#include "render/render_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

/* Bézier control distance for a quarter circle of radius 1. */
#define KAPPA 0.5522847498

static int
check(render_ctx *rc, HPDF_STATUS st, const layout_item *it, const char *what)
{
	if (st == HPDF_OK)
		return 0;
	return render_fail(rc, st, it ? it->pos : (src_pos){NULL, 0, 0}, what);
}

/*
 * Append len bytes to the page's content stream. libharu copies what it
 * is given a byte at a time (HPDF_MemCpy); while the bytes fit in the
 * memory stream's current buffer, copy them there with memcpy and
 * advance the stream as HPDF_MemStream_InWrite would. Otherwise, or
 * after an error (which libharu would skip the write for), let libharu
 * write them.
 */
static HPDF_STATUS
stream_write(HPDF_Stream s, const char *data, size_t len)
{
	if (s->type == HPDF_STREAM_MEMORY &&
	    HPDF_Error_GetCode(s->error) == HPDF_OK) {
		HPDF_MemStreamAttr ma = (HPDF_MemStreamAttr)s->attr;
		if (ma->w_ptr && ma->w_pos <= ma->buf_siz &&
		    len <= ma->buf_siz - ma->w_pos) {
			memcpy(ma->w_ptr, data, len);
			ma->w_ptr += len;
			ma->w_pos += (HPDF_UINT)len;
			s->size += (HPDF_UINT)len;
			return HPDF_OK;
		}
	}
	return HPDF_Stream_Write(s, (const HPDF_BYTE *)data, (HPDF_UINT)len);
}

/*
 * Set the fill colour as HPDF_Page_SetRGBFill does, byte for byte (each
 * channel formatted by libharu's HPDF_FToA) and with the same graphics
 * state, without its cost (it clears a 512-byte buffer a byte at a time
 * on every call).
 */
static int
set_fill(render_ctx *rc, page_state *ps, uint32_t c, const layout_item *it)
{
	if (ps->have_fill && ps->fill == c)
		return 0;
	ps->have_fill = 1;
	ps->fill = c;
	const HPDF_REAL r = ((c >> 16) & 0xFF) / 255.0f;
	const HPDF_REAL g = ((c >> 8) & 0xFF) / 255.0f;
	const HPDF_REAL b = (c & 0xFF) / 255.0f;
	HPDF_PageAttr attr = (HPDF_PageAttr)ps->page->attr;
	if (attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION &&
	    attr->gmode != HPDF_GMODE_TEXT_OBJECT) /* libharu says why */
		return check(rc, HPDF_Page_SetRGBFill(ps->page, r, g, b), it,
		             "set a fill colour");
	char op[3 * (HPDF_REAL_LEN + 1) + 8];
	char *o = op;
	o = HPDF_FToA(o, r, o + HPDF_REAL_LEN);
	*o++ = ' ';
	o = HPDF_FToA(o, g, o + HPDF_REAL_LEN);
	*o++ = ' ';
	o = HPDF_FToA(o, b, o + HPDF_REAL_LEN);
	memcpy(o, " rg\n", 4);
	o += 4;
	if (check(rc, stream_write(attr->stream, op, (size_t)(o - op)), it,
	          "set a fill colour"))
		return -1;
	attr->gstate->rgb_fill.r = r;
	attr->gstate->rgb_fill.g = g;
	attr->gstate->rgb_fill.b = b;
	attr->gstate->cs_fill = HPDF_CS_DEVICE_RGB;
	return 0;
}

static int
set_stroke(render_ctx *rc, page_state *ps, uint32_t c, double w,
           const layout_item *it)
{
	if (!ps->have_stroke || ps->stroke != c) {
		ps->have_stroke = 1;
		ps->stroke = c;
		if (check(rc,
		          HPDF_Page_SetRGBStroke(ps->page, ((c >> 16) & 0xFF) / 255.0f,
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

int
render_end_text(render_ctx *rc, page_state *ps)
{
	if (!ps->in_text)
		return 0;
	ps->in_text = 0;
	return check(rc, HPDF_Page_EndText(ps->page), NULL, "end a text object");
}

/* "/F2 9.5 Tf", as HPDF_Page_SetFontAndSize writes it, with the name the
 * page gives the font (the font itself is loaded at the end). */
static int
set_font(render_ctx *rc, page_state *ps, render_font *rf, double size,
         const layout_item *it)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)ps->page->attr;
	if (size > HPDF_MAX_FONTSIZE) {
		diag_error(rc->diags, DIAG_PDF, it->pos,
		           "cannot draw text at font size %g", size);
		diag_note(rc->diags, "PDF font sizes go up to %d points",
		          (int)HPDF_MAX_FONTSIZE);
		return -1;
	}
	char op[RENDER_FONT_NAME_MAX + HPDF_REAL_LEN + 8];
	op[0] = '/';
	render_page_font_name(ps->rp, rf, op + 1);
	char *o = op + strlen(op);
	*o++ = ' ';
	o = HPDF_FToA(o, (HPDF_REAL)size, o + HPDF_REAL_LEN);
	memcpy(o, " Tf\n", 4);
	o += 4;
	if (check(rc, stream_write(attr->stream, op, (size_t)(o - op)), it,
	          "set the font"))
		return -1;
	attr->gstate->font_size = (HPDF_REAL)size;
	return 0;
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
draw_text(render_ctx *rc, page_state *ps, const layout_item *it)
{
	const layout_text *t = &it->u.text;
	if (t->nglyphs == 0)
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
	if (own && (render_end_text(rc, ps) ||
	            check(rc, HPDF_Page_GSave(ps->page), it, "save the state") ||
	            set_text_alpha(rc, ps, t->opacity, it)))
		return -1;
	if (!ps->in_text) {
		if (check(rc, HPDF_Page_BeginText(ps->page), it,
		          "begin a text object"))
			return -1;
		ps->in_text = 1;
	}
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
	const double x0 = t->x + ca * t->xs[0];
	const double y0 = ps->height - t->y + sa * t->xs[0];

	buf *b = &ps->tj;
	b->len = 0;
	/* Written straight into the buffer (this loop runs once per glyph
	 * of the document): a glyph takes at most ')', a number, '(' and
	 * two escaped bytes; the matrix six numbers and "Tm". */
	buf_reserve(b, t->nglyphs * (TJ_NUM_MAX + 2 + GLYPH_MAX) +
	                   6 * (FIXED_MAX + 1) + 16);
	char *o = b->data;
	/* The text matrix, as HPDF_Page_SetTextMatrix would write it (which
	 * costs more than the whole TJ array): the turn to 5 decimals, the
	 * position to 3 (0.0005 pt at most off). */
	HPDF_PageAttr attr = (HPDF_PageAttr)ps->page->attr;
	const double m[6] = {ca, sa, sa != 0 ? -sa : 0, ca, x0, y0};
	for (int k = 0; k < 6; k++) {
		o = put_fixed(o, m[k], k < 4 ? 5 : 3);
		*o++ = ' ';
	}
	memcpy(o, "Tm\n[", 4);
	o += 4;
	attr->text_matrix.a = (HPDF_REAL)m[0];
	attr->text_matrix.b = (HPDF_REAL)m[1];
	attr->text_matrix.c = (HPDF_REAL)m[2];
	attr->text_matrix.d = (HPDF_REAL)m[3];
	attr->text_matrix.x = (HPDF_REAL)m[4];
	attr->text_matrix.y = (HPDF_REAL)m[5];
	int open = 0;      /* inside a (...) string */
	double pen = 0.0;  /* where the viewer's pen is, 1/1000 em */
	const double per_pt = 1000.0 / t->size;
	for (size_t i = 0; i < t->nglyphs; i++) {
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
		double target = ((double)t->xs[i] - t->xs[0]) * per_pt;
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
	if (open)
		*o++ = ')';
	memcpy(o, "] TJ\n", 5);
	o += 5;
	*o = '\0';
	b->len = (size_t)(o - b->data);

	if (check(rc, stream_write(attr->stream, b->data, b->len), it,
	          "write text"))
		return -1;
	/* Keep libharu's idea of the text position in step with the pen. */
	attr->text_pos.x = (HPDF_REAL)(x0 + ca * pen / per_pt);
	attr->text_pos.y = (HPDF_REAL)(y0 + sa * pen / per_pt);
	if (own) {
		if (render_end_text(rc, ps) ||
		    check(rc, HPDF_Page_GRestore(ps->page), it,
		          "restore the state"))
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
	if (render_end_text(rc, ps))
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
	if (render_end_text(rc, ps) || set_stroke(rc, ps, l->color, l->width, it))
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
	if (l->dest >= 0) {
		if ((size_t)l->dest >= rc->ndests) {
			diag_error(rc->diags, DIAG_INTERNAL, it->pos,
			           "a link points to destination %d of %zu", l->dest,
			           rc->ndests);
			return -1;
		}
		a = HPDF_Page_CreateLinkAnnot(ps->page, rect, rc->dests[l->dest]);
	} else if (l->uri) {
		char *uri = encode_uri(l->uri);
		a = HPDF_Page_CreateURILinkAnnot(ps->page, rect, uri);
		free(uri);
	} else {
		return 0;
	}
	if (!a)
		return render_fail(rc, 0, it->pos, "create a link");
	/* No border: viewers would draw a box around the link. */
	return check(rc, HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0), it,
	             "style a link");
}

int
render_page_items(render_ctx *rc, const layout_page *lp, size_t from,
                   size_t to, render_page *rp, int skip_links)
{
	page_state ps;
	memset(&ps, 0, sizeof(ps));
	ps.page = rp->page;
	ps.rp = rp;
	ps.height = lp->height;
	buf_init(&ps.tj);

	int ret = 0;
	for (size_t i = from; i < to && ret == 0; i++) {
		const layout_item *it = &lp->items[i];
		switch (it->kind) {
		case LITEM_TEXT:
			ret = draw_text(rc, &ps, it);
			break;
		case LITEM_RECT:
			ret = draw_rect(rc, &ps, it);
			break;
		case LITEM_LINE:
			ret = draw_line(rc, &ps, it);
			break;
		case LITEM_LINK:
			if (!skip_links)
				ret = draw_link(rc, &ps, it);
			break;
		case LITEM_IMAGE:
			ret = render_draw_image(rc, &ps, it);
			break;
		case LITEM_PATH:
			ret = render_draw_path(rc, &ps, it);
			break;
		}
	}
	if (ret == 0)
		ret = render_end_text(rc, &ps);
	buf_free(&ps.tj);
	return ret;
}

int
render_page_links(render_ctx *rc, const layout_page *lp, size_t from,
                  size_t to, render_page *rp)
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
