/*
 * paragraph.h - the paragraph being broken: its code points, each with
 * its font and the kind of break before it, and its items.
 *
 * Who may include this: src/text/break.c (break opportunities, items,
 * placing), src/text/collect.c (code points and fonts) and
 * src/text/nobreak.c (opportunities taken away) only.
 */
#ifndef CAREC_TEXT_PARAGRAPH_H
#define CAREC_TEXT_PARAGRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "text/knuth_plass.h"
#include "text/text.h"
#include "text/text_internal.h"

enum cp_flags {
	CP_SPACE = 1,     /* a word space (glue) */
	CP_INVISIBLE = 2, /* soft hyphen, zero-width space...: no glyph */
	CP_HARD = 4,      /* the marker of a hard-break span */
	CP_STANDIN = 8,   /* set for another character no font has (cp) */
	CP_NOBREAK = 16   /* with CP_SPACE: a no-break space (U+00A0) */
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

	cpinfo *cps;
	size_t ncps, capcps;
	kp_item *items;
	size_t nitems, capitems;
	kp_para kp; /* the items, ready to break */
	float *tmpadv;
	size_t captmp;
	said *said;  /* characters already reported in this paragraph */
	size_t nsaid, capsaid;
	hyph_memo hmemo;
	int one_line; /* fits at natural width: no breaks needed */
	/* The fewest letters a hyphen leaves before [0] and after [1] it, in
	 * a word of another script [0] and in a Cyrillic one [1]. */
	int hmin[2][2];
	int broken_words; /* split_overlong broke a word */
} para;

/* Turn p's spans into code points with their fonts (collect.c). A
 * character missing from its stack is reported once per paragraph, and
 * left out under allow_missing; with verbose, each character set in a
 * fallback font gets a note, once per paragraph and font. Return -1 if a
 * missing character is an error. */
int text_collect(para *p);

/* The first font of the stack that has cp, or NULL (NULL stack too).
 * Inline: collect asks it for every character of every paragraph. */
static inline text_font *
text_stack_font(const text_stack *st, uint32_t cp)
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

/* The stack's primary font, or NULL. */
static inline text_font *
text_stack_primary(const text_stack *st)
{
	return st && st->count > 0 ? st->fonts[0] : NULL;
}

#endif
