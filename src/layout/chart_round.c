/* chart_round.c - pie and donut charts: slices clockwise from 12 o'clock
 * with white separators, percentages on the slices, and a legend with
 * each category's share beside the circle. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layout/chart.h"
#include "util/limits.h"

#define PI 3.14159265358979323846

void
chart_round(chart_ctx *c, double top)
{
	const model_chart *ch = c->ch;
	lflow *f = c->f;
	const model_series *se = &ch->series[0];
	size_t n = se->count;
	double sz = c->label;
	double total = 0;
	for (size_t i = 0; i < n; i++)
		total += se->values[i];
	double avail = c->h - top - 4;
	double d = avail < c->w * 0.5 ? avail : c->w * 0.5;
	if (d < 20) {
		diag_warning(f->diags, DIAG_LAYOUT, c->pos,
		             "the chart is too small to draw its plot");
		diag_note(f->diags, "give it a larger 'height' or 'width'");
		return;
	}
	double r = d / 2;
	double cx = c->x + r + 2, cy = top + 2 + avail / 2;
	double hole = ch->type == MODEL_CHART_DONUT ? r * 0.58 : 0;
	int vdec = chart_decimals(ch);
	char tbuf[96], num[64];

	double a = 0;
	for (size_t i = 0; i < n; i++) {
		double v = se->values[i];
		if (v <= 0)
			continue;
		double span = v / total * 2 * PI;
		uint32_t col = lgfx_palette(f->th, i);
		lgfx_path p;
		memset(&p, 0, sizeof(p));
		if (hole > 0) {
			lgfx_arc(&p, cx, cy, r, a, a + span, 1);
			lgfx_arc(&p, cx, cy, hole, a + span, a, 0);
		} else if (span >= 2 * PI - 1e-9) {
			lgfx_arc(&p, cx, cy, r, 0, 2 * PI, 1);
		} else {
			lgfx_move(&p, cx, cy);
			lgfx_arc(&p, cx, cy, r, a, a + span, 0);
		}
		lgfx_close(&p);
		layout_item *it = lgfx_emit(f, c->k, &p, "chart-slice", c->pos);
		it->u.path->fill.kind = 1;
		it->u.path->fill.color = col;
		it->u.path->fill.opacity = 1;
		if (n > 1) {
			/* A white edge parts neighbouring slices. */
			it->u.path->stroke.kind = 1;
			it->u.path->stroke.color = 0xFFFFFF;
			it->u.path->stroke.opacity = 1;
			it->u.path->stroke_width = 1.2;
			it->u.path->join = 1;
		}
		if (ch->value_labels && span > 0.32) {
			double mid = a + span / 2;
			double lr = hole > 0 ? (r + hole) / 2 : r * 0.64;
			double lx = cx + lr * sin(mid), ly = cy - lr * cos(mid);
			chart_format(v / total * 100, 0, c->minus, num,
			             sizeof(num));
			snprintf(tbuf, sizeof(tbuf), "%s%%", num);
			chart_text(c, tbuf, MODEL_BOLD, sz, chart_on(col, c->text),
			           lx - 30, 60, TEXT_ALIGN_CENTER, ly + sz * 0.35,
			           "chart-value");
		}
		a += span;
	}

	/* The legend: swatch, name, value and share, one row each. */
	double lx = cx + r + 6 * (72 / 25.4);
	double lw = c->x + c->w - lx;
	double row = sz * 1.9;
	double ly = cy - row * (double)n / 2;
	double namew = 0, valw = 0;
	for (size_t i = 0; i < n; i++) {
		double tw = lgfx_measure(f, ch->categories[i], 0, sz);
		namew = tw > namew ? tw : namew;
		chart_format(se->values[i], vdec, c->minus, num, sizeof(num));
		snprintf(tbuf, sizeof(tbuf), "%s", num);
		tw = lgfx_measure(f, tbuf, MODEL_BOLD, sz);
		valw = tw > valw ? tw : valw;
	}
	double sw = sz * 0.9;
	double pctw = lgfx_measure(f, "100%", 0, sz);
	double colgap = sz * 1.5;
	if (namew > lw - sw - 3 * colgap - valw - pctw)
		namew = lw - sw - 3 * colgap - valw - pctw;
	for (size_t i = 0; i < n; i++) {
		double mid = ly + row * (i + 0.5);
		uint32_t col = lgfx_palette(f->th, i);
		lgfx_fill_rect(f, c->k, lx, mid - sw / 2, sw, sw, col,
		               "chart-legend", c->pos);
		double tx = lx + sw + sz * 0.6;
		chart_text(c, ch->categories[i], 0, sz, c->text, tx, namew + 1,
		           TEXT_ALIGN_LEFT, mid + sz * 0.35, "chart-legend");
		tx += namew + colgap;
		chart_format(se->values[i], vdec, c->minus, num, sizeof(num));
		chart_text(c, num, MODEL_BOLD, sz, c->text, tx, valw + 1,
		           TEXT_ALIGN_RIGHT, mid + sz * 0.35, "chart-legend");
		tx += valw + colgap * 0.6;
		chart_format(se->values[i] / total * 100, 0, c->minus, num,
		             sizeof(num));
		snprintf(tbuf, sizeof(tbuf), "%s%%", num);
		chart_text(c, tbuf, 0, sz, c->muted, tx, pctw + 1, TEXT_ALIGN_RIGHT,
		           mid + sz * 0.35, "chart-legend");
		if (i + 1 < n)
			lgfx_stroke_line(f, c->k, lx, ly + row * (i + 1),
			                 tx + pctw, ly + row * (i + 1), 0.4, c->grid,
			                 "chart-grid", c->pos);
	}
}
