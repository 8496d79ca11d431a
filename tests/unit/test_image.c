/* test_image.c - the image stage on the synthetic fixtures of
 * tests/images/ (see make_fixtures.c for what each one shows). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jpeglib.h>

#include "harness.h"
#include "image/image.h"
#include "image/image_internal.h"
#include "util/limits.h"

#define DIR "tests/images/"

/* Quadrant colours of the fixtures. */
static const unsigned char RED[3] = {255, 0, 0}, GREEN[3] = {0, 255, 0},
                           BLUE[3] = {0, 0, 255}, YELLOW[3] = {255, 255, 0};

static arena mem;
static diag_list diags;

static image_status
load(image *im, const char *name, unsigned flags)
{
	diag_free(&diags);
	diag_init(&diags);
	src_pos pos = {"test.yaml", 3, 12};
	return image_load(im, NULL, name, flags, &mem, pos, &diags);
}

static const unsigned char *
px(const image *im, int x, int y)
{
	return im->pixels + ((size_t)y * (size_t)im->width + (size_t)x) *
	                        (size_t)im->components;
}

static int
near(const unsigned char *got, const unsigned char *want, int n, int tol)
{
	for (int i = 0; i < n; i++)
		if (abs((int)got[i] - (int)want[i]) > tol)
			return 0;
	return 1;
}

static int
alpha_at(const image *im, int x, int y)
{
	return im->alpha ? im->alpha[(size_t)y * (size_t)im->width + (size_t)x]
	                 : 255;
}

/* ---- PNG ---- */

TEST(png_grey8)
{
	image im;
	CHECK(load(&im, DIR "grey8.png", 0) == IMAGE_OK);
	CHECK(im.format == IMAGE_PNG);
	CHECK(im.width == 16 && im.height == 12 && im.components == 1);
	CHECK(im.alpha == NULL && im.jpeg == NULL);
	CHECK(px(&im, 0, 0)[0] == 0);
	CHECK(px(&im, 15, 0)[0] == 85);
	CHECK(px(&im, 0, 11)[0] == 170);
	CHECK(px(&im, 15, 11)[0] == 255);
	CHECK(diags.count == 0);
}

TEST(png_grey16_is_scaled_to_8)
{
	image im;
	CHECK(load(&im, DIR "grey16.png", 0) == IMAGE_OK);
	CHECK(im.components == 1);
	/* Scaled by 255/65535, rounded: 0x5500 -> 85, 0xAAFF -> 170. */
	CHECK(px(&im, 15, 0)[0] == 85);
	CHECK(px(&im, 0, 11)[0] == 170);
	CHECK(px(&im, 15, 11)[0] == 0xFF);
}

TEST(png_grey1_expands)
{
	image im;
	CHECK(load(&im, DIR "grey1.png", 0) == IMAGE_OK);
	CHECK(im.components == 1);
	CHECK(px(&im, 0, 0)[0] == 0);
	CHECK(px(&im, 2, 0)[0] == 255);
	CHECK(px(&im, 2, 2)[0] == 0);
	CHECK(px(&im, 3, 1)[0] == 255);
}

TEST(png_grey_trns_and_grey_alpha)
{
	image im;
	CHECK(load(&im, DIR "grey-trns.png", 0) == IMAGE_OK);
	CHECK(im.components == 1 && im.alpha != NULL);
	CHECK(alpha_at(&im, 15, 0) == 0);   /* grey 85 is the key */
	CHECK(alpha_at(&im, 0, 0) == 255);
	CHECK(px(&im, 0, 11)[0] == 170);

	CHECK(load(&im, DIR "grey-alpha.png", 0) == IMAGE_OK);
	CHECK(im.components == 1 && im.alpha != NULL);
	CHECK(alpha_at(&im, 0, 5) == 0);
	CHECK(alpha_at(&im, 15, 5) == 255);
	CHECK(px(&im, 15, 11)[0] == 255);
}

