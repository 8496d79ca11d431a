/*
 * pdf_intent.c - what makes the print PDF (render_options.print) a
 * PDF/X-4 (ISO 15930-7) beside its CMYK colours (pdf_colour.c):
 *
 *  - PDF 1.6;
 *  - an output intent /GTS_PDFX for coated offset, FOGRA39, with the CMYK
 *    profile of the data folder embedded (colour/FOGRA39L-carec.icc;
 *    colour/README.md says where it comes from and under which licence);
 *  - /GTS_PDFXVersion (PDF/X-4) and /Trapped /False in Info;
 *  - the same, with the title, author and dates, in an XMP metadata
 *    stream on the catalog;
 *  - a trailer /ID made from the document, not the clock, so that the
 *    print PDF stays reproducible too.
 *
 * The dates stay those of SOURCE_DATE_EPOCH (render.c): without it the
 * PDF has none, as the screen PDF.
 */
#include "render/render_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/datadir.h"

#define PROFILE "colour/FOGRA39L-carec.icc"
/* The characterisation the profile is made from, by its name in the ICC's
 * registry of characterisation data, which a print shop recognises. */
#define CONDITION_ID   "FOGRA39"
#define CONDITION      "Offset printing, coated paper (ISO 12647-2:2004/Amd 1)"
#define CONDITION_INFO "Coated FOGRA39 (ISO 12647-2:2004/Amd 1)"
#define REGISTRY       "http://www.color.org"
#define PDFX_VERSION   "PDF/X-4"

static const src_pos nowhere = {NULL, 0, 0};

/* The output intent with the profile embedded, in the catalog's
 * /OutputIntents. */
static int
add_output_intent(render_ctx *rc)
{
	char *path = data_path(PROFILE);
	if (!path) {
		diag_error(rc->diags, DIAG_PDF, nowhere,
		           "cannot find the print colour profile: there is no "
		           "data folder");
		diag_note(rc->diags, "reinstall carec-report, or set "
		                     "CAREC_DATA_DIR to its data folder");
		return -1;
	}
	FILE *probe = fopen(path, "rb");
	if (!probe) {
		diag_error(rc->diags, DIAG_PDF, nowhere,
		           "cannot read the print colour profile %s", path);
		diag_note(rc->diags, "the data folder is incomplete: reinstall "
		                     "carec-report (the profile is its file "
		                     "colour/FOGRA39L-carec.icc)");
		free(path);
		return -1;
	}
	fclose(probe);
	HPDF_Doc pdf = rc->pdf;
	HPDF_MMgr mm = haru_mmgr(pdf);
	HPDF_Dict icc = HPDF_LoadIccProfileFromFile(pdf, path, 4);
	free(path);
	if (!icc)
		return render_fail(rc, 0, nowhere,
		                   "embed the print colour profile");
	haru_stream_deflate(icc);
	HPDF_Dict oi = HPDF_Dict_New(mm);
	HPDF_Array list = HPDF_Array_New(mm);
	if (!oi || !list || haru_add_object(pdf, oi) != HPDF_OK ||
	    HPDF_Dict_AddName(oi, "Type", "OutputIntent") != HPDF_OK ||
	    HPDF_Dict_AddName(oi, "S", "GTS_PDFX") != HPDF_OK ||
	    HPDF_Dict_Add(oi, "OutputConditionIdentifier",
	                  HPDF_String_New(mm, CONDITION_ID, NULL)) != HPDF_OK ||
	    HPDF_Dict_Add(oi, "OutputCondition",
	                  HPDF_String_New(mm, CONDITION, NULL)) != HPDF_OK ||
	    HPDF_Dict_Add(oi, "RegistryName",
	                  HPDF_String_New(mm, REGISTRY, NULL)) != HPDF_OK ||
	    HPDF_Dict_Add(oi, "Info",
	                  HPDF_String_New(mm, CONDITION_INFO, NULL)) !=
	            HPDF_OK ||
	    HPDF_Dict_Add(oi, "DestOutputProfile", icc) != HPDF_OK ||
	    HPDF_Array_Add(list, oi) != HPDF_OK ||
	    HPDF_Dict_Add(haru_catalog(pdf), "OutputIntents", list) != HPDF_OK)
		return render_fail(rc, 0, nowhere, "add the output intent");
	return 0;
}

