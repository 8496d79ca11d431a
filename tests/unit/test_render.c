/* test_render.c - the PDF backend, checked with qpdf, poppler, mupdf and
 * Ghostscript on a hand-built layout. Run from the repository root. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "harness.h"
#include "layout/layout.h"
#include "render/render.h"
#include "text/text.h"
#include "util/diag.h"
#include "util/mem.h"
#include "util/utf8.h"

static const char *const EN = "Annual report on regional trade";
static const char *const RU = "Годовой отчёт о торговле";
static const char *const KK = "Қазақстан, Әлем, Өзен, Ұлы, Үй, Һ, І, ң, ғ";
static const char *const KERN = "AVATAR";
static const char *const JUST = "Wide justified line of words";
/* Glyphs with a byte that a literal string must escape: '(' ')' and Ш
 * (U+0428) Щ (U+0429) end in parentheses, '\\' and ќ (U+045C) in a
 * backslash, Њ (U+040A) in LF and Ѝ (U+040D) in CR. */
static const char *const ESC = "(Ш) Щ ќ Њ Ѝ \\";

static char tmpdir[256];
static text_fonts *fonts;
static text_font *regular, *bold;
static layout_doc doc;

/* ---- helpers ---- */

/* Run a shell command; return its stdout (malloc'd) and store its exit
 * status and stderr (malloc'd, may be empty). */
static char *
run(int *status, char **err, const char *fmt, ...)
{
	char cmd[2048], errpath[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	snprintf(errpath, sizeof(errpath), "%s/stderr.txt", tmpdir);
	char full[2600];
	snprintf(full, sizeof(full), "(%s) 2>'%s'", cmd, errpath);
	FILE *p = popen(full, "r");
	buf out;
	buf_init(&out);
	buf_puts(&out, "");
	if (p) {
		char chunk[4096];
		size_t n;
		while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
			buf_put(&out, chunk, n);
		int st = pclose(p);
		*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	} else {
		*status = -1;
	}
	if (err) {
		buf e;
		buf_init(&e);
		buf_puts(&e, "");
		FILE *f = fopen(errpath, "rb");
		if (f) {
			char chunk[4096];
			size_t n;
			while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
				buf_put(&e, chunk, n);
			fclose(f);
		}
		*err = buf_detach(&e);
	}
	return buf_detach(&out);
}

static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	buf b;
	buf_init(&b);
	buf_puts(&b, "");
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(&b, chunk, n);
	fclose(f);
	if (len)
		*len = b.len;
	return buf_detach(&b);
}

/* The PDF of len bytes at pdf with every object written out plainly
 * (qpdf --qdf: the PDF packs its dictionaries in object streams),
 * malloc'd, its length in *outlen; NULL if qpdf failed. */
static char *
expanded(const unsigned char *pdf, size_t len, size_t *outlen)
{
	char in[600], out[600];
	snprintf(in, sizeof(in), "%s/expand-in.pdf", tmpdir);
	snprintf(out, sizeof(out), "%s/expand-out.pdf", tmpdir);
	FILE *f = fopen(in, "wb");
	if (!f)
		return NULL;
	fwrite(pdf, 1, len, f);
	fclose(f);
	int st;
	free(run(&st, NULL,
	         "qpdf --qdf --object-streams=disable --stream-data=preserve "
	         "'%s' '%s'", in, out));
	return st == 0 ? read_file(out, outlen) : NULL;
}

/* Find the n bytes of needle in the first len bytes of hay (both may
 * hold NULs). */
