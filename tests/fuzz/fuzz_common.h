/* fuzz_common.h - the fuzz targets' private project folder. */
#ifndef CAREC_TESTS_FUZZ_COMMON_H
#define CAREC_TESTS_FUZZ_COMMON_H

#include "util/paths.h"

/* Make (once) an empty project folder in /tmp, removed at exit. */
void fuzz_setup(void);
/* The name fuzzed YAML is loaded under, inside that folder. */
const char *fuzz_report_name(void);
/* The policy confining every path to that folder. */
const path_policy *fuzz_policy(void);

#endif
