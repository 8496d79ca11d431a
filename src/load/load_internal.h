/*
 * load_internal.h - shared between the files of src/load/ only; nothing
 * outside src/load/ includes it (it brings in <yaml.h>).
 *
 * The loader's files, each with one job:
 *   read.c     reading files whole (I/O, LIMIT_FILE_BYTES, the byte order
 *              mark), paths, and each file's text to its tree;
 *   srcmap.c   checking a text (UTF-8, characters YAML forbids) before
 *              libyaml sees it, and libyaml's marks to positions;
 *   tree.c     the node tree from libyaml's events: scalars, lists,
 *              mappings, duplicate keys, the loader's node and text limits;
 *   include.c  'include:' (a file's tree in place of the mapping, keys
 *              beside it merged);
 *   anchor.c   anchors and aliases (a copy of the anchored tree);
 *   syntax.c   libyaml's parse errors in plain language;
 *   scalarmap.c  where each source line of a folded scalar is in its value.
 */
#ifndef CAREC_LOAD_INTERNAL_H
#define CAREC_LOAD_INTERNAL_H

#include <stddef.h>

#include <yaml.h>

#include "load/load.h"
#include "util/diag.h"
#include "util/limits.h"
#include "util/paths.h"

/*
 * Positions come from mark.index (which counts characters) through our own
 * table of '\n' line starts, not from mark.line/mark.column: libyaml also
 * breaks lines at a lone CR, U+0085, U+2028 and U+2029, the diagnostic
 * printer does not, and both must agree on what "line 12" is. A line
 * ends at a '\n', a "\r\n" or a lone '\r' (a classic Mac OS file), as in
 * diag.c.
 *
 * A character index becomes a byte offset through a checkpoint every
 * SRCMAP_MARK_EVERY characters (none for an ASCII text, where the two are
 * the same), so that no position costs a walk from its line's start: a
 * report written on one line (minified JSON) has thousands of nodes on
 * it.
 */
#define SRCMAP_MARK_EVERY 128

typedef struct srcmap {
	const char *path;   /* registered path, used in every src_pos */
	const char *text;   /* the text libyaml parses (BOM skipped); borrowed */
	size_t len;
	size_t *line_char;  /* character index where each line starts */
	size_t *line_byte;  /* byte offset where each line starts */
	size_t nlines;
	size_t nchars;     /* characters in text */
	size_t *mark_byte; /* byte offset of character k * SRCMAP_MARK_EVERY;
	                    * NULL when the text is ASCII */
	size_t nmarks;
	int invisible; /* the text holds a character utf8_invisible_name
	                * names */
} srcmap;

/* Check text (valid UTF-8, no NUL, no control character YAML forbids) and
 * build the line table. On a problem add one error and return -1; m then
 * needs no srcmap_free. path must be the registered path. */
int srcmap_init(srcmap *m, const char *path, const char *text, size_t len,
                diag_list *diags);

/* Free the line table. */
void srcmap_free(srcmap *m);

/* The position of a character index (libyaml's mark.index). */
src_pos srcmap_pos(const srcmap *m, size_t char_index);

/* The position of a byte offset into m->text. */
src_pos srcmap_pos_byte(const srcmap *m, size_t byte);

/* The byte offset of a character index, and the other way round (both
 * clamped to the text): a lookup and a walk of at most SRCMAP_MARK_EVERY
 * characters. */
size_t srcmap_char_byte(const srcmap *m, size_t char_index);
size_t srcmap_byte_char(const srcmap *m, size_t byte);

/* The byte offset of a position (clamped to the text). */
size_t srcmap_offset(const srcmap *m, src_pos pos);

/* The bytes of 1-based line (without its line break) in *start and *len;
 * return 0 when there is no such line. */
int srcmap_line(const srcmap *m, int line, const char **start, size_t *len);

/* Map the scalar n written over several lines from byte b (its content,
 * or its | or > indicator) to byte e of m->text: fill n->lines (in a)
 * when every source line's text is found in n->str in order, as folding
 * leaves it; otherwise leave it NULL. Linear in the scalar's length. */
void load_scalar_lines(arena *a, const srcmap *m, node *n, size_t b, size_t e);

/* What the tree builder remembers about the last quoted scalar, because a
 * quote that is never closed often shows up only lines later. */
typedef struct quote_hint {
	int valid;
	src_pos start;  /* the opening quote */
	int end_line;   /* line of the closing quote */
} quote_hint;

/* Add one DIAG_YAML_SYNTAX error for the failed parser p, explained for
 * non-programmers, with libyaml's own words kept in the note. */
