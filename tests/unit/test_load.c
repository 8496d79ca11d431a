/* test_load.c - the loader: positions, errors, includes, aliases, limits. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "load/load.h"
#include "util/limits.h"
#include "util/mem.h"

static diag_list D;
static arena A;
static node *R;
static int RC;

static void
reset(void)
{
	diag_free(&D);
	arena_free(&A);
	diag_init(&D);
	arena_init(&A);
	R = NULL;
}

static int
load_n(const char *s, size_t n)
{
	reset();
	RC = load_buffer(&R, &A, "t.yaml", s, n, NULL, &D);
	return RC;
}

static int
load_s(const char *s)
{
	return load_n(s, strlen(s));
}

static int
load_path(const char *path)
{
	reset();
	RC = load_file(&R, &A, path, NULL, &D);
	return RC;
}

static void
dump_diags(void)
{
	diag_print_all(&D, stderr, 0);
}

/* Assert diagnostic i: code, severity error, line and column. */
#define CHECK_DIAG(i, c, l, co)                                            \
	do {                                                                   \
		size_t i_ = (i);                                                   \
		CHECK(D.count > i_);                                               \
		if (D.count > i_) {                                                \
			CHECK(D.items[i_].code == (c));                                \
			CHECK(D.items[i_].severity == DIAG_ERROR);                     \
			CHECK(D.items[i_].pos.line == (l));                            \
			CHECK(D.items[i_].pos.col == (co));                            \
			if (D.items[i_].code != (c) || D.items[i_].pos.line != (l) ||  \
			    D.items[i_].pos.col != (co))                               \
				dump_diags();                                              \
		}                                                                  \
	} while (0)

#define CHECK_MSG(i, part)                                                 \
	do {                                                                   \
		size_t i_ = (i);                                                   \
		CHECK(D.count > i_ && strstr(D.items[i_].message, (part)));       \
		if (!(D.count > i_ && strstr(D.items[i_].message, (part))))        \
			dump_diags();                                                  \
	} while (0)

#define CHECK_NOTE(i, part)                                                \
	CHECK(D.count > (i) && D.items[i].note &&                              \
	      strstr(D.items[i].note, (part)))

/* ---- temporary files ---- */

static char tmpdir[64];
static char *made[2048];
static size_t nmade;

static const char *
tmp_path(const char *name)
{
	static char p[4][512];
	static int k;
	k = (k + 1) % 4;
	snprintf(p[k], sizeof(p[k]), "%s/%s", tmpdir, name);
	return p[k];
}

static void
write_file(const char *name, const char *text)
{
	const char *path = tmp_path(name);
	FILE *f = fopen(path, "wb");
	if (!f) {
		perror(path);
		exit(2);
	}
	fputs(text, f);
	fclose(f);
	if (nmade < sizeof(made) / sizeof(made[0]))
		made[nmade++] = xstrdup(path);
}

static void
tmp_cleanup(void)
{
	for (size_t i = nmade; i > 0; i--) {
		remove(made[i - 1]);
		free(made[i - 1]);
	}
	remove(tmp_path("sub"));
	rmdir(tmpdir);
}

/* ---- positions ---- */

TEST(positions_basic)
{
	CHECK(load_s("title: Hello world\nitems:\n  - one\n  - \"two\"\n") == 0);
	CHECK(D.count == 0);
	CHECK(R && R->kind == NODE_MAP && R->npairs == 2);
	if (!R || R->npairs != 2)
		return;
	CHECK(R->pos.line == 1 && R->pos.col == 1);
	CHECK_STR(R->pairs[0].key, "title");
	CHECK(R->pairs[0].key_pos.line == 1 && R->pairs[0].key_pos.col == 1);
	const node *t = R->pairs[0].value;
	CHECK_STR(t->str, "Hello world");
	CHECK(t->len == 11);
	CHECK(t->pos.line == 1 && t->pos.col == 8);
	CHECK(t->style == NODE_PLAIN && t->content_col == 8);
	CHECK_STR(t->pos.file, "t.yaml");
	const node *items = node_get(R, "items");
	CHECK(items && items->kind == NODE_SEQ && items->nitems == 2);
	if (!items || items->nitems != 2)
		return;
	CHECK(items->pos.line == 3 && items->pos.col == 3);
	CHECK(R->pairs[1].key_pos.line == 2 && R->pairs[1].key_pos.col == 1);
	CHECK(items->items[0]->pos.line == 3 && items->items[0]->pos.col == 5);
	CHECK(items->items[1]->pos.line == 4 && items->items[1]->pos.col == 5);
	CHECK(items->items[1]->style == NODE_QUOTED);
	CHECK(items->items[1]->content_col == 6);
}

