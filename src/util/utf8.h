/*
 * utf8.h - UTF-8 validation and decoding. Any module may include this.
 */
#ifndef CAREC_UTIL_UTF8_H
#define CAREC_UTIL_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Check that s[0..len) is well-formed UTF-8 (no overlongs, surrogates or
 * values above U+10FFFF). Return 1 if it is; otherwise return 0 and store
 * the byte offset of the first bad sequence in *bad_at. */
int utf8_valid(const char *s, size_t len, size_t *bad_at);

/* Decode one code point at s (at most len bytes), store it in *cp and
 * return its byte length, or return 0 for a malformed sequence (then *cp
 * is U+FFFD). s must hold at least one byte. */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encode cp into out (room for 4 bytes); return the byte count. */
size_t utf8_encode(uint32_t cp, char *out);

/* Number of code points in s[0..len), counting a malformed byte as one. */
size_t utf8_count(const char *s, size_t len);

/* A name for an invisible or unusual space character, as a message says
 * it ("a no-break space"), or NULL for any other character. These come in
 * with text pasted from word processors and web pages, look like a space
 * or like nothing, and are not what YAML or the model take them for. */
const char *utf8_invisible_name(uint32_t cp);

#endif
