/*
 * data.c - data references: a report's facts written once, under 'data:',
 * and used in any text as {{ name }}.
 *
 *   data:
 *     founded: 2001
 *     anniversary: 2016
 *     head-office: {en: Almaty, ru: Алматы}
 *   content:
 *     - paragraph: Founded in {{ founded }}, {{ anniversary - founded }}
 *         years ago; head office in {{ head-office }}.
 *
 * A value is a whole number or a text (a language map picks the shown
 * language). An expression is a name, a whole number, or whole numbers
 * and names joined by +, - and * (the usual precedence; no brackets, no
 * division, no functions: a fact sheet needs sums, not a language).
 * References are replaced before inline markup is parsed, so a value may
 * carry markup and the result is typeset like the rest of the text.
 *
 * Every mistake is reported at the expression's own place in the YAML
 * file: on a one-line value from the column the loader gives, otherwise by
 * finding the same '{{' in the registered source text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_internal.h"
#include "util/limits.h"
#include "util/utf8.h"

typedef struct data_entry {
	const char *name;
	int is_number;
	long long number;
	const char *text;   /* the shown text (a number's digits too) */
	size_t len;
} data_entry;

struct mdata {
	data_entry *items;
	size_t count;
	const char **names; /* NULL-terminated, for did-you-mean */
	int reading;        /* 1 while 'data:' itself is read: no expansion */
	size_t added;       /* bytes references added, LIMIT_DATA_ADDED_BYTES */
};

/* ---- reading 'data:' ---- */

static int
name_byte(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '_' || ch >= 0x80;
}

/* A name starts with a letter and goes on with letters, digits, '_' and
 * single '-' between them ("head-office"). */
