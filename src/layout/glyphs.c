/*
 * glyphs.c - where the glyph arrays of text items live, so that a caller
 * drawing the pages in order can free each page's memory once it is drawn
 * (layout_release_page).
 *
 * The glyphs are most of a long layout's memory (6 bytes a glyph: 9 MB
 * for 500 pages), and they are made while the blocks are laid out, before
 * pagination decides their page. They are bumped into blocks of
 * GLYPH_BLOCK bytes in the order they are made, which is nearly page
 * order; when the layout is done, each block learns the last page that
 * shows one of its glyphs (lglyphs_finish), and is freed as soon as that
 * page is drawn. Glyphs that several pages show (a table's repeated
 * header, a running head) keep their block until the last of them.
 */
#include "layout/layout_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

/* Bytes per block: about a page and a half of body text. */
#define GLYPH_BLOCK (64 * 1024)

typedef struct gblock {
	long last_page; /* the last page showing its glyphs, -1 for none */
	size_t size, used;
	max_align_t data[]; /* size bytes */
} gblock;

struct lglyph_store {
	gblock **blocks; /* in the order made; NULL once freed */
	size_t n, cap;
	size_t *order;   /* block indexes by last_page (lglyphs_finish) */
	size_t next;     /* order[next] is the next block to free */
	size_t drawn;    /* pages 0..drawn-1 were released, in order */
	size_t swept;    /* blocks before this one are freed (lglyphs_sweep) */
	size_t placed;   /* f->slices_placed at the last sweep */
};

/* A sort key and the block it belongs to. */
typedef struct keyed {
	uintptr_t key;
	size_t block;
} keyed;

static int
keyed_cmp(const void *a, const void *b)
{
	const keyed *x = a, *y = b;
	if (x->key != y->key)
		return (x->key > y->key) - (x->key < y->key);
	return (x->block > y->block) - (x->block < y->block);
}

uint32_t
lglyphs_alloc(lflow *f, size_t n, uint16_t **cps, float **xs)
{
	layout_doc *ld = f->ld;
	if (!ld->glyph_store)
		ld->glyph_store = xcalloc(1, sizeof(*ld->glyph_store));
	lglyph_store *gs = ld->glyph_store;
	/* The positions, then the code points: one allocation. */
	size_t bytes = (n ? n : 1) * (sizeof(float) + sizeof(uint16_t));
	bytes = (bytes + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	gblock *b = gs->n ? gs->blocks[gs->n - 1] : NULL;
	if (!b || b->size - b->used < bytes) {
#ifdef CAREC_ARENA_DEBUG
		size_t size = bytes; /* one array a block: exact bounds */
#else
		size_t size = bytes > GLYPH_BLOCK ? bytes : GLYPH_BLOCK;
#endif
		b = xmalloc(offsetof(gblock, data) + size);
		b->last_page = -1;
		b->size = size;
		b->used = 0;
		if (gs->n == gs->cap)
			gs->blocks = xgrow(gs->blocks, &gs->cap, gs->n + 1, sizeof(*gs->blocks));
		gs->blocks[gs->n++] = b;
	}
	unsigned char *g = (unsigned char *)b->data + b->used;
	b->used += bytes;
	memset(g, 0, bytes);
	*xs = (float *)g;
	*cps = (uint16_t *)(g + n * sizeof(float));
	return (uint32_t)(gs->n - 1);
}

void
lglyphs_finish(layout_doc *ld)
{
	lglyph_store *gs = ld->glyph_store;
	if (!gs || gs->n == 0)
		return;
	keyed *byaddr = xmalloc(gs->n * sizeof(*byaddr));
	for (size_t p = 0; p < ld->npages; p++) {
		const layout_page *pg = &ld->pages[p];
		for (size_t i = 0; i < pg->nitems; i++) {
			const layout_item *it = &pg->items[i];
			if (it->kind != LITEM_TEXT || !it->u.text.xs)
				continue;
			uint32_t b = it->u.text.glyph_block;
			if (b < gs->n && gs->blocks[b] &&
			    gs->blocks[b]->last_page < (long)p)
				gs->blocks[b]->last_page = (long)p;
		}
	}
	/* Blocks by last page; -1 (glyphs no page shows, or a block the
	 * sweep freed) sorts first. */
	for (size_t i = 0; i < gs->n; i++) {
		long last = gs->blocks[i] ? gs->blocks[i]->last_page : -1;
		byaddr[i].key = (uintptr_t)(last + 1);
		byaddr[i].block = i;
	}
	qsort(byaddr, gs->n, sizeof(*byaddr), keyed_cmp);
	free(gs->order);
	gs->order = xmalloc(gs->n * sizeof(*gs->order));
	for (size_t i = 0; i < gs->n; i++)
		gs->order[i] = byaddr[i].block;
	free(byaddr);
	gs->next = 0;
	gs->drawn = 0;
}

void
layout_release_page(layout_doc *ld, size_t i)
{
	if (i >= ld->npages)
		return;
	layout_page *p = &ld->pages[i];
	free(p->items);
	p->items = NULL;
	p->nitems = p->capitems = 0;
	lglyph_store *gs = ld->glyph_store;
	/* Blocks go only while the pages are released in order, so that a
	 * block is never freed before every page showing it is drawn. */
	if (!gs || !gs->order || i != gs->drawn)
		return;
	gs->drawn++;
	while (gs->next < gs->n) {
		gblock **b = &gs->blocks[gs->order[gs->next]];
		if (*b && (*b)->last_page > (long)i)
			break;
		free(*b);
		*b = NULL;
		gs->next++;
	}
}

size_t
layout_glyph_bytes(const layout_doc *ld)
{
	const lglyph_store *gs = ld->glyph_store;
	size_t total = 0;
	for (size_t i = 0; gs && i < gs->n; i++)
		if (gs->blocks[i])
			total += gs->blocks[i]->size;
	return total;
}

void
lglyphs_free(layout_doc *ld)
{
	lglyph_store *gs = ld->glyph_store;
	if (!gs)
		return;
	for (size_t i = 0; i < gs->n; i++)
		free(gs->blocks[i]);
	free(gs->blocks);
	free(gs->order);
	free(gs);
	ld->glyph_store = NULL;
}

/* Mark the block of every text item of items[0..n): keep[b - swept] for
 * block b (the blocks before swept are gone). */
static void
mark_items(const lglyph_store *gs, uint8_t *keep, const layout_item *items,
           size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t b = items[i].u.text.glyph_block;
		if (items[i].kind == LITEM_TEXT && items[i].u.text.xs &&
		    b >= gs->swept && b < gs->n)
			keep[b - gs->swept] = 1;
	}
}

