/* flow.c - layout_document: fonts, blocks into slices, pagination,
 * decorations, headers and footers, links and bookmarks. */
#include <stdlib.h>
#include <string.h>

#include "layout/layout_internal.h"
#include "util/limits.h"

/* ---- slices and frames ---- */

lslice *
lslice_new(lflow *f, double height)
{
	if (f->nslices == f->capslices) {
		f->capslices = f->capslices ? f->capslices * 2 : 256;
		f->slices = xrealloc(f->slices, f->capslices * sizeof(*f->slices));
	}
	lslice *s = &f->slices[f->nslices++];
	memset(s, 0, sizeof(*s));
	s->height = height;
	s->space_before = f->pending_space;
	s->break_before = f->pending_break;
	s->frame = -1;
	s->dest = -1;
	f->pending_space = 0;
	f->pending_break = 0;
	return s;
}

layout_item *
lslice_item(lflow *f, lslice *s, layout_kind kind, layout_role role,
            src_pos pos)
{
	return lsink_push(f, lsink_slice(s), kind, role, pos);
}

void
lspace(lflow *f, double pt)
{
	if (pt > f->pending_space)
		f->pending_space = pt; /* spaces collapse, as margins do */
}

int
lframe_new(lflow *f, int is_box, double x, double w, uint32_t color,
           double pad_top, double pad_bottom, src_pos pos)
{
	if (f->nframes == f->capframes) {
		f->capframes = f->capframes ? f->capframes * 2 : 16;
		f->frames = xrealloc(f->frames, f->capframes * sizeof(*f->frames));
	}
	lframe *fr = &f->frames[f->nframes];
	fr->is_box = is_box;
	fr->x = x;
	fr->w = w;
	fr->color = color;
	fr->pad_top = pad_top;
	fr->pad_bottom = pad_bottom;
	fr->pos = pos;
	return (int)f->nframes++;
}

void
lblock(lflow *f, const model_block *b, double x, double w)
{
	static const lblock_fn fns[MODEL_BLOCK_COUNT] = {
#define BLOCK(kind, name, file) [kind] = layout_##file,
#include "model/blocks.def"
#undef BLOCK
	};
	size_t first = f->nslices;
	if (b->page_break_before)
		f->pending_break = 1;
	fns[b->kind](f, b, x, w);
	if (b->keep_together)
		for (size_t i = first; i + 1 < f->nslices; i++)
			f->slices[i].keep_with_next = 1;
}

/* ---- fonts ---- */

static void
open_stacks(lflow *f, const model_font_role *r, int role, text_fonts *fs)
{
	for (int st = 0; st < STYLE_COUNT; st++) {
		text_stack *s = &f->stacks[role][st];
		s->count = 0;
		for (int i = 0; i < r->count && i < TEXT_STACK_MAX; i++) {
			const model_family *fam = &r->families[i];
			const char *path = st == STYLE_BOLD     ? fam->bold
			                   : st == STYLE_ITALIC ? fam->italic
			                   : st == STYLE_BOLD_ITALIC
			                       ? fam->bold_italic
			                       : fam->regular;
			if (!path)
				continue;
			src_pos at = fam->at[st].line ? fam->at[st]
			             : fam->pos.line ? fam->pos : r->pos;
			text_font *font = text_fonts_open(fs, path, at, f->diags);
			if (font)
				s->fonts[s->count++] = font;
		}
		if (s->count == 0)
			f->failed = 1;
	}
}

/* ---- pages ---- */

static layout_page *
new_page(lflow *f)
{
	layout_doc *ld = f->ld;
	if (ld->npages == ld->cappages) {
		size_t cap = ld->cappages ? ld->cappages * 2 : 16;
		ld->pages = arena_grow(&ld->mem, ld->pages, ld->npages, cap,
		                       sizeof(layout_page));
		ld->cappages = cap;
	}
	layout_page *p = &ld->pages[ld->npages++];
	memset(p, 0, sizeof(*p));
	p->width = f->th->page_width;
	p->height = f->th->page_height;
	return p;
}

