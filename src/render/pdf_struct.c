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
#include "util/worker.h"

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
                    uint32_t seq)
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

/*
 * The tree is written as PDF objects of its own, not as libharu
 * dictionaries: a report has an element for every paragraph, list item
 * and table cell, and libharu's objects cost a hundred times the bytes
 * they write. The objects' numbers are reserved in libharu's document
 * (haru_raw_reserve), the catalog refers to the first, and the save
 * packs their text (rc->raw) with the other objects (pdf_haru.c).
 */

/* s (UTF-8) as a PDF text string: UTF-16BE with its byte order mark,
 * in hex. Code points above U+FFFF become surrogate pairs; bytes that
 * are not UTF-8 (the loader lets none through) become U+FFFD. */
static void
put_text_string(buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s);
	buf_puts(b, "<FEFF");
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
		uint32_t u[2] = {cp, 0};
		int nu = 1;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			u[0] = 0xD800 | cp >> 10;
			u[1] = 0xDC00 | (cp & 0x3FF);
			nu = 2;
		}
		for (int q = 0; q < nu; q++)
			for (int sh = 12; sh >= 0; sh -= 4)
				buf_putc(b, hex[(u[q] >> sh) & 15]);
	}
	buf_putc(b, '>');
}

/* A number, and a reference "n 0 R", appended to b (what buf_printf
 * would write, without its cost: the tree has many of them). */
static void
put_num(buf *b, size_t v)
{
	char tmp[24];
	size_t n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		buf_putc(b, tmp[--n]);
}

static void
put_ref(buf *b, uint32_t num)
{
	put_num(b, num);
	buf_puts(b, " 0 R");
}

/* A language tag as a PDF string: ASCII letters, digits and '-' only
 * (the model checks its shape), anything else left out. */
