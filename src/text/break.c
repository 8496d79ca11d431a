/*
 * break.c - paragraphs: break opportunities (ICU, UAX #14), font choice,
 * Knuth-Plass items, total-fit line breaking and glyph placement (see
 * text.h and break.h).
 *
 * The pipeline of one paragraph:
 *   collect   spans -> code points, each with its font from the stack
 *   classify  ICU's line-break iterator marks where a line may end
 *   measure   words are shaped (through the font's cache) per font run
 *   hyphenate hyphenation points and soft hyphens become flagged breaks
 *   items     boxes, glue (spaces) and penalties, as Knuth and Plass
 *   breaking  total fit (or greedy, for comparison in tests)
 *   place     glyph x positions, justification, alignment, runs
 */
#include "text/text.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utypes.h>

#include "text/break.h"
#include "text/hyphen.h"
#include "text/text_internal.h"
#include "util/limits.h"
#include "util/utf8.h"

/* ---- parameters ---- */

/* Demerits as in TeX (The TeXbook, ch. 14): a line of badness b ending in
 * a penalty p costs (LINE_PENALTY + b)^2 + p^2. TeX's defaults suit the
 * same glue model (space stretch 1/2, shrink 1/3 of the space). */
#define LINE_PENALTY 10.0
#define HYPHEN_PENALTY 50.0          /* an inserted or soft hyphen */
#define EXPLICIT_HYPHEN_PENALTY 50.0 /* after a hyphen in the text */
#define EMERGENCY_PENALTY 100.0      /* inside an overlong word */
#define ADJ_DEMERITS 10000.0         /* fitness classes differ by 2 or 3 */
#define DOUBLE_HYPHEN_DEMERITS 10000.0
#define FINAL_HYPHEN_DEMERITS 5000.0 /* hyphen on the last full line */
#define BADNESS_MAX 1e6              /* a line that cannot stretch */
/* The loosest line the first, fast total-fit search considers (see
 * best_fit): badness 100 r^3 = 6400. On the benchmark report, 2.0 needs
 * the full search for 3 % of the paragraphs, 4.0 for 0.5 %, and 4.0 costs
 * the fewest instructions. */
#define FIRST_MAX_RATIO 4.0
#define SPACE_STRETCH (1.0 / 2.0)    /* of the space's width */
#define SPACE_SHRINK (1.0 / 3.0)
/* Ragged lines do not stretch their spaces; their cost is the shortfall
 * measured against this much virtual stretch (TeX's ragged-right uses
 * \rightskip 0pt plus 2em). */
#define RAGGED_STRETCH_EM 2.0
/* Rounding allowed when checking that a line fits, points. */
#define FIT_EPS 0.005

enum {
	FIT_TIGHT,
	FIT_DECENT,
	FIT_LOOSE,
	FIT_VERY_LOOSE,
	FIT_CLASSES
};

/* ---- code points ---- */

enum cp_flags {
	CP_SPACE = 1,     /* a word space (glue) */
	CP_INVISIBLE = 2, /* soft hyphen, zero-width space...: no glyph */
	CP_HARD = 4,      /* the marker of a hard-break span */
	CP_STANDIN = 8    /* set for another character no font has (cp) */
};

/* What may happen between a code point and the one before it. */
enum brk_kind {
	BRK_NONE,
	BRK_PLAIN,     /* UAX #14 opportunity inside a word (after a dash...) */
	BRK_EXPLICIT,  /* after a hyphen written in the text */
	BRK_SHY,       /* after a soft hyphen: show '-' if broken here */
	BRK_HYPH,      /* hyphenation point: show '-' if broken here */
	BRK_EMERGENCY, /* inside an overlong word, no hyphen shown */
	BRK_SPACE      /* the glue before this code point is an opportunity */
};

typedef struct cpinfo {
	uint32_t cp;
	uint32_t span; /* index of its span */
	uint32_t off;  /* byte offset in the span's text */
	uint8_t len;   /* byte length */
	uint8_t flags;
	uint8_t brk;   /* enum brk_kind, for the gap before this code point */
	text_font *font;
	float adv; /* points, kerning with the next code point included */
} cpinfo;

/* ---- items ---- */

typedef enum item_type {
	IT_BOX,
	IT_GLUE,
	IT_PENALTY
} item_type;

typedef struct item {
	item_type type;
	int breakable; /* glue: a legal break */
	int flagged;   /* penalty: hyphen-like, for the hyphen demerits */
	int forced;    /* penalty: a hard break or the paragraph's end */
	double w, stretch, shrink, penalty;
	size_t c0, c1;   /* code points covered */
	text_font *hfont; /* penalty: the hyphen's font, NULL if none shown */
	uint32_t hspan;   /* penalty: the span whose style the hyphen takes */
} item;

