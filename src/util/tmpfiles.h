/*
 * tmpfiles.h - the temporary files being written now, for a signal
 * handler that must remove them before the process stops.
 *
 * Any module that creates a named temporary file may include this (the
 * output files in util/outfile.c, the fonts' files in render/); the CLI's
 * signal handlers call tmpfiles_abandon. A file is registered by its
 * folder's descriptor and its name in that folder, copied into a fixed
 * slot, so that the handler reads no memory that may be freed meanwhile
 * and calls nothing but unlinkat (async-signal-safe).
 *
 * Renaming the files into place (the last step of a build) and removing
 * them on a signal exclude each other: tmpfiles_hold, before the renames,
 * and tmpfiles_abandon, in the handler, race for one atomic state. Once
 * held, a signal no longer removes anything: the build ends as it would
 * have. So a build stopped by a signal has replaced nothing.
 */
#ifndef CAREC_UTIL_TMPFILES_H
#define CAREC_UTIL_TMPFILES_H

/* Register the file `name` in the folder open as dirfd (AT_FDCWD: name
 * is a path), which must stay open until tmpfiles_forget. Return the slot
 * to forget it by, or -1 when every slot is taken or the name is too
 * long (the file is then not removed on a signal). Thread-safe. */
int tmpfiles_add(int dirfd, const char *name);

/* The file of slot (from tmpfiles_add; -1 is ignored) was renamed or
 * removed: a signal leaves it alone. */
void tmpfiles_forget(int slot);

/* For a signal handler: remove every registered file and return 1 (the
 * caller then stops the process), unless tmpfiles_hold came first: then
 * remove nothing and return 0. Async-signal-safe; later calls return 1
 * without removing anything again. */
int tmpfiles_abandon(void);

/* The registered files are complete and about to be renamed into place:
 * from now on tmpfiles_abandon removes nothing. Return 0; or -1 when a
 * signal handler is already removing them (the caller must rename
 * nothing: the process is about to stop). */
int tmpfiles_hold(void);

/* The renames after tmpfiles_hold are done (merge puts one file in place
 * after another): a signal removes the files registered from now on
 * again. Return 0; or -1 when a signal came while they were held (its
 * handler removed nothing and left the stopping to the caller, which
 * stops the process now). */
int tmpfiles_release(void);

#endif