static const char *
memfindn(const char *hay, size_t len, const char *needle, size_t n)
{
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

/* Find the string needle in the first len bytes of hay. */
static const char *
memfind(const char *hay, size_t len, const char *needle)
{
	return memfindn(hay, len, needle, strlen(needle));
}

static layout_item *
add_item(layout_page *p, layout_kind kind)
{
	if (p->nitems == p->capitems) {
		size_t cap = p->capitems ? p->capitems * 2 : 16;
		p->items = arena_grow(&doc.mem, p->items, p->nitems, cap,
		                      sizeof(*p->items));
		p->capitems = cap;
	}
	layout_item *it = &p->items[p->nitems++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->role = "paragraph";
	return it;
}

static layout_item *
add_text(layout_page *p, text_font *f, double size, double x, double y,
         const char *s, uint32_t color)
{
	size_t len = strlen(s);
	size_t n = utf8_count(s, len);
	text_glyph *g = arena_alloc(&doc.mem, n * sizeof(*g));
	double w = text_shape(f, size, s, len, 0.0, g);
	uint16_t *cps = arena_alloc(&doc.mem, n * sizeof(*cps));
	float *xs = arena_alloc(&doc.mem, n * sizeof(*xs));
	for (size_t i = 0; i < n; i++) {
		cps[i] = (uint16_t)g[i].cp;
		xs[i] = g[i].x;
	}
	layout_item *it = add_item(p, LITEM_TEXT);
	layout_text *t = &it->u.text;
	t->font = f;
	t->size = size;
	t->color = color;
	t->x = x;
	t->y = y;
	t->width = w;
	t->cps = cps;
	t->xs = xs;
	t->nglyphs = n;
	return it;
}

/* A justified line: the same glyphs, words spread to fill `measure`
 * (0: three points more per space). */
static layout_item *
add_justified(layout_page *p, double size, double x, double y, double measure)
{
	layout_item *it = add_text(p, regular, size, x, y, JUST, 0x000000);
	layout_text *t = &it->u.text;
	size_t spaces = 0;
	for (size_t i = 0; i < t->nglyphs; i++)
		spaces += t->cps[i] == ' ';
	if (measure <= 0)
		measure = t->width + 3.0 * (double)spaces;
	double extra = (measure - t->width) / (double)spaces, shift = 0;
	float *xs = (float *)t->xs;
	for (size_t i = 0; i < t->nglyphs; i++) {
		xs[i] += (float)shift;
		if (t->cps[i] == ' ')
			shift += extra;
	}
	t->width = measure;
	return it;
}

static void
build_layout(void)
{
	diag_list dl;
	diag_init(&dl);
	src_pos at = {NULL, 0, 0};
	fonts = text_fonts_new();
	regular = text_fonts_open(fonts, "fonts/NotoSans-Regular.ttf", at, &dl);
	bold = text_fonts_open(fonts, "fonts/NotoSans-Bold.ttf", at, &dl);
	diag_print_all(&dl, stderr, 0);
	diag_free(&dl);
	if (!regular || !bold) {
		fprintf(stderr, "cannot open the Noto fonts; run from the repo "
		                "root\n");
		exit(1);
	}

	memset(&doc, 0, sizeof(doc));
	arena_init(&doc.mem);
	doc.npages = doc.cappages = 2;
	doc.pages = arena_alloc(&doc.mem, 2 * sizeof(layout_page));
	for (int i = 0; i < 2; i++) {
		doc.pages[i].width = 595.28;
		doc.pages[i].height = 841.89;
	}
	layout_page *p = &doc.pages[0];
	add_text(p, bold, 18, 72, 90, EN, 0x1F3864);
	add_text(p, regular, 11, 72, 120, RU, 0x000000);
	add_text(p, regular, 11, 72, 140, KK, 0x333333);
	add_text(p, bold, 24, 72, 180, KERN, 0xC00000);
	add_justified(p, 11, 72, 210, 0);

	layout_item *r = add_item(p, LITEM_RECT);
	r->role = "box";
	r->u.rect = (layout_rect){72, 230, 200, 60, 1, 1, 0xDDEBF7, 0x1F3864,
	                          1.5, 8};
	layout_item *l = add_item(p, LITEM_LINE);
	l->role = "rule";
	l->u.line = (layout_line){72, 310, 523, 310, 0x808080, 0.75};

	layout_item *t = add_text(p, regular, 11, 72, 340, "Visit example.org",
	                          0x0563C1);
	layout_item *lk = add_item(p, LITEM_LINK);
	lk->u.link = (layout_link){72, 330, t->u.text.width, 14,
	                           "https://example.org/отчёт 2024?q=a b", -1};
	t = add_text(p, regular, 11, 72, 360, "See page two", 0x0563C1);
	lk = add_item(p, LITEM_LINK);
	lk->u.link = (layout_link){72, 350, t->u.text.width, 14, NULL, 1};

	add_text(&doc.pages[1], bold, 16, 72, 100, "Second page", 0x000000);
	add_text(&doc.pages[1], regular, 11, 72, 130, ESC, 0x000000);

	doc.ndests = doc.capdests = 2;
	doc.dests = arena_alloc(&doc.mem, 2 * sizeof(layout_dest));
	doc.dests[0] = (layout_dest){"intro", 0, 72};
	doc.dests[1] = (layout_dest){"second", 1, 80};
	doc.noutlines = doc.capoutlines = 3;
	doc.outlines = arena_alloc(&doc.mem, 3 * sizeof(layout_outline));
	doc.outlines[0] = (layout_outline){"Введение", 1, 0};
	doc.outlines[1] = (layout_outline){"Қазақстан детали", 2, 0};
	doc.outlines[2] = (layout_outline){"Second page", 1, 1};
	doc.meta.title = "Test report — Отчёт";
	doc.meta.author = "Carec Tester";
	doc.meta.subject = "PDF backend";
	doc.meta.keywords = "pdf, test";
	doc.meta.lang = "en";
	doc.meta.creator = "carec-report 0.1.0";
}

static int
has_code(const diag_list *dl, diag_code code)
{
	for (size_t i = 0; i < dl->count; i++)
		if (dl->items[i].code == code && dl->items[i].severity == DIAG_ERROR)
			return 1;
	return 0;
}

static char pdf_path[512], qdf_path[512];

/* ---- tests ---- */

TEST(render_writes_file)
{
	diag_list dl;
	diag_init(&dl);
	render_options o = {.source_date_epoch = -1};
	snprintf(pdf_path, sizeof(pdf_path), "%s/out.pdf", tmpdir);
	CHECK(render_pdf_file(&doc, &o, pdf_path, &dl) == 0);
	CHECK(dl.count == 0);
	diag_print_all(&dl, stderr, 0);
	diag_free(&dl);
	size_t len = 0;
	char *b = read_file(pdf_path, &len);
	/* 1.5: the objects are packed in object streams. */
	CHECK(b && len > 1000 && memcmp(b, "%PDF-1.5", 8) == 0);
	free(b);
	snprintf(qdf_path, sizeof(qdf_path), "%s/out.qdf", tmpdir);
	int st;
	/* Content streams as written: qpdf would normalise them otherwise,
	 * which rewrites the glyph strings as hex. */
	free(run(&st, NULL,
	         "qpdf --qdf --normalize-content=n --object-streams=disable "
	         "'%s' '%s'",
	         pdf_path, qdf_path));
	CHECK(st == 0);
}

TEST(qpdf_check_clean)
{
	int st;
	char *err;
	char *out = run(&st, &err, "qpdf --check '%s'", pdf_path);
	CHECK(st == 0);
	CHECK(strstr(out, "No syntax or stream encoding errors") != NULL);
	CHECK(strstr(out, "WARNING") == NULL && err[0] == '\0');
	free(out);
	free(err);
}

TEST(fonts_embedded_subset_unicode)
{
	int st;
	char *err;
	char *out = run(&st, &err, "pdffonts '%s'", pdf_path);
	CHECK(st == 0);
	CHECK(err[0] == '\0'); /* poppler warnings go to stderr */
	if (err[0])
		fprintf(stderr, "pdffonts stderr: %s", err);
	int fonts_seen = 0;
	char *save = NULL;
	for (char *line = strtok_r(out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strstr(line, "CID TrueType"))
			continue;
		fonts_seen++;
		CHECK(strstr(line, "Identity-H       yes yes yes") != NULL);
		/* Subset tag: six capitals and '+'. */
		CHECK(strlen(line) > 7 && line[6] == '+');
	}
	CHECK(fonts_seen == 2);
	free(out);
	free(err);
}

TEST(text_extracts_in_order)
{
	int st;
	char *err;
	char *out = run(&st, &err, "pdftotext -enc UTF-8 '%s' -", pdf_path);
	CHECK(st == 0);
	CHECK(err[0] == '\0');
	const char *en = strstr(out, EN);
	const char *ru = strstr(out, RU);
	const char *kk = strstr(out, KK);
	const char *kern = strstr(out, KERN);
	CHECK(en && ru && kk && kern);
	CHECK(en && ru && kk && en < ru && ru < kk && kk < kern);
	CHECK(strstr(out, "Wide justified line of words") != NULL);
	CHECK(strstr(out, "Second page") != NULL);
	if (!(en && ru && kk))
		fprintf(stderr, "pdftotext gave:\n%s\n", out);
	free(out);
	free(err);
}

TEST(content_uses_tj_and_fixed_tounicode)
{
	size_t len = 0;
	char *q = read_file(qdf_path, &len);
	CHECK(q != NULL);
	if (!q)
		return;
	CHECK(memfind(q, len, "] TJ") != NULL);
	CHECK(memfind(q, len, " Tw") == NULL);
	CHECK(memfind(q, len, " Tj") == NULL);
	/* Glyphs are literal strings, two bytes each. AVATAR is kerned: a
	 * number sits between the A and the V. */
	const char *a = memfindn(q, len, "[(\0A)", 5);
	CHECK(a && (a[5] == '-' || (a[5] >= '0' && a[5] <= '9')));
	/* The ToUnicode maps are bfrange, never libharu's cidrange. */
	CHECK(memfind(q, len, "beginbfrange") != NULL);
	CHECK(memfind(q, len, "begincidrange") == NULL);
	/* Document structure. */
	/* qpdf --qdf puts array items on lines of their own: collapse runs
	 * of white space so that the checks read like PDF syntax. */
	size_t w = 0;
	for (size_t r = 0; r < len; r++) {
		int ws = q[r] == ' ' || q[r] == '\n' || q[r] == '\r';
		if (ws && w > 0 && q[w - 1] == ' ')
			continue;
		q[w++] = ws ? ' ' : q[r];
	}
	len = w;
	CHECK(memfind(q, len, "/Lang (en)") != NULL);
	CHECK(memfind(q, len, "/DisplayDocTitle true") != NULL);
	CHECK(memfind(q, len, "/URI (https://example.org/%D0%BE%D1%82%D1%87"
	                      "%D1%91%D1%82%202024?q=a%20b)") != NULL);
	CHECK(memfind(q, len, "/Border [ 0 0 0 ]") != NULL);
	CHECK(memfind(q, len, "/Border [ 0 0 1 ]") == NULL);
	CHECK(memfind(q, len, "/XYZ null 769.89") != NULL);
	CHECK(memfind(q, len, "/Subtype /Link") != NULL);
	CHECK(memfind(q, len, "/Dest ") != NULL);
	/* Rounded corners are Bézier curves; the rule is a stroked line. */
	CHECK(memfind(q, len, " c ") != NULL);
	CHECK(memfind(q, len, " l S ") != NULL);
	free(q);
}

/* Append to cps (room for max) the CIDs of the literal strings of the
 * TJ arrays in the content stream s[0..n), read with PDF's syntax, and
 * return how many; -1 for what the backend never writes: a string
 * outside an array, a raw line end or parenthesis inside a string, an
 * unknown escape, or an odd number of bytes (two make a glyph). */
static int
tj_cids(const char *s, size_t n, uint32_t *cps, int max)
{
	int count = 0, in_array = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '[' || s[i] == ']')
			in_array = s[i] == '[';
		if (s[i] != '(')
			continue;
		if (!in_array)
			return -1;
		unsigned char str[512];
		size_t len = 0;
		for (i++; i < n && s[i] != ')'; i++) {
			unsigned char b = (unsigned char)s[i];
			if (b == '\r' || b == '\n' || b == '(' || len == sizeof(str))
				return -1;
			if (b == '\\') {
				b = (unsigned char)(++i < n ? s[i] : 0);
				if (b == 'n')
					b = '\n';
				else if (b == 'r')
					b = '\r';
				else if (b != '(' && b != ')' && b != '\\')
					return -1;
			}
			str[len++] = b;
		}
		if (i >= n || len % 2)
			return -1;
		for (size_t k = 0; k < len && count < max; k += 2)
			cps[count++] = (uint32_t)str[k] << 8 | str[k + 1];
	}
	return count;
}

