/* anchor.c - anchors (&name) and aliases (*name): an alias is a copy of
 * the anchored tree, its strings shared, counted against the alias limits
 * (see load.h). */
#include "load/load.h"

#include <stdlib.h>
#include <string.h>

#include "load/load_internal.h"
#include "util/mem.h"

/* The bytes of text in the tree n (scalars and keys). */
size_t
load_tree_bytes(const node *n)
{
	size_t b = 0;
	if (n->kind == NODE_SCALAR)
		return n->len;
	for (size_t i = 0; n->kind == NODE_SEQ && i < n->nitems; i++)
		b += load_tree_bytes(n->items[i]);
	for (size_t i = 0; n->kind == NODE_MAP && i < n->npairs; i++)
		b += strlen(n->pairs[i].key) +
		     load_tree_bytes(n->pairs[i].value);
	return b;
}

/* Deep-copy src to sit under a parent at nesting depth; strings are
 * shared. The caller has counted the nodes. NULL when too deep. */
node *
load_copy_tree(file_ctx *fc, const node *src, int depth, src_pos at)
{
	node *n = arena_alloc(fc->L->a, sizeof(*n));
	*n = *src;
	if (src->kind == NODE_SCALAR)
		return n;
	if (depth + 1 > LIMIT_NESTING_DEPTH) {
		load_depth_error(fc, at);
		return NULL;
	}
	if (src->kind == NODE_SEQ && src->nitems) {
		n->items = arena_alloc(fc->L->a, src->nitems * sizeof(*n->items));
		for (size_t i = 0; i < src->nitems; i++)
			if (!(n->items[i] = load_copy_tree(fc, src->items[i],
			                                   depth + 1, at)))
				return NULL;
	} else if (src->kind == NODE_MAP && src->npairs) {
		n->pairs = arena_alloc(fc->L->a, src->npairs * sizeof(*n->pairs));
		for (size_t i = 0; i < src->npairs; i++) {
			n->pairs[i] = src->pairs[i];
			n->pairs[i].value = load_copy_tree(
			        fc, src->pairs[i].value, depth + 1, at);
			if (!n->pairs[i].value)
				return NULL;
		}
	}
	return n;
}

static size_t
hash_str(const char *s)
{
	size_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static anchor *
anchor_slot(anchor *slots, size_t cap, const char *name)
{
	size_t i = hash_str(name) & (cap - 1);
	while (slots[i].name && strcmp(slots[i].name, name) != 0)
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

/* Define (or redefine, as YAML allows) an anchor; takes name. */
void
load_anchor_set(file_ctx *fc, char *name, node *n, long count)
{
	if ((fc->nanchors + 1) * 2 > fc->capanchors) {
		size_t cap = fc->capanchors ? fc->capanchors * 2 : 16;
		anchor *slots = xcalloc(cap, sizeof(*slots));
		for (size_t i = 0; i < fc->capanchors; i++)
			if (fc->anchors[i].name)
				*anchor_slot(slots, cap, fc->anchors[i].name) =
					fc->anchors[i];
		free(fc->anchors);
		fc->anchors = slots;
		fc->capanchors = cap;
	}
	anchor *s = anchor_slot(fc->anchors, fc->capanchors, name);
	if (s->name) {
		free(name);
	} else {
		s->name = name;
		fc->nanchors++;
	}
	s->n = n;
	s->count = count;
	s->bytes = load_tree_bytes(n);
}

static const anchor *
anchor_get(const file_ctx *fc, const char *name)
{
	if (!fc->capanchors)
		return NULL;
	const anchor *s = anchor_slot(fc->anchors, fc->capanchors, name);
	return s->name ? s : NULL;
}

node *
load_alias(file_ctx *fc, const yaml_event_t *ev, int depth, long *count)
{
	loader *L = fc->L;
	const char *name = (const char *)ev->data.alias.anchor;
	src_pos pos = load_mark_pos(fc, ev->start_mark);
	const anchor *an = anchor_get(fc, name);

	if (!an) {
		int inside = 0;
		for (size_t i = 0; i < fc->npending; i++)
			if (strcmp(fc->pending[i], name) == 0)
				inside = 1;
		if (inside) {
			diag_error(L->diags, DIAG_ALIAS, pos, "the alias *%s is used "
			           "inside the value that &%s names", name, name);
			diag_note(L->diags, "a value cannot contain itself; refer "
			          "to a value that is complete before this line");
		} else {
			diag_error(L->diags, DIAG_ALIAS, pos,
			           "the alias *%s refers to no anchor &%s above",
			           name, name);
			diag_note(L->diags, "define the value first with &%s, or, if "
			          "the '*' is meant as text, put the value in quotes",
			          name);
		}
		*count = 1;
		return load_placeholder(fc, pos);
	}
	if (L->alias_nodes > LIMIT_ALIAS_NODES - an->count) {
		load_limit_error(fc, pos, "aliases expand to too many values",
		                 "LIMIT_ALIAS_NODES", LIMIT_ALIAS_NODES);
		diag_note(L->diags, "aliases that refer to other aliases multiply "
		          "their values; use fewer or smaller aliases");
		return NULL;
	}
	if (an->bytes > (size_t)LIMIT_ALIAS_BYTES - L->alias_bytes) {
		load_limit_error(fc, pos, "aliases copy too much text",
		                 "LIMIT_ALIAS_BYTES", LIMIT_ALIAS_BYTES);
		diag_note(L->diags, "each use of an alias copies the text of its "
		          "anchor; write a long text once, or use it fewer times");
		return NULL;
	}
	if (load_count_nodes(fc, pos, an->count) < 0 ||
	    load_count_text(fc, pos, an->bytes) < 0)
		return NULL;
	L->alias_bytes += an->bytes;
	L->alias_nodes += an->count;
	node *n = load_copy_tree(fc, an->n, depth, pos);
	if (!n)
		return NULL;
	n->pos = pos;
	n->content_col = 0;
	n->lines = NULL; /* the alias's place, not the anchored text's */
	n->nlines = 0;
	*count = an->count;
	return n;
}
