/* new.c - carec-report new NAME: write a starter report to edit. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/mem.h"

/* The starter: a bilingual report that builds as it is, with the
 * installed CAREC theme, each part explained for someone who has not
 * written YAML before. Its facts come from CAREC's own description. */
static const char starter[] =
	"# %s: a report in English and Russian, made with carec-report.\n"
	"#\n"
	"# Build it (one PDF for each language):\n"
	"#   carec-report build %s.yaml        ->  %s.en.pdf and %s.ru.pdf\n"
	"# Check it without writing anything:\n"
	"#   carec-report check %s.yaml\n"
	"# See it in your browser, updated each time you save this file:\n"
	"#   carec-report serve        (then open the address it prints)\n"
	"#\n"
	"# How to edit it:\n"
	"# - A line starting with # is a comment: carec-report skips it.\n"
	"# - Indentation matters: use spaces, never tabs, and keep each line\n"
	"#   as far in as the lines around it.\n"
	"# - Every text has an English (en:) and a Russian (ru:) version.\n"
	"#   A missing translation is reported, with the line to fix.\n"
	"# - A text with a colon followed by a space in it goes in \"quotes\".\n"
	"# - **bold** and *italic* work inside any text.\n"
	"\n"
	"document:\n"
	"  languages: [en, ru]       # the languages: one PDF for each\n"
	"  title:\n"
	"    en: About CAREC\n"
	"    ru: О РЭЦЦА\n"
	"  subtitle:\n"
	"    en: The Regional Environmental Centre for Central Asia\n"
	"    ru: Региональный экологический центр Центральной Азии\n"
	"  author: {en: CAREC, ru: РЭЦЦА}\n"
	"  cover: true               # a cover page with the title and the "
	"logo\n"
	"\n"
	"theme: carec                # CAREC's fonts, colours and logo\n"
	"\n"
	"# The content: one block after another, each starting with '- '.\n"
	"content:\n"
	"  - contents                # the table of contents, made for you\n"
	"\n"
	"  - heading: {en: Who we are, ru: Кто мы}\n"
	"\n"
	"  # A paragraph: '>' lets the text go on over several lines.\n"
	"  - paragraph:\n"
	"      en: >\n"
	"        The Regional Environmental Centre for Central Asia (**CAREC**)\n"
	"        is an independent, non-political and not-for-profit\n"
	"        international organisation. It assists the Central Asian\n"
	"        governments, regional and international stakeholders in\n"
	"        addressing environmental and sustainability challenges across\n"
	"        Central Asia and Afghanistan.\n"
	"      ru: >\n"
	"        Региональный экологический центр Центральной Азии (**РЭЦЦА**) —\n"
	"        независимая, неполитическая и некоммерческая международная\n"
	"        организация. Центр содействует правительствам стран\n"
	"        Центральной Азии, региональным и международным\n"
	"        заинтересованным сторонам в решении экологических проблем и\n"
	"        задач устойчивого развития в Центральной Азии и Афганистане.\n"
	"\n"
	"  # Key figures: big numbers, each with a short label.\n"
	"  - figures:\n"
	"      - value: \"2001\"\n"
	"        label: {en: the year CAREC was established, ru: год основания "
	"РЭЦЦА}\n"
	"      - value: \"5\"\n"
	"        label: {en: Central Asian states founded CAREC, ru: "
	"государств-учредителей в Центральной Азии}\n"
	"\n"
	"  # A callout: a tinted box for the one message to remember.\n"
	"  # Its tone is info, success or warning.\n"
	"  - callout:\n"
	"      en: >\n"
	"        CAREC's head office is in Almaty, Kazakhstan, with country\n"
	"        offices in the five Central Asian states.\n"
	"      ru: >\n"
	"        Штаб-квартира РЭЦЦА находится в Алматы (Казахстан), а\n"
	"        страновые офисы — в пяти государствах Центральной Азии.\n"
	"    title: {en: Where we work, ru: Где мы работаем}\n"
	"    tone: info\n"
	"\n"
	"  # Add your own blocks below: copy a heading and a paragraph,\n"
	"  # then change their text in both languages.\n";

/* The file name for NAME: NAME.yaml (NAME may already end in .yaml), in
 * dir when given. */
static char *
starter_path(const char *name, const char *dir)
{
	size_t n = strlen(name);
	if (n > 5 && strcmp(name + n - 5, ".yaml") == 0)
		n -= 5;
	if (!dir)
		return xasprintf("%.*s.yaml", (int)n, name);
	size_t dl = strlen(dir);
	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	return xasprintf("%.*s/%.*s.yaml", (int)dl, dir, (int)n, name);
}

int
cli_new(const cli_options *opt)
{
	const char *name = opt->input;
	size_t n = strlen(name);
	if (n > 5 && strcmp(name + n - 5, ".yaml") == 0)
		n -= 5;
	if (n == 0 || strchr(name, '/') || name[0] == '.' || name[0] == '-') {
		fprintf(stderr, "carec-report: new: '%s' is not a report name; "
		        "give a name such as donor-update (and --dir DIR for "
		        "another folder)\n", name);
		return EXIT_USAGE;
	}
	char *path = starter_path(name, opt->new_dir);
	/* Never over an existing file: it may be a report being written. */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0) {
		int e = errno;
		if (e == EEXIST)
			fprintf(stderr, "carec-report: new: '%s' exists already; "
			        "choose another name (nothing was written)\n", path);
		else
			fprintf(stderr, "carec-report: new: cannot write '%s': %s\n",
			        path, strerror(e));
		free(path);
		return e == EEXIST ? EXIT_USAGE : EXIT_SYSTEM;
	}
	char *stem = xasprintf("%.*s", (int)n, name);
	char *text = xasprintf(starter, stem, stem, stem, stem, stem);
	free(stem);
	size_t len = strlen(text), done = 0;
	while (done < len) {
		ssize_t w = write(fd, text + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	int e = done < len ? errno : 0;
	if (close(fd) != 0 && !e)
		e = errno;
	if (done < len || e) {
		fprintf(stderr, "carec-report: new: cannot write '%s': %s\n", path,
		        strerror(e ? e : EIO));
		unlink(path);
		free(text);
		free(path);
		return EXIT_SYSTEM;
	}
	printf("wrote %s; build it with: carec-report build %s\n"
	       "or see it in your browser as you edit it: carec-report serve%s%s\n",
	       path, path, opt->new_dir ? " " : "",
	       opt->new_dir ? opt->new_dir : "");
	free(text);
	free(path);
	return EXIT_OK;
}