TEST(png_palette)
{
	image im;
	CHECK(load(&im, DIR "palette.png", 0) == IMAGE_OK);
	CHECK(im.components == 3 && im.alpha == NULL);
	CHECK(near(px(&im, 0, 0), RED, 3, 0));
	CHECK(near(px(&im, 15, 0), GREEN, 3, 0));
	CHECK(near(px(&im, 0, 11), BLUE, 3, 0));
	CHECK(near(px(&im, 15, 11), YELLOW, 3, 0));

	CHECK(load(&im, DIR "palette-trns.png", 0) == IMAGE_OK);
	CHECK(im.components == 3 && im.alpha != NULL);
	CHECK(alpha_at(&im, 0, 0) == 0);
	CHECK(alpha_at(&im, 15, 0) == 128);
	CHECK(alpha_at(&im, 0, 11) == 255); /* beyond the tRNS entries */
	CHECK(near(px(&im, 15, 0), GREEN, 3, 0));
}

TEST(png_rgb_rgba_trns)
{
	image im;
	CHECK(load(&im, DIR "rgb.png", 0) == IMAGE_OK);
	CHECK(im.components == 3 && im.alpha == NULL);
	CHECK(near(px(&im, 8, 6), YELLOW, 3, 0));
	CHECK(near(px(&im, 7, 5), RED, 3, 0));

	CHECK(load(&im, DIR "rgb-trns.png", 0) == IMAGE_OK);
	CHECK(im.components == 3 && im.alpha != NULL);
	CHECK(alpha_at(&im, 15, 0) == 0);   /* green is the key */
	CHECK(alpha_at(&im, 0, 0) == 255);

	CHECK(load(&im, DIR "rgba.png", 0) == IMAGE_OK);
	CHECK(im.components == 3 && im.alpha != NULL);
	CHECK(alpha_at(&im, 3, 0) == 0);
	CHECK(alpha_at(&im, 3, 11) == 255);
	CHECK(near(px(&im, 0, 11), BLUE, 3, 0));
}

TEST(png_rgb16)
{
	image im;
	CHECK(load(&im, DIR "rgb16.png", 0) == IMAGE_OK);
	CHECK(im.components == 3);
	/* Scaled, not truncated: 0xFF00 is 254, not 255. */
	static const unsigned char tl[3] = {254, 0, 52}, tr[3] = {0, 200, 0},
	                           bl[3] = {18, 0, 255};
	CHECK(near(px(&im, 0, 0), tl, 3, 0));
	CHECK(near(px(&im, 15, 0), tr, 3, 0));
	CHECK(near(px(&im, 0, 11), bl, 3, 0));
}

TEST(png_interlaced)
{
	image im;
	CHECK(load(&im, DIR "interlaced.png", 0) == IMAGE_OK);
	CHECK(im.width == 33 && im.height == 17 && im.components == 3);
	/* Quadrants split at x = 16 and y = 8. */
	CHECK(near(px(&im, 15, 7), RED, 3, 0));
	CHECK(near(px(&im, 16, 7), GREEN, 3, 0));
	CHECK(near(px(&im, 15, 8), BLUE, 3, 0));
	CHECK(near(px(&im, 32, 16), YELLOW, 3, 0));

	CHECK(load(&im, DIR "interlaced-rgba16.png", 0) == IMAGE_OK);
	CHECK(im.components == 3 && im.alpha != NULL);
	CHECK(alpha_at(&im, 15, 3) == 255 && alpha_at(&im, 16, 3) == 0);
	static const unsigned char bl[3] = {18, 0, 255};
	CHECK(near(px(&im, 1, 16), bl, 3, 0));
}

/* ---- JPEG ---- */

TEST(jpeg_grey_rgb_progressive)
{
	image im;
	CHECK(load(&im, DIR "grey.jpg", 0) == IMAGE_OK);
	CHECK(im.format == IMAGE_JPEG && im.components == 1);
	CHECK(im.width == 32 && im.height == 16 && im.pixels);
	CHECK(abs(px(&im, 2, 2)[0] - 0) <= 3);
	CHECK(abs(px(&im, 29, 2)[0] - 85) <= 3);
	CHECK(abs(px(&im, 2, 13)[0] - 170) <= 3);

	const char *names[] = {DIR "rgb.jpg", DIR "progressive.jpg",
	                       DIR "arithmetic.jpg"};
	for (int i = 0; i < 3; i++) {
		CHECK(load(&im, names[i], 0) == IMAGE_OK);
		CHECK(im.components == 3 && im.pixels && !im.jpeg);
		CHECK(near(px(&im, 3, 3), RED, 3, 8));
		CHECK(near(px(&im, 28, 3), GREEN, 3, 8));
		CHECK(near(px(&im, 3, 12), BLUE, 3, 8));
		CHECK(near(px(&im, 28, 12), YELLOW, 3, 8));
	}
}

