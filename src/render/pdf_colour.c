/*
 * pdf_colour.c - colours for the print PDF (render_options.print): every
 * fill and stroke the pages draw in DeviceCMYK, from the theme's print
 * values (model_theme.cmyk, carried by the layout as colour_rgb and
 * colour_cmyk). The layout draws in RGB only, and mixes its tints and
 * shades in RGB (a panel's pale green, the cover's soft text), so a
 * colour is taken back to the theme's colour it was made from:
 *
 *  - a theme colour itself prints as its inks;
 *  - a tint (the colour mixed with white, strength s) as its inks times s,
 *    so a pale green is the brand green's inks screened, not a new mix;
 *  - a shade (mixed with black, t of black) as its inks with t more of
 *    the black left: K + (1 - K) t;
 *  - any other colour (an SVG's own, a cover colour of its own) by the
 *    theme's rule for a colour given in RGB only (model_cmyk_of_rgb):
 *    greys and near-black in black ink alone.
 *
 * Images are not colours: they stay RGB, which the output intent covers.
 */
#include "render/render_internal.h"

#include <string.h>

/* A base colour channel this far from white (or black) at least, so that
 * the strength read from it is exact enough to check the others. */
#define MIN_REACH 24.0
/* A channel of the mix may differ by this much from the one computed:
 * the layout rounds each channel, and the strength is read from a
 * rounded channel. */
#define SLACK 1.01

void
render_colour_use(render_ctx *rc, const layout_doc *ld)
{
	memcpy(rc->colour_rgb, ld->colour_rgb, sizeof(rc->colour_rgb));
	memcpy(rc->colour_cmyk, ld->colour_cmyk, sizeof(rc->colour_cmyk));
}

static double
chan(uint32_t c, int shift)
{
	return (double)((c >> shift) & 0xff);
}

/* Whether x is base mixed with white at strength *s (0 white, 1 base),
 * strictly between the two. */
static int
is_tint(uint32_t x, uint32_t base, double *s)
{
	int at = 0;
	double reach = -1;
	for (int sh = 0; sh <= 16; sh += 8)
		if (255 - chan(base, sh) > reach) {
			reach = 255 - chan(base, sh);
			at = sh;
		}
	if (reach < MIN_REACH)
		return 0;
	double v = (255 - chan(x, at)) / reach;
	if (v <= 0.005 || v >= 0.995)
		return 0;
	for (int sh = 0; sh <= 16; sh += 8) {
		double want = 255 - (255 - chan(base, sh)) * v;
		double d = chan(x, sh) - want;
		if (d > SLACK || d < -SLACK)
			return 0;
	}
	*s = v;
	return 1;
}

/* Whether x is base mixed with black, *f of base left (0 black, 1
 * base), strictly between the two. */
static int
is_shade(uint32_t x, uint32_t base, double *f)
{
	int at = 0;
	double reach = -1;
	for (int sh = 0; sh <= 16; sh += 8)
		if (chan(base, sh) > reach) {
			reach = chan(base, sh);
			at = sh;
		}
	if (reach < MIN_REACH)
		return 0;
	double v = chan(x, at) / reach;
	if (v <= 0.005 || v >= 0.995)
		return 0;
	for (int sh = 0; sh <= 16; sh += 8) {
		double d = chan(x, sh) - chan(base, sh) * v;
		if (d > SLACK || d < -SLACK)
			return 0;
	}
	*f = v;
	return 1;
}

model_cmyk
render_colour_cmyk(const render_ctx *rc, uint32_t rgb)
{
	for (int k = 0; k < MODEL_COLOUR_COUNT; k++)
		if (rgb == rc->colour_rgb[k])
			return rc->colour_cmyk[k];
	double s;
	for (int k = 0; k < MODEL_COLOUR_COUNT; k++) {
		model_cmyk p = rc->colour_cmyk[k];
		if (is_tint(rgb, rc->colour_rgb[k], &s)) {
			model_cmyk t = {(float)(p.c * s), (float)(p.m * s),
			                (float)(p.y * s), (float)(p.k * s)};
			return t;
		}
	}
	for (int k = 0; k < MODEL_COLOUR_COUNT; k++) {
		model_cmyk p = rc->colour_cmyk[k];
		if (is_shade(rgb, rc->colour_rgb[k], &s)) {
			p.k = (float)(p.k + (1 - p.k) * (1 - s));
			return p;
		}
	}
	return model_cmyk_of_rgb(rgb, 0);
}

HPDF_STATUS
render_colour_fill(const render_ctx *rc, HPDF_Page page, uint32_t rgb)
{
	model_cmyk p = render_colour_cmyk(rc, rgb);
	return HPDF_Page_SetCMYKFill(page, p.c, p.m, p.y, p.k);
}

HPDF_STATUS
render_colour_stroke(const render_ctx *rc, HPDF_Page page, uint32_t rgb)
{
	model_cmyk p = render_colour_cmyk(rc, rgb);
	return HPDF_Page_SetCMYKStroke(page, p.c, p.m, p.y, p.k);
}