TEST(positions_cyrillic_columns)
{
	/* Columns count characters, not bytes: "заголовок: " is 11
	 * characters but 20 bytes. */
	CHECK(load_s("заголовок: Привет мир\nk: \"мир\"\n") == 0);
	const node *v = node_get(R, "заголовок");
	CHECK(v != NULL);
	if (!v)
		return;
	CHECK(v->pos.line == 1 && v->pos.col == 12);
	CHECK(v->content_col == 12);
	const node *k = node_get(R, "k");
	CHECK(k && k->pos.line == 2 && k->pos.col == 4 && k->content_col == 5);
	CHECK(k && k->len == 6);
	/* An error after Cyrillic text is at the character column too. */
	load_s("заголовок: x: y\n");
	CHECK_DIAG(0, DIAG_YAML_SYNTAX, 1, 13);
}

TEST(positions_unicode_line_breaks)
{
	/* libyaml breaks lines at U+0085 too; our lines are '\n' lines, as
	 * the diagnostic printer counts them. */
	CHECK(load_s("a: 1\xC2\x85" "b: x\nc: y\n") == 0);
	CHECK(R && R->npairs == 3);
	if (!R || R->npairs != 3)
		return;
	CHECK(R->pairs[1].key_pos.line == 1 && R->pairs[1].key_pos.col == 6);
	CHECK(R->pairs[2].key_pos.line == 2 && R->pairs[2].key_pos.col == 1);
	/* CRLF line ends: columns are unaffected. */
	CHECK(load_s("a: 1\r\nb: two\r\n") == 0);
	const node *b = node_get(R, "b");
	CHECK(b && b->pos.line == 2 && b->pos.col == 4 && b->content_col == 4);
}

TEST(content_col_cases)
{
	CHECK(load_s("a: \"x\\ty\"\nb: 'it''s'\nc: |\n  block\nd: &x hi there\n"
	             "e: multi\n  line\nf: 'plain'\ng: !!str yes\nh: yes\n"
	             "i: \"yes\"\n") == 0);
	const node *n;
	CHECK((n = node_get(R, "a")) && n->style == NODE_QUOTED &&
	      n->content_col == 0 && strcmp(n->str, "x\ty") == 0);
	CHECK((n = node_get(R, "b")) && n->content_col == 0 &&
	      strcmp(n->str, "it's") == 0);
	CHECK((n = node_get(R, "c")) && n->style == NODE_BLOCK &&
	      n->content_col == 0 && strcmp(n->str, "block\n") == 0);
	CHECK((n = node_get(R, "d")) && n->style == NODE_PLAIN &&
	      n->pos.col == 4 && n->content_col == 7);
	CHECK((n = node_get(R, "e")) && n->content_col == 0 &&
	      strcmp(n->str, "multi line") == 0);
	CHECK((n = node_get(R, "f")) && n->content_col == 5);
	CHECK((n = node_get(R, "g")) && n->style == NODE_QUOTED);
	CHECK((n = node_get(R, "h")) && n->style == NODE_PLAIN);
	CHECK((n = node_get(R, "i")) && n->style == NODE_QUOTED);
}

TEST(node_helpers)
{
	CHECK(load_s("a: 1\nb: [x]\n") == 0);
	CHECK(node_get(R, "a") && strcmp(node_get(R, "a")->str, "1") == 0);
	CHECK(node_get(R, "zz") == NULL);
	CHECK(node_get(node_get(R, "b"), "x") == NULL);
	CHECK(node_get(NULL, "a") == NULL);
	CHECK_STR(node_kind_name(NODE_SCALAR), "a string");
	CHECK_STR(node_kind_name(NODE_MAP), "a mapping");
	CHECK_STR(node_kind_name(NODE_SEQ), "a list");
}

/* ---- syntax errors ---- */

TEST(syntax_tab_indent)
{
	CHECK(load_s("a:\n\tb: 1\n") == -1);
	CHECK(D.count == 1);
	CHECK_DIAG(0, DIAG_YAML_SYNTAX, 2, 1);
	CHECK_MSG(0, "tab");
	CHECK_NOTE(0, "spaces");
	CHECK_NOTE(0, "libyaml");
	load_s("a:\n  b: 1\n  \tc: 2\n");
	CHECK_DIAG(0, DIAG_YAML_SYNTAX, 3, 3);
	CHECK_MSG(0, "tab");
}

TEST(syntax_missing_colon)
{
	/* libyaml notices on line 3; the mistake is on line 2. */
	CHECK(load_s("title: x\nsubtitle y\nz: 1\n") == -1);
	CHECK(D.count == 1);
	CHECK_DIAG(0, DIAG_YAML_SYNTAX, 2, 1);
	CHECK_MSG(0, "no ':'");
	CHECK_NOTE(0, "could not find expected ':'");
	load_s("a\nb: 1\n");
	CHECK_DIAG(0, DIAG_YAML_SYNTAX, 1, 1);
	CHECK_MSG(0, "no ':'");
}

TEST(syntax_bad_indent)
{
	CHECK(load_s("a:\n  b: 1\n   c: 2\n") == -1);
	CHECK_DIAG(0, DIAG_YAML_SYNTAX, 3, 4);
	CHECK_MSG(0, "indented more");
	CHECK(load_s("a:\n  b: 1\n c: 2\n") == -1);
	CHECK_DIAG(0, DIAG_YAML_SYNTAX, 3, 2);
	CHECK_MSG(0, "indentation");
	CHECK(load_s("content:\n  - a\n  b: 1\n") == -1);
	CHECK_DIAG(0, DIAG_YAML_SYNTAX, 3, 3);
	CHECK_MSG(0, "'- '");
}

