/*
 * pdf_struct.c - tagged PDF (ISO 32000-1, 14.7-14.8; PDF/UA-1): the
 * marked content of the pages and the structure tree over it.
 *
 * The layout says which structure node each item belongs to
 * (layout_item.snode, layout_doc.snodes). As pdf_page.c draws a page it
 * asks which node an item's drawing belongs to (render_struct_node) and
 * wraps each run of items of one node in a marked-content sequence,
 *
 *     /P <</MCID 3>> BDC ... EMC          content of node n
 *     /Artifact BMC ... EMC               decoration, running heads
 *
 * recording where the sequence went (the page, its MCID) and when its
 * first item was made (seq). A link annotation of a node is recorded
 * the same way. At the end (render_struct_finish) the nodes that hold
 * anything become StructElem dictionaries, each with its children and
 * its own content in the order they were made, and the ParentTree maps
 * each page's MCIDs and each annotation back to its element.
 */
#include "render/render_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

static const src_pos nowhere = {NULL, 0, 0};

/* libharu 2.3 refuses an array of more than 8191 entries (the limit of
 * early PDF readers). A page's ParentTree array has an entry per MCID, so
 * a page holds at most this many tagged sequences (what a page of real
 * text needs is a hundred or so); an element with more kids gets them in
 * groups (NonStruct) and the ParentTree is a tree of such arrays. */
#define STRUCT_ARRAY_MAX 8000

/* The standard role of each layout_tag (a Callout is a Div, through
 * the RoleMap). */
static const char *const role_names[LTAG_COUNT] = {
	[LTAG_DOCUMENT] = "Document", [LTAG_SECT] = "Sect",
	[LTAG_DIV] = "Div",           [LTAG_H1] = "H1",
	[LTAG_H2] = "H2",             [LTAG_H3] = "H3",
	[LTAG_P] = "P",               [LTAG_L] = "L",
	[LTAG_LI] = "LI",             [LTAG_LBL] = "Lbl",
	[LTAG_LBODY] = "LBody",       [LTAG_TABLE] = "Table",
	[LTAG_THEAD] = "THead",       [LTAG_TBODY] = "TBody",
	[LTAG_TR] = "TR",             [LTAG_TH] = "TH",
	[LTAG_TD] = "TD",             [LTAG_TOC] = "TOC",
	[LTAG_TOCI] = "TOCI",         [LTAG_BLOCKQUOTE] = "BlockQuote",
	[LTAG_CAPTION] = "Caption",   [LTAG_FIGURE] = "Figure",
	[LTAG_LINK] = "Link",         [LTAG_SPAN] = "Span",
	[LTAG_CALLOUT] = "Callout",
};

const char *
render_struct_role(uint8_t tag)
{
	return tag < LTAG_COUNT && role_names[tag] ? role_names[tag] : "Span";
}

uint32_t
render_struct_node(const render_ctx *rc, const layout_item *it)
{
	const layout_doc *ld = rc->ld;
	uint32_t n = it->snode;
	if (n == 0 || !ld || n >= ld->nsnodes)
		return 0;
	const layout_snode *sn = &ld->snodes[n];
	if (sn->tag == LTAG_FIGURE)
		/* A figure is all it draws, unless it is decoration. */
		return sn->alt && !*sn->alt ? 0 : n;
	/* Elsewhere fills, rules, dots and pictures only adorn the text. */
	return it->kind == LITEM_TEXT ? n : 0;
}

/* Record a marked-content sequence (mcid >= 0) or an annotation. */
static render_mcr *
record(render_ctx *rc, uint32_t sn_, uint32_t seq, long key, HPDF_Page page)
{
	if (rc->nmcrs == rc->capmcrs)
		rc->mcrs = xgrow(rc->mcrs, &rc->capmcrs, rc->nmcrs + 1,
		                 sizeof(*rc->mcrs));
	render_mcr *m = &rc->mcrs[rc->nmcrs++];
	memset(m, 0, sizeof(*m));
	m->node = sn_;
	m->seq = seq;
	m->ord = (uint32_t)rc->nmcrs - 1;
	m->key = key;
	m->page = page;
	m->mcid = -1;
	return m;
}

