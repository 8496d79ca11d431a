/*
 * knuth_plass.c - total-fit line breaking (see knuth_plass.h): the
 * demerits of a line, the search for the path of least demerits over the
 * active breaks, and first fit, which tests compare it with.
 */
#include "text/knuth_plass.h"

#include <math.h>
#include <stdlib.h>

#include "util/mem.h"

/* ---- parameters ---- */

/* Demerits as in TeX (The TeXbook, ch. 14): a line of badness b ending in
 * a penalty p costs (LINE_PENALTY + b)^2 + p^2. TeX's defaults suit the
 * same glue model (space stretch 1/2, shrink 1/3 of the space: see
 * break.c, which also sets the penalties). */
#define LINE_PENALTY 10.0
#define ADJ_DEMERITS 10000.0         /* fitness classes differ by 2 or 3 */
#define DOUBLE_HYPHEN_DEMERITS 10000.0
/* What path_demerits charges a line the total fit refuses (a third
 * hyphen in a row, a last line that starts with a word's tail), so that
 * first fit, which knows no rules, is compared fairly: more than any path
 * of allowed lines costs, even one of lines that cannot stretch (each
 * (LINE_PENALTY + BADNESS_MAX)^2, about 1e12; a narrow measure with the
 * no-break rules gives such paths). */
#define REFUSED_DEMERITS 1e18
#define BADNESS_MAX 1e6              /* a line that cannot stretch */
/* The loosest line the first, fast total-fit search considers (see
 * best_fit): badness 100 r^3 = 6400. On the benchmark report, 2.0 needs
 * the full search for 3 % of the paragraphs, 4.0 for 0.5 %, and 4.0 costs
 * the fewest instructions. */
#define FIRST_MAX_RATIO 4.0

enum {
	FIT_TIGHT,
	FIT_DECENT,
	FIT_LOOSE,
	FIT_VERY_LOOSE,
	FIT_CLASSES
};

void
text_kp_init(kp_para *p, const kp_item *items, size_t nitems,
             double measure, int justify, double ragged_stretch)
{
	size_t n = nitems;
	p->items = items;
	p->nitems = nitems;
	p->measure = measure;
	p->justify = justify;
	p->ragged_stretch = ragged_stretch;
	p->max_ratio = INFINITY;
	p->sw = xmalloc((n + 1) * sizeof(double));
	p->sst = xmalloc((n + 1) * sizeof(double));
	p->ssh = xmalloc((n + 1) * sizeof(double));
	p->sw[0] = p->sst[0] = p->ssh[0] = 0;
	for (size_t i = 0; i < n; i++) {
		const kp_item *it = &p->items[i];
		int counts = it->type != KP_PENALTY;
		p->sw[i + 1] = p->sw[i] + (counts ? it->w : 0);
		p->sst[i + 1] = p->sst[i] + (it->type == KP_GLUE ? it->stretch : 0);
		p->ssh[i + 1] = p->ssh[i] + (it->type == KP_GLUE ? it->shrink : 0);
	}
}

void
text_kp_free(kp_para *p)
{
	free(p->sw);
	free(p->sst);
	free(p->ssh);
	p->sw = p->sst = p->ssh = NULL;
}

/* ---- breaking ---- */

static int
legal_break(const kp_para *p, size_t b)
{
	const kp_item *it = &p->items[b];
	if (it->type == KP_PENALTY)
		return 1;
	return it->type == KP_GLUE && it->breakable && b > 0 &&
	       p->items[b - 1].type == KP_BOX;
}

/* The first item of the line after a break at b (or of the paragraph when
 * start): glue and penalties after a break vanish, up to the next box or
 * forced break. */
static size_t
line_first(const kp_para *p, size_t b, int start)
{
	size_t i = start ? 0 : b;
	for (; i < p->nitems; i++) {
		const kp_item *it = &p->items[i];
		if (it->type == KP_BOX)
			break;
		if (it->type == KP_PENALTY && it->forced && (start || i != b))
			break;
	}
	return i;
}

typedef struct fit {
	int ok;       /* the line fits (r >= -1) */
	int too_long; /* it does not fit even without the break's hyphen */
	double ratio, badness;
	int fitness;
} fit;

