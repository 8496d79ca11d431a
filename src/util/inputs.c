/* inputs.c - the files this run has read (see inputs.h). */
#include "util/inputs.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "util/mem.h"

typedef struct file_id {
	unsigned long long dev, ino;
} file_id;

/* A short list, looked up only when an output is written: a report reads
 * at most LIMIT_INCLUDE_FILES YAML files and a few fonts and images. A
 * spin lock, not a mutex: the sections are a few instructions (and an
 * occasional realloc), and util needs no thread library then. */
static file_id *ids;
static size_t nids, capids;
static atomic_flag lock = ATOMIC_FLAG_INIT;

static void
take(void)
{
	while (atomic_flag_test_and_set_explicit(&lock, memory_order_acquire))
		;
}

static void
give(void)
{
	atomic_flag_clear_explicit(&lock, memory_order_release);
}

void
inputs_note_stat(const struct stat *st)
{
	file_id id = {(unsigned long long)st->st_dev,
	              (unsigned long long)st->st_ino};
	take();
	for (size_t i = 0; i < nids; i++) {
		if (ids[i].dev == id.dev && ids[i].ino == id.ino) {
			give();
			return;
		}
	}
	if (nids == capids)
		ids = xgrow(ids, &capids, nids + 1, sizeof(*ids));
	ids[nids++] = id;
	give();
}

void
inputs_note_fd(int fd)
{
	struct stat st;
	if (fd >= 0 && fstat(fd, &st) == 0)
		inputs_note_stat(&st);
}

int
inputs_contains(unsigned long long dev, unsigned long long ino)
{
	int found = 0;
	take();
	for (size_t i = 0; i < nids && !found; i++)
		found = ids[i].dev == dev && ids[i].ino == ino;
	give();
	return found;
}

void
inputs_clear(void)
{
	take();
	free(ids);
	ids = NULL;
	nids = capids = 0;
	give();
}
