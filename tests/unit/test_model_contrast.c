/* Unit test of the theme's contrast check (src/model/theme_contrast.c):
 * WCAG 2's ratio, the thresholds for normal and large text, and which
 * pairs are reported: only those of colours the theme sets, and only
 * once its colours are read without an error. */
#include <string.h>

#include "harness.h"
#include "model_fixture.h"

#define EPS 0.01

TEST(ratio_is_wcag_2s)
{
	CHECK_NEAR(model_contrast(0x000000, 0xffffff), 21.0, EPS);
	CHECK_NEAR(model_contrast(0xffffff, 0x000000), 21.0, EPS);
	CHECK_NEAR(model_contrast(0x777777, 0x777777), 1.0, EPS);
	/* #767676 is the lightest grey that reads on white at 4.5:1. */
	CHECK(model_contrast(0x767676, 0xffffff) >= 4.5);
	CHECK(model_contrast(0x777777, 0xffffff) < 4.5);
	/* The back cover's gold on green before issue 18. */
	CHECK_NEAR(model_contrast(0xd99a1e, 0x0b6e4f), 2.56, EPS);
}

/* The number of contrast warnings for a theme's lines. */
static size_t
warnings(const char *theme, size_t *errors)
{
	char yaml[1024];
	snprintf(yaml, sizeof(yaml),
	         "document:\n  title: T\ntheme:\n%scontent:\n"
	         "  - paragraph: Hi.\n",
	         theme);
	diag_list d;
	arena a;
	model_doc *doc = build(yaml, &d, &a);
	size_t n = 0;
	for (size_t i = 0; i < d.count; i++)
		if (strstr(d.items[i].message, "has a contrast of"))
			n++;
	*errors = d.errors;
	done(doc, &d, &a);
	return n;
}

TEST(pairs_the_theme_sets)
{
	size_t e;
	/* The defaults alone: nothing said. */
	CHECK(warnings("  page: {size: A4}\n", &e) == 0 && e == 0);
	/* A grey caption colour at 8 pt: on the page and on the tint. */
	CHECK(warnings("  colours: {muted: \"#a0a8ab\"}\n", &e) == 2 && e == 0);
	/* #8a8a8a on white is 3.45:1: too little for 8 pt captions, enough
	 * for headings (15 pt bold, large) when primary. */
	CHECK(warnings("  colours: {primary: \"#8a8a8a\"}\n", &e) > 0);
	size_t heads = 0;
	{
		const char *yaml = "document:\n  title: T\ntheme:\n  colours:\n"
		                   "    primary: \"#8a8a8a\"\ncontent:\n"
		                   "  - paragraph: Hi.\n";
		diag_list d;
		arena a;
		model_doc *doc = build(yaml, &d, &a);
		for (size_t i = 0; i < d.count; i++)
			if (strncmp(d.items[i].message, "headings:", 9) == 0)
				heads++;
		done(doc, &d, &a);
	}
	CHECK(heads == 0);
	/* Large text needs 3:1: the cover title (46 pt bold) passes at
	 * 3.79:1 on the default green, and not at 2.36:1. */
	CHECK(warnings("  cover: {title-colour: \"#9ad6bc\"}\n", &e) == 0);
	CHECK(warnings("  cover: {title-colour: \"#5fae8e\"}\n", &e) == 1);
	/* A colour that does not parse: no contrast said, only its error. */
	CHECK(warnings("  colours: {muted: \"#a0a8a\"}\n", &e) == 0 && e == 1);
}

int
main(void)
{
	RUN(ratio_is_wcag_2s);
	RUN(pairs_the_theme_sets);
	return harness_done();
}
