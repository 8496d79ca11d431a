/*
 * mem.h - allocation helpers, growable arrays and byte buffers, and the
 * arena.
 *
 * Any module may include this. Out of memory is the one condition that
 * stops the program (mem_oom); every other failure is a diagnostic.
 */
#ifndef CAREC_UTIL_MEM_H
#define CAREC_UTIL_MEM_H

#include <stdarg.h>
#include <stddef.h>

/* The exit code on out of memory: EXIT_SYSTEM of cli/cli.h (README.md,
 * "exit code"), which util/ cannot include. */
#define MEM_OOM_EXIT 3

/* The one way out on out of memory, or on a size too large to allocate:
 * remove the temporary files being written (util/tmpfiles.h), print
 * "carec-report: out of memory" and exit MEM_OOM_EXIT at once, from any
 * thread. Every x* and arena_* function below calls it; so does code that
 * gets "no memory" from a library (a NULL parser, say). */
_Noreturn void mem_oom(void);

/* malloc, calloc, realloc, strdup: never NULL (mem_oom instead). A size
 * of 0 is taken as 1, so the result is always a fresh pointer. */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;
char *xvasprintf(const char *fmt, va_list ap);

/*
 * A growable array: the one way to make room in one. p holds *cap items
 * of elem bytes; xgrow returns it (realloc'ed) with room for at least
 * need items, the first *cap kept, and updates *cap; when need <= *cap,
 * p unchanged. It at least doubles *cap (8 items at first), so n appends
 * cost O(n). A size that overflows goes to mem_oom. Use:
 *
 *	if (v->n == v->cap)
 *		v->p = xgrow(v->p, &v->cap, v->n + 1, sizeof(*v->p));
 *	v->p[v->n++] = x;
 */
void *xgrow(void *p, size_t *cap, size_t need, size_t elem);

/* A growable byte buffer, always NUL-terminated after buf_* calls. */
typedef struct buf {
	char *data;
	size_t len, cap;
} buf;

void buf_init(buf *b);
void buf_free(buf *b);
void buf_reserve(buf *b, size_t extra);
void buf_put(buf *b, const void *p, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* Give up ownership of the bytes (NUL-terminated) and reset b. */
char *buf_detach(buf *b);

/*
 * The arena: many small allocations freed at once. The document model and
 * the layout live in arenas. Built with CAREC_ARENA_DEBUG every allocation
 * is its own malloc block, so sanitizers see each object's bounds.
 */
typedef struct arena_chunk arena_chunk;
typedef struct arena {
	arena_chunk *head;
	size_t used_total;
} arena;

void arena_init(arena *a);
/* Free everything allocated from a. */
void arena_free(arena *a);
/* Zeroed, 16-byte-aligned memory that lives until arena_free. */
void *arena_alloc(arena *a, size_t n);
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);
/* xgrow for an array in the arena: p has *cap items of elem bytes, of
 * which the first count are kept (count <= *cap). Grown like xgrow, in
 * place when it was the arena's latest allocation and its chunk has room,
 * otherwise as a copy: use only the pointer returned. */
void *arena_xgrow(arena *a, void *p, size_t count, size_t *cap, size_t need,
                  size_t elem);
/* The step under arena_xgrow: room for exactly newcap items, the first
 * oldcount kept. Left for the callers not yet on arena_xgrow. */
void *arena_grow(arena *a, void *old, size_t oldcount, size_t newcap,
                 size_t item);

#endif
