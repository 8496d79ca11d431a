/* theme.c - the theme section: page, fonts, sizes, colours, header and
 * footer, with defaults for everything a report leaves out. */
#include <stddef.h>
#include <string.h>

#include "model/model_internal.h"
#include "util/datadir.h"

#define MM (72.0 / 25.4)

/* The bundled Noto Sans in style i (regular, bold, italic, bold italic),
 * in the data folder (util/datadir.h): found once and kept for the
 * process. NULL without a data folder, which the CLI refuses first. */
static const char *
bundled_font(int i)
{
	static const char *const file[4] = {
		"fonts/NotoSans-Regular.ttf", "fonts/NotoSans-Bold.ttf",
		"fonts/NotoSans-Italic.ttf", "fonts/NotoSans-BoldItalic.ttf"};
	static char *path[4];
	if (!path[i])
		path[i] = data_path(file[i]);
	return path[i];
}

void
mtheme_defaults(model_theme *t)
{
	memset(t, 0, sizeof(*t));
	t->page_width = 210 * MM;
	t->page_height = 297 * MM;
	t->margin_top = 24 * MM;
	t->margin_bottom = 24 * MM;
	t->margin_left = 22 * MM;
	t->margin_right = 22 * MM;
	t->size_body = 10;
	t->size_small = 8;
	t->size_heading[0] = 22;
	t->size_heading[1] = 15;
	t->size_heading[2] = 12;
	t->line_height = 1.45;
	t->paragraph_space = 6;
	t->color_text = 0x1f2a2e;
	t->color_primary = 0x0b6e4f;
	t->color_accent = 0xd99a1e;
	t->color_muted = 0x5f6b70;
	t->color_tint = 0xeaf4ef;
	t->color_info = 0x1f6391;
	/* Dark enough for a callout's bold title on its pale box (4.5:1,
	 * theme_contrast.c). */
	t->color_success = 0x2a7549;
	t->color_warning = 0x94580a;
	mtheme_colours_defaults(t); /* theme_colours.c */
	model_family *f = &t->body.families[0];
	f->regular = bundled_font(0);
	f->bold = bundled_font(1);
	f->italic = bundled_font(2);
	f->bold_italic = bundled_font(3);
	t->body.count = 1;
	t->heading = t->body;
	t->header.left = "{title}";
	t->header.right = "{chapter}";
	mtemplates_defaults(&t->templates);
	mtheme_table_defaults(t);
	mtheme_paragraphs_defaults(t);
	mtheme_typeset_defaults(t); /* theme_typeset.c */
	mtheme_print_defaults(&t->print);
}

/* Each key with "colour" in it may be written "color" too (node_key_is). */
static const char *const theme_keys[] = {"page", "fonts", "sizes", "colours",
                                         "header", "footer", "background",
                                         "front-matter", "cover",
                                         "back-cover", "watermark", "table",
                                         "logo", "print", "base",
                                         "paragraphs", "hyphenation",
                                         "word-spacing", "no-break",
                                         "masthead", NULL};
static const char *const masthead_keys[] = {"logo", NULL};
static const char *const page_keys[] = {"size", "width", "height",
                                        "orientation", "margins", NULL};
static const char *const margin_keys[] = {"top", "bottom", "left", "right",
                                          NULL};
static const char *const font_keys[] = {"body", "heading", NULL};
static const char *const family_keys[] = {"regular", "bold", "italic",
                                          "bold-italic", NULL};
static const char *const size_keys[] = {"body", "small", "h1", "h2", "h3",
                                        "line-height", "paragraph-space",
                                        NULL};
static const char *const zone_keys[] = {"left", "center", "right", NULL};

const char *const *
mtheme_keys(model_keys_of which)
{
	switch (which) {
	case MODEL_KEYS_THEME_PAGE:
		return page_keys;
	case MODEL_KEYS_THEME_MARGINS:
		return margin_keys;
	case MODEL_KEYS_THEME_FONTS:
		return font_keys;
	case MODEL_KEYS_THEME_FAMILY:
		return family_keys;
	case MODEL_KEYS_THEME_SIZES:
		return size_keys;
	case MODEL_KEYS_THEME_ZONE:
		return zone_keys;
	default:
		return theme_keys;
	}
}

/* ---- named colours ---- */

const char *const model_colour_names[MODEL_COLOUR_COUNT + 1] = {
	"text", "primary", "accent", "muted", "tint", "info", "success",
	"warning", NULL};

/* Where each named colour lives in the theme, in model_colour order. */
static const size_t colour_at[MODEL_COLOUR_COUNT] = {
	offsetof(model_theme, color_text),    offsetof(model_theme, color_primary),
	offsetof(model_theme, color_accent),  offsetof(model_theme, color_muted),
	offsetof(model_theme, color_tint),    offsetof(model_theme, color_info),
	offsetof(model_theme, color_success), offsetof(model_theme, color_warning),
};

uint32_t
model_theme_colour(const model_theme *t, model_colour k)
{
	return *(const uint32_t *)((const char *)t + colour_at[k]);
}

