/*
 * inline.c - inline markup inside text values:
 *   **bold**, *italic*, [link text](https://...), a newline for a line
 *   break, and a backslash to write a markup character literally (\*).
 * An asterisk next to a space on the inner side is a literal asterisk, so
 * "5 * 3" needs no escaping.
 */
#include <stdlib.h>
#include <string.h>

#include "model/model_internal.h"
#include "util/utf8.h"

typedef struct inline_state {
	model_ctx *c;
	const node *n;
	const char *s;
	size_t len;
	buf cur;            /* text of the run being built */
	size_t cur_start;   /* its offset in s */
	unsigned style;
	const char *href;
	model_inline *runs;
	size_t nruns, cap;
	size_t bold_at, italic_at; /* where the open markers are */
} inline_state;

/* Where offset off of the string is in the file, as near as known. */
static src_pos
pos_at(const inline_state *st, size_t off)
{
	src_pos p = st->n->pos;
	if (st->n->content_col > 0 && !memchr(st->s, '\n', off)) {
		p.col = st->n->content_col + (int)utf8_count(st->s, off);
	}
	return p;
}

static void
push_run(inline_state *st, model_inline run)
{
	if (st->nruns == st->cap) {
		st->cap = st->cap ? st->cap * 2 : 8;
		st->runs = xrealloc(st->runs, st->cap * sizeof(*st->runs));
	}
	st->runs[st->nruns++] = run;
}

static void
flush(inline_state *st, size_t next_start)
{
	if (st->cur.len > 0) {
		model_inline r = {0};
		r.text = arena_strndup(st->c->mem, st->cur.data, st->cur.len);
		r.len = st->cur.len;
		r.style = st->style;
		r.href = st->href;
		r.pos = pos_at(st, st->cur_start);
		push_run(st, r);
		st->cur.len = 0;
	}
	st->cur_start = next_start;
}

static int
is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n';
}

