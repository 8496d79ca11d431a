/* diag.c - collecting and printing diagnostics (see diag.h). */
#define _POSIX_C_SOURCE 200809L
#include "util/diag.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "util/utf8.h"

static const char *const code_names[DIAG_CODE_COUNT] = {
	[DIAG_IO] = "io",
	[DIAG_YAML_SYNTAX] = "yaml-syntax",
	[DIAG_UTF8] = "utf8",
	[DIAG_LIMIT] = "limit",
	[DIAG_INCLUDE] = "include",
	[DIAG_ALIAS] = "alias",
	[DIAG_DUPLICATE_KEY] = "duplicate-key",
	[DIAG_UNKNOWN_KEY] = "unknown-key",
	[DIAG_TYPE] = "type",
	[DIAG_MISSING_KEY] = "missing-key",
	[DIAG_ENUM] = "enum",
	[DIAG_LENGTH] = "length",
	[DIAG_COLOUR] = "colour",
	[DIAG_VALUE] = "value",
	[DIAG_MARKUP] = "markup",
	[DIAG_LANG] = "lang",
	[DIAG_FONT] = "font",
	[DIAG_GLYPH] = "glyph",
	[DIAG_IMAGE] = "image",
	[DIAG_LINK] = "link",
	[DIAG_LAYOUT] = "layout",
	[DIAG_PDF] = "pdf",
	[DIAG_INTERNAL] = "internal",
};

void
diag_init(diag_list *list)
{
	memset(list, 0, sizeof(*list));
}

void
diag_free(diag_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		free(list->items[i].message);
		free(list->items[i].note);
	}
	free(list->items);
	for (size_t i = 0; i < list->nsources; i++) {
		if (list->sources[i].borrowed)
			continue;
		free(list->sources[i].path);
		if (!list->sources[i].view)
			free(list->sources[i].text);
		free(list->sources[i].lines);
		free(list->sources[i].kept);
	}
	free(list->sources);
	memset(list, 0, sizeof(*list));
}

void
diag_truncate(diag_list *list, size_t count)
{
	while (list->count > count) {
		diag *d = &list->items[--list->count];
		if (d->severity == DIAG_ERROR)
			list->errors--;
		else if (d->severity == DIAG_WARNING)
			list->warnings--;
		free(d->message);
		free(d->note);
	}
}

void
diag_addv(diag_list *list, diag_severity sev, diag_code code, src_pos pos,
          const char *fmt, va_list ap)
{
	if (sev == DIAG_WARNING && list->strict)
		sev = DIAG_ERROR;
	if (list->count == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 16;
		list->items = xrealloc(list->items, list->cap * sizeof(*list->items));
	}
	diag *d = &list->items[list->count++];
	d->code = code;
	d->severity = sev;
	d->pos = pos;
	d->message = xvasprintf(fmt, ap);
	d->note = NULL;
	if (sev == DIAG_ERROR)
		list->errors++;
	else if (sev == DIAG_WARNING)
		list->warnings++;
}

void
diag_add(diag_list *list, diag_severity sev, diag_code code, src_pos pos,
         const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_addv(list, sev, code, pos, fmt, ap);
	va_end(ap);
}

void
diag_error(diag_list *list, diag_code code, src_pos pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_addv(list, DIAG_ERROR, code, pos, fmt, ap);
	va_end(ap);
}

void
diag_warning(diag_list *list, diag_code code, src_pos pos, const char *fmt,
             ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_addv(list, DIAG_WARNING, code, pos, fmt, ap);
	va_end(ap);
}

void
diag_note(diag_list *list, const char *fmt, ...)
{
	if (list->count == 0)
		return;
	diag *d = &list->items[list->count - 1];
	va_list ap;
	va_start(ap, fmt);
	char *note = xvasprintf(fmt, ap);
	va_end(ap);
	free(d->note);
	d->note = note;
}

/* Where each line of s's text starts. */
static void
index_lines(diag_source *s)
{
	size_t n = 1;
	for (size_t i = 0; i < s->len; i++)
		n += s->text[i] == '\n';
	s->lines = xmalloc(n * sizeof(*s->lines));
	s->lines[0] = 0;
	s->nlines = 1;
	for (size_t i = 0; i < s->len; i++)
		if (s->text[i] == '\n')
			s->lines[s->nlines++] = i + 1;
}

