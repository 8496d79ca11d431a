/*
 * inline.c - inline markup inside text values:
 *   **bold**, *italic*, [link text](https://...), a newline for a line
 *   break, [text in another language]{lang=kk} (a span, whose tag is kept
 *   on its runs: model_inline.lang), and a backslash to write a markup
 *   character literally (\*, \[).
 * An asterisk next to a space on the inner side is a literal asterisk, so
 * "5 * 3" needs no escaping.
 *
 * Typography, by the language shown: straight double quotes become the
 * language's quotes (“ ” in English, « » in Russian and the Central Asian
 * languages), an apostrophe becomes ’ (in Uzbek, o' and g' become the
 * letter ʻ, and other apostrophes the sign ʼ), -- and --- become en and em
 * dashes, and a backslash before a space makes it non-breaking. A
 * backslash keeps any of these characters straight (\", \', \-).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/model_internal.h"
#include "util/utf8.h"

/* The last offset pos_at was asked for, and the characters before it:
 * in a one-line value, from its start; in a value the loader mapped line
 * by line (node.lines), from the start of the map line mline. */
typedef struct pos_cursor {
	size_t off, chars;
	size_t first_nl; /* the first '\n' of the string, or its length */
	size_t mline, moff, mchars;
	int mvalid;
} pos_cursor;

typedef struct inline_state {
	model_ctx *c;
	pos_cursor *at;
	const node *n;
	const char *s;
	size_t len;
	buf cur;            /* text of the run being built */
	size_t cur_start;   /* its offset in s */
	unsigned style;
	const char *href;
	const char *lang;      /* the open span's tag; NULL: none */
	const char *base_lang; /* the text's own language (a fallback) */
	model_inline *runs;
	size_t nruns, cap;
	size_t bold_at, italic_at; /* where the open markers are */
	int quote_depth;    /* open double quotes */
	int russian_quotes; /* « » rather than “ ” */
	int uzbek;          /* oʻ gʻ */
} inline_state;

/* Where offset off of the string is in the file, as near as known: the
 * loader's map of the value (see node_pos_at) when the string is the
 * value itself, not one with data filled in. A one-line value's column is
 * counted on from the offset asked for last (runs come in order), not
 * from the start of the value. */
static src_pos
pos_at(const inline_state *st, size_t off)
{
	const node *n = st->n;
	src_pos p = n->pos;
	if (st->s == n->str && n->nlines > 0) {
		/* node_pos_at, counted on from the last offset on the same
		 * map line: a long line is not counted again for every run
		 * (a 90 KB line of markup took 1.5 s). */
		if (off > n->len)
			off = n->len;
		size_t lo = node_line_at(n, off);
		if (lo == n->nlines)
			return p; /* before the first line's text */
		const node_line *l = &n->lines[lo];
		pos_cursor *at = st->at;
		if (!at->mvalid || at->mline != lo || off < at->moff) {
			at->mvalid = 1;
			at->mline = lo;
			at->moff = l->off;
			at->mchars = 0;
		}
		at->mchars += utf8_count(n->str + at->moff, off - at->moff);
		at->moff = off;
		p.line = l->line;
		p.col = l->col + (int)at->mchars;
		return p;
	}
	if (n->content_col > 0 && off <= st->at->first_nl) {
		pos_cursor *at = st->at;
		if (off < at->off) {
			at->off = 0;
			at->chars = 0;
		}
		at->chars += utf8_count(st->s + at->off, off - at->off);
		at->off = off;
		p.col = n->content_col + (int)at->chars;
	}
	return p;
}

static void
push_run(inline_state *st, model_inline run)
{
	if (st->nruns == st->cap)
		st->runs = xgrow(st->runs, &st->cap, st->nruns + 1,
		                 sizeof(*st->runs));
	st->runs[st->nruns++] = run;
}

/* The language of a run made now: the open span's, the text's own when
 * it is a fallback, NULL for the language shown. */
