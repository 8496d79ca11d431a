/*
 * pdf_haru.c - the one file that uses libharu's internal structures
 * (see pdf_haru.h for what it offers and why).
 *
 * libharu 2.3 and 2.4 both install the headers that describe them
 * (hpdf_doc.h, hpdf_objects.h, hpdf_pages.h, hpdf_font.h, hpdf_fontdef.h,
 * hpdf_streams.h, hpdf_utils.h), and the fields used here have the same
 * names and meaning in both. What differs, and how it is handled:
 *
 *  - 2.4's hpdf_version.h computes HPDF_VERSION_TEXT and HPDF_VERSION_ID
 *    from HPDF_MAJOR/MINOR/BUGFIX_VERSION instead of spelling them out:
 *    the number still works in #if; cmake/FindLibHaru.cmake reads the
 *    three parts.
 *  - 2.4.5 renamed HPDF_FAILD_TO_ALLOC_MEM to HPDF_FAILED_TO_ALLOC_MEM:
 *    HARU_NO_MEMORY (pdf_haru.h) is whichever is defined.
 *  - 2.4 added fields to structures used here (the page's /Shading
 *    dictionary in HPDF_PageAttr_Rec, for its shading API): only fields
 *    by name are used, so a changed layout does not matter. The shading
 *    API itself is not used: pdf_path.c builds its shadings by hand,
 *    which both versions write the same.
 *  - Both free only a page's innermost graphics state (hpdf_pages.c,
 *    Page_OnFree, the same in 2.4): haru_page_unwind pops the others.
 *  - Feature checks at run time rather than version numbers, for what a
 *    build of either may or may not do: a page without /ProcSet keeps its
 *    resources as they are; a font without a /ToUnicode stream gets one.
 *
 * HPDF_VERSION_ID has no layout to choose between so far: every
 * difference above is a name or a behaviour, checked by #ifdef or at run
 * time, which also holds for a 2.4.x not read here.
 *
 * Only 2.3.0 is installed where this is built and tested; the 2.4
 * branches were compiled against 2.3's headers edited where 2.4's differ
 * (version header, error names, page fields), not against a 2.4
 * installation. libharu's development tree (commit 280edf4) moves these
 * structures into include/internal/ and makes HPDF_Error opaque: a
 * libharu that ships its headers that way needs this file adapted, and
 * only this file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#pragma GCC diagnostic ignored "-Wpedantic"
#endif
#include <hpdf_catalog.h>
#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

#include "render/pdf_haru.h"

/* ---- the document ---- */

HPDF_MMgr
haru_mmgr(HPDF_Doc pdf)
{
	return pdf->mmgr;
}

HPDF_Dict
haru_catalog(HPDF_Doc pdf)
{
	return pdf->catalog;
}

void
haru_set_pdf_14(HPDF_Doc pdf)
{
	pdf->pdf_version = HPDF_VER_14;
}

HPDF_STATUS
haru_add_object(HPDF_Doc pdf, void *obj)
{
	return HPDF_Xref_Add(pdf->xref, obj);
}

HPDF_STATUS
haru_add_page_label(HPDF_Doc pdf, HPDF_UINT page, HPDF_Dict label)
{
	return HPDF_Catalog_AddPageLabel(pdf->catalog, page, label);
}

HPDF_UINT
haru_dict_count(HPDF_Dict dict)
{
	return dict->list->count;
}

/* The writer behind haru_save_through. */
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

/* ---- the save: object streams ---- */

/* Objects packed in one object stream, at most. */
#define OBJSTM_MAX HARU_OBJSTM_MAX

/* Bytes written to a buf through a libharu stream. */
static HPDF_STATUS
write_buf(HPDF_Stream stream, const HPDF_BYTE *ptr, HPDF_UINT size)
{
	buf_put(stream->attr, ptr, size);
	return HPDF_OK;
}

/* Where each object went: 1 its own offset, 2 an object stream's
 * number and its index there (ISO 32000-1, 7.5.8.3). */
typedef struct xentry {
	unsigned char type;
	HPDF_UINT a;
	HPDF_UINT16 b;
} xentry;

/* Into all, the data of an object stream of objects [from, to): their
 * numbers (ids[k], or id0 + k when ids is NULL) and offsets, then the
 * objects, body from off[k] to off[k + 1] each, a newline after each.
 * Return where the first object begins (the stream's /First). */
