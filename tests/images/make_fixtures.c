/*
 * make_fixtures.c - writes the synthetic test images of tests/images/
 * (good files of every PNG colour type and JPEG variant) and the
 * bad-image corpus of tests/images/bad/. Run once; the outputs are
 * committed:
 *
 *   build/tests/images/make_fixtures tests/images
 *
 * Every picture is a pattern, never a photo: four quadrants of known
 * colours, so tests can assert where each pixel ends up.
 *   RGB quadrants:  top-left red, top-right green, bottom-left blue,
 *                   bottom-right yellow.
 *   grey quadrants: 0, 85, 170, 255 in the same order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>
#include <zlib.h>

static const char *dir;

static const unsigned char rgbq[4][3] = {
	{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 0}};
static const unsigned char greyq[4] = {0, 85, 170, 255};

static int
quad(int x, int y, int w, int h)
{
	return (x >= w / 2) + 2 * (y >= h / 2);
}

static unsigned lcg_state = 12345;
static unsigned
lcg(void)
{
	lcg_state = lcg_state * 1103515245u + 12345u;
	return lcg_state >> 16;
}

static char *
path_of(const char *name)
{
	static char p[4096];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return p;
}

static void
write_bytes(const char *name, const void *data, size_t n)
{
	FILE *f = fopen(path_of(name), "wb");
	if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
		perror(name);
		exit(1);
	}
}

static unsigned char *
read_bytes(const char *name, size_t *n)
{
	FILE *f = fopen(path_of(name), "rb");
	if (!f) {
		perror(name);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *b = malloc((size_t)len + 1);
	if (!b || fread(b, 1, (size_t)len, f) != (size_t)len) {
		perror(name);
		exit(1);
	}
	fclose(f);
	*n = (size_t)len;
	return b;
}

/* ---- PNG ---- */

typedef struct pngspec {
	int w, h, type, depth, interlace;
	/* One sample per channel, 0..65535 (scaled down for 8 bits). */
	void (*px)(int x, int y, int w, int h, unsigned *out);
	png_color palette[4];
	int npalette;
	png_byte trans_alpha[4];
	int ntrans;
	png_color_16 trans_colour;
	int has_trans_colour;
} pngspec;

static int
channels_of(int type)
{
	switch (type) {
	case PNG_COLOR_TYPE_GRAY:
	case PNG_COLOR_TYPE_PALETTE:
		return 1;
	case PNG_COLOR_TYPE_GRAY_ALPHA:
		return 2;
	case PNG_COLOR_TYPE_RGB:
		return 3;
	default:
		return 4;
	}
}

static void
write_png(const char *name, const pngspec *s)
{
	FILE *f = fopen(path_of(name), "wb");
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL,
	                                          NULL, NULL);
	png_infop info = png_create_info_struct(png);
	if (!f || !png || !info || setjmp(png_jmpbuf(png))) {
		fprintf(stderr, "cannot write %s\n", name);
		exit(1);
	}
	png_init_io(png, f);
	png_set_compression_level(png, 9);
	png_set_IHDR(png, info, (png_uint_32)s->w, (png_uint_32)s->h, s->depth,
	             s->type, s->interlace, PNG_COMPRESSION_TYPE_DEFAULT,
	             PNG_FILTER_TYPE_DEFAULT);
	if (s->npalette)
		png_set_PLTE(png, info, s->palette, s->npalette);
	if (s->ntrans)
		png_set_tRNS(png, info, s->trans_alpha, s->ntrans, NULL);
	if (s->has_trans_colour)
		png_set_tRNS(png, info, NULL, 0, &s->trans_colour);
	png_write_info(png, info);

	int ch = channels_of(s->type);
	size_t rowbytes = ((size_t)s->w * (size_t)ch * (size_t)s->depth + 7) / 8;
	png_bytep *rows = calloc((size_t)s->h, sizeof(*rows));
	for (int y = 0; y < s->h; y++) {
		png_bytep r = calloc(rowbytes, 1);
		for (int x = 0; x < s->w; x++) {
			unsigned v[4];
			s->px(x, y, s->w, s->h, v);
			for (int c = 0; c < ch; c++) {
				size_t bit = ((size_t)x * (size_t)ch + (size_t)c) *
				             (size_t)s->depth;
				if (s->depth == 16) {
					r[bit / 8] = (png_byte)(v[c] >> 8);
					r[bit / 8 + 1] = (png_byte)(v[c] & 0xFF);
				} else if (s->depth == 8) {
					r[bit / 8] = (png_byte)(v[c] >> 8);
				} else {
					/* Palette indices and 1-bit grey as they are. */
					unsigned val = s->type == PNG_COLOR_TYPE_PALETTE
					               ? v[c] : v[c] >> (16 - s->depth);
					int shift = 8 - s->depth - (int)(bit % 8);
					r[bit / 8] |= (png_byte)(val << shift);
				}
			}
		}
		rows[y] = r;
	}
	png_write_image(png, rows);
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	fclose(f);
	for (int y = 0; y < s->h; y++)
		free(rows[y]);
	free(rows);
}