/* A character reported once per paragraph: missing from the whole stack
 * (font NULL), or set in the fallback font. */
typedef struct said {
	uint32_t cp;
	const text_font *font;
} said;

/* The last hyphen asked for (see hyphen_width). */
typedef struct hyph_memo {
	int valid;
	const text_font *in;      /* the font before the break, or NULL */
	const text_stack *stack;
	double size;
	text_font *out;
	double w;
} hyph_memo;

typedef struct para {
	const text_span *spans;
	size_t nspans;
	const text_para_opts *opts;
	diag_list *diags;
	int justify;
	double ragged_stretch;

	cpinfo *cps;
	size_t ncps, capcps;
	item *items;
	size_t nitems, capitems;
	double *sw, *sst, *ssh; /* prefix sums over items: [0, i) */
	float *tmpadv;
	size_t captmp;
	said *said;  /* characters already reported in this paragraph */
	size_t nsaid, capsaid;
	hyph_memo hmemo;
	int one_line; /* fits at natural width: no breaks needed */
	int broken_words; /* split_overlong broke a word */
} para;

/* One chosen line: content items [first, b), broken at item b. */
typedef struct line_brk {
	size_t first, b;
	double ratio;
} line_brk;

static void
para_free(para *p)
{
	free(p->cps);
	free(p->items);
	free(p->sw);
	free(p->sst);
	free(p->ssh);
	free(p->tmpadv);
	free(p->said);
}

static cpinfo *
push_cp(para *p)
{
	if (p->ncps == p->capcps) {
		p->capcps = p->capcps ? p->capcps * 2 : 256;
		p->cps = xrealloc(p->cps, p->capcps * sizeof(*p->cps));
	}
	cpinfo *c = &p->cps[p->ncps++];
	memset(c, 0, sizeof(*c));
	return c;
}

static item *
push_item(para *p, item_type type)
{
	if (p->nitems == p->capitems) {
		p->capitems = p->capitems ? p->capitems * 2 : 128;
		p->items = xrealloc(p->items, p->capitems * sizeof(*p->items));
	}
	item *it = &p->items[p->nitems++];
	memset(it, 0, sizeof(*it));
	it->type = type;
	return it;
}

/* ---- collect: code points and fonts ---- */

static int
is_invisible(uint32_t cp)
{
	if (cp >= 0x20 && cp < 0x7F)
		return 0; /* most characters: printable ASCII */
	return cp == 0x00AD || cp == 0x200B || cp == 0x200C || cp == 0x200D ||
	       cp == 0x2060 || cp == 0xFEFF || cp < 0x20 ||
	       (cp >= 0x7F && cp < 0xA0);
}

/* The first font of the stack that has cp, or NULL. */
static text_font *
stack_font(const text_stack *st, uint32_t cp)
{
	if (!st)
		return NULL;
	for (int i = 0; i < st->count; i++) {
		text_font *f = st->fonts[i];
		if (!f)
			continue;
		/* What text_font_has reads, when it has learnt it already:
		 * this is asked for every character of every paragraph. */
		if (cp <= 0xFFFF && f->coverage) {
			int known = text_coverage(f, cp);
			if (known == 1)
				return f;
			if (known == 0)
				continue;
		}
		if (text_font_has(f, cp))
			return f;
	}
	return NULL;
}

static text_font *
stack_primary(const text_stack *st)
{
	return st && st->count > 0 ? st->fonts[0] : NULL;
}

/* Was (cp, font) reported in this paragraph already? If not, remember it
 * and return 0. */
static int
said_before(para *p, uint32_t cp, const text_font *font)
{
	for (size_t i = 0; i < p->nsaid; i++)
		if (p->said[i].cp == cp && p->said[i].font == font)
			return 1;
	if (p->nsaid == p->capsaid) {
		p->capsaid = p->capsaid ? p->capsaid * 2 : 16;
		p->said = xrealloc(p->said, p->capsaid * sizeof(*p->said));
	}
	p->said[p->nsaid].cp = cp;
	p->said[p->nsaid].font = font;
	p->nsaid++;
	return 0;
}

/* Where the character at bytes [off, off + n) of sp is in the YAML: its
 * own column when it lies in the span's verbatim prefix (see text_span),
 * otherwise the span's start. */
static src_pos
char_pos(const text_span *sp, size_t off, size_t n)
{
	src_pos at = sp->pos;
	if (at.line > 0 && at.col > 0 && off + n <= sp->verbatim)
		at.col += (int)utf8_count(sp->utf8, off);
	return at;
}

