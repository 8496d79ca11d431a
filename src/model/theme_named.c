/* theme_named.c - the themes installed with the program, in the data
 * folder's themes/NAME.yaml (util/datadir.h). A report anywhere says
 *     theme: carec
 * to take the CAREC theme whole, or starts from it and changes a few
 * settings:
 *     theme:
 *       base: carec
 *       page: {orientation: landscape}
 * The keys beside 'base' are put on top of the installed theme's just as
 * the keys beside an 'include' are put on top of the included file's
 * (load.h): a key replaces the same key, and two maps are merged key by
 * key, so that 'page: {orientation: landscape}' keeps the page size. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_internal.h"
#include "util/datadir.h"

/* Whether name can be an installed theme's: lower-case letters, digits and
 * '-', so that a name never reaches outside the themes folder. */
static int
plain_name(const char *name, size_t len)
{
	if (len == 0 || len > 64)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char ch = name[i];
		if (!(ch >= 'a' && ch <= 'z') && !(ch >= '0' && ch <= '9') &&
		    ch != '-')
			return 0;
	}
	return 1;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The names of the installed themes (themes/NAME.yaml), sorted and
 * NULL-terminated, in the model's arena; an empty list when there are
 * none or no data folder. */
static const char **
installed_names(model_ctx *c)
{
	size_t n = 0, cap = 8;
	const char **names = arena_alloc(c->mem, cap * sizeof(*names));
	char *dir = data_path("themes");
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len <= 5 || strcmp(e->d_name + len - 5, ".yaml") != 0 ||
		    !plain_name(e->d_name, len - 5))
			continue;
		if (n + 1 == cap)
			names = arena_xgrow(c->mem, names, n, &cap, n + 2,
			                    sizeof(*names));
		names[n++] = arena_strndup(c->mem, e->d_name, len - 5);
	}
	if (d)
		closedir(d);
	free(dir);
	qsort(names, n, sizeof(*names), cmp_names);
	names[n] = NULL;
	return names;
}

/* Add "'a', 'b' and 'c'" to b. */
static void
put_names(buf *b, const char *const *names)
{
	for (size_t i = 0; names[i]; i++)
		buf_printf(b, "%s'%s'",
		           i == 0         ? ""
		           : names[i + 1] ? ", "
		                          : " and ",
		           names[i]);
}

/* The tree of the installed theme that the scalar n names, loaded from
 * the data folder; NULL after an error at n. */
static const node *
load_named(model_ctx *c, const node *n)
{
	if (mexpect_scalar(c, n, "the name of an installed theme (carec)") != 0)
		return NULL;
	const char **names = installed_names(c);
	size_t i = 0;
	while (names[i] && strcmp(names[i], n->str) != 0)
		i++;
	if (!names[i] || !plain_name(n->str, n->len)) {
		buf b;
		buf_init(&b);
		put_names(&b, names);
		if (names[0])
			diag_error(c->diags, DIAG_ENUM, n->pos,
			           "there is no installed theme '%s'; the "
			           "installed themes are %s",
			           n->str, b.data);
		else
			diag_error(c->diags, DIAG_ENUM, n->pos,
			           "there is no installed theme '%s', and no "
			           "themes are installed",
			           n->str);
		buf_free(&b);
		const char *near = mclosest(n->str, names);
		if (near)
			diag_note(c->diags, "did you mean '%s'?", near);
		else
			diag_note(c->diags,
			          "a theme file of your own is included: "
			          "theme: {include: theme/mine.yaml}");
		return NULL;
	}
	char *rel = xasprintf("themes/%s.yaml", names[i]);
	char *path = data_path(rel);
	free(rel);
	node *root = NULL;
	load_options lopt = {.policy = c->policy};
	load_file(&root, c->mem, path, &lopt, c->diags);
	free(path);
	const node *b = root ? node_get(root, "base") : NULL;
	if (b) {
		diag_error(c->diags, DIAG_VALUE, b->pos,
		           "an installed theme cannot start from another one");
		diag_note(c->diags, "copy what it needs into it instead");
		return NULL;
	}
	return root;
}

int
mtheme_read(model_ctx *c, const node *n, model_theme *t)
{
	const node *b;
	if (n->kind == NODE_SCALAR && !mnode_is_null(n)) {
		/* theme: carec */
		const node *named = load_named(c, n);
		return named ? mtheme_parse(c, named, t) : -1;
	}
	if (n->kind == NODE_MAP && (b = node_get(n, "base")) != NULL) {
		/* theme: {base: carec, page: ...} */
		const node *named = load_named(c, b);
		if (!named)
			return -1;
		if (named->kind != NODE_MAP)
			return mtheme_parse(c, named, t); /* which says so */
		return mtheme_parse(
		        c, load_merge_maps(c->mem, named, n, "base", 1), t);
	}
	return mtheme_parse(c, n, t);
}
