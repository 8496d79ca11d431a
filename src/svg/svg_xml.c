/* svg_xml.c - reading an SVG file with expat into an element tree. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <expat.h>

#include "svg/svg_internal.h"
#include "util/inputs.h"
#include "util/limits.h"
#include "util/paths.h"

typedef struct xml_state {
	svg_doc *d;
	XML_Parser xp;
	xel *cur;
	int depth;
	long elements;    /* seen so far, for LIMIT_SVG_ELEMENTS */
	int stopped;      /* we stopped the parser after our own error */
} xml_state;

static src_pos
here(xml_state *st)
{
	src_pos p = {st->d->file, (int)XML_GetCurrentLineNumber(st->xp),
	             (int)XML_GetCurrentColumnNumber(st->xp) + 1};
	return p;
}

static void
stop(xml_state *st)
{
	st->stopped = 1;
	st->d->failed = 1;
	XML_StopParser(st->xp, XML_FALSE);
}

static void XMLCALL
on_start(void *user, const XML_Char *name, const XML_Char **attrs)
{
	xml_state *st = user;
	svg_doc *d = st->d;
	if (st->stopped)
		return;
	if (++st->depth > LIMIT_SVG_DEPTH) {
		diag_error(d->diags, DIAG_LIMIT, here(st),
		           "the SVG elements nest deeper than %d levels "
		           "(LIMIT_SVG_DEPTH)", LIMIT_SVG_DEPTH);
		diag_note(d->diags, "flatten the groups in the drawing program "
		                    "(ungroup), then export again");
		stop(st);
		return;
	}
	if (++st->elements > LIMIT_SVG_ELEMENTS) {
		diag_error(d->diags, DIAG_LIMIT, here(st),
		           "the SVG file has more than %ld elements "
		           "(LIMIT_SVG_ELEMENTS)", LIMIT_SVG_ELEMENTS);
		diag_note(d->diags, "simplify the drawing or save it as optimised "
		                    "SVG (fewer shapes and groups)");
		stop(st);
		return;
	}
	xel *e = arena_alloc(&d->tmp, sizeof(*e));
	/* Drop an "svg:" prefix, which some tools write. */
	if (strncmp(name, "svg:", 4) == 0)
		name += 4;
	e->name = arena_strdup(&d->tmp, name);
	size_t na = 0;
	while (attrs[na])
		na++;
	e->attrs = arena_alloc(&d->tmp, (na + 1) * sizeof(*e->attrs));
	for (size_t i = 0; i < na; i++)
		e->attrs[i] = arena_strdup(&d->tmp, attrs[i]);
	src_pos p = here(st);
	e->line = p.line;
	e->col = p.col;
	e->parent = st->cur;
	if (st->cur) {
		xel *par = st->cur;
		if (par->nkids == par->capkids)
			par->kids = arena_xgrow(&d->tmp, par->kids, par->nkids,
			                        &par->capkids, par->nkids + 1,
			                        sizeof(*par->kids));
		par->kids[par->nkids++] = e;
	} else {
		d->root = e;
	}
	st->cur = e;
	const char *id = svg_attr(e, "id");
	if (id && *id) {
		if (d->nids == d->capids)
			d->ids = arena_xgrow(&d->tmp, d->ids, d->nids,
			                     &d->capids, d->nids + 1,
			                     sizeof(*d->ids));
		d->ids[d->nids++] = e;
	}
}

static void XMLCALL
on_end(void *user, const XML_Char *name)
{
	xml_state *st = user;
	(void)name;
	if (st->stopped || !st->cur)
		return;
	st->depth--;
	st->cur = st->cur->parent;
}

int
svg_xml_parse(svg_doc *d, const char *data, size_t len)
{
	xml_state st;
	memset(&st, 0, sizeof(st));
	st.d = d;
	st.xp = XML_ParserCreate("UTF-8");
	if (!st.xp)
		mem_oom();
	XML_SetUserData(st.xp, &st);
	XML_SetElementHandler(st.xp, on_start, on_end);
	/* External entities and DTDs are never fetched: expat only reads
	 * them through a handler, and we set none. */
	enum XML_Status s = XML_Parse(st.xp, data, (int)len, XML_TRUE);
	if (s == XML_STATUS_ERROR && !st.stopped) {
		diag_error(d->diags, DIAG_IMAGE, here(&st),
		           "the SVG file is not well-formed XML: %s",
		           XML_ErrorString(XML_GetErrorCode(st.xp)));
		diag_note(d->diags, "open the file in a drawing program and save "
		                    "it again as plain SVG");
		d->failed = 1;
	}
	XML_ParserFree(st.xp);
	if (d->failed)
		return -1;
	if (!d->root || strcmp(d->root->name, "svg") != 0) {
		src_pos p = {d->file, d->root ? d->root->line : 1,
		             d->root ? d->root->col : 1};
		diag_error(d->diags, DIAG_IMAGE, p,
		           "the root element is <%s>, not <svg>",
		           d->root ? d->root->name : "?");
		diag_note(d->diags, "an SVG file starts with <svg "
		                    "xmlns=\"http://www.w3.org/2000/svg\" ...>");
		d->failed = 1;
		return -1;
	}
	return 0;
}