static const char *
run_lang(const inline_state *st)
{
	if (!st->lang)
		return st->base_lang;
	return strcmp(st->lang, st->c->lang) == 0 ? NULL : st->lang;
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
		r.lang = run_lang(st);
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

/* Is cp part of a word: a letter or digit? Non-ASCII counts as a letter
 * unless it is a space, a dash, a quote or other punctuation. */
static int
is_word_cp(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		       (cp >= 'A' && cp <= 'Z');
	return !(cp == 0xA0 || cp == 0xAB || cp == 0xBB ||
	         (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F));
}

/* The code point before byte offset i (0 at the start). */
static uint32_t
cp_before(const inline_state *st, size_t i)
{
	if (i == 0)
		return 0;
	size_t j = i - 1;
	while (j > 0 && ((unsigned char)st->s[j] & 0xC0) == 0x80)
		j--;
	uint32_t cp;
	utf8_decode(st->s + j, i - j, &cp);
	return cp;
}

/* The code point at byte offset i (0 at the end). */
static uint32_t
cp_at(const inline_state *st, size_t i, size_t end)
{
	if (i >= end)
		return 0;
	uint32_t cp;
	utf8_decode(st->s + i, end - i, &cp);
	return cp;
}

/* Can a marker of width w at i open or close emphasis? It opens before a
 * non-space and not inside a word; it closes after a non-space and not
 * inside a word. So "5 * 3" and "a*b" are plain asterisks. */
static int
can_open(const inline_state *st, size_t i, size_t w, size_t end)
{
	return i + w < end && !is_space(st->s[i + w]) &&
	       !is_word_cp(cp_before(st, i));
}

static int
can_close(const inline_state *st, size_t i, size_t w, size_t start,
          size_t end)
{
	return i > start && !is_space(st->s[i - 1]) &&
	       !is_word_cp(cp_at(st, i + w, end));
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
			/* The target ends at the ')' that balances its '(':
			 * addresses may hold parentheses of their own. */
			int paren = 0;
			for (size_t k = j + 2; k < end; k++) {
				if (st->s[k] == '(')
					paren++;
				if (st->s[k] == ')' && paren-- == 0) {
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
		/* Schemes are case-insensitive: HTTPS:// is a web link. */
		if (len > sl && strncasecmp(url, schemes[i], sl) == 0)
			return 0;
	}
	diag_error(st->c->diags, DIAG_LINK, pos_at(st, at),
	           "the link target '%.*s' is not allowed", (int)len, url);
	diag_note(st->c->diags, "links may go to https://, http:// or mailto: "
	                        "addresses, or to a heading as #its-id");
	return -1;
}

int
model_lang_tag_valid(const char *tag, size_t len)
{
	/* 0: the language is next; 1: a script or a region; 2: a region;
	 * 3: nothing more. */
	int stage = 0;
	size_t i = 0;
	for (;;) {
		size_t j = i;
		while (j < len && tag[j] != '-')
			j++;
		size_t n = j - i;
		int alpha = n > 0, digit = n > 0;
		for (size_t k = i; k < j; k++) {
			unsigned char ch = (unsigned char)tag[k];
			alpha &= (ch >= 'a' && ch <= 'z') ||
			         (ch >= 'A' && ch <= 'Z');
			digit &= ch >= '0' && ch <= '9';
		}
		if (stage == 0 && alpha && (n == 2 || n == 3))
			stage = 1;
		else if (stage == 1 && alpha && n == 4)
			stage = 2;
		else if ((stage == 1 || stage == 2) &&
		         ((alpha && n == 2) || (digit && n == 3)))
			stage = 3;
		else
			return 0;
		if (j == len)
			return 1;
		i = j + 1;
	}
}

/* The tag in its usual case: language lower, Script title, REGION upper. */
static const char *
tag_case(arena *mem, const char *tag, size_t len)
{
	char *t = arena_strndup(mem, tag, len);
	size_t start = 0, sub = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && t[i] != '-')
			continue;
		for (size_t k = start; k < i; k++) {
			char ch = t[k];
			int up = sub > 0 && (i - start == 2 ||
			                     (i - start == 4 && k == start));
			if (up && ch >= 'a' && ch <= 'z')
				t[k] = (char)(ch - 'a' + 'A');
			if (!up && ch >= 'A' && ch <= 'Z')
				t[k] = (char)(ch - 'A' + 'a');
		}
		start = i + 1;
		sub++;
	}
	return t;
}

/* Find the span at s[i] == '[': "[text]{lang=TAG}". Store the offsets
 * of ']' and '}'. Return 1 for a span, 0 when the bracket is plain text
 * (no "]{" closes it, or the braces hold no "key=value"), -1 after an
 * error about its attributes. The tag goes to *tag. */
