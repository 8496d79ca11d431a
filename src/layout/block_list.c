/* block_list.c - bullet and numbered lists, nested. */
#include <stdio.h>
#include <string.h>

#include "layout/layout_internal.h"

static void
list(lflow *f, const model_list *l, double x, double w, int depth)
{
	const model_theme *th = f->th;
	static const char *const bullets[] = {"\xE2\x80\xA2", "\xE2\x80\x93",
	                                      "\xE2\x80\xA2"}; /* • – • */
	double indent = th->size_body * 1.6;
	for (size_t i = 0; i < l->count; i++) {
		const model_list_item *it = &l->items[i];
		lpara_style ps;
		memset(&ps, 0, sizeof(ps));
		ps.role = ROLE_BODY;
		ps.size = th->size_body;
		ps.line_height = th->line_height;
		ps.color = th->color_text;
		ps.align = TEXT_ALIGN_LEFT;
		ps.hyphenate = 1;
		ps.role_name = "list-item";
		ps.frame = -1;
		size_t first = f->nslices;
		if (lpara(f, &it->text, &ps, x + indent, w - indent) > 0) {
			/* The marker sits on the first line's baseline, right-
			 * aligned in the indent. */
			lslice *s = &f->slices[first];
			double base = 0;
			for (size_t k = 0; k < s->nitems; k++)
				if (s->items[k].kind == LITEM_TEXT) {
					base = s->items[k].u.text.y;
					break;
				}
			char marker[32];
			if (l->numbered)
				snprintf(marker, sizeof(marker), "%d.",
				         l->start + (int)i);
			else
				snprintf(marker, sizeof(marker), "%s",
				         bullets[(depth - 1) % 3]);
			lplain_line(f, lsink_slice(s), marker, ROLE_BODY,
			            l->numbered ? 0 : MODEL_BOLD, th->size_body,
			            th->color_primary, x, indent * 0.7,
			            TEXT_ALIGN_RIGHT, base, "list-marker", it->pos);
		}
		if (it->sub)
			list(f, it->sub, x + indent, w - indent, depth + 1);
		lspace(f, th->paragraph_space * 0.4);
	}
}

void
layout_block_list(lflow *f, const model_block *b, double x, double w)
{
	list(f, &b->u.list, x, w, 1);
	lspace(f, f->th->paragraph_space);
}
