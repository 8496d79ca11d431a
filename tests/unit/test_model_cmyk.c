/* Unit test of the theme's print colours (src/model/theme_colours.c):
 * "#rrggbb" and {rgb:, cmyk:} both read, the rule for a colour given in
 * RGB only, and the text colour always in black ink alone. */
#include "harness.h"
#include "model_fixture.h"

#define EPS 0.001

static void
check_cmyk(model_cmyk p, double c, double m, double y, double k)
{
	CHECK_NEAR(p.c, c, EPS);
	CHECK_NEAR(p.m, m, EPS);
	CHECK_NEAR(p.y, y, EPS);
	CHECK_NEAR(p.k, k, EPS);
}

TEST(rule_greys_print_in_black_only)
{
	check_cmyk(model_cmyk_of_rgb(0xffffff, 0), 0, 0, 0, 0);
	check_cmyk(model_cmyk_of_rgb(0x000000, 0), 0, 0, 0, 1);
	/* 50 % grey: luminance 0.5, so half black, and no other ink. */
	check_cmyk(model_cmyk_of_rgb(0x808080, 0), 0, 0, 0, 0.50);
	/* A grey with a tint of blue (channels 17 apart) is still a grey. */
	check_cmyk(model_cmyk_of_rgb(0x5f6b70, 0), 0, 0, 0, 0.59);
	/* 26 apart is a colour: cyan and black. */
	model_cmyk slate = model_cmyk_of_rgb(0x5a6b74, 0);
	CHECK(slate.c > 0.2 && slate.k > 0.5 && slate.y == 0);
}

TEST(rule_near_black_is_solid_black)
{
	/* Dark and nearly neutral (spread 20, 82 % dark): solid black. */
	check_cmyk(model_cmyk_of_rgb(0x1a1f2e, 0), 0, 0, 0, 1);
	/* The default text colour, as text, prints as 100 % K. */
	check_cmyk(model_cmyk_of_rgb(0x1f2a2e, 1), 0, 0, 0, 1);
	/* A text colour that is a colour still prints in black alone. */
	model_cmyk blue = model_cmyk_of_rgb(0x1f3a8e, 1);
	check_cmyk(blue, 0, 0, 0, blue.k);
	CHECK(blue.k > 0.7 && blue.k < 0.8);
}

TEST(rule_colours_from_rgb)
{
	/* Pure red: full magenta and yellow, no cyan, no black. */
	check_cmyk(model_cmyk_of_rgb(0xff0000, 0), 0, 1, 1, 0);
	/* #0b6e4f: K = 1 - 110/255, the rest over (1 - K), whole percent. */
	check_cmyk(model_cmyk_of_rgb(0x0b6e4f, 0), 0.90, 0, 0.28, 0.57);
}

TEST(theme_reads_both_forms)
{
	diag_list d;
	arena a;
	model_doc *doc = build("document:\n  title: T\n"
	                       "theme:\n  colours:\n"
	                       "    primary: {rgb: \"#0b6e4f\", cmyk: [90, 20, "
	                       "80, 30]}\n"
	                       "    accent: \"#ff0000\"\n"
	                       "    muted:\n      rgb: \"#808080\"\n"
	                       "content:\n  - paragraph: Hi.\n",
	                       &d, &a);
	CHECK(doc && d.errors == 0);
	if (doc) {
		const model_theme *t = &doc->theme;
		CHECK(t->color_primary == 0x0b6e4f);
		check_cmyk(t->cmyk[MODEL_COLOUR_PRIMARY], 0.90, 0.20, 0.80,
		           0.30);
		CHECK(t->color_accent == 0xff0000);
		check_cmyk(t->cmyk[MODEL_COLOUR_ACCENT], 0, 1, 1, 0);
		CHECK(t->color_muted == 0x808080);
		check_cmyk(t->cmyk[MODEL_COLOUR_MUTED], 0, 0, 0, 0.50);
		/* Not in the theme: the default text colour, solid black. */
		check_cmyk(t->cmyk[MODEL_COLOUR_TEXT], 0, 0, 0, 1);
	}
	done(doc, &d, &a);
}

TEST(bad_print_colour_keeps_the_default)
{
	diag_list d;
	arena a;
	model_doc *doc = build("document:\n  title: T\n"
	                       "theme:\n  colours:\n"
	                       "    primary: {rgb: \"#123456\", cmyk: [1, 2]}\n"
	                       "content:\n  - paragraph: Hi.\n",
	                       &d, &a);
	CHECK(d.errors == 1);
	done(doc, &d, &a);
}

int
main(void)
{
	RUN(rule_greys_print_in_black_only);
	RUN(rule_near_black_is_solid_black);
	RUN(rule_colours_from_rgb);
	RUN(theme_reads_both_forms);
	RUN(bad_print_colour_keeps_the_default);
	return harness_done();
}
