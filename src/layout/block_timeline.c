/* block_timeline.c - events in time. Vertical: years in a column on the
 * left, a line with a dot per event, the events on the right; the page may
 * break between events, never inside one. Horizontal: one row across the
 * column, years above a line with dots, texts below; one slice.
 * Proportional: a time axis across the column from the first year to the
 * last, a tick a year (or a step of years), a dot at each event's year,
 * and each event's label above or below the axis, on a leader line; one
 * slice. */
#include <stdlib.h>
#include <string.h>

#include "layout/lbox.h"
#include "layout/lstyle.h"

#define DOT 8           /* dot diameter */
#define RING 1.5        /* white ring around a dot, over the line */
#define LINE_W 1.2      /* the time line */
#define COL_GAP 10      /* between the year column and the dots */
#define TEXT_GAP 12     /* between the dots and the events */
/* A horizontal timeline's column must hold a year and a few words of
 * text; below about 0.9 in the text is one word a line. */
#define MIN_COLUMN 64
/* A proportional timeline: its labels are about a quarter of the column
 * wide, at least LABEL_MIN (a few words a line); labels side by side keep
 * LABEL_GAP apart, and a label that meets one already placed moves to the
 * other side of the axis, or a level further out, up to MAX_LEVELS. */
#define LABEL_MIN 100
#define LABEL_GAP 8
#define LEVEL_GAP 8
#define MAX_LEVELS 4
#define AXIS_GAP 6      /* from a dot to its label */
#define LEADER_W 0.6
#define TICK_W 0.6

typedef struct styles {
	lpara_style year, title, text;
} styles;

/* The styles of a vertical timeline, or of a horizontal one (across). */
static void
make_styles(lflow *f, styles *st, int across)
{
	int d = across ? LSTYLE_TIMELINE_YEAR_ACROSS - LSTYLE_TIMELINE_YEAR : 0;
	st->year = lstyle(f, (lstyle_id)(LSTYLE_TIMELINE_YEAR + d));
	st->title = lstyle(f, (lstyle_id)(LSTYLE_TIMELINE_TITLE + d));
	st->text = lstyle(f, (lstyle_id)(LSTYLE_TIMELINE_TEXT + d));
}

/* The event's year or date as rich text of one run. */
static model_text
when_text(lflow *f, const model_event *ev)
{
	model_inline *run = arena_alloc(&f->ld->mem, sizeof(*run));
	memset(run, 0, sizeof(*run));
	run->text = ev->when;
	run->len = strlen(ev->when);
	run->pos = ev->when_pos;
	model_text t = {run, 1, ev->when_pos};
	return t;
}

/* The first baseline among k's items from index from, or 0. */
static double
first_baseline(const layout_item *items, size_t from, size_t n)
{
	for (size_t i = from; i < n; i++)
		if (items[i].kind == LITEM_TEXT)
			return items[i].u.text.y;
	return 0;
}

static void
add_line(lflow *f, lslice *s, double x, double y1, double y2,
         src_pos pos)
{
	if (y2 <= y1)
		return;
	layout_item *it = lslice_item(f, s, LITEM_LINE, "timeline-line", pos);
	it->u.line.x1 = it->u.line.x2 = x;
	it->u.line.y1 = y1;
	it->u.line.y2 = y2;
	it->u.line.color = f->th->color_accent;
	it->u.line.width = LINE_W;
}

/* The structure of n events under the timeline's list (the current
 * node): each an LI of its date (Lbl, lbl[i]) and its title and text
 * (LBody, body[i]), made in the events' order. In the layout's arena. */
static void
event_nodes(lflow *f, size_t n, uint32_t **lbl, uint32_t **body)
{
	*lbl = arena_alloc(&f->ld->mem, (n ? n : 1) * sizeof(**lbl));
	*body = arena_alloc(&f->ld->mem, (n ? n : 1) * sizeof(**body));
	for (size_t i = 0; i < n; i++) {
		uint32_t li = lstruct_new(f, LTAG_LI, f->snode);
		(*lbl)[i] = lstruct_new(f, LTAG_LBL, li);
		(*body)[i] = lstruct_new(f, LTAG_LBODY, li);
	}
}