TEST(jpeg_passthrough_only_when_clean)
{
	image im;
	CHECK(load(&im, DIR "rgb.jpg", IMAGE_KEEP_JPEG) == IMAGE_OK);
	CHECK(im.jpeg && !im.pixels && im.jpeg_len == 662);
	CHECK(im.jpeg[0] == 0xFF && im.jpeg[1] == 0xD8);
	CHECK(load(&im, DIR "progressive.jpg", IMAGE_KEEP_JPEG) == IMAGE_OK);
	CHECK(im.jpeg != NULL);
	CHECK(load(&im, DIR "grey.jpg", IMAGE_KEEP_JPEG) == IMAGE_OK);
	CHECK(im.jpeg != NULL && im.components == 1);
	/* Arithmetic coding is not shown by every PDF viewer. */
	CHECK(load(&im, DIR "arithmetic.jpg", IMAGE_KEEP_JPEG) == IMAGE_OK);
	CHECK(im.jpeg == NULL && im.pixels != NULL);
	/* A rotation must be applied to the pixels. */
	CHECK(load(&im, DIR "orient-6.jpg", IMAGE_KEEP_JPEG) == IMAGE_OK);
	CHECK(im.jpeg == NULL && im.pixels != NULL);
	CHECK(load(&im, DIR "orient-1.jpg", IMAGE_KEEP_JPEG) == IMAGE_OK);
	CHECK(im.jpeg != NULL);
	CHECK(load(&im, DIR "cmyk-adobe.jpg", IMAGE_KEEP_JPEG) == IMAGE_OK);
	CHECK(im.jpeg != NULL && im.jpeg_inverted == 1 && im.components == 4);
	CHECK(load(&im, DIR "cmyk-plain.jpg", IMAGE_KEEP_JPEG) == IMAGE_OK);
	CHECK(im.jpeg == NULL && im.pixels != NULL);
}

TEST(jpeg_cmyk)
{
	/* Both files show cyan, magenta, yellow, black quadrants; Adobe's is
	 * stored inverted and must come out the same. */
	const char *names[] = {DIR "cmyk-adobe.jpg", DIR "cmyk-plain.jpg"};
	static const unsigned char c[4] = {255, 0, 0, 0}, m[4] = {0, 255, 0, 0},
	                           y[4] = {0, 0, 255, 0}, k[4] = {0, 0, 0, 255};
	for (int i = 0; i < 2; i++) {
		image im;
		CHECK(load(&im, names[i], 0) == IMAGE_OK);
		CHECK(im.components == 4 && im.pixels != NULL);
		CHECK(near(px(&im, 3, 3), c, 4, 6));
		CHECK(near(px(&im, 28, 3), m, 4, 6));
		CHECK(near(px(&im, 3, 12), y, 4, 6));
		CHECK(near(px(&im, 28, 12), k, 4, 6));
	}
}

/* Where the red 8x8 block, stored at the top-left, is shown. */
TEST(jpeg_exif_orientations)
{
	/* For each orientation: shown width, height, and the red corner
	 * (0 TL, 1 TR, 2 BL, 3 BR). */
	static const int want[9][3] = {{0, 0, 0},  {32, 16, 0}, {32, 16, 1},
	                               {32, 16, 3}, {32, 16, 2}, {16, 32, 0},
	                               {16, 32, 1}, {16, 32, 3}, {16, 32, 2}};
	for (int o = 1; o <= 8; o++) {
		char name[64];
		snprintf(name, sizeof(name), DIR "orient-%d.jpg", o);
		image im;
		CHECK(load(&im, name, 0) == IMAGE_OK);
		CHECK(im.orientation == o);
		CHECK(im.width == want[o][0] && im.height == want[o][1]);
		if (im.width != want[o][0] || im.height != want[o][1])
			continue;
		int cx[4] = {3, im.width - 4, 3, im.width - 4};
		int cy[4] = {3, 3, im.height - 4, im.height - 4};
		for (int k = 0; k < 4; k++) {
			int red = near(px(&im, cx[k], cy[k]), RED, 3, 10);
			if (red != (k == want[o][2]))
				fprintf(stderr, "orientation %d corner %d: red=%d\n", o,
				        k, red);
			CHECK(red == (k == want[o][2]));
		}
	}
}

