/* check.c - node checks and typed getters for validation (see
 * model_internal.h). Every getter reports at the node's own position. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/model_internal.h"
#include "util/paths.h"
#include "util/utf8.h"

int
mnode_is_null(const node *n)
{
	if (!n)
		return 1;
	if (n->kind != NODE_SCALAR || n->style != NODE_PLAIN)
		return 0;
	return n->len == 0 || strcmp(n->str, "~") == 0 ||
	       strcmp(n->str, "null") == 0 || strcmp(n->str, "Null") == 0 ||
	       strcmp(n->str, "NULL") == 0;
}

/* "a string", "a list", "nothing" for what a node actually is. */
static const char *
got_name(const node *n)
{
	if (mnode_is_null(n))
		return "nothing";
	return node_kind_name(n->kind);
}

static int
expect_kind(model_ctx *c, const node *n, node_kind kind, const char *what)
{
	if (n && n->kind == kind && !(kind == NODE_SCALAR && mnode_is_null(n)))
		return 0;
	diag_error(c->diags, DIAG_TYPE, n->pos, "expected %s, got %s", what,
	           got_name(n));
	return -1;
}

int
mexpect_map(model_ctx *c, const node *n, const char *what)
{
	return expect_kind(c, n, NODE_MAP, what);
}

int
mexpect_seq(model_ctx *c, const node *n, const char *what)
{
	return expect_kind(c, n, NODE_SEQ, what);
}

int
mexpect_scalar(model_ctx *c, const node *n, const char *what)
{
	return expect_kind(c, n, NODE_SCALAR, what);
}

/* Edit distance, capped: enough to suggest a key. */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return 99;
	size_t row[65];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t cost = tolower((unsigned char)a[i - 1]) ==
			              tolower((unsigned char)b[j - 1]) ? 0 : 1;
			size_t best = prev + cost;
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	return row[lb];
}

const char *
mclosest(const char *word, const char *const *candidates)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1;
	size_t len = strlen(word);
	for (size_t i = 0; candidates[i]; i++) {
		size_t d = distance(word, candidates[i]);
		if (d < bestd) {
			bestd = d;
			best = candidates[i];
		}
	}
	/* Close enough: a typo or two, scaled to the word's length. */
	size_t allowed = len <= 3 ? 1 : len <= 6 ? 2 : 3;
	return bestd <= allowed ? best : NULL;
}

/* Append "'a', 'b' and 'c'" to b. */
static void
list_names(buf *b, const char *const *names)
{
	size_t n = 0;
	while (names[n])
		n++;
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			buf_puts(b, i + 1 == n ? " and " : ", ");
		buf_printf(b, "'%s'", names[i]);
	}
}

void
mcheck_keys(model_ctx *c, const node *n, const char *const *keys,
            const char *where)
{
	if (!n || n->kind != NODE_MAP)
		return;
	for (size_t i = 0; i < n->npairs; i++) {
		const char *k = n->pairs[i].key;
		int known = 0;
		for (size_t j = 0; keys[j]; j++)
			if (node_key_is(k, keys[j]))
				known = 1;
		if (known)
			continue;
		diag_error(c->diags, DIAG_UNKNOWN_KEY, n->pairs[i].key_pos,
		           "unknown key '%s' %s", k, where);
		const char *near = mclosest(k, keys);
		if (near) {
			diag_note(c->diags, "did you mean '%s'?", near);
		} else {
			buf b;
			buf_init(&b);
			list_names(&b, keys);
			diag_note(c->diags, "the keys allowed here are %s", b.data);
			buf_free(&b);
		}
	}
}

void
mmissing(model_ctx *c, const node *n, const char *key,
         const char *const *known, const char *where, const char *example)
{
	/* A misspelt key was already reported with "did you mean": saying
	 * that the right one is missing too would only repeat it. A known
	 * key is no misspelling, however close ('subtitle' to 'title'). */
	for (size_t i = 0; n->kind == NODE_MAP && i < n->npairs; i++) {
		const char *k = n->pairs[i].key;
		const char *cand[] = {key, NULL};
		if (node_key_is(k, key) || !mclosest(k, cand))
			continue;
		int is_known = 0;
		for (size_t j = 0; known && known[j]; j++)
			if (node_key_is(k, known[j]))
				is_known = 1;
		if (!is_known)
			return;
	}
	diag_error(c->diags, DIAG_MISSING_KEY, n->pos, "%s needs a '%s'", where,
	           key);
	if (example)
		diag_note(c->diags, "add it like this: %s", example);
}

/* Does s look like a language code: two or three ASCII letters? */
static int
looks_like_lang_code(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 3)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalpha((unsigned char)s[i]))
			return 0;
	return 1;
}

