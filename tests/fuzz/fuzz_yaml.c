/* fuzz_yaml.c - the loader and the model: any bytes as a report. */
#include "fuzz.h"
#include "fuzz_common.h"
#include "load/load.h"
#include "model/model.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	diag_list d;
	arena a;
	node *root = NULL;
	model_doc *doc = NULL;
	diag_init(&d);
	arena_init(&a);
	load_options lo = {fuzz_policy()};
	if (load_buffer(&root, &a, fuzz_report_name(), (const char *)data, size,
	                &lo, &d) == 0) {
		model_options mo = {NULL, fuzz_policy(), NULL};
		model_build(&doc, root, &mo, &d);
	}
	/* Every diagnostic has a message and, when it names a line, a file. */
	for (size_t i = 0; i < d.count; i++)
		if (!d.items[i].message ||
		    (d.items[i].pos.line > 0 && !d.items[i].pos.file))
			__builtin_trap();
	model_free(doc);
	arena_free(&a);
	diag_free(&d);
	return 0;
}
