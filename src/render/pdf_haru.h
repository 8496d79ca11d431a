/*
 * pdf_haru.h - what the PDF backend needs of libharu beyond its public
 * API, as functions over libharu's handles (pdf_haru.c).
 *
 * Who may include this: src/render/ only, through render_internal.h.
 * pdf_haru.c is the one file that reads or writes a field of libharu's
 * structures (document, dictionaries, streams, pages, fonts) or touches
 * its memory streams, cross-reference table or font definitions; it
 * supports libharu 2.3 and 2.4 (the differences are listed there). The
 * other files of src/render/ use <hpdf.h> and libharu's object functions
 * (HPDF_Dict_*, HPDF_Array_*), which are the same in both.
 * tests/rooms/check_rooms.py holds them to that.
 */
#ifndef CAREC_RENDER_PDF_HARU_H
#define CAREC_RENDER_PDF_HARU_H

#include <stddef.h>

#include <hpdf.h>

#include "util/mem.h"

/* libharu's "out of memory" code: HPDF_FAILD_TO_ALLOC_MEM up to 2.4.4,
 * HPDF_FAILED_TO_ALLOC_MEM from 2.4.5 (the old name may be gone). */
#ifdef HPDF_FAILED_TO_ALLOC_MEM
#define HARU_NO_MEMORY HPDF_FAILED_TO_ALLOC_MEM
#else
#define HARU_NO_MEMORY HPDF_FAILD_TO_ALLOC_MEM
#endif

/* ---- the document ---- */

/* The memory manager new objects are made with (HPDF_Dict_New...). */
HPDF_MMgr haru_mmgr(HPDF_Doc pdf);

/* The catalog, for keys the API cannot set (/Lang, /ViewerPreferences). */
HPDF_Dict haru_catalog(HPDF_Doc pdf);

/* Write "%PDF-1.4" (libharu says 1.3 unless encryption or PDF/A asks
 * for more; /Lang and DisplayDocTitle are 1.4). */
void haru_set_pdf_14(HPDF_Doc pdf);

/* Make obj an indirect object of the document (its own "N 0 obj"), so
 * that several dictionaries can point to it. */
HPDF_STATUS haru_add_object(HPDF_Doc pdf, void *obj);

/* Add a /PageLabels entry for page index `page`. */
HPDF_STATUS haru_add_page_label(HPDF_Doc pdf, HPDF_UINT page, HPDF_Dict label);

/* How many keys dict has. */
HPDF_UINT haru_dict_count(HPDF_Dict dict);

/* Objects written as they are, not through libharu: n of them from
 * number first (haru_raw_reserve), object first + k being text from
 * off[k] to off[k + 1]. */
typedef struct haru_raw {
	HPDF_UINT first;
	size_t n;
	const char *text;
	const size_t *off;
	/* How the save deflates what it packs (zlib's whole format,
	 * appended to out): 0, or -1 on failure. */
	int (*deflate)(buf *out, const void *data, size_t len);
	/* The raw objects go in object streams of their own, HARU_OBJSTM_MAX
	 * objects each: chunk k holds objects first + k * HARU_OBJSTM_MAX
	 * on. The save takes chunk k from chunk (which n > 0 needs), packed
	 * and deflated (haru_raw_pack; its /First in *first), or NULL if
	 * that failed. */
	const buf *(*chunk)(void *ctx, size_t k, size_t *first);
	void *chunk_ctx;
} haru_raw;

/* Objects in one object stream, at most: 1000 (about 60 KB before
 * deflating) pack the 500-page benchmark's structure 3 % smaller than
 * 200 did, and still make 17 streams for two threads to share. */
#define HARU_OBJSTM_MAX 1000

/* How many object streams raw's objects fill. */
size_t haru_raw_chunks(const haru_raw *raw);

/* Pack the objects of raw's chunk k as an object stream's data and
 * deflate it with raw->deflate, appended to z; *first is where the
 * first object begins. Return 0, or -1 when the deflate failed. Any
 * thread may call it while raw's text stays. */
int haru_raw_pack(const haru_raw *raw, size_t k, buf *z, size_t *first);

/* Reserve n object numbers for raw objects, from *first; return the
 * first's placeholder, which a libharu dictionary may hold to refer to
 * it ("first 0 R"), or NULL on a libharu error. */
void *haru_raw_reserve(HPDF_Doc pdf, HPDF_UINT n, HPDF_UINT *first);

/* The object number of an indirect libharu object (a page, an
 * annotation). */
HPDF_UINT haru_obj_num(const void *obj);

/* Save pdf through write(ctx, data, len) (0, or -1 on failure) as it is
 * made, never whole in memory: the streams as libharu writes them, the
 * other objects packed in object streams with a cross-reference stream
 * (PDF 1.5), the raw objects of raw among them (raw->n may be 0), all
 * deflated with raw->deflate. Return
 * libharu's status; *write_failed is set when write failed (the writer
 * knows why). */
HPDF_STATUS haru_save_through(HPDF_Doc pdf,
                              int (*write)(void *ctx, const void *data,
                                           size_t len),
                              void *ctx, const haru_raw *raw,
                              int *write_failed);

/* ---- pages ---- */

/* Trim a new page: no /ProcSet (obsolete since PDF 1.4: 46 bytes of the
 * file and about 1 KB of libharu's memory a page), and its MediaBox
 * inherited from the page tree's root when it has the root's size (the
 * first page's). Return 0, or -1 on a libharu error. */