/* What line_fit needs of the break item b, gathered once per break. */
typedef struct brk_at {
	double sw, sst, ssh; /* prefix sums up to b */
	double w;            /* the penalty's width (a hyphen), else 0 */
	int forced;
} brk_at;

static inline brk_at
break_at(const kp_para *p, size_t b)
{
	const kp_item *it = &p->items[b];
	brk_at k = {p->sw[b], p->sst[b], p->ssh[b],
	            it->type == KP_PENALTY ? it->w : 0, it->forced};
	return k;
}

/* How the line from item first to the break k fits the measure. */
static inline fit
fit_line(const kp_para *p, size_t first, const brk_at *k)
{
	fit r = {0, 0, 0, 0, FIT_DECENT};
	const double m = p->measure;
	double content = k->sw - p->sw[first];
	double L = content + k->w;
	double Y, Z;
	if (p->justify) {
		Y = k->sst - p->sst[first];
		Z = k->ssh - p->ssh[first];
	} else {
		Y = p->ragged_stretch;
		Z = 0;
	}
	if (content - Z > m + FIT_EPS)
		r.too_long = 1;
	if (L - Z > m + FIT_EPS)
		return r;
	r.ok = 1;
	if (L > m) {
		r.ratio = Z > 0 ? (m - L) / Z : 0;
		if (r.ratio < -1)
			r.ratio = -1;
	} else if (k->forced) {
		r.ratio = 0; /* set ragged: last line, hard break */
	} else if (L < m) {
		r.ratio = Y > 0 ? (m - L) / Y : INFINITY;
	}
	/* 100 |r|^3, at most BADNESS_MAX (an infinite ratio included). */
	double a = fabs(r.ratio);
	double bad = 100.0 * a * a * a;
	r.badness = bad < BADNESS_MAX ? bad : BADNESS_MAX;
	if (r.ratio < -0.5)
		r.fitness = FIT_TIGHT;
	else if (r.ratio <= 0.5)
		r.fitness = FIT_DECENT;
	else if (r.ratio <= 1)
		r.fitness = FIT_LOOSE;
	else
		r.fitness = FIT_VERY_LOOSE;
	return r;
}

static fit
line_fit(const kp_para *p, size_t first, size_t b)
{
	brk_at k = break_at(p, b);
	return fit_line(p, first, &k);
}

/* Demerits of the line from a break at a (start: the paragraph's start)
 * to a break at b, except the term for a change of fitness class. */
static double
line_base_demerits(const kp_para *p, size_t a, int start, size_t b,
                   const fit *f)
{
	const kp_item *bi = &p->items[b];
	double d = LINE_PENALTY + f->badness;
	d *= d;
	if (bi->type == KP_PENALTY && !bi->forced) {
		if (bi->penalty > 0)
			d += bi->penalty * bi->penalty;
		else if (bi->penalty < 0)
			d -= bi->penalty * bi->penalty;
	}
	int aflag = !start && p->items[a].type == KP_PENALTY &&
	            p->items[a].flagged;
	int bflag = bi->type == KP_PENALTY && bi->flagged;
	if (aflag && bflag)
		d += DOUBLE_HYPHEN_DEMERITS;
	return d;
}

/* Add the demerits for following a line of fitness class afit. */
static double
with_adjacency(double base, int afit, const fit *f)
{
	return abs(f->fitness - afit) > 1 ? base + ADJ_DEMERITS : base;
}

/* Demerits of the line from a break at a (start: the paragraph's start,
 * with fitness afit) to a break at b. */
static double
line_demerits(const kp_para *p, size_t a, int start, int afit, size_t b,
              const fit *f)
{
	return with_adjacency(line_base_demerits(p, a, start, b, f), afit, f);
}

typedef struct node {
	size_t pos;   /* item of the break */
	int start;    /* the paragraph's start, not a break */
	int fitness;
	size_t first; /* first item of the line after it */
	double total; /* demerits of the best path to here */
	size_t prev;  /* node index, SIZE_MAX for none */
} node;

typedef struct nodes {
	node *v;
	size_t n, cap;
} nodes;

static size_t
push_node(nodes *ns, node nd)
{
	if (ns->n == ns->cap)
		ns->v = xgrow(ns->v, &ns->cap, ns->n + 1, sizeof(*ns->v));
	ns->v[ns->n] = nd;
	return ns->n++;
}

