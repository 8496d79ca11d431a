/* image.c - reading an image file, recognising what it is, and saying in
 * plain words what is wrong with it (see image.h). */
#include "image/image_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/inputs.h"
#include "util/limits.h"
#include "util/paths.h"

/* ---- reading ---- */

/* Read the whole file, opened as the policy p allows, into a malloc'd
 * buffer. Return IMAGE_OK; IMAGE_ERR_REFUSED with *v set; or an error
 * status with detail filled. */
static image_status
read_file(const path_policy *p, const char *path, unsigned char **out,
          size_t *outlen, path_verdict *v, char *detail, size_t detail_size)
{
	*out = NULL;
	*outlen = 0;
	/* Checked by the model already: refused here only if the file
	 * changed since. */
	int fd = path_open(p, NULL, path, v);
	if (fd < 0 && *v == PATH_MISSING) {
		snprintf(detail, detail_size, "%s", strerror(errno));
		return IMAGE_ERR_OPEN;
	}
	if (fd < 0 && *v == PATH_NOT_FILE) {
		struct stat sb;
		snprintf(detail, detail_size, "%s",
		         stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)
		             ? "it is a folder, not a file"
		             : "it is not a regular file");
		return IMAGE_ERR_OPEN;
	}
	if (fd < 0)
		return IMAGE_ERR_REFUSED;
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		snprintf(detail, detail_size, "%s", strerror(errno));
		close(fd);
		return IMAGE_ERR_OPEN;
	}
	image_status st = IMAGE_OK;
	unsigned char *bytes = NULL;
	struct stat sb;
	if (fstat(fileno(f), &sb) != 0) {
		snprintf(detail, detail_size, "%s", strerror(errno));
		st = IMAGE_ERR_OPEN;
		goto done;
	}
	inputs_note_stat(&sb); /* never an output (util/inputs.h) */
	if (S_ISDIR(sb.st_mode)) {
		snprintf(detail, detail_size, "it is a folder, not a file");
		st = IMAGE_ERR_OPEN;
		goto done;
	}
	if (!S_ISREG(sb.st_mode)) {
		snprintf(detail, detail_size, "it is not a regular file");
		st = IMAGE_ERR_OPEN;
		goto done;
	}
	if (sb.st_size > LIMIT_IMAGE_BYTES) {
		snprintf(detail, detail_size, "%.1f MB",
		         (double)sb.st_size / (1024.0 * 1024.0));
		st = IMAGE_ERR_FILE_SIZE;
		goto done;
	}
	size_t size = (size_t)sb.st_size;
	bytes = xmalloc(size ? size : 1);
	size_t got = size ? fread(bytes, 1, size, f) : 0;
	if (got != size || ferror(f)) {
		snprintf(detail, detail_size, "%s",
		         ferror(f) ? strerror(errno) : "the file changed while "
		                                       "it was read");
		st = IMAGE_ERR_OPEN;
		goto done;
	}
	*out = bytes;
	*outlen = size;
	bytes = NULL;
done:
	free(bytes);
	fclose(f);
	return st;
}

/* ---- recognising other files ---- */

typedef struct other_kind {
	const char *name;   /* "a GIF image" */
	const char *short_name; /* "GIF" */
	const char *note;
} other_kind;

static const other_kind k_gif = {
	"a GIF image", "GIF",
	"carec-report reads PNG and JPEG; open it in an image editor and "
	"export it as PNG"};
static const other_kind k_webp = {
	"a WebP image", "WebP",
	"carec-report reads PNG and JPEG; convert it to PNG (drawings) or "
	"JPEG (photos)"};
static const other_kind k_svg = {
	"an SVG drawing", "SVG",
	"show SVG drawings with the svg block: '- svg: path/to/drawing.svg'"};
static const other_kind k_pdf = {
	"a PDF document", "PDF",
	"export the page or picture from it as PNG or JPEG"};
static const other_kind k_ps = {
	"a PostScript file", "PostScript",
	"export the picture as PNG or JPEG"};
static const other_kind k_bmp = {
	"a BMP image", "BMP",
	"carec-report reads PNG and JPEG; export it as PNG"};
static const other_kind k_tiff = {
	"a TIFF image", "TIFF",
	"carec-report reads PNG and JPEG; export it as PNG or JPEG"};
static const other_kind k_heic = {
	"a HEIC or AVIF image", "HEIC/AVIF",
	"phones save photos in this format; convert it to JPEG"};
static const other_kind k_jp2 = {
	"a JPEG 2000 image", "JPEG 2000",
	"carec-report reads ordinary JPEG and PNG; export it as JPEG"};
static const other_kind k_jxl = {
	"a JPEG XL image", "JPEG XL",
	"carec-report reads ordinary JPEG and PNG; export it as JPEG"};
