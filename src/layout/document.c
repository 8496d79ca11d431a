/* document.c - layout_document: the title block, then blocks, pages,
 * covers, numbering, running heads and links; as many passes as the
 * table of contents needs to show exact page numbers. */
#include <stdlib.h>
#include <string.h>

#include "layout/nav.h"
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
	                    th->pos, 0};
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
		                   0, th->pos, 0};
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
toc_guess(lnav *nav, const model_doc *doc)
{
	size_t n = 0;
	for (size_t i = 0; i < doc->blocks.count; i++)
		n += doc->blocks.items[i].kind == MODEL_HEADING;
	nav->toc = xcalloc(n ? n : 1, sizeof(*nav->toc));
	for (size_t i = 0; i < doc->blocks.count; i++) {
		const model_block *b = &doc->blocks.items[i];
		if (b->kind != MODEL_HEADING)
			continue;
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
	for (size_t i = 0; i < from->count; i++) {
		const diag *d = &from->items[i];
		/* A file first seen in this pass (an SVG drawing) is registered
		 * in from only: register it in to as well, since from's copy of
		 * the path is freed with it. */
		src_pos pos = d->pos;
		for (size_t k = 0; pos.file && k < from->nsources; k++)
			if (from->sources[k].path == pos.file) {
				pos.file = diag_source_add(to, pos.file,
				                           from->sources[k].text,
				                           from->sources[k].len);
				break;
			}
		diag_add(to, d->severity, d->code, pos, "%s", d->message);
		if (d->note)
			diag_note(to, "%s", d->note);
	}
}

/* ---- one pass ---- */

static int
one_pass(layout_doc **out, const model_doc *doc, text_fonts *fs,
         const layout_options *opts, diag_list *diags, lnav *nav, int draw)
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
	f.nav = nav;
	f.draw = draw;
	nav->contents_blocks = 0;
	nav->nmarks = 0;
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
	const layout_sink *sink = f.opts.sink;
	if (sink && draw && sink->begin(sink->ctx, diags) != 0) {
		f.failed = 1;
		goto done;
	}

	/* With a front cover the title is there, not on the first page;
	 * a leaflet that opens with panels sets its own title on them. */
	if (!doc->pages.cover && !(doc->blocks.count &&
	                           doc->blocks.items[0].kind == MODEL_PANELS))
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
	for (size_t i = 0; i < doc->blocks.count; i++) {
		size_t before = diags->errors;
		lblock(&f, &doc->blocks.items[i], ld->area_x, ld->area_w);
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

/* A copy of s in the layout's arena (NULL stays NULL). */
static const char *
own(layout_doc *ld, const char *s)
{
	return s ? arena_strdup(&ld->mem, s) : NULL;
}

/* Copy into the layout the strings it borrowed from the model (metadata,
 * link targets, image paths and alternative texts, heading ids, label
 * prefixes), so that the model can be freed before the PDF is written. */
static void
own_strings(layout_doc *ld)
{
	layout_meta *m = &ld->meta;
	m->title = own(ld, m->title);
	m->subtitle = own(ld, m->subtitle);
	m->author = own(ld, m->author);
	m->subject = own(ld, m->subject);
	m->keywords = own(ld, m->keywords);
	m->lang = own(ld, m->lang);
	for (size_t i = 0; i < ld->nimages; i++)
		ld->images[i]->path = own(ld, ld->images[i]->path);
	for (size_t i = 0; i < ld->ndests; i++)
		ld->dests[i].id = own(ld, ld->dests[i].id);
	for (size_t i = 0; i < ld->noutlines; i++)
		ld->outlines[i].title = own(ld, ld->outlines[i].title);
	for (size_t i = 0; i < ld->nlabels; i++)
		ld->labels[i].prefix = own(ld, ld->labels[i].prefix);
	for (size_t p = 0; p < ld->npages; p++) {
		layout_page *pg = &ld->pages[p];
		for (size_t i = 0; i < pg->nitems; i++) {
			layout_item *it = &pg->items[i];
			if (it->kind == LITEM_LINK)
				it->u.link.uri = own(ld, it->u.link.uri);
			else if (it->kind == LITEM_IMAGE)
				it->u.image.alt = own(ld, it->u.image.alt);
		}
	}
}

/* A contents block at the top level: the first pass, which sets it
 * without page numbers, cannot be the last. */
static int
has_contents(const model_doc *doc)
{
	for (size_t i = 0; i < doc->blocks.count; i++)
		if (doc->blocks.items[i].kind == MODEL_CONTENTS)
			return 1;
	return 0;
}

int
layout_document(layout_doc **out, const model_doc *doc, text_fonts *fs,
                const layout_options *opts, diag_list *diags)
{
	*out = NULL;
	lnav nav;
	memset(&nav, 0, sizeof(nav));
	toc_guess(&nav, doc);
	layout_doc *ld = NULL;
	int rc = -1;
	for (int pass = 1; pass <= LNAV_MAX_PASSES; pass++) {
		/* Only the last pass's diagnostics count: the others would say
		 * the same things again. */
		diag_list scratch;
		diag_init(&scratch);
		scratch.strict = diags->strict;
		/* The YAML texts, so that para.c can tell where a character
		 * is on its line (text_span.verbatim); shared, not copied. */
		diag_source_share(&scratch, diags);
		/* A pass that cannot be the last gives the sink nothing to
		 * draw (its pages are freed all the same). */
		int draw = !(pass == 1 && has_contents(doc));
		rc = one_pass(&ld, doc, fs, opts, &scratch, &nav, draw);
		int last = rc != 0 || nav.contents_blocks == 0 ||
		           pass == LNAV_MAX_PASSES;
		ltoc_entry *found = NULL;
		size_t nfound = 0;
		if (rc == 0 && nav.contents_blocks > 0) {
			toc_found(&nav, ld, nav.label, &found, &nfound);
			if (toc_same(nav.toc, nav.ntoc, found, nfound))
				last = 1;
			else if (pass == LNAV_MAX_PASSES)
				diag_warning(&scratch, DIAG_LAYOUT, doc->blocks.count
				             ? doc->blocks.items[0].pos : (src_pos){0},
				             "the page numbers in the contents did not "
				             "settle after %d layouts and may be off by "
				             "a page", LNAV_MAX_PASSES);
		}
		/* Settled without being drawn (no headings): once more. */
		if (last && rc == 0 && !draw && opts && opts->sink)
			last = 0;
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
	if (rc != 0)
		return -1;
	own_strings(ld);
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
	arena_free(&ld->mem);
	free(ld);
}
