/* pdf_path.c - vector paths with solid or gradient paint. */
#include "render/render_internal.h"

int
render_draw_path(render_ctx *rc, page_state *ps, const layout_item *it)
{
	(void)ps;
	diag_error(rc->diags, DIAG_INTERNAL, it->pos,
	           "vector paths are not drawn yet by this build");
	return -1;
}
