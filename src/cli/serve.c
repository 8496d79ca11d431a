/* serve.c - carec-report serve: a live preview of the reports of a folder
 * in the browser (see cli.h).
 *
 * Two kinds of thread. The main thread builds: every report of the
 * folder at the start, then each again when a file it read changes
 * (watcher.h, as watch does), and the list again when a .yaml file of
 * the folder comes, goes or changes. libmicrohttpd answers on threads of
 * its own, one for each connection, reading what the builds left under
 * the server's lock: the list, each report's languages, status and
 * diagnostics (the text format, as the terminal shows them), and the
 * PDFs, which the builds write into a temporary folder of the server's
 * own (replaced whole: util/outfile.h). A page reloads itself when its
 * report is built again, told by Server-Sent Events (/events), whose
 * connection thread waits on the lock's condition.
 *
 * Only the reports of the folder are served, by name: nothing else of
 * the file system is reachable, and a path with '..', '//' (an absolute
 * one), or a report that is a link out of the folder is refused (403).
 * Bound to 127.0.0.1, it answers only requests for a local host name,
 * so that a web page elsewhere cannot reach it through a name of its own
 * that points here (DNS rebinding).
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/watcher.h"
#include "util/mem.h"

/* libmicrohttpd, loaded when serve starts: every other command starts
 * without it and the TLS libraries it brings along (a dozen shared
 * libraries, two or three milliseconds of every build). The functions
 * keep the types of <microhttpd.h>. */
#define MHD_SONAME "libmicrohttpd.so.12"
static struct {
	__typeof__(MHD_start_daemon) *start_daemon;
	__typeof__(MHD_stop_daemon) *stop_daemon;
	__typeof__(MHD_create_response_from_buffer) *create_response_from_buffer;
	__typeof__(MHD_create_response_from_callback)
	        *create_response_from_callback;
	__typeof__(MHD_create_response_from_fd) *create_response_from_fd;
	__typeof__(MHD_destroy_response) *destroy_response;
	__typeof__(MHD_add_response_header) *add_response_header;
	__typeof__(MHD_queue_response) *queue_response;
	__typeof__(MHD_lookup_connection_value) *lookup_connection_value;
} mhd;

#define DEFAULT_PORT 8080
#define EVENTS_KEPT 64  /* the last events, for a page that reconnects */
#define PING_SECONDS 15 /* a comment on an idle event stream */
#define REPORT_PEEK (1 << 20) /* bytes read to tell a report (document:) */

typedef enum { ST_OK, ST_WARNINGS, ST_ERRORS } report_status;

static const char *const status_names[] = {"ok", "warnings", "errors"};

typedef struct report {
	char *name;         /* the file's name without .yaml */
	char *path;         /* the path it is built by: DIR/NAME.yaml */
	char langs[64];     /* the languages of its last build that read it */
	report_status status;
	size_t errors, warnings;
	char *diags;        /* the text of its last build's diagnostics */
	unsigned gen;       /* its builds so far */
	fileset files;      /* what its last build read (main thread only) */
	int pending;        /* a file it read changed (main thread only) */
	int seen;           /* found by the last scan (main thread only) */
} report;

typedef struct server {
	const cli_options *opt;
	pthread_mutex_t lock; /* everything below but dir, real, out */
	pthread_cond_t changed;
	char *dir;  /* the folder as given */
	char *real; /* its real path */
	char *out;  /* the temporary folder the PDFs go to */
	int local;  /* bound to a loopback address */
	int stopping;
	report **reports; /* sorted by name */
	size_t nreports, capreports;
	char *events[EVENTS_KEPT];
	unsigned long long nevents; /* events sent so far */
	watcher *w;
} server;

/* ---- text for HTML, URLs and JSON ---- */

static void
put_html(buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		default: buf_putc(b, *s);
		}
	}
}

/* s as a part of a URL path, escaped for an HTML attribute too. */
static void
put_url(buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			buf_putc(b, (char)*p);
		else
			buf_printf(b, "%%%02X", *p);
	}
}

/* s as a JSON string (with its quotes); safe inside a <script> too. */
static void
put_json(buf *b, const char *s)
{
	buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_printf(b, "\\%c", *p);
		else if (*p < 0x20 || *p == '<' || *p == '>' || *p == '&')
			buf_printf(b, "\\u%04x", *p);
		else
			buf_putc(b, (char)*p);
	}
	buf_putc(b, '"');
}

/* ---- the reports of the folder ---- */

static report *
find_report(const server *s, const char *name)
{
	for (size_t i = 0; i < s->nreports; i++)
		if (strcmp(s->reports[i]->name, name) == 0)
			return s->reports[i];
	return NULL;
}

/* Is lang one of r's languages? */
static int
has_lang(const report *r, const char *lang)
{
	size_t n = strlen(lang);
	for (const char *p = r->langs; *p;) {
		const char *e = strchr(p, ' ');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (l == n && strncmp(p, lang, n) == 0)
			return n > 0;
		p += l + (e != NULL);
	}
	return 0;
}

static void
report_free(report *r)
{
	free(r->name);
	free(r->path);
	free(r->diags);
	fileset_free(&r->files);
	free(r);
}