/* Add a diagnostic unless the same one (code, position and message) is
 * in the list already: a running head is broken once per page, and its
 * characters need saying once. */
static void
say_once(diag_list *d, diag_severity sev, diag_code code, src_pos at,
         const char *note, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 6, 7)))
#endif
	;

static void
say_once(diag_list *d, diag_severity sev, diag_code code, src_pos at,
         const char *note, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < d->count; i++) {
		const diag *o = &d->items[i];
		if (o->code == code && o->pos.line == at.line &&
		    o->pos.col == at.col &&
		    (o->pos.file == at.file ||
		     (o->pos.file && at.file && strcmp(o->pos.file, at.file) == 0)) &&
		    strcmp(o->message, msg) == 0) {
			free(msg);
			return;
		}
	}
	diag_add(d, sev, code, at, "%s", msg);
	if (note)
		diag_note(d, "%s", note);
	free(msg);
}

/* A character no font of the stack has: an error, or with allow_missing
 * a warning (the character is then left out). */
static void
report_missing(para *p, const text_span *sp, size_t off, size_t n,
               uint32_t cp)
{
	const char *bytes = sp->utf8 + off;
	src_pos at = char_pos(sp, off, n);
	diag_severity sev = p->opts->allow_missing ? DIAG_WARNING : DIAG_ERROR;
	const char *left_out = p->opts->allow_missing ?
		"it is left out (--allow-missing-glyphs); " : "";
	char *note;
	if (cp > 0xFFFF) {
		note = xasprintf("%sreplace it (emoji and rare scripts are not "
		                 "supported)", left_out);
		say_once(p->diags, sev, DIAG_GLYPH, at, note,
		         "the character '%.*s' (U+%04X) is outside the Basic "
		         "Multilingual Plane; the PDF backend can show only "
		         "characters up to U+FFFF", (int)n, bytes, (unsigned)cp);
		free(note);
		return;
	}
	buf tried;
	buf_init(&tried);
	const text_stack *st = sp->style.stack;
	for (int i = 0; st && i < st->count; i++) {
		if (!st->fonts[i])
			continue;
		if (tried.len)
			buf_puts(&tried, ", ");
		buf_puts(&tried, text_font_name(st->fonts[i]));
	}
	note = xasprintf("%sadd a fallback font that has it to the font stack",
	                 left_out);
	say_once(p->diags, sev, DIAG_GLYPH, at, note,
	         "no font has the character '%.*s' (U+%04X); tried %s", (int)n,
	         bytes, (unsigned)cp, tried.len ? tried.data : "no fonts");
	free(note);
	buf_free(&tried);
}

/* With opts->verbose: say that cp is set in the fallback font f. */
static void
note_fallback(para *p, const text_span *sp, size_t off, size_t n,
              uint32_t cp, const text_font *f)
{
	const text_stack *st = sp->style.stack;
	buf lack;
	buf_init(&lack);
	int nlack = 0;
	for (int i = 0; i < st->count && st->fonts[i] != f; i++) {
		if (!st->fonts[i])
			continue;
		if (lack.len)
			buf_puts(&lack, " and ");
		buf_puts(&lack, text_font_name(st->fonts[i]));
		nlack++;
	}
	say_once(p->diags, DIAG_NOTE, DIAG_GLYPH, char_pos(sp, off, n), NULL,
	         "the character '%.*s' (U+%04X) is set in %s (%s %s it)",
	         (int)n, sp->utf8 + off, (unsigned)cp, text_font_name(f),
	         lack.data ? lack.data : "", nlack > 1 ? "lack" : "lacks");
	buf_free(&lack);
}

/* Combining marks beyond LIMIT_COMBINING_MARKS on one character: an
 * error at the first of them, once per paragraph. */
static void
report_marks(para *p, const text_span *sp, size_t off, size_t n)
{
	say_once(p->diags, DIAG_ERROR, DIAG_LIMIT, char_pos(sp, off, n),
	         "remove the extra marks; a letter takes a few accents at most "
	         "(LIMIT_COMBINING_MARKS)",
	         "more than %d combining marks (accents) follow one character "
	         "here",
	         LIMIT_COMBINING_MARKS);
}

/* Turn spans into code points with their fonts. A character missing from
 * its stack is reported once per paragraph, and left out under
 * allow_missing; with verbose, each character set in a fallback font gets
 * a note, once per paragraph and font. Return -1 if a missing character
 * is an error. */