static int
find_span(inline_state *st, size_t i, size_t end, size_t *close_text,
          size_t *close_attr, const char **tag)
{
	int depth = 0;
	size_t j;
	for (j = i + 1; j < end; j++) {
		char ch = st->s[j];
		if (ch == '\\') {
			j++;
			continue;
		}
		if (ch == '[')
			depth++;
		if (ch == ']' && depth-- == 0)
			break;
	}
	if (j + 1 >= end || st->s[j + 1] != '{')
		return 0;
	size_t a = j + 2, k = a;
	while (k < end && st->s[k] != '}' && st->s[k] != '\n')
		k++;
	size_t al = k - a;
	const char *attr = st->s + a;
	int says_lang = al >= 4 && strncasecmp(attr, "lang", 4) == 0;
	const char *eq = memchr(attr, '=', al);
	if (k >= end || st->s[k] != '}') {
		/* Plain text from here on, after one message. */
		if (says_lang) {
			diag_error(st->c->diags, DIAG_MARKUP, pos_at(st, j + 1),
			           "the language span's '{' is never closed");
			diag_note(st->c->diags,
			          "write the language in braces after "
			          "the text, such as "
			          "[Қазақстан]{lang=kk}");
		}
		return 0;
	}
	if (!eq)
		return 0;
	*close_text = j;
	*close_attr = k;
	size_t kl = (size_t)(eq - attr);
	while (kl > 0 && attr[kl - 1] == ' ')
		kl--;
	size_t ko = 0;
	while (ko < kl && attr[ko] == ' ')
		ko++;
	if (kl - ko != 4 || strncmp(attr + ko, "lang", 4) != 0) {
		diag_error(st->c->diags, DIAG_MARKUP, pos_at(st, a + ko),
		           "a span takes only 'lang=', not '%.*s='",
		           (int)(kl - ko), attr + ko);
		diag_note(st->c->diags, "write [Қазақстан]{lang=kk} for a name "
		                        "in another language, or \\[ for a "
		                        "bracket that starts no span");
		return -1;
	}
	const char *v = eq + 1, *ve = attr + al;
	while (v < ve && *v == ' ')
		v++;
	while (ve > v && ve[-1] == ' ')
		ve--;
	size_t vl = (size_t)(ve - v);
	if (!model_lang_tag_valid(v, vl)) {
		if (vl == 0)
			diag_error(st->c->diags, DIAG_VALUE,
			           pos_at(st, (size_t)(v - st->s)),
			           "the span's language is empty");
		else
			diag_error(st->c->diags, DIAG_VALUE,
			           pos_at(st, (size_t)(v - st->s)),
			           "'%.*s' is not a language tag", (int)vl, v);
		diag_note(st->c->diags,
		          "write a language code of two or three "
		          "letters (kk, ky, tg, tk, uz, ru, en), "
		          "maybe with a script or a region: uz-Latn, "
		          "en-GB");
		return -1;
	}
	*tag = tag_case(st->c->mem, v, vl);
	return 1;
}

static void parse_range(inline_state *st, size_t start, size_t end);

/* Does the character before offset i open a phrase (start, space or an
 * opening bracket), so that a quote there opens? */
static int
opens_after(const inline_state *st, size_t i)
{
	if (i == 0)
		return 1;
	uint32_t cp = cp_before(st, i);
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '(' ||
	       cp == '[' || cp == '{' || cp == 0x2013 || cp == 0x2014 ||
	       cp == 0xA0 || cp == 0xAB || cp == 0x201C;
}

/* Typographic replacement for s[i]; store UTF-8 in out and the source
 * bytes used in *used. Return 0 when s[i] stays as it is. */
static size_t
typography(inline_state *st, size_t i, size_t end, char *out, size_t *used)
{
	const char *s = st->s;
	*used = 1;
	if (s[i] == '-' && i + 1 < end && s[i + 1] == '-') {
		int em = i + 2 < end && s[i + 2] == '-';
		*used = em ? 3 : 2;
		memcpy(out, em ? "\xE2\x80\x94" : "\xE2\x80\x93", 3);
		return 3;
	}
	if (s[i] == '"') {
		int open = opens_after(st, i) || st->quote_depth == 0;
		if (open && i + 1 < end && is_space(s[i + 1]) && st->quote_depth)
			open = 0;
		st->quote_depth += open ? 1 : -1;
		if (st->quote_depth < 0)
			st->quote_depth = 0;
		if (st->russian_quotes)
			memcpy(out, open ? "\xC2\xAB" : "\xC2\xBB", 2);
		else
			memcpy(out, open ? "\xE2\x80\x9C" : "\xE2\x80\x9D", 3);
		return st->russian_quotes ? 2 : 3;
	}
	if (s[i] == '\'') {
		char prev = i > 0 ? s[i - 1] : ' ';
		if (st->uzbek && (prev == 'o' || prev == 'O' || prev == 'g' ||
		                  prev == 'G')) {
			memcpy(out, "\xCA\xBB", 2); /* U+02BB ʻ */
			return 2;
		}
		if (st->uzbek && is_word_cp((unsigned char)prev)) {
			memcpy(out, "\xCA\xBC", 2); /* U+02BC ʼ */
			return 2;
		}
		/* ’ after a letter (it's, CAREC’s), ‘ where a phrase opens. */
		memcpy(out, opens_after(st, i) ? "\xE2\x80\x98" : "\xE2\x80\x99",
		       3);
		return 3;
	}
	return 0;
}

/* May parse_range do anything but copy byte c? */
static int
is_special(unsigned char c)
{
	return c == '\\' || c == '\n' || c == '*' || c == '[' || c == '-' ||
	       c == '"' || c == '\'';
}