static size_t
pack_objects(buf *all, const HPDF_UINT *ids, HPDF_UINT id0,
             const size_t *off, size_t from, size_t to, const char *body)
{
	char digits[48];
	for (size_t k = from; k < to; k++) {
		/* "id offset " for each, without printf's cost. */
		char *e = digits + sizeof(digits), *q = e;
		size_t v = off[k] - off[from] + (k - from);
		*--q = ' ';
		do {
			*--q = (char)('0' + v % 10);
			v /= 10;
		} while (v);
		*--q = ' ';
		v = ids ? ids[k] : id0 + k;
		do {
			*--q = (char)('0' + v % 10);
			v /= 10;
		} while (v);
		buf_put(all, q, (size_t)(e - q));
	}
	const size_t first = all->len;
	for (size_t k = from; k < to; k++) {
		buf_put(all, body + off[k], off[k + 1] - off[k]);
		buf_putc(all, '\n');
	}
	return first;
}

/* Write object stream num: n objects, the first at first, z their data
 * deflated. */
static HPDF_STATUS
write_objstm(HPDF_Stream out, HPDF_UINT num, size_t n, size_t first,
             const buf *z)
{
	char head[160];
	snprintf(head, sizeof(head),
	         "%u 0 obj\n<< /Type /ObjStm /N %zu /First %zu /Filter "
	         "/FlateDecode /Length %zu >>\nstream\n",
	         num, n, first, z->len);
	HPDF_STATUS st = HPDF_Stream_WriteStr(out, head);
	if (st == HPDF_OK)
		st = HPDF_Stream_Write(out, (HPDF_BYTE *)z->data,
		                       (HPDF_UINT)z->len);
	if (st == HPDF_OK)
		st = HPDF_Stream_WriteStr(out, "\nendstream\nendobj\n");
	return st;
}

size_t
haru_raw_chunks(const haru_raw *raw)
{
	return (raw->n + HARU_OBJSTM_MAX - 1) / HARU_OBJSTM_MAX;
}

int
haru_raw_pack(const haru_raw *raw, size_t k, buf *z, size_t *first)
{
	const size_t from = k * HARU_OBJSTM_MAX;
	const size_t to = from + HARU_OBJSTM_MAX < raw->n
	                          ? from + HARU_OBJSTM_MAX
	                          : raw->n;
	buf all;
	buf_init(&all);
	*first = pack_objects(&all, NULL, raw->first, raw->off, from, to,
	                      raw->text);
	const int r = raw->deflate(z, all.data, all.len);
	buf_free(&all);
	return r;
}

/*
 * What HPDF_SaveToStream writes, in less room: each stream an object of
 * its own, as libharu writes it, and every other object (dictionaries,
 * arrays, the /Length numbers) packed, OBJSTM_MAX at a time, in deflated
 * object streams, found through a cross-reference stream (PDF 1.5,
 * ISO 32000-1 7.5.7 and 7.5.8). A tagged PDF has an object for each
 * element of its structure: a hundred bytes each in a classic file, a
 * fraction of that packed.
 *
 * The objects are written in libharu's order, each as libharu writes
 * it (HPDF_Obj_WriteValue, with the dictionaries' before-write hooks
 * run in the same order): a /Length follows its stream, and an object
 * that another's hook fills in or adds (a CID font's file) comes after
 * it. The packed objects wait in memory (small: no stream is among
 * them) until every object is known, and the object streams are
 * numbered after them.
 */