static void
vertical(lflow *f, const model_block *b, double x, double w)
{
	const model_theme *th = f->th;
	const model_timeline *tl = &b->u.timeline;
	styles st;
	make_styles(f, &st, 0);
	double yw = 0;
	for (size_t i = 0; i < tl->count; i++) {
		double ww = lbox_measure(f, tl->items[i].when, ROLE_HEADING,
		                         MODEL_BOLD, st.year.size);
		if (ww > yw)
			yw = ww;
	}
	yw += 1; /* rounding: a label exactly as wide must not wrap */
	if (yw > w * 0.3)
		yw = w * 0.3;
	double line_x = x + yw + COL_GAP + DOT / 2.0;
	double text_x = line_x + DOT / 2.0 + TEXT_GAP;
	double text_w = x + w - text_x;
	double gap = th->paragraph_space * 2;
	text_metrics ym;
	lbox_metrics(f, ROLE_HEADING, MODEL_BOLD, &ym);

	lspace(f, th->paragraph_space * 2.5);
	const uint32_t list = f->snode;
	uint32_t *lbl, *body;
	event_nodes(f, tl->count, &lbl, &body);
	for (size_t e = 0; e < tl->count; e++) {
		const model_event *ev = &tl->items[e];
		int first_ev = e == 0, last_ev = e + 1 == tl->count;
		size_t first = f->nslices;
		f->snode = body[e];
		if (ev->title.nruns)
			lpara(f, &ev->title, &st.title, text_x, text_w);
		if (ev->text.nruns)
			lpara(f, &ev->text, &st.text, text_x, text_w);
		if (f->nslices == first)
			continue; /* nothing to show (errors were reported) */
		size_t last = f->nslices - 1;
		double ev_h = 0;
		for (size_t i = first; i <= last; i++) {
			f->slices[i].keep_with_next = 1; /* never split */
			ev_h += f->slices[i].height;
		}

		/* The year on the event's first baseline, right-aligned. */
		lslice *s0 = &f->slices[first];
		double base = first_baseline(s0->items, 0, s0->nitems);
		lslice tmp;
		memset(&tmp, 0, sizeof(tmp));
		model_text wt = when_text(f, ev);
		f->snode = lbl[e];
		double yh = lbox_text(f, lsink_slice(&tmp), &wt, &st.year, x,
		                      yw, 0, NULL);
		f->snode = list;
		s0 = &f->slices[first]; /* lbox_text may have moved them */
		double dy = base - first_baseline(tmp.items, 0, tmp.nitems);
		for (size_t i = 0; i < tmp.nitems; i++) {
			layout_item *it = lslice_item(f, s0, tmp.items[i].kind,
			                              tmp.items[i].role,
			                              tmp.items[i].pos);
			*it = tmp.items[i];
			lbox_shift(f, it, dy);
		}
		free(tmp.items);

		/* The line through the event, then its dot over it. */
		double cy = base - ym.cap_height * st.year.size / 2;
		for (size_t i = first; i <= last; i++) {
			lslice *s = &f->slices[i];
			double top = 0, bottom = s->height;
			if (i == first && first_ev)
				top = cy;
			if (last_ev)
				bottom = i == first ? cy : 0;
			add_line(f, s, line_x, top, bottom, ev->pos);
		}
		lbox_dot(f, lsink_slice(&f->slices[first]), line_x, cy, DOT,
		         th->color_accent, RING, 0xffffff, "timeline-dot",
		         ev->pos);

		/* A date that wraps below the event still needs its room. */
		if (yh + dy > ev_h + 0.01) {
			lslice *s = lslice_new(f, yh + dy - ev_h);
			if (!last_ev)
				add_line(f, s, line_x, 0, s->height, ev->pos);
			s->keep_with_next = 1;
		}
		/* The gap to the next event belongs to this one, so that a
		 * page ending here shows the line going on. */
		if (!last_ev) {
			lslice *g = lslice_new(f, gap);
			add_line(f, g, line_x, 0, gap, ev->pos);
		}
		f->slices[f->nslices - 1].keep_with_next = 0;
	}
	f->snode = list;
	lspace(f, th->paragraph_space * 2.5);
}

