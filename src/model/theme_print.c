/* theme_print.c - the theme's 'print:' section: what the PDF for the
 * print shop (--print) adds around each page: the bleed, the crop and
 * fold marks, the slug, and whether the document is a saddle-stitched
 * booklet. The defaults print every report as a print shop expects. */
#include <string.h>

#include "model/model_internal.h"

#define MM (72.0 / 25.4)

/* A print shop asks for 3 mm (some 5 mm); more than 10 mm is a mistake
 * (a page size, a margin), and would push the marks far out. */
#define BLEED_MAX (10 * MM)

static const char *const print_keys[] = {"bleed", "marks", "slug", "booklet",
                                         NULL};

void
mtheme_print_defaults(model_print *p)
{
	memset(p, 0, sizeof(*p));
	p->bleed = 3 * MM;
	p->marks = 1;
	p->slug = 1;
}

void
mtheme_print_parse(model_ctx *c, const node *n, model_print *p)
{
	if (!n)
		return;
	p->pos = n->pos;
	if (mexpect_map(c, n,
	                "the print settings (bleed, marks, slug, "
	                "booklet)") != 0)
		return;
	mcheck_keys(c, n, print_keys, "in the print settings");
	const node *v;
	double bleed;
	if ((v = node_get(n, "bleed")) &&
	    mget_length(c, v, 0, 1000 * MM, &bleed) == 0) {
		if (bleed > BLEED_MAX + 1e-9) {
			diag_error(c->diags, DIAG_VALUE, v->pos,
			           "a bleed of %s is more than a print shop "
			           "trims off",
			           v->str);
			diag_note(c->diags,
			          "the bleed is how far colour runs past "
			          "the page edge: write 3mm (what most "
			          "print shops ask for) or 5mm; at most "
			          "10mm");
		} else {
			p->bleed = bleed;
		}
	}
	if ((v = node_get(n, "marks")))
		mget_bool(c, v, &p->marks);
	if ((v = node_get(n, "slug")))
		mget_bool(c, v, &p->slug);
	if ((v = node_get(n, "booklet")) && mget_bool(c, v, &p->booklet) == 0)
		p->booklet_pos = v->pos;
}