/* The page's first content: its key in the ParentTree. */
static int
page_key(render_ctx *rc, render_page *rp)
{
	rp->skey = rc->nkeys++;
	if (HPDF_Dict_AddNumber(rp->page, "StructParents", (HPDF_INT)rp->skey) !=
	    HPDF_OK)
		return render_fail(rc, 0, nowhere, "tag a page's content");
	return 0;
}

int
render_struct_begin(render_ctx *rc, render_page *rp, uint32_t sn_,
                    uint32_t seq, const uint16_t *actual, size_t nactual)
{
	char op[64];
	int len;
	if (sn_ != 0 && rp->nmcid >= STRUCT_ARRAY_MAX) {
		if (!rc->warned_mcids) {
			rc->warned_mcids = 1;
			diag_warning(rc->diags, DIAG_LIMIT, nowhere,
			             "a page has more than %d separately tagged "
			             "pieces of text; the rest of it is tagged as "
			             "decoration, which screen readers skip",
			             STRUCT_ARRAY_MAX);
			diag_note(rc->diags, "a page that changes style or "
			                     "language this often is hard to read "
			                     "aloud; split the text over more "
			                     "pages or simplify its markup");
		}
		sn_ = 0;
	}
	if (sn_ == 0) {
		len = snprintf(op, sizeof(op), "/Artifact BMC\n");
	} else if (actual) {
		/* A Span that reads as the text given (ISO 32000-1, 14.9.4),
		 * of the node's element all the same. */
		if (rp->skey < 0 && page_key(rc, rp))
			return -1;
		render_mcr *m = record(rc, sn_, seq, rp->skey, rp->page);
		m->mcid = rp->nmcid++;
		buf b;
		buf_init(&b);
		buf_printf(&b, "/Span <</MCID %d /ActualText <FEFF", m->mcid);
		static const char hex[] = "0123456789ABCDEF";
		for (size_t k = 0; k < nactual; k++)
			for (int sh = 12; sh >= 0; sh -= 4)
				buf_putc(&b, hex[(actual[k] >> sh) & 15]);
		buf_puts(&b, ">>> BDC\n");
		HPDF_STATUS st = haru_page_write(rp->page, b.data, b.len);
		buf_free(&b);
		return st == HPDF_OK ? 0
		                     : render_fail(rc, st, nowhere,
		                                   "tag a page's content");
	} else {
		if (rp->skey < 0 && page_key(rc, rp))
			return -1;
		render_mcr *m = record(rc, sn_, seq, rp->skey, rp->page);
		m->mcid = rp->nmcid++;
		len = snprintf(op, sizeof(op), "/%s <</MCID %d>> BDC\n",
		               render_struct_role(rc->ld->snodes[sn_].tag),
		               m->mcid);
	}
	HPDF_STATUS st = haru_page_write(rp->page, op, (size_t)len);
	return st == HPDF_OK ? 0
	                     : render_fail(rc, st, nowhere, "tag a page's content");
}

int
render_struct_end(render_ctx *rc, render_page *rp)
{
	HPDF_STATUS st = haru_page_write(rp->page, "EMC\n", 4);
	return st == HPDF_OK ? 0
	                     : render_fail(rc, st, nowhere, "tag a page's content");
}

int
render_struct_annot(render_ctx *rc, render_page *rp, HPDF_Annotation a,
                    const layout_item *it)
{
	const layout_doc *ld = rc->ld;
	if (it->snode == 0 || !ld || it->snode >= ld->nsnodes)
		return 0;
	render_mcr *m = record(rc, it->snode, it->seq, rc->nkeys++, rp->page);
	m->annot = a;
	if (HPDF_Dict_AddNumber(a, "StructParent", (HPDF_INT)m->key) != HPDF_OK)
		return render_fail(rc, 0, it->pos, "tag a link");
	return 0;
}

/* ---- the tree ---- */

/* s (UTF-8) as a PDF text string: UTF-16BE with its byte order mark,
 * written in hex. Code points above U+FFFF become surrogate pairs; bytes
 * that are not UTF-8 (the loader lets none through) become U+FFFD. */
