/*
 * pdf_deflate.c - compress each page's content stream as soon as the page
 * is drawn, on a second thread (see render_seal_page in
 * render_internal.h).
 *
 * libharu keeps every page's content stream as written until the document
 * is saved, and only then deflates them all: for a long report that is
 * about 10 KB of memory per page held to the end and all of the
 * compression at the very end. Sealing a page hands its stream to a
 * worker thread, which deflates it while the main thread draws the next
 * pages; the main thread then keeps only the compressed bytes (about
 * 2.5 KB a page, and those in a temporary file: pdf_spill.c) and tells
 * libharu to copy them out as they are, with /Filter /FlateDecode written
 * by the stream's dictionary.
 *
 * At most SEAL_QUEUE pages wait or are being compressed at a time. When
 * the queue is full, or at the end, the main thread compresses the oldest
 * waiting page itself, so that both cores deflate. Each page is
 * compressed on its own (deflateReset), so the bytes do not depend on
 * which thread compressed which page: the output is the same on every
 * run. Only the main thread calls libharu; the worker reads the raw
 * buffers, which nothing touches until the page's result is attached.
 *
 * A page's content is one zlib stream made of raw deflate parts, each
 * compressed on its own: what is beneath the body (drawn at the end),
 * the body (sealed as soon as it is drawn, ending in a sync flush, so
 * that more can follow), and what is above it (the running heads, drawn
 * at the end, with the final block). render_complete_page puts them
 * together behind a zlib header and the Adler-32 of the whole: one
 * stream object per page, however late its last part is drawn.
 *
 * Measured on the 500-page benchmark report (bench/gen.py --pages 500;
 * 497 pages; a 2-core machine, medians of 9 interleaved runs): the page
 * streams are 5.26 MB decoded since the glyphs are literal strings
 * (8.18 MB with <0041> hex strings, pdf_page.c), and deflating them at
 * level 6 costs 0.51 G instructions (0.83 G before). With the layout code
 * of commit baec86a: 0.388 s with hex strings deflated on the main
 * thread, 0.345 s with literal strings, 0.314 s with the deflating on the
 * worker (5000 pages: 3.63 s, 3.21 s, 2.87 s). With the faster layout of
 * commit 483dc35 the drawing thread has less to do, so the worker gains
 * more: 0.257 s before this file's worker and the literal strings, 0.172 s
 * after at level 6, 0.163 s at level 5 (5000 pages: 2.43 s, 1.63 s,
 * 1.60 s). The bytes do not depend on the thread; the gain needs the
 * second core to be idle, and a busy machine gives less.
 */
#include "render/render_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "util/mem.h"

/*
 * zlib's level. Measured on the 500-page benchmark report with literal
 * glyph strings: the PDF's size, and the instructions deflate takes:
 *
 *   level 1  1,829,438 B          level 5  1,624,105 B  0.48 G
 *   level 3  1,746,730 B          level 6  1,620,948 B  0.51 G
 *   level 4  1,655,810 B  0.42 G  level 9  1,620,491 B
 *
 * (with hex strings: 1,689,192 B at level 6). The first generator's report
 * (no tables, 480 pages; ReportLab writes 1.7 MB for it) gives 1,762,967 B
 * at level 1, 1,681,162 at 3, 1,593,550 at 4, 1,560,419 at 5 and
 * 1,557,549 at 6 (1,628,028 with hex strings). With the worker, level 5
 * took 5 % off the wall time (500 pages 0.172 s -> 0.163 s, 5000 pages
 * 1.63 s -> 1.60 s) for 0.2 % more bytes; level 4 was no faster at 500
 * pages (0.162 s; 1.55 s at 5000) for 2 % more.
 */
#define SEAL_LEVEL 5

/* Pages queued or being compressed at most: the raw streams held beyond
 * libharu's own, and how far the main thread may run ahead. */
#define SEAL_QUEUE 8

enum job_state {
	JOB_QUEUED, /* waiting for a thread */
	JOB_BUSY,   /* being compressed */
	JOB_DONE,   /* compressed into out */
	JOB_FAILED  /* zlib failed */
};