void
mlanguage_note(model_ctx *c, const char *code)
{
	const char *near = mclosest(code, model_languages);
	if (near) {
		diag_note(c->diags, "did you mean '%s'?", near);
		return;
	}
	buf b;
	buf_init(&b);
	list_names(&b, model_languages);
	diag_note(c->diags, "the language codes are %s", b.data);
	buf_free(&b);
}

/* Resolve a text value: a scalar, or a map of languages. Store the chosen
 * scalar node in *out, and in *lang the language it is written in when it
 * is a map's fallback, not the language shown (else NULL). */
static int
pick_language(model_ctx *c, const node *n, const node **out, const char **lang)
{
	*lang = NULL;
	if (!n || mnode_is_null(n)) {
		diag_error(c->diags, DIAG_TYPE, n->pos,
		           "expected text, got nothing");
		return -1;
	}
	if (n->kind == NODE_SCALAR) {
		*out = n;
		return 0;
	}
	if (n->kind != NODE_MAP) {
		diag_error(c->diags, DIAG_TYPE, n->pos,
		           "expected text, got %s", got_name(n));
		if (n->kind == NODE_SEQ)
			diag_note(c->diags, "a text is one string, or a map of "
			                    "languages such as 'en: ...' and 'ru: ...'");
		return -1;
	}
	int bad = 0;
	for (size_t i = 0; i < n->npairs; i++) {
		const char *k = n->pairs[i].key;
		if (!model_language_known(k) && (looks_like_lang_code(k) ||
		                                 mclosest(k, model_languages))) {
			diag_error(c->diags, DIAG_UNKNOWN_KEY, n->pairs[i].key_pos,
			           "unknown language code '%s'", k);
			mlanguage_note(c, k);
			bad = 1;
		} else if (!model_language_known(k)) {
			diag_error(c->diags, DIAG_TYPE, n->pairs[i].key_pos,
			           "expected text or a map of languages, but '%s' "
			           "is not a language code", k);
			mlanguage_note(c, k);
			bad = 1;
		} else if (n->pairs[i].value->kind != NODE_SCALAR) {
			diag_error(c->diags, DIAG_TYPE, n->pairs[i].value->pos,
			           "expected the '%s' text, got %s", n->pairs[i].key,
			           got_name(n->pairs[i].value));
			bad = 1;
		}
	}
	if (bad)
		return -1;
	const node *v = node_get(n, c->lang);
	if (v) {
		*out = v;
		return 0;
	}
	if (c->lang_bad && n->npairs > 0) {
		/* The document's language was reported wrong: whatever it
		 * was meant to be, one text stands in for it. */
		*out = n->pairs[0].value;
		if (strcmp(n->pairs[0].key, c->lang) != 0)
			*lang = arena_strdup(c->mem, n->pairs[0].key);
		return 0;
	}
	v = node_get(n, c->doc_lang);
	if (v) {
		diag_warning(c->diags, DIAG_LANG, n->pos,
		             "no '%s' translation here; the '%s' text is shown",
		             c->lang, c->doc_lang);
		diag_note(c->diags, "add a line '%s: ...' with the translation",
		          c->lang);
		*out = v;
		*lang = c->doc_lang;
		return 0;
	}
	diag_error(c->diags, DIAG_LANG, n->pos,
	           "no '%s' text here, and no '%s' text to fall back to",
	           c->lang, c->doc_lang);
	return -1;
}

int
mget_string(model_ctx *c, const node *n, const char **out)
{
	const char *lang;
	return mget_string_lang(c, n, out, &lang);
}

int
mget_string_lang(model_ctx *c, const node *n, const char **out,
                 const char **lang)
{
	const node *s;
	if (pick_language(c, n, &s, lang) != 0)
		return -1;
	const char *t;
	size_t tlen;
	if (mdata_expand(c, s, s->str, s->len, &t, &tlen) != 0)
		return -1;
	*out = t == s->str ? arena_strndup(c->mem, s->str, s->len) : t;
	return 0;
}

int
mget_text(model_ctx *c, const node *n, model_text *out)
{
	const node *s;
	memset(out, 0, sizeof(*out));
	out->pos = n ? n->pos : (src_pos){0};
	const char *lang;
	if (pick_language(c, n, &s, &lang) != 0)
		return -1;
	/* Data references first: a value may carry markup. */
	const char *t;
	size_t len;
	if (mdata_expand(c, s, s->str, s->len, &t, &len) != 0)
		return -1;
	/* A block scalar ends with a newline that is not a line break. */
	while (len > 0 && (t[len - 1] == '\n' || t[len - 1] == ' '))
		len--;
	return minline_parse(c, s, t, len, lang, out);
}

