/* theme_colours.c - the theme's named colours ('colours:'): each an RGB
 * for the screen, and beside it the CMYK that --print writes, given by
 * the theme or made from the RGB by the rule below. The YAML is described
 * in docs/templates.md ("Colours for print"). */
#include <stdio.h>
#include <string.h>

#include "model/model_internal.h"

/* The most ink a colour may put down, C+M+Y+K in percent: the limit of
 * the print condition the print PDF declares (FOGRA39, coated offset,
 * data/colour/README.md). */
#define TOTAL_INK_MAX 330

/* A grey: its channels lie this close (of 255, about 10 %) together; a
 * blue-grey such as #5f6b70 (17 apart) is one. */
#define GREY_SPREAD 24
/* Black at least this strong prints as solid black (100 % K): type set in
 * 80-99 % black looks no different, and a plate of solid black registers
 * with nothing. */
#define NEAR_BLACK_K 0.80f

static const char *const colour_keys[] = {"rgb", "cmyk", NULL};

static float
whole_percent(double v)
{
	if (v < 0)
		v = 0;
	if (v > 1)
		v = 1;
	return (float)(int)(v * 100 + 0.5) / 100;
}

model_cmyk
model_cmyk_of_rgb(uint32_t rgb, int text)
{
	double r = ((rgb >> 16) & 0xff) / 255.0,
	       g = ((rgb >> 8) & 0xff) / 255.0, b = (rgb & 0xff) / 255.0;
	double hi = r > g ? r : g, lo = r < g ? r : g;
	hi = b > hi ? b : hi;
	lo = b < lo ? b : lo;
	model_cmyk out = {0, 0, 0, 0};
	if (text || (hi - lo) * 255 <= GREY_SPREAD ||
	    ((hi - lo) * 255 <= 2 * GREY_SPREAD && 1 - hi >= NEAR_BLACK_K)) {
		/* Black only: as dark as the colour's luminance (Rec. 709). */
		double k = 1 - (0.2126 * r + 0.7152 * g + 0.0722 * b);
		out.k = k >= NEAR_BLACK_K ? 1.0f : whole_percent(k);
		return out;
	}
	double k = 1 - hi;
	out.c = whole_percent((1 - r - k) / (1 - k));
	out.m = whole_percent((1 - g - k) / (1 - k));
	out.y = whole_percent((1 - b - k) / (1 - k));
	out.k = whole_percent(k);
	return out;
}

/* 'cmyk: [C, M, Y, K]' in percent into *out. Return 0, or -1 after an
 * error. */
