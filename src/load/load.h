/*
 * load.h - YAML files to a node tree with positions.
 *
 * Who may include this: src/model/, src/cli/ and tests. Only src/load/
 * includes <yaml.h>; nothing from libyaml crosses this header.
 *
 * The loader reads a report file, validates its UTF-8, parses it with
 * libyaml, resolves includes and aliases, and builds a tree of nodes, each
 * with the 1-based line and column where it starts. The tree lives in an
 * arena owned by the caller.
 *
 * Includes: a mapping whose only key is "include" and whose value is a
 * path string, e.g.  { include: content/mission.yaml }, is replaced by the
 * root node of that file, resolved relative to the including file. When
 * such a mapping is an item of a sequence and the included root is itself
 * a sequence, its items are spliced into the outer sequence. Cycles, depth
 * and file count are checked (limits.h).
 *
 * Aliases: *name is replaced by a copy of the anchored node (a deep copy
 * that shares strings), with a bounded total of expanded nodes.
 *
 * Merge keys (<<) are not supported and are reported as unknown keys by
 * the model, which is fine for our users.
 */
#ifndef CAREC_LOAD_LOAD_H
#define CAREC_LOAD_LOAD_H

#include <stddef.h>

#include "util/diag.h"
#include "util/mem.h"

typedef enum node_kind {
	NODE_SCALAR,
	NODE_MAP,
	NODE_SEQ
} node_kind;

/* Scalar style as written, so that the model can tell "yes" from yes. */
typedef enum node_style {
	NODE_PLAIN,   /* unquoted */
	NODE_QUOTED,  /* single or double quoted */
	NODE_BLOCK    /* literal | or folded > */
} node_style;

typedef struct node node;

/* Where one source line of a scalar written over several lines starts in
 * its value: the value's byte off is at line:col of the file (node.lines). */
typedef struct node_line {
	size_t off;
	int line, col;
} node_line;

/* One key: value pair of a mapping. Keys are always scalars. */
typedef struct node_pair {
	const char *key;   /* NUL-terminated UTF-8 */
	src_pos key_pos;
	node *value;
} node_pair;

struct node {
	node_kind kind;
	src_pos pos;       /* where the node's text starts */
	/* NODE_SCALAR: the value (NUL-terminated, valid UTF-8, may contain
	 * NUL-free text only: a NUL in a scalar is an error in the loader). */
	const char *str;
	size_t len;
	node_style style;
	/* For a single-line scalar, the column where its first content
	 * character is (after the opening quote), so that a stage can point
	 * inside the string: col = content_col + characters before. 0 when
	 * the scalar spans several lines or has escapes that shift columns. */
	int content_col;
	/* For a scalar written over several lines (a block | or >, or plain
	 * or quoted text without escapes), where each of its source lines
	 * starts in str, in order: folding turns line breaks and indentation
	 * into spaces, so that the value's offsets and the file's columns part
	 * ways at each line. NULL (nlines 0) otherwise. See node_pos_at. */
	const node_line *lines;
	size_t nlines;
	/* NODE_MAP */
	node_pair *pairs;
	size_t npairs;
	/* NODE_SEQ */
	node **items;
	size_t nitems;
};

/*
 * The nodes of the report's top-level content list in arenas of their own
 * (load_options.items), consecutive items sharing one up to about 256 KB,
 * so that a caller done with the items (model_build, once it has their
 * blocks) can free their nodes: a long report's tree is then never held
 * whole alongside its model. An arena holding nodes something else may
 * still point to (an anchor set in one of its items, or an included file
 * parsed in it, whose tree later includes and aliases copy from) is
 * pinned: freed only with the rest.
 */
typedef struct load_items {
	arena **arenas;      /* malloc'd; NULL once freed */
	int *pinned;
	size_t *last;        /* the last item of each arena */
	size_t narenas, caparenas;
	size_t *of_item;     /* each item's arena */
	size_t nitems, capitems;
} load_items;

/* Item i of the content list is done with: free its arena if it is the
 * arena's last item and the arena is not pinned. Items not split (none,
 * or loading failed) are ignored. */
void load_item_done(load_items *li, size_t i);

/* Free every arena left and the tables. */
void load_items_free(load_items *li);

typedef struct load_options {
	/* Which files includes may read (util/paths.h); NULL: any regular
	 * file. */
	const struct path_policy *policy;
	/* If set (zeroed by the caller), the top-level content items get
	 * arenas of their own, recorded here (see load_items). */
	load_items *items;
} load_options;

/* Load path into a node tree allocated in a. Every file read is registered
 * with diag_source_add, so diagnostics can show source lines, and node
 * positions point at those registered paths. On success store the root in
 * *out and return 0. On failure (any error diagnostic added) return -1;
 * *out is then NULL. Warnings do not make it fail. I/O problems are
 * DIAG_IO errors. Never aborts except on out of memory. */
int load_file(node **out, arena *a, const char *path,
              const load_options *opt, diag_list *diags);

/* Same, from a buffer in memory (for tests and fuzzers). name is used in
 * positions; includes resolve relative to name's folder. */
int load_buffer(node **out, arena *a, const char *name, const char *data,
                size_t len, const load_options *opt, diag_list *diags);

/*
 * Streaming: a report's content list item by item, so that a long report
 * is never held whole, neither as text nor as a tree. Only a report whose
 * top level is a plain mapping with its 'content' list last (written in
 * the file itself: not an include or an alias) can be read so; for any
 * other, and after any error, the caller loads the file whole instead
 * (load_file), which then says what is wrong. The items' nodes live in
 * arenas of the stream's own.
 */
typedef struct load_stream load_stream;

/* Open the report at path and read its top level up to the content
 * list. 1: *out is the stream, and *head a mapping of the keys before
 * 'content' and 'content' itself as an empty list at its position (both
 * valid until load_stream_close). 0: the report is not one to stream.
 * -1: it has an error (added to diags). */
int load_stream_open(load_stream **out, node **head, const char *path,
                     const load_options *opt, diag_list *diags);

/* The next item of the content list in *item, valid until the next call:
 * 1. An item that includes a list (a chapter in a file of its own) gives
 * that list's items, read one by one from its file in turn (and so on for
 * its own includes). 0: the list and the report have ended as they
 * should. -1: an error (added to diags), or something after the content
 * list; the stream then gives nothing more. */
int load_stream_next(load_stream *ls, const node **item);

void load_stream_close(load_stream *ls);

/* Helpers for walking the tree. */

/* The value of key in a mapping, or NULL (also when n is not a map). A
 * key is matched as node_key_is matches it. */
const node *node_get(const node *n, const char *key);

/* Whether the key written in a report is the key name: the same text, but
 * "color" may stand for "colour" ("colors", "title-color"): a key with a
 * colour in it takes the US spelling as well as the British one. */
int node_key_is(const char *key, const char *name);

/* Where byte off of the scalar n's value (n->str) is in the file: exact
 * for a value on one line (content_col) or mapped line by line (lines),
 * otherwise n->pos. Linear in the distance from the start of off's source
 * line. */
src_pos node_pos_at(const node *n, size_t off);

/* A human name for a kind: "a string", "a mapping", "a list". */
const char *node_kind_name(node_kind kind);

#endif
