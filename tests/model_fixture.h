/* model_fixture.h - for unit tests: a model built from YAML text, as the
 * pipeline builds one (load_buffer, then model_build), and freed again.
 * Included by the tests of the model and of what reads it. */
#ifndef CAREC_TESTS_MODEL_FIXTURE_H
#define CAREC_TESTS_MODEL_FIXTURE_H

#include <string.h>

#include "load/load.h"
#include "model/model.h"
#include "util/diag.h"
#include "util/mem.h"

/* The model of yaml (named t.yaml in messages) in language lang (NULL:
 * the document's), or NULL when it does not load; its messages in *d.
 * Free with done(). */
static inline model_doc *
build_lang(const char *yaml, const char *lang, diag_list *d, arena *a)
{
	node *root = NULL;
	diag_init(d);
	arena_init(a);
	if (load_buffer(&root, a, "t.yaml", yaml, strlen(yaml), NULL, d) != 0)
		return NULL;
	model_doc *doc = NULL;
	model_options o;
	memset(&o, 0, sizeof(o));
	o.lang = lang;
	model_build(&doc, root, &o, d);
	return doc;
}

static inline model_doc *
build(const char *yaml, diag_list *d, arena *a)
{
	return build_lang(yaml, NULL, d, a);
}

static inline void
done(model_doc *doc, diag_list *d, arena *a)
{
	model_free(doc);
	diag_free(d);
	arena_free(a);
}

#endif
