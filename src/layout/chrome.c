/* chrome.c - page numbering and labels, running heads and feet per page
 * template, page backgrounds, the watermark, chapters, and internal
 * links. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "layout/nav.h"
#include "util/limits.h"

/* ---- numbering ---- */

typedef struct range {
	int first;          /* page index */
	model_pagenum style;
	int start;
	lpage_kind kind;
} range;

static layout_label_style
label_style(model_pagenum s)
{
	switch (s) {
	case MODEL_PAGENUM_DECIMAL:
		return LAYOUT_LABEL_DECIMAL;
	case MODEL_PAGENUM_ROMAN:
		return LAYOUT_LABEL_ROMAN;
	case MODEL_PAGENUM_UPPER_ROMAN:
		return LAYOUT_LABEL_UPPER_ROMAN;
	case MODEL_PAGENUM_NONE:
		break;
	}
	return LAYOUT_LABEL_NONE;
}

/* Ranges of content pages: the front matter (or the whole document),
 * then one per page-numbering block, by first page. */
static size_t
ranges(lflow *f, int first, range *r)
{
	const lnav *nav = f->nav;
	const model_pages *pg = &f->doc->pages;
	size_t n = 0;
	r[n].first = first;
	r[n].style = pg->has_style ? pg->style
	             : nav->nmarks ? MODEL_PAGENUM_ROMAN
	                           : MODEL_PAGENUM_DECIMAL;
	r[n].start = pg->start > 0 ? pg->start : 1;
	r[n].kind = nav->nmarks ? LPAGE_FRONT : LPAGE_BODY;
	n++;
	for (size_t i = 0; i < nav->nmarks; i++) {
		const lmark *m = &nav->marks[i];
		if (m->dest < 0)
			continue;
		int page = f->ld->dests[m->dest].page;
		/* A later block on the same page wins. */
		if (page <= r[n - 1].first)
			n--;
		r[n].first = page;
		r[n].style = m->style;
		r[n].start = m->start;
		r[n].kind = LPAGE_BODY;
		n++;
	}
	return n;
}

static void
add_label(lflow *f, int page, layout_label_style style, int start,
          const char *prefix)
{
	layout_doc *ld = f->ld;
	layout_label *l = &ld->labels[ld->nlabels++];
	l->page = page;
	l->style = style;
	l->start = start;
	l->prefix = prefix;
}

void
lnumber_pages(lflow *f)
{
	layout_doc *ld = f->ld;
	lnav *nav = f->nav;
	const model_pages *pg = &f->doc->pages;
	size_t np = ld->npages;
	nav->kind = arena_alloc(&ld->mem, np * sizeof(*nav->kind));
	nav->label = arena_alloc(&ld->mem, np * sizeof(*nav->label));
	nav->last = arena_alloc(&ld->mem, np * sizeof(*nav->last));
	int first = pg->cover ? 1 : 0;
	int end = pg->back_cover ? (int)np - 1 : (int)np;
	nav->first_content = first;
	for (size_t i = 0; i < np; i++) {
		nav->kind[i] = pg->cover && i == 0 ? LPAGE_COVER : LPAGE_BACK;
		nav->label[i] = nav->last[i] = "";
	}

	range *r = xcalloc(nav->nmarks + 1, sizeof(*r));
	size_t nr = ranges(f, first, r);
	ld->labels = arena_alloc(&ld->mem, (nr + 2) * sizeof(*ld->labels));
	ld->nlabels = 0;
	if (pg->cover)
		add_label(f, 0, LAYOUT_LABEL_NONE, 1, "Cover");
	for (size_t k = 0; k < nr; k++) {
		int to = k + 1 < nr ? r[k + 1].first : end;
		const char *last = lnav_format(f, r[k].style,
		                               r[k].start + (to - 1 - r[k].first));
		for (int p = r[k].first; p < to; p++) {
			nav->kind[p] = r[k].kind;
			nav->label[p] = lnav_format(f, r[k].style,
			                            r[k].start + (p - r[k].first));
			nav->last[p] = last;
		}
		add_label(f, r[k].first, label_style(r[k].style), r[k].start,
		          NULL);
	}
	if (pg->back_cover)
		add_label(f, (int)np - 1, LAYOUT_LABEL_NONE, 1, "Back cover");
	/* Plain 1, 2, 3 needs no labels in the PDF. */
	if (!pg->cover && !pg->back_cover && nr == 1 &&
	    r[0].style == MODEL_PAGENUM_DECIMAL && r[0].start == 1)
		ld->nlabels = 0;
	free(r);
}

/* ---- headers and footers ---- */

/* Expand {title}, {chapter}, {page} and {pages} in template t; *title_at
 * is where the first {title} went in it (SIZE_MAX: nowhere). */
