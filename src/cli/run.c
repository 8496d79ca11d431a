/* run.c - the pipeline: load, model, layout, render; diagnostics out. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "layout/layout.h"
#include "load/load.h"
#include "model/model.h"
#include "render/render.h"
#include "text/text.h"
#include "util/paths.h"

/* The default output: the report's path with .yaml replaced by .pdf. */
static char *
default_output(const char *input)
{
	size_t n = strlen(input);
	const char *dot = strrchr(input, '.');
	const char *slash = strrchr(input, '/');
	if (dot && (!slash || dot > slash))
		n = (size_t)(dot - input);
	char *out = xmalloc(n + 5);
	memcpy(out, input, n);
	memcpy(out + n, ".pdf", 5);
	return out;
}

/* SOURCE_DATE_EPOCH as seconds, -1 when unset; -2 when malformed. */
static long long
source_date_epoch(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	if (!s || !*s)
		return -1;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (*end || errno || v < 0 || v > 253402300799LL)
		return -2;
	return v;
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

static int
write_dump(const layout_doc *ld, const char *path, diag_list *d)
{
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
	if (!f) {
		diag_error(d, DIAG_IO, (src_pos){0},
		           "cannot write the layout dump '%s': %s", path,
		           strerror(errno));
		return -1;
	}
	int rc = layout_dump_json(ld, f);
	if (f != stdout && fclose(f) != 0)
		rc = -1;
	if (rc != 0)
		diag_error(d, DIAG_IO, (src_pos){0},
		           "cannot write the layout dump '%s'", path);
	return rc;
}

/* model_options.item_done: the model has a content item; free its nodes. */
static void
item_done(void *ctx, size_t i)
{
	load_item_done(ctx, i);
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

/* A file read through a mapping (the report as it streams, a font) that
 * is cut short meanwhile by another program makes reading its lost pages
 * a SIGBUS (BUS_ADRERR): stop with a message instead of crashing, leaving
 * no file. Any other SIGBUS is a bug, and crashes as it would. */
static void
on_sigbus(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (si->si_code != BUS_ADRERR) {
		/* Not a mapping cut short: a bug, reported as such. */
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	static const char msg[] = "carec-report: a file was changed or cut "
	                          "short while it was read; stopped, and no "
	                          "PDF written\n";
	render_file_abandon();
	ssize_t r = write(STDERR_FILENO, msg, sizeof(msg) - 1);
	(void)r;
	_exit(EXIT_SYSTEM);
}

int
cli_run(const cli_options *opt)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigbus;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
	diag_list diags;
	diag_init(&diags);
	diags.strict = opt->strict;
	arena nodes;
	arena_init(&nodes);
	load_items items;
	memset(&items, 0, sizeof(items));
	model_doc *doc = NULL;
	text_fonts *fonts = NULL;
	layout_doc *ld = NULL;
	char *output = NULL;
	path_policy policy;
	memset(&policy, 0, sizeof(policy));
	int rc = EXIT_INPUT;

	long long epoch = source_date_epoch();
	if (epoch == -2) {
		fprintf(stderr, "carec-report: SOURCE_DATE_EPOCH must be a number "
		                "of seconds since 1970\n");
		rc = EXIT_USAGE;
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

	/* Read the hyphenation patterns on the other core while the YAML
	 * is read and checked. */
	if (opt->threads != 1)
		text_hyphen_preload();
	layout_options lopt;
	memset(&lopt, 0, sizeof(lopt));
	lopt.allow_missing_glyphs = opt->allow_missing_glyphs;
	lopt.verbose = opt->verbose;
	lopt.watermark = opt->watermark;
	lopt.threads = opt->threads;
	lopt.policy = &policy;
	/* Pages go to the PDF as they are made, unless the whole layout is
	 * wanted as JSON. */
	stream_ctx sc;
	memset(&sc, 0, sizeof(sc));
	sc.ro = (render_options){.source_date_epoch = epoch,
	                         .threads = opt->threads};
	sc.render = opt->command == CMD_BUILD;
	layout_sink sink = {&sc, stream_begin, stream_page, stream_done};
	if (!opt->dump_layout)
		lopt.sink = &sink;
	model_options mo = {opt->lang, &policy, item_done, &items};
	int laid = -1;

	/* The report is read block by block as the layout wants them, so
	 * that neither its text, its tree nor its model is held whole. One
	 * that cannot be read so (see load_stream_open), or that has an
	 * error, is then read whole, as before, which says what is wrong:
	 * the messages are those of one way as of the other. */
	size_t mark = diags.count;
	int streamed = 0;
	model_reader *reader = NULL;
	if (!opt->dump_layout &&
	    model_reader_open(&reader, opt->input, &mo, &diags) == 0) {
		fonts = text_fonts_new();
		layout_source source = layout_reader_source(reader);
		lopt.source = &source;
		laid = layout_document(&ld, model_reader_doc(reader), fonts, &lopt,
		                       &diags);
		lopt.source = NULL;
		/* Read to its end, the report had no error. */
		streamed = model_reader_done(reader);
	}
	model_reader_close(reader);
	if (!streamed) {
		render_stream_free(sc.rs);
		sc.rs = NULL;
		layout_free(ld);
		ld = NULL;
		text_fonts_free(fonts); /* nothing of that try is kept */
		fonts = NULL;
		diag_truncate(&diags, mark);
		node *root = NULL;
		/* The content items' nodes are freed one by one as the model
		 * takes them, so that the tree and the model are not held
		 * whole together. */
		load_options lo = {&policy, &items};
		if (load_file(&root, &nodes, opt->input, &lo, &diags) != 0)
			goto done;
		if (model_build(&doc, root, &mo, &diags) != 0)
			goto done;
		arena_free(&nodes); /* the model owns copies of everything */
		load_items_free(&items);
		/* Nor is the YAML text needed any more (the model has what the
		 * layout needs to place messages): a message reads its line
		 * from the file again. */
		diag_source_release(&diags);
		fonts = text_fonts_new();
		laid = layout_document(&ld, doc, fonts, &lopt, &diags);
	} else {
		diag_source_release(&diags);
	}
	/* The texts not read from files (none, from the command line) keep
	 * only the lines the messages show. */
	diag_source_trim(&diags);
	/* Nor is the model needed any more (the layout owns its strings). */
	model_free(doc);
	doc = NULL;
	if (laid != 0 || diags.errors)
		goto done_stream;
	if (opt->dump_layout && write_dump(ld, opt->dump_layout, &diags) != 0)
		goto done_stream;
	if (opt->command == CMD_BUILD) {
		output = opt->output ? xstrdup(opt->output)
		                     : default_output(opt->input);
		if (sc.rs) {
			render_stream *rs = sc.rs;
			sc.rs = NULL; /* freed by the call */
			if (render_stream_finish_file(rs, ld, output, &diags) != 0)
				goto done_stream;
		} else {
			/* Each page's layout is freed as soon as it is drawn: the
			 * layout is not read again. */
			render_options ro = {.source_date_epoch = epoch,
			                     .page_done = release_page,
			                     .page_done_ctx = ld,
			                     .threads = opt->threads};
			if (render_pdf_file(ld, &ro, output, &diags) != 0)
				goto done_stream;
		}
		if (opt->verbose)
			fprintf(stderr, "carec-report: wrote %s (%zu pages)\n", output,
			        ld->npages);
	} else if (opt->verbose) {
		fprintf(stderr, "carec-report: %s is fine (%zu pages)\n",
		        opt->input, ld->npages);
	}
	if (opt->verbose && !opt->dump_layout)
		fprintf(stderr, "carec-report: %s\n", streamed
		        ? "the report was read block by block"
		        : "the report was read whole: its top level is not "
		          "settings followed by the content list, last");
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
	diag_print_all(&diags, stderr, use_color(opt->color));
	if (diags.errors) {
		fprintf(stderr, "carec-report: %zu error%s%s", diags.errors,
		        diags.errors == 1 ? "" : "s",
		        opt->command == CMD_BUILD ? "; no PDF written\n" : "\n");
	}
	text_hyphen_preload_wait();
	layout_free(ld);
	text_fonts_free(fonts);
	model_free(doc);
	arena_free(&nodes);
	load_items_free(&items);
	diag_free(&diags);
	path_policy_free(&policy);
	free(output);
	return rc;
}