static void
horizontal(lflow *f, const model_block *b, double x, double w)
{
	const model_theme *th = f->th;
	const model_timeline *tl = &b->u.timeline;
	styles st;
	make_styles(f, &st, 1);
	size_t n = tl->count;
	double cw = w / (double)n;
	double widest = 0;
	for (size_t i = 0; i < n; i++) {
		double ww = lbox_measure(f, tl->items[i].when, ROLE_HEADING,
		                         MODEL_BOLD, st.year.size);
		if (ww > widest)
			widest = ww;
	}
	size_t fit = (size_t)(w / MIN_COLUMN);
	if (n > fit || widest > cw - 6) {
		diag_error(f->diags, DIAG_LAYOUT, b->pos,
		           "this horizontal timeline has %zu events, too many "
		           "to fit across the column", n);
		if (fit > 0 && fit < n)
			diag_note(f->diags, "up to %zu fit; use 'orientation: "
			                    "vertical' (the default) for more",
			          fit);
		else
			diag_note(f->diags, "use 'orientation: vertical' (the "
			                    "default), or shorten the dates");
		return;
	}
	lslice row;
	memset(&row, 0, sizeof(row));
	lsink k = lsink_slice(&row);
	/* The years first; a date that wraps pushes the others down, so
	 * that all end on one baseline. */
	double hy = 0;
	size_t *from = arena_alloc(&f->ld->mem, (n + 1) * sizeof(*from));
	double *yh = arena_alloc(&f->ld->mem, n * sizeof(*yh));
	const uint32_t list = f->snode;
	uint32_t *lbl, *body;
	event_nodes(f, n, &lbl, &body);
	for (size_t i = 0; i < n; i++) {
		model_text wt = when_text(f, &tl->items[i]);
		f->snode = lbl[i];
		from[i] = row.nitems;
		yh[i] = lbox_text(f, k, &wt, &st.year, x + cw * (double)i + 3,
		                  cw - 6, 0, NULL);
		if (yh[i] > hy)
			hy = yh[i];
	}
	from[n] = row.nitems;
	for (size_t i = 0; i < n; i++)
		for (size_t j = from[i]; j < from[i + 1]; j++)
			lbox_shift(f, &row.items[j], hy - yh[i]);
	double line_y = hy + 4 + DOT / 2.0;
	layout_item *ln = lsink_push(f, k, LITEM_LINE, "timeline-line", b->pos);
	ln->u.line.x1 = x;
	ln->u.line.x2 = x + w;
	ln->u.line.y1 = ln->u.line.y2 = line_y;
	ln->u.line.color = th->color_accent;
	ln->u.line.width = LINE_W;
	double h = 0;
	for (size_t i = 0; i < n; i++) {
		const model_event *ev = &tl->items[i];
		double cx = x + cw * ((double)i + 0.5);
		lbox_dot(f, k, cx, line_y, DOT, th->color_accent, RING, 0xffffff,
		         "timeline-dot", ev->pos);
		double y = line_y + DOT / 2.0 + 7;
		f->snode = body[i];
		if (ev->title.nruns)
			y += lbox_text(f, k, &ev->title, &st.title,
			               x + cw * (double)i + 4, cw - 8, y, NULL);
		if (ev->text.nruns)
			y += lbox_text(f, k, &ev->text, &st.text,
			               x + cw * (double)i + 4, cw - 8, y, NULL);
		if (y > h)
			h = y;
	}
	f->snode = list;
	lspace(f, th->paragraph_space * 2.5);
	lslice *s = lslice_new(f, h);
	s->items = row.items;
	s->nitems = row.nitems;
	s->capitems = row.capitems;
	lspace(f, th->paragraph_space * 2.5);
}

/* The step of a proportional timeline's ticks for a span of years: 1, 2,
 * 5, 10, 20, 50... the smallest that makes at most 40 ticks; *major is
 * the step of the longer ones (5, 10, 10, 50, 100, 100...). */
static int
tick_step(int span, int *major)
{
	int step = 1;
	for (;;) {
		for (int m = 0; m < 3; m++) {
			int s = step * (m == 0 ? 1 : m == 1 ? 2 : 5);
			if (span / s <= 40) {
				*major = m == 2 ? s * 2 : s * 5;
				return s;
			}
		}
		step *= 10;
	}
}

/* One event's label of a proportional timeline, laid out on its own. */
typedef struct label {
	lslice items;       /* year, title and text, their top at 0 */
	double h;           /* height */
	double x0, x1;      /* the extent of its lines */
	int side;           /* 0 above the axis, 1 below */
	int level;          /* 0 next to the axis, 1 beyond it... */
} label;

/* Whether label l, on side and level, keeps clear of the labels before
 * it (n of them): of those on its own level, and with its leader line
 * (at px) of those nearer the axis on its side. */