/* Is path inside the folder real (a real path)? */
static int
inside(const char *path, const char *real)
{
	char *p = realpath(path, NULL);
	size_t n = strlen(real);
	int in = p && strncmp(p, real, n) == 0 &&
	         (p[n] == '/' || (p[n] == '\0') || strcmp(real, "/") == 0);
	free(p);
	return in;
}

/* Is the file at path a report: a regular file in the folder (a link
 * only to one inside it), with 'document:' at the start of a line? */
static int
is_report(const server *s, const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return 0;
	if (S_ISLNK(st.st_mode) && !inside(path, s->real))
		return 0;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return 0;
	int found = 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		char *text = xmalloc(REPORT_PEEK + 1);
		ssize_t n = read(fd, text, REPORT_PEEK);
		if (n > 0) {
			text[n] = '\0';
			for (const char *l = text; l && !found;
			     l = strchr(l, '\n')) {
				if (*l == '\n')
					l++;
				found = strncmp(l, "document:", 9) == 0;
			}
		}
		free(text);
	}
	close(fd);
	return found;
}

static int
cmp_report(const void *a, const void *b)
{
	return strcmp((*(report *const *)a)->name, (*(report *const *)b)->name);
}

/* Scan the folder: a report new to it is added (pending a build), one
 * gone is dropped. Main thread. */
static void
scan(server *s)
{
	for (size_t i = 0; i < s->nreports; i++)
		s->reports[i]->seen = 0;
	DIR *d = opendir(s->dir);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		if (e->d_name[0] == '.' || n <= 5 ||
		    strcmp(e->d_name + n - 5, ".yaml") != 0)
			continue;
		char *path = strcmp(s->dir, ".") == 0
		                     ? xstrdup(e->d_name)
		                     : xasprintf("%s/%s", s->dir, e->d_name);
		char *name = xstrndup(e->d_name, n - 5);
		if (!is_report(s, path)) {
			free(path);
			free(name);
			continue;
		}
		pthread_mutex_lock(&s->lock);
		report *r = find_report(s, name);
		if (!r) {
			r = xcalloc(1, sizeof(*r));
			r->name = name;
			r->path = path;
			r->diags = xstrdup("");
			fileset_init(&r->files);
			r->pending = 1;
			s->reports = xgrow(s->reports, &s->capreports,
			                   s->nreports + 1, sizeof(*s->reports));
			s->reports[s->nreports++] = r;
			qsort(s->reports, s->nreports, sizeof(*s->reports),
			      cmp_report);
		} else {
			free(path);
			free(name);
		}
		r->seen = 1;
		pthread_mutex_unlock(&s->lock);
	}
	if (d)
		closedir(d);
	pthread_mutex_lock(&s->lock);
	size_t kept = 0;
	for (size_t i = 0; i < s->nreports; i++) {
		if (s->reports[i]->seen)
			s->reports[kept++] = s->reports[i];
		else
			report_free(s->reports[i]);
	}
	s->nreports = kept;
	pthread_mutex_unlock(&s->lock);
}

/* Tell the pages (the event streams) that r was built. Lock held. */
static void
announce(server *s, const report *r)
{
	buf e;
	buf_init(&e);
	buf_printf(&e, "id: %llu\nevent: build\ndata: {\"report\": ",
	           s->nevents + 1);
	put_json(&e, r->name);
	buf_printf(&e, ", \"gen\": %u, \"status\": \"%s\", \"errors\": %zu, "
	           "\"warnings\": %zu}\n\n", r->gen, status_names[r->status],
	           r->errors, r->warnings);
	size_t slot = (size_t)(s->nevents % EVENTS_KEPT);
	free(s->events[slot]);
	s->events[slot] = buf_detach(&e);
	s->nevents++;
	pthread_cond_broadcast(&s->changed);
}

/* Build r into the server's folder, every language; note what it read
 * and watch it. Main thread: the lock is taken only to publish. */
static void
build_report(server *s, report *r)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	cli_options o = *s->opt;
	const char *inputs[1] = {r->path};
	o.command = CMD_BUILD;
	o.input = r->path;
	o.inputs = inputs;
	o.ninputs = 1;
	o.out_dir = s->out;
	o.diag_json = 0;
	fileset_clear(&r->files);
	fileset_note(&r->files, r->path); /* opened without a policy */
	cli_hooks h;
	memset(&h, 0, sizeof(h));
	h.diags = mem ? mem : stderr;
	h.color = 0;
	h.note = fileset_note;
	h.note_ctx = &r->files;
	long long t0 = watch_now_ms();
	int rc = cli_run_hooked(&o, &h);
	double took = (double)(watch_now_ms() - t0) / 1000;
	if (mem)
		fclose(mem);
	fileset_resolve(&r->files);
	(void)watcher_add_set(s->w, &r->files);

	pthread_mutex_lock(&s->lock);
	if (h.langs[0])
		memcpy(r->langs, h.langs, sizeof(r->langs));
	r->errors = h.errors;
	r->warnings = h.warnings;
	r->status = h.errors || rc != EXIT_OK ? ST_ERRORS
	            : h.warnings              ? ST_WARNINGS
	                                      : ST_OK;
	free(r->diags);
	r->diags = text ? text : xstrdup("");
	r->gen++;
	r->pending = 0;
	announce(s, r);
	pthread_mutex_unlock(&s->lock);

	char now[16];
	time_t t = time(NULL);
	struct tm tm;
	if (!localtime_r(&t, &tm) || !strftime(now, sizeof(now), "%H:%M:%S", &tm))
		snprintf(now, sizeof(now), "--:--:--");
	fprintf(stderr, "carec-report: %s built %s (%s) in %.2f s: %s\n", now,
	        r->path, r->langs, took, status_names[r->status]);
}