const char *
svg_attr(const xel *e, const char *name)
{
	for (size_t i = 0; e->attrs[i]; i += 2)
		if (strcmp(e->attrs[i], name) == 0)
			return e->attrs[i + 1];
	return NULL;
}

const xel *
svg_find_id(const svg_doc *d, const char *id)
{
	for (size_t i = 0; i < d->nids; i++)
		if (strcmp(svg_attr(d->ids[i], "id"), id) == 0)
			return d->ids[i];
	return NULL;
}

void
svg_warn(svg_doc *d, const xel *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	src_pos p = {d->file, e->line, e->col};
	diag_addv(d->diags, DIAG_WARNING, DIAG_IMAGE, p, fmt, ap);
	va_end(ap);
}

int
svg_parse_buffer(svg_image **out, const char *name, const char *data,
                 size_t len, diag_list *diags)
{
	*out = NULL;
	svg_doc d;
	memset(&d, 0, sizeof(d));
	d.diags = diags;
	d.file = diag_source_add(diags, name, data, len);
	arena_init(&d.tmp);
	svg_image *img = xcalloc(1, sizeof(*img));
	arena_init(&img->mem);
	img->path = arena_strdup(&img->mem, name);
	img->align_x = img->align_y = 1;
	d.img = img;
	int rc = -1;
	if (len > (size_t)LIMIT_SVG_BYTES) {
		src_pos p = {d.file, 1, 1};
		diag_error(diags, DIAG_LIMIT, p,
		           "the SVG file is larger than %ld bytes "
		           "(LIMIT_SVG_BYTES)", (long)LIMIT_SVG_BYTES);
		diag_note(diags, "simplify the drawing or save it as optimised "
		                 "SVG (fewer points, no embedded images)");
		goto done;
	}
	if (svg_xml_parse(&d, data, len) != 0)
		goto done;
	if (svg_walk(&d) != 0)
		goto done;
	rc = 0;
	*out = img;
	img = NULL;
done:
	arena_free(&d.tmp);
	svg_free(img);
	return rc;
}

int
svg_parse_file(svg_image **out, const path_policy *p, const char *path,
               src_pos at, diag_list *diags)
{
	*out = NULL;
	/* Checked by the model already: refused here only if the file
	 * changed since. */
	path_verdict v;
	int fd = path_open(p, NULL, path, &v);
	FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
	if (!f && (v == PATH_OK || v == PATH_MISSING)) {
		diag_error(diags, DIAG_IMAGE, at, "cannot read the SVG file '%s': %s",
		           path, strerror(errno));
		diag_note(diags, "the path is relative to the YAML file that "
		                 "names it");
	} else if (!f) {
		path_report(diags, DIAG_IMAGE, at, v, path, "SVG drawing");
	}
	if (!f) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	inputs_note_fd(fileno(f)); /* never an output (util/inputs.h) */
	buf b;
	buf_init(&b);
	char chunk[65536];
	size_t n;
	int too_big = 0;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		buf_put(&b, chunk, n);
		if (b.len > (size_t)LIMIT_SVG_BYTES) {
			too_big = 1;
			break;
		}
	}
	int err = ferror(f);
	fclose(f);
	int rc = -1;
	if (err) {
		diag_error(diags, DIAG_IMAGE, at, "cannot read the SVG file '%s'",
		           path);
	} else if (too_big) {
		diag_error(diags, DIAG_LIMIT, at,
		           "the SVG file '%s' is larger than %ld bytes "
		           "(LIMIT_SVG_BYTES)", path, (long)LIMIT_SVG_BYTES);
		diag_note(diags, "simplify the drawing or save it as optimised "
		                 "SVG (fewer points, no embedded images)");
	} else {
		rc = svg_parse_buffer(out, path, b.data ? b.data : "", b.len,
		                      diags);
	}
	buf_free(&b);
	return rc;
}

void
svg_free(svg_image *img)
{
	if (!img)
		return;
	arena_free(&img->mem);
	free(img);
}