/* The glyphs of every page's TJ arrays are the layout's, in order. */
TEST(tj_strings_hold_the_layout_glyphs)
{
	size_t len = 0;
	char *q = read_file(qdf_path, &len);
	CHECK(q != NULL);
	if (!q)
		return;
	for (size_t pg = 0; pg < doc.npages; pg++) {
		char mark[64];
		snprintf(mark, sizeof(mark), "%%%% Contents for page %zu\n", pg + 1);
		const char *m = memfind(q, len, mark);
		const char *start = m ? memfind(m, len - (size_t)(m - q), "stream\n")
		                      : NULL;
		const char *end = start ? memfind(start, len - (size_t)(start - q),
		                                  "endstream")
		                        : NULL;
		CHECK(end != NULL);
		if (!end)
			break;
		start += 7;
		uint32_t got[512], want[512];
		int n = tj_cids(start, (size_t)(end - start), got, 512), nwant = 0;
		const layout_page *p = &doc.pages[pg];
		for (size_t i = 0; i < p->nitems; i++) {
			const layout_text *t = &p->items[i].u.text;
			if (p->items[i].kind != LITEM_TEXT)
				continue;
			for (size_t g = 0; g < t->nglyphs && nwant < 512; g++)
				want[nwant++] = t->cps[g];
		}
		CHECK(n == nwant && nwant > 10);
		CHECK(n == nwant &&
		      memcmp(got, want, (size_t)nwant * sizeof(*got)) == 0);
		if (n != nwant)
			fprintf(stderr, "page %zu: %d glyphs in the TJ arrays, %d in "
			                "the layout\n", pg + 1, n, nwant);
	}
	/* Page two's escapes, as bytes: '(' and Ш, Њ (LF), Ѝ (CR), '\\'. */
	CHECK(memfindn(q, len, "[(\0\\(\4\\(\0\\)", 11) != NULL);
	CHECK(memfindn(q, len, "\4\\n\0 \4\\r\0 \0\\\\)", 14) != NULL);
	free(q);
}

