/* pdf_path.c - vector paths (SVG drawings, charts, QR codes) with solid
 * or gradient paint.
 *
 * A leaf of pdf_page.c, which calls it outside any text object.
 *
 * libharu 2.3 has no shading API (2.4's is not used, so that both write
 * the same): a gradient is a shading dictionary
 * (axial type 2 or radial type 3, with an exponential function for two
 * stops or a stitching function for more) added by hand to the page's
 * /Resources /Shading, and drawn by clipping to the path and writing
 * "/ShN sh" into the content stream. Dashes are written as a raw "d"
 * operator too, since HPDF_Page_SetDash takes whole numbers only and
 * rejects odd counts. Opacity goes through ExtGStates, one per 8-bit
 * alpha, cached in the render_ctx (an ExtGState is read-only once used). */
#include "render/render_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The page a path is drawn on, and its height (for the y axis). */
typedef struct path_page {
	HPDF_Page page;
	double height;
} path_page;

static int
check(render_ctx *rc, HPDF_STATUS st, const layout_item *it, const char *what)
{
	if (st == HPDF_OK)
		return 0;
	return render_fail(rc, st, it->pos, what);
}

/* Write s into the page's content stream as it is. */
static int
raw(render_ctx *rc, path_page *ps, const layout_item *it, const char *s)
{
	return check(rc, haru_page_write(ps->page, s, strlen(s)), it,
	             "write a path");
}

/* The ExtGState with fill and stroke alpha a (0..1). */
static int
set_alpha(render_ctx *rc, path_page *ps, const layout_item *it, double a)
{
	long k = lround(a * 255);
	k = k < 0 ? 0 : k > 255 ? 255 : k;
	if (k == 255)
		return 0;
	HPDF_ExtGState gs = rc->path_alpha[k];
	if (!gs) {
		gs = HPDF_CreateExtGState(rc->pdf);
		if (!gs)
			return render_fail(rc, 0, it->pos, "make a transparency state");
		if (check(rc, HPDF_ExtGState_SetAlphaFill(gs, (HPDF_REAL)(k / 255.0)),
		          it, "set a fill opacity") ||
		    check(rc, HPDF_ExtGState_SetAlphaStroke(gs,
		                                            (HPDF_REAL)(k / 255.0)),
		          it, "set a stroke opacity"))
			return -1;
		rc->path_alpha[k] = gs;
	}
	return check(rc, HPDF_Page_SetExtGState(ps->page, gs), it,
	             "use a transparency state");
}

static float
chan(uint32_t c, int shift)
{
	return (float)((c >> shift) & 0xFF) / 255.0f;
}

/* What build did: appended a path to paint, appended nothing (no
 * segment opens a path), or failed after a diagnostic. */
typedef enum { BUILD_PATH, BUILD_EMPTY, BUILD_FAILED } build_result;

/* Append the path's segments (page coordinates, y flipped). */
static build_result
build(render_ctx *rc, path_page *ps, const layout_item *it)
{
	const layout_path *p = it->u.path;
	HPDF_Page pg = ps->page;
	double H = ps->height;
	int open = 0;
	for (size_t i = 0; i < p->nsegs; i++) {
		const layout_seg *s = &p->segs[i];
		HPDF_STATUS st = HPDF_OK;
		switch (s->op) {
		case LSEG_MOVE:
			st = HPDF_Page_MoveTo(pg, (HPDF_REAL)s->x[0],
			                      (HPDF_REAL)(H - s->y[0]));
			open = 1;
			break;
		case LSEG_LINE:
			if (!open)
				st = HPDF_Page_MoveTo(pg, (HPDF_REAL)s->x[0],
				                      (HPDF_REAL)(H - s->y[0]));
			else
				st = HPDF_Page_LineTo(pg, (HPDF_REAL)s->x[0],
				                      (HPDF_REAL)(H - s->y[0]));
			open = 1;
			break;
		case LSEG_CURVE:
			if (!open)
				st = HPDF_Page_MoveTo(pg, (HPDF_REAL)s->x[0],
				                      (HPDF_REAL)(H - s->y[0]));
			if (st == HPDF_OK)
				st = HPDF_Page_CurveTo(pg, (HPDF_REAL)s->x[0],
				                       (HPDF_REAL)(H - s->y[0]),
				                       (HPDF_REAL)s->x[1],
				                       (HPDF_REAL)(H - s->y[1]),
				                       (HPDF_REAL)s->x[2],
				                       (HPDF_REAL)(H - s->y[2]));
			open = 1;
			break;
		case LSEG_CLOSE:
			if (open)
				st = HPDF_Page_ClosePath(pg);
			break;
		}
		if (check(rc, st, it, "draw a path"))
			return BUILD_FAILED;
	}
	return open ? BUILD_PATH : BUILD_EMPTY;
}

