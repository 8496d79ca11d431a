/* reader.c - a report's blocks one by one, read and built as they are
 * wanted (see model_reader_open in model.h). */
#include <stdlib.h>
#include <string.h>

#include "model/model_internal.h"

struct model_reader {
	char *path;
	load_options lo;
	load_stream *ls;
	model_doc *doc;
	diag_list *diags;  /* the first reading's messages go here, */
	diag_list quiet;   /* and those of readings again here (the same) */
	int again;         /* the report is being read again */
	int failed;        /* it cannot be streamed after all */
	int ended;         /* this reading has reached the end */
};

int
model_reader_open(model_reader **out, const char *path,
                  const model_options *mo, diag_list *diags)
{
	*out = NULL;
	model_reader *r = xcalloc(1, sizeof(*r));
	r->path = xstrdup(path);
	r->lo.policy = mo ? mo->policy : NULL;
	r->diags = diags;
	node *head;
	model_options opt = mo ? *mo : (model_options){0};
	opt.item_done = NULL;
	opt.item_ctx = NULL;
	if (load_stream_open(&r->ls, &head, path, &r->lo, diags) != 1 ||
	    model_begin(&r->doc, head, &opt, diags) != 0) {
		model_reader_close(r);
		return -1;
	}
	*out = r;
	return 0;
}

const model_doc *
model_reader_doc(const model_reader *r)
{
	return r->doc;
}

const model_block *
model_reader_next(model_reader *r)
{
	if (r->failed || !r->ls)
		return NULL;
	const node *item;
	int got = load_stream_next(r->ls, &item);
	if (got <= 0) {
		/* The end (checked), or what cannot be streamed. */
		if (got < 0)
			r->failed = 1;
		else
			r->ended = 1;
		/* A link to a missing heading: read whole, it is said with
		 * the rest (model_build). */
		if (got == 0 && !r->again && model_end(r->doc, r->diags) != 0)
			r->failed = 1;
		load_stream_close(r->ls);
		r->ls = NULL;
		return NULL;
	}
	const model_block *b;
	if (model_next_block(r->doc, item, &b,
	                     r->again ? &r->quiet : r->diags) != 0) {
		r->failed = 1;
		return NULL;
	}
	return b;
}

void
model_reader_release(model_reader *r, size_t upto)
{
	model_release_blocks(r->doc, upto);
}

int
model_reader_restart(model_reader *r)
{
	if (r->failed)
		return -1;
	load_stream_close(r->ls);
	r->ls = NULL;
	r->ended = 0;
	model_reset_blocks(r->doc);
	if (!r->again) {
		/* The messages of the readings again are those of the first:
		 * dropped. Their files are the first's (shared), so that the
		 * positions stay valid. */
		diag_init(&r->quiet);
		diag_source_share(&r->quiet, r->diags);
		r->again = 1;
	}
	node *head;
	if (load_stream_open(&r->ls, &head, r->path, &r->lo, &r->quiet) != 1) {
		r->failed = 1;
		return -1;
	}
	return 0;
}

int
model_reader_done(const model_reader *r)
{
	return !r->failed && r->ended;
}

void
model_reader_close(model_reader *r)
{
	if (!r)
		return;
	load_stream_close(r->ls);
	if (r->again)
		diag_free(&r->quiet);
	model_free(r->doc);
	free(r->path);
	free(r);
}
