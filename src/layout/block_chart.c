/* block_chart.c - bar and line charts from the YAML data: title, legend,
 * a value axis with ticks at 1-2-5 steps and grid lines, category labels,
 * bars (grouped or stacked, vertical or horizontal) or lines with
 * markers, value labels. Pies and donuts are in chart_round.c. Every
 * mark is a vector path, every label text in the body font. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/chart.h"
#include "util/limits.h"

#define MM (72 / 25.4)

const char *
chart_minus(lflow *f)
{
	/* A font without U+2212 (the bundled Noto Sans subset) would make
	 * every negative value an error: the hyphen-minus stands in. */
	static const int styles[] = {STYLE_REGULAR, STYLE_BOLD};
	for (size_t i = 0; i < sizeof(styles) / sizeof(styles[0]); i++) {
		const text_stack *st = &f->stacks[ROLE_BODY][styles[i]];
		int has = 0;
		for (int j = 0; j < st->count && !has; j++)
			has = st->fonts[j] && text_font_has(st->fonts[j], 0x2212);
		if (!has)
			return "-";
	}
	return "\xE2\x88\x92"; /* U+2212 MINUS SIGN */
}

void
chart_format(double v, int decimals, const char *minus, char *out,
             size_t cap)
{
	char digits[64];
	snprintf(digits, sizeof(digits), "%.*f", decimals, fabs(v));
	if (fabs(v) < 0.5 * pow(10, -decimals))
		v = 0; /* no "-0" */
	size_t o = 0;
	size_t mlen = strlen(minus);
	if (v < 0 && o + mlen < cap) {
		memcpy(out + o, minus, mlen);
		o += mlen;
	}
	const char *dot = strchr(digits, '.');
	size_t ni = dot ? (size_t)(dot - digits) : strlen(digits);
	for (size_t i = 0; i < ni && o + 3 < cap; i++) {
		/* Group digits only from five on: 2023 stays a year. */
		if (ni > 4 && i > 0 && (ni - i) % 3 == 0) {
			memcpy(out + o, "\xC2\xA0", 2); /* U+00A0 NO-BREAK SPACE */
			o += 2;
		}
		out[o++] = digits[i];
	}
	for (const char *p = dot; p && *p && o + 1 < cap; p++)
		out[o++] = *p;
	out[o] = '\0';
}

int
chart_decimals(const model_chart *ch)
{
	int d = 0;
	for (size_t s = 0; s < ch->nseries; s++)
		for (size_t i = 0; i < ch->series[s].count; i++) {
			double v = fabs(ch->series[s].values[i]);
			while (d < 2 && fabs(v * pow(10, d) - round(v * pow(10, d))) >
			                    1e-6 * (v > 1 ? v : 1) * pow(10, d))
				d++;
		}
	return d;
}

double
chart_text(chart_ctx *c, const char *s, unsigned style, double size,
           uint32_t color, double x, double w, text_align align, double y,
           layout_role role)
{
	return lplain_line(c->f, c->k, s, ROLE_BODY, style, size, color, x, w,
	                   align, y, role, c->pos);
}

uint32_t
chart_on(uint32_t bg, uint32_t dark)
{
	double r = (bg >> 16) & 0xFF, g = (bg >> 8) & 0xFF, b = bg & 0xFF;
	double lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
	return lum < 150 ? 0xFFFFFF : dark;
}