static HPDF_STATUS
save_packed(HPDF_Doc pdf, HPDF_Stream out, const haru_raw *raw)
{
	static const char *const version[] = {"1.2", "1.3", "1.4",
	                                      "1.5", "1.6", "1.7"};
	HPDF_Xref xref = pdf->xref;
	size_t capx = 0, capids = 0, npacked = 0;
	xentry *x = NULL;
	HPDF_UINT *ids = NULL;
	size_t *off = NULL; /* npacked + 1 offsets in body */
	buf body;
	buf_init(&body);
	HPDF_Stream to_body = HPDF_CallbackWriter_New(pdf->mmgr, write_buf,
	                                              &body);
	HPDF_STATUS st = to_body ? HPDF_OK : HARU_NO_MEMORY;
	const int v = pdf->pdf_version < HPDF_VER_15 ? HPDF_VER_15
	                                            : (int)pdf->pdf_version;
	char line[64];
	if (st == HPDF_OK) {
		snprintf(line, sizeof(line), "%%PDF-%s\n%%\267\276\255\252\n",
		         version[v]);
		st = HPDF_Stream_WriteStr(out, line);
	}
	/* The trailer's keys, which the cross-reference stream carries. */
	if (st == HPDF_OK)
		st = HPDF_Dict_Add(pdf->trailer, "Root", pdf->catalog);
	if (st == HPDF_OK && pdf->info)
		st = HPDF_Dict_Add(pdf->trailer, "Info", pdf->info);
	for (HPDF_UINT i = 1; i < xref->entries->count && st == HPDF_OK; i++) {
		HPDF_XrefEntry e = HPDF_List_ItemAt(xref->entries, i);
		HPDF_Obj_Header *h = e->obj;
		if (i >= capx)
			x = xgrow(x, &capx, (size_t)i + 1, sizeof(*x));
		int stream = (h->obj_class & HPDF_OCLASS_ANY) == HPDF_OCLASS_DICT &&
		             ((HPDF_Dict)e->obj)->stream;
		if (i >= raw->first && i - raw->first < raw->n)
			continue; /* packed after the others, below */
		if (stream || e->gen_no != 0) {
			x[i] = (xentry){1, out->size, e->gen_no};
			snprintf(line, sizeof(line), "%u %u obj\n", i, e->gen_no);
			st = HPDF_Stream_WriteStr(out, line);
			if (st == HPDF_OK)
				st = HPDF_Obj_WriteValue(e->obj, out, NULL);
			if (st == HPDF_OK)
				st = HPDF_Stream_WriteStr(out, "\nendobj\n");
			continue;
		}
		if (npacked + 1 >= capids) {
			size_t c = capids;
			ids = xgrow(ids, &c, npacked + 2, sizeof(*ids));
			off = xgrow(off, &capids, npacked + 2, sizeof(*off));
		}
		ids[npacked] = i;
		off[npacked++] = body.len;
		st = HPDF_Obj_WriteValue(e->obj, to_body, NULL);
	}
	if (off)
		off[npacked] = body.len;

	/* Every object is known now: the object streams come after them,
	 * then the cross-reference stream, with the trailer's keys. */
	const HPDF_UINT count = xref->entries->count;
	const HPDF_UINT nstm =
	        (HPDF_UINT)((npacked + OBJSTM_MAX - 1) / OBJSTM_MAX);
	const HPDF_UINT nraw = (HPDF_UINT)haru_raw_chunks(raw);
	const HPDF_UINT self = count + nstm + nraw;
	const HPDF_UINT n = self + 1;
	x = xgrow(x, &capx, n, sizeof(*x));
	x[0] = (xentry){0, 0, 0xFFFF};
	buf all, zs;
	buf_init(&all);
	buf_init(&zs);
	for (HPDF_UINT k = 0; k < nstm && st == HPDF_OK; k++) {
		const size_t from = (size_t)k * OBJSTM_MAX;
		const size_t to = from + OBJSTM_MAX < npacked ? from + OBJSTM_MAX
		                                               : npacked;
		all.len = zs.len = 0;
		const size_t first =
		        pack_objects(&all, ids, 0, off, from, to, body.data);
		if (raw->deflate(&zs, all.data, all.len) != 0)
			st = HPDF_STREAM_EOF;
		x[count + k] = (xentry){1, out->size, 0};
		if (st == HPDF_OK)
			st = write_objstm(out, count + k, to - from, first, &zs);
		for (size_t j = from; j < to; j++)
			x[ids[j]] = (xentry){2, count + k, (HPDF_UINT16)(j - from)};
	}
	/* The raw objects (the structure tree), in object streams of their
	 * own, packed and deflated ahead (by the run's worker, while the
	 * rest was prepared). */
	for (HPDF_UINT k = 0; k < nraw && st == HPDF_OK; k++) {
		const HPDF_UINT num = count + nstm + k;
		const size_t from = (size_t)k * OBJSTM_MAX;
		const size_t to = from + OBJSTM_MAX < raw->n ? from + OBJSTM_MAX
		                                              : raw->n;
		size_t first = 0;
		const buf *z = raw->chunk(raw->chunk_ctx, k, &first);
		if (!z) {
			st = HPDF_STREAM_EOF;
			break;
		}
		x[num] = (xentry){1, out->size, 0};
		st = write_objstm(out, num, to - from, first, z);
		for (size_t j = from; j < to; j++)
			x[raw->first + j] = (xentry){2, num, (HPDF_UINT16)(j - from)};
	}
	buf_free(&all);
	buf_free(&zs);
	const HPDF_UINT at = out->size;
	x[self] = (xentry){1, at, 0};
	buf rows, dict, z;
	buf_init(&rows);
	buf_init(&dict);
	buf_init(&z);
	/* Each row goes out as the PNG "Up" filter of it (a 2, then each
	 * byte less the one above it; ISO 32000-1 7.4.4.4): the offsets
	 * grow and the packed objects count up one by one, so the rows
	 * become runs of small numbers, which deflate to a seventh. */
	unsigned char above[7] = {0};
	for (HPDF_UINT i = 0; i < n; i++) {
		const xentry *e = &x[i];
		unsigned char r[8], d[7] = {e->type,
		                      (unsigned char)(e->a >> 24),
		                      (unsigned char)(e->a >> 16),
		                      (unsigned char)(e->a >> 8),
		                      (unsigned char)e->a,
		                      (unsigned char)(e->b >> 8),
		                      (unsigned char)e->b};
		r[0] = 2;
		for (int j = 0; j < 7; j++) {
			r[j + 1] = (unsigned char)(d[j] - above[j]);
			above[j] = d[j];
		}
		buf_put(&rows, r, sizeof(r));
	}
	if (st == HPDF_OK && raw->deflate(&z, rows.data, rows.len) != 0)
		st = HPDF_STREAM_EOF;
	HPDF_Stream to_dict = st == HPDF_OK ? HPDF_CallbackWriter_New(
	                                              pdf->mmgr, write_buf, &dict)
	                                    : NULL;
	if (st == HPDF_OK && !to_dict)
		st = HARU_NO_MEMORY;
	if (st == HPDF_OK) {
		buf_printf(&dict,
		           "%u 0 obj\n<< /Type /XRef /Size %u /W [1 4 2] /Filter "
		           "/FlateDecode /DecodeParms << /Columns 7 /Predictor "
		           "12 >> /Length %zu",
		           self, n, z.len);
		HPDF_Dict t = pdf->trailer;
		for (HPDF_UINT i = 0; i < t->list->count && st == HPDF_OK; i++) {
			HPDF_DictElement el = HPDF_List_ItemAt(t->list, i);
			if (strcmp(el->key, "Size") == 0 ||
			    strcmp(el->key, "Prev") == 0)
				continue;
			buf_printf(&dict, " /%s ", el->key);
			st = HPDF_Obj_Write(el->value, to_dict, NULL);
		}
		buf_puts(&dict, " >>\nstream\n");
	}
	if (st == HPDF_OK)
		st = HPDF_Stream_Write(out, (HPDF_BYTE *)dict.data,
		                       (HPDF_UINT)dict.len);
	if (st == HPDF_OK)
		st = HPDF_Stream_Write(out, (HPDF_BYTE *)z.data, (HPDF_UINT)z.len);
	if (st == HPDF_OK) {
		snprintf(line, sizeof(line),
		         "\nendstream\nendobj\nstartxref\n%u\n%%%%EOF\n", at);
		st = HPDF_Stream_WriteStr(out, line);
	}
	if (to_body)
		HPDF_Stream_Free(to_body);
	if (to_dict)
		HPDF_Stream_Free(to_dict);
	buf_free(&z);
	buf_free(&rows);
	buf_free(&dict);
	buf_free(&body);
	free(x);
	free(ids);
	free(off);
	return st;
}