static int
collect(para *p)
{
	int bad = 0;
	/* Room for every code point (at most one per byte, one per hard
	 * break) at once, and for the items of most paragraphs (a word and
	 * a space take about three per six code points): growing both by
	 * doubling from small copied them several times per paragraph. */
	size_t bytes = 0;
	for (size_t s = 0; s < p->nspans; s++)
		bytes += p->spans[s].hard_break ? 1 : p->spans[s].len;
	p->capcps = bytes ? bytes : 1;
	p->cps = xmalloc(p->capcps * sizeof(*p->cps));
	p->capitems = p->capcps / 2 + 64;
	p->items = xmalloc(p->capitems * sizeof(*p->items));
	size_t marks = 0; /* combining marks in a row, across spans */
	int said_marks = 0;
	for (size_t s = 0; s < p->nspans; s++) {
		const text_span *sp = &p->spans[s];
		if (sp->hard_break) {
			marks = 0;
			cpinfo *c = push_cp(p);
			c->cp = 0x2028; /* LINE SEPARATOR: UAX #14 class BK */
			c->span = (uint32_t)s;
			c->flags = CP_HARD;
			c->font = stack_primary(sp->style.stack);
			continue;
		}
		for (size_t i = 0; i < sp->len;) {
			uint32_t cp = (unsigned char)sp->utf8[i];
			size_t k = 1;
			if (cp >= 0x80) {
				k = utf8_decode(sp->utf8 + i, sp->len - i, &cp);
				if (k == 0)
					k = 1;
			}
			if (cp >= 0x300 &&
			    u_getCombiningClass((UChar32)cp) != 0) {
				if (++marks > LIMIT_COMBINING_MARKS) {
					if (!said_marks) {
						said_marks = 1;
						report_marks(p, sp, i, k);
					}
					bad = 1;
					i += k; /* left out: shaping them is the
					           cost */
					continue;
				}
			} else {
				marks = 0;
			}
			uint8_t flags = 0;
			if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r') {
				cp = ' ';
				flags = CP_SPACE;
			} else if (is_invisible(cp)) {
				flags = CP_INVISIBLE;
			}
			text_font *f = flags & CP_INVISIBLE ?
				stack_primary(sp->style.stack) :
				cp > 0xFFFF ? NULL : stack_font(sp->style.stack, cp);
			if (!f && cp == 0x2212) {
				/* The true minus sign (data puts it in negative
				 * numbers): a hyphen-minus where no font has it
				 * (the bundled Noto Sans subset has none). */
				cp = '-';
				f = stack_font(sp->style.stack, cp);
				flags = CP_STANDIN;
			}
			if (!f && !(flags & CP_INVISIBLE)) {
				if (!said_before(p, cp, NULL))
					report_missing(p, sp, i, k, cp);
				if (p->opts->allow_missing) {
					i += k; /* left out */
					continue;
				}
				bad = 1;
			} else if (f && p->opts->verbose && !(flags & CP_SPACE) &&
			           f != stack_primary(sp->style.stack) &&
			           !said_before(p, cp, f)) {
				note_fallback(p, sp, i, k, cp, f);
			}
			cpinfo *c = push_cp(p);
			c->cp = cp;
			c->span = (uint32_t)s;
			c->off = (uint32_t)i;
			c->len = (uint8_t)k;
			c->flags = flags;
			c->font = f;
			i += k;
		}
	}
	return bad ? -1 : 0;
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
	       a->color == b->color && a->link == b->link;
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
		/* Fewer than four letters never take a hyphen (two must stay
		 * on each side; see hyphen.c). */
		if (j - i < 4) {
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
			if (ci > w0 && ci < w1 && p->cps[ci].brk == BRK_NONE)
				p->cps[ci].brk = BRK_HYPH;
		}
		i = j;
	}
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
		prev->font : stack_font(sp->style.stack, '-');
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

/* ---- items ---- */

static void
push_penalty(para *p, size_t at)
{
	item *it = push_item(p, IT_PENALTY);
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
		item *box = push_item(p, IT_BOX);
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
	item *it = push_item(p, IT_PENALTY);
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
				item *g = push_item(p, IT_GLUE);
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
			if (o->hyphenate && o->lang)
				hyphenate_word(p, i, j);
			split_overlong(p, i, j);
		}
		push_word(p, i, j);
		content = 1;
		i = j;
	}
	if (p->nitems > 0 && p->items[p->nitems - 1].type == IT_PENALTY &&
	    p->items[p->nitems - 1].forced) {
		/* A hard break that ends the paragraph adds no empty line. */
		return;
	}
	if (p->nitems > 0)
		push_forced(p, p->ncps, p->cps[p->ncps - 1].span);
}

