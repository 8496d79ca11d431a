/* font.c - opening fonts with HarfBuzz, metrics and shaping (see text.h). */
#include "text/text.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hb-ot.h>
#include <hb.h>

#include "text/text_internal.h"
#include "util/paths.h"
#include "util/inputs.h"
#include "util/limits.h"
#include "util/utf8.h"

/* text_measure takes strings up to this many bytes from the word cache
 * (at most its CACHE_WORD_MAX). */
#define TEXT_MEASURE_CACHED 64

struct text_fonts {
	text_font **items;
	size_t count, cap;
	char **failed;      /* paths already reported as unusable */
	size_t nfailed, capfailed;
	const path_policy *policy; /* which font files may be read */
};

static _Thread_local int thread_slot;

int
text_slot(void)
{
	return thread_slot;
}

void
text_thread_begin(void)
{
	thread_slot = 1;
}

void
text_thread_end(void)
{
	text_break_thread_end();
	text_hyphen_thread_end();
}

text_fonts *
text_fonts_new(void)
{
	/* HarfBuzz sets its default language up on first use, which two
	 * threads shaping at once (text_thread_begin) would race to do:
	 * do it now, in the thread that opens the fonts. */
	(void)hb_language_get_default();
	return xcalloc(1, sizeof(text_fonts));
}

static void
font_free(text_font *f)
{
	if (!f)
		return;
	for (int s = 0; s < TEXT_SLOTS; s++) {
		text_cache_free(f->cache[s]);
		hb_buffer_destroy(f->buffer[s]);
	}
	free(f->coverage);
	hb_font_destroy(f->hb_font);
	hb_face_destroy(f->face);
	hb_blob_destroy(f->blob);
	free(f->path);
	free(f->name);
	free(f);
}

void
text_fonts_set_policy(text_fonts *fs, const path_policy *p)
{
	fs->policy = p;
}

/* The bytes of the font file open as fd, read whole (a file cut short
 * while it is used cannot take the pages of a mapping with it); NULL if
 * they cannot be, *big set when it is over LIMIT_FONT_BYTES. */
static hb_blob_t *
blob_of(int fd, int *big)
{
	struct stat st;
	if (fstat(fd, &st) != 0)
		return NULL;
	if (st.st_size == 0) /* not a font: check_face says so */
		return hb_blob_create_or_fail("", 0, HB_MEMORY_MODE_READONLY,
		                              NULL, NULL);
	*big = st.st_size > (off_t)LIMIT_FONT_BYTES;
	if (*big)
		return NULL;
	size_t len = (size_t)st.st_size, got = 0;
	char *data = xmalloc(len);
	while (got < len) {
		ssize_t n = read(fd, data + got, len - got);
		if (n <= 0 && !(n < 0 && errno == EINTR)) {
			free(data);
			return NULL;
		}
		got += n > 0 ? (size_t)n : 0;
	}
	return hb_blob_create_or_fail(data, (unsigned)len,
	                              HB_MEMORY_MODE_READONLY, data, free);
}

void
text_fonts_free(text_fonts *fs)
{
	if (!fs)
		return;
	for (size_t i = 0; i < fs->count; i++)
		font_free(fs->items[i]);
	free(fs->items);
	for (size_t i = 0; i < fs->nfailed; i++)
		free(fs->failed[i]);
	free(fs->failed);
	free(fs);
}

static unsigned long
be32(const unsigned char *p)
{
	return ((unsigned long)p[0] << 24) | ((unsigned long)p[1] << 16) |
	       ((unsigned long)p[2] << 8) | p[3];
}

/* Does the table directory of the file in blob point past its end (a
 * truncated or damaged file)? */
static int
truncated(hb_blob_t *blob)
{
	unsigned int len;
	const unsigned char *d =
		(const unsigned char *)hb_blob_get_data(blob, &len);
	if (!d || len < 12)
		return 1;
	unsigned long n = ((unsigned long)d[4] << 8) | d[5];
	if (12 + 16 * n > len)
		return 1;
	for (unsigned long i = 0; i < n; i++) {
		const unsigned char *r = d + 12 + 16 * i;
		unsigned long off = be32(r + 8), size = be32(r + 12);
		if (off > len || size > len - off)
			return 1;
	}
	return 0;
}

