/* args.c - parsing the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "model/model.h"
#include "rows/rows.h"
#include "util/mem.h"

#ifndef CAREC_VERSION
#define CAREC_VERSION "0.0.0"
#endif

static const char usage[] =
	"usage: carec-report build REPORT.yaml... [-o OUT.pdf | --out-dir DIR]\n"
	"                          [--lang CODE] [--strict]\n"
	"                          [--allow-missing-glyphs]\n"
	"                          [--allow-path DIR]\n"
	"                          [--dump-layout FILE.json]\n"
	"                          [--watermark TEXT] [--threads N]\n"
	"                          [--print]\n"
	"       carec-report check REPORT.yaml... [--lang CODE] [--strict]\n"
	"       carec-report watch REPORT.yaml [-o OUT.pdf | --out-dir DIR]\n"
	"                          [--lang CODE] [build's options]\n"
	"       carec-report serve [DIR] [--port N] [--host ADDRESS]\n"
	"       carec-report merge TEMPLATE.yaml --data FILE -o 'DIR/{id}.pdf'\n"
	"                          [--lang-field NAME] [--jobs K]\n"
	"                          [--shard I/N | --shard-count N]\n"
	"                          [--results FILE.jsonl] [--skip-existing]\n"
	"       carec-report new NAME [--dir DIR]\n"
	"       carec-report schema\n"
	"       carec-report --help | --version\n";

static const char help[] =
	"\n"
	"Commands:\n"
	"  build   lay out each report and write its PDFs: one for each\n"
	"          language it declares (document: languages: [en, ru]),\n"
	"          or the one --lang picks\n"
	"  check   run every step except writing: YAML, schema, includes,\n"
	"          fonts and layout, in every language each report declares;\n"
	"          print what is wrong\n"
	"  watch   build, then build again whenever the report or a file it\n"
	"          reads changes (Ctrl-C stops); a broken edit keeps the last\n"
	"          good PDF\n"
	"  serve   a live preview in the browser of the reports in DIR (the\n"
	"          current folder): each beside its diagnostics, reloaded\n"
	"          when it is rebuilt (Ctrl-C stops)\n"
	"  merge   a PDF for each row of a data file (CSV, JSON Lines or a\n"
	"          YAML list): the row's fields are the template's {{ data }}\n"
	"          (over its 'data:'), its 'language' field its language\n"
	"  new     write NAME.yaml, a starter report in English and Russian\n"
	"          that builds as it is: edit it\n"
	"  schema  print the JSON Schema of reports, for editors\n"
	"\n";

/* Two strings: C99 compilers need take only 4095 characters in one. */
static const char help_options[] =
	"Options:\n"
	"  -o, --output FILE     where to write the PDF, for one report in one\n"
	"                        language (pick it with --lang when the report\n"
	"                        declares several); - for stdout. Default: the\n"
	"                        report's name with .LANG.pdf for each language\n"
	"                        it declares, else with .pdf, next to it\n"
	"  --out-dir DIR         write DIR/NAME.LANG.pdf for every report and\n"
	"                        language (DIR is made if missing)\n"
	"  --lang CODE           the one language to show (en, ru, kk, ky, tg,\n"
	"                        uz, tk); default: every language the report\n"
	"                        declares, else the document's language\n"
	"  --dir DIR             (new) write NAME.yaml in DIR, not here\n"
	"  --port N              (serve) the port to listen on (default 8080;\n"
	"                        0: any free one)\n"
	"  --host ADDRESS        (serve) the address to listen on (default\n"
	"                        127.0.0.1: this computer only)\n"
	"  --data FILE           (merge) the rows: .csv (a header row, then a\n"
	"                        row a line), .jsonl (an object a line) or\n"
	"                        .yaml (a list of maps)\n"
	"  -o 'DIR/{id}.pdf'     (merge) each row's PDF, {field} its value: a\n"
	"                        value with '/', or starting with '.', or two\n"
	"                        rows with one PDF, is an error of the row\n"
	"  --lang-field NAME     (merge) the field that gives a row's language\n"
	"                        (default: language)\n"
	"  --jobs K              (merge) rows done at once (default: the cores)\n"
	"  --shard I/N           (merge) only the rows whose index (from 0)\n"
	"                        mod N is I; without it, a Slurm job array's\n"
	"                        SLURM_ARRAY_TASK_ID and _COUNT say which\n"
	"  --shard-count N       (merge) Kubernetes Indexed Jobs: the shard is\n"
	"                        JOB_COMPLETION_INDEX of N\n"
	"  --results FILE.jsonl  (merge) each row's status, PDF and bytes\n"
	"  --skip-existing       (merge) leave a row whose PDF exists (resume)\n"
	"  --strict              treat warnings as errors\n"
	"  --allow-missing-glyphs  a character no font has is a warning\n"
	"  --allow-path DIR      also allow files inside DIR (repeatable); by\n"
	"                        default only files in the project folder (the\n"
	"                        nearest folder with a .carec-project file)\n"
	"  --dump-layout FILE    also write every positioned box as JSON\n"
	"  --watermark TEXT      print TEXT across every page (DRAFT)\n"
	"  --print               the PDF for the print shop: bleed, crop and\n"
	"                        fold marks, CMYK (the theme's print: section)\n"
	"  --threads N           1: use one processor core; 2 (the default):\n"
	"                        two, where it is faster; the PDF is the same\n"
	"  --color WHEN          colour diagnostics: auto, always or never\n"
	"  --diagnostics-format FORMAT  text (the default) or json: one JSON\n"
	"                        document on stderr, for CI annotations\n"
	"  -v, --verbose         say what was written, and which characters\n"
	"                        were set in a fallback font\n"
	"  -h, --help            show this help\n"
	"  --version             show the version\n"
	"\n"
	"Exit codes: 0 done; 1 the input has errors (printed); 2 usage error\n"
	"(also -o naming a file the report reads); 3 a file could not be read\n"
	"or written; 128+N stopped by signal N, nothing replaced. With several\n"
	"reports or languages, a failing one does not stop the others, and\n"
	"the exit code is the worst of them.\n"
	"SOURCE_DATE_EPOCH, when set, gives the PDF's creation date.\n";