/* One page on its way through the queue. */
typedef struct seal_job {
	HPDF_Dict contents; /* the content stream (a page may have several) */
	HPDF_PageAttr attr; /* its page's */
	/* The raw stream's buffers, borrowed from libharu. */
	HPDF_BYTE **seg;
	HPDF_UINT *seglen;
	size_t nseg, capseg;
	size_t size; /* their total */
	int flush;   /* Z_SYNC_FLUSH, or Z_FINISH for the last part */
	unsigned char *out; /* the deflated bytes; kept for the next job */
	size_t cap, outlen;
	enum job_state state;
} seal_job;

struct render_deflate {
	pthread_mutex_t mu; /* guards the ring, the states and stop */
	pthread_cond_t work; /* a job was queued, or stop was set */
	pthread_cond_t done; /* a job was finished */
	pthread_t thread;
	int have_thread;
	int stop;
	z_stream zmain, zworker; /* one per thread */
	seal_job jobs[SEAL_QUEUE];
	size_t head, count; /* the ring: jobs head.. in page order */
};

static HPDF_STATUS
write_filter(HPDF_Dict dict, HPDF_Stream stream)
{
	(void)dict;
	return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

/* Deflate j's raw buffers into j->out with z; return 0, or -1 if zlib
 * failed. Touches nothing but j and z, so either thread may run it. */
static int
deflate_job(z_stream *z, seal_job *j)
{
	/* A sync flush adds an empty stored block (5 bytes) and the
	 * bits pending. */
	uLong bound = deflateBound(z, (uLong)j->size) + 16;
	if (j->cap < bound) {
		free(j->out);
		j->cap = bound;
		j->out = xmalloc(j->cap);
	}
	if (deflateReset(z) != Z_OK)
		return -1;
	z->next_out = j->out;
	z->avail_out = (uInt)j->cap;
	for (size_t i = 0; i < j->nseg; i++) {
		z->next_in = j->seg[i];
		z->avail_in = j->seglen[i];
		if (deflate(z, i + 1 == j->nseg ? j->flush : Z_NO_FLUSH) ==
		    Z_STREAM_ERROR)
			return -1;
	}
	if (j->nseg == 0 && deflate(z, j->flush) == Z_STREAM_ERROR)
		return -1;
	if (z->avail_in != 0 || z->total_in != j->size || z->avail_out == 0)
		return -1;
	j->outlen = j->cap - z->avail_out;
	return 0;
}

/* The oldest queued job, or NULL. Call with rd->mu held. */
static seal_job *
next_queued(struct render_deflate *rd)
{
	for (size_t i = 0; i < rd->count; i++) {
		seal_job *j = &rd->jobs[(rd->head + i) % SEAL_QUEUE];
		if (j->state == JOB_QUEUED)
			return j;
	}
	return NULL;
}

/* Compress j outside the lock with z and record the outcome. Call with
 * rd->mu held and j queued; returns with it held. */
static void
run_job(struct render_deflate *rd, z_stream *z, seal_job *j)
{
	j->state = JOB_BUSY;
	pthread_mutex_unlock(&rd->mu);
	int r = deflate_job(z, j);
	pthread_mutex_lock(&rd->mu);
	j->state = r == 0 ? JOB_DONE : JOB_FAILED;
	pthread_cond_broadcast(&rd->done);
}

/* The worker: compress queued jobs, oldest first, until told to stop. */
static void *
worker(void *arg)
{
	struct render_deflate *rd = arg;
	pthread_mutex_lock(&rd->mu);
	for (;;) {
		seal_job *j = NULL;
		while (!rd->stop && !(j = next_queued(rd)))
			pthread_cond_wait(&rd->work, &rd->mu);
		if (rd->stop)
			break;
		run_job(rd, &rd->zworker, j);
	}
	pthread_mutex_unlock(&rd->mu);
	return NULL;
}

static int
fail_zlib(render_ctx *rc, const char *what)
{
	diag_error(rc->diags, DIAG_PDF, (src_pos){NULL, 0, 0},
	           "cannot compress a page: %s", what);
	diag_note(rc->diags, "this is usually a lack of memory");
	return -1;
}

/* Make rc->deflate: the locks, both zlib states and the worker. Without
 * a worker (no thread could be made) the main thread compresses every
 * page itself. Return 0, or -1 after a DIAG_PDF error. */
static int
start(render_ctx *rc)
{
	struct render_deflate *rd = xcalloc(1, sizeof(*rd));
	const char *why = "cannot make a lock";
	if (pthread_mutex_init(&rd->mu, NULL) != 0)
		goto fail;
	if (pthread_cond_init(&rd->work, NULL) != 0)
		goto fail_mu;
	if (pthread_cond_init(&rd->done, NULL) != 0)
		goto fail_work;
	why = "zlib failed to start";
	/* Raw deflate (no zlib header or checksum): the parts of a page are
	 * put together behind one header (render_complete_page). */
	if (deflateInit2(&rd->zmain, SEAL_LEVEL, Z_DEFLATED, -15, 8,
	                 Z_DEFAULT_STRATEGY) != Z_OK)
		goto fail_done;
	if (deflateInit2(&rd->zworker, SEAL_LEVEL, Z_DEFLATED, -15, 8,
	                 Z_DEFAULT_STRATEGY) != Z_OK)
		goto fail_zmain;
	rd->have_thread = !rc->one_thread &&
	                  pthread_create(&rd->thread, NULL, worker, rd) == 0;
	rc->deflate = rd;
	return 0;

fail_zmain:
	deflateEnd(&rd->zmain);
fail_done:
	pthread_cond_destroy(&rd->done);
fail_work:
	pthread_cond_destroy(&rd->work);
fail_mu:
	pthread_mutex_destroy(&rd->mu);
fail:
	free(rd);
	return fail_zlib(rc, why);
}

/* Give the page of the finished job at the head of the ring its
 * compressed bytes, and free the slot. Return 1 if a job was attached,
 * 0 if the ring is empty or its head is not finished, -1 after a
 * DIAG_PDF error. */
static int
attach_head(render_ctx *rc)
{
	struct render_deflate *rd = rc->deflate;
	pthread_mutex_lock(&rd->mu);
	seal_job *j = rd->count ? &rd->jobs[rd->head] : NULL;
	enum job_state st = j ? j->state : JOB_QUEUED;
	if (st == JOB_DONE || st == JOB_FAILED) {
		rd->head = (rd->head + 1) % SEAL_QUEUE;
		rd->count--;
	}
	pthread_mutex_unlock(&rd->mu);
	if (st == JOB_FAILED)
		return fail_zlib(rc, "zlib failed");
	if (st != JOB_DONE)
		return 0;
	/* The slot is free, but only this thread fills slots. */
	j->nseg = 0;
	if (render_spill_put(rc, j->contents, j->attr, j->out, j->outlen) != 0)
		return -1;
	j->contents->filter = HPDF_STREAM_FILTER_NONE;
	j->contents->write_fn = write_filter;
	return 1;
}

/* Attach finished jobs until the ring has fewer than `room` jobs; while
 * the head is not finished, compress a queued job here or wait for the
 * worker. Return 0, or -1 after a DIAG_PDF error. */
static int
drain(render_ctx *rc, size_t room)
{
	struct render_deflate *rd = rc->deflate;
	for (;;) {
		int r;
		while ((r = attach_head(rc)) == 1)
			;
		if (r < 0)
			return -1;
		pthread_mutex_lock(&rd->mu);
		if (rd->count < room) {
			pthread_mutex_unlock(&rd->mu);
			return 0;
		}
		seal_job *j = next_queued(rd);
		if (j)
			run_job(rd, &rd->zmain, j);
		else /* the worker has the head: nothing queued is left */
			while (rd->jobs[rd->head].state == JOB_BUSY)
				pthread_cond_wait(&rd->done, &rd->mu);
		pthread_mutex_unlock(&rd->mu);
	}
}

/* Fill job j with the raw buffers of stream (borrowed: nothing may
 * write to it until the job is done). Return 0, or -1 if they cannot be
 * read. */
static int
fill_job(seal_job *j, HPDF_Stream stream, int flush)
{
	HPDF_UINT nbufs = HPDF_MemStream_GetBufCount(stream);
	if (j->capseg < nbufs) {
		free(j->seg);
		free(j->seglen);
		j->capseg = nbufs;
		j->seg = xcalloc(nbufs, sizeof(*j->seg));
		j->seglen = xcalloc(nbufs, sizeof(*j->seglen));
	}
	j->nseg = 0;
	for (HPDF_UINT i = 0; i < nbufs; i++) {
		HPDF_UINT len = 0;
		HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(stream, i, &len);
		if (!p)
			return -1;
		j->seg[j->nseg] = p;
		j->seglen[j->nseg++] = len;
	}
	j->size = stream->size;
	j->flush = flush;
	return 0;
}

static uint32_t
job_adler(const seal_job *j)
{
	uLong a = adler32(0L, Z_NULL, 0);
	for (size_t i = 0; i < j->nseg; i++)
		a = adler32(a, j->seg[i], j->seglen[i]);
	return (uint32_t)a;
}

int
render_seal_page(render_ctx *rc, render_page *rp)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)rp->page->attr;
	HPDF_Dict contents = attr ? attr->contents : NULL;
	/* A finished page whose stream libharu would deflate, and whose
	 * dictionary writes nothing of its own. */
	if (!contents || contents->stream != attr->stream ||
	    attr->stream->type != HPDF_STREAM_MEMORY ||
	    contents->filter != HPDF_STREAM_FILTER_FLATE_DECODE ||
	    contents->write_fn || attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION ||
	    attr->stream->size > 0xFFFFFFFFu) {
		diag_error(rc->diags, DIAG_INTERNAL, (src_pos){NULL, 0, 0},
		           "a page's content stream is not as expected");
		return -1;
	}
	if (!rc->deflate && start(rc))
		return -1;
	struct render_deflate *rd = rc->deflate;
	if (drain(rc, SEAL_QUEUE))
		return -1;

	/* The slot after the ring's last job is free, and the worker looks
	 * only at queued jobs: fill it outside the lock. */
	seal_job *j = &rd->jobs[(rd->head + rd->count) % SEAL_QUEUE];
	if (fill_job(j, attr->stream, Z_SYNC_FLUSH) != 0)
		return fail_zlib(rc, "its content cannot be read");
	rp->adler = job_adler(j);
	rp->rawlen = (uint32_t)j->size;
	j->contents = contents;
	j->attr = attr;
	pthread_mutex_lock(&rd->mu);
	j->state = JOB_QUEUED;
	rd->count++;
	pthread_cond_signal(&rd->work);
	pthread_mutex_unlock(&rd->mu);
	return 0;
}

