/*
 * syntax.c - libyaml's parse errors, explained for people who do not
 * write YAML for a living.
 *
 * libyaml's messages ("did not find expected key while parsing a block
 * mapping") describe its parser, not the mistake. Each case below looks at
 * the problem, its context and the source text around the marks to name
 * the likely mistake and how to fix it. libyaml's words stay in the note.
 */
#include "load/load_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "util/utf8.h"

typedef struct explained {
	src_pos pos;
	char *msg;   /* owned */
	char *hint;  /* owned */
} explained;

static int
has(const char *s, const char *part)
{
	return s && strstr(s, part) != NULL;
}

/* The first byte at pos, or 0 at the end of the text. */
static char
byte_at(const srcmap *m, src_pos pos)
{
	size_t off = srcmap_offset(m, pos);
	return off < m->len ? m->text[off] : '\0';
}

/* Leading spaces and tabs of a line, in characters; *tab_col gets the
 * column of the first tab among them, or 0. -1 for a blank line. */
static int
indent_of(const srcmap *m, int line, int *tab_col)
{
	const char *s;
	size_t len, i;
	*tab_col = 0;
	if (!srcmap_line(m, line, &s, &len))
		return -1;
	for (i = 0; i < len && (s[i] == ' ' || s[i] == '\t'); i++)
		if (s[i] == '\t' && !*tab_col)
			*tab_col = (int)i + 1;
	if (i == len)
		return -1;
	return (int)i;
}

/* The nearest line above line that holds something other than a comment,
 * or 0. */
static int
prev_content_line(const srcmap *m, int line)
{
	for (int l = line - 1; l >= 1; l--) {
		int tab;
		int ind = indent_of(m, l, &tab);
		const char *s;
		size_t len;
		if (ind < 0 || !srcmap_line(m, l, &s, &len))
			continue;
		if (s[ind] != '#')
			return l;
	}
	return 0;
}

/* Does s[0..len) hold a ':' that ends a key (followed by a blank or the
 * end of the line)? */
static int
has_key_colon(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] == ':' && (i + 1 == len || s[i + 1] == ' ' ||
		                    s[i + 1] == '\t'))
			return 1;
	return 0;
}

static void
set(explained *e, src_pos pos, char *msg, const char *hint)
{
	e->pos = pos;
	e->msg = msg;
	e->hint = xstrdup(hint);
}

static const char generic_hint[] =
	"check this line and the lines above it: indentation with spaces "
	"only, a ':' after each key, a '- ' before each list item, and a "
	"closing quote for each opening quote";

static void
explain_tab(const srcmap *m, src_pos pm, explained *e)
{
	int tab_col;
	src_pos pos = pm;
	indent_of(m, pm.line, &tab_col);
	if (tab_col)
		pos.col = tab_col;
	set(e, pos, xstrdup("this line is indented with a tab, but YAML "
	                    "allows only spaces for indentation"),
	    "replace the tab with spaces (for example 2 spaces for each "
	    "level); many editors can show tabs and turn them into spaces");
}

static void
explain_missing_colon(const srcmap *m, src_pos at, explained *e)
{
	(void)m;
	set(e, at, xstrdup("this line has no ':', but YAML expected a "
	                   "'key: value' line here"),
	    "put a ':' and a space after the key, like 'title: My report'; "
	    "if this line continues the text of the line above, indent it "
	    "more than the key above or put the whole text in quotes");
}

static void
explain_unclosed_quote(const srcmap *m, src_pos at, explained *e)
{
	char q = byte_at(m, at);
	if (q != '"' && q != '\'')
		q = '"';
	e->pos = at;
	e->msg = xasprintf("this quote (%c) is never closed", q);
	e->hint = xasprintf("add the closing %c at the end of the text; to "
	                    "write the quote itself inside the text, double it "
	                    "in single quotes ('Don''t') or write \\\" in "
	                    "double quotes", q);
}

