/* block_timeline.c - "- timeline: [{year: 1998, title: .., text: ..}]",
 * events in order, shown down the page or across it. */
#include <stdio.h>
#include <string.h>

#include "model/model_internal.h"

static const char *const keys[] = {"orientation", NULL};
static const char *const event_keys[] = {"year", "date", "title", "text",
                                         NULL};
static const char *const orientations[] = {"vertical", "horizontal", NULL};

static int
parse_event(model_ctx *c, const node *n, model_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->pos = n->pos;
	if (mexpect_map(c, n, "an event such as {year: 2001, text: ...}") != 0)
		return -1;
	mcheck_keys(c, n, event_keys, "in a timeline event");
	int rc = 0;
	const node *year = node_get(n, "year"), *date = node_get(n, "date");
	const node *v;
	if (year && date) {
		diag_error(c->diags, DIAG_VALUE, date->pos,
		           "an event has a 'year' or a 'date', not both");
		diag_note(c->diags, "keep 'year: 2001' for a year, or 'date: "
		                    "May 2001' for any other date");
		rc = -1;
	} else if (year) {
		long y;
		if (mget_int(c, year, -9999, 9999, &y) == 0) {
			ev->year = (int)y;
			ev->has_year = 1;
			ev->when = arena_strndup(c->mem, year->str, year->len);
		} else {
			rc = -1;
		}
		ev->when_pos = year->pos;
	} else if (date) {
		if (mget_string(c, date, &ev->when) != 0)
			rc = -1;
		ev->when_pos = date->pos;
	} else {
		mmissing(c, n, "year", event_keys, "a timeline event",
		         "year: 2001 (or date: May 2001)");
		rc = -1;
	}
	if ((v = node_get(n, "title")) && mget_text(c, v, &ev->title) != 0)
		rc = -1;
	if ((v = node_get(n, "text")) && mget_text(c, v, &ev->text) != 0)
		rc = -1;
	if (!node_get(n, "title") && !node_get(n, "text")) {
		mmissing(c, n, "text", event_keys, "a timeline event",
		         "text: What happened that year");
		rc = -1;
	}
	return rc;
}

static int
parse(model_ctx *c, const node *block, const node *value, model_block *out)
{
	model_timeline *tl = &out->u.timeline;
	int rc = 0, o;
	const node *v;
	if ((v = node_get(block, "orientation"))) {
		if (mget_enum(c, v, orientations, &o) == 0)
			tl->horizontal = o;
		else
			rc = -1;
	}
	if (mexpect_seq(c, value,
	                "a list of events, each with a year and "
	                "a text") != 0)
		return -1;
	if (value->nitems == 0) {
		diag_error(c->diags, DIAG_VALUE, value->pos,
		           "the timeline has no events");
		return -1;
	}
	tl->count = value->nitems;
	tl->items = arena_alloc(c->mem, tl->count * sizeof(*tl->items));
	const model_event *last = NULL;
	for (size_t i = 0; i < value->nitems; i++) {
		model_event *ev = &tl->items[i];
		if (parse_event(c, value->items[i], ev) != 0) {
			rc = -1;
			continue;
		}
		/* Years out of order are most often a typo. */
		if (ev->has_year && last && ev->year < last->year) {
			diag_warning(c->diags, DIAG_VALUE, ev->when_pos,
			             "the year %d comes after %d; a timeline "
			             "reads in order", ev->year, last->year);
			diag_note(c->diags, "check the year, or move the event");
		}
		if (ev->has_year)
			last = ev;
	}
	return rc;
}

const model_block_spec block_timeline = {"timeline", keys, 1, parse};
