/* pages.c - page templates (theme: background, front-matter, cover,
 * back-cover, watermark), the document's covers and page numbering.
 * The YAML is described in docs/templates.md. */
#include <string.h>

#include "model/model_internal.h"

#define MM (72.0 / 25.4)

static const char *const numbering_names[] = {"decimal", "roman",
                                              "upper-roman", "none", NULL};

void
mtemplates_defaults(model_templates *t)
{
	memset(t, 0, sizeof(*t));
	model_cover_style *cv = &t->cover;
	cv->background = MODEL_COLOR_AUTO;
	cv->title_color = 0xffffff;
	cv->subtitle_color = MODEL_COLOR_AUTO;
	cv->text_color = 0xffffff;
	cv->accent = MODEL_COLOR_AUTO;
	cv->band_color = MODEL_COLOR_AUTO;
	cv->band = 1;
	cv->pattern = 1;
	t->back = *cv;
	t->back.band = 0;
	t->watermark.color = MODEL_COLOR_AUTO;
	t->watermark.opacity = 0.1;
}

int
mpage_numbering(model_ctx *c, const node *style, const node *start,
                model_pagenum *out_style, int *out_start)
{
	int rc = 0, idx;
	long n;
	if (style) {
		if (mget_enum(c, style, numbering_names, &idx) == 0)
			*out_style = (model_pagenum)idx;
		else
			rc = -1;
	}
	if (start) {
		if (mget_int(c, start, 1, 9999, &n) == 0)
			*out_start = (int)n;
		else
			rc = -1;
	}
	return rc;
}

/* ---- theme ---- */

/* Each key with "colour" in it may be written "color" too (node_key_is). */
static const char *const background_keys[] = {"colour", "band",
                                              "band-colour", NULL};
static const char *const front_keys[] = {"header", "footer", "background",
                                         NULL};
static const char *const cover_keys[] = {"background", "title-colour",
                                         "subtitle-colour", "text-colour",
                                         "accent", "band", "pattern", "logo",
                                         NULL};
static const char *const back_keys[] = {"background", "text-colour",
                                        "accent", "pattern", "logo", NULL};
static const char *const watermark_keys[] = {"text", "colour", "opacity",
                                             "size", NULL};
static const char *const patterns[] = {"contours", "none", NULL};

/* "background: '#f4f8f6'" or {colour, band, band-colour}. */
static void
background(model_ctx *c, const node *n, model_background *b)
{
	memset(b, 0, sizeof(*b));
	b->band_color = MODEL_COLOR_AUTO;
	if (mnode_is_null(n))
		return; /* plain white */
	if (n->kind == NODE_SCALAR) {
		if (mget_colour(c, n, &b->color) == 0)
			b->has_color = 1;
		return;
	}
	if (mexpect_map(c, n,
	                "a background colour, or a map of colour, band "
	                "and band-colour") != 0)
		return;
	mcheck_keys(c, n, background_keys, "in a page background");
	const node *v;
	if ((v = node_get(n, "colour"))) {
		if (mget_colour(c, v, &b->color) == 0)
			b->has_color = 1;
	}
	if ((v = node_get(n, "band")))
		mget_length(c, v, 0, 200 * MM, &b->band);
	if ((v = node_get(n, "band-colour")))
		mget_colour(c, v, &b->band_color);
	if (b->band == 0 && (v = node_get(n, "band-colour"))) {
		diag_warning(c->diags, DIAG_VALUE, v->pos,
		             "a band colour without a band height draws nothing");
		diag_note(c->diags, "add 'band: 12mm'");
	}
}

static void
front_matter(model_ctx *c, const node *n, model_template *t)
{
	if (mexpect_map(c, n,
	                "the front matter's header, footer and "
	                "background") != 0)
		return;
	mcheck_keys(c, n, front_keys, "in the front matter template");
	const node *v;
	if ((v = node_get(n, "header"))) {
		mtheme_zone(c, v, &t->header);
		t->has_header = 1;
	}
	if ((v = node_get(n, "footer"))) {
		mtheme_zone(c, v, &t->footer);
		t->has_footer = 1;
	}
	if ((v = node_get(n, "background"))) {
		background(c, v, &t->background);
		t->has_background = 1;
	}
}