void *
haru_raw_reserve(HPDF_Doc pdf, HPDF_UINT n, HPDF_UINT *first)
{
	void *head = NULL;
	for (HPDF_UINT i = 0; i < n; i++) {
		HPDF_Null o = HPDF_Null_New(pdf->mmgr);
		if (!o || HPDF_Xref_Add(pdf->xref, o) != HPDF_OK)
			return NULL;
		if (i == 0) {
			head = o;
			*first = haru_obj_num(o);
		}
	}
	return head;
}

HPDF_UINT
haru_obj_num(const void *obj)
{
	return ((const HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF;
}

HPDF_STATUS
haru_save_through(HPDF_Doc pdf,
                  int (*write)(void *ctx, const void *data, size_t len),
                  void *ctx, const haru_raw *raw, int *write_failed)
{
	writer w = {write, ctx, 0};
	*write_failed = 0;
	/* HPDF_SaveToStream writes into the document's stream, a memory
	 * stream unless one is there: give it one that hands the bytes on. */
	HPDF_Stream s = HPDF_CallbackWriter_New(pdf->mmgr, write_out, &w);
	if (!s)
		return HARU_NO_MEMORY;
	if (pdf->stream)
		HPDF_Stream_Free(pdf->stream);
	pdf->stream = s;
	/* Encrypted documents (never made here) as libharu saves them. */
	HPDF_STATUS st = pdf->encrypt_on ? HPDF_SaveToStream(pdf)
	                                 : save_packed(pdf, s, raw);
	/* The stream points to w, which is about to go. */
	HPDF_Stream_Free(s);
	pdf->stream = NULL;
	*write_failed = w.failed;
	return st;
}

/* ---- pages ---- */

/* A page of the document's size takes its MediaBox from the root of the
 * page tree (inherited), the first page's, and not a box of its own:
 * libharu would keep the box to the end (about 0.4 KB a page), and the
 * PDF repeat it. Beware: libharu 2.3's HPDF_Page_GetInheritableItem does
 * not look at the parents, so HPDF_Page_GetWidth, GetHeight, SetWidth
 * and SetHeight fail on such a page afterwards (nothing calls them). */
static int
inherit_box(HPDF_Doc pdf, HPDF_Page p)
{
	HPDF_Dict root = pdf->root_pages;
	HPDF_Array own = HPDF_Dict_GetItem(p, "MediaBox", HPDF_OCLASS_ARRAY);
	if (!own)
		return 0;
	HPDF_Array top = HPDF_Dict_GetItem(root, "MediaBox", HPDF_OCLASS_ARRAY);
	if (!top) {
		/* The page's own box, whatever its origin (a print page's
		 * is below and left of 0 0: haru_page_boxes). */
		HPDF_REAL v[4];
		for (HPDF_UINT i = 0; i < 4; i++) {
			HPDF_Real r =
			        HPDF_Array_GetItem(own, i, HPDF_OCLASS_REAL);
			if (!r)
				return -1;
			v[i] = r->value;
		}
		HPDF_Box box = {v[0], v[1], v[2], v[3]};
		top = HPDF_Box_Array_New(pdf->mmgr, box);
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

/* Whether dict has key, without the error HPDF_Dict_GetItem sets when
 * the value is not of the class asked for. */
static int
has_key(HPDF_Dict dict, const char *key)
{
	for (HPDF_UINT i = 0; i < dict->list->count; i++) {
		HPDF_DictElement e = HPDF_List_ItemAt(dict->list, i);
		if (e && strcmp(e->key, key) == 0)
			return 1;
	}
	return 0;
}

int
haru_page_trim(HPDF_Doc pdf, HPDF_Page page)
{
	HPDF_Dict res = HPDF_Page_GetInheritableItem(page, "Resources",
	                                             HPDF_OCLASS_DICT);
	if (!res)
		return -1;
	if (has_key(res, "ProcSet") &&
	    HPDF_Dict_RemoveElement(res, "ProcSet") != HPDF_OK)
		return -1;
	return inherit_box(pdf, page);
}

int
haru_page_boxes(HPDF_Doc pdf, HPDF_Page page, HPDF_Box media, HPDF_Box bleed,
                HPDF_Box trim)
{
	/* libharu 2.3 and 2.4 have no API for these boxes; each is an array
	 * of four reals in the page dictionary. HPDF_Dict_Add replaces the
	 * MediaBox libharu made from the page's size. */
	static const char *const keys[3] = {"MediaBox", "BleedBox", "TrimBox"};
	const HPDF_Box boxes[3] = {media, bleed, trim};
	for (int i = 0; i < 3; i++) {
		HPDF_Array a = HPDF_Box_Array_New(pdf->mmgr, boxes[i]);
		if (!a || HPDF_Dict_Add(page, keys[i], a) != HPDF_OK)
			return -1;
	}
	return 0;
}

/*
 * libharu copies what it is given a byte at a time (HPDF_MemCpy); while
 * the bytes fit in the memory stream's current buffer, copy them there
 * with memcpy and advance the stream as HPDF_MemStream_InWrite would.
 * Otherwise, or after an error (which libharu would skip the write for),
 * let libharu write them.
 */
HPDF_STATUS
haru_page_write(HPDF_Page page, const char *data, size_t len)
{
	HPDF_Stream s = ((HPDF_PageAttr)page->attr)->stream;
	if (s->type == HPDF_STREAM_MEMORY &&
	    HPDF_Error_GetCode(s->error) == HPDF_OK) {
		HPDF_MemStreamAttr ma = (HPDF_MemStreamAttr)s->attr;
		if (ma->w_ptr && ma->w_pos <= ma->buf_siz &&
		    len <= ma->buf_siz - ma->w_pos) {
			memcpy(ma->w_ptr, data, len);
			ma->w_ptr += len;
			ma->w_pos += (HPDF_UINT)len;
			s->size += (HPDF_UINT)len;
			return HPDF_OK;
		}
	}
	return HPDF_Stream_Write(s, (const HPDF_BYTE *)data, (HPDF_UINT)len);
}

/* HPDF_Page_SetRGBFill clears a 512-byte buffer a byte at a time on
 * every call; this writes the same bytes (each channel formatted by
 * libharu's HPDF_FToA) and sets the same state. */
HPDF_STATUS
haru_page_fill_rgb(HPDF_Page page, HPDF_REAL r, HPDF_REAL g, HPDF_REAL b)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	if (attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION &&
	    attr->gmode != HPDF_GMODE_TEXT_OBJECT) /* libharu says why */
		return HPDF_Page_SetRGBFill(page, r, g, b);
	char op[3 * (HPDF_REAL_LEN + 1) + 8];
	char *o = op;
	o = HPDF_FToA(o, r, o + HPDF_REAL_LEN);
	*o++ = ' ';
	o = HPDF_FToA(o, g, o + HPDF_REAL_LEN);
	*o++ = ' ';
	o = HPDF_FToA(o, b, o + HPDF_REAL_LEN);
	memcpy(o, " rg\n", 4);
	o += 4;
	HPDF_STATUS st = haru_page_write(page, op, (size_t)(o - op));
	if (st != HPDF_OK)
		return st;
	attr->gstate->rgb_fill.r = r;
	attr->gstate->rgb_fill.g = g;
	attr->gstate->rgb_fill.b = b;
	attr->gstate->cs_fill = HPDF_CS_DEVICE_RGB;
	return HPDF_OK;
}

HPDF_STATUS
haru_page_font(HPDF_Page page, const char *name, HPDF_REAL size)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	size_t n = strlen(name);
	char op[HPDF_LIMIT_MAX_NAME_LEN + HPDF_REAL_LEN + 8];
	if (n > HPDF_LIMIT_MAX_NAME_LEN)
		return HPDF_INVALID_PARAMETER;
	op[0] = '/';
	memcpy(op + 1, name, n);
	char *o = op + 1 + n;
	*o++ = ' ';
	o = HPDF_FToA(o, size, o + HPDF_REAL_LEN);
	memcpy(o, " Tf\n", 4);
	o += 4;
	HPDF_STATUS st = haru_page_write(page, op, (size_t)(o - op));
	if (st == HPDF_OK)
		attr->gstate->font_size = size;
	return st;
}

void
haru_page_text_moved(HPDF_Page page, const double m[6], double x, double y)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	attr->text_matrix.a = (HPDF_REAL)m[0];
	attr->text_matrix.b = (HPDF_REAL)m[1];
	attr->text_matrix.c = (HPDF_REAL)m[2];
	attr->text_matrix.d = (HPDF_REAL)m[3];
	attr->text_matrix.x = (HPDF_REAL)m[4];
	attr->text_matrix.y = (HPDF_REAL)m[5];
	attr->text_pos.x = (HPDF_REAL)x;
	attr->text_pos.y = (HPDF_REAL)y;
}

int
haru_page_take(HPDF_Page page, buf *out)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	HPDF_Dict contents = attr ? attr->contents : NULL;
	if (!contents || contents->stream != attr->stream ||
	    attr->stream->type != HPDF_STREAM_MEMORY ||
	    contents->filter != HPDF_STREAM_FILTER_FLATE_DECODE ||
	    contents->write_fn || attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION)
		return -1;
	HPDF_Stream s = attr->stream;
	size_t total = 0;
	HPDF_UINT nbufs = HPDF_MemStream_GetBufCount(s);
	for (HPDF_UINT i = 0; i < nbufs; i++) {
		HPDF_UINT len = 0;
		HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(s, i, &len);
		if (!p)
			return -1;
		buf_put(out, p, len);
		total += len;
	}
	if (total != s->size)
		return -1;
	HPDF_MemStream_FreeData(s);
	return 0;
}

