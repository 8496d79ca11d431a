/*
 * render.c - a layout_doc as a PDF (see render.h): drives the render.
 * It makes the document, has pdf_page.c make and draw each page in
 * order, adds what needs the whole document (destinations, bookmarks,
 * page labels, metadata, and at the end the fonts, through pdf_font.c),
 * and saves. See render_internal.h for who calls whom.
 */
#define _POSIX_C_SOURCE 200809L
#include "render/render_internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/mem.h"

static const src_pos nowhere = {NULL, 0, 0};

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
	st |= HPDF_Array_Add(d, HPDF_Null_New(haru_mmgr(rc->pdf)));
	st |= HPDF_Array_AddReal(d, (HPDF_REAL)top);
	st |= HPDF_Array_Add(d, HPDF_Null_New(haru_mmgr(rc->pdf)));
	if (st != HPDF_OK)
		return render_fail(rc, 0, nowhere, "make a link destination");
	return 0;
}

static int
add_dests(render_ctx *rc, const layout_doc *ld)
{
	rc->dests = xcalloc(ld->ndests ? ld->ndests : 1, sizeof(*rc->dests));
	render_link_titles(rc, ld);
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
		HPDF_Dict d = HPDF_Dict_New(haru_mmgr(rc->pdf));
		HPDF_STATUS st = d ? HPDF_OK : HARU_NO_MEMORY;
		if (st == HPDF_OK && styles[l->style])
			st = HPDF_Dict_AddName(d, "S", styles[l->style]);
		/* A label in the edition's language ("Обложка") is written
		 * as UTF-16, as bookmark titles are. */
		if (st == HPDF_OK && l->prefix && *l->prefix)
			st = HPDF_Dict_Add(
			        d, "P",
			        HPDF_String_New(
			                haru_mmgr(rc->pdf), l->prefix,
			                is_ascii(l->prefix)
			                        ? NULL
			                        : HPDF_GetEncoder(rc->pdf,
			                                          "UTF-8")));
		if (st == HPDF_OK && styles[l->style] && l->start != 1)
			st = HPDF_Dict_AddNumber(d, "St", l->start);
		if (st == HPDF_OK)
			st = haru_add_page_label(rc->pdf, (HPDF_UINT)l->page,
			                         d);
		if (st != HPDF_OK)
			return render_fail(rc, 0, nowhere, "label the pages");
	}
	return 0;
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

	HPDF_Dict catalog = haru_catalog(rc->pdf);
	if (m->lang && *m->lang) {
		HPDF_String s =
		        HPDF_String_New(haru_mmgr(rc->pdf), m->lang, NULL);
		if (!s || HPDF_Dict_Add(catalog, "Lang", s) != HPDF_OK)
			return render_fail(rc, 0, nowhere, "set the document language");
	}
	HPDF_Dict vp = HPDF_Dict_New(haru_mmgr(rc->pdf));
	if (!vp || HPDF_Dict_Add(catalog, "ViewerPreferences", vp) != HPDF_OK ||
	    HPDF_Dict_AddBoolean(vp, "DisplayDocTitle", HPDF_TRUE) != HPDF_OK)
		return render_fail(rc, 0, nowhere, "set the viewer preferences");
	return 0;
}

/* Pop the graphics states a failed render left saved, and free the
 * bodies of the pages not completed. */
static void
unwind_pages(render_ctx *rc, render_page *pages, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		haru_page_unwind(pages[i].page);
		render_page_free_body(rc, &pages[i]);
	}
}

/* Save the document into libharu's memory stream and copy it out. */
/* save's writer: the bytes into a buf. */
static int
to_buf(void *ctx, const void *data, size_t len)
{
	buf_put(ctx, data, len);
	return 0;
}

