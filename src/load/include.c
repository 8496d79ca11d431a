/* include.c - 'include:': an included file's tree in place of the
 * mapping that names it, read once however often it is included, with
 * cycles, depth, file count and bytes checked (see load.h). */
#include "load/load.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "load/load_internal.h"
#include "util/mem.h"

/* Add a file of n bytes, included at pos, against LIMIT_INCLUDE_BYTES;
 * 0 or -1 (reported). */
static int
count_include(file_ctx *fc, src_pos pos, size_t n)
{
	loader *L = fc->L;
	if (n > (size_t)LIMIT_INCLUDE_BYTES - L->include_bytes) {
		load_limit_error(fc, pos,
		                 "the included files are too large in total",
		                 "LIMIT_INCLUDE_BYTES", LIMIT_INCLUDE_BYTES);
		diag_note(L->diags, "every include counts, also of a file "
		          "included before; include a long file once, or split "
		          "the report into several reports");
		return -1;
	}
	L->include_bytes += n;
	return 0;
}

node *
load_include(file_ctx *fc, const node *map, int depth, long *count,
             int *included)
{
	loader *L = fc->L;
	const node *v = map->pairs[0].value;
	char *shown = NULL, *key = NULL, *text = NULL;
	size_t len;
	node *res = NULL;

	*count = 1;
	if (v->kind != NODE_SCALAR || v->len == 0) {
		diag_error(L->diags, DIAG_INCLUDE, v->pos,
		           "'include' needs the path of a YAML file");
		diag_note(L->diags, "write it like: include: content/intro.yaml");
		return load_placeholder(fc, v->pos);
	}
	shown = load_join_path(fc->dir, v->str);
	key = load_file_key(shown);
	for (size_t i = 0; i < L->nstack; i++) {
		if (strcmp(L->stack[i].key, key) != 0)
			continue;
		buf chain;
		buf_init(&chain);
		for (size_t j = i; j < L->nstack; j++)
			buf_printf(&chain, "%s -> ", L->stack[j].shown);
		buf_puts(&chain, shown);
		diag_error(L->diags, DIAG_INCLUDE, v->pos,
		           "these files include each other in a circle: %s",
		           chain.data);
		diag_note(L->diags, "a file cannot include itself, directly or "
		          "through other files; remove one of these includes");
		buf_free(&chain);
		res = load_placeholder(fc, v->pos);
		goto done;
	}
	if (L->nstack > LIMIT_INCLUDE_DEPTH) {
		load_limit_error(fc, v->pos, "includes are nested too deeply",
		                 "LIMIT_INCLUDE_DEPTH", (long)LIMIT_INCLUDE_DEPTH);
		goto done;
	}
	for (size_t i = 0; i < L->ncache; i++) {
		const cached *c = &L->cache[i];
		if (strcmp(c->key, key) != 0)
			continue;
		if (!c->root) {
			/* Its errors were reported where it was first included. */
			res = load_placeholder(fc, v->pos);
		} else if (count_include(fc, v->pos, c->bytes) == 0 &&
		           load_count_nodes(fc, v->pos, c->count) == 0 &&
		           load_count_text(fc, v->pos, c->text) == 0 &&
		           (res = load_copy_tree(fc, c->root, depth, v->pos)) !=
		                   NULL) {
			*count = c->count;
			*included = 1;
		}
		goto done;
	}
	if (L->ncache >= LIMIT_INCLUDE_FILES) {
		load_limit_error(
		        fc, v->pos, "the report includes too many files",
		        "LIMIT_INCLUDE_FILES", (long)LIMIT_INCLUDE_FILES);
		goto done;
	}
	/* Opened through the policy: what it checked is what is read. */
	path_verdict pv;
	int fd = path_open(L->policy, v->str, shown, &pv);
	if (pv != PATH_OK && pv != PATH_MISSING) {
		path_report(L->diags, DIAG_INCLUDE, v->pos, pv, v->str,
		            "included file");
		res = load_placeholder(fc, v->pos);
		goto done;
	}
	switch (load_read_whole(fd, &text, &len)) {
	case LOAD_READ_OK:
		break;
	case LOAD_READ_TOO_BIG:
		load_limit_error(fc, v->pos, "the included file is too large",
		                 "LIMIT_FILE_BYTES", LIMIT_FILE_BYTES);
		diag_note(L->diags, "split it into several files, each "
		          "included where its part belongs");
		goto done;
	default:
		diag_error(L->diags, DIAG_INCLUDE, v->pos,
		           "cannot read the included file '%s': %s", shown,
		           strerror(errno));
		diag_note(L->diags, "the path is relative to the folder of the "
		          "file that includes it");
		res = load_placeholder(fc, v->pos);
		goto done;
	}
	if (count_include(fc, v->pos, len) < 0)
		goto done;
	res = load_text(L, shown, key, text, len, depth, count);
	key = NULL; /* now the cache's */
	text = NULL; /* and the text load_text's */
	if (res)
		*included = 1;
	else if (!L->stop)
		res = load_placeholder(fc, v->pos);
done:
	free(text);
	free(key);
	free(shown);
	return res;
}

