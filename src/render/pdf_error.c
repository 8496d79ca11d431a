/* pdf_error.c - libharu's error codes as diagnostics a user can act on. */
#include "render/render_internal.h"

#include <stddef.h>

/* What a libharu error means for someone running carec-report, and what
 * to do about it. Codes not listed here are libharu or carec bugs, except
 * HARU_NO_MEMORY, which goes to mem_oom (render_fail). */
typedef struct error_text {
	HPDF_STATUS code;
	const char *reason;
	const char *note;
} error_text;

static const error_text error_table[] = {
	{HPDF_FILE_IO_ERROR, "a file could not be read or written",
	 "check that the disk is not full and that the fonts are readable"},
	{HPDF_FILE_OPEN_ERROR, "a file could not be opened",
	 "check that the temporary folder ($TMPDIR or /tmp) exists and is "
	 "writable"},
	{HPDF_TTF_CANNOT_EMBEDDING_FONT,
	 "the font's licence forbids embedding it in a PDF",
	 "its OS/2 fsType marks it 'restricted license'; use a font that "
	 "allows embedding, such as Noto Sans"},
	{HPDF_TTF_INVALID_CMAP,
	 "the font has no Unicode character map (cmap 3,1 format 4)",
	 "use a Unicode TrueType font (.ttf)"},
	{HPDF_TTF_INVALID_FOMAT, "the font file is not a valid TrueType font",
	 "the file may be damaged; use another copy or another .ttf font"},
	{HPDF_TTF_MISSING_TABLE, "the font lacks a table PDF embedding needs",
	 "use a complete TrueType font (.ttf) with glyf outlines"},
	{HPDF_INVALID_FONTDEF_DATA, "the font's data is not usable",
	 "use another TrueType font (.ttf)"},
	{HPDF_UNSUPPORTED_FONT_TYPE, "this kind of font is not supported",
	 "use a TrueType font (.ttf); OpenType CFF (.otf) cannot be embedded"},
	{HPDF_INVALID_TTC_FILE, "the font collection (.ttc) is not valid",
	 "use a single-font .ttf file"},
	{HPDF_INVALID_FONT_NAME, "the font has no usable name",
	 "use a font whose name table has a PostScript name"},
	{HPDF_PAGE_INVALID_SIZE,
	 "a page size is outside what PDF allows (3 to 14400 points)",
	 "check the page size and margins of the theme"},
	{HPDF_PAGE_INVALID_FONT_SIZE,
	 "a font size is outside what libharu allows (above 0, at most 600 pt)",
	 "check the font sizes of the theme"},
	{HPDF_XREF_COUNT_ERR,
	 "the document has too many pages or objects for one PDF",
	 "split the report into several documents"},
	{HPDF_EXCEED_GSTATE_LIMIT, "graphics states are nested too deeply",
	 "this is a bug in carec-report; please report it with the input"},
	{HPDF_REAL_OUT_OF_RANGE, "a coordinate is out of range",
	 "check page sizes and lengths in the theme"},
	{HPDF_INVALID_DATE_TIME, "the document date is not valid",
	 "set SOURCE_DATE_EPOCH to seconds since 1970, or unset it"},
	{HPDF_INVALID_URI, "a link address is not valid",
	 "check the link's URL"},
	{HPDF_STRING_OUT_OF_RANGE,
	 "a text is longer than PDF allows (65535 bytes)",
	 "shorten it; a link address this long is likely a mistake"},
	{HPDF_ZLIB_ERROR, "compression failed",
	 "this usually means memory ran out; try again with more memory"},
	{HPDF_INVALID_PARAMETER, "a value passed to the PDF library is invalid",
	 "this is likely a bug in carec-report; please report it with the "
	 "input"},
	{HPDF_INVALID_ENCODING_NAME, "the UTF-8 encoder is unavailable",
	 "libharu was built without UTF-8 support; install libhpdf 2.3.0 or "
	 "later"},
};

void
render_on_error(HPDF_STATUS code, HPDF_STATUS detail, void *user)
{
	render_ctx *rc = user;
	if (rc && rc->err == 0) {
		rc->err = code;
		rc->detail = detail;
	}
}

void
render_reset_error(render_ctx *rc)
{
	rc->err = 0;
	rc->detail = 0;
	if (rc->pdf)
		HPDF_ResetError(rc->pdf);
}

int
render_fail(render_ctx *rc, HPDF_STATUS code, src_pos pos, const char *what)
{
	HPDF_STATUS detail = rc->detail;
	if (code == 0)
		code = rc->err;
	if (code == 0 && rc->pdf) {
		code = HPDF_GetError(rc->pdf);
		detail = HPDF_GetErrorDetail(rc->pdf);
	}
	/* libharu could not allocate: the one out-of-memory path. */
	if (code == HARU_NO_MEMORY)
		mem_oom();
	const error_text *t = NULL;
	for (size_t i = 0; i < sizeof(error_table) / sizeof(error_table[0]); i++)
		if (error_table[i].code == code)
			t = &error_table[i];
	if (t) {
		diag_error(rc->diags, DIAG_PDF, pos,
		           "cannot %s: %s (libharu error 0x%04X, detail %u)", what,
		           t->reason, (unsigned)code, (unsigned)detail);
		diag_note(rc->diags, "%s", t->note);
	} else if (code != 0) {
		diag_error(rc->diags, DIAG_PDF, pos,
		           "cannot %s: the PDF library failed unexpectedly "
		           "(libharu error 0x%04X, detail %u)",
		           what, (unsigned)code, (unsigned)detail);
		diag_note(rc->diags, "this is likely a bug in carec-report; please "
		                     "report it with the input and this message");
	} else {
		diag_error(rc->diags, DIAG_PDF, pos,
		           "cannot %s: the PDF library failed without saying why",
		           what);
		diag_note(rc->diags, "this is likely a bug in carec-report; please "
		                     "report it with the input");
	}
	render_reset_error(rc);
	return -1;
}
