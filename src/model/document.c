/* document.c - model_build: the top level of a report (document, theme,
 * content) and the dispatch of blocks to their type's parser. */
#include <stdlib.h>
#include <string.h>

#include "model/model_internal.h"
#include "util/limits.h"

static const model_block_spec *const block_specs[MODEL_BLOCK_COUNT] = {
#define BLOCK(kind, name, file) [kind] = &file,
#include "model/blocks.def"
#undef BLOCK
};

static const char *const block_names[] = {
#define BLOCK(kind, name, file) name,
#include "model/blocks.def"
#undef BLOCK
	NULL
};

/* Keys every block may carry besides its own. */
static const char *const common_keys[] = {
        "id", "keep-together", "page-break-before", "span", "side", NULL};

/* "side: 42mm": the block is set in a side column of that width, in the
 * page's left margin beside the text, and takes no height of its own.
 * Blocks that flow across pages or hold others cannot be there. */
static void
mside_parse(model_ctx *c, const node *n, model_block *out)
{
	static const model_block_kind ok[] = {
	        MODEL_HEADING, MODEL_PARAGRAPH, MODEL_QUOTE, MODEL_CALLOUT,
	        MODEL_FIGURES, MODEL_SVG,       MODEL_IMAGE, MODEL_LOGO,
	        MODEL_QR,      MODEL_LIST};
	int allowed = 0;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		allowed |= out->kind == ok[i];
	if (!allowed) {
		diag_error(c->diags, DIAG_VALUE, n->pos,
		           "a %s block cannot be set in the side column",
		           model_block_name(out->kind));
		diag_note(c->diags, "the side column holds headings, "
		                    "paragraphs, quotes, callouts, lists, key "
		                    "figures and pictures: remove 'side'");
		return;
	}
	if (c->in_columns) {
		diag_error(c->diags, DIAG_VALUE, n->pos,
		           "'side' works only on a block outside '- %s:'",
		           c->in_columns == 2 ? "panels" : "columns");
		diag_note(c->diags,
		          "the side column is in the page's left "
		          "margin, beside the text: move the block "
		          "out of the %s, or remove 'side'",
		          c->in_columns == 2 ? "panels" : "columns");
		return;
	}
	mget_length(c, n, 15 * 72 / 25.4, 100 * 72 / 25.4, &out->side);
}

const char *
model_block_name(model_block_kind kind)
{
	return (unsigned)kind < MODEL_BLOCK_COUNT ? block_names[kind] : "?";
}

/* Whether blocks of type spec take the key name. */
static int
takes_key(const model_block_spec *spec, const char *name)
{
	for (size_t i = 0; spec->keys && spec->keys[i]; i++)
		if (strcmp(spec->keys[i], name) == 0)
			return 1;
	return 0;
}

static int
find_block_type(const char *name)
{
	for (int i = 0; block_names[i]; i++)
		if (strcmp(block_names[i], name) == 0)
			return i;
	return -1;
}

/* Check a block's keys against its type's and the common ones. */
static void
check_block_keys(model_ctx *c, const node *n, const model_block_spec *spec)
{
	const char *keys[32];
	size_t k = 0;
	keys[k++] = spec->name;
	for (size_t i = 0; spec->keys && spec->keys[i] && k < 24; i++)
		keys[k++] = spec->keys[i];
	for (size_t i = 0; common_keys[i]; i++)
		keys[k++] = common_keys[i];
	keys[k] = NULL;
	char where[64];
	snprintf(where, sizeof(where), "in %s %s block",
	         strchr("aeiou", spec->name[0]) ? "an" : "a", spec->name);
	mcheck_keys(c, n, keys, where);
}