/* Line width, caps, joins, miter limit and dashes for a stroke. */
static int
stroke_style(render_ctx *rc, path_page *ps, const layout_item *it)
{
	const layout_path *p = it->u.path;
	static const HPDF_LineCap caps[] = {HPDF_BUTT_END, HPDF_ROUND_END,
	                                    HPDF_PROJECTING_SCUARE_END};
	static const HPDF_LineJoin joins[] = {HPDF_MITER_JOIN, HPDF_ROUND_JOIN,
	                                      HPDF_BEVEL_JOIN};
	int cap = p->cap >= 0 && p->cap <= 2 ? p->cap : 0;
	int join = p->join >= 0 && p->join <= 2 ? p->join : 0;
	double ml = p->miter_limit >= 1 ? p->miter_limit : 1;
	if (check(rc, HPDF_Page_SetLineWidth(ps->page, (HPDF_REAL)p->stroke_width),
	          it, "set a line width") ||
	    check(rc, HPDF_Page_SetLineCap(ps->page, caps[cap]), it,
	          "set a line cap") ||
	    check(rc, HPDF_Page_SetLineJoin(ps->page, joins[join]), it,
	          "set a line join") ||
	    check(rc, HPDF_Page_SetMiterLimit(ps->page, (HPDF_REAL)ml), it,
	          "set a miter limit"))
		return -1;
	if (!p->ndash)
		return 0;
	/* PDF wants an even count and not all zeros: an odd list is
	 * repeated (as SVG does), an all-zero one means a solid line. */
	double sum = 0;
	for (size_t i = 0; i < p->ndash; i++)
		sum += p->dash[i] > 0 ? p->dash[i] : 0;
	if (!(sum > 0))
		return 0;
	size_t n = p->ndash % 2 ? p->ndash * 2 : p->ndash;
	buf b;
	buf_init(&b);
	buf_putc(&b, '[');
	for (size_t i = 0; i < n; i++) {
		double d = p->dash[i % p->ndash];
		buf_printf(&b, "%s%.3f", i ? " " : "", d > 0 ? d : 0);
	}
	buf_printf(&b, "] %.3f d\n", p->dash_phase);
	int ret = raw(rc, ps, it, b.data);
	buf_free(&b);
	return ret;
}

/* ---- gradients ---- */

static HPDF_Array
reals(render_ctx *rc, const double *v, size_t n)
{
	HPDF_Array a = HPDF_Array_New(haru_mmgr(rc->pdf));
	if (!a)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (HPDF_Array_AddReal(a, (HPDF_REAL)v[i]) != HPDF_OK)
			return NULL; /* a is owned by the mmgr and freed with it */
	return a;
}

/* Colour c as a shading's components: RGB, or its inks in the print
 * PDF. */
static HPDF_Array
components(render_ctx *rc, uint32_t c)
{
	if (rc->printing) {
		model_cmyk p = render_colour_cmyk(rc, c);
		double v[4] = {p.c, p.m, p.y, p.k};
		return reals(rc, v, 4);
	}
	double v[3] = {chan(c, 16), chan(c, 8), chan(c, 0)};
	return reals(rc, v, 3);
}

