/*
 * worker.c - the run's one second thread (see worker.h).
 *
 * One lock guards the queue and every task's state; a task runs with
 * the lock released. The queue is a doubly linked list in posting
 * order, so that a task can be taken out of its middle (the main thread
 * runs the one it needs, or withdraws one) at once.
 */
#include "util/worker.h"

#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>

#include "util/mem.h"

struct worker {
	pthread_mutex_t mu;
	/* A task posted or done, or stop: whoever waits looks again. */
	pthread_cond_t cond;
	pthread_t thread;
	wtask *head, *tail; /* the queue: posted, not begun */
	int stop;
	void (*begin)(void), (*end)(void);
};

static void
unlink_task(worker *w, wtask *t)
{
	if (t->prev)
		t->prev->next = t->next;
	else
		w->head = t->next;
	if (t->next)
		t->next->prev = t->prev;
	else
		w->tail = t->prev;
	t->prev = t->next = NULL;
}

/* Run t, taken out of the queue (call with the lock held: it is
 * released while t runs). */
static void
run_locked(worker *w, wtask *t)
{
	unlink_task(w, t);
	t->state = WTASK_BUSY;
	pthread_mutex_unlock(&w->mu);
	t->run(t);
	pthread_mutex_lock(&w->mu);
	t->state = WTASK_DONE;
	pthread_cond_broadcast(&w->cond);
}

static void *
thread_main(void *arg)
{
	worker *w = arg;
	if (w->begin)
		w->begin();
	pthread_mutex_lock(&w->mu);
	while (!w->stop) {
		if (w->head)
			run_locked(w, w->head);
		else
			pthread_cond_wait(&w->cond, &w->mu);
	}
	pthread_mutex_unlock(&w->mu);
	if (w->end)
		w->end();
	return NULL;
}

worker *
worker_start(void (*begin)(void), void (*end)(void))
{
	worker *w = xcalloc(1, sizeof(*w));
	w->begin = begin;
	w->end = end;
	if (pthread_mutex_init(&w->mu, NULL) != 0)
		goto fail;
	if (pthread_cond_init(&w->cond, NULL) != 0)
		goto fail_mu;
	if (pthread_create(&w->thread, NULL, thread_main, w) != 0)
		goto fail_cond;
	return w;

fail_cond:
	pthread_cond_destroy(&w->cond);
fail_mu:
	pthread_mutex_destroy(&w->mu);
fail:
	free(w);
	return NULL;
}

void
worker_post(worker *w, wtask *t)
{
	t->state = WTASK_QUEUED;
	t->prev = t->next = NULL;
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	t->prev = w->tail;
	if (w->tail)
		w->tail->next = t;
	else
		w->head = t;
	w->tail = t;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->mu);
}

void
worker_finish(worker *w, wtask *t)
{
	if (!w) {
		if (t->state == WTASK_QUEUED) {
			t->state = WTASK_BUSY;
			t->run(t);
			t->state = WTASK_DONE;
		}
		return;
	}
	pthread_mutex_lock(&w->mu);
	if (t->state == WTASK_QUEUED)
		run_locked(w, t);
	while (t->state == WTASK_BUSY) {
		/* The worker has it: take the next one meanwhile. */
		if (w->head)
			run_locked(w, w->head);
		else
			pthread_cond_wait(&w->cond, &w->mu);
	}
	pthread_mutex_unlock(&w->mu);
}

void
worker_withdraw(worker *w, wtask *t)
{
	if (w)
		pthread_mutex_lock(&w->mu);
	if (t->state == WTASK_QUEUED) {
		if (w)
			unlink_task(w, t);
		t->state = WTASK_NEW;
	}
	while (w && t->state == WTASK_BUSY)
		pthread_cond_wait(&w->cond, &w->mu);
	if (w)
		pthread_mutex_unlock(&w->mu);
}

void
worker_stop(worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = 1;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->mu);
	free(w);
}