static int
parse_cmyk(model_ctx *c, const node *n, int text, model_cmyk *out)
{
	if (mexpect_seq(c, n,
	                "four percentages [C, M, Y, K] such as "
	                "[90, 20, 80, 20]") != 0) {
		diag_note(c->diags, "write the inks as a list in square "
		                    "brackets: cmyk: [90, 20, 80, 20]");
		return -1;
	}
	if (n->nitems != 4) {
		diag_error(
		        c->diags, DIAG_VALUE, n->pos,
		        "a print colour has four values, cyan, magenta, yellow "
		        "and black; this one has %zu",
		        n->nitems);
		diag_note(c->diags,
		          "write them in percent: cmyk: [90, 20, 80, 20]");
		return -1;
	}
	static const char *const ink[4] = {"cyan", "magenta", "yellow",
	                                   "black"};
	double v[4], total = 0;
	for (size_t i = 0; i < 4; i++) {
		const node *e = n->items[i];
		size_t len = e->kind == NODE_SCALAR ? strlen(e->str) : 0;
		if (len > 1 && e->str[len - 1] == '%') {
			diag_error(c->diags, DIAG_TYPE, e->pos,
			           "expected a number, got '%s'", e->str);
			diag_note(c->diags,
			          "cmyk values are percent already: write "
			          "them without the %% sign, [90, 20, 80, "
			          "20]");
			return -1;
		}
		if (mget_number(c, e, -1e9, 1e9, &v[i]) != 0) {
			diag_note(c->diags, "each of C, M, Y and K is a number "
			                    "of percent, from 0 to 100");
			return -1;
		}
		if (v[i] < 0 || v[i] > 100) {
			diag_error(c->diags, DIAG_VALUE, e->pos,
			           "%s %s%% is not a percentage of ink", ink[i],
			           e->str);
			diag_note(c->diags,
			          "each of C, M, Y and K is from 0 to 100 "
			          "(percent, without the %% sign)");
			return -1;
		}
		total += v[i];
	}
	if (total > TOTAL_INK_MAX) {
		diag_error(c->diags, DIAG_VALUE, n->pos,
		           "this colour puts %g%% of ink on the paper; coated "
		           "offset (FOGRA39) takes at most %d%%",
		           total, TOTAL_INK_MAX);
		diag_note(c->diags,
		          "lower cyan, magenta or yellow until the four "
		          "add up to %d or less",
		          TOTAL_INK_MAX);
		return -1;
	}
	if (text && (v[0] > 0 || v[1] > 0 || v[2] > 0)) {
		diag_error(c->diags, DIAG_VALUE, n->pos,
		           "the text colour prints in black ink only, but this "
		           "one "
		           "has cyan, magenta or yellow");
		diag_note(c->diags,
		          "body text in four inks blurs when the plates "
		          "shift; write cmyk: [0, 0, 0, 100]");
		return -1;
	}
	out->c = (float)(v[0] / 100);
	out->m = (float)(v[1] / 100);
	out->y = (float)(v[2] / 100);
	out->k = (float)(v[3] / 100);
	return 0;
}

/* Colour k as the theme writes it, n: "#rrggbb", or a map of rgb: and
 * cmyk:. */
static void
parse_colour(model_ctx *c, const node *n, model_colour k, model_theme *t)
{
	int text = k == MODEL_COLOUR_TEXT;
	uint32_t v;
	if (n->kind != NODE_MAP) {
		if (mget_colour(c, n, &v) == 0) {
			*mtheme_colour_ref(t, k) = v;
			t->cmyk[k] = model_cmyk_of_rgb(v, text);
		}
		return;
	}
	char where[64];
	snprintf(where, sizeof(where), "in the colour '%s'",
	         model_colour_names[k]);
	mcheck_keys(c, n, colour_keys, where);
	const node *r = node_get(n, "rgb"), *cm = node_get(n, "cmyk");
	if (!r) {
		char what[64];
		snprintf(what, sizeof(what), "the colour '%s'",
		         model_colour_names[k]);
		mmissing(c, n, "rgb", colour_keys, what,
		         "rgb: \"#0b6e4f\" (the colour on screen)");
		return;
	}
	if (mget_colour(c, r, &v) != 0)
		return;
	model_cmyk p;
	if (!cm) {
		p = model_cmyk_of_rgb(v, text);
	} else if (parse_cmyk(c, cm, text, &p) != 0) {
		return;
	}
	*mtheme_colour_ref(t, k) = v;
	t->cmyk[k] = p;
}

void
mtheme_colours_defaults(model_theme *t)
{
	for (int k = 0; k < MODEL_COLOUR_COUNT; k++)
		t->cmyk[k] = model_cmyk_of_rgb(
		        model_theme_colour(t, (model_colour)k),
		        k == MODEL_COLOUR_TEXT);
}

void
mtheme_colours_parse(model_ctx *c, const node *n, model_theme *t)
{
	if (!n || mexpect_map(c, n, "the colours") != 0)
		return;
	mcheck_keys(c, n, model_colour_names, "in the colours");
	for (int k = 0; k < MODEL_COLOUR_COUNT; k++) {
		const node *s = node_get(n, model_colour_names[k]);
		if (s)
			parse_colour(c, s, (model_colour)k, t);
	}
}
