/*
 * hyphen.h - word hyphenation, for the paragraph engine.
 *
 * Who may include this: src/text/ and tests only (layout asks for
 * hyphenation through text_para_opts.hyphenate).
 */
#ifndef CAREC_TEXT_HYPHEN_H
#define CAREC_TEXT_HYPHEN_H

#include <stddef.h>

#include "text/text.h"

/* Find where the word utf8[0..len) (letters only, valid UTF-8) may take a
 * hyphen in language lang (BCP 47: "en", "ru", "kk", "ky", "uz", "tk",
 * "tg"; a region or script suffix is ignored; a Cyrillic word in an en
 * or tk text takes the Russian patterns, an English word in a ru, ky or
 * tg text the English ones). Store up to max byte
 * offsets, ascending, in pos (a hyphen goes before the byte at each
 * offset) and return how many were stored. A language without patterns or
 * rules, or a word too short, gives 0. Never fails. */
size_t text_hyphenate_word(const char *lang, const char *utf8, size_t len,
                           size_t *pos, size_t max);

/* The patterns file that words in lang ("en", "ru") are hyphenated with,
 * when it cannot be read: its path (or its name in the data folder, when
 * there is no data folder), borrowed. NULL when it was read, or lang
 * needs none. Reads it if not read yet. Words then get no hyphen
 * (text_hyphenate_word gives 0), and the caller says so. */
const char *text_hyphen_missing(const char *lang);

/* The fewest letters a hyphen may leave before (*before) and after
 * (*after) it in a word of a text in o->lang, Cyrillic or not. The word
 * takes the language hyphenation gives it (a Cyrillic word in an English
 * text is Russian: see text_hyphenate_word), and that language's entry
 * in o's table, the one for its script first ("uz-Cyrl", then "uz"),
 * else 3 and 3 for a Cyrillic word, 2 and 3 for another. Never fails. */
void text_hyphen_min(const text_para_opts *o, int cyrillic, int *before,
                     int *after);

#endif
