/*
 * prefetch.c - breaking the document's top-level paragraphs into lines on
 * a second thread, ahead of the layout (see lprefetch_start in
 * layout_internal.h).
 *
 * Breaking paragraphs (shaping, ICU, hyphenation, Knuth-Plass) is most of
 * a long report's layout, and a paragraph's lines depend only on its text,
 * style and width, not on where it falls: a body paragraph at the top
 * level always has the text area's width. So before the blocks are laid
 * out, the paragraphs that qualify are listed, and a worker breaks them in
 * order, at most PREFETCH_AHEAD ahead of the layout, while the layout does
 * everything else. When the layout reaches a paragraph the worker has not
 * begun, it breaks that one itself; while it waits for one the worker is
 * breaking, it breaks the next ones not begun, so that both cores break
 * paragraphs. Either way the lines are those text_break_paragraph gives
 * for the same spans and options, so the output does not depend on the
 * thread.
 *
 * What qualifies: paragraphs without links (their spans register links in
 * the flow, which only the layout may do, in order). A paragraph whose
 * breaking reports anything (a missing character, an overlong word) is
 * broken again by the layout, so that its diagnostics come out as and
 * where they always do.
 */
#include "layout/layout_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

/* Paragraphs broken and not yet taken, at most: the memory the worker may
 * hold (a paragraph's lines take a few KB). */
#define PREFETCH_AHEAD 16
/* Fewer qualifying paragraphs than this: no thread (not worth one). */
#define PREFETCH_MIN 8

enum job_state {
	JOB_QUEUED, /* nobody has begun it */
	JOB_BUSY,   /* being broken by the worker */
	JOB_DONE,   /* broken: para and mem hold the lines */
	JOB_REDO,   /* the worker's breaking said something: do it again */
	JOB_TAKEN   /* the layout has it (or broke it itself) */
};

typedef struct job {
	const model_block *block;
	text_span *spans;
	size_t nspans;
	text_para_opts opts;
	enum job_state state;
	text_para para;
	arena mem;
} job;

struct lprefetch {
	pthread_mutex_t mu;
	pthread_cond_t cond; /* any change of state, or of ahead, or stop */
	pthread_t thread;
	job *jobs;
	size_t njobs;
	size_t next;    /* the worker's next job */
	size_t taken;   /* jobs before this one were taken or skipped */
	size_t ahead;   /* jobs in JOB_DONE */
	int stop;
};

/* Break j (marked JOB_BUSY by the caller, who holds no lock) and mark
 * it done, or to be redone when breaking said anything. Either thread
 * runs this; call with pf->mu held: it is released while breaking. */
static void
break_job(struct lprefetch *pf, job *j)
{
	pthread_mutex_unlock(&pf->mu);
	diag_list quiet; /* the layout's diagnostics are not ours */
	diag_init(&quiet);
	arena_init(&j->mem);
	int rc = text_break_paragraph(&j->para, &j->mem, j->spans, j->nspans,
	                              &j->opts, &quiet);
	int said = rc != 0 || quiet.count > 0;
	diag_free(&quiet);
	if (said)
		arena_free(&j->mem);
	pthread_mutex_lock(&pf->mu);
	j->state = said ? JOB_REDO : JOB_DONE;
	if (!said)
		pf->ahead++;
	pthread_cond_broadcast(&pf->cond);
}

static void *
worker(void *arg)
{
	struct lprefetch *pf = arg;
	text_thread_begin();
	pthread_mutex_lock(&pf->mu);
	for (;;) {
		while (!pf->stop && pf->ahead >= PREFETCH_AHEAD)
			pthread_cond_wait(&pf->cond, &pf->mu);
		/* The layout may have taken some already. */
		while (pf->next < pf->njobs &&
		       (pf->next < pf->taken ||
		        pf->jobs[pf->next].state != JOB_QUEUED))
			pf->next++;
		if (pf->stop || pf->next >= pf->njobs)
			break;
		job *j = &pf->jobs[pf->next++];
		j->state = JOB_BUSY;
		break_job(pf, j);
	}
	pthread_mutex_unlock(&pf->mu);
	text_thread_end();
	return NULL;
}