static void
prefix_sums(para *p)
{
	size_t n = p->nitems;
	p->sw = xmalloc((n + 1) * sizeof(double));
	p->sst = xmalloc((n + 1) * sizeof(double));
	p->ssh = xmalloc((n + 1) * sizeof(double));
	p->sw[0] = p->sst[0] = p->ssh[0] = 0;
	for (size_t i = 0; i < n; i++) {
		const item *it = &p->items[i];
		int counts = it->type != IT_PENALTY;
		p->sw[i + 1] = p->sw[i] + (counts ? it->w : 0);
		p->sst[i + 1] = p->sst[i] + (it->type == IT_GLUE ? it->stretch : 0);
		p->ssh[i + 1] = p->ssh[i] + (it->type == IT_GLUE ? it->shrink : 0);
	}
}

/* ---- breaking ---- */

static int
legal_break(const para *p, size_t b)
{
	const item *it = &p->items[b];
	if (it->type == IT_PENALTY)
		return 1;
	return it->type == IT_GLUE && it->breakable && b > 0 &&
	       p->items[b - 1].type == IT_BOX;
}

/* The first item of the line after a break at b (or of the paragraph when
 * start): glue and penalties after a break vanish, up to the next box or
 * forced break. */
static size_t
line_first(const para *p, size_t b, int start)
{
	size_t i = start ? 0 : b;
	for (; i < p->nitems; i++) {
		const item *it = &p->items[i];
		if (it->type == IT_BOX)
			break;
		if (it->type == IT_PENALTY && it->forced && (start || i != b))
			break;
	}
	return i;
}

typedef struct fit {
	int ok;       /* the line fits (r >= -1) */
	int too_long; /* it does not fit even without the break's hyphen */
	double ratio, badness;
	int fitness;
} fit;

/* What line_fit needs of the break item b, gathered once per break. */
typedef struct brk_at {
	double sw, sst, ssh; /* prefix sums up to b */
	double w;            /* the penalty's width (a hyphen), else 0 */
	int forced;
} brk_at;

static inline brk_at
break_at(const para *p, size_t b)
{
	const item *it = &p->items[b];
	brk_at k = {p->sw[b], p->sst[b], p->ssh[b],
	            it->type == IT_PENALTY ? it->w : 0, it->forced};
	return k;
}

/* How the line from item first to the break k fits the measure. */
static inline fit
fit_line(const para *p, size_t first, const brk_at *k)
{
	fit r = {0, 0, 0, 0, FIT_DECENT};
	const double m = p->opts->measure;
	double content = k->sw - p->sw[first];
	double L = content + k->w;
	double Y, Z;
	if (p->justify) {
		Y = k->sst - p->sst[first];
		Z = k->ssh - p->ssh[first];
	} else {
		Y = p->ragged_stretch;
		Z = 0;
	}
	if (content - Z > m + FIT_EPS)
		r.too_long = 1;
	if (L - Z > m + FIT_EPS)
		return r;
	r.ok = 1;
	if (L > m) {
		r.ratio = Z > 0 ? (m - L) / Z : 0;
		if (r.ratio < -1)
			r.ratio = -1;
	} else if (k->forced) {
		r.ratio = 0; /* set ragged: last line, hard break */
	} else if (L < m) {
		r.ratio = Y > 0 ? (m - L) / Y : INFINITY;
	}
	/* 100 |r|^3, at most BADNESS_MAX (an infinite ratio included). */
	double a = fabs(r.ratio);
	double bad = 100.0 * a * a * a;
	r.badness = bad < BADNESS_MAX ? bad : BADNESS_MAX;
	if (r.ratio < -0.5)
		r.fitness = FIT_TIGHT;
	else if (r.ratio <= 0.5)
		r.fitness = FIT_DECENT;
	else if (r.ratio <= 1)
		r.fitness = FIT_LOOSE;
	else
		r.fitness = FIT_VERY_LOOSE;
	return r;
}

static fit
line_fit(const para *p, size_t first, size_t b)
{
	brk_at k = break_at(p, b);
	return fit_line(p, first, &k);
}

/* Demerits of the line from a break at a (start: the paragraph's start)
 * to a break at b, except the term for a change of fitness class. */
static double
line_base_demerits(const para *p, size_t a, int start, size_t b,
                   const fit *f)
{
	const item *bi = &p->items[b];
	double d = LINE_PENALTY + f->badness;
	d *= d;
	if (bi->type == IT_PENALTY && !bi->forced) {
		if (bi->penalty > 0)
			d += bi->penalty * bi->penalty;
		else if (bi->penalty < 0)
			d -= bi->penalty * bi->penalty;
	}
	int aflag = !start && p->items[a].type == IT_PENALTY &&
	            p->items[a].flagged;
	int bflag = bi->type == IT_PENALTY && bi->flagged;
	if (aflag && bflag)
		d += DOUBLE_HYPHEN_DEMERITS;
	if (aflag && bi->forced && b == p->nitems - 1)
		d += FINAL_HYPHEN_DEMERITS;
	return d;
}

