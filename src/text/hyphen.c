/*
 * hyphen.c - hyphenation (see hyphen.h).
 *
 * English and Russian use libhyphen with the distribution's TeX-derived
 * patterns, prepared at build time (tools/hyphen-prep.c) and read from
 * the data folder (util/datadir.h) on first use. Kazakh, Kyrgyz, Uzbek,
 * Turkmen and Tajik have no patterns there; their syllables are simple
 * (one consonant at most starts a syllable inside a word), so a rule
 * does: a break goes before the last consonant between two vowels (V-CV,
 * VC-CV, VCC-CV; but VC-СТV), never inside a vowel pair, and never leaves
 * fewer than 2 letters on a side.
 *
 * The fewest letters a hyphen leaves on each side per language (3 and 3
 * in Russian, 2 and 3 in English...) are the theme's: text_hyphen_min
 * gives them and the paragraph engine applies them, so the words cached
 * here keep every point the patterns and rules allow.
 */
#include "text/hyphen.h"
#include "text/text_internal.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <hyphen.h>
#include <unicode/uchar.h>

#include "util/datadir.h"
#include "util/mem.h"
#include "util/utf8.h"

/* Longest word hyphenated, in code points. Longer "words" are tokens (URLs,
 * codes) that hyphenation would only garble. */
#define HYPH_WORD_MAX 64

/* Fewest letters left on each side of a hyphen. */
#define MIN_LEFT 2
#define MIN_RIGHT 2

/* ---- languages ---- */

typedef enum hlang {
	HL_NONE,
	HL_EN,
	HL_RU,
	HL_KK,
	HL_KY,
	HL_UZ,
	HL_TK,
	HL_TG
} hlang;

static hlang
lang_of(const char *lang)
{
	static const struct {
		const char *code;
		hlang l;
	} codes[] = {
		{"en", HL_EN}, {"ru", HL_RU}, {"kk", HL_KK}, {"ky", HL_KY},
		{"uz", HL_UZ}, {"tk", HL_TK}, {"tg", HL_TG},
	};
	if (!lang)
		return HL_NONE;
	size_t n = strcspn(lang, "-_");
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (n == strlen(codes[i].code) &&
		    strncmp(lang, codes[i].code, n) == 0)
			return codes[i].l;
	return HL_NONE;
}

/* A word split into code points, lower-cased, with each one's byte offset
 * in the caller's text. */
typedef struct word {
	uint32_t cp[HYPH_WORD_MAX];
	size_t off[HYPH_WORD_MAX + 1];
	size_t n;
} word;

static int
split_word(const char *utf8, size_t len, word *w)
{
	w->n = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = utf8_decode(utf8 + i, len - i, &cp);
		if (k == 0 || w->n == HYPH_WORD_MAX)
			return -1;
		w->off[w->n] = i;
		w->cp[w->n++] = (uint32_t)u_tolower((UChar32)cp);
		i += k;
	}
	w->off[w->n] = len;
	return 0;
}

/* ---- libhyphen (en, ru) ---- */

/* The prepared patterns, in the data folder: tools/hyphen-prep.c makes
 * them from the distribution's at build time, so they load as they are. */
static const char *const dict_file[HL_TG + 1] = {
	[HL_EN] = "hyphen/en.dic",
	[HL_RU] = "hyphen/ru.dic",
};
/* The character set each names on its first line: libhyphen reads an
 * empty file, or a folder, as a dictionary without one. */
static const char *const dict_cset[HL_TG + 1] = {
	[HL_EN] = "UTF-8",
	[HL_RU] = "KOI8-R",
};

/* Dictionaries are read once per process, on first use, and kept: they
 * are read-only after loading, so documents share them, and so do the two
 * threads that may hyphenate at once (see text_thread_begin). */
static struct {
	HyphenDict *dict;
	char *path; /* the file read, for text_hyphen_missing */
} dicts[HL_TG + 1];
/* dicts[l] is final: read without the lock (acquire, after release). */
static int dict_ready[HL_TG + 1];
/* Guards the loads. */
static pthread_mutex_t dicts_mu = PTHREAD_MUTEX_INITIALIZER;

