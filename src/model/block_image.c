/* block_image.c - "- image: assets/photo.jpg": a PNG or JPEG with size,
 * fit, alignment, caption and alternative text. Whether the file exists
 * and decodes is checked by the layout (src/image/), at the path. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_internal.h"

static const char *const keys[] = {"width", "height", "fit", "align",
                                   "caption", "alt", NULL};
static const char *const fits[] = {"contain", "cover", "stretch", NULL};

/* Images are at least 1 mm and at most 1 m on a side. */
#define MIN_SIDE (72.0 / 25.4)
#define MAX_SIDE (1000 * 72.0 / 25.4)

/* A width: a length, or a percentage of the column ("60%"). */
static int
get_width(model_ctx *c, const node *n, model_image *im)
{
	if (n->kind == NODE_SCALAR && n->len > 0 && n->str[n->len - 1] == '%') {
		char *end;
		errno = 0;
		double v = strtod(n->str, &end);
		if (end == n->str || *end != '%' || errno || !isfinite(v)) {
			diag_error(c->diags, DIAG_VALUE, n->pos,
			           "'%s' is not a percentage", n->str);
			diag_note(c->diags, "write a number before the %%, such as "
			                    "60%%");
			return -1;
		}
		if (v <= 0 || v > 100) {
			diag_error(c->diags, DIAG_VALUE, n->pos,
			           "the width %s is out of range (above 0%% and at "
			           "most 100%% of the column)",
			           n->str);
			return -1;
		}
		im->width_pct = v / 100.0;
		return 0;
	}
	return mget_length(c, n, MIN_SIDE, MAX_SIDE, &im->width);
}

static int
parse(model_ctx *c, const node *block, const node *value, model_block *out)
{
	model_image *im = &out->u.image;
	int rc = 0;
	const node *v;
	im->fit = MODEL_FIT_CONTAIN;
	im->align = MODEL_ALIGN_CENTER;
	im->path_pos = value->pos;
	if (mget_path(c, value, "image", &im->path) != 0)
		rc = -1;
	else if (!value->str[0]) {
		diag_error(c->diags, DIAG_VALUE, value->pos,
		           "the image's file name is empty");
		diag_note(c->diags, "write the path of a PNG or JPEG file, e.g. "
		                    "'- image: assets/photo.jpg'");
		rc = -1;
	}
	const node *wv = node_get(block, "width");
	const node *hv = node_get(block, "height");
	if (wv && get_width(c, wv, im) != 0)
		rc = -1;
	if (hv && mget_length(c, hv, MIN_SIDE, MAX_SIDE, &im->height) != 0)
		rc = -1;
	if ((v = node_get(block, "fit"))) {
		int f;
		if (mget_enum(c, v, fits, &f) != 0) {
			rc = -1;
		} else {
			im->fit = (model_fit)f;
			if (!wv || !hv) {
				diag_warning(c->diags, DIAG_VALUE, v->pos,
				             "'fit' has no effect without both 'width' "
				             "and 'height'");
				diag_note(c->diags, "with only one of them the image "
				                    "keeps its proportions");
			}
		}
	}
	if ((v = node_get(block, "align")) && mget_align(c, v, &im->align) != 0)
		rc = -1;
	if ((v = node_get(block, "caption")) &&
	    mget_text(c, v, &im->caption) != 0)
		rc = -1;
	if (mget_alt(c, node_get(block, "alt"), &im->alt, &im->alt_lang) != 0)
		rc = -1;
	else if (!node_get(block, "alt"))
		malt_missing(c, block->pos, "image");
	return rc;
}

const model_block_spec block_image = {"image", keys, 1, parse};
