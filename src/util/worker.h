/*
 * worker.h - the run's one second thread, and the tasks it runs.
 *
 * A run has at most one worker: a thread that runs, in the order they
 * are posted, tasks that the main thread hands it and collects later
 * (the layout's body paragraphs broken ahead, the render's pages
 * deflated). A task's result must not depend on the thread that runs
 * it, so the output is the same with or without the worker.
 *
 * The main thread never waits idle while there is work: a task it needs
 * that nobody has begun it runs itself, and while the worker runs the
 * one it needs it runs the next ones queued.
 *
 * Without a worker (worker_start gave NULL, or --threads 1) every call
 * takes a NULL worker and the tasks run where they are finished.
 */
#ifndef CAREC_UTIL_WORKER_H
#define CAREC_UTIL_WORKER_H

typedef struct worker worker;

enum wtask_state {
	WTASK_NEW,    /* not posted yet, or withdrawn */
	WTASK_QUEUED, /* posted, nobody has begun it */
	WTASK_BUSY,   /* being run */
	WTASK_DONE    /* run */
};

/* A task: the caller's struct embeds it and fills run, which gets the
 * task back (the caller finds its struct around it). Every other field
 * is the worker's. A task's memory stays the caller's: it must outlive
 * worker_finish or worker_withdraw. */
typedef struct wtask {
	void (*run)(struct wtask *t);
	enum wtask_state state;
	struct wtask *prev, *next; /* in the queue while queued */
} wtask;

/* Start the thread; it calls begin first and end last (the per-thread
 * state of the stages: shaping buffers, zlib), either may be NULL.
 * Return NULL when no thread can be made: the run goes on without. */
worker *worker_start(void (*begin)(void), void (*end)(void));

/* Queue t to run after the tasks queued before it. With w NULL, t just
 * waits for worker_finish. */
void worker_post(worker *w, wtask *t);

/* Return once t has run: run it here if nobody has begun it (with w
 * NULL too); while the worker runs it, run the tasks queued after it. */
void worker_finish(worker *w, wtask *t);

/* Take t back: if nobody has begun it, it will not run (t->state is
 * WTASK_NEW again, and t may be posted again); else return once it has
 * run (WTASK_DONE), waiting for the worker if it is running it. */
void worker_withdraw(worker *w, wtask *t);

/* Stop the thread and free w (NULL: nothing). Tasks still queued are
 * not run: their callers withdraw or finish them before. */
void worker_stop(worker *w);

#endif