/* Place slice s with its top at y on page p (the last page). */
static void
place(lflow *f, lslice *s, double y)
{
	layout_doc *ld = f->ld;
	layout_page *p = &ld->pages[ld->npages - 1];
	lsink k = lsink_page(p);
	for (size_t i = 0; i < s->nitems; i++) {
		layout_item *it = lsink_push(f, k, s->items[i].kind,
		                             s->items[i].role, s->items[i].pos);
		*it = s->items[i];
		switch (it->kind) {
		case LITEM_TEXT:
			it->u.text.y += y;
			break;
		case LITEM_RECT:
			it->u.rect.y += y;
			break;
		case LITEM_LINE:
			it->u.line.y1 += y;
			it->u.line.y2 += y;
			break;
		case LITEM_LINK:
			it->u.link.y += y;
			break;
		}
	}
	if (s->dest >= 0) {
		ld->dests[s->dest].page = (int)ld->npages - 1;
		ld->dests[s->dest].y = y;
	}
}

/* A frame's extent on one page, to decorate once the page is full. */
typedef struct frame_span {
	int frame;
	size_t first_item; /* where to insert the decoration */
	double top, bottom;
	int starts, ends;  /* the frame starts / ends on this page */
} frame_span;

static void
decorate(lflow *f, layout_page *p, const frame_span *fs)
{
	const lframe *fr = &f->frames[fs->frame];
	double top = fs->top - (fs->starts ? fr->pad_top : 0);
	double bottom = fs->bottom + (fs->ends ? fr->pad_bottom : 0);
	/* Insert the decoration before the frame's items: drawn beneath. */
	lsink k = lsink_page(p);
	lsink_push(f, k, LITEM_RECT, "frame", fr->pos);
	layout_item it = p->items[p->nitems - 1];
	memmove(&p->items[fs->first_item + 1], &p->items[fs->first_item],
	        (p->nitems - 1 - fs->first_item) * sizeof(layout_item));
	memset(&it.u, 0, sizeof(it.u));
	if (fr->is_box) {
		it.role = "callout-box";
		it.u.rect.x = fr->x;
		it.u.rect.y = top;
		it.u.rect.w = fr->w;
		it.u.rect.h = bottom - top;
		it.u.rect.fill = 1;
		it.u.rect.fill_color = fr->color;
		it.u.rect.radius = 3;
	} else {
		it.role = "quote-bar";
		it.u.rect.x = fr->x;
		it.u.rect.y = top;
		it.u.rect.w = 2.5;
		it.u.rect.h = bottom - top;
		it.u.rect.fill = 1;
		it.u.rect.fill_color = fr->color;
	}
	p->items[fs->first_item] = it;
}

