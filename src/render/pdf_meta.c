/*
 * pdf_meta.c - what makes every PDF, screen and print, a PDF/A-2 file
 * that says it is PDF/UA-1 (issue 18), beside its tagging:
 *
 *  - the one XMP packet (the catalog's /Metadata, not compressed): the
 *    Info dictionary's title, author, subject, keywords, creator,
 *    producer and dates in XMP, dc:language, pdfuaid:part 1, pdfaid:part
 *    2 with its conformance (A when rc->tagged, else B), and in the print
 *    PDF its PDF/X-4 keys (GTS_PDFXVersion, Trapped); with the PDF/A
 *    extension schemas that declare pdfuaid and pdfxid, which PDF/A does
 *    not predefine;
 *  - the output intents (pdf_intent.c);
 *  - a trailer /ID made from the document, not the clock, so that the
 *    bytes stay reproducible;
 *  - a transparency group on every page that paints with transparency,
 *    blending in the PDF's colour space (DeviceRGB, DeviceCMYK for print);
 *  - the link annotations' Print flag and /Contents (what the link does,
 *    in the document's language), and /Tabs /S on their pages.
 *
 * The dates are those of SOURCE_DATE_EPOCH (render.c sets Info's from
 * the same): without it the PDF has none, in Info or in XMP.
 */
#include "render/render_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/utf8.h"

static const src_pos nowhere = {NULL, 0, 0};

/* ---- link annotations ---- */

void
render_link_titles(render_ctx *rc, const layout_doc *ld)
{
	rc->outlines = ld->outlines;
	rc->noutlines = ld->noutlines;
	rc->link_dests = ld->dests;
	rc->nlink_dests = ld->ndests;
	rc->lang = ld->meta.lang;
}

/* s as a PDF text string: as it is when ASCII, else UTF-16BE with its
 * byte order mark (written in hex). */
static void *
text_string(HPDF_MMgr mm, const char *s)
{
	int ascii = 1;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p >= 0x80)
			ascii = 0;
	if (ascii)
		return HPDF_String_New(mm, s, NULL);
	buf b;
	buf_init(&b);
	buf_putc(&b, (char)0xFE);
	buf_putc(&b, (char)0xFF);
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (n == 0) { /* not UTF-8: a replacement character */
			cp = 0xFFFD;
			n = 1;
		}
		i += n;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			uint32_t hi = 0xD800 + (cp >> 10),
			         lo = 0xDC00 + (cp & 0x3FF);
			buf_putc(&b, (char)(hi >> 8));
			buf_putc(&b, (char)(hi & 0xFF));
			cp = lo;
		}
		buf_putc(&b, (char)(cp >> 8));
		buf_putc(&b, (char)(cp & 0xFF));
	}
	void *str = HPDF_Binary_New(mm, (HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
	buf_free(&b);
	return str;
}

/* What an internal link does, for /Contents: "Go to" the heading's
 * title (its bookmark's), or to the page when no bookmark names it. */
static char *
link_text(const render_ctx *rc, const layout_link *l)
{
	int ru = rc->lang && strncmp(rc->lang, "ru", 2) == 0;
	for (size_t i = 0; i < rc->noutlines; i++) {
		const layout_outline *o = &rc->outlines[i];
		if (o->dest == l->dest && o->title && *o->title)
			return xasprintf(ru ? "Перейти к разделу «%s»"
			                    : "Go to %s",
			                 o->title);
	}
	int page = 0;
	if (l->dest >= 0 && (size_t)l->dest < rc->nlink_dests)
		page = rc->link_dests[l->dest].page + 1;
	return xasprintf(ru ? "Перейти на страницу %d" : "Go to page %d", page);
}

HPDF_STATUS
render_link_annotate(render_ctx *rc, HPDF_Page page, HPDF_Annotation a,
                     const layout_link *l, const char *uri)
{
	HPDF_MMgr mm = haru_mmgr(rc->pdf);
	char *text = uri ? NULL : link_text(rc, l);
	void *contents = text_string(mm, uri ? uri : text);
	free(text);
	if (!contents)
		return HPDF_INVALID_OBJECT;
	HPDF_STATUS st = HPDF_Dict_AddNumber(a, "F", 4); /* Print */
	st |= HPDF_Dict_Add(a, "Contents", contents);
	st |= HPDF_Dict_AddName(page, "Tabs", "S");
	return st;
}

/* ---- XMP ---- */

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
		case '"':
			buf_puts(b, "&quot;");
			break;
		default:
			buf_putc(b, *s);
		}
	}
}