static void
put_lang(buf *b, const char *tag)
{
	buf_putc(b, '(');
	for (const char *p = tag; *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-')
			buf_putc(b, *p);
	buf_putc(b, ')');
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
	uint32_t num;     /* its object's number */
	uint32_t group;   /* its first group's number (kids in groups), or 0 */
	size_t nkids;
	size_t first;     /* its records: mcrs[first, first + nrec) */
	size_t nrec;
	uint32_t kid;     /* first child (index + 1), 0: none */
	uint32_t next;    /* next sibling (index + 1) in reading order */
	uint32_t pg;      /* the page (object number) of its first MCID */
	uint32_t up;      /* its parent's object, or the parent's group's
	                   * that lists it (a parent of many kids) */
} snode_out;

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

/* One object more in rc->raw: its text begins now. */
static void
next_object(render_ctx *rc)
{
	if (rc->raw_n + 1 >= rc->raw_cap)
		rc->raw_off = xgrow(rc->raw_off, &rc->raw_cap, rc->raw_n + 2,
		                    sizeof(*rc->raw_off));
	rc->raw_off[rc->raw_n++] = rc->raw_text.len;
}

/* The element's attributes (/A): a table cell's scope and spans. */
static void
put_attributes(buf *b, const layout_snode *sn)
{
	if (sn->tag != LTAG_TH && sn->tag != LTAG_TD)
		return;
	if (sn->scope == LSCOPE_NONE && sn->rowspan <= 1 && sn->colspan <= 1)
		return;
	buf_puts(b, "/A<</O/Table");
	if (sn->scope != LSCOPE_NONE)
		buf_puts(b, sn->scope == LSCOPE_ROW ? "/Scope/Row" : "/Scope/Column");
	if (sn->rowspan > 1)
		buf_printf(b, "/RowSpan %u", (unsigned)sn->rowspan);
	if (sn->colspan > 1)
		buf_printf(b, "/ColSpan %u", (unsigned)sn->colspan);
	buf_puts(b, ">>");
}

/* A kid that is content: an MCID (alone when on the element's /Pg
 * page), or an annotation's object reference. */
static void
put_mcr(buf *b, const render_mcr *m, uint32_t pg)
{
	if (m->annot)
	{
		buf_puts(b, "<</Type/OBJR/Obj ");
		put_ref(b, haru_obj_num(m->annot));
		buf_puts(b, "/Pg ");
		put_ref(b, haru_obj_num(m->page));
		buf_puts(b, ">>");
	}
	else if (haru_obj_num(m->page) == pg)
		put_num(b, (size_t)m->mcid);
	else
	{
		buf_puts(b, "<</Type/MCR/Pg ");
		put_ref(b, haru_obj_num(m->page));
		buf_puts(b, "/MCID ");
		put_num(b, (size_t)m->mcid);
		buf_puts(b, ">>");
	}
}

/* Where the kids of a node are, as they are written: its next record
 * and the end of them, its next child (index + 1, or 0). */
typedef struct kids {
	const render_mcr *r, *rend;
	uint32_t c;
} kids;

/* Write up to max of node i's kids from k on, children and own content
 * merged by seq, into rc->raw_text; the records written belong to the
 * element numbered me (owner[], by record). */
static void
put_kids(render_ctx *rc, const layout_doc *ld, const snode_out *o, size_t i,
         kids *k, size_t max, uint32_t me, uint32_t *owner)
{
	buf *b = &rc->raw_text;
	for (size_t q = 0; q < max && (k->c || k->r < k->rend); q++) {
		if (q)
			buf_putc(b, ' ');
		if (k->c && (k->r == k->rend ||
		             ld->snodes[k->c - 1].seq < k->r->seq)) {
			put_ref(b, o[k->c - 1].num);
			k->c = o[k->c - 1].next;
		} else {
			put_mcr(b, k->r, o[i].pg);
			owner[k->r - rc->mcrs] = me;
			k->r++;
		}
	}
}

int
render_struct_finish(render_ctx *rc, const layout_doc *ld)
{
	if (ld->nsnodes == 0 || rc->nmcrs == 0)
		return 0;
	size_t n = ld->nsnodes;
	snode_out *o = xcalloc(n, sizeof(*o));
	qsort(rc->mcrs, rc->nmcrs, sizeof(*rc->mcrs), cmp_mcr);

	/* Which nodes hold anything: those with records, and their
	 * ancestors. */
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

	/* The ParentTree's keys: a page's MCIDs, or an annotation. */
	const size_t nkeys = (size_t)rc->nkeys;
	size_t *at = xcalloc(nkeys + 1, sizeof(*at));
	char *annot = xcalloc(nkeys ? nkeys : 1, 1);
	for (size_t i = 0; i < rc->nmcrs; i++) {
		const render_mcr *m = &rc->mcrs[i];
		if (m->annot)
			annot[m->key] = 1;
		else if ((size_t)m->mcid + 1 > at[m->key + 1])
			at[m->key + 1] = (size_t)m->mcid + 1;
	}
	size_t nused_keys = 0;
	for (size_t k = 0; k < nkeys; k++) {
		if (annot[k])
			at[k + 1] = 1;
		nused_keys += at[k + 1] > 0;
		at[k + 1] += at[k];
	}
	const size_t per_leaf = STRUCT_ARRAY_MAX / 2;
	const size_t nleaves = nused_keys > per_leaf
	                               ? (nused_keys + per_leaf - 1) / per_leaf
	                               : 0;

	/* Numbers: the root, the elements (by node), their kids' groups,
	 * the ParentTree and its leaves. */
	uint32_t count = 1;
	for (size_t i = 0; i < n; i++) {
		if (!o[i].used)
			continue;
		o[i].nkids = o[i].nrec;
		for (uint32_t c = o[i].kid; c; c = o[c - 1].next)
			o[i].nkids++;
		count++;
	}
	for (size_t i = 0; i < n; i++)
		if (o[i].used && o[i].nkids > STRUCT_ARRAY_MAX)
			count += (uint32_t)((o[i].nkids + STRUCT_ARRAY_MAX - 1) /
			                    STRUCT_ARRAY_MAX);
	count += 1 + (uint32_t)nleaves;
	HPDF_UINT first = 0;
	void *root = haru_raw_reserve(rc->pdf, count, &first);
	if (!root) {
		free(o);
		free(at);
		free(annot);
		return render_fail(rc, 0, nowhere, "build the document's structure");
	}
	uint32_t num = first + 1;
	for (size_t i = 0; i < n; i++)
		if (o[i].used)
			o[i].num = num++;
	for (size_t i = 0; i < n; i++)
		if (o[i].used && o[i].nkids > STRUCT_ARRAY_MAX) {
			o[i].group = num;
			num += (uint32_t)((o[i].nkids + STRUCT_ARRAY_MAX - 1) /
			                  STRUCT_ARRAY_MAX);
		}
	const uint32_t ptree = num;
	/* Each element's /P: its parent, or the group of its parent's kids
	 * that holds it, counted in the order put_kids writes them. */
	for (size_t i = 0; i < n; i++) {
		if (!o[i].used)
			continue;
		if (i > 0 && !o[i].up)
			o[i].up = o[ld->snodes[i].parent].num;
		if (o[i].nkids <= STRUCT_ARRAY_MAX)
			continue;
		const render_mcr *r = rc->mcrs + o[i].first;
		const render_mcr *const rend = r + o[i].nrec;
		uint32_t c = o[i].kid;
		for (size_t q = 0; c || r < rend; q++) {
			if (c && (r == rend || ld->snodes[c - 1].seq < r->seq)) {
				o[c - 1].up = o[i].group +
				              (uint32_t)(q / STRUCT_ARRAY_MAX);
				c = o[c - 1].next;
			} else {
				r++;
			}
		}
	}
	/* The element of each record (its group's, when in groups). */
	for (size_t i = 0; i < n; i++) {
		if (!o[i].used)
			continue;
		for (size_t r = 0; r < o[i].nrec; r++)
			if (!rc->mcrs[o[i].first + r].annot) {
				o[i].pg = haru_obj_num(rc->mcrs[o[i].first + r].page);
				break;
			}
	}

	buf *b = &rc->raw_text;
	/* The root. */
	next_object(rc);
	buf_printf(b, "<</Type/StructTreeRoot/K %u 0 R/ParentTree %u 0 R"
	              "/ParentTreeNextKey %zu/RoleMap<</Callout/Div>>>>",
	           o[0].num, ptree, nkeys);
	/* The elements. */
	uint32_t *owner = xcalloc(rc->nmcrs ? rc->nmcrs : 1, sizeof(*owner));
	for (size_t i = 0; i < n; i++) {
		if (!o[i].used)
			continue;
		const layout_snode *sn = &ld->snodes[i];
		next_object(rc);
		buf_puts(b, "<</S/");
		buf_puts(b, render_struct_role(sn->tag));
		buf_puts(b, "/P ");
		put_ref(b, i == 0 ? first : o[i].up);
		if (o[i].pg) {
			buf_puts(b, "/Pg ");
			put_ref(b, o[i].pg);
		}
		if (sn->alt && sn->tag == LTAG_FIGURE) {
			buf_puts(b, "/Alt");
			put_text_string(b, sn->alt);
		}
		if (sn->lang) {
			buf_puts(b, "/Lang");
			put_lang(b, sn->lang);
		}
		put_attributes(b, sn);
		buf_puts(b, "/K[");
		/* Children and own content, merged by seq; past
		 * STRUCT_ARRAY_MAX of them, references to their groups. */
		kids k = {rc->mcrs + o[i].first, rc->mcrs + o[i].first + o[i].nrec,
		          o[i].kid};
		if (o[i].nkids > STRUCT_ARRAY_MAX)
			for (size_t g = 0; g * STRUCT_ARRAY_MAX < o[i].nkids; g++) {
				if (g)
					buf_putc(b, ' ');
				put_ref(b, o[i].group + (uint32_t)g);
			}
		else
			put_kids(rc, ld, o, i, &k, o[i].nkids, o[i].num, owner);
		buf_puts(b, "]>>");
	}
	/* The groups: NonStruct elements of STRUCT_ARRAY_MAX kids each. */
	for (size_t i = 0; i < n; i++) {
		if (!o[i].used || o[i].nkids <= STRUCT_ARRAY_MAX)
			continue;
		kids k = {rc->mcrs + o[i].first, rc->mcrs + o[i].first + o[i].nrec,
		          o[i].kid};
		for (size_t g = 0; g * STRUCT_ARRAY_MAX < o[i].nkids; g++) {
			next_object(rc);
			buf_puts(b, "<</S/NonStruct/P ");
			put_ref(b, o[i].num);
			if (o[i].pg) {
				buf_puts(b, "/Pg ");
				put_ref(b, o[i].pg);
			}
			buf_puts(b, "/K[");
			put_kids(rc, ld, o, i, &k, STRUCT_ARRAY_MAX,
			         o[i].group + (uint32_t)g, owner);
			buf_puts(b, "]>>");
		}
	}

	/* The ParentTree: key -> a page's elements by MCID, or an
	 * annotation's element. */
	uint32_t *elems = xcalloc(at[nkeys] ? at[nkeys] : 1, sizeof(*elems));
	for (size_t i = 0; i < rc->nmcrs; i++) {
		const render_mcr *m = &rc->mcrs[i];
		elems[at[m->key] + (m->annot ? 0 : (size_t)m->mcid)] = owner[i];
	}
	next_object(rc);
	size_t key = 0;
	for (size_t leaf = 0; leaf <= nleaves; leaf++) {
		if (nleaves && leaf == 0) {
			buf_puts(b, "<</Kids[");
			for (size_t q = 0; q < nleaves; q++)
				buf_printf(b, "%s%u 0 R", q ? " " : "",
				           ptree + 1 + (uint32_t)q);
			buf_puts(b, "]>>");
			continue;
		}
		if (nleaves)
			next_object(rc);
		/* The keys of this leaf (all of them when there is none). */
		size_t lo = key, in = 0;
		buf t;
		buf_init(&t);
		size_t hi = key;
		for (; key < nkeys && (!nleaves || in < per_leaf); key++) {
			if (at[key + 1] == at[key])
				continue;
			in++;
			hi = key;
			if (in > 1)
				buf_putc(&t, ' ');
			put_num(&t, key);
			buf_putc(&t, ' ');
			if (annot[key]) {
				put_ref(&t, elems[at[key]]);
				continue;
			}
			buf_putc(&t, '[');
			for (size_t q = at[key]; q < at[key + 1]; q++) {
				if (q > at[key])
					buf_putc(&t, ' ');
				if (elems[q])
					put_ref(&t, elems[q]);
				else
					buf_puts(&t, "null");
			}
			buf_putc(&t, ']');
		}
		if (nleaves)
			buf_printf(b, "<</Limits[%zu %zu]/Nums[", lo, hi);
		else
			buf_puts(b, "<</Nums[");
		if (t.len)
			buf_put(b, t.data, t.len);
		buf_puts(b, "]>>");
		buf_free(&t);
	}
	rc->raw_first = first;
	free(elems);
	free(owner);
	free(o);
	free(at);
	free(annot);

	HPDF_Dict mark = HPDF_Dict_New(haru_mmgr(rc->pdf));
	HPDF_Dict catalog = haru_catalog(rc->pdf);
	if ((uint32_t)rc->raw_n != count || !mark ||
	    HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE) != HPDF_OK ||
	    HPDF_Dict_Add(catalog, "MarkInfo", mark) != HPDF_OK ||
	    HPDF_Dict_Add(catalog, "StructTreeRoot", root) != HPDF_OK)
		return render_fail(rc, 0, nowhere, "build the document's structure");
	rc->raw_off[rc->raw_n] = rc->raw_text.len;
	rc->tagged = 1;
	return 0;
}

