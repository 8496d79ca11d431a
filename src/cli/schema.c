/*
 * schema.c - `carec-report schema`: the JSON Schema (draft 2020-12) of
 * reports, for editors (yaml-language-server) and CI.
 *
 * Nothing here lists the format again: the block types come from
 * blocks.def, the keys from the lists validation checks maps against
 * (model_keys, model_block_keys), the languages and colour names from
 * their tables, lengths and colours from the patterns beside mget_length
 * and mget_colour. The descriptions come from the pages of docs/blocks/,
 * turned into a table at build time (tools/schema-docs.c), so that the
 * docs stay their one source.
 *
 * The schema checks what the tables say: which blocks and keys exist
 * (a misspelt block or key is the commonest mistake), the languages of
 * language maps, colours and margins. Values the parsers check in code
 * (ranges, most types) are left to `carec-report check`. Any map may
 * hold 'include:', and any text may be a language map or use {{ data }}.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "model/model.h"

/* The table tools/schema-docs.c writes: {page, key or NULL, text}. */
extern const char *const schema_docs[][3];

/* A JSON writer: one value per line at most, indented. */
typedef struct jw {
	FILE *out;
	int depth;
	int first[32]; /* per level: nothing written in it yet */
} jw;

static void
put_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char b = (unsigned char)*s;
		if (b == '"' || b == '\\')
			fprintf(out, "\\%c", b);
		else if (b < 0x20)
			fprintf(out, "\\u%04x", b);
		else
			fputc(b, out);
	}
	fputc('"', out);
}

/* Start a member "name": (name NULL: an array element). */
static void
member(jw *w, const char *name)
{
	if (!w->first[w->depth])
		fputc(',', w->out);
	w->first[w->depth] = 0;
	fprintf(w->out, "\n%*s", 2 * w->depth, "");
	if (name) {
		put_string(w->out, name);
		fputs(": ", w->out);
	}
}

static void
open_(jw *w, const char *name, char bracket)
{
	member(w, name);
	fputc(bracket, w->out);
	w->first[++w->depth] = 1;
}

static void
close_(jw *w, char bracket)
{
	int empty = w->first[w->depth];
	w->depth--;
	if (!empty)
		fprintf(w->out, "\n%*s", 2 * w->depth, "");
	fputc(bracket, w->out);
}

static void
str(jw *w, const char *name, const char *value)
{
	member(w, name);
	put_string(w->out, value);
}

/* A member whose value is raw JSON. */
static void
raw(jw *w, const char *name, const char *json)
{
	member(w, name);
	fputs(json, w->out);
}

/* The description of key on page (key NULL: the page itself), or NULL. */
static const char *
doc_of(const char *page, const char *key)
{
	for (size_t i = 0; schema_docs[i][0]; i++)
		if (strcmp(schema_docs[i][0], page) == 0 &&
		    (key ? schema_docs[i][1] && strcmp(schema_docs[i][1], key) == 0
		         : !schema_docs[i][1]))
			return schema_docs[i][2];
	return NULL;
}

static void
describe(jw *w, const char *page, const char *key)
{
	const char *d = doc_of(page, key);
	if (!d && strcmp(page, key) == 0)
		d = doc_of(page, NULL); /* the page of the top-level key */
	if (d)
		str(w, "description", d);
}

/* The other spelling of a key with "colour" in it ("color"), in buf; NULL
 * when it has none. */
static const char *
color_spelling(const char *key, char *out, size_t size)
{
	const char *p = strstr(key, "colour");
	if (!p || strlen(key) >= size)
		return NULL;
	size_t at = (size_t)(p - key);
	memcpy(out, key, at + 4);
	strcpy(out + at + 4, p + 5);
	return out;
}

/* A property for key and, with "colour" in it, one for its "color"
 * spelling, each with the JSON value schema (NULL: any value) and the
 * description of key on page (page NULL: none). */
