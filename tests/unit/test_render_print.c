/* test_render_print.c - the PDF for the print shop (render_options.print)
 * on a hand-built layout: each kind of item that reaches the trim runs
 * into the bleed and what does not stays, the boxes follow the settings,
 * the marks and slug can be turned off, and a booklet's page count is
 * checked. Pixels are read from poppler's render. Run from the repository
 * root. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "layout/layout.h"
#include "render/render.h"
#include "text/text.h"
#include "util/diag.h"
#include "util/mem.h"

#define MM    (72.0 / 25.4)
#define W     420.0
#define H     595.0
#define GREEN 0x0B6E4Fu
#define RED   0xC00000u
#define BLUE  0x1F6391u
#define GOLD  0xD99A1Eu

static char tmpdir[256];
static text_fonts *fonts;
static text_font *regular;
static layout_doc doc;
static layout_image img;
static unsigned char img_px[4 * 4 * 3];
static layout_seg tri[4];
static layout_path tri_path, open_path;

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
	it->role = "test";
	return it;
}

/*
 * One A5-sized page (420 x 595 pt), folded at x = 210:
 *  - a green band across the top, 0..420 x 0..40 (reaches three edges);
 *  - a red triangle in the lower right corner (a filled path);
 *  - a blue picture cropped at the left edge (it starts at x = -30);
 *  - a gold rule across the page at y = 300;
 *  - a stroked frame on the right edge, and an unfilled path on the
 *    left edge, that stay where they are;
 *  - a filled box in the middle that reaches nothing.
 */
static void
build_layout(void)
{
	diag_list dl;
	diag_init(&dl);
	src_pos at = {NULL, 0, 0};
	fonts = text_fonts_new();
	regular = text_fonts_open(fonts, "fonts/NotoSans-Regular.ttf", at, &dl);
	diag_free(&dl);
	if (!regular) {
		fprintf(stderr, "cannot open the Noto font; run from the repo "
		                "root\n");
		exit(1);
	}
	memset(&doc, 0, sizeof(doc));
	arena_init(&doc.mem);
	doc.npages = doc.cappages = 1;
	doc.pages = arena_alloc(&doc.mem, sizeof(layout_page));
	memset(doc.pages, 0, sizeof(layout_page));
	layout_page *p = &doc.pages[0];
	p->width = W;
	p->height = H;
	p->folds[0] = 210;
	p->nfolds = 1;

	layout_item *r = add_item(p, LITEM_RECT);
	r->u.rect = (layout_rect){0, 0, W, 40, 1, 0, GREEN, 0, 0, 0};

	tri[0] = (layout_seg){LSEG_MOVE, {W, 0, 0}, {H - 100, 0, 0}};
	tri[1] = (layout_seg){LSEG_LINE, {W, 0, 0}, {H, 0, 0}};
	tri[2] = (layout_seg){LSEG_LINE, {W - 100, 0, 0}, {H, 0, 0}};
	tri[3] = (layout_seg){LSEG_CLOSE, {0, 0, 0}, {0, 0, 0}};
	tri_path.segs = tri;
	tri_path.nsegs = 4;
	tri_path.fill = (layout_paint){1, RED, 1, NULL};
	tri_path.bx = W - 100;
	tri_path.by = H - 100;
	tri_path.bw = tri_path.bh = 100;
	layout_item *t = add_item(p, LITEM_PATH);
	t->u.path = &tri_path;

	for (size_t i = 0; i < sizeof(img_px); i += 3) {
		img_px[i] = 0x1F;
		img_px[i + 1] = 0x63;
		img_px[i + 2] = 0x91;
	}
	img = (layout_image){0, "blue.png", 4, 4, 3, img_px, NULL, NULL, 0, 0};
	doc.images = arena_alloc(&doc.mem, sizeof(*doc.images));
	doc.images[0] = &img;
	doc.nimages = doc.capimages = 1;
	layout_item *im = add_item(p, LITEM_IMAGE);
	im->u.image = (layout_image_item){&img, -30, 100, 130, 100,
	                                  0,    100, 100, 100, NULL};

	layout_item *l = add_item(p, LITEM_LINE);
	l->u.line = (layout_line){0, 300, W, 300, GOLD, 4};

	layout_item *f = add_item(p, LITEM_RECT);
	f->u.rect = (layout_rect){W - 60, 200, 60, 60, 0, 1, 0, RED, 2, 0};

	static layout_seg open[2] = {
	        {LSEG_MOVE, {0, 0, 0}, {400, 0, 0}},
	        {LSEG_LINE, {60, 0, 0}, {400, 0, 0}},
	};
	open_path.segs = open;
	open_path.nsegs = 2;
	open_path.stroke = (layout_paint){1, BLUE, 1, NULL};
	open_path.stroke_width = 2;
	open_path.by = 399;
	open_path.bw = 60;
	open_path.bh = 2;
	layout_item *o = add_item(p, LITEM_PATH);
	o->u.path = &open_path;

	layout_item *m = add_item(p, LITEM_RECT);
	m->u.rect = (layout_rect){150, 450, 100, 50, 1, 0, BLUE, 0, 0, 0};

	/* A word, as every report has text. */
	static const char word[] = "Leaflet";
	text_glyph g[sizeof(word)];
	static uint16_t cps[sizeof(word)];
	static float xs[sizeof(word)];
	layout_item *tx = add_item(p, LITEM_TEXT);
	tx->u.text.width = text_shape(regular, 12, word, strlen(word), 0, g);
	for (size_t i = 0; i < strlen(word); i++) {
		cps[i] = (uint16_t)g[i].cp;
		xs[i] = g[i].x;
	}
	tx->u.text.font = regular;
	tx->u.text.size = 12;
	tx->u.text.x = 150;
	tx->u.text.y = 540;
	tx->u.text.cps = cps;
	tx->u.text.xs = xs;
	tx->u.text.nglyphs = strlen(word);
	tx->u.text.opacity = 1;

	doc.meta.lang = "en";
	doc.print = (layout_print){3 * MM, 1, 1, 1, {"booklet.yaml", 4, 20},
	                           regular};
}

