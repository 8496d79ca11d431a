/*
 * sanitizer.c - default options for the sanitized build of carec-report.
 *
 * The CLI's exit code 1 means "the input has errors", which is also what
 * AddressSanitizer, LeakSanitizer and UBSan exit with by default. A test
 * that expects exit 1 for a bad report would then pass over a leak or
 * undefined behaviour on that very error path. So a sanitized CLI stops
 * at the first report and exits with SANITIZER_EXIT, which no test
 * expects. ASAN_OPTIONS and UBSAN_OPTIONS still override these per key.
 *
 * The runtimes look these functions up by name when the program starts;
 * they must live in the executable itself (a static library's object is
 * only linked when referenced).
 */
#if defined(__SANITIZE_ADDRESS__)
#define CAREC_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CAREC_SANITIZED 1
#endif
#endif

#ifdef CAREC_SANITIZED

/* 23: not an exit code of carec-report (0 to 3), nor a signal's 128+N. */
#define SANITIZER_EXIT "23"

/* Read by AddressSanitizer (and its LeakSanitizer) at start-up. */
const char *__asan_default_options(void);
/* Read by UndefinedBehaviorSanitizer at start-up. */
const char *__ubsan_default_options(void);

const char *
__asan_default_options(void)
{
	return "halt_on_error=1:detect_leaks=1:exitcode=" SANITIZER_EXIT;
}

const char *
__ubsan_default_options(void)
{
	return "halt_on_error=1:print_stacktrace=1:exitcode=" SANITIZER_EXIT;
}

#else

/* ISO C wants at least one declaration in a translation unit. */
typedef int sanitizer_unused;

#endif