/* ---- the pages ---- */

static const char style[] =
	"<style>\n"
	":root{--green:#0b6e4f;--ink:#1d2b27;--line:#d5dfdb;--paper:#f5f7f6;"
	"--err:#b3261e;--warn:#8a5a00;--note:#285c8f}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;font:15px/1.45 system-ui,'Noto Sans','DejaVu Sans',"
	"sans-serif;color:var(--ink);background:var(--paper);height:100vh;"
	"display:flex;flex-direction:column}\n"
	"header{background:var(--green);color:#fff;padding:10px 18px;"
	"display:flex;gap:14px;align-items:center;flex-wrap:wrap}\n"
	"header a{color:#fff}\n"
	"header .title{font-weight:600;font-size:17px}\n"
	"nav a{color:#fff;padding:2px 9px;border:1px solid #ffffff80;"
	"border-radius:12px;text-decoration:none;margin-right:4px}\n"
	"nav a.here{background:#fff;color:var(--green)}\n"
	".status{font-size:13px;font-weight:600;padding:2px 9px;"
	"border-radius:12px;background:#fff}\n"
	".status.ok{color:var(--green)}.status.warnings{color:var(--warn)}"
	".status.errors{color:var(--err)}\n"
	"main{flex:1;min-height:0}\n"
	"main.preview{display:flex}\n"
	".pdf{flex:3;min-width:0;border-right:1px solid var(--line)}\n"
	".pdf iframe{width:100%;height:100%;border:0;background:#fff}\n"
	".nopdf{padding:40px;color:#555}\n"
	"aside{flex:2;min-width:320px;overflow:auto;padding:14px 18px;"
	"background:#fff}\n"
	"aside h2{font-size:16px;margin:0 0 10px}\n"
	".diag{font:13px/1.4 'DejaVu Sans Mono','Noto Sans Mono',monospace;"
	"white-space:pre-wrap;overflow-x:auto;background:var(--paper);"
	"border-left:4px solid var(--line);padding:8px 10px;margin:0 0 10px}\n"
	".diag.error{border-color:var(--err)}.diag.warning{border-color:"
	"var(--warn)}\n"
	".diag .e{color:var(--err);font-weight:700}"
	".diag .w{color:var(--warn);font-weight:700}"
	".diag .n{color:var(--note)}.diag .s{color:#444;white-space:pre}\n"
	".kept{font-size:13px;color:#555;margin:0 0 10px}\n"
	".fine{color:var(--green);font-weight:600}\n"
	"table{border-collapse:collapse;margin:18px;background:#fff;"
	"min-width:480px}\n"
	"td,th{text-align:left;padding:8px 14px;border-bottom:1px solid "
	"var(--line)}\n"
	"th{font-size:13px;color:#555}\n"
	"td a{color:var(--green);margin-right:8px}\n"
	"p.where{margin:0;opacity:.85}\n"
	"</style>\n";

static void
page_start(buf *b, const char *title)
{
	buf_puts(b, "<!doctype html>\n<html lang=\"en\">\n<head>\n"
	            "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	            "content=\"width=device-width, initial-scale=1\">\n<title>");
	put_html(b, title);
	buf_puts(b, " - carec-report</title>\n");
	buf_puts(b, style);
	buf_puts(b, "</head>\n<body>\n");
}

/* The script that reloads the page when a report (any, for NULL) is
 * built again after the since'th event. */
static void
page_reload(buf *b, const char *name, unsigned long long since)
{
	buf_printf(b, "<script>\nconst since = %llu, name = ", since);
	if (name)
		put_json(b, name);
	else
		buf_puts(b, "null");
	buf_puts(b, ";\nconst events = new EventSource('/events?since=' + "
	            "since);\nevents.addEventListener('build', e => {\n"
	            "  const d = JSON.parse(e.data);\n"
	            "  if (name === null || d.report === name) {\n"
	            "    events.close();\n    location.reload();\n  }\n});\n"
	            "</script>\n</body>\n</html>\n");
}

static void
status_badge(buf *b, const report *r)
{
	buf_printf(b, "<span class=\"status %s\">", status_names[r->status]);
	if (r->status == ST_OK)
		buf_puts(b, "ok");
	if (r->errors)
		buf_printf(b, "%zu error%s", r->errors, r->errors == 1 ? "" : "s");
	if (r->errors && r->warnings)
		buf_puts(b, ", ");
	if (r->warnings)
		buf_printf(b, "%zu warning%s", r->warnings,
		           r->warnings == 1 ? "" : "s");
	if (r->status == ST_ERRORS && !r->errors && !r->warnings)
		buf_puts(b, "cannot build");
	buf_puts(b, "</span>");
}