static int
valid_name(const char *s)
{
	unsigned char c0 = (unsigned char)s[0];
	if (!(c0 >= 0x80 || (c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z')))
		return 0;
	for (size_t i = 1; s[i]; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '-' && name_byte((unsigned char)s[i + 1]) && s[i + 1] != 0)
			continue;
		if (!name_byte(ch))
			return 0;
	}
	return 1;
}

int
model_data_name_valid(const char *name)
{
	return valid_name(name);
}

/* Parse s as a whole number within the data limit: optional sign, then
 * digits only. Return 0 and store it, or -1. */
static int
parse_number(const char *s, size_t len, long long *out)
{
	size_t i = 0;
	int neg = 0;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	if (i == len)
		return -1;
	long long v = 0;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
		if (v > LIMIT_DATA_VALUE)
			return -1;
	}
	*out = neg ? -v : v;
	return 0;
}

/* The digits of v; a negative number takes a true minus sign (U+2212). */
static const char *
number_text(model_ctx *c, long long v, size_t *len)
{
	char tmp[40];
	int n = v < 0 ? snprintf(tmp, sizeof(tmp), "\xE2\x88\x92%lld", -v)
	              : snprintf(tmp, sizeof(tmp), "%lld", v);
	*len = (size_t)n;
	return arena_strndup(c->mem, tmp, (size_t)n);
}

static const data_entry *
find(const struct mdata *d, const char *name, size_t len)
{
	for (size_t i = 0; d && i < d->count; i++)
		if (strlen(d->items[i].name) == len &&
		    memcmp(d->items[i].name, name, len) == 0)
			return &d->items[i];
	return NULL;
}

static void
read_pair(model_ctx *c, struct mdata *d, const node_pair *p, size_t cap)
{
	if (!valid_name(p->key)) {
		diag_error(c->diags, DIAG_VALUE, p->key_pos,
		           "'%s' cannot be a data name", p->key);
		diag_note(c->diags, "a name starts with a letter and has letters, "
		                    "digits, '_' and '-': founded, head-office");
		return;
	}
	if (find(d, p->key, strlen(p->key))) {
		diag_error(c->diags, DIAG_DUPLICATE_KEY, p->key_pos,
		           "the data name '%s' is given twice", p->key);
		diag_note(c->diags, "keep one of the two, or give this one "
		                    "another name");
		return;
	}
	if (d->count >= cap) {
		diag_error(c->diags, DIAG_LIMIT, p->key_pos,
		           "too many data names (the limit is %d)",
		           LIMIT_DATA_NAMES);
		return;
	}
	const node *v = p->value;
	if (v->kind == NODE_SEQ) {
		diag_error(c->diags, DIAG_TYPE, v->pos,
		           "expected a number or a text for '%s', got a list",
		           p->key);
		diag_note(c->diags, "a data value is one number or one text, such "
		                    "as 2001 or {en: Almaty, ru: Алматы}");
		return;
	}
	const char *s;
	if (mget_string(c, v, &s) != 0)
		return;
	data_entry *e = &d->items[d->count];
	/* The model's own copy: blocks read later (model_next_block) use
	 * the data after the tree is gone. */
	e->name = arena_strdup(c->mem, p->key);
	e->text = s;
	e->len = strlen(s);
	e->is_number = parse_number(s, e->len, &e->number) == 0;
	if (e->is_number)
		e->text = number_text(c, e->number, &e->len);
	d->names[d->count++] = e->name;
}

int
mdata_parse(model_ctx *c, const node *n)
{
	size_t errors = c->diags->errors;
	if (!n || mnode_is_null(n))
		return 0;
	if (n->kind == NODE_SCALAR) {
		diag_error(c->diags, DIAG_TYPE, n->pos,
		           "expected the report's data as names and values, got "
		           "a string");
		diag_note(c->diags, "write one name and value a line, such as "
		                    "founded: 2001, or {include: content/facts.yaml}");
		return -1;
	}
	struct mdata *d = arena_alloc(c->mem, sizeof(*d));
	d->items = arena_alloc(c->mem, LIMIT_DATA_NAMES * sizeof(*d->items));
	d->names = arena_alloc(c->mem, (LIMIT_DATA_NAMES + 1) *
	                               sizeof(*d->names));
	d->reading = 1;
	c->data = d;
	/* A map, or a list of maps (shared facts, then the report's own). */
	const node *const *maps = (const node *const *)&n;
	size_t nmaps = 1;
	if (n->kind == NODE_SEQ) {
		maps = (const node *const *)n->items;
		nmaps = n->nitems;
	}
	for (size_t m = 0; m < nmaps; m++) {
		if (mexpect_map(c, maps[m],
		                "a map of data names such as "
		                "founded: 2001") != 0)
			continue;
		for (size_t i = 0; i < maps[m]->npairs; i++)
			read_pair(c, d, &maps[m]->pairs[i], LIMIT_DATA_NAMES);
	}
	d->names[d->count] = NULL;
	d->reading = 0;
	return c->diags->errors > errors ? -1 : 0;
}

/* ---- positions ---- */

static const diag_source *
source_of(const diag_list *dl, const char *file)
{
	for (size_t i = 0; file && i < dl->nsources; i++)
		if (dl->sources[i].path == file ||
		    strcmp(dl->sources[i].path, file) == 0)
			return &dl->sources[i];
	return NULL;
}

/* The byte offset of 1-based line:col in text, or len if past it. */
static size_t
offset_of(const char *text, size_t len, int line, int col)
{
	size_t i = 0;
	for (int l = 1; l < line && i < len; i++)
		if (text[i] == '\n')
			l++;
	for (int k = 1; k < col && i < len && text[i] != '\n'; k++) {
		i++;
		while (i < len && ((unsigned char)text[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

/*
 * Where byte off of s (the text of scalar n) is in the file. The error is
 * inside the expression whose '{{' is the occ-th of s, at byte open. A
 * one-line value has its column from the loader. Otherwise the occ-th
 * '{{' from the value's start in the source is the same one (YAML leaves
 * braces alone), and the bytes up to off are compared to be sure; when
 * they differ (an expression folded over two lines) the '{{' is shown.
 */
static src_pos
locate(model_ctx *c, const node *n, const char *s, size_t occ, size_t open,
       size_t off)
{
	src_pos p = n->pos;
	if (s == n->str && n->nlines > 0)
		return node_pos_at(n, off); /* mapped line by line */
	if (n->content_col > 0 && !memchr(s, '\n', off)) {
		p.col = n->content_col + (int)utf8_count(s, off);
		return p;
	}
	const diag_source *src = source_of(c->diags, p.file);
	if (!src || !src->text || p.line <= 0)
		return p;
	const char *t = src->text;
	size_t i = offset_of(t, src->len, p.line, p.col > 0 ? p.col : 1);
	size_t k = 0, found = src->len;
	while (i + 1 < src->len) {
		if (t[i] == '{' && t[i + 1] == '{') {
			if (k++ == occ) {
				found = i;
				break;
			}
			i += 2;
		} else {
			i++;
		}
	}
	if (found == src->len)
		return p;
	size_t at = found, q = open;
	while (q < off && at < src->len && t[at] == s[q]) {
		at++;
		q++;
	}
	if (q < off)
		at = found;
	int line = 1;
	size_t ls = 0;
	for (size_t j = 0; j < at; j++)
		if (t[j] == '\n') {
			line++;
			ls = j + 1;
		}
	p.line = line;
	p.col = 1 + (int)utf8_count(t + ls, at - ls);
	return p;
}

/* ---- expressions ---- */

typedef struct expr {
	model_ctx *c;
	const node *n;
	const char *s;      /* the whole text */
	size_t occ, open;   /* which '{{', and where */
	size_t i, end;      /* the cursor and the '}}' */
} expr;

static src_pos
here(const expr *e, size_t off)
{
	return locate(e->c, e->n, e->s, e->occ, e->open, off);
}

static void
skip_space(expr *e)
{
	while (e->i < e->end && (e->s[e->i] == ' ' || e->s[e->i] == '\t' ||
	                         e->s[e->i] == '\n'))
		e->i++;
}

static const char *const syntax_note =
	"inside {{ }} write a name from 'data:', a whole number, or names and "
	"numbers joined by +, - and *";

/* Note how to fix an unknown name: a close name, a subtraction written
 * without spaces, or the names there are. */
static void
unknown_note(model_ctx *c, const char *name)
{
	const struct mdata *d = c->data;
	if (c->row) {
		/* merge: the row lacks the field, more likely than a typo. */
		diag_note(c->diags, "%s has no field '%s': add it to the data "
		          "file, or give it a value for every row under 'data:'",
		          c->row, name);
		return;
	}
	if (!d || d->count == 0) {
		diag_note(c->diags, "this report has no 'data:'; add it at the top, "
		                    "such as data: {founded: 2001}");
		return;
	}
	/* "anniversary-founded": every part between '-' is a known name. */
	if (strchr(name, '-')) {
		int all = 1;
		const char *p = name;
		while (all && *p) {
			size_t l = strcspn(p, "-");
			all = l > 0 && find(d, p, l) != NULL;
			p += l + (p[l] == '-');
		}
		if (all) {
			diag_note(c->diags, "to subtract, put spaces around the '-': "
			                    "{{ a - b }}");
			return;
		}
	}
	const char *near = mclosest(name, d->names);
	if (near) {
		diag_note(c->diags, "did you mean '%s'?", near);
		return;
	}
	buf b;
	buf_init(&b);
	for (size_t i = 0; i < d->count && i < 8; i++)
		buf_printf(&b, "%s'%s'", i == 0 ? "" : i + 1 == d->count ? " and "
		                                                       : ", ",
		           d->names[i]);
	diag_note(c->diags, "the names in 'data:' are %s%s", b.data,
	          d->count > 8 ? ", ..." : "");
	buf_free(&b);
}

/* One operand: a whole number or a name. Store its entry (NULL for a
 * number) and value. Return 0, or -1 after an error. */
static int
operand(expr *e, const data_entry **ent, long long *val, size_t *at,
        const char *after)
{
	skip_space(e);
	*at = e->i;
	*ent = NULL;
	if (e->i >= e->end) {
		if (after) {
			diag_error(e->c->diags, DIAG_MARKUP, here(e, e->i),
			           "expected a name or a number after '%s'", after);
		} else {
			diag_error(e->c->diags, DIAG_MARKUP, here(e, e->open),
			           "'{{ }}' is empty");
		}
		diag_note(e->c->diags, "%s", syntax_note);
		return -1;
	}
	unsigned char ch = (unsigned char)e->s[e->i];
	size_t start = e->i;
	if (ch >= '0' && ch <= '9') {
		while (e->i < e->end && e->s[e->i] >= '0' && e->s[e->i] <= '9')
			e->i++;
		if (parse_number(e->s + start, e->i - start, val) != 0) {
			diag_error(e->c->diags, DIAG_VALUE, here(e, start),
			           "the number %.*s is too large", (int)(e->i - start),
			           e->s + start);
			return -1;
		}
		return 0;
	}
	if (!name_byte(ch) || (ch >= '0' && ch <= '9') || ch == '_') {
		size_t l = 1;
		while (ch >= 0x80 && start + l < e->end &&
		       ((unsigned char)e->s[start + l] & 0xC0) == 0x80)
			l++;
		diag_error(e->c->diags, DIAG_MARKUP, here(e, start),
		           "unexpected '%.*s' in '{{ }}'", (int)l, e->s + start);
		diag_note(e->c->diags, "%s", syntax_note);
		return -1;
	}
	while (e->i < e->end &&
	       (name_byte((unsigned char)e->s[e->i]) ||
	        (e->s[e->i] == '-' && e->i + 1 < e->end &&
	         name_byte((unsigned char)e->s[e->i + 1]))))
		e->i++;
	const data_entry *d = find(e->c->data, e->s + start, e->i - start);
	if (!d) {
		char *name = arena_strndup(e->c->mem, e->s + start, e->i - start);
		diag_error(e->c->diags, DIAG_UNKNOWN_KEY, here(e, start),
		           "unknown name '%s'", name);
		unknown_note(e->c, name);
		return -1;
	}
	*ent = d;
	*val = d->number;
	return 0;
}

/* a op b within the data limit; 0, or -1 when too large. */
static int
arith(char op, long long a, long long b, long long *out)
{
	const long long lim = LIMIT_DATA_VALUE;
	if (op == '*') {
		long long ma = a < 0 ? -a : a, mb = b < 0 ? -b : b;
		if (ma != 0 && mb > lim / ma)
			return -1;
		*out = a * b;
	} else {
		*out = op == '+' ? a + b : a - b; /* both within 10^15 */
	}
	return *out > lim || *out < -lim ? -1 : 0;
}

static int
need_number(expr *e, const data_entry *d, size_t at, char op)
{
	if (!d || d->is_number)
		return 0;
	diag_error(e->c->diags, DIAG_TYPE, here(e, at),
	           "'%s' is a text, not a number; it cannot be used with '%c'",
	           d->name, op);
	diag_note(e->c->diags, "only whole numbers can be added, subtracted "
	                       "or multiplied");
	return -1;
}

/* Evaluate the expression between e->i and e->end; append its text to
 * out. Return 0, or -1 after an error. */
static int
evaluate(expr *e, buf *out)
{
	const data_entry *d;
	long long v, total = 0, term;
	size_t at, term_at;
	char sign = '+', op = 0;
	int terms = 0;
	const data_entry *first = NULL;
	for (;;) {
		char opname[2] = {op, 0};
		if (operand(e, &d, &term, &term_at, op ? opname : NULL))
			return -1;
		if (++terms > LIMIT_DATA_TERMS)
			goto too_many;
		const data_entry *term_ent = d;
		if (terms == 1)
			first = d;
		skip_space(e);
		while (e->i < e->end && e->s[e->i] == '*') {
			e->i++;
			if (need_number(e, term_ent, term_at, '*'))
				return -1;
			if (operand(e, &d, &v, &at, "*"))
				return -1;
			if (++terms > LIMIT_DATA_TERMS)
				goto too_many;
			if (need_number(e, d, at, '*'))
				return -1;
			if (arith('*', term, v, &term))
				goto too_large;
			term_ent = NULL;
			skip_space(e);
		}
		if (terms > 1 && need_number(e, term_ent, term_at, sign))
			return -1;
		if (arith(sign, total, term, &total))
			goto too_large;
		if (e->i >= e->end)
			break;
		char ch = e->s[e->i];
		if (ch == '/' || ch == '(' || ch == ')' || ch == '%' ||
		    ch == '^') {
			diag_error(e->c->diags, DIAG_MARKUP, here(e, e->i),
			           "'%c' cannot be used in '{{ }}'", ch);
			diag_note(e->c->diags, "only +, - and * work there; for "
			                       "anything else, give the result its "
			                       "own name in 'data:'");
			return -1;
		}
		if (ch != '+' && ch != '-') {
			diag_error(e->c->diags, DIAG_MARKUP, here(e, e->i),
			           "expected '+', '-', '*' or '}}' here");
			diag_note(e->c->diags, "%s", syntax_note);
			return -1;
		}
		if (terms == 1 && need_number(e, first, term_at, ch))
			return -1;
		sign = op = ch;
		e->i++;
	}
	if (terms == 1 && first && !first->is_number) {
		buf_put(out, first->text, first->len);
		return 0;
	}
	size_t len;
	const char *t = number_text(e->c, total, &len);
	buf_put(out, t, len);
	return 0;
too_many:
	diag_error(e->c->diags, DIAG_LIMIT, here(e, e->open),
	           "this expression has more than %d terms", LIMIT_DATA_TERMS);
	diag_note(e->c->diags, "give the result its own name in 'data:'");
	return -1;
too_large:
	diag_error(e->c->diags, DIAG_VALUE, here(e, e->open),
	           "the result of this expression is too large");
	return -1;
}

int
mdata_expand(model_ctx *c, const node *n, const char *s, size_t len,
             const char **out, size_t *out_len)
{
	*out = s;
	*out_len = len;
	if (c->data && c->data->reading)
		return 0;
	const char *first = NULL;
	for (size_t i = 0; i + 1 < len && !first; i++)
		if (s[i] == '{' && s[i + 1] == '{')
			first = s + i;
	if (!first)
		return 0;
	buf b;
	buf_init(&b);
	int rc = 0;
	size_t occ = 0, i = 0;
	while (i < len) {
		if (s[i] == '\\' && i + 1 < len && s[i + 1] == '\\') {
			buf_put(&b, s + i, 2);
			i += 2;
			continue;
		}
		if (s[i] == '\\' && i + 2 < len && s[i + 1] == '{' &&
		    s[i + 2] == '{') {
			buf_puts(&b, "{{");
			occ++;
			i += 3;
			continue;
		}
		if (!(s[i] == '{' && i + 1 < len && s[i + 1] == '{')) {
			buf_putc(&b, s[i++]);
			continue;
		}
		size_t close = i + 2;
		while (close + 1 < len && !(s[close] == '}' && s[close + 1] == '}'))
			close++;
		expr e = {c, n, s, occ, i, i + 2, close};
		if (close + 1 >= len) {
			diag_error(c->diags, DIAG_MARKUP, here(&e, i),
			           "'{{' is never closed with '}}'");
			diag_note(c->diags, "end the reference with '}}', or write "
			                    "\\{{ for the braces themselves");
			rc = -1;
			break;
		}
		size_t before = b.len;
		if (evaluate(&e, &b) != 0)
			rc = -1;
		/* What the reference adds beyond its own source text. */
		size_t grew = b.len - before;
		size_t own = close + 2 - i;
		size_t add = grew > own ? grew - own : 0;
		if (b.len > (size_t)LIMIT_DATA_TEXT_BYTES) {
			diag_error(c->diags, DIAG_LIMIT, here(&e, i),
			           "with its data references filled in, this text "
			           "is longer than %ld bytes (LIMIT_DATA_TEXT_BYTES)",
			           LIMIT_DATA_TEXT_BYTES);
			diag_note(c->diags, "refer to long values fewer times, or "
			                    "write the text out and split it into "
			                    "several paragraphs");
			rc = -1;
			break;
		}
		if (c->data && add > (size_t)LIMIT_DATA_ADDED_BYTES -
		                         c->data->added) {
			diag_error(c->diags, DIAG_LIMIT, here(&e, i),
			           "the data references of the report add more than "
			           "%ld bytes of text in all (LIMIT_DATA_ADDED_BYTES)",
			           LIMIT_DATA_ADDED_BYTES);
			diag_note(c->diags, "data is for short facts (a year, a "
			                    "name) used a few times; write long "
			                    "texts out where they belong");
			rc = -1;
			break;
		}
		if (c->data)
			c->data->added += add;
		occ++;
		i = close + 2;
	}
	if (rc == 0) {
		*out_len = b.len;
		*out = arena_strndup(c->mem, b.data ? b.data : "", b.len);
	}
	buf_free(&b);
	return rc;
}
