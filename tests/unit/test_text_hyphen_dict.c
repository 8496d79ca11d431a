/* test_text_hyphen_dict.c - how a dictionary is prepared before libhyphen
 * loads it, on a dictionary of our own (CAREC_HYPHEN_DIR): a pattern
 * written twice, as Debian's Russian file writes "уш1ла" and "ушла",
 * keeps the larger values of both, whichever comes first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "text/hyphen.h"

static char dir[64];

/* w with a '-' at each point text_hyphenate_word gives. */
static const char *
hyph(const char *w)
{
	static char out[64];
	size_t pos[16], len = strlen(w), o = 0, k = 0;
	size_t n = text_hyphenate_word("en", w, len, pos, 16);
	for (size_t i = 0; i <= len; i++) {
		if (k < n && pos[k] == i) {
			out[o++] = '-';
			k++;
		}
		if (i < len)
			out[o++] = w[i];
	}
	out[o] = '\0';
	return out;
}

TEST(pattern_written_twice_keeps_its_values)
{
	/* The hyphen is there only if the values of the copy with digits
	 * survive: first the bare copy, then the other way round. */
	CHECK_STR(hyph("abcd"), "ab-cd");
	CHECK_STR(hyph("efgh"), "ef-gh");
	/* A pattern written once works as it is. */
	CHECK_STR(hyph("ijkl"), "ij-kl");
	CHECK_STR(hyph("mnop"), "mnop");
}

int
main(void)
{
	snprintf(dir, sizeof(dir), "%s", "/tmp/carec-hyphdict-XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	char path[128];
	snprintf(path, sizeof(path), "%s/hyph_en_US.dic", dir);
	FILE *f = fopen(path, "w");
	if (!f)
		return 1;
	fputs("UTF-8\nLEFTHYPHENMIN 2\nRIGHTHYPHENMIN 2\n"
	      "abcd\nab1cd\n"
	      "ef1gh\nefgh\n"
	      "ij1kl\n", f);
	fclose(f);
	setenv("CAREC_HYPHEN_DIR", dir, 1);
	RUN(pattern_written_twice_keeps_its_values);
	remove(path);
	rmdir(dir);
	return harness_done();
}
