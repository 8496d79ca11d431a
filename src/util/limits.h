/*
 * limits.h - every structural limit of carec-report, with its reason.
 *
 * Any module may include this. Limits are structural (sizes and counts),
 * never wall-clock timers, so a build is deterministic: the same input hits
 * the same limit on every machine. Each limit, when hit, is an error
 * diagnostic (DIAG_LIMIT) that names the limit and the place.
 *
 * Each value may be overridden at compile time (-DLIMIT_...=N) only for
 * the test build that exercises limits too large to reach cheaply.
 */
#ifndef CAREC_UTIL_LIMITS_H
#define CAREC_UTIL_LIMITS_H

/* Largest YAML file read. The biggest real report is a few hundred KB;
 * the benchmark's 5000-page report is about 25 MB. Anything larger is
 * almost surely not a report, and reading it whole would cost memory. */
#ifndef LIMIT_FILE_BYTES
#define LIMIT_FILE_BYTES (64L * 1024 * 1024)
#endif

/* Deepest nesting of mappings and sequences. Reports nest a few levels
 * (document > blocks > list > items > list ...); recursion over the node
 * tree uses the C stack, so depth must stay far below what it can hold. */
#ifndef LIMIT_NESTING_DEPTH
#define LIMIT_NESTING_DEPTH 64
#endif

/* Deepest chain of includes. Shared content is included one or two levels
 * deep; a long chain is a mistake, and each level holds a file open. */
#ifndef LIMIT_INCLUDE_DEPTH
#define LIMIT_INCLUDE_DEPTH 16
#endif

/* Most files loaded by one report (includes, counted once each). */
#ifndef LIMIT_INCLUDE_FILES
#define LIMIT_INCLUDE_FILES 1024
#endif

/* Most nodes created by expanding aliases, summed over a load. An alias
 * copies its anchor's subtree; nested aliases multiply ("billion laughs"),
 * so a few lines could otherwise ask for gigabytes. Real reports alias a
 * handful of small nodes. */
#ifndef LIMIT_ALIAS_NODES
#define LIMIT_ALIAS_NODES 100000L
#endif

/* Most nodes in one load (all files), aliases included. The benchmark's
 * 5000-page report has about 1.5 million nodes. */
#ifndef LIMIT_TOTAL_NODES
#define LIMIT_TOTAL_NODES 8000000L
#endif

/* Longest single scalar. A paragraph is a few KB; this bounds the cost of
 * one string in every later stage. */
#ifndef LIMIT_SCALAR_BYTES
#define LIMIT_SCALAR_BYTES (1L * 1024 * 1024)
#endif

/* Most pages in one document. Beyond this a report is a runaway (a block
 * that never fits); libharu's page tree also slows down. */
#ifndef LIMIT_PAGES
#define LIMIT_PAGES 20000
#endif

/* Largest list nesting, heading level and similar small structural sizes
 * are checked by the schema itself (model.h). */

#endif