/* The list of reports. Lock held. */
static char *
index_page(const server *s)
{
	buf b;
	buf_init(&b);
	page_start(&b, "Reports");
	buf_puts(&b, "<header><span class=\"title\">Reports</span>"
	             "<p class=\"where\">in ");
	put_html(&b, s->real);
	buf_puts(&b, "</p></header>\n<main>\n");
	if (!s->nreports) {
		buf_puts(&b, "<p class=\"nopdf\">No reports here: a report is a "
		             ".yaml file with a <code>document:</code> section. "
		             "Make one with <code>carec-report new NAME</code>."
		             "</p>\n");
	} else {
		buf_puts(&b, "<table>\n<tr><th>Report</th><th>Languages</th>"
		             "<th>Status</th></tr>\n");
	}
	for (size_t i = 0; i < s->nreports; i++) {
		const report *r = s->reports[i];
		buf_puts(&b, "<tr><td><a href=\"/");
		put_url(&b, r->name);
		buf_puts(&b, "\">");
		put_html(&b, r->name);
		buf_puts(&b, "</a></td><td>");
		char langs[sizeof(r->langs)];
		memcpy(langs, r->langs, sizeof(langs));
		char *save = NULL;
		for (char *l = strtok_r(langs, " ", &save); l;
		     l = strtok_r(NULL, " ", &save)) {
			buf_puts(&b, "<a href=\"/");
			put_url(&b, r->name);
			buf_putc(&b, '.');
			put_url(&b, l);
			buf_puts(&b, "\">");
			put_html(&b, l);
			buf_puts(&b, "</a> ");
		}
		buf_puts(&b, "</td><td>");
		status_badge(&b, r);
		buf_puts(&b, "</td></tr>\n");
	}
	if (s->nreports)
		buf_puts(&b, "</table>\n");
	buf_puts(&b, "</main>\n");
	page_reload(&b, NULL, s->nevents);
	return buf_detach(&b);
}

/* The class of a line of the text diagnostics (util/diag.h's format). */
static const char *
line_class(const char *l, size_t n)
{
	const char *colon = memchr(l, ':', n);
	if (n >= 5 && strncmp(l, "note:", 5) == 0)
		return "n";
	if (n >= 5 && strncmp(l, "help:", 5) == 0)
		return "n";
	if (n >= 13 && strncmp(l, "carec-report:", 13) == 0)
		return "c";
	if (colon && l[0] != ' ') {
		for (const char *p = l; p + 8 <= l + n; p++) {
			if (strncmp(p, ": error:", 8) == 0)
				return "e";
			if (p + 10 <= l + n && strncmp(p, ": warning:", 10) == 0)
				return "w";
		}
	}
	return "s";
}

/* The diagnostics' text, a block for each message (its first line, its
 * source line and caret, its notes), HTML-escaped. */
static void
put_diags(buf *b, const char *text)
{
	int open = 0;
	for (const char *l = text; *l;) {
		const char *e = strchr(l, '\n');
		size_t n = e ? (size_t)(e - l) : strlen(l);
		const char *cls = line_class(l, n);
		if (*cls == 'c') { /* the closing line: the header counts */
			l += n + (e != NULL);
			continue;
		}
		if (*cls == 'e' || *cls == 'w' || !open) {
			if (open)
				buf_puts(b, "</div>\n");
			buf_printf(b, "<div class=\"diag%s\">",
			           *cls == 'e'   ? " error"
			           : *cls == 'w' ? " warning"
			                         : "");
			open = 1;
		} else {
			buf_putc(b, '\n');
		}
		char *line = xstrndup(l, n);
		buf_printf(b, "<span class=\"%s\">", cls);
		put_html(b, line);
		buf_puts(b, "</span>");
		free(line);
		l += n + (e != NULL);
	}
	if (open)
		buf_puts(b, "</div>\n");
}

/* The page of r in lang: its PDF beside its diagnostics. Lock held. */
static char *
report_page(const server *s, const report *r, const char *lang)
{
	buf b;
	buf_init(&b);
	char *title = xasprintf("%s (%s)", r->name, lang);
	page_start(&b, title);
	free(title);
	buf_puts(&b, "<header><a href=\"/\">Reports</a><span class=\"title\">");
	put_html(&b, r->name);
	buf_puts(&b, "</span><nav>");
	char langs[sizeof(r->langs)];
	memcpy(langs, r->langs, sizeof(langs));
	char *save = NULL;
	for (char *l = strtok_r(langs, " ", &save); l;
	     l = strtok_r(NULL, " ", &save)) {
		buf_printf(&b, "<a%s href=\"/",
		           strcmp(l, lang) == 0 ? " class=\"here\"" : "");
		put_url(&b, r->name);
		buf_putc(&b, '.');
		put_url(&b, l);
		buf_puts(&b, "\">");
		put_html(&b, l);
		buf_puts(&b, "</a>");
	}
	buf_puts(&b, "</nav>");
	status_badge(&b, r);
	buf_puts(&b, "</header>\n<main class=\"preview\">\n<section "
	             "class=\"pdf\">");
	char *pdf = xasprintf("%s/%s.%s.pdf", s->out, r->name, lang);
	struct stat st;
	if (stat(pdf, &st) == 0) {
		buf_puts(&b, "<iframe title=\"the PDF\" src=\"/");
		put_url(&b, r->name);
		buf_putc(&b, '.');
		put_url(&b, lang);
		buf_printf(&b, ".pdf?build=%u#view=FitH\"></iframe>", r->gen);
	} else {
		buf_puts(&b, "<p class=\"nopdf\">No PDF yet: fix the errors "
		             "beside, and it appears here.</p>");
	}
	buf_puts(&b, "</section>\n<aside>\n");
	if (!r->errors && !r->warnings && r->status == ST_OK)
		buf_puts(&b, "<h2 class=\"fine\">No problems</h2>\n");
	else
		buf_puts(&b, "<h2>What to fix</h2>\n");
	if (r->status == ST_ERRORS && stat(pdf, &st) == 0)
		buf_puts(&b, "<p class=\"kept\">The PDF beside is the last one "
		             "that built; it updates once these are fixed.</p>\n");
	free(pdf);
	put_diags(&b, r->diags);
	buf_puts(&b, "</aside>\n</main>\n");
	page_reload(&b, r->name, s->nevents);
	return buf_detach(&b);
}

