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
 * The paragraphs are listed as the layout goes, in a ring of
 * PREFETCH_RING jobs: the memory this takes does not grow with the
 * document.
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
/* Jobs listed and not taken, at most: the ring. */
#define PREFETCH_RING (2 * PREFETCH_AHEAD + 2)
/* Fewer qualifying paragraphs than this: no thread (not worth one). */
#define PREFETCH_MIN 8
/* Blocks looked at ahead of the layout, at most. */
#define PREFETCH_BLOCKS (2 * PREFETCH_RING)

enum job_state {
	JOB_QUEUED, /* nobody has begun it */
	JOB_BUSY,   /* being broken by the worker */
	JOB_DONE,   /* broken: para and mem hold the lines */
	JOB_REDO,   /* the worker's breaking said something: do it again */
	JOB_TAKEN   /* the layout has it (or broke it itself) */
};

typedef struct job {
	const model_block *block;
	size_t index;   /* the block's, among the top-level blocks */
	text_span *spans;
	size_t nspans;
	text_para_opts opts;
	enum job_state state;
	text_para para;
	arena mem;
} job;

/* Job k (counting every job listed) is ring[k % PREFETCH_RING], for k in
 * [taken, listed). */
struct lprefetch {
	pthread_mutex_t mu;
	pthread_cond_t cond; /* any change of state, or of ahead, or stop */
	pthread_t thread;
	job ring[PREFETCH_RING];
	size_t listed;  /* jobs listed so far */
	int all_listed; /* the document has no more */
	size_t cursor;  /* the next top-level block to look at (layout) */
	size_t next;    /* the worker's next job */
	size_t taken;   /* jobs before this one were taken or skipped */
	size_t ahead;   /* jobs in JOB_DONE */
	int stop;
};

static job *
job_at(struct lprefetch *pf, size_t k)
{
	return &pf->ring[k % PREFETCH_RING];
}

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
		/* The layout may have taken some already. */
		while (pf->next < pf->listed &&
		       (pf->next < pf->taken ||
		        job_at(pf, pf->next)->state != JOB_QUEUED))
			pf->next++;
		if (pf->stop || (pf->next >= pf->listed && pf->all_listed))
			break;
		if (pf->ahead >= PREFETCH_AHEAD || pf->next >= pf->listed) {
			pthread_cond_wait(&pf->cond, &pf->mu);
			continue;
		}
		job *j = job_at(pf, pf->next++);
		j->state = JOB_BUSY;
		break_job(pf, j);
	}
	pthread_mutex_unlock(&pf->mu);
	text_thread_end();
	return NULL;
}

/* A top-level paragraph the worker may break: no links (and some text). */
static int
qualifies(const model_block *b)
{
	if (b->kind != MODEL_PARAGRAPH)
		return 0;
	const model_text *t = &b->u.paragraph.text;
	for (size_t r = 0; r < t->nruns; r++)
		if (t->runs[r].href)
			return 0;
	return t->nruns > 0;
}

/* List the next paragraphs while the ring has room (the layout's thread
 * only: the spans need the flow). The slots written belong to jobs
 * taken long ago, which nobody looks at. */
static void
list_more(lflow *f, struct lprefetch *pf, int locked)
{
	size_t listed = pf->listed, taken = pf->taken;
	size_t added = 0;
	int end = pf->all_listed;
	/* Blocks the layout is past are not listed (after a long run of
	 * blocks without paragraphs). */
	if (pf->cursor < f->at)
		pf->cursor = f->at;
	while (!end && listed + added - taken < PREFETCH_RING &&
	       pf->cursor < f->at + PREFETCH_BLOCKS) {
		const model_block *b = lblocks_at(f->blocks, pf->cursor);
		if (!b) {
			end = 1;
			break;
		}
		size_t index = pf->cursor++;
		if (!qualifies(b))
			continue;
		job *j = job_at(pf, listed + added);
		memset(j, 0, sizeof(*j));
		lpara_style ps;
		lparagraph_style(f, &b->u.paragraph, &ps);
		j->block = b;
		j->index = index;
		j->spans = lpara_spans(f, &b->u.paragraph.text, &ps, &j->nspans);
		lpara_opts(f, &ps, f->ld->area_w, &j->opts);
		j->state = JOB_QUEUED;
		added++;
	}
	if (!locked)
		pthread_mutex_lock(&pf->mu);
	pf->listed += added;
	pf->all_listed = end;
	if (added || end)
		pthread_cond_broadcast(&pf->cond);
	if (!locked)
		pthread_mutex_unlock(&pf->mu);
}

