/*
 * chart.h - what the chart layout files share (block_chart.c for the
 * frame, axes, bars and lines; chart_round.c for pies and donuts). Only
 * those files include this.
 */
#ifndef CAREC_LAYOUT_CHART_H
#define CAREC_LAYOUT_CHART_H

#include "layout/lgraphics.h"

/* One chart being drawn into one slice (y relative to the slice top). */
typedef struct chart_ctx {
	lflow *f;
	const model_chart *ch;
	src_pos pos;
	lsink k;
	double x, w, h;        /* the chart's box */
	double label;          /* size of labels, points */
	uint32_t text, muted, grid, axis;
	const char *minus;     /* the minus sign the fonts have (chart_minus) */
} chart_ctx;

/* The minus sign of the chart's numbers: U+2212 when the body fonts show
 * it in the styles numbers are set in, else the hyphen-minus. */
const char *chart_minus(lflow *f);

/* Write v with the given decimals, grouping thousands with a no-break
 * space and using the sign minus (chart_minus) before a negative value,
 * into out (at least 48 bytes). */
void chart_format(double v, int decimals, const char *minus, char *out,
                  size_t cap);
/* The fewest decimals (0..2) that show every value of the chart. */
int chart_decimals(const model_chart *ch);

/* A text at baseline y in the band x..x+w, aligned; return its width. */
double chart_text(chart_ctx *c, const char *s, unsigned style, double size,
                  uint32_t color, double x, double w, text_align align,
                  double y, layout_role role);

/* A legend swatch and name for each entry, in rows that wrap within the
 * band x..x+w, starting at y (top of the first row). line_swatch draws
 * a short line with a dot instead of a square. Return the height used. */
double chart_legend(chart_ctx *c, const char *const *names,
                    const uint32_t *colors, size_t n, int line_swatch,
                    double x, double w, double y);

/* Draw a pie or donut chart in the box below top (chart_round.c). */
void chart_round(chart_ctx *c, double top);

/* White or the text colour: whichever reads on a fill of colour bg. */
uint32_t chart_on(uint32_t bg, uint32_t dark);

#endif
