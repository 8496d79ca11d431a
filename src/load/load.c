/* load.c - YAML files to a node tree (see load.h). */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */

#include "load/load.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
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
	int streamed;/* read item by item (load_stream): no tree kept */
	int noisy;   /* reading it so added diagnostics */
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
	load_items *items; /* the content items' arenas, or NULL */
	int split_next;    /* the next collection is the content list */
	long anchor_sets;  /* anchors set so far, in every file */
	long trees;        /* files whose tree the cache keeps */
	/* Streaming (load_stream_next): an include that is a whole item at
	 * this depth is not loaded but handed to the stream, which reads its
	 * file item by item (0: none is). */
	int defer_depth;
	char *deferred_shown, *deferred_key;
	int deferred_fd; /* its file, opened (when deferred_key is set) */
	/* A file is read again that said something the first time: the
	 * stream cannot give the messages of one reading (load_stream_next
	 * fails, and load_file reads the report). */
	int stream_bad;
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
                       size_t len, const diag_file_id *disk, int depth,
                       long *count);

/* ---- files ---- */

/* Read the file open as fd (which this closes; -1 when opening failed,
 * errno set) whole into *data (malloc'd, NUL-terminated). Return 0; -1
 * with errno set; or -2 when it is larger than LIMIT_FILE_BYTES. *disk
 * is set when the file is a regular file read whole, whose identity is
 * then in *id (so that messages can read a line of it again). */