static const other_kind k_psd = {
	"a Photoshop document", "PSD",
	"export the picture from Photoshop as PNG or JPEG"};
static const other_kind k_zip = {
	"a ZIP archive or an Office document", "ZIP",
	"take the picture out of it and save it as PNG or JPEG"};
static const other_kind k_html = {
	"a web page (HTML)", "HTML",
	"this happens when a web page is saved instead of its picture; "
	"download the picture itself"};

static int
starts(const unsigned char *p, size_t n, size_t at, const char *sig,
       size_t siglen)
{
	return n >= at + siglen && memcmp(p + at, sig, siglen) == 0;
}

/* Whether s (not NUL-terminated) contains needle. */
static int
contains(const unsigned char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(s + i, needle, k) == 0)
			return 1;
	return 0;
}

/* Text: no NUL and no control characters but tab, CR, LF and form feed
 * in the first KB. */
static int
looks_like_text(const unsigned char *p, size_t n)
{
	if (n > 1024)
		n = 1024;
	for (size_t i = 0; i < n; i++)
		if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r' &&
		    p[i] != '\f')
			return 0;
	return 1;
}

static const other_kind *
recognise(const unsigned char *p, size_t n)
{
	if (starts(p, n, 0, "GIF87a", 6) || starts(p, n, 0, "GIF89a", 6))
		return &k_gif;
	if (starts(p, n, 0, "RIFF", 4) && starts(p, n, 8, "WEBP", 4))
		return &k_webp;
	if (starts(p, n, 0, "%PDF-", 5))
		return &k_pdf;
	if (starts(p, n, 0, "%!PS", 4))
		return &k_ps;
	if (starts(p, n, 0, "II*\0", 4) || starts(p, n, 0, "MM\0*", 4))
		return &k_tiff;
	if (starts(p, n, 0, "8BPS", 4))
		return &k_psd;
	if (starts(p, n, 0, "PK\3\4", 4))
		return &k_zip;
	if (starts(p, n, 0, "\0\0\0\x0CjP  ", 8))
		return &k_jp2;
	if (starts(p, n, 0, "\xFF\x0A", 2) ||
	    starts(p, n, 0, "\0\0\0\x0CJXL ", 8))
		return &k_jxl;
	if (starts(p, n, 4, "ftyp", 4) &&
	    (starts(p, n, 8, "heic", 4) || starts(p, n, 8, "heix", 4) ||
	     starts(p, n, 8, "mif1", 4) || starts(p, n, 8, "avif", 4) ||
	     starts(p, n, 8, "msf1", 4) || starts(p, n, 8, "hevc", 4)))
		return &k_heic;
	if (starts(p, n, 0, "BM", 2) && n >= 26) {
		unsigned hs = p[14] | (unsigned)p[15] << 8 |
		              (unsigned)p[16] << 16 | (unsigned)p[17] << 24;
		if (hs == 12 || hs == 40 || hs == 52 || hs == 56 || hs == 64 ||
		    hs == 108 || hs == 124)
			return &k_bmp;
	}
	/* Markup: skip a UTF-8 byte order mark and white space. */
	size_t i = starts(p, n, 0, "\xEF\xBB\xBF", 3) ? 3 : 0;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
	                 p[i] == '\n'))
		i++;
	if (i < n && p[i] == '<') {
		size_t m = n - i < 4096 ? n - i : 4096;
		if (contains(p + i, m, "<svg"))
			return &k_svg;
		if (contains(p + i, m, "<html") || contains(p + i, m, "<HTML") ||
		    contains(p + i, m, "<!DOCTYPE html") ||
		    contains(p + i, m, "<!doctype html"))
			return &k_html;
	}
	return NULL;
}

/* ---- shared decoding helpers ---- */

int
ioversize(idecode *d, unsigned long width, unsigned long height)
{
	d->declared_w = width;
	d->declared_h = height;
	return width > (unsigned long)LIMIT_IMAGE_PIXELS ||
	       height > (unsigned long)LIMIT_IMAGE_PIXELS ||
	       (unsigned long long)width * height >
	           (unsigned long long)LIMIT_IMAGE_PIXELS;
}

