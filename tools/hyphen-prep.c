/*
 * hyphen-prep.c - prepare a hyphenation dictionary for carec-report, at
 * build time (CMakeLists.txt runs it on the distribution's patterns and
 * stages the result in share/carec-report/hyphen/, which
 * src/text/hyphen.c loads as it is):
 *
 *   hyphen-prep SOURCE.dic OUT.dic NOTE
 *
 * NOTE is one line (where the patterns come from, under which licence)
 * written as a comment after the character-set line, since the output is
 * a modified file and names what it came from.
 *
 * libhyphen's automaton applies, at each point, only the longest pattern
 * that matches there: a pattern that is a substring of a longer one is
 * lost unless the longer one carries its values. Dictionaries are meant to
 * be prepared with libhyphen's substrings.pl, but Debian's Russian one is
 * not (without this "программа" gets no hyphen). So do that merge here:
 * every pattern takes the larger value, point by point, of each pattern
 * found inside it. Comments and TeX exception words are dropped; the
 * character set line and the options (LEFTHYPHENMIN...) are kept.
 *
 * Exit status 0, or 1 with a message on stderr (a file that cannot be
 * read or written, or out of memory): the build stops there.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One pattern of a dictionary: its letters (bytes; digits removed) and
 * the value before each letter and after the last. */
typedef struct pattern {
	const char *text; /* the line, not NUL-terminated */
	size_t textlen;
	char letters[64];
	unsigned char val[65];
	size_t n;
} pattern;

static int
pattern_cmp(const void *a, const void *b)
{
	const pattern *x = a, *y = b;
	size_t n = x->n < y->n ? x->n : y->n;
	int c = memcmp(x->letters, y->letters, n);
	return c ? c : (x->n > y->n) - (x->n < y->n);
}

/* Sorting: the first 8 letters as one big-endian number (zero-padded, and
 * no letter byte is 0, so a shorter pattern comes first, as in
 * pattern_cmp), which settles nearly every comparison without memcmp. */
typedef struct sort_key {
	uint64_t first8;
	const pattern *p;
} sort_key;

static int
sort_key_cmp(const void *a, const void *b)
{
	const sort_key *x = a, *y = b;
	if (x->first8 != y->first8)
		return x->first8 < y->first8 ? -1 : 1;
	return pattern_cmp(x->p, y->p);
}

static uint64_t
first8(const pattern *p)
{
	uint64_t k = 0;
	for (size_t i = 0; i < 8; i++)
		k = (k << 8) | (i < p->n ? (unsigned char)p->letters[i] : 0);
	return k;
}

static uint32_t
letters_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* The pattern whose letters are s[0..n) in the open-addressed table tab
 * (mask + 1 slots of indexes into pats, SIZE_MAX for empty), or NULL. */
static const pattern *
find_pattern(const size_t *tab, size_t mask, const pattern *pats,
             const char *s, size_t n)
{
	for (size_t j = letters_hash(s, n) & mask; tab[j] != SIZE_MAX;
	     j = (j + 1) & mask) {
		const pattern *q = &pats[tab[j]];
		if (q->n == n && memcmp(q->letters, s, n) == 0)
			return q;
	}
	return NULL;
}

static int
parse_pattern(const char *line, size_t len, pattern *p)
{
	memset(p, 0, sizeof(*p));
	p->text = line;
	p->textlen = len;
	for (size_t i = 0; i < len; i++) {
		char c = line[i];
		if (c >= '0' && c <= '9') {
			p->val[p->n] = (unsigned char)(c - '0');
		} else {
			if (p->n == sizeof(p->letters))
				return -1;
			p->letters[p->n++] = c;
		}
	}
	return p->n ? 0 : -1;
}

/* The merge described at the top: return the prepared text (malloc'd,
 * its length in *outlen), or NULL when out of memory. */
