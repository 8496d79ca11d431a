/*
 * text_internal.h - what the files of src/text/ share. Only src/text/
 * includes this (it pulls in HarfBuzz).
 */
#ifndef CAREC_TEXT_INTERNAL_H
#define CAREC_TEXT_INTERNAL_H

#include <hb.h>

#include "text/text.h"

struct text_font {
	char *path;
	char *name;
	hb_blob_t *blob;
	hb_face_t *face;
	hb_font_t *hb_font;   /* scaled to upem: positions in font units */
	hb_buffer_t *buffer;  /* reused by text_shape; fonts are per-thread */
	unsigned int upem;
	text_metrics metrics;
};

#endif
