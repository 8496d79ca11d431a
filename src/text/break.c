/*
 * break.c - paragraphs (see text.h and break.h): where a line may end
 * (ICU's UAX #14 opportunities, hyphenation points, soft hyphens and
 * emergency breaks in overlong words), the boxes, glue and penalties
 * built from them, and the glyphs placed on the lines chosen.
 *
 * The pipeline of one paragraph:
 *   collect   spans -> code points, each with its font (collect.c)
 *   classify  ICU's line-break iterator marks where a line may end
 *   measure   words are shaped (through the font's cache) per font run
 *   hyphenate hyphenation points and soft hyphens become flagged breaks
 *   items     boxes, glue (spaces) and penalties, as Knuth and Plass
 *   breaking  total fit, or greedy for tests (knuth_plass.c)
 *   place     glyph x positions, justification, alignment, runs
 */
#include "text/text.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utypes.h>

#include "text/break.h"
#include "text/hyphen.h"
#include "text/knuth_plass.h"
#include "text/nobreak.h"
#include "text/paragraph.h"
#include "text/text_internal.h"
#include "util/datadir.h"
#include "util/utf8.h"

/* ---- parameters ---- */

/* Penalties as in TeX (The TeXbook, ch. 14; the demerits they add are in
 * knuth_plass.c). TeX's defaults suit the same glue model (space stretch
 * 1/2, shrink 1/3 of the space). */
#define HYPHEN_PENALTY 50.0          /* an inserted or soft hyphen */
#define EXPLICIT_HYPHEN_PENALTY 50.0 /* after a hyphen in the text */
#define EMERGENCY_PENALTY 100.0      /* inside an overlong word */
#define SPACE_STRETCH (1.0 / 2.0)    /* of the space's width */
#define SPACE_SHRINK (1.0 / 3.0)
/* Ragged lines do not stretch their spaces; their cost is the shortfall
 * measured against this much virtual stretch (TeX's ragged-right uses
 * \rightskip 0pt plus 2em). */
#define RAGGED_STRETCH_EM 2.0

static void
para_free(para *p)
{
	free(p->cps);
	free(p->items);
	text_kp_free(&p->kp);
	free(p->tmpadv);
	free(p->said);
}

static kp_item *
push_item(para *p, kp_item_type type)
{
	if (p->nitems == p->capitems)
		p->items = xgrow(p->items, &p->capitems, p->nitems + 1, sizeof(*p->items));
	kp_item *it = &p->items[p->nitems++];
	memset(it, 0, sizeof(*it));
	it->type = type;
	return it;
}

/* ---- classify: UAX #14 ---- */

static int
is_hyphen_char(uint32_t cp)
{
	return cp == '-' || cp == 0x2010 || cp == 0x2012 || cp == 0x2013;
}

/* ICU's line iterator for lang, set to text: opening one loads and
 * builds its rules (most of the cost of a short paragraph), so the last
 * one is kept per thread and only given new text. NULL without ICU
 * data. */
static _Thread_local UBreakIterator *kept;
static _Thread_local char *kept_lang;

static UBreakIterator *
line_iterator(const char *lang, const UChar *text, int32_t len)
{
	UErrorCode status = U_ZERO_ERROR;
	if (kept && strcmp(kept_lang, lang) == 0) {
		ubrk_setText(kept, text, len, &status);
		if (U_SUCCESS(status))
			return kept;
		status = U_ZERO_ERROR;
	}
	if (kept)
		ubrk_close(kept);
	free(kept_lang);
	kept = ubrk_open(UBRK_LINE, lang, text, len, &status);
	if (U_FAILURE(status)) {
		kept = NULL;
		kept_lang = NULL;
		return NULL;
	}
	kept_lang = xstrdup(lang);
	return kept;
}

void
text_break_thread_end(void)
{
	if (kept)
		ubrk_close(kept);
	free(kept_lang);
	kept = NULL;
	kept_lang = NULL;
}

/* Record the kind of each break opportunity ICU finds. ICU works in UTF-16,
 * so every code point's first UTF-16 index maps back to it (all code points
 * are BMP here, but the mapping does not rely on it). */