int haru_page_trim(HPDF_Doc pdf, HPDF_Page page);

/* The boxes of a page of the PDF for the print shop: its MediaBox
 * (replacing the one of its size; it may start below and left of 0 0,
 * so that what is drawn keeps its coordinates), BleedBox and TrimBox.
 * Call before haru_page_trim. Return 0, or -1 on a libharu error. */
int haru_page_boxes(HPDF_Doc pdf, HPDF_Page page, HPDF_Box media,
                    HPDF_Box bleed, HPDF_Box trim);

/* Append len bytes to the page's content stream as they are. */
HPDF_STATUS haru_page_write(HPDF_Page page, const char *data, size_t len);

/* "r g b rg", byte for byte as HPDF_Page_SetRGBFill writes it, and the
 * page's graphics state set the same, without its cost. */
HPDF_STATUS haru_page_fill_rgb(HPDF_Page page, HPDF_REAL r, HPDF_REAL g,
                               HPDF_REAL b);

/* "/name size Tf", as HPDF_Page_SetFontAndSize writes it, for a font
 * the page names but libharu does not know yet (fonts are loaded at the
 * end). */
HPDF_STATUS haru_page_font(HPDF_Page page, const char *name, HPDF_REAL size);

/* Keep libharu's text matrix and text position in step with a Tm and a
 * TJ written raw (m: the matrix; x, y: where the pen ended). */
void haru_page_text_moved(HPDF_Page page, const double m[6], double x,
                          double y);

/* Move what the page's content stream holds to the end of out (raw,
 * as drawn) and leave the stream empty for what is drawn next. Return
 * 0, or -1 if the page is not as libharu makes it (a stream of its own
 * in memory, outside any text object or path, that libharu would
 * deflate). */
int haru_page_take(HPDF_Page page, buf *out);

/* Make the page's content stream the len bytes of z, a complete zlib
 * stream, written as they are with /Filter /FlateDecode. Once set, the
 * page is finished: nothing may draw on it. */
HPDF_STATUS haru_page_set_deflated(HPDF_Page page, const unsigned char *z,
                                   size_t len);

/* Pop the graphics states a failed render left saved (libharu 2.3
 * frees only the innermost at HPDF_Free). */
void haru_page_unwind(HPDF_Page page);

/* ---- fonts and images ---- */

/* Set up the TrueType font libharu just loaded under the name `loaded`
 * (HPDF_LoadTTFontFromFile): key becomes the name libharu finds it by
 * (HPDF_GetFont; never written to the PDF), x_height and cap_height its
 * metrics, and every glyph of it is marked used (libharu embeds only
 * glyphs it marked itself). Return the name the PDF gives it
 * ("HPDFAA+Name", writable in place, for the subset tag), or NULL if no
 * such TrueType font is loaded. */
char *haru_font_setup(HPDF_Doc pdf, const char *loaded, const char *key,
                      unsigned x_height, unsigned cap_height);

/* The CIDFontType2 dictionary of a Type0 font (where /W goes), and in
 * *dw its default width; NULL if font is not one. */
HPDF_Dict haru_font_descendant(HPDF_Font font, int *dw);

/* Make font's /ToUnicode the CMap of len bytes at cmap, without the keys
 * that belong to encoding CMaps only (/Type, /CMapName, /CIDSystemInfo,
 * /WMode). Return 0, or -1 on a libharu error. */
int haru_font_set_to_unicode(HPDF_Doc pdf, HPDF_Font font, const char *cmap,
                             size_t len);

/* Have the image's samples deflated when written (libharu 2.3 does so
 * only in some paths, and never for a soft mask). */
void haru_image_deflate(HPDF_Image image);

/* ---- the print PDF (PDF/X-4, pdf_intent.c) ---- */

/* Write "%PDF-1.6", the version PDF/X-4 is based on. */
void haru_set_pdf_16(HPDF_Doc pdf);

/* The Info dictionary, made if there is none yet; NULL on a libharu
 * error. */
HPDF_Dict haru_info(HPDF_Doc pdf);

/* The trailer dictionary (where /ID goes). */
HPDF_Dict haru_trailer(HPDF_Doc pdf);

/* A new stream dictionary, an indirect object of pdf; NULL on a libharu
 * error. */
HPDF_Dict haru_stream_new(HPDF_Doc pdf);

/* Append len bytes to the data of a stream dictionary. */
HPDF_STATUS haru_stream_write(HPDF_Dict stream, const void *data, size_t len);

/* Have a stream dictionary's data deflated when written. */
void haru_stream_deflate(HPDF_Dict stream);

/* ---- PDF/A (pdf_meta.c, pdf_font.c) ---- */

/* Whether page's resources make it paint with transparency: an
 * ExtGState with an alpha below 1, a soft mask or a blend mode, an image
 * with a soft mask (PDF/A-2 then wants the page's /Group). */
int haru_page_transparent(HPDF_Page page);

/* Give font's FontDescriptor the /CapHeight libharu 2.3 leaves out of a
 * CIDFontType2's (the one haru_font_setup set), if it has none: the
 * descriptor, which libharu makes as it writes the font, is made now
 * (the font's data read with it). Return 0, or -1 if font is not a
 * Type0 TrueType font or libharu failed. */
int haru_font_cap_height(HPDF_Font font);

#endif
