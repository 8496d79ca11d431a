/* load.c - YAML files to a node tree (see load.h). */
#define _POSIX_C_SOURCE 200809L

#include "load/load.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "load/load_internal.h"
#include "util/inputs.h"
#include "util/limits.h"
#include "util/paths.h"
#include "util/mem.h"
#include "util/utf8.h"

#define YAML_TAG_PREFIX "tag:yaml.org,2002:"

/* A file loaded once, kept so that a second include of it is a copy and
 * not a second parse (which would let includes multiply like aliases). */
typedef struct cached {
	char *key;   /* owned: real path, or the name when there is none */
	node *root;  /* NULL while loading or when the file failed */
	long count;  /* nodes in root */
	size_t bytes;/* the file's length, for LIMIT_INCLUDE_BYTES */
	size_t text; /* bytes of text in root, for LIMIT_TEXT_BYTES */
} cached;

/* One file of the chain of includes being loaded. */
typedef struct frame {
	const char *key;   /* borrowed from the cache */
	const char *shown; /* registered path */
} frame;

typedef struct loader {
	arena *a;
	diag_list *diags;
	const path_policy *policy; /* which files includes may read */
	long total_nodes;  /* all nodes made, copies included */
	long alias_nodes;  /* nodes made by expanding aliases */
	size_t alias_bytes;   /* text copied by aliases */
	size_t include_bytes; /* YAML read by includes, each counted */
	size_t text_bytes;    /* text of all values, copies included */
	cached *cache;
	size_t ncache, capcache;
	frame stack[LIMIT_INCLUDE_DEPTH + 1];
	size_t nstack;
	int stop;          /* a limit was hit: the whole load stops */
} loader;

typedef struct anchor {
	char *name;  /* owned; NULL marks an empty slot */
	node *n;
	long count;
	size_t bytes; /* text in n */
} anchor;

/* The state of one file being parsed. */
typedef struct file_ctx {
	loader *L;
	const char *path;  /* registered */
	char *dir;         /* owned: folder of path with its '/', or "" */
	srcmap map;
	yaml_parser_t parser;
	anchor *anchors;   /* open-addressing hash table */
	size_t nanchors, capanchors;
	/* Anchors of collections still being built, to explain an alias to
	 * its own enclosing node. */
	const char *pending[LIMIT_NESTING_DEPTH + 2];
	size_t npending;
	quote_hint quote;
	int stop;          /* a syntax error: this file stops */
} file_ctx;

static node *parse_node(file_ctx *fc, yaml_event_t *ev, int depth,
                        int is_key, long *count, int *included);
static node *load_text(loader *L, const char *shown, char *key, char *data,
                       size_t len, int depth, long *count);

/* ---- files ---- */

/* Read the file open as fd (which this closes; -1 when opening failed,
 * errno set) whole into *data (malloc'd, NUL-terminated). Return 0; -1
 * with errno set; or -2 when it is larger than LIMIT_FILE_BYTES. */
static int
read_whole(int fd, char **data, size_t *len)
{
	enum { CHUNK = 64 * 1024 };
	buf b;
	int rc = -1, err = 0;
	FILE *f;

	*data = NULL;
	*len = 0;
	if (fd < 0)
		return -1;
	inputs_note_fd(fd); /* never an output (util/inputs.h) */
	errno = 0;
	f = fdopen(fd, "rb");
	if (!f) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	buf_init(&b);
	/* A regular file's size, so that a long report is read into one
	 * buffer of its size (growing would double it); one byte more tells
	 * that it grew meanwhile, one for the NUL. */
	struct stat st;
	int reg = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode);
	if (reg && st.st_size > (off_t)LIMIT_FILE_BYTES) {
		rc = -2; /* refused unread */
		goto done;
	}
	if (reg && st.st_size > 0) {
		b.cap = (size_t)st.st_size + 2;
		b.data = xmalloc(b.cap);
	}
	for (;;) {
		size_t room = b.cap > b.len + 1 ? b.cap - b.len - 1 : 0;
		if (room == 0) {
			buf_reserve(&b, CHUNK);
			room = b.cap - b.len - 1;
		}
		errno = 0;
		size_t got = fread(b.data + b.len, 1, room, f);
		b.len += got;
		if (b.len > (size_t)LIMIT_FILE_BYTES) {
			rc = -2;
			goto done;
		}
		if (got < room) {
			if (ferror(f)) {
				err = errno ? errno : EIO;
				goto done;
			}
			break;
		}
	}
	b.data[b.len] = '\0';
	*len = b.len;
	*data = buf_detach(&b);
	rc = 0;
