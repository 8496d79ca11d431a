/* tree.c - the node tree from libyaml's events: scalars with their
 * positions, lists, mappings and their duplicate keys, and the loader's
 * limits on nodes and text (see load_internal.h). */
#include "load/load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load/load_internal.h"
#include "util/mem.h"
#include "util/utf8.h"

#define YAML_TAG_PREFIX "tag:yaml.org,2002:"

int
load_stopped(const file_ctx *fc)
{
	return fc->stop || fc->L->stop;
}

void
load_limit_error(file_ctx *fc, src_pos pos, const char *what, const char *name,
                 long value)
{
	diag_error(fc->L->diags, DIAG_LIMIT, pos, "%s (%s is %ld)", what, name,
	           value);
	fc->L->stop = 1;
}

void
load_depth_error(file_ctx *fc, src_pos pos)
{
	load_limit_error(fc, pos,
	                 "the nesting of lists and mappings is too deep",
	                 "LIMIT_NESTING_DEPTH", (long)LIMIT_NESTING_DEPTH);
	diag_note(fc->L->diags, "a report nests only a few levels; check "
	          "the indentation, or the includes and aliases used here");
}

/* Reserve n more nodes against LIMIT_TOTAL_NODES; 0 or -1 (reported). */
int
load_count_nodes(file_ctx *fc, src_pos pos, long n)
{
	loader *L = fc->L;
	if (L->total_nodes > LIMIT_TOTAL_NODES - n) {
		load_limit_error(fc, pos,
		                 "the report has too many values in total",
		                 "LIMIT_TOTAL_NODES", LIMIT_TOTAL_NODES);
		return -1;
	}
	L->total_nodes += n;
	return 0;
}

/* Add n bytes of text against LIMIT_TEXT_BYTES; 0 or -1 (reported). */
int
load_count_text(file_ctx *fc, src_pos pos, size_t n)
{
	loader *L = fc->L;
	if (n > (size_t)LIMIT_TEXT_BYTES - L->text_bytes) {
		load_limit_error(fc, pos,
		                 "the report has too much text in total",
		                 "LIMIT_TEXT_BYTES", LIMIT_TEXT_BYTES);
		diag_note(L->diags, "aliases and includes count each time they "
		          "are used; a report of a few hundred pages has a few "
		          "MB of text: split a longer one into several reports");
		return -1;
	}
	L->text_bytes += n;
	return 0;
}

/* A new node counted against the limit, or NULL when it is hit. */
static node *
new_node(file_ctx *fc, node_kind kind, src_pos pos)
{
	if (load_count_nodes(fc, pos, 1) < 0)
		return NULL;
	node *n = arena_alloc(fc->L->a, sizeof(*n));
	n->kind = kind;
	n->pos = pos;
	n->str = "";
	return n;
}

/* An empty string standing in for a value that had an error, so that the
 * tree stays well formed while the loader goes on collecting errors. */
node *
load_placeholder(file_ctx *fc, src_pos pos)
{
	return new_node(fc, NODE_SCALAR, pos);
}

src_pos
load_mark_pos(const file_ctx *fc, yaml_mark_t m)
{
	return srcmap_pos(&fc->map, m.index);
}

int
load_next_event(file_ctx *fc, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&fc->parser, ev)) {
		load_syntax_error(&fc->map, &fc->parser, &fc->quote,
		                  fc->L->diags);
		fc->stop = 1;
		return -1;
	}
	return 0;
}

/* Byte offset of the first character after any anchor and tag tokens
 * that precede a node's content, starting at byte i. */
static size_t
skip_properties(const srcmap *m, size_t i)
{
	while (i < m->len && (m->text[i] == '&' || m->text[i] == '!')) {
		while (i < m->len && m->text[i] != ' ' && m->text[i] != '\t' &&
		       m->text[i] != '\n' && m->text[i] != '\r')
			i++;
		while (i < m->len && (m->text[i] == ' ' || m->text[i] == '\t'))
			i++;
	}
	return i;
}