static HPDF_Binary
text_string(HPDF_MMgr mm, const char *s)
{
	size_t n = strlen(s);
	unsigned char *u = xmalloc(2 + 4 * n);
	size_t o = 0;
	u[o++] = 0xFE;
	u[o++] = 0xFF;
	for (size_t i = 0; i < n;) {
		const unsigned char c = (unsigned char)s[i];
		uint32_t cp = 0xFFFD;
		size_t k = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3
		                     : (c >> 3) == 30 ? 4 : 0;
		if (k == 0 || i + k > n) {
			i++;
		} else {
			cp = k == 1 ? c : (uint32_t)(c & (0x7F >> k));
			for (size_t j = 1; j < k; j++)
				cp = cp << 6 | ((unsigned char)s[i + j] & 0x3F);
			i += k;
		}
		if (cp >= 0x10000) {
			cp -= 0x10000;
			uint32_t hi = 0xD800 | cp >> 10, lo = 0xDC00 | (cp & 0x3FF);
			u[o++] = (unsigned char)(hi >> 8);
			u[o++] = (unsigned char)hi;
			cp = lo;
		}
		u[o++] = (unsigned char)(cp >> 8);
		u[o++] = (unsigned char)cp;
	}
	HPDF_Binary b = HPDF_Binary_New(mm, u, (HPDF_UINT)o);
	free(u);
	return b;
}

static int
cmp_mcr(const void *a, const void *b)
{
	const render_mcr *x = a, *y = b;
	if (x->node != y->node)
		return x->node < y->node ? -1 : 1;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	/* Parts of one item: in the order drawn. */
	return x->ord < y->ord ? -1 : x->ord > y->ord;
}

/* What finish builds, for one node. */
typedef struct snode_out {
	int used;         /* it or a descendant holds content */
	HPDF_Dict elem;   /* its StructElem, once made */
	size_t first;     /* its records: mcrs[first, first + nrec) */
	size_t nrec;
	uint32_t kid;     /* first child (index + 1), 0: none */
	uint32_t next;    /* next sibling (index + 1) in reading order */
} snode_out;

/* The element's attributes (/A): a table cell's scope and spans. */
static HPDF_STATUS
add_attributes(HPDF_MMgr mm, HPDF_Dict e, const layout_snode *sn)
{
	if (sn->tag != LTAG_TH && sn->tag != LTAG_TD)
		return HPDF_OK;
	if (sn->scope == LSCOPE_NONE && sn->rowspan <= 1 && sn->colspan <= 1)
		return HPDF_OK;
	HPDF_Dict a = HPDF_Dict_New(mm);
	if (!a)
		return HARU_NO_MEMORY;
	HPDF_STATUS st = HPDF_Dict_AddName(a, "O", "Table");
	if (sn->scope != LSCOPE_NONE)
		st |= HPDF_Dict_AddName(a, "Scope",
		                        sn->scope == LSCOPE_ROW ? "Row" : "Column");
	if (sn->rowspan > 1)
		st |= HPDF_Dict_AddNumber(a, "RowSpan", sn->rowspan);
	if (sn->colspan > 1)
		st |= HPDF_Dict_AddNumber(a, "ColSpan", sn->colspan);
	return st | HPDF_Dict_Add(e, "A", a);
}

/* One kid of an element: a child element, a marked-content reference
 * (an MCID alone when on the element's /Pg page) or an annotation's
 * object reference. */
static HPDF_STATUS
add_mcr_kid(HPDF_MMgr mm, HPDF_Array k, const render_mcr *m, HPDF_Page pg)
{
	if (m->annot) {
		HPDF_Dict r = HPDF_Dict_New(mm);
		if (!r)
			return HARU_NO_MEMORY;
		return HPDF_Dict_AddName(r, "Type", "OBJR") |
		       HPDF_Dict_Add(r, "Obj", m->annot) |
		       HPDF_Dict_Add(r, "Pg", m->page) | HPDF_Array_Add(k, r);
	}
	if (m->page == pg)
		return HPDF_Array_AddNumber(k, m->mcid);
	HPDF_Dict r = HPDF_Dict_New(mm);
	if (!r)
		return HARU_NO_MEMORY;
	return HPDF_Dict_AddName(r, "Type", "MCR") |
	       HPDF_Dict_Add(r, "Pg", m->page) |
	       HPDF_Dict_AddNumber(r, "MCID", m->mcid) | HPDF_Array_Add(k, r);
}

