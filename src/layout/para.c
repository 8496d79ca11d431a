/* para.c - paragraphs of rich text into lines and slices. */
#include <stdlib.h>
#include <string.h>

#include "layout/layout_internal.h"
#include "util/limits.h"
#include "util/utf8.h"

lsink
lsink_slice(lslice *s)
{
	lsink k = {&s->items, &s->nitems, &s->capitems};
	return k;
}

lsink
lsink_page(layout_page *p)
{
	lsink k = {&p->items, &p->nitems, &p->capitems};
	return k;
}

void
lsink_trim(lsink k)
{
	if (*k.nitems && *k.nitems < *k.capitems) {
		*k.items = xrealloc(*k.items, *k.nitems * sizeof(layout_item));
		*k.capitems = *k.nitems;
	}
}

layout_item *
lsink_push(lflow *f, lsink k, layout_kind kind, layout_role role, src_pos pos)
{
	(void)f;
	/* Trimmed (lsink_trim) when the next slice begins, when a page is
	 * full and when the layout is done. */
	if (*k.nitems == *k.capitems)
		*k.items = xgrow(*k.items, k.capitems, *k.nitems + 1,
		                 sizeof(layout_item));
	layout_item *it = &(*k.items)[(*k.nitems)++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->role = role;
	it->pos = pos;
	if (kind == LITEM_TEXT)
		it->u.text.opacity = 1;
	return it;
}

void
lline_items(lflow *f, lsink k, const text_line *ln, double x, double y,
            layout_role role, src_pos pos)
{
	for (size_t r = 0; r < ln->nruns; r++) {
		const text_run *run = &ln->runs[r];
		if (run->nglyphs == 0)
			continue;
		layout_item *it = lsink_push(f, k, LITEM_TEXT, role, pos);
		layout_text *t = &it->u.text;
		text_metrics m;
		text_font_metrics(run->font, &m);
		t->font = run->font;
		t->size = run->style.size;
		t->color = run->style.color;
		t->x = x + run->x0;
		t->y = y;
		t->width = run->x1 - run->x0;
		t->ascent = m.ascender * t->size;
		t->descent = m.descender * t->size;
		uint16_t *cps;
		float *xs;
		t->glyph_block = lglyphs_alloc(f, run->nglyphs, &cps, &xs);
		for (size_t i = 0; i < run->nglyphs; i++) {
			/* BMP only: text_break_paragraph refuses the rest. */
			cps[i] = (uint16_t)run->glyphs[i].cp;
			xs[i] = (float)(run->glyphs[i].x - run->x0);
		}
		t->cps = cps;
		t->xs = xs;
		t->nglyphs = run->nglyphs;
		if (run->style.link >= 0) {
			/* Pushing may move the array: copy what the link needs
			 * from the text item first. */
			const layout_text tt = *t;
			layout_item *li = lsink_push(f, k, LITEM_LINK, "link",
			                             f->links[run->style.link].pos);
			li->u.link.x = tt.x;
			li->u.link.y = y - tt.ascent;
			li->u.link.w = tt.width;
			li->u.link.h = tt.ascent + tt.descent;
			li->u.link.uri = f->links[run->style.link].href;
			li->u.link.dest = -1;
		}
	}
}

void
llink_count(lflow *f, src_pos pos)
{
	if (f->nannots++ != (size_t)LIMIT_LINKS)
		return;
	/* Said once; the layout fails, the links after still work. */
	diag_error(f->diags, DIAG_LIMIT, pos,
	           "the document has more than %ld links", LIMIT_LINKS);
	diag_note(f->diags, "each link, and each line of a contents block, "
	                    "makes the PDF bigger and slower to open; keep the "
	                    "links that help the reader, list fewer levels in "
	                    "the contents (depth), or split the document "
	                    "(LIMIT_LINKS)");
	f->failed = 1;
}

static int
add_link(lflow *f, const char *href, src_pos pos)
{
	llink_count(f, pos);
	if (f->nlinks == f->caplinks)
		f->links = xgrow(f->links, &f->caplinks, f->nlinks + 1, sizeof(*f->links));
	/* The layout's own copy: the link outlives the block. */
	f->links[f->nlinks].href = href ? arena_strdup(&f->ld->mem, href)
	                                : NULL;
	f->links[f->nlinks].pos = pos;
	return (int)f->nlinks++;
}

/* Spans for a rich text; link runs get the primary colour. */
text_span *
lpara_spans(lflow *f, const model_text *text, const lpara_style *ps,
            size_t *nspans)
{
	text_span *sp = xcalloc(text->nruns ? text->nruns : 1, sizeof(*sp));
	for (size_t i = 0; i < text->nruns; i++) {
		const model_inline *r = &text->runs[i];
		unsigned st = r->style | ps->base_style;
		sp[i].utf8 = r->text;
		sp[i].len = r->len;
		sp[i].hard_break = r->hard_break;
		sp[i].pos = r->pos;
		sp[i].verbatim = r->verbatim;
		sp[i].style.stack = &f->stacks[ps->role][st & 3];
		sp[i].style.size = ps->size;
		sp[i].style.color = r->href ? f->th->color_primary : ps->color;
		sp[i].style.link = r->href ? add_link(f, r->href, r->pos) : -1;
	}
	*nspans = text->nruns;
	return sp;
}

void
lpara_opts(const lflow *f, const lpara_style *ps, double w,
           text_para_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->measure = w;
	o->align = ps->align;
	o->lang = f->doc->lang;
	o->hyphenate = ps->hyphenate;
	o->allow_missing = f->opts.allow_missing_glyphs;
	o->verbose = f->opts.verbose;
	o->quiet_words = ps->quiet_words;
	/* The theme's hyphenation minima and word gap (theme_typeset.c). */
	o->hyph_lang = f->th->typeset.hyph_lang;
	o->hyph_before = f->th->typeset.hyph_before;
	o->hyph_after = f->th->typeset.hyph_after;
	o->nhyph = f->th->typeset.nhyph;
	o->max_space = f->th->typeset.max_space;
	o->nobreak_off = f->doc->theme.nobreak_off; /* the same bits */
	o->short_words = f->doc->theme.nobreak_words;
}

static size_t
break_spans(lflow *f, text_span *sp, size_t n, const lpara_style *ps,
            double w, text_para *para, arena *mem)
{
	text_para_opts o;
	lpara_opts(f, ps, w, &o);
	memset(para, 0, sizeof(*para));
	if (text_break_paragraph(para, mem, sp, n, &o, f->diags) != 0) {
		f->failed = 1;
		return 0;
	}
	return para->nlines;
}

size_t
lpara(lflow *f, const model_text *text, const lpara_style *ps, double x,
      double w)
{
	size_t n;
	text_span *sp = lpara_spans(f, text, ps, &n);
	text_para para;
	/* The broken lines are needed only until their glyphs are copied
	 * into items (lline_items): keep them out of the layout's arena. */
	arena tmp;
	arena_init(&tmp);
	break_spans(f, sp, n, ps, w, &para, &tmp);
	free(sp);
	size_t nlines = lpara_place(f, text, ps, x, &para);
	arena_free(&tmp);
	return nlines;
}

int
lline_ends_hyphen(const text_line *ln)
{
	if (ln->hyphenated)
		return 1;
	for (size_t r = ln->nruns; r-- > 0;) {
		const text_run *run = &ln->runs[r];
		/* A line's last glyph may be the space after its last word. */
		for (size_t g = run->nglyphs; g-- > 0;) {
			uint32_t cp = run->glyphs[g].cp;
			if (cp != ' ')
				return cp == '-' || cp == 0x2010 || cp == 0xAD;
		}
	}
	return 0;
}

int
lpara_may_break(const lflow *f, size_t i, size_t n, int ends_hyphen)
{
	/* No orphans (the first lines alone at a page foot), no widows (the
	 * last lines alone at the next page's head), and no word begun on
	 * one page and ended on the next. */
	size_t before = i + 1, after = n - before;
	return !ends_hyphen && before >= (size_t)f->th->orphans &&
	       after >= (size_t)f->th->widows;
}

size_t
lpara_place(lflow *f, const model_text *text, const lpara_style *ps,
            double x, const text_para *lines)
{
	const text_para para = *lines;
	size_t nlines = para.nlines;

	/* Every line advances by the same leading, so lines of a page share
	 * one baseline grid; the baseline sits where the font's ascender and
	 * descender are centred in the leading. */
	text_metrics m;
	text_font_metrics(f->stacks[ps->role][ps->base_style & 3].fonts[0], &m);
	double lead = ps->size * ps->line_height;
	double base = (lead - (m.ascender + m.descender) * ps->size) / 2 +
	              m.ascender * ps->size;
	/* When the leading is tighter than the font's ascent and descent
	 * (large headings), the first and last lines grow so that no glyph
	 * box pokes out of the paragraph. */
	double over_top = m.ascender * ps->size - base;
	double over_bottom = base + m.descender * ps->size - lead;
	if (over_top < 0)
		over_top = 0;
	if (over_bottom < 0)
		over_bottom = 0;
	for (size_t i = 0; i < nlines; i++) {
		double top = i == 0 ? over_top : 0;
		double bottom = i + 1 == nlines ? over_bottom : 0;
		lslice *s = lslice_new(f, lead + top + bottom);
		s->frame = ps->frame;
		s->hyphen_end = lline_ends_hyphen(&para.lines[i]);
		if (i + 1 < nlines &&
		    (ps->keep_lines ||
		     !lpara_may_break(f, i, nlines, s->hyphen_end)))
			s->keep_with_next = 1;
		lline_items(f, lsink_slice(s), &para.lines[i], x, base + top,
		            ps->role_name, text->pos);
	}
	return nlines;
}

size_t
lpara_lines(lflow *f, const model_text *text, const lpara_style *ps,
            double w, text_para *out, arena *mem)
{
	size_t n;
	text_span *sp = lpara_spans(f, text, ps, &n);
	size_t nlines = break_spans(f, sp, n, ps, w, out, mem);
	free(sp);
	return nlines;
}

double
lplain_spans(lflow *f, lsink k, text_span *sp, size_t n, int role,
             unsigned style, double size, uint32_t color, double x, double w,
             text_align align, double y, layout_role role_name, src_pos pos)
{
	for (size_t i = 0; i < n; i++) {
		sp[i].style.stack = &f->stacks[role][style & 3];
		sp[i].style.size = size;
		sp[i].style.color = color;
		sp[i].style.link = -1;
	}
	lpara_style ps;
	memset(&ps, 0, sizeof(ps));
	ps.align = align;
	text_para para;
	arena tmp;
	arena_init(&tmp);
	double width = 0;
	if (break_spans(f, sp, n, &ps, w, &para, &tmp) > 0) {
		lline_items(f, k, &para.lines[0], x, y, role_name, pos);
		width = para.lines[0].width;
	}
	arena_free(&tmp);
	return width;
}

double
lplain_line(lflow *f, lsink k, const char *s, int role, unsigned style,
            double size, uint32_t color, double x, double w, text_align align,
            double y, layout_role role_name, src_pos pos)
{
	text_span sp;
	memset(&sp, 0, sizeof(sp));
	sp.utf8 = s;
	sp.len = strlen(s);
	sp.pos = pos;
	return lplain_spans(f, k, &sp, 1, role, style, size, color, x, w, align,
	                    y, role_name, pos);
}

char *
lplain_text(const model_text *t)
{
	buf b;
	buf_init(&b);
	for (size_t i = 0; i < t->nruns; i++) {
		if (t->runs[i].hard_break)
			buf_putc(&b, ' ');
		else
			buf_put(&b, t->runs[i].text, t->runs[i].len);
	}
	if (!b.data)
		buf_puts(&b, "");
	return buf_detach(&b);
}
