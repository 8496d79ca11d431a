/* dump.c - the layout as JSON, for tests (see layout_dump_json). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layout/layout.h"
#include "util/utf8.h"

/* A number rounded to 0.01, without "-0". */
static void
num(FILE *o, double v)
{
	double r = round(v * 100) / 100;
	if (r == 0)
		r = 0;
	fprintf(o, "%.2f", r);
}

static void
str(FILE *o, const char *s, size_t len)
{
	fputc('"', o);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			fprintf(o, "\\%c", c);
		else if (c < 0x20)
			fprintf(o, "\\u%04x", c);
		else
			fputc(c, o);
	}
	fputc('"', o);
}

static void
cstr(FILE *o, const char *s)
{
	if (s)
		str(o, s, strlen(s));
	else
		fputs("null", o);
}

static void
box(FILE *o, double x, double y, double w, double h)
{
	fputs("\"x\": ", o);
	num(o, x);
	fputs(", \"y\": ", o);
	num(o, y);
	fputs(", \"w\": ", o);
	num(o, w);
	fputs(", \"h\": ", o);
	num(o, h);
}

static void
item(FILE *o, const layout_item *it)
{
	static const char *const kinds[] = {"text", "rect", "line", "link",
	                                    "image", "path"};
	fprintf(o, "{\"kind\": \"%s\", \"role\": ", kinds[it->kind]);
	cstr(o, it->role);
	fputs(", ", o);
	switch (it->kind) {
	case LITEM_TEXT: {
		const layout_text *t = &it->u.text;
		box(o, t->x, t->y - t->ascent, t->width, t->ascent + t->descent);
		fputs(", \"baseline\": ", o);
		num(o, t->y);
		fprintf(o, ", \"font\": ");
		cstr(o, text_font_name(t->font));
		fputs(", \"size\": ", o);
		num(o, t->size);
		fprintf(o, ", \"color\": \"#%06x\", \"text\": ", t->color);
		char tmp[4];
		fputc('"', o);
		for (size_t i = 0; i < t->nglyphs; i++) {
			uint32_t cp = t->cps[i];
			if (cp == '"' || cp == '\\')
				fprintf(o, "\\%c", (char)cp);
			else if (cp < 0x20)
				fprintf(o, "\\u%04x", cp);
			else
				fwrite(tmp, 1, utf8_encode(cp, tmp), o);
		}
		fputc('"', o);
		if (t->angle != 0) {
			fputs(", \"angle\": ", o);
			num(o, t->angle);
		}
		if (t->opacity < 1) {
			fputs(", \"opacity\": ", o);
			num(o, t->opacity);
		}
		break;
	}
	case LITEM_RECT:
		box(o, it->u.rect.x, it->u.rect.y, it->u.rect.w, it->u.rect.h);
		if (it->u.rect.fill)
			fprintf(o, ", \"fill\": \"#%06x\"", it->u.rect.fill_color);
		break;
	case LITEM_LINE:
		box(o, it->u.line.x1, it->u.line.y1,
		    it->u.line.x2 - it->u.line.x1, it->u.line.y2 - it->u.line.y1);
		break;
	case LITEM_LINK:
		box(o, it->u.link.x, it->u.link.y, it->u.link.w, it->u.link.h);
		fputs(", \"uri\": ", o);
		cstr(o, it->u.link.uri);
		fprintf(o, ", \"dest\": %d", it->u.link.dest);
		break;
	case LITEM_IMAGE: {
		const layout_image_item *im = &it->u.image;
		box(o, im->clip_x, im->clip_y, im->clip_w, im->clip_h);
		fprintf(o, ", \"image\": %d, \"px\": [%d, %d], \"drawn\": {",
		        im->image->id, im->image->width, im->image->height);
		box(o, im->x, im->y, im->w, im->h);
		fputc('}', o);
		break;
	}
	case LITEM_PATH:
		box(o, it->u.path->bx, it->u.path->by, it->u.path->bw,
		    it->u.path->bh);
		fprintf(o, ", \"segments\": %zu", it->u.path->nsegs);
		if (it->u.path->fill.kind == 1)
			fprintf(o, ", \"fill\": \"#%06x\"", it->u.path->fill.color);
		break;
	}
	if (it->pos.line > 0)
		fprintf(o, ", \"line\": %d", it->pos.line);
	fputc('}', o);
}

int
layout_dump_json(const layout_doc *ld, FILE *o)
{
	fputs("{\n\"area\": {", o);
	box(o, ld->area_x, ld->area_y, ld->area_w, ld->area_h);
	fputs("},\n\"dests\": [", o);
	for (size_t i = 0; i < ld->ndests; i++) {
		fputs(i ? ",\n  " : "\n  ", o);
		fputs("{\"id\": ", o);
		cstr(o, ld->dests[i].id);
		fprintf(o, ", \"page\": %d, \"y\": ", ld->dests[i].page + 1);
		num(o, ld->dests[i].y);
		fputc('}', o);
	}
	fputs("],\n\"outlines\": [", o);
	for (size_t i = 0; i < ld->noutlines; i++) {
		const layout_outline *ol = &ld->outlines[i];
		fputs(i ? ",\n  " : "\n  ", o);
		fputs("{\"title\": ", o);
		cstr(o, ol->title);
		fprintf(o, ", \"level\": %d, \"page\": %d}", ol->level,
		        ld->dests[ol->dest].page + 1);
	}
	fputs("],\n\"labels\": [", o);
	for (size_t i = 0; i < ld->nlabels; i++) {
		static const char *const st[] = {"decimal", "roman", "upper-roman",
		                                 "none"};
		const layout_label *l = &ld->labels[i];
		fputs(i ? ",\n  " : "\n  ", o);
		fprintf(o, "{\"page\": %d, \"style\": \"%s\", \"start\": %d, "
		        "\"prefix\": ", l->page + 1, st[l->style], l->start);
		cstr(o, l->prefix);
		fputc('}', o);
	}
	fputs("],\n\"pages\": [", o);
	for (size_t p = 0; p < ld->npages; p++) {
		const layout_page *pg = &ld->pages[p];
		fputs(p ? ",\n" : "\n", o);
		fprintf(o, "{\"number\": %zu, \"width\": ", p + 1);
		num(o, pg->width);
		fputs(", \"height\": ", o);
		num(o, pg->height);
		/* Folds only where there are some (panels). */
		for (size_t k = 0; k < pg->nfolds; k++) {
			fputs(k ? ", " : ", \"folds\": [", o);
			num(o, pg->folds[k]);
		}
		if (pg->nfolds)
			fputc(']', o);
		fputs(", \"items\": [", o);
		for (size_t i = 0; i < pg->nitems; i++) {
			fputs(i ? ",\n  " : "\n  ", o);
			item(o, &pg->items[i]);
		}
		fputs("]}", o);
	}
	fputs("]\n}\n", o);
	return ferror(o) ? -1 : 0;
}