static int
save(render_ctx *rc, unsigned char **out, size_t *outlen)
{
	buf b;
	buf_init(&b);
	const haru_raw raw = {rc->raw_first, rc->raw_n, rc->raw_text.data,
	                      rc->raw_off, render_deflate_whole};
	int failed = 0;
	HPDF_STATUS st = haru_save_through(rc->pdf, to_buf, &b, &raw, &failed);
	if (st != HPDF_OK || b.len == 0) {
		buf_free(&b);
		return render_fail(rc, st, nowhere, "write the PDF");
	}
	*outlen = b.len;
	*out = (unsigned char *)buf_detach(&b);
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
	rc->worker = rs->opts.worker;
	buf_init(&rc->raw);
	buf_init(&rc->raw_text);
	rc->pdf = HPDF_New(render_on_error, rc);
	if (!rc->pdf)
		mem_oom(); /* HPDF_New fails only when it cannot allocate */
	if (HPDF_SetCompressionMode(rc->pdf, HPDF_COMP_ALL) != HPDF_OK) {
		render_fail(rc, 0, nowhere, "turn on compression");
		rs->failed = 1;
		return rs;
	}
	/* /Lang and DisplayDocTitle are PDF 1.4; libharu would say 1.3. */
	haru_set_pdf_14(rc->pdf);
	if (rs->opts.print)
		render_print_start(rc, &rs->opts);
	return rs;
}

int
render_stream_page(render_stream *rs, const layout_doc *ld, size_t i,
                   diag_list *diags)
{
	render_ctx *rc = &rs->rc;
	if (rs->failed)
		return -1;
	rc->diags = diags;
	rc->ld = ld;
	render_colour_use(rc, ld);
	const layout_page *lp = &ld->pages[i];
	if (rc->nbody == rc->capbody)
		rc->body = xgrow(rc->body, &rc->capbody, rc->nbody + 1,
		                 sizeof(*rc->body));
	render_page *rp = &rc->body[rc->nbody];
	if (rc->nbody == 0)
		render_print_settings(rc, ld);
	if (render_page_new(rc, lp, i, NULL, rp) != 0)
		goto fail;
	rc->nbody++;
	/* The links wait for the end: they may point to later pages. */
	if (render_page_body(rc, lp, lp->under, lp->under + lp->body, 0, rp))
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
	/* Every page is known now (the slug counts them). */
	render_print_settings(rc, ld);
	rc->pages = xcalloc(ld->npages ? ld->npages : 1, sizeof(*rc->pages));
	rs->late = xcalloc(nlate ? nlate : 1, sizeof(*rs->late));
	size_t b = 0;
	for (size_t i = 0; i < ld->npages; i++) {
		const layout_page *lp = &ld->pages[i];
		if (lp->flow) {
			rc->pages[i] = &rc->body[b++];
		} else {
			render_page *rp = &rs->late[rs->nlate];
			HPDF_Page before = b < rc->nbody ? rc->body[b].page : NULL;
			if (render_page_new(rc, lp, i, before, rp) != 0)
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
	rc->ld = ld;
	render_colour_use(rc, ld);
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
		    render_page_complete(rc, lp, lp->under, end, 1, rp))
			goto fail;
	} else {
		/* A page made at the end (a cover): drawn whole, its links
		 * among its items, and completed at once. */
		if (render_page_body(rc, lp, 0, lp->nitems, 1, rp) ||
		    render_page_complete(rc, lp, 0, lp->nitems, 0, rp))
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
	render_booklet_check(rc, ld);
	if (render_fonts_load(rc) || render_struct_finish(rc, ld) ||
	    add_outlines(rc, ld) ||
	    add_labels(rc, ld) || set_metadata(rc, ld, &rs->opts) ||
	    render_archive(rc, ld, &rs->opts))
		goto fail;
	rs->prepared = 1;
	return 0;
fail:
	rs->failed = 1;
	return -1;
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
	int write_failed = 0;
	const haru_raw raw = {rc->raw_first, rc->raw_n, rc->raw_text.data,
	                      rc->raw_off, render_deflate_whole};
	HPDF_STATUS st = haru_save_through(rc->pdf, write, ctx, &raw,
	                                   &write_failed);
	if (write_failed) {
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
	unwind_pages(rc, rc->body, rc->nbody);
	unwind_pages(rc, rs->late, rs->nlate);
	render_thread_end();
	buf_free(&rc->raw);
	HPDF_Free(rc->pdf);
	render_fonts_free(rc);
	render_print_free(rc);
	render_struct_free(rc);
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
