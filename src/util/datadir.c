/* datadir.c - the data folder, relative to the binary (see datadir.h). */
#include "util/datadir.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/mem.h"

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
	static const char *const rel[] = {"/../share/carec-report",
	                                  "/share/carec-report"};
	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]) && !found; i++) {
		char *p = xasprintf("%s%s", bin, rel[i]);
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
