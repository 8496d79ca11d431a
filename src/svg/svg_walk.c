/* svg_walk.c - from the element tree to painted shapes: inherited style,
 * transforms, basic shapes and gradients. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "svg/svg_internal.h"
#include "util/limits.h"

/* Most "not supported" warnings for one file; one more says how many
 * were left out, so a file full of <text> does not drown the report. */
#define MAX_SKIP_WARNINGS 8

typedef enum pkind { P_NONE, P_COLOR, P_URL, P_CURRENT } pkind;

typedef struct pspec {
	pkind kind;
	uint32_t color;
	double alpha;        /* from rgba() */
	const char *url;     /* id, for P_URL */
	pkind fb_kind;       /* fallback after url(#id) */
	uint32_t fb_color;
} pspec;

typedef struct style {
	pspec fill, stroke;
	double fill_op, stroke_op, opacity;
	int even_odd;
	double sw;
	int cap, join;
	double miter;
	const double *dash;
	size_t ndash;
	double dash_off;
	uint32_t color;      /* for currentColor */
	int hidden;          /* visibility: hidden */
	int display_none;    /* not inherited: cleared for each element */
} style;

typedef struct walk {
	svg_doc *d;
	double vw, vh;       /* viewport for percentages */
	int skips;           /* unsupported elements and attributes seen */
	int limit_hit;
} walk;

static void
skip_warning(walk *w, const xel *e, const char *fmt, const char *what,
             const char *note)
{
	w->skips++;
	if (w->skips > MAX_SKIP_WARNINGS)
		return;
	svg_warn(w->d, e, fmt, what);
	if (note)
		diag_note(w->d->diags, "%s", note);
}

/* ---- style properties ---- */

static int
parse_paint(arena *a, const char *v, pspec *out)
{
	while (*v == ' ')
		v++;
	pspec p;
	memset(&p, 0, sizeof(p));
	p.alpha = 1;
	if (strcmp(v, "none") == 0 || strcmp(v, "transparent") == 0) {
		p.kind = P_NONE;
	} else if (strcmp(v, "currentColor") == 0) {
		p.kind = P_CURRENT;
	} else if (strncmp(v, "url(", 4) == 0) {
		const char *q = v + 4;
		while (*q == ' ' || *q == '\'' || *q == '"')
			q++;
		if (*q != '#')
			return -1;
		q++;
		const char *end = strchr(q, ')');
		if (!end)
			return -1;
		size_t n = (size_t)(end - q);
		while (n && (q[n - 1] == ' ' || q[n - 1] == '\'' ||
		             q[n - 1] == '"'))
			n--;
		p.kind = P_URL;
		p.url = arena_strndup(a, q, n);
		/* A fallback: url(#g) none, or url(#g) #fff. */
		pspec fb;
		const char *rest = end + 1;
		while (*rest == ' ')
			rest++;
		p.fb_kind = P_NONE;
		if (*rest && parse_paint(a, rest, &fb) == 0 && fb.kind != P_URL) {
			p.fb_kind = fb.kind;
			p.fb_color = fb.color;
		}
	} else {
		p.kind = P_COLOR;
		if (svg_color(v, &p.color, &p.alpha) != 0)
			return -1;
	}
	*out = p;
	return 0;
}

static int
parse_dash(walk *w, const char *v, style *st)
{
	while (*v == ' ')
		v++;
	if (strcmp(v, "none") == 0) {
		st->dash = NULL;
		st->ndash = 0;
		return 0;
	}
	double tmp[64];
	size_t n = 0;
	const char *p = v;
	while (*p) {
		if (n == 64 || svg_number(&p, &tmp[n]) != 0 || tmp[n] < 0)
			return -1;
		if (*p == '%' || (*p && strchr("pcmien", *p)))
			return -1; /* units in dashes: not in our subset */
		n++;
		p = svg_skip_sep(p);
	}
	if (!n)
		return -1;
	double *a = arena_alloc(&w->d->tmp, n * sizeof(*a));
	memcpy(a, tmp, n * sizeof(*a));
	st->dash = a;
	st->ndash = n;
	return 0;
}