/* Why a file that is not a usable font was refused, or NULL if usable. */
static const char *
check_face(hb_blob_t *blob, hb_face_t *face, hb_font_t *font)
{
	if (hb_face_get_glyph_count(face) == 0)
		return "it is not a TrueType or OpenType font";
	if (truncated(blob))
		return "the file is truncated or damaged: its tables run past "
		       "its end";
	hb_blob_t *glyf = hb_face_reference_table(face, HB_TAG('g', 'l', 'y', 'f'));
	unsigned int glyf_len = hb_blob_get_length(glyf);
	hb_blob_destroy(glyf);
	if (glyf_len == 0)
		return "it has no TrueType outlines (glyf table); "
		       "only .ttf fonts can be embedded";
	/* OS/2 fsType: "restricted licence embedding" forbids putting the
	 * font in a document at all. */
	hb_blob_t *os2 = hb_face_reference_table(face, HB_TAG('O', 'S', '/', '2'));
	unsigned int os2_len;
	const unsigned char *o =
		(const unsigned char *)hb_blob_get_data(os2, &os2_len);
	int restricted = o && os2_len >= 10 && ((o[8] << 8 | o[9]) & 0x000F) == 2;
	hb_blob_destroy(os2);
	if (restricted)
		return "its licence forbids embedding it in documents (OS/2 "
		       "fsType 'restricted'); choose a font whose licence allows "
		       "embedding, such as an OFL font";
	hb_codepoint_t g;
	if (!hb_font_get_nominal_glyph(font, 'a', &g) &&
	    !hb_font_get_nominal_glyph(font, 0x0430, &g))
		return "it has no Unicode character map for Latin or Cyrillic "
		       "letters";
	return NULL;
}

/* Remember that path was reported, so each bad font is reported once. */
static text_font *
failed(text_fonts *fs, const char *path)
{
	fs->failed = xgrow(fs->failed, &fs->capfailed, fs->nfailed + 1,
	                   sizeof(*fs->failed));
	fs->failed[fs->nfailed++] = xstrdup(path);
	return NULL;
}