static HPDF_STATUS
write_filter(HPDF_Dict dict, HPDF_Stream stream)
{
	(void)dict;
	return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

HPDF_STATUS
haru_page_set_deflated(HPDF_Page page, const unsigned char *z, size_t len)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	HPDF_Dict contents = attr->contents;
	HPDF_Stream s = contents->stream;
	if (s != attr->stream || s->type != HPDF_STREAM_MEMORY || len == 0 ||
	    len > 0xFFFFFFFFu)
		return HPDF_INVALID_STREAM;
	/* One block of exactly len bytes, not libharu's 4 KB blocks (a
	 * page's 2.5 KB would take a whole one): nothing writes to it any
	 * more, and an empty memory stream's next write allocates a block of
	 * buf_siz bytes. */
	HPDF_MemStream_FreeData(s);
	HPDF_MemStreamAttr ma = (HPDF_MemStreamAttr)s->attr;
	ma->buf_siz = (HPDF_UINT)len;
	ma->w_pos = ma->buf_siz;
	HPDF_STATUS st = HPDF_Stream_Write(s, z, (HPDF_UINT)len);
	if (st != HPDF_OK)
		return st;
	/* Copied out as it is; the dictionary says how it is encoded. */
	contents->filter = HPDF_STREAM_FILTER_NONE;
	contents->write_fn = write_filter;
	return HPDF_OK;
}

