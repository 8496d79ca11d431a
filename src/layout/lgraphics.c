/* lgraphics.c - building vector paths, placing SVG drawings, palettes and
 * captions for the graphic blocks. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/lgraphics.h"
#include "layout/lstyle.h"

#define PI 3.14159265358979323846

static layout_seg *
push(lgfx_path *p, layout_seg_op op)
{
	if (p->n == p->cap)
		p->segs = xgrow(p->segs, &p->cap, p->n + 1, sizeof(*p->segs));
	layout_seg *s = &p->segs[p->n++];
	memset(s, 0, sizeof(*s));
	s->op = op;
	return s;
}

void
lgfx_move(lgfx_path *p, double x, double y)
{
	layout_seg *s = push(p, LSEG_MOVE);
	s->x[0] = x;
	s->y[0] = y;
}

void
lgfx_line(lgfx_path *p, double x, double y)
{
	layout_seg *s = push(p, LSEG_LINE);
	s->x[0] = x;
	s->y[0] = y;
}

void
lgfx_curve(lgfx_path *p, double x1, double y1, double x2, double y2,
           double x, double y)
{
	layout_seg *s = push(p, LSEG_CURVE);
	s->x[0] = x1;
	s->y[0] = y1;
	s->x[1] = x2;
	s->y[1] = y2;
	s->x[2] = x;
	s->y[2] = y;
}

void
lgfx_close(lgfx_path *p)
{
	push(p, LSEG_CLOSE);
}

void
lgfx_rect(lgfx_path *p, double x, double y, double w, double h)
{
	lgfx_move(p, x, y);
	lgfx_line(p, x + w, y);
	lgfx_line(p, x + w, y + h);
	lgfx_line(p, x, y + h);
	lgfx_close(p);
}

void
lgfx_arc(lgfx_path *p, double cx, double cy, double r, double a0, double a1,
         int move)
{
	/* Angle a clockwise from 12 o'clock, y down: (sin a, -cos a). */
	double px = cx + r * sin(a0), py = cy - r * cos(a0);
	if (move)
		lgfx_move(p, px, py);
	else
		lgfx_line(p, px, py);
	double span = a1 - a0;
	int n = (int)ceil(fabs(span) / (PI / 2) - 1e-9);
	if (n < 1)
		n = 1;
	for (int i = 0; i < n; i++) {
		double t0 = a0 + span * i / n, t1 = a0 + span * (i + 1) / n;
		double k = 4.0 / 3.0 * tan((t1 - t0) / 4) * r;
		double x0 = cx + r * sin(t0), y0 = cy - r * cos(t0);
		double x3 = cx + r * sin(t1), y3 = cy - r * cos(t1);
		/* Tangent of (sin t, -cos t) is (cos t, sin t). */
		lgfx_curve(p, x0 + k * cos(t0), y0 + k * sin(t0),
		           x3 - k * cos(t1), y3 - k * sin(t1), x3, y3);
	}
}

void
lgfx_circle(lgfx_path *p, double cx, double cy, double r)
{
	lgfx_arc(p, cx, cy, r, 0, 2 * PI, 1);
	lgfx_close(p);
}

/* A zeroed path in the layout's arena, for a new LITEM_PATH. */
static layout_path *
new_path(lflow *f)
{
	layout_path *lp = arena_alloc(&f->ld->mem, sizeof(*lp));
	memset(lp, 0, sizeof(*lp));
	return lp;
}

layout_item *
lgfx_emit(lflow *f, lsink k, lgfx_path *p, layout_role role, src_pos pos)
{
	if (p->n == 0) {
		free(p->segs);
		memset(p, 0, sizeof(*p));
		return NULL;
	}
	layout_seg *segs = arena_alloc(&f->ld->mem, p->n * sizeof(*segs));
	memcpy(segs, p->segs, p->n * sizeof(*segs));
	double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
	int any = 0;
	for (size_t i = 0; i < p->n; i++) {
		int np = segs[i].op == LSEG_CURVE ? 3 : segs[i].op == LSEG_CLOSE
		                                            ? 0 : 1;
		for (int j = 0; j < np; j++) {
			double x = segs[i].x[j], y = segs[i].y[j];
			if (!any) {
				x0 = x1 = x;
				y0 = y1 = y;
				any = 1;
			}
			x0 = x < x0 ? x : x0;
			x1 = x > x1 ? x : x1;
			y0 = y < y0 ? y : y0;
			y1 = y > y1 ? y : y1;
		}
	}
	size_t n = p->n;
	free(p->segs);
	memset(p, 0, sizeof(*p));
	layout_item *it = lsink_push(f, k, LITEM_PATH, role, pos);
	layout_path *lp = new_path(f);
	it->u.path = lp;
	lp->segs = segs;
	lp->nsegs = n;
	lp->miter_limit = 4;
	lp->stroke_width = 1;
	lp->bx = x0;
	lp->by = y0;
	lp->bw = x1 - x0;
	lp->bh = y1 - y0;
	return it;
}