/* Add the demerits for following a line of fitness class afit. */
static double
with_adjacency(double base, int afit, const fit *f)
{
	return abs(f->fitness - afit) > 1 ? base + ADJ_DEMERITS : base;
}

/* Demerits of the line from a break at a (start: the paragraph's start,
 * with fitness afit) to a break at b. */
static double
line_demerits(const para *p, size_t a, int start, int afit, size_t b,
              const fit *f)
{
	return with_adjacency(line_base_demerits(p, a, start, b, f), afit, f);
}

typedef struct node {
	size_t pos;   /* item of the break */
	int start;    /* the paragraph's start, not a break */
	int fitness;
	size_t first; /* first item of the line after it */
	double total; /* demerits of the best path to here */
	size_t prev;  /* node index, SIZE_MAX for none */
} node;

typedef struct nodes {
	node *v;
	size_t n, cap;
} nodes;

static size_t
push_node(nodes *ns, node nd)
{
	if (ns->n == ns->cap) {
		ns->cap = ns->cap ? ns->cap * 2 : 64;
		ns->v = xrealloc(ns->v, ns->cap * sizeof(*ns->v));
	}
	ns->v[ns->n] = nd;
	return ns->n++;
}

static void
push_line(line_brk **lines, size_t *n, size_t *cap, line_brk l)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*lines = xrealloc(*lines, *cap * sizeof(**lines));
	}
	(*lines)[(*n)++] = l;
}

/* The nodes of one break, one per fitness class that reaches it: they
 * share the break and the first item of the next line, so a candidate
 * line from them is measured once for all of them. The totals sit in the
 * group (INFINITY for a class that does not reach it), so the inner loop
 * reads one small record. */
typedef struct group {
	size_t first;
	int hyphen; /* the break shows a hyphen-like penalty (flagged) */
	int ncls;   /* how many classes reach it, */
	unsigned char cls[FIT_CLASSES]; /* which, in ascending order */
	double total[FIT_CLASSES];
	size_t node[FIT_CLASSES]; /* node index, SIZE_MAX for none */
} group;

typedef struct groups {
	group *v;
	size_t n, cap;
} groups;

static size_t
push_group(groups *gs, const group *g)
{
	if (gs->n == gs->cap) {
		gs->cap = gs->cap ? gs->cap * 2 : 64;
		gs->v = xrealloc(gs->v, gs->cap * sizeof(*gs->v));
	}
	gs->v[gs->n] = *g;
	return gs->n++;
}

/* Knuth-Plass total fit. Since every line has the same measure and the
 * demerits of a line depend only on the fitness class of the previous one
 * and on the break items, the best path per (break, fitness class) is all
 * that needs keeping: the result is the exact optimum among the lines
 * whose adjustment ratio is at most max_ratio (lines ending in a forced
 * break are never too loose). Store the lines (malloc'd) and return the
 * total demerits, or return -1 if no path fits (a single glyph wider than
 * the measure, or every path needs a looser line).
 *
 * The active groups are always the groups [lo, gs.n): groups are made in
 * the order of their breaks, a line from an older group is longer, so the
 * groups whose line has grown too long are a prefix, and the groups whose
 * line is still too loose are a suffix that the scan stops at. */
