/* chrome.c - page numbering and labels, running heads and feet per page
 * template, page backgrounds, the watermark, chapters, and internal
 * links. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "layout/lstyle.h"
#include "layout/nav.h"
#include "util/limits.h"
#include "util/utf8.h"

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
		add_label(f, 0, LAYOUT_LABEL_NONE, 1,
		          model_builtin(f->doc->lang, MODEL_STR_COVER));
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
		add_label(f, (int)np - 1, LAYOUT_LABEL_NONE, 1,
		          model_builtin(f->doc->lang, MODEL_STR_BACK_COVER));
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

/* The spans of the first len bytes of s, a template expanded with the
 * title at byte at (or SIZE_MAX): the title's own, at the title's
 * position, and the template's text before and after it at pos. Return
 * how many. */
static size_t
title_parts(const model_doc *doc, const char *s, size_t len, size_t at,
            src_pos pos, text_span sp[3])
{
	size_t n = 0;
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
		if (to[i] > len)
			to[i] = len;
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

/* A running head is one line. Its text is read only this far, in code
 * points: more than a line of the narrowest letters (about 0.15 em each)
 * holds at any page width, so a text cut here is cut on the page
 * anyway, and a title of 60000 characters costs no more than one of
 * 600. */
#define HEAD_CHARS(w, size) ((size_t)((w) / ((size)*0.15)) + 16)

/* One running-head text (a zone's left, center or right) as set on the
 * last page that showed it: pages repeat their heads, so the text is
 * set once and its line copied onto each page. */
typedef struct head_memo {
	const model_zone *z;
	int slot;
	char *text;     /* the expanded text (malloc'd), NULL: none */
	text_line line; /* in mem */
	arena mem;
	int warned; /* its cut was reported (once a pass) */
} head_memo;

/* Four zones (body and front matter, head and foot), three slots each. */
#define HEAD_MEMOS 12

typedef struct heads {
	head_memo m[HEAD_MEMOS];
	size_t n;
} heads;

static void
heads_free(heads *h)
{
	for (size_t i = 0; i < h->n; i++) {
		free(h->m[i].text);
		arena_free(&h->m[i].mem);
	}
	h->n = 0;
}

/* A copy of line ln's runs in a, moved right by dx. */
static void
copy_line(text_line *out, const text_line *ln, arena *a, double dx)
{
	*out = *ln;
	out->runs = arena_alloc(a, (ln->nruns ? ln->nruns : 1) *
	                                   sizeof(*out->runs));
	for (size_t r = 0; r < ln->nruns; r++) {
		text_run *d = &out->runs[r];
		*d = ln->runs[r];
		d->glyphs = arena_alloc(a, (d->nglyphs ? d->nglyphs : 1) *
		                                   sizeof(*d->glyphs));
		for (size_t g = 0; g < d->nglyphs; g++) {
			d->glyphs[g] = ln->runs[r].glyphs[g];
			d->glyphs[g].x += (float)dx;
		}
		d->x0 += dx;
		d->x1 += dx;
	}
}

/* Break the first len bytes of s, a running head with the title at byte
 * at (SIZE_MAX: none), in style st at measure w; the lines live in a. The
 * title's characters are the title's: a message on one points at the
 * report's title, not at the template at pos. */
static size_t
break_plain(lflow *f, const char *s, size_t len, size_t at,
            const text_style *st, double w, text_align align, src_pos pos,
            text_para *para, arena *a)
{
	text_span sp[3];
	size_t nsp = title_parts(f->doc, s, len, at, pos, sp);
	for (size_t i = 0; i < nsp; i++)
		sp[i].style = *st;
	text_para_opts o;
	memset(&o, 0, sizeof(o));
	o.measure = w;
	o.align = align;
	o.lang = f->doc->lang;
	o.allow_missing = f->opts.allow_missing_glyphs;
	o.verbose = f->opts.verbose;
	o.nobreak_off = f->doc->theme.nobreak_off;
	o.short_words = f->doc->theme.nobreak_words;
	memset(para, 0, sizeof(*para));
	if (text_break_paragraph(para, a, sp, nsp, &o, f->diags) != 0) {
		f->failed = 1;
		return 0;
	}
	return para->nlines;
}

/* The line ln (set from 0 at its natural width) cut to the glyphs that
 * fit in avail, at the last space among them if that keeps half the
 * room filled, into out (in a). Return the width kept. */
static double
cut_line(text_line *out, const text_line *ln, double avail, arena *a)
{
	/* The glyphs kept: all of runs [0, kr) and kg of run kr. */
	size_t kr = 0, kg = 0, sr = 0, sg = 0;
	int space = 0;
	for (size_t r = 0; r < ln->nruns; r++) {
		const text_run *run = &ln->runs[r];
		size_t g;
		for (g = 0; g < run->nglyphs; g++) {
			double right = g + 1 < run->nglyphs
			                       ? run->glyphs[g + 1].x
			                       : run->x1;
			if (right > avail + 0.005)
				break;
			if (run->glyphs[g].cp == ' ' &&
			    run->glyphs[g].x >= avail / 2) {
				sr = r;
				sg = g;
				space = 1;
			}
		}
		kr = r;
		kg = g;
		if (g < run->nglyphs)
			break;
	}
	if (space) {
		kr = sr;
		kg = sg;
	}
	*out = *ln;
	out->runs = arena_alloc(a, (ln->nruns + 1) * sizeof(*out->runs));
	out->nruns = 0;
	double width = 0;
	for (size_t r = 0; r <= kr && r < ln->nruns; r++) {
		text_run d = ln->runs[r];
		if (r == kr)
			d.nglyphs = kg;
		/* Spaces before the cut go too. */
		while (d.nglyphs && d.glyphs[d.nglyphs - 1].cp == ' ')
			d.nglyphs--;
		if (!d.nglyphs)
			continue;
		if (d.nglyphs < ln->runs[r].nglyphs)
			d.x1 = d.glyphs[d.nglyphs].x;
		out->runs[out->nruns++] = d;
		width = d.x1;
	}
	out->width = width;
	return width;
}

/* Set text s as a one-line running head of style st in the band of
 * width w, into *out (in a). A text too long for the line is cut at a
 * word, ends in an ellipsis, and *cut is set. */
static void
head_line(lflow *f, const char *s, size_t at, const text_style *st, double w,
          text_align align, src_pos pos, text_line *out, arena *a, int *cut)
{
	*cut = 0;
	memset(out, 0, sizeof(*out));
	size_t len = strlen(s), pb = 0, max = HEAD_CHARS(w, st->size);
	for (size_t n = 0; pb < len && n < max; n++) {
		uint32_t cp;
		size_t k = utf8_decode(s + pb, len - pb, &cp);
		pb += k ? k : 1;
	}
	/* Its natural width first: one line, nothing to choose. */
	arena tmp;
	arena_init(&tmp);
	text_para nat;
	if (break_plain(f, s, pb, at, st, 1e9, TEXT_ALIGN_LEFT, pos, &nat,
	                &tmp) ==
	    0)
		goto done;
	if (pb == len && nat.lines[0].width <= w) {
		/* It fits: set as any one-line text is. */
		text_para para;
		if (break_plain(f, s, len, at, st, w, align, pos, &para, &tmp) > 0)
			copy_line(out, &para.lines[0], a, 0);
		goto done;
	}
	*cut = 1;
	const text_font *font = st->stack->fonts[0];
	const char *ell = text_font_has(font, 0x2026) ? "\xE2\x80\xA6" : "...";
	double ew =
	        text_measure(st->stack->fonts[0], st->size, ell, strlen(ell));
	text_line kept;
	double kw = cut_line(&kept, &nat.lines[0], w - ew, &tmp);
	/* The ellipsis: a run of its own after the words kept. */
	text_para ep;
	if (break_plain(f, ell, strlen(ell), SIZE_MAX, st, 1e9, TEXT_ALIGN_LEFT,
	                pos, &ep,
	                &tmp) == 0 ||
	    ep.nlines == 0)
		goto done;
	for (size_t r = 0; r < ep.lines[0].nruns; r++) {
		text_run d = ep.lines[0].runs[r];
		for (size_t g = 0; g < d.nglyphs; g++)
			d.glyphs[g].x += (float)kw;
		d.x0 += kw;
		d.x1 += kw;
		kept.runs[kept.nruns++] = d;
		if (kept.nruns > nat.lines[0].nruns)
			break; /* room for one run more only */
	}
	kept.width = kw + ep.lines[0].width;
	double dx = align == TEXT_ALIGN_RIGHT    ? w - kept.width
	            : align == TEXT_ALIGN_CENTER ? (w - kept.width) / 2
	                                         : 0;
	copy_line(out, &kept, a, dx > 0 ? dx : 0);
done:
	arena_free(&tmp);
}

/* Short for messages: the first words of a template. */
static char *
head_quote(const char *t)
{
	size_t len = strlen(t), pb = 0;
	for (int n = 0; pb < len && n < 40; n++) {
		uint32_t cp;
		size_t k = utf8_decode(t + pb, len - pb, &cp);
		pb += k ? k : 1;
	}
	return xasprintf("%.*s%s", (int)pb, t, pb < len ? "\xE2\x80\xA6" : "");
}

static head_memo *
head_memo_of(heads *h, const model_zone *z, int slot)
{
	for (size_t i = 0; i < h->n; i++)
		if (h->m[i].z == z && h->m[i].slot == slot)
			return &h->m[i];
	if (h->n == HEAD_MEMOS)
		return NULL; /* cannot happen: four zones */
	head_memo *m = &h->m[h->n++];
	memset(m, 0, sizeof(*m));
	m->z = z;
	m->slot = slot;
	arena_init(&m->mem);
	return m;
}

static void
zone(lflow *f, heads *h, layout_page *p, const model_zone *z, double y,
     layout_role role, const char *chapter, size_t page)
{
	const lnav *nav = f->nav;
	const char *t[3] = {z->left, z->center, z->right};
	const text_align al[3] = {TEXT_ALIGN_LEFT, TEXT_ALIGN_CENTER,
	                          TEXT_ALIGN_RIGHT};
	lpara_style ps = lstyle(f, LSTYLE_RUNNING_HEAD);
	text_style st;
	memset(&st, 0, sizeof(st));
	st.stack = &f->stacks[ps.role][ps.base_style & 3];
	st.size = ps.size;
	st.color = ps.color;
	st.link = -1;
	for (int i = 0; i < 3; i++) {
		if (!t[i])
			continue;
		/* "Page {page} of {pages}" on pages numbered 'none': nothing. */
		if (!*nav->label[page] && strstr(t[i], "{page"))
			continue;
		size_t at;
		char *s = expand(t[i], f->doc->title, chapter, nav->label[page],
		                 nav->last[page], &at);
		if (!*s) {
			free(s);
			continue;
		}
		head_memo *m = head_memo_of(h, z, i);
		if (!m->text || strcmp(m->text, s) != 0) {
			free(m->text);
			m->text = s;
			s = NULL;
			arena_free(&m->mem);
			arena_init(&m->mem);
			int cut;
			head_line(f, m->text, at, &st, f->ld->area_w, al[i], z->pos,
			          &m->line, &m->mem, &cut);
			if (cut && !m->warned) {
				m->warned = 1;
				char *q = head_quote(t[i]);
				diag_warning(
				        f->diags, DIAG_LAYOUT, z->pos,
				        "the %s text '%s' is too long for its "
				        "line on page %s; it is cut short and "
				        "ends in '\xE2\x80\xA6'",
				        role, q,
				        *nav->label[page] ? nav->label[page]
				                          : "(unnumbered)");
				diag_note(f->diags,
				          "shorten the text (the "
				          "document's title or the "
				          "chapter's heading), or take "
				          "'{title}' or '{chapter}' out of "
				          "the theme's %s",
				          role);
				free(q);
			}
		}
		free(s);
		lline_items(f, lsink_page(p), &m->line, f->ld->area_x, y, role,
		            z->pos);
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

/* The watermark as set once per pass, for light and dark pages: its
 * items with copies of their glyphs, which every page gets a copy of. */
typedef struct wmark {
	int ready[2];
	layout_item *items[2];
	size_t n[2];
	double w[2], h[2]; /* the page size it was set for */
} wmark;

static void
wmark_drop(wmark *m, int dark)
{
	for (size_t i = 0; i < m->n[dark]; i++)
		if (m->items[dark][i].kind == LITEM_TEXT) {
			free((void *)m->items[dark][i].u.text.cps);
			free((void *)m->items[dark][i].u.text.xs);
		}
	free(m->items[dark]);
	m->items[dark] = NULL;
	m->n[dark] = 0;
	m->ready[dark] = 0;
}

/* Large, light, diagonal text across page p, set into m (once for each
 * page size and colour). */
static void
wmark_set(lflow *f, wmark *m, const layout_page *p, const char *text, int dark)
{
	const model_watermark *wm = &f->th->templates.watermark;
	wmark_drop(m, dark);
	m->ready[dark] = 1;
	m->w[dark] = p->width;
	m->h[dark] = p->height;
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
	text_metrics mt;
	text_font_metrics(font, &mt);
	double a = atan2(p->height, p->width); /* corner to corner */
	double ux = cos(a), uy = -sin(a);      /* along the baseline */
	double vx = -sin(a), vy = -cos(a);     /* up from it */
	double cap = (mt.cap_height > 0 ? mt.cap_height : 0.7) * size;
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
		/* Its own copy of the glyphs: the layout's may be freed as
		 * the pages are drawn. */
		size_t n = it->u.text.nglyphs;
		uint16_t *cps = xmalloc((n ? n : 1) * sizeof(*cps));
		float *xs = xmalloc((n ? n : 1) * sizeof(*xs));
		memcpy(cps, it->u.text.cps, n * sizeof(*cps));
		memcpy(xs, it->u.text.xs, n * sizeof(*xs));
		it->u.text.cps = cps;
		it->u.text.xs = xs;
	}
	m->items[dark] = tmp.items;
	m->n[dark] = tmp.nitems;
}

/* The watermark on page p, inserted at index at. */
static void
watermark(lflow *f, wmark *m, layout_page *p, size_t at, const char *text,
          int dark)
{
	if (!m->ready[dark] || m->w[dark] != p->width ||
	    m->h[dark] != p->height)
		wmark_set(f, m, p, text, dark);
	size_t n = m->n[dark];
	if (n == 0)
		return;
	layout_item *it = xmalloc(n * sizeof(*it));
	memcpy(it, m->items[dark], n * sizeof(*it));
	for (size_t i = 0; i < n; i++) {
		if (it[i].kind != LITEM_TEXT)
			continue;
		size_t ng = it[i].u.text.nglyphs;
		uint16_t *cps;
		float *xs;
		it[i].u.text.glyph_block = lglyphs_alloc(f, ng, &cps, &xs);
		memcpy(cps, m->items[dark][i].u.text.cps, ng * sizeof(*cps));
		memcpy(xs, m->items[dark][i].u.text.xs, ng * sizeof(*xs));
		it[i].u.text.cps = cps;
		it[i].u.text.xs = xs;
	}
	lnav_insert(f, p, at, it, n);
	free(it);
}

int
lwatermark_check(lflow *f)
{
	const model_watermark *wm = &f->th->templates.watermark;
	const char *text = f->opts.watermark ? f->opts.watermark : wm->text;
	if (!text)
		return 0;
	size_t n = utf8_count(text, strlen(text));
	if (n <= LIMIT_WATERMARK_CHARS)
		return 0;
	/* From the command line it has no place in the YAML. */
	src_pos at = f->opts.watermark ? (src_pos){0} : wm->pos;
	diag_error(f->diags, DIAG_LIMIT, at,
	           "the %s is %zu characters long; a watermark has at most %d",
	           f->opts.watermark ? "--watermark text" : "watermark", n,
	           LIMIT_WATERMARK_CHARS);
	diag_note(f->diags, "use a word or two, such as DRAFT "
	                    "(LIMIT_WATERMARK_CHARS)");
	f->failed = 1;
	return -1;
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
	heads h;
	memset(&h, 0, sizeof(h));
	wmark wmk;
	memset(&wmk, 0, sizeof(wmk));
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
				watermark(f, &wmk, p, at, wm, 1);
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
			zone(f, &h, p, header, header_y, "header", chapters[i],
			     i);
			layout_item *rule = lsink_push(f, lsink_page(p), LITEM_LINE,
			                               "header-rule", header->pos);
			rule->u.line.x1 = ld->area_x;
			rule->u.line.x2 = ld->area_x + ld->area_w;
			rule->u.line.y1 = rule->u.line.y2 = header_y + 5;
			rule->u.line.color = th->color_muted;
			rule->u.line.width = 0.4;
		}
		zone(f, &h, p, footer, footer_y, "footer", chapters[i], i);
		if (wm && *wm)
			watermark(f, &wmk, p, 0, wm, 0);
		background(f, p, bg);
	}
	if (ld->npages)
		lpage_final(f, ld->npages - 1);
	heads_free(&h);
	wmark_drop(&wmk, 0);
	wmark_drop(&wmk, 1);
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