unsigned char *
ireorient(arena *mem, const unsigned char *src, int *w, int *h, int comps,
          int o)
{
	const size_t W = (size_t)*w, H = (size_t)*h, c = (size_t)comps;
	const int swap = o >= 5;
	const size_t ow = swap ? H : W, oh = swap ? W : H;
	unsigned char *dst = arena_alloc(mem, ow * oh * c);
	/* In tiles of 64 by 64 pixels: a turned image reads its source down
	 * the columns, and a row at a time that missed the cache at every
	 * pixel (a 30-megapixel image took 48 s under the sanitizers). */
	enum { TILE = 64 };
	for (size_t ty = 0; ty < oh; ty += TILE) {
		for (size_t tx = 0; tx < ow; tx += TILE) {
			size_t ey = ty + TILE < oh ? ty + TILE : oh;
			size_t ex = tx + TILE < ow ? tx + TILE : ow;
			for (size_t oy = ty; oy < ey; oy++) {
				for (size_t ox = tx; ox < ex; ox++) {
					size_t sx, sy;
					switch (o) {
					case 2: sx = W - 1 - ox; sy = oy; break;
					case 3: sx = W - 1 - ox; sy = H - 1 - oy; break;
					case 4: sx = ox; sy = H - 1 - oy; break;
					case 5: sx = oy; sy = ox; break;
					case 6: sx = oy; sy = H - 1 - ox; break;
					case 7: sx = W - 1 - oy; sy = H - 1 - ox; break;
					case 8: sx = W - 1 - oy; sy = ox; break;
					default: sx = ox; sy = oy; break;
					}
					unsigned char *d = dst + (oy * ow + ox) * c;
					const unsigned char *p =
					        src + (sy * W + sx) * c;
					for (size_t k = 0; k < c; k++)
						d[k] = p[k];
				}
			}
		}
	}
	*w = (int)ow;
	*h = (int)oh;
	return dst;
}

/* ---- messages ---- */

