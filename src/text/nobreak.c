/*
 * nobreak.c - the no-break rules: where ICU lets a line end between two
 * words but a typesetter would not, the opportunity is taken away before
 * the items are built. The space stays glue (it stretches in a justified
 * line like any other) and is shown as a space.
 *
 * Which rule applies follows the words themselves, not only the
 * paragraph's language: a one-letter word, an initial, a roman numeral
 * before its noun and a dash are Cyrillic rules wherever the Cyrillic
 * text stands (a Russian quotation in an English report, a Kazakh name);
 * units, year words and months are matched as written, in whichever of
 * our languages they are. Only the short prepositions and conjunctions
 * depend on the paragraph's language (Russian "на" is Kazakh "what"):
 * the theme's list, or the built-in list of the language; Cyrillic words
 * in a language with no list of its own (English, Turkmen) take the
 * Russian one, the language a Cyrillic phrase there most likely is.
 *
 * No rule keeps together words wider than the measure: the line could
 * not hold them. A writer's no-break space (U+00A0) always holds.
 */
#define _GNU_SOURCE /* memmem */
#include "text/nobreak.h"

#include <string.h>

#include <unicode/uchar.h>

#include "util/utf8.h"

/* Short prepositions and conjunctions after which a line does not end,
 * per language. Russian: the prepositions and conjunctions of two and
 * three letters (one-letter words have their own rule). Kazakh, Kyrgyz
 * and Uzbek have postpositions, so only their conjunctions are here;
 * Tajik has prepositions. Uzbek is written in both scripts. */
static const struct {
	const char *lang;
	const char *words;
} builtin_words[] = {
        {"ru", "во до за из ко на не ни но об от по со да без для изо над "
               "обо ото под при про из-за из-под"},
        {"kk", "және не немесе әрі ал"},
        {"ky", "жана же"},
        {"tg", "аз ба бо бе дар то ва ки барои"},
        {"uz", "ва ёки va yoki"},
};

/* Words a number stays with when they follow it ("15 лет", "10 km",
 * "5 June", "2016 жылы"), lower case: units, year words, months and the
 * large-number words of our languages. A word ending in '.' is matched
 * with it ("г."), then without ("лет." at a sentence's end). */
static const char units[] =
        " год года году годом годе годы годов годам годах лет г. гг. тыс. "
        "млн млрд трлн км м см мм кг т га % руб. долл. чел. человек "
        "января февраля марта апреля мая июня июля августа сентября октября "
        "ноября декабря "
        "жыл жылы жылғы жылдан жылдың жылдары мың миң йил йили йилда йилги "
        "минг сол соли сола ҳазор "
        "year years month months week weeks day days hours km m cm mm kg t "
        "ha per percent thousand million billion trillion "
        "january february march april may june july august september october "
        "november december ";

/* English months (and their short forms) that stay with the number
 * after them ("June 5", "Dec. 2016"), lower case. */
static const char months[] =
        " january february march april may june july august september october "
        "november december jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. "
        "nov. dec. ";

/* A word between spaces, cps[a, b); core is [ca, b) without the opening
 * quotes and brackets before it. */
typedef struct token {
	size_t a, ca, b;
	double w; /* points */
} token;

static int
is_opening(uint32_t cp)
{
	return cp == '(' || cp == '[' || cp == '"' || cp == '\'' ||
	       cp == 0xAB || cp == 0x201E || cp == 0x201C || cp == 0x2018 ||
	       cp == 0x2039;
}

static int
is_closing(uint32_t cp)
{
	return cp == ')' || cp == ']' || cp == '"' || cp == '\'' || cp == ',' ||
	       cp == ';' || cp == ':' || cp == '!' || cp == '?' || cp == 0xBB ||
	       cp == 0x201D || cp == 0x2019 || cp == 0x203A || cp == 0x2026;
}

static int
is_cyrillic(uint32_t cp)
{
	return cp >= 0x0400 && cp <= 0x052F;
}

static int
is_dash(uint32_t cp)
{
	return cp == 0x2012 || cp == 0x2013 || cp == 0x2014 || cp == 0x2015;
}

static int
is_digit(uint32_t cp)
{
	return cp >= '0' && cp <= '9';
}

static token
read_token(const para *p, size_t a)
{
	token t = {a, a, a, 0};
	while (t.b < p->ncps && !(p->cps[t.b].flags & (CP_SPACE | CP_HARD)))
		t.w += p->cps[t.b++].adv;
	while (t.ca < t.b && is_opening(p->cps[t.ca].cp))
		t.ca++;
	return t;
}