static void
px_grey(int x, int y, int w, int h, unsigned *o)
{
	o[0] = greyq[quad(x, y, w, h)] * 257u;
}

static void
px_grey_alpha(int x, int y, int w, int h, unsigned *o)
{
	o[0] = greyq[quad(x, y, w, h)] * 257u;
	o[1] = (unsigned)(x * 255 / (w - 1)) * 257u; /* clear on the left */
}

static void
px_rgb(int x, int y, int w, int h, unsigned *o)
{
	const unsigned char *c = rgbq[quad(x, y, w, h)];
	for (int i = 0; i < 3; i++)
		o[i] = c[i] * 257u;
}

static void
px_rgba(int x, int y, int w, int h, unsigned *o)
{
	px_rgb(x, y, w, h, o);
	o[3] = (unsigned)(y * 255 / (h - 1)) * 257u; /* clear at the top */
}

/* 16-bit samples whose high byte is not their low byte, so a decoder
 * that took the wrong byte would show. */
static void
px_rgb16(int x, int y, int w, int h, unsigned *o)
{
	static const unsigned q[4][3] = {{0xFF00, 0x0000, 0x3412},
	                                 {0x0000, 0xC8FF, 0x0000},
	                                 {0x1234, 0x0000, 0xFFFF},
	                                 {0x8000, 0x8000, 0x80FF}};
	const unsigned *c = q[quad(x, y, w, h)];
	for (int i = 0; i < 3; i++)
		o[i] = c[i];
}

static void
px_rgba16(int x, int y, int w, int h, unsigned *o)
{
	px_rgb16(x, y, w, h, o);
	o[3] = x < w / 2 ? 0xFFFF : 0x0000; /* right half clear */
}

static void
px_grey16(int x, int y, int w, int h, unsigned *o)
{
	static const unsigned q[4] = {0x0000, 0x5500, 0xAAFF, 0xFFFF};
	o[0] = q[quad(x, y, w, h)];
}

static void
px_index(int x, int y, int w, int h, unsigned *o)
{
	o[0] = (unsigned)quad(x, y, w, h);
}

static void
px_checker(int x, int y, int w, int h, unsigned *o)
{
	(void)w;
	(void)h;
	o[0] = ((x / 2 + y / 2) % 2) ? 0xFFFF : 0;
}

static void
px_noise(int x, int y, int w, int h, unsigned *o)
{
	(void)x;
	(void)y;
	(void)w;
	(void)h;
	for (int i = 0; i < 3; i++)
		o[i] = (lcg() & 0xFF) * 257u;
}