/* The character at s in mutool's XML: raw UTF-8 or an entity. */
static uint32_t
xml_char(const char *s)
{
	uint32_t cp = 0xFFFD;
	if (strncmp(s, "&#x", 3) == 0)
		return (uint32_t)strtoul(s + 3, NULL, 16);
	if (strncmp(s, "&#", 2) == 0)
		return (uint32_t)strtoul(s + 2, NULL, 10);
	if (strncmp(s, "&quot;", 6) == 0)
		return '"';
	if (strncmp(s, "&amp;", 5) == 0)
		return '&';
	if (strncmp(s, "&lt;", 4) == 0)
		return '<';
	if (strncmp(s, "&gt;", 4) == 0)
		return '>';
	if (strncmp(s, "&apos;", 6) == 0)
		return '\'';
	utf8_decode(s, strlen(s), &cp);
	return cp;
}

/* Parse mutool's stext: the x of every char c on the line at baseline y. */
static int
char_xs(const char *stext, double want_y, double *xs, uint32_t *cps, int max)
{
	int n = 0;
	for (const char *p = strstr(stext, "<char "); p && n < max;
	     p = strstr(p + 1, "<char ")) {
		double x, y;
		const char *px = strstr(p, " x=\""), *py = strstr(p, " y=\"");
		const char *pc = strstr(p, " c=\"");
		if (!px || !py || !pc)
			break;
		x = strtod(px + 4, NULL);
		y = strtod(py + 4, NULL);
		if (y < want_y - 0.5 || y > want_y + 0.5)
			continue;
		uint32_t cp = xml_char(pc + 4);
		xs[n] = x;
		cps[n] = cp;
		n++;
	}
	return n;
}

