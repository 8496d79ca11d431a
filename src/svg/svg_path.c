/* svg_path.c - outlines: path data, arcs and ellipses as cubic Béziers,
 * exact bounding boxes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "svg/svg_internal.h"

#define PI 3.14159265358979323846

static svg_seg *
push(svg_path *p, svg_op op)
{
	if (p->n == p->cap)
		p->segs = xgrow(p->segs, &p->cap, p->n + 1, sizeof(*p->segs));
	svg_seg *s = &p->segs[p->n++];
	memset(s, 0, sizeof(*s));
	s->op = op;
	return s;
}

void
svg_path_free(svg_path *p)
{
	free(p->segs);
	memset(p, 0, sizeof(*p));
}

void
svg_path_move(svg_path *p, double x, double y)
{
	/* A move after a move replaces it: an empty subpath draws nothing. */
	svg_seg *s = p->n && p->segs[p->n - 1].op == SVG_MOVE
	                 ? &p->segs[p->n - 1] : push(p, SVG_MOVE);
	s->x[0] = p->cx = p->sx = x;
	s->y[0] = p->cy = p->sy = y;
}

void
svg_path_line(svg_path *p, double x, double y)
{
	svg_seg *s = push(p, SVG_LINE);
	s->x[0] = p->cx = x;
	s->y[0] = p->cy = y;
}

void
svg_path_curve(svg_path *p, double x1, double y1, double x2, double y2,
               double x, double y)
{
	svg_seg *s = push(p, SVG_CURVE);
	s->x[0] = x1;
	s->y[0] = y1;
	s->x[1] = x2;
	s->y[1] = y2;
	s->x[2] = p->cx = x;
	s->y[2] = p->cy = y;
}

void
svg_path_close(svg_path *p)
{
	push(p, SVG_CLOSE);
	p->cx = p->sx;
	p->cy = p->sy;
}

/* One arc piece of at most 90 degrees on the unit circle, mapped. */
static void
arc_piece(svg_path *p, double cx, double cy, double rx, double ry,
          double cr, double sr, double t0, double t1)
{
	double k = 4.0 / 3.0 * tan((t1 - t0) / 4);
	double x0 = cos(t0), y0 = sin(t0), x3 = cos(t1), y3 = sin(t1);
	double px[3] = {x0 - k * y0, x3 + k * y3, x3};
	double py[3] = {y0 + k * x0, y3 - k * x3, y3};
	double X[3], Y[3];
	for (int i = 0; i < 3; i++) {
		double ex = rx * px[i], ey = ry * py[i];
		X[i] = cx + cr * ex - sr * ey;
		Y[i] = cy + sr * ex + cr * ey;
	}
	svg_path_curve(p, X[0], Y[0], X[1], Y[1], X[2], Y[2]);
}

void
svg_path_arc(svg_path *p, double rx, double ry, double rot, int large,
             int sweep, double x, double y)
{
	/* SVG 1.1 appendix F.6: endpoint to centre parameterisation. */
	double x1 = p->cx, y1 = p->cy;
	if (x1 == x && y1 == y)
		return;
	rx = fabs(rx);
	ry = fabs(ry);
	if (rx == 0 || ry == 0) {
		svg_path_line(p, x, y);
		return;
	}
	double phi = rot * PI / 180, cr = cos(phi), sr = sin(phi);
	double dx = (x1 - x) / 2, dy = (y1 - y) / 2;
	double x1p = cr * dx + sr * dy, y1p = -sr * dx + cr * dy;
	double lam = x1p * x1p / (rx * rx) + y1p * y1p / (ry * ry);
	if (lam > 1) {
		rx *= sqrt(lam);
		ry *= sqrt(lam);
	}
	double num = rx * rx * ry * ry - rx * rx * y1p * y1p -
	             ry * ry * x1p * x1p;
	double den = rx * rx * y1p * y1p + ry * ry * x1p * x1p;
	double co = den > 0 && num > 0 ? sqrt(num / den) : 0;
	if (large == sweep)
		co = -co;
	double cxp = co * rx * y1p / ry, cyp = -co * ry * x1p / rx;
	double cx = cr * cxp - sr * cyp + (x1 + x) / 2;
	double cy = sr * cxp + cr * cyp + (y1 + y) / 2;
	double ux = (x1p - cxp) / rx, uy = (y1p - cyp) / ry;
	double vx = (-x1p - cxp) / rx, vy = (-y1p - cyp) / ry;
	double t0 = atan2(uy, ux);
	double dt = atan2(ux * vy - uy * vx, ux * vx + uy * vy);
	if (!sweep && dt > 0)
		dt -= 2 * PI;
	else if (sweep && dt < 0)
		dt += 2 * PI;
	int n = (int)ceil(fabs(dt) / (PI / 2) - 1e-9);
	if (n < 1)
		n = 1;
	for (int i = 0; i < n; i++)
		arc_piece(p, cx, cy, rx, ry, cr, sr, t0 + dt * i / n,
		          t0 + dt * (i + 1) / n);
	/* Land exactly on the endpoint despite rounding. */
	p->segs[p->n - 1].x[2] = p->cx = x;
	p->segs[p->n - 1].y[2] = p->cy = y;
}

