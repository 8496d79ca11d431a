/* chrome.c - running heads and feet, chapters, and internal links. */
#include <stdlib.h>
#include <string.h>

#include "layout/layout_internal.h"
#include "util/limits.h"

/* ---- headers and footers ---- */

/* Expand {title}, {chapter}, {page} and {pages} in template t. */
static char *
expand(const char *t, const char *title, const char *chapter, size_t page,
       size_t pages)
{
	buf b;
	buf_init(&b);
	for (const char *p = t; *p;) {
		if (strncmp(p, "{title}", 7) == 0) {
			buf_puts(&b, title ? title : "");
			p += 7;
		} else if (strncmp(p, "{chapter}", 9) == 0) {
			buf_puts(&b, chapter ? chapter : "");
			p += 9;
		} else if (strncmp(p, "{page}", 6) == 0) {
			buf_printf(&b, "%zu", page);
			p += 6;
		} else if (strncmp(p, "{pages}", 7) == 0) {
			buf_printf(&b, "%zu", pages);
			p += 7;
		} else {
			buf_putc(&b, *p++);
		}
	}
	return buf_detach(&b);
}

static void
zone(lflow *f, layout_page *p, const model_zone *z, double y,
     layout_role role, const char *chapter, size_t page)
{
	const model_theme *th = f->th;
	const char *t[3] = {z->left, z->center, z->right};
	const text_align al[3] = {TEXT_ALIGN_LEFT, TEXT_ALIGN_CENTER,
	                          TEXT_ALIGN_RIGHT};
	for (int i = 0; i < 3; i++) {
		if (!t[i])
			continue;
		char *s = expand(t[i], f->doc->title, chapter, page,
		                 f->ld->npages);
		if (*s)
			lplain_line(f, lsink_page(p), s, ROLE_BODY, 0, th->size_small,
			            th->color_muted, f->ld->area_x, f->ld->area_w,
			            al[i], y, role, z->pos);
		free(s);
	}
}

static void
headers_footers(lflow *f, const char **chapters)
{
	const model_theme *th = f->th;
	layout_doc *ld = f->ld;
	double header_y = th->margin_top * 0.5;
	double footer_y = th->page_height - th->margin_bottom * 0.45;
	for (size_t i = 0; i < ld->npages; i++) {
		layout_page *p = &ld->pages[i];
		/* The first page opens with the title: no running header. */
		if (i > 0 && (th->header.left || th->header.center ||
		              th->header.right)) {
			zone(f, p, &th->header, header_y, "header", chapters[i], i + 1);
			layout_item *rule = lsink_push(f, lsink_page(p), LITEM_LINE,
			                               "header-rule", th->header.pos);
			rule->u.line.x1 = ld->area_x;
			rule->u.line.x2 = ld->area_x + ld->area_w;
			rule->u.line.y1 = rule->u.line.y2 = header_y + 5;
			rule->u.line.color = th->color_muted;
			rule->u.line.width = 0.4;
		}
		zone(f, p, &th->footer, footer_y, "footer", chapters[i], i + 1);
	}
}

/* ---- links ---- */

static int
find_dest(const layout_doc *ld, const char *id)
{
	for (size_t i = 0; i < ld->ndests; i++)
		if (ld->dests[i].id && strcmp(ld->dests[i].id, id) == 0)
			return (int)i;
	return -1;
}

/* Turn "#id" URIs into internal links; an unknown id is an error. */
void
lresolve_links(lflow *f)
{
	layout_doc *ld = f->ld;
	for (size_t p = 0; p < ld->npages; p++) {
		for (size_t i = 0; i < ld->pages[p].nitems; i++) {
			layout_item *it = &ld->pages[p].items[i];
			if (it->kind != LITEM_LINK || !it->u.link.uri ||
			    it->u.link.uri[0] != '#')
				continue;
			int d = find_dest(ld, it->u.link.uri + 1);
			if (d < 0) {
				diag_error(f->diags, DIAG_LINK, it->pos,
				           "the link goes to '%s', but no heading has the "
				           "id '%s'", it->u.link.uri, it->u.link.uri + 1);
				diag_note(f->diags, "give the heading 'id: %s'",
				          it->u.link.uri + 1);
				f->failed = 1;
				continue;
			}
			it->u.link.dest = d;
			it->u.link.uri = NULL;
		}
	}
}

/* Running heads and feet on every page, with {chapter} per page. */
void
lchrome(lflow *f)
{
	layout_doc *ld = f->ld;
	/* {chapter} on each page: the first h1 that starts on it, or else
	 * the chapter still running from an earlier page. */
	const char **chapters = xcalloc(ld->npages, sizeof(*chapters));
	const char **first = xcalloc(ld->npages, sizeof(*first));
	for (size_t s = 0; s < f->nslices; s++) {
		const lslice *sl = &f->slices[s];
		if (sl->chapter && sl->dest >= 0) {
			size_t pg = (size_t)ld->dests[sl->dest].page;
			if (!first[pg])
				first[pg] = sl->chapter;
			chapters[pg] = sl->chapter; /* the last one, carried on */
		}
	}
	const char *running = NULL;
	for (size_t pg = 0; pg < ld->npages; pg++) {
		const char *last = chapters[pg];
		chapters[pg] = first[pg] ? first[pg] : running;
		if (last)
			running = last;
	}
	free(first);
	headers_footers(f, chapters);
	free(chapters);
}
