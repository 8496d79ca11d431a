/* block_chart.c - "- chart: bar" with its data as sibling keys, or
 * "- chart: {type: bar, ...}" with everything inside. Checks the data
 * (one value per category, numbers, no negative slices) so that the
 * layout can draw without second-guessing. */
#include <math.h>
#include <string.h>

#include "model/model_internal.h"
#include "util/limits.h"

#define CHART_KEYS "title", "categories", "series", "orientation", \
	"stacked", "width", "height", "value-labels", "x-label", "y-label", \
	"caption", "illustrative", "alt"

static const char *const keys[] = {CHART_KEYS, NULL};
static const char *const map_keys[] = {"type", CHART_KEYS, NULL};
static const char *const series_keys[] = {"name", "values", NULL};
static const char *const types[] = {"bar", "line", "donut", "pie", NULL};
static const char *const orients[] = {"vertical", "horizontal", NULL};

/* A key from the chart's own mapping, or else a sibling of 'chart'. */
static const node *
get(const node *block, const node *value, const char *key)
{
	const node *v = NULL;
	if (value && value->kind == NODE_MAP)
		v = node_get(value, key);
	if (!v && block->kind == NODE_MAP)
		v = node_get(block, key);
	return v;
}

static int
parse_series(model_ctx *c, const node *n, model_chart *ch, size_t ncat,
             model_series *out)
{
	int rc = 0;
	memset(out, 0, sizeof(*out));
	out->pos = n->pos;
	if (mexpect_map(c, n,
	                "a series such as {name: 2023, values: [1, 2]}") != 0)
		return -1;
	mcheck_keys(c, n, series_keys, "in a chart series");
	const node *v;
	if ((v = node_get(n, "name")) && mget_string(c, v, &out->name) != 0)
		rc = -1;
	v = node_get(n, "values");
	if (!v) {
		mmissing(c, n, "values", series_keys, "a chart series",
		         "values: [12, 15, 9]");
		return -1;
	}
	if (mexpect_seq(c, v, "a list of numbers such as [12, 15, 9]") != 0)
		return -1;
	double *vals = arena_alloc(c->mem, (v->nitems ? v->nitems : 1) *
	                                       sizeof(*vals));
	for (size_t i = 0; i < v->nitems; i++) {
		if (mget_number(c, v->items[i], -1e12, 1e12, &vals[i]) != 0) {
			rc = -1;
			continue;
		}
		int round = ch->type == MODEL_CHART_PIE ||
		            ch->type == MODEL_CHART_DONUT;
		if (vals[i] < 0 && (round || ch->stacked)) {
			diag_error(c->diags, DIAG_VALUE, v->items[i]->pos,
			           "a %s cannot show the negative value %s",
			           round ? "pie or donut chart" : "stacked bar chart",
			           v->items[i]->str);
			diag_note(c->diags, round ? "slices are shares of a whole: "
			                            "use values of 0 or more"
			                          : "use unstacked bars for values "
			                            "below zero");
			rc = -1;
		}
	}
	out->values = vals;
	out->count = v->nitems;
	if (ncat && v->nitems != ncat) {
		diag_error(c->diags, DIAG_VALUE, v->pos,
		           "this series has %zu value%s but the chart has %zu "
		           "categor%s", v->nitems, v->nitems == 1 ? "" : "s", ncat,
		           ncat == 1 ? "y" : "ies");
		diag_note(c->diags, "give one value per category, in the same "
		                    "order as 'categories'");
		rc = -1;
	}
	return rc;
}