/* Every glyph lands where layout put it (mupdf's view of the TJ arrays). */
TEST(glyphs_where_layout_put_them)
{
	int st;
	char *err;
	char *s = run(&st, &err, "mutool draw -F stext -o - '%s' 1", pdf_path);
	CHECK(st == 0);
	const layout_page *p = &doc.pages[0];
	int lines_checked = 0;
	for (size_t i = 0; i < p->nitems; i++) {
		const layout_item *it = &p->items[i];
		if (it->kind != LITEM_TEXT)
			continue;
		const layout_text *t = &it->u.text;
		double xs[128];
		uint32_t cps[128];
		int n = char_xs(s, t->y, xs, cps, 128);
		CHECK((size_t)n == t->nglyphs);
		if ((size_t)n != t->nglyphs)
			continue;
		double worst = 0;
		for (int g = 0; g < n; g++) {
			CHECK(cps[g] == t->cps[g]);
			double d = fabs(xs[g] - (t->x + t->xs[g]));
			if (d > worst)
				worst = d;
		}
		/* 1/1000 em rounding, mupdf prints 2-3 decimals. */
		CHECK(worst < 0.02);
		if (worst >= 0.02)
			fprintf(stderr, "line at y=%g: worst glyph offset %g pt\n", t->y,
			        worst);
		lines_checked++;
	}
	CHECK(lines_checked == 7);
	free(s);
	free(err);
}

TEST(bookmarks_present)
{
	int st;
	char *err;
	char *out = run(&st, &err, "mutool show '%s' outline", pdf_path);
	CHECK(st == 0);
	CHECK(strstr(out, "Введение") != NULL);
	CHECK(strstr(out, "Second page") != NULL);
	/* Nested: the level-2 entry is indented below its parent. */
	const char *kid = strstr(out, "Қазақстан детали");
	CHECK(kid && kid > out && (kid[-1] == '\t' || kid[-1] == ' ' ||
	                          kid[-1] == '"'));
	free(out);
	free(err);
	out = run(&st, &err, "qpdf --json --json-key=outlines '%s'", pdf_path);
	CHECK(st == 0 && strstr(out, "\"kids\"") != NULL);
	CHECK(strstr(out, "\"title\": \"Қазақстан детали\"") != NULL);
	free(out);
	free(err);
}

TEST(renders_in_mupdf_and_ghostscript)
{
	int st;
	char *err;
	free(run(&st, &err, "mutool draw -q -o '%s/page%%d.png' '%s'", tmpdir,
	         pdf_path));
	CHECK(st == 0);
	/* This mupdf build lacks ICC support and says so on every run. */
	static const char icc_warning[] =
		"warning: ICC support is not available\n";
	char *icc = strstr(err, icc_warning);
	if (icc) {
		size_t n = sizeof(icc_warning) - 1;
		memmove(icc, icc + n, strlen(icc + n) + 1);
	}
	CHECK(strstr(err, "error") == NULL && strstr(err, "warning") == NULL);
	if (err[0])
		fprintf(stderr, "mutool: %s", err);
	free(err);
	free(run(&st, &err,
	         "gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=png16m -o "
	         "'%s/gs%%d.png' '%s'",
	         tmpdir, pdf_path));
	CHECK(st == 0);
	CHECK(err[0] == '\0');
	if (err[0])
		fprintf(stderr, "gs: %s", err);
	free(err);
}

TEST(reproducible_and_dates)
{
	diag_list dl;
	diag_init(&dl);
	render_options none = {.source_date_epoch = -1},
	               epoch = {.source_date_epoch = 1700000000};
	unsigned char *a = NULL, *b = NULL, *c = NULL;
	size_t alen = 0, blen = 0, clen = 0;
	CHECK(render_pdf_memory(&doc, &none, &a, &alen, &dl) == 0);
	CHECK(render_pdf_memory(&doc, &none, &b, &blen, &dl) == 0);
	CHECK(alen == blen && alen > 0 && memcmp(a, b, alen) == 0);
	size_t alen_x = 0;
	char *ax = expanded(a, alen, &alen_x);
	CHECK(ax && memfind(ax, alen_x, "/Producer") &&
	      !memfind(ax, alen_x, "CreationDate"));
	free(ax);
	CHECK(render_pdf_memory(&doc, &epoch, &c, &clen, &dl) == 0);
	/* 1700000000 is 2023-11-14 22:13:20 UTC. */
	size_t xlen = 0;
	char *x = expanded(c, clen, &xlen);
	CHECK(x != NULL);
	CHECK(x && memfind(x, xlen, "/CreationDate (D:20231114221320+00'00')"));
	CHECK(x && memfind(x, xlen, "/ModDate (D:20231114221320+00'00')"));
	free(x);
	CHECK(dl.count == 0);
	free(a);
	free(b);
	free(c);
	diag_free(&dl);
}

/* Count entries of dir whose name starts with prefix. */
static int
count_prefixed(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return n;
}

