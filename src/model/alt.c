/*
 * alt.c - alternative text: what a picture says to a reader who cannot
 * see it (a screen reader reads it aloud; a tagged PDF keeps it as the
 * /Alt of the picture's Figure). The 'alt:' key of the picture blocks is
 * read here, and model_block_alt gives the layout the text of any of
 * them: as written, or made from the block in the document's language.
 */
#include <stdio.h>
#include <string.h>

#include "model/model_internal.h"

/* The words a made text uses, per language. */
typedef struct alt_words {
	const char *lang;
	const char *chart[4];   /* by model_chart_type */
	const char *qr;         /* before the code's text */
	const char *logo[2];    /* before and after the author */
	const char *logo_alone; /* no author */
	char decimal;           /* the decimal sign */
} alt_words;

static const alt_words words[] = {
	{"en",
	 {"Bar chart", "Line chart", "Donut chart", "Pie chart"},
	 "QR code: ",
	 {"", " logo"},
	 "Logo",
	 '.'},
	{"ru",
	 {"Столбчатая диаграмма", "Линейный график", "Кольцевая диаграмма",
	  "Круговая диаграмма"},
	 "QR-код: ",
	 {"Логотип: ", ""},
	 "Логотип",
	 ','},
};

int
mget_alt(model_ctx *c, const node *n, const char **alt, const char **lang)
{
	*alt = NULL;
	*lang = NULL;
	if (!n)
		return 0;
	/* "alt:" with nothing after it is most likely a text not written
	 * yet, not a decision that the picture is decoration: say so. */
	if (mnode_is_null(n)) {
		diag_error(c->diags, DIAG_TYPE, n->pos,
		           "'alt' is empty: expected a description of the "
		           "picture");
		diag_note(c->diags,
		          "write what the picture shows, or alt: \"\" "
		          "(two quotes) if it is only decoration");
		return -1;
	}
	return mget_string_lang(c, n, alt, lang);
}

void
malt_missing(model_ctx *c, src_pos pos, const char *what)
{
	diag_warning(c->diags, DIAG_MISSING_KEY, pos,
	             "this %s has no 'alt' text for readers who cannot see it",
	             what);
	diag_note(c->diags, "screen readers read it aloud in place of the "
	                    "picture: say what it shows in a sentence, in "
	                    "each language, e.g. 'alt: {en: Delegates at the "
	                    "2023 conference, ru: ...}'; write alt: \"\" if "
	                    "the picture is only decoration");
}

/* The words for lang: its own, or English's (*lang_used "en"). */
static const alt_words *
words_for(const char *lang, const char **lang_used)
{
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (lang && strcmp(words[i].lang, lang) == 0) {
			*lang_used = NULL;
			return &words[i];
		}
	*lang_used = "en";
	return &words[0];
}

static double
absval(double v)
{
	return v < 0 ? -v : v;
}

/* Whether v is a whole number of hundredths/tenths/ones at d decimals
 * (d 0 to 2), within rounding error. No libm in the model. */
static int
shows_in(double v, int d)
{
	double scaled = absval(v) * (d == 0 ? 1 : d == 1 ? 10 : 100);
	if (scaled > 1e15)
		return 1;
	double whole = (double)(long long)(scaled + 0.5);
	return absval(scaled - whole) <= 1e-6 * (scaled > 1 ? scaled : 1);
}

/* The fewest decimals (0 to 2) that show every value of the chart, as the
 * chart's own labels do. */
static int
decimals(const model_chart *ch)
{
	int d = 0;
	for (size_t s = 0; s < ch->nseries; s++)
		for (size_t i = 0; i < ch->series[s].count; i++)
			while (d < 2 && !shows_in(ch->series[s].values[i], d))
				d++;
	return d;
}

static void
put_number(buf *b, double v, int dec, char sign)
{
	char s[64];
	if (absval(v) < (dec == 0 ? 0.5 : dec == 1 ? 0.05 : 0.005))
		v = 0; /* no "-0" */
	snprintf(s, sizeof(s), "%.*f", dec, v);
	char *dot = strchr(s, '.');
	if (dot)
		*dot = sign;
	buf_puts(b, s);
}

/* The plain text of rich text t: its runs, a line break as a space. */
static void
put_text(buf *b, const model_text *t)
{
	for (size_t i = 0; i < t->nruns; i++) {
		if (t->runs[i].hard_break)
			buf_putc(b, ' ');
		else
			buf_put(b, t->runs[i].text, t->runs[i].len);
	}
}