static void
push_line(kp_line **lines, size_t *n, size_t *cap, kp_line l)
{
	if (*n == *cap)
		*lines = xgrow(*lines, cap, *n + 1, sizeof(**lines));
	(*lines)[(*n)++] = l;
}

/* The states a path can reach a break in: its last line's fitness class
 * and how many hyphenated lines end there in a row (0 at a break without
 * a hyphen, 1 or KP_HYPHEN_RUN_MAX at one with), since both decide what
 * the next line may cost or be. */
#define RUNS   (KP_HYPHEN_RUN_MAX + 1)
#define STATES (FIT_CLASSES * RUNS)

/* The nodes of one break, one per state that reaches it: they share the
 * break and the first item of the next line, so a candidate line from
 * them is measured once for all of them. The totals sit in the group, so
 * the inner loop reads one small record. A break without a hyphen has at
 * most FIT_CLASSES states, one with a hyphen 2 FIT_CLASSES. */
typedef struct group {
	size_t first;
	int hyphen; /* the break shows a hyphen-like penalty (flagged) */
	int nst;    /* how many states reach it, */
	unsigned char cls[2 * FIT_CLASSES]; /* their fitness classes, */
	unsigned char run[2 * FIT_CLASSES]; /* their hyphen runs, */
	double total[2 * FIT_CLASSES];      /* their best totals */
	size_t node[2 * FIT_CLASSES];       /* and nodes */
} group;

typedef struct groups {
	group *v;
	size_t n, cap;
} groups;

static size_t
push_group(groups *gs, const group *g)
{
	if (gs->n == gs->cap)
		gs->v = xgrow(gs->v, &gs->cap, gs->n + 1, sizeof(*gs->v));
	gs->v[gs->n] = *g;
	return gs->n++;
}

/* Knuth-Plass total fit. Since every line has the same measure and the
 * demerits of a line depend only on the state it follows (fitness class,
 * hyphen run) and on the break items, the best path per (break, state)
 * is all that needs keeping: the result is the exact optimum among the
 * paths that keep to the rules (text_kp_choose) and whose lines have an
 * adjustment ratio of at most max_ratio (lines ending in a forced break
 * are never too loose). Store the lines (malloc'd) and return the total
 * demerits, or return -1 if no path fits (a single glyph wider than the
 * measure, every path needs a looser line or breaks a rule).
 *
 * The active groups are always the groups [lo, gs.n): groups are made in
 * the order of their breaks, a line from an older group is longer, so the
 * groups whose line has grown too long are a prefix, and the groups whose
 * line is still too loose are a suffix that the scan stops at. */
