/* render.c - a layout_doc as a PDF in memory (see render.h). */
#define _POSIX_C_SOURCE 200809L
#include "render/render_internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/mem.h"

static const src_pos nowhere = {NULL, 0, 0};

/* PDF's page size limits (ISO 32000-1, annex C), which libharu enforces. */
#define PAGE_MIN_PT 3.0
#define PAGE_MAX_PT 14400.0

/*
 * A destination [page /XYZ null top null]: scroll to the target and keep
 * the reader's horizontal position and zoom. HPDF_Destination_SetXYZ
 * rejects the zoom 0 that would mean "keep", so the array is rebuilt here
 * the way SetXYZ itself builds it.
 */
static int
set_dest_top(render_ctx *rc, HPDF_Destination d, double top)
{
	HPDF_Page target = HPDF_Array_GetItem(d, 0, HPDF_OCLASS_DICT);
	if (!target)
		return render_fail(rc, 0, nowhere, "make a link destination");
	HPDF_Array_Clear(d);
	HPDF_STATUS st = HPDF_OK;
	st |= HPDF_Array_Add(d, target);
	st |= HPDF_Array_AddName(d, "XYZ");
	st |= HPDF_Array_Add(d, HPDF_Null_New(d->mmgr));
	st |= HPDF_Array_AddReal(d, (HPDF_REAL)top);
	st |= HPDF_Array_Add(d, HPDF_Null_New(d->mmgr));
	if (st != HPDF_OK)
		return render_fail(rc, 0, nowhere, "make a link destination");
	return 0;
}

static int
add_dests(render_ctx *rc, const layout_doc *ld)
{
	rc->dests = xcalloc(ld->ndests ? ld->ndests : 1, sizeof(*rc->dests));
	for (size_t i = 0; i < ld->ndests; i++) {
		const layout_dest *ds = &ld->dests[i];
		if (ds->page < 0 || (size_t)ds->page >= ld->npages) {
			diag_error(rc->diags, DIAG_INTERNAL, nowhere,
			           "destination %zu ('%s') is on page %d of %zu", i,
			           ds->id ? ds->id : "", ds->page + 1, ld->npages);
			return -1;
		}
		HPDF_Destination d =
			HPDF_Page_CreateDestination(rc->pages[ds->page]->page);
		if (!d)
			return render_fail(rc, 0, nowhere, "make a link destination");
		double h = ld->pages[ds->page].height;
		double top = h - ds->y;
		if (top < 0)
			top = 0;
		if (top > h)
			top = h;
		if (set_dest_top(rc, d, top))
			return -1;
		rc->dests[i] = d;
		rc->ndests = i + 1;
	}
	return 0;
}

/* /PageLabels: what viewers show as page numbers (Cover, i, ii, 1...).
 * The dictionaries are built here, since HPDF_AddPageLabel cannot write
 * a label without a numbering style. */
static int
add_labels(render_ctx *rc, const layout_doc *ld)
{
	static const char *const styles[] = {"D", "r", "R", NULL};
	for (size_t i = 0; i < ld->nlabels; i++) {
		const layout_label *l = &ld->labels[i];
		if (l->page < 0 || (size_t)l->page >= ld->npages ||
		    (unsigned)l->style > LAYOUT_LABEL_NONE) {
			diag_error(rc->diags, DIAG_INTERNAL, nowhere,
			           "page label %zu is for page %d of %zu", i,
			           l->page + 1, ld->npages);
			return -1;
		}
		HPDF_Dict d = HPDF_Dict_New(rc->pdf->mmgr);
		HPDF_STATUS st = d ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM;
		if (st == HPDF_OK && styles[l->style])
			st = HPDF_Dict_AddName(d, "S", styles[l->style]);
		if (st == HPDF_OK && l->prefix && *l->prefix)
			st = HPDF_Dict_Add(d, "P", HPDF_String_New(rc->pdf->mmgr,
			                                           l->prefix, NULL));
		if (st == HPDF_OK && styles[l->style] && l->start != 1)
			st = HPDF_Dict_AddNumber(d, "St", l->start);
		if (st == HPDF_OK)
			st = HPDF_Catalog_AddPageLabel(rc->pdf->catalog,
			                               (HPDF_UINT)l->page, d);
		if (st != HPDF_OK)
			return render_fail(rc, 0, nowhere, "label the pages");
	}
	return 0;
}