static int
label_free(const label *ls, size_t n, const double *px, const label *l,
           double lpx, int side, int level)
{
	for (size_t j = 0; j < n; j++) {
		const label *o = &ls[j];
		if (o->side != side)
			continue;
		if (o->level == level && l->x0 < o->x1 + LABEL_GAP &&
		    l->x1 > o->x0 - LABEL_GAP)
			return 0;
		if (o->level < level && lpx > o->x0 - LABEL_GAP / 2.0 &&
		    lpx < o->x1 + LABEL_GAP / 2.0)
			return 0;
		/* Nor may a label nearer the axis cross this one's leader. */
		if (o->level > level && px[j] > l->x0 - LABEL_GAP / 2.0 &&
		    px[j] < l->x1 + LABEL_GAP / 2.0)
			return 0;
	}
	return 1;
}

static void
proportional(lflow *f, const model_block *b, double x, double w)
{
	const model_theme *th = f->th;
	const model_timeline *tl = &b->u.timeline;
	size_t n = tl->count;
	styles st;
	make_styles(f, &st, 1);
	int y0 = tl->items[0].year, y1 = tl->items[n - 1].year;
	double span = (double)(y1 - y0);
	double lw = w * 0.27;
	if (lw < LABEL_MIN)
		lw = LABEL_MIN;
	if (lw > w / 2)
		lw = w / 2;
	double *px = arena_alloc(&f->ld->mem, n * sizeof(*px));
	label *ls = arena_alloc(&f->ld->mem, n * sizeof(*ls));
	memset(ls, 0, n * sizeof(*ls));
	const uint32_t list = f->snode;
	uint32_t *lbl, *body;
	event_nodes(f, n, &lbl, &body);

	/* Each label on its own, centred over its year in a box narrowed
	 * to stay in the column; near an edge, where that leaves it less
	 * than 3/4 of its width, set flush left (right) from the edge. */
	for (size_t i = 0; i < n; i++) {
		const model_event *ev = &tl->items[i];
		px[i] = x + w * (double)(ev->year - y0) / span;
		double half = lw / 2, room = px[i] - x;
		if (x + w - px[i] < room)
			room = x + w - px[i];
		text_align al = TEXT_ALIGN_CENTER;
		double bx, bw;
		if (room >= half * 0.75) {
			bw = 2 * (room < half ? room : half);
			bx = px[i] - bw / 2;
		} else {
			bw = lw;
			al = px[i] - x < x + w - px[i] ? TEXT_ALIGN_LEFT
			                               : TEXT_ALIGN_RIGHT;
			bx = al == TEXT_ALIGN_LEFT ? x : x + w - lw;
		}
		lpara_style sy = st.year, sti = st.title, stx = st.text;
		sy.align = sti.align = stx.align = al;
		stx.balance = 1; /* display lines: no word alone on the last */
		lsink k = lsink_slice(&ls[i].items);
		model_text wt = when_text(f, ev);
		double y = 0;
		f->snode = lbl[i];
		y += lbox_text(f, k, &wt, &sy, bx, bw, y, NULL);
		f->snode = body[i];
		if (ev->title.nruns)
			y += lbox_text(f, k, &ev->title, &sti, bx, bw, y, NULL);
		if (ev->text.nruns)
			y += lbox_text(f, k, &ev->text, &stx, bx, bw, y, NULL);
		f->snode = list;
		ls[i].h = y;
		ls[i].x0 = px[i];
		ls[i].x1 = px[i];
		for (size_t j = 0; j < ls[i].items.nitems; j++) {
			const layout_item *it = &ls[i].items.items[j];
			if (it->kind != LITEM_TEXT)
				continue;
			if (it->u.text.x < ls[i].x0)
				ls[i].x0 = it->u.text.x;
			if (it->u.text.x + it->u.text.width > ls[i].x1)
				ls[i].x1 = it->u.text.x + it->u.text.width;
		}
	}

	/* Sides and levels: events alternate above and below the axis; one
	 * that meets a label already placed goes to the other side, or a
	 * level further out. */
	for (size_t i = 0; i < n; i++) {
		int pref = (int)(i % 2), done = 0;
		for (int lv = 0; lv < MAX_LEVELS && !done; lv++)
			for (int k = 0; k < 2 && !done; k++) {
				int side = k == 0 ? pref : !pref;
				if (label_free(ls, i, px, &ls[i], px[i], side, lv)) {
					ls[i].side = side;
					ls[i].level = lv;
					done = 1;
				}
			}
		if (!done) {
			diag_error(f->diags, DIAG_LAYOUT, tl->items[i].pos,
			           "the label of %d does not fit beside the "
			           "others on this proportional timeline",
			           tl->items[i].year);
			diag_note(f->diags, "shorten the titles and texts of "
			                    "events close in time, or give the "
			                    "timeline a wider column");
			for (size_t j = 0; j < n; j++)
				free(ls[j].items.items);
			return;
		}
	}

	/* The bands of each side's levels, and where the axis goes. */
	double band[2][MAX_LEVELS];
	memset(band, 0, sizeof(band));
	int levels[2] = {0, 0};
	for (size_t i = 0; i < n; i++) {
		label *l = &ls[i];
		if (l->h > band[l->side][l->level])
			band[l->side][l->level] = l->h;
		if (l->level + 1 > levels[l->side])
			levels[l->side] = l->level + 1;
	}
	double reach[2][MAX_LEVELS + 1]; /* from the axis to a level's start */
	for (int sd = 0; sd < 2; sd++) {
		reach[sd][0] = DOT / 2.0 + AXIS_GAP;
		for (int lv = 0; lv < MAX_LEVELS; lv++)
			reach[sd][lv + 1] = reach[sd][lv] + band[sd][lv] +
			                    (band[sd][lv] > 0 ? LEVEL_GAP : 0);
	}
	double above = levels[0] ? reach[0][levels[0]] - LEVEL_GAP
	                         : DOT / 2.0 + 2;
	double below = levels[1] ? reach[1][levels[1]] - LEVEL_GAP
	                         : DOT / 2.0 + 2;
	double axis_y = above;

	lslice row;
	memset(&row, 0, sizeof(row));
	lsink k = lsink_slice(&row);
	/* The axis, its ticks, then each event: its leader, its dot, its
	 * label (read in the events' order). */
	layout_item *ln = lsink_push(f, k, LITEM_LINE, "timeline-line", b->pos);
	ln->u.line.x1 = x;
	ln->u.line.x2 = x + w;
	ln->u.line.y1 = ln->u.line.y2 = axis_y;
	ln->u.line.color = th->color_accent;
	ln->u.line.width = LINE_W;
	int major, step = tick_step(y1 - y0, &major);
	for (int yr = y0 + ((step - (y0 % step)) % step + step) % step;
	     yr <= y1; yr += step) {
		double tx = x + w * (double)(yr - y0) / span;
		double t = yr % major == 0 ? 4.0 : 2.5;
		layout_item *tk = lsink_push(f, k, LITEM_LINE, "timeline-tick",
		                             b->pos);
		tk->u.line.x1 = tk->u.line.x2 = tx;
		tk->u.line.y1 = axis_y - t;
		tk->u.line.y2 = axis_y + t;
		tk->u.line.color = th->color_accent;
		tk->u.line.width = TICK_W;
	}
	for (size_t i = 0; i < n; i++) {
		label *l = &ls[i];
		double top = l->side == 0
		                     ? axis_y - reach[0][l->level] - l->h
		                     : axis_y + reach[1][l->level];
		layout_item *ld = lsink_push(f, k, LITEM_LINE, "timeline-leader",
		                             tl->items[i].pos);
		ld->u.line.x1 = ld->u.line.x2 = px[i];
		ld->u.line.y1 = axis_y + (l->side == 0 ? -1 : 1) * DOT / 2.0;
		ld->u.line.y2 = l->side == 0 ? top + l->h + 1 : top - 1;
		ld->u.line.color = th->color_muted;
		ld->u.line.width = LEADER_W;
		lbox_dot(f, k, px[i], axis_y, DOT, th->color_accent, RING,
		         0xffffff, "timeline-dot", tl->items[i].pos);
		for (size_t j = 0; j < l->items.nitems; j++) {
			layout_item *it = lsink_push(f, k, l->items.items[j].kind,
			                             l->items.items[j].role,
			                             l->items.items[j].pos);
			*it = l->items.items[j];
			lbox_shift(f, it, top);
		}
		free(l->items.items);
	}
	f->snode = list;
	lspace(f, th->paragraph_space * 2.5);
	lslice *s = lslice_new(f, axis_y + below);
	s->items = row.items;
	s->nitems = row.nitems;
	s->capitems = row.capitems;
	lspace(f, th->paragraph_space * 2.5);
}

void
layout_block_timeline(lflow *f, const model_block *b, double x, double w)
{
	if (b->u.timeline.proportional)
		proportional(f, b, x, w);
	else if (b->u.timeline.horizontal)
		horizontal(f, b, x, w);
	else
		vertical(f, b, x, w);
}