static void
explain_no_key(const srcmap *m, const yaml_parser_t *p, src_pos pm,
               src_pos cm, const quote_hint *q, explained *e)
{
	int want_key = has(p->problem, "expected key");
	int tab, ind = indent_of(m, pm.line, &tab);
	size_t off = srcmap_offset(m, pm);
	char c = off < m->len ? m->text[off] : '\0';
	char next = off + 1 < m->len ? m->text[off + 1] : '\n';
	int dash = c == '-' && (next == ' ' || next == '\n' || next == '\r' ||
	                        next == '\t');

	if (q && q->valid && q->start.line < q->end_line &&
	    q->end_line == pm.line) {
		char qc = byte_at(m, q->start);
		e->pos = q->start;
		e->msg = xasprintf("this quote (%c) is not closed where it should "
		                   "be: the quoted text runs on until line %d",
		                   qc == '\'' ? '\'' : '"', q->end_line);
		e->hint = xstrdup("add the missing closing quote at the end of "
		                  "the text; inside '...' write an apostrophe as "
		                  "'' (like 'Don''t')");
		return;
	}
	if (want_key && dash) {
		set(e, pm, xstrdup("a list item ('- ') is here, where YAML "
		                   "expected a 'key: value' line"),
		    "a list belongs under a key: write the key with a ':' on the "
		    "line above (like 'items:') and indent the items under it; "
		    "or remove the '- ' if this is not a list item");
		return;
	}
	/* Text right after a closing quote: 'Don't' or "a" b. */
	for (size_t i = off; i > 0; i--) {
		char b = m->text[i - 1];
		if (b == ' ' || b == '\t')
			continue;
		if (b == '"' || b == '\'') {
			set(e, pm, xstrdup("there is more text after the closing "
			                   "quote"),
			    "a quoted text ends at its closing quote; inside '...' "
			    "write an apostrophe as '' (like 'Don''t'), or put the "
			    "whole text in double quotes");
			return;
		}
		break;
	}
	if (ind >= 0 && pm.col == ind + 1) {
		if (want_key) {
			e->pos = pm;
			e->msg = xstrdup("the indentation of this line does not match "
			                 "the lines above it");
			e->hint = xasprintf("keys that belong together must start in "
			                    "the same column (YAML was reading the "
			                    "keys that start at line %d, column %d); "
			                    "indent this line with spaces to line up "
			                    "with the keys it belongs with",
			                    cm.line, cm.col);
		} else if (dash) {
			set(e, pm, xstrdup("this list item is not lined up with the "
			                   "items above it"),
			    "start every '- ' of one list in the same column");
		} else {
			set(e, pm, xstrdup("a 'key: value' line is here, in a list "
			                   "where every item must start with '- '"),
			    "start the line with '- ' to make it a new item; if it "
			    "belongs to the item above, indent it to line up with "
			    "that item's first key");
		}
		return;
	}
	set(e, pm, xasprintf("unexpected text here; YAML expected %s",
	                     want_key ? "a new key" : "a new list item"),
	    generic_hint);
}

static void
explain_colon(const srcmap *m, src_pos pm, explained *e)
{
	const char *s;
	size_t len;
	int tab, ind = indent_of(m, pm.line, &tab);

	if (srcmap_line(m, pm.line, &s, &len)) {
		size_t before = srcmap_offset(m, pm) - (size_t)(s - m->text);
		if (ind >= 0 && before > (size_t)ind &&
		    has_key_colon(s + ind, before - (size_t)ind)) {
			set(e, pm, xstrdup("this text contains ': ', which YAML "
			                   "reads as the start of another key"),
			    "put the whole value in quotes, like: "
			    "text: \"Note: this is it\"");
			return;
		}
	}
	int prev = prev_content_line(m, pm.line);
	const char *ps;
	size_t plen;
	int ptab, pind = prev ? indent_of(m, prev, &ptab) : -1;
	if (prev && pind >= 0 && srcmap_line(m, prev, &ps, &plen)) {
		src_pos at = {m->path, pm.line, ind + 1};
		if (ind > pind && has_key_colon(ps, plen)) {
			set(e, at, xstrdup("this line is indented more than the "
			                   "line above it"),
			    "line it up with the keys above it; if it belongs "
			    "under the line above, leave that line's value empty "
			    "(only 'key:') so that it can hold keys of its own");
			return;
		}
		if (!has_key_colon(ps, plen) && ps[pind] != '-') {
			at.line = prev;
			at.col = pind + 1;
			explain_missing_colon(m, at, e);
			return;
		}
	}
	set(e, pm, xstrdup("a ':' is not allowed here"),
	    "if the ':' is part of the text, put the whole text in quotes");
}