/* ---- answering ---- */

static enum MHD_Result
send_text(struct MHD_Connection *c, unsigned code, const char *type,
          char *body)
{
	struct MHD_Response *resp = mhd.create_response_from_buffer(
	        strlen(body), body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	mhd.add_response_header(resp, "Content-Type", type);
	mhd.add_response_header(resp, "Cache-Control", "no-store");
	mhd.add_response_header(resp, "X-Content-Type-Options", "nosniff");
	enum MHD_Result ret = mhd.queue_response(c, code, resp);
	mhd.destroy_response(resp);
	return ret;
}

static enum MHD_Result
send_error(struct MHD_Connection *c, unsigned code, const char *what)
{
	return send_text(c, code, "text/plain; charset=utf-8",
	                 xasprintf("%u: %s\n", code, what));
}

/* One page's event stream. */
typedef struct stream {
	server *s;
	unsigned long long next; /* the number of the next event to send */
	int hello;
} stream;

static ssize_t
stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	(void)pos;
	stream *st = cls;
	server *s = st->s;
	ssize_t n = 0;
	pthread_mutex_lock(&s->lock);
	if (!st->hello) {
		st->hello = 1;
		n = snprintf(out, max, "retry: 1000\n\n");
		goto done;
	}
	while (!s->stopping && st->next >= s->nevents) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += PING_SECONDS;
		if (pthread_cond_timedwait(&s->changed, &s->lock, &until) ==
		    ETIMEDOUT) {
			n = snprintf(out, max, ": waiting\n\n");
			goto done;
		}
	}
	if (s->stopping) {
		n = MHD_CONTENT_READER_END_OF_STREAM;
		goto done;
	}
	if (st->next + EVENTS_KEPT < s->nevents)
		st->next = s->nevents - EVENTS_KEPT;
	const char *e = s->events[st->next % EVENTS_KEPT];
	size_t len = strlen(e);
	if (len > max)
		len = max; /* an event is far shorter than a block */
	memcpy(out, e, len);
	n = (ssize_t)len;
	st->next++;
done:
	pthread_mutex_unlock(&s->lock);
	return n;
}

static void
stream_free(void *cls)
{
	free(cls);
}

/* A number of events a page has seen: ?since=N, or the Last-Event-ID of
 * a reconnecting one; else every event from now on. Lock held. */
static unsigned long long
events_seen(struct MHD_Connection *c, const server *s)
{
	const char *v = mhd.lookup_connection_value(c, MHD_HEADER_KIND,
	                                            "Last-Event-ID");
	if (!v)
		v = mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "since");
	if (!v)
		return s->nevents;
	char *end;
	unsigned long long n = strtoull(v, &end, 10);
	return *v && !*end && n <= s->nevents ? n : s->nevents;
}

static enum MHD_Result
send_events(struct MHD_Connection *c, server *s)
{
	stream *st = xcalloc(1, sizeof(*st));
	st->s = s;
	pthread_mutex_lock(&s->lock);
	st->next = events_seen(c, s);
	pthread_mutex_unlock(&s->lock);
	struct MHD_Response *resp = mhd.create_response_from_callback(
	        MHD_SIZE_UNKNOWN, 4096, stream_read, st, stream_free);
	if (!resp) {
		free(st);
		return MHD_NO;
	}
	mhd.add_response_header(resp, "Content-Type", "text/event-stream");
	mhd.add_response_header(resp, "Cache-Control", "no-store");
	enum MHD_Result ret = mhd.queue_response(c, MHD_HTTP_OK, resp);
	mhd.destroy_response(resp);
	return ret;
}

/* The PDF of report name in lang, from the server's folder. */
static enum MHD_Result
send_pdf(struct MHD_Connection *c, server *s, const char *name,
         const char *lang)
{
	int fd = -1;
	pthread_mutex_lock(&s->lock);
	const report *r = find_report(s, name);
	if (r && has_lang(r, lang)) {
		char *path = xasprintf("%s/%s.%s.pdf", s->out, name, lang);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		free(path);
	}
	pthread_mutex_unlock(&s->lock);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		return send_error(c, MHD_HTTP_NOT_FOUND,
		                  "no such PDF (yet): see the report's page");
	}
	struct MHD_Response *resp =
	        mhd.create_response_from_fd((uint64_t)st.st_size, fd);
	if (!resp) {
		close(fd);
		return MHD_NO;
	}
	mhd.add_response_header(resp, "Content-Type", "application/pdf");
	mhd.add_response_header(resp, "Cache-Control", "no-store");
	mhd.add_response_header(resp, "X-Content-Type-Options", "nosniff");
	enum MHD_Result ret = mhd.queue_response(c, MHD_HTTP_OK, resp);
	mhd.destroy_response(resp);
	return ret;
}