static char *
prepare_patterns(const char *src, size_t len, size_t *outlen)
{
	pattern *pats = NULL;
	size_t np = 0, cap = 0;
	char *out = malloc(len * 2 + 64);
	size_t o = 0;
	if (!out)
		return NULL;
	int first = 1;
	for (size_t i = 0; i < len;) {
		size_t e = i;
		while (e < len && src[e] != '\n' && src[e] != '\r')
			e++;
		size_t ll = e - i;
		const char *line = src + i;
		i = e;
		while (i < len && (src[i] == '\n' || src[i] == '\r'))
			i++;
		if (ll == 0)
			continue;
		int keep = first || (line[0] >= 'A' && line[0] <= 'Z') ||
		           memchr(line, '/', ll);
		if (first || keep) {
			memcpy(out + o, line, ll);
			o += ll;
			out[o++] = '\n';
			first = 0;
			continue;
		}
		if (line[0] == '%' || memchr(line, '-', ll) || memchr(line, ' ', ll))
			continue; /* comments; TeX exception words */
		if (np == cap) {
			cap = cap ? cap * 2 : 1024;
			pattern *np2 = realloc(pats, cap * sizeof(*pats));
			if (!np2) {
				free(pats);
				free(out);
				return NULL;
			}
			pats = np2;
		}
		if (parse_pattern(line, ll, &pats[np]) == 0)
			np++;
	}
	/* Sort (by key, then move the patterns into that order) and index
	 * the patterns by their letters. */
	sort_key *keys = malloc((np ? np : 1) * sizeof(*keys));
	pattern *sorted = malloc((np ? np : 1) * sizeof(*sorted));
	size_t mask = 1;
	while (mask < np * 2)
		mask <<= 1;
	size_t *tab = malloc(mask * sizeof(*tab));
	mask--;
	if (!keys || !sorted || !tab) {
		free(keys);
		free(sorted);
		free(tab);
		free(pats);
		free(out);
		return NULL;
	}
	for (size_t k = 0; k < np; k++) {
		keys[k].first8 = first8(&pats[k]);
		keys[k].p = &pats[k];
	}
	qsort(keys, np, sizeof(*keys), sort_key_cmp);
	for (size_t k = 0; k < np; k++)
		sorted[k] = *keys[k].p;
	free(keys);
	free(pats);
	pats = sorted;
	memset(tab, 0xFF, (mask + 1) * sizeof(*tab));
	for (size_t k = 0; k < np; k++) {
		/* A pattern written twice (Debian's Russian file has "уш1ла"
		 * and "ушла") counts once, with the larger values of both. */
		pattern *same = (pattern *)find_pattern(tab, mask, pats,
		                                        pats[k].letters, pats[k].n);
		if (same) {
			for (size_t m = 0; m <= same->n; m++)
				if (pats[k].val[m] > same->val[m])
					same->val[m] = pats[k].val[m];
			continue;
		}
		size_t j = letters_hash(pats[k].letters, pats[k].n) & mask;
		while (tab[j] != SIZE_MAX)
			j = (j + 1) & mask;
		tab[j] = k;
	}
	/* The automaton's states are the prefixes of the patterns: give each
	 * prefix the values of every pattern inside it. */
	size_t need = 0;
	for (size_t k = 0; k < np; k++)
		need += (2 * pats[k].n + 2) * pats[k].n;
	if (need > len * 2 + 64 - o) {
		char *grown = realloc(out, o + need);
		if (!grown) {
			free(pats);
			free(tab);
			free(out);
			return NULL;
		}
		out = grown;
	}
	/* The prefixes in sorted order, each once: the patterns are sorted,
	 * so the prefixes of pattern k that pattern k - 1 does not share
	 * come next, shortest first (the preorder of their trie). Each
	 * prefix's own prefixes come before it, so vals[t] holds the values
	 * of the current prefix's first t letters, and only the patterns
	 * that end at its last letter are left to merge. */
	unsigned char vals[65][65];
	memset(vals[0], 0, sizeof(vals[0]));
	for (size_t k = 0; k < np; k++) {
		const pattern *pk = &pats[k];
		size_t shared = 0;
		if (k > 0)
			while (shared < pk->n && shared < pats[k - 1].n &&
			       pk->letters[shared] == pats[k - 1].letters[shared])
				shared++;
		for (size_t n = shared + 1; n <= pk->n; n++) {
			unsigned char *val = vals[n];
			memcpy(val, vals[n - 1], n);
			val[n] = 0;
			for (size_t a = 0; a < n; a++) {
				const pattern *q = find_pattern(tab, mask, pats,
				                                pk->letters + a, n - a);
				if (!q)
					continue;
				for (size_t m = 0; m <= q->n; m++)
					if (q->val[m] > val[a + m])
						val[a + m] = q->val[m];
			}
			int any = 0;
			for (size_t m = 0; m <= n; m++)
				any |= val[m] != 0;
			if (!any)
				continue;
			for (size_t m = 0; m <= n; m++) {
				if (val[m])
					out[o++] = (char)('0' + val[m]);
				if (m < n)
					out[o++] = pk->letters[m];
			}
			out[o++] = '\n';
		}
	}
	free(pats);
	free(tab);
	*outlen = o;
	return out;
}

/* Read all of path into a malloc'd buffer; NULL on failure. */
static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *data = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			char *grown = realloc(data, cap);
			if (!grown) {
				free(data);
				fclose(f);
				return NULL;
			}
			data = grown;
		}
		size_t got = fread(data + n, 1, cap - n, f);
		if (got == 0)
			break;
		n += got;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(data);
		return NULL;
	}
	*len = n;
	return data;
}

int
main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: hyphen-prep SOURCE.dic OUT.dic NOTE\n");
		return 1;
	}
	size_t len = 0, plen = 0;
	char *src = read_file(argv[1], &len);
	if (!src) {
		perror(argv[1]);
		return 1;
	}
	char *prep = prepare_patterns(src, len, &plen);
	free(src);
	if (!prep || plen == 0) {
		fprintf(stderr, "hyphen-prep: %s: out of memory or empty\n",
		        argv[1]);
		free(prep);
		return 1;
	}
	FILE *out = fopen(argv[2], "wb");
	if (!out) {
		perror(argv[2]);
		free(prep);
		return 1;
	}
	/* The character set is the first line; libhyphen skips lines that
	 * start with '%' after it. */
	const char *nl = memchr(prep, '\n', plen);
	size_t first = nl ? (size_t)(nl - prep) + 1 : plen;
	fwrite(prep, 1, first, out);
	fprintf(out, "%% %s\n", argv[3]);
	fwrite(prep + first, 1, plen - first, out);
	free(prep);
	int bad = ferror(out);
	if (fclose(out) != 0 || bad) {
		perror(argv[2]);
		remove(argv[2]);
		return 1;
	}
	return 0;
}
