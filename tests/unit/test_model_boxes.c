/* test_model_boxes.c - validation of key figures, timelines, list markers
 * and callout tones. */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "model_fixture.h"
#include "model/model.h"
#include "util/limits.h"

static const char *
text_of(const model_text *t)
{
	static char out[256];
	out[0] = '\0';
	for (size_t i = 0; i < t->nruns; i++)
		strncat(out, t->runs[i].text, t->runs[i].len);
	return out;
}

/* The diagnostic whose message contains part, or NULL. */
static const diag *
find(const diag_list *d, const char *part)
{
	for (size_t i = 0; i < d->count; i++)
		if (strstr(d->items[i].message, part))
			return &d->items[i];
	return NULL;
}

/* Nonzero if a diagnostic containing part is at line:col. */
static int
at(const diag_list *d, const char *part, int line, int col)
{
	const diag *g = find(d, part);
	return g && g->pos.line == line && g->pos.col == col;
}

TEST(list_markers_per_level)
{
	diag_list d;
	arena a;
	model_doc *doc = build("document: {title: T}\n"
	                       "content:\n"
	                       "  - list:\n"
	                       "      - item: one\n"
	                       "        style: numbered\n"
	                       "        list:\n"
	                       "          - item: two\n"
	                       "            list: [three]\n"
	                       "    numbers: [A, i]\n"
	                       "    bullet: ['\xE2\x80\x93', '*', '>']\n"
	                       "  - list: [x]\n"
	                       "    numbers: I\n"
	                       "  - list: [y]\n"
	                       "    numbers: a\n"
	                       "    style: bullet\n",
	                       &d, &a);
	CHECK(doc != NULL);
	CHECK(d.errors == 0);
	if (doc) {
		const model_list *l = &doc->blocks.items[0].u.list;
		/* numbers: makes the list numbered unless style says not. */
		CHECK(l->numbered == 1 && l->depth == 1);
		CHECK(l->numbers == MODEL_NUM_UPPER_ALPHA);
		CHECK_STR(l->bullet, "\xE2\x80\x93");
		const model_list *l2 = l->items[0].sub;
		CHECK(l2 && l2->depth == 2 && l2->numbered == 1);
		CHECK(l2 && l2->numbers == MODEL_NUM_LOWER_ROMAN);
		CHECK_STR(l2 ? l2->bullet : NULL, "*");
		/* A level deeper than the lists given starts them again. */
		const model_list *l3 = l2 ? l2->items[0].sub : NULL;
		CHECK(l3 && l3->depth == 3 && l3->numbered == 0);
		CHECK(l3 && l3->numbers == MODEL_NUM_UPPER_ALPHA);
		CHECK_STR(l3 ? l3->bullet : NULL, ">");
		CHECK(doc->blocks.items[1].u.list.numbers == MODEL_NUM_UPPER_ROMAN);
		CHECK(doc->blocks.items[1].u.list.numbered == 1);
		CHECK(doc->blocks.items[2].u.list.numbered == 0);
	}
	done(doc, &d, &a);
}

TEST(list_marker_errors)
{
	diag_list d;
	arena a;
	model_doc *doc = build("document: {title: T}\n"
	                       "content:\n"
	                       "  - list: [x]\n"
	                       "    numbers: [1, roman, ii]\n"
	                       "    bullet: ['', ok, toolong]\n",
	                       &d, &a);
	CHECK(doc == NULL);
	/* Every bad entry, each at its own place. */
	CHECK(d.errors == 4);
	CHECK(at(&d, "unknown number style 'roman'", 4, 18));
	CHECK(at(&d, "unknown number style 'ii'", 4, 25));
	CHECK(at(&d, "a bullet is 1 to 4 characters, not 0", 5, 14));
	CHECK(at(&d, "a bullet is 1 to 4 characters, not 7", 5, 22));
	done(doc, &d, &a);
}

/* A list nested levels deep. */
static void
nested_yaml(char *out, size_t cap, int levels)
{
	size_t n = (size_t)snprintf(out, cap, "document: {title: T}\n"
	                                      "content:\n  - list:\n");
	for (int i = 1; i < levels; i++) {
		int ind = 6 + 4 * (i - 1);
		n += (size_t)snprintf(out + n, cap - n,
		                      "%*s- item: level %d\n%*slist:\n", ind, "", i,
		                      ind + 2, "");
	}
	snprintf(out + n, cap - n, "%*s- deepest\n", 6 + 4 * (levels - 1), "");
}

TEST(list_depth_limit)
{
	char yaml[4096];
	diag_list d;
	arena a;
	nested_yaml(yaml, sizeof(yaml), LIMIT_LIST_DEPTH);
	model_doc *doc = build(yaml, &d, &a);
	CHECK(doc != NULL && d.errors == 0);
	done(doc, &d, &a);

	nested_yaml(yaml, sizeof(yaml), LIMIT_LIST_DEPTH + 1);
	doc = build(yaml, &d, &a);
	CHECK(doc == NULL && d.errors == 1);
	CHECK(find(&d, "lists nest at most 10 levels deep") != NULL);
	done(doc, &d, &a);
}

