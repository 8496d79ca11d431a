/* media.c - the images and SVG drawings a report shows, each read and
 * decoded once per run however many layout passes use it (see lmedia in
 * layout_internal.h). Only src/layout/ calls it. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "layout/layout_internal.h"

/* One file decoded, with what decoding said. */
typedef struct media_entry {
	char *real;       /* malloc'd: the file's real path */
	src_pos pos;      /* where it was first used (the messages' place) */
	int is_svg;
	int rc;           /* image_status, or svg_parse_file's 0 / -1 */
	image im;         /* a decoded image, in lmedia.mem */
	svg_image *svg;   /* a parsed drawing, or NULL */
	diag_list said;   /* its messages, said again at each use */
} media_entry;

struct lmedia {
	arena mem;        /* the images' pixels and bytes */
	media_entry *items;
	size_t count, cap;
};

lmedia *
lmedia_new(void)
{
	lmedia *m = xcalloc(1, sizeof(*m));
	arena_init(&m->mem);
	return m;
}

void
lmedia_free(lmedia *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->count; i++) {
		free(m->items[i].real);
		svg_free(m->items[i].svg);
		diag_free(&m->items[i].said);
	}
	free(m->items);
	arena_free(&m->mem);
	free(m);
}

static int
same_pos(src_pos a, src_pos b)
{
	return a.line == b.line && a.col == b.col &&
	       (a.file == b.file || (a.file && b.file &&
	                             strcmp(a.file, b.file) == 0));
}

/* Say again to to what decoding e said, about its use at pos (what it
 * said at its first use's place is said at pos), registering the files
 * its positions name (an SVG drawing's own) in to as well. */
static void
say_again(diag_list *to, const media_entry *e, src_pos at)
{
	const diag_list *from = &e->said;
	for (size_t i = 0; i < from->count; i++) {
		const diag *d = &from->items[i];
		diag_copy(to, from, d, same_pos(d->pos, e->pos) ? at : d->pos);
	}
}

/* The entry of the file at real path, or NULL. */
static media_entry *
find(lmedia *m, const char *real, int is_svg)
{
	for (size_t i = 0; i < m->count; i++) {
		media_entry *e = &m->items[i];
		if (e->is_svg == is_svg && strcmp(e->real, real) == 0)
			return e;
	}
	return NULL;
}

/* A new entry for real (taken), its messages collected as f's are. */
static media_entry *
add(lflow *f, char *real, src_pos pos, int is_svg)
{
	lmedia *m = f->media;
	m->items = xgrow(m->items, &m->cap, m->count + 1, sizeof(*m->items));
	media_entry *e = &m->items[m->count++];
	memset(e, 0, sizeof(*e));
	e->real = real;
	e->pos = pos;
	e->is_svg = is_svg;
	diag_init(&e->said);
	e->said.strict = f->diags->strict;
	return e;
}

image_status
lmedia_image(lflow *f, const char *real, const model_image *mi, image *out)
{
	if (!real || !f->media)
		return image_load(out, f->opts.policy, mi->path, IMAGE_KEEP_JPEG,
		                  &f->ld->mem, mi->path_pos, f->diags);
	media_entry *e = find(f->media, real, 0);
	if (!e) {
		e = add(f, xstrdup(real), mi->path_pos, 0);
		e->rc = image_load(&e->im, f->opts.policy, mi->path,
		                   IMAGE_KEEP_JPEG, &f->media->mem, mi->path_pos,
		                   &e->said);
	}
	say_again(f->diags, e, mi->path_pos);
	*out = e->im;
	return (image_status)e->rc;
}

int
lmedia_svg(lflow *f, const char *path, src_pos pos, svg_image **out)
{
	*out = NULL;
	char *real = f->media ? realpath(path, NULL) : NULL;
	if (!real)
		return svg_parse_file(out, f->opts.policy, path, pos, f->diags);
	media_entry *e = find(f->media, real, 1);
	if (e) {
		free(real);
	} else {
		e = add(f, real, pos, 1);
		e->rc = svg_parse_file(&e->svg, f->opts.policy, path, pos,
		                       &e->said);
	}
	say_again(f->diags, e, pos);
	if (e->rc != 0 || !e->svg)
		return -1;
	/* The caller's own copy of the shapes (it may recolour them); the
	 * rest is the cache's, read only. */
	svg_image *img = xmalloc(sizeof(*img));
	*img = *e->svg;
	arena_init(&img->mem);
	img->shapes = arena_alloc(&img->mem, (img->nshapes ? img->nshapes : 1) *
	                                     sizeof(*img->shapes));
	if (img->nshapes)
		memcpy(img->shapes, e->svg->shapes,
		       img->nshapes * sizeof(*img->shapes));
	img->capshapes = img->nshapes;
	*out = img;
	return 0;
}
