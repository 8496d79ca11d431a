/*
 * paginate.h - what the paginator's files share: paginate.c (pages,
 * placement, breaks, the main loop), paginate_columns.c (columns and
 * panels sections) and paginate_tables.c (tables across pages). Only
 * these three include it; the rest of src/layout/ calls the paginator
 * through layout_internal.h (lpaginate_more, lpaginate_end).
 */
#ifndef CAREC_LAYOUT_PAGINATE_H
#define CAREC_LAYOUT_PAGINATE_H

#include "layout/layout_internal.h"

/* Lengths closer than this (points) are equal: what fits a region
 * exactly is not pushed on by rounding. */
#define EPS 0.01

/* A frame's extent in one region, to decorate once the region is full. */
typedef struct frame_span {
	int frame;
	size_t first_item; /* where to insert the decoration */
	double top, bottom;
	double dx;         /* the column's offset */
} frame_span;

/* Where pagination stands (lflow.pst): the cursor, the region being
 * filled, the open frame, the columns section, and what a dry run
 * (which measures only) found. */
typedef struct lpstate {
	int dry;           /* measure only: place and draw nothing */
	int no_new_page;   /* dry: needing a new page is an overflow */
	int overflow;
	int stop_at_page;  /* return from lpag_run() once a page is begun */
	int page_begun;
	double y, top, bottom; /* the cursor and the current region */
	double dx;         /* the current column's offset from the first */
	int at_top;        /* nothing placed in the region yet */
	frame_span cur;
	/* Inside a columns section (cs NULL at full width): */
	const lcols *cs;
	int col;           /* the column on this page, 0-based */
	int ncol;          /* columns begun in the section (panels: panel) */
	int split_chain;   /* a keep chain that fits a page was split */
	src_pos last_pos;  /* the YAML of the last slice placed */
	double sec_top;    /* the columns' top on this page */
	double sec_bottom; /* the lowest column's foot so far */
	int col_used;      /* columns with content on this page */
	int placed;        /* the current column has content */
	size_t col_item;   /* the current column's first item */
	int panel;         /* panels: the panel being set, 1-based */
	int warned;        /* panels: the last panel reported too full */
	/* What lpaginate_more learnt of the slices waiting from scan_i
	 * (f->pnext) on, so that each call reads only the slices added
	 * since: thousands of headings in a row are one keep chain that
	 * waits whole, and reading it again per block was quadratic. The
	 * slices [scan_i, scan_b) are all of one kind (in columns or not);
	 * scan_cut is the last k in (scan_i, scan_to) whose slice k - 1 is
	 * not kept with the next (scan_i if none). */
	size_t scan_i, scan_b, scan_to, scan_cut;
} lpstate;

/* ---- paginate.c ---- */

/* The page being filled (the last one). */
layout_page *lpag_last_page(lflow *f);
/* Move an item right by dx and down by dy (a path is copied first:
 * slices share items). */
void lpag_move_item(lflow *f, layout_item *it, double dx, double dy);
/* Place slice s with its top at y in the current region (a dry run
 * only notes that the region has content). */
void lpag_place(lflow *f, lpstate *st, const lslice *s, double y);
/* Close the frame that is open, if any: draw it in this region. */
void lpag_close_frame(lflow *f, lpstate *st);
/* Move to the next region: the next column, or a new page (force_page:
 * a new page even with columns left). Return 0, or -1 on an overflow (a
 * dry run that may not begin a page) or past the page limit (an error
 * said, f->failed set). */
int lpag_advance(lflow *f, lpstate *st, int force_page);
/* Set slices [i, end) from the cursor on, in the current region and the
 * ones after it. Return the first slice not set: end, or earlier when a
 * page was begun and st->stop_at_page is set, or on an overflow or
 * failure. */
size_t lpag_run(lflow *f, lpstate *st, size_t i, size_t end);

/* ---- paginate_columns.c ---- */

/* The region is full in a columns section: end its column and, unless
 * force_page or it was the page's last, begin the next one. Return 1
 * when it did, 0 when a new page is needed. */
int lpag_next_column(lflow *f, lpstate *st, int force_page);
/* A new page begins inside a columns section: its first column. */
void lpag_columns_page(lflow *f, lpstate *st);
/* The columns on this page are done: rules between those with content. */
void lpag_end_columns_page(lflow *f, lpstate *st);
/* Slice k of panel st->panel runs on past its panel: a warning, once per
 * panel. */
void lpag_panel_overflow(lflow *f, lpstate *st, size_t k);
/* Set the slices [a, b) of one columns section (up to a block that spans
 * the columns) from the cursor on, and leave the cursor below the
 * lowest column. */
void lpag_segment(lflow *f, lpstate *st, size_t a, size_t b);

/* ---- paginate_tables.c ---- */

/* The space to keep free below slice k: a cut in a table row there adds
 * padding. */
double lpag_reserve(const lflow *f, size_t k);
/* A break after slice last: a table whose body it cuts is closed at the
 * foot (a row cut in two padded below the cut by *pad). Return the
 * table (group index + 1) to reopen at the next region's head, or 0. */
int lpag_table_cut(lflow *f, lpstate *st, size_t last, double *pad);
/* At the head of the region after that break: table g (from
 * lpag_table_cut; 0 for none) reopened, and the rest of a row cut in
 * two (slice next) padded above the cut. */
void lpag_table_reopen(lflow *f, lpstate *st, int g, size_t next,
                       double pad);
/* Free the header slices of the tables before group index g that are
 * not freed yet: no page repeats them any more. */
void lpag_release_headers(lflow *f, size_t g);

#endif
