/*
 * cache.c - per-font cache of shaped words (see text_internal.h).
 *
 * A report repeats the same words thousands of times; shaping each with
 * HarfBuzz again is the cost that dominates line breaking. A word's
 * advances in font units do not depend on the size, so the key is the
 * word's bytes alone and the table lives in its font (freed with it): two
 * documents in one process never share or leak a cache.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/break.h"
#include "text/text_internal.h"
#include "util/mem.h"

/* Words longer than this are shaped every time: long tokens (URLs, hashes)
 * rarely repeat, and they would crowd the pools. */
#define CACHE_WORD_MAX 64

/* When the pools reach this many bytes the cache starts again, so one huge
 * document cannot grow it without bound. */
#define CACHE_BYTES_MAX (16u * 1024 * 1024)

typedef struct entry {
	uint32_t hash;
	uint32_t key;  /* offset in keys; 0 marks an empty slot */
	uint32_t len;  /* key length in bytes */
	uint32_t adv;  /* offset in advs */
} entry;

struct text_cache {
	entry *tab;
	size_t cap, count; /* cap is a power of two */
	char *keys;        /* byte 0 is unused so that offset 0 means empty */
	size_t keylen, keycap;
	float *advs;
	size_t advlen, advcap;
	text_glyph *scratch;
	size_t scratchcap;
	size_t hits, misses;
};

static uint32_t
hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static void
cache_reset(text_cache *c)
{
	memset(c->tab, 0, c->cap * sizeof(*c->tab));
	c->count = 0;
	c->keylen = 1;
	c->advlen = 0;
}

static text_cache *
cache_new(void)
{
	text_cache *c = xcalloc(1, sizeof(*c));
	c->cap = 1024;
	c->tab = xcalloc(c->cap, sizeof(*c->tab));
	c->keycap = 16384;
	c->keys = xmalloc(c->keycap);
	c->keylen = 1;
	c->advcap = 8192;
	c->advs = xmalloc(c->advcap * sizeof(*c->advs));
	return c;
}

void
text_cache_free(text_cache *c)
{
	if (!c)
		return;
	free(c->tab);
	free(c->keys);
	free(c->advs);
	free(c->scratch);
	free(c);
}

static void
cache_grow_table(text_cache *c)
{
	if (c->cap > SIZE_MAX / 2)
		mem_oom();
	size_t ncap = c->cap * 2;
	entry *nt = xcalloc(ncap, sizeof(*nt));
	for (size_t i = 0; i < c->cap; i++) {
		if (!c->tab[i].key)
			continue;
		size_t j = c->tab[i].hash & (ncap - 1);
		while (nt[j].key)
			j = (j + 1) & (ncap - 1);
		nt[j] = c->tab[i];
	}
	free(c->tab);
	c->tab = nt;
	c->cap = ncap;
}

/* Shape utf8 with HarfBuzz at size upem, so that positions are in font
 * units, and turn the pen positions into per-code-point advances. */
static void
shape_advances(text_font *f, text_cache *c, const char *utf8, size_t len,
               size_t ncp, float *out)
{
	if (c->scratchcap < ncp) {
		c->scratchcap = ncp < 64 ? 64 : ncp;
		free(c->scratch);
		c->scratch = xmalloc(c->scratchcap * sizeof(*c->scratch));
	}
	double end = text_shape(f, (double)f->upem, utf8, len, 0.0, c->scratch);
	for (size_t i = 0; i < ncp; i++) {
		double next = i + 1 < ncp ? c->scratch[i + 1].x : end;
		out[i] = (float)(next - c->scratch[i].x);
	}
}

void
text_font_advances(text_font *f, const char *utf8, size_t len, size_t ncp,
                   float *out)
{
	int slot = text_slot();
	if (!f->cache[slot])
		f->cache[slot] = cache_new();
	text_cache *c = f->cache[slot];
	if (len == 0 || ncp == 0)
		return;
	if (len > CACHE_WORD_MAX) {
		c->misses++;
		shape_advances(f, c, utf8, len, ncp, out);
		return;
	}
	uint32_t h = hash_bytes(utf8, len);
	size_t j = h & (c->cap - 1);
	while (c->tab[j].key) {
		const entry *e = &c->tab[j];
		if (e->hash == h && e->len == len &&
		    memcmp(c->keys + e->key, utf8, len) == 0) {
			memcpy(out, c->advs + e->adv, ncp * sizeof(*out));
			c->hits++;
			return;
		}
		j = (j + 1) & (c->cap - 1);
	}
	c->misses++;
	shape_advances(f, c, utf8, len, ncp, out);

	if (c->keylen + len + (c->advlen + ncp) * sizeof(float) >
	    CACHE_BYTES_MAX) {
		cache_reset(c);
		j = h & (c->cap - 1);
	}
	c->keys = xgrow(c->keys, &c->keycap, c->keylen + len, 1);
	c->advs = xgrow(c->advs, &c->advcap, c->advlen + ncp, sizeof(*c->advs));
	entry *e = &c->tab[j];
	e->hash = h;
	e->key = (uint32_t)c->keylen;
	e->len = (uint32_t)len;
	e->adv = (uint32_t)c->advlen;
	memcpy(c->keys + c->keylen, utf8, len);
	c->keylen += len;
	memcpy(c->advs + c->advlen, out, ncp * sizeof(*out));
	c->advlen += ncp;
	if (++c->count * 4 > c->cap * 3)
		cache_grow_table(c);
}

void
text_font_cache_stats(const text_font *f, size_t *hits, size_t *misses)
{
	const text_cache *c = f->cache[text_slot()];
	*hits = c ? c->hits : 0;
	*misses = c ? c->misses : 0;
}