void load_syntax_error(const srcmap *m, const yaml_parser_t *p,
                       const quote_hint *q, diag_list *diags);

/* ---- the loader's state (read.c makes it, the others use it) ---- */

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

/* ---- read.c ---- */

/* What load_read_whole made of a file. */
typedef enum load_read_result {
	LOAD_READ_OK,
	LOAD_READ_FAILED,  /* errno says why */
	LOAD_READ_TOO_BIG  /* larger than LIMIT_FILE_BYTES, left unread */
} load_read_result;

/* Read the file open as fd (which this closes; -1 when opening failed,
 * errno set) whole into *data (malloc'd, NUL-terminated). */
load_read_result load_read_whole(int fd, char **data, size_t *len);

/* The identity of a file for cycles and the cache: its real path, or
 * path itself when it has none (malloc'd). */
char *load_file_key(const char *path);

/* The folder of path with its '/', or "" (malloc'd). */
char *load_folder_of(const char *path);

/* The path of rel, included from a file in dir, as shown to the user
 * (malloc'd). */
char *load_join_path(const char *dir, const char *rel);

/* Parse the file shown as shown, identified by key, whose len bytes are
 * in data (malloc'd and NUL-terminated; this takes key and data), into a
 * tree whose root sits under depth enclosing collections; *count is its
 * nodes. NULL after an error. */
node *load_text(loader *L, const char *shown, char *key, char *data,
                size_t len, int depth, long *count);

/* ---- tree.c ---- */

/* Build the node that starts with ev, which this takes and deletes. depth
 * is the nesting of the enclosing collections; *count gets the nodes it
 * made and *included whether it is an included file's tree. NULL means
 * stop: a syntax error or a limit was reported. */
node *load_parse_node(file_ctx *fc, yaml_event_t *ev, int depth,
                      int is_key, long *count, int *included);

/* The next event of fc's parser: 0, or -1 after a syntax error (said). */
int load_next_event(file_ctx *fc, yaml_event_t *ev);

/* The position of a libyaml mark. */
src_pos load_mark_pos(const file_ctx *fc, yaml_mark_t m);

/* Has this file (a syntax error) or the whole load (a limit) stopped? */
int load_stopped(const file_ctx *fc);

/* Say that a limit was hit (what, the limit's name and value), and stop
 * the whole load. */
void load_limit_error(file_ctx *fc, src_pos pos, const char *what,
                      const char *name, long value);

/* LIMIT_NESTING_DEPTH was passed at pos (said, and the load stops). */
void load_depth_error(file_ctx *fc, src_pos pos);

/* Count n more nodes, or n more bytes of text, against LIMIT_TOTAL_NODES
 * or LIMIT_TEXT_BYTES: 0, or -1 when the limit is hit (said). */
int load_count_nodes(file_ctx *fc, src_pos pos, long n);
int load_count_text(file_ctx *fc, src_pos pos, size_t n);

/* An empty string standing in for a value that had an error, so that the
 * tree stays well formed while the loader goes on collecting errors;
 * NULL when LIMIT_TOTAL_NODES is hit. */
node *load_placeholder(file_ctx *fc, src_pos pos);

/* strcmp of two keys read with "colour" as "color" (node_key_is). */
int load_key_cmp(const char *a, const char *b);

/* ---- include.c ---- */

/* The mapping map, whose only key is 'include', replaced by the included
 * file's tree (see load.h); *count and *included as load_parse_node.
 * NULL when the load stops. */
node *load_include(file_ctx *fc, const node *map, int depth, long *count,
                   int *included);

/* A mapping with 'include' (its pair at) and other keys: the included
 * mapping with those keys on top. */
node *load_include_with_keys(file_ctx *fc, node *map, size_t at, int depth,
                             long *count, int *included);

/* ---- anchor.c ---- */

/* The bytes of text in the tree n (scalars and keys). */
size_t load_tree_bytes(const node *n);

/* Deep-copy src to sit under a parent at nesting depth; strings are
 * shared. The caller has counted the nodes. NULL when too deep (said at
 * at). */
node *load_copy_tree(file_ctx *fc, const node *src, int depth, src_pos at);

/* Define (or redefine, as YAML allows) the anchor name (taken) as n, a
 * tree of count nodes. */
void load_anchor_set(file_ctx *fc, char *name, node *n, long count);

/* The alias event ev expanded: a copy of its anchor's tree, counted
 * against the alias limits (*count its nodes); a placeholder after an
 * error; NULL when the load stops. */
node *load_alias(file_ctx *fc, const yaml_event_t *ev, int depth,
                 long *count);

#endif