static cli_parse_result
fail(const char *fmt, const char *arg)
{
	fputs("carec-report: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\n", stderr);
	fputs(usage, stderr);
	return CLI_USAGE;
}

/* The length of path's last part without its extension. */
static size_t
name_len(const char *name)
{
	const char *dot = strrchr(name, '.');
	return dot ? (size_t)(dot - name) : strlen(name);
}

/* The options of several reports, languages, and new: whatever would
 * be ambiguous is a usage error. */
static cli_parse_result
check_batch(const cli_options *opt)
{
	if (opt->command == CMD_NEW) {
		if (opt->output || opt->out_dir || opt->lang || opt->dump_layout)
			return fail("%s", "new takes only the report's NAME and "
			                  "--dir DIR");
		return CLI_RUN;
	}
	int merge_opt = opt->data || opt->lang_field || opt->results ||
	                opt->shard || opt->shard_count || opt->jobs ||
	                opt->skip_existing;
	if (opt->command == CMD_MERGE) {
		if (!opt->data)
			return fail("%s", "merge needs the rows: --data FILE (.csv, "
			                  ".jsonl or .yaml)");
		if (!opt->output)
			return fail("%s", "merge needs where each row's PDF goes: "
			                  "-o 'DIR/{id}.pdf' ({id}: a field's value)");
		if (opt->ninputs > 1)
			return fail("merge takes one template; '%s' is extra",
			            opt->inputs[1]);
		if (opt->out_dir || opt->dump_layout || opt->new_dir ||
		    opt->threads || opt->diag_json || opt->host || opt->port >= 0)
			return fail("%s", "merge takes -o 'DIR/{id}.pdf' for its "
			                  "PDFs and --jobs K for its processes; "
			                  "--out-dir, --dump-layout, --threads and "
			                  "--diagnostics-format json are for build");
		if (opt->shard && opt->shard_count)
			return fail("%s", "--shard I/N says the shard and the count; "
			                  "--shard-count is for a Kubernetes Indexed "
			                  "Job, without --shard");
		if (opt->data[0] && !rows_known_format(opt->data))
			return fail("merge reads .csv, .jsonl and .yaml data files; "
			            "'%s' is none", opt->data);
		return CLI_RUN;
	}
	if (merge_opt)
		return fail("%s", "--data, --lang-field, --results, --shard, "
		                  "--shard-count, --jobs and --skip-existing are "
		                  "for merge");
	if (opt->new_dir)
		return fail("%s", "--dir is for new; build writes its PDFs in "
		                  "--out-dir DIR");
	if ((opt->host || opt->port >= 0) && opt->command != CMD_SERVE)
		return fail("%s", "--port and --host are for serve");
	if (opt->command == CMD_SERVE) {
		if (opt->output || opt->out_dir || opt->lang || opt->dump_layout)
			return fail("%s", "serve builds every report of its folder in "
			                  "every language, into a folder of its own: "
			                  "-o, --out-dir, --lang and --dump-layout are "
			                  "for build and watch");
		if (opt->ninputs > 1)
			return fail("serve shows the reports of one folder; '%s' is "
			            "extra", opt->inputs[1]);
		return CLI_RUN;
	}
	if (opt->command == CMD_WATCH && opt->ninputs > 1)
		return fail("watch takes one report; '%s' is extra (start one "
		            "watch for each)", opt->inputs[1]);
	if (opt->output && opt->out_dir)
		return fail("%s", "-o names one PDF and --out-dir a folder for "
		                  "them all; give one of them");
	if (opt->command == CMD_CHECK && opt->out_dir)
		return fail("%s", "check writes nothing; --out-dir is for build");
	if (opt->output && opt->ninputs > 1)
		return fail("-o names one PDF, but %s reports are given; write "
		            "them with --out-dir DIR", opt->ninputs == 2 ? "two"
		                                                         : "several");
	if (opt->dump_layout && opt->ninputs > 1)
		return fail("%s", "--dump-layout names one file; give one report "
		                  "with it");
	if (!opt->out_dir)
		return CLI_RUN;
	/* Two reports of one name would write the same DIR/NAME.LANG.pdf. */
	for (int i = 0; i < opt->ninputs; i++) {
		const char *a = strrchr(opt->inputs[i], '/');
		a = a ? a + 1 : opt->inputs[i];
		for (int j = 0; j < i; j++) {
			const char *b = strrchr(opt->inputs[j], '/');
			b = b ? b + 1 : opt->inputs[j];
			if (name_len(a) == name_len(b) &&
			    strncmp(a, b, name_len(a)) == 0)
				return fail("two reports named '%s' would write the same "
				            "PDFs in --out-dir; rename one, or build "
				            "them in two calls", opt->inputs[i]);
		}
	}
	return CLI_RUN;
}

