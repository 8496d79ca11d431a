/* block_timeline.c - "- timeline: [{year: 1998, title: .., text: ..}]",
 * events in order, shown down the page or across it; with "scale:
 * proportional", across it on a time axis, each event at its year. */
#include <stdio.h>
#include <string.h>

#include "model/model_internal.h"

static const char *const keys[] = {"orientation", "scale", NULL};
static const char *const event_keys[] = {"year", "date", "title", "text",
                                         NULL};
static const char *const orientations[] = {"vertical", "horizontal", NULL};
static const char *const scales[] = {"even", "proportional", NULL};

/* A proportional timeline places each event at its year: every event has
 * one, later than the one before. Return 0, or -1 after errors. */
static int
check_proportional(model_ctx *c, const node *value, const model_timeline *tl)
{
	int rc = 0;
	const model_event *last = NULL;
	if (tl->count < 2) {
		diag_error(c->diags, DIAG_VALUE, value->pos,
		           "a proportional timeline needs two events or more");
		diag_note(c->diags, "add an event, or leave out 'scale: "
		                    "proportional'");
		return -1;
	}
	for (size_t i = 0; i < tl->count; i++) {
		const model_event *ev = &tl->items[i];
		if (!ev->when)
			continue; /* its own error was reported */
		if (!ev->has_year) {
			diag_error(c->diags, DIAG_VALUE, ev->when_pos,
			           "a proportional timeline places each event "
			           "at its year, and '%s' is not a year",
			           ev->when);
			diag_note(c->diags, "write it as a year (year: 2001), or "
			                    "leave out 'scale: proportional'");
			rc = -1;
			continue;
		}
		if (last && ev->year == last->year) {
			diag_error(c->diags, DIAG_VALUE, ev->when_pos,
			           "two events in %d; a proportional timeline "
			           "has one event a year", ev->year);
			diag_note(c->diags, "join them into one event with one "
			                    "text");
			rc = -1;
		} else if (last && ev->year < last->year) {
			diag_error(c->diags, DIAG_VALUE, ev->when_pos,
			           "the year %d comes after %d; a proportional "
			           "timeline reads in order", ev->year,
			           last->year);
			diag_note(c->diags, "check the year, or move the event");
			rc = -1;
		}
		last = ev;
	}
	return rc;
}

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
	const node *v, *orient = node_get(block, "orientation");
	if (orient) {
		if (mget_enum(c, orient, orientations, &o) == 0)
			tl->horizontal = o;
		else
			rc = -1;
	}
	if ((v = node_get(block, "scale"))) {
		if (mget_enum(c, v, scales, &o) != 0) {
			rc = -1;
		} else if (o == 1 && orient && !tl->horizontal && rc == 0) {
			diag_error(c->diags, DIAG_VALUE, v->pos,
			           "a proportional timeline runs across the "
			           "page, not down it");
			diag_note(c->diags, "leave out 'orientation: vertical', "
			                    "or write 'scale: even'");
			rc = -1;
		} else if (o == 1) {
			tl->proportional = tl->horizontal = 1;
		}
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
		if (!tl->proportional && ev->has_year && last &&
		    ev->year < last->year) {
			diag_warning(c->diags, DIAG_VALUE, ev->when_pos,
			             "the year %d comes after %d; a timeline "
			             "reads in order", ev->year, last->year);
			diag_note(c->diags, "check the year, or move the event");
		}
		if (ev->has_year)
			last = ev;
	}
	if (tl->proportional && check_proportional(c, value, tl) != 0)
		rc = -1;
	return rc;
}

const model_block_spec block_timeline = {"timeline", keys, 1, parse};
