/*
 * scalarmap.c - where the text of a scalar written over several lines is
 * in its file.
 *
 * YAML folds such a scalar: a block scalar loses its indentation, a
 * folded (>) one and plain or quoted text turn each line break into a
 * space. An offset into the value then no longer says a line and column
 * of the file. The map made here records, for each source line, where its
 * text starts in the value, by finding each line's text (without its
 * indentation and trailing blanks) in the value in turn: folding only
 * changes the blanks and line breaks between them.
 */
#include "load/load_internal.h"

#include <string.h>

#include "util/utf8.h"

static int
blank(char c)
{
	return c == ' ' || c == '\t';
}

void
load_scalar_lines(arena *a, const srcmap *m, node *n, size_t b, size_t e)
{
	n->lines = NULL;
	n->nlines = 0;
	if (e > m->len)
		e = m->len;
	if (b >= e || m->nlines == 0)
		return;
	src_pos first = srcmap_pos_byte(m, b), last = srcmap_pos_byte(m, e);
	int line = first.line;
	if (n->style == NODE_BLOCK) {
		line++; /* the indicator's line holds no text */
	} else if (n->style == NODE_QUOTED) {
		b++; /* the opening quote */
	}
	if (line > last.line)
		return;
	node_line *map =
	        arena_alloc(a, (size_t)(last.line - line + 1) * sizeof(*map));
	size_t nmap = 0, vo = 0;
	const char *v = n->str;
	for (; line <= last.line; line++) {
		size_t s = m->line_byte[line - 1];
		size_t t =
		        (size_t)line < m->nlines ? m->line_byte[line] : m->len;
		if (s < b)
			s = b;
		if (t > e)
			t = e;
		while (t > s &&
		       (m->text[t - 1] == '\n' || m->text[t - 1] == '\r'))
			t--;
		while (s < t && blank(m->text[s]))
			s++;
		while (t > s && blank(m->text[t - 1]))
			t--;
		if (s == t)
			continue; /* a blank line: a line break in the value */
		while (vo < n->len && (blank(v[vo]) || v[vo] == '\n'))
			vo++;
		if (vo == n->len)
			break; /* past the value: a closing quote, a comment */
		size_t k = 0;
		while (s + k < t && vo + k < n->len &&
		       m->text[s + k] == v[vo + k])
			k++;
		if (s + k < t && vo + k < n->len)
			return; /* an escape, or not as folding leaves it */
		map[nmap].off = vo;
		map[nmap].line = line;
		map[nmap].col = srcmap_pos_byte(m, s).col;
		nmap++;
		vo += k;
	}
	if (nmap > 0) {
		n->lines = map;
		n->nlines = nmap;
	}
}

size_t
node_line_at(const node *n, size_t off)
{
	if (n->nlines == 0)
		return 0;
	size_t lo = 0, hi = n->nlines;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (n->lines[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	return n->lines[lo].off > off ? n->nlines : lo;
}

src_pos
node_pos_at(const node *n, size_t off)
{
	src_pos p = n->pos;
	if (off > n->len)
		off = n->len;
	if (n->nlines > 0) {
		size_t li = node_line_at(n, off);
		if (li == n->nlines)
			return p; /* before the first line's text */
		const node_line *l = &n->lines[li];
		p.line = l->line;
		p.col = l->col + (int)utf8_count(n->str + l->off, off - l->off);
		return p;
	}
	if (n->content_col > 0 && !memchr(n->str, '\n', off))
		p.col = n->content_col + (int)utf8_count(n->str, off);
	return p;
}
