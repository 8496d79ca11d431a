/* main.c - carec-report: parse the command line, run, map to exit codes. */
#include "cli/cli.h"

int main(int argc, char **argv);

int
main(int argc, char **argv)
{
	cli_options opt;
	int rc = cli_parse(&opt, argc, argv);
	if (rc < 0)
		return EXIT_USAGE;
	if (rc > 0)
		return EXIT_OK;
	return cli_run(&opt);
}