/* Printable ASCII only? Such a title is the same in PDFDocEncoding and
 * is written as it is, "(Section 12)", a quarter of its UTF-16 form. */
static int
is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7E)
			return 0;
	return 1;
}

/* Bookmarks, nested by level: an entry's parent is the closest earlier
 * entry of a lower level. */
static int
add_outlines(render_ctx *rc, const layout_doc *ld)
{
	if (ld->noutlines == 0)
		return 0;
	HPDF_Encoder utf8 = HPDF_GetEncoder(rc->pdf, "UTF-8");
	if (!utf8)
		return render_fail(rc, 0, nowhere, "encode bookmark titles");
	HPDF_Outline *stack = xcalloc(ld->noutlines, sizeof(*stack));
	int *levels = xcalloc(ld->noutlines, sizeof(*levels));
	size_t depth = 0;
	int ret = 0;
	for (size_t i = 0; i < ld->noutlines && ret == 0; i++) {
		const layout_outline *o = &ld->outlines[i];
		if (o->dest < 0 || (size_t)o->dest >= rc->ndests) {
			diag_error(rc->diags, DIAG_INTERNAL, nowhere,
			           "bookmark '%s' points to destination %d of %zu",
			           o->title ? o->title : "", o->dest, rc->ndests);
			ret = -1;
			break;
		}
		while (depth > 0 && levels[depth - 1] >= o->level)
			depth--;
		HPDF_Outline parent = depth ? stack[depth - 1] : NULL;
		const char *title = o->title ? o->title : "";
		HPDF_Outline ol = HPDF_CreateOutline(rc->pdf, parent, title,
		                                     is_ascii(title) ? NULL : utf8);
		if (!ol ||
		    HPDF_Outline_SetDestination(ol, rc->dests[o->dest]) != HPDF_OK ||
		    HPDF_Outline_SetOpened(ol, o->level <= 1) != HPDF_OK) {
			ret = render_fail(rc, 0, nowhere, "add a bookmark");
			break;
		}
		stack[depth] = ol;
		levels[depth] = o->level;
		depth++;
	}
	free(stack);
	free(levels);
	if (ret == 0 &&
	    HPDF_SetPageMode(rc->pdf, HPDF_PAGE_MODE_USE_OUTLINE) != HPDF_OK)
		ret = render_fail(rc, 0, nowhere, "show the bookmarks");
	return ret;
}

static int
set_info(render_ctx *rc, HPDF_InfoType type, const char *value,
         const char *what)
{
	if (!value || !*value)
		return 0;
	if (HPDF_SetInfoAttr(rc->pdf, type, value) != HPDF_OK)
		return render_fail(rc, 0, nowhere, what);
	return 0;
}

static int
set_dates(render_ctx *rc, const render_options *opts)
{
	if (!opts || opts->source_date_epoch < 0)
		return 0;
	time_t t = (time_t)opts->source_date_epoch;
	struct tm tm;
	if ((long long)t != opts->source_date_epoch || !gmtime_r(&t, &tm) ||
	    tm.tm_year + 1900 > 9999) {
		diag_error(rc->diags, DIAG_PDF, nowhere,
		           "cannot use %lld as the document date",
		           opts->source_date_epoch);
		diag_note(rc->diags, "SOURCE_DATE_EPOCH must be seconds since "
		                     "1970-01-01 before the year 10000");
		return -1;
	}
	HPDF_Date d;
	memset(&d, 0, sizeof(d));
	d.year = tm.tm_year + 1900;
	d.month = tm.tm_mon + 1;
	d.day = tm.tm_mday;
	d.hour = tm.tm_hour;
	d.minutes = tm.tm_min;
	d.seconds = tm.tm_sec;
	d.ind = '+';
	d.off_hour = 0;
	d.off_minutes = 0;
	if (HPDF_SetInfoDateAttr(rc->pdf, HPDF_INFO_CREATION_DATE, d) != HPDF_OK ||
	    HPDF_SetInfoDateAttr(rc->pdf, HPDF_INFO_MOD_DATE, d) != HPDF_OK)
		return render_fail(rc, 0, nowhere, "set the document date");
	return 0;
}

