/*
 * nav.h - navigation and page templates: what document.c (the passes),
 * chrome.c (numbering, running heads, backgrounds, watermark), cover.c
 * and the contents and page-numbering blocks share. Only src/layout/
 * includes this.
 *
 * A document with a contents block is laid out more than once: each pass
 * sets the contents with the page labels the previous pass found, until
 * the labels stop changing (at most LNAV_MAX_PASSES passes).
 */
#ifndef CAREC_LAYOUT_NAV_H
#define CAREC_LAYOUT_NAV_H

#include "layout/layout_internal.h"

/* Passes over a document with a table of contents. A contents block
 * settles in two or three passes; a fourth catches an entry whose number
 * grows a digit and pushes a heading over a page. */
#define LNAV_MAX_PASSES 4

/* One line of the contents, as the previous pass found it. Strings are
 * malloc'd and owned by the lnav, since each pass's arena is freed. */
typedef struct ltoc_entry {
	char *title;
	int level;          /* 1..3 */
	int dest;           /* index into the layout's dests; -1: not known */
	char *label;        /* the page label, "" when not known yet */
} ltoc_entry;

/* A "- page-numbering" block: numbering restarts at the page that slice
 * (the first after the block) lands on. */
typedef struct lmark {
	size_t slice;
	int dest;           /* set before pagination */
	model_pagenum style;
	int start;
} lmark;

/* What each page is, for its template. */
typedef enum lpage_kind {
	LPAGE_COVER,
	LPAGE_FRONT,        /* before the first page-numbering block */
	LPAGE_BODY,
	LPAGE_BACK
} lpage_kind;

typedef struct lnav {
	/* Read by the contents blocks of this pass. */
	ltoc_entry *toc;
	size_t ntoc;
	/* Found in this pass. */
	int contents_blocks;
	lmark *marks;
	size_t nmarks, capmarks;
	/* Per page, after numbering (in the layout's arena). */
	lpage_kind *kind;
	const char **label;  /* what {page} shows */
	const char **last;   /* what {pages} shows: the range's last label */
	int first_content;   /* the first page after the front cover */
} lnav;

/* Record a page-numbering block at the next slice; the next slice starts
 * a page (block_page_numbering.c). */
void lnav_mark(lflow *f, const model_page_numbering *pn);

/* Give each mark whose slice exists a destination, so that pagination
 * tells its page. */
void lnav_marks_dests(lflow *f);

/* The first n slices were dropped: the marks still waiting for theirs
 * count from the new first. */
void lnav_slices_dropped(lflow *f, size_t n);

/* Add the front and back covers the document asks for (cover.c): the
 * front cover becomes page 1 and every destination moves one page on. */
void lcovers(lflow *f);
/* The colour a cover (the front or back one of th) is painted in: its
 * own, or the theme's primary colour. */
uint32_t lcover_background(const model_theme *th,
                           const model_cover_style *cs);

/* Page kinds, labels and {pages}, and the PDF's page label ranges
 * (chrome.c). Call after lcovers. */
void lnumber_pages(lflow *f);

/* A watermark (the theme's or --watermark) longer than
 * LIMIT_WATERMARK_CHARS is an error: add it, set f->failed and return
 * -1; else return 0. */
int lwatermark_check(lflow *f);

/* Add a destination (no id) and return its index. */
int lnav_dest(lflow *f);

/* n in style: "12", "xii", "XII"; "" for none. Arena string. */
const char *lnav_format(lflow *f, model_pagenum style, int n);

/* Insert items[0..n) into page p before its item at (so they are drawn
 * beneath what follows). */
void lnav_insert(lflow *f, layout_page *p, size_t at, const layout_item *items,
                 size_t n);

/* Lay out block b in the band x..x+w as the flow would, and move its
 * items onto page p with the top at y, without keeping any slice: for
 * covers. Return the height used. */
double lnav_block_at(lflow *f, layout_page *p, const model_block *b,
                     double x, double w, double y);

/* The same for rich text in style ps; text items followed by a link get
 * link_color. */
double lnav_text_at(lflow *f, layout_page *p, const model_text *t,
                    const lpara_style *ps, double x, double w, double y,
                    uint32_t link_color);

#endif
