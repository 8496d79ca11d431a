/* tmpfiles.c - temporary files removed on a signal (see tmpfiles.h). */
#include "util/tmpfiles.h"

#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

/* Files written at once: the PDF, the layout dump and a font's file. */
#define TMPFILES_SLOTS 8

enum { SLOT_FREE, SLOT_FILLING, SLOT_READY };
enum { RUNNING, ABANDONED, HELD, HELD_STOPPED };

typedef struct slot {
	atomic_int state;
	int dirfd;
	char name[PATH_MAX];
} slot;

static slot slots[TMPFILES_SLOTS];
static atomic_int phase = RUNNING;

int
tmpfiles_add(int dirfd, const char *name)
{
	size_t n = strlen(name);
	if (n >= PATH_MAX)
		return -1;
	for (int i = 0; i < TMPFILES_SLOTS; i++) {
		int want = SLOT_FREE;
		if (!atomic_compare_exchange_strong(&slots[i].state, &want,
		                                    SLOT_FILLING))
			continue;
		slots[i].dirfd = dirfd;
		memcpy(slots[i].name, name, n + 1);
		atomic_store(&slots[i].state, SLOT_READY);
		return i;
	}
	return -1;
}

void
tmpfiles_forget(int i)
{
	if (i >= 0 && i < TMPFILES_SLOTS)
		atomic_store(&slots[i].state, SLOT_FREE);
}

int
tmpfiles_abandon(void)
{
	int was = RUNNING;
	if (!atomic_compare_exchange_strong(&phase, &was, ABANDONED) &&
	    was != ABANDONED) {
		/* Held: the stop waits for tmpfiles_release. */
		if (was == HELD)
			(void)atomic_compare_exchange_strong(&phase, &was,
			                                     HELD_STOPPED);
		return 0;
	}
	/* A second signal (on another thread) removes them again: removing
	 * is idempotent, and it must not stop the process before they go. */
	for (int i = 0; i < TMPFILES_SLOTS; i++)
		if (atomic_load(&slots[i].state) == SLOT_READY)
			(void)unlinkat(slots[i].dirfd, slots[i].name, 0);
	return 1;
}

int
tmpfiles_hold(void)
{
	int was = RUNNING;
	if (atomic_compare_exchange_strong(&phase, &was, HELD))
		return 0;
	return was == HELD || was == HELD_STOPPED ? 0 : -1;
}

int
tmpfiles_release(void)
{
	int was = HELD;
	if (atomic_compare_exchange_strong(&phase, &was, RUNNING))
		return 0;
	return was == RUNNING ? 0 : -1;
}