/* An exponential interpolation (type 2) from colour a to colour b. */
static HPDF_Dict
lerp_function(render_ctx *rc, uint32_t a, uint32_t b)
{
	static const double domain[2] = {0, 1};
	HPDF_Dict f = HPDF_Dict_New(haru_mmgr(rc->pdf));
	if (!f)
		return NULL;
	HPDF_Array d = reals(rc, domain, 2), c0 = components(rc, a),
	           c1 = components(rc, b);
	if (!d || !c0 || !c1 ||
	    HPDF_Dict_AddNumber(f, "FunctionType", 2) != HPDF_OK ||
	    HPDF_Dict_Add(f, "Domain", d) != HPDF_OK ||
	    HPDF_Dict_Add(f, "C0", c0) != HPDF_OK ||
	    HPDF_Dict_Add(f, "C1", c1) != HPDF_OK ||
	    HPDF_Dict_AddNumber(f, "N", 1) != HPDF_OK)
		return NULL;
	return f;
}

/* The colour function of a gradient: one type 2 function per interval
 * between stops, stitched (type 3) when there is more than one. Stops
 * that do not start at 0 or end at 1 are extended, as SVG pads. */
static HPDF_Dict
gradient_function(render_ctx *rc, const layout_gradient *g)
{
	size_t n = g->nstops;
	double off[66];
	uint32_t col[66];
	size_t k = 0;
	if (n > 64)
		n = 64;
	if (g->stops[0].offset > 0) {
		off[k] = 0;
		col[k++] = g->stops[0].color;
	}
	for (size_t i = 0; i < n; i++) {
		off[k] = g->stops[i].offset;
		col[k++] = g->stops[i].color;
	}
	if (off[k - 1] < 1) {
		off[k] = 1;
		col[k] = col[k - 1];
		k++;
	}
	/* Intervals of nonzero width: a hard stop is two stops at one
	 * offset, and the later colour starts the next interval. */
	double b0[65], b1[65];
	uint32_t c0[65], c1[65];
	size_t m = 0;
	for (size_t i = 0; i + 1 < k; i++) {
		if (off[i + 1] - off[i] <= 1e-9)
			continue;
		b0[m] = off[i];
		b1[m] = off[i + 1];
		c0[m] = col[i];
		c1[m] = col[i + 1];
		m++;
	}
	if (m == 0)
		return lerp_function(rc, col[k - 1], col[k - 1]);
	if (m == 1 && b0[0] == 0 && b1[0] == 1)
		return lerp_function(rc, c0[0], c1[0]);
	HPDF_Dict f = HPDF_Dict_New(haru_mmgr(rc->pdf));
	HPDF_Array fns = HPDF_Array_New(haru_mmgr(rc->pdf));
	if (!f || !fns)
		return NULL;
	double bounds[64], encode[130];
	for (size_t i = 0; i < m; i++) {
		HPDF_Dict sub = lerp_function(rc, c0[i], c1[i]);
		if (!sub || HPDF_Array_Add(fns, sub) != HPDF_OK)
			return NULL;
		if (i > 0)
			bounds[i - 1] = b0[i];
		encode[2 * i] = 0;
		encode[2 * i + 1] = 1;
	}
	/* The domain stays 0..1: the first interval starts at 0 and the
	 * last ends at 1 after the padding above. */
	static const double domain[2] = {0, 1};
	HPDF_Array d = reals(rc, domain, 2);
	HPDF_Array bd = reals(rc, bounds, m - 1);
	HPDF_Array en = reals(rc, encode, 2 * m);
	if (!d || !bd || !en ||
	    HPDF_Dict_AddNumber(f, "FunctionType", 3) != HPDF_OK ||
	    HPDF_Dict_Add(f, "Domain", d) != HPDF_OK ||
	    HPDF_Dict_Add(f, "Functions", fns) != HPDF_OK ||
	    HPDF_Dict_Add(f, "Bounds", bd) != HPDF_OK ||
	    HPDF_Dict_Add(f, "Encode", en) != HPDF_OK)
		return NULL;
	return f;
}