/* Whether the text so far ends a sentence. */
static int
ends_sentence(const buf *b)
{
	if (b->len == 0)
		return 1;
	char last = b->data[b->len - 1];
	return last == '.' || last == '!' || last == '?';
}

static void
chart_alt(buf *b, const model_chart *ch, const alt_words *w, const char *lang)
{
	buf_puts(b, w->chart[ch->type]);
	if (ch->title && ch->title[0]) {
		buf_printf(b, ": %s", ch->title);
	}
	if (!ends_sentence(b))
		buf_putc(b, '.');
	int dec = decimals(ch);
	for (size_t s = 0; s < ch->nseries; s++) {
		const model_series *se = &ch->series[s];
		buf_putc(b, ' ');
		if (se->name)
			buf_printf(b, "%s: ", se->name);
		for (size_t i = 0; i < se->count && i < ch->ncategories; i++) {
			buf_printf(b, "%s%s ", i ? ", " : "",
			           ch->categories[i]);
			put_number(b, se->values[i], dec, w->decimal);
		}
		buf_putc(b, s + 1 < ch->nseries ? ';' : '.');
	}
	if (ch->illustrative)
		buf_printf(b, " %s.",
		           model_builtin(lang, MODEL_STR_ILLUSTRATIVE));
}

/* The text written ('alt:'), or NULL. */
static const char *
written(const model_block *b, const char **lang)
{
	switch (b->kind) {
	case MODEL_IMAGE:
		*lang = b->u.image.alt_lang;
		return b->u.image.alt;
	case MODEL_SVG:
	case MODEL_LOGO:
		*lang = b->u.svg.alt_lang;
		return b->u.svg.alt;
	case MODEL_CHART:
		*lang = b->u.chart.alt_lang;
		return b->u.chart.alt;
	case MODEL_FIGURES:
		*lang = b->u.figures.alt_lang;
		return b->u.figures.alt;
	case MODEL_QR:
		*lang = b->u.qr.alt_lang;
		return b->u.qr.alt;
	default:
		*lang = NULL;
		return NULL;
	}
}

int
model_block_alt(const model_doc *doc, const model_block *b, arena *mem,
                model_alt *out)
{
	memset(out, 0, sizeof(*out));
	switch (b->kind) {
	case MODEL_IMAGE:
	case MODEL_SVG:
	case MODEL_LOGO:
	case MODEL_CHART:
	case MODEL_FIGURES:
	case MODEL_QR:
		break;
	default:
		return -1;
	}
	const char *lang;
	const char *text = written(b, &lang);
	if (text) {
		out->text = text;
		out->lang = lang;
		out->decorative = text[0] == '\0';
		return 0;
	}
	const alt_words *w = words_for(doc->lang, &out->lang);
	/* The generated words are in English for a language we have none
	 * in; the block's own texts are in the document's. */
	const char *wlang = out->lang ? out->lang : doc->lang;
	buf t;
	buf_init(&t);
	switch (b->kind) {
	case MODEL_CHART:
		chart_alt(&t, &b->u.chart, w, wlang);
		break;
	case MODEL_FIGURES:
		/* Words of their own, in the document's language. */
		out->lang = NULL;
		for (size_t i = 0; i < b->u.figures.count; i++) {
			const model_figure *f = &b->u.figures.items[i];
			buf_printf(&t, "%s%s ", i ? "; " : "", f->value);
			put_text(&t, &f->label);
		}
		if (!ends_sentence(&t))
			buf_putc(&t, '.');
		break;
	case MODEL_QR:
		buf_puts(&t, w->qr);
		buf_put(&t, b->u.qr.data, b->u.qr.len);
		break;
	case MODEL_LOGO:
		if (doc->author && doc->author[0])
			buf_printf(&t, "%s%s%s", w->logo[0], doc->author,
			           w->logo[1]);
		else
			buf_puts(&t, w->logo_alone);
		break;
	default: {
		/* An image or a drawing without 'alt:' (a warning said so):
		 * its caption, else the word for a figure. */
		const model_text *cap = b->kind == MODEL_IMAGE
		                                ? &b->u.image.caption
		                                : &b->u.svg.caption;
		if (cap->nruns > 0) {
			out->lang = NULL;
			put_text(&t, cap);
		} else {
			out->lang =
			        model_language_known(doc->lang) ? NULL : "en";
			buf_puts(&t,
			         model_builtin(doc->lang, MODEL_STR_FIGURE));
		}
		break;
	}
	}
	out->text = arena_strndup(mem, t.data ? t.data : "", t.len);
	out->generated = 1;
	buf_free(&t);
	return 0;
}