void
cli_options_free(cli_options *opt)
{
	free(opt->inputs);
	opt->inputs = NULL;
}

cli_parse_result
cli_parse(cli_options *opt, int argc, char **argv)
{
	memset(opt, 0, sizeof(*opt));
	opt->color = -1;
	opt->port = -1;
	int have_command = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *next = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(usage, stdout);
			fputs(help, stdout);
			fputs(help_options, stdout);
			return CLI_DONE;
		} else if (strcmp(a, "--version") == 0) {
			printf("carec-report %s\n", CAREC_VERSION);
			return CLI_DONE;
		} else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0 ||
		           strcmp(a, "--lang") == 0 ||
		           strcmp(a, "--dump-layout") == 0 ||
		           strcmp(a, "--watermark") == 0 ||
		           strcmp(a, "--threads") == 0 ||
		           strcmp(a, "--color") == 0 ||
		           strcmp(a, "--diagnostics-format") == 0 ||
		           strcmp(a, "--out-dir") == 0 ||
		           strcmp(a, "--dir") == 0 || strcmp(a, "--port") == 0 ||
		           strcmp(a, "--host") == 0 || strcmp(a, "--data") == 0 ||
		           strcmp(a, "--lang-field") == 0 ||
		           strcmp(a, "--results") == 0 ||
		           strcmp(a, "--shard") == 0 ||
		           strcmp(a, "--shard-count") == 0 ||
		           strcmp(a, "--jobs") == 0) {
			if (!next)
				return fail("%s needs a value", a);
			i++;
			if (strcmp(a, "--port") == 0) {
				char *end;
				long v = strtol(next, &end, 10);
				if (!*next || *end || v < 0 || v > 65535)
					return fail("--port takes a number from 0 to 65535 "
					            "(0: any free port), not '%s'", next);
				opt->port = (int)v;
			} else if (strcmp(a, "--jobs") == 0 ||
			           strcmp(a, "--shard-count") == 0) {
				char *end;
				long v = strtol(next, &end, 10);
				if (!*next || *end || v < 1 || v > 1000000)
					return fail(a[2] == 'j'
					                    ? "--jobs takes a number of "
					                      "processes from 1, not '%s'"
					                    : "--shard-count takes the "
					                      "number of shards, not '%s'",
					            next);
				if (a[2] == 'j')
					opt->jobs = (int)v;
				else
					opt->shard_count = (int)v;
			} else if (strcmp(a, "--data") == 0)
				opt->data = next;
			else if (strcmp(a, "--lang-field") == 0)
				opt->lang_field = next;
			else if (strcmp(a, "--results") == 0)
				opt->results = next;
			else if (strcmp(a, "--shard") == 0)
				opt->shard = next;
			else if (strcmp(a, "--host") == 0)
				opt->host = next;
			else if (strcmp(a, "--out-dir") == 0)
				opt->out_dir = next;
			else if (strcmp(a, "--dir") == 0)
				opt->new_dir = next;
			else if (a[1] == 'o' || a[2] == 'o')
				opt->output = next;
			else if (strcmp(a, "--lang") == 0)
				opt->lang = next;
			else if (strcmp(a, "--dump-layout") == 0)
				opt->dump_layout = next;
			else if (strcmp(a, "--watermark") == 0)
				opt->watermark = next;
			else if (strcmp(a, "--diagnostics-format") == 0) {
				if (strcmp(next, "text") != 0 && strcmp(next, "json") != 0)
					return fail("--diagnostics-format takes text or json, "
					            "not '%s'", next);
				opt->diag_json = next[0] == 'j';
			} else if (strcmp(a, "--threads") == 0) {
				if (strcmp(next, "1") != 0 && strcmp(next, "2") != 0)
					return fail("--threads takes 1 or 2, not '%s'", next);
				opt->threads = next[0] - '0';
			}
			else if (strcmp(next, "auto") == 0)
				opt->color = -1;
			else if (strcmp(next, "always") == 0)
				opt->color = 1;
			else if (strcmp(next, "never") == 0)
				opt->color = 0;
			else
				return fail("--color takes auto, always or never, not "
				            "'%s'", next);
		} else if (strcmp(a, "--strict") == 0) {
			opt->strict = 1;
		} else if (strcmp(a, "--skip-existing") == 0) {
			opt->skip_existing = 1;
		} else if (strcmp(a, "--print") == 0) {
			opt->print = 1;
		} else if (strcmp(a, "--allow-path") == 0) {
			if (!next)
				return fail("%s needs a folder", a);
			if (opt->nallow_paths == 16)
				return fail("%s", "at most 16 --allow-path folders");
			opt->allow_paths[opt->nallow_paths++] = next;
			i++;
		} else if (strcmp(a, "--allow-missing-glyphs") == 0) {
			opt->allow_missing_glyphs = 1;
		} else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
			opt->verbose = 1;
		} else if (a[0] == '-' && a[1] != '\0') {
			return fail("unknown option '%s'", a);
		} else if (!have_command) {
			if (strcmp(a, "build") == 0)
				opt->command = CMD_BUILD;
			else if (strcmp(a, "check") == 0)
				opt->command = CMD_CHECK;
			else if (strcmp(a, "new") == 0)
				opt->command = CMD_NEW;
			else if (strcmp(a, "schema") == 0)
				opt->command = CMD_SCHEMA;
			else if (strcmp(a, "watch") == 0)
				opt->command = CMD_WATCH;
			else if (strcmp(a, "serve") == 0)
				opt->command = CMD_SERVE;
			else if (strcmp(a, "merge") == 0)
				opt->command = CMD_MERGE;
			else
				return fail("unknown command '%s' (use build, check, "
				            "merge, watch, serve, new or schema)", a);
			have_command = 1;
		} else if (opt->command == CMD_NEW && opt->input) {
			return fail("new writes one report at a time; '%s' is extra",
			            a);
		} else {
			if (!opt->inputs)
				opt->inputs = xcalloc((size_t)argc, sizeof(char *));
			opt->inputs[opt->ninputs++] = a;
			if (!opt->input)
				opt->input = a;
		}
	}
	if (!have_command)
		return fail("%s", "no command given");
	if (opt->command == CMD_SCHEMA && opt->input)
		return fail("schema reads no report; '%s' is extra", opt->input);
	if (opt->command == CMD_SCHEMA)
		return CLI_RUN;
	if (!opt->input && opt->command == CMD_NEW)
		return fail("%s", "new needs the report's NAME");
	if (!opt->input && opt->command != CMD_SERVE)
		return fail("%s", "no report file given");
	cli_parse_result batch = check_batch(opt);
	if (batch != CLI_RUN)
		return batch;
	if (opt->lang && !model_language_known(opt->lang))
		return fail("--lang takes one of the codes en, ru, kk, ky, tg, "
		            "uz and tk, not '%s'", opt->lang);
	if (opt->command == CMD_CHECK && opt->output)
		return fail("%s", "check writes nothing; -o is for build");
	return CLI_RUN;
}
