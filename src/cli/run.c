/* run.c - the pipeline: load, model, layout, render; diagnostics out. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "layout/layout.h"
#include "load/load.h"
#include "model/model.h"
#include "render/render.h"
#include "text/text.h"
#include "util/inputs.h"
#include "util/outfile.h"
#include "util/paths.h"
#include "util/tmpfiles.h"
#include "util/worker.h"

/* Are a and b the same file (device and inode)? */
static int
same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* The default output: the report's path with its extension (.yaml)
 * replaced by .pdf; a report whose name that would give back (x.pdf)
 * gets .pdf added instead (x.pdf.pdf), never itself. */
static char *
default_output(const char *input)
{
	size_t n = strlen(input);
	const char *dot = strrchr(input, '.');
	const char *slash = strrchr(input, '/');
	if (dot && (!slash || dot > slash))
		n = (size_t)(dot - input);
	char *out = xasprintf("%.*s.pdf", (int)n, input);
	if (strcmp(out, input) == 0 || same_file(out, input)) {
		free(out);
		out = xasprintf("%s.pdf", input);
	}
	return out;
}

/* The name the print PDF's slug shows: the PDF's, or the report's when
 * the PDF goes to standard output. */
static const char *
slug_name(const cli_options *opt, const char *output)
{
	return output && strcmp(output, "-") != 0 ? output : opt->input;
}

/* SOURCE_DATE_EPOCH as seconds in *epoch (-1 when unset). Return 0, or
 * -1 when it is set but not a number of seconds up to the year 9999. */
static int
source_date_epoch(long long *epoch)
{
	*epoch = -1;
	const char *s = getenv("SOURCE_DATE_EPOCH");
	if (!s || !*s)
		return 0;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (*end || errno || v < 0 || v > 253402300799LL)
		return -1;
	*epoch = v;
	return 0;
}

static int
use_color(int want)
{
	if (want >= 0)
		return want;
	const char *term = getenv("TERM");
	return isatty(fileno(stderr)) && !getenv("NO_COLOR") && term &&
	       strcmp(term, "dumb") != 0;
}

/* Were all errors about reading or writing files (exit 3)? */
static int
only_io_errors(const diag_list *d)
{
	int any = 0;
	for (size_t i = 0; i < d->count; i++) {
		if (d->items[i].severity != DIAG_ERROR)
			continue;
		if (d->items[i].code != DIAG_IO)
			return 0;
		any = 1;
	}
	return any;
}

/* The files this run writes: the PDF (build) and the layout dump. */
typedef struct outputs {
	outfile *pdf, *dump;
} outputs;

static void
outputs_free(outputs *o)
{
	outfile_free(o->pdf);
	outfile_free(o->dump);
	o->pdf = o->dump = NULL;
}

/* Would of replace a file this run reads? Before the build only the
 * report is known; afterwards every file read was noted (inputs.h). A
 * pipe or device read and written is not destroyed by the writing: only
 * a regular file replaced is refused. */
static int
reads(const outfile *of, const char *input, int before)
{
	unsigned long long dev, ino;
	if (outfile_kind_of(of) != OUTFILE_REPLACE ||
	    outfile_identity(of, &dev, &ino) != 0)
		return 0;
	if (!before)
		return inputs_contains(dev, ino);
	struct stat st;
	return stat(input, &st) == 0 && (unsigned long long)st.st_dev == dev &&
	       (unsigned long long)st.st_ino == ino;
}

/* Say that option opt (its value path) names a file the report reads. */
static void
refuse_input(const char *opt, const char *path, int report, const char *what)
{
	if (opt)
		fprintf(stderr, "carec-report: %s '%s' names %s; choose another "
		        "name for %s (nothing was written)\n", opt, path,
		        report ? "the report itself" : "a file the report reads",
		        what);
	else
		fprintf(stderr, "carec-report: the PDF's default name '%s' names "
		        "a file the report reads; give the PDF a name with -o "
		        "(nothing was written)\n", path);
}

/* Look at the outputs' paths (outfile_plan) of the report at input:
 * pdf_path, named by the option pdf_opt (-o, --out-dir; NULL: the
 * default). Return 0; EXIT_SYSTEM after a DIAG_IO error (a folder, a
 * disk); or EXIT_USAGE after saying why, when one is a file the report
 * reads (before the build: the report itself) or both are the same file.
 * Nothing is written. */