void
haru_page_unwind(HPDF_Page page)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	while (attr && attr->gstate && attr->gstate->prev)
		attr->gstate = HPDF_GState_Free(page->mmgr, attr->gstate);
}

/* ---- fonts and images ---- */

char *
haru_font_setup(HPDF_Doc pdf, const char *loaded, const char *key,
                unsigned x_height, unsigned cap_height)
{
	HPDF_FontDef def = HPDF_Doc_FindFontDef(pdf, loaded);
	if (!def || def->type != HPDF_FONTDEF_TYPE_TRUETYPE || !def->attr)
		return NULL;
	HPDF_TTFontDefAttr attr = (HPDF_TTFontDefAttr)def->attr;
	snprintf(def->base_font, sizeof(def->base_font), "%s", key);
	def->x_height = (HPDF_UINT16)x_height;
	def->cap_height = (HPDF_UINT16)cap_height;
	for (HPDF_UINT16 g = 0; g < attr->num_glyphs; g++)
		attr->glyph_tbl.flgs[g] = 1;
	return attr->base_font;
}

HPDF_Dict
haru_font_descendant(HPDF_Font font, int *dw)
{
	HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
	if (!fa || fa->type != HPDF_FONT_TYPE0_TT || !fa->descendant_font ||
	    !fa->fontdef)
		return NULL;
	*dw = fa->fontdef->missing_width;
	return fa->descendant_font;
}