static int
parse_block(model_ctx *c, const node *n, model_block *out)
{
	memset(out, 0, sizeof(*out));
	out->pos = n->pos;
	if (n->kind == NODE_SCALAR) {
		int t = find_block_type(n->str);
		if (t >= 0 && !block_specs[t]->needs_value) {
			out->kind = (model_block_kind)t;
			return block_specs[t]->parse(c, n, NULL, out);
		}
		if (t >= 0) {
			diag_error(c->diags, DIAG_TYPE, n->pos,
			           "a %s block needs its content after a colon",
			           n->str);
			diag_note(c->diags, "write it as '- %s: ...'", n->str);
			return -1;
		}
		diag_error(c->diags, DIAG_TYPE, n->pos,
		           "expected a block such as '- paragraph: ...', got a "
		           "string");
		diag_note(c->diags, "to add a paragraph, write '- paragraph: %.30s%s'",
		          n->str, n->len > 30 ? "..." : "");
		return -1;
	}
	if (n->kind != NODE_MAP || n->npairs == 0) {
		diag_error(c->diags, DIAG_TYPE, n->pos,
		           "expected a block such as '- paragraph: ...', got %s",
		           node_kind_name(n->kind));
		return -1;
	}

	/* The type is the key that names a block type. */
	int type = -1;
	const node_pair *type_pair = NULL;
	for (size_t i = 0; i < n->npairs; i++) {
		int t = find_block_type(n->pairs[i].key);
		if (t < 0)
			continue;
		/* A type's own key may share another type's name (a table's
		 * 'columns'): then it is that key. */
		if (type >= 0 && takes_key(block_specs[type], block_names[t]))
			continue;
		if (type >= 0 && !takes_key(block_specs[t], block_names[type])) {
			diag_error(c->diags, DIAG_TYPE, n->pairs[i].key_pos,
			           "one block cannot be both a %s and a %s",
			           block_names[type], block_names[t]);
			diag_note(c->diags, "start a new block with '- %s: ...'",
			          block_names[t]);
			return -1;
		}
		type = t;
		type_pair = &n->pairs[i];
	}
	if (type < 0) {
		const node_pair *first = &n->pairs[0];
		diag_error(c->diags, DIAG_UNKNOWN_KEY, first->key_pos,
		           "unknown block type '%s'", first->key);
		const char *near = mclosest(first->key, block_names);
		if (near) {
			diag_note(c->diags, "did you mean '%s'?", near);
		} else {
			buf b;
			buf_init(&b);
			for (size_t i = 0; block_names[i]; i++)
				buf_printf(&b, "%s%s", i ? ", " : "", block_names[i]);
			diag_note(c->diags, "the block types are %s", b.data);
			buf_free(&b);
		}
		return -1;
	}
	const model_block_spec *spec = block_specs[type];
	out->kind = (model_block_kind)type;
	check_block_keys(c, n, spec);

	const node *v;
	if ((v = node_get(n, "id")) && mexpect_scalar(c, v, "an id") == 0)
		out->id = arena_strndup(c->mem, v->str, v->len);
	if (out->id && out->kind == MODEL_HEADING)
		manchor_target(c, out->id); /* what links may go to */
	if ((v = node_get(n, "keep-together")))
		mget_bool(c, v, &out->keep_together);
	if ((v = node_get(n, "page-break-before")))
		mget_bool(c, v, &out->page_break_before);
	if ((v = node_get(n, "span")))
		mspan_parse(c, v, out); /* block_columns.c */
	if ((v = node_get(n, "side")))
		mside_parse(c, v, out);

	const node *value = type_pair->value;
	if (mnode_is_null(value) && spec->needs_value) {
		diag_error(c->diags, DIAG_TYPE, value->pos,
		           "the %s block is empty", spec->name);
		diag_note(c->diags, "write its content after '%s:'", spec->name);
		return -1;
	}
	return spec->parse(c, n, mnode_is_null(value) ? NULL : value, out);
}

int
mblocks_parse(model_ctx *c, const node *n, model_blocks *out)
{
	out->items = NULL;
	out->count = 0;
	if (mexpect_seq(c, n, "a list of blocks") != 0)
		return -1;
	out->items = arena_alloc(c->mem, (n->nitems ? n->nitems : 1) *
	                                    sizeof(model_block));
	int rc = 0;
	for (size_t i = 0; i < n->nitems; i++) {
		if (parse_block(c, n->items[i], &out->items[out->count]) == 0)
			out->count++;
		else
			rc = -1;
	}
	return rc;
}

static const char *const top_keys[] = {"document", "theme", "content",
                                       "data", NULL};
static const char *const doc_keys[] = {
        "title",      "subtitle",       "author",    "subject",
        "keywords",   "language",       "languages", "cover",
        "back-cover", "page-numbering", NULL};

/* Where the string s read from v (a text, or a map of languages) is
 * written: the text's first character when s is the text as written on
 * one line (no data filled in), its value's position otherwise. */
static void
written_at(model_ctx *c, const node *v, const char *s, src_pos *pos,
           size_t *verbatim)
{
	const node *t = v;
	if (v->kind == NODE_MAP) {
		t = node_get(v, c->lang);
		if (!t)
			t = node_get(v, c->doc_lang);
	}
	*pos = v->pos;
	*verbatim = 0;
	if (!t || t->kind != NODE_SCALAR)
		return;
	*pos = t->pos;
	if (s && t->content_col > 0 && strcmp(s, t->str) == 0) {
		pos->col = t->content_col;
		*verbatim = t->len;
	}
}

/* A title, subtitle, author, subject or keywords (*s, read from v) over
 * LIMIT_META_BYTES is an error at v, and is cut to the limit (at a
 * character) so that later stages do not set a megabyte again. */