/* Info dictionary, /Lang and DisplayDocTitle. */
static int
set_metadata(render_ctx *rc, const layout_doc *ld, const render_options *opts)
{
	const layout_meta *m = &ld->meta;
	/* Info strings are UTF-8 in the layout; this encoder makes libharu
	 * write them as UTF-16BE text strings. */
	if (HPDF_SetCurrentEncoder(rc->pdf, "UTF-8") != HPDF_OK)
		return render_fail(rc, 0, nowhere, "encode the document title");
	if (set_info(rc, HPDF_INFO_TITLE, m->title, "set the title") ||
	    set_info(rc, HPDF_INFO_AUTHOR, m->author, "set the author") ||
	    set_info(rc, HPDF_INFO_SUBJECT, m->subject ? m->subject : m->subtitle,
	             "set the subject") ||
	    set_info(rc, HPDF_INFO_KEYWORDS, m->keywords, "set the keywords") ||
	    set_info(rc, HPDF_INFO_CREATOR, m->creator, "set the creator") ||
	    set_dates(rc, opts))
		return -1;

	HPDF_Dict catalog = rc->pdf->catalog;
	if (m->lang && *m->lang) {
		HPDF_String s = HPDF_String_New(rc->pdf->mmgr, m->lang, NULL);
		if (!s || HPDF_Dict_Add(catalog, "Lang", s) != HPDF_OK)
			return render_fail(rc, 0, nowhere, "set the document language");
	}
	HPDF_Dict vp = HPDF_Dict_New(rc->pdf->mmgr);
	if (!vp || HPDF_Dict_Add(catalog, "ViewerPreferences", vp) != HPDF_OK ||
	    HPDF_Dict_AddBoolean(vp, "DisplayDocTitle", HPDF_TRUE) != HPDF_OK)
		return render_fail(rc, 0, nowhere, "set the viewer preferences");
	return 0;
}

/* libharu 2.3.0 frees only the innermost graphics state of a page: a
 * render that failed between GSave and GRestore would leak the states
 * below it. Pop them all but the page's own before HPDF_Free. */
static void
unwind_gstates(render_page *pages, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		HPDF_PageAttr attr = (HPDF_PageAttr)pages[i].page->attr;
		while (attr && attr->gstate && attr->gstate->prev)
			attr->gstate = HPDF_GState_Free(pages[i].page->mmgr,
			                                attr->gstate);
	}
}

/* Save the document into libharu's memory stream and copy it out. */
static int
save(render_ctx *rc, unsigned char **out, size_t *outlen)
{
	if (HPDF_SaveToStream(rc->pdf) != HPDF_OK)
		return render_fail(rc, 0, nowhere, "write the PDF");
	HPDF_UINT32 size = HPDF_GetStreamSize(rc->pdf);
	unsigned char *bytes = xmalloc(size ? size : 1);
	HPDF_UINT32 got = 0;
	while (got < size) {
		HPDF_UINT32 n = size - got;
		HPDF_STATUS st = HPDF_ReadFromStream(rc->pdf, bytes + got, &n);
		got += n;
		if (st == HPDF_STREAM_EOF || n == 0)
			break;
		if (st != HPDF_OK) {
			free(bytes);
			return render_fail(rc, st, nowhere, "copy out the PDF");
		}
	}
	if (got != size || size == 0) {
		free(bytes);
		return render_fail(rc, 0, nowhere, "copy out the PDF");
	}
	render_reset_error(rc); /* reaching the end may be reported as EOF */
	*out = bytes;
	*outlen = size;
	return 0;
}

/* ---- pages as they come ---- */

struct render_stream {
	render_ctx rc;
	render_options opts;
	int failed;
	render_page *late;   /* the pages made at the end (covers) */
	size_t nlate;
	size_t ncomplete;    /* pages 0.. ncomplete-1 are wholly drawn */
	int prepared;        /* render_stream_prepare succeeded */
};