int
haru_font_set_to_unicode(HPDF_Doc pdf, HPDF_Font font, const char *cmap,
                         size_t len)
{
	HPDF_Dict tu =
	        has_key(font, "ToUnicode")
	                ? HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT)
	                : NULL;
	if (!tu && !has_key(font, "ToUnicode")) {
		/* A libharu that writes none: add one, deflated like the
		 * font's other streams. */
		tu = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
		if (!tu || HPDF_Dict_Add(font, "ToUnicode", tu) != HPDF_OK)
			return -1;
		tu->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	}
	if (!tu || !tu->stream)
		return -1;
	HPDF_MemStream_FreeData(tu->stream);
	if (HPDF_Stream_Write(tu->stream, (const HPDF_BYTE *)cmap,
	                      (HPDF_UINT)len) != HPDF_OK)
		return -1;
	static const char *const drop[] = {"Type", "CMapName", "CIDSystemInfo",
	                                   "WMode"};
	for (size_t i = 0; i < sizeof(drop) / sizeof(drop[0]); i++)
		if (has_key(tu, drop[i]) &&
		    HPDF_Dict_RemoveElement(tu, drop[i]) != HPDF_OK)
			return -1;
	return 0;
}

void
haru_image_deflate(HPDF_Image image)
{
	image->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
}

/* ---- the print PDF (PDF/X-4) ---- */

void
haru_set_pdf_16(HPDF_Doc pdf)
{
	pdf->pdf_version = HPDF_VER_16;
}

HPDF_Dict
haru_info(HPDF_Doc pdf)
{
	/* libharu makes the Info dictionary with the first attribute set:
	 * without one yet, the PDF/X version (which the print PDF has). */
	if (!pdf->info &&
	    HPDF_SetInfoAttr(pdf, HPDF_INFO_GTS_PDFX, "PDF/X-4") != HPDF_OK)
		return NULL;
	return pdf->info;
}

HPDF_Dict
haru_trailer(HPDF_Doc pdf)
{
	return pdf->trailer;
}

