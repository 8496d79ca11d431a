/*
 * diag.h - the one diagnostic type of carec-report.
 *
 * Any stage may include this. Stages never print: they append diagnostics
 * to a diag_list, and the CLI prints them (diag_print) GCC-style with the
 * source line and a caret under the column.
 */
#ifndef CAREC_UTIL_DIAG_H
#define CAREC_UTIL_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* A place in an input file. line and col are 1-based; 0 means unknown.
 * col counts characters (code points), not bytes. file is borrowed and
 * must outlive the diagnostics (diag_sources keeps loaded paths alive). */
typedef struct src_pos {
	const char *file;
	int line;
	int col;
} src_pos;

typedef enum diag_severity {
	DIAG_NOTE,
	DIAG_WARNING,
	DIAG_ERROR
} diag_severity;

/* Every diagnostic has a code from this one list; the name table in diag.c
 * gives each a stable kebab-case name (shown with --verbose, used by tests). */
typedef enum diag_code {
	DIAG_IO,               /* a file could not be read or written */
	DIAG_YAML_SYNTAX,      /* libyaml rejected the text */
	DIAG_UTF8,             /* invalid UTF-8 bytes */
	DIAG_LIMIT,            /* a structural limit of limits.h was hit */
	DIAG_INCLUDE,          /* an include is missing, cyclic or malformed */
	DIAG_ALIAS,            /* an alias is undefined or expands too much */
	DIAG_DUPLICATE_KEY,    /* a mapping names a key twice */
	DIAG_UNKNOWN_KEY,      /* a key the schema does not know */
	DIAG_TYPE,             /* a value of the wrong type */
	DIAG_MISSING_KEY,      /* a required key is absent */
	DIAG_ENUM,             /* a value outside the allowed set */
	DIAG_LENGTH,           /* bad length syntax */
	DIAG_COLOUR,           /* bad colour syntax */
	DIAG_VALUE,            /* a value of the right type but out of range */
	DIAG_MARKUP,           /* inline markup that does not close */
	DIAG_LANG,             /* a missing translation */
	DIAG_FONT,             /* a font that cannot be used */
	DIAG_GLYPH,            /* a character no font of the stack has */
	DIAG_IMAGE,            /* an image that cannot be used */
	DIAG_LINK,             /* a link target that is not allowed or not found */
	DIAG_LAYOUT,           /* content that cannot be laid out as asked */
	DIAG_PDF,              /* the PDF library failed */
	DIAG_INTERNAL,         /* a bug of ours, reported instead of crashing */
	DIAG_CODE_COUNT
} diag_code;

typedef struct diag {
	diag_code code;
	diag_severity severity;
	src_pos pos;
	char *message; /* owned */
	char *note;    /* owned, may be NULL: a hint on how to fix it */
} diag;

/* One loaded source text, kept so that the printer can show its lines. */
typedef struct diag_source {
	char *path; /* owned */
	char *text; /* owned, may be NULL */
	size_t len;
	size_t *lines; /* owned: where each line of text starts */
	size_t nlines;
	int borrowed;  /* path, text and lines belong to another list */
	/* The character diag_source_char found last (0: none). */
	int cur_line, cur_col;
	size_t cur_byte;
} diag_source;

typedef struct diag_list {
	diag *items;
	size_t count, cap;
	size_t errors, warnings;
	int strict;     /* nonzero: warnings are reported as errors */
	diag_source *sources;
	size_t nsources, capsources;
} diag_list;

/* Initialise an empty list. Never fails. */
void diag_init(diag_list *list);

/* Free every diagnostic and source held by list. */
void diag_free(diag_list *list);

/* Append a diagnostic; the message is printf-formatted. Under strict mode a
 * warning is stored as an error. Out of memory aborts. */
