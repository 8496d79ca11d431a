/* theme_paragraphs.c - the theme's 'paragraphs:' section: how many lines
 * of a paragraph stay together where a page or column breaks it.
 *
 *   paragraphs:
 *     orphans: 3   # at least 3 lines at the foot of a page or column
 *     widows: 2    # at least 2 lines at the head of the next
 *
 * Layout (src/layout/para.c) keeps the first 'orphans' lines and the
 * last 'widows' lines of each paragraph together; a paragraph shorter
 * than both together is never split. */
#include "model/model_internal.h"

/* More lines than this kept together would push whole paragraphs to the
 * next page and leave pages half empty. */
#define MOST_LINES 5

static const char *const keys[] = {"orphans", "widows", NULL};

void
mtheme_paragraphs_defaults(model_theme *t)
{
	/* Two lines each way: what every report gets without asking. */
	t->orphans = 2;
	t->widows = 2;
}

/* One count, with a note on what it means when it is out of range. */
static void
parse_lines(model_ctx *c, const node *n, const char *where, int *out)
{
	long v;
	if (mget_int(c, n, 1, MOST_LINES, &v) == 0) {
		*out = (int)v;
		return;
	}
	if (n->kind == NODE_SCALAR)
		diag_note(c->diags,
		          "the fewest lines of a paragraph kept together "
		          "at the %s; 2 is usual, 3 for a calmer page, "
		          "1 lets a single line stand alone",
		          where);
}

void
mtheme_paragraphs_parse(model_ctx *c, const node *n, model_theme *t)
{
	if (!n || mexpect_map(c, n,
	                      "the paragraph settings (orphans, "
	                      "widows)") != 0)
		return;
	mcheck_keys(c, n, keys, "in the theme's paragraph settings");
	const node *v;
	if ((v = node_get(n, "orphans")))
		parse_lines(c, v, "foot of a page or column", &t->orphans);
	if ((v = node_get(n, "widows")))
		parse_lines(c, v, "head of a page or column", &t->widows);
}