static int
parse(model_ctx *c, const node *block, const node *value, model_block *out)
{
	model_chart *ch = &out->u.chart;
	int rc = 0;
	const node *v;
	const node *type = value;
	if (value->kind == NODE_MAP) {
		mcheck_keys(c, value, map_keys, "in a chart");
		type = node_get(value, "type");
		if (!type) {
			mmissing(c, value, "type", map_keys, "a chart",
			         "type: bar");
			return -1;
		}
	}
	int t;
	if (mget_enum(c, type, types, &t) != 0)
		return -1;
	ch->type = (model_chart_type)t;
	int round = t == MODEL_CHART_PIE || t == MODEL_CHART_DONUT;

	if ((v = get(block, value, "title")) && mget_string(c, v, &ch->title))
		rc = -1;
	if ((v = get(block, value, "orientation"))) {
		int o;
		if (mget_enum(c, v, orients, &o) != 0) {
			rc = -1;
		} else if (t != MODEL_CHART_BAR) {
			diag_error(c->diags, DIAG_VALUE, v->pos,
			           "'orientation' applies to bar charts only");
			diag_note(c->diags, "remove it, or use 'type: bar'");
			rc = -1;
		} else {
			ch->horizontal = o == 1;
		}
	}
	if ((v = get(block, value, "stacked"))) {
		if (mget_bool(c, v, &ch->stacked) != 0) {
			rc = -1;
		} else if (t != MODEL_CHART_BAR && ch->stacked) {
			diag_error(c->diags, DIAG_VALUE, v->pos,
			           "'stacked' applies to bar charts only");
			diag_note(c->diags, "remove it, or use 'type: bar'");
			rc = -1;
		}
	}
	if ((v = get(block, value, "width")) &&
	    mget_length(c, v, 20, 5000, &ch->width) != 0)
		rc = -1;
	if ((v = get(block, value, "height")) &&
	    mget_length(c, v, 20, 5000, &ch->height) != 0)
		rc = -1;
	if ((v = get(block, value, "value-labels")) &&
	    mget_bool(c, v, &ch->value_labels) != 0)
		rc = -1;
	if ((v = get(block, value, "illustrative")) &&
	    mget_bool(c, v, &ch->illustrative) != 0)
		rc = -1;
	if ((v = get(block, value, "x-label")) &&
	    mget_string(c, v, &ch->x_label) != 0)
		rc = -1;
	if ((v = get(block, value, "y-label")) &&
	    mget_string(c, v, &ch->y_label) != 0)
		rc = -1;
	if ((v = get(block, value, "caption")) &&
	    mget_text(c, v, &ch->caption) != 0)
		rc = -1;
	if (mget_alt(c, get(block, value, "alt"), &ch->alt, &ch->alt_lang) != 0)
		rc = -1;

	const node *where = value->kind == NODE_MAP ? value : block;
	size_t ncat = 0;
	v = get(block, value, "categories");
	if (!v) {
		mmissing(c, where, "categories", map_keys, "a chart",
		         "categories: [2021, 2022, 2023]");
		rc = -1;
	} else if (mexpect_seq(c, v,
	                       "a list of labels such as [2021, 2022]") != 0) {
		rc = -1;
	} else if (v->nitems == 0) {
		diag_error(c->diags, DIAG_VALUE, v->pos,
		           "the chart has no categories");
		diag_note(c->diags, "list the labels, e.g. [2021, 2022, 2023]");
		rc = -1;
	} else if (v->nitems > LIMIT_CHART_CATEGORIES) {
		diag_error(c->diags, DIAG_LIMIT, v->pos,
		           "the chart has %zu categories, more than %d "
		           "(LIMIT_CHART_CATEGORIES)", v->nitems,
		           LIMIT_CHART_CATEGORIES);
		diag_note(c->diags, "group the data, or show it as a table");
		rc = -1;
	} else {
		const char **cats = arena_alloc(c->mem, v->nitems * sizeof(*cats));
		ncat = v->nitems;
		for (size_t i = 0; i < v->nitems; i++)
			if (mget_string(c, v->items[i], &cats[i]) != 0)
				rc = -1;
		ch->categories = cats;
		ch->ncategories = ncat;
	}

	v = get(block, value, "series");
	if (!v) {
		mmissing(c, where, "series", map_keys, "a chart",
		         "series: [{name: Visitors, values: [12, 15, 9]}]");
		return -1;
	}
	if (mexpect_seq(c, v, "a list of series") != 0)
		return -1;
	if (v->nitems == 0) {
		diag_error(c->diags, DIAG_VALUE, v->pos, "the chart has no series");
		diag_note(c->diags, "add one: series: [{name: Visitors, values: "
		                    "[12, 15, 9]}]");
		return -1;
	}
	if (round && v->nitems != 1) {
		diag_error(c->diags, DIAG_VALUE, v->items[1]->pos,
		           "a %s chart shows one series, but %zu are given",
		           types[t], v->nitems);
		diag_note(c->diags, "keep one series, or use a bar chart to "
		                    "compare several");
		return -1;
	}
	if (v->nitems > LIMIT_CHART_SERIES) {
		diag_error(c->diags, DIAG_LIMIT, v->items[LIMIT_CHART_SERIES]->pos,
		           "the chart has %zu series, more than %d "
		           "(LIMIT_CHART_SERIES)", v->nitems, LIMIT_CHART_SERIES);
		diag_note(c->diags, "split it into several charts");
		return -1;
	}
	model_series *ser = arena_alloc(c->mem, v->nitems * sizeof(*ser));
	for (size_t i = 0; i < v->nitems; i++)
		if (parse_series(c, v->items[i], ch, ncat, &ser[i]) != 0)
			rc = -1;
	ch->series = ser;
	ch->nseries = v->nitems;
	if (rc == 0 && round) {
		double sum = 0;
		for (size_t i = 0; i < ser[0].count; i++)
			sum += ser[0].values[i];
		if (!(sum > 0)) {
			diag_error(c->diags, DIAG_VALUE, ser[0].pos,
			           "the slices of this %s chart add up to 0",
			           types[t]);
			diag_note(c->diags, "give at least one value above 0");
			rc = -1;
		}
	}
	return rc;
}

const model_block_spec block_chart = {"chart", keys, 1, parse};