static int
plan_outputs(outputs *o, const cli_options *opt, const char *input,
             const char *pdf_path, const char *pdf_opt, int before,
             diag_list *d)
{
	outputs_free(o);
	if (pdf_path && outfile_plan(&o->pdf, pdf_path, OUTFILE_PDF, d) != 0)
		return EXIT_SYSTEM;
	if (opt->dump_layout &&
	    outfile_plan(&o->dump, opt->dump_layout, OUTFILE_DUMP, d) != 0)
		return EXIT_SYSTEM;
	if (o->pdf && reads(o->pdf, input, before)) {
		refuse_input(pdf_opt, pdf_path, before, "the PDF");
		return EXIT_USAGE;
	}
	if (o->dump && reads(o->dump, input, before)) {
		refuse_input("--dump-layout", opt->dump_layout, before,
		             "the layout dump");
		return EXIT_USAGE;
	}
	if (o->pdf && o->dump && outfile_same(o->pdf, o->dump)) {
		fprintf(stderr, "carec-report: the PDF ('%s') and --dump-layout "
		        "('%s') are the same file; give them different names "
		        "(nothing was written)\n", pdf_path, opt->dump_layout);
		return EXIT_USAGE;
	}
	return 0;
}

/* Write the layout dump to its temporary file (or in place): 0, or -1
 * after a DIAG_IO error. */
static int
write_dump(const layout_doc *ld, outfile *of, diag_list *d)
{
	if (outfile_begin(of, d) != 0)
		return -1;
	FILE *f = outfile_stream(of);
	if (!f) {
		diag_error(d, DIAG_IO, (src_pos){0},
		           "cannot write the layout dump '%s': %s",
		           outfile_path(of), strerror(errno));
		return -1;
	}
	(void)layout_dump_json(ld, f); /* a failed write: outfile_finish */
	return outfile_finish(of, d);
}

/* Put the written outputs in place, together: a signal from now on no
 * longer stops the run (tmpfiles.h), so that a run stopped by one has
 * replaced nothing. 0, or -1 after a DIAG_IO error. */
static int
commit_outputs(outputs *o, diag_list *d)
{
	if (tmpfiles_hold() != 0)
		for (;;)
			pause(); /* a signal handler is stopping the process */
	if (o->dump && outfile_commit(o->dump, d) != 0)
		return -1;
	if (o->pdf && outfile_commit(o->pdf, d) != 0)
		return -1;
	return 0;
}

/* render_options.page_done: free the drawn page's layout. */
static void
release_page(void *ctx, size_t page)
{
	layout_release_page(ctx, page);
}

/* The layout's sink: each page is drawn as soon as it is paginated (or,
 * to check a report, dropped), so that the layout frees it. */
typedef struct stream_ctx {
	render_options ro;
	render_stream *rs; /* NULL when only checking */
	int render;
} stream_ctx;

static int
stream_begin(void *ctx, diag_list *diags)
{
	stream_ctx *sc = ctx;
	/* A new pass: the last one's pages are not the document's. */
	render_stream_free(sc->rs);
	sc->rs = sc->render ? render_stream_new(&sc->ro, diags) : NULL;
	return 0;
}

static int
stream_page(void *ctx, const layout_doc *ld, size_t i, diag_list *diags)
{
	stream_ctx *sc = ctx;
	return sc->rs ? render_stream_page(sc->rs, ld, i, diags) : 0;
}

static int
stream_done(void *ctx, const layout_doc *ld, size_t i, diag_list *diags)
{
	stream_ctx *sc = ctx;
	return sc->rs ? render_stream_complete(sc->rs, ld, i, diags) : 0;
}

/* SIGINT, SIGTERM, SIGHUP, SIGPIPE: remove the temporary files and exit
 * 128 + the signal's number, as a shell reports a process it stopped;
 * the outputs are untouched. Once they are being put in place
 * (commit_outputs) the signal waits: the run ends as it would have. */