/* Add the shading for g to the page's resources; store its name. */
static int
add_shading(render_ctx *rc, path_page *ps, const layout_item *it,
            const layout_gradient *g, char *name, size_t cap)
{
	double H = ps->height;
	HPDF_Dict sh = HPDF_Dict_New(haru_mmgr(rc->pdf));
	if (!sh)
		return render_fail(rc, 0, it->pos, "make a gradient");
	double coords[6];
	size_t nc;
	if (g->radial) {
		double r = g->r > 0 ? g->r : 0.001;
		/* The focus must lie inside the circle for a clean ramp. */
		double fx = g->x1, fy = g->y1;
		double dx = fx - g->x2, dy = fy - g->y2, dd = sqrt(dx * dx + dy * dy);
		if (dd > r * 0.99) {
			fx = g->x2 + dx / dd * r * 0.99;
			fy = g->y2 + dy / dd * r * 0.99;
		}
		double c[6] = {fx, H - fy, 0, g->x2, H - g->y2, r};
		memcpy(coords, c, sizeof(c));
		nc = 6;
	} else {
		double c[4] = {g->x1, H - g->y1, g->x2, H - g->y2};
		memcpy(coords, c, sizeof(c));
		nc = 4;
	}
	HPDF_Dict fn = gradient_function(rc, g);
	HPDF_Array co = reals(rc, coords, nc);
	HPDF_Array ext = HPDF_Array_New(haru_mmgr(rc->pdf));
	if (!fn || !co || !ext ||
	    HPDF_Array_Add(ext, HPDF_Boolean_New(haru_mmgr(rc->pdf),
	                                         HPDF_TRUE)) != HPDF_OK ||
	    HPDF_Array_Add(ext, HPDF_Boolean_New(haru_mmgr(rc->pdf),
	                                         HPDF_TRUE)) != HPDF_OK ||
	    HPDF_Dict_AddNumber(sh, "ShadingType", g->radial ? 3 : 2) !=
	            HPDF_OK ||
	    HPDF_Dict_AddName(sh, "ColorSpace",
	                      rc->printing ? "DeviceCMYK" : "DeviceRGB") !=
	            HPDF_OK ||
	    HPDF_Dict_Add(sh, "Coords", co) != HPDF_OK ||
	    HPDF_Dict_Add(sh, "Function", fn) != HPDF_OK ||
	    HPDF_Dict_Add(sh, "Extend", ext) != HPDF_OK)
		return render_fail(rc, 0, it->pos, "make a gradient");
	HPDF_Dict res = HPDF_Page_GetInheritableItem(ps->page, "Resources",
	                                             HPDF_OCLASS_DICT);
	if (!res)
		return render_fail(rc, 0, it->pos, "find the page's resources");
	HPDF_Dict shd = HPDF_Dict_GetItem(res, "Shading", HPDF_OCLASS_DICT);
	if (!shd) {
		shd = HPDF_Dict_New(haru_mmgr(rc->pdf));
		if (!shd || HPDF_Dict_Add(res, "Shading", shd) != HPDF_OK)
			return render_fail(rc, 0, it->pos, "add a gradient");
	}
	snprintf(name, cap, "Sh%u", (unsigned)haru_dict_count(shd));
	if (HPDF_Dict_Add(shd, name, sh) != HPDF_OK)
		return render_fail(rc, 0, it->pos, "add a gradient");
	return 0;
}

static int
fill_gradient(render_ctx *rc, path_page *ps, const layout_item *it)
{
	const layout_path *p = it->u.path;
	const layout_gradient *g = p->fill.gradient;
	if (!g || g->nstops == 0)
		return 0;
	/* Shadings carry no alpha: the stops' mean opacity scales the
	 * path's. */
	double a = 0;
	for (size_t i = 0; i < g->nstops; i++)
		a += g->stops[i].opacity;
	a = p->fill.opacity * a / (double)g->nstops;
	if (a <= 0)
		return 0;
	char name[32];
	if (add_shading(rc, ps, it, g, name, sizeof(name)))
		return -1;
	if (check(rc, HPDF_Page_GSave(ps->page), it, "save the graphics state"))
		return -1;
	build_result r = build(rc, ps, it);
	if (r == BUILD_FAILED)
		return -1;
	if (r == BUILD_PATH) {
		char op[48];
		snprintf(op, sizeof(op), "/%s sh\n", name);
		if (check(rc, p->even_odd ? HPDF_Page_Eoclip(ps->page)
		                          : HPDF_Page_Clip(ps->page),
		          it, "clip to a path") ||
		    check(rc, HPDF_Page_EndPath(ps->page), it, "clip to a path") ||
		    set_alpha(rc, ps, it, a) || raw(rc, ps, it, op))
			return -1;
	}
	return check(rc, HPDF_Page_GRestore(ps->page), it,
	             "restore the graphics state");
}

