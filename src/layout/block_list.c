/* block_list.c - bullet and numbered lists, nested. Markers are right-
 * aligned in a hanging indent as wide as the list's widest marker, so
 * that "viii." and "ix." end where "i." does and the texts line up. */
#include <stdio.h>
#include <string.h>

#include "layout/lbox.h"
#include "layout/lstyle.h"

#define MARKER_MAX 48  /* bytes: "MMMDCCCLXXXVIII." or four UTF-8 marks */

/* Roman numerals go to 3999; past that (and for 0) we count in digits. */
static int
roman(char *out, size_t cap, int n, int upper)
{
	static const int val[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9,
	                          5, 4, 1};
	static const char *const sym[] = {"m", "cm", "d", "cd", "c", "xc", "l",
	                                  "xl", "x", "ix", "v", "iv", "i"};
	if (n < 1 || n > 3999)
		return -1;
	size_t len = 0;
	for (int i = 0; i < 13; i++)
		for (; n >= val[i]; n -= val[i])
			for (const char *s = sym[i]; *s && len + 2 < cap; s++)
				out[len++] = upper ? (char)(*s - 'a' + 'A') : *s;
	out[len++] = '.';
	out[len] = '\0';
	return 0;
}

/* a..z, aa..az, ..., as spreadsheets count columns. */
static int
alpha(char *out, size_t cap, int n, int upper)
{
	char rev[16];
	size_t len = 0;
	if (n < 1)
		return -1;
	while (n > 0 && len < sizeof(rev)) {
		n--;
		rev[len++] = (char)((upper ? 'A' : 'a') + n % 26);
		n /= 26;
	}
	size_t o = 0;
	while (len > 0 && o + 2 < cap)
		out[o++] = rev[--len];
	out[o++] = '.';
	out[o] = '\0';
	return 0;
}

/* The marker of item i of list l at depth. */
static void
marker(char *out, size_t cap, const model_list *l, size_t i, int depth)
{
	static const char *const bullets[] = {"\xE2\x80\xA2", "\xE2\x80\x93",
	                                      "\xE2\x80\xA2"}; /* • – • */
	if (!l->numbered) {
		snprintf(out, cap, "%s",
		         l->bullet ? l->bullet : bullets[(depth - 1) % 3]);
		return;
	}
	int n = l->start + (int)i;
	int rc = -1;
	switch (l->numbers) {
	case MODEL_NUM_LOWER_ALPHA:
	case MODEL_NUM_UPPER_ALPHA:
		rc = alpha(out, cap, n, l->numbers == MODEL_NUM_UPPER_ALPHA);
		break;
	case MODEL_NUM_LOWER_ROMAN:
	case MODEL_NUM_UPPER_ROMAN:
		rc = roman(out, cap, n, l->numbers == MODEL_NUM_UPPER_ROMAN);
		break;
	case MODEL_NUM_DECIMAL:
		break;
	}
	if (rc != 0)
		snprintf(out, cap, "%d.", n);
}

static void
list(lflow *f, const model_list *l, double x, double w, int depth)
{
	const model_theme *th = f->th;
	const double em = th->size_body;
	const unsigned mstyle = l->numbered ? 0 : MODEL_BOLD;
	/* Between a marker's right edge and the text. */
	const double gap = 0.48 * em;
	double widest = 0;
	char m[MARKER_MAX];
	for (size_t i = 0; i < l->count; i++) {
		marker(m, sizeof(m), l, i, depth);
		double mw = lbox_measure(f, m, ROLE_BODY, mstyle, em);
		if (mw > widest)
			widest = mw;
	}
	double indent = widest + gap + 0.3 * em;
	if (indent < 1.6 * em)
		indent = 1.6 * em;
	if (indent > w / 3)
		indent = w / 3;
	/* The list's node (L) is current: each item is an LI of its
	 * marker (Lbl) and its text (LBody), which holds a nested list. */
	const uint32_t ln = f->snode;
	for (size_t i = 0; i < l->count; i++) {
		const model_list_item *it = &l->items[i];
		lpara_style ps = lstyle(f, LSTYLE_LIST_ITEM);
		size_t first = f->nslices;
		uint32_t li = lstruct_new(f, LTAG_LI, ln);
		uint32_t lbl = lstruct_new(f, LTAG_LBL, li);
		uint32_t body = lstruct_new(f, LTAG_LBODY, li);
		f->snode = body;
		if (lpara(f, &it->text, &ps, x + indent, w - indent) > 0) {
			/* The marker sits on the first line's baseline, right-
			 * aligned in the indent. */
			lslice *s = &f->slices[first];
			double base = 0;
			for (size_t k = 0; k < s->nitems; k++)
				if (s->items[k].kind == LITEM_TEXT) {
					base = s->items[k].u.text.y;
					break;
				}
			marker(m, sizeof(m), l, i, depth);
			f->snode = lbl;
			lplain_line(f, lsink_slice(s), m, ROLE_BODY, mstyle, em,
			            th->color_primary, x, indent - gap,
			            TEXT_ALIGN_RIGHT, base, "list-marker", it->pos);
		}
		if (it->sub) {
			f->snode = lstruct_new(f, LTAG_L, body);
			list(f, it->sub, x + indent, w - indent, depth + 1);
		}
		f->snode = ln;
		lspace(f, th->paragraph_space * 0.4);
	}
}

void
layout_block_list(lflow *f, const model_block *b, double x, double w)
{
	list(f, &b->u.list, x, w, 1);
	lspace(f, f->th->paragraph_space);
}
