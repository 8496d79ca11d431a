/*
 * mem.h - allocation helpers, growable byte buffers and the arena.
 *
 * Any module may include this. Out of memory is the one condition that
 * aborts (with a message); every other failure is a diagnostic.
 */
#ifndef CAREC_UTIL_MEM_H
#define CAREC_UTIL_MEM_H

#include <stdarg.h>
#include <stddef.h>

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
/* Grow an arena array: returns it with room for newcap items, the first
 * oldcount kept (in place when it was the arena's latest allocation and
 * there is room, otherwise a copy; use only the pointer returned). */
void *arena_grow(arena *a, void *old, size_t oldcount, size_t newcap,
                 size_t item);

#endif