static void
property(jw *w, const char *key, const char *schema, const char *page)
{
	char other[64];
	const char *names[2] = {key, color_spelling(key, other, sizeof(other))};
	for (int i = 0; i < 2 && names[i]; i++) {
		open_(w, names[i], '{');
		if (schema)
			raw(w, "$ref", schema);
		if (page)
			describe(w, page, key);
		close_(w, '}');
	}
}

/* The properties of keys, each with schema (a "$ref" string, or NULL) and
 * its description from page, and 'include:'. */
static void
properties(jw *w, const char *const *keys, const char *schema,
           const char *page)
{
	for (size_t i = 0; keys[i]; i++)
		property(w, keys[i], schema, page);
	property(w, "include", "\"#/$defs/include\"", NULL);
}

/* A map of exactly keys (or an empty value), each value of schema. */
static void
closed_map(jw *w, const char *name, const char *const *keys,
           const char *schema, const char *page)
{
	open_(w, name, '{');
	raw(w, "type", "[\"object\", \"null\"]");
	open_(w, "properties", '{');
	properties(w, keys, schema, page);
	close_(w, '}');
	raw(w, "additionalProperties", "false");
	close_(w, '}');
}

static void
block(jw *w, model_block_kind kind)
{
	const char *name = model_block_name(kind);
	char def[64];
	snprintf(def, sizeof(def), "block-%s", name);
	int bare;
	const char *const *keys = model_block_keys(kind, &bare);
	open_(w, def, '{');
	describe(w, name, NULL);
	raw(w, "type", "\"object\"");
	open_(w, "required", '[');
	str(w, NULL, name);
	close_(w, ']');
	open_(w, "properties", '{');
	property(w, name, NULL, name);
	for (size_t i = 0; keys && keys[i]; i++)
		property(w, keys[i], NULL, name);
	properties(w, model_keys(MODEL_KEYS_BLOCK), NULL, name);
	close_(w, '}');
	raw(w, "additionalProperties", "false");
	close_(w, '}');
}