double
chart_legend(chart_ctx *c, const char *const *names, const uint32_t *colors,
             size_t n, int line_swatch, double x, double w, double y)
{
	double sz = c->label, sw = sz * 0.9, gap = sz * 0.5, space = sz * 1.6;
	double row_h = sz * 1.6;
	double cx = x, cy = y;
	for (size_t i = 0; i < n; i++) {
		const char *name = names[i] ? names[i] : "";
		double tw = lgfx_measure(c->f, name, 0, sz);
		double need = sw + gap + tw;
		if (cx > x && cx + need > x + w) {
			cx = x;
			cy += row_h;
		}
		double mid = cy + row_h / 2;
		if (line_swatch) {
			layout_item *it = lgfx_stroke_line(c->f, c->k, cx, mid,
			                                   cx + sw * 1.4, mid, 1.8,
			                                   colors[i], "chart-legend",
			                                   c->pos);
			it->u.path->cap = 1;
			cx += sw * 0.4;
		} else {
			lgfx_fill_rect(c->f, c->k, cx, mid - sw / 2, sw, sw, colors[i],
			               "chart-legend", c->pos);
		}
		chart_text(c, name, 0, sz, c->text, cx + sw + gap, tw + sz,
		           TEXT_ALIGN_LEFT, mid + sz * 0.35, "chart-legend");
		cx += need + space;
	}
	return n ? cy + row_h - y : 0;
}

/* Ticks at 1-2-5 multiples covering lo..hi: about five intervals. */
static void
nice_scale(double lo, double hi, double *tlo, double *thi, double *step)
{
	if (hi - lo <= 0)
		hi = lo + 1;
	double raw = (hi - lo) / 5;
	double mag = pow(10, floor(log10(raw)));
	double r = raw / mag;
	double st = (r <= 1 ? 1 : r <= 2 ? 2 : r <= 2.5 ? 2.5 : r <= 5 ? 5 : 10) *
	            mag;
	*step = st;
	*tlo = floor(lo / st + 1e-9) * st;
	*thi = ceil(hi / st - 1e-9) * st;
	if (*thi <= *tlo)
		*thi = *tlo + st;
}

static int
step_decimals(double step)
{
	int d = 0;
	while (d < 4 && fabs(step * pow(10, d) - round(step * pow(10, d))) > 1e-6)
		d++;
	return d;
}