static void
good_pngs(void)
{
	pngspec s;
	memset(&s, 0, sizeof(s));
	s.w = 16;
	s.h = 12;
	s.depth = 8;

	s.type = PNG_COLOR_TYPE_GRAY;
	s.px = px_grey;
	write_png("grey8.png", &s);
	s.depth = 16;
	s.px = px_grey16;
	write_png("grey16.png", &s);
	s.depth = 1;
	s.px = px_checker;
	write_png("grey1.png", &s);
	s.depth = 8;
	s.px = px_grey;
	s.trans_colour.gray = 85;
	s.has_trans_colour = 1;
	write_png("grey-trns.png", &s);
	s.has_trans_colour = 0;

	s.type = PNG_COLOR_TYPE_GRAY_ALPHA;
	s.px = px_grey_alpha;
	write_png("grey-alpha.png", &s);

	s.type = PNG_COLOR_TYPE_PALETTE;
	s.depth = 4;
	s.px = px_index;
	for (int i = 0; i < 4; i++) {
		s.palette[i].red = rgbq[i][0];
		s.palette[i].green = rgbq[i][1];
		s.palette[i].blue = rgbq[i][2];
	}
	s.npalette = 4;
	write_png("palette.png", &s);
	s.trans_alpha[0] = 0;   /* red: clear */
	s.trans_alpha[1] = 128; /* green: half */
	s.ntrans = 2;
	write_png("palette-trns.png", &s);
	s.npalette = 0;
	s.ntrans = 0;

	s.type = PNG_COLOR_TYPE_RGB;
	s.depth = 8;
	s.px = px_rgb;
	write_png("rgb.png", &s);
	s.trans_colour.red = 0;
	s.trans_colour.green = 255;
	s.trans_colour.blue = 0;
	s.has_trans_colour = 1;
	write_png("rgb-trns.png", &s);
	s.has_trans_colour = 0;
	s.depth = 16;
	s.px = px_rgb16;
	write_png("rgb16.png", &s);

	s.type = PNG_COLOR_TYPE_RGB_ALPHA;
	s.depth = 8;
	s.px = px_rgba;
	write_png("rgba.png", &s);

	/* Interlaced, at odd sizes so every Adam7 pass is partial. */
	s.w = 33;
	s.h = 17;
	s.interlace = PNG_INTERLACE_ADAM7;
	s.type = PNG_COLOR_TYPE_RGB;
	s.px = px_rgb;
	write_png("interlaced.png", &s);
	s.type = PNG_COLOR_TYPE_RGB_ALPHA;
	s.depth = 16;
	s.px = px_rgba16;
	write_png("interlaced-rgba16.png", &s);
	s.interlace = PNG_INTERLACE_NONE;

	/* For the end-to-end tests: big enough to sample at 72 dpi. */
	s.w = 600;
	s.h = 300;
	s.depth = 8;
	s.type = PNG_COLOR_TYPE_RGB;
	s.px = px_rgb;
	write_png("e2e-quadrants.png", &s);
	s.w = 400;
	s.h = 400;
	s.type = PNG_COLOR_TYPE_RGB_ALPHA;
	s.px = px_rgba;
	write_png("e2e-fade.png", &s);
	s.w = 120;
	s.h = 60;
	s.type = PNG_COLOR_TYPE_RGB;
	s.px = px_rgb;
	write_png("e2e-small.png", &s);
}

/* ---- JPEG ---- */

typedef struct jpegspec {
	int w, h, comps;
	J_COLOR_SPACE in, store;
	int progressive, arith, adobe;
	int orientation; /* 0: no EXIF */
	/* Pixels: comps bytes each. */
	void (*px)(int x, int y, int w, int h, unsigned char *out);
} jpegspec;