const char *
diag_source_add(diag_list *list, const char *path, const char *text,
                size_t len)
{
	for (size_t i = 0; i < list->nsources; i++) {
		diag_source *s = &list->sources[i];
		if (strcmp(s->path, path) != 0)
			continue;
		if (text && !s->text && !s->borrowed && !s->kept) {
			/* Registered before without a text, or streamed (a
			 * view, gone): this text is the source from now on, as
			 * if registered first. */
			free(s->lines);
			s->text = xmalloc(len + 1);
			memcpy(s->text, text, len);
			s->text[len] = '\0';
			s->len = len;
			index_lines(s);
			s->view = 0;
			s->on_disk = s->released = 0;
			s->disk_off = 0;
			memset(&s->disk, 0, sizeof(s->disk));
		}
		return s->path;
	}
	if (list->nsources == list->capsources) {
		list->capsources = list->capsources ? list->capsources * 2 : 8;
		list->sources = xrealloc(list->sources,
		                         list->capsources * sizeof(*list->sources));
	}
	diag_source *s = &list->sources[list->nsources++];
	s->path = xstrdup(path);
	s->text = NULL;
	s->len = 0;
	s->lines = NULL;
	s->nlines = 0;
	s->kept = NULL;
	s->borrowed = 0;
	s->on_disk = s->released = 0;
	s->disk_off = 0;
	memset(&s->disk, 0, sizeof(s->disk));
	s->view = 0;
	if (text) {
		s->text = xmalloc(len + 1);
		memcpy(s->text, text, len);
		s->text[len] = '\0';
		s->len = len;
		index_lines(s);
	}
	return s->path;
}

static diag_source *
find_source(diag_list *list, const char *path)
{
	for (size_t i = 0; i < list->nsources; i++)
		if (list->sources[i].path == path ||
		    strcmp(list->sources[i].path, path) == 0)
			return &list->sources[i];
	return NULL;
}

int
diag_source_view(diag_list *list, const char *path, const char *text,
                 size_t len, const size_t *lines, size_t nlines,
                 const diag_file_id *id)
{
	diag_source *s = find_source(list, path);
	if (!s || (s->text && !s->view) || s->kept)
		return -1;
	if (s->on_disk && (!id || memcmp(id, &s->disk, sizeof(*id)) != 0))
		return -1;
	if (s->lines) {
		if (s->len != len || s->nlines != nlines ||
		    memcmp(s->lines, lines, nlines * sizeof(*lines)) != 0)
			return -1;
	} else {
		s->lines = xmalloc((nlines ? nlines : 1) * sizeof(*s->lines));
		memcpy(s->lines, lines, nlines * sizeof(*lines));
		s->nlines = nlines;
		s->len = len;
	}
	/* The text is not NUL-terminated: every reader stops at len. */
	s->text = (char *)text;
	s->view = 1;
	s->released = 0;
	return 0;
}

void
diag_source_unview(diag_list *list, const char *path)
{
	diag_source *s = find_source(list, path);
	if (!s || !s->view)
		return;
	s->text = NULL;
	s->view = 0;
	s->released = s->on_disk;
}

const char *
diag_source_text(const diag_list *list, const char *path, size_t *len)
{
	for (size_t i = 0; i < list->nsources; i++) {
		const diag_source *s = &list->sources[i];
		if (s->path == path || strcmp(s->path, path) == 0) {
			*len = s->len;
			return s->text;
		}
	}
	*len = 0;
	return NULL;
}

void
diag_source_share(diag_list *list, const diag_list *from)
{
	for (size_t i = 0; i < from->nsources; i++) {
		if (list->nsources == list->capsources) {
			list->capsources = list->capsources ? list->capsources * 2 : 8;
			list->sources = xrealloc(list->sources, list->capsources *
			                         sizeof(*list->sources));
		}
		diag_source *s = &list->sources[list->nsources++];
		*s = from->sources[i];
		s->borrowed = 1;
		if (s->view) {
			s->text = NULL;
			s->view = 0;
		}
	}
}

const char *
diag_source_line(const diag_list *list, const char *path, int line,
                 size_t *rest)
{
	if (!path || line <= 0)
		return NULL;
	for (size_t i = 0; i < list->nsources; i++) {
		const diag_source *s = &list->sources[i];
		if (s->path != path && strcmp(s->path, path) != 0)
			continue;
		if (!s->text || (size_t)line > s->nlines ||
		    (s->kept && !s->kept[line - 1]))
			return NULL;
		size_t at = s->lines[line - 1];
		*rest = s->len - at;
		return s->text + at;
	}
	return NULL;
}

