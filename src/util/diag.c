/* diag.c - collecting and printing diagnostics (see diag.h). */
#define _POSIX_C_SOURCE 200809L
#include "util/diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/limits.h"
#include "util/mem.h"
#include "util/utf8.h"

static const char *const code_names[DIAG_CODE_COUNT] = {
	[DIAG_IO] = "io",
	[DIAG_YAML_SYNTAX] = "yaml-syntax",
	[DIAG_UTF8] = "utf8",
	[DIAG_LIMIT] = "limit",
	[DIAG_INCLUDE] = "include",
	[DIAG_ALIAS] = "alias",
	[DIAG_DUPLICATE_KEY] = "duplicate-key",
	[DIAG_UNKNOWN_KEY] = "unknown-key",
	[DIAG_TYPE] = "type",
	[DIAG_MISSING_KEY] = "missing-key",
	[DIAG_ENUM] = "enum",
	[DIAG_LENGTH] = "length",
	[DIAG_COLOUR] = "colour",
	[DIAG_VALUE] = "value",
	[DIAG_MARKUP] = "markup",
	[DIAG_LANG] = "lang",
	[DIAG_FONT] = "font",
	[DIAG_GLYPH] = "glyph",
	[DIAG_IMAGE] = "image",
	[DIAG_LINK] = "link",
	[DIAG_LAYOUT] = "layout",
	[DIAG_PDF] = "pdf",
	[DIAG_INTERNAL] = "internal",
};

void
diag_init(diag_list *list)
{
	memset(list, 0, sizeof(*list));
}

void
diag_free(diag_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		free(list->items[i].message);
		free(list->items[i].note);
	}
	free(list->items);
	for (size_t i = 0; i < list->nsources; i++) {
		if (list->sources[i].borrowed)
			continue;
		free(list->sources[i].path);
		free(list->sources[i].text);
		free(list->sources[i].lines);
	}
	free(list->sources);
	memset(list, 0, sizeof(*list));
}

void
diag_truncate(diag_list *list, size_t count)
{
	while (list->count > count) {
		diag *d = &list->items[--list->count];
		if (d->severity == DIAG_ERROR)
			list->errors--;
		else if (d->severity == DIAG_WARNING)
			list->warnings--;
		free(d->message);
		free(d->note);
	}
}

void
diag_addv(diag_list *list, diag_severity sev, diag_code code, src_pos pos,
          const char *fmt, va_list ap)
{
	if (sev == DIAG_WARNING && list->strict)
		sev = DIAG_ERROR;
	if (list->count == list->cap)
		list->items = xgrow(list->items, &list->cap, list->count + 1, sizeof(*list->items));
	diag *d = &list->items[list->count++];
	d->code = code;
	d->severity = sev;
	d->pos = pos;
	d->message = xvasprintf(fmt, ap);
	d->note = NULL;
	if (sev == DIAG_ERROR)
		list->errors++;
	else if (sev == DIAG_WARNING)
		list->warnings++;
}

void
diag_add(diag_list *list, diag_severity sev, diag_code code, src_pos pos,
         const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_addv(list, sev, code, pos, fmt, ap);
	va_end(ap);
}

void
diag_error(diag_list *list, diag_code code, src_pos pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_addv(list, DIAG_ERROR, code, pos, fmt, ap);
	va_end(ap);
}

void
diag_warning(diag_list *list, diag_code code, src_pos pos, const char *fmt,
             ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_addv(list, DIAG_WARNING, code, pos, fmt, ap);
	va_end(ap);
}

void
diag_note(diag_list *list, const char *fmt, ...)
{
	if (list->count == 0)
		return;
	diag *d = &list->items[list->count - 1];
	va_list ap;
	va_start(ap, fmt);
	char *note = xvasprintf(fmt, ap);
	va_end(ap);
	free(d->note);
	d->note = note;
}

/* Does a line end at byte i of text: a '\n', or a '\r' not followed by
 * '\n' (a classic Mac OS file)? As in src/load/srcmap.c, so that both
 * agree on what line 12 is. */