/* An EXIF APP1 payload with one IFD0 entry: the orientation. */
static size_t
exif_payload(unsigned char *b, int orientation, int big)
{
	static const unsigned char head_le[] = {'E', 'x', 'i', 'f', 0, 0,
	                                        'I', 'I', 42, 0, 8, 0, 0, 0};
	static const unsigned char head_be[] = {'E', 'x', 'i', 'f', 0, 0,
	                                        'M', 'M', 0, 42, 0, 0, 0, 8};
	memcpy(b, big ? head_be : head_le, 14);
	unsigned char *p = b + 14;
	unsigned char entry_le[] = {1, 0,             /* one entry */
	                            0x12, 0x01, 3, 0, /* tag, SHORT */
	                            1, 0, 0, 0,       /* count */
	                            (unsigned char)orientation, 0, 0, 0,
	                            0, 0, 0, 0};      /* no next IFD */
	unsigned char entry_be[] = {0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1,
	                            0, (unsigned char)orientation, 0, 0,
	                            0, 0, 0, 0};
	memcpy(p, big ? entry_be : entry_le, sizeof(entry_le));
	return 14 + sizeof(entry_le);
}

static void
write_jpeg(const char *name, const jpegspec *s)
{
	struct jpeg_compress_struct ci;
	struct jpeg_error_mgr err;
	unsigned char *mem = NULL;
	unsigned long memlen = 0;
	ci.err = jpeg_std_error(&err);
	jpeg_create_compress(&ci);
	jpeg_mem_dest(&ci, &mem, &memlen);
	ci.image_width = (JDIMENSION)s->w;
	ci.image_height = (JDIMENSION)s->h;
	ci.input_components = s->comps;
	ci.in_color_space = s->in;
	jpeg_set_defaults(&ci);
	jpeg_set_colorspace(&ci, s->store);
	jpeg_set_quality(&ci, 95, TRUE);
	/* 4:4:4, so 8x8 blocks of colour stay clean. */
	for (int i = 0; i < ci.num_components; i++) {
		ci.comp_info[i].h_samp_factor = 1;
		ci.comp_info[i].v_samp_factor = 1;
	}
	if (s->progressive)
		jpeg_simple_progression(&ci);
	ci.arith_code = s->arith ? TRUE : FALSE;
	if (s->comps == 4)
		ci.write_Adobe_marker = s->adobe ? TRUE : FALSE;
	jpeg_start_compress(&ci, TRUE);
	if (s->orientation) {
		unsigned char exif[64];
		size_t n = exif_payload(exif, s->orientation, s->orientation % 2);
		jpeg_write_marker(&ci, JPEG_APP0 + 1, exif, (unsigned)n);
	}
	unsigned char *row = malloc((size_t)s->w * (size_t)s->comps);
	while (ci.next_scanline < ci.image_height) {
		int y = (int)ci.next_scanline;
		for (int x = 0; x < s->w; x++)
			s->px(x, y, s->w, s->h, row + (size_t)x * (size_t)s->comps);
		JSAMPROW r = row;
		jpeg_write_scanlines(&ci, &r, 1);
	}
	jpeg_finish_compress(&ci);
	jpeg_destroy_compress(&ci);
	write_bytes(name, mem, memlen);
	free(mem);
	free(row);
}

static void
jpx_grey(int x, int y, int w, int h, unsigned char *o)
{
	o[0] = greyq[quad(x, y, w, h)];
}

static void
jpx_rgb(int x, int y, int w, int h, unsigned char *o)
{
	memcpy(o, rgbq[quad(x, y, w, h)], 3);
}

/* A red 8x8 block at the top-left corner of a blue field. */
static void
jpx_corner(int x, int y, int w, int h, unsigned char *o)
{
	(void)w;
	(void)h;
	static const unsigned char red[3] = {255, 0, 0}, blue[3] = {0, 0, 255};
	memcpy(o, x < 8 && y < 8 ? red : blue, 3);
}

/* CMYK quadrants (0 = no ink): cyan, magenta, yellow, black. */
static void
jpx_cmyk(int x, int y, int w, int h, unsigned char *o)
{
	memset(o, 0, 4);
	o[quad(x, y, w, h)] = 255;
}

