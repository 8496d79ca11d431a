/*
 * datadir.h - where the program's own data is: the fonts, the hyphenation
 * patterns, the CAREC theme with its logo, and the CMYK profile of the
 * print PDF.
 *
 * Any module may include this. The data folder is found relative to the
 * running binary, never through the source tree, so that an installed or
 * relocated copy works:
 *   1. $CAREC_DATA_DIR, when set and not empty (tests, packagers);
 *   2. BINDIR/../share/carec-report (an install: PREFIX/bin/carec-report;
 *      CMake's CAREC_DATA_FROM_BIN when GNUInstallDirs were changed);
 *   3. BINDIR/share/carec-report (the build tree: build/carec-report,
 *      beside which the build stages the data).
 * The first that is a folder wins; the answer is kept for the process.
 * Without one, the program cannot run (the CLI says where it looked:
 * data_dir_places).
 */
#ifndef CAREC_UTIL_DATADIR_H
#define CAREC_UTIL_DATADIR_H

/* The data folder (an absolute path, or $CAREC_DATA_DIR as given), or NULL
 * when none of the places above is a folder. Borrowed: do not free. */
const char *data_dir(void);

/* A newly allocated DATA_DIR/rel, or NULL when there is no data folder.
 * The caller frees it. */
char *data_path(const char *rel);

/* The places data_dir looks in, newly allocated, one a line, each line
 * starting with two spaces and naming what it is; for a message when
 * data_dir() is NULL. The caller frees it. */
char *data_dir_places(void);

#endif