static double
total_fit(const kp_para *p, double max_ratio, kp_line **out, size_t *nout)
{
	nodes ns = {0};
	groups gs = {0};
	node st = {0, 1, FIT_DECENT, line_first(p, 0, 1), 0.0, SIZE_MAX};
	group g0 = {st.first, 0, 1, {FIT_DECENT}, {0}, {0.0}, {0}};
	g0.node[0] = push_node(&ns, st);
	push_group(&gs, &g0);
	size_t lo = 0; /* the first active group */
	const double m = p->measure;
	double result = -1;

	for (size_t b = 0; b < p->nitems && lo < gs.n; b++) {
		if (!legal_break(p, b))
			continue;
		const kp_item *bi = &p->items[b];
		const brk_at at = break_at(p, b);
		/* line_base_demerits, less what depends on the line's start. */
		const int bflag = bi->type == KP_PENALTY && bi->flagged;
		double best[STATES];
		size_t from[STATES];
		for (int k = 0; k < STATES; k++)
			best[k] = INFINITY;
		for (size_t k = lo; k < gs.n; k++) {
			const group *g = &gs.v[k];
			if (g->first > b) /* its line starts later, as all after */
				break;
			if (!bi->forced && max_ratio < INFINITY) {
				/* Too loose, and so are the shorter lines after. */
				double L = at.sw - p->sw[g->first] + at.w;
				double Y = p->justify ? at.sst - p->sst[g->first]
				                      : p->ragged_stretch;
				if (L < m && m - L > max_ratio * Y)
					break;
			}
			fit f = fit_line(p, g->first, &at);
			if (f.too_long && k == lo)
				lo++; /* too long now, and at every later break */
			/* Refused too: a last line starting with a fragment. */
			if (!f.ok || (g->hyphen && bi->forced))
				continue;
			/* As line_base_demerits computes it, term by term. */
			double base = LINE_PENALTY + f.badness;
			base *= base;
			if (bi->type == KP_PENALTY && !bi->forced) {
				if (bi->penalty > 0)
					base += bi->penalty * bi->penalty;
				else if (bi->penalty < 0)
					base -= bi->penalty * bi->penalty;
			}
			if (g->hyphen && bflag)
				base += DOUBLE_HYPHEN_DEMERITS;
			/* with_adjacency, for the states at once. */
			const double far = base + ADJ_DEMERITS;
			for (int i = 0; i < g->nst; i++) {
				const int c = g->cls[i];
				int run = 0;
				if (bflag) {
					if (g->run[i] == KP_HYPHEN_RUN_MAX)
						continue; /* a third in a row */
					run = g->run[i] + 1;
				}
				double d = g->total[i] +
				           (abs(f.fitness - c) > 1 ? far : base);
				const int s = f.fitness * RUNS + run;
				if (d < best[s]) {
					best[s] = d;
					from[s] = g->node[i];
				}
			}
		}
		if (bi->forced)
			lo = gs.n; /* no line runs past a forced break */
		group ng = {line_first(p, b, 0), bflag, 0, {0}, {0}, {0.0}, {0}};
		for (int s = 0; s < STATES; s++) {
			if (isinf(best[s]))
				continue;
			node nd = {b, 0, s / RUNS, ng.first, best[s], from[s]};
			ng.node[ng.nst] = push_node(&ns, nd);
			ng.total[ng.nst] = best[s];
			ng.cls[ng.nst] = (unsigned char)(s / RUNS);
			ng.run[ng.nst++] = (unsigned char)(s % RUNS);
		}
		if (ng.nst)
			push_group(&gs, &ng);
	}

	/* The best node at the paragraph's end. */
	size_t endpos = p->nitems - 1, bestn = SIZE_MAX;
	for (size_t k = 0; k < ns.n; k++) {
		if (ns.v[k].start || ns.v[k].pos != endpos)
			continue;
		if (bestn == SIZE_MAX || ns.v[k].total < ns.v[bestn].total)
			bestn = k;
	}
	if (bestn != SIZE_MAX) {
		size_t count = 0;
		for (size_t k = bestn; !ns.v[k].start; k = ns.v[k].prev)
			count++;
		kp_line *lines = xmalloc(count * sizeof(*lines));
		size_t i = count;
		for (size_t k = bestn; !ns.v[k].start; k = ns.v[k].prev) {
			const node *prev = &ns.v[ns.v[k].prev];
			kp_line l = {prev->first, ns.v[k].pos, 0};
			l.ratio = line_fit(p, l.first, l.b).ratio;
			lines[--i] = l;
		}
		*out = lines;
		*nout = count;
		result = ns.v[bestn].total;
	}
	free(ns.v);
	free(gs.v);
	return result;
}

/* The exact Knuth-Plass optimum, found fast. A line looser than
 * FIRST_MAX_RATIO has badness above 100 FIRST_MAX_RATIO^3, so any path
 * through one costs more than (LINE_PENALTY + that)^2, every line's
 * demerits being positive. A first search that leaves those lines out
 * (most of the candidates: each break would otherwise be tried against
 * every line start of the last line's width) therefore finds the same
 * path as the full search whenever its total is below that bound; only
 * when it is not, or when it finds no path, is the full search run. When
 * the paragraph's own bound (max_ratio) is no looser than the first
 * search's, the first search is the full one. */
static double
best_fit(const kp_para *p, kp_line **out, size_t *nout)
{
	const double full = p->justify ? p->max_ratio : INFINITY;
	if (full <= FIRST_MAX_RATIO)
		return total_fit(p, full, out, nout);
	const double bad = 100.0 * FIRST_MAX_RATIO * FIRST_MAX_RATIO *
	                   FIRST_MAX_RATIO;
	const double bound = (LINE_PENALTY + bad) * (LINE_PENALTY + bad);
	double d = total_fit(p, FIRST_MAX_RATIO, out, nout);
	if (d >= 0 && d < bound)
		return d;
	if (d >= 0) {
		free(*out);
		*out = NULL;
		*nout = 0;
	}
	return total_fit(p, full, out, nout);
}