done:
	buf_free(&b);
	fclose(f);
	if (rc == -1)
		errno = err;
	return rc;
}

/* The identity of a file for cycles and the cache. */
static char *
file_key(const char *path)
{
	char *real = realpath(path, NULL);
	if (real) {
		char *k = xstrdup(real);
		free(real);
		return k;
	}
	return xstrdup(path);
}

static char *
folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? xstrndup(path, (size_t)(slash - path) + 1) : xstrdup("");
}

/* path with "." and "name/.." segments and repeated slashes removed,
 * lexically (malloc'd). */
static char *
tidy_path(const char *path)
{
	size_t n = strlen(path), nseg = 0;
	const char **seg = xmalloc((n / 2 + 2) * sizeof(*seg));
	size_t *len = xmalloc((n / 2 + 2) * sizeof(*len));
	int abs = path[0] == '/';
	buf out;

	for (const char *p = path; *p;) {
		const char *e = strchr(p, '/');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (l == 0 || (l == 1 && p[0] == '.')) {
			/* nothing */
		} else if (l == 2 && p[0] == '.' && p[1] == '.' && nseg &&
		           !(len[nseg - 1] == 2 && seg[nseg - 1][0] == '.' &&
		             seg[nseg - 1][1] == '.')) {
			nseg--;
		} else if (!(l == 2 && p[0] == '.' && p[1] == '.' && abs)) {
			seg[nseg] = p;
			len[nseg++] = l;
		}
		p += l;
		if (*p == '/')
			p++;
	}
	buf_init(&out);
	if (abs)
		buf_putc(&out, '/');
	for (size_t i = 0; i < nseg; i++) {
		if (i)
			buf_putc(&out, '/');
		buf_put(&out, seg[i], len[i]);
	}
	if (out.len == 0)
		buf_putc(&out, '.');
	free(seg);
	free(len);
	return buf_detach(&out);
}

/* The path of rel, included from a file in dir, as shown to the user:
 * tidied when that names the same file (a symlinked folder may not). */
static char *
join_path(const char *dir, const char *rel)
{
	char *raw = rel[0] == '/' ? xstrdup(rel) : xasprintf("%s%s", dir, rel);
	char *tidy = tidy_path(raw);
	char *k1 = file_key(raw), *k2 = file_key(tidy);
	int same = strcmp(k1, k2) == 0;
	free(k1);
	free(k2);
	if (same) {
		free(raw);
		return tidy;
	}
	free(tidy);
	return raw;
}

/* ---- nodes ---- */

static int
stopped(const file_ctx *fc)
{
	return fc->stop || fc->L->stop;
}

static void
limit_error(file_ctx *fc, src_pos pos, const char *what, const char *name,
            long value)
{
	diag_error(fc->L->diags, DIAG_LIMIT, pos, "%s (%s is %ld)", what, name,
	           value);
	fc->L->stop = 1;
}

static void
depth_error(file_ctx *fc, src_pos pos)
{
	limit_error(fc, pos, "the nesting of lists and mappings is too deep",
	            "LIMIT_NESTING_DEPTH", (long)LIMIT_NESTING_DEPTH);
	diag_note(fc->L->diags, "a report nests only a few levels; check "
	          "the indentation, or the includes and aliases used here");
}

/* Reserve n more nodes against LIMIT_TOTAL_NODES; 0 or -1 (reported). */
static int
count_nodes(file_ctx *fc, src_pos pos, long n)
{
	loader *L = fc->L;
	if (L->total_nodes > LIMIT_TOTAL_NODES - n) {
		limit_error(fc, pos, "the report has too many values in total",
		            "LIMIT_TOTAL_NODES", LIMIT_TOTAL_NODES);
		return -1;
	}
	L->total_nodes += n;
	return 0;
}

