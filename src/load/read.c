/* read.c - a report's files read whole, once each, and each file's text
 * parsed to its tree (load_file, load_buffer; see load.h and
 * load_internal.h). Only src/load/ calls what it shares. */
#define _POSIX_C_SOURCE 200809L
#include "load/load.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load/load_internal.h"
#include "util/inputs.h"
#include "util/mem.h"

/* Read the file open as fd (which this closes; -1 when opening failed,
 * errno set) whole into *data (malloc'd, NUL-terminated). Return 0; -1
 * with errno set; or -2 when it is larger than LIMIT_FILE_BYTES. */
load_read_result
load_read_whole(int fd, char **data, size_t *len)
{
	enum { CHUNK = 64 * 1024 };
	buf b;
	load_read_result rc = LOAD_READ_FAILED;
	int err = 0;
	FILE *f;

	*data = NULL;
	*len = 0;
	if (fd < 0)
		return LOAD_READ_FAILED;
	inputs_note_fd(fd); /* never an output (util/inputs.h) */
	errno = 0;
	f = fdopen(fd, "rb");
	if (!f) {
		err = errno;
		close(fd);
		errno = err;
		return LOAD_READ_FAILED;
	}
	buf_init(&b);
	/* A regular file's size, so that a long report is read into one
	 * buffer of its size (growing would double it); one byte more tells
	 * that it grew meanwhile, one for the NUL. */
	struct stat st;
	int reg = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode);
	if (reg && st.st_size > (off_t)LIMIT_FILE_BYTES) {
		rc = LOAD_READ_TOO_BIG; /* refused unread */
		goto done;
	}
	if (reg && st.st_size > 0) {
		b.cap = (size_t)st.st_size + 2;
		b.data = xmalloc(b.cap);
	}
	for (;;) {
		size_t room = b.cap > b.len + 1 ? b.cap - b.len - 1 : 0;
		if (room == 0) {
			buf_reserve(&b, CHUNK);
			room = b.cap - b.len - 1;
		}
		errno = 0;
		size_t got = fread(b.data + b.len, 1, room, f);
		b.len += got;
		if (b.len > (size_t)LIMIT_FILE_BYTES) {
			rc = LOAD_READ_TOO_BIG;
			goto done;
		}
		if (got < room) {
			if (ferror(f)) {
				err = errno ? errno : EIO;
				goto done;
			}
			break;
		}
	}
	b.data[b.len] = '\0';
	*len = b.len;
	*data = buf_detach(&b);
	rc = LOAD_READ_OK;
done:
	buf_free(&b);
	fclose(f);
	if (rc == LOAD_READ_FAILED)
		errno = err;
	return rc;
}

/* The identity of a file for cycles and the cache. */
char *
load_file_key(const char *path)
{
	char *real = realpath(path, NULL);
	if (real) {
		char *k = xstrdup(real);
		free(real);
		return k;
	}
	return xstrdup(path);
}

char *
load_folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? xstrndup(path, (size_t)(slash - path) + 1) : xstrdup("");
}

/* path with "." and "name/.." segments and repeated slashes removed,
 * lexically (malloc'd). */
static char *
tidy_path(const char *path)
{
	size_t n = strlen(path), nseg = 0;
	const char **seg = xmalloc((n / 2 + 2) * sizeof(*seg));
	size_t *len = xmalloc((n / 2 + 2) * sizeof(*len));
	int abs = path[0] == '/';
	buf out;

	for (const char *p = path; *p;) {
		const char *e = strchr(p, '/');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (l == 0 || (l == 1 && p[0] == '.')) {
			/* nothing */
		} else if (l == 2 && p[0] == '.' && p[1] == '.' && nseg &&
		           !(len[nseg - 1] == 2 && seg[nseg - 1][0] == '.' &&
		             seg[nseg - 1][1] == '.')) {
			nseg--;
		} else if (!(l == 2 && p[0] == '.' && p[1] == '.' && abs)) {
			seg[nseg] = p;
			len[nseg++] = l;
		}
		p += l;
		if (*p == '/')
			p++;
	}
	buf_init(&out);
	if (abs)
		buf_putc(&out, '/');
	for (size_t i = 0; i < nseg; i++) {
		if (i)
			buf_putc(&out, '/');
		buf_put(&out, seg[i], len[i]);
	}
	if (out.len == 0)
		buf_putc(&out, '.');
	free(seg);
	free(len);
	return buf_detach(&out);
}