int
diag_file_identify(int fd, diag_file_id *id)
{
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return -1;
	id->dev = (unsigned long long)st.st_dev;
	id->ino = (unsigned long long)st.st_ino;
	id->size = (unsigned long long)st.st_size;
	id->mtime_sec = (long long)st.st_mtim.tv_sec;
	id->mtime_nsec = (long long)st.st_mtim.tv_nsec;
	return 0;
}

void
diag_source_on_disk(diag_list *list, const char *path, size_t offset,
                    const diag_file_id *id)
{
	for (size_t i = 0; i < list->nsources; i++) {
		diag_source *s = &list->sources[i];
		if (!s->borrowed && s->text && strcmp(s->path, path) == 0) {
			/* Only if the text is the whole file from offset. */
			if (id->size != offset + s->len)
				return;
			s->on_disk = 1;
			s->disk_off = offset;
			s->disk = *id;
			return;
		}
	}
}

void
diag_source_release(diag_list *list)
{
	for (size_t i = 0; i < list->nsources; i++) {
		diag_source *s = &list->sources[i];
		if (s->borrowed || !s->on_disk || !s->text || s->kept || s->view)
			continue;
		free(s->text);
		s->text = NULL;
		s->released = 1;
	}
}

/* Line `line` (1-based) of released source s, read from its file into b:
 * 1, or 0 if it cannot be read or the file is no longer the one read. */
