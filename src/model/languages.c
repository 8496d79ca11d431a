/* languages.c - the languages a report declares it is written in
 * (document: languages: [en, ru]): read from the tree for the CLI, which
 * renders or checks each, and checked by model_build. */
#include <string.h>
#include <strings.h>

#include "model/model_internal.h"

/* The code of model_languages that s is (static: it outlives the tree),
 * or NULL. */
static const char *
known_code(const char *s)
{
	for (size_t i = 0; model_languages[i]; i++)
		if (strcmp(model_languages[i], s) == 0)
			return model_languages[i];
	return NULL;
}

/* The 'languages' node of the document settings, or NULL. */
static const node *
languages_node(const node *root)
{
	const node *d = root && root->kind == NODE_MAP
	                        ? node_get(root, "document")
	                        : NULL;
	return d && d->kind == NODE_MAP ? node_get(d, "languages") : NULL;
}

size_t
model_declared_languages(const node *root, const char **out, size_t max)
{
	const node *l = languages_node(root);
	size_t n = 0;
	if (!l || l->kind != NODE_SEQ)
		return 0;
	for (size_t i = 0; i < l->nitems && n < max; i++) {
		const node *it = l->items[i];
		const char *code = it->kind == NODE_SCALAR ? known_code(it->str)
		                                           : NULL;
		if (!code)
			continue;
		size_t j = 0;
		while (j < n && out[j] != code)
			j++;
		if (j == n)
			out[n++] = code;
	}
	return n;
}

const char *
mlanguages_first(const node *root)
{
	const char *first;
	return model_declared_languages(root, &first, 1) ? first : NULL;
}

const char *
model_document_language(const node *root)
{
	const node *d = root && root->kind == NODE_MAP
	                        ? node_get(root, "document")
	                        : NULL;
	const node *l =
	        d && d->kind == NODE_MAP ? node_get(d, "language") : NULL;
	if (l && l->kind == NODE_SCALAR && known_code(l->str))
		return known_code(l->str);
	const char *first = l ? NULL : mlanguages_first(root);
	return first ? first : "en";
}

/* "en, ru" for the codes of the list l that are known. */
static void
list_known(buf *b, const node *l)
{
	for (size_t i = 0; i < l->nitems; i++) {
		const node *it = l->items[i];
		if (it->kind == NODE_SCALAR && model_language_known(it->str))
			buf_printf(b, "%s%s", b->len ? ", " : "", it->str);
	}
}

/* The comment "# languages: en ru" that script/build once read, in the
 * comments heading the report at root: a warning that it is no longer
 * read, since the report is now checked and built in one language. */
static void
old_comment(model_ctx *c, const node *root)
{
	const char *file = root->pos.file;
	size_t rest;
	const char *s;
	for (int line = 1; (s = diag_source_line(c->diags, file, line, &rest));
	     line++) {
		size_t i = 0;
		while (i < rest && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i < rest && s[i] == '\n')
			continue;
		if (i >= rest || s[i] != '#')
			return; /* the comments heading the report end here */
		size_t j = i + 1;
		while (j < rest && s[j] == ' ')
			j++;
		if (rest - j < 10 || strncasecmp(s + j, "languages:", 10) != 0)
			continue;
		diag_warning(c->diags, DIAG_LANG,
		             (src_pos){file, line, (int)i + 1},
		             "the '# languages:' comment is no longer read; the "
		             "report is shown in one language");
		diag_note(c->diags, "declare its languages in the document "
		                    "settings instead: languages: [en, ru]");
		return;
	}
}

void
mlanguages_check(model_ctx *c, const node *root, const char *shown)
{
	const node *l = languages_node(root);
	if (!l) {
		old_comment(c, root);
		return;
	}
	if (l->kind == NODE_SCALAR && !mnode_is_null(l)) {
		diag_error(c->diags, DIAG_TYPE, l->pos,
		           "the languages must be a list of codes, got the "
		           "string '%s'",
		           l->str);
		diag_note(c->diags, "write them in brackets, separated by "
		                    "commas: languages: [en, ru]");
		return;
	}
	if (mexpect_seq(c, l, "a list of language codes such as [en, ru]"))
		return;
	if (l->nitems == 0) {
		diag_error(c->diags, DIAG_VALUE, l->pos,
		           "the list of languages is empty");
		diag_note(c->diags, "list the languages the report is written "
		                    "in: languages: [en, ru]");
		return;
	}
	int bad = 0;
	for (size_t i = 0; i < l->nitems; i++) {
		const node *it = l->items[i];
		if (it->kind != NODE_SCALAR || mnode_is_null(it)) {
			diag_error(c->diags, DIAG_TYPE, it->pos,
			           "expected a language code such as en or ru, "
			           "got %s",
			           node_kind_name(it->kind));
			bad = 1;
			continue;
		}
		if (!model_language_known(it->str)) {
			diag_error(c->diags, DIAG_VALUE, it->pos,
			           "the language '%s' is not supported",
			           it->str);
			mlanguage_note(c, it->str);
			bad = 1;
			continue;
		}
		for (size_t j = 0; j < i; j++) {
			const node *o = l->items[j];
			if (o->kind == NODE_SCALAR &&
			    strcmp(o->str, it->str) == 0) {
				diag_warning(
				        c->diags, DIAG_VALUE, it->pos,
				        "the language '%s' is listed twice",
				        it->str);
				diag_note(c->diags, "remove one of them");
				break;
			}
		}
	}
	if (bad || !shown)
		return;
	for (size_t i = 0; i < l->nitems; i++)
		if (strcmp(l->items[i]->str, shown) == 0)
			return;
	/* --lang picked a language the report does not say it has. */
	buf b;
	buf_init(&b);
	list_known(&b, l);
	diag_warning(c->diags, DIAG_LANG, l->pos,
	             "the report is shown in '%s', which is not one of its "
	             "languages (%s)",
	             shown, b.data);
	diag_note(c->diags,
	          "add '%s' to the list when the report has its "
	          "translation",
	          shown);
	buf_free(&b);
}
