/*
 * layout_internal.h - what the files of src/layout/ share. Only
 * src/layout/ includes this.
 *
 * Layout runs in two steps. First every block becomes "slices": vertical
 * pieces (a line of text, a rule, a gap) that cannot be split, each with
 * the items it draws (x absolute, y relative to the slice's top) and
 * whether the page may break after it. Then pagination places slices on
 * pages, keeping chains of "keep with next" slices together: a heading
 * with the first lines of what follows, and the first and last two lines
 * of a paragraph (no orphans or widows).
 */
#ifndef CAREC_LAYOUT_INTERNAL_H
#define CAREC_LAYOUT_INTERNAL_H

#include "image/image.h"
#include "layout/layout.h"
#include "svg/svg.h"

/* Font roles and styles. */
enum { ROLE_BODY, ROLE_HEADING, ROLE_COUNT };
enum { STYLE_REGULAR, STYLE_BOLD, STYLE_ITALIC, STYLE_BOLD_ITALIC,
       STYLE_COUNT };

typedef struct lslice {
	double height;        /* how far it advances the cursor */
	double space_before;  /* dropped at the top of a page */
	int keep_with_next;   /* no page break after this slice */
	int hyphen_end;       /* a line that ends with a hyphen: a break
	                       * after it would split a word across regions */
	int break_before;     /* start a new page before this slice */
	layout_item *items;   /* x absolute, y relative to the slice top */
	size_t nitems, capitems;
	int frame;            /* decoration frame, or -1 */
	int dest;             /* a destination to place here, or -1 */
	const char *chapter;  /* an h1 title starts here: sets {chapter} */
	int group;            /* a table's slice: index + 1 into groups; 0 */
	int cont;             /* continues the table row of the slice before */
	int cols;             /* in a columns section: index + 1 into cols */
	int col_break;        /* columns: starts a new column; panels: the
	                       * panel (1-based) that starts here */
	double side_h;        /* a side column block: how tall it is drawn
	                       * (its height is 0); 0 */
} lslice;

/* Slices that continue across pages as one table (block_table.c): after
 * a page break inside the body, paginate_tables.c closes it with a rule
 * at the page foot, and at the next page's head places the header slices
 * again (or, with no header, a reopening rule). A row cut in two gets
 * cut_pad below and above the cut, its fills and column rules drawn on. */
typedef struct lgroup {
	size_t head, nhead;   /* header slices: slices[head .. head + nhead) */
	double x, w;          /* the table's band */
	uint32_t rule_color;  /* the closing and reopening rules */
	double rule_width;
	double cut_pad;       /* space added on each side of a cut in a row */
	src_pos pos;
} lgroup;

/* A columns or panels section (block_columns.c, block_panels.c). Its
 * slices are laid out in the first column's band and carry cols;
 * paginate_columns.c moves them column by column. Panels fill whole
 * pages, one panel per column, each with its fill and vertical
 * alignment. */
typedef struct lcols {
	int count;            /* columns per page */
	double x, colw, gap;  /* first column's left edge; widths */
	int rule, balance;
	uint32_t rule_color;
	int panels;           /* 1: a panels block */
	const uint32_t *fill; /* per panel: a fill, or LCOLS_NO_FILL */
	const int *valign;    /* per panel: a model_valign */
	size_t npanels;
	/* Panels: where each panel sits on the sheet (block_panels.c), for
	 * every panel of every page the section takes; NULL for columns. */
	const struct lpanel *geom;
	size_t ngeom;
	src_pos pos;
} lcols;

/* A panel on its side of the sheet: x0 and x1 are its edges (a fold,
 * or the sheet's edge), dx its content's offset from the first
 * column's left edge (lcols.x); its content is laid out at width w. */
typedef struct lpanel {
	double x0, x1, dx, w;
} lpanel;

#define LCOLS_NO_FILL 0xFFFFFFFFu

