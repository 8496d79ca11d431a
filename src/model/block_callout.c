/* block_callout.c - "- callout: Text" in a tinted box, optional title,
 * a tone (info, success, warning) and a bar on the left. */
#include "model/model_internal.h"

static const char *const keys[] = {"title", "tone", "bar", NULL};
static const char *const tones[] = {"info", "success", "warning", NULL};

static int
parse(model_ctx *c, const node *block, const node *value, model_block *out)
{
	model_callout *co = &out->u.callout;
	int rc = mget_text(c, value, &co->text);
	const node *v;
	int t;
	if ((v = node_get(block, "title")) && mget_text(c, v, &co->title) != 0)
		rc = -1;
	if ((v = node_get(block, "tone"))) {
		if (mget_enum(c, v, tones, &t) == 0)
			co->tone = (model_tone)(MODEL_TONE_INFO + t);
		else
			rc = -1;
	}
	if ((v = node_get(block, "bar")) && mget_bool(c, v, &co->bar) != 0)
		rc = -1;
	return rc;
}

const model_block_spec block_callout = {"callout", keys, 1, parse};