uint32_t *
mtheme_colour_ref(model_theme *t, model_colour k)
{
	return (uint32_t *)((char *)t + colour_at[k]);
}

static void
parse_margins(model_ctx *c, const node *n, model_theme *t)
{
	const double max = 100 * MM;
	if (n->kind == NODE_SCALAR) {
		double m;
		if (mget_length(c, n, 0, max, &m) == 0)
			t->margin_top = t->margin_bottom = t->margin_left =
				t->margin_right = m;
		return;
	}
	if (mexpect_map(c, n, "a margin length, or a map of top, bottom, left "
	                      "and right") != 0)
		return;
	mcheck_keys(c, n, margin_keys, "in the page margins");
	const node *v;
	if ((v = node_get(n, "top")))
		mget_length(c, v, 0, max, &t->margin_top);
	if ((v = node_get(n, "bottom")))
		mget_length(c, v, 0, max, &t->margin_bottom);
	if ((v = node_get(n, "left")))
		mget_length(c, v, 0, max, &t->margin_left);
	if ((v = node_get(n, "right")))
		mget_length(c, v, 0, max, &t->margin_right);
}

static void
parse_page(model_ctx *c, const node *n, model_theme *t)
{
	static const char *const sizes[] = {"A4", "A5", "A3", "Letter", NULL};
	static const double dims[][2] = {{210 * MM, 297 * MM},
	                                 {148 * MM, 210 * MM},
	                                 {297 * MM, 420 * MM},
	                                 {612, 792}};
	static const char *const orients[] = {"portrait", "landscape", NULL};
	if (mexpect_map(c, n, "the page settings (size, orientation, margins)") != 0)
		return;
	mcheck_keys(c, n, page_keys, "in the page settings");
	const node *v;
	int idx;
	if ((v = node_get(n, "size")) && mget_enum(c, v, sizes, &idx) == 0) {
		t->page_width = dims[idx][0];
		t->page_height = dims[idx][1];
	}
	if ((v = node_get(n, "width")))
		mget_length(c, v, 50, 2000 * MM, &t->page_width);
	if ((v = node_get(n, "height")))
		mget_length(c, v, 50, 2000 * MM, &t->page_height);
	if (node_get(n, "size") && (node_get(n, "width") || node_get(n, "height")))
		diag_warning(c->diags, DIAG_VALUE, n->pos,
		             "the page has both a 'size' and a width or height; "
		             "the width and height win");
	if ((v = node_get(n, "orientation")) &&
	    mget_enum(c, v, orients, &idx) == 0) {
		double lo = t->page_width < t->page_height ? t->page_width
		                                          : t->page_height;
		double hi = t->page_width < t->page_height ? t->page_height
		                                          : t->page_width;
		t->page_width = idx == 1 ? hi : lo;
		t->page_height = idx == 1 ? lo : hi;
	}
	if ((v = node_get(n, "margins")))
		parse_margins(c, v, t);
}

static void
parse_family(model_ctx *c, const node *n, model_family *f)
{
	memset(f, 0, sizeof(*f));
	f->pos = n->pos;
	if (n->kind == NODE_SCALAR) {
		/* One file for every style. */
		if (mget_path(c, n, "font", &f->regular) == 0)
			f->bold = f->italic = f->bold_italic = f->regular;
		f->at[0] = f->at[1] = f->at[2] = f->at[3] = n->pos;
		return;
	}
	if (mexpect_map(c, n, "a font family (regular, bold, italic, "
	                      "bold-italic)") != 0)
		return;
	mcheck_keys(c, n, family_keys, "in a font family");
	const char **paths[4] = {&f->regular, &f->bold, &f->italic,
	                         &f->bold_italic};
	for (int i = 0; i < 4; i++) {
		const node *v = node_get(n, family_keys[i]);
		if (v && mget_path(c, v, "font", paths[i]) == 0)
			f->at[i] = v->pos;
	}
	if (!node_get(n, "regular")) {
		mmissing(c, n, "regular", family_keys, "a font family",
		         "regular: fonts/NotoSans-Regular.ttf");
		return;
	}
	/* A style the family lacks borrows the nearest one it has. */
	if (!f->bold)
		f->bold = f->regular, f->at[1] = f->at[0];
	if (!f->italic)
		f->italic = f->regular, f->at[2] = f->at[0];
	if (!f->bold_italic) {
		int b = node_get(n, "bold") != NULL;
		f->bold_italic = b ? f->bold : f->italic;
		f->at[3] = b ? f->at[1] : f->at[2];
	}
}

static void
parse_role(model_ctx *c, const node *n, model_font_role *r)
{
	r->pos = n->pos;
	if (n->kind == NODE_SEQ) {
		if (n->nitems == 0 || n->nitems > MODEL_STACK_MAX) {
			diag_error(c->diags, DIAG_VALUE, n->pos,
			           "a font stack holds 1 to %d families, not %zu",
			           MODEL_STACK_MAX, n->nitems);
			return;
		}
		r->count = (int)n->nitems;
		for (size_t i = 0; i < n->nitems; i++)
			parse_family(c, n->items[i], &r->families[i]);
		return;
	}
	r->count = 1;
	parse_family(c, n, &r->families[0]);
}

