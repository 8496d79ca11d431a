/* anchors.c - links to headings (#id) checked against the headings' ids
 * once the whole content is known, so that a link to a missing heading
 * is said with every other error of the report in one run (the layout,
 * which resolves the links to pages, never runs when the model has
 * errors). */
#include <stdlib.h>
#include <string.h>

#include "model/model_internal.h"

typedef struct anchor_link {
	char *id;
	src_pos pos;
} anchor_link;

/* malloc'd, not in an arena: a streamed report's blocks (and their
 * arenas) go before its end, where the links are checked. */
struct manchors {
	anchor_link *links;
	size_t nlinks, caplinks;
	char **ids;
	size_t nids, capids;
};

manchors *
manchors_new(void)
{
	return xcalloc(1, sizeof(manchors));
}

void
manchor_link(model_ctx *c, const char *id, size_t len, src_pos pos)
{
	manchors *a = c->anchors;
	if (!a)
		return;
	if (a->nlinks == a->caplinks)
		a->links = xgrow(a->links, &a->caplinks, a->nlinks + 1,
		                 sizeof(*a->links));
	char *s = xmalloc(len + 1);
	memcpy(s, id, len);
	s[len] = '\0';
	a->links[a->nlinks].id = s;
	a->links[a->nlinks].pos = pos;
	a->nlinks++;
}

void
manchor_target(model_ctx *c, const char *id)
{
	manchors *a = c->anchors;
	if (!a)
		return;
	if (a->nids == a->capids)
		a->ids =
		        xgrow(a->ids, &a->capids, a->nids + 1, sizeof(*a->ids));
	a->ids[a->nids++] = xstrdup(id);
}

static int
cmp_id(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

int
manchors_check(model_ctx *c)
{
	manchors *a = c->anchors;
	if (!a || a->nlinks == 0)
		return 0;
	/* Sorted, so that a report of many links stays linear-ish. */
	if (a->nids)
		qsort(a->ids, a->nids, sizeof(*a->ids), cmp_id);
	int bad = 0;
	for (size_t i = 0; i < a->nlinks; i++) {
		const anchor_link *l = &a->links[i];
		const char *key = l->id;
		if (a->nids && bsearch(&key, a->ids, a->nids, sizeof(*a->ids),
		                       cmp_id))
			continue;
		diag_error(c->diags, DIAG_LINK, l->pos,
		           "the link goes to '#%s', but no heading has the id "
		           "'%s'", l->id, l->id);
		diag_note(c->diags, "give the heading 'id: %s'", l->id);
		bad = 1;
	}
	return bad ? -1 : 0;
}

void
manchors_clear(manchors *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->nlinks; i++)
		free(a->links[i].id);
	for (size_t i = 0; i < a->nids; i++)
		free(a->ids[i]);
	a->nlinks = a->nids = 0;
}

void
manchors_free(manchors *a)
{
	if (!a)
		return;
	manchors_clear(a);
	free(a->links);
	free(a->ids);
	free(a);
}