/* The same, inverted, as Adobe applications store CMYK. */
static void
jpx_cmyk_adobe(int x, int y, int w, int h, unsigned char *o)
{
	jpx_cmyk(x, y, w, h, o);
	for (int i = 0; i < 4; i++)
		o[i] = (unsigned char)(255 - o[i]);
}

static void
jpx_noise(int x, int y, int w, int h, unsigned char *o)
{
	(void)x;
	(void)y;
	(void)w;
	(void)h;
	for (int i = 0; i < 3; i++)
		o[i] = (unsigned char)(lcg() & 0xFF);
}

static void
good_jpegs(void)
{
	jpegspec s;
	memset(&s, 0, sizeof(s));
	s.w = 32;
	s.h = 16;
	s.comps = 1;
	s.in = s.store = JCS_GRAYSCALE;
	s.px = jpx_grey;
	write_jpeg("grey.jpg", &s);

	s.comps = 3;
	s.in = JCS_RGB;
	s.store = JCS_YCbCr;
	s.px = jpx_rgb;
	write_jpeg("rgb.jpg", &s);
	s.progressive = 1;
	write_jpeg("progressive.jpg", &s);
	s.progressive = 0;
	s.arith = 1;
	write_jpeg("arithmetic.jpg", &s);
	s.arith = 0;

	s.comps = 4;
	s.in = s.store = JCS_CMYK;
	s.adobe = 1;
	s.px = jpx_cmyk_adobe;
	write_jpeg("cmyk-adobe.jpg", &s);
	s.adobe = 0;
	s.px = jpx_cmyk;
	write_jpeg("cmyk-plain.jpg", &s);

	s.comps = 3;
	s.in = JCS_RGB;
	s.store = JCS_YCbCr;
	s.px = jpx_corner;
	for (int o = 1; o <= 8; o++) {
		char name[32];
		snprintf(name, sizeof(name), "orient-%d.jpg", o);
		s.orientation = o;
		write_jpeg(name, &s);
	}
	s.orientation = 0;

	s.w = 480;
	s.h = 320;
	s.px = jpx_rgb;
	write_jpeg("e2e-photo.jpg", &s);
	s.w = 64;
	s.h = 96;
	s.px = jpx_corner;
	s.orientation = 6;
	write_jpeg("e2e-rotated.jpg", &s);
	s.orientation = 0;
}

/* ---- the bad corpus ---- */

static unsigned long
crc_of(const unsigned char *p, size_t n)
{
	return crc32(0L, p, (unsigned)n);
}