render_stream *
render_stream_new(const render_options *opts, diag_list *diags)
{
	render_stream *rs = xcalloc(1, sizeof(*rs));
	if (opts)
		rs->opts = *opts;
	else
		rs->opts.source_date_epoch = -1;
	render_ctx *rc = &rs->rc;
	rc->diags = diags;
	if (rs->opts.content_in_memory)
		rc->spill_state = -1; /* as if no file could be made */
	rc->pdf = HPDF_New(render_on_error, rc);
	if (!rc->pdf) {
		diag_error(diags, DIAG_PDF, nowhere,
		           "cannot start a PDF: out of memory");
		rs->failed = 1;
		return rs;
	}
	if (HPDF_SetCompressionMode(rc->pdf, HPDF_COMP_ALL) != HPDF_OK) {
		render_fail(rc, 0, nowhere, "turn on compression");
		rs->failed = 1;
		return rs;
	}
	/* /Lang and DisplayDocTitle are PDF 1.4; libharu would say 1.3. */
	rc->pdf->pdf_version = HPDF_VER_14;
	return rs;
}

static int
check_size(render_ctx *rc, const layout_page *lp, size_t i)
{
	double w = lp->width, h = lp->height;
	if (w >= PAGE_MIN_PT && w <= PAGE_MAX_PT && h >= PAGE_MIN_PT &&
	    h <= PAGE_MAX_PT)
		return 0;
	diag_error(rc->diags, DIAG_PDF, nowhere,
	           "page %zu is %g x %g pt, outside what PDF allows", i + 1, w, h);
	diag_note(rc->diags, "PDF pages are 3 to 14400 pt (about 1 mm to 5 m) "
	                     "on each side; check the theme's page size");
	return -1;
}

/* A page of the document's size takes its MediaBox from the root of the
 * page tree (inherited), the first page's, and not a box of its own:
 * libharu would keep the box to the end (about 0.4 KB a page), and the
 * PDF repeat it. Beware: libharu 2.3's HPDF_Page_GetInheritableItem does
 * not look at the parents, so HPDF_Page_GetWidth, GetHeight, SetWidth
 * and SetHeight fail on such a page afterwards (nothing calls them). */
static int
inherit_box(render_ctx *rc, HPDF_Page p)
{
	HPDF_Dict root = rc->pdf->root_pages;
	HPDF_Array own = HPDF_Dict_GetItem(p, "MediaBox", HPDF_OCLASS_ARRAY);
	if (!own)
		return 0;
	HPDF_Array top = HPDF_Dict_GetItem(root, "MediaBox", HPDF_OCLASS_ARRAY);
	if (!top) {
		HPDF_Box box = {0, 0, HPDF_Page_GetWidth(p), HPDF_Page_GetHeight(p)};
		top = HPDF_Box_Array_New(rc->pdf->mmgr, box);
		if (!top || HPDF_Dict_Add(root, "MediaBox", top) != HPDF_OK)
			return -1;
	}
	for (HPDF_UINT i = 0; i < 4; i++) {
		HPDF_Real a = HPDF_Array_GetItem(own, i, HPDF_OCLASS_REAL);
		HPDF_Real b = HPDF_Array_GetItem(top, i, HPDF_OCLASS_REAL);
		if (!a || !b)
			return -1;
		if (a->value != b->value)
			return 0; /* a page of another size keeps its own */
	}
	return HPDF_Dict_RemoveElement(p, "MediaBox") == HPDF_OK ? 0 : -1;
}

/* A new page of lp's size, before `before` (NULL: at the end). */
static int
new_page(render_ctx *rc, const layout_page *lp, HPDF_Page before,
         render_page *rp)
{
	memset(rp, 0, sizeof(*rp));
	HPDF_Page p = before ? HPDF_InsertPage(rc->pdf, before)
	                     : HPDF_AddPage(rc->pdf);
	if (!p)
		return render_fail(rc, 0, nowhere, "add a page");
	rp->page = p;
	if (HPDF_Page_SetWidth(p, (HPDF_REAL)lp->width) != HPDF_OK ||
	    HPDF_Page_SetHeight(p, (HPDF_REAL)lp->height) != HPDF_OK)
		return render_fail(rc, 0, nowhere, "set the page size");
	/* /ProcSet is obsolete since PDF 1.4 and ignored by readers: it
	 * costs each page about 1 KB of libharu's memory until the save,
	 * and 46 bytes of the file. */
	HPDF_Dict res = HPDF_Page_GetInheritableItem(p, "Resources",
	                                             HPDF_OCLASS_DICT);
	if (!res || HPDF_Dict_RemoveElement(res, "ProcSet") != HPDF_OK ||
	    inherit_box(rc, p) != 0)
		return render_fail(rc, 0, nowhere, "make a page");
	return 0;
}