struct lframe;
/* How a frame looks, in the block that owns it (block_callout.c's box,
 * block_quote.c's bar): fill in *it, a rectangle item the paginator
 * puts beneath the frame's content, for the frame's extent from top to
 * bottom on one page, shifted right by dx (a column's offset). */
typedef void (*lframe_draw_fn)(const struct lframe *fr, double dx, double top,
                               double bottom, layout_item *it);

/* A decoration around consecutive slices (a callout's box, a quote's
 * bar), drawn once per page or column the slices land on. */
typedef struct lframe {
	lframe_draw_fn draw;
	double x, w;
	uint32_t color;
	src_pos pos;
} lframe;

typedef struct llink {
	const char *href;
	src_pos pos;
	uint32_t snode;       /* its Link structure node, made with its
	                       * first item (0 until then) */
} llink;

/* The top-level blocks of a pass (document.c). */
typedef struct lblocks {
	const model_blocks *all;
} lblocks;

/* Top-level block i, or NULL past the end. */
const model_block *lblocks_at(const lblocks *bl, size_t i);

/* Where the first block is (for messages about the whole document). */
src_pos lblocks_first_pos(const lblocks *bl);

/* The images and SVG drawings of a run, each read and decoded once
 * however many passes lay it out (media.c). A pass's messages about one
 * are said again at each of its uses, as a decoding would say them. */
typedef struct lmedia lmedia;
lmedia *lmedia_new(void);
void lmedia_free(lmedia *m);

typedef struct lflow {
	layout_doc *ld;
	const model_doc *doc;
	const model_theme *th;
	const struct lstyles *styles; /* th's named styles (lstyle.h) */
	layout_options opts;
	diag_list *diags;
	text_stack stacks[ROLE_COUNT][STYLE_COUNT];
	lslice *slices;        /* each owns its item array (malloc'd): */
	size_t nslices, capslices;
	/* pagination frees the arrays of the slices before this one as it
	 * goes, since the pages copy them (lslices_release) */
	size_t slices_released;
	size_t slices_placed; /* released so far, never renumbered: what
	                       * lglyphs_sweep paces itself by */
	/* Pagination goes on as the blocks come (lpaginate_more): where it
	 * stands (paginate.c), the next slice it sets, and the tables whose
	 * header slices are freed (those before this one). */
	struct lpstate *pst;
	size_t pnext;
	size_t groups_released;
	/* The sink draws this pass's pages and they are freed (else the
	 * pass is kept whole: contents laid out until they settle). */
	int draw;
	lframe *frames;
	size_t nframes, capframes;
	llink *links;
	size_t nlinks, caplinks;
	size_t nannots;        /* links and contents lines (llink_count) */
	lgroup *groups;        /* in the layout's arena */
	size_t ngroups, capgroups;
	double pending_space;  /* space to add before the next slice */
	int pending_break;     /* the next slice starts a page */
	size_t side_slice;     /* index + 1 of a side column block's slice
	                        * that waits for the block beside it; 0 */
	int failed;
	struct lnav *nav;      /* contents, numbering, covers (nav.h) */
	lcols *cols;           /* columns sections, in the layout's arena */
	size_t ncols, capcols;
	const char **image_keys; /* real path of each ld->images[i], in
	                          * the layout's arena (block_image.c) */
	/* Real paths of the images that failed to load: said once, and not
	 * decoded again at their next use. */
	const char **bad_images;
	size_t nbad_images, capbad_images;
	int images_full;       /* LIMIT_DOC_IMAGE_BYTES was reached */
	lmedia *media;         /* the run's decoded files, or NULL */
	struct lprefetch *prefetch; /* prefetch.c, or NULL */
	lblocks *blocks;       /* the top-level blocks */
	size_t at;             /* the top-level block being laid out */
	/* The logical structure (structure.c): the node the items made now
	 * belong to (0: artifacts), the section a level-1 heading opened
	 * (0: none yet), the front cover's section, and the count that
	 * orders nodes and items (layout_item.seq). */
	uint32_t snode, sect, cover_sect;
	uint32_t seq;
} lflow;