/* Deflate what stream holds as one raw part (flush: Z_SYNC_FLUSH, or
 * Z_FINISH for the last) on this thread, appending to out. Adds the
 * part's Adler-32 to *adler and its length to *rawlen. */
static int
deflate_part(render_ctx *rc, HPDF_Stream stream, int flush, buf *out,
             uint32_t *adler, uint32_t *rawlen)
{
	struct render_deflate *rd = rc->deflate;
	seal_job j;
	memset(&j, 0, sizeof(j));
	int r = fill_job(&j, stream, flush);
	if (r == 0)
		r = deflate_job(&rd->zmain, &j);
	if (r == 0) {
		uLong a = job_adler(&j);
		*adler = (uint32_t)adler32_combine(*adler, a, (z_off_t)j.size);
		*rawlen += (uint32_t)j.size;
		buf_put(out, j.out, j.outlen);
	}
	free(j.seg);
	free(j.seglen);
	free(j.out);
	return r == 0 ? 0 : fail_zlib(rc, "zlib failed");
}

/* Draw items [from, to) of lp into a stream of their own and deflate it
 * as a part. */
static int
late_part(render_ctx *rc, const layout_page *lp, size_t from, size_t to,
          render_page *rp, int flush, buf *out, uint32_t *adler,
          uint32_t *rawlen)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)rp->page->attr;
	HPDF_Stream page_stream = attr->stream;
	HPDF_Stream tmp = HPDF_MemStream_New(rp->page->mmgr, 1024);
	if (!tmp)
		return render_fail(rc, 0, (src_pos){NULL, 0, 0}, "draw a page");
	attr->stream = tmp;
	int r = render_page_items(rc, lp, from, to, rp, 0);
	attr->stream = page_stream;
	if (r == 0)
		r = deflate_part(rc, tmp, flush, out, adler, rawlen);
	HPDF_Stream_Free(tmp);
	return r;
}