/* Pairs in the order of their keys (load_key_cmp), ties in the order
 * written, so that the first of equal keys is found first. */
static int
cmp_pair(const void *a, const void *b)
{
	const node_pair *x = *(const node_pair *const *)a;
	const node_pair *y = *(const node_pair *const *)b;
	int c = load_key_cmp(x->key, y->key);
	return c ? c : (x > y) - (x < y);
}

node *
load_merge_maps(arena *a, const node *base, const node *over,
                const char *skip, int at_over)
{
	node *n = arena_alloc(a, sizeof(*n));
	*n = *base;
	if (at_over)
		n->pos = over->pos;
	size_t nb = base->npairs;
	n->pairs = arena_alloc(a, (nb + over->npairs + 1) * sizeof(node_pair));
	if (nb)
		memcpy(n->pairs, base->pairs, nb * sizeof(node_pair));
	n->npairs = nb;
	/* A key of over is looked for among base's keys only (the loader
	 * has said it if over repeats a key), by halving a sorted index:
	 * maps of many keys on both sides merge in n log n, not n^2. */
	const node_pair **ix = xmalloc((nb ? nb : 1) * sizeof(*ix));
	for (size_t i = 0; i < nb; i++)
		ix[i] = &base->pairs[i];
	qsort(ix, nb, sizeof(*ix), cmp_pair);
	for (size_t i = 0; i < over->npairs; i++) {
		const node_pair *op = &over->pairs[i];
		if (skip && strcmp(op->key, skip) == 0)
			continue;
		size_t lo = 0, hi = nb; /* the first key not before op's */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (load_key_cmp(ix[mid]->key, op->key) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == nb ||
		    load_key_cmp(ix[lo]->key, op->key) != 0) {
			n->pairs[n->npairs++] = *op;
			continue;
		}
		size_t j = (size_t)(ix[lo] - base->pairs);
		if (n->pairs[j].value->kind == NODE_MAP &&
		    op->value->kind == NODE_MAP)
			n->pairs[j].value = load_merge_maps(
			        a, n->pairs[j].value, op->value, NULL, at_over);
		else
			n->pairs[j] = *op;
	}
	free(ix);
	return n;
}

/* A map with 'include' and other keys: the included map with those keys
 * on top (load_merge_maps), so that a report takes the shared theme and
 * changes one setting. The included file must hold a map. */
node *
load_include_with_keys(file_ctx *fc, node *map, size_t at, int depth,
                       long *count, int *included)
{
	node one = *map;
	one.pairs = &map->pairs[at];
	one.npairs = 1;
	long c = 0;
	size_t errors = fc->L->diags->errors;
	node *base = load_include(fc, &one, depth, &c, included);
	if (!base || fc->L->diags->errors > errors)
		return base;
	*count += c;
	if (base->kind != NODE_MAP) {
		diag_error(fc->L->diags, DIAG_INCLUDE, map->pairs[at].value->pos,
		           "this file is included beside other keys, but it "
		           "does not hold 'key: value' lines");
		diag_note(fc->L->diags, "keys can be changed only in an "
		          "included map; include the file alone, or move the "
		          "other keys into it");
		return load_placeholder(fc, map->pos);
	}
	return load_merge_maps(fc->L->a, base, map, "include", 0);
}
