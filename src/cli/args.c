/* args.c - parsing the command line. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "model/model.h"

#ifndef CAREC_VERSION
#define CAREC_VERSION "0.0.0"
#endif

static const char usage[] =
	"usage: carec-report build REPORT.yaml [-o OUT.pdf] [--lang CODE]\n"
	"                          [--strict] [--allow-missing-glyphs]\n"
	"                          [--allow-path DIR]\n"
	"                          [--dump-layout FILE.json]\n"
	"                          [--watermark TEXT] [--threads N]\n"
	"                          [--print]\n"
	"       carec-report check REPORT.yaml [--lang CODE] [--strict]\n"
	"       carec-report schema\n"
	"       carec-report --help | --version\n";

static const char help[] =
	"\n"
	"Commands:\n"
	"  build   lay out the report and write the PDF\n"
	"  check   run every step except writing: YAML, schema, includes,\n"
	"          fonts and layout; print what is wrong\n"
	"  schema  print the JSON Schema of reports, for editors\n"
	"\n"
	"Options:\n"
	"  -o, --output FILE     where to write the PDF (default: the report's\n"
	"                        name with .pdf, next to it); - for stdout\n"
	"  --lang CODE           the language to show (en, ru, kk, ky, tg, uz,\n"
	"                        tk); default: the document's language\n"
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
	"or written; 128+N stopped by signal N, nothing replaced.\n"
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

cli_parse_result
cli_parse(cli_options *opt, int argc, char **argv)
{
	memset(opt, 0, sizeof(*opt));
	opt->color = -1;
	int have_command = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *next = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(usage, stdout);
			fputs(help, stdout);
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
		           strcmp(a, "--diagnostics-format") == 0) {
			if (!next)
				return fail("%s needs a value", a);
			i++;
			if (a[1] == 'o' || a[2] == 'o')
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
			else if (strcmp(a, "schema") == 0)
				opt->command = CMD_SCHEMA;
			else
				return fail("unknown command '%s' (use build, check or "
				            "schema)", a);
			have_command = 1;
		} else if (!opt->input) {
			opt->input = a;
		} else {
			return fail("only one report at a time; '%s' is extra", a);
		}
	}
	if (!have_command)
		return fail("%s", "no command given");
	if (opt->command == CMD_SCHEMA && opt->input)
		return fail("schema reads no report; '%s' is extra", opt->input);
	if (opt->command == CMD_SCHEMA)
		return CLI_RUN;
	if (!opt->input)
		return fail("%s", "no report file given");
	if (opt->lang && !model_language_known(opt->lang))
		return fail("--lang takes one of the codes en, ru, kk, ky, tg, "
		            "uz and tk, not '%s'", opt->lang);
	if (opt->command == CMD_CHECK && opt->output)
		return fail("%s", "check writes nothing; -o is for build");
	return CLI_RUN;
}
