/*
 * cli.h - the carec-report command line. Only src/cli/ includes this.
 */
#ifndef CAREC_CLI_H
#define CAREC_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "util/paths.h"

/* Exit codes, as documented in README.md. */
enum {
	EXIT_OK = 0,      /* the PDF was written (or the check passed) */
	EXIT_INPUT = 1,   /* the input has errors; diagnostics were printed */
	EXIT_USAGE = 2,   /* the command line is wrong */
	EXIT_SYSTEM = 3   /* a file could not be read or written, or out of
	                   * memory (MEM_OOM_EXIT in util/mem.h) */
};

typedef enum cli_command {
	CMD_BUILD,
	CMD_CHECK,
	CMD_SCHEMA, /* print the JSON Schema of reports (schema.c) */
	CMD_NEW,    /* write a starter report (new.c) */
	CMD_WATCH,  /* build, and again on every change (watch.c) */
	CMD_SERVE,  /* a live preview in the browser (serve.c) */
	CMD_MERGE   /* a PDF for each row of a data file (merge.c) */
} cli_command;

typedef struct cli_options {
	cli_command command;
	const char *input;   /* the first report (or new's NAME) */
	const char **inputs; /* every report, in order (malloc'd) */
	int ninputs;
	const char *out_dir;     /* --out-dir DIR: DIR/NAME.LANG.pdf */
	const char *new_dir;     /* new --dir D: where NAME.yaml goes */
	const char *host;        /* serve --host H (NULL: 127.0.0.1) */
	int port;                /* serve --port N (-1: the default) */
	const char *output;      /* -o; NULL: next to the input */
	const char *lang;        /* --lang */
	const char *dump_layout; /* --dump-layout FILE */
	const char *watermark;   /* --watermark TEXT */
	int threads;             /* --threads N: 1 or 2; 0 for the default */
	int print;               /* --print: the PDF for the print shop */
	int strict;
	int allow_missing_glyphs;
	const char *allow_paths[16]; /* --allow-path, repeatable */
	int nallow_paths;
	int verbose;
	int color;               /* -1 auto, 0 never, 1 always */
	int diag_json;           /* --diagnostics-format json */
	/* merge (merge.c) */
	const char *data;        /* --data FILE: the rows */
	const char *lang_field;  /* --lang-field NAME (NULL: language) */
	const char *results;     /* --results FILE.jsonl */
	const char *shard;       /* --shard I/N, as given */
	int shard_count;         /* --shard-count N (0: none) */
	int jobs;                /* --jobs K (0: the cores) */
	int skip_existing;       /* --skip-existing */
} cli_options;

/* What cli_parse found: a command to run, --help or --version handled
 * (exit 0), or a usage error, printed (exit EXIT_USAGE). */
typedef enum { CLI_RUN, CLI_DONE, CLI_USAGE } cli_parse_result;

/* Parse argv into opt. */
cli_parse_result cli_parse(cli_options *opt, int argc, char **argv);

/* Print the JSON Schema of reports to out (schema.c); return the exit
 * code. */
int cli_schema(FILE *out);

/* Free what cli_parse allocated in opt. */
void cli_options_free(cli_options *opt);

/* Run build or check on every report of opt, in every language each is
 * to be shown in; return the worst exit code. */
int cli_run(const cli_options *opt);

/* Write a PDF for each row of opt->data from the template opt->input
 * (merge.c); return the worst exit code of the rows. */
int cli_merge(const cli_options *opt);

/* Call handler on SIGINT, SIGTERM, SIGHUP and SIGPIPE (each blocking the
 * others); a stop signal ignored when the run began (nohup, a background
 * job) stays ignored. SIGXFSZ (the file size limit, ulimit -f) is
 * ignored, so that a write fails with EFBIG and is reported like a full
 * disk, instead of killing the process mid-file. */
void cli_catch_stops(void (*handler)(int));

/* Write the starter report (new NAME); return the exit code. */
int cli_new(const cli_options *opt);

/* What watch and serve want of a run besides its PDFs. */
typedef struct cli_hooks {
	FILE *diags;         /* where the report's messages go (NULL: stderr) */
	int color;           /* colour them (-1: as --color says) */
	path_note_fn note;   /* told of every file the reports read, through
	                      * their path policy (util/paths.h) */
	void *note_ctx;
	size_t errors, warnings; /* added to: those printed */
	char langs[64];      /* out: the languages the last report was run
	                      * in, "en ru" ("" when it could not be read) */
} cli_hooks;

/* cli_run for watch and serve: the same builds, with hooks, and without
 * cli_run's signal handlers (the caller waits for its signals). */
int cli_run_hooked(const cli_options *opt, cli_hooks *hooks);

/* Build the report opt->input, then again whenever a file it reads
 * changes, until SIGINT or SIGTERM (watch.c); return the exit code. */
int cli_watch(const cli_options *opt);

/* Serve the reports of the folder opt->input (NULL: the current one) on
 * opt->host and opt->port, rebuilt as they change, until SIGINT or
 * SIGTERM (serve.c); return the exit code. */
int cli_serve(const cli_options *opt);

#endif