static double
total_fit(const para *p, double max_ratio, line_brk **out, size_t *nout)
{
	nodes ns = {0};
	groups gs = {0};
	node st = {0, 1, FIT_DECENT, line_first(p, 0, 1), 0.0, SIZE_MAX};
	group g0 = {st.first, 0, 1, {FIT_DECENT, 0, 0, 0},
	            {INFINITY, INFINITY, INFINITY, INFINITY},
	            {SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX}};
	g0.node[FIT_DECENT] = push_node(&ns, st);
	g0.total[FIT_DECENT] = 0.0;
	push_group(&gs, &g0);
	size_t lo = 0; /* the first active group */
	const double m = p->opts->measure;
	double result = -1;

	for (size_t b = 0; b < p->nitems && lo < gs.n; b++) {
		if (!legal_break(p, b))
			continue;
		const item *bi = &p->items[b];
		const brk_at at = break_at(p, b);
		/* line_base_demerits, less what depends on the line's start. */
		const int bflag = bi->type == IT_PENALTY && bi->flagged;
		const int final = bi->forced && b == p->nitems - 1;
		double best[FIT_CLASSES];
		size_t from[FIT_CLASSES];
		for (int k = 0; k < FIT_CLASSES; k++)
			best[k] = INFINITY;
		for (size_t k = lo; k < gs.n; k++) {
			const group *g = &gs.v[k];
			if (g->first > b) /* its line starts later, as all after */
				break;
			if (!bi->forced && max_ratio < INFINITY) {
				/* Too loose, and so are the shorter lines after. */
				double L = at.sw - p->sw[g->first] + at.w;
				double Y = p->justify ? at.sst - p->sst[g->first]
				                      : p->ragged_stretch;
				if (L < m && m - L > max_ratio * Y)
					break;
			}
			fit f = fit_line(p, g->first, &at);
			if (f.too_long && k == lo)
				lo++; /* too long now, and at every later break */
			if (!f.ok)
				continue;
			/* As line_base_demerits computes it, term by term. */
			double base = LINE_PENALTY + f.badness;
			base *= base;
			if (bi->type == IT_PENALTY && !bi->forced) {
				if (bi->penalty > 0)
					base += bi->penalty * bi->penalty;
				else if (bi->penalty < 0)
					base -= bi->penalty * bi->penalty;
			}
			if (g->hyphen && bflag)
				base += DOUBLE_HYPHEN_DEMERITS;
			if (g->hyphen && final)
				base += FINAL_HYPHEN_DEMERITS;
			/* with_adjacency, for the four classes at once. */
			const double far = base + ADJ_DEMERITS;
			for (int i = 0; i < g->ncls; i++) {
				const int c = g->cls[i];
				double d = g->total[c] +
				           (abs(f.fitness - c) > 1 ? far : base);
				if (d < best[f.fitness]) {
					best[f.fitness] = d;
					from[f.fitness] = g->node[c];
				}
			}
		}
		if (bi->forced)
			lo = gs.n; /* no line runs past a forced break */
		group ng = {line_first(p, b, 0), bflag, 0, {0, 0, 0, 0},
		            {INFINITY, INFINITY, INFINITY, INFINITY},
		            {SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX}};
		for (int k = 0; k < FIT_CLASSES; k++) {
			if (isinf(best[k]))
				continue;
			node nd = {b, 0, k, ng.first, best[k], from[k]};
			ng.node[k] = push_node(&ns, nd);
			ng.total[k] = best[k];
			ng.cls[ng.ncls++] = (unsigned char)k;
		}
		if (ng.ncls)
			push_group(&gs, &ng);
	}

	/* The best node at the paragraph's end. */
	size_t endpos = p->nitems - 1, bestn = SIZE_MAX;
	for (size_t k = 0; k < ns.n; k++) {
		if (ns.v[k].start || ns.v[k].pos != endpos)
			continue;
		if (bestn == SIZE_MAX || ns.v[k].total < ns.v[bestn].total)
			bestn = k;
	}
	if (bestn != SIZE_MAX) {
		size_t count = 0;
		for (size_t k = bestn; !ns.v[k].start; k = ns.v[k].prev)
			count++;
		line_brk *lines = xmalloc(count * sizeof(*lines));
		size_t i = count;
		for (size_t k = bestn; !ns.v[k].start; k = ns.v[k].prev) {
			const node *prev = &ns.v[ns.v[k].prev];
			line_brk l = {prev->first, ns.v[k].pos, 0};
			l.ratio = line_fit(p, l.first, l.b).ratio;
			lines[--i] = l;
		}
		*out = lines;
		*nout = count;
		result = ns.v[bestn].total;
	}
	free(ns.v);
	free(gs.v);
	return result;
}

/* The exact Knuth-Plass optimum, found fast. A line looser than
 * FIRST_MAX_RATIO has badness above 100 FIRST_MAX_RATIO^3, so any path
 * through one costs more than (LINE_PENALTY + that)^2, every line's
 * demerits being positive. A first search that leaves those lines out
 * (most of the candidates: each break would otherwise be tried against
 * every line start of the last line's width) therefore finds the same
 * path as the full search whenever its total is below that bound; only
 * when it is not, or when it finds no path, is the full search run. */
static double
best_fit(const para *p, line_brk **out, size_t *nout)
{
	const double bad = 100.0 * FIRST_MAX_RATIO * FIRST_MAX_RATIO *
	                   FIRST_MAX_RATIO;
	const double bound = (LINE_PENALTY + bad) * (LINE_PENALTY + bad);
	double d = total_fit(p, FIRST_MAX_RATIO, out, nout);
	if (d >= 0 && d < bound)
		return d;
	if (d >= 0) {
		free(*out);
		*out = NULL;
		*nout = 0;
	}
	return total_fit(p, INFINITY, out, nout);
}

