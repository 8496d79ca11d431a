/*
 * text_internal.h - what the files of src/text/ share. Only src/text/
 * includes this (it pulls in HarfBuzz).
 */
#ifndef CAREC_TEXT_INTERNAL_H
#define CAREC_TEXT_INTERNAL_H

#include <hb.h>

#include "text/text.h"

/* Per-font cache of shaped words (cache.c). */
typedef struct text_cache text_cache;

struct text_font {
	char *path;
	char *name;
	hb_blob_t *blob;
	hb_face_t *face;
	hb_font_t *hb_font;   /* scaled to upem: positions in font units */
	hb_buffer_t *buffer;  /* reused by text_shape; fonts are per-thread */
	unsigned int upem;
	text_metrics metrics;
	text_cache *cache;    /* shaped words, created on first use */
	/* Which BMP code points the font maps, learnt on first ask: two bits
	 * per code point (asked, has), 16 KB; a paragraph asks for every
	 * character it sets. */
	uint8_t *coverage;
};

/* Store in out[0..ncp) the advance of each of the ncp code points of
 * utf8[0..len) in f, in font units (multiply by size / upem), kerning
 * between them included. Results are cached per font and word, so a word
 * is shaped by HarfBuzz once per font. Never fails. */
void text_font_advances(text_font *f, const char *utf8, size_t len,
                        size_t ncp, float *out);

/* Free a font's word cache (NULL is fine). */
void text_cache_free(text_cache *c);

#endif