/* cps[a, b) in lower case, as UTF-8 in out (room for cap bytes and a
 * NUL); return its length, or 0 when it does not fit (no word of the
 * lists is that long) or is empty. */
/* cp in lower case: Latin and Russian letters at once, others by ICU. */
static uint32_t
to_lower(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	if (cp >= 0x410 && cp <= 0x42F) /* А..Я */
		return cp + 0x20;
	if (cp >= 0x430 && cp <= 0x44F) /* а..я */
		return cp;
	return (uint32_t)u_tolower((UChar32)cp);
}

static size_t
lower(const para *p, size_t a, size_t b, char *out, size_t cap)
{
	size_t n = 0;
	for (size_t i = a; i < b; i++) {
		if (p->cps[i].flags & CP_INVISIBLE)
			continue;
		if (n + 4 >= cap)
			return 0;
		n += utf8_encode(to_lower(p->cps[i].cp), out + n);
	}
	out[n] = '\0';
	return n;
}

/* Is w (n bytes, no space) one of the words of list (separated by
 * spaces)? */
static int
in_list(const char *list, const char *w, size_t n)
{
	if (!list || n == 0)
		return 0;
	/* Every place w stands in the list, as a whole word: a search the C
	 * library does fast (this runs at every space of every paragraph). */
	const size_t len = strlen(list);
	for (const char *s = list;
	     (s = memmem(s, len - (size_t)(s - list), w, n)); s++)
		if ((s == list || s[-1] == ' ') && (s[n] == ' ' || s[n] == '\0'))
			return 1;
	return 0;
}

/* The core of t in lower case is in list; with closing punctuation left
 * out, and then a final '.' too, when trim. */
static int
core_in(const para *p, const token *t, const char *list, int trim)
{
	char w[64];
	size_t b = t->b;
	if (trim)
		while (b > t->ca && is_closing(p->cps[b - 1].cp))
			b--;
	/* At least a byte a letter: longer than w holds, it is in no list
	 * (lower gives up too), so do not lower it first. */
	if (b - t->ca >= sizeof(w) / 4)
		return 0;
	size_t n = lower(p, t->ca, b, w, sizeof(w));
	if (n == 0)
		return 0;
	if (in_list(list, w, n))
		return 1;
	return trim && w[n - 1] == '.' && n > 1 && in_list(list, w, n - 1);
}

static int
is_number(const para *p, const token *t)
{
	return t->b > t->ca && is_digit(p->cps[t->ca].cp) &&
	       is_digit(p->cps[t->b - 1].cp);
}

/* Three digits, maybe with closing punctuation: a group of a number
 * written with spaces ("10 000"). */
static int
is_digit_group(const para *p, const token *t)
{
	size_t b = t->b;
	while (b > t->ca &&
	       (is_closing(p->cps[b - 1].cp) || p->cps[b - 1].cp == '.'))
		b--;
	if (b - t->a != 3 || t->ca != t->a)
		return 0;
	for (size_t i = t->a; i < b; i++)
		if (!is_digit(p->cps[i].cp))
			return 0;
	return 1;
}

static int
is_roman(const para *p, const token *t)
{
	if (t->b == t->ca)
		return 0;
	for (size_t i = t->ca; i < t->b; i++)
		if (p->cps[i].cp >= 0x80 || p->cps[i].cp == 0 ||
		    !strchr("IVXLCDM", (int)p->cps[i].cp))
			return 0;
	return 1;
}

/* One Cyrillic letter ("в", "И"), or a Cyrillic capital and a full stop
 * (an initial: "А. С. Пушкин"). */
static int
is_one_letter(const para *p, const token *t)
{
	size_t n = t->b - t->ca;
	const cpinfo *c = &p->cps[t->ca];
	if (n == 0 || n > 2 || !is_cyrillic(c->cp) ||
	    !u_isalpha((UChar32)c->cp))
		return 0;
	return n == 1 || (c[1].cp == '.' && u_isupper((UChar32)c->cp));
}

/* The first two letters of a language code ("uz" of "uz-Cyrl"). */
static const char *
builtin_list(const char *lang)
{
	if (!lang)
		return NULL;
	for (size_t i = 0; i < sizeof(builtin_words) / sizeof(builtin_words[0]);
	     i++)
		if (strncmp(lang, builtin_words[i].lang, 2) == 0 &&
		    (lang[2] == '\0' || lang[2] == '-' || lang[2] == '_'))
			return builtin_words[i].words;
	return NULL;
}