/* Bars and lines: everything below 'top'. */
static void
chart_axes(chart_ctx *c, double top)
{
	const model_chart *ch = c->ch;
	lflow *f = c->f;
	double sz = c->label;
	size_t ncat = ch->ncategories, ns = ch->nseries;
	int horiz = ch->type == MODEL_CHART_BAR && ch->horizontal;
	int line = ch->type == MODEL_CHART_LINE;

	/* The value range. */
	double lo = 0, hi = 0;
	for (size_t i = 0; i < ncat; i++) {
		double pos = 0;
		for (size_t s = 0; s < ns; s++) {
			double v = ch->series[s].values[i];
			if (ch->stacked) {
				pos += v;
			} else {
				lo = v < lo ? v : lo;
				hi = v > hi ? v : hi;
			}
		}
		if (ch->stacked)
			hi = pos > hi ? pos : hi;
	}
	if (line) {
		/* Lines need no zero baseline, but a chart that hides it
		 * misleads; keep 0 unless all values are far from it. */
		double dmin = ch->series[0].values[0], dmax = dmin;
		for (size_t s = 0; s < ns; s++)
			for (size_t i = 0; i < ncat; i++) {
				double v = ch->series[s].values[i];
				dmin = v < dmin ? v : dmin;
				dmax = v > dmax ? v : dmax;
			}
		lo = dmin < 0 ? dmin : 0;
		hi = dmax > 0 ? dmax : 0;
	}
	double tlo, thi, step;
	nice_scale(lo, hi, &tlo, &thi, &step);
	int tdec = step_decimals(step), vdec = chart_decimals(ch);
	int nticks = (int)lround((thi - tlo) / step);

	/* Tick label widths. */
	double tickw = 0;
	char tbuf[64];
	for (int i = 0; i <= nticks; i++) {
		chart_format(tlo + i * step, tdec, c->minus, tbuf, sizeof(tbuf));
		double tw = lgfx_measure(f, tbuf, 0, sz);
		tickw = tw > tickw ? tw : tickw;
	}
	double catw = 0;
	if (horiz) {
		for (size_t i = 0; i < ncat; i++) {
			double tw = lgfx_measure(f, ch->categories[i], 0, sz);
			catw = tw > catw ? tw : catw;
		}
		if (catw > c->w * 0.35)
			catw = c->w * 0.35;
	}

	/* The axis title of the vertical axis goes above it, horizontally. */
	const char *vtitle = ch->y_label, *htitle = ch->x_label;
	if (vtitle) {
		chart_text(c, vtitle, 0, sz, c->muted, c->x, c->w, TEXT_ALIGN_LEFT,
		           top + sz, "chart-axis-title");
		top += sz * 1.8;
	}
	double pt = top + sz * 0.6;      /* room for the top tick label */
	double pb = c->h - sz * 1.9;     /* under it: the tick/category row */
	if (htitle)
		pb -= sz * 1.8;
	double pl = c->x + (horiz ? catw + sz : tickw + sz * 0.8);
	double pr = c->x + c->w - (horiz ? tickw / 2 : sz * 0.5);
	if (horiz && ch->value_labels) {
		/* Value labels sit right of the bars: keep room for them. */
		double vw = 0;
		for (size_t s = 0; s < ns; s++)
			for (size_t i = 0; i < ncat; i++) {
				chart_format(ch->series[s].values[i], vdec,
				             c->minus, tbuf, sizeof(tbuf));
				double tw = lgfx_measure(f, tbuf, 0, sz * 0.95);
				vw = tw > vw ? tw : vw;
			}
		pr -= vw + 4 > tickw / 2 ? vw + 4 - tickw / 2 : 0;
	}
	if (pb - pt < 20 || pr - pl < 20) {
		diag_warning(f->diags, DIAG_LAYOUT, c->pos,
		             "the chart is too small to draw its plot");
		diag_note(f->diags, "give it a larger 'height' or 'width'");
		return;
	}
	double pw = pr - pl, ph = pb - pt;
	/* Value v as a position along the value axis. */
#define VPOS(v) (horiz ? pl + ((v) - tlo) / (thi - tlo) * pw \
                       : pb - ((v) - tlo) / (thi - tlo) * ph)

	/* Grid lines and tick labels. */
	for (int i = 0; i <= nticks; i++) {
		double v = tlo + i * step;
		double p = VPOS(v);
		chart_format(v, tdec, c->minus, tbuf, sizeof(tbuf));
		int zero = fabs(v) < step * 1e-6;
		if (horiz) {
			lgfx_stroke_line(f, c->k, p, pt, p, pb, zero ? 0.8 : 0.5,
			                 zero ? c->axis : c->grid,
			                 zero ? "chart-axis" : "chart-grid", c->pos);
			chart_text(c, tbuf, 0, sz, c->muted, p - 40, 80,
			           TEXT_ALIGN_CENTER, pb + sz * 1.4, "chart-tick");
		} else {
			lgfx_stroke_line(f, c->k, pl, p, pr, p, zero ? 0.8 : 0.5,
			                 zero ? c->axis : c->grid,
			                 zero ? "chart-axis" : "chart-grid", c->pos);
			chart_text(c, tbuf, 0, sz, c->muted, c->x, pl - c->x - sz * 0.6,
			           TEXT_ALIGN_RIGHT, p + sz * 0.35, "chart-tick");
		}
	}
	if (htitle)
		chart_text(c, htitle, 0, sz, c->muted, pl, pw, TEXT_ALIGN_CENTER,
		           c->h - sz * 0.4, "chart-axis-title");

	double band = (horiz ? ph : pw) / (double)ncat;
	double zero = VPOS(tlo > 0 ? tlo : thi < 0 ? thi : 0);

	/* Category labels. */
	for (size_t i = 0; i < ncat; i++) {
		double mid = (horiz ? pt : pl) + band * (i + 0.5);
		if (horiz)
			chart_text(c, ch->categories[i], 0, sz, c->text, c->x, catw,
			           TEXT_ALIGN_RIGHT, mid + sz * 0.35, "chart-category");
		else
			chart_text(c, ch->categories[i], 0, sz, c->text,
			           mid - band / 2, band, TEXT_ALIGN_CENTER,
			           pb + sz * 1.4, "chart-category");
	}

	if (line) {
		double xs[LIMIT_CHART_CATEGORIES];
		for (size_t i = 0; i < ncat; i++)
			xs[i] = pl + band * (i + 0.5);
		for (size_t s = 0; s < ns; s++) {
			uint32_t col = lgfx_palette(f->th, s);
			lgfx_path p;
			memset(&p, 0, sizeof(p));
			for (size_t i = 0; i < ncat; i++) {
				double y = VPOS(ch->series[s].values[i]);
				if (i == 0)
					lgfx_move(&p, xs[i], y);
				else
					lgfx_line(&p, xs[i], y);
			}
			if (ncat > 1) {
				layout_item *it = lgfx_emit(f, c->k, &p, "chart-line",
				                            c->pos);
				it->u.path->stroke.kind = 1;
				it->u.path->stroke.color = col;
				it->u.path->stroke.opacity = 1;
				it->u.path->stroke_width = 1.8;
				it->u.path->cap = 1;
				it->u.path->join = 1;
			} else {
				free(p.segs);
			}
			for (size_t i = 0; i < ncat; i++) {
				double v = ch->series[s].values[i], y = VPOS(v);
				memset(&p, 0, sizeof(p));
				lgfx_circle(&p, xs[i], y, 2.6);
				layout_item *it = lgfx_emit(f, c->k, &p, "chart-marker",
				                            c->pos);
				it->u.path->fill.kind = 1;
				it->u.path->fill.color = 0xFFFFFF;
				it->u.path->fill.opacity = 1;
				it->u.path->stroke.kind = 1;
				it->u.path->stroke.color = col;
				it->u.path->stroke.opacity = 1;
				it->u.path->stroke_width = 1.5;
				if (ch->value_labels) {
					chart_format(v, vdec, c->minus, tbuf,
					             sizeof(tbuf));
					chart_text(c, tbuf, 0, sz * 0.95, c->text, xs[i] - 40, 80,
					           TEXT_ALIGN_CENTER, y - sz * 0.8,
					           "chart-value");
				}
			}
		}
		return;
	}

	/* Bars. */
	double inner = band * (ch->stacked || ns == 1 ? 0.6 : 0.78);
	double bw = ch->stacked ? inner : inner / (double)ns;
	double maxbw = 16 * MM;
	if (bw > maxbw) {
		inner *= maxbw / bw;
		bw = maxbw;
	}
	double gap = ch->stacked || ns == 1 ? 0 : bw * 0.12;
	for (size_t i = 0; i < ncat; i++) {
		double start = (horiz ? pt : pl) + band * (i + 0.5) - inner / 2;
		double acc = 0;
		for (size_t s = 0; s < ns; s++) {
			double v = ch->series[s].values[i];
			double a, b;
			if (ch->stacked) {
				a = VPOS(acc);
				b = VPOS(acc + v);
				acc += v;
			} else {
				a = zero;
				b = VPOS(v);
			}
			double off = ch->stacked ? 0 : bw * (double)s;
			double lo_ = a < b ? a : b, len = fabs(b - a);
			uint32_t col = lgfx_palette(f->th, ch->stacked || ns > 1
			                                       ? s : 0);
			if (len > 0.01) {
				if (horiz)
					lgfx_fill_rect(f, c->k, lo_, start + off + gap / 2,
					               len, bw - gap, col, "chart-bar", c->pos);
				else
					lgfx_fill_rect(f, c->k, start + off + gap / 2, lo_,
					               bw - gap, len, col, "chart-bar", c->pos);
			}
			if (!ch->value_labels)
				continue;
			chart_format(v, vdec, c->minus, tbuf, sizeof(tbuf));
			double tw = lgfx_measure(f, tbuf, 0, sz * 0.95);
			double mid = start + off + bw / 2;
			if (ch->stacked) {
				/* Inside the segment, when it is big enough. */
				double need = horiz ? tw + 4 : sz * 1.2;
				if (len < need || (!horiz && tw + 2 > bw))
					continue;
				double cpos = (a + b) / 2;
				uint32_t tc = chart_on(col, c->text);
				if (horiz)
					chart_text(c, tbuf, 0, sz * 0.95, tc, cpos - tw, 2 * tw,
					           TEXT_ALIGN_CENTER, mid + sz * 0.33,
					           "chart-value");
				else
					chart_text(c, tbuf, 0, sz * 0.95, tc, mid - bw, 2 * bw,
					           TEXT_ALIGN_CENTER, cpos + sz * 0.33,
					           "chart-value");
			} else if (horiz) {
				double xe = v >= 0 ? b + 3 : b - 3 - tw;
				chart_text(c, tbuf, 0, sz * 0.95, c->text, xe, tw + sz,
				           TEXT_ALIGN_LEFT, mid + sz * 0.33, "chart-value");
			} else {
				double ye = v >= 0 ? b - 3 : b + sz * 1.05;
				chart_text(c, tbuf, 0, sz * 0.95, c->text, mid - 40, 80,
				           TEXT_ALIGN_CENTER, ye, "chart-value");
			}
		}
	}