static HyphenDict *
dict_for(hlang l)
{
	if (__atomic_load_n(&dict_ready[l], __ATOMIC_ACQUIRE))
		return dicts[l].dict;
	pthread_mutex_lock(&dicts_mu);
	if (!dict_ready[l]) {
		dicts[l].path = data_path(dict_file[l]);
		HyphenDict *d = dicts[l].path ? hnj_hyphen_load(dicts[l].path)
		                              : NULL;
		if (d && strcmp(d->cset, dict_cset[l]) != 0) {
			hnj_hyphen_free(d);
			d = NULL;
		}
		dicts[l].dict = d;
		__atomic_store_n(&dict_ready[l], 1, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&dicts_mu);
	return dicts[l].dict;
}

const char *
text_hyphen_missing(const char *lang)
{
	hlang l = lang_of(lang);
	if (l != HL_EN && l != HL_RU)
		return NULL;
	if (dict_for(l))
		return NULL;
	return dicts[l].path ? dicts[l].path : dict_file[l];
}

/* KOI8-R code of a lower-case Russian letter, or 0. */
static unsigned char
koi8r(uint32_t cp)
{
	/* KOI8-R's lower-case block 0xC0..0xDF holds, in code order,
	 * юабцдефгхийклмнопярстужвьызшэщчъ; this is its inverse, indexed
	 * by cp - U+0430 (а..я). */
	static const unsigned char from_a[32] = {
		0xC1, 0xC2, 0xD7, 0xC7, 0xC4, 0xC5, 0xD6, 0xDA, /* а б в г д е ж з */
		0xC9, 0xCA, 0xCB, 0xCC, 0xCD, 0xCE, 0xCF, 0xD0, /* и й к л м н о п */
		0xD2, 0xD3, 0xD4, 0xD5, 0xC6, 0xC8, 0xC3, 0xDE, /* р с т у ф х ц ч */
		0xDB, 0xDD, 0xDF, 0xD9, 0xD8, 0xDC, 0xC0, 0xD1, /* ш щ ъ ы ь э ю я */
	};
	if (cp == 0x0451) /* ё */
		return 0xA3;
	if (cp < 0x0430 || cp > 0x044F)
		return 0;
	return from_a[cp - 0x0430];
}

/* Is cp a Russian vowel letter? */
static int
ru_vowel(uint32_t cp)
{
	switch (cp) {
	case 0x0430: /* а */
	case 0x0435: /* е */
	case 0x0451: /* ё */
	case 0x0438: /* и */
	case 0x043E: /* о */
	case 0x0443: /* у */
	case 0x044B: /* ы */
	case 0x044D: /* э */
	case 0x044E: /* ю */
	case 0x044F: /* я */
		return 1;
	default:
		return 0;
	}
}

/* Hyphenate with patterns. The word goes to libhyphen in the dictionary's
 * one-byte encoding (KOI8-R for Russian, ASCII for English), so its
 * result is indexed by code point. Russian typography does not part two
 * vowels ("регио-нальные", not "реги-ональные"; "окру-жаю-щей"), though
 * the patterns, which follow the spelling rules, allow it. */
static size_t
hyphenate_dict(hlang l, const word *w, size_t *pos, size_t max)
{
	HyphenDict *d = dict_for(l);
	if (!d || w->n < MIN_LEFT + MIN_RIGHT)
		return 0;
	char enc[HYPH_WORD_MAX + 1];
	int koi = strcmp(d->cset, "KOI8-R") == 0;
	for (size_t i = 0; i < w->n; i++) {
		uint32_t cp = w->cp[i];
		unsigned char c = koi ? koi8r(cp) : 0;
		if (!c && cp >= 'a' && cp <= 'z')
			c = (unsigned char)cp;
		if (!c)
			return 0; /* a letter the patterns do not know */
		enc[i] = (char)c;
	}
	enc[w->n] = '\0';
	char hyph[HYPH_WORD_MAX + 5];
	char **rep = NULL;
	int *rpos = NULL, *cut = NULL;
	int left = d->lhmin > MIN_LEFT ? d->lhmin : MIN_LEFT;
	int right = d->rhmin > MIN_RIGHT ? d->rhmin : MIN_RIGHT;
	size_t n = 0;
	if (hnj_hyphen_hyphenate3(d, enc, (int)w->n, hyph, NULL, &rep, &rpos,
	                          &cut, left, right, 0, 0) == 0) {
		for (size_t i = 0; i + 1 < w->n && n < max; i++) {
			if (!(hyph[i] & 1) || (rep && rep[i]))
				continue;
			if ((int)(i + 1) < left || (int)(w->n - i - 1) < right)
				continue;
			if (l == HL_RU && ru_vowel(w->cp[i]) &&
			    ru_vowel(w->cp[i + 1]))
				continue;
			pos[n++] = w->off[i + 1];
		}
	}
	if (rep) {
		for (size_t i = 0; i < w->n; i++)
			free(rep[i]);
		free(rep);
	}
	free(rpos);
	free(cut);
	return n;
}

/* ---- syllable rule (kk, ky, uz, tk, tg) ---- */

typedef enum cls {
	C_CONS,
	C_VOWEL,
	C_SIGN /* ь ъ and the Uzbek tutuq belgisi: belongs to the letter before */
} cls;

static int
is_apostrophe(uint32_t cp)
{
	return cp == 0x02BB || cp == 0x2018 || cp == 0x2019 || cp == '\'' ||
	       cp == 0x02BC;
}

static cls
classify(hlang l, uint32_t cp)
{
	static const uint32_t cyr_vowels[] = {
		0x0430, 0x0435, 0x0451, 0x0438, 0x043E, 0x0443, 0x044B, 0x044D,
		0x044E, 0x044F,         /* а е ё и о у ы э ю я */
		0x04D9, 0x04E9, 0x04AF, 0x04B1, 0x0456, /* ә ө ү ұ і */
		0x04E3, 0x04EF, 0x045E, /* ӣ ӯ (tg), ў (uz) */
	};
	static const uint32_t lat_vowels[] = {
		'a', 'e', 'i', 'o', 'u', 0xE4, 0xF6, 0xFC, 0x131, 0x16B,
		/* ä ö ü ı ū (tk, kk Latin) */
	};
	if (cp == 0x044C || cp == 0x044A || is_apostrophe(cp))
		return C_SIGN;
	if (cp == 'y')
		return l == HL_UZ ? C_CONS : C_VOWEL; /* tk, kk Latin: a vowel */
	for (size_t i = 0; i < sizeof(cyr_vowels) / sizeof(cyr_vowels[0]); i++)
		if (cp == cyr_vowels[i])
			return C_VOWEL;
	for (size_t i = 0; i < sizeof(lat_vowels) / sizeof(lat_vowels[0]); i++)
		if (cp == lat_vowels[i])
			return C_VOWEL;
	return C_CONS;
}

/* Is letter i "с" or "s" and the next "т" or "t"? */
static int
st_pair(const word *w, const size_t *start, size_t i)
{
	uint32_t a = w->cp[start[i]], b = w->cp[start[i + 1]];
	return start[i + 1] - start[i] == 1 &&
	       ((a == 0x0441 && b == 0x0442) || (a == 's' && b == 't'));
}

static size_t
hyphenate_rule(hlang l, const word *w, size_t *pos, size_t max)
{
	/* Group code points into letters: Uzbek oʻ and gʻ (with any of its
	 * apostrophes) and sh, ch, ng are one letter; a sign joins the letter
	 * before it. */
	size_t start[HYPH_WORD_MAX + 1]; /* code point index of each letter */
	cls kind[HYPH_WORD_MAX];
	size_t nl = 0;
	for (size_t i = 0; i < w->n;) {
		uint32_t cp = w->cp[i];
		if (!u_isalpha((UChar32)cp) && !is_apostrophe(cp))
			return 0; /* not a plain word */
		cls c = classify(l, cp);
		size_t k = 1;
		if (l == HL_UZ && (cp == 'o' || cp == 'g') && i + 1 < w->n &&
		    is_apostrophe(w->cp[i + 1]))
			k = 2;
		else if (l == HL_UZ && i + 1 < w->n &&
		         ((cp == 's' || cp == 'c') && w->cp[i + 1] == 'h'))
			k = 2;
		else if (l == HL_UZ && i + 1 < w->n && cp == 'n' &&
		         w->cp[i + 1] == 'g')
			k = 2;
		if (c == C_SIGN && nl > 0) {
			i += k; /* part of the letter before */
			continue;
		}
		start[nl] = i;
		kind[nl++] = c == C_SIGN ? C_CONS : c;
		i += k;
	}
	start[nl] = w->n;

	size_t n = 0, prev = SIZE_MAX; /* letter index of the last vowel */
	for (size_t v = 0; v < nl; v++) {
		if (kind[v] != C_VOWEL)
			continue;
		if (prev != SIZE_MAX && v - prev > 1) {
			size_t at = v - 1; /* before the last consonant */
			/* In a cluster of three or more, "ст" starts the syllable
			 * together: the -стан of place names and Russian loans
			 * (Қа-зақ-стан, Өз-бек-стан), never a native coda. */
			if (v - prev > 3 && st_pair(w, start, at - 1))
				at--;
			if (at >= MIN_LEFT && nl - at >= MIN_RIGHT && n < max)
				pos[n++] = w->off[start[at]];
		}
		prev = v;
	}
	return n;
}

/* A word in the other script of a two-script document: a Russian word
 * in an English report takes the Russian patterns, an English word in a
 * Russian, Kyrgyz or Tajik one the English patterns (Kazakh, Uzbek and
 * Turkmen have Latin alphabets of their own, with their own rules). */
static hlang
script_lang(hlang l, const word *w)
{
	int latin = 1, cyrillic = 1;
	for (size_t i = 0; i < w->n; i++) {
		uint32_t cp = w->cp[i];
		if (!(cp >= 'a' && cp <= 'z'))
			latin = 0;
		if (!(cp >= 0x0400 && cp <= 0x04FF))
			cyrillic = 0;
	}
	if (cyrillic && (l == HL_EN || l == HL_TK))
		return HL_RU;
	if (latin && (l == HL_RU || l == HL_KY || l == HL_TG))
		return HL_EN;
	return l;
}

static size_t
hyphenate(hlang l, const char *utf8, size_t len, size_t *pos, size_t max)
{
	word w;
	if (split_word(utf8, len, &w) != 0)
		return 0;
	l = script_lang(l, &w);
	if (l == HL_EN || l == HL_RU)
		return hyphenate_dict(l, &w, pos, max);
	return hyphenate_rule(l, &w, pos, max);
}

/* ---- the fewest letters on each side ---- */

/* Is the theme's tag t the language prim (n bytes), with script (NULL:
 * none)? Tags are compared without regard to case. */
static int
tag_is(const char *t, const char *prim, size_t n, const char *script)
{
	if (strncasecmp(t, prim, n) != 0)
		return 0;
	if (!script)
		return t[n] == '\0';
	return t[n] == '-' && strcasecmp(t + n + 1, script) == 0;
}

void
text_hyphen_min(const text_para_opts *o, int cyrillic, int *before, int *after)
{
	*before = cyrillic ? 3 : 2;
	*after = 3;
	const char *prim = o->lang ? o->lang : "";
	size_t n = strcspn(prim, "-_");
	hlang l = lang_of(o->lang);
	if (cyrillic && (l == HL_EN || l == HL_TK)) {
		prim = "ru";
		n = 2;
	} else if (!cyrillic && (l == HL_RU || l == HL_KY || l == HL_TG)) {
		prim = "en";
		n = 2;
	}
	const char *script = cyrillic ? "Cyrl" : "Latn";
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < o->nhyph; i++)
			if (tag_is(o->hyph_lang[i], prim, n,
			           pass ? NULL : script)) {
				*before = o->hyph_before[i];
				*after = o->hyph_after[i];
				return;
			}
}