text_font *
text_fonts_open(text_fonts *fs, const char *path, src_pos at,
                diag_list *diags)
{
	for (size_t i = 0; i < fs->count; i++)
		if (strcmp(fs->items[i]->path, path) == 0)
			return fs->items[i];
	for (size_t i = 0; i < fs->nfailed; i++)
		if (strcmp(fs->failed[i], path) == 0)
			return NULL;

	/* Checked by the model already: refused here only if the file
	 * changed since. A path not written in a report (at.line 0) is a
	 * bundled font's. */
	path_verdict v;
	int fd = path_open(at.line > 0 ? fs->policy : NULL, NULL, path, &v);
	if (v == PATH_MISSING) {
		diag_error(diags, DIAG_FONT, at, "cannot open font '%s': %s", path,
		           strerror(errno));
		diag_note(diags, "font paths are relative to the YAML file that "
		                 "names them");
		return failed(fs, path);
	}
	if (v == PATH_NOT_FILE) {
		diag_error(diags, DIAG_FONT, at, "font '%s' is not a regular file",
		           path);
		return failed(fs, path);
	}
	if (fd < 0) {
		path_report(diags, DIAG_FONT, at, v, path, "font");
		return failed(fs, path);
	}
	inputs_note_fd(fd); /* never an output (util/inputs.h) */
	int big = 0;
	hb_blob_t *blob = blob_of(fd, &big);
	close(fd);
	if (big) {
		diag_error(diags, DIAG_LIMIT, at, "the font '%s' is larger than "
		           "%ld MB (LIMIT_FONT_BYTES)", path,
		           LIMIT_FONT_BYTES / (1024L * 1024));
		diag_note(diags, "name a font file itself (.ttf or .otf), not a "
		          "collection or an archive of fonts");
		return failed(fs, path);
	}
	if (!blob) {
		diag_error(diags, DIAG_FONT, at, "cannot read font '%s'", path);
		return failed(fs, path);
	}
	text_font *f = xcalloc(1, sizeof(*f));
	f->blob = blob;
	f->face = hb_face_create(blob, 0);
	f->hb_font = hb_font_create(f->face);
	f->coverage = xcalloc(0x10000 / 4, 1);
	f->upem = hb_face_get_upem(f->face);
	if (f->upem == 0)
		f->upem = 1000;
	hb_font_set_scale(f->hb_font, (int)f->upem, (int)f->upem);
	f->path = xstrdup(path);

	const char *why = check_face(f->blob, f->face, f->hb_font);
	if (why) {
		diag_error(diags, DIAG_FONT, at, "cannot use font '%s': %s", path,
		           why);
		font_free(f);
		return failed(fs, path);
	}

	char name[256];
	unsigned int len = sizeof(name);
	if (hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_POSTSCRIPT_NAME,
	                        HB_LANGUAGE_INVALID, &len, name) == 0) {
		const char *base = strrchr(path, '/');
		snprintf(name, sizeof(name), "%s", base ? base + 1 : path);
	}
	f->name = xstrdup(name);
	/* Shared by the threads that shape with it: no more changes. */
	hb_font_make_immutable(f->hb_font);

	hb_font_extents_t ext;
	hb_font_get_h_extents(f->hb_font, &ext);
	f->metrics.ascender = ext.ascender / (double)f->upem;
	f->metrics.descender = -ext.descender / (double)f->upem;
	f->metrics.line_gap = ext.line_gap / (double)f->upem;
	hb_position_t pos;
	f->metrics.cap_height =
		hb_ot_metrics_get_position(f->hb_font, HB_OT_METRICS_TAG_CAP_HEIGHT,
		                           &pos) ? pos / (double)f->upem : 0.7;
	f->metrics.x_height =
		hb_ot_metrics_get_position(f->hb_font, HB_OT_METRICS_TAG_X_HEIGHT,
		                           &pos) ? pos / (double)f->upem : 0.5;

	if (fs->count == fs->cap)
		fs->items = xgrow(fs->items, &fs->cap, fs->count + 1, sizeof(*fs->items));
	fs->items[fs->count++] = f;
	return f;
}

const char *
text_font_path(const text_font *f)
{
	return f->path;
}

const char *
text_font_name(const text_font *f)
{
	return f->name;
}

int
text_font_has(const text_font *f, uint32_t cp)
{
	hb_codepoint_t g;
	if (cp > 0xFFFF || !f->coverage)
		return hb_font_get_nominal_glyph(f->hb_font, cp, &g) && g != 0;
	int known = text_coverage(f, cp);
	if (known >= 0)
		return known;
	int has = hb_font_get_nominal_glyph(f->hb_font, cp, &g) && g != 0;
	unsigned sh = (cp & 3) * 2;
	__atomic_fetch_or(&f->coverage[cp >> 2],
	                  (uint8_t)((1u << sh) | ((unsigned)has << (sh + 1))),
	                  __ATOMIC_RELAXED);
	return has;
}

void
text_font_metrics(const text_font *f, text_metrics *out)
{
	*out = f->metrics;
}

int
text_font_pdf_width(const text_font *f, uint32_t cp)
{
	hb_codepoint_t g = 0;
	if (!hb_font_get_nominal_glyph(f->hb_font, cp, &g))
		g = 0;
	/* The font is scaled to its units per em: the advance in font units,
	 * which hb-subset keeps. libharu: (UINT16)(advance * 1000 / upem). */
	hb_position_t adv = hb_font_get_glyph_h_advance(f->hb_font, g);
	unsigned u = adv > 0 ? (unsigned)adv : 0;
	return (int16_t)(uint16_t)(u * 1000u / f->upem);
}

/* Shape with kerning only: one glyph per code point. HarfBuzz shapes the
 * whole string (so GPOS pair kerning applies); when its output maps one to
 * one onto the input code points we take its advances, otherwise (a font
 * that composes or decomposes) we fall back to nominal advances. */