void
lprefetch_start(lflow *f)
{
	if (f->opts.threads == 1)
		return;
	size_t n = 0;
	const model_block *b;
	for (size_t i = 0; i < PREFETCH_BLOCKS && n < PREFETCH_MIN &&
	                   (b = lblocks_at(f->blocks, i)); i++)
		n += qualifies(b);
	/* Too few, or no second thread: everything is broken as usual. */
	if (n < PREFETCH_MIN)
		return;
	struct lprefetch *pf = xcalloc(1, sizeof(*pf));
	list_more(f, pf, 1); /* no thread yet */
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
	for (size_t k = pf->taken; k < pf->listed; k++)
		free(job_at(pf, k)->spans);
	free(pf);
}

/* Job j is the layout's now (its lines taken, or not wanted): its spans
 * go. Call with the lock held and j not busy. */
static void
retire(job *j)
{
	free(j->spans);
	j->spans = NULL;
	j->state = JOB_TAKEN;
}

/* Drop the jobs before the upto'th, not taken: passed over. Call with
 * the lock held. */
static void
drop_jobs(struct lprefetch *pf, size_t upto)
{
	for (size_t k = pf->taken; k < upto; k++) {
		job *skip = job_at(pf, k);
		while (skip->state == JOB_BUSY)
			pthread_cond_wait(&pf->cond, &pf->mu);
		if (skip->state == JOB_DONE) {
			arena_free(&skip->mem);
			pf->ahead--;
		}
		retire(skip);
	}
	if (upto > pf->taken)
		pf->taken = upto;
}

int
lprefetch_take(lflow *f, const model_block *b, double w, text_para *para,
               arena *mem)
{
	struct lprefetch *pf = f->prefetch;
	if (!pf)
		return 0;
	/* List on as far as the layout now is (none, when the ring is
	 * full). */
	list_more(f, pf, 0);
	/* The layout reaches the listed paragraphs in order. */
	size_t i = pf->taken;
	while (i < pf->listed && job_at(pf, i)->block != b)
		i++;
	if (i >= pf->listed) {
		/* Not listed: those of the blocks the layout is past are
		 * dropped, so that they do not hold the ring. */
		size_t k = pf->taken;
		while (k < pf->listed && job_at(pf, k)->index < f->at)
			k++;
		if (k > pf->taken) {
			pthread_mutex_lock(&pf->mu);
			drop_jobs(pf, k);
			pthread_cond_broadcast(&pf->cond);
			pthread_mutex_unlock(&pf->mu);
		}
		return 0;
	}
	job *j = job_at(pf, i);
	if (j->opts.measure != w)
		return 0; /* not at the text area's width after all */
	pthread_mutex_lock(&pf->mu);
	/* Listed paragraphs passed over (none, as the layout goes) are
	 * dropped, so that they do not count as ahead. */
	drop_jobs(pf, i);
	pf->taken = i + 1;
	int got = 0;
	if (j->state == JOB_QUEUED) {
		/* The worker is behind: break it here, as usual. */
		retire(j);
	} else {
		/* While the worker breaks this one, break the next one not
		 * begun (both cores on the paragraphs, in order); wait only
		 * when there is none within reach. */
		size_t k = i + 1;
		while (j->state == JOB_BUSY) {
			while (k < pf->listed && k <= i + PREFETCH_AHEAD &&
			       job_at(pf, k)->state != JOB_QUEUED)
				k++;
			if (k < pf->listed && k <= i + PREFETCH_AHEAD &&
			    pf->ahead < PREFETCH_AHEAD) {
				job_at(pf, k)->state = JOB_BUSY;
				break_job(pf, job_at(pf, k));
				continue;
			}
			pthread_cond_wait(&pf->cond, &pf->mu);
		}
		got = j->state == JOB_DONE;
		if (got) {
			pf->ahead--;
			*para = j->para;
			*mem = j->mem;
			memset(&j->mem, 0, sizeof(j->mem));
		}
		/* JOB_REDO: the layout breaks it, to say what it says. */
		retire(j);
	}
	pthread_cond_broadcast(&pf->cond);
	pthread_mutex_unlock(&pf->mu);
	/* Room in the ring: list the next ones (their slots were taken;
	 * only this thread changes taken and listed). */
	list_more(f, pf, 0);
	return got;
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
	for (size_t k = pf->taken; k < pf->listed; k++) {
		job *j = job_at(pf, k);
		if (j->state == JOB_DONE)
			arena_free(&j->mem);
		free(j->spans);
	}
	pthread_cond_destroy(&pf->cond);
	pthread_mutex_destroy(&pf->mu);
	free(pf);
	f->prefetch = NULL;
}