/* The bytes of text in the tree n (scalars and keys). */
static size_t
tree_bytes(const node *n)
{
	size_t b = 0;
	if (n->kind == NODE_SCALAR)
		return n->len;
	for (size_t i = 0; n->kind == NODE_SEQ && i < n->nitems; i++)
		b += tree_bytes(n->items[i]);
	for (size_t i = 0; n->kind == NODE_MAP && i < n->npairs; i++)
		b += strlen(n->pairs[i].key) + tree_bytes(n->pairs[i].value);
	return b;
}

/* Add n bytes of text against LIMIT_TEXT_BYTES; 0 or -1 (reported). */
static int
count_text(file_ctx *fc, src_pos pos, size_t n)
{
	loader *L = fc->L;
	if (n > (size_t)LIMIT_TEXT_BYTES - L->text_bytes) {
		limit_error(fc, pos, "the report has too much text in total",
		            "LIMIT_TEXT_BYTES", LIMIT_TEXT_BYTES);
		diag_note(L->diags, "aliases and includes count each time they "
		          "are used; a report of a few hundred pages has a few "
		          "MB of text: split a longer one into several reports");
		return -1;
	}
	L->text_bytes += n;
	return 0;
}

/* Add a file of n bytes, included at pos, against LIMIT_INCLUDE_BYTES;
 * 0 or -1 (reported). */
static int
count_include(file_ctx *fc, src_pos pos, size_t n)
{
	loader *L = fc->L;
	if (n > (size_t)LIMIT_INCLUDE_BYTES - L->include_bytes) {
		limit_error(fc, pos, "the included files are too large in total",
		            "LIMIT_INCLUDE_BYTES", LIMIT_INCLUDE_BYTES);
		diag_note(L->diags, "every include counts, also of a file "
		          "included before; include a long file once, or split "
		          "the report into several reports");
		return -1;
	}
	L->include_bytes += n;
	return 0;
}

/* A new node counted against the limit, or NULL when it is hit. */
static node *
new_node(file_ctx *fc, node_kind kind, src_pos pos)
{
	if (count_nodes(fc, pos, 1) < 0)
		return NULL;
	node *n = arena_alloc(fc->L->a, sizeof(*n));
	n->kind = kind;
	n->pos = pos;
	n->str = "";
	return n;
}

/* An empty string standing in for a value that had an error, so that the
 * tree stays well formed while the loader goes on collecting errors. */
static node *
placeholder(file_ctx *fc, src_pos pos)
{
	return new_node(fc, NODE_SCALAR, pos);
}

/* Deep-copy src to sit under a parent at nesting depth; strings are
 * shared. The caller has counted the nodes. NULL when too deep. */
static node *
copy_tree(file_ctx *fc, const node *src, int depth, src_pos at)
{
	node *n = arena_alloc(fc->L->a, sizeof(*n));
	*n = *src;
	if (src->kind == NODE_SCALAR)
		return n;
	if (depth + 1 > LIMIT_NESTING_DEPTH) {
		depth_error(fc, at);
		return NULL;
	}
	if (src->kind == NODE_SEQ && src->nitems) {
		n->items = arena_alloc(fc->L->a, src->nitems * sizeof(*n->items));
		for (size_t i = 0; i < src->nitems; i++)
			if (!(n->items[i] = copy_tree(fc, src->items[i], depth + 1, at)))
				return NULL;
	} else if (src->kind == NODE_MAP && src->npairs) {
		n->pairs = arena_alloc(fc->L->a, src->npairs * sizeof(*n->pairs));
		for (size_t i = 0; i < src->npairs; i++) {
			n->pairs[i] = src->pairs[i];
			n->pairs[i].value = copy_tree(fc, src->pairs[i].value,
			                              depth + 1, at);
			if (!n->pairs[i].value)
				return NULL;
		}
	}
	return n;
}

static src_pos
mark_pos(const file_ctx *fc, yaml_mark_t m)
{
	return srcmap_pos(&fc->map, m.index);
}

static int
next_event(file_ctx *fc, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&fc->parser, ev)) {
		load_syntax_error(&fc->map, &fc->parser, &fc->quote, fc->L->diags);
		fc->stop = 1;
		return -1;
	}
	return 0;
}

/* ---- anchors ---- */

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
static void
anchor_set(file_ctx *fc, char *name, node *n, long count)
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
	s->bytes = tree_bytes(n);
}

