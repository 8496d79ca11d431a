/* document.c - layout_document: the title block, then blocks, pages,
 * running heads and links. */
#include <stdlib.h>
#include <string.h>

#include "layout/layout_internal.h"
#include "util/limits.h"

/* ---- the title block ---- */

static void
title_block(lflow *f)
{
	const model_doc *doc = f->doc;
	const model_theme *th = f->th;
	if (!doc->title)
		return;
	lpara_style ps;
	memset(&ps, 0, sizeof(ps));
	ps.role = ROLE_HEADING;
	ps.base_style = MODEL_BOLD;
	ps.size = th->size_heading[0] * 1.35;
	ps.line_height = 1.15;
	ps.color = th->color_primary;
	ps.align = TEXT_ALIGN_LEFT;
	ps.role_name = "title";
	ps.keep_lines = 1;
	ps.frame = -1;
	model_inline run = {doc->title, strlen(doc->title), 0, NULL, 0,
	                    th->pos};
	model_text t = {&run, 1, th->pos};
	lpara(f, &t, &ps, f->ld->area_x, f->ld->area_w);
	if (doc->subtitle) {
		ps.role = ROLE_BODY;
		ps.base_style = 0;
		ps.size = th->size_heading[1];
		ps.line_height = 1.3;
		ps.color = th->color_muted;
		ps.role_name = "subtitle";
		model_inline sr = {doc->subtitle, strlen(doc->subtitle), 0, NULL,
		                   0, th->pos};
		model_text st = {&sr, 1, th->pos};
		lspace(f, 4);
		lpara(f, &st, &ps, f->ld->area_x, f->ld->area_w);
	}
	lspace(f, 10);
	lslice *s = lslice_new(f, 3);
	layout_item *r = lslice_item(f, s, LITEM_RECT, "title-rule", th->pos);
	r->u.rect.x = f->ld->area_x;
	r->u.rect.y = 0;
	r->u.rect.w = 48;
	r->u.rect.h = 3;
	r->u.rect.fill = 1;
	r->u.rect.fill_color = th->color_accent;
	lspace(f, th->size_body * 2.2);
}

/* ---- the whole document ---- */

int
layout_document(layout_doc **out, const model_doc *doc, text_fonts *fs,
                const layout_options *opts, diag_list *diags)
{
	*out = NULL;
	layout_doc *ld = xcalloc(1, sizeof(*ld));
	arena_init(&ld->mem);
	lflow f;
	memset(&f, 0, sizeof(f));
	f.ld = ld;
	f.doc = doc;
	f.th = &doc->theme;
	if (opts)
		f.opts = *opts;
	f.diags = diags;
	size_t errors = diags->errors;

	const model_theme *th = &doc->theme;
	ld->area_x = th->margin_left;
	ld->area_y = th->margin_top;
	ld->area_w = th->page_width - th->margin_left - th->margin_right;
	ld->area_h = th->page_height - th->margin_top - th->margin_bottom;
	ld->meta.title = doc->title;
	ld->meta.subtitle = doc->subtitle;
	ld->meta.author = doc->author;
	ld->meta.subject = doc->subject;
	ld->meta.keywords = doc->keywords;
	ld->meta.lang = doc->lang;
	ld->meta.creator = "carec-report " CAREC_VERSION;

	lopen_stacks(&f, &th->body, ROLE_BODY, fs);
	lopen_stacks(&f, &th->heading, ROLE_HEADING, fs);
	if (f.failed)
		goto done;

	title_block(&f);
	for (size_t i = 0; i < doc->blocks.count; i++)
		lblock(&f, &doc->blocks.items[i], ld->area_x, ld->area_w);
	if (f.failed || diags->errors > errors)
		goto done;

	lpaginate(&f);
	if (f.failed)
		goto done;

	lchrome(&f);
	lresolve_links(&f);

done:
	free(f.slices);
	free(f.frames);
	free(f.links);
	if (f.failed || diags->errors > errors) {
		layout_free(ld);
		return -1;
	}
	*out = ld;
	return 0;
}

void
layout_free(layout_doc *ld)
{
	if (!ld)
		return;
	arena_free(&ld->mem);
	free(ld);
}