/* First fit: each line takes every item that fits at natural width. A line
 * takes at least one box even when it does not fit. */
static void
greedy(const para *p, line_brk **out, size_t *nout)
{
	line_brk *lines = NULL;
	size_t n = 0, cap = 0;
	size_t first = line_first(p, 0, 1);
	size_t cand = SIZE_MAX;
	for (size_t b = first; b < p->nitems; b++) {
		if (!legal_break(p, b) || b < first)
			continue;
		const item *bi = &p->items[b];
		double L = p->sw[b] - p->sw[first] +
		           (bi->type == IT_PENALTY ? bi->w : 0);
		int fits = L <= p->opts->measure + FIT_EPS;
		if (fits && !bi->forced) {
			cand = b;
			continue;
		}
		size_t at = fits || cand == SIZE_MAX ? b : cand;
		line_brk l = {first, at, 0};
		l.ratio = line_fit(p, first, at).ratio;
		push_line(&lines, &n, &cap, l);
		first = line_first(p, at, 0);
		cand = SIZE_MAX;
		if (at != b)
			b = at; /* look again from the new line's start */
	}
	*out = lines;
	*nout = n;
}

/* Total demerits of the given lines, with the total-fit cost function. */
static double
path_demerits(const para *p, const line_brk *lines, size_t n)
{
	double total = 0;
	int afit = FIT_DECENT;
	for (size_t i = 0; i < n; i++) {
		fit f = line_fit(p, lines[i].first, lines[i].b);
		if (!f.ok) { /* an overfull line: count it as the worst */
			f.badness = BADNESS_MAX;
			f.fitness = FIT_TIGHT;
		}
		total += line_demerits(p, i ? lines[i - 1].b : 0, i == 0, afit,
		                       lines[i].b, &f);
		afit = f.fitness;
	}
	return total;
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
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 256;
		g->v = xrealloc(g->v, g->cap * sizeof(*g->v));
	}
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
place_line(const para *p, const line_brk *l, pbuf *g, arena *a,
           text_line *out)
{
	const double m = p->opts->measure;
	double r = p->justify ? l->ratio : 0;
	if (isinf(r) || isnan(r))
		r = 0;
	g->n = 0;
	double x = 0;
	for (size_t i = l->first; i < l->b; i++) {
		const item *it = &p->items[i];
		if (it->type == IT_BOX) {
			for (size_t c = it->c0; c < it->c1; c++) {
				const cpinfo *ci = &p->cps[c];
				if (ci->flags & (CP_INVISIBLE | CP_HARD))
					continue;
				put_glyph(g, ci->cp, x, ci->adv, ci->font, ci->span);
				x += ci->adv;
			}
		} else if (it->type == IT_GLUE) {
			double w = it->w + r * (r >= 0 ? it->stretch : it->shrink);
			const cpinfo *ci = &p->cps[it->c0];
			put_glyph(g, ' ', x, w, ci->font, ci->span);
			x += w;
		}
	}
	const item *bi = &p->items[l->b];
	memset(out, 0, sizeof(*out));
	if (bi->type == IT_PENALTY && bi->hfont && bi->w > 0) {
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
		text_font *f = stack_primary(sp->style.stack);
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
	p->ragged_stretch = RAGGED_STRETCH_EM * (em > 0 ? em : 10.0);
	if (!(opts->measure > 0)) {
		diag_error(diags, DIAG_LAYOUT, nspans ? spans[0].pos : (src_pos){0},
		           "the line width is %g pt; it must be positive",
		           opts->measure);
		return -1;
	}
	if (collect(p) != 0)
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
	build_items(p);
	prefix_sums(p);
	return 0;
}

/* Choose the lines with how; return their total demerits. */
static double
choose(const para *p, text_breaker how, line_brk **lines, size_t *n)
{
	*lines = NULL;
	*n = 0;
	if (p->nitems == 0)
		return 0;
	if (how == TEXT_BREAK_TOTAL_FIT || how == TEXT_BREAK_TOTAL_FIT_FULL) {
		double d = how == TEXT_BREAK_TOTAL_FIT
		                   ? best_fit(p, lines, n)
		                   : total_fit(p, INFINITY, lines, n);
		if (d >= 0)
			return d;
	}
	greedy(p, lines, n);
	return path_demerits(p, *lines, *n);
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
	line_brk *lines;
	size_t n;
	choose(&p, TEXT_BREAK_TOTAL_FIT, &lines, &n);
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
	line_brk *lines;
	*demerits = choose(&p, how, &lines, nlines);
	free(lines);
	para_free(&p);
	return 0;
}