layout_item *
lgfx_fill_rect(lflow *f, lsink k, double x, double y, double w, double h,
               uint32_t color, layout_role role, src_pos pos)
{
	lgfx_path p;
	memset(&p, 0, sizeof(p));
	lgfx_rect(&p, x, y, w, h);
	layout_item *it = lgfx_emit(f, k, &p, role, pos);
	it->u.path->fill.kind = 1;
	it->u.path->fill.color = color;
	it->u.path->fill.opacity = 1;
	return it;
}

layout_item *
lgfx_stroke_line(lflow *f, lsink k, double x1, double y1, double x2,
                 double y2, double width, uint32_t color, layout_role role,
                 src_pos pos)
{
	lgfx_path p;
	memset(&p, 0, sizeof(p));
	lgfx_move(&p, x1, y1);
	lgfx_line(&p, x2, y2);
	layout_item *it = lgfx_emit(f, k, &p, role, pos);
	it->u.path->stroke.kind = 1;
	it->u.path->stroke.color = color;
	it->u.path->stroke.opacity = 1;
	it->u.path->stroke_width = width;
	return it;
}

uint32_t
lgfx_mix(uint32_t a, uint32_t b, double t)
{
	uint32_t out = 0;
	for (int sh = 16; sh >= 0; sh -= 8) {
		double ca = (a >> sh) & 0xFF, cb = (b >> sh) & 0xFF;
		out |= (uint32_t)lround(ca + (cb - ca) * t) << sh;
	}
	return out;
}

uint32_t
lgfx_palette(const model_theme *th, size_t i)
{
	uint32_t p = th->color_primary, a = th->color_accent;
	uint32_t m = th->color_muted;
	switch (i % LGFX_PALETTE) {
	case 0: return p;
	case 1: return a;
	case 2: return lgfx_mix(p, 0xFFFFFF, 0.5);
	case 3: return m;
	case 4: return lgfx_mix(a, 0x000000, 0.3);
	case 5: return lgfx_mix(p, 0x000000, 0.4);
	case 6: return lgfx_mix(a, 0xFFFFFF, 0.5);
	case 7: return lgfx_mix(m, 0xFFFFFF, 0.5);
	case 8: return lgfx_mix(p, 0xFFFFFF, 0.75);
	default: return lgfx_mix(m, 0x000000, 0.4);
	}
}

double
lgfx_svg_aspect(const svg_image *img)
{
	if (img->has_viewbox)
		return img->vb_w / img->vb_h;
	if (img->width > 0 && img->height > 0)
		return img->width / img->height;
	return 1;
}

/* The drawing's own coordinate box (viewBox, size, or the shapes'
 * extent). */
static void
source_box(const svg_image *img, double *x, double *y, double *w, double *h)
{
	if (img->has_viewbox) {
		*x = img->vb_x;
		*y = img->vb_y;
		*w = img->vb_w;
		*h = img->vb_h;
		return;
	}
	if (img->width > 0 && img->height > 0) {
		*x = *y = 0;
		*w = img->width;
		*h = img->height;
		return;
	}
	double x0 = 0, y0 = 0, x1 = 1, y1 = 1;
	for (size_t i = 0; i < img->nshapes; i++) {
		const svg_shape *s = &img->shapes[i];
		if (i == 0 || s->bx < x0)
			x0 = s->bx;
		if (i == 0 || s->by < y0)
			y0 = s->by;
		if (i == 0 || s->bx + s->bw > x1)
			x1 = s->bx + s->bw;
		if (i == 0 || s->by + s->bh > y1)
			y1 = s->by + s->bh;
	}
	*x = x0;
	*y = y0;
	*w = x1 - x0 > 0 ? x1 - x0 : 1;
	*h = y1 - y0 > 0 ? y1 - y0 : 1;
}

typedef struct vmap {
	double sx, sy, tx, ty;
} vmap;

static void
map_pt(const vmap *m, double *x, double *y)
{
	*x = *x * m->sx + m->tx;
	*y = *y * m->sy + m->ty;
}

static const layout_gradient *
map_gradient(lflow *f, const svg_gradient *g, const vmap *m)
{
	layout_gradient *o = arena_alloc(&f->ld->mem, sizeof(*o));
	layout_stop *stops = arena_alloc(&f->ld->mem,
	                                 g->nstops * sizeof(*stops));
	for (size_t i = 0; i < g->nstops; i++) {
		stops[i].offset = g->stops[i].offset;
		stops[i].color = g->stops[i].color;
		stops[i].opacity = g->stops[i].opacity;
	}
	o->stops = stops;
	o->nstops = g->nstops;
	o->radial = g->radial;
	double x1 = g->x1, y1 = g->y1, x2 = g->x2, y2 = g->y2;
	if (g->radial) {
		map_pt(m, &x1, &y1);
		map_pt(m, &x2, &y2);
		o->r = g->r * sqrt(fabs(m->sx * m->sy));
	} else {
		/* Under a non-uniform scale the colour lines stay perpendicular
		 * only if the vector is recomputed from the gradient of t. */
		double dx = x2 - x1, dy = y2 - y1, dd = dx * dx + dy * dy;
		double gx = dx / m->sx / dd, gy = dy / m->sy / dd;
		double gg = gx * gx + gy * gy;
		map_pt(m, &x1, &y1);
		x2 = x1 + gx / gg;
		y2 = y1 + gy / gg;
	}
	o->x1 = x1;
	o->y1 = y1;
	o->x2 = x2;
	o->y2 = y2;
	return o;
}

