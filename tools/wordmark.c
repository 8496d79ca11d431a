/*
 * wordmark.c - draw the CAREC logo: the mark beside the word "CAREC" set
 * in Noto Sans Bold, every letter an outline path (the SVG reader of
 * carec-report draws paths, not <text>).
 *
 *   wordmark FONT.ttf MARK.svg OUT.svg
 *
 * A tool for the brand, not part of carec-report: run it again when the
 * mark or the word changes, and commit the SVG it writes. The word is
 * shaped with HarfBuzz (so the font's kerning applies), tracked a little
 * wider for a logo, and its outlines are taken with the glyph-shape API
 * of HarfBuzz 6 (hb_font_get_glyph_shape and hb_draw_funcs).
 *
 * Geometry, in the mark's units (its viewBox is 0 0 120 120): the word's
 * baseline is the foot of the mark's ridge (y = 88), its capitals are
 * 44 units tall (the ridge is 48), and it starts 16 units after the
 * mark's right edge. The word is the brand green.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hb.h>

#define WORD "CAREC"
#define COLOUR "#0b6e4f"
#define MARK_SIZE 120.0  /* the mark's viewBox is square */
#define BASELINE 88.0
#define CAP_HEIGHT 44.0
#define GAP 16.0         /* from the mark's edge to the word */
#define TRACKING 0.06    /* extra space between letters, in ems */

/* A growable string for the path data. */
typedef struct sbuf {
	char *data;
	size_t len, cap;
} sbuf;

static void
sbuf_printf(sbuf *b, const char *fmt, ...)
{
	va_list ap;
	for (;;) {
		size_t room = b->cap - b->len;
		va_start(ap, fmt);
		int n = vsnprintf(b->data ? b->data + b->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0)
			abort();
		if ((size_t)n < room) {
			b->len += (size_t)n;
			return;
		}
		b->cap = b->cap * 2 + (size_t)n + 64;
		b->data = realloc(b->data, b->cap);
		if (!b->data)
			abort();
	}
}

/* Font units to logo units: scale, then move to the glyph's pen place;
 * y grows down in SVG. */
typedef struct pen {
	sbuf *out;
	double scale, x, y;
} pen;

static double
px(const pen *p, float x)
{
	return p->x + x * p->scale;
}

static double
py(const pen *p, float y)
{
	return p->y - y * p->scale;
}

static void
move_to(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, float x,
        float y, void *user)
{
	(void)df, (void)st, (void)user;
	pen *p = data;
	sbuf_printf(p->out, "M%.2f %.2f", px(p, x), py(p, y));
}

static void
line_to(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, float x,
        float y, void *user)
{
	(void)df, (void)st, (void)user;
	pen *p = data;
	sbuf_printf(p->out, "L%.2f %.2f", px(p, x), py(p, y));
}

static void
quad_to(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, float cx,
        float cy, float x, float y, void *user)
{
	(void)df, (void)st, (void)user;
	pen *p = data;
	sbuf_printf(p->out, "Q%.2f %.2f %.2f %.2f", px(p, cx), py(p, cy),
	            px(p, x), py(p, y));
}

static void
cubic_to(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, float c1x,
         float c1y, float c2x, float c2y, float x, float y, void *user)
{
	(void)df, (void)st, (void)user;
	pen *p = data;
	sbuf_printf(p->out, "C%.2f %.2f %.2f %.2f %.2f %.2f", px(p, c1x),
	            py(p, c1y), px(p, c2x), py(p, c2y), px(p, x), py(p, y));
}

static void
close_path(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, void *user)
{
	(void)df, (void)st, (void)user;
	pen *p = data;
	sbuf_printf(p->out, "Z");
}

/* The whole file at path, NUL-terminated; NULL on error. */
static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	sbuf b = {0};
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sbuf_printf(&b, "%.*s", (int)n, chunk);
	fclose(f);
	return b.data ? b.data : calloc(1, 1);
}

