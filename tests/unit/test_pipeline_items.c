/* test_pipeline_items.c - the content list's nodes freed as the model
 * takes its items (load_options.items, model_options.item_done), as the
 * CLI does: the model must be the same, the arenas must go as the items
 * are built, and nodes that later items share (an anchor's, an included
 * file's) must stay until the end. The sanitizer suite runs this too, so
 * a node freed too early is a use-after-free there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "project_dir.h"
#include "load/load.h"
#include "model/model.h"

static project_dir pd;
static char part[160];

/* A paragraph of about n KB of words, with the given first word. */
static void
words(FILE *f, const char *first, int kb)
{
	fprintf(f, "%s", first);
	for (int i = 0; i < kb * 1024 / 12; i++)
		fputs(" cooperation", f);
}

static char *
report_yaml(void)
{
	char *y = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&y, &n);
	fputs("document:\n  title: Items\ncontent:\n", f);
	/* An anchor in the first arena; aliases to it far later. */
	fputs("  - paragraph: &first ", f);
	words(f, "Anchored", 100);
	fputs("\n", f);
	for (int i = 0; i < 12; i++) {
		fputs("  - paragraph: ", f);
		words(f, i == 5 ? "Middle" : "Plain", 100);
		fputs("\n", f);
		if (i == 7)
			fputs("  - include: part.yaml\n", f);
	}
	fputs("  - paragraph: *first\n  - include: part.yaml\n", f);
	fputs("  - paragraph: The end.\n", f);
	fclose(f);
	return y;
}

static void
item_done(void *ctx, size_t i)
{
	load_item_done(ctx, i);
}

/* The text of block i (a paragraph's first run), or "". */
static const char *
first_words(const model_doc *doc, size_t i)
{
	if (i >= doc->blocks.count ||
	    doc->blocks.items[i].kind != MODEL_PARAGRAPH ||
	    doc->blocks.items[i].u.paragraph.text.nruns == 0)
		return "";
	return doc->blocks.items[i].u.paragraph.text.runs[0].text;
}

TEST(items_freed_as_the_model_takes_them)
{
	char *yaml = report_yaml();
	diag_list d;
	diag_init(&d);
	arena a;
	arena_init(&a);
	load_items items;
	memset(&items, 0, sizeof(items));
	load_options lo = {&pd.policy, &items};
	model_options mo = {NULL, &pd.policy, item_done, &items};
	node *root = NULL;
	model_doc *doc = NULL;
	CHECK(load_buffer(&root, &a, pd.report, yaml, strlen(yaml), &lo, &d) == 0);
	/* 13 paragraphs, two included lists of two, the alias and the end. */
	CHECK(items.nitems == 13 + 2 + 1 + 2 + 1);
	CHECK(items.narenas >= 4);
	size_t held = 0;
	for (size_t k = 0; k < items.narenas; k++)
		held += items.arenas[k] != NULL;
	CHECK(held == items.narenas);
	/* The anchor's arena and the first include's are pinned; the
	 * included items share their arena. */
	CHECK(items.pinned[items.of_item[0]]);
	CHECK(items.of_item[9] == items.of_item[10]);
	CHECK(items.pinned[items.of_item[9]]);

	CHECK(root && model_build(&doc, root, &mo, &d) == 0);
	if (doc) {
		CHECK(doc->blocks.count == items.nitems);
		CHECK(strncmp(first_words(doc, 0), "Anchored", 8) == 0);
		CHECK(strncmp(first_words(doc, 6), "Middle", 6) == 0);
		CHECK(strcmp(first_words(doc, 9), "Included one.") == 0);
		CHECK(strcmp(first_words(doc, 10), "Included two.") == 0);
		/* The alias, copied from the first arena after it was
		 * passed; the second include, from the first's tree. */
		CHECK(strcmp(first_words(doc, 15), first_words(doc, 0)) == 0);
		CHECK(strcmp(first_words(doc, 16), "Included one.") == 0);
		CHECK(strcmp(first_words(doc, 18), "The end.") == 0);
	}
	size_t freed = 0, pinned = 0;
	for (size_t k = 0; k < items.narenas; k++) {
		freed += items.arenas[k] == NULL;
		pinned += items.pinned[k];
		CHECK(items.pinned[k] ? items.arenas[k] != NULL
		                      : items.arenas[k] == NULL);
	}
	printf("  %zu arenas for %zu items: %zu freed as the model went, "
	       "%zu pinned\n", items.narenas, items.nitems, freed, pinned);
	CHECK(freed >= 2 && pinned >= 2);
	CHECK(d.errors == 0);
	if (d.count)
		diag_print_all(&d, stderr, 0);

	load_items_free(&items);
	CHECK(items.narenas == 0 && items.arenas == NULL);
	model_free(doc);
	arena_free(&a);
	diag_free(&d);
	free(yaml);
}

int
main(void)
{
	if (project_dir_open(&pd, "items", "items.yaml") != 0)
		return 1;
	snprintf(part, sizeof(part), "%s/part.yaml", pd.folder);
	FILE *f = fopen(part, "w");
	if (f) {
		fputs("- paragraph: Included one.\n- paragraph: Included two.\n", f);
		fclose(f);
	}
	RUN(items_freed_as_the_model_takes_them);
	remove(part);
	project_dir_close(&pd);
	return harness_done();
}