#undef VPOS
}

void
layout_block_chart(lflow *f, const model_block *b, double x, double w)
{
	const model_chart *ch = &b->u.chart;
	const model_theme *th = f->th;
	int round_ = ch->type == MODEL_CHART_PIE || ch->type == MODEL_CHART_DONUT;
	double cw = ch->width > 0 ? ch->width : w;
	if (cw > w)
		cw = w;
	double chh = ch->height;
	if (chh <= 0) {
		chh = cw * (round_ ? 0.34 : 0.52);
		if (chh > 80 * MM)
			chh = 80 * MM;
	}
	double cx = x + (w - cw) / 2;
	lspace(f, th->paragraph_space * 1.5);
	lslice *s = lslice_new(f, chh);
	chart_ctx c;
	memset(&c, 0, sizeof(c));
	c.f = f;
	c.ch = ch;
	c.pos = b->pos;
	c.k = lsink_slice(s);
	c.x = cx;
	c.w = cw;
	c.h = chh;
	c.label = th->size_small;
	c.text = th->color_text;
	c.muted = th->color_muted;
	c.grid = lgfx_mix(th->color_muted, 0xFFFFFF, 0.78);
	c.axis = lgfx_mix(th->color_muted, 0xFFFFFF, 0.2);
	c.minus = chart_minus(f);

	double top = 0;
	if (ch->title) {
		double ts = th->size_body + 1;
		chart_text(&c, ch->title, MODEL_BOLD, ts, th->color_text, cx, cw,
		           TEXT_ALIGN_LEFT, ts, "chart-title");
		top += ts * 1.7;
	}
	if (!round_ && (ch->nseries > 1 || ch->series[0].name)) {
		const char *names[LIMIT_CHART_SERIES];
		uint32_t cols[LIMIT_CHART_SERIES];
		for (size_t i = 0; i < ch->nseries; i++) {
			names[i] = ch->series[i].name;
			cols[i] = lgfx_palette(th, i);
		}
		top += chart_legend(&c, names, cols, ch->nseries,
		                    ch->type == MODEL_CHART_LINE, cx, cw, top);
		top += c.label * 0.6;
	}
	if (round_)
		chart_round(&c, top);
	else
		chart_axes(&c, top);
	const char *note = ch->illustrative
	                       ? model_builtin(f->doc->lang, MODEL_STR_ILLUSTRATIVE)
	                       : NULL;
	if (ch->caption.nruns || note) {
		s->keep_with_next = 1;
		lgfx_caption(f, &ch->caption, note, cx, cw, b->pos);
	}
	lspace(f, th->paragraph_space * 1.5);
}