/* Fill content_col (see load.h) and remember quoted scalars for hints. */
static void
scalar_columns(file_ctx *fc, node *n, const yaml_event_t *ev)
{
	const srcmap *m = &fc->map;
	src_pos end = load_mark_pos(fc, ev->end_mark);
	size_t b = skip_properties(m, srcmap_offset(m, n->pos));
	src_pos start = srcmap_pos_byte(m, b);
	int single = start.line == end.line;

	n->content_col = 0;
	if (!single)
		load_scalar_lines(fc->L->a, m, n, b, srcmap_offset(m, end));
	if (n->style == NODE_PLAIN) {
		if (single)
			n->content_col = start.col;
	} else if (n->style == NODE_QUOTED && b < m->len) {
		char q = m->text[b];
		if (q != '"' && q != '\'')
			return;
		fc->quote.valid = 1;
		fc->quote.start = start;
		fc->quote.end_line = end.line;
		if (!single || end.col < start.col + 2)
			return;
		/* The text between the quotes, as written. */
		size_t e = srcmap_offset(m, end);
		const char *s = m->text + b + 1, *t = m->text + e - 1;
		for (const char *p = s; p < t; p++)
			if ((q == '"' && *p == '\\') || (q == '\'' && *p == '\''))
				return;
		n->content_col = start.col + 1;
	}
}

static void
check_tag(file_ctx *fc, const yaml_char_t *tag, src_pos pos)
{
	const char *t = (const char *)tag;
	if (!t || strcmp(t, "!") == 0 ||
	    strncmp(t, YAML_TAG_PREFIX, strlen(YAML_TAG_PREFIX)) == 0)
		return;
	diag_warning(fc->L->diags, DIAG_YAML_SYNTAX, pos,
	             "the YAML tag '%s' is ignored", t);
	diag_note(fc->L->diags, "carec-report does not use YAML tags; remove "
	          "the tag to silence this warning");
}

static node *
make_scalar(file_ctx *fc, const yaml_event_t *ev, src_pos pos)
{
	const char *v = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	const char *tag = (const char *)ev->data.scalar.tag;
	node *n;

	if (len > (size_t)LIMIT_SCALAR_BYTES) {
		load_limit_error(fc, pos, "this text is too long",
		                 "LIMIT_SCALAR_BYTES", LIMIT_SCALAR_BYTES);
		diag_note(fc->L->diags, "split the text into several "
		          "paragraphs");
		return NULL;
	}
	if (memchr(v, '\0', len)) {
		diag_error(fc->L->diags, DIAG_UTF8, pos,
		           "this text contains a NUL character (written \\0)");
		diag_note(fc->L->diags, "remove the \\0 from the text");
		return load_placeholder(fc, pos);
	}
	if (!utf8_valid(v, len, NULL)) {
		/* Only escapes can get here; libyaml checks them, but the
		 * contract promises valid UTF-8 to every later stage. */
		diag_error(fc->L->diags, DIAG_UTF8, pos,
		           "this text has an escape that is not a valid character");
		return load_placeholder(fc, pos);
	}
	if (load_count_text(fc, pos, len) < 0 ||
	    !(n = new_node(fc, NODE_SCALAR, pos)))
		return NULL;
	n->str = arena_strndup(fc->L->a, v, len);
	n->len = len;
	switch (ev->data.scalar.style) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		n->style = NODE_QUOTED;
		break;
	case YAML_LITERAL_SCALAR_STYLE:
	case YAML_FOLDED_SCALAR_STYLE:
		n->style = NODE_BLOCK;
		break;
	default:
		n->style = NODE_PLAIN;
		break;
	}
	scalar_columns(fc, n, ev);
	/* !!str yes is the string "yes", as if quoted. */
	if (n->style == NODE_PLAIN && tag && strcmp(tag, YAML_TAG_PREFIX "str") == 0)
		n->style = NODE_QUOTED;
	return n;
}

static node *
parse_seq(file_ctx *fc, src_pos pos, int depth, long *count)
{
	node **items = NULL, *n = NULL;
	size_t nitems = 0, cap = 0;
	long total = 1;

	if (depth > LIMIT_NESTING_DEPTH) {
		load_depth_error(fc, pos);
		return NULL;
	}
	if (load_count_nodes(fc, pos, 1) < 0)
		return NULL;
	for (;;) {
		yaml_event_t ev;
		long c;
		int inc;
		if (load_next_event(fc, &ev) < 0)
			goto done;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		node *item = load_parse_node(fc, &ev, depth, 0, &c, &inc);
		if (!item)
			goto done;
		/* An included list is spliced into the list around it. */
		size_t add = inc && item->kind == NODE_SEQ ? item->nitems : 1;
		items = xgrow(items, &cap, nitems + add, sizeof(*items));
		if (inc && item->kind == NODE_SEQ) {
			if (add)
				memcpy(items + nitems, item->items, add * sizeof(*items));
			nitems += add;
			total += c - 1;
		} else {
			items[nitems++] = item;
			total += c;
		}
	}
	n = arena_alloc(fc->L->a, sizeof(*n));
	n->kind = NODE_SEQ;
	n->pos = pos;
	if (nitems) {
		n->items = arena_alloc(fc->L->a, nitems * sizeof(*items));
		memcpy(n->items, items, nitems * sizeof(*items));
	}
	n->nitems = nitems;
	*count = total;
done:
	free(items);
	return n;
}

