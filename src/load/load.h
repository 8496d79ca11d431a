/*
 * load.h - YAML files to a node tree with positions.
 *
 * Who may include this: src/model/, src/rows/, src/cli/ and tests. Only src/load/
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

typedef struct load_options {
	/* Which files includes may read (util/paths.h); NULL: any regular
	 * file. */
	const struct path_policy *policy;
} load_options;

/* Load path into a node tree allocated in a. Each file is read whole and
 * once (a file included twice is parsed once), and its text then kept by
 * diags, so that messages can quote its lines; node positions point at
 * the paths registered there. On success store the root in
 * *out and return 0. On failure (any error diagnostic added) return -1;
 * *out is then NULL. Warnings do not make it fail. I/O problems are
 * DIAG_IO errors. Never aborts except on out of memory. */
int load_file(node **out, arena *a, const char *path,
              const load_options *opt, diag_list *diags);

/* Same, from a buffer in memory (for tests and fuzzers). name is used in
 * positions; includes resolve relative to name's folder. */
int load_buffer(node **out, arena *a, const char *name, const char *data,
                size_t len, const load_options *opt, diag_list *diags);

/* Helpers for walking the tree. */

/* The value of key in a mapping, or NULL (also when n is not a map). A
 * key is matched as node_key_is matches it. */
const node *node_get(const node *n, const char *key);

/* Whether the key written in a report is the key name: the same text, but
 * "color" may stand for "colour" ("colors", "title-color"): a key with a
 * colour in it takes the US spelling as well as the British one. */
int node_key_is(const char *key, const char *name);

/* over's pairs on top of base's, as a new map in a (the pair whose key is
 * skip left out, when skip is not NULL): a key of over replaces the same
 * key of base (as node_key_is matches them), except that two maps are
 * merged key by key, so that "page: {orientation: landscape}" keeps the
 * base's page size. Each pair keeps the position it was written at; a
 * merged map has base's position, or over's when at_over. This is how
 * the keys beside an 'include' change the included map, and those beside
 * 'theme: {base: NAME}' the installed theme. Time n log n in the keys. */
node *load_merge_maps(arena *a, const node *base, const node *over,
                      const char *skip, int at_over);

/* Where byte off of the scalar n's value (n->str) is in the file: exact
 * for a value on one line (content_col) or mapped line by line (lines),
 * otherwise n->pos. Linear in the distance from the start of off's source
 * line. */
src_pos node_pos_at(const node *n, size_t off);

/* Which of n's map lines (n->lines) holds byte off of its value: the
 * index, or n->nlines when off is before the first line's text (or n has
 * no map). off is at most n->len. */
size_t node_line_at(const node *n, size_t off);

/* A human name for a kind: "a string", "a mapping", "a list". */
const char *node_kind_name(node_kind kind);

#endif
