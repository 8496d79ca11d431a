/* block_list.c - "- list: [items]" with bullets or numbers; an item is a
 * text, or a map { item: text, list: [nested items] }.
 *
 * The block may set the markers per nesting level: "bullet: '–'" or
 * "bullet: ['•', '–']", and "numbers: a" or "numbers: [1, a, i]". A level
 * deeper than the list given reuses it from the start. */
#include <string.h>

#include "model/model_internal.h"
#include "util/limits.h"
#include "util/utf8.h"

/* A bullet is a mark, not a word: longer ones are almost surely a
 * paragraph written in the wrong key. */
#define MAX_BULLET_CHARS 4

static const char *const keys[] = {"style", "start", "bullet", "numbers",
                                   NULL};
static const char *const item_keys[] = {"item", "list", "style", NULL};
static const char *const styles[] = {"bullet", "numbered", NULL};
static const char *const number_names[] = {"1", "a", "A", "i", "I", NULL};

/* The markers of one block, per level. */
typedef struct marks {
	const char *bullets[LIMIT_LIST_DEPTH];
	size_t nbullets;
	model_numbering numbers[LIMIT_LIST_DEPTH];
	size_t nnumbers;
} marks;

static int parse_items(model_ctx *c, const node *items, model_list *l,
                       int depth, const marks *mk);

/* Give a list at depth its markers. */
static void
apply_marks(model_list *l, int depth, const marks *mk)
{
	l->depth = depth;
	l->bullet = mk->nbullets ? mk->bullets[(size_t)(depth - 1) %
	                                       mk->nbullets]
	                         : NULL;
	l->numbers = mk->nnumbers ? mk->numbers[(size_t)(depth - 1) %
	                                        mk->nnumbers]
	                          : MODEL_NUM_DECIMAL;
}

static int
parse_item(model_ctx *c, const node *n, model_list_item *it, int depth,
           const marks *mk)
{
	memset(it, 0, sizeof(*it));
	it->pos = n->pos;
	if (n->kind == NODE_MAP && node_get(n, "item")) {
		mcheck_keys(c, n, item_keys, "in a list item");
		int rc = mget_text(c, node_get(n, "item"), &it->text);
		const node *sub = node_get(n, "list");
		if (sub) {
			it->sub = arena_alloc(c->mem, sizeof(*it->sub));
			memset(it->sub, 0, sizeof(*it->sub));
			const node *st = node_get(n, "style");
			int s;
			if (st && mget_enum(c, st, styles, &s) == 0)
				it->sub->numbered = s;
			it->sub->start = 1;
			if (parse_items(c, sub, it->sub, depth + 1, mk) != 0)
				rc = -1;
		}
		return rc;
	}
	if (n->kind == NODE_SEQ) {
		diag_error(c->diags, DIAG_TYPE, n->pos,
		           "expected a list item, got a list");
		diag_note(c->diags, "to nest a list, write the item as "
		                    "'- item: text' with 'list:' under it");
		return -1;
	}
	return mget_text(c, n, &it->text);
}

static int
parse_items(model_ctx *c, const node *items, model_list *l, int depth,
            const marks *mk)
{
	if (depth > LIMIT_LIST_DEPTH) {
		diag_error(c->diags, DIAG_LIMIT, items->pos,
		           "lists nest at most %d levels deep", LIMIT_LIST_DEPTH);
		diag_note(c->diags, "each level indents the text further; "
		                    "split the list or use headings");
		return -1;
	}
	if (mexpect_seq(c, items, "a list of items") != 0)
		return -1;
	apply_marks(l, depth, mk);
	l->count = items->nitems;
	l->items = arena_alloc(c->mem, (l->count ? l->count : 1) *
	                                   sizeof(*l->items));
	int rc = 0;
	for (size_t i = 0; i < items->nitems; i++)
		if (parse_item(c, items->items[i], &l->items[i], depth, mk) != 0)
			rc = -1;
	return rc;
}

