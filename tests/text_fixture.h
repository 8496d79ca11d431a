/* text_fixture.h - for unit tests of the text stage: the font set and the
 * Noto Sans faces (from the repo root, where ctest runs them) that their
 * paragraphs are set in, and the messages the text stage adds. */
#ifndef CAREC_TESTS_TEXT_FIXTURE_H
#define CAREC_TESTS_TEXT_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "text/text.h"
#include "util/diag.h"

static text_fonts *fonts;
static diag_list diags;

/* Start the font set and the message list (once, before any face). */
static inline void
fixture_begin(void)
{
	diag_init(&diags);
	fonts = text_fonts_new();
}

/* Open the font file at path as the one face of st, or end the test
 * program: without its font no test of it means anything. */
static inline void
fixture_face(text_stack *st, const char *path)
{
	src_pos at = {"test", 1, 1};
	st->fonts[0] = text_fonts_open(fonts, path, at, &diags);
	st->count = 1;
	if (!st->fonts[0]) {
		fprintf(stderr, "cannot open %s (run from the repo root)\n", path);
		exit(1);
	}
}

#endif