static char *
expand(const char *t, const char *title, const char *chapter, const char *page,
       const char *pages, size_t *title_at)
{
	buf b;
	buf_init(&b);
	*title_at = SIZE_MAX;
	for (const char *p = t; *p;) {
		if (strncmp(p, "{title}", 7) == 0) {
			if (*title_at == SIZE_MAX)
				*title_at = b.len;
			buf_puts(&b, title ? title : "");
			p += 7;
		} else if (strncmp(p, "{chapter}", 9) == 0) {
			buf_puts(&b, chapter ? chapter : "");
			p += 9;
		} else if (strncmp(p, "{page}", 6) == 0) {
			buf_puts(&b, page);
			p += 6;
		} else if (strncmp(p, "{pages}", 7) == 0) {
			buf_puts(&b, pages);
			p += 7;
		} else {
			buf_putc(&b, *p++);
		}
	}
	if (!b.data)
		buf_puts(&b, "");
	return buf_detach(&b);
}

/* The spans of s, a template expanded with the title at byte at (or
 * SIZE_MAX): the title's own, at the title's position, and the
 * template's text before and after it at pos. Return how many. */
static size_t
title_parts(const model_doc *doc, const char *s, size_t at, src_pos pos,
            text_span sp[3])
{
	size_t len = strlen(s), n = 0;
	size_t tlen = doc->title ? strlen(doc->title) : 0;
	memset(sp, 0, 3 * sizeof(*sp));
	if (at == SIZE_MAX || tlen == 0 || doc->title_pos.line <= 0) {
		sp[0].utf8 = s;
		sp[0].len = len;
		sp[0].pos = pos;
		return 1;
	}
	size_t from[3] = {0, at, at + tlen}, to[3] = {at, at + tlen, len};
	for (int i = 0; i < 3; i++) {
		if (to[i] <= from[i])
			continue;
		sp[n].utf8 = s + from[i];
		sp[n].len = to[i] - from[i];
		sp[n].pos = i == 1 ? doc->title_pos : pos;
		sp[n].verbatim = i == 1 ? doc->title_verbatim : 0;
		n++;
	}
	return n;
}

static void
zone(lflow *f, layout_page *p, const model_zone *z, double y,
     layout_role role, const char *chapter, size_t page)
{
	const model_theme *th = f->th;
	const lnav *nav = f->nav;
	const char *t[3] = {z->left, z->center, z->right};
	const text_align al[3] = {TEXT_ALIGN_LEFT, TEXT_ALIGN_CENTER,
	                          TEXT_ALIGN_RIGHT};
	for (int i = 0; i < 3; i++) {
		if (!t[i])
			continue;
		/* "Page {page} of {pages}" on pages numbered 'none': nothing. */
		if (!*nav->label[page] && strstr(t[i], "{page"))
			continue;
		size_t at;
		char *s = expand(t[i], f->doc->title, chapter, nav->label[page],
		                 nav->last[page], &at);
		/* The title's characters are the title's: a message on one
		 * points at the report's title, not at the template. */
		text_span sp[3];
		size_t n = title_parts(f->doc, s, at, z->pos, sp);
		if (*s)
			lplain_spans(f, lsink_page(p), sp, n, ROLE_BODY, 0,
			             th->size_small, th->color_muted,
			             f->ld->area_x, f->ld->area_w, al[i], y,
			             role, z->pos);
		free(s);
	}
}

static int
zone_empty(const model_zone *z)
{
	return !z->left && !z->center && !z->right;
}

/* A page's background, drawn beneath everything on it. */
static void
background(lflow *f, layout_page *p, const model_background *bg)
{
	layout_item it[2];
	size_t n = 0;
	memset(it, 0, sizeof(it));
	if (bg->has_color) {
		it[n].kind = LITEM_RECT;
		it[n].role = "page-background";
		it[n].u.rect.w = p->width;
		it[n].u.rect.h = p->height;
		it[n].u.rect.fill = 1;
		it[n].u.rect.fill_color = bg->color;
		n++;
	}
	if (bg->band > 0) {
		it[n].kind = LITEM_RECT;
		it[n].role = "page-band";
		it[n].u.rect.w = p->width;
		it[n].u.rect.h = bg->band;
		it[n].u.rect.fill = 1;
		it[n].u.rect.fill_color = bg->band_color == MODEL_COLOR_AUTO
		                          ? f->th->color_primary : bg->band_color;
		n++;
	}
	lnav_insert(f, p, 0, it, n);
}