static void
classify(para *p)
{
	size_t n16 = 0;
	for (size_t i = 0; i < p->ncps; i++)
		n16 += p->cps[i].cp > 0xFFFF ? 2 : 1;
	UChar *u = xmalloc((n16 + 1) * sizeof(*u));
	size_t *map = xmalloc((n16 + 1) * sizeof(*map));
	size_t j = 0;
	for (size_t i = 0; i < p->ncps; i++) {
		uint32_t cp = p->cps[i].cp;
		if (cp > 0xFFFF) {
			map[j] = i;
			u[j++] = (UChar)(0xD800 + ((cp - 0x10000) >> 10));
			map[j] = SIZE_MAX; /* inside a pair: never a boundary */
			u[j++] = (UChar)(0xDC00 + ((cp - 0x10000) & 0x3FF));
		} else {
			map[j] = i;
			u[j++] = (UChar)cp;
		}
	}
	map[n16] = p->ncps;

	UBreakIterator *bi = line_iterator(p->opts->lang ? p->opts->lang : "",
	                                   u, (int32_t)n16);
	if (!bi) {
		/* No ICU data: fall back to breaking at spaces only. */
		for (size_t i = 1; i < p->ncps; i++)
			if ((p->cps[i - 1].flags & CP_SPACE) &&
			    !(p->cps[i].flags & CP_SPACE))
				p->cps[i].brk = BRK_SPACE;
	} else {
		for (int32_t b = ubrk_first(bi); b != UBRK_DONE;
		     b = ubrk_next(bi)) {
			if (b <= 0 || (size_t)b >= n16 || map[b] == SIZE_MAX)
				continue;
			size_t ci = map[b];
			const cpinfo *prev = &p->cps[ci - 1];
			cpinfo *c = &p->cps[ci];
			if (prev->flags & CP_SPACE)
				c->brk = BRK_SPACE;
			else if (prev->flags & CP_HARD)
				c->brk = BRK_NONE; /* forced anyway */
			else if (prev->cp == 0x00AD)
				c->brk = BRK_SHY;
			else if (is_hyphen_char(prev->cp))
				c->brk = BRK_EXPLICIT;
			else
				c->brk = BRK_PLAIN;
		}
	}
	free(u);
	free(map);
}

/* ---- measure ---- */

static int
same_style(const text_style *a, const text_style *b)
{
	return a->stack == b->stack && a->size == b->size &&
	       a->color == b->color && a->link == b->link &&
	       (a->lang == b->lang ||
	        (a->lang && b->lang && strcmp(a->lang, b->lang) == 0));
}

/* Advance of one code point shaped alone (spaces, hyphens), points. */
static double
char_advance(text_font *f, double size, uint32_t cp)
{
	char tmp[4];
	size_t n = utf8_encode(cp, tmp);
	float adv = 0;
	text_font_advances(f, tmp, n, 1, &adv);
	return adv * size / (double)f->upem;
}

/* Give every code point its advance: words are shaped per run of one font
 * and span, so kerning applies inside them. */
static void
measure(para *p)
{
	for (size_t i = 0; i < p->ncps;) {
		cpinfo *c = &p->cps[i];
		const text_span *sp = &p->spans[c->span];
		if (c->flags & (CP_INVISIBLE | CP_HARD)) {
			c->adv = 0;
			i++;
			continue;
		}
		if (c->flags & (CP_SPACE | CP_STANDIN)) {
			/* Shaped alone: the text's bytes are another character. */
			c->adv = (float)char_advance(c->font, sp->style.size,
			                             c->flags & CP_SPACE ? ' ' : c->cp);
			i++;
			continue;
		}
		size_t j = i + 1;
		/* A character left out (allow_missing) ends the piece: the
		 * shaped bytes must be exactly the piece's code points. */
		while (j < p->ncps && p->cps[j].span == c->span &&
		       p->cps[j].font == c->font && !p->cps[j].flags &&
		       p->cps[j].off == p->cps[j - 1].off + p->cps[j - 1].len)
			j++;
		size_t n = j - i;
		if (n > p->captmp) {
			p->captmp = n < 256 ? 256 : n;
			free(p->tmpadv);
			p->tmpadv = xmalloc(p->captmp * sizeof(*p->tmpadv));
		}
		size_t bytes = p->cps[j - 1].off + p->cps[j - 1].len - c->off;
		text_font_advances(c->font, sp->utf8 + c->off, bytes, n, p->tmpadv);
		double scale = sp->style.size / (double)c->font->upem;
		for (size_t k = 0; k < n; k++)
			p->cps[i + k].adv = (float)(p->tmpadv[k] * scale);
		i = j;
	}
}