/* One object stream of the structure, packed as a task of the run's
 * worker (or where it is collected, without one). */
typedef struct render_zraw {
	wtask task; /* first: the task is the job */
	render_ctx *rc;
	size_t k;
	buf z;        /* deflated */
	size_t first; /* its /First */
	int failed;
} render_zraw;

static void
pack_chunk(wtask *t)
{
	render_zraw *j = (render_zraw *)t;
	const haru_raw raw = render_raw(j->rc);
	j->failed = haru_raw_pack(&raw, j->k, &j->z, &j->first) != 0;
}

/* The save's raw->chunk: chunk k, once packed. */
static const buf *
take_chunk(void *ctx, size_t k, size_t *first)
{
	render_ctx *rc = ctx;
	if (k >= rc->nzraw)
		return NULL;
	render_zraw *j = &rc->zraw[k];
	worker_finish(rc->worker, &j->task);
	*first = j->first;
	return j->failed ? NULL : &j->z;
}

haru_raw
render_raw(render_ctx *rc)
{
	return (haru_raw){rc->raw_first,
	                  rc->raw_n,
	                  rc->raw_text.data,
	                  rc->raw_off,
	                  render_deflate_whole,
	                  take_chunk,
	                  rc};
}

void
render_struct_pack(render_ctx *rc)
{
	if (rc->zraw || rc->raw_n == 0)
		return;
	const haru_raw raw = render_raw(rc);
	const size_t n = haru_raw_chunks(&raw);
	render_zraw *z = xcalloc(n, sizeof(*z));
	for (size_t k = 0; k < n; k++) {
		z[k].task.run = pack_chunk;
		z[k].rc = rc;
		z[k].k = k;
		buf_init(&z[k].z);
	}
	for (size_t k = 0; k < n; k++)
		worker_post(rc->worker, &z[k].task);
	rc->zraw = z;
	rc->nzraw = n;
}

void
render_struct_free(render_ctx *rc)
{
	for (size_t k = 0; k < rc->nzraw; k++) {
		worker_withdraw(rc->worker, &rc->zraw[k].task);
		buf_free(&rc->zraw[k].z);
	}
	free(rc->zraw);
	rc->zraw = NULL;
	rc->nzraw = 0;
	free(rc->mcrs);
	rc->mcrs = NULL;
	rc->nmcrs = rc->capmcrs = 0;
	buf_free(&rc->raw_text);
	free(rc->raw_off);
	rc->raw_off = NULL;
	rc->raw_n = rc->raw_cap = 0;
}