TEST(syntax_unclosed_quote)
{
	CHECK(load_s("a: \"hello\nb: 2\n") == -1);
	CHECK(D.count == 1);
	CHECK_DIAG(0, DIAG_YAML_SYNTAX, 1, 4);
	CHECK_MSG(0, "never closed");
	load_s("a: \"x\nb: 1\nc: \"y\"\n");
	CHECK_DIAG(0, DIAG_YAML_SYNTAX, 1, 4);
	CHECK_MSG(0, "until line 3");
	load_s("a: 'Don't panic'\n");
	CHECK_DIAG(0, DIAG_YAML_SYNTAX, 1, 9);
	CHECK_MSG(0, "after the closing quote");
}

TEST(syntax_dash_where_key)
{
	CHECK(load_s("a: 1\n- b\n") == -1);
	CHECK_DIAG(0, DIAG_YAML_SYNTAX, 2, 1);
	CHECK_MSG(0, "list item");
	load_s("a: - b\n");
	CHECK_DIAG(0, DIAG_YAML_SYNTAX, 1, 4);
	CHECK_MSG(0, "same line");
}

TEST(syntax_other)
{
	load_s("text: Note: this\n");
	CHECK_DIAG(0, DIAG_YAML_SYNTAX, 1, 11);
	CHECK_MSG(0, "': '");
	load_s("a: * see\n");
	CHECK_DIAG(0, DIAG_YAML_SYNTAX, 1, 4);
	CHECK_MSG(0, "'*'");
	load_s("a: @team\n");
	CHECK_DIAG(0, DIAG_YAML_SYNTAX, 1, 4);
	CHECK_MSG(0, "'@'");
	load_s("a: [1, 2\nb: 3\n");
	CHECK_DIAG(0, DIAG_YAML_SYNTAX, 1, 4);
	CHECK_MSG(0, "'['");
	load_s("a: \"C:\\q\"\n");
	CHECK_DIAG(0, DIAG_YAML_SYNTAX, 1, 7);
	CHECK_MSG(0, "\\q");
	load_s("a: \x01\n");
	CHECK_DIAG(0, DIAG_YAML_SYNTAX, 1, 4);
	CHECK_MSG(0, "U+0001");
	/* The file stops at its first syntax error. */
	load_s("a: 1\n- b\nc: d: e\n");
	CHECK(D.count == 1);
}

TEST(empty_and_documents)
{
	CHECK(load_s("") == -1);
	CHECK_DIAG(0, DIAG_YAML_SYNTAX, 0, 0);
	CHECK_MSG(0, "no YAML document");
	CHECK(load_s("# only a comment\n\n") == -1);
	CHECK_MSG(0, "no YAML document");
	CHECK(R == NULL);
	CHECK(load_s("a: 1\n---\nb: 2\n") == -1);
	CHECK(D.count == 1);
	CHECK_DIAG(0, DIAG_YAML_SYNTAX, 2, 1);
	CHECK_MSG(0, "second YAML document");
	CHECK(load_s("---\na: 1\n...\n") == 0);
}

/* ---- UTF-8 ---- */

TEST(utf8_invalid)
{
	CHECK(load_s("title: ok\na: caf\xE9 au lait\n") == -1);
	CHECK(D.count == 1);
	CHECK_DIAG(0, DIAG_UTF8, 2, 7);
	CHECK_MSG(0, "0xE9");
	CHECK_NOTE(0, "UTF-8");
	/* Column in characters after Cyrillic; a truncated sequence. */
	load_s("к: д\xD0 x\n");
	CHECK_DIAG(0, DIAG_UTF8, 1, 5);
	CHECK_MSG(0, "0xD0");
	load_s("a: \xE2\x82 x\n");
	CHECK_DIAG(0, DIAG_UTF8, 1, 4);
	CHECK_MSG(0, "0xE2 0x82");
	/* Overlong and surrogate encodings are invalid too. */
	load_s("a: \xC0\xAF\n");
	CHECK_DIAG(0, DIAG_UTF8, 1, 4);
	load_s("a: \xED\xA0\x80\n");
	CHECK_DIAG(0, DIAG_UTF8, 1, 4);
	load_s("\xFF\xFE" "a\0");
	CHECK_DIAG(0, DIAG_UTF8, 0, 0); /* the file, not a line of it */
	CHECK_MSG(0, "UTF-16 (little-endian)");
}