/* A block's layout function: add the block's slices to the flow. x and w
 * give the horizontal band the block may use. */
typedef void (*lblock_fn)(lflow *f, const model_block *b, double x,
                          double w);

#define BLOCK(kind, name, file) void layout_##file(lflow *f,              \
	const model_block *b, double x, double w);
#include "model/blocks.def"
#undef BLOCK

/* Lay out one block (dispatching on its kind) in the band x..x+w. */
void lblock(lflow *f, const model_block *b, double x, double w);

/* ---- the logical structure (structure.c) ---- */

/* Begin the pass's structure: the Document (node 0) and the front
 * cover's section, made first so that the cover reads first. */
void lstruct_start(lflow *f);
/* A new node of tag under parent; its index. */
uint32_t lstruct_new(lflow *f, layout_tag tag, uint32_t parent);
/* A new node of tag under the current one, made current; returns the
 * node that was current, for putting back (f->snode = it). */
uint32_t lstruct_enter(lflow *f, layout_tag tag);
/* Open block b's node (a level-1 heading first opens a section) and
 * make it current; returns the node to make current after the block.
 * Blocks that only arrange others (columns, spacers) open none. */
uint32_t lstruct_block(lflow *f, const model_block *b);
/* The Link node of link index k (f->links), made under the current
 * node at its first use. */
uint32_t lstruct_link(lflow *f, int k);
/* A figure's caption: a Caption node beside the current (Figure) node,
 * read after it and not hidden by its alternative text, made current;
 * returns the node that was current. */
uint32_t lstruct_caption(lflow *f);
/* A Span node in language lang (BCP 47) under the current node, for an
 * item of text in that language; 0 (an artifact) under an artifact. */
uint32_t lstruct_lang(lflow *f, const char *lang);

/* Add a columns section to the flow; return its index + 1 (block_columns.c). */
int lcols_add(lflow *f, const lcols *c);
/* The width of one of count columns in w with gaps of gap; 0 with an
 * error added (and f->failed set) when it is too narrow for text. */
double lcols_width(lflow *f, const model_block *b, double w, double gap,
                   int count);

/* Start a new slice (space_before taken from pending space) and return it. */
lslice *lslice_new(lflow *f, double height);
/* Drop the slices first.. (their items were copied elsewhere). */
void lslices_drop(lflow *f, size_t first);
/* Free the item arrays of every slice (the slices stay, empty). */
void lslices_free_items(lflow *f);
/* Append an item to a slice; return it for filling in. */
layout_item *lslice_item(lflow *f, lslice *s, layout_kind kind,
                         layout_role role, src_pos pos);
/* Add vertical space before the next slice. */
void lspace(lflow *f, double pt);
/* Start a frame drawn by draw and return its index. A frame has no
 * padding of its own: a block pads it with empty slices, which the page
 * then counts. */
int lframe_new(lflow *f, lframe_draw_fn draw, double x, double w,
               uint32_t color, src_pos pos);

/* How a paragraph of text looks. */
typedef struct lpara_style {
	int role;             /* ROLE_BODY or ROLE_HEADING */
	unsigned base_style;  /* MODEL_BOLD / MODEL_ITALIC added to every run */
	double size;
	double line_height;   /* factor */
	uint32_t color;
	text_align align;
	int hyphenate;
	layout_role role_name;
	int keep_lines;       /* 1: all lines keep together (headings) */
	int frame;            /* frame of the slices, or -1 */
	int quiet_words;      /* text_para_opts.quiet_words */
	int balance;          /* display lines: balanced (lpara_balance) */
} lpara_style;

/* Break text into lines in the band x..x+w and add one slice per line.
 * Widow and orphan control is applied (the theme's orphans and widows),
 * and no region ends with a line that ends with a hyphen. Return the
 * number of lines. */
