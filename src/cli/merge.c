/*
 * merge.c - carec-report merge: one template, a data file, a PDF a row.
 *
 * The template is read once and its fonts and hyphenation patterns are
 * loaded once; then each row's fields are put under the template's
 * 'data:' (over the values there) and the row is laid out and written,
 * on --jobs processes forked from the one that read everything, so that
 * they share it. Every row's output path is worked out first, over all
 * the rows of the data file, so that a collision or a path that leaves
 * the output folder is found the same way whichever shard a row is in:
 * the shards of a run write byte for byte what the whole run writes.
 *
 * Each row's result (written, skipped, failed; bytes; its messages) goes
 * to a temporary file of the process that did it; once all are done the
 * results are printed and written (--results) in the order of the rows.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "layout/layout.h"
#include "load/load.h"
#include "model/model.h"
#include "render/render.h"
#include "rows/rows.h"
#include "text/text.h"
#include "util/inputs.h"
#include "util/outfile.h"
#include "util/paths.h"
#include "util/limits.h"
#include "util/tmpfiles.h"

/* ---- shards ---- */

/* Parse a whole number 0..max from s: 0, or -1. */
static int
parse_count(const char *s, long max, long *out)
{
	char *end;
	errno = 0;
	long v = s && *s ? strtol(s, &end, 10) : -1;
	if (!s || !*s || *end || errno || v < 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Which shard this run is: --shard I/N; else SLURM_ARRAY_TASK_ID with
 * SLURM_ARRAY_TASK_COUNT (or _MIN and _MAX); else JOB_COMPLETION_INDEX
 * with --shard-count N; else the whole (0/1). Return 0, or -1 after
 * saying what is wrong. */
static int
pick_shard(const cli_options *opt, long *index, long *count)
{
	*index = 0;
	*count = 1;
	if (opt->shard) {
		const char *slash = strchr(opt->shard, '/');
		char head[32];
		if (!slash || (size_t)(slash - opt->shard) >= sizeof(head))
			goto bad_shard;
		memcpy(head, opt->shard, (size_t)(slash - opt->shard));
		head[slash - opt->shard] = '\0';
		if (parse_count(head, LIMIT_SHARDS, index) != 0 ||
		    parse_count(slash + 1, LIMIT_SHARDS, count) != 0 ||
		    *count < 1 || *index >= *count)
			goto bad_shard;
		return 0;
	bad_shard:
		fprintf(stderr, "carec-report: --shard takes I/N, the shard I of "
		        "N counted from 0 (0/4 to 3/4), not '%s'\n", opt->shard);
		return -1;
	}
	const char *id = getenv("SLURM_ARRAY_TASK_ID");
	if (id && *id) {
		const char *n = getenv("SLURM_ARRAY_TASK_COUNT");
		const char *lo = getenv("SLURM_ARRAY_TASK_MIN");
		const char *hi = getenv("SLURM_ARRAY_TASK_MAX");
		long i, c, l = 0, h;
		if (parse_count(id, LIMIT_SHARDS, &i) != 0)
			goto bad_slurm;
		if (lo && *lo && parse_count(lo, LIMIT_SHARDS, &l) != 0)
			goto bad_slurm;
		if (n && *n) {
			if (parse_count(n, LIMIT_SHARDS, &c) != 0)
				goto bad_slurm;
		} else if (hi && *hi && parse_count(hi, LIMIT_SHARDS, &h) == 0 &&
		           h >= l) {
			c = h - l + 1;
		} else {
			goto bad_slurm;
		}
		/* --array=1-4 numbers its tasks from 1: shard 0 is the first. */
		if (i < l || i - l >= c || c < 1)
			goto bad_slurm;
		*index = i - l;
		*count = c;
		return 0;
	bad_slurm:
		fprintf(stderr, "carec-report: SLURM_ARRAY_TASK_ID is '%s', but "
		        "SLURM_ARRAY_TASK_COUNT (or _MIN and _MAX) do not say of "
		        "how many tasks; run merge as a job array (sbatch "
		        "--array=0-3), or give --shard I/N\n", id);
		return -1;
	}
	const char *k = getenv("JOB_COMPLETION_INDEX");
	if (k && *k) {
		if (opt->shard_count < 1) {
			fprintf(stderr, "carec-report: JOB_COMPLETION_INDEX is set "
			        "(a Kubernetes Indexed Job); give the Job's "
			        "completions with --shard-count N\n");
			return -1;
		}
		if (parse_count(k, LIMIT_SHARDS, index) != 0 ||
		    *index >= opt->shard_count) {
			fprintf(stderr, "carec-report: JOB_COMPLETION_INDEX is '%s', "
			        "not a number from 0 to %d (--shard-count %d)\n", k,
			        opt->shard_count - 1, opt->shard_count);
			return -1;
		}
		*count = opt->shard_count;
		return 0;
	}
	if (opt->shard_count > 0) {
		fprintf(stderr, "carec-report: --shard-count is for a Kubernetes "
		        "Indexed Job (JOB_COMPLETION_INDEX is not set); give "
		        "--shard I/N\n");
		return -1;
	}
	return 0;
}

/* ---- the output template ---- */

/* A piece of --output: literal text, or a field's name ({id}). */
typedef struct opiece {
	const char *s;
	size_t len;
	int field;
} opiece;

typedef struct otemplate {
	opiece *p;
	size_t n, cap;
	char *dir; /* the folder no value may leave: the text before the
	            * first {field}, to its last '/' ("." if none) */
} otemplate;

/* Parse --output. Return 0, or -1 after saying what is wrong. */
static int
otemplate_parse(otemplate *t, const char *s, const rows_table *rows)
{
	memset(t, 0, sizeof(*t));
	const char *first = strchr(s, '{');
	for (const char *c = s; *c;) {
		if (t->n == t->cap)
			t->p = xgrow(t->p, &t->cap, t->n + 1, sizeof(*t->p));
		if (*c != '{') {
			size_t l = strcspn(c, "{}");
			if (l == 0) {
				fprintf(stderr, "carec-report: --output '%s' has a '}' "
				        "with no '{' before it\n", s);
				return -1;
			}
			t->p[t->n++] = (opiece){c, l, 0};
			c += l;
			continue;
		}
		const char *close = strchr(c, '}');
		size_t l = close ? (size_t)(close - c - 1) : 0;
		if (!close || l == 0 || memchr(c + 1, '{', l)) {
			fprintf(stderr, "carec-report: --output '%s': a field is "
			        "written {name}, such as out/{id}.pdf\n", s);
			return -1;
		}
		int known = 0;
		for (size_t i = 0; i < rows->ncolumns && !known; i++)
			known = strlen(rows->columns[i]) == l &&
			        memcmp(rows->columns[i], c + 1, l) == 0;
		if (!known) {
			fprintf(stderr, "carec-report: --output names the field "
			        "'{%.*s}', which no row of '%s' has; the fields are",
			        (int)l, c + 1, rows->path);
			for (size_t i = 0; i < rows->ncolumns && i < 12; i++)
				fprintf(stderr, "%s%s", i ? ", " : " ", rows->columns[i]);
			fputs(rows->ncolumns > 12 ? ", ...\n" : "\n", stderr);
			return -1;
		}
		t->p[t->n++] = (opiece){c + 1, l, 1};
		c = close + 1;
	}
	if (!first) {
		fprintf(stderr, "carec-report: --output '%s' names one file for "
		        "every row; put a field in it, such as out/{id}.pdf\n", s);
		return -1;
	}
	const char *slash = NULL;
	for (const char *c = s; c < first; c++)
		if (*c == '/')
			slash = c;
	t->dir = slash ? xstrndup(s, (size_t)(slash == s ? 1 : slash - s))
	               : xstrdup(".");
	return 0;
}

static void
otemplate_free(otemplate *t)
{
	free(t->p);
	free(t->dir);
}

/* ---- per row, before the work ---- */

typedef enum { ROW_OUT, ROW_TODO, ROW_WRITTEN, ROW_SKIPPED, ROW_FAILED }
	row_status;

/* What the run knows of each row. */
typedef struct mrow {
	row_status status;
	char *output;        /* its PDF's path; NULL when it has none */
	const char *lang;    /* its language (NULL: the template's) */
	diag_list *early;    /* an error found before the work, or NULL */
	char *desc;          /* "row 5 of donors.csv (line 6)" */
	/* Filled in by the work: */
	unsigned long long bytes;
	int rc;              /* its exit code */
	size_t errors;
	char *msgs;          /* its messages, as printed, NUL-separated */
	size_t msgs_len;
} mrow;

/* A string set, for the outputs: open addressing over the rows'
 * indexes (SIZE_MAX: free). */
typedef struct pathset {
	size_t *slots, cap;
} pathset;

static uint64_t
str_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The row that claimed path already, or SIZE_MAX after claiming it for
 * row i. cap is a power of two above twice the rows. */
static size_t
pathset_claim(pathset *ps, mrow *rows, size_t i)
{
	size_t k = (size_t)str_hash(rows[i].output) & (ps->cap - 1);
	while (ps->slots[k] != SIZE_MAX) {
		if (strcmp(rows[ps->slots[k]].output, rows[i].output) == 0)
			return ps->slots[k];
		k = (k + 1) & (ps->cap - 1);
	}
	ps->slots[k] = i;
	return SIZE_MAX;
}

/* A list for one row's early error, its sources base's. */
static diag_list *
early_list(const diag_list *base)
{
	diag_list *d = xmalloc(sizeof(*d));
	diag_init(d);
	diag_source_share(d, base);
	return d;
}

/* Work out row i's output path and language; an error goes to its early
 * list. */
static void
plan_row(mrow *m, const rows_row *r, const otemplate *ot,
         const cli_options *opt, const char *lang_field,
         const diag_list *base)
{
	if (r->error) {
		m->early = early_list(base);
		diag_error(m->early, r->code, r->error_pos, "%s", r->error);
		if (r->note)
			diag_note(m->early, "%s", r->note);
		return;
	}
	buf b;
	buf_init(&b);
	for (size_t k = 0; k < ot->n; k++) {
		const opiece *p = &ot->p[k];
		if (!p->field) {
			buf_put(&b, p->s, p->len);
			continue;
		}
		char *name = xstrndup(p->s, p->len);
		const node *v;
		const char *s = rows_text(r, name, &v);
		const char *why = NULL;
		if (!v)
			why = "has none";
		else if (!s)
			why = "is not a text";
		else if (!*s)
			why = "is empty";
		else if (strchr(s, '/'))
			why = "holds a '/'";
		else if (s[0] == '.')
			why = "starts with a '.'";
		if (why) {
			m->early = early_list(base);
			diag_error(m->early, DIAG_VALUE, v ? v->pos : r->pos,
			           "this row's '%s', which --output names, %s", name,
			           why);
			diag_note(m->early, "each row's PDF is written inside '%s': "
			          "'%s' is a name without '/', not starting with "
			          "'.', such as a1 or donor-17", ot->dir, name);
			free(name);
			buf_free(&b);
			return;
		}
		free(name);
		buf_puts(&b, s);
	}
	m->output = buf_detach(&b);
	const node *lv;
	const char *lang = rows_text(r, lang_field, &lv);
	m->lang = opt->lang;
	if (lang && *lang) {
		if (!model_language_known(lang)) {
			m->early = early_list(base);
			diag_error(m->early, DIAG_ENUM, lv->pos,
			           "'%s' is not a language carec-report knows", lang);
			diag_note(m->early, "the row's '%s' is one of en, ru, kk, ky, "
			          "tg, uz and tk, or empty for the template's own",
			          lang_field);
			return;
		}
		m->lang = lang;
	} else if (lv && !lang) {
		m->early = early_list(base);
		diag_error(m->early, DIAG_TYPE, lv->pos,
		           "the row's '%s' is not a language code", lang_field);
		diag_note(m->early, "write one of en, ru, kk, ky, tg, uz and tk");
	}
}

/* ---- the template with a row's data ---- */

static int
in_row(const node *row, const char *key)
{
	for (size_t i = 0; i < row->npairs; i++)
		if (strcmp(row->pairs[i].key, key) == 0)
			return 1;
	return 0;
}

/* A copy of the map m without the pairs row gives, and with them when
 * add. */
static node *
without_row(arena *a, const node *m, const node *row, int add)
{
	node *n = arena_alloc(a, sizeof(*n));
	*n = *m;
	n->pairs = arena_alloc(a, (m->npairs + row->npairs + 1) *
	                          sizeof(*n->pairs));
	n->npairs = 0;
	for (size_t i = 0; i < m->npairs; i++)
		if (!in_row(row, m->pairs[i].key))
			n->pairs[n->npairs++] = m->pairs[i];
	for (size_t i = 0; add && i < row->npairs; i++)
		n->pairs[n->npairs++] = row->pairs[i];
	return n;
}

/* root with row's fields (those that can be data names) under 'data:',
 * over the values there, in a. */
static node *
row_root(arena *a, const node *root, const node *fields)
{
	node *row = arena_alloc(a, sizeof(*row));
	*row = *fields;
	row->pairs = arena_alloc(a, (fields->npairs + 1) * sizeof(*row->pairs));
	row->npairs = 0;
	for (size_t i = 0; i < fields->npairs; i++)
		if (model_data_name_valid(fields->pairs[i].key))
			row->pairs[row->npairs++] = fields->pairs[i];
	if (root->kind != NODE_MAP)
		return (node *)root;
	node *r = without_row(a, root, &(node){.kind = NODE_MAP}, 0);
	const node *data = node_get(root, "data");
	node *nd = row;
	if (data && data->kind == NODE_MAP) {
		nd = without_row(a, data, row, 1);
	} else if (data && data->kind == NODE_SEQ) {
		/* Shared facts, then the report's own: the row's come last. */
		nd = arena_alloc(a, sizeof(*nd));
		*nd = *data;
		nd->items = arena_alloc(a, (data->nitems + 1) * sizeof(node *));
		for (size_t i = 0; i < data->nitems; i++)
			nd->items[i] = data->items[i]->kind == NODE_MAP
			                       ? without_row(a, data->items[i], row, 0)
			                       : data->items[i];
		nd->items[data->nitems] = row;
		nd->nitems = data->nitems + 1;
	} else if (data) {
		return r; /* not a map: the model says so */
	}
	for (size_t i = 0; i < r->npairs; i++)
		if (strcmp(r->pairs[i].key, "data") == 0) {
			r->pairs[i].value = nd;
			return r;
		}
	r->pairs[r->npairs++] = (node_pair){"data", root->pos, nd};
	return r;
}

/* ---- the work ---- */

typedef struct merge_run {
	const cli_options *opt;
	rows_table rows;
	mrow *m;
	node *root;
	path_policy policy;
	text_fonts *fonts;
	diag_list base;
	long long epoch;
	int color;
	size_t *todo, ntodo; /* the rows of this shard, in order */
	atomic_size_t *next; /* the next of todo to take (shared by the
	                      * processes) */
} merge_run;

/* The signal that stopped a row's commit (merge_release). */
static volatile sig_atomic_t stop_signal;
static pid_t *children;
static int nchildren;

/* SIGINT, SIGTERM, SIGHUP, SIGPIPE: in a worker, remove its temporary
 * files and stop (128 + the signal), unless a PDF is being put in place:
 * then stop right after. In the first process, stop the workers too. */
static void
on_stop(int sig)
{
	for (int i = 0; i < nchildren; i++)
		if (children[i] > 0)
			kill(children[i], SIGTERM);
	if (!tmpfiles_abandon()) {
		stop_signal = sig;
		return;
	}
	static const char m[] = "carec-report: merge stopped by a signal; the "
	                        "PDFs written so far are complete\n";
	ssize_t r = write(STDERR_FILENO, m, sizeof(m) - 1);
	(void)r;
	_exit(128 + sig);
}

/* Make the folders above path that are missing: 0, or -1 (errno). */
static int
make_parents(const char *path)
{
	char *p = xstrdup(path);
	int rc = 0;
	for (char *s = p + 1; *s && rc == 0; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		struct stat st;
		if (mkdir(p, 0777) != 0 && errno != EEXIST)
			rc = -1;
		else if (stat(p, &st) != 0)
			rc = -1;
		else if (!S_ISDIR(st.st_mode))
			rc = -1, errno = ENOTDIR;
		*s = '/';
	}
	free(p);
	return rc;
}

/* Lay out and write row i (not skipped, no early error) into d. Return
 * the bytes written, 0 when it failed. */
static unsigned long long
write_row(merge_run *mr, size_t i, diag_list *d)
{
	const cli_options *opt = mr->opt;
	mrow *m = &mr->m[i];
	arena a;
	arena_init(&a);
	model_doc *doc = NULL;
	layout_doc *ld = NULL;
	outfile *of = NULL;
	unsigned long long bytes = 0;
	node *root = row_root(&a, mr->root, mr->rows.rows[i].map);
	model_options mo = {m->lang, &mr->policy, m->desc};
	if (model_build(&doc, root, &mo, d) != 0)
		goto done;
	layout_options lo;
	memset(&lo, 0, sizeof(lo));
	lo.allow_missing_glyphs = opt->allow_missing_glyphs;
	lo.verbose = opt->verbose;
	lo.watermark = opt->watermark;
	lo.policy = &mr->policy;
	if (layout_document(&ld, doc, mr->fonts, &lo, d) != 0 || d->errors)
		goto done;
	if (make_parents(m->output) != 0) {
		diag_error(d, DIAG_IO, (src_pos){0}, "cannot make the folder of "
		           "'%s': %s", m->output, strerror(errno));
		goto done;
	}
	if (outfile_plan(&of, m->output, OUTFILE_PDF, d) != 0)
		goto done;
	unsigned long long dev, ino;
	if (outfile_kind_of(of) == OUTFILE_REPLACE &&
	    outfile_identity(of, &dev, &ino) == 0 && inputs_contains(dev, ino)) {
		diag_error(d, DIAG_IO, (src_pos){0}, "'%s' is a file the template "
		           "reads; this row's PDF cannot replace it", m->output);
		diag_note(d, "write the PDFs into a folder of their own: --output "
		             "'out/{id}.pdf'");
		goto done;
	}
	render_options ro = {.source_date_epoch = mr->epoch,
	                     .print = opt->print,
	                     .name = m->output};
	render_stream *rs = render_stream_layout(ld, &ro, d);
	if (render_stream_finish_to(rs, ld, of, d) != 0)
		goto done;
	if (tmpfiles_hold() != 0)
		for (;;)
			pause(); /* a signal handler is stopping the process */
	int committed = outfile_commit(of, d);
	if (tmpfiles_release() != 0)
		_exit(128 + stop_signal);
	if (committed != 0)
		goto done;
	struct stat st;
	bytes = stat(m->output, &st) == 0 ? (unsigned long long)st.st_size : 1;
	if (opt->verbose)
		fprintf(stderr, "carec-report: wrote %s (%zu page%s)\n", m->output,
		        ld->npages, ld->npages == 1 ? "" : "s");
done:
	outfile_free(of);
	layout_free(ld);
	model_free(doc);
	arena_free(&a);
	return d->errors ? 0 : bytes;
}

/* One record of a row's result in a worker's results file. */
typedef struct rec {
	uint64_t row, bytes, errors, msgs_len;
	int32_t status, rc;
} rec;

/* Print each of d's diagnostics, one after another, into msgs,
 * NUL-separated, so that the first process can say each text once: a
 * mistake of the template is said once for all rows, while what is wrong
 * with a row names it (its place in the data file, or a note saying which
 * row), and so is said for each. */
static void
collect_msgs(merge_run *mr, diag_list *d, buf *msgs)
{
	diag_sort(d);
	for (size_t k = 0; k < d->count; k++) {
		diag_list one;
		diag_init(&one);
		diag_source_share(&one, d);
		diag_copy(&one, d, &d->items[k], d->items[k].pos);
		char *text = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);
		if (!f)
			mem_oom();
		diag_print_all(&one, f, mr->color);
		fclose(f);
		buf_put(msgs, text, len + 1);
		free(text);
		diag_free(&one);
	}
}

/* A character no font has, or markup that does not close, in text that
 * came from the row: point at the field it came from (the message quotes
 * it), in notes, so that the data file's row and column are named. */
static void
point_at_fields(const rows_row *r, const diag_list *d, diag_list *notes)
{
	for (size_t k = 0; r->map && k < d->count; k++) {
		const diag *g = &d->items[k];
		if (g->severity != DIAG_ERROR ||
		    (g->code != DIAG_GLYPH && g->code != DIAG_MARKUP))
			continue;
		const char *q = strchr(g->message, '\'');
		const char *e = q ? strchr(q + 1, '\'') : NULL;
		if (!e || e == q + 1 || e - q > 64)
			continue;
		char what[64];
		memcpy(what, q + 1, (size_t)(e - q - 1));
		what[e - q - 1] = '\0';
		for (size_t i = 0; i < r->map->npairs; i++) {
			const node *v = r->map->pairs[i].value;
			if (v->kind != NODE_SCALAR || !strstr(v->str, what))
				continue;
			int said = 0;
			for (size_t n = 0; n < notes->count && !said; n++)
				said = strstr(notes->items[n].message, what) &&
				       notes->items[n].pos.line == v->pos.line &&
				       notes->items[n].pos.col == v->pos.col;
			if (!said)
				diag_add(notes, DIAG_NOTE, g->code, v->pos,
				         "'%s' is in this row's '%s'", what,
				         r->map->pairs[i].key);
			break;
		}
	}
}

/* Take rows from the shared counter and do them until none is left,
 * writing a record for each to out. */
static void
work(merge_run *mr, FILE *out)
{
	for (;;) {
		size_t t = atomic_fetch_add(mr->next, 1);
		if (t >= mr->ntodo)
			break;
		size_t i = mr->todo[t];
		mrow *m = &mr->m[i];
		diag_list d;
		diag_init(&d);
		d.strict = mr->opt->strict;
		diag_source_share(&d, &mr->base);
		rec r = {i, 0, 0, 0, ROW_FAILED, EXIT_INPUT};
		struct stat st;
		if (m->early) {
			for (size_t k = 0; k < m->early->count; k++)
				diag_copy(&d, m->early, &m->early->items[k],
				          m->early->items[k].pos);
		} else if (mr->opt->skip_existing && stat(m->output, &st) == 0 &&
		           S_ISREG(st.st_mode)) {
			r.status = ROW_SKIPPED;
			r.bytes = (uint64_t)st.st_size;
			r.rc = EXIT_OK;
		} else {
			r.bytes = write_row(mr, i, &d);
			if (r.bytes) {
				r.status = ROW_WRITTEN;
				r.rc = EXIT_OK;
			} else {
				int io = d.errors > 0;
				for (size_t k = 0; k < d.count; k++)
					if (d.items[k].severity == DIAG_ERROR &&
					    d.items[k].code != DIAG_IO)
						io = 0;
				r.rc = io ? EXIT_SYSTEM : EXIT_INPUT;
			}
		}
		r.errors = d.errors;
		buf msgs;
		buf_init(&msgs);
		collect_msgs(mr, &d, &msgs);
		if (d.errors) {
			diag_list notes;
			diag_init(&notes);
			diag_source_share(&notes, &mr->base);
			point_at_fields(&mr->rows.rows[i], &d, &notes);
			collect_msgs(mr, &notes, &msgs);
			diag_free(&notes);
		}
		r.msgs_len = msgs.len;
		if (fwrite(&r, sizeof(r), 1, out) != 1 ||
		    (msgs.len && fwrite(msgs.data, 1, msgs.len, out) != msgs.len))
			mem_oom(); /* a temporary file cannot be written: no way on */
		buf_free(&msgs);
		diag_free(&d);
	}
	fflush(out);
}

/* Read a worker's records back into the rows. */
static void
read_back(merge_run *mr, FILE *in)
{
	rewind(in);
	rec r;
	while (fread(&r, sizeof(r), 1, in) == 1) {
		if (r.row >= mr->rows.count)
			break;
		mrow *m = &mr->m[r.row];
		m->status = (row_status)r.status;
		m->bytes = r.bytes;
		m->errors = (size_t)r.errors;
		m->rc = r.rc;
		m->msgs = xmalloc((size_t)r.msgs_len + 1);
		m->msgs_len = (size_t)r.msgs_len;
		if (r.msgs_len && fread(m->msgs, 1, (size_t)r.msgs_len, in) !=
		                          r.msgs_len)
			break;
	}
}

/* Do this shard's rows on jobs processes (1: here). */
static void
run_rows(merge_run *mr, int jobs)
{
	if ((size_t)jobs > mr->ntodo)
		jobs = mr->ntodo ? (int)mr->ntodo : 1;
	FILE **outs = xcalloc((size_t)jobs, sizeof(*outs));
	for (int k = 0; k < jobs; k++)
		if (!(outs[k] = tmpfile()))
			mem_oom();
	if (jobs == 1) {
		work(mr, outs[0]);
	} else {
		children = xcalloc((size_t)jobs, sizeof(*children));
		fflush(stdout);
		fflush(stderr);
		for (int k = 0; k < jobs; k++) {
			pid_t pid = fork();
			if (pid == 0) {
				nchildren = 0;
				prctl(PR_SET_PDEATHSIG, SIGTERM);
				work(mr, outs[k]);
				render_thread_end();
				exit(0);
			}
			if (pid > 0) {
				children[k] = pid;
				nchildren = k + 1;
			} else {
				/* No process: this one takes the rows left. */
				break;
			}
		}
		if (nchildren < jobs)
			work(mr, outs[jobs - 1]);
		for (int k = 0; k < nchildren; k++) {
			int status;
			while (waitpid(children[k], &status, 0) < 0 && errno == EINTR)
				;
			/* Killed (SIGKILL: nothing of its own ran): keep its pid
			 * to remove the file it was writing, below. */
			if (!WIFSIGNALED(status))
				children[k] = 0;
		}
	}
	/* (The signal handler forwards signals to none of them now.) */
	const int nkids = nchildren;
	nchildren = 0;
	for (int k = 0; k < jobs; k++) {
		read_back(mr, outs[k]);
		fclose(outs[k]);
	}
	/* A row a killed worker took is still to do: its temporary PDF, if
	 * the worker had begun to write it, goes. */
	for (int k = 0; k < nkids; k++)
		for (size_t t = 0; children[k] && t < mr->ntodo; t++) {
			const mrow *m = &mr->m[mr->todo[t]];
			if (m->status == ROW_TODO && m->output)
				outfile_remove_abandoned(m->output, (long)children[k]);
		}
	free(children);
	children = NULL;
	free(outs);
}

/* ---- the results ---- */

static void
put_json_text(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* Write --results: one JSON object a row of the shard. Return 0, or -1
 * after a DIAG_IO error in d. */
static int
write_results(merge_run *mr, diag_list *d)
{
	static const char *const names[] = {"", "", "written", "skipped",
	                                    "failed"};
	outfile *of = NULL;
	if (outfile_plan(&of, mr->opt->results, OUTFILE_DUMP, d) != 0 ||
	    outfile_begin(of, d) != 0) {
		outfile_free(of);
		return -1;
	}
	FILE *f = outfile_stream(of);
	for (size_t t = 0; f && t < mr->ntodo; t++) {
		size_t i = mr->todo[t];
		const mrow *m = &mr->m[i];
		fprintf(f, "{\"row\": %zu, \"line\": %d, \"status\": \"%s\", "
		        "\"output\": ", i + 1, mr->rows.rows[i].pos.line,
		        names[m->status == ROW_TODO ? ROW_FAILED : m->status]);
		if (m->output)
			put_json_text(f, m->output);
		else
			fputs("null", f);
		fprintf(f, ", \"bytes\": %llu, \"errors\": %zu}\n",
		        m->status == ROW_FAILED || m->status == ROW_TODO ? 0ULL
		                                                         : m->bytes,
		        m->errors);
	}
	int rc = outfile_finish(of, d);
	if (rc == 0) {
		(void)tmpfiles_hold();
		rc = outfile_commit(of, d);
		(void)tmpfiles_release();
	}
	outfile_free(of);
	return rc;
}

/* Whether the message text was printed before (a mistake of the
 * template, said once for all rows). */
static int
said_before(pathset *seen, char **texts, size_t *n, const char *s)
{
	size_t k = (size_t)str_hash(s) & (seen->cap - 1);
	while (seen->slots[k] != SIZE_MAX) {
		if (strcmp(texts[seen->slots[k]], s) == 0)
			return 1;
		k = (k + 1) & (seen->cap - 1);
	}
	if (*n * 2 + 2 > seen->cap)
		return 0; /* full: say it again rather than grow */
	texts[*n] = (char *)s;
	seen->slots[k] = (*n)++;
	return 0;
}

/* Print the rows' messages in their order, each text once, and a closing
 * line for each failed row (so a row whose errors are the template's,
 * said for an earlier row, still says that it failed). Return the worst
 * exit code. */
static int
report_rows(merge_run *mr)
{
	int worst = EXIT_OK;
	size_t nmsgs = 0, written = 0, skipped = 0, failed = 0;
	for (size_t t = 0; t < mr->ntodo; t++)
		for (size_t o = 0; mr->m[mr->todo[t]].msgs &&
		                   o < mr->m[mr->todo[t]].msgs_len;
		     o += strlen(mr->m[mr->todo[t]].msgs + o) + 1)
			nmsgs++;
	pathset seen = {NULL, 64};
	while (seen.cap < 2 * nmsgs + 2)
		seen.cap *= 2;
	seen.slots = xmalloc(seen.cap * sizeof(*seen.slots));
	memset(seen.slots, 0xFF, seen.cap * sizeof(*seen.slots));
	char **texts = xcalloc(nmsgs + 1, sizeof(*texts));
	size_t ntexts = 0;
	for (size_t t = 0; t < mr->ntodo; t++) {
		mrow *m = &mr->m[mr->todo[t]];
		if (m->status == ROW_TODO) {
			/* Its worker stopped before it got to it. */
			m->status = ROW_FAILED;
			m->rc = EXIT_SYSTEM;
			fprintf(stderr, "carec-report: %s: its worker process "
			        "stopped before it was written\n", m->desc);
		}
		for (size_t o = 0; m->msgs && o < m->msgs_len;
		     o += strlen(m->msgs + o) + 1)
			if (!said_before(&seen, texts, &ntexts, m->msgs + o))
				fputs(m->msgs + o, stderr);
		if (m->status == ROW_FAILED && m->errors)
			fprintf(stderr, "carec-report: %s: %zu error%s; %s%s%s\n",
			        m->desc, m->errors, m->errors == 1 ? "" : "s",
			        m->output ? "'" : "", m->output ? m->output : "no PDF",
			        m->output ? "' not written" : " written");
		if (m->rc > worst)
			worst = m->rc;
		written += m->status == ROW_WRITTEN;
		skipped += m->status == ROW_SKIPPED;
		failed += m->status == ROW_FAILED;
	}
	if (failed || mr->opt->verbose)
		fprintf(stderr, "carec-report: %zu row%s: %zu written, %zu "
		        "skipped, %zu failed\n", mr->ntodo, mr->ntodo == 1 ? "" : "s",
		        written, skipped, failed);
	free(texts);
	free(seen.slots);
	return worst;
}

/* ---- the command ---- */

static int
use_color(int want)
{
	if (want >= 0)
		return want;
	const char *term = getenv("TERM");
	return isatty(fileno(stderr)) && !getenv("NO_COLOR") && term &&
	       strcmp(term, "dumb") != 0;
}

/* Print d's messages; return its exit code (0, 1, or 3 for I/O). */
static int
say(diag_list *d, int color)
{
	diag_sort(d);
	diag_print_all(d, stderr, color);
	if (!d->errors)
		return EXIT_OK;
	for (size_t i = 0; i < d->count; i++)
		if (d->items[i].severity == DIAG_ERROR && d->items[i].code != DIAG_IO)
			return EXIT_INPUT;
	return EXIT_SYSTEM;
}

/* Lay out the first usable row without writing it, so that the fonts
 * and images are loaded before the workers are forked, and shared. */
static void
warm_up(merge_run *mr)
{
	for (size_t t = 0; t < mr->ntodo; t++) {
		size_t i = mr->todo[t];
		if (mr->m[i].early)
			continue;
		arena a;
		arena_init(&a);
		diag_list d;
		diag_init(&d);
		node *root = row_root(&a, mr->root, mr->rows.rows[i].map);
		model_options mo = {mr->m[i].lang, &mr->policy, NULL};
		model_doc *doc = NULL;
		layout_doc *ld = NULL;
		layout_options lo;
		memset(&lo, 0, sizeof(lo));
		lo.allow_missing_glyphs = mr->opt->allow_missing_glyphs;
		lo.watermark = mr->opt->watermark;
		lo.policy = &mr->policy;
		if (model_build(&doc, root, &mo, &d) == 0)
			(void)layout_document(&ld, doc, mr->fonts, &lo, &d);
		layout_free(ld);
		model_free(doc);
		diag_free(&d);
		arena_free(&a);
		return;
	}
}

int
cli_merge(const cli_options *opt)
{
	cli_catch_stops(on_stop);
	merge_run mr;
	memset(&mr, 0, sizeof(mr));
	mr.opt = opt;
	mr.color = use_color(opt->color);
	diag_init(&mr.base);
	mr.base.strict = opt->strict;
	otemplate ot;
	memset(&ot, 0, sizeof(ot));
	int rc = EXIT_USAGE;
	long shard, nshards;
	if (pick_shard(opt, &shard, &nshards) != 0)
		goto done;
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	mr.epoch = -1;
	if (sde && *sde) {
		char *end;
		errno = 0;
		mr.epoch = strtoll(sde, &end, 10);
		if (*end || errno || mr.epoch < 0 || mr.epoch > 253402300799LL) {
			fprintf(stderr, "carec-report: SOURCE_DATE_EPOCH must be a "
			        "number of seconds since 1970\n");
			goto done;
		}
	}
	/* The data, then the template: both read whole before any work. */
	if (rows_read(&mr.rows, opt->data, &mr.base) != 0) {
		rc = say(&mr.base, mr.color);
		goto done;
	}
	if (otemplate_parse(&ot, opt->output, &mr.rows) != 0)
		goto done;
	const char *lang_field = opt->lang_field ? opt->lang_field : "language";
	if (opt->lang_field) {
		int known = 0;
		for (size_t i = 0; i < mr.rows.ncolumns; i++)
			known |= strcmp(mr.rows.columns[i], lang_field) == 0;
		if (!known) {
			fprintf(stderr, "carec-report: --lang-field '%s' is not a "
			        "field of '%s'\n", lang_field, opt->data);
			goto done;
		}
	}
	for (size_t i = 0; i < mr.rows.ncolumns; i++)
		if (!model_data_name_valid(mr.rows.columns[i])) {
			diag_warning(&mr.base, DIAG_VALUE,
			             (src_pos){mr.rows.path, 0, 0},
			             "the field '%s' cannot be used as {{ %s }}",
			             mr.rows.columns[i], mr.rows.columns[i]);
			diag_note(&mr.base, "a data name starts with a letter and has "
			          "letters, digits, '_' and '-': rename the column "
			          "to use it in the template");
		}
	if (path_policy_init(&mr.policy, opt->input) != 0) {
		fprintf(stderr, "carec-report: cannot read '%s': %s\n", opt->input,
		        strerror(errno));
		rc = EXIT_SYSTEM;
		goto done;
	}
	for (int i = 0; i < opt->nallow_paths; i++)
		if (path_policy_allow(&mr.policy, opt->allow_paths[i]) != 0) {
			fprintf(stderr, "carec-report: --allow-path '%s': %s\n",
			        opt->allow_paths[i], strerror(errno));
			goto done;
		}
	arena nodes;
	arena_init(&nodes);
	load_options lo = {&mr.policy};
	int loaded = load_file(&mr.root, &nodes, opt->input, &lo, &mr.base);
	int said = say(&mr.base, mr.color);
	if (loaded != 0) {
		rc = said ? said : EXIT_INPUT;
		arena_free(&nodes);
		goto done;
	}
	mr.fonts = text_fonts_new();
	text_hyphen_prepare();

	/* Every row's output, over the whole file; then this shard's. */
	mr.m = xcalloc(mr.rows.count + 1, sizeof(*mr.m));
	pathset ps = {NULL, 64};
	while (ps.cap < 2 * mr.rows.count + 2)
		ps.cap *= 2;
	ps.slots = xmalloc(ps.cap * sizeof(*ps.slots));
	memset(ps.slots, 0xFF, ps.cap * sizeof(*ps.slots));
	for (size_t i = 0; i < mr.rows.count; i++) {
		mrow *m = &mr.m[i];
		const rows_row *r = &mr.rows.rows[i];
		m->desc = xasprintf("row %zu of %s (line %d)", i + 1, mr.rows.path,
		                    r->pos.line);
		plan_row(m, r, &ot, opt, lang_field, &mr.base);
		if (!m->output)
			continue;
		size_t other = pathset_claim(&ps, mr.m, i);
		if (other != SIZE_MAX && !m->early) {
			m->early = early_list(&mr.base);
			diag_error(m->early, DIAG_DUPLICATE_KEY, r->pos,
			           "this row's PDF would be '%s', as row %zu's (line "
			           "%d) is", m->output, other + 1,
			           mr.rows.rows[other].pos.line);
			diag_note(m->early, "give each row its own values of the "
			          "fields --output names");
		}
	}
	free(ps.slots);
	mr.todo = xmalloc((mr.rows.count + 1) * sizeof(*mr.todo));
	for (size_t i = (size_t)shard; i < mr.rows.count; i += (size_t)nshards) {
		mr.todo[mr.ntodo++] = i;
		mr.m[i].status = ROW_TODO;
	}
	mr.next = mmap(NULL, sizeof(*mr.next), PROT_READ | PROT_WRITE,
	               MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (mr.next == MAP_FAILED)
		mem_oom();
	atomic_init(mr.next, 0);
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int jobs = opt->jobs > 0 ? opt->jobs : cores > 0 ? (int)cores : 1;
	if (jobs > 1)
		warm_up(&mr);
	run_rows(&mr, jobs);
	rc = report_rows(&mr);
	if (opt->results) {
		diag_list d;
		diag_init(&d);
		if (write_results(&mr, &d) != 0 && say(&d, mr.color) > rc)
			rc = EXIT_SYSTEM;
		diag_free(&d);
	}
	munmap(mr.next, sizeof(*mr.next));
	for (size_t i = 0; i < mr.rows.count; i++) {
		free(mr.m[i].output);
		free(mr.m[i].desc);
		free(mr.m[i].msgs);
		if (mr.m[i].early) {
			diag_free(mr.m[i].early);
			free(mr.m[i].early);
		}
	}
	free(mr.m);
	free(mr.todo);
	text_fonts_free(mr.fonts);
	arena_free(&nodes);
done:
	otemplate_free(&ot);
	path_policy_free(&mr.policy);
	rows_free(&mr.rows);
	diag_free(&mr.base);
	inputs_clear();
	return rc;
}