/* One bullet: a short string. */
static int
parse_bullet(model_ctx *c, const node *n, const char **out)
{
	const char *s;
	if (mget_string(c, n, &s) != 0)
		return -1;
	size_t chars = utf8_count(s, strlen(s));
	if (chars == 0 || chars > MAX_BULLET_CHARS) {
		diag_error(c->diags, DIAG_VALUE, n->pos,
		           "a bullet is 1 to %d characters, not %zu",
		           MAX_BULLET_CHARS, chars);
		diag_note(c->diags, "write a mark such as bullet: '\xE2\x80\x93'");
		return -1;
	}
	*out = s;
	return 0;
}

/* One number style: 1, a, A, i or I. */
static int
parse_numbers(model_ctx *c, const node *n, model_numbering *out)
{
	if (mexpect_scalar(c, n, "a number style (1, a, A, i or I)") != 0)
		return -1;
	for (int i = 0; number_names[i]; i++) {
		if (strcmp(n->str, number_names[i]) == 0) {
			*out = (model_numbering)i;
			return 0;
		}
	}
	diag_error(c->diags, DIAG_ENUM, n->pos, "unknown number style '%s'",
	           n->str);
	diag_note(c->diags, "use 1 (1. 2. 3.), a (a. b. c.), A (A. B. C.), "
	                    "i (i. ii. iii.) or I (I. II. III.)");
	return -1;
}

/* The items of "key: one" or "key: [one per level]": store them in
 * items[0..*count) (room for LIMIT_LIST_DEPTH). Return 0, or -1 after an
 * error. */
static int
per_level(model_ctx *c, const node *n, const char *what,
          const node **items, size_t *count)
{
	if (n->kind != NODE_SEQ) {
		items[0] = n;
		*count = 1;
		return 0;
	}
	if (n->nitems == 0 || n->nitems > LIMIT_LIST_DEPTH) {
		diag_error(c->diags, DIAG_VALUE, n->pos,
		           "give 1 to %d %s, one per level, not %zu",
		           LIMIT_LIST_DEPTH, what, n->nitems);
		return -1;
	}
	for (size_t i = 0; i < n->nitems; i++)
		items[i] = n->items[i];
	*count = n->nitems;
	return 0;
}

static int
parse(model_ctx *c, const node *block, const node *value, model_block *out)
{
	model_list *l = &out->u.list;
	l->start = 1;
	const node *v;
	int s, rc = 0;
	long start;
	marks mk;
	memset(&mk, 0, sizeof(mk));
	const node *lv[LIMIT_LIST_DEPTH];
	size_t n = 0;
	if ((v = node_get(block, "bullet"))) {
		n = 0;
		int bad = per_level(c, v, "bullets", lv, &n) != 0;
		for (size_t i = 0; i < n; i++)
			if (parse_bullet(c, lv[i], &mk.bullets[i]) != 0)
				bad = 1;
		mk.nbullets = bad ? 0 : n;
		if (bad)
			rc = -1;
	}
	if ((v = node_get(block, "numbers"))) {
		n = 0;
		int bad = per_level(c, v, "number styles", lv, &n) != 0;
		for (size_t i = 0; i < n; i++)
			if (parse_numbers(c, lv[i], &mk.numbers[i]) != 0)
				bad = 1;
		mk.nnumbers = bad ? 0 : n;
		if (bad)
			rc = -1;
		/* Number styles make a numbered list unless it says not. */
		l->numbered = 1;
	}
	if ((v = node_get(block, "style")) && mget_enum(c, v, styles, &s) == 0)
		l->numbered = s;
	if ((v = node_get(block, "start")) &&
	    mget_int(c, v, 0, 100000, &start) == 0)
		l->start = (int)start;
	if (parse_items(c, value, l, 1, &mk) != 0)
		rc = -1;
	return rc;
}

const model_block_spec block_list = {"list", keys, 1, parse};