int
mget_bool(model_ctx *c, const node *n, int *out)
{
	static const char *const yes[] = {"true", "yes", "on", NULL};
	static const char *const no[] = {"false", "no", "off", NULL};
	if (mexpect_scalar(c, n, "true or false") != 0)
		return -1;
	for (size_t i = 0; yes[i]; i++) {
		if (strcasecmp(n->str, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(n->str, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	diag_error(c->diags, DIAG_TYPE, n->pos,
	           "expected true or false, got '%s'", n->str);
	return -1;
}

int
mget_number(model_ctx *c, const node *n, double min, double max, double *out)
{
	if (mexpect_scalar(c, n, "a number") != 0)
		return -1;
	char *end;
	errno = 0;
	double v = strtod(n->str, &end);
	if (end == n->str || *end || errno || !isfinite(v)) {
		diag_error(c->diags, DIAG_TYPE, n->pos,
		           "expected a number, got '%s'", n->str);
		return -1;
	}
	if (v < min || v > max) {
		diag_error(c->diags, DIAG_VALUE, n->pos,
		           "%s is out of range; use a number from %g to %g",
		           n->str, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

int
mget_int(model_ctx *c, const node *n, long min, long max, long *out)
{
	if (mexpect_scalar(c, n, "a whole number") != 0)
		return -1;
	char *end;
	errno = 0;
	long v = strtol(n->str, &end, 10);
	if (end == n->str || *end || errno) {
		diag_error(c->diags, DIAG_TYPE, n->pos,
		           "expected a whole number, got '%s'", n->str);
		return -1;
	}
	if (v < min || v > max) {
		diag_error(c->diags, DIAG_VALUE, n->pos,
		           "%ld is out of range; use a number from %ld to %ld", v,
		           min, max);
		return -1;
	}
	*out = v;
	return 0;
}

/* A number and one of the units of mget_length, or a bare 0. */
const char model_length_pattern[] =
	"^(-?([0-9]+\\.?[0-9]*|\\.[0-9]+) *(mm|cm|pt|in)|-?(0+\\.?0*|\\.0+))$";

int
mget_length(model_ctx *c, const node *n, double min, double max, double *out)
{
	static const struct {
		const char *unit;
		double pt;
	} units[] = {{"mm", 72.0 / 25.4}, {"cm", 72.0 / 2.54}, {"pt", 1.0},
	             {"in", 72.0}};
	if (mexpect_scalar(c, n, "a length such as 12mm") != 0)
		return -1;
	char *end;
	errno = 0;
	double v = strtod(n->str, &end);
	if (end == n->str || errno || !isfinite(v)) {
		diag_error(c->diags, DIAG_LENGTH, n->pos,
		           "'%s' is not a length", n->str);
		diag_note(c->diags, "write a number and a unit: 12mm, 1.5cm, 10pt "
		                    "or 0.5in");
		return -1;
	}
	while (*end == ' ')
		end++;
	double pt = -1;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(end, units[i].unit) == 0)
			pt = v * units[i].pt;
	if (pt < 0 && *end == '\0' && v == 0)
		pt = 0;
	if (pt < 0 && v >= 0) {
		if (*end == '\0') {
			diag_error(c->diags, DIAG_LENGTH, n->pos,
			           "the length '%s' has no unit", n->str);
			diag_note(c->diags, "write it with a unit: %smm or %spt",
			          n->str, n->str);
		} else {
			diag_error(c->diags, DIAG_LENGTH, n->pos,
			           "unknown unit '%s' in the length '%s'", end,
			           n->str);
			diag_note(c->diags, "the units are mm, cm, pt and in");
		}
		return -1;
	}
	if (pt < min - 1e-9 || pt > max + 1e-9) {
		diag_error(c->diags, DIAG_VALUE, n->pos,
		           "the length %s is out of range (%.1fmm to %.1fmm)",
		           n->str, min * 25.4 / 72.0, max * 25.4 / 72.0);
		return -1;
	}
	*out = pt;
	return 0;
}

static int
hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = (char)tolower((unsigned char)ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

const char model_colour_pattern[] = "^#([0-9a-fA-F]{3}){1,2}$";

int
mget_colour(model_ctx *c, const node *n, uint32_t *out)
{
	if (mnode_is_null(n)) {
		diag_error(c->diags, DIAG_COLOUR, n->pos,
		           "expected a colour such as \"#0b6e4f\", got nothing");
		diag_note(c->diags, "in YAML a '#' after a space starts a comment: "
		                    "put the colour in quotes, \"#0b6e4f\"");
		return -1;
	}
	if (mexpect_scalar(c, n, "a colour such as \"#0b6e4f\"") != 0)
		return -1;
	const char *s = n->str;
	size_t len = strlen(s);
	int ok = s[0] == '#' && (len == 7 || len == 4);
	for (size_t i = 1; ok && i < len; i++)
		ok = hexval(s[i]) >= 0;
	if (!ok) {
		diag_error(c->diags, DIAG_COLOUR, n->pos,
		           "'%s' is not a colour", s);
		diag_note(c->diags, "write colours as hex in quotes: \"#0b6e4f\" or "
		                    "\"#fff\"");
		return -1;
	}
	uint32_t v = 0;
	if (len == 7) {
		for (size_t i = 1; i < 7; i++)
			v = (v << 4) | (uint32_t)hexval(s[i]);
	} else {
		for (size_t i = 1; i < 4; i++) {
			uint32_t h = (uint32_t)hexval(s[i]);
			v = (v << 8) | (h << 4) | h;
		}
	}
	*out = v;
	return 0;
}

int
mget_enum(model_ctx *c, const node *n, const char *const *names, int *out)
{
	if (mexpect_scalar(c, n, "a name") != 0)
		return -1;
	for (int i = 0; names[i]; i++) {
		if (strcmp(n->str, names[i]) == 0) {
			*out = i;
			return 0;
		}
	}
	buf b;
	buf_init(&b);
	list_names(&b, names);
	diag_error(c->diags, DIAG_ENUM, n->pos,
	           "'%s' is not allowed here; use one of %s", n->str, b.data);
	buf_free(&b);
	const char *near = mclosest(n->str, names);
	if (near)
		diag_note(c->diags, "did you mean '%s'?", near);
	return -1;
}

int
mget_align(model_ctx *c, const node *n, model_align *out)
{
	static const char *const names[] = {"left", "center", "right", NULL};
	static const model_align values[] = {MODEL_ALIGN_LEFT,
	                                     MODEL_ALIGN_CENTER,
	                                     MODEL_ALIGN_RIGHT};
	int a;
	if (mget_enum(c, n, names, &a) != 0)
		return -1;
	*out = values[a];
	return 0;
}

/* Drop "dir/.." pairs and "./" from a relative path, in place, so that
 * messages show the path a person would write. */
static void
tidy_path(char *p)
{
	char *seg[256];
	size_t n = 0;
	int abs = p[0] == '/';
	for (char *t = strtok(p + abs, "/"); t && n < 256; t = strtok(NULL, "/")) {
		if (strcmp(t, ".") == 0)
			continue;
		if (strcmp(t, "..") == 0 && n > 0 && strcmp(seg[n - 1], "..") != 0) {
			n--;
			continue;
		}
		seg[n++] = t;
	}
	char out[4096];
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		int w = snprintf(out + len, sizeof(out) - len, "%s%s",
		                 i || abs ? "/" : "", seg[i]);
		if (w < 0 || (size_t)w >= sizeof(out) - len)
			return; /* too long to tidy: keep it as it was */
		len += (size_t)w;
	}
	memcpy(p, out, len + 1);
}

int
mget_path(model_ctx *c, const node *n, const char *what, const char **out)
{
	if (mexpect_scalar(c, n, "a file path") != 0)
		return -1;
	if (n->len == 0) {
		diag_error(c->diags, DIAG_VALUE, n->pos, "the %s path is empty",
		           what);
		diag_note(c->diags, "write the path of the file, relative to "
		                    "this YAML file");
		return -1;
	}
	const char *slash = n->pos.file ? strrchr(n->pos.file, '/') : NULL;
	char *p;
	if (n->str[0] == '/' || !slash) {
		p = arena_strdup(c->mem, n->str);
	} else {
		size_t dl = (size_t)(slash - n->pos.file);
		p = arena_alloc(c->mem, dl + 1 + n->len + 1);
		memcpy(p, n->pos.file, dl);
		p[dl] = '/';
		memcpy(p + dl + 1, n->str, n->len + 1);
	}
	if (strlen(p) < 4096) {
		char *copy = xstrdup(p);
		tidy_path(copy);
		if (*copy)
			strcpy(p, copy);
		free(copy);
	}
	path_verdict v = path_check(c->policy, n->str, p);
	if (v != PATH_OK && v != PATH_MISSING) {
		path_report(c->diags, DIAG_VALUE, n->pos, v, n->str, what);
		return -1;
	}
	*out = p;
	return 0;
}

int
mget_path_lang(model_ctx *c, const node *n, const char *what,
               const char **out, src_pos *pos)
{
	const node *p = n;
	const char *lang;
	if (n && n->kind == NODE_MAP && pick_language(c, n, &p, &lang) != 0)
		return -1;
	*pos = p->pos;
	return mget_path(c, p, what, out);
}
