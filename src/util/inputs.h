/*
 * inputs.h - the files this run has read, by identity (device and inode),
 * so that an output is never written over one of them.
 *
 * Any module that opens a file the report reads (the report, its
 * includes, fonts, images, SVG drawings) notes it here as it opens it;
 * the CLI asks before it writes. Identity, not the name: a link, a
 * second hard link or a path spelt another way is the same file.
 * Thread-safe (the layout's worker threads open files too).
 */
#ifndef CAREC_UTIL_INPUTS_H
#define CAREC_UTIL_INPUTS_H

#include <sys/stat.h>

/* The file open as fd has been read (or is about to be). */
void inputs_note_fd(int fd);

/* The file st describes (from stat or fstat) has been read. */
void inputs_note_stat(const struct stat *st);

/* Has the file of device dev and inode ino been noted? */
int inputs_contains(unsigned long long dev, unsigned long long ino);

/* Forget every file noted (for tests that run several builds). */
void inputs_clear(void);

#endif
