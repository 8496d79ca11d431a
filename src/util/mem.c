/* mem.c - allocation helpers, buffers and the arena (see mem.h). */
#include "util/mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/tmpfiles.h"

void
mem_oom(void)
{
	/* write(2) and _exit: nothing here needs memory, and no exit
	 * handler runs while other threads may still be at work. */
	static const char msg[] = "carec-report: out of memory\n";
	(void)tmpfiles_abandon();
	ssize_t r = write(STDERR_FILENO, msg, sizeof(msg) - 1);
	(void)r;
	_exit(MEM_OOM_EXIT);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		mem_oom();
	return p;
}

void *
xcalloc(size_t count, size_t n)
{
	void *p = calloc(count ? count : 1, n ? n : 1);
	if (!p)
		mem_oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		mem_oom();
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* The largest array in bytes: malloc refuses more than PTRDIFF_MAX (a
 * pointer difference across it would overflow), so a request above it
 * goes to mem_oom before it reaches malloc. */
#define MEM_MAX_BYTES ((size_t)PTRDIFF_MAX)

/* The new capacity, in items of elem bytes, for at least need items when
 * cap are held: double, 8 at first, never above MEM_MAX_BYTES. */
static size_t
grow_cap(size_t cap, size_t need, size_t elem)
{
	size_t max = MEM_MAX_BYTES / (elem ? elem : 1);
	if (need > max)
		mem_oom();
	size_t ncap = cap > max / 2 ? max : cap * 2;
	if (ncap < 8)
		ncap = 8 < max ? 8 : max;
	return ncap > need ? ncap : need;
}

void *
xgrow(void *p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return p;
	size_t ncap = grow_cap(*cap, need, elem);
	p = xrealloc(p, ncap * elem);
	*cap = ncap;
	return p;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		n = 0;
	char *p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

void
buf_init(buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void
buf_free(buf *b)
{
	free(b->data);
	buf_init(b);
}

void
buf_reserve(buf *b, size_t extra)
{
	if (extra >= MEM_MAX_BYTES - b->len)
		mem_oom();
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	/* 64 bytes at first: most buffers are a line or a word. */
	b->data = xgrow(b->data, &b->cap, need < 64 ? 64 : need, 1);
}

void
buf_put(buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_puts(buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void
buf_putc(buf *b, char c)
{
	buf_put(b, &c, 1);
}

void
buf_printf(buf *b, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0) {
		buf_reserve(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
		b->len += (size_t)n;
	}
	va_end(ap2);
}

char *
buf_detach(buf *b)
{
	if (!b->data)
		buf_reserve(b, 0), b->data[0] = '\0';
	char *p = b->data;
	buf_init(b);
	return p;
}

/* ---- arena ---- */

struct arena_chunk {
	arena_chunk *next;
	size_t size, used;
	size_t last; /* where the chunk's latest allocation starts */
	/* max_align_t keeps the payload aligned for any type. */
	union {
		max_align_t align;
		unsigned char bytes[1];
	} data;
};

#define ARENA_CHUNK (64 * 1024)

void
arena_init(arena *a)
{
	a->head = NULL;
	a->used_total = 0;
}

void
arena_free(arena *a)
{
	arena_chunk *c = a->head;
	while (c) {
		arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	arena_init(a);
}

void *
arena_alloc(arena *a, size_t n)
{
	if (n > MEM_MAX_BYTES - ARENA_CHUNK)
		mem_oom();
	n = (n + 15) & ~(size_t)15;
	a->used_total += n;
#ifdef CAREC_ARENA_DEBUG
	/* One chunk per object: sanitizers see exact bounds. */
	arena_chunk *c = xcalloc(1, offsetof(arena_chunk, data) + n);
	c->size = c->used = n;
	c->next = a->head;
	a->head = c;
	return c->data.bytes;
#else
	arena_chunk *c = a->head;
	if (!c || c->size - c->used < n) {
		size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
		arena_chunk *nc = xmalloc(offsetof(arena_chunk, data) + size);
		nc->size = size;
		nc->used = 0;
		if (c && n > ARENA_CHUNK) {
			/* A big object gets its own chunk behind the current one,
			 * so the current chunk's free space is not wasted. */
			nc->next = c->next;
			c->next = nc;
		} else {
			nc->next = c;
			a->head = nc;
		}
		c = nc;
	}
	void *p = c->data.bytes + c->used;
	c->last = c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
#endif
}

char *
arena_strndup(arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void *
arena_grow(arena *a, void *old, size_t oldcount, size_t newcap, size_t item)
{
	if (item && newcap > MEM_MAX_BYTES / item)
		mem_oom();
#ifndef CAREC_ARENA_DEBUG
	/* The array that was allocated last grows where it is when its chunk
	 * has room: an array grown by doubling would otherwise leave all its
	 * smaller copies behind (the pages' item lists, half their size). */
	arena_chunk *c = a->head;
	if (old && c && (unsigned char *)old == c->data.bytes + c->last) {
		size_t n = (newcap * item + 15) & ~(size_t)15;
		size_t had = c->used - c->last;
		if (n >= had && c->size - c->last >= n) {
			memset(c->data.bytes + c->used, 0, n - had);
			c->used = c->last + n;
			a->used_total += n - had;
			return old;
		}
	}
#endif
	void *p = arena_alloc(a, newcap * item);
	if (old && oldcount)
		memcpy(p, old, oldcount * item);
	return p;
}

void *
arena_xgrow(arena *a, void *p, size_t count, size_t *cap, size_t need,
            size_t elem)
{
	if (need <= *cap)
		return p;
	size_t ncap = grow_cap(*cap, need, elem);
	p = arena_grow(a, p, count, ncap, elem);
	*cap = ncap;
	return p;
}