/* First fit: each line takes every item that fits at natural width. A line
 * takes at least one box even when it does not fit. */
static void
greedy(const kp_para *p, kp_line **out, size_t *nout)
{
	kp_line *lines = NULL;
	size_t n = 0, cap = 0;
	size_t first = line_first(p, 0, 1);
	size_t cand = SIZE_MAX;
	for (size_t b = first; b < p->nitems; b++) {
		if (!legal_break(p, b) || b < first)
			continue;
		const kp_item *bi = &p->items[b];
		double L = p->sw[b] - p->sw[first] +
		           (bi->type == KP_PENALTY ? bi->w : 0);
		int fits = L <= p->measure + FIT_EPS;
		if (fits && !bi->forced) {
			cand = b;
			continue;
		}
		size_t at = fits || cand == SIZE_MAX ? b : cand;
		kp_line l = {first, at, 0};
		l.ratio = line_fit(p, first, at).ratio;
		push_line(&lines, &n, &cap, l);
		first = line_first(p, at, 0);
		cand = SIZE_MAX;
		if (at != b)
			b = at; /* look again from the new line's start */
	}
	*out = lines;
	*nout = n;
}

/* Would the total fit refuse line i (i > 0) of lines: a third hyphenated
 * line in a row, or a line ending in a forced break after a hyphen? */
static int
refused(const kp_para *p, const kp_line *lines, size_t i)
{
	const kp_item *a = &p->items[lines[i - 1].b];
	const kp_item *b = &p->items[lines[i].b];
	if (a->type != KP_PENALTY || !a->flagged)
		return 0;
	if (b->forced)
		return 1;
	size_t run = 0;
	for (size_t k = i + 1; k-- > 0;) {
		const kp_item *e = &p->items[lines[k].b];
		if (e->type != KP_PENALTY || !e->flagged)
			break;
		run++;
	}
	return run > KP_HYPHEN_RUN_MAX;
}

/* Total demerits of the given lines, with the total-fit cost function
 * (and REFUSED_DEMERITS for each line it refuses). */
static double
path_demerits(const kp_para *p, const kp_line *lines, size_t n)
{
	double total = 0;
	int afit = FIT_DECENT;
	for (size_t i = 0; i < n; i++) {
		fit f = line_fit(p, lines[i].first, lines[i].b);
		if (!f.ok) { /* an overfull line: count it as the worst */
			f.badness = BADNESS_MAX;
			f.fitness = FIT_TIGHT;
		}
		total += line_demerits(p, i ? lines[i - 1].b : 0, i == 0, afit,
		                       lines[i].b, &f);
		if (i > 0 && refused(p, lines, i))
			total += REFUSED_DEMERITS;
		afit = f.fitness;
	}
	return total;
}

/* ---- choosing ---- */

double
text_kp_choose(const kp_para *p, text_breaker how, kp_line **lines, size_t *n,
               int *ragged)
{
	*lines = NULL;
	*n = 0;
	*ragged = 0;
	if (p->nitems == 0)
		return 0;
	if (how == TEXT_BREAK_TOTAL_FIT || how == TEXT_BREAK_TOTAL_FIT_FULL) {
		kp_para q = *p;
		for (int pass = 0; pass < 2; pass++) {
			double d = how == TEXT_BREAK_TOTAL_FIT
			                   ? best_fit(&q, lines, n)
			                   : total_fit(&q,
			                               q.justify ? q.max_ratio
			                                         : INFINITY,
			                               lines, n);
			if (d >= 0) {
				*ragged = q.justify != p->justify;
				return d;
			}
			if (!q.justify)
				break;
			q.justify = 0; /* no justified path: set it ragged */
		}
	}
	if (how != TEXT_BREAK_GREEDY && p->justify && p->max_ratio < INFINITY) {
		kp_para q = *p;
		q.justify = 0;
		greedy(&q, lines, n);
		*ragged = 1;
		return path_demerits(&q, *lines, *n);
	}
	greedy(p, lines, n);
	return path_demerits(p, *lines, *n);
}
