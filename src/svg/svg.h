/*
 * svg.h - a common subset of SVG 1.1, parsed into flat shapes.
 *
 * Who may include this: src/layout/ and tests. Only src/svg/ includes
 * <expat.h>. The result is a list of painted shapes whose outlines are
 * only moves, lines and cubic Béziers (arcs and quadratics converted), in
 * the root element's user space (every transform applied), so that the
 * layout only has to map the viewBox onto the page.
 *
 * Unsupported features (text, filters, masks, patterns, clip paths,
 * images, use, CSS style sheets) are skipped with a warning that names the
 * element and its line:col in the SVG file; malformed XML is an error at
 * the SVG file's line:col. Nothing in an SVG file can crash the parser.
 */
#ifndef CAREC_SVG_SVG_H
#define CAREC_SVG_SVG_H

#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"
#include "util/mem.h"

typedef enum svg_op {
	SVG_MOVE,  /* x[0], y[0] */
	SVG_LINE,  /* x[0], y[0] */
	SVG_CURVE, /* controls x[0..1], y[0..1]; end x[2], y[2] */
	SVG_CLOSE
} svg_op;

typedef struct svg_seg {
	svg_op op;
	double x[3], y[3];
} svg_seg;

typedef struct svg_stop {
	double offset;      /* 0..1, never decreasing */
	uint32_t color;     /* 0xRRGGBB */
	double opacity;     /* 0..1 */
} svg_stop;

/* A gradient resolved for one shape, in root user space. Linear: the
 * colour is constant on lines perpendicular to (x1,y1)-(x2,y2). Radial:
 * from the focus (x1,y1) to the circle about (x2,y2) of radius r. */
typedef struct svg_gradient {
	int radial;
	double x1, y1, x2, y2, r;
	const svg_stop *stops;
	size_t nstops;      /* 2 or more (one stop becomes a solid paint) */
} svg_gradient;

typedef enum svg_paint_kind {
	SVG_PAINT_NONE,
	SVG_PAINT_COLOR,
	SVG_PAINT_GRADIENT
} svg_paint_kind;

typedef struct svg_paint {
	svg_paint_kind kind;
	uint32_t color;
	double opacity;     /* fill- or stroke-opacity times every opacity */
	const svg_gradient *gradient;
} svg_paint;

typedef struct svg_shape {
	const svg_seg *segs;
	size_t nsegs;
	svg_paint fill, stroke;
	int even_odd;       /* fill-rule: evenodd */
	double stroke_width;/* root user units */
	int cap;            /* 0 butt, 1 round, 2 square */
	int join;           /* 0 miter, 1 round, 2 bevel */
	double miter_limit;
	const double *dash; /* root user units, or NULL */
	size_t ndash;
	double dash_offset;
	double bx, by, bw, bh; /* bounding box of the outline, root units */
	const char *element;   /* "path", "rect"... */
	int line, col;         /* of the element in the SVG file */
} svg_shape;

typedef struct svg_image {
	arena mem;             /* owns everything below */
	const char *path;      /* the file, for messages */
	double width, height;  /* intrinsic size in px; 0 when not given */
	int has_viewbox;
	double vb_x, vb_y, vb_w, vb_h;
	/* preserveAspectRatio: align_x/align_y 0 min, 1 mid, 2 max; or
	 * align_none set for "none". slice: "slice" rather than "meet". */
	int align_x, align_y, align_none, slice;
	svg_shape *shapes;
	size_t nshapes, capshapes;
	size_t nsegs_total;
	size_t ngradients;     /* shapes filled with a gradient */
} svg_image;

/* Parse the SVG file at path, opened as the policy p allows
 * (util/paths.h; NULL: any regular file). Read errors are reported at
 * `at` (the YAML that names the file); everything inside the file at its
 * own line:col (the text is registered with diag_source_add, so messages
 * show it). On success store a new image in *out and return 0 (warnings
 * may have been added); on error return -1 with *out NULL. */
struct path_policy;
int svg_parse_file(svg_image **out, const struct path_policy *p,
                   const char *path, src_pos at, diag_list *diags);

/* Parse len bytes of SVG text named name (for messages). Same contract as
 * svg_parse_file; used by svg_parse_file and by tests. */
int svg_parse_buffer(svg_image **out, const char *name, const char *data,
                     size_t len, diag_list *diags);

/* Free an image and everything it owns. NULL is fine. */
void svg_free(svg_image *img);

#endif
