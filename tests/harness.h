/*
 * harness.h - a tiny unit-test harness. Tests include it; nothing else.
 *
 *   TEST(name) { CHECK(x == 1); CHECK_STR(a, "b"); CHECK_NEAR(x, 1.0, 0.01); }
 *   int main(void) { RUN(name); return harness_done(); }
 *
 * Prints "N passed, N failed" at the end; exits nonzero on any failure.
 */
#ifndef CAREC_TESTS_HARNESS_H
#define CAREC_TESTS_HARNESS_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int harness_passed, harness_failed, harness_current_failed;

#define TEST(name) static void name(void)

#define CHECK(cond)                                                        \
	do {                                                                   \
		if (!(cond)) {                                                     \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__,         \
			        __LINE__, #cond);                                      \
			harness_current_failed = 1;                                    \
		}                                                                  \
	} while (0)

#define CHECK_STR(a, b)                                                    \
	do {                                                                   \
		const char *ha_ = (a), *hb_ = (b);                                 \
		if (!ha_ || !hb_ || strcmp(ha_, hb_) != 0) {                       \
			fprintf(stderr, "%s:%d: CHECK_STR failed: %s\n  got:  %s\n"    \
			        "  want: %s\n", __FILE__, __LINE__, #a,                \
			        ha_ ? ha_ : "(null)", hb_ ? hb_ : "(null)");            \
			harness_current_failed = 1;                                    \
		}                                                                  \
	} while (0)

#define CHECK_NEAR(a, b, eps)                                              \
	do {                                                                   \
		double ha_ = (a), hb_ = (b);                                       \
		if (!(fabs(ha_ - hb_) <= (eps))) {                                 \
			fprintf(stderr, "%s:%d: CHECK_NEAR failed: %s = %g, want %g"   \
			        " +- %g\n", __FILE__, __LINE__, #a, ha_, hb_,          \
			        (double)(eps));                                        \
			harness_current_failed = 1;                                    \
		}                                                                  \
	} while (0)

#define RUN(name)                                                          \
	do {                                                                   \
		harness_current_failed = 0;                                        \
		name();                                                            \
		if (harness_current_failed) {                                      \
			harness_failed++;                                              \
			fprintf(stderr, "FAIL %s\n", #name);                           \
		} else {                                                           \
			harness_passed++;                                              \
		}                                                                  \
	} while (0)

static inline int
harness_done(void)
{
	printf("%d passed, %d failed\n", harness_passed, harness_failed);
	return harness_failed ? 1 : 0;
}

#endif
