/* block_qr.c - "- qr: https://carecnet.org": a QR code of the text, with
 * size, level and caption. Whether the text fits is checked by the layout
 * (src/qr/), at the text's position. */
#include <string.h>

#include "model/model_internal.h"

static const char *const keys[] = {"size", "level", "caption", "alt", NULL};
static const char *const levels[] = {"L", "M", "Q", "H", NULL};

static int
parse(model_ctx *c, const node *block, const node *value, model_block *out)
{
	model_qr *q = &out->u.qr;
	int rc = 0;
	const node *v;
	q->size = 30 * 72 / 25.4;
	q->level = 1;
	q->data_pos = value->pos;
	if (mget_string(c, value, &q->data) != 0) {
		rc = -1;
	} else {
		q->len = strlen(q->data);
		if (q->len == 0) {
			diag_error(c->diags, DIAG_VALUE, value->pos,
			           "the QR code's text is empty");
			diag_note(c->diags, "write the address to encode, e.g. "
			                    "'- qr: https://carecnet.org'");
			rc = -1;
		}
	}
	/* Below about 12 mm phones struggle to read a code; above 20 cm it
	 * is a poster, not a page element. */
	if ((v = node_get(block, "size")) &&
	    mget_length(c, v, 12 * 72 / 25.4, 200 * 72 / 25.4, &q->size) != 0)
		rc = -1;
	if ((v = node_get(block, "level")) &&
	    mget_enum(c, v, levels, &q->level) != 0)
		rc = -1;
	if ((v = node_get(block, "caption")) &&
	    mget_text(c, v, &q->caption) != 0)
		rc = -1;
	if (mget_alt(c, node_get(block, "alt"), &q->alt, &q->alt_lang) != 0)
		rc = -1;
	return rc;
}

const model_block_spec block_qr = {"qr", keys, 1, parse};