static double
clamp01(double v)
{
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* Opacity values: a number, or a percentage. */
static int
parse_opacity(const char *v, double *out)
{
	double x;
	if (svg_length(v, 1, &x) != 0)
		return -1;
	*out = clamp01(x);
	return 0;
}

static int
keyword(const char *v, const char *const *names, int *out)
{
	while (*v == ' ')
		v++;
	for (int i = 0; names[i]; i++)
		if (strcmp(v, names[i]) == 0) {
			*out = i;
			return 0;
		}
	return -1;
}

/* What set_prop made of a property. */
typedef enum prop_result {
	PROP_SET,   /* a style property: its value is applied */
	PROP_OTHER, /* not a style property */
	PROP_BAD    /* a style property whose value is not understood */
} prop_result;

/* Apply one property. */
static prop_result
set_prop(walk *w, style *st, double *own_opacity, const char *name,
         const char *v)
{
	static const char *const caps[] = {"butt", "round", "square", NULL};
	static const char *const joins[] = {"miter", "round", "bevel", NULL};
	static const char *const rules[] = {"nonzero", "evenodd", NULL};
	double x;
	int k;
	if (strcmp(v, "inherit") == 0)
		return PROP_SET;
	if (strcmp(name, "fill") == 0 || strcmp(name, "stroke") == 0) {
		pspec p;
		if (parse_paint(&w->d->tmp, v, &p) != 0)
			return PROP_BAD;
		*(name[0] == 'f' ? &st->fill : &st->stroke) = p;
		return PROP_SET;
	}
	if (strcmp(name, "fill-opacity") == 0)
		return parse_opacity(v, &st->fill_op) == 0 ? PROP_SET
		                                           : PROP_BAD;
	if (strcmp(name, "stroke-opacity") == 0)
		return parse_opacity(v, &st->stroke_op) == 0 ? PROP_SET
		                                             : PROP_BAD;
	if (strcmp(name, "opacity") == 0)
		return parse_opacity(v, own_opacity) == 0 ? PROP_SET : PROP_BAD;
	if (strcmp(name, "fill-rule") == 0) {
		if (keyword(v, rules, &k) != 0)
			return PROP_BAD;
		st->even_odd = k;
		return PROP_SET;
	}
	if (strcmp(name, "stroke-width") == 0) {
		double vdiag = sqrt((w->vw * w->vw + w->vh * w->vh) / 2);
		if (svg_length(v, vdiag, &x) != 0 || x < 0)
			return PROP_BAD;
		st->sw = x;
		return PROP_SET;
	}
	if (strcmp(name, "stroke-linecap") == 0) {
		if (keyword(v, caps, &k) != 0)
			return PROP_BAD;
		st->cap = k;
		return PROP_SET;
	}
	if (strcmp(name, "stroke-linejoin") == 0) {
		if (keyword(v, joins, &k) != 0) {
			/* SVG 2's miter-clip and arcs: the nearest we have. */
			if (strcmp(v, "miter-clip") == 0 || strcmp(v, "arcs") == 0)
				k = 0;
			else
				return PROP_BAD;
		}
		st->join = k;
		return PROP_SET;
	}
	if (strcmp(name, "stroke-miterlimit") == 0) {
		if (svg_length(v, 1, &x) != 0 || x < 1)
			return PROP_BAD;
		st->miter = x;
		return PROP_SET;
	}
	if (strcmp(name, "stroke-dasharray") == 0)
		return parse_dash(w, v, st) == 0 ? PROP_SET : PROP_BAD;
	if (strcmp(name, "stroke-dashoffset") == 0) {
		if (svg_length(v, w->vw, &x) != 0)
			return PROP_BAD;
		st->dash_off = x;
		return PROP_SET;
	}
	if (strcmp(name, "color") == 0) {
		double a;
		return svg_color(v, &st->color, &a) == 0 ? PROP_SET : PROP_BAD;
	}
	if (strcmp(name, "visibility") == 0) {
		st->hidden = strcmp(v, "visible") != 0;
		return PROP_SET;
	}
	if (strcmp(name, "display") == 0) {
		st->display_none = strcmp(v, "none") == 0;
		return PROP_SET;
	}
	return PROP_OTHER;
}

static const char *const ignored_props[] = {
	"clip-path", "mask", "filter", "marker-start", "marker-mid",
	"marker-end", "marker", NULL};

static void
check_ignored(walk *w, const xel *e, const char *name, const char *v)
{
	for (int i = 0; ignored_props[i]; i++)
		if (strcmp(name, ignored_props[i]) == 0 && strcmp(v, "none") != 0) {
			skip_warning(w, e, "the SVG property '%s' is not supported "
			             "and is ignored", name,
			             "flatten the effect in the drawing program "
			             "before exporting");
			return;
		}
}

static void
apply_one(walk *w, const xel *e, style *st, double *own, const char *name,
          const char *v)
{
	if (set_prop(w, st, own, name, v) == PROP_BAD)
		svg_warn(w->d, e, "<%s>: the value '%s' of '%s' is not "
		         "understood and is ignored", e->name, v, name);
	else
		check_ignored(w, e, name, v);
}

/* The element's presentation attributes, then its style="..." (which
 * wins). own receives the element's own opacity. */
static void
apply_style(walk *w, const xel *e, style *st, double *own)
{
	for (size_t i = 0; e->attrs[i]; i += 2)
		if (strcmp(e->attrs[i], "style") != 0)
			apply_one(w, e, st, own, e->attrs[i], e->attrs[i + 1]);
	const char *css = svg_attr(e, "style");
	if (!css)
		return;
	char *copy = arena_strdup(&w->d->tmp, css);
	for (char *decl = copy; decl && *decl;) {
		char *next = strchr(decl, ';');
		if (next)
			*next++ = '\0';
		char *colon = strchr(decl, ':');
		if (colon) {
			*colon = '\0';
			char *name = decl, *v = colon + 1;
			while (*name == ' ' || *name == '\n' || *name == '\t')
				name++;
			char *end = name + strlen(name);
			while (end > name && (end[-1] == ' ' || end[-1] == '\n' ||
			                      end[-1] == '\t'))
				*--end = '\0';
			while (*v == ' ' || *v == '\n' || *v == '\t')
				v++;
			end = v + strlen(v);
			while (end > v && (end[-1] == ' ' || end[-1] == '\n' ||
			                   end[-1] == '\t'))
				*--end = '\0';
			char *imp = strstr(v, "!important");
			if (imp) {
				*imp = '\0';
				while (imp > v && imp[-1] == ' ')
					*--imp = '\0';
			}
			if (*name && *v)
				apply_one(w, e, st, own, name, v);
		}
		decl = next;
	}
}

/* ---- gradients ---- */

/* attribute name of gradient g, following href links. */
static const char *
gattr(walk *w, const xel *g, const char *name, const xel **stops_from)
{
	for (int hop = 0; g && hop < 16; hop++) {
		if (name) {
			const char *v = svg_attr(g, name);
			if (v)
				return v;
		} else {
			for (size_t i = 0; i < g->nkids; i++)
				if (strcmp(g->kids[i]->name, "stop") == 0) {
					*stops_from = g;
					return "";
				}
		}
		const char *href = svg_attr(g, "href");
		if (!href)
			href = svg_attr(g, "xlink:href");
		if (!href || href[0] != '#')
			return NULL;
		g = svg_find_id(w->d, href + 1);
		if (g && strcmp(g->name, "linearGradient") != 0 &&
		    strcmp(g->name, "radialGradient") != 0)
			return NULL;
	}
	return NULL;
}

/* A gradient coordinate: in bounding-box units a fraction (or %), in
 * user space a length. */
static double
gcoord(walk *w, const xel *g, const char *name, int obb, double pct_of,
       double dflt)
{
	const char *v = gattr(w, g, name, NULL);
	double x;
	if (!v)
		return dflt;
	if (svg_length(v, obb ? 1 : pct_of, &x) != 0) {
		svg_warn(w->d, g, "<%s>: the value '%s' of '%s' is not "
		         "understood and is ignored", g->name, v, name);
		return dflt;
	}
	return x;
}

static size_t
read_stops(walk *w, const xel *from, const style *st, svg_stop **out)
{
	svg_stop *stops = arena_alloc(&w->d->img->mem,
	                              (from->nkids + 1) * sizeof(*stops));
	size_t n = 0;
	double last = 0;
	for (size_t i = 0; i < from->nkids; i++) {
		const xel *s = from->kids[i];
		if (strcmp(s->name, "stop") != 0)
			continue;
		svg_stop *o = &stops[n++];
		double off = 0;
		const char *v = svg_attr(s, "offset");
		if (v && svg_length(v, 1, &off) != 0)
			svg_warn(w->d, s, "<stop>: the offset '%s' is not a number "
			         "or a percentage", v);
		off = clamp01(off);
		if (off < last)
			off = last;
		last = off;
		o->offset = off;
		o->color = 0;
		o->opacity = 1;
		/* stop-color and stop-opacity: attributes, then style="". */
		const char *names[2] = {"stop-color", "stop-opacity"};
		const char *vals[2] = {svg_attr(s, names[0]), svg_attr(s, names[1])};
		const char *css = svg_attr(s, "style");
		if (css) {
			char *copy = arena_strdup(&w->d->tmp, css);
			for (char *decl = strtok(copy, ";"); decl;
			     decl = strtok(NULL, ";")) {
				char *colon = strchr(decl, ':');
				if (!colon)
					continue;
				*colon = '\0';
				while (*decl == ' ' || *decl == '\n' || *decl == '\t')
					decl++;
				char *e = decl + strlen(decl);
				while (e > decl && e[-1] == ' ')
					*--e = '\0';
				char *val = colon + 1;
				while (*val == ' ')
					val++;
				for (int k = 0; k < 2; k++)
					if (strcmp(decl, names[k]) == 0)
						vals[k] = val;
			}
		}
		double a = 1;
		if (vals[0] && strcmp(vals[0], "currentColor") == 0)
			o->color = st->color;
		else if (vals[0] && svg_color(vals[0], &o->color, &a) != 0)
			svg_warn(w->d, s, "<stop>: the colour '%s' is not understood",
			         vals[0]);
		double op = 1;
		if (vals[1] && parse_opacity(vals[1], &op) != 0)
			svg_warn(w->d, s, "<stop>: the opacity '%s' is not a number",
			         vals[1]);
		o->opacity = op * a;
	}
	*out = stops;
	return n;
}

/* Resolve paint spec p of a shape into out. bbox is the shape's outline
 * box in its own user space; ctm maps that space to the root. */
static void
resolve_paint(walk *w, const xel *e, const pspec *p, const style *st,
              double opacity, const double bb[4], const svg_mat *ctm,
              svg_paint *out)
{
	memset(out, 0, sizeof(*out));
	out->opacity = opacity * p->alpha;
	switch (p->kind) {
	case P_NONE:
		out->kind = SVG_PAINT_NONE;
		return;
	case P_COLOR:
		out->kind = SVG_PAINT_COLOR;
		out->color = p->color;
		return;
	case P_CURRENT:
		out->kind = SVG_PAINT_COLOR;
		out->color = st->color;
		return;
	case P_URL:
		break;
	}
	const xel *g = svg_find_id(w->d, p->url);
	int radial = g && strcmp(g->name, "radialGradient") == 0;
	if (!g || (!radial && strcmp(g->name, "linearGradient") != 0)) {
		if (g && strcmp(g->name, "pattern") == 0)
			skip_warning(w, e, "SVG patterns are not supported: the "
			             "shape is painted with its fallback colour%s",
			             "", NULL);
		else
			svg_warn(w->d, e, "<%s>: the paint url(#%s) names no "
			         "gradient in this file", e->name, p->url);
		out->kind = p->fb_kind == P_COLOR ? SVG_PAINT_COLOR
		            : p->fb_kind == P_CURRENT ? SVG_PAINT_COLOR
		                                      : SVG_PAINT_NONE;
		out->color = p->fb_kind == P_CURRENT ? st->color : p->fb_color;
		return;
	}
	const xel *from = NULL;
	gattr(w, g, NULL, &from);
	if (!from) {
		out->kind = SVG_PAINT_NONE; /* no stops: paints nothing */
		return;
	}
	svg_stop *stops;
	size_t n = read_stops(w, from, st, &stops);
	if (n == 0) {
		out->kind = SVG_PAINT_NONE;
		return;
	}
	if (n == 1) {
		out->kind = SVG_PAINT_COLOR;
		out->color = stops[0].color;
		out->opacity *= stops[0].opacity;
		return;
	}
	const char *units = gattr(w, g, "gradientUnits", NULL);
	int obb = !units || strcmp(units, "userSpaceOnUse") != 0;
	svg_mat m = *ctm;
	if (obb) {
		double bw = bb[2] - bb[0], bh = bb[3] - bb[1];
		if (bw <= 0 || bh <= 0) {
			/* SVG: a bounding-box gradient on a flat shape paints
			 * nothing. */
			out->kind = SVG_PAINT_NONE;
			return;
		}
		svg_mat box = {bw, 0, 0, bh, bb[0], bb[1]};
		m = svg_mul(m, box);
	}
	const char *gt = gattr(w, g, "gradientTransform", NULL);
	if (gt) {
		svg_mat t;
		if (svg_transform(gt, &t) != 0)
			svg_warn(w->d, g, "<%s>: the gradientTransform '%s' is not "
			         "understood and is ignored", g->name, gt);
		else
			m = svg_mul(m, t);
	}
	double det = m.a * m.d - m.b * m.c;
	if (fabs(det) < 1e-12) {
		out->kind = SVG_PAINT_NONE;
		return;
	}
	svg_gradient *gr = arena_alloc(&w->d->img->mem, sizeof(*gr));
	gr->radial = radial;
	gr->stops = stops;
	gr->nstops = n;
	double vw = w->vw, vh = w->vh;
	double vdiag = sqrt((vw * vw + vh * vh) / 2);
	if (!radial) {
		double x1 = gcoord(w, g, "x1", obb, vw, 0);
		double y1 = gcoord(w, g, "y1", obb, vh, 0);
		double x2 = gcoord(w, g, "x2", obb, vw, obb ? 1 : vw);
		double y2 = gcoord(w, g, "y2", obb, vh, 0);
		double dx = x2 - x1, dy = y2 - y1, dd = dx * dx + dy * dy;
		if (dd < 1e-18) {
			/* Zero-length vector: the last stop's colour. */
			out->kind = SVG_PAINT_COLOR;
			out->color = stops[n - 1].color;
			out->opacity *= stops[n - 1].opacity;
			return;
		}
		/* The colour parameter t(p) = (M^-1 p - p1).d / |d|^2 is affine
		 * in p; its gradient in root space is M^-T d / |d|^2, which
		 * gives the end point exactly even under skew or non-uniform
		 * scale (the ends keep t = 0 and t = 1). */
		double gx = (m.d * dx - m.b * dy) / det / dd;
		double gy = (-m.c * dx + m.a * dy) / det / dd;
		double gg = gx * gx + gy * gy;
		double px = x1, py = y1;
		svg_apply(&m, &px, &py);
		gr->x1 = px;
		gr->y1 = py;
		gr->x2 = px + gx / gg;
		gr->y2 = py + gy / gg;
	} else {
		double cx = gcoord(w, g, "cx", obb, vw, obb ? 0.5 : vw / 2);
		double cy = gcoord(w, g, "cy", obb, vh, obb ? 0.5 : vh / 2);
		double r = gcoord(w, g, "r", obb, vdiag, obb ? 0.5 : vdiag / 2);
		double fx = gcoord(w, g, "fx", obb, vw, cx);
		double fy = gcoord(w, g, "fy", obb, vh, cy);
		if (r <= 0) {
			out->kind = SVG_PAINT_COLOR;
			out->color = stops[n - 1].color;
			out->opacity *= stops[n - 1].opacity;
			return;
		}
		/* Circles stay circles only under similarity transforms; an
		 * ellipse is approximated by the circle of equal area. */
		svg_apply(&m, &cx, &cy);
		svg_apply(&m, &fx, &fy);
		gr->x1 = fx;
		gr->y1 = fy;
		gr->x2 = cx;
		gr->y2 = cy;
		gr->r = r * sqrt(fabs(det));
	}
	out->kind = SVG_PAINT_GRADIENT;
	out->gradient = gr;
}

/* ---- shapes ---- */

static double
len_attr(walk *w, const xel *e, const char *name, double pct_of, int *bad)
{
	const char *v = svg_attr(e, name);
	double x = 0;
	if (v && svg_length(v, pct_of, &x) != 0) {
		svg_warn(w->d, e, "<%s>: the value '%s' of '%s' is not a length",
		         e->name, v, name);
		*bad = 1;
	}
	return x;
}

static void
add_shape(walk *w, const xel *e, const style *st, const svg_mat *ctm,
          svg_path *p)
{
	svg_image *img = w->d->img;
	if (p->n == 0 || st->hidden || w->limit_hit)
		return;
	if (p->n == 1 && p->segs[0].op == SVG_MOVE)
		return;
	if (img->nsegs_total + p->n > (size_t)LIMIT_SVG_SEGMENTS) {
		src_pos pos = {w->d->file, e->line, e->col};
		diag_error(w->d->diags, DIAG_LIMIT, pos,
		           "the drawing has more than %ld path segments "
		           "(LIMIT_SVG_SEGMENTS)", (long)LIMIT_SVG_SEGMENTS);
		diag_note(w->d->diags, "simplify the paths in the drawing "
		                       "program (fewer nodes), then export again");
		w->limit_hit = 1;
		w->d->failed = 1;
		return;
	}
	double bb[4] = {0, 0, 0, 0};
	svg_path_bbox(p->segs, p->n, &bb[0], &bb[1], &bb[2], &bb[3]);
	svg_shape sh;
	memset(&sh, 0, sizeof(sh));
	resolve_paint(w, e, &st->fill, st, st->fill_op * st->opacity, bb, ctm,
	              &sh.fill);
	resolve_paint(w, e, &st->stroke, st, st->stroke_op * st->opacity, bb,
	              ctm, &sh.stroke);
	if (st->sw <= 0)
		sh.stroke.kind = SVG_PAINT_NONE;
	if (sh.fill.kind == SVG_PAINT_NONE && sh.stroke.kind == SVG_PAINT_NONE)
		return;
	if (sh.fill.kind == SVG_PAINT_GRADIENT &&
	    img->ngradients++ == (size_t)LIMIT_SVG_GRADIENTS) {
		src_pos pos = {w->d->file, e->line, e->col};
		diag_error(w->d->diags, DIAG_LIMIT, pos,
		           "the drawing fills more than %ld shapes with a "
		           "gradient (LIMIT_SVG_GRADIENTS)",
		           (long)LIMIT_SVG_GRADIENTS);
		diag_note(w->d->diags, "fill most of them with plain colours, or "
		                       "merge shapes that share a gradient, in "
		                       "the drawing program; then export again");
		w->limit_hit = 1;
		w->d->failed = 1;
		return;
	}
	svg_seg *segs = arena_alloc(&img->mem, p->n * sizeof(*segs));
	for (size_t i = 0; i < p->n; i++) {
		segs[i] = p->segs[i];
		for (int k = 0; k < 3; k++)
			svg_apply(ctm, &segs[i].x[k], &segs[i].y[k]);
	}
	double x0, y0, x1, y1;
	svg_path_bbox(segs, p->n, &x0, &y0, &x1, &y1);
	double scale = sqrt(fabs(ctm->a * ctm->d - ctm->b * ctm->c));
	sh.segs = segs;
	sh.nsegs = p->n;
	sh.even_odd = st->even_odd;
	sh.stroke_width = st->sw * scale;
	sh.cap = st->cap;
	sh.join = st->join;
	sh.miter_limit = st->miter;
	if (st->ndash) {
		/* An odd list repeats to become even (SVG); all zeros draw a
		 * solid line. */
		size_t n = st->ndash % 2 ? st->ndash * 2 : st->ndash;
		double *dash = arena_alloc(&img->mem, n * sizeof(*dash));
		double sum = 0;
		for (size_t i = 0; i < n; i++) {
			dash[i] = st->dash[i % st->ndash] * scale;
			sum += dash[i];
		}
		if (sum > 0) {
			sh.dash = dash;
			sh.ndash = n;
			sh.dash_offset = st->dash_off * scale;
		}
	}
	sh.bx = x0;
	sh.by = y0;
	sh.bw = x1 - x0;
	sh.bh = y1 - y0;
	sh.element = arena_strdup(&img->mem, e->name);
	sh.line = e->line;
	sh.col = e->col;
	if (img->nshapes == img->capshapes)
		img->shapes = arena_xgrow(&img->mem, img->shapes, img->nshapes,
		                          &img->capshapes, img->nshapes + 1,
		                          sizeof(*img->shapes));
	img->shapes[img->nshapes++] = sh;
	img->nsegs_total += p->n;
}

/* Parse a points="x,y x,y ..." list into p. */
static void
points(walk *w, const xel *e, svg_path *p, int close)
{
	const char *s = svg_attr(e, "points");
	if (!s)
		return;
	s = svg_skip_sep(s);
	int first = 1;
	while (*s) {
		double x, y;
		if (svg_number(&s, &x) != 0)
			goto bad;
		s = svg_skip_sep(s);
		if (svg_number(&s, &y) != 0)
			goto bad;
		s = svg_skip_sep(s);
		if (first)
			svg_path_move(p, x, y);
		else
			svg_path_line(p, x, y);
		first = 0;
	}
	if (close && !first)
		svg_path_close(p);
	return;
bad:
	svg_warn(w->d, e, "<%s>: the points list has an error; the shape is "
	         "drawn up to it", e->name);
	if (close && !first)
		svg_path_close(p);
}

static void
shape(walk *w, const xel *e, const style *st, const svg_mat *ctm)
{
	svg_path p;
	memset(&p, 0, sizeof(p));
	int bad = 0;
	double vw = w->vw, vh = w->vh;
	double vdiag = sqrt((vw * vw + vh * vh) / 2);
	const char *n = e->name;
	if (strcmp(n, "path") == 0) {
		const char *d = svg_attr(e, "d");
		size_t where;
		if (d && svg_path_data(&p, d, &where) != 0)
			svg_warn(w->d, e, "<path>: the path data has an error at "
			         "character %zu ('%.12s'); the path is drawn up to "
			         "it", where + 1, d + where);
	} else if (strcmp(n, "rect") == 0) {
		double x = len_attr(w, e, "x", vw, &bad);
		double y = len_attr(w, e, "y", vh, &bad);
		double wd = len_attr(w, e, "width", vw, &bad);
		double ht = len_attr(w, e, "height", vh, &bad);
		int hx = svg_attr(e, "rx") != NULL, hy = svg_attr(e, "ry") != NULL;
		double rx = len_attr(w, e, "rx", vw, &bad);
		double ry = len_attr(w, e, "ry", vh, &bad);
		if (bad || wd <= 0 || ht <= 0)
			goto done;
		if (hx && !hy)
			ry = rx;
		if (hy && !hx)
			rx = ry;
		rx = rx < 0 ? 0 : rx > wd / 2 ? wd / 2 : rx;
		ry = ry < 0 ? 0 : ry > ht / 2 ? ht / 2 : ry;
		if (rx > 0 && ry > 0) {
			/* Straight sides vanish when the corners meet. */
			int hs = wd > 2 * rx, vs = ht > 2 * ry;
			svg_path_move(&p, x + rx, y);
			if (hs)
				svg_path_line(&p, x + wd - rx, y);
			svg_path_arc(&p, rx, ry, 0, 0, 1, x + wd, y + ry);
			if (vs)
				svg_path_line(&p, x + wd, y + ht - ry);
			svg_path_arc(&p, rx, ry, 0, 0, 1, x + wd - rx, y + ht);
			if (hs)
				svg_path_line(&p, x + rx, y + ht);
			svg_path_arc(&p, rx, ry, 0, 0, 1, x, y + ht - ry);
			if (vs)
				svg_path_line(&p, x, y + ry);
			svg_path_arc(&p, rx, ry, 0, 0, 1, x + rx, y);
		} else {
			svg_path_move(&p, x, y);
			svg_path_line(&p, x + wd, y);
			svg_path_line(&p, x + wd, y + ht);
			svg_path_line(&p, x, y + ht);
		}
		svg_path_close(&p);
	} else if (strcmp(n, "circle") == 0 || strcmp(n, "ellipse") == 0) {
		double cx = len_attr(w, e, "cx", vw, &bad);
		double cy = len_attr(w, e, "cy", vh, &bad);
		double rx, ry;
		if (n[0] == 'c') {
			rx = ry = len_attr(w, e, "r", vdiag, &bad);
		} else {
			rx = len_attr(w, e, "rx", vw, &bad);
			ry = len_attr(w, e, "ry", vh, &bad);
		}
		if (bad || rx <= 0 || ry <= 0)
			goto done;
		svg_path_ellipse(&p, cx, cy, rx, ry);
	} else if (strcmp(n, "line") == 0) {
		double x1 = len_attr(w, e, "x1", vw, &bad);
		double y1 = len_attr(w, e, "y1", vh, &bad);
		double x2 = len_attr(w, e, "x2", vw, &bad);
		double y2 = len_attr(w, e, "y2", vh, &bad);
		if (bad)
			goto done;
		svg_path_move(&p, x1, y1);
		svg_path_line(&p, x2, y2);
	} else if (strcmp(n, "polyline") == 0) {
		points(w, e, &p, 0);
	} else if (strcmp(n, "polygon") == 0) {
		points(w, e, &p, 1);
	}
	if (strcmp(n, "line") == 0 || strcmp(n, "polyline") == 0) {
		/* Open shapes: only polyline can be filled, line never. */
		if (n[0] == 'l') {
			style s2 = *st;
			s2.fill.kind = P_NONE;
			add_shape(w, e, &s2, ctm, &p);
			goto done;
		}
	}
	add_shape(w, e, st, ctm, &p);
done:
	svg_path_free(&p);
}

static int
is(const char *name, const char *const *set)
{
	for (int i = 0; set[i]; i++)
		if (strcmp(name, set[i]) == 0)
			return 1;
	return 0;
}

static void
element(walk *w, const xel *e, style st, svg_mat ctm, int is_root)
{
	static const char *const shapes[] = {"path", "rect", "circle",
		"ellipse", "line", "polyline", "polygon", NULL};
	static const char *const groups[] = {"g", "a", "switch", NULL};
	static const char *const silent[] = {"title", "desc", "metadata",
		"defs", "linearGradient", "radialGradient", "symbol", "stop",
		"sodipodi", NULL};
	static const char *const unsupported[] = {"text", "image", "use",
		"filter", "mask", "pattern", "clipPath", "marker",
		"foreignObject", "style", "script", "textPath", "video",
		"audio", "iframe", "canvas", "animate", "animateTransform",
		"animateMotion", "set", NULL};
	const char *n = e->name;
	if (strchr(n, ':') || is(n, silent))
		return; /* editor metadata and definitions draw nothing */
	int shape_el = is(n, shapes);
	int group_el = is(n, groups) || is_root;
	if (!shape_el && !group_el) {
		if (strcmp(n, "svg") == 0)
			skip_warning(w, e, "a nested <%s> element is not supported "
			             "and is skipped", n,
			             "ungroup it in the drawing program, or save "
			             "it as one flat SVG");
		else if (is(n, unsupported))
			skip_warning(w, e, "the SVG <%s> element is not supported "
			             "and is skipped", n,
			             strcmp(n, "text") == 0
			                 ? "convert text to outlines (paths) in the "
			                   "drawing program"
			                 : "flatten or expand it in the drawing "
			                   "program, then export again");
		else
			skip_warning(w, e, "the SVG element <%s> is unknown and is "
			             "skipped", n, NULL);
		return;
	}
	st.display_none = 0;
	double own = 1;
	apply_style(w, e, &st, &own);
	if (st.display_none)
		return;
	/* Group opacity is approximated by passing it down to every shape
	 * (exact where shapes do not overlap). */
	st.opacity *= own;
	const char *tf = svg_attr(e, "transform");
	if (tf && !is_root) {
		svg_mat t;
		if (svg_transform(tf, &t) != 0)
			svg_warn(w->d, e, "<%s>: the transform '%s' is not "
			         "understood and is ignored", n, tf);
		else
			ctm = svg_mul(ctm, t);
	}
	if (shape_el) {
		shape(w, e, &st, &ctm);
		return;
	}
	for (size_t i = 0; i < e->nkids && !w->limit_hit; i++)
		element(w, e->kids[i], st, ctm, 0);
}

/* The root's width, height, viewBox and preserveAspectRatio. */
static void
root_geometry(walk *w, const xel *r)
{
	svg_image *img = w->d->img;
	const char *vb = svg_attr(r, "viewBox");
	if (vb) {
		double v[4];
		const char *s = svg_skip_sep(vb);
		int ok = 1;
		for (int i = 0; i < 4 && ok; i++) {
			ok = svg_number(&s, &v[i]) == 0;
			s = svg_skip_sep(s);
		}
		if (!ok || *s || v[2] <= 0 || v[3] <= 0) {
			svg_warn(w->d, r, "<svg>: the viewBox '%s' is not four "
			         "numbers with a positive width and height; it is "
			         "ignored", vb);
		} else {
			img->has_viewbox = 1;
			img->vb_x = v[0];
			img->vb_y = v[1];
			img->vb_w = v[2];
			img->vb_h = v[3];
		}
	}
	const char *names[2] = {"width", "height"};
	double *dst[2] = {&img->width, &img->height};
	for (int i = 0; i < 2; i++) {
		const char *v = svg_attr(r, names[i]);
		double x;
		if (!v || strchr(v, '%'))
			continue; /* relative to a viewport we do not have */
		if (svg_length(v, 0, &x) != 0 || x <= 0)
			svg_warn(w->d, r, "<svg>: the %s '%s' is not a positive "
			         "length; it is ignored", names[i], v);
		else
			*dst[i] = x;
	}
	const char *par = svg_attr(r, "preserveAspectRatio");
	if (par) {
		char a[32] = "", m[32] = "";
		const char *s = par;
		while (*s == ' ')
			s++;
		if (strncmp(s, "defer", 5) == 0)
			s += 5;
		int got = sscanf(s, "%31s %31s", a, m);
		static const char *const al[] = {"Min", "Mid", "Max"};
		int ok = got >= 1;
		if (ok && strcmp(a, "none") == 0) {
			img->align_none = 1;
		} else if (ok && strlen(a) == 8 && a[0] == 'x' && a[4] == 'Y') {
			int fx = -1, fy = -1;
			for (int i = 0; i < 3; i++) {
				if (strncmp(a + 1, al[i], 3) == 0)
					fx = i;
				if (strncmp(a + 5, al[i], 3) == 0)
					fy = i;
			}
			ok = fx >= 0 && fy >= 0;
			if (ok) {
				img->align_x = fx;
				img->align_y = fy;
			}
		} else {
			ok = 0;
		}
		if (ok && got == 2) {
			if (strcmp(m, "slice") == 0)
				img->slice = 1;
			else if (strcmp(m, "meet") != 0)
				ok = 0;
		}
		if (!ok)
			svg_warn(w->d, r, "<svg>: preserveAspectRatio '%s' is not "
			         "understood; xMidYMid meet is used", par);
	}
	if (img->has_viewbox) {
		w->vw = img->vb_w;
		w->vh = img->vb_h;
	} else {
		w->vw = img->width > 0 ? img->width : 100;
		w->vh = img->height > 0 ? img->height : 100;
	}
}

int
svg_walk(svg_doc *d)
{
	walk w;
	memset(&w, 0, sizeof(w));
	w.d = d;
	root_geometry(&w, d->root);
	style st;
	memset(&st, 0, sizeof(st));
	st.fill.kind = P_COLOR; /* initial fill: black */
	st.fill.alpha = st.stroke.alpha = 1;
	st.stroke.kind = P_NONE;
	st.fill_op = st.stroke_op = st.opacity = 1;
	st.sw = 1;
	st.miter = 4;
	element(&w, d->root, st, svg_identity, 1);
	if (w.skips > MAX_SKIP_WARNINGS) {
		src_pos p = {d->file, d->root->line, d->root->col};
		diag_warning(d->diags, DIAG_IMAGE, p,
		             "%d more unsupported SVG features in this file are "
		             "skipped", w.skips - MAX_SKIP_WARNINGS);
	}
	return d->failed ? -1 : 0;
}