static void
on_stop(int sig)
{
#define STOPPED(name) \
	"carec-report: stopped by " name "; no output file was replaced\n"
	static const char m_int[] = STOPPED("SIGINT");
	static const char m_term[] = STOPPED("SIGTERM");
	static const char m_hup[] = STOPPED("SIGHUP");
	static const char m_pipe[] = STOPPED("SIGPIPE");
#undef STOPPED
	if (!tmpfiles_abandon())
		return;
	ssize_t r;
	if (sig == SIGINT)
		r = write(STDERR_FILENO, m_int, sizeof(m_int) - 1);
	else if (sig == SIGTERM)
		r = write(STDERR_FILENO, m_term, sizeof(m_term) - 1);
	else if (sig == SIGHUP)
		r = write(STDERR_FILENO, m_hup, sizeof(m_hup) - 1);
	else
		r = write(STDERR_FILENO, m_pipe, sizeof(m_pipe) - 1);
	(void)r;
	_exit(128 + sig);
}

void
cli_catch_stops(void (*handler)(int))
{
	static const int stops[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(stops) / sizeof(stops[0]); i++)
		sigaddset(&sa.sa_mask, stops[i]);
	sa.sa_handler = handler;
	for (size_t i = 0; i < sizeof(stops) / sizeof(stops[0]); i++) {
		struct sigaction old;
		if (sigaction(stops[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(stops[i], &sa, NULL);
	}
	signal(SIGXFSZ, SIG_IGN);
}

/* The worker's own state in the stages that keep some per thread. */
static void
worker_begin(void)
{
	text_thread_begin();
}

static void
worker_end(void)
{
	render_thread_end();
	text_thread_end();
}

/* A task for the worker while the report is read: load the hyphenation
 * patterns (what the layout would do first). */
static void
load_patterns(wtask *t)
{
	(void)t;
	text_hyphen_prepare();
}

/* ---- one report in one language ---- */

/* At most this many languages per report: more than the codes there are
 * (model_languages), which model_declared_languages keeps to. */
#define LANGS_MAX 16

/* What the reports of one call share: the worker, the fonts, the PDFs'
 * creation date. The fonts are kept from one report to the next of the
 * same project folder (the path policy is the same); a report of another
 * folder gets new ones, so that a font its folder may not name is never
 * lent to it by a report that could. */
typedef struct batch {
	const cli_options *opt;
	worker *w;
	wtask patterns;
	text_fonts *fonts;
	char *fonts_root; /* the project folder the fonts were opened for */
	long long epoch;
	int color;
	FILE *err;        /* where the reports' messages go: stderr, or the
	                   * hooks' */
	cli_hooks *hooks; /* watch and serve; NULL for build and check */
} batch;

/* The fonts for a report of the project folder root. New fonts forget
 * the files the last reports read (inputs.h): call it before reading. */
static text_fonts *
batch_fonts(batch *b, const char *root)
{
	if (b->fonts && b->fonts_root && root &&
	    strcmp(b->fonts_root, root) == 0)
		return b->fonts;
	text_fonts_free(b->fonts);
	free(b->fonts_root);
	inputs_clear();
	b->fonts = text_fonts_new();
	b->fonts_root = root ? xstrdup(root) : NULL;
	return b->fonts;
}

/* The length of input's name without its extension (.yaml). */
static size_t
stem_len(const char *input)
{
	const char *dot = strrchr(input, '.');
	const char *slash = strrchr(input, '/');
	return dot && (!slash || dot > slash) ? (size_t)(dot - input)
	                                      : strlen(input);
}

/* Where build writes the report at input in lang (NULL: its own): -o;
 * DIR/NAME.LANG.pdf with --out-dir; NAME.LANG.pdf beside the report when
 * it declares its languages and --lang picks none; else NAME.pdf beside
 * it. NULL for check. */
static char *
output_path(const cli_options *opt, const char *input, const node *root,
            const char *lang, int declared)
{
	if (opt->command != CMD_BUILD)
		return NULL;
	if (opt->output)
		return xstrdup(opt->output);
	if (!opt->out_dir && !declared)
		return default_output(input);
	const char *l = lang ? lang : model_document_language(root);
	if (!opt->out_dir)
		return xasprintf("%.*s.%s.pdf", (int)stem_len(input), input, l);
	const char *slash = strrchr(input, '/');
	const char *name = slash ? slash + 1 : input;
	size_t dl = strlen(opt->out_dir);
	while (dl > 1 && opt->out_dir[dl - 1] == '/')
		dl--;
	return xasprintf("%.*s/%.*s.%s.pdf", (int)dl, opt->out_dir,
	                 (int)stem_len(name), name, l);
}

/* The diagnostics printed for a report's earlier languages, as a set of
 * hashes of what is printed (position, severity, code, message, note):
 * an error in the theme is said once, not once per language. Open
 * addressing; 0 marks a free slot. Two different diagnostics of one
 * report sharing a 64-bit hash is not a worry. */
typedef struct seen_set {
	uint64_t *slots;
	size_t n, cap; /* cap: a power of two, or 0 */
} seen_set;

static uint64_t
hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ULL; /* FNV-1a */
	return h;
}

static uint64_t
diag_hash(const diag *d)
{
	uint64_t h = 14695981039346656037ULL;
	int nums[4] = {d->pos.line, d->pos.col, (int)d->severity, (int)d->code};
	h = hash_bytes(h, nums, sizeof(nums));
	if (d->pos.file)
		h = hash_bytes(h, d->pos.file, strlen(d->pos.file) + 1);
	h = hash_bytes(h, d->message, strlen(d->message) + 1);
	if (d->note)
		h = hash_bytes(h, d->note, strlen(d->note));
	return h ? h : 1;
}

/* Add h to s; return whether it was there already. */
static int
seen_add(seen_set *s, uint64_t h)
{
	if (2 * (s->n + 1) > s->cap) {
		seen_set g = {NULL, 0, s->cap ? 2 * s->cap : 64};
		g.slots = xcalloc(g.cap, sizeof(*g.slots));
		for (size_t i = 0; i < s->cap; i++)
			if (s->slots[i])
				(void)seen_add(&g, s->slots[i]);
		free(s->slots);
		*s = g;
	}
	size_t i = (size_t)h & (s->cap - 1);
	while (s->slots[i] && s->slots[i] != h)
		i = (i + 1) & (s->cap - 1);
	if (s->slots[i])
		return 1;
	s->slots[i] = h;
	s->n++;
	return 0;
}

/* The end of a run of the report at input: map d's errors to the exit
 * code (rc, unless it is a usage error) and print its diagnostics. With
 * seen (one of several languages), only those the report's earlier
 * languages did not print (a missing translation is said for each
 * language, a mistake in the theme once), adding the errors printed to
 * *shown for the report's closing line; without, the number of errors
 * follows, after the report's name when the call has several. */
static int
report_diags(const batch *b, diag_list *d, int rc, const char *input,
             int several, seen_set *seen, size_t *shown)
{
	if (rc != EXIT_USAGE) {
		if (d->errors && only_io_errors(d))
			rc = EXIT_SYSTEM;
		else if (d->errors)
			rc = EXIT_INPUT;
	}
	diag_sort(d);
	/* JSON (--diagnostics-format json): one document for each report
	 * and language run, of what the text would print, without the
	 * closing line. */
	if (seen) {
		diag_list fresh;
		diag_init(&fresh);
		diag_source_share(&fresh, d);
		for (size_t i = 0; i < d->count; i++)
			if (!seen_add(seen, diag_hash(&d->items[i])))
				diag_copy(&fresh, d, &d->items[i],
				          d->items[i].pos);
		if (b->opt->diag_json)
			diag_print_json(&fresh, b->err);
		else
			diag_print_all(&fresh, b->err, b->color);
		*shown += fresh.errors;
		if (b->hooks) {
			b->hooks->errors += fresh.errors;
			b->hooks->warnings += fresh.warnings;
		}
		diag_free(&fresh);
		return rc;
	}
	if (b->hooks) {
		b->hooks->errors += d->errors;
		b->hooks->warnings += d->warnings;
	}
	if (b->opt->diag_json) {
		diag_print_json(d, b->err);
		return rc;
	}
	diag_print_all(d, b->err, b->color);
	if (d->errors)
		fprintf(b->err, "carec-report: %s%s%zu error%s%s",
		        several ? input : "", several ? ": " : "", d->errors,
		        d->errors == 1 ? "" : "s",
		        b->opt->command == CMD_BUILD ? "; no PDF written\n"
		                                     : "\n");
	return rc;
}

/* Everything after reading the report at input (its tree root, in the
 * arena nodes): the model in lang (NULL: its own), the layout and, for
 * build, the PDF. base holds what reading it said (the sources, the
 * warnings). The last language frees the tree once its model is built.
 * Return the exit code. */
static int
run_lang(batch *b, const char *input, arena *nodes, const node *root,
         const char *lang, int declared, int last, int several,
         const path_policy *policy, diag_list *base, seen_set *seen,
         size_t *shown)
{
	const cli_options *opt = b->opt;
	diag_list diags;
	diag_init(&diags);
	diags.strict = opt->strict;
	diag_source_share(&diags, base);
	for (size_t i = 0; i < base->count; i++)
		diag_copy(&diags, base, &base->items[i], base->items[i].pos);
	model_doc *doc = NULL;
	layout_doc *ld = NULL;
	outputs outs = {NULL, NULL};
	int rc = EXIT_INPUT;
	worker *w = b->w;

	char *output = output_path(opt, input, root, lang, declared);
	const char *pdf_opt = opt->output    ? "-o"
	                      : opt->out_dir ? "--out-dir"
	                                     : NULL;
	/* What the outputs are, before the work: a folder, or the report
	 * itself, is said at once. */
	int planned =
	        plan_outputs(&outs, opt, input, output, pdf_opt, 1, &diags);
	if (planned != 0) {
		rc = planned;
		goto done;
	}

	layout_options lopt;
	memset(&lopt, 0, sizeof(lopt));
	lopt.allow_missing_glyphs = opt->allow_missing_glyphs;
	lopt.verbose = opt->verbose;
	lopt.watermark = opt->watermark;
	lopt.worker = w;
	lopt.policy = policy;
	/* Pages go to the PDF as they are finished (layout_document says
	 * when), unless the whole layout is wanted as JSON. */
	stream_ctx sc;
	memset(&sc, 0, sizeof(sc));
	sc.ro = (render_options){.source_date_epoch = b->epoch,
	                         .worker = w,
	                         .print = opt->print,
	                         .name = slug_name(opt, output)};
	sc.render = opt->command == CMD_BUILD;
	layout_sink sink = {&sc, stream_begin, stream_page, stream_done};
	if (!opt->dump_layout)
		lopt.sink = &sink;
	model_options mo = {lang, policy, NULL};
	int laid = -1;

	if (model_build(&doc, root, &mo, &diags) != 0)
		goto done;
	/* The tree goes once the last model has copied what it needs. */
	if (last)
		arena_free(nodes);
	laid = layout_document(&ld, doc, b->fonts, &lopt, &diags);
	/* Nor is the model needed any more (the layout owns its strings). */
	model_free(doc);
	doc = NULL;
	if (laid != 0 || diags.errors)
		goto done_stream;
	/* Again, now that every file the report reads is known (and the
	 * outputs may have changed meanwhile): none is written over. */
	planned = plan_outputs(&outs, opt, input, output, pdf_opt, 0, &diags);
	if (planned != 0) {
		render_stream_free(sc.rs);
		sc.rs = NULL;
		rc = planned;
		goto done;
	}
	/* Each output to its temporary file; both put in place at the end,
	 * so that a failure or a signal leaves neither. */
	if (outs.dump && write_dump(ld, outs.dump, &diags) != 0)
		goto done_stream;
	if (opt->command == CMD_BUILD) {
		render_stream *rs = sc.rs;
		sc.rs = NULL; /* freed by render_stream_finish_to */
		/* Each page's layout is freed as soon as it is drawn: the
		 * layout is not read again. */
		render_options ro = {.source_date_epoch = b->epoch,
		                     .worker = w,
		                     .print = opt->print,
		                     .name = slug_name(opt, output),
		                     .page_done = release_page,
		                     .page_done_ctx = ld};
		if (!rs)
			rs = render_stream_layout(ld, &ro, &diags);
		if (render_stream_finish_to(rs, ld, outs.pdf, &diags) != 0)
			goto done_stream;
	}
	if (commit_outputs(&outs, &diags) != 0)
		goto done_stream;
	if (opt->command == CMD_BUILD) {
		if (opt->verbose)
			fprintf(stderr, "carec-report: wrote %s (%zu page%s)\n",
			        output, ld->npages, ld->npages == 1 ? "" : "s");
	} else if (opt->verbose) {
		fprintf(stderr, "carec-report: %s%s%s%s is fine (%zu page%s)\n",
		        input, several && lang ? " (" : "",
		        several && lang ? lang : "", several && lang ? ")" : "",
		        ld->npages, ld->npages == 1 ? "" : "s");
	}
done_stream:
	render_stream_free(sc.rs);
	sc.rs = NULL;
	if (laid != 0)
		goto done;
	rc = diags.errors ? EXIT_INPUT : EXIT_OK;

done:
	rc = report_diags(b, &diags, rc, input, several, seen, shown);
	layout_free(ld);
	model_free(doc);
	diag_free(&diags);
	outputs_free(&outs); /* removes what was not put in place */
	free(output);
	return rc;
}

/* ---- one report, every language ---- */

/* Read the report at input and run it in each language it is to be
 * shown in: --lang, else the ones it declares, else its own. Return the
 * worst exit code. */
static int
run_report(batch *b, const char *input, int several_reports)
{
	const cli_options *opt = b->opt;
	diag_list base;
	diag_init(&base);
	seen_set seen = {NULL, 0, 0};
	base.strict = opt->strict;
	arena nodes;
	arena_init(&nodes);
	path_policy policy;
	memset(&policy, 0, sizeof(policy));
	outputs outs = {NULL, NULL};
	int rc = EXIT_INPUT;

	/* -o is said at once, before the report is read (the report itself,
	 * a folder). */
	if (opt->command == CMD_BUILD && opt->output) {
		int planned = plan_outputs(&outs, opt, input, opt->output, "-o",
		                           1, &base);
		outputs_free(&outs);
		if (planned != 0) {
			rc = planned;
			goto done;
		}
	}
	if (path_policy_init(&policy, input) != 0) {
		diag_error(&base, DIAG_IO, (src_pos){0}, "cannot read '%s': %s",
		           input, strerror(errno));
		goto done;
	}
	for (int i = 0; i < opt->nallow_paths; i++) {
		if (path_policy_allow(&policy, opt->allow_paths[i]) != 0) {
			fprintf(stderr, "carec-report: --allow-path '%s': %s\n",
			        opt->allow_paths[i], strerror(errno));
			rc = EXIT_USAGE;
			goto done;
		}
	}
	if (b->hooks) {
		policy.note = b->hooks->note;
		policy.note_ctx = b->hooks->note_ctx;
	}
	(void)batch_fonts(b, policy.root);
	if (b->hooks)
		b->hooks->langs[0] = '\0';

	/* The report and every file it includes, read whole and checked
	 * before anything is laid out. */
	node *root = NULL;
	load_options lo = {&policy};
	if (load_file(&root, &nodes, input, &lo, &base) != 0)
		goto done;

	const char *langs[LANGS_MAX];
	size_t nlangs = 1;
	int declared = 0;
	langs[0] = opt->lang;
	if (!opt->lang &&
	    (nlangs = model_declared_languages(root, langs, LANGS_MAX)) > 0)
		declared = 1;
	else if (!opt->lang)
		nlangs = 1, langs[0] = NULL;
	if (b->hooks) {
		buf l;
		buf_init(&l);
		for (size_t i = 0; i < nlangs; i++)
			buf_printf(&l, "%s%s", i ? " " : "",
			           langs[i] ? langs[i]
			                    : model_document_language(root));
		snprintf(b->hooks->langs, sizeof(b->hooks->langs), "%s",
		         l.data ? l.data : "");
		buf_free(&l);
	}
	if (nlangs > 1 && (opt->output || opt->dump_layout)) {
		buf l;
		buf_init(&l);
		for (size_t i = 0; i < nlangs; i++)
			buf_printf(&l, "%s%s",
			           i == 0           ? ""
			           : i + 1 < nlangs ? ", "
			                            : " and ",
			           langs[i]);
		fprintf(stderr,
		        "carec-report: %s names one file, but '%s' is "
		        "written in %s; pick one language with --lang%s "
		        "(nothing was written)\n",
		        opt->output ? "-o" : "--dump-layout", input, l.data,
		        opt->output ? ", or write each with --out-dir DIR"
		                    : "");
		buf_free(&l);
		rc = EXIT_USAGE;
		goto done;
	}
	int worst = EXIT_OK;
	size_t shown = 0;
	buf failed; /* the languages with errors */
	buf_init(&failed);
	for (size_t i = 0; i < nlangs; i++) {
		int r = run_lang(b, input, &nodes, root, langs[i], declared,
		                 i + 1 == nlangs, several_reports || nlangs > 1,
		                 &policy, &base, nlangs > 1 ? &seen : NULL,
		                 &shown);
		if (r > worst)
			worst = r;
		if (r != EXIT_OK)
			buf_printf(&failed, "%s%s", failed.len ? ", " : "",
			           langs[i]);
	}
	/* One closing line for the report: its errors, each counted once
	 * (not with JSON, which says them). */
	if (nlangs > 1 && shown && !opt->diag_json)
		fprintf(b->err, "carec-report: %s: %zu error%s%s%s\n", input,
		        shown, shown == 1 ? "" : "s",
		        opt->command == CMD_BUILD ? "; no PDF written for "
		                                  : ", in ",
		        failed.data);
	buf_free(&failed);
	free(seen.slots);
	diag_free(&base);
	arena_free(&nodes);
	path_policy_free(&policy);
	return worst;

done:
	rc = report_diags(b, &base, rc, input, several_reports, NULL, NULL);
	diag_free(&base);
	arena_free(&nodes);
	path_policy_free(&policy);
	return rc;
}

/* Make the folder path and the folders above it that are missing: 0, or
 * -1 with errno set. */
static int
make_dirs(const char *path)
{
	char *p = xstrdup(path);
	int rc = 0;
	for (char *s = p + 1; rc == 0; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		struct stat st;
		if (mkdir(p, 0777) != 0 && errno != EEXIST)
			rc = -1;
		else if (stat(p, &st) != 0)
			rc = -1;
		else if (!S_ISDIR(st.st_mode))
			rc = -1, errno = ENOTDIR;
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return rc;
}

/* cli_run, with hooks or not (NULL). */
static int
run_all(const cli_options *opt, cli_hooks *hooks)
{
	batch b;
	memset(&b, 0, sizeof(b));
	b.opt = opt;
	b.hooks = hooks;
	b.err = hooks && hooks->diags ? hooks->diags : stderr;
	b.color = use_color(hooks && hooks->color >= 0 ? hooks->color
	                                               : opt->color);
	b.patterns.run = load_patterns;
	if (source_date_epoch(&b.epoch) != 0) {
		fprintf(stderr,
		        "carec-report: SOURCE_DATE_EPOCH must be a number "
		        "of seconds since 1970\n");
		return EXIT_USAGE;
	}
	if (opt->out_dir && make_dirs(opt->out_dir) != 0) {
		fprintf(stderr,
		        "carec-report: cannot make the folder '%s' "
		        "(--out-dir): %s\n",
		        opt->out_dir, strerror(errno));
		return EXIT_SYSTEM;
	}
	/* The second thread (--threads 2, the default): the layout breaks
	 * paragraphs ahead on it and the render deflates pages on it. It
	 * loads the hyphenation patterns while the first report is read;
	 * the fonts and patterns then serve every report. */
	if (opt->threads != 1)
		b.w = worker_start(worker_begin, worker_end);
	worker_post(b.w, &b.patterns);
	int worst = EXIT_OK;
	for (int i = 0; i < opt->ninputs; i++) {
		int rc = run_report(&b, opt->inputs[i], opt->ninputs > 1);
		if (rc > worst)
			worst = rc;
	}
	/* The worker's tasks are all finished or taken back by now. */
	worker_withdraw(b.w, &b.patterns);
	worker_stop(b.w);
	text_fonts_free(b.fonts);
	free(b.fonts_root);
	inputs_clear();
	return worst;
}

int
cli_run(const cli_options *opt)
{
	cli_catch_stops(on_stop);
	return run_all(opt, NULL);
}

int
cli_run_hooked(const cli_options *opt, cli_hooks *hooks)
{
	return run_all(opt, hooks);
}