static void
paginate(lflow *f)
{
	layout_doc *ld = f->ld;
	const double top = ld->area_y, bottom = ld->area_y + ld->area_h;
	const double eps = 0.01;
	double y = top;
	int at_top = 1;
	frame_span cur = {-1, 0, 0, 0, 0, 0};

	new_page(f);
	for (size_t i = 0; i < f->nslices;) {
		/* The chain of slices that must stay on one page. */
		size_t j = i;
		double h = f->slices[i].height;
		while (j + 1 < f->nslices && f->slices[j].keep_with_next &&
		       !f->slices[j + 1].break_before) {
			j++;
			h += f->slices[j].space_before + f->slices[j].height;
		}
		int need_break = f->slices[i].break_before && !at_top;
		double sb = at_top ? 0 : f->slices[i].space_before;
		if (!at_top && y + sb + h > bottom + eps && h <= ld->area_h + eps)
			need_break = 1;
		size_t end = need_break ? i : j; /* place i..end now */
		if (need_break)
			end = i - 1; /* nothing: break first */
		for (size_t k = i; !need_break && k <= end; k++) {
			lslice *s = &f->slices[k];
			double space = at_top ? 0 : s->space_before;
			if (!at_top && y + space + s->height > bottom + eps) {
				/* A chain taller than a page: break inside it. */
				end = k - 1;
				need_break = 1;
				break;
			}
			if (at_top && s->height > ld->area_h + eps) {
				diag_warning(f->diags, DIAG_LAYOUT,
				             s->nitems ? s->items[0].pos : (src_pos){0},
				             "content %.0fpt tall does not fit on a "
				             "page (%.0fpt) and runs into the margin",
				             s->height, ld->area_h);
			}
			y += space;
			layout_page *p = &ld->pages[ld->npages - 1];
			if (s->frame != cur.frame) {
				if (cur.frame >= 0) {
					cur.ends = 1;
					decorate(f, p, &cur);
				}
				cur.frame = s->frame;
				cur.first_item = p->nitems;
				cur.top = y;
				cur.starts = 1;
				cur.ends = 0;
			}
			place(f, s, y);
			y += s->height;
			cur.bottom = y;
			at_top = 0;
		}
		if (need_break) {
			layout_page *p = &ld->pages[ld->npages - 1];
			if (cur.frame >= 0) {
				cur.ends = 0;
				decorate(f, p, &cur);
			}
			if ((long)ld->npages >= LIMIT_PAGES) {
				diag_error(f->diags, DIAG_LIMIT, f->doc->blocks.count
				           ? f->doc->blocks.items[0].pos : (src_pos){0},
				           "the document would have more than %d pages",
				           LIMIT_PAGES);
				f->failed = 1;
				return;
			}
			new_page(f);
			y = top;
			at_top = 1;
			if (cur.frame >= 0) {
				cur.first_item = 0;
				cur.top = y;
				cur.starts = 0;
			}
			i = end + 1;
			continue;
		}
		i = j + 1;
	}
	if (cur.frame >= 0) {
		cur.ends = 1;
		decorate(f, &ld->pages[ld->npages - 1], &cur);
	}
}

/* ---- headers and footers ---- */

/* Expand {title}, {chapter}, {page} and {pages} in template t. */
static char *
expand(const char *t, const char *title, const char *chapter, size_t page,
       size_t pages)
{
	buf b;
	buf_init(&b);
	for (const char *p = t; *p;) {
		if (strncmp(p, "{title}", 7) == 0) {
			buf_puts(&b, title ? title : "");
			p += 7;
		} else if (strncmp(p, "{chapter}", 9) == 0) {
			buf_puts(&b, chapter ? chapter : "");
			p += 9;
		} else if (strncmp(p, "{page}", 6) == 0) {
			buf_printf(&b, "%zu", page);
			p += 6;
		} else if (strncmp(p, "{pages}", 7) == 0) {
			buf_printf(&b, "%zu", pages);
			p += 7;
		} else {
			buf_putc(&b, *p++);
		}
	}
	return buf_detach(&b);
}

static void
zone(lflow *f, layout_page *p, const model_zone *z, double y,
     layout_role role, const char *chapter, size_t page)
{
	const model_theme *th = f->th;
	const char *t[3] = {z->left, z->center, z->right};
	const text_align al[3] = {TEXT_ALIGN_LEFT, TEXT_ALIGN_CENTER,
	                          TEXT_ALIGN_RIGHT};
	for (int i = 0; i < 3; i++) {
		if (!t[i])
			continue;
		char *s = expand(t[i], f->doc->title, chapter, page,
		                 f->ld->npages);
		if (*s)
			lplain_line(f, lsink_page(p), s, ROLE_BODY, 0, th->size_small,
			            th->color_muted, f->ld->area_x, f->ld->area_w,
			            al[i], y, role, z->pos);
		free(s);
	}
}