/* Does the whole paragraph fit the measure at its natural width, with
 * no hard break? (Spaces at its ends count too: a safe overestimate.) */
static int
fits_one_line(const para *p)
{
	double w = 0;
	for (size_t i = 0; i < p->ncps; i++) {
		if (p->cps[i].flags & CP_HARD)
			return 0;
		w += p->cps[i].adv;
	}
	return w <= p->opts->measure - FIT_EPS;
}

/* ---- hyphenation and overlong words ---- */

static int
is_word_cp(const cpinfo *c)
{
	return !(c->flags & (CP_SPACE | CP_HARD));
}

static int
is_letter(uint32_t cp, const char *lang)
{
	/* What u_isalpha answers for ASCII and the Russian alphabet, the
	 * letters of most words, without asking ICU. */
	if (((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ||
	    (cp >= 0x0410 && cp <= 0x044F))
		return 1;
	if (cp >= 0x80 && u_isalpha((UChar32)cp))
		return 1;
	/* Uzbek Latin writes o' and g' with a modifier letter or quote. */
	return lang && strncmp(lang, "uz", 2) == 0 &&
	       (cp == 0x02BB || cp == 0x2018 || cp == 0x2019 || cp == '\'' ||
	        cp == 0x02BC);
}

/* Mark hyphenation points in the letter runs of the word [w0, w1). */
/* Does the word at code point i start a sentence: only spaces and
 * opening quotes or brackets between it and the paragraph start or a
 * full stop, question or exclamation mark? */
static int
sentence_start(const para *p, size_t i)
{
	while (i > 0) {
		uint32_t c = p->cps[i - 1].cp;
		if (c == '.' || c == '!' || c == '?' || c == 0x2026)
			return 1;
		if (!(u_isspace((UChar32)c) || c == '"' || c == '(' ||
		      c == 0xAB || c == 0x201C || c == 0x2018 || c == 0xA0))
			return 0;
		i--;
	}
	return 1;
}

static void
hyphenate_word(para *p, size_t w0, size_t w1)
{
	const char *lang = p->opts->lang;
	for (size_t i = w0; i < w1; i++)
		if (p->cps[i].cp == 0x00AD)
			return; /* the author chose the points */
	char word[256];
	uint32_t at[256]; /* byte offset in word -> code point index */
	size_t pos[64];
	for (size_t i = w0; i < w1;) {
		if (!is_letter(p->cps[i].cp, lang)) {
			i++;
			continue;
		}
		size_t j = i, len = 0;
		while (j < w1 && is_letter(p->cps[j].cp, lang) &&
		       len + 4 < sizeof(word)) {
			uint32_t cp = p->cps[j].cp;
			size_t k;
			if (cp < 0x80) {
				word[len] = (char)cp;
				k = 1;
			} else if (cp < 0x800) {
				word[len] = (char)(0xC0 | (cp >> 6));
				word[len + 1] = (char)(0x80 | (cp & 0x3F));
				k = 2;
			} else {
				k = utf8_encode(cp, word + len);
			}
			for (size_t b = 0; b < k; b++)
				at[len + b] = (uint32_t)j;
			len += k;
			j++;
		}
		at[len] = (uint32_t)j;
		/* The fewest letters on each side, for the word's script. */
		uint32_t c0 = p->cps[i].cp;
		const int *min = p->hmin[c0 >= 0x0400 && c0 <= 0x04FF];
		if (j - i < (size_t)(min[0] + min[1])) {
			i = j;
			continue;
		}
		/* Names and acronyms are not hyphenated ("Kazakhstan",
		 * "РЭЦЦА"): patterns split them badly and readers stumble over
		 * a broken name. A capitalised word that starts a sentence is
		 * not a name; an all-capitals one still is an acronym. */
		int caps = j - i > 1 && u_isupper((UChar32)p->cps[i + 1].cp);
		if (u_isupper((UChar32)p->cps[i].cp) &&
		    (caps || !sentence_start(p, i))) {
			i = j;
			continue;
		}
		size_t n = text_hyphenate_word(lang, word, len, pos,
		                               sizeof(pos) / sizeof(pos[0]));
		for (size_t k = 0; k < n; k++) {
			size_t ci = at[pos[k]];
			if (ci - i < (size_t)min[0] || j - ci < (size_t)min[1])
				continue;
			if (ci > w0 && ci < w1 && p->cps[ci].brk == BRK_NONE)
				p->cps[ci].brk = BRK_HYPH;
		}
		i = j;
	}
}

/* Is cp a decimal digit? ICU is asked only past U+0660, the first digit
 * after ASCII's, so that the Latin and Cyrillic letters of every word
 * cost a comparison. */
static int
is_digit(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= '0' && cp <= '9';
	return cp >= 0x0660 && u_isdigit((UChar32)cp);
}

/* The rules for a word [w0, w1) that holds a digit or a hyphen. A
 * numeric compound ("15-летие", "2001-2016") loses the breaks after its
 * hyphens and dashes: it never breaks. Return 1 if the word may take
 * hyphenation points, 0 if it holds a digit ("15th", "1990s") or a
 * hyphen between two characters ("non-governmental" breaks only after
 * its own hyphen). */
static int
word_rules(para *p, size_t w0, size_t w1)
{
	int digit = 0, hyphen = 0;
	for (size_t i = w0; i < w1; i++) {
		uint32_t cp = p->cps[i].cp;
		if (is_digit(cp))
			digit = 1;
		else if (is_hyphen_char(cp) && i > w0 && i + 1 < w1)
			hyphen = 1;
	}
	if (digit)
		for (size_t i = w0 + 1; i < w1; i++)
			if (p->cps[i].brk == BRK_EXPLICIT)
				p->cps[i].brk = BRK_NONE;
	return !digit && !hyphen;
}

/* Is the word that ends at code point j the last of its paragraph (or
 * before a hard break)? Only spaces follow it. */
static int
last_word(const para *p, size_t j)
{
	while (j < p->ncps && (p->cps[j].flags & CP_SPACE))
		j++;
	return j == p->ncps || (p->cps[j].flags & CP_HARD);
}

/* May a word be broken between characters before c (not inside a
 * grapheme cluster, roughly: not before a combining mark)? */
static int
cluster_start(const cpinfo *c)
{
	int8_t t = u_charType((UChar32)c->cp);
	return t != U_NON_SPACING_MARK && t != U_ENCLOSING_MARK &&
	       t != U_COMBINING_SPACING_MARK && !(c->flags & CP_INVISIBLE) &&
	       !(c->cp >= 0xFE00 && c->cp <= 0xFE0F);
}

static double
hyphen_width(para *p, size_t at, text_font **font)
{
	const cpinfo *prev = &p->cps[at - 1];
	const text_span *sp = &p->spans[prev->span];
	const text_font *in = prev->flags & CP_INVISIBLE ? NULL : prev->font;
	/* Asked twice per hyphenation point, mostly with the same font,
	 * stack and size: the last answer is kept. */
	hyph_memo *m = &p->hmemo;
	if (m->valid && m->in == in && m->stack == sp->style.stack &&
	    m->size == sp->style.size) {
		*font = m->out;
		return m->w;
	}
	text_font *f = in && text_font_has(prev->font, '-') ?
		prev->font : text_stack_font(sp->style.stack, '-');
	*font = f;
	double w = f ? char_advance(f, sp->style.size, '-') : 0.0;
	m->valid = 1;
	m->in = in;
	m->stack = sp->style.stack;
	m->size = sp->style.size;
	m->out = f;
	m->w = w;
	return w;
}

/* The word [w0, w1) for a message: its first WORD_QUOTE characters,
 * then an ellipsis (a word of 60000 letters is not quoted whole). */
#define WORD_QUOTE 60

static void
word_text(const para *p, size_t w0, size_t w1, buf *out)
{
	size_t n = 0;
	for (size_t i = w0; i < w1; i++) {
		if (p->cps[i].flags & CP_INVISIBLE)
			continue;
		if (n++ == WORD_QUOTE) {
			buf_puts(out, "\xE2\x80\xA6");
			break;
		}
		char tmp[4];
		buf_put(out, tmp, utf8_encode(p->cps[i].cp, tmp));
	}
}

/* A word whose unbreakable piece (plus the hyphen that may end it) is wider
 * than the measure is broken between characters, with a warning. */
static void
split_overlong(para *p, size_t w0, size_t w1)
{
	double measure = p->opts->measure;
	int warned = 0;
	for (size_t i = w0; i < w1;) {
		size_t j = i + 1;
		double w = p->cps[i].adv;
		while (j < w1 && p->cps[j].brk == BRK_NONE)
			w += p->cps[j++].adv;
		if (j < w1 &&
		    (p->cps[j].brk == BRK_SHY || p->cps[j].brk == BRK_HYPH)) {
			text_font *hf;
			w += hyphen_width(p, j, &hf);
		}
		if (w > measure + FIT_EPS) {
			p->broken_words = 1;
			if (!warned && !p->opts->quiet_words) {
				buf t;
				buf_init(&t);
				word_text(p, w0, w1, &t);
				diag_warning(p->diags, DIAG_LAYOUT,
				             p->spans[p->cps[w0].span].pos,
				             "the word '%s' is wider than the line "
				             "(%.1f pt > %.1f pt); it is broken between "
				             "characters", t.data ? t.data : "", w,
				             measure);
				diag_note(p->diags, "widen the column, make the text "
				                    "smaller, or add break points");
				buf_free(&t);
				warned = 1;
			}
			for (size_t k = i + 1; k < j; k++)
				if (cluster_start(&p->cps[k]))
					p->cps[k].brk = BRK_EMERGENCY;
		}
		i = j;
	}
}

/* The patterns for the paragraph's language cannot be read (a broken
 * install): say so once per list of diagnostics, at the first paragraph
 * that would be hyphenated. Its words are set without hyphens. */
static void
warn_no_patterns(para *p)
{
	const char *path = text_hyphen_missing(p->opts->lang);
	if (!path)
		return;
	char *msg = data_dir() ?
		xasprintf("cannot read the hyphenation patterns '%s'; words "
		          "are set without hyphens", path) :
		xasprintf("cannot find the data folder that holds the "
		          "hyphenation patterns (%s); words are set without "
		          "hyphens", path);
	for (size_t i = 0; i < p->diags->count; i++) {
		const diag *o = &p->diags->items[i];
		if (o->code == DIAG_IO && strcmp(o->message, msg) == 0) {
			free(msg);
			return;
		}
	}
	src_pos at = p->nspans ? p->spans[0].pos : (src_pos){0};
	diag_warning(p->diags, DIAG_IO, at, "%s", msg);
	diag_note(p->diags, "the patterns come with carec-report, in hyphen/ "
	                    "of its data folder: reinstall it, or set "
	                    "CAREC_DATA_DIR to its share/carec-report folder");
	free(msg);
}

/* ---- items ---- */

static void
push_penalty(para *p, size_t at)
{
	kp_item *it = push_item(p, KP_PENALTY);
	it->c0 = it->c1 = at;
	it->hspan = p->cps[at - 1].span;
	switch (p->cps[at].brk) {
	case BRK_SHY:
	case BRK_HYPH: {
		text_font *hf;
		double w = hyphen_width(p, at, &hf);
		it = &p->items[p->nitems - 1];
		it->w = w;
		it->hfont = hf;
		it->flagged = 1;
		it->penalty = HYPHEN_PENALTY;
		break;
	}
	case BRK_EXPLICIT:
		it->flagged = 1;
		it->penalty = EXPLICIT_HYPHEN_PENALTY;
		break;
	case BRK_EMERGENCY:
		it->penalty = EMERGENCY_PENALTY;
		break;
	default:
		it->penalty = 0;
		break;
	}
}

static void
push_word(para *p, size_t w0, size_t w1)
{
	size_t i = w0;
	while (i < w1) {
		kp_item *box = push_item(p, KP_BOX);
		box->c0 = i;
		double w = p->cps[i].adv;
		size_t j = i + 1;
		while (j < w1 && p->cps[j].brk == BRK_NONE)
			w += p->cps[j++].adv;
		box = &p->items[p->nitems - 1];
		box->w = w;
		box->c1 = j;
		if (j < w1)
			push_penalty(p, j);
		i = j;
	}
}

static void
push_forced(para *p, size_t at, uint32_t span)
{
	kp_item *it = push_item(p, KP_PENALTY);
	it->forced = 1;
	it->c0 = it->c1 = at;
	it->hspan = span;
}

/* Build the item list. Spaces at the start of a line (after a hard break)
 * and before a hard break or the end are dropped; a run of spaces is one
 * glue, shown as its first space. */
static void
build_items(para *p)
{
	const text_para_opts *o = p->opts;
	int content = 0; /* a box since the last forced break */
	for (size_t i = 0; i < p->ncps;) {
		const cpinfo *c = &p->cps[i];
		if (c->flags & CP_HARD) {
			push_forced(p, i, c->span);
			content = 0;
			i++;
			continue;
		}
		if (c->flags & CP_SPACE) {
			size_t j = i;
			while (j < p->ncps && (p->cps[j].flags & CP_SPACE))
				j++;
			if (content && j < p->ncps && !(p->cps[j].flags & CP_HARD)) {
				kp_item *g = push_item(p, KP_GLUE);
				g->c0 = i;
				g->c1 = j;
				g->w = c->adv;
				g->stretch = c->adv * SPACE_STRETCH;
				g->shrink = c->adv * SPACE_SHRINK;
				g->breakable = p->cps[j].brk == BRK_SPACE;
			}
			i = j;
			continue;
		}
		size_t j = i;
		while (j < p->ncps && is_word_cp(&p->cps[j]))
			j++;
		if (!p->one_line) {
			/* The last word is never hyphenated: the paragraph's
			 * last line does not start with a word's tail. */
			if (word_rules(p, i, j) && o->hyphenate && o->lang &&
			    !last_word(p, j))
				hyphenate_word(p, i, j);
			split_overlong(p, i, j);
		}
		push_word(p, i, j);
		content = 1;
		i = j;
	}
	if (p->nitems > 0 && p->items[p->nitems - 1].type == KP_PENALTY &&
	    p->items[p->nitems - 1].forced) {
		/* A hard break that ends the paragraph adds no empty line. */
		return;
	}
	if (p->nitems > 0)
		push_forced(p, p->ncps, p->cps[p->ncps - 1].span);
}

/* ---- placing glyphs ---- */

typedef struct pglyph {
	uint32_t cp;
	float x, adv;
	text_font *font;
	uint32_t span;
} pglyph;

typedef struct pbuf {
	pglyph *v;
	size_t n, cap;
} pbuf;

static void
put_glyph(pbuf *g, uint32_t cp, double x, double adv, text_font *f,
          uint32_t span)
{
	if (g->n == g->cap)
		g->v = xgrow(g->v, &g->cap, g->n + 1, sizeof(*g->v));
	pglyph *pg = &g->v[g->n++];
	pg->cp = cp;
	pg->x = (float)x;
	pg->adv = (float)adv;
	pg->font = f;
	pg->span = span;
}

static int
same_run(const para *p, const pglyph *a, const pglyph *b)
{
	return a->font == b->font &&
	       (a->span == b->span ||
	        same_style(&p->spans[a->span].style, &p->spans[b->span].style));
}

static void
place_line(const para *p, const kp_line *l, pbuf *g, arena *a,
           text_line *out)
{
	const double m = p->opts->measure;
	double r = p->justify ? l->ratio : 0;
	if (isinf(r) || isnan(r))
		r = 0;
	g->n = 0;
	double x = 0;
	for (size_t i = l->first; i < l->b; i++) {
		const kp_item *it = &p->items[i];
		if (it->type == KP_BOX) {
			for (size_t c = it->c0; c < it->c1; c++) {
				const cpinfo *ci = &p->cps[c];
				if (ci->flags & (CP_INVISIBLE | CP_HARD))
					continue;
				put_glyph(g, ci->cp, x, ci->adv, ci->font, ci->span);
				x += ci->adv;
			}
		} else if (it->type == KP_GLUE) {
			double w = it->w + r * (r >= 0 ? it->stretch : it->shrink);
			const cpinfo *ci = &p->cps[it->c0];
			put_glyph(g, ' ', x, w, ci->font, ci->span);
			x += w;
		}
	}
	const kp_item *bi = &p->items[l->b];
	memset(out, 0, sizeof(*out));
	if (bi->type == KP_PENALTY && bi->hfont && bi->w > 0) {
		put_glyph(g, '-', x, bi->w, bi->hfont, bi->hspan);
		x += bi->w;
		out->hyphenated = 1;
	}
	double shift = 0;
	if (p->opts->align == TEXT_ALIGN_RIGHT)
		shift = m - x;
	else if (p->opts->align == TEXT_ALIGN_CENTER)
		shift = (m - x) / 2;
	if (shift < 0)
		shift = 0;
	out->width = x + shift;

	size_t nruns = 0;
	for (size_t i = 0; i < g->n; i++)
		if (i == 0 || !same_run(p, &g->v[i - 1], &g->v[i]))
			nruns++;
	out->runs = nruns ? arena_alloc(a, nruns * sizeof(text_run)) : NULL;
	out->nruns = nruns;
	size_t ri = 0;
	for (size_t i = 0; i < g->n;) {
		size_t j = i + 1;
		while (j < g->n && same_run(p, &g->v[j - 1], &g->v[j]))
			j++;
		text_run *run = &out->runs[ri++];
		run->font = g->v[i].font;
		run->style = p->spans[g->v[i].span].style;
		run->nglyphs = j - i;
		run->glyphs = arena_alloc(a, (j - i) * sizeof(text_glyph));
		for (size_t k = i; k < j; k++) {
			run->glyphs[k - i].cp = g->v[k].cp;
			run->glyphs[k - i].x = (float)(g->v[k].x + shift);
		}
		run->x0 = g->v[i].x + shift;
		run->x1 = g->v[j - 1].x + g->v[j - 1].adv + shift;
		text_metrics mt;
		text_font_metrics(run->font, &mt);
		double size = run->style.size;
		if (mt.ascender * size > out->ascent)
			out->ascent = mt.ascender * size;
		if (mt.descender * size > out->descent)
			out->descent = mt.descender * size;
		i = j;
	}
	if (nruns == 0) {
		/* An empty line (hard breaks in a row): the height of its
		 * span's primary font. */
		const text_span *sp = &p->spans[bi->hspan];
		text_font *f = text_stack_primary(sp->style.stack);
		if (f) {
			text_metrics mt;
			text_font_metrics(f, &mt);
			out->ascent = mt.ascender * sp->style.size;
			out->descent = mt.descender * sp->style.size;
		}
	}
}

/* ---- driver ---- */

/* Everything up to the items; return -1 after an error. */
static int
prepare(para *p, const text_span *spans, size_t nspans,
        const text_para_opts *opts, int shortcut, diag_list *diags)
{
	memset(p, 0, sizeof(*p));
	p->spans = spans;
	p->nspans = nspans;
	p->opts = opts;
	p->diags = diags;
	p->justify = opts->align == TEXT_ALIGN_JUSTIFY;
	double em = 0;
	for (size_t i = 0; i < nspans; i++)
		if (spans[i].style.size > em)
			em = spans[i].style.size;
	double ragged = RAGGED_STRETCH_EM * (em > 0 ? em : 10.0);
	if (!(opts->measure > 0)) {
		diag_error(diags, DIAG_LAYOUT, nspans ? spans[0].pos : (src_pos){0},
		           "the line width is %g pt; it must be positive",
		           opts->measure);
		return -1;
	}
	if (text_collect(p) != 0)
		return -1;
	measure(p);
	/* Text that fits the measure at its natural width is one line: no
	 * other choice costs as little (a single last line at ratio 0 has
	 * the least demerits any line can have), so it needs no break
	 * opportunities, hyphens or emergency breaks. Table cells, running
	 * heads and list markers are mostly such texts. */
	p->one_line = shortcut && fits_one_line(p);
	if (!p->one_line)
		classify(p);
	if (!p->one_line)
		text_nobreak(p); /* nobreak.c: where a line must not end */
	if (!p->one_line && opts->hyphenate && opts->lang)
		warn_no_patterns(p);
	text_hyphen_min(opts, 0, &p->hmin[0][0], &p->hmin[0][1]);
	text_hyphen_min(opts, 1, &p->hmin[1][0], &p->hmin[1][1]);
	build_items(p);
	text_kp_init(&p->kp, p->items, p->nitems, opts->measure, p->justify,
	             ragged);
	if (opts->max_space > 0) {
		/* A gap of max_space spaces: the space stretched by ratio r
		 * is 1 + r SPACE_STRETCH spaces. */
		double r = (opts->max_space - 1.0) / SPACE_STRETCH;
		p->kp.max_ratio = r > 0 ? r : 0;
	}
	return 0;
}
int
text_break_paragraph(text_para *out, arena *a, const text_span *spans,
                     size_t nspans, const text_para_opts *opts,
                     diag_list *diags)
{
	memset(out, 0, sizeof(*out));
	para p;
	if (prepare(&p, spans, nspans, opts, 1, diags) != 0) {
		para_free(&p);
		return -1;
	}
	kp_line *lines;
	size_t n;
	int ragged;
	text_kp_choose(&p.kp, TEXT_BREAK_TOTAL_FIT, &lines, &n, &ragged);
	if (ragged)
		p.justify = 0; /* set at natural width, left */
	out->ragged = ragged;
	if (n) {
		out->lines = arena_alloc(a, n * sizeof(text_line));
		out->nlines = n;
		pbuf g = {0};
		for (size_t i = 0; i < n; i++)
			place_line(&p, &lines[i], &g, a, &out->lines[i]);
		free(g.v);
	}
	out->broken_words = p.broken_words;
	free(lines);
	para_free(&p);
	return 0;
}

int
text_break_demerits(const text_span *spans, size_t nspans,
                    const text_para_opts *opts, text_breaker how,
                    double *demerits, size_t *nlines, diag_list *diags)
{
	para p;
	*demerits = 0;
	*nlines = 0;
	if (prepare(&p, spans, nspans, opts, how != TEXT_BREAK_TOTAL_FIT_FULL,
	            diags) != 0) {
		para_free(&p);
		return -1;
	}
	kp_line *lines;
	int ragged;
	*demerits = text_kp_choose(&p.kp, how, &lines, nlines, &ragged);
	free(lines);
	para_free(&p);
	return 0;
}

int
text_break_points(const text_span *spans, size_t nspans,
                  const text_para_opts *opts, buf *out, diag_list *diags)
{
	para p;
	if (prepare(&p, spans, nspans, opts, 0, diags) != 0) {
		para_free(&p);
		return -1;
	}
	for (size_t i = 0; i < p.ncps; i++) {
		const cpinfo *c = &p.cps[i];
		if (c->brk == BRK_HYPH || c->brk == BRK_SHY)
			buf_putc(out, '-');
		else if (c->brk == BRK_EXPLICIT || c->brk == BRK_PLAIN ||
		         c->brk == BRK_EMERGENCY)
			buf_putc(out, '|');
		if (c->cp == 0x00AD || (c->flags & CP_HARD))
			continue;
		char tmp[4];
		buf_put(out, tmp, utf8_encode(c->cp, tmp));
	}
	para_free(&p);
	return 0;
}