/* Is s at the 'u' of a "colour" that starts in the text at start? */
static int
at_colour_u(const char *s, const char *start)
{
	return s[0] == 'u' && s[1] == 'r' && s - start >= 4 &&
	       memcmp(s - 4, "colo", 4) == 0;
}

/* strcmp of two keys read with "colour" as "color" (node_key_is): an
 * order to sort by, in which the two spellings are equal. */
int
load_key_cmp(const char *a, const char *b)
{
	const char *a0 = a, *b0 = b;
	for (;;) {
		if (at_colour_u(a, a0))
			a++;
		if (at_colour_u(b, b0))
			b++;
		if (*a != *b || !*a)
			return (unsigned char)*a - (unsigned char)*b;
		a++;
		b++;
	}
}

typedef struct dup_pair {
	const node_pair *dup, *first;
} dup_pair;

static int
cmp_pair_key(const void *a, const void *b)
{
	const node_pair *x = *(const node_pair *const *)a;
	const node_pair *y = *(const node_pair *const *)b;
	int c = load_key_cmp(x->key, y->key);
	return c ? c : (x > y) - (x < y);
}

static int
cmp_dup(const void *a, const void *b)
{
	const dup_pair *x = a, *y = b;
	return (x->dup > y->dup) - (x->dup < y->dup);
}

/* Report every key that repeats an earlier key of the same mapping, in
 * source order, at the repeat. Sorting keeps big mappings fast. */
static void
check_duplicates(file_ctx *fc, const node_pair *pairs, size_t n)
{
	const node_pair **s;
	dup_pair *dups;
	size_t ndups = 0;

	if (n < 2)
		return;
	s = xmalloc(n * sizeof(*s));
	dups = xmalloc(n * sizeof(*dups));
	for (size_t i = 0; i < n; i++)
		s[i] = &pairs[i];
	qsort(s, n, sizeof(*s), cmp_pair_key);
	for (size_t i = 1, first = 0; i < n; i++) {
		if (load_key_cmp(s[i]->key, s[first]->key) != 0) {
			first = i;
			continue;
		}
		dups[ndups].dup = s[i];
		dups[ndups].first = s[first];
		ndups++;
	}
	qsort(dups, ndups, sizeof(*dups), cmp_dup);
	for (size_t i = 0; i < ndups; i++) {
		const char *k = dups[i].dup->key, *k0 = dups[i].first->key;
		if (strcmp(k, k0) == 0)
			diag_error(fc->L->diags, DIAG_DUPLICATE_KEY,
			           dups[i].dup->key_pos,
			           "the key '%s' appears twice in the same mapping",
			           k);
		else
			diag_error(fc->L->diags, DIAG_DUPLICATE_KEY,
			           dups[i].dup->key_pos,
			           "'%s' and '%s' are the same key (two spellings) "
			           "in the same mapping", k0, k);
		diag_note(fc->L->diags, "it is first given on line %d; keep only "
		          "one of them", dups[i].first->key_pos.line);
	}
	free(dups);
	free(s);
}

/* Append key: value to a growing array of pairs. */
static void
push_pair(node_pair **pairs, size_t *n, size_t *cap, const char *key,
          src_pos key_pos, node *value)
{
	*pairs = xgrow(*pairs, cap, *n + 1, sizeof(**pairs));
	(*pairs)[*n].key = key;
	(*pairs)[*n].key_pos = key_pos;
	(*pairs)[*n].value = value;
	(*n)++;
}

/* A mapping at pos, in arena a, of a copy of pairs[0..n). */
static node *
map_node(arena *a, src_pos pos, const node_pair *pairs, size_t n)
{
	node *m = arena_alloc(a, sizeof(*m));
	m->kind = NODE_MAP;
	m->pos = pos;
	if (n) {
		m->pairs = arena_alloc(a, n * sizeof(*pairs));
		memcpy(m->pairs, pairs, n * sizeof(*pairs));
	}
	m->npairs = n;
	return m;
}