TEST(exif_parser_bounds)
{
	/* Little-endian, orientation 6. */
	unsigned char le[] = {'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 42, 0, 8, 0,
	                      0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0,
	                      0, 0, 0, 0, 0, 0};
	CHECK(image_exif_orientation(le, sizeof(le)) == 6);
	/* Every truncation is refused, never read past. */
	for (size_t n = 0; n < 26; n++) {
		unsigned char *cut = malloc(n ? n : 1);
		memcpy(cut, le, n);
		CHECK(image_exif_orientation(cut, n) == 0);
		free(cut);
	}
	unsigned char bad[sizeof(le)];
	memcpy(bad, le, sizeof(le));
	bad[10] = 0xF0; /* IFD offset past the end */
	CHECK(image_exif_orientation(bad, sizeof(bad)) == 0);
	memcpy(bad, le, sizeof(le));
	bad[14] = 0xFF; /* 255 entries claimed */
	bad[15] = 0x00;
	bad[16] = 0x00; /* and the first is not the tag */
	CHECK(image_exif_orientation(bad, sizeof(bad)) == 0);
	memcpy(bad, le, sizeof(le));
	bad[18] = 4; /* LONG, not SHORT */
	CHECK(image_exif_orientation(bad, sizeof(bad)) == 0);
	memcpy(bad, le, sizeof(le));
	bad[24] = 9; /* no such orientation */
	CHECK(image_exif_orientation(bad, sizeof(bad)) == 0);
	memcpy(bad, le, sizeof(le));
	bad[6] = 'X'; /* not TIFF */
	CHECK(image_exif_orientation(bad, sizeof(bad)) == 0);
	/* Big-endian. */
	unsigned char be[] = {'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0,
	                      0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 8,
	                      0, 0, 0, 0, 0, 0};
	CHECK(image_exif_orientation(be, sizeof(be)) == 8);
}

/* ---- the bad corpus ---- */

typedef struct bad_case {
	const char *name;
	image_status want;
	const char *words; /* part of the message */
} bad_case;