static const anchor *
anchor_get(const file_ctx *fc, const char *name)
{
	if (!fc->capanchors)
		return NULL;
	const anchor *s = anchor_slot(fc->anchors, fc->capanchors, name);
	return s->name ? s : NULL;
}

static node *
expand_alias(file_ctx *fc, const yaml_event_t *ev, int depth, long *count)
{
	loader *L = fc->L;
	const char *name = (const char *)ev->data.alias.anchor;
	src_pos pos = mark_pos(fc, ev->start_mark);
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
		return placeholder(fc, pos);
	}
	if (L->alias_nodes > LIMIT_ALIAS_NODES - an->count) {
		limit_error(fc, pos, "aliases expand to too many values",
		            "LIMIT_ALIAS_NODES", LIMIT_ALIAS_NODES);
		diag_note(L->diags, "aliases that refer to other aliases multiply "
		          "their values; use fewer or smaller aliases");
		return NULL;
	}
	if (an->bytes > (size_t)LIMIT_ALIAS_BYTES - L->alias_bytes) {
		limit_error(fc, pos, "aliases copy too much text",
		            "LIMIT_ALIAS_BYTES", LIMIT_ALIAS_BYTES);
		diag_note(L->diags, "each use of an alias copies the text of its "
		          "anchor; write a long text once, or use it fewer times");
		return NULL;
	}
	if (count_nodes(fc, pos, an->count) < 0 ||
	    count_text(fc, pos, an->bytes) < 0)
		return NULL;
	L->alias_bytes += an->bytes;
	L->alias_nodes += an->count;
	node *n = copy_tree(fc, an->n, depth, pos);
	if (!n)
		return NULL;
	n->pos = pos;
	n->content_col = 0;
	n->lines = NULL; /* the alias's place, not the anchored text's */
	n->nlines = 0;
	*count = an->count;
	return n;
}

/* ---- scalars ---- */

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
	src_pos end = mark_pos(fc, ev->end_mark);
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
		limit_error(fc, pos, "this text is too long",
		            "LIMIT_SCALAR_BYTES", LIMIT_SCALAR_BYTES);
		diag_note(fc->L->diags, "split the text into several "
		          "paragraphs");
		return NULL;
	}
	if (memchr(v, '\0', len)) {
		diag_error(fc->L->diags, DIAG_UTF8, pos,
		           "this text contains a NUL character (written \\0)");
		diag_note(fc->L->diags, "remove the \\0 from the text");
		return placeholder(fc, pos);
	}
	if (!utf8_valid(v, len, NULL)) {
		/* Only escapes can get here; libyaml checks them, but the
		 * contract promises valid UTF-8 to every later stage. */
		diag_error(fc->L->diags, DIAG_UTF8, pos,
		           "this text has an escape that is not a valid character");
		return placeholder(fc, pos);
	}
	if (count_text(fc, pos, len) < 0 || !(n = new_node(fc, NODE_SCALAR, pos)))
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

/* ---- collections ---- */