size_t lpara(lflow *f, const model_text *text, const lpara_style *ps,
             double x, double w);
/* lpara's second half: one slice per line of lines (broken already, as
 * lpara would for text), in the band from x. Return the number of lines. */
/* Whether line ln ends with a hyphen: one inserted by hyphenation, or
 * one written in the text that the line breaks after ("non-"). */
int lline_ends_hyphen(const text_line *ln);
/* Whether a region may end after line i (0-based) of a paragraph of n
 * lines: not after a hyphen (ends_hyphen), and leaving at least the
 * theme's orphans lines before the break and widows lines after it. */
int lpara_may_break(const lflow *f, size_t i, size_t n, int ends_hyphen);
size_t lpara_place(lflow *f, const model_text *text, const lpara_style *ps,
                   double x, const text_para *lines);
/* One more link annotation (a link, a line of the contents) at pos:
 * past LIMIT_LINKS an error, said once, and f->failed is set. */
void llink_count(lflow *f, src_pos pos);
/* The spans lpara breaks text from (malloc'd; *nspans of them). A run
 * with a link registers it (f->links); text without links changes
 * nothing in f. */
text_span *lpara_spans(lflow *f, const model_text *text,
                       const lpara_style *ps, size_t *nspans);
/* The options lpara breaks with at width w. */
void lpara_opts(const lflow *f, const lpara_style *ps, double w,
                text_para_opts *o);
/* Display lines (ps->balance): para, the text of spans sp broken at
 * measure w in two or more lines, set again in as many lines of similar
 * length, broken by sense, with no word alone on the last line (left as
 * it is when the text has a hard break of its own, or no such setting
 * fits). The new lines live in mem; nothing is reported. */
void lpara_balance(lflow *f, const text_span *sp, size_t n,
                   const lpara_style *ps, double w, text_para *para,
                   arena *mem);
/* The style of a body paragraph block. */
void lparagraph_style(const lflow *f, const model_paragraph *p,
                      lpara_style *ps);

/* Top-level paragraphs broken ahead on the run's worker (prefetch.c,
 * util/worker.h). lprefetch_start begins listing them for it (nothing
 * without a worker); lprefetch_take gives the lines of block b, broken
 * at width w, when it is one of them (then the caller owns *mem, freed
 * with arena_free once the lines are placed) and returns 1, else
 * returns 0 and the caller breaks the text itself; lprefetch_stop takes
 * back and frees the rest. Lines broken ahead are the same as the
 * caller's: a paragraph whose breaking says anything (a diagnostic) is
 * broken again by the caller, in order. */
void lprefetch_start(lflow *f);
int lprefetch_take(lflow *f, const model_block *b, double w,
                   text_para *para, arena *mem);
void lprefetch_stop(lflow *f);
/* Break text into lines of width w in the style ps, without adding
 * slices (table cells place the lines themselves); links are registered.
 * The lines live in mem (the caller frees it once they are placed).
 * Return the number of lines; 0 with f->failed set when breaking
 * failed. */
size_t lpara_lines(lflow *f, const model_text *text, const lpara_style *ps,
                   double w, text_para *out, arena *mem);

/* The PDF for the print shop (print.c): copy the theme's print
 * settings and the slug's font into f->ld->print (once the stacks are
 * open); mark a vertical fold of page p at x (panels). */
void lprint_setup(lflow *f);
void lprint_fold(layout_page *p, double x);
/* Open the font stacks of a role for each style (flow.c). */
void lopen_stacks(lflow *f, const model_font_role *r, int role,
                  text_fonts *fs);
/* Move the path *p (and its gradients) down by dy: *p becomes a moved
 * copy in the layout's arena, since copies of an item share its path. */
void lpath_shift(lflow *f, layout_path **p, double dy);
/* A blank page of the theme's size, inserted at index at (paginate.c). */
layout_page *lpage_insert(lflow *f, size_t at);
/* Place on pages the slices laid out so far, up to where what follows
 * cannot change their pages (paginate.c); final: all of them, and the
 * last page is done. Each page done gets its body counted and, with a
 * sink (layout_options.sink), is drawn and freed but for its links. */