static void
defs(jw *w)
{
	open_(w, "$defs", '{');

	open_(w, "include", '{');
	raw(w, "type", "\"string\"");
	str(w, "description",
	    "another YAML file, relative to the file that names it: its "
	    "content stands here (a list is spliced into the list; beside "
	    "other keys, the included map is taken and they change it)");
	close_(w, '}');

	open_(w, "length", '{');
	str(w, "description", "a length with a unit: 12mm, 1.5cm, 10pt, 0.5in");
	open_(w, "anyOf", '[');
	open_(w, NULL, '{');
	raw(w, "type", "\"string\"");
	str(w, "pattern", model_length_pattern);
	close_(w, '}');
	raw(w, NULL, "{\"const\": 0}");
	close_(w, ']');
	close_(w, '}');

	open_(w, "colour", '{');
	str(w, "description", "a colour as hex, in quotes: \"#0b6e4f\" or \"#fff\"");
	raw(w, "type", "\"string\"");
	str(w, "pattern", model_colour_pattern);
	close_(w, '}');

	/* A theme colour: hex, or its screen and print values
	 * (theme_colours.c). */
	open_(w, "theme-colour", '{');
	open_(w, "anyOf", '[');
	raw(w, NULL, "{\"$ref\": \"#/$defs/colour\"}");
	open_(w, NULL, '{');
	str(w, "description",
	    "a colour for the screen (rgb) and for print (cmyk: percent of "
	    "cyan, magenta, yellow and black)");
	raw(w, "type", "\"object\"");
	open_(w, "properties", '{');
	raw(w, "rgb", "{\"$ref\": \"#/$defs/colour\"}");
	raw(w, "cmyk",
	    "{\"type\": \"array\", \"minItems\": 4, \"maxItems\": 4, "
	    "\"items\": {\"type\": \"number\", \"minimum\": 0, "
	    "\"maximum\": 100}}");
	close_(w, '}');
	raw(w, "required", "[\"rgb\"]");
	raw(w, "additionalProperties", "false");
	close_(w, '}');
	close_(w, ']');
	close_(w, '}');

	open_(w, "language", '{');
	str(w, "description", "a language code");
	open_(w, "enum", '[');
	for (size_t i = 0; model_languages[i]; i++)
		str(w, NULL, model_languages[i]);
	close_(w, ']');
	close_(w, '}');

	/* A text is a plain value or a map of languages; its {{ data }} is
	 * text too. */
	open_(w, "text", '{');
	open_(w, "anyOf", '[');
	raw(w, NULL, "{\"type\": [\"string\", \"number\", \"boolean\", \"null\"]}");
	open_(w, NULL, '{');
	raw(w, "type", "\"object\"");
	raw(w, "propertyNames", "{\"$ref\": \"#/$defs/language\"}");
	close_(w, '}');
	close_(w, ']');
	close_(w, '}');

	open_(w, "document", '{');
	raw(w, "type", "[\"object\", \"null\"]");
	open_(w, "properties", '{');
	const char *const *dk = model_keys(MODEL_KEYS_DOCUMENT);
	for (size_t i = 0; dk[i]; i++)
		property(w, dk[i],
		         strcmp(dk[i], "language") == 0 ? "\"#/$defs/language\""
		                                         : NULL,
		         NULL);
	property(w, "include", "\"#/$defs/include\"", NULL);
	close_(w, '}');
	raw(w, "additionalProperties", "false");
	close_(w, '}');

	/* The theme: an installed theme's name, or a map of settings. */
	open_(w, "theme", '{');
	open_(w, "anyOf", '[');
	raw(w, NULL, "{\"type\": \"string\"}");
	open_(w, NULL, '{');
	raw(w, "type", "[\"object\", \"null\"]");
	open_(w, "properties", '{');
	const char *const *tk = model_keys(MODEL_KEYS_THEME);
	for (size_t i = 0; tk[i]; i++) {
		static const struct {
			const char *key, *def;
		} typed[] = {{"page", "theme-page"},     {"fonts", "theme-fonts"},
		             {"sizes", "theme-sizes"},   {"colours", "theme-colours"},
		             {"header", "theme-zone"},   {"footer", "theme-zone"}};
		const char *def = NULL;
		char ref[64];
		for (size_t k = 0; k < sizeof(typed) / sizeof(typed[0]); k++)
			if (strcmp(typed[k].key, tk[i]) == 0) {
				snprintf(ref, sizeof(ref), "\"#/$defs/%s\"", typed[k].def);
				def = ref;
			}
		property(w, tk[i], def, NULL);
	}
	property(w, "include", "\"#/$defs/include\"", NULL);
	close_(w, '}');
	raw(w, "additionalProperties", "false");
	close_(w, '}');
	close_(w, ']');
	close_(w, '}');

	open_(w, "theme-page", '{');
	raw(w, "type", "[\"object\", \"null\"]");
	open_(w, "properties", '{');
	const char *const *pk = model_keys(MODEL_KEYS_THEME_PAGE);
	for (size_t i = 0; pk[i]; i++)
		property(w, pk[i],
		         strcmp(pk[i], "margins") == 0 ? "\"#/$defs/theme-margins\""
		                                        : NULL,
		         NULL);
	property(w, "include", "\"#/$defs/include\"", NULL);
	close_(w, '}');
	raw(w, "additionalProperties", "false");
	close_(w, '}');

	open_(w, "theme-margins", '{');
	open_(w, "anyOf", '[');
	raw(w, NULL, "{\"$ref\": \"#/$defs/length\"}");
	closed_map(w, NULL, model_keys(MODEL_KEYS_THEME_MARGINS),
	           "\"#/$defs/length\"", NULL);
	close_(w, ']');
	close_(w, '}');

	open_(w, "theme-fonts", '{');
	raw(w, "type", "[\"object\", \"null\"]");
	open_(w, "properties", '{');
	properties(w, model_keys(MODEL_KEYS_THEME_FONTS),
	           "\"#/$defs/theme-family\"", NULL);
	close_(w, '}');
	raw(w, "additionalProperties", "false");
	close_(w, '}');

	/* One font file, or a map of the family's files. */
	open_(w, "theme-family", '{');
	open_(w, "anyOf", '[');
	raw(w, NULL, "{\"type\": \"string\"}");
	closed_map(w, NULL, model_keys(MODEL_KEYS_THEME_FAMILY), NULL, NULL);
	close_(w, ']');
	close_(w, '}');

	closed_map(w, "theme-sizes", model_keys(MODEL_KEYS_THEME_SIZES), NULL,
	           NULL);
	closed_map(w, "theme-colours", model_colour_names,
	           "\"#/$defs/theme-colour\"", NULL);
	closed_map(w, "theme-zone", model_keys(MODEL_KEYS_THEME_ZONE),
	           "\"#/$defs/text\"", NULL);

	/* A list of blocks: each a block of one type, a bare word, or an
	 * include. */
	open_(w, "content", '{');
	raw(w, "type", "[\"array\", \"null\"]");
	raw(w, "items", "{\"$ref\": \"#/$defs/block\"}");
	close_(w, '}');
	open_(w, "block", '{');
	str(w, "description", "a block: a map whose first key names its type");
	open_(w, "anyOf", '[');
	open_(w, NULL, '{');
	raw(w, "type", "\"object\"");
	raw(w, "required", "[\"include\"]");
	raw(w, "properties", "{\"include\": {\"$ref\": \"#/$defs/include\"}}");
	raw(w, "additionalProperties", "false");
	close_(w, '}');
	open_(w, NULL, '{');
	str(w, "description", "a block without content, as a bare word");
	open_(w, "enum", '[');
	for (int k = 0; k < MODEL_BLOCK_COUNT; k++) {
		int bare;
		model_block_keys((model_block_kind)k, &bare);
		if (bare)
			str(w, NULL, model_block_name((model_block_kind)k));
	}
	close_(w, ']');
	close_(w, '}');
	for (int k = 0; k < MODEL_BLOCK_COUNT; k++) {
		char ref[80];
		snprintf(ref, sizeof(ref), "{\"$ref\": \"#/$defs/block-%s\"}",
		         model_block_name((model_block_kind)k));
		raw(w, NULL, ref);
	}
	close_(w, ']');
	close_(w, '}');
	for (int k = 0; k < MODEL_BLOCK_COUNT; k++)
		block(w, (model_block_kind)k);

	close_(w, '}');
}