/* The path of rel, included from a file in dir, as shown to the user:
 * tidied when that names the same file (a symlinked folder may not). */
char *
load_join_path(const char *dir, const char *rel)
{
	char *raw = rel[0] == '/' ? xstrdup(rel) : xasprintf("%s%s", dir, rel);
	char *tidy = tidy_path(raw);
	char *k1 = load_file_key(raw), *k2 = load_file_key(tidy);
	int same = strcmp(k1, k2) == 0;
	free(k1);
	free(k2);
	if (same) {
		free(raw);
		return tidy;
	}
	free(tidy);
	return raw;
}

static node *
parse_stream(file_ctx *fc, int depth, long *count)
{
	yaml_event_t ev;
	node *root;
	int inc;

	if (load_next_event(fc, &ev) < 0) /* stream start */
		return NULL;
	yaml_event_delete(&ev);
	if (load_next_event(fc, &ev) < 0)
		return NULL;
	if (ev.type == YAML_STREAM_END_EVENT) {
		src_pos pos = {fc->path, 0, 0};
		yaml_event_delete(&ev);
		diag_error(fc->L->diags, DIAG_YAML_SYNTAX, pos,
		           "the file holds no YAML document (it is empty or has "
		           "only comments)");
		diag_note(fc->L->diags, "write the values into the file, or "
		          "remove whatever refers to it");
		return NULL;
	}
	yaml_event_delete(&ev); /* document start */
	if (load_next_event(fc, &ev) < 0)
		return NULL;
	if (!(root = load_parse_node(fc, &ev, depth, 0, count, &inc)))
		return NULL;
	if (load_next_event(fc, &ev) < 0) /* document end */
		return NULL;
	yaml_event_delete(&ev);
	if (load_next_event(fc, &ev) < 0)
		return NULL;
	if (ev.type == YAML_DOCUMENT_START_EVENT) {
		diag_error(fc->L->diags, DIAG_YAML_SYNTAX,
		           load_mark_pos(fc, ev.start_mark),
		           "a second YAML document "
		           "starts here, but a file may hold only one");
		diag_note(fc->L->diags, "remove the '---' line, or move what "
		          "follows it into a file of its own and include that");
		yaml_event_delete(&ev);
		return NULL;
	}
	yaml_event_delete(&ev);
	return root;
}

/* Start on the file shown as shown, identified by key, whose len bytes
 * are in data (NUL-terminated, a byte order mark removed; this takes
 * key): register its path, check its text, make its parser, take a cache
 * slot (*slot) and push it on the include chain. NULL when its text is
 * refused. */
static file_ctx *
file_open(loader *L, const char *shown, char *key, const char *data,
          size_t len, size_t *slot)
{
	*slot = L->ncache;
	L->cache = xgrow(L->cache, &L->capcache, L->ncache + 1,
	                 sizeof(*L->cache));
	L->ncache++;
	L->cache[*slot] = (cached){.key = key, .bytes = len};

	file_ctx *fc = xcalloc(1, sizeof(*fc));
	fc->L = L;
	/* The path only: the text is the messages' once it is parsed
	 * (load_text). */
	fc->path = diag_source_add(L->diags, shown, NULL, 0);
	fc->dir = load_folder_of(fc->path);
	if (srcmap_init(&fc->map, fc->path, data, len, L->diags) < 0) {
		free(fc->dir);
		free(fc);
		return NULL;
	}
	if (!yaml_parser_initialize(&fc->parser))
		mem_oom();
	yaml_parser_set_input_string(&fc->parser, (const unsigned char *)data,
	                             len);
	yaml_parser_set_encoding(&fc->parser, YAML_UTF8_ENCODING);

	L->stack[L->nstack].key = key;
	L->stack[L->nstack].shown = fc->path;
	L->nstack++;
	return fc;
}