/* ---- running the tools ---- */

static int
sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	int st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

typedef struct image {
	int w, h;
	unsigned char *px;
	double x0, y1; /* the MediaBox's left and top, points */
} image;

/* Render pdf at 72 dpi (one pixel a point) with poppler. */
static int
render_page(const char *pdf, double x0, double y1, image *out)
{
	char prefix[512], path[600];
	snprintf(prefix, sizeof(prefix), "%s/page", tmpdir);
	if (sh("pdftoppm -r 72 -singlefile '%s' '%s'", pdf, prefix) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s.ppm", prefix);
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	int maxv;
	if (fscanf(f, "P6 %d %d %d", &out->w, &out->h, &maxv) != 3 ||
	    fgetc(f) == EOF) {
		fclose(f);
		return -1;
	}
	size_t n = (size_t)out->w * (size_t)out->h * 3;
	out->px = xmalloc(n);
	size_t got = fread(out->px, 1, n, f);
	fclose(f);
	out->x0 = x0;
	out->y1 = y1;
	return got == n ? 0 : -1;
}

/* The colour at page point (x, y) (layout coordinates: y down from the
 * trim's top), as 0xRRGGBB. */
static uint32_t
at(const image *im, double x, double y)
{
	int px = (int)(x - im->x0), py = (int)(y - (H - im->y1));
	if (px < 0 || py < 0 || px >= im->w || py >= im->h)
		return 0xFFFFFFFFu;
	const unsigned char *c = im->px + ((size_t)py * im->w + px) * 3;
	return (uint32_t)c[0] << 16 | (uint32_t)c[1] << 8 | c[2];
}

static int
dist(uint32_t a, uint32_t b)
{
	int sum = 0;
	for (int s = 0; s < 24; s += 8) {
		int d = (int)((a >> s) & 0xFF) - (int)((b >> s) & 0xFF);
		sum += d < 0 ? -d : d;
	}
	return sum;
}

/* Pixel a shows colour b: the print page paints in CMYK, which comes
 * back as RGB through the output intent, a little moved; but nearer b
 * than paper or the test's other colours. */
static int
near(uint32_t a, uint32_t b)
{
	static const uint32_t all[] = {0xFFFFFFu, GREEN, RED, BLUE};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (all[i] != b && dist(a, all[i]) <= dist(a, b))
			return 0;
	return dist(a, b) < 150;
}

static int
render_to(const char *name, const render_options *o, diag_list *dl, char *path,
          size_t size)
{
	snprintf(path, size, "%s/%s", tmpdir, name);
	return render_pdf_file(&doc, o, path, dl);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	buf b;
	buf_init(&b);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(&b, chunk, n);
	fclose(f);
	buf_puts(&b, "");
	*len = b.len;
	return buf_detach(&b);
}

/* Whether pdfinfo's output t gives the box `name` as x0 y0 x1 y1. */
static int
box_is(const char *t, const char *name, double x0, double y0, double x1,
       double y1)
{
	char key[32];
	snprintf(key, sizeof(key), "\n%s:", name);
	const char *at = t ? strstr(t, key) : NULL;
	double v[4];
	if (!at || sscanf(at + strlen(key), "%lf %lf %lf %lf", &v[0], &v[1],
	                  &v[2], &v[3]) != 4)
		return 0;
	const double want[4] = {x0, y0, x1, y1};
	for (int i = 0; i < 4; i++)
		if (fabs(v[i] - want[i]) > 0.01)
			return 0;
	return 1;
}

static const char *
find(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

/* ---- tests ---- */

TEST(each_kind_of_item_at_the_trim_runs_into_the_bleed)
{
	diag_list dl;
	diag_init(&dl);
	render_options o = {
	        .source_date_epoch = -1, .print = 1, .name = "dir/leaflet.pdf"};
	char pdf[512];
	CHECK(render_to("print.pdf", &o, &dl, pdf, sizeof(pdf)) == 0);
	CHECK(sh("qpdf --check '%s' >/dev/null", pdf) == 0);
	const double m = 12 * MM, b = 3 * MM;
	image im;
	CHECK(render_page(pdf, -m, H + m, &im) == 0);
	CHECK(im.w >= (int)(W + 2 * m) && im.w <= (int)(W + 2 * m) + 1);
	/* The band: past the top, the left and the right edge. */
	CHECK(near(at(&im, 200, -b / 2), GREEN));
	CHECK(near(at(&im, -b / 2, 20), GREEN));
	CHECK(near(at(&im, W + b / 2, 20), GREEN));
	CHECK(near(at(&im, -b / 2, -b / 2), GREEN));
	/* Not past the bleed. */
	CHECK(at(&im, 200, -b - 2) == 0xFFFFFF);
	/* The triangle: its right and bottom sides, and the corner. */
	CHECK(near(at(&im, W + b / 2, H - 10), RED));
	CHECK(near(at(&im, W - 10, H + b / 2), RED));
	CHECK(near(at(&im, W + b / 2, H + b / 2), RED));
	/* The picture shows what it has beyond the left edge. */
	CHECK(near(at(&im, -b / 2, 150), BLUE));
	CHECK(at(&im, -b - 2, 150) == 0xFFFFFF);
	/* The rule runs on along its length. */
	CHECK(near(at(&im, -b / 2, 300), GOLD));
	CHECK(near(at(&im, W + b / 2, 300), GOLD));
	/* The frame's stroke and the unfilled path stay at the trim. */
	CHECK(at(&im, W + b / 2, 230) == 0xFFFFFF);
	CHECK(near(at(&im, W - 1, 230), RED));
	CHECK(at(&im, -b / 2, 400) == 0xFFFFFF);
	/* The box that reaches nothing stays as it is. */
	CHECK(near(at(&im, 151, 451), BLUE));
	CHECK(at(&im, 148, 451) == 0xFFFFFF);
	/* A fold mark above the fold, outside the bleed; none off it. */
	CHECK(at(&im, 210, -(3 + 2.5) * MM) != 0xFFFFFF);
	CHECK(at(&im, 150, -(3 + 2.5) * MM) == 0xFFFFFF);
	free(im.px);
	/* The slug: the file's name without its folder, and the page. */
	CHECK(sh("pdftotext '%s' '%s/slug.txt'", pdf, tmpdir) == 0);
	char path[600];
	snprintf(path, sizeof(path), "%s/slug.txt", tmpdir);
	size_t len;
	char *text = slurp(path, &len);
	CHECK(text && find(text, len, "leaflet.pdf") &&
	      !find(text, len, "dir/") && find(text, len, "page 1 of 1"));
	free(text);
	/* One page is not a multiple of 4: the booklet warning, at the
	 * theme's key. */
	CHECK(dl.errors == 0 && dl.count == 1);
	CHECK(dl.count > 0 && dl.items[0].severity == DIAG_WARNING &&
	      strstr(dl.items[0].message, "the booklet has 1 pages") &&
	      dl.items[0].note &&
	      strstr(dl.items[0].note, "make it 4 pages (add 3") &&
	      dl.items[0].pos.line == 4);
	diag_free(&dl);
}

TEST(settings_change_the_boxes)
{
	const layout_print keep = doc.print;
	/* No marks nor slug: the sheet is the bleed. */
	doc.print.marks = doc.print.slug = 0;
	doc.print.booklet = 0;
	doc.print.bleed = 5 * MM;
	diag_list dl;
	diag_init(&dl);
	render_options o = {.source_date_epoch = 1700000000, .print = 1};
	char pdf[512];
	CHECK(render_to("bare.pdf", &o, &dl, pdf, sizeof(pdf)) == 0);
	CHECK(dl.count == 0);
	char out[600];
	snprintf(out, sizeof(out), "%s/boxes.txt", tmpdir);
	CHECK(sh("pdfinfo -box '%s' > '%s'", pdf, out) == 0);
	size_t len;
	char *t = slurp(out, &len);
	CHECK(box_is(t, "MediaBox", -14.17, -14.17, 434.17, 609.17));
	CHECK(box_is(t, "BleedBox", -14.17, -14.17, 434.17, 609.17));
	CHECK(box_is(t, "TrimBox", 0, 0, 420, 595));
	free(t);
	size_t plen;
	char *bytes = slurp(pdf, &plen);
	CHECK(bytes && !find(bytes, plen, "/Separation"));
	free(bytes);
	/* The band runs 5 mm out. */
	image im;
	CHECK(render_page(pdf, -5 * MM, H + 5 * MM, &im) == 0);
	CHECK(near(at(&im, 200, -4.5 * MM), GREEN));
	free(im.px);
	/* A slug without a name: the date alone. */
	doc.print.slug = 1;
	CHECK(render_to("dated.pdf", &o, &dl, pdf, sizeof(pdf)) == 0);
	snprintf(out, sizeof(out), "%s/dated.txt", tmpdir);
	CHECK(sh("pdftotext '%s' '%s'", pdf, out) == 0);
	t = slurp(out, &len);
	CHECK(t && find(t, len, "2023-11-14 22:13 UTC") &&
	      find(t, len, "page 1 of 1"));
	free(t);
	/* No bleed: nothing moves, the boxes meet the trim. */
	doc.print.bleed = 0;
	doc.print.slug = 0;
	CHECK(render_to("nobleed.pdf", &o, &dl, pdf, sizeof(pdf)) == 0);
	CHECK(sh("pdfinfo -box '%s' > '%s'", pdf, out) == 0);
	t = slurp(out, &len);
	CHECK(box_is(t, "MediaBox", 0, 0, 420, 595));
	CHECK(box_is(t, "BleedBox", 0, 0, 420, 595));
	free(t);
	CHECK(dl.count == 0);
	diag_free(&dl);
	doc.print = keep;
}

TEST(a_booklet_in_fours_and_the_screen_pdf_say_nothing)
{
	diag_list dl;
	diag_init(&dl);
	/* The screen PDF: no boxes, no warning. */
	render_options o = {.source_date_epoch = -1};
	unsigned char *pdf = NULL;
	size_t len = 0;
	CHECK(render_pdf_memory(&doc, &o, &pdf, &len, &dl) == 0);
	CHECK(dl.count == 0);
	CHECK(pdf && !find((char *)pdf, len, "/TrimBox") &&
	      !find((char *)pdf, len, "/Reg CS"));
	free(pdf);
	/* Four pages: no warning. */
	layout_page *pages = arena_alloc(&doc.mem, 6 * sizeof(layout_page));
	for (int i = 0; i < 6; i++)
		pages[i] = doc.pages[0];
	layout_page *keep = doc.pages;
	doc.pages = pages;
	doc.npages = 4;
	o.print = 1;
	CHECK(render_pdf_memory(&doc, &o, &pdf, &len, &dl) == 0);
	CHECK(dl.count == 0);
	free(pdf);
	/* Six: add 2 or cut 2. */
	doc.npages = 6;
	CHECK(render_pdf_memory(&doc, &o, &pdf, &len, &dl) == 0);
	CHECK(dl.count == 1 &&
	      strstr(dl.items[0].message, "the booklet has 6 pages") &&
	      dl.items[0].note &&
	      strstr(dl.items[0].note, "make it 8 pages (add 2") &&
	      strstr(dl.items[0].note, "or 4 (cut 2)"));
	free(pdf);
	diag_free(&dl);
	doc.pages = keep;
	doc.npages = 1;
}

int
main(void)
{
	const char *base = getenv("TMPDIR");
	snprintf(tmpdir, sizeof(tmpdir), "%s/carec-print-XXXXXX",
	         base && *base ? base : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	build_layout();
	RUN(each_kind_of_item_at_the_trim_runs_into_the_bleed);
	RUN(settings_change_the_boxes);
	RUN(a_booklet_in_fours_and_the_screen_pdf_say_nothing);
	arena_free(&doc.mem);
	text_fonts_free(fonts);
	if (!getenv("CAREC_KEEP_TMP"))
		sh("rm -rf '%s'", tmpdir);
	return harness_done();
}
