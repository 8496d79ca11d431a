/* theme_typeset.c - the theme's 'hyphenation:' (the fewest letters a
 * hyphen leaves on each side, per language) and 'word-spacing:' (the
 * widest gap of a justified line), with the defaults every report gets:
 *
 *     hyphenation:
 *       ru: {before: 3, after: 3}
 *       uz-Cyrl: {before: 3, after: 3}
 *     word-spacing:
 *       max: 2.5
 */
#include <string.h>

#include "model/model_internal.h"

/* The widest word gap of a justified line by default, in normal spaces.
 * The reports had gaps of 3 spaces (8.4 pt at 10.5 pt). At 2 a third of
 * the Russian paragraphs of the anniversary report's 160 mm column could
 * not be justified (long words, no hyphen in names, 3 letters on each
 * side), and a page mixing justified and ragged paragraphs looks
 * unfinished; at 2.5 every English one and all but five Russian ones keep
 * justified, and narrow panels go ragged, as a designer sets them. */
#define DEFAULT_MAX_SPACE 2.5

/* The fewest letters a theme may ask for on a side: one letter is no
 * rule at all, and past 8 hardly a word could be hyphenated. */
#define HYPH_MIN 1
#define HYPH_MAX 8

static const struct {
	const char *tag;
	int before, after;
} defaults[] = {
	/* Russian typography, and the Cyrillic spelling of the region's
	 * languages: 3 letters on each side ("меж-ду" and "клима-та" are
	 * out). English house style: 2 before, 3 after ("re-gion", never
	 * "regi-on"). Latin Uzbek and Turkmen as English. */
	{"en", 2, 3},      {"ru", 3, 3},      {"kk", 3, 3},
	{"ky", 3, 3},      {"tg", 3, 3},      {"uz", 2, 3},
	{"uz-Cyrl", 3, 3}, {"tk", 2, 3},      {"tk-Cyrl", 3, 3},
};

void
mtheme_typeset_defaults(model_theme *t)
{
	model_typeset *s = &t->typeset;
	s->nhyph = 0;
	for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++) {
		s->hyph_lang[s->nhyph] = defaults[i].tag;
		s->hyph_before[s->nhyph] = defaults[i].before;
		s->hyph_after[s->nhyph++] = defaults[i].after;
	}
	s->max_space = DEFAULT_MAX_SPACE;
}

/* Is tag[0..n) a language code of model_languages? */
static int
code_known(const char *tag, size_t n)
{
	for (size_t i = 0; model_languages[i]; i++)
		if (strlen(model_languages[i]) == n &&
		    strncmp(tag, model_languages[i], n) == 0)
			return 1;
	return 0;
}

/* The entry of tag in s, or -1. */
static int
find_tag(const model_typeset *s, const char *tag, size_t n)
{
	for (size_t i = 0; i < s->nhyph; i++)
		if (strlen(s->hyph_lang[i]) == n &&
		    strncmp(s->hyph_lang[i], tag, n) == 0)
			return (int)i;
	return -1;
}

static const char *const side_keys[] = {"before", "after", NULL};

/* One language's 'before' and 'after'. */
static void
parse_language(model_ctx *c, const node_pair *pr, model_typeset *s)
{
	size_t n = strcspn(pr->key, "-");
	const char *script = pr->key + n;
	if (!code_known(pr->key, n)) {
		diag_error(c->diags, DIAG_UNKNOWN_KEY, pr->key_pos,
		           "unknown language '%s' in the hyphenation settings",
		           pr->key);
		mlanguage_note(c, pr->key);
		return;
	}
	if (*script && strcmp(script, "-Cyrl") != 0 &&
	    strcmp(script, "-Latn") != 0) {
		diag_error(c->diags, DIAG_UNKNOWN_KEY, pr->key_pos,
		           "unknown script '%s' in the hyphenation settings",
		           script + 1);
		diag_note(c->diags, "write the language alone ('uz'), or with "
		                    "its script: 'uz-Cyrl' or 'uz-Latn'");
		return;
	}
	if (mexpect_map(c, pr->value,
	                "the fewest letters before and after a hyphen, such "
	                "as {before: 3, after: 3}") != 0)
		return;
	mcheck_keys(c, pr->value, side_keys, "in a language's hyphenation");
	/* A side not given keeps what the language had: its own entry, or
	 * the one without the script. */
	int at = find_tag(s, pr->key, strlen(pr->key));
	if (at < 0) {
		if (s->nhyph == MODEL_HYPH_MAX)
			return; /* the keys are unique and fewer */
		int base = find_tag(s, pr->key, n);
		at = (int)s->nhyph++;
		s->hyph_lang[at] = arena_strdup(c->mem, pr->key);
		int cyr = strcmp(script, "-Cyrl") == 0;
		s->hyph_before[at] = base >= 0 ? s->hyph_before[base]
		                               : (cyr ? 3 : 2);
		s->hyph_after[at] = base >= 0 ? s->hyph_after[base] : 3;
	}
	int *side[2] = {&s->hyph_before[at], &s->hyph_after[at]};
	for (int k = 0; k < 2; k++) {
		const node *v = node_get(pr->value, side_keys[k]);
		long x;
		if (!v)
			continue;
		if (mget_int(c, v, HYPH_MIN, HYPH_MAX, &x) == 0)
			*side[k] = (int)x;
		else
			diag_note(c->diags, "'before' and 'after' are the fewest "
			                    "letters a hyphen leaves on each side "
			                    "of it: with 'after: 3', \"меж-ду\" "
			                    "is not set");
	}
}

static const char *const spacing_keys[] = {"max", NULL};

void
mtheme_typeset_parse(model_ctx *c, const node *hyph, const node *spacing,
                     model_theme *t)
{
	model_typeset *s = &t->typeset;
	if (hyph && mexpect_map(c, hyph,
	                        "the hyphenation settings, a map of languages "
	                        "such as 'ru: {before: 3, after: 3}'") == 0)
		for (size_t i = 0; i < hyph->npairs; i++)
			parse_language(c, &hyph->pairs[i], s);
	if (spacing && mexpect_map(c, spacing,
	                           "the word spacing, such as "
	                           "'{max: 2}'") == 0) {
		mcheck_keys(c, spacing, spacing_keys, "in the word spacing");
		const node *v;
		if ((v = node_get(spacing, "max")) &&
		    mget_number(c, v, 1.1, 4.0, &s->max_space) != 0)
			diag_note(c->diags, "'max' is the widest gap between "
			                    "words of a justified line, in normal "
			                    "spaces: 2 is twice the space");
	}
}
