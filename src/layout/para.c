/* para.c - paragraphs of rich text into lines and slices. */
#include <math.h>
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
	it->snode = f->snode;
	it->seq = ++f->seq;
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
		t->hyphenated = ln->hyphenated && r + 1 == ln->nruns;
		if (run->style.lang && run->style.link < 0)
			/* Text in another language: a Span that says which. */
			it->snode = lstruct_lang(f, run->style.lang);
		if (run->style.link >= 0) {
			it->snode = lstruct_link(f, run->style.link);
			/* Pushing may move the array: copy what the link needs
			 * from the text item first. */
			const layout_text tt = *t;
			layout_item *li = lsink_push(f, k, LITEM_LINK, "link",
			                             f->links[run->style.link].pos);
			li->snode = f->links[run->style.link].snode;
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
	f->links[f->nlinks].snode = 0;
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
		sp[i].style.lang = r->lang;
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
	if (ps->balance)
		lpara_balance(f, sp, n, ps, w, para, mem);
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

/* ---- display lines ----
 *
 * A title or heading of two or more lines is set again with its line
 * breaks chosen for the eye: lines of similar length (the least sum of
 * squared widths, with the number of lines kept), breaks after
 * punctuation or before a preposition or conjunction rather than after
 * one, and never one word alone on the last line. The words are measured
 * once, set on one long line; the chosen breaks are then forced (hard
 * breaks where the spaces were) and the text set at its own measure and
 * alignment, so that a centred title stays centred on its column. */

/* Beyond this many words a text is a paragraph, not display lines: it is
 * left as broken (the search is quadratic in the words). */
#define BALANCE_MAX_WORDS 80
/* Costs, against the balance term: the sum over lines of (width /
 * measure)^2. Two lines 20 % of the measure apart cost 0.02 more than
 * two equal ones. A weak end costs more than a word alone: it is what the
 * no-break rules (text/nobreak.c) forbid, and the breaks chosen here are
 * forced. */
#define COST_WEAK_END 3.00 /* a line ends in "of", "и", a bare number */
#define COST_NAME     0.4  /* a break inside a name ("Central / Asia") */
#define COST_HYPHEN   0.15 /* a break at a hyphen the text has */
#define COST_LONE     2.0  /* one word alone on the last line */
/* A bonus: a break after punctuation, or before a preposition or a
 * conjunction. */
#define COST_SENSE 0.03
/* A measure no display text reaches (points): the words set on one line. */
#define ONE_LINE 1e6
/* Room for rounding: a line as wide as the measure must fit it. */
#define FIT_ROOM 0.01

/* Words that lean on the word after them: articles, prepositions,
 * conjunctions (by the first two letters of the language's code). */
static const char *const weak_words[][2] = {
        {"en", " a an the of for in on at to by with from into onto upon over "
               "under about and or nor but as than its our their this that "
               "these those per via "},
        {"ru", " а в во и к ко о об обо от с со у до за из изо на над по под "
               "при про для без через между перед или но да не ни что как чем "
               "его её ее их "},
        {"kk", " және мен пен бен немесе "},
        {"ky", " жана менен же "},
        {"uz", " va yoki bilan ва ёки билан "},
        {"tg", " ва бо дар аз ба "},
};

/* A word of the text (bytes [a, b) of the joined spans), or the part of
 * a compound up to its hyphen ("государств-"), and what a break after it
 * would mean. */
typedef struct bword {
	size_t a, b;
	int hyphen;      /* it ends at a hyphen, the next part follows */
	int weak;        /* it leans on the next word */
	int capital;     /* it starts with a capital letter */
	int ends_punct;  /* it ends a clause: , ; : . ! ? or is a dash */
	int starts_dash; /* it starts with a dash (no line starts so) */
	int number;      /* it ends with a digit */
	int lower;       /* it starts with a small letter */
} bword;

static int
is_blank(char c)
{
	/* The spaces a paragraph breaks at (text/collect.c's CP_SPACE). */
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A letter, as far as compounds go: Latin and Cyrillic. */
static int
is_letter_cp(uint32_t cp)
{
	return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ||
	       (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
	       (cp >= 0x0400 && cp <= 0x04FF);
}

/* Is cp the first letter after the hyphen of a compound (a, hyphen, cp:
 * "non-governmental", "штаб-квартира"; not "2001-2016")? */
static int
is_compound(uint32_t a, uint32_t hyphen, uint32_t cp)
{
	return (hyphen == '-' || hyphen == 0x2010) && is_letter_cp(a) &&
	       is_letter_cp(cp);
}

/* Is s[0..n) (lowercased) one of the language's weak words? */
static int
is_weak_word(const char *lang, const char *s, size_t n)
{
	if (!lang || n == 0 || n > 24)
		return 0;
	char low[80];
	size_t k = 1;
	low[0] = ' ';
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		if (len == 0)
			return 0;
		i += len;
		if (cp >= 'A' && cp <= 'Z')
			cp += 0x20;
		else if (cp >= 0x0410 && cp <= 0x042F)
			cp += 0x20; /* А-Я */
		else if (cp == 0x0401)
			cp = 0x0451; /* Ё */
		k += utf8_encode(cp, low + k);
	}
	low[k++] = ' ';
	low[k] = '\0';
	for (size_t i = 0; i < sizeof(weak_words) / sizeof(*weak_words); i++)
		if (strncmp(lang, weak_words[i][0], 2) == 0)
			return strstr(weak_words[i][1], low) != NULL;
	return 0;
}

/* Is s[0..n) a roman numeral ("IV"), which stays with its noun? */
static int
is_roman(const char *s, size_t n)
{
	if (n == 0 || n > 6)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!strchr("IVXLCDM", s[i]) || !s[i])
			return 0;
	return 1;
}

static int
is_dash_at(const char *s, size_t n)
{
	/* "-", en dash, em dash */
	return (n >= 1 && s[0] == '-') ||
	       (n >= 3 && memcmp(s, "\xE2\x80\x93", 3) == 0) ||
	       (n >= 3 && memcmp(s, "\xE2\x80\x94", 3) == 0);
}

/* What the word s[0..n) says about a break after it. */
static void
word_kind(bword *w, const char *lang, const char *s, size_t n)
{
	size_t core = n;
	for (;;) {
		if (core > 0 && s[core - 1] && strchr(",;:.!?)\"", s[core - 1]))
			core--;
		else if (core >= 2 && memcmp(s + core - 2, "\xC2\xBB", 2) == 0)
			core -= 2; /* » */
		else if (core >= 3 &&
		         memcmp(s + core - 3, "\xE2\x80\x9D", 3) == 0)
			core -= 3; /* ” */
		else
			break;
	}
	w->ends_punct = core < n || (n <= 3 && is_dash_at(s, n));
	w->starts_dash = is_dash_at(s, n);
	w->number = n > 0 && s[n - 1] >= '0' && s[n - 1] <= '9';
	uint32_t cp = 0;
	utf8_decode(s, n, &cp);
	w->lower = (cp >= 'a' && cp <= 'z') || (cp >= 0x0430 && cp <= 0x045F);
	w->capital = (cp >= 'A' && cp <= 'Z') || (cp >= 0x0400 && cp <= 0x042F);
	w->weak = core == n && (is_weak_word(lang, s, n) || is_roman(s, n));
}

/* The cost of ending a line after word i (not the last). */
static double
gap_cost(const bword *w, size_t i)
{
	if (w[i].hyphen)
		return COST_HYPHEN;
	double c = 0;
	if (w[i].weak || (w[i].number && w[i + 1].lower) ||
	    w[i + 1].starts_dash)
		c += COST_WEAK_END;
	if (w[i].ends_punct || w[i + 1].weak)
		c -= COST_SENSE;
	else if (w[i].capital && w[i + 1].capital)
		c += COST_NAME;
	return c;
}

/* The joined text of the spans and its words; 0, or -1 when the text
 * is not one to balance (a hard break of the writer's, too many words). */
static int
find_words(const lflow *f, const text_span *sp, size_t n, buf *text,
           bword **out, size_t *nout)
{
	for (size_t i = 0; i < n; i++) {
		if (sp[i].hard_break)
			return -1; /* the writer broke it: keep that */
		buf_put(text, sp[i].utf8, sp[i].len);
	}
	const char *s = text->data;
	size_t len = text->len, nw = 0, cap = 0;
	bword *w = NULL;
	for (size_t i = 0; i < len;) {
		if (is_blank(s[i])) {
			i++;
			continue;
		}
		size_t j = i;
		uint32_t prev = 0, prev2 = 0;
		int hyphen = 0;
		while (j < len && !is_blank(s[j])) {
			uint32_t cp = 0;
			size_t k = utf8_decode(s + j, len - j, &cp);
			if (is_compound(prev2, prev, cp)) {
				hyphen = 1; /* a part ends at the hyphen */
				break;
			}
			prev2 = prev;
			prev = cp;
			j += k ? k : 1;
		}
		if (nw == BALANCE_MAX_WORDS) {
			free(w);
			return -1;
		}
		if (nw == cap)
			w = xgrow(w, &cap, nw + 1, sizeof(*w));
		memset(&w[nw], 0, sizeof(*w));
		w[nw].a = i;
		w[nw].b = j;
		w[nw].hyphen = hyphen;
		word_kind(&w[nw], f->doc->lang, s + i, j - i);
		nw++;
		i = j;
	}
	*out = w;
	*nout = nw;
	return 0;
}

/* Where each word ends and the next starts on the text set on one line:
 * ends[i] and starts[i + 1]. Return 0, or -1 when the line does not
 * show a space glyph or a compound's hyphen between each two words. */
static int
word_edges(const text_line *ln, size_t nw, double *starts, double *ends)
{
	size_t k = 0;
	int after_space = 0;
	uint32_t prev = 0, prev2 = 0;
	starts[0] = 0;
	for (size_t r = 0; r < ln->nruns; r++)
		for (size_t g = 0; g < ln->runs[r].nglyphs; g++) {
			const text_glyph *gl = &ln->runs[r].glyphs[g];
			if (after_space) {
				starts[k] = gl->x;
				after_space = 0;
			}
			if (gl->cp == ' ' || is_compound(prev2, prev, gl->cp)) {
				if (k + 1 >= nw)
					return -1;
				ends[k++] = gl->x;
				if (gl->cp == ' ')
					after_space = 1;
				else
					starts[k] = gl->x;
			}
			prev2 = gl->cp == ' ' ? 0 : prev;
			prev = gl->cp == ' ' ? 0 : gl->cp;
		}
	if (k + 1 != nw || after_space)
		return -1;
	ends[nw - 1] = ln->width;
	return 0;
}

/* The breaks (brk[l]: the last word of line l) that set words of edges
 * starts/ends in nl lines no wider than w at the least cost. Return 0,
 * or -1 when no such setting exists. */
static int
choose_breaks(const bword *wd, size_t nw, const double *starts,
              const double *ends, double w, size_t nl, size_t *brk)
{
	/* cost[l * (nw + 1) + i]: words [0, i) in l lines. */
	size_t row = nw + 1;
	double *cost = xcalloc((nl + 1) * row, sizeof(*cost));
	size_t *from = xcalloc((nl + 1) * row, sizeof(*from));
	for (size_t i = 0; i < (nl + 1) * row; i++)
		cost[i] = HUGE_VAL;
	cost[0] = 0;
	for (size_t l = 1; l <= nl; l++)
		for (size_t i = l; i <= nw; i++)
			for (size_t a = l - 1; a < i; a++) {
				double prev = cost[(l - 1) * row + a];
				double lw = ends[i - 1] - starts[a];
				if (prev == HUGE_VAL || lw > w - FIT_ROOM)
					continue;
				double c = prev + (lw / w) * (lw / w);
				if (i < nw)
					c += gap_cost(wd, i - 1);
				else if (a + 1 == i && nw > 1)
					c += COST_LONE;
				if (c < cost[l * row + i]) {
					cost[l * row + i] = c;
					from[l * row + i] = a;
				}
			}
	int rc = -1;
	if (cost[nl * row + nw] != HUGE_VAL) {
		size_t i = nw;
		for (size_t l = nl; l > 0; l--) {
			brk[l - 1] = i - 1;
			i = from[l * row + i];
		}
		rc = 0;
	}
	free(cost);
	free(from);
	return rc;
}

/* The spans sp with a hard break in place of the space after each word
 * brk[0..nbrk) (malloc'd; *nout of them). */
static text_span *
spans_broken(const text_span *sp, size_t n, const bword *wd, const size_t *brk,
             size_t nbrk, size_t *nout)
{
	text_span *out = xcalloc(n + 2 * nbrk, sizeof(*out));
	size_t k = 0, b = 0, base = 0;
	for (size_t i = 0; i < n; i++) {
		text_span rest = sp[i];
		/* The breaks that fall in this span (at its end included). */
		while (b < nbrk && wd[brk[b]].b <= base + sp[i].len) {
			size_t at = wd[brk[b]].b - base;
			size_t used = (size_t)(rest.utf8 - sp[i].utf8);
			text_span head = rest;
			head.len = at - used;
			head.verbatim = rest.verbatim < head.len ? rest.verbatim
			                                         : head.len;
			if (head.len)
				out[k++] = head;
			text_span hard = rest;
			hard.utf8 = "";
			hard.len = 0;
			hard.hard_break = 1;
			hard.verbatim = 0;
			out[k++] = hard;
			rest.utf8 = sp[i].utf8 + at;
			rest.len = sp[i].len - at;
			rest.verbatim = 0;
			b++;
		}
		if (rest.len)
			out[k++] = rest;
		base += sp[i].len;
	}
	*nout = k;
	return out;
}

void
lpara_balance(lflow *f, const text_span *sp, size_t n, const lpara_style *ps,
              double w, text_para *para, arena *mem)
{
	size_t nl = para->nlines;
	/* Justified lines end flush at the measure: nothing to balance. */
	if (nl < 2 || ps->align == TEXT_ALIGN_JUSTIFY)
		return;
	buf text;
	buf_init(&text);
	bword *wd = NULL;
	size_t nw = 0;
	if (find_words(f, sp, n, &text, &wd, &nw) != 0 || nw < 2) {
		buf_free(&text);
		free(wd);
		return;
	}
	/* What is wrong with the text was said when it was first broken:
	 * these settings of it keep their messages to themselves. */
	diag_list quiet;
	diag_init(&quiet);
	text_para_opts o;
	lpara_opts(f, ps, w, &o);
	o.quiet_words = 1;
	text_para_opts one = o;
	one.measure = ONE_LINE;
	one.align = TEXT_ALIGN_LEFT;
	text_para line;
	double *starts = xcalloc(nw, sizeof(*starts));
	double *ends = xcalloc(nw, sizeof(*ends));
	size_t *brk = xcalloc(nl, sizeof(*brk));
	if (text_break_paragraph(&line, mem, sp, n, &one, &quiet) == 0 &&
	    line.nlines == 1 &&
	    word_edges(&line.lines[0], nw, starts, ends) == 0 &&
	    choose_breaks(wd, nw, starts, ends, w, nl, brk) == 0) {
		size_t nb;
		text_span *bs = spans_broken(sp, n, wd, brk, nl - 1, &nb);
		text_para set;
		/* Kept only when it is what was chosen: nl lines, each within
		 * the measure. */
		if (text_break_paragraph(&set, mem, bs, nb, &o, &quiet) == 0 &&
		    set.nlines == nl && !set.broken_words) {
			*para = set;
		}
		free(bs);
	}
	free(starts);
	free(ends);
	free(brk);
	free(wd);
	buf_free(&text);
	diag_free(&quiet);
}