void
lprefetch_start(lflow *f)
{
	const model_blocks *bl = &f->doc->blocks;
	if (f->opts.threads == 1)
		return;
	size_t n = 0;
	for (size_t i = 0; i < bl->count; i++)
		n += bl->items[i].kind == MODEL_PARAGRAPH;
	if (n < PREFETCH_MIN)
		return;
	struct lprefetch *pf = xcalloc(1, sizeof(*pf));
	pf->jobs = xcalloc(n, sizeof(*pf->jobs));
	for (size_t i = 0; i < bl->count; i++) {
		const model_block *b = &bl->items[i];
		if (b->kind != MODEL_PARAGRAPH)
			continue;
		const model_text *t = &b->u.paragraph.text;
		int links = 0;
		for (size_t r = 0; r < t->nruns; r++)
			links |= t->runs[r].href != NULL;
		if (links || t->nruns == 0)
			continue;
		job *j = &pf->jobs[pf->njobs++];
		lpara_style ps;
		lparagraph_style(f, &b->u.paragraph, &ps);
		j->block = b;
		j->spans = lpara_spans(f, t, &ps, &j->nspans);
		lpara_opts(f, &ps, f->ld->area_w, &j->opts);
	}
	/* Too few, or no second thread: everything is broken as usual. */
	if (pf->njobs < PREFETCH_MIN)
		goto fail;
	if (pthread_mutex_init(&pf->mu, NULL) != 0)
		goto fail;
	if (pthread_cond_init(&pf->cond, NULL) != 0)
		goto fail_mu;
	if (pthread_create(&pf->thread, NULL, worker, pf) != 0)
		goto fail_cond;
	f->prefetch = pf;
	return;

fail_cond:
	pthread_cond_destroy(&pf->cond);
fail_mu:
	pthread_mutex_destroy(&pf->mu);
fail:
	for (size_t i = 0; i < pf->njobs; i++)
		free(pf->jobs[i].spans);
	free(pf->jobs);
	free(pf);
}

int
lprefetch_take(lflow *f, const model_block *b, double w, text_para *para,
               arena *mem)
{
	struct lprefetch *pf = f->prefetch;
	if (!pf)
		return 0;
	/* The layout reaches the listed paragraphs in order. */
	size_t i = pf->taken;
	while (i < pf->njobs && pf->jobs[i].block != b)
		i++;
	if (i >= pf->njobs)
		return 0;
	job *j = &pf->jobs[i];
	if (j->opts.measure != w)
		return 0; /* not at the text area's width after all */
	pthread_mutex_lock(&pf->mu);
	/* Listed paragraphs passed over (none, as the layout goes) are
	 * dropped, so that they do not count as ahead. */
	for (size_t k = pf->taken; k < i; k++) {
		job *skip = &pf->jobs[k];
		while (skip->state == JOB_BUSY)
			pthread_cond_wait(&pf->cond, &pf->mu);
		if (skip->state == JOB_DONE) {
			arena_free(&skip->mem);
			pf->ahead--;
		}
		skip->state = JOB_TAKEN;
	}
	pf->taken = i + 1;
	if (j->state == JOB_QUEUED) {
		/* The worker is behind: break it here, as usual. */
		j->state = JOB_TAKEN;
		pthread_cond_broadcast(&pf->cond);
		pthread_mutex_unlock(&pf->mu);
		return 0;
	}
	/* While the worker breaks this one, break the next one not begun
	 * (both cores on the paragraphs, in order); wait only when there is
	 * none within reach. */
	size_t k = i + 1;
	while (j->state == JOB_BUSY) {
		while (k < pf->njobs && k <= i + PREFETCH_AHEAD &&
		       pf->jobs[k].state != JOB_QUEUED)
			k++;
		if (k < pf->njobs && k <= i + PREFETCH_AHEAD &&
		    pf->ahead < PREFETCH_AHEAD) {
			pf->jobs[k].state = JOB_BUSY;
			break_job(pf, &pf->jobs[k]);
			continue;
		}
		pthread_cond_wait(&pf->cond, &pf->mu);
	}
	int got = j->state == JOB_DONE;
	if (got)
		pf->ahead--;
	j->state = JOB_TAKEN;
	pthread_cond_broadcast(&pf->cond);
	pthread_mutex_unlock(&pf->mu);
	if (!got)
		return 0; /* JOB_REDO: break it here, to say what it says */
	*para = j->para;
	*mem = j->mem;
	memset(&j->mem, 0, sizeof(j->mem));
	return 1;
}

void
lprefetch_stop(lflow *f)
{
	struct lprefetch *pf = f->prefetch;
	if (!pf)
		return;
	pthread_mutex_lock(&pf->mu);
	pf->stop = 1;
	pthread_cond_broadcast(&pf->cond);
	pthread_mutex_unlock(&pf->mu);
	pthread_join(pf->thread, NULL);
	for (size_t i = 0; i < pf->njobs; i++) {
		if (pf->jobs[i].state == JOB_DONE)
			arena_free(&pf->jobs[i].mem);
		free(pf->jobs[i].spans);
	}
	pthread_cond_destroy(&pf->cond);
	pthread_mutex_destroy(&pf->mu);
	free(pf->jobs);
	free(pf);
	f->prefetch = NULL;
}