/* The first character utf8_invisible_name names on lines from..to that
 * can upset YAML, in *cp and *pos: a line separator anywhere, another
 * one where YAML wants a space (in the indentation, after a ':' or a
 * '-', before a ':'); 1, or 0 when there is none. A no-break space in a
 * French text is fine. */
static int
find_invisible(const srcmap *m, int from, int to, uint32_t *cp, src_pos *pos)
{
	for (int l = from; l <= to; l++) {
		const char *s;
		size_t len;
		if (!srcmap_line(m, l, &s, &len))
			continue;
		int col = 1, lead = 1;
		for (size_t i = 0; i < len; col++) {
			size_t k = utf8_decode(s + i, len - i, cp);
			if (k == 0)
				k = 1;
			const char *name =
			        k > 1 ? utf8_invisible_name(*cp) : NULL;
			if (name &&
			    (lead || *cp == 0x2028 || *cp == 0x2029 ||
			     *cp == 0x85 ||
			     (i > 0 && (s[i - 1] == ':' || s[i - 1] == '-')) ||
			     (i + k < len && s[i + k] == ':'))) {
				pos->file = m->path;
				pos->line = l;
				pos->col = col;
				return 1;
			}
			if (!name && s[i] != ' ' && s[i] != '\t')
				lead = 0;
			i += k;
		}
	}
	return 0;
}

/*
 * An invisible character where YAML stumbled: a no-break space or a
 * line separator pasted from a word processor looks like a space or a
 * line break, but YAML reads a line separator as the end of a line and a
 * no-break space as text, so that the mistake it reports is not the one
 * on the screen. Named with its code point, where it is, when it lies on
 * the lines the problem concerns (those of the two marks and the line of
 * text above); otherwise the explanation stands.
 */
static void
explain_invisible(const srcmap *m, src_pos pm, src_pos cm, explained *e)
{
	int from = pm.line, to = pm.line;
	if (cm.line > 0 && cm.line < from)
		from = cm.line;
	int prev = prev_content_line(m, from);
	if (prev > 0)
		from = prev;
	if (pm.line - from > 20)
		from = pm.line - 20; /* a quoted text run on over pages */
	uint32_t cp;
	src_pos at;
	if (!find_invisible(m, from, to, &cp, &at))
		return;
	const char *name = utf8_invisible_name(cp);
	free(e->msg);
	free(e->hint);
	e->pos = at;
	if (cp == 0x2028 || cp == 0x2029 || cp == 0x85) {
		e->msg = xasprintf(
		        "this line contains %s (U+%04X), an invisible "
		        "character that YAML reads as the end of a "
		        "line",
		        name, (unsigned)cp);
		e->hint =
		        xstrdup("delete it (press Enter instead if a new line "
		                "is meant); it often comes in with text pasted "
		                "from a word processor");
		return;
	}
	e->msg = xasprintf("this line contains %s (U+%04X), an invisible "
	                   "character that YAML does not read as a space",
	                   name, (unsigned)cp);
	e->hint = xstrdup("type an ordinary space in its place, or delete it "
	                  "(in indentation and after a ':' or a '-', YAML "
	                  "needs ordinary spaces); it often comes in with text "
	                  "pasted from a word processor or a web page");
}

