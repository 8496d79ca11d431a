/* pdf_font.c - the glyphs pages draw with each font (a leaf of
 * pdf_page.c), and at the end (render.c) the fonts subset to them and
 * embedded as Identity-H CID fonts. */
#define _POSIX_C_SOURCE 200809L
#include "render/render_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/mem.h"
#include "util/tmpfiles.h"

static const src_pos nowhere = {NULL, 0, 0};

#define BMP_SIZE 65536u

render_font *
render_font_get(render_ctx *rc, text_font *tf)
{
	for (size_t i = 0; i < rc->nfonts; i++)
		if (rc->fonts[i]->tf == tf)
			return rc->fonts[i];
	if (rc->nfonts == rc->capfonts)
		rc->fonts = xgrow(rc->fonts, &rc->capfonts, rc->nfonts + 1, sizeof(*rc->fonts));
	render_font *rf = xcalloc(1, sizeof(*rf));
	rf->tf = tf;
	rf->index = rc->nfonts;
	rf->used = xcalloc(BMP_SIZE / 8, 1);
	rf->widths = xcalloc(BMP_SIZE, sizeof(*rf->widths));
	rc->fonts[rc->nfonts++] = rf;
	return rf;
}

int
render_font_use(render_font *rf, uint32_t cp)
{
	uint8_t bit = (uint8_t)(1u << (cp & 7));
	if (!(rf->used[cp >> 3] & bit)) {
		rf->used[cp >> 3] |= bit;
		rf->nused++;
		rf->widths[cp] = (int16_t)text_font_pdf_width(rf->tf, cp);
	}
	return rf->widths[cp];
}

void
render_page_font_name(render_page *rp, const render_font *rf, char *name)
{
	rp->uses_fonts = 1;
	snprintf(name, RENDER_FONT_NAME_MAX, "F%zu", rf->index % 65536 + 1);
}

/* Write data to a new private file in $TMPDIR (or /tmp) and store its
 * malloc'd path in *path, registered in *slot (tmpfiles.h: a signal
 * removes it). Return 0, or -1 after a DIAG_IO error. */
static int
write_temp(render_ctx *rc, const text_font *tf, const unsigned char *data,
           size_t len, char **path, int *slot)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	char *p = xasprintf("%s/carec-font-XXXXXX", dir);
	int fd = mkstemp(p);
	if (fd < 0) {
		diag_error(rc->diags, DIAG_IO, nowhere,
		           "cannot create a temporary file in '%s' for font '%s': %s",
		           dir, text_font_path(tf), strerror(errno));
		diag_note(rc->diags, "libharu loads fonts only from files; set "
		                     "TMPDIR to a writable folder");
		free(p);
		return -1;
	}
	*slot = tmpfiles_add(AT_FDCWD, p);
	size_t off = 0;
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? errno : EIO;
			diag_error(rc->diags, DIAG_IO, nowhere,
			           "cannot write the temporary font file '%s': %s", p,
			           strerror(e));
			if (e == ENOSPC)
				diag_note(rc->diags, "the disk holding '%s' is full; free "
				                     "space or set TMPDIR to another "
				                     "folder", dir);
			close(fd);
			unlink(p);
			tmpfiles_forget(*slot);
			free(p);
			return -1;
		}
		off += (size_t)n;
	}
	if (close(fd) != 0) {
		diag_error(rc->diags, DIAG_IO, nowhere,
		           "cannot write the temporary font file '%s': %s", p,
		           strerror(errno));
		unlink(p);
		tmpfiles_forget(*slot);
		free(p);
		return -1;
	}
	*path = p;
	return 0;
}

/* A subset tag (six capital letters) derived from the font name and the
 * code points, so that different subsets get different names while the
 * same input always gives the same bytes. */
