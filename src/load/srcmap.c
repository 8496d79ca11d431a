/* srcmap.c - checking a source text and mapping marks to positions. */
#include "load/load_internal.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "util/utf8.h"

static int
clamp_int(size_t v)
{
	return v > INT_MAX ? INT_MAX : (int)v;
}

/* Does a line end at byte i of text: a '\n', or a '\r' not followed by
 * '\n' (a classic Mac OS file)? A CRLF ends at its '\n'. */
static int
ends_line(const char *text, size_t len, size_t i)
{
	return text[i] == '\n' ||
	       (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n'));
}

/* Position of byte offset at in text, counting lines as srcmap does and
 * columns by characters (each byte of a bad sequence counts as one). Used
 * once, for the one error that stops the check. */
static src_pos
scan_pos(const char *path, const char *text, size_t len, size_t at)
{
	size_t line = 1, col = 1;
	for (size_t i = 0; i < at; i++) {
		unsigned char c = (unsigned char)text[i];
		if (ends_line(text, len, i)) {
			line++;
			col = 1;
		} else if ((c & 0xC0) != 0x80) {
			col++;
		}
	}
	src_pos p = {path, clamp_int(line), clamp_int(col)};
	return p;
}

/* YAML 1.1's printable set, as libyaml's reader checks it. */
static int
yaml_printable(uint32_t cp)
{
	return cp == 0x09 || cp == 0x0A || cp == 0x0D ||
	       (cp >= 0x20 && cp <= 0x7E) || cp == 0x85 ||
	       (cp >= 0xA0 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
	       (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* The wide encoding text is saved in, told by its byte order mark or,
 * without one, by the NUL bytes that ASCII characters get in it ("UTF-16
 * (little-endian)"...); NULL when it does not look like one. UTF-32 LE's
 * mark starts with UTF-16 LE's, so it is looked at first. */
static const char *
wide_encoding(const unsigned char *u, size_t len)
{
	if (len >= 4 && u[0] == 0xFF && u[1] == 0xFE && !u[2] && !u[3])
		return "UTF-32 (little-endian)";
	if (len >= 4 && !u[0] && !u[1] && u[2] == 0xFE && u[3] == 0xFF)
		return "UTF-32 (big-endian)";
	if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
		return "UTF-16 (little-endian)";
	if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
		return "UTF-16 (big-endian)";
	if (len >= 4 && u[0] && !u[1] && !u[2] && !u[3])
		return "UTF-32 (little-endian)";
	if (len >= 4 && !u[0] && !u[1] && !u[2] && u[3])
		return "UTF-32 (big-endian)";
	if (len >= 2 && u[0] && !u[1])
		return "UTF-16 (little-endian)";
	if (len >= 2 && !u[0] && u[1])
		return "UTF-16 (big-endian)";
	return NULL;
}

/* One error for a text saved as UTF-16 or UTF-32: 1, or 0 if it is not. */
static int
report_wide(const char *path, const char *text, size_t len, diag_list *diags)
{
	const char *enc = wide_encoding((const unsigned char *)text, len);
	if (!enc)
		return 0;
	/* No line: the file's bytes are not text to show. */
	src_pos pos = {path, 0, 0};
	diag_error(diags, DIAG_UTF8, pos,
	           "the file is saved as %s, not as "
	           "UTF-8",
	           enc);
	diag_note(diags, "save the file again with the encoding UTF-8 "
	                 "(in most editors: Save As, then choose UTF-8)");
	return 1;
}

static void
report_bad_utf8(const char *path, const char *text, size_t len, size_t bad,
                diag_list *diags)
{
	const unsigned char *u = (const unsigned char *)text;
	char hex[32] = "";
	size_t n = 0, used = 0;

	/* The bad byte and the continuation bytes that trail it. */
	do {
		used += (size_t)snprintf(hex + used, sizeof(hex) - used, "%s0x%02X",
		                         n ? " " : "", u[bad + n]);
		n++;
	} while (bad + n < len && n < 4 && (u[bad + n] & 0xC0) == 0x80);

	diag_error(diags, DIAG_UTF8, scan_pos(path, text, len, bad),
	           "this text is not valid UTF-8 (byte%s %s)", n > 1 ? "s" : "",
	           hex);
	diag_note(diags, "the file seems to be saved in another encoding, such "
	          "as Windows-1252 or Latin-1; save it again with the encoding "
	          "UTF-8 (in most editors: Save As, then choose UTF-8)");
}

/* Room for one more line start. */
static void
grow_lines(srcmap *m, size_t *cap)
{
	if (m->nlines < *cap)
		return;
	size_t cap2 = *cap;
	m->line_char = xgrow(m->line_char, cap, m->nlines + 1,
	                     sizeof(*m->line_char));
	m->line_byte = xgrow(m->line_byte, &cap2, m->nlines + 1,
	                     sizeof(*m->line_byte));
}

int
srcmap_init(srcmap *m, const char *path, const char *text, size_t len,
            diag_list *diags)
{
	size_t bad, cap = 64, chars = 0, capmarks = 64;
	size_t next_mark = 0; /* the character count of the next checkpoint */

	memset(m, 0, sizeof(*m));
	if (report_wide(path, text, len, diags))
		return -1;
	if (!utf8_valid(text, len, &bad)) {
		report_bad_utf8(path, text, len, bad, diags);
		return -1;
	}
	m->path = path;
	m->text = text;
	m->len = len;
	m->line_char = xmalloc(cap * sizeof(*m->line_char));
	m->line_byte = xmalloc(cap * sizeof(*m->line_byte));
	m->line_char[0] = m->line_byte[0] = 0;
	m->nlines = 1;
	m->mark_byte = xmalloc(capmarks * sizeof(*m->mark_byte));

	for (size_t i = 0; i < len;) {
		if (chars == next_mark) {
			m->mark_byte = xgrow(m->mark_byte, &capmarks,
			                     m->nmarks + 1, sizeof(*m->mark_byte));
			m->mark_byte[m->nmarks++] = i;
			next_mark += SRCMAP_MARK_EVERY;
		}
		uint32_t cp = (unsigned char)text[i];
		size_t k = 1;
		if (cp >= 0x20 && cp < 0x7F) { /* most of a file, at once */
			i++;
			chars++;
			continue;
		}
		if (cp >= 0xC2 && cp <= 0xDF && i + 1 < len) {
			/* Two bytes (Cyrillic...): valid, as checked above. */
			cp = ((cp & 0x1F) << 6) | ((unsigned char)text[i + 1] & 0x3F);
			if (cp > 0xAD) { /* U+00A0 and U+00AD: below */
				i += 2;
				chars++;
				continue;
			}
		}
		if (cp >= 0x80) {
			k = utf8_decode(text + i, len - i, &cp);
			if (k == 0)
				k = 1; /* cannot happen after utf8_valid */
		}
		if (cp == 0) {
			diag_error(diags, DIAG_UTF8,
			           scan_pos(path, text, len, i),
			           "the file contains a NUL byte (0x00)");
			diag_note(diags, "NUL bytes usually mean that the file is "
			          "not a text file or is saved as UTF-16; save it "
			          "as UTF-8 text");
			goto fail;
		}
		if (!yaml_printable(cp)) {
			diag_error(
			        diags, DIAG_YAML_SYNTAX,
			        scan_pos(path, text, len, i),
			        "the file contains the invisible control "
			        "character U+%04X, which YAML does not allow",
			        (unsigned)cp);
			diag_note(diags, "delete it; such characters often come "
			          "in with text pasted from other programs");
			goto fail;
		}
		if (!m->invisible && utf8_invisible_name(cp))
			m->invisible = 1;
		i += k;
		chars++;
		if (cp == '\n' ||
		    (cp == '\r' && (i == len || text[i] != '\n'))) {
			grow_lines(m, &cap);
			m->line_char[m->nlines] = chars;
			m->line_byte[m->nlines] = i;
			m->nlines++;
		}
	}
	m->nchars = chars;
	if (chars == len) {
		/* All ASCII: a character index is its byte offset. */
		free(m->mark_byte);
		m->mark_byte = NULL;
		m->nmarks = 0;
	}
	return 0;
fail:
	srcmap_free(m);
	return -1;
}

void
srcmap_free(srcmap *m)
{
	free(m->line_char);
	free(m->line_byte);
	free(m->mark_byte);
	m->line_char = m->line_byte = m->mark_byte = NULL;
	m->nlines = m->nmarks = 0;
}

/* Index of the last entry of a (sorted, a[0] == 0) that is <= v. */
static size_t
last_le(const size_t *a, size_t n, size_t v)
{
	size_t lo = 0, hi = n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (a[mid] <= v)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

size_t
srcmap_char_byte(const srcmap *m, size_t char_index)
{
	if (char_index >= m->nchars)
		return m->len;
	if (!m->mark_byte)
		return char_index;
	/* From the checkpoint at or before it: at most SRCMAP_MARK_EVERY
	 * characters to walk. */
	size_t k = char_index / SRCMAP_MARK_EVERY;
	size_t i = m->mark_byte[k];
	for (size_t c = k * SRCMAP_MARK_EVERY; c < char_index; c++) {
		i++;
		while (i < m->len && ((unsigned char)m->text[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

size_t
srcmap_byte_char(const srcmap *m, size_t byte)
{
	if (byte >= m->len)
		return m->nchars;
	if (!m->mark_byte)
		return byte;
	size_t k = last_le(m->mark_byte, m->nmarks, byte);
	return k * SRCMAP_MARK_EVERY +
	       utf8_count(m->text + m->mark_byte[k], byte - m->mark_byte[k]);
}

src_pos
srcmap_pos(const srcmap *m, size_t char_index)
{
	src_pos p = {m->path, 0, 0};
	if (m->nlines == 0)
		return p;
	size_t l = last_le(m->line_char, m->nlines, char_index);
	p.line = clamp_int(l + 1);
	p.col = clamp_int(char_index - m->line_char[l] + 1);
	return p;
}

src_pos
srcmap_pos_byte(const srcmap *m, size_t byte)
{
	src_pos p = {m->path, 0, 0};
	if (m->nlines == 0)
		return p;
	if (byte > m->len)
		byte = m->len;
	return srcmap_pos(m, srcmap_byte_char(m, byte));
}

size_t
srcmap_offset(const srcmap *m, src_pos pos)
{
	if (pos.line < 1 || m->nlines == 0)
		return 0;
	if ((size_t)pos.line > m->nlines)
		return m->len;
	size_t c = m->line_char[pos.line - 1];
	if (pos.col > 1)
		c += (size_t)pos.col - 1;
	return srcmap_char_byte(m, c);
}

int
srcmap_line(const srcmap *m, int line, const char **start, size_t *len)
{
	if (line < 1 || (size_t)line > m->nlines)
		return 0;
	size_t b = m->line_byte[line - 1];
	size_t e = (size_t)line < m->nlines ? m->line_byte[line] : m->len;
	/* Without its line break: '\n', "\r\n" or a lone '\r'. */
	if (e > b && m->text[e - 1] == '\n')
		e--;
	if (e > b && m->text[e - 1] == '\r')
		e--;
	*start = m->text + b;
	*len = e - b;
	return 1;
}