static node *
parse_seq(file_ctx *fc, src_pos pos, int depth, long *count)
{
	node **items = NULL, *n = NULL;
	size_t nitems = 0, cap = 0;
	long total = 1;

	if (depth > LIMIT_NESTING_DEPTH) {
		depth_error(fc, pos);
		return NULL;
	}
	if (count_nodes(fc, pos, 1) < 0)
		return NULL;
	for (;;) {
		yaml_event_t ev;
		long c;
		int inc;
		if (next_event(fc, &ev) < 0)
			goto done;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		node *item = parse_node(fc, &ev, depth, 0, &c, &inc);
		if (!item)
			goto done;
		/* An included list is spliced into the list around it. */
		size_t add = inc && item->kind == NODE_SEQ ? item->nitems : 1;
		if (nitems + add > cap) {
			while (nitems + add > cap)
				cap = cap ? cap * 2 : 8;
			items = xrealloc(items, cap * sizeof(*items));
		}
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
static int
key_cmp(const char *a, const char *b)
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
	int c = key_cmp(x->key, y->key);
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
		if (key_cmp(s[i]->key, s[first]->key) != 0) {
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

static node *
do_include(file_ctx *fc, const node *map, int depth, long *count,
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
		return placeholder(fc, v->pos);
	}
	shown = join_path(fc->dir, v->str);
	key = file_key(shown);
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
		res = placeholder(fc, v->pos);
		goto done;
	}
	if (L->nstack > LIMIT_INCLUDE_DEPTH) {
		limit_error(fc, v->pos, "includes are nested too deeply",
		            "LIMIT_INCLUDE_DEPTH", (long)LIMIT_INCLUDE_DEPTH);
		goto done;
	}
	for (size_t i = 0; i < L->ncache; i++) {
		const cached *c = &L->cache[i];
		if (strcmp(c->key, key) != 0)
			continue;
		if (!c->root) {
			/* Its errors were reported where it was first included. */
			res = placeholder(fc, v->pos);
		} else if (count_include(fc, v->pos, c->bytes) == 0 &&
		           count_nodes(fc, v->pos, c->count) == 0 &&
		           count_text(fc, v->pos, c->text) == 0 &&
		           (res = copy_tree(fc, c->root, depth, v->pos)) != NULL) {
			*count = c->count;
			*included = 1;
		}
		goto done;
	}
	if (L->ncache >= LIMIT_INCLUDE_FILES) {
		limit_error(fc, v->pos, "the report includes too many files",
		            "LIMIT_INCLUDE_FILES", (long)LIMIT_INCLUDE_FILES);
		goto done;
	}
	/* Opened through the policy: what it checked is what is read. */
	path_verdict pv;
	int fd = path_open(L->policy, v->str, shown, &pv);
	if (pv != PATH_OK && pv != PATH_MISSING) {
		path_report(L->diags, DIAG_INCLUDE, v->pos, pv, v->str,
		            "included file");
		res = placeholder(fc, v->pos);
		goto done;
	}
	switch (read_whole(fd, &text, &len)) {
	case 0:
		break;
	case -2:
		limit_error(fc, v->pos, "the included file is too large",
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
		res = placeholder(fc, v->pos);
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
		res = placeholder(fc, v->pos);
done:
	free(text);
	free(key);
	free(shown);
	return res;
}

/* over's pairs on top of base's, as a new map: a key of over replaces the
 * same key of base, except that two maps are merged key by key (so that
 * "page: {orientation: landscape}" keeps the base's page size). The
 * 'include' pair of over is skipped. Positions stay where each pair was
 * written. */
static node *
merge_maps(file_ctx *fc, const node *base, const node *over)
{
	node *n = arena_alloc(fc->L->a, sizeof(*n));
	*n = *base;
	n->pairs = arena_alloc(fc->L->a, (base->npairs + over->npairs + 1) *
	                                 sizeof(node_pair));
	if (base->npairs)
		memcpy(n->pairs, base->pairs, base->npairs * sizeof(node_pair));
	n->npairs = base->npairs;
	for (size_t i = 0; i < over->npairs; i++) {
		const node_pair *op = &over->pairs[i];
		if (strcmp(op->key, "include") == 0)
			continue;
		size_t j = 0;
		while (j < n->npairs && key_cmp(n->pairs[j].key, op->key) != 0)
			j++;
		if (j == n->npairs) {
			n->pairs[n->npairs++] = *op;
		} else if (n->pairs[j].value->kind == NODE_MAP &&
		           op->value->kind == NODE_MAP) {
			n->pairs[j].value = merge_maps(fc, n->pairs[j].value,
			                               op->value);
		} else {
			n->pairs[j] = *op;
		}
	}
	return n;
}

/* A map with 'include' and other keys: the included map with those keys
 * on top (merge_maps), so that a report takes the shared theme and
 * changes one setting. The included file must hold a map. */
static node *
include_with_keys(file_ctx *fc, node *map, size_t at, int depth,
                  long *count, int *included)
{
	node one = *map;
	one.pairs = &map->pairs[at];
	one.npairs = 1;
	long c = 0;
	size_t errors = fc->L->diags->errors;
	node *base = do_include(fc, &one, depth, &c, included);
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
		return placeholder(fc, map->pos);
	}
	return merge_maps(fc, base, map);
}

/* Append key: value to a growing array of pairs. */
static void
push_pair(node_pair **pairs, size_t *n, size_t *cap, const char *key,
          src_pos key_pos, node *value)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*pairs = xrealloc(*pairs, *cap * sizeof(**pairs));
	}
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
		depth_error(fc, pos);
		return NULL;
	}
	if (count_nodes(fc, pos, 1) < 0)
		return NULL;
	for (;;) {
		yaml_event_t ev;
		long kc, vc;
		int inc;
		if (next_event(fc, &ev) < 0)
			goto done;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		src_pos kpos = mark_pos(fc, ev.start_mark);
		node *key = parse_node(fc, &ev, depth, 1, &kc, &inc);
		if (!key)
			goto done;
		if (next_event(fc, &ev) < 0)
			goto done;
		node *value = parse_node(fc, &ev, depth, 0, &vc, &inc);
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
		n = do_include(fc, n, depth - 1, count, included);
	} else if (!is_key) {
		for (size_t i = 0; i < npairs; i++)
			if (strcmp(pairs[i].key, "include") == 0) {
				n = include_with_keys(fc, n, i, depth - 1, count,
				                      included);
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
static node *
parse_node(file_ctx *fc, yaml_event_t *ev, int depth, int is_key,
           long *count, int *included)
{
	const yaml_char_t *anc = NULL, *tag = NULL;
	yaml_event_type_t type = ev->type;
	src_pos pos = mark_pos(fc, ev->start_mark);
	char *name = NULL;
	node *n = NULL;

	*count = 1;
	*included = 0;
	switch (type) {
	case YAML_ALIAS_EVENT:
		n = expand_alias(fc, ev, depth, count);
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
	if (n && name && !stopped(fc))
		anchor_set(fc, name, n, *count);
	else
		free(name);
	return stopped(fc) ? NULL : n;
}

/* ---- files to trees ---- */

static node *
parse_stream(file_ctx *fc, int depth, long *count)
{
	yaml_event_t ev;
	node *root;
	int inc;

	if (next_event(fc, &ev) < 0) /* stream start */
		return NULL;
	yaml_event_delete(&ev);
	if (next_event(fc, &ev) < 0)
		return NULL;
	if (ev.type == YAML_STREAM_END_EVENT) {
		src_pos pos = {fc->path, 0, 0};
		yaml_event_delete(&ev);
		diag_error(fc->L->diags, DIAG_YAML_SYNTAX, pos,
		           "the file holds no YAML document (it is empty or has "
		           "only comments)");
		diag_note(fc->L->diags, "write the values into the file, or "
		          "remove whatever refers to it");
		return NULL;
	}
	yaml_event_delete(&ev); /* document start */
	if (next_event(fc, &ev) < 0)
		return NULL;
	if (!(root = parse_node(fc, &ev, depth, 0, count, &inc)))
		return NULL;
	if (next_event(fc, &ev) < 0) /* document end */
		return NULL;
	yaml_event_delete(&ev);
	if (next_event(fc, &ev) < 0)
		return NULL;
	if (ev.type == YAML_DOCUMENT_START_EVENT) {
		diag_error(fc->L->diags, DIAG_YAML_SYNTAX,
		           mark_pos(fc, ev.start_mark), "a second YAML document "
		           "starts here, but a file may hold only one");
		diag_note(fc->L->diags, "remove the '---' line, or move what "
		          "follows it into a file of its own and include that");
		yaml_event_delete(&ev);
		return NULL;
	}
	yaml_event_delete(&ev);
	return root;
}

/* Start on the file shown as shown, identified by key, whose len bytes
 * are in data (NUL-terminated, a byte order mark removed; this takes
 * key): register its path, check its text, make its parser, take a cache
 * slot (*slot) and push it on the include chain. NULL when its text is
 * refused. */
static file_ctx *
file_open(loader *L, const char *shown, char *key, const char *data,
          size_t len, size_t *slot)
{
	*slot = L->ncache;
	if (L->ncache == L->capcache) {
		L->capcache = L->capcache ? L->capcache * 2 : 16;
		L->cache = xrealloc(L->cache, L->capcache * sizeof(*L->cache));
	}
	L->ncache++;
	L->cache[*slot] = (cached){.key = key, .bytes = len};

	file_ctx *fc = xcalloc(1, sizeof(*fc));
	fc->L = L;
	/* The path only: the text is the messages' once it is parsed
	 * (load_text). */
	fc->path = diag_source_add(L->diags, shown, NULL, 0);
	fc->dir = folder_of(fc->path);
	if (srcmap_init(&fc->map, fc->path, data, len, L->diags) < 0) {
		free(fc->dir);
		free(fc);
		return NULL;
	}
	if (!yaml_parser_initialize(&fc->parser)) {
		fputs("carec-report: out of memory\n", stderr);
		abort();
	}
	yaml_parser_set_input_string(&fc->parser, (const unsigned char *)data,
	                             len);
	yaml_parser_set_encoding(&fc->parser, YAML_UTF8_ENCODING);

	L->stack[L->nstack].key = key;
	L->stack[L->nstack].shown = fc->path;
	L->nstack++;
	return fc;
}

/* Done with the file of fc: off the include chain, parser and tables
 * freed. */
static void
file_close(file_ctx *fc)
{
	fc->L->nstack--;
	yaml_parser_delete(&fc->parser);
	for (size_t i = 0; i < fc->capanchors; i++)
		free(fc->anchors[i].name);
	free(fc->anchors);
	srcmap_free(&fc->map);
	free(fc->dir);
	free(fc);
}

/* Parse the file shown as shown, identified by key, whose len bytes are
 * in data (malloc'd and NUL-terminated; this takes key and data), into a
 * tree whose root sits under depth enclosing collections. The file is
 * registered, pushed on the include chain and cached; its text then goes
 * to the messages, which quote its lines. */
static node *
load_text(loader *L, const char *shown, char *key, char *data, size_t len,
          int depth, long *count)
{
	size_t slot;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		len -= 3; /* positions count from after the mark */
		memmove(data, data + 3, len + 1);
	}
	file_ctx *fc = file_open(L, shown, key, data, len, &slot);
	if (!fc) {
		diag_source_take(L->diags, shown, data, len);
		return NULL;
	}
	node *root = parse_stream(fc, depth, count);
	if (root && !stopped(fc)) {
		L->cache[slot].root = root;
		L->cache[slot].count = *count;
		L->cache[slot].text = tree_bytes(root);
	} else {
		root = NULL;
	}
	const char *path = fc->path;
	file_close(fc);
	diag_source_take(L->diags, path, data, len);
	return root;
}

/* data: malloc'd and NUL-terminated; this takes it. */
static int
load_top(node **out, arena *a, const char *name, char *data, size_t len,
         const load_options *opt, diag_list *diags)
{
	loader L;
	size_t errors = diags->errors;
	long count = 0;

	memset(&L, 0, sizeof(L));
	L.a = a;
	L.diags = diags;
	L.policy = opt ? opt->policy : NULL;
	node *root = load_text(&L, name, file_key(name), data, len, 0, &count);
	for (size_t i = 0; i < L.ncache; i++)
		free(L.cache[i].key);
	free(L.cache);
	*out = NULL;
	if (!root || diags->errors > errors)
		return -1;
	*out = root;
	return 0;
}

/* ---- public ---- */

int
load_file(node **out, arena *a, const char *path, const load_options *opt,
          diag_list *diags)
{
	char *data;
	size_t len;
	int rc;

	*out = NULL;
	switch (read_whole(open(path, O_RDONLY | O_CLOEXEC), &data, &len)) {
	case 0:
		break;
	case -2: {
		src_pos pos = {diag_source_add(diags, path, NULL, 0), 0, 0};
		diag_error(diags, DIAG_LIMIT, pos, "the file is too large "
		           "(LIMIT_FILE_BYTES is %ld)", LIMIT_FILE_BYTES);
		diag_note(diags, "a report is a few hundred KB; split a longer "
		          "one into files that it includes (include: "
		          "chapter-1.yaml)");
		return -1;
	}
	default: {
		int err = errno;
		src_pos pos = {diag_source_add(diags, path, NULL, 0), 0, 0};
		diag_error(diags, DIAG_IO, pos, "cannot read the file: %s",
		           strerror(err));
		return -1;
	}
	}
	rc = load_top(out, a, path, data, len, opt, diags);
	return rc;
}

int
load_buffer(node **out, arena *a, const char *name, const char *data,
            size_t len, const load_options *opt, diag_list *diags)
{
	char *copy = xmalloc(len + 1);
	memcpy(copy, data, len);
	copy[len] = '\0';
	return load_top(out, a, name, copy, len, opt, diags);
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
	return key_cmp(key, name) == 0;
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