static void
cover_style(model_ctx *c, const node *n, model_cover_style *cv, int front)
{
	if (mexpect_map(c, n,
	                front ? "the cover's look (background, "
	                        "title-colour, logo, ...)"
	                      : "the back cover's look (background, "
	                        "text-colour, logo, ...)") != 0)
		return;
	mcheck_keys(c, n, front ? cover_keys : back_keys,
	            front ? "in the cover template"
	                  : "in the back cover template");
	const node *v;
	if ((v = node_get(n, "background")))
		mget_colour(c, v, &cv->background);
	if (front && (v = node_get(n, "title-colour")))
		mget_colour(c, v, &cv->title_color);
	if (front && (v = node_get(n, "subtitle-colour")))
		mget_colour(c, v, &cv->subtitle_color);
	if ((v = node_get(n, "text-colour")))
		mget_colour(c, v, &cv->text_color);
	if ((v = node_get(n, "accent")))
		mget_colour(c, v, &cv->accent);
	if (front && (v = node_get(n, "band"))) {
		/* A colour, or false for none. */
		if (v->kind == NODE_SCALAR && v->str[0] == '#') {
			mget_colour(c, v, &cv->band_color);
		} else {
			int on;
			if (v->kind == NODE_SCALAR && mget_bool(c, v, &on) == 0)
				cv->band = on;
			else if (v->kind != NODE_SCALAR)
				mexpect_scalar(c, v, "a band colour, or false");
		}
	}
	int idx;
	if ((v = node_get(n, "pattern")) && mget_enum(c, v, patterns, &idx) == 0)
		cv->pattern = idx == 0;
	if ((v = node_get(n, "logo")) && mget_path(c, v, "image", &cv->logo) == 0)
		cv->logo_pos = v->pos;
}

static void
watermark(model_ctx *c, const node *n, model_watermark *w)
{
	w->pos = n->pos;
	if (mnode_is_null(n)) {
		w->text = NULL; /* "watermark:" alone: none */
		return;
	}
	if (n->kind == NODE_SCALAR) {
		mget_string(c, n, &w->text);
		return;
	}
	if (mexpect_map(c, n,
	                "a watermark text, or a map of text, colour, "
	                "opacity and size") != 0)
		return;
	mcheck_keys(c, n, watermark_keys, "in the watermark");
	const node *v;
	if ((v = node_get(n, "text")))
		mget_string(c, v, &w->text);
	else
		mmissing(c, n, "text", watermark_keys, "the watermark",
		         "text: DRAFT");
	if ((v = node_get(n, "colour")))
		mget_colour(c, v, &w->color);
	if ((v = node_get(n, "opacity")))
		mget_number(c, v, 0.01, 1, &w->opacity);
	if ((v = node_get(n, "size")))
		mget_length(c, v, 8, 400, &w->size);
}

void
mtemplates_parse(model_ctx *c, const node *theme, model_templates *t)
{
	const node *v;
	if ((v = node_get(theme, "background")))
		background(c, v, &t->background);
	if ((v = node_get(theme, "front-matter")))
		front_matter(c, v, &t->front);
	if ((v = node_get(theme, "cover")))
		cover_style(c, v, &t->cover, 1);
	if ((v = node_get(theme, "back-cover")))
		cover_style(c, v, &t->back, 0);
	if ((v = node_get(theme, "watermark")))
		watermark(c, v, &t->watermark);
}

/* ---- document ---- */

static const char *const doc_cover_keys[] = {"edition", "date", NULL};
static const char *const doc_back_keys[] = {"text", NULL};
static const char *const doc_numbering_keys[] = {"style", "start", NULL};

/* true / false, or a map of keys. Return 1 to read the map. */
static int
switch_or_map(model_ctx *c, const node *n, int *on, const char *const *keys,
              const char *where)
{
	if (n->kind == NODE_MAP) {
		*on = 1;
		mcheck_keys(c, n, keys, where);
		return 1;
	}
	mget_bool(c, n, on);
	return 0;
}

void
mpages_parse(model_ctx *c, const node *doc, model_pages *p)
{
	const node *v, *k;
	p->pos = doc->pos;
	p->start = 1;
	if ((v = node_get(doc, "cover")) &&
	    switch_or_map(c, v, &p->cover, doc_cover_keys, "in the cover")) {
		if ((k = node_get(v, "edition")))
			mget_text(c, k, &p->edition);
		if ((k = node_get(v, "date")))
			mget_text(c, k, &p->date);
	}
	if ((v = node_get(doc, "back-cover")) &&
	    switch_or_map(c, v, &p->back_cover, doc_back_keys,
	                  "in the back cover")) {
		if ((k = node_get(v, "text")))
			mget_text(c, k, &p->back_text);
	}
	if ((v = node_get(doc, "page-numbering"))) {
		p->has_style = 1;
		if (v->kind == NODE_MAP) {
			mcheck_keys(c, v, doc_numbering_keys, "in the page numbering");
			mpage_numbering(c, node_get(v, "style"), node_get(v, "start"),
			                &p->style, &p->start);
		} else {
			mpage_numbering(c, v, NULL, &p->style, &p->start);
		}
	}
}