void
svg_path_ellipse(svg_path *p, double cx, double cy, double rx, double ry)
{
	svg_path_move(p, cx + rx, cy);
	for (int i = 0; i < 4; i++)
		arc_piece(p, cx, cy, rx, ry, 1, 0, i * PI / 2, (i + 1) * PI / 2);
	p->segs[p->n - 1].x[2] = cx + rx;
	p->segs[p->n - 1].y[2] = cy;
	svg_path_close(p);
}

static int
flag(const char **s, int *out)
{
	const char *q = svg_skip_sep(*s);
	if (*q != '0' && *q != '1')
		return -1;
	*out = *q == '1';
	*s = q + 1;
	return 0;
}

static int
nums(const char **s, double *v, int n)
{
	for (int i = 0; i < n; i++) {
		*s = svg_skip_sep(*s);
		if (svg_number(s, &v[i]) != 0)
			return -1;
	}
	return 0;
}

int
svg_path_data(svg_path *p, const char *s, size_t *where)
{
	const char *start = s;
	int cmd = 0;
	double lcx = 0, lcy = 0; /* last control point, for S and T */
	int last = 0;            /* the previous command, upper case */
	s = svg_skip_sep(s);
	while (*s) {
		if (strchr("MmLlHhVvCcSsQqTtAaZz", *s) && *s) {
			cmd = *s++;
		} else if (!cmd) {
			goto bad;
		}
		/* Otherwise the previous command repeats (after M, a line). */
		int rel = cmd >= 'a';
		int up = rel ? cmd - 32 : cmd;
		double ox = rel ? p->cx : 0, oy = rel ? p->cy : 0;
		double v[7];
		switch (up) {
		case 'M':
			if (nums(&s, v, 2))
				goto bad;
			svg_path_move(p, ox + v[0], oy + v[1]);
			cmd = rel ? 'l' : 'L';
			break;
		case 'L':
			if (!p->n || nums(&s, v, 2))
				goto bad;
			svg_path_line(p, ox + v[0], oy + v[1]);
			break;
		case 'H':
			if (!p->n || nums(&s, v, 1))
				goto bad;
			svg_path_line(p, ox + v[0], p->cy);
			break;
		case 'V':
			if (!p->n || nums(&s, v, 1))
				goto bad;
			svg_path_line(p, p->cx, oy + v[0]);
			break;
		case 'C':
			if (!p->n || nums(&s, v, 6))
				goto bad;
			svg_path_curve(p, ox + v[0], oy + v[1], ox + v[2], oy + v[3],
			               ox + v[4], oy + v[5]);
			lcx = ox + v[2];
			lcy = oy + v[3];
			break;
		case 'S': {
			if (!p->n || nums(&s, v, 4))
				goto bad;
			double c1x = p->cx, c1y = p->cy;
			if (last == 'C' || last == 'S') {
				c1x = 2 * p->cx - lcx;
				c1y = 2 * p->cy - lcy;
			}
			svg_path_curve(p, c1x, c1y, ox + v[0], oy + v[1], ox + v[2],
			               oy + v[3]);
			lcx = ox + v[0];
			lcy = oy + v[1];
			break;
		}
		case 'Q':
		case 'T': {
			double qx, qy, x, y;
			if (!p->n)
				goto bad;
			if (up == 'Q') {
				if (nums(&s, v, 4))
					goto bad;
				qx = ox + v[0];
				qy = oy + v[1];
				x = ox + v[2];
				y = oy + v[3];
			} else {
				if (nums(&s, v, 2))
					goto bad;
				qx = p->cx;
				qy = p->cy;
				if (last == 'Q' || last == 'T') {
					qx = 2 * p->cx - lcx;
					qy = 2 * p->cy - lcy;
				}
				x = ox + v[0];
				y = oy + v[1];
			}
			double x0 = p->cx, y0 = p->cy;
			svg_path_curve(p, x0 + 2.0 / 3 * (qx - x0),
			               y0 + 2.0 / 3 * (qy - y0),
			               x + 2.0 / 3 * (qx - x), y + 2.0 / 3 * (qy - y),
			               x, y);
			lcx = qx;
			lcy = qy;
			break;
		}
		case 'A': {
			int large, sweep;
			if (!p->n || nums(&s, v, 3) || flag(&s, &large) ||
			    flag(&s, &sweep) || nums(&s, v + 3, 2))
				goto bad;
			svg_path_arc(p, v[0], v[1], v[2], large, sweep, ox + v[3],
			             oy + v[4]);
			break;
		}
		case 'Z':
			if (!p->n)
				goto bad;
			if (p->segs[p->n - 1].op != SVG_CLOSE)
				svg_path_close(p);
			cmd = 0; /* Z takes no numbers: no implicit repeat */
			break;
		}
		last = up;
		s = svg_skip_sep(s);
	}
	return 0;
bad:
	*where = (size_t)(s - start);
	return -1;
}

