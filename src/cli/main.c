/* main.c - carec-report: parse the command line, run, map to exit codes. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "util/datadir.h"

int main(int argc, char **argv);

/* Whether the data folder (fonts, hyphenation patterns, themes) is there;
 * if not, say where it was looked for. Every report needs it: the default
 * fonts and the hyphenation patterns are in it. */
static int
have_data(void)
{
	if (data_dir())
		return 1;
	char *places = data_dir_places();
	fprintf(stderr,
	        "carec-report: cannot find its data folder (fonts, "
	        "hyphenation patterns, themes); looked in:\n%s",
	        places);
	fputs("note: install carec-report with 'cmake --install', which puts "
	      "the data in PREFIX/share/carec-report beside PREFIX/bin, or set "
	      "CAREC_DATA_DIR to that folder\n",
	      stderr);
	free(places);
	return 0;
}

int
main(int argc, char **argv)
{
	cli_options opt;
	int rc;
	switch (cli_parse(&opt, argc, argv)) {
	case CLI_USAGE:
		rc = EXIT_USAGE;
		break;
	case CLI_DONE:
		rc = EXIT_OK;
		break;
	case CLI_RUN:
	default:
		if (opt.command == CMD_NEW)
			rc = cli_new(&opt);
		else if (opt.command == CMD_SCHEMA)
			rc = cli_schema(stdout);
		else if (opt.command == CMD_WATCH)
			rc = have_data() ? cli_watch(&opt) : EXIT_SYSTEM;
		else if (opt.command == CMD_MERGE)
			rc = have_data() ? cli_merge(&opt) : EXIT_SYSTEM;
		else if (opt.command == CMD_SERVE)
			rc = have_data() ? cli_serve(&opt) : EXIT_SYSTEM;
		else
			rc = have_data() ? cli_run(&opt) : EXIT_SYSTEM;
		break;
	}
	cli_options_free(&opt);
	return rc;
}
