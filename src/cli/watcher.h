/*
 * watcher.h - the files a build read, and inotify on their folders: what
 * watch and serve rebuild from. Only src/cli/ includes this.
 *
 * A build tells a fileset of every file it reads or looks for, through
 * its path policy's note (util/paths.h: the one place that knows them);
 * the report itself is added by the caller. The fileset then resolves
 * them into keys (the real path of the file's folder, '/', its name) and
 * the watcher watches those folders, not the files: an editor that saves
 * by writing a new file and renaming it over the old one replaces the
 * file, and the new one is seen by its name in the same folder.
 */
#ifndef CAREC_CLI_WATCHER_H
#define CAREC_CLI_WATCHER_H

#include <pthread.h>
#include <stddef.h>

/* The files one build read: their paths as noted (thread-safe, any
 * order, repeats kept once), then their keys, sorted. */
typedef struct fileset {
	pthread_mutex_t lock;
	char **paths;
	size_t npaths, cappaths;
	char **keys; /* after fileset_resolve */
	size_t nkeys;
} fileset;

void fileset_init(fileset *fs);
void fileset_free(fileset *fs);

/* Forget every path and key (before the next build). */
void fileset_clear(fileset *fs);

/* A path_note_fn (util/paths.h): ctx is the fileset. */
void fileset_note(void *ctx, const char *path);

/* Turn the paths noted into keys: one for the path as named, and one for
 * the file it leads to when that is elsewhere (a symbolic link). A path
 * whose folder does not exist has none. */
void fileset_resolve(fileset *fs);

/* Is key (from watcher_read) one of the set's? */
int fileset_has(const fileset *fs, const char *key);

typedef struct watcher watcher;

/* A watcher on no folder yet; NULL (errno set) when inotify fails. */
watcher *watcher_new(void);
void watcher_free(watcher *w);

/* The descriptor to poll for changes. */
int watcher_fd(const watcher *w);

/* Watch the folder of each of fs's keys (those watched already stay).
 * Return the number of folders that could not be watched. */
int watcher_add_set(watcher *w, const fileset *fs);

/* Watch the folder dir (a real path). 0, or -1 with errno set. */
int watcher_add_dir(watcher *w, const char *dir);

/* Read the changes waiting and call fn with the key of each file changed
 * (its folder's real path, '/', its name); with NULL when some were lost
 * (the kernel's queue overflowed: anything may have changed). Return the
 * number of changes, or -1 with errno set. */
int watcher_read(watcher *w, void (*fn)(void *ctx, const char *key),
                 void *ctx);

/* How long to wait after a change for more (an editor saves in several
 * steps; a build of a half-written file would be wasted), and at most
 * how long to put off a build while changes keep coming. */
#define WATCH_QUIET_MS 100
#define WATCH_LONGEST_MS 1000

/* Block SIGINT, SIGTERM and SIGHUP in this thread and every thread it
 * starts from now on, and return a descriptor that reads them (signalfd),
 * so that a loop polling it ends cleanly: a build under way finishes
 * first. SIGPIPE is ignored (a browser that goes away). -1, errno set,
 * on failure. */
int watch_signals(void);

/* The current time in milliseconds (CLOCK_MONOTONIC). */
long long watch_now_ms(void);

/* The poll timeout of a loop that builds after changes: -1 (wait) with
 * none pending, else the milliseconds left until WATCH_QUIET_MS after
 * the last change (last), at most WATCH_LONGEST_MS after the first
 * (first); 0 when that time has come. */
int watch_timeout(int pending, long long first, long long last);

#endif
