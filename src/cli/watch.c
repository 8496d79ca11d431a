/* watch.c - carec-report watch: build, then again whenever a file the
 * report reads changes (see cli.h, watcher.h). */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/watcher.h"

/* What a change to one file means: whether it is one of the set's, and
 * the first such file, for the message. */
typedef struct changes {
	const fileset *fs;
	int hit;
	char first[256];
} changes;

static void
on_change(void *ctx, const char *key)
{
	changes *c = ctx;
	if (key && !fileset_has(c->fs, key))
		return;
	if (!c->hit)
		snprintf(c->first, sizeof(c->first), "%s",
		         key ? key : "some files");
	c->hit = 1;
}

/* The local time of day as HH:MM:SS, for the messages. */
static void
clock_text(char out[16])
{
	time_t t = time(NULL);
	struct tm tm;
	if (!localtime_r(&t, &tm) || strftime(out, 16, "%H:%M:%S", &tm) == 0)
		snprintf(out, 16, "--:--:--");
}

/* key as the user knows it: under the current folder, relative to it. */
static const char *
shown_key(const char *key)
{
	static char cwd[4096];
	if (!getcwd(cwd, sizeof(cwd)))
		return key;
	size_t n = strlen(cwd);
	if (strncmp(key, cwd, n) == 0 && key[n] == '/')
		return key + n + 1;
	return key;
}

/* Build opt's report once, noting what it reads in fs and watching their
 * folders; say how it went. Return the build's exit code. */
static int
build(const cli_options *opt, fileset *fs, watcher *w)
{
	fileset_clear(fs);
	fileset_note(fs, opt->input); /* the report, opened without a policy */
	cli_hooks h;
	memset(&h, 0, sizeof(h));
	h.color = -1;
	h.note = fileset_note;
	h.note_ctx = fs;
	long long t0 = watch_now_ms();
	int rc = cli_run_hooked(opt, &h);
	double took = (double)(watch_now_ms() - t0) / 1000;
	fileset_resolve(fs);
	int lost = watcher_add_set(w, fs);
	char now[16];
	clock_text(now);
	if (rc == EXIT_OK)
		fprintf(stderr, "carec-report: %s built %s (%s) in %.2f s",
		        now, opt->input, h.langs, took);
	else
		fprintf(stderr, "carec-report: %s %s has %s; the last good "
		        "PDF stays as it was", now, opt->input,
		        h.errors ? "errors" : "a problem");
	fprintf(stderr, "; watching %zu file%s (Ctrl-C stops)\n", fs->nkeys,
	        fs->nkeys == 1 ? "" : "s");
	if (lost)
		fprintf(stderr, "carec-report: cannot watch %d folder%s: %s; "
		        "a change there is not seen (raise fs.inotify."
		        "max_user_watches)\n", lost, lost == 1 ? "" : "s",
		        strerror(errno));
	return rc;
}

int
cli_watch(const cli_options *opt)
{
	int sig = watch_signals();
	if (sig < 0) {
		fprintf(stderr, "carec-report: cannot wait for Ctrl-C: %s\n",
		        strerror(errno));
		return EXIT_SYSTEM;
	}
	watcher *w = watcher_new();
	if (!w) {
		fprintf(stderr, "carec-report: cannot watch files (inotify): %s\n",
		        strerror(errno));
		close(sig);
		return EXIT_SYSTEM;
	}
	cli_options bo = *opt;
	bo.command = CMD_BUILD;
	fileset fs;
	fileset_init(&fs);
	int rc = build(&bo, &fs, w);
	int pending = 0;
	long long first = 0, last = 0;
	changes ch;
	while (rc != EXIT_USAGE) {
		int timeout = watch_timeout(pending, first, last);
		struct pollfd p[2] = {{sig, POLLIN, 0},
		                      {watcher_fd(w), POLLIN, 0}};
		int n = poll(p, 2, timeout);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "carec-report: cannot wait for changes: %s\n",
			        strerror(errno));
			rc = EXIT_SYSTEM;
			break;
		}
		if (p[0].revents) {
			struct signalfd_siginfo si;
			if (read(sig, &si, sizeof(si)) < 0)
				si.ssi_signo = 0;
			fprintf(stderr, "carec-report: stopped watching (%s)\n",
			        si.ssi_signo == SIGINT    ? "Ctrl-C"
			        : si.ssi_signo == SIGHUP  ? "SIGHUP"
			                                  : "SIGTERM");
			rc = EXIT_OK;
			break;
		}
		if (p[1].revents) {
			memset(&ch, 0, sizeof(ch));
			ch.fs = &fs;
			(void)watcher_read(w, on_change, &ch);
			if (ch.hit) {
				last = watch_now_ms();
				if (!pending) {
					first = last;
					fprintf(stderr, "carec-report: %s changed\n",
					        shown_key(ch.first));
				}
				pending = 1;
			}
			continue;
		}
		if (pending) {
			pending = 0;
			(void)build(&bo, &fs, w);
		}
	}
	fileset_free(&fs);
	watcher_free(w);
	close(sig);
	return rc;
}