static int
read_whole(int fd, char **data, size_t *len, int *disk, diag_file_id *id)
{
	enum { CHUNK = 64 * 1024 };
	buf b;
	int rc = -1, err = 0;
	FILE *f;

	*data = NULL;
	*len = 0;
	*disk = 0;
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
	*disk = diag_file_identify(fileno(f), id) == 0 && id->size == *len;
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
	fc->L->anchor_sets++;
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

/* The content list's items share an arena until it holds this much:
 * freed in steps of about this size, with at most one 64 KB chunk a step
 * unused. */
#define ITEMS_ARENA_BYTES (256 * 1024)

/* Record that items [from, to) of the content list live in arena a
 * (pinned: never freed early). */
static void
items_record(load_items *li, arena *a, int pinned, size_t from, size_t to)
{
	size_t k = li->narenas;
	if (k > 0 && li->arenas[k - 1] == a) {
		k--; /* the same arena as the items before */
		li->pinned[k] |= pinned;
	} else {
		if (li->narenas == li->caparenas) {
			li->caparenas = li->caparenas ? li->caparenas * 2 : 64;
			li->arenas = xrealloc(li->arenas,
			                      li->caparenas * sizeof(*li->arenas));
			li->pinned = xrealloc(li->pinned,
			                      li->caparenas * sizeof(*li->pinned));
			li->last = xrealloc(li->last, li->caparenas * sizeof(*li->last));
		}
		li->narenas++;
		li->arenas[k] = a;
		li->pinned[k] = pinned;
		li->last[k] = from;
	}
	if (to > from)
		li->last[k] = to - 1;
	if (to > li->capitems) {
		while (to > li->capitems)
			li->capitems = li->capitems ? li->capitems * 2 : 64;
		li->of_item = xrealloc(li->of_item,
		                       li->capitems * sizeof(*li->of_item));
	}
	for (size_t i = from; i < to; i++)
		li->of_item[i] = k;
	if (to > li->nitems)
		li->nitems = to;
}

void
load_item_done(load_items *li, size_t i)
{
	if (!li || i >= li->nitems)
		return;
	size_t k = li->of_item[i];
	if (k >= li->narenas || li->pinned[k] || li->last[k] != i ||
	    !li->arenas[k])
		return;
	arena_free(li->arenas[k]);
	free(li->arenas[k]);
	li->arenas[k] = NULL;
}

void
load_items_free(load_items *li)
{
	if (!li)
		return;
	for (size_t k = 0; k < li->narenas; k++)
		if (li->arenas[k]) {
			arena_free(li->arenas[k]);
			free(li->arenas[k]);
		}
	free(li->arenas);
	free(li->pinned);
	free(li->last);
	free(li->of_item);
	memset(li, 0, sizeof(*li));
}

static node *
parse_seq(file_ctx *fc, src_pos pos, int depth, long *count, int split)
{
	node **items = NULL, *n = NULL;
	size_t nitems = 0, cap = 0;
	long total = 1;
	loader *L = fc->L;
	arena *saved = L->a;
	arena *ia = NULL; /* the content items' current arena */

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
		/* The content list: its items in arenas of their own, a new
		 * one once the last is full. */
		long sets = L->anchor_sets;
		size_t ncached = L->ncache;
		if (split) {
			if (!ia || ia->used_total >= ITEMS_ARENA_BYTES) {
				ia = xmalloc(sizeof(*ia));
				arena_init(ia);
			}
			L->a = ia;
		}
		node *item = parse_node(fc, &ev, depth, 0, &c, &inc);
		L->a = saved;
		/* An included list is spliced into the list around it. */
		size_t add = item && inc && item->kind == NODE_SEQ ? item->nitems
		                                                   : 1;
		if (split)
			items_record(L->items, ia, L->anchor_sets != sets ||
			             L->ncache != ncached, nitems,
			             item ? nitems + add : nitems);
		if (!item)
			goto done;
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
	int defer = L->defer_depth && depth == L->defer_depth;
	int streamed_before = 0;
	for (size_t i = 0; i < L->ncache; i++) {
		const cached *c = &L->cache[i];
		if (strcmp(c->key, key) != 0)
			continue;
		if (c->streamed) {
			/* Read item by item before, so not kept: read again.
			 * What it said then would be said again, where a
			 * file read whole is read once: let load_file do it. */
			streamed_before = 1;
			if (c->noisy)
				L->stream_bad = 1;
			continue;
		}
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
	/* (A file streamed again takes no new slot: frame_open.) */
	if (L->ncache >= LIMIT_INCLUDE_FILES && !(defer && streamed_before)) {
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
	if (defer) {
		/* A whole item of a list being streamed: the stream reads the
		 * file, item by item if it is a list (load_stream_next). Its
		 * size is counted now, where the include is written. */
		struct stat st;
		if (stat(shown, &st) == 0 && S_ISREG(st.st_mode) &&
		    count_include(fc, v->pos, (size_t)st.st_size) < 0)
			goto done;
		L->deferred_shown = shown;
		L->deferred_key = key;
		L->deferred_fd = fd;
		shown = key = NULL;
		res = placeholder(fc, v->pos);
		goto done;
	}
	int disk = 0;
	diag_file_id id;
	switch (read_whole(fd, &text, &len, &disk, &id)) {
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
	res = load_text(L, shown, key, text, len, disk ? &id : NULL, depth,
	                count);
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
	/* A map to change here, never handed to a stream. */
	int defer = fc->L->defer_depth;
	fc->L->defer_depth = 0;
	node *base = do_include(fc, &one, depth, &c, included);
	fc->L->defer_depth = defer;
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
		/* The report's own top-level 'content' list. */
		fc->L->split_next = fc->L->items && depth == 1 &&
		                    fc->L->nstack == 1 &&
		                    key->kind == NODE_SCALAR &&
		                    strcmp(key->str, "content") == 0;
		node *value = parse_node(fc, &ev, depth, 0, &vc, &inc);
		fc->L->split_next = 0;
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
		/* Only the collection right after the flag is the content
		 * list. */
		int split = fc->L->split_next && type == YAML_SEQUENCE_START_EVENT;
		fc->L->split_next = 0;
		if (type == YAML_SEQUENCE_START_EVENT)
			n = parse_seq(fc, pos, depth + 1, count, split);
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
 * are in *data (malloc'd and NUL-terminated; this takes key, and *data may
 * become NULL when the text is parsed from the messages' copy): register
 * it, check its text, make its parser, take a cache slot (*slot) and
 * push it on the include chain. NULL when its text is refused. */
static file_ctx *
file_open(loader *L, const char *shown, char *key, char **data, size_t len,
          const diag_file_id *disk, size_t *slot, const char *mapped)
{
	file_ctx *fc;
	const char *text = mapped ? mapped : *data;

	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}
	/* A file streamed again (load_stream: mapped) keeps its slot: a
	 * file is counted once against LIMIT_INCLUDE_FILES, however often
	 * read. */
	*slot = L->ncache;
	for (size_t i = 0; mapped && i < L->ncache; i++)
		if (L->cache[i].streamed && strcmp(L->cache[i].key, key) == 0) {
			free(key);
			key = L->cache[i].key;
			*slot = i;
			break;
		}
	if (*slot == L->ncache) {
		if (L->ncache == L->capcache) {
			L->capcache = L->capcache ? L->capcache * 2 : 16;
			L->cache = xrealloc(L->cache,
			                    L->capcache * sizeof(*L->cache));
		}
		L->ncache++;
		L->cache[*slot].key = key;
		L->cache[*slot].root = NULL;
		L->cache[*slot].count = 0;
		L->cache[*slot].bytes = len;
		L->cache[*slot].text = 0;
		L->cache[*slot].streamed = 0;
		L->cache[*slot].noisy = 0;
	}

	fc = xcalloc(1, sizeof(*fc));
	fc->L = L;
	if (mapped) {
		/* The text stays in the file's pages, which the messages see
		 * (a view) while it is read. */
		fc->path = diag_source_add(L->diags, shown, NULL, 0);
		fc->dir = folder_of(fc->path);
		if (srcmap_init_mapped(&fc->map, fc->path, text, len,
		                       L->diags) < 0)
			goto refused;
		if (diag_source_view(L->diags, fc->path, text, len,
		                     fc->map.line_byte, fc->map.nlines,
		                     disk) != 0) {
			srcmap_free(&fc->map);
			goto refused;
		}
		if (disk)
			diag_source_on_disk(L->diags, fc->path,
			                    (size_t)(text - mapped), disk);
		goto parse;
	}
	size_t nsources = L->diags->nsources;
	fc->path = diag_source_add(L->diags, shown, text, len);
	/* Messages can read a line from the file again once the model is
	 * built and the text freed (diag_source_release). */
	if (disk)
		diag_source_on_disk(L->diags, fc->path, (size_t)(text - *data),
		                    disk);
	/* Parse the messages' copy of the text, and free the file's own:
	 * a long report is then held once while it is parsed. */
	size_t kept_len = 0;
	const char *kept = L->diags->nsources > nsources /* just copied */
	                   ? diag_source_text(L->diags, fc->path, &kept_len)
	                   : NULL;
	if (kept && kept_len == len) {
		free(*data);
		*data = NULL;
		text = kept;
	}
	fc->dir = folder_of(fc->path);
	if (srcmap_init(&fc->map, fc->path, text, len, L->diags) < 0)
		goto refused;
parse:
	if (!yaml_parser_initialize(&fc->parser)) {
		fputs("carec-report: out of memory\n", stderr);
		abort();
	}
	yaml_parser_set_input_string(&fc->parser, (const unsigned char *)text,
	                             len);
	yaml_parser_set_encoding(&fc->parser, YAML_UTF8_ENCODING);

	L->stack[L->nstack].key = key;
	L->stack[L->nstack].shown = fc->path;
	L->nstack++;
	return fc;
refused:
	free(fc->dir);
	free(fc);
	return NULL;
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
 * registered, pushed on the include chain and cached. */
static node *
load_text(loader *L, const char *shown, char *key, char *data, size_t len,
          const diag_file_id *disk, int depth, long *count)
{
	size_t slot;
	file_ctx *fc = file_open(L, shown, key, &data, len, disk, &slot, NULL);
	if (!fc) {
		free(data);
		return NULL;
	}
	node *root = parse_stream(fc, depth, count);
	if (root && !stopped(fc)) {
		L->cache[slot].root = root;
		L->cache[slot].count = *count;
		L->cache[slot].text = tree_bytes(root);
		L->trees++;
	} else {
		root = NULL;
	}
	file_close(fc);
	free(data);
	return root;
}

/* data: malloc'd and NUL-terminated; this takes it. disk: it is the
 * regular file at name, so identified; NULL otherwise. */
static int
load_top(node **out, arena *a, const char *name, char *data, size_t len,
         const diag_file_id *disk, const load_options *opt,
         diag_list *diags)
{
	loader L;
	size_t errors = diags->errors;
	long count = 0;

	memset(&L, 0, sizeof(L));
	L.a = a;
	L.diags = diags;
	L.policy = opt ? opt->policy : NULL;
	L.items = opt ? opt->items : NULL;
	node *root = load_text(&L, name, file_key(name), data, len, disk, 0,
	                       &count);
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
	int disk = 0;
	diag_file_id id;
	switch (read_whole(open(path, O_RDONLY | O_CLOEXEC), &data, &len, &disk,
	                   &id)) {
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
	rc = load_top(out, a, path, data, len, disk ? &id : NULL, opt, diags);
	return rc;
}

int
load_buffer(node **out, arena *a, const char *name, const char *data,
            size_t len, const load_options *opt, diag_list *diags)
{
	char *copy = xmalloc(len + 1);
	memcpy(copy, data, len);
	copy[len] = '\0';
	return load_top(out, a, name, copy, len, NULL, opt, diags);
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

/* ---- streaming ---- */

/* The content list's items share an arena until it holds this much. */
#define STREAM_ARENA_BYTES (64 * 1024)
/* The mapped text read is given back to its file in steps of this many
 * bytes. */
#define STREAM_DROP_BYTES (1u << 20)

/* A file being read item by item: the report, or a list it includes
 * as items of its content list (an include in an included list, and so
 * on: a stack). */
typedef struct stream_frame {
	file_ctx *fc;
	char *data;        /* its text, unless parsed from the messages' copy */
	char *map;         /* or the file mapped */
	size_t maplen;
	size_t dropped;    /* its mapped bytes before this are given back */
	int item_line;     /* where its last item begins */
	int depth;         /* its items are parsed at this depth */
	int ended;         /* read to its end: closed at the next call */
	size_t slot;       /* its cache slot */
	size_t said;       /* the diagnostics when it was opened */
} stream_frame;

struct load_stream {
	loader L;
	arena head;        /* the head, and whatever later items point into */
	stream_frame frames[LIMIT_INCLUDE_DEPTH + 2];
	size_t nframes;
	arena *ia;         /* the current items' arena, or NULL */
	int ia_pinned;     /* it holds nodes later items may point to */
	arena **kept;      /* pinned arenas, freed at the close */
	size_t nkept, capkept;
	node **queue;      /* the items of an included list not given yet */
	size_t nqueue, iqueue;
	int state;         /* 0: in the list; 1: done; -1: failed */
	size_t errors;     /* the list's errors when opened */
};

static void
stream_retire_arena(load_stream *ls)
{
	if (!ls->ia)
		return;
	if (ls->ia_pinned) {
		if (ls->nkept == ls->capkept) {
			ls->capkept = ls->capkept ? ls->capkept * 2 : 8;
			ls->kept = xrealloc(ls->kept, ls->capkept * sizeof(*ls->kept));
		}
		ls->kept[ls->nkept++] = ls->ia;
	} else {
		arena_free(ls->ia);
		free(ls->ia);
	}
	ls->ia = NULL;
	ls->ia_pinned = 0;
}

/* Map the regular file open as fd (read-only, private) with at least one
 * zero byte after its len bytes: 0, or -1 when it is not a regular file of
 * a size to stream (a pipe is read whole). */
static int
map_whole(int fd, char **map, size_t *maplen, size_t *len,
          diag_file_id *id)
{
	inputs_note_fd(fd); /* never an output (util/inputs.h) */
	int rc = -1;
	if (diag_file_identify(fd, id) != 0 || id->size == 0 ||
	    id->size > (unsigned long long)LIMIT_FILE_BYTES)
		goto done;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	*len = (size_t)id->size;
	*maplen = (*len / page + 1) * page;
	/* Zeroed pages reserved first, the file mapped over their start:
	 * the bytes after its end read as zeros, as after a read. */
	void *m = mmap(NULL, *maplen, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
	               -1, 0);
	if (m == MAP_FAILED)
		goto done;
	if (mmap(m, *len, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) ==
	    MAP_FAILED) {
		munmap(m, *maplen);
		goto done;
	}
	*map = m;
	rc = 0;
done:
	return rc;
}

/* Open the file shown (identified by key, which this takes), open as fd
 * (which this closes; -1 if it could not be opened), as the next frame,
 * its items at depth: mapped when it is a regular file, else read whole.
 * 0, or -1 (nothing is open then). */
static int
frame_open(load_stream *ls, int fd, const char *shown, char *key, int depth)
{
	if (fd < 0 ||
	    ls->nframes >= sizeof(ls->frames) / sizeof(ls->frames[0])) {
		if (fd >= 0)
			close(fd);
		free(key);
		return -1;
	}
	stream_frame *f = &ls->frames[ls->nframes];
	memset(f, 0, sizeof(*f));
	f->depth = depth;
	size_t len = 0;
	diag_file_id id;
	/* Only a regular file is streamed: it is mapped, and so never held
	 * whole (its pages are given back as the reading goes on, see
	 * load_stream_next), and it can be read again (a contents block, or
	 * load_file after a problem). */
	int mapped = map_whole(fd, &f->map, &f->maplen, &len, &id);
	close(fd);
	if (mapped != 0) {
		free(key);
		return -1;
	}
	f->said = ls->L.diags->count;
	f->fc = file_open(&ls->L, shown, key, &f->data, len, &id, &f->slot,
	                  f->map);
	if (!f->fc) {
		if (f->map)
			munmap(f->map, f->maplen);
		free(f->data);
		return -1;
	}
	/* Its tree is not kept: an include of it again reads it again, which
	 * would say again what it said. */
	cached *c = &ls->L.cache[f->slot];
	c->streamed = 1;
	ls->nframes++;
	if (c->noisy)
		return -1; /* closed with the stream */
	return 0;
}

static void
frame_close(load_stream *ls)
{
	stream_frame *f = &ls->frames[--ls->nframes];
	if (ls->L.diags->count > f->said)
		ls->L.cache[f->slot].noisy = 1;
	if (f->map)
		diag_source_unview(ls->L.diags, f->fc->path);
	file_close(f->fc);
	if (f->map)
		munmap(f->map, f->maplen);
	free(f->data);
	memset(f, 0, sizeof(*f));
}

/* Read the next event of a file being streamed: 1 if it is of type t, 0
 * if not, -1 on a syntax error (load_file says what it is). */
static int
next_is(file_ctx *fc, yaml_event_type_t t)
{
	yaml_event_t ev;
	if (next_event(fc, &ev) < 0)
		return -1;
	int is = ev.type == t;
	yaml_event_delete(&ev);
	return is;
}

/* The start of a file streamed: its one document begins. 1, 0 (an
 * empty file: load_file says so), or -1. */
static int
document_head(file_ctx *fc)
{
	if (next_is(fc, YAML_STREAM_START_EVENT) < 0)
		return -1;
	return next_is(fc, YAML_DOCUMENT_START_EVENT);
}

/* Parse the top level of the report up to its content list, which must
 * open right there (a block or flow list, no anchor), after keys that are
 * not includes. 1: *head holds the keys before it and an empty 'content'
 * list; 0: not a report to stream; -1: an error was added. */
static int
stream_head(load_stream *ls, node **head)
{
	file_ctx *fc = ls->frames[0].fc;
	loader *L = &ls->L;
	yaml_event_t ev;
	node_pair *pairs = NULL;
	size_t npairs = 0, cap = 0;
	int rc = 0;

	int doc = document_head(fc);
	if (doc <= 0)
		return doc;
	if (next_event(fc, &ev) < 0)
		return -1;
	if (ev.type != YAML_MAPPING_START_EVENT ||
	    ev.data.mapping_start.anchor) {
		yaml_event_delete(&ev);
		return 0;
	}
	src_pos pos = mark_pos(fc, ev.start_mark);
	check_tag(fc, ev.data.mapping_start.tag, pos);
	yaml_event_delete(&ev);
	if (count_nodes(fc, pos, 1) < 0)
		return -1;
	for (;;) {
		long kc, vc;
		int inc;
		if (next_event(fc, &ev) < 0)
			goto fail;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			goto done; /* no content list: load_file says so */
		}
		src_pos kpos = mark_pos(fc, ev.start_mark);
		node *key = parse_node(fc, &ev, 1, 1, &kc, &inc);
		if (!key)
			goto fail;
		if (key->kind != NODE_SCALAR || strcmp(key->str, "include") == 0)
			goto done;
		if (next_event(fc, &ev) < 0)
			goto fail;
		if (strcmp(key->str, "content") == 0) {
			int list = ev.type == YAML_SEQUENCE_START_EVENT &&
			           !ev.data.sequence_start.anchor;
			src_pos vpos = mark_pos(fc, ev.start_mark);
			if (list)
				check_tag(fc, ev.data.sequence_start.tag, vpos);
			yaml_event_delete(&ev);
			if (!list || count_nodes(fc, vpos, 1) < 0)
				goto done;
			node *seq = arena_alloc(L->a, sizeof(*seq));
			seq->kind = NODE_SEQ;
			seq->pos = vpos;
			push_pair(&pairs, &npairs, &cap, key->str, kpos, seq);
			check_duplicates(fc, pairs, npairs);
			*head = map_node(L->a, pos, pairs, npairs);
			rc = 1;
			goto done;
		}
		node *value = parse_node(fc, &ev, 1, 0, &vc, &inc);
		if (!value)
			goto fail;
		push_pair(&pairs, &npairs, &cap, key->str, kpos, value);
	}
fail:
	rc = -1;
done:
	free(pairs);
	if (rc >= 0 && L->diags->errors > ls->errors)
		rc = -1;
	return rc;
}

int
load_stream_open(load_stream **out, node **head, const char *path,
                 const load_options *opt, diag_list *diags)
{
	*out = NULL;
	*head = NULL;
	load_stream *ls = xcalloc(1, sizeof(*ls));
	arena_init(&ls->head);
	ls->L.a = &ls->head;
	ls->L.diags = diags;
	ls->L.policy = opt ? opt->policy : NULL;
	ls->errors = diags->errors;
	/* The report's items are parsed at depth 2, as in load_file. */
	/* Not a regular file to map: load_file reads it, or says what is
	 * wrong. A pipe is not even opened here (path_open). */
	path_verdict v;
	int fd = path_open(NULL, path, path, &v);
	int rc = frame_open(ls, fd, path, file_key(path), 2) == 0
	         ? stream_head(ls, head)
	         : diags->errors > ls->errors ? -1 : 0;
	if (rc != 1) {
		load_stream_close(ls);
		*head = NULL;
		return rc;
	}
	*out = ls;
	return 1;
}

/* The report's content list has ended: the rest of the report must be its
 * end, with nothing after the list. 0, or -1 when something is. */
static int
report_tail(file_ctx *fc)
{
	return next_is(fc, YAML_MAPPING_END_EVENT) == 1 ? 0 : -1;
}

/* The end of a file's one document: its end, and no second one. 0, or -1
 * (load_file says what is wrong). */
static int
document_tail(file_ctx *fc)
{
	return next_is(fc, YAML_DOCUMENT_END_EVENT) == 1 &&
	       next_is(fc, YAML_STREAM_END_EVENT) == 1 ? 0 : -1;
}

/* A mapping with no anchor: an item that may be an include to stream (an
 * anchor would name the include, not what it gives). */
static int
plain_map(const yaml_event_t *ev)
{
	return ev->type == YAML_MAPPING_START_EVENT &&
	       !ev->data.mapping_start.anchor;
}

/* An include handed over by do_include (L->deferred_*): open its file as
 * a frame. A list: 0, its items come next. Anything else: its root in
 * *item, parsed as load_file would (the frame closes at the next call).
 * -1 on a problem. */
static int
stream_include(load_stream *ls, int depth, node **item)
{
	loader *L = &ls->L;
	char *shown = L->deferred_shown, *key = L->deferred_key;
	L->deferred_shown = L->deferred_key = NULL;
	*item = NULL;
	/* Its items one deeper, as load_file nests them. */
	int rc = frame_open(ls, L->deferred_fd, shown, key, depth + 1);
	free(shown);
	if (rc != 0)
		return -1;
	stream_frame *f = &ls->frames[ls->nframes - 1];
	file_ctx *fc = f->fc;
	yaml_event_t ev;
	if (document_head(fc) != 1 || next_event(fc, &ev) < 0)
		return -1;
	if (ev.type == YAML_SEQUENCE_START_EVENT &&
	    !ev.data.sequence_start.anchor) {
		src_pos pos = mark_pos(fc, ev.start_mark);
		check_tag(fc, ev.data.sequence_start.tag, pos);
		yaml_event_delete(&ev);
		return count_nodes(fc, pos, 1) < 0 ? -1 : 0;
	}
	long c;
	int inc;
	f->item_line = mark_pos(fc, ev.start_mark).line;
	L->a = ls->ia;
	L->defer_depth = plain_map(&ev) ? depth : 0;
	*item = parse_node(fc, &ev, depth, 0, &c, &inc);
	L->defer_depth = 0;
	L->a = &ls->head;
	/* An include that is an include, or a list with an anchor (both
	 * spliced by load_file): read whole. */
	if (!*item || L->deferred_key || (*item)->kind == NODE_SEQ)
		return -1;
	f->ended = 1;
	return document_tail(fc);
}

int
load_stream_next(load_stream *ls, const node **item)
{
	*item = NULL;
	if (ls->state != 0)
		return ls->state > 0 ? 0 : -1;
	if (ls->iqueue < ls->nqueue) {
		*item = ls->queue[ls->iqueue++];
		return 1;
	}
	loader *L = &ls->L;
	/* Files read to their end are closed now that their last item is
	 * done with. */
	while (ls->nframes > 1 && ls->frames[ls->nframes - 1].ended)
		frame_close(ls);
	for (;;) {
		stream_frame *f = &ls->frames[ls->nframes - 1];
		file_ctx *fc = f->fc;
		/* The items before the last one are done with: the pages of
		 * the mapped text before it go back to the file (read again if
		 * a later item's alias or message looks there). */
		if (f->map && f->item_line > 0 &&
		    (size_t)f->item_line <= fc->map.nlines) {
			size_t at = fc->map.line_byte[f->item_line - 1];
			if (at - f->dropped >= STREAM_DROP_BYTES) {
				srcmap_drop(fc->map.text, f->dropped, at);
				f->dropped = at;
			}
		}
		yaml_event_t ev;
		if (next_event(fc, &ev) < 0)
			goto fail;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			if (ls->nframes > 1) {
				/* An included list has ended: on with the list
				 * around it. */
				if (document_tail(fc) != 0)
					goto fail;
				frame_close(ls);
				continue;
			}
			if (report_tail(fc) != 0 || document_tail(fc) != 0)
				goto fail;
			stream_retire_arena(ls);
			ls->state = 1;
			return 0;
		}
		/* Consecutive items share an arena; a full one goes (unless
		 * something kept points into it), its items being done. */
		if (ls->ia && ls->ia->used_total >= STREAM_ARENA_BYTES)
			stream_retire_arena(ls);
		if (!ls->ia) {
			ls->ia = xmalloc(sizeof(*ls->ia));
			arena_init(ls->ia);
		}
		long sets = L->anchor_sets, trees = L->trees;
		long c;
		int inc;
		f->item_line = mark_pos(fc, ev.start_mark).line;
		L->a = ls->ia;
		L->defer_depth = plain_map(&ev) ? f->depth : 0;
		node *n = parse_node(fc, &ev, f->depth, 0, &c, &inc);
		L->defer_depth = 0;
		L->a = &ls->head;
		/* Nodes that later items may point to (anchors, a file's tree
		 * kept): their arena stays. */
		if (L->anchor_sets != sets || L->trees != trees)
			ls->ia_pinned = 1;
		if (!n || L->diags->errors > ls->errors || L->stream_bad)
			goto fail;
		if (L->deferred_key) {
			/* An item that includes a file: read it item by item. */
			node *root;
			int r = stream_include(ls, f->depth, &root);
			if (L->anchor_sets != sets || L->trees != trees)
				ls->ia_pinned = 1;
			if (r != 0 || L->diags->errors > ls->errors ||
			    L->stream_bad)
				goto fail;
			n = root;
			if (!n)
				continue; /* a list: its items come next */
		}
		if (inc && n->kind == NODE_SEQ) {
			/* An included list is spliced into the list around it. */
			if (!n->nitems)
				continue;
			ls->queue = n->items;
			ls->nqueue = n->nitems;
			ls->iqueue = 1;
			*item = n->items[0];
			return 1;
		}
		*item = n;
		return 1;
	}
fail:
	ls->state = -1;
	return -1;
}

void
load_stream_close(load_stream *ls)
{
	if (!ls)
		return;
	while (ls->nframes > 0)
		frame_close(ls);
	if (ls->L.deferred_key && ls->L.deferred_fd >= 0)
		close(ls->L.deferred_fd);
	free(ls->L.deferred_shown);
	free(ls->L.deferred_key);
	stream_retire_arena(ls);
	for (size_t i = 0; i < ls->nkept; i++) {
		arena_free(ls->kept[i]);
		free(ls->kept[i]);
	}
	free(ls->kept);
	for (size_t i = 0; i < ls->L.ncache; i++)
		free(ls->L.cache[i].key);
	free(ls->L.cache);
	arena_free(&ls->head);
	free(ls);
}