/* The children of every node, each list in reading order (by seq). */
static void
link_children(const layout_doc *ld, snode_out *o)
{
	size_t n = ld->nsnodes;
	uint32_t *order = xmalloc((n ? n : 1) * sizeof(*order));
	size_t m = 0;
	for (size_t i = 1; i < n; i++)
		if (o[i].used)
			order[m++] = (uint32_t)i;
	/* Nodes are mostly made in reading order: an insertion sort by seq
	 * costs next to nothing then. */
	for (size_t i = 1; i < m; i++) {
		uint32_t v = order[i];
		size_t j = i;
		while (j > 0 && ld->snodes[order[j - 1]].seq > ld->snodes[v].seq) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = v;
	}
	/* Prepend in reverse: each list ends in reading order. */
	for (size_t i = m; i-- > 0;) {
		uint32_t c = order[i];
		uint32_t p = ld->snodes[c].parent;
		o[c].next = o[p].kid;
		o[p].kid = c + 1;
	}
	free(order);
}

/* A leaf of the ParentTree's number tree: nums, keys lo to hi. */
static HPDF_STATUS
add_leaf(render_ctx *rc, HPDF_Array leaves, HPDF_Array nums, size_t lo,
         size_t hi)
{
	HPDF_MMgr mm = haru_mmgr(rc->pdf);
	HPDF_Dict leaf = HPDF_Dict_New(mm);
	HPDF_Array lim = HPDF_Array_New(mm);
	if (!leaf || !lim || haru_add_object(rc->pdf, leaf) != HPDF_OK)
		return HARU_NO_MEMORY;
	return HPDF_Array_AddNumber(lim, (HPDF_INT32)lo) |
	       HPDF_Array_AddNumber(lim, (HPDF_INT32)hi) |
	       HPDF_Dict_Add(leaf, "Limits", lim) |
	       HPDF_Dict_Add(leaf, "Nums", nums) | HPDF_Array_Add(leaves, leaf);
}

