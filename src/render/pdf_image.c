/* pdf_image.c - raster images: pixels with a soft mask, or a validated
 * JPEG passed through as DCT, each embedded once however often used. */
#include "render/render_internal.h"

int
render_draw_image(render_ctx *rc, page_state *ps, const layout_item *it)
{
	(void)ps;
	diag_error(rc->diags, DIAG_INTERNAL, it->pos,
	           "images are not drawn yet by this build");
	return -1;
}