/* Done with the file of fc: off the include chain, parser and tables
 * freed. */
static void
file_close(file_ctx *fc)
{
	fc->L->nstack--;
	yaml_parser_delete(&fc->parser);
	for (size_t i = 0; i < fc->capanchors; i++)
		free(fc->anchors[i].name);
	free(fc->anchors);
	srcmap_free(&fc->map);
	free(fc->dir);
	free(fc);
}

/* Parse the file shown as shown, identified by key, whose len bytes are
 * in data (malloc'd and NUL-terminated; this takes key and data), into a
 * tree whose root sits under depth enclosing collections. The file is
 * registered, pushed on the include chain and cached; its text then goes
 * to the messages, which quote its lines. */
node *
load_text(loader *L, const char *shown, char *key, char *data, size_t len,
          int depth, long *count)
{
	size_t slot;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		len -= 3; /* positions count from after the mark */
		memmove(data, data + 3, len + 1);
	}
	file_ctx *fc = file_open(L, shown, key, data, len, &slot);
	if (!fc) {
		diag_source_take(L->diags, shown, data, len);
		return NULL;
	}
	node *root = parse_stream(fc, depth, count);
	if (root && !load_stopped(fc)) {
		L->cache[slot].root = root;
		L->cache[slot].count = *count;
		L->cache[slot].text = load_tree_bytes(root);
	} else {
		root = NULL;
	}
	const char *path = fc->path;
	file_close(fc);
	diag_source_take(L->diags, path, data, len);
	return root;
}

/* data: malloc'd and NUL-terminated; this takes it. */
static int
load_top(node **out, arena *a, const char *name, char *data, size_t len,
         const load_options *opt, diag_list *diags)
{
	loader L;
	size_t errors = diags->errors;
	long count = 0;

	memset(&L, 0, sizeof(L));
	L.a = a;
	L.diags = diags;
	L.policy = opt ? opt->policy : NULL;
	node *root =
	        load_text(&L, name, load_file_key(name), data, len, 0, &count);
	for (size_t i = 0; i < L.ncache; i++)
		free(L.cache[i].key);
	free(L.cache);
	*out = NULL;
	if (!root || diags->errors > errors)
		return -1;
	*out = root;
	return 0;
}

int
load_file(node **out, arena *a, const char *path, const load_options *opt,
          diag_list *diags)
{
	char *data;
	size_t len;
	int rc;

	*out = NULL;
	switch (load_read_whole(open(path, O_RDONLY | O_CLOEXEC), &data,
	                        &len)) {
	case LOAD_READ_OK:
		break;
	case LOAD_READ_TOO_BIG: {
		src_pos pos = {diag_source_add(diags, path, NULL, 0), 0, 0};
		diag_error(diags, DIAG_LIMIT, pos, "the file is too large "
		           "(LIMIT_FILE_BYTES is %ld)", LIMIT_FILE_BYTES);
		diag_note(diags, "a report is a few hundred KB; split a longer "
		          "one into files that it includes (include: "
		          "chapter-1.yaml)");
		return -1;
	}
	default: {
		int err = errno;
		src_pos pos = {diag_source_add(diags, path, NULL, 0), 0, 0};
		diag_error(diags, DIAG_IO, pos, "cannot read the file: %s",
		           strerror(err));
		return -1;
	}
	}
	rc = load_top(out, a, path, data, len, opt, diags);
	return rc;
}

int
load_buffer(node **out, arena *a, const char *name, const char *data,
            size_t len, const load_options *opt, diag_list *diags)
{
	char *copy = xmalloc(len + 1);
	memcpy(copy, data, len);
	copy[len] = '\0';
	return load_top(out, a, name, copy, len, opt, diags);
}