TEST(read_only_folder_fails_cleanly)
{
	char dir[512], path[600], probe[600];
	snprintf(dir, sizeof(dir), "%s/ro", tmpdir);
	mkdir(dir, 0755);
	chmod(dir, 0555);
	/* root ignores permission bits; fall back to sysfs, which refuses. */
	snprintf(probe, sizeof(probe), "%s/probe", dir);
	FILE *f = fopen(probe, "w");
	if (f) {
		fclose(f);
		unlink(probe);
		snprintf(dir, sizeof(dir), "/sys");
	}
	snprintf(path, sizeof(path), "%s/carec-out.pdf", dir);
	diag_list dl;
	diag_init(&dl);
	render_options o = {.source_date_epoch = -1};
	CHECK(render_pdf_file(&doc, &o, path, &dl) == -1);
	CHECK(has_code(&dl, DIAG_IO));
	CHECK(dl.count > 0 && strstr(dl.items[0].message, dir) != NULL);
	CHECK(dl.count > 0 && dl.items[0].note != NULL);
	CHECK(count_prefixed(dir, ".carec-out.pdf.") == 0);
	CHECK(access(path, F_OK) != 0);
	diag_free(&dl);
	snprintf(dir, sizeof(dir), "%s/ro", tmpdir);
	chmod(dir, 0755);

	/* A missing folder says so. */
	diag_init(&dl);
	snprintf(path, sizeof(path), "%s/no/such/dir/x.pdf", tmpdir);
	CHECK(render_pdf_file(&doc, &o, path, &dl) == -1);
	CHECK(has_code(&dl, DIAG_IO));
	CHECK(dl.count > 0 && strstr(dl.items[0].message, "does not exist"));
	diag_free(&dl);
}

TEST(failed_render_keeps_existing_file)
{
	char path[600];
	snprintf(path, sizeof(path), "%s/keep.pdf", tmpdir);
	diag_list dl;
	diag_init(&dl);
	render_options o = {.source_date_epoch = -1};
	CHECK(render_pdf_file(&doc, &o, path, &dl) == 0);
	size_t len0 = 0, len1 = 0;
	char *before = read_file(path, &len0);

	double w = doc.pages[1].width;
	doc.pages[1].width = 1e6; /* no PDF page is 350 m wide */
	CHECK(render_pdf_file(&doc, &o, path, &dl) == -1);
	doc.pages[1].width = w;
	CHECK(has_code(&dl, DIAG_PDF));
	char *after = read_file(path, &len1);
	CHECK(before && after && len0 == len1 && memcmp(before, after, len0) == 0);
	CHECK(count_prefixed(tmpdir, ".keep.pdf.") == 0);
	free(before);
	free(after);
	diag_free(&dl);
}

/* A libharu error mid-render becomes a diagnostic that explains it, and
 * no temporary font file is left behind on that path either. libharu
 * refuses strings longer than 65535 bytes: here, a link's address. */
TEST(libharu_error_becomes_diagnostic)
{
	const char *base = getenv("TMPDIR");
	if (!base || !*base)
		base = "/tmp";
	int fonts_before = count_prefixed(base, "carec-font-");
	layout_item *lk = NULL;
	for (size_t i = 0; i < doc.pages[0].nitems && !lk; i++)
		if (doc.pages[0].items[i].kind == LITEM_LINK &&
		    doc.pages[0].items[i].u.link.uri)
			lk = &doc.pages[0].items[i];
	CHECK(lk != NULL);
	if (!lk)
		return;
	const char *uri = lk->u.link.uri;
	size_t n = 70000;
	char *huge = malloc(n + 1);
	memcpy(huge, "https://", 8);
	memset(huge + 8, 'a', n - 8);
	huge[n] = '\0';
	lk->u.link.uri = huge;
	diag_list dl;
	diag_init(&dl);
	render_options o = {.source_date_epoch = -1};
	unsigned char *out = NULL;
	size_t len = 0;
	CHECK(render_pdf_memory(&doc, &o, &out, &len, &dl) == -1);
	lk->u.link.uri = uri;
	free(huge);
	CHECK(out == NULL && len == 0);
	CHECK(has_code(&dl, DIAG_PDF));
	CHECK(dl.count > 0 && strstr(dl.items[0].message, "link") != NULL);
	CHECK(dl.count > 0 &&
	      strstr(dl.items[0].message, "longer than PDF allows") != NULL);
	CHECK(dl.count > 0 && dl.items[0].note != NULL);
	CHECK(count_prefixed(base, "carec-font-") == fonts_before);
	diag_free(&dl);
}

/* A font size PDF cannot show is an error that says so, not a PDF that
 * viewers would refuse. */
TEST(font_size_over_600_is_an_error)
{
	layout_item *it = &doc.pages[0].items[0];
	double size = it->u.text.size;
	it->u.text.size = 700;
	diag_list dl;
	diag_init(&dl);
	render_options o = {.source_date_epoch = -1};
	unsigned char *out = NULL;
	size_t len = 0;
	CHECK(render_pdf_memory(&doc, &o, &out, &len, &dl) == -1);
	it->u.text.size = size;
	CHECK(out == NULL && len == 0);
	CHECK(has_code(&dl, DIAG_PDF));
	CHECK(dl.count > 0 && strstr(dl.items[0].message, "font size 700") != NULL);
	CHECK(dl.count > 0 && dl.items[0].note != NULL &&
	      strstr(dl.items[0].note, "600") != NULL);
	diag_free(&dl);
}

/* Into *many, the test document with n pages, its two pages in turn
 * (sharing their items); return the pages, which the caller frees. */