/* ---- the word cache ---- */

/* A report repeats its words thousands of times; the patterns are run
 * once per (language, word) and the answer kept. Words of up to
 * WCACHE_KEY_MAX bytes are kept (longer ones cannot be hyphenated
 * anyway: see HYPH_WORD_MAX); when the pool reaches WCACHE_BYTES_MAX
 * the cache starts again, so memory stays bounded. Each thread has its
 * own (see text_thread_begin); its answers depend only on the
 * dictionaries, which never change once read. */
#define WCACHE_KEY_MAX 255
#define WCACHE_BYTES_MAX (4u * 1024 * 1024)

typedef struct wentry {
	uint32_t hash;
	uint32_t at; /* offset in the pool: lang, len, key, n, offsets;
	              * 0 marks an empty slot */
} wentry;

/* One cache per thread (text_thread_begin). */
static _Thread_local struct {
	wentry *tab;
	size_t cap, count;
	unsigned char *pool;
	size_t len, poolcap;
} wc;

void
text_hyphen_thread_end(void)
{
	free(wc.tab);
	free(wc.pool);
	memset(&wc, 0, sizeof(wc));
}

static uint32_t
word_hash(hlang l, const char *s, size_t n)
{
	uint32_t h = 2166136261u ^ (uint32_t)l;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static void
wcache_reset(size_t cap)
{
	free(wc.tab);
	wc.cap = cap;
	wc.tab = xcalloc(cap, sizeof(*wc.tab));
	wc.count = 0;
	wc.len = 1; /* offset 0 means empty */
}

static void
wcache_add(uint32_t h, hlang l, const char *utf8, size_t len,
           const size_t *pos, size_t n)
{
	size_t need = 3 + len + n;
	if (!wc.tab || wc.len + need > WCACHE_BYTES_MAX)
		wcache_reset(4096);
	else if ((wc.count + 1) * 4 > wc.cap * 3) {
		wentry *old = wc.tab;
		size_t oldcap = wc.cap;
		if (wc.cap > SIZE_MAX / 2)
			mem_oom();
		wc.cap *= 2;
		wc.tab = xcalloc(wc.cap, sizeof(*wc.tab));
		for (size_t i = 0; i < oldcap; i++) {
			if (!old[i].at)
				continue;
			size_t j = old[i].hash & (wc.cap - 1);
			while (wc.tab[j].at)
				j = (j + 1) & (wc.cap - 1);
			wc.tab[j] = old[i];
		}
		free(old);
	}
	wc.pool = xgrow(wc.pool, &wc.poolcap, wc.len + need, 1);
	size_t j = h & (wc.cap - 1);
	while (wc.tab[j].at)
		j = (j + 1) & (wc.cap - 1);
	wc.tab[j].hash = h;
	wc.tab[j].at = (uint32_t)wc.len;
	unsigned char *e = wc.pool + wc.len;
	e[0] = (unsigned char)l;
	e[1] = (unsigned char)len;
	memcpy(e + 2, utf8, len);
	e[2 + len] = (unsigned char)n;
	for (size_t i = 0; i < n; i++)
		e[3 + len + i] = (unsigned char)pos[i];
	wc.len += need;
	wc.count++;
}

size_t
text_hyphenate_word(const char *lang, const char *utf8, size_t len,
                    size_t *pos, size_t max)
{
	hlang l = lang_of(lang);
	if (l == HL_NONE || max == 0)
		return 0;
	if (len > WCACHE_KEY_MAX)
		return hyphenate(l, utf8, len, pos, max);
	uint32_t h = word_hash(l, utf8, len);
	if (wc.tab) {
		for (size_t j = h & (wc.cap - 1); wc.tab[j].at;
		     j = (j + 1) & (wc.cap - 1)) {
			const unsigned char *e = wc.pool + wc.tab[j].at;
			if (wc.tab[j].hash != h || e[0] != (unsigned char)l ||
			    e[1] != len || memcmp(e + 2, utf8, len) != 0)
				continue;
			size_t n = e[2 + len];
			if (n > max)
				n = max; /* the first max of them, as asked */
			for (size_t i = 0; i < n; i++)
				pos[i] = e[3 + len + i];
			return n;
		}
	}
	size_t all[HYPH_WORD_MAX];
	size_t n = hyphenate(l, utf8, len, all, HYPH_WORD_MAX);
	wcache_add(h, l, utf8, len, all, n);
	if (n > max)
		n = max;
	memcpy(pos, all, n * sizeof(*pos));
	return n;
}

void
text_hyphen_prepare(void)
{
	text_hyphen_missing("en");
	text_hyphen_missing("ru");
}
