/* fuzz_image.c - PNG and JPEG decoding: any bytes as an image file. The
 * image stage reads files only, so each input goes to a private file. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "fuzz_common.h"
#include "image/image.h"

static char path[160];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup();
	snprintf(path, sizeof(path), "%s.img", fuzz_report_name());
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	for (unsigned flags = 0; flags <= IMAGE_KEEP_JPEG; flags++) {
		diag_list d;
		arena a;
		image im;
		diag_init(&d);
		arena_init(&a);
		src_pos pos = {"fuzz.yaml", 1, 1};
		if (image_load(&im, NULL, path, flags, &a, pos, &d) == IMAGE_OK) {
			/* A decoded image is complete and within the limits. */
			if (im.width <= 0 || im.height <= 0 ||
			    (!im.pixels && !im.jpeg))
				__builtin_trap();
			if (im.pixels) {
				volatile unsigned sum = 0;
				size_t n = (size_t)im.width * (size_t)im.height *
				           (size_t)(im.components ? im.components : 1);
				for (size_t i = 0; i < n; i += 997)
					sum += im.pixels[i];
				(void)sum;
			}
		} else if (d.errors == 0) {
			__builtin_trap(); /* a failure must say why */
		}
		arena_free(&a);
		diag_free(&d);
	}
	remove(path);
	return 0;
}