static layout_page *
many_pages(layout_doc *many, size_t n)
{
	*many = doc;
	layout_page *pages = xcalloc(n, sizeof(*pages));
	for (size_t i = 0; i < n; i++)
		pages[i] = doc.pages[i % 2];
	many->pages = pages;
	many->npages = many->cappages = n;
	return pages;
}

/* Many pages, each deflated as it is drawn (pdf_deflate.c): the same
 * bytes on every run, every page there; and a failure on a late page,
 * with earlier pages compressed, is a diagnostic that leaks nothing
 * (LSan). */
TEST(many_pages_deflated_as_drawn)
{
	enum { NPAGES = 40, BAD = 29 };
	layout_doc many;
	layout_page *pages = many_pages(&many, NPAGES);
	diag_list dl;
	diag_init(&dl);
	render_options o = {.source_date_epoch = -1};
	unsigned char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0;
	CHECK(render_pdf_memory(&many, &o, &a, &alen, &dl) == 0);
	CHECK(render_pdf_memory(&many, &o, &b, &blen, &dl) == 0);
	CHECK(dl.count == 0);
	CHECK(alen == blen && alen > 0 && memcmp(a, b, alen) == 0);
	size_t xlen = 0;
	char *x = expanded(a, alen, &xlen);
	CHECK(x && memfind(x, xlen, "/Count 40") != NULL);
	free(x);
	/* Every page's content is there, compressed: the sealed dictionary
	 * once per page. */
	int sealed = 0;
	for (const char *p = (const char *)a;
	     (p = memfind(p, alen - (size_t)(p - (const char *)a),
	                  "/Filter /FlateDecode\n>>"));
	     p++)
		sealed++;
	CHECK(sealed >= NPAGES);
	free(a);
	free(b);

	layout_item *items = xcalloc(doc.pages[0].nitems, sizeof(*items));
	memcpy(items, doc.pages[0].items, doc.pages[0].nitems * sizeof(*items));
	items[0].u.text.size = 700; /* libharu refuses sizes above 600 pt */
	pages[BAD].items = items;
	a = NULL;
	alen = 0;
	CHECK(render_pdf_memory(&many, &o, &a, &alen, &dl) == -1);
	CHECK(a == NULL && alen == 0);
	CHECK(has_code(&dl, DIAG_PDF));
	CHECK(dl.count > 0 && strstr(dl.items[0].message, "font size") != NULL);
	free(items);
	free(pages);
	diag_free(&dl);
}

/* The cross-reference stream: each row, undone from its PNG "Up"
 * predictor, finds its object (a classic one at its offset, a packed one
 * in an object stream). (What the predictor gains shows in a tagged
 * file's many packed objects: test_tagged's many-kids test.) */
TEST(xref_stream_finds_every_object)
{
	enum { NPAGES = 60 };
	layout_doc many;
	layout_page *pages = many_pages(&many, NPAGES);
	diag_list dl;
	diag_init(&dl);
	render_options o = {.source_date_epoch = -1};
	unsigned char *a = NULL;
	size_t alen = 0;
	CHECK(render_pdf_memory(&many, &o, &a, &alen, &dl) == 0);
	const char *pdf = (const char *)a;
	const char *x = memfind(pdf, alen, "/Type /XRef");
	CHECK(x != NULL);
	unsigned size = 0;
	size_t zlen = 0;
	const char *s = memfind(x, alen - (size_t)(x - pdf), "/Size ");
	const char *l = memfind(x, alen - (size_t)(x - pdf), "/Length ");
	CHECK(s && l && sscanf(s, "/Size %u", &size) == 1 &&
	      sscanf(l, "/Length %zu", &zlen) == 1);
	CHECK(memfind(x, (size_t)(l - x),
	              "/DecodeParms << /Columns 7 /Predictor 12 >>") != NULL);
	const char *z = memfind(x, alen - (size_t)(x - pdf), "stream\n");
	CHECK(z != NULL);
	z += 7;
	uLongf rlen = (uLongf)size * 8;
	unsigned char *rows = xmalloc(rlen);
	CHECK(uncompress(rows, &rlen, (const Bytef *)z, (uLong)zlen) == Z_OK);
	CHECK(rlen == (uLongf)size * 8);
	unsigned char row[7] = {0};
	unsigned packed = 0, classic = 0;
	for (unsigned i = 0; i < size; i++) {
		const unsigned char *r = rows + (size_t)i * 8;
		CHECK(r[0] == 2);
		for (int j = 0; j < 7; j++)
			row[j] = (unsigned char)(row[j] + r[j + 1]);
		unsigned long f2 = (unsigned long)row[1] << 24 | row[2] << 16 |
		                   row[3] << 8 | row[4];
		unsigned f3 = (unsigned)row[5] << 8 | row[6];
		if (i == 0) {
			CHECK(row[0] == 0 && f3 == 0xFFFF);
		} else if (row[0] == 1) {
			char want[32];
			int n = snprintf(want, sizeof(want), "%u %u obj", i, f3);
			CHECK(f2 + (size_t)n < alen &&
			      memcmp(pdf + f2, want, (size_t)n) == 0);
			classic++;
		} else {
			CHECK(row[0] == 2 && f2 < size);
			char want[64];
			snprintf(want, sizeof(want), "\n%lu 0 obj\n<< /Type /ObjStm",
			         f2);
			CHECK(memfind(pdf, alen, want) != NULL);
			packed++;
		}
	}
	CHECK(classic > NPAGES && packed > NPAGES);
	free(rows);
	free(a);
	free(pages);
	diag_free(&dl);
}