TEST(figures)
{
	diag_list d;
	arena a;
	model_doc *doc = build("document: {title: T}\n"
	                       "content:\n"
	                       "  - figures:\n"
	                       "      - {value: 2001, label: Founded}\n"
	                       "      - value: 15 years\n"
	                       "        label: Of **work**\n"
	                       "    per-row: 3\n"
	                       "  - figures: [{value: '5', label: x}]\n"
	                       "    per-row: fit\n",
	                       &d, &a);
	CHECK(doc != NULL && d.errors == 0);
	if (doc) {
		const model_figures *fs = &doc->blocks.items[0].u.figures;
		CHECK(doc->blocks.items[0].kind == MODEL_FIGURES);
		CHECK(fs->count == 2 && fs->per_row == 3);
		CHECK_STR(fs->items[0].value, "2001");
		CHECK_STR(fs->items[1].value, "15 years");
		CHECK_STR(text_of(&fs->items[1].label), "Of work");
		CHECK(doc->blocks.items[1].u.figures.per_row == 0);
	}
	done(doc, &d, &a);

	doc = build("document: {title: T}\n"
	            "content:\n"
	            "  - figures:\n"
	            "      - {label: Founded}\n"
	            "      - {value: '5'}\n"
	            "    per-row: 5\n",
	            &d, &a);
	CHECK(doc == NULL && d.errors == 3);
	CHECK(at(&d, "5 is out of range; use a number from 2 to 4", 6, 14));
	CHECK(at(&d, "a figure needs a 'value'", 4, 9));
	CHECK(at(&d, "a figure needs a 'label'", 5, 9));
	done(doc, &d, &a);
}

TEST(timeline)
{
	diag_list d;
	arena a;
	model_doc *doc = build("document: {title: T}\n"
	                       "content:\n"
	                       "  - timeline:\n"
	                       "      - {year: 2001, title: Founded, text: t}\n"
	                       "      - {date: May 2009, text: Later}\n"
	                       "      - {year: 1998, title: Earlier}\n"
	                       "    orientation: horizontal\n",
	                       &d, &a);
	CHECK(doc != NULL && d.errors == 0);
	/* 1998 after 2001 is a warning at the year. */
	CHECK(d.warnings == 1);
	CHECK(at(&d, "the year 1998 comes after 2001", 6, 16));
	if (doc) {
		const model_timeline *tl = &doc->blocks.items[0].u.timeline;
		CHECK(tl->horizontal == 1 && tl->count == 3);
		CHECK_STR(tl->items[0].when, "2001");
		CHECK(tl->items[0].has_year && tl->items[0].year == 2001);
		CHECK_STR(tl->items[1].when, "May 2009");
		CHECK(!tl->items[1].has_year);
		CHECK_STR(text_of(&tl->items[0].title), "Founded");
		CHECK(tl->items[2].text.nruns == 0);
	}
	done(doc, &d, &a);

	doc = build("document: {title: T}\n"
	            "content:\n"
	            "  - timeline:\n"
	            "      - {year: 2001, date: May 2001, text: x}\n"
	            "      - {text: no year}\n"
	            "      - {year: 2003}\n",
	            &d, &a);
	CHECK(doc == NULL && d.errors == 3);
	CHECK(at(&d, "an event has a 'year' or a 'date', not both", 4, 28));
	CHECK(at(&d, "a timeline event needs a 'year'", 5, 9));
	CHECK(at(&d, "a timeline event needs a 'text'", 6, 9));
	done(doc, &d, &a);
}

TEST(callout_tones)
{
	diag_list d;
	arena a;
	model_doc *doc = build("document: {title: T}\n"
	                       "theme: {colours: {warning: '#aa5500'}}\n"
	                       "content:\n"
	                       "  - callout: a\n"
	                       "  - callout: b\n"
	                       "    tone: warning\n"
	                       "    bar: true\n"
	                       "  - callout: c\n"
	                       "    tone: sucess\n",
	                       &d, &a);
	CHECK(doc == NULL && d.errors == 1);
	CHECK(at(&d, "'sucess' is not allowed here", 9, 11));
	done(doc, &d, &a);
	doc = build("document: {title: T}\n"
	            "theme: {colours: {warning: '#aa5500'}}\n"
	            "content:\n"
	            "  - callout: a\n"
	            "  - callout: b\n"
	            "    tone: warning\n"
	            "    bar: true\n",
	            &d, &a);
	CHECK(doc != NULL);
	if (doc) {
		CHECK(doc->blocks.items[0].u.callout.tone == MODEL_TONE_NONE);
		CHECK(doc->blocks.items[0].u.callout.bar == 0);
		CHECK(doc->blocks.items[1].u.callout.tone == MODEL_TONE_WARNING);
		CHECK(doc->blocks.items[1].u.callout.bar == 1);
		CHECK(doc->theme.color_warning == 0xaa5500);
		CHECK(doc->theme.color_info == 0x1f6391);
	}
	done(doc, &d, &a);
}

int
main(void)
{
	RUN(list_markers_per_level);
	RUN(list_marker_errors);
	RUN(list_depth_limit);
	RUN(figures);
	RUN(timeline);
	RUN(callout_tones);
	return harness_done();
}
