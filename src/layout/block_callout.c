/* block_callout.c - a tinted box with an optional title. */
#include <string.h>

#include "layout/layout_internal.h"

void
layout_block_callout(lflow *f, const model_block *b, double x, double w)
{
	const model_theme *th = f->th;
	const model_callout *co = &b->u.callout;
	double pad = 10;
	lpara_style ps;
	memset(&ps, 0, sizeof(ps));
	ps.role = ROLE_BODY;
	ps.size = th->size_body;
	ps.line_height = th->line_height;
	ps.color = th->color_text;
	ps.align = TEXT_ALIGN_LEFT;
	ps.hyphenate = 1;
	ps.frame = lframe_new(f, 1, x, w, th->color_tint, pad, pad, b->pos);
	lspace(f, th->paragraph_space + pad);
	if (co->title.nruns) {
		ps.role = ROLE_HEADING;
		ps.base_style = MODEL_BOLD;
		ps.color = th->color_primary;
		ps.role_name = "callout-title";
		ps.keep_lines = 1;
		size_t n = lpara(f, &co->title, &ps, x + pad, w - 2 * pad);
		if (n)
			f->slices[f->nslices - 1].keep_with_next = 1;
		ps.role = ROLE_BODY;
		ps.base_style = 0;
		ps.color = th->color_text;
		ps.keep_lines = 0;
	}
	ps.role_name = "callout";
	lpara(f, &co->text, &ps, x + pad, w - 2 * pad);
	lspace(f, th->paragraph_space + pad);
}