static node *
parse_map(file_ctx *fc, src_pos pos, int depth, int is_key, long *count,
          int *included)
{
	node_pair *pairs = NULL;
	node *n = NULL;
	size_t npairs = 0, cap = 0;
	long total = 1;

	if (depth > LIMIT_NESTING_DEPTH) {
		load_depth_error(fc, pos);
		return NULL;
	}
	if (load_count_nodes(fc, pos, 1) < 0)
		return NULL;
	for (;;) {
		yaml_event_t ev;
		long kc, vc;
		int inc;
		if (load_next_event(fc, &ev) < 0)
			goto done;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		src_pos kpos = load_mark_pos(fc, ev.start_mark);
		node *key = load_parse_node(fc, &ev, depth, 1, &kc, &inc);
		if (!key)
			goto done;
		if (load_next_event(fc, &ev) < 0)
			goto done;
		node *value = load_parse_node(fc, &ev, depth, 0, &vc, &inc);
		if (!value)
			goto done;
		if (key->kind != NODE_SCALAR) {
			diag_error(fc->L->diags, DIAG_TYPE, kpos, "a key must be "
			           "a simple name, not %s", node_kind_name(key->kind));
			if (key->kind == NODE_MAP) /* "text: {{ name }}" */
				diag_note(fc->L->diags, "a text that starts with '{{' "
				          "(a data reference) goes in quotes: "
				          "\"{{ founded }} ...\"");
			else
				diag_note(fc->L->diags, "write keys as plain words "
				          "followed by ':', like 'title: ...'");
			continue;
		}
		push_pair(&pairs, &npairs, &cap, key->str, kpos, value);
		total += vc;
	}
	check_duplicates(fc, pairs, npairs);
	n = map_node(fc->L->a, pos, pairs, npairs);
	*count = total;
	if (!is_key && npairs == 1 && strcmp(pairs[0].key, "include") == 0) {
		n = load_include(fc, n, depth - 1, count, included);
	} else if (!is_key) {
		for (size_t i = 0; i < npairs; i++)
			if (strcmp(pairs[i].key, "include") == 0) {
				n = load_include_with_keys(fc, n, i, depth - 1,
				                           count, included);
				break;
			}
	}
done:
	free(pairs);
	return n;
}

/* Build the node that starts with ev, which this takes and deletes. depth
 * is the nesting of the enclosing collections. NULL means stop: a syntax
 * error or a limit was reported. */
node *
load_parse_node(file_ctx *fc, yaml_event_t *ev, int depth, int is_key,
                long *count, int *included)
{
	const yaml_char_t *anc = NULL, *tag = NULL;
	yaml_event_type_t type = ev->type;
	src_pos pos = load_mark_pos(fc, ev->start_mark);
	char *name = NULL;
	node *n = NULL;

	*count = 1;
	*included = 0;
	switch (type) {
	case YAML_ALIAS_EVENT:
		n = load_alias(fc, ev, depth, count);
		yaml_event_delete(ev);
		return n;
	case YAML_SCALAR_EVENT:
		anc = ev->data.scalar.anchor;
		tag = ev->data.scalar.tag;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anc = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
		break;
	case YAML_MAPPING_START_EVENT:
		anc = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
		break;
	default:
		diag_error(fc->L->diags, DIAG_INTERNAL, pos,
		           "unexpected YAML event %d", (int)type);
		yaml_event_delete(ev);
		fc->stop = 1;
		return NULL;
	}
	check_tag(fc, tag, pos);
	if (anc)
		name = xstrdup((const char *)anc);
	if (type == YAML_SCALAR_EVENT) {
		n = make_scalar(fc, ev, pos);
		yaml_event_delete(ev);
	} else {
		yaml_event_delete(ev);
		if (name && fc->npending < sizeof(fc->pending) / sizeof(fc->pending[0]))
			fc->pending[fc->npending++] = name;
		if (type == YAML_SEQUENCE_START_EVENT)
			n = parse_seq(fc, pos, depth + 1, count);
		else
			n = parse_map(fc, pos, depth + 1, is_key, count, included);
		if (name && fc->npending && fc->pending[fc->npending - 1] == name)
			fc->npending--;
	}
	if (n && name && !load_stopped(fc))
		load_anchor_set(fc, name, n, *count);
	else
		free(name);
	return load_stopped(fc) ? NULL : n;
}

const node *
node_get(const node *n, const char *key)
{
	if (!n || n->kind != NODE_MAP)
		return NULL;
	for (size_t i = 0; i < n->npairs; i++)
		if (node_key_is(n->pairs[i].key, key))
			return n->pairs[i].value;
	return NULL;
}

int
node_key_is(const char *key, const char *name)
{
	return load_key_cmp(key, name) == 0;
}

const char *
node_kind_name(node_kind kind)
{
	switch (kind) {
	case NODE_SCALAR:
		return "a string";
	case NODE_MAP:
		return "a mapping";
	case NODE_SEQ:
		return "a list";
	}
	return "a value";
}