int
render_complete_page(render_ctx *rc, const layout_page *lp, size_t under,
                     size_t over, render_page *rp)
{
	if (!rc->deflate && start(rc))
		return -1;
	HPDF_PageAttr attr = (HPDF_PageAttr)rp->page->attr;
	buf back;
	buf_init(&back);
	size_t bodylen = 0;
	size_t errors = rc->diags->errors;
	const unsigned char *body = render_spill_get(rc, attr->contents,
	                                             &bodylen, &back);
	if (!body || attr->contents->write_fn != write_filter) {
		buf_free(&back);
		if (rc->diags->errors > errors)
			return -1;
		diag_error(rc->diags, DIAG_INTERNAL, (src_pos){NULL, 0, 0},
		           "a page was completed before its body was compressed");
		return -1;
	}
	buf b;
	buf_init(&b);
	/* The zlib header: deflate with a 32 KB window, and the level. */
	unsigned char cmf = 0x78;
	unsigned char flg = (unsigned char)((SEAL_LEVEL < 2 ? 0
	                                     : SEAL_LEVEL < 6 ? 1
	                                     : SEAL_LEVEL == 6 ? 2 : 3) << 6);
	flg = (unsigned char)(flg + 31 - (cmf * 256 + flg) % 31);
	buf_putc(&b, (char)cmf);
	buf_putc(&b, (char)flg);
	uint32_t adler = adler32(0L, Z_NULL, 0), rawlen = 0;
	int r = 0;
	if (under > 0)
		r = late_part(rc, lp, 0, under, rp, Z_SYNC_FLUSH, &b, &adler,
		              &rawlen);
	if (r == 0) {
		buf_put(&b, body, bodylen);
		adler = (uint32_t)adler32_combine(adler, rp->adler,
		                                  (z_off_t)rp->rawlen);
		rawlen += rp->rawlen;
		/* The last part ends the stream, even if it is empty. */
		r = late_part(rc, lp, lp->nitems - over, lp->nitems, rp, Z_FINISH,
		              &b, &adler, &rawlen);
	}
	if (r == 0) {
		unsigned char be[4] = {(unsigned char)(adler >> 24),
		                       (unsigned char)(adler >> 16),
		                       (unsigned char)(adler >> 8),
		                       (unsigned char)adler};
		buf_put(&b, be, 4);
		r = render_spill_put(rc, attr->contents, attr,
		                     (const unsigned char *)b.data, b.len);
	}
	buf_free(&b);
	buf_free(&back);
	return r;
}

int
render_seal_finish(render_ctx *rc)
{
	if (!rc->deflate)
		return 0;
	return drain(rc, 1);
}

void
render_deflate_free(render_ctx *rc)
{
	struct render_deflate *rd = rc->deflate;
	if (!rd)
		return;
	if (rd->have_thread) {
		pthread_mutex_lock(&rd->mu);
		rd->stop = 1;
		pthread_cond_broadcast(&rd->work);
		pthread_mutex_unlock(&rd->mu);
		pthread_join(rd->thread, NULL);
	}
	for (size_t i = 0; i < SEAL_QUEUE; i++) {
		free(rd->jobs[i].seg);
		free(rd->jobs[i].seglen);
		free(rd->jobs[i].out);
	}
	deflateEnd(&rd->zmain);
	deflateEnd(&rd->zworker);
	pthread_cond_destroy(&rd->done);
	pthread_cond_destroy(&rd->work);
	pthread_mutex_destroy(&rd->mu);
	free(rd);
	rc->deflate = NULL;
}