static int
reread_line(const diag_source *s, int line, buf *b)
{
	if ((size_t)line > s->nlines)
		return 0;
	size_t start = s->lines[line - 1];
	size_t end = (size_t)line < s->nlines ? s->lines[line] : s->len;
	/* Never open what is no longer a regular file (a pipe would block). */
	struct stat st;
	if (stat(s->path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	FILE *f = fopen(s->path, "rb");
	if (!f)
		return 0;
	diag_file_id now;
	int ok = diag_file_identify(fileno(f), &now) == 0 &&
	         memcmp(&now, &s->disk, sizeof(now)) == 0 &&
	         fseek(f, (long)(s->disk_off + start), SEEK_SET) == 0;
	if (ok) {
		b->len = 0;
		buf_reserve(b, end - start + 1);
		ok = fread(b->data, 1, end - start, f) == end - start;
		b->len = ok ? end - start : 0;
		b->data[b->len] = '\0';
	}
	fclose(f);
	return ok;
}

void
diag_source_trim(diag_list *list)
{
	for (size_t i = 0; i < list->nsources; i++) {
		diag_source *s = &list->sources[i];
		if (s->borrowed || !s->text || s->kept || s->view)
			continue;
		unsigned char *keep = xcalloc(s->nlines, 1);
		for (size_t k = 0; k < list->count; k++) {
			const src_pos *p = &list->items[k].pos;
			if (p->file && p->line > 0 && (size_t)p->line <= s->nlines &&
			    (p->file == s->path || strcmp(p->file, s->path) == 0))
				keep[p->line - 1] = 1;
		}
		/* The kept lines as they were; every other line empty, so that
		 * lines keep their numbers. */
		size_t len = 0;
		for (size_t l = 0; l < s->nlines; l++) {
			size_t end = l + 1 < s->nlines ? s->lines[l + 1] : s->len;
			len += keep[l] ? end - s->lines[l] : 1;
		}
		char *text = xmalloc(len + 1);
		size_t o = 0;
		for (size_t l = 0; l < s->nlines; l++) {
			size_t end = l + 1 < s->nlines ? s->lines[l + 1] : s->len;
			size_t start = s->lines[l];
			s->lines[l] = o;
			if (keep[l]) {
				memcpy(text + o, s->text + start, end - start);
				o += end - start;
			} else if (l + 1 < s->nlines) {
				text[o++] = '\n';
			}
		}
		text[o] = '\0';
		free(s->text);
		s->text = text;
		s->len = o;
		s->kept = keep;
	}
}

static size_t
source_index(const diag_list *list, const char *path)
{
	if (!path)
		return 0; /* messages without a file come first */
	for (size_t i = 0; i < list->nsources; i++)
		if (list->sources[i].path == path ||
		    strcmp(list->sources[i].path, path) == 0)
			return i + 1;
	return list->nsources + 1;
}

static int
pos_before(const diag_list *list, const diag *a, const diag *b)
{
	size_t fa = source_index(list, a->pos.file);
	size_t fb = source_index(list, b->pos.file);
	if (fa != fb)
		return fa < fb;
	if (a->pos.line != b->pos.line)
		return a->pos.line < b->pos.line;
	return a->pos.col < b->pos.col;
}

void
diag_sort(diag_list *list)
{
	/* Insertion sort: stable, and lists are short. */
	for (size_t i = 1; i < list->count; i++) {
		diag d = list->items[i];
		size_t j = i;
		while (j > 0 && pos_before(list, &d, &list->items[j - 1])) {
			list->items[j] = list->items[j - 1];
			j--;
		}
		list->items[j] = d;
	}
}

const char *
diag_code_name(diag_code code)
{
	if ((unsigned)code < DIAG_CODE_COUNT && code_names[code])
		return code_names[code];
	return "unknown";
}

/* Find line (1-based) of a registered source; return its start and length
 * (in b for a source read again from its file). */
static int
source_line(const diag_list *list, const char *path, int line,
            const char **start, size_t *len, buf *b)
{
	if (!path || line <= 0)
		return 0;
	for (size_t i = 0; i < list->nsources; i++) {
		const diag_source *s = &list->sources[i];
		if (strcmp(s->path, path) != 0)
			continue;
		if (s->released) {
			if (!reread_line(s, line, b))
				return 0;
			const char *e = b->data + b->len;
			while (e > b->data && (e[-1] == '\n' || e[-1] == '\r'))
				e--;
			*start = b->data;
			*len = (size_t)(e - b->data);
			return 1;
		}
		if (!s->text)
			continue;
		if (s->kept && ((size_t)line > s->nlines || !s->kept[line - 1]))
			return 0; /* trimmed: diag_source_trim */
		const char *p = s->text, *end = s->text + s->len;
		for (int l = 1; l < line && p < end; l++) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			if (!nl)
				return 0;
			p = nl + 1;
		}
		if (p >= end)
			return 0;
		const char *e = memchr(p, '\n', (size_t)(end - p));
		if (!e)
			e = end;
		if (e > p && e[-1] == '\r')
			e--;
		*start = p;
		*len = (size_t)(e - p);
		return 1;
	}
	return 0;
}

void
diag_print(const diag_list *list, const diag *d, FILE *out, int color)
{
	static const char *const sev_name[] = {"note", "warning", "error"};
	static const char *const sev_color[] = {"\033[1;36m", "\033[1;35m",
	                                        "\033[1;31m"};
	const char *bold = color ? "\033[1m" : "";
	const char *reset = color ? "\033[0m" : "";

	fputs(bold, out);
	if (d->pos.file) {
		fputs(d->pos.file, out);
		if (d->pos.line > 0) {
			fprintf(out, ":%d", d->pos.line);
			if (d->pos.col > 0)
				fprintf(out, ":%d", d->pos.col);
		}
		fputs(": ", out);
	} else {
		fputs("carec-report: ", out);
	}
	fprintf(out, "%s%s:%s%s %s%s\n", color ? sev_color[d->severity] : "",
	        sev_name[d->severity], reset, bold, d->message, reset);

	const char *line;
	size_t len;
	buf reread;
	buf_init(&reread);
	if (source_line(list, d->pos.file, d->pos.line, &line, &len, &reread)) {
		fprintf(out, "%5d | ", d->pos.line);
		/* Show bad bytes as U+FFFD, never raw, so the terminal stays
		 * sane and the line is valid UTF-8. */
		for (size_t i = 0; i < len;) {
			uint32_t cp;
			size_t k = utf8_decode(line + i, len - i, &cp);
			if (k == 0) {
				fputs("\xEF\xBF\xBD", out);
				i++;
			} else {
				fwrite(line + i, 1, k, out);
				i += k;
			}
		}
		fputc('\n', out);
		if (d->pos.col > 0) {
			fputs("      | ", out);
			/* Walk col-1 characters; keep tabs so the caret lines up. */
			const char *p = line, *e = line + len;
			for (int c = 1; c < d->pos.col && p < e; c++) {
				fputc(*p == '\t' ? '\t' : ' ', out);
				p++;
				while (p < e && ((unsigned char)*p & 0xC0) == 0x80)
					p++;
			}
			fprintf(out, "%s^%s\n", color ? "\033[1;32m" : "", reset);
		}
	}
	buf_free(&reread);
	if (d->note)
		fprintf(out, "%snote:%s %s\n", color ? sev_color[DIAG_NOTE] : "",
		        reset, d->note);
}

void
diag_print_all(const diag_list *list, FILE *out, int color)
{
	for (size_t i = 0; i < list->count; i++)
		diag_print(list, &list->items[i], out, color);
}