int
main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: wordmark FONT.ttf MARK.svg OUT.svg\n");
		return 2;
	}
	int rc = 1;
	char *mark = NULL;
	sbuf path = {0};
	hb_blob_t *blob = hb_blob_create_from_file_or_fail(argv[1]);
	if (!blob) {
		fprintf(stderr, "wordmark: cannot read the font %s\n", argv[1]);
		return 1;
	}
	hb_face_t *face = hb_face_create(blob, 0);
	hb_font_t *font = hb_font_create(face);
	hb_buffer_t *hbuf = hb_buffer_create();
	hb_draw_funcs_t *df = hb_draw_funcs_create();
	hb_draw_funcs_set_move_to_func(df, move_to, NULL, NULL);
	hb_draw_funcs_set_line_to_func(df, line_to, NULL, NULL);
	hb_draw_funcs_set_quadratic_to_func(df, quad_to, NULL, NULL);
	hb_draw_funcs_set_cubic_to_func(df, cubic_to, NULL, NULL);
	hb_draw_funcs_set_close_path_func(df, close_path, NULL, NULL);
	hb_draw_funcs_make_immutable(df);

	unsigned upem = hb_face_get_upem(face);
	hb_font_set_scale(font, (int)upem, (int)upem);
	hb_codepoint_t cap_glyph;
	hb_glyph_extents_t ext;
	if (!hb_font_get_nominal_glyph(font, 'H', &cap_glyph) ||
	    !hb_font_get_glyph_extents(font, cap_glyph, &ext) ||
	    ext.y_bearing <= 0) {
		fprintf(stderr, "wordmark: the font has no usable 'H'\n");
		goto done;
	}
	double scale = CAP_HEIGHT / ext.y_bearing; /* logo units per unit */

	hb_buffer_add_utf8(hbuf, WORD, -1, 0, -1);
	hb_buffer_guess_segment_properties(hbuf);
	hb_shape(font, hbuf, NULL, 0);
	unsigned n;
	hb_glyph_info_t *info = hb_buffer_get_glyph_infos(hbuf, &n);
	hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(hbuf, &n);

	/* The word starts with its first ink at the gap, not its pen. */
	hb_font_get_glyph_extents(font, info[0].codepoint, &ext);
	double x = MARK_SIZE + GAP - ext.x_bearing * scale;
	double right = x;
	for (unsigned i = 0; i < n; i++) {
		pen p = {&path, scale, x + pos[i].x_offset * scale,
		         BASELINE - pos[i].y_offset * scale};
		hb_font_get_glyph_shape(font, info[i].codepoint, df, &p);
		hb_font_get_glyph_extents(font, info[i].codepoint, &ext);
		right = p.x + (ext.x_bearing + ext.width) * scale;
		x += pos[i].x_advance * scale;
		if (i + 1 < n)
			x += TRACKING * upem * scale;
	}
	double width = ceil(right + 2);

	mark = slurp(argv[2]);
	char *open = mark ? strstr(mark, "<svg") : NULL;
	char *body = open ? strchr(open, '>') : NULL;
	char *end = body ? strstr(body, "</svg>") : NULL;
	if (!end) {
		fprintf(stderr, "wordmark: %s is not an SVG file\n", argv[2]);
		goto done;
	}
	*end = '\0';
	FILE *out = fopen(argv[3], "w");
	if (!out) {
		fprintf(stderr, "wordmark: cannot write %s\n", argv[3]);
		goto done;
	}
	fprintf(out,
	        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f "
	        "%.0f\" width=\"%.0f\" height=\"%.0f\">\n"
	        "  <!-- The CAREC logo: the mark (assets/carec-mark.svg) and the "
	        "word CAREC\n"
	        "       in Noto Sans Bold (SIL OFL 1.1) as outlines. Written by "
	        "tools/wordmark.c;\n"
	        "       do not edit by hand. -->\n"
	        "  <g>%s</g>\n"
	        "  <path fill=\"%s\" d=\"%s\"/>\n"
	        "</svg>\n",
	        width, MARK_SIZE, width, MARK_SIZE, body + 1, COLOUR, path.data);
	if (fclose(out) != 0) {
		fprintf(stderr, "wordmark: cannot write %s\n", argv[3]);
		goto done;
	}
	rc = 0;
done:
	free(mark);
	free(path.data);
	hb_draw_funcs_destroy(df);
	hb_buffer_destroy(hbuf);
	hb_font_destroy(font);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return rc;
}
