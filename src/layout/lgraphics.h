/*
 * lgraphics.h - vector drawing helpers of the layout: building LITEM_PATH
 * items, placing a parsed SVG drawing in a box, theme palettes and
 * captions. Used by block_svg.c, block_chart.c, chart_*.c, block_qr.c,
 * and by any layout file that draws (covers can place an SVG logo with
 * lgfx_svg_place). Only src/layout/ includes this.
 */
#ifndef CAREC_LAYOUT_LGRAPHICS_H
#define CAREC_LAYOUT_LGRAPHICS_H

#include "layout/layout_internal.h"
#include "svg/svg.h"

/* A path under construction (coordinates as the sink wants them). */
typedef struct lgfx_path {
	layout_seg *segs;  /* malloc'd while building */
	size_t n, cap;
} lgfx_path;

void lgfx_move(lgfx_path *p, double x, double y);
void lgfx_line(lgfx_path *p, double x, double y);
void lgfx_curve(lgfx_path *p, double x1, double y1, double x2, double y2,
                double x, double y);
void lgfx_close(lgfx_path *p);
/* A closed rectangle (clockwise on the page). */
void lgfx_rect(lgfx_path *p, double x, double y, double w, double h);
/* A circular arc about (cx, cy), from angle a0 to a1 in radians measured
 * clockwise from 12 o'clock on the page; lines to its start when
 * move is 0, else starts a subpath there. */
void lgfx_arc(lgfx_path *p, double cx, double cy, double r, double a0,
              double a1, int move);
/* A full circle. */
void lgfx_circle(lgfx_path *p, double cx, double cy, double r);

/* Copy p into the layout's arena as a LITEM_PATH pushed to k, with its
 * bounding box, no paint, butt caps, miter joins (limit 4); free p's
 * buffer. Return the item to set its paint (valid until the next push
 * to k), or NULL when p was empty. */
layout_item *lgfx_emit(lflow *f, lsink k, lgfx_path *p, layout_role role,
                       src_pos pos);

/* Shorthands: a filled rectangle, a stroked line. */
layout_item *lgfx_fill_rect(lflow *f, lsink k, double x, double y, double w,
                            double h, uint32_t color, layout_role role,
                            src_pos pos);
layout_item *lgfx_stroke_line(lflow *f, lsink k, double x1, double y1,
                              double x2, double y2, double width,
                              uint32_t color, layout_role role, src_pos pos);

/* Colour mixing: t of b into a (0: a, 1: b). */
uint32_t lgfx_mix(uint32_t a, uint32_t b, double t);
/* The i-th colour of the theme's data palette: primary, accent and their
 * tints and shades, then muted; repeats after LGFX_PALETTE colours. */
#define LGFX_PALETTE 10
uint32_t lgfx_palette(const model_theme *th, size_t i);

/* The aspect ratio (width / height) an SVG drawing asks for. */
double lgfx_svg_aspect(const svg_image *img);
/* Draw every shape of img into the box x, y, w, h (sink coordinates),
 * honouring its viewBox and preserveAspectRatio. */
void lgfx_svg_place(lflow *f, lsink k, const svg_image *img, double x,
                    double y, double w, double h, layout_role role,
                    src_pos pos);

/* Lay out a figure caption (small, italic, muted, centred) under a
 * drawing, in the band x..x+w. extra, when not NULL, is a note added
 * after the caption text (in parentheses), or the whole caption if the
 * text is empty. */
void lgfx_caption(lflow *f, const model_text *text, const char *extra,
                  double x, double w, src_pos pos);

/* The width of s in the body font at size (regular or MODEL_BOLD). */
double lgfx_measure(lflow *f, const char *s, unsigned style, double size);

#endif