/* The size of the embedded font programs (FontFile2 streams), as stored
 * (compressed) and decoded: printed for the report, bounded to prove the
 * fonts were subset (a whole Noto Sans is about 85 KB compressed). */
TEST(font_programs_are_small)
{
	size_t len = 0;
	char *q = read_file(qdf_path, &len);
	CHECK(q != NULL);
	if (!q)
		return;
	/* Same numbering as the qdf file, streams as stored. */
	char raw[600];
	snprintf(raw, sizeof(raw), "%s/raw.qdf", tmpdir);
	int rst;
	free(run(&rst, NULL,
	         "qpdf --qdf --object-streams=disable --stream-data=preserve "
	         "'%s' '%s'", pdf_path, raw));
	CHECK(rst == 0);
	long stored = 0, decoded = 0;
	int nfonts = 0;
	for (const char *p = q; (p = memfind(p, len - (size_t)(p - q),
	                                     "/FontFile2 "));
	     p++) {
		int obj = atoi(p + 11);
		int st;
		char *out = run(&st, NULL,
		                "qpdf --show-object=%d --raw-stream-data '%s' | wc -c",
		                obj, raw);
		stored += atol(out);
		free(out);
		out = run(&st, NULL,
		          "qpdf --show-object=%d --filtered-stream-data '%s' | wc -c",
		          obj, raw);
		decoded += atol(out);
		free(out);
		nfonts++;
	}
	printf("embedded font programs: %d fonts, %ld bytes stored, %ld bytes "
	       "decoded\n", nfonts, stored, decoded);
	CHECK(nfonts == 2);
	CHECK(stored > 1000 && stored < 40000);
	free(q);
}

/* A writer that fails at its call number `left` (from 0). */
typedef struct failing {
	long left;
	size_t len;
} failing;

static int
fail_at(void *ctx, const void *data, size_t len)
{
	failing *f = ctx;
	(void)data;
	if (f->left-- <= 0)
		return -1;
	f->len += len;
	return 0;
}

/* The save (object streams, cross-reference stream) stopped by a failed
 * write at any point: render_stream_write says so (-1, with no message
 * of its own: the writer knows why), nothing crashes or leaks (LSan);
 * with no failure the whole PDF goes through. */
TEST(save_stops_at_any_failed_write)
{
	render_options o = {.source_date_epoch = -1};
	diag_list dl;
	diag_init(&dl);
	const long many = 1L << 30;
	failing all = {many, 0};
	render_stream *rs = render_stream_layout(&doc, &o, &dl);
	CHECK(render_stream_prepare(rs, &doc, &dl) == 0);
	CHECK(render_stream_write(rs, fail_at, &all, &dl) == 0);
	render_stream_free(rs);
	const long calls = many - all.left;
	CHECK(calls > 10 && all.len > 1000);
	/* The first and last writes each, and some in between. */
	long step = calls / 150 > 1 ? calls / 150 : 1;
	int failed = 0, tried = 0;
	for (long k = 0; k < calls; k = k < 40 || k >= calls - 40 ? k + 1
	                                                          : k + step) {
		failing f = {k, 0};
		rs = render_stream_layout(&doc, &o, &dl);
		if (render_stream_prepare(rs, &doc, &dl) == 0 &&
		    render_stream_write(rs, fail_at, &f, &dl) == -1)
			failed++;
		tried++;
		render_stream_free(rs);
	}
	CHECK(tried > 40 && failed == tried);
	CHECK(dl.errors == 0);
	diag_free(&dl);
}

int
main(void)
{
	const char *base = getenv("TMPDIR");
	snprintf(tmpdir, sizeof(tmpdir), "%s/carec-render-XXXXXX",
	         base && *base ? base : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	build_layout();
	RUN(render_writes_file);
	RUN(qpdf_check_clean);
	RUN(fonts_embedded_subset_unicode);
	RUN(text_extracts_in_order);
	RUN(content_uses_tj_and_fixed_tounicode);
	RUN(glyphs_where_layout_put_them);
	RUN(tj_strings_hold_the_layout_glyphs);
	RUN(bookmarks_present);
	RUN(renders_in_mupdf_and_ghostscript);
	RUN(reproducible_and_dates);
	RUN(read_only_folder_fails_cleanly);
	RUN(failed_render_keeps_existing_file);
	RUN(libharu_error_becomes_diagnostic);
	RUN(font_size_over_600_is_an_error);
	RUN(many_pages_deflated_as_drawn);
	RUN(xref_stream_finds_every_object);
	RUN(font_programs_are_small);
	RUN(save_stops_at_any_failed_write);

	arena_free(&doc.mem);
	text_fonts_free(fonts);
	if (!getenv("CAREC_KEEP_TMP")) {
		int st;
		free(run(&st, NULL, "rm -rf '%s'", tmpdir));
	}
	return harness_done();
}
