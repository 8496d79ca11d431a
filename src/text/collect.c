/*
 * collect.c - a paragraph's code points and their fonts (see
 * paragraph.h): each character takes the first font of its stack that
 * has it, and a character no font has, too many combining marks, or (with
 * verbose) a character set in a fallback font is said once per paragraph.
 */
#include "text/paragraph.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "text/text_internal.h"
#include "util/limits.h"
#include "util/utf8.h"

static cpinfo *
push_cp(para *p)
{
	if (p->ncps == p->capcps)
		p->cps = xgrow(p->cps, &p->capcps, p->ncps + 1, sizeof(*p->cps));
	cpinfo *c = &p->cps[p->ncps++];
	memset(c, 0, sizeof(*c));
	return c;
}

static int
is_invisible(uint32_t cp)
{
	if (cp >= 0x20 && cp < 0x7F)
		return 0; /* most characters: printable ASCII */
	return cp == 0x00AD || cp == 0x200B || cp == 0x200C || cp == 0x200D ||
	       cp == 0x2060 || cp == 0xFEFF || cp < 0x20 ||
	       (cp >= 0x7F && cp < 0xA0);
}

/* Was (cp, font) reported in this paragraph already? If not, remember it
 * and return 0. */
static int
said_before(para *p, uint32_t cp, const text_font *font)
{
	for (size_t i = 0; i < p->nsaid; i++)
		if (p->said[i].cp == cp && p->said[i].font == font)
			return 1;
	if (p->nsaid == p->capsaid)
		p->said = xgrow(p->said, &p->capsaid, p->nsaid + 1, sizeof(*p->said));
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

int
text_collect(para *p)
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
			c->font = text_stack_primary(sp->style.stack);
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
			if (cp == ' ' || cp == '\t' || cp == '\n' ||
			    cp == '\r' || cp == 0xA0) {
				/* A no-break space is glue that stretches,
				 * shown as a space; nobreak.c takes its break
				 * away. */
				flags = cp == 0xA0 ? CP_SPACE | CP_NOBREAK
				                   : CP_SPACE;
				cp = ' ';
			} else if (is_invisible(cp)) {
				flags = CP_INVISIBLE;
			}
			text_font *f = flags & CP_INVISIBLE ?
				text_stack_primary(sp->style.stack) :
				cp > 0xFFFF ? NULL : text_stack_font(sp->style.stack, cp);
			if (!f && cp == 0x2212) {
				/* The true minus sign (data puts it in negative
				 * numbers): a hyphen-minus where no font has it
				 * (the bundled Noto Sans subset has none). */
				cp = '-';
				f = text_stack_font(sp->style.stack, cp);
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
			           f != text_stack_primary(sp->style.stack) &&
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
