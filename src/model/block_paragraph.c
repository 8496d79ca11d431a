/* block_paragraph.c - "- paragraph: Text with **markup**". */
#include "model/model_internal.h"

static const char *const keys[] = {"align", "hyphenate", NULL};
static const char *const aligns[] = {"left", "justify", "center", "right",
                                     NULL};

static int
parse(model_ctx *c, const node *block, const node *value, model_block *out)
{
	model_paragraph *p = &out->u.paragraph;
	p->align = MODEL_ALIGN_JUSTIFY;
	p->hyphenate = 1;
	const node *v;
	int a;
	if ((v = node_get(block, "align")) && mget_enum(c, v, aligns, &a) == 0)
		p->align = (model_align)a;
	if ((v = node_get(block, "hyphenate")))
		mget_bool(c, v, &p->hyphenate);
	return mget_text(c, value, &p->text);
}

const model_block_spec block_paragraph = {"paragraph", keys, 1, parse};
