/* block_logo.c - "- logo": the brand's logo as the theme declares it
 * (theme 'logo:'), so that a report never repeats the logo's path and a
 * new logo is a one-line change in the theme. Keys: height, align, and
 * reverse (for a panel in the brand colour: as on the covers). */
#include "model/model_internal.h"

static const char *const keys[] = {"height", "align", "reverse", "alt", NULL};

static int
parse(model_ctx *c, const node *block, const node *value, model_block *out)
{
	model_svg *s = &out->u.logo;
	int rc = 0;
	s->align = MODEL_ALIGN_LEFT;
	s->height = 14 * 72.0 / 25.4;
	s->path_pos = block->pos;
	if (value) {
		diag_error(c->diags, DIAG_TYPE, value->pos,
		           "the logo block takes no value: it shows the "
		           "theme's logo");
		diag_note(c->diags, "write '- logo', and 'height:' or 'align:' "
		                    "on the lines below it; the file is the "
		                    "theme's 'logo:'");
		rc = -1;
	}
	if (block->kind != NODE_MAP)
		return rc;
	const node *v;
	if ((v = node_get(block, "height")) &&
	    mget_length(c, v, 4, 1000, &s->height) != 0)
		rc = -1;
	if ((v = node_get(block, "align")) && mget_align(c, v, &s->align) != 0)
		rc = -1;
	if ((v = node_get(block, "reverse")) && mget_bool(c, v, &s->reverse) != 0)
		rc = -1;
	if (mget_alt(c, node_get(block, "alt"), &s->alt, &s->alt_lang) != 0)
		rc = -1;
	return rc;
}

const model_block_spec block_logo = {"logo", keys, 0, parse};