/* Large, light, diagonal text across page p, inserted at index at. */
static void
watermark(lflow *f, layout_page *p, size_t at, const char *text, int dark)
{
	const model_watermark *wm = &f->th->templates.watermark;
	text_font *font = f->stacks[ROLE_HEADING][STYLE_BOLD].fonts[0];
	double unit = text_measure(font, 1, text, strlen(text));
	if (!(unit > 0))
		return;
	double diagonal = hypot(p->width, p->height);
	double size = wm->size > 0 ? wm->size : diagonal * 0.55 / unit;
	if (wm->size <= 0 && size > p->height * 0.2)
		size = p->height * 0.2;
	uint32_t color = dark ? 0xffffff
	                 : wm->color == MODEL_COLOR_AUTO ? f->th->color_muted
	                                                 : wm->color;
	layout_page tmp;
	memset(&tmp, 0, sizeof(tmp));
	double tw = lplain_line(f, lsink_page(&tmp), text, ROLE_HEADING,
	                        MODEL_BOLD, size, color, 0, 1e6,
	                        TEXT_ALIGN_LEFT, 0, "watermark", wm->pos);
	text_metrics m;
	text_font_metrics(font, &m);
	double a = atan2(p->height, p->width); /* corner to corner */
	double ux = cos(a), uy = -sin(a);      /* along the baseline */
	double vx = -sin(a), vy = -cos(a);     /* up from it */
	double cap = (m.cap_height > 0 ? m.cap_height : 0.7) * size;
	double ox = p->width / 2 - ux * tw / 2 - vx * cap / 2;
	double oy = p->height / 2 - uy * tw / 2 - vy * cap / 2;
	for (size_t i = 0; i < tmp.nitems; i++) {
		layout_item *it = &tmp.items[i];
		if (it->kind != LITEM_TEXT)
			continue;
		double dx = it->u.text.x;
		it->u.text.x = ox + ux * dx;
		it->u.text.y = oy + uy * dx;
		it->u.text.angle = a * 180 / M_PI;
		it->u.text.opacity = wm->opacity;
	}
	lnav_insert(f, p, at, tmp.items, tmp.nitems);
	free(tmp.items);
}

static void
templates(lflow *f, const char **chapters)
{
	const model_theme *th = f->th;
	const model_templates *tp = &th->templates;
	const lnav *nav = f->nav;
	layout_doc *ld = f->ld;
	double header_y = th->margin_top * 0.5;
	double footer_y = th->page_height - th->margin_bottom * 0.45;
	const char *wm = f->opts.watermark ? f->opts.watermark
	                                   : tp->watermark.text;
	for (size_t i = 0; i < ld->npages; i++) {
		if (i > 0)
			lpage_final(f, i - 1);
		layout_page *p = &ld->pages[i];
		lpage_kind kind = nav->kind[i];
		if (kind == LPAGE_COVER || kind == LPAGE_BACK) {
			/* Covers have no running heads; the watermark goes over
			 * the artwork and beneath the words. */
			if (wm && *wm) {
				size_t at = 0;
				while (at < p->nitems && p->items[at].role &&
				       strncmp(p->items[at].role, "cover-", 6) == 0 &&
				       p->items[at].kind == LITEM_RECT)
					at++;
				watermark(f, p, at, wm, 1);
			}
			continue;
		}
		int front = kind == LPAGE_FRONT;
		const model_zone *header = front && tp->front.has_header
		                           ? &tp->front.header : &th->header;
		const model_zone *footer = front && tp->front.has_footer
		                           ? &tp->front.footer : &th->footer;
		const model_background *bg = front && tp->front.has_background
		                             ? &tp->front.background
		                             : &tp->background;
		/* The first page opens with the title (or follows the cover):
		 * no running header. */
		if ((int)i > nav->first_content && !zone_empty(header)) {
			zone(f, p, header, header_y, "header", chapters[i], i);
			layout_item *rule = lsink_push(f, lsink_page(p), LITEM_LINE,
			                               "header-rule", header->pos);
			rule->u.line.x1 = ld->area_x;
			rule->u.line.x2 = ld->area_x + ld->area_w;
			rule->u.line.y1 = rule->u.line.y2 = header_y + 5;
			rule->u.line.color = th->color_muted;
			rule->u.line.width = 0.4;
		}
		zone(f, p, footer, footer_y, "footer", chapters[i], i);
		if (wm && *wm)
			watermark(f, p, 0, wm, 0);
		background(f, p, bg);
	}
	if (ld->npages)
		lpage_final(f, ld->npages - 1);
}

/* Page i is final: trim its array; with a sink, hand it over and free
 * its items. */
void
lpage_final(lflow *f, size_t i)
{
	layout_doc *ld = f->ld;
	layout_page *p = &ld->pages[i];
	lsink_trim(lsink_page(p));
	const layout_sink *sink = f->opts.sink;
	if (!sink || !sink->done)
		return;
	if (f->draw && !f->failed && sink->done(sink->ctx, ld, i, f->diags) != 0)
		f->failed = 1;
	free(p->items);
	p->items = NULL;
	p->nitems = p->capitems = 0;
	p->under = p->body = 0;
	/* Now and then, the glyphs of the pages done. */
	if (i % 32 == 31)
		lglyphs_sweep(f, i + 1);
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
void
lresolve_links(lflow *f)
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

/* Running heads and feet on every page per its template, with {chapter}
 * per page; backgrounds and the watermark beneath. Needs lnumber_pages. */
void
lchrome(lflow *f)
{
	layout_doc *ld = f->ld;
	/* {chapter} on each page: the first h1 that starts on it, or else
	 * the chapter still running from an earlier page. */
	const char **chapters = xcalloc(ld->npages, sizeof(*chapters));
	const char *running = NULL;
	for (size_t pg = 0; pg < ld->npages; pg++) {
		const layout_page *p = &ld->pages[pg];
		chapters[pg] = p->chapter_first ? p->chapter_first : running;
		if (p->chapter_last)
			running = p->chapter_last;
	}
	templates(f, chapters);
	free(chapters);
}
