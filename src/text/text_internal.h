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

/* Threads that may shape and break text at once: the one that opened the
 * fonts (slot 0) and one text_thread_begin made (slot 1). Each has its
 * own HarfBuzz buffer and word cache per font; the rest of a font is
 * read-only once open, but for its coverage bits, which are atomic. */
#define TEXT_SLOTS 2

/* The calling thread's slot. */
int text_slot(void);

/* Free what break.c and hyphen.c keep for the calling thread. */
void text_break_thread_end(void);
void text_hyphen_thread_end(void);

struct text_font {
	char *path;
	char *name;
	hb_blob_t *blob;
	hb_face_t *face;
	hb_font_t *hb_font;   /* scaled to upem: positions in font units */
	/* Reused by text_shape, one per thread slot, made on first use. */
	hb_buffer_t *buffer[TEXT_SLOTS];
	unsigned int upem;
	text_metrics metrics;
	/* Shaped words, one cache per thread slot, made on first use. */
	text_cache *cache[TEXT_SLOTS];
	/* Which BMP code points the font maps, learnt on first ask: two bits
	 * per code point (asked, has), 16 KB; a paragraph asks for every
	 * character it sets. Read and set with atomic operations (two
	 * threads may ask at once); text_coverage reads it. */
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

/* What the font's coverage bits say of cp (BMP): 1 has it, 0 has not,
 * -1 not asked yet. */
static inline int
text_coverage(const text_font *f, uint32_t cp)
{
	unsigned bits = __atomic_load_n(&f->coverage[cp >> 2], __ATOMIC_RELAXED);
	bits >>= (cp & 3) * 2;
	return bits & 1 ? (int)((bits >> 1) & 1) : -1;
}

#endif