/* Extend [lo, hi] by the extrema of a cubic in one coordinate. */
static void
cubic_range(double p0, double p1, double p2, double p3, double *lo,
            double *hi)
{
	double a = -p0 + 3 * p1 - 3 * p2 + p3;
	double b = 2 * (p0 - 2 * p1 + p2);
	double c = p1 - p0;
	double ts[2];
	int nt = 0;
	if (fabs(a) < 1e-12) {
		if (fabs(b) > 1e-12)
			ts[nt++] = -c / b;
	} else {
		double disc = b * b - 4 * a * c;
		if (disc >= 0) {
			double r = sqrt(disc);
			ts[nt++] = (-b + r) / (2 * a);
			ts[nt++] = (-b - r) / (2 * a);
		}
	}
	for (int i = 0; i < nt; i++) {
		double t = ts[i];
		if (t <= 0 || t >= 1)
			continue;
		double u = 1 - t;
		double v = u * u * u * p0 + 3 * u * u * t * p1 + 3 * u * t * t * p2 +
		           t * t * t * p3;
		if (v < *lo)
			*lo = v;
		if (v > *hi)
			*hi = v;
	}
}

int
svg_path_bbox(const svg_seg *segs, size_t n, double *x0, double *y0,
              double *x1, double *y1)
{
	double lx = 0, ly = 0, hx = 0, hy = 0, cx = 0, cy = 0;
	int any = 0;
	for (size_t i = 0; i < n; i++) {
		const svg_seg *s = &segs[i];
		int k = s->op == SVG_CURVE ? 2 : 0;
		if (s->op == SVG_CLOSE)
			continue;
		double x = s->x[k], y = s->y[k];
		if (!any) {
			lx = hx = x;
			ly = hy = y;
			any = 1;
		}
		if (s->op == SVG_CURVE) {
			cubic_range(cx, s->x[0], s->x[1], x, &lx, &hx);
			cubic_range(cy, s->y[0], s->y[1], y, &ly, &hy);
		}
		lx = x < lx ? x : lx;
		hx = x > hx ? x : hx;
		ly = y < ly ? y : ly;
		hy = y > hy ? y : hy;
		cx = x;
		cy = y;
	}
	if (!any)
		return -1;
	*x0 = lx;
	*y0 = ly;
	*x1 = hx;
	*y1 = hy;
	return 0;
}
