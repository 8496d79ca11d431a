/* watcher.c - the files a build read, and inotify on their folders (see
 * watcher.h). */
#include "cli/watcher.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "util/mem.h"

void
fileset_init(fileset *fs)
{
	memset(fs, 0, sizeof(*fs));
	pthread_mutex_init(&fs->lock, NULL);
}

void
fileset_clear(fileset *fs)
{
	for (size_t i = 0; i < fs->npaths; i++)
		free(fs->paths[i]);
	for (size_t i = 0; i < fs->nkeys; i++)
		free(fs->keys[i]);
	free(fs->keys);
	fs->keys = NULL;
	fs->npaths = fs->nkeys = 0;
}

void
fileset_free(fileset *fs)
{
	fileset_clear(fs);
	free(fs->paths);
	pthread_mutex_destroy(&fs->lock);
	memset(fs, 0, sizeof(*fs));
}

void
fileset_note(void *ctx, const char *path)
{
	fileset *fs = ctx;
	pthread_mutex_lock(&fs->lock);
	size_t i = 0;
	while (i < fs->npaths && strcmp(fs->paths[i], path) != 0)
		i++;
	if (i == fs->npaths) {
		fs->paths = xgrow(fs->paths, &fs->cappaths, fs->npaths + 1,
		                  sizeof(*fs->paths));
		fs->paths[fs->npaths++] = xstrdup(path);
	}
	pthread_mutex_unlock(&fs->lock);
}

/* The key of path: its folder's real path, '/', its name (malloc'd); or
 * NULL when the folder cannot be resolved. */
static char *
key_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1
	                                                 : (size_t)(slash - path))
	                  : xstrdup(".");
	const char *name = slash ? slash + 1 : path;
	char *real = realpath(dir, NULL);
	free(dir);
	if (!real || !*name)
		return free(real), NULL;
	char *key = xasprintf("%s/%s", strcmp(real, "/") ? real : "", name);
	free(real);
	return key;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
fileset_resolve(fileset *fs)
{
	pthread_mutex_lock(&fs->lock);
	for (size_t i = 0; i < fs->nkeys; i++)
		free(fs->keys[i]);
	free(fs->keys);
	fs->keys = xcalloc(2 * fs->npaths + 1, sizeof(*fs->keys));
	fs->nkeys = 0;
	for (size_t i = 0; i < fs->npaths; i++) {
		char *k = key_of(fs->paths[i]);
		if (k)
			fs->keys[fs->nkeys++] = k;
		char *real = realpath(fs->paths[i], NULL);
		if (real && (!k || strcmp(real, k) != 0))
			fs->keys[fs->nkeys++] = xstrdup(real);
		free(real);
	}
	qsort(fs->keys, fs->nkeys, sizeof(*fs->keys), cmp_str);
	size_t n = 0;
	for (size_t i = 0; i < fs->nkeys; i++) {
		if (n && strcmp(fs->keys[n - 1], fs->keys[i]) == 0)
			free(fs->keys[i]);
		else
			fs->keys[n++] = fs->keys[i];
	}
	fs->nkeys = n;
	pthread_mutex_unlock(&fs->lock);
}

int
fileset_has(const fileset *fs, const char *key)
{
	return fs->nkeys &&
	       bsearch(&key, fs->keys, fs->nkeys, sizeof(*fs->keys),
	               cmp_str) != NULL;
}

/* ---- inotify ---- */

typedef struct watched {
	int wd;
	char *dir;
} watched;

struct watcher {
	int fd;
	watched *dirs;
	size_t ndirs, capdirs;
};

watcher *
watcher_new(void)
{
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd < 0)
		return NULL;
	watcher *w = xcalloc(1, sizeof(*w));
	w->fd = fd;
	return w;
}

void
watcher_free(watcher *w)
{
	if (!w)
		return;
	close(w->fd);
	for (size_t i = 0; i < w->ndirs; i++)
		free(w->dirs[i].dir);
	free(w->dirs);
	free(w);
}

int
watcher_fd(const watcher *w)
{
	return w->fd;
}

/* What changes a file in a folder: written, replaced (by a rename or
 * anew), removed, or touched. */
#define WATCH_MASK                                                        \
	(IN_MODIFY | IN_CLOSE_WRITE | IN_ATTRIB | IN_CREATE | IN_DELETE |     \
	 IN_MOVED_FROM | IN_MOVED_TO | IN_ONLYDIR)

int
watcher_add_dir(watcher *w, const char *dir)
{
	for (size_t i = 0; i < w->ndirs; i++)
		if (strcmp(w->dirs[i].dir, dir) == 0)
			return 0;
	int wd = inotify_add_watch(w->fd, dir, WATCH_MASK);
	if (wd < 0)
		return -1;
	/* The same folder by another path (a link) is the same wd: keep the
	 * first path, which the keys of the files in it were made with. */
	for (size_t i = 0; i < w->ndirs; i++)
		if (w->dirs[i].wd == wd)
			return 0;
	w->dirs = xgrow(w->dirs, &w->capdirs, w->ndirs + 1, sizeof(*w->dirs));
	w->dirs[w->ndirs].wd = wd;
	w->dirs[w->ndirs].dir = xstrdup(dir);
	w->ndirs++;
	return 0;
}

int
watcher_add_set(watcher *w, const fileset *fs)
{
	int failed = 0;
	for (size_t i = 0; i < fs->nkeys; i++) {
		const char *slash = strrchr(fs->keys[i], '/');
		char *dir = xstrndup(fs->keys[i], slash == fs->keys[i]
		                                          ? 1
		                                          : (size_t)(slash -
		                                                     fs->keys[i]));
		if (watcher_add_dir(w, dir) != 0)
			failed++;
		free(dir);
	}
	return failed;
}

int
watcher_read(watcher *w, void (*fn)(void *ctx, const char *key), void *ctx)
{
	_Alignas(struct inotify_event) char events[64 * 1024];
	int n = 0;
	for (;;) {
		ssize_t got = read(w->fd, events, sizeof(events));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 && errno == EAGAIN)
			return n;
		if (got <= 0)
			return got == 0 ? n : -1;
		for (char *p = events; p < events + got;) {
			const struct inotify_event *e = (const void *)p;
			p += sizeof(*e) + e->len;
			if (e->mask & IN_Q_OVERFLOW) {
				fn(ctx, NULL);
				n++;
				continue;
			}
			if (!e->len)
				continue; /* the folder itself */
			for (size_t i = 0; i < w->ndirs; i++) {
				if (w->dirs[i].wd != e->wd)
					continue;
				char *key = xasprintf(
				        "%s/%s",
				        strcmp(w->dirs[i].dir, "/") ? w->dirs[i].dir : "",
				        e->name);
				fn(ctx, key);
				free(key);
				n++;
				break;
			}
		}
	}
}

long long
watch_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
watch_timeout(int pending, long long first, long long last)
{
	if (!pending)
		return -1;
	long long until = last + WATCH_QUIET_MS;
	if (until > first + WATCH_LONGEST_MS)
		until = first + WATCH_LONGEST_MS;
	long long left = until - watch_now_ms();
	return left > 0 ? (int)left : 0;
}

int
watch_signals(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0)
		return -1;
	signal(SIGPIPE, SIG_IGN);
	signal(SIGXFSZ, SIG_IGN); /* as cli_run: a full file is an error */
	return signalfd(-1, &set, SFD_CLOEXEC);
}