/* <tag>s</tag> on a line of its own, s escaped. */
static void
put_element(buf *b, const char *tag, const char *s)
{
	buf_printf(b, "<%s>", tag);
	put_xml(b, s);
	buf_printf(b, "</%s>\n", tag);
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

/* The identity: the metadata, the date, the page count and whether the
 * PDF is the print one (which is another file of the same document). */
static void
document_id(const render_ctx *rc, const layout_doc *ld,
            const render_options *opts, unsigned char id[16])
{
	char epoch[32], pages[32];
	snprintf(epoch, sizeof(epoch), "%lld", opts->source_date_epoch);
	snprintf(pages, sizeof(pages), "%zu", ld->npages);
	const layout_meta *m = &ld->meta;
	const char *part[] = {
	        m->title,   m->subtitle, m->author,
	        m->subject, m->lang,     m->keywords,
	        epoch,      pages,       rc->printing ? "print" : "screen"};
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

/* One property of a PDF/A extension schema. */
static void
put_property(buf *b, const char *name, const char *type, const char *what)
{
	buf_printf(b,
	           "<rdf:li rdf:parseType=\"Resource\">\n"
	           "<pdfaProperty:name>%s</pdfaProperty:name>\n"
	           "<pdfaProperty:valueType>%s</pdfaProperty:valueType>\n"
	           "<pdfaProperty:category>internal</pdfaProperty:category>\n"
	           "<pdfaProperty:description>%s</pdfaProperty:description>\n"
	           "</rdf:li>\n",
	           name, type, what);
}

/* The extension schemas PDF/A asks for the namespaces it does not
 * predefine: pdfuaid, and pdfxid in the print PDF. */
static void
put_extensions(buf *b, int print)
{
	buf_puts(
	        b,
	        "<rdf:Description rdf:about=\"\"\n"
	        " xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/"
	        "extension/\"\n"
	        " xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
	        " xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/"
	        "property#\">\n"
	        "<pdfaExtension:schemas><rdf:Bag>\n"
	        "<rdf:li rdf:parseType=\"Resource\">\n"
	        "<pdfaSchema:schema>PDF/UA identification</pdfaSchema:schema>\n"
	        "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/"
	        "</pdfaSchema:namespaceURI>\n"
	        "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
	        "<pdfaSchema:property><rdf:Seq>\n");
	put_property(b, "part", "Integer",
	             "The part of ISO 14289 the file conforms to");
	buf_puts(b, "</rdf:Seq></pdfaSchema:property>\n</rdf:li>\n");
	if (print) {
		buf_puts(b, "<rdf:li rdf:parseType=\"Resource\">\n"
		            "<pdfaSchema:schema>PDF/X identification"
		            "</pdfaSchema:schema>\n"
		            "<pdfaSchema:namespaceURI>http://www.npes.org/pdfx/"
		            "ns/id/</pdfaSchema:namespaceURI>\n"
		            "<pdfaSchema:prefix>pdfxid</pdfaSchema:prefix>\n"
		            "<pdfaSchema:property><rdf:Seq>\n");
		put_property(b, "GTS_PDFXVersion", "Text",
		             "The PDF/X version the file conforms to");
		buf_puts(b, "</rdf:Seq></pdfaSchema:property>\n</rdf:li>\n");
	}
	buf_puts(b, "</rdf:Bag></pdfaExtension:schemas>\n</rdf:Description>\n");
}

void
render_xmp_packet(buf *b, const layout_meta *m, long long epoch, int print,
                  int tagged, const unsigned char id[16])
{
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
	            " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
	            " xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"");
	if (print)
		buf_puts(b,
		         "\n xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\"");
	buf_printf(b,
	           ">\n<pdfaid:part>2</pdfaid:part>\n"
	           "<pdfaid:conformance>%s</pdfaid:conformance>\n"
	           "<pdfuaid:part>1</pdfuaid:part>\n",
	           tagged ? "A" : "B");
	if (print)
		buf_puts(b, "<pdfxid:GTS_PDFXVersion>" RENDER_PDFX_VERSION
		            "</pdfxid:GTS_PDFXVersion>\n"
		            "<pdf:Trapped>False</pdf:Trapped>\n");
	/* Info's /Producer, as libharu writes it. */
	buf_puts(b, "<pdf:Producer>Haru Free PDF Library ");
	put_xml(b, HPDF_GetVersion());
	buf_puts(b, "</pdf:Producer>\n");
	if (m->creator && *m->creator)
		put_element(b, "xmp:CreatorTool", m->creator);
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
	if (m->lang && *m->lang) {
		buf_puts(b, "<dc:language><rdf:Bag><rdf:li>");
		put_xml(b, m->lang);
		buf_puts(b, "</rdf:li></rdf:Bag></dc:language>\n");
	}
	if (m->keywords && *m->keywords)
		put_element(b, "pdf:Keywords", m->keywords);
	time_t t = (time_t)epoch;
	struct tm tm;
	if (epoch >= 0 && (long long)t == epoch && gmtime_r(&t, &tm)) {
		char date[40];
		strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S+00:00", &tm);
		put_element(b, "xmp:CreateDate", date);
		put_element(b, "xmp:ModifyDate", date);
		put_element(b, "xmp:MetadataDate", date);
	}
	buf_puts(b, "<xmpMM:DocumentID>uuid:");
	for (int i = 0; i < 16; i++)
		buf_printf(b, "%s%02x",
		           i == 4 || i == 6 || i == 8 || i == 10 ? "-" : "",
		           id[i]);
	buf_puts(b, "</xmpMM:DocumentID>\n"
	            "<xmpMM:VersionID>1</xmpMM:VersionID>\n"
	            "<xmpMM:RenditionClass>default</xmpMM:RenditionClass>\n"
	            "</rdf:Description>\n");
	put_extensions(b, print);
	buf_puts(b, "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>");
}

/* The XMP packet as the catalog's /Metadata, not compressed (PDF/A: a
 * tool that reads no PDF finds it). */
static int
add_xmp(render_ctx *rc, const layout_doc *ld, const render_options *opts,
        const unsigned char id[16])
{
	buf b;
	buf_init(&b);
	render_xmp_packet(&b, &ld->meta, opts->source_date_epoch, rc->printing,
	                  rc->tagged, id);
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

/* ---- transparency ---- */

/* A transparency group, blending in the PDF's colour space, on every
 * page that paints with transparency: one dictionary they share. */
static int
add_groups(render_ctx *rc)
{
	HPDF_Dict group = NULL;
	for (size_t i = 0; i < rc->npages; i++) {
		HPDF_Page page = rc->pages[i]->page;
		if (!haru_page_transparent(page))
			continue;
		if (!group) {
			group = HPDF_Dict_New(haru_mmgr(rc->pdf));
			if (!group ||
			    haru_add_object(rc->pdf, group) != HPDF_OK ||
			    HPDF_Dict_AddName(group, "Type", "Group") !=
			            HPDF_OK ||
			    HPDF_Dict_AddName(group, "S", "Transparency") !=
			            HPDF_OK ||
			    HPDF_Dict_AddName(group, "CS",
			                      rc->printing
			                              ? "DeviceCMYK"
			                              : "DeviceRGB") != HPDF_OK)
				return render_fail(
				        rc, 0, nowhere,
				        "make the transparency group");
		}
		if (HPDF_Dict_Add(page, "Group", group) != HPDF_OK)
			return render_fail(
			        rc, 0, nowhere,
			        "give a page its transparency group");
	}
	return 0;
}

int
render_archive(render_ctx *rc, const layout_doc *ld, const render_options *opts)
{
	unsigned char id[16];
	document_id(rc, ld, opts, id);
	if (render_intents(rc) || add_id(rc, id) || add_xmp(rc, ld, opts, id) ||
	    add_groups(rc))
		return -1;
	return 0;
}