TEST(bad_images_are_diagnostics)
{
	static const bad_case cases[] = {
		{"truncated.png", IMAGE_ERR_TRUNCATED, "is truncated"},
		{"bad-crc.png", IMAGE_ERR_CRC, "checksum does not match"},
		{"empty.png", IMAGE_ERR_EMPTY, "is empty (0 bytes)"},
		{"signature-only.png", IMAGE_ERR_TRUNCATED, "is truncated"},
		{"huge.png", IMAGE_ERR_TOO_LARGE, "100000 x 100000 pixels"},
		{"bad-header.png", IMAGE_ERR_DAMAGED, "is damaged"},
		{"text.png", IMAGE_ERR_TEXT, "is a text file"},
		{"gif-renamed.png", IMAGE_ERR_OTHER_FORMAT,
		 "is a GIF image, not a PNG"},
		{"webp-renamed.jpg", IMAGE_ERR_OTHER_FORMAT,
		 "is a WebP image, not a JPEG"},
		{"drawing.png", IMAGE_ERR_OTHER_FORMAT, "is an SVG drawing"},
		{"document.jpg", IMAGE_ERR_OTHER_FORMAT, "is a PDF document"},
		{"binary.png", IMAGE_ERR_NOT_IMAGE, "is not a PNG or JPEG"},
		{"empty.jpg", IMAGE_ERR_EMPTY, "no picture in it"},
		{"garbage-after-soi.jpg", IMAGE_ERR_DAMAGED, "is damaged"},
		{"truncated.jpg", IMAGE_ERR_TRUNCATED, "is truncated"},
		{"huge.jpg", IMAGE_ERR_TOO_LARGE, "60000 x 60000 pixels"},
		{"missing.png", IMAGE_ERR_OPEN, "cannot open image"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[256];
		snprintf(path, sizeof(path), DIR "bad/%s", cases[i].name);
		image im;
		image_status st = load(&im, path, IMAGE_KEEP_JPEG);
		if (st != cases[i].want)
			fprintf(stderr, "%s: status %d, want %d\n", cases[i].name,
			        (int)st, (int)cases[i].want);
		CHECK(st == cases[i].want);
		CHECK(diags.count == 1 && diags.errors == 1);
		CHECK(im.pixels == NULL && im.jpeg == NULL && im.width == 0);
		if (diags.count != 1)
			continue;
		const diag *d = &diags.items[0];
		CHECK(d->code == DIAG_IMAGE && d->pos.line == 3 &&
		      d->pos.col == 12);
		CHECK(strstr(d->message, path) != NULL);
		if (!strstr(d->message, cases[i].words))
			fprintf(stderr, "%s: %s\n", cases[i].name, d->message);
		CHECK(strstr(d->message, cases[i].words) != NULL);
		CHECK(d->note != NULL);
	}
}

TEST(damaged_scan_is_a_warning)
{
	image im;
	image_status st = load(&im, DIR "bad/damaged-scan.jpg", IMAGE_KEEP_JPEG);
	CHECK(st == IMAGE_OK);
	CHECK(im.pixels != NULL && im.jpeg == NULL);
	CHECK(diags.count == 1 && diags.warnings == 1);
	if (diags.count == 1)
		CHECK(strstr(diags.items[0].message, "has damaged data") != NULL);
}

TEST(folder_is_not_an_image)
{
	image im;
	CHECK(load(&im, "tests/images", 0) == IMAGE_ERR_OPEN);
	CHECK(diags.count == 1 &&
	      strstr(diags.items[0].message, "a folder") != NULL);
}

/* A file over LIMIT_IMAGE_BYTES is refused from its size alone (a sparse
 * file: nothing is written or read). */
TEST(file_over_the_byte_limit)
{
	char path[] = "/tmp/carec-image-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK(ftruncate(fd, (off_t)LIMIT_IMAGE_BYTES + 1) == 0);
	close(fd);
	image im;
	CHECK(load(&im, path, 0) == IMAGE_ERR_FILE_SIZE);
	CHECK(diags.count == 1 &&
	      strstr(diags.items[0].message, "too big to read") != NULL);
	unlink(path);
}

/* ---- hostile JPEGs: decoding work ---- */

/* Write a grey progressive JPEG of w x h to path with nscans scans (at
 * most 127): a DC scan, then one scan per AC coefficient, then (past 64)
 * refinement scans of the same coefficients. */
static int
write_scans_jpeg(const char *path, int w, int h, int nscans)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	struct jpeg_compress_struct ci;
	struct jpeg_error_mgr err;
	ci.err = jpeg_std_error(&err);
	jpeg_create_compress(&ci);
	jpeg_stdio_dest(&ci, f);
	ci.image_width = (JDIMENSION)w;
	ci.image_height = (JDIMENSION)h;
	ci.input_components = 1;
	ci.in_color_space = JCS_GRAYSCALE;
	jpeg_set_defaults(&ci);
	jpeg_scan_info scans[127];
	memset(scans, 0, sizeof(scans));
	int refine = nscans > 64;
	for (int i = 0; i < nscans; i++) {
		jpeg_scan_info *s = &scans[i];
		s->comps_in_scan = 1;
		int k = i == 0 ? 0 : (i - 1) % 63 + 1;
		s->Ss = s->Se = k;
		if (k > 0 && refine) {
			int second = i > 63;
			s->Ah = second ? 1 : 0;
			s->Al = second ? 0 : 1;
		}
	}
	ci.scan_info = scans;
	ci.num_scans = nscans;
	jpeg_start_compress(&ci, TRUE);
	unsigned char *row = malloc((size_t)w);
	for (int x = 0; x < w; x++)
		row[x] = (unsigned char)(x * 7);
	while (ci.next_scanline < ci.image_height) {
		JSAMPROW r = row;
		jpeg_write_scanlines(&ci, &r, 1);
	}
	jpeg_finish_compress(&ci);
	jpeg_destroy_compress(&ci);
	free(row);
	return fclose(f);
}

/* More scans than LIMIT_JPEG_SCANS: refused while the scans are read. */
TEST(jpeg_too_many_scans)
{
	char path[] = "/tmp/carec-scans-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	close(fd);
	CHECK(write_scans_jpeg(path, 64, 64, 127) == 0);
	image im;
	CHECK(load(&im, path, 0) == IMAGE_ERR_UNSUPPORTED);
	CHECK(diags.count == 1 &&
	      strstr(diags.items[0].message, "a progressive JPEG with more than "
	             "100 scans (LIMIT_JPEG_SCANS)") != NULL);
	/* Under the limit it decodes. */
	CHECK(write_scans_jpeg(path, 64, 64, 64) == 0);
	CHECK(load(&im, path, 0) == IMAGE_OK && im.width == 64);
	unlink(path);
}

