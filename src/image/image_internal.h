/*
 * image_internal.h - what the files of src/image/ share. Only src/image/
 * includes this.
 *
 * image.c reads the file, recognises what it is and words the messages;
 * decode_png.c and decode_jpeg.c each drive one library and report why
 * they failed as a status and a detail, never as text on stderr.
 */
#ifndef CAREC_IMAGE_INTERNAL_H
#define CAREC_IMAGE_INTERNAL_H

#include "image/image.h"

typedef struct idecode {
	const unsigned char *data; /* the whole file */
	size_t len;
	unsigned flags;
	arena *mem;
	image *out;
	/* On failure: why, and the library's words or a short explanation. */
	image_status status;
	char detail[256];
	/* Width and height for IMAGE_ERR_TOO_LARGE. */
	unsigned long declared_w, declared_h;
	/* Damaged data the library recovered from (JPEG); "" when none. */
	char warning[256];
} idecode;

/* Decode d->data as PNG / JPEG into d->out. Return IMAGE_OK, or a status
 * with d->detail filled. */
image_status idecode_png(idecode *d);
image_status idecode_jpeg(idecode *d);

/* Nonzero if width x height is over LIMIT_IMAGE_PIXELS; records the size
 * in d for the message. */
int ioversize(idecode *d, unsigned long width, unsigned long height);

/* Turn src (w x h, comps bytes per pixel, rows top to bottom) as EXIF
 * orientation o (2..8) asks; return a new buffer from mem. *w and *h
 * become the shown size. */
unsigned char *ireorient(arena *mem, const unsigned char *src, int *w,
                         int *h, int comps, int o);

#endif