/* Whether the path's extension names fmt ("png" or "jpeg"). */
static const char *
named_as(const char *path)
{
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	if (!dot || (slash && dot < slash))
		return NULL;
	char ext[8];
	size_t n = strlen(dot + 1);
	if (n == 0 || n >= sizeof(ext))
		return NULL;
	for (size_t i = 0; i <= n; i++) {
		char ch = dot[1 + i];
		ext[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
	}
	if (strcmp(ext, "png") == 0)
		return "PNG";
	if (strcmp(ext, "jpg") == 0 || strcmp(ext, "jpeg") == 0 ||
	    strcmp(ext, "jpe") == 0 || strcmp(ext, "jfif") == 0)
		return "JPEG";
	return NULL;
}

static void
report(diag_list *diags, src_pos pos, const char *path, image_status st,
       const idecode *d, const other_kind *other, image_format fmt)
{
	const char *kind = fmt == IMAGE_PNG ? "PNG" : "JPEG";
	switch (st) {
	case IMAGE_OK:
	case IMAGE_ERR_REFUSED: /* said by path_report */
		return;
	case IMAGE_ERR_OPEN:
		diag_error(diags, DIAG_IMAGE, pos, "cannot open image '%s': %s",
		           path, d->detail);
		diag_note(diags, "image paths are relative to the YAML file that "
		                 "names them");
		return;
	case IMAGE_ERR_EMPTY:
		if (d->len == 0)
			diag_error(diags, DIAG_IMAGE, pos,
			           "image '%s' is empty (0 bytes)", path);
		else
			diag_error(diags, DIAG_IMAGE, pos,
			           "image '%s' is a %s file with no picture in it",
			           path, kind);
		diag_note(diags, "the file was not saved or copied completely; "
		                 "export or copy the image again");
		return;
	case IMAGE_ERR_FILE_SIZE:
		diag_error(diags, DIAG_IMAGE, pos,
		           "image '%s' is too big to read (%s; at most %ld MB)",
		           path, d->detail, LIMIT_IMAGE_BYTES / (1024L * 1024));
		diag_note(diags, "a photo for a full A4 page at 300 dpi is "
		                 "2480 x 3508 pixels, a few MB as JPEG; save a "
		                 "smaller copy");
		return;
	case IMAGE_ERR_TOO_LARGE:
		diag_error(diags, DIAG_IMAGE, pos,
		           "image '%s' declares a size too large to use: %lu x %lu "
		           "pixels (at most %ld megapixels)",
		           path, d->declared_w, d->declared_h,
		           LIMIT_IMAGE_PIXELS / 1000000L);
		diag_note(diags, "a full A4 page at 300 dpi is 2480 x 3508 pixels "
		                 "(8.7 megapixels); scale the image down, or "
		                 "replace the file if it is damaged");
		return;
	case IMAGE_ERR_TRUNCATED:
		diag_error(diags, DIAG_IMAGE, pos,
		           "image '%s' is truncated: the %s file ends before its "
		           "picture does",
		           path, kind);
		diag_note(diags, "the file was cut off while it was copied or "
		                 "downloaded; copy or export it again");
		return;
	case IMAGE_ERR_CRC:
		diag_error(diags, DIAG_IMAGE, pos,
		           "image '%s' is damaged: a checksum does not match %s",
		           path, d->detail);
		diag_note(diags, "the file was changed or corrupted after it was "
		                 "saved; copy or export it again");
		return;
	case IMAGE_ERR_DAMAGED:
		diag_error(diags, DIAG_IMAGE, pos,
		           "image '%s' is damaged: it is not valid %s data (%s)",
		           path, kind, d->detail);
		diag_note(diags, "open it in an image editor and save it again as "
		                 "PNG or JPEG, or use another copy");
		return;
	case IMAGE_ERR_UNSUPPORTED:
		diag_error(diags, DIAG_IMAGE, pos,
		           "image '%s' is a kind of %s that carec-report cannot "
		           "read: %s",
		           path, kind, d->detail);
		diag_note(diags, "save it again as an ordinary 8-bit PNG or JPEG");
		return;
	case IMAGE_ERR_OTHER_FORMAT: {
		const char *named = named_as(path);
		if (named)
			diag_error(diags, DIAG_IMAGE, pos,
			           "image '%s' is %s, not a %s, despite its name",
			           path, other->name, named);
		else
			diag_error(diags, DIAG_IMAGE, pos,
			           "image '%s' is %s, which carec-report cannot use",
			           path, other->name);
		diag_note(diags, "%s", other->note);
		return;
	}
	case IMAGE_ERR_TEXT:
		diag_error(diags, DIAG_IMAGE, pos,
		           "image '%s' is a text file, not an image", path);
		diag_note(diags, "check the path: it should name a PNG or JPEG "
		                 "file");
		return;
	case IMAGE_ERR_NOT_IMAGE:
		diag_error(diags, DIAG_IMAGE, pos,
		           "image '%s' is not a PNG or JPEG image", path);
		diag_note(diags, "carec-report reads PNG and JPEG files; check "
		                 "the path, or export the image as PNG");
		return;
	}
}

/* ---- the whole ---- */

image_status
image_load(image *out, const path_policy *p, const char *path,
           unsigned flags, arena *mem, src_pos pos, diag_list *diags)
{
	static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G',
	                                         '\r', '\n', 0x1A, '\n'};
	memset(out, 0, sizeof(*out));
	idecode d;
	memset(&d, 0, sizeof(d));
	d.flags = flags;
	d.mem = mem;
	d.out = out;
	const other_kind *other = NULL;
	image_format fmt = IMAGE_PNG;
	const char *named = named_as(path);
	if (named && strcmp(named, "JPEG") == 0)
		fmt = IMAGE_JPEG;

	unsigned char *bytes = NULL;
	size_t len = 0;
	path_verdict v = PATH_OK;
	image_status st = read_file(p, path, &bytes, &len, &v, d.detail,
	                            sizeof(d.detail));
	d.data = bytes;
	d.len = len;
	if (st != IMAGE_OK)
		goto done;
	if (len == 0) {
		st = IMAGE_ERR_EMPTY;
	} else if (len >= 8 && memcmp(bytes, png_sig, 8) == 0) {
		fmt = IMAGE_PNG;
		st = idecode_png(&d);
	} else if (len >= 2 && bytes[0] == 0xFF && bytes[1] == 0xD8) {
		fmt = IMAGE_JPEG;
		st = idecode_jpeg(&d);
	} else if (len < 8 && memcmp(bytes, png_sig, len) == 0) {
		fmt = IMAGE_PNG;
		st = IMAGE_ERR_TRUNCATED;
	} else if ((other = recognise(bytes, len)) != NULL) {
		st = IMAGE_ERR_OTHER_FORMAT;
	} else if (looks_like_text(bytes, len)) {
		st = IMAGE_ERR_TEXT;
	} else {
		st = IMAGE_ERR_NOT_IMAGE;
	}
	if (st == IMAGE_OK) {
		out->format = fmt;
		if (out->jpeg) {
			/* Keep the file's bytes: they are embedded as they are. */
			unsigned char *keep = arena_alloc(mem, len);
			memcpy(keep, bytes, len);
			out->jpeg = keep;
			out->jpeg_len = len;
		}
		if (d.warning[0]) {
			diag_warning(diags, DIAG_IMAGE, pos,
			             "image '%s' has damaged data (%s); it may show "
			             "glitches",
			             path, d.warning);
			diag_note(diags, "copy or export the image again from a good "
			                 "copy");
		}
	}
done:
	if (st == IMAGE_ERR_REFUSED) {
		path_report(diags, DIAG_IMAGE, pos, v, path, "image");
		memset(out, 0, sizeof(*out));
	} else if (st != IMAGE_OK) {
		report(diags, pos, path, st, &d, other, fmt);
		memset(out, 0, sizeof(*out));
	}
	free(bytes);
	return st;
}
