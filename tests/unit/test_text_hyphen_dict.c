/* test_text_hyphen_dict.c - the patterns a run reads are the ones the
 * build prepared: tools/hyphen-prep (its path is argv[1]) prepares a
 * dictionary of our own into DIR/hyphen/en.dic, and with CAREC_DATA_DIR
 * set to DIR, text_hyphenate_word hyphenates with it. A pattern written
 * twice, as Debian's Russian file writes "уш1ла" and "ушла", keeps the
 * larger values of both, whichever comes first. A file that is not a
 * dictionary (an empty ru.dic here, which libhyphen would read as one
 * without a character set) gives no hyphen and is named by
 * text_hyphen_missing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "text/hyphen.h"

static char dir[64];

/* w with a '-' at each point text_hyphenate_word gives. */
static const char *
hyph(const char *lang, const char *w)
{
	static char out[64];
	size_t pos[16], len = strlen(w), o = 0, k = 0;
	size_t n = text_hyphenate_word(lang, w, len, pos, 16);
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

TEST(prepared_patterns_are_read)
{
	/* The hyphen is there only if the values of the copy with digits
	 * survive: first the bare copy, then the other way round. */
	CHECK_STR(hyph("en", "abcd"), "ab-cd");
	CHECK_STR(hyph("en", "efgh"), "ef-gh");
	/* A pattern written once works as it is. */
	CHECK_STR(hyph("en", "ijkl"), "ij-kl");
	CHECK_STR(hyph("en", "mnop"), "mnop");
	/* Not the distribution's patterns: they would split "hyphenation". */
	CHECK_STR(hyph("en", "hyphenation"), "hyphenation");
	CHECK(text_hyphen_missing("en") == NULL);
}

TEST(missing_patterns_give_no_hyphen)
{
	CHECK_STR(hyph("ru", "программа"), "программа");
	const char *m = text_hyphen_missing("ru");
	CHECK(m != NULL && strstr(m, "hyphen/ru.dic") != NULL);
	/* The rule languages need no file. */
	CHECK(text_hyphen_missing("kk") == NULL);
}

TEST(the_note_is_a_comment)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/hyphen/en.dic", dir);
	FILE *f = fopen(path, "r");
	CHECK(f != NULL);
	if (!f)
		return;
	char line[256] = "";
	CHECK(fgets(line, sizeof(line), f) != NULL);
	CHECK_STR(line, "UTF-8\n");
	CHECK(fgets(line, sizeof(line), f) != NULL);
	CHECK_STR(line, "% from a test\n");
	fclose(f);
}

/* Run prep SRC OUT NOTE; return its exit status (-1 if it did not run). */
static int
run_prep(const char *prep, const char *src, const char *out)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execl(prep, prep, src, out, "from a test", (char *)NULL);
		_exit(127);
	}
	int st;
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: test_text_hyphen_dict HYPHEN-PREP\n");
		return 1;
	}
	snprintf(dir, sizeof(dir), "%s", "/tmp/carec-hyphdict-XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	char src[128], sub[128], out[128], empty[128];
	snprintf(src, sizeof(src), "%s/source.dic", dir);
	snprintf(sub, sizeof(sub), "%s/hyphen", dir);
	snprintf(out, sizeof(out), "%s/hyphen/en.dic", dir);
	snprintf(empty, sizeof(empty), "%s/hyphen/ru.dic", dir);
	FILE *f = fopen(src, "w");
	if (!f || mkdir(sub, 0700) != 0)
		return 1;
	FILE *e = fopen(empty, "w");
	if (!e)
		return 1;
	fclose(e);
	fputs("UTF-8\nLEFTHYPHENMIN 2\nRIGHTHYPHENMIN 2\n"
	      "% a comment\n"
	      "abcd\nab1cd\n"
	      "ef1gh\nefgh\n"
	      "ij1kl\n", f);
	fclose(f);
	if (run_prep(argv[1], src, out) != 0) {
		fprintf(stderr, "hyphen-prep failed\n");
		return 1;
	}
	setenv("CAREC_DATA_DIR", dir, 1);
	RUN(prepared_patterns_are_read);
	RUN(missing_patterns_give_no_hyphen);
	RUN(the_note_is_a_comment);
	remove(out);
	remove(empty);
	remove(src);
	rmdir(sub);
	rmdir(dir);
	return harness_done();
}
