/* datadir.c - the data folder, relative to the binary (see datadir.h). */
#include "util/datadir.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/mem.h"

/* Where an install puts the data, from the folder of the binary: set by
 * CMake from GNUInstallDirs (bin and share/carec-report by default). */
#ifndef CAREC_DATA_FROM_BIN
#define CAREC_DATA_FROM_BIN "../share/carec-report"
#endif

static const char *const from_bin[] = {"/" CAREC_DATA_FROM_BIN,
                                       "/share/carec-report"};

static int
is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder of the running binary, newly allocated, or NULL. */
static char *
bin_dir(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	return xstrndup(exe, (size_t)(slash - exe));
}

static char *found;
static int looked;

const char *
data_dir(void)
{
	if (looked)
		return found;
	looked = 1;
	const char *env = getenv("CAREC_DATA_DIR");
	if (env && *env) {
		if (is_dir(env))
			found = xstrdup(env);
		return found;
	}
	char *bin = bin_dir();
	if (!bin)
		return NULL;
	for (size_t i = 0; i < sizeof(from_bin) / sizeof(from_bin[0]) && !found;
	     i++) {
		char *p = xasprintf("%s%s", bin, from_bin[i]);
		char real[PATH_MAX];
		if (is_dir(p) && realpath(p, real))
			found = xstrdup(real);
		free(p);
	}
	free(bin);
	return found;
}

char *
data_path(const char *rel)
{
	const char *d = data_dir();
	return d ? xasprintf("%s/%s", d, rel) : NULL;
}

char *
data_dir_places(void)
{
	buf b;
	buf_init(&b);
	const char *env = getenv("CAREC_DATA_DIR");
	if (env && *env) {
		/* Set: the only place looked in. */
		buf_printf(&b, "  %s (from $CAREC_DATA_DIR, which is not a "
		           "folder)\n", env);
		return buf_detach(&b);
	}
	buf_puts(&b, "  $CAREC_DATA_DIR (not set)\n");
	char *bin = bin_dir();
	for (size_t i = 0; i < sizeof(from_bin) / sizeof(from_bin[0]); i++)
		buf_printf(&b, "  %s%s (%s)\n", bin ? bin : "BINDIR", from_bin[i],
		           i == 0 ? "an installed copy" : "a build folder");
	free(bin);
	return buf_detach(&b);
}