int
render_stream_page(render_stream *rs, const layout_doc *ld, size_t i,
                   diag_list *diags)
{
	render_ctx *rc = &rs->rc;
	if (rs->failed)
		return -1;
	rc->diags = diags;
	const layout_page *lp = &ld->pages[i];
	if (check_size(rc, lp, i) != 0)
		goto fail;
	if (rc->nbody == rc->capbody) {
		rc->capbody = rc->capbody ? rc->capbody + rc->capbody / 2 + 16 : 64;
		rc->body = xrealloc(rc->body, rc->capbody * sizeof(*rc->body));
	}
	render_page *rp = &rc->body[rc->nbody];
	if (new_page(rc, lp, NULL, rp) != 0)
		goto fail;
	rc->nbody++;
	/* The links wait for the end: they may point to later pages. */
	if (render_page_items(rc, lp, lp->under, lp->under + lp->body, rp, 1) ||
	    render_seal_page(rc, rp))
		goto fail;
	return 0;
fail:
	rs->failed = 1;
	return -1;
}

/* Every page in order: the body pages drawn, the others made now (a
 * front cover goes before the first body page). */
static int
place_pages(render_stream *rs, const layout_doc *ld)
{
	render_ctx *rc = &rs->rc;
	size_t nflow = 0, nlate = 0;
	for (size_t i = 0; i < ld->npages; i++) {
		if (ld->pages[i].flow)
			nflow++;
		else
			nlate++;
	}
	if (nflow != rc->nbody) {
		diag_error(rc->diags, DIAG_INTERNAL, nowhere,
		           "%zu pages were drawn, but the layout has %zu", rc->nbody,
		           nflow);
		return -1;
	}
	rc->pages = xcalloc(ld->npages ? ld->npages : 1, sizeof(*rc->pages));
	rs->late = xcalloc(nlate ? nlate : 1, sizeof(*rs->late));
	size_t b = 0;
	for (size_t i = 0; i < ld->npages; i++) {
		const layout_page *lp = &ld->pages[i];
		if (lp->flow) {
			rc->pages[i] = &rc->body[b++];
		} else {
			if (check_size(rc, lp, i) != 0)
				return -1;
			render_page *rp = &rs->late[rs->nlate];
			HPDF_Page before = b < rc->nbody ? rc->body[b].page : NULL;
			if (new_page(rc, lp, before, rp) != 0)
				return -1;
			rs->nlate++;
			rc->pages[i] = rp;
		}
		rc->npages = i + 1;
	}
	return 0;
}

int
render_stream_complete(render_stream *rs, const layout_doc *ld, size_t i,
                       diag_list *diags)
{
	render_ctx *rc = &rs->rc;
	if (rs->failed)
		return -1;
	rc->diags = diags;
	/* The first page completed: every page is known, and where each
	 * destination is. */
	if (!rc->pages && (place_pages(rs, ld) || add_dests(rc, ld)))
		goto fail;
	if (i != rs->ncomplete || i >= rc->npages) {
		diag_error(diags, DIAG_INTERNAL, nowhere,
		           "page %zu was completed out of order", i + 1);
		goto fail;
	}
	const layout_page *lp = &ld->pages[i];
	render_page *rp = rc->pages[i];
	size_t end = lp->under + lp->body;
	if (lp->flow) {
		if (end > lp->nitems ||
		    render_page_links(rc, lp, lp->under, end, rp) ||
		    render_complete_page(rc, lp, lp->under, lp->nitems - end, rp))
			goto fail;
	} else if (render_page_items(rc, lp, 0, lp->nitems, rp, 0) ||
	           render_seal_page(rc, rp) ||
	           render_complete_page(rc, lp, 0, 0, rp)) {
		goto fail;
	}
	rs->ncomplete++;
	if (rs->opts.page_done)
		rs->opts.page_done(rs->opts.page_done_ctx, i);
	return 0;
fail:
	rs->failed = 1;
	return -1;
}

