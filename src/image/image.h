/*
 * image.h - PNG and JPEG files decoded safely: the only room for libpng
 * and libjpeg.
 *
 * Who may include this: src/layout/ and tests. Only src/image/ includes
 * <png.h> and <jpeglib.h>. Both libraries are driven with setjmp error
 * handlers and silenced warnings, so a damaged file is a diagnostic and
 * never an abort, a crash or a line on stderr.
 *
 * Every file is checked before anything big is allocated: its size
 * against LIMIT_IMAGE_BYTES, then the pixel size its header declares
 * against LIMIT_IMAGE_PIXELS (decompression bombs).
 */
#ifndef CAREC_IMAGE_IMAGE_H
#define CAREC_IMAGE_IMAGE_H

#include <stddef.h>

#include "util/diag.h"
#include "util/mem.h"

struct path_policy;

/* Why a file could not be used; IMAGE_OK when it could. Each comes with a
 * DIAG_IMAGE error in plain words (see image.c). */
typedef enum image_status {
	IMAGE_OK,
	IMAGE_ERR_OPEN,        /* the file cannot be opened or read */
	IMAGE_ERR_REFUSED,     /* the policy refuses it (util/paths.h) */
	IMAGE_ERR_EMPTY,       /* 0 bytes, or a JPEG with no picture in it */
	IMAGE_ERR_FILE_SIZE,   /* the file is over LIMIT_IMAGE_BYTES */
	IMAGE_ERR_TOO_LARGE,   /* the declared size is over LIMIT_IMAGE_PIXELS */
	IMAGE_ERR_TRUNCATED,   /* the file ends before the picture does */
	IMAGE_ERR_CRC,         /* a PNG chunk's checksum is wrong */
	IMAGE_ERR_DAMAGED,     /* the data is not valid PNG or JPEG */
	IMAGE_ERR_UNSUPPORTED, /* a valid variant we cannot read (12-bit...) */
	IMAGE_ERR_OTHER_FORMAT,/* recognisably GIF, WebP, SVG, PDF, BMP... */
	IMAGE_ERR_TEXT,        /* a text file */
	IMAGE_ERR_NOT_IMAGE    /* anything else */
} image_status;

typedef enum image_format {
	IMAGE_PNG,
	IMAGE_JPEG
} image_format;

/* A decoded image. All memory is in the arena passed to image_load. */
typedef struct image {
	image_format format;
	int width, height;    /* pixels, after EXIF orientation */
	int components;       /* 1 grey, 3 RGB, 4 CMYK (0 = no ink) */
	/* 8 bits per component, rows top to bottom, width * components
	 * bytes per row; NULL when jpeg is set. */
	unsigned char *pixels;
	/* 8-bit alpha (255 opaque), width * height, or NULL when opaque. */
	unsigned char *alpha;
	/* The file's own bytes, for a JPEG that PDF can show as it is (DCT
	 * passthrough): validated by a full decode, 8-bit, Huffman coded,
	 * grey, YCbCr or Adobe CMYK, and needing no rotation. NULL otherwise. */
	const unsigned char *jpeg;
	size_t jpeg_len;
	int jpeg_inverted;    /* Adobe CMYK: the file's components are inverted */
	int orientation;      /* the EXIF orientation applied, 1..8 (1: none) */
} image;

enum {
	/* Keep a clean JPEG's bytes instead of its pixels (image.jpeg). */
	IMAGE_KEEP_JPEG = 1
};

/* Read and decode the PNG or JPEG file at path, opened as the policy p
 * allows (util/paths.h; NULL: any regular file). On success fill *out
 * (its buffers allocated from mem) and return IMAGE_OK. On failure add
 * one DIAG_IMAGE error at pos, which names the file as shown (the path
 * as given), says what is wrong and how to fix it, and return why; *out
 * is then zeroed. A JPEG with slightly damaged data that still decodes
 * gets a DIAG_WARNING instead. Nothing is printed. */
image_status image_load(image *out, const struct path_policy *p,
                        const char *path, unsigned flags, arena *mem,
                        src_pos pos, diag_list *diags);

/* Parse the EXIF orientation from the payload of a JPEG APP1 segment
 * (starting with "Exif\0\0"). Return 1..8, or 0 when the segment is not
 * EXIF, has no orientation tag, or is malformed. Reads only inside
 * data[0..len). */
int image_exif_orientation(const unsigned char *data, size_t len);

#endif
