/* srcmap.c - checking a source text and mapping marks to positions. */
#define _DEFAULT_SOURCE /* madvise */

#include "load/load_internal.h"

#include <sys/mman.h>
#include <unistd.h>

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "util/utf8.h"

static int
clamp_int(size_t v)
{
	return v > INT_MAX ? INT_MAX : (int)v;
}

/* Position of byte offset at in text, counting lines by '\n' and columns
 * by characters (each byte of a bad sequence counts as one). */
static src_pos
scan_pos(const char *path, const char *text, size_t at)
{
	size_t line = 1, col = 1;
	for (size_t i = 0; i < at; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == '\n') {
			line++;
			col = 1;
		} else if ((c & 0xC0) != 0x80) {
			col++;
		}
	}
	src_pos p = {path, clamp_int(line), clamp_int(col)};
	return p;
}

/* YAML 1.1's printable set, as libyaml's reader checks it. */
static int
yaml_printable(uint32_t cp)
{
	return cp == 0x09 || cp == 0x0A || cp == 0x0D ||
	       (cp >= 0x20 && cp <= 0x7E) || cp == 0x85 ||
	       (cp >= 0xA0 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
	       (cp >= 0x10000 && cp <= 0x10FFFF);
}

static void
report_bad_utf8(const char *path, const char *text, size_t len, size_t bad,
                diag_list *diags)
{
	const unsigned char *u = (const unsigned char *)text;
	char hex[32] = "";
	size_t n = 0, used = 0;

	/* The bad byte and the continuation bytes that trail it. */
	do {
		used += (size_t)snprintf(hex + used, sizeof(hex) - used, "%s0x%02X",
		                         n ? " " : "", u[bad + n]);
		n++;
	} while (bad + n < len && n < 4 && (u[bad + n] & 0xC0) == 0x80);

	src_pos pos = scan_pos(path, text, bad);
	if (bad == 0 && len >= 2 &&
	    ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		diag_error(diags, DIAG_UTF8, pos,
		           "the file is saved as UTF-16, not as UTF-8");
		diag_note(diags, "save the file again with the encoding UTF-8 "
		          "(in most editors: Save As, then choose UTF-8)");
		return;
	}
	diag_error(diags, DIAG_UTF8, pos,
	           "this text is not valid UTF-8 (byte%s %s)", n > 1 ? "s" : "",
	           hex);
	diag_note(diags, "the file seems to be saved in another encoding, such "
	          "as Windows-1252 or Latin-1; save it again with the encoding "
	          "UTF-8 (in most editors: Save As, then choose UTF-8)");
}

void
srcmap_drop(const char *text, size_t from, size_t to)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t a = ((uintptr_t)(text + from) + page - 1) & ~(page - 1);
	uintptr_t b = (uintptr_t)(text + to) & ~(page - 1);
	if (b > a)
		madvise((void *)a, b - a, MADV_DONTNEED);
}

/* A mapped text is checked in steps of this many bytes, each given back
 * to the file once checked. */
#define MAPPED_STEP (4u << 20)