static void
meta_length(model_ctx *c, const node *v, const char **s, const char *what)
{
	if (!*s || strlen(*s) <= (size_t)LIMIT_META_BYTES)
		return;
	diag_error(c->diags, DIAG_LIMIT, v->pos,
	           "the document's %s is longer than %ld bytes "
	           "(LIMIT_META_BYTES)", what, LIMIT_META_BYTES);
	diag_note(c->diags, "keep the %s to a line or two; put longer "
	                    "text in a paragraph of the content", what);
	size_t cut = (size_t)LIMIT_META_BYTES;
	while (cut > 0 && ((unsigned char)(*s)[cut] & 0xC0) == 0x80)
		cut--;
	*s = arena_strndup(c->mem, *s, cut);
}

/* The keywords of a list, as Info and XMP write them: "a, b, c". */
static void
keyword_list(model_ctx *c, const node *v, const char **out)
{
	buf b;
	buf_init(&b);
	for (size_t i = 0; i < v->nitems; i++) {
		const char *k;
		if (mget_string(c, v->items[i], &k) == 0)
			buf_printf(&b, "%s%s", b.len ? ", " : "", k);
	}
	*out = arena_strdup(c->mem, b.data ? b.data : "");
	buf_free(&b);
}

/* keywords: a list, a text, or a language map of lists or texts (the
 * Russian edition's keywords in Russian). A map of texts is any text's
 * (mget_string); a map with lists is resolved here the same way: the
 * edition's language, else the document's with a warning. */
static void
parse_keywords(model_ctx *c, const node *v, const char **out)
{
	const node *k = v;
	int lists = 0;
	for (size_t i = 0; v->kind == NODE_MAP && i < v->npairs; i++)
		if (v->pairs[i].value->kind == NODE_SEQ)
			lists = 1;
	if (lists) {
		for (size_t i = 0; i < v->npairs; i++) {
			if (model_language_known(v->pairs[i].key))
				continue;
			diag_error(c->diags, DIAG_UNKNOWN_KEY,
			           v->pairs[i].key_pos,
			           "unknown language code '%s' in the keywords",
			           v->pairs[i].key);
			mlanguage_note(c, v->pairs[i].key);
			return;
		}
		k = node_get(v, c->lang);
		if (!k && c->lang_bad && v->npairs > 0)
			k = v->pairs[0].value; /* the language was reported */
		else if (!k && (k = node_get(v, c->doc_lang))) {
			diag_warning(
			        c->diags, DIAG_LANG, v->pos,
			        "no '%s' keywords here; the '%s' ones are used",
			        c->lang, c->doc_lang);
			diag_note(c->diags,
			          "add a line '%s: [...]' with the "
			          "translated keywords",
			          c->lang);
		} else if (!k) {
			diag_error(c->diags, DIAG_LANG, v->pos,
			           "no '%s' keywords here, and no '%s' ones to "
			           "fall back to",
			           c->lang, c->doc_lang);
			return;
		}
	}
	if (k->kind == NODE_SEQ)
		keyword_list(c, k, out);
	else
		mget_string(c, k, out);
}

static void
parse_document(model_ctx *c, const node *n, model_doc *doc)
{
	if (mexpect_map(c, n, "the document settings (title, author, ...)") !=
	    0)
		return;
	mcheck_keys(c, n, doc_keys, "in the document settings");
	const node *v;
	if ((v = node_get(n, "subtitle"))) {
		mget_string(c, v, &doc->subtitle);
		meta_length(c, v, &doc->subtitle, "subtitle");
		written_at(c, v, doc->subtitle, &doc->subtitle_pos,
		           &doc->subtitle_verbatim);
	}
	if ((v = node_get(n, "author"))) {
		mget_string(c, v, &doc->author);
		meta_length(c, v, &doc->author, "author");
	}
	if ((v = node_get(n, "subject"))) {
		mget_string(c, v, &doc->subject);
		meta_length(c, v, &doc->subject, "subject");
	}
	mpages_parse(c, n, &doc->pages); /* covers, numbering: pages.c */
	const node_pair *cover = NULL;
	for (size_t i = 0; i < n->npairs; i++)
		if (strcmp(n->pairs[i].key, "cover") == 0)
			cover = &n->pairs[i];
	if ((v = node_get(n, "title"))) {
		mget_string(c, v, &doc->title);
		meta_length(c, v, &doc->title, "title");
		written_at(c, v, doc->title, &doc->title_pos,
		           &doc->title_verbatim);
	} else if (doc->pages.cover && cover) {
		/* Said at the cover: the reason the title is wanted most. */
		diag_error(c->diags, DIAG_MISSING_KEY, cover->key_pos,
		           "the cover shows the document's title, but the "
		           "document has no 'title'");
		diag_note(c->diags, "add it to the document settings like this: "
		                    "title: About CAREC");
	} else {
		mmissing(c, n, "title", doc_keys, "the document",
		         "title: About CAREC");
	}
	if ((v = node_get(n, "keywords"))) {
		parse_keywords(c, v, &doc->keywords);
		meta_length(c, v, &doc->keywords, "keywords");
	}
}