static const hb_feature_t shape_features[] = {
	{HB_TAG('l', 'i', 'g', 'a'), 0, 0, (unsigned)-1},
	{HB_TAG('c', 'l', 'i', 'g'), 0, 0, (unsigned)-1},
	{HB_TAG('d', 'l', 'i', 'g'), 0, 0, (unsigned)-1},
	{HB_TAG('c', 'a', 'l', 't'), 0, 0, (unsigned)-1},
	{HB_TAG('k', 'e', 'r', 'n'), 1, 0, (unsigned)-1},
};

double
text_shape(text_font *f, double size, const char *utf8, size_t len,
           double x0, text_glyph *out)
{
	const double scale = size / (double)f->upem;
	int slot = text_slot();
	if (!f->buffer[slot])
		f->buffer[slot] = hb_buffer_create();
	hb_buffer_t *b = f->buffer[slot];
	hb_buffer_clear_contents(b);
	unsigned int n = 0;
	hb_glyph_info_t *info = NULL;
	hb_glyph_position_t *pos = NULL;
	/* HarfBuzz places each combining mark against the ones before it:
	 * a long run of them (text_break_paragraph refuses more than
	 * LIMIT_COMBINING_MARKS, but measuring does not check) would take
	 * time in the square of its length. Such text gets the nominal
	 * advances instead. */
	int storm = 0;
	hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
	for (size_t i = 0, marks = 0; i < len && !storm;) {
		uint32_t cp = (unsigned char)utf8[i];
		size_t k = 1;
		if (cp >= 0x80 &&
		    (k = utf8_decode(utf8 + i, len - i, &cp)) == 0)
			k = 1;
		if (cp >= 0x300 && hb_unicode_combining_class(uf, cp) != 0)
			storm = ++marks > LIMIT_COMBINING_MARKS;
		else
			marks = 0;
		i += k;
	}
	if (!storm) {
		hb_buffer_add_utf8(b, utf8, (int)len, 0, (int)len);
		hb_buffer_set_direction(b, HB_DIRECTION_LTR);
		hb_buffer_guess_segment_properties(b);
		hb_buffer_set_direction(b, HB_DIRECTION_LTR);
		hb_shape(f->hb_font, b, shape_features,
		         sizeof(shape_features) / sizeof(shape_features[0]));
		info = hb_buffer_get_glyph_infos(b, &n);
		pos = hb_buffer_get_glyph_positions(b, &n);
	}

	/* Does the output map one-to-one, in order, onto the code points? */
	size_t ncp = 0;
	int one_to_one = !storm;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = utf8_decode(utf8 + i, len - i, &cp);
		if (k == 0)
			k = 1;
		if (ncp >= n || !info || info[ncp].cluster != i)
			one_to_one = 0;
		ncp++;
		i += k;
	}
	if (ncp != n)
		one_to_one = 0;

	double x = x0;
	size_t gi = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = utf8_decode(utf8 + i, len - i, &cp);
		if (k == 0)
			k = 1;
		if (out) {
			out[gi].cp = cp;
			out[gi].x = (float)x;
		}
		double adv;
		if (one_to_one) {
			adv = pos[gi].x_advance * scale;
		} else {
			hb_codepoint_t g = 0;
			hb_font_get_nominal_glyph(f->hb_font, cp, &g);
			adv = hb_font_get_glyph_h_advance(f->hb_font, g) * scale;
		}
		x += adv;
		gi++;
		i += k;
	}
	return x;
}

double
text_measure(text_font *f, double size, const char *utf8, size_t len)
{
	/* Short strings (words, numbers, a space) go through the font's
	 * word cache: tables measure every word of every cell. */
	float adv[TEXT_MEASURE_CACHED];
	size_t ncp = 0;
	if (len > 0 && len <= TEXT_MEASURE_CACHED) {
		for (size_t i = 0; i < len; ncp++) {
			uint32_t cp;
			size_t k = utf8_decode(utf8 + i, len - i, &cp);
			if (k == 0)
				return text_shape(f, size, utf8, len, 0.0, NULL);
			i += k;
		}
		double units = 0;
		text_font_advances(f, utf8, len, ncp, adv);
		for (size_t i = 0; i < ncp; i++)
			units += adv[i];
		return units * (size / (double)f->upem);
	}
	return text_shape(f, size, utf8, len, 0.0, NULL);
}
