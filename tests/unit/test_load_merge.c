/* test_load_merge.c - an include beside other keys: the included map with
 * those keys on top, maps merged key by key, positions kept. */
#include <string.h>

#include "harness.h"
#include "load/load.h"

static const node *
path(const node *n, const char *a, const char *b)
{
	n = node_get(n, a);
	return b ? node_get(n, b) : n;
}

TEST(include_with_keys_merges)
{
	const char *yaml =
		"theme:\n"
		"  include: reports/theme/carec.yaml\n"
		"  page:\n"
		"    orientation: landscape\n"
		"    margins: 12mm\n"
		"  header:\n"
		"  extra: 1\n";
	diag_list d;
	arena a;
	diag_init(&d);
	arena_init(&a);
	node *root = NULL;
	CHECK(load_buffer(&root, &a, "t.yaml", yaml, strlen(yaml), NULL, &d) ==
	      0);
	CHECK(d.count == 0);
	const node *th = root ? node_get(root, "theme") : NULL;
	CHECK(th && th->kind == NODE_MAP);
	if (th && th->kind == NODE_MAP) {
		/* Kept from the brand theme. */
		const node *size = path(th, "page", "size");
		CHECK(size && strcmp(size->str, "A4") == 0);
		CHECK(path(th, "fonts", "body") != NULL);
		CHECK(node_get(th, "logo") != NULL);
		CHECK(node_get(th, "include") == NULL);
		/* Replaced, at the report's own positions. */
		const node *o = path(th, "page", "orientation");
		CHECK(o && strcmp(o->str, "landscape") == 0);
		CHECK(o && o->pos.line == 4 && strcmp(o->pos.file, "t.yaml") == 0);
		const node *m = path(th, "page", "margins");
		CHECK(m && m->kind == NODE_SCALAR && strcmp(m->str, "12mm") == 0);
		const node *h = node_get(th, "header");
		CHECK(h && h->kind == NODE_SCALAR && h->len == 0);
		/* Added. */
		CHECK(node_get(th, "extra") != NULL);
		/* The brand's own colours are untouched, at the theme's lines. */
		const node *p = path(th, "colours", "primary");
		const node *rgb =
		        p && p->kind == NODE_MAP ? node_get(p, "rgb") : NULL;
		CHECK(rgb && strcmp(rgb->str, "#0a674a") == 0);
		CHECK(rgb && strstr(rgb->pos.file, "carec.yaml") != NULL);
	}
	diag_free(&d);
	arena_free(&a);
}

int
main(void)
{
	RUN(include_with_keys_merges);
	return harness_done();
}