/* Is the request's Host one of this computer's own names? */
static int
local_host(struct MHD_Connection *c)
{
	const char *h = mhd.lookup_connection_value(c, MHD_HEADER_KIND,
	                                            "Host");
	if (!h)
		return 0;
	static const char *const names[] = {"127.0.0.1", "localhost", "[::1]"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t n = strlen(names[i]);
		if (strncmp(h, names[i], n) == 0 && (h[n] == '\0' || h[n] == ':'))
			return 1;
	}
	return 0;
}

static enum MHD_Result
answer(void *cls, struct MHD_Connection *c, const char *url,
       const char *method, const char *version, const char *upload,
       size_t *upload_size, void **req)
{
	(void)version;
	(void)upload;
	(void)req;
	server *s = cls;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return send_error(c, MHD_HTTP_METHOD_NOT_ALLOWED,
		                  "only GET and HEAD");
	if (*upload_size)
		return send_error(c, MHD_HTTP_BAD_REQUEST, "no body expected");
	if (s->local && !local_host(c))
		return send_error(c, MHD_HTTP_FORBIDDEN,
		                  "this preview answers only to localhost");
	/* Nothing but the reports of the folder, by name. */
	if (url[0] != '/' || strstr(url, "..") || strstr(url, "//") ||
	    strchr(url, '\\'))
		return send_error(c, MHD_HTTP_FORBIDDEN,
		                  "outside the folder served");
	const char *path = url + 1;
	if (*path == '\0') {
		pthread_mutex_lock(&s->lock);
		char *page = index_page(s);
		pthread_mutex_unlock(&s->lock);
		return send_text(c, MHD_HTTP_OK, "text/html; charset=utf-8", page);
	}
	if (strcmp(path, "events") == 0)
		return send_events(c, s);
	if (strchr(path, '/'))
		return send_error(c, MHD_HTTP_NOT_FOUND,
		                  "only the reports of the folder are served");
	/* NAME.LANG.pdf, NAME.LANG or NAME. */
	char *name = xstrdup(path);
	size_t n = strlen(name);
	int pdf = n > 4 && strcmp(name + n - 4, ".pdf") == 0;
	if (pdf)
		name[n - 4] = '\0';
	char *dot = strrchr(name, '.');
	char *lang = NULL;
	enum MHD_Result ret;
	pthread_mutex_lock(&s->lock);
	const report *r = pdf ? NULL : find_report(s, name);
	if (!r && dot) {
		*dot = '\0';
		lang = dot + 1;
		r = find_report(s, name);
		if (r && !has_lang(r, lang))
			r = NULL;
	}
	if (r && pdf) {
		pthread_mutex_unlock(&s->lock);
		ret = send_pdf(c, s, name, lang);
	} else if (r) {
		char first[sizeof(r->langs)];
		memcpy(first, r->langs, sizeof(first));
		char *sp = strchr(first, ' ');
		if (sp)
			*sp = '\0';
		if (!lang && !first[0]) {
			pthread_mutex_unlock(&s->lock);
			free(name);
			return send_error(c, MHD_HTTP_NOT_FOUND,
			                  "the report could not be read yet");
		}
		char *page = report_page(s, r, lang ? lang : first);
		pthread_mutex_unlock(&s->lock);
		ret = send_text(c, MHD_HTTP_OK, "text/html; charset=utf-8", page);
	} else {
		pthread_mutex_unlock(&s->lock);
		/* A report that is a link out of the folder is not listed;
		 * asked for by name, it is refused as such. */
		char *file = xasprintf("%s/%s.yaml", s->dir, path);
		struct stat st;
		int out = lstat(file, &st) == 0 && S_ISLNK(st.st_mode) &&
		          !inside(file, s->real);
		free(file);
		ret = out ? send_error(c, MHD_HTTP_FORBIDDEN,
		                       "outside the folder served")
		          : send_error(c, MHD_HTTP_NOT_FOUND, "no such report");
	}
	free(name);
	return ret;
}

/* ---- listening ---- */

/* A socket listening on host:port; its URL in url. -1 after saying why
 * (*usage: the address or port is the user's to change). */
