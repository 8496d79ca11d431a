/* block_heading.c - headings: a destination, a bookmark, and lines that
 * stay with the block after them. */
#include <stdlib.h>
#include <string.h>

#include "layout/lstyle.h"
#include "layout/nav.h"

static void
add_outline(lflow *f, const char *title, int level, int dest)
{
	layout_doc *ld = f->ld;
	if (ld->noutlines == ld->capoutlines)
		ld->outlines = arena_xgrow(&ld->mem, ld->outlines, ld->noutlines, &ld->capoutlines,
		                ld->noutlines + 1, sizeof(*ld->outlines));
	layout_outline *o = &ld->outlines[ld->noutlines++];
	o->title = title;
	o->level = level;
	o->dest = dest;
}

void
layout_block_heading(lflow *f, const model_block *b, double x, double w)
{
	const model_heading *h = &b->u.heading;
	int lv = h->level - 1;
	lpara_style ps = lstyle(f, (lstyle_id)(LSTYLE_HEADING1 + lv));

	static const double before[] = {1.6, 1.3, 1.1};
	lspace(f, ps.size * before[lv]);
	size_t first = f->nslices;
	if (lpara(f, &h->text, &ps, x, w) == 0)
		return;
	lslice *s = &f->slices[first];
	char *plain = lplain_text(&h->text);
	const char *title = arena_strdup(&f->ld->mem, plain);
	free(plain);
	s->dest = lnav_dest(f);
	f->ld->dests[s->dest].id = b->id ? arena_strdup(&f->ld->mem, b->id)
	                                 : NULL;
	if (h->level == 1)
		s->chapter = title;
	add_outline(f, title, h->level, s->dest);
	f->slices[f->nslices - 1].keep_with_next = 1;
	lspace(f, ps.size * 0.45);
}