void lpaginate_more(lflow *f, int final);
/* Free the pagination state (after the last lpaginate_more). */
void lpaginate_end(lflow *f);
/* Add running heads and feet to every page (chrome.c), and make each
 * page final in turn (lpage_final). */
void lchrome(lflow *f);
/* Page i is final: with a sink that takes final pages, hand it over and
 * free its items. */
void lpage_final(lflow *f, size_t i);
/* Turn "#id" links into internal links; unknown ids are errors. */
void lresolve_links(lflow *f);

/* The image mi names, at real path real (NULL: decoded now, not kept),
 * decoded at its first use in the run and found again at the next: fill
 * *out (pixels in the cache's memory, or the layout's when not kept) and
 * say what decoding it said. As image_load. */
image_status lmedia_image(lflow *f, const char *real, const model_image *mi,
                          image *out);

/* The drawing at path, used at pos, parsed at its first use in the run:
 * *out is the caller's (svg_free), its shapes a copy it may change. As
 * svg_parse_file: 0, or -1 after an error. */
int lmedia_svg(lflow *f, const char *path, src_pos pos, svg_image **out);

/* A rich text's words without markup (a hard break is a space), for
 * bookmarks, contents and {chapter}. malloc'd. */
char *lplain_text(const model_text *t);

/* The text module's alignment for a model alignment. */
text_align lalign(model_align a);

/* Where items go: a slice's or a page's item array, malloc'd, owned by
 * the slice or page. */
typedef struct lsink {
	layout_item **items;
	size_t *nitems, *capitems;
} lsink;

/* Room for the n glyphs of a text item (zeroed), in the layout's glyph
 * store (glyphs.c): *cps and *xs get n entries each. Returns the block
 * that holds them, for layout_text.glyph_block. */
uint32_t lglyphs_alloc(lflow *f, size_t n, uint16_t **cps, float **xs);
/* Streaming: free the glyph blocks that nothing can show any more: no
 * page from `from` on (the ones before are drawn), no slice left to
 * place, no table header to repeat refers to them. */
void lglyphs_sweep(lflow *f, size_t from);
/* When the pages are final: note which page shows each glyph block last,
 * for layout_release_page. */
void lglyphs_finish(layout_doc *ld);
/* Free the glyph store (layout_free). */
void lglyphs_free(layout_doc *ld);

lsink lsink_slice(lslice *s);
lsink lsink_page(layout_page *p);
/* Give back the unused end of k's array (it grows ahead of need); more
 * items may still be pushed afterwards. */
void lsink_trim(lsink k);
/* Append a zeroed item of kind to k's array and return it. The array may
 * move: pointers to its items (this one included) hold only until the
 * next push to the same sink. */
layout_item *lsink_push(lflow *f, lsink k, layout_kind kind,
                        layout_role role, src_pos pos);

/* Add the runs of a broken line as text items (and link areas) to k, the
 * line starting at x with its baseline at y. */
void lline_items(lflow *f, lsink k, const text_line *ln, double x, double y,
                 layout_role role, src_pos pos);

/* Lay out a plain one-line string (header, footer, list marker) in the
 * band x..x+w with the given alignment, and add its items to k with the
 * baseline at y. Return its width. */
double lplain_line(lflow *f, lsink k, const char *s, int role,
                   unsigned style, double size, uint32_t color, double x,
                   double w, text_align align, double y,
                   layout_role role_name, src_pos pos);

/* The same for a line made of parts, each with its own text, position
 * and verbatim prefix (a running head's template and the title in it);
 * their style is set here. */
double lplain_spans(lflow *f, lsink k, text_span *sp, size_t n, int role,
                    unsigned style, double size, uint32_t color, double x,
                    double w, text_align align, double y, layout_role role_name,
                    src_pos pos);

#endif