/* A letter or digit (any non-ASCII byte counts as part of a letter). */
static int
is_wordchar(char ch)
{
	unsigned char c = (unsigned char)ch;
	return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

/* Can a marker of width w at i open or close emphasis? It opens before a
 * non-space and not inside a word; it closes after a non-space and not
 * inside a word. So "5 * 3" and "a*b" are plain asterisks. */
static int
can_open(const inline_state *st, size_t i, size_t w, size_t end)
{
	return i + w < end && !is_space(st->s[i + w]) &&
	       !(i > 0 && is_wordchar(st->s[i - 1]));
}

static int
can_close(const inline_state *st, size_t i, size_t w, size_t start,
          size_t end)
{
	return i > start && !is_space(st->s[i - 1]) &&
	       !(i + w < end && is_wordchar(st->s[i + w]));
}

/* Find the link at s[i] == '[': store the offsets of ']' and ')'. */
static int
find_link(const inline_state *st, size_t i, size_t end, size_t *close_text,
          size_t *close_url)
{
	int depth = 0;
	for (size_t j = i + 1; j < end; j++) {
		char ch = st->s[j];
		if (ch == '\\') {
			j++;
			continue;
		}
		if (ch == '[')
			depth++;
		if (ch == ']') {
			if (depth-- > 0)
				continue;
			if (j + 1 >= end || st->s[j + 1] != '(')
				return 0;
			for (size_t k = j + 2; k < end; k++) {
				if (st->s[k] == ')') {
					*close_text = j;
					*close_url = k;
					return 1;
				}
				if (is_space(st->s[k]))
					return 0;
			}
			return 0;
		}
	}
	return 0;
}

/* Check a link target: web, mail or an internal #id. */
static int
check_href(inline_state *st, const char *url, size_t len, size_t at)
{
	static const char *const schemes[] = {"https://", "http://", "mailto:"};
	if (len > 1 && url[0] == '#')
		return 0;
	for (size_t i = 0; i < 3; i++) {
		size_t sl = strlen(schemes[i]);
		if (len > sl && strncmp(url, schemes[i], sl) == 0)
			return 0;
	}
	diag_error(st->c->diags, DIAG_LINK, pos_at(st, at),
	           "the link target '%.*s' is not allowed", (int)len, url);
	diag_note(st->c->diags, "links may go to https://, http:// or mailto: "
	                        "addresses, or to a heading as #its-id");
	return -1;
}

static void parse_range(inline_state *st, size_t start, size_t end);

static void
parse_range(inline_state *st, size_t start, size_t end)
{
	size_t i = start;
	while (i < end) {
		char ch = st->s[i];
		if (ch == '\\' && i + 1 < end && strchr("\\*[]()_`", st->s[i + 1])) {
			buf_putc(&st->cur, st->s[i + 1]);
			i += 2;
			continue;
		}
		if (ch == '\n') {
			flush(st, i + 1);
			model_inline r = {0};
			r.hard_break = 1;
			r.style = st->style;
			r.pos = pos_at(st, i);
			push_run(st, r);
			i++;
			continue;
		}
		if (ch == '*') {
			int dbl = i + 1 < end && st->s[i + 1] == '*';
			size_t w = dbl ? 2 : 1;
			unsigned bit = dbl ? MODEL_BOLD : MODEL_ITALIC;
			if ((st->style & bit) && can_close(st, i, w, start, end)) {
				flush(st, i + w);
				st->style &= ~bit;
				i += w;
				continue;
			}
			if (!(st->style & bit) && can_open(st, i, w, end)) {
				flush(st, i + w);
				st->style |= bit;
				if (dbl)
					st->bold_at = i;
				else
					st->italic_at = i;
				i += w;
				continue;
			}
		}
		size_t close_text, close_url;
		if (ch == '[' && !st->href &&
		    find_link(st, i, end, &close_text, &close_url)) {
			const char *url = st->s + close_text + 2;
			size_t ulen = close_url - close_text - 2;
			flush(st, i + 1);
			if (check_href(st, url, ulen, close_text + 2) == 0)
				st->href = arena_strndup(st->c->mem, url, ulen);
			parse_range(st, i + 1, close_text);
			flush(st, close_url + 1);
			st->href = NULL;
			i = close_url + 1;
			continue;
		}
		/* Copy one whole UTF-8 character. */
		uint32_t cp;
		size_t k = utf8_decode(st->s + i, end - i, &cp);
		if (k == 0)
			k = 1;
		buf_put(&st->cur, st->s + i, k);
		i += k;
	}
}

int
minline_parse(model_ctx *c, const node *n, const char *s, size_t len,
              model_text *out)
{
	inline_state st;
	memset(&st, 0, sizeof(st));
	st.c = c;
	st.n = n;
	st.s = s;
	st.len = len;
	buf_init(&st.cur);
	size_t errors = c->diags->errors;

	parse_range(&st, 0, len);
	flush(&st, len);
	if (st.style & MODEL_BOLD) {
		diag_error(c->diags, DIAG_MARKUP, pos_at(&st, st.bold_at),
		           "'**' starts bold text that is never closed");
		diag_note(c->diags, "end the bold text with '**', or write \\* "
		                    "for an asterisk");
	}
	if (st.style & MODEL_ITALIC) {
		diag_error(c->diags, DIAG_MARKUP, pos_at(&st, st.italic_at),
		           "'*' starts italic text that is never closed");
		diag_note(c->diags, "end the italic text with '*', or write \\* "
		                    "for an asterisk");
	}
	out->pos = n->pos;
	out->nruns = st.nruns;
	out->runs = NULL;
	if (st.nruns) {
		out->runs = arena_alloc(c->mem, st.nruns * sizeof(*out->runs));
		memcpy(out->runs, st.runs, st.nruns * sizeof(*out->runs));
	}
	free(st.runs);
	buf_free(&st.cur);
	return c->diags->errors > errors ? -1 : 0;
}
