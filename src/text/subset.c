/* subset.c - font subsetting for PDF embedding with hb-subset (see text.h). */
#include "text/text.h"

#include <stdlib.h>
#include <string.h>

#include <hb-subset.h>
#include <hb.h>

#include "text/text_internal.h"

/*
 * The tables a TrueType font embedded in a PDF keeps. The PDF backend
 * hands the subset to libharu, whose loader reads head, hhea, maxp, hmtx,
 * loca, glyf, cmap (a (3,1) format-4 subtable), name (the PostScript name),
 * OS/2 (embedding rights, panose) and post; it copies cvt, fpgm and prep
 * into the PDF when present, and viewers use them for hinting. Everything
 * else (GSUB, GPOS, GDEF, kern, colour, variations...) is dropped: layout
 * already applied kerning, and PDF viewers never read those tables.
 */
static const hb_tag_t keep_tags[] = {
	HB_TAG('h', 'e', 'a', 'd'), HB_TAG('h', 'h', 'e', 'a'),
	HB_TAG('h', 'm', 't', 'x'), HB_TAG('m', 'a', 'x', 'p'),
	HB_TAG('l', 'o', 'c', 'a'), HB_TAG('g', 'l', 'y', 'f'),
	HB_TAG('c', 'm', 'a', 'p'), HB_TAG('n', 'a', 'm', 'e'),
	HB_TAG('O', 'S', '/', '2'), HB_TAG('p', 'o', 's', 't'),
	HB_TAG('c', 'v', 't', ' '), HB_TAG('f', 'p', 'g', 'm'),
	HB_TAG('p', 'r', 'e', 'p'),
};

/* Tables that must be in the result for libharu to load it. */
static const hb_tag_t required_tags[] = {
	HB_TAG('h', 'e', 'a', 'd'), HB_TAG('h', 'h', 'e', 'a'),
	HB_TAG('h', 'm', 't', 'x'), HB_TAG('m', 'a', 'x', 'p'),
	HB_TAG('l', 'o', 'c', 'a'), HB_TAG('g', 'l', 'y', 'f'),
	HB_TAG('c', 'm', 'a', 'p'), HB_TAG('n', 'a', 'm', 'e'),
	HB_TAG('O', 'S', '/', '2'), HB_TAG('p', 'o', 's', 't'),
};

#define NTAGS(a) (sizeof(a) / sizeof((a)[0]))

static int
tag_in(hb_tag_t t, const hb_tag_t *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == t)
			return 1;
	return 0;
}

/* Add every table of face that is not in keep_tags to the drop set. */
static void
drop_other_tables(hb_face_t *face, hb_set_t *drop)
{
	hb_tag_t tags[64];
	unsigned int start = 0;
	for (;;) {
		unsigned int n = NTAGS(tags);
		unsigned int total = hb_face_get_table_tags(face, start, &n, tags);
		for (unsigned int i = 0; i < n; i++)
			if (!tag_in(tags[i], keep_tags, NTAGS(keep_tags)))
				hb_set_add(drop, tags[i]);
		start += n;
		if (n == 0 || start >= total)
			break;
	}
}

/* The first required table missing from face, as text, or NULL. */
static const char *
missing_table(hb_face_t *face, char out[5])
{
	for (size_t i = 0; i < NTAGS(required_tags); i++) {
		hb_blob_t *b = hb_face_reference_table(face, required_tags[i]);
		unsigned int len = hb_blob_get_length(b);
		hb_blob_destroy(b);
		if (len == 0) {
			hb_tag_to_string(required_tags[i], out);
			out[4] = '\0';
			return out;
		}
	}
	return NULL;
}

int
text_font_subset(const text_font *f, const uint32_t *cps, size_t ncps,
                 unsigned char **out, size_t *outlen, diag_list *diags)
{
	static const src_pos nowhere = {NULL, 0, 0};
	hb_subset_input_t *in = NULL;
	hb_face_t *sub = NULL;
	hb_blob_t *blob = NULL;
	int rc = -1;

	*out = NULL;
	*outlen = 0;

	in = hb_subset_input_create_or_fail();
	if (!in)
		mem_oom(); /* it fails only when it cannot allocate */
	hb_set_t *unicodes = hb_subset_input_unicode_set(in);
	for (size_t i = 0; i < ncps; i++)
		hb_set_add(unicodes, cps[i]);
	/* Only the glyphs of these code points (and .notdef, always kept):
	 * no glyphs reached through GSUB, which is dropped anyway. */
	drop_other_tables(f->face, hb_subset_input_set(
		in, HB_SUBSET_SETS_DROP_TABLE_TAG));
	/* Keep .notdef's outline so that a missing character shows as a box,
	 * and drop post's glyph names, which a PDF never uses. */
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NOTDEF_OUTLINE);

	sub = hb_subset_or_fail(f->face, in);
	if (!sub) {
		diag_error(diags, DIAG_FONT, nowhere,
		           "cannot subset font '%s' for embedding", f->path);
		diag_note(diags, "the font may be damaged; try another copy of it "
		                 "or another font");
		goto done;
	}
	char tag[5];
	if (missing_table(sub, tag)) {
		diag_error(diags, DIAG_FONT, nowhere,
		           "cannot embed font '%s': it has no '%s' table", f->path,
		           tag);
		diag_note(diags, "PDF embedding needs a TrueType font with the "
		                 "tables head, hhea, hmtx, maxp, loca, glyf, cmap, "
		                 "name, OS/2 and post");
		goto done;
	}
	blob = hb_face_reference_blob(sub);
	unsigned int len = 0;
	const char *data = hb_blob_get_data(blob, &len);
	if (!data || len == 0) {
		diag_error(diags, DIAG_FONT, nowhere,
		           "cannot subset font '%s': the subset is empty", f->path);
		goto done;
	}
	*out = xmalloc(len);
	memcpy(*out, data, len);
	*outlen = len;
	rc = 0;
done:
	hb_blob_destroy(blob);
	hb_face_destroy(sub);
	hb_subset_input_destroy(in);
	return rc;
}