static void
map_paint(lflow *f, const svg_paint *in, const vmap *m, int stroke,
          layout_paint *out)
{
	memset(out, 0, sizeof(*out));
	out->opacity = in->opacity;
	if (in->kind == SVG_PAINT_COLOR) {
		out->kind = 1;
		out->color = in->color;
	} else if (in->kind == SVG_PAINT_GRADIENT && stroke) {
		/* Gradient strokes are drawn in the middle stop's colour. */
		const svg_gradient *g = in->gradient;
		out->kind = 1;
		out->color = g->stops[g->nstops / 2].color;
	} else if (in->kind == SVG_PAINT_GRADIENT) {
		out->kind = 2;
		out->gradient = map_gradient(f, in->gradient, m);
	}
}

void
lgfx_svg_place(lflow *f, lsink k, const svg_image *img, double x, double y,
               double w, double h, layout_role role, src_pos pos)
{
	double vx, vy, vw, vh;
	source_box(img, &vx, &vy, &vw, &vh);
	vmap m;
	m.sx = w / vw;
	m.sy = h / vh;
	double ox = 0, oy = 0;
	if (!img->align_none) {
		double s = img->slice ? fmax(m.sx, m.sy) : fmin(m.sx, m.sy);
		m.sx = m.sy = s;
		ox = (w - vw * s) * img->align_x / 2;
		oy = (h - vh * s) * img->align_y / 2;
	}
	m.tx = x + ox - vx * m.sx;
	m.ty = y + oy - vy * m.sy;
	double lscale = sqrt(fabs(m.sx * m.sy));
	for (size_t i = 0; i < img->nshapes; i++) {
		const svg_shape *s = &img->shapes[i];
		layout_seg *segs = arena_alloc(&f->ld->mem,
		                               s->nsegs * sizeof(*segs));
		for (size_t j = 0; j < s->nsegs; j++) {
			segs[j].op = (layout_seg_op)s->segs[j].op;
			for (int q = 0; q < 3; q++) {
				segs[j].x[q] = s->segs[j].x[q];
				segs[j].y[q] = s->segs[j].y[q];
				map_pt(&m, &segs[j].x[q], &segs[j].y[q]);
			}
		}
		layout_item *it = lsink_push(f, k, LITEM_PATH, role, pos);
		layout_path *lp = new_path(f);
		it->u.path = lp;
		lp->segs = segs;
		lp->nsegs = s->nsegs;
		map_paint(f, &s->fill, &m, 0, &lp->fill);
		map_paint(f, &s->stroke, &m, 1, &lp->stroke);
		lp->even_odd = s->even_odd;
		lp->stroke_width = s->stroke_width * lscale;
		lp->cap = s->cap;
		lp->join = s->join;
		lp->miter_limit = s->miter_limit;
		if (s->ndash) {
			double *d = arena_alloc(&f->ld->mem, s->ndash * sizeof(*d));
			for (size_t j = 0; j < s->ndash; j++)
				d[j] = s->dash[j] * lscale;
			lp->dash = d;
			lp->ndash = s->ndash;
			lp->dash_phase = s->dash_offset * lscale;
		}
		lp->bx = s->bx * m.sx + m.tx;
		lp->by = s->by * m.sy + m.ty;
		lp->bw = s->bw * m.sx;
		lp->bh = s->bh * m.sy;
	}
}

void
lgfx_caption(lflow *f, const model_text *text, const char *extra, double x,
             double w, src_pos pos)
{
	model_text t;
	memset(&t, 0, sizeof(t));
	t.pos = text && text->nruns ? text->pos : pos;
	size_t n = text ? text->nruns : 0;
	model_inline *runs = arena_alloc(&f->ld->mem,
	                                 (n + 1) * sizeof(*runs));
	if (n)
		memcpy(runs, text->runs, n * sizeof(*runs));
	if (extra) {
		const char *s = extra;
		if (n) {
			size_t len = strlen(extra) + 4;
			char *b = arena_alloc(&f->ld->mem, len + 1);
			snprintf(b, len + 1, " (%s)", extra);
			s = b;
		}
		runs[n].text = s;
		runs[n].len = strlen(s);
		runs[n].pos = t.pos;
		n++;
	}
	if (!n)
		return;
	t.runs = runs;
	t.nruns = n;
	lpara_style ps = lstyle(f, LSTYLE_GRAPHIC_CAPTION);
	lspace(f, 4);
	uint32_t fig = lstruct_caption(f);
	lpara(f, &t, &ps, x, w);
	f->snode = fig;
}

double
lgfx_measure(lflow *f, const char *s, unsigned style, double size)
{
	text_stack *st = &f->stacks[ROLE_BODY][style & 3];
	if (st->count == 0 || !st->fonts[0])
		return 0.55 * size * (double)strlen(s);
	return text_measure(st->fonts[0], size, s, strlen(s));
}
