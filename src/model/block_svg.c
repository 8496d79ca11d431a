/* block_svg.c - "- svg: assets/logo.svg": a vector drawing, with width,
 * height, align and caption; a map of languages names one file per
 * edition ("svg: {en: map.en.svg, ru: map.ru.svg}"). The file itself is read by the layout
 * (src/svg/), which reports problems inside it at the SVG's line:col. */
#include "model/model_internal.h"

static const char *const keys[] = {"width",   "height", "align",
                                   "caption", "alt",    NULL};

static int
parse(model_ctx *c, const node *block, const node *value, model_block *out)
{
	model_svg *s = &out->u.svg;
	int rc = 0;
	const node *v;
	s->align = MODEL_ALIGN_CENTER;
	s->path_pos = value->pos;
	if (mget_path_lang(c, value, "SVG drawing", &s->path, &s->path_pos) != 0)
		rc = -1;
	if ((v = node_get(block, "width")) &&
	    mget_length(c, v, 1, 5000, &s->width) != 0)
		rc = -1;
	if ((v = node_get(block, "height")) &&
	    mget_length(c, v, 1, 5000, &s->height) != 0)
		rc = -1;
	if ((v = node_get(block, "align")) && mget_align(c, v, &s->align) != 0)
		rc = -1;
	if ((v = node_get(block, "caption")) &&
	    mget_text(c, v, &s->caption) != 0)
		rc = -1;
	if (mget_alt(c, node_get(block, "alt"), &s->alt, &s->alt_lang) != 0)
		rc = -1;
	else if (!node_get(block, "alt"))
		malt_missing(c, block->pos, "drawing");
	return rc;
}

const model_block_spec block_svg = {"svg", keys, 1, parse};
