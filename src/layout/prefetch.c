/*
 * prefetch.c - the document's top-level paragraphs broken into lines on
 * the run's worker, ahead of the layout (see lprefetch_start in
 * layout_internal.h, and util/worker.h).
 *
 * Breaking paragraphs (shaping, ICU, hyphenation, Knuth-Plass) is most of
 * a long report's layout, and a paragraph's lines depend only on its text,
 * style and width, not on where it falls: a body paragraph at the top
 * level always has the text area's width. So as the layout goes, the next
 * paragraphs that qualify are posted to the worker as tasks, in order,
 * while the layout does everything else. When the layout reaches one, it
 * finishes its task: the worker's lines if it has them; else it breaks the
 * paragraph itself (nobody had begun it), or breaks the next ones while
 * the worker ends it (worker_finish). Either way the lines are those
 * text_break_paragraph gives for the same spans and options, so the
 * output does not depend on the thread.
 *
 * The paragraphs are listed in a ring of PREFETCH_RING jobs: at most that
 * many are broken and not yet placed, so the memory this takes does not
 * grow with the document.
 *
 * What qualifies: paragraphs without links (their spans register links in
 * the flow, which only the layout may do, in order). A paragraph whose
 * breaking reports anything (a missing character, an overlong word) is
 * broken again by the layout, so that its diagnostics come out as and
 * where they always do.
 */
#include "layout/layout_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "util/worker.h"

/* Paragraphs listed and not yet taken, at most (a paragraph's lines take
 * a few KB). */
#define PREFETCH_RING 34
/* Blocks looked at ahead of the layout, at most. */
#define PREFETCH_BLOCKS (2 * PREFETCH_RING)

typedef struct job {
	wtask task; /* first: the task is the job */
	const model_block *block;
	size_t index; /* the block's, among the top-level blocks */
	text_span *spans;
	size_t nspans;
	text_para_opts opts;
	/* What the task made: the lines in mem, unless breaking said
	 * something (said: the layout breaks it again). */
	int said;
	text_para para;
	arena mem;
} job;

/* Job k (counting every job listed) is ring[k % PREFETCH_RING], for k in
 * [taken, listed). Only the layout's thread reads or writes this; the
 * worker sees the jobs it is given. */
struct lprefetch {
	struct worker *worker;
	job ring[PREFETCH_RING];
	size_t listed;  /* jobs listed so far */
	int all_listed; /* the document has no more */
	size_t cursor;  /* the next top-level block to look at */
	size_t taken;   /* jobs before this one were taken or dropped */
};

static job *
job_at(struct lprefetch *pf, size_t k)
{
	return &pf->ring[k % PREFETCH_RING];
}

/* The task: break the job's paragraph, on whichever thread. */
static void
break_job(wtask *t)
{
	job *j = (job *)t;
	diag_list quiet; /* the layout's diagnostics are not ours */
	diag_init(&quiet);
	arena_init(&j->mem);
	int rc = text_break_paragraph(&j->para, &j->mem, j->spans, j->nspans,
	                              &j->opts, &quiet);
	j->said = rc != 0 || quiet.count > 0;
	diag_free(&quiet);
	if (j->said)
		arena_free(&j->mem);
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

/* List and post the next paragraphs while the ring has room. */
static void
list_more(lflow *f, struct lprefetch *pf)
{
	/* Blocks the layout is past are not listed (after a long run of
	 * blocks without paragraphs). */
	if (pf->cursor < f->at)
		pf->cursor = f->at;
	while (!pf->all_listed && pf->listed - pf->taken < PREFETCH_RING &&
	       pf->cursor < f->at + PREFETCH_BLOCKS) {
		const model_block *b = lblocks_at(f->blocks, pf->cursor);
		if (!b) {
			pf->all_listed = 1;
			break;
		}
		size_t index = pf->cursor++;
		if (!qualifies(b))
			continue;
		job *j = job_at(pf, pf->listed++);
		memset(j, 0, sizeof(*j));
		lpara_style ps;
		lparagraph_style(f, &b->u.paragraph, &ps);
		j->task.run = break_job;
		j->block = b;
		j->index = index;
		j->spans = lpara_spans(f, &b->u.paragraph.text, &ps, &j->nspans);
		lpara_opts(f, &ps, f->ld->area_w, &j->opts);
		worker_post(pf->worker, &j->task);
	}
}

void
lprefetch_start(lflow *f)
{
	if (!f->opts.worker)
		return; /* one thread: everything is broken as usual */
	struct lprefetch *pf = xcalloc(1, sizeof(*pf));
	pf->worker = f->opts.worker;
	f->prefetch = pf;
	list_more(f, pf);
}

/* Take jobs [taken, upto) back from the worker and free them: passed
 * over, or the document's end. */
static void
drop_jobs(struct lprefetch *pf, size_t upto)
{
	for (; pf->taken < upto; pf->taken++) {
		job *j = job_at(pf, pf->taken);
		worker_withdraw(pf->worker, &j->task);
		if (j->task.state == WTASK_DONE && !j->said)
			arena_free(&j->mem);
		free(j->spans);
		j->spans = NULL;
	}
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
	while (i < pf->listed && job_at(pf, i)->block != b)
		i++;
	if (i >= pf->listed) {
		/* Not listed: those of the blocks the layout is past are
		 * dropped, so that they do not hold the ring. */
		size_t k = pf->taken;
		while (k < pf->listed && job_at(pf, k)->index < f->at)
			k++;
		drop_jobs(pf, k);
		list_more(f, pf);
		return 0;
	}
	/* Listed paragraphs passed over (none, as the layout goes). */
	drop_jobs(pf, i);
	job *j = job_at(pf, i);
	int got = 0;
	if (j->opts.measure == w) {
		worker_finish(pf->worker, &j->task);
		/* Else the layout breaks it, to say what it says. */
		got = !j->said;
		if (got) {
			*para = j->para;
			*mem = j->mem;
			memset(&j->mem, 0, sizeof(j->mem));
			j->said = 1; /* nothing left to free */
		}
	} /* else not at the text area's width after all */
	drop_jobs(pf, i + 1);
	/* Room in the ring: list the next ones. */
	list_more(f, pf);
	return got;
}

void
lprefetch_stop(lflow *f)
{
	struct lprefetch *pf = f->prefetch;
	if (!pf)
		return;
	drop_jobs(pf, pf->listed);
	free(pf);
	f->prefetch = NULL;
}
