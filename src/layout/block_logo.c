/* block_logo.c - "- logo": the theme's logo, drawn by the SVG or image
 * block's own layout (so it is checked and embedded the same way). */
#include <string.h>

#include "layout/layout_internal.h"

static int
is_svg(const char *path)
{
	size_t n = strlen(path);
	return n > 4 && (strcmp(path + n - 4, ".svg") == 0 ||
	                 strcmp(path + n - 4, ".SVG") == 0);
}

void
layout_block_logo(lflow *f, const model_block *b, double x, double w)
{
	const model_svg *m = &b->u.logo;
	const model_theme *th = f->th;
	if (!th->logo) {
		diag_error(f->diags, DIAG_VALUE, b->pos,
		           "the theme has no logo to show");
		diag_note(f->diags, "add it to the theme once, such as logo: "
		                    "../../assets/carec-logo.svg");
		f->failed = 1;
		return;
	}
	model_block lb = *b;
	if (is_svg(th->logo)) {
		lb.kind = MODEL_SVG;
		lb.u.svg = *m;
		lb.u.svg.path = th->logo;
		lb.u.svg.path_pos = th->logo_pos;
		/* Reversed as on the covers: for the brand colour (the
		 * document's: a panel's own text colour replaces f->th's). */
		lb.u.svg.reverse_bg = f->doc->theme.color_primary;
		lb.u.svg.reverse_fg = 0xffffff;
		layout_block_svg(f, &lb, x, w);
	} else {
		memset(&lb.u, 0, sizeof(lb.u));
		lb.kind = MODEL_IMAGE;
		lb.u.image.path = th->logo;
		lb.u.image.path_pos = th->logo_pos;
		lb.u.image.height = m->height;
		lb.u.image.fit = MODEL_FIT_CONTAIN;
		lb.u.image.align = m->align;
		layout_block_image(f, &lb, x, w);
	}
}