HPDF_Dict
haru_stream_new(HPDF_Doc pdf)
{
	return HPDF_DictStream_New(pdf->mmgr, pdf->xref);
}

HPDF_STATUS
haru_stream_write(HPDF_Dict stream, const void *data, size_t len)
{
	return HPDF_Stream_Write(stream->stream, (const HPDF_BYTE *)data,
	                         (HPDF_UINT)len);
}

void
haru_stream_deflate(HPDF_Dict stream)
{
	stream->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
}

/* ---- PDF/A (pdf_meta.c) ---- */

/* The object behind a dictionary element's value (an indirect object
 * may be held through a proxy). */
static void *
deref(void *obj)
{
	HPDF_Obj_Header *h = obj;
	if (h && (h->obj_class & HPDF_OCLASS_ANY) == HPDF_OCLASS_PROXY)
		return ((HPDF_Proxy)obj)->obj;
	return obj;
}

/* The value of key in dict, of class cls, or NULL (without the error
 * HPDF_Dict_GetItem sets when it is absent or of another class). */
static void *
dict_get(HPDF_Dict dict, const char *key, HPDF_UINT16 cls)
{
	if (!dict ||
	    (dict->header.obj_class & HPDF_OCLASS_ANY) != HPDF_OCLASS_DICT)
		return NULL;
	for (HPDF_UINT i = 0; i < dict->list->count; i++) {
		HPDF_DictElement e = HPDF_List_ItemAt(dict->list, i);
		if (!e || strcmp(e->key, key) != 0)
			continue;
		HPDF_Obj_Header *v = deref(e->value);
		return v && (v->obj_class & HPDF_OCLASS_ANY) == cls ? v : NULL;
	}
	return NULL;
}

/* Whether an ExtGState makes what it paints transparent: an alpha
 * below 1, a soft mask, a blend mode other than Normal. */
static int
gstate_transparent(HPDF_Dict gs)
{
	static const char *alpha[] = {"CA", "ca"};
	for (int i = 0; i < 2; i++) {
		HPDF_Real r = dict_get(gs, alpha[i], HPDF_OCLASS_REAL);
		HPDF_Number n = dict_get(gs, alpha[i], HPDF_OCLASS_NUMBER);
		if ((r && r->value < 1) || (n && n->value < 1))
			return 1;
	}
	HPDF_Name bm = dict_get(gs, "BM", HPDF_OCLASS_NAME);
	if (bm && strcmp(HPDF_Name_GetValue(bm), "Normal") != 0)
		return 1;
	return dict_get(gs, "SMask", HPDF_OCLASS_DICT) != NULL;
}

int
haru_page_transparent(HPDF_Page page)
{
	HPDF_Dict res = dict_get(page, "Resources", HPDF_OCLASS_DICT);
	HPDF_Dict gs = dict_get(res, "ExtGState", HPDF_OCLASS_DICT);
	for (HPDF_UINT i = 0; gs && i < gs->list->count; i++) {
		HPDF_DictElement e = HPDF_List_ItemAt(gs->list, i);
		if (e && gstate_transparent(deref(e->value)))
			return 1;
	}
	HPDF_Dict xo = dict_get(res, "XObject", HPDF_OCLASS_DICT);
	for (HPDF_UINT i = 0; xo && i < xo->list->count; i++) {
		HPDF_DictElement e = HPDF_List_ItemAt(xo->list, i);
		HPDF_Dict x = e ? deref(e->value) : NULL;
		if (dict_get(x, "SMask", HPDF_OCLASS_DICT) ||
		    dict_get(x, "Group", HPDF_OCLASS_DICT))
			return 1;
	}
	return 0;
}

int
haru_font_cap_height(HPDF_Font font)
{
	HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
	if (!fa || fa->type != HPDF_FONT_TYPE0_TT || !fa->fontdef ||
	    !font->before_write_fn)
		return -1;
	/* libharu makes the descriptor when it writes the font, unless the
	 * font definition has one: have it made now (writing the font again
	 * keeps it and sets the same keys). */
	if (!fa->fontdef->descriptor && font->before_write_fn(font) != HPDF_OK)
		return -1;
	HPDF_Dict fd = fa->fontdef->descriptor;
	if (!fd)
		return -1;
	if (has_key(fd, "CapHeight"))
		return 0;
	return HPDF_Dict_AddNumber(fd, "CapHeight",
	                           (HPDF_INT32)fa->fontdef->cap_height) ==
	                       HPDF_OK
	               ? 0
	               : -1;
}