/* Fewer scans, but of a large picture: 41 scans of 25 megapixels read
 * more than LIMIT_JPEG_SCAN_PIXELS (a billion) and are refused. */
TEST(jpeg_scan_pixels)
{
	char path[] = "/tmp/carec-scans-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	close(fd);
	CHECK(write_scans_jpeg(path, 5000, 5000, 41) == 0);
	image im;
	CHECK(load(&im, path, 0) == IMAGE_ERR_UNSUPPORTED);
	CHECK(diags.count == 1 &&
	      strstr(diags.items[0].message, "a progressive JPEG whose scans "
	             "read more than 1000 million pixels in all "
	             "(LIMIT_JPEG_SCAN_PIXELS)") != NULL);
	unlink(path);
}

/* ireorient works in tiles of 64 pixels: every orientation of an image
 * whose sides are not multiples of 64 (with partial tiles at both edges)
 * must put each source pixel where the EXIF orientation says. The EXIF
 * meaning is written here as where the source's top-left, top-right and
 * bottom-left corners are shown (0 or 1 across and down the result: 6,
 * turned a quarter clockwise, shows the top-left at the top right), and
 * every pixel follows from them, not from the code's own table. */
TEST(reorient_in_tiles)
{
	static const int corner[9][3][2] = {
	        [1] = {{0, 0}, {1, 0}, {0, 1}}, /* as stored */
	        [2] = {{1, 0}, {0, 0}, {1, 1}}, /* mirrored across */
	        [3] = {{1, 1}, {0, 1}, {1, 0}}, /* half a turn */
	        [4] = {{0, 1}, {1, 1}, {0, 0}}, /* mirrored down */
	        [5] = {{0, 0}, {0, 1}, {1, 0}}, /* transposed */
	        [6] = {{1, 0}, {1, 1}, {0, 0}}, /* a quarter clockwise */
	        [7] = {{1, 1}, {1, 0}, {0, 1}}, /* transversed */
	        [8] = {{0, 1}, {0, 0}, {1, 1}}, /* a quarter anticlockwise */
	};
	const int W = 131, H = 70, C = 3;
	unsigned char *src = malloc((size_t)W * H * C);
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++)
			for (int k = 0; k < C; k++)
				src[(y * W + x) * C + k] =
				        (unsigned char)(x * 7 + y * 13 + k);
	for (int o = 1; o <= 8; o++) {
		int w = W, h = H;
		unsigned char *d = ireorient(&mem, src, &w, &h, C, o);
		CHECK(o >= 5 ? (w == H && h == W) : (w == W && h == H));
		const int(*c)[2] = corner[o];
		int bad = 0;
		for (int sy = 0; sy < H && !bad; sy++) {
			for (int sx = 0; sx < W && !bad; sx++) {
				int ox = c[0][0] * (w - 1) + (c[1][0] - c[0][0]) * sx +
				         (c[2][0] - c[0][0]) * sy;
				int oy = c[0][1] * (h - 1) + (c[1][1] - c[0][1]) * sx +
				         (c[2][1] - c[0][1]) * sy;
				for (int k = 0; k < C; k++)
					if (d[(oy * w + ox) * C + k] !=
					    src[(sy * W + sx) * C + k])
						bad = 1;
			}
		}
		CHECK(!bad);
	}
	free(src);
}

int
main(void)
{
	arena_init(&mem);
	diag_init(&diags);
	RUN(png_grey8);
	RUN(png_grey16_is_scaled_to_8);
	RUN(png_grey1_expands);
	RUN(png_grey_trns_and_grey_alpha);
	RUN(png_palette);
	RUN(png_rgb_rgba_trns);
	RUN(png_rgb16);
	RUN(png_interlaced);
	RUN(jpeg_grey_rgb_progressive);
	RUN(jpeg_passthrough_only_when_clean);
	RUN(jpeg_cmyk);
	RUN(jpeg_exif_orientations);
	RUN(exif_parser_bounds);
	RUN(bad_images_are_diagnostics);
	RUN(damaged_scan_is_a_warning);
	RUN(folder_is_not_an_image);
	RUN(file_over_the_byte_limit);
	RUN(jpeg_too_many_scans);
	RUN(jpeg_scan_pixels);
	RUN(reorient_in_tiles);
	diag_free(&diags);
	arena_free(&mem);
	return harness_done();
}