void
lglyphs_sweep(lflow *f, size_t from)
{
	lglyph_store *gs = f->ld->glyph_store;
	if (!gs || gs->n < 2)
		return;
	/* What may still be drawn: the pages not done, the slices not
	 * placed yet, and the header slices of tables that may go on to
	 * another page; and the block still being filled. */
	/* A sweep reads every slice still waiting, and one block (a table
	 * of 100000 cells, a timeline of thousands of events) leaves
	 * thousands waiting over hundreds of pages: sweep again only once
	 * about half as many slices were placed as wait, so that sweeping
	 * costs no more than placing does, and a block is freed at most
	 * that much later. Streamed short blocks leave few slices waiting,
	 * and are swept after every page, as before. */
	size_t waiting = f->nslices > f->slices_released
	                         ? f->nslices - f->slices_released
	                         : 0;
	if (f->slices_placed - gs->placed < waiting / 2)
		return;
	gs->placed = f->slices_placed;
	uint8_t *keep = xcalloc(gs->n - gs->swept, 1);
	keep[gs->n - 1 - gs->swept] = 1;
	const layout_doc *ld = f->ld;
	for (size_t p = from; p < ld->npages; p++)
		mark_items(gs, keep, ld->pages[p].items, ld->pages[p].nitems);
	/* Before the slices released, only the header slices of the tables
	 * that may go on hold items (paginate.c, release_slices). */
	for (size_t g = f->groups_released; g < f->ngroups; g++)
		for (size_t k = f->groups[g].head;
		     k < f->groups[g].head + f->groups[g].nhead &&
		     k < f->slices_released;
		     k++)
			mark_items(gs, keep, f->slices[k].items,
			           f->slices[k].nitems);
	for (size_t k = f->slices_released; k < f->nslices; k++)
		mark_items(gs, keep, f->slices[k].items, f->slices[k].nitems);
	for (size_t i = gs->swept; i < gs->n; i++)
		if (!keep[i - gs->swept] && gs->blocks[i]) {
			free(gs->blocks[i]);
			gs->blocks[i] = NULL;
		}
	/* Everything before the first block kept is gone for good. */
	while (gs->swept < gs->n && !gs->blocks[gs->swept])
		gs->swept++;
	free(keep);
}
