/* document.c - layout_document: the title block, then blocks, pages,
 * covers, numbering, running heads and links; as many passes as the
 * table of contents needs to show exact page numbers. */
#include <stdlib.h>
#include <string.h>

#include "layout/lstyle.h"
#include "layout/nav.h"
#include "util/limits.h"

/* ---- the title block ---- */

/* The masthead's logo (theme 'masthead: {logo: true}'): 13 mm tall. */
#define MASTHEAD_LOGO_H (13 * 72.0 / 25.4)

static void
title_block(lflow *f)
{
	const model_doc *doc = f->doc;
	const model_theme *th = f->th;
	if (!doc->title)
		return;
	/* The masthead's logo, as a '- logo' block would draw it (checked,
	 * embedded and tagged the same way), above the title. */
	if (th->masthead_logo) {
		model_block lb;
		memset(&lb, 0, sizeof(lb));
		lb.kind = MODEL_LOGO;
		lb.pos = th->masthead_pos;
		lb.u.logo.align = MODEL_ALIGN_LEFT;
		lb.u.logo.height = MASTHEAD_LOGO_H;
		lb.u.logo.path_pos = th->masthead_pos;
		lblock(f, &lb, f->ld->area_x, f->ld->area_w);
		lspace(f, 14);
	}
	lpara_style ps = lstyle(f, LSTYLE_TITLE);
	uint32_t was = lstruct_enter(f, LTAG_H1);
	model_inline run = {doc->title,     strlen(doc->title), 0, NULL, 0,
	                    doc->title_pos, doc->title_verbatim, NULL};
	model_text t = {&run, 1, doc->title_pos};
	lpara(f, &t, &ps, f->ld->area_x, f->ld->area_w);
	if (doc->subtitle) {
		ps = lstyle(f, LSTYLE_SUBTITLE);
		model_inline sr = {
		        doc->subtitle,     strlen(doc->subtitle), 0, NULL, 0,
		        doc->subtitle_pos, doc->subtitle_verbatim, NULL};
		model_text st = {&sr, 1, doc->subtitle_pos};
		f->snode = lstruct_new(f, LTAG_P, was);
		lspace(f, 4);
		lpara(f, &st, &ps, f->ld->area_x, f->ld->area_w);
	}
	f->snode = was;
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

/* ---- the top-level blocks ---- */

const model_block *
lblocks_at(const lblocks *bl, size_t i)
{
	return i < bl->all->count ? &bl->all->items[i] : NULL;
}

src_pos
lblocks_first_pos(const lblocks *bl)
{
	return bl->all->count ? bl->all->items[0].pos : (src_pos){0};
}

/* A contents block, at the top level or in a section. */
static int
holds_contents(const model_block *b)
{
	if (b->kind == MODEL_CONTENTS)
		return 1;
	if (b->kind != MODEL_COLUMNS && b->kind != MODEL_PANELS)
		return 0;
	const model_columns *co = &b->u.columns;
	for (size_t i = 0; i < co->blocks.count; i++)
		if (holds_contents(&co->blocks.items[i]))
			return 1;
	for (size_t p = 0; p < co->npanels; p++)
		for (size_t i = 0; i < co->panels[p].blocks.count; i++)
			if (holds_contents(&co->panels[p].blocks.items[i]))
				return 1;
	return 0;
}

/* ---- the contents between passes ---- */

static void
toc_free(lnav *nav)
{
	for (size_t i = 0; i < nav->ntoc; i++) {
		free(nav->toc[i].title);
		free(nav->toc[i].label);
	}
	free(nav->toc);
	nav->toc = NULL;
	nav->ntoc = 0;
}

/* Before the first pass: the top-level headings without page numbers,
 * so that the first pass gives the contents about the right height. */
static void
toc_guess(const model_blocks *bl, lnav *nav)
{
	size_t cap = 0;
	for (size_t i = 0; i < bl->count; i++) {
		const model_block *b = &bl->items[i];
		if (b->kind != MODEL_HEADING)
			continue;
		nav->toc = xgrow(nav->toc, &cap, nav->ntoc + 1, sizeof(*nav->toc));
		ltoc_entry *e = &nav->toc[nav->ntoc++];
		e->title = lplain_text(&b->u.heading.text);
		e->level = b->u.heading.level;
		e->dest = -1;
		e->label = xstrdup("");
	}
}

/* The headings of a finished pass, with the labels of their pages. */
static void
toc_found(lnav *nav, const layout_doc *ld, const char **labels,
          ltoc_entry **out, size_t *nout)
{
	(void)nav;
	ltoc_entry *t = xcalloc(ld->noutlines ? ld->noutlines : 1, sizeof(*t));
	for (size_t i = 0; i < ld->noutlines; i++) {
		const layout_outline *o = &ld->outlines[i];
		t[i].title = xstrdup(o->title ? o->title : "");
		t[i].level = o->level;
		t[i].dest = o->dest;
		int pg = ld->dests[o->dest].page;
		t[i].label = xstrdup(pg >= 0 && (size_t)pg < ld->npages
		                     ? labels[pg] : "");
	}
	*out = t;
	*nout = ld->noutlines;
}

static int
toc_same(const ltoc_entry *a, size_t na, const ltoc_entry *b, size_t nb)
{
	if (na != nb)
		return 0;
	for (size_t i = 0; i < na; i++)
		if (a[i].level != b[i].level || a[i].dest != b[i].dest ||
		    strcmp(a[i].title, b[i].title) != 0 ||
		    strcmp(a[i].label, b[i].label) != 0)
			return 0;
	return 1;
}

/* Copy the diagnostics of the pass that counts into the caller's list. */
static void
diags_move(diag_list *to, diag_list *from)
{
	for (size_t i = 0; i < from->count; i++)
		diag_copy(to, from, &from->items[i], from->items[i].pos);
}

/* ---- one pass ---- */

/* A copy of s in the layout's arena (NULL stays NULL). */
static const char *
own(layout_doc *ld, const char *s)
{
	return s ? arena_strdup(&ld->mem, s) : NULL;
}


/* One pass over the blocks of bl. With draw, each page goes to the
 * sink as it is finished and is then freed; without, the pass is kept
 * whole (and the sink not used). Return 0, or -1 on failure. */
static int
one_pass(layout_doc **out, const model_doc *doc, text_fonts *fs,
         const layout_options *opts, diag_list *diags, lnav *nav,
         lblocks *bl, int draw, lmedia *media)
{
	*out = NULL;
	layout_doc *ld = xcalloc(1, sizeof(*ld));
	arena_init(&ld->mem);
	lflow f;
	memset(&f, 0, sizeof(f));
	f.ld = ld;
	f.doc = doc;
	f.th = &doc->theme;
	f.styles = lstyles_new(&ld->mem, f.th);
	if (opts)
		f.opts = *opts;
	if (!draw)
		f.opts.sink = NULL;
	f.diags = diags;
	f.nav = nav;
	f.blocks = bl;
	f.draw = draw;
	f.media = media;
	nav->contents_blocks = 0;
	nav->nmarks = 0;
	size_t errors = diags->errors;

	const model_theme *th = &doc->theme;
	ld->area_x = th->margin_left;
	ld->area_y = th->margin_top;
	ld->area_w = th->page_width - th->margin_left - th->margin_right;
	ld->area_h = th->page_height - th->margin_top - th->margin_bottom;
	/* The layout keeps copies of the model's strings it holds on to, so
	 * that the model may be freed as the layout goes (or first). */
	ld->meta.title = own(ld, doc->title);
	ld->meta.subtitle = own(ld, doc->subtitle);
	ld->meta.author = own(ld, doc->author);
	ld->meta.subject = own(ld, doc->subject);
	ld->meta.keywords = own(ld, doc->keywords);
	ld->meta.lang = own(ld, doc->lang);
	ld->meta.creator = "carec-report " CAREC_VERSION;
	for (int k = 0; k < MODEL_COLOUR_COUNT; k++) {
		ld->colour_rgb[k] = model_theme_colour(th, (model_colour)k);
		ld->colour_cmyk[k] = th->cmyk[k];
	}

	lopen_stacks(&f, &th->body, ROLE_BODY, fs);
	lopen_stacks(&f, &th->heading, ROLE_HEADING, fs);
	lwatermark_check(&f);
	lprint_setup(&f);
	lstruct_start(&f);
	if (f.failed)
		goto done;
	const layout_sink *sink = f.opts.sink;
	if (sink && draw && sink->begin(sink->ctx, diags) != 0) {
		f.failed = 1;
		goto done;
	}

	/* With a front cover the title is there, not on the first page;
	 * a leaflet that opens with panels sets its own title on them. */
	const model_block *b0 = lblocks_at(bl, 0);
	if (!doc->pages.cover && !(b0 && b0->kind == MODEL_PANELS))
		title_block(&f);
	/* Body paragraphs are broken ahead on the other core. */
	lprefetch_start(&f);
	/* Pages are made as the blocks come, so that a sink can draw and
	 * free them. What pagination says is kept apart and comes after
	 * the blocks' messages, as when it ran after them; after a block's
	 * error it stops, and says nothing, as it would not have run.
	 * (Its own warnings, errors with --strict, do not stop it.) */
	diag_list pdiags;
	diag_init(&pdiags);
	pdiags.strict = diags->strict;
	diag_source_share(&pdiags, diags);
	size_t block_errors = diags->errors - errors; /* the title's */
	const model_block *b;
	for (size_t i = 0; (b = lblocks_at(bl, i)); i++) {
		size_t before = diags->errors;
		f.at = i;
		lblock(&f, b, ld->area_x, ld->area_w);
		block_errors += diags->errors - before;
		if (!f.failed && block_errors == 0) {
			f.diags = &pdiags;
			lpaginate_more(&f, 0);
			f.diags = diags;
		}
	}
	lprefetch_stop(&f);
	if (block_errors == 0) {
		if (!f.failed) {
			f.diags = &pdiags;
			lpaginate_more(&f, 1);
			f.diags = diags;
		}
		diags_move(diags, &pdiags);
	}
	diag_free(&pdiags);
	if (f.failed || block_errors > 0)
		goto done;

	lpaginate_end(&f);
	/* The pages hold copies of the slices' items: release the slices'
	 * arrays (pagination freed most as it went) before the pages get
	 * their chrome. */
	lslices_free_items(&f);
	if (f.failed)
		goto done;

	f.snode = 0; /* what is made now is decoration, but the covers */
	lcovers(&f);
	lnumber_pages(&f);
	lresolve_links(&f);
	/* The chrome, page by page; each page is then final (and, with a
	 * sink, drawn and freed). */
	lchrome(&f);
	lglyphs_finish(ld);

done:
	lprefetch_stop(&f);
	lpaginate_end(&f);
	lslices_free_items(&f);
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

/* ---- the whole document ---- */

/* A document without a contents block is laid out once, each page drawn
 * (by the sink) and freed as soon as it is finished. One with contents
 * blocks is laid out in memory, again and again until the page numbers
 * the contents show are those its headings got (at most
 * LNAV_MAX_PASSES); the caller then draws the last layout, which only
 * then is known to be the document. */
int
layout_document(layout_doc **out, const model_doc *doc, text_fonts *fs,
                const layout_options *opts, diag_list *diags)
{
	*out = NULL;
	lnav nav;
	memset(&nav, 0, sizeof(nav));
	text_fonts_set_policy(fs, opts ? opts->policy : NULL);
	lblocks bl = {&doc->blocks};
	int contents = 0;
	for (size_t i = 0; i < doc->blocks.count; i++)
		contents |= holds_contents(&doc->blocks.items[i]);
	if (contents)
		toc_guess(&doc->blocks, &nav);
	layout_doc *ld = NULL;
	int rc = -1;
	lmedia *media = lmedia_new();
	for (int pass = 1; pass <= LNAV_MAX_PASSES; pass++) {
		/* Only the last pass's diagnostics count: the others would say
		 * the same things again. */
		diag_list scratch;
		diag_init(&scratch);
		scratch.strict = diags->strict;
		/* The YAML texts, so that para.c can tell where a character
		 * is on its line (text_span.verbatim); shared, not copied. */
		diag_source_share(&scratch, diags);
		rc = one_pass(&ld, doc, fs, opts, &scratch, &nav, &bl, !contents,
		              media);
		int last = rc != 0 || nav.contents_blocks == 0 ||
		           pass == LNAV_MAX_PASSES;
		ltoc_entry *found = NULL;
		size_t nfound = 0;
		if (rc == 0 && nav.contents_blocks > 0) {
			toc_found(&nav, ld, nav.label, &found, &nfound);
			if (toc_same(nav.toc, nav.ntoc, found, nfound))
				last = 1;
			else if (pass == LNAV_MAX_PASSES)
				diag_warning(&scratch, DIAG_LAYOUT,
				             lblocks_first_pos(&bl),
				             "the page numbers in the contents did not "
				             "settle after %d layouts and may be off by "
				             "a page", LNAV_MAX_PASSES);
		}
		if (last) {
			diags_move(diags, &scratch);
			diag_free(&scratch);
			for (size_t i = 0; i < nfound; i++) {
				free(found[i].title);
				free(found[i].label);
			}
			free(found);
			break;
		}
		diag_free(&scratch);
		layout_free(ld);
		ld = NULL;
		toc_free(&nav);
		nav.toc = found;
		nav.ntoc = nfound;
	}
	toc_free(&nav);
	free(nav.marks);
	if (rc != 0) {
		layout_free(ld);
		lmedia_free(media);
		return -1;
	}
	ld->media = media; /* its images' pixels */
	*out = ld;
	return 0;
}

void
layout_free(layout_doc *ld)
{
	if (!ld)
		return;
	for (size_t i = 0; i < ld->npages; i++)
		free(ld->pages[i].items);
	lglyphs_free(ld);
	free(ld->snodes);
	arena_free(&ld->mem);
	lmedia_free(ld->media);
	free(ld);
}
