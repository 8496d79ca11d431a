/* run.c - the pipeline: load, model, layout, render; diagnostics out. */
#include <errno.h>
#include <signal.h>
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

/* Look at the outputs' paths (outfile_plan). Return 0; EXIT_SYSTEM after
 * a DIAG_IO error (a folder, a disk); or EXIT_USAGE after saying why,
 * when one is a file the report reads (before the build: the report
 * itself) or both are the same file. Nothing is written. */
static int
plan_outputs(outputs *o, const cli_options *opt, const char *pdf_path,
             int before, diag_list *d)
{
	outputs_free(o);
	if (pdf_path && outfile_plan(&o->pdf, pdf_path, OUTFILE_PDF, d) != 0)
		return EXIT_SYSTEM;
	if (opt->dump_layout &&
	    outfile_plan(&o->dump, opt->dump_layout, OUTFILE_DUMP, d) != 0)
		return EXIT_SYSTEM;
	if (o->pdf && reads(o->pdf, opt->input, before)) {
		refuse_input(opt->output ? "-o" : NULL, pdf_path, before,
		             "the PDF");
		return EXIT_USAGE;
	}
	if (o->dump && reads(o->dump, opt->input, before)) {
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

/* The handlers above; a stop signal ignored when the run began (nohup,
 * a background job) stays ignored. SIGXFSZ (the file size limit, ulimit
 * -f) is ignored, so that the write fails with EFBIG and is reported
 * like a full disk, instead of killing the process mid-file. */
static void
catch_signals(void)
{
	static const int stops[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(stops) / sizeof(stops[0]); i++)
		sigaddset(&sa.sa_mask, stops[i]);
	sa.sa_handler = on_stop;
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

int
cli_run(const cli_options *opt)
{
	catch_signals();
	diag_list diags;
	diag_init(&diags);
	diags.strict = opt->strict;
	arena nodes;
	arena_init(&nodes);
	model_doc *doc = NULL;
	text_fonts *fonts = NULL;
	layout_doc *ld = NULL;
	char *output = NULL;
	outputs outs = {NULL, NULL};
	worker *w = NULL;
	wtask patterns = {.run = load_patterns};
	path_policy policy;
	memset(&policy, 0, sizeof(policy));
	int rc = EXIT_INPUT;

	long long epoch;
	if (source_date_epoch(&epoch) != 0) {
		fprintf(stderr, "carec-report: SOURCE_DATE_EPOCH must be a number "
		                "of seconds since 1970\n");
		rc = EXIT_USAGE;
		goto done;
	}
	/* What the outputs are, before the work: a folder, or the report
	 * itself, is said at once. */
	if (opt->command == CMD_BUILD)
		output = opt->output ? xstrdup(opt->output)
		                     : default_output(opt->input);
	int planned = plan_outputs(&outs, opt, output, 1, &diags);
	if (planned != 0) {
		rc = planned;
		goto done;
	}

	if (path_policy_init(&policy, opt->input) != 0) {
		diag_error(&diags, DIAG_IO, (src_pos){0}, "cannot read '%s': %s",
		           opt->input, strerror(errno));
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

	layout_options lopt;
	memset(&lopt, 0, sizeof(lopt));
	lopt.allow_missing_glyphs = opt->allow_missing_glyphs;
	lopt.verbose = opt->verbose;
	lopt.watermark = opt->watermark;
	/* The second thread (--threads 2, the default): the layout breaks
	 * paragraphs ahead on it and the render deflates pages on it. */
	if (opt->threads != 1)
		w = worker_start(worker_begin, worker_end);
	worker_post(w, &patterns);
	lopt.worker = w;
	lopt.policy = &policy;
	/* Pages go to the PDF as they are finished (layout_document says
	 * when), unless the whole layout is wanted as JSON. */
	stream_ctx sc;
	memset(&sc, 0, sizeof(sc));
	sc.ro = (render_options){.source_date_epoch = epoch,
	                         .worker = w,
	                         .print = opt->print,
	                         .name = slug_name(opt, output)};
	sc.render = opt->command == CMD_BUILD;
	layout_sink sink = {&sc, stream_begin, stream_page, stream_done};
	if (!opt->dump_layout)
		lopt.sink = &sink;
	model_options mo = {opt->lang, &policy};
	int laid = -1;

	/* The report and every file it includes, read whole and checked
	 * before anything is laid out; the tree goes once the model has
	 * copied what it needs. */
	node *root = NULL;
	load_options lo = {&policy};
	if (load_file(&root, &nodes, opt->input, &lo, &diags) != 0)
		goto done;
	if (model_build(&doc, root, &mo, &diags) != 0)
		goto done;
	arena_free(&nodes);
	fonts = text_fonts_new();
	laid = layout_document(&ld, doc, fonts, &lopt, &diags);
	/* Nor is the model needed any more (the layout owns its strings). */
	model_free(doc);
	doc = NULL;
	if (laid != 0 || diags.errors)
		goto done_stream;
	/* Again, now that every file the report reads is known (and the
	 * outputs may have changed meanwhile): none is written over. */
	planned = plan_outputs(&outs, opt, output, 0, &diags);
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
		render_options ro = {.source_date_epoch = epoch,
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
			fprintf(stderr, "carec-report: wrote %s (%zu pages)\n", output,
			        ld->npages);
	} else if (opt->verbose) {
		fprintf(stderr, "carec-report: %s is fine (%zu pages)\n",
		        opt->input, ld->npages);
	}
done_stream:
	render_stream_free(sc.rs);
	sc.rs = NULL;
	if (laid != 0)
		goto done;
	rc = diags.errors ? EXIT_INPUT : EXIT_OK;

done:
	if (rc != EXIT_USAGE) {
		if (diags.errors && only_io_errors(&diags))
			rc = EXIT_SYSTEM;
		else if (diags.errors)
			rc = EXIT_INPUT;
	}
	diag_sort(&diags);
	if (opt->diag_json)
		diag_print_json(&diags, stderr);
	else
		diag_print_all(&diags, stderr, use_color(opt->color));
	if (diags.errors && !opt->diag_json) {
		fprintf(stderr, "carec-report: %zu error%s%s", diags.errors,
		        diags.errors == 1 ? "" : "s",
		        opt->command == CMD_BUILD ? "; no PDF written\n" : "\n");
	}
	/* The worker's tasks are all finished or taken back by now. */
	worker_withdraw(w, &patterns);
	worker_stop(w);
	layout_free(ld);
	text_fonts_free(fonts);
	model_free(doc);
	arena_free(&nodes);
	diag_free(&diags);
	path_policy_free(&policy);
	outputs_free(&outs); /* removes what was not put in place */
	inputs_clear();
	free(output);
	return rc;
}
