/* test_util_worker.c - the run's one second thread (util/worker.h): tasks
 * run once each, the worker takes them in posting order, the main thread
 * runs a task nobody has begun and runs the next ones while the worker
 * ends the one it waits for, a withdrawn task never runs, and without a
 * worker everything runs where it is finished. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "harness.h"
#include "util/worker.h"

typedef struct item {
	wtask task;
	int runs;                /* how many times it ran */
	pthread_t by;            /* the thread that ran it */
	long started;            /* its place among the tasks begun */
	atomic_int *hold;        /* nonzero: wait until it is zero */
	atomic_int *release;     /* set to zero when it runs */
	atomic_int began;        /* set once it begins */
} item;

static atomic_long begun;

static void
run_item(wtask *t)
{
	item *it = (item *)t;
	atomic_store(&it->began, 1);
	it->started = atomic_fetch_add(&begun, 1);
	if (it->release)
		atomic_store(it->release, 0);
	while (it->hold && atomic_load(it->hold))
		sched_yield();
	it->by = pthread_self();
	it->runs++;
}

static void
wait_began(item *it)
{
	while (!atomic_load(&it->began))
		sched_yield();
}

static int begins, ends;
static pthread_t begin_thread;

static void
on_begin(void)
{
	begins++;
	begin_thread = pthread_self();
}

static void
on_end(void)
{
	ends++;
}

TEST(without_a_worker_tasks_run_where_finished)
{
	item a = {.task.run = run_item}, b = {.task.run = run_item};
	worker_post(NULL, &a.task);
	worker_post(NULL, &b.task);
	CHECK(a.runs == 0 && b.runs == 0); /* posting runs nothing */
	CHECK(a.task.state == WTASK_QUEUED);
	worker_finish(NULL, &a.task);
	CHECK(a.runs == 1 && a.task.state == WTASK_DONE);
	CHECK(pthread_equal(a.by, pthread_self()));
	worker_finish(NULL, &a.task); /* done: not again */
	CHECK(a.runs == 1);
	worker_withdraw(NULL, &b.task);
	CHECK(b.task.state == WTASK_NEW && b.runs == 0);
	worker_stop(NULL);
}

TEST(each_task_runs_once_in_posting_order)
{
	begins = ends = 0;
	worker *w = worker_start(on_begin, on_end);
	CHECK(w != NULL);
	enum { N = 200 };
	item *v = calloc(N, sizeof(*v));
	atomic_store(&begun, 0);
	for (int i = 0; i < N; i++) {
		v[i].task.run = run_item;
		worker_post(w, &v[i].task);
	}
	for (int i = 0; i < N; i++)
		worker_finish(w, &v[i].task);
	int once = 1, ordered = 1, on_worker = 0;
	long last = -1;
	for (int i = 0; i < N; i++) {
		once &= v[i].runs == 1 && v[i].task.state == WTASK_DONE;
		if (!pthread_equal(v[i].by, pthread_self())) {
			/* The worker takes them from the front of the queue. */
			ordered &= v[i].started > last;
			last = v[i].started;
			on_worker++;
		}
	}
	CHECK(once);
	CHECK(ordered);
	worker_stop(w);
	/* The hooks ran once each, on the worker's thread. */
	CHECK(begins == 1 && ends == 1);
	CHECK(!pthread_equal(begin_thread, pthread_self()));
	printf("  %d of %d tasks ran on the worker\n", on_worker, N);
	free(v);
}

TEST(the_waiting_thread_runs_the_next_task)
{
	/* The worker is held in a until b runs; b is queued behind a. Only
	 * the main thread can run b: finishing a must not just wait. */
	worker *w = worker_start(NULL, NULL);
	CHECK(w != NULL);
	atomic_int hold = 1;
	item a = {.task.run = run_item, .hold = &hold};
	item b = {.task.run = run_item, .release = &hold};
	worker_post(w, &a.task);
	wait_began(&a);
	worker_post(w, &b.task);
	worker_finish(w, &a.task);
	CHECK(a.runs == 1 && b.runs == 1);
	CHECK(!pthread_equal(a.by, pthread_self()));
	CHECK(pthread_equal(b.by, pthread_self()));
	CHECK(b.task.state == WTASK_DONE);
	worker_stop(w);
}

TEST(a_task_nobody_began_runs_on_the_finishing_thread)
{
	worker *w = worker_start(NULL, NULL);
	CHECK(w != NULL);
	atomic_int hold = 1;
	item a = {.task.run = run_item, .hold = &hold};
	item c = {.task.run = run_item};
	worker_post(w, &a.task);
	wait_began(&a); /* the worker is busy with a */
	worker_post(w, &c.task);
	worker_finish(w, &c.task); /* c is queued: the main thread runs it */
	CHECK(c.runs == 1 && pthread_equal(c.by, pthread_self()));
	CHECK(a.runs == 0);
	atomic_store(&hold, 0);
	worker_finish(w, &a.task);
	CHECK(a.runs == 1);
	worker_stop(w);
}

TEST(a_withdrawn_task_never_runs)
{
	worker *w = worker_start(NULL, NULL);
	CHECK(w != NULL);
	atomic_int hold = 1;
	item a = {.task.run = run_item, .hold = &hold};
	item b = {.task.run = run_item}, c = {.task.run = run_item};
	worker_post(w, &a.task);
	wait_began(&a);
	worker_post(w, &b.task);
	worker_post(w, &c.task);
	worker_withdraw(w, &b.task); /* queued: taken out */
	CHECK(b.task.state == WTASK_NEW);
	atomic_store(&hold, 0);
	worker_withdraw(w, &a.task); /* running: waits for it */
	CHECK(a.runs == 1 && a.task.state == WTASK_DONE);
	worker_finish(w, &c.task);
	CHECK(c.runs == 1);
	CHECK(b.runs == 0);
	/* A withdrawn task may be posted again. */
	worker_post(w, &b.task);
	worker_finish(w, &b.task);
	CHECK(b.runs == 1);
	worker_stop(w);
	CHECK(b.runs == 1 && c.runs == 1 && a.runs == 1);
}

int
main(void)
{
	RUN(without_a_worker_tasks_run_where_finished);
	RUN(each_task_runs_once_in_posting_order);
	RUN(the_waiting_thread_runs_the_next_task);
	RUN(a_task_nobody_began_runs_on_the_finishing_thread);
	RUN(a_withdrawn_task_never_runs);
	return harness_done();
}
