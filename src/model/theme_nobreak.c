/* theme_nobreak.c - the theme's 'no-break:' section: which of the rules
 * that keep two words on one line apply (all, unless the theme turns
 * them off), and the short words of each language that bind to the next
 * word:
 *
 *   no-break:                   # or 'no-break: false': none of them
 *     one-letter-words: true    # "в Алматы", "А. С. Пушкин"
 *     short-words: {ru: [на, по, за]}   # true, false, or lists
 *     numbers: true             # "15 лет", "10 km", "June 5"
 *     roman-numerals: true      # "IV Общеевропейской"
 *     dashes: true              # a dash never starts a line
 *     abbreviations: true       # "No. 5", "№ 5"
 */
#include <string.h>
#include <strings.h>

#include "model/model_internal.h"
#include "util/utf8.h"

/* The rule keys, in the order of their bits (MODEL_NOBREAK_*). */
static const char *const rule_keys[] = {
        "one-letter-words", "short-words",   "numbers", "roman-numerals",
        "dashes",           "abbreviations", NULL};

static const char rules_note[] =
        "write 'no-break: false' to turn every rule off, or turn rules off "
        "one by one ('no-break: {numbers: false}'); the rules are "
        "one-letter-words, short-words, numbers, roman-numerals, dashes and "
        "abbreviations";

/* A letter, near enough for a list of words: ASCII letters, and the
 * letters of Latin-1 on (no digits, punctuation, spaces or dashes). */
static int
is_letter(uint32_t cp)
{
	return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ||
	       (cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 &&
	        !(cp >= 0x2000 && cp <= 0x2BFF));
}

/* Is s one word: letters, with hyphens between them ("из-за")? */
static int
is_word(const char *s, size_t len)
{
	size_t letters = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp = (unsigned char)s[i];
		size_t k = utf8_decode(s + i, len - i, &cp);
		if (k == 0)
			return 0;
		if (cp == '-' && letters > 0 && i + k < len &&
		    s[i + k] != '-') {
			i += k;
			continue;
		}
		if (!is_letter(cp))
			return 0;
		letters++;
		i += k;
	}
	return letters > 0;
}

/* Add the words of one language's list n (a list of words, or one string
 * of words separated by spaces) to out. Return 0, or -1 after an
 * error. */
static int
read_words(model_ctx *c, const node *n, const char *lang, buf *out)
{
	const node *const *items = &n;
	size_t count = 1;
	if (n->kind == NODE_SEQ) {
		items = (const node *const *)n->items;
		count = n->nitems;
	}
	int bad = 0;
	for (size_t i = 0; i < count; i++) {
		const node *w = items[i];
		if (mexpect_scalar(c, w, "a short word such as 'на'") != 0) {
			bad = 1;
			continue;
		}
		for (const char *s = w->str; *s;) {
			while (*s == ' ')
				s++;
			size_t k = strcspn(s, " ");
			if (k == 0)
				break;
			if (!is_word(s, k)) {
				diag_error(
				        c->diags, DIAG_VALUE, w->pos,
				        "'%.*s' is not a word; the '%s' short "
				        "words are the prepositions and "
				        "conjunctions a line must not end with",
				        (int)k, s, lang);
				diag_note(c->diags,
				          "write words of letters, "
				          "separated by spaces or as list "
				          "items (a hyphen may join two: "
				          "'из-за')");
				bad = 1;
			} else {
				if (out->len)
					buf_putc(out, ' ');
				buf_put(out, s, k);
			}
			s += k;
		}
	}
	return bad ? -1 : 0;
}

/* 'short-words:': true, false, or a map of language codes to lists.
 * Return 0, or -1 after an error. */
static int
read_short_words(model_ctx *c, const node *n, model_theme *t)
{
	if (n->kind == NODE_SCALAR) {
		int on;
		if (mget_bool(c, n, &on) != 0) {
			diag_note(c->diags,
			          "or give the words per language: "
			          "'short-words: {ru: [на, по, за]}'");
			return -1;
		}
		if (on)
			t->nobreak_off &= ~(unsigned)MODEL_NOBREAK_SHORT_WORDS;
		else
			t->nobreak_off |= MODEL_NOBREAK_SHORT_WORDS;
		return 0;
	}
	if (mexpect_map(c, n,
	                "true, false or a map of languages to short "
	                "words") != 0) {
		diag_note(c->diags, "give the words per language: "
		                    "'short-words: {ru: [на, по, за]}'");
		return -1;
	}
	int bad = 0;
	for (size_t i = 0; i < n->npairs; i++) {
		const char *k = n->pairs[i].key;
		if (!model_language_known(k)) {
			diag_error(
			        c->diags, DIAG_UNKNOWN_KEY, n->pairs[i].key_pos,
			        "unknown language code '%s' in the short words",
			        k);
			mlanguage_note(c, k);
			bad = 1;
			continue;
		}
		buf words;
		buf_init(&words);
		if (read_words(c, n->pairs[i].value, k, &words) != 0)
			bad = 1;
		else if (c->lang && strcmp(k, c->lang) == 0)
			t->nobreak_words = arena_strdup(
			        c->mem, words.data ? words.data : "");
		buf_free(&words);
	}
	return bad ? -1 : 0;
}

int
mtheme_nobreak_parse(model_ctx *c, const node *n, model_theme *t)
{
	if (!n)
		return 0;
	if (n->kind == NODE_SCALAR && !mnode_is_null(n)) {
		static const char *const yes[] = {"true", "yes", "on", NULL};
		static const char *const no[] = {"false", "no", "off", NULL};
		for (size_t i = 0; yes[i]; i++) {
			if (strcasecmp(n->str, yes[i]) == 0) {
				t->nobreak_off = 0;
				return 0;
			}
			if (strcasecmp(n->str, no[i]) == 0) {
				t->nobreak_off = ~0u;
				return 0;
			}
		}
		diag_error(
		        c->diags, DIAG_TYPE, n->pos,
		        "expected true, false or a map of the no-break rules, "
		        "got '%s'",
		        n->str);
		diag_note(c->diags, "%s", rules_note);
		return -1;
	}
	if (mexpect_map(c, n, "true, false or a map of the no-break rules") !=
	    0) {
		diag_note(c->diags, "%s", rules_note);
		return -1;
	}
	mcheck_keys(c, n, rule_keys, "in the no-break rules");
	int bad = 0;
	for (size_t i = 0; rule_keys[i]; i++) {
		const node *v = node_get(n, rule_keys[i]);
		unsigned bit = 1u << i;
		int on;
		if (!v)
			continue;
		if (bit == MODEL_NOBREAK_SHORT_WORDS) {
			if (read_short_words(c, v, t) != 0)
				bad = 1;
		} else if (mget_bool(c, v, &on) != 0) {
			diag_note(c->diags,
			          "every rule is on unless the theme "
			          "says '%s: false'",
			          rule_keys[i]);
			bad = 1;
		} else if (on) {
			t->nobreak_off &= ~bit;
		} else {
			t->nobreak_off |= bit;
		}
	}
	return bad ? -1 : 0;
}
