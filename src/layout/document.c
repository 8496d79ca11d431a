/* document.c - layout_document: the title block, then blocks, pages,
 * covers, numbering, running heads and links; as many passes as the
 * table of contents needs to show exact page numbers. */
#include <stdlib.h>
#include <string.h>

#include "layout/lstyle.h"
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
	model_inline run = {doc->title,     strlen(doc->title), 0, NULL, 0,
	                    doc->title_pos, doc->title_verbatim};
	model_text t = {&run, 1, doc->title_pos};
	lpara(f, &t, &ps, f->ld->area_x, f->ld->area_w);
	if (doc->subtitle) {
		ps.role = ROLE_BODY;
		ps.base_style = 0;
		ps.size = th->size_heading[1];
		ps.line_height = 1.3;
		ps.color = th->color_muted;
		ps.role_name = "subtitle";
		model_inline sr = {
		        doc->subtitle,     strlen(doc->subtitle), 0, NULL, 0,
		        doc->subtitle_pos, doc->subtitle_verbatim};
		model_text st = {&sr, 1, doc->subtitle_pos};
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

/* ---- the top-level blocks ---- */

/* A top-level heading read before any contents block: an entry of the
 * contents' first guess (see toc_guess). */
static void
guess_heading(lblocks *bl, const model_block *b)
{
	lnav *nav = bl->guess;
	if (nav->ntoc == bl->guess_cap) {
		bl->guess_cap = bl->guess_cap ? bl->guess_cap * 2 : 16;
		nav->toc = xrealloc(nav->toc, bl->guess_cap * sizeof(*nav->toc));
	}
	ltoc_entry *e = &nav->toc[nav->ntoc++];
	e->title = lplain_text(&b->u.heading.text);
	e->level = b->u.heading.level;
	e->dest = -1;
	e->label = xstrdup("");
}

const model_block *
lblocks_at(lblocks *bl, size_t i)
{
	if (!bl->src)
		return i < bl->all->count ? &bl->all->items[i] : NULL;
	if (i < bl->base)
		return NULL;
	while (i >= bl->base + bl->n && !bl->ended) {
		const model_block *b = bl->src->next(bl->src->ctx);
		if (!b) {
			bl->ended = 1;
			break;
		}
		if (!bl->have_first) {
			bl->have_first = 1;
			bl->first_pos = b->pos;
		}
		if (bl->guess && b->kind == MODEL_HEADING)
			guess_heading(bl, b);
		if (b->kind == MODEL_CONTENTS)
			bl->top_contents = 1;
		if (bl->n == bl->cap) {
			bl->cap = bl->cap ? bl->cap * 2 : 64;
			bl->win = xrealloc(bl->win, bl->cap * sizeof(*bl->win));
		}
		bl->win[bl->n++] = b;
	}
	return i < bl->base + bl->n ? bl->win[i - bl->base] : NULL;
}

src_pos
lblocks_first_pos(const lblocks *bl)
{
	if (!bl->src)
		return bl->all->count ? bl->all->items[0].pos : (src_pos){0};
	return bl->have_first ? bl->first_pos : (src_pos){0};
}

void
lblocks_release(lblocks *bl, size_t upto)
{
	if (!bl->src || upto <= bl->base)
		return;
	size_t drop = upto - bl->base;
	if (drop > bl->n)
		drop = bl->n;
	memmove(bl->win, bl->win + drop, (bl->n - drop) * sizeof(*bl->win));
	bl->n -= drop;
	bl->base += drop;
	bl->src->release(bl->src->ctx, bl->base);
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

/* Before the first pass over the model's blocks: their top-level
 * headings without page numbers, so that the first pass gives the
 * contents about the right height (a source's are read as they come,
 * lblocks_at), and whether a contents block is among them. */
static void
toc_guess(lblocks *bl, lnav *nav)
{
	bl->guess = nav;
	for (size_t i = 0; i < bl->all->count; i++) {
		const model_block *b = &bl->all->items[i];
		if (b->kind == MODEL_HEADING)
			guess_heading(bl, b);
		bl->top_contents |= b->kind == MODEL_CONTENTS;
	}
	bl->guess = NULL;
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
			if (from->sources[k].path == pos.file &&
			    !from->sources[k].borrowed) {
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

/* A copy of s in the layout's arena (NULL stays NULL). */
static const char *
own(layout_doc *ld, const char *s)
{
	return s ? arena_strdup(&ld->mem, s) : NULL;
}


/* One pass over the blocks of bl. Return 0, -1 on failure, or 2 when,
 * with want_guess, a block holds contents before the contents' guess is
 * known (the pass stops there: its headings are to be read first). */
static int
one_pass(layout_doc **out, const model_doc *doc, text_fonts *fs,
         const layout_options *opts, diag_list *diags, lnav *nav,
         lblocks *bl, int draw, int want_guess)
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
	f.diags = diags;
	f.nav = nav;
	f.blocks = bl;
	f.draw = draw;
	int rc = -1;
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

	lopen_stacks(&f, &th->body, ROLE_BODY, fs);
	lopen_stacks(&f, &th->heading, ROLE_HEADING, fs);
	lwatermark_check(&f);
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
		if (want_guess && holds_contents(b)) {
			rc = 2;
			break;
		}
		size_t before = diags->errors;
		f.at = i;
		lblock(&f, b, ld->area_x, ld->area_w);
		block_errors += diags->errors - before;
		if (!f.failed && block_errors == 0) {
			f.diags = &pdiags;
			lpaginate_more(&f, 0);
			f.diags = diags;
		}
		/* What the layout keeps of a block is its own: the block goes
		 * once the paragraphs broken ahead are past it. */
		size_t oldest = lprefetch_oldest(&f);
		lblocks_release(bl, oldest < i + 1 ? oldest : i + 1);
	}
	lprefetch_stop(&f);
	if (rc == 2) {
		diag_free(&pdiags);
		goto done;
	}
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
	if (rc == 2 || f.failed || diags->errors > errors) {
		layout_free(ld);
		return rc == 2 ? 2 : -1;
	}
	*out = ld;
	return 0;
}

/* ---- the whole document ---- */


int
layout_document(layout_doc **out, const model_doc *doc, text_fonts *fs,
                const layout_options *opts, diag_list *diags)
{
	*out = NULL;
	lnav nav;
	memset(&nav, 0, sizeof(nav));
	const layout_source *src = opts ? opts->source : NULL;
	text_fonts_set_policy(fs, opts ? opts->policy : NULL);
	lblocks bl;
	memset(&bl, 0, sizeof(bl));
	bl.all = &doc->blocks;
	bl.src = src;
	/* The contents' first guess: from the model's blocks, or, from a
	 * source, as the first pass reads them (and should a contents block
	 * come first, by reading them all before that pass begins again). */
	int guessed = !src, top_contents = 0, read = 0;
	if (!src) {
		toc_guess(&bl, &nav);
		top_contents = bl.top_contents;
	}
	layout_doc *ld = NULL;
	int rc = -1;
	for (int pass = 1; pass <= LNAV_MAX_PASSES; pass++) {
		if (src && read && src->restart(src->ctx) != 0) {
			rc = -1;
			break;
		}
		read = 1;
		bl.base = bl.n = 0;
		bl.ended = 0;
		bl.guess = guessed ? NULL : &nav;
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
		int draw = !(pass == 1 && top_contents);
		rc = one_pass(&ld, doc, fs, opts, &scratch, &nav, &bl, draw,
		              !guessed);
		if (rc == 2) {
			/* A contents block before its guess: read the rest of the
			 * headings, then lay out from the first block again. */
			for (size_t i = bl.base + bl.n; lblocks_at(&bl, i); i++)
				lblocks_release(&bl, i + 1);
			top_contents = bl.top_contents;
			guessed = 1;
			diag_free(&scratch);
			pass--;
			continue;
		}
		guessed = 1; /* read whole without a contents block */
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
	free(bl.win);
	if (rc != 0) {
		layout_free(ld);
		return -1;
	}
	*out = ld;
	return 0;
}

static const model_block *
reader_next(void *ctx)
{
	return model_reader_next(ctx);
}

static void
reader_release(void *ctx, size_t upto)
{
	model_reader_release(ctx, upto);
}

static int
reader_restart(void *ctx)
{
	return model_reader_restart(ctx);
}

layout_source
layout_reader_source(model_reader *r)
{
	return (layout_source){r, reader_next, reader_release, reader_restart};
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