static int
listen_on(const char *host, int port, char *url, size_t urlsize,
          int *local, int *usage)
{
	struct addrinfo hints, *res = NULL;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	char ps[16];
	snprintf(ps, sizeof(ps), "%d", port);
	*usage = 1;
	int err = getaddrinfo(host, ps, &hints, &res);
	if (err != 0) {
		fprintf(stderr, "carec-report: cannot listen on '%s': %s\n", host,
		        gai_strerror(err));
		return -1;
	}
	int fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC,
	                res->ai_protocol);
	int one = 1;
	if (fd >= 0)
		(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (fd < 0 || bind(fd, res->ai_addr, res->ai_addrlen) != 0 ||
	    listen(fd, 32) != 0) {
		int e = errno;
		if (e == EADDRINUSE)
			fprintf(stderr, "carec-report: port %d on %s is taken by "
			        "another program; stop that one, or pick another "
			        "port with --port N (--port 0: any free port)\n",
			        port, host);
		else if (e == EACCES)
			fprintf(stderr, "carec-report: port %d needs the "
			        "administrator (ports below 1024 do); pick one "
			        "above 1024 with --port N\n", port);
		else if (e == EADDRNOTAVAIL)
			fprintf(stderr, "carec-report: %s is not an address of "
			        "this computer; leave out --host, or give one of "
			        "its own\n", host);
		else
			fprintf(stderr, "carec-report: cannot listen on %s port "
			        "%d: %s\n", host, port, strerror(e)), *usage = 0;
		if (fd >= 0)
			close(fd);
		freeaddrinfo(res);
		return -1;
	}
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char addr[INET6_ADDRSTRLEN] = "?";
	int bound = port;
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0) {
		if (ss.ss_family == AF_INET) {
			struct sockaddr_in *in = (struct sockaddr_in *)&ss;
			inet_ntop(AF_INET, &in->sin_addr, addr, sizeof(addr));
			bound = ntohs(in->sin_port);
			*local = (ntohl(in->sin_addr.s_addr) >> 24) == 127;
		} else if (ss.ss_family == AF_INET6) {
			struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
			inet_ntop(AF_INET6, &in6->sin6_addr, addr, sizeof(addr));
			bound = ntohs(in6->sin6_port);
			*local = IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
		}
	}
	snprintf(url, urlsize, ss.ss_family == AF_INET6 ? "http://[%s]:%d/"
	                                                : "http://%s:%d/",
	         addr, bound);
	freeaddrinfo(res);
	return fd;
}

/* ---- the loop ---- */

/* What a change means: a report's file, or the folder's list. */
typedef struct change_ctx {
	server *s;
	int rescan, any;
} change_ctx;

static void
on_change(void *ctx, const char *key)
{
	change_ctx *cc = ctx;
	server *s = cc->s;
	size_t n = strlen(s->real);
	if (!key || (strncmp(key, s->real, n) == 0 && key[n] == '/' &&
	             !strchr(key + n + 1, '/') && strlen(key + n + 1) > 5 &&
	             strcmp(key + strlen(key) - 5, ".yaml") == 0)) {
		cc->rescan = 1;
		cc->any = 1;
	}
	/* Only the main thread changes the list: no lock to read it. */
	for (size_t i = 0; i < s->nreports; i++) {
		if (!key || fileset_has(&s->reports[i]->files, key)) {
			s->reports[i]->pending = 1;
			cc->any = 1;
		}
	}
}

static void
build_pending(server *s)
{
	for (size_t i = 0; i < s->nreports; i++)
		if (s->reports[i]->pending)
			build_report(s, s->reports[i]);
}

/* Remove the server's folder of PDFs and what is in it. */
static void
remove_out(const char *out)
{
	DIR *d = opendir(out);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *p = xasprintf("%s/%s", out, e->d_name);
		(void)unlink(p);
		free(p);
	}
	if (d)
		closedir(d);
	(void)rmdir(out);
}

static int
serve_loop(server *s, int sig)
{
	int pending = 0, rescan = 0;
	long long first = 0, last = 0;
	for (;;) {
		int timeout = watch_timeout(pending, first, last);
		struct pollfd p[2] = {{sig, POLLIN, 0},
		                      {watcher_fd(s->w), POLLIN, 0}};
		int n = poll(p, 2, timeout);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "carec-report: cannot wait for changes: %s\n",
			        strerror(errno));
			return EXIT_SYSTEM;
		}
		if (p[0].revents) {
			struct signalfd_siginfo si;
			(void)!read(sig, &si, sizeof(si));
			fprintf(stderr, "carec-report: stopped serving\n");
			return EXIT_OK;
		}
		if (p[1].revents) {
			change_ctx cc = {s, 0, 0};
			(void)watcher_read(s->w, on_change, &cc);
			rescan |= cc.rescan;
			if (cc.any) {
				last = watch_now_ms();
				if (!pending)
					first = last;
				pending = 1;
			}
			continue;
		}
		if (pending) {
			/* Once the writing has stopped: a file being written may
			 * be empty a moment, and no report then. */
			if (rescan)
				scan(s);
			pending = rescan = 0;
			build_pending(s);
		}
	}
}

/* Find libmicrohttpd's function name into *fn (POSIX's way of storing
 * what dlsym gives in a function pointer). Return 0, or -1. */
static int
mhd_sym(void *lib, const char *name, void *fn)
{
	void *f = dlsym(lib, name);
	memcpy(fn, &f, sizeof(f));
	return f ? 0 : -1;
}

