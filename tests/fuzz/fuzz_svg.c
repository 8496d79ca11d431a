/* fuzz_svg.c - the SVG reader: any bytes as an SVG file. */
#include "fuzz.h"
#include "fuzz_common.h"
#include "svg/svg.h"

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
	svg_image *img = NULL;
	diag_init(&d);
	int rc = svg_parse_buffer(&img, "fuzz.svg", (const char *)data, size, &d);
	if ((rc == 0) != (img != NULL) || (rc != 0 && d.errors == 0))
		__builtin_trap();
	svg_free(img);
	diag_free(&d);
	return 0;
}
