/*
 * pdf_intent.c - the output intents of every PDF (pdf_meta.c makes the
 * rest of PDF/A), and what else makes the print PDF
 * (render_options.print) a PDF/X-4 (ISO 15930-7) beside its CMYK colours
 * (pdf_colour.c):
 *
 *  - the screen PDF: an output intent /GTS_PDFA1 with the sRGB profile of
 *    the data folder embedded (colour/sRGB.icc);
 *  - the print PDF: PDF 1.6; an output intent /GTS_PDFX for coated
 *    offset, FOGRA39, with the CMYK profile of the data folder embedded
 *    (colour/FOGRA39L-carec.icc), and the same intent as /GTS_PDFA1: PDF/A-2
 *    allows several output intents only when they share one
 *    DestOutputProfile, so both point to that one stream (the PDF is
 *    then a PDF/A-2 file whose device colour is CMYK);
 *  - /GTS_PDFXVersion (PDF/X-4) and /Trapped /False in Info (pdf_meta.c
 *    says the same in XMP).
 *
 * colour/README.md says where the profiles come from and under which
 * licence.
 */
#include "render/render_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/datadir.h"

#define PROFILE "colour/FOGRA39L-carec.icc"
#define PROFILE_RGB "colour/sRGB.icc"
/* The characterisation the profile is made from, by its name in the ICC's
 * registry of characterisation data, which a print shop recognises. */
#define CONDITION_ID   "FOGRA39"
#define CONDITION      "Offset printing, coated paper (ISO 12647-2:2004/Amd 1)"
#define CONDITION_INFO "Coated FOGRA39 (ISO 12647-2:2004/Amd 1)"
#define REGISTRY       "http://www.color.org"
/* The screen PDF's, by the name of its colour space in the ICC's
 * registry. */
#define RGB_CONDITION_ID "sRGB IEC61966-2.1"

static const src_pos nowhere = {NULL, 0, 0};

/* The ICC profile at path (in the data folder) with n components,
 * embedded (deflated), or NULL after a diagnostic. */
static HPDF_Dict
load_profile(render_ctx *rc, const char *file, int n)
{
	char *path = data_path(file);
	if (!path) {
		diag_error(rc->diags, DIAG_PDF, nowhere,
		           "cannot find the colour profile %s: there is no "
		           "data folder",
		           file);
		diag_note(rc->diags, "reinstall carec-report, or set "
		                     "CAREC_DATA_DIR to its data folder");
		return NULL;
	}
	FILE *probe = fopen(path, "rb");
	if (!probe) {
		diag_error(rc->diags, DIAG_PDF, nowhere,
		           "cannot read the colour profile %s", path);
		diag_note(rc->diags,
		          "the data folder is incomplete: reinstall "
		          "carec-report (the profile is its file %s)",
		          file);
		free(path);
		return NULL;
	}
	fclose(probe);
	HPDF_Dict icc = HPDF_LoadIccProfileFromFile(rc->pdf, path, n);
	free(path);
	if (!icc) {
		render_fail(rc, 0, nowhere, "embed the colour profile");
		return NULL;
	}
	haru_stream_deflate(icc);
	return icc;
}

/* An output intent of subtype s for the profile icc, added to list. */
static int
add_intent(render_ctx *rc, HPDF_Array list, const char *s, HPDF_Dict icc,
           const char *id, const char *condition, const char *info)
{
	HPDF_Doc pdf = rc->pdf;
	HPDF_MMgr mm = haru_mmgr(pdf);
	HPDF_Dict oi = HPDF_Dict_New(mm);
	if (!oi || haru_add_object(pdf, oi) != HPDF_OK ||
	    HPDF_Dict_AddName(oi, "Type", "OutputIntent") != HPDF_OK ||
	    HPDF_Dict_AddName(oi, "S", s) != HPDF_OK ||
	    HPDF_Dict_Add(oi, "OutputConditionIdentifier",
	                  HPDF_String_New(mm, id, NULL)) != HPDF_OK ||
	    (condition &&
	     HPDF_Dict_Add(oi, "OutputCondition",
	                   HPDF_String_New(mm, condition, NULL)) != HPDF_OK) ||
	    HPDF_Dict_Add(oi, "RegistryName",
	                  HPDF_String_New(mm, REGISTRY, NULL)) != HPDF_OK ||
	    HPDF_Dict_Add(oi, "Info", HPDF_String_New(mm, info, NULL)) !=
	            HPDF_OK ||
	    HPDF_Dict_Add(oi, "DestOutputProfile", icc) != HPDF_OK ||
	    HPDF_Array_Add(list, oi) != HPDF_OK)
		return render_fail(rc, 0, nowhere, "add the output intent");
	return 0;
}

/* The print PDF's PDF/X-4 keys in Info. */
static int
set_pdfx_info(render_ctx *rc)
{
	haru_set_pdf_16(rc->pdf);
	/* In Info as a plain string, (PDF/X-4), as checkers compare it:
	 * HPDF_SetInfoAttr would write it in UTF-16, as the title. */
	HPDF_Dict info = haru_info(rc->pdf);
	if (!info ||
	    HPDF_Dict_Add(info, "GTS_PDFXVersion",
	                  HPDF_String_New(haru_mmgr(rc->pdf),
	                                  RENDER_PDFX_VERSION, NULL)) !=
	            HPDF_OK ||
	    HPDF_Dict_AddName(info, "Trapped", "False") != HPDF_OK)
		return render_fail(rc, 0, nowhere, "set the PDF/X version");
	return 0;
}

int
render_intents(render_ctx *rc)
{
	if (rc->printing && set_pdfx_info(rc))
		return -1;
	HPDF_Dict icc = rc->printing ? load_profile(rc, PROFILE, 4)
	                             : load_profile(rc, PROFILE_RGB, 3);
	if (!icc)
		return -1;
	HPDF_Array list = HPDF_Array_New(haru_mmgr(rc->pdf));
	if (!list || HPDF_Dict_Add(haru_catalog(rc->pdf), "OutputIntents",
	                           list) != HPDF_OK)
		return render_fail(rc, 0, nowhere, "add the output intents");
	if (!rc->printing)
		return add_intent(rc, list, "GTS_PDFA1", icc, RGB_CONDITION_ID,
		                  NULL, RGB_CONDITION_ID);
	if (add_intent(rc, list, "GTS_PDFX", icc, CONDITION_ID, CONDITION,
	               CONDITION_INFO) ||
	    add_intent(rc, list, "GTS_PDFA1", icc, CONDITION_ID, CONDITION,
	               CONDITION_INFO))
		return -1;
	return 0;
}
