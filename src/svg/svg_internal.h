/*
 * svg_internal.h - what the files of src/svg/ share: the element tree
 * built from expat's events, attribute parsers and the path builder.
 * Only src/svg/ includes this.
 */
#ifndef CAREC_SVG_INTERNAL_H
#define CAREC_SVG_INTERNAL_H

#include "svg/svg.h"

/* One XML element with its attributes (copied out of expat's buffers). */
typedef struct xel xel;
struct xel {
	const char *name;
	const char **attrs;   /* name, value, name, value, ..., NULL */
	int line, col;        /* 1-based, of the '<' */
	xel *parent;
	xel **kids;
	size_t nkids, capkids;
};

/* The parse of one file: the tree plus what the walk needs. */
typedef struct svg_doc {
	svg_image *img;
	diag_list *diags;
	const char *file;     /* diag_source_add's copy */
	arena tmp;            /* the element tree; freed after the walk */
	xel *root;
	xel **ids;            /* elements with an id, for url(#id) and href */
	size_t nids, capids;
	int failed;
} svg_doc;

/* Build the element tree of data with expat (svg_xml.c). Return 0, or -1
 * after an error at the file's line:col. */
int svg_xml_parse(svg_doc *d, const char *data, size_t len);

/* The value of attribute name of e, or NULL. */
const char *svg_attr(const xel *e, const char *name);

/* The element with this id, or NULL. */
const xel *svg_find_id(const svg_doc *d, const char *id);

/* Warn at element e (its line:col in the SVG file). */
void svg_warn(svg_doc *d, const xel *e, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* ---- values (svg_value.c) ---- */

/* An affine matrix: x' = a x + c y + e, y' = b x + d y + f. */
typedef struct svg_mat {
	double a, b, c, d, e, f;
} svg_mat;

extern const svg_mat svg_identity;
svg_mat svg_mul(svg_mat m, svg_mat n);   /* m after n: m(n(p)) */
void svg_apply(const svg_mat *m, double *x, double *y);

/* Skip white space and at most one comma. */
const char *svg_skip_sep(const char *s);
/* Parse a number at *s (advancing it); return 0, or -1 if none. */
int svg_number(const char **s, double *out);
/* A length with an optional unit (px pt pc mm cm in em %) in user units;
 * pct_of is what 100% means. Return 0, or -1 if it is not a length. */
int svg_length(const char *s, double pct_of, double *out);
/* A transform list. Return 0, or -1 (and *out the identity) if bad. */
int svg_transform(const char *s, svg_mat *out);
/* A colour: #rgb, #rrggbb, rgb(), rgba(), or a basic named colour.
 * Return 0, or -1 if it is none of these. *alpha is 1 unless rgba(). */
int svg_color(const char *s, uint32_t *out, double *alpha);

/* ---- paths (svg_path.c) ---- */

/* A growing outline in one element's user space. */
typedef struct svg_path {
	svg_seg *segs;
	size_t n, cap;
	double cx, cy;     /* current point */
	double sx, sy;     /* start of the current subpath */
} svg_path;

void svg_path_free(svg_path *p);
void svg_path_move(svg_path *p, double x, double y);
void svg_path_line(svg_path *p, double x, double y);
void svg_path_curve(svg_path *p, double x1, double y1, double x2, double y2,
                    double x, double y);
void svg_path_close(svg_path *p);
/* An elliptical arc from the current point, as in the SVG "A" command. */
void svg_path_arc(svg_path *p, double rx, double ry, double rot, int large,
                  int sweep, double x, double y);
/* An ellipse (a circle when rx == ry) as four Béziers. */
void svg_path_ellipse(svg_path *p, double cx, double cy, double rx,
                      double ry);

/* Parse SVG path data into p. Return 0, or -1 when the data has an error
 * (p then holds everything before it, as SVG renderers draw). *where is
 * the byte offset of the error. */
int svg_path_data(svg_path *p, const char *s, size_t *where);

/* The exact bounding box of segs (curve extrema, not control points).
 * Return 0, or -1 when there are no points. */
int svg_path_bbox(const svg_seg *segs, size_t n, double *x0, double *y0,
                  double *x1, double *y1);

/* ---- the walk (svg_walk.c) ---- */

/* Turn the element tree into shapes. Return 0, or -1 after an error. */
int svg_walk(svg_doc *d);

#endif