static void
headers_footers(lflow *f, const char **chapters)
{
	const model_theme *th = f->th;
	layout_doc *ld = f->ld;
	double header_y = th->margin_top * 0.5;
	double footer_y = th->page_height - th->margin_bottom * 0.45;
	for (size_t i = 0; i < ld->npages; i++) {
		layout_page *p = &ld->pages[i];
		/* The first page opens with the title: no running header. */
		if (i > 0 && (th->header.left || th->header.center ||
		              th->header.right)) {
			zone(f, p, &th->header, header_y, "header", chapters[i], i + 1);
			layout_item *rule = lsink_push(f, lsink_page(p), LITEM_LINE,
			                               "header-rule", th->header.pos);
			rule->u.line.x1 = ld->area_x;
			rule->u.line.x2 = ld->area_x + ld->area_w;
			rule->u.line.y1 = rule->u.line.y2 = header_y + 5;
			rule->u.line.color = th->color_muted;
			rule->u.line.width = 0.4;
		}
		zone(f, p, &th->footer, footer_y, "footer", chapters[i], i + 1);
	}
}

/* ---- links ---- */

static int
find_dest(const layout_doc *ld, const char *id)
{
	for (size_t i = 0; i < ld->ndests; i++)
		if (ld->dests[i].id && strcmp(ld->dests[i].id, id) == 0)
			return (int)i;
	return -1;
}

/* Turn "#id" URIs into internal links; an unknown id is an error. */
static void
resolve_links(lflow *f)
{
	layout_doc *ld = f->ld;
	for (size_t p = 0; p < ld->npages; p++) {
		for (size_t i = 0; i < ld->pages[p].nitems; i++) {
			layout_item *it = &ld->pages[p].items[i];
			if (it->kind != LITEM_LINK || !it->u.link.uri ||
			    it->u.link.uri[0] != '#')
				continue;
			int d = find_dest(ld, it->u.link.uri + 1);
			if (d < 0) {
				diag_error(f->diags, DIAG_LINK, it->pos,
				           "the link goes to '%s', but no heading has the "
				           "id '%s'", it->u.link.uri, it->u.link.uri + 1);
				diag_note(f->diags, "give the heading 'id: %s'",
				          it->u.link.uri + 1);
				f->failed = 1;
				continue;
			}
			it->u.link.dest = d;
			it->u.link.uri = NULL;
		}
	}
}

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
                diag_list *diags)
{
	*out = NULL;
	layout_doc *ld = xcalloc(1, sizeof(*ld));
	arena_init(&ld->mem);
	lflow f;
	memset(&f, 0, sizeof(f));
	f.ld = ld;
	f.doc = doc;
	f.th = &doc->theme;
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

	open_stacks(&f, &th->body, ROLE_BODY, fs);
	open_stacks(&f, &th->heading, ROLE_HEADING, fs);
	if (f.failed)
		goto done;

	title_block(&f);
	for (size_t i = 0; i < doc->blocks.count; i++)
		lblock(&f, &doc->blocks.items[i], ld->area_x, ld->area_w);
	if (f.failed || diags->errors > errors)
		goto done;

	paginate(&f);
	if (f.failed)
		goto done;

	/* {chapter} on each page: the first h1 that starts on it, or else
	 * the chapter still running from an earlier page. */
	const char **chapters = xcalloc(ld->npages, sizeof(*chapters));
	const char **first = xcalloc(ld->npages, sizeof(*first));
	for (size_t s = 0; s < f.nslices; s++) {
		const lslice *sl = &f.slices[s];
		if (sl->chapter && sl->dest >= 0) {
			size_t pg = (size_t)ld->dests[sl->dest].page;
			if (!first[pg])
				first[pg] = sl->chapter;
			chapters[pg] = sl->chapter; /* the last one, carried on */
		}
	}
	const char *running = NULL;
	for (size_t pg = 0; pg < ld->npages; pg++) {
		const char *last = chapters[pg];
		chapters[pg] = first[pg] ? first[pg] : running;
		if (last)
			running = last;
	}
	free(first);
	headers_footers(&f, chapters);
	free(chapters);
	resolve_links(&f);

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