/* The short words that bind in p, for the word t. */
static const char *
short_words(const para *p, const token *t)
{
	if (p->opts->short_words)
		return p->opts->short_words;
	const char *l = builtin_list(p->opts->lang);
	if (!l && t->b > t->ca && is_cyrillic(p->cps[t->ca].cp))
		l = builtin_list("ru");
	return l;
}

/* Does a rule of p keep prev and next (the words either side of a space)
 * on one line? */
static int
binds(const para *p, const token *prev, const token *next)
{
	unsigned off = p->opts->nobreak_off;
	const cpinfo *pc = &p->cps[prev->ca];
	size_t pn = prev->b - prev->ca;
	if (!(off & TEXT_NOBREAK_ABBREV) &&
	    ((pn == 1 && (pc->cp == 0x2116 || pc->cp == 0xA7)) ||
	     (pn == 3 && pc[0].cp == 'N' && pc[1].cp == 'o' &&
	      pc[2].cp == '.') ||
	     (pn == 4 && pc[0].cp == 'N' && pc[1].cp == 'o' &&
	      pc[2].cp == 's' && pc[3].cp == '.')))
		return 1;
	if (!(off & TEXT_NOBREAK_ONE_LETTER) && is_one_letter(p, prev))
		return 1;
	if (!(off & TEXT_NOBREAK_SHORT_WORDS)) {
		const char *l = short_words(p, prev);
		if (l && core_in(p, prev, l, 0))
			return 1;
	}
	if (!(off & TEXT_NOBREAK_NUMBERS)) {
		if (is_number(p, prev) &&
		    (core_in(p, next, units, 1) || is_digit_group(p, next)))
			return 1;
		if (pn > 0 && u_isupper((UChar32)pc->cp) &&
		    core_in(p, prev, months, 0) && next->b > next->ca &&
		    is_digit(p->cps[next->ca].cp))
			return 1;
	}
	if (!(off & TEXT_NOBREAK_ROMAN) && is_roman(p, prev) &&
	    next->b > next->ca && is_cyrillic(p->cps[next->ca].cp) &&
	    u_isalpha((UChar32)p->cps[next->ca].cp))
		return 1;
	if (!(off & TEXT_NOBREAK_DASH)) {
		const cpinfo *nc = &p->cps[next->a];
		size_t nn = next->b - next->a;
		if (is_dash(nc->cp) ||
		    (nc->cp == '-' &&
		     (nn == 1 || (nn == 2 && nc[1].cp == '-'))))
			return 1;
	}
	return 0;
}

void
text_nobreak(para *p)
{
	const double measure = p->opts->measure;
	if (!(p->opts->nobreak_off & TEXT_NOBREAK_DASH)) {
		/* A dash written against a word ("слово—слово") may not
		 * start a line either. */
		for (size_t i = 1; i < p->ncps; i++)
			if (is_dash(p->cps[i].cp) && p->cps[i].brk == BRK_PLAIN)
				p->cps[i].brk = BRK_NONE;
	}
	token prev = {0, 0, 0, 0};
	int have_prev = 0;
	double group = 0; /* width since the last opportunity kept */
	for (size_t i = 0; i < p->ncps;) {
		const cpinfo *c = &p->cps[i];
		if (c->flags & CP_HARD) {
			have_prev = 0;
			i++;
			continue;
		}
		if (!(c->flags & CP_SPACE)) {
			prev = read_token(p, i);
			have_prev = 1;
			group = prev.w;
			i = prev.b;
			continue;
		}
		size_t j = i;
		int writer = 0; /* a no-break space among them */
		while (j < p->ncps && (p->cps[j].flags & CP_SPACE))
			writer |= p->cps[j++].flags & CP_NOBREAK;
		if (j == p->ncps || (p->cps[j].flags & CP_HARD)) {
			i = j;
			continue;
		}
		token next = read_token(p, j);
		double space = c->adv; /* a run of spaces is one glue */
		cpinfo *nc = &p->cps[j];
		if (have_prev && nc->brk == BRK_SPACE &&
		    (writer || (group + space + next.w <= measure - FIT_EPS &&
		                binds(p, &prev, &next))))
			nc->brk = BRK_NONE;
		group = nc->brk == BRK_SPACE ? next.w : group + space + next.w;
		prev = next;
		have_prev = 1;
		i = next.b;
	}
}
