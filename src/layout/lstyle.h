/*
 * lstyle.h - the named paragraph styles: how each kind of text looks
 * (its font role and style, size, leading, colour, alignment), built
 * once from the theme (styles.c), so that a block asks for "the quote"
 * or "a level-2 heading" instead of filling in a style field by field.
 * Only src/layout/ includes this.
 */
#ifndef CAREC_LAYOUT_LSTYLE_H
#define CAREC_LAYOUT_LSTYLE_H

#include "layout/layout_internal.h"

typedef enum lstyle_id {
	LSTYLE_PARAGRAPH,       /* body text (align and hyphenation its own) */
	LSTYLE_HEADING1,
	LSTYLE_HEADING2,
	LSTYLE_HEADING3,
	LSTYLE_LIST_ITEM,
	LSTYLE_QUOTE,
	LSTYLE_ATTRIBUTION,     /* a quote's "— name" */
	LSTYLE_CALLOUT,
	LSTYLE_CALLOUT_TITLE,   /* its colour is the callout's tone */
	LSTYLE_CAPTION,         /* an image's (aligned with the image) */
	LSTYLE_GRAPHIC_CAPTION, /* a chart's or drawing's */
	LSTYLE_FIGURE_VALUE,    /* a key figure (made smaller to fit) */
	LSTYLE_FIGURE_LABEL,
	LSTYLE_TIMELINE_YEAR,   /* a vertical timeline */
	LSTYLE_TIMELINE_TITLE,
	LSTYLE_TIMELINE_TEXT,
	LSTYLE_TIMELINE_YEAR_ACROSS, /* a horizontal one */
	LSTYLE_TIMELINE_TITLE_ACROSS,
	LSTYLE_TIMELINE_TEXT_ACROSS,
	LSTYLE_TABLE_CELL,
	LSTYLE_TABLE_HEADER,
	LSTYLE_TABLE_CAPTION,
	LSTYLE_SMALL_TABLE_CELL, /* a table marked small */
	LSTYLE_SMALL_TABLE_HEADER,
	LSTYLE_SMALL_TABLE_CAPTION,
	LSTYLE_CONTENTS_TITLE,
	LSTYLE_CONTENTS_ENTRY1, /* an entry for a level-1 heading */
	LSTYLE_CONTENTS_ENTRY2,
	LSTYLE_CONTENTS_ENTRY3,
	LSTYLE_RUNNING_HEAD,    /* headers and footers */
	LSTYLE_TITLE,           /* the document's title, without a cover */
	LSTYLE_SUBTITLE,
	LSTYLE_COVER_TITLE,
	LSTYLE_COVER_SUBTITLE,
	LSTYLE_COVER_AUTHOR,
	LSTYLE_COVER_EDITION,
	LSTYLE_COVER_DATE,
	LSTYLE_COVER_NAME,      /* the author's name where a logo would be */
	LSTYLE_BACK_COVER_NAME,
	LSTYLE_BACK_COVER_TEXT,
	LSTYLE_BACK_COVER_TITLE,
	LSTYLE_COUNT
} lstyle_id;

/* The named styles of one theme. */
typedef struct lstyles {
	lpara_style s[LSTYLE_COUNT];
} lstyles;

/* The styles of theme th, in mem (nothing else to free). Every style's
 * frame is -1 (none). */
const lstyles *lstyles_new(arena *mem, const model_theme *th);

/* The styles of theme th for text on a colour of its own (a panel's, a
 * cover): as lstyles_new's, but paragraphs and list items, display text
 * there, are not hyphenated either, and paragraphs are balanced. */
const lstyles *lstyles_reversed(arena *mem, const model_theme *th);

/* Style id of the flow's theme (f->styles), a copy for the caller to
 * adjust (a frame, an alignment of its own). */
lpara_style lstyle(const lflow *f, lstyle_id id);

#endif