int
render_stream_prepare(render_stream *rs, const layout_doc *ld,
                      diag_list *diags)
{
	render_ctx *rc = &rs->rc;
	rc->diags = diags;
	if (rs->failed)
		return -1;
	if (ld->npages == 0) {
		diag_error(diags, DIAG_PDF, nowhere,
		           "cannot write a PDF without pages");
		diag_note(diags, "the report produced no content");
		goto fail;
	}
	/* The pages the layout did not complete itself. */
	for (size_t i = rs->ncomplete; i < ld->npages; i++)
		if (render_stream_complete(rs, ld, i, diags) != 0)
			goto fail;
	if (rs->ncomplete != ld->npages) {
		diag_error(diags, DIAG_INTERNAL, nowhere,
		           "%zu pages were completed, but the layout has %zu",
		           rs->ncomplete, ld->npages);
		goto fail;
	}
	if (render_fonts_load(rc) || add_outlines(rc, ld) || add_labels(rc, ld) ||
	    set_metadata(rc, ld, &rs->opts))
		goto fail;
	rs->prepared = 1;
	return 0;
fail:
	rs->failed = 1;
	return -1;
}

/* libharu's writer: through the caller's function. */
typedef struct writer {
	int (*write)(void *ctx, const void *data, size_t len);
	void *ctx;
	int failed;
} writer;

static HPDF_STATUS
write_out(HPDF_Stream stream, const HPDF_BYTE *ptr, HPDF_UINT size)
{
	writer *w = stream->attr;
	if (w->failed || w->write(w->ctx, ptr, size) != 0) {
		w->failed = 1;
		return HPDF_FILE_IO_ERROR;
	}
	return HPDF_OK;
}

int
render_stream_write(render_stream *rs,
                    int (*write)(void *ctx, const void *data, size_t len),
                    void *ctx, diag_list *diags)
{
	render_ctx *rc = &rs->rc;
	rc->diags = diags;
	if (rs->failed || !rs->prepared)
		return -1;
	rs->failed = 1; /* written once */
	writer w = {write, ctx, 0};
	/* HPDF_SaveToStream writes into the document's stream, a memory
	 * stream unless one is there: give it one that hands the bytes on,
	 * so that the PDF is never held whole in memory. */
	HPDF_Stream s = HPDF_CallbackWriter_New(rc->pdf->mmgr, write_out, &w);
	if (!s)
		return render_fail(rc, 0, nowhere, "write the PDF");
	if (rc->pdf->stream)
		HPDF_Stream_Free(rc->pdf->stream);
	rc->pdf->stream = s;
	HPDF_STATUS st = HPDF_SaveToStream(rc->pdf);
	/* The stream points to w, which is about to go. */
	HPDF_Stream_Free(s);
	rc->pdf->stream = NULL;
	if (w.failed) {
		render_reset_error(rc);
		return -1; /* the writer knows why */
	}
	if (st != HPDF_OK)
		return render_fail(rc, 0, nowhere, "write the PDF");
	return 0;
}

int
render_stream_finish(render_stream *rs, const layout_doc *ld,
                     unsigned char **out, size_t *outlen, diag_list *diags)
{
	*out = NULL;
	*outlen = 0;
	if (render_stream_prepare(rs, ld, diags) != 0)
		return -1;
	rs->failed = 1; /* finished: nothing more may be drawn */
	return save(&rs->rc, out, outlen);
}

void
render_stream_free(render_stream *rs)
{
	if (!rs)
		return;
	render_ctx *rc = &rs->rc;
	render_deflate_free(rc);
	unwind_gstates(rc->body, rc->nbody);
	unwind_gstates(rs->late, rs->nlate);
	HPDF_Free(rc->pdf);
	render_spill_close(rc); /* after HPDF_Free: its streams read it */
	render_fonts_free(rc);
	free(rc->body);
	free(rs->late);
	free(rc->pages);
	free(rc->dests);
	free(rc->images);
	free(rs);
}

render_stream *
render_stream_layout(const layout_doc *ld, const render_options *opts,
                     diag_list *diags)
{
	/* The pages in the order a streaming layout hands them over; a
	 * failure makes the finish fail. */
	render_stream *rs = render_stream_new(opts, diags);
	for (size_t i = 0; i < ld->npages; i++)
		if (ld->pages[i].flow && render_stream_page(rs, ld, i, diags) != 0)
			break;
	return rs;
}

int
render_pdf_memory(const layout_doc *ld, const render_options *opts,
                  unsigned char **out, size_t *outlen, diag_list *diags)
{
	render_stream *rs = render_stream_layout(ld, opts, diags);
	int ret = render_stream_finish(rs, ld, out, outlen, diags);
	render_stream_free(rs);
	return ret;
}