static int
init(srcmap *m, const char *path, const char *text, size_t len,
     diag_list *diags, int mapped)
{
	size_t bad, cap = 64, chars = 0;

	memset(m, 0, sizeof(*m));
	/* A step ends at a line's end, so that no character is cut. */
	for (size_t at = 0; at < len;) {
		size_t end = len;
		if (mapped && len - at > MAPPED_STEP) {
			const char *nl = memchr(text + at + MAPPED_STEP, '\n',
			                        len - at - MAPPED_STEP);
			end = nl ? (size_t)(nl - text) + 1 : len;
		}
		if (!utf8_valid(text + at, end - at, &bad)) {
			report_bad_utf8(path, text, len, at + bad, diags);
			return -1;
		}
		if (mapped)
			srcmap_drop(text, at, end);
		at = end;
	}
	m->path = path;
	m->text = text;
	m->len = len;
	m->line_char = xmalloc(cap * sizeof(*m->line_char));
	m->line_byte = xmalloc(cap * sizeof(*m->line_byte));
	m->line_char[0] = m->line_byte[0] = 0;
	m->nlines = 1;

	size_t dropped = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp = (unsigned char)text[i];
		size_t k = 1;
		if (cp >= 0x20 && cp < 0x7F) { /* most of a file, at once */
			i++;
			chars++;
			continue;
		}
		if (cp >= 0xC2 && cp <= 0xDF && i + 1 < len) {
			/* Two bytes (Cyrillic...): valid, as checked above. */
			cp = ((cp & 0x1F) << 6) | ((unsigned char)text[i + 1] & 0x3F);
			if (cp >= 0xA0) {
				i += 2;
				chars++;
				continue;
			}
		}
		if (cp >= 0x80) {
			k = utf8_decode(text + i, len - i, &cp);
			if (k == 0)
				k = 1; /* cannot happen after utf8_valid */
		}
		if (cp == 0) {
			diag_error(diags, DIAG_UTF8, scan_pos(path, text, i),
			           "the file contains a NUL byte (0x00)");
			diag_note(diags, "NUL bytes usually mean that the file is "
			          "not a text file or is saved as UTF-16; save it "
			          "as UTF-8 text");
			goto fail;
		}
		if (!yaml_printable(cp)) {
			diag_error(diags, DIAG_YAML_SYNTAX, scan_pos(path, text, i),
			           "the file contains the invisible control "
			           "character U+%04X, which YAML does not allow",
			           (unsigned)cp);
			diag_note(diags, "delete it; such characters often come "
			          "in with text pasted from other programs");
			goto fail;
		}
		i += k;
		chars++;
		if (cp == '\n') {
			if (m->nlines == cap) {
				cap *= 2;
				m->line_char = xrealloc(m->line_char,
				                        cap * sizeof(*m->line_char));
				m->line_byte = xrealloc(m->line_byte,
				                        cap * sizeof(*m->line_byte));
			}
			m->line_char[m->nlines] = chars;
			m->line_byte[m->nlines] = i;
			m->nlines++;
			/* Give back what is indexed, a step at a line's end. */
			if (mapped && i - dropped >= MAPPED_STEP) {
				srcmap_drop(text, dropped, i);
				dropped = i;
			}
		}
	}
	if (mapped)
		srcmap_drop(text, dropped, len);
	return 0;
fail:
	srcmap_free(m);
	return -1;
}

int
srcmap_init(srcmap *m, const char *path, const char *text, size_t len,
            diag_list *diags)
{
	return init(m, path, text, len, diags, 0);
}

int
srcmap_init_mapped(srcmap *m, const char *path, const char *text,
                   size_t len, diag_list *diags)
{
	return init(m, path, text, len, diags, 1);
}

void
srcmap_free(srcmap *m)
{
	free(m->line_char);
	free(m->line_byte);
	m->line_char = m->line_byte = NULL;
	m->nlines = 0;
}

/* Index of the last entry of a (sorted, a[0] == 0) that is <= v. */
static size_t
last_le(const size_t *a, size_t n, size_t v)
{
	size_t lo = 0, hi = n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (a[mid] <= v)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

src_pos
srcmap_pos(const srcmap *m, size_t char_index)
{
	src_pos p = {m->path, 0, 0};
	if (m->nlines == 0)
		return p;
	size_t l = last_le(m->line_char, m->nlines, char_index);
	p.line = clamp_int(l + 1);
	p.col = clamp_int(char_index - m->line_char[l] + 1);
	return p;
}

src_pos
srcmap_pos_byte(const srcmap *m, size_t byte)
{
	src_pos p = {m->path, 0, 0};
	if (m->nlines == 0)
		return p;
	if (byte > m->len)
		byte = m->len;
	size_t l = last_le(m->line_byte, m->nlines, byte);
	p.line = clamp_int(l + 1);
	p.col = clamp_int(utf8_count(m->text + m->line_byte[l],
	                             byte - m->line_byte[l]) + 1);
	return p;
}

size_t
srcmap_offset(const srcmap *m, src_pos pos)
{
	if (pos.line < 1 || m->nlines == 0)
		return 0;
	if ((size_t)pos.line > m->nlines)
		return m->len;
	size_t i = m->line_byte[pos.line - 1];
	for (int c = 1; c < pos.col && i < m->len; c++) {
		uint32_t cp;
		size_t k = utf8_decode(m->text + i, m->len - i, &cp);
		i += k ? k : 1;
	}
	return i;
}

int
srcmap_line(const srcmap *m, int line, const char **start, size_t *len)
{
	if (line < 1 || (size_t)line > m->nlines)
		return 0;
	size_t b = m->line_byte[line - 1];
	size_t e = (size_t)line < m->nlines ? m->line_byte[line] - 1 : m->len;
	if (e > b && m->text[e - 1] == '\r')
		e--;
	*start = m->text + b;
	*len = e - b;
	return 1;
}