/* Paint solid fill (when fill), stroke (when stroke), or both at once. */
static int
paint_solid(render_ctx *rc, path_page *ps, const layout_item *it, int fill,
            int stroke)
{
	const layout_path *p = it->u.path;
	HPDF_Page pg = ps->page;
	if (check(rc, HPDF_Page_GSave(pg), it, "save the graphics state"))
		return -1;
	double a = fill ? p->fill.opacity : p->stroke.opacity;
	if (set_alpha(rc, ps, it, a))
		return -1;
	if (fill) {
		uint32_t c = p->fill.color;
		if (check(rc,
		          rc->printing ? render_colour_fill(rc, pg, c)
		                    : HPDF_Page_SetRGBFill(pg, chan(c, 16),
		                                           chan(c, 8),
		                                           chan(c, 0)),
		          it, "set a fill colour"))
			return -1;
	}
	if (stroke) {
		uint32_t c = p->stroke.color;
		if (check(rc,
		          rc->printing ? render_colour_stroke(rc, pg, c)
		                    : HPDF_Page_SetRGBStroke(pg, chan(c, 16),
		                                             chan(c, 8),
		                                             chan(c, 0)),
		          it, "set a stroke colour") ||
		    stroke_style(rc, ps, it))
			return -1;
	}
	build_result r = build(rc, ps, it);
	if (r == BUILD_FAILED)
		return -1;
	if (r == BUILD_PATH) {
		HPDF_STATUS st;
		if (fill && stroke)
			st = p->even_odd ? HPDF_Page_EofillStroke(pg)
			                 : HPDF_Page_FillStroke(pg);
		else if (fill)
			st = p->even_odd ? HPDF_Page_Eofill(pg) : HPDF_Page_Fill(pg);
		else
			st = HPDF_Page_Stroke(pg);
		if (check(rc, st, it, "paint a path"))
			return -1;
	}
	return check(rc, HPDF_Page_GRestore(pg), it, "restore the graphics state");
}

int
render_path_shows(const layout_item *it)
{
	const layout_path *p = it->u.path;
	int fill = p->fill.kind != 0 && p->fill.opacity > 0;
	int stroke = p->stroke.kind == 1 && p->stroke.opacity > 0 &&
	             p->stroke_width > 0;
	return p->nsegs && (fill || stroke);
}

int
render_draw_path(render_ctx *rc, HPDF_Page page, double height,
                 const layout_item *it)
{
	const layout_path *p = it->u.path;
	int fill = p->fill.kind != 0 && p->fill.opacity > 0;
	int stroke = p->stroke.kind == 1 && p->stroke.opacity > 0 &&
	             p->stroke_width > 0;
	if (!render_path_shows(it))
		return 0;
	/* What the helpers below need of the page. */
	path_page pp = {page, height};
	path_page *ps = &pp;
	if (fill && p->fill.kind == 2) {
		if (fill_gradient(rc, ps, it))
			return -1;
		fill = 0;
	}
	/* One operator paints both when they share an opacity; otherwise
	 * the fill and then the stroke, each with its own. */
	if (fill && stroke && fabs(p->fill.opacity - p->stroke.opacity) < 1e-3)
		return paint_solid(rc, ps, it, 1, 1);
	if (fill && paint_solid(rc, ps, it, 1, 0))
		return -1;
	if (stroke && paint_solid(rc, ps, it, 0, 1))
		return -1;
	return 0;
}