TEST(wide_encodings_named)
{
	/* Each byte order mark, and UTF-16 and UTF-32 without one: UTF-32
	 * LE's mark starts with UTF-16 LE's. */
	static const struct {
		const char *bytes;
		size_t len;
		const char *name;
	} cases[] = {
	        {"\xFF\xFE\0\0a\0\0\0", 8, "UTF-32 (little-endian)"},
	        {"\0\0\xFE\xFF\0\0\0a", 8, "UTF-32 (big-endian)"},
	        {"\xFF\xFE"
	         "a\0:\0",
	         6, "UTF-16 (little-endian)"},
	        {"\xFE\xFF\0a\0:", 6, "UTF-16 (big-endian)"},
	        {"a\0\0\0:\0\0\0", 8, "UTF-32 (little-endian)"},
	        {"\0\0\0a\0\0\0:", 8, "UTF-32 (big-endian)"},
	        {"a\0:\0", 4, "UTF-16 (little-endian)"},
	        {"\0a\0:", 4, "UTF-16 (big-endian)"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK(load_n(cases[i].bytes, cases[i].len) == -1);
		CHECK(D.count == 1);
		CHECK_DIAG(0, DIAG_UTF8, 0, 0);
		CHECK_MSG(0, cases[i].name);
	}
}

TEST(cr_line_ends_count)
{
	/* A lone CR ends a line (classic Mac OS); CRLF is one line end. */
	CHECK(load_s("a: 1\rb: 2\rc: *nope\r") == -1);
	CHECK(D.count == 1 && D.items[0].pos.line == 3 &&
	      D.items[0].pos.col == 4);
	CHECK(load_s("a: 1\r\nb: 2\rc: 3\r\nd: 4\n") == 0);
	const node *d = node_get(R, "d");
	CHECK(d && d->pos.line == 4 && d->pos.col == 4);
	const node *c = node_get(R, "c");
	CHECK(c && c->pos.line == 3 && c->pos.col == 4);
}

TEST(positions_on_one_long_line)
{
	/* Flow style on one line, with multi-byte characters: every node's
	 * column counts characters (checkpoints every SRCMAP_MARK_EVERY). */
	buf b;
	buf_init(&b);
	buf_puts(&b, "{");
	for (int i = 0; i < 2000; i++)
		buf_puts(&b, i ? ", \xD0\xBA" : "\xD0\xBA");
	buf_puts(&b, "x: \"\xE2\x80\x94\"}\n");
	/* Keys кк..., so that each node's column is known: key i starts at
	 * character 2 + 3 i (", к" before it). */
	reset();
	buf c;
	buf_init(&c);
	buf_puts(&c, "{");
	for (int i = 0; i < 2000; i++) {
		char k[32];
		snprintf(k, sizeof(k), "%s\xD0\xBA%d: \xE2\x80\x94",
		         i ? ", " : "", i);
		buf_puts(&c, k);
	}
	buf_puts(&c, "}\n");
	CHECK(load_n(c.data, c.len) == 0);
	CHECK(R && R->kind == NODE_MAP && R->npairs == 2000);
	size_t col = 2;
	for (size_t i = 0; R && i < R->npairs; i++) {
		char k[32];
		int n = snprintf(k, sizeof(k), "%zu", i);
		CHECK(R->pairs[i].key_pos.line == 1);
		CHECK(R->pairs[i].key_pos.col == (int)col);
		/* "кN: —" then ", " */
		CHECK(R->pairs[i].value->pos.col == (int)col + 1 + n + 2);
		CHECK(R->pairs[i].value->content_col == (int)col + 1 + n + 2);
		col += 1 + (size_t)n + 2 + 1 + 2;
	}
	buf_free(&b);
	buf_free(&c);
}

TEST(folded_scalar_map)
{
	CHECK(load_s("k: >\n  one two\n  three\n\n  four\n    more\n") == 0);
	const node *k = node_get(R, "k");
	CHECK(k && k->nlines == 4);
	/* "one two three\nfour\n  more\n" */
	CHECK_STR(k->str, "one two three\nfour\n  more\n");
	src_pos p = node_pos_at(k, 4); /* "two" */
	CHECK(p.line == 2 && p.col == 7);
	p = node_pos_at(k, 8); /* "three" */
	CHECK(p.line == 3 && p.col == 3);
	p = node_pos_at(k, 14); /* "four" */
	CHECK(p.line == 5 && p.col == 3);
	p = node_pos_at(k, 21); /* "more" */
	CHECK(p.line == 6 && p.col == 5);
	/* Plain text over lines, and a literal block. */
	CHECK(load_s("a: first\n  second\nb: |\n  x\n   y\n") == 0);
	const node *a = node_get(R, "a");
	CHECK(a && a->nlines == 2);
	p = node_pos_at(a, 6); /* "second" */
	CHECK(p.line == 2 && p.col == 3);
	const node *bb = node_get(R, "b");
	p = node_pos_at(bb, 3); /* "y" after " " */
	CHECK(p.line == 5 && p.col == 4);
	/* Escapes: no map, the value's position. */
	CHECK(load_s("a: \"one\\ttwo\n  three\"\n") == 0);
	a = node_get(R, "a");
	CHECK(a && a->nlines == 0);
	p = node_pos_at(a, 8);
	CHECK(p.line == 1 && p.col == 4);
}

TEST(utf8_nul_and_bom)
{
	CHECK(load_n("a: 1\nb: \0x\n", 10) == -1);
	CHECK_DIAG(0, DIAG_UTF8, 2, 4);
	CHECK_MSG(0, "NUL");
	CHECK(load_s("a: \"x\\0y\"\n") == -1);
	CHECK_DIAG(0, DIAG_UTF8, 1, 4);
	CHECK(load_s("\xEF\xBB\xBFkey: value\n") == 0);
	CHECK(R && R->npairs == 1 && strcmp(R->pairs[0].key, "key") == 0);
	CHECK(R && R->pairs[0].key_pos.col == 1);
	CHECK(R && R->pairs[0].value->pos.col == 6);
}

/* ---- keys ---- */

TEST(duplicate_keys)
{
	CHECK(load_s("a: 1\nb: 2\na: 3\nc:\n  x: 1\n  x: 2\n  x: 3\n") == -1);
	CHECK(D.count == 3);
	/* A mapping is checked when it ends, so the inner one comes first. */
	CHECK_DIAG(0, DIAG_DUPLICATE_KEY, 6, 3);
	CHECK_MSG(0, "'x'");
	CHECK_NOTE(0, "line 5");
	CHECK_DIAG(1, DIAG_DUPLICATE_KEY, 7, 3);
	CHECK_NOTE(1, "line 5");
	CHECK_DIAG(2, DIAG_DUPLICATE_KEY, 3, 1);
	CHECK_MSG(2, "'a'");
	CHECK_NOTE(2, "line 1");
	/* The same key in different mappings is fine. */
	CHECK(load_s("- a: 1\n- a: 2\n") == 0);
}

TEST(non_scalar_keys)
{
	CHECK(load_s("[a, b]: c\nd: e\n") == -1);
	CHECK(D.count == 1);
	CHECK_DIAG(0, DIAG_TYPE, 1, 1);
	CHECK_MSG(0, "a list");
	CHECK(load_s("ok: 1\n? {x: 1}\n: c\n") == -1);
	CHECK_DIAG(0, DIAG_TYPE, 2, 3);
	CHECK_MSG(0, "a mapping");
	/* An alias to a scalar is a fine key. */
	CHECK(load_s("a: &k name\n*k : 2\n") == 0);
	CHECK(node_get(R, "name") != NULL);
}

TEST(tags)
{
	CHECK(load_s("a: !foo x\nb: !!int 3\n") == 0);
	CHECK(D.count == 1 && D.items[0].severity == DIAG_WARNING);
	CHECK(D.count == 1 && D.items[0].pos.line == 1 &&
	      D.items[0].pos.col == 4);
	CHECK_MSG(0, "!foo");
}

/* ---- aliases ---- */

TEST(alias_expansion)
{
	CHECK(load_s("a: &x\n  k: v\n  l: [1, 2]\nb: *x\nc: *x\n") == 0);
	const node *a = node_get(R, "a"), *b = node_get(R, "b");
	CHECK(a && b && a != b && b->kind == NODE_MAP && b->npairs == 2);
	if (!a || !b || b->npairs != 2)
		return;
	CHECK(b->pos.line == 4 && b->pos.col == 4);
	CHECK_STR(node_get(b, "k")->str, "v");
	CHECK(node_get(b, "l")->nitems == 2);
	/* A deep copy: the inner nodes are not shared. */
	CHECK(node_get(b, "l") != node_get(a, "l"));
	/* Inner nodes keep their anchor's positions. */
	CHECK(node_get(b, "k")->pos.line == 2);
	/* Redefining an anchor is allowed; the latest one wins. */
	CHECK(load_s("a: &x 1\nb: &x 2\nc: *x\n") == 0);
	CHECK_STR(node_get(R, "c")->str, "2");
}

TEST(alias_undefined)
{
	CHECK(load_s("a: 1\nb: *nope\nc: *nope\n") == -1);
	CHECK(D.count == 2);
	CHECK_DIAG(0, DIAG_ALIAS, 2, 4);
	CHECK_MSG(0, "*nope");
	CHECK_DIAG(1, DIAG_ALIAS, 3, 4);
	/* An alias used before its anchor is defined. */
	load_s("a: *x\nb: &x 1\n");
	CHECK_DIAG(0, DIAG_ALIAS, 1, 4);
	/* An alias inside its own anchor's node. */
	load_s("a: &x [1, *x]\n");
	CHECK(D.count == 1);
	CHECK_DIAG(0, DIAG_ALIAS, 1, 11);
	CHECK_MSG(0, "inside");
}

TEST(alias_bomb)
{
	/* Sizes: l1 11 nodes, l2 111, l3 1111, l4 11111. After l1..l4 the
	 * aliases have made 12340 nodes; each *l4 adds 11111, so the 8th on
	 * line 6 would pass LIMIT_ALIAS_NODES. */
	const char *bomb =
		"l0: &l0 lol\n"
		"l1: &l1 [*l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0]\n"
		"l2: &l2 [*l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1]\n"
		"l3: &l3 [*l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2]\n"
		"l4: &l4 [*l3, *l3, *l3, *l3, *l3, *l3, *l3, *l3, *l3, *l3]\n"
		"l5: &l5 [*l4, *l4, *l4, *l4, *l4, *l4, *l4, *l4, *l4, *l4]\n"
		"l6: &l6 [*l5, *l5, *l5, *l5, *l5, *l5, *l5, *l5, *l5, *l5]\n"
		"l7: &l7 [*l6, *l6, *l6, *l6, *l6, *l6, *l6, *l6, *l6, *l6]\n"
		"l8: &l8 [*l7, *l7, *l7, *l7, *l7, *l7, *l7, *l7, *l7, *l7]\n"
		"l9: &l9 [*l8, *l8, *l8, *l8, *l8, *l8, *l8, *l8, *l8, *l8]\n";
	CHECK(load_s(bomb) == -1);
	CHECK(D.count == 1);
	CHECK_DIAG(0, DIAG_LIMIT, 6, 45);
	CHECK_MSG(0, "LIMIT_ALIAS_NODES");
	CHECK_MSG(0, "100000");
	CHECK(A.used_total < 64u * 1024 * 1024);
}

/* ---- limits ---- */

TEST(limit_nesting)
{
	buf b;
	buf_init(&b);
	for (int i = 0; i < LIMIT_NESTING_DEPTH; i++)
		buf_putc(&b, '[');
	for (int i = 0; i < LIMIT_NESTING_DEPTH; i++)
		buf_putc(&b, ']');
	CHECK(load_s(b.data) == 0);
	buf_free(&b);
	for (int i = 0; i < 100000; i++)
		buf_putc(&b, '[');
	CHECK(load_s(b.data) == -1);
	CHECK(D.count == 1);
	CHECK_DIAG(0, DIAG_LIMIT, 1, LIMIT_NESTING_DEPTH + 1);
	CHECK_MSG(0, "LIMIT_NESTING_DEPTH is 64");
	buf_free(&b);
	/* Block style, mappings: key k on line i is at depth i. */
	for (int i = 0; i <= LIMIT_NESTING_DEPTH; i++) {
		for (int j = 0; j < i; j++)
			buf_putc(&b, ' ');
		buf_puts(&b, "k:\n");
	}
	for (int j = 0; j <= LIMIT_NESTING_DEPTH; j++)
		buf_putc(&b, ' ');
	buf_puts(&b, "x: 1\n");
	CHECK(load_s(b.data) == -1);
	CHECK_DIAG(0, DIAG_LIMIT, LIMIT_NESTING_DEPTH + 1,
	           LIMIT_NESTING_DEPTH + 1);
	buf_free(&b);
	/* Aliases cannot be used to nest deeper either: the anchored list
	 * is 40 deep, and the alias sits 41 deep. */
	buf_puts(&b, "[&x ");
	for (int i = 0; i < 40; i++)
		buf_putc(&b, '[');
	buf_putc(&b, '1');
	for (int i = 0; i < 40; i++)
		buf_putc(&b, ']');
	buf_puts(&b, ", ");
	for (int i = 0; i < 40; i++)
		buf_putc(&b, '[');
	buf_puts(&b, "*x");
	for (int i = 0; i < 41; i++)
		buf_putc(&b, ']');
	CHECK(load_s(b.data) == -1);
	CHECK(D.count == 1);
	CHECK_DIAG(0, DIAG_LIMIT, 1, 128);
	CHECK_MSG(0, "LIMIT_NESTING_DEPTH");
	buf_free(&b);
}

TEST(limit_scalar)
{
	size_t n = (size_t)LIMIT_SCALAR_BYTES;
	char *s = xmalloc(n + 16);
	memcpy(s, "a: ", 3);
	memset(s + 3, 'x', n);
	s[3 + n] = '\n';
	CHECK(load_n(s, n + 4) == 0);
	CHECK(R && node_get(R, "a") && node_get(R, "a")->len == n);
	s[3 + n] = 'x';
	s[4 + n] = '\n';
	CHECK(load_n(s, n + 5) == -1);
	CHECK(D.count == 1);
	CHECK_DIAG(0, DIAG_LIMIT, 1, 4);
	CHECK_MSG(0, "LIMIT_SCALAR_BYTES");
	free(s);
}

/* ---- includes ---- */

TEST(include_basic_and_splice)
{
	write_file("main.yaml", "title: T\ncontent:\n  - include: part.yaml\n"
	           "  - x\n  - {include: one.yaml}\n  - include: sub/inner.yaml\n"
	           "meta:\n  include: one.yaml\n");
	write_file("part.yaml", "# items\n- a\n- b\n");
	write_file("one.yaml", "k: v\n");
	write_file("sub/inner.yaml", "- include: other.yaml\n");
	write_file("sub/other.yaml", "- deep\n");
	CHECK(load_path(tmp_path("main.yaml")) == 0);
	if (D.count)
		dump_diags();
	const node *c = node_get(R, "content");
	CHECK(c && c->kind == NODE_SEQ && c->nitems == 5);
	if (!c || c->nitems != 5)
		return;
	CHECK_STR(c->items[0]->str, "a");
	CHECK_STR(c->items[1]->str, "b");
	CHECK_STR(c->items[2]->str, "x");
	CHECK(c->items[3]->kind == NODE_MAP);
	CHECK_STR(node_get(c->items[3], "k")->str, "v");
	CHECK_STR(c->items[4]->str, "deep");
	CHECK(c->items[0]->pos.line == 2 && c->items[0]->pos.col == 3);
	CHECK_STR(c->items[0]->pos.file, tmp_path("part.yaml"));
	CHECK_STR(c->items[4]->pos.file, tmp_path("sub/other.yaml"));
	CHECK(c->items[2]->pos.line == 4);
	/* A mapping is replaced by the included root; the second include of
	 * one.yaml is a copy. */
	const node *m = node_get(R, "meta");
	CHECK(m && m->kind == NODE_MAP && node_get(m, "k") != NULL);
	CHECK(m != c->items[3]);
	CHECK(m && m->pos.line == 1 && m->pos.col == 1);
	/* Every file read is registered for the printer. */
	CHECK(D.nsources == 5);
}

TEST(include_errors)
{
	write_file("miss.yaml", "a: 1\nb:\n  include: nothere.yaml\n"
	           "c:\n  include: [x]\n");
	CHECK(load_path(tmp_path("miss.yaml")) == -1);
	CHECK(D.count == 2);
	CHECK_DIAG(0, DIAG_INCLUDE, 3, 12);
	CHECK_MSG(0, tmp_path("nothere.yaml"));
	CHECK_MSG(0, "No such file");
	CHECK_STR(D.items[0].pos.file, tmp_path("miss.yaml"));
	CHECK_DIAG(1, DIAG_INCLUDE, 5, 12);

	/* An error inside an included file points into that file, and a
	 * second include of it does not repeat the error. */
	write_file("broken.yaml", "x: 1\n- y\n");
	write_file("twice.yaml", "a:\n  include: broken.yaml\nb:\n"
	           "  include: broken.yaml\n");
	CHECK(load_path(tmp_path("twice.yaml")) == -1);
	CHECK(D.count == 1);
	CHECK_DIAG(0, DIAG_YAML_SYNTAX, 2, 1);
	CHECK_STR(D.items[0].pos.file, tmp_path("broken.yaml"));

	/* An included empty file. */
	write_file("empty.yaml", "");
	write_file("inc-empty.yaml", "include: empty.yaml\n");
	CHECK(load_path(tmp_path("inc-empty.yaml")) == -1);
	CHECK_MSG(0, "no YAML document");
	CHECK_STR(D.items[0].pos.file, tmp_path("empty.yaml"));
}

TEST(include_cycle)
{
	write_file("ca.yaml", "a: 1\nnext:\n  include: cb.yaml\n");
	write_file("cb.yaml", "- 1\n- include: ca.yaml\n");
	CHECK(load_path(tmp_path("ca.yaml")) == -1);
	CHECK(D.count == 1);
	CHECK_DIAG(0, DIAG_INCLUDE, 2, 12);
	CHECK_STR(D.items[0].pos.file, tmp_path("cb.yaml"));
	char *chain = xasprintf("%s -> %s -> %s", tmp_path("ca.yaml"),
	                        tmp_path("cb.yaml"), tmp_path("ca.yaml"));
	CHECK_MSG(0, chain);
	free(chain);
	/* Paths in the chain are tidied. */
	write_file("sub/cc.yaml", "include: ../cd.yaml\n");
	write_file("cd.yaml", "include: ./sub/cc.yaml\n");
	CHECK(load_path(tmp_path("cd.yaml")) == -1);
	chain = xasprintf("%s -> %s -> %s", tmp_path("cd.yaml"),
	                  tmp_path("sub/cc.yaml"), tmp_path("cd.yaml"));
	CHECK_MSG(0, chain);
	free(chain);
	/* A file including itself. */
	write_file("self.yaml", "include: self.yaml\n");
	CHECK(load_path(tmp_path("self.yaml")) == -1);
	CHECK_DIAG(0, DIAG_INCLUDE, 1, 10);
	/* A file included twice without a cycle is fine. */
	write_file("leaf.yaml", "v\n");
	write_file("diamond.yaml", "- include: leaf.yaml\n- include: ./leaf.yaml\n");
	CHECK(load_path(tmp_path("diamond.yaml")) == 0);
	CHECK(R && R->nitems == 2);
}

TEST(limit_include_depth)
{
	char name[32], text[64];
	for (int i = 0; i <= LIMIT_INCLUDE_DEPTH + 1; i++) {
		snprintf(name, sizeof(name), "d%d.yaml", i);
		snprintf(text, sizeof(text), "x:\n  include: d%d.yaml\n", i + 1);
		write_file(name, text);
	}
	snprintf(name, sizeof(name), "d%d.yaml", LIMIT_INCLUDE_DEPTH + 2);
	write_file(name, "end\n");
	/* d0 (the report) and LIMIT_INCLUDE_DEPTH more levels load. */
	snprintf(name, sizeof(name), "d%d.yaml", 2);
	CHECK(load_path(tmp_path(name)) == 0);
	CHECK(load_path(tmp_path("d0.yaml")) == -1);
	CHECK(D.count == 1);
	snprintf(name, sizeof(name), "d%d.yaml", LIMIT_INCLUDE_DEPTH);
	CHECK_DIAG(0, DIAG_LIMIT, 2, 12);
	CHECK_STR(D.items[0].pos.file, tmp_path(name));
	CHECK_MSG(0, "LIMIT_INCLUDE_DEPTH is 16");
}

TEST(limit_include_files)
{
	buf b;
	char name[32];
	buf_init(&b);
	for (int i = 0; i < LIMIT_INCLUDE_FILES; i++) {
		snprintf(name, sizeof(name), "f%d.yaml", i);
		write_file(name, "- x\n");
		buf_printf(&b, "- include: f%d.yaml\n", i);
	}
	write_file("many.yaml", b.data);
	buf_free(&b);
	/* many.yaml itself is the first of LIMIT_INCLUDE_FILES files. */
	CHECK(load_path(tmp_path("many.yaml")) == -1);
	CHECK(D.count == 1);
	CHECK_DIAG(0, DIAG_LIMIT, LIMIT_INCLUDE_FILES, 12);
	CHECK_MSG(0, "LIMIT_INCLUDE_FILES is 1024");
}

/* ---- files ---- */

TEST(io_errors)
{
	CHECK(load_path(tmp_path("does-not-exist.yaml")) == -1);
	CHECK(D.count == 1);
	CHECK(D.count && D.items[0].code == DIAG_IO);
	CHECK_MSG(0, "No such file");
	CHECK(D.count && D.items[0].pos.file &&
	      strcmp(D.items[0].pos.file, tmp_path("does-not-exist.yaml")) == 0);
	CHECK(R == NULL);
	CHECK(load_path(tmpdir) == -1);
	CHECK(D.count && D.items[0].code == DIAG_IO);
	CHECK_MSG(0, "directory");
}

/* ---- robustness ---- */

TEST(never_crashes)
{
	static const char sample[] =
		"title: \"Annual report\"\nlang: [en, ru]\ncontent:\n"
		"  - heading: Привет\n    level: 2\n  - para: &p |\n      text\n"
		"  - list:\n      - one\n      - *p\n  - {a: 'b', c: \"d\\n\"}\n"
		"  - include: nowhere.yaml\n? x\n: y\n";
	size_t n = sizeof(sample) - 1;
	unsigned seed = 12345;
	/* Every prefix, then random byte changes. */
	for (size_t i = 0; i <= n; i++) {
		int rc = load_n(sample, i);
		CHECK((rc == 0) == (D.errors == 0));
		CHECK((rc == 0) == (R != NULL));
	}
	char *s = xmalloc(n);
	for (int round = 0; round < 2000; round++) {
		memcpy(s, sample, n);
		for (int k = 0; k < 3; k++) {
			seed = seed * 1103515245u + 12345u;
			size_t at = (seed >> 8) % n;
			seed = seed * 1103515245u + 12345u;
			static const char alphabet[] = "[]{}:-'\"\t\n #&*!|>,?\x80\xD0 a";
			s[at] = alphabet[(seed >> 8) % (sizeof(alphabet) - 1)];
		}
		int rc = load_n(s, n);
		CHECK((rc == 0) == (D.errors == 0));
		for (size_t d = 0; d < D.count; d++)
			CHECK(D.items[d].message && D.items[d].pos.file);
	}
	free(s);
}

static int
mkdir_sub(void)
{
	if (mkdir(tmp_path("sub"), 0700) != 0) {
		perror("mkdir");
		return -1;
	}
	return 0;
}

int
main(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/carec-load-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 2;
	}
	if (mkdir_sub())
		return 2;
	diag_init(&D);
	arena_init(&A);
	RUN(positions_basic);
	RUN(positions_cyrillic_columns);
	RUN(positions_unicode_line_breaks);
	RUN(content_col_cases);
	RUN(node_helpers);
	RUN(syntax_tab_indent);
	RUN(syntax_missing_colon);
	RUN(syntax_bad_indent);
	RUN(syntax_unclosed_quote);
	RUN(syntax_dash_where_key);
	RUN(syntax_other);
	RUN(empty_and_documents);
	RUN(utf8_invalid);
	RUN(wide_encodings_named);
	RUN(cr_line_ends_count);
	RUN(positions_on_one_long_line);
	RUN(folded_scalar_map);
	RUN(utf8_nul_and_bom);
	RUN(duplicate_keys);
	RUN(non_scalar_keys);
	RUN(tags);
	RUN(alias_expansion);
	RUN(alias_undefined);
	RUN(alias_bomb);
	RUN(limit_nesting);
	RUN(limit_scalar);
	RUN(include_basic_and_splice);
	RUN(include_errors);
	RUN(include_cycle);
	RUN(limit_include_depth);
	RUN(limit_include_files);
	RUN(io_errors);
	RUN(never_crashes);
	reset();
	diag_free(&D);
	arena_free(&A);
	tmp_cleanup();
	return harness_done();
}