/* Load libmicrohttpd (once). Return 0, or -1 after saying why. */
static int
mhd_load(void)
{
	if (mhd.start_daemon)
		return 0;
	void *lib = dlopen(MHD_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!lib ||
	    mhd_sym(lib, "MHD_stop_daemon", &mhd.stop_daemon) ||
	    mhd_sym(lib, "MHD_create_response_from_buffer",
	            &mhd.create_response_from_buffer) ||
	    mhd_sym(lib, "MHD_create_response_from_callback",
	            &mhd.create_response_from_callback) ||
	    mhd_sym(lib, "MHD_create_response_from_fd",
	            &mhd.create_response_from_fd) ||
	    mhd_sym(lib, "MHD_destroy_response", &mhd.destroy_response) ||
	    mhd_sym(lib, "MHD_add_response_header", &mhd.add_response_header) ||
	    mhd_sym(lib, "MHD_queue_response", &mhd.queue_response) ||
	    mhd_sym(lib, "MHD_lookup_connection_value",
	            &mhd.lookup_connection_value) ||
	    mhd_sym(lib, "MHD_start_daemon", &mhd.start_daemon)) {
		fprintf(stderr, "carec-report: serve needs the web server "
		        "library %s: %s\nnote: install it (Debian: apt-get "
		        "install libmicrohttpd12)\n", MHD_SONAME,
		        dlerror());
		mhd.start_daemon = NULL;
		return -1;
	}
	return 0;
}

int
cli_serve(const cli_options *opt)
{
	if (mhd_load() != 0)
		return EXIT_SYSTEM;
	const char *dir = opt->input ? opt->input : ".";
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "carec-report: serve shows the reports of a "
		        "folder; '%s' is not one%s\n", dir,
		        opt->input && strstr(opt->input, ".yaml")
		                ? " (give the folder the report is in)"
		                : "");
		return EXIT_USAGE;
	}
	int sig = watch_signals();
	if (sig < 0) {
		fprintf(stderr, "carec-report: cannot wait for Ctrl-C: %s\n",
		        strerror(errno));
		return EXIT_SYSTEM;
	}
	char url[128];
	int local = 0, usage = 0;
	const char *host = opt->host ? opt->host : "127.0.0.1";
	int fd = listen_on(host, opt->port >= 0 ? opt->port : DEFAULT_PORT,
	                   url, sizeof(url), &local, &usage);
	if (fd < 0) {
		close(sig);
		return usage ? EXIT_USAGE : EXIT_SYSTEM;
	}
	server s;
	memset(&s, 0, sizeof(s));
	/* The reports are built from their folder, so that their messages
	 * name them as the folder shows them (broken.yaml:5:5): the paths
	 * given relative to here are made absolute first. */
	cli_options o = *opt;
	char *allowed[16] = {NULL};
	for (int i = 0; i < o.nallow_paths; i++) {
		allowed[i] = realpath(o.allow_paths[i], NULL);
		if (allowed[i])
			o.allow_paths[i] = allowed[i];
	}
	s.opt = &o;
	s.local = local;
	pthread_mutex_init(&s.lock, NULL);
	pthread_cond_init(&s.changed, NULL);
	s.dir = xstrdup(".");
	s.real = realpath(dir, NULL);
	const char *tmp = getenv("TMPDIR");
	s.out = xasprintf("%s/carec-serve-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	s.w = watcher_new();
	int rc = EXIT_SYSTEM;
	struct MHD_Daemon *d = NULL;
	char *out = NULL;
	if (!s.real || !s.w || !mkdtemp(s.out) ||
	    !(out = realpath(s.out, NULL)) || chdir(s.real) != 0) {
		fprintf(stderr, "carec-report: cannot start: %s\n",
		        strerror(errno));
		close(fd);
		if (!out && s.out && s.out[strlen(s.out) - 1] != 'X')
			(void)rmdir(s.out);
		free(s.out);
		s.out = out;
		goto done;
	}
	free(s.out);
	s.out = out;
	if (watcher_add_dir(s.w, s.real) != 0)
		fprintf(stderr, "carec-report: cannot watch '%s' for new "
		        "reports: %s\n", dir, strerror(errno));
	scan(&s);
	build_pending(&s);
	d = mhd.start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
	                             MHD_USE_THREAD_PER_CONNECTION |
	                             MHD_USE_POLL,
	                     0, NULL, NULL, answer, &s,
	                     MHD_OPTION_LISTEN_SOCKET, fd,
	                     MHD_OPTION_CONNECTION_LIMIT, (unsigned)64,
	                     MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "carec-report: cannot start the web server "
		        "(libmicrohttpd)\n");
		close(fd);
		goto done;
	}
	printf("carec-report: serving %zu report%s of %s at %s (Ctrl-C "
	       "stops)\n", s.nreports, s.nreports == 1 ? "" : "s", dir, url);
	fflush(stdout);
	rc = serve_loop(&s, sig);
	pthread_mutex_lock(&s.lock);
	s.stopping = 1;
	pthread_cond_broadcast(&s.changed);
	pthread_mutex_unlock(&s.lock);
	mhd.stop_daemon(d);
done:
	for (size_t i = 0; i < s.nreports; i++)
		report_free(s.reports[i]);
	free(s.reports);
	for (size_t i = 0; i < EVENTS_KEPT; i++)
		free(s.events[i]);
	if (s.out)
		remove_out(s.out);
	free(s.out);
	free(s.real);
	free(s.dir);
	watcher_free(s.w);
	pthread_cond_destroy(&s.changed);
	pthread_mutex_destroy(&s.lock);
	for (int i = 0; i < o.nallow_paths; i++)
		free(allowed[i]);
	close(sig);
	return rc;
}