int
cli_schema(FILE *out)
{
	jw w;
	memset(&w, 0, sizeof(w));
	w.out = out;
	w.first[0] = 1;
	fputc('{', out);
	w.first[++w.depth] = 1;
	str(&w, "$schema", "https://json-schema.org/draft/2020-12/schema");
	str(&w, "title", "carec-report report");
	str(&w, "description",
	    "A report for carec-report: document settings, a theme and the "
	    "content, a list of blocks. Printed by `carec-report schema`.");
	raw(&w, "type", "\"object\"");
	open_(&w, "properties", '{');
	const char *const *top = model_keys(MODEL_KEYS_TOP);
	for (size_t i = 0; top[i]; i++) {
		char ref[64];
		int known = strcmp(top[i], "document") == 0 ||
		            strcmp(top[i], "theme") == 0 ||
		            strcmp(top[i], "content") == 0;
		snprintf(ref, sizeof(ref), "\"#/$defs/%s\"", top[i]);
		property(&w, top[i], known ? ref : NULL,
		         known ? NULL : top[i]);
	}
	property(&w, "include", "\"#/$defs/include\"", NULL);
	close_(&w, '}');
	raw(&w, "additionalProperties", "false");
	defs(&w);
	close_(&w, '}');
	fputc('\n', out);
	return fflush(out) == 0 && !ferror(out) ? EXIT_OK : EXIT_SYSTEM;
}