void diag_add(diag_list *list, diag_severity sev, diag_code code, src_pos pos,
              const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;
void diag_addv(diag_list *list, diag_severity sev, diag_code code,
               src_pos pos, const char *fmt, va_list ap);

/* Take back the diagnostics added after the first count (a try that is
 * given up, whose work is done again another way); sources stay. */
void diag_truncate(diag_list *list, size_t count);

/* Shorthands for diag_add. */
void diag_error(diag_list *list, diag_code code, src_pos pos, const char *fmt,
                ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;
void diag_warning(diag_list *list, diag_code code, src_pos pos,
                  const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/* Attach a hint ("did you mean ...?", "write it as ...") to the last
 * diagnostic added. Does nothing on an empty list. */
void diag_note(diag_list *list, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Add to `to` a copy of d, a diagnostic of the list `from`, at pos (its
 * own position, or another), with its note. A file pos names that only
 * from has the text of (an SVG drawing first read there) is registered
 * in to as well, since from's copy of the path goes with from. */
void diag_copy(diag_list *to, const diag_list *from, const diag *d,
               src_pos pos);

/* Register a source text under path and return the list's own copy of the
 * path, which lives as long as the list (use it in src_pos.file). text may
 * be NULL. Registering the same path twice returns the first copy (and
 * gives it the text if it had none). */
const char *diag_source_add(diag_list *list, const char *path,
                            const char *text, size_t len);

/* The text of the file registered under path (registered before with no
 * text, as a file is while it is parsed): text, malloc'd and
 * NUL-terminated, is the list's from now on; freed at once if path has a
 * text already. The messages quote their lines from it. */
void diag_source_take(diag_list *list, const char *path, char *text,
                      size_t len);

/* Register every source of from in list without copying: list uses from's
 * paths, texts and line indexes, so from must outlive list. */
void diag_source_share(diag_list *list, const diag_list *from);

/* The start of line `line` (1-based) of the source registered under path
 * (compared by content), in the list's copy of its text, and the bytes
 * left in the text from there in *rest; NULL if the source has no text or
 * fewer lines. Constant time: layout asks for every run of text. */
const char *diag_source_line(const diag_list *list, const char *path,
                             int line, size_t *rest);

/* The character at 1-based line:col of the source registered under path,
 * in the list's copy of its text, and the bytes left in its line from
 * there (without the line break) in *rest; NULL if the source has no text
 * there. A column past the line's end gives its end (*rest 0). The
 * source remembers the character found, and a later one on the same line
 * is walked to from it: the model asks for the runs of its texts in
 * order, so that a report written on one long line is not walked from
 * the line's start for each. Not for two threads at once. */
const char *diag_source_char(diag_list *list, const char *path, int line,
                             int col, size_t *rest);

/* Sort the diagnostics by position: by file (in the order the files were
 * registered), then line, then column; equal positions keep their order. */
void diag_sort(diag_list *list);

/* The stable name of a code, e.g. "unknown-key". */
const char *diag_code_name(diag_code code);

/* Print every diagnostic, in the order added, as
 *   path:line:col: error: message
 *      12 | the source line
 *         |     ^
 *   note: hint
 * with colour when color is nonzero. */
void diag_print_all(const diag_list *list, FILE *out, int color);

/* Print the diagnostics diag_print_all shows as one JSON document (for
 * CI annotations), from the same view of each as the text:
 *   {"version": 1, "errors": N, "warnings": N,
 *    "diagnostics": [{"file", "line", "column", "end_column", "severity",
 *                     "code", "message", "notes": [...], "suggestion"}],
 *    "not_shown": {"errors": N, "warnings": N, "notes": N}}
 * line and column are 1-based (column in characters); end_column is the
 * column just past the YAML token at the column. An unknown file, line
 * or column, and a note without a "did you mean" suggestion, are null. */
void diag_print_json(const diag_list *list, FILE *out);

/* Print one diagnostic the same way. */
void diag_print(const diag_list *list, const diag *d, FILE *out, int color);

#endif