void
mtheme_zone(model_ctx *c, const node *n, model_zone *z)
{
	memset(z, 0, sizeof(*z));
	z->pos = n->pos;
	if (mnode_is_null(n))
		return; /* "footer:" alone turns it off */
	if (mexpect_map(c, n, "a map of left, center and right texts") != 0)
		return;
	mcheck_keys(c, n, zone_keys, "in a header or footer");
	const node *v;
	if ((v = node_get(n, "left")))
		mget_string(c, v, &z->left);
	if ((v = node_get(n, "center")))
		mget_string(c, v, &z->center);
	if ((v = node_get(n, "right")))
		mget_string(c, v, &z->right);
}

int
mtheme_parse(model_ctx *c, const node *n, model_theme *t)
{
	size_t errors = c->diags->errors;
	t->pos = n->pos;
	if (mexpect_map(c, n, "the theme settings") != 0)
		return -1;
	mcheck_keys(c, n, theme_keys, "in the theme");
	const node *v;
	if ((v = node_get(n, "page")))
		parse_page(c, v, t);
	if ((v = node_get(n, "fonts"))) {
		if (mexpect_map(c, v, "the fonts (body, heading)") == 0) {
			mcheck_keys(c, v, font_keys, "in the fonts");
			const node *r;
			if ((r = node_get(v, "body")))
				parse_role(c, r, &t->body);
			if ((r = node_get(v, "heading")))
				parse_role(c, r, &t->heading);
			else if (node_get(v, "body"))
				t->heading = t->body;
		}
	}
	if ((v = node_get(n, "sizes")) && mexpect_map(c, v, "the text sizes") == 0) {
		mcheck_keys(c, v, size_keys, "in the sizes");
		const node *s;
		if ((s = node_get(v, "body")))
			mget_length(c, s, 4, 72, &t->size_body);
		if ((s = node_get(v, "small")))
			mget_length(c, s, 4, 72, &t->size_small);
		static const char *const hk[] = {"h1", "h2", "h3"};
		for (int i = 0; i < 3; i++)
			if ((s = node_get(v, hk[i])))
				mget_length(c, s, 4, 144, &t->size_heading[i]);
		if ((s = node_get(v, "line-height")))
			mget_number(c, s, 0.8, 3.0, &t->line_height);
		if ((s = node_get(v, "paragraph-space")))
			mget_length(c, s, 0, 72, &t->paragraph_space);
	}
	/* theme_colours.c */
	mtheme_colours_parse(c, node_get(n, "colours"), t);
	if ((v = node_get(n, "header")))
		mtheme_zone(c, v, &t->header);
	if ((v = node_get(n, "footer")))
		mtheme_zone(c, v, &t->footer);
	mtemplates_parse(c, n, &t->templates); /* pages.c */
	/* The brand's logo, declared once: the covers use it (reversed on
	 * their colour) unless they name a light version of their own. */
	if ((v = node_get(n, "logo")) && mget_path(c, v, "image", &t->logo) == 0) {
		t->logo_pos = v->pos;
		model_cover_style *cv[2] = {&t->templates.cover,
		                            &t->templates.back};
		for (int i = 0; i < 2; i++) {
			if (cv[i]->logo)
				continue;
			cv[i]->logo = t->logo;
			cv[i]->logo_pos = t->logo_pos;
			cv[i]->logo_reverse = 1;
		}
	}
	/* The title block's masthead: the logo above the title. */
	if ((v = node_get(n, "masthead")) &&
	    mexpect_map(c, v, "the masthead settings (logo)") == 0) {
		mcheck_keys(c, v, masthead_keys, "in the masthead settings");
		const node *l = node_get(v, "logo");
		if (l && mget_bool(c, l, &t->masthead_logo) == 0)
			t->masthead_pos = l->pos;
	}
	mtheme_table_parse(c, node_get(n, "table"), t); /* block_table.c */
	mtheme_paragraphs_parse(c, node_get(n, "paragraphs"), t);
	mtheme_typeset_parse(c, node_get(n, "hyphenation"),
	                     node_get(n, "word-spacing"), t); /* theme_typeset.c */
	mtheme_nobreak_parse(c, node_get(n, "no-break"), t); /* theme_nobreak */
	mtheme_print_parse(c, node_get(n, "print"), &t->print);
	if (c->diags->errors == errors) /* colours read: theme_contrast.c */
		mtheme_contrast_check(c, n, t);

	double text_w = t->page_width - t->margin_left - t->margin_right;
	double text_h = t->page_height - t->margin_top - t->margin_bottom;
	if (text_w < 72 || text_h < 72) {
		diag_error(c->diags, DIAG_VALUE, n->pos,
		           "the margins leave a text area of %.0fmm x %.0fmm; it "
		           "must be at least 25mm each way",
		           text_w / MM, text_h / MM);
	}
	return c->diags->errors > errors ? -1 : 0;
}