static void
subset_tag(const char *name, const uint32_t *cps, size_t n, char tag[6])
{
	uint64_t h = 14695981039346656037ULL; /* FNV-1a */
	for (const char *s = name; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	for (size_t i = 0; i < n; i++)
		for (int b = 0; b < 4; b++) {
			h ^= (cps[i] >> (8 * b)) & 0xFF;
			h *= 1099511628211ULL;
		}
	for (int i = 0; i < 6; i++) {
		tag[i] = (char)('A' + h % 26);
		h /= 26;
	}
}

/*
 * libharu 2.3.0 writes an encoding CMap (begincidrange) as /ToUnicode,
 * which poppler rejects. Replace it with an identity bfrange over every
 * high byte the font uses (CIDs are UCS-2 code points) and drop the keys
 * that belong to encoding CMaps only (pdf_haru.c; a libharu that writes
 * no ToUnicode gets this one).
 */
static int
fix_to_unicode(render_ctx *rc, render_font *rf)
{
	uint8_t hi_used[256] = {0};
	size_t nranges = 0;
	for (unsigned cp = 0; cp < BMP_SIZE; cp++)
		if ((rf->used[cp >> 3] >> (cp & 7)) & 1) {
			if (!hi_used[cp >> 8])
				nranges++;
			hi_used[cp >> 8] = 1;
		}

	buf b;
	buf_init(&b);
	buf_puts(&b, "/CIDInit /ProcSet findresource begin\n"
	             "12 dict begin\n"
	             "begincmap\n"
	             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
	             "/Supplement 0 >> def\n"
	             "/CMapName /Adobe-Identity-UCS def\n"
	             "/CMapType 2 def\n"
	             "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	size_t in_block = 0, left = nranges;
	for (unsigned hi = 0; hi < 256; hi++) {
		if (!hi_used[hi])
			continue;
		if (in_block == 0)
			buf_printf(&b, "%zu beginbfrange\n", left < 100 ? left : 100);
		buf_printf(&b, "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi);
		in_block++;
		left--;
		if (in_block == 100 || left == 0) {
			buf_puts(&b, "endbfrange\n");
			in_block = 0;
		}
	}
	buf_puts(&b, "endcmap\n"
	             "CMapName currentdict /CMap defineresource pop\n"
	             "end\nend\n");

	int r = haru_font_set_to_unicode(rc->pdf, rf->font, b.data, b.len);
	buf_free(&b);
	if (r != 0)
		return render_fail(rc, 0, nowhere, "write the ToUnicode map");
	render_reset_error(rc); /* an absent key is not an error here */
	return 0;
}

/*
 * The /W array: the width of every code point drawn, as the pages were
 * written with it (render_font_use), so that the two agree by
 * construction. libharu has made one from the subset, which gives the
 * same numbers; this one lists only the code points drawn. Widths equal
 * to /DW are left out, as libharu does; consecutive code points share
 * one array.
 */
static int
set_widths(render_ctx *rc, render_font *rf)
{
	int dw = 0;
	HPDF_Dict desc = haru_font_descendant(rf->font, &dw);
	if (!desc)
		return render_fail(rc, 0, nowhere, "write the font's widths");
	HPDF_Array w = HPDF_Array_New(haru_mmgr(rc->pdf));
	HPDF_STATUS st = w ? HPDF_OK : HARU_NO_MEMORY;
	HPDF_Array run = NULL;
	unsigned last = 0;
	for (unsigned cp = 0; cp < BMP_SIZE && st == HPDF_OK; cp++) {
		if (!((rf->used[cp >> 3] >> (cp & 7)) & 1) ||
		    rf->widths[cp] == dw) {
			continue;
		}
		if (!run || cp != last + 1) {
			st = HPDF_Array_AddNumber(w, (HPDF_INT32)cp);
			run = st == HPDF_OK ? HPDF_Array_New(haru_mmgr(rc->pdf))
			                    : NULL;
			if (!run || HPDF_Array_Add(w, run) != HPDF_OK) {
				st = HARU_NO_MEMORY;
				break;
			}
		}
		st = HPDF_Array_AddNumber(run, rf->widths[cp]);
		last = cp;
	}
	if (st == HPDF_OK)
		st = HPDF_Dict_Add(desc, "W", w);
	if (st != HPDF_OK)
		return render_fail(rc, st, nowhere, "write the font's widths");
	return 0;
}

/* Subset rf's font, load the subset into the PDF and prepare it. */
static int
load_font(render_ctx *rc, render_font *rf, size_t index)
{
	uint32_t *cps = xmalloc((rf->nused ? rf->nused : 1) * sizeof(*cps));
	unsigned char *data = NULL;
	size_t len = 0, n = 0;
	char *tmp = NULL;
	int ret = -1, slot = -1;

	for (unsigned cp = 0; cp < BMP_SIZE; cp++)
		if ((rf->used[cp >> 3] >> (cp & 7)) & 1)
			cps[n++] = cp;
	if (text_font_subset(rf->tf, cps, n, &data, &len, rc->diags) != 0)
		goto done;
	if (write_temp(rc, rf->tf, data, len, &tmp, &slot) != 0)
		goto done;

	const char *loaded = HPDF_LoadTTFontFromFile(rc->pdf, tmp, HPDF_TRUE);
	/* libharu keeps the file open and reads it again while saving, so
	 * the name can go now: no temporary file outlives this call, on any
	 * path, even if the process dies later. */
	unlink(tmp);
	tmpfiles_forget(slot);
	if (!loaded) {
		char *what = xasprintf("embed font '%s'", text_font_path(rf->tf));
		render_fail(rc, 0, nowhere, what);
		free(what);
		goto done;
	}
	/* libharu finds fonts by PostScript name: give each loaded subset a
	 * unique key so that two files with the same name never collide. The
	 * key is never written; the PDF names the font as libharu made it,
	 * "HPDFAA+Name", whose counter gives way to a tag derived from the
	 * content. */
	char key[32];
	snprintf(key, sizeof(key), "carec-font-%zu", index);
	text_metrics m;
	text_font_metrics(rf->tf, &m);
	char *pdfname = haru_font_setup(
	        rc->pdf, loaded, key, (unsigned)(m.x_height * 1000.0 + 0.5),
	        (unsigned)(m.cap_height * 1000.0 + 0.5));
	if (!pdfname) {
		render_fail(rc, 0, nowhere, "find the font just loaded");
		goto done;
	}
	if (strlen(pdfname) > 7 && pdfname[6] == '+')
		subset_tag(pdfname + 7, cps, n, pdfname);
	rf->font = HPDF_GetFont(rc->pdf, key, "UTF-8");
	if (!rf->font) {
		char *what = xasprintf("use font '%s'", text_font_path(rf->tf));
		render_fail(rc, 0, nowhere, what);
		free(what);
		goto done;
	}

	/* PDF/A wants it; libharu 2.3 writes the x-height only. */
	if (haru_font_cap_height(rf->font) != 0) {
		render_fail(rc, 0, nowhere, "give the font its cap height");
		goto done;
	}
	if (set_widths(rc, rf) != 0)
		goto done;
	ret = fix_to_unicode(rc, rf);
done:
	free(tmp);
	free(data);
	free(cps);
	return ret;
}

/* One /Font dictionary of every font, F1 for the first drawn, shared by
 * every page that draws text: not one for each page, which libharu would
 * make (and keep to the end: about 0.7 KB a page), and the PDF repeat.
 * A page with no resources of its own (no image, no opacity, no
 * gradient: most pages) takes a shared /Resources with just that, in
 * place of its empty one. */
static int
name_fonts(render_ctx *rc)
{
	HPDF_Doc pdf = rc->pdf;
	HPDF_Dict fonts = HPDF_Dict_New(haru_mmgr(pdf));
	HPDF_Dict shared = HPDF_Dict_New(haru_mmgr(pdf));
	if (!fonts || haru_add_object(pdf, fonts) != HPDF_OK || !shared ||
	    haru_add_object(pdf, shared) != HPDF_OK ||
	    HPDF_Dict_Add(shared, "Font", fonts) != HPDF_OK)
		return render_fail(rc, 0, nowhere, "name the fonts");
	char name[RENDER_FONT_NAME_MAX];
	for (size_t i = 0; i < rc->nfonts; i++) {
		snprintf(name, sizeof(name), "F%zu", i % 65536 + 1);
		if (HPDF_Dict_Add(fonts, name, rc->fonts[i]->font) != HPDF_OK)
			return render_fail(rc, 0, nowhere, "name the fonts");
	}
	for (size_t i = 0; i < rc->npages; i++) {
		render_page *rp = rc->pages[i];
		if (!rp->uses_fonts)
			continue;
		HPDF_Dict res = HPDF_Dict_GetItem(rp->page, "Resources",
		                                  HPDF_OCLASS_DICT);
		if (!res)
			return render_fail(rc, 0, nowhere, "name the fonts");
		if (haru_dict_count(res) == 0
		            ? HPDF_Dict_RemoveElement(rp->page, "Resources") !=
		                              HPDF_OK ||
		                      HPDF_Dict_Add(rp->page, "Resources",
		                                    shared) != HPDF_OK
		            : HPDF_Dict_Add(res, "Font", fonts) != HPDF_OK)
			return render_fail(rc, 0, nowhere, "name the fonts");
	}
	return 0;
}

int
render_fonts_load(render_ctx *rc)
{
	if (rc->nfonts == 0)
		return 0;
	if (HPDF_UseUTFEncodings(rc->pdf) != HPDF_OK)
		return render_fail(rc, 0, nowhere, "enable UTF-8 text");
	for (size_t i = 0; i < rc->nfonts; i++)
		if (load_font(rc, rc->fonts[i], i) != 0)
			return -1;
	return name_fonts(rc);
}

void
render_fonts_free(render_ctx *rc)
{
	for (size_t i = 0; i < rc->nfonts; i++) {
		free(rc->fonts[i]->used);
		free(rc->fonts[i]->widths);
		free(rc->fonts[i]);
	}
	free(rc->fonts);
	rc->fonts = NULL;
	rc->nfonts = rc->capfonts = 0;
}