/* s escaped for XML text. */
static void
put_xml(buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			buf_puts(b, "&amp;");
			break;
		case '<':
			buf_puts(b, "&lt;");
			break;
		case '>':
			buf_puts(b, "&gt;");
			break;
		default:
			buf_putc(b, *s);
		}
	}
}

/* FNV-1a, 64 bits, of s after h: the document's identity for /ID and
 * xmpMM:DocumentID, the same for the same document. */
static unsigned long long
fnv(unsigned long long h, const char *s)
{
	for (; s && *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h ^ 0xff; /* a separator, so that "ab","c" is not "a","bc" */
}

static void
document_id(const layout_doc *ld, const render_options *opts,
            unsigned char id[16])
{
	char epoch[32];
	snprintf(epoch, sizeof(epoch), "%lld", opts->source_date_epoch);
	const layout_meta *m = &ld->meta;
	const char *part[] = {m->title,   m->subtitle, m->author,
	                      m->subject, m->lang,     epoch};
	unsigned long long h[2] = {0xcbf29ce484222325ULL,
	                           0x84222325cbf29ce4ULL};
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < sizeof(part) / sizeof(part[0]); i++)
			h[k] = fnv(h[k], part[i]);
	for (int i = 0; i < 8; i++) {
		id[i] = (unsigned char)(h[0] >> (8 * i));
		id[8 + i] = (unsigned char)(h[1] >> (8 * i));
	}
}

/* The trailer's /ID: twice the document's identity (a first version). */
static int
add_id(render_ctx *rc, const unsigned char id[16])
{
	HPDF_MMgr mm = haru_mmgr(rc->pdf);
	HPDF_Array a = HPDF_Array_New(mm);
	if (!a || HPDF_Dict_Add(haru_trailer(rc->pdf), "ID", a) != HPDF_OK ||
	    HPDF_Array_Add(a, HPDF_Binary_New(mm, (HPDF_BYTE *)id, 16)) !=
	            HPDF_OK ||
	    HPDF_Array_Add(a, HPDF_Binary_New(mm, (HPDF_BYTE *)id, 16)) !=
	            HPDF_OK)
		return render_fail(rc, 0, nowhere, "set the document's ID");
	return 0;
}