/* The document's own language, read before anything else so that
 * language maps everywhere know their fallback. */
static const char *
document_language(model_ctx *c, const node *root)
{
	const node *d = node_get(root, "document");
	const node *l = d && d->kind == NODE_MAP ? node_get(d, "language") : NULL;
	if (!l) {
		/* Else the first it is written in: languages.c. */
		const char *first = mlanguages_first(root);
		return first ? arena_strdup(c->mem, first) : "en";
	}
	if (l->kind != NODE_SCALAR || !model_language_known(l->str)) {
		/* One message here, not one at every text that has no
		 * translation into it (lang_bad). */
		buf b;
		buf_init(&b);
		for (size_t i = 0; model_languages[i]; i++) {
			const char *sep = !model_languages[i + 1] ? " or " : ", ";
			buf_printf(&b, "%s%s", i ? sep : "", model_languages[i]);
		}
		if (l->kind == NODE_SCALAR && !mnode_is_null(l))
			diag_error(c->diags, DIAG_VALUE, l->pos,
			           "the language '%s' is not supported; use one "
			           "of %s", l->str, b.data);
		else
			diag_error(c->diags, DIAG_VALUE, l->pos,
			           "the language must be a code: one of %s",
			           b.data);
		buf_free(&b);
		if (l->kind == NODE_SCALAR && mclosest(l->str, model_languages))
			mlanguage_note(c, l->str);
		c->lang_bad = 1;
		return "en";
	}
	return arena_strndup(c->mem, l->str, l->len);
}

int
model_build(model_doc **out, const node *root, const model_options *opt,
            diag_list *diags)
{
	*out = NULL;
	model_doc *doc = xcalloc(1, sizeof(*doc));
	arena_init(&doc->mem);
	doc->anchors = manchors_new();
	model_ctx c = {.mem = &doc->mem, .diags = diags,
	               .policy = opt ? opt->policy : NULL,
	               .row = opt ? opt->row : NULL,
	               .anchors = doc->anchors};
	size_t errors = diags->errors;

	mtheme_defaults(&doc->theme);
	if (!root || mexpect_map(&c, root, "a report (document, theme, "
	                                   "content)")) {
		model_free(doc);
		return -1;
	}
	doc->source = root->pos.file;
	c.doc_lang = document_language(&c, root);
	c.lang = opt && opt->lang ? arena_strdup(&doc->mem, opt->lang)
	                          : c.doc_lang;
	doc->lang = c.lang;

	mcheck_keys(&c, root, top_keys, "at the top of the report");
	mlanguages_check(&c, root, opt ? opt->lang : NULL);
	/* Facts first: any text below may refer to them (data.c). */
	mdata_parse(&c, node_get(root, "data"));
	const node *v;
	if ((v = node_get(root, "document")))
		parse_document(&c, v, doc);
	else
		mmissing(&c, root, "document", top_keys, "a report",
		         "document: { title: About CAREC }");
	if ((v = node_get(root, "theme")))
		mtheme_read(&c, v, &doc->theme);
	if ((v = node_get(root, "content")))
		mblocks_parse(&c, v, &doc->blocks);
	else
		mmissing(&c, root, "content", top_keys, "a report",
		         "content: [ { paragraph: Hello } ]");
	manchors_check(&c);

	if (diags->errors > errors) {
		model_free(doc);
		return -1;
	}
	if (!doc->theme.footer.left && !doc->theme.footer.center &&
	    !doc->theme.footer.right && !doc->theme.footer.pos.line)
		doc->theme.footer.center = model_builtin(doc->lang,
		                                         MODEL_STR_PAGE_OF);
	*out = doc;
	return 0;
}

void
model_free(model_doc *doc)
{
	if (!doc)
		return;
	manchors_free(doc->anchors);
	arena_free(&doc->mem);
	free(doc);
}

const char *const *
model_keys(model_keys_of which)
{
	switch (which) {
	case MODEL_KEYS_TOP:
		return top_keys;
	case MODEL_KEYS_DOCUMENT:
		return doc_keys;
	case MODEL_KEYS_BLOCK:
		return common_keys;
	default:
		return mtheme_keys(which);
	}
}

const char *const *
model_block_keys(model_block_kind kind, int *bare)
{
	*bare = !block_specs[kind]->needs_value;
	return block_specs[kind]->keys;
}