static void
put32(unsigned char *p, unsigned long v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void
bad_files(void)
{
	size_t n;
	pngspec s;
	memset(&s, 0, sizeof(s));
	s.w = 64;
	s.h = 64;
	s.depth = 8;
	s.type = PNG_COLOR_TYPE_RGB;
	s.px = px_noise;
	write_png("bad/noise.png", &s);
	unsigned char *png = read_bytes("bad/noise.png", &n);
	remove(path_of("bad/noise.png"));
	write_bytes("bad/truncated.png", png, n / 2);
	/* A flipped byte in the middle of the IDAT data. */
	png[n / 2] ^= 0x55;
	write_bytes("bad/bad-crc.png", png, n);
	free(png);
	write_bytes("bad/empty.png", "", 0);
	write_bytes("bad/signature-only.png", "\x89PNG\r\n\x1a\n", 8);

	/* A valid IHDR declaring 100000 x 100000 pixels, and nothing more. */
	unsigned char huge[33] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n',
	                          0, 0, 0, 13, 'I', 'H', 'D', 'R'};
	put32(huge + 16, 100000);
	put32(huge + 20, 100000);
	huge[24] = 8; /* depth */
	huge[25] = 2; /* RGB */
	put32(huge + 29, crc_of(huge + 12, 17));
	write_bytes("bad/huge.png", huge, sizeof(huge));
	/* An IHDR with a bit depth PNG does not have (3), correct CRC. */
	huge[16 + 3] = 0;
	put32(huge + 16, 10);
	put32(huge + 20, 10);
	huge[24] = 3;
	put32(huge + 29, crc_of(huge + 12, 17));
	write_bytes("bad/bad-header.png", huge, sizeof(huge));

	const char *text = "Annual report, chapter 2: replace this line with "
	                   "the picture.\n";
	write_bytes("bad/text.png", text, strlen(text));
	static const unsigned char gif[] = {
		'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0,
		255, 255, 255, ',', 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 'D', 1, 0,
		';'};
	write_bytes("bad/gif-renamed.png", gif, sizeof(gif));
	static const unsigned char webp[] = {'R', 'I', 'F', 'F', 26, 0, 0, 0,
	                                     'W', 'E', 'B', 'P', 'V', 'P',
	                                     '8', 'L', 13, 0, 0, 0, 0x2F, 0,
	                                     0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	write_bytes("bad/webp-renamed.jpg", webp, sizeof(webp));
	const char *svg = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3."
	                  "org/2000/svg\" width=\"10\" height=\"10\"><rect "
	                  "width=\"10\" height=\"10\"/></svg>\n";
	write_bytes("bad/drawing.png", svg, strlen(svg));
	const char *pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nendobj\n";
	write_bytes("bad/document.jpg", pdf, strlen(pdf));
	static const unsigned char binary[] = {0x00, 0x01, 0x02, 0x03, 0xFE,
	                                       0x10, 0x00, 0x7F, 0x80, 0x00};
	write_bytes("bad/binary.png", binary, sizeof(binary));

	write_bytes("bad/empty.jpg", "\xFF\xD8\xFF\xD9", 4);
	unsigned char garbage[202] = {0xFF, 0xD8};
	for (size_t i = 2; i < sizeof(garbage); i++)
		garbage[i] = (unsigned char)(lcg() & 0x7F); /* no 0xFF markers */
	garbage[100] = 0xFF;
	garbage[101] = 0x12; /* a marker that does not exist */
	write_bytes("bad/garbage-after-soi.jpg", garbage, sizeof(garbage));

	jpegspec j;
	memset(&j, 0, sizeof(j));
	j.w = 64;
	j.h = 64;
	j.comps = 3;
	j.in = JCS_RGB;
	j.store = JCS_YCbCr;
	j.px = jpx_noise;
	write_jpeg("bad/noise.jpg", &j);
	unsigned char *jpg = read_bytes("bad/noise.jpg", &n);
	remove(path_of("bad/noise.jpg"));
	write_bytes("bad/truncated.jpg", jpg, n * 6 / 10);
	/* Damaged scan data that libjpeg can still decode, with warnings. */
	unsigned char *dmg = malloc(n);
	memcpy(dmg, jpg, n);
	for (size_t i = n / 2; i < n / 2 + 8; i++)
		dmg[i] = 0xFF == dmg[i] ? 0 : (unsigned char)(dmg[i] ^ 0xA5);
	dmg[n / 2 + 8] = 0xFF;
	dmg[n / 2 + 9] = 0xD0; /* a stray restart marker */
	write_bytes("bad/damaged-scan.jpg", dmg, n);
	free(dmg);
	/* The SOF declaring 60000 x 60000 pixels. */
	for (size_t i = 2; i + 8 < n; i++) {
		if (jpg[i] == 0xFF && jpg[i + 1] == 0xC0) {
			jpg[i + 5] = 60000 >> 8;
			jpg[i + 6] = 60000 & 0xFF;
			jpg[i + 7] = 60000 >> 8;
			jpg[i + 8] = 60000 & 0xFF;
			break;
		}
	}
	write_bytes("bad/huge.jpg", jpg, n);
	free(jpg);
}

int
main(int argc, char **argv)
{
	dir = argc > 1 ? argv[1] : "tests/images";
	good_pngs();
	good_jpegs();
	bad_files();
	return 0;
}