static int
ends_line(const char *text, size_t len, size_t i)
{
	return text[i] == '\n' ||
	       (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n'));
}

/* Where each line of s's text starts. */
static void
index_lines(diag_source *s)
{
	size_t n = 1;
	for (size_t i = 0; i < s->len; i++)
		n += ends_line(s->text, s->len, i);
	s->lines = xmalloc(n * sizeof(*s->lines));
	s->lines[0] = 0;
	s->nlines = 1;
	for (size_t i = 0; i < s->len; i++)
		if (ends_line(s->text, s->len, i))
			s->lines[s->nlines++] = i + 1;
}

/* The source registered under path, or a new one without a text. */
static diag_source *
source_of(diag_list *list, const char *path)
{
	for (size_t i = 0; i < list->nsources; i++)
		if (strcmp(list->sources[i].path, path) == 0)
			return &list->sources[i];
	list->sources = xgrow(list->sources, &list->capsources,
	                      list->nsources + 1, sizeof(*list->sources));
	diag_source *s = &list->sources[list->nsources++];
	memset(s, 0, sizeof(*s));
	s->path = xstrdup(path);
	return s;
}

/* Give s the text (malloc'd, NUL-terminated; taken), if it has none. */
static void
set_text(diag_source *s, char *text, size_t len)
{
	if (s->text || s->borrowed) {
		free(text);
		return;
	}
	s->text = text;
	s->len = len;
	index_lines(s);
	s->cur_line = 0;
}

const char *
diag_source_add(diag_list *list, const char *path, const char *text,
                size_t len)
{
	diag_source *s = source_of(list, path);
	if (text && !s->text && !s->borrowed) {
		char *copy = xmalloc(len + 1);
		memcpy(copy, text, len);
		copy[len] = '\0';
		set_text(s, copy, len);
	}
	return s->path;
}

void
diag_source_take(diag_list *list, const char *path, char *text, size_t len)
{
	set_text(source_of(list, path), text, len);
}

static diag_source *
find_source(diag_list *list, const char *path)
{
	for (size_t i = 0; i < list->nsources; i++)
		if (list->sources[i].path == path ||
		    strcmp(list->sources[i].path, path) == 0)
			return &list->sources[i];
	return NULL;
}

void
diag_source_share(diag_list *list, const diag_list *from)
{
	for (size_t i = 0; i < from->nsources; i++) {
		if (list->nsources == list->capsources)
			list->sources = xgrow(list->sources, &list->capsources, list->nsources + 1, sizeof(*list->sources));
		diag_source *s = &list->sources[list->nsources++];
		*s = from->sources[i];
		s->borrowed = 1;
	}
}

const char *
diag_source_line(const diag_list *list, const char *path, int line,
                 size_t *rest)
{
	if (!path || line <= 0)
		return NULL;
	for (size_t i = 0; i < list->nsources; i++) {
		const diag_source *s = &list->sources[i];
		if (s->path != path && strcmp(s->path, path) != 0)
			continue;
		if (!s->text || (size_t)line > s->nlines)
			return NULL;
		size_t at = s->lines[line - 1];
		*rest = s->len - at;
		return s->text + at;
	}
	return NULL;
}

const char *
diag_source_char(diag_list *list, const char *path, int line, int col,
                 size_t *rest)
{
	if (!path || line <= 0)
		return NULL;
	diag_source *s = find_source(list, path);
	if (!s || !s->text || (size_t)line > s->nlines)
		return NULL;
	size_t at = s->lines[line - 1];
	size_t end = (size_t)line < s->nlines ? s->lines[line] : s->len;
	if (end > at && s->text[end - 1] == '\n')
		end--;
	if (end > at && s->text[end - 1] == '\r')
		end--;
	int c = 1;
	if (s->cur_line == line && s->cur_col <= col && s->cur_col > 0) {
		at = s->cur_byte;
		c = s->cur_col;
	}
	for (; c < col && at < end; c++) {
		at++;
		while (at < end && ((unsigned char)s->text[at] & 0xC0) == 0x80)
			at++;
	}
	s->cur_line = line;
	s->cur_col = c;
	s->cur_byte = at;
	*rest = end - at;
	return s->text + at;
}

static size_t
source_index(const diag_list *list, const char *path)
{
	if (!path)
		return 0; /* messages without a file come first */
	for (size_t i = 0; i < list->nsources; i++)
		if (list->sources[i].path == path ||
		    strcmp(list->sources[i].path, path) == 0)
			return i + 1;
	return list->nsources + 1;
}

typedef struct sort_key {
	size_t file;
	int line, col;
	size_t i; /* the order added, which breaks ties: a stable sort */
} sort_key;

static int
key_cmp(const void *pa, const void *pb)
{
	const sort_key *a = pa, *b = pb;
	if (a->file != b->file)
		return a->file < b->file ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

void
diag_sort(diag_list *list)
{
	/* n log n: a long report may have a hundred thousand messages. */
	size_t n = list->count;
	if (n < 2)
		return;
	sort_key *k = xmalloc(n * sizeof(*k));
	for (size_t i = 0; i < n; i++) {
		const src_pos *p = &list->items[i].pos;
		k[i].file = i > 0 && p->file == list->items[i - 1].pos.file
		                    ? k[i - 1].file
		                    : source_index(list, p->file);
		k[i].line = p->line;
		k[i].col = p->col;
		k[i].i = i;
	}
	qsort(k, n, sizeof(*k), key_cmp);
	diag *sorted = xmalloc(list->cap * sizeof(*sorted));
	for (size_t i = 0; i < n; i++)
		sorted[i] = list->items[k[i].i];
	free(list->items);
	list->items = sorted;
	free(k);
}

const char *
diag_code_name(diag_code code)
{
	if ((unsigned)code < DIAG_CODE_COUNT && code_names[code])
		return code_names[code];
	return "unknown";
}

/* What the printer remembers from one message to the next: the source
 * line shown last and a character of it, so that messages sorted along
 * one long line do not each walk it from its start. */
typedef struct print_state {
	const char *file; /* the line shown last, or NULL */
	int line;
	int ok; /* it could be shown: start and len */
	const char *start;
	size_t len;
	int cur_col; /* a column of it (1-based) and its byte */
	size_t cur_byte;
} print_state;

/* Find line (1-based) of a registered source; return its start and length
 * without its line break. Constant time, from the line index. */
static int
source_line(const diag_list *list, const char *path, int line,
            const char **start, size_t *len)
{
	if (!path || line <= 0)
		return 0;
	for (size_t i = 0; i < list->nsources; i++) {
		const diag_source *s = &list->sources[i];
		if (s->path != path && strcmp(s->path, path) != 0)
			continue;
		if (!s->text)
			continue;
		if ((size_t)line > s->nlines)
			return 0;
		const char *p = s->text + s->lines[line - 1];
		const char *e = (size_t)line < s->nlines
		                ? s->text + s->lines[line] : s->text + s->len;
		if (p >= s->text + s->len)
			return 0;
		if (e > p && e[-1] == '\n')
			e--;
		if (e > p && e[-1] == '\r')
			e--;
		*start = p;
		*len = (size_t)(e - p);
		return 1;
	}
	return 0;
}

/* How the character at p (before e) is shown: its text in rep (NUL-
 * terminated) and its width in columns; return the bytes it takes. A
 * control character is escaped (\x1b), never written raw, so that a
 * file cannot drive the terminal; an invisible one (a no-break space, a
 * zero-width space, a text-direction mark) is shown as <U+00A0>, so that
 * it can be seen; a bad byte is U+FFFD. A tab stays a tab. */
static size_t
show_char(const char *p, const char *e, char rep[16], int *width)
{
	unsigned char b = (unsigned char)*p;
	*width = 1;
	if (b == '\t' || (b >= 0x20 && b < 0x7F)) {
		rep[0] = (char)b;
		rep[1] = '\0';
		return 1;
	}
	if (b < 0x80) {
		snprintf(rep, 16, "\\x%02x", b);
		*width = 4;
		return 1;
	}
	uint32_t cp;
	size_t k = utf8_decode(p, (size_t)(e - p), &cp);
	if (k == 0) {
		strcpy(rep, "\xEF\xBF\xBD");
		return 1;
	}
	if (cp < 0xA0 || utf8_invisible_name(cp)) {
		*width = snprintf(rep, 16, "<U+%04X>", (unsigned)cp);
		return k;
	}
	memcpy(rep, p, k);
	rep[k] = '\0';
	return k;
}

/* The first character of s (before e) that utf8_invisible_name names, or
 * 0. */
static uint32_t
first_invisible(const char *s, const char *e)
{
	while (s < e) {
		uint32_t cp;
		size_t k = utf8_decode(s, (size_t)(e - s), &cp);
		if (k == 0)
			k = 1;
		else if (cp >= 0x80 && utf8_invisible_name(cp))
			return cp;
		s += k;
	}
	return 0;
}

/* Write s with its characters shown as show_char does. */
static void
put_shown(const char *s, FILE *out)
{
	const char *e = s + strlen(s);
	while (s < e) {
		char rep[16];
		int w;
		s += show_char(s, e, rep, &w);
		fputs(rep, out);
	}
}

/* The start of the character before p (after start). */
static const char *
char_before(const char *start, const char *p)
{
	const char *q = p - 1;
	for (int n = 0;
	     n < 3 && q > start && ((unsigned char)*q & 0xC0) == 0x80; n++)
		q--;
	return q;
}

/* The code point of the character at p if utf8_invisible_name names it,
 * or 0. */
static uint32_t
invisible_at(const char *p, const char *e)
{
	uint32_t cp;
	if ((unsigned char)*p < 0x80 ||
	    utf8_decode(p, (size_t)(e - p), &cp) == 0)
		return 0;
	return utf8_invisible_name(cp) ? cp : 0;
}

/* The part of the line of d (ps->start, ps->len) that is shown: at most
 * LIMIT_DIAG_LINE_COLUMNS columns, a window around the caret. *from and
 * *to bound it, *caret is the character under the caret (the line's
 * start when d has no column). */
static void
excerpt_window(print_state *ps, const diag *d, const char **from,
               const char **caret, const char **to)
{
	const char *line = ps->start, *e = line + ps->len;
	/* The caret's byte, from the column shown last when it is on this
	 * line before it (messages are sorted), or from the line's start. */
	const char *c = line;
	int col = 1;
	if (ps->cur_col > 0 && ps->cur_col <= d->pos.col) {
		c = line + ps->cur_byte;
		col = ps->cur_col;
	}
	for (; col < d->pos.col && c < e; col++) {
		char rep[16];
		int w;
		c += show_char(c, e, rep, &w);
	}
	ps->cur_col = col;
	ps->cur_byte = (size_t)(c - line);
	if (d->pos.col <= 0)
		c = line;

	/* Half the room before the caret, the rest after it, and what is
	 * left after it before it again. */
	const int room = LIMIT_DIAG_LINE_COLUMNS;
	int used = 0;
	const char *f = c, *t = c;
	while (f > line) {
		char rep[16];
		int w;
		const char *q = char_before(line, f);
		show_char(q, e, rep, &w);
		if (used + w > room / 2)
			break;
		used += w;
		f = q;
	}
	while (t < e) {
		char rep[16];
		int w;
		size_t k = show_char(t, e, rep, &w);
		if (used + w > room)
			break;
		used += w;
		t += k;
	}
	while (t == e && f > line) {
		char rep[16];
		int w;
		const char *q = char_before(line, f);
		show_char(q, e, rep, &w);
		if (used + w > room)
			break;
		used += w;
		f = q;
	}
	*from = f;
	*caret = c;
	*to = t;
}

/* Print the window of the line of d that excerpt_window chose and a caret
 * under its column, with '…' where the line is cut. */
static void
print_excerpt(const print_state *ps, const diag *d, const char *from,
              const char *c, const char *to, FILE *out, int color,
              const char *reset)
{
	const char *line = ps->start, *e = line + ps->len;
	fprintf(out, "%5d | %s", d->pos.line,
	        from > line ? "\xE2\x80\xA6" : "");
	for (const char *p = from; p < to;) {
		char rep[16];
		int w;
		p += show_char(p, e, rep, &w);
		fputs(rep, out);
	}
	fputs(to < e ? "\xE2\x80\xA6\n" : "\n", out);
	if (d->pos.col <= 0)
		return;
	fputs(from > line ? "      |  " : "      | ", out);
	/* Tabs stay tabs, so that the caret lines up under them. */
	for (const char *p = from; p < c;) {
		char rep[16];
		int w;
		p += show_char(p, e, rep, &w);
		if (rep[0] == '\t')
			fputc('\t', out);
		else
			fprintf(out, "%*s", w, "");
	}
	fprintf(out, "%s^%s\n", color ? "\033[1;32m" : "", reset);
}

/* Where the YAML token at caret c (in the line start..e) ends: past the
 * closing quote of a quoted scalar; else before ': ', ' #' and, in a
 * line with a '[' or '{' before c, before ',', ']' and '}', without the
 * spaces before that. Return the number of characters from c. */
static int
token_chars(const char *start, const char *c, const char *e)
{
	const char *p = c;
	if (p < e && (*p == '"' || *p == '\'')) {
		char q = *p++;
		while (p < e && *p != q)
			p += (q == '"' && *p == '\\' && p + 1 < e) ? 2 : 1;
		if (p < e)
			p++;
	} else {
		int flow = memchr(start, '[', (size_t)(c - start)) ||
		           memchr(start, '{', (size_t)(c - start));
		const char *last = p;
		while (p < e) {
			if (*p == ':' && (p + 1 == e || p[1] == ' '))
				break;
			if (*p == ' ' && p + 1 < e && p[1] == '#')
				break;
			if (flow && (*p == ',' || *p == ']' || *p == '}'))
				break;
			p++;
			if (p[-1] != ' ' && p[-1] != '\t')
				last = p;
		}
		p = last;
	}
	int n = 0;
	for (const char *q = c; q < p; n++) {
		uint32_t cp;
		size_t k = utf8_decode(q, (size_t)(p - q), &cp);
		q += k ? k : 1;
	}
	return n;
}

/* What both formats show of one diagnostic besides its own fields. */
typedef struct diag_view {
	int end_col;     /* past the token at the caret; 0: unknown */
	uint32_t hidden; /* an invisible character to explain, or 0 */
} diag_view;

/* The view of d; *window is set when its line can be shown (then from,
 * caret and to bound the part shown). */
static diag_view
view_of(const diag_list *list, const diag *d, print_state *ps, int *window,
        const char **from, const char **caret, const char **to)
{
	diag_view v = {0, 0};
	if (!ps->file || ps->line != d->pos.line ||
	    (ps->file != d->pos.file &&
	     (!d->pos.file || strcmp(ps->file, d->pos.file) != 0))) {
		ps->file = d->pos.file;
		ps->line = d->pos.line;
		ps->cur_col = 0;
		ps->ok = source_line(list, d->pos.file, d->pos.line, &ps->start,
		                     &ps->len);
	}
	*window = ps->ok;
	uint32_t in_line = 0;
	if (ps->ok) {
		const char *e = ps->start + ps->len;
		excerpt_window(ps, d, from, caret, to);
		for (const char *p = *from; p < *to && !in_line;) {
			char rep[16];
			int w;
			in_line = invisible_at(p, e);
			p += show_char(p, e, rep, &w);
		}
		if (d->pos.col > 0)
			v.end_col = d->pos.col + token_chars(ps->start, *caret, e);
	}
	v.hidden = first_invisible(d->message, d->message + strlen(d->message));
	if (!v.hidden && d->note)
		v.hidden = first_invisible(d->note, d->note + strlen(d->note));
	/* An invisible character in the line shown may be the cause of a
	 * message that cannot know it (a no-break space after a ':' makes
	 * the line a text, not a key); one that names a character (its
	 * "(U+...)") has said what it is. */
	if (!v.hidden && in_line && !strstr(d->message, "(U+") &&
	    (!d->note || !strstr(d->note, "(U+")))
		v.hidden = in_line;
	return v;
}

/* The note on an invisible character cp, for both formats. */
static void
hidden_note(char *text, size_t size, uint32_t cp)
{
	snprintf(text, size,
	         "<U+%04X> above is %s (U+%04X), an invisible character that "
	         "often comes in with text pasted from a word processor or a "
	         "web page; delete it, or type an ordinary space in its place",
	         (unsigned)cp, utf8_invisible_name(cp), (unsigned)cp);
}

static const char *const sev_name[] = {"note", "warning", "error"};

/* diag_print, remembering the line shown in ps. */
static void
print_one(const diag_list *list, const diag *d, FILE *out, int color,
          print_state *ps)
{
	static const char *const sev_color[] = {"\033[1;36m", "\033[1;35m",
	                                        "\033[1;31m"};
	const char *bold = color ? "\033[1m" : "";
	const char *reset = color ? "\033[0m" : "";

	fputs(bold, out);
	if (d->pos.file) {
		put_shown(d->pos.file, out);
		if (d->pos.line > 0) {
			fprintf(out, ":%d", d->pos.line);
			if (d->pos.col > 0)
				fprintf(out, ":%d", d->pos.col);
		}
		fputs(": ", out);
	} else {
		fputs("carec-report: ", out);
	}
	fprintf(out, "%s%s:%s%s ", color ? sev_color[d->severity] : "",
	        sev_name[d->severity], reset, bold);
	put_shown(d->message, out);
	fprintf(out, "%s\n", reset);

	int window;
	const char *from = NULL, *caret = NULL, *to = NULL;
	diag_view v = view_of(list, d, ps, &window, &from, &caret, &to);
	if (window)
		print_excerpt(ps, d, from, caret, to, out, color, reset);
	if (d->note) {
		fprintf(out, "%snote:%s ", color ? sev_color[DIAG_NOTE] : "",
		        reset);
		put_shown(d->note, out);
		fputc('\n', out);
	}
	if (v.hidden) {
		char text[512];
		hidden_note(text, sizeof(text), v.hidden);
		fprintf(out, "%snote:%s %s\n", color ? sev_color[DIAG_NOTE] : "",
		        reset, text);
	}
}

void
diag_print(const diag_list *list, const diag *d, FILE *out, int color)
{
	print_state ps;
	memset(&ps, 0, sizeof(ps));
	print_one(list, d, out, color, &ps);
}

/* "N errors", for the line on messages not shown. */
static void
put_count(FILE *out, size_t n, const char *what, int *first, int last)
{
	if (!n)
		return;
	if (!*first)
		fputs(last ? " and " : ", ", out);
	fprintf(out, "%zu more %s%s", n, what, n == 1 ? "" : "s");
	*first = 0;
}

/* Which diagnostics both formats show: at most LIMIT_DIAG_PRINTED,
 * errors before warnings before notes when there are more, each in the
 * list's order. Return NULL when all are shown, else a flag per
 * diagnostic (the caller frees it) and the count of each severity left
 * out in left. */
static unsigned char *
select_shown(const diag_list *list, size_t left[3])
{
	size_t limit = LIMIT_DIAG_PRINTED;
	left[0] = left[1] = left[2] = 0;
	if (list->count <= limit)
		return NULL;
	unsigned char *show = xcalloc(list->count, 1);
	size_t n = 0;
	for (int sev = DIAG_ERROR; sev >= DIAG_NOTE; sev--)
		for (size_t i = 0; i < list->count; i++) {
			if ((int)list->items[i].severity != sev)
				continue;
			if (n < limit) {
				show[i] = 1;
				n++;
			} else {
				left[sev]++;
			}
		}
	return show;
}

void
diag_print_all(const diag_list *list, FILE *out, int color)
{
	size_t left[3];
	unsigned char *show = select_shown(list, left);
	print_state ps;
	memset(&ps, 0, sizeof(ps));
	for (size_t i = 0; i < list->count; i++)
		if (!show || show[i])
			print_one(list, &list->items[i], out, color, &ps);
	if (show) {
		int first = 1;
		fputs("carec-report: ", out);
		put_count(out, left[DIAG_ERROR], "error", &first,
		          !left[DIAG_WARNING] && !left[DIAG_NOTE]);
		put_count(out, left[DIAG_WARNING], "warning", &first,
		          !left[DIAG_NOTE]);
		put_count(out, left[DIAG_NOTE], "note", &first, 1);
		fprintf(out,
		        " not shown (the first %zu messages are above); fix "
		        "those and check again\n",
		        (size_t)LIMIT_DIAG_PRINTED);
	}
	free(show);
}

/* Write s as a JSON string: quotes, backslashes and control characters
 * escaped, a byte that is not UTF-8 as U+FFFD; NULL as null. */
static void
put_json_string(const char *s, FILE *out)
{
	if (!s) {
		fputs("null", out);
		return;
	}
	const char *e = s + strlen(s);
	fputc('"', out);
	while (s < e) {
		unsigned char b = (unsigned char)*s;
		uint32_t cp;
		size_t k;
		if (b == '"' || b == '\\') {
			fputc('\\', out);
			fputc(b, out);
			s++;
		} else if (b < 0x20 || b == 0x7F) {
			fprintf(out, "\\u%04x", b);
			s++;
		} else if (b < 0x80) {
			fputc(b, out);
			s++;
		} else if ((k = utf8_decode(s, (size_t)(e - s), &cp)) == 0) {
			fputs("\\ufffd", out);
			s++;
		} else {
			fwrite(s, 1, k, out);
			s += k;
		}
	}
	fputc('"', out);
}

/* The text a note proposes in place of what was written: X of "did you
 * mean 'X'?", in buf; NULL when the note proposes none. */
static const char *
suggestion_of(const char *note, char *word, size_t size)
{
	static const char lead[] = "did you mean '";
	const char *p = note ? strstr(note, lead) : NULL;
	if (!p)
		return NULL;
	p += sizeof(lead) - 1;
	const char *q = strstr(p, "'?");
	if (!q || (size_t)(q - p) >= size || memchr(p, '\'', (size_t)(q - p)))
		return NULL;
	memcpy(word, p, (size_t)(q - p));
	word[q - p] = '\0';
	return word;
}

/* One diagnostic as a JSON object (see diag_print_json). */
static void
print_json_one(const diag_list *list, const diag *d, FILE *out,
               print_state *ps)
{
	int window;
	const char *from, *caret, *to;
	diag_view v = view_of(list, d, ps, &window, &from, &caret, &to);
	fputs("{\"file\": ", out);
	put_json_string(d->pos.file, out);
	if (d->pos.line > 0)
		fprintf(out, ", \"line\": %d", d->pos.line);
	else
		fputs(", \"line\": null", out);
	if (d->pos.line > 0 && d->pos.col > 0)
		fprintf(out, ", \"column\": %d", d->pos.col);
	else
		fputs(", \"column\": null", out);
	if (v.end_col > 0)
		fprintf(out, ", \"end_column\": %d", v.end_col);
	else
		fputs(", \"end_column\": null", out);
	fprintf(out, ", \"severity\": \"%s\", \"code\": \"%s\", \"message\": ",
	        sev_name[d->severity], diag_code_name(d->code));
	put_json_string(d->message, out);
	fputs(", \"notes\": [", out);
	if (d->note)
		put_json_string(d->note, out);
	if (v.hidden) {
		char text[512];
		hidden_note(text, sizeof(text), v.hidden);
		fputs(d->note ? ", " : "", out);
		put_json_string(text, out);
	}
	char sugg[256];
	fputs("], \"suggestion\": ", out);
	put_json_string(suggestion_of(d->note, sugg, sizeof(sugg)), out);
	fputc('}', out);
}

void
diag_print_json(const diag_list *list, FILE *out)
{
	size_t left[3];
	unsigned char *show = select_shown(list, left);
	print_state ps;
	memset(&ps, 0, sizeof(ps));
	fprintf(out, "{\"version\": 1, \"errors\": %zu, \"warnings\": %zu, "
	             "\"diagnostics\": [",
	        list->errors, list->warnings);
	const char *sep = "\n  ";
	for (size_t i = 0; i < list->count; i++)
		if (!show || show[i]) {
			fputs(sep, out);
			print_json_one(list, &list->items[i], out, &ps);
			sep = ",\n  ";
		}
	fprintf(out, "%s], \"not_shown\": {\"errors\": %zu, \"warnings\": %zu, "
	             "\"notes\": %zu}}\n",
	        list->count ? "\n" : "", left[DIAG_ERROR], left[DIAG_WARNING],
	        left[DIAG_NOTE]);
	free(show);
}

void
diag_copy(diag_list *to, const diag_list *from, const diag *d, src_pos pos)
{
	for (size_t k = 0; pos.file && k < from->nsources; k++)
		if (from->sources[k].path == pos.file &&
		    !from->sources[k].borrowed) {
			pos.file = diag_source_add(to, pos.file,
			                           from->sources[k].text,
			                           from->sources[k].len);
			break;
		}
	diag_add(to, d->severity, d->code, pos, "%s", d->message);
	if (d->note)
		diag_note(to, "%s", d->note);
}