static void
parse_range(inline_state *st, size_t start, size_t end)
{
	size_t i = start;
	while (i < end) {
		/* A run of bytes that no rule below changes is copied at once
		 * (whole UTF-8 characters, since no special byte is >= 0x80). */
		size_t plain = i;
		while (plain < end && !is_special((unsigned char)st->s[plain]))
			plain++;
		if (plain > i) {
			buf_put(&st->cur, st->s + i, plain - i);
			i = plain;
			continue;
		}
		char ch = st->s[i];
		if (ch == '\\' && i + 1 < end && st->s[i + 1] == ' ') {
			buf_puts(&st->cur, "\xC2\xA0"); /* no-break space */
			i += 2;
			continue;
		}
		if (ch == '\\' && i + 1 < end &&
		    strchr("\\*[]()_`\"'-", st->s[i + 1])) {
			buf_putc(&st->cur, st->s[i + 1]);
			i += 2;
			continue;
		}
		if (ch == '\n') {
			flush(st, i + 1);
			model_inline r = {0};
			r.hard_break = 1;
			r.style = st->style;
			r.lang = run_lang(st);
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
			/* Checked once every heading is known (anchors.c), at
			 * the link's text as the layout places its runs. */
			if (st->href && url[0] == '#')
				manchor_link(st->c, url + 1, ulen - 1,
				             pos_at(st, i + 1));
			parse_range(st, i + 1, close_text);
			flush(st, close_url + 1);
			st->href = NULL;
			i = close_url + 1;
			continue;
		}
		const char *tag;
		int span = ch == '[' ? find_span(st, i, end, &close_text,
		                                 &close_url, &tag)
		                     : 0;
		if (span != 0) {
			/* An error leaves the text as it is, brackets dropped,
			 * so that one mistake makes one message. */
			const char *outer = st->lang;
			flush(st, i + 1);
			if (span > 0)
				st->lang = tag;
			parse_range(st, i + 1, close_text);
			flush(st, close_url + 1);
			st->lang = outer;
			i = close_url + 1;
			continue;
		}
		char typo[4];
		size_t used;
		size_t tn = typography(st, i, end, typo, &used);
		if (tn) {
			buf_put(&st->cur, typo, tn);
			i += used;
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

/* How many leading bytes of run i are written exactly so at its pos (see
 * text_span.verbatim): the common prefix of its text and its source line
 * from pos. This is exact because every change the model makes to the
 * text (typographic quotes and dashes, \-escapes, the no-break space)
 * changes the first character it touches, so the comparison stops there;
 * the one exception, \\ for a backslash, is cut off by stopping at the
 * first backslash. A later run whose pos is the value's own fell back to
 * it (the model could not place the run), and a pos at a quote, a block
 * indicator, an anchor, a tag or an alias is not at the text; neither
 * counts. */
static size_t
verbatim_prefix(diag_list *d, const model_text *text, size_t i)
{
	const model_inline *r = &text->runs[i];
	if (r->hard_break || r->pos.line <= 0 || r->pos.col <= 0)
		return 0;
	if (i > 0 && r->pos.line == text->pos.line &&
	    r->pos.col == text->pos.col)
		return 0;
	/* From the character the run before stopped at, on one line: a
	 * report on one long line is not walked from its start each time. */
	size_t room;
	const char *p = diag_source_char(d, r->pos.file, r->pos.line,
	                                 r->pos.col, &room);
	if (!p)
		return 0;
	const char *e = p + room;
	if (p >= e || strchr("\"'|>&!*%@`", *p))
		return 0;
	size_t n = 0;
	while (n < r->len && n < room && r->text[n] == p[n] &&
	       r->text[n] != '\\' && r->text[n] != '\r')
		n++;
	while (n > 0 && n < r->len && ((unsigned char)r->text[n] & 0xC0) == 0x80)
		n--; /* a whole character */
	return n;
}

int
minline_parse(model_ctx *c, const node *n, const char *s, size_t len,
              const char *lang, model_text *out)
{
	inline_state st;
	memset(&st, 0, sizeof(st));
	st.c = c;
	st.base_lang = lang;
	st.n = n;
	st.s = s;
	st.len = len;
	st.russian_quotes = strcmp(c->lang, "en") != 0;
	st.uzbek = strcmp(c->lang, "uz") == 0;
	buf_init(&st.cur);
	pos_cursor at = {0, 0, len, 0, 0, 0, 0};
	const char *nl = memchr(s, '\n', len);
	if (nl)
		at.first_nl = (size_t)(nl - s);
	st.at = &at;
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
		/* Now, while the YAML text is kept (it is not once the model
		 * is built). */
		for (size_t i = 0; i < st.nruns; i++)
			out->runs[i].verbatim = verbatim_prefix(c->diags, out, i);
	}
	free(st.runs);
	buf_free(&st.cur);
	return c->diags->errors > errors ? -1 : 0;
}