/* The XMP packet: the PDF/X keys and what Info says, in XMP. */
static void
xmp_packet(buf *b, const layout_doc *ld, const render_options *opts,
           const unsigned char id[16])
{
	const layout_meta *m = &ld->meta;
	buf_puts(b, "<?xpacket begin=\"\xEF\xBB\xBF\" "
	            "id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/"
	            "22-rdf-syntax-ns#\">\n"
	            "<rdf:Description rdf:about=\"\"\n"
	            " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	            " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
	            " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
	            " xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"\n"
	            " xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\">\n"
	            "<pdfxid:GTS_PDFXVersion>" PDFX_VERSION
	            "</pdfxid:GTS_PDFXVersion>\n"
	            "<pdf:Trapped>False</pdf:Trapped>\n");
	/* Info's /Producer, as libharu writes it. */
	buf_puts(b, "<pdf:Producer>Haru Free PDF Library ");
	put_xml(b, HPDF_GetVersion());
	buf_puts(b, "</pdf:Producer>\n");
	if (m->creator) {
		buf_puts(b, "<xmp:CreatorTool>");
		put_xml(b, m->creator);
		buf_puts(b, "</xmp:CreatorTool>\n");
	}
	if (m->title && *m->title) {
		buf_puts(b,
		         "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
		put_xml(b, m->title);
		buf_puts(b, "</rdf:li></rdf:Alt></dc:title>\n");
	}
	if (m->author && *m->author) {
		buf_puts(b, "<dc:creator><rdf:Seq><rdf:li>");
		put_xml(b, m->author);
		buf_puts(b, "</rdf:li></rdf:Seq></dc:creator>\n");
	}
	const char *subject = m->subject ? m->subject : m->subtitle;
	if (subject && *subject) { /* Info's /Subject (render.c) */
		buf_puts(b, "<dc:description><rdf:Alt><rdf:li "
		            "xml:lang=\"x-default\">");
		put_xml(b, subject);
		buf_puts(b, "</rdf:li></rdf:Alt></dc:description>\n");
	}
	if (m->keywords && *m->keywords) {
		buf_puts(b, "<pdf:Keywords>");
		put_xml(b, m->keywords);
		buf_puts(b, "</pdf:Keywords>\n");
	}
	time_t t = (time_t)opts->source_date_epoch;
	struct tm tm;
	if (opts->source_date_epoch >= 0 && gmtime_r(&t, &tm)) {
		char date[40];
		strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S+00:00", &tm);
		buf_printf(b,
		           "<xmp:CreateDate>%s</xmp:CreateDate>\n"
		           "<xmp:ModifyDate>%s</xmp:ModifyDate>\n"
		           "<xmp:MetadataDate>%s</xmp:MetadataDate>\n",
		           date, date, date);
	}
	buf_puts(b, "<xmpMM:DocumentID>uuid:");
	for (int i = 0; i < 16; i++)
		buf_printf(b, "%s%02x",
		           i == 4 || i == 6 || i == 8 || i == 10 ? "-" : "",
		           id[i]);
	buf_puts(b, "</xmpMM:DocumentID>\n"
	            "<xmpMM:VersionID>1</xmpMM:VersionID>\n"
	            "<xmpMM:RenditionClass>default</xmpMM:RenditionClass>\n"
	            "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
	            "<?xpacket end=\"r\"?>");
}

/* The XMP packet as the catalog's /Metadata, not compressed (so that a
 * tool that reads no PDF finds it). */
static int
add_xmp(render_ctx *rc, const layout_doc *ld, const render_options *opts,
        const unsigned char id[16])
{
	buf b;
	buf_init(&b);
	xmp_packet(&b, ld, opts, id);
	HPDF_Doc pdf = rc->pdf;
	HPDF_Dict md = haru_stream_new(pdf);
	int ok = md && HPDF_Dict_AddName(md, "Type", "Metadata") == HPDF_OK &&
	         HPDF_Dict_AddName(md, "Subtype", "XML") == HPDF_OK &&
	         haru_stream_write(md, b.data, b.len) == HPDF_OK &&
	         HPDF_Dict_Add(haru_catalog(pdf), "Metadata", md) == HPDF_OK;
	buf_free(&b);
	if (!ok)
		return render_fail(rc, 0, nowhere, "add the XMP metadata");
	return 0;
}

int
render_pdfx(render_ctx *rc, const layout_doc *ld, const render_options *opts)
{
	haru_set_pdf_16(rc->pdf);
	/* In Info as a plain string, (PDF/X-4), as checkers compare it:
	 * HPDF_SetInfoAttr would write it in UTF-16, as the title. */
	HPDF_Dict info = haru_info(rc->pdf);
	if (!info ||
	    HPDF_Dict_Add(info, "GTS_PDFXVersion",
	                  HPDF_String_New(haru_mmgr(rc->pdf), PDFX_VERSION,
	                                  NULL)) != HPDF_OK ||
	    HPDF_Dict_AddName(info, "Trapped", "False") != HPDF_OK)
		return render_fail(rc, 0, nowhere, "set the PDF/X version");
	unsigned char id[16];
	document_id(ld, opts, id);
	if (add_output_intent(rc) || add_id(rc, id) ||
	    add_xmp(rc, ld, opts, id))
		return -1;
	return 0;
}