void
load_syntax_error(const srcmap *m, const yaml_parser_t *p,
                  const quote_hint *q, diag_list *diags)
{
	const char *problem = p->problem ? p->problem : "unknown problem";
	const char *context = p->context;
	explained e = {{m->path, 0, 0}, NULL, NULL};
	src_pos pm, cm;

	if (p->error == YAML_READER_ERROR) {
		pm = srcmap_pos_byte(m, p->problem_offset);
		cm = pm;
	} else {
		pm = srcmap_pos(m, p->problem_mark.index);
		cm = context ? srcmap_pos(m, p->context_mark.index) : pm;
	}

	int tab;
	indent_of(m, pm.line, &tab);
	if (p->error == YAML_MEMORY_ERROR) {
		set(&e, pm, xstrdup("out of memory while reading the YAML"),
		    "the file is too big for this computer");
	} else if (p->error == YAML_READER_ERROR) {
		set(&e, pm, xstrdup("this character cannot be read"),
		    "delete it, or save the file again as UTF-8 text");
	} else if (has(problem, "tab") ||
	           (has(problem, "cannot start any token") &&
	            byte_at(m, pm) == '\t') ||
	           tab) {
		explain_tab(m, pm, &e);
	} else if (has(problem, "could not find expected ':'")) {
		explain_missing_colon(m, cm, &e);
	} else if (has(context, "quoted scalar") &&
	           has(problem, "unexpected")) {
		explain_unclosed_quote(m, cm, &e);
	} else if (has(problem, "unknown escape")) {
		size_t off = srcmap_offset(m, pm);
		size_t n = 1;
		if (off + 1 < m->len) {
			uint32_t cp;
			size_t k = utf8_decode(m->text + off + 1, m->len - off - 1, &cp);
			n += k ? k : 1;
		}
		e.pos = pm;
		e.msg = xasprintf("'%.*s' is not a valid escape in double-quoted "
		                  "text", (int)n, off < m->len ? m->text + off : "");
		e.hint = xstrdup("a backslash in \"...\" starts an escape like "
		                 "\\n; write \\\\ for a backslash, or use single "
		                 "quotes ('...'), where a backslash is an ordinary "
		                 "character");
	} else if (has(problem, "did not find expected key") ||
	           has(problem, "did not find expected '-' indicator")) {
		explain_no_key(m, p, pm, cm, q, &e);
	} else if (has(problem, "mapping values are not allowed")) {
		explain_colon(m, pm, &e);
	} else if (has(problem, "block sequence entries are not allowed")) {
		set(&e, pm, xstrdup("a list item ('- ') cannot start on the same "
		                    "line as its key"),
		    "put each '- item' on a line of its own below the key, "
		    "indented; if the '-' is part of the text, put the text in "
		    "quotes");
	} else if (has(context, "an alias") || has(context, "an anchor")) {
		char c = byte_at(m, cm);
		e.pos = cm;
		e.msg = xasprintf("a value that starts with '%c' must be followed "
		                  "by a name, because YAML reads it as %s", c,
		                  has(context, "alias") ? "an alias" : "an anchor");
		e.hint = xasprintf("if the '%c' is part of the text, put the whole "
		                   "text in quotes, like: \"%c see below\"", c, c);
	} else if (has(problem, "cannot start any token")) {
		size_t off = srcmap_offset(m, pm);
		uint32_t cp;
		size_t k = off < m->len ?
			utf8_decode(m->text + off, m->len - off, &cp) : 0;
		e.pos = pm;
		e.msg = xasprintf("a value cannot start with '%.*s'",
		                  (int)(k ? k : 0), k ? m->text + off : "");
		e.hint = xstrdup("put the whole text in quotes, like: "
		                 "\"@team\"");
	} else if (has(problem, "expected ',' or ']'") ||
	           has(problem, "expected ',' or '}'")) {
		int list = has(problem, "']'");
		e.pos = cm;
		e.msg = xasprintf("the %s that opens with '%c' here is not "
		                  "closed properly", list ? "list" : "mapping",
		                  list ? '[' : '{');
		e.hint = xasprintf("separate the items with ', ' and close with "
		                   "'%c'; if the brackets are part of the text, "
		                   "put the whole text in quotes", list ? ']' : '}');
	} else if (has(problem, "did not find expected node content")) {
		set(&e, pm, xstrdup("a value is missing here"), generic_hint);
	} else {
		set(&e, pm, xstrdup("the YAML structure is broken here"),
		    generic_hint);
	}

	if (p->error != YAML_MEMORY_ERROR && m->invisible)
		explain_invisible(m, pm, cm, &e);

	diag_error(diags, p->error == YAML_MEMORY_ERROR ? DIAG_INTERNAL :
	           DIAG_YAML_SYNTAX, e.pos, "%s", e.msg);
	if (context)
		diag_note(diags, "%s (libyaml: %s %s, at line %d column %d)",
		          e.hint, problem, context, pm.line, pm.col);
	else
		diag_note(diags, "%s (libyaml: %s, at line %d column %d)", e.hint,
		          problem, pm.line, pm.col);
	free(e.msg);
	free(e.hint);
}