int
render_struct_finish(render_ctx *rc, const layout_doc *ld)
{
	if (ld->nsnodes == 0 || rc->nmcrs == 0)
		return 0;
	HPDF_MMgr mm = haru_mmgr(rc->pdf);
	size_t n = ld->nsnodes;
	snode_out *o = xcalloc(n, sizeof(*o));
	qsort(rc->mcrs, rc->nmcrs, sizeof(*rc->mcrs), cmp_mcr);
	int ret = -1;

	/* Which nodes hold anything: those with records, and their
	 * ancestors; a mark that stands for "make the element". */
	for (size_t i = 0; i < rc->nmcrs; i++) {
		uint32_t v = rc->mcrs[i].node;
		if (v >= n)
			continue;
		if (o[v].nrec++ == 0)
			o[v].first = i;
	}
	for (size_t i = 0; i < n; i++)
		if (o[i].nrec)
			for (uint32_t p = (uint32_t)i; !o[p].used;
			     p = ld->snodes[p].parent) {
				o[p].used = 1;
				if (p == 0)
					break;
			}
	link_children(ld, o);

	/* The elements, each an object of its own. */
	HPDF_Dict root = HPDF_Dict_New(mm);
	if (!root || haru_add_object(rc->pdf, root) != HPDF_OK)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		if (!o[i].used)
			continue;
		const layout_snode *sn = &ld->snodes[i];
		HPDF_Dict e = HPDF_Dict_New(mm);
		if (!e || haru_add_object(rc->pdf, e) != HPDF_OK)
			goto fail;
		o[i].elem = e;
		HPDF_STATUS st = HPDF_Dict_AddName(e, "S", render_struct_role(sn->tag));
		st |= HPDF_Dict_Add(e, "P", i == 0 ? root : o[sn->parent].elem);
		if (sn->alt && sn->tag == LTAG_FIGURE)
			st |= HPDF_Dict_Add(e, "Alt", text_string(mm, sn->alt));
		if (sn->lang)
			st |= HPDF_Dict_Add(e, "Lang", text_string(mm, sn->lang));
		st |= add_attributes(mm, e, sn);
		if (st != HPDF_OK)
			goto fail;
	}

	/* Their kids: children and own content merged by seq. */
	for (size_t i = 0; i < n; i++) {
		if (!o[i].used)
			continue;
		HPDF_Array k = HPDF_Array_New(mm);
		if (!k)
			goto fail;
		const render_mcr *r = rc->mcrs + o[i].first;
		const render_mcr *const rend = r + o[i].nrec;
		HPDF_Page pg = NULL;
		for (const render_mcr *q = r; q < rend && !pg; q++)
			if (!q->annot)
				pg = q->page;
		HPDF_STATUS st = pg ? HPDF_Dict_Add(o[i].elem, "Pg", pg) : HPDF_OK;
		/* Past STRUCT_ARRAY_MAX kids, groups of them. */
		size_t nkids = o[i].nrec;
		for (uint32_t c = o[i].kid; c; c = o[c - 1].next)
			nkids++;
		HPDF_Dict owner = o[i].elem;
		HPDF_Array into = k;
		size_t in_group = 0;
		uint32_t c = o[i].kid;
		while (st == HPDF_OK && (c || r < rend)) {
			if (nkids > STRUCT_ARRAY_MAX &&
			    (in_group == 0 || in_group == STRUCT_ARRAY_MAX)) {
				owner = HPDF_Dict_New(mm);
				into = HPDF_Array_New(mm);
				in_group = 0;
				if (!owner || !into ||
				    haru_add_object(rc->pdf, owner) != HPDF_OK)
					goto fail;
				st = HPDF_Dict_AddName(owner, "S", "NonStruct") |
				     HPDF_Dict_Add(owner, "P", o[i].elem) |
				     (pg ? HPDF_Dict_Add(owner, "Pg", pg) : HPDF_OK) |
				     HPDF_Dict_Add(owner, "K", into) |
				     HPDF_Array_Add(k, owner);
				if (st != HPDF_OK)
					break;
			}
			in_group++;
			if (c && (r == rend || ld->snodes[c - 1].seq < r->seq)) {
				st = HPDF_Array_Add(into, o[c - 1].elem);
				if (owner != o[i].elem)
					st |= HPDF_Dict_Add(o[c - 1].elem, "P", owner);
				c = o[c - 1].next;
			} else {
				st = add_mcr_kid(mm, into, r, pg);
				rc->mcrs[r - rc->mcrs].owner = owner;
				r++;
			}
		}
		if (st != HPDF_OK || HPDF_Dict_Add(o[i].elem, "K", k) != HPDF_OK)
			goto fail;
	}

	/* The ParentTree: by key, a page's elements by MCID (the records
	 * of one page are all there, in no order) or an annotation's. */
	HPDF_Array nums = HPDF_Array_New(mm);
	HPDF_Dict ptree = HPDF_Dict_New(mm);
	if (!nums || !ptree || haru_add_object(rc->pdf, ptree) != HPDF_OK)
		goto fail;
	/* Each key's elements: a page's by MCID, from at[key] in elems;
	 * an annotation's alone. */
	const size_t nkeys = (size_t)rc->nkeys;
	size_t *at = xcalloc(nkeys + 1, sizeof(*at));
	int *annot = xcalloc(nkeys ? nkeys : 1, sizeof(*annot));
	for (size_t i = 0; i < rc->nmcrs; i++) {
		const render_mcr *m = &rc->mcrs[i];
		if (m->annot)
			annot[m->key] = 1;
		else if ((size_t)m->mcid + 1 > at[m->key + 1])
			at[m->key + 1] = (size_t)m->mcid + 1;
	}
	for (size_t k = 0; k < nkeys; k++)
		at[k + 1] += at[k] + (annot[k] ? 1 : 0);
	HPDF_Dict *elems = xcalloc(at[nkeys] ? at[nkeys] : 1, sizeof(*elems));
	for (size_t i = 0; i < rc->nmcrs; i++) {
		const render_mcr *m = &rc->mcrs[i];
		elems[at[m->key] + (m->annot ? 0 : (size_t)m->mcid)] = m->owner;
	}
	HPDF_STATUS st = HPDF_OK;
	/* A long ParentTree is a number tree: leaves of at most
	 * STRUCT_ARRAY_MAX / 2 keys, under /Kids. */
	HPDF_Array leaves = NULL;
	size_t in_leaf = 0, leaf_lo = 0, last = 0;
	for (size_t k = 0; k < nkeys && st == HPDF_OK; k++) {
		if (at[k + 1] == at[k])
			continue;
		if (in_leaf == STRUCT_ARRAY_MAX / 2) {
			if (!leaves && !(leaves = HPDF_Array_New(mm))) {
				st = HARU_NO_MEMORY;
				break;
			}
			st = add_leaf(rc, leaves, nums, leaf_lo, last);
			nums = HPDF_Array_New(mm);
			if (!nums)
				st = HARU_NO_MEMORY;
			in_leaf = 0;
			if (st != HPDF_OK)
				break;
		}
		if (in_leaf++ == 0)
			leaf_lo = k;
		last = k;
		st |= HPDF_Array_AddNumber(nums, (HPDF_INT32)k);
		if (annot[k]) {
			st |= HPDF_Array_Add(nums, elems[at[k]]);
			continue;
		}
		HPDF_Array a = HPDF_Array_New(mm);
		if (!a) {
			st = HARU_NO_MEMORY;
			break;
		}
		for (size_t j = at[k]; j < at[k + 1] && st == HPDF_OK; j++)
			st = elems[j] ? HPDF_Array_Add(a, elems[j])
			              : HPDF_Array_Add(a, HPDF_Null_New(mm));
		st |= HPDF_Array_Add(nums, a);
	}
	free(at);
	free(annot);
	free(elems);
	if (st == HPDF_OK && leaves) {
		st = add_leaf(rc, leaves, nums, leaf_lo, last);
		if (st == HPDF_OK)
			st = HPDF_Dict_Add(ptree, "Kids", leaves);
	} else if (st == HPDF_OK) {
		st = HPDF_Dict_Add(ptree, "Nums", nums);
	}
	if (st != HPDF_OK)
		goto fail;

	HPDF_Dict rolemap = HPDF_Dict_New(mm);
	HPDF_Dict mark = HPDF_Dict_New(mm);
	HPDF_Dict catalog = haru_catalog(rc->pdf);
	if (!rolemap || !mark ||
	    HPDF_Dict_AddName(rolemap, "Callout", "Div") != HPDF_OK ||
	    HPDF_Dict_AddName(root, "Type", "StructTreeRoot") != HPDF_OK ||
	    HPDF_Dict_Add(root, "K", o[0].elem) != HPDF_OK ||
	    HPDF_Dict_Add(root, "ParentTree", ptree) != HPDF_OK ||
	    HPDF_Dict_AddNumber(root, "ParentTreeNextKey", (HPDF_INT)nkeys) !=
	            HPDF_OK ||
	    HPDF_Dict_Add(root, "RoleMap", rolemap) != HPDF_OK ||
	    HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE) != HPDF_OK ||
	    HPDF_Dict_Add(catalog, "MarkInfo", mark) != HPDF_OK ||
	    HPDF_Dict_Add(catalog, "StructTreeRoot", root) != HPDF_OK)
		goto fail;
	rc->tagged = 1;
	ret = 0;
fail:
	if (ret != 0)
		render_fail(rc, 0, nowhere, "build the document's structure");
	free(o);
	return ret;
}

void
render_struct_free(render_ctx *rc)
{
	free(rc->mcrs);
	rc->mcrs = NULL;
	rc->nmcrs = rc->capmcrs = 0;
}
